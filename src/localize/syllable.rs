//! A Vietnamese syllable taken apart for transcription into other scripts: initial consonant, vowels, final
//! consonant, with its tone mark dropped (no script it is written in keeps tones).

use unicode_normalization::char::decompose_canonical;
use unicode_normalization::UnicodeNormalization;

use crate::text::key::is_tone_mark;

/// Initial consonants, longest first.
const INITIALS: [&str; 27] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu", "b", "c", "d", "đ", "g", "h", "k", "l", "m",
    "n", "p", "r", "s", "t", "v", "x",
];

/// Final consonants, longest first.
const FINALS: [&str; 8] = ["ng", "nh", "ch", "c", "m", "n", "p", "t"];

const VOWELS: &str = "aăâeêioôơuưy";

/// The parts of one syllable, lower case and without tone: "Nguyễn" → ("ng", "uyê", "n").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    pub initial: &'static str,
    pub vowels: String,
    pub last: &'static str,
    /// The word started with a capital letter.
    pub capital: bool,
}

/// `word` without its tone mark, lower case ("Trọng" → "trong", "Cường" → "cương").
pub fn toneless(word: &str) -> String {
    word.to_lowercase().nfd().filter(|&c| !is_tone_mark(c)).nfc().collect()
}

/// `word` as a Vietnamese syllable; `None` when it cannot be one (a foreign word).
pub fn parse(word: &str) -> Option<Parts> {
    let plain = toneless(word);
    let mut rest = plain.as_str();
    let initial = INITIALS
        .iter()
        // "gi" before a consonant is g + i ("gìn").
        .find(|latin| rest.starts_with(*latin) && (**latin != "gi" || rest[2..].starts_with(|c| VOWELS.contains(c))))
        .copied()
        .unwrap_or("");
    rest = &rest[initial.len()..];
    let last = FINALS.iter().find(|latin| rest.ends_with(*latin) && rest.len() > latin.len()).copied().unwrap_or("");
    let vowels = &rest[..rest.len() - last.len()];
    if vowels.is_empty() || vowels.chars().count() > 3 || !vowels.chars().all(|c| VOWELS.contains(c)) {
        return None;
    }
    Some(Parts { initial, vowels: vowels.to_string(), last, capital: word.starts_with(char::is_uppercase) })
}

/// Vowel clusters with their marks taken off (ă, â → a; ê → e; ô, ơ → o; ư → u), with or without a final.
const NUCLEI: &[&str] = &[
    "a", "e", "i", "o", "u", "y", "ai", "ao", "au", "ay", "eo", "eu", "ia", "ie", "iu", "oa", "oe", "oi", "oo", "ua",
    "ue", "ui", "uo", "uu", "uy", "ya", "ye", "oai", "oao", "oay", "oeo", "uai", "uay", "uoi", "uou", "uya", "uye",
    "uyu", "ieu", "yeu", "uao",
];

/// The marks Vietnamese letters carry: the five tones and the breve, circumflex and horn.
fn is_vietnamese_mark(c: char) -> bool {
    is_tone_mark(c) || matches!(c, '\u{306}' | '\u{302}' | '\u{31B}')
}

/// The longest Vietnamese syllable has seven letters ("nghiêng"); a longer word is no syllable.
const LONGEST: usize = 7;

/// The word's letters folded to lower-case ASCII without marks into `out`, their count; `None` when a letter or
/// mark is not one Vietnamese uses (f, j, w, z, ü, ç, ø …), the word has something else than letters, or it is
/// longer than any syllable.
fn folded(word: &str, out: &mut [u8; LONGEST]) -> Option<usize> {
    let mut len = 0;
    for c in word.chars() {
        let base = if c.is_ascii() {
            c
        } else if unicode_normalization::char::is_combining_mark(c) {
            // Decomposed text carries its marks as characters of their own.
            if is_vietnamese_mark(c) {
                continue;
            }
            return None;
        } else {
            let mut base = None;
            let mut foreign_mark = false;
            decompose_canonical(c, |part| {
                if base.is_none() {
                    base = Some(part);
                } else if !is_vietnamese_mark(part) {
                    foreign_mark = true;
                }
            });
            if foreign_mark {
                return None;
            }
            base?
        };
        let lower = match base {
            'Đ' | 'đ' => b'd',
            c if c.is_ascii_alphabetic() => c.to_ascii_lowercase() as u8,
            _ => return None,
        };
        if matches!(lower, b'f' | b'j' | b'w' | b'z') || len == LONGEST {
            return None;
        }
        out[len] = lower;
        len += 1;
    }
    Some(len)
}

