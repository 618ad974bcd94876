//! Glossary load time, memory and matching throughput with a 50,000-entry generated glossary over ≥ 50 MB of
//! generated Vietnamese, with pyahocorasick (Python, C extension) on the same data as a reference.
//!
//! `cargo bench --bench glossary [-- MB]` (scripts/bench-glossary.sh makes the Python venv and runs this):
//! 1. generates a term base of 50,000 distinct 2–5-syllable Vietnamese terms and writes it as TSV;
//! 2. times `Glossary::load_paths` on it and `Glossary::matcher` (pattern keys, syllable vocabulary, trie), and
//!    measures the live heap they hold (counting allocator) and the resident memory they add;
//! 3. generates MB megabytes (default 50) of news-like text from the same syllables with glossary terms mixed
//!    in (some in NFD, some upper case, some in the other tone-mark style: they must still match), one
//!    paragraph per line, and times `Matcher::find_terms` paragraph by paragraph (tokens and their key folding,
//!    trie walk, boundary and case checks, offsets, hits), `Matcher::find_matches` (the same without building
//!    owned hits) and `Matcher::find` (terms and document references)
//!    on one core, then the heap the matcher grew while matching (renderings made on first hit, raw-form cache);
//! 4. loads the shipped term bases (`glossary/`: thousands of rows, slot expansions, composition rules, name
//!    lists) and times `Matcher::find` with them on the same text and on the evaluation set's real articles
//!    repeated to the same size;
//! 5. when a Python with pyahocorasick is found (`DICH_BENCH_PYTHON`, else `python3`), runs
//!    scripts/bench_glossary_pyahocorasick.py on the same two files: bare leftmost-longest matching on the raw
//!    text (no normalization, no boundaries), and prints the ratio.
//!
//! `DICH_BENCH_REAL_ONLY=1` runs step 4's real-article pass alone (after a warm-up) with its NFC reference, for
//! profiles and quick before/after pairs; adding `DICH_BENCH_DUMP=FILE` writes every hit of the evaluation
//! articles (per line, per article, whole text) to FILE instead, to check that a change keeps every hit.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use dich::glossary::Glossary;
use unicode_normalization::UnicodeNormalization;

const ENTRIES: usize = 50_000;

/// Counts live heap bytes, so the glossary's memory is measured exactly (RSS also holds freed memory the
/// allocator keeps).
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Deterministic xorshift, so every run measures the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Common syllables of news Vietnamese (tone marks in the new style, as glossaries write them).
const SYLLABLES: &[&str] = &[
    "ủy",
    "ban",
    "nhân",
    "dân",
    "tỉnh",
    "thành",
    "phố",
    "hội",
    "đồng",
    "bí",
    "thư",
    "chủ",
    "tịch",
    "phó",
    "trưởng",
    "đoàn",
    "đại",
    "biểu",
    "quốc",
    "trung",
    "ương",
    "đảng",
    "bộ",
    "chính",
    "trị",
    "thường",
    "vụ",
    "viên",
    "sở",
    "ngoại",
    "giao",
    "hữu",
    "nghị",
    "liên",
    "hiệp",
    "tổ",
    "chức",
    "việt",
    "nam",
    "kinh",
    "tế",
    "xã",
    "văn",
    "hóa",
    "giáo",
    "dục",
    "y",
    "khoa",
    "học",
    "công",
    "nghệ",
    "nông",
    "nghiệp",
    "phát",
    "triển",
    "nông",
    "thôn",
    "tài",
    "nguyên",
    "môi",
    "trường",
    "giao",
    "thông",
    "vận",
    "tải",
    "xây",
    "dựng",
    "kế",
    "hoạch",
    "đầu",
    "tư",
    "lao",
    "động",
    "thương",
    "binh",
    "an",
    "ninh",
    "quân",
    "sự",
    "biên",
    "phòng",
    "cảnh",
    "sát",
    "tư",
    "pháp",
    "thanh",
    "tra",
    "kiểm",
    "toán",
    "ngân",
    "hàng",
    "bình",
    "thuận",
    "ninh",
    "khánh",
    "hòa",
    "lâm",
    "hà",
    "nội",
    "hồ",
    "minh",
    "đà",
    "nẵng",
    "cần",
    "thơ",
    "hải",
    "phòng",
    "huế",
    "mặt",
    "trận",
    "cựu",
    "chiến",
    "binh",
    "phụ",
    "nữ",
    "nông",
    "dân",
    "lực",
    "lượng",
    "vũ",
    "trang",
    "dịch",
    "bệnh",
    "hợp",
    "tác",
    "quốc",
    "tế",
    "đối",
    "thoại",
];

