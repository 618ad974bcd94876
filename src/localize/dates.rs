//! Dates in Vietnamese and target-language text: reading every Vietnamese form by value, writing a channel's
//! house style.
//!
//! Vietnamese dates are day first: "5/1/2022" is 5 January 2022, never May 1. Forms read: "5/1/2022",
//! "05/01/2022", "19-9-2019", "5.1.2022", day ranges "18-20/7/2023", spans "30/7 - 2/8/2023" and
//! "17/11/1950 – 17/11/2021", "ngày 5 tháng 1 năm 2022", "tháng 7/2023", and dates without a year after a cue
//! word ("ngày 8-9", "Sáng 21-1", English "on 21-1"), with the time-of-day word kept. In target text the same
//! numeric forms are read day first (the source was Vietnamese), and English "January 5, 2022", "5 January
//! 2022" and ISO "2022-01-05" are read too.

use std::sync::LazyLock;

use regex::{Captures, Regex};
use serde::{Deserialize, Serialize};

/// A calendar date that may lack its year ("ngày 8-9") or its day ("tháng 7/2023").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PartialDate {
    pub year: Option<i32>,
    pub month: u32,
    pub day: Option<u32>,
}

impl PartialDate {
    pub fn full(year: i32, month: u32, day: u32) -> PartialDate {
        PartialDate { year: Some(year), month, day: Some(day) }
    }

    /// `chrono` date when year and day are known.
    pub fn to_naive(self) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::from_ymd_opt(self.year?, self.month, self.day?)
    }
}

/// Morning, noon, afternoon, evening, night: Vietnamese "Sáng", "Trưa", "Chiều", "Tối", "Đêm".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeOfDay {
    Morning,
    Noon,
    Afternoon,
    Evening,
    Night,
}

impl TimeOfDay {
    fn from_vi(word: &str) -> Option<TimeOfDay> {
        Some(match word.to_lowercase().as_str() {
            "sáng" | "rạng sáng" => TimeOfDay::Morning,
            "trưa" => TimeOfDay::Noon,
            "chiều" => TimeOfDay::Afternoon,
            "tối" => TimeOfDay::Evening,
            "đêm" | "khuya" => TimeOfDay::Night,
            _ => return None,
        })
    }

    fn en(self) -> &'static str {
        match self {
            TimeOfDay::Morning => "morning",
            TimeOfDay::Noon => "noon",
            TimeOfDay::Afternoon => "afternoon",
            TimeOfDay::Evening => "evening",
            TimeOfDay::Night => "night",
        }
    }
}

/// One date or date range found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateValue {
    pub start_date: PartialDate,
    /// Last day of a range ("18-20/7/2023" ends on 20 July 2023).
    pub end_date: Option<PartialDate>,
    pub time_of_day: Option<TimeOfDay>,
    /// Byte range in the text (a time-of-day word included).
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// How a channel writes dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum DateStyle {
    /// "January 5, 2022" (AP, most English-language outlets).
    #[default]
    #[serde(rename = "month-day-year")]
    MonthDayYear,
    /// "5 January 2022".
    #[serde(rename = "day-month-year")]
    DayMonthYear,
    /// "2022-01-05".
    #[serde(rename = "iso")]
    Iso,
}

impl DateStyle {
    pub fn as_str(self) -> &'static str {
        match self {
            DateStyle::MonthDayYear => "month-day-year",
            DateStyle::DayMonthYear => "day-month-year",
            DateStyle::Iso => "iso",
        }
    }
}

/// English month names, January first (also read out by the script and written in document references).
pub(crate) const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
pub(crate) const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const MONTHS_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

/// Russian months in the genitive, as a date writes them ("12 августа 2022 г.").
pub(crate) const MONTHS_RU_GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
/// Russian months in the nominative, for a month without a day ("август 2022 г.").
pub(crate) const MONTHS_RU: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];

/// Languages whose dates are numbers with unit characters: 2022年8月12日 (Chinese, Japanese), 2022년 8월 12일.
fn unit_date_marks(lang: &str) -> Option<(&'static str, &'static str, &'static str, &'static str)> {
    match lang.split('-').next().unwrap_or(lang) {
        "zh" | "ja" => Some(("年", "月", "日", "")),
        "ko" => Some(("년", "월", "일", " ")),
        _ => None,
    }
}

