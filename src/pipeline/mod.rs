//! Runs the stages for a batch of articles: ingest, segment, memory and engines, outputs or translator packages,
//! and the run summary.
//!
//! Everything that costs something to redo is stored the moment it is known: an article and its segments in one
//! transaction, each translation as it arrives. A run stopped at any point (Ctrl-C, a kill) is continued by the
//! next run from what the store holds; nothing already answered is asked again.

mod routes;
pub mod stale;
pub mod summary;
pub mod terminology;
mod work;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::article::{self, Article, IngestOptions, InputEncoding};
use crate::channel;
use crate::clock::Clock;
use crate::config::{ChannelSettings, EncodingSetting, Settings};
use crate::engine::{Origin, Suggestion, Translation};
use crate::paths::{LinkPolicy, RefusedBecause, RefusedLink, Walked};
use crate::store::{ArticleDone, SharedStore, StoreBackend, TmEntry, TmState};
use crate::t;
use crate::text::segment::segment_article;
use crate::text::Segment;

use crate::qa::report::{Outcome, RunArticle as QaOutcome};
pub use routes::{build_routes, run_engines, OnTranslation, Route, RouteAnswer, RoutedEngine, RunCache};
use summary::{ArticleReport, ArticleStatus, EngineReport, RunSummary, TargetReport, Totals};
pub use terminology::Terminology;
use work::{heartbeat, Work};

/// File name extensions read from input directories.
pub const ARTICLE_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm", "json"];

/// Folder of the output directory for the reports of runs that write them apart ([`Reports::PerRun`]).
pub const RUNS_DIR: &str = "runs";
/// Folder of the output directory for the glossary decisions made in `dich serve` (each a decisions TSV).
pub const DECISIONS_DIR: &str = "decisions";
/// Folder of the output directory for articles added through `dich serve`.
pub const INCOMING_DIR: &str = "incoming";

/// Where a run writes its summary and QA report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reports {
    /// In the output directory, replacing the last run's: a batch run.
    InOutputDir,
    /// In `<output_dir>/runs/<run id>/`: a run of one article (published from `dich serve`), which must not
    /// replace the batch's report that desks read.
    PerRun,
}

/// The effects a run uses, passed in so tests can control them.
pub struct RunEnv {
    pub store: SharedStore,
    pub clock: Arc<dyn Clock>,
    /// Set from another thread (Ctrl-C) to stop after the current article.
    pub cancel: Arc<AtomicBool>,
    /// How the run shows its progress.
    pub progress: Progress,
}

/// How a run shows its progress.
#[derive(Clone, Default)]
pub enum Progress {
    #[default]
    Hidden,
    /// A bar on stderr, when it is a terminal.
    Bar,
    /// Each step handed to an observer (`dich serve`'s live progress).
    Observed(Arc<dyn Fn(&ProgressEvent) + Send + Sync>),
}

/// One step of a run, for a live display.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ProgressEvent {
    pub run: i64,
    /// Input files done, of `total`.
    pub done: usize,
    pub total: usize,
    /// The article just done and what came of it ("published", "held_back", "failed"); none in the first
    /// event and the last.
    pub article: Option<String>,
    pub status: Option<&'static str>,
    /// The run has ended ("finished", "interrupted"); its summary is in the run history.
    pub ended: Option<&'static str>,
}

