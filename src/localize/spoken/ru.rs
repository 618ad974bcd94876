//! Russian words for numbers: cardinals in the gender of what they count, the unit agreeing with the number
//! (один миллиард, два миллиарда, пять миллиардов; процент, процента, процентов), decimals as fractions
//! ("две целых пять десятых"), ordinals in the case a date needs (day: neuter nominative "двенадцатое"; year:
//! genitive "две тысячи двадцать второго года").

use std::sync::LazyLock;

use regex::Regex;

use super::{Amount, Voice};
use crate::localize::dates::{DateValue, PartialDate, MONTHS_RU_GENITIVE};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Masculine,
    Feminine,
}

const ONES: [&str; 20] = [
    "ноль",
    "один",
    "два",
    "три",
    "четыре",
    "пять",
    "шесть",
    "семь",
    "восемь",
    "девять",
    "десять",
    "одиннадцать",
    "двенадцать",
    "тринадцать",
    "четырнадцать",
    "пятнадцать",
    "шестнадцать",
    "семнадцать",
    "восемнадцать",
    "девятнадцать",
];
const TENS: [&str; 10] =
    ["", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят", "девяносто"];
const HUNDREDS: [&str; 10] =
    ["", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот", "восемьсот", "девятьсот"];
/// Scales with their forms after 1, after 2–4 and after 5–20 (and their gender).
const SCALES: [(u64, [&str; 3], Gender); 4] = [
    (1_000_000_000_000, ["триллион", "триллиона", "триллионов"], Gender::Masculine),
    (1_000_000_000, ["миллиард", "миллиарда", "миллиардов"], Gender::Masculine),
    (1_000_000, ["миллион", "миллиона", "миллионов"], Gender::Masculine),
    (1000, ["тысяча", "тысячи", "тысяч"], Gender::Feminine),
];

/// Which of the three forms a noun takes after `n`: 0 after 1, 21, 101…; 1 after 2–4, 22–24…; 2 otherwise.
pub fn plural(n: u64) -> usize {
    match (n % 10, n % 100) {
        (_, 11..=14) => 2,
        (1, _) => 0,
        (2..=4, _) => 1,
        _ => 2,
    }
}

fn below_1000(n: u64, gender: Gender) -> Vec<&'static str> {
    let mut words = Vec::new();
    if n >= 100 {
        words.push(HUNDREDS[(n / 100) as usize]);
    }
    let rest = n % 100;
    if rest >= 20 {
        words.push(TENS[(rest / 10) as usize]);
    }
    let last = if rest >= 20 { rest % 10 } else { rest };
    if last > 0 {
        words.push(match (last, gender) {
            (1, Gender::Feminine) => "одна",
            (2, Gender::Feminine) => "две",
            _ => ONES[last as usize],
        });
    }
    words
}

/// 1 250 000 → "один миллион двести пятьдесят тысяч"; `gender` is that of what is counted (одна тысяча).
pub fn cardinal(n: u64, gender: Gender) -> String {
    if n == 0 {
        return ONES[0].to_string();
    }
    let mut words: Vec<&str> = Vec::new();
    let mut rest = n;
    for (size, forms, scale_gender) in SCALES {
        let count = rest / size;
        rest %= size;
        if count == 0 {
            continue;
        }
        // A lone thousand, million… is said without "one" ("тысяча девятьсот пятидесятого").
        if count > 1 {
            words.extend(below_1000(count, scale_gender));
        }
        words.push(forms[plural(count)]);
    }
    words.extend(below_1000(rest, gender));
    words.join(" ")
}

/// The case (and gender) an ordinal is said in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// "тринадцатый съезд"
    Masculine,
    /// "тринадцатая сессия"
    Feminine,
    /// "двенадцатое августа"
    Neuter,
    /// "второго года", "двенадцатого"
    Genitive,
    /// "в две тысячи двадцать втором году"
    Prepositional,
}

