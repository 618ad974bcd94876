//! Fuzzy similarity of two source texts, the way a Vietnamese translator would judge it.
//!
//! Both texts are reduced to their matching key ([`crate::text::key::match_key`]: tone-mark style, case,
//! NFC/NFD, whitespace runs and spacing around punctuation do not count; each syllable's tone is a combining
//! mark after its letters) with every number and placeholder first replaced by one mask character.
//! An edit distance over those masked keys then charges
//! - a different letter, an inserted or a deleted character: 1;
//! - a letter that differs only in its letter mark (â, ă, ê, ô, ơ, ư, đ against a, e, o, u, d): [`MARK_COST`];
//! - a syllable whose tone differs, is missing or is added: [`TONE_COST`];
//! - a number or placeholder against another one: nothing in the distance, but a fixed [`NUMBER_CHARGE`]
//!   ([`PLACEHOLDER_CHARGE`]) off the score when their values differ, reported as such.
//!
//! So "7 dự án" against "8 dự án" scores 0.98 with "number differs: 7 ≠ 8", not 6/7 for a changed letter, and
//! a sentence typed without diacritics stays a high match instead of a poor one.
//! The score is `1 − distance / longer masked key − charges`, clamped to 0..=1 and rounded to 4 decimals so
//! that ordering is stable; only equal keys score 1.0.

use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use unicode_normalization::char::{compose, decompose_canonical, is_combining_mark};

use crate::store::TmEntry;
use crate::text::key::{is_tone_mark, match_key};

/// Stands for one number in a masked key (a private-use character: never in real text).
pub const NUMBER_MASK: char = '\u{E000}';
/// Stands for one placeholder or inline tag in a masked key.
pub const PLACEHOLDER_MASK: char = '\u{E001}';

/// Cost of a tone that differs (hỏi vs ngã), is missing or is added.
pub const TONE_COST: f64 = 0.3;
/// Cost of a letter that differs in its letter mark (a/â/ă, o/ô/ơ, u/ư, d/đ), with or without its tone.
pub const MARK_COST: f64 = 0.5;
/// The costs above in tenths: every cost is a multiple of 0.1, so the alignment adds integers (exact sums, no
/// float comparison per cell).
const TONE_TENTHS: u32 = 3;
const MARK_TENTHS: u32 = 5;
const LETTER_TENTHS: u32 = 10;
const _: () = assert!(TONE_COST * 10.0 == TONE_TENTHS as f64 && MARK_COST * 10.0 == MARK_TENTHS as f64);
/// A cell no alignment within the allowed distance reaches (and the cost of aligning what may not be aligned).
/// Small enough that adding a cost to it cannot overflow.
const UNREACHED: u32 = u32::MAX / 4;
/// Taken off the score for each aligned number whose value differs.
pub const NUMBER_CHARGE: f64 = 0.02;
/// Taken off the score for each aligned placeholder that differs.
pub const PLACEHOLDER_CHARGE: f64 = 0.01;

/// Why a fuzzy score is below 1.0. "Source" is the text being translated, "memory" the memory entry's source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Penalty {
    /// A number in the same place has another value.
    NumberDiffers { source: String, memory: String },
    /// A number of the source text has no counterpart in the memory entry.
    NumberMissing { number: String },
    /// The memory entry has a number the source text lacks.
    NumberExtra { number: String },
    /// A placeholder or inline tag in the same place differs.
    PlaceholderDiffers { source: String, memory: String },
    /// A placeholder of the source text has no counterpart in the memory entry.
    PlaceholderMissing { placeholder: String },
    /// The memory entry has a placeholder the source text lacks.
    PlaceholderExtra { placeholder: String },
    /// Diacritics that differ: tones changed, missing or added, and letter marks (ư/u, đ/d…).
    DiacriticsDiffer { count: usize },
    /// Letters inserted, deleted or replaced by another letter.
    Edits { count: usize },
}

impl std::fmt::Display for Penalty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            Penalty::NumberDiffers { source, memory } => {
                crate::t!("store-penalty-number-differs", source = source.clone(), memory = memory.clone())
            }
            Penalty::NumberMissing { number } => crate::t!("store-penalty-number-missing", number = number.clone()),
            Penalty::NumberExtra { number } => crate::t!("store-penalty-number-extra", number = number.clone()),
            Penalty::PlaceholderDiffers { source, memory } => {
                crate::t!("store-penalty-placeholder-differs", source = source.clone(), memory = memory.clone())
            }
            Penalty::PlaceholderMissing { placeholder } => {
                crate::t!("store-penalty-placeholder-missing", placeholder = placeholder.clone())
            }
            Penalty::PlaceholderExtra { placeholder } => {
                crate::t!("store-penalty-placeholder-extra", placeholder = placeholder.clone())
            }
            Penalty::DiacriticsDiffer { count } => crate::t!("store-penalty-diacritics", count = *count),
            Penalty::Edits { count } => crate::t!("store-penalty-edits", count = *count),
        };
        f.write_str(&text)
    }
}

