//! Boilerplate rules: which lines of a scraped page are widgets, breadcrumbs, related-article teasers,
//! timestamps, source links and photo credits. The rules are data (rules/boilerplate.toml), so a desk can adapt
//! them to its sources without a new build.

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::Path;

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use super::error::{IngestError, IngestErrorKind};

const BUILTIN_SOURCE: &str = include_str!("../../rules/boilerplate.toml");
const BUILTIN_NAME: &str = "rules/boilerplate.toml (built-in)";

/// Compiled boilerplate rules. [`BoilerplateRules::builtin`] is the default; [`BoilerplateRules::from_file`]
/// loads a user's file of the same layout.
#[derive(Debug, Clone)]
pub struct BoilerplateRules {
    /// Lowercased widget lines.
    widgets: HashSet<String>,
    drop: Vec<Regex>,
    drop_repeated: bool,
    min_repeated_words: usize,
    source_url: Vec<Regex>,
    /// Address lines looked for only before the headline (a scraper's first line).
    source_url_before_headline: Vec<Regex>,
    timestamp: Vec<Regex>,
    credits: Vec<Regex>,
    lead_prefixes: Vec<Regex>,
    byline_max_words: usize,
    byline_max_chars: usize,
}

/// A publication-time line: as written, and in ISO 8601 when the date is a real one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Timestamp {
    pub raw: String,
    pub published: Option<String>,
}

