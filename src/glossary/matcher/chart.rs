//! Matching with composition. Every pattern that starts at every token is collected (not only the longest),
//! then people are found by their names, composition rules ([`crate::glossary::compose`]) are matched over what
//! was found, short forms that refer back to a body named before are added, and the hits are chosen
//! leftmost-longest from all of it. A longer composed title therefore beats a shorter title that would cut a
//! body in two ("Giám đốc Sở" + "Văn hóa, Thể thao và Du lịch …").
//!
//! Candidates at one span are ranked: a person in the term bases, then a person named after a cue word or a
//! title ("ông Thái Bình" is a man even where Thái Bình is a province — the other reading is reported), then
//! plain terms, slot expansions, composed patterns and short forms, and last a capitalized run that starts
//! with a surname, then a run of foreign words.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use super::syllables::{token_ranges, FastMap, Token, NONE};
use super::{
    glued_in_original, is_acronym_word, push_english_filler, Matcher, PatternSet, CHECK_ANY_CAP, CHECK_CAPS,
    CHECK_CASE_MASK,
};
use crate::glossary::compose::{slot_base, DynamicSlot};
use crate::glossary::{slot_names, Entry, Glossary, Kind, Status};
use crate::localize::syllable::could_be_syllable;
use crate::localize::{ordinal_en, roman_to_int};
use crate::text::key::match_key;

/// "Fills no slot".
pub(super) const NO_CLASS: u16 = u16::MAX;

/// Longest run of capitalized syllables taken as a person's name or a local place name.
const MAX_NAME_TOKENS: usize = 6;
const MAX_PROPER_TOKENS: usize = 4;
/// How many tokens back a title is looked for before a unit word.
const MAX_TITLE_REACH: usize = 16;

/// Ranks of candidates that cover the same span (lower wins).
const CLASS_PERSON_TERM: u8 = 0;
const CLASS_CUED_PERSON: u8 = 1;
/// A short form of a body this article named beats the generic term of the same words ("Hội Nông dân" after
/// "Hội Nông dân Việt Nam" is the national union, not any farmers' association).
const CLASS_SHORT: u8 = 2;
const CLASS_TERM: u8 = 3;
const CLASS_EXPANSION: u8 = 4;
const CLASS_COMPOSED: u8 = 5;
const CLASS_SURNAME_PERSON: u8 = 6;
/// A run of foreign words ("Budi Karya Sumadi"): it may follow a cue or another capitalized word, which a run
/// from a Vietnamese surname may not.
const CLASS_FOREIGN_PERSON: u8 = 7;

/// One element of a composition rule.
#[derive(Debug, Clone)]
enum Element {
    /// Tokens of the pattern's own text, with which of them must be capitalized in the text.
    Literal { ids: Box<[u32]>, caps: Box<[bool]> },
    /// A slot filled by terms whose entry fills it.
    Class { name: Arc<str>, class: u16 },
    /// A slot filled by recognized text.
    Dynamic { name: Arc<str>, slot: DynamicSlot },
}

#[derive(Debug, Clone)]
struct Rule {
    entry: Arc<str>,
    kind: Kind,
    /// The slot class a match of this rule fills, or [`NO_CLASS`].
    fills: u16,
    /// More literal words first, then approved before proposed, then earlier rows.
    rank: u32,
    elements: Box<[Element]>,
    /// (language index, rendering template).
    templates: Box<[(u16, Box<str>)]>,
    /// A place pattern that starts with a lowercase unit word before a recognized slot ("xã {proper}").
    lower_unit: bool,
}

/// The rules, lists and short forms the matcher uses beyond its trie.
#[derive(Debug, Clone, Default)]
pub(super) struct Composer {
    /// In dependency order: a rule comes after every rule that fills a slot it uses.
    rules: Vec<Rule>,
    /// The last two words of the unit words of two or more words place rules start with ("thị xã {proper}") and of
    /// the name lists' `plain` words ("đông đảo"), sorted: the one-word unit rule starting at the second ("xã
    /// {proper}", "đảo {proper}") is not there, nor a named place whose first, lower-case word is the second ("vùng
    /// Đồng bằng sông Cửu Long" after "nội"); see [`Composer::ends_plain_word`].
    unit_tails: Vec<(u32, u32)>,
    /// The slot class of cities ("Nha Trang", "Bắc Kinh"), or [`NO_CLASS`].
    city_class: u16,
    /// The class countries fill: a country written "Đan mạch" is named mid-sentence alone.
    country_class: u16,
    /// The token ids of "-" (any dash) and ",", which join the names of a byline line.
    byline_separators: Vec<u32>,
    /// The class regions fill: "Nam bộ", "Tây Nam bộ" are written so as often as with the capital.
    region_class: u16,
    /// The class provinces fill ([`Antecedent::other_place_at`]).
    province_class: u16,
    /// The class of words naming several provinces at once ("các tỉnh, thành phố"): after them a body's short form
    /// no longer stands for the one province's body named before.
    provinces_class: u16,
    /// Province entry id → its number, one per English name: spellings of one province ("Đắk Nông", "Đăk Nông")
    /// are entries of their own, and the same province.
    province_numbers: HashMap<Arc<str>, u16>,
    /// Per pattern, the number of the province it names (itself, or its `{province}` slot's), or [`NO_PROVINCE`].
    pub(super) pattern_province: Vec<u16>,
    /// The class of degrees and honours written before a name ("Bác sĩ", "Tiến sĩ", "Nghệ sĩ Nhân dân"): in lower
    /// case and before no name they are common nouns ("cán bộ, y, bác sĩ", "dịch vụ bác sĩ Cuba").
    honorific_class: u16,
    /// Per token id: some rule starts with a literal whose first token is this one.
    first_literal: Vec<bool>,
    /// Rules that start with a slot.
    slot_first: Vec<usize>,
    /// Rules' first literals → the rules (indexes).
    by_first_literal: LiteralTrie,
    /// Per token id: the first literal after a one-token number slot of some rule ("{number} năm").
    after_number: Vec<bool>,
    /// Those literals → the rules.
    by_literal_after_number: LiteralTrie,
    /// Rules of the form "{literal} {number} {literal} …" ("kỷ niệm {number} năm Ngày …"), keyed by the literal
    /// after the number: hundreds of anniversaries share "kỷ niệm", few the words after the count. The literal
    /// before the number is compared where the number is.
    by_literal_after_inner_number: LiteralTrie,
    /// Per token id: a surname.
    surname: Vec<bool>,
    cues: Vec<Box<[u32]>>,
    /// Per token id: the last token of some cue word.
    cue_end: Vec<bool>,
    compounds: Vec<Box<[u32]>>,
    /// The name lists' `generic` words, after which a short form is not the body named before when that body is
    /// one of [`Composer::one_of_many`].
    generic_before: Vec<Box<[u32]>>,
    /// The name lists' `plural` words, after which a body of one or two words is no name ("hai Đảng").
    plural_before: Vec<Box<[u32]>>,
    /// The name lists' `counted` units, after a number or a plural word after a short form ("Công an tỉnh 03 tỉnh").
    counted_units: Vec<Box<[u32]>>,
    /// The name lists' `capital-unit` words, sorted: a place rule starting with one matches with a capital inside a
    /// sentence.
    capital_units: Vec<u32>,
    /// Bodies with short forms that are one of many of their kind: a branch of an organisation, whose name holds a
    /// slot ("Đoàn TNCS Hồ Chí Minh tỉnh {province}"), or a body named by a common noun ("đoàn đại biểu", a
    /// delegation). After a generic word the short form names the kind ("công tác Đoàn": Youth Union work), not them.
    one_of_many: HashSet<Arc<str>>,
    /// The name lists' places whose people are named in their Sino-Vietnamese reading, as token ids.
    hanviet_places: Vec<Box<[u32]>>,
    /// Per token id: the last token of one of those places.
    hanviet_end: Vec<bool>,
    /// Token ids of the name lists' list heads ("Sở", "Bộ"): a head written once before several bodies.
    list_heads: Vec<u32>,
    /// Per slot class: some rule starts with it (a candidate filling it may begin a composed match).
    class_first: Vec<bool>,
    /// Rules that start with a recognized slot need digits (`{number}`, `{year}`, `{ordinal}`) or names.
    digits_first: bool,
    names_first: bool,
    /// Entry id → its short forms as token ids.
    short_forms: FastMap<Arc<str>, Vec<Box<[u32]>>>,
    /// (entry id, short form) where the body's own name starts with its short form ("Ban Chỉ đạo" of "Ban Chỉ đạo
    /// Phòng thủ dân sự quốc gia"): there the form is the body's head noun, even where the name lists keep it as an
    /// ordinary word.
    heads_of_names: FastMap<Arc<str>, Vec<Box<[u32]>>>,
    /// (title word's entry, body's entry) → the row that names that title of that body in full, when the body
    /// has short forms: "phó chủ tịch Liên đoàn" after the Vietnam Bar Federation is its Vice President, as the
    /// row "Phó Chủ tịch Liên đoàn Luật sư Việt Nam" says, not the generic Vice Chairman.
    titles_of_bodies: FastMap<(Arc<str>, Arc<str>), TitleOfBody>,
    /// Per token id: some short form starts with it.
    short_first: Vec<bool>,
    /// Indexes of the languages written in Latin script (a name keeps its letters there).
    latin: Vec<u16>,
    /// Per pattern: the slot class its entry fills.
    pub(super) fills: Vec<u16>,
    /// Per pattern: its entry has short forms.
    pub(super) pattern_has_short: Vec<bool>,
    /// Entry id → the slot class it fills, for the entries with short forms.
    entry_fills: FastMap<Arc<str>, u16>,
    /// Per token id, the tables above as bits ([`SURNAME`], [`CUE_END`], …): the passes over a text's tokens
    /// read one small table instead of five.
    token_flags: Vec<u16>,
    /// The glossary has name lists, so people not in its term bases are looked for.
    people: bool,
    /// The token id of "phó" (deputy): a title right after it is the deputy's, which the title alone does not
    /// render.
    deputy: Option<u32>,
    /// The name lists' abbreviations as token ids, with the ids of the words each stands for: a pattern is
    /// walked through the words where the text writes the abbreviation ("UV BCH T.Ư Đảng").
    abbreviations: Vec<Abbreviation>,
    /// Token ids of the number words an ordinal is written with ("bảy", "nhất"), with their values and whether
    /// they make an ordinal alone ([`ORDINAL_WORDS`]).
    ordinal_words: Vec<(u32, u32, bool)>,
    /// The token id of "thứ", before which a number is an ordinal ("kỳ họp thứ IX").
    ordinal_marker: Option<u32>,
}

/// An abbreviation of the name lists ("UBND") and the words it stands for ("Ủy ban nhân dân"), as token ids.
#[derive(Debug, Clone)]
struct Abbreviation {
    short: Box<[u32]>,
    words: Box<[u32]>,
}

/// One walk through the trie from a token: the node it reached, the last token it read, its detours, whether the
/// node's pattern is still to be looked at, and whether it read a word of the text as itself (a pattern read from
/// abbreviations alone is not found: an abbreviation alone is its own term).
#[derive(Debug, Clone, Copy)]
struct Walk {
    node: u32,
    last: usize,
    detours: Detours,
    report: bool,
    itself: bool,
}

/// The walks from one token still to go (a few: one per abbreviation or bracket met), without allocating.
#[derive(Default)]
struct Waiting {
    walks: [Option<Walk>; 8],
    len: usize,
}

impl Waiting {
    fn push(&mut self, walk: Walk) {
        if walk.node != NONE && self.len < self.walks.len() {
            self.walks[self.len] = Some(walk);
            self.len += 1;
        }
    }

    fn pop(&mut self) -> Option<Walk> {
        self.len = self.len.checked_sub(1)?;
        self.walks[self.len].take()
    }
}

/// Most places where one walk through the trie reads the text other than token by token.
const MAX_DETOURS: usize = 6;

/// Where a walk through the trie read the text other than token by token: an abbreviation walked as the words it
/// stands for, or an acronym in brackets passed over inside a name ("Tòa án nhân dân (TAND) tỉnh Trà Vinh").
/// Each is (its first token after the walk's first, tokens of the text, tokens of the key).
#[derive(Debug, Clone, Copy, Default)]
struct Detours {
    len: u8,
    at: [(u16, u8, u8); MAX_DETOURS],
}

impl Detours {
    fn with(mut self, at: usize, text_tokens: usize, key_tokens: usize) -> Option<Detours> {
        if usize::from(self.len) == MAX_DETOURS || at > usize::from(u16::MAX) || text_tokens > 255 || key_tokens > 255 {
            return None;
        }
        self.at[usize::from(self.len)] = (at as u16, text_tokens as u8, key_tokens as u8);
        self.len += 1;
        Some(self)
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Are the key tokens of a pattern with capitals `caps` capitalized where they must be in the text
    /// `tokens[first..]`, the detours' tokens aside (an abbreviation is written in capitals)?
    fn caps_fit(&self, caps: &[bool], any: bool, text: &str, tokens: &[Token], first: usize, last: usize) -> bool {
        // Read through an abbreviation (written in capitals), a body is named.
        if any && !self.is_empty() {
            return true;
        }
        let (mut j, mut k, mut next) = (first, 0, 0);
        while j <= last && k < caps.len() {
            if next < usize::from(self.len) && first + usize::from(self.at[next].0) == j {
                let (_, text_tokens, key_tokens) = self.at[next];
                j += usize::from(text_tokens);
                k += usize::from(key_tokens);
                next += 1;
                continue;
            }
            if caps[k] && !is_capital(text, &tokens[j]) {
                return false;
            }
            j += 1;
            k += 1;
        }
        true
    }
}

/// [`Composer::token_flags`] bits.
const SURNAME: u16 = 1;
const CUE_END: u16 = 2;
const FIRST_LITERAL: u16 = 4;
const AFTER_NUMBER: u16 = 8;
const SHORT_FIRST: u16 = 16;
/// The last word of a lower-case unit word a place's name follows in the term bases ("xã", "huyện", "phủ" of
/// "phủ Osaka", "xã {proper}", "tỉnh {province}").
const UNIT: u16 = 32;
const THING_WORD: u16 = 64;
/// A word that cannot be one Vietnamese syllable ("budi", "castro").
const FOREIGN_WORD: u16 = 128;
/// The first token of an abbreviation of the name lists, or an opening bracket: a walk through the trie may take a
/// detour there.
const DETOUR: u16 = 256;
/// A word of the name lists' `particle` list ("bin", "van"), which a foreign person's name may hold.
const NAME_PARTICLE: u16 = 512;
/// The last word of a title word (slot `title`) or of a rule's words right before its `{body}` ("Trưởng" of
/// "Trưởng {body}"): a capital there does not make a short form after it part of another name ("Phó Trưởng Ban
/// Chỉ đạo").
const BEFORE_BODY: u16 = 1024;
/// A word of the name lists' `opener` list ("Tại", "Theo"): no name goes on through it.
const OPENER: u16 = 2048;
/// The last word of a longer unit word or of a `plain` word ("xã" of "thị xã", "vùng" of "nội vùng").
const PLAIN_TAIL: u16 = 4096;

/// A table of `len` flags with those of `ids` set.
fn marked(len: usize, ids: impl IntoIterator<Item = u32>) -> Vec<bool> {
    let mut table = vec![false; len];
    for id in ids {
        table[id as usize] = true;
    }
    table
}

/// Token-id sequences (the literals rules start with) → the rules whose literal each one is.
#[derive(Debug, Clone, Default)]
struct LiteralTrie {
    /// Token id → the node of the one-token literal, or [`NONE`]: a table, as most lookups end there.
    first: Vec<u32>,
    /// (node, token id) → node past the first token; node 0 is the root.
    edges: FastMap<(u32, u32), u32>,
    /// Per node: the rules whose literal ends there.
    rules: Vec<Vec<u32>>,
}

impl LiteralTrie {
    fn insert(&mut self, ids: &[u32], rule: u32) {
        if self.rules.is_empty() {
            self.rules.push(Vec::new());
        }
        let Some((&head, rest)) = ids.split_first() else { return };
        if self.first.len() <= head as usize {
            self.first.resize(head as usize + 1, NONE);
        }
        if self.first[head as usize] == NONE {
            self.first[head as usize] = self.rules.len() as u32;
            self.rules.push(Vec::new());
        }
        let mut node = self.first[head as usize];
        for &id in rest {
            let next = self.rules.len() as u32;
            node = *self.edges.entry((node, id)).or_insert(next);
            if node == next {
                self.rules.push(Vec::new());
            }
        }
        self.rules[node as usize].push(rule);
    }

    /// `found(rule)` for every rule whose literal starts `tokens`.
    fn find(&self, tokens: &[Token], mut found: impl FnMut(u32)) {
        let Some((head, rest)) = tokens.split_first() else { return };
        let mut node = match self.first.get(head.id as usize) {
            Some(&node) if node != NONE => node,
            _ => return,
        };
        self.rules[node as usize].iter().for_each(|&rule| found(rule));
        for token in rest {
            match self.edges.get(&(node, token.id)) {
                Some(&next) => node = next,
                None => return,
            }
            self.rules[node as usize].iter().for_each(|&rule| found(rule));
        }
    }
}

/// Languages whose script is not Latin: a Vietnamese name is not written letter for letter there.
const NON_LATIN: &[&str] = &[
    "zh", "ja", "ko", "ru", "uk", "bg", "sr", "mk", "be", "ar", "fa", "he", "th", "lo", "km", "my", "hi", "el", "ka",
    "hy", "mn",
];

/// Whether a capitalized syllable of an entry must be capitalized in the text: in names of places, people and
/// bodies ("Hội Nông dân" is the association, "hội nông dân" any farmers' group; "Chính phủ" is the Government,
/// "phi chính phủ" non-governmental), never in titles, events and concepts (writers vary; their place and body
/// slots carry the capitals).
fn capital_required(kind: Kind) -> bool {
    matches!(kind, Kind::Place | Kind::Person | Kind::Organization)
}

/// Per token of `text`, whether it must be capitalized in a match, for an entry of `kind`. A body needs one
/// capital: the official spelling rules capitalize a body's first syllable and its distinctive name, and writers
/// apply them unevenly ("Viện kiểm sát nhân dân tỉnh", "Ban chấp hành", "huyện ủy Duy Xuyên", "ủy ban MTTQ
/// huyện"), while a capital is what tells the body from the common words ("hội nông dân", "phi chính phủ"). With
/// `every_capital` a body's capitals are all marked, of which a match needs one ([`any_capital`]); without it (a
/// composition rule's literal) only the first is marked. Places and people keep every capital: "Vũng tàu" is a
/// writer's slip, "thái bình" a common word.
fn caps_of(text: &str, kind: Kind, every_capital: bool) -> Vec<bool> {
    let required = capital_required(kind);
    let mut first_only = kind == Kind::Organization && !every_capital;
    token_ranges(text)
        .iter()
        .map(|&(start, end)| {
            let capital = required && text[start..end].chars().next().is_some_and(char::is_uppercase);
            if capital && first_only {
                first_only = false;
                return true;
            }
            capital && (every_capital || kind != Kind::Organization)
        })
        .collect()
}

/// The capitals a pattern needs, or None when it needs none. An organization's are its capitalized syllables (and
/// its filler's), of which the text must write one ([`any_capital`]).
pub(super) fn pattern_caps(entry: &Entry) -> Option<Box<[bool]>> {
    let caps = caps_of(&entry.vi, caps_kind(entry), any_capital(entry.kind));
    caps.iter().any(|&c| c).then(|| caps.into())
}

/// A word of the `capitalized` class names something only capitalized, as a place's name does: "Hội nghị" is the
/// conference the article names, "các hội nghị" any conferences.
fn caps_kind(entry: &Entry) -> Kind {
    if entry.slot.as_deref() == Some("capitalized") {
        Kind::Place
    } else {
        entry.kind
    }
}

/// [`pattern_caps`] of the expansions of one slot of an entry: the entry's words around the slot are split once,
/// and each filler's words once per build (in `fillers`, by filler id), where thousands of expansions share them.
pub(super) struct SlotCaps {
    before: Vec<bool>,
    after: Vec<bool>,
    every: bool,
}

impl SlotCaps {
    /// None when `entry` does not write `placeholder` ("{province}").
    pub(super) fn new(entry: &Entry, placeholder: &str) -> Option<SlotCaps> {
        let every = any_capital(entry.kind);
        let kind = caps_kind(entry);
        let (before, after) = entry.vi.split_once(placeholder)?;
        Some(SlotCaps { before: caps_of(before, kind, every), after: caps_of(after, kind, every), every })
    }

