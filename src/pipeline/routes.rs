//! Routes: the ordered engines of one language pair, with an optional pivot language, and the machinery that
//! drives each engine: batches, several requests in flight (a semaphore per engine), a rate quota (a token
//! bucket per engine), retries with backoff that honour Retry-After, engines taken out for the run on quota or
//! key errors, and a circuit breaker. Calls run as tasks on the engine runtime; an engine that computes on the
//! CPU is polled on a blocking thread; results are handled on the caller's thread as they come back.
//!
//! Nothing is paid twice: texts with the same matching key are sent once per run (a run-wide cache answers the
//! later ones), memory hits never reach another engine, and every translation is handed to the caller's
//! `on_translation` the moment its batch comes back, so the caller stores it before anything else is asked.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use governor::{DefaultDirectRateLimiter, Quota};
use tokio::sync::Semaphore;

use super::{EngineStats, PipelineError};
use crate::config::{EngineKind, Settings};
use crate::engine::guard::{GuardedEngine, TermFinder};
use crate::engine::memory::MemoryEngine;
use crate::engine::protect::check_protected;
use crate::engine::registry::{build_engine, EngineTuning, GlossaryEntries};
use crate::engine::{runtime, Engine, EngineError, EngineOutput, LangPair, Origin, SourceSegment, Suggestion};
use crate::engine::{Explained, Translation};
use crate::store::{SharedStore, TmState};
use crate::t;
use crate::text::key::match_key;

/// Lateness of a timer the rate quota makes up for (see [`RoutedEngine::new`]).
const TIMER_SLACK: Duration = Duration::from_millis(10);

/// Longest wait between two attempts (DeepL's own client uses the same cap).
const MAX_BACKOFF: Duration = Duration::from_secs(120);

/// Called with (target language, translation) for every translation as soon as it is known.
pub type OnTranslation<'a> = dyn FnMut(&str, &Translation) -> Result<(), PipelineError> + 'a;

/// An engine with its run-time state: tuning, rate quota, health. Shared by every route that names the engine,
/// so quotas and breakers hold across routes.
pub struct RoutedEngine {
    pub engine: Arc<dyn Engine>,
    pub tuning: EngineTuning,
    machine: bool,
    /// Spaces requests at the configured rate (bursts of 10 ms of it at most), across every route using the engine.
    limiter: Option<DefaultDirectRateLimiter>,
    /// Calls in flight at once, across every route using the engine.
    in_flight: Arc<Semaphore>,
    /// A store whose workers share the engine's quota and in-flight limit (PostgreSQL), with the lease of an
    /// in-flight place: the rate and the places are then taken from it too, so all workers together keep them.
    shared: Option<(SharedStore, Duration)>,
    health: Mutex<Health>,
}

/// An in-flight place taken from the shared store; given back when dropped.
struct SharedSlot {
    store: SharedStore,
    id: i64,
}

impl Drop for SharedSlot {
    fn drop(&mut self) {
        let (store, id) = (self.store.clone(), self.id);
        // Not awaited: the place's lease frees it anyway should this fail.
        tokio::task::spawn_blocking(move || {
            if let Some(Err(e)) = store.engine_quota().map(|quota| quota.give_slot(id)) {
                tracing::warn!(error = %e, "could not give back an in-flight place");
            }
        });
    }
}

#[derive(Default)]
struct Health {
    /// Why the engine is out for the rest of the run.
    out: Option<String>,
    failures_in_a_row: u32,
    open_until: Option<Instant>,
}

impl RoutedEngine {
    pub fn new(engine: Arc<dyn Engine>, tuning: EngineTuning, machine: bool) -> RoutedEngine {
        let limiter = tuning.requests_per_second.filter(|rate| *rate > 0.0 && rate.is_finite()).and_then(|rate| {
            // Requests evenly spaced, except that what one timer tick (~10 ms) of lateness held back may go at
            // once: at 1,000/s a strict spacing loses to timer granularity what it meant to keep.
            let burst = NonZeroU32::new((rate * TIMER_SLACK.as_secs_f64()).ceil() as u32).unwrap_or(NonZeroU32::MIN);
            let quota = Quota::with_period(Duration::from_secs_f64(1.0 / rate))?;
            Some(DefaultDirectRateLimiter::direct(quota.allow_burst(burst)))
        });
        RoutedEngine {
            limiter,
            in_flight: Arc::new(Semaphore::new(tuning.concurrency.max(1))),
            shared: None,
            engine,
            tuning,
            machine,
            health: Mutex::new(Health::default()),
        }
    }