/// Could `word` (letters only) be written as one Vietnamese syllable? Stricter on vowels than [`parse`] (only
/// the clusters Vietnamese has), without allocating, and with "k" as a final, which Vietnamese spellings of
/// minority names use ("Đắk Lắk"). A capitalized word that cannot ("Budi", "Castro", "José", "Elbridge") is a
/// foreign word: the glossary matcher takes runs of them for foreign people's names. Some foreign words pass
/// ("Kim", "Son"), which only means they are not recognized as foreign.
pub fn could_be_syllable(word: &str) -> bool {
    let mut letters = [0u8; LONGEST];
    let Some(len) = folded(word, &mut letters) else { return false };
    let word = &letters[..len];
    if word.is_empty() {
        return false;
    }
    INITIALS.iter().map(|i| i.as_bytes()).chain([&b""[..]]).filter_map(|initial| word.strip_prefix(initial)).any(
        |rest| {
            let finals = FINALS.iter().map(|f| f.as_bytes()).chain([&b"k"[..], &b""[..]]);
            finals
                .filter_map(|last| rest.strip_suffix(last))
                .any(|nucleus| NUCLEI.iter().any(|n| n.as_bytes() == nucleus))
        },
    )
}

/// Words of `text` in Latin letters (byte ranges), and the runs of capitalized Vietnamese syllables among them
/// separated by single spaces (a run of one word too).
fn runs(text: &str) -> Vec<Vec<(usize, usize)>> {
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let latin = (c.is_alphabetic() && matches!(c as u32, 0..=0x024F | 0x1E00..=0x1EFF))
            || unicode_normalization::char::is_combining_mark(c);
        match (latin, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, text.len()));
    }
    let mut runs: Vec<Vec<(usize, usize)>> = Vec::new();
    for &(s, e) in &words {
        let name_like = text[s..].starts_with(char::is_uppercase) && parse(&text[s..e]).is_some();
        match runs.last_mut() {
            Some(run) if name_like && run.last().is_some_and(|&(_, end)| &text[end..s] == " ") => run.push((s, e)),
            _ if name_like => runs.push(vec![(s, e)]),
            _ => runs.push(Vec::new()),
        }
    }
    runs.retain(|run| !run.is_empty());
    runs
}

/// The runs of two or more capitalized Vietnamese syllables among the words of `text` in Latin letters (byte
/// ranges): the names a text in another script left in Latin letters.
pub fn name_runs(text: &str) -> Vec<Vec<(usize, usize)>> {
    let mut runs = runs(text);
    runs.retain(|run| run.len() >= 2);
    runs
}

/// `text` with every run of capitalized Vietnamese syllables (one word or more) replaced by what `write` makes
/// of its words, the text before it and the text after it; a run `write` returns `None` for stays as it is.
pub fn rewrite_runs(text: &str, write: impl Fn(&[&str], &str, &str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for run in runs(text) {
        let (Some(&(start, _)), Some(&(_, end))) = (run.first(), run.last()) else { continue };
        let words: Vec<&str> = run.iter().map(|&(s, e)| &text[s..e]).collect();
        let Some(written) = write(&words, &text[..start], &text[end..]) else { continue };
        out.push_str(&text[last..start]);
        out.push_str(&written);
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

/// `text` with every name of [`name_runs`] rewritten syllable by syllable through `write`, a space between
/// syllables as before.
pub fn rewrite_names(text: &str, write: impl Fn(&Parts) -> Option<String>) -> String {
    rewrite_names_joined(text, write, |_| false)
}

/// As [`rewrite_names`], but a name for which `joined` of the text before it says true is a place written as
/// one word, capitalized at its start only ("уезд Lạc Dương" → "уезд Лакзыонг").
pub fn rewrite_names_joined(
    text: &str,
    write: impl Fn(&Parts) -> Option<String>,
    joined: impl Fn(&str) -> bool,
) -> String {
    rewrite_runs(text, |words, before, _| {
        if words.len() < 2 {
            return None;
        }
        let written: Option<Vec<String>> = words.iter().map(|w| parse(w).and_then(|p| write(&p))).collect();
        let syllables = written?;
        let name =
            if joined(before) { super::capitalize(&syllables.concat().to_lowercase()) } else { syllables.join(" ") };
        // A name in capitals (a headline) stays in capitals.
        let capitals = words.iter().all(|w| !w.chars().any(char::is_lowercase));
        Some(if capitals { name.to_uppercase() } else { name })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_syllables_pass() {
        for word in [
            "Nguyễn",
            "nghiêng",
            "Khuyến",
            "quốc",
            "Trường",
            "giữa",
            "Gia",
            "Đắk",
            "Lắk",
            "Kạn",
            "oanh",
            "Huỳnh",
            "ngoẵng",
            "khuỷu",
            "Ri\u{323}a",
            "Chi\u{309}",
            "Thủy",
            "Thuỷ",
            "hươu",
            "xoong",
            "Yên",
            "ưu",
        ] {
            assert!(could_be_syllable(word), "{word}");
        }
    }

    #[test]
    fn foreign_words_do_not() {
        for word in [
            "Budi",
            "Karya",
            "Sumadi",
            "José",
            "Martí",
            "Fidel",
            "Castro",
            "Elbridge",
            "Colby",
            "Kate",
            "Brown",
            "Sergei",
            "Cheremin",
            "Widodo",
            "Jinping",
            "Müller",
            "Thongloun",
            "Sisoulith",
            "Oregon",
            "ASEAN2",
        ] {
            assert!(!could_be_syllable(word), "{word}");
        }
    }
}
