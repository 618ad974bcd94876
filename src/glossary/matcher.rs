//! Finding glossary terms in Vietnamese text.
//!
//! Patterns and text are compared on the matching key ([`crate::text::key`]): tone-mark style, case, NFC/NFD,
//! Ð/Đ and whitespace runs do not matter, so "Uỷ viên Trung ương Đảng" finds the "Ủy viên Trung ương Đảng"
//! entry. The automaton is leftmost-longest ("Ủy viên Ban Thường vụ Tỉnh ủy" beats "Tỉnh ủy"); a match must
//! start and end at syllable boundaries ("xã" never matches inside "xãx", "Chỉ thị 12" not inside
//! "Chỉ thị 120"); when the longest candidate fails that test the next shorter one at the same place is tried.
//! Entries with slots (`Bí thư Tỉnh ủy {province}`) are expanded with every entry that fills the slot.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Input, MatchKind};
use serde::{Deserialize, Serialize};
use unicode_normalization::char::is_combining_mark;

use super::{Entry, Glossary, Kind, Status};
use crate::text::key::{match_key, MatchKey};
use crate::text::normalize;

/// One term found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hit {
    /// Character offsets (Unicode scalar values) into the input as given.
    pub start: usize,
    pub end: usize,
    /// Byte offsets into the input as given.
    pub byte_start: usize,
    pub byte_end: usize,
    /// The input substring.
    pub text: String,
    /// Id of the glossary entry (for a slot expansion, the entry with the slot). Shared with the matcher, so a
    /// hit costs no copies of ids and renderings.
    pub entry: Arc<str>,
    pub kind: Kind,
    /// Language → rendering, slots filled (shared with the matcher; `Arc::make_mut` to change one hit's).
    pub targets: Arc<BTreeMap<String, String>>,
    /// Slot name → id of the entry that filled it ("province" → "place:binh-thuan").
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub slots: BTreeMap<String, String>,
}

/// What one pattern key stands for.
#[derive(Debug, Clone)]
struct Pattern {
    entry: Arc<str>,
    kind: Kind,
    targets: Arc<BTreeMap<String, String>>,
    slots: BTreeMap<String, String>,
    /// For acronyms: which letters must be upper case ("HĐND" matches, "hđnd" does not).
    case_mask: Option<Vec<bool>>,
    /// Lower is better when two entries share a key: approved plain entries first.
    rank: (u8, u8, usize),
}

/// A compiled glossary: build once with [`Glossary::matcher`], use for every segment.
#[derive(Debug, Clone)]
pub struct Matcher {
    automaton: Option<AhoCorasick>,
    /// Pattern key → pattern index (the automaton's pattern ids are the same indexes).
    by_key: HashMap<String, usize>,
    patterns: Vec<Pattern>,
    /// Entry id → short renderings (`en@short`), used inside document references.
    short: HashMap<String, BTreeMap<String, String>>,
}

impl Matcher {
    pub fn new(glossary: &Glossary) -> Matcher {
        let mut builder = PatternSet::default();
        let fillers = fillers(glossary);
        for (order, entry) in glossary.entries.iter().enumerate() {
            if entry.status == Status::Forbidden {
                continue;
            }
            let status_rank = if entry.status == Status::Approved { 0 } else { 1 };
            let case_mask = (entry.kind == Kind::Acronym).then(|| upper_mask(&entry.vi));
            let entry_id: Arc<str> = Arc::from(entry.id.as_str());
            for (vi, targets, slots) in expand(entry, &fillers) {
                let templated = u8::from(!slots.is_empty());
                builder.add(
                    &vi,
                    Pattern {
                        entry: entry_id.clone(),
                        kind: entry.kind,
                        targets: Arc::new(targets),
                        slots,
                        case_mask: case_mask.clone(),
                        rank: (templated, status_rank, order),
                    },
                );
            }
        }
        let mut matcher = builder.build();
        for entry in &glossary.entries {
            if let Some(short) = entry.channels.get(super::docref::SHORT_CHANNEL) {
                matcher.short.insert(entry.id.clone(), short.clone());
            }
        }
        matcher
    }

    /// The short rendering of entry `id` in `lang` (`en@short` column), if it has one.
    pub fn short_target(&self, id: &str, lang: &str) -> Option<String> {
        self.short.get(id).and_then(|s| s.get(lang)).cloned()
    }

    /// Heap bytes of the automaton (the rest of the matcher is the patterns' keys and renderings).
    pub fn automaton_memory(&self) -> usize {
        self.automaton.as_ref().map_or(0, AhoCorasick::memory_usage)
    }

