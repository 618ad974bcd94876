//! The shared store on PostgreSQL: the same tables as the SQLite store, for any number of `dich run` workers on
//! any machines and `dich serve`, all at once.
//!
//! Selected by `store = "postgres://user:password@host:port/database"` in pipeline.toml (or `--store`). The
//! client is the synchronous `postgres` crate: the store interface is synchronous (the pipeline runs on plain
//! threads, `dich serve` calls the store on its blocking threads), and the crate drives `tokio-postgres` on a
//! runtime of its own, so no async reaches the callers. One connection per store handle, behind a mutex, as the
//! SQLite store has it; every write is one transaction.
//!
//! # Layout
//! - `schema`: versioned migrations (the `dich_schema` table holds the version and marks a database as dich's).
//! - `data`: articles, segments, the run journal, segment targets, glossary hits, the audit log, deliveries.
//! - `memory`: the translation memory; fuzzy candidates chosen in the worker from trigram postings it keeps in
//!   memory (`crate::store::candidates`), scored by [`crate::store::fuzzy`].
//! - `queue`: the shared batch ([`WorkQueue`](super::WorkQueue)): articles claimed with
//!   `FOR UPDATE SKIP LOCKED` under a lease renewed by a heartbeat.
//!
//! The password of the URL is a secret: [`PgStore::path`] shows the URL with it redacted, and every error
//! detail goes through the same redaction before it is shown.

mod data;
mod memory;
mod queue;
mod schema;

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};

use postgres::types::ToSql;
use postgres::{Client, NoTls, Row, Statement};

use super::StoreError;
use crate::engine::keys::ApiKey;

pub use schema::LATEST_VERSION;

/// The shared store on PostgreSQL.
pub struct PgStore {
    /// The URL with its password redacted: named in every error.
    shown: String,
    /// The password, to redact from anything the server or the driver says.
    secret: Option<ApiKey>,
    /// This handle's worker name (host, process id, random tag): the owner of its leases and runs.
    worker: String,
    inner: Mutex<Inner>,
}

struct Inner {
    /// Always there until the store is dropped (see `Drop for PgStore`).
    connection: Option<Connection>,
    /// Runs started through this handle: they are live, not interrupted.
    own_runs: HashSet<i64>,
    /// The fuzzy index of each language pair looked up through this handle (see `memory`).
    fuzzy: memory::PgFuzzyIndexes,
}

/// `url` with its password replaced by the redaction mark; the password itself, when there is one.
pub fn redact_url(url: &str) -> (String, Option<ApiKey>) {
    let password = url::Url::parse(url).ok().and_then(|u| u.password().map(percent_decode)).filter(|p| !p.is_empty());
    let Some(password) = password else {
        return (url.to_string(), None);
    };
    // Both spellings of the password: as written in the URL and decoded (as a driver error may quote it).
    let shown = match url::Url::parse(url) {
        Ok(mut parsed) => {
            let _ = parsed.set_password(Some("redacted"));
            parsed.to_string().replacen(":redacted@", &format!(":{}@", crate::engine::keys::REDACTED), 1)
        }
        Err(_) => crate::engine::keys::REDACTED.to_string(),
    };
    (shown, Some(ApiKey::new(password)))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(byte) = hex.and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A name for this process as a worker: host, process id and a random tag (two handles of one process differ).
fn worker_name() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "host".to_string());
    let mut tag = [0u8; 4];
    let _ = getrandom::fill(&mut tag);
    format!("{host}:{}:{:08x}", std::process::id(), u32::from_le_bytes(tag))
}

impl PgStore {
    /// Connects to the database at `url` and brings its schema up to date (creating the pg_trgm extension if
    /// it is missing: the connecting role needs the right to create it, which a database owner has).
    pub fn open(url: &str) -> Result<PgStore, StoreError> {
        let (shown, secret) = redact_url(url);
        let redact = |text: String| crate::engine::keys::redact(secret.as_ref(), &text);
        let mut client = Client::connect(url, NoTls)
            .map_err(|e| StoreError::Open { path: shown.clone(), detail: redact(describe(&e)) })?;
        schema::migrate(&mut client, &shown).map_err(|e| redact_error(e, secret.as_ref()))?;
        Ok(PgStore {
            shown,
            secret,
            worker: worker_name(),
            inner: Mutex::new(Inner {
                connection: Some(Connection { client, statements: HashMap::new() }),
                own_runs: HashSet::new(),
                fuzzy: Default::default(),
            }),
        })
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        let mut inner = self.lock();
        schema::version(inner.client()).map_err(|e| self.error(crate::t!("store-action-open"), e))
    }