/// Stems of the ordinal words and whether they take the stressed ending (второй, not вторый).
const ORDINAL_STEMS: [(u64, &str, bool); 37] = [
    (0, "нулев", true),
    (1, "перв", false),
    (2, "втор", true),
    (3, "трет", false),
    (4, "четвёрт", false),
    (5, "пят", false),
    (6, "шест", true),
    (7, "седьм", true),
    (8, "восьм", true),
    (9, "девят", false),
    (10, "десят", false),
    (11, "одиннадцат", false),
    (12, "двенадцат", false),
    (13, "тринадцат", false),
    (14, "четырнадцат", false),
    (15, "пятнадцат", false),
    (16, "шестнадцат", false),
    (17, "семнадцат", false),
    (18, "восемнадцат", false),
    (19, "девятнадцат", false),
    (20, "двадцат", false),
    (30, "тридцат", false),
    (40, "сороков", true),
    (50, "пятидесят", false),
    (60, "шестидесят", false),
    (70, "семидесят", false),
    (80, "восьмидесят", false),
    (90, "девяност", false),
    (100, "сот", false),
    (200, "двухсот", false),
    (300, "трёхсот", false),
    (400, "четырёхсот", false),
    (500, "пятисот", false),
    (600, "шестисот", false),
    (700, "семисот", false),
    (800, "восьмисот", false),
    (900, "девятисот", false),
];
/// "двух" in "двухтысячный": the thousands of a round ordinal, 1 to 9.
const THOUSANDS_PREFIX: [&str; 10] = ["", "", "двух", "трёх", "четырёх", "пяти", "шести", "семи", "восьми", "девяти"];

fn ending(stem: &str, stressed: bool, case: Case) -> String {
    // третий declines like a possessive: третье, третьего.
    let end = match (stem, case) {
        ("трет", Case::Masculine) => "ий",
        ("трет", Case::Feminine) => "ья",
        ("трет", Case::Neuter) => "ье",
        ("трет", Case::Genitive) => "ьего",
        ("трет", Case::Prepositional) => "ьем",
        (_, Case::Masculine) if stressed => "ой",
        (_, Case::Masculine) => "ый",
        (_, Case::Feminine) => "ая",
        (_, Case::Neuter) => "ое",
        (_, Case::Genitive) => "ого",
        (_, Case::Prepositional) => "ом",
    };
    format!("{stem}{end}")
}

/// 2022 → "две тысячи двадцать второго" (genitive); only the last word is an ordinal. `None` for round
/// numbers of ten thousand and more ("десятитысячный"), which news copy does not write with digits.
pub fn ordinal(n: u64, case: Case) -> Option<String> {
    let rest = n % 100;
    let last = if rest != 0 {
        if rest < 20 || rest.is_multiple_of(10) {
            rest
        } else {
            rest % 10
        }
    } else if !n.is_multiple_of(1000) {
        n % 1000
    } else if n == 0 {
        0
    } else {
        n % 1_000_000
    };
    let word = if last >= 1000 {
        let count = last / 1000;
        if count > 9 {
            return None;
        }
        ending(&format!("{}тысячн", THOUSANDS_PREFIX[count as usize]), false, case)
    } else {
        let &(_, stem, stressed) = ORDINAL_STEMS.iter().find(|(v, _, _)| *v == last)?;
        ending(stem, stressed, case)
    };
    let head = n - last;
    Some(if head == 0 { word } else { format!("{} {word}", cardinal(head, Gender::Masculine)) })
}

/// 2,5 → "две целых пять десятых"; the fraction agrees in the feminine (целая, десятая). More than three
/// decimals are read digit by digit after "запятая".
fn fraction(a: &Amount) -> String {
    let whole = cardinal(a.int, Gender::Feminine);
    let int_word = ["целая", "целых", "целых"][plural(a.int)];
    let Ok(numerator) = a.frac.parse::<u64>() else { return whole };
    let denominators: [[&str; 2]; 3] = [["десятая", "десятых"], ["сотая", "сотых"], ["тысячная", "тысячных"]];
    match denominators.get(a.frac.len().wrapping_sub(1)) {
        Some(forms) => {
            let denominator = if plural(numerator) == 0 { forms[0] } else { forms[1] };
            format!("{whole} {int_word} {} {denominator}", cardinal(numerator, Gender::Feminine))
        }
        None => {
            let digits: Vec<&str> = a.frac.chars().filter_map(|c| c.to_digit(10)).map(|d| ONES[d as usize]).collect();
            format!("{} запятая {}", cardinal(a.int, Gender::Masculine), digits.join(" "))
        }
    }
}

