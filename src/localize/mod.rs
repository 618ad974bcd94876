//! House style per target language and channel: dates, numbers, money, names with or without diacritics,
//! document codes, Roman numerals, datelines.
//!
//! Everything here works on text in any language, the target text included: an engine's English output may
//! still hold "5/1/2022" or "1.250.000", so channels apply [`localize`] to the translated blocks before writing.
//! The value readers ([`find_numbers`], [`find_dates`], [`parse_vi_number`], [`parse_vi_date`]) let checks
//! compare numbers and dates by value across languages.

pub mod dates;
pub mod names;
pub mod numbers;
pub mod roman;
pub mod spoken;

use serde::{Deserialize, Serialize};

pub use dates::{find_dates, format_date, parse_vi_date, DateStyle, DateValue, PartialDate, TimeOfDay};
pub use names::{ascii_codes, fold_diacritics, strip_diacritics};
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
}

impl HouseStyle {
    /// The style most English-language outlets use: "January 5, 2022", no diacritics, Arabic ordinals.
    pub fn for_language(language: &str) -> HouseStyle {
        HouseStyle {
            language: language.to_string(),
            dates: DateStyle::default(),
            diacritics: false,
            arabic_ordinals: true,
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
    if !style.diacritics {
        out = names::strip_diacritics(&out, lang);
    }
    out
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
