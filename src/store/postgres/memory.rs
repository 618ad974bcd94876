//! The translation memory on PostgreSQL.
//!
//! Puts are one `INSERT … ON CONFLICT DO UPDATE … WHERE` each, so two workers storing the same source at once
//! never fail on the unique key and a less trusted state never replaces a more trusted one. Fuzzy candidates
//! come from the pg_trgm index over the diacritic-free masked key (`search_key % query`, best trigram
//! similarity first) and are then scored by the same [`Prepared::compare`] as the SQLite store's, with the same
//! penalties, order and limit.

use postgres::Row;

use super::PgStore;
use crate::engine::LangPair;
use crate::store::fuzzy::{best_matches, masked_key, reachable_lengths, search_key, FuzzyMatch, Prepared};
use crate::store::{now, MemoryStore, StoreError, TmEntry, TmPutOutcome, TmState};
use crate::text::key::match_key;

/// Fuzzy candidates read from the trigram index before scoring (as many as the SQLite store reads).
const MAX_CANDIDATES: i64 = 150;
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

fn put_one(tx: &mut postgres::Transaction<'_>, entry: &TmEntry) -> Result<TmPutOutcome, postgres::Error> {
    let key = match_key(&entry.source);
    let fuzzy = masked_key(&entry.source);
    let search = search_key(&fuzzy);
    let time = now();
    let or_now = |t: &str| if t.is_empty() { time.clone() } else { t.to_string() };
    // `xmax = 0` on the returned row: it was inserted, not updated. No row: a more trusted entry stays.
    let row = tx.query_opt(
        "INSERT INTO tm AS t (source_lang, target_lang, match_key, fuzzy_key, fuzzy_chars, search_key, source,
                              target, state, state_rank, provenance, created, updated)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (lower(source_lang), lower(target_lang), match_key) DO UPDATE SET
             fuzzy_key = excluded.fuzzy_key, fuzzy_chars = excluded.fuzzy_chars, search_key = excluded.search_key,
             source = excluded.source, target = excluded.target, state = excluded.state,
             state_rank = excluded.state_rank, provenance = excluded.provenance, updated = excluded.updated
         WHERE t.state_rank <= excluded.state_rank
         RETURNING (xmax = 0)",
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
        let mut tx =
            inner.client().transaction().map_err(|e| self.error(crate::t!("store-action-tm-transaction"), e))?;
        let mut outcomes = Vec::with_capacity(entries.len());
        for entry in entries {
            // Any error returns here and drops `tx`, which rolls back every entry written before it.
            let outcome = put_one(&mut tx, entry)
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
        let action = || crate::t!("store-action-tm-lookup", source = source_text);
        let rows = {
            let mut inner = self.lock();
            let mut rows = Vec::new();
            if search.chars().count() >= 3 {
                let found = inner
                    .client()
                    .query(
                        &format!(
                            "SELECT {ENTRY_COLUMNS} FROM tm
                             WHERE lower(source_lang) = lower($1) AND lower(target_lang) = lower($2)
                               AND fuzzy_chars BETWEEN $3 AND $4 AND search_key % $5
                             ORDER BY similarity(search_key, $5) DESC, id LIMIT $6"
                        ),
                        &[&source_lang, &target_lang, &shortest, &longest, &search, &MAX_CANDIDATES],
                    )
                    .map_err(|e| self.error(action(), e))?;
                rows.extend(found);
            }
            // Search keys under three characters have no trigram: compare them all within the length window.
            if shortest <= SHORT_KEY_CHARS {
                let found = inner
                    .client()
                    .query(
                        &format!(
                            "SELECT {ENTRY_COLUMNS} FROM tm
                             WHERE lower(source_lang) = lower($1) AND lower(target_lang) = lower($2)
                               AND fuzzy_chars BETWEEN $3 AND $4 AND char_length(search_key) < 3
                             ORDER BY id LIMIT $5"
                        ),
                        &[&source_lang, &target_lang, &shortest, &longest.min(SHORT_KEY_CHARS), &MAX_CANDIDATES],
                    )
                    .map_err(|e| self.error(action(), e))?;
                rows.extend(found);
            }
            rows
        };
        best_matches(&query, rows.iter().map(|row| self.entry_from_row(row)), threshold, limit)
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
