//! `dich serve`: the newsroom's shared desk over the same store and `pipeline.toml` as `dich run`.
//!
//! Translators review held-back articles in the browser and publish them; editors add articles and start runs;
//! desks read per-channel Atom and JSON feeds and download files; scripts use the JSON API described at
//! `/api/openapi.json`. The server is axum on tokio; everything that touches the store or the pipeline runs on
//! blocking threads ([`App::blocking`]), since both are synchronous and the pipeline is CPU work.
//!
//! # Layout
//! - [`users`]: the users file (roles, argon2id password hashes, hashed API tokens).
//! - `session`: who is asking (session cookie or API token), CSRF tokens, the UI language of a request.
//! - [`review`]: the review queue, an article's review, saving a segment (no HTTP).
//! - `pages`: the HTML pages (minijinja templates, auto-escaped).
//! - `api`: the JSON API and its OpenAPI document.
//! - `glossary`: the glossary findings with concordance, decisions into the term bases, term search.
//! - `feeds`: Atom 1.0 and JSON Feed 1.1 (of ninjs items) per publishing channel, and file downloads.
//! - [`webhooks`]: signed pushes of ninjs items to desks, retried with backoff, and their delivery log.

// Guards return the response to send instead (a redirect to the login, a 403 page): an axum Response is what
// every handler returns anyway, so boxing it would only add an allocation.
#![allow(clippy::result_large_err)]

mod api;
mod feeds;
mod glossary;
mod pages;
pub mod review;
mod session;
pub mod users;
pub mod webhooks;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Condvar, Mutex};

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::clock::Clock;
use crate::config::Settings;
use crate::pipeline::{self, RunEnv, Terminology};
use crate::store::SharedStore;
use crate::t;

pub use session::Sessions;

/// Everything a request handler can reach: settings, store, glossary, users, sessions, templates, clock.
pub struct App {
    pub settings: Arc<Settings>,
    pub store: SharedStore,
    /// Loaded in the background at start; replaced whole when a glossary decision changes the term bases.
    terms: Arc<DeskTerms>,
    pub clock: Arc<dyn Clock>,
    users_path: PathBuf,
    users: Mutex<(Option<std::time::SystemTime>, users::Users)>,
    sessions: Sessions,
    templates: minijinja::Environment<'static>,
    feed_cache: feeds::FeedCache,
    /// The memory's near-matches of segments under review.
    near_matches: Arc<review::NearMatches>,
    /// Set on shutdown: a run going on stops after its current article.
    cancel: Arc<AtomicBool>,
    webhooks: Option<webhooks::Webhooks>,
    /// Each step of every run this desk starts, for the live progress (server-sent events).
    live: tokio::sync::broadcast::Sender<pipeline::ProgressEvent>,
    /// Password checks at once: argon2id takes 19 MiB and tens of milliseconds each by design, so logins wait
    /// their turn instead of taking every blocking thread and their memory (a burst of logins is also how
    /// passwords are guessed).
    password_checks: tokio::sync::Semaphore,
}

/// Password checks that may run at once.
const PASSWORD_CHECKS: usize = 2;

impl App {
    pub fn new(settings: Settings, store: SharedStore, clock: Arc<dyn Clock>, users_path: PathBuf) -> App {
        let terms = DeskTerms::load_in_background(settings.glossary.clone());
        App {
            settings: Arc::new(settings),
            store,
            terms,
            clock,
            users_path,
            users: Mutex::new((None, users::Users::default())),
            sessions: Sessions::default(),
            templates: pages::templates(),
            feed_cache: feeds::FeedCache::default(),
            near_matches: Arc::default(),
            cancel: Arc::new(AtomicBool::new(false)),
            webhooks: None,
            live: tokio::sync::broadcast::channel(256).0,
            password_checks: tokio::sync::Semaphore::new(PASSWORD_CHECKS),
        }
    }

    /// The same desk, pushing its channels' items to their webhooks while it serves.
    pub fn with_webhooks(mut self, webhooks: Option<webhooks::Webhooks>) -> App {
        self.webhooks = webhooks;
        self
    }

    /// Tells the webhook deliverer that channels may have new items.
    fn published(&self) {
        if let Some(hooks) = &self.webhooks {
            hooks.wake();
        }
    }

    /// The term bases as loaded at start or after the latest glossary decision; waits while the first load is
    /// still going on (called on blocking threads only).
    pub fn terms(&self) -> Arc<Terminology> {
        self.terms.wait()
    }

