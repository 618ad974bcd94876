//! Fuzzy candidates of the translation memory, chosen the same way by both stores.
//!
//! A query's common trigrams (" ng", "nh ") are in most of a large memory, so reading the rows of every trigram
//! reads nearly every row. Instead a lookup reads the postings (the rows holding a trigram) of a few of the
//! query's trigrams — the rarest, and the rarest of each stretch of the sentence — as many as fit a budget of
//! [`POSTINGS_BUDGET`] rows, and counts for each row how many of those trigrams it holds. Up to [`FIRST_CUT`]
//! rows holding the most (then of the closest length) are ranked by the Levenshtein distance of their search keys
//! from the query's, which also bounds their score ([`Candidate`]), and the [`MAX_CANDIDATES`] closest are scored
//! by [`super::fuzzy::best_matches`]. The trigrams a row lacks bound its distance from below, so the ranking
//! passes over rows that cannot get among the closest and stops early when no row left can. So a lookup's cost
//! depends on the query and the budget, not on the size of the memory.
//!
//! [`FuzzyIndex`] holds what choosing needs without asking the store, for one language pair: each trigram's
//! frequency, the rows holding it ([`Postings`]), each row's key length and its search key ([`Keys`]), built by
//! one scan of the pair's search keys and kept in the process (both stores: reading one trigram's rows from
//! SQLite's FTS5 or PostgreSQL's GIN index took longer than the whole rest of a lookup, and reading the search
//! keys of a shortlist of 600 rows cost PostgreSQL 2–4 ms a lookup per 300 rows). The store then reads only the
//! rows to score.

use rapidfuzz::distance::levenshtein;

use super::fuzzy::NUMBER_CHARGE;
use crate::text::fast_hash::FastMap;

/// Rows scored per lookup.
pub(crate) const MAX_CANDIDATES: usize = 60;
/// Rows ranked by the trigrams read whose search keys (kept in the index) are compared with the query's by edit
/// distance at most, to choose the [`MAX_CANDIDATES`] scored. Fewer when the trigrams not shared prove that no row
/// left can get among them (see [`FuzzyIndex::candidates`]).
pub(crate) const FIRST_CUT: usize = 3_000;
/// Rows of the first cut put in order at a time (doubling): a lookup that stops early orders only those it reached.
const FIRST_CHUNK: usize = 500;
/// Rows whose postings one fuzzy lookup reads at most (beyond the rarest [`MIN_TRIGRAMS`] trigrams of the
/// query, which are always read).
pub(crate) const POSTINGS_BUDGET: u64 = 200_000;
/// Trigrams of the query whose postings are read whatever their frequency.
const MIN_TRIGRAMS: usize = 4;
/// Stretches of the query each of which gives its rarest trigram to the lookup.
const WINDOWS: usize = 64;

/// Three characters packed 21 bits each, so trigrams sort as their characters do and hash as one word.
pub(crate) type Trigram = u64;

pub(crate) fn pack(a: char, b: char, c: char) -> Trigram {
    (u64::from(a) << 42) | (u64::from(b) << 21) | u64::from(c)
}

