//! Keeping glossary terms intact through machine translation.
//!
//! Engines translate, move or drop what they do not understand, so a term's house rendering is put in after
//! translation instead of hoped for. Per engine, one of three strategies ([`Strategy`]):
//!
//! - [`Strategy::InlineTags`]: each term becomes `<x id="n"/>` (engines that keep inline tags, such as Apertium
//!   in HTML mode); the rest of the text is XML-escaped for them and unescaped afterwards.
//! - [`Strategy::Placeholders`]: each term becomes a token `⟦Tn⟧` (plain-text engines). The weakest: engines
//!   are documented to translate, space out or drop such tokens.
//! - [`Strategy::EngineGlossary`]: the text goes unchanged and the engine gets (source, target) pairs for its own
//!   glossary (DeepL, Google v3, an LLM prompt); nothing to restore.
//! - [`Strategy::TargetInSource`]: each term is replaced in the source by its target rendering (embedded subword
//!   NMT such as OPUS-MT, which copies foreign words through and cuts `⟦T1⟧` into pieces it then mangles);
//!   nothing to restore, and verification is all there is: the model may still translate, inflect, reorder or
//!   drop the copied words (more likely for long renderings and for characters its source vocabulary lacks),
//!   and the words around a copied term may be translated as if it were absent. Such segments fail
//!   verification and go on to the next strategy or to translators; a term that comes out verbatim in a wrong
//!   place is not detected.
//!
//! Whatever the strategy, [`restore`] then [`verify`]: every marker came back exactly once, every term's target
//! rendering is present as often as the terms put it there, no forbidden rendering appears. A failure names the
//! term and the reason; the pipeline retries with the next strategy of [`strategies_for`] and, when none
//! survives, flags the segment for translators.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use super::matcher::{expand, fillers};
use super::{Glossary, Hit, Status};
use crate::engine::MarkupSupport;
use crate::formats::xml::escape_text;

/// How terms are carried through an engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    EngineGlossary,
    InlineTags,
    TargetInSource,
    Placeholders,
}

impl Strategy {
    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::EngineGlossary => "engine-glossary",
            Strategy::InlineTags => "inline-tags",
            Strategy::TargetInSource => "target-in-source",
            Strategy::Placeholders => "placeholders",
        }
    }
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The strategies to try for an engine, best first. An engine-side glossary is preferred for titles (the
/// engine can inflect and place them); tags beat bare tokens wherever markup survives.
pub fn strategies_for(markup: MarkupSupport, engine_has_glossary: bool) -> Vec<Strategy> {
    let mut out = Vec::new();
    if engine_has_glossary {
        out.push(Strategy::EngineGlossary);
    }
    match markup {
        MarkupSupport::InlineTags | MarkupSupport::Html => out.extend([Strategy::InlineTags, Strategy::Placeholders]),
        MarkupSupport::TargetTerms => out.extend([Strategy::TargetInSource, Strategy::Placeholders]),
        MarkupSupport::None => out.push(Strategy::Placeholders),
    }
    out
}

/// One term to keep: a byte span of the source and the rendering that must come out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermSpan {
    pub byte_start: usize,
    pub byte_end: usize,
    /// Glossary entry id (for messages).
    pub entry: String,
    pub target: String,
    /// Renderings that must not appear for this term.
    pub forbidden: Vec<String>,
}

/// The spans of `hits` that have a rendering in `lang` (channel overrides applied for entries without slots),
/// with the forbidden renderings of their entries (the `forbidden` column and forbidden rows of the same term).
pub fn term_spans(hits: &[Hit], glossary: &Glossary, lang: &str, channel: Option<&str>) -> Vec<TermSpan> {
    let mut forbidden_by_vi: HashMap<&str, Vec<String>> = HashMap::new();
    for e in &glossary.entries {
        if e.status == Status::Forbidden {
            if let Some(t) = e.targets.get(lang) {
                forbidden_by_vi.entry(e.vi.as_str()).or_default().push(t.clone());
            }
        }
    }
    hits.iter()
        .filter_map(|hit| {
            let entry = glossary.get(&hit.entry);
            let target = match entry {
                Some(e) if hit.slots.is_empty() && hit.kind != super::Kind::Document => {
                    e.target_for(lang, channel).map(str::to_string)
                }
                _ => hit.targets.get(lang).cloned(),
            }?;
            let mut forbidden = Vec::new();
            if let Some(e) = entry {
                if lang == "en" {
                    forbidden.extend(e.forbidden.iter().cloned());
                }
                forbidden.extend(forbidden_by_vi.get(e.vi.as_str()).into_iter().flatten().cloned());
            }
            forbidden.retain(|f| !f.is_empty() && *f != target && !target.contains(f.as_str()));
            Some(TermSpan {
                byte_start: hit.byte_start,
                byte_end: hit.byte_end,
                entry: hit.entry.to_string(),
                target,
                forbidden,
            })
        })
        .collect()
}

