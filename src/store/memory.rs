//! The translation memory: entries keyed by (source language, target language, matching key).
//!
//! A put never lets a less trusted state replace a more trusted one: machine output arriving after an approved
//! translation of the same source keeps the approved one. Fuzzy candidates come from trigram postings of the
//! search keys held in the process and are then scored by [`super::fuzzy::Prepared::compare`].
//!
//! Candidates are chosen as the PostgreSQL store chooses them ([`super::candidates`]: the postings of a few of
//! the query's rarest trigrams counted per row, the rows holding most of them ranked by the edit distance of
//! search keys, the closest scored), from a [`FuzzyIndex`] per language pair (trigram frequencies, postings, key
//! lengths and the search keys themselves, so ranking reads nothing from the store) built on the first fuzzy
//! lookup by one scan of the pair's keys. Each later lookup first adds the rows written since, by any process:
//! those with a larger id than the last row read (SQLite has one writer at a time and never reuses an id below the
//! largest, and the memory never deletes rows).

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};

use super::candidates::{digits, in_chosen_order, FuzzyIndex, MAX_CANDIDATES};
use super::fuzzy::{best_matches, masked_key, reachable_lengths, search_key, FuzzyMatch, Prepared};
use super::{now, Store, StoreError, TmEntry, TmState};
use crate::engine::LangPair;
use crate::text::key::match_key;

/// What [`MemoryStore::tm_put`] did with an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TmPutOutcome {
    /// No entry had the same languages and matching key.
    Inserted,
    /// The entry replaced one of the same or a lower state.
    Updated,
    /// An entry of a higher state was there and stays; the new one was dropped.
    KeptExisting,
}

/// The translation memory as the pipeline and the memory engine see it. Implemented by [`Store`]; a shared
/// server-backed memory can implement it later.
pub trait MemoryStore: Send + Sync {
    /// Inserts `entry`, or updates the entry with the same languages and matching key unless that one has a
    /// higher state. Empty `created`/`updated` are set to now.
    fn tm_put(&self, entry: &TmEntry) -> Result<TmPutOutcome, StoreError>;
    /// [`MemoryStore::tm_put`] for each entry, in order, in one transaction: all are written or none.
    fn tm_put_all(&self, entries: &[TmEntry]) -> Result<Vec<TmPutOutcome>, StoreError>;
    /// The entry whose matching key equals that of `source_text` (tone style, case, NFC/NFD and whitespace
    /// runs do not count).
    fn tm_exact(&self, source_lang: &str, target_lang: &str, source_text: &str) -> Result<Option<TmEntry>, StoreError>;
    /// Entries similar to `source_text` scoring at least `threshold`, best first (score, then most recently
    /// updated, then source), at most `limit`.
    fn tm_fuzzy(
        &self,
        source_lang: &str,
        target_lang: &str,
        source_text: &str,
        threshold: f64,
        limit: usize,
    ) -> Result<Vec<FuzzyMatch>, StoreError>;
    /// Every entry, or those of one pair, ordered by pair and matching key.
    fn tm_entries(&self, pair: Option<&LangPair>) -> Result<Vec<TmEntry>, StoreError>;
    /// Number of entries of all pairs.
    fn tm_count(&self) -> Result<usize, StoreError>;
}

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

/// A row before its state is checked: a bad state is reported as a corrupt store, not a SQLite error.
struct RawEntry {
    entry: TmEntry,
    state: String,
}

fn raw_from_row(row: &Row<'_>) -> rusqlite::Result<RawEntry> {
    let state: String = row.get(4)?;
    Ok(RawEntry {
        entry: TmEntry {
            source_lang: row.get(0)?,
            target_lang: row.get(1)?,
            source: row.get(2)?,
            target: row.get(3)?,
            state: TmState::Machine,
            provenance: row.get(5)?,
            created: row.get(6)?,
            updated: row.get(7)?,
        },
        state,
    })
}

impl Store {
    fn checked(&self, raw: RawEntry) -> Result<TmEntry, StoreError> {
        let state = TmState::parse(&raw.state).ok_or_else(|| StoreError::Corrupt {
            path: self.path.clone(),
            what: crate::t!("store-action-tm-lookup", source = raw.entry.source.clone()),
            detail: format!("state \"{}\"", raw.state),
        })?;
        Ok(TmEntry { state, ..raw.entry })
    }

    fn validate(&self, entry: &TmEntry) -> Result<(), StoreError> {
        match empty_field(entry) {
            Some(field) => {
                Err(StoreError::EmptyField { path: self.path.clone(), field, source_text: entry.source.clone() })
            }
            None => Ok(()),
        }
    }
}

