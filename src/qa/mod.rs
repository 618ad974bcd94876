//! Quality checks on translations: per segment (terminology, numbers and dates by value, document codes,
//! protected items, untranslated text, Vietnamese letters left behind, doubled words, whitespace, brackets and
//! quotes, end punctuation, length ratio) and per caption cue (line length, reading speed).
//!
//! - [`checks`]: one function per check, the list [`checks::CHECKS`] with names and default severities.
//! - [`gate`]: the pipeline's gate: the checks over a complete article; error-level problems hold it back.
//! - [`report`]: the run's QA report as one self-contained HTML page and as JSON.
//! - [`files`]: the checks over existing XLIFF 2 files (`dich qa`).

pub mod checks;
pub mod decisions;
pub mod files;
pub mod gate;
pub mod report;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use checks::{check_cues, check_unit, Check, Context, Unit, CHECKS};
pub use gate::{check_article, ArticleQa};
pub use report::QaReport;

/// How much a failed check matters: errors hold the article back, warnings are reported only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// The check is not run.
    Off,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Off => "off",
        }
    }
}

/// Per-check severities that replace the defaults (`[qa]` in pipeline.toml: `numbers = "warning"`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct QaSettings {
    pub severity: BTreeMap<String, Severity>,
}

impl QaSettings {
    /// Every check at `severity` (tests whose fake translations are not real English use warnings).
    pub fn all(severity: Severity) -> QaSettings {
        QaSettings { severity: checks::all_names().into_iter().map(|n| (n.to_string(), severity)).collect() }
    }

    pub fn is_default(&self) -> bool {
        self.severity.is_empty()
    }

    /// The severity of check `name`: the configured one, else the check's default.
    pub fn severity_of(&self, check: &Check) -> Severity {
        self.severity.get(check.name).copied().unwrap_or(check.default)
    }
}

/// One problem found by a check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// The check's name ("numbers").
    pub check: String,
    pub severity: Severity,
    /// Segment or unit id ("cue 3" for captions).
    pub segment: String,
    pub source: String,
    pub target: String,
    /// What is wrong, in the UI language.
    pub message: String,
    /// The glossary entry, number, date or code involved, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub involved: Option<String>,
}

impl Problem {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
