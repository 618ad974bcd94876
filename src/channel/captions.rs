//! Caption cues from article text: line breaking and timing.
//!
//! Text is cut into cues of at most `max_lines` lines of at most `max_chars_per_line` characters (counted on
//! NFC text). A cue ends at a sentence or clause end when one falls in its second half. Lines break at word
//! boundaries, never inside a protected range (a glossary term), preferably after punctuation and before a
//! conjunction or preposition, and never right after an article, a pronoun or an auxiliary, nor between two
//! capitalized words (a first and a last name). Timing comes from reading speed: each cue stays on screen for
//! its characters at `max_chars_per_second`, within the minimum and maximum durations, `gap_ms` apart.
//!
//! Chinese and Japanese are written without spaces: there every ideograph and kana may start a line, runs of
//! Latin letters and digits stay whole, closing punctuation stays at the end of its line and opening brackets
//! at the start of theirs (the kinsoku rule), and lines are joined without spaces. Korean breaks at its spaces.

use std::ops::Range;

use crate::config::CaptionLimits;
use crate::glossary::Matcher;
use crate::text::is_unspaced_script as unspaced;

/// One caption: when it shows and its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    pub start_ms: u64,
    pub end_ms: u64,
    pub lines: Vec<String>,
}

impl Cue {
    /// Characters read in this cue: the lines joined by a space.
    pub fn chars(&self) -> usize {
        self.lines.iter().map(|l| l.chars().count()).sum::<usize>() + self.lines.len().saturating_sub(1)
    }
}

/// A piece that is never split across lines: a word, or several words of one protected term.
#[derive(Debug, Clone)]
struct Unit {
    text: String,
    chars: usize,
    /// A space separates it from the unit before (never between Chinese or Japanese characters).
    space_before: bool,
}

/// Punctuation that may not start a line (it stays with what it follows).
fn closing(c: char) -> bool {
    "，。、！？：；）」』】〕》〉”’…％・ー,.!?:;)%".contains(c)
}

/// Punctuation that may not end a line (it stays with what follows).
fn opening(c: char) -> bool {
    "（「『【〔《〈“‘(".contains(c)
}

/// Byte ranges of the words of `text`, each with whether whitespace came before it. Runs of Chinese or
/// Japanese characters are cut between characters, closing punctuation kept with the character before and
/// opening brackets with the one after.
fn words_of(text: &str) -> Vec<(usize, usize, bool)> {
    let mut words: Vec<(usize, usize, bool)> = Vec::new();
    let mut start: Option<usize> = None;
    let mut space_before = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                words.push((s, i, space_before));
            }
            space_before = true;
            continue;
        }
        let s = *start.get_or_insert(i);
        let end = i + c.len_utf8();
        let next = chars.peek().map(|&(_, n)| n);
        // A cut after this character: between two characters where either is unspaced, unless the next one
        // is closing punctuation or this one is an opening bracket.
        let cut =
            next.is_some_and(|n| !n.is_whitespace() && (unspaced(c) || unspaced(n)) && !closing(n) && !opening(c));
        if cut {
            words.push((s, end, space_before));
            start = None;
            space_before = false;
        }
    }
    if let Some(s) = start {
        words.push((s, text.len(), space_before));
    }
    words
}

/// Byte ranges in `text` where one of `terms` occurs (case-sensitive, whole words).
pub fn protected_ranges(text: &str, terms: &[String]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // One-word terms need no protection, except in Chinese and Japanese, where a term is several characters.
    for term in terms.iter().filter(|t| t.contains(' ') || t.chars().any(unspaced)) {
        let mut from = 0;
        // Between Chinese or Japanese characters there is no word boundary to ask for.
        let word = |c: char| c.is_alphanumeric() && !unspaced(c);
        while let Some(at) = text[from..].find(term.as_str()) {
            let (start, end) = (from + at, from + at + term.len());
            let before_ok = !text[..start].chars().next_back().is_some_and(word);
            let after_ok = !text[end..].chars().next().is_some_and(word);
            if before_ok && after_ok {
                out.push(start..end);
            }
            from = end;
        }
    }
    out
}