/// Words of running text that are not glossary material.
const FILLER: &[&str] = &[
    "đã", "sẽ", "và", "của", "các", "những", "với", "cho", "trong", "về", "tại", "được", "là", "có", "này", "đó",
    "khi", "để", "theo", "từ", "người", "năm", "ngày", "tháng", "làm", "việc", "tiếp", "nhận", "báo", "cáo", "nhấn",
    "mạnh", "cho", "biết", "đề", "nghị", "triển", "khai", "thực", "hiện", "kết", "quả", "quan", "trọng",
];

fn term(rng: &mut Rng) -> String {
    let n = 2 + rng.below(4);
    let mut words: Vec<&str> = (0..n).map(|_| SYLLABLES[rng.below(SYLLABLES.len())]).collect();
    // Capitalize like a proper name now and then.
    let mut first = words[0].chars();
    let capital: String =
        first.next().map(|c| c.to_uppercase().collect::<String>() + first.as_str()).unwrap_or_default();
    if rng.below(3) == 0 {
        words[0] = Box::leak(capital.into_boxed_str());
    }
    words.join(" ")
}

fn generate_glossary(dir: &Path) -> (PathBuf, Vec<String>) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut seen = std::collections::HashSet::new();
    let mut terms = Vec::with_capacity(ENTRIES);
    let kinds = ["title", "organization", "place", "concept", "document"];
    let mut tsv = String::from("vi\ten\tkind\tstatus\tevidence\n");
    while terms.len() < ENTRIES {
        let t = term(&mut rng);
        if !seen.insert(dich::text::key::match_key(&t)) {
            continue;
        }
        let i = terms.len();
        tsv.push_str(&format!("{t}\tGenerated term {i}\t{}\tapproved\tbench\n", kinds[i % kinds.len()]));
        terms.push(t);
    }
    let path = dir.join("bench-glossary.tsv");
    std::fs::write(&path, tsv).expect("write glossary");
    let raw_terms = dir.join("bench-terms.txt");
    std::fs::write(&raw_terms, terms.join("\n")).expect("write terms");
    (path, terms)
}

/// One paragraph: sentences of filler words with glossary terms (about one word in eight) and near misses.
fn paragraph(rng: &mut Rng, terms: &[String]) -> String {
    let mut p = String::with_capacity(1200);
    for _ in 0..(4 + rng.below(6)) {
        let mut sentence = String::from("Ông");
        for _ in 0..(12 + rng.below(20)) {
            sentence.push(' ');
            match rng.below(16) {
                0 | 1 => {
                    let t = &terms[rng.below(terms.len())];
                    match rng.below(10) {
                        0 => sentence.extend(t.nfd()),
                        1 => sentence.push_str(&t.to_uppercase()),
                        2 => sentence.push_str(&t.replace("ủy", "uỷ").replace("hòa", "hoà")),
                        _ => sentence.push_str(t),
                    }
                }
                // Loose syllables: partial matches both matchers must walk through.
                2..=5 => sentence.push_str(SYLLABLES[rng.below(SYLLABLES.len())]),
                6 => sentence.push_str(&format!("{}", rng.below(10_000))),
                _ => sentence.push_str(FILLER[rng.below(FILLER.len())]),
            }
        }
        sentence.push_str(". ");
        p.push_str(&sentence);
    }
    p.pop();
    p
}