    /// Bytes of memory this handle's fuzzy indexes hold (trigram postings, frequencies and key lengths of each
    /// language pair looked up so far).
    pub fn fuzzy_index_bytes(&self) -> usize {
        self.lock().fuzzy.heap_bytes()
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves an open transaction rolled back by the server when dropped.
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn error(&self, action: String, err: postgres::Error) -> StoreError {
        StoreError::Sqlite { path: self.shown.clone(), action, detail: self.redact(describe(&err)) }
    }

    fn corrupt(&self, what: String, detail: String) -> StoreError {
        StoreError::Corrupt { path: self.shown.clone(), what, detail: self.redact(detail) }
    }

    fn redact(&self, text: String) -> String {
        crate::engine::keys::redact(self.secret.as_ref(), &text)
    }
}

impl Inner {
    fn connection(&mut self) -> &mut Connection {
        self.connection.as_mut().expect("the connection is open until the store is dropped")
    }

    fn client(&mut self) -> &mut Client {
        &mut self.connection().client
    }
}

/// The connection and the statements prepared on it.
struct Connection {
    client: Client,
    /// The statements of the hot paths, prepared once (see [`Connection::prepared`]).
    statements: HashMap<Box<str>, Statement>,
}

impl Connection {
    /// `sql` as a statement prepared on this connection the first time it is asked for. A query given as text
    /// is parsed, planned and described by the server every time, in a round trip of its own before the one
    /// that runs it: the per-segment and per-request statements of a worker were half its round trips.
    /// Statements of a transaction are prepared before it begins.
    fn prepared(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.prepare(sql)?;
        self.statements.insert(sql.into(), statement.clone());
        Ok(statement)
    }

    /// [`Client::execute`] of the prepared `sql`.
    fn execute(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64, postgres::Error> {
        let statement = self.prepared(sql)?;
        self.client.execute(&statement, params)
    }

    /// [`Client::query`] of the prepared `sql`.
    fn query(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, postgres::Error> {
        let statement = self.prepared(sql)?;
        self.client.query(&statement, params)
    }

    /// [`Client::query_opt`] of the prepared `sql`.
    fn query_opt(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Option<Row>, postgres::Error> {
        let statement = self.prepared(sql)?;
        self.client.query_opt(&statement, params)
    }

    /// [`Client::query_one`] of the prepared `sql`.
    fn query_one(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Row, postgres::Error> {
        let statement = self.prepared(sql)?;
        self.client.query_one(&statement, params)
    }
}

impl Drop for PgStore {
    fn drop(&mut self) {
        // Closing the connection blocks on the client's own runtime, which may not happen inside another one
        // (a store dropped as `dich serve` shuts down).
        let inner = self.inner.get_mut().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(Connection { client, .. }) = inner.connection.take() {
            memory::off_runtime(move || drop(client));
        }
    }
}

/// The server's message when there is one ("db error" alone says nothing), else the driver's.
fn describe(err: &postgres::Error) -> String {
    match err.as_db_error() {
        Some(db) => match db.detail() {
            Some(detail) => format!("{} ({detail})", db.message()),
            None => db.message().to_string(),
        },
        None => {
            let mut text = err.to_string();
            let mut source = std::error::Error::source(err);
            while let Some(cause) = source {
                text.push_str(": ");
                text.push_str(&cause.to_string());
                source = cause.source();
            }
            text
        }
    }
}

fn redact_error(err: StoreError, secret: Option<&ApiKey>) -> StoreError {
    let redact = |text: String| crate::engine::keys::redact(secret, &text);
    match err {
        StoreError::Migration { path, version, detail } => {
            StoreError::Migration { path, version, detail: redact(detail) }
        }
        StoreError::Open { path, detail } => StoreError::Open { path, detail: redact(detail) },
        StoreError::NotADichStore { path, detail } => StoreError::NotADichStore { path, detail: redact(detail) },
        other => other,
    }
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore").field("url", &self.shown).field("worker", &self.worker).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_call_inside_the_engines_runtime_starts_no_thread() {
        // The memory engine calls the store from inside a multi-thread runtime, several times per segment.
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).build().unwrap();
        let here = std::thread::current().id();
        let ran_on = runtime.block_on(async { memory::off_runtime(|| std::thread::current().id()) });
        assert_eq!(ran_on, here);
        // A current-thread runtime may not block in place: there the call still gets a thread of its own.
        let single = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let ran_on = single.block_on(async { memory::off_runtime(|| std::thread::current().id()) });
        assert_ne!(ran_on, here);
    }

    #[test]
    fn the_password_of_a_url_is_redacted() {
        let (shown, secret) = redact_url("postgres://dich:s3cr%40t-pass@db.local:5433/news");
        assert_eq!(shown, "postgres://dich:[redacted]@db.local:5433/news");
        let secret = secret.unwrap();
        assert_eq!(secret.expose(), "s3cr@t-pass");
        assert_eq!(secret.redact("password s3cr@t-pass refused"), "password [redacted] refused");
        let (shown, secret) = redact_url("postgres://dich@localhost/news");
        assert_eq!((shown.as_str(), secret.is_none()), ("postgres://dich@localhost/news", true));
    }
}
