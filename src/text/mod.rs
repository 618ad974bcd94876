//! Vietnamese text: normalization, the matching key, sentence segmentation, stable segment ids.

use std::borrow::Cow;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::article::BlockKind;

/// One translation unit: a sentence (or a headline, caption, byline) of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// Stable id: the same text at the same place in the same article gives the same id in every run.
    pub id: String,
    pub kind: BlockKind,
    /// Index of the block in [`crate::article::Article::blocks`].
    pub block: usize,
    /// Index of the sentence inside its block.
    pub index: usize,
    /// NFC text of the segment, trimmed.
    pub text: String,
}

pub(crate) mod fast_hash;
pub mod key;
pub mod segment;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

pub use key::{match_key, to_tone_style, MatchKey, ToneStyle};
pub use segment::{segment_article, segment_id, segment_plain, split_sentences};

/// NFC, with the look-alike Ð/ð (Icelandic eth, typed on wrong keyboards) mapped to Đ/đ, every Unicode space
/// (NBSP, thin space, ideographic space…) turned into an ordinary space, and zero-width characters and soft
/// hyphens dropped. Line breaks and tabs are kept. Already-clean text costs one scan and one copy.
pub fn normalize(s: &str) -> String {
    normalize_cow(s).into_owned()
}

/// Text safe to show on a terminal or in a plain-text report: control characters (escape sequences, line
/// breaks, tabs) and the invisible bidirectional controls that can reorder what a reader sees are written as
/// `\u{..}` escapes, so a file name cannot colour the terminal or forge a line of a summary. Line breaks of the
/// caller's own layout are not passed through here.
pub fn printable(s: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`normalize`]d text as one line: control characters (line breaks, tabs, escapes) become spaces, runs of
/// whitespace one space, the ends trimmed. For text that must fit one line wherever it goes: a segment's target
/// as a CAT tool re-wrapped it, a headline, a caption.
pub fn one_line(s: &str) -> String {
    let normalized = normalize_cow(s);
    let mut out = String::with_capacity(normalized.len());
    for word in normalized.split(|c: char| c.is_whitespace() || c.is_control()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Characters of scripts written without spaces between words: ideographs, kana, their punctuation.
pub fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFF65)
}

/// [`normalize`] that borrows `s` when it is already clean (the usual case: one byte scan, no copy).
pub fn normalize_cow(s: &str) -> Cow<'_, str> {
    match clean_prefix_len(s.as_bytes()) {
        clean if clean == s.len() => Cow::Borrowed(s),
        clean => Cow::Owned(normalize_lines(s, clean)),
    }
}

/// [`normalize`] of an owned string: returned as it is when already clean.
pub fn normalize_owned(s: String) -> String {
    match clean_prefix_len(s.as_bytes()) {
        clean if clean == s.len() => s,
        clean => normalize_lines(&s, clean),
    }
}

/// Line by line, so one decomposed or odd line does not send the whole text down the slow path. Nothing
/// composes across a line break, so this equals normalizing the whole text at once. `s[..clean]` is known to
/// need nothing: the lines before the one it ends in are copied as they are.
fn normalize_lines(s: &str, clean: usize) -> String {
    let mut out = String::with_capacity(s.len());
    let start = s[..clean].rfind('\n').map_or(0, |newline| newline + 1);
    out.push_str(&s[..start]);
    for line in s[start..].split_inclusive('\n') {
        if is_clean_fast(line.as_bytes()) {
            out.push_str(line);
        } else {
            normalize_line(line, &mut out);
        }
    }
    out
}

