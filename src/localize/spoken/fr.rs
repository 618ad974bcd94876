//! French words for numbers (traditional spelling: hyphens below a hundred, "vingt et un", "quatre-vingts",
//! "deux cents" but "deux cent un", "mille" invariable, "millions" and "milliards" as nouns).

use super::{Amount, Voice};
use crate::localize::dates::{DateValue, PartialDate, MONTHS_FR};

const UNITS: [&str; 17] = [
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze", "treize",
    "quatorze", "quinze", "seize",
];
const TENS: [&str; 7] = ["", "dix", "vingt", "trente", "quarante", "cinquante", "soixante"];

/// `n` below 100; `last` when nothing follows that would drop the plural "s" of "quatre-vingts".
fn below_100(n: u64, last: bool) -> String {
    let (t, u) = (n / 10, n % 10);
    match n {
        0..=16 => UNITS[n as usize].to_string(),
        17..=19 => format!("dix-{}", UNITS[u as usize]),
        _ => match (t, u) {
            (2..=6, 0) => TENS[t as usize].to_string(),
            (2..=6, 1) => format!("{} et un", TENS[t as usize]),
            (2..=6, _) => format!("{}-{}", TENS[t as usize], UNITS[u as usize]),
            (7, 1) => "soixante et onze".to_string(),
            (7, _) => format!("soixante-{}", below_100(10 + u, true)),
            (8, 0) if last => "quatre-vingts".to_string(),
            (8, 0) => "quatre-vingt".to_string(),
            (8, _) => format!("quatre-vingt-{}", UNITS[u as usize]),
            _ => format!("quatre-vingt-{}", below_100(10 + u, true)),
        },
    }
}

fn below_1000(n: u64, last: bool) -> String {
    let (h, rest) = (n / 100, n % 100);
    let head = match h {
        0 => return below_100(rest, last),
        1 => "cent".to_string(),
        _ if rest == 0 && last => format!("{} cents", UNITS[h as usize]),
        _ => format!("{} cent", UNITS[h as usize]),
    };
    if rest == 0 {
        head
    } else {
        format!("{head} {}", below_100(rest, last))
    }
}

/// 1 250 000 → "un million deux cent cinquante mille".
pub fn cardinal(n: u64) -> String {
    if n == 0 {
        return UNITS[0].to_string();
    }
    let mut words = Vec::new();
    let mut rest = n;
    for (size, name) in [(1_000_000_000_000u64, "billion"), (1_000_000_000, "milliard"), (1_000_000, "million")] {
        let count = rest / size;
        rest %= size;
        match count {
            0 => {}
            1 => words.push(format!("un {name}")),
            // A noun follows: "quatre-vingts millions", "deux cents milliards".
            _ => words.push(format!("{} {name}s", cardinal_below_million(count, true))),
        }
    }
    if rest > 0 {
        words.push(cardinal_below_million(rest, true));
    }
    words.join(" ")
}

fn cardinal_below_million(n: u64, last: bool) -> String {
    let (thousands, rest) = (n / 1000, n % 1000);
    let mut words = Vec::new();
    match thousands {
        0 => {}
        1 => words.push("mille".to_string()),
        // "mille" is not a noun: "deux cent mille", "quatre-vingt mille".
        _ => words.push(format!("{} mille", below_1000(thousands, false))),
    }
    if rest > 0 {
        words.push(below_1000(rest, last));
    }
    words.join(" ")
}

/// 13 → "treizième", 21 → "vingt et unième", 1 → "premier" (or "première").
pub fn ordinal(n: u64, feminine: bool) -> String {
    if n == 1 {
        return if feminine { "première" } else { "premier" }.to_string();
    }
    let cardinal = cardinal(n);
    let stem = cardinal.strip_suffix("cents").map(|s| format!("{s}cent"));
    let stem = stem.or_else(|| cardinal.strip_suffix("vingts").map(|s| format!("{s}vingt"))).unwrap_or(cardinal);
    if let Some(head) = stem.strip_suffix("cinq") {
        format!("{head}cinquième")
    } else if let Some(head) = stem.strip_suffix("neuf") {
        format!("{head}neuvième")
    } else if let Some(head) = stem.strip_suffix('e') {
        format!("{head}ième")
    } else {
        format!("{stem}ième")
    }
}

