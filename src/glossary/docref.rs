//! Document references and inline acronym definitions.
//!
//! "Chỉ thị số 12-CT/TW ngày 5/1/2022 của Ban Bí thư" → "Directive No. 12-CT/TW dated January 5, 2022 of the
//! Secretariat": the document type from the glossary, the code verbatim except Đ→D, the date day/month/year,
//! the issuing body from the glossary (its `en@short` rendering when it has one, as references use the short
//! name). "công tác đối ngoại nhân dân (ĐNND)" defines ĐNND inline: the letters are the syllables' initials.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use super::matcher::{CharOffsets, Hit, Matcher};
use super::Kind;
use crate::localize::dates::MONTHS_EN;

/// The channel name of short renderings used inside references (`en@short` column).
pub const SHORT_CHANNEL: &str = "short";

fn reference_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"(?P<type>(?i:chỉ thị|nghị quyết|kết luận|quyết định|nghị định|thông tư))",
            r"(?P<no>\s+(?i:số))?\s+",
            r"(?P<code>\d+(?:/\d{4})?[-/][A-ZĐ]{1,6}(?:[-/][A-ZĐ][A-Za-zĐđ]{0,5})*)",
            r"(?:\s+(?i:ngày)\s+(?P<day>\d{1,2})[/-](?P<month>\d{1,2})[/-](?P<year>\d{4}))?",
        ))
        .expect("static regex")
    })
}

/// English date "January 5, 2022" from day/month/year, or None when it is not a date.
pub fn english_date(day: u32, month: u32, year: u32) -> Option<String> {
    if !(1..=31).contains(&day) || !(1..=12).contains(&month) {
        return None;
    }
    Some(format!("{} {day}, {year}", MONTHS_EN[month as usize - 1]))
}

/// A document code as English writes it: verbatim except Đ→D ("1309/QĐ-TTg" → "1309/QD-TTg").
pub fn english_code(code: &str) -> String {
    code.replace('Đ', "D").replace('đ', "d")
}

/// Could `text` hold a document code? Every code the reference pattern takes has a `-` or `/` right before a
/// capital A–Z or Đ ("12-CT/TW", "1309/QĐ-TTg"); most paragraphs have none, and this scan (eight bytes at a time
/// for the two marks) costs far less than the pattern's search.
fn may_hold_code(text: &str) -> bool {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let bytes = text.as_bytes();
    let code_after = |at: usize| {
        (bytes[at] == b'-' || bytes[at] == b'/')
            && (bytes.get(at + 1).is_some_and(u8::is_ascii_uppercase) || bytes[at + 1..].starts_with("Đ".as_bytes()))
    };
    let mut i = 0;
    while i + 8 <= bytes.len() {
        let word = u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
        // Bit 1 cleared in every byte, '/' (0x2F) reads as '-' (0x2D): a zero byte after the XOR is one of them.
        let marks = (word & !(LO << 1)) ^ (0x2D * LO);
        if marks.wrapping_sub(LO) & !marks & HI != 0 && (i..i + 8).any(code_after) {
            return true;
        }
        i += 8;
    }
    (i..bytes.len()).any(code_after)
}