/// Appends the normalized `line` to `out`. A line that needs nothing comes out unchanged.
fn normalize_line(line: &str, out: &mut String) {
    // The usual unclean line is decomposed Vietnamese and nothing else: the composer takes it as it is (it accepts
    // no eth, odd space or invisible character, so there is nothing to clean first).
    if compose_vietnamese(line, out) {
        return;
    }
    let cleaned: Cow<str> = if line.chars().any(|c| matches!(c, 'Ð' | 'ð') || key::is_invisible(c) || is_odd_space(c))
    {
        let mut cleaned = String::with_capacity(line.len());
        for c in line.chars() {
            match c {
                'Ð' => cleaned.push('Đ'),
                'ð' => cleaned.push('đ'),
                c if key::is_invisible(c) => {}
                c if is_odd_space(c) => cleaned.push(' '),
                c => cleaned.push(c),
            }
        }
        Cow::Owned(cleaned)
    } else {
        Cow::Borrowed(line)
    };
    // Decomposed Vietnamese (NFD, or Windows-1258's letter + tone mark) composes by table; anything else takes
    // the general NFC algorithm.
    if compose_vietnamese(&cleaned, out) {
        return;
    }
    match is_nfc_quick(cleaned.chars()) {
        IsNormalized::Yes => out.push_str(&cleaned),
        _ => out.extend(cleaned.nfc()),
    }
}

/// A space that is not an ASCII space, tab or line break.
fn is_odd_space(c: char) -> bool {
    !c.is_ascii() && c.is_whitespace() && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}')
}

/// Byte length of the character at `i` when it is known to need no change — ASCII, or an NFC-stable starter
/// (canonical combining class 0, NFC quick-check Yes, so it never composes with what comes before or after it
/// unless a combining mark follows) that is not eth, an odd space or an invisible character — else 0.
/// Known: Latin-1 letters and signs (U+00A1–U+00FF but U+00AD soft hyphen, U+00D0/U+00F0 eth), Latin
/// Extended-A/B and IPA (U+0100–U+02FF), Latin Extended Additional with every precomposed Vietnamese letter
/// (U+1E00–U+1EFF), and general punctuation U+2010–U+2027, U+2030–U+205E. `bytes` must be valid UTF-8 and `i`
/// a character boundary.
#[inline]
fn clean_char_len(bytes: &[u8], i: usize) -> usize {
    let b = bytes[i];
    if b < 0x80 {
        return 1;
    }
    let second = bytes.get(i + 1).copied().unwrap_or(0);
    match b {
        // U+0080–U+00BF: C1 controls and NBSP (U+00A0) are not known; soft hyphen is invisible.
        0xC2 if second >= 0xA1 && second != 0xAD => 2,
        // U+00C0–U+00FF, except Ð (C3 90) and ð (C3 B0).
        0xC3 if second != 0x90 && second != 0xB0 => 2,
        // U+0100–U+02FF.
        0xC4..=0xCB => 2,
        // U+1E00–U+1EFF: E1 B8 xx – E1 BB xx.
        0xE1 if (0xB8..=0xBB).contains(&second) => 3,
        0xE2 => {
            let third = bytes.get(i + 2).copied().unwrap_or(0);
            match second {
                // U+2010–U+2027 (E2 80 90–A7) and U+2030–U+203F (E2 80 B0–BF).
                0x80 if (0x90..=0xA7).contains(&third) || third >= 0xB0 => 3,
                // U+2040–U+205E (E2 81 80–9E).
                0x81 if third <= 0x9E => 3,
                _ => 0,
            }
        }
        _ => 0,
    }
}

/// True when every character of `bytes` (valid UTF-8) passes [`clean_char_len`]: then the text needs no change.
/// False says nothing: the text may still be clean (other scripts, symbols), which the slow path finds out.
fn is_clean_fast(bytes: &[u8]) -> bool {
    clean_prefix_len(bytes) == bytes.len()
}

