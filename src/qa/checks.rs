//! One function per check. A check looks at one [`Unit`] (source segment, target text, the segment's glossary
//! hits, the target language) and returns its [`Finding`]s; [`check_unit`] runs every check that is not off
//! and names each finding with its check and severity.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use super::{Problem, QaSettings, Severity};
use crate::channel::captions::Cue;
use crate::config::CaptionLimits;
use crate::glossary::{Glossary, Hit, Kind, Status};
use crate::localize::names::is_latin_letter;
use crate::localize::{find_dates, find_numbers, fold_diacritics, DateValue, NumberValue, Unit as NumberUnit};
use crate::t;
use crate::text::key::match_key;

/// What the checks look at for one segment.
#[derive(Debug, Clone, Copy)]
pub struct Unit<'a> {
    pub id: &'a str,
    pub source: &'a str,
    pub target: &'a str,
    /// The glossary hits of the source segment.
    pub hits: &'a [Hit],
    /// BCP 47 tag of the target language.
    pub lang: &'a str,
}

/// What the checks need beyond one unit: forbidden renderings by glossary entry.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Entry id → renderings that must not appear for it (its `forbidden` column and the renderings of
    /// forbidden entries with the same Vietnamese term).
    forbidden: HashMap<String, Vec<String>>,
}

impl Context {
    pub fn new(glossary: &Glossary, lang: &str) -> Context {
        let mut banned_by_key: HashMap<String, Vec<String>> = HashMap::new();
        for entry in glossary.entries.iter().filter(|e| e.status == Status::Forbidden) {
            if let Some(rendering) = entry.targets.get(lang) {
                banned_by_key.entry(match_key(&entry.vi).to_string()).or_default().push(rendering.clone());
            }
        }
        let mut forbidden = HashMap::new();
        for entry in glossary.entries.iter().filter(|e| e.status != Status::Forbidden) {
            let mut banned = entry.forbidden.clone();
            banned.extend(banned_by_key.get(&match_key(&entry.vi).to_string()).into_iter().flatten().cloned());
            banned.retain(|b| !b.trim().is_empty() && Some(b) != entry.targets.get(lang));
            if !banned.is_empty() {
                forbidden.insert(entry.id.clone(), banned);
            }
        }
        Context { forbidden }
    }
}

/// What one check found: the message and the item involved.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub message: String,
    pub involved: Option<String>,
}

fn finding(message: String, involved: impl Into<String>) -> Finding {
    Finding { message, involved: Some(involved.into()) }
}

/// A check: its name (used in `[qa]` and in reports), its default severity and its function.
pub struct Check {
    pub name: &'static str,
    pub default: Severity,
    pub run: fn(&Unit<'_>, &Context) -> Vec<Finding>,
}

/// Every segment check, in report order.
pub const CHECKS: &[Check] = &[
    Check { name: "terminology", default: Severity::Error, run: terminology },
    Check { name: "numbers", default: Severity::Error, run: numbers },
    Check { name: "dates", default: Severity::Error, run: dates },
    Check { name: "document-codes", default: Severity::Error, run: document_codes },
    Check { name: "protected", default: Severity::Error, run: protected },
    Check { name: "untranslated", default: Severity::Error, run: untranslated },
    Check { name: "vietnamese-letters", default: Severity::Warning, run: vietnamese_letters },
    Check { name: "doubled-words", default: Severity::Warning, run: doubled_words },
    Check { name: "whitespace", default: Severity::Warning, run: whitespace },
    Check { name: "brackets", default: Severity::Warning, run: brackets },
    Check { name: "end-punctuation", default: Severity::Warning, run: end_punctuation },
    Check { name: "length-ratio", default: Severity::Warning, run: length_ratio },
];

/// Names of the caption checks (over cues, see [`check_cues`]) and their default severity.
pub const CAPTION_CHECKS: &[(&str, Severity)] =
    &[("caption-line-length", Severity::Warning), ("reading-speed", Severity::Warning)];

/// Every check name, segment and caption checks.
pub fn all_names() -> Vec<&'static str> {
    CHECKS.iter().map(|c| c.name).chain(CAPTION_CHECKS.iter().map(|(n, _)| *n)).collect()
}

