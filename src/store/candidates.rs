//! Fuzzy candidates of the translation memory, chosen the same way by both stores.
//!
//! A query's common trigrams (" ng", "nh ") are in most of a large memory, so reading the rows of every trigram
//! reads nearly every row. Instead a lookup reads the postings (the rows holding a trigram) of a few of the
//! query's trigrams — the rarest, and the rarest of each stretch of the sentence — as many as fit a budget of
//! [`POSTINGS_BUDGET`] rows, and counts for each row how many of those trigrams it holds. The [`SHORTLIST`]
//! rows holding the most (then of the closest length) are compared with the query by all their trigrams, and the
//! [`MAX_CANDIDATES`] closest are scored by [`super::fuzzy::best_matches`]. So a lookup's cost depends on the
//! query and the budget, not on the size of the memory.
//!
//! [`FuzzyIndex`] holds what choosing needs without asking the store: each trigram's frequency and each row's
//! key length, for one language pair, built by one scan of the pair's search keys. Where postings and search
//! keys come from is the store's: a [`CandidateSource`]. The SQLite store reads postings from its FTS5 trigram
//! table; the PostgreSQL store keeps them in memory ([`Postings`], built in the same scan) and reads search keys
//! from the database.

use crate::text::fast_hash::FastMap;

/// Rows scored per lookup.
pub(crate) const MAX_CANDIDATES: usize = 60;
/// Rows ranked by the trigrams read whose keys are then compared with the query's by all trigrams, to choose
/// the [`MAX_CANDIDATES`] scored.
pub(crate) const SHORTLIST: usize = 600;
/// Rows whose postings one fuzzy lookup reads at most (beyond the rarest [`MIN_TRIGRAMS`] trigrams of the
/// query, which are always read).
pub(crate) const POSTINGS_BUDGET: u64 = 60_000;
/// Trigrams of the query whose postings are read whatever their frequency.
const MIN_TRIGRAMS: usize = 4;
/// Stretches of the query each of which gives its rarest trigram to the lookup.
const WINDOWS: usize = 32;

/// Three characters packed 21 bits each, so trigrams sort as their characters do and hash as one word.
pub(crate) type Trigram = u64;

pub(crate) fn pack(a: char, b: char, c: char) -> Trigram {
    (u64::from(a) << 42) | (u64::from(b) << 21) | u64::from(c)
}