fn month_names(lang: &str) -> Option<&'static [&'static str; 12]> {
    match lang.split('-').next().unwrap_or(lang) {
        "en" => Some(&MONTHS_EN),
        "fr" => Some(&MONTHS_FR),
        "de" => Some(&MONTHS_DE),
        "es" => Some(&MONTHS_ES),
        _ => None,
    }
}

fn days_in_month(year: Option<i32>, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 => match year {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
        _ => 31,
    }
}

fn date(year: Option<&str>, month: &str, day: Option<&str>) -> Option<PartialDate> {
    let month: u32 = month.parse().ok()?;
    let year: Option<i32> = match year {
        Some(y) => Some(y.parse().ok().filter(|y| (1000..3000).contains(y))?),
        None => None,
    };
    let day: Option<u32> = match day {
        Some(d) => Some(d.parse().ok()?),
        None => None,
    };
    if !(1..=12).contains(&month) || day.is_some_and(|d| d == 0 || d > days_in_month(year, month)) {
        return None;
    }
    Some(PartialDate { year, month, day })
}

fn month_from_name(name: &str) -> Option<u32> {
    let lower = name.trim_end_matches('.').to_lowercase();
    if let Some(i) = MONTHS_EN.iter().position(|m| m.to_lowercase().starts_with(&lower) && lower.len() >= 3) {
        return Some(i as u32 + 1);
    }
    [&MONTHS_FR, &MONTHS_RU_GENITIVE, &MONTHS_RU, &MONTHS_DE, &MONTHS_ES]
        .iter()
        .find_map(|names| names.iter().position(|m| m.to_lowercase() == lower))
        .map(|i| i as u32 + 1)
}

const TIME_WORDS: &str = r"(?i:rạng\ sáng|sáng|trưa|chiều|tối|đêm|khuya)";
// Not "by" or "to": "won by 2-1" is a score.
const CUE_WORDS: &str = r"(?i:ngày|hôm|on|since|from|until)";
const MONTH_NAMES: &str = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)\.?";

/// One date form. Named groups: `d1 m1 y1` (or `mn1`, a month name) for the first date, `d2 m2 y2` for the
/// end of a range (missing parts are shared with the other end), `body` for the date itself.
struct Form {
    regex: Regex,
    /// Forms without a year need a cue word or a time of day before them.
    needs_cue: bool,
}

