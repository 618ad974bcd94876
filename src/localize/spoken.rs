//! Text as a presenter reads it out (English): numbers, money, percentages, dates and document codes in
//! words. "On January 5, 2022, 97.5% of VND 2.5 billion under Directive 12-CT/TW" → "On January fifth,
//! twenty twenty-two, ninety-seven point five percent of two point five billion dong under Directive twelve
//! C-T T-W". Other languages are returned as they are (their spoken forms are not written yet).

use std::sync::LazyLock;

use regex::Regex;

use super::dates::{find_dates, DateValue, PartialDate, MONTHS_EN};
use super::numbers::{find_numbers, Unit};

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/// 1 250 000 → "one million two hundred fifty thousand".
pub fn integer_words(n: u64) -> String {
    if n < 20 {
        return ONES[n as usize].to_string();
    }
    if n < 100 {
        let tens = TENS[(n / 10) as usize];
        return if n.is_multiple_of(10) { tens.to_string() } else { format!("{tens}-{}", ONES[(n % 10) as usize]) };
    }
    if n < 1000 {
        let rest = n % 100;
        let head = format!("{} hundred", ONES[(n / 100) as usize]);
        return if rest == 0 { head } else { format!("{head} {}", integer_words(rest)) };
    }
    for (size, name) in
        [(1_000_000_000_000u64, "trillion"), (1_000_000_000, "billion"), (1_000_000, "million"), (1000, "thousand")]
    {
        if n >= size {
            let rest = n % size;
            let head = format!("{} {name}", integer_words(n / size));
            return if rest == 0 { head } else { format!("{head} {}", integer_words(rest)) };
        }
    }
    unreachable!("every n >= 1000 has a scale")
}

/// 2.5 → "two point five"; 1250000 → "one million two hundred fifty thousand".
pub fn number_words(value: f64) -> String {
    let text = format!("{}", (value * 1e6).round() / 1e6);
    let (int, frac) = text.split_once('.').unwrap_or((text.as_str(), ""));
    let int: u64 = int.trim_start_matches('-').parse().unwrap_or(0);
    let mut out = integer_words(int);
    if !frac.is_empty() {
        out.push_str(" point");
        for digit in frac.chars().filter_map(|c| c.to_digit(10)) {
            out.push(' ');
            out.push_str(ONES[digit as usize]);
        }
    }
    if value < 0.0 {
        out = format!("minus {out}");
    }
    out
}

/// 5 → "fifth", 21 → "twenty-first".
pub fn ordinal_words(n: u64) -> String {
    let cardinal = integer_words(n);
    let (head, last) = match cardinal.rfind(['-', ' ']) {
        Some(i) => cardinal.split_at(i + 1),
        None => ("", cardinal.as_str()),
    };
    let last = match last {
        "one" => "first".to_string(),
        "two" => "second".to_string(),
        "three" => "third".to_string(),
        "five" => "fifth".to_string(),
        "eight" => "eighth".to_string(),
        "nine" => "ninth".to_string(),
        "twelve" => "twelfth".to_string(),
        w if w.ends_with('y') => format!("{}ieth", &w[..w.len() - 1]),
        w => format!("{w}th"),
    };
    format!("{head}{last}")
}

/// 2022 → "twenty twenty-two", 2005 → "two thousand five", 1950 → "nineteen fifty".
pub fn year_words(year: i32) -> String {
    let y = year.unsigned_abs() as u64;
    if (2000..2010).contains(&y) || y % 1000 < 10 && y >= 1000 {
        return integer_words(y);
    }
    if (1000..10000).contains(&y) {
        let (hi, lo) = (y / 100, y % 100);
        return match lo {
            0 => format!("{} hundred", integer_words(hi)),
            1..=9 => format!("{} oh {}", integer_words(hi), integer_words(lo)),
            _ => format!("{} {}", integer_words(hi), integer_words(lo)),
        };
    }
    integer_words(y)
}

fn date_words(date: &PartialDate) -> String {
    let month = MONTHS_EN[date.month as usize - 1];
    let mut out = match date.day {
        Some(d) => format!("{month} {}", ordinal_words(u64::from(d))),
        None => month.to_string(),
    };
    if let Some(y) = date.year {
        if date.day.is_some() {
            out.push(',');
        }
        out.push(' ');
        out.push_str(&year_words(y));
    }
    out
}

fn date_value_words(value: &DateValue) -> String {
    let mut out = date_words(&value.start_date);
    if let Some(end) = &value.end_date {
        out = format!("{} to {}", date_words(&PartialDate { year: None, ..value.start_date }), date_words(end));
    }
    out
}

/// Document codes: "12-CT/TW" → "twelve C-T T-W"; "123/QD-UBND" → "one hundred twenty-three Q-D U-B-N-D".
static CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d+(?:[/-][A-ZĐ]{2,})+\b|\b[A-ZĐ]{2,}(?:[/-][A-ZĐ]{2,})+\b").expect("code"));

