//! Fuzzy lookup in a large translation memory, one query at a time on one thread.
//!
//! `cargo bench --bench tm_fuzzy -- STORE QUERIES OUT [THRESHOLD LIMIT]` (scripts/bench-tm.sh makes the data,
//! imports it and runs this next to scripts/bench_tm_rapidfuzz.py):
//! 1. opens STORE (a dich store holding a vi→en memory: a SQLite file or a `postgres://` URL, as `--store`
//!    takes them) and times the first lookup apart: it builds the per-pair trigram index (the process's
//!    resident memory before and after it is printed, and for PostgreSQL the index's own count of bytes);
//! 2. runs `MemoryStore::tm_fuzzy` (default threshold 0.75, at most 5 matches) for each line of QUERIES and
//!    prints p50, p95, max and mean per query;
//! 3. writes OUT: one line per query, the best match's source and score separated by a tab (empty when none),
//!    for the top-1 comparison with rapidfuzz;
//! 4. with `DICH_TM_EXHAUSTIVE=N`, scores every entry of the memory against the first N queries with the same
//!    scoring and ordering as the lookup, and counts the queries whose best match the lookup also found first:
//!    what candidate selection by rare trigrams misses, measured by dich's own score (a first match of another
//!    entry with the same best score counts apart: the memory holds thousands of versions of each sentence);
//! 5. with `DICH_TM_SCORE_PAIRS=FILE` instead of the above: dich's score of each "QUERY\tCANDIDATE" line of
//!    FILE, to FILE.scored (used by scripts/bench_tm_same_measure.py to score rapidfuzz's picks by dich's measure).

use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

use dich::engine::LangPair;
use dich::store::fuzzy::{masked_key, Prepared};
use dich::store::postgres::PgStore;
use dich::store::{is_postgres_url, MemoryStore, Store, TmEntry};