/// A scale abbreviation as the press writes it, with its spoken forms and gender.
fn scale(word: &str) -> Option<([&'static str; 3], Gender)> {
    let at = match word {
        "трлн" => 0,
        "млрд" => 1,
        "млн" => 2,
        "тыс." | "тыс" => 3,
        _ => return None,
    };
    Some((SCALES[at].1, SCALES[at].2))
}

/// The number said with what follows it: its gender and the form of the following noun it chooses.
fn counted(a: &Amount, gender: Gender, forms: [&str; 3]) -> String {
    if a.frac.is_empty() {
        format!("{} {}", cardinal(a.int, gender), forms[plural(a.int)])
    } else {
        // After a fraction the noun is in the genitive singular: "две целых пять десятых миллиарда".
        format!("{} {}", fraction(a), forms[1])
    }
}

fn day_month(day: u32, month: u32, case: Case) -> String {
    let day = ordinal(u64::from(day), case).unwrap_or_default();
    format!("{day} {}", MONTHS_RU_GENITIVE[month as usize - 1])
}

fn year_genitive(year: i32) -> String {
    ordinal(u64::from(year.unsigned_abs()), Case::Genitive).unwrap_or_else(|| year.to_string())
}

/// What a date written with a year leaves after it: " г." (with its full stop when it also ends the sentence),
/// " года"; the bytes to take into the date and whether the sentence's full stop must be put back.
fn year_word(after: &str) -> (usize, bool) {
    for word in ["\u{A0}г.", " г.", "\u{A0}года", " года"] {
        if let Some(rest) = after.strip_prefix(word) {
            let ends_sentence = word.ends_with('.') && sentence_ended(rest);
            return (word.len(), ends_sentence);
        }
    }
    (0, false)
}

/// True when the abbreviation's full stop was also the end of its sentence (rewrite_dates writes one stop).
fn sentence_ended(rest: &str) -> bool {
    let trimmed = rest.trim_start();
    trimmed.is_empty() || (rest.len() != trimmed.len() && trimmed.starts_with(|c: char| c.is_uppercase()))
}

pub struct Russian;

impl Voice for Russian {
    fn number(&self, a: &Amount, rest: &str) -> Option<String> {
        let trimmed = rest.trim_start_matches([' ', '\u{A0}']);
        if trimmed == "%" {
            return Some(counted(a, Gender::Masculine, ["процент", "процента", "процентов"]));
        }
        let (word, currency) = trimmed.split_once(' ').unwrap_or((trimmed, ""));
        if let Some((forms, gender)) = scale(word) {
            let currency = if currency.is_empty() { String::new() } else { format!(" {currency}") };
            return Some(format!("{}{currency}", counted(a, gender, forms)));
        }
        // A currency after a plain number already agrees with it in house style ("21 донг", "1,5 донга").
        let number = if a.frac.is_empty() { cardinal(a.int, Gender::Masculine) } else { fraction(a) };
        Some(format!("{number}{rest}"))
    }

    fn date(&self, value: &DateValue, before: &str, after: &str) -> (String, usize) {
        let start = value.start_date;
        let end = value.end_date;
        // "от 5 января": the day after a preposition that governs the genitive is "пятого", else "пятое".
        let previous = before.trim_end().rsplit([' ', '\u{A0}']).next().unwrap_or_default().to_lowercase();
        let day_case = if GENITIVE_PREPOSITIONS.contains(&previous.as_str()) { Case::Genitive } else { Case::Neuter };
        let mut words = match (start.day, end) {
            (Some(d1), Some(PartialDate { day: Some(d2), month, .. })) if month == start.month => {
                let first = ordinal(u64::from(d1), Case::Genitive).unwrap_or_default();
                format!("с {first} по {}", day_month(d2, month, Case::Neuter))
            }
            (Some(d1), Some(PartialDate { day: Some(d2), month, .. })) => {
                format!("с {} по {}", day_month(d1, start.month, Case::Genitive), day_month(d2, month, Case::Neuter))
            }
            (Some(d), _) => day_month(d, start.month, day_case),
            (None, _) => crate::localize::dates::MONTHS_RU[start.month as usize - 1].to_string(),
        };
        let year = end.and_then(|e| e.year).or(start.year);
        let (taken, stop) = year_word(after);
        // A date that opens its sentence ("17 марта 2022 г. Постоянный комитет провёл …") cannot end it.
        let opens_sentence = before.trim_end().is_empty() || before.trim_end().ends_with(['.', '!', '?', '\n']);
        let stop = stop && !opens_sentence;
        if let Some(y) = year {
            words.push_str(&format!(" {} года", year_genitive(y)));
        }
        if stop {
            words.push('.');
        }
        (words, if year.is_some() { taken } else { 0 })
    }

    fn special(&self, text: &str) -> Vec<(usize, usize, String)> {
        let mut out = Vec::new();
        for c in YEAR.captures_iter(text) {
            let (Some(whole), Ok(year)) = (c.get(0), c["y"].parse::<u64>()) else { continue };
            let after_in = text[..whole.start()].to_lowercase().ends_with("в ");
            let word = c["word"].to_string();
            let (case, noun) = match word.as_str() {
                "г." if after_in => (Case::Prepositional, "году"),
                "г." => (Case::Genitive, "года"),
                "году" => (Case::Prepositional, "году"),
                "год" => (Case::Masculine, "год"),
                _ => (Case::Genitive, "года"),
            };
            let Some(ordinal) = ordinal(year, case) else { continue };
            let stop = if word == "г." && sentence_ended(&text[whole.end()..]) { "." } else { "" };
            out.push((whole.start(), whole.end(), format!("{ordinal} {noun}{stop}")));
        }
        for c in ORDINAL.captures_iter(text) {
            let (Some(whole), Ok(n)) = (c.get(0), c["n"].parse::<u64>()) else { continue };
            let case = match &c["ending"] {
                "я" | "ая" => Case::Feminine,
                "е" | "ое" => Case::Neuter,
                "го" | "ого" => Case::Genitive,
                "м" | "ом" => Case::Prepositional,
                _ => Case::Masculine,
            };
            if let Some(words) = ordinal(n, case) {
                out.push((whole.start(), whole.end(), words));
            }
        }
        out
    }

    fn range_word(&self) -> Option<&'static str> {
        None
    }
}