    /// The same engine with its quota and in-flight limit also held across the workers of `store`, when the
    /// store shares them; `lease` is how long a dead worker's in-flight place stays taken.
    pub fn sharing_quota_of(mut self, store: &SharedStore, lease: Duration) -> RoutedEngine {
        if store.engine_quota().is_some() {
            self.shared = Some((store.clone(), lease));
        }
        self
    }

    /// Waits for a request token of the shared rate quota. A store error is logged and the request goes on under
    /// this worker's own limits.
    async fn shared_token(&self) {
        let (Some((store, _)), Some(rate)) = (&self.shared, self.tuning.requests_per_second) else { return };
        if !(rate > 0.0 && rate.is_finite()) {
            return;
        }
        let burst = (rate * TIMER_SLACK.as_secs_f64()).ceil().max(1.0);
        loop {
            let (store, name) = (store.clone(), self.name().to_string());
            let taken = tokio::task::spawn_blocking(move || {
                store.engine_quota().expect("checked when shared").take_token(&name, rate, burst)
            })
            .await;
            match taken {
                Ok(Ok(None)) => return,
                Ok(Ok(Some(wait))) => tokio::time::sleep(wait).await,
                Ok(Err(e)) => {
                    tracing::warn!(engine = self.name(), error = %e, "shared rate quota unavailable");
                    return;
                }
                Err(_) => return,
            }
        }
    }

    /// Waits for one of the engine's in-flight places shared by all workers.
    async fn shared_slot(&self) -> Option<SharedSlot> {
        let (store, lease) = self.shared.as_ref()?;
        let limit = self.tuning.concurrency.max(1);
        let mut wait = Duration::from_millis(2);
        loop {
            let (store, name, lease) = (store.clone(), self.name().to_string(), *lease);
            let taken = tokio::task::spawn_blocking(move || {
                store.engine_quota().expect("checked when shared").take_slot(&name, limit, lease)
            })
            .await;
            match taken {
                Ok(Ok(Some(id))) => return Some(SharedSlot { store: self.shared.as_ref()?.0.clone(), id }),
                Ok(Ok(None)) => {
                    tokio::time::sleep(wait).await;
                    wait = (wait * 2).min(Duration::from_millis(50));
                }
                Ok(Err(e)) => {
                    tracing::warn!(engine = self.name(), error = %e, "shared in-flight limit unavailable");
                    return None;
                }
                Err(_) => return None,
            }
        }
    }

    /// The same engine with another first backoff (tests use short ones).
    pub fn with_backoff(mut self, backoff: Duration) -> RoutedEngine {
        self.tuning.backoff = backoff;
        self
    }

    pub fn name(&self) -> &str {
        self.engine.name()
    }

    /// Why no batch may go to the engine now: out for the run, or circuit open.
    fn closed_reason(&self) -> Option<String> {
        let health = self.health.lock().expect("health lock");
        if let Some(reason) = &health.out {
            return Some(reason.clone());
        }
        match health.open_until {
            Some(until) if Instant::now() < until => {
                Some(t!("engine-breaker-open", engine = self.name().to_string(), failures = health.failures_in_a_row))
            }
            _ => None,
        }
    }

    fn record(&self, result: &Result<(), &EngineError>) {
        let mut health = self.health.lock().expect("health lock");
        match result {
            Ok(()) => {
                health.failures_in_a_row = 0;
                health.open_until = None;
            }
            Err(error) if error.takes_engine_out() => health.out = Some(error.to_string()),
            Err(_) => {
                health.failures_in_a_row += 1;
                if health.failures_in_a_row >= self.tuning.breaker_failures {
                    health.open_until = Some(Instant::now() + self.tuning.breaker_pause);
                }
            }
        }
    }