/// A memory entry similar to the text being translated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FuzzyMatch {
    pub entry: TmEntry,
    /// 0..=1; 1.0 only when the matching keys are equal.
    pub score: f64,
    pub penalties: Vec<Penalty>,
}

/// A matching key with numbers and placeholders masked, and the masked values in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaskedKey {
    pub key: String,
    pub numbers: Vec<String>,
    pub placeholders: Vec<String>,
}

impl MaskedKey {
    /// Length in characters: what fuzzy scores are relative to.
    pub fn chars(&self) -> usize {
        self.key.chars().count()
    }
}

/// Numbers and placeholders, inline tags first. The tags' `\b` after a tag name makes the regex engine fall
/// back from its fast automaton on non-ASCII text, so texts without `<` use [`maskable_without_tags`], which
/// finds the same things there.
fn maskable() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r#"(?i)<x\s+id="[^"]*"\s*/>|</?(?:g|ph|bx|ex|pc|sc|ec|bpt|ept|it|mrk)\b[^>]*>"#,
            r#"|\{\{[^{}\s]+\}\}|\{[\p{L}\d_.]+\}|__\p{L}*\d+__|\[\[[^\[\]]+\]\]|⟦[^⟧]*⟧|%(?:\d+\$)?[sd]"#,
            r#"|\d+(?:[.,:/]\d+)*"#,
        ))
        .expect("static regex")
    })
}

/// [`maskable`] without the inline tags, which all start with `<`.
fn maskable_without_tags() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r#"(?i)\{\{[^{}\s]+\}\}|\{[\p{L}\d_.]+\}|__\p{L}*\d+__|\[\[[^\[\]]+\]\]|⟦[^⟧]*⟧|%(?:\d+\$)?[sd]"#,
            r#"|\d+(?:[.,:/]\d+)*"#,
        ))
        .expect("static regex")
    })
}

fn mask(text: &str) -> MaskedKey {
    let mut key = String::with_capacity(text.len());
    let mut numbers = Vec::new();
    let mut placeholders = Vec::new();
    // Every maskable thing starts with a digit or one of these characters: most sentences have neither, and
    // this runs for every fuzzy candidate.
    if !text.chars().any(|c| c.is_numeric() || matches!(c, '<' | '{' | '_' | '[' | '⟦' | '%')) {
        key.push_str(text);
        return MaskedKey { key, numbers, placeholders };
    }
    let mut last = 0;
    let regex = if text.contains('<') { maskable() } else { maskable_without_tags() };
    for whole in regex.find_iter(text) {
        key.push_str(&text[last..whole.start()]);
        // Only the number alternative starts with a digit.
        if whole.as_str().starts_with(|c: char| c.is_numeric()) {
            key.push(NUMBER_MASK);
            numbers.push(whole.as_str().to_string());
        } else {
            key.push(PLACEHOLDER_MASK);
            placeholders.push(whole.as_str().to_string());
        }
        last = whole.end();
    }
    key.push_str(&text[last..]);
    MaskedKey { key, numbers, placeholders }
}

/// The masked matching key of `text`.
pub fn masked_key(text: &str) -> MaskedKey {
    let normalized = crate::text::normalize(text);
    let masked = mask(&normalized);
    let keyed = match_key(&masked.key);
    let masks = |s: &str| s.chars().filter(|c| *c == NUMBER_MASK || *c == PLACEHOLDER_MASK).count();
    if masks(&keyed) == masked.numbers.len() + masked.placeholders.len() {
        MaskedKey { key: keyed, ..masked }
    } else {
        // The key dropped or merged a mask character: mask the key itself instead (values then come from it).
        mask(&match_key(&normalized))
    }
}

/// The masked key with every diacritic removed (tones dropped, letters bare, đ → d): what the trigram index
/// holds, so a candidate differing only in diacritics shares all its trigrams with the query.
pub fn search_key(masked: &MaskedKey) -> String {
    masked.key.chars().map(Unit::new).filter(|unit| !unit.is_tone()).map(|unit| unit.bare).collect()
}

/// A character of a masked key with its diacritic-free forms, computed once per comparison.
#[derive(Clone, Copy)]
struct Unit {
    ch: char,
    /// Without its tone mark (ự → ư), for a key that kept a tone on its letter.
    toneless: char,
    /// Without any mark (ự → u, đ → d).
    bare: char,
    /// Kept as fields: the distance loop asks for them at every cell.
    tone: bool,
    mask: bool,
}