/// What one line of a page is, according to the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LineClass {
    Blank,
    /// Boilerplate: dropped.
    Drop,
    SourceUrl(String),
    Timestamp(Timestamp),
    /// Text of the article.
    Content,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    #[serde(default)]
    inherit: bool,
    #[serde(default)]
    lines: RawLines,
    #[serde(default)]
    source_url: RawSourceUrl,
    #[serde(default)]
    timestamp: RawPatterns,
    #[serde(default)]
    caption: RawCaption,
    #[serde(default)]
    lead: RawLead,
    #[serde(default)]
    byline: RawByline,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLines {
    #[serde(default)]
    widgets: Vec<String>,
    #[serde(default)]
    drop: Vec<Spanned<String>>,
    drop_repeated: Option<bool>,
    min_repeated_words: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPatterns {
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSourceUrl {
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
    #[serde(default)]
    before_headline: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCaption {
    #[serde(default)]
    credits: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLead {
    #[serde(default)]
    strip_prefixes: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawByline {
    max_words: Option<usize>,
    max_chars: Option<usize>,
}

impl BoilerplateRules {
    /// The built-in rules (rules/boilerplate.toml, embedded at build time).
    pub fn builtin() -> BoilerplateRules {
        static BUILTIN: std::sync::OnceLock<BoilerplateRules> = std::sync::OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                BoilerplateRules::compile(BUILTIN_SOURCE, BUILTIN_NAME, None)
                    .unwrap_or_else(|e| panic!("built-in boilerplate rules are broken: {e}"))
            })
            .clone()
    }

    /// Loads a rules file. TOML errors, unknown keys, bad regexes and missing named groups are errors naming
    /// the file and line.
    pub fn from_file(path: &Path) -> Result<BoilerplateRules, IngestError> {
        let name = path.display().to_string();
        let source = std::fs::read_to_string(path)
            .map_err(|e| IngestError::new(&name, IngestErrorKind::Io { detail: e.to_string() }))?;
        BoilerplateRules::from_toml_str(&source, &name)
    }

    /// Parses rules from TOML text; `name` is used in error messages.
    pub fn from_toml_str(source: &str, name: &str) -> Result<BoilerplateRules, IngestError> {
        let builtin = BoilerplateRules::builtin();
        BoilerplateRules::compile(source, name, Some(&builtin))
    }

    /// `base` is what `inherit = true` extends.
    fn compile(source: &str, name: &str, base: Option<&BoilerplateRules>) -> Result<BoilerplateRules, IngestError> {
        let bad = |line: usize, detail: String| IngestError::new(name, IngestErrorKind::BadRules { line, detail });
        let raw: RawRules = toml::from_str(source).map_err(|e| {
            let line = e.span().map(|span| line_of(source, span.start)).unwrap_or(1);
            bad(line, e.message().to_string())
        })?;
        let compile_all = |patterns: &[Spanned<String>], groups: &[&str]| -> Result<Vec<Regex>, IngestError> {
            patterns
                .iter()
                .map(|pattern| {
                    let line = line_of(source, pattern.span().start);
                    let regex = Regex::new(pattern.get_ref()).map_err(|e| {
                        bad(
                            line,
                            crate::t!(
                                "ingest-reason-rules-regex",
                                pattern = pattern.get_ref().clone(),
                                detail = e.to_string()
                            ),
                        )
                    })?;
                    for group in groups {
                        if !regex.capture_names().any(|n| n == Some(group)) {
                            return Err(bad(
                                line,
                                crate::t!(
                                    "ingest-reason-rules-group",
                                    pattern = pattern.get_ref().clone(),
                                    group = group.to_string()
                                ),
                            ));
                        }
                    }
                    Ok(regex)
                })
                .collect()
        };
        let mut rules = BoilerplateRules {
            widgets: raw.lines.widgets.iter().map(|w| collapse_whitespace(w).to_lowercase()).collect(),
            drop: compile_all(&raw.lines.drop, &[])?,
            drop_repeated: raw.lines.drop_repeated.unwrap_or(true),
            min_repeated_words: raw.lines.min_repeated_words.unwrap_or(3).max(1),
            source_url: compile_all(&raw.source_url.patterns, &["url"])?,
            source_url_before_headline: compile_all(&raw.source_url.before_headline, &["url"])?,
            timestamp: compile_all(&raw.timestamp.patterns, &["day", "month", "year"])?,
            credits: compile_all(&raw.caption.credits, &["credit"])?,
            lead_prefixes: compile_all(&raw.lead.strip_prefixes, &[])?,
            byline_max_words: raw.byline.max_words.unwrap_or(7),
            byline_max_chars: raw.byline.max_chars.unwrap_or(60),
        };
        if let (true, Some(base)) = (raw.inherit, base) {
            rules.widgets.extend(base.widgets.iter().cloned());
            rules.drop.extend(base.drop.iter().cloned());
            rules.source_url.extend(base.source_url.iter().cloned());
            rules.source_url_before_headline.extend(base.source_url_before_headline.iter().cloned());
            rules.timestamp.extend(base.timestamp.iter().cloned());
            rules.credits.extend(base.credits.iter().cloned());
            rules.lead_prefixes.extend(base.lead_prefixes.iter().cloned());
            if raw.lines.drop_repeated.is_none() {
                rules.drop_repeated = base.drop_repeated;
            }
            if raw.lines.min_repeated_words.is_none() {
                rules.min_repeated_words = base.min_repeated_words;
            }
            if raw.byline.max_words.is_none() {
                rules.byline_max_words = base.byline_max_words;
            }
            if raw.byline.max_chars.is_none() {
                rules.byline_max_chars = base.byline_max_chars;
            }
        }
        Ok(rules)
    }

    /// Classifies one line (whitespace already collapsed and trimmed by the caller or here).
    pub(crate) fn classify(&self, line: &str) -> LineClass {
        self.classify_collapsed(&collapsed(line))
    }

    /// [`BoilerplateRules::classify`] of a line whose whitespace is already collapsed.
    pub(crate) fn classify_collapsed(&self, line: &str) -> LineClass {
        debug_assert!(is_collapsed(line));
        if line.is_empty() {
            return LineClass::Blank;
        }
        if let Some(url) = self.source_url(line) {
            return LineClass::SourceUrl(url);
        }
        if line.len() <= MAX_SHORT_LINE_BYTES {
            if let Some(timestamp) = self.timestamp(line) {
                return LineClass::Timestamp(timestamp);
            }
        }
        if self.is_boilerplate(line) {
            return LineClass::Drop;
        }
        LineClass::Content
    }

    /// Widget lines, drop regexes and related-article lines. The drop regexes are tried on short lines only, as
    /// widgets are: boilerplate lines are short, and most of a page's bytes are paragraphs, which would otherwise
    /// pay one regex call per rule (the rules added for issue 12 made ingest some 5 % slower that way).
    pub(crate) fn is_boilerplate(&self, line: &str) -> bool {
        self.is_widget_row(line)
            || (line.len() <= MAX_SHORT_LINE_BYTES && self.drop.iter().any(|r| r.is_match(line)))
            || (self.drop_repeated && is_repeated_title(line, self.min_repeated_words))
    }

    /// A widget, or a row of widgets separated by "|" ("In bài viết | Xem cỡ chữ").
    fn is_widget_row(&self, line: &str) -> bool {
        if line.len() > MAX_SHORT_LINE_BYTES {
            return false;
        }
        let lower = line.to_lowercase();
        self.widgets.contains(&lower)
            || (lower.contains('|')
                && lower
                    .split('|')
                    .map(str::trim)
                    .filter(|part| !part.is_empty())
                    .all(|part| self.widgets.contains(part))
                && lower.split('|').any(|part| !part.trim().is_empty()))
    }

    pub(crate) fn source_url(&self, line: &str) -> Option<String> {
        url_of(&self.source_url, line)
    }

    /// The page's address on a line before the headline ("https://baobinhthuan.com.vn/…" alone on the first line,
    /// as scrapers save a page). Further down the same line is text: a link the article gives.
    pub(crate) fn source_url_before_headline(&self, line: &str) -> Option<String> {
        url_of(&self.source_url_before_headline, line)
    }

    /// Reads a publication-time line; day/month/year order. An impossible date keeps the raw text only.
    pub(crate) fn timestamp(&self, line: &str) -> Option<Timestamp> {
        let caps = self.timestamp.iter().filter(|r| r.is_match(line)).find_map(|r| r.captures(line))?;
        let number = |group: &str| caps.name(group).and_then(|m| m.as_str().parse::<u32>().ok());
        let published = (|| {
            let date = chrono::NaiveDate::from_ymd_opt(number("year")? as i32, number("month")?, number("day")?)?;
            let mut iso = date.format("%Y-%m-%d").to_string();
            if let (Some(hour), Some(minute)) = (number("hour"), number("minute")) {
                chrono::NaiveTime::from_hms_opt(hour, minute, 0)?;
                iso.push_str(&format!("T{hour:02}:{minute:02}:00"));
                if let Some(tz) = caps.name("tz") {
                    iso.push_str(&gmt_offset(tz.as_str())?);
                }
            }
            Some(iso)
        })();
        Some(Timestamp { raw: line.to_string(), published })
    }

    /// Splits a caption line into (caption text, credit) when it ends with a photo credit. The text may be
    /// empty when the line is only a credit.
    pub(crate) fn split_credit(&self, line: &str) -> Option<(String, String)> {
        self.credits.iter().find_map(|r| {
            if !r.is_match(line) {
                return None;
            }
            let caps = r.captures(line)?;
            let whole = caps.get(0)?;
            let credit = caps["credit"].trim().to_string();
            if credit.is_empty() {
                return None;
            }
            let text = line[..whole.start()].trim_end_matches([' ', '-', '–', '|']).trim().to_string();
            Some((text, credit))
        })
    }

    /// Removes a source prefix such as "(GLO)-" from the start of a lead.
    pub(crate) fn strip_lead_prefix(&self, lead: String) -> String {
        for regex in &self.lead_prefixes {
            if let Some(m) = regex.find(&lead) {
                let rest = lead[m.end()..].trim_start();
                if !rest.is_empty() {
                    return rest.to_string();
                }
            }
        }
        lead
    }

    /// A short line with no final punctuation: a name ("Thành Luân") or an agency ("NDO").
    pub(crate) fn is_byline_like(&self, text: &str) -> bool {
        let words = text.split_whitespace().count();
        words >= 1
            && words <= self.byline_max_words
            && text.chars().count() <= self.byline_max_chars
            && !ends_with_sentence_punctuation(text)
            && text.chars().next().is_some_and(|c| c.is_uppercase() || c == '(')
            && !text.chars().any(|c| c.is_ascii_digit())
    }
}

/// The `url` group of the first of `regexes` matching `line`.
fn url_of(regexes: &[Regex], line: &str) -> Option<String> {
    // is_match first: most lines match nothing, and captures() allocates its slots on every call.
    regexes.iter().filter(|r| r.is_match(line)).find_map(|r| r.captures(line)).map(|c| c["url"].to_string())
}

/// 1-based line of a byte offset.
fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

/// "GMT+7" → "+07:00".
fn gmt_offset(tz: &str) -> Option<String> {
    let compact: String = tz.chars().filter(|c| !c.is_whitespace()).collect();
    let rest = compact.strip_prefix("GMT")?;
    let (sign, hours) = rest.split_at(1);
    let hours: u32 = hours.parse().ok()?;
    (hours <= 14 && (sign == "+" || sign == "-")).then(|| format!("{sign}{hours:02}:00"))
}

/// Runs of whitespace (including non-breaking spaces) become one space; ends trimmed.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    collapsed(text).into_owned()
}

/// [`collapse_whitespace`] that borrows `text` when it is already collapsed, as most lines are (and readers
/// collapse a line more than once).
pub(crate) fn collapsed(text: &str) -> Cow<'_, str> {
    if is_collapsed(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// No leading or trailing whitespace, no whitespace but single spaces. Tested on blocks of bytes without
/// branches ([`breaks_collapse`]), which the compiler turns into vector code: this runs on every line and
/// every piece of every article.
pub(crate) fn is_collapsed(text: &str) -> bool {
    const BLOCK: usize = 64;
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut i = 0;
    while let Some(window) = bytes.get(i..i + BLOCK + 2) {
        let window: &[u8; BLOCK + 2] = window.try_into().expect("BLOCK + 2 bytes");
        if (0..BLOCK).fold(false, |found, k| found | breaks_collapse(window[k], window[k + 1], window[k + 2])) {
            return false;
        }
        i += BLOCK;
    }
    let byte = |k: usize| bytes.get(k).copied().unwrap_or(0);
    !(i..bytes.len()).any(|k| breaks_collapse(bytes[k], byte(k + 1), byte(k + 2)))
}

/// Does the byte `b`, followed by `next` and `after`, start whitespace other than a single space: an ASCII tab or
/// line break, a second space, or a Unicode space (U+0085, U+00A0 as C2 xx; U+1680 as E1 9A 80; U+2000–U+200A,
/// U+2028, U+2029, U+202F as E2 80 xx; U+205F as E2 81 9F; U+3000 as E3 80 80)? A zero past the end of the text
/// matches nothing.
#[inline(always)]
fn breaks_collapse(b: u8, next: u8, after: u8) -> bool {
    let ascii = (0x09..=0x0D).contains(&b) | ((b == b' ') & (next == b' '));
    let c2 = (b == 0xC2) & ((next == 0x85) | (next == 0xA0));
    let e1 = (b == 0xE1) & (next == 0x9A) & (after == 0x80);
    let e2_80 = (next == 0x80) & ((after <= 0x8A) | (after == 0xA8) | (after == 0xA9) | (after == 0xAF));
    let e2 = (b == 0xE2) & (e2_80 | ((next == 0x81) & (after == 0x9F)));
    let e3 = (b == 0xE3) & (next == 0x80) & (after == 0x80);
    ascii | c2 | e1 | e2 | e3
}

/// [`is_collapsed`] character by character: the reference it is tested against.
#[cfg(test)]
fn is_collapsed_by_chars(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut previous_space = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b' ' {
            if previous_space {
                return false;
            }
            previous_space = true;
            i += 1;
            continue;
        }
        if b < 0x80 {
            if b.is_ascii_whitespace() || b == 0x0B {
                return false;
            }
        } else if matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3) && text[i..].chars().next().is_some_and(char::is_whitespace) {
            return false;
        }
        previous_space = false;
        i += 1;
    }
    !previous_space || text.is_empty()
}

/// The cells of a line that starts or ends with "|", the way scrapers write a table row ("| a | b |", "a | b |");
/// None for other lines ("21:32 | 12/08/2022", "Du lịch | Văn hóa: …" keep their "|").
pub(crate) fn table_cells(line: &str) -> Option<Vec<&str>> {
    let line = line.trim();
    (line.starts_with('|') || line.ends_with('|'))
        .then(|| line.split('|').map(str::trim).filter(|cell| !cell.is_empty()).collect())
}

/// Timestamp and widget lines are short; a paragraph-length line is never one, so the rules that read them need
/// not look at it (they run on every line of every article).
const MAX_SHORT_LINE_BYTES: usize = 240;

pub(crate) fn ends_with_sentence_punctuation(text: &str) -> bool {
    text.trim_end().ends_with(['.', '!', '?', ':', ';', '…', ',', '"', '”', '’', '»'])
}

/// A related-article title repeated on one line: the line starts with N words that are repeated right after
/// (N ≥ `min_words`). Covers "X X" and the cut-off form "X' X" where X' is a prefix of X.
fn is_repeated_title(line: &str, min_words: usize) -> bool {
    let bytes = line.as_bytes();
    let word_count = bytes.iter().filter(|&&b| b == b' ').count() + 1;
    // Related-article titles are short; a long paragraph is never one (and the check stays cheap).
    if word_count > 120 {
        return false;
    }
    // Words are separated by single ' ' (split, not collapsed), so the first n words equal the next n exactly
    // when the text before the n-th separator, X, is followed by " " + X and then a separator or the end.
    let mut words_before = 0;
    for (separator, _) in bytes.iter().enumerate().filter(|(_, &b)| b == b' ') {
        words_before += 1;
        if words_before > word_count / 2 {
            break;
        }
        if words_before < min_words {
            continue;
        }
        let (first, rest) = (&bytes[..separator], &bytes[separator + 1..]);
        if rest.starts_with(first) && rest.get(first.len()).is_none_or(|&b| b == b' ') {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_is_collapsed_whether_or_not_it_needs_to_be() {
        for (input, expected) in [
            ("", ""),
            ("a b", "a b"),
            (" a", "a"),
            ("a ", "a"),
            ("a  b", "a b"),
            ("a\tb", "a b"),
            ("a\u{a0}b", "a b"),
            ("  ", ""),
            ("Tỉnh ủy  Lâm Đồng", "Tỉnh ủy Lâm Đồng"),
        ] {
            assert_eq!(collapse_whitespace(input), expected, "{input:?}");
        }
    }

    #[test]
    fn builtin_rules_compile() {
        let rules = BoilerplateRules::builtin();
        assert!(rules.widgets.contains("in bài viết"));
        assert!(!rules.timestamp.is_empty());
    }

    #[test]
    fn widgets_breadcrumbs_and_residue_are_dropped() {
        let rules = BoilerplateRules::builtin();
        for line in [
            "In bài viết",
            "Xem cỡ chữ",
            "aa",
            "A A",
            "![]() |",
            "| |",
            ".",
            "Trang chủ › Thời sự",
            "Tin Hoạt động >> Chính trị",
            "![ảnh](https://x.vn/a.jpg)",
            "https://img.x.vn/2022/08/a.jpg",
            "| Tin mới: Khánh Hòa đón đoàn |",
            "* * *",
            "In bài viết | Xem cỡ chữ",
            // Widget lines of issue 12.
            "Chia sẻ bài viết Facebook Zalo",
            "Theo dõi Báo Bình Thuận trên Google News",
            "Bản in",
            "Cỡ chữ A- A+",
            // Seen on real pages: a related-article line (baoquangbinh.vn), a comment counter (a copy of a Báo
            // Quảng Ninh page), an advertisement label (tienphong.vn), a section heading (vietnammedia.vnanet.vn),
            // reader-form widgets (baovinhlong.com.vn), a comment form (thvl.vn), an image label (izabacninh.gov.vn).
            ">> Hội nghị đánh giá kết quả chỉ đạo và tổ chức đại hội điểm các đảng bộ, chi bộ cơ sở nhiệm kỳ 2015-2020",
            "Ý kiến ()",
            "Quảng cáo",
            "TIN CÙNG CHUYÊN MỤC",
            "Thông tin bạn đọc",
            "Đóng Lưu thông tin",
            "Trả lời",
            "Email của bạn sẽ không được hiển thị công khai. Các trường bắt buộc được đánh dấu *",
            "Ảnh minh họa.",
        ] {
            assert_eq!(rules.classify(line), LineClass::Drop, "{line}");
        }
        for line in [
            "Thành Luân",
            "Du lịch | Văn hóa: Khánh Hòa đón khách",
            "Tỉnh ủy Lâm Đồng họp phiên thường kỳ tháng 8.",
            "Trang chủ của tỉnh được nâng cấp.",
        ] {
            assert_eq!(rules.classify(line), LineClass::Content, "{line}");
        }
    }

    #[test]
    fn repeated_titles_match_the_word_by_word_definition() {
        // The definition: the first n words (split on ' ') equal the next n, for some n from min_words.
        fn by_words(line: &str, min_words: usize) -> bool {
            let words: Vec<&str> = line.split(' ').collect();
            words.len() <= 120 && (min_words..=words.len() / 2).any(|n| words[..n] == words[n..2 * n])
        }
        let alphabet = ["Đà", "Lạt", "đón", "Đà Lạt", " ", "  ", "", "khách", "Lạt đón", "Đ", "x"];
        let mut rng = crate::test_texts::TestRng::new(0x9E37_79B9_7F4A_7C15);
        for _ in 0..20_000 {
            let mut line = String::new();
            for _ in 0..rng.below(16) {
                // Words mostly one space apart, sometimes glued.
                if !line.is_empty() && rng.below(4) != 0 {
                    line.push(' ');
                }
                line.push_str(rng.pick(&alphabet));
            }
            for min_words in 1..4 {
                assert_eq!(is_repeated_title(&line, min_words), by_words(&line, min_words), "{line:?} {min_words}");
            }
        }
        let long = "từ ".repeat(130);
        assert!(!is_repeated_title(long.trim_end(), 3));
    }

    #[test]
    fn collapsed_check_agrees_with_collapsing() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            assert_eq!(is_collapsed(&text), collapse_whitespace(&text) == text, "{c:?}");
            // At the edges too, for the characters whose lead bytes the test looks at (C2, E1, E2, E3) and ASCII.
            if !matches!(c as u32, 0..=0xBF | 0x1000..=0x3FFF) {
                continue;
            }
            for text in [format!("{c}"), format!("{c}a"), format!("a{c}"), format!("a {c}"), format!("{c} a")] {
                assert_eq!(is_collapsed(&text), collapse_whitespace(&text) == text, "{text:?}");
                assert_eq!(is_collapsed(&text), is_collapsed_by_chars(&text), "{text:?}");
            }
        }
        // Long lines, so the block test runs: every whitespace character (and some look-alikes) at every
        // position.
        let line = "Nguyễn Thị Hoà “Uỷ ban” đồng ý. ".repeat(8);
        let line = line.trim_end();
        assert!(is_collapsed(line));
        let odd = (0..=0x10FFFFu32).filter_map(char::from_u32).filter(|c| c.is_whitespace());
        for c in odd.chain(['\u{1EA0}', '\u{2010}', '\u{a1}', '\u{2030}', '\u{1681}', '\u{3001}', '\u{200b}']) {
            for position in line.char_indices().map(|(i, _)| i) {
                let mut text = line.to_string();
                text.insert(position, c);
                assert_eq!(is_collapsed(&text), is_collapsed_by_chars(&text), "{text:?}");
            }
        }
        for text in ["", " ", "a", "a b", "a  b", " a", "a ", "Hà\u{3000}Nội", "Hà\u{a0}Nội", "Hà Nội"] {
            let by_split = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(is_collapsed(text), by_split == text, "{text:?}");
        }
    }

    #[test]
    fn repeated_titles_are_found_generally() {
        assert!(is_repeated_title("Đà Lạt đón khách quốc tế Đà Lạt đón khách quốc tế", 3));
        assert!(is_repeated_title(
            "Bàn giải pháp về mô hình Bàn giải pháp về mô hình \"chuẩn\" cho bộ máy Liên hiệp",
            3
        ));
        assert!(!is_repeated_title("Hà Nội Hà Nội mùa thu", 3));
        assert!(!is_repeated_title("Ông Nguyễn Văn A, Chủ tịch UBND tỉnh, phát biểu tại hội nghị.", 3));
    }

    #[test]
    fn timestamps_in_every_seen_form() {
        let rules = BoilerplateRules::builtin();
        let published = |line: &str| rules.timestamp(line).and_then(|t| t.published);
        assert_eq!(published("21:32 | 12/08/2022").as_deref(), Some("2022-08-12T21:32:00"));
        assert_eq!(published("15:19 | 16/11/2021 GMT+7").as_deref(), Some("2021-11-16T15:19:00+07:00"));
        assert_eq!(published("Thứ năm - 26/11/2020 15:21").as_deref(), Some("2020-11-26T15:21:00"));
        assert_eq!(published("Ngày đăng : 14:35, 10/01/2020").as_deref(), Some("2020-01-10T14:35:00"));
        assert_eq!(published("Thứ Sáu, 5/1/2022").as_deref(), Some("2022-01-05"));
        // With extra words around the time, as real pages write it: weekday and zone in brackets
        // (baoquangbinh.vn), a label without a colon and a one-digit minute (vov1.vov.gov.vn), "ngày" and dashes
        // (tapchicongsan.org.vn), dashes and a zone (vietnammedia.vnanet.vn), time and date with no mark between
        // (tuoitrephuyen.vn), and the forms of issue 12 (a label with "lúc" and a weekday, a view counter after).
        for (line, iso) in [
            ("Thứ Tư, 08/04/2015, 08:11 [GMT+7]", "2015-04-08T08:11:00+07:00"),
            ("Ngày phát hành 16:6 | 16/6/2024", "2024-06-16T16:06:00"),
            ("15:39, ngày 22-06-2023", "2023-06-22T15:39:00"),
            ("11-03-2026, 16:27 (GMT+7)", "2026-03-11T16:27:00+07:00"),
            ("00:48 28/09/2017", "2017-09-28T00:48:00"),
            ("Cập nhật lúc 10:25, Thứ Hai, 12/05/2025 (GMT+7)", "2025-05-12T10:25:00+07:00"),
            ("Thứ Ba, 05/03/2024 | 08:15", "2024-03-05T08:15:00"),
            ("Ngày đăng: 14:35, 10/01/2020 | Lượt xem: 1234", "2020-01-10T14:35:00"),
        ] {
            assert_eq!(published(line).as_deref(), Some(iso), "{line}");
        }
        // Impossible date: still a timestamp line, but no ISO time.
        let odd = rules.timestamp("10:00 | 31/02/2022").unwrap();
        assert_eq!(odd.published, None);
        assert!(rules.timestamp("Ngày 5/1/2022, Ban Bí thư ban hành Chỉ thị số 12-CT/TW.").is_none());
    }

    #[test]
    fn credits_are_split_from_captions() {
        let rules = BoilerplateRules::builtin();
        assert_eq!(
            rules.split_credit("Lãnh đạo tỉnh phát biểu (Ảnh: TT Dân)."),
            Some(("Lãnh đạo tỉnh phát biểu".into(), "TT Dân".into()))
        );
        assert_eq!(
            rules.split_credit("Quang cảnh hội nghị. Ảnh: Lê Đại |"),
            Some(("Quang cảnh hội nghị.".into(), "Lê Đại".into()))
        );
        assert_eq!(
            rules.split_credit("Trao quà (Nguồn: LHHN tỉnh Vĩnh Phúc)"),
            Some(("Trao quà".into(), "LHHN tỉnh Vĩnh Phúc".into()))
        );
        // Real captions: a credit holding parentheses, with spaces inside the outer ones (a TTXVN caption on
        // baomoi.com), and a credit after a dash with no colon (topdulichtrainghiem.com).
        assert_eq!(
            rules.split_credit(
                "Các đồng chí lãnh đạo Đảng, Nhà nước và các đại biểu dự Lễ kỷ niệm. ( Ảnh: TRÍ DŨNG (TTXVN) )"
            ),
            Some((
                "Các đồng chí lãnh đạo Đảng, Nhà nước và các đại biểu dự Lễ kỷ niệm.".into(),
                "TRÍ DŨNG (TTXVN)".into()
            ))
        );
        assert_eq!(
            rules.split_credit("Trung tâm TP. Phan Thiết (Bình Thuận, Việt Nam) – Ảnh Bùi Thị Đào Nguyên"),
            Some(("Trung tâm TP. Phan Thiết (Bình Thuận, Việt Nam)".into(), "Bùi Thị Đào Nguyên".into()))
        );
        // "Ảnh" without a colon is a credit only after a dash and before a name.
        assert_eq!(rules.split_credit("Đoàn tham quan – ảnh chụp từ flycam"), None);
        assert_eq!(rules.split_credit("Trong bức ảnh: hai em nhỏ đang chơi."), None);
    }

    #[test]
    fn lead_prefixes_and_bylines() {
        let rules = BoilerplateRules::builtin();
        assert_eq!(rules.strip_lead_prefix("(GLO)- Sáng 21-1, Tỉnh ủy họp.".into()), "Sáng 21-1, Tỉnh ủy họp.");
        assert_eq!(rules.strip_lead_prefix("(ĐNND) là kênh quan trọng.".into()), "(ĐNND) là kênh quan trọng.");
        assert!(rules.is_byline_like("Thành Luân"));
        assert!(rules.is_byline_like("NDO"));
        assert!(!rules.is_byline_like("Tỉnh đã tổ chức hội nghị."));
    }

    #[test]
    fn bad_rules_name_the_line() {
        let err =
            BoilerplateRules::from_toml_str("[lines]\ndrop = [\n  'ok',\n  '(unclosed',\n]\n", "my.toml").unwrap_err();
        assert_eq!(err.source_name, "my.toml");
        assert!(matches!(err.kind, IngestErrorKind::BadRules { line: 4, .. }), "{:?}", err.kind);
        let err = BoilerplateRules::from_toml_str("[lines]\nwidgets = []\nunknown = 1\n", "my.toml").unwrap_err();
        assert!(matches!(err.kind, IngestErrorKind::BadRules { line: 3, .. }), "{:?}", err.kind);
        let err =
            BoilerplateRules::from_toml_str("[timestamp]\npatterns = ['(?P<day>\\d+)']\n", "my.toml").unwrap_err();
        assert!(matches!(err.kind, IngestErrorKind::BadRules { line: 2, .. }), "{:?}", err.kind);
    }

    #[test]
    fn inherit_extends_the_builtin_rules() {
        let rules =
            BoilerplateRules::from_toml_str("inherit = true\n[lines]\nwidgets = ['Quảng cáo']\n", "u.toml").unwrap();
        assert_eq!(rules.classify("Quảng cáo"), LineClass::Drop);
        assert_eq!(rules.classify("In bài viết"), LineClass::Drop);
        let own = BoilerplateRules::from_toml_str("[lines]\nwidgets = ['Quảng cáo']\n", "u.toml").unwrap();
        assert_eq!(own.classify("In bài viết"), LineClass::Content);
    }
}
