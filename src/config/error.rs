//! Configuration errors: each one names the file, the 1-based line and column, what is wrong and, where it
//! helps, a hint (a likely spelling, or the values allowed there).

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// One problem in a configuration file.
///
/// `line` and `column` are 1-based (the column counts characters, not bytes); both are 0 when the problem has no
/// position in the file (the file could not be read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display().to_string();
        let head = if self.line == 0 {
            crate::t!("config-error-no-position", path = path, message = self.message.clone())
        } else {
            crate::t!(
                "config-error-at",
                path = path,
                line = self.line.to_string(),
                column = self.column.to_string(),
                message = self.message.clone()
            )
        };
        f.write_str(&head)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  {}", crate::t!("config-error-hint", hint = hint.clone()))?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// Every problem found in one configuration file, in the order they appear in it (never empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigErrors {
    pub errors: Vec<ConfigError>,
}

impl ConfigErrors {
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, ConfigError> {
        self.errors.iter()
    }
}

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

impl IntoIterator for ConfigErrors {
    type Item = ConfigError;
    type IntoIter = std::vec::IntoIter<ConfigError>;
    fn into_iter(self) -> Self::IntoIter {
        self.errors.into_iter()
    }
}

/// The text of a configuration file, for turning byte spans into positions and naming the table around them.
pub(crate) struct Source<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl Source<'_> {
    /// 1-based line and column (in characters) of byte offset `at`.
    pub fn position(&self, at: usize) -> (usize, usize) {
        let at = floor_char_boundary(self.text, at.min(self.text.len()));
        let before = &self.text[..at];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }

    /// An error at the start of `span`.
    pub fn error(&self, span: Range<usize>, message: String, hint: Option<String>) -> ConfigError {
        let (line, column) = self.position(span.start);
        ConfigError { path: self.path.to_path_buf(), line, column, message, hint }
    }

    /// The table header in force at byte offset `at`, as written ("[memory]", "[[routes]]"), or a name for the
    /// top level. A header line is one that starts with `[` and is not the continuation of an array value.
    pub fn table_at(&self, at: usize) -> String {
        let at = floor_char_boundary(self.text, at.min(self.text.len()));
        let line_end = self.text[at..].find('\n').map_or(self.text.len(), |i| at + i);
        self.text[..line_end]
            .lines()
            .rev()
            .filter_map(table_header)
            .next()
            .unwrap_or_else(|| crate::t!("config-top-level"))
    }

    /// The key assigned on the line holding byte offset `at` (`fuzzy_threshold = "x"` → `fuzzy_threshold`).
    pub fn key_at(&self, at: usize) -> Option<String> {
        let at = floor_char_boundary(self.text, at.min(self.text.len()));
        let line_start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        let before = &self.text[line_start..at];
        let (key, _) = before.split_once('=')?;
        let key = key.trim().trim_matches('"').trim_matches('\'');
        let bare =
            !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.');
        bare.then(|| key.to_string())
    }
}

/// `[name]` or `[[name]]` (with an optional trailing comment) → the header without the comment.
fn table_header(line: &str) -> Option<String> {
    let line = line.trim();
    if !line.starts_with('[') {
        return None;
    }
    let line = match line.find('#') {
        Some(i) => line[..i].trim_end(),
        None => line,
    };
    let inner = line.trim_start_matches('[').trim_end_matches(']');
    let header_like =
        line.ends_with(']') && !inner.is_empty() && inner.chars().all(|c| c.is_alphanumeric() || " ._-\"'".contains(c));
    header_like.then(|| line.to_string())
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The candidate closest to `word` when it is close enough to be a likely misspelling.
pub(crate) fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(word, candidate), candidate))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// "did you mean …?" when a candidate is close, else the list of allowed values.
pub(crate) fn suggestion_or_allowed(word: &str, allowed: &[&str]) -> Option<String> {
    if let Some(best) = closest(word, allowed.iter().copied()) {
        return Some(crate::t!("config-hint-did-you-mean", suggestion = best.to_string()));
    }
    allowed_hint(allowed)
}

/// "did you mean …?" when a candidate is close, followed by the list of allowed values (for closed sets of
/// values, where the whole list is short and worth showing).
pub(crate) fn suggestion_and_allowed(word: &str, allowed: &[&str]) -> Option<String> {
    let list = allowed_hint(allowed);
    match closest(word, allowed.iter().copied()) {
        Some(best) => {
            let did_you_mean = crate::t!("config-hint-did-you-mean", suggestion = best.to_string());
            Some(list.map_or(did_you_mean.clone(), |list| format!("{did_you_mean} {list}")))
        }
        None => list,
    }
}

pub(crate) fn allowed_hint(allowed: &[&str]) -> Option<String> {
    (!allowed.is_empty()).then(|| crate::t!("config-hint-allowed", allowed = quoted_list(allowed)))
}

/// `"a", "b", "c"`
pub(crate) fn quoted_list<S: AsRef<str>>(items: &[S]) -> String {
    items.iter().map(|s| format!("\"{}\"", s.as_ref())).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source<'_> {
        Source { path: Path::new("pipeline.toml"), text }
    }

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "a = 1\nnguồn = \"vi\"\n";
        let s = source(text);
        assert_eq!(s.position(0), (1, 1));
        assert_eq!(s.position(6), (2, 1));
        let quote = text.find('"').unwrap();
        assert_eq!(s.position(quote), (2, 9));
    }

    #[test]
    fn table_and_key_around_an_offset() {
        let text = "source = \"vi\"\n[memory] # tm\nfuzy = 1\n[[routes]]\nto = [\n  \"en\",\n]\n";
        let s = source(text);
        assert_eq!(s.table_at(text.find("fuzy").unwrap()), "[memory]");
        assert_eq!(s.key_at(text.find("1\n").unwrap()), Some("fuzy".to_string()));
        assert_eq!(s.table_at(text.find("\"en\"").unwrap()), "[[routes]]");
        assert_eq!(s.key_at(text.find("\"en\"").unwrap()), None);
    }

    #[test]
    fn suggestions_need_a_close_candidate() {
        assert_eq!(closest("fuzy_threshold", ["fuzzy_threshold", "seed"]), Some("fuzzy_threshold"));
        assert_eq!(closest("colour", ["fuzzy_threshold", "seed"]), None);
    }
}
