//! The embedded store (SQLite, WAL): articles, segments, the run journal and the translation memory.
//!
//! Everything that must survive a crash lives here, written the moment it is known, so an interrupted run
//! resumes where it stopped. Callers use the [`Store`] type; the translation memory is also reachable through
//! the small [`MemoryStore`] trait so a shared server-backed store can be added later.

use serde::{Deserialize, Serialize};

/// Review state of a translation-memory entry, from least to most trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TmState {
    /// Machine output, not reviewed.
    Machine,
    /// A translator's work, not yet approved.
    Translated,
    /// Approved for publication.
    Approved,
}

impl TmState {
    pub fn as_str(self) -> &'static str {
        match self {
            TmState::Machine => "machine",
            TmState::Translated => "translated",
            TmState::Approved => "approved",
        }
    }

    pub fn parse(s: &str) -> Option<TmState> {
        match s {
            "machine" => Some(TmState::Machine),
            "translated" => Some(TmState::Translated),
            "approved" => Some(TmState::Approved),
            _ => None,
        }
    }
}

/// One translation-memory entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TmEntry {
    pub source_lang: String,
    pub target_lang: String,
    /// NFC source text as written.
    pub source: String,
    pub target: String,
    pub state: TmState,
    /// Who or what made it: "import:approved.tmx", "xliff:article-1.en.xlf", "engine:apertium".
    pub provenance: String,
    /// RFC 3339 timestamps.
    pub created: String,
    pub updated: String,
}
