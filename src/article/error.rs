//! Ingest errors: which file, and what is wrong with it.

/// An article file that could not be ingested. `source_name` is the path as given (or "-" for stdin, or the
/// rules file for [`IngestErrorKind::BadRules`]); the message names it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub struct IngestError {
    pub source_name: String,
    pub kind: IngestErrorKind,
}

/// What went wrong while ingesting one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IngestErrorKind {
    /// Bytes that are not UTF-8, at this byte offset of the file (BOM included).
    InvalidUtf8 { offset: u64 },
    /// A UTF-16 file with a lone surrogate or an odd trailing byte, at this byte offset.
    InvalidUtf16 { offset: u64 },
    /// No text at all (zero bytes, or only whitespace and a BOM).
    Empty,
    /// Larger than `IngestOptions::max_bytes`.
    TooLarge { bytes: u64, limit: u64 },
    /// NUL bytes, a known binary signature, or mostly control characters.
    Binary,
    /// Text that does not make an article: `reason` is already a localized sentence.
    NotAnArticle { reason: String },
    /// The file could not be opened or read.
    Io { detail: String },
    /// A boilerplate rules file with a TOML error, an unknown key or a bad regex, at this line (1-based).
    BadRules { line: usize, detail: String },
}

impl IngestError {
    pub fn new(source_name: &str, kind: IngestErrorKind) -> IngestError {
        IngestError { source_name: source_name.to_string(), kind }
    }

    pub(crate) fn not_an_article(source_name: &str, reason: String) -> IngestError {
        IngestError::new(source_name, IngestErrorKind::NotAnArticle { reason })
    }

    fn message(&self) -> String {
        let file = self.source_name.clone();
        match &self.kind {
            IngestErrorKind::InvalidUtf8 { offset } => crate::t!("ingest-invalid-utf8", file = file, offset = *offset),
            IngestErrorKind::InvalidUtf16 { offset } => {
                crate::t!("ingest-invalid-utf16", file = file, offset = *offset)
            }
            IngestErrorKind::Empty => crate::t!("ingest-empty", file = file),
            IngestErrorKind::TooLarge { bytes, limit } => {
                crate::t!("ingest-too-large", file = file, bytes = *bytes, limit = *limit)
            }
            IngestErrorKind::Binary => crate::t!("ingest-binary", file = file),
            IngestErrorKind::NotAnArticle { reason } => {
                crate::t!("ingest-not-an-article", file = file, reason = reason.clone())
            }
            IngestErrorKind::Io { detail } => crate::t!("ingest-io", file = file, detail = detail.clone()),
            IngestErrorKind::BadRules { line, detail } => {
                crate::t!("ingest-bad-rules", file = file, line = *line, detail = detail.clone())
            }
        }
    }
}