/// The distinct trigrams of `key`, each with the number of times it occurs, in trigram order.
pub(crate) fn trigrams(key: &str) -> Vec<(Trigram, u32)> {
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

/// What candidate generation needs to know about one pair's memory without asking the store: how many rows
/// hold each trigram of the search keys, the rows holding each ([`Postings`]), each row's masked-key length and
/// its search key ([`Keys`]). About 110 bytes a row for the postings and as many as the search key for the keys,
/// for a memory of news sentences (see BENCHMARKS.md).
#[derive(Default)]
pub(crate) struct FuzzyIndex {
    frequency: FastMap<Trigram, u32>,
    postings: Postings,
    /// Masked-key length in characters by row id (saturating at `u16::MAX`); 0 for a row not in the index.
    lengths: Vec<u16>,
    /// [`digits`] of each row's source by row id.
    digits: Vec<u32>,
    /// Each row's search key, lowercased.
    keys: Keys,
    /// A lookup's count of query trigrams per row id, back to zero after it: tens of thousands of postings
    /// are counted per lookup, and a table indexed by id counts them without hashing.
    shared: Vec<u16>,
}

impl FuzzyIndex {
    /// Adds row `id` with a masked key of `chars` characters, this search key and source text (each row once).
    pub(crate) fn add(&mut self, id: i64, chars: usize, search: &str, source: &str) {
        let Ok(slot) = usize::try_from(id) else { return };
        if slot >= self.lengths.len() {
            self.lengths.resize(slot + 1, 0);
            self.digits.resize(slot + 1, 0);
        }
        self.lengths[slot] = u16::try_from(chars).unwrap_or(u16::MAX).max(1);
        self.digits[slot] = digits(source);
        self.keys.put(slot, search);
        for (trigram, _) in trigrams(search) {
            *self.frequency.entry(trigram).or_insert(0) += 1;
            self.postings.push(trigram, id);
        }
    }

    /// After adding rows out of id order (a scan in table order): puts the postings in id order again and
    /// gives back their spare capacity.
    pub(crate) fn settle(&mut self) {
        self.postings.settle();
        self.keys.spans.shrink_to_fit();
        self.keys.chars.shrink_to_fit();
    }

    /// Whether row `id` is in the index.
    pub(crate) fn knows(&self, id: i64) -> bool {
        usize::try_from(id).ok().and_then(|slot| self.lengths.get(slot)).is_some_and(|&len| len > 0)
    }

    /// Heap bytes held (capacity), for reports.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.frequency.capacity() * (std::mem::size_of::<(Trigram, u32)>() + 1)
            + self.postings.heap_bytes()
            + self.lengths.capacity() * 2
            + self.digits.capacity() * 4
            + self.keys.heap_bytes()
            + self.shared.capacity() * 2
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
    /// of a masked-key length within `window` holds; each row counted is pushed to `found` once. Returns the
    /// count a row holding every trigram read would have.
    fn count_shared(
        &mut self,
        query: &[(Trigram, u32, u32)],
        (shortest, longest): (i64, i64),
        found: &mut Vec<usize>,
    ) -> u32 {
        let FuzzyIndex { postings, lengths, shared, .. } = self;
        if shared.len() < lengths.len() {
            shared.resize(lengths.len(), 0);
        }
        let mut read = 0u64;
        let mut all = 0u32;
        for (n, &(trigram, count, frequency)) in query.iter().enumerate() {
            read += u64::from(frequency);
            if n >= MIN_TRIGRAMS && read > POSTINGS_BUDGET {
                break;
            }
            // A trigram the query holds twice counts twice: it weighs as much in the alignment.
            let weight = u16::try_from(count).unwrap_or(u16::MAX);
            all = all.saturating_add(u32::from(weight));
            postings.each(trigram, |id| {
                // Every id in the postings was added with its length.
                let slot = id as usize;
                let len = i64::from(lengths[slot]);
                let fits = (shortest..=longest).contains(&len) || (len == i64::from(u16::MAX) && longest >= len);
                if fits {
                    if shared[slot] == 0 {
                        found.push(slot);
                    }
                    shared[slot] = shared[slot].saturating_add(weight);
                }
            });
        }
        all
    }

    /// The rows to score for a query (its search key, masked-key length in characters, [`digits`], and the window
    /// of reachable lengths), each with the most it can score (see [`Candidate`]), most promising first, at most
    /// [`MAX_CANDIDATES`]: the rows closest to the query by the edit distance of their search keys, a row with
    /// other numbers after those with the query's, among the rows holding the query's rarest trigrams, taken by
    /// how many of them they hold.
    ///
    /// The rows are compared in that order (then by how far their length is from the query's), up to
    /// [`FIRST_CUT`] of them, from the keys the index keeps: no store read. Each trigram read that a row lacks
    /// stands for at least a third of an edit (an edit changes at most three trigrams of the query), so a row
    /// whose missing trigrams already put its bound below the weakest of the [`MAX_CANDIDATES`] kept is passed
    /// over without comparing it, and the comparing stops at the first row that no row after it can beat that way.
    pub(crate) fn candidates(
        &mut self,
        search: &str,
        (chars, query_digits): (usize, u32),
        window: (i64, i64),
        threshold: f64,
    ) -> Vec<Candidate> {
        let query = self.trigrams_to_read(search);
        // Row ids holding at least one of the trigrams read, in the order first seen.
        let mut found: Vec<usize> = Vec::new();
        let all = self.count_shared(&query, window, &mut found);
        // By shared trigrams, then by how far the key's length is from the query's (a memory holding many
        // versions of a sentence ties them on trigrams; the version of the same length is usually the closest).
        let apart = |slot: usize| match self.lengths.get(slot) {
            Some(&len) if len > 0 => (usize::from(len)).abs_diff(chars).min(usize::from(u16::MAX)) as u16,
            _ => 0,
        };
        let mut ranked: Vec<(u16, u16, usize)> =
            found.iter().map(|&slot| (self.shared[slot], apart(slot), slot)).collect();
        for &slot in &found {
            self.shared[slot] = 0;
        }
        // The longest key counted: what the rows not compared yet are relative to at most.
        let longest = found.iter().map(|&slot| usize::from(self.lengths[slot])).max().unwrap_or(0).max(chars);
        // A query so long that a count saturated proves nothing about the rows lacking trigrams.
        let counted = all <= u32::from(u16::MAX);
        // The most a row holding `shared` of the trigrams read and `longer` the longer masked key can score.
        let most = |shared: u16, longer: usize| {
            if !counted {
                return 1.0;
            }
            let missing = all.saturating_sub(u32::from(shared)) as usize;
            score_bound(missing.div_ceil(3), longer)
        };
        // The search key hides numbers, and news repeats a sentence with only a number changed: hundreds of such
        // versions tie at the distance 0 and would fill the places scored, while each is charged NUMBER_CHARGE for
        // its number. So in the order (not in the bound), a row whose numbers differ from the query's is put
        // NUMBER_CHARGE lower — when both have numbers: a row lacking the query's number (or the other way round)
        // is charged an edit for it, which its distance holds, and must not go after hundreds of rows with the
        // number changed.
        let mut row: Vec<char> = search.chars().flat_map(char::to_lowercase).collect();
        let comparator = levenshtein::BatchComparator::new(row.iter().copied());
        let query_chars = row.len();
        let mut kept = Kept::default();
        // Only the rows compared need ordering; the oldest row first among equals. A chunk at a time.
        let order =
            |a: &(u16, u16, usize), b: &(u16, u16, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2));
        if ranked.len() > FIRST_CUT {
            ranked.select_nth_unstable_by(FIRST_CUT - 1, order);
            ranked.truncate(FIRST_CUT);
        }
        let (mut done, mut chunk) = (0, FIRST_CHUNK);
        'chunks: while done < ranked.len() {
            let end = (done + chunk).min(ranked.len());
            let rest = &mut ranked[done..];
            if end - done < rest.len() {
                rest.select_nth_unstable_by(end - done - 1, order);
            }
            rest[..end - done].sort_unstable_by(order);
            for (rank, &(shared, _, slot)) in ranked.iter().enumerate().take(end).skip(done) {
                // To get in, a row must score more than this (and at least the threshold).
                let floor = kept.floor();
                if most(shared, longest) <= floor {
                    // Nor can any row after it: they hold at most as many of the trigrams.
                    break 'chunks;
                }
                let len = usize::from(self.lengths[slot]);
                let longer = len.max(chars);
                if most(shared, longer) <= floor {
                    continue;
                }
                let key = self.keys.get(slot).filter(|_| len < usize::from(u16::MAX));
                let bound = match key {
                    // A key this long saturates its length (or is not kept): no bound.
                    None => 1.0,
                    Some((key, key_chars)) => {
                        // Edits beyond which the bound is below what gets in (one more: the rounding).
                        let needed = floor.max(threshold);
                        let allowed =
                            ((1.0 + ROUNDING - needed).clamp(0.0, 1.0 + ROUNDING) * longer as f64) as usize + 1;
                        // The difference in length is as many edits at least.
                        if key_chars.abs_diff(query_chars) > allowed {
                            continue;
                        }
                        row.clear();
                        row.extend(key.chars());
                        let args = levenshtein::Args::default().score_cutoff(allowed);
                        match comparator.distance_with_args(row.iter().copied(), &args) {
                            Some(distance) => score_bound(distance, longer),
                            None => continue,
                        }
                    }
                };
                if bound >= threshold {
                    // A number only one of them has is an edit, which the distance counts already.
                    let other_numbers =
                        self.digits[slot] != query_digits && self.digits[slot] != 0 && query_digits != 0;
                    kept.offer(if other_numbers { bound - NUMBER_CHARGE } else { bound }, bound, rank, slot);
                }
            }
            done = end;
            chunk *= 2;
        }
        kept.into_candidates()
    }
}