    /// Number of distinct pattern keys (slot expansions included).
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Glossary terms and document references in `text`, in order, without overlaps: where a detected
    /// document reference ("Chỉ thị số 12-CT/TW ngày 5/1/2022 của Ban Bí thư") is longer than the terms it
    /// covers, it replaces them.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let terms = self.find_terms(text);
        let references = super::docref::find_references(text, self);
        merge_longest(terms, references)
    }

    /// Glossary terms only, leftmost-longest, in order, without overlaps.
    pub fn find_terms(&self, text: &str) -> Vec<Hit> {
        let Some(automaton) = &self.automaton else { return Vec::new() };
        let key = MatchKey::new(text);
        let k = key.as_str();
        let mut offsets = CharOffsets::new(text);
        let mut hits = Vec::with_capacity(k.len() / 64);
        let mut pos = 0;
        while pos < k.len() {
            let Some(m) = automaton.find(Input::new(k).span(pos..k.len())) else { break };
            let start = m.start();
            let accepted =
                if starts_at_boundary(k, start) { self.accept(k, start, m.end(), m.pattern().as_usize(), text, &key) } else { None };
            match accepted {
                Some((end, index, original)) => {
                    hits.push(self.hit(text, original, index, &mut offsets));
                    pos = end;
                }
                None => pos = next_char(k, start),
            }
        }
        hits
    }

    /// The longest pattern starting at `start` and ending at or before `end` (where the automaton's pattern
    /// `found` ends) that ends at a boundary and respects acronym case: (key end, pattern index, original range).
    fn accept(
        &self,
        k: &str,
        start: usize,
        end: usize,
        found: usize,
        text: &str,
        key: &MatchKey,
    ) -> Option<(usize, usize, std::ops::Range<usize>)> {
        let mut candidate_end = end;
        loop {
            // The automaton names the longest pattern; shorter ones are looked up (rare: only after a miss).
            let index = if candidate_end == end {
                Some(found)
            } else if k.is_char_boundary(candidate_end) && k.as_bytes()[candidate_end] == b' ' {
                self.by_key.get(&k[start..candidate_end]).copied()
            } else {
                None
            };
            if let Some(index) = index {
                if ends_at_boundary(k, candidate_end) {
                    let original = key.to_original(start..candidate_end);
                    if !glued_in_original(text, &original) && self.case_fits(index, &text[original.clone()]) {
                        return Some((candidate_end, index, original));
                    }
                }
            }
            candidate_end -= 1;
            if candidate_end <= start {
                return None;
            }
        }
    }

    fn case_fits(&self, index: usize, original: &str) -> bool {
        match &self.patterns[index].case_mask {
            None => true,
            Some(mask) => {
                let found = upper_mask(original);
                found.len() != mask.len() || &found == mask
            }
        }
    }

    fn hit(&self, text: &str, original: std::ops::Range<usize>, index: usize, offsets: &mut CharOffsets) -> Hit {
        let pattern = &self.patterns[index];
        Hit {
            start: offsets.char_at(original.start),
            end: offsets.char_at(original.end),
            byte_start: original.start,
            byte_end: original.end,
            text: text[original].to_string(),
            entry: pattern.entry.clone(),
            kind: pattern.kind,
            targets: pattern.targets.clone(),
            slots: pattern.slots.clone(),
        }
    }

    /// The pattern whose key equals the key of `term`, if any: (entry id, kind, targets). Used by document
    /// references to render the issuing body.
    pub fn lookup(&self, term: &str) -> Option<(&str, Kind, &BTreeMap<String, String>)> {
        self.lookup_key(&match_key(term))
    }

    /// Like [`Matcher::lookup`] for a text that is already a matching key.
    pub fn lookup_key(&self, key: &str) -> Option<(&str, Kind, &BTreeMap<String, String>)> {
        let index = *self.by_key.get(key)?;
        let p = &self.patterns[index];
        Some((&p.entry, p.kind, p.targets.as_ref()))
    }
}

#[derive(Default)]
struct PatternSet {
    by_key: HashMap<String, usize>,
    keys: Vec<String>,
    patterns: Vec<Pattern>,
}

impl PatternSet {
    fn add(&mut self, vi: &str, pattern: Pattern) {
        let key = match_key(vi);
        if key.trim().is_empty() {
            return;
        }
        match self.by_key.get(&key) {
            Some(&index) => {
                if pattern.rank < self.patterns[index].rank {
                    self.patterns[index] = pattern;
                }
            }
            None => {
                self.by_key.insert(key.clone(), self.keys.len());
                self.keys.push(key);
                self.patterns.push(pattern);
            }
        }
    }

    fn build(self) -> Matcher {
        let automaton = if self.keys.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&self.keys)
                    .expect("glossary keys are bounded by the line limit"),
            )
        };
        Matcher { automaton, by_key: self.by_key, patterns: self.patterns, short: HashMap::new() }
    }
}

