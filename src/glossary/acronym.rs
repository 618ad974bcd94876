//! The acronym policy of a channel: how an acronym hit ("HĐND", "VUFO") is rendered.
//!
//! - [`AcronymPolicy::Expand`]: always the expansion ("People's Council").
//! - [`AcronymPolicy::FirstMention`]: the expansion with the acronym in parentheses at the first mention
//!   ("People's Council (HDND)"), the acronym afterwards.
//! - [`AcronymPolicy::Keep`]: the acronym.
//!
//! Acronyms that the target language keeps (English writes VUFO; the entry's rendering contains the acronym,
//! "VUFO (Vietnam Union of Friendship Organizations)") are never replaced by their expansion alone: under
//! Expand they are introduced like under FirstMention. A Vietnamese acronym is written in a Latin target
//! without Đ (HĐND → HDND), like document codes. A mention of the acronym's expansion ("Liên hiệp các tổ chức
//! hữu nghị Việt Nam") or an inline definition ("… (ĐNND)") counts as the first mention.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{docref::english_code, Glossary, Hit, Kind};
use crate::text::key::match_key;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AcronymPolicy {
    Expand,
    FirstMention,
    Keep,
}

impl AcronymPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            AcronymPolicy::Expand => "expand",
            AcronymPolicy::FirstMention => "first-mention",
            AcronymPolicy::Keep => "keep",
        }
    }

    /// "expand", "first-mention" (or "first"), "keep".
    pub fn parse(value: &str) -> Option<AcronymPolicy> {
        Some(match value.trim().to_lowercase().as_str() {
            "expand" | "always-expand" => AcronymPolicy::Expand,
            "first-mention" | "first" | "expand-first" => AcronymPolicy::FirstMention,
            "keep" => AcronymPolicy::Keep,
            _ => return None,
        })
    }
}

impl fmt::Display for AcronymPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The two ways a target text can write an acronym entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcronymForms {
    /// The acronym as the target writes it ("VUFO", "HDND").
    pub acronym: String,
    /// The expansion in the target language ("Vietnam Union of Friendship Organizations").
    pub expansion: String,
    /// True when the entry's rendering itself uses the acronym (English keeps it).
    pub kept: bool,
}

/// Reads the forms from an acronym entry's source and rendering: "VUFO" + "VUFO (Vietnam Union of Friendship
/// Organizations)" → kept; "HĐND" + "People's Council" → acronym "HDND", not kept.
pub fn acronym_forms(acronym: &str, rendering: &str, lang: &str) -> AcronymForms {
    let rendering = rendering.trim();
    let in_parens = |inner: &str| format!("({inner})");
    let kept = rendering.split(|c: char| !c.is_alphanumeric()).any(|w| w == acronym);
    let written = if lang == "vi" { acronym.to_string() } else { english_code(acronym) };
    if kept {
        let expansion = rendering
            .strip_prefix(acronym)
            .map(|rest| rest.trim().trim_start_matches('(').trim_end_matches(')').trim().to_string())
            .or_else(|| rendering.strip_suffix(&in_parens(acronym)).map(|rest| rest.trim().to_string()))
            .filter(|e| !e.is_empty())
            .unwrap_or_else(|| rendering.to_string());
        AcronymForms { acronym: acronym.to_string(), expansion, kept }
    } else {
        AcronymForms { acronym: written, expansion: rendering.to_string(), kept }
    }
}

/// Rewrites the `lang` rendering of the acronym hits in `hits` (one text, in order) under `policy`.
pub fn apply_acronym_policy(hits: &mut [Hit], glossary: &Glossary, text: &str, policy: AcronymPolicy, lang: &str) {
    // Expansion key → acronym entry id, so that a mention of the expansion introduces the acronym.
    let by_expansion: HashMap<String, &str> = glossary
        .entries
        .iter()
        .filter(|e| e.kind == Kind::Acronym)
        .filter_map(|e| e.expansion.as_deref().map(|x| (match_key(x), e.id.as_str())))
        .collect();
    let mut introduced: HashSet<String> = HashSet::new();
    for hit in hits.iter_mut() {
        if hit.kind != Kind::Acronym {
            if let Some(id) = by_expansion.get(&match_key(&hit.text)) {
                introduced.insert(id.to_string());
            }
            continue;
        }
        let Some(rendering) = hit.targets.get(lang) else { continue };
        let forms = acronym_forms(&hit.text, rendering, lang);
        let first = introduced.insert(hit.entry.to_string());
        let rendered = if in_parentheses(text, hit) {
            // An inline definition: the expansion was just written in the source.
            forms.acronym.clone()
        } else {
            match (policy, forms.kept, first) {
                (AcronymPolicy::Keep, _, _) => forms.acronym.clone(),
                (AcronymPolicy::Expand, false, _) => forms.expansion.clone(),
                (_, _, true) => format!("{} ({})", forms.expansion, forms.acronym),
                (_, _, false) => forms.acronym.clone(),
            }
        };
        std::sync::Arc::make_mut(&mut hit.targets).insert(lang.to_string(), rendered);
    }
}

