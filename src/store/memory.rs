//! The translation memory: entries keyed by (source language, target language, matching key).
//!
//! A put never lets a less trusted state replace a more trusted one: machine output arriving after an approved
//! translation of the same source keeps the approved one. Fuzzy candidates come from an FTS5 trigram index over
//! the masked key and are then scored by [`super::fuzzy::Prepared::compare`].
//!
//! Candidates are chosen as the PostgreSQL store chooses them ([`super::candidates`]: the postings of a few of
//! the query's rarest trigrams counted per row, a shortlist re-ranked by all trigrams, the closest scored), from
//! a [`FuzzyIndex`] per language pair (trigram frequencies and key lengths) built on the first fuzzy lookup by
//! one scan of the pair's keys and kept up to date by the writes of this handle. Here the postings of one
//! trigram are read from the FTS5 trigram table `tm_fuzzy`; rows written by another process after the index was
//! built count as rare and of any length, so they are never missed for that.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};

use super::candidates::{unpack, CandidateSource, FuzzyIndex, Trigram, MAX_CANDIDATES};
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

/// A row just inserted: id, masked-key length, search key.
type InsertedRow = (i64, usize, String);

/// Writes one entry; for an insert, also the new row's id, masked-key length and search key (for the fuzzy
/// index).
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

fn put_one(tx: &Transaction<'_>, entry: &TmEntry) -> rusqlite::Result<(TmPutOutcome, Option<InsertedRow>)> {
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
            Ok((TmPutOutcome::Inserted, Some((tx.last_insert_rowid(), fuzzy.chars(), search))))
        }
        Some((_, existing_rank)) if existing_rank > rank(entry.state) => Ok((TmPutOutcome::KeptExisting, None)),
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
            Ok((TmPutOutcome::Updated, None))
        }
    }
}

/// The FTS5 phrase that reads the postings of one trigram.
fn phrase(trigram: Trigram) -> String {
    let text: String = unpack(trigram).into_iter().collect();
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The [`FuzzyIndex`] of each language pair looked up through this handle.
#[derive(Default)]
pub(super) struct FuzzyIndexes(HashMap<(String, String), FuzzyIndex>);

impl FuzzyIndexes {
    /// The pair's index, built now if this is its first lookup.
    fn for_pair(
        &mut self,
        conn: &rusqlite::Connection,
        source_lang: &str,
        target_lang: &str,
    ) -> rusqlite::Result<&mut FuzzyIndex> {
        let key = (source_lang.to_lowercase(), target_lang.to_lowercase());
        if !self.0.contains_key(&key) {
            let index = build_index(conn, source_lang, target_lang)?;
            self.0.insert(key.clone(), index);
        }
        Ok(self.0.get_mut(&key).expect("inserted above"))
    }

    /// Counts a row this handle just inserted, if its pair has an index.
    fn inserted(&mut self, entry: &TmEntry, id: i64, chars: usize, search: &str) {
        let key = (entry.source_lang.to_lowercase(), entry.target_lang.to_lowercase());
        if let Some(index) = self.0.get_mut(&key) {
            index.add(id, chars, search);
        }
    }
}

/// One scan of the pair's keys.
fn build_index(conn: &rusqlite::Connection, source_lang: &str, target_lang: &str) -> rusqlite::Result<FuzzyIndex> {
    let mut index = FuzzyIndex::default();
    let mut stmt = conn.prepare(
        "SELECT id, fuzzy_chars, search_key FROM tm WHERE source_lang = ?1 AND target_lang = ?2 ORDER BY id",
    )?;
    let mut rows = stmt.query(params![source_lang, target_lang])?;
    while let Some(row) = rows.next()? {
        let chars: i64 = row.get(1)?;
        index.add(row.get(0)?, usize::try_from(chars).unwrap_or(0), text_at(row, 2)?);
    }
    Ok(index)
}

fn text_at<'r>(row: &'r Row<'_>, at: usize) -> rusqlite::Result<&'r str> {
    row.get_ref(at)?
        .as_str()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(at, rusqlite::types::Type::Text, Box::new(e)))
}