/// A problem that stops the whole run before any article is processed.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("{}", t!("pipeline-error-inputs", path = path.display().to_string(), detail = detail.clone()))]
    Inputs { path: PathBuf, detail: String },
    #[error("{}", t!("pipeline-error-rules", detail = detail.clone()))]
    Rules { detail: String },
    #[error("{0}")]
    Seed(#[from] crate::memory::TmxError),
    #[error("{}", t!("pipeline-error-store", detail = detail.clone()))]
    Store { detail: String },
    /// The output directory cannot be written (a file in its place, no permission, a full disk).
    #[error("{}", t!("pipeline-error-output", path = path.display().to_string(), detail = detail.clone()))]
    Output { path: PathBuf, detail: String },
    /// An engine cannot be set up (no key, bad URL); found before any article is processed.
    #[error("{0}")]
    Engine(#[from] crate::engine::EngineError),
}

fn store_err(e: impl std::fmt::Display) -> PipelineError {
    PipelineError::Store { detail: e.to_string() }
}

impl PipelineError {
    /// True when the run could not start or finish for a reason the user's set-up must fix (exit 2).
    pub fn is_setup(&self) -> bool {
        matches!(self, PipelineError::Output { .. } | PipelineError::Rules { .. } | PipelineError::Engine(_))
    }
}

/// The output directory, made if needed and proven writable, before any article is read: a file in its place,
/// a read-only or full disk stop the run at once with the directory named.
pub fn check_output_dir(dir: &Path) -> Result<(), PipelineError> {
    let error = |detail: String| PipelineError::Output { path: dir.to_path_buf(), detail };
    if dir.exists() && !dir.is_dir() {
        return Err(error(t!("pipeline-output-not-a-folder")));
    }
    std::fs::create_dir_all(dir).map_err(|e| error(e.to_string()))?;
    let probe = dir.join(".dich-write-check");
    let written = std::fs::write(&probe, b"dich").map_err(|e| error(e.to_string()));
    let _ = std::fs::remove_file(&probe);
    written
}

/// The input files of a run: files as given, directories expanded to their article files (links followed as
/// `links` says), sorted; and the links not followed.
pub fn collect_inputs(inputs: &[PathBuf], links: LinkPolicy) -> Result<Walked, PipelineError> {
    let mut all = Walked::default();
    for input in inputs {
        let meta = std::fs::metadata(input)
            .map_err(|e| PipelineError::Inputs { path: input.clone(), detail: e.to_string() })?;
        if meta.is_dir() {
            let found = crate::paths::walk_files(input, ARTICLE_EXTENSIONS, links)
                .map_err(|e| PipelineError::Inputs { path: input.clone(), detail: e.to_string() })?;
            all.files.extend(found.files);
            all.refused.extend(found.refused);
        } else {
            all.files.push(input.clone());
        }
    }
    Ok(all)
}

/// Loads the configured seed memories (TMX) into the store. A seed never replaces what the memory already holds
/// for the same source in an equal or higher state (a translator's later approved version stays), so seeding
/// every run is idempotent.
pub fn seed_memory(settings: &Settings, store: &dyn StoreBackend, clock: &dyn Clock) -> Result<usize, PipelineError> {
    let now = clock.now_rfc3339();
    let mut count = 0;
    for path in &settings.memory.seed {
        let mut fresh = Vec::new();
        for entry in crate::memory::read_tmx(path, TmState::Approved, &now)? {
            let held = store.tm_exact(&entry.source_lang, &entry.target_lang, &entry.source).map_err(store_err)?;
            if held.is_none_or(|held| held.state < entry.state) {
                fresh.push(entry);
            }
        }
        store.tm_put_all(&fresh).map_err(store_err)?;
        count += fresh.len();
    }
    Ok(count)
}

/// Per-engine counters of one run (requests, segments, characters sent, answers, failures).
#[derive(Default)]
pub struct EngineStats(HashMap<String, EngineReport>);

impl EngineStats {
    /// The reports, sorted by engine name.
    pub fn into_reports(self) -> Vec<EngineReport> {
        let mut reports: Vec<EngineReport> = self.0.into_values().collect();
        reports.sort_by(|a, b| a.name.cmp(&b.name));
        reports
    }

    fn entry(&mut self, name: &str) -> &mut EngineReport {
        self.0.entry(name.to_string()).or_insert_with(|| EngineReport { name: name.to_string(), ..Default::default() })
    }
}

/// Runs the pipeline over `settings.inputs` and returns the summary. Per-article problems never stop the run:
/// they are in the summary.
pub fn run(settings: &Settings, env: &RunEnv) -> Result<RunSummary, PipelineError> {
    run_with(settings, env, Reports::InOutputDir)
}

/// [`run`], with the run's reports written as `reports` says.
pub fn run_with(settings: &Settings, env: &RunEnv, write_reports_to: Reports) -> Result<RunSummary, PipelineError> {
    // Held until the run returns: a second run on this store would pay for the same segments again. Taken first,
    // so a refused run has loaded no model and started no engine.
    let _run_lock = env.store.lock_for_run().map_err(store_err)?;
    // Build everything that can fail for configuration reasons before touching any article or engine.
    let rules = match &settings.ingest.boilerplate {
        Some(path) => {
            article::BoilerplateRules::from_file(path).map_err(|e| PipelineError::Rules { detail: e.to_string() })?
        }
        None => article::BoilerplateRules::builtin(),
    };
    let ingest = IngestOptions {
        encoding: match settings.ingest.encoding {
            EncodingSetting::Auto => InputEncoding::Auto,
            EncodingSetting::Utf8 => InputEncoding::Utf8,
            EncodingSetting::Utf16 => InputEncoding::Utf16,
            EncodingSetting::Windows1258 => InputEncoding::Windows1258,
        },
        rules: Arc::new(rules),
        max_bytes: settings.ingest.max_file_bytes,
    };
    let Walked { files, refused: refused_links } = collect_inputs(&settings.inputs, settings.ingest.links)?;
    check_output_dir(&settings.output_dir)?;
    let store = &env.store;
    let terms = Arc::new(Terminology::load(&settings.glossary));
    let routes = build_routes(settings, store.clone(), terms.clone())?;

    let started = env.clock.now_rfc3339();
    // With the lock held, runs still marked running died without finishing; start_run marks them interrupted,
    // so each is reported once.
    let resumed_after: Vec<i64> = store
        .interrupted_runs()
        .map_err(store_err)?
        .into_iter()
        .filter(|r| r.status == crate::store::RUN_RUNNING)
        .map(|r| r.id)
        .collect();
    seed_memory(settings, &**store, env.clock.as_ref())?;
    let run_id = store.start_run(&settings.fingerprint()).map_err(store_err)?;

    let total = files.len() + refused_links.len();
    let progress = progress_bar(matches!(env.progress, Progress::Bar), total as u64);
    let observe = |article: Option<&ArticleReport>, done: usize, ended: Option<&'static str>| {
        if let Progress::Observed(observer) = &env.progress {
            observer(&ProgressEvent {
                run: run_id,
                done,
                total,
                article: article.map(|a| a.id.clone()),
                status: article.map(|a| a.status.as_str()),
                ended,
            });
        }
    };
    observe(None, 0, None);
    // The run's own files: a failure to write them ends the run as "failed" in the journal (never left
    // "running"), with the output directory named.
    let failed_run = |e: std::io::Error| {
        let _ = store.finish_run(run_id, "failed", "{}");
        PipelineError::Output { path: settings.output_dir.clone(), detail: e.to_string() }
    };
    let report_dir = match write_reports_to {
        Reports::InOutputDir => settings.output_dir.clone(),
        Reports::PerRun => settings.output_dir.join(RUNS_DIR).join(run_id.to_string()),
    };
    // Each article's QA results and outcomes go to the report's spill files as it is done: the run's memory
    // does not grow with its articles' findings.
    let mut qa_report = crate::qa::report::RunReport::create(&report_dir).map_err(failed_run)?;
    let mut stats = EngineStats::default();
    let mut reports = Vec::new();
    // Article ids come from file names: two files whose names give the same id would overwrite each other's
    // outputs and store rows; the second is refused, naming the first.
    let mut ids: HashMap<String, PathBuf> = HashMap::new();
    // A link not followed is reported where its article would be, as a failure naming where it points.
    let mut inputs: Vec<(&Path, Option<&RefusedLink>)> = files.iter().map(|f| (f.as_path(), None)).collect();
    inputs.extend(refused_links.iter().map(|r| (r.link.as_path(), Some(r))));
    inputs.sort_by_key(|(path, _)| *path);
    // Each input with the earlier input whose name gives the same id, if any: decided in input order, so every
    // worker of a shared batch decides it the same way.
    let mut taken_by: Vec<Option<PathBuf>> = Vec::with_capacity(inputs.len());
    for (path, refused) in &inputs {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let id = article::article_id(&name);
        taken_by.push(ids.get(&id).filter(|_| refused.is_none()).cloned());
        if refused.is_none() {
            ids.entry(id).or_insert_with(|| path.to_path_buf());
        }
    }
    // A batch run shares its inputs with the other workers of a shared store; a run of one article that a person
    // asked for (`dich serve` publishing) does it whatever the batch holds.
    let queue = store.work_queue().filter(|_| write_reports_to == Reports::InOutputDir);
    let mut work = Work::new(queue, settings, &inputs)?;
    let stop_heartbeat = AtomicBool::new(false);
    std::thread::scope(|scope| -> Result<(), PipelineError> {
        // Every run on a shared store beats: its run stays alive, its claims and in-flight places held.
        if let Some(queue) = store.work_queue() {
            scope.spawn(|| heartbeat(queue, settings.lease, &stop_heartbeat));
        }
        let result = (|| -> Result<(), PipelineError> {
            while let Some(index) = work.next(&env.cancel)? {
                let (path, refused) = inputs[index];
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                progress.set_message(crate::text::printable(&name).into_owned());
                let (mut qa, mut outcomes) = (Vec::new(), Vec::new());
                let id = article::article_id(&name);
                let report = match (refused, taken_by[index].clone()) {
                    (Some(link), _) => refused_link_report(link),
                    (None, Some(first)) => id_taken_report(&id, path, &first),
                    (None, None) => process_article(
                        settings,
                        env,
                        &routes,
                        &terms,
                        &ingest,
                        path,
                        run_id,
                        &mut stats,
                        (&mut qa, &mut outcomes),
                    ),
                };
                let done = ArticleDone {
                    run: run_id,
                    article_id: &report.id,
                    event: report.status.as_str(),
                    detail: report.reason.as_deref().unwrap_or(""),
                };
                if !work.complete(index, &done, &**store)? {
                    // The lease ran out while the article was being done and another worker has it now: its
                    // outputs (the same bytes) and its journal entry are that worker's.
                    tracing::warn!(article = %report.id, "lease lost; another worker finishes this article");
                    qa_report.add(&qa, &[]).map_err(failed_run)?;
                    continue;
                }
                if report.status == ArticleStatus::Failed {
                    // A failure after some languages were done stands for the whole article.
                    outcomes.clear();
                    outcomes.push(QaOutcome {
                        article: report.id.clone(),
                        headline: report.headline.clone(),
                        language: None,
                        outcome: Outcome::Failed,
                        reason: report.reason.clone(),
                        package: None,
                        segments: report.segments,
                        missing: 0,
                        unchecked: vec![],
                    });
                }
                // One call per article of the run (article ids are unique among its inputs): the report counts an
                // article held back in several languages once.
                qa_report.add(&qa, &outcomes).map_err(failed_run)?;
                observe(Some(&report), reports.len() + 1, None);
                reports.push(report);
                progress.inc(1);
            }
            Ok(())
        })();
        stop_heartbeat.store(true, Ordering::SeqCst);
        result
    })?;
    let interrupted = work.cancelled;
    progress.finish_and_clear();

    let mut totals = Totals { articles: reports.len(), ..Default::default() };
    for report in &reports {
        match report.status {
            ArticleStatus::Published => totals.published += 1,
            ArticleStatus::HeldBack => totals.held_back += 1,
            ArticleStatus::Failed => totals.failed += 1,
        }
        for target in &report.targets {
            totals.terms += target.terms;
            totals.terms_kept += target.terms_kept;
            totals.segments += target.segments;
            totals.from_memory += target.from_memory;
            totals.machine += target.machine;
            totals.missing += target.missing;
        }
    }
    let engines = stats.into_reports();
    let qa = qa_report.finish(run_id, env.clock.now_rfc3339()).map_err(failed_run)?;
    let mut glossary = terms.report(&reports);
    glossary.exported = channel::publish::write_glossary_channels(settings, terms.glossary())
        .map_err(failed_run)?
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let summary = RunSummary {
        run: run_id,
        started,
        finished: env.clock.now_rfc3339(),
        interrupted,
        resumed_after,
        output_dir: settings.output_dir.display().to_string(),
        hints: hints(settings, &routes, &totals),
        glossary,
        totals,
        articles: reports,
        engines,
        memory_entries: store.tm_count().map_err(store_err)?,
        qa,
    };
    let json = summary.to_json();
    let status = if interrupted { "interrupted" } else { "finished" };
    store.finish_run(run_id, status, &json).map_err(store_err)?;
    write_summary_files(&report_dir, &summary).map_err(failed_run)?;
    observe(None, summary.articles.len(), Some(status));
    Ok(summary)
}

