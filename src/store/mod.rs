//! The store: articles, segments, the run journal and the translation memory, in an embedded SQLite file (WAL)
//! by default or in a shared PostgreSQL database.
//!
//! Everything that must survive a crash lives here, written the moment it is known, so an interrupted run
//! resumes where it stopped. Callers use the [`StoreBackend`] interface through a [`SharedStore`] opened by
//! [`open_store`]; the translation memory is also reachable through the small [`MemoryStore`] trait.
//!
//! # Layout
//! - `backend`: the [`StoreBackend`] interface, [`open_store`], and the [`WorkQueue`] through which workers
//!   share a batch (PostgreSQL only).
//! - [`postgres`]: the PostgreSQL store ([`postgres::PgStore`]).
//! - [`schema`]: the tables and their migrations (by `PRAGMA user_version`; `PRAGMA application_id` marks a
//!   file as a dich store).
//! - `articles`: articles and their segments.
//! - `journal`: the run journal and the segment targets written the moment they are known.
//! - `memory`: the translation memory behind [`MemoryStore`].
//! - `run_lock`: one run at a time per store ([`RunLock`]).
//! - [`fuzzy`]: fuzzy scoring that knows Vietnamese (numbers and placeholders masked, diacritics charged less
//!   than letters) and the [`Penalty`] it reports.
//!
//! Every method takes `&self`: the SQLite connection sits behind a mutex, so one [`Store`] can be shared
//! between threads (`Arc<Store>`), and every write is one transaction.

mod articles;
mod backend;
mod candidates;
mod deliveries;
mod desk;
mod error;
pub mod fuzzy;
mod journal;
mod memory;
pub mod postgres;
mod run_lock;
pub mod schema;
mod terms;

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::Connection;

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

pub use backend::{is_postgres_url, open_store, ArticleDone, Claim, EngineQuota, SharedStore, StoreBackend, WorkQueue};
pub use deliveries::{AttemptOutcome, DeliveryRecord, DeliveryStatus, DueDelivery};
pub use desk::{ArticleRecord, AuditRecord};
pub use error::StoreError;
pub use fuzzy::{FuzzyMatch, Penalty};
pub use journal::{RunEvent, RunRecord, RUN_INTERRUPTED, RUN_RUNNING};
pub use memory::{MemoryStore, TmPutOutcome};
pub use run_lock::RunLock;

/// How long a write waits for another process holding the database lock before it fails.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The embedded store: one SQLite database file (WAL journal), shared by every stage of a run.
pub struct Store {
    /// The file, or `:memory:`; named in every error.
    path: String,
    inner: Mutex<Inner>,
}

struct Inner {
    conn: Connection,
    /// Runs started through this handle: they are live, not interrupted.
    own_runs: HashSet<i64>,
    /// Trigram frequencies, postings and key lengths of the memory, built on the first fuzzy lookup of a pair.
    fuzzy_index: memory::FuzzyIndexes,
}

impl Store {
    /// Opens (or creates) the store at `path`: creates parent directories, sets WAL journal mode,
    /// `synchronous=NORMAL`, a busy timeout and foreign keys, and brings the schema up to date.
    ///
    /// Fails with [`StoreError::NotADichStore`] for a file that is not a dich store and
    /// [`StoreError::NewerSchema`] for a store written by a newer dich.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let shown = path.display().to_string();
        if path.is_dir() {
            return Err(StoreError::Open { path: shown, detail: crate::t!("store-is-a-folder") });
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| StoreError::Open { path: shown.clone(), detail: e.to_string() })?;
        }
        let conn =
            Connection::open(path).map_err(|e| StoreError::Open { path: shown.clone(), detail: e.to_string() })?;
        Store::set_up(conn, shown, true)
    }

    /// A store that lives only as long as the value (tests, dry runs).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let path = ":memory:".to_string();
        let conn =
            Connection::open_in_memory().map_err(|e| StoreError::Open { path: path.clone(), detail: e.to_string() })?;
        Store::set_up(conn, path, false)
    }

    fn set_up(mut conn: Connection, path: String, on_disk: bool) -> Result<Store, StoreError> {
        // Every transaction here writes, and reads before it writes (is the row there?). Begun deferred, one whose
        // read saw a snapshot that another connection (a run, the desk) has since committed over fails at once
        // with SQLITE_BUSY, without waiting; begun IMMEDIATE it takes the write lock first and waits its turn.
        conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        // The first statement that reads the file tells whether it is a database at all.
        schema::check_header(&conn, &path)?;
        let pragmas = || -> rusqlite::Result<()> {
            if on_disk {
                conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))?;
                conn.pragma_update(None, "synchronous", "NORMAL")?;
            }
            conn.busy_timeout(BUSY_TIMEOUT)?;
            conn.pragma_update(None, "foreign_keys", "ON")?;
            Ok(())
        };
        pragmas().map_err(|e| StoreError::sqlite(&path, crate::t!("store-action-open"), e))?;
        if on_disk {
            schema::back_up_before_migrating(&conn, &path)?;
        }
        schema::migrate(&conn, &path)?;
        Ok(Store { path, inner: Mutex::new(Inner { conn, own_runs: HashSet::new(), fuzzy_index: Default::default() }) })
    }

    /// The file of the store (`:memory:` for an in-memory store).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The journal mode SQLite reports ("wal" for a store on disk).
    pub fn journal_mode(&self) -> Result<String, StoreError> {
        let inner = self.lock();
        inner
            .conn
            .pragma_query_value(None, "journal_mode", |row| row.get::<_, String>(0))
            .map_err(|e| self.error(crate::t!("store-action-open"), e))
    }

    /// A number that changes whenever another connection (another process: `dich run`, `dich import`) has
    /// committed to the store since this handle last asked (SQLite's `data_version`); this handle's own writes
    /// leave it as it is.
    pub fn changed_elsewhere(&self) -> Result<i64, StoreError> {
        let inner = self.lock();
        inner
            .conn
            .pragma_query_value(None, "data_version", |row| row.get::<_, i64>(0))
            .map_err(|e| self.error(crate::t!("store-action-open"), e))
    }

    /// The schema version of the open store.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        let inner = self.lock();
        schema::user_version(&inner.conn).map_err(|e| self.error(crate::t!("store-action-open"), e))
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic in another thread while holding the lock leaves SQLite consistent (transactions roll back on
        // drop), so the connection is still usable.
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn error(&self, action: String, err: rusqlite::Error) -> StoreError {
        StoreError::sqlite(&self.path, action, err)
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish_non_exhaustive()
    }
}

/// The current time as RFC 3339 UTC with milliseconds: sortable as text.
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