/// The [`MAX_CANDIDATES`] rows placed highest so far, offered in rank order: a row placed as high as one kept
/// comes after it.
#[derive(Default)]
struct Kept {
    /// (place in the order, bound, rank, slot)
    rows: Vec<(f64, f64, usize, usize)>,
    /// Where the lowest placed row is in `rows`, once full.
    lowest: usize,
}

impl Kept {
    /// What a row must be placed above to get in: below every place while there is room.
    fn floor(&self) -> f64 {
        if self.rows.len() < MAX_CANDIDATES {
            f64::NEG_INFINITY
        } else {
            self.rows[self.lowest].0
        }
    }

    fn offer(&mut self, place: f64, bound: f64, rank: usize, slot: usize) {
        if self.rows.len() < MAX_CANDIDATES {
            self.rows.push((place, bound, rank, slot));
        } else if place > self.rows[self.lowest].0 {
            self.rows[self.lowest] = (place, bound, rank, slot);
        } else {
            return;
        }
        if self.rows.len() == MAX_CANDIDATES {
            // The lowest place, the latest rank among equals: the first to go.
            let lower =
                |a: &(f64, f64, usize, usize), b: &(f64, f64, usize, usize)| a.0.total_cmp(&b.0).then(b.2.cmp(&a.2));
            self.lowest = (0..self.rows.len()).min_by(|&a, &b| lower(&self.rows[a], &self.rows[b])).unwrap_or(0);
        }
    }