/// Forms from the most specific to the least; where matches overlap the earliest, then longest, wins.
static FORMS: LazyLock<Vec<Form>> = LazyLock::new(|| {
    let month_day = format!(r"(?P<mn1>{MONTH_NAMES})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?");
    let day_month = format!(r"(?P<d1>\d{{1,2}})(?:er)?\s+(?P<mn1>{MONTH_NAMES})(?:\s+(?P<y1>\d{{4}}))?");
    let month_year = format!(r"(?P<mn1>{MONTH_NAMES})\s+(?P<y1>\d{{4}})");
    let month_range =
        format!(r"(?P<mn1>{MONTH_NAMES})\s+(?P<d1>\d{{1,2}})\s?[–-]\s?(?P<d2>\d{{1,2}})(?:,?\s+(?P<y1>\d{{4}}))?");
    let range_month =
        format!(r"(?P<d1>\d{{1,2}})\s?[–-]\s?(?P<d2>\d{{1,2}})\s+(?P<mn1>{MONTH_NAMES})(?:\s+(?P<y1>\d{{4}}))?");
    let forms: [(&str, bool); 19] = [
        // 2023年7月18日至20日, 2023년 7월 18~20일 (Chinese, Japanese, Korean)
        (
            r"(?P<y1>\d{4})\s?[年년]\s?(?P<m1>\d{1,2})\s?[月월]\s?(?P<d1>\d{1,2})\s?[日일]?\s?(?:至|到|～|~|[–-])\s?(?P<d2>\d{1,2})\s?[日일]",
            false,
        ),
        // 2022年8月12日, 2022年8月, 2022년 8월 12일
        (r"(?P<y1>\d{4})\s?[年년]\s?(?P<m1>\d{1,2})\s?[月월](?:\s?(?P<d1>\d{1,2})\s?[日일])?", false),
        // 8月12日, 8월 12일
        (r"(?P<m1>\d{1,2})\s?[月월]\s?(?P<d1>\d{1,2})\s?[日일]", false),
        // August 11-12, 2022 / 11-12 August 2022: before the day-month forms, which would read "on 11-12" as
        // the 11th of December.
        (&month_range, false),
        (&range_month, false),
        // 17/11/1950 – 17/11/2021
        (
            r"(?P<d1>\d{1,2})[/.-](?P<m1>\d{1,2})[/.-](?P<y1>\d{4})\s*[–—-]\s*(?P<d2>\d{1,2})[/.-](?P<m2>\d{1,2})[/.-](?P<y2>\d{4})",
            false,
        ),
        // 30/7 - 2/8/2023
        (r"(?P<d1>\d{1,2})/(?P<m1>\d{1,2})\s*[–—-]\s*(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y2>\d{4})", false),
        // 18-20/7/2023, 11-12/8/2022
        (r"(?P<d1>\d{1,2})\s?[–—-]\s?(?P<d2>\d{1,2})/(?P<m1>\d{1,2})/(?P<y1>\d{4})", false),
        // 18-20/7
        (r"(?P<d1>\d{1,2})\s?[–—-]\s?(?P<d2>\d{1,2})/(?P<m1>\d{1,2})", true),
        // ngày 5 tháng 1 năm 2022
        (r"(?i:ngày)\s+(?P<d1>\d{1,2})\s+(?i:tháng)\s+(?P<m1>\d{1,2})(?:\s*,?\s*(?i:năm)\s+(?P<y1>\d{4}))?", false),
        // 5/1/2022, 05/01/2022, 19-9-2019, 5.1.2022 (one separator throughout)
        (r"(?P<d1>\d{1,2})/(?P<m1>\d{1,2})/(?P<y1>\d{4})", false),
        (r"(?P<d1>\d{1,2})-(?P<m1>\d{1,2})-(?P<y1>\d{4})", false),
        (r"(?P<d1>\d{1,2})\.(?P<m1>\d{1,2})\.(?P<y1>\d{4})", false),
        // tháng 7/2023, tháng 7 năm 2023
        (r"(?i:tháng)\s+(?P<m1>\d{1,2})(?:/|\s+(?i:năm)\s+)(?P<y1>\d{4})", false),
        // Sáng 21-1, ngày 8-9, on 21-1
        (r"(?P<d1>\d{1,2})[/-](?P<m1>\d{1,2})", true),
        // January 5, 2022 / Jan. 5 / 5 January 2022 / 2022-01-05 / July 2023
        (&month_day, false),
        (&day_month, false),
        (r"(?P<y1>\d{4})-(?P<m1>\d{2})-(?P<d1>\d{2})", false),
        (&month_year, false),
    ];
    forms
        .iter()
        .map(|(body, needs_cue)| {
            let pattern =
                format!(r"(?:(?P<tod>{TIME_WORDS})\s+(?:(?i:ngày|hôm)\s+)?|(?P<cue>{CUE_WORDS})\s+)?(?P<body>{body})");
            Form { regex: Regex::new(&pattern).expect("date pattern"), needs_cue: *needs_cue }
        })
        .collect()
});

fn read(c: &Captures<'_>) -> Option<(PartialDate, Option<PartialDate>)> {
    let text = |name: &str| c.name(name).map(|m| m.as_str().to_string());
    let m1 = text("m1").or_else(|| c.name("mn1").and_then(|m| month_from_name(m.as_str())).map(|m| m.to_string()))?;
    let y1 = text("y1").or_else(|| text("y2"));
    let first = date(y1.as_deref(), &m1, text("d1").as_deref())?;
    let Some(d2) = text("d2") else { return Some((first, None)) };
    let m2 = text("m2").unwrap_or_else(|| m1.clone());
    let y2 = text("y2").or(y1);
    let last = date(y2.as_deref(), &m2, Some(&d2))?;
    let key = |d: &PartialDate| (d.year, d.month, d.day);
    (key(&first) < key(&last)).then_some((first, Some(last)))
}