/// Postings from the FTS5 trigram table (rows of every pair: the final read keeps the pair's), search keys
/// from the rows. Rows another process wrote after the index was built are unknown to it: they count as rare
/// and of any length, so they are never missed for that.
struct Fts5<'c>(&'c rusqlite::Connection);

impl CandidateSource for Fts5<'_> {
    type Error = rusqlite::Error;

    fn postings(&mut self, trigram: Trigram, mut each: impl FnMut(i64)) -> rusqlite::Result<()> {
        let mut stmt = self.0.prepare_cached("SELECT rowid FROM tm_fuzzy WHERE tm_fuzzy MATCH ?1")?;
        let mut rows = stmt.query([phrase(trigram)])?;
        while let Some(row) = rows.next()? {
            each(row.get(0)?);
        }
        Ok(())
    }

    fn search_keys(&mut self, ids: &[i64], mut each: impl FnMut(i64, &str)) -> rusqlite::Result<()> {
        let mut stmt = self.0.prepare_cached("SELECT search_key FROM tm WHERE id = ?1")?;
        for &id in ids {
            let mut rows = stmt.query([id])?;
            if let Some(row) = rows.next()? {
                each(id, text_at(row, 0)?);
            }
        }
        Ok(())
    }
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
        let mut inserted = Vec::new();
        for entry in entries {
            // Any error returns here and drops `tx`, which rolls back every entry written before it.
            self.validate(entry)?;
            let (outcome, row) = put_one(&tx, entry)
                .map_err(|e| self.error(crate::t!("store-action-tm-put", source = entry.source.clone()), e))?;
            outcomes.push(outcome);
            if let Some(row) = row {
                inserted.push((entry, row));
            }
        }
        tx.commit().map_err(|e| self.error(crate::t!("store-action-tm-transaction"), e))?;
        for (entry, (id, chars, search)) in inserted {
            inner.fuzzy_index.inserted(entry, id, chars, &search);
        }
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
        let raws: Vec<RawEntry> = {
            let mut guard = self.lock();
            let inner = &mut *guard;
            let mut read = || -> rusqlite::Result<Vec<RawEntry>> {
                let mut raws = Vec::new();
                let index = inner.fuzzy_index.for_pair(&inner.conn, source_lang, target_lang)?;
                let ids = index.candidates(
                    &mut Fts5(&inner.conn),
                    &search_key(query.masked()),
                    query.masked().chars(),
                    (shortest, longest),
                )?;
                let mut stmt = inner.conn.prepare_cached(&format!(
                    "SELECT {ENTRY_COLUMNS} FROM tm
                     WHERE id = ?1 AND source_lang = ?2 AND target_lang = ?3 AND fuzzy_chars BETWEEN ?4 AND ?5"
                ))?;
                for id in ids {
                    if let Some(raw) = stmt
                        .query_row(params![id, source_lang, target_lang, shortest, longest], raw_from_row)
                        .optional()?
                    {
                        raws.push(raw);
                    }
                }
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
                        raws.push(row?);
                    }
                }
                Ok(raws)
            };
            read().map_err(|e| self.error(action(), e))?
        };
        // Candidates come most promising first: once `limit` matches are found, a candidate must reach the
        // lowest of them to matter (an equal score may still win on recency), which the letter-bag bound of
        // `compare` usually rules out before the alignment.
        best_matches(&query, raws.into_iter().map(|raw| self.checked(raw)), threshold, limit)
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

    #[test]
    fn a_trigram_is_one_fts5_phrase() {
        assert_eq!(phrase(crate::store::candidates::pack('a', '"', 'ư')), "\"a\"\"ư\"");
    }

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
        // So is one another process wrote: unknown to the index, it counts as rare and of any length.
        let other = Store::open(&path).unwrap();
        other.tm_put(&entry("Ủy ban nhân dân tỉnh Kon Tum tiếp đoàn khách Sê Kông trong tháng")).unwrap();
        let found =
            store.tm_fuzzy("vi", "en", "Ủy ban nhân dân tỉnh Kon Tum tiếp đoàn khách Sê Kông trong tháng", 0.75, 1);
        assert_eq!(found.unwrap()[0].score, 1.0);
    }
}
