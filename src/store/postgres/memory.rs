//! The translation memory on PostgreSQL.
//!
//! Puts are one `INSERT … ON CONFLICT DO UPDATE … WHERE` each, so two workers storing the same source at once
//! never fail on the unique key and a less trusted state never replaces a more trusted one.
//!
//! Fuzzy candidates are chosen as the SQLite store chooses them ([`crate::store::candidates`]: the postings of
//! a few of the query's rarest trigrams counted per row, the rows holding most of them ranked by the edit
//! distance of search keys, the closest scored by the same [`Prepared::compare`], with the same penalties, order
//! and limit), so a lookup's cost does not grow with the memory and both stores return the same matches from the
//! same memory.
//!
//! The postings live in the worker: the first fuzzy lookup of a language pair reads the pair's search keys once
//! (under one snapshot) and keeps each trigram's row ids, gap-coded (about 1.1 bytes per distinct trigram of a
//! row: 110 MB for the 1,000,000-entry bench memory), and the search keys themselves (about 150 MB more there;
//! see BENCHMARKS.md). Each later lookup first reads the rows committed since: by the transaction that inserted
//! them (`tm.written`, from the horizon of the previous read), as ids do not tell (transactions commit out of id
//! order), so what other workers write is found by the next lookup. Only the rows scored are read from the
//! database, by id. pg_trgm is not used for the memory: reading one trigram's rows through a GIN index visits
//! every row's page (tens of ms for a few thousand rows), and its trigrams split words and pad them with spaces
//! where dich's cross them (see [`search_key`]).

use std::collections::HashMap;

use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, IsolationLevel, Row};

use super::{Connection, PgStore};
use crate::engine::LangPair;
use crate::store::candidates::{digits, in_chosen_order, FuzzyIndex, MAX_CANDIDATES};
use crate::store::fuzzy::{best_matches, masked_key, reachable_lengths, search_key, FuzzyMatch, Prepared};
use crate::store::{now, MemoryStore, StoreError, TmEntry, TmPutOutcome, TmState};
use crate::text::key::match_key;

/// Rows of a search key under three characters read per lookup (as many as the SQLite store reads).
const SHORT_KEYS_READ: i64 = MAX_CANDIDATES as i64;
/// Longest masked key whose search key can be under three characters (two letters and two tones).
const SHORT_KEY_CHARS: i64 = 4;

const ENTRY_COLUMNS: &str = "source_lang, target_lang, source, target, state, provenance, created, updated";

fn rank(state: TmState) -> i64 {
    match state {
        TmState::Machine => 0,
        TmState::Translated => 1,
        TmState::Approved => 2,
    }
}

/// The transaction horizon: every transaction with an id below it had finished when it was taken (the oldest
/// one then running). `tm.written` holds the id of the transaction that inserted the row.
const HORIZON: &str = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint";

/// The fuzzy index of each language pair looked up through this handle.
#[derive(Default)]
pub(super) struct PgFuzzyIndexes(HashMap<(String, String), PairIndex>);

/// One pair's rows as candidate generation sees them, in this process ([`FuzzyIndex`]: trigram frequencies,
/// the rows holding each trigram, key lengths).
pub(super) struct PairIndex {
    index: FuzzyIndex,
    /// Rows inserted by a transaction with an id from here on may have been committed since the index last read
    /// the table (see [`HORIZON`]).
    horizon: i64,
}

impl PgFuzzyIndexes {
    /// The pair's index, built now if this is its first lookup.
    fn for_pair(
        &mut self,
        client: &mut Client,
        source_lang: &str,
        target_lang: &str,
    ) -> Result<&mut PairIndex, postgres::Error> {
        let key = (source_lang.to_lowercase(), target_lang.to_lowercase());
        if !self.0.contains_key(&key) {
            let built = PairIndex::build(client, source_lang, target_lang)?;
            self.0.insert(key.clone(), built);
        }
        Ok(self.0.get_mut(&key).expect("inserted above"))
    }

    /// Heap bytes of every pair's index.
    pub(super) fn heap_bytes(&self) -> usize {
        self.0.values().map(|pair| pair.index.heap_bytes()).sum()
    }
}

