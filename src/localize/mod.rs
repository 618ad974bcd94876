//! House style per target language and channel: dates, numbers, money, names with or without diacritics,
//! document codes, Roman numerals, datelines.
//!
//! Everything here works on text in any language, the target text included: an engine's English output may
//! still hold "5/1/2022" or "1.250.000", so channels apply [`localize`] to the translated blocks before writing.
//! The value readers ([`find_numbers`], [`find_dates`], [`parse_vi_number`], [`parse_vi_date`]) let checks
//! compare numbers and dates by value across languages.

pub mod cyrillic;
pub mod dates;
pub mod hangul;
pub mod katakana;
pub mod names;
pub mod numbers;
pub mod roman;
pub mod spoken;
pub mod syllable;

use serde::{Deserialize, Serialize};

pub use dates::{find_dates, format_date, parse_vi_date, DateStyle, DateValue, PartialDate, TimeOfDay};
pub use names::{ascii_codes, fold_diacritics, push_english_body, push_english_place, strip_diacritics};
pub use numbers::{find_numbers, format_number, parse_number, parse_vi_number, NumberValue, Unit};
pub use roman::{int_to_roman, ordinal_en, roman_to_int};

/// How one channel writes its target language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseStyle {
    /// BCP 47 tag of the channel's language.
    pub language: String,
    pub dates: DateStyle,
    /// Keep Vietnamese diacritics in names ("Tô Lâm", Vietnam News) or drop them ("To Lam", VNA English).
    pub diacritics: bool,
    /// Write congresses, plenums and sessions with Arabic ordinals ("13th Party Congress").
    pub arabic_ordinals: bool,
    /// Keep Vietnamese names in Latin letters in a language with its own script; otherwise names are written in
    /// that script where dich knows its rules (Russian: [`cyrillic`], Korean: [`hangul`], Japanese: [`katakana`]).
    #[serde(default)]
    pub latin_names: bool,
}

impl HouseStyle {
    /// The style most outlets of the language use: "January 5, 2022" in English, the day first elsewhere
    /// ("12 août 2022", "12 августа 2022 г."; Chinese, Japanese and Korean write 2022年8月12日 whatever the
    /// style), no diacritics, Arabic ordinals.
    pub fn for_language(language: &str) -> HouseStyle {
        let english = language.split('-').next() == Some("en");
        HouseStyle {
            language: language.to_string(),
            dates: if english { DateStyle::default() } else { DateStyle::DayMonthYear },
            diacritics: false,
            arabic_ordinals: true,
            latin_names: false,
        }
    }
}

/// `text` (in the channel's language) in the channel's house style: dates, numbers and money, Roman
/// ordinals, document codes, and diacritics.
pub fn localize(text: &str, style: &HouseStyle) -> String {
    let lang = style.language.as_str();
    let mut out = dates::rewrite_dates(text, lang, style.dates);
    out = numbers::rewrite_numbers(&out, lang);
    if style.arabic_ordinals && lang.split('-').next() == Some("en") {
        out = roman::arabic_congress_numbers(&out);
    }
    out = names::ascii_codes(&out);
    out = names_in_script(&out, style);
    if !style.diacritics {
        out = names::strip_diacritics(&out, lang);
    }
    out
}

/// The Vietnamese names of `text` in the channel's script where dich knows its rules (Russian: [`cyrillic`],
/// Korean: [`hangul`], Japanese: [`katakana`]), unless the channel keeps Latin letters.
fn names_in_script(text: &str, style: &HouseStyle) -> String {
    if style.latin_names {
        return text.to_string();
    }
    match style.language.split('-').next() {
        Some("ru") => cyrillic::transcribe_names(text),
        Some("ko") => hangul::transcribe_names(text),
        Some("ja") => katakana::transcribe_names(text),
        _ => text.to_string(),
    }
}

/// A name carried over from the source (a byline, a photo credit) as the channel writes it: in its script,
/// with or without diacritics ("Hoàng Yến" → "Hoang Yen", "Хоанг Иен", "호앙 옌").
pub fn name_in_style(name: &str, style: &HouseStyle) -> String {
    let name = names_in_script(name, style);
    if style.diacritics {
        name
    } else {
        names::fold_name(&name)
    }
}