/// Every date in `text`, in order, without overlaps. `_lang` is the language of the text; the forms read are
/// the same in every language (see the module notes).
pub fn find_dates(text: &str, _lang: &str) -> Vec<DateValue> {
    let mut found: Vec<DateValue> = Vec::new();
    for form in FORMS.iter() {
        for caps in form.regex.captures_iter(text) {
            let body = caps.name("body").expect("body");
            let tod = caps.name("tod");
            if form.needs_cue && tod.is_none() && caps.name("cue").is_none() {
                continue;
            }
            // A time of day belongs to the date ("Sáng 21-1"); a plain cue word ("on", "ngày") does not.
            let start = tod.map_or(body.start(), |t| t.start());
            let end = body.end();
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            // Chinese and Japanese write no spaces: a date ending in 日 or 月 runs straight into the next word.
            let cjk = body.as_str().ends_with(['日', '일', '月', '월']);
            let word = |c: char| if cjk { c.is_ascii_alphanumeric() } else { c.is_alphanumeric() };
            let glued_before = before.is_some_and(|c| word(c) || matches!(c, '/' | '.' | '-' | '_'));
            let glued_after = after.is_some_and(|c| word(c) || matches!(c, '/' | '_'))
                || (matches!(after, Some('.' | '-' | ','))
                    && text[end + 1..].starts_with(|c: char| c.is_ascii_digit()));
            if glued_before || glued_after {
                continue;
            }
            let Some((start_date, end_date)) = read(&caps) else { continue };
            let time_of_day = tod.and_then(|m| TimeOfDay::from_vi(m.as_str()));
            if found.iter().any(|d| start < d.end && end > d.start) {
                continue;
            }
            found.push(DateValue { start_date, end_date, time_of_day, start, end, text: text[start..end].to_string() });
        }
    }
    found.sort_by_key(|d| d.start);
    found
}

/// The first date in a Vietnamese text ("Sáng 21-1", "05/01/2022", "ngày 5 tháng 1 năm 2022"), if any.
pub fn parse_vi_date(text: &str) -> Option<DateValue> {
    find_dates(text, "vi").into_iter().next()
}

/// One date in `lang` and `style`: "January 5, 2022", "5 January 2022", "2022-01-05"; a language without
/// month names here gets the ISO form.
pub fn format_date(date: &PartialDate, lang: &str, style: DateStyle) -> String {
    if style != DateStyle::Iso {
        if let Some((year, month, day, space)) = unit_date_marks(lang) {
            let mut out = date.year.map(|y| format!("{y}{year}{space}")).unwrap_or_default();
            out.push_str(&format!("{}{month}", date.month));
            if let Some(d) = date.day {
                out.push_str(&format!("{space}{d}{day}"));
            }
            return out;
        }
        if lang.split('-').next() == Some("ru") {
            let year = date.year.map(|y| format!(" {y}\u{A0}г.")).unwrap_or_default();
            return match date.day {
                Some(d) => format!("{d} {}{year}", MONTHS_RU_GENITIVE[date.month as usize - 1]),
                None => format!("{}{year}", MONTHS_RU[date.month as usize - 1]),
            };
        }
    }
    let names = month_names(lang);
    if style == DateStyle::Iso || names.is_none() {
        return match (date.year, date.day) {
            (Some(y), Some(d)) => format!("{y:04}-{:02}-{d:02}", date.month),
            (Some(y), None) => format!("{y:04}-{:02}", date.month),
            (None, Some(d)) => format!("--{:02}-{d:02}", date.month),
            (None, None) => format!("--{:02}", date.month),
        };
    }
    let month = names.expect("checked")[date.month as usize - 1];
    // French writes the first of a month as an ordinal: "1er août".
    let day = |d: u32| if d == 1 && lang.split('-').next() == Some("fr") { "1er".to_string() } else { d.to_string() };
    match (style, date.day.map(day), date.year) {
        (_, None, Some(y)) => format!("{month} {y}"),
        (_, None, None) => month.to_string(),
        (DateStyle::MonthDayYear, Some(d), Some(y)) => format!("{month} {d}, {y}"),
        (DateStyle::MonthDayYear, Some(d), None) => format!("{month} {d}"),
        (_, Some(d), Some(y)) => format!("{d} {month} {y}"),
        (_, Some(d), None) => format!("{d} {month}"),
    }
}

/// A date or range as a channel writes it: "July 18-20, 2023", "18-20 July 2023", "the morning of January 21".
pub fn format_value(value: &DateValue, lang: &str, style: DateStyle) -> String {
    let text = match value.end_date {
        None => format_date(&value.start_date, lang, style),
        Some(end) => format_range(&value.start_date, &end, lang, style),
    };
    match value.time_of_day {
        Some(tod) if lang.starts_with("en") => format!("the {} of {text}", tod.en()),
        _ => text,
    }
}

