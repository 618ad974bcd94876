//! Speed of the embedded Marian engine on one model directory; driven by scripts/bench-marian.sh, which builds a
//! model of the real OPUS-MT shape with random weights and runs CTranslate2 and PyTorch on the same weights.
//!
//! `cargo bench --bench marian -- MODEL_DIR BATCH BEAM [SOURCE_TOKENS] [OUTPUT_TOKENS] [REPEATS] [float32|int8]`
//! prints one JSON line: generated tokens per second (end of sentence excluded), the load time, and the kernels
//! used (`DICH_CPU` forces a family: avx512, avx2, portable).
//!
//! `cargo bench --bench marian -- pivot MODEL_1 MODEL_2 BATCH BEAM [SOURCE_TOKENS] [OUTPUT_TOKENS] [REPEATS]
//! [float32|int8]` times a pivot chain (issue 16): MODEL_1 as vi→en, then MODEL_2 as en→zh on leg 1's output ids
//! (cut to SOURCE_TOKENS with its `</s>`, so both legs read as many tokens as CTranslate2's legs do). It also runs
//! the chain as the pipeline does, through `Route::translate` with `pivot = "en"` on texts, against the two
//! engines called back to back on the same texts.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use dich::config::{EngineKind, MarianPrecision};
use dich::engine::marian::decode::{generate, DecodeOptions};
use dich::engine::marian::{MarianEngine, MarianOptions};
use dich::engine::registry::EngineTuning;
use dich::engine::{Engine, LangPair, Translation};
use dich::pipeline::{EngineStats, Route, RoutedEngine};

fn arg(args: &[String], i: usize, default: usize) -> usize {
    args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default)
}

/// What both modes read after their model directories.
struct Case {
    batch: usize,
    beam: usize,
    source_tokens: usize,
    output_tokens: usize,
    repeats: usize,
    precision: MarianPrecision,
    threads: Option<usize>,
}

impl Case {
    /// The arguments from `at` on: BATCH BEAM [SOURCE_TOKENS] [OUTPUT_TOKENS] [REPEATS] [float32|int8].
    fn parse(args: &[String], at: usize) -> Case {
        Case {
            batch: arg(args, at, 1),
            beam: arg(args, at + 1, 1),
            source_tokens: arg(args, at + 2, 32),
            output_tokens: arg(args, at + 3, 32),
            repeats: arg(args, at + 4, 3),
            precision: match args.get(at + 5).map(String::as_str) {
                Some("int8") => MarianPrecision::Int8,
                _ => MarianPrecision::Float32,
            },
            threads: std::env::var("BENCH_THREADS").ok().and_then(|t| t.parse().ok()),
        }
    }

    fn name(&self) -> &'static str {
        if self.precision == MarianPrecision::Int8 {
            "dich-int8"
        } else {
            "dich"
        }
    }

    /// The kernels this case runs on, as the engine reports them.
    fn kernel(&self) -> String {
        let precision = if self.precision == MarianPrecision::Int8 { "int8" } else { "float32" };
        dich::engine::marian::kernel_name(precision, dich::engine::marian::cpu::isa())
    }

    fn decode(&self) -> DecodeOptions {
        DecodeOptions { beam: self.beam, max_length: self.output_tokens + 1, length_penalty: 1.0 }
    }

    /// The engine as a route would run it: this case's beam, batch and output length.
    fn load(&self, dir: &Path, pair: LangPair) -> MarianEngine {
        let options = MarianOptions {
            name: format!("{}-{}", pair.source, pair.target),
            pair: Some(pair),
            threads: self.threads,
            batch_size: self.batch,
            precision: self.precision,
            beam: Some(self.beam),
            max_length: Some(self.output_tokens + 1),
            ..Default::default()
        };
        MarianEngine::load(dir, options).expect("model loads")
    }

    /// Deterministic pseudo-random source ids, avoiding the special tokens (scripts/bench-marian.py has the same).
    fn sources(&self, engine: &MarianEngine) -> Vec<Vec<u32>> {
        let config = &engine.model().config;
        let mut seed: u64 = 42;
        let mut next = move || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        (0..self.batch)
            .map(|_| {
                let mut ids: Vec<u32> =
                    (0..self.source_tokens - 1).map(|_| (2 + next() % (config.vocab_size - 3)) as u32).collect();
                ids.push(config.eos_token_id);
                ids
            })
            .collect()
    }

    fn pool(&self) -> Option<rayon::ThreadPool> {
        self.threads.map(|n| rayon::ThreadPoolBuilder::new().num_threads(n).build().expect("thread pool"))
    }
}

/// One leg of a timed chain: source ids (ending in `</s>`) to generated ids.
type Leg<'a> = &'a (dyn Fn(&[Vec<u32>]) -> Vec<Vec<u32>> + Sync);

/// Best times of a chain of legs over the repeats.
struct Timing {
    /// Per leg: best seconds, source tokens read, tokens generated (`</s>` excluded).
    legs: Vec<(f64, usize, usize)>,
    /// Best time of the whole chain in one repeat (not the sum of the legs' bests).
    chain_seconds: f64,
}

