//! Vietnamese names in Cyrillic, as Russian media write them: the Soviet practical transcription of 1973
//! (ЦНИИГАиК, after T. T. Mkhitaryan), syllable by syllable: "Nguyễn Phú Trọng" → "Нгуен Фу Чонг", "Phạm Minh
//! Chính" → "Фам Минь Тинь", "Lương Cường" → "Лыонг Кыонг". Tones are not written; vowel qualities are
//! (ư → ы, ơ → о). Names with a traditional Russian form (Хо Ши Мин, Ханой) belong in the term bases, which
//! come first; this is for every other name.

use unicode_normalization::UnicodeNormalization;

/// Initial consonants, longest first, with their Cyrillic and whether they soften the vowel after them
/// (ch → т + я/ю/ё, nh → н + я/ю/ё, gi → з + я/ю/ё).
const INITIALS: [(&str, &str, bool); 27] = [
    ("ngh", "нг", false),
    ("ng", "нг", false),
    ("nh", "н", true),
    ("ch", "т", true),
    ("gh", "г", false),
    ("gi", "з", true),
    ("kh", "кх", false),
    ("ph", "ф", false),
    ("th", "тх", false),
    ("tr", "ч", false),
    ("qu", "ку", false),
    ("b", "б", false),
    ("c", "к", false),
    ("d", "з", false),
    ("đ", "д", false),
    ("g", "г", false),
    ("h", "х", false),
    ("k", "к", false),
    ("l", "л", false),
    ("m", "м", false),
    ("n", "н", false),
    ("p", "п", false),
    ("r", "з", false),
    ("s", "ш", false),
    ("t", "т", false),
    ("v", "в", false),
    ("x", "с", false),
];

/// Final consonants, longest first.
const FINALS: [(&str, &str); 8] =
    [("ng", "нг"), ("nh", "нь"), ("ch", "ть"), ("c", "к"), ("m", "м"), ("n", "н"), ("p", "п"), ("t", "т")];

/// Vowel groups (tones removed), longest first.
const NUCLEI: [(&str, &str); 47] = [
    ("uyê", "уе"),
    ("ươi", "ыой"),
    ("ươu", "ыоу"),
    ("uôi", "уой"),
    ("iêu", "ьеу"),
    ("yêu", "ьеу"),
    ("oai", "оай"),
    ("oay", "оай"),
    ("uây", "уэй"),
    ("uya", "уя"),
    ("ươ", "ыо"),
    ("uô", "уо"),
    ("iê", "ье"),
    ("yê", "ье"),
    ("uy", "уи"),
    ("ưa", "ыа"),
    ("ưi", "ый"),
    ("ưu", "ыу"),
    ("ua", "уа"),
    ("uâ", "уа"),
    ("uă", "уа"),
    ("uê", "уэ"),
    ("ui", "уй"),
    ("uơ", "уо"),
    ("oa", "оа"),
    ("oă", "оа"),
    ("oe", "оэ"),
    ("oi", "ой"),
    ("ôi", "ой"),
    ("ơi", "ой"),
    ("ai", "ай"),
    ("ay", "ай"),
    ("ây", "эй"),
    ("au", "ау"),
    ("âu", "ау"),
    ("ao", "ао"),
    ("eo", "эо"),
    ("êu", "еу"),
    ("iu", "иу"),
    ("ia", "иа"),
    ("a", "а"),
    ("ă", "а"),
    ("â", "а"),
    ("e", "е"),
    ("ê", "е"),
    ("o", "о"),
    ("ô", "о"),
];

/// The vowels not in [`NUCLEI`]'s list above (kept apart to keep the table short).
fn single_vowel(c: char) -> Option<&'static str> {
    Some(match c {
        'ơ' => "о",
        'i' | 'y' => "и",
        'u' => "у",
        'ư' => "ы",
        _ => return None,
    })
}

/// `syllable` without its tone mark, lower case ("Trọng" → "trong", "Cường" → "cương").
fn toneless(syllable: &str) -> String {
    syllable
        .to_lowercase()
        .nfd()
        .filter(|c| !matches!(c, '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}'))
        .nfc()
        .collect()
}

