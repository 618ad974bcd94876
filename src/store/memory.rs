//! The translation memory: entries keyed by (source language, target language, matching key).
//!
//! A put never lets a less trusted state replace a more trusted one: machine output arriving after an approved
//! translation of the same source keeps the approved one. Fuzzy candidates come from an FTS5 trigram index over
//! the masked key and are then scored by [`super::fuzzy::Prepared::compare`].
//!
//! Candidate generation at scale: a query's common trigrams (" ng", "nh ") are in most of a large memory, so
//! asking FTS5 for every trigram reads postings of nearly every row. Instead the query reads the postings of
//! a few of its trigrams — the rarest, and the rarest of each stretch of the sentence — as many as fit a
//! budget of [`POSTINGS_BUDGET`] rows, and counts for each row how many of those trigrams it holds. The
//! [`SHORTLIST`] rows holding the most (then of the closest length) are compared with the query by all their
//! trigrams, and the [`MAX_CANDIDATES`] closest are scored. Trigram frequencies and each row's key length come
//! from a small in-memory [`FuzzyIndex`] per language pair, built on the first fuzzy lookup (one scan of the
//! pair's keys) and kept up to date by the writes of this handle; rows written by another process after it was
//! built count as rare and of any length, so they are never missed for that.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};

use super::fuzzy::{best_matches, masked_key, reachable_lengths, search_key, FuzzyMatch, Prepared};
use super::{now, Store, StoreError, TmEntry, TmState};
use crate::engine::LangPair;
use crate::text::fast_hash::FastMap;
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
const MAX_CANDIDATES: usize = 60;
/// Rows ranked by the trigrams read whose keys are then compared with the query's by all trigrams, to choose
/// the [`MAX_CANDIDATES`] scored.
const SHORTLIST: usize = 600;
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

/// Rows whose postings one fuzzy lookup reads at most (beyond the rarest [`MIN_TRIGRAMS`] trigrams of the
/// query, which are always read).
pub const POSTINGS_BUDGET: u64 = 60_000;
/// Trigrams of the query whose postings are read whatever their frequency.
const MIN_TRIGRAMS: usize = 4;
/// Stretches of the query each of which gives its rarest trigram to the lookup.
const WINDOWS: usize = 32;

/// Three characters packed 21 bits each, so trigrams sort as their characters do and hash as one word.
type Trigram = u64;

fn pack(a: char, b: char, c: char) -> Trigram {
    (u64::from(a) << 42) | (u64::from(b) << 21) | u64::from(c)
}

