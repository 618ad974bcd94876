//! Finding glossary terms in Vietnamese text.
//!
//! Patterns and text are compared on the matching key ([`crate::text::key`]): tone-mark style, case, NFC/NFD,
//! Ð/Đ and whitespace runs do not matter, so "Uỷ viên Trung ương Đảng" finds the "Ủy viên Trung ương Đảng"
//! entry. Matching is leftmost-longest ("Ủy viên Ban Thường vụ Tỉnh ủy" beats "Tỉnh ủy") over whole key tokens
//! (syllables and punctuation marks), so a match starts and ends at syllable boundaries ("xã" never matches
//! inside "xãx", "Chỉ thị 12" not inside "Chỉ thị 120"); a match must also not start or end inside a word glued
//! by a joiner ("TW" in "12-CT/TW"), and an acronym must keep its case; when the longest candidate fails those
//! tests the next shorter one at the same place is tried. Entries with slots (`Bí thư Tỉnh ủy {province}`) are
//! expanded with every entry that fills the slot.
//!
//! How: every pattern key is a sequence of token ids from the glossary's vocabulary, stored in a trie. The text
//! is split into its key tokens with their byte ranges and each token named by its id ([`syllables`]: a hash of
//! the raw bytes for forms already seen, the key builder only for new ones), then the trie is walked from each
//! token. No key string, offset map or byte automaton is built for the text.
//!
//! Beyond the trie ([`chart`]): every pattern at every token is a candidate, people are found by surnames and cue
//! words, composition rules ("{title} {body}", "xã {proper}") are matched over the candidates, short forms refer
//! back to the body an article named, and the hits are chosen leftmost-longest from all of it. Names of places
//! and people (and the capitalized syllables of bodies after their first) match only where the text writes them
//! capitalized: "thái bình" (peaceful) is not Thái Bình province.

mod chart;
mod syllables;

pub use chart::{HANVIET_PERSON_PREFIX, TRANSLITERATED_PERSON_PREFIX};

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use serde::{Deserialize, Serialize};

use super::{Entry, Glossary, Kind, Status};
use crate::text::key::match_key;
use crate::text::normalize;

use chart::{Antecedents, Chosen, Composer, Resolved};
use syllables::{is_word_char, FastMap, Scratch, Vocabulary, NONE};

/// [`PatternInfo::checks`] bits: an acronym's letters must keep their case.
const CHECK_CASE_MASK: u8 = 1;
/// [`PatternInfo::checks`] bits: some syllables must be capitalized.
const CHECK_CAPS: u8 = 2;
/// [`PatternInfo::checks`] bits: one of those syllables is enough ([`chart::any_capital`]).
const CHECK_ANY_CAP: u8 = 4;

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
    /// Slot name → id of the entry that filled it ("province" → "place:binh-thuan"), or `text:` and the words
    /// for a recognized slot ("proper" → "text:Hòa Thắng").
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub slots: BTreeMap<String, String>,
    /// Other readings of the same words, by entry id: a person's name that is also a term ("ông Thái Bình").
    /// The hit is the reading the context gives; these are reported so that nobody guesses silently.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<String>,
}

/// One term found by [`Matcher::find_matches`]: where it is and which glossary pattern it is, with nothing
/// allocated or shared; [`Matcher::entry_of`] and [`Matcher::targets_of`] tell what it stands for.
#[derive(Debug, Clone)]
pub struct TermMatch {
    /// Character offsets (Unicode scalar values) into the input as given.
    pub start: usize,
    pub end: usize,
    /// Byte offsets into the input as given.
    pub byte_start: usize,
    pub byte_end: usize,
    what: Resolved,
}

/// What one pattern key stands for, beyond its [`HitShare`], stored compactly: a `BTreeMap` of renderings
/// costs half a kilobyte even with one language, so it is made from these the first time the pattern is hit or
/// looked up, then shared by its hits.
#[derive(Debug, Clone)]
struct Pattern {
    /// (language index into [`Matcher::languages`], rendering with slots filled).
    renderings: Box<[(u16, Box<str>)]>,
    /// (slot name, id of the entry that filled it).
    slots: Box<[(Arc<str>, Arc<str>)]>,
    /// For acronyms: which letters must be upper case ("HĐND" matches, "hđnd" does not).
    case_mask: Option<Box<[bool]>>,
    /// Per key token: must the text write it capitalized (names of places and people, bodies after their first
    /// syllable)?
    caps: Option<Box<[bool]>>,
    /// A proposed one-syllable name ("Anh", "Đức"): not taken at the start of a sentence, where every word is
    /// capitalized.
    weak: bool,
}

/// The part of a pattern every hit reads, kept in its own compact array: fewer cache lines per hit.
#[derive(Debug, Clone)]
struct HitShare {
    entry: Arc<str>,
    targets: OnceLock<Arc<BTreeMap<String, String>>>,
    kind: Kind,
    has_slots: bool,
}

/// Pattern keys as sequences of token ids. Node 0 is the root; its children are a table indexed by id, the
/// other nodes' children are sorted runs of (id, node).
#[derive(Debug, Clone, Default)]
struct Trie {
    root: Vec<u32>,
    /// Per node (and one past the last): where its children start in `labels`/`children`, and the pattern whose
    /// key ends there or [`NONE`]. Side by side, so a step of the walk reads one cache line, not three.
    nodes: Vec<TrieNode>,
    labels: Vec<u32>,
    children: Vec<u32>,
}

#[derive(Debug, Clone, Copy)]
struct TrieNode {
    first_child: u32,
    pattern: u32,
}

/// What the chart reads of every candidate pattern, 8 bytes side by side (the pattern's [`HitShare`], check
/// byte and slot class were three arrays, three cache misses per candidate in a term base of 124,000 keys).
#[derive(Debug, Clone, Copy)]
struct PatternInfo {
    /// The slot class its entry fills, or [`chart::NO_CLASS`].
    fills: u16,
    /// Which checks apply ([`CHECK_CASE_MASK`], [`CHECK_CAPS`]).
    checks: u8,
    has_slots: bool,
    kind: Kind,
}

impl Trie {
    #[inline]
    fn child(&self, node: u32, id: u32) -> u32 {
        if node == 0 {
            return self.root.get(id as usize).copied().unwrap_or(NONE);
        }
        let from = self.nodes[node as usize].first_child as usize;
        let to = self.nodes[node as usize + 1].first_child as usize;
        let labels = &self.labels[from..to];
        let found =
            if labels.len() <= 8 { labels.iter().position(|&l| l == id) } else { labels.binary_search(&id).ok() };
        found.map_or(NONE, |at| self.children[from + at])
    }

    fn heap_bytes(&self) -> usize {
        4 * (self.root.capacity() + 2 * self.nodes.capacity() + self.labels.capacity() + self.children.capacity())
    }
}

/// Builds the trie: edges in a hash map while patterns come in, then frozen into sorted arrays.
#[derive(Default)]
struct TrieBuilder {
    edges: FastMap<(u32, u32), u32>,
    pattern: Vec<u32>,
}

impl TrieBuilder {
    /// The node of the id sequence `ids`, created if needed.
    fn insert(&mut self, ids: &[u32]) -> u32 {
        if self.pattern.is_empty() {
            self.pattern.push(NONE);
        }
        let mut node = 0;
        for &id in ids {
            let next = self.pattern.len() as u32;
            node = *self.edges.entry((node, id)).or_insert(next);
            if node == next {
                self.pattern.push(NONE);
            }
        }
        node
    }