/// Runs every check not turned off on `unit`.
pub fn check_unit(unit: &Unit<'_>, context: &Context, settings: &QaSettings) -> Vec<Problem> {
    let mut problems = Vec::new();
    for check in CHECKS {
        let severity = settings.severity_of(check);
        if severity == Severity::Off {
            continue;
        }
        for found in (check.run)(unit, context) {
            problems.push(Problem {
                check: check.name.to_string(),
                severity,
                segment: unit.id.to_string(),
                source: unit.source.to_string(),
                target: unit.target.to_string(),
                message: found.message,
                involved: found.involved,
            });
        }
    }
    problems
}

fn primary(lang: &str) -> &str {
    lang.split(['-', '_']).next().unwrap_or(lang)
}

/// Lower case without diacritics, for "is this rendering in the text" tests.
fn folded(text: &str) -> String {
    fold_diacritics(text).to_lowercase()
}

/// Required rendering present, forbidden renderings absent.
pub fn terminology(unit: &Unit<'_>, context: &Context) -> Vec<Finding> {
    let target = folded(unit.target);
    let target_words = words(&target);
    // Made once per unit, and only when a rendering is in characters.
    let unspaced_target = std::cell::LazyCell::new(|| without_spaces(&target));
    let mut out = Vec::new();
    for hit in unit.hits {
        // A name in its Sino-Vietnamese reading, or transliterated in Vietnamese syllables
        // ("Sẻng-Phết-Hùng-Bun-Nhuông"): no rendering can be checked, and an engine's guess is no name.
        let unrenderable = if hit.entry.starts_with(crate::glossary::matcher::HANVIET_PERSON_PREFIX) {
            Some(t!("qa-terminology-hanviet", term = hit.text.clone()))
        } else if hit.entry.starts_with(crate::glossary::matcher::TRANSLITERATED_PERSON_PREFIX) {
            Some(t!("qa-terminology-transliterated", term = hit.text.clone()))
        } else {
            None
        };
        if let Some(message) = unrenderable {
            out.push(finding(message, format!("{}: {}", hit.entry, hit.text)));
            continue;
        }
        if let Some(rendering) = hit.targets.get(unit.lang) {
            let found = if written_without_spaces(rendering) {
                let needle = without_spaces(&folded(rendering));
                !needle.is_empty() && unspaced_target.contains(&needle)
            } else {
                has_rendering(&target_words, rendering)
            };
            if !found {
                out.push(finding(
                    t!("qa-terminology-missing", term = hit.text.clone(), rendering = rendering.clone()),
                    format!("{}: {} → {}", hit.entry, hit.text, rendering),
                ));
            }
        }
        for banned in context.forbidden.get(&*hit.entry).into_iter().flatten() {
            if contains_words(&target, &folded(banned)) {
                out.push(finding(
                    t!("qa-terminology-forbidden", term = hit.text.clone(), rendering = banned.clone()),
                    format!("{}: {} ↛ {}", hit.entry, hit.text, banned),
                ));
            }
        }
    }
    out
}

/// True for a rendering in Chinese characters, kana or Hangul: those languages do not put a space between every
/// word (and Korean joins particles to nouns: "럼동성은"), so a rendering is found as a run of characters.
fn written_without_spaces(rendering: &str) -> bool {
    rendering.chars().any(|c| crate::text::is_unspaced_script(c) || matches!(c as u32, 0xAC00..=0xD7A3))
}

fn without_spaces(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect()
}

/// Two forms of one word: equal, or (words of four letters or more) sharing all but their last two letters
/// ("province" ~ "provincial", "city" ~ "cities", "committee" ~ "committees").
fn same_stem(a: &str, b: &str) -> bool {
    let shorter = a.chars().count().min(b.chars().count());
    if a == b {
        return true;
    }
    if shorter < 4 {
        return false;
    }
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    common >= 3.max(shorter - 2)
}

