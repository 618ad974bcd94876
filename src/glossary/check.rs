//! Conflicts between glossary entries, for translators to review: each names both sides by file:line and
//! suggests a resolution. Error-level conflicts make `dich glossary check` fail.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::Serialize;

use super::matcher::Matcher;
use super::{Entry, Glossary, Kind, Status};
use crate::store::{TmEntry, TmState};
use crate::text::key::match_key;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConflictKind {
    /// The same Vietnamese term with different renderings.
    SameSourceDifferentTargets,
    /// Two spellings that collide after normalization (Ủy/Uỷ, case, NFD, spaces).
    NormalizationTwins,
    /// A term inside a longer term whose rendering does not contain the shorter term's rendering.
    NestedDisagreement,
    /// An acronym whose rendering disagrees with the entry of its expansion.
    AcronymExpansionDisagreement,
    /// Acronyms whose expansions lead back to themselves.
    CyclicAcronym,
    /// A rendering forbidden in one entry is the house rendering of another.
    ForbiddenUsedAsTarget,
    /// An entry with a slot that no entry fills.
    UnfilledSlot,
    /// An approved memory entry whose source contains a term but whose target lacks the term's rendering.
    MemoryContradiction,
}

impl ConflictKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ConflictKind::SameSourceDifferentTargets => "same-source-different-targets",
            ConflictKind::NormalizationTwins => "normalization-twins",
            ConflictKind::NestedDisagreement => "nested-disagreement",
            ConflictKind::AcronymExpansionDisagreement => "acronym-expansion-disagreement",
            ConflictKind::CyclicAcronym => "cyclic-acronym",
            ConflictKind::ForbiddenUsedAsTarget => "forbidden-used-as-target",
            ConflictKind::UnfilledSlot => "unfilled-slot",
            ConflictKind::MemoryContradiction => "memory-contradiction",
        }
    }
}

/// One conflict between two entries (or one entry and itself for unfilled slots).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    pub kind: ConflictKind,
    pub severity: Severity,
    pub entry: String,
    /// "file:line" of `entry`.
    pub location: String,
    pub other: Option<String>,
    pub other_location: Option<String>,
    /// What is wrong, in the UI language.
    pub message: String,
    /// What to do about it, in the UI language.
    pub suggestion: String,
}

/// Every conflict in `glossary`, errors first, then in file order.
pub fn check(glossary: &Glossary) -> Vec<Conflict> {
    check_with(glossary, &glossary.matcher())
}

/// [`check`] with the glossary's matcher already built (loading a glossary for a run builds one anyway).
pub fn check_with(glossary: &Glossary, matcher: &Matcher) -> Vec<Conflict> {
    let usable: Vec<&Entry> = glossary.entries.iter().filter(|e| e.status != Status::Forbidden).collect();
    let mut out = Vec::new();
    same_key_conflicts(&usable, &mut out);
    nested_conflicts(glossary, matcher, &usable, &mut out);
    acronym_conflicts(&usable, &mut out);
    forbidden_conflicts(glossary, &usable, &mut out);
    unfilled_slots(&usable, &mut out);
    out.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.location.cmp(&b.location)));
    out
}

/// True when any conflict is an error.
pub fn has_errors(conflicts: &[Conflict]) -> bool {
    conflicts.iter().any(|c| c.severity == Severity::Error)
}

fn en(entry: &Entry) -> &str {
    entry.targets.get("en").map(String::as_str).unwrap_or("")
}

fn conflict(
    kind: ConflictKind,
    severity: Severity,
    a: &Entry,
    b: Option<&Entry>,
    message: String,
    suggestion: String,
) -> Conflict {
    Conflict {
        kind,
        severity,
        entry: a.id.clone(),
        location: a.location(),
        other: b.map(|b| b.id.clone()),
        other_location: b.map(Entry::location),
        message,
        suggestion,
    }
}