    /// The capitals of the expansion with `filler`, or None when it needs none.
    pub(super) fn with<'e>(
        &self,
        filler: &'e Entry,
        fillers: &mut HashMap<(&'e str, bool), Vec<bool>>,
    ) -> Option<Box<[bool]>> {
        let middle = fillers
            .entry((filler.id.as_str(), self.every))
            .or_insert_with(|| caps_of(&filler.vi, filler.kind, self.every));
        let any = [&self.before, &*middle, &self.after].iter().any(|part| part.contains(&true));
        any.then(|| [&self.before[..], middle, &self.after[..]].concat().into())
    }
}

/// Does a pattern of `kind` need only one of its capitals in the text? A body is named as soon as one word of its
/// name is capitalized: "huyện ủy Duy Xuyên", "Tỉnh ủy tỉnh Lâm Đồng", "ủy ban MTTQ huyện" are written so; "hội nông
/// dân" in lower case is any farmers' association.
pub(super) fn any_capital(kind: Kind) -> bool {
    kind == Kind::Organization
}

/// Are the capitals `caps` of a pattern of `kind` (a place's, country's or person's; titles and events carry
/// their place's), some of which the text `tokens[first..]` does not write, written well enough? A place or
/// country whose first syllable is capitalized and a later one not ("Vũng tàu", "Đan mạch") is a writer's slip,
/// and still that name where something else says it is one: the pattern's own words before it ("thành phố Vũng
/// tàu", "tỉnh Bà Rịa – Vũng tàu"), or for a country or region (`alone`) a capital that is not a sentence's ("Nam
/// bộ"). Another place named alone is not: "giải Nobel Hòa bình" is the Peace Prize, not Hoa Binh province.
/// People's names keep every capital.
fn capitals_slipped_fit(text: &str, tokens: &[Token], first: usize, caps: &[bool], kind: Kind, alone: bool) -> bool {
    let mut slipped = false;
    for (k, (&need, token)) in caps.iter().zip(&tokens[first..]).enumerate() {
        if !need || is_capital(text, token) {
            continue;
        }
        let after_capital = k > 0 && caps[k - 1] && is_capital(text, &tokens[first + k - 1]);
        if !after_capital || kind == Kind::Person {
            return false;
        }
        slipped = true;
    }
    if !slipped {
        return true;
    }
    let name_start = caps.iter().position(|&c| c).unwrap_or(0);
    if alone {
        !starts_sentence(text, tokens, first + name_start)
    } else {
        name_start > 0
    }
}

/// The entry of a per-token-id table (false for ids past its end: tokens no pattern has).
fn flag(table: &[bool], id: u32) -> bool {
    table.get(id as usize).copied().unwrap_or(false)
}

impl Composer {
    /// The literal after the count of a rule "{literal} {number} {literal} …" whose count is digits: not after
    /// "thứ", where a Roman numeral fills it ("kỳ họp thứ IX").
    fn inner_number_key<'r>(&self, rule: &'r Rule) -> Option<&'r [u32]> {
        let [Element::Literal { ids: before, .. }, Element::Dynamic { slot, .. }, Element::Literal { ids: after, .. }, ..] =
            &*rule.elements
        else {
            return None;
        };
        let digits = matches!(slot, DynamicSlot::Number | DynamicSlot::Year);
        (digits && before.last().copied() != self.ordinal_marker).then_some(&**after)
    }

    /// Does one of the name lists' compounds, an ordinary word ("Hội nghị", "Lãnh đạo"), start at token `i`?
    fn compound_at(&self, tokens: &[Token], i: usize) -> bool {
        self.compounds.iter().any(|c| ids_at(tokens, i, c))
    }

    /// Does a count of places or bodies follow token `end`: a number or a `plural` word, then a `counted` unit
    /// ("03 tỉnh", "hai nước")?
    fn counted_after(&self, text: &str, tokens: &[Token], end: usize) -> bool {
        let Some(count) = tokens.get(end) else {
            return false;
        };
        let count_len = if is_number(&text[count.start as usize..count.end as usize]) {
            1
        } else {
            longest_phrase_at(tokens, end, &self.plural_before)
        };
        count_len > 0 && self.counted_units.iter().any(|u| ids_at(tokens, end + count_len, u))
    }

    /// The length in tokens of the longest compound starting at token `i`, 0 if none.
    fn compound_len_at(&self, tokens: &[Token], i: usize) -> usize {
        longest_phrase_at(tokens, i, &self.compounds)
    }

    /// Does a place of the `hanviet` list end right before token `end`?
    fn hanviet_place_ends_at(&self, tokens: &[Token], end: usize) -> bool {
        end > 0
            && flag(&self.hanviet_end, tokens[end - 1].id)
            && self.hanviet_places.iter().any(|p| end >= p.len() && ids_at(tokens, end - p.len(), p))
    }

    /// Does a place of the `hanviet` list end within tokens `from..end` (after token `from`)?
    fn hanviet_place_within(&self, tokens: &[Token], from: usize, end: usize) -> bool {
        (from + 1..=end).any(|at| self.hanviet_place_ends_at(tokens, at))
    }

    /// The [`Composer::token_flags`] of token id `id` (none for ids past the table: tokens no pattern has).
    #[inline]
    fn flags(&self, id: u32) -> u16 {
        self.token_flags.get(id as usize).copied().unwrap_or(0)
    }
}

/// The [`case_of`] bits of the token's first character; an ASCII letter, the most common first byte, is read
/// without decoding.
fn first_case(text: &str, token: &Token) -> u8 {
    match text.as_bytes().get(token.start as usize) {
        Some(&b) if b.is_ascii_uppercase() => UPPER | ALPHABETIC,
        Some(&b) if b.is_ascii_lowercase() => LOWER | ALPHABETIC,
        Some(&b) if b < 0x80 => 0,
        Some(_) => text[token.start as usize..token.end as usize].chars().next().map_or(0, case_of),
        None => 0,
    }
}

/// The title rows that are a title word (slot `title`) followed by a body with short forms, both rows of the
/// term bases: see [`Composer::titles_of_bodies`].
fn titles_of_bodies(
    glossary: &Glossary,
    short_forms: &FastMap<Arc<str>, Vec<Box<[u32]>>>,
    mut ids_of: impl FnMut(&str) -> Box<[u32]>,
) -> FastMap<(Arc<str>, Arc<str>), TitleOfBody> {
    let mut found = FastMap::default();
    if short_forms.is_empty() {
        return found;
    }
    let usable = |e: &&Entry| e.status != Status::Forbidden && !e.vi.contains('{');
    let mut title_words: HashMap<Box<[u32]>, Vec<Arc<str>>> = HashMap::new();
    for entry in glossary.entries.iter().filter(usable).filter(|e| e.slot.as_deref() == Some("title")) {
        title_words.entry(ids_of(&entry.vi)).or_default().push(Arc::from(entry.id.as_str()));
    }
    let mut bodies: HashMap<Box<[u32]>, Vec<Arc<str>>> = HashMap::new();
    for entry in glossary.entries.iter().filter(usable).filter(|e| short_forms.contains_key(e.id.as_str())) {
        bodies.entry(ids_of(&entry.vi)).or_default().push(Arc::from(entry.id.as_str()));
    }
    for entry in glossary.entries.iter().filter(usable).filter(|e| e.kind == Kind::Title && e.slot.is_none()) {
        let ids = ids_of(&entry.vi);
        for split in 1..ids.len() {
            let (Some(titles), Some(named)) = (title_words.get(&ids[..split]), bodies.get(&ids[split..])) else {
                continue;
            };
            let row = TitleOfBody { entry: Arc::from(entry.id.as_str()), targets: Arc::new(entry.targets.clone()) };
            for title in titles {
                for body in named {
                    found.entry((title.clone(), body.clone())).or_insert_with(|| row.clone());
                }
            }
        }
    }
    found
}

/// Is the text token a capitalized syllable ("Bình", "BÌNH")?
fn is_capital(text: &str, token: &Token) -> bool {
    first_case(text, token) & UPPER != 0
}

/// Does `token` start with a lower-case letter?
fn lower_word(text: &str, token: &Token) -> bool {
    first_case(text, token) & LOWER != 0
}

/// [`case_of`] bits.
const UPPER: u8 = 1;
const LOWER: u8 = 2;
const ALPHABETIC: u8 = 4;

/// `char::is_uppercase`, `is_lowercase` and `is_alphabetic` of `c` as bits, by table below U+2000 (every
/// Vietnamese letter): the standard functions search Unicode tables for anything past ASCII, and the chart
/// asks for the case of most tokens.
#[inline]
fn case_of(c: char) -> u8 {
    const TABLE_LEN: u32 = 0x2000;
    fn compute(c: char) -> u8 {
        (if c.is_uppercase() { UPPER } else { 0 })
            | (if c.is_lowercase() { LOWER } else { 0 })
            | (if c.is_alphabetic() { ALPHABETIC } else { 0 })
    }
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    if (c as u32) < TABLE_LEN {
        let table = TABLE.get_or_init(|| (0..TABLE_LEN).map(|cp| char::from_u32(cp).map_or(0, compute)).collect());
        table[c as usize]
    } else {
        compute(c)
    }
}

/// Is the text token written like a name ("Bình", "A"), not in capitals throughout ("BÌNH", a headline)? Its
/// first letter is upper case, and it is one character long or has a lower-case character after the first.
fn is_name_syllable(text: &str, token: &Token) -> bool {
    let mut chars = text[token.start as usize..token.end as usize].chars();
    let Some(first) = chars.next() else { return false };
    let first_letter = match case_of(first) {
        case if case & ALPHABETIC != 0 => case,
        _ => match chars.clone().map(case_of).find(|case| case & ALPHABETIC != 0) {
            Some(case) => case,
            None => return false,
        },
    };
    if first_letter & UPPER == 0 {
        return false;
    }
    let rest = chars.as_str();
    rest.is_empty() || rest.chars().any(|c| case_of(c) & LOWER != 0)
}

/// Is `token` a word written as a name (a capital, then lower-case letters) that cannot be one Vietnamese syllable
/// ("Budi", "Castro", "José")? Mixed case ("CHỈkinh") and words glued together ("MinhĐà") are not names.
fn is_foreign_name_word(text: &str, token: &Token, composer: &Composer) -> bool {
    // A word the term bases know was judged when the matcher was built: most words are known and most are not
    // foreign, so this comes first.
    if token.id != NONE && composer.flags(token.id) & FOREIGN_WORD == 0 {
        return false;
    }
    let raw = &text[token.start as usize..token.end as usize];
    let mut letters = raw.chars();
    let title_case = raw.len() > 1
        && letters.next().is_some_and(char::is_uppercase)
        && letters.all(|c| c.is_lowercase() || unicode_normalization::char::is_combining_mark(c));
    title_case && (token.id != NONE || !could_be_syllable(raw))
}

/// The token after the separators of a list of bodies ("," ";" "và") from token `at` (> 0) on; a line break
/// ends the list.
fn past_list_separators(text: &str, tokens: &[Token], mut at: usize) -> usize {
    while at < tokens.len()
        && matches!(&text[tokens[at].start as usize..tokens[at].end as usize], "," | ";" | "và")
        && !line_break_between(text, &tokens[at - 1], &tokens[at])
    {
        at += 1;
    }
    at
}

/// How many words of a rule's literal `ids` the text writes as they are from token `at` (with their capitals).
fn literal_read(chart: &Chart, ids: &[u32], caps: &[bool], at: usize) -> usize {
    let tokens = chart.tokens;
    let mut read = 0;
    while read < ids.len()
        && tokens.get(at + read).is_some_and(|t| t.id == ids[read] && (!caps[read] || is_capital(chart.text, t)))
    {
        read += 1;
    }
    read
}

/// The ways of writing `ids` with abbreviations in place of some of its words (not `ids` itself), at most 16.
fn abbreviated(ids: &[u32], abbreviations: &[Abbreviation]) -> Vec<Vec<u32>> {
    let mut variants: Vec<(Vec<u32>, usize, bool)> = vec![(Vec::new(), 0, false)];
    let mut done = Vec::new();
    while let Some((written, read, shortened)) = variants.pop() {
        if read == ids.len() {
            if shortened && done.len() < 16 {
                done.push(written);
            }
            continue;
        }
        for Abbreviation { short, words } in abbreviations {
            if ids[read..].starts_with(words) {
                let mut longer = written.clone();
                longer.extend_from_slice(short);
                variants.push((longer, read + words.len(), true));
            }
        }
        let mut longer = written;
        longer.push(ids[read]);
        variants.push((longer, read + 1, shortened));
    }
    done
}

/// Do the tokens from `at` on have the ids `ids`?
fn ids_at(tokens: &[Token], at: usize, ids: &[u32]) -> bool {
    tokens.get(at..at + ids.len()).is_some_and(|run| run.iter().zip(ids).all(|(t, &id)| t.id == id))
}

/// Does one of `phrases` end right before token `i`, on the same line as it?
fn phrase_before(text: &str, tokens: &[Token], i: usize, phrases: &[Box<[u32]>]) -> bool {
    i > 0
        && !line_break_between(text, &tokens[i - 1], &tokens[i])
        && phrases.iter().any(|p| i >= p.len() && ids_at(tokens, i - p.len(), p))
}

/// Is a token's text a number written in figures ("03", "2024")?
fn is_number(raw: &str) -> bool {
    !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit())
}

/// The length in tokens of the longest of `phrases` starting at token `i`, 0 if none.
fn longest_phrase_at(tokens: &[Token], i: usize, phrases: &[Box<[u32]>]) -> usize {
    phrases.iter().filter(|p| ids_at(tokens, i, p)).map(|p| p.len()).max().unwrap_or(0)
}

/// The index of the first token that starts at or after byte `byte`.
fn token_at(tokens: &[Token], byte: u32) -> usize {
    tokens.partition_point(|t| t.start < byte)
}

/// Is there a line break between tokens `a` and `b` (b follows a)?
fn line_break_between(text: &str, a: &Token, b: &Token) -> bool {
    text[a.end as usize..b.start as usize].contains(['\n', '\r'])
}

/// Is the short form ending before token `end` an item of a list whose owner, named after it in the same
/// sentence, is a plural body ("các chức danh trong Ban Chấp hành, Ban Thường vụ, … và Chủ nhiệm UBKT các Đảng bộ cơ
/// sở": the executive committees of the grassroots Party organisations, not the province's named before)? Then it
/// is not the body named before; the plain entry's rendering, which names no particular body, stands.
fn heads_list_of_plural_owner(text: &str, tokens: &[Token], end: usize) -> bool {
    let raw = |t: &Token| &text[t.start as usize..t.end as usize];
    if tokens.get(end).is_none_or(|t| raw(t) != ",") {
        return false;
    }
    for j in end + 1..tokens.len() {
        if line_break_between(text, &tokens[j - 1], &tokens[j])
            || matches!(raw(&tokens[j]), "." | ";" | "!" | "?" | ":")
        {
            return false;
        }
        if raw(&tokens[j]).eq_ignore_ascii_case("các") && tokens.get(j + 1).is_some_and(|t| is_capital(text, t)) {
            return true;
        }
    }
    false
}

/// The end of a reporter's or photographer's name in capitals starting at token `i`: two to four syllables in
/// capitals ("NGUYỄN HẢI BẰNG", "THU THỦY") on a byline line, or after a credit cue ("Ảnh: VIỆT DŨNG", "Tin, ảnh:
/// THU DÂN"). A byline line holds nothing but such names, joined by "-" or ","; it is one when one of its names
/// starts with a surname or it names two people or more ("QUANG ĐẠI - THANH THỦY"). A headline in capitals has more
/// words to a name, and one that names a place or body is a term.
fn caps_byline_at(text: &str, tokens: &[Token], i: usize, composer: &Composer) -> Option<usize> {
    let raw = |t: &Token| &text[t.start as usize..t.end as usize];
    let in_capitals = |t: &Token| {
        let raw = raw(t);
        raw.chars().all(|c| case_of(c) & UPPER != 0) && raw.chars().nth(1).is_some()
    };
    let separator = |t: &Token| matches!(raw(t), "-" | "–" | ",");
    let same_line = |a: usize, b: usize| !line_break_between(text, &tokens[a], &tokens[b]);
    // Most words start in lower case, looked at first; a name starts its line, follows a separator or follows a
    // credit cue.
    if !is_capital(text, &tokens[i]) {
        return None;
    }
    let after_cue = i > 0 && composer.flags(tokens[i - 1].id) & CUE_END != 0;
    if i > 0 && !after_cue && same_line(i - 1, i) && !separator(&tokens[i - 1]) {
        return None;
    }
    if !in_capitals(&tokens[i]) {
        return None;
    }
    // The run of words in capitals from `from` on its line.
    let run_end = |from: usize| {
        let mut end = from + 1;
        while end < tokens.len() && same_line(end - 1, end) && in_capitals(&tokens[end]) {
            end += 1;
        }
        end
    };
    let end = run_end(i);
    if !(2..=4).contains(&(end - i)) {
        return None;
    }
    if after_cue {
        if phrase_before(text, tokens, i, &composer.cues) {
            return Some(end);
        }
        // The last word of a cue that is not one here ("Ảnh" without its colon) starts no byline line.
        if same_line(i - 1, i) {
            return None;
        }
    }
    // The whole line: names of two to four syllables in capitals, joined by separators.
    let mut first = i;
    while first > 0 && same_line(first - 1, first) {
        first -= 1;
    }
    let (mut at, mut names, mut surname) = (first, 0, false);
    loop {
        let name_end = run_end(at);
        if !in_capitals(&tokens[at]) || !(2..=4).contains(&(name_end - at)) {
            return None;
        }
        names += 1;
        surname |= composer.flags(tokens[at].id) & SURNAME != 0;
        match tokens.get(name_end) {
            Some(next) if same_line(name_end - 1, name_end) => {
                if !separator(next) || name_end + 1 == tokens.len() || !same_line(name_end, name_end + 1) {
                    return None;
                }
                at = name_end + 1;
            }
            _ => break,
        }
    }
    (surname || names >= 2).then_some(end)
}

/// Is the word right before token `i` capitalized inside its sentence, so that the two are one name ("Hoa Ban")?
fn capital_name_word_before(text: &str, tokens: &[Token], i: usize) -> bool {
    i > 0
        && is_capital(text, &tokens[i - 1])
        && !line_break_between(text, &tokens[i - 1], &tokens[i])
        && !starts_sentence(text, tokens, i - 1)
}

/// Does token `i` start a sentence (first token, after . ! ? : … or an opening quote, or on a new line)?
fn starts_sentence(text: &str, tokens: &[Token], i: usize) -> bool {
    let Some(before) = i.checked_sub(1).map(|b| &tokens[b]) else { return true };
    if line_break_between(text, before, &tokens[i]) {
        return true;
    }
    let raw = &text[before.start as usize..before.end as usize];
    matches!(raw, "." | "!" | "?" | ":" | "…" | "\"" | "“" | "(" | "-" | "–" | "—") || raw.ends_with("...")
}

/// No province: see [`Composer::pattern_province`].
pub(super) const NO_PROVINCE: u16 = u16::MAX;
/// Several provinces at once ("các tỉnh, thành phố"): another province than any one named before.
const SEVERAL_PROVINCES: u16 = u16::MAX - 1;
/// No place below a province: see [`Place::local`].
const NO_LOCAL: u64 = 0;

/// The place a hit names or names a body of, at two levels: an article that names another place of a body's
/// level has left that body behind (see [`Antecedent::other_place_at`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Place {
    /// The province's number, [`SEVERAL_PROVINCES`] or [`NO_PROVINCE`].
    province: u16,
    /// A place below a province named by a unit word and a name ("thành phố Tân Uyên"): see [`local_place`];
    /// or [`NO_LOCAL`].
    local: u64,
}

impl Place {
    const NONE: Place = Place { province: NO_PROVINCE, local: NO_LOCAL };

    /// Does this place leave a body of `other` behind: another province, or another place of the same unit?
    /// A district named after a provincial department is in its province; a ward is not another city.
    fn is_another(self, other: Place) -> bool {
        (self.province != NO_PROVINCE && other.province != NO_PROVINCE && self.province != other.province)
            || (self.local != NO_LOCAL
                && other.local != NO_LOCAL
                && self.local >> 32 == other.local >> 32
                && self.local != other.local)
    }

    /// Is this the place of a body of `other`, at either level?
    fn is_same(self, other: Place) -> bool {
        (self.province != NO_PROVINCE && self.province == other.province)
            || (self.local != NO_LOCAL && self.local == other.local)
    }
}

