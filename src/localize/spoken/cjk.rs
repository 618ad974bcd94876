//! Chinese, Japanese and Korean (Sino-Korean) numbers in characters, counted in myriads (万, 億, 억).
//!
//! Chinese says a zero inside a number (一千零五, 一万零五百) and two as 两 before 千, 万 and 亿; its years are
//! read digit by digit (二〇二二年). Japanese says no zero and drops 一 before 十, 百 and a final 千
//! (二千二十二, but 一千万). Korean drops 일 before 십, 백, 천 and 만, and spaces every myriad
//! (백이십삼만 사천오백육십칠).

use std::sync::LazyLock;

use regex::Regex;

use super::{Amount, Voice};
use crate::localize::dates::{DateValue, PartialDate};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Chinese,
    Japanese,
    Korean,
}

impl Lang {
    fn digits(self) -> [&'static str; 10] {
        match self {
            Lang::Korean => ["영", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구"],
            _ => ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"],
        }
    }

    /// 十, 百, 千 (or 십, 백, 천).
    fn places(self) -> [&'static str; 3] {
        match self {
            Lang::Korean => ["십", "백", "천"],
            _ => ["十", "百", "千"],
        }
    }

    /// 万, 亿, 万亿 (Chinese); 万, 億, 兆 (Japanese); 만, 억, 조 (Korean).
    fn myriads(self) -> [&'static str; 4] {
        match self {
            Lang::Chinese => ["", "万", "亿", "万亿"],
            Lang::Japanese => ["", "万", "億", "兆"],
            Lang::Korean => ["", "만", "억", "조"],
        }
    }
}

/// A number below 10 000; `lowest` for the last myriad group, `leading` when nothing is said before it.
fn section(n: u64, lang: Lang, lowest: bool, leading: bool) -> String {
    let digits = lang.digits();
    let places = lang.places();
    let mut out = String::new();
    let mut zero_pending = false;
    for (place, size) in [(2usize, 1000u64), (1, 100), (0, 10)] {
        let d = (n / size) % 10;
        if d == 0 {
            zero_pending = !out.is_empty() || !leading;
            continue;
        }
        if zero_pending && lang == Lang::Chinese {
            out.push('零');
        }
        zero_pending = false;
        // Which "one"s are dropped: 十 always at the head in Chinese, 十百 in Japanese (and a final 千), 십백천 in
        // Korean.
        let one_dropped = d == 1
            && match lang {
                Lang::Chinese => place == 0 && out.is_empty() && leading,
                Lang::Japanese => place < 2 || lowest,
                Lang::Korean => true,
            };
        if d == 2 && place == 2 && lang == Lang::Chinese {
            out.push('两');
        } else if !one_dropped {
            out.push_str(digits[d as usize]);
        }
        out.push_str(places[place]);
    }
    let d = n % 10;
    if d != 0 {
        if zero_pending && lang == Lang::Chinese {
            out.push('零');
        }
        out.push_str(digits[d as usize]);
    }
    out
}

/// 1 250 000 → 一百二十五万 (Chinese, Japanese), 백이십오만 (Korean); `None` from 10¹⁶ on.
pub fn cardinal(n: u64, lang: Lang) -> Option<String> {
    if n == 0 {
        return Some(lang.digits()[0].replace('〇', "零"));
    }
    if n >= 10_000_000_000_000_000 {
        return None;
    }
    let mut groups = Vec::new();
    let mut rest = n;
    while rest > 0 {
        groups.push(rest % 10_000);
        rest /= 10_000;
    }
    let mut parts: Vec<String> = Vec::new();
    let mut skipped_zero = false;
    for (i, &g) in groups.iter().enumerate().rev() {
        if g == 0 {
            skipped_zero = !parts.is_empty();
            continue;
        }
        let leading = parts.is_empty();
        let mut part = String::new();
        // 一万零五百, 一亿零一: Chinese says the zero between myriads.
        if lang == Lang::Chinese && !leading && (skipped_zero || g < 1000) {
            part.push('零');
        }
        skipped_zero = false;
        let unit = lang.myriads()[i];
        match (lang, g, i) {
            (Lang::Korean, 1, 1) => {}
            (Lang::Chinese, 2, 1..) => part.push('两'),
            _ => part.push_str(&section(g, lang, i == 0, leading || part.ends_with('零'))),
        }
        part.push_str(unit);
        parts.push(part);
    }
    let joiner = if lang == Lang::Korean { " " } else { "" };
    Some(parts.join(joiner))
}

/// Digits one by one: 二〇二二 (a Chinese year), 点五 (decimals).
fn digit_by_digit(digits: &str, lang: Lang) -> String {
    digits.chars().filter_map(|c| c.to_digit(10)).map(|d| lang.digits()[d as usize]).collect()
}

fn amount(a: &Amount, lang: Lang) -> Option<String> {
    let mut out = cardinal(a.int, lang)?;
    if !a.frac.is_empty() {
        out.push_str(if lang == Lang::Korean { " 점 " } else { "点" });
        out.push_str(&digit_by_digit(&a.frac, lang));
    }
    Some(out)
}

fn year(y: i32, lang: Lang) -> String {
    let y = y.unsigned_abs();
    match lang {
        Lang::Chinese => digit_by_digit(&y.to_string(), lang),
        _ => cardinal(u64::from(y), lang).unwrap_or_default(),
    }
}

/// 8月 → 八月, 8월 → 팔월 (六月 and 十月 are 유월 and 시월 in Korean).
fn month(m: u32, lang: Lang) -> String {
    match (lang, m) {
        (Lang::Korean, 6) => "유월".to_string(),
        (Lang::Korean, 10) => "시월".to_string(),
        (Lang::Korean, _) => format!("{}월", cardinal(u64::from(m), lang).unwrap_or_default()),
        _ => format!("{}月", cardinal(u64::from(m), lang).unwrap_or_default()),
    }
}

fn day(d: u32, lang: Lang) -> String {
    let n = cardinal(u64::from(d), lang).unwrap_or_default();
    if lang == Lang::Korean {
        format!("{n} 일")
    } else {
        format!("{n}日")
    }
}

fn date(d: &PartialDate, lang: Lang) -> String {
    let space = if lang == Lang::Korean { " " } else { "" };
    let mut parts = Vec::new();
    if let Some(y) = d.year {
        parts.push(format!("{}{space}{}", year(y, lang), if lang == Lang::Korean { "년" } else { "年" }));
    }
    parts.push(month(d.month, lang));
    if let Some(n) = d.day {
        parts.push(day(n, lang));
    }
    parts.join(space)
}

pub struct Cjk(pub Lang);

impl Voice for Cjk {
    fn number(&self, a: &Amount, rest: &str) -> Option<String> {
        let lang = self.0;
        let spoken = amount(a, lang)?;
        let trimmed = rest.trim_start_matches([' ', '\u{A0}']);
        if trimmed == "%" {
            return Some(match lang {
                Lang::Chinese => format!("百分之{spoken}"),
                Lang::Japanese => format!("{spoken}パーセント"),
                Lang::Korean => format!("{spoken} 퍼센트"),
            });
        }
        // 25亿 and 2.5亿: the myriad written after the amount; Chinese says 两亿, 两万.
        let two = lang == Lang::Chinese && a.int == 2 && a.frac.is_empty() && rest.starts_with(['万', '亿']);
        Some(if two { format!("两{rest}") } else { format!("{spoken}{rest}") })
    }

