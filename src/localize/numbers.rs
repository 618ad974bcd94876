//! Numbers in Vietnamese and target-language text: reading them by value, writing them in a language's style.
//!
//! Vietnamese groups thousands with dots and marks decimals with a comma ("1.250.000", "97,5%"); English does
//! the opposite. An engine's English output may still hold the Vietnamese form, so reading a number in a
//! decimal-point language also accepts the Vietnamese forms when they cannot be English ("1.250.000" has two
//! dots; "97,5" has a comma not followed by three digits). A lone "1.500" in English text stays 1.5.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

/// What a number counts, when the text says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Percent,
    /// ISO 4217 code ("VND", "USD").
    Currency(String),
}

/// One number found in a text, by value: "2,5 tỷ đồng" is 2 500 000 000 VND.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NumberValue {
    pub value: f64,
    pub unit: Option<Unit>,
    /// Byte range in the text, scale word and unit included.
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// True for languages that write decimals with a comma (Vietnamese, French, German, …).
pub fn decimal_comma(lang: &str) -> bool {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang).to_ascii_lowercase();
    matches!(
        primary.as_str(),
        "vi" | "fr" | "de" | "es" | "it" | "pt" | "ru" | "id" | "nl" | "pl" | "tr" | "cs" | "da" | "sv" | "nb" | "uk"
    )
}

/// A Vietnamese number ("1.250.000", "97,5", "2,5 tỷ") → its value.
pub fn parse_vi_number(text: &str) -> Option<f64> {
    parse_number(text, "vi")
}

/// A number written in `lang`, optionally followed by a scale word ("2.5 billion", "2,5 tỷ") → its value.
pub fn parse_number(text: &str, lang: &str) -> Option<f64> {
    let text = text.trim();
    let digits_end = text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).unwrap_or(text.len());
    let value = digits_value(&text[..digits_end], lang)?;
    let rest = text[digits_end..].trim();
    if rest.is_empty() {
        return Some(value);
    }
    scale_of(rest).map(|scale| value * scale)
}

/// The value of a digit token such as "1.250.000" or "21,48" read in `lang`; `None` when it fits no form.
fn digits_value(token: &str, lang: &str) -> Option<f64> {
    if token.is_empty() || !token.starts_with(|c: char| c.is_ascii_digit()) || token.ends_with(['.', ',']) {
        return None;
    }
    let (group, decimal) = separators(token, lang)?;
    let (int_part, frac_part) = match decimal.and_then(|d| token.rfind(d)) {
        Some(at) => (&token[..at], Some(&token[at + 1..])),
        None => (token, None),
    };
    let int_digits: String = match group {
        Some(g) => {
            let groups: Vec<&str> = int_part.split(g).collect();
            let first_ok = (1..=3).contains(&groups[0].len());
            if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
                return None;
            }
            groups.concat()
        }
        None => int_part.to_string(),
    };
    if !int_digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut number = int_digits;
    if let Some(frac) = frac_part {
        if frac.is_empty() || !frac.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        number.push('.');
        number.push_str(frac);
    }
    number.parse().ok()
}

/// Which character groups thousands and which marks decimals in `token`.
fn separators(token: &str, lang: &str) -> Option<(Option<char>, Option<char>)> {
    let dots = token.matches('.').count();
    let commas = token.matches(',').count();
    let first_dot = token.find('.');
    let first_comma = token.find(',');
    let three_after = |sep: char| token.split(sep).skip(1).all(|g| g.len() == 3 || g.contains(['.', ',']));
    let vi = (Some('.'), Some(','));
    let en = (Some(','), Some('.'));
    Some(match (dots, commas) {
        (0, 0) => (None, None),
        // Both present: whichever comes last marks the decimals.
        (_, _) if dots > 0 && commas > 0 => {
            if first_dot < first_comma {
                if commas > 1 {
                    return None;
                }
                vi
            } else {
                if dots > 1 {
                    return None;
                }
                en
            }
        }
        (d, 0) if d > 1 => (Some('.'), None),
        (0, c) if c > 1 => (Some(','), None),
        // One separator: a group of three after it reads as thousands in the language's own style.
        (1, 0) => {
            if decimal_comma(lang) && three_after('.') {
                (Some('.'), None)
            } else {
                (None, Some('.'))
            }
        }
        (0, 1) => {
            if !decimal_comma(lang) && three_after(',') {
                (Some(','), None)
            } else {
                (None, Some(','))
            }
        }
        _ => return None,
    })
}

