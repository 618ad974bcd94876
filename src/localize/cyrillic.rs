//! Vietnamese names in Cyrillic, as Russian media write them: the Soviet practical transcription of 1973
//! (ЦНИИГАиК, after T. T. Mkhitaryan), syllable by syllable: "Nguyễn Phú Trọng" → "Нгуен Фу Чонг", "Phạm Minh
//! Chính" → "Фам Минь Тинь", "Lương Cường" → "Лыонг Кыонг". Tones are not written; vowel qualities are
//! (ư → ы, ơ → о). Names with a traditional Russian form (Хо Ши Мин, Ханой) belong in the term bases, which
//! come first; this is for every other name.

use super::syllable::{parse, rewrite_names_joined, Parts};

/// Initial consonants in Cyrillic, and whether they soften the vowel after them (ch → т + я/ю/ё, nh → н + …,
/// gi → з + …).
fn initial(latin: &str) -> (&'static str, bool) {
    match latin {
        "ngh" | "ng" => ("нг", false),
        "nh" => ("н", true),
        "ch" => ("т", true),
        "gi" => ("з", true),
        "gh" | "g" => ("г", false),
        "kh" => ("кх", false),
        "ph" => ("ф", false),
        "th" => ("тх", false),
        "tr" => ("ч", false),
        "qu" => ("ку", false),
        "b" => ("б", false),
        "c" | "k" => ("к", false),
        "d" | "r" => ("з", false),
        "đ" => ("д", false),
        "h" => ("х", false),
        "l" => ("л", false),
        "m" => ("м", false),
        "n" => ("н", false),
        "p" => ("п", false),
        "s" => ("ш", false),
        "t" => ("т", false),
        "v" => ("в", false),
        "x" => ("с", false),
        _ => ("", false),
    }
}

fn last(latin: &str) -> &'static str {
    match latin {
        "ng" => "нг",
        "nh" => "нь",
        "ch" => "ть",
        "c" => "к",
        "m" => "м",
        "n" => "н",
        "p" => "п",
        "t" => "т",
        _ => "",
    }
}

/// Vowel groups (tones removed).
fn nucleus(vowels: &str) -> Option<&'static str> {
    Some(match vowels {
        "uyê" => "уе",
        "ươi" => "ыой",
        "ươu" => "ыоу",
        "uôi" => "уой",
        "iêu" | "yêu" => "ьеу",
        "oai" | "oay" => "оай",
        "uây" => "уэй",
        "uya" => "уя",
        "ươ" => "ыо",
        "uô" | "uơ" => "уо",
        "iê" | "yê" => "ье",
        "uy" => "уи",
        "ưa" => "ыа",
        "ưi" => "ый",
        "ưu" => "ыу",
        "ua" | "uâ" | "uă" => "уа",
        "uê" => "уэ",
        "ui" => "уй",
        "oa" | "oă" => "оа",
        "oe" => "оэ",
        "oi" | "ôi" | "ơi" => "ой",
        "ai" | "ay" => "ай",
        "ây" => "эй",
        "au" | "âu" => "ау",
        "ao" => "ао",
        "eo" => "эо",
        "êu" => "еу",
        "iu" => "иу",
        "ia" => "иа",
        "a" | "ă" | "â" => "а",
        "e" | "ê" => "е",
        "o" | "ô" | "ơ" => "о",
        "i" | "y" => "и",
        "u" => "у",
        "ư" => "ы",
        _ => return None,
    })
}

/// One Vietnamese syllable in Cyrillic, capitalized like the original; `None` when it is not one.
pub fn syllable(word: &str) -> Option<String> {
    parse(word).and_then(|parts| write(&parts))
}

fn write(parts: &Parts) -> Option<String> {
    let (cyrillic, soft) = initial(parts.initial);
    let mut out = cyrillic.to_string();
    let nucleus = nucleus(&parts.vowels)?;
    let nucleus = if out.is_empty() {
        // A vowel starting a word: e/ê → э, iê/yê → йе ("Yên" → "Йен").
        if let Some(after) = nucleus.strip_prefix("ье") {
            format!("йе{after}")
        } else if let Some(after) = nucleus.strip_prefix('е') {
            format!("э{after}")
        } else {
            nucleus.to_string()
        }
    } else if soft {
        // After ch, nh, gi the vowel is soft: а → я, у → ю, о → ё.
        let mut chars = nucleus.chars();
        let first = match chars.next()? {
            'а' => 'я',
            'у' => 'ю',
            'о' => 'ё',
            other => other,
        };
        std::iter::once(first).chain(chars).collect()
    } else if out == "х" && (nucleus == "уэ" || nucleus == "уи") {
        // "Huế" → "Хюэ", "Huy" → "Хюи".
        nucleus.replacen('у', "ю", 1)
    } else {
        nucleus.to_string()
    };
    out.push_str(&nucleus);
    out.push_str(last(parts.last));
    if parts.capital {
        out = super::capitalize(&out);
    }
    Some(out)
}

/// Runs of two or more capitalized Vietnamese syllables in `text` (a Russian text where names were left in
/// Latin letters) written in Cyrillic; every other word stays as it is. A name after a word for a place
/// ("провинции", "уезд", "город" …) is a place and, as Russian writes Vietnamese place names, one word:
/// "в уездах Lạc Dương" → "в уездах Лакзыонг", while people keep a space between syllables ("Чан Дык Куан").
pub fn transcribe_names(text: &str) -> String {
    rewrite_names_joined(text, write, after_place_word)
}

/// Stems of the Russian words for a place that come before its name, in any case and number.
const PLACE_WORDS: [&str; 17] = [
    "провинци",
    "уезд",
    "город",
    "г.",
    "район",
    "общин",
    "коммун",
    "деревн",
    "посёлк",
    "поселк",
    "округ",
    "квартал",
    "остров",
    "залив",
    "аэропорт",
    "порт",
    "перевал",
];

/// True when the word before a name names a kind of place; in a list ("уездах Lạc Dương и Đam Rông", "провинций
/// Lâm Đồng, Bình Thuận") the names before it and "и" are passed over to the place word they share.
fn after_place_word(before: &str) -> bool {
    let earlier_name = |w: &&str| w.starts_with(|c: char| c.is_uppercase() && super::names::is_latin_letter(c));
    before
        .split_whitespace()
        .rev()
        .map(|w| w.trim_end_matches(','))
        .find(|w| *w != "и" && !w.is_empty() && !earlier_name(w))
        .is_some_and(|w| {
            let w = w.to_lowercase();
            PLACE_WORDS.iter().any(|stem| w.starts_with(stem))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_one_word_and_people_are_not() {
        // From the approved Russian memory of examples/multilingual.
        assert_eq!(
            transcribe_names("для меньшинств в уездах Lạc Dương и Đam Rông. Выступил Trần Đức Quận."),
            "для меньшинств в уездах Лакзыонг и Дамзонг. Выступил Чан Дык Куан."
        );
        assert_eq!(
            transcribe_names("провинций Lâm Đồng, Bình Thuận и Đồng Nai, город Đà Lạt"),
            "провинций Ламдонг, Биньтхуан и Донгнай, город Далат"
        );
        assert_eq!(transcribe_names("ПРОВИНЦИЯ LÂM ĐỒNG"), "ПРОВИНЦИЯ ЛАМДОНГ");
    }

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
