//! The text side of the matcher: splitting a text into the tokens of its matching key (syllables and single
//! punctuation marks, [`crate::text::key`]) with their byte ranges, and naming each token by its id in the
//! glossary's syllable vocabulary, without building the key.
//!
//! Token boundaries follow the key builder exactly: a syllable is a run of letters, digits and combining marks
//! (zero-width characters and soft hyphens inside it are ignored), every other visible character is a token of
//! its own, whitespace and control characters separate tokens. A token's id comes from
//! - ASCII syllables ("ban", "12", "TW"): lower-cased on the stack and looked up in the vocabulary (no cache, so
//!   numbers cannot flood it);
//! - ASCII punctuation: a table;
//! - anything else ("Tỉnh", "uỷ", NFD "Thua\u{302}\u{323}n", "–"): a cache from the raw bytes to the id; only a raw
//!   form not seen before is folded with [`match_key`] (tone style, case, NFD, Ð).

use std::sync::OnceLock;

use unicode_normalization::char::is_combining_mark;

use crate::text::key::{is_invisible, match_key};

/// The id of a token that is not in the vocabulary (no pattern contains it), and "no node / no pattern".
pub(super) const NONE: u32 = u32::MAX;

/// Raw forms cached at most; past that the cache starts over (a text with that many distinct non-ASCII
/// words is not news).
const CACHE_LIMIT: usize = 1 << 16;

/// Longer raw tokens are folded every time instead of cached.
const CACHE_TOKEN_BYTES: usize = 64;

pub(super) use crate::text::fast_hash::FastMap;
use crate::text::fast_hash::MULTIPLIER;

/// Tokens up to this many bytes are held inline in a [`ShortTable`] (nearly every Vietnamese syllable, NFD and
/// upper case included).
const SHORT: usize = 16;

/// A token of at most [`SHORT`] bytes as two little-endian words, zero-padded, and its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct ShortKey {
    words: [u64; 2],
    len: u32,
}

impl ShortKey {
    /// `bytes[start..end]`, which must be at most [`SHORT`] bytes.
    #[inline]
    fn of(bytes: &[u8], start: usize, end: usize) -> ShortKey {
        let len = end - start;
        debug_assert!(len <= SHORT);
        let words = if start + SHORT <= bytes.len() {
            // Read 16 bytes at once and clear the ones past the token.
            let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
            let keep = |n: usize| if n >= 8 { u64::MAX } else { (1u64 << (8 * n)) - 1 };
            [word(start) & keep(len), if len > 8 { word(start + 8) & keep(len - 8) } else { 0 }]
        } else {
            let mut padded = [0u8; SHORT];
            padded[..len].copy_from_slice(&bytes[start..end]);
            [
                u64::from_le_bytes(padded[..8].try_into().expect("8 bytes")),
                u64::from_le_bytes(padded[8..].try_into().expect("8 bytes")),
            ]
        };
        ShortKey { words, len: len as u32 }
    }

    /// ASCII upper-case letters made lower case, eight bytes at a time (every byte must be ASCII).
    #[inline]
    fn ascii_lowercase(mut self) -> ShortKey {
        const HIGH: u64 = 0x8080_8080_8080_8080;
        for word in &mut self.words {
            // High bit of a byte set when it is >= 'A', and when it is > 'Z'; no carries, as bytes are < 0x80.
            let at_least_a = *word + 0x3F3F_3F3F_3F3F_3F3F;
            let past_z = *word + 0x2525_2525_2525_2525;
            *word |= (at_least_a & !past_z & HIGH) >> 2;
        }
        self
    }

    #[inline]
    fn hash(&self) -> u64 {
        let h = (self.words[0] ^ u64::from(self.len).rotate_left(59)).wrapping_mul(MULTIPLIER);
        (h.rotate_left(29) ^ self.words[1]).wrapping_mul(MULTIPLIER)
    }
}

/// Open addressing from [`ShortKey`]s to ids, keys inline: one probe is one or two cache lines, no pointer to
/// follow and no byte comparison loop.
#[derive(Debug, Clone, Default)]
struct ShortTable {
    slots: Vec<(ShortKey, u32)>,
    len: usize,
}