/// A place below a province as one number: its unit word's token (high half) and a hash of its name, never
/// [`NO_LOCAL`].
fn local_place(unit: u32, name: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    name.hash(&mut hasher);
    (u64::from(unit) << 32) | (hasher.finish() & 0xFFFF_FFFF) | 1
}

impl Composer {
    /// Does token `i` end a longer unit word or an ordinary word of the `plain` list ("thị xã", "đông đảo")?
    fn ends_plain_word(&self, tokens: &[Token], i: usize) -> bool {
        self.flags(tokens[i].id) & PLAIN_TAIL != 0
            && i.checked_sub(1)
                .is_some_and(|before| self.unit_tails.binary_search(&(tokens[before].id, tokens[i].id)).is_ok())
    }

    /// The number of the province a pattern names: its entry if that fills `{province}`, or its `{province}`
    /// slot's filler.
    pub(super) fn province_number(&self, fills: u16, entry: &str, slots: &[(Arc<str>, Arc<str>)]) -> u16 {
        if fills == self.provinces_class && fills != NO_CLASS {
            return SEVERAL_PROVINCES;
        }
        let id = if fills == self.province_class && fills != NO_CLASS {
            entry
        } else {
            match slots.iter().find(|(name, _)| &**name == "province") {
                Some((_, filler)) => filler,
                None => return NO_PROVINCE,
            }
        };
        self.province_numbers.get(id).copied().unwrap_or(NO_PROVINCE)
    }

    /// Reads the rules (entries whose slots are filled while matching), the name lists and short forms, and
    /// numbers their tokens in the pattern set's vocabulary.
    pub(super) fn build(
        glossary: &Glossary,
        rule_entries: &[(usize, &Entry)],
        set: &mut PatternSet,
        classes: &HashMap<String, u16>,
    ) -> Composer {
        let mut composer = Composer {
            city_class: classes.get("city").copied().unwrap_or(NO_CLASS),
            country_class: classes.get("country").copied().unwrap_or(NO_CLASS),
            region_class: classes.get("region").copied().unwrap_or(NO_CLASS),
            honorific_class: classes.get("honorific").copied().unwrap_or(NO_CLASS),
            province_class: classes.get("province").copied().unwrap_or(NO_CLASS),
            provinces_class: classes.get("provinces").copied().unwrap_or(NO_CLASS),
            ..Default::default()
        };
        // One number per English name, in the order the provinces come.
        let mut by_english: HashMap<&str, u16> = HashMap::new();
        for entry in glossary.entries.iter().filter(|e| e.slot.as_deref() == Some("province")) {
            let Some(english) = entry.targets.get("en") else { continue };
            let next = u16::try_from(by_english.len()).unwrap_or(NO_PROVINCE);
            let number = *by_english.entry(english).or_insert(next);
            composer.province_numbers.insert(Arc::from(entry.id.as_str()), number);
        }
        let ids_of = |set: &mut PatternSet, text: &str| -> Box<[u32]> {
            let key = match_key(text);
            if key.is_empty() {
                return Box::new([]);
            }
            key.split(' ').map(|t| set.vocabulary.intern(t)).collect()
        };
        let mut rules = Vec::new();
        for &(order, entry) in rule_entries {
            let mut elements = Vec::new();
            let mut rest = entry.vi.as_str();
            let literal = |set: &mut PatternSet, text: &str, elements: &mut Vec<Element>| {
                let ids = ids_of(set, text);
                if ids.is_empty() {
                    return;
                }
                let mut caps = caps_of(text, entry.kind, false);
                caps.resize(ids.len(), false);
                elements.push(Element::Literal { ids, caps: caps.into() });
            };
            while let Some(open) = rest.find('{') {
                let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
                literal(set, &rest[..open], &mut elements);
                let name: Arc<str> = Arc::from(&rest[open + 1..close]);
                elements.push(match DynamicSlot::parse(&name) {
                    Some(slot) => Element::Dynamic { name, slot },
                    None => Element::Class { class: classes.get(&*name).copied().unwrap_or(NO_CLASS), name },
                });
                rest = &rest[close + 1..];
            }
            literal(set, rest, &mut elements);
            if elements.is_empty() {
                continue;
            }
            // A body's rule with a name or another body in it is named by that: "huyện ủy Duy Xuyên".
            let named_by_slot = elements.iter().any(|e| {
                matches!(
                    e,
                    Element::Class { .. } | Element::Dynamic { slot: DynamicSlot::Proper | DynamicSlot::Name, .. }
                )
            });
            if any_capital(entry.kind) && named_by_slot {
                for element in &mut elements {
                    if let Element::Literal { caps, .. } = element {
                        caps.iter_mut().for_each(|c| *c = false);
                    }
                }
            }
            let templates = entry.targets.iter().map(|(lang, t)| (set.language(lang), Box::from(t.as_str()))).collect();
            // Of two rules that take the same words, the one that writes more of them out is the more particular
            // ("Viện trưởng VKSND huyện {proper}", the procuracy's Chief Procurator, over "{title} {body}", whose
            // title word is an institute's Director); then approved before proposed, then the earlier row.
            let literals: usize =
                elements.iter().map(|e| if let Element::Literal { ids, .. } = e { ids.len() } else { 0 }).sum();
            let specificity_rank = (127 - literals.min(127) as u32) << 24;
            let status_rank = if entry.status == Status::Approved { 0 } else { 1 << 23 };
            rules.push(Rule {
                entry: Arc::from(entry.id.as_str()),
                kind: entry.kind,
                fills: fills_of(entry, classes),
                rank: specificity_rank | status_rank | (order as u32 & ((1 << 23) - 1)),
                lower_unit: entry.kind == Kind::Place
                    && entry.vi.chars().next().is_some_and(char::is_lowercase)
                    && matches!(elements.get(1), Some(Element::Dynamic { .. })),
                elements: elements.into(),
                templates,
            });
        }
        composer.rules = dependency_order(rules);
        composer.unit_tails = composer
            .rules
            .iter()
            .filter(|r| r.lower_unit)
            .filter_map(|r| match &r.elements[0] {
                Element::Literal { ids, .. } if ids.len() >= 2 => Some((ids[ids.len() - 2], ids[ids.len() - 1])),
                _ => None,
            })
            .collect();
        // An ordinary word of the name lists' `plain` list ends like a longer unit word: "đông đảo Phật tử" is no
        // island, as "thị xã Mường Lay" is no commune.
        composer.unit_tails.extend(glossary.names.plain_words.iter().filter_map(|word| match ids_of(set, word)[..] {
            [.., before, last] => Some((before, last)),
            _ => None,
        }));
        composer.unit_tails.sort_unstable();
        composer.unit_tails.dedup();
        composer.cues = glossary.names.cues.iter().map(|c| ids_of(set, c)).filter(|c| !c.is_empty()).collect();
        composer.byline_separators = ["-", ","].iter().flat_map(|p| ids_of(set, p).into_vec()).collect();
        composer.hanviet_places =
            glossary.names.hanviet_places.iter().map(|p| ids_of(set, p)).filter(|p| !p.is_empty()).collect();
        let hanviet_ends: Vec<u32> = composer.hanviet_places.iter().filter_map(|p| p.last().copied()).collect();
        composer.list_heads =
            glossary.names.list_heads.iter().map(|h| ids_of(set, h)).filter(|h| h.len() == 1).map(|h| h[0]).collect();
        composer.compounds =
            glossary.names.compounds.iter().map(|c| ids_of(set, c)).filter(|c| !c.is_empty()).collect();
        composer.generic_before =
            glossary.names.generic_before.iter().map(|c| ids_of(set, c)).filter(|c| !c.is_empty()).collect();
        composer.plural_before =
            glossary.names.plural_before.iter().map(|c| ids_of(set, c)).filter(|c| !c.is_empty()).collect();
        composer.counted_units =
            glossary.names.counted_units.iter().map(|c| ids_of(set, c)).filter(|c| !c.is_empty()).collect();
        composer.capital_units = glossary
            .names
            .capital_units
            .iter()
            .filter_map(|unit| match ids_of(set, unit)[..] {
                [id] => Some(id),
                _ => None,
            })
            .collect();
        composer.capital_units.sort_unstable();
        let surnames: Vec<u32> = glossary.names.surnames.iter().flat_map(|s| ids_of(set, s).to_vec()).collect();
        let thing_words: Vec<u32> = glossary.names.thing_words.iter().flat_map(|s| ids_of(set, s).to_vec()).collect();
        let particles: Vec<u32> = glossary.names.name_particles.iter().flat_map(|s| ids_of(set, s).to_vec()).collect();
        let openers: Vec<u32> = glossary.names.openers.iter().flat_map(|s| ids_of(set, s).to_vec()).collect();
        let mut ending_in_lower_case: Vec<(Arc<str>, u32)> = Vec::new();
        for entry in glossary.entries.iter().filter(|e| !e.short.is_empty() && e.status != Status::Forbidden) {
            let forms: Vec<Box<[u32]>> = entry.short.iter().map(|s| ids_of(set, s)).filter(|s| !s.is_empty()).collect();
            let id: Arc<str> = Arc::from(entry.id.as_str());
            let name = ids_of(set, &entry.vi);
            let heads: Vec<Box<[u32]>> = forms.iter().filter(|form| name.starts_with(form)).cloned().collect();
            if !heads.is_empty() {
                composer.heads_of_names.insert(id.clone(), heads);
            }
            composer.entry_fills.insert(id.clone(), fills_of(entry, classes));
            let common_noun = entry.kind == Kind::Organization && !entry.vi.chars().any(char::is_uppercase);
            if entry.vi.contains('{') || common_noun {
                composer.one_of_many.insert(id.clone());
            } else if entry.kind == Kind::Organization
                && entry.vi.rsplit(' ').next().is_some_and(|word| word.starts_with(char::is_lowercase))
            {
                // Its last word may be a unit word, which is known further down.
                ending_in_lower_case.extend(name.last().map(|&last| (id.clone(), last)));
            }
            composer.short_forms.insert(id, forms);
        }
        composer.titles_of_bodies = titles_of_bodies(glossary, &composer.short_forms, |text| ids_of(set, text));
        let vocabulary = set.vocabulary.len();
        composer.surname = marked(vocabulary, surnames);
        composer.hanviet_end = marked(vocabulary, hanviet_ends);
        composer.ordinal_marker = ids_of(set, "thứ").first().copied();
        composer.first_literal = vec![false; vocabulary];
        composer.after_number = vec![false; vocabulary];
        composer.class_first = vec![false; classes.len()];
        for (index, rule) in composer.rules.iter().enumerate() {
            if let Some(after) = composer.inner_number_key(rule) {
                composer.after_number[after[0] as usize] = true;
                composer.by_literal_after_inner_number.insert(after, index as u32);
                continue;
            }
            match &rule.elements[0] {
                Element::Literal { ids, .. } => {
                    composer.first_literal[ids[0] as usize] = true;
                    composer.by_first_literal.insert(ids, index as u32);
                }
                Element::Class { class, .. } => {
                    if let Some(flag) = composer.class_first.get_mut(*class as usize) {
                        *flag = true;
                    }
                    composer.slot_first.push(index);
                }
                Element::Dynamic { slot, .. } => match (slot, rule.elements.get(1)) {
                    // "{number} năm Ngày …": found from the literal after the number, like a literal-first rule.
                    (
                        DynamicSlot::Number | DynamicSlot::Year | DynamicSlot::Ordinal,
                        Some(Element::Literal { ids, .. }),
                    ) => {
                        composer.after_number[ids[0] as usize] = true;
                        composer.by_literal_after_number.insert(ids, index as u32);
                    }
                    _ => {
                        match slot {
                            DynamicSlot::Name | DynamicSlot::Proper => composer.names_first = true,
                            _ => composer.digits_first = true,
                        }
                        composer.slot_first.push(index);
                    }
                },
            }
        }
        composer.cue_end = vec![false; vocabulary];
        for cue in &composer.cues {
            composer.cue_end[cue[cue.len() - 1] as usize] = true;
        }
        composer.short_first = vec![false; vocabulary];
        for form in composer.short_forms.values().flatten() {
            composer.short_first[form[0] as usize] = true;
        }
        // Unit words: the lower-case literal a place rule starts with before its name or province ("xã {proper}",
        // "thị xã {proper}"), and the lower-case words a place's own row starts with before its capitalized name
        // ("phủ Osaka"); the last of them is the word the name follows.
        let mut units: Vec<u32> = Vec::new();
        for rule in composer.rules.iter().filter(|r| r.kind == Kind::Place) {
            if let (Some(Element::Literal { ids, caps }), Some(Element::Dynamic { .. } | Element::Class { .. })) =
                (rule.elements.first(), rule.elements.get(1))
            {
                if !caps.iter().any(|&c| c) {
                    units.extend(ids.last());
                }
            }
        }
        for entry in glossary.entries.iter().filter(|e| e.kind == Kind::Place && e.status != Status::Forbidden) {
            if !entry.vi.starts_with(char::is_lowercase) || entry.vi.contains('{') {
                continue;
            }
            let ranges = token_ranges(&entry.vi);
            let Some(name) = ranges.iter().position(|&(a, _)| entry.vi[a..].starts_with(char::is_uppercase)) else {
                continue;
            };
            let prefix = ids_of(set, &entry.vi[..ranges[name - 1].1]);
            units.extend(prefix.last());
        }
        composer.deputy = ids_of(set, "phó").first().copied();
        composer.abbreviations = glossary
            .names
            .abbreviations
            .iter()
            .map(|(short, words)| Abbreviation { short: ids_of(set, short), words: ids_of(set, words) })
            .filter(|a| !a.short.is_empty() && !a.words.is_empty())
            .collect();
        composer.ordinal_words = ORDINAL_WORDS
            .iter()
            .map(|&(word, value, alone)| (ids_of(set, word), value, alone))
            .filter(|(ids, ..)| ids.len() == 1)
            .map(|(ids, value, alone)| (ids[0], value, alone))
            .collect();
        let mut before_body: Vec<u32> = Vec::new();
        for rule in composer.rules.iter() {
            for pair in rule.elements.windows(2) {
                if let [Element::Literal { ids, .. }, Element::Class { name, .. }] = pair {
                    if &**name == "body" {
                        before_body.extend(ids.last());
                    }
                }
            }
        }
        for entry in glossary.entries.iter().filter(|e| e.slot.as_deref() == Some("title") && !e.vi.contains('{')) {
            before_body.extend(ids_of(set, &entry.vi).last());
        }
        let open_bracket = ids_of(set, "(");
        composer.people = !glossary.names.is_empty();
        let vocabulary = set.vocabulary.len();
        composer.surname.resize(vocabulary, false);
        composer.first_literal.resize(vocabulary, false);
        composer.after_number.resize(vocabulary, false);
        composer.cue_end.resize(vocabulary, false);
        composer.short_first.resize(vocabulary, false);
        // A rule is also found where the text abbreviates words of its first literal ("MTTQ huyện Lâm Hà" for
        // "Mặt trận Tổ quốc huyện {proper}"); `literal_ends` then reads the literal through the abbreviation.
        for (index, rule) in composer.rules.iter().enumerate() {
            if let Some(Element::Literal { ids, .. }) = rule.elements.first() {
                for variant in abbreviated(ids, &composer.abbreviations) {
                    composer.first_literal[variant[0] as usize] = true;
                    composer.by_first_literal.insert(&variant, index as u32);
                }
            }
            // And after the count ("kỷ niệm 95 năm Ngày thành lập Đoàn TNCS Hồ Chí Minh").
            if let Some(after) = composer.inner_number_key(rule) {
                for variant in abbreviated(after, &composer.abbreviations) {
                    composer.after_number[variant[0] as usize] = true;
                    composer.by_literal_after_inner_number.insert(&variant, index as u32);
                }
            }
        }
        let mut detour = vec![false; vocabulary];
        for abbreviation in &composer.abbreviations {
            detour[abbreviation.short[0] as usize] = true;
        }
        for &bracket in open_bracket.iter() {
            detour[bracket as usize] = true;
        }
        let unit = marked(vocabulary, units);
        // A body named down to its unit word and no further ("Hội Nông dân tỉnh": the association of whichever
        // province the article is about) is one of many too.
        let named_down_to_a_unit = ending_in_lower_case.into_iter().filter(|&(_, last)| unit[last as usize]);
        composer.one_of_many.extend(named_down_to_a_unit.map(|(id, _)| id));
        let thing_word = marked(vocabulary, thing_words);
        let particle = marked(vocabulary, particles);
        let before_body = marked(vocabulary, before_body);
        let opener = marked(vocabulary, openers);
        let plain_tail = marked(vocabulary, composer.unit_tails.iter().map(|&(_, tail)| tail));
        let mut foreign_word = vec![false; vocabulary];
        if composer.people {
            for (word, id) in set.vocabulary.words() {
                foreign_word[id as usize] = std::str::from_utf8(word).is_ok_and(|w| !could_be_syllable(w));
            }
        }
        composer.token_flags = (0..vocabulary)
            .map(|id| {
                (if unit[id] { UNIT } else { 0 })
                    | (if composer.surname[id] { SURNAME } else { 0 })
                    | (if composer.cue_end[id] { CUE_END } else { 0 })
                    | (if composer.first_literal[id] { FIRST_LITERAL } else { 0 })
                    | (if composer.after_number[id] { AFTER_NUMBER } else { 0 })
                    | (if composer.short_first[id] { SHORT_FIRST } else { 0 })
                    | (if thing_word[id] { THING_WORD } else { 0 })
                    | (if foreign_word[id] { FOREIGN_WORD } else { 0 })
                    | (if detour[id] { DETOUR } else { 0 })
                    | (if particle[id] { NAME_PARTICLE } else { 0 })
                    | (if before_body[id] { BEFORE_BODY } else { 0 })
                    | (if opener[id] { OPENER } else { 0 })
                    | (if plain_tail[id] { PLAIN_TAIL } else { 0 })
            })
            .collect();
        composer.latin = set
            .languages
            .iter()
            .enumerate()
            .filter(|(_, lang)| !NON_LATIN.contains(&lang.split('-').next().unwrap_or(lang)))
            .map(|(i, _)| i as u16)
            .collect();
        composer
    }

    /// No rules, name lists or short forms: the trie alone decides.
    pub(super) fn is_empty(&self) -> bool {
        self.rules.is_empty() && self.cues.is_empty() && !self.surname.contains(&true) && self.short_forms.is_empty()
    }

    pub(super) fn has_short_forms(&self) -> bool {
        !self.short_forms.is_empty()
    }

    /// Has entry `entry` short forms?
    pub(super) fn has_short_forms_for(&self, entry: &str) -> bool {
        self.short_forms.contains_key(entry)
    }
}

/// Rules ordered so that every rule filling a slot comes before the rules that use it (the term bases were
/// checked for circles when read; a rule left in one keeps its place).
fn dependency_order(rules: Vec<Rule>) -> Vec<Rule> {
    fn depth(class: u16, rules: &[Rule], memo: &mut HashMap<u16, usize>, visiting: &mut HashSet<u16>) -> usize {
        if let Some(&d) = memo.get(&class) {
            return d;
        }
        if !visiting.insert(class) {
            return 0;
        }
        let d = rules
            .iter()
            .filter(|r| r.fills == class && class != NO_CLASS)
            .map(|r| 1 + rule_depth(r, rules, memo, visiting))
            .max()
            .unwrap_or(0);
        visiting.remove(&class);
        memo.insert(class, d);
        d
    }
    fn rule_depth(rule: &Rule, rules: &[Rule], memo: &mut HashMap<u16, usize>, visiting: &mut HashSet<u16>) -> usize {
        rule.elements
            .iter()
            .filter_map(|e| match e {
                Element::Class { class, .. } => Some(depth(*class, rules, memo, visiting)),
                _ => None,
            })
            .max()
            .unwrap_or(0)
    }
    let mut memo = HashMap::new();
    let mut visiting = HashSet::new();
    let mut keyed: Vec<(usize, usize, Rule)> = Vec::with_capacity(rules.len());
    let depths: Vec<usize> = rules.iter().map(|r| rule_depth(r, &rules, &mut memo, &mut visiting)).collect();
    for (i, rule) in rules.into_iter().enumerate() {
        keyed.push((depths[i], i, rule));
    }
    keyed.sort_by_key(|(d, i, _)| (*d, *i));
    keyed.into_iter().map(|(_, _, r)| r).collect()
}

/// Where a candidate comes from.
#[derive(Debug, Clone, Copy)]
enum Source {
    Pattern(u32),
    Person,
    /// Index into the chart's composed matches.
    Composed(u32),
    /// Index into the short forms given to the chart.
    Short(u32),
}