impl PairIndex {
    /// One scan of the pair's keys, under one snapshot whose horizon is kept.
    fn build(client: &mut Client, source_lang: &str, target_lang: &str) -> Result<PairIndex, postgres::Error> {
        let mut built = PairIndex { index: FuzzyIndex::default(), horizon: 0 };
        let mut tx =
            client.build_transaction().isolation_level(IsolationLevel::RepeatableRead).read_only(true).start()?;
        built.horizon = tx.query_one(HORIZON, &[])?.get(0);
        let mut rows = tx.query_raw(
            "SELECT id, fuzzy_chars, search_key, source FROM tm
             WHERE lower(source_lang) = lower($1) AND lower(target_lang) = lower($2)",
            [source_lang, target_lang],
        )?;
        while let Some(row) = rows.next()? {
            built.add(&row);
        }
        drop(rows);
        tx.commit()?;
        // The scan reads rows in table order, mostly id order: the few lists that got an id out of order are
        // rewritten in order.
        built.index.settle();
        Ok(built)
    }

    fn add(&mut self, row: &Row) {
        let (id, chars): (i64, i64) = (row.get(0), row.get(1));
        self.index.add(id, usize::try_from(chars).unwrap_or(0), row.get(2), row.get(3));
    }

    /// Adds the rows other handles (other workers, or this one) have committed since the index last read the
    /// table. Ids do not tell: a transaction may commit a row with a smaller id after one with a larger id was
    /// read. So rows are read by the transaction that inserted them, from the horizon of the last read on (an
    /// indexed column), and those already known are skipped. A transaction left open elsewhere holds the horizon
    /// back: until it ends, each lookup reads again (and skips) the rows committed after it began.
    fn catch_up(
        &mut self,
        connection: &mut Connection,
        source_lang: &str,
        target_lang: &str,
    ) -> Result<(), postgres::Error> {
        // Taken before the read: every transaction below it has finished, so the read sees its rows.
        let horizon: i64 = connection.query_one(HORIZON, &[])?.get(0);
        let rows = connection.query(
            "SELECT id, fuzzy_chars, search_key, source FROM tm
             WHERE written >= $1 AND lower(source_lang) = lower($2) AND lower(target_lang) = lower($3)",
            &[&self.horizon, &source_lang, &target_lang],
        )?;
        for row in &rows {
            if !self.index.knows(row.get(0)) {
                self.add(row);
            }
        }
        self.horizon = horizon;
        Ok(())
    }
}

impl PgStore {
    fn entry_from_row(&self, row: &Row) -> Result<TmEntry, StoreError> {
        let state: String = row.get(4);
        let source: String = row.get(2);
        let state = TmState::parse(&state).ok_or_else(|| {
            self.corrupt(crate::t!("store-action-tm-lookup", source = source.clone()), format!("state \"{state}\""))
        })?;
        Ok(TmEntry {
            source_lang: row.get(0),
            target_lang: row.get(1),
            source,
            target: row.get(3),
            state,
            provenance: row.get(5),
            created: row.get(6),
            updated: row.get(7),
        })
    }

    fn validate(&self, entry: &TmEntry) -> Result<(), StoreError> {
        match crate::store::memory::empty_field(entry) {
            Some(field) => {
                Err(StoreError::EmptyField { path: self.shown.clone(), field, source_text: entry.source.clone() })
            }
            None => Ok(()),
        }
    }
}

/// Inserts an entry, or updates the one with the same key unless it has a higher state. `xmax = 0` on the
/// returned row: it was inserted, not updated. No row: a more trusted entry stays.
const PUT: &str =
    "INSERT INTO tm AS t (source_lang, target_lang, match_key, fuzzy_key, fuzzy_chars, search_key, source,
                          target, state, state_rank, provenance, created, updated)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (lower(source_lang), lower(target_lang), match_key) DO UPDATE SET
         fuzzy_key = excluded.fuzzy_key, fuzzy_chars = excluded.fuzzy_chars, search_key = excluded.search_key,
         source = excluded.source, target = excluded.target, state = excluded.state,
         state_rank = excluded.state_rank, provenance = excluded.provenance, updated = excluded.updated
     WHERE t.state_rank <= excluded.state_rank
     RETURNING (xmax = 0)";

