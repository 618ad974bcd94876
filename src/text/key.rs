//! The matching key: one string for every way Vietnamese writes the same words.
//!
//! Two texts have the same key when they differ only in
//! - tone-mark placement: old style "hòa", "thủy", "Ủy" and new style "hoà", "thuỷ", "Uỷ" (and misplaced tones
//!   such as "họat" for "hoạt"), because the tone is pulled out of each syllable;
//! - case, NFC/NFD, the look-alike Ð/ð (eth) for Đ/đ;
//! - whitespace: runs of spaces, NBSP and other Unicode spaces become one space; zero-width characters and
//!   soft hyphens are dropped;
//! - spacing around punctuation and dashes: every punctuation mark is a token of its own, and hyphen, non-breaking
//!   hyphen, figure/en/em dash and minus all become "-". So "kinh tế - xã hội", "kinh tế-xã hội" and
//!   "kinh tế – xã hội" share one key; "kinh tế xã hội" (no dash at all) does NOT: a dash is kept as a token.
//!
//! Key format: tokens separated by exactly one ASCII space. A token is either a syllable (a run of letters and
//! digits, lowercase NFC letters with the tone removed, followed by the tone as its combining mark U+0300,
//! U+0301, U+0303, U+0309 or U+0323 when it has one) or a single punctuation character. So "Hòa bình." keys to
//! "hoa\u{300} binh\u{300} ." and "Tỉnh uỷ" to "tinh\u{309} uy\u{309}". A matcher working on keys finds a term
//! only where its key starts at 0 or after a space and ends at the end or before a space; the tone being part of
//! the syllable token, "hoa" never matches inside "hoà".
//!
//! [`MatchKey`] also keeps, for every byte of the key, the byte span of the original text it came from, so a hit
//! on the key maps back to the exact original substring ([`MatchKey::to_original`]).

use std::ops::Range;
use std::sync::OnceLock;

use unicode_normalization::char::{compose, decompose_canonical, is_combining_mark};

/// The five Vietnamese tone marks (combining): grave (huyền), acute (sắc), tilde (ngã), hook above (hỏi),
/// dot below (nặng).
const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

fn tone_of_mark(c: char) -> Option<char> {
    match c {
        '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}' => Some(c),
        // Deprecated tone marks that canonically decompose to grave/acute.
        '\u{340}' => Some('\u{300}'),
        '\u{341}' => Some('\u{301}'),
        _ => None,
    }
}

/// Is `c` one of the five Vietnamese tone marks?
pub fn is_tone_mark(c: char) -> bool {
    TONE_MARKS.contains(&c)
}

/// Characters removed by normalization and ignored by the key: zero-width space/joiners, word joiner, BOM,
/// soft hyphen.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}')
}

/// Start of the precomposed-letter table: everything from Latin-1 Supplement to Latin Extended Additional,
/// which holds every precomposed Vietnamese letter.
const TABLE_START: u32 = 0x00C0;
const TABLE_END: u32 = 0x1EFF;

/// For each letter in the table range: the key letter (lowercase, NFC, tone removed, eth mapped to đ) and the
/// tone ('\0' = none). Characters that are not letters, or whose lowercase is not one character, have '\0' as
/// key letter and take the general path.
fn letter_table() -> &'static [(char, char)] {
    static TABLE: OnceLock<Vec<(char, char)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (TABLE_START..=TABLE_END)
            .map(|cp| match char::from_u32(cp).filter(|c| c.is_alphabetic()) {
                Some(c) => {
                    let (letter, tone) = split_tone(fix_eth(c));
                    let mut lower = letter.to_lowercase();
                    match (lower.next(), lower.next()) {
                        (Some(l), None) => (l, tone),
                        _ => ('\0', '\0'),
                    }
                }
                None => ('\0', '\0'),
            })
            .collect()
    })
}

