//! The store interface: what the pipeline, `dich run`, `dich import`, `dich memory`, `dich glossary` and
//! `dich serve` ask of a store, whatever holds it.
//!
//! Two backends implement [`StoreBackend`]: the embedded SQLite [`Store`] (the default: one file, one run at a
//! time under its [`RunLock`]) and [`PgStore`](super::postgres::PgStore) (a shared PostgreSQL database that any
//! number of `dich run` workers use at once, each article claimed under a lease). [`open_store`] picks one from
//! the configured location: a `postgres://` or `postgresql://` URL, else a file path.
//!
//! The methods are those [`Store`] has always had, with the same meaning; the shared store test suite
//! (tests/integration/store_backends.rs) runs the same test functions against both backends.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use super::{
    ArticleRecord, AttemptOutcome, AuditRecord, DeliveryRecord, DueDelivery, MemoryStore, RunEvent, RunLock, RunRecord,
    Store, StoreError,
};
use crate::article::Article;
use crate::engine::Translation;
use crate::glossary::Hit;
use crate::text::Segment;

/// A store shared by every stage of a run (and every request of `dich serve`).
pub type SharedStore = Arc<dyn StoreBackend>;

/// The store interface. Every method takes `&self` and is safe to call from several threads; every write is one
/// transaction.
pub trait StoreBackend: MemoryStore + std::fmt::Debug {
    /// The store as it may be shown: a file path, or a URL with its password redacted.
    fn path(&self) -> &str;
    /// The schema version of the open store.
    fn schema_version(&self) -> Result<i64, StoreError>;
    /// A number that changes whenever another process has committed to the store since this handle last asked;
    /// `None` when the backend cannot tell cheaply (then nothing read from it may be kept between requests).
    fn changed_elsewhere(&self) -> Result<Option<i64>, StoreError> {
        Ok(None)
    }

    /// Saves `article` and its `segments` in one transaction, replacing the segments saved before for the same
    /// article id.
    fn save_article(
        &self,
        article: &Article,
        source_path: &str,
        content_hash: &str,
        segments: &[Segment],
    ) -> Result<(), StoreError>;
    /// The source path the article was last saved from.
    fn article_source(&self, id: &str) -> Result<Option<String>, StoreError>;
    /// The content hash saved with the article.
    fn article_hash(&self, id: &str) -> Result<Option<String>, StoreError>;
    /// The article as last saved.
    fn load_article(&self, id: &str) -> Result<Option<Article>, StoreError>;
    /// The segments of the article in reading order.
    fn load_segments(&self, article_id: &str) -> Result<Vec<Segment>, StoreError>;

    /// Journals the start of a run and returns its id; runs that died without finishing are marked interrupted.
    fn start_run(&self, config_hash: &str) -> Result<i64, StoreError>;
    /// Journals one event of `run` about `article_id`.
    fn record_event(&self, run: i64, article_id: &str, event: &str, detail: &str) -> Result<(), StoreError>;
    /// Journals the end of `run`.
    fn finish_run(&self, run: i64, status: &str, summary_json: &str) -> Result<(), StoreError>;
    /// The most recently started run.
    fn last_run(&self) -> Result<Option<RunRecord>, StoreError>;
    /// One run by id.
    fn run(&self, run: i64) -> Result<Option<RunRecord>, StoreError>;
    /// Runs that never finished and are not alive, newest first.
    fn interrupted_runs(&self) -> Result<Vec<RunRecord>, StoreError>;
    /// The events of `run` in the order they were recorded.
    fn events(&self, run: i64) -> Result<Vec<RunEvent>, StoreError>;
    /// Saves the translation of one segment into `target_lang`.
    fn save_target(&self, article_id: &str, target_lang: &str, translation: &Translation) -> Result<(), StoreError>;
    /// The saved translations of the article into `target_lang`, by segment id.
    fn load_targets(&self, article_id: &str, target_lang: &str) -> Result<HashMap<String, Translation>, StoreError>;

    /// Replaces the stored glossary hits of every segment of `article_id`.
    fn save_term_hits(&self, article_id: &str, hits: &HashMap<String, Vec<Hit>>) -> Result<(), StoreError>;
    /// The stored glossary hits of `article_id`, by segment id.
    fn load_term_hits(&self, article_id: &str) -> Result<HashMap<String, Vec<Hit>>, StoreError>;

    /// Every stored article with its latest event, most recent first.
    fn article_records(&self) -> Result<Vec<ArticleRecord>, StoreError>;
    /// The latest `limit` runs, newest first.
    fn runs(&self, limit: usize) -> Result<Vec<RunRecord>, StoreError>;
    /// Records that `user` did `action` to `subject`.
    fn audit(&self, user: &str, action: &str, subject: &str, detail: &str) -> Result<(), StoreError>;
    /// The latest `limit` audit records, newest first.
    fn audit_log(&self, limit: usize) -> Result<Vec<AuditRecord>, StoreError>;
    /// Stored segments whose matching key contains `key`: (article id, text), at most `limit`.
    fn segments_containing(&self, key: &str, limit: usize) -> Result<Vec<(String, String)>, StoreError>;