/// Document references in `text` with their English rendering, as hits of kind Document.
pub fn find_references(text: &str, matcher: &Matcher) -> Vec<Hit> {
    if !may_hold_code(text) {
        return Vec::new();
    }
    let mut offsets = CharOffsets::new(text);
    let mut hits = Vec::new();
    for caps in reference_regex().captures_iter(text) {
        let whole = caps.get(0).expect("group 0");
        if whole.start() > 0 && text[..whole.start()].chars().next_back().is_some_and(char::is_alphanumeric) {
            continue;
        }
        let doc_type = &caps["type"];
        let Some((type_entry, _, type_targets)) = matcher.lookup(doc_type) else { continue };
        let Some(type_en) = type_targets.get("en") else { continue };
        let code = english_code(&caps["code"]);
        let mut english =
            if caps.name("no").is_some() { format!("{type_en} No. {code}") } else { format!("{type_en} {code}") };
        let mut end = whole.end();
        if let (Some(d), Some(m), Some(y)) = (caps.name("day"), caps.name("month"), caps.name("year")) {
            match english_date(
                d.as_str().parse().unwrap_or(0),
                m.as_str().parse().unwrap_or(0),
                y.as_str().parse().unwrap_or(0),
            ) {
                Some(date) => english.push_str(&format!(" dated {date}")),
                // Not a date: the reference ends before it.
                None => end = caps.name("code").expect("code").end(),
            }
        }
        if let Some((body_end, body_en)) = issuing_body(text, end, matcher) {
            english.push_str(&format!(" of the {}", body_en.trim_start_matches("the ")));
            end = body_end;
        }
        let entry = type_entry.to_string();
        hits.push(Hit {
            start: offsets.char_at(whole.start()),
            end: offsets.char_at(end),
            byte_start: whole.start(),
            byte_end: end,
            text: text[whole.start()..end].to_string(),
            entry: entry.into(),
            kind: Kind::Document,
            targets: std::sync::Arc::new(BTreeMap::from([("en".to_string(), english)])),
            slots: BTreeMap::new(),
            alternatives: Vec::new(),
        });
    }
    hits
}

/// "của <body>" right after a reference: (byte end, English short name) when the body is a glossary organization.
fn issuing_body(text: &str, from: usize, matcher: &Matcher) -> Option<(usize, String)> {
    let rest = &text[from..];
    let trimmed = rest.trim_start();
    let after_space = from + rest.len() - trimmed.len();
    let lower = trimmed.to_lowercase();
    if !lower.starts_with("của ") || trimmed.len() == rest.len() {
        return None;
    }
    let body_start = after_space + "của ".len();
    let body_text = &text[body_start..];
    let hit = matcher
        .find_terms(body_text)
        .into_iter()
        .next()
        .filter(|h| h.byte_start == 0 && h.kind == Kind::Organization)?;
    let en = matcher.short_target(&hit.entry, "en").or_else(|| hit.targets.get("en").cloned())?;
    Some((body_start + hit.byte_end, en))
}

/// An acronym defined inline: "công tác đối ngoại nhân dân (ĐNND)".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AcronymDefinition {
    pub acronym: String,
    /// The Vietnamese words the acronym stands for, as written.
    pub expansion: String,
    /// Character offsets of the expansion and of the acronym (without parentheses) in the input.
    pub expansion_start: usize,
    pub acronym_start: usize,
    pub acronym_end: usize,
    /// The glossary entry of the expansion, when there is one, and its renderings.
    pub entry: Option<String>,
    pub targets: BTreeMap<String, String>,
}

fn definition_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\(\s*(?P<acr>\p{Lu}{2,10})\s*\)").expect("static regex"))
}

/// Acronyms defined in parentheses after their expansion; the expansion is the run of syllables just before
/// whose initials spell the acronym.
pub fn find_acronym_definitions(text: &str, matcher: &Matcher) -> Vec<AcronymDefinition> {
    let mut offsets = CharOffsets::new(text);
    let mut found = Vec::new();
    for caps in definition_regex().captures_iter(text) {
        let whole = caps.get(0).expect("group 0");
        let acr = caps.name("acr").expect("acr");
        let letters: Vec<char> = acr.as_str().chars().collect();
        let before = &text[..whole.start()];
        let syllables: Vec<(usize, &str)> = syllable_spans(before);
        if syllables.len() < letters.len() {
            continue;
        }
        let window = &syllables[syllables.len() - letters.len()..];
        let spelled = window
            .iter()
            .zip(&letters)
            .all(|((_, s), l)| s.chars().next().is_some_and(|c| c.to_uppercase().eq(l.to_uppercase())));
        if !spelled {
            continue;
        }
        let start_byte = window[0].0;
        let (last_start, last) = window[window.len() - 1];
        let expansion = text[start_byte..last_start + last.len()].to_string();
        let (entry, targets) = match matcher.lookup(&expansion) {
            Some((id, _, targets)) => (Some(id.to_string()), targets.clone()),
            None => (None, BTreeMap::new()),
        };
        found.push(AcronymDefinition {
            acronym: acr.as_str().to_string(),
            expansion,
            expansion_start: offsets.char_at(start_byte),
            acronym_start: offsets.char_at(acr.start()),
            acronym_end: offsets.char_at(acr.end()),
            entry,
            targets,
        });
    }
    found
}