    fn build(self, vocabulary_len: usize) -> Trie {
        let nodes = self.pattern.len();
        let mut root = vec![NONE; vocabulary_len];
        let mut edges: Vec<(u32, u32, u32)> = Vec::with_capacity(self.edges.len());
        for ((from, id), to) in self.edges {
            if from == 0 {
                root[id as usize] = to;
            } else {
                edges.push((from, id, to));
            }
        }
        // Counting sort by parent node (the hash map gives edges in no order), then each node's few children by
        // label: linear where a comparison sort of millions of edges took a tenth of the build.
        let mut first_child = vec![0u32; nodes + 1];
        for &(from, _, _) in &edges {
            first_child[from as usize + 1] += 1;
        }
        for i in 0..nodes {
            first_child[i + 1] += first_child[i];
        }
        let mut next_slot: Vec<u32> = first_child[..nodes].to_vec();
        let mut sorted = vec![(0u32, 0u32); edges.len()];
        for &(from, id, to) in &edges {
            let slot = &mut next_slot[from as usize];
            sorted[*slot as usize] = (id, to);
            *slot += 1;
        }
        for node in 0..nodes {
            sorted[first_child[node] as usize..first_child[node + 1] as usize].sort_unstable();
        }
        let edges = sorted;
        let nodes = first_child
            .iter()
            .enumerate()
            .map(|(i, &first_child)| TrieNode { first_child, pattern: self.pattern.get(i).copied().unwrap_or(NONE) })
            .collect();
        Trie { root, nodes, labels: edges.iter().map(|e| e.0).collect(), children: edges.iter().map(|e| e.1).collect() }
    }
}

/// A compiled glossary: build once with [`Glossary::matcher`], use for every segment.
#[derive(Debug)]
pub struct Matcher {
    vocabulary: Vocabulary,
    trie: Trie,
    patterns: Vec<Pattern>,
    shares: Vec<HitShare>,
    /// Per pattern: its checks, kind and slot class, kept apart so the walk reads no pattern it needs not check.
    info: Vec<PatternInfo>,
    /// Language codes of the renderings.
    languages: Vec<Box<str>>,
    /// Entry id → short renderings (`en@short`), used inside document references.
    short: HashMap<String, BTreeMap<String, String>>,
    /// Composition rules, name lists and short forms.
    composer: Composer,
    /// Raw token forms already folded, and buffers. Taken with `try_lock` for one call; a call that finds it
    /// busy (another thread) works with a fresh one.
    scratch: Mutex<Scratch>,
}

impl Clone for Matcher {
    fn clone(&self) -> Matcher {
        Matcher {
            vocabulary: self.vocabulary.clone(),
            trie: self.trie.clone(),
            patterns: self.patterns.clone(),
            shares: self.shares.clone(),
            info: self.info.clone(),
            languages: self.languages.clone(),
            short: self.short.clone(),
            composer: self.composer.clone(),
            scratch: Mutex::default(),
        }
    }
}