/// A title row that names a title word and a body with short forms in full (see [`Composer::titles_of_bodies`]).
#[derive(Debug, Clone)]
struct TitleOfBody {
    entry: Arc<str>,
    targets: Arc<BTreeMap<String, String>>,
}

/// A filler of a composed match: another candidate, or recognized text (token range).
#[derive(Debug, Clone, Copy)]
enum Filler {
    Candidate(u32),
    Text(u32, u32),
}

#[derive(Debug, Clone)]
struct ComposedMatch {
    rule: u32,
    /// Per slot element of the rule, in order: what filled it.
    fillers: Vec<Filler>,
}

#[derive(Debug, Clone, Copy)]
struct Candidate {
    /// Token range [start, end).
    start: u32,
    end: u32,
    kind: Kind,
    fills: u16,
    class: u8,
    rank: u32,
    source: Source,
}

/// A body named in an article, that its short forms stand for afterwards.
#[derive(Debug, Clone)]
pub(super) struct Antecedent {
    entry: Arc<str>,
    kind: Kind,
    fills: u16,
    targets: Arc<BTreeMap<String, String>>,
    /// Byte where it was named in the text being matched; None for earlier texts of the article.
    at: Option<u32>,
    /// The place whose body it is ("Sở Công Thương tỉnh Đắk Nông", "Liên đoàn Lao động thành phố Thuận An").
    place: Place,
    /// Byte of the text being matched (0 for an earlier text) from where another place of its level has been
    /// named since: its short forms stand for it no more. "Về phía tỉnh Quảng Nam có Phó Giám đốc Sở Công Thương"
    /// is Quang Nam's department, though Dak Nong's was named first; the short form is then the department in
    /// general. So is "Liên đoàn Lao động thành phố" after "Tại thành phố Tân Uyên", Thuan An's named before.
    other_place_at: Option<u32>,
}

/// Short forms of the bodies named so far in an article: token ids → the bodies they have stood for, in the
/// order they were named. A short form stands for the last one named before it, not for one named further on:
/// "Đại sứ quán" after the embassy in Russia is that embassy, though the plain term "Đại sứ quán" names a body too.
#[derive(Debug, Clone, Default)]
pub(super) struct Antecedents {
    by_form: HashMap<Box<[u32]>, Vec<Antecedent>>,
    /// People named in their Sino-Vietnamese reading so far ("Đại sứ Khổng Huyễn Hựu" after "Đại sứ Trung Quốc
    /// Khổng Huyễn Hựu"): see [`Matcher::mark_hanviet_readings`].
    hanviet: HashSet<Box<str>>,
}

impl Antecedents {
    /// Call when a text is done: its bodies count as named before every later text.
    pub(super) fn next_text(&mut self) {
        for mentions in self.by_form.values_mut() {
            // The last body named is the one that counts from here on.
            mentions.drain(..mentions.len().saturating_sub(1));
            for antecedent in mentions {
                antecedent.at = None;
                antecedent.other_place_at = antecedent.other_place_at.map(|_| 0);
            }
        }
    }
}

/// How many of `mentions` (in the order named) were named before byte `byte`.
fn last_before(mentions: &[Antecedent], byte: u32) -> usize {
    mentions.partition_point(|mention| mention.at.is_none_or(|at| at < byte))
}

/// Is body `entry` among `mentions` named at byte `byte` (the mentions from there on given)?
fn named_at(mentions: &[Antecedent], byte: u32, entry: &str) -> bool {
    mentions.iter().take_while(|mention| mention.at == Some(byte)).any(|mention| &*mention.entry == entry)
}

/// The body of `mentions` a short form at byte `byte` stands for: the last one named before it, unless the
/// article has named another place of its level since.
fn standing_at(mentions: &[Antecedent], byte: u32) -> Option<&Antecedent> {
    let last = &mentions[last_before(mentions, byte).checked_sub(1)?];
    last.other_place_at.is_none_or(|since| since > byte).then_some(last)
}

/// A hit as the chart chose it: its token range and what it stands for.
#[derive(Debug, Clone)]
pub(super) struct Chosen {
    pub byte_start: u32,
    pub byte_end: u32,
    pub what: Resolved,
}

/// What a chosen hit stands for: a pattern of the trie, or something built for this text.
#[derive(Debug, Clone)]
pub(super) enum Resolved {
    Pattern(u32),
    Made(Arc<Made>),
}

/// A hit built while matching: a composed pattern, a person, a short form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Made {
    pub entry: Arc<str>,
    pub kind: Kind,
    pub targets: Arc<BTreeMap<String, String>>,
    pub slots: BTreeMap<String, String>,
    /// Other readings of the same words (a name that is also a term): their entry ids.
    pub alternatives: Vec<String>,
    /// The terms that filled its slots, nested ones included (entry, kind, renderings): bodies named inside a
    /// title are antecedents of their short forms too.
    pub(super) inner: Vec<Named>,
    /// The place it names or names a body of (see [`Antecedent::other_place_at`]).
    pub(super) place: Place,
}

/// A term named inside a composed hit: its entry, kind and renderings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Named {
    entry: Arc<str>,
    kind: Kind,
    targets: Arc<BTreeMap<String, String>>,
    place: Place,
}

/// (start, u32::MAX - end, class, rank, candidate index) packed in one integer (32, 32, 8, 32 and 24 bits): the
/// order in which [`Matcher::select`] takes candidates, compared in one instruction instead of field by field.
/// After sorting only the index is kept.
pub(super) type SortKey = u128;

/// Candidates of one text that [`SortKey`] can number.
const PACKED_CANDIDATES: usize = 1 << 24;

/// The chart's vectors, kept between texts (in the matcher's scratch) so that a paragraph allocates none.
#[derive(Debug, Default)]
pub(super) struct ChartBuffers {
    candidates: Vec<Candidate>,
    head: Vec<u32>,
    next: Vec<u32>,
    composed: Vec<ComposedMatch>,
    keyed: Vec<SortKey>,
    people: People,
}

/// A person's name as written → its entry id and renderings: the same leaders and officials are named in
/// article after article, and building a person's forms costs more than finding them.
type People = FastMap<Box<str>, (Arc<str>, Arc<BTreeMap<String, String>>)>;

/// Names [`People`] holds at most before it starts again.
const PEOPLE_LIMIT: usize = 1 << 14;

impl ChartBuffers {
    /// Gives back the memory of an unusually long text.
    pub(super) fn trim(&mut self, keep: usize) {
        if self.candidates.capacity() > keep || self.head.capacity() > keep {
            let people = std::mem::take(&mut self.people);
            *self = ChartBuffers { people, ..ChartBuffers::default() };
        }
    }
}

/// The candidates of one text.
struct Chart<'a> {
    text: &'a str,
    tokens: &'a [Token],
    candidates: Vec<Candidate>,
    /// Per token: the first candidate starting there, and per candidate the next one at the same start.
    head: Vec<u32>,
    next: Vec<u32>,
    composed: Vec<ComposedMatch>,
}

impl<'a> Chart<'a> {
    fn push(&mut self, candidate: Candidate) -> u32 {
        let index = self.candidates.len() as u32;
        let start = candidate.start as usize;
        self.candidates.push(candidate);
        self.next.push(self.head[start]);
        self.head[start] = index;
        index
    }

    /// Places starting at token `at` that fill slot class `class` (none where the term bases have no such class).
    fn places_filling(&self, at: usize, class: u16) -> impl Iterator<Item = u32> + '_ {
        self.at(at).filter(move |&c| {
            let c = &self.candidates[c as usize];
            class != NO_CLASS && c.kind == Kind::Place && c.fills == class
        })
    }

    /// Candidates starting at token `at`.
    fn at(&self, at: usize) -> impl Iterator<Item = u32> + '_ {
        let mut current = self.head.get(at).copied().unwrap_or(NONE);
        std::iter::from_fn(move || {
            (current != NONE).then(|| {
                let found = current;
                current = self.next[found as usize];
                found
            })
        })
    }

    fn raw(&self, token: usize) -> &'a str {
        let t = &self.tokens[token];
        &self.text[t.start as usize..t.end as usize]
    }

    fn byte_range(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        self.tokens[start].start as usize..self.tokens[end - 1].end as usize
    }

    /// Does a term of a body, title or event start at token `at` (so a name run stops before it)?
    fn term_starts(&self, at: usize) -> bool {
        self.at(at).any(|c| {
            let c = &self.candidates[c as usize];
            matches!(c.source, Source::Pattern(_))
                && (matches!(c.kind, Kind::Title | Kind::Organization | Kind::Event | Kind::Document)
                    || (c.end - c.start >= 2 && c.kind != Kind::Person))
        })
    }

    /// Are the terms starting at token `at` all degrees or honorifics written with every syllable capitalized, as
    /// a name is ("Đỗ Tiến Sỹ" is a man, "Tiến sĩ Đỗ Sỹ" a doctor)?
    fn honorific_in_name_case(&self, at: usize, composer: &Composer) -> bool {
        composer.honorific_class != NO_CLASS
            && self.at(at).all(|c| {
                let c = &self.candidates[c as usize];
                !matches!(c.source, Source::Pattern(_))
                    || (c.fills == composer.honorific_class
                        && (c.start..c.end).all(|t| is_capital(self.text, &self.tokens[t as usize])))
            })
    }

    /// Are the terms starting at token `at` all places?
    fn only_places_start(&self, at: usize) -> bool {
        self.at(at).all(|c| {
            let c = &self.candidates[c as usize];
            !matches!(c.source, Source::Pattern(_)) || c.kind == Kind::Place
        })
    }

    /// Does a term of a title, body, event or document start at token `at`?
    fn body_or_title_starts(&self, at: usize) -> bool {
        self.at(at).any(|c| {
            matches!(self.candidates[c as usize].kind, Kind::Title | Kind::Organization | Kind::Event | Kind::Document)
        })
    }

    /// `end` moved past name syllables joined to the run by hyphens without spaces, as Korean given names are
    /// written ("ngài Oh-Sae-Hyun"): the name is the whole, not its first syllable. A term after the hyphen is not
    /// part of the name ("Nguyễn Trọng Nghĩa-Ủy viên Bộ Chính trị").
    fn past_hyphens(&self, mut end: usize) -> usize {
        while end + 1 < self.tokens.len()
            && self.raw(end) == "-"
            && self.tokens[end - 1].end == self.tokens[end].start
            && self.tokens[end].end == self.tokens[end + 1].start
            && is_name_syllable(self.text, &self.tokens[end + 1])
            && !self.term_starts(end + 1)
        {
            end += 2;
        }
        end
    }

    /// Is the run ending at token `end` the start of a web address ("(Ảnh: Chinhphu.vn)"): a dot glued to it, then
    /// a lower-case word glued to the dot? A site names an outlet, not a person.
    fn web_address_at(&self, end: usize) -> bool {
        end > 0
            && end + 1 < self.tokens.len()
            && self.raw(end) == "."
            && self.tokens[end - 1].end == self.tokens[end].start
            && self.tokens[end].end == self.tokens[end + 1].start
            && self.raw(end + 1).as_bytes()[0].is_ascii_lowercase()
    }

    /// Does a name that ends at token `end` go on in lower-case pieces joined by hyphens, as Lao names are written
    /// in Vietnamese syllables ("Sỉ-sú-phăn Mạ-hả-vông", "Pheng Căn - nhạ - phim")? Its first syllables are then no
    /// name of their own. A dash with spaces before one lower-case word and another dash is such a piece; before
    /// more words it is an apposition ("Nguyễn Văn A - phó giám đốc …").
    fn in_pieces(&self, end: usize) -> bool {
        let is_dash = |at: usize| at < self.tokens.len() && matches!(self.raw(at), "-" | "–");
        let lower_word = |at: usize| {
            at < self.tokens.len()
                && lower_word(self.text, &self.tokens[at])
                && !line_break_between(self.text, &self.tokens[at - 1], &self.tokens[at])
        };
        if end == 0 || !is_dash(end) || !lower_word(end + 1) {
            return false;
        }
        let glued =
            self.tokens[end - 1].end == self.tokens[end].start && self.tokens[end].end == self.tokens[end + 1].start;
        glued || is_dash(end + 2)
    }

    /// Is the name at token `at`, after a unit word ("TP", "thành phố"), a person's full name right after a title:
    /// three or more syllables from a surname, with a title ending one to four tokens before (the body and unit
    /// words between: "UBND thành phố")? "Phó Chủ tịch UBND TP Lê Hồng Sơn" is the city's Vice Chairman Le Hong
    /// Son, not a city "Le Hong Son" (place names after a title seldom start with a surname and run to three
    /// syllables). A name the term bases have is left to be the place
    /// it names: wards and streets bear famous people's names ("UBND phường Trần Hưng Đạo").
    fn person_after_title_and_unit(&self, at: usize, composer: &Composer) -> bool {
        if at < 2
            || composer.flags(self.tokens[at].id) & SURNAME == 0
            || self.name_run(at, MAX_NAME_TOKENS, composer) - at < 3
        {
            return false;
        }
        if self.at(at).any(|c| matches!(self.candidates[c as usize].source, Source::Pattern(_))) {
            return false;
        }
        (at.saturating_sub(MAX_TITLE_REACH)..at - 1).any(|from| {
            self.at(from).any(|c| {
                let c = &self.candidates[c as usize];
                c.kind == Kind::Title && (at.saturating_sub(4)..at).contains(&(c.end as usize))
            })
        })
    }

    /// Does the text go on with a name filled over tokens `at..end`, so that it is cut there, not ended: a capital
    /// next on the same line, or one word before a word in lower case where `one_word_cuts` says such a word is cut
    /// ("Lâm nghiệp", "Công an": one Vietnamese syllable starts a longer word).
    fn name_goes_on(&self, at: usize, end: usize, one_word_cuts: impl FnOnce() -> bool) -> bool {
        self.tokens.get(end).is_some_and(|next| {
            !line_break_between(self.text, &self.tokens[end - 1], next)
                && (is_capital(self.text, next) || (end == at + 1 && lower_word(self.text, next) && one_word_cuts()))
        })
    }

    /// Does a name run from a surname at token `start` go on from name syllables before it that no hit ends
    /// ("Phôm Ma Phăn Thạ Lăng Si", a Lao name in Vietnamese syllables: "Lăng" is a surname but starts nothing)?
    /// After a place or body the surname starts a person ("Bí thư Tỉnh ủy Gia Lai Thái Đại Ngọc"), and after a word
    /// capitalized because it starts the sentence ("Theo Nguyễn Văn An"); after another person it is left as it was
    /// (two names, or one cut in two whose pieces both stay protected).
    fn continues_a_name(&self, start: usize) -> bool {
        if start == 0
            || !is_name_syllable(self.text, &self.tokens[start - 1])
            || starts_sentence(self.text, self.tokens, start - 1)
            || line_break_between(self.text, &self.tokens[start - 1], &self.tokens[start])
        {
            return false;
        }
        !(start.saturating_sub(MAX_TITLE_REACH)..start).any(|from| {
            self.at(from).any(|c| {
                let c = &self.candidates[c as usize];
                c.end as usize == start
            })
        })
    }

    /// The end of a run of name syllables from `start` (at most `max`), stopping before a term and, after the
    /// first syllable, before another surname that begins a name of its own.
    fn name_run(&self, start: usize, max: usize, composer: &Composer) -> usize {
        let (mut end, mut syllables) = (start, 0);
        while end < self.tokens.len() && syllables < max {
            let token = &self.tokens[end];
            if !is_name_syllable(self.text, token)
                || (end > start
                    && (line_break_between(self.text, &self.tokens[end - 1], token)
                        || composer.flags(token.id) & OPENER != 0))
            {
                break;
            }
            // A place right after a surname is the person's given name ("Trần Thanh Hải" is no Qinghai, "Nguyễn
            // Thái Bình" no province): Vietnamese given names are often place names.
            if end > start
                && self.term_starts(end)
                && !(end == start + 1 && flag(&composer.surname, self.tokens[start].id) && self.only_places_start(end))
                && !self.honorific_in_name_case(end, composer)
            {
                break;
            }
            if end > start + 1
                && flag(&composer.surname, token.id)
                && self.tokens.get(end + 1).is_some_and(|n| is_name_syllable(self.text, n))
            {
                break;
            }
            end += 1 + self.apostrophe_tail(end);
            syllables += 1;
        }
        end
    }

    /// How many tokens after token `at` make one syllable with it in a name of the Central Highlands peoples: a
    /// capital letter, an apostrophe and a word, all glued ("H'Hen Niê", "Ksor H'Bơ Khăp", "Điểu K'Ré", "Cư
    /// M'gar"), or with one space before a capitalized word, as some sites write it ("H’ Yim Kđoh"): 2, or 0 when
    /// the name does not go on so.
    fn apostrophe_tail(&self, at: usize) -> usize {
        let glued = |a: usize| self.tokens.get(a + 1).is_some_and(|next| self.tokens[a].end == next.start);
        let spaced = |a: usize| {
            self.tokens.get(a + 1).is_some_and(|next| {
                self.text.get(self.tokens[a].end as usize..next.start as usize) == Some(" ")
                    && self.raw(a + 1).chars().next().is_some_and(char::is_uppercase)
            })
        };
        let joined = self.raw(at).chars().count() == 1
            && glued(at)
            && matches!(self.raw(at + 1), "'" | "\u{2019}")
            && (glued(at + 1) || spaced(at + 1))
            && self.raw(at + 2).chars().next().is_some_and(char::is_alphabetic);
        if joined {
            2
        } else {
            0
        }
    }
}

impl Matcher {
    /// Every pattern starting at every token that passes the boundary and case checks, then people, composed
    /// patterns and `shorts` (short forms standing for a body named before), chosen leftmost-longest.
    pub(super) fn choose(
        &self,
        text: &str,
        tokens: &[Token],
        shorts: &[(usize, usize, Antecedent)],
        buffers: &mut ChartBuffers,
    ) -> Vec<Chosen> {
        if shorts.is_empty() {
            if let Some(chosen) = self.choose_plainly(text, tokens) {
                return chosen;
            }
        }
        let mut chart = Chart {
            text,
            tokens,
            candidates: std::mem::take(&mut buffers.candidates),
            head: std::mem::take(&mut buffers.head),
            next: std::mem::take(&mut buffers.next),
            composed: std::mem::take(&mut buffers.composed),
        };
        chart.candidates.clear();
        chart.next.clear();
        chart.composed.clear();
        chart.head.clear();
        chart.head.resize(tokens.len(), NONE);
        self.collect_patterns(&mut chart);
        let composer = &self.composer;
        if !composer.list_heads.is_empty() {
            self.collect_list_items(&mut chart);
        }
        if !composer.surname.is_empty() || !composer.cues.is_empty() {
            self.collect_people(&mut chart);
        }
        for (index, (start, end, antecedent)) in shorts.iter().enumerate() {
            chart.push(Candidate {
                start: *start as u32,
                end: *end as u32,
                kind: antecedent.kind,
                fills: antecedent.fills,
                class: CLASS_SHORT,
                rank: 0,
                source: Source::Short(index as u32),
            });
        }
        if !composer.rules.is_empty() {
            self.compose(&mut chart);
        }
        if composer.people {
            self.collect_foreign_people(&mut chart);
        }
        if !composer.cues.is_empty() || !composer.surname.is_empty() {
            self.collect_people_after_titles(&mut chart);
        }
        let chosen = self.select(&chart, shorts, &mut buffers.keyed, &mut buffers.people);
        buffers.candidates = chart.candidates;
        buffers.head = chart.head;
        buffers.next = chart.next;
        buffers.composed = chart.composed;
        chosen
    }