/// The report of a file whose article id another file of the run already has.
fn id_taken_report(id: &str, path: &Path, first: &Path) -> ArticleReport {
    let reason = t!(
        "pipeline-id-taken",
        id = id.to_string(),
        file = path.display().to_string(),
        other = first.display().to_string()
    );
    ArticleReport::failed(id.to_string(), path.display().to_string(), reason)
}

/// True when the store holds `id` from another file that still exists (a file renamed or moved keeps its id).
fn taken_in_store(store: &dyn StoreBackend, id: &str, path: &Path) -> Option<String> {
    let previous = store.article_source(id).ok().flatten()?;
    let (then, now) = (std::fs::canonicalize(&previous).ok()?, std::fs::canonicalize(path).ok()?);
    (then != now).then_some(previous)
}

/// The report of a link in an input folder that was not followed.
fn refused_link_report(refused: &RefusedLink) -> ArticleReport {
    let link = refused.link.display().to_string();
    let target = refused.target.as_ref().map(|t| t.display().to_string()).unwrap_or_default();
    let reason = match refused.reason {
        RefusedBecause::Outside => t!("pipeline-link-outside", link = link.clone(), target = target),
        RefusedBecause::Broken => t!("pipeline-link-broken", link = link.clone()),
        RefusedBecause::NotFollowed => t!("pipeline-link-not-followed", link = link.clone()),
    };
    let name = refused.link.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    ArticleReport::failed(article::article_id(&name), link, reason)
}