/// The first field of `entry` that a memory entry may not leave empty and it does (every store refuses it).
pub(crate) fn empty_field(entry: &TmEntry) -> Option<&'static str> {
    [
        ("source_lang", entry.source_lang.trim().is_empty()),
        ("target_lang", entry.target_lang.trim().is_empty()),
        ("source", match_key(&entry.source).is_empty()),
        ("target", entry.target.trim().is_empty()),
    ]
    .into_iter()
    .find_map(|(field, is_empty)| is_empty.then_some(field))
}

/// Writes one entry.
fn put_one(tx: &Transaction<'_>, entry: &TmEntry) -> rusqlite::Result<TmPutOutcome> {
    let key = match_key(&entry.source);
    let fuzzy = masked_key(&entry.source);
    let search = search_key(&fuzzy);
    let time = now();
    let or_now = |t: &str| if t.is_empty() { time.clone() } else { t.to_string() };
    let existing: Option<(i64, i64)> = tx
        .query_row(
            "SELECT id, state_rank FROM tm WHERE source_lang = ?1 AND target_lang = ?2 AND match_key = ?3",
            params![entry.source_lang, entry.target_lang, key],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    match existing {
        None => {
            tx.execute(
                "INSERT INTO tm (source_lang, target_lang, match_key, fuzzy_key, fuzzy_chars, search_key, source,
                                 target, state, state_rank, provenance, created, updated)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    entry.source_lang,
                    entry.target_lang,
                    key,
                    fuzzy.key,
                    fuzzy.chars() as i64,
                    search,
                    entry.source,
                    entry.target,
                    entry.state.as_str(),
                    rank(entry.state),
                    entry.provenance,
                    or_now(&entry.created),
                    or_now(&entry.updated),
                ],
            )?;
            Ok(TmPutOutcome::Inserted)
        }
        Some((_, existing_rank)) if existing_rank > rank(entry.state) => Ok(TmPutOutcome::KeptExisting),
        Some((id, _)) => {
            // `created` stays: the pair has been known since then.
            tx.execute(
                "UPDATE tm SET fuzzy_key = ?1, fuzzy_chars = ?2, search_key = ?3, source = ?4, target = ?5,
                               state = ?6, state_rank = ?7, provenance = ?8, updated = ?9
                 WHERE id = ?10",
                params![
                    fuzzy.key,
                    fuzzy.chars() as i64,
                    search,
                    entry.source,
                    entry.target,
                    entry.state.as_str(),
                    rank(entry.state),
                    entry.provenance,
                    or_now(&entry.updated),
                    id,
                ],
            )?;
            Ok(TmPutOutcome::Updated)
        }
    }
}

/// The [`FuzzyIndex`] of each language pair looked up through this handle.
#[derive(Default)]
pub(super) struct FuzzyIndexes(HashMap<(String, String), PairIndex>);

/// One pair's index and the largest row id it has read.
struct PairIndex {
    index: FuzzyIndex,
    last_id: i64,
}

impl FuzzyIndexes {
    /// The pair's index with every row written so far: built now if this is its first lookup, else the rows
    /// written since the last lookup added.
    fn for_pair(
        &mut self,
        conn: &rusqlite::Connection,
        source_lang: &str,
        target_lang: &str,
    ) -> rusqlite::Result<&mut FuzzyIndex> {
        let key = (source_lang.to_lowercase(), target_lang.to_lowercase());
        let pair = self.0.entry(key).or_insert_with(|| PairIndex { index: FuzzyIndex::default(), last_id: 0 });
        // Rows of every pair are read past (once), so rows of another pair written since are not read again.
        let mut stmt = conn.prepare_cached(
            "SELECT id, source_lang = ?2 AND target_lang = ?3, fuzzy_chars, search_key, source FROM tm
             WHERE id > ?1 ORDER BY id",
        )?;
        let mut rows = stmt.query(params![pair.last_id, source_lang, target_lang])?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            if row.get(1)? {
                let chars: i64 = row.get(2)?;
                pair.index.add(id, usize::try_from(chars).unwrap_or(0), text_at(row, 3)?, text_at(row, 4)?);
            }
            pair.last_id = id;
        }
        Ok(&mut pair.index)
    }
}

fn text_at<'r>(row: &'r Row<'_>, at: usize) -> rusqlite::Result<&'r str> {
    row.get_ref(at)?
        .as_str()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(at, rusqlite::types::Type::Text, Box::new(e)))
}