fn generate_text(dir: &Path, terms: &[String], megabytes: usize) -> (PathBuf, String) {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let target = megabytes * 1_000_000;
    let mut text = String::with_capacity(target + 4096);
    while text.len() < target {
        text.push_str(&paragraph(&mut rng, terms));
        text.push('\n');
    }
    let path = dir.join("bench-text.txt");
    std::fs::write(&path, &text).expect("write text");
    (path, text)
}

/// Resident memory in bytes (Linux), from /proc/self/status.
fn rss(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// CPU time of the calling thread in seconds (Linux, /proc/thread-self/stat, 10 ms ticks), or None. On a shared
/// machine it leaves out the time the thread waited for a core, which wall-clock figures include.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    let mut fields = stat.rsplit_once(')')?.1.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some((utime + stime) as f64 / 100.0)
}

/// "x MB/s CPU" from CPU times before and after, when known.
fn cpu_rate(bytes: usize, before: Option<f64>, after: Option<f64>) -> Option<f64> {
    let secs = after? - before?;
    (secs > 0.0).then(|| mb(bytes as u64) / secs)
}

/// Runs `each` on every paragraph of `text` and prints what it found and how fast; returns (found, MB/s wall,
/// MB/s on CPU time).
fn paragraph_pass(text: &str, what: &str, mut each: impl FnMut(&str) -> usize) -> (usize, f64, Option<f64>) {
    let cpu_started = cpu_seconds();
    let started = Instant::now();
    let found: usize = text.lines().map(&mut each).sum();
    let secs = started.elapsed().as_secs_f64();
    let cpu = cpu_rate(text.len(), cpu_started, cpu_seconds());
    let rate = mb(text.len() as u64) / secs;
    println!("{what}: {found} found in {secs:.2} s = {rate:.1} MB/s");
    if let Some(cpu) = cpu {
        println!("  on CPU time: {cpu:.1} MB/s");
    }
    (found, rate, cpu)
}

/// The evaluation set's article files, in name order.
fn article_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("evaluation articles")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// The articles of the evaluation set, one paragraph a line, repeated to at least `bytes`.
fn real_articles(dir: &Path, bytes: usize) -> String {
    let once: String = article_files(dir).iter().map(|f| std::fs::read_to_string(f).expect("article") + "\n").collect();
    let mut text = String::with_capacity(bytes + once.len());
    while text.len() < bytes {
        text.push_str(&once);
    }
    text
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}