fn write_summary_files(dir: &Path, summary: &RunSummary) -> std::io::Result<()> {
    channel::write_if_changed(&dir.join("run-summary.json"), summary.to_json().as_bytes())?;
    channel::write_if_changed(&dir.join("run-summary.txt"), summary.to_text().as_bytes())?;
    Ok(())
}

fn progress_bar(enabled: bool, len: u64) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !enabled || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}").expect("static progress template"),
    );
    bar
}

fn hints(settings: &Settings, routes: &[Route], totals: &Totals) -> Vec<String> {
    let mut hints = Vec::new();
    if totals.missing > 0 {
        let machine = routes.iter().any(|r| r.has_machine_engine());
        if !machine {
            hints.push(t!("hint-no-engine", missing = totals.missing));
            // OPUS-MT publishes few Vietnamese→X models besides English: other targets go through English.
            let others: Vec<&str> = settings
                .targets
                .iter()
                .map(|t| t.split(['-', '_']).next().unwrap_or(t))
                .filter(|t| *t != "en")
                .collect();
            if !others.is_empty() {
                let models = others.iter().map(|t| format!("opus-mt-en-{t}")).collect::<Vec<_>>().join(", ");
                hints.push(t!("hint-pivot-models", languages = others.join(", "), models = models));
            }
        }
        hints.push(t!("hint-packages", path = settings.output_dir.join("packages").display().to_string()));
    }
    if totals.failed > 0 {
        hints.push(t!("hint-failed", failed = totals.failed));
    }
    hints
}