fn format_range(first: &PartialDate, last: &PartialDate, lang: &str, style: DateStyle) -> String {
    let same_year = first.year == last.year;
    if let (true, true, Some(d2), false) = (same_year, first.month == last.month, last.day, style == DateStyle::Iso) {
        // 2023年7月18日至20日, 2023년 7월 18~20일, 18–20 июля 2023 г.
        if let Some((_, _, day, _)) = unit_date_marks(lang) {
            let start = format_date(first, lang, style);
            return if day == "일" {
                format!("{}~{d2}일", start.trim_end_matches('일'))
            } else {
                format!("{start}至{d2}日")
            };
        }
        if let (Some(d1), Some("ru")) = (first.day, lang.split('-').next()) {
            let year = last.year.map(|y| format!(" {y}\u{A0}г.")).unwrap_or_default();
            return format!("{d1}–{d2} {}{year}", MONTHS_RU_GENITIVE[first.month as usize - 1]);
        }
    }
    let names = month_names(lang);
    if let (true, true, Some(names), Some(d1), Some(d2)) =
        (same_year, first.month == last.month, names, first.day, last.day)
    {
        if style != DateStyle::Iso {
            let month = names[first.month as usize - 1];
            let year = last.year.map(|y| y.to_string());
            return match (style, year) {
                (DateStyle::MonthDayYear, Some(y)) => format!("{month} {d1}-{d2}, {y}"),
                (DateStyle::MonthDayYear, None) => format!("{month} {d1}-{d2}"),
                (_, Some(y)) => format!("{d1}-{d2} {month} {y}"),
                (_, None) => format!("{d1}-{d2} {month}"),
            };
        }
    }
    if style == DateStyle::Iso || names.is_none() {
        return format!("{}/{}", format_date(first, lang, DateStyle::Iso), format_date(last, lang, DateStyle::Iso));
    }
    // Across months: the first date drops its year when both share it.
    let first_text = if same_year {
        format_date(&PartialDate { year: None, ..*first }, lang, style)
    } else {
        format_date(first, lang, style)
    };
    format!("{first_text} – {}", format_date(last, lang, style))
}

