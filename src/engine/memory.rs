//! The translation-memory engine: exact and fuzzy matches from the store.
//!
//! Always the first engine of a route. An exact match (same matching key, any state) is a translation with
//! [`Origin::Memory`]; otherwise fuzzy matches at or above the threshold come back as suggestions for the
//! translator and the segment is left to the next engine.

use std::sync::Arc;

use super::{
    Capabilities, Engine, EngineError, EngineFuture, EngineOutput, LangPair, MarkupSupport, Origin, SourceSegment,
};
use super::{Refusal, Suggestion, Translation};
use crate::store::{FuzzyMatch, MemoryStore, StoreError};

/// Largest batch the memory answers in one call (lookups are local; the bound keeps a call short).
const MAX_BATCH: usize = 256;

/// An [`Engine`] answering from a translation memory.
pub struct MemoryEngine {
    name: String,
    store: Arc<dyn MemoryStore>,
    fuzzy_threshold: f64,
    max_suggestions: usize,
}

impl MemoryEngine {
    /// `fuzzy_threshold` in 0..=1 is the lowest score offered as a suggestion; `max_suggestions` caps them per
    /// segment (0: no fuzzy lookups at all).
    pub fn new(
        name: impl Into<String>,
        store: Arc<dyn MemoryStore>,
        fuzzy_threshold: f64,
        max_suggestions: usize,
    ) -> MemoryEngine {
        MemoryEngine { name: name.into(), store, fuzzy_threshold, max_suggestions }
    }

    fn store_error(&self, err: StoreError) -> EngineError {
        EngineError::Store { engine: self.name.clone(), detail: err.to_string() }
    }

    fn answer(&self, pair: &LangPair, segment: &SourceSegment) -> Result<EngineOutput, StoreError> {
        if let Some(entry) = self.store.tm_exact(&pair.source, &pair.target, &segment.text)? {
            return Ok(EngineOutput {
                segment_id: segment.id.clone(),
                translation: Some(Translation {
                    segment_id: segment.id.clone(),
                    text: entry.target,
                    origin: Origin::Memory { state: entry.state, provenance: entry.provenance },
                }),
                suggestions: Vec::new(),
            });
        }
        let suggestions = if self.max_suggestions == 0 {
            Vec::new()
        } else {
            self.store
                .tm_fuzzy(&pair.source, &pair.target, &segment.text, self.fuzzy_threshold, self.max_suggestions)?
                .into_iter()
                .map(suggestion)
                .collect()
        };
        Ok(EngineOutput { segment_id: segment.id.clone(), translation: None, suggestions })
    }
}

fn suggestion(found: FuzzyMatch) -> Suggestion {
    Suggestion {
        penalties: found.penalties.iter().map(ToString::to_string).collect(),
        source: found.entry.source,
        target: found.entry.target,
        score: found.score,
        state: found.entry.state,
    }
}

impl Engine for MemoryEngine {
    fn name(&self) -> &str {
        &self.name
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities { max_batch: MAX_BATCH, pairs: None, markup: MarkupSupport::None, blocking: true }
    }

    fn translate_explained<'a>(&'a self, pair: &'a LangPair, batch: &'a [SourceSegment]) -> EngineFuture<'a> {
        // Computed where the future is polled: the routes poll it on a blocking thread (`blocking` above).
        Box::pin(async move { self.translate_now(pair, batch) })
    }
}

impl MemoryEngine {
    fn translate_now(
        &self,
        pair: &LangPair,
        batch: &[SourceSegment],
    ) -> Result<(Vec<EngineOutput>, Vec<Refusal>), EngineError> {
        let outputs = batch.iter().map(|segment| self.answer(pair, segment).map_err(|e| self.store_error(e)));
        Ok((outputs.collect::<Result<_, _>>()?, Vec::new()))
    }
}