    /// Highest placed first, then by rank.
    fn into_candidates(mut self) -> Vec<Candidate> {
        self.rows.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)));
        self.rows.into_iter().map(|(_, bound, _, slot)| Candidate { id: slot as i64, bound }).collect()
    }
}

/// The digits of a text as one number: equal for two texts with the same numbers in the same order (and, rarely,
/// for others). What the search key hides, for ordering candidates without reading them.
pub(crate) fn digits(text: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    let mut any = false;
    let mut previous_digit = false;
    for ch in text.chars() {
        let digit = ch.is_ascii_digit();
        if digit || previous_digit {
            // A separator after a run of digits (any non-digit) counts once, so "3.500" and "3 500" differ.
            let byte = if digit { ch as u8 } else { b'|' };
            hash = (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193);
            any |= digit;
        }
        previous_digit = digit;
    }
    if any {
        hash.max(1)
    } else {
        0
    }
}

/// The most a row can score whose search key is `distance` Levenshtein edits from the query's, with `longer` the
/// longer of the two masked keys in characters (see [`Candidate`]).
pub(crate) fn score_bound(distance: usize, longer: usize) -> f64 {
    (1.0 - distance as f64 / longer.max(1) as f64 + ROUNDING).min(1.0)
}

/// A row chosen for scoring and the most it can score: `1 − d / longer masked key`, where d is the Levenshtein
/// distance of the search keys. Every edit dich's alignment charges is an edit of the search keys at most as
/// costly (tones and letter marks are not in them, a letter costs 1 in both) and charges only lower a score, so
/// no row scores more than its bound; a lookup skips the rows whose bound is below the weakest score it keeps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Candidate {
    pub id: i64,
    pub bound: f64,
}

/// The rows read for `candidates` (each with its id, in any order) in the order chosen, each with its bound: the
/// scoring skips more of the later ones. Rows of ids not chosen are left out.
pub(crate) fn in_chosen_order<R>(candidates: &[Candidate], rows: impl IntoIterator<Item = (i64, R)>) -> Vec<(R, f64)> {
    let chosen: FastMap<i64, (usize, f64)> =
        candidates.iter().enumerate().map(|(at, c)| (c.id, (at, c.bound))).collect();
    let mut placed: Vec<(usize, R, f64)> =
        rows.into_iter().filter_map(|(id, row)| chosen.get(&id).map(|&(at, bound)| (at, row, bound))).collect();
    placed.sort_by_key(|&(at, _, _)| at);
    placed.into_iter().map(|(_, row, bound)| (row, bound)).collect()
}