    /// Leftmost-longest over the trie alone, as long as nothing in the text can start a person, a composed
    /// match or a short form; None as soon as something can (then the chart decides). Most paragraphs of a
    /// large term base's text need nothing more, and this walk skips the tokens inside each hit.
    fn choose_plainly(&self, text: &str, tokens: &[Token]) -> Option<Vec<Chosen>> {
        let composer = &self.composer;
        // First the tokens alone (a surname, a cue, a rule's first word, a number or name a rule starts with):
        // on real news one of them is in nearly every paragraph, and then no trie walk is wasted here.
        for (i, token) in tokens.iter().enumerate() {
            let flags = composer.flags(token.id);
            if flags & (FIRST_LITERAL | CUE_END) != 0 || (flags & SURNAME != 0 && is_name_syllable(text, token)) {
                return None;
            }
            // A rule found from the words after a count ("{number} năm …", "kỷ niệm {number} năm …").
            if flags & AFTER_NUMBER != 0 && i > 0 && text.as_bytes()[tokens[i - 1].start as usize].is_ascii_digit() {
                return None;
            }
            // A byline with a surname, or the second name of a byline line (after a separator); a byline after a
            // credit cue was caught by the cue above.
            if composer.people
                && (flags & SURNAME != 0 || i > 0 && composer.byline_separators.contains(&tokens[i - 1].id))
                && caps_byline_at(text, tokens, i, composer).is_some()
            {
                return None;
            }
            if composer.digits_first || composer.names_first {
                let raw = &text[token.start as usize..token.end as usize];
                if (composer.digits_first && raw.as_bytes()[0].is_ascii_digit())
                    || (composer.names_first && is_name_syllable(text, token))
                {
                    return None;
                }
            }
        }
        // Two foreign words in a row may be a foreign person's name (looked for only now: it is the dearer check).
        if composer.people
            && tokens.windows(2).any(|pair| {
                is_foreign_name_word(text, &pair[0], composer) && is_foreign_name_word(text, &pair[1], composer)
            })
        {
            return None;
        }
        let mut chosen = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let mut best = None;
            let mut starts_rule = false;
            self.patterns_at(text, tokens, i, |last, pattern| {
                let fills = self.info[pattern as usize].fills;
                starts_rule = fills != NO_CLASS && flag(&composer.class_first, u32::from(fills));
                // Shortest first along one walk; a walk through an abbreviation comes after the plain one.
                if best.is_none_or(|(longest, _)| last > longest) {
                    best = Some((last, pattern));
                }
                !starts_rule
            });
            if starts_rule {
                return None;
            }
            match best {
                // No person can follow here (the chart is taken wherever one may).
                Some((_, pattern)) if self.common_noun_honorific(text, &tokens[i], pattern) => i += 1,
                // A degree in capitals may stand for the degree itself ("từ Thạc sĩ đến Tiến sĩ"): the chart sees what
                // follows it.
                Some((_, pattern)) if self.is_honorific(pattern) => return None,
                Some((last, pattern))
                    if self.part_of_more(text, tokens, (i, last + 1), self.kind_named(pattern), |_| false) =>
                {
                    // The next shorter pattern here may be wrong the same way: the chart decides.
                    return None;
                }
                // A body whose head word goes on to a list ("Sở Tài chính, Kế hoạch và Đầu tư"): the chart finds
                // the items.
                Some((last, _)) if self.list_may_follow(text, tokens, i, last + 1) => return None,
                Some((last, pattern)) => {
                    chosen.push(Chosen {
                        byte_start: tokens[i].start,
                        byte_end: tokens[last].end,
                        what: Resolved::Pattern(pattern),
                    });
                    i = last + 1;
                }
                None if self.list_may_follow(text, tokens, i, i + 1) => return None,
                None => i += 1,
            }
        }
        Some(chosen)
    }

    /// Does a list of bodies after a head word written once start at token `head` (see
    /// [`Matcher::collect_list_items`]), given that what starts there ends before token `end`: the head, then a
    /// colon, or a separator after the first body, then a body of the list?
    fn list_may_follow(&self, text: &str, tokens: &[Token], head: usize, end: usize) -> bool {
        if !self.composer.list_heads.contains(&tokens[head].id) || end >= tokens.len() {
            return false;
        }
        let node = self.trie.child(0, tokens[head].id);
        let raw = |at: usize| &text[tokens[at].start as usize..tokens[at].end as usize];
        let first_item = if raw(end) == ":" && end == head + 1 {
            end + 1
        } else if end > head + 1 {
            match past_list_separators(text, tokens, end) {
                next if next > end => next,
                _ => return false,
            }
        } else {
            return false;
        };
        node != NONE && self.list_item(text, tokens, node, first_item).is_some()
    }

    /// Is a hit of `kind` over tokens `start..end` only part of what the text names, so that its rendering would
    /// be wrong? A title right after "Phó" is the deputy's ("Phó Thống đốc" is no "Governor"); a body named as a
    /// proper name (`named`: its term writes capitals) right before another body's capitalized head word belongs
    /// to that body, as Vietnamese names the owner after ("Ban Chấp hành Trung ương Hội" is the union's Central
    /// Committee, not the Party's), unless a person's name or an event starts there (`other_name_at`: "Đoàn" is
    /// also a surname; "Công an tỉnh Điện Biên Hội đàm thường niên …", a headline, names the talks).
    /// A common noun's rendering names no owner and stays ("đoàn đại biểu Đảng Cộng sản …" is a delegation). A body
    /// of one or two words after a plural word of the name lists is the common noun ("hai Đảng, hai Nhà nước"). No
    /// hit is better than a wrong one.
    fn part_of_more(
        &self,
        text: &str,
        tokens: &[Token],
        (start, end): (usize, usize),
        (kind, named): (Kind, bool),
        other_name_at: impl FnOnce(usize) -> bool,
    ) -> bool {
        match kind {
            // "hai Đảng, hai Nhà nước": the two countries' parties and states, not one body's name; nor is "các
            // Sở, ngành" one department, written in full or as an abbreviation.
            Kind::Organization | Kind::Acronym
                if end - start <= 2 && phrase_before(text, tokens, start, &self.composer.plural_before) =>
            {
                true
            }
            Kind::Title => {
                start > 0
                    && self.composer.deputy == Some(tokens[start - 1].id)
                    && !line_break_between(text, &tokens[start - 1], &tokens[start])
            }
            // A phrase with a name inside does too (its capitals, not the term's kind, tell): "Về phía Trung
            // ương Hội" is the union's committee, not "on behalf of the central level" and a "Hội".
            Kind::Organization | Kind::Concept
                if named || kind == Kind::Concept && (start + 1..end).any(|t| is_capital(text, &tokens[t])) =>
            {
                tokens.get(end).is_some_and(|next| {
                    self.composer.flags(next.id) & SHORT_FIRST != 0
                        && is_capital(text, next)
                        && !line_break_between(text, &tokens[end - 1], next)
                        && !other_name_at(end)
                })
            }
            _ => false,
        }
    }

    /// Is pattern `pattern`, starting at token `first`, a degree or honour written in lower case, which names
    /// someone only before a name ("bác sĩ Nguyễn Thị Thu")?
    fn common_noun_honorific(&self, text: &str, first: &Token, pattern: u32) -> bool {
        self.is_honorific(pattern) && !is_capital(text, first)
    }

    /// Does pattern `pattern` fill the `honorific` slot (a degree or honour before a name)?
    fn is_honorific(&self, pattern: u32) -> bool {
        let honorific = self.composer.honorific_class;
        honorific != NO_CLASS && self.info[pattern as usize].fills == honorific
    }

    /// Does a degree or honour ending at token `end` name nobody: after it, past dashes, commas and more degrees
    /// or titles ("Phó Giáo sư - Tiến sĩ", "Thầy thuốc ưu tú, nguyên Giám đốc Sở Y tế"), comes a word in lower
    /// case, a bracket or stop, or the end of the text ("nhiều nhà khoa học (từ Thạc sĩ, Phó Giáo sư - Tiến sĩ đến
    /// Giáo sư - Tiến sĩ)"), not a person or a name.
    fn honorific_names_nobody(&self, chart: &Chart, end: usize) -> bool {
        let (text, tokens) = (chart.text, chart.tokens);
        let mut at = end;
        for _ in 0..8 {
            let Some(token) = tokens.get(at) else { return true };
            if at > 0 && line_break_between(text, &tokens[at - 1], token) {
                return true;
            }
            if matches!(chart.raw(at), "-" | "–" | ",") {
                at += 1;
                continue;
            }
            if chart.at(at).any(|c| chart.candidates[c as usize].kind == Kind::Person) {
                return false;
            }
            let title = chart
                .at(at)
                .map(|c| &chart.candidates[c as usize])
                .filter(|c| c.kind == Kind::Title)
                .map(|c| c.end as usize)
                .max();
            match title {
                Some(title_end) => at = title_end,
                None => return !is_capital(text, token),
            }
        }
        false
    }

    /// The kind of pattern `pattern`, and whether its term writes capitals (a name, not a common noun).
    fn kind_named(&self, pattern: u32) -> (Kind, bool) {
        let info = self.info[pattern as usize];
        (info.kind, info.checks & CHECK_CAPS != 0)
    }

    /// Is candidate `candidate` written as a name: a term or composed pattern with capitals, or a short form?
    fn named(&self, chart: &Chart, candidate: &Candidate) -> bool {
        match candidate.source {
            Source::Pattern(p) => self.kind_named(p).1,
            Source::Composed(c) => self.composer.rules[chart.composed[c as usize].rule as usize]
                .elements
                .iter()
                .any(|e| matches!(e, Element::Literal { caps, .. } if caps.contains(&true))),
            Source::Short(_) => true,
            Source::Person => false,
        }
    }

    fn collect_patterns(&self, chart: &mut Chart) {
        let tokens = chart.tokens;
        let text = chart.text;
        for i in 0..tokens.len() {
            self.patterns_at(text, tokens, i, |last, pattern| {
                let info = self.info[pattern as usize];
                let class = match (info.kind, info.has_slots) {
                    (Kind::Person, _) => CLASS_PERSON_TERM,
                    (_, false) => CLASS_TERM,
                    (_, true) => CLASS_EXPANSION,
                };
                chart.push(Candidate {
                    start: i as u32,
                    end: last as u32 + 1,
                    kind: info.kind,
                    fills: info.fills,
                    class,
                    rank: 0,
                    source: Source::Pattern(pattern),
                });
                true
            });
        }
    }

    /// Bodies listed after their head word written once: "các Sở: Ngoại vụ, Công Thương, Y tế" and "Sở Tài
    /// chính, Kế hoạch và Đầu tư" name departments, each of which is the body "Sở" + the item (a term without
    /// slots, walked in the trie after the head), rendered as that body. The first item after the head without a
    /// colon is the body's own term; the list goes on over commas, semicolons and "và" while items are bodies.
    fn collect_list_items(&self, chart: &mut Chart) {
        let (text, tokens) = (chart.text, chart.tokens);
        for i in 0..tokens.len() {
            if !self.composer.list_heads.contains(&tokens[i].id) || !is_capital(text, &tokens[i]) {
                continue;
            }
            let head = self.trie.child(0, tokens[i].id);
            let colon = i + 1 < tokens.len() && chart.raw(i + 1) == ":";
            if head == NONE || (colon && line_break_between(text, &tokens[i], &tokens[i + 1])) {
                continue;
            }
            let (mut at, mut listed) = (if colon { i + 2 } else { i + 1 }, colon);
            while let Some((end, pattern)) = self.list_item(text, tokens, head, at) {
                if listed {
                    let info = self.info[pattern as usize];
                    chart.push(Candidate {
                        start: at as u32,
                        end: end as u32,
                        kind: info.kind,
                        fills: info.fills,
                        class: CLASS_TERM,
                        rank: 0,
                        source: Source::Pattern(pattern),
                    });
                }
                listed = true;
                let next = past_list_separators(text, tokens, end);
                if next == end {
                    break;
                }
                at = next;
            }
        }
    }

    /// The longest body "head + tokens from `at`" of the term bases (an organization without slots whose item is
    /// capitalized): its end token and pattern.
    fn list_item(&self, text: &str, tokens: &[Token], head: u32, at: usize) -> Option<(usize, u32)> {
        if at >= tokens.len()
            || !is_capital(text, &tokens[at])
            || line_break_between(text, &tokens[at - 1], &tokens[at])
        {
            return None;
        }
        let (mut node, mut j, mut best) = (self.trie.child(head, tokens[at].id), at, None);
        while node != NONE {
            let pattern = self.trie.nodes[node as usize].pattern;
            if pattern != NONE {
                let info = self.info[pattern as usize];
                if info.kind == Kind::Organization && !info.has_slots {
                    best = Some((j + 1, pattern));
                }
            }
            j += 1;
            match tokens.get(j) {
                Some(token) if token.id != NONE => node = self.trie.child(node, token.id),
                _ => break,
            }
        }
        best
    }

    /// Walks the trie from token `first`: `found(last token, pattern)` for every pattern that passes the checks
    /// until it returns false; shortest first along each walk. Where the text writes an abbreviation of the name
    /// lists, the walk also goes on through the words it stands for, and inside a name it also passes over an
    /// acronym in brackets; a pattern is then found only if the text has a word of it written out too (an
    /// abbreviation alone is its own term).
    #[inline]
    fn patterns_at(&self, text: &str, tokens: &[Token], first: usize, mut found: impl FnMut(usize, u32) -> bool) {
        let detour_at = |token: &Token| self.composer.flags(token.id) & DETOUR != 0;
        // Most walks meet no abbreviation and no bracket: token by token, until one is met. Kept apart from the loop
        // below on purpose: with no detours its checks fold away, and one loop for both cost 2 % more instructions in
        // `find` (258.5 M → 263.8 M per MB of the development articles).
        let mut resume = None;
        if !detour_at(&tokens[first]) {
            let mut node = self.trie.child(0, tokens[first].id);
            let mut j = first;
            while node != NONE {
                let pattern = self.trie.nodes[node as usize].pattern;
                if pattern != NONE
                    && self.pattern_fits(text, tokens, first, j, pattern, &Detours::default())
                    && !found(j, pattern)
                {
                    return;
                }
                let Some(token) = tokens.get(j + 1) else { return };
                if detour_at(token) {
                    resume = Some((node, j));
                    break;
                }
                if token.id == NONE {
                    return;
                }
                node = self.trie.child(node, token.id);
                j += 1;
            }
            if resume.is_none() {
                return;
            }
        }
        let mut waiting = Waiting::default();
        if let Some((node, last)) = resume {
            waiting.push(Walk { node, last, detours: Detours::default(), report: false, itself: true });
        } else {
            // The text as written first (the last walk waiting is the next one taken), then through abbreviations.
            self.abbreviations_at(tokens, first, 0, |end, node, words| {
                if let Some(detours) = Detours::default().with(0, end - first, words) {
                    waiting.push(Walk { node, last: end - 1, detours, report: true, itself: false });
                }
            });
            let node = self.trie.child(0, tokens[first].id);
            waiting.push(Walk { node, last: first, detours: Detours::default(), report: true, itself: true });
        }
        while let Some(Walk { mut node, last: mut j, detours, mut report, mut itself }) = waiting.pop() {
            while node != NONE {
                let pattern = self.trie.nodes[node as usize].pattern;
                if report
                    && itself
                    && pattern != NONE
                    && self.pattern_fits(text, tokens, first, j, pattern, &detours)
                    && !found(j, pattern)
                {
                    return;
                }
                let next = j + 1;
                let Some(token) = tokens.get(next) else { break };
                if self.composer.flags(token.id) & DETOUR != 0 {
                    self.abbreviations_at(tokens, next, node, |end, node, words| {
                        if let Some(detours) = detours.with(next - first, end - next, words) {
                            waiting.push(Walk { node, last: end - 1, detours, report: true, itself });
                        }
                    });
                }
                if text.as_bytes()[token.start as usize] == b'('
                    && tokens.get(next + 2).is_some_and(|close| text.as_bytes()[close.start as usize] == b')')
                    && is_acronym_word(&text[tokens[next + 1].start as usize..tokens[next + 1].end as usize])
                {
                    // Its pattern was looked at before the brackets.
                    if let Some(detours) = detours.with(next - first, 3, 0) {
                        waiting.push(Walk { node, last: next + 2, detours, report: false, itself });
                    }
                }
                if token.id == NONE {
                    break;
                }
                node = self.trie.child(node, token.id);
                (j, report, itself) = (next, true, true);
            }
        }
    }

    /// Every abbreviation of the name lists written at token `at`: `through(its end token + 1, the node reached
    /// from `node` through the words it stands for, how many words)`.
    fn abbreviations_at(&self, tokens: &[Token], at: usize, node: u32, mut through: impl FnMut(usize, u32, usize)) {
        for Abbreviation { short, words } in &self.composer.abbreviations {
            if short[0] != tokens[at].id || !ids_at(tokens, at, short) {
                continue;
            }
            let reached = words.iter().try_fold(node, |n, &id| {
                let next = self.trie.child(n, id);
                (next != NONE).then_some(next)
            });
            if let Some(reached) = reached {
                through(at + short.len(), reached, words.len());
            }
        }
    }

    /// The boundary, acronym-case and capital checks of pattern `pattern` over tokens `first..=last`, read with
    /// `detours`.
    fn pattern_fits(
        &self,
        text: &str,
        tokens: &[Token],
        first: usize,
        last: usize,
        pattern: u32,
        detours: &Detours,
    ) -> bool {
        let range = tokens[first].start as usize..tokens[last].end as usize;
        if glued_in_original(text, &range) {
            return false;
        }
        // One compact byte per pattern says whether any check applies, so most candidates read no pattern.
        let checks = self.info[pattern as usize].checks;
        if checks == 0 {
            return true;
        }
        // A name whose first, lower-case word ends an ordinary word is that word's ("liên kết nội vùng Đồng bằng
        // sông Cửu Long" is intra-regional linkage), as for the unit rules.
        if self.composer.ends_plain_word(tokens, first) && !is_capital(text, &tokens[first]) {
            return false;
        }
        if checks & CHECK_CASE_MASK != 0 && (!detours.is_empty() || !self.case_fits(pattern, &text[range.clone()])) {
            return false;
        }
        if checks & CHECK_CAPS == 0 {
            return true;
        }
        let Some(caps) = &self.patterns[pattern as usize].caps else { return true };
        if !detours.is_empty() {
            return detours.caps_fit(caps, checks & CHECK_ANY_CAP != 0, text, tokens, first, last);
        }
        // Every capital, or for a body one of them.
        let any = checks & CHECK_ANY_CAP != 0;
        let mut fits = !any;
        for (_, token) in caps.iter().zip(&tokens[first..=last]).filter(|(&need, _)| need) {
            if is_capital(text, token) == any {
                fits = any;
                break;
            }
        }
        if !fits && !any {
            let info = &self.info[pattern as usize];
            let alone = info.fills != NO_CLASS
                && (info.fills == self.composer.country_class || info.fills == self.composer.region_class);
            fits = capitals_slipped_fit(text, tokens, first, caps, info.kind, alone);
        }
        if !fits {
            return false;
        }
        // A person named in two syllables ("cụ Hồ", "Bác Hồ") before another name syllable is the start of a
        // longer name: "cụ Hồ Văn Minh" is an old man, not Uncle Ho.
        if last - first == 1
            && self.info[pattern as usize].kind == Kind::Person
            && tokens
                .get(last + 1)
                .is_some_and(|next| is_name_syllable(text, next) && !line_break_between(text, &tokens[last], next))
        {
            return false;
        }
        if first != last || !self.patterns[pattern as usize].weak {
            return true;
        }
        // A lone capitalized syllable at the start of a sentence proves nothing ("Anh", "Pháp", "Đức"); one in
        // capitals throughout, or with a capital inside ("LangBiang"), is written as a name.
        if starts_sentence(text, tokens, first) && !text[range].chars().skip(1).any(char::is_uppercase) {
            return false;
        }
        // Nor one before a Vietnamese name syllable that starts no person's name: it is the first syllable of a
        // Vietnamese name ("phủ Hà Hoa và Đức Thọ" is no Germany), while a country before a name is followed by a
        // foreign one ("Tổng thống Mỹ Donald Trump"), a surname ("Đại sứ Việt Nam tại Nga Đặng Minh Khôi"), or a
        // Lao or Korean name written in pieces ("Lào Xổn-xay").
        !tokens.get(last + 1).is_some_and(|next| {
            let raw = &text[next.start as usize..next.end as usize];
            is_name_syllable(text, next)
                && !raw.is_ascii()
                && self.composer.flags(next.id) & SURNAME == 0
                && !line_break_between(text, &tokens[last], next)
                && !text[next.end as usize..].starts_with('-')
        })
    }

    /// People named by a surname and capitalized syllables, or by capitalized syllables after a cue word.
    fn collect_people(&self, chart: &mut Chart) {
        let composer = &self.composer;
        let tokens = chart.tokens;
        let mut bylines = Vec::new();
        for i in 0..tokens.len() {
            if let Some(end) = caps_byline_at(chart.text, tokens, i, composer) {
                if (i..end)
                    .all(|at| chart.at(at).all(|c| !matches!(chart.candidates[c as usize].source, Source::Pattern(_))))
                {
                    bylines.push((i, end));
                }
            }
        }
        for (start, end) in bylines {
            chart.push(Candidate {
                start: start as u32,
                end: end as u32,
                kind: Kind::Person,
                fills: NO_CLASS,
                class: CLASS_SURNAME_PERSON,
                rank: 0,
                source: Source::Person,
            });
        }
        for i in 0..tokens.len() {
            let after_cue = i > 0 && composer.flags(tokens[i - 1].id) & CUE_END != 0;
            let cued = after_cue && phrase_before(chart.text, tokens, i, &composer.cues);
            // "H'" starts a woman's given name of the Ede and Jarai peoples ("H'Hen Niê"), as a surname would.
            let surname =
                composer.flags(tokens[i].id) & SURNAME != 0 || (chart.raw(i) == "H" && chart.apostrophe_tail(i) == 2);
            if !cued && !surname {
                continue;
            }
            // After a cue a place's name is a person's ("ông Thái Bình"); a title or body is not ("bà Chủ tịch").
            if !is_name_syllable(chart.text, &tokens[i]) || (cued && chart.body_or_title_starts(i)) {
                continue;
            }
            let end = chart.name_run(i, MAX_NAME_TOKENS, composer);
            let end = if end > i { chart.past_hyphens(end) } else { end };
            if end == i || (!cued && end - i < 2) {
                continue;
            }
            // One letter alone is an initial, as in a photo credit ("Ảnh: X.P"), not a name; one syllable that
            // starts an ordinary word is that word, capitalized out of respect ("các đồng chí Lãnh đạo"), and "Phó"
            // alone the deputy of a title the term bases do not name alone ("Bà Phó thống đốc").
            if end - i == 1
                && (chart.raw(i).chars().count() == 1
                    || composer.compound_at(tokens, i)
                    || Some(tokens[i].id) == composer.deputy)
            {
                continue;
            }
            // Two syllables after a lower-case unit word are a place's name, not a person's ("lấy phủ Hà Hoa và Đức
            // Thọ"); a person after a unit word has a full name ("UBND tỉnh Trần Duy Đông") or a cue.
            if !cued
                && end - i == 2
                && i > 0
                && composer.flags(tokens[i - 1].id) & UNIT != 0
                && !is_capital(chart.text, &tokens[i - 1])
                && !line_break_between(chart.text, &tokens[i - 1], &tokens[i])
            {
                continue;
            }
            if chart.in_pieces(end) || chart.web_address_at(end) {
                continue;
            }
            // A country whose name starts with a surname, then a foreign name, is the country and its citizen:
            // "Thanh tra Hàn Quốc Choe Jeahyong" is Korea's, not a Mr Hàn's.
            let country_end = chart
                .places_filling(i, composer.country_class)
                .map(|c| chart.candidates[c as usize].end as usize)
                .max();
            let start = match country_end {
                Some(e)
                    if !cued && e < end && (e..end).any(|k| is_foreign_name_word(chart.text, &tokens[k], composer)) =>
                {
                    if end - e < 2 {
                        continue;
                    }
                    e
                }
                _ => i,
            };
            chart.push(Candidate {
                start: start as u32,
                end: end as u32,
                kind: Kind::Person,
                fills: NO_CLASS,
                class: if cued { CLASS_CUED_PERSON } else { CLASS_SURNAME_PERSON },
                rank: 0,
                source: Source::Person,
            });
        }
    }

    /// A run of two or more capitalized words none of which could be a Vietnamese syllable is a foreign person's
    /// name in Latin letters ("Bộ trưởng Giao thông Budi Karya Sumadi", "José Martí", with initials: "Elbridge
    /// A. Colby", "M. Patrick Ellsworth"). A run stops before a term ("Indonesia Joko Widodo": the country is a
    /// term) and does not start where something else was found. A run with a word of the name lists' `thing` list ("Vietnam Airlines",
    /// "Samsung Electronics") names a thing and is left alone.
    fn collect_foreign_people(&self, chart: &mut Chart) {
        let (composer, text, tokens) = (&self.composer, chart.text, chart.tokens);
        let joined = |a: usize, b: usize| !line_break_between(text, &tokens[a], &tokens[b]);
        // A person found after a cue may stop at an initial ("Ngài Elbridge A"): the longer run wins then.
        let free = |chart: &Chart, at: usize| chart.at(at).all(|c| chart.candidates[c as usize].kind == Kind::Person);
        let initial = |chart: &Chart, at: usize| {
            let raw = chart.raw(at);
            raw.len() == 1 && raw.as_bytes()[0].is_ascii_uppercase()
        };
        let mut i = 0;
        while i < tokens.len() {
            if !is_foreign_name_word(text, &tokens[i], composer) || !free(chart, i) {
                i += 1;
                continue;
            }
            // A surname in capitals after the given name, as French writes it: "GS. TS. Yvon GOUSTY". A word the
            // term bases do not know and no Vietnamese syllable, so neither an acronym nor a headline word.
            let capitals_surname = |at: usize| {
                let raw = chart.raw(at);
                tokens[at].id == NONE
                    && raw.len() >= 2
                    && raw.bytes().all(|b| b.is_ascii_uppercase())
                    && !could_be_syllable(&raw.to_ascii_lowercase())
            };
            let (mut start, mut end, mut words) = (i, i + 1, 1);
            loop {
                if end < tokens.len()
                    && joined(end - 1, end)
                    && free(chart, end)
                    && (is_foreign_name_word(text, &tokens[end], composer) || capitals_surname(end))
                {
                    (end, words) = (end + 1, words + 1);
                    continue;
                }
                // Lower-case particles or a hyphen between two words: "Mohamed bin Abdulrahman", "von der Leyen",
                // "Al-Thani".
                let mut next = end;
                while next < tokens.len()
                    && next - end < 2
                    && joined(next - 1, next)
                    && free(chart, next)
                    && ((composer.flags(tokens[next].id) & NAME_PARTICLE != 0
                        && chart.raw(next).starts_with(|c: char| c.is_ascii_lowercase())
                        && chart.raw(next).is_ascii())
                        || (next == end
                            && chart.raw(next) == "-"
                            && tokens[next - 1].end == tokens[next].start
                            && tokens.get(next + 1).is_some_and(|t| tokens[next].end == t.start)))
                {
                    next += 1;
                }
                if next > end
                    && next < tokens.len()
                    && joined(next - 1, next)
                    && free(chart, next)
                    && is_foreign_name_word(text, &tokens[next], composer)
                {
                    (end, words) = (next + 1, words + 1);
                    continue;
                }
                // An initial between two words: "Elbridge A. Colby".
                if end + 2 < tokens.len()
                    && initial(chart, end)
                    && chart.raw(end + 1) == "."
                    && joined(end - 1, end + 2)
                    && is_foreign_name_word(text, &tokens[end + 2], composer)
                    && free(chart, end + 2)
                {
                    (end, words) = (end + 3, words + 1);
                    continue;
                }
                break;
            }
            // An initial before the run: "M. Patrick Ellsworth".
            if start >= 2
                && initial(chart, start - 2)
                && chart.raw(start - 1) == "."
                && joined(start - 2, start)
                && free(chart, start - 2)
            {
                start -= 2;
            }
            let a_thing = (start..end).any(|k| composer.flags(tokens[k].id) & THING_WORD != 0);
            if (2..=MAX_NAME_TOKENS).contains(&words) && !a_thing {
                chart.push(Candidate {
                    start: start as u32,
                    end: end as u32,
                    kind: Kind::Person,
                    fills: NO_CLASS,
                    class: CLASS_FOREIGN_PERSON,
                    rank: 0,
                    source: Source::Person,
                });
            }
            i = end;
        }
    }

    /// A capitalized run of two or more syllables right after a title is a person ("Đại sứ Ai Cập Ashraf
    /// Moneim"), unless a term starts it ("Chủ tịch nước Lào Thongloun Sisoulith": Lào is the country).
    fn collect_people_after_titles(&self, chart: &mut Chart) {
        let mut ends: Vec<usize> =
            chart.candidates.iter().filter(|c| c.kind == Kind::Title).map(|c| c.end as usize).collect();
        ends.sort_unstable();
        ends.dedup();
        for start in ends {
            if start >= chart.tokens.len()
                || line_break_between(chart.text, &chart.tokens[start - 1], &chart.tokens[start])
            {
                continue;
            }
            // A body's head word ("Bộ", "Cục", "Sở" …: the first word of a short form) starts the body a title is
            // of, not a person: "Bộ trưởng Bộ Lao động và Việc làm" is no "Bo Lao".
            // So does a word of the name lists' `thing` list ("Vụ trưởng Vụ Đông Bắc Á" is a department's director).
            if !is_name_syllable(chart.text, &chart.tokens[start])
                || chart.at(start).next().is_some()
                || self.composer.flags(chart.tokens[start].id) & (SHORT_FIRST | THING_WORD) != 0
            {
                continue;
            }
            // A cue written with a capital after a title ("Cục trưởng Cục Thống kê Bình Thuận Ông Phạm Quốc Hùng")
            // is the cue, not the name's first syllable: the name after it is found as a cued person.
            if start + 1 < chart.tokens.len() && phrase_before(chart.text, chart.tokens, start + 1, &self.composer.cues)
            {
                continue;
            }
            let end = chart.name_run(start, MAX_NAME_TOKENS, &self.composer);
            let end = if end > start { chart.past_hyphens(end) } else { end };
            // Capitalized words that go on past a name's length are a foreign name in pieces ("Trưởng ban Tổ chức
            // Tỉnh ủy tỉnh Khăm Muộn Phôm Ma Phăn Thạ Lăng Si"), not a person of its first syllables.
            let goes_on = end < chart.tokens.len()
                && is_name_syllable(chart.text, &chart.tokens[end])
                && !line_break_between(chart.text, &chart.tokens[end - 1], &chart.tokens[end])
                && !chart.term_starts(end);
            if end - start >= 2 && !goes_on && !chart.in_pieces(end) && !chart.web_address_at(end) {
                chart.push(Candidate {
                    start: start as u32,
                    end: end as u32,
                    kind: Kind::Person,
                    fills: NO_CLASS,
                    class: CLASS_CUED_PERSON,
                    rank: 0,
                    source: Source::Person,
                });
            }
        }
    }

    /// Matches every rule, in dependency order, from every place it can start.
    fn compose(&self, chart: &mut Chart) {
        let composer = &self.composer;
        // (rule, start) for the rules whose first literal is in the text, found from the tokens: a text meets a
        // handful of the rules, and walking every rule for every paragraph cost more than the whole trie walk.
        let mut literal_starts: Vec<(u32, u32)> = Vec::new();
        // Only rules whose whole literal is there (many rules share a first syllable: "Đại hội …", "Hội nghị …"):
        // the literals are walked in a trie, not rule by rule.
        for (i, token) in chart.tokens.iter().enumerate() {
            let flags = composer.flags(token.id);
            if flags & FIRST_LITERAL != 0 {
                composer.by_first_literal.find(&chart.tokens[i..], |rule| literal_starts.push((rule, i as u32)));
            }
            if i > 0 && flags & AFTER_NUMBER != 0 && chart.raw(i - 1).as_bytes()[0].is_ascii_digit() {
                composer
                    .by_literal_after_number
                    .find(&chart.tokens[i..], |rule| literal_starts.push((rule, i as u32 - 1)));
                composer.by_literal_after_inner_number.find(&chart.tokens[i..], |rule| {
                    let Element::Literal { ids: before, .. } = &composer.rules[rule as usize].elements[0] else {
                        return;
                    };
                    let Some(start) = (i - 1).checked_sub(before.len()) else { return };
                    if ids_at(chart.tokens, start, before) {
                        literal_starts.push((rule, start as u32));
                    }
                });
            }
        }
        if literal_starts.is_empty() && composer.slot_first.is_empty() {
            return;
        }
        literal_starts.sort_unstable();
        // Where rules that start with a recognized slot can start: digits, or name syllables.
        let (mut digit_starts, mut name_starts) = (Vec::new(), Vec::new());
        for (i, token) in chart.tokens.iter().enumerate() {
            if composer.digits_first && chart.raw(i).as_bytes()[0].is_ascii_digit() {
                digit_starts.push(i);
            }
            if composer.names_first && is_name_syllable(chart.text, token) {
                name_starts.push(i);
            }
        }
        // The rules to try, in dependency order: those with a first literal here, and those starting with a slot.
        let mut to_try: Vec<u32> = literal_starts.iter().map(|&(rule, _)| rule).collect();
        to_try.extend(composer.slot_first.iter().map(|&r| r as u32));
        to_try.sort_unstable();
        to_try.dedup();
        for index in to_try {
            let rule = &composer.rules[index as usize];
            // Rules found from the tokens (a first literal, or the literal after a leading number) start there;
            // rules that start with a slot, where a filler or a name can start.
            let keyed = composer.slot_first.binary_search(&(index as usize)).is_err();
            let starts: Vec<usize> = if keyed {
                let from = literal_starts.partition_point(|&(r, _)| r < index);
                literal_starts[from..].iter().take_while(|&&(r, _)| r == index).map(|&(_, s)| s as usize).collect()
            } else {
                match &rule.elements[0] {
                    Element::Class { class, .. } => {
                        // Where the words after the slot follow a filler ("{body} tại Việt Nam" after a body): a
                        // body or event is found in most sentences, the words after it in few.
                        let next = match rule.elements.get(1) {
                            Some(Element::Literal { ids, .. }) => ids.first().copied(),
                            _ => None,
                        };
                        let mut starts: Vec<usize> = chart
                            .candidates
                            .iter()
                            .filter(|c| {
                                c.fills == *class
                                    && next
                                        .is_none_or(|id| chart.tokens.get(c.end as usize).is_some_and(|t| t.id == id))
                            })
                            .map(|c| c.start as usize)
                            .collect();
                        starts.sort_unstable();
                        starts.dedup();
                        starts
                    }
                    Element::Dynamic { slot: DynamicSlot::Name | DynamicSlot::Proper, .. } => name_starts.clone(),
                    Element::Dynamic { .. } => digit_starts.clone(),
                    Element::Literal { .. } => Vec::new(),
                }
            };
            let (mut found, mut fillers) = (Vec::new(), Vec::new());
            // "bản {proper}", "quận {number}": a one-word unit written with a capital inside a sentence is part of a
            // name ("cửa khẩu Bản Vược", "Quận 16" of Paris), not the unit, unless the name lists say the unit keeps
            // its meaning so ("Phường 4"); "Thị xã Mường Lay" is the town, and its "xã" no commune. A unit in
            // capitals throughout is a headline's ("HUYỆN ĐAK ĐOA").
            let (one_word_unit, capital_unit) = match &rule.elements[0] {
                Element::Literal { ids, .. } if rule.lower_unit && ids.len() == 1 => {
                    (true, composer.capital_units.binary_search(&ids[0]).is_ok())
                }
                _ => (false, false),
            };
            for start in starts {
                if one_word_unit
                    && ((!capital_unit
                        && is_name_syllable(chart.text, &chart.tokens[start])
                        && !starts_sentence(chart.text, chart.tokens, start))
                        || composer.ends_plain_word(chart.tokens, start))
                {
                    continue;
                }
                found.clear();
                fillers.clear();
                self.match_elements(chart, rule, 0, start, &mut fillers, &mut found);
                let listed = match found.iter().map(|&(end, _)| end).max() {
                    Some(last) if rule.lower_unit => self.listed_places(chart, rule, start, last),
                    _ => Vec::new(),
                };
                let found = found.drain(..).map(|(end, fillers)| (start, end, fillers)).chain(listed);
                for (start, end, fillers) in found {
                    if glued_in_original(chart.text, &chart.byte_range(start, end)) {
                        continue;
                    }
                    chart.composed.push(ComposedMatch { rule: index, fillers });
                    let composed = chart.composed.len() as u32 - 1;
                    chart.push(Candidate {
                        start: start as u32,
                        end: end as u32,
                        kind: rule.kind,
                        fills: rule.fills,
                        class: CLASS_COMPOSED,
                        rank: rule.rank,
                        source: Source::Composed(composed),
                    });
                }
            }
        }
    }

    /// The names listed after the first of a place rule's match over tokens `start..end` ("xã {proper}"), which
    /// the unit word written once covers too: "2 xã Kim Phượng và Tân Dương", "các huyện Tiểu Cần, Cầu Kè, …
    /// và Trà Cú". A name after "và" ends the list; commas list names only after a plural word ("các", "hai",
    /// "2"), since "xã Tân Dương, Định Hóa" names the district after the commune. An item is a capitalized name
    /// of the rule's slot that no term or person starts and the text does not go on with (a capital next, or one
    /// syllable before a word in lower case: "tỉnh Gia Lai và Công an tỉnh"). Each is (start, end, fillers).
    fn listed_places(&self, chart: &Chart, rule: &Rule, start: usize, end: usize) -> Vec<(usize, usize, Vec<Filler>)> {
        let mut listed = Vec::new();
        let (text, tokens) = (chart.text, chart.tokens);
        if rule.elements.len() != 2
            || !matches!(rule.elements[1], Element::Dynamic { slot: DynamicSlot::Proper, .. })
            || end >= tokens.len()
        {
            return listed;
        }
        let plural = start > 0
            && (is_number(chart.raw(start - 1)) || phrase_before(text, tokens, start, &self.composer.plural_before));
        let (mut at, mut found, mut fillers) = (end, Vec::new(), Vec::new());
        while at + 1 < tokens.len() && !line_break_between(text, &tokens[at], &tokens[at + 1]) {
            let last = match chart.raw(at) {
                "và" => true,
                "," if plural => false,
                _ => break,
            };
            let item = at + 1;
            if chart.term_starts(item) || chart.at(item).any(|c| chart.candidates[c as usize].kind == Kind::Person) {
                break;
            }
            found.clear();
            self.match_elements(chart, rule, 1, item, &mut fillers, &mut found);
            let Some((item_end, item_fillers)) = found.drain(..).max_by_key(|&(end, _)| end) else { break };
            if chart.name_goes_on(item, item_end, || true) {
                break;
            }
            listed.push((item, item_end, item_fillers));
            if last || item_end >= tokens.len() {
                break;
            }
            at = item_end;
        }
        listed
    }

    /// Where a rule's literal that starts at token `at` ends: its words as written, or an abbreviation of the name
    /// lists in place of some of them ("MTTQ" for "Mặt trận Tổ quốc"; an abbreviation is written in capitals).
    fn literal_ends(&self, chart: &Chart, ids: &[u32], caps: &[bool], at: usize, ends: &mut Vec<usize>) {
        let tokens = chart.tokens;
        let read = literal_read(chart, ids, caps, at);
        let next = at + read;
        if read == ids.len() {
            ends.push(next);
            return;
        }
        if tokens.get(next).is_none_or(|t| self.composer.flags(t.id) & DETOUR == 0) {
            return;
        }
        for Abbreviation { short, words } in &self.composer.abbreviations {
            if ids[read..].starts_with(words) && ids_at(tokens, next, short) {
                let rest = read + words.len();
                self.literal_ends(chart, &ids[rest..], &caps[rest..], next + short.len(), ends);
            }
        }
    }

    /// Every way elements `element..` of `rule` match from token `at`: (end token, fillers).
    fn match_elements(
        &self,
        chart: &Chart,
        rule: &Rule,
        element: usize,
        at: usize,
        fillers: &mut Vec<Filler>,
        found: &mut Vec<(usize, Vec<Filler>)>,
    ) {
        let Some(current) = rule.elements.get(element) else {
            found.push((at, fillers.clone()));
            return;
        };
        let tokens = chart.tokens;
        // A paragraph or caption ends at a line break: "nguyên {title}" is no former secretary when "Nguyên" ends
        // the line before (a photographer's "B.Nguyên").
        if element > 0 && at < tokens.len() && line_break_between(chart.text, &tokens[at - 1], &tokens[at]) {
            return;
        }
        match current {
            Element::Literal { ids, caps } => {
                let read = literal_read(chart, ids, caps, at);
                if read == ids.len() {
                    self.match_elements(chart, rule, element + 1, at + read, fillers, found);
                } else if tokens.get(at + read).is_some_and(|t| self.composer.flags(t.id) & DETOUR != 0) {
                    let mut ends = Vec::new();
                    self.literal_ends(chart, ids, caps, at, &mut ends);
                    for end in ends {
                        self.match_elements(chart, rule, element + 1, end, fillers, found);
                    }
                }
            }
            Element::Class { class, .. } => {
                // Of the fillers of one span, the one that would be chosen for those words alone: a short form
                // referring back before the generic term of the same words ("Chủ tịch Hội LHPN tỉnh" after "Hội LHPN
                // tỉnh Nam Định" chairs the Nam Dinh union).
                let key = |c: u32| {
                    let c = &chart.candidates[c as usize];
                    (c.class, c.rank)
                };
                let fills = |c: u32| chart.candidates[c as usize].fills == *class;
                let best_of_span = |c: u32| {
                    let end = chart.candidates[c as usize].end;
                    !chart.at(at).any(|o| {
                        o != c && fills(o) && chart.candidates[o as usize].end == end && (key(o), o) < (key(c), c)
                    })
                };
                for candidate in chart.at(at).filter(|&c| fills(c) && best_of_span(c)) {
                    fillers.push(Filler::Candidate(candidate));
                    let end = chart.candidates[candidate as usize].end as usize;
                    self.match_elements(chart, rule, element + 1, end, fillers, found);
                    fillers.pop();
                }
            }
            Element::Dynamic { slot, .. } => {
                let last = element + 1 == rule.elements.len();
                for end in dynamic_ends(chart, &self.composer, *slot, at) {
                    if last
                        && *slot == DynamicSlot::Proper
                        && end.1.is_none()
                        && self.proper_is_cut(chart, rule.kind, at, end.0)
                    {
                        continue;
                    }
                    fillers.push(match (slot, end.1) {
                        (DynamicSlot::Name, person) => Filler::Candidate(person.expect("a person")),
                        // A city filling `{proper}` renders as its own row does.
                        (DynamicSlot::Proper, Some(city)) => Filler::Candidate(city),
                        _ => Filler::Text(at as u32, end.0 as u32),
                    });
                    self.match_elements(chart, rule, element + 1, end.0, fillers, found);
                    fillers.pop();
                }
            }
        }
    }

    /// Is a rule's last `{proper}`, filled over tokens `at..end` for a pattern of `kind`, a cut name rather than an
    /// ended one?
    ///
    /// A body's or event's name that the text goes on with is cut: "Công ty TNHH MTV Lâm nghiệp Kong Chiêng" is no
    /// company named "Lâm", "Công ty TNHH MTV Innovgreen Kon Tum" none named "Innovgreen", "Lễ hội Đua thuyền" no
    /// festival named "Đua"; a name of two or more syllables may well end before a verb in lower case, and so may a
    /// foreign word, which starts no Vietnamese word ("Công đoàn Agribank kêu gọi").
    ///
    /// A place's name stops at the run of capitals; it is cut where a longer term starts with it, or where its one
    /// syllable and the lower-case word after it start a key of the term bases: "quảng trường Trung tâm Văn hoá xứ
    /// Đông" is the square of a culture centre, not "Trung Square" ("sông La khẳng định" is still the La River).
    /// So is one that runs on into a body's name: "tại thành phố Đà Nẵng Viện Khoa học xã hội vùng Trung Bộ tổ chức"
    /// names the city, and the institute after it.
    fn proper_is_cut(&self, chart: &Chart, kind: Kind, at: usize, end: usize) -> bool {
        match kind {
            Kind::Organization | Kind::Event => chart.name_goes_on(at, end, || could_be_syllable(chart.raw(at))),
            Kind::Place => {
                chart.at(at).any(|c| chart.candidates[c as usize].end as usize > end)
                    || self.body_starts_inside(chart, at, end)
                    || (end == at + 1
                        && chart.tokens.get(end).is_some_and(|next| {
                            lower_word(chart.text, next)
                                && !line_break_between(chart.text, &chart.tokens[at], next)
                                && self.starts_a_key(&[chart.tokens[at].id, next.id])
                        }))
            }
            _ => false,
        }
    }

    /// Does a body's head word inside tokens `at..end` start, with the two words after it, a key of the trie
    /// ("Viện Khoa học …", "Trường Tiểu học …")? At `at` itself only where that key runs past `end`: "hội trường
    /// Trường Đại học Tây Bắc" is the university's hall, not a hall named "Trường".
    fn body_starts_inside(&self, chart: &Chart, at: usize, end: usize) -> bool {
        let tokens = chart.tokens;
        (at..end.min(tokens.len().saturating_sub(2))).any(|p| {
            (p > at || p + 2 >= end)
                && self.composer.flags(tokens[p].id) & (SHORT_FIRST | THING_WORD) != 0
                && self.starts_a_key(&[tokens[p].id, tokens[p + 1].id, tokens[p + 2].id])
        })
    }

    /// Do the words `ids` start a key of the trie?
    fn starts_a_key(&self, ids: &[u32]) -> bool {
        let mut node = 0;
        for &id in ids {
            node = self.trie.child(node, id);
            if node == NONE {
                return false;
            }
        }
        true
    }

    /// Leftmost-longest over the chart; among candidates of one span the best class, then rank.
    fn select(
        &self,
        chart: &Chart,
        shorts: &[(usize, usize, Antecedent)],
        keyed: &mut Vec<SortKey>,
        people: &mut People,
    ) -> Vec<Chosen> {
        // The sort key beside each candidate (start, longest first, class, rank), sorted without looking back;
        // the key ends with the candidate's index.
        keyed.clear();
        if chart.candidates.len() < PACKED_CANDIDATES {
            keyed.extend(chart.candidates.iter().enumerate().map(|(i, c)| {
                (u128::from(c.start) << 96)
                    | (u128::from(u32::MAX - c.end) << 64)
                    | (u128::from(c.class) << 56)
                    | (u128::from(c.rank) << 24)
                    | i as u128
            }));
            keyed.sort_unstable();
            for key in keyed.iter_mut() {
                *key &= PACKED_CANDIDATES as u128 - 1;
            }
        } else {
            let mut tuples: Vec<(u32, u32, u8, u32, u32)> = chart
                .candidates
                .iter()
                .enumerate()
                .map(|(i, c)| (c.start, u32::MAX - c.end, c.class, c.rank, i as u32))
                .collect();
            tuples.sort_unstable();
            keyed.extend(tuples.iter().map(|t| u128::from(t.4)));
        }
        // Candidate indexes in the order they are taken.
        let order = &keyed[..];
        let mut chosen = Vec::new();
        let mut free = 0u32;
        let mut i = 0;
        while i < order.len() {
            let best = chart.candidates[order[i] as usize];
            if best.start < free
                || (best.class == CLASS_SURNAME_PERSON && chart.continues_a_name(best.start as usize))
                || matches!(best.source, Source::Pattern(p)
                    if self.common_noun_honorific(chart.text, &chart.tokens[best.start as usize], p)
                        && !chart.at(best.end as usize).any(|c| chart.candidates[c as usize].kind == Kind::Person))
                || matches!(best.source, Source::Pattern(p)
                    if self.is_honorific(p) && self.honorific_names_nobody(chart, best.end as usize))
                || self.part_of_more(
                    chart.text,
                    chart.tokens,
                    (best.start as usize, best.end as usize),
                    (best.kind, self.named(chart, &best)),
                    |at| chart.at(at).any(|c| matches!(chart.candidates[c as usize].kind, Kind::Person | Kind::Event)),
                )
            {
                i += 1;
                continue;
            }
            let same_span = order[i..]
                .iter()
                .take_while(|&&k| {
                    let c = &chart.candidates[k as usize];
                    c.start == best.start && c.end == best.end
                })
                .count();
            let alternatives: Vec<String> = if best.class == CLASS_CUED_PERSON {
                order[i..i + same_span]
                    .iter()
                    .map(|&k| &chart.candidates[k as usize])
                    .filter(|c| c.kind != Kind::Person)
                    .filter_map(|c| match c.source {
                        Source::Pattern(p) => Some(self.shares[p as usize].entry.to_string()),
                        _ => None,
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let range = chart.byte_range(best.start as usize, best.end as usize);
            let what = match (best.source, alternatives.is_empty()) {
                (Source::Pattern(p), true) => Resolved::Pattern(p),
                _ => {
                    let mut made = self.make(chart, order[i] as u32, shorts, people);
                    made.alternatives = alternatives;
                    Resolved::Made(Arc::new(made))
                }
            };
            chosen.push(Chosen { byte_start: range.start as u32, byte_end: range.end as u32, what });
            free = best.end;
            i += same_span;
        }
        chosen
    }

    /// The entry, kind, renderings and slots of candidate `index`.
    fn make(&self, chart: &Chart, index: u32, shorts: &[(usize, usize, Antecedent)], people: &mut People) -> Made {
        let candidate = &chart.candidates[index as usize];
        match candidate.source {
            Source::Pattern(p) => {
                let share = &self.shares[p as usize];
                Made {
                    entry: share.entry.clone(),
                    kind: share.kind,
                    targets: self.targets(p).clone(),
                    slots: self.patterns[p as usize]
                        .slots
                        .iter()
                        .map(|(n, f)| (n.to_string(), f.to_string()))
                        .collect(),
                    alternatives: Vec::new(),
                    inner: Vec::new(),
                    place: self.place_of(p),
                }
            }
            Source::Person => {
                let text = &chart.text[chart.byte_range(candidate.start as usize, candidate.end as usize)];
                let (entry, targets) = match people.get(text) {
                    Some((entry, targets)) => (entry.clone(), targets.clone()),
                    None => {
                        let made = self.person(text);
                        if people.len() >= PEOPLE_LIMIT {
                            people.clear();
                        }
                        people.insert(text.into(), made.clone());
                        made
                    }
                };
                Made {
                    entry,
                    kind: Kind::Person,
                    targets,
                    slots: BTreeMap::new(),
                    alternatives: Vec::new(),
                    inner: Vec::new(),
                    place: Place::NONE,
                }
            }
            Source::Short(s) => {
                let antecedent = &shorts[s as usize].2;
                Made {
                    entry: antecedent.entry.clone(),
                    kind: antecedent.kind,
                    targets: antecedent.targets.clone(),
                    slots: BTreeMap::new(),
                    alternatives: Vec::new(),
                    inner: Vec::new(),
                    place: antecedent.place,
                }
            }
            Source::Composed(c) => {
                let composed = &chart.composed[c as usize];
                let rule = &self.composer.rules[composed.rule as usize];
                if let Some(made) = self.title_of_short_form(chart, rule, &composed.fillers, shorts, people) {
                    return made;
                }
                let mut values: Vec<(Arc<str>, FilledSlot)> = Vec::new();
                let mut fillers = composed.fillers.iter();
                // A name after a unit word ("thành phố {proper}") names a place below a province.
                let (mut unit, mut local) = (None, NO_LOCAL);
                for element in rule.elements.iter() {
                    let (name, filler) = match element {
                        Element::Class { name, .. } | Element::Dynamic { name, .. } => (name, fillers.next()),
                        Element::Literal { ids, .. } => {
                            unit = ids.last().copied();
                            continue;
                        }
                    };
                    let slot = match (element, filler) {
                        (_, Some(Filler::Candidate(f))) => {
                            let found = &chart.candidates[*f as usize];
                            let source = &chart.text[chart.byte_range(found.start as usize, found.end as usize)];
                            FilledSlot::Made(self.make(chart, *f, shorts, people), source)
                        }
                        (Element::Dynamic { slot, .. }, Some(Filler::Text(a, b))) => {
                            let raw = &chart.text[chart.byte_range(*a as usize, *b as usize)];
                            let name = crate::text::normalize(raw);
                            if let (DynamicSlot::Proper, Some(unit), NO_LOCAL) = (slot, unit, local) {
                                local = local_place(unit, &name);
                            }
                            FilledSlot::Text(*slot, name)
                        }
                        _ => continue,
                    };
                    values.push((name.clone(), slot));
                }
                let mut targets = BTreeMap::new();
                'languages: for (lang, template) in rule.templates.iter() {
                    let lang = &self.languages[*lang as usize];
                    let mut out = String::with_capacity(template.len() + 32);
                    let mut rest: &str = template;
                    // A slot named twice ("{title} kiêm {title}") takes its fillers in order; a slot's later
                    // placeholders repeat its last filler.
                    let mut used = 0u64;
                    while let Some(open) = rest.find('{') {
                        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
                        out.push_str(&rest[..open]);
                        let placeholder = &rest[open + 1..close];
                        let (name, format) = (slot_base(placeholder), placeholder.split_once(':').map(|p| p.1));
                        let mut named = values.iter().enumerate().filter(|(_, (n, _))| &**n == name);
                        let Some((at, (_, value))) =
                            named.clone().find(|(i, _)| *i >= 64 || used & (1 << i) == 0).or_else(|| named.next_back())
                        else {
                            continue 'languages;
                        };
                        if at < 64 {
                            used |= 1 << at;
                        }
                        let Some(text) = value.render(lang, format) else { continue 'languages };
                        match value {
                            FilledSlot::Made(made, source) if &**lang == "en" => {
                                push_english_filler(&mut out, made.kind, source, &text)
                            }
                            _ => out.push_str(&text),
                        }
                        rest = &rest[close + 1..];
                    }
                    out.push_str(rest);
                    targets.insert(lang.to_string(), out);
                }
                let slots = values
                    .iter()
                    .map(|(name, value)| {
                        let filled = match value {
                            FilledSlot::Made(made, ..) => made.entry.to_string(),
                            FilledSlot::Text(_, text) => format!("text:{text}"),
                        };
                        (name.to_string(), filled)
                    })
                    .collect();
                let mut inner = Vec::new();
                let mut place = Place { province: NO_PROVINCE, local };
                for (_, value) in values {
                    if let FilledSlot::Made(made, ..) = value {
                        if place.province == NO_PROVINCE {
                            place.province = made.place.province;
                        }
                        if place.local == NO_LOCAL {
                            place.local = made.place.local;
                        }
                        inner.push(Named {
                            entry: made.entry.clone(),
                            kind: made.kind,
                            targets: made.targets.clone(),
                            place: made.place,
                        });
                        inner.extend(made.inner);
                    }
                }
                Made {
                    entry: rule.entry.clone(),
                    kind: rule.kind,
                    targets: Arc::new(targets),
                    slots,
                    alternatives: Vec::new(),
                    inner,
                    place,
                }
            }
        }
    }

    /// "{title} {body}" with a body's short form: the row that names this title of this body in full, if one
    /// does ([`Composer::titles_of_bodies`]).
    fn title_of_short_form(
        &self,
        chart: &Chart,
        rule: &Rule,
        fillers: &[Filler],
        shorts: &[(usize, usize, Antecedent)],
        people: &mut People,
    ) -> Option<Made> {
        let composer = &self.composer;
        if composer.titles_of_bodies.is_empty()
            || rule.kind != Kind::Title
            || rule.elements.len() != 2
            || !rule.elements.iter().all(|e| matches!(e, Element::Class { .. }))
        {
            return None;
        }
        let &[Filler::Candidate(title), Filler::Candidate(body)] = fillers else { return None };
        let Source::Short(short) = chart.candidates[body as usize].source else { return None };
        let antecedent = &shorts[short as usize].2;
        let title = self.make(chart, title, shorts, people);
        let row = composer.titles_of_bodies.get(&(title.entry.clone(), antecedent.entry.clone()))?;
        Some(Made {
            entry: row.entry.clone(),
            kind: Kind::Title,
            targets: row.targets.clone(),
            slots: BTreeMap::new(),
            alternatives: Vec::new(),
            inner: vec![Named {
                entry: antecedent.entry.clone(),
                kind: antecedent.kind,
                targets: antecedent.targets.clone(),
                place: antecedent.place,
            }],
            place: antecedent.place,
        })
    }

    /// People named in their Sino-Vietnamese reading lose the rendering made from their letters: "Khổng Huyễn
    /// Hựu" is Kong Xuanyou, not "Khong Huyen Huu", and only the characters tell which pinyin each syllable
    /// stands for. A person right after a hit or words naming a place of the name lists' `hanviet` list
    /// ("Đại sứ Trung Quốc", "Tổng Lãnh sự Trung Quốc tại TP Hồ Chí Minh"), or named so earlier in the article, is
    /// kept as a person (so that nothing else takes its words) without renderings, under an entry of its own
    /// for the translator to fill. People of the term bases keep theirs. So do names transliterated in
    /// hyphenated Vietnamese syllables (see [`TRANSLITERATED_PERSON_PREFIX`]).
    pub(super) fn mark_unrenderable_names(
        &self,
        text: &str,
        tokens: &[Token],
        chosen: &mut [Chosen],
        antecedents: &mut Antecedents,
    ) {
        let composer = &self.composer;
        for i in 0..chosen.len() {
            let Resolved::Made(made) = &chosen[i].what else { continue };
            let Some(slug) = made.entry.strip_prefix(PERSON_PREFIX) else { continue };
            let (start, end) = (chosen[i].byte_start, chosen[i].byte_end);
            let name = &text[start as usize..end as usize];
            // A Lao, Khmer or Russian name written in Vietnamese syllables joined by hyphens ("Sẻng-Phết-Hùng-Bun-Nhuông"
            // is Sengphet Houngboungnuang): its own spelling cannot be made from these letters either. A name in
            // Latin letters keeps its rendering ("ngài Oh-Sae-Hyun").
            let prefix = if name.contains('-') && !name.is_ascii() {
                TRANSLITERATED_PERSON_PREFIX
            } else if composer.hanviet_places.is_empty() {
                continue;
            } else {
                let first = token_at(tokens, start);
                let after_place = first > 0
                    && !line_break_between(text, &tokens[first - 1], &tokens[first])
                    && (composer.hanviet_place_ends_at(tokens, first)
                        || i > 0
                            && chosen[i - 1].byte_end == tokens[first - 1].end
                            && composer.hanviet_place_within(
                                tokens,
                                token_at(tokens, chosen[i - 1].byte_start),
                                first,
                            ));
                if !after_place
                    && !self.described_as_of_a_hanviet_place(text, tokens, chosen, i)
                    && (antecedents.hanviet.is_empty() || !antecedents.hanviet.contains(name))
                {
                    continue;
                }
                antecedents.hanviet.insert(name.into());
                HANVIET_PERSON_PREFIX
            };
            chosen[i].what = Resolved::Made(Arc::new(Made {
                entry: format!("{prefix}{slug}").into(),
                kind: Kind::Person,
                targets: Arc::default(),
                slots: BTreeMap::new(),
                alternatives: Vec::new(),
                inner: Vec::new(),
                place: Place::NONE,
            }));
        }
    }

    /// Is the person `chosen[i]` followed by a comma and posts in apposition, one of which names a place of the
    /// `hanviet` list ("đồng chí Vi Thao, Ủy viên Ban Chấp hành Trung ương Đảng Cộng sản Trung
    /// Quốc, …" is Wei Tao)? Posts that name Vietnam are a Vietnamese official's abroad ("Tổng Lãnh sự Việt Nam tại
    /// Nam Ninh, Trung Quốc").
    fn described_as_of_a_hanviet_place(&self, text: &str, tokens: &[Token], chosen: &[Chosen], i: usize) -> bool {
        let after = token_at(tokens, chosen[i].byte_end);
        if tokens.get(after).is_none_or(|t| &text[t.start as usize..t.end as usize] != ",") {
            return false;
        }
        // The posts in apposition: hits one after another with commas, spaces or capitalized words between them
        // (a body's name the term bases lack: "Cộng sản", "Khu ủy"); a lower-case word is the sentence going on
        // ("…, Chủ tịch UBND tỉnh làm trưởng đoàn đã thăm … Đại sứ quán Trung Quốc").
        let mut previous_end = tokens[after].end as usize;
        for hit in &chosen[i + 1..] {
            let gap = text[previous_end..hit.byte_start as usize].trim_matches(|c: char| c == ',' || c.is_whitespace());
            if !gap.is_empty()
                && (!gap.starts_with(|c: char| c.is_uppercase()) || gap.contains(['.', ';', '!', '?', ':']))
            {
                return false;
            }
            previous_end = hit.byte_end as usize;
            if let Resolved::Made(made) = &hit.what {
                if made.kind == Kind::Person {
                    return false;
                }
            }
            let posts = &text[hit.byte_start as usize..hit.byte_end as usize];
            if posts.contains("Việt Nam") || posts.contains("Việt nam") {
                return false;
            }
            if self.composer.hanviet_place_within(
                tokens,
                token_at(tokens, hit.byte_start),
                token_at(tokens, hit.byte_end),
            ) {
                return true;
            }
        }
        false
    }

    /// The entry id and renderings of the person named `text`.
    fn person(&self, text: &str) -> (Arc<str>, Arc<BTreeMap<String, String>>) {
        let (slug, written) = person_forms(text);
        let mut entry = String::with_capacity(PERSON_PREFIX.len() + slug.len());
        entry.push_str(PERSON_PREFIX);
        entry.push_str(&slug);
        let targets =
            self.composer.latin.iter().map(|&l| (self.languages[l as usize].to_string(), written.clone())).collect();
        (Arc::from(entry), Arc::new(targets))
    }

    /// Short forms in `tokens` of bodies in `antecedents` (capitalized, not the start of a compound or of
    /// another name), as (start, end, body).
    pub(super) fn short_forms_in(
        &self,
        text: &str,
        tokens: &[Token],
        antecedents: &Antecedents,
    ) -> Vec<(usize, usize, Antecedent)> {
        let composer = &self.composer;
        let mut found = Vec::new();
        if antecedents.by_form.is_empty() {
            return found;
        }
        for i in 0..tokens.len() {
            if composer.flags(tokens[i].id) & SHORT_FIRST == 0 || !is_capital(text, &tokens[i]) {
                continue;
            }
            let form_here = |form: &[u32]| ids_at(tokens, i, form);
            // The compounds (dozens) are looked at only where some short form (a handful) stands.
            if !antecedents.by_form.keys().any(|form| form_here(form)) {
                continue;
            }
            // "Ban chỉ đạo" is an ordinary word where "Ban" stands for a committee named before, and "Mặt trận"
            // where it stands for the Front's committee; but a steering committee named "Ban Chỉ đạo …" has it for
            // its head noun.
            let compound_len = composer.compound_len_at(tokens, i);
            // "hai Ban Quản lý": the two boards, not the one named before.
            let plural = phrase_before(text, tokens, i, &composer.plural_before);
            // "các cấp Hội", "công tác Đoàn": the whole organisation, not the branch named before.
            let generic = phrase_before(text, tokens, i, &composer.generic_before);
            // Of the short forms standing here, the longest (then the lowest token ids): the map's order is random,
            // and the same text must always give the same hits.
            let mut best: Option<(&Box<[u32]>, &Antecedent)> = None;
            for (form, mentions) in &antecedents.by_form {
                let end = i + form.len();
                if form.len() < compound_len || !form_here(form) {
                    continue;
                }
                let Some(antecedent) = standing_at(mentions, tokens[i].start) else { continue };
                if form.len() == compound_len
                    && !composer.heads_of_names.get(&antecedent.entry).is_some_and(|heads| heads.contains(form))
                {
                    continue;
                }
                if plural && antecedent.kind != Kind::Title {
                    continue;
                }
                // "Hội An", "Sở Tư pháp": a capitalized word after a body's short form makes another name (a name
                // after a title's short form is the holder: "Ngoại trưởng Antony Blinken"); so does one before it
                // inside a sentence ("Lễ hội Hoa Ban": the flower, not the committee).
                if antecedent.kind != Kind::Title
                    && (tokens
                        .get(end)
                        .is_some_and(|t| is_capital(text, t) && !line_break_between(text, &tokens[end - 1], t))
                        || (capital_name_word_before(text, tokens, i)
                            && composer.flags(tokens[i - 1].id) & BEFORE_BODY == 0))
                {
                    continue;
                }
                if antecedent.kind != Kind::Title
                    && ((generic && composer.one_of_many.contains(&antecedent.entry))
                        || heads_list_of_plural_owner(text, tokens, end)
                        || composer.counted_after(text, tokens, end))
                {
                    continue;
                }
                let longer =
                    best.is_none_or(|(b, _)| (form.len(), std::cmp::Reverse(form)) > (b.len(), std::cmp::Reverse(b)));
                if longer {
                    best = Some((form, antecedent));
                }
            }
            if let Some((form, antecedent)) = best {
                found.push((i, i + form.len(), antecedent.clone()));
            }
        }
        found
    }

    /// Adds the bodies with short forms among `chosen` (and inside composed hits) to `antecedents`, with the
    /// byte where each was named. False when it added or changed nothing.
    pub(super) fn remember(&self, chosen: &[Chosen], antecedents: &mut Antecedents) -> bool {
        let mut changed = false;
        for hit in chosen {
            // The place this hit names, and the bodies it names as they would stand for their short forms from
            // here on. A body inside a composed title that names no place ("Trưởng Cụm thi đua" after "Cụm thi
            // đua số 2 - Thanh tra tỉnh Lạng Sơn") is named in passing: it does not take the short forms from
            // another body named before.
            let in_passing =
                matches!(&hit.what, Resolved::Made(made) if made.kind == Kind::Title && made.place == Place::NONE);
            let (place, named): (Place, Vec<Antecedent>) = match &hit.what {
                Resolved::Pattern(p) => {
                    let place = self.place_of(*p);
                    // A table per pattern, not a hash of its entry id: most hits name no body with short forms.
                    let named = if flag(&self.composer.pattern_has_short, *p) {
                        let share = &self.shares[*p as usize];
                        vec![Antecedent {
                            entry: share.entry.clone(),
                            kind: share.kind,
                            fills: self.composer.fills.get(*p as usize).copied().unwrap_or(NO_CLASS),
                            targets: self.targets(*p).clone(),
                            at: Some(hit.byte_start),
                            place,
                            other_place_at: None,
                        }]
                    } else {
                        Vec::new()
                    };
                    (place, named)
                }
                Resolved::Made(made) => {
                    let own = Named {
                        entry: made.entry.clone(),
                        kind: made.kind,
                        targets: made.targets.clone(),
                        place: made.place,
                    };
                    let named = std::iter::once(own)
                        .chain(made.inner.iter().cloned())
                        .filter(|named| self.composer.short_forms.contains_key(&named.entry))
                        .map(|named| Antecedent {
                            fills: self.entry_fills(&named.entry),
                            entry: named.entry,
                            kind: named.kind,
                            targets: named.targets,
                            at: Some(hit.byte_start),
                            place: named.place,
                            other_place_at: None,
                        })
                        .collect();
                    (made.place, named)
                }
            };
            for antecedent in named {
                let Some(forms) = self.composer.short_forms.get(&antecedent.entry) else { continue };
                for form in forms {
                    let mentions = antecedents.by_form.entry(form.clone()).or_default();
                    let last = last_before(mentions, hit.byte_start);
                    // Matched again (the text is chosen twice): known already.
                    if named_at(&mentions[last..], hit.byte_start, &antecedent.entry) {
                        continue;
                    }
                    if in_passing && last > 0 && mentions[last - 1].entry != antecedent.entry {
                        continue;
                    }
                    mentions.insert(last, antecedent.clone());
                    changed = true;
                }
            }
            if place == Place::NONE {
                continue;
            }
            for mentions in antecedents.by_form.values_mut() {
                let last = last_before(mentions, hit.byte_start);
                let Some(standing) = last.checked_sub(1).map(|i| &mut mentions[i]) else { continue };
                if place.is_another(standing.place) && standing.other_place_at.is_none() {
                    standing.other_place_at = Some(hit.byte_start);
                    changed = true;
                }
                // The article comes back to the body's own province ("Về phía tỉnh Đắk Nông có các Phó Giám đốc Sở
                // Công Thương" after a regional conference of several provinces): its short forms stand for it again
                // from here.
                if place.is_same(standing.place) && standing.other_place_at.is_some_and(|since| since < hit.byte_start)
                {
                    let again = Antecedent { at: Some(hit.byte_start), other_place_at: None, ..standing.clone() };
                    if !named_at(&mentions[last..], hit.byte_start, &again.entry) {
                        mentions.insert(last, again);
                        changed = true;
                    }
                }
            }
        }
        changed
    }

    /// The province pattern `pattern` names, if any.
    fn place_of(&self, pattern: u32) -> Place {
        let province = self.composer.pattern_province.get(pattern as usize).copied().unwrap_or(NO_PROVINCE);
        Place { province, local: NO_LOCAL }
    }

    fn entry_fills(&self, entry: &str) -> u16 {
        self.composer.entry_fills.get(entry).copied().unwrap_or(NO_CLASS)
    }
}

/// The entry id of a person found by name is this and the name's slug.
const PERSON_PREFIX: &str = "entity:person:";
/// Entry id prefix of a person named in the Sino-Vietnamese reading, whose rendering dich cannot make.
pub const HANVIET_PERSON_PREFIX: &str = "entity:person-hanviet:";
/// Entry id prefix of a foreign person named in Vietnamese syllables joined by hyphens, whose rendering dich cannot
/// make.
pub const TRANSLITERATED_PERSON_PREFIX: &str = "entity:person-transliterated:";

/// A person's name as written in `text` (a run of name syllables): its slug and its letters without diacritics,
/// as [`crate::glossary::termbase::slug`] and [`crate::localize::fold_diacritics`] give them for the normalized
/// name with single spaces. Names in precomposed letters with ASCII spaces (nearly all) are folded a character at
/// a time by table: the general functions (NFD, NFC, the matching key) cost more than the rest of the chart.
fn person_forms(text: &str) -> (String, String) {
    if let Some(forms) = person_forms_by_table(text) {
        return forms;
    }
    let name = crate::text::normalize(text).split_whitespace().collect::<Vec<_>>().join(" ");
    // A Central Highlands name's apostrophe glued to the word after it, as the name is written elsewhere ("H’ Yim
    // Kđoh" is "H’Yim Kdoh").
    let name = name.replace("\u{2019} ", "\u{2019}").replace("' ", "'");
    (crate::glossary::termbase::slug(&name), crate::localize::fold_diacritics(&name))
}

/// Per character up to [`FOLD_TABLE_LEN`]: the ASCII letter or digit it folds to, where the general functions
/// agree that it is that letter (upper case for the written form, lower case for the slug) and it is NFC as it
/// stands; 0 for anything else.
const FOLD_TABLE_LEN: u32 = 0x1F00;

pub(super) fn fold_table() -> &'static [u8] {
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..FOLD_TABLE_LEN)
            .map(|cp| {
                let Some(c) = char::from_u32(cp) else { return 0 };
                let one = c.to_string();
                let written = crate::localize::fold_diacritics(&one);
                let fits = written.len() == 1
                    && written.as_bytes()[0].is_ascii_alphanumeric()
                    && crate::text::normalize(&one) == one
                    && crate::glossary::termbase::slug(&one) == written.to_ascii_lowercase();
                if fits {
                    written.as_bytes()[0]
                } else {
                    0
                }
            })
            .collect()
    })
}

