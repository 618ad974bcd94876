//! Vietnamese text: normalization, the matching key, sentence segmentation, stable segment ids.

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

pub mod key;
pub mod segment;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

pub use key::{match_key, to_tone_style, MatchKey, ToneStyle};
pub use segment::{segment_article, segment_id, segment_plain, split_sentences};

/// NFC, with the look-alike Ð/ð (Icelandic eth, typed on wrong keyboards) mapped to Đ/đ, every Unicode space
/// (NBSP, thin space, ideographic space…) turned into an ordinary space, and zero-width characters and soft
/// hyphens dropped. Line breaks and tabs are kept. Already-clean text costs one scan and one copy.
pub fn normalize(s: &str) -> String {
    if is_clean(s) {
        return s.to_string();
    }
    // Line by line, so one decomposed or odd line does not send the whole text down the slow path. Nothing
    // composes across a line break, so this equals normalizing the whole text at once.
    let mut out = String::with_capacity(s.len());
    for line in s.split_inclusive('\n') {
        if is_clean(line) {
            out.push_str(line);
        } else {
            out.push_str(&normalize_slow(line));
        }
    }
    out
}

fn normalize_slow(s: &str) -> String {
    let mut cleaned = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'Ð' => cleaned.push('Đ'),
            'ð' => cleaned.push('đ'),
            c if key::is_invisible(c) => {}
            c if is_odd_space(c) => cleaned.push(' '),
            c => cleaned.push(c),
        }
    }
    match is_nfc_quick(cleaned.chars()) {
        IsNormalized::Yes => cleaned,
        _ => cleaned.nfc().collect(),
    }
}

/// A space that is not an ASCII space, tab or line break.
fn is_odd_space(c: char) -> bool {
    !c.is_ascii() && c.is_whitespace() && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}')
}

/// True when `s` needs no change: ASCII, or non-ASCII that is NFC and free of eth, odd spaces and invisibles.
/// Vietnamese letters and typographic punctuation are known to be NFC on their own, so the full quick-check runs
/// only when some other character shows up.
fn is_clean(s: &str) -> bool {
    if s.is_ascii() {
        return true;
    }
    let mut needs_nfc_check = false;
    for c in s.chars() {
        if c.is_ascii() {
            continue;
        }
        if matches!(c, 'Ð' | 'ð') || key::is_invisible(c) || is_odd_space(c) {
            return false;
        }
        // Latin-1, Latin Extended-A/B, Latin Extended Additional and punctuation (except spaces and invisibles,
        // checked above) are NFC-stable starters; anything else (combining marks, other scripts) gets the full check.
        let known_stable =
            matches!(c as u32, 0x00A0..=0x02FF | 0x1E00..=0x1EFF | 0x2010..=0x2027 | 0x2030..=0x205E);
        needs_nfc_check |= !known_stable;
    }
    !needs_nfc_check || matches!(is_nfc_quick(s.chars()), IsNormalized::Yes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_path_ranges_are_nfc_stable_starters() {
        use unicode_normalization::char::canonical_combining_class;
        let ranges = [0x00A0..=0x02FF, 0x1E00..=0x1EFF, 0x2010..=0x2027, 0x2030..=0x205E];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert!(matches!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes), "{c:?}");
        }
    }

    #[test]
    fn normalize_composes_and_fixes_eth() {
        assert_eq!(normalize("Ðắk Nông"), "Đắk Nông");
        assert_eq!(normalize("ðoàn"), "đoàn");
        assert_eq!(normalize("thuy\u{309}"), "thuỷ");
        assert_eq!(normalize("vie\u{323}\u{302}t"), "việt");
    }

    #[test]
    fn normalize_cleans_spaces_and_invisibles() {
        assert_eq!(normalize("Hà\u{a0}Nội\u{202f}và\u{2009}Huế"), "Hà Nội và Huế");
        assert_eq!(normalize("Nguyễn\u{200b}Phương\u{ad}Nga\u{feff}"), "NguyễnPhươngNga");
        assert_eq!(normalize("dòng 1\ndòng\t2"), "dòng 1\ndòng\t2");
        let clean = "Đoàn công tác của Liên hiệp các tổ chức hữu nghị Việt Nam.";
        assert_eq!(normalize(clean), clean);
    }
}