impl Matcher {
    pub fn new(glossary: &Glossary) -> Matcher {
        let mut builder = PatternSet::default();
        let fillers = fillers(glossary);
        let composite = chart::composite_slots(glossary);
        let classes: HashMap<String, u16> = {
            let mut names: Vec<&str> = glossary.entries.iter().filter_map(Entry::slot_filled).collect();
            names.sort_unstable();
            names.dedup();
            names.into_iter().enumerate().map(|(i, n)| (n.to_string(), i as u16)).collect()
        };
        let mut rule_entries = Vec::new();
        let mut filler_caps = HashMap::new();
        let mut filler_ids: HashMap<&str, Vec<u32>> = HashMap::new();
        for (order, entry) in glossary.entries.iter().enumerate() {
            if entry.status == Status::Forbidden {
                continue;
            }
            let status_rank = if entry.status == Status::Approved { 0 } else { 1 };
            let case_mask: Option<Box<[bool]>> = (entry.kind == Kind::Acronym).then(|| upper_mask(&entry.vi).into());
            let fills = chart::fills_of(entry, &classes);
            let entry_id: Arc<str> = Arc::from(entry.id.as_str());
            let mut used = entry.slots_used();
            used.dedup();
            if used.is_empty() {
                let caps = chart::pattern_caps(entry);
                let shape = Shape { case_mask: &case_mask, caps, fills, status: entry.status };
                let ids = builder.key_ids(&entry.vi);
                builder.add(ids, &entry_id, entry, &entry.targets, &BTreeMap::new(), shape, (0, status_rank, order));
                continue;
            }
            // One slot filled by plain terms: one pattern per filler, made now. Anything else is composed
            // while matching.
            let slot = used[0];
            let expandable = used.len() == 1
                && crate::glossary::compose::DynamicSlot::parse(slot).is_none()
                && !composite.contains(slot)
                && fillers.contains_key(slot)
                && entry.vi.matches(&format!("{{{slot}}}")).count() == 1;
            if !expandable {
                rule_entries.push((order, entry));
                continue;
            }
            // The words around the slot and each filler's are split and numbered once: 312,000 expansions of
            // the shipped term bases share them (see `PatternSet::slot_ids`).
            let placeholder = format!("{{{slot}}}");
            let slot_caps = chart::SlotCaps::new(entry, &placeholder);
            let around = builder.slot_ids(&entry.vi, &placeholder);
            for filler in &fillers[slot] {
                let caps = slot_caps.as_ref().and_then(|c| c.with(filler, &mut filler_caps));
                let shape = Shape { case_mask: &case_mask, caps, fills, status: entry.status };
                let targets = fill_targets(&entry.targets, &placeholder, filler);
                let slots = BTreeMap::from([(slot.to_string(), filler.id.clone())]);
                let ids = match &around {
                    Some((before, after)) => {
                        let middle =
                            filler_ids.entry(filler.id.as_str()).or_insert_with(|| builder.key_ids(&filler.vi));
                        [&before[..], middle, after].concat()
                    }
                    None => builder.key_ids(&entry.vi.replace(&placeholder, &filler.vi)),
                };
                builder.add(ids, &entry_id, entry, &targets, &slots, shape, (1, status_rank, order));
            }
        }
        let composer = Composer::build(glossary, &rule_entries, &mut builder, &classes);
        let mut matcher = builder.build(composer);
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

    /// Heap bytes of the index (syllable vocabulary and trie of pattern keys; the patterns' ids and renderings
    /// and the cache of raw token forms are not counted).
    pub fn index_memory(&self) -> usize {
        self.vocabulary.heap_bytes() + self.trie.heap_bytes()
    }

    /// Heap bytes of the cache of raw token forms folded so far (it grows while matching, to a bound).
    pub fn cache_memory(&self) -> usize {
        self.scratch.lock().map(|s| s.heap_bytes()).unwrap_or(0)
    }

    /// Number of distinct pattern keys (slot expansions included).
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Number of distinct syllables and punctuation marks in the pattern keys.
    pub fn vocabulary_size(&self) -> usize {
        self.vocabulary.len()
    }

    /// Glossary terms, people, composed titles and document references in `text`, in order, without overlaps:
    /// where a detected document reference ("Chỉ thị số 12-CT/TW ngày 5/1/2022 của Ban Bí thư") is longer than
    /// the terms it covers, it replaces them. `text` is taken as a whole article (short forms refer back within
    /// it); for an article given as segments use [`Matcher::find_article`].
    pub fn find(&self, text: &str) -> Vec<Hit> {
        self.find_article(&[text]).pop().unwrap_or_default()
    }

    /// The hits of each text of one article, in order: a short form ("Hội", "Sở") takes the rendering of the
    /// body of the same name that an earlier text (or earlier words of the same text) named.
    pub fn find_article<S: AsRef<str>>(&self, texts: &[S]) -> Vec<Vec<Hit>> {
        let mut antecedents = Antecedents::default();
        texts
            .iter()
            .map(|text| {
                let text = text.as_ref();
                let mut terms = self.with_chosen(text, &mut antecedents, |text, chosen| self.hits(text, chosen));
                agree_with_holder(text, &mut terms);
                take_bracketed_acronyms(text, &mut terms);
                antecedents.next_text();
                let references = super::docref::find_references(text, self);
                merge_longest(terms, references)
            })
            .collect()
    }

    /// Glossary terms only (people, composed titles and short forms within `text` included), leftmost-longest,
    /// in order, without overlaps.
    pub fn find_terms(&self, text: &str) -> Vec<Hit> {
        self.with_chosen(text, &mut Antecedents::default(), |text, chosen| self.hits(text, chosen))
    }

    /// The same terms as [`Matcher::find_terms`], as positions and what they stand for, without copying the
    /// renderings of plain terms: for callers that only count, mark or look up a few of them.
    pub fn find_matches(&self, text: &str) -> Vec<TermMatch> {
        self.with_chosen(text, &mut Antecedents::default(), |text, chosen| {
            let mut offsets = CharOffsets::new(text);
            chosen
                .into_iter()
                .map(|c| TermMatch {
                    start: offsets.char_at(c.byte_start as usize),
                    end: offsets.char_at(c.byte_end as usize),
                    byte_start: c.byte_start as usize,
                    byte_end: c.byte_end as usize,
                    what: c.what,
                })
                .collect()
        })
    }

    /// Id of the glossary entry a match stands for (for a slot expansion or a composed pattern, the entry with
    /// the slots; for a person found by name, `entity:person:…`).
    pub fn entry_of<'a>(&'a self, found: &'a TermMatch) -> &'a str {
        match &found.what {
            Resolved::Pattern(p) => &self.shares[*p as usize].entry,
            Resolved::Made(made) => &made.entry,
        }
    }

    /// Kind of the glossary entry a match stands for.
    pub fn kind_of(&self, found: &TermMatch) -> Kind {
        match &found.what {
            Resolved::Pattern(p) => self.shares[*p as usize].kind,
            Resolved::Made(made) => made.kind,
        }
    }

    /// Language → rendering of a match, slots filled.
    pub fn targets_of<'a>(&'a self, found: &'a TermMatch) -> &'a BTreeMap<String, String> {
        match &found.what {
            Resolved::Pattern(p) => self.targets(*p),
            Resolved::Made(made) => &made.targets,
        }
    }

    /// Tokenizes `text`, adds the short forms whose bodies `antecedents` holds, chooses the hits, remembers the
    /// bodies they name, and hands the hits to `build`.
    fn with_chosen<T>(
        &self,
        text: &str,
        antecedents: &mut Antecedents,
        build: impl FnOnce(&str, Vec<Chosen>) -> Vec<T>,
    ) -> Vec<T> {
        if self.patterns.is_empty() && self.composer.is_empty() || text.is_empty() {
            return Vec::new();
        }
        assert!(text.len() < u32::MAX as usize, "text too long to match at once");
        let mut local = None;
        let mut guard = self.scratch.try_lock().ok();
        let scratch: &mut Scratch = match guard.as_deref_mut() {
            Some(shared) => shared,
            None => local.insert(Scratch::default()),
        };
        self.vocabulary.tokenize(text, scratch);
        let tokens = &scratch.tokens;
        let buffers = &mut scratch.chart;
        let shorts = self.short_forms_in(text, tokens, antecedents);
        let mut chosen = self.choose(text, tokens, &shorts, buffers);
        if self.composer.has_short_forms() {
            // Bodies named in this text count for the short forms after them: match again when there are new ones.
            let before = shorts.len();
            // Nothing new remembered: the short forms are those already found.
            let changed = self.remember(&chosen, antecedents);
            let shorts = if changed { self.short_forms_in(text, tokens, antecedents) } else { shorts };
            if shorts.len() != before {
                chosen = self.choose(text, tokens, &shorts, buffers);
                self.remember(&chosen, antecedents);
            }
        }
        self.mark_unrenderable_names(text, tokens, &mut chosen, antecedents);
        let found = build(text, chosen);
        scratch.trim();
        found
    }

    /// Hits from chosen matches.
    fn hits(&self, text: &str, chosen: Vec<Chosen>) -> Vec<Hit> {
        // A hit increments two reference counts (entry id, renderings) of a pattern that is rarely in cache,
        // and those increments are locked instructions, which wait for each cache miss in turn. Plain loads
        // of the same lines first let the processor fetch them for all the hits of the text at once
        // (measured: the increments were three quarters of the matching time on a 50,000-entry glossary).
        let mut warm = 0usize;
        for c in &chosen {
            if let Resolved::Pattern(p) = c.what {
                let share = &self.shares[p as usize];
                warm = warm.wrapping_add(Arc::strong_count(&share.entry));
                if let Some(targets) = share.targets.get() {
                    warm = warm.wrapping_add(Arc::strong_count(targets));
                }
            }
        }
        std::hint::black_box(warm);
        let mut offsets = CharOffsets::new(text);
        chosen
            .into_iter()
            .map(|c| {
                let range = c.byte_start as usize..c.byte_end as usize;
                match c.what {
                    Resolved::Pattern(p) => self.hit(text, range, p, &mut offsets),
                    Resolved::Made(made) => {
                        // The chosen hits hold the only reference: their slots and alternatives move into the hit.
                        let made = Arc::try_unwrap(made).unwrap_or_else(|shared| (*shared).clone());
                        Hit {
                            start: offsets.char_at(range.start),
                            end: offsets.char_at(range.end),
                            byte_start: range.start,
                            byte_end: range.end,
                            text: text[range].to_string(),
                            entry: made.entry,
                            kind: made.kind,
                            targets: made.targets,
                            slots: made.slots,
                            alternatives: made.alternatives,
                        }
                    }
                }
            })
            .collect()
    }

    fn case_fits(&self, pattern: u32, original: &str) -> bool {
        match &self.patterns[pattern as usize].case_mask {
            None => true,
            // upper_mask(original) compared with the mask as it is made, without allocating it: a text with
            // another number of letters is not checked, as before.
            Some(mask) => {
                let (mut letters, mut same) = (0, true);
                for c in crate::text::normalize_cow(original).chars().filter(|c| c.is_alphabetic()) {
                    same &= mask.get(letters).is_none_or(|&upper| upper == c.is_uppercase());
                    letters += 1;
                }
                letters != mask.len() || same
            }
        }
    }

    fn hit(&self, text: &str, original: std::ops::Range<usize>, pattern: u32, offsets: &mut CharOffsets) -> Hit {
        let share = &self.shares[pattern as usize];
        Hit {
            start: offsets.char_at(original.start),
            end: offsets.char_at(original.end),
            byte_start: original.start,
            byte_end: original.end,
            text: text[original].to_string(),
            entry: share.entry.clone(),
            kind: share.kind,
            targets: self.targets(pattern).clone(),
            slots: if share.has_slots {
                self.patterns[pattern as usize]
                    .slots
                    .iter()
                    .map(|(name, filler)| (name.to_string(), filler.to_string()))
                    .collect()
            } else {
                BTreeMap::new()
            },
            alternatives: Vec::new(),
        }
    }

    /// The pattern whose key equals the key of `term`, if any: (entry id, kind, targets). Used by document
    /// references to render the issuing body.
    pub fn lookup(&self, term: &str) -> Option<(&str, Kind, &BTreeMap<String, String>)> {
        self.lookup_key(&match_key(term))
    }

    /// Like [`Matcher::lookup`] for a text that is already a matching key.
    pub fn lookup_key(&self, key: &str) -> Option<(&str, Kind, &BTreeMap<String, String>)> {
        let mut node = 0;
        for token in key.split(' ') {
            let id = self.vocabulary.id(token.as_bytes());
            if id == NONE {
                return None;
            }
            node = self.trie.child(node, id);
            if node == NONE {
                return None;
            }
        }
        let index = self.trie.nodes.get(node as usize).map(|n| n.pattern).filter(|&p| p != NONE)?;
        let share = &self.shares[index as usize];
        Some((&share.entry, share.kind, self.targets(index).as_ref()))
    }

    /// The renderings of pattern `index`, made the first time they are needed.
    fn targets(&self, index: u32) -> &Arc<BTreeMap<String, String>> {
        self.shares[index as usize].targets.get_or_init(|| {
            let renderings = &self.patterns[index as usize].renderings;
            Arc::new(
                renderings
                    .iter()
                    .map(|(lang, text)| (self.languages[*lang as usize].to_string(), text.to_string()))
                    .collect(),
            )
        })
    }
}

/// Collects patterns while the matcher is built: one per distinct key, the best-ranked entry when several
/// share a key (approved plain entries first, then earlier rows).
#[derive(Default)]
struct PatternSet {
    vocabulary: Vocabulary,
    trie: TrieBuilder,
    patterns: Vec<Pattern>,
    shares: Vec<HitShare>,
    ranks: Vec<(u8, u8, usize)>,
    languages: Vec<Box<str>>,
    language_index: HashMap<String, u16>,
    /// Slot names and filler ids, shared between expansions.
    shared: HashSet<Arc<str>>,
    /// Per pattern: the slot class its entry fills.
    fills: Vec<u16>,
}

/// The checks and slot of a pattern, beside its text and renderings.
struct Shape<'a> {
    case_mask: &'a Option<Box<[bool]>>,
    caps: Option<Box<[bool]>>,
    /// The slot class the pattern's entry fills.
    fills: u16,
    status: Status,
}