    /// Records a version of a channel's item to deliver; false when this version is already known.
    fn enqueue_delivery(
        &self,
        channel: &str,
        article: &str,
        item_hash: &str,
        url: &str,
        body: &[u8],
        now_ms: i64,
    ) -> Result<bool, StoreError>;
    /// Pending deliveries due at `now_ms`, oldest first, at most `limit`.
    fn due_deliveries(&self, now_ms: i64, limit: usize) -> Result<Vec<DueDelivery>, StoreError>;
    /// When the next pending delivery is due (ms since the Unix epoch).
    fn next_delivery_at(&self) -> Result<Option<i64>, StoreError>;
    /// Records an attempt of delivery `id`.
    fn record_attempt(&self, id: i64, outcome: &AttemptOutcome) -> Result<(), StoreError>;
    /// The latest `limit` deliveries, newest first.
    fn deliveries(&self, limit: usize) -> Result<Vec<DeliveryRecord>, StoreError>;

    /// What a run holds while it lives: SQLite's exclusive run lock; nothing for a store whose runs share
    /// batches through [`StoreBackend::work_queue`].
    fn lock_for_run(&self) -> Result<RunLock, StoreError>;
    /// The queue through which several runs share one batch, for a store that has one (PostgreSQL).
    fn work_queue(&self) -> Option<&dyn WorkQueue> {
        None
    }
    /// The engines' quotas shared by every worker on the store, for a store that has them (PostgreSQL).
    fn engine_quota(&self) -> Option<&dyn EngineQuota> {
        None
    }
}

/// An engine's rate quota and in-flight limit held across every worker of a shared store. Each worker keeps its
/// own limits too; these make the sum of the workers keep the engine's.
pub trait EngineQuota: Send + Sync {
    /// Takes one request from `engine`'s token bucket (refilled at `rate` per second, holding at most `burst`):
    /// `None` when taken, else how long to wait before asking again.
    fn take_token(&self, engine: &str, rate: f64, burst: f64) -> Result<Option<Duration>, StoreError>;
    /// Takes one of `engine`'s `limit` in-flight places, held for `lease` (renewed by the worker's heartbeat):
    /// its id, or `None` when every place is held.
    fn take_slot(&self, engine: &str, limit: usize, lease: Duration) -> Result<Option<i64>, StoreError>;
    /// Gives a place back.
    fn give_slot(&self, slot: i64) -> Result<(), StoreError>;
}

/// What a worker got from [`WorkQueue::claim`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// The item's key, as given to [`WorkQueue::enqueue`].
    pub key: String,
    /// How many times the item was claimed before (by workers whose lease ran out).
    pub earlier_claims: i64,
}

/// The journal entry of an article a run finished ([`StoreBackend::record_event`]'s arguments).
#[derive(Debug, Clone, Copy)]
pub struct ArticleDone<'a> {
    pub run: i64,
    pub article_id: &'a str,
    /// The article's outcome: published, held_back or failed.
    pub event: &'a str,
    pub detail: &'a str,
}

/// One batch shared by several workers: each item (an input article) is claimed by one worker at a time under a
/// lease that the worker's heartbeat renews; an item whose lease ran out (its worker died) is claimed again.
pub trait WorkQueue: Send + Sync {
    /// The worker this store handle works as (host, process id and a random tag).
    fn worker(&self) -> &str;
    /// Adds the items of `batch` that are not there yet (every worker of the batch adds the same keys).
    fn enqueue(&self, batch: &str, keys: &[String]) -> Result<(), StoreError>;
    /// Claims the first item of `batch` that is waiting or whose lease ran out, for `lease`.
    fn claim(&self, batch: &str, lease: Duration) -> Result<Option<Claim>, StoreError>;
    /// Renews for `lease` every lease this worker holds, and marks its runs alive as long; returns the number of
    /// items still held.
    fn heartbeat(&self, lease: Duration) -> Result<usize, StoreError>;
    /// Marks `key` done with the outcome `done.event` and journals `done` in the same transaction, if this worker
    /// still holds its lease; false when the lease was lost (it ran out and another worker claimed the item), and
    /// the caller's result is then neither recorded nor journaled. One transaction, so that a worker killed between
    /// the two leaves neither: an item done but never journaled would be missing from every worker's journal.
    fn complete(&self, batch: &str, key: &str, done: &ArticleDone) -> Result<bool, StoreError>;
    /// Gives `key` back unfinished (a run cancelled while holding it), so another worker claims it at once.
    fn release(&self, batch: &str, key: &str) -> Result<(), StoreError>;
    /// How many items of `batch` are not done yet (waiting, or held by a worker).
    fn remaining(&self, batch: &str) -> Result<usize, StoreError>;
    /// The outcome of every item of `batch` that is done, by key.
    fn outcomes(&self, batch: &str) -> Result<HashMap<String, String>, StoreError>;
}

