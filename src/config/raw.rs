//! Phase 1: `pipeline.toml` as written. Serde structs that refuse unknown keys and keep the byte span of every
//! value a later check may need to point at. Nothing is resolved or defaulted here.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::error::{suggestion_and_allowed, suggestion_or_allowed, ConfigError, Source};
use super::{ChannelKind, EncodingSetting, EngineKind, NinjsVersion, OutputFormat};
use crate::localize::DateStyle;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConfig {
    pub source: Spanned<String>,
    pub targets: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub inputs: Vec<Spanned<String>>,
    pub output_dir: Option<Spanned<String>>,
    pub store: Option<Spanned<String>>,
    #[serde(default)]
    pub glossary: Vec<Spanned<String>>,
    #[serde(default)]
    pub ingest: RawIngest,
    #[serde(default)]
    pub memory: RawMemory,
    #[serde(default)]
    pub engines: BTreeMap<String, Spanned<EngineKind>>,
    /// `None` when the file has no `[[routes]]` at all (then every target gets the default route).
    pub routes: Option<Vec<RawRoute>>,
    /// `None` when the file has no `[[channels]]` at all (then every target gets the default channels).
    pub channels: Option<Vec<RawChannel>>,
    /// Per-check QA severities.
    #[serde(default)]
    pub qa: super::qa::RawQa,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawIngest {
    pub encoding: Option<EncodingSetting>,
    pub boilerplate: Option<Spanned<String>>,
    pub max_file_mb: Option<Spanned<u64>>,
    pub links: Option<crate::paths::LinkPolicy>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMemory {
    pub fuzzy_threshold: Option<Spanned<f64>>,
    pub max_suggestions: Option<Spanned<u64>>,
    #[serde(default)]
    pub seed: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRoute {
    pub from: Option<Spanned<String>>,
    pub to: Spanned<String>,
    pub engines: Option<Spanned<Vec<Spanned<String>>>>,
    pub pivot: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawChannel {
    pub name: Spanned<String>,
    pub language: Spanned<String>,
    pub kind: Spanned<ChannelKind>,
    pub formats: Option<Spanned<Vec<Spanned<OutputFormat>>>>,
    // House style (tv and press).
    pub date_style: Option<Spanned<DateStyle>>,
    pub diacritics: Option<Spanned<bool>>,
    pub arabic_ordinals: Option<Spanned<bool>>,
    pub latin_names: Option<Spanned<bool>>,
    pub dateline: Option<Spanned<String>>,
    // Captions (tv).
    pub max_chars_per_line: Option<Spanned<u64>>,
    pub max_lines: Option<Spanned<u64>>,
    pub max_chars_per_second: Option<Spanned<f64>>,
    pub min_duration_ms: Option<Spanned<u64>>,
    pub max_duration_ms: Option<Spanned<u64>>,
    pub gap_ms: Option<Spanned<u64>>,
    // ninjs (press).
    pub ninjs_version: Option<Spanned<NinjsVersion>>,
    // Which translations may be published (tv, press, translators).
    pub publish: Option<Spanned<Vec<Spanned<String>>>>,
    // XLIFF versions of held-back articles' packages (translators).
    pub packages: Option<Spanned<Vec<Spanned<OutputFormat>>>>,
    // Where `dich serve` pushes the channel's ninjs items (press).
    pub webhook: Option<Spanned<RawWebhook>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWebhook {
    pub url: Spanned<String>,
    pub secret_env: Spanned<String>,
    pub max_attempts: Option<Spanned<u64>>,
    pub first_retry_secs: Option<Spanned<f64>>,
}

/// Unknown keys reported for one file at most (a file of nothing else is not read to the end).
const MAX_UNKNOWN_KEYS: usize = 50;

/// Parses the text into the raw structs. A TOML or type error becomes a positioned [`ConfigError`]; serde stops
/// at the first unknown key, so each one found is blanked out (its line, or its whole table, turned into spaces
/// so every later position stays where it was) and the text parsed again, until every unknown key is reported.
pub(crate) fn parse(source: &Source<'_>) -> Result<RawConfig, Vec<ConfigError>> {
    let mut text = source.text.to_string();
    let mut errors = Vec::new();
    loop {
        let working = Source { path: source.path, text: &text };
        let error = match toml::from_str(&text) {
            Ok(raw) if errors.is_empty() => return Ok(raw),
            Ok(_) => return Err(errors),
            Err(error) => error,
        };
        let unknown = error.message().starts_with("unknown field ");
        let converted = convert(&working, &error);
        // After a blanked key, a parse error that is not another unknown key comes from the blanking (a value
        // over several lines): what was found so far is the answer.
        if !unknown && !errors.is_empty() {
            return Err(errors);
        }
        if !unknown || errors.len() >= MAX_UNKNOWN_KEYS {
            errors.push(converted);
            return Err(errors);
        }
        let line = converted.line;
        errors.push(converted);
        if line == 0 {
            return Err(errors);
        }
        blank_key(&mut text, line);
    }
}

/// Turns line `line` (from 1) into spaces; a table header's whole table (up to the next header).
fn blank_key(text: &mut String, line: usize) {
    let start = text.split_inclusive('\n').take(line - 1).map(str::len).sum::<usize>().min(text.len());
    let line_end = |from: usize| text[from..].find('\n').map_or(text.len(), |i| from + i);
    let mut end = line_end(start);
    if text[start..end].trim_start().starts_with('[') {
        while end < text.len() && !text[end + 1..].trim_start_matches([' ', '\t']).starts_with('[') {
            end = line_end(end + 1);
        }
    }
    // Spaces of the same byte length keep every later offset in place; line breaks stay.
    let blanked: String =
        text[start..end].chars().map(|c| if c == '\n' { "\n".to_string() } else { " ".repeat(c.len_utf8()) }).collect();
    text.replace_range(start..end, &blanked);
}

/// Turns toml's error into ours: serde's stock messages (unknown field, unknown variant, missing field, invalid
/// type) get their own wording with a hint; anything else is a TOML syntax error passed on as toml words it.
fn convert(source: &Source<'_>, error: &toml::de::Error) -> ConfigError {
    let span = error.span().unwrap_or(0..0);
    let message = error.message();
    let table = source.table_at(span.start);
    let names = backticked(message);

    if let Some(rest) = message.strip_prefix("unknown field ") {
        let key = names.first().cloned().unwrap_or_default();
        let allowed: Vec<&str> = names.iter().skip(1).map(String::as_str).collect();
        let hint = if rest.contains("there are no fields") { None } else { suggestion_or_allowed(&key, &allowed) };
        // Inside an engine's table the span covers the whole table: point at the key itself when it can be found.
        let at = find_key_in(source, span.clone(), &key).unwrap_or(span.start);
        return source.error(at..at, crate::t!("config-unknown-key", key = key, table = table), hint);
    }
    if message.starts_with("unknown variant ") {
        let value = names.first().cloned().unwrap_or_default();
        let allowed: Vec<&str> = names.iter().skip(1).map(String::as_str).collect();
        // Inside an engine's table the span covers the whole table: point at the quoted value when it is there.
        let span = match source.key_at(span.start) {
            Some(_) => span,
            None => find_string_value_in(source, span.clone(), &value).map_or(span, |at| at..at + value.len() + 2),
        };
        let key = source.key_at(span.start).unwrap_or_default();
        let hint = suggestion_and_allowed(&value, &allowed);
        let message = crate::t!("config-unknown-value", value = value, key = key, table = table);
        return source.error(span, message, hint);
    }
    if message.starts_with("missing field ") {
        let key = names.first().cloned().unwrap_or_default();
        return source.error(span, crate::t!("config-missing-key", key = key, table = table), None);
    }
    if let Some((found, expected)) = invalid_type(message) {
        let expected = expected_in_words(expected);
        let message = match source.key_at(span.start) {
            Some(key) => {
                crate::t!("config-wrong-type-key", key = key, table = table, expected = expected, found = found)
            }
            None => crate::t!("config-wrong-type", table = table, expected = expected, found = found),
        };
        return source.error(span, message, None);
    }
    let detail = message.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("; ");
    source.error(span, crate::t!("config-syntax", detail = detail), None)
}

/// The names serde quotes in backticks, in order.
fn backticked(message: &str) -> Vec<String> {
    message.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

/// `invalid type: string "x", expected f64` → (`string "x"`, `f64`); also `invalid value: …`.
fn invalid_type(message: &str) -> Option<(String, &str)> {
    let rest = message.strip_prefix("invalid type: ").or_else(|| message.strip_prefix("invalid value: "))?;
    let (found, expected) = rest.rsplit_once(", expected ")?;
    Some((found.to_string(), expected))
}

/// Serde's names for expected types, in the user's words.
fn expected_in_words(expected: &str) -> String {
    match expected {
        "f64" | "f32" => crate::t!("config-expected-number"),
        "u64" | "u32" | "usize" | "u16" | "u8" => crate::t!("config-expected-whole-number"),
        "a string" => crate::t!("config-expected-string"),
        "a sequence" => crate::t!("config-expected-array"),
        "a boolean" => crate::t!("config-expected-boolean"),
        other if other.starts_with("struct ") || other == "a map" || other.starts_with("internally tagged enum") => {
            crate::t!("config-expected-table")
        }
        other => other.to_string(),
    }
}

/// The byte offset of `key = ` written inside `span` (an engine table), if it is there.
/// Where the string value `"value"` of some `key = "value"` line is, within `span`.
fn find_string_value_in(source: &Source<'_>, span: std::ops::Range<usize>, value: &str) -> Option<usize> {
    let text = source.text.get(span.clone())?;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(equals) = line.find('=') {
            let after = &line[equals + 1..];
            let trimmed = after.trim_start();
            if trimmed.strip_prefix('"').and_then(|v| v.strip_prefix(value)).is_some_and(|v| v.starts_with('"')) {
                return Some(span.start + offset + equals + 1 + (after.len() - trimmed.len()));
            }
        }
        offset += line.len();
    }
    None
}

pub(crate) fn find_key_in(source: &Source<'_>, span: std::ops::Range<usize>, key: &str) -> Option<usize> {
    let text = source.text.get(span.clone())?;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                return Some(span.start + offset + (line.len() - trimmed.len()));
            }
        }
        offset += line.len();
    }
    None
}