impl ShortTable {
    #[inline]
    fn get(&self, key: &ShortKey) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = (key.hash() >> 32) as usize & mask;
        loop {
            let (slot, id) = &self.slots[at];
            if slot.len == 0 {
                return None;
            }
            if slot == key {
                return Some(*id);
            }
            at = (at + 1) & mask;
        }
    }

    fn insert(&mut self, key: ShortKey, id: u32) {
        if (self.len + 1) * 2 > self.slots.len() {
            let old = std::mem::take(&mut self.slots);
            self.slots = vec![(ShortKey::default(), 0); (old.len() * 2).max(64)];
            self.len = 0;
            for (k, v) in old.into_iter().filter(|(k, _)| k.len != 0) {
                self.insert(k, v);
            }
        }
        let mask = self.slots.len() - 1;
        let mut at = (key.hash() >> 32) as usize & mask;
        while self.slots[at].0.len != 0 && self.slots[at].0 != key {
            at = (at + 1) & mask;
        }
        if self.slots[at].0.len == 0 {
            self.len += 1;
        }
        self.slots[at] = (key, id);
    }

    fn clear(&mut self) {
        self.slots.fill((ShortKey::default(), 0));
        self.len = 0;
    }

    fn heap_bytes(&self) -> usize {
        self.slots.capacity() * std::mem::size_of::<(ShortKey, u32)>()
    }
}

/// One token of a text: its byte range in the text and its vocabulary id ([`NONE`] when unknown).
#[derive(Debug, Clone, Copy)]
pub(super) struct Token {
    pub start: u32,
    pub end: u32,
    pub id: u32,
}

/// What a character does in the matching key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Letter, digit or combining mark: part of a syllable.
    Word,
    /// Whitespace or control: separates tokens.
    Break,
    /// Zero-width character or soft hyphen: ignored, even inside a syllable.
    Invisible,
    /// Anything else: a token of its own.
    Punctuation,
}

/// Letter, digit or combining mark: a character of a syllable.
pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// The class of `c`, in the same order of tests as the key builder.
fn classify(c: char) -> Class {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            Class::Word
        } else if c.is_ascii_whitespace() || c.is_ascii_control() {
            Class::Break
        } else {
            Class::Punctuation
        }
    } else if is_word_char(c) {
        Class::Word
    } else if c.is_whitespace() || c.is_control() {
        Class::Break
    } else if is_invisible(c) {
        Class::Invisible
    } else {
        Class::Punctuation
    }
}

/// Does `c` end a token, as a space or a punctuation mark does (a letter, digit, mark or invisible character
/// continues one)?
pub(super) fn splits_tokens(c: char) -> bool {
    matches!(classify(c), Class::Break | Class::Punctuation)
}

/// Classes of U+0000..U+2100 (Latin with every Vietnamese letter, combining marks, general punctuation with the
/// dashes, quotes and zero-width characters); other characters are classified on the spot.
const CLASS_TABLE_LEN: u32 = 0x2100;

fn class_table() -> &'static [Class] {
    static TABLE: OnceLock<Vec<Class>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..CLASS_TABLE_LEN).map(|cp| char::from_u32(cp).map_or(Class::Punctuation, classify)).collect()
    })
}

#[inline]
fn class_of(c: char, table: &[Class]) -> Class {
    match table.get(c as usize) {
        Some(&class) => class,
        None => classify(c),
    }
}