/// Splits a precomposed letter into (letter without tone, tone); letters that cannot be recomposed without their
/// tone are kept whole.
fn split_tone(c: char) -> (char, char) {
    let mut parts: Vec<char> = Vec::with_capacity(4);
    decompose_canonical(c, |p| parts.push(p));
    if parts.len() < 2 {
        return (c, '\0');
    }
    let Some(tone_at) = parts.iter().position(|&p| is_tone_mark(p)) else {
        return (c, '\0');
    };
    if parts.iter().filter(|&&p| is_tone_mark(p)).count() != 1 {
        return (c, '\0');
    }
    let tone = parts.remove(tone_at);
    let mut letter = parts[0];
    for &mark in &parts[1..] {
        match compose(letter, mark) {
            Some(composed) => letter = composed,
            None => return (c, '\0'),
        }
    }
    (letter, tone)
}

/// Maps the eth look-alikes to Vietnamese đ.
fn fix_eth(c: char) -> char {
    match c {
        'Ð' => 'Đ',
        'ð' => 'đ',
        other => other,
    }
}

/// Builds a key, with or without the offset map. Letters go straight into the key (lowercased); the syllable's
/// tone is held back and appended when the syllable ends.
struct Builder<'a> {
    text: &'a str,
    key: String,
    /// Per key byte: the original (start, end) span. Empty when the map is not wanted.
    map: Vec<(u32, u32)>,
    with_map: bool,
    /// Original span of the syllable being built, if one is open.
    syllable: Option<(u32, u32)>,
    tone: Option<char>,
    /// Original end of the last token (start of the gap before the next one).
    gap_start: u32,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str, with_map: bool) -> Self {
        let capacity = text.len() + text.len() / 8;
        Builder {
            text,
            key: String::with_capacity(capacity),
            map: if with_map { Vec::with_capacity(capacity) } else { Vec::new() },
            with_map,
            syllable: None,
            tone: None,
            gap_start: 0,
        }
    }

    #[inline]
    fn push_char(&mut self, c: char, start: u32, end: u32) {
        self.key.push(c);
        if self.with_map {
            for _ in 0..c.len_utf8() {
                self.map.push((start, end));
            }
        }
    }

    /// The single space before a token (none at the start), mapped to the original gap between the tokens.
    #[inline]
    fn separator(&mut self, token_start: u32) {
        if !self.key.is_empty() {
            let gap_start = self.gap_start;
            self.push_char(' ', gap_start, token_start);
        }
    }

    fn punctuation(&mut self, c: char, start: u32, end: u32) {
        self.end_syllable();
        self.separator(start);
        let c = if is_dash(c) { '-' } else { c };
        if c.is_uppercase() {
            for lower in c.to_lowercase() {
                self.push_char(lower, start, end);
            }
        } else {
            self.push_char(c, start, end);
        }
        self.gap_start = end;
    }

    /// Opens a syllable at `start` if none is open.
    #[inline]
    fn open_syllable(&mut self, start: u32, end: u32) {
        match &mut self.syllable {
            Some(span) => span.1 = end,
            None => {
                self.separator(start);
                self.syllable = Some((start, end));
            }
        }
    }

    #[inline]
    fn ascii_letter(&mut self, b: u8, start: u32) {
        self.open_syllable(start, start + 1);
        self.key.push(b.to_ascii_lowercase() as char);
        if self.with_map {
            self.map.push((start, start + 1));
        }
    }

    fn letter(&mut self, ch: char, start: u32, end: u32) {
        self.open_syllable(start, end);
        for lower in ch.to_lowercase() {
            self.push_char(lower, start, end);
        }
    }

    /// Extends the original span of the key's last character to `end`.
    fn extend_last(&mut self, end: u32) {
        if let Some(last) = self.key.chars().next_back() {
            let n = self.map.len();
            for entry in &mut self.map[n.saturating_sub(last.len_utf8())..] {
                entry.1 = end;
            }
        }
        if let Some(span) = &mut self.syllable {
            span.1 = end;
        }
    }

    /// A combining mark (NFD input): a tone is pulled out of the syllable, a letter mark composes with the letter
    /// before it.
    fn mark(&mut self, m: char, start: u32, end: u32) {
        if self.syllable.is_some() {
            if let Some(tone) = tone_of_mark(m) {
                if self.tone.is_none() {
                    self.tone = Some(tone);
                    self.extend_last(end);
                    return;
                }
            }
            if let Some(last) = self.key.chars().next_back() {
                if let Some(composed) = compose(last, m) {
                    let last_start = if self.with_map { self.map[self.map.len() - last.len_utf8()].0 } else { 0 };
                    self.key.pop();
                    let n = self.map.len().saturating_sub(last.len_utf8());
                    self.map.truncate(n);
                    self.push_char(composed, last_start, end);
                    if let Some(span) = &mut self.syllable {
                        span.1 = end;
                    }
                    return;
                }
            }
        }
        // A mark with nothing to attach to stays visible as a character of its own.
        self.letter(m, start, end);
    }

    fn end_syllable(&mut self) {
        if let Some((start, end)) = self.syllable.take() {
            if let Some(tone) = self.tone.take() {
                self.push_char(tone, start, end);
            }
            self.gap_start = end;
        }
    }

    fn build(mut self) -> Self {
        let text = self.text;
        let bytes = text.as_bytes();
        let table = letter_table();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let start = i as u32;
            if b < 0x80 {
                if b.is_ascii_alphanumeric() {
                    self.ascii_letter(b, start);
                } else if b.is_ascii_whitespace() || b.is_ascii_control() {
                    self.end_syllable();
                } else {
                    self.punctuation(b as char, start, start + 1);
                }
                i += 1;
                continue;
            }
            let c = text[i..].chars().next().expect("char boundary");
            i += c.len_utf8();
            let end = i as u32;
            let cp = c as u32;
            if (TABLE_START..=TABLE_END).contains(&cp) {
                let (letter, tone) = table[(cp - TABLE_START) as usize];
                if letter != '\0' && (tone == '\0' || self.tone.is_none()) {
                    self.open_syllable(start, end);
                    self.push_char(letter, start, end);
                    if tone != '\0' {
                        self.tone = Some(tone);
                    }
                    continue;
                }
            }
            if is_combining_mark(c) {
                self.mark(c, start, end);
            } else if c.is_alphanumeric() {
                self.letter(fix_eth(c), start, end);
            } else if c.is_whitespace() || c.is_control() {
                self.end_syllable();
            } else if is_invisible(c) {
                // Dropped without breaking the syllable (a soft hyphen sits inside a word).
            } else {
                self.punctuation(c, start, end);
            }
        }
        self.end_syllable();
        self
    }
}