pub(crate) type Expansion = (String, BTreeMap<String, String>, BTreeMap<String, String>);

/// Slot name → the entries that fill it (not forbidden, without slots of their own).
pub(crate) fn fillers(glossary: &Glossary) -> HashMap<&str, Vec<&Entry>> {
    let mut fillers: HashMap<&str, Vec<&Entry>> = HashMap::new();
    for entry in &glossary.entries {
        if let (Some(slot), true) = (&entry.slot, entry.status != Status::Forbidden) {
            if entry.slots_used().is_empty() {
                fillers.entry(slot.as_str()).or_default().push(entry);
            }
        }
    }
    fillers
}

/// The entry itself, or one variant per filler of each slot it uses: (vi, targets, slot → filler id).
pub(crate) fn expand(entry: &Entry, fillers: &HashMap<&str, Vec<&Entry>>) -> Vec<Expansion> {
    let mut out: Vec<Expansion> = vec![(entry.vi.clone(), entry.targets.clone(), BTreeMap::new())];
    let mut names = entry.slots_used();
    names.dedup();
    for name in names {
        let placeholder = format!("{{{name}}}");
        let Some(candidates) = fillers.get(name) else { return Vec::new() };
        let mut next = Vec::with_capacity(out.len() * candidates.len());
        for (vi, targets, slots) in &out {
            for filler in candidates {
                let filled_targets = targets
                    .iter()
                    .map(|(lang, t)| {
                        let value = filler.targets.get(lang).or_else(|| filler.targets.get("en")).unwrap_or(&filler.vi);
                        (lang.clone(), t.replace(&placeholder, value))
                    })
                    .collect();
                let mut filled_slots = slots.clone();
                filled_slots.insert(name.to_string(), filler.id.clone());
                next.push((vi.replace(&placeholder, &filler.vi), filled_targets, filled_slots));
            }
        }
        out = next;
    }
    out
}

/// Upper-case flags of the letters of `text` (NFC).
fn upper_mask(text: &str) -> Vec<bool> {
    normalize(text).chars().filter(|c| c.is_alphabetic()).map(char::is_uppercase).collect()
}

/// Letters, digits and combining marks belong to a syllable.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Characters that glue tokens into one ("12-CT/TW", "kinh tế-xã hội") when written without spaces.
fn is_joiner(c: char) -> bool {
    matches!(c, '/' | '-' | '_' | '\u{2010}' | '\u{2011}' | '\u{2013}')
}

/// Key tokens are separated by single spaces, so a term starts at 0 or after a space.
fn starts_at_boundary(k: &str, start: usize) -> bool {
    start == 0 || k[..start].ends_with(' ')
}

fn ends_at_boundary(k: &str, end: usize) -> bool {
    end == k.len() || k[end..].starts_with(' ')
}

/// The key splits "12-CT/TW" into tokens; in the original they are one word, and a term must not start or end
/// inside it ("TW" is not a hit in "12-CT/TW"). A term that itself begins or ends with punctuation is exempt.
fn glued_in_original(text: &str, original: &std::ops::Range<usize>) -> bool {
    let matched = &text[original.clone()];
    let first_is_word = matched.chars().next().is_some_and(is_word_char);
    let last_is_word = matched.chars().next_back().is_some_and(is_word_char);
    let mut before = text[..original.start].chars().rev();
    let glued_before = first_is_word
        && match before.next() {
            Some(c) if is_word_char(c) => true,
            Some(c) if is_joiner(c) => before.next().is_some_and(is_word_char),
            _ => false,
        };
    let mut after = text[original.end..].chars();
    let glued_after = last_is_word
        && match after.next() {
            Some(c) if is_word_char(c) => true,
            Some(c) if is_joiner(c) => after.next().is_some_and(is_word_char),
            _ => false,
        };
    glued_before || glued_after
}

fn next_char(k: &str, pos: usize) -> usize {
    k[pos..].chars().next().map_or(k.len(), |c| pos + c.len_utf8())
}

/// Byte → character offsets for increasing byte positions, without rescanning from the start.
pub(crate) struct CharOffsets<'t> {
    text: &'t str,
    byte: usize,
    chars: usize,
}

impl<'t> CharOffsets<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        CharOffsets { text, byte: 0, chars: 0 }
    }

    pub(crate) fn char_at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

