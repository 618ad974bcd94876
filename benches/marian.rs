//! Speed of the embedded Marian engine on one model directory; driven by scripts/bench-marian.sh, which builds a
//! model of the real OPUS-MT shape with random weights and runs CTranslate2 and PyTorch on the same weights.
//!
//! `cargo bench --bench marian -- MODEL_DIR BATCH BEAM [SOURCE_TOKENS] [OUTPUT_TOKENS] [REPEATS] [float32|int8]`
//! prints one JSON line: generated tokens per second (end of sentence excluded), and the load time.

use std::path::PathBuf;
use std::time::Instant;

use dich::config::MarianPrecision;
use dich::engine::marian::decode::{generate, DecodeOptions};
use dich::engine::marian::{MarianEngine, MarianOptions};
use dich::engine::LangPair;

fn arg(args: &[String], i: usize, default: usize) -> usize {
    args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default)
}

fn main() {
    // cargo bench passes --bench; positional arguments are the rest.
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!(
            "usage: cargo bench --bench marian -- MODEL_DIR BATCH BEAM [SOURCE_TOKENS] [OUTPUT_TOKENS] [REPEATS] \
             [float32|int8]"
        );
        return;
    };
    let (batch, beam) = (arg(&args, 1, 1), arg(&args, 2, 1));
    let (source_tokens, output_tokens, repeats) = (arg(&args, 3, 32), arg(&args, 4, 32), arg(&args, 5, 3));
    let threads = std::env::var("BENCH_THREADS").ok().and_then(|t| t.parse().ok());
    let started = Instant::now();
    let precision = match args.get(6).map(String::as_str) {
        Some("int8") => MarianPrecision::Int8,
        _ => MarianPrecision::Float32,
    };
    let name = if precision == MarianPrecision::Int8 { "dich-int8" } else { "dich" };
    let options = MarianOptions {
        pair: Some(LangPair::new("vi", "en")),
        threads,
        batch_size: batch,
        precision,
        ..Default::default()
    };
    let engine = MarianEngine::load(&dir, options).expect("model loads");
    let load_seconds = started.elapsed().as_secs_f64();
    let weights_mb = engine.model().memory_bytes() as f64 / 1e6;
    let config = &engine.model().config;
    // Deterministic pseudo-random source ids, avoiding the special tokens.
    let mut seed: u64 = 42;
    let mut next = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let sources: Vec<Vec<u32>> = (0..batch)
        .map(|_| {
            let mut ids: Vec<u32> =
                (0..source_tokens - 1).map(|_| (2 + next() % (config.vocab_size - 3)) as u32).collect();
            ids.push(config.eos_token_id);
            ids
        })
        .collect();
    let decode = DecodeOptions { beam, max_length: output_tokens + 1, length_penalty: 1.0 };
    let run = || {
        let out = generate(engine.model(), &sources, &decode).expect("decodes");
        out.iter().map(|o| o.iter().filter(|&&t| t != config.eos_token_id).count()).sum::<usize>()
    };
    let pool = threads.map(|n| rayon::ThreadPoolBuilder::new().num_threads(n).build().expect("thread pool"));
    let timed = || match &pool {
        Some(pool) => pool.install(run),
        None => run(),
    };
    timed();
    let mut best = f64::INFINITY;
    let mut tokens = 0;
    for _ in 0..repeats {
        let start = Instant::now();
        tokens = timed();
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "{{\"engine\": \"{name}\", \"batch\": {batch}, \"beam\": {beam}, \"tokens\": {tokens}, \
         \"seconds\": {best:.4}, \"tokens_per_second\": {:.1}, \"load_seconds\": {load_seconds:.3}, \"weights_mb\": {weights_mb:.1}}}",
        tokens as f64 / best
    );
}