fn python() -> Option<String> {
    let candidate = std::env::var("DICH_BENCH_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let ok = Command::new(&candidate).args(["-c", "import ahocorasick"]).output().ok()?.status.success();
    ok.then_some(candidate)
}

/// `DICH_BENCH_REAL_ONLY=1`: only the shipped term bases on the real articles, after a warm-up pass, with the
/// NFC reference of the same run (for profiling and quick before/after pairs: no generated glossary). With
/// `DICH_BENCH_DUMP=FILE` it writes every hit of every line and article instead, to compare two versions.
fn real_articles_only(megabytes: usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (shipped, _) = Glossary::load_paths(&[root.join("glossary")]);
    let matcher = shipped.matcher();
    let articles = root.join("tests/fixtures/eval/articles");
    if let Some(dump) = std::env::var_os("DICH_BENCH_DUMP") {
        let mut out = std::io::BufWriter::new(std::fs::File::create(dump).expect("dump file"));
        for file in article_files(&articles) {
            let text = std::fs::read_to_string(&file).expect("article");
            for line in text.lines() {
                writeln!(out, "{:?}", matcher.find(line)).expect("dump");
            }
            let lines: Vec<&str> = text.lines().collect();
            writeln!(out, "{:?}", matcher.find_article(&lines)).expect("dump");
            writeln!(out, "{:?}", matcher.find(&text)).expect("dump");
        }
        return;
    }
    let real = real_articles(&articles, megabytes * 1_000_000);
    // The warm-up goes through find's own steps (the document-reference regex is built on first use), but not
    // through `find` itself, so that a profile toggled on `Matcher::find` counts the timed pass alone.
    let warm: usize = real.lines().take(2_000).map(|line| matcher.find_article(&[line])[0].len()).sum();
    std::hint::black_box(warm);
    let (_, rate, cpu) =
        paragraph_pass(&real, "shipped glossary, find (real articles, repeated)", |line| matcher.find(line).len());
    let cpu_started = cpu_seconds();
    let started = Instant::now();
    std::hint::black_box(real.nfc().count());
    let nfc = mb(real.len() as u64) / started.elapsed().as_secs_f64();
    let nfc_cpu = cpu_rate(real.len(), cpu_started, cpu_seconds());
    println!("reference: NFC pass {nfc:.1} MB/s; ratio {:.2}", rate / nfc);
    if let (Some(a), Some(b)) = (cpu, nfc_cpu) {
        println!("  on CPU time: NFC {b:.1} MB/s; ratio {:.2}", a / b);
    }
}

fn main() {
    let megabytes: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(50);
    if std::env::var_os("DICH_BENCH_REAL_ONLY").is_some() {
        real_articles_only(megabytes);
        return;
    }
    let dir = std::env::temp_dir().join("dich-glossary-bench");
    std::fs::create_dir_all(&dir).expect("bench directory");
    let (glossary_file, terms) = generate_glossary(&dir);

    let rss_before = rss("VmRSS:").unwrap_or(0);
    let heap_before = LIVE.load(Ordering::Relaxed);
    PEAK.store(heap_before, Ordering::Relaxed);
    let started = Instant::now();
    let (glossary, issues) = Glossary::load_paths(std::slice::from_ref(&glossary_file));
    let load = started.elapsed();
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(glossary.len(), ENTRIES);
    let started = Instant::now();
    let matcher = glossary.matcher();
    let build = started.elapsed();
    let rss_after = rss("VmRSS:").unwrap_or(0);
    let heap_live = LIVE.load(Ordering::Relaxed) - heap_before;
    let heap_peak = PEAK.load(Ordering::Relaxed) - heap_before;
    println!("glossary: {ENTRIES} entries, {} pattern keys", matcher.pattern_count());
    println!("load (read + parse TSV): {:.3} s", load.as_secs_f64());
    println!("matcher build (keys + vocabulary + trie): {:.3} s", build.as_secs_f64());
    println!("load + build: {:.3} s", (load + build).as_secs_f64());
    println!(
        "memory held by glossary + matcher: {:.1} MB live heap (peak while loading and building: {:.1} MB)",
        mb(heap_live as u64),
        mb(heap_peak as u64)
    );
    let glossary_heap = {
        let before = LIVE.load(Ordering::Relaxed);
        let copy = glossary.clone();
        let bytes = LIVE.load(Ordering::Relaxed) - before;
        drop(copy);
        bytes
    };
    println!("  of which the glossary entries: {:.1} MB", mb(glossary_heap as u64));
    println!("RSS added by loading and building: {:.1} MB", mb(rss_after.saturating_sub(rss_before)));
    println!(
        "  of which the index (vocabulary of {} tokens + trie): {:.1} MB",
        matcher.vocabulary_size(),
        mb(matcher.index_memory() as u64)
    );

    let (text_file, text) = generate_text(&dir, &terms, megabytes);
    let bytes = text.len();
    println!("text: {:.1} MB, {} paragraphs", mb(bytes as u64), text.lines().count());

    let heap_before_matching = LIVE.load(Ordering::Relaxed);
    let (hits, ours, ours_cpu) =
        paragraph_pass(&text, "find_terms (tokens + key folding + trie + boundaries + offsets + hits)", |line| {
            matcher.find_terms(line).len()
        });
    let grown = LIVE.load(Ordering::Relaxed).saturating_sub(heap_before_matching);
    println!(
        "heap the matcher grew while matching: {:.1} MB (renderings of the patterns hit; raw-form cache {:.1} MB); glossary + matcher now {:.1} MB",
        mb(grown as u64),
        mb(matcher.cache_memory() as u64),
        mb((heap_live + grown) as u64)
    );
    // The same matching without building owned hits (positions, pattern): what pyahocorasick's iter_long gives.
    let (bare, bare_rate, bare_cpu) =
        paragraph_pass(&text, "find_matches (the same, no owned hits)", |line| matcher.find_matches(line).len());
    assert_eq!(bare, hits, "find_matches and find_terms find the same terms");
    paragraph_pass(&text, "find (terms + document references)", |line| matcher.find(line).len());
    // Calibration on a shared machine: a bare NFC pass over the same bytes (unicode-normalization).
    let cpu_started = cpu_seconds();
    let started = Instant::now();
    let nfc_chars = text.nfc().count();
    let secs_nfc = started.elapsed().as_secs_f64();
    let nfc = mb(bytes as u64) / secs_nfc;
    println!("reference: NFC pass ({nfc_chars} chars) {nfc:.1} MB/s");
    let nfc_cpu = cpu_rate(bytes, cpu_started, cpu_seconds());
    if let Some(rate) = nfc_cpu {
        println!("reference: NFC pass on CPU time: {rate:.1} MB/s");
    }
    println!("ratio dich find_terms / NFC pass: {:.2}", ours / nfc);
    if let (Some(a), Some(b)) = (ours_cpu, nfc_cpu) {
        println!("ratio dich find_terms / NFC pass on CPU time: {:.2}", a / b);
    }
    // The shipped term bases (thousands of rows, slot expansions, composition rules, name lists, short forms)
    // on the same generated text, and on the real articles of the evaluation set repeated to the same size.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let started = Instant::now();
    let (shipped, _) = Glossary::load_paths(&[root.join("glossary")]);
    let shipped_matcher = shipped.matcher();
    println!(
        "shipped glossary: {} entries, {} pattern keys, load + build {:.3} s",
        shipped.len(),
        shipped_matcher.pattern_count(),
        started.elapsed().as_secs_f64()
    );
    let (_, shipped_rate, _) =
        paragraph_pass(&text, "shipped glossary, find (generated text)", |line| shipped_matcher.find(line).len());
    println!("ratio shipped glossary find / 50,000-entry find_terms: {:.2}", shipped_rate / ours);
    let real = real_articles(&root.join("tests/fixtures/eval/articles"), bytes);
    paragraph_pass(&real, "shipped glossary, find (real articles, repeated)", |line| shipped_matcher.find(line).len());
    paragraph_pass(&real, "50,000-entry glossary, find_terms (real articles, repeated)", |line| {
        matcher.find_terms(line).len()
    });
    println!("peak RSS of the bench process: {:.1} MB", mb(rss("VmHWM:").unwrap_or(0)));
    drop(text);

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/bench_glossary_pyahocorasick.py");
    match python() {
        Some(python) => {
            let output = Command::new(&python)
                .arg(&script)
                .arg(dir.join("bench-terms.txt"))
                .arg(&text_file)
                .output()
                .expect("run python");
            std::io::stdout().write_all(&output.stdout).ok();
            std::io::stderr().write_all(&output.stderr).ok();
            let stdout = String::from_utf8_lossy(&output.stdout);
            let figure = |prefix: &str| {
                stdout.lines().find_map(|l| l.strip_prefix(prefix).and_then(|v| v.trim().parse::<f64>().ok()))
            };
            if let Some(theirs) = figure("pyahocorasick MB/s: ") {
                println!("ratio dich find_terms / pyahocorasick iter_long: {:.2}", ours / theirs);
                println!("ratio dich find_matches / pyahocorasick iter_long: {:.2}", bare_rate / theirs);
            }
            if let Some(theirs) = figure("pyahocorasick CPU MB/s: ") {
                if let Some(ours) = ours_cpu {
                    println!("ratio dich find_terms / pyahocorasick iter_long on CPU time: {:.2}", ours / theirs);
                }
                if let Some(bare) = bare_cpu {
                    println!("ratio dich find_matches / pyahocorasick iter_long on CPU time: {:.2}", bare / theirs);
                }
            }
        }
        None => println!("pyahocorasick not found (run scripts/bench-glossary.sh, or set DICH_BENCH_PYTHON)"),
    }
}