/// Reads, segments, translates and writes one article; every problem ends up in its report.
#[allow(clippy::too_many_arguments)]
fn process_article(
    settings: &Settings,
    env: &RunEnv,
    routes: &[Route],
    terms: &Terminology,
    ingest: &IngestOptions,
    path: &Path,
    run_id: i64,
    stats: &mut EngineStats,
    (qa, outcomes): (&mut Vec<crate::qa::ArticleQa>, &mut Vec<QaOutcome>),
) -> ArticleReport {
    let source = path.display().to_string();
    let failed = |id: String, reason: String| ArticleReport::failed(id, source.clone(), reason);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| source.clone());
    let article = match article::read_article(path, ingest) {
        Ok(article) => article,
        Err(e) => return failed(article::article_id(&name), e.to_string()),
    };
    if let Some(other) = taken_in_store(&*env.store, &article.id, path) {
        let reason = t!("pipeline-id-taken-store", id = article.id.clone(), file = source.clone(), other = other);
        return failed(article.id.clone(), reason);
    }
    let segments = segment_article(&article);
    let content_hash =
        blake3::hash(serde_json::to_string(&article).unwrap_or_default().as_bytes()).to_hex().to_string();
    if let Err(e) = env.store.save_article(&article, &source, &content_hash, &segments) {
        return failed(article.id.clone(), t!("pipeline-error-store", detail = e.to_string()));
    }
    tracing::debug!(article = %article.id, run = run_id, segments = segments.len(), "article stored");
    let hits = terms.hits(&segments);
    if let Err(e) = env.store.save_term_hits(&article.id, &hits) {
        return failed(article.id.clone(), t!("pipeline-error-store", detail = e.to_string()));
    }

    let mut targets = Vec::new();
    let mut held_reasons = Vec::new();
    for target in &settings.targets {
        let result = translate_article(settings, env, routes, &article, &segments, target, stats);
        let (translations, suggestions, flagged) = match result {
            Ok(found) => found,
            Err(e) => return failed(article.id.clone(), e.to_string()),
        };
        let findings = crate::package::Findings {
            translations: &translations,
            suggestions: &suggestions,
            hits: &hits,
            flagged: &flagged,
        };
        let mut report = TargetReport {
            language: target.clone(),
            segments: segments.len(),
            from_memory: 0,
            machine: 0,
            missing: 0,
            outputs: vec![],
            package: None,
            packages_removed: vec![],
            withdrawn: vec![],
            terms: 0,
            terms_kept: 0,
        };
        (report.terms, report.terms_kept) = terminology::coverage(&segments, &hits, target, &translations);
        for segment in &segments {
            match translations.get(&segment.id).map(|t| &t.origin) {
                Some(Origin::Memory { .. }) => report.from_memory += 1,
                Some(Origin::Machine { .. }) => report.machine += 1,
                None => report.missing += 1,
            }
        }
        // QA on a complete translation: an error-level problem holds the article back with its package.
        let checked = (report.missing == 0).then(|| {
            let context = terms.qa_context(target);
            crate::qa::check_article(settings, &context, &article, &segments, target, &translations, &hits)
        });
        let qa_reason = checked.as_ref().and_then(|c| c.held_reason());
        let held = qa_reason.is_some() || report.missing > 0;
        let mut outcome = QaOutcome {
            article: article.id.clone(),
            headline: article.headline.clone(),
            language: Some(target.clone()),
            outcome: Outcome::Published,
            reason: None,
            package: None,
            segments: segments.len(),
            missing: report.missing,
            unchecked: vec![],
        };
        // Channels that withhold a complete, checked article (translations in a state they do not publish).
        let mut withheld_channels: Vec<String> = Vec::new();
        let written = if let (Some(reason), Some(checked)) = (qa_reason, &checked) {
            outcome.outcome = Outcome::HeldByQa;
            outcome.reason = Some(reason.clone());
            held_reasons.push(reason);
            crate::qa::gate::write_held_package(settings, &article, &segments, target, &findings, &source, checked).map(
                |p| {
                    report.package = p.first().map(|p| p.display().to_string());
                    vec![]
                },
            )
        } else if report.missing == 0 {
            let channels: Vec<&ChannelSettings> = settings.channels.iter().filter(|c| c.language == *target).collect();
            let (open, withheld) = publishable(&channels, &segments, &translations);
            let context = channel::publish::PublishContext {
                matcher: terms.matcher(),
                glossary: Some(terms.glossary()),
                now: env.clock.now_rfc3339(),
            };
            let written = channel::publish::write_these_channels(
                settings, &open, &article, &segments, target, &findings, &source, &context,
            );
            if withheld.is_empty() {
                written
            } else {
                let reasons: Vec<String> = withheld.iter().map(|w| w.reason(target)).collect();
                outcome.outcome = Outcome::HeldUnapproved;
                outcome.reason = Some(reasons.join("; "));
                held_reasons.extend(reasons);
                withheld_channels = withheld.iter().map(|w| w.channel.name.clone()).collect();
                let package =
                    channel::publish::write_package(settings, &article, &segments, target, &findings, &source);
                written.and_then(|paths| {
                    report.package = package?.first().map(|p| p.display().to_string());
                    Ok(paths)
                })
            }
        } else {
            let mut reasons = vec![t!(
                "article-held-missing",
                language = target.clone(),
                missing = report.missing,
                segments = segments.len()
            )];
            if !flagged.is_empty() {
                reasons.push(t!("article-held-flagged", language = target.clone(), flagged = flagged.len()));
            }
            // QA runs on complete translations only: none of this article's segments was checked.
            outcome.outcome = Outcome::HeldMissing;
            outcome.reason = Some(reasons.join("; "));
            outcome.unchecked = segments.iter().map(|s| s.id.clone()).collect();
            held_reasons.extend(reasons);
            channel::publish::write_package(settings, &article, &segments, target, &findings, &source).map(|p| {
                report.package = p.first().map(|p| p.display().to_string());
                vec![]
            })
        };
        // What an earlier run left for the other decision goes: a package once published, channel files once
        // held back.
        let cleared = written.and_then(|paths| {
            let strings = |list: Vec<PathBuf>| list.iter().map(|p| p.display().to_string()).collect::<Vec<_>>();
            if held {
                report.withdrawn = strings(stale::withdraw(settings, &article.id, target, None)?);
            } else if !withheld_channels.is_empty() {
                // The package just written stays: translators have segments to approve.
                let only: Vec<&str> = withheld_channels.iter().map(String::as_str).collect();
                report.withdrawn = strings(stale::withdraw(settings, &article.id, target, Some(&only))?);
            } else {
                report.packages_removed = strings(stale::clear_after_publishing(settings, &article.id, target)?);
            }
            Ok(strings(paths))
        });
        match cleared {
            Ok(outputs) => report.outputs = outputs,
            Err(e) => {
                return failed(article.id.clone(), t!("pipeline-error-write", detail = e.to_string()));
            }
        }
        outcome.package = report.package.clone();
        outcomes.push(outcome);
        targets.push(report);
        qa.extend(checked);
    }
    let status = if held_reasons.is_empty() { ArticleStatus::Published } else { ArticleStatus::HeldBack };
    ArticleReport {
        id: article.id.clone(),
        source,
        status,
        reason: (!held_reasons.is_empty()).then(|| held_reasons.join("; ")),
        headline: article.headline.clone(),
        segments: segments.len(),
        targets,
        term_entries: {
            let mut ids: Vec<String> = hits.values().flatten().map(|h| h.entry.to_string()).collect();
            ids.sort();
            ids.dedup();
            ids
        },
    }
}

