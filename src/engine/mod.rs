//! Translation engines: the [`Engine`] trait and its implementations.
//!
//! A route is an ordered list of engines for one language pair. The pipeline hands each engine, in order, the
//! segments that no earlier engine answered; an engine answers what it can and leaves the rest. The translation
//! memory ([`memory::MemoryEngine`]) is always the first engine of a route, so nothing it holds reaches a paid
//! engine.

pub mod apertium;
pub mod command;
pub mod deepl;
pub mod google;
pub mod guard;
pub mod http;
pub mod keys;
pub mod libretranslate;
pub mod marian;
pub mod memory;
pub mod openai;
pub mod protect;
pub mod registry;
pub mod runtime;

use std::future::Future;
use std::pin::Pin;

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
    /// Plain text only, but a target-language term written into the source mostly comes out unchanged: subword
    /// NMT models (Marian/OPUS-MT) copy words they do not translate, and split marker tokens into pieces.
    TargetTerms,
}

/// What an engine can do; the pipeline sizes batches and chooses term protection from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capabilities {
    /// Largest number of segments in one call to [`Engine::translate`].
    pub max_batch: usize,
    /// Language pairs served; `None` means any pair (the memory serves whatever it holds).
    pub pairs: Option<Vec<LangPair>>,
    pub markup: MarkupSupport,
    /// The engine computes on the CPU (a model, the memory's fuzzy search, a local program): its calls run on a
    /// blocking thread, never on the runtime's workers, which only wait for network answers.
    pub blocking: bool,
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

impl Origin {
    /// The review state this text is in: engine output counts as [`TmState::Machine`].
    pub fn state(&self) -> TmState {
        match self {
            Origin::Memory { state, .. } => *state,
            Origin::Machine { .. } => TmState::Machine,
        }
    }
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
    /// Worth retrying after a pause: rate limited (429, DeepL 529), server trouble (5xx), timeout, connection
    /// lost, a broken or incomplete answer. `retry_after` is the server's own wait (Retry-After), when it gave one.
    #[error("{}", crate::t!("engine-error-transient", engine = engine.clone(), detail = detail.clone()))]
    Transient { engine: String, detail: String, retry_after: Option<std::time::Duration> },
    /// Never worth retrying in this run: quota used up (DeepL 456, OpenAI insufficient_quota), key refused
    /// (401/403). The engine is taken out for the rest of the run.
    #[error("{}", crate::t!("engine-error-exhausted", engine = engine.clone(), detail = detail.clone()))]
    Exhausted { engine: String, detail: String },
    /// The engine cannot be built from its settings (no key, bad URL, program missing); found before any call.
    #[error("{}", crate::t!("engine-error-setup", engine = engine.clone(), detail = detail.clone()))]
    Setup { engine: String, detail: String },
}

impl EngineError {
    /// True when the same call may succeed later.
    pub fn is_transient(&self) -> bool {
        matches!(self, EngineError::Transient { .. })
    }

    /// True when the engine must not be called again in this run.
    pub fn takes_engine_out(&self) -> bool {
        matches!(self, EngineError::Exhausted { .. } | EngineError::Setup { .. })
    }
}

/// A segment an engine could not translate, and why (a dropped placeholder, a missing item in the answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub segment_id: String,
    pub reason: String,
}

/// An engine's answer for a batch: the outputs, and why segments came back without a translation.
pub type Explained = (Vec<EngineOutput>, Vec<Refusal>);

/// A call in progress.
pub type EngineFuture<'a> = Pin<Box<dyn Future<Output = Result<Explained, EngineError>> + Send + 'a>>;

/// A translation backend.
///
/// Called by the pipeline with batches of at most `capabilities().max_batch` segments of one language pair.
/// It returns exactly one [`EngineOutput`] per input segment, in input order. It may be called many times in one
/// run, with several calls in flight, and must not keep per-run state that changes its answers.
///
/// Calls are futures on the engine runtime ([`runtime`]): remote engines await their HTTP requests; engines
/// whose capabilities say `blocking` do their work inside the future, and the routes poll it on a blocking thread.
pub trait Engine: Send + Sync {
    /// The name configured in pipeline.toml; used in provenance and the run summary.
    fn name(&self) -> &str;
    fn capabilities(&self) -> Capabilities;

    /// The outputs, and why segments came back without a translation (engines that check answers say why; the
    /// others return no refusals). This is what the routes call.
    fn translate_explained<'a>(&'a self, pair: &'a LangPair, batch: &'a [SourceSegment]) -> EngineFuture<'a>;

    /// The outputs alone, waited for: for synchronous callers outside the routes (`dich translate`, tests).
    fn translate(&self, pair: &LangPair, batch: &[SourceSegment]) -> Result<Vec<EngineOutput>, EngineError> {
        runtime::block_on(self.translate_explained(pair, batch)).map(|(outputs, _)| outputs)
    }
}