/// Added to a bound for the rounding of scores to 4 decimals.
const ROUNDING: f64 = 0.0001;

/// Each row's search key by row id, lowercased, in pages of [`KEY_PAGE`] bytes: no key spans two pages, so growing
/// never copies what is held (nor holds it twice meanwhile), and a page wastes at most the end a key did not fit.
#[derive(Default)]
struct Keys {
    pages: Vec<Vec<u8>>,
    /// By row id: the key's offset over all pages (page × [`KEY_PAGE`] + offset in it) shifted left 16 bits, or'd
    /// with its length in bytes; [`NO_KEY`] for a row without one.
    spans: Vec<u64>,
    /// By row id: the key's length in characters (a lower bound of its distance from a key of another length,
    /// known without reading it).
    chars: Vec<u16>,
}

const KEY_PAGE: usize = 1 << 20;
const NO_KEY: u64 = u64::MAX;

impl Keys {
    /// Keeps `key` (lowercased) as row `slot`'s. A key over 65,535 bytes is not kept.
    fn put(&mut self, slot: usize, key: &str) {
        if slot >= self.spans.len() {
            self.spans.resize(slot + 1, NO_KEY);
            self.chars.resize(slot + 1, 0);
        }
        let lowered: std::borrow::Cow<str> = if key.chars().any(char::is_uppercase) {
            key.chars().flat_map(char::to_lowercase).collect::<String>().into()
        } else {
            key.into()
        };
        let bytes = lowered.as_bytes();
        if bytes.len() > usize::from(u16::MAX) {
            self.spans[slot] = NO_KEY;
            return;
        }
        if self.pages.last().is_none_or(|page| page.len() + bytes.len() > KEY_PAGE) {
            self.pages.push(Vec::with_capacity(KEY_PAGE));
        }
        let page = self.pages.len() - 1;
        let at = page * KEY_PAGE + self.pages[page].len();
        self.pages[page].extend_from_slice(bytes);
        self.spans[slot] = ((at as u64) << 16) | bytes.len() as u64;
        // At most as many characters as bytes.
        self.chars[slot] = lowered.chars().count() as u16;
    }

    /// Row `slot`'s key and its length in characters, if kept.
    fn get(&self, slot: usize) -> Option<(&str, usize)> {
        let span = *self.spans.get(slot)?;
        if span == NO_KEY {
            return None;
        }
        let (at, len) = ((span >> 16) as usize, (span & 0xFFFF) as usize);
        let page = self.pages.get(at / KEY_PAGE)?;
        let bytes = page.get(at % KEY_PAGE..at % KEY_PAGE + len)?;
        // Only whole keys are written, each a `str`.
        Some((std::str::from_utf8(bytes).ok()?, usize::from(self.chars[slot])))
    }

    /// Heap bytes held (capacity), for reports.
    fn heap_bytes(&self) -> usize {
        self.pages.iter().map(Vec::capacity).sum::<usize>() + self.spans.capacity() * 8 + self.chars.capacity() * 2
    }
}

/// Row ids by trigram, in memory: for a store whose own index cannot read one trigram's rows cheaply. Each
/// trigram's ids are varints of the gap from the id before (most gaps take one or two bytes); an id smaller
/// than the one before (a row committed out of order) is written as a 0 and then the id itself.
#[derive(Default)]
struct Postings {
    lists: FastMap<Trigram, PostingList>,
}

#[derive(Default)]
struct PostingList {
    bytes: Vec<u8>,
    last: u64,
    /// Some id came after a larger one.
    unordered: bool,
}

fn put_varint(bytes: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        bytes.push((value as u8) | 0x80);
        value >>= 7;
    }
    bytes.push(value as u8);
}

