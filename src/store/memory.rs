//! The translation memory: entries keyed by (source language, target language, matching key).
//!
//! A put never lets a less trusted state replace a more trusted one: machine output arriving after an approved
//! translation of the same source keeps the approved one. Fuzzy candidates come from an FTS5 trigram index over
//! the masked key and are then scored by [`super::fuzzy::Prepared::compare`].

use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};

use super::fuzzy::{masked_key, search_key, FuzzyMatch, Prepared, TONE_COST};
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

/// Fuzzy candidates read from the trigram index before scoring.
const MAX_CANDIDATES: usize = 150;
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
        let empty = [
            ("source_lang", entry.source_lang.trim().is_empty()),
            ("target_lang", entry.target_lang.trim().is_empty()),
            ("source", match_key(&entry.source).is_empty()),
            ("target", entry.target.trim().is_empty()),
        ];
        match empty.into_iter().find(|(_, is_empty)| *is_empty) {
            Some((field, _)) => {
                Err(StoreError::EmptyField { path: self.path.clone(), field, source_text: entry.source.clone() })
            }
            None => Ok(()),
        }
    }
}

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

/// An FTS5 query matching any trigram of `key`.
fn trigram_query(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    let mut seen = std::collections::BTreeSet::new();
    let mut terms = Vec::new();
    for window in chars.windows(3) {
        let trigram: String = window.iter().collect();
        if seen.insert(trigram.clone()) {
            terms.push(format!("\"{}\"", trigram.replace('"', "\"\"")));
        }
    }
    terms.join(" OR ")
}

/// Key lengths (in characters) that can still reach `threshold` against a key of `len` characters. The
/// cheapest length difference is made of tones, so the score is at most
/// 1 − TONE_COST · |len − other| / max(len, other).
fn length_window(len: usize, threshold: f64) -> (i64, i64) {
    let slack = (1.0 - threshold.min(1.0)) / TONE_COST;
    if slack >= 1.0 {
        return (0, i64::MAX);
    }
    let len = len as f64;
    ((len * (1.0 - slack)).floor() as i64, (len / (1.0 - slack)).ceil() as i64)
}

impl MemoryStore for Store {
    fn tm_put(&self, entry: &TmEntry) -> Result<TmPutOutcome, StoreError> {
        Ok(self.tm_put_all(std::slice::from_ref(entry))?.remove(0))
    }

    fn tm_put_all(&self, entries: &[TmEntry]) -> Result<Vec<TmPutOutcome>, StoreError> {
        let mut inner = self.lock();
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
        let (shortest, longest) = length_window(query.masked().chars(), threshold);
        let action = || crate::t!("store-action-tm-lookup", source = source_text);
        let raws: Vec<RawEntry> = {
            let inner = self.lock();
            let read = || -> rusqlite::Result<Vec<RawEntry>> {
                let mut raws = Vec::new();
                let trigrams = trigram_query(&search_key(query.masked()));
                if !trigrams.is_empty() {
                    // The full-text hits are computed once (MATERIALIZED); a plain join lets SQLite run the
                    // MATCH once per row of `tm` instead.
                    let mut stmt = inner.conn.prepare_cached(&format!(
                        "WITH hits AS MATERIALIZED (
                             SELECT rowid AS id, rank AS relevance FROM tm_fuzzy WHERE tm_fuzzy MATCH ?1
                         )
                         SELECT {} FROM hits JOIN tm ON tm.id = hits.id
                         WHERE tm.source_lang = ?2 AND tm.target_lang = ?3 AND tm.fuzzy_chars BETWEEN ?4 AND ?5
                         ORDER BY hits.relevance, tm.id LIMIT ?6",
                        ENTRY_COLUMNS.split(", ").map(|c| format!("tm.{c}")).collect::<Vec<_>>().join(", ")
                    ))?;
                    let rows = stmt.query_map(
                        params![trigrams, source_lang, target_lang, shortest, longest, MAX_CANDIDATES as i64],
                        raw_from_row,
                    )?;
                    for row in rows {
                        raws.push(row?);
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
        let mut matches = Vec::new();
        for raw in raws {
            let entry = self.checked(raw)?;
            let memory = Prepared::new(masked_key(&entry.source));
            if let Some((score, penalties)) = query.compare(&memory, threshold) {
                matches.push(FuzzyMatch { entry, score, penalties });
            }
        }
        matches.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| b.entry.updated.cmp(&a.entry.updated))
                .then_with(|| a.entry.source.cmp(&b.entry.source))
        });
        matches.dedup_by(|a, b| a.entry == b.entry);
        matches.truncate(limit);
        Ok(matches)
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
    fn length_window_bounds_reachable_scores() {
        // 0.97: at most 10 % of the longer key may be tones the other lacks.
        let (shortest, longest) = length_window(10, 0.97);
        assert!((8..=9).contains(&shortest) && longest == 12, "{shortest} {longest}");
        assert_eq!(length_window(10, 0.5), (0, i64::MAX));
        assert_eq!(length_window(10, 0.0), (0, i64::MAX));
    }

    #[test]
    fn trigram_query_quotes_and_deduplicates() {
        assert_eq!(trigram_query("a\"bab\""), "\"a\"\"b\" OR \"\"\"ba\" OR \"bab\" OR \"ab\"\"\"");
        assert_eq!(trigram_query("ab"), "");
    }
}
