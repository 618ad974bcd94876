//! Deterministic pseudo-random texts and numbers for the unit tests that compare a fast path with its definition:
//! the same inputs on every run, so a failure repeats.

/// A 64-bit linear congruential sequence (Knuth's MMIX constants); the high bits are used.
pub(crate) struct TestRng(u64);

impl TestRng {
    pub(crate) fn new(seed: u64) -> TestRng {
        TestRng(seed)
    }

    /// A number in `0..n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize % n
    }

    /// A number in [0, 1).
    pub(crate) fn unit(&mut self) -> f32 {
        self.below(1 << 24) as f32 / (1u32 << 24) as f32
    }

    /// Approximately normal (sum of 4 uniforms, variance 1).
    pub(crate) fn normal(&mut self) -> f32 {
        ((0..4).map(|_| self.unit()).sum::<f32>() - 2.0) * 3f32.sqrt()
    }

    pub(crate) fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

/// `count` texts, each the concatenation of fewer than `max_pieces` pieces drawn from `alphabet`.
pub(crate) fn random_texts(seed: u64, alphabet: &[&str], max_pieces: usize, count: usize) -> Vec<String> {
    let mut rng = TestRng::new(seed);
    (0..count)
        .map(|_| {
            let pieces = rng.below(max_pieces);
            (0..pieces).map(|_| rng.pick(alphabet)).collect()
        })
        .collect()
}