fn put_one(
    tx: &mut postgres::Transaction<'_>,
    put: &postgres::Statement,
    entry: &TmEntry,
) -> Result<TmPutOutcome, postgres::Error> {
    let key = match_key(&entry.source);
    let fuzzy = masked_key(&entry.source);
    let search = search_key(&fuzzy);
    let time = now();
    let or_now = |t: &str| if t.is_empty() { time.clone() } else { t.to_string() };
    let row = tx.query_opt(
        put,
        &[
            &entry.source_lang,
            &entry.target_lang,
            &key,
            &fuzzy.key,
            &(fuzzy.chars() as i64),
            &search,
            &entry.source,
            &entry.target,
            &entry.state.as_str(),
            &rank(entry.state),
            &entry.provenance,
            &or_now(&entry.created),
            &or_now(&entry.updated),
        ],
    )?;
    Ok(match row {
        Some(row) if row.get::<_, bool>(0) => TmPutOutcome::Inserted,
        Some(_) => TmPutOutcome::Updated,
        None => TmPutOutcome::KeptExisting,
    })
}

impl PgStore {
    fn tm_put_all_here(&self, entries: &[TmEntry]) -> Result<Vec<TmPutOutcome>, StoreError> {
        for entry in entries {
            self.validate(entry)?;
        }
        let mut inner = self.lock();
        // Prepared once per connection: a statement given as text is prepared again at each call (one more round
        // trip per entry).
        let put =
            inner.connection().prepared(PUT).map_err(|e| self.error(crate::t!("store-action-tm-transaction"), e))?;
        let mut tx =
            inner.client().transaction().map_err(|e| self.error(crate::t!("store-action-tm-transaction"), e))?;
        let mut outcomes = Vec::with_capacity(entries.len());
        for entry in entries {
            // Any error returns here and drops `tx`, which rolls back every entry written before it.
            let outcome = put_one(&mut tx, &put, entry)
                .map_err(|e| self.error(crate::t!("store-action-tm-put", source = entry.source.clone()), e))?;
            outcomes.push(outcome);
        }
        tx.commit().map_err(|e| self.error(crate::t!("store-action-tm-transaction"), e))?;
        Ok(outcomes)
    }

    fn tm_exact_here(
        &self,
        source_lang: &str,
        target_lang: &str,
        source_text: &str,
    ) -> Result<Option<TmEntry>, StoreError> {
        let row = {
            let mut inner = self.lock();
            inner
                .connection()
                .query_opt(
                    &format!(
                        "SELECT {ENTRY_COLUMNS} FROM tm
                         WHERE lower(source_lang) = lower($1) AND lower(target_lang) = lower($2) AND match_key = $3"
                    ),
                    &[&source_lang, &target_lang, &match_key(source_text)],
                )
                .map_err(|e| self.error(crate::t!("store-action-tm-lookup", source = source_text), e))?
        };
        row.map(|row| self.entry_from_row(&row)).transpose()
    }