/// A matching key of a text, with a map from key offsets back to the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchKey {
    key: String,
    /// For every byte of `key`: the original (start, end) byte span it came from.
    map: Vec<(u32, u32)>,
    original_len: usize,
}

impl MatchKey {
    /// The key of `original`, remembering where each key byte came from.
    pub fn new(original: &str) -> MatchKey {
        assert!(original.len() < u32::MAX as usize, "text too long for a match key");
        let built = Builder::new(original, true).build();
        MatchKey { key: built.key, map: built.map, original_len: original.len() }
    }

    pub fn as_str(&self) -> &str {
        &self.key
    }

    /// The byte range of the original text that produced `key_range` (byte offsets into the key): from the start
    /// of the first key character's source to the end of the last one's, so a hit on whole syllables maps to the
    /// whole original syllables, tone marks and NFD combining marks included. Offsets past the end are clamped.
    pub fn to_original(&self, key_range: Range<usize>) -> Range<usize> {
        let len = self.key.len();
        let ks = key_range.start.min(len);
        let ke = key_range.end.min(len).max(ks);
        if ks == len {
            let at = if len == 0 { 0 } else { self.map[len - 1].1 as usize };
            return at..at;
        }
        let start = self.map[ks].0 as usize;
        if ke == ks {
            return start..start;
        }
        let end = self.map[ke - 1].1 as usize;
        start..end.max(start)
    }

    /// Length in bytes of the text the key was built from.
    pub fn original_len(&self) -> usize {
        self.original_len
    }
}