/// Byte ranges of foreign names in katakana, the run of katakana around a middle dot ("グエン・フー・チョン"):
/// a Japanese line may break between any two kana, but not inside a person's name.
fn katakana_names(text: &str) -> Vec<Range<usize>> {
    // Katakana, the middle dot ・ (U+30FB) and the long mark ー (U+30FC).
    let kana = |c: char| matches!(c as u32, 0x30A1..=0x30FC);
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (kana(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let run = &text[s..i];
                if run.trim_matches('・').contains('・') {
                    out.push(s..i);
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The target-language renderings of the glossary terms found in `sources` (Vietnamese texts), for
/// [`protected_ranges`].
pub fn glossary_terms<'s>(sources: impl IntoIterator<Item = &'s str>, matcher: &Matcher, lang: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for source in sources {
        // Only the renderings are needed: no hit is built (document references come with the run's hits).
        for found in matcher.find_matches(source) {
            if let Some(target) = matcher.targets_of(&found).get(lang) {
                if !terms.contains(target) {
                    terms.push(target.clone());
                }
            }
        }
    }
    // Longest first, so a long title is protected whole even where a shorter term sits inside it.
    terms.sort_by_key(|t| std::cmp::Reverse(t.len()));
    terms
}

/// Words of `text`, the words of each protected range joined into one unit; a unit longer than a line is
/// split (a protected term at word boundaries, a single word by characters).
fn units(text: &str, protected: &[Range<usize>], max_chars: usize) -> Vec<Unit> {
    let words = words_of(text);
    let mut out: Vec<Unit> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let (s, mut e, space_before) = words[i];
        let mut j = i + 1;
        if let Some(range) = protected.iter().find(|r| r.start <= s && s < r.end) {
            while j < words.len() && words[j].0 < range.end {
                e = words[j].1;
                j += 1;
            }
        }
        let joined: String = text[s..e].split_whitespace().collect::<Vec<_>>().join(" ");
        let chars = joined.chars().count();
        if chars <= max_chars {
            out.push(Unit { text: joined, chars, space_before });
            i = j;
        } else if j > i + 1 {
            // A protected term longer than a line: its words go one by one.
            let (s1, e1, _) = words[i];
            push_word(&mut out, &text[s1..e1], max_chars, space_before);
            i += 1;
        } else {
            push_word(&mut out, &joined, max_chars, space_before);
            i = j;
        }
    }
    out
}

fn push_word(out: &mut Vec<Unit>, word: &str, max_chars: usize, space_before: bool) {
    let chars: Vec<char> = word.chars().collect();
    for (n, piece) in chars.chunks(max_chars.max(1)).enumerate() {
        out.push(Unit { text: piece.iter().collect(), chars: piece.len(), space_before: space_before && n == 0 });
    }
}

const NO_BREAK_AFTER: &[&str] = &[
    "a", "an", "the", "this", "these", "those", "his", "her", "its", "their", "our", "my", "your", "i", "we", "he",
    "she", "they", "it", "is", "are", "was", "were", "will", "would", "can", "could", "has", "have", "had", "not",
    "no", "mr.", "ms.", "mrs.", "dr.", "very", "more", "most",
    // Ordinals and determiners stay with their noun ("the first / quarter" reads badly).
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "last", "next",
    "each", "every", "all", "some", "many", "such", "other", "same", "per",
];
const BREAK_BEFORE: &[&str] = &[
    "and", "but", "or", "nor", "so", "to", "of", "in", "on", "at", "for", "with", "from", "by", "that", "which", "who",
    "whose", "where", "when", "while", "as", "because", "after", "before", "into", "through",
];

fn ends_sentence(text: &str) -> bool {
    const ABBREVIATIONS: [&str; 8] = ["mr.", "ms.", "mrs.", "dr.", "st.", "no.", "gen.", "col."];
    let lower = text.to_lowercase();
    let initial = text.chars().count() == 2 && text.starts_with(char::is_uppercase);
    !ABBREVIATIONS.contains(&lower.as_str())
        && !initial
        && text
            .trim_end_matches(['"', '\'', ')', '”', '’', '」', '』'])
            .ends_with(['.', '!', '?', '…', '。', '！', '？'])
}

fn ends_clause(text: &str) -> bool {
    text.ends_with([',', ';', ':', '–', '—', '，', '、', '；', '：'])
}

fn capitalized(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_uppercase)
}

/// Cost of breaking a line between `before` and `after` (lower is better).
fn break_cost(before: &str, after: &str) -> i64 {
    let word = before.to_lowercase();
    let next = after.to_lowercase();
    if ends_sentence(before) {
        -400
    } else if ends_clause(before) {
        -250
    } else if NO_BREAK_AFTER.contains(&word.as_str()) {
        500
    } else if before.starts_with(|c: char| c.is_ascii_digit())
        && before
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == ',' || c == '.')
            .chars()
            .all(|c| c.is_ascii_lowercase())
        && before.chars().filter(char::is_ascii_lowercase).count() <= 2
    {
        // "7 / projects", "21st / century": a number stays with what it counts.
        300
    } else if capitalized(before) && capitalized(after) {
        300
    } else if BREAK_BEFORE.contains(&next.as_str()) {
        -100
    } else {
        0
    }
}