fn code_words(code: &str) -> String {
    code.split(['/', '-'])
        .map(|part| match part.parse::<u64>() {
            Ok(n) => integer_words(n),
            Err(_) => part.chars().map(String::from).collect::<Vec<_>>().join("-"),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` as it is read out, in `lang` (English only; other languages unchanged).
pub fn spoken(text: &str, lang: &str) -> String {
    if lang.split('-').next() != Some("en") {
        return text.to_string();
    }
    // Spans to replace, from dates, codes and numbers, without overlaps; dates first.
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    let free = |spans: &[(usize, usize, String)], s: usize, e: usize| spans.iter().all(|(a, b, _)| e <= *a || s >= *b);
    for date in find_dates(text, lang) {
        spans.push((date.start, date.end, date_value_words(&date)));
    }
    for code in CODE.find_iter(text) {
        if free(&spans, code.start(), code.end()) {
            spans.push((code.start(), code.end(), code_words(code.as_str())));
        }
    }
    for number in find_numbers(text, lang) {
        if !free(&spans, number.start, number.end) {
            continue;
        }
        let ordinal = super::numbers::has_ordinal_suffix(&text[number.end..]) && number.unit.is_none();
        let written = &text[number.start..number.end];
        let words = match &number.unit {
            Some(Unit::Percent) => format!("{} percent", number_words(number.value)),
            Some(Unit::Currency(code)) => {
                let name = if code == "VND" { "dong" } else { "US dollars" };
                let scale = ["trillion", "billion", "million", "thousand"].into_iter().find(|s| written.contains(s));
                match scale {
                    Some(scale) => {
                        let factor = match scale {
                            "trillion" => 1e12,
                            "billion" => 1e9,
                            "million" => 1e6,
                            _ => 1e3,
                        };
                        format!("{} {scale} {name}", number_words(number.value / factor))
                    }
                    None => format!("{} {name}", number_words(number.value)),
                }
            }
            None if ordinal && number.value.fract() == 0.0 => {
                let end = number.end + 2;
                spans.push((number.start, end, ordinal_words(number.value as u64)));
                continue;
            }
            // A bare four-digit number from 1900 to 2099 is a year in news copy ("In 2021").
            None if number.text.len() == 4
                && number.text.chars().all(|c| c.is_ascii_digit())
                && (1900.0..2100.0).contains(&number.value) =>
            {
                year_words(number.value as i32)
            }
            None if number.text.chars().all(|c| c.is_ascii_digit())
                || number.value.fract() != 0.0
                || number.text.contains(',') =>
            {
                number_words(number.value)
            }
            // A Roman numeral counted as a number ("Congress XIII") is read as an ordinal.
            None => format!("the {}", ordinal_words(number.value as u64)),
        };
        spans.push((number.start, number.end, words));
    }
    // "No. 12" is read "number twelve" (the written abbreviation would be read "no").
    for (at, _) in text.match_indices("No. ").chain(text.match_indices("no. ")) {
        let word_start = !text[..at].chars().next_back().is_some_and(char::is_alphanumeric);
        if word_start && text[at + 4..].starts_with(|c: char| c.is_ascii_digit()) && free(&spans, at, at + 3) {
            let word = if text[at..].starts_with('N') { "Number" } else { "number" };
            spans.push((at, at + 3, word.to_string()));
        }
    }
    spans.sort_by_key(|s| s.0);
    let mut out = String::with_capacity(text.len() * 2);
    let mut last = 0;
    for (start, end, words) in spans {
        out.push_str(&text[last..start]);
        out.push_str(&words);
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_for_numbers_years_ordinals() {
        assert_eq!(integer_words(1_250_000), "one million two hundred fifty thousand");
        assert_eq!(integer_words(97), "ninety-seven");
        assert_eq!(number_words(2.5), "two point five");
        assert_eq!(ordinal_words(21), "twenty-first");
        assert_eq!(ordinal_words(13), "thirteenth");
        assert_eq!(ordinal_words(20), "twentieth");
        assert_eq!(year_words(2022), "twenty twenty-two");
        assert_eq!(year_words(2005), "two thousand five");
        assert_eq!(year_words(1950), "nineteen fifty");
    }

    #[test]
    fn a_sentence_read_out() {
        assert_eq!(
            spoken("On January 5, 2022, 97.5% of VND 2.5 billion went to 7 projects under Directive 12-CT/TW.", "en"),
            "On January fifth, twenty twenty-two, ninety-seven point five percent of two point five billion dong \
             went to seven projects under Directive twelve C-T T-W."
        );
        assert_eq!(spoken("the 13th Party Congress", "en"), "the thirteenth Party Congress");
        assert_eq!(
            spoken("Directive No. 12-CT/TW and Decision no. 5", "en"),
            "Directive Number twelve C-T T-W and Decision number five"
        );
        assert_eq!(spoken("Say No. Then go.", "en"), "Say No. Then go.");
        assert_eq!(
            spoken("In 2021, on August 11-12, 2022", "en"),
            "In twenty twenty-one, on August eleventh to August twelfth, twenty twenty-two"
        );
        assert_eq!(spoken("5/1/2022", "fr"), "5/1/2022");
    }
}