/// The non-ASCII character starting at byte `i` of valid UTF-8 and its length.
#[inline(always)]
fn decode(bytes: &[u8], i: usize) -> (char, usize) {
    let lead = u32::from(bytes[i]);
    let cont = |k: usize| u32::from(bytes[i + k] & 0x3F);
    let (cp, len) = if lead < 0xE0 {
        (((lead & 0x1F) << 6) | cont(1), 2)
    } else if lead < 0xF0 {
        (((lead & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (((lead & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3), 4)
    };
    (char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER), len)
}

/// The byte ranges of the key tokens of `text`, as [`Vocabulary::tokenize`] splits it, without naming them
/// (for the patterns' own text while the matcher is built).
pub(super) fn token_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    let table = class_table();
    for (at, c) in text.char_indices() {
        match class_of(c, table) {
            Class::Word => {
                let end = at + c.len_utf8();
                current = Some(current.map_or((at, end), |(start, _)| (start, end)));
            }
            Class::Invisible => {}
            Class::Break => ranges.extend(current.take()),
            Class::Punctuation => {
                ranges.extend(current.take());
                ranges.push((at, at + c.len_utf8()));
            }
        }
    }
    ranges.extend(current);
    ranges
}

/// Raw form → id of the non-ASCII tokens met so far, and buffers reused between calls.
#[derive(Debug, Default)]
pub(super) struct Scratch {
    short_raw_ids: ShortTable,
    raw_ids: FastMap<Box<[u8]>, u32>,
    pub tokens: Vec<Token>,
    pub chart: super::chart::ChartBuffers,
}

impl Scratch {
    /// Gives back the memory of an unusually long text.
    pub fn trim(&mut self) {
        const KEEP: usize = 1 << 14;
        if self.tokens.capacity() > KEEP {
            self.tokens = Vec::with_capacity(KEEP);
        }
        self.chart.trim(KEEP);
    }

    pub fn heap_bytes(&self) -> usize {
        self.short_raw_ids.heap_bytes()
            + self.raw_ids.capacity() * (std::mem::size_of::<(Box<[u8]>, u32)>() + 1)
            + self.raw_ids.keys().map(|k| k.len()).sum::<usize>()
            + self.tokens.capacity() * std::mem::size_of::<Token>()
    }
}

/// The key syllable spelt with the other of a final i or y, when that vowel is the syllable's only one and
/// follows consonants ("sy\u{303}" for "si\u{303}"); "quý", "tuy", "hai" have another vowel before it.
fn other_final_i_y(word: &[u8]) -> Option<Box<[u8]>> {
    let word = std::str::from_utf8(word).ok()?;
    let body = word.strip_suffix(|c: char| crate::text::key::is_tone_mark(c)).unwrap_or(word);
    let tone = &word[body.len()..];
    let (stem, other) = match body.as_bytes().last()? {
        b'i' => (&body[..body.len() - 1], "y"),
        b'y' => (&body[..body.len() - 1], "i"),
        _ => return None,
    };
    let consonants = !stem.is_empty() && stem.chars().all(|c| "bcdđghklmnprstvx".contains(c));
    consonants.then(|| format!("{stem}{other}{tone}").into_bytes().into())
}

/// The syllables and punctuation marks of every pattern key, numbered.
#[derive(Debug, Clone, Default)]
pub(super) struct Vocabulary {
    ids: FastMap<Box<[u8]>, u32>,
    /// The tokens of at most [`SHORT`] bytes again, for lookups while matching.
    short_ids: ShortTable,
    /// Id of each ASCII character as a punctuation token.
    ascii_punctuation: Vec<u32>,
    /// Length in bytes of the longest token.
    longest: usize,
    /// How many ids there are: an alias ([`Vocabulary::finish`]) takes an id already given.
    count: usize,
    /// The tokens that are another spelling of a token with its id.
    aliases: Vec<Box<[u8]>>,
    /// The ids of "đến" and "-": between two years "đến" is the dash of a span ("nhiệm kỳ 2025 đến 2030").
    range_word: u32,
    range_dash: u32,
}

impl Vocabulary {
    /// The id of key token `token`, numbering it if it is new (while building).
    pub fn intern(&mut self, token: &str) -> u32 {
        if let Some(&id) = self.ids.get(token.as_bytes()) {
            return id;
        }
        // The other spelling of a final i or y, numbered already, gives its id (see [`Vocabulary::finish`]).
        if let Some(&id) = other_final_i_y(token.as_bytes()).and_then(|other| self.ids.get(&other)) {
            self.insert(token.as_bytes(), id);
            self.aliases.push(token.as_bytes().into());
            return id;
        }
        let id = u32::try_from(self.count).expect("fewer than 2^32 syllables");
        self.count += 1;
        self.insert(token.as_bytes(), id);
        id
    }

    fn insert(&mut self, token: &[u8], id: u32) {
        self.ids.insert(token.into(), id);
        if token.len() <= SHORT {
            self.short_ids.insert(ShortKey::of(token, 0, token.len()), id);
        }
        self.longest = self.longest.max(token.len());
    }

    /// Call once every pattern is in. A syllable whose only vowel is a final i or y after consonants gets the
    /// other spelling as an alias: "sĩ" and "sỹ", "kì" and "kỳ", "lí" and "lý", "Mĩ" and "Mỹ" are one syllable
    /// spelt two ways, and news writes both.
    pub fn finish(&mut self) {
        let aliases: Vec<(Box<[u8]>, u32)> = self
            .ids
            .iter()
            .filter_map(|(word, &id)| other_final_i_y(word).map(|other| (other, id)))
            .filter(|(other, _)| !self.ids.contains_key(other))
            .collect();
        for (alias, id) in aliases {
            self.insert(&alias, id);
            self.aliases.push(alias);
        }
        self.ascii_punctuation = (0u8..128).map(|b| self.id(&[b])).collect();
        (self.range_word, self.range_dash) = (self.intern(&match_key("đến")), self.intern(&match_key("-")));
        self.ids.shrink_to_fit();
    }

    pub fn len(&self) -> usize {
        self.count
    }

    /// Every token with its id, aliases left out.
    pub fn words(&self) -> impl Iterator<Item = (&[u8], u32)> {
        self.ids.iter().filter(|(word, _)| !self.aliases.contains(word)).map(|(word, &id)| (&word[..], id))
    }

    /// The id of key token `token`, or [`NONE`].
    #[inline]
    pub fn id(&self, token: &[u8]) -> u32 {
        if token.len() > self.longest {
            return NONE;
        }
        if token.len() <= SHORT {
            return self.short_ids.get(&ShortKey::of(token, 0, token.len())).unwrap_or(NONE);
        }
        self.ids.get(token).copied().unwrap_or(NONE)
    }

    pub fn heap_bytes(&self) -> usize {
        self.ids.capacity() * (std::mem::size_of::<(Box<[u8]>, u32)>() + 1)
            + self.ids.keys().map(|k| k.len()).sum::<usize>()
            + self.ascii_punctuation.capacity() * 4
            + self.short_ids.heap_bytes()
    }

    /// An ASCII syllable (`text[start..end]`): its key is its lower case.
    #[inline]
    fn ascii_syllable_id(&self, bytes: &[u8], start: usize, end: usize) -> u32 {
        let len = end - start;
        if len > self.longest {
            return NONE;
        }
        if len <= SHORT {
            return self.short_ids.get(&ShortKey::of(bytes, start, end).ascii_lowercase()).unwrap_or(NONE);
        }
        self.id(&bytes[start..end].to_ascii_lowercase())
    }

    /// Any other token (`text[start..end]`): through the cache of raw forms, folded with the key builder the
    /// first time.
    #[inline]
    fn folded_id(&self, text: &str, start: usize, end: usize, scratch: &mut Scratch) -> u32 {
        let raw = &text[start..end];
        if raw.len() <= SHORT {
            let key = ShortKey::of(text.as_bytes(), start, end);
            if let Some(id) = scratch.short_raw_ids.get(&key) {
                return id;
            }
            let id = self.id(match_key(raw).as_bytes());
            if scratch.short_raw_ids.len >= CACHE_LIMIT {
                scratch.short_raw_ids.clear();
            }
            scratch.short_raw_ids.insert(key, id);
            return id;
        }
        if let Some(&id) = scratch.raw_ids.get(raw.as_bytes()) {
            return id;
        }
        let id = self.id(match_key(raw).as_bytes());
        if raw.len() <= CACHE_TOKEN_BYTES {
            if scratch.raw_ids.len() >= CACHE_LIMIT {
                scratch.raw_ids.clear();
            }
            scratch.raw_ids.insert(raw.as_bytes().into(), id);
        }
        id
    }

    /// Fills `scratch.tokens` with the tokens of `text`. `text` must be shorter than 4 GiB.
    pub fn tokenize(&self, text: &str, scratch: &mut Scratch) {
        let mut tokens = std::mem::take(&mut scratch.tokens);
        tokens.clear();
        let bytes = text.as_bytes();
        let table = class_table();
        let n = bytes.len();
        let mut i = 0;
        while i < n {
            let b = bytes[i];
            let start = i;
            if b < 0x80 {
                if !b.is_ascii_alphanumeric() {
                    i += 1;
                    if !(b.is_ascii_whitespace() || b.is_ascii_control()) {
                        tokens.push(Token {
                            start: start as u32,
                            end: i as u32,
                            id: self.ascii_punctuation[b as usize],
                        });
                    }
                    continue;
                }
            } else {
                let (c, len) = decode(bytes, i);
                match class_of(c, table) {
                    Class::Word => {}
                    Class::Break | Class::Invisible => {
                        i += len;
                        continue;
                    }
                    Class::Punctuation => {
                        i += len;
                        let id = self.folded_id(text, start, i, scratch);
                        tokens.push(Token { start: start as u32, end: i as u32, id });
                        continue;
                    }
                }
            }
            // A syllable: word characters, with invisible ones inside it ignored. It ends at its last word
            // character (the key builder maps it there).
            let mut end = i;
            let mut ascii = true;
            while i < n {
                let b = bytes[i];
                if b < 0x80 {
                    if !b.is_ascii_alphanumeric() {
                        break;
                    }
                    i += 1;
                    end = i;
                } else {
                    let (c, len) = decode(bytes, i);
                    match class_of(c, table) {
                        Class::Word => {
                            i += len;
                            end = i;
                        }
                        Class::Invisible => i += len,
                        Class::Break | Class::Punctuation => break,
                    }
                    ascii = false;
                }
            }
            let id = if ascii {
                self.ascii_syllable_id(bytes, start, end)
            } else {
                self.folded_id(text, start, end, scratch)
            };
            // "2025 đến 2030" is the span the rows write "{year} - {number}".
            let is_year =
                |start: usize, end: usize| end - start == 4 && bytes[start..end].iter().all(u8::is_ascii_digit);
            if ascii && is_year(start, end) {
                if let [.., before, word] = &mut tokens[..] {
                    if word.id == self.range_word && is_year(before.start as usize, before.end as usize) {
                        word.id = self.range_dash;
                    }
                }
            }
            tokens.push(Token { start: start as u32, end: end as u32, id });
        }
        scratch.tokens = tokens;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary(text: &str) -> Vocabulary {
        let mut v = Vocabulary::default();
        for token in match_key(text).split(' ') {
            v.intern(token);
        }
        v.finish();
        v
    }

    /// The tokens of `text` must be those of its matching key, with ranges that are the original spans.
    fn tokens(v: &Vocabulary, text: &str) -> Vec<(String, u32)> {
        let mut scratch = Scratch::default();
        v.tokenize(text, &mut scratch);
        let key = match_key(text);
        let key_tokens: Vec<&str> = if key.is_empty() { Vec::new() } else { key.split(' ').collect() };
        assert_eq!(scratch.tokens.len(), key_tokens.len(), "{text:?}: {key:?}");
        for (token, key_token) in scratch.tokens.iter().zip(&key_tokens) {
            assert_eq!(match_key(&text[token.start as usize..token.end as usize]), *key_token, "{text:?}");
        }
        scratch.tokens.iter().map(|t| (text[t.start as usize..t.end as usize].to_string(), t.id)).collect()
    }

    /// Between two years "đến" is the dash of a span, as the rows write it; elsewhere it keeps its own id.
    #[test]
    fn den_between_two_years_is_a_dash() {
        let v = vocabulary("nhiệm kỳ 2025 - 2030");
        let dash = v.id(b"-");
        let ids = |text: &str| tokens(&v, text).into_iter().map(|(_, id)| id).collect::<Vec<_>>();
        assert_eq!(ids("nhiệm kỳ 2025 đến 2030"), ids("nhiệm kỳ 2025 - 2030"));
        assert_ne!(ids("từ 2020 đến nay")[2], dash);
        assert_ne!(ids("năm 2020 đến 12/2021")[2], dash);
    }

    #[test]
    fn a_final_i_or_y_after_consonants_has_the_other_spelling() {
        let other = |w: &str| other_final_i_y(match_key(w).as_bytes()).map(|o| String::from_utf8(o.into()).unwrap());
        assert_eq!(other("sĩ"), Some(match_key("sỹ")));
        assert_eq!(other("Kỳ"), Some(match_key("kì")));
        assert_eq!(other("ly"), Some("li".to_string()));
        // Another vowel before it, or no consonant: no other spelling.
        for word in ["quý", "tuy", "hai", "y", "ý", "thuyền"] {
            assert_eq!(other(word), None, "{word}");
        }
        // Both spellings in the patterns share one id; one spelling alone gets the other as an alias.
        let v = vocabulary("Tiến sĩ Nghị sỹ Hoa Kỳ");
        assert_eq!(v.id(match_key("sĩ").as_bytes()), v.id(match_key("sỹ").as_bytes()));
        assert_eq!(v.id(match_key("kì").as_bytes()), v.id(match_key("kỳ").as_bytes()));
        // Five words, and the two every vocabulary has for spans of years ("đến", "-").
        assert_eq!(v.len(), 7);
        assert_eq!(v.words().count(), 7);
    }

    #[test]
    fn token_ranges_are_the_tokens_of_tokenize() {
        let v = vocabulary("ủy ban");
        for text in ["Ủy ban nhân\u{200b}dân TP.HCM, 12-CT/TW — “Hà Nội”", "  x\u{ad}y  –z ", "", "Thua\u{302}\u{323}n"]
        {
            let mut scratch = Scratch::default();
            v.tokenize(text, &mut scratch);
            let expected: Vec<(usize, usize)> =
                scratch.tokens.iter().map(|t| (t.start as usize, t.end as usize)).collect();
            assert_eq!(token_ranges(text), expected, "{text:?}");
        }
    }

    #[test]
    fn tokens_are_the_key_tokens_with_their_spans() {
        let v = vocabulary("tỉnh ủy bình thuận 12 - ct / tw .");
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Bình Thuận").collect();
        let text = format!("TỈNH  Uỷ\u{a0}{nfd}, 12-CT/TW… x\u{200b}y\u{200b} ð–z .");
        let found = tokens(&v, &text);
        let ids: Vec<u32> = found.iter().map(|t| t.1).collect();
        let names: Vec<&str> = found.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(names[..4], ["TỈNH", "Uỷ", &nfd[..nfd.find(' ').unwrap()], &nfd[nfd.find(' ').unwrap() + 1..]]);
        assert_eq!(ids[..4], [0, 1, 2, 3]);
        assert_eq!(names[4..], [",", "12", "-", "CT", "/", "TW", "…", "x\u{200b}y", "ð", "–", "z", "."]);
        assert_eq!(ids[5..10], [4, 5, 6, 7, 8]);
        assert_eq!(ids[11], NONE, "the zero-width space is inside the syllable");
        assert_eq!(ids[13], 5, "an en dash is a dash");
        assert_eq!(ids[15], 9);
    }

    #[test]
    fn any_text_splits_like_its_key() {
        let v = vocabulary("a u\u{309} y");
        let alphabet = [
            "a",
            "Ủ",
            "y",
            "o",
            "\u{300}",
            "\u{309}",
            "\u{323}",
            "\u{302}",
            " ",
            "  ",
            "-",
            "–",
            "Ð",
            "\u{a0}",
            "\u{200b}",
            "\u{ad}",
            ".",
            "1",
            "ệ",
            "İ",
            "ß",
            "\u{e000}",
            "\u{1F600}",
            "\u{85}",
            "\t",
        ];
        for text in crate::test_texts::random_texts(0x2545_F491_4F6C_DD1D, &alphabet, 24, 3000) {
            tokens(&v, &text);
        }
    }

    #[test]
    fn cached_and_uncached_ids_agree() {
        let v = vocabulary("uy\u{309} ban");
        let mut scratch = Scratch::default();
        for _ in 0..2 {
            v.tokenize("Ủy UỶ uỷ BAN Ban ủyx", &mut scratch);
            let ids: Vec<u32> = scratch.tokens.iter().map(|t| t.id).collect();
            assert_eq!(ids, [0, 0, 0, 1, 1, NONE]);
        }
    }

    #[test]
    fn short_keys_read_in_place_or_padded_and_lower_case_ascii() {
        let text = "Ban TW 12 Zz@[`{ AbcdefghABCDEFGH";
        let lower = text.to_ascii_lowercase();
        for (start, end) in [(0, 3), (4, 6), (7, 9), (10, 16), (17, 33), (30, 33), (0, 16)] {
            let key = ShortKey::of(text.as_bytes(), start, end);
            assert_eq!(key, ShortKey::of(&text.as_bytes()[start..end], 0, end - start), "{start}..{end}");
            assert_eq!(key.ascii_lowercase(), ShortKey::of(lower.as_bytes(), start, end), "{start}..{end}");
        }
        assert_ne!(ShortKey::of(b"ab\0", 0, 3), ShortKey::of(b"ab", 0, 2), "the length is part of the key");
    }

    #[test]
    fn short_table_finds_what_it_holds_after_growing() {
        let mut table = ShortTable::default();
        let words: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
        for (i, w) in words.iter().enumerate() {
            table.insert(ShortKey::of(w.as_bytes(), 0, w.len()), i as u32);
        }
        for (i, w) in words.iter().enumerate() {
            assert_eq!(table.get(&ShortKey::of(w.as_bytes(), 0, w.len())), Some(i as u32));
        }
        assert_eq!(table.get(&ShortKey::of(b"w5000", 0, 5)), None);
        table.clear();
        assert_eq!(table.get(&ShortKey::of(b"w1", 0, 2)), None);
    }
}