    fn date(&self, value: &DateValue, _before: &str, _after: &str) -> (String, usize) {
        let lang = self.0;
        let mut words = date(&value.start_date, lang);
        if let Some(end) = value.end_date {
            let rest = if end.month == value.start_date.month && end.year == value.start_date.year {
                end.day.map(|d| day(d, lang)).unwrap_or_default()
            } else {
                date(&end, lang)
            };
            match lang {
                Lang::Chinese => words.push_str(&format!("至{rest}")),
                Lang::Japanese => words.push_str(&format!("から{rest}")),
                Lang::Korean => words.push_str(&format!("에서 {rest}")),
            }
        }
        (words, 0)
    }

    fn special(&self, text: &str) -> Vec<(usize, usize, String)> {
        match self.0 {
            // 2022年, 2021—2026年, 2021-2026年: Chinese reads years digit by digit.
            Lang::Chinese => CHINESE_YEARS
                .captures_iter(text)
                .filter_map(|c| {
                    let (y1, end) = (c.name("y1")?, c.get(0)?.end());
                    let first = digit_by_digit(y1.as_str(), Lang::Chinese);
                    let words = match c.name("y2") {
                        Some(y2) => format!("{first}至{}年", digit_by_digit(y2.as_str(), Lang::Chinese)),
                        None => format!("{first}年"),
                    };
                    Some((y1.start(), end, words))
                })
                .collect(),
            // 2022년 → 이천이십이 년: 년 is a unit noun, written apart from a number in letters.
            Lang::Korean => {
                let years = KOREAN_YEAR.captures_iter(text).filter_map(|c| {
                    let (y, end) = (c.name("y")?, c.get(0)?.end());
                    let n = cardinal(y.as_str().parse().ok()?, Lang::Korean)?;
                    Some((y.start(), end, format!("{n} 년")))
                });
                // A month alone ("10월"): 시월, not 십월.
                let months = KOREAN_MONTH.captures_iter(text).filter_map(|c| {
                    let (m, end) = (c.name("m")?, c.get(0)?.end());
                    let n: u32 = m.as_str().parse().ok()?;
                    (1..=12).contains(&n).then(|| (m.start(), end, month(n, Lang::Korean)))
                });
                years.chain(months).collect()
            }
            // Japanese years are cardinals (二千二十二年), which the plain numbers already give.
            Lang::Japanese => Vec::new(),
        }
    }