/// Same Vietnamese term twice, or two spellings with one matching key.
fn same_key_conflicts(usable: &[&Entry], out: &mut Vec<Conflict>) {
    let mut by_key: HashMap<String, Vec<&Entry>> = HashMap::new();
    for e in usable {
        by_key.entry(match_key(&e.vi)).or_default().push(e);
    }
    let mut groups: Vec<&Vec<&Entry>> = by_key.values().filter(|g| g.len() > 1).collect();
    groups.sort_by_key(|g| (g[0].file.clone(), g[0].line));
    for group in groups {
        let first = group[0];
        for other in &group[1..] {
            let differ = first.targets != other.targets;
            if first.vi == other.vi {
                if !differ {
                    continue;
                }
                let severity = if first.kind == other.kind { Severity::Error } else { Severity::Warning };
                out.push(conflict(
                    ConflictKind::SameSourceDifferentTargets,
                    severity,
                    other,
                    Some(first),
                    crate::t!(
                        "glossary-conflict-same-source",
                        term = other.vi.clone(),
                        first = en(first).to_string(),
                        second = en(other).to_string()
                    ),
                    crate::t!("glossary-suggest-same-source", first = en(first).to_string()),
                ));
            } else {
                let severity = if differ { Severity::Error } else { Severity::Warning };
                out.push(conflict(
                    ConflictKind::NormalizationTwins,
                    severity,
                    other,
                    Some(first),
                    crate::t!("glossary-conflict-twins", first = first.vi.clone(), second = other.vi.clone()),
                    if differ {
                        crate::t!("glossary-suggest-twins-differ", first = en(first).to_string())
                    } else {
                        crate::t!("glossary-suggest-twins-same", second = other.vi.clone())
                    },
                ));
            }
        }
    }
}

/// Words of a rendering for containment tests: lower case, letters and digits only.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// True when one rendering's words are all in the other's (word stems of 5+ letters count: province/provincial).
fn renderings_agree(long: &str, short: &str) -> bool {
    let long_words = words(long);
    let stem = |w: &str| w.chars().take(7).collect::<String>();
    let long_stems: BTreeSet<String> = long_words.iter().map(|w| stem(w)).collect();
    words(short).iter().all(|w| long_words.contains(w) || (w.chars().count() >= 5 && long_stems.contains(&stem(w))))
}

/// Terms inside longer terms: the longer rendering should contain the shorter one's words.
fn nested_conflicts(glossary: &Glossary, matcher: &Matcher, usable: &[&Entry], out: &mut Vec<Conflict>) {
    let by_id: HashMap<&str, &Entry> = glossary.entries.iter().map(|e| (e.id.as_str(), e)).collect();
    for long in usable {
        if !long.slots_used().is_empty() {
            continue;
        }
        let key = match_key(&long.vi);
        let syllables: Vec<&str> = key.split(' ').collect();
        let mut reported = BTreeSet::new();
        for from in 0..syllables.len() {
            for to in (from + 1)..=syllables.len() {
                if from == 0 && to == syllables.len() {
                    continue;
                }
                let part = syllables[from..to].join(" ");
                let Some((id, _, targets)) = matcher.lookup_key(&part) else { continue };
                let Some(&short) = by_id.get(id) else { continue };
                if short.id == long.id || !reported.insert(short.id.clone()) {
                    continue;
                }
                // Slot expansions and one-syllable generic words (tỉnh, xã) are too loose to judge.
                if !short.slots_used().is_empty() || to - from < 2 {
                    continue;
                }
                let short_en = targets.get("en").map(String::as_str).unwrap_or("");
                if renderings_agree(en(long), short_en) {
                    continue;
                }
                out.push(conflict(
                    ConflictKind::NestedDisagreement,
                    Severity::Warning,
                    long,
                    Some(short),
                    crate::t!(
                        "glossary-conflict-nested",
                        long = long.vi.clone(),
                        short = short.vi.clone(),
                        long_en = en(long).to_string(),
                        short_en = short_en.to_string()
                    ),
                    crate::t!("glossary-suggest-nested", short_en = short_en.to_string()),
                ));
            }
        }
    }
}

/// Acronyms against the entries of their expansions; cycles among acronyms.
fn acronym_conflicts(usable: &[&Entry], out: &mut Vec<Conflict>) {
    let acronyms: HashMap<String, &Entry> =
        usable.iter().filter(|e| e.kind == Kind::Acronym).map(|e| (match_key(&e.vi), *e)).collect();
    let by_key: HashMap<String, &Entry> =
        usable.iter().filter(|e| e.kind != Kind::Acronym).map(|e| (match_key(&e.vi), *e)).collect();
    let mut sorted: Vec<&&Entry> = acronyms.values().collect();
    sorted.sort_by_key(|e| (e.file.clone(), e.line));
    for acronym in sorted {
        let Some(expansion) = &acronym.expansion else { continue };
        // Cycle: follow expansions that are themselves acronyms.
        let mut seen = vec![match_key(&acronym.vi)];
        let mut next = match_key(expansion);
        let first_step = acronyms.get(&next).copied();
        while let Some(step) = acronyms.get(&next) {
            if seen.contains(&next) {
                let via = first_step.unwrap_or(step);
                out.push(conflict(
                    ConflictKind::CyclicAcronym,
                    Severity::Error,
                    acronym,
                    Some(via),
                    crate::t!("glossary-conflict-cycle", acronym = acronym.vi.clone(), other = via.vi.clone()),
                    crate::t!("glossary-suggest-cycle", acronym = acronym.vi.clone()),
                ));
                break;
            }
            seen.push(next.clone());
            next = step.expansion.as_deref().map(match_key).unwrap_or_default();
        }
        if let Some(full) = by_key.get(&match_key(expansion)) {
            let (a, f) = (en(acronym), en(full));
            if !(renderings_agree(a, f) || renderings_agree(f, a)) {
                out.push(conflict(
                    ConflictKind::AcronymExpansionDisagreement,
                    Severity::Error,
                    acronym,
                    Some(full),
                    crate::t!(
                        "glossary-conflict-acronym",
                        acronym = acronym.vi.clone(),
                        acronym_en = a.to_string(),
                        expansion = full.vi.clone(),
                        expansion_en = f.to_string()
                    ),
                    crate::t!("glossary-suggest-acronym", expansion_en = f.to_string()),
                ));
            }
        }
    }
}

