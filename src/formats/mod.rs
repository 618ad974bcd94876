//! Exchange formats for translators: XLIFF 2.1 for CAT tools, TMX 1.4b for translation memories and TBX-Basic
//! for term bases.
//!
//! This module knows nothing of the pipeline: plain data types go in, text comes out, and back. Readers take
//! the whole document as a `&str` and return a [`FormatError`] that names the line, the column and, when it
//! happened inside a unit, the unit id; the caller adds the file path.

pub mod tbx;
pub mod tmx;
pub mod xliff12;
pub mod xliff2;
pub mod xml;

/// Reads an XLIFF document of any version dich knows: 2.x, else 1.x (told apart by the root's `version`).
pub fn read_xliff(xml: &str) -> Result<xliff2::Document, FormatError> {
    match xliff2::read(xml) {
        Err(FormatError { kind: FormatErrorKind::UnsupportedVersion { version, .. }, .. })
            if version.starts_with("1.") =>
        {
            xliff12::read(xml)
        }
        other => other,
    }
}

/// Why a document could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    /// Line of the problem, from 1.
    pub line: usize,
    /// Column of the problem in characters, from 1.
    pub column: usize,
    /// The unit (XLIFF `unit` id, TMX `tuid`) being read, when there is one.
    pub unit: Option<String>,
    pub kind: FormatErrorKind,
}

impl FormatError {
    pub(crate) fn in_unit(mut self, unit: Option<&str>) -> FormatError {
        if self.unit.is_none() {
            self.unit = unit.map(str::to_string);
        }
        self
    }
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let detail = self.kind.to_string();
        let text = match &self.unit {
            Some(unit) => crate::t!(
                "formats-error-in-unit",
                line = self.line,
                column = self.column,
                unit = unit.clone(),
                detail = detail
            ),
            None => crate::t!("formats-error-at", line = self.line, column = self.column, detail = detail),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for FormatError {}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatErrorKind {
    /// Not well-formed XML (the parser's own description).
    #[error("{}", crate::t!("formats-malformed", detail = .0.clone()))]
    Malformed(String),
    /// A DOCTYPE with an internal subset or an entity declaration.
    #[error("{}", crate::t!("formats-dtd-refused"))]
    DtdRefused,
    /// An entity other than the five XML predefines.
    #[error("{}", crate::t!("formats-unknown-entity", name = .0.clone()))]
    UnknownEntity(String),
    /// Elements nested deeper than [`xml::MAX_DEPTH`].
    #[error("{}", crate::t!("formats-too-deep", limit = *.limit))]
    TooDeep { limit: usize },
    #[error("{}", crate::t!("formats-unexpected-eof"))]
    UnexpectedEof,
    /// The root element is not the one of this format.
    #[error("{}", crate::t!("formats-wrong-root", expected = .expected.clone(), found = .found.clone()))]
    WrongRoot { expected: String, found: String },
    /// An XLIFF version this reader does not read (1.2, for instance).
    #[error("{}", crate::t!("formats-unsupported-version", format = .format.clone(), version = .version.clone()))]
    UnsupportedVersion { format: String, version: String },
    #[error("{}", crate::t!("formats-missing-attribute", element = .element.clone(), attribute = .attribute.clone()))]
    MissingAttribute { element: String, attribute: String },
    #[error("{}", crate::t!("formats-invalid-attribute", element = .element.clone(), attribute = .attribute.clone(), value = .value.clone()))]
    InvalidAttribute { element: String, attribute: String, value: String },
    #[error("{}", crate::t!("formats-missing-element", parent = .parent.clone(), element = .element.clone()))]
    MissingElement { parent: String, element: String },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{has_message, UiLanguage};

    #[test]
    fn errors_name_line_column_and_unit() {
        let err = FormatError {
            line: 12,
            column: 5,
            unit: Some("s1a2b3".into()),
            kind: FormatErrorKind::MissingAttribute { element: "ph".into(), attribute: "id".into() },
        };
        let text = err.to_string();
        assert!(text.contains("12") && text.contains('5') && text.contains("s1a2b3") && text.contains("ph"), "{text}");
        for id in ["formats-error-at", "formats-error-in-unit", "formats-dtd-refused", "formats-malformed"] {
            assert!(has_message(UiLanguage::Vietnamese, id) && has_message(UiLanguage::English, id), "{id}");
        }
    }
}