/// Runs `legs` one after another, each on the previous leg's output, once to warm up and then `repeats` times.
/// Between legs the output is cut to `source_tokens` with its `</s>`, so a leg reads what a real sentence of that
/// length would give it whatever random weights generate. Generated tokens are counted without `</s>` unless
/// `count_eos`.
fn time_chain(case: &Case, eos: u32, first: &[Vec<u32>], legs: &[Leg<'_>], count_eos: bool) -> Timing {
    let pool = case.pool();
    let count = |ids: &[Vec<u32>]| ids.iter().map(|s| s.iter().filter(|&&t| count_eos || t != eos).count()).sum();
    let run = || {
        let mut input = first.to_vec();
        let mut times = Vec::new();
        for leg in legs {
            let start = Instant::now();
            let output = match &pool {
                Some(pool) => pool.install(|| leg(&input)),
                None => leg(&input),
            };
            let seconds = start.elapsed().as_secs_f64();
            let source: usize = input.iter().map(Vec::len).sum();
            times.push((seconds, source, count(&output)));
            input = output
                .into_iter()
                .map(|ids| {
                    let mut ids: Vec<u32> =
                        ids.into_iter().filter(|&t| t != eos).take(case.source_tokens.saturating_sub(1)).collect();
                    ids.push(eos);
                    ids
                })
                .collect();
        }
        times
    };
    run();
    let mut timing = Timing { legs: vec![(f64::INFINITY, 0, 0); legs.len()], chain_seconds: f64::INFINITY };
    for _ in 0..case.repeats {
        let times = run();
        timing.chain_seconds = timing.chain_seconds.min(times.iter().map(|t| t.0).sum());
        for (best, time) in timing.legs.iter_mut().zip(times) {
            *best = (best.0.min(time.0), time.1, time.2);
        }
    }
    timing
}

fn main() {
    // cargo bench passes --bench; positional arguments are the rest.
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    if args.first().map(String::as_str) == Some("pivot") && args.len() >= 3 {
        return pivot(&args);
    }
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!(
            "usage: cargo bench --bench marian -- MODEL_DIR BATCH BEAM [SOURCE_TOKENS] [OUTPUT_TOKENS] [REPEATS] \
             [float32|int8]\n       cargo bench --bench marian -- pivot MODEL_1 MODEL_2 BATCH BEAM [SOURCE_TOKENS] \
             [OUTPUT_TOKENS] [REPEATS] [float32|int8]"
        );
        return;
    };
    let case = Case::parse(&args, 1);
    let (name, batch, beam) = (case.name(), case.batch, case.beam);
    let started = Instant::now();
    let engine = case.load(&dir, LangPair::new("vi", "en"));
    let load_seconds = started.elapsed().as_secs_f64();
    let weights_mb = engine.model().memory_bytes() as f64 / 1e6;
    let sources = case.sources(&engine);
    let decode = case.decode();
    let leg = |ids: &[Vec<u32>]| generate(engine.model(), ids, &decode).expect("decodes");
    let timing = time_chain(&case, engine.model().config.eos_token_id, &sources, &[&leg], false);
    let (best, _, tokens) = timing.legs[0];
    println!(
        "{{\"engine\": \"{name}\", \"batch\": {batch}, \"beam\": {beam}, \"tokens\": {tokens}, \
         \"seconds\": {best:.4}, \"tokens_per_second\": {:.1}, \"load_seconds\": {load_seconds:.3}, \"weights_mb\": {weights_mb:.1}, \
         \"kernel\": \"{}\"}}",
        tokens as f64 / best,
        case.kernel()
    );
}