    fn tm_fuzzy_here(
        &self,
        source_lang: &str,
        target_lang: &str,
        source_text: &str,
        threshold: f64,
        limit: usize,
    ) -> Result<Vec<FuzzyMatch>, StoreError> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let query = Prepared::new(masked_key(source_text));
        let (shortest, longest) = reachable_lengths(query.masked().chars(), threshold);
        let search = search_key(query.masked());
        let rows = {
            let mut guard = self.lock();
            let inner = &mut *guard;
            let connection = inner.connection.as_mut().expect("the connection is open until the store is dropped");
            let mut read = || -> Result<Vec<(Row, f64)>, postgres::Error> {
                let pair = inner.fuzzy.for_pair(&mut connection.client, source_lang, target_lang)?;
                pair.catch_up(connection, source_lang, target_lang)?;
                let candidates = pair.index.candidates(
                    &search,
                    (query.masked().chars(), digits(source_text)),
                    (shortest, longest),
                    threshold,
                );
                let ids: Vec<i64> = candidates.iter().map(|candidate| candidate.id).collect();
                let rows = connection.query(
                    &format!(
                        "SELECT {ENTRY_COLUMNS}, id FROM tm
                         WHERE id = ANY($1) AND lower(source_lang) = lower($2) AND lower(target_lang) = lower($3)
                           AND fuzzy_chars BETWEEN $4 AND $5"
                    ),
                    &[&ids, &source_lang, &target_lang, &shortest, &longest],
                )?;
                let mut rows = in_chosen_order(&candidates, rows.into_iter().map(|row| (row.get::<_, i64>(8), row)));
                // Search keys under three characters have no trigram: compare them all within the length window.
                if shortest <= SHORT_KEY_CHARS {
                    rows.extend(
                        connection
                            .query(
                                &format!(
                                    "SELECT {ENTRY_COLUMNS}, id FROM tm
                             WHERE lower(source_lang) = lower($1) AND lower(target_lang) = lower($2)
                               AND fuzzy_chars BETWEEN $3 AND $4 AND char_length(search_key) < 3
                             ORDER BY id LIMIT $5"
                                ),
                                &[
                                    &source_lang,
                                    &target_lang,
                                    &shortest,
                                    &longest.min(SHORT_KEY_CHARS),
                                    &SHORT_KEYS_READ,
                                ],
                            )?
                            .into_iter()
                            .map(|row| (row, 1.0)),
                    );
                }
                Ok(rows)
            };
            read().map_err(|e| self.error(crate::t!("store-action-tm-lookup", source = source_text), e))?
        };
        best_matches(
            &query,
            rows.iter().map(|(row, bound)| self.entry_from_row(row).map(|entry| (entry, *bound))),
            threshold,
            limit,
        )
    }

    fn tm_entries_here(&self, pair: Option<&LangPair>) -> Result<Vec<TmEntry>, StoreError> {
        let rows = {
            let mut inner = self.lock();
            // The SQLite store's order: languages without case, then the key in code-point order.
            let order =
                "ORDER BY lower(source_lang) COLLATE \"C\", lower(target_lang) COLLATE \"C\", match_key COLLATE \"C\"";
            let found = match pair {
                Some(pair) => inner.client().query(
                    &format!(
                        "SELECT {ENTRY_COLUMNS} FROM tm
                         WHERE lower(source_lang) = lower($1) AND lower(target_lang) = lower($2) {order}"
                    ),
                    &[&pair.source, &pair.target],
                ),
                None => inner.client().query(&format!("SELECT {ENTRY_COLUMNS} FROM tm {order}"), &[]),
            };
            found.map_err(|e| self.error(crate::t!("store-action-tm-list"), e))?
        };
        rows.iter().map(|row| self.entry_from_row(row)).collect()
    }

    fn tm_count_here(&self) -> Result<usize, StoreError> {
        let mut inner = self.lock();
        let count: i64 = inner
            .client()
            .query_one("SELECT count(*) FROM tm", &[])
            .map_err(|e| self.error(crate::t!("store-action-tm-list"), e))?
            .get(0);
        Ok(count as usize)
    }
}

/// Runs `f` where the synchronous client may block: on this thread, and when this one is inside a tokio runtime
/// (the memory engine's lookups, the shared quota's calls) outside it. In a multi-thread runtime
/// `block_in_place` does that on this thread; only a current-thread runtime (tests) needs a thread of its own.
/// A thread per call was a dozen thread starts per article for each worker of a batch.
pub(super) fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    use tokio::runtime::{Handle, RuntimeFlavor};
    match Handle::try_current() {
        Err(_) => f(),
        Ok(current) if current.runtime_flavor() == RuntimeFlavor::MultiThread => tokio::task::block_in_place(f),
        Ok(_) => {
            std::thread::scope(|scope| scope.spawn(f).join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
        }
    }
}

impl MemoryStore for PgStore {
    fn tm_put(&self, entry: &TmEntry) -> Result<TmPutOutcome, StoreError> {
        Ok(self.tm_put_all(std::slice::from_ref(entry))?.remove(0))
    }

    fn tm_put_all(&self, entries: &[TmEntry]) -> Result<Vec<TmPutOutcome>, StoreError> {
        off_runtime(|| self.tm_put_all_here(entries))
    }

    fn tm_exact(&self, source_lang: &str, target_lang: &str, source_text: &str) -> Result<Option<TmEntry>, StoreError> {
        off_runtime(|| self.tm_exact_here(source_lang, target_lang, source_text))
    }

    fn tm_fuzzy(
        &self,
        source_lang: &str,
        target_lang: &str,
        source_text: &str,
        threshold: f64,
        limit: usize,
    ) -> Result<Vec<FuzzyMatch>, StoreError> {
        off_runtime(|| self.tm_fuzzy_here(source_lang, target_lang, source_text, threshold, limit))
    }

    fn tm_entries(&self, pair: Option<&LangPair>) -> Result<Vec<TmEntry>, StoreError> {
        off_runtime(|| self.tm_entries_here(pair))
    }

    fn tm_count(&self) -> Result<usize, StoreError> {
        off_runtime(|| self.tm_count_here())
    }
}