/// Prepositions after which a date's day is in the genitive ("от пятого января").
const GENITIVE_PREPOSITIONS: [&str; 9] = ["от", "до", "с", "со", "после", "около", "для", "из", "накануне"];

/// A year with its noun: "2022 г.", "2023 года", "в 2021 году", "2022 год".
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?P<y>\d{4})[\u{A0} ](?P<word>г\.|года\b|году\b|год\b)").expect("Russian year"));
/// "13-й", "13-я", "13-е", "13-го", "13-м": ordinals with their case ending.
static ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<n>\d{1,6})-(?P<ending>й|ый|ой|я|ая|е|ое|го|ого|м|ом)\b").expect("Russian ordinal")
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_agree() {
        let cases = [
            (0, "ноль"),
            (1, "один"),
            (21, "двадцать один"),
            (101, "сто один"),
            (1000, "тысяча"),
            (2000, "две тысячи"),
            (21_000, "двадцать одна тысяча"),
            (1_000_000, "миллион"),
            (1_250_000, "миллион двести пятьдесят тысяч"),
            (5_000_000_000, "пять миллиардов"),
            (3_000_000_000_000, "три триллиона"),
        ];
        for (n, words) in cases {
            assert_eq!(cardinal(n, Gender::Masculine), words, "{n}");
        }
        assert_eq!(cardinal(2, Gender::Feminine), "две");
        assert_eq!(ordinal(12, Case::Neuter).unwrap(), "двенадцатое");
        assert_eq!(ordinal(2022, Case::Genitive).unwrap(), "две тысячи двадцать второго");
        assert_eq!(ordinal(2000, Case::Genitive).unwrap(), "двухтысячного");
        assert_eq!(ordinal(1950, Case::Genitive).unwrap(), "тысяча девятьсот пятидесятого");
        assert_eq!(ordinal(1900, Case::Genitive).unwrap(), "тысяча девятисотого");
        assert_eq!(ordinal(3, Case::Neuter).unwrap(), "третье");
        assert_eq!(ordinal(23, Case::Genitive).unwrap(), "двадцать третьего");
        assert_eq!(ordinal(13, Case::Masculine).unwrap(), "тринадцатый");
        assert_eq!(ordinal(40, Case::Masculine).unwrap(), "сороковой");
        assert_eq!(ordinal(20_000, Case::Masculine), None);
        assert_eq!(fraction(&Amount { int: 2, frac: "5".into() }), "две целых пять десятых");
        assert_eq!(fraction(&Amount { int: 1, frac: "21".into() }), "одна целая двадцать одна сотая");
    }
}