/// The three characters of a trigram.
pub(crate) fn unpack(trigram: Trigram) -> [char; 3] {
    [trigram >> 42, (trigram >> 21) & 0x1F_FFFF, trigram & 0x1F_FFFF]
        .map(|code| char::from_u32(code as u32).unwrap_or(char::REPLACEMENT_CHARACTER))
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

/// Where a store reads what [`FuzzyIndex::candidates`] asks for.
pub(crate) trait CandidateSource {
    type Error;
    /// Calls `each` with the id of every row whose search key holds `trigram` (rows of other pairs may come too).
    fn postings(&mut self, trigram: Trigram, each: impl FnMut(i64)) -> Result<(), Self::Error>;
    /// Calls `each` with the id and search key of each of `ids` still in the store, in any order.
    fn search_keys(&mut self, ids: &[i64], each: impl FnMut(i64, &str)) -> Result<(), Self::Error>;
}

/// What candidate generation needs to know about one pair's memory without asking the store: how many rows
/// hold each trigram of the search keys, and each row's masked-key length. About 4 bytes a row and a few
/// bytes per distinct trigram: a 1,000,000-entry memory takes a few megabytes.
#[derive(Default)]
pub(crate) struct FuzzyIndex {
    frequency: FastMap<Trigram, u32>,
    /// Masked-key length in characters by row id (saturating at `u16::MAX`); 0 for a row not in the index.
    lengths: Vec<u16>,
    /// A lookup's count of query trigrams per row id, back to zero after it: tens of thousands of postings
    /// are counted per lookup, and a table indexed by id counts them without hashing.
    shared: Vec<u16>,
}

impl FuzzyIndex {
    /// Counts row `id` with a masked key of `chars` characters and this search key.
    pub(crate) fn add(&mut self, id: i64, chars: usize, search: &str) {
        self.add_with(id, chars, search, |_| ());
    }

    /// [`FuzzyIndex::add`], calling `each` with every distinct trigram of the row's search key.
    pub(crate) fn add_with(&mut self, id: i64, chars: usize, search: &str, mut each: impl FnMut(Trigram)) {
        let Ok(slot) = usize::try_from(id) else { return };
        if slot >= self.lengths.len() {
            self.lengths.resize(slot + 1, 0);
        }
        self.lengths[slot] = u16::try_from(chars).unwrap_or(u16::MAX).max(1);
        for (trigram, _) in trigrams(search) {
            *self.frequency.entry(trigram).or_insert(0) += 1;
            each(trigram);
        }
    }

    /// Whether row `id` is in the index.
    pub(crate) fn knows(&self, id: i64) -> bool {
        usize::try_from(id).ok().and_then(|slot| self.lengths.get(slot)).is_some_and(|&len| len > 0)
    }

    /// Heap bytes held (capacity), for reports.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.frequency.capacity() * (std::mem::size_of::<(Trigram, u32)>() + 1)
            + self.lengths.capacity() * 2
            + self.shared.capacity() * 2
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
    fn count_shared<S: CandidateSource>(
        &mut self,
        source: &mut S,
        query: &[(Trigram, u32, u32)],
        window: (i64, i64),
        found: &mut Vec<usize>,
    ) -> Result<(), S::Error> {
        let mut read = 0u64;
        for (n, &(trigram, count, frequency)) in query.iter().enumerate() {
            read += u64::from(frequency);
            if n >= MIN_TRIGRAMS && read > POSTINGS_BUDGET {
                break;
            }
            // A trigram the query holds twice counts twice: it weighs as much in the alignment.
            let weight = u16::try_from(count).unwrap_or(u16::MAX);
            source.postings(trigram, |id| {
                let Ok(slot) = usize::try_from(id) else { return };
                if self.length_fits(id, window) {
                    if slot >= self.shared.len() {
                        self.shared.resize(slot + 1, 0);
                    }
                    if self.shared[slot] == 0 {
                        found.push(slot);
                    }
                    self.shared[slot] = self.shared[slot].saturating_add(weight);
                }
            })?;
        }
        Ok(())
    }

    /// Ids of the rows to score for a query with this search key and masked-key length, most promising first,
    /// at most [`MAX_CANDIDATES`]: rows holding the query's rarest trigrams, by how many of them they hold, the
    /// [`SHORTLIST`] first of them then by all their trigrams.
    pub(crate) fn candidates<S: CandidateSource>(
        &mut self,
        source: &mut S,
        search: &str,
        chars: usize,
        window: (i64, i64),
    ) -> Result<Vec<i64>, S::Error> {
        let query = self.trigrams_to_read(search);
        // Row ids holding at least one of the trigrams read, in the order first seen.
        let mut found: Vec<usize> = Vec::new();
        let counted = self.count_shared(source, &query, window, &mut found);
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
        let ids: Vec<i64> = ranked.iter().map(|&(_, _, slot)| slot as i64).collect();
        let rank_of: FastMap<i64, usize> = ids.iter().enumerate().map(|(rank, &id)| (id, rank)).collect();
        let mut closest: Vec<(usize, usize)> = Vec::with_capacity(ranked.len());
        source.search_keys(&ids, |id, key| {
            let Some(&rank) = rank_of.get(&id) else { return };
            sorted_trigrams(key, &mut chars, &mut row);
            let missing = query.len().max(row.len()) - shared_trigrams(&query, &row) as usize;
            closest.push((missing, rank));
        })?;
        closest.sort_unstable();
        closest.dedup_by_key(|&mut (_, rank)| rank);
        closest.truncate(MAX_CANDIDATES);
        Ok(closest.into_iter().map(|(_, rank)| ids[rank]).collect())
    }
}

/// Row ids by trigram, in memory: for a store whose own index cannot read one trigram's rows cheaply. Each
/// trigram's ids are varints of the gap from the id before (most gaps take one or two bytes); an id smaller
/// than the one before (a row committed out of order) is written as a 0 and then the id itself.
#[derive(Default)]
pub(crate) struct Postings {
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
    pub(crate) fn push(&mut self, trigram: Trigram, id: i64) {
        if let Ok(id) = u64::try_from(id) {
            self.lists.entry(trigram).or_default().push(id);
        }
    }

    /// Calls `each` with every row id holding `trigram`.
    pub(crate) fn each(&self, trigram: Trigram, mut each: impl FnMut(i64)) {
        if let Some(list) = self.lists.get(&trigram) {
            list.each(|id| each(id as i64));
        }
    }

    /// Rewrites every list that received ids out of order in id order, and gives back spare capacity: after a
    /// scan that did not read the rows in id order.
    pub(crate) fn settle(&mut self) {
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
    pub(crate) fn heap_bytes(&self) -> usize {
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
        assert_eq!(unpack(pack('a', '"', 'ư')), ['a', '"', 'ư']);
        assert_eq!(found.iter().map(|(_, n)| n).sum::<u32>(), 3);
        assert!(trigrams("ab").is_empty());
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