/// How many digits `token` has after its decimal mark, read as [`digits_value`] reads it.
fn decimal_places(token: &str, lang: &str) -> Option<usize> {
    let (_, decimal) = separators(token, lang)?;
    let at = token.rfind(decimal?)?;
    Some(token.len() - at - 1)
}

/// "tỷ" → 1e9, "million" → 1e6, …
fn scale_of(word: &str) -> Option<f64> {
    let word = word.to_lowercase();
    Some(match word.as_str() {
        "nghìn" | "ngàn" | "thousand" => 1e3,
        "triệu" | "million" => 1e6,
        "tỷ" | "tỉ" | "billion" => 1e9,
        "nghìn tỷ" | "ngàn tỷ" | "nghìn tỉ" | "trillion" => 1e12,
        _ => return None,
    })
}

fn scale_word_en(scale: f64) -> &'static str {
    match scale {
        s if s >= 1e12 => "trillion",
        s if s >= 1e9 => "billion",
        s if s >= 1e6 => "million",
        _ => "thousand",
    }
}

/// A number with its optional scale word, currency and percent sign. Groups: pre-currency, digits, scale,
/// post-currency, percent.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?:(?P<pre>VND|USD|US\$|\$)\ ?)?
        (?P<digits>\d+(?:[.,]\d+)*)
        (?:\ (?P<scale>nghìn\ tỷ|ngàn\ tỷ|nghìn\ tỉ|nghìn|ngàn|triệu|tỷ|tỉ|thousand|million|billion|trillion)\b)?
        (?:
            \ ?(?P<percent>%|phần\ trăm\b|percent\b|per\ cent\b)
          | \ (?P<post>đồng\b|VNĐ\b|VND\b|USD\b|dong\b|đô\ la\ Mỹ\b|đô\ la\b|US\ dollars\b|dollars\b)
        )?",
    )
    .expect("number pattern")
});

fn currency_code(word: &str) -> &'static str {
    match word {
        "đồng" | "VNĐ" | "VND" | "dong" => "VND",
        _ => "USD",
    }
}

/// One match of [`NUMBER`] that stands alone (not inside a word, a code like "12A" or a date "5/1/2022").
struct Found {
    start: usize,
    end: usize,
    digits: String,
    had_separator: bool,
    value: f64,
    scale: Option<f64>,
    unit: Option<Unit>,
}

fn scan(text: &str, lang: &str) -> Vec<Found> {
    let date_spans: Vec<(usize, usize)> =
        super::dates::find_dates(text, lang).iter().map(|d| (d.start, d.end)).collect();
    let mut out = Vec::new();
    for caps in NUMBER.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let digits = caps.name("digits").expect("digits");
        let before = text[..digits.start()].chars().next_back();
        let after = text[digits.end()..].chars().next();
        let glued = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '_');
        if (caps.name("pre").is_none() && glued(before)) || glued(after) {
            // "12A", "QĐ12", "100/2019": part of a code, not a quantity. "13th" still reads as 13.
            let ordinal = has_ordinal_suffix(&text[digits.end()..]);
            if !ordinal || glued(before) {
                continue;
            }
        }
        if date_spans.iter().any(|&(s, e)| digits.start() < e && digits.end() > s) {
            continue;
        }
        let Some(value) = digits_value(digits.as_str(), lang) else { continue };
        let scale = caps.name("scale").and_then(|s| scale_of(s.as_str()));
        let unit = if caps.name("percent").is_some() {
            Some(Unit::Percent)
        } else {
            caps.name("pre").or(caps.name("post")).map(|c| Unit::Currency(currency_code(c.as_str()).to_string()))
        };
        let (start, end) = if caps.name("pre").is_some() || unit.is_some() || scale.is_some() {
            (whole.start(), whole.end())
        } else {
            (digits.start(), digits.end())
        };
        out.push(Found {
            start,
            end,
            digits: digits.as_str().to_string(),
            had_separator: digits.as_str().contains(['.', ',']),
            value,
            scale,
            unit,
        });
    }
    out
}