/// `ids` in order, for `WHERE id IN (…)`: one statement over the ids in order walks the table's B-tree once, where a
/// statement per id took twice as long. (Integers only: nothing from outside goes into the text. SQLite takes an
/// empty list.)
fn id_list(ids: &[i64]) -> String {
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    sorted.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

impl MemoryStore for Store {
    fn tm_put(&self, entry: &TmEntry) -> Result<TmPutOutcome, StoreError> {
        Ok(self.tm_put_all(std::slice::from_ref(entry))?.remove(0))
    }

    fn tm_put_all(&self, entries: &[TmEntry]) -> Result<Vec<TmPutOutcome>, StoreError> {
        let mut guard = self.lock();
        let inner = &mut *guard;
        let tx = inner.conn.transaction().map_err(|e| self.error(crate::t!("store-action-tm-transaction"), e))?;
        let mut outcomes = Vec::with_capacity(entries.len());
        for entry in entries {
            // Any error returns here and drops `tx`, which rolls back every entry written before it.
            self.validate(entry)?;
            let outcome = put_one(&tx, entry)
                .map_err(|e| self.error(crate::t!("store-action-tm-put", source = entry.source.clone()), e))?;
            outcomes.push(outcome);
        }
        tx.commit().map_err(|e| self.error(crate::t!("store-action-tm-transaction"), e))?;
        Ok(outcomes)
    }

    fn tm_exact(&self, source_lang: &str, target_lang: &str, source_text: &str) -> Result<Option<TmEntry>, StoreError> {
        let raw = {
            let inner = self.lock();
            inner
                .conn
                .query_row(
                    &format!(
                        "SELECT {ENTRY_COLUMNS} FROM tm
                         WHERE source_lang = ?1 AND target_lang = ?2 AND match_key = ?3"
                    ),
                    params![source_lang, target_lang, match_key(source_text)],
                    raw_from_row,
                )
                .optional()
                .map_err(|e| self.error(crate::t!("store-action-tm-lookup", source = source_text), e))?
        };
        raw.map(|raw| self.checked(raw)).transpose()
    }

    fn tm_fuzzy(
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
        let action = || crate::t!("store-action-tm-lookup", source = source_text);
        // Each row with the most it can score.
        let raws: Vec<(RawEntry, f64)> = {
            let mut guard = self.lock();
            let inner = &mut *guard;
            let mut read = || -> rusqlite::Result<Vec<(RawEntry, f64)>> {
                let mut raws = Vec::new();
                let index = inner.fuzzy_index.for_pair(&inner.conn, source_lang, target_lang)?;
                let candidates = index.candidates(
                    &search_key(query.masked()),
                    (query.masked().chars(), digits(source_text)),
                    (shortest, longest),
                    threshold,
                );
                // In one statement over the ids in order (see `search_keys`), then in the order chosen. The ids are
                // rows of this pair within the length window (the index chose them so): by id alone, which SQLite
                // reads by rowid (with the pair and length too, it may scan the length index instead).
                let ids: Vec<i64> = candidates.iter().map(|c| c.id).collect();
                let mut stmt = inner
                    .conn
                    .prepare(&format!("SELECT {ENTRY_COLUMNS}, id FROM tm WHERE id IN ({})", id_list(&ids)))?;
                let read = stmt.query_map([], |row| Ok((row.get::<_, i64>(8)?, raw_from_row(row)?)))?;
                raws.extend(in_chosen_order(&candidates, read.collect::<rusqlite::Result<Vec<_>>>()?));
                // Search keys under three characters have no trigram: compare them all within the length window.
                // Their masked keys are at most SHORT_KEY_CHARS long (two letters, each syllable with a tone).
                if shortest <= SHORT_KEY_CHARS {
                    let mut stmt = inner.conn.prepare_cached(&format!(
                        "SELECT {ENTRY_COLUMNS} FROM tm
                         WHERE source_lang = ?1 AND target_lang = ?2 AND fuzzy_chars BETWEEN ?3 AND ?4
                           AND length(search_key) < 3
                         ORDER BY id LIMIT ?5"
                    ))?;
                    let rows = stmt.query_map(
                        params![
                            source_lang,
                            target_lang,
                            shortest,
                            longest.min(SHORT_KEY_CHARS),
                            MAX_CANDIDATES as i64
                        ],
                        raw_from_row,
                    )?;
                    for row in rows {
                        raws.push((row?, 1.0));
                    }
                }
                Ok(raws)
            };
            read().map_err(|e| self.error(action(), e))?
        };
        // Candidates come most promising first: once `limit` matches are found, a candidate must reach the
        // lowest of them to matter (an equal score may still win on recency), which its bound or the letter-bag
        // bound of `compare` usually rules out before the alignment.
        best_matches(
            &query,
            raws.into_iter().map(|(raw, bound)| self.checked(raw).map(|entry| (entry, bound))),
            threshold,
            limit,
        )
    }

    fn tm_entries(&self, pair: Option<&LangPair>) -> Result<Vec<TmEntry>, StoreError> {
        let raws = {
            let inner = self.lock();
            let read = || -> rusqlite::Result<Vec<RawEntry>> {
                let order = "ORDER BY source_lang, target_lang, match_key";
                let rows = match pair {
                    Some(pair) => {
                        let mut stmt = inner.conn.prepare(&format!(
                            "SELECT {ENTRY_COLUMNS} FROM tm WHERE source_lang = ?1 AND target_lang = ?2 {order}"
                        ))?;
                        let rows = stmt.query_map(params![pair.source, pair.target], raw_from_row)?;
                        rows.collect::<rusqlite::Result<Vec<_>>>()?
                    }
                    None => {
                        let mut stmt = inner.conn.prepare(&format!("SELECT {ENTRY_COLUMNS} FROM tm {order}"))?;
                        let rows = stmt.query_map([], raw_from_row)?;
                        rows.collect::<rusqlite::Result<Vec<_>>>()?
                    }
                };
                Ok(rows)
            };
            read().map_err(|e| self.error(crate::t!("store-action-tm-list"), e))?
        };
        raws.into_iter().map(|raw| self.checked(raw)).collect()
    }

    fn tm_count(&self) -> Result<usize, StoreError> {
        let inner = self.lock();
        let count: i64 = inner
            .conn
            .query_row("SELECT count(*) FROM tm", [], |row| row.get(0))
            .map_err(|e| self.error(crate::t!("store-action-tm-list"), e))?;
        Ok(count as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(source: &str) -> TmEntry {
        TmEntry {
            source_lang: "vi".into(),
            target_lang: "en".into(),
            source: source.into(),
            target: format!("en: {source}"),
            state: TmState::Approved,
            provenance: "test".into(),
            created: String::new(),
            updated: String::new(),
        }
    }

    #[test]
    fn the_rarest_trigrams_find_the_match_among_common_rows_and_late_rows_count() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tm.sqlite");
        let store = Store::open(&path).unwrap();
        // Far more rows sharing the query's common words than candidates are scored.
        let common: Vec<TmEntry> = (0..3 * MAX_CANDIDATES)
            .map(|i| entry(&format!("Ủy ban nhân dân tỉnh họp phiên thứ {i} về công tác của tỉnh trong năm")))
            .collect();
        store.tm_put_all(&common).unwrap();
        store.tm_put(&entry("Ủy ban nhân dân tỉnh Kon Tum tiếp đoàn khách Attapư trong năm")).unwrap();
        let query = "Ủy ban nhân dân tỉnh Kon Tum tiếp đoàn khách Attapư trong tháng";
        let found = store.tm_fuzzy("vi", "en", query, 0.75, 1).unwrap();
        assert_eq!(found[0].entry.source, "Ủy ban nhân dân tỉnh Kon Tum tiếp đoàn khách Attapư trong năm");
        // A row this handle writes after the index was built is in it.
        store.tm_put(&entry("Ủy ban nhân dân tỉnh Kon Tum tiếp đoàn khách Attapư trong tháng")).unwrap();
        assert_eq!(store.tm_fuzzy("vi", "en", query, 0.75, 1).unwrap()[0].score, 1.0);
        // So is one another process wrote: the next lookup reads it.
        let other = Store::open(&path).unwrap();
        other.tm_put(&entry("Ủy ban nhân dân tỉnh Kon Tum tiếp đoàn khách Sê Kông trong tháng")).unwrap();
        let found =
            store.tm_fuzzy("vi", "en", "Ủy ban nhân dân tỉnh Kon Tum tiếp đoàn khách Sê Kông trong tháng", 0.75, 1);
        assert_eq!(found.unwrap()[0].score, 1.0);
    }

    #[test]
    fn two_processes_writing_the_same_rows_at_once_both_succeed() {
        // A desk's save and a run's memory writes, each through its own connection: every write reads the row
        // first, then writes. Begun deferred, a write whose read saw a snapshot another connection has since
        // committed over failed at once (SQLITE_BUSY, no waiting) — a translator's save answered 500 during a run.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tm.sqlite");
        Store::open(&path).unwrap();
        let writers: Vec<_> = (0..2)
            .map(|writer| {
                let path = path.clone();
                std::thread::spawn(move || {
                    let store = Store::open(&path).unwrap();
                    for round in 0..150 {
                        let mut row = entry(&format!("Phiên họp thứ {}", round % 10));
                        row.target = format!("writer {writer}, round {round}");
                        store.tm_put(&row).map_err(|e| format!("writer {writer}, round {round}: {e}"))?;
                    }
                    Ok::<_, String>(())
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap().unwrap();
        }
    }
}
