//! Could a word be one Vietnamese syllable? Vietnamese writes one syllable per word: an optional onset from a
//! closed list, a vowel cluster from a closed list, an optional final from a short list, and tone marks from a
//! closed set. A capitalized word that cannot be one ("Budi", "Castro", "José", "Elbridge") is a foreign word,
//! which lets the matcher tell a foreign name written in Latin letters from a run of Vietnamese syllables.
//!
//! The check is lenient on purpose (it does not pair finals with vowels or tones with finals): it answers "could
//! be" for anything Vietnamese spelling allows, so a Vietnamese word is never called foreign; some foreign words
//! ("Kim", "Son", "Long") pass for Vietnamese, which only means they are not recognized as foreign.

use unicode_normalization::char::decompose_canonical;

/// Onsets, longer first so that "ngh" is tried before "ng" (every split is tried anyway).
const ONSETS: &[&str] = &[
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "g", "h", "k", "l", "m", "n",
    "p", "r", "s", "t", "v", "x", "",
];

/// "k" ends Vietnamese spellings of minority names ("Đắk Lắk").
const FINALS: &[&str] = &["ch", "ng", "nh", "c", "k", "m", "n", "p", "t", ""];

/// Vowel clusters with their marks taken off (ă, â → a; ê → e; ô, ơ → o; ư → u), with or without a final.
const NUCLEI: &[&str] = &[
    "a", "e", "i", "o", "u", "y", "ai", "ao", "au", "ay", "eo", "eu", "ia", "ie", "iu", "oa", "oe", "oi", "oo", "ua",
    "ue", "ui", "uo", "uu", "uy", "ya", "ye", "oai", "oao", "oay", "oeo", "uai", "uay", "uoi", "uou", "uya", "uye",
    "uyu", "ieu", "yeu", "uao",
];

/// The marks Vietnamese letters carry: the five tones and the breve, circumflex and horn.
fn is_vietnamese_mark(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}' | '\u{306}' | '\u{302}' | '\u{31B}')
}

/// The word's letters folded to lower-case ASCII without marks, or `None` when a letter or mark is not one
/// Vietnamese uses (f, j, w, z, ü, ç, ø …) or the word has something else than letters.
fn folded(word: &str) -> Option<String> {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        let mut base = None;
        let mut foreign_mark = false;
        decompose_canonical(c, |part| {
            if base.is_none() {
                base = Some(part);
            } else if !is_vietnamese_mark(part) {
                foreign_mark = true;
            }
        });
        let base = base?;
        if foreign_mark {
            return None;
        }
        let lower = match base {
            'Đ' | 'đ' => 'd',
            c if c.is_ascii_alphabetic() => c.to_ascii_lowercase(),
            _ => return None,
        };
        if matches!(lower, 'f' | 'j' | 'w' | 'z') {
            return None;
        }
        out.push(lower);
    }
    Some(out)
}

/// Could `word` (letters only) be written as one Vietnamese syllable?
pub fn could_be_vietnamese_syllable(word: &str) -> bool {
    let Some(word) = folded(word) else { return false };
    if word.is_empty() {
        return false;
    }
    ONSETS
        .iter()
        .filter_map(|onset| word.strip_prefix(onset))
        .any(|rest| FINALS.iter().filter_map(|fin| rest.strip_suffix(fin)).any(|nucleus| NUCLEI.contains(&nucleus)))
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
            "Thủy",
            "Thuỷ",
            "hươu",
            "xoong",
            "Yên",
            "ưu",
        ] {
            assert!(could_be_vietnamese_syllable(word), "{word}");
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
            assert!(!could_be_vietnamese_syllable(word), "{word}");
        }
    }
}