/// The rendering's words, in order and next to each other, in the target (diacritics, case and word endings
/// aside); a part in parentheses ("(VUFO)") may be left out.
fn has_rendering(target: &[&str], rendering: &str) -> bool {
    let full = folded(rendering);
    let without_parens = PARENTHESES.replace_all(&full, " ").to_string();
    [full.as_str(), without_parens.as_str()].iter().any(|form| {
        let needle = words(form);
        !needle.is_empty()
            && target.windows(needle.len()).any(|window| window.iter().zip(&needle).all(|(a, b)| same_stem(a, b)))
    })
}

static PARENTHESES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\([^()]*\)").expect("static regex"));

/// `needle` in `haystack` at word boundaries.
fn contains_words(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(at, _)| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// English number words a translation may use for a small number.
const NUMBER_WORDS: &[&str] =
    &["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn same_number(a: &NumberValue, b: &NumberValue) -> bool {
    let percent = |n: &NumberValue| n.unit == Some(NumberUnit::Percent);
    same_value(a.value, b.value) && percent(a) == percent(b)
}

/// Numbers compared by value: "1.250.000" ↔ "1,250,000", "97,5%" ↔ "97.5%", "2,5 tỷ đồng" ↔ "VND 2.5 billion".
pub fn numbers(unit: &Unit<'_>, _: &Context) -> Vec<Finding> {
    let source = find_numbers(unit.source, "vi");
    let mut target = find_numbers(unit.target, unit.lang);
    let words: Vec<String> =
        unit.target.split(|c: char| !c.is_alphabetic()).map(str::to_lowercase).filter(|w| !w.is_empty()).collect();
    let mut out = Vec::new();
    for number in &source {
        if let Some(at) = target.iter().position(|t| same_number(number, t)) {
            target.remove(at);
            continue;
        }
        let small = number.value.fract() == 0.0 && (0.0..=12.0).contains(&number.value);
        if small && words.iter().any(|w| w == NUMBER_WORDS[number.value as usize]) {
            continue;
        }
        out.push(finding(t!("qa-numbers-missing", number = number.text.clone()), number.text.clone()));
    }
    for extra in target {
        out.push(finding(t!("qa-numbers-extra", number = extra.text.clone()), extra.text.clone()));
    }
    out
}

/// Dates compared by value: "5/1/2022" ↔ "January 5, 2022". A year written on one side only still matches.
pub fn dates(unit: &Unit<'_>, _: &Context) -> Vec<Finding> {
    let source = find_dates(unit.source, "vi");
    let mut target = find_dates(unit.target, unit.lang);
    let mut out = Vec::new();
    for date in &source {
        match target.iter().position(|t| same_date(date, t)) {
            Some(at) => {
                target.remove(at);
            }
            None => out.push(finding(t!("qa-dates-missing", date = date.text.clone()), date.text.clone())),
        }
    }
    for extra in target {
        out.push(finding(t!("qa-dates-extra", date = extra.text.clone()), extra.text.clone()));
    }
    out
}

fn same_date(a: &DateValue, b: &DateValue) -> bool {
    let day = |x: &crate::localize::PartialDate, y: &crate::localize::PartialDate| {
        x.month == y.month && x.day == y.day && (x.year.is_none() || y.year.is_none() || x.year == y.year)
    };
    day(&a.start_date, &b.start_date)
        && match (&a.end_date, &b.end_date) {
            (Some(x), Some(y)) => day(x, y),
            (None, None) => true,
            _ => false,
        }
}

/// Document codes: "12-CT/TW", "123/QĐ-UBND", "100/2019/NĐ-CP". Their ends are checked by [`codes`], not by
/// `\b`: in Chinese and Japanese a code stands between letters ("第12-CT/TW号"), which `\b` does not see as a
/// boundary.
static CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d+(?:/\d+)*(?:[-/][A-ZĐ][A-ZĐ0-9]*)+").expect("static regex"));

/// A digit or a letter of the Latin script (Vietnamese letters included): what a code may not touch.
fn latin_or_digit(c: char) -> bool {
    c.is_ascii_digit() || is_latin_letter(c)
}

/// The document codes of `text`: matches of [`CODE`] with no Latin letter or digit right before or after.
fn codes(text: &str) -> impl Iterator<Item = &str> {
    CODE.find_iter(text)
        .filter(|m| {
            !text[..m.start()].chars().next_back().is_some_and(latin_or_digit)
                && !text[m.end()..].chars().next().is_some_and(latin_or_digit)
        })
        .map(|m| m.as_str())
}

/// A code as compared: Đ written D ("QĐ" ↔ "QD").
fn code_key(code: &str) -> String {
    code.replace('Đ', "D")
}

/// Every document code of the source appears in the target (Đ may be written D), and no other.
pub fn document_codes(unit: &Unit<'_>, _: &Context) -> Vec<Finding> {
    let mut target: Vec<String> = codes(unit.target).map(code_key).collect();
    let mut out = Vec::new();
    for code in codes(unit.source) {
        match target.iter().position(|t| *t == code_key(code)) {
            Some(at) => {
                target.remove(at);
            }
            None => out.push(finding(t!("qa-code-missing", code = code.to_string()), code)),
        }
    }
    for extra in target {
        out.push(finding(t!("qa-code-extra", code = extra.clone()), extra));
    }
    out
}

/// Items that must come through unchanged: placeholders (`{name}`, `%s`, `%1$d`), inline tags, URLs, e-mail
/// addresses.
static PROTECTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{[^{}\s]+\}|%(?:\d+\$)?[sdf]|</?[A-Za-z][^<>]*>|https?://[^\s<>]+[^\s<>.,;:!?)]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
        .expect("static regex")
});