/// `text` with its first letter in capitals ("пятое" → "Пятое").
pub(crate) fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A dateline: "PHAN THIET, August 12 —" (place in capitals, month and day in the channel's style, no year).
pub fn dateline(place: &str, date: Option<&PartialDate>, style: &HouseStyle) -> String {
    let place = if style.diacritics { place.to_string() } else { fold_diacritics(place) };
    let place = place.trim().to_uppercase();
    match date {
        Some(date) => {
            let day = PartialDate { year: None, ..*date };
            let when = match style.dates {
                // ISO has no year-less form worth printing in a dateline.
                DateStyle::Iso => format_date(date, &style.language, DateStyle::Iso),
                other => format_date(&day, &style.language, other),
            };
            format!("{place}, {when} —")
        }
        None => format!("{place} —"),
    }
}

/// A place written at the head of a paragraph as a dateline ("PHAN THIẾT - Sáng 12/8, …" or "(PHAN THIET) –"):
/// the place and the byte offset where the paragraph's own text starts.
pub fn leading_place(text: &str) -> Option<(String, usize)> {
    let trimmed = text.trim_start();
    let offset = text.len() - trimmed.len();
    // The first " - ", " – " or " — ": the place is before it, the paragraph after it.
    let (at, dash) = ['-', '–', '—'].iter().filter_map(|d| trimmed.find(&format!(" {d} ")).map(|i| (i, *d))).min()?;
    let (head, rest_at) = (&trimmed[..at], at + 2 + dash.len_utf8());
    let head = head.trim().trim_start_matches('(').trim_end_matches(')');
    let letters = head.chars().filter(|c| c.is_alphabetic()).count();
    let all_caps = head.chars().all(|c| c.is_uppercase() || c == ' ' || c == '.' || c == '\'' || is_mark(c));
    ((3..=40).contains(&letters) && all_caps).then(|| (head.to_string(), offset + rest_at))
}

fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_and_credits_take_the_channels_script() {
        // The byline and photo credit of examples/articles/lam-dong-doi-ngoai.vi.txt.
        let ru = HouseStyle::for_language("ru");
        assert_eq!(name_in_style("Hoàng Yến", &ru), "Хоанг Йен");
        assert_eq!(name_in_style("Minh Đạo", &ru), "Минь Дао");
        assert_eq!(name_in_style("Minh Đạo", &HouseStyle { latin_names: true, ..ru.clone() }), "Minh Dao");
        assert_eq!(name_in_style("Minh Đạo", &HouseStyle { diacritics: true, latin_names: true, ..ru }), "Minh Đạo");
        assert_eq!(name_in_style("Hoàng Yến", &HouseStyle::for_language("fr")), "Hoang Yen");
        assert_eq!(name_in_style("Hoàng Yến", &HouseStyle::for_language("zh")), "Hoang Yen");
    }

    #[test]
    fn english_house_style_end_to_end() {
        let style = HouseStyle::for_language("en");
        let text = "On 5/1/2022, Directive 12-CT/TW and Decision 123/QĐ-UBND: 1.250.000 people, 97,5%, \
                    2,5 tỷ đồng, the XIII Party Congress, in Phan Thiết.";
        assert_eq!(
            localize(text, &style),
            "On January 5, 2022, Directive 12-CT/TW and Decision 123/QD-UBND: 1,250,000 people, 97.5%, \
             VND 2.5 billion, the 13th Party Congress, in Phan Thiet."
        );
        let keep = HouseStyle { diacritics: true, dates: DateStyle::DayMonthYear, ..style };
        assert_eq!(localize("Ông Tô Lâm, 05/01/2022", &keep), "Ông Tô Lâm, 5 January 2022");
    }

    #[test]
    fn house_style_in_other_languages() {
        let text = "Ngày 12/8/2022, 2,5 tỷ đồng và 97,5%; từ 18-20/7/2023; tháng 7/2023; ngày 1/8/2022.";
        let expect = [
            ("fr", "Ngày 12 août 2022, 2,5 milliards de dongs và 97,5\u{202F}%; từ 18-20 juillet 2023; juillet 2023; ngày 1er août 2022."),
            ("ru", "Ngày 12 августа 2022\u{A0}г., 2,5 млрд донгов và 97,5\u{A0}%; từ 18–20 июля 2023\u{A0}г.; июль 2023\u{A0}г.; ngày 1 августа 2022\u{A0}г."),
            ("zh", "Ngày 2022年8月12日, 25亿越南盾 và 97.5%; từ 2023年7月18日至20日; 2023年7月; ngày 2022年8月1日."),
            ("ja", "Ngày 2022年8月12日, 25億ドン và 97.5%; từ 2023年7月18日至20日; 2023年7月; ngày 2022年8月1日."),
            ("ko", "Ngày 2022년 8월 12일, 25억 동 và 97.5%; từ 2023년 7월 18~20일; 2023년 7월; ngày 2022년 8월 1일."),
        ];
        for (lang, expected) in expect {
            let style = HouseStyle { diacritics: true, ..HouseStyle::for_language(lang) };
            assert_eq!(localize(text, &style), expected, "{lang}");
        }
    }

    #[test]
    fn russian_desks_get_names_in_cyrillic_unless_they_keep_latin() {
        let text = "Генеральный секретарь Tô Lâm и премьер-министр Phạm Minh Chính 12/8/2022 посетили Bình Thuận.";
        let style = HouseStyle::for_language("ru");
        assert_eq!(
            localize(text, &style),
            "Генеральный секретарь То Лам и премьер-министр Фам Минь Тинь 12 августа 2022\u{A0}г. посетили Бинь Тхуан."
        );
        let latin = HouseStyle { latin_names: true, ..style };
        assert_eq!(
            localize(text, &latin),
            "Генеральный секретарь To Lam и премьер-министр Pham Minh Chinh 12 августа 2022\u{A0}г. посетили Binh Thuan."
        );
    }

    #[test]
    fn japanese_desks_get_names_in_katakana_unless_they_keep_latin() {
        let text = "Tô Lâm書記長とPhạm Minh Chính首相はBình Thuận省とHà Nộiを訪れた。";
        let style = HouseStyle::for_language("ja");
        assert_eq!(
            localize(text, &style),
            "トー・ラム書記長とファム・ミン・チン首相はビントゥアン省とハノイを訪れた。"
        );
        let latin = HouseStyle { latin_names: true, ..style };
        assert_eq!(localize(text, &latin), "To Lam書記長とPham Minh Chinh首相はBinh Thuan省とHa Noiを訪れた。");
    }

    #[test]
    fn dates_of_every_language_read_back() {
        let cases = [
            ("zh", "2022年8月12日在河内举行", (2022, 8, 12)),
            ("ja", "2022年8月12日にハノイで", (2022, 8, 12)),
            ("ko", "2022년 8월 12일 하노이에서", (2022, 8, 12)),
            ("ru", "12 августа 2022 г. в Ханое", (2022, 8, 12)),
            ("fr", "le 1er août 2022 à Hanoï", (2022, 8, 1)),
            ("fr", "le 12 août 2022 à Hanoï", (2022, 8, 12)),
        ];
        for (lang, text, (y, m, d)) in cases {
            let found = find_dates(text, lang);
            assert_eq!(found.len(), 1, "{lang}: {text}: {found:?}");
            assert_eq!(found[0].start_date, PartialDate::full(y, m, d), "{lang}: {text}");
        }
    }

    #[test]
    fn datelines() {
        let style = HouseStyle::for_language("en");
        let date = PartialDate::full(2022, 8, 12);
        assert_eq!(dateline("Phan Thiết", Some(&date), &style), "PHAN THIET, August 12 —");
        let gb = HouseStyle { dates: DateStyle::DayMonthYear, ..style.clone() };
        assert_eq!(dateline("Phan Thiết", Some(&date), &gb), "PHAN THIET, 12 August —");
        assert_eq!(leading_place("PHAN THIẾT - Sáng 12/8, đoàn"), Some(("PHAN THIẾT".to_string(), 15)));
        assert_eq!(leading_place("Ông An - Phó Bí thư"), None);
    }
}