/// Merges two sorted hit lists: on overlap the longer hit (in characters) wins, the earlier on a tie.
fn merge_longest(terms: Vec<Hit>, others: Vec<Hit>) -> Vec<Hit> {
    if others.is_empty() {
        return terms;
    }
    let mut all: Vec<Hit> = terms.into_iter().chain(others).collect();
    all.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut kept: Vec<Hit> = Vec::new();
    for hit in all {
        let overlapping: Vec<usize> =
            kept.iter().enumerate().filter(|(_, k)| k.start < hit.end && hit.start < k.end).map(|(i, _)| i).collect();
        let longest_kept = overlapping.iter().map(|&i| kept[i].end - kept[i].start).max().unwrap_or(0);
        if overlapping.is_empty() {
            kept.push(hit);
        } else if hit.end - hit.start > longest_kept {
            for i in overlapping.into_iter().rev() {
                kept.remove(i);
            }
            kept.push(hit);
        }
    }
    kept.sort_by_key(|h| h.start);
    kept
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn glossary(text: &str) -> Glossary {
        let (g, issues) = Glossary::parse_str(text, Path::new("test.tsv"));
        assert!(issues.is_empty(), "{issues:?}");
        g
    }

    fn spans(m: &Matcher, text: &str) -> Vec<(String, String)> {
        m.find_terms(text).into_iter().map(|h| (h.text, h.targets["en"].clone())).collect()
    }

    const BASE: &str = "vi\ten\tkind\tstatus\tslot\n\
        Tỉnh ủy\tProvincial Party Committee\torganization\tapproved\t\n\
        Ủy viên Ban Thường vụ Tỉnh ủy\tMember of the Standing Committee of the Provincial Party Committee\ttitle\tapproved\t\n\
        Bí thư Tỉnh ủy {province}\tSecretary of the {province} Provincial Party Committee\ttitle\tapproved\t\n\
        Bí thư Tỉnh ủy\tSecretary of the Provincial Party Committee\ttitle\tapproved\t\n\
        Bình Thuận\tBinh Thuan\tplace\tapproved\tprovince\n\
        xã\tcommune\tplace\tapproved\t\n\
        Chỉ thị 12\tDirective 12\tdocument\tapproved\t\n\
        Chỉ thị\tDirective\tdocument\tapproved\t\n\
        HĐND\tPeople's Council\tacronym\tapproved\t\n";

    #[test]
    fn longest_wins_and_slots_fill() {
        let m = glossary(BASE).matcher();
        assert_eq!(
            spans(&m, "Ông là Ủy viên Ban Thường vụ Tỉnh ủy, Bí thư Tỉnh ủy Bình Thuận."),
            [
                ("Ủy viên Ban Thường vụ Tỉnh ủy".to_string(), "Member of the Standing Committee of the Provincial Party Committee".to_string()),
                ("Bí thư Tỉnh ủy Bình Thuận".to_string(), "Secretary of the Binh Thuan Provincial Party Committee".to_string()),
            ]
        );
        let hit = &m.find_terms("Bí thư Tỉnh ủy Bình Thuận")[0];
        assert_eq!(&*hit.entry, "title:bi-thu-tinh-uy-province");
        assert_eq!(hit.slots["province"], "place:binh-thuan");
    }

    #[test]
    fn tone_style_and_case_do_not_matter_but_word_edges_do() {
        let m = glossary(BASE).matcher();
        assert_eq!(spans(&m, "TỈNH UỶ họp")[0].1, "Provincial Party Committee");
        assert!(spans(&m, "xãy ra").is_empty(), "no match inside a longer syllable");
        assert!(spans(&m, "kinh tế-xã hội").is_empty(), "no match inside a hyphenated word");
        assert!(spans(&m, "số 12-HĐND/TW").is_empty(), "no match inside a document code");
        // "Chỉ thị 12" must not match inside "Chỉ thị 120": the shorter "Chỉ thị" does.
        assert_eq!(spans(&m, "Chỉ thị 120 mới"), [("Chỉ thị".to_string(), "Directive".to_string())]);
    }

    #[test]
    fn acronyms_keep_their_case() {
        let m = glossary(BASE).matcher();
        assert_eq!(spans(&m, "Chủ tịch HĐND tỉnh").len(), 1);
        assert!(spans(&m, "hđnd").is_empty());
    }

    #[test]
    fn offsets_are_characters_and_bytes_of_the_input() {
        let m = glossary(BASE).matcher();
        let text = "Ở Bình Thuận";
        let hit = &m.find_terms(text)[0];
        assert_eq!((hit.start, hit.end), (2, 12));
        assert_eq!(&text[hit.byte_start..hit.byte_end], "Bình Thuận");
    }

    #[test]
    fn forbidden_entries_are_not_matched_and_approved_beats_proposed() {
        let g = glossary(
            "vi\ten\tstatus\nQuốc hội\tParliament\tforbidden\nQuốc hội\tassembly\tproposed\nQuốc hội\tNational Assembly\tapproved\n",
        );
        assert_eq!(spans(&g.matcher(), "Quốc hội"), [("Quốc hội".to_string(), "National Assembly".to_string())]);
    }
}