/// Renderings forbidden somewhere (forbidden column, or forbidden entries) used as a house rendering.
fn forbidden_conflicts(glossary: &Glossary, usable: &[&Entry], out: &mut Vec<Conflict>) {
    // (language, lower-cased rendering) → the entries that forbid it, in term-base order.
    let mut forbidden: HashMap<(&str, String), Vec<&Entry>> = HashMap::new();
    for e in &glossary.entries {
        for f in &e.forbidden {
            forbidden.entry(("en", f.to_lowercase())).or_default().push(e);
        }
        if e.status == Status::Forbidden {
            for (lang, t) in &e.targets {
                forbidden.entry((lang.as_str(), t.to_lowercase())).or_default().push(e);
            }
        }
    }
    for user in usable {
        for (lang, target) in &user.targets {
            let Some(owners) = forbidden.get(&(lang.as_str(), target.to_lowercase())) else { continue };
            for owner in owners {
                out.push(conflict(
                    ConflictKind::ForbiddenUsedAsTarget,
                    Severity::Error,
                    user,
                    Some(owner),
                    crate::t!(
                        "glossary-conflict-forbidden",
                        rendering = target.clone(),
                        term = user.vi.clone(),
                        owner = owner.vi.clone()
                    ),
                    crate::t!("glossary-suggest-forbidden", term = user.vi.clone()),
                ));
            }
        }
    }
}

/// The English plural of a rendering's last word ("city" → "cities", "province" → "provinces", "tax" → "taxes").
fn english_plural(rendering: &str) -> String {
    let consonant_y = rendering.len() > 1
        && rendering.ends_with('y')
        && !rendering[..rendering.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    if consonant_y {
        format!("{}ies", &rendering[..rendering.len() - 1])
    } else if rendering.ends_with(['s', 'x', 'z']) || rendering.ends_with("ch") || rendering.ends_with("sh") {
        format!("{rendering}es")
    } else {
        format!("{rendering}s")
    }
}

/// Approved memory entries that contradict the glossary: the source contains a term (approved entry: error;
/// proposed: warning) and the target lacks the term's rendering in the entry's target language. `store` names
/// the memory in the conflict's location ("out/dich.sqlite (import:approved.tmx)"). `matcher` is `glossary`'s
/// (the caller has built it already for [`check_with`] or a run).
pub fn check_memory(
    glossary: &Glossary,
    matcher: &Matcher,
    memory: &[TmEntry],
    source_lang: &str,
    store: &str,
) -> Vec<Conflict> {
    let mut out = Vec::new();
    for tm in memory.iter().filter(|m| m.state == TmState::Approved && m.source_lang == source_lang) {
        let target_lower = tm.target.to_lowercase();
        for hit in matcher.find(&tm.source) {
            let Some(entry) = glossary.get(&hit.entry) else { continue };
            let Some(rendering) = hit.targets.get(&tm.target_lang) else { continue };
            // Channel renderings (short forms, names without diacritics) are also fine in the memory.
            let english = tm.target_lang.split('-').next() == Some("en");
            let accepted = std::iter::once(rendering.as_str())
                .chain(entry.channels.values().filter_map(|m| m.get(&tm.target_lang)).map(String::as_str))
                .flat_map(|r| {
                    let r = r.to_lowercase();
                    // "các thành phố" is "cities": a plural of the rendering keeps it.
                    let plural = english.then(|| english_plural(&r));
                    std::iter::once(r).chain(plural)
                })
                .any(|r| target_lower.contains(&r));
            if accepted {
                continue;
            }
            let severity = if entry.status == Status::Approved { Severity::Error } else { Severity::Warning };
            out.push(Conflict {
                kind: ConflictKind::MemoryContradiction,
                severity,
                entry: entry.id.clone(),
                location: entry.location(),
                other: Some(format!("memory:{}", tm.provenance)),
                other_location: Some(format!("{store} ({})", tm.provenance)),
                message: crate::t!(
                    "glossary-conflict-memory",
                    term = hit.text.clone(),
                    rendering = rendering.clone(),
                    lang = tm.target_lang.clone(),
                    source = tm.source.clone(),
                    target = tm.target.clone()
                ),
                suggestion: crate::t!("glossary-suggest-memory", rendering = rendering.clone()),
            });
        }
    }
    out.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.location.cmp(&b.location)));
    out
}