pub fn protected(unit: &Unit<'_>, _: &Context) -> Vec<Finding> {
    let mut target: Vec<&str> = PROTECTED.find_iter(unit.target).map(|m| m.as_str()).collect();
    let mut out = Vec::new();
    for item in PROTECTED.find_iter(unit.source).map(|m| m.as_str()) {
        match target.iter().position(|t| *t == item) {
            Some(at) => {
                target.remove(at);
            }
            None => out.push(finding(t!("qa-protected-missing", item = item.to_string()), item)),
        }
    }
    out
}

/// Empty target, or the source left as it was (only for segments with at least three words: names and figures
/// may rightly stay the same).
pub fn untranslated(unit: &Unit<'_>, _: &Context) -> Vec<Finding> {
    if primary(unit.lang) == "vi" {
        return vec![];
    }
    if unit.target.trim().is_empty() && !unit.source.trim().is_empty() {
        return vec![Finding { message: t!("qa-untranslated-empty"), involved: None }];
    }
    let words = unit.source.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count();
    let same = unit.source.nfc().collect::<String>().trim().to_lowercase()
        == unit.target.nfc().collect::<String>().trim().to_lowercase();
    if same && words >= 3 {
        return vec![Finding { message: t!("qa-untranslated-same"), involved: None }];
    }
    vec![]
}

