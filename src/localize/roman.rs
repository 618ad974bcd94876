//! Roman numerals: "Đại hội XIII" is the 13th Congress. English copy writes congresses, plenums and terms
//! with Arabic ordinals ("the 13th National Party Congress").

use std::sync::LazyLock;

use regex::Regex;

use super::numbers::NumberValue;

/// "XIII" → 13. Only canonical numerals (no "IIII", no "VX"), from 1 to 3999.
pub fn roman_to_int(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    let value_of = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let values: Vec<u32> = text.chars().map(value_of).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|next| next > v) {
            total -= *v as i64;
        } else {
            total += *v as i64;
        }
    }
    let total = u32::try_from(total).ok().filter(|t| (1..4000).contains(t))?;
    (int_to_roman(total) == text).then_some(total)
}

/// 13 → "XIII".
pub fn int_to_roman(mut value: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (n, s) in TABLE {
        while value >= n {
            out.push_str(s);
            value -= n;
        }
    }
    out
}

/// 1 → "1st", 13 → "13th", 22 → "22nd".
pub fn ordinal_en(value: u32) -> String {
    let suffix = match (value % 10, value % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{value}{suffix}")
}

/// Vietnamese: a Roman numeral after the words that take one.
static VI_ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:đại hội|khóa|khoá|lần thứ|kỳ họp thứ|hội nghị trung ương|nhiệm kỳ)\s+(?:(?i:đại biểu)\s+)?(?P<n>[IVXLC]+)\b")
        .expect("roman pattern")
});

/// English: "XIII Party Congress", "the XIIIth National Congress", "Congress XIII", "Party Congress XIII".
static EN_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<n>[IVXLC]{2,}|V|X)(?:th)?\s+(?P<rest>(?:[A-Z][a-z]+\s+){0,3}(?:Congress|Plenum|Session|Conference|Assembly|Legislature)\b)")
        .expect("roman pattern")
});
static EN_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<rest>(?:[A-Z][a-z]+\s+){0,3}(?:Congress|Plenum|Session|Conference|Legislature))\s+(?P<n>[IVXLC]{2,}|V|X)\b")
        .expect("roman pattern")
});

/// Roman numerals that count something ("Đại hội XIII" → 13), for comparing numbers across languages.
pub fn find_roman_ordinals(text: &str) -> Vec<NumberValue> {
    let mut out = Vec::new();
    for regex in [&*VI_ORDINAL, &*EN_BEFORE, &*EN_AFTER] {
        for caps in regex.captures_iter(text) {
            let n = caps.name("n").expect("numeral");
            if let Some(value) = roman_to_int(n.as_str()) {
                if !out.iter().any(|v: &NumberValue| v.start == n.start()) {
                    out.push(NumberValue {
                        value: f64::from(value),
                        unit: None,
                        start: n.start(),
                        end: n.end(),
                        text: n.as_str().to_string(),
                    });
                }
            }
        }
    }
    out
}

/// English congresses, plenums and sessions with Arabic ordinals: "Party Congress XIII" and "the XIII Party
/// Congress" → "the 13th Party Congress" (the article stays as the text had it).
pub fn arabic_congress_numbers(text: &str) -> String {
    let once = EN_BEFORE.replace_all(text, |caps: &regex::Captures<'_>| match roman_to_int(&caps["n"]) {
        Some(n) => format!("{} {}", ordinal_en(n), &caps["rest"]),
        None => caps[0].to_string(),
    });
    EN_AFTER
        .replace_all(&once, |caps: &regex::Captures<'_>| match roman_to_int(&caps["n"]) {
            Some(n) => format!("{} {}", ordinal_en(n), &caps["rest"]),
            None => caps[0].to_string(),
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_round_trip() {
        assert_eq!(roman_to_int("XIII"), Some(13));
        assert_eq!(roman_to_int("XX"), Some(20));
        assert_eq!(roman_to_int("IIII"), None);
        assert_eq!(roman_to_int("ABC"), None);
        assert_eq!(int_to_roman(2024), "MMXXIV");
        assert_eq!([1, 2, 3, 11, 13, 22].map(ordinal_en), ["1st", "2nd", "3rd", "11th", "13th", "22nd"]);
    }

    #[test]
    fn congresses_get_arabic_ordinals() {
        assert_eq!(arabic_congress_numbers("the XIII National Party Congress"), "the 13th National Party Congress");
        assert_eq!(arabic_congress_numbers("the Party Congress XIII resolution"), "the 13th Party Congress resolution");
        assert_eq!(arabic_congress_numbers("World War II and Louis XIV"), "World War II and Louis XIV");
    }

    #[test]
    fn vietnamese_ordinals_count() {
        let found = find_roman_ordinals("Nghị quyết Đại hội lần thứ XIII của Đảng, Quốc hội khóa XV");
        let values: Vec<f64> = found.iter().map(|n| n.value).collect();
        assert_eq!(values, [13.0, 15.0]);
    }
}