    /// The wait before attempt `attempt + 1`: the server's Retry-After when given, else exponential with jitter.
    fn wait_before_retry(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(MAX_BACKOFF);
        }
        let base = self.tuning.backoff.as_secs_f64() * 1.6f64.powi(attempt as i32);
        let jitter = 0.8 + 0.4 * pseudo_random();
        Duration::from_secs_f64((base * jitter).min(MAX_BACKOFF.as_secs_f64()))
    }

    /// One batch with its retries; the counts of what was sent go in `sent`.
    async fn call(&self, pair: &LangPair, batch: &[SourceSegment], stop: &AtomicBool, sent: &mut Sent) -> Attempted {
        let characters: usize = batch.iter().map(|s| s.text.chars().count()).sum();
        let blocking = self.engine.capabilities().blocking;
        let mut attempt = 0;
        loop {
            if let Some(reason) = self.closed_reason() {
                return Err(CallFailure::Closed(reason));
            }
            if let Some(limiter) = &self.limiter {
                limiter.until_ready().await;
            }
            self.shared_token().await;
            sent.requests += 1;
            sent.characters += characters;
            let result = if blocking {
                self.call_blocking(pair, batch).await
            } else {
                self.engine.translate_explained(pair, batch).await
            };
            match result {
                Ok(answer) => {
                    self.record(&Ok(()));
                    return Ok(answer);
                }
                Err(error) if error.is_transient() && attempt < self.tuning.retries && !stop.load(Ordering::SeqCst) => {
                    let retry_after = match &error {
                        EngineError::Transient { retry_after, .. } => *retry_after,
                        _ => None,
                    };
                    tracing::info!(engine = self.name(), %error, attempt, "retrying");
                    tokio::time::sleep(self.wait_before_retry(attempt, retry_after)).await;
                    attempt += 1;
                    sent.retries += 1;
                }
                Err(error) => {
                    self.record(&Err(&error));
                    return Err(CallFailure::Failed(error));
                }
            }
        }
    }

    /// A call of an engine that computes, on a blocking thread, so the runtime's workers keep serving the rest.
    async fn call_blocking(&self, pair: &LangPair, batch: &[SourceSegment]) -> Result<Explained, EngineError> {
        let (engine, pair, batch) = (self.engine.clone(), pair.clone(), batch.to_vec());
        let handle = tokio::runtime::Handle::current();
        let name = self.name().to_string();
        tokio::task::spawn_blocking(move || handle.block_on(engine.translate_explained(&pair, &batch)))
            .await
            .unwrap_or_else(|panic| Err(EngineError::Failed { engine: name, detail: panic.to_string() }))
    }
}

type Attempted = Result<Explained, CallFailure>;

enum CallFailure {
    /// Not sent: the engine is out or its circuit is open.
    Closed(String),
    Failed(EngineError),
}

#[derive(Default)]
struct Sent {
    requests: usize,
    retries: usize,
    characters: usize,
}