/// 2,5 → "deux virgule cinq"; the decimals are read as a number after their leading zeros ("zéro cinq").
fn amount(a: &Amount) -> String {
    let mut out = cardinal(a.int);
    if !a.frac.is_empty() {
        out.push_str(" virgule");
        let digits = a.frac.trim_start_matches('0');
        for _ in 0..a.frac.len() - digits.len() {
            out.push_str(" zéro");
        }
        if let Ok(n) = digits.parse::<u64>() {
            out.push(' ');
            out.push_str(&cardinal(n));
        }
    }
    out
}

fn date(d: &PartialDate) -> String {
    let month = MONTHS_FR[d.month as usize - 1];
    let mut out = match d.day {
        Some(1) => format!("premier {month}"),
        Some(day) => format!("{} {month}", cardinal(u64::from(day))),
        None => month.to_string(),
    };
    if let Some(y) = d.year {
        out.push(' ');
        out.push_str(&cardinal(u64::from(y.unsigned_abs())));
    }
    out
}

pub struct French;

impl Voice for French {
    fn number(&self, a: &Amount, rest: &str) -> Option<String> {
        // Scale words and currencies are already words ("milliards de dongs"); only the sign is spoken.
        let rest = match rest.trim_start_matches([' ', '\u{A0}', '\u{202F}']) {
            "%" => " pour cent".to_string(),
            _ => rest.to_string(),
        };
        Some(format!("{}{rest}", amount(a)))
    }

    fn date(&self, value: &DateValue, before: &str, _after: &str) -> (String, usize) {
        let Some(end) = value.end_date else { return (date(&value.start_date), 0) };
        let (Some(d1), Some(d2)) = (value.start_date.day, end.day) else { return (date(&value.start_date), 0) };
        if value.start_date.month != end.month {
            return (format!("du {} au {}", date(&PartialDate { year: None, ..value.start_date }), date(&end)), 0);
        }
        let first = if d1 == 1 { "premier".to_string() } else { cardinal(u64::from(d1)) };
        let word = before.trim_end().rsplit(' ').next().unwrap_or("").to_lowercase();
        // "les 11-12 août" names two days; "du 18-20 juillet" and a bare range run from one day to the other.
        let words = match word.as_str() {
            "les" if d2 == d1 + 1 => format!("{first} et {}", date(&end)),
            "du" => format!("{first} au {}", date(&end)),
            _ => format!("du {first} au {}", date(&end)),
        };
        (words, 0)
    }

    fn special(&self, text: &str) -> Vec<(usize, usize, String)> {
        ORDINAL
            .captures_iter(text)
            .filter_map(|c| {
                let whole = c.get(0)?;
                let n: u64 = c["n"].parse().ok()?;
                let feminine = matches!(&c["suffix"], "re" | "ère");
                Some((whole.start(), whole.end(), ordinal(n, feminine)))
            })
            .collect()
    }

    fn range_word(&self) -> Option<&'static str> {
        Some(" à ")
    }
}

/// "13e", "1er", "1re", "2ème": ordinals as the French press abbreviates them.
static ORDINAL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\b(?P<n>\d{1,6})(?P<suffix>er|re|ère|ème|e|ᵉ)\b").expect("French ordinal")
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        let cases = [
            (0, "zéro"),
            (1, "un"),
            (17, "dix-sept"),
            (21, "vingt et un"),
            (71, "soixante et onze"),
            (80, "quatre-vingts"),
            (81, "quatre-vingt-un"),
            (97, "quatre-vingt-dix-sept"),
            (101, "cent un"),
            (200, "deux cents"),
            (201, "deux cent un"),
            (1000, "mille"),
            (2022, "deux mille vingt-deux"),
            (80_000, "quatre-vingt mille"),
            (200_000, "deux cent mille"),
            (1_000_000, "un million"),
            (1_250_000, "un million deux cent cinquante mille"),
            (80_000_000, "quatre-vingts millions"),
            (2_000_000_000_000, "deux billions"),
        ];
        for (n, words) in cases {
            assert_eq!(cardinal(n), words, "{n}");
        }
        assert_eq!(ordinal(13, false), "treizième");
        assert_eq!(ordinal(21, false), "vingt et unième");
        assert_eq!(ordinal(5, false), "cinquième");
        assert_eq!(ordinal(80, false), "quatre-vingtième");
        assert_eq!(ordinal(1, true), "première");
        assert_eq!(amount(&Amount { int: 2, frac: "05".into() }), "deux virgule zéro cinq");
    }
}
