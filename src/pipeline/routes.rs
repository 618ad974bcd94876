//! Routes: the ordered engines of one language pair, with an optional pivot language.

use std::collections::HashMap;
use std::sync::Arc;

use super::{EngineStats, PipelineError};
use crate::config::{EngineKind, Settings};
use crate::engine::memory::MemoryEngine;
use crate::engine::{Engine, EngineOutput, LangPair, SourceSegment, Suggestion, Translation};
use crate::store::Store;
use crate::text::key::match_key;

/// The engines that serve one language pair, tried in order.
pub struct Route {
    pub pair: LangPair,
    pub engines: Vec<Arc<dyn Engine>>,
    /// Translate through this language when the direct engines leave segments untranslated.
    pub pivot: Option<String>,
    machine: bool,
}

/// What a route found for a list of segments.
#[derive(Debug, Default)]
pub struct RouteAnswer {
    pub translations: Vec<Translation>,
    pub suggestions: HashMap<String, Vec<Suggestion>>,
}

/// Builds every configured route's engines. The memory engine always comes first, so nothing the memory holds
/// reaches another engine.
pub fn build_routes(settings: &Settings, store: Arc<Store>) -> Vec<Route> {
    let memory: Arc<dyn Engine> = Arc::new(MemoryEngine::new(
        "memory",
        store,
        settings.memory.fuzzy_threshold,
        settings.memory.max_suggestions,
    ));
    settings
        .routes
        .iter()
        .map(|route| {
            let engines = vec![memory.clone()];
            let mut machine = false;
            for name in &route.engines {
                let engine = settings.engines.iter().find(|e| &e.name == name).expect("validated engine name");
                match &engine.kind {
                    EngineKind::Memory(_) => {}
                }
                machine |= !matches!(engine.kind, EngineKind::Memory(_));
            }
            Route {
                pair: LangPair::new(route.from.clone(), route.to.clone()),
                engines,
                pivot: route.pivot.clone(),
                machine,
            }
        })
        .collect()
}

impl Route {
    /// True when the route has an engine that can translate text the memory does not hold.
    pub fn has_machine_engine(&self) -> bool {
        self.machine
    }

    /// Translates `(segment id, text)` pairs. Texts with the same matching key are sent once. Without a pivot
    /// the engines are tried in order on the route's pair. With a pivot, the memory is asked for the direct pair
    /// first; what it leaves goes through the source→pivot route, then the engines translate pivot→target.
    pub fn translate(
        &self,
        sources: &[(String, String)],
        routes: &[Route],
        stats: &mut EngineStats,
    ) -> Result<RouteAnswer, PipelineError> {
        // One representative per matching key; the others receive its answer.
        let mut representatives: Vec<SourceSegment> = Vec::new();
        let mut twins: HashMap<String, Vec<String>> = HashMap::new();
        let mut by_key: HashMap<String, String> = HashMap::new();
        for (id, text) in sources {
            let key = match_key(text);
            match by_key.get(&key) {
                Some(representative) => twins.entry(representative.clone()).or_default().push(id.clone()),
                None => {
                    by_key.insert(key, id.clone());
                    representatives.push(SourceSegment { id: id.clone(), text: text.clone() });
                }
            }
        }
        let mut answer = RouteAnswer::default();
        match &self.pivot {
            None => {
                run_engines(&self.engines, &self.pair, representatives, stats, &mut answer);
            }
            Some(pivot) => {
                let pending = run_engines(&self.engines[..1], &self.pair, representatives, stats, &mut answer);
                if !pending.is_empty() {
                    self.translate_via(pivot, &pending, routes, stats, &mut answer)?;
                }
            }
        }
        // Fan the representatives' answers out to their twins.
        let mut fanned = Vec::new();
        for translation in &answer.translations {
            for twin in twins.get(&translation.segment_id).into_iter().flatten() {
                fanned.push(Translation { segment_id: twin.clone(), ..translation.clone() });
            }
        }
        for (representative, ids) in &twins {
            if let Some(suggestions) = answer.suggestions.get(representative).cloned() {
                for id in ids {
                    answer.suggestions.insert(id.clone(), suggestions.clone());
                }
            }
        }
        answer.translations.extend(fanned);
        Ok(answer)
    }

    fn translate_via(
        &self,
        pivot: &str,
        pending: &[SourceSegment],
        routes: &[Route],
        stats: &mut EngineStats,
        answer: &mut RouteAnswer,
    ) -> Result<(), PipelineError> {
        let first = routes
            .iter()
            .find(|r| r.pair.source == self.pair.source && r.pair.target == pivot)
            .expect("config validation gives every pivot a route from the source");
        let sources: Vec<(String, String)> = pending.iter().map(|s| (s.id.clone(), s.text.clone())).collect();
        let first_leg = first.translate(&sources, routes, stats)?;
        let pivot_texts: Vec<SourceSegment> = first_leg
            .translations
            .iter()
            .map(|t| SourceSegment { id: t.segment_id.clone(), text: t.text.clone() })
            .collect();
        let second_pair = LangPair::new(pivot, self.pair.target.clone());
        run_engines(&self.engines, &second_pair, pivot_texts, stats, answer);
        Ok(())
    }
}

/// Offers `pending` to each engine in order; returns what none of them translated.
fn run_engines(
    engines: &[Arc<dyn Engine>],
    pair: &LangPair,
    mut pending: Vec<SourceSegment>,
    stats: &mut EngineStats,
    answer: &mut RouteAnswer,
) -> Vec<SourceSegment> {
    for engine in engines {
        if pending.is_empty() {
            break;
        }
        let max_batch = engine.capabilities().max_batch.max(1);
        let mut still_pending = Vec::new();
        for batch in pending.chunks(max_batch) {
            let report = stats.entry(engine.name());
            report.requests += 1;
            report.segments += batch.len();
            report.characters += batch.iter().map(|s| s.text.chars().count()).sum::<usize>();
            match engine.translate(pair, batch) {
                Ok(outputs) => {
                    let mut answered: HashMap<String, EngineOutput> =
                        outputs.into_iter().map(|o| (o.segment_id.clone(), o)).collect();
                    for segment in batch {
                        let Some(output) = answered.remove(&segment.id) else {
                            still_pending.push(segment.clone());
                            continue;
                        };
                        if !output.suggestions.is_empty() {
                            answer.suggestions.entry(segment.id.clone()).or_default().extend(output.suggestions);
                        }
                        match output.translation {
                            Some(translation) => {
                                stats.entry(engine.name()).answered += 1;
                                answer.translations.push(translation);
                            }
                            None => still_pending.push(segment.clone()),
                        }
                    }
                }
                Err(error) => {
                    tracing::warn!(engine = engine.name(), %error, "engine call failed");
                    stats.entry(engine.name()).failures += 1;
                    still_pending.extend(batch.iter().cloned());
                }
            }
        }
        pending = still_pending;
    }
    pending
}