impl PatternSet {
    /// The syllable ids of the match key of `text` (none for a text without a syllable or mark).
    fn key_ids(&mut self, text: &str) -> Vec<u32> {
        let key = match_key(text);
        if key.is_empty() {
            return Vec::new();
        }
        key.split(' ').map(|token| self.vocabulary.intern(token)).collect()
    }

    /// The ids of the words before and after `placeholder` in `vi`, when the key of any filling is theirs around
    /// the filler's: the placeholder stands between spaces, punctuation or the ends, so no syllable spans it.
    fn slot_ids(&mut self, vi: &str, placeholder: &str) -> Option<(Vec<u32>, Vec<u32>)> {
        let (before, after) = vi.split_once(placeholder)?;
        let apart = before.chars().next_back().is_none_or(syllables::splits_tokens)
            && after.chars().next().is_none_or(syllables::splits_tokens);
        apart.then(|| (self.key_ids(before), self.key_ids(after)))
    }

    /// Adds the pattern whose key has the syllable ids `ids`, unless a pattern of better `rank` has that key.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        ids: Vec<u32>,
        entry_id: &Arc<str>,
        entry: &Entry,
        targets: &BTreeMap<String, String>,
        slots: &BTreeMap<String, String>,
        shape: Shape,
        rank: (u8, u8, usize),
    ) {
        if ids.is_empty() {
            return;
        }
        let node = self.trie.insert(&ids) as usize;
        let existing = self.trie.pattern[node];
        if existing != NONE && self.ranks[existing as usize] <= rank {
            return;
        }
        let share = HitShare {
            entry: entry_id.clone(),
            targets: OnceLock::new(),
            kind: entry.kind,
            has_slots: !slots.is_empty(),
        };
        let caps = shape.caps.filter(|c| c.len() == ids.len());
        let weak = ids.len() == 1 && caps.is_some() && shape.status != Status::Approved;
        let pattern = Pattern {
            renderings: targets.iter().map(|(lang, text)| (self.language(lang), Box::from(text.as_str()))).collect(),
            slots: slots.iter().map(|(name, filler)| (self.shared(name), self.shared(filler))).collect(),
            case_mask: shape.case_mask.clone(),
            caps,
            weak,
        };
        if existing == NONE {
            self.trie.pattern[node] = self.patterns.len() as u32;
            self.patterns.push(pattern);
            self.shares.push(share);
            self.ranks.push(rank);
            self.fills.push(shape.fills);
        } else {
            self.patterns[existing as usize] = pattern;
            self.shares[existing as usize] = share;
            self.ranks[existing as usize] = rank;
            self.fills[existing as usize] = shape.fills;
        }
    }

    fn language(&mut self, lang: &str) -> u16 {
        if let Some(&index) = self.language_index.get(lang) {
            return index;
        }
        let index = u16::try_from(self.languages.len()).expect("fewer than 65,536 languages");
        self.languages.push(lang.into());
        self.language_index.insert(lang.to_string(), index);
        index
    }

    fn shared(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.shared.get(text) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(text);
        self.shared.insert(shared.clone());
        shared
    }

    fn build(mut self, mut composer: Composer) -> Matcher {
        self.vocabulary.finish();
        composer.fills = std::mem::take(&mut self.fills);
        composer.pattern_has_short = self.shares.iter().map(|s| composer.has_short_forms_for(&s.entry)).collect();
        composer.pattern_province = (self.patterns.iter().zip(&self.shares).zip(&composer.fills))
            .map(|((pattern, share), &fills)| composer.province_number(fills, &share.entry, &pattern.slots))
            .collect();
        let trie = self.trie.build(self.vocabulary.len());
        let mut patterns = self.patterns;
        patterns.shrink_to_fit();
        let mut shares = self.shares;
        shares.shrink_to_fit();
        let info = patterns
            .iter()
            .zip(&shares)
            .zip(&composer.fills)
            .map(|((p, share), &fills)| PatternInfo {
                fills,
                checks: (if p.case_mask.is_some() { CHECK_CASE_MASK } else { 0 })
                    | (if p.caps.is_some() { CHECK_CAPS } else { 0 })
                    | (if p.caps.is_some() && chart::any_capital(share.kind) { CHECK_ANY_CAP } else { 0 }),
                has_slots: share.has_slots,
                kind: share.kind,
            })
            .collect();
        Matcher {
            vocabulary: self.vocabulary,
            trie,
            info,
            patterns,
            shares,
            languages: self.languages,
            short: HashMap::new(),
            composer,
            scratch: Mutex::default(),
        }
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
                let filled_targets = fill_targets(targets, &placeholder, filler);
                let mut filled_slots = slots.clone();
                filled_slots.insert(name.to_string(), filler.id.clone());
                next.push((vi.replace(&placeholder, &filler.vi), filled_targets, filled_slots));
            }
        }
        out = next;
    }
    out
}

/// `targets` (language → template) with `placeholder` filled by `filler`'s rendering in each language (its English
/// one, else its Vietnamese text, where it has none).
fn fill_targets(targets: &BTreeMap<String, String>, placeholder: &str, filler: &Entry) -> BTreeMap<String, String> {
    targets
        .iter()
        .map(|(lang, t)| {
            let value = filler.targets.get(lang).or_else(|| filler.targets.get("en")).unwrap_or(&filler.vi);
            (lang.clone(), fill(t, placeholder, value, filler, lang == "en"))
        })
        .collect()
}

/// `template` with every `placeholder` replaced by `value`, `filler`'s rendering; in English as
/// [`push_english_filler`] writes it.
fn fill(template: &str, placeholder: &str, value: &str, filler: &Entry, english: bool) -> String {
    if !english || !matches!(filler.kind, Kind::Place | Kind::Organization | Kind::Acronym) {
        return template.replace(placeholder, value);
    }
    let mut out = String::with_capacity(template.len() + value.len());
    let mut rest = template;
    while let Some(at) = rest.find(placeholder) {
        out.push_str(&rest[..at]);
        push_english_filler(&mut out, filler.kind, &filler.vi, value);
        rest = &rest[at + placeholder.len()..];
    }
    out.push_str(rest);
    out
}

/// Appends `value`, the English rendering of a slot's filler of `kind` found as `source`, to `out`, a composed
/// rendering being built: a place gets "the" where English needs it ("Consul General of {country}" with the Republic
/// of Korea), a body known by its own name drops it ("Rector of Can Tho University"); other kinds go in as they are.
/// The slot expansions made at load and the compositions made while matching both write fillers so.
fn push_english_filler(out: &mut String, kind: Kind, source: &str, value: &str) {
    match kind {
        Kind::Place => crate::localize::push_english_place(out, value),
        Kind::Organization | Kind::Acronym => crate::localize::push_english_body(out, source, value),
        _ => out.push_str(value),
    }
}

/// Upper-case flags of the letters of `text` (NFC).
fn upper_mask(text: &str) -> Vec<bool> {
    normalize(text).chars().filter(|c| c.is_alphabetic()).map(char::is_uppercase).collect()
}