/// One Vietnamese syllable in Cyrillic, capitalized like the original; `None` when it is not a Vietnamese
/// syllable (a foreign word stays as it is).
pub fn syllable(word: &str) -> Option<String> {
    let plain = toneless(word);
    let mut rest = plain.as_str();
    let mut out = String::new();
    let mut soft = false;
    let initial = INITIALS.iter().find(|(latin, _, _)| {
        // "gi" before a consonant is g + i ("gìn" → зин).
        rest.starts_with(latin) && !(*latin == "gi" && !rest[2..].starts_with(|c: char| "aăâeêoôơuưy".contains(c)))
    });
    if let Some((latin, cyrillic, softens)) = initial {
        out.push_str(cyrillic);
        soft = *softens;
        rest = &rest[latin.len()..];
    }
    let (vowels, final_part) = match FINALS.iter().find(|(latin, _)| rest.ends_with(latin) && rest.len() > latin.len())
    {
        Some((latin, cyrillic)) => (&rest[..rest.len() - latin.len()], Some(*cyrillic)),
        None => (rest, None),
    };
    if vowels.is_empty() || !vowels.chars().all(|c| "aăâeêioôơuưy".contains(c)) {
        return None;
    }
    let nucleus: String = match NUCLEI.iter().find(|(latin, _)| *latin == vowels) {
        Some((_, cyrillic)) => cyrillic.to_string(),
        None => {
            let mut chars = vowels.chars();
            let one = chars.next().and_then(single_vowel)?;
            if chars.next().is_some() {
                return None;
            }
            one.to_string()
        }
    };
    let nucleus = if out.is_empty() {
        // A vowel starting a word: e/ê → э, iê/yê → йе ("Yên" → "Йен").
        match nucleus.strip_prefix('е').or_else(|| nucleus.strip_prefix("ье")) {
            Some(after) if nucleus.starts_with('ь') => format!("йе{after}"),
            Some(after) => format!("э{after}"),
            None => nucleus,
        }
    } else if soft {
        // After ch, nh, gi the vowel is soft: а → я, у → ю, о → ё.
        let mut chars = nucleus.chars();
        let first = match chars.next() {
            Some('а') => 'я',
            Some('у') => 'ю',
            Some('о') => 'ё',
            Some(other) => other,
            None => return None,
        };
        std::iter::once(first).chain(chars).collect()
    } else if out == "х" && (nucleus == "уэ" || nucleus == "уи") {
        // "Huế" → "Хюэ", "Huy" → "Хюи".
        nucleus.replacen('у', "ю", 1)
    } else {
        nucleus
    };
    out.push_str(&nucleus);
    if let Some(final_part) = final_part {
        out.push_str(final_part);
    }
    if word.starts_with(char::is_uppercase) {
        let mut chars = out.chars();
        out = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
    }
    Some(out)
}

/// Runs of two or more capitalized Vietnamese syllables in `text` (a Russian text where names were left in
/// Latin letters) written in Cyrillic; every other word stays as it is.
pub fn transcribe_names(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let latin = c.is_alphabetic() && !('\u{0400}'..='\u{04FF}').contains(&c);
        match (latin || unicode_normalization::char::is_combining_mark(c), start) {
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
    // A name: consecutive capitalized syllables separated by single spaces.
    let mut runs: Vec<Vec<(usize, usize)>> = Vec::new();
    for &(s, e) in &words {
        let name_like = text[s..].starts_with(char::is_uppercase) && syllable(&text[s..e]).is_some();
        match runs.last_mut() {
            Some(run) if name_like && run.last().is_some_and(|&(_, end)| &text[end..s] == " ") => run.push((s, e)),
            _ if name_like => runs.push(vec![(s, e)]),
            _ => runs.push(Vec::new()),
        }
    }
    let mut last = 0;
    for run in runs.into_iter().filter(|r| r.len() >= 2) {
        for (s, e) in run {
            out.push_str(&text[last..s]);
            out.push_str(&syllable(&text[s..e]).expect("checked"));
            last = e;
        }
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_russian_media_write_them() {
        let names = [
            ("Nguyễn Phú Trọng", "Нгуен Фу Чонг"),
            ("Phạm Minh Chính", "Фам Минь Тинь"),
            ("Tô Lâm", "То Лам"),
            ("Lương Cường", "Лыонг Кыонг"),
            ("Trần Thanh Mẫn", "Чан Тхань Ман"),
            ("Võ Văn Thưởng", "Во Ван Тхыонг"),
            ("Nguyễn Xuân Phúc", "Нгуен Суан Фук"),
            ("Lê Duẩn", "Ле Зуан"),
            ("Phan Văn Khải", "Фан Ван Кхай"),
            ("Đỗ Mười", "До Мыой"),
            ("Nông Đức Mạnh", "Нонг Дык Мань"),
            ("Nguyễn Tấn Dũng", "Нгуен Тан Зунг"),
            ("Lê Thị Thu Hà", "Ле Тхи Тху Ха"),
            ("Bùi Thanh Sơn", "Буй Тхань Шон"),
        ];
        for (latin, cyrillic) in names {
            assert_eq!(transcribe_names(latin), cyrillic, "{latin}");
        }
        // Places from the rules' own examples, syllable by syllable.
        let places =
            [("Khánh Hòa", "Кхань Хоа"), ("Phú Yên", "Фу Йен"), ("Điện Biên", "Дьен Бьен"), ("Quảng Nam", "Куанг Нам")];
        for (latin, cyrillic) in places {
            assert_eq!(transcribe_names(latin), cyrillic, "{latin}");
        }
        assert_eq!(syllable("Huế").as_deref(), Some("Хюэ"));
        assert_eq!(syllable("Rạch").as_deref(), Some("Зать"));
        assert_eq!(syllable("Gia").as_deref(), Some("Зя"));
    }

    #[test]
    fn only_names_in_latin_letters_change() {
        assert_eq!(
            transcribe_names("Генеральный секретарь Tô Lâm встретился с делегацией UNESCO и Microsoft Office."),
            "Генеральный секретарь То Лам встретился с делегацией UNESCO и Microsoft Office."
        );
        // One capitalized word alone is not taken for a name; words that are no Vietnamese syllable stay.
        assert_eq!(transcribe_names("Lâm и Strong Wind"), "Lâm и Strong Wind");
        assert_eq!(transcribe_names("в 2022 Lê Văn и to Lê Văn Thành"), "в 2022 Ле Ван и to Ле Ван Тхань");
    }
}