/// The pivot chain vi→en→zh: token level against CTranslate2, then the pipeline's route against direct calls.
fn pivot(args: &[String]) {
    let (first_dir, second_dir) = (PathBuf::from(&args[1]), PathBuf::from(&args[2]));
    let case = Case::parse(args, 3);
    let (name, batch, beam) = (case.name(), case.batch, case.beam);
    let started = Instant::now();
    let first = Arc::new(case.load(&first_dir, LangPair::new("vi", "en")));
    let second = Arc::new(case.load(&second_dir, LangPair::new("en", "zh")));
    let load_seconds = started.elapsed().as_secs_f64();
    let eos = first.model().config.eos_token_id;
    assert_eq!(eos, second.model().config.eos_token_id, "both models end sentences with the same id");
    let sources = case.sources(&first);
    let decode = case.decode();
    let leg_1 = |ids: &[Vec<u32>]| generate(first.model(), ids, &decode).expect("decodes");
    let leg_2 = |ids: &[Vec<u32>]| generate(second.model(), ids, &decode).expect("decodes");
    // The opus-mt config forces `</s>` at the last position (`forced_eos_token_id`): dich's 32nd decoder step
    // writes it where CTranslate2's writes a 32nd token (it does not force it), so it is counted here and both
    // engines run and count 32 steps per sentence and leg.
    let timing = time_chain(&case, eos, &sources, &[&leg_1, &leg_2], true);
    let [(leg_1_seconds, leg_1_source, leg_1_tokens), (leg_2_seconds, leg_2_source, leg_2_tokens)] = timing.legs[..]
    else {
        unreachable!("two legs")
    };
    let chain = timing.chain_seconds;
    // A pipeline run hands an engine batches of 16 segments: the route is timed in the batch-16 cases only.
    let route = if batch >= 16 {
        let (route_seconds, direct_seconds, (leg_1, leg_2)) = through_route(&case, &first, &second, &sources);
        format!(
            ", \"route_seconds\": {route_seconds:.4}, \"direct_seconds\": {direct_seconds:.4}, \
             \"route_source_tokens\": [{leg_1}, {leg_2}]"
        )
    } else {
        String::new()
    };
    println!(
        "{{\"engine\": \"{name}\", \"batch\": {batch}, \"beam\": {beam}, \
         \"leg1_source_tokens\": {leg_1_source}, \"leg1_tokens\": {leg_1_tokens}, \"leg1_seconds\": {leg_1_seconds:.4}, \
         \"leg1_tokens_per_second\": {:.1}, \
         \"leg2_source_tokens\": {leg_2_source}, \"leg2_tokens\": {leg_2_tokens}, \"leg2_seconds\": {leg_2_seconds:.4}, \
         \"leg2_tokens_per_second\": {:.1}, \"chain_seconds\": {chain:.4}, \"chain_tokens_per_second\": {:.1}, \
         \"chain_sentences_per_second\": {:.2}, \"load_seconds\": {load_seconds:.3}{route}, \"kernel\": \"{}\"}}",
        leg_1_tokens as f64 / leg_1_seconds,
        leg_2_tokens as f64 / leg_2_seconds,
        leg_2_tokens as f64 / chain,
        batch as f64 / chain,
        case.kernel()
    );
}

/// The chain as a pipeline run takes it: `Route::translate` on the vi→zh route with `pivot = "en"`, which sends
/// the texts through the vi→en route, then its own engine (batches, blocking threads, run cache, deliveries).
/// Against it, the same texts through the two engines' `translate_texts` back to back, on the same engines.
/// Returns the best seconds of each over the repeats, and the source tokens of each leg. Texts, not ids: leg 1
/// reads the first source ids as text, as many as make `source_tokens` tokens; leg 2 reads leg 1's output as
/// text re-tokenized, which with random weights is about 8 times longer than the ids (the vocabulary's filler
/// pieces split into characters), so these times compare only with each other.
fn through_route(
    case: &Case,
    first: &Arc<MarianEngine>,
    second: &Arc<MarianEngine>,
    sources: &[Vec<u32>],
) -> (f64, f64, (usize, usize)) {
    let tokenizer = first.tokenizer();
    let texts: Vec<String> = sources
        .iter()
        .map(|ids| {
            (1..ids.len())
                .map(|n| tokenizer.decode(&ids[..n]))
                .find(|text| tokenizer.encode(text).len() >= case.source_tokens)
                .unwrap_or_else(|| tokenizer.decode(ids))
        })
        .collect();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let tuning = EngineTuning::for_kind(&EngineKind::Marian(Default::default()));
    let routed = |engine: &Arc<MarianEngine>| {
        let engine: Arc<dyn Engine> = engine.clone();
        Arc::new(RoutedEngine::new(engine, tuning.clone(), true))
    };
    let (routed_first, routed_second) = (routed(first), routed(second));
    let segments: Vec<(String, String)> =
        texts.iter().enumerate().map(|(i, text)| (format!("s{i}"), text.to_string())).collect();
    let route = || {
        // New routes each time: a route's run cache would answer a repeat without asking the engines.
        let to_pivot = Route::new(LangPair::new("vi", "en"), vec![routed_first.clone()], None);
        let chain = Route::new(LangPair::new("vi", "zh"), vec![routed_second.clone()], Some("en".into()));
        let routes = [to_pivot, chain];
        let answer = routes[1]
            .translate(&segments, &routes, &mut EngineStats::default(), &mut |_: &str, _: &Translation| Ok(()))
            .expect("the route translates");
        assert_eq!(answer.translations.len(), segments.len(), "every segment comes through both legs");
    };
    let pivot_texts = || first.translate_texts(&texts).expect("leg 1 translates");
    let direct = || {
        let middle = pivot_texts();
        let middle: Vec<&str> = middle.iter().map(String::as_str).collect();
        second.translate_texts(&middle).expect("leg 2 translates");
    };
    let count = |engine: &MarianEngine, texts: &[&str]| texts.iter().map(|t| engine.tokenizer().encode(t).len()).sum();
    let middle = pivot_texts();
    let middle: Vec<&str> = middle.iter().map(String::as_str).collect();
    let tokens = (count(first, &texts), count(second, &middle));
    let seconds = |run: &dyn Fn()| {
        let start = Instant::now();
        run();
        start.elapsed().as_secs_f64()
    };
    // The first route call starts the engine runtime; the engines are warm from the token-level chain.
    route();
    // Alternated, so a change in the machine's load falls on both.
    let (mut route_best, mut direct_best) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..case.repeats {
        route_best = route_best.min(seconds(&route));
        direct_best = direct_best.min(seconds(&direct));
    }
    (route_best, direct_best, tokens)
}