/// Characters of `units` laid on one line: their own and the spaces between them.
fn width(units: &[Unit]) -> usize {
    units.iter().map(|u| u.chars).sum::<usize>() + units.iter().skip(1).filter(|u| u.space_before).count()
}

/// The best split of `units` into at most `max_lines` lines that fit, or `None` when they cannot fit.
fn layout(units: &[Unit], limits: &CaptionLimits) -> Option<Vec<String>> {
    let max = limits.max_chars_per_line;
    if width(units) <= max {
        return Some(vec![join(units)]);
    }
    for lines in 2..=limits.max_lines {
        if let Some(breaks) = best_breaks(units, lines, max) {
            let mut out = Vec::new();
            let mut from = 0;
            for to in breaks.into_iter().chain(std::iter::once(units.len())) {
                out.push(join(&units[from..to]));
                from = to;
            }
            return Some(out);
        }
    }
    None
}

/// Break positions (unit indices where lines 2.. start) splitting `units` into exactly `lines` lines of at
/// most `max` characters, balancing line lengths and honoring the break costs.
fn best_breaks(units: &[Unit], lines: usize, max: usize) -> Option<Vec<usize>> {
    let n = units.len();
    if n < lines {
        return None;
    }
    let target = width(units) as i64 / lines as i64;
    // best[j][i]: (cost, previous break) laying units[..i] in j lines.
    let mut best: Vec<Vec<Option<(i64, usize)>>> = vec![vec![None; n + 1]; lines + 1];
    best[0][0] = Some((0, 0));
    for j in 1..=lines {
        for i in 1..=n {
            for k in (j - 1)..i {
                let Some((prev, _)) = best[j - 1][k] else { continue };
                let w = width(&units[k..i]);
                if w > max {
                    continue;
                }
                let deviation = w as i64 - target;
                let mut cost = prev + deviation * deviation;
                if i < n {
                    cost += break_cost(&units[i - 1].text, &units[i].text);
                }
                if best[j][i].is_none_or(|(c, _)| cost < c) {
                    best[j][i] = Some((cost, k));
                }
            }
        }
    }
    best[lines][n]?;
    let mut breaks = Vec::new();
    let mut i = n;
    for j in (1..=lines).rev() {
        let (_, k) = best[j][i].expect("reachable");
        if j > 1 {
            breaks.push(k);
        }
        i = k;
    }
    breaks.reverse();
    Some(breaks)
}

fn join(units: &[Unit]) -> String {
    let mut line = String::new();
    for (i, unit) in units.iter().enumerate() {
        if i > 0 && unit.space_before {
            line.push(' ');
        }
        line.push_str(&unit.text);
    }
    line
}