/// The matching key of `text`: equal for texts that differ only in tone-mark style, case, NFC/NFD, Ð/Đ,
/// whitespace runs or spacing around punctuation and dashes. See the module documentation for the format.
pub fn match_key(text: &str) -> String {
    Builder::new(text, false).build().key
}

/// Where a tone mark goes in a syllable whose vowels are oa, oe or uy with no final consonant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToneStyle {
    /// On the first vowel: hòa, hòe, thủy, Ủy.
    Old,
    /// On the second vowel: hoà, hoè, thuỷ, Uỷ.
    New,
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y')
}

/// Re-renders every open oa/oe/uy syllable of `text` in `style`; everything else is returned unchanged (as NFC).
/// "qu" is a consonant, so quý/quỹ keep their tone; with a final consonant (hoàn, Huỳnh) nothing moves.
pub fn to_tone_style(text: &str, style: ToneStyle) -> String {
    let text = super::normalize(text);
    let mut out = String::with_capacity(text.len() + 8);
    let mut syllable_start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() || is_combining_mark(c) {
            syllable_start.get_or_insert(i);
        } else {
            if let Some(s) = syllable_start.take() {
                restyle_syllable(&text[s..i], style, &mut out);
            }
            out.push(c);
        }
    }
    if let Some(s) = syllable_start {
        restyle_syllable(&text[s..], style, &mut out);
    }
    out
}

