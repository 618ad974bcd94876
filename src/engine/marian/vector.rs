//! Element-wise arithmetic of the model's hot loops: dot products, `exp` sums, attention and the swish activation.
//!
//! `f32::exp` is a call per value that the compiler cannot vectorize, and a beam-search step takes the
//! exponential of every logit (64 rows × 54,000 at batch 16, beam 4). Here `exp` is a polynomial (Cephes'
//! `expf`, relative error about 1e-7) written so the compiler vectorizes it, and each loop is compiled three
//! times: for the baseline CPU, for AVX2 + FMA and for AVX-512, picked at run time ([`super::cpu`], `DICH_CPU`).

/// Dot product in eight independent lanes, which the compiler turns into vector instructions.
#[inline(always)]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = ca.remainder().iter().zip(cb.remainder()).map(|(x, y)| x * y).sum();
    for (x, y) in ca.zip(cb) {
        for i in 0..8 {
            lanes[i] += x[i] * y[i];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// `e^x` for `x` in f32's range (below −87.3 it gives about 1e-38 instead of a denormal or 0, which no sum of
/// probabilities notices); branch-free so that loops over it vectorize.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    const LOG2_E: f32 = std::f32::consts::LOG2_E;
    // ln 2 split in two so that `x - n ln 2` is exact enough.
    const LN2_HIGH: f32 = 0.693_359_4;
    const LN2_LOW: f32 = -2.121_944_4e-4;
    // Adding 1.5 × 2^23 rounds to an integer in the low mantissa bits (no rounding instruction needed).
    const ROUNDER: f32 = 12_582_912.0;
    let x = x.clamp(-87.3, 88.7);
    let shifted = x * LOG2_E + ROUNDER;
    let n = shifted - ROUNDER;
    let r = x - n * LN2_HIGH - n * LN2_LOW;
    let mut p = 1.987_569_1e-4f32;
    p = p * r + 1.398_199_9e-3;
    p = p * r + 8.333_452e-3;
    p = p * r + 4.166_579_6e-2;
    p = p * r + 0.166_666_65;
    p = p * r + 0.5;
    let y = p * r * r + r + 1.0;
    // 2^n: n (within ±128) sits in the low bits of `shifted`.
    let exponent = (shifted.to_bits() as i32).wrapping_sub(ROUNDER.to_bits() as i32).wrapping_add(127) << 23;
    y * f32::from_bits(exponent as u32)
}

/// Defines `pub fn $name` running `$body` compiled for the family in use ([`super::cpu::isa`]): AVX-512, AVX2 +
/// FMA, or the baseline.
macro_rules! dispatched {
    ($(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty $body:block) => {
        $(#[$doc])*
        pub fn $name($($arg: $ty),*) -> $ret {
            $name::on(super::cpu::isa(), $($arg),*)
        }

        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[inline(always)]
            fn body($($arg: $ty),*) -> $ret $body

            /// The function compiled for `isa`, which must run on this CPU.
            pub fn on(isa: crate::engine::marian::cpu::Isa, $($arg: $ty),*) -> $ret {
                #[cfg(target_arch = "x86_64")]
                {
                    #[target_feature(enable = "avx512f")]
                    fn wide($($arg: $ty),*) -> $ret {
                        body($($arg),*)
                    }
                    #[target_feature(enable = "avx2,fma")]
                    fn avx2($($arg: $ty),*) -> $ret {
                        body($($arg),*)
                    }
                    match isa {
                        // SAFETY: the CPU has AVX-512F (cpu::isa only returns a family the CPU runs; the tests
                        // only pass those).
                        crate::engine::marian::cpu::Isa::Avx512 => return unsafe { wide($($arg),*) },
                        // SAFETY: as above, AVX2 and FMA.
                        crate::engine::marian::cpu::Isa::Avx2 => return unsafe { avx2($($arg),*) },
                        crate::engine::marian::cpu::Isa::Portable => {}
                    }
                }
                let _ = isa;
                body($($arg),*)
            }
        }
    };
}

dispatched! {
    /// The largest value (−∞ for none).
    fn max(values: &[f32]) -> f32 {
        let mut lanes = [f32::NEG_INFINITY; 16];
        let chunks = values.chunks_exact(16);
        let tail = chunks.remainder().iter().copied().fold(f32::NEG_INFINITY, f32::max);
        for chunk in chunks {
            for i in 0..16 {
                lanes[i] = lanes[i].max(chunk[i]);
            }
        }
        lanes.iter().copied().fold(tail, f32::max)
    }
}

dispatched! {
    /// `Σ e^(v − shift)` over the values.
    fn sum_exp(values: &[f32], shift: f32) -> f32 {
        let mut lanes = [0f32; 16];
        let chunks = values.chunks_exact(16);
        let tail: f32 = chunks.remainder().iter().map(|&v| exp(v - shift)).sum();
        for chunk in chunks {
            for i in 0..16 {
                lanes[i] += exp(chunk[i] - shift);
            }
        }
        lanes.iter().sum::<f32>() + tail
    }
}

dispatched! {
    /// `v ← v · sigmoid(v)` (swish / SiLU, OPUS-MT's activation).
    fn swish(values: &mut [f32]) -> () {
        for v in values.iter_mut() {
            *v /= 1.0 + exp(-*v);
        }
    }
}

dispatched! {
    /// Softmax attention of one query `q` (one head) over the keys and values at `offsets` in `keys` and
    /// `values` (head_dim values each); `scores` (as many as offsets) is scratch space, `out` (head_dim) receives
    /// the weighted sum of the values.
    fn attend(q: &[f32], keys: &[f32], values: &[f32], offsets: &[usize], scores: &mut [f32], out: &mut [f32]) -> () {
        let dim = q.len();
        let scores = &mut scores[..offsets.len()];
        for (score, &at) in scores.iter_mut().zip(offsets) {
            *score = dot(q, &keys[at..][..dim]);
        }
        let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let mut sum = 0f32;
        for score in scores.iter_mut() {
            *score = exp(*score - max);
            sum += *score;
        }
        out.fill(0.0);
        for (&p, &at) in scores.iter().zip(offsets) {
            let p = p / sum;
            out.iter_mut().zip(&values[at..][..dim]).for_each(|(o, &v)| *o += p * v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::marian::cpu::Isa;

    /// Every family this CPU runs: each test checks all of them.
    fn families() -> Vec<Isa> {
        [Isa::Portable, Isa::Avx2, Isa::Avx512].into_iter().filter(|isa| isa.runs_here()).collect()
    }

    #[test]
    fn exp_is_within_a_few_ulps_of_the_library() {
        let mut worst = 0f64;
        for i in -87_000..=88_000 {
            let x = i as f32 / 1000.0 + 0.000_37;
            let (got, want) = (f64::from(exp(x)), f64::from(x).exp());
            worst = worst.max((got - want).abs() / want);
        }
        assert!(worst < 3e-7, "relative error {worst}");
        assert_eq!(exp(0.0), 1.0);
        assert!(exp(-1000.0) < 1e-37 && exp(f32::NEG_INFINITY) < 1e-37);
    }

    #[test]
    fn attention_is_the_softmax_weighted_sum_of_the_values_at_the_offsets() {
        // A head of 5 (tails only), 19 (vectors and a tail) and 64 values (OPUS-MT's heads), over keys anywhere in
        // the buffers, in any order: what the lineage of a beam gives.
        for (dim, count) in [(5usize, 4usize), (19, 9), (64, 37)] {
            let len = dim * (count + 3);
            let keys: Vec<f32> = (0..len).map(|i| ((i * 7 % 13) as f32 - 6.0) / 4.0).collect();
            let values: Vec<f32> = (0..len).map(|i| ((i * 5 % 11) as f32 - 5.0) / 3.0).collect();
            let q: Vec<f32> = (0..dim).map(|i| ((i * 3 % 7) as f32 - 3.0) / (dim as f32).sqrt()).collect();
            let offsets: Vec<usize> = (0..count).map(|i| ((i * 5 + 2) % (count + 3)) * dim).collect();
            let logits: Vec<f64> = offsets
                .iter()
                .map(|&at| (0..dim).map(|d| f64::from(q[d]) * f64::from(keys[at + d])).sum::<f64>())
                .collect();
            let max = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let weights: Vec<f64> = logits.iter().map(|l| (l - max).exp()).collect();
            let total: f64 = weights.iter().sum();
            for isa in families() {
                let (mut scores, mut out) = (vec![0f32; offsets.len()], vec![0f32; dim]);
                attend::on(isa, &q, &keys, &values, &offsets, &mut scores, &mut out);
                for d in 0..dim {
                    let want: f64 =
                        offsets.iter().zip(&weights).map(|(&at, w)| w / total * f64::from(values[at + d])).sum();
                    let got = f64::from(out[d]);
                    assert!((got - want).abs() < 1e-5, "{isa:?} head {dim}, output {d}: {got} against {want}");
                }
            }
        }
    }

    #[test]
    fn reductions_and_swish_match_their_definitions() {
        for isa in families() {
            // Ragged lengths: whole vectors of every width, and tails of every size.
            for len in [0, 1, 7, 8, 9, 15, 16, 17, 33, 1003] {
                let values: Vec<f32> = (0..len).map(|i| ((i * 37 % 101) as f32 - 50.0) / 7.0).collect();
                let largest = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                assert_eq!(max::on(isa, &values), largest, "{isa:?} max of {len}");
                let want: f64 = values.iter().map(|&v| (f64::from(v) - 3.0).exp()).sum();
                let got = f64::from(sum_exp::on(isa, &values, 3.0));
                assert!((got - want).abs() <= 1e-5 * want, "{isa:?} sum_exp of {len}: {got} against {want}");
                let mut swished = values.clone();
                swish::on(isa, &mut swished);
                for (&s, &v) in swished.iter().zip(&values) {
                    let want = f64::from(v) / (1.0 + (-f64::from(v)).exp());
                    let close = (f64::from(s) - want).abs() < 1e-6 * (1.0 + want.abs());
                    assert!(close, "{isa:?} swish({v}) = {s}, not {want}");
                }
            }
        }
    }
}