/// Length of the longest prefix of `bytes` (valid UTF-8) whose characters all pass [`clean_char_len`].
fn clean_prefix_len(bytes: &[u8]) -> usize {
    let mut i = 0;
    // Blocks of BLOCK bytes with one branch-free test of every lead byte in them (it reads the two bytes after
    // each), as long as they are clean; the rest, and a block that is not, character by character.
    while let Some(window) = bytes.get(i..i + BLOCK + 2) {
        let window: &[u8; BLOCK + 2] = window.try_into().expect("BLOCK + 2 bytes");
        let unclean =
            (0..BLOCK).fold(false, |found, k| found | starts_unclean(window[k], window[k + 1], window[k + 2]));
        if unclean {
            break;
        }
        i += BLOCK;
    }
    // A block may end inside a character: go back to its start.
    while i > 0 && i < bytes.len() && (bytes[i] & 0xC0) == 0x80 {
        i -= 1;
    }
    while i < bytes.len() {
        // Runs of ASCII eight bytes at a time.
        while let Some(chunk) = bytes.get(i..i + 8) {
            let word = u64::from_ne_bytes(chunk.try_into().expect("eight bytes"));
            if word & 0x8080_8080_8080_8080 != 0 {
                break;
            }
            i += 8;
        }
        if i >= bytes.len() {
            break;
        }
        match clean_char_len(bytes, i) {
            0 => return i,
            len => i += len,
        }
    }
    bytes.len()
}

const BLOCK: usize = 64;

/// Does the byte `b`, followed by `next` and `after`, start a character that [`clean_char_len`] does not accept?
/// The same ranges, as comparisons without branches (so the block loop above becomes vector code). ASCII and
/// continuation bytes start nothing.
#[inline(always)]
fn starts_unclean(b: u8, next: u8, after: u8) -> bool {
    let c2 = (b == 0xC2) & ((next < 0xA1) | (next == 0xAD));
    let c3 = (b == 0xC3) & ((next == 0x90) | (next == 0xB0));
    let e1 = (b == 0xE1) & !(0xB8..=0xBB).contains(&next);
    let e2_accepted =
        ((next == 0x80) & ((0x90..=0xA7).contains(&after) | (after >= 0xB0))) | ((next == 0x81) & (after <= 0x9E));
    let e2 = (b == 0xE2) & !e2_accepted;
    let other_lead = (b >= 0xCC) & (b != 0xE1) & (b != 0xE2);
    c2 | c3 | e1 | e2 | other_lead
}

/// Combining marks of Vietnamese: the five tones (grave, acute, tilde, hook above, dot below), then circumflex,
/// breve and horn. All are two UTF-8 bytes CC xx.
const VIETNAMESE_MARKS: [char; 8] =
    ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}', '\u{302}', '\u{306}', '\u{31B}'];
const NO_MARK: usize = VIETNAMESE_MARKS.len();

/// Letters that carry Vietnamese marks: the vowels bare and with circumflex, breve or horn, both cases.
const VIETNAMESE_BASES: [char; 24] = [
    'a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y', 'A', 'Ă', 'Â', 'E', 'Ê', 'I', 'O', 'Ô', 'Ơ', 'U', 'Ư',
    'Y',
];

/// Index into [`VIETNAMESE_MARKS`] of the mark at `i`, if there is one.
#[inline]
fn vietnamese_mark_at(bytes: &[u8], i: usize) -> Option<usize> {
    if bytes.get(i) != Some(&0xCC) {
        return None;
    }
    let index = match bytes.get(i + 1)? {
        0x80 => 0,
        0x81 => 1,
        0x83 => 2,
        0x89 => 3,
        0xA3 => 4,
        0x82 => 5,
        0x86 => 6,
        0x9B => 7,
        _ => return None,
    };
    Some(index)
}

/// NFC of every base + one or two marks, taken from unicode-normalization itself ('\0' where the result is not
/// a single character, e.g. a mark repeated): indexed by base, first mark, second mark or [`NO_MARK`].
fn composition_table() -> &'static [char] {
    static TABLE: OnceLock<Vec<char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = Vec::with_capacity(VIETNAMESE_BASES.len() * NO_MARK * (NO_MARK + 1));
        for base in VIETNAMESE_BASES {
            for first in VIETNAMESE_MARKS {
                for second in VIETNAMESE_MARKS.iter().copied().map(Some).chain([None]) {
                    let sequence: String = [Some(base), Some(first), second].into_iter().flatten().collect();
                    let mut composed = sequence.nfc();
                    table.push(match (composed.next(), composed.next()) {
                        (Some(c), None) => c,
                        _ => '\0',
                    });
                }
            }
        }
        table
    })
}