/// [`person_forms`] by table, or None when `text` holds a character outside it (NFD, odd spaces, other
/// scripts), which the general functions then handle.
fn person_forms_by_table(text: &str) -> Option<(String, String)> {
    let table = fold_table();
    let mut written = String::with_capacity(text.len());
    let mut slug = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c == ' ' {
            space = true;
            continue;
        }
        let folded = table.get(c as usize).copied().unwrap_or(0);
        if folded == 0 {
            return None;
        }
        if space && !written.is_empty() {
            written.push(' ');
            slug.push('-');
        }
        space = false;
        written.push(char::from(folded));
        slug.push(char::from(folded.to_ascii_lowercase()));
    }
    if written.is_empty() {
        slug.push_str("term");
    }
    Some((slug, written))
}

/// What filled a slot of a composed match: a term made from a candidate, with the text it was found in; or text.
enum FilledSlot<'t> {
    Made(Made, &'t str),
    Text(DynamicSlot, String),
}

impl FilledSlot<'_> {
    fn render(&self, lang: &str, format: Option<&str>) -> Option<String> {
        match self {
            FilledSlot::Made(made, ..) => made.targets.get(lang).cloned(),
            FilledSlot::Text(slot, text) => {
                let number = || -> Option<u32> {
                    let digits: String = text.chars().filter(|c| !matches!(c, '.' | ',' | ' ')).collect();
                    digits.parse().ok().or_else(|| roman_to_int(text)).or_else(|| vi_ordinal_words(text))
                };
                Some(match (slot, format) {
                    (DynamicSlot::Ordinal, _) | (DynamicSlot::Number, Some("nth")) if lang == "en" => {
                        ordinal_en(number()?)
                    }
                    (DynamicSlot::Ordinal, _) => number()?.to_string(),
                    (DynamicSlot::Proper | DynamicSlot::Name, _) => crate::localize::fold_diacritics(text),
                    _ => text.clone(),
                })
            }
        }
    }
}