/// Appends `syllable` (NFC) to `out`, with its tone moved if it is an open oa/oe/uy syllable.
fn restyle_syllable(syllable: &str, style: ToneStyle, out: &mut String) {
    if syllable.is_ascii() {
        out.push_str(syllable);
        return;
    }
    // Letters without tone, and the tone.
    let mut letters: Vec<char> = Vec::with_capacity(syllable.len());
    let mut tone = None;
    for c in syllable.chars() {
        let (letter, t) = split_tone(c);
        if t != '\0' {
            if tone.is_some() {
                out.push_str(syllable);
                return;
            }
            tone = Some(t);
        }
        letters.push(letter);
    }
    let Some(tone) = tone else {
        out.push_str(syllable);
        return;
    };
    let n = letters.len();
    let lower: Vec<char> = letters.iter().map(|c| c.to_lowercase().next().unwrap_or(*c)).collect();
    let cluster = n >= 2 && matches!((lower[n - 2], lower[n - 1]), ('o', 'a') | ('o', 'e') | ('u', 'y'));
    // Exactly a two-vowel cluster after consonants only; "qu" + y is the consonant qu and the vowel y.
    let open_pair = cluster
        && lower[..n - 2].iter().all(|&c| !is_vowel(c) && c.is_alphabetic())
        && !(lower[n - 2] == 'u' && n >= 3 && lower[n - 3] == 'q');
    if !open_pair {
        out.push_str(syllable);
        return;
    }
    let target = match style {
        ToneStyle::Old => n - 2,
        ToneStyle::New => n - 1,
    };
    for (i, &letter) in letters.iter().enumerate() {
        if i == target {
            match compose(letter, tone) {
                Some(c) => out.push(c),
                None => {
                    out.push(letter);
                    out.push(tone);
                }
            }
        } else {
            out.push(letter);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nfd(s: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        s.nfd().collect()
    }

    #[test]
    fn both_tone_styles_share_a_key() {
        for (old, new) in [("hòa", "hoà"), ("Ủy", "Uỷ"), ("thủy", "thuỷ"), ("khỏe", "khoẻ"), ("Hóa", "Hoá")]
        {
            assert_ne!(old, new);
            assert_eq!(match_key(old), match_key(new), "{old} / {new}");
        }
        assert_eq!(match_key("Tỉnh ủy"), match_key("Tỉnh uỷ"));
        assert_eq!(match_key("Tỉnh ủy"), "tinh\u{309} uy\u{309}");
        assert_eq!(match_key("hòa"), "hoa\u{300}");
    }

    #[test]
    fn misplaced_tone_shares_the_key() {
        assert_eq!(match_key("họat động"), match_key("hoạt động"));
    }

    #[test]
    fn different_tones_and_letters_stay_different() {
        assert_ne!(match_key("hòa"), match_key("hóa"));
        assert_ne!(match_key("hoa"), match_key("hòa"));
        assert_ne!(match_key("quý"), match_key("quỹ"));
        assert_ne!(match_key("đa"), match_key("da"));
        assert_ne!(match_key("ô"), match_key("o"));
        assert_eq!(match_key("ệ"), "ê\u{323}");
    }

    #[test]
    fn case_nfd_eth_and_spaces_unify() {
        let base = match_key("Ủy ban nhân dân tỉnh Đắk Nông");
        assert_eq!(match_key(&nfd("Ủy ban nhân dân tỉnh Đắk Nông")), base);
        assert_eq!(match_key("UỶ BAN NHÂN DÂN TỈNH ĐẮK NÔNG"), base);
        assert_eq!(match_key("Uỷ  ban\u{a0}nhân \t dân\ntỉnh Ðắk Nông "), base);
        assert_eq!(match_key("Uỷ ban nhân\u{200b} dân tỉnh ðắk Nông"), base);
        assert_eq!(base, "uy\u{309} ban nhân dân tinh\u{309} đăk\u{301} nông");
    }

    #[test]
    fn nfd_dot_below_before_circumflex() {
        // NFD of ệ is e + dot below + circumflex: the tone is found by membership, not position.
        assert_eq!(match_key("vie\u{323}\u{302}t"), match_key("việt"));
        assert_eq!(match_key("vie\u{323}\u{302}t"), "viêt\u{323}");
    }

    #[test]
    fn dashes_and_punctuation_spacing_unify() {
        let spaced = match_key("kinh tế - xã hội");
        assert_eq!(match_key("kinh tế-xã hội"), spaced);
        assert_eq!(match_key("kinh tế – xã hội"), spaced);
        assert_eq!(match_key("kinh tế -xã hội"), spaced);
        assert_ne!(match_key("kinh tế xã hội"), spaced);
        assert_eq!(match_key("12-CT/TW"), "12 - ct / tw");
        assert_eq!(match_key("Tỉnh ủy,"), "tinh\u{309} uy\u{309} ,");
    }

    #[test]
    fn offsets_map_back_through_nfd_and_double_spaces() {
        let original = format!("Ông  {} Tỉnh  uỷ Bình Thuận", nfd("Bí thư"));
        let key = MatchKey::new(&original);
        let term = match_key("bí thư tỉnh ủy");
        let at = key.as_str().find(&term).expect("term in key");
        let range = key.to_original(at..at + term.len());
        assert_eq!(&original[range], format!("{} Tỉnh  uỷ", nfd("Bí thư")));
    }

    #[test]
    fn offsets_map_back_through_eth_and_other_style() {
        let original = "Trường Ðại học Thủy lợi, Hà Nội";
        let key = MatchKey::new(original);
        let term = match_key("Đại học Thuỷ lợi");
        let at = key.as_str().find(&term).unwrap();
        assert_eq!(&original[key.to_original(at..at + term.len())], "Ðại học Thủy lợi");
        let term = match_key("hà nội");
        let at = key.as_str().find(&term).unwrap();
        assert_eq!(&original[key.to_original(at..at + term.len())], "Hà Nội");
    }

    #[test]
    fn nfd_of_both_styles_shares_the_key() {
        for word in ["khoẻ", "khỏe", "THUỶ", "Ủy", "Hoá", "Nguyễn", "Đảng"] {
            assert_eq!(match_key(&nfd(word)), match_key(word), "{word}");
        }
        assert_eq!(match_key(&nfd("Khoẻ")), "khoe\u{309}");
    }

    #[test]
    fn tone_belongs_to_its_syllable_token() {
        // A term key ends where a text syllable ends only if the next key byte is a space or the end.
        let text = match_key("hoà bình");
        assert!(text.starts_with("hoa"));
        assert_eq!(&text[3..5], "\u{300}");
        let long = MatchKey::new("Ủy viên Ban Thường vụ Tỉnh ủy Bình Thuận");
        let term = match_key("Tỉnh Uỷ");
        let at = long.as_str().find(&term).unwrap();
        assert_eq!(long.as_str().as_bytes()[at - 1], b' ');
        assert_eq!(long.as_str().as_bytes()[at + term.len()], b' ');
        assert_eq!(&"Ủy viên Ban Thường vụ Tỉnh ủy Bình Thuận"[long.to_original(at..at + term.len())], "Tỉnh ủy");
    }

    #[test]
    fn punctuation_maps_back() {
        let original = "Chỉ thị số 12-CT/TW ngày 5/1/2022";
        let key = MatchKey::new(original);
        let term = match_key("12 - CT/TW");
        let at = key.as_str().find(&term).unwrap();
        assert_eq!(&original[key.to_original(at..at + term.len())], "12-CT/TW");
    }

    #[test]
    fn offsets_stay_on_char_boundaries_on_any_input() {
        let alphabet = [
            "a", "Ủ", "y", "o", "\u{300}", "\u{309}", "\u{323}", "\u{302}", " ", "  ", "-", "–", "Ð", "\u{a0}",
            "\u{200b}", "\u{ad}", ".", "1", "ệ", "İ", "ß", "\u{e000}",
        ];
        for text in crate::test_texts::random_texts(0x2545_F491_4F6C_DD1D, &alphabet, 30, 2000) {
            let key = MatchKey::new(&text);
            assert_eq!(key.as_str(), match_key(&text));
            let k = key.as_str();
            assert!(!k.starts_with(' ') && !k.ends_with(' ') && !k.contains("  "), "{text:?} -> {k:?}");
            for (a, _) in k.char_indices() {
                for b in k.char_indices().map(|(i, _)| i).chain([k.len()]).filter(|&b| b >= a) {
                    let range = key.to_original(a..b);
                    assert!(range.start <= range.end && range.end <= text.len(), "{text:?} {a}..{b}");
                    assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
                }
            }
        }
    }

    #[test]
    fn offsets_of_empty_and_out_of_range() {
        let key = MatchKey::new("ab cd");
        assert_eq!(key.to_original(0..0), 0..0);
        assert_eq!(key.to_original(5..9), 5..5);
        assert_eq!(key.to_original(3..5), 3..5);
        let empty = MatchKey::new("");
        assert_eq!(empty.as_str(), "");
        assert_eq!(empty.to_original(0..3), 0..0);
    }

    #[test]
    fn match_key_equals_match_key_struct() {
        let text = "Chủ tịch Liên hiệp Nguyễn Phương Nga (Ảnh: TT Dân).";
        assert_eq!(MatchKey::new(text).as_str(), match_key(text));
    }

    #[test]
    fn tone_style_moves_only_open_oa_oe_uy() {
        assert_eq!(
            to_tone_style("hòa bình, Tỉnh ủy, thủy lợi, khỏe", ToneStyle::New),
            "hoà bình, Tỉnh uỷ, thuỷ lợi, khoẻ"
        );
        assert_eq!(
            to_tone_style("hoà bình, Tỉnh uỷ, thuỷ lợi, khoẻ", ToneStyle::Old),
            "hòa bình, Tỉnh ủy, thủy lợi, khỏe"
        );
        assert_eq!(to_tone_style("Uỷ ban", ToneStyle::Old), "Ủy ban");
        assert_eq!(to_tone_style("Ủy ban", ToneStyle::New), "Uỷ ban");
        // qu is a consonant; final consonants keep the tone where it is.
        for fixed in ["quý", "quỹ", "hoàn", "toán", "Huỳnh", "khoảng", "người", "hoạt"] {
            assert_eq!(to_tone_style(fixed, ToneStyle::Old), fixed);
            assert_eq!(to_tone_style(fixed, ToneStyle::New), fixed);
        }
        assert_eq!(to_tone_style(&nfd("Khánh Hoà"), ToneStyle::Old), "Khánh Hòa");
    }
}