/// Cues for `blocks`, one after another from time 0; lines never break inside one of `terms` (multi-word
/// target-language glossary renderings, see [`glossary_terms`]).
pub fn build_cues(blocks: &[String], terms: &[String], limits: &CaptionLimits) -> Vec<Cue> {
    let terms: Vec<String> = terms.iter().map(|t| crate::text::normalize(t)).collect();
    let mut cues = Vec::new();
    let mut clock = 0u64;
    // Most characters one cue may hold and still be read within the maximum duration.
    let readable = (limits.max_chars_per_second * limits.max_duration_ms as f64 / 1000.0).floor() as usize;
    for text in blocks {
        let text = crate::text::normalize(text);
        let mut protected = protected_ranges(&text, &terms);
        // Dates and amounts stay on one line too ("January 5, 2022", "VND 2.5 billion").
        protected.extend(crate::localize::find_dates(&text, "").into_iter().map(|d| d.start..d.end));
        // Amounts in Chinese or Japanese ("25亿越南盾") are read as such text, not as English.
        let cjk = text.chars().any(unspaced);
        protected.extend(
            crate::localize::find_numbers(&text, if cjk { "zh" } else { "en" })
                .into_iter()
                .filter(|n| n.text.contains(' ') || n.text.chars().any(unspaced))
                .map(|n| n.start..n.end),
        );
        protected.extend(katakana_names(&text));
        protected.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        let all = units(&text, &protected, limits.max_chars_per_line);
        let mut rest: &[Unit] = &all;
        while !rest.is_empty() {
            let mut take = 1;
            while take < rest.len() && width(&rest[..=take]) <= readable && layout(&rest[..=take], limits).is_some() {
                take += 1;
            }
            if take < rest.len() {
                take = preferred_end(&rest[..take], &rest[take]);
                // No orphan: a block's last cue holds at least half a line when the words allow it.
                let half = limits.max_chars_per_line / 2;
                while take > 1 && width(&rest[take..]) < half && layout(&rest[take - 1..], limits).is_some() {
                    take -= 1;
                }
            }
            let lines = layout(&rest[..take], limits).unwrap_or_else(|| vec![join(&rest[..take])]);
            let cue = timed(lines, clock, limits);
            clock = cue.end_ms + limits.gap_ms;
            cues.push(cue);
            rest = &rest[take..];
        }
    }
    cues
}

/// Where a full cue (`units`, followed by `next`) should end: after the last sentence end, else the last clause
/// end, else the cheapest line break (latest on a tie), always in its second half.
fn preferred_end(units: &[Unit], next: &Unit) -> usize {
    let total = width(units);
    let half = |k: usize| width(&units[..k]) * 2 >= total;
    for test in [ends_sentence as fn(&str) -> bool, ends_clause] {
        if let Some(k) = (1..units.len()).rev().find(|&k| test(&units[k - 1].text) && half(k)) {
            return k;
        }
    }
    let after = |k: usize| if k < units.len() { &units[k] } else { next };
    (1..=units.len())
        .filter(|&k| half(k))
        .min_by_key(|&k| (break_cost(&units[k - 1].text, &after(k).text), std::cmp::Reverse(k)))
        .unwrap_or(units.len())
}

fn timed(lines: Vec<String>, start_ms: u64, limits: &CaptionLimits) -> Cue {
    let chars = lines.iter().map(|l| l.chars().count()).sum::<usize>() + lines.len().saturating_sub(1);
    let reading = (chars as f64 * 1000.0 / limits.max_chars_per_second).ceil() as u64;
    let duration = reading.clamp(limits.min_duration_ms, limits.max_duration_ms);
    Cue { start_ms, end_ms: start_ms + duration, lines }
}

/// `HH:MM:SS` + `separator` + `mmm`.
pub fn timestamp(ms: u64, separator: char) -> String {
    let (h, m, s, milli) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    format!("{h:02}:{m:02}:{s:02}{separator}{milli:03}")
}

