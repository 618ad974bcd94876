//! Translation engines: the [`Engine`] trait and its implementations.
//!
//! A route is an ordered list of engines for one language pair. The pipeline hands each engine, in order, the
//! segments that no earlier engine answered; an engine answers what it can and leaves the rest. The translation
//! memory ([`memory::MemoryEngine`]) is always the first engine of a route, so nothing it holds reaches a paid
//! engine.

pub mod marian;
pub mod memory;

use serde::{Deserialize, Serialize};

use crate::store::TmState;

/// A source and a target language, as BCP 47 tags ("vi", "en").
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LangPair {
    pub source: String,
    pub target: String,
}

impl LangPair {
    pub fn new(source: impl Into<String>, target: impl Into<String>) -> LangPair {
        LangPair { source: source.into(), target: target.into() }
    }
}

impl std::fmt::Display for LangPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}→{}", self.source, self.target)
    }
}

/// One segment handed to an engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSegment {
    /// Segment id (see [`crate::text::Segment::id`]).
    pub id: String,
    /// NFC source text.
    pub text: String,
}

/// Which markup an engine carries through translation unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkupSupport {
    /// Plain text only: protected items must be placeholders or an engine-side glossary.
    None,
    /// XLIFF-style `<x id="n"/>` inline tags survive.
    InlineTags,
    /// HTML markup survives.
    Html,
}

/// What an engine can do; the pipeline sizes batches and chooses term protection from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capabilities {
    /// Largest number of segments in one call to [`Engine::translate`].
    pub max_batch: usize,
    /// Language pairs served; `None` means any pair (the memory serves whatever it holds).
    pub pairs: Option<Vec<LangPair>>,
    pub markup: MarkupSupport,
}

/// Where a target text came from; kept in the store and reported per segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// An exact match of the translation memory (score 1.0) in the given state.
    Memory { state: TmState, provenance: String },
    /// A machine translation by the named engine.
    Machine { engine: String },
}

/// A usable translation of one segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Translation {
    pub segment_id: String,
    pub text: String,
    pub origin: Origin,
}

/// A fuzzy memory match offered to translators; not used as a translation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    pub source: String,
    pub target: String,
    /// Similarity in 0..=1 after penalties.
    pub score: f64,
    pub state: TmState,
    /// Why the score is below 1.0, for the translator ("number differs: 7 ≠ 8", "tone marks differ").
    pub penalties: Vec<String>,
}

/// An engine's answer for one segment of a batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EngineOutput {
    pub segment_id: String,
    /// `None`: this engine has no translation for the segment; the next engine of the route may.
    pub translation: Option<Translation>,
    pub suggestions: Vec<Suggestion>,
}

/// A failure of a whole call; per-segment gaps are `EngineOutput { translation: None, .. }` instead.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("{}", crate::t!("engine-error-store", engine = engine.clone(), detail = detail.clone()))]
    Store { engine: String, detail: String },
    #[error("{}", crate::t!("engine-error-unsupported-pair", engine = engine.clone(), pair = pair.to_string()))]
    UnsupportedPair { engine: String, pair: LangPair },
    #[error("{}", crate::t!("engine-error-failed", engine = engine.clone(), detail = detail.clone()))]
    Failed { engine: String, detail: String },
}

/// A translation backend.
///
/// Called by the pipeline with batches of at most `capabilities().max_batch` segments of one language pair.
/// It returns exactly one [`EngineOutput`] per input segment, in input order. It may be called many times in one
/// run and must not keep per-run state that changes its answers.
pub trait Engine: Send + Sync {
    /// The name configured in pipeline.toml; used in provenance and the run summary.
    fn name(&self) -> &str;
    fn capabilities(&self) -> Capabilities;
    fn translate(&self, pair: &LangPair, batch: &[SourceSegment]) -> Result<Vec<EngineOutput>, EngineError>;
}