/// A number in 0..1 that differs between calls, for backoff jitter (not for anything that needs randomness).
fn pseudo_random() -> f64 {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let mixed = (nanos as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
    (mixed % 10_000) as f64 / 10_000.0
}

/// Machine translations of this run by (target language, matching key of the source).
#[derive(Default)]
pub struct RunCache(Mutex<HashMap<(String, String), Translation>>);

impl RunCache {
    fn get(&self, target: &str, key: &str) -> Option<Translation> {
        self.0.lock().expect("cache lock").get(&(target.to_string(), key.to_string())).cloned()
    }

    fn put(&self, target: &str, key: String, translation: &Translation) {
        self.0.lock().expect("cache lock").insert((target.to_string(), key), translation.clone());
    }
}

/// The engines that serve one language pair, tried in order.
pub struct Route {
    pub pair: LangPair,
    pub engines: Vec<Arc<RoutedEngine>>,
    /// Translate through this language when the direct engines leave segments untranslated.
    pub pivot: Option<String>,
    cache: Arc<RunCache>,
}

/// What a route found for a list of segments.
#[derive(Debug, Default)]
pub struct RouteAnswer {
    pub translations: Vec<Translation>,
    pub suggestions: HashMap<String, Vec<Suggestion>>,
    /// Segments left without a translation, with the last reason an engine gave (refused, failed, out).
    pub flagged: HashMap<String, String>,
}

/// Builds every configured route's engines, each engine once. The memory engine always comes first, so nothing
/// the memory holds reaches another engine. Every machine engine is wrapped in a [`GuardedEngine`], so the
/// glossary's terms come out in their house rendering or the segment is flagged with the reason. Fails, before
/// any call, when an engine cannot be set up.
pub fn build_routes<G>(settings: &Settings, store: SharedStore, glossary: Arc<G>) -> Result<Vec<Route>, EngineError>
where
    G: GlossaryEntries + TermFinder + 'static,
{
    let entries: Arc<dyn GlossaryEntries> = glossary.clone();
    let terms: Arc<dyn TermFinder> = glossary;
    let memory =
        MemoryEngine::new("memory", store.clone(), settings.memory.fuzzy_threshold, settings.memory.max_suggestions);
    let memory_kind = EngineKind::Memory(Default::default());
    let memory = Arc::new(RoutedEngine::new(Arc::new(memory), EngineTuning::for_kind(&memory_kind), false));
    let mut built: HashMap<String, Arc<RoutedEngine>> = HashMap::new();
    let cache = Arc::new(RunCache::default());
    let mut routes = Vec::new();
    for route in &settings.routes {
        let mut engines = vec![memory.clone()];
        for name in &route.engines {
            let engine = settings.engine(name).expect("validated engine name");
            if !engine.kind.is_machine() {
                continue;
            }
            if let Some(existing) = built.get(name) {
                engines.push(existing.clone());
                continue;
            }
            let guarded = GuardedEngine::new(
                build_engine(engine, entries.clone())?,
                terms.clone(),
                engine_has_glossary(&engine.kind),
            );
            let routed = RoutedEngine::new(Arc::new(guarded), EngineTuning::for_kind(&engine.kind), true)
                .sharing_quota_of(&store, settings.lease);
            let routed = Arc::new(routed);
            built.insert(name.clone(), routed.clone());
            engines.push(routed);
        }
        routes.push(Route {
            pair: LangPair::new(route.from.clone(), route.to.clone()),
            engines,
            pivot: route.pivot.clone(),
            cache: cache.clone(),
        });
    }
    Ok(routes)
}

/// Engines given the glossary's pairs themselves: DeepL (unless turned off) and LLMs (in the prompt).
fn engine_has_glossary(kind: &EngineKind) -> bool {
    match kind {
        EngineKind::Deepl(deepl) => deepl.glossary.unwrap_or(true),
        EngineKind::OpenAi(_) => true,
        _ => false,
    }
}

impl Route {
    /// A route over `engines` (no memory is added), for callers outside a pipeline run (`dich translate`).
    pub fn new(pair: LangPair, engines: Vec<Arc<RoutedEngine>>, pivot: Option<String>) -> Route {
        Route { pair, engines, pivot, cache: Arc::new(RunCache::default()) }
    }

    /// True when the route has an engine that can translate text the memory does not hold.
    pub fn has_machine_engine(&self) -> bool {
        self.engines.iter().any(|e| e.machine)
    }

    /// Translates `(segment id, text)` pairs. Texts with the same matching key are sent once, and not at all
    /// when this run already translated them. Without a pivot the engines are tried in order on the route's
    /// pair. With a pivot, the memory is asked for the direct pair first; what it leaves goes through the
    /// source→pivot route, then the engines translate pivot→target. Every translation (twins included) goes to
    /// `on_translation` as soon as it is known; an error from it stops the route and is returned.
    pub fn translate(
        &self,
        sources: &[(String, String)],
        routes: &[Route],
        stats: &mut EngineStats,
        on_translation: &mut OnTranslation<'_>,
    ) -> Result<RouteAnswer, PipelineError> {
        let target = self.pair.target.clone();
        let mut answer = RouteAnswer::default();
        // One representative per matching key; the others receive its answer.
        let mut representatives: Vec<SourceSegment> = Vec::new();
        let mut twins: HashMap<String, Vec<String>> = HashMap::new();
        let mut keys: HashMap<String, String> = HashMap::new();
        let mut by_key: HashMap<String, String> = HashMap::new();
        for (id, text) in sources {
            let key = match_key(text);
            match by_key.get(&key) {
                Some(representative) => twins.entry(representative.clone()).or_default().push(id.clone()),
                None => {
                    by_key.insert(key.clone(), id.clone());
                    keys.insert(id.clone(), key);
                    representatives.push(SourceSegment { id: id.clone(), text: text.clone() });
                }
            }
        }

        let delivery = Delivery { target, keys, twins, cache: self.cache.clone() };

        // Answered earlier in this run: no engine is asked.
        let mut pending = Vec::new();
        for segment in representatives {
            match delivery.keys.get(&segment.id).and_then(|key| self.cache.get(&self.pair.target, key)) {
                Some(known) => {
                    // What the memory would answer for it (the translation was stored there as a machine
                    // entry), so a run's outputs do not depend on whether an earlier, killed run stored it.
                    let origin = match known.origin {
                        Origin::Machine { engine } => {
                            Origin::Memory { state: TmState::Machine, provenance: format!("engine:{engine}") }
                        }
                        other => other,
                    };
                    let known = Translation { segment_id: segment.id.clone(), text: known.text, origin };
                    delivery.deliver(known, &mut answer, on_translation)?;
                }
                None => pending.push(segment),
            }
        }

        match &self.pivot {
            None => {
                let mut sink = |t: Translation, a: &mut RouteAnswer| delivery.deliver(t, a, on_translation);
                let left = run_engines(&self.engines, &self.pair, pending, stats, &mut answer, &mut sink)?;
                self.flag_unanswered(&left, &mut answer);
            }
            Some(pivot) => {
                let memory: Vec<Arc<RoutedEngine>> = self.engines.iter().filter(|e| !e.machine).cloned().collect();
                let mut sink = |t: Translation, a: &mut RouteAnswer| delivery.deliver(t, a, on_translation);
                let left = run_engines(&memory, &self.pair, pending, stats, &mut answer, &mut sink)?;
                if !left.is_empty() {
                    self.translate_via(pivot, &left, routes, stats, &delivery, on_translation, &mut answer)?;
                }
            }
        }

        // Fuzzy suggestions are for what translators must still do. Dropping them for translated segments also
        // keeps outputs independent of when the memory was asked (a restarted run finds its own earlier answers).
        for translation in &answer.translations {
            answer.suggestions.remove(&translation.segment_id);
        }
        // Suggestions and reasons of a representative hold for its twins.
        for (representative, ids) in &delivery.twins {
            if let Some(suggestions) = answer.suggestions.get(representative).cloned() {
                for id in ids {
                    answer.suggestions.insert(id.clone(), suggestions.clone());
                }
            }
            if let Some(reason) = answer.flagged.get(representative).cloned() {
                for id in ids {
                    answer.flagged.insert(id.clone(), reason.clone());
                }
            }
        }
        Ok(answer)
    }

    #[allow(clippy::too_many_arguments)]
    fn translate_via(
        &self,
        pivot: &str,
        pending: &[SourceSegment],
        routes: &[Route],
        stats: &mut EngineStats,
        delivery: &Delivery,
        on_translation: &mut OnTranslation<'_>,
        answer: &mut RouteAnswer,
    ) -> Result<(), PipelineError> {
        let first = routes
            .iter()
            .find(|r| r.pair.source == self.pair.source && r.pair.target == pivot)
            .expect("config validation gives every pivot a route from the source");
        let sources: Vec<(String, String)> = pending.iter().map(|s| (s.id.clone(), s.text.clone())).collect();
        // The first leg's translations are the pivot language's own: the caller stores them under that target.
        let first_leg = first.translate(&sources, routes, stats, on_translation)?;
        answer.flagged.extend(first_leg.flagged);
        // A segment with no pivot-language version cannot take the second leg: say so, unless the first leg did.
        let pivoted: std::collections::HashSet<&str> =
            first_leg.translations.iter().map(|t| t.segment_id.as_str()).collect();
        for segment in pending.iter().filter(|s| !pivoted.contains(s.id.as_str())) {
            answer.flagged.entry(segment.id.clone()).or_insert_with(|| {
                t!("engine-route-no-pivot", pivot = pivot.to_string(), pair = self.pair.to_string())
            });
        }
        let pivot_texts: Vec<SourceSegment> = first_leg
            .translations
            .iter()
            .map(|t| SourceSegment { id: t.segment_id.clone(), text: t.text.clone() })
            .collect();
        let second_pair = LangPair::new(pivot, self.pair.target.clone());
        let machines: Vec<Arc<RoutedEngine>> = self.engines.iter().filter(|e| e.machine).cloned().collect();
        let mut sink = |t: Translation, a: &mut RouteAnswer| delivery.deliver(t, a, on_translation);
        let left = run_engines(&machines, &second_pair, pivot_texts, stats, answer, &mut sink)?;
        self.flag_unanswered(&left, answer);
        Ok(())
    }

    /// Segments no machine engine translated and none explained get the route's own reason. A route with only
    /// the memory refused nothing: its misses are simply untranslated.
    fn flag_unanswered(&self, left: &[SourceSegment], answer: &mut RouteAnswer) {
        if !self.engines.iter().any(|e| e.machine) {
            return;
        }
        for segment in left {
            answer
                .flagged
                .entry(segment.id.clone())
                .or_insert_with(|| t!("engine-route-unanswered", pair = self.pair.to_string()));
        }
    }
}

/// Hands a representative's translation, and copies for its twins, to the caller, and remembers machine
/// translations for the rest of the run.
struct Delivery {
    target: String,
    keys: HashMap<String, String>,
    twins: HashMap<String, Vec<String>>,
    cache: Arc<RunCache>,
}

impl Delivery {
    fn deliver(
        &self,
        translation: Translation,
        answer: &mut RouteAnswer,
        on_translation: &mut OnTranslation<'_>,
    ) -> Result<(), PipelineError> {
        if matches!(translation.origin, Origin::Machine { .. }) {
            if let Some(key) = self.keys.get(&translation.segment_id) {
                self.cache.put(&self.target, key.clone(), &translation);
            }
        }
        let ids = std::iter::once(translation.segment_id.clone())
            .chain(self.twins.get(&translation.segment_id).into_iter().flatten().cloned());
        for id in ids {
            let copy = Translation { segment_id: id.clone(), ..translation.clone() };
            on_translation(&self.target, &copy)?;
            answer.flagged.remove(&id);
            answer.translations.push(copy);
        }
        Ok(())
    }
}

/// Offers `pending` to each engine in order; returns what none of them translated. Each engine's batches run
/// `concurrency` at a time; results are handled here, on the caller's thread, as each batch returns.
pub fn run_engines(
    engines: &[Arc<RoutedEngine>],
    pair: &LangPair,
    mut pending: Vec<SourceSegment>,
    stats: &mut EngineStats,
    answer: &mut RouteAnswer,
    deliver: &mut dyn FnMut(Translation, &mut RouteAnswer) -> Result<(), PipelineError>,
) -> Result<Vec<SourceSegment>, PipelineError> {
    for engine in engines {
        if pending.is_empty() {
            break;
        }
        pending = run_engine(engine, pair, pending, stats, answer, deliver)?;
    }
    Ok(pending)
}

struct BatchResult {
    batch: Vec<SourceSegment>,
    sent: Sent,
    /// `None`: never sent (the run stopped first).
    result: Option<Attempted>,
}

fn run_engine(
    engine: &Arc<RoutedEngine>,
    pair: &LangPair,
    pending: Vec<SourceSegment>,
    stats: &mut EngineStats,
    answer: &mut RouteAnswer,
    deliver: &mut dyn FnMut(Translation, &mut RouteAnswer) -> Result<(), PipelineError>,
) -> Result<Vec<SourceSegment>, PipelineError> {
    let batch_size = engine.tuning.batch_size.min(engine.engine.capabilities().max_batch).max(1);
    let stop = Arc::new(AtomicBool::new(false));
    let runtime = runtime::handle();
    let (sender, receiver) = mpsc::channel::<BatchResult>();
    // Every batch is a task at once; the engine's semaphore lets `concurrency` of them call at a time, shared
    // with every other route that uses the engine.
    for batch in pending.chunks(batch_size).map(<[SourceSegment]>::to_vec) {
        let (engine, pair, stop, sender) = (engine.clone(), pair.clone(), stop.clone(), sender.clone());
        runtime.spawn(async move {
            let _permit = engine.in_flight.acquire().await.expect("the semaphore is never closed");
            let _shared = engine.shared_slot().await;
            if stop.load(Ordering::SeqCst) {
                let _ = sender.send(BatchResult { batch, sent: Sent::default(), result: None });
                return;
            }
            let mut sent = Sent::default();
            let result = engine.call(&pair, &batch, &stop, &mut sent).await;
            let _ = sender.send(BatchResult { batch, sent, result: Some(result) });
        });
    }
    drop(sender);
    let mut still_pending = Vec::new();
    let mut failure: Option<PipelineError> = None;
    for done in receiver {
        let Some(result) = done.result.filter(|_| failure.is_none()) else {
            still_pending.extend(done.batch);
            continue;
        };
        let report = stats.entry(engine.name());
        report.requests += done.sent.requests;
        report.retries += done.sent.retries;
        report.characters += done.sent.characters;
        report.segments += if done.sent.requests > 0 { done.batch.len() } else { 0 };
        report.cost += done.sent.characters as f64 * engine.tuning.price_per_million_chars / 1e6;
        match handle_batch(engine, done.batch, result, stats, answer, deliver) {
            Ok(left) => still_pending.extend(left),
            Err(error) => {
                stop.store(true, Ordering::SeqCst);
                failure = Some(error);
            }
        }
    }
    match failure {
        Some(error) => Err(error),
        None => Ok(still_pending),
    }
}

/// Delivers a batch's usable translations; returns its segments left untranslated, with their reasons flagged.
fn handle_batch(
    engine: &RoutedEngine,
    batch: Vec<SourceSegment>,
    result: Attempted,
    stats: &mut EngineStats,
    answer: &mut RouteAnswer,
    deliver: &mut dyn FnMut(Translation, &mut RouteAnswer) -> Result<(), PipelineError>,
) -> Result<Vec<SourceSegment>, PipelineError> {
    let name = engine.name().to_string();
    let (outputs, refusals) = match result {
        Ok(found) => found,
        Err(failure) => {
            let reason = match failure {
                CallFailure::Closed(reason) => reason,
                CallFailure::Failed(error) => {
                    tracing::warn!(engine = %name, %error, "engine call failed");
                    let report = stats.entry(&name);
                    report.failures += 1;
                    if error.takes_engine_out() {
                        report.out = Some(error.to_string());
                    }
                    error.to_string()
                }
            };
            for segment in &batch {
                answer.flagged.insert(segment.id.clone(), reason.clone());
            }
            return Ok(batch);
        }
    };
    let mut reasons: HashMap<String, String> = refusals
        .into_iter()
        .map(|r| (r.segment_id, t!("engine-refused", engine = name.clone(), reason = r.reason)))
        .collect();
    let mut answered: HashMap<String, EngineOutput> = outputs.into_iter().map(|o| (o.segment_id.clone(), o)).collect();
    let mut left = Vec::new();
    for segment in batch {
        let Some(output) = answered.remove(&segment.id) else {
            answer.flagged.insert(segment.id.clone(), t!("engine-no-output", engine = name.clone()));
            left.push(segment);
            continue;
        };
        if !output.suggestions.is_empty() {
            answer.suggestions.entry(segment.id.clone()).or_default().extend(output.suggestions);
        }
        let checked = output.translation.map(|translation| {
            if !engine.machine {
                return Ok(translation);
            }
            check_protected(&segment.text, &translation.text)
                .map(|()| translation)
                .map_err(|reason| t!("engine-refused", engine = name.clone(), reason = reason))
        });
        match checked {
            Some(Ok(translation)) => {
                stats.entry(&name).answered += 1;
                deliver(translation, answer)?;
            }
            Some(Err(reason)) => {
                stats.entry(&name).flagged += 1;
                answer.flagged.insert(segment.id.clone(), reason);
                left.push(segment);
            }
            None => {
                if let Some(reason) = reasons.remove(&segment.id) {
                    stats.entry(&name).flagged += 1;
                    answer.flagged.insert(segment.id.clone(), reason);
                }
                left.push(segment);
            }
        }
    }
    Ok(left)
}