    /// Whether the first load of the term bases has finished (`/readyz`).
    pub fn terms_ready(&self) -> bool {
        self.terms.current().is_some()
    }

    /// Loads the term bases again (after a decision changed them).
    pub fn reload_terms(&self) {
        self.terms.replace(Terminology::load(&self.settings.glossary));
    }

    /// The users file as it is now: read again when it changed on disk (`dich users add` while serving).
    pub fn users(&self) -> Result<users::Users, String> {
        let modified = std::fs::metadata(&self.users_path).and_then(|m| m.modified()).ok();
        let mut cached = self.users.lock().unwrap_or_else(|e| e.into_inner());
        if cached.0.is_none() || cached.0 != modified {
            cached.1 = users::Users::load(&self.users_path)?;
            cached.0 = modified;
        }
        Ok(cached.1.clone())
    }

    pub fn users_path(&self) -> &Path {
        &self.users_path
    }

    /// Runs `work` on a blocking thread (store, pipeline, password hashing).
    pub async fn blocking<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&App) -> T + Send + 'static,
    ) -> Result<T, Failure> {
        let app = self.clone();
        tokio::task::spawn_blocking(move || work(&app)).await.map_err(|e| Failure::internal(e.to_string()))
    }

    /// Runs the pipeline on `files` only (an article published or added), its reports apart from the batch's.
    pub fn run_files(&self, files: Vec<PathBuf>) -> Result<pipeline::summary::RunSummary, pipeline::PipelineError> {
        let settings = (*self.settings).clone().with_inputs(files);
        let summary = pipeline::run_with(&settings, &self.run_env(), pipeline::Reports::PerRun);
        self.near_matches.clear();
        self.published();
        summary
    }

    /// A batch run over the configured inputs, as `dich run` does.
    pub fn run_batch(&self) -> Result<pipeline::summary::RunSummary, pipeline::PipelineError> {
        let summary = pipeline::run(&self.settings, &self.run_env());
        self.near_matches.clear();
        self.published();
        summary
    }

    /// Starts a batch run in the background for `user`; its steps go to [`App::live`] subscribers.
    pub fn start_batch(self: &Arc<Self>, user: &str) {
        let _ = self.store.audit(user, "run", "batch", "");
        let app = self.clone();
        let user = user.to_string();
        tokio::task::spawn_blocking(move || {
            if let Err(e) = app.run_batch() {
                tracing::warn!(user = %user, error = %e, "a run started from the desk failed");
                // Watchers learn it ended; the history shows why.
                let _ = app.live.send(pipeline::ProgressEvent {
                    run: 0,
                    done: 0,
                    total: 0,
                    article: None,
                    status: None,
                    ended: Some("failed"),
                });
            }
        });
    }

    /// The steps of runs from now on.
    pub fn live(&self) -> tokio::sync::broadcast::Receiver<pipeline::ProgressEvent> {
        self.live.subscribe()
    }

    /// A run of this desk writes to the memory through the desk's own store handle, which
    /// [`StoreBackend::changed_elsewhere`](crate::store::StoreBackend::changed_elsewhere) does not see: each of its
    /// steps empties the near-match cache.
    fn run_env(&self) -> RunEnv {
        let (live, near_matches) = (self.live.clone(), self.near_matches.clone());
        RunEnv {
            store: self.store.clone(),
            clock: self.clock.clone(),
            cancel: self.cancel.clone(),
            progress: pipeline::Progress::Observed(Arc::new(move |event| {
                near_matches.clear();
                // Nobody watching is not an error.
                drop(live.send(event.clone()));
            })),
        }
    }
}

/// The desk's term bases. Newsroom-scale term bases take seconds to load and compile (longer in a debug build),
/// more than a service manager or a health probe waits for a port: the server listens at once, `/healthz`
/// answers, and only what needs the terms waits for them; `/readyz` says when they are there.
struct DeskTerms {
    current: Mutex<Option<Arc<Terminology>>>,
    loaded: Condvar,
}

impl DeskTerms {
    /// Starts loading `paths` on a thread of its own.
    fn load_in_background(paths: Vec<PathBuf>) -> Arc<DeskTerms> {
        let terms = Arc::new(DeskTerms { current: Mutex::new(None), loaded: Condvar::new() });
        let (loading, paths_there) = (terms.clone(), paths.clone());
        let spawned = std::thread::Builder::new().name("dich-terms".into()).spawn(move || {
            let terms = load_or_nothing(&paths_there);
            tracing::info!("{}", t!("serve-terms-ready", entries = terms.glossary().entries.len()));
            loading.set_first(terms);
        });
        if spawned.is_err() {
            // No thread to be had: load here, as before the server listens.
            terms.set_first(load_or_nothing(&paths));
        }
        terms
    }