impl Unit {
    fn new(ch: char) -> Unit {
        let tone = is_tone_mark(ch);
        let mask = ch == NUMBER_MASK || ch == PLACEHOLDER_MASK;
        if ch.is_ascii() || tone || mask {
            return Unit { ch, toneless: ch, bare: ch, tone, mask };
        }
        if ch == 'đ' || ch == 'Đ' {
            return Unit { ch, toneless: ch, bare: 'd', tone, mask };
        }
        // Canonical decomposition without allocating: this runs for every character of every candidate.
        // Marks are handled by set membership, never by position: in NFD the dot below comes before the
        // circumflex (ệ = e + U+0323 + U+0302).
        let mut base = None;
        let mut toneless = None;
        let mut extra = false;
        decompose_canonical(ch, |c| {
            if base.is_none() {
                base = Some(c);
                toneless = Some(c);
            } else if !is_tone_mark(c) {
                match toneless.and_then(|t| compose(t, c)) {
                    Some(composed) => toneless = Some(composed),
                    None => extra = true,
                }
            }
        });
        let base = base.unwrap_or(ch);
        Unit {
            ch,
            toneless: if extra { ch } else { toneless.unwrap_or(ch) },
            bare: if is_combining_mark(base) { ch } else { base },
            tone,
            mask,
        }
    }

    fn is_mask(self) -> bool {
        self.mask
    }

    /// A syllable's tone, which the key writes as a combining mark after the syllable's letters.
    fn is_tone(self) -> bool {
        self.tone
    }

    /// Cost of inserting or deleting this character, in tenths.
    fn indel(self) -> u32 {
        if self.is_tone() {
            TONE_TENTHS
        } else {
            LETTER_TENTHS
        }
    }
}

/// Cost in tenths of aligning `a` with `b`, or [`UNREACHED`] when they may not be aligned (a mask with anything
/// but itself, a tone with a letter).
fn substitution(a: Unit, b: Unit) -> u32 {
    if a.ch == b.ch {
        0
    } else if a.is_mask() || b.is_mask() || a.is_tone() != b.is_tone() {
        UNREACHED
    } else if a.is_tone() || a.toneless == b.toneless {
        TONE_TENTHS
    } else if a.bare == b.bare {
        MARK_TENTHS
    } else {
        LETTER_TENTHS
    }
}

/// A masked key ready to be compared many times: its characters with their diacritic-free forms, and its
/// letters (tones left out) sorted for the cheap lower bound of [`Prepared::compare`].
pub struct Prepared {
    masked: MaskedKey,
    units: Vec<Unit>,
    bag: Vec<char>,
}

impl Prepared {
    pub fn new(masked: MaskedKey) -> Prepared {
        let units: Vec<Unit> = masked.key.chars().map(Unit::new).collect();
        let mut bag: Vec<char> = units.iter().filter(|u| !u.tone).map(|u| u.bare).collect();
        bag.sort_unstable();
        Prepared { masked, units, bag }
    }

    pub fn masked(&self) -> &MaskedKey {
        &self.masked
    }

    /// Score and penalties of `memory` against this text, or `None` when the score is below `threshold`.
    ///
    /// Letters whose bare forms are in one text and not the other each need an edit of cost 1 (tone and letter
    /// mark changes keep the bare letters), so that count bounds the distance from below and most hopeless
    /// candidates are dropped before the quadratic alignment.
    pub fn compare(&self, memory: &Prepared, threshold: f64) -> Option<(f64, Vec<Penalty>)> {
        let longer = self.units.len().max(memory.units.len()).max(1) as f64;
        let lower_bound = bag_distance(&self.bag, &memory.bag) as f64;
        if 1.0 - lower_bound / longer < threshold {
            return None;
        }
        let (score, penalties) = align(self, memory, Some(threshold))?;
        (score >= threshold).then_some((score, penalties))
    }
}

/// max(letters only in `a`, letters only in `b`), both sorted.
fn bag_distance(a: &[char], b: &[char]) -> usize {
    let (mut i, mut j, mut only_a, mut only_b) = (0, 0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => {
                only_a += 1;
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                only_b += 1;
                j += 1;
            }
        }
    }
    (only_a + a.len() - i).max(only_b + b.len() - j)
}

/// Similarity of a text with a memory entry's source, both already masked: score and penalties.
pub fn compare(source: &MaskedKey, memory: &MaskedKey) -> (f64, Vec<Penalty>) {
    align(&Prepared::new(source.clone()), &Prepared::new(memory.clone()), None).expect("no floor: always aligned")
}