/// The FTS5 phrase that reads the postings of one trigram.
fn phrase(trigram: Trigram) -> String {
    let text: String = [trigram >> 42, (trigram >> 21) & 0x1F_FFFF, trigram & 0x1F_FFFF]
        .into_iter()
        .map(|code| char::from_u32(code as u32).unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The distinct trigrams of `key`, each with the number of times it occurs, in trigram order.
fn trigrams(key: &str) -> Vec<(Trigram, u32)> {
    let mut all = Vec::new();
    sorted_trigrams(key, &mut Vec::new(), &mut all);
    let mut found: Vec<(Trigram, u32)> = Vec::new();
    for trigram in all {
        match found.last_mut() {
            Some((last, count)) if *last == trigram => *count += 1,
            _ => found.push((trigram, 1)),
        }
    }
    found
}

/// Every trigram of `key`, repeats kept, in trigram order, into `out` (`chars` is scratch).
fn sorted_trigrams(key: &str, chars: &mut Vec<char>, out: &mut Vec<Trigram>) {
    chars.clear();
    chars.extend(key.chars().flat_map(char::to_lowercase));
    out.clear();
    out.extend(chars.windows(3).map(|w| pack(w[0], w[1], w[2])));
    out.sort_unstable();
}

/// How many trigrams two keys share, a repeated one as often as both hold it (both from [`sorted_trigrams`]).
fn shared_trigrams(a: &[Trigram], b: &[Trigram]) -> u32 {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
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
            let index = FuzzyIndex::build(conn, source_lang, target_lang)?;
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

/// What candidate generation needs to know about one pair's memory without asking SQLite: how many rows
/// hold each trigram of the search keys, and each row's masked-key length. About 4 bytes a row and a few
/// bytes per distinct trigram: a 1,000,000-entry memory takes a few megabytes.
pub(super) struct FuzzyIndex {
    frequency: FastMap<Trigram, u32>,
    /// Masked-key length in characters by row id (saturating at `u16::MAX`); 0 for a row of another pair.
    lengths: Vec<u16>,
    /// A lookup's count of query trigrams per row id, back to zero after it: tens of thousands of postings
    /// are counted per lookup, and a table indexed by id counts them without hashing.
    shared: Vec<u16>,
}

impl FuzzyIndex {
    fn build(conn: &rusqlite::Connection, source_lang: &str, target_lang: &str) -> rusqlite::Result<FuzzyIndex> {
        let mut index = FuzzyIndex { frequency: FastMap::default(), lengths: Vec::new(), shared: Vec::new() };
        let mut stmt = conn.prepare(
            "SELECT id, fuzzy_chars, search_key FROM tm WHERE source_lang = ?1 AND target_lang = ?2 ORDER BY id",
        )?;
        let mut rows = stmt.query(params![source_lang, target_lang])?;
        while let Some(row) = rows.next()? {
            let chars: i64 = row.get(1)?;
            let search = row
                .get_ref(2)?
                .as_str()
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, Box::new(e)))?;
            index.add(row.get(0)?, usize::try_from(chars).unwrap_or(0), search);
        }
        Ok(index)
    }

    fn add(&mut self, id: i64, chars: usize, search: &str) {
        let Ok(slot) = usize::try_from(id) else { return };
        if slot >= self.lengths.len() {
            self.lengths.resize(slot + 1, 0);
        }
        self.lengths[slot] = u16::try_from(chars).unwrap_or(u16::MAX).max(1);
        for (trigram, _) in trigrams(search) {
            *self.frequency.entry(trigram).or_insert(0) += 1;
        }
    }

    /// Whether row `id` may have a masked key of a length in `window`: rows this index has not seen may.
    fn length_fits(&self, id: i64, (shortest, longest): (i64, i64)) -> bool {
        match usize::try_from(id).ok().and_then(|slot| self.lengths.get(slot)) {
            Some(0) | None => true,
            Some(&len) if len == u16::MAX => longest >= i64::from(len),
            Some(&len) => (shortest..=longest).contains(&i64::from(len)),
        }
    }

    /// The query's trigrams whose postings are read, rarest first, each with the number of times the query
    /// holds it and its frequency: the [`MIN_TRIGRAMS`] rarest of all, and the rarest of each of [`WINDOWS`]
    /// stretches along the query. Rarity alone picks trigrams from one or two places of the sentence, and a
    /// memory holding many versions of it (news repeats its sentences with a number or a name changed) then
    /// ties them all; a trigram from every stretch tells apart the version that differs nowhere else.
    fn trigrams_to_read(&self, search: &str) -> Vec<(Trigram, u32, u32)> {
        let frequency = |trigram: &Trigram| self.frequency.get(trigram).copied().unwrap_or(0);
        let chars: Vec<char> = search.chars().flat_map(char::to_lowercase).collect();
        let along: Vec<(u32, Trigram)> =
            chars.windows(3).map(|w| pack(w[0], w[1], w[2])).map(|t| (frequency(&t), t)).collect();
        let all = trigrams(search);
        let mut chosen: Vec<Trigram> = Vec::new();
        let stretch = along.len().div_ceil(WINDOWS).max(1);
        for part in along.chunks(stretch) {
            if let Some(&(_, rarest)) = part.iter().min() {
                chosen.push(rarest);
            }
        }
        let mut by_rarity: Vec<(u32, Trigram)> = all.iter().map(|&(t, _)| (frequency(&t), t)).collect();
        by_rarity.sort_unstable();
        chosen.extend(by_rarity.iter().take(MIN_TRIGRAMS).map(|&(_, t)| t));
        chosen.sort_unstable();
        chosen.dedup();
        let mut query: Vec<(Trigram, u32, u32)> = chosen
            .into_iter()
            .map(|t| {
                let count = all.binary_search_by_key(&t, |&(trigram, _)| trigram).map_or(1, |at| all[at].1);
                (t, count, frequency(&t))
            })
            .collect();
        query.sort_by_key(|&(trigram, _, frequency)| (frequency, trigram));
        query
    }

    /// Counts in `shared` how many of the query's trigrams (rarest first, within the postings budget) each row
    /// of a fitting length holds; each row counted is pushed to `found` once.
    fn count_shared(
        &mut self,
        conn: &rusqlite::Connection,
        query: &[(Trigram, u32, u32)],
        window: (i64, i64),
        found: &mut Vec<usize>,
    ) -> rusqlite::Result<()> {
        let mut stmt = conn.prepare_cached("SELECT rowid FROM tm_fuzzy WHERE tm_fuzzy MATCH ?1")?;
        let mut read = 0u64;
        for (n, &(trigram, count, frequency)) in query.iter().enumerate() {
            read += u64::from(frequency);
            if n >= MIN_TRIGRAMS && read > POSTINGS_BUDGET {
                break;
            }
            let mut rows = stmt.query([phrase(trigram)])?;
            while let Some(row) = rows.next()? {
                let id: i64 = row.get(0)?;
                let Ok(slot) = usize::try_from(id) else { continue };
                if self.length_fits(id, window) {
                    if slot >= self.shared.len() {
                        self.shared.resize(slot + 1, 0);
                    }
                    if self.shared[slot] == 0 {
                        found.push(slot);
                    }
                    // A trigram the query holds twice counts twice: it weighs as much in the alignment.
                    self.shared[slot] = self.shared[slot].saturating_add(u16::try_from(count).unwrap_or(u16::MAX));
                }
            }
        }
        Ok(())
    }

    /// Ids of the rows to score for a query with this search key, most promising first, at most
    /// [`MAX_CANDIDATES`]: rows holding the query's rarest trigrams, by how many of them they hold.
    fn candidates(
        &mut self,
        conn: &rusqlite::Connection,
        search: &str,
        chars: usize,
        window: (i64, i64),
    ) -> rusqlite::Result<Vec<i64>> {
        let query = self.trigrams_to_read(search);
        // Row ids holding at least one of the trigrams read, in the order first seen.
        let mut found: Vec<usize> = Vec::new();
        let counted = self.count_shared(conn, &query, window, &mut found);
        // By shared trigrams, then by how far the key's length is from the query's (a memory holding many
        // versions of a sentence ties them on trigrams; the version of the same length is usually the closest).
        let apart = |slot: usize| match self.lengths.get(slot) {
            Some(&len) if len > 0 => (usize::from(len)).abs_diff(chars).min(usize::from(u16::MAX)) as u16,
            _ => 0,
        };
        let mut ranked: Vec<(u16, u16, usize)> =
            found.iter().map(|&slot| (self.shared[slot], apart(slot), slot)).collect();
        // Back to zero for the next lookup, also when reading failed half way.
        for &slot in &found {
            self.shared[slot] = 0;
        }
        counted?;
        // Only the first SHORTLIST need ordering; the oldest row first among equals.
        let order =
            |a: &(u16, u16, usize), b: &(u16, u16, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2));
        if ranked.len() > SHORTLIST {
            ranked.select_nth_unstable_by(SHORTLIST - 1, order);
            ranked.truncate(SHORTLIST);
        }
        ranked.sort_unstable_by(order);
        if ranked.len() <= MAX_CANDIDATES {
            return Ok(ranked.into_iter().map(|(_, _, slot)| slot as i64).collect());
        }
        // The shortlist by all their trigrams: a few of the query's trigrams tie many versions of a sentence,
        // all of them tell the closest apart. Trigrams missing on the longer side estimate the edits needed.
        let (mut chars, mut query, mut row) = (Vec::new(), Vec::new(), Vec::new());
        sorted_trigrams(search, &mut chars, &mut query);
        let mut stmt = conn.prepare_cached("SELECT search_key FROM tm WHERE id = ?1")?;
        let mut closest: Vec<(usize, usize)> = Vec::with_capacity(ranked.len());
        for (rank, &(_, _, slot)) in ranked.iter().enumerate() {
            let mut rows = stmt.query([slot as i64])?;
            let Some(found) = rows.next()? else { continue };
            let key = found
                .get_ref(0)?
                .as_str()
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))?;
            sorted_trigrams(key, &mut chars, &mut row);
            let missing = query.len().max(row.len()) - shared_trigrams(&query, &row) as usize;
            closest.push((missing, rank));
        }
        closest.sort_unstable();
        closest.truncate(MAX_CANDIDATES);
        Ok(closest.into_iter().map(|(_, rank)| ranked[rank].2 as i64).collect())
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
                    &inner.conn,
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
    fn trigrams_are_counted_per_query() {
        let found = trigrams("AbabA");
        assert_eq!(found, vec![(pack('a', 'b', 'a'), 2), (pack('b', 'a', 'b'), 1)]);
        assert_eq!(phrase(pack('a', '"', 'ư')), "\"a\"\"ư\"");
        assert_eq!(found.iter().map(|(_, n)| n).sum::<u32>(), 3);
        assert!(trigrams("ab").is_empty());
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

    /// A memory holding hundreds of versions of one sentence (news repeats its sentences with a word or a number
    /// changed) and thousands of rows sharing its second half: the version closest to the query must be among
    /// the rows scored, though a few rare trigrams tie it with every version changed elsewhere.
    #[test]
    fn the_closest_of_many_versions_of_a_sentence_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("tm.sqlite")).unwrap();
        let head = "Ủy ban nhân dân tỉnh Khánh Hòa tổ chức hội nghị tổng kết công tác đối ngoại";
        let tail = "của các sở ban ngành và địa phương trong năm qua với nhiều kết quả tích cực";
        // Rows sharing the second half, so that its trigrams are common ones.
        let sharing: Vec<TmEntry> = (0..12_000).map(|i| entry(&format!("Báo cáo số {i} {tail}"))).collect();
        store.tm_put_all(&sharing).unwrap();
        // Versions of the sentence with one word of the second half replaced, written before the original.
        let words: Vec<&str> = tail.split(' ').collect();
        let replacements = [
            "mới", "cũ", "lớn", "nhỏ", "xa", "gần", "cao", "thấp", "đẹp", "tốt", "khó", "dễ", "nhanh", "chậm", "mạnh",
            "yếu", "sớm", "muộn", "rộng", "hẹp", "dài", "ngắn", "nóng", "lạnh",
        ];
        let mut versions = Vec::new();
        for replacement in replacements {
            for at in 0..words.len() {
                let mut changed = words.clone();
                changed[at] = replacement;
                versions.push(entry(&format!("{head} {}", changed.join(" "))));
            }
        }
        assert_eq!(versions.len(), 408);
        store.tm_put_all(&versions).unwrap();
        let original = format!("{head} {tail}");
        store.tm_put(&entry(&original)).unwrap();
        // The query adds a word to the first half: the original is its closest entry.
        let query = original.replace("tổng kết", "tổng kết lại");
        let found = store.tm_fuzzy("vi", "en", &query, 0.75, 5).unwrap();
        assert_eq!(found[0].entry.source, original, "{:?}", found.iter().map(|m| m.score).collect::<Vec<_>>());
    }
}
