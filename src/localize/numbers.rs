//! Numbers in Vietnamese and target-language text: reading them by value, writing them in a language's style.
//!
//! Vietnamese groups thousands with dots and marks decimals with a comma ("1.250.000", "97,5%"); English does
//! the opposite. An engine's English output may still hold the Vietnamese form, so reading a number in a
//! decimal-point language also accepts the Vietnamese forms when they cannot be English ("1.250.000" has two
//! dots; "97,5" has a comma not followed by three digits). A lone "1.500" in English text stays 1.5.
//!
//! Other languages as their press writes them: Russian groups with a no-break space and French with a narrow
//! one ("1 250 000", "97,5 %"), both with a decimal comma and scale words ("2,5 млрд донгов", "2,5 milliards de
//! dongs"); Chinese, Japanese and Korean count large amounts in myriads ("25亿越南盾", "25億ドン", "25억 동",
//! "125万"). Reading accepts all of these, so QA compares "125万" or "1 250 000" with "1.250.000" by value.

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
pub(crate) fn digits_value(token: &str, lang: &str) -> Option<f64> {
    if let Some(vietnamese) = spaced_as_vietnamese(token) {
        return digits_value(&vietnamese?, "vi");
    }
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

/// Thousands grouped with spaces ("1 250 000,5", any space kind) in the Vietnamese form ("1.250.000,5");
/// `None` when there is no space in `token`, `Some(None)` when its groups are not thousands.
fn spaced_as_vietnamese(token: &str) -> Option<Option<String>> {
    let is_space = |c: char| matches!(c, ' ' | '\u{A0}' | '\u{202F}' | '\u{2009}');
    if !token.contains(is_space) {
        return None;
    }
    let (int_part, frac) = match token.split_once(',') {
        Some((int_part, frac)) => (int_part, Some(frac)),
        None => (token, None),
    };
    let groups: Vec<&str> = int_part.split(is_space).collect();
    let digits = |g: &str| g.chars().all(|c| c.is_ascii_digit());
    let valid = (1..=3).contains(&groups[0].len())
        && groups.iter().all(|g| digits(g))
        && groups[1..].iter().all(|g| g.len() == 3)
        && frac.is_none_or(|f| !f.is_empty() && digits(f));
    if !valid {
        return Some(None);
    }
    Some(Some(format!("{}{}", groups.join("."), frac.map(|f| format!(",{f}")).unwrap_or_default())))
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
    if let Some(vietnamese) = spaced_as_vietnamese(token) {
        return decimal_places(&vietnamese?, "vi");
    }
    let (_, decimal) = separators(token, lang)?;
    let at = token.rfind(decimal?)?;
    Some(token.len() - at - 1)
}

/// "tỷ" → 1e9, "million" → 1e6, "млрд" → 1e9, "万" → 1e4, …
fn scale_of(word: &str) -> Option<f64> {
    let word = word.to_lowercase();
    Some(match word.trim_end_matches('.') {
        "nghìn" | "ngàn" | "thousand" | "тыс" | "mille" | "千" | "천" => 1e3,
        "万" | "萬" | "만" => 1e4,
        "triệu" | "million" | "millions" | "млн" => 1e6,
        "亿" | "億" | "억" => 1e8,
        "tỷ" | "tỉ" | "billion" | "млрд" | "milliard" | "milliards" => 1e9,
        "nghìn tỷ" | "ngàn tỷ" | "nghìn tỉ" | "trillion" | "трлн" | "兆" | "조" => 1e12,
        _ => return None,
    })
}

/// A language's primary subtag, lower case ("zh-Hans" → "zh").
fn primary(lang: &str) -> String {
    lang.split(['-', '_']).next().unwrap_or(lang).to_ascii_lowercase()
}

/// Languages that count large amounts in myriads (万, 亿; 만, 억).
fn myriads(lang: &str) -> bool {
    matches!(primary(lang).as_str(), "zh" | "ja" | "ko")
}

/// Characters that group thousands in `lang` besides "." and ",": the no-break spaces everywhere, and a plain
/// space where the language groups with spaces (Russian, French).
fn space_groups(lang: &str) -> bool {
    matches!(primary(lang).as_str(), "ru" | "fr" | "uk" | "pl" | "cs" | "sv" | "nb")
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
static NUMBER: LazyLock<Regex> = LazyLock::new(|| number_pattern(false));
/// The same, where thousands may also be grouped with plain spaces ("1 250 000").
static NUMBER_SPACED: LazyLock<Regex> = LazyLock::new(|| number_pattern(true));

fn number_pattern(spaced: bool) -> Regex {
    // Thousands grouped by spaces come first: the regex prefers the first alternative that matches.
    let spaced_digits = if spaced { r"\d{1,3}(?:[\ \u{A0}\u{202F}\u{2009}]\d{3})+(?:,\d+)?|" } else { "" };
    Regex::new(&format!(
        r"(?x)
        (?:(?P<pre>VND|USD|US\$|\$)\ ?)?
        (?P<digits>{spaced_digits}\d+(?:[.,\u{{A0}}\u{{202F}}\u{{2009}}]\d+)*)
        (?:
            [\ \u{{A0}}]?(?P<cjk>[万萬亿億兆千만억조천])
          | [\ \u{{A0}}](?P<scale>(?:nghìn\ tỷ|ngàn\ tỷ|nghìn\ tỉ|nghìn|ngàn|triệu|tỷ|tỉ|thousand|million|billion|trillion
                |млн|млрд|трлн|milliards?|millions?|mille)\b|тыс\.)
        )?
        (?:
            [\ \u{{A0}}\u{{202F}}]?(?P<percent>%|phần\ trăm\b|percent\b|per\ cent\b)
          | [\ \u{{A0}}]?(?P<post_cjk>越南盾|美元|ドン|ドル)
          | [\ \u{{A0}}](?:de\ )?(?P<post>đồng\b|VNĐ\b|VND\b|USD\b|dongs?\b|đô\ la\ Mỹ\b|đô\ la\b|US\ dollars\b
                |dollars?\b|донг(?:ов|а)?\b|доллар(?:ов|а)?(?:\ США)?|동|달러)
        )?"
    ))
    .expect("number pattern")
}

fn currency_code(word: &str) -> &'static str {
    match word {
        "đồng" | "VNĐ" | "VND" | "dong" | "dongs" | "донг" | "донга" | "донгов" | "越南盾" | "ドン" | "동" => {
            "VND"
        }
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
    let pattern = if space_groups(lang) { &NUMBER_SPACED } else { &NUMBER };
    // Chinese and Japanese write no spaces between words (and Korean attaches particles): there only Latin
    // letters and digits glue a number into a code.
    let cjk = myriads(lang);
    for caps in pattern.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let digits = caps.name("digits").expect("digits");
        let before = text[..digits.start()].chars().next_back();
        // A myriad or a currency written right after the digits ("125万", "25億ドン") belongs to the number.
        let glued_end =
            if caps.name("cjk").is_some() || caps.name("post_cjk").is_some() { whole.end() } else { digits.end() };
        let after = text[glued_end..].chars().next();
        let glued = |c: Option<char>| {
            c.is_some_and(|c| if cjk { c.is_ascii_alphanumeric() } else { c.is_alphanumeric() } || c == '/' || c == '_')
        };
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
        let scale = caps.name("scale").or(caps.name("cjk")).and_then(|s| scale_of(s.as_str()));
        let unit = if caps.name("percent").is_some() {
            Some(Unit::Percent)
        } else {
            let currency = caps.name("pre").or(caps.name("post")).or(caps.name("post_cjk"));
            currency.map(|c| Unit::Currency(currency_code(c.as_str()).to_string()))
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
            had_separator: digits.as_str().contains(['.', ',', ' ', '\u{A0}', '\u{202F}', '\u{2009}']),
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
        // French groups with a narrow no-break space, Russian with a no-break space (both as their press does).
        let group = match primary(lang).as_str() {
            "fr" => '\u{202F}',
            "ru" | "uk" | "pl" | "cs" | "sv" | "nb" => '\u{A0}',
            _ => '.',
        };
        (group, ',')
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

/// Rewrites the numbers of `text` in `lang`'s style: separators ("1.250.000" → "1,250,000", "97,5%" → "97.5%",
/// "1 250 000" in Russian and French), and amounts with a scale or a currency as the language's press writes
/// them: "VND 2.5 billion", "2,5 milliards de dongs", "2,5 млрд донгов", "25亿越南盾", "25億ドン", "25억 동".
/// Numbers written without separators ("2022", "1500") are left as they are, and so is anything that does not
/// read as one number, and every amount in a language without rules here.
pub fn rewrite_numbers(text: &str, lang: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for found in scan(text, lang) {
        let Some(replacement) = rewritten(text, &found, lang) else { continue };
        out.push_str(&text[last..found.start]);
        out.push_str(&replacement);
        last = found.end;
    }
    out.push_str(&text[last..]);
    out
}

/// One found number in `lang`'s style; `None` to leave it as written.
fn rewritten(text: &str, found: &Found, lang: &str) -> Option<String> {
    let decimals = decimal_places(&found.digits, lang);
    let number =
        if found.had_separator { format_with_decimals(found.value, lang, decimals) } else { found.digits.clone() };
    let currency = match &found.unit {
        Some(Unit::Currency(code)) => Some(code.as_str()),
        _ => None,
    };
    let language = primary(lang);
    if found.unit == Some(Unit::Percent) {
        return Some(match language.as_str() {
            "fr" => format!("{number}\u{202F}%"),
            "ru" => format!("{number}\u{A0}%"),
            "en" | "zh" | "ja" | "ko" => format!("{number}%"),
            _ => return found.had_separator.then(|| keep_around(text, found, &number)),
        });
    }
    if currency.is_none() && found.scale.is_none() {
        return found.had_separator.then(|| keep_around(text, found, &number));
    }
    let total = found.value * found.scale.unwrap_or(1.0);
    Some(match language.as_str() {
        "en" => {
            let scale = found.scale.map(|s| format!(" {}", scale_word_en(s))).unwrap_or_default();
            match currency {
                Some(code) => format!("{code} {number}{scale}"),
                None => format!("{number}{scale}"),
            }
        }
        "fr" => {
            // A scale word only where the source had one: "1.250.000 đồng" stays a plain number.
            let scales: &[(f64, &str)] =
                if found.scale.is_some() { &[(1e9, "milliard"), (1e6, "million")] } else { &[] };
            let (amount, word) = in_scale(total, scales, "fr", decimals);
            let plural = |w: &str| if total / scale_value(w) >= 2.0 { format!("{w}s") } else { w.to_string() };
            let noun = currency.map(|c| if c == "VND" { "dongs" } else { "dollars" });
            match (word, noun) {
                (Some(w), Some(n)) => format!("{amount} {} de {n}", plural(w)),
                (Some(w), None) => format!("{amount} {}", plural(w)),
                (None, Some(n)) => format!("{amount} {n}"),
                (None, None) => amount,
            }
        }
        "ru" => {
            let scales = [(1e12, "трлн"), (1e9, "млрд"), (1e6, "млн"), (1e3, "тыс.")];
            let (amount, word) = in_scale(total, if found.scale.is_some() { &scales } else { &[] }, "ru", decimals);
            let noun = currency.map(|c| russian_currency(c, word.is_some(), total));
            match (word, noun) {
                (Some(w), Some(n)) => format!("{amount} {w} {n}"),
                (Some(w), None) => format!("{amount} {w}"),
                (None, Some(n)) => format!("{amount} {n}"),
                (None, None) => amount,
            }
        }
        "zh" | "ja" | "ko" => {
            let (ten_thousand, hundred_million) = match language.as_str() {
                "zh" => ("万", "亿"),
                "ja" => ("万", "億"),
                _ => ("만", "억"),
            };
            let (amount, word) = in_scale(total, &[(1e8, hundred_million), (1e4, ten_thousand)], "en", None);
            let noun = match (language.as_str(), currency) {
                (_, None) => "",
                ("zh", Some("VND")) => "越南盾",
                ("zh", _) => "美元",
                ("ja", Some("VND")) => "ドン",
                ("ja", _) => "ドル",
                (_, Some("VND")) => " 동",
                _ => " 달러",
            };
            format!("{amount}{}{noun}", word.unwrap_or(""))
        }
        _ => return found.had_separator.then(|| keep_around(text, found, &number)),
    })
}

/// The number rewritten inside what was written around it (a scale word, a unit kept as they were).
fn keep_around(text: &str, found: &Found, number: &str) -> String {
    let original = &text[found.start..found.end];
    let at = original.find(&found.digits).unwrap_or(0);
    format!("{}{number}{}", &original[..at], &original[at + found.digits.len()..])
}

/// `total` in the largest of `scales` it reaches: ("2,5", Some("milliard")); below them all, the whole number.
fn in_scale(
    total: f64,
    scales: &[(f64, &'static str)],
    lang: &str,
    decimals: Option<usize>,
) -> (String, Option<&'static str>) {
    for &(size, word) in scales {
        if total >= size {
            return (format_number(total / size, lang), Some(word));
        }
    }
    let decimals = decimals.filter(|_| total.fract() != 0.0);
    (format_with_decimals(total, lang, decimals), None)
}

fn scale_value(word: &str) -> f64 {
    scale_of(word).unwrap_or(1.0)
}

/// "донгов", "донга", "долларов" … as Russian agrees a currency with its number: the genitive plural after a
/// scale abbreviation ("2,5 млрд донгов") and after 5–20 and most numbers; "донг" after 1, 21, 31 …; "донга"
/// after 2–4, 22–24 … and after fractions.
fn russian_currency(code: &str, after_scale: bool, total: f64) -> String {
    let (one, few, many) = if code == "VND" {
        ("донг", "донга", "донгов")
    } else {
        ("доллар", "доллара", "долларов")
    };
    let usd = if code == "VND" { "" } else { " США" };
    let word = if after_scale {
        many
    } else if total.fract() != 0.0 {
        few
    } else {
        let n = total as u64;
        match (n % 10, n % 100) {
            (_, 11..=14) => many,
            (1, _) => one,
            (2..=4, _) => few,
            _ => many,
        }
    };
    format!("{word}{usd}")
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

#[cfg(test)]
mod other_languages {
    use super::*;

    #[test]
    fn amounts_in_each_language() {
        let text = "2,5 tỷ đồng, 1.250.000 đồng, 97,5%, 2,5 triệu người, 7 dự án";
        assert_eq!(
            rewrite_numbers(text, "fr"),
            "2,5 milliards de dongs, 1\u{202F}250\u{202F}000 dongs, 97,5\u{202F}%, 2,5 millions người, 7 dự án"
        );
        assert_eq!(
            rewrite_numbers(text, "ru"),
            "2,5 млрд донгов, 1\u{A0}250\u{A0}000 донгов, 97,5\u{A0}%, 2,5 млн người, 7 dự án"
        );
        assert_eq!(rewrite_numbers(text, "zh"), "25亿越南盾, 125万越南盾, 97.5%, 250万 người, 7 dự án");
        assert_eq!(rewrite_numbers(text, "ja"), "25億ドン, 125万ドン, 97.5%, 250万 người, 7 dự án");
        assert_eq!(rewrite_numbers(text, "ko"), "25억 동, 125만 동, 97.5%, 250만 người, 7 dự án");
        assert_eq!(
            rewrite_numbers("1 USD, 3 USD, 21 đồng, 1,5 đồng", "ru"),
            "1 доллар США, 3 доллара США, 21 донг, 1,5 донга"
        );
    }

    #[test]
    fn every_language_reads_back_by_value() {
        let cases: [(&str, &str, f64); 10] = [
            ("ru", "выросло до 1 250 000 человек", 1_250_000.0),
            ("ru", "1\u{A0}250\u{A0}000,5 тонны", 1_250_000.5),
            ("fr", "1\u{202F}250\u{202F}000 habitants", 1_250_000.0),
            ("fr", "2,5 milliards de dongs", 2.5e9),
            ("ru", "2,5 млрд донгов", 2.5e9),
            ("ru", "2 тыс. человек", 2000.0),
            ("zh", "共有125万人参加", 1_250_000.0),
            ("zh", "投资25亿越南盾", 2.5e9),
            ("ja", "25億ドンを投資", 2.5e9),
            ("ko", "25억 동을 투자", 2.5e9),
        ];
        for (lang, text, value) in cases {
            let found = find_numbers(text, lang);
            assert_eq!(found.len(), 1, "{lang}: {text}: {found:?}");
            assert_eq!(found[0].value, value, "{lang}: {text}");
        }
        // In English a plain space still separates two numbers.
        let en: Vec<f64> = find_numbers("in 2022 150 people", "en").iter().map(|n| n.value).collect();
        assert_eq!(en, [2022.0, 150.0]);
        let ru: Vec<f64> = find_numbers("в 2022 году 150 человек", "ru").iter().map(|n| n.value).collect();
        assert_eq!(ru, [2022.0, 150.0]);
        // Codes stay codes in Chinese too.
        assert!(find_numbers("第12A号", "zh").is_empty());
    }
}