/// Letters, digits and combining marks belong to a syllable.
/// Characters that glue tokens into one ("12-CT/TW", "kinh tế-xã hội") when written without spaces.
fn is_joiner(c: char) -> bool {
    matches!(c, '/' | '-' | '_' | '\u{2010}' | '\u{2011}' | '\u{2013}')
}

/// The key splits "12-CT/TW" into tokens; in the original they are one word, and a term must not start or end
/// inside it ("TW" is not a hit in "12-CT/TW"). A term that itself begins or ends with punctuation is exempt.
fn glued_in_original(text: &str, original: &std::ops::Range<usize>) -> bool {
    // Nearly every candidate stands between spaces or ASCII punctuation: neither glues, so the characters need
    // not be decoded. (An ASCII byte is a whole character.)
    let free = |b: Option<&u8>| b.is_none_or(|&b| b < 0x80 && !b.is_ascii_alphanumeric() && !is_joiner(char::from(b)));
    let bytes = text.as_bytes();
    if free(original.start.checked_sub(1).and_then(|i| bytes.get(i))) && free(bytes.get(original.end)) {
        return false;
    }
    let matched = &text[original.clone()];
    let first_is_word = matched.chars().next().is_some_and(is_word_char);
    let last_is_word = matched.chars().next_back().is_some_and(is_word_char);
    // A name and a title joined by a dash without spaces ("Nguyễn Trọng Nghĩa-Ủy viên Bộ Chính trị") are two
    // words: lowercase letter, dash, a capitalized word. Codes ("12-CT/TW") and compounds ("kinh tế-xã hội") are not.
    // Likewise an agency after a photographer's name: "Ảnh: An Đăng/TTXVN".
    let name_dash = |letter: Option<char>, dash: char, word: &str| {
        let lowercase_letter = letter.is_some_and(|c| c.is_alphabetic() && c.is_lowercase());
        (matches!(dash, '-' | '\u{2013}') && lowercase_letter && is_capitalized_word(word))
            || (dash == '/' && lowercase_letter && is_acronym_word(word))
    };
    let mut before = text[..original.start].chars().rev();
    let glued_before = first_is_word
        && match before.next() {
            Some(c) if is_word_char(c) => true,
            Some(c) if is_joiner(c) => {
                let letter = before.next();
                letter.is_some_and(is_word_char) && !name_dash(letter, c, matched)
            }
            _ => false,
        };
    let mut after = text[original.end..].chars();
    let glued_after = last_is_word
        && match after.next() {
            Some(c) if is_word_char(c) => true,
            Some(c) if is_joiner(c) => {
                let rest = after.as_str();
                after.next().is_some_and(is_word_char) && !name_dash(matched.chars().next_back(), c, rest)
            }
            _ => false,
        };
    glued_before || glued_after
}

/// Is `text` a word of two or more capital letters ("TTXVN")?
fn is_acronym_word(text: &str) -> bool {
    let word: Vec<char> = text.chars().take_while(|c| c.is_alphanumeric()).collect();
    word.len() >= 2 && word.iter().all(|c| c.is_uppercase())
}

/// Does `text` start with a word written capitalized ("Ủy", "Phó"), not in capitals throughout ("CT")?
fn is_capitalized_word(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_some_and(char::is_lowercase)
}

/// A body followed by its acronym in brackets ("Quỹ Phát triển Nông nghiệp Quốc tế (IFAD)", "Bộ Nông nghiệp và
/// Phát triển Nông thôn (NN&PTNT)") is one name with it. The acronym is the body's when its letters are initials of
/// the English or the Vietnamese name, in order; "Liên minh châu Âu (EVFTA)" ends a trade agreement's name. The
/// English keeps the acronym when it is the English name's ("International Fund for Agricultural Development
/// (IFAD)"); a Vietnamese one means nothing to an English reader and is dropped.
fn take_bracketed_acronyms(text: &str, hits: &mut Vec<Hit>) {
    let mut i = 0;
    while i < hits.len() {
        let hit = &hits[i];
        let after = &text[hit.byte_end..];
        let bracketed = (hit.kind == Kind::Organization)
            .then(|| after.strip_prefix(' ').unwrap_or(after).strip_prefix('('))
            .flatten()
            .and_then(|rest| rest.split_once(')'))
            .map(|(acronym, _)| acronym)
            .filter(|acronym| {
                acronym.chars().count() >= 2
                    && acronym.chars().all(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '&' | '-' | '.'))
            });
        let Some(acronym) = bracketed else {
            i += 1;
            continue;
        };
        let english = hit.targets.get("en").is_some_and(|en| abbreviates(acronym, en));
        if !english && !abbreviates(acronym, &hit.text) {
            i += 1;
            continue;
        }
        let byte_end = text.len() - after.len() + after.find(')').map_or(0, |close| close + 1);
        let hit = &mut hits[i];
        hit.end += text[hit.byte_end..byte_end].chars().count();
        hit.text.push_str(&text[hit.byte_end..byte_end]);
        hit.byte_end = byte_end;
        if let Some(en) = hit.targets.get("en").filter(|en| english && !en.contains(acronym)) {
            let en = format!("{en} ({acronym})");
            Arc::make_mut(&mut hit.targets).insert("en".into(), en);
        }
        // The acronym's own hit is inside the name now.
        while hits.get(i + 1).is_some_and(|next| next.byte_start < byte_end) {
            hits.remove(i + 1);
        }
        i += 1;
    }
}

/// Are the letters of `acronym` initials of the words of `name`, in order ("CIC" of "National Credit Information
/// Centre of Vietnam", "NN&PTNT" of "Bộ Nông nghiệp và Phát triển Nông thôn")?
fn abbreviates(acronym: &str, name: &str) -> bool {
    let mut initials =
        name.split(|c: char| !c.is_alphanumeric()).filter_map(|word| word.chars().next()).flat_map(char::to_uppercase);
    acronym.chars().filter(|c| c.is_alphabetic()).all(|letter| initials.any(|initial| initial == letter))
}