    fn current(&self) -> Option<Arc<Terminology>> {
        self.current.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn wait(&self) -> Arc<Terminology> {
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(terms) = current.as_ref() {
                return terms.clone();
            }
            current = self.loaded.wait(current).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// The first load's result, unless a decision's reload came first (it read the newer files).
    fn set_first(&self, terms: Terminology) {
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if current.is_none() {
            *current = Some(Arc::new(terms));
        }
        self.loaded.notify_all();
    }

    fn replace(&self, terms: Terminology) {
        *self.current.lock().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(terms));
        self.loaded.notify_all();
    }
}

/// The term bases at `paths`; a panic while loading is a bug, but it must not leave every request that needs
/// the terms waiting forever.
fn load_or_nothing(paths: &[PathBuf]) -> Terminology {
    std::panic::catch_unwind(|| Terminology::load(paths)).unwrap_or_else(|_| {
        tracing::error!("{}", t!("serve-terms-failed"));
        Terminology::load(&[])
    })
}

/// A request that could not be served: status and a message for the person or script.
#[derive(Debug)]
pub struct Failure {
    pub status: StatusCode,
    pub message: String,
}

impl Failure {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Failure {
        Failure { status, message: message.into() }
    }

    pub fn internal(detail: impl Into<String>) -> Failure {
        let detail = detail.into();
        tracing::error!(%detail, "request failed");
        Failure::new(StatusCode::INTERNAL_SERVER_ERROR, detail)
    }
}

impl From<crate::store::StoreError> for Failure {
    fn from(e: crate::store::StoreError) -> Failure {
        Failure::internal(e.to_string())
    }
}

/// Headers every response carries: no framing, no sniffing, no resource from elsewhere, no inline script.
async fn security_headers(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// The whole application: pages, API, feeds.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/healthz", get(api::healthz))
        .route("/readyz", get(api::readyz))
        .route("/login", get(pages::login_page).post(pages::login))
        .route("/logout", post(pages::logout))
        .route("/", get(pages::queue_page))
        .route("/review/{article}/{lang}", get(pages::article_page))
        .route("/review/{article}/{lang}/publish", post(pages::publish))
        .route("/review/{article}/{lang}/{segment}", post(pages::save_segment))
        .route("/articles/new", get(pages::new_article_page))
        .route("/articles", post(pages::add_article_page))
        .route("/runs", get(pages::runs_page).post(pages::start_run))
        .route("/glossary", get(glossary::page))
        .route("/glossary/decisions", post(glossary::decision))
        .route("/static/{file}", get(pages::static_file))
        .route("/feeds/{file}", get(feeds::feed))
        .route("/files/{channel}/{file}", get(feeds::download))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/queue", get(api::queue))
        .route("/api/review/{article}/{lang}", get(api::article))
        .route("/api/review/{article}/{lang}/publish", post(api::publish))
        .route("/api/review/{article}/{lang}/{segment}", post(api::save_segment))
        .route("/api/articles", post(api::add_article))
        .route("/api/runs", get(api::runs).post(api::start_run))
        .route("/api/runs/events", get(api::run_events))
        .route("/api/audit", get(api::audit))
        .route("/api/deliveries", get(api::deliveries))
        .layer(axum::middleware::from_fn(security_headers))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(app)
}

/// Largest request body: an article file of the configured maximum size, and some.
const MAX_BODY_BYTES: usize = 24 * 1024 * 1024;

/// Serves `app` on `addr` until Ctrl-C or SIGTERM; a run going on then stops after its current article.
pub async fn serve(app: Arc<App>, addr: SocketAddr, ready: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    ready(listener.local_addr()?);
    if app.webhooks.is_some() {
        tokio::spawn(webhooks::deliver_forever(app.clone()));
    }
    let cancel = app.cancel.clone();
    axum::serve(listener, router(app))
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            cancel.store(true, std::sync::atomic::Ordering::SeqCst);
            tracing::info!("{}", t!("serve-stopping"));
        })
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

/// A plain-text response (healthz, errors of the API's clients).
pub(crate) fn text(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}