/// True when `rest` starts with an English ordinal suffix ("13th", "1st").
pub(crate) fn has_ordinal_suffix(rest: &str) -> bool {
    ["st", "nd", "rd", "th"].iter().any(|s| rest.starts_with(s))
}

/// Every number in `text` (written in `lang`, Vietnamese forms accepted in any language), by value, in order.
/// Dates are left to [`super::dates::find_dates`]; digits that are part of a code ("QĐ12", "100/2019") are
/// skipped; Roman numerals after "Đại hội", "khóa", "lần thứ" (Vietnamese) count as numbers.
pub fn find_numbers(text: &str, lang: &str) -> Vec<NumberValue> {
    let mut out: Vec<NumberValue> = scan(text, lang)
        .into_iter()
        .map(|f| NumberValue {
            value: f.value * f.scale.unwrap_or(1.0),
            unit: f.unit,
            text: text[f.start..f.end].to_string(),
            start: f.start,
            end: f.end,
        })
        .collect();
    out.extend(super::roman::find_roman_ordinals(text));
    out.sort_by_key(|n| n.start);
    out
}

/// `value` written in `lang`'s style: "1,250,000" and "97.5" in English, "1.250.000" and "97,5" in Vietnamese.
pub fn format_number(value: f64, lang: &str) -> String {
    format_with_decimals(value, lang, None)
}

/// Like [`format_number`], with exactly `decimals` digits after the decimal mark when given ("2.0" stays
/// "2.0", not "2").
pub fn format_with_decimals(value: f64, lang: &str, decimals: Option<usize>) -> String {
    let plain = if let Some(places) = decimals {
        format!("{value:.places$}")
    } else if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        // Shortest text that reads back as the same f64, trimmed of float noise ("2.5", not "2.5000000001").
        let rounded = (value * 1e6).round() / 1e6;
        format!("{rounded}")
    };
    let (int_part, frac_part) = match plain.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (plain.as_str(), None),
    };
    let (group, decimal) = if decimal_comma(lang) {
        let primary = lang.split('-').next().unwrap_or(lang);
        (if primary == "fr" { '\u{202F}' } else { '.' }, ',')
    } else {
        (',', '.')
    };
    let (sign, digits) = int_part.strip_prefix('-').map_or(("", int_part), |d| ("-", d));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    let mut out = format!("{sign}{grouped}");
    if let Some(frac) = frac_part {
        out.push(decimal);
        out.push_str(frac);
    }
    out
}