/// Channels that withhold a complete article: some of its segments are in a state the channel does not publish.
struct Withheld<'c> {
    channel: &'c ChannelSettings,
    /// The least reviewed state found that the channel refuses, and how many segments are in a refused state.
    state: TmState,
    segments: usize,
}

impl Withheld<'_> {
    fn reason(&self, language: &str) -> String {
        let publishes: Vec<&str> = self.channel.publish.iter().map(|s| s.as_str()).collect();
        t!(
            "article-held-state",
            language = language.to_string(),
            channel = self.channel.name.clone(),
            segments = self.segments,
            state = self.state.as_str(),
            publishes = publishes.join(", ")
        )
    }
}

/// Splits `channels` into those that may publish the translations and those that withhold them.
fn publishable<'c>(
    channels: &[&'c ChannelSettings],
    segments: &[Segment],
    translations: &HashMap<String, Translation>,
) -> (Vec<&'c ChannelSettings>, Vec<Withheld<'c>>) {
    let states: Vec<TmState> =
        segments.iter().filter_map(|s| translations.get(&s.id)).map(|t| t.origin.state()).collect();
    let mut open = Vec::new();
    let mut withheld = Vec::new();
    for &channel in channels {
        // The glossary channel is written once per run, whatever the articles hold.
        let refused: Vec<TmState> = if channel.kind == crate::config::ChannelKind::Glossary {
            Vec::new()
        } else {
            states.iter().copied().filter(|s| !channel.publishes(*s)).collect()
        };
        match refused.iter().min() {
            None => open.push(channel),
            Some(&state) => withheld.push(Withheld { channel, state, segments: refused.len() }),
        }
    }
    (open, withheld)
}