/// One protected term of a segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProtectedTerm {
    /// 1-based number used in the marker.
    pub id: usize,
    pub entry: String,
    /// The source text of the term.
    pub source: String,
    pub target: String,
    pub forbidden: Vec<String>,
    /// What stands for the term in the text sent to the engine (the source itself for an engine glossary, the
    /// target rendering for target-in-source).
    pub marker: String,
}

/// A segment ready for an engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Protected {
    pub strategy: Strategy,
    /// The text to send.
    pub text: String,
    pub terms: Vec<ProtectedTerm>,
}

impl Protected {
    /// (source, target) pairs of this segment's terms, for engines given a per-request glossary.
    pub fn glossary_pairs(&self) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for t in &self.terms {
            if !pairs.iter().any(|(s, _)| *s == t.source) {
                pairs.push((t.source.clone(), t.target.clone()));
            }
        }
        pairs
    }
}

/// The marker of term `id` under `strategy`.
pub fn marker(strategy: Strategy, id: usize) -> String {
    match strategy {
        Strategy::InlineTags => format!("<x id=\"{id}\"/>"),
        Strategy::Placeholders => format!("⟦T{id}⟧"),
        Strategy::EngineGlossary | Strategy::TargetInSource => String::new(),
    }
}

/// Replaces each span of `source` by its marker. Spans must be sorted and not overlap (as [`super::Matcher::find`]
/// returns them); a span that overlaps the previous one or is not on character boundaries is left as text.
pub fn protect(source: &str, spans: &[TermSpan], strategy: Strategy) -> Protected {
    let escape = |s: &str| if strategy == Strategy::InlineTags { escape_text(s) } else { s.to_string() };
    let mut text = String::with_capacity(source.len() + spans.len() * 8);
    let mut terms = Vec::new();
    let mut pos = 0;
    for span in spans {
        let usable = span.byte_start >= pos
            && span.byte_start < span.byte_end
            && source.is_char_boundary(span.byte_start)
            && source.get(span.byte_start..span.byte_end).is_some();
        if !usable {
            continue;
        }
        let id = terms.len() + 1;
        let term_source = &source[span.byte_start..span.byte_end];
        let mark = match strategy {
            Strategy::EngineGlossary => term_source.to_string(),
            Strategy::TargetInSource => span.target.clone(),
            _ => marker(strategy, id),
        };
        text.push_str(&escape(&source[pos..span.byte_start]));
        text.push_str(&if strategy == Strategy::EngineGlossary { escape(term_source) } else { mark.clone() });
        terms.push(ProtectedTerm {
            id,
            entry: span.entry.clone(),
            source: term_source.to_string(),
            target: span.target.clone(),
            forbidden: span.forbidden.clone(),
            marker: mark,
        });
        pos = span.byte_end;
    }
    text.push_str(&escape(&source[pos..]));
    Protected { strategy, text, terms }
}

/// Why a segment's terms did not survive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum ProtectionFailure {
    /// The engine dropped the term's tag or token.
    #[error("{}", crate::t!("glossary-protect-marker-missing", entry = entry.clone(), marker = marker.clone()))]
    MarkerMissing { entry: String, marker: String },
    /// The engine repeated the term's tag or token.
    #[error("{}", crate::t!("glossary-protect-marker-repeated", entry = entry.clone(), marker = marker.clone(), count = *count))]
    MarkerRepeated { entry: String, marker: String, count: usize },
    /// A marker the segment did not contain, or a damaged one, is left in the output.
    #[error("{}", crate::t!("glossary-protect-marker-stray", text = text.clone()))]
    StrayMarker { text: String },
    /// The term's rendering is not in the output, or not as often as the source needs it.
    #[error("{}", crate::t!("glossary-protect-target-count", entry = entry.clone(), target = target.clone(), expected = *expected, found = *found))]
    TargetCount { entry: String, target: String, expected: usize, found: usize },
    /// A rendering forbidden for the term is in the output.
    #[error("{}", crate::t!("glossary-protect-forbidden", entry = entry.clone(), rendering = rendering.clone()))]
    Forbidden { entry: String, rendering: String },
}