    fn range_word(&self) -> Option<&'static str> {
        Some(match self.0 {
            Lang::Chinese => "至",
            Lang::Japanese => "から",
            Lang::Korean => "에서 ",
        })
    }
}

static CHINESE_YEARS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^0-9A-Za-z/.,])(?P<y1>[12]\d{3})(?:\s?[—–-]\s?(?P<y2>[12]\d{3}))?\s?年").expect("years")
});
static KOREAN_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^0-9A-Za-z/.,])(?P<y>[12]\d{3})\s?년").expect("Korean year"));

static KOREAN_MONTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^0-9A-Za-z/.,~])(?P<m>\d{1,2})\s?월").expect("Korean month"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn myriads() {
        let cases: [(u64, &str, &str, &str); 12] = [
            (0, "零", "零", "영"),
            (1, "一", "一", "일"),
            (10, "十", "十", "십"),
            (12, "十二", "十二", "십이"),
            (21, "二十一", "二十一", "이십일"),
            (101, "一百零一", "百一", "백일"),
            (1005, "一千零五", "千五", "천오"),
            (2022, "两千零二十二", "二千二十二", "이천이십이"),
            (10_500, "一万零五百", "一万五百", "만 오백"),
            (1_000_000, "一百万", "百万", "백만"),
            (1_250_000, "一百二十五万", "百二十五万", "백이십오만"),
            (2_500_000_000, "二十五亿", "二十五億", "이십오억"),
        ];
        for (n, zh, ja, ko) in cases {
            assert_eq!(cardinal(n, Lang::Chinese).unwrap(), zh, "{n}");
            assert_eq!(cardinal(n, Lang::Japanese).unwrap(), ja, "{n}");
            assert_eq!(cardinal(n, Lang::Korean).unwrap(), ko, "{n}");
        }
        assert_eq!(cardinal(100_000_001, Lang::Chinese).unwrap(), "一亿零一");
        assert_eq!(cardinal(10_000_000, Lang::Japanese).unwrap(), "一千万");
        assert_eq!(cardinal(1_234_567, Lang::Korean).unwrap(), "백이십삼만 사천오백육십칠");
        assert_eq!(cardinal(3_000_000_000_000, Lang::Chinese).unwrap(), "三万亿");
        assert_eq!(cardinal(3_000_000_000_000, Lang::Japanese).unwrap(), "三兆");
        assert_eq!(cardinal(u64::MAX, Lang::Chinese), None);
    }
}