/// A title next to a woman's name takes the feminine English form, as Vietnam's English-language press writes
/// it: "Phó Chủ tịch UBND tỉnh Nguyễn Thị Thanh Lịch" → "Vice Chairwoman of the …". A name is a woman's when it
/// holds the middle name "Thị" or follows "bà"; the title and the name are next to each other, or apart by a
/// comma or dash.
fn agree_with_holder(text: &str, hits: &mut [Hit]) {
    if !hits.iter().any(|h| h.kind == Kind::Person) {
        return;
    }
    static KEYS: OnceLock<(String, String)> = OnceLock::new();
    let (thi, ba) = KEYS.get_or_init(|| (match_key("Thị"), match_key("bà")));
    let (thi, ba) = (thi.as_str(), ba.as_str());
    // A word whose first character is an ASCII letter has that letter, in lower case, first in its key: most
    // words are told apart from "thị" and "bà" without building their key.
    // The same for a precomposed letter ("Đ", "Á"): its key starts with its base letter in lower case.
    let fold = chart::fold_table();
    let is_key = |word: &str, key: &str| match word.as_bytes().first() {
        Some(b) if b.is_ascii_alphabetic() && b.to_ascii_lowercase() != key.as_bytes()[0] => false,
        Some(b)
            if !b.is_ascii()
                && word.chars().next().and_then(|c| fold.get(c as usize)).is_some_and(|&base| {
                    base.is_ascii_alphabetic() && base.to_ascii_lowercase() != key.as_bytes()[0]
                }) =>
        {
            false
        }
        _ => match_key(word) == key,
    };
    let woman = |hit: &Hit| {
        hit.kind == Kind::Person
            && (hit.text.split_whitespace().any(|w| is_key(w, thi))
                || text[..hit.byte_start].trim_end().rsplit(char::is_whitespace).next().is_some_and(|w| is_key(w, ba)))
    };
    let apart = |from: usize, to: usize| {
        from <= to && text[from..to].chars().all(|c| c.is_whitespace() || matches!(c, ',' | '-' | '–' | '—'))
    };
    for i in 0..hits.len() {
        if hits[i].kind != Kind::Title {
            continue;
        }
        let next = hits.get(i + 1).filter(|n| apart(hits[i].byte_end, n.byte_start) && woman(n));
        let before = i.checked_sub(1).map(|p| &hits[p]).filter(|p| apart(p.byte_end, hits[i].byte_start) && woman(p));
        if next.is_none() && before.is_none() {
            continue;
        }
        if let Some(en) = hits[i].targets.get("en").filter(|en| en.contains("Chairman")) {
            let feminine = en.replace("Chairman", "Chairwoman");
            std::sync::Arc::make_mut(&mut hits[i].targets).insert("en".to_string(), feminine);
        }
    }
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
                (
                    "Ủy viên Ban Thường vụ Tỉnh ủy".to_string(),
                    "Member of the Standing Committee of the Provincial Party Committee".to_string()
                ),
                (
                    "Bí thư Tỉnh ủy Bình Thuận".to_string(),
                    "Secretary of the Binh Thuan Provincial Party Committee".to_string()
                ),
            ]
        );
        let hit = &m.find_terms("Bí thư Tỉnh ủy Bình Thuận")[0];
        assert_eq!(&*hit.entry, "title:bi-thu-tinh-uy-province");
        assert_eq!(hit.slots["province"], "place:binh-thuan");
    }

    /// Expansions are keyed from the words around the slot and the filler's, split once; a placeholder glued to
    /// a word ("Đài PT-TH{province}" written without a space) is keyed from the whole filled text instead.
    #[test]
    fn expansions_key_alike_whether_the_slot_stands_apart_or_glued_to_a_word() {
        let mut set = PatternSet::default();
        assert!(set.slot_ids("Bí thư Tỉnh ủy {province}", "{province}").is_some());
        assert!(set.slot_ids("{province}, Việt Nam", "{province}").is_some());
        assert!(set.slot_ids("Đài PT-TH{province}", "{province}").is_none());
        let m = glossary(&format!(
            "{BASE}Đài PT-TH{{province}}\t{{province}} Radio and Television\torganization\tapproved\t\n\
             Báo {{province}} điện tử\t{{province}} Online\torganization\tapproved\t\n"
        ))
        .matcher();
        assert_eq!(spans(&m, "Đài PT-THBình Thuận")[0].1, "Binh Thuan Radio and Television");
        assert_eq!(spans(&m, "BÁO BÌNH THUẬN ĐIỆN TỬ")[0].1, "Binh Thuan Online");
        assert_eq!(
            spans(&m, "Bí thư Tỉnh uỷ Bình Thuận")[0].1,
            "Secretary of the Binh Thuan Provincial Party Committee"
        );
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

    /// Entries with punctuation, digits, acronyms and nested terms, for the tests below.
    const PUNCTUATED: &str = "vi\ten\tkind\tstatus\n\
        TP. Hồ Chí Minh\tHo Chi Minh City\tplace\tapproved\n\
        Hồ Chí Minh\tHo Chi Minh\tperson\tapproved\n\
        Bà Rịa - Vũng Tàu\tBa Ria - Vung Tau\tplace\tapproved\n\
        Chỉ thị 12-CT/TW\tDirective 12-CT/TW\tdocument\tapproved\n\
        Chỉ thị\tDirective\tdocument\tapproved\n\
        TW\tCentral\tacronym\tapproved\n\
        HĐND\tPeople's Council\tacronym\tapproved\n\
        Ủy ban nhân dân\tPeople's Committee\torganization\tapproved\n\
        ủy ban\tcommittee\tconcept\tapproved\n\
        kinh tế - xã hội\tsocio-economic\tconcept\tapproved\n\
        xã\tcommune\tplace\tapproved\n\
        Thanh Hóa\tThanh Hoa\tplace\tapproved\n\
        hòa bình\tpeace\tconcept\tapproved\n\
        năm 2025\tthe year 2025\tconcept\tapproved\n";

    fn nfd(s: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        s.nfd().collect()
    }

    /// Every hit's offsets, text and entry are those of the input as given.
    fn checked(m: &Matcher, text: &str) -> Vec<(usize, usize, String)> {
        m.find_terms(text)
            .into_iter()
            .map(|h| {
                assert_eq!(h.text, text[h.byte_start..h.byte_end]);
                assert_eq!(h.start, text[..h.byte_start].chars().count());
                assert_eq!(h.end, text[..h.byte_end].chars().count());
                (h.byte_start, h.byte_end, h.entry.to_string())
            })
            .collect()
    }

    #[test]
    fn nfd_upper_case_and_other_tone_style_match_with_original_offsets() {
        let m = glossary(PUNCTUATED).matcher();
        for form in [
            nfd("Ủy ban nhân dân"),
            "UỶ BAN NHÂN DÂN".to_string(),
            "Uỷ  ban\u{a0}nhân\u{200b} dân".to_string(),
            nfd("UỶ BAN NHÂN DÂN"),
        ] {
            let text = format!("Ông Nguyễn Văn Ân, {form}");
            let hits = checked(&m, &text);
            assert_eq!(hits.len(), 1, "{text:?}");
            assert_eq!(&text[hits[0].0..hits[0].1], form.trim_end_matches('\u{200b}'));
            assert_eq!(hits[0].2, "organization:uy-ban-nhan-dan");
        }
        assert_eq!(checked(&m, &nfd("Thanh Hoá và hoà bình")).len(), 2);
    }

    #[test]
    fn hits_at_the_start_and_end_of_a_paragraph() {
        let m = glossary(PUNCTUATED).matcher();
        let text = "xã";
        assert_eq!(checked(&m, text), [(0, text.len(), "place:xa".to_string())]);
        let text = "Thanh Hóa họp ở xã";
        let hits = checked(&m, text);
        assert_eq!(hits.len(), 2);
        assert_eq!((hits[0].0, hits[1].1), (0, text.len()));
        // Tone mark at the very end, in NFD: the hit ends after it.
        let text = nfd("ở Thanh Hóa");
        assert_eq!(checked(&m, &text)[0].1, text.len());
    }

    #[test]
    fn entries_with_punctuation_and_digits() {
        let m = glossary(PUNCTUATED).matcher();
        let ids = |text: &str| checked(&m, text).into_iter().map(|h| h.2).collect::<Vec<_>>();
        assert_eq!(ids("Ở TP. Hồ Chí Minh"), ["place:tp-ho-chi-minh"]);
        assert_eq!(ids("Ở TP.Hồ Chí Minh"), ["place:tp-ho-chi-minh"]);
        assert_eq!(ids("Ở TP Hồ Chí Minh"), ["person:ho-chi-minh"], "no dot, no city");
        assert_eq!(ids("tỉnh Bà Rịa-Vũng Tàu, Bà Rịa – Vũng Tàu"), ["place:ba-ria-vung-tau", "place:ba-ria-vung-tau"]);
        assert_eq!(ids("Chỉ thị 12-CT/TW của"), ["document:chi-thi-12-ct-tw"]);
        assert_eq!(ids("Chỉ thị 12 - CT / TW"), ["document:chi-thi-12-ct-tw"]);
        assert_eq!(ids("Chỉ thị 120-CT/TW"), ["document:chi-thi"], "TW is glued to the code");
        // A name and a title joined by a dash (nhandan.vn): the title is a word of its own.
        assert_eq!(ids("Nguyễn Trọng Nghĩa-Ủy ban nhân dân"), ["organization:uy-ban-nhan-dan"]);
        assert_eq!(ids("(Ảnh: An Đăng/HĐND)"), ["acronym:hdnd"], "an agency after a photographer's name");
        assert_eq!(ids("năm 2025 và năm 20251"), ["concept:nam-2025"]);
        assert_eq!(ids("kinh tế-xã hội; kinh tế xã hội"), ["concept:kinh-te-xa-hoi", "place:xa"], "no dash, no term");
    }

    #[test]
    fn char_offsets_after_non_ascii_text() {
        let m = glossary(PUNCTUATED).matcher();
        let text = "Đồng chí “Nguyễn” 😀 — HĐND, ủy ban và HĐND";
        let hits = m.find_terms(text);
        let found: Vec<(usize, usize, &str)> = hits.iter().map(|h| (h.start, h.end, h.text.as_str())).collect();
        let chars: Vec<char> = text.chars().collect();
        for (start, end, t) in &found {
            assert_eq!(chars[*start..*end].iter().collect::<String>(), *t);
        }
        assert_eq!(found.iter().map(|h| h.2).collect::<Vec<_>>(), ["HĐND", "ủy ban", "HĐND"]);
        assert!(m.find_terms("hđnd và Hđnd").is_empty(), "acronyms keep their case");
    }

    /// The semantics of the matcher computed the slow way, on the whole matching key of the text (as the
    /// matcher did before it worked on token ids): from each key token, the longest run of tokens whose key is
    /// a pattern and that passes the glue and case checks.
    fn reference(g: &Glossary, text: &str) -> Vec<(usize, usize, String)> {
        use crate::text::key::MatchKey;
        let by_key: HashMap<String, &Entry> = g.entries.iter().map(|e| (match_key(&e.vi), e)).collect();
        let key = MatchKey::new(text);
        let k = key.as_str();
        if k.is_empty() {
            return Vec::new();
        }
        let spaces: Vec<usize> = k.match_indices(' ').map(|(i, _)| i).collect();
        let starts: Vec<usize> = std::iter::once(0).chain(spaces.iter().map(|i| i + 1)).collect();
        let ends: Vec<usize> = spaces.iter().copied().chain([k.len()]).collect();
        let mut out = Vec::new();
        let mut t = 0;
        while t < starts.len() {
            let found = (t..starts.len()).rev().find_map(|u| {
                let entry = by_key.get(&k[starts[t]..ends[u]])?;
                let range = key.to_original(starts[t]..ends[u]);
                let case_ok = entry.kind != Kind::Acronym || {
                    let (found, wanted) = (upper_mask(&text[range.clone()]), upper_mask(&entry.vi));
                    found.len() != wanted.len() || found == wanted
                };
                (case_ok && !glued_in_original(text, &range)).then(|| (u, range, entry.id.clone()))
            });
            match found {
                Some((u, range, id)) => {
                    out.push((range.start, range.end, id));
                    t = u + 1;
                }
                None => t += 1,
            }
        }
        out
    }

    #[test]
    fn random_texts_match_like_the_whole_key_reference() {
        let g = glossary(PUNCTUATED);
        let m = g.matcher();
        let mut pieces: Vec<String> = Vec::new();
        for entry in &g.entries {
            for word in entry.vi.split(' ') {
                pieces.push(word.to_string());
                pieces.push(word.to_uppercase());
                pieces.push(nfd(word));
                pieces.push(crate::text::key::to_tone_style(word, crate::text::key::ToneStyle::New));
            }
        }
        pieces.extend(
            ["-", "–", "/", ".", ",", "\u{200b}", "\u{ad}", "12", "120", "x", "ð", "Ðà", "(", "“"].map(String::from),
        );
        let separators = ["", " ", " ", " ", "  ", "\u{a0}", "\n", "\t"];
        let mut rng = crate::test_texts::TestRng::new(0x2545_F491_4F6C_DD1D);
        let mut next = |n: usize| rng.below(n);
        let mut total = 0;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..next(16) {
                text.push_str(separators[next(separators.len())]);
                text.push_str(&pieces[next(pieces.len())]);
            }
            let expected = reference(&g, &text);
            total += expected.len();
            assert_eq!(checked(&m, &text), expected, "{text:?}");
            // The bare matches are the hits without their copies.
            let bare: Vec<_> = m
                .find_matches(&text)
                .iter()
                .map(|f| {
                    (
                        f.start,
                        f.end,
                        f.byte_start,
                        f.byte_end,
                        m.entry_of(f).to_string(),
                        m.kind_of(f),
                        m.targets_of(f).clone(),
                    )
                })
                .collect();
            let hits: Vec<_> = m
                .find_terms(&text)
                .into_iter()
                .map(|h| (h.start, h.end, h.byte_start, h.byte_end, h.entry.to_string(), h.kind, (*h.targets).clone()))
                .collect();
            assert_eq!(bare, hits, "{text:?}");
        }
        assert!(total > 1000, "the random texts hold terms: {total}");
    }

    #[test]
    fn lookup_finds_whole_keys_only() {
        let m = glossary(PUNCTUATED).matcher();
        assert_eq!(m.lookup("uỷ BAN nhân dân").map(|l| l.0), Some("organization:uy-ban-nhan-dan"));
        assert_eq!(m.lookup("Bà Rịa-Vũng Tàu").map(|l| l.2["en"].as_str()), Some("Ba Ria - Vung Tau"));
        assert!(m.lookup("ủy ban nhân").is_none());
        assert!(m.lookup_key("uy\u{309}  ban").is_none());
        assert!(m.lookup_key("").is_none());
    }

    /// A small newsroom glossary: title words, bodies with a province slot and short forms, places, a
    /// composition rule, dynamic slots, and the name lists.
    const COMPOSED: &str = "vi\ten\tkind\tstatus\tslot\tshort\n\
        Giám đốc\tDirector\ttitle\tapproved\ttitle\t\n\
        Giám đốc Sở\tDirector of the Department\ttitle\tproposed\t\t\n\
        Phó Chủ tịch\tVice Chairman\ttitle\tapproved\ttitle\t\n\
        Chủ tịch\tChairman\ttitle\tapproved\ttitle\t\n\
        Sở Văn hóa, Thể thao và Du lịch tỉnh {province}\t{province} Provincial Department of Culture, Sports and Tourism\torganization\tapproved\tbody\tSở\n\
        Ủy ban nhân dân tỉnh {province}\t{province} Provincial People's Committee\torganization\tapproved\tbody\tỦy ban\n\
        UBND tỉnh {province}\t{province} Provincial People's Committee\torganization\tapproved\tbody\t\n\
        Hội Nông dân tỉnh {province}\t{province} Provincial Farmers' Association\torganization\tapproved\tbody\tHội\n\
        Hội Nông dân Việt Nam\tVietnam Farmers' Union\torganization\tapproved\tbody\tHội Nông dân | Hội\n\
        Hội Nông dân\tFarmers' Association\torganization\tproposed\tbody\t\n\
        Bình Thuận\tBinh Thuan\tplace\tapproved\tprovince\t\n\
        Thái Bình\tThai Binh\tplace\tapproved\tprovince\t\n\
        Lâm Đồng\tLam Dong\tplace\tapproved\tprovince\t\n\
        tỉnh {province}\t{province} province\tplace\tapproved\t\t\n\
        xã {proper}\t{proper} commune\tplace\tproposed\t\t\n\
        thị xã {proper}\t{proper} town\tplace\tproposed\t\t\n\
        {title} {body}\t{title} of the {body}\ttitle\tapproved\t\t\n\
        Đại hội đại biểu toàn quốc lần thứ {ordinal} của Đảng\t{ordinal} National Party Congress\tevent\tapproved\t\t\n\
        Lễ kỷ niệm {number} năm Ngày Quốc khánh\tceremony marking the {number:nth} anniversary of National Day\tevent\tproposed\t\t\n\
        Hội nghị tổng kết công tác năm {year}\tconference reviewing the work of {year}\tevent\tproposed\t\t\n";

    fn composed() -> Matcher {
        let mut g = glossary(COMPOSED);
        let mut issues = Vec::new();
        g.names.load_bytes(
            "list\tvalue\nsurname\tLê\nsurname\tNguyễn\nsurname\tPhạm\ncue\tông\ncue\tbà\ncompound\tHội nghị\n"
                .as_bytes(),
            Path::new("name-lists.tsv"),
            &mut issues,
        );
        assert!(issues.is_empty(), "{issues:?}");
        g.matcher()
    }

    fn found(m: &Matcher, text: &str) -> Vec<(String, Kind, String)> {
        m.find(text)
            .into_iter()
            .map(|h| (h.text.clone(), h.kind, h.targets.get("en").cloned().unwrap_or_default()))
            .collect()
    }

    fn one(text: &str, kind: Kind, en: &str) -> (String, Kind, String) {
        (text.to_string(), kind, en.to_string())
    }

    #[test]
    fn a_title_word_and_a_body_compose_and_a_shorter_title_never_cuts_the_body() {
        let m = composed();
        let text = "Giám đốc Sở Văn hóa, Thể thao và Du lịch tỉnh Bình Thuận phát biểu.";
        assert_eq!(
            found(&m, text),
            [one(
                "Giám đốc Sở Văn hóa, Thể thao và Du lịch tỉnh Bình Thuận",
                Kind::Title,
                "Director of the Binh Thuan Provincial Department of Culture, Sports and Tourism"
            )]
        );
        let hit = &m.find(text)[0];
        assert_eq!(hit.slots["title"], "title:giam-doc");
        assert_eq!(hit.slots["body"], "organization:so-van-hoa-the-thao-va-du-lich-tinh-province");
        assert_eq!(
            found(&m, "Phó Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng Nguyễn Văn Phương"),
            [
                one(
                    "Phó Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng",
                    Kind::Title,
                    "Vice Chairman of the Lam Dong Provincial People's Committee"
                ),
                one("Nguyễn Văn Phương", Kind::Person, "Nguyen Van Phuong"),
            ]
        );
    }

    #[test]
    fn a_provincial_association_is_not_the_national_one_and_short_forms_refer_back() {
        let m = composed();
        assert_eq!(
            found(&m, "Chủ tịch Hội Nông dân tỉnh Bình Thuận dự họp. Hội đã tổ chức 12 lớp tập huấn."),
            [
                one(
                    "Chủ tịch Hội Nông dân tỉnh Bình Thuận",
                    Kind::Title,
                    "Chairman of the Binh Thuan Provincial Farmers' Association"
                ),
                one("Hội", Kind::Organization, "Binh Thuan Provincial Farmers' Association"),
            ]
        );
        // The national union named first: its short forms are the union, not any farmers' association.
        let hits = m.find_article(&[
            "Hội Nông dân Việt Nam kỷ niệm 95 năm thành lập.",
            "Hội Nông dân đã vận động hội viên. Hội nghị tổng kết công tác năm 2024 diễn ra sau đó.",
        ]);
        let second: Vec<(&str, &str)> = hits[1].iter().map(|h| (h.text.as_str(), h.targets["en"].as_str())).collect();
        assert_eq!(
            second,
            [
                ("Hội Nông dân", "Vietnam Farmers' Union"),
                ("Hội nghị tổng kết công tác năm 2024", "conference reviewing the work of 2024")
            ]
        );
        // Without the full name before it, "Sở" is no body ("Sở dĩ" never was one).
        assert!(found(&m, "Sở đã làm việc. Sở dĩ như vậy.").is_empty());
    }

    #[test]
    fn common_words_are_not_names() {
        let m = composed();
        // "thái bình" (peaceful), "xã hội" (society), "Thị xã" alone (town): no place.
        assert!(found(&m, "Cuộc sống thái bình, xã hội ổn định.").is_empty());
        assert!(found(&m, "Thị xã đã hoàn thành kế hoạch.").is_empty());
        // seed article: "biển đảo Việt Nam" (the seas and islands of Vietnam) is no island named Việt Nam.
        assert!(found(&m, "tình hình biên giới, biển xã Bình Thuận").iter().all(|h| h.0 != "xã Bình Thuận"));
        assert_eq!(found(&m, "tỉnh Thái Bình"), [one("tỉnh Thái Bình", Kind::Place, "Thai Binh province")]);
        assert_eq!(found(&m, "TỈNH THÁI BÌNH"), [one("TỈNH THÁI BÌNH", Kind::Place, "Thai Binh province")]);
        assert_eq!(
            found(&m, "về xã Hòa Thắng, thị xã La Gi"),
            [one("xã Hòa Thắng", Kind::Place, "Hoa Thang commune"), one("thị xã La Gi", Kind::Place, "La Gi town")]
        );
        assert_eq!(found(&m, "Xã Hòa Thắng có 5 thôn."), [one("Xã Hòa Thắng", Kind::Place, "Hoa Thang commune")]);
        // A capitalized unit word inside a sentence is part of a name: "cửa khẩu Xã Vược" is no commune.
        assert!(found(&m, "qua cửa khẩu Xã Vược").is_empty());
    }

    #[test]
    fn people_are_found_rendered_without_diacritics_and_a_name_like_a_term_is_reported() {
        let m = composed();
        assert_eq!(found(&m, "bà Lê Thị Thu Hà cho biết"), [one("Lê Thị Thu Hà", Kind::Person, "Le Thi Thu Ha")]);
        let hits = m.find("ông Thái Bình phát biểu");
        assert_eq!((hits[0].text.as_str(), hits[0].kind), ("Thái Bình", Kind::Person));
        assert_eq!(hits[0].alternatives, ["place:thai-binh"]);
        // A headline in capitals is no name.
        assert!(found(&m, "LÂM ĐỒNG TỔ CHỨC HỘI NGHỊ").iter().all(|h| h.1 != Kind::Person));
        // baoquangnam.vn, "Ảnh: X.P": a photographer's initials after a cue are no name; a name there still is.
        assert!(found(&m, "ông X.P cho biết").is_empty());
        assert_eq!(found(&m, "ông Dũng cho biết"), [one("Dũng", Kind::Person, "Dung")]);
    }

    #[test]
    fn a_title_next_to_a_womans_name_is_feminine() {
        let m = composed();
        // baogialai.com.vn, 2026: "Tiếp đoàn có Phó Chủ tịch UBND tỉnh Nguyễn Thị Thanh Lịch".
        let hits = found(&m, "Tiếp đoàn có Phó Chủ tịch UBND tỉnh Bình Thuận Nguyễn Thị Thanh Lịch.");
        assert_eq!(hits[0].2, "Vice Chairwoman of the Binh Thuan Provincial People's Committee");
        let hits = found(&m, "bà Phạm Thu Hà, Chủ tịch UBND tỉnh Bình Thuận");
        assert_eq!(hits[1].2, "Chairwoman of the Binh Thuan Provincial People's Committee");
        let hits = found(&m, "ông Phạm Văn Hậu, Chủ tịch UBND tỉnh Bình Thuận");
        assert_eq!(hits[1].2, "Chairman of the Binh Thuan Provincial People's Committee");
    }

    #[test]
    fn ordinals_numbers_and_years_fill_event_patterns() {
        let m = composed();
        assert_eq!(
            found(&m, "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"),
            [one("Đại hội đại biểu toàn quốc lần thứ XIII của Đảng", Kind::Event, "13th National Party Congress")]
        );
        assert_eq!(
            found(&m, "Lễ kỷ niệm 80 năm Ngày Quốc khánh"),
            [one(
                "Lễ kỷ niệm 80 năm Ngày Quốc khánh",
                Kind::Event,
                "ceremony marking the 80th anniversary of National Day"
            )]
        );
        assert!(found(&m, "Đại hội đại biểu toàn quốc lần thứ XIIII của Đảng").is_empty(), "not a Roman numeral");
    }

    #[test]
    fn a_clone_and_a_busy_cache_give_the_same_hits() {
        let m = glossary(PUNCTUATED).matcher();
        let text = "Uỷ ban nhân dân TP. Hồ Chí Minh";
        let first = m.find_terms(text);
        assert_eq!(m.clone().find_terms(text), first);
        let busy = m.scratch.lock().unwrap();
        assert_eq!(m.find_terms(text), first);
        drop(busy);
    }
}