fn tag_regex() -> &'static Regex {
    // Engines rewrite tags a little: quotes, spaces, `<x id="1"></x>`, upper case.
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"(?i)<\s*x\s+id\s*=\s*["']?(\d+)["']?\s*/?\s*>(?:\s*<\s*/\s*x\s*>)?"#).expect("static regex")
    })
}

fn token_regex() -> &'static Regex {
    // Spaces may be put inside the brackets, and the letter may change case.
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"⟦\s*[Tt]\s*(\d+)\s*⟧").expect("static regex"))
}

/// Leftovers that look like a damaged marker ("⟦T1", "x id=").
fn stray_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r#"⟦|⟧|(?i)<\s*/?\s*x\b[^>]*>?"#).expect("static regex"))
}

/// The engine's output with each marker replaced by its term's target rendering (XML unescaped for inline
/// tags), and the marker failures met on the way.
pub fn restore(protected: &Protected, output: &str) -> (String, Vec<ProtectionFailure>) {
    let mut failures = Vec::new();
    let regex = match protected.strategy {
        Strategy::EngineGlossary | Strategy::TargetInSource => return (output.to_string(), failures),
        Strategy::InlineTags => tag_regex(),
        Strategy::Placeholders => token_regex(),
    };
    let by_id: BTreeMap<usize, &ProtectedTerm> = protected.terms.iter().map(|t| (t.id, t)).collect();
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    let mut restored = String::with_capacity(output.len());
    let mut pos = 0;
    for caps in regex.captures_iter(output) {
        let whole = caps.get(0).expect("group 0");
        let id: usize = caps[1].parse().unwrap_or(0);
        let between = &output[pos..whole.start()];
        restored.push_str(&unescape_if(protected.strategy, between));
        match by_id.get(&id) {
            Some(term) => {
                *counts.entry(id).or_default() += 1;
                restored.push_str(&term.target);
            }
            None => {
                failures.push(ProtectionFailure::StrayMarker { text: whole.as_str().to_string() });
                restored.push_str(whole.as_str());
            }
        }
        pos = whole.end();
    }
    restored.push_str(&unescape_if(protected.strategy, &output[pos..]));
    for term in &protected.terms {
        match counts.get(&term.id).copied().unwrap_or(0) {
            1 => {}
            0 => failures
                .push(ProtectionFailure::MarkerMissing { entry: term.entry.clone(), marker: term.marker.clone() }),
            n => failures.push(ProtectionFailure::MarkerRepeated {
                entry: term.entry.clone(),
                marker: term.marker.clone(),
                count: n,
            }),
        }
    }
    (restored, failures)
}

fn unescape_if(strategy: Strategy, text: &str) -> String {
    if strategy == Strategy::InlineTags {
        unescape_xml(text)
    } else {
        text.to_string()
    }
}