/// (byte start, text) of the whitespace-separated syllables of `text`.
fn syllable_spans(text: &str) -> Vec<(usize, &str)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                spans.push((s, &text[s..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        spans.push((s, &text[s..]));
    }
    spans
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_code_precheck_finds_every_mark_before_a_capital() {
        for text in
            ["Chỉ thị số 12-CT/TW", "1309/QĐ-TTg", "x-A", "-A", "ngày 11-3 và 2024/Đ", "12345678/Đ", "1234567-Q"]
        {
            assert!(may_hold_code(text), "{text}");
        }
        for text in ["", "ngày 11-3-2024", "kinh tế-xã hội", "a/b", "Covid-19 và 2024/", "1234567-", "-đ", "/Ă"]
        {
            assert!(!may_hold_code(text), "{text}");
        }
    }

    use std::path::Path;

    use super::*;
    use crate::glossary::Glossary;

    fn matcher() -> Matcher {
        let (g, issues) = Glossary::parse_str(
            "vi\ten\tkind\ten@short\n\
             Chỉ thị\tDirective\tdocument\t\n\
             Quyết định\tDecision\tdocument\t\n\
             Ban Bí thư\tSecretariat of the Party Central Committee\torganization\tSecretariat\n\
             đối ngoại nhân dân\tpeople-to-people diplomacy\tconcept\t\n",
            Path::new("t.tsv"),
        );
        assert!(issues.is_empty(), "{issues:?}");
        g.matcher()
    }

    #[test]
    fn full_reference_is_rendered() {
        let m = matcher();
        let text = "thực hiện Chỉ thị số 12-CT/TW ngày 5/1/2022 của Ban Bí thư về tăng cường";
        let hits = find_references(text, &m);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].text, "Chỉ thị số 12-CT/TW ngày 5/1/2022 của Ban Bí thư");
        assert_eq!(hits[0].targets["en"], "Directive No. 12-CT/TW dated January 5, 2022 of the Secretariat");
        assert_eq!(hits[0].start, 10);
    }

    #[test]
    fn codes_keep_their_form_except_d_with_stroke() {
        let m = matcher();
        let hits = find_references("theo Quyết định 1309/QĐ-TTg của Thủ tướng", &m);
        assert_eq!(hits[0].targets["en"], "Decision 1309/QD-TTg");
        assert_eq!(hits[0].text, "Quyết định 1309/QĐ-TTg");
    }

    #[test]
    fn find_prefers_the_whole_reference_over_its_parts() {
        let m = matcher();
        let hits = m.find("Chỉ thị số 12-CT/TW ngày 5/1/2022 của Ban Bí thư");
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].kind, Kind::Document);
    }

    #[test]
    fn inline_acronym_definition_is_found() {
        let m = matcher();
        let defs = find_acronym_definitions("về công tác đối ngoại nhân dân (ĐNND) và", &m);
        assert_eq!(defs.len(), 1);
        assert_eq!(defs[0].acronym, "ĐNND");
        assert_eq!(defs[0].expansion, "đối ngoại nhân dân");
        assert_eq!(defs[0].entry.as_deref(), Some("concept:doi-ngoai-nhan-dan"));
        assert_eq!(defs[0].targets["en"], "people-to-people diplomacy");
        assert!(find_acronym_definitions("tỉnh Bình Thuận (NT) và", &m).is_empty());
    }
}