/// Rewrites every date of `text` in the channel's style.
pub fn rewrite_dates(text: &str, lang: &str, style: DateStyle) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for value in find_dates(text, lang) {
        let mut replacement = format_value(&value, lang, style);
        // A Russian translation may already say the year's word after the date ("17 марта 2022 г.", "2022 года"):
        // keep its word, not a second one.
        if let Some(without) = replacement.strip_suffix("\u{A0}г.") {
            let after = text[value.end..].trim_start_matches([' ', '\u{A0}']);
            if after.starts_with("г.") || after.starts_with("год") {
                replacement = without.to_string();
            }
        }
        // "2022 г." before a full stop: one stop.
        if replacement.ends_with('.') && text[value.end..].starts_with('.') {
            replacement.pop();
        }
        if value.text.starts_with(|c: char| c.is_uppercase()) {
            replacement = super::capitalize(&replacement);
        }
        out.push_str(&text[last..value.start]);
        out.push_str(&replacement);
        last = value.end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_russian_date_that_already_has_its_year_word_keeps_one() {
        let style = DateStyle::DayMonthYear;
        // From the approved Russian memory of examples/multilingual.
        assert_eq!(
            rewrite_dates("17 марта 2022 г. Постоянный комитет … от 5 января 2022 г.", "ru", style),
            "17 марта 2022 г. Постоянный комитет … от 5 января 2022 г."
        );
        assert_eq!(rewrite_dates("с 5 января 2022 года", "ru", style), "с 5 января 2022 года");
        assert_eq!(rewrite_dates("5/1/2022 мы", "ru", style), "5 января 2022\u{A0}г. мы");
    }

    fn starts(text: &str) -> Vec<(PartialDate, Option<PartialDate>, Option<TimeOfDay>, String)> {
        find_dates(text, "vi").into_iter().map(|d| (d.start_date, d.end_date, d.time_of_day, d.text)).collect()
    }

    fn no_year(month: u32, day: u32) -> PartialDate {
        PartialDate { year: None, month, day: Some(day) }
    }

    #[test]
    fn every_vietnamese_form_reads_day_first() {
        let full = PartialDate::full(2022, 1, 5);
        for text in ["ngày 5/1/2022", "ngày 05/01/2022", "5-1-2022", "5.1.2022", "ngày 5 tháng 1 năm 2022"] {
            let found = starts(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].0, full, "{text}");
        }
        assert_eq!(starts("19-9-2019")[0].0, PartialDate::full(2019, 9, 19));
        let morning = &starts("Sáng 21-1, đoàn đã đến")[0];
        assert_eq!((morning.0, morning.2, morning.3.as_str()), (no_year(1, 21), Some(TimeOfDay::Morning), "Sáng 21-1"));
        assert_eq!(starts("Ngày 8-9, tỉnh")[0].0, no_year(9, 8));
        assert_eq!(starts("tháng 7/2023")[0].0, PartialDate { year: Some(2023), month: 7, day: None });
    }

    #[test]
    fn ranges_keep_both_ends() {
        let range = &starts("Trong hai ngày 11-12/8/2022, đoàn")[0];
        assert_eq!((range.0, range.1), (PartialDate::full(2022, 8, 11), Some(PartialDate::full(2022, 8, 12))));
        let span = &starts("17/11/1950 – 17/11/2021")[0];
        assert_eq!((span.0, span.1), (PartialDate::full(1950, 11, 17), Some(PartialDate::full(2021, 11, 17))));
        let across = &starts("từ 30/7 - 2/8/2023")[0];
        assert_eq!((across.0, across.1), (PartialDate::full(2023, 7, 30), Some(PartialDate::full(2023, 8, 2))));
    }

    #[test]
    fn codes_terms_and_impossible_dates_are_not_dates() {
        assert!(starts("Chỉ thị số 12-CT/TW, nhiệm kỳ 2021-2026, Quyết định 100/2019/NĐ-CP").is_empty());
        assert!(starts("tỷ số 3-1, ngày 31/2/2022").is_empty());
        assert!(find_dates("they won by 2-1 and went to 3-1", "en").is_empty());
    }

    #[test]
    fn styles() {
        let d = PartialDate::full(2022, 1, 5);
        assert_eq!(format_date(&d, "en", DateStyle::MonthDayYear), "January 5, 2022");
        assert_eq!(format_date(&d, "en-GB", DateStyle::DayMonthYear), "5 January 2022");
        assert_eq!(format_date(&d, "en", DateStyle::Iso), "2022-01-05");
        assert_eq!(format_date(&d, "fr", DateStyle::DayMonthYear), "5 janvier 2022");
        assert_eq!(format_date(&d, "ja", DateStyle::MonthDayYear), "2022年1月5日");
        assert_eq!(format_date(&d, "ja", DateStyle::Iso), "2022-01-05");
        assert_eq!(format_date(&d, "th", DateStyle::DayMonthYear), "2022-01-05", "no month names: ISO");
        assert_eq!(
            rewrite_dates("Over 18-20/7/2023 and on 5/1/2022.", "en", DateStyle::MonthDayYear),
            "Over July 18-20, 2023 and on January 5, 2022."
        );
        assert_eq!(rewrite_dates("On 21-1, he", "en", DateStyle::DayMonthYear), "On 21 January, he");
        assert_eq!(rewrite_dates("Sáng 21-1", "en", DateStyle::MonthDayYear), "The morning of January 21");
        assert_eq!(
            rewrite_dates("from 17/11/1950 – 17/11/2021", "en", DateStyle::MonthDayYear),
            "from November 17, 1950 – November 17, 2021"
        );
    }

    #[test]
    fn english_forms_read_back() {
        let found = find_dates("on January 5, 2022 and 12 August 2022 (2022-08-12)", "en");
        let dates: Vec<PartialDate> = found.iter().map(|d| d.start_date).collect();
        assert_eq!(
            dates,
            [PartialDate::full(2022, 1, 5), PartialDate::full(2022, 8, 12), PartialDate::full(2022, 8, 12)]
        );
        let ranges = find_dates("On August 11-12, 2022 and 18-20 July 2023", "en");
        let ends: Vec<Option<PartialDate>> = ranges.iter().map(|d| d.end_date).collect();
        assert_eq!(ends, [Some(PartialDate::full(2022, 8, 12)), Some(PartialDate::full(2023, 7, 20))]);
    }
}

#[cfg(test)]
mod ranges_with_month_names {
    use super::*;

    #[test]
    fn a_cue_word_does_not_turn_a_day_range_into_a_month() {
        for (text, lang) in [("on 11-12 August 2022", "en"), ("ngày 11-12 août 2022", "fr")] {
            let found = find_dates(text, lang);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].start_date, PartialDate::full(2022, 8, 11), "{text}");
            assert_eq!(found[0].end_date, Some(PartialDate::full(2022, 8, 12)), "{text}");
        }
    }
}