fn get_varint(bytes: &[u8], at: &mut usize) -> u64 {
    let (mut value, mut shift) = (0u64, 0);
    while let Some(&byte) = bytes.get(*at) {
        *at += 1;
        value |= u64::from(byte & 0x7F) << shift;
        if byte < 0x80 {
            break;
        }
        shift += 7;
    }
    value
}

impl PostingList {
    fn push(&mut self, id: u64) {
        if id > self.last {
            put_varint(&mut self.bytes, id - self.last);
        } else {
            self.bytes.push(0);
            put_varint(&mut self.bytes, id);
            self.unordered = true;
        }
        self.last = id;
    }

    fn each(&self, mut f: impl FnMut(u64)) {
        let (mut at, mut id) = (0, 0u64);
        while at < self.bytes.len() {
            match get_varint(&self.bytes, &mut at) {
                0 => id = get_varint(&self.bytes, &mut at),
                gap => id += gap,
            }
            f(id);
        }
    }
}

impl Postings {
    /// Row `id` holds `trigram` (each row once per trigram).
    fn push(&mut self, trigram: Trigram, id: i64) {
        if let Ok(id) = u64::try_from(id) {
            self.lists.entry(trigram).or_default().push(id);
        }
    }

    /// Calls `each` with every row id holding `trigram`.
    fn each(&self, trigram: Trigram, mut each: impl FnMut(i64)) {
        if let Some(list) = self.lists.get(&trigram) {
            list.each(|id| each(id as i64));
        }
    }

    /// Rewrites every list that received ids out of order in id order, and gives back spare capacity: after a
    /// scan that did not read the rows in id order.
    fn settle(&mut self) {
        for list in self.lists.values_mut() {
            if list.unordered {
                let mut ids = Vec::new();
                list.each(|id| ids.push(id));
                ids.sort_unstable();
                *list = PostingList::default();
                for id in ids {
                    list.push(id);
                }
            }
            list.bytes.shrink_to_fit();
        }
    }

    /// Heap bytes held (capacity), for reports.
    fn heap_bytes(&self) -> usize {
        self.lists.capacity() * (std::mem::size_of::<(Trigram, PostingList)>() + 1)
            + self.lists.values().map(|list| list.bytes.capacity()).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trigrams_are_counted_per_query() {
        let found = trigrams("AbabA");
        assert_eq!(found, vec![(pack('a', 'b', 'a'), 2), (pack('b', 'a', 'b'), 1)]);
        assert_eq!(found.iter().map(|(_, n)| n).sum::<u32>(), 3);
        assert!(trigrams("ab").is_empty());
    }

    #[test]
    fn keys_are_kept_whole_lowercased_and_by_row() {
        let mut keys = Keys::default();
        // Enough to fill pages: no key is split across two.
        let key = |i: usize| format!("Dự Án {i} {}", "x".repeat(i % 5_000));
        for i in (0..2_000).rev() {
            keys.put(i * 3, &key(i));
        }
        assert!(keys.pages.len() > 1, "{}", keys.pages.len());
        for i in 0..2_000 {
            let lowered = key(i).to_lowercase();
            assert_eq!(keys.get(i * 3), Some((lowered.as_str(), lowered.chars().count())), "{i}");
            assert_eq!(keys.get(i * 3 + 1), None);
        }
        keys.put(7, &"a".repeat(70_000));
        assert_eq!(keys.get(7), None);
        assert_eq!(keys.get(1_000_000), None);
    }

    #[test]
    fn postings_keep_ids_out_of_order_and_settle_them() {
        let mut postings = Postings::default();
        let t = pack('a', 'b', 'c');
        for id in [1, 2, 300, 100_000, 7, 100_001, 5_000_000_000] {
            postings.push(t, id);
        }
        let read = |postings: &Postings| {
            let mut ids = Vec::new();
            postings.each(t, |id| ids.push(id));
            ids
        };
        assert_eq!(read(&postings), vec![1, 2, 300, 100_000, 7, 100_001, 5_000_000_000]);
        postings.settle();
        assert_eq!(read(&postings), vec![1, 2, 7, 300, 100_000, 100_001, 5_000_000_000]);
        postings.each(pack('x', 'y', 'z'), |_| panic!("no such trigram"));
    }
}