/// True when `location` names a PostgreSQL database rather than a file.
pub fn is_postgres_url(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// Opens the store at `location`: a `postgres://` URL opens [`PgStore`](super::postgres::PgStore), anything
/// else the SQLite file.
pub fn open_store(location: &Path) -> Result<SharedStore, StoreError> {
    match location.to_str() {
        Some(url) if is_postgres_url(url) => Ok(Arc::new(super::postgres::PgStore::open(url)?)),
        _ => Ok(Arc::new(Store::open(location)?)),
    }
}

/// The SQLite store behind the interface: each method is the inherent one of the same name.
impl StoreBackend for Store {
    fn path(&self) -> &str {
        Store::path(self)
    }
    fn schema_version(&self) -> Result<i64, StoreError> {
        Store::schema_version(self)
    }
    fn changed_elsewhere(&self) -> Result<Option<i64>, StoreError> {
        Store::changed_elsewhere(self).map(Some)
    }
    fn save_article(
        &self,
        article: &Article,
        source_path: &str,
        content_hash: &str,
        segments: &[Segment],
    ) -> Result<(), StoreError> {
        Store::save_article(self, article, source_path, content_hash, segments)
    }
    fn article_source(&self, id: &str) -> Result<Option<String>, StoreError> {
        Store::article_source(self, id)
    }
    fn article_hash(&self, id: &str) -> Result<Option<String>, StoreError> {
        Store::article_hash(self, id)
    }
    fn load_article(&self, id: &str) -> Result<Option<Article>, StoreError> {
        Store::load_article(self, id)
    }
    fn load_segments(&self, article_id: &str) -> Result<Vec<Segment>, StoreError> {
        Store::load_segments(self, article_id)
    }
    fn start_run(&self, config_hash: &str) -> Result<i64, StoreError> {
        Store::start_run(self, config_hash)
    }
    fn record_event(&self, run: i64, article_id: &str, event: &str, detail: &str) -> Result<(), StoreError> {
        Store::record_event(self, run, article_id, event, detail)
    }
    fn finish_run(&self, run: i64, status: &str, summary_json: &str) -> Result<(), StoreError> {
        Store::finish_run(self, run, status, summary_json)
    }
    fn last_run(&self) -> Result<Option<RunRecord>, StoreError> {
        Store::last_run(self)
    }
    fn run(&self, run: i64) -> Result<Option<RunRecord>, StoreError> {
        Store::run(self, run)
    }
    fn interrupted_runs(&self) -> Result<Vec<RunRecord>, StoreError> {
        Store::interrupted_runs(self)
    }
    fn events(&self, run: i64) -> Result<Vec<RunEvent>, StoreError> {
        Store::events(self, run)
    }
    fn save_target(&self, article_id: &str, target_lang: &str, translation: &Translation) -> Result<(), StoreError> {
        Store::save_target(self, article_id, target_lang, translation)
    }
    fn load_targets(&self, article_id: &str, target_lang: &str) -> Result<HashMap<String, Translation>, StoreError> {
        Store::load_targets(self, article_id, target_lang)
    }
    fn save_term_hits(&self, article_id: &str, hits: &HashMap<String, Vec<Hit>>) -> Result<(), StoreError> {
        Store::save_term_hits(self, article_id, hits)
    }
    fn load_term_hits(&self, article_id: &str) -> Result<HashMap<String, Vec<Hit>>, StoreError> {
        Store::load_term_hits(self, article_id)
    }
    fn article_records(&self) -> Result<Vec<ArticleRecord>, StoreError> {
        Store::article_records(self)
    }
    fn runs(&self, limit: usize) -> Result<Vec<RunRecord>, StoreError> {
        Store::runs(self, limit)
    }
    fn audit(&self, user: &str, action: &str, subject: &str, detail: &str) -> Result<(), StoreError> {
        Store::audit(self, user, action, subject, detail)
    }
    fn audit_log(&self, limit: usize) -> Result<Vec<AuditRecord>, StoreError> {
        Store::audit_log(self, limit)
    }
    fn segments_containing(&self, key: &str, limit: usize) -> Result<Vec<(String, String)>, StoreError> {
        Store::segments_containing(self, key, limit)
    }
    fn enqueue_delivery(
        &self,
        channel: &str,
        article: &str,
        item_hash: &str,
        url: &str,
        body: &[u8],
        now_ms: i64,
    ) -> Result<bool, StoreError> {
        Store::enqueue_delivery(self, channel, article, item_hash, url, body, now_ms)
    }
    fn due_deliveries(&self, now_ms: i64, limit: usize) -> Result<Vec<DueDelivery>, StoreError> {
        Store::due_deliveries(self, now_ms, limit)
    }
    fn next_delivery_at(&self) -> Result<Option<i64>, StoreError> {
        Store::next_delivery_at(self)
    }
    fn record_attempt(&self, id: i64, outcome: &AttemptOutcome) -> Result<(), StoreError> {
        Store::record_attempt(self, id, outcome)
    }
    fn deliveries(&self, limit: usize) -> Result<Vec<DeliveryRecord>, StoreError> {
        Store::deliveries(self, limit)
    }
    fn lock_for_run(&self) -> Result<RunLock, StoreError> {
        Store::lock_for_run(self)
    }
}