/// NFC of `base` followed by the marks, when it is one character.
fn compose_syllable_letter(base: char, first: usize, second: usize) -> Option<char> {
    let base_index = VIETNAMESE_BASES.iter().position(|&b| b == base)?;
    let composed = composition_table()[(base_index * NO_MARK + first) * (NO_MARK + 1) + second];
    (composed != '\0').then_some(composed)
}

/// Appends the NFC of `s` to `out` and returns true when `s` holds only NFC-stable starters ([`clean_char_len`])
/// and Vietnamese letters followed by one or two Vietnamese marks. Otherwise leaves `out` as it was and returns
/// false. Exact: every cluster (a stable starter and its marks) starts at a point where NFC may be cut, and each
/// cluster's NFC comes from [`composition_table`].
fn compose_vietnamese(s: &str, out: &mut String) -> bool {
    let bytes = s.as_bytes();
    let out_start = out.len();
    // `s[copied..i]` is clean and not yet appended.
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(first) = vietnamese_mark_at(bytes, i) {
            // The base is the character just before the mark, and must not belong to an earlier cluster.
            let mut base_start = i;
            while base_start > copied && (bytes[base_start - 1] & 0xC0) == 0x80 {
                base_start -= 1;
            }
            let composed = match base_start.checked_sub(1).filter(|&start| start >= copied) {
                Some(start) => {
                    let base = s[start..i].chars().next().expect("a character before the mark");
                    base_start = start;
                    let second = vietnamese_mark_at(bytes, i + 2);
                    compose_syllable_letter(base, first, second.unwrap_or(NO_MARK)).map(|c| (c, second.is_some()))
                }
                None => None,
            };
            let Some((letter, two_marks)) = composed else {
                out.truncate(out_start);
                return false;
            };
            out.push_str(&s[copied..base_start]);
            out.push(letter);
            i += if two_marks { 4 } else { 2 };
            copied = i;
            continue;
        }
        match clean_char_len(bytes, i) {
            0 => {
                out.truncate(out_start);
                return false;
            }
            len => i += len,
        }
    }
    out.push_str(&s[copied..]);
    true
}