/// True for letters only Vietnamese uses here: ă â đ ê ô ơ ư and vowels with its tone marks.
fn vietnamese_letter(c: char) -> bool {
    if "ăâđêôơưĂÂĐÊÔƠƯ".contains(c) {
        return true;
    }
    // Grave, acute, tilde, hook above, dot below; a vowel with one of these on a non-Vietnamese page is a leftover.
    c.is_alphabetic()
        && c.to_string().nfd().any(|m| matches!(m, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'))
}

/// Words with Vietnamese letters in a non-Vietnamese target, except names the glossary allows (the person and
/// place renderings of the segment's hits, and those names as written in the source).
pub fn vietnamese_letters(unit: &Unit<'_>, _: &Context) -> Vec<Finding> {
    if primary(unit.lang) == "vi" {
        return vec![];
    }
    let allowed: Vec<String> = unit
        .hits
        .iter()
        .filter(|h| matches!(h.kind, Kind::Person | Kind::Place))
        .flat_map(|h| [Some(h.text.clone()), h.targets.get(unit.lang).cloned()])
        .flatten()
        .flat_map(|name| {
            name.split_whitespace().map(|w| w.nfc().collect::<String>().to_lowercase()).collect::<Vec<_>>()
        })
        .collect();
    let mut out = Vec::new();
    // Words in Latin letters only: Chinese and Japanese write a name with no space before the next word
    // ("Trần Đức Quận主持").
    for word in unit.target.split(|c: char| !is_latin_letter(c) && !unicode_normalization::char::is_combining_mark(c)) {
        let word: String = word.nfc().collect();
        if word.chars().any(vietnamese_letter) && !allowed.contains(&word.to_lowercase()) {
            out.push(finding(t!("qa-vietnamese-letters", word = word.clone()), word));
        }
    }
    out
}

/// The same word twice in a row ("the the").
pub fn doubled_words(unit: &Unit<'_>, _: &Context) -> Vec<Finding> {
    let words: Vec<&str> = unit.target.split_whitespace().collect();
    let mut out = Vec::new();
    for pair in words.windows(2) {
        let clean = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        let (a, b) = (clean(pair[0]), clean(pair[1]));
        // Punctuation between the two ("No, no") makes it deliberate.
        let joined = pair[0].trim_start_matches(|c: char| !c.is_alphanumeric()) == pair[0]
            && !pair[0].ends_with(|c: char| !c.is_alphanumeric());
        if !a.is_empty() && a == b && a.chars().any(char::is_alphabetic) && joined {
            out.push(finding(t!("qa-doubled-word", word = pair[1].to_string()), pair[1]));
        }
    }
    out
}

/// Leading or trailing whitespace in the target that the source does not have.
pub fn whitespace(unit: &Unit<'_>, _: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let leading = |s: &str| s.len() - s.trim_start().len();
    let trailing = |s: &str| s.len() - s.trim_end().len();
    if !unit.target.trim().is_empty() {
        if leading(unit.target) > leading(unit.source) {
            out.push(Finding { message: t!("qa-whitespace-leading"), involved: None });
        }
        if trailing(unit.target) > trailing(unit.source) {
            out.push(Finding { message: t!("qa-whitespace-trailing"), involved: None });
        }
    }
    out
}

/// The first bracket or quote that is not closed or not opened in `text`.
fn unbalanced(text: &str) -> Option<char> {
    let mut stack: Vec<char> = Vec::new();
    let mut straight_quotes = 0;
    for c in text.chars() {
        match c {
            '(' | '[' | '{' | '“' | '‘' | '«' => stack.push(c),
            ')' | ']' | '}' | '”' | '»' => {
                let open = match c {
                    ')' => '(',
                    ']' => '[',
                    '}' => '{',
                    '”' => '“',
                    _ => '«',
                };
                if stack.pop() != Some(open) {
                    return Some(c);
                }
            }
            '"' => straight_quotes += 1,
            _ => {}
        }
    }
    // ’ is also an apostrophe, so ‘ may stay open without it counting; the others must close.
    stack.retain(|c| *c != '‘');
    stack.first().copied().or((straight_quotes % 2 == 1).then_some('"'))
}

/// Brackets and quotes balanced in the target (unless the source is unbalanced the same way).
pub fn brackets(unit: &Unit<'_>, _: &Context) -> Vec<Finding> {
    match unbalanced(unit.target) {
        Some(c) if unbalanced(unit.source).is_none() => {
            vec![finding(t!("qa-brackets", mark = c.to_string()), c.to_string())]
        }
        _ => vec![],
    }
}

/// The end punctuation of a text: '.', '?', '!', ':', '…' (three dots count as '…'), or none; closing quotes
/// and brackets after it are skipped. The full-width marks of Chinese, Japanese and Korean text count as the marks
/// they stand for ("。" is ".").
fn end_mark(text: &str) -> Option<char> {
    let text =
        text.trim_end().trim_end_matches(['"', '”', '’', '\'', ')', ']', '»', '）', '」', '』', '》', '〉', '】']);
    if text.ends_with("...") {
        return Some('…');
    }
    text.chars().next_back().and_then(|c| match c {
        '.' | '?' | '!' | ':' | '…' | ';' => Some(c),
        '。' | '．' | '｡' => Some('.'),
        '？' => Some('?'),
        '！' => Some('!'),
        '：' => Some(':'),
        '；' => Some(';'),
        _ => None,
    })
}

/// The target ends like the source: a question stays a question, a headline without a full stop stays so.
pub fn end_punctuation(unit: &Unit<'_>, _: &Context) -> Vec<Finding> {
    let (source, target) = (end_mark(unit.source), end_mark(unit.target));
    if source == target || unit.target.trim().is_empty() {
        return vec![];
    }
    let show = |m: Option<char>| m.map(|c| c.to_string()).unwrap_or_else(|| "∅".to_string());
    let involved = format!("{} → {}", show(source), show(target));
    vec![finding(t!("qa-end-punctuation", source = show(source), target = show(target)), involved)]
}

/// The range of target ÷ source length in characters that a complete translation of Vietnamese falls in, by
/// target language. A Chinese or Japanese character carries about a Vietnamese syllable and its space (the example
/// article's approved Chinese runs at 0.27–0.46); a Korean syllable block somewhat less.
fn length_range(lang: &str) -> std::ops::RangeInclusive<f64> {
    match primary(lang) {
        "zh" | "ja" | "yue" => 0.15..=1.2,
        "ko" => 0.25..=1.5,
        _ => 0.5..=2.5,
    }
}

/// Target length within the language's range of the source's (0.5 to 2.5 times for languages in alphabets;
/// segments of 20 characters or more): outside it, a sentence was likely lost or repeated.
pub fn length_ratio(unit: &Unit<'_>, _: &Context) -> Vec<Finding> {
    let source = unit.source.trim().chars().count();
    let target = unit.target.trim().chars().count();
    if source < 20 || target == 0 {
        return vec![];
    }
    let ratio = target as f64 / source as f64;
    if length_range(unit.lang).contains(&ratio) {
        return vec![];
    }
    let shown = format!("{ratio:.2}");
    vec![finding(t!("qa-length-ratio", ratio = shown.clone()), shown)]
}

/// The caption checks over cues: lines longer than the channel allows (and more lines than it allows), and
/// cues read faster than its characters per second. Segment ids are "cue N" (1-based).
pub fn check_cues(cues: &[Cue], limits: &CaptionLimits, settings: &QaSettings) -> Vec<Problem> {
    let severity = |name: &str| {
        let default = CAPTION_CHECKS.iter().find(|(n, _)| *n == name).map(|(_, s)| *s).unwrap_or(Severity::Warning);
        settings.severity.get(name).copied().unwrap_or(default)
    };
    let (line_severity, speed_severity) = (severity("caption-line-length"), severity("reading-speed"));
    let mut out = Vec::new();
    for (index, cue) in cues.iter().enumerate() {
        let problem = |check: &str, severity: Severity, message: String, involved: String| Problem {
            check: check.to_string(),
            severity,
            segment: format!("cue {}", index + 1),
            source: String::new(),
            target: cue.lines.join("\n"),
            message,
            involved: Some(involved),
        };
        if line_severity != Severity::Off {
            for line in &cue.lines {
                let chars = line.nfc().count();
                if chars > limits.max_chars_per_line {
                    let message = t!("qa-caption-line-length", chars = chars, max = limits.max_chars_per_line);
                    out.push(problem("caption-line-length", line_severity, message, line.clone()));
                }
            }
            if cue.lines.len() > limits.max_lines {
                let message = t!("qa-caption-lines", lines = cue.lines.len(), max = limits.max_lines);
                out.push(problem("caption-line-length", line_severity, message, cue.lines.len().to_string()));
            }
        }
        let duration = cue.end_ms.saturating_sub(cue.start_ms);
        if speed_severity != Severity::Off && duration > 0 {
            let speed = cue.chars() as f64 * 1000.0 / duration as f64;
            if speed > limits.max_chars_per_second + 1e-9 {
                let shown = format!("{speed:.1}");
                let message =
                    t!("qa-reading-speed", speed = shown.clone(), max = format!("{}", limits.max_chars_per_second));
                out.push(problem("reading-speed", speed_severity, message, shown));
            }
        }
    }
    out
}