/// The process's resident memory (VmRSS), in MB.
fn resident_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok());
    kb.unwrap_or(0.0) / 1024.0
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    if let Ok(pairs) = std::env::var("DICH_TM_SCORE_PAIRS") {
        score_pairs(&pairs);
        return;
    }
    if args.len() < 3 {
        eprintln!("usage: tm_fuzzy STORE QUERIES OUT [THRESHOLD LIMIT]");
        std::process::exit(2);
    }
    let threshold: f64 = args.get(3).map_or(0.75, |t| t.parse().expect("threshold"));
    let limit: usize = args.get(4).map_or(5, |l| l.parse().expect("limit"));
    let postgres = is_postgres_url(&args[0]).then(|| Arc::new(PgStore::open(&args[0]).expect("store")));
    let store: Arc<dyn MemoryStore> = match &postgres {
        Some(pg) => pg.clone(),
        None => Arc::new(Store::open(std::path::Path::new(&args[0])).expect("store")),
    };
    let store = &*store;
    let queries: Vec<String> =
        std::fs::read_to_string(&args[1]).expect("queries").lines().map(str::to_string).collect();
    let entries = store.tm_count().expect("count");

    let resident_before = resident_mb();
    let start = Instant::now();
    store.tm_fuzzy("vi", "en", "khởi tạo chỉ mục", threshold, limit).expect("first lookup");
    let first = start.elapsed();
    let index = match &postgres {
        Some(pg) => format!(", the index {:.1} MB by its own count", pg.fuzzy_index_bytes() as f64 / 1e6),
        None => String::new(),
    };
    println!(
        "{}: resident memory {resident_before:.1} MB before the first lookup, {:.1} MB after{index}",
        if postgres.is_some() { "postgres" } else { "sqlite" },
        resident_mb()
    );

    let mut times = Vec::with_capacity(queries.len());
    let mut firsts: Vec<Option<(String, f64)>> = Vec::with_capacity(queries.len());
    let mut out = std::io::BufWriter::new(std::fs::File::create(&args[2]).expect("out"));
    let mut found = 0;
    for query in &queries {
        let start = Instant::now();
        let matches = store.tm_fuzzy("vi", "en", query, threshold, limit).expect("lookup");
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        firsts.push(matches.first().map(|best| (best.entry.source.clone(), best.score)));
        match matches.first() {
            Some(best) => {
                found += 1;
                writeln!(out, "{}\t{}", best.entry.source, best.score).unwrap();
            }
            None => writeln!(out).unwrap(),
        }
    }
    out.flush().unwrap();
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    times.sort_by(f64::total_cmp);
    let at = |p: f64| times[((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1];
    println!(
        "dich tm_fuzzy: {entries} entries, {} queries (threshold {threshold}, limit {limit}), {found} with a match; \
         first lookup (builds the index) {:.0} ms; per query p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms, mean {:.2} ms",
        queries.len(),
        first.as_secs_f64() * 1000.0,
        at(0.50),
        at(0.95),
        times[times.len() - 1],
        mean
    );

    if let Some(n) = std::env::var("DICH_TM_EXHAUSTIVE").ok().and_then(|n| n.parse::<usize>().ok()) {
        exhaustive(store, &queries[..n.min(queries.len())], &firsts, threshold, &format!("{}.scan", args[2]));
    }
}

/// With `DICH_TM_SCORE_PAIRS=FILE` (no store needed): dich's score of each line "QUERY\tCANDIDATE" of FILE,
/// one per line to FILE.scored, so scripts/bench_tm_same_measure.py can put rapidfuzz's picks on dich's measure.
fn score_pairs(path: &str) {
    let text = std::fs::read_to_string(path).expect("pairs");
    let mut out = std::io::BufWriter::new(std::fs::File::create(format!("{path}.scored")).expect("scored"));
    for line in text.lines() {
        let (query, candidate) = line.split_once('\t').expect("QUERY\tCANDIDATE");
        match Prepared::new(masked_key(query)).compare(&Prepared::new(masked_key(candidate)), 0.0) {
            Some((score, _)) => writeln!(out, "{score}").unwrap(),
            None => writeln!(out, "0").unwrap(),
        }
    }
    out.flush().unwrap();
}

/// The best entry for each query by a scan of the whole memory, compared with the lookup's first match.
/// The scan's best per query goes to `scan_out` (as OUT's lines), to compare later lookups without scanning.
fn exhaustive(
    store: &dyn MemoryStore,
    queries: &[String],
    firsts: &[Option<(String, f64)>],
    threshold: f64,
    scan_out: &str,
) {
    let start = Instant::now();
    let entries = store.tm_entries(Some(&LangPair::new("vi", "en"))).expect("entries");
    let prepared: Vec<Prepared> = queries.iter().map(|q| Prepared::new(masked_key(q))).collect();
    let mut best: Vec<Option<(f64, &TmEntry)>> = vec![None; queries.len()];
    for entry in &entries {
        let memory = Prepared::new(masked_key(&entry.source));
        for (query, best) in prepared.iter().zip(best.iter_mut()) {
            let floor = best.map_or(threshold, |(score, _)| score.max(threshold));
            let Some((score, _)) = query.compare(&memory, floor) else { continue };
            // The lookup's order: score, then the most recently updated, then the source.
            let better = match best {
                None => true,
                Some((held, other)) => {
                    score > *held
                        || (score == *held
                            && (entry.updated > other.updated
                                || (entry.updated == other.updated && entry.source < other.source)))
                }
            };
            if better {
                *best = Some((score, entry));
            }
        }
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(scan_out).expect("scan out"));
    for best in &best {
        match best {
            Some((score, entry)) => writeln!(out, "{}\t{}", entry.source, score).unwrap(),
            None => writeln!(out).unwrap(),
        }
    }
    out.flush().unwrap();
    // A lookup whose first match has the scan's best score but is another entry found one of several entries
    // tied at the best score (the memory holds thousands of versions of each sentence): as good by dich's score.
    let (mut same, mut tied, mut lower) = (0, 0, 0);
    for (n, (found, best)) in firsts.iter().zip(&best).enumerate() {
        let best = best.map(|(score, entry)| (entry.source.as_str(), score));
        if found.as_ref().map(|(source, score)| (source.as_str(), *score)) == best {
            same += 1;
            continue;
        }
        let (found_score, best_score) = (found.as_ref().map(|f| f.1), best.map(|b| b.1));
        if found_score == best_score {
            tied += 1;
        } else {
            lower += 1;
        }
        println!("  query {}: lookup {found_score:?}, scan {best_score:?}", n + 1);
    }
    println!(
        "exhaustive check: the lookup's first match is the scan's best for {same} of {} queries, another entry of \
         the same best score for {tied}, a lower score for {lower} ({} entries scanned in {:.0} s)",
        queries.len(),
        entries.len(),
        start.elapsed().as_secs_f64()
    );
}