/// The number words an ordinal is written with, their values, and whether they make an ordinal alone: "thứ nhất" is
/// the first, "một" counts only after "mười" ("mười một" is the 11th).
const ORDINAL_WORDS: [(&str, u32, bool); 14] = [
    ("nhất", 1, true),
    ("một", 1, false),
    ("hai", 2, true),
    ("ba", 3, true),
    ("tư", 4, true),
    ("bốn", 4, true),
    ("năm", 5, true),
    ("lăm", 5, true),
    ("sáu", 6, true),
    ("bảy", 7, true),
    ("bẩy", 7, true),
    ("tám", 8, true),
    ("chín", 9, true),
    ("mười", 10, true),
];

/// A Vietnamese number word as it is used for an ordinal ("thứ nhất", "thứ tư", "bảy"), in any tone-mark style.
fn vi_ordinal_word(word: &str) -> Option<u32> {
    static KEYS: std::sync::LazyLock<Vec<(String, u32)>> =
        std::sync::LazyLock::new(|| ORDINAL_WORDS.iter().map(|&(word, value, _)| (match_key(word), value)).collect());
    let key = match_key(word);
    KEYS.iter().find(|(w, _)| *w == key).map(|&(_, n)| n)
}

/// The value of an ordinal written in words: one word, or "mười" and a unit ("mười một" is 11).
fn vi_ordinal_words(text: &str) -> Option<u32> {
    let mut words = text.split_whitespace();
    let first = vi_ordinal_word(words.next()?)?;
    match words.next() {
        None => Some(first),
        Some(unit) if first == 10 => vi_ordinal_word(unit).filter(|&n| n < 10).map(|n| 10 + n),
        Some(_) => None,
    }
}

