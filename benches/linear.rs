//! Speed of the embedded engine's linear layers — the packed f32 product (`src/engine/marian/linear.rs`) and the
//! int8 one (`src/engine/marian/quantized.rs`) — against candle's f32 matrix product (the general library the
//! model used before), on the shapes of an OPUS-MT model (d_model 512, FFN 2048, vocabulary 54,000), measured in
//! the same run.
//!
//! `cargo bench --bench linear` prints one table: GFLOP/s (2 · rows · d_in · d_out per call) of each, and the
//! ratios. `BENCH_THREADS` (default 2) sets the rayon pool everything runs in; `BENCH_SECONDS` (default 0.4) the
//! time spent per measurement; `BENCH_SHAPES` (e.g. `64x2048x512,8x512x54000`: rows x d_in x d_out) other shapes;
//! `BENCH_KERNEL` (e.g. `Avx512Vnni`) an int8 kernel other than the one `forward` picks; `DICH_CPU` (avx512,
//! avx2, portable) the family of both.

use std::time::{Duration, Instant};

use candle_core::{Device, Tensor};
use dich::engine::marian::linear::PackedLinear;
use dich::engine::marian::quantized::{Int8Linear, Kernel};

/// (rows, d_in, d_out): decoder steps (1 row greedy, 16 = batch 16 greedy or 4 × beam 4, 64 = batch 16 × beam 4)
/// through the output layer, attention projections and FFN; 512 rows is an encoder batch.
const SHAPES: [(usize, usize, usize); 8] = [
    (1, 512, 54000),
    (1, 512, 1536),
    (1, 2048, 512),
    (16, 512, 54000),
    (64, 512, 54000),
    (64, 512, 2048),
    (64, 2048, 512),
    (512, 512, 2048),
];

/// Deterministic pseudo-random values ~ N(0, σ) (sum of 4 uniforms).
fn normal_values(n: usize, sigma: f32, seed: u64) -> Vec<f32> {
    let mut state = seed | 1;
    let mut uniform = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 40) as f32 / (1u64 << 24) as f32
    };
    (0..n).map(|_| ((0..4).map(|_| uniform()).sum::<f32>() - 2.0) * 3f32.sqrt() * sigma).collect()
}

/// Seconds per call: the best of 5 batches, each repeating `f` for about a fifth of `budget`.
fn seconds_per_call(budget: Duration, mut f: impl FnMut()) -> f64 {
    f();
    let started = Instant::now();
    f();
    let once = started.elapsed().as_secs_f64().max(1e-7);
    let per_batch = ((budget.as_secs_f64() / 5.0 / once) as usize).max(1);
    (0..5)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..per_batch {
                f();
            }
            started.elapsed().as_secs_f64() / per_batch as f64
        })
        .fold(f64::INFINITY, f64::min)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

fn main() {
    let threads: usize = std::env::var("BENCH_THREADS").ok().and_then(|t| t.parse().ok()).unwrap_or(2);
    let budget =
        Duration::from_secs_f64(std::env::var("BENCH_SECONDS").ok().and_then(|t| t.parse().ok()).unwrap_or(0.4));
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("thread pool");
    println!(
        "kernels {} (DICH_CPU), int8 {:?} (available: {:?}); {threads} threads; {}; load average before: {}",
        dich::engine::marian::cpu::isa().name(),
        Kernel::detect(),
        Kernel::available(),
        cpu_model(),
        load_average()
    );
    println!(
        "| rows × d_in → d_out | dich f32 GFLOP/s | dich int8 | candle f32 | f32 ÷ candle | int8 ÷ candle | int8 ÷ f32 | f32 MB | int8 MB | f32 / int8 build ms |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    let shapes: Vec<(usize, usize, usize)> = match std::env::var("BENCH_SHAPES") {
        Ok(list) => list
            .split(',')
            .map(|shape| {
                let n: Vec<usize> = shape.trim().split('x').map(|n| n.parse().expect("BENCH_SHAPES: RxIxO")).collect();
                (n[0], n[1], n[2])
            })
            .collect(),
        Err(_) => SHAPES.to_vec(),
    };
    let kernel = std::env::var("BENCH_KERNEL").ok().map(|name| {
        *Kernel::available().iter().find(|k| format!("{k:?}") == name).expect("BENCH_KERNEL: one of the available")
    });
    if let Some(kernel) = kernel {
        println!("int8 kernel forced: {kernel:?}");
    }
    for (i, &(rows, d_in, d_out)) in shapes.iter().enumerate() {
        let w = normal_values(d_out * d_in, 0.02, 11 + i as u64);
        let x = normal_values(rows * d_in, 1.0, 97 + i as u64);
        let bias = normal_values(d_out, 0.1, 5 + i as u64);
        let flops = 2.0 * (rows * d_in * d_out) as f64;
        let started = Instant::now();
        let packed = pool.install(|| PackedLinear::new(&w, d_out, d_in, Some(bias.clone())));
        let f32_build_ms = started.elapsed().as_secs_f64() * 1e3;
        let started = Instant::now();
        let layer = pool.install(|| match kernel {
            Some(kernel) => Int8Linear::for_kernel(kernel, &w, d_out, d_in, Some(&bias)),
            None => Int8Linear::new(&w, d_out, d_in, Some(&bias)),
        });
        let build_ms = started.elapsed().as_secs_f64() * 1e3;
        let w_tensor = Tensor::from_slice(&w, (d_out, d_in), &Device::Cpu).expect("tensor");
        let x_tensor = Tensor::from_slice(&x, (rows, d_in), &Device::Cpu).expect("tensor");
        let mut y = vec![0f32; rows * d_out];
        let mut y32 = Vec::new();
        let (f32_packed, int8, candle) = pool.install(|| {
            let f32_packed = seconds_per_call(budget, || packed.forward_into(&x, &mut y32));
            let int8 = seconds_per_call(budget, || match kernel {
                Some(kernel) => layer.forward_with(kernel, &x, rows, &mut y),
                None => layer.forward(&x, rows, &mut y),
            });
            let candle = seconds_per_call(budget, || {
                std::hint::black_box(x_tensor.matmul(&w_tensor.t().expect("t")).expect("matmul"));
            });
            (f32_packed, int8, candle)
        });
        let gflops = |seconds: f64| flops / seconds / 1e9;
        println!(
            "| {rows} × {d_in} → {d_out} | {:.1} | {:.1} | {:.1} | {:.2} | {:.2} | {:.2} | {:.1} | {:.1} | {f32_build_ms:.0} / {build_ms:.0} |",
            gflops(f32_packed),
            gflops(int8),
            gflops(candle),
            candle / f32_packed,
            candle / int8,
            f32_packed / int8,
            packed.memory_bytes() as f64 / 1e6,
            layer.memory_bytes() as f64 / 1e6,
        );
    }
    println!("load average after: {}", load_average());
}