/// Translations, fuzzy suggestions, and the reasons engines' answers were refused, by segment id.
type Found = (HashMap<String, Translation>, HashMap<String, Vec<Suggestion>>, HashMap<String, String>);

/// Translations of every segment of `article` into `target`: stored ones first, then the route's engines for the
/// rest. Each new translation is stored the moment it arrives.
fn translate_article(
    settings: &Settings,
    env: &RunEnv,
    routes: &[Route],
    article: &Article,
    segments: &[Segment],
    target: &str,
    stats: &mut EngineStats,
) -> Result<Found, PipelineError> {
    let store = &env.store;
    let stored = store.load_targets(&article.id, target).map_err(store_err)?;
    let mut translations: HashMap<String, Translation> = HashMap::new();
    let mut pending: Vec<&Segment> = Vec::new();
    for segment in segments {
        // A stored machine translation is kept (never paid for twice) unless a person has since translated or
        // approved the segment (an import, `dich serve`): then the memory answers. A memory answer is always
        // asked again, since the memory may have learned an approved version since.
        let kept = match stored.get(&segment.id) {
            Some(t) if matches!(t.origin, Origin::Machine { .. }) => {
                let reviewed = store.tm_exact(&settings.source, target, &segment.text).map_err(store_err)?;
                reviewed.is_none_or(|entry| entry.state == TmState::Machine).then_some(t)
            }
            _ => None,
        };
        match kept {
            Some(t) => {
                translations.insert(segment.id.clone(), t.clone());
            }
            None => pending.push(segment),
        }
    }
    let route = routes
        .iter()
        .find(|r| r.pair.source == settings.source && r.pair.target == target)
        .expect("config validation gives every target a route");
    let sources: Vec<(String, String)> = pending.iter().map(|s| (s.id.clone(), s.text.clone())).collect();
    let source_texts: HashMap<&str, &str> = segments.iter().map(|s| (s.id.as_str(), s.text.as_str())).collect();
    // Stored the moment it arrives (a pivot leg's translations under the pivot language): a run killed
    // afterwards never pays for it again.
    let mut store_one = |language: &str, translation: &Translation| -> Result<(), PipelineError> {
        store.save_target(&article.id, language, translation).map_err(store_err)?;
        if let Origin::Machine { engine } = &translation.origin {
            if let Some(source) = source_texts.get(translation.segment_id.as_str()) {
                let now = env.clock.now_rfc3339();
                let entry = TmEntry {
                    source_lang: settings.source.clone(),
                    target_lang: language.to_string(),
                    source: source.to_string(),
                    target: translation.text.clone(),
                    state: TmState::Machine,
                    provenance: format!("engine:{engine}"),
                    created: now.clone(),
                    updated: now,
                };
                store.tm_put(&entry).map_err(store_err)?;
            }
        }
        Ok(())
    };
    let answer = route.translate(&sources, routes, stats, &mut store_one)?;
    for translation in answer.translations {
        translations.insert(translation.segment_id.clone(), translation);
    }
    Ok((translations, answer.suggestions, answer.flagged))
}