/// The blocks a TV audience hears: headline, lead, paragraphs, subheads (not photo captions or the byline).
pub fn caption_texts(article: &super::TranslatedArticle<'_>) -> Vec<String> {
    use crate::article::BlockKind;
    article
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Headline | BlockKind::Lead | BlockKind::Paragraph | BlockKind::Subhead))
        .filter(|b| !b.text.trim().is_empty())
        .map(|b| b.text.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> CaptionLimits {
        CaptionLimits::default()
    }

    #[test]
    fn short_text_is_one_line() {
        let cues = build_cues(&["Hello there.".into()], &[], &limits());
        assert_eq!(cues, [Cue { start_ms: 0, end_ms: 833, lines: vec!["Hello there.".into()] }]);
    }

    #[test]
    fn lines_break_after_punctuation_and_not_inside_terms() {
        let text = "Mr. Duong Van An, Secretary of the Provincial Party Committee, chaired the meetings.";
        let term = "the Provincial Party Committee".to_string();
        let terms = vec![term.clone()];
        assert_eq!(protected_ranges(text, &terms), vec![31..61]);
        let cues = build_cues(&[text.into()], &terms, &limits());
        for cue in &cues {
            assert!(cue.lines.len() <= 2 && cue.lines.iter().all(|l| l.chars().count() <= 42), "{cue:?}");
        }
        let all: Vec<&String> = cues.iter().flat_map(|c| &c.lines).collect();
        assert!(all.iter().any(|l| l.contains(&term)), "{all:?}");
        assert_eq!(cues[0].lines, ["Mr. Duong Van An, Secretary", "of the Provincial Party Committee,"]);
        assert_eq!(cues[1].lines, ["chaired the meetings."]);
    }

    #[test]
    fn ordinals_and_counted_numbers_stay_with_their_noun() {
        let text = "On March 17, 2022, the Standing Committee of the Lam Dong Provincial Party Committee held a \
                    conference to review people-to-people diplomacy in the first quarter and to implement the plan.";
        let cues = build_cues(&[text.into()], &[], &limits());
        let lines: Vec<&String> = cues.iter().flat_map(|c| &c.lines).collect();
        assert!(!lines.iter().any(|l| l.ends_with(" first")), "{lines:#?}");
        for (before, after) in [("first", "quarter"), ("21st", "century"), ("14", "projects")] {
            assert!(break_cost(before, after) > 0, "{before} / {after}");
        }
        assert!(break_cost("diplomacy,", "and") < 0);
    }

    #[test]
    fn timing_follows_reading_speed() {
        let text = "word ".repeat(200);
        let cues = build_cues(&[text], &[], &limits());
        for pair in cues.windows(2) {
            assert_eq!(pair[1].start_ms, pair[0].end_ms + 83);
        }
        for cue in &cues {
            let seconds = (cue.end_ms - cue.start_ms) as f64 / 1000.0;
            assert!(cue.chars() as f64 / seconds <= 17.0 + 1e-9, "{cue:?}");
        }
        assert_eq!(timestamp(3_723_004, ','), "01:02:03,004");
    }

    #[test]
    fn an_overlong_word_is_cut() {
        let cues = build_cues(&["x".repeat(100)], &[], &limits());
        assert!(cues.iter().all(|c| c.lines.iter().all(|l| l.chars().count() <= 42)));
        assert_eq!(cues.iter().map(|c| c.chars()).sum::<usize>(), 100 + 1);
    }

    #[test]
    fn chinese_and_japanese_lines_break_between_characters_never_before_closing_punctuation() {
        let text = "2022年8月12日，越南友好组织联合会代表团在平顺省工作，并与省人民委员会领导会谈。\
                    双方同意加强合作，投资25亿越南盾建设学校。";
        let limits = CaptionLimits::for_language("zh");
        let cues = build_cues(&[text.to_string()], &["越南友好组织联合会".to_string()], &limits);
        let lines: Vec<&String> = cues.iter().flat_map(|c| &c.lines).collect();
        for line in &lines {
            assert!(line.chars().count() <= 16, "{line}");
            assert!(!line.starts_with(|c: char| closing(c)), "a line starts with closing punctuation: {lines:?}");
            assert!(!line.contains(' '), "no spaces put between characters: {line}");
        }
        // Nothing lost or added; the date, the amount and the glossary term each on one line.
        assert_eq!(lines.iter().map(|l| l.as_str()).collect::<String>(), text);
        for whole in ["2022年8月12日", "25亿越南盾", "越南友好组织联合会"] {
            assert!(lines.iter().any(|l| l.contains(whole)), "{whole} cut: {lines:?}");
        }
        // Read at 9 characters a second.
        let first = &cues[0];
        assert!(first.end_ms - first.start_ms >= (first.chars() as u64 - 1) * 1000 / 9, "{first:?}");
        let japanese = CaptionLimits::for_language("ja");
        assert_eq!((japanese.max_chars_per_line, japanese.max_chars_per_second), (13, 4.0));
        // A person's name in katakana stays on one line.
        let text = "ビントゥアン省党委員会のズオン・バン・アン書記が会合を主宰した。";
        let lines: Vec<String> =
            build_cues(&[text.to_string()], &[], &japanese).into_iter().flat_map(|c| c.lines).collect();
        assert!(lines.iter().any(|l| l.contains("ズオン・バン・アン")), "{lines:?}");
        assert_eq!(lines.concat(), text);
    }
}