/// Where a dynamic slot starting at token `at` can end: (end token, the person candidate for `{name}`).
fn dynamic_ends(chart: &Chart, composer: &Composer, slot: DynamicSlot, at: usize) -> Vec<(usize, Option<u32>)> {
    let Some(token) = chart.tokens.get(at) else { return Vec::new() };
    let raw = chart.raw(at);
    let digits = is_number(raw);
    match slot {
        DynamicSlot::Name => chart
            .at(at)
            .filter(|&c| chart.candidates[c as usize].kind == Kind::Person)
            .map(|c| (chart.candidates[c as usize].end as usize, Some(c)))
            .collect(),
        DynamicSlot::Proper => {
            // A city is the name with its own rendering ("Hội Cựu chiến binh TP. Nha Trang", "TP. Đà Lạt"): cities
            // fill a class of their own, and a body's row names its city by `{proper}`.
            let city: Vec<(usize, Option<u32>)> = chart
                .places_filling(at, composer.city_class)
                .map(|c| (chart.candidates[c as usize].end as usize, Some(c)))
                .collect();
            if !city.is_empty() {
                return city;
            }
            // A name in capitals throughout, as in a headline ("HUYỆN ĐAK ĐOA TỔ CHỨC …"): its words do not show
            // where it ends, so only a place the term bases name there (one filling no class) is the name.
            if is_capital(chart.text, token) && !is_name_syllable(chart.text, token) {
                return chart
                    .at(at)
                    .filter(|&c| {
                        let c = &chart.candidates[c as usize];
                        c.kind == Kind::Place && c.fills == NO_CLASS
                    })
                    .map(|c| (chart.candidates[c as usize].end as usize, Some(c)))
                    .collect();
            }
            // Another place with a row of its own may be the name ("sân bay Nội Bài"); a title or body may not, nor
            // a province or country, which have patterns of their own ("biển đảo Việt Nam" is no island). A name
            // that only starts with a country or province is another name: "xã Đức Mạnh" is no Germany.
            let named_place_end = chart
                .at(at)
                .filter(|&c| {
                    let c = &chart.candidates[c as usize];
                    c.kind == Kind::Place && c.fills != NO_CLASS
                })
                .map(|c| chart.candidates[c as usize].end as usize)
                .max();
            if !is_name_syllable(chart.text, token)
                || chart.body_or_title_starts(at)
                || chart.person_after_title_and_unit(at, composer)
            {
                return Vec::new();
            }
            let end = chart.name_run(at, MAX_PROPER_TOKENS, composer);
            let shortest = named_place_end.map_or(at + 1, |place_end| place_end + 1);
            (shortest..=end).rev().map(|e| (e, None)).collect()
        }
        DynamicSlot::Ordinal => {
            if (digits && raw.len() <= 3) || roman_to_int(raw).is_some() {
                return vec![(at + 1, None)];
            }
            // "Hội nghị Trung ương bảy", "lần thứ nhất", "kỳ họp thứ mười một"; "năm" before a number is the year.
            let word = |i: usize| {
                let id = chart.tokens.get(i)?.id;
                composer.ordinal_words.iter().find(|&&(word, ..)| word == id).map(|&(_, value, alone)| (value, alone))
            };
            let next_is_number = at + 1 < chart.tokens.len() && chart.raw(at + 1).as_bytes()[0].is_ascii_digit();
            match word(at) {
                Some((10, _)) if word(at + 1).is_some_and(|(n, _)| n < 10) => vec![(at + 2, None)],
                Some((5, _)) if next_is_number => Vec::new(),
                Some((_, true)) => vec![(at + 1, None)],
                _ => Vec::new(),
            }
        }
        DynamicSlot::Year => (digits && raw.len() == 4 && (raw.starts_with('1') || raw.starts_with('2')))
            .then_some((at + 1, None))
            .into_iter()
            .collect(),
        // A count or a number after "thứ", which Roman numerals write too ("kỳ họp thứ IX"); elsewhere a Roman
        // numeral is no count ("Quý I năm 2024" is the first quarter, not one year).
        DynamicSlot::Number => ((digits && raw.len() <= 9)
            || (at > 0 && Some(chart.tokens[at - 1].id) == composer.ordinal_marker && roman_to_int(raw).is_some()))
        .then_some((at + 1, None))
        .into_iter()
        .collect(),
    }
}

/// The slot class an entry fills ([`Entry::slot_filled`]).
pub(super) fn fills_of(entry: &Entry, classes: &HashMap<String, u16>) -> u16 {
    entry.slot_filled().and_then(|s| classes.get(s)).copied().unwrap_or(NO_CLASS)
}

/// Slot names that have at least one filler with slots of its own, and `title` (which every title fills, see
/// [`Entry::slot_filled`]): those slots are composed while matching, never expanded.
pub(super) fn composite_slots(glossary: &Glossary) -> HashSet<&str> {
    let mut slots: HashSet<&str> = glossary
        .entries
        .iter()
        .filter(|e| e.status != Status::Forbidden && !slot_names(&e.vi).is_empty())
        .filter_map(Entry::slot_filled)
        .collect();
    slots.insert("title");
    slots
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_table_is_the_standard_case() {
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            assert_eq!(case_of(c) & UPPER != 0, c.is_uppercase(), "{c:?}");
            assert_eq!(case_of(c) & LOWER != 0, c.is_lowercase(), "{c:?}");
            assert_eq!(case_of(c) & ALPHABETIC != 0, c.is_alphabetic(), "{c:?}");
        }
    }

    /// The table path gives what the general functions give, and leaves to them what it cannot do.
    #[test]
    fn person_forms_by_table_agree_with_the_general_functions() {
        let alphabet = [
            "Nguyễn",
            "Thị",
            "Đặng",
            "ĐỖ",
            "Ánh",
            "Uỷ",
            "Ngụy",
            "Ưng",
            "Ð",
            "A",
            "b",
            "1",
            "Hà",
            "İ",
            "Øre",
            "ß",
            "Ǆ",
            "ǅ",
            "ﬁ",
            "Ω",
            "К",
            " ",
            " ",
            "  ",
            "\u{a0}",
            "\u{200b}",
            "Nguye\u{302}\u{303}n",
            "a\u{301}",
            "-",
            "Ŀ",
            "ĳ",
            "ſ",
            "ǈ",
            "Ɓ",
            "Ə",
        ];
        let general = |text: &str| {
            let name = crate::text::normalize(text).split_whitespace().collect::<Vec<_>>().join(" ");
            (crate::glossary::termbase::slug(&name), crate::localize::fold_diacritics(&name))
        };
        let mut by_table = 0;
        for text in crate::test_texts::random_texts(0x5EED_F0A1, &alphabet, 6, 4000) {
            let text = text.trim_matches(' ');
            if let Some(forms) = person_forms_by_table(text) {
                by_table += 1;
                assert_eq!(forms, general(text), "{text:?}");
            }
            assert_eq!(person_forms(text), general(text), "{text:?}");
        }
        assert!(by_table > 500, "{by_table}");
        // Every character the table folds, alone and after a letter.
        let table = fold_table();
        for cp in 0..FOLD_TABLE_LEN {
            if table[cp as usize] != 0 {
                let c = char::from_u32(cp).expect("a character");
                for text in [c.to_string(), format!("Bà {c}x{c}")] {
                    assert_eq!(person_forms_by_table(&text), Some(general(&text)), "{text:?}");
                }
            }
        }
    }
}