fn in_parentheses(text: &str, hit: &Hit) -> bool {
    let before = text.get(..hit.byte_start).map(str::trim_end).unwrap_or("");
    let after = text.get(hit.byte_end..).map(str::trim_start).unwrap_or("");
    before.ends_with('(') && after.starts_with(')')
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn glossary() -> Glossary {
        let (g, issues) = Glossary::parse_str(
            "vi\ten\tkind\tstatus\texpansion\n\
             HĐND\tPeople's Council\tacronym\tapproved\tHội đồng nhân dân\n\
             VUFO\tVUFO (Vietnam Union of Friendship Organizations)\tacronym\tapproved\tLiên hiệp các tổ chức hữu nghị Việt Nam\n\
             Liên hiệp các tổ chức hữu nghị Việt Nam\tVietnam Union of Friendship Organizations (VUFO)\torganization\tapproved\t\n\
             ĐNND\tpeople-to-people diplomacy\tacronym\tapproved\tđối ngoại nhân dân\n\
             đối ngoại nhân dân\tpeople-to-people diplomacy\tconcept\tapproved\t\n",
            Path::new("a.tsv"),
        );
        assert!(issues.is_empty(), "{issues:?}");
        g
    }

    fn rendered(text: &str, policy: AcronymPolicy) -> Vec<String> {
        let g = glossary();
        let mut hits = g.matcher().find(text);
        apply_acronym_policy(&mut hits, &g, text, policy, "en");
        hits.into_iter().map(|h| h.targets["en"].clone()).collect()
    }

    const TEXT: &str = "HĐND tỉnh họp với VUFO; HĐND và VUFO ký kết.";

    #[test]
    fn forms_tell_kept_acronyms_apart() {
        let vufo = acronym_forms("VUFO", "VUFO (Vietnam Union of Friendship Organizations)", "en");
        assert_eq!(
            (vufo.acronym.as_str(), vufo.expansion.as_str(), vufo.kept),
            ("VUFO", "Vietnam Union of Friendship Organizations", true)
        );
        let hdnd = acronym_forms("HĐND", "People's Council", "en");
        assert_eq!((hdnd.acronym.as_str(), hdnd.expansion.as_str(), hdnd.kept), ("HDND", "People's Council", false));
    }

    #[test]
    fn expand_always_expands_but_keeps_vufo() {
        assert_eq!(
            rendered(TEXT, AcronymPolicy::Expand),
            ["People's Council", "Vietnam Union of Friendship Organizations (VUFO)", "People's Council", "VUFO"]
        );
    }

    #[test]
    fn first_mention_introduces_then_abbreviates() {
        assert_eq!(
            rendered(TEXT, AcronymPolicy::FirstMention),
            ["People's Council (HDND)", "Vietnam Union of Friendship Organizations (VUFO)", "HDND", "VUFO"]
        );
    }

    #[test]
    fn keep_keeps() {
        assert_eq!(rendered(TEXT, AcronymPolicy::Keep), ["HDND", "VUFO", "HDND", "VUFO"]);
    }

    #[test]
    fn a_mention_of_the_expansion_or_an_inline_definition_introduces_the_acronym() {
        let text = "Liên hiệp các tổ chức hữu nghị Việt Nam và VUFO tỉnh";
        assert_eq!(rendered(text, AcronymPolicy::FirstMention)[1], "VUFO");
        let text = "công tác đối ngoại nhân dân (ĐNND) và ĐNND";
        assert_eq!(rendered(text, AcronymPolicy::FirstMention), ["people-to-people diplomacy", "DNND", "DNND"]);
        assert_eq!(rendered(text, AcronymPolicy::Expand)[2], "people-to-people diplomacy");
    }

    #[test]
    fn policy_names_parse() {
        assert_eq!(AcronymPolicy::parse("first-mention"), Some(AcronymPolicy::FirstMention));
        assert_eq!(AcronymPolicy::parse("Keep"), Some(AcronymPolicy::Keep));
        assert_eq!(AcronymPolicy::parse("sometimes"), None);
    }
}