/// True when `s` needs no change: ASCII, or non-ASCII that is NFC and free of eth, odd spaces and invisibles.
/// The reference for [`is_clean_fast`] and the composer: [`normalize`] leaves such text as it is.
#[cfg(test)]
fn is_clean(s: &str) -> bool {
    if s.chars().any(|c| matches!(c, 'Ð' | 'ð') || key::is_invisible(c) || is_odd_space(c)) {
        return false;
    }
    matches!(is_nfc_quick(s.chars()), IsNormalized::Yes) || s.nfc().eq(s.chars())
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::char::canonical_combining_class;

    #[test]
    fn printable_shows_controls_as_escapes() {
        assert_eq!(printable("tin\n  [published] x\u{1b}[31m.txt"), "tin\\u{a}  [published] x\\u{1b}[31m.txt");
        assert_eq!(printable("bài\u{202e}txt.exe"), "bài\\u{202e}txt.exe");
        assert!(matches!(printable("Đà Lạt.txt"), Cow::Borrowed(_)));
    }

    #[test]
    fn one_line_takes_out_what_a_cat_tool_wrapped_in() {
        let wrapped = "Provincial leaders\n            receive the\tdelegation\u{1b}[31m\r\n  ";
        assert_eq!(one_line(wrapped), "Provincial leaders receive the delegation [31m");
        assert_eq!(one_line("  Ho\u{0302} "), "Hô");
        assert_eq!(one_line(""), "");
    }

    #[test]
    fn fast_path_accepts_only_characters_that_need_nothing() {
        // Every Unicode scalar value: what the byte-level fast path accepts is an NFC-stable starter that
        // normalize() leaves alone.
        let mut accepted = 0;
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut buffer = [0u8; 4];
            let encoded = c.encode_utf8(&mut buffer);
            let fast = is_clean_fast(encoded.as_bytes());
            assert_eq!(fast, clean_char_len(encoded.as_bytes(), 0) == encoded.len(), "{c:?}");
            if fast {
                accepted += 1;
                assert_eq!(canonical_combining_class(c), 0, "{c:?}");
                assert!(matches!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes), "{c:?}");
                assert!(is_clean(encoded), "{c:?}");
                assert_eq!(normalize_lines(encoded, 0), *encoded, "{c:?}");
            }
        }
        // ASCII, most of Latin, Vietnamese letters and punctuation: the fast path must not be empty.
        assert!(accepted > 128 + 500, "{accepted}");
        for c in ['Ð', 'ð', '\u{a0}', '\u{ad}', '\u{300}', '\u{2028}', '\u{202f}', '\u{200b}', '\u{3000}', '\u{feff}']
        {
            assert!(!is_clean_fast(c.to_string().as_bytes()), "{c:?}");
        }
        for clean in ["Việt Nam", "Nguyễn Thị Hoà – “Uỷ ban”…", "ASCII only", "đồng"] {
            assert!(is_clean_fast(clean.as_bytes()), "{clean}");
        }
    }

    #[test]
    fn block_test_agrees_with_the_character_test() {
        // Every lead byte with every second byte, and the third bytes that matter for E2.
        for b in 0xC2..=0xF4u8 {
            for next in 0x80..=0xBFu8 {
                for after in [0x80, 0x8F, 0x90, 0x9E, 0x9F, 0xA7, 0xA8, 0xAF, 0xB0, 0xBF] {
                    let bytes = [b, next, after, after];
                    let accepted = clean_char_len(&bytes, 0) > 0;
                    assert_eq!(starts_unclean(b, next, after), !accepted, "{bytes:x?}");
                }
            }
        }
        for b in (0..0xC0u8).chain([0xC0, 0xC1]) {
            if b >= 0x80 {
                assert!(!starts_unclean(b, 0x80, 0x80), "{b:x}: a continuation byte starts nothing");
            }
        }
        // Long texts: the unclean character is found wherever it sits relative to the blocks.
        let clean = "Nguyễn Thị Hoà – “Uỷ ban” đồng ý. ";
        let text = clean.repeat(20);
        assert_eq!(clean_prefix_len(text.as_bytes()), text.len());
        for position in text.char_indices().map(|(i, _)| i) {
            for odd in ["\u{300}", "Ð", "\u{a0}", "\u{2028}", "字"] {
                let mut with_odd = text.clone();
                with_odd.insert_str(position, odd);
                assert_eq!(clean_prefix_len(with_odd.as_bytes()), position, "{odd:?} at {position}");
            }
        }
    }

    /// normalize() as it was before the fast paths: clean, then the general NFC algorithm. The reference.
    fn reference(s: &str) -> String {
        let cleaned: String = s
            .chars()
            .filter(|&c| !key::is_invisible(c))
            .map(|c| match c {
                'Ð' => 'Đ',
                'ð' => 'đ',
                c if is_odd_space(c) => ' ',
                c => c,
            })
            .collect();
        cleaned.nfc().collect()
    }

    #[test]
    fn every_vietnamese_letter_composes_like_unicode_normalization() {
        let vowels = "aăâeêioôơuưy";
        let tones = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
        let mut letters = 0;
        for vowel in vowels.chars().flat_map(|v| [v, v.to_uppercase().next().unwrap()]) {
            for tone in tones.iter().copied().map(Some).chain([None]) {
                let nfc: String = [Some(vowel), tone].into_iter().flatten().collect::<String>().nfc().collect();
                let nfd: String = nfc.nfd().collect();
                // Decomposed (NFD), half-composed (letter with its vowel mark + tone, as Windows-1258 writes it),
                // and with the two marks in the non-canonical order.
                // The first two take the table path; the swapped order does only when NFC reorders the marks
                // (different combining classes), else it is not one letter and goes to the general algorithm.
                let mut forms =
                    vec![(nfd.clone(), true), (format!("{vowel}{}", tone.map(String::from).unwrap_or_default()), true)];
                let marks: Vec<char> = nfd.chars().skip(1).collect();
                if marks.len() == 2 {
                    forms.push(([nfd.chars().next().unwrap(), marks[1], marks[0]].iter().collect(), false));
                }
                for (form, by_table) in forms {
                    for text in [form.clone(), format!("Ông {form}n, {form}.\n"), format!("{form}{form}")] {
                        assert_eq!(normalize(&text), reference(&text), "{text:?}");
                        let mut out = String::from("x");
                        let composed = compose_vietnamese(&text, &mut out);
                        assert!(composed || !by_table, "{text:?} should take the table path");
                        if composed {
                            assert_eq!(out, format!("x{}", reference(&text)), "{text:?}");
                        } else {
                            assert_eq!(out, "x", "{text:?}: left as it was");
                        }
                    }
                }
                letters += 1;
            }
        }
        assert_eq!(letters, 12 * 2 * 6);
        assert_eq!(normalize("D\u{335}"), reference("D\u{335}"));
    }

    #[test]
    fn mixed_and_odd_text_normalizes_like_unicode_normalization() {
        // Deterministic pseudo-random strings over an alphabet of traps: marks in every order and count, marks
        // at the start or after a space, marks the table does not know, eth, odd spaces, invisibles, Hangul
        // jamo, and line breaks.
        let alphabet = [
            "a", "ă", "â", "e", "ơ", "ư", "Y", "d", "đ", "Ð", "ð", "n", " ", "\n", "\u{300}", "\u{301}", "\u{303}",
            "\u{309}", "\u{323}", "\u{302}", "\u{306}", "\u{31B}", "\u{308}", "\u{327}", "\u{340}", "\u{344}",
            "\u{345}", "\u{358}", "\u{1dc4}", "\u{a0}", "\u{200b}", "\u{ad}", "\u{2009}", "ệ", "à", "Ấ", "ᄀ", "ᅡ", "ᆨ",
            "字", "€", "“", "…", "\u{2028}", "\u{85}", "Å", "\u{212b}", "\u{1e9b}", "ȧ",
        ];
        for text in crate::test_texts::random_texts(0x2545_F491_4F6C_DD1D, &alphabet, 16, 20_000) {
            let expected = reference(&text);
            assert_eq!(normalize(&text), expected, "{text:?}");
            assert_eq!(normalize_owned(text.clone()), expected, "{text:?}");
            assert_eq!(normalize_cow(&text), expected, "{text:?}");
        }
    }

    #[test]
    fn normalize_composes_and_fixes_eth() {
        assert_eq!(normalize("Ðắk Nông"), "Đắk Nông");
        assert_eq!(normalize("ðoàn"), "đoàn");
        assert_eq!(normalize("thuy\u{309}"), "thuỷ");
        assert_eq!(normalize("vie\u{323}\u{302}t"), "việt");
        assert_eq!(normalize("vie\u{302}\u{323}t"), "việt");
        assert_eq!(normalize("Ð\u{301}"), "Đ\u{301}");
    }

    #[test]
    fn normalize_cleans_spaces_and_invisibles() {
        assert_eq!(normalize("Hà\u{a0}Nội\u{202f}và\u{2009}Huế"), "Hà Nội và Huế");
        assert_eq!(normalize("Nguyễn\u{200b}Phương\u{ad}Nga\u{feff}"), "NguyễnPhươngNga");
        assert_eq!(normalize("dòng 1\ndòng\t2"), "dòng 1\ndòng\t2");
        let clean = "Đoàn công tác của Liên hiệp các tổ chức hữu nghị Việt Nam.";
        assert_eq!(normalize(clean), clean);
        assert!(matches!(normalize_cow(clean), Cow::Borrowed(_)));
    }
}