/// Undoes [`escape_text`] and decodes numeric references engines sometimes produce (`&#39;`).
fn unescape_xml(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let decoded = after.find(';').filter(|&semi| semi <= 10).and_then(|semi| {
            let name = &after[1..semi];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Occurrences of `needle` in `haystack`; an engine capitalizing the first letter at a sentence start still counts.
fn count_rendering(haystack: &str, needle: &str) -> usize {
    let exact = if needle.is_empty() { 0 } else { haystack.matches(needle).count() };
    match other_first_letter_case(needle) {
        Some(variant) => exact + haystack.matches(variant.as_str()).count(),
        None => exact,
    }
}

/// `text` with its first letter's case swapped ("the Provincial…" ↔ "The Provincial…"), or `None` when that
/// changes nothing: the variant of a rendering that an engine may write at a sentence start.
pub(crate) fn other_first_letter_case(text: &str) -> Option<String> {
    let mut chars = text.chars();
    let first = chars.next()?;
    let swapped: String =
        if first.is_lowercase() { first.to_uppercase().collect() } else { first.to_lowercase().collect() };
    let variant = format!("{swapped}{}", chars.as_str());
    (variant != text).then_some(variant)
}

/// Checks a restored translation: each term's rendering appears as many times as the terms put it there (a
/// rendering inside a longer one counts there too), stray markers are gone, no forbidden rendering appears.
pub fn verify(protected: &Protected, restored: &str) -> Vec<ProtectionFailure> {
    let mut failures = Vec::new();
    if !matches!(protected.strategy, Strategy::EngineGlossary | Strategy::TargetInSource) {
        for m in stray_regex().find_iter(restored) {
            failures.push(ProtectionFailure::StrayMarker { text: m.as_str().to_string() });
        }
    }
    let mut checked: Vec<&str> = Vec::new();
    for term in &protected.terms {
        if checked.contains(&term.target.as_str()) {
            continue;
        }
        checked.push(&term.target);
        let expected: usize = protected.terms.iter().map(|t| count_rendering(&t.target, &term.target)).sum();
        let found = count_rendering(restored, &term.target);
        if found != expected {
            failures.push(ProtectionFailure::TargetCount {
                entry: term.entry.clone(),
                target: term.target.clone(),
                expected,
                found,
            });
        }
        for f in &term.forbidden {
            if count_rendering(restored, f) > 0 {
                failures.push(ProtectionFailure::Forbidden { entry: term.entry.clone(), rendering: f.clone() });
            }
        }
    }
    failures
}

/// [`restore`] then [`verify`]: the final text, or every reason it cannot be used.
pub fn restore_and_verify(protected: &Protected, output: &str) -> Result<String, Vec<ProtectionFailure>> {
    let (restored, mut failures) = restore(protected, output);
    if failures.is_empty() {
        failures = verify(protected, &restored);
    }
    if failures.is_empty() {
        Ok(restored)
    } else {
        Err(failures)
    }
}

/// The glossary as (source, target) pairs for an engine-side glossary (DeepL, Google v3): approved entries with
/// a rendering in `lang`, slots expanded, channel overrides applied; no empty, padded, over-long (1024 bytes)
/// or duplicate sources, the first approved row winning.
pub fn engine_glossary_pairs(glossary: &Glossary, lang: &str, channel: Option<&str>) -> Vec<(String, String)> {
    const MAX_TERM_BYTES: usize = 1024;
    let fill = fillers(glossary);
    let mut seen = std::collections::HashSet::new();
    let mut pairs = Vec::new();
    for entry in glossary.entries.iter().filter(|e| e.status == Status::Approved) {
        let expansions = if entry.slots_used().is_empty() {
            match entry.target_for(lang, channel) {
                Some(t) => vec![(entry.vi.clone(), t.to_string())],
                None => Vec::new(),
            }
        } else {
            expand(entry, &fill)
                .into_iter()
                .filter_map(|(vi, targets, _)| targets.get(lang).map(|t| (vi, t.clone())))
                .collect()
        };
        for (vi, target) in expansions {
            let (vi, target) = (vi.trim().to_string(), target.trim().to_string());
            if vi.is_empty() || target.is_empty() || vi.len() > MAX_TERM_BYTES || target.len() > MAX_TERM_BYTES {
                continue;
            }
            if vi.contains(['\t', '\n', '\r']) || target.contains(['\t', '\n', '\r']) {
                continue;
            }
            if seen.insert(vi.clone()) {
                pairs.push((vi, target));
            }
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn span(source: &str, term: &str, entry: &str, target: &str) -> TermSpan {
        let start = source.find(term).expect("term in source");
        TermSpan {
            byte_start: start,
            byte_end: start + term.len(),
            entry: entry.into(),
            target: target.into(),
            forbidden: Vec::new(),
        }
    }

    const SOURCE: &str = "Chủ tịch HĐND tỉnh & Bí thư Tỉnh ủy dự họp.";

    fn spans() -> Vec<TermSpan> {
        vec![
            span(SOURCE, "HĐND", "acronym:hdnd", "People's Council"),
            span(SOURCE, "Bí thư Tỉnh ủy", "title:bi-thu-tinh-uy", "Secretary of the Provincial Party Committee"),
        ]
    }

    #[test]
    fn inline_tags_escape_the_rest_and_round_trip() {
        let p = protect(SOURCE, &spans(), Strategy::InlineTags);
        assert_eq!(p.text, "Chủ tịch <x id=\"1\"/> tỉnh &amp; <x id=\"2\"/> dự họp.");
        // An engine that reorders, rewrites quotes and closes the tag.
        let output = "<X id='2'></x> and the provincial <x id=\"1\" /> chairman &amp; co. attended.";
        let restored = restore_and_verify(&p, output).expect("terms survive");
        assert_eq!(
            restored,
            "Secretary of the Provincial Party Committee and the provincial People's Council chairman & co. attended."
        );
    }

    #[test]
    fn target_in_source_writes_renderings_and_verifies_them() {
        let p = protect(SOURCE, &spans(), Strategy::TargetInSource);
        assert_eq!(p.text, "Chủ tịch People's Council tỉnh & Secretary of the Provincial Party Committee dự họp.");
        assert_eq!(p.terms[0].marker, "People's Council");
        // Copied through: the output is the translation, nothing to restore; brackets are not taken for markers.
        let output =
            "The chair of the provincial People's Council [⟦] and the Secretary of the Provincial Party Committee attended.";
        assert_eq!(restore_and_verify(&p, output).unwrap(), output);
        // Translated or dropped by the model: the rendering is missing.
        let lost = "The provincial council chair and the Secretary of the Provincial Party Committee attended.";
        let failures = restore_and_verify(&p, lost).unwrap_err();
        assert_eq!(
            failures,
            [ProtectionFailure::TargetCount {
                entry: "acronym:hdnd".into(),
                target: "People's Council".into(),
                expected: 1,
                found: 0
            }]
        );
    }

    #[test]
    fn subword_engines_try_target_in_source_then_placeholders() {
        assert_eq!(
            strategies_for(MarkupSupport::TargetTerms, false),
            [Strategy::TargetInSource, Strategy::Placeholders]
        );
        assert_eq!(
            strategies_for(MarkupSupport::TargetTerms, true),
            [Strategy::EngineGlossary, Strategy::TargetInSource, Strategy::Placeholders]
        );
        assert_eq!(strategies_for(MarkupSupport::None, false), [Strategy::Placeholders]);
    }

    #[test]
    fn placeholders_round_trip_and_report_what_is_lost() {
        let p = protect(SOURCE, &spans(), Strategy::Placeholders);
        assert_eq!(p.text, "Chủ tịch ⟦T1⟧ tỉnh & ⟦T2⟧ dự họp.");
        assert!(restore_and_verify(&p, "Chair of ⟦ t1 ⟧ & ⟦T2⟧ met.").is_ok());
        let failures = restore_and_verify(&p, "Chair of ⟦T1⟧ & ⟦T1⟧ met.").unwrap_err();
        assert_eq!(
            failures,
            [
                ProtectionFailure::MarkerRepeated { entry: "acronym:hdnd".into(), marker: "⟦T1⟧".into(), count: 2 },
                ProtectionFailure::MarkerMissing { entry: "title:bi-thu-tinh-uy".into(), marker: "⟦T2⟧".into() },
            ]
        );
        let failures = restore_and_verify(&p, "Chair of ⟦T1⟧ ⟦T2⟧ ⟦T7⟧").unwrap_err();
        assert_eq!(failures, [ProtectionFailure::StrayMarker { text: "⟦T7⟧".into() }]);
    }

    #[test]
    fn engine_glossary_is_verified_on_the_rendering() {
        let mut terms = spans();
        terms[1].forbidden = vec!["Party Chief".into()];
        let p = protect(SOURCE, &terms, Strategy::EngineGlossary);
        assert_eq!(p.text, SOURCE);
        assert_eq!(p.glossary_pairs()[0], ("HĐND".to_string(), "People's Council".to_string()));
        let good = "The People's Council chair and the Secretary of the Provincial Party Committee attended.";
        assert_eq!(restore_and_verify(&p, good).as_deref(), Ok(good));
        let bad = "The provincial council chair and the Party Chief attended.";
        let failures = restore_and_verify(&p, bad).unwrap_err();
        assert!(failures.contains(&ProtectionFailure::TargetCount {
            entry: "acronym:hdnd".into(),
            target: "People's Council".into(),
            expected: 1,
            found: 0
        }));
        assert!(failures.contains(&ProtectionFailure::Forbidden {
            entry: "title:bi-thu-tinh-uy".into(),
            rendering: "Party Chief".into()
        }));
    }

    #[test]
    fn nested_renderings_and_sentence_case_count_right() {
        let source = "Tỉnh ủy và Bí thư Tỉnh ủy";
        let terms = vec![
            span(source, "Tỉnh ủy", "org:tinh-uy", "provincial Party Committee"),
            span(source, "Bí thư Tỉnh ủy", "title:bi-thu", "Secretary of the provincial Party Committee"),
        ];
        let p = protect(source, &terms, Strategy::Placeholders);
        // The short rendering is inside the long one: two occurrences expected, and "Provincial" at the start counts.
        let ok = restore_and_verify(&p, "⟦T1⟧ and ⟦T2⟧").unwrap();
        assert_eq!(ok, "provincial Party Committee and Secretary of the provincial Party Committee");
        let p2 = Protected { text: String::new(), ..p.clone() };
        assert!(verify(&p2, "Provincial Party Committee and Secretary of the provincial Party Committee").is_empty());
    }

    #[test]
    fn strategies_follow_capabilities() {
        assert_eq!(strategies_for(MarkupSupport::None, false), [Strategy::Placeholders]);
        assert_eq!(
            strategies_for(MarkupSupport::InlineTags, true),
            [Strategy::EngineGlossary, Strategy::InlineTags, Strategy::Placeholders]
        );
    }

    #[test]
    fn spans_and_engine_pairs_come_from_the_glossary() {
        let (g, issues) = Glossary::parse_str(
            "vi\ten\tkind\tstatus\tslot\tforbidden\ten@nodiacritics\n\
             Bí thư Tỉnh ủy {province}\tSecretary of the {province} Provincial Party Committee\ttitle\tapproved\t\t\t\n\
             Bình Thuận\tBinh Thuan\tplace\tapproved\tprovince\t\tBinh Thuan\n\
             Quốc hội\tNational Assembly\torganization\tapproved\t\tParliament\tNA\n\
             Quốc hội\tCongress\torganization\tforbidden\t\t\t\n",
            Path::new("g.tsv"),
        );
        assert!(issues.is_empty(), "{issues:?}");
        let text = "Bí thư Tỉnh ủy Bình Thuận gặp Quốc hội";
        let hits = g.matcher().find(text);
        let spans = term_spans(&hits, &g, "en", Some("nodiacritics"));
        assert_eq!(spans[0].target, "Secretary of the Binh Thuan Provincial Party Committee");
        assert_eq!(spans[1].target, "NA");
        assert_eq!(spans[1].forbidden, ["Parliament", "Congress"]);
        let pairs = engine_glossary_pairs(&g, "en", None);
        assert_eq!(
            pairs,
            [
                (
                    "Bí thư Tỉnh ủy Bình Thuận".to_string(),
                    "Secretary of the Binh Thuan Provincial Party Committee".to_string()
                ),
                ("Bình Thuận".to_string(), "Binh Thuan".to_string()),
                ("Quốc hội".to_string(), "National Assembly".to_string()),
            ]
        );
    }

    #[test]
    fn a_person_found_by_name_is_protected_and_never_translated() {
        let (mut g, _) = Glossary::parse_str("vi\ten\nphát biểu\tspoke\n", Path::new("g.tsv"));
        g.names.surnames.push("Lê".into());
        let text = "Bà Lê Thị Thu Hà phát biểu.";
        let spans = term_spans(&g.matcher().find(text), &g, "en", None);
        assert_eq!(spans[0].target, "Le Thi Thu Ha");
        let p = protect(text, &spans, Strategy::Placeholders);
        assert!(!p.text.contains("Thu Hà"), "{}", p.text);
        // An engine that "translates" the name (thu = autumn, hà = river) is caught.
        assert!(restore_and_verify(&p, "Ms. autumn river spoke.").is_err());
        assert_eq!(restore_and_verify(&p, "Ms. ⟦T1⟧ ⟦T2⟧.").unwrap(), "Ms. Le Thi Thu Ha spoke.");
    }

    #[test]
    fn entities_from_engines_are_decoded() {
        assert_eq!(unescape_xml("a &amp; b &#39;c&#x27; &bogus; &"), "a & b 'c' &bogus; &");
    }
}