/// Score and penalties of the cheapest alignment of `source` with `memory`; with a `floor`, `None` as soon as
/// no alignment can score that much.
///
/// With a floor, only cells that an alignment within the allowed distance can pass through are computed (a
/// band around the diagonal: each step off it costs at least a tone), and the walk stops at a row where every
/// cell is already too far. Cells outside stay [`UNREACHED`], which no cheapest path within the distance goes
/// through, so what is computed — distance, path and penalties — is what the whole table gives.
fn align(source: &Prepared, memory: &Prepared, floor: Option<f64>) -> Option<(f64, Vec<Penalty>)> {
    let (a, b) = (&source.units, &memory.units);
    let (source, memory) = (&source.masked, &memory.masked);
    if source.key == memory.key && source.numbers == memory.numbers && source.placeholders == memory.placeholders {
        return Some((1.0, Vec::new()));
    }
    let (n, m) = (a.len(), b.len());
    let longer = n.max(m).max(1);
    // Charges only lower a score, and the score is rounded to 4 decimals: a distance above this cannot reach
    // the floor (the 0.0001 covers the rounding).
    let allowed: u32 = match floor {
        Some(floor) => {
            let tenths = ((1.0 - floor + 0.0001) * longer as f64 * 10.0).ceil();
            if tenths < 0.0 {
                return None;
            }
            tenths.min(f64::from(UNREACHED - 1)) as u32
        }
        None => UNREACHED - 1,
    };
    // Offsets i − j a path within `allowed` may take: leaving the diagonal by k and coming back to the corner's
    // offset n − m takes at least that many tone-priced steps.
    let steps = i64::from(allowed / TONE_TENTHS);
    let corner = n as i64 - m as i64;
    if corner.abs() > steps {
        return None;
    }
    let (low, high) = ((corner.min(0)) - (steps - corner.abs()) / 2, corner.max(0) + (steps - corner.abs()) / 2);
    let width = m + 1;
    let mut dist = vec![UNREACHED; (n + 1) * width];
    dist[0] = 0;
    for j in 1..=m.min((-low).max(0) as usize) {
        dist[j] = dist[j - 1] + b[j - 1].indel();
    }
    for i in 1..=n {
        // Columns j with low ≤ i − j ≤ high.
        let first = (i as i64 - high).max(0) as usize;
        let last = ((i as i64 - low) as usize).min(m);
        if first > last {
            return None;
        }
        let (above, here) = dist[(i - 1) * width..(i + 1) * width].split_at_mut(width);
        let deletion = a[i - 1].indel();
        let mut row_best = UNREACHED;
        if first == 0 {
            here[0] = above[0] + deletion;
            row_best = here[0] + TONE_TENTHS * (corner - i as i64).unsigned_abs() as u32;
        }
        let x = a[i - 1];
        for j in first.max(1)..=last {
            let y = b[j - 1];
            let best = (above[j] + deletion).min(here[j - 1] + y.indel()).min(above[j - 1] + substitution(x, y));
            here[j] = best;
            // What the rest of the way costs at least: back to the corner's offset.
            let rest = TONE_TENTHS * (corner - (i as i64 - j as i64)).unsigned_abs() as u32;
            row_best = row_best.min(best + rest);
        }
        if row_best > allowed {
            return None;
        }
    }
    if dist[n * width + m] > allowed {
        return None;
    }

    // Walk one cheapest alignment back to count what differs.
    let mut penalties = Vec::new();
    let (mut edits, mut diacritics, mut charges) = (0usize, 0usize, 0.0f64);
    // Ordinals of the masks still to the left of the cursor, counted from the end.
    let mut source_masks = (source.numbers.len(), source.placeholders.len());
    let mut memory_masks = (memory.numbers.len(), memory.placeholders.len());
    let (mut i, mut j) = (n, m);
    let mut found = Vec::new();
    while i > 0 || j > 0 {
        let here = dist[i * width + j];
        let diagonal = (i > 0 && j > 0)
            .then(|| substitution(a[i - 1], b[j - 1]))
            .filter(|&cost| cost != UNREACHED && dist[(i - 1) * width + j - 1] + cost == here);
        if let Some(cost) = diagonal {
            let (x, y) = (a[i - 1], b[j - 1]);
            if x.ch == NUMBER_MASK {
                source_masks.0 -= 1;
                memory_masks.0 -= 1;
                let (s, t) = (&source.numbers[source_masks.0], &memory.numbers[memory_masks.0]);
                if s != t {
                    charges += NUMBER_CHARGE;
                    found.push(Penalty::NumberDiffers { source: s.clone(), memory: t.clone() });
                }
            } else if x.ch == PLACEHOLDER_MASK {
                source_masks.1 -= 1;
                memory_masks.1 -= 1;
                let (s, t) = (&source.placeholders[source_masks.1], &memory.placeholders[memory_masks.1]);
                if s != t {
                    charges += PLACEHOLDER_CHARGE;
                    found.push(Penalty::PlaceholderDiffers { source: s.clone(), memory: t.clone() });
                }
            } else if cost == LETTER_TENTHS {
                edits += 1;
            } else if x.ch != y.ch {
                diacritics += 1;
            }
            i -= 1;
            j -= 1;
        } else if i > 0 && dist[(i - 1) * width + j] + a[i - 1].indel() == here {
            match a[i - 1].ch {
                _ if a[i - 1].is_tone() => diacritics += 1,
                NUMBER_MASK => {
                    source_masks.0 -= 1;
                    found.push(Penalty::NumberMissing { number: source.numbers[source_masks.0].clone() });
                }
                PLACEHOLDER_MASK => {
                    source_masks.1 -= 1;
                    found
                        .push(Penalty::PlaceholderMissing { placeholder: source.placeholders[source_masks.1].clone() });
                }
                _ => edits += 1,
            }
            i -= 1;
        } else {
            match b[j - 1].ch {
                _ if b[j - 1].is_tone() => diacritics += 1,
                NUMBER_MASK => {
                    memory_masks.0 -= 1;
                    found.push(Penalty::NumberExtra { number: memory.numbers[memory_masks.0].clone() });
                }
                PLACEHOLDER_MASK => {
                    memory_masks.1 -= 1;
                    found.push(Penalty::PlaceholderExtra { placeholder: memory.placeholders[memory_masks.1].clone() });
                }
                _ => edits += 1,
            }
            j -= 1;
        }
    }
    // The walk went right to left; report in reading order.
    found.reverse();
    penalties.extend(found);
    if diacritics > 0 {
        penalties.push(Penalty::DiacriticsDiffer { count: diacritics });
    }
    if edits > 0 {
        penalties.push(Penalty::Edits { count: edits });
    }
    let distance = f64::from(dist[n * width + m]) / 10.0;
    let mut score = (1.0 - distance / longer as f64 - charges).clamp(0.0, 1.0);
    // Equal masked keys with equal values only come from equal texts; anything else stays below an exact match.
    if score >= 1.0 {
        score = 0.9999;
    }
    Some(((score * 10_000.0).round() / 10_000.0, penalties))
}