fn unfilled_slots(usable: &[&Entry], out: &mut Vec<Conflict>) {
    let filled: HashSet<&str> = usable.iter().filter_map(|f| f.slot_filled()).collect();
    for e in usable {
        for slot in e.slots_used() {
            // Names, local place names, ordinals, years and numbers are recognized in the text, not listed.
            if super::compose::DynamicSlot::parse(slot).is_some() {
                continue;
            }
            if !filled.contains(slot) {
                out.push(conflict(
                    ConflictKind::UnfilledSlot,
                    Severity::Warning,
                    e,
                    None,
                    crate::t!("glossary-conflict-unfilled-slot", term = e.vi.clone(), slot = slot.to_string()),
                    crate::t!("glossary-suggest-unfilled-slot", slot = slot.to_string()),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn stems_let_province_agree_with_provincial() {
        assert!(renderings_agree("Chairman of the Provincial People's Council", "People's Council"));
        assert!(renderings_agree("Secretary of the Binh Thuan Provincial Party Committee", "Binh Thuan province"));
        assert!(!renderings_agree("Permanent Member of the Secretariat", "Politburo"));
    }

    #[test]
    fn twins_with_different_renderings_are_errors() {
        let (g, _) = Glossary::parse_str(
            "vi\ten\tkind\nỦy ban\tCommittee\torganization\nUỷ ban\tCommission\torganization\n",
            Path::new("o.tsv"),
        );
        let conflicts = check(&g);
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].kind, ConflictKind::NormalizationTwins);
        assert_eq!(conflicts[0].severity, Severity::Error);
        assert_eq!(conflicts[0].location, "o.tsv:3");
        assert_eq!(conflicts[0].other_location.as_deref(), Some("o.tsv:2"));
    }

    #[test]
    fn memory_entries_without_the_rendering_contradict() {
        let (g, _) = Glossary::parse_str(
            "vi\ten\tstatus\ten@short\nQuốc hội\tNational Assembly\tapproved\tNA\nTỉnh ủy\tProvincial Party Committee\tproposed\t\n",
            Path::new("o.tsv"),
        );
        let tm = |source: &str, target: &str, state: TmState| TmEntry {
            source_lang: "vi".into(),
            target_lang: "en".into(),
            source: source.into(),
            target: target.into(),
            state,
            provenance: "import:a.tmx".into(),
            created: String::new(),
            updated: String::new(),
        };
        let memory = [
            tm("Quốc hội họp.", "The National Assembly met.", TmState::Approved),
            tm("Quốc hội họp.", "The NA met.", TmState::Approved),
            tm("Quốc hội họp.", "Parliament met.", TmState::Approved),
            tm("Quốc hội họp.", "Parliament met.", TmState::Machine),
            tm("Tỉnh ủy họp.", "The party committee met.", TmState::Approved),
        ];
        let conflicts = check_memory(&g, &g.matcher(), &memory, "vi", "dich.sqlite");
        let found: Vec<_> = conflicts.iter().map(|c| (c.entry.as_str(), c.severity, c.location.as_str())).collect();
        assert_eq!(
            found,
            [("concept:quoc-hoi", Severity::Error, "o.tsv:2"), ("concept:tinh-uy", Severity::Warning, "o.tsv:3")]
        );
        assert_eq!(conflicts[0].other_location.as_deref(), Some("dich.sqlite (import:a.tmx)"));
    }

    #[test]
    fn plurals_keep_a_rendering() {
        assert_eq!(english_plural("city"), "cities");
        assert_eq!(english_plural("province"), "provinces");
        assert_eq!(english_plural("tax"), "taxes");
        assert_eq!(english_plural("day"), "days");
    }
}