/// Rewrites the numbers of `text` in `lang`'s style: separators ("1.250.000" → "1,250,000", "97,5%" → "97.5%"),
/// and in English amounts of money as "VND 2.5 billion". Numbers written without separators ("2022", "1500")
/// are left as they are, and so is anything that does not read as one number.
pub fn rewrite_numbers(text: &str, lang: &str) -> String {
    let english = lang.split('-').next() == Some("en");
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for found in scan(text, lang) {
        let currency = match &found.unit {
            Some(Unit::Currency(code)) => Some(code.as_str()),
            _ => None,
        };
        let decimals = decimal_places(&found.digits, lang);
        let number =
            if found.had_separator { format_with_decimals(found.value, lang, decimals) } else { found.digits.clone() };
        let replacement = if let (true, Some(code)) = (english, currency) {
            let scale = found.scale.map(|s| format!(" {}", scale_word_en(s))).unwrap_or_default();
            format!("{code} {number}{scale}")
        } else if english && found.unit == Some(Unit::Percent) {
            format!("{number}%")
        } else if let (true, Some(scale)) = (english, found.scale) {
            format!("{number} {}", scale_word_en(scale))
        } else if found.had_separator {
            // Keep whatever followed the digits (scale word, unit) as written.
            let original = &text[found.start..found.end];
            let at = original.find(&found.digits).unwrap_or(0);
            format!("{}{number}{}", &original[..at], &original[at + found.digits.len()..])
        } else {
            continue;
        };
        out.push_str(&text[last..found.start]);
        out.push_str(&replacement);
        last = found.end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_numbers_read_by_value() {
        assert_eq!(parse_vi_number("1.250.000"), Some(1_250_000.0));
        assert_eq!(parse_vi_number("700.000"), Some(700_000.0));
        assert_eq!(parse_vi_number("97,5"), Some(97.5));
        assert_eq!(parse_vi_number("21,48"), Some(21.48));
        assert_eq!(parse_vi_number("1.500"), Some(1500.0));
        assert_eq!(parse_vi_number("1.250,5"), Some(1250.5));
        assert_eq!(parse_vi_number("2,5 tỷ"), Some(2.5e9));
        assert_eq!(parse_vi_number("1.2.3"), None);
        assert_eq!(parse_vi_number("12,"), None);
    }

    #[test]
    fn english_numbers_accept_vietnamese_leftovers() {
        assert_eq!(parse_number("1,250,000", "en"), Some(1_250_000.0));
        assert_eq!(parse_number("1.250.000", "en"), Some(1_250_000.0));
        assert_eq!(parse_number("97,5", "en"), Some(97.5));
        assert_eq!(parse_number("1.500", "en"), Some(1.5));
        assert_eq!(parse_number("1,500", "en"), Some(1500.0));
        assert_eq!(parse_number("2.5 billion", "en"), Some(2.5e9));
    }

    #[test]
    fn formats_follow_the_language() {
        assert_eq!(format_number(1_250_000.0, "en"), "1,250,000");
        assert_eq!(format_number(97.5, "en"), "97.5");
        assert_eq!(format_number(1_250_000.0, "vi"), "1.250.000");
        assert_eq!(format_number(21.48, "de"), "21,48");
        assert_eq!(format_number(2.5, "en-GB"), "2.5");
    }

    #[test]
    fn rewriting_changes_only_what_reads_as_a_number() {
        assert_eq!(rewrite_numbers("It costs 1.250.000 in 2022.", "en"), "It costs 1,250,000 in 2022.");
        assert_eq!(rewrite_numbers("a rate of 97,5%", "en"), "a rate of 97.5%");
        assert_eq!(rewrite_numbers("projects worth 2,5 tỷ đồng", "en"), "projects worth VND 2.5 billion");
        assert_eq!(rewrite_numbers("worth 2.5 billion dong", "en"), "worth VND 2.5 billion");
        assert_eq!(
            rewrite_numbers("Directive 12-CT/TW and 0252.3822.123", "en"),
            "Directive 12-CT/TW and 0252.3822.123"
        );
        assert_eq!(rewrite_numbers("7 projects", "en"), "7 projects");
        assert_eq!(rewrite_numbers("version 2.0 and 21,50%", "en"), "version 2.0 and 21.50%");
    }

    #[test]
    fn found_numbers_carry_units_and_skip_dates() {
        let found = find_numbers("Ngày 5/1/2022, 97,5% dân số; 2,5 tỷ đồng; 7 dự án", "vi");
        let values: Vec<(f64, Option<Unit>)> = found.iter().map(|n| (n.value, n.unit.clone())).collect();
        assert_eq!(values, [(97.5, Some(Unit::Percent)), (2.5e9, Some(Unit::Currency("VND".into()))), (7.0, None),]);
        let en = find_numbers("VND 2.5 billion and 97.5% on January 5, 2022", "en");
        assert_eq!(en[0].value, 2.5e9);
        assert_eq!(en[1].value, 97.5);
        assert_eq!(en.len(), 2, "{en:?}");
    }
}