/// Key lengths (in characters) that can still reach `threshold` against a key of `len` characters. The
/// cheapest length difference is made of tones, so the score is at most
/// 1 − TONE_COST · |len − other| / max(len, other). Both stores read candidates in this window only.
pub fn reachable_lengths(len: usize, threshold: f64) -> (i64, i64) {
    let slack = (1.0 - threshold.min(1.0)) / TONE_COST;
    if slack >= 1.0 {
        return (0, i64::MAX);
    }
    let len = len as f64;
    ((len * (1.0 - slack)).floor() as i64, (len / (1.0 - slack)).ceil() as i64)
}

/// The `limit` best of a store's candidates for `query`, best first (then the newest, then by source), each
/// entry once. Each candidate comes with the most it can score (1.0 when not known); once `limit` scores are
/// known, a candidate whose bound is below the weakest of them is skipped, and another is compared only as far as
/// it could still beat it.
pub fn best_matches<E>(
    query: &Prepared,
    candidates: impl IntoIterator<Item = Result<(TmEntry, f64), E>>,
    threshold: f64,
    limit: usize,
) -> Result<Vec<FuzzyMatch>, E> {
    let mut matches: Vec<FuzzyMatch> = Vec::new();
    let mut best_scores: Vec<f64> = Vec::new();
    for candidate in candidates {
        let (entry, bound) = candidate?;
        let floor =
            if limit > 0 && best_scores.len() >= limit { best_scores[limit - 1].max(threshold) } else { threshold };
        if bound < floor {
            continue;
        }
        let memory = Prepared::new(masked_key(&entry.source));
        if let Some((score, penalties)) = query.compare(&memory, floor) {
            let at = best_scores.partition_point(|s| *s >= score);
            best_scores.insert(at, score);
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

/// Similarity of two texts (see the module documentation).
pub fn similarity(source_text: &str, memory_source: &str) -> (f64, Vec<Penalty>) {
    compare(&masked_key(source_text), &masked_key(memory_source))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reachable_lengths_bound_reachable_scores() {
        // 0.97: at most 10 % of the longer key may be tones the other lacks.
        let (shortest, longest) = reachable_lengths(10, 0.97);
        assert!((8..=9).contains(&shortest) && longest == 12, "{shortest} {longest}");
        assert_eq!(reachable_lengths(10, 0.5), (0, i64::MAX));
        assert_eq!(reachable_lengths(10, 0.0), (0, i64::MAX));
    }

    #[test]
    fn numbers_and_placeholders_are_masked_with_their_values_kept() {
        let masked = masked_key("Năm 2022, tỉnh có 1.250.000 dân và <x id=\"1\"/> {0}");
        assert_eq!(masked.numbers, vec!["2022", "1.250.000"]);
        assert_eq!(masked.placeholders, vec!["<x id=\"1\"/>", "{0}"]);
        // The masks survive the matching key as characters of their own.
        let expected = match_key(&format!(
            "Năm {NUMBER_MASK}, tỉnh có {NUMBER_MASK} dân và {PLACEHOLDER_MASK} {PLACEHOLDER_MASK}"
        ));
        assert_eq!(masked.key, expected);
        assert_eq!(masked.key.chars().filter(|c| [NUMBER_MASK, PLACEHOLDER_MASK].contains(c)).count(), 4);
        assert_eq!(
            search_key(&masked),
            format!("nam {NUMBER_MASK} , tinh co {NUMBER_MASK} dan va {PLACEHOLDER_MASK} {PLACEHOLDER_MASK}")
        );
    }

    #[test]
    fn a_number_difference_is_a_charge_not_a_letter() {
        let (score, penalties) = similarity("7 dự án", "8 dự án");
        assert_eq!(score, 0.98);
        assert_eq!(penalties, vec![Penalty::NumberDiffers { source: "7".into(), memory: "8".into() }]);
    }

    #[test]
    fn diacritics_cost_less_than_letters_and_tones_less_than_marks() {
        let (tone, tone_penalties) = similarity("dự án mới", "dự án mởi");
        let (mark, _) = similarity("dự án mới", "dự án mói");
        let (letter, letter_penalties) = similarity("dự án mới", "dự án mái");
        assert!(tone > mark && mark > letter, "{tone} {mark} {letter}");
        assert_eq!(tone_penalties, vec![Penalty::DiacriticsDiffer { count: 1 }]);
        assert_eq!(letter_penalties, vec![Penalty::Edits { count: 1 }]);
        // ệ: dot below and circumflex; only the tone differs from ề.
        assert_eq!(Unit::new('ệ').toneless, 'ê');
        assert_eq!(Unit::new('ệ').bare, 'e');
        assert_eq!(Unit::new('đ').bare, 'd');
    }

    #[test]
    fn text_without_diacritics_still_scores_high() {
        let (score, penalties) = similarity("Ủy ban nhân dân tỉnh", "uy ban nhan dan tinh");
        // 4 letters lose marks out of 20 characters; every one is a diacritic difference, none an edit.
        assert!(score > 0.85, "{score}");
        assert_eq!(penalties, vec![Penalty::DiacriticsDiffer { count: 4 }]);
    }

    #[test]
    fn missing_and_extra_numbers_are_reported() {
        let (_, penalties) = similarity("Có 3 dự án", "Có dự án");
        assert_eq!(penalties, vec![Penalty::NumberMissing { number: "3".into() }, Penalty::Edits { count: 1 }]);
        let (_, penalties) = similarity("Có dự án", "Có 3 dự án");
        assert_eq!(penalties, vec![Penalty::NumberExtra { number: "3".into() }, Penalty::Edits { count: 1 }]);
    }

    #[test]
    fn the_letter_bag_bounds_the_distance_from_below() {
        let bag = |s: &str| Prepared::new(masked_key(s)).bag;
        assert_eq!(bag_distance(&bag("dự án"), &bag("du an")), 0);
        assert_eq!(bag_distance(&bag("dự án mới"), &bag("dự án")), 4);
        let prepared = Prepared::new(masked_key("Năm 2022, tỉnh có 8 dự án đầu tư nước ngoài."));
        let unrelated = Prepared::new(masked_key("Thời tiết hôm nay đẹp."));
        assert_eq!(prepared.compare(&unrelated, 0.5), None);
        let close = Prepared::new(masked_key("Năm 2022, tỉnh có 9 dự án đầu tư nước ngoài."));
        assert_eq!(prepared.compare(&close, 0.5).map(|(score, _)| score), Some(0.98));
    }

    /// The alignment as it was before the band and the integer costs: the whole table in floating point.
    /// Returns the score and penalties (the same walk back, so the same path where costs tie).
    fn whole_table(source: &Prepared, memory: &Prepared) -> (f64, Vec<Penalty>) {
        let (a, b) = (&source.units, &memory.units);
        let (source, memory) = (&source.masked, &memory.masked);
        if source.key == memory.key && source.numbers == memory.numbers && source.placeholders == memory.placeholders {
            return (1.0, Vec::new());
        }
        let cost = |x: Unit, y: Unit| (substitution(x, y) != UNREACHED).then(|| f64::from(substitution(x, y)) / 10.0);
        let indel = |x: Unit| f64::from(x.indel()) / 10.0;
        let (n, m) = (a.len(), b.len());
        let width = m + 1;
        let mut dist = vec![0.0f64; (n + 1) * width];
        for i in 1..=n {
            dist[i * width] = dist[(i - 1) * width] + indel(a[i - 1]);
        }
        for j in 1..=m {
            dist[j] = dist[j - 1] + indel(b[j - 1]);
        }
        for i in 1..=n {
            for j in 1..=m {
                let mut best =
                    (dist[(i - 1) * width + j] + indel(a[i - 1])).min(dist[i * width + j - 1] + indel(b[j - 1]));
                if let Some(c) = cost(a[i - 1], b[j - 1]) {
                    best = best.min(dist[(i - 1) * width + j - 1] + c);
                }
                dist[i * width + j] = best;
            }
        }
        let close = |x: f64, y: f64| (x - y).abs() < 1e-9;
        let (mut edits, mut diacritics, mut charges) = (0usize, 0usize, 0.0f64);
        let mut source_masks = (source.numbers.len(), source.placeholders.len());
        let mut memory_masks = (memory.numbers.len(), memory.placeholders.len());
        let (mut i, mut j) = (n, m);
        let mut found = Vec::new();
        while i > 0 || j > 0 {
            let here = dist[i * width + j];
            let diagonal = (i > 0 && j > 0)
                .then(|| cost(a[i - 1], b[j - 1]))
                .flatten()
                .filter(|c| close(dist[(i - 1) * width + j - 1] + c, here));
            if let Some(c) = diagonal {
                let (x, y) = (a[i - 1], b[j - 1]);
                if x.ch == NUMBER_MASK {
                    source_masks.0 -= 1;
                    memory_masks.0 -= 1;
                    let (s, t) = (&source.numbers[source_masks.0], &memory.numbers[memory_masks.0]);
                    if s != t {
                        charges += NUMBER_CHARGE;
                        found.push(Penalty::NumberDiffers { source: s.clone(), memory: t.clone() });
                    }
                } else if x.ch == PLACEHOLDER_MASK {
                    source_masks.1 -= 1;
                    memory_masks.1 -= 1;
                    let (s, t) = (&source.placeholders[source_masks.1], &memory.placeholders[memory_masks.1]);
                    if s != t {
                        charges += PLACEHOLDER_CHARGE;
                        found.push(Penalty::PlaceholderDiffers { source: s.clone(), memory: t.clone() });
                    }
                } else if c == 1.0 {
                    edits += 1;
                } else if x.ch != y.ch {
                    diacritics += 1;
                }
                i -= 1;
                j -= 1;
            } else if i > 0 && close(dist[(i - 1) * width + j] + indel(a[i - 1]), here) {
                match a[i - 1].ch {
                    _ if a[i - 1].is_tone() => diacritics += 1,
                    NUMBER_MASK => {
                        source_masks.0 -= 1;
                        found.push(Penalty::NumberMissing { number: source.numbers[source_masks.0].clone() });
                    }
                    PLACEHOLDER_MASK => {
                        source_masks.1 -= 1;
                        found.push(Penalty::PlaceholderMissing {
                            placeholder: source.placeholders[source_masks.1].clone(),
                        });
                    }
                    _ => edits += 1,
                }
                i -= 1;
            } else {
                match b[j - 1].ch {
                    _ if b[j - 1].is_tone() => diacritics += 1,
                    NUMBER_MASK => {
                        memory_masks.0 -= 1;
                        found.push(Penalty::NumberExtra { number: memory.numbers[memory_masks.0].clone() });
                    }
                    PLACEHOLDER_MASK => {
                        memory_masks.1 -= 1;
                        found.push(Penalty::PlaceholderExtra {
                            placeholder: memory.placeholders[memory_masks.1].clone(),
                        });
                    }
                    _ => edits += 1,
                }
                j -= 1;
            }
        }
        found.reverse();
        let mut penalties = found;
        if diacritics > 0 {
            penalties.push(Penalty::DiacriticsDiffer { count: diacritics });
        }
        if edits > 0 {
            penalties.push(Penalty::Edits { count: edits });
        }
        let mut score = (1.0 - dist[n * width + m] / n.max(m).max(1) as f64 - charges).clamp(0.0, 1.0);
        if score >= 1.0 {
            score = 0.9999;
        }
        ((score * 10_000.0).round() / 10_000.0, penalties)
    }

    /// Sentences of the evaluation set's real articles, each varied the ways a memory's neighbours differ.
    fn varied_pairs() -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval/articles");
        let mut sentences: Vec<String> = Vec::new();
        let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files.iter().take(12) {
            let text = std::fs::read_to_string(file).unwrap();
            sentences.extend(
                text.split(['.', '\n']).map(str::trim).filter(|s| s.chars().count() > 20).map(str::to_string).take(15),
            );
        }
        let mut rng = crate::test_texts::TestRng::new(7);
        let fillers = ["tỉnh", "12", "Hà Nội", "năm 2025", "{0}", "phát triển", "uy ban", "<x id=\"2\"/>", "đã"];
        let mut pairs = Vec::new();
        for (n, sentence) in sentences.iter().enumerate() {
            let mut words: Vec<String> = sentence.split(' ').map(str::to_string).collect();
            for _ in 0..=rng.below(6) {
                let at = rng.below(words.len());
                match rng.below(5) {
                    0 if words.len() > 1 => {
                        words.remove(at);
                    }
                    1 => words.insert(at, fillers[rng.below(fillers.len())].to_string()),
                    2 => words[at] = crate::text::key::match_key(&words[at]).chars().filter(char::is_ascii).collect(),
                    3 => words[at] = fillers[rng.below(fillers.len())].to_string(),
                    _ => {
                        let other = rng.below(words.len());
                        words.swap(at, other);
                    }
                }
            }
            pairs.push((sentence.clone(), words.join(" ")));
            // And an unrelated sentence of about the same length.
            pairs.push((sentence.clone(), sentences[(n * 7 + 3) % sentences.len()].clone()));
        }
        pairs
    }

    #[test]
    fn the_banded_alignment_gives_what_the_whole_table_gives() {
        let pairs = varied_pairs();
        assert!(pairs.len() > 200, "{}", pairs.len());
        let (mut kept, mut dropped) = (0, 0);
        for (source, memory) in &pairs {
            let (p, q) = (Prepared::new(masked_key(source)), Prepared::new(masked_key(memory)));
            let expected = whole_table(&p, &q);
            assert_eq!(align(&p, &q, None), Some(expected.clone()), "{source} | {memory}");
            for floor in [0.0, 0.5, 0.75, 0.9, expected.0, expected.0 + 0.0001] {
                match align(&p, &q, Some(floor)) {
                    Some(found) => {
                        assert_eq!(found, expected, "floor {floor}: {source} | {memory}");
                        kept += 1;
                    }
                    None => {
                        assert!(expected.0 < floor, "floor {floor} dropped {expected:?}: {source} | {memory}");
                        dropped += 1;
                    }
                }
            }
        }
        // Both sides of the floor were exercised.
        assert!(kept > 100 && dropped > 100, "{kept} {dropped}");
    }

    /// The bound that lets a lookup skip candidates is never below a score: the Levenshtein distance of the
    /// search keys over the longer masked key.
    #[test]
    fn no_score_exceeds_the_bound_of_its_search_keys() {
        use rapidfuzz::distance::levenshtein;
        let mut tight = 0;
        for (source, memory) in varied_pairs() {
            let (a, b) = (masked_key(&source), masked_key(&memory));
            let (score, _) = compare(&a, &b);
            let lowered = |key: &MaskedKey| search_key(key).chars().flat_map(char::to_lowercase).collect::<Vec<_>>();
            let distance = levenshtein::distance(lowered(&a), lowered(&b));
            let bound = crate::store::candidates::score_bound(distance, a.chars().max(b.chars()));
            assert!(score <= bound, "{score} > {bound}: {source} | {memory}");
            tight += usize::from(bound - score < 0.01);
        }
        // The bound is close for many pairs, so it skips candidates.
        assert!(tight > 50, "{tight}");
    }

    #[test]
    fn equal_texts_score_one_and_case_does_not_count() {
        assert_eq!(similarity("Dự án mới", "dự  án   MỚI"), (1.0, Vec::new()));
    }

    #[test]
    fn penalties_are_shown_through_fluent() {
        use crate::i18n::{message_in, FluentValue, UiLanguage};
        let args = [("source", FluentValue::from("7")), ("memory", FluentValue::from("8"))];
        assert_eq!(message_in(UiLanguage::English, "store-penalty-number-differs", &args), "number differs: 7 ≠ 8");
        assert_eq!(message_in(UiLanguage::Vietnamese, "store-penalty-number-differs", &args), "số khác: 7 ≠ 8");
        // Display goes through the same messages in the current UI language (no raw id left).
        let shown = Penalty::NumberDiffers { source: "7".into(), memory: "8".into() }.to_string();
        assert!(shown.ends_with("7 ≠ 8"), "{shown}");
    }
}
