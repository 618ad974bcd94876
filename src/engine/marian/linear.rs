//! The matrix products of the Marian layers, `y = x · Wᵀ + b`, with the weight packed once at load.
//!
//! A checkpoint stores a weight as (out, in) rows. Here it is re-laid in panels of 64 outputs: panel p holds, for
//! every input k, the 64 weights of outputs 64p … 64p + 63 side by side. A product then reads each panel once as
//! one contiguous stream and keeps it in cache while every row of `x` goes past it; 64 outputs are four AVX-512
//! vectors, so a micro-tile of up to 6 rows × 64 outputs lives in 24 registers and each weight load feeds 6
//! fused multiply-adds. This beats the general matrix product library on the shapes decoding has (1 to 64 rows
//! against a 54,000-output layer) because nothing is re-packed per call and one-row products stream the weight
//! at memory speed; the kernel is chosen at run time (AVX-512, AVX2 + FMA, or portable code). The AVX2 kernel
//! computes a panel in passes of 16 outputs, so for it each panel is stored as four slices of 16 outputs, each
//! slice's inputs one after another: a pass then reads consecutive cache lines, where the 64-wide rows put one
//! pass's lines 256 bytes apart, in a quarter of the first-level cache's sets (measured on AMD Zen 3: the f32
//! decode ran 1.09× faster at batch 16 with beam 4, 1.28× greedy, 1.43× at batch 1 with beam 4). It also reads
//! `x` with each tile's rows interleaved input by input, so that a step's six broadcasts are fixed offsets from
//! one pointer: the loop had as many address computations as multiply-adds (measured on Zen 3: the 64-row
//! product with the output layer 1.2–1.4× faster, the whole decode at batch 16 with beam 4 1.04×).

use std::sync::OnceLock;

use rayon::prelude::*;

/// Outputs per panel: four AVX-512 vectors.
const PANEL: usize = 64;
/// Rows of `x` per micro-tile: 6 rows × 4 vectors are 24 accumulators, which with the 4 weight vectors and the
/// broadcast input fit AVX-512's 32 registers; each weight load then feeds 6 multiply-adds.
const TILE_ROWS: usize = 6;
/// Outputs per slice of a panel packed for the AVX2 kernel: one pass of its 6-row tile (two ymm vectors).
const AVX2_SLICE: usize = 16;
/// Inputs per block when several row tiles share a panel: 128 × 64 weights are 32 KiB, which stays in the
/// first-level cache while the row tiles go past.
const K_BLOCK: usize = 128;

/// A linear layer's weight (and bias) packed for [`PackedLinear::forward`] on one kernel.
pub struct PackedLinear {
    d_in: usize,
    d_out: usize,
    /// `d_out.div_ceil(PANEL)` panels of `d_in × PANEL` weights in slices of [`slice_width`] outputs; outputs past
    /// `d_out` are zero.
    panels: Vec<f32>,
    bias: Option<Vec<f32>>,
    kernel: Kernel,
}

/// Outputs per slice of a panel for a kernel: within a panel, slice s holds, for every input k, the weights of
/// outputs `width·s … width·s + width − 1` side by side, and the slices follow one another.
fn slice_width(kernel: Kernel) -> usize {
    match kernel {
        #[cfg(target_arch = "x86_64")]
        Kernel::Avx2 => AVX2_SLICE,
        _ => PANEL,
    }
}

/// Where the weight of input `k` for output `column` of a panel is, within the panel.
#[inline(always)]
fn panel_offset(width: usize, d_in: usize, k: usize, column: usize) -> usize {
    (column / width) * d_in * width + k * width + column % width
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kernel {
    #[cfg(target_arch = "x86_64")]
    Avx512,
    #[cfg(target_arch = "x86_64")]
    Avx2,
    Portable,
}

/// The kernel of the family in use (`DICH_CPU`, else the widest this CPU has), chosen once.
fn kernel() -> Kernel {
    static KERNEL: OnceLock<Kernel> = OnceLock::new();
    *KERNEL.get_or_init(|| match super::cpu::isa() {
        #[cfg(target_arch = "x86_64")]
        super::cpu::Isa::Avx512 => Kernel::Avx512,
        #[cfg(target_arch = "x86_64")]
        super::cpu::Isa::Avx2 => Kernel::Avx2,
        _ => Kernel::Portable,
    })
}

/// The output matrix shared by the tasks of one product; each task writes only its own panels' columns.
#[derive(Clone, Copy)]
struct Output {
    y: *mut f32,
    d_out: usize,
}
// SAFETY: tasks write disjoint column ranges of the output (see `PackedLinear::forward_with`), and the output
// outlives them (rayon's scoped parallel iterators join before `forward_with` returns).
unsafe impl Send for Output {}
unsafe impl Sync for Output {}

impl Output {
    /// Where `(row, column)` is.
    ///
    /// # Safety
    /// The position must be inside the output.
    unsafe fn at(self, row: usize, column: usize) -> *mut f32 {
        // SAFETY: the caller keeps the position inside the output.
        unsafe { self.y.add(row * self.d_out + column) }
    }
}

impl PackedLinear {
    /// Packs a weight stored (d_out, d_in) row-major, and its bias (d_out), for the kernel in use.
    pub fn new(weight: &[f32], d_out: usize, d_in: usize, bias: Option<Vec<f32>>) -> PackedLinear {
        PackedLinear::for_kernel(kernel(), weight, d_out, d_in, bias)
    }

    fn for_kernel(kernel: Kernel, weight: &[f32], d_out: usize, d_in: usize, bias: Option<Vec<f32>>) -> PackedLinear {
        assert_eq!(weight.len(), d_out * d_in, "weight of {d_out} × {d_in}");
        assert!(bias.as_ref().is_none_or(|b| b.len() == d_out), "bias of {d_out}");
        let mut panels = vec![0f32; d_out.div_ceil(PANEL) * d_in * PANEL];
        let width = slice_width(kernel);
        if d_in > 0 {
            panels.par_chunks_mut(d_in * PANEL).enumerate().for_each(|(p, panel)| {
                for j in 0..PANEL.min(d_out - p * PANEL) {
                    let row = &weight[(p * PANEL + j) * d_in..][..d_in];
                    for (k, &w) in row.iter().enumerate() {
                        panel[panel_offset(width, d_in, k, j)] = w;
                    }
                }
            });
        }
        PackedLinear { d_in, d_out, panels, bias, kernel }
    }

    pub fn d_in(&self) -> usize {
        self.d_in
    }

    pub fn d_out(&self) -> usize {
        self.d_out
    }

    /// Row `o` of the weight as stored in the checkpoint (the token embedding, when the output layer is tied).
    pub fn weight_row(&self, o: usize, out: &mut [f32]) {
        let panel = &self.panels[(o / PANEL) * self.d_in * PANEL..][..self.d_in * PANEL];
        let width = slice_width(self.kernel);
        for (k, value) in out[..self.d_in].iter_mut().enumerate() {
            *value = panel[panel_offset(width, self.d_in, k, o % PANEL)];
        }
    }

    /// `x · Wᵀ + b` for `x` of (rows, d_in).
    pub fn forward(&self, x: &[f32]) -> Vec<f32> {
        let mut y = Vec::new();
        self.forward_into(x, &mut y);
        y
    }

    /// [`PackedLinear::forward`] into a buffer kept between calls (the 54,000-wide logits of every step).
    pub fn forward_into(&self, x: &[f32], y: &mut Vec<f32>) {
        let (kernel, d_in, d_out) = (self.kernel, self.d_in, self.d_out);
        let rows = x.len().checked_div(d_in).unwrap_or(0);
        assert_eq!(x.len(), rows * d_in, "input of {d_in} columns");
        // Every value is written below (the first input block starts from the bias), so the buffer is not
        // cleared first: the logits of a beam step at batch 16 are 14 MB.
        y.resize(rows * d_out, 0.0);
        // No inputs count as no rows (`checked_div`).
        if rows == 0 || d_out == 0 {
            return;
        }
        let out = Output { y: y.as_mut_ptr(), d_out };
        let panel_count = d_out.div_ceil(PANEL);
        // A few tasks per thread, so that an unevenly loaded core does not leave the other one waiting.
        let per_task = panel_count.div_ceil(4 * rayon::current_num_threads()).max(1);
        // With several row tiles, the inputs are taken in blocks whose slice of the panel stays in the first-level
        // cache while every row tile goes past it.
        let block = if rows > TILE_ROWS { K_BLOCK } else { d_in };
        let x = &*interleave_rows(kernel, x, rows, d_in);
        self.panels.par_chunks(per_task * d_in * PANEL).enumerate().for_each(|(task, panels)| {
            let count = panels.len() / (d_in * PANEL);
            for (i, panel) in panels.chunks(d_in * PANEL).enumerate() {
                let next = (i + 1 < count).then(|| &panels[(i + 1) * d_in * PANEL..][..d_in * PANEL]);
                let first = (task * per_task + i) * PANEL;
                let columns = PANEL.min(d_out - first);
                let mut bias = [0f32; PANEL];
                if let Some(own) = &self.bias {
                    bias[..columns].copy_from_slice(&own[first..][..columns]);
                }
                for k_start in (0..d_in).step_by(block) {
                    let inputs = k_start..(k_start + block).min(d_in);
                    for row in (0..rows).step_by(TILE_ROWS) {
                        let tile = Tile {
                            x: &x[row * d_in..(row + TILE_ROWS).min(rows) * d_in],
                            d_in,
                            inputs: inputs.clone(),
                            panel,
                            bias: &bias,
                            columns,
                            ahead: if row == 0 { next } else { None },
                        };
                        // SAFETY: this task alone writes columns first..first + columns of these rows (panels are
                        // split between tasks), all inside `y`, which is alive until the iterator joins.
                        unsafe { tile.run(kernel, out.at(row, first), out.d_out) };
                    }
                }
            }
        });
    }

    /// Bytes of weights and bias held.
    pub fn memory_bytes(&self) -> usize {
        (self.panels.len() + self.bias.as_ref().map_or(0, Vec::len)) * std::mem::size_of::<f32>()
    }
}

/// `x` (rows × d_in) as the kernel reads it: for AVX2, each tile's rows interleaved input by input (input k of
/// row r of a tile of R rows at `k · R + r` from the tile's start, `first row · d_in`), so that the tile's
/// broadcasts read consecutive values at fixed offsets from one pointer; for the others, as it is.
fn interleave_rows(kernel: Kernel, x: &[f32], rows: usize, d_in: usize) -> std::borrow::Cow<'_, [f32]> {
    #[cfg(target_arch = "x86_64")]
    if kernel == Kernel::Avx2 && rows > 1 {
        let mut tiles = vec![0f32; x.len()];
        for (first, tile) in tiles.chunks_mut(TILE_ROWS * d_in).enumerate() {
            let rows = tile.len() / d_in;
            let source = &x[first * TILE_ROWS * d_in..][..rows * d_in];
            for (r, row) in source.chunks_exact(d_in).enumerate() {
                for (k, &value) in row.iter().enumerate() {
                    tile[k * rows + r] = value;
                }
            }
        }
        return tiles.into();
    }
    let _ = (kernel, rows, d_in);
    x.into()
}

/// One micro-tile: up to [`TILE_ROWS`] rows of `x` times one panel, over a block of inputs. The first block
/// starts from the bias, later ones add to what the earlier blocks wrote.
struct Tile<'a> {
    /// rows × d_in, as [`interleave_rows`] lays it out for the kernel.
    x: &'a [f32],
    d_in: usize,
    /// The inputs (columns of `x`, rows of the panel) of this block.
    inputs: std::ops::Range<usize>,
    /// d_in × PANEL
    panel: &'a [f32],
    bias: &'a [f32; PANEL],
    /// Outputs of the panel that exist (the last panel may be partial).
    columns: usize,
    /// The panel computed next, which the first row tile of a panel fetches into cache while it computes: the
    /// other row tiles find their panel in cache, so only this fetch meets memory, and it overlaps arithmetic.
    ahead: Option<&'a [f32]>,
}

impl Tile<'_> {
    fn rows(&self) -> usize {
        self.x.len() / self.d_in
    }

    /// Adds the tile's `rows × columns` results at `y` (row stride `stride`), or writes them for the first block.
    ///
    /// # Safety
    /// `y` must be valid for reads and writes of `columns` values at each of the tile's rows, `stride` apart.
    unsafe fn run(&self, kernel: Kernel, y: *mut f32, stride: usize) {
        match kernel {
            // SAFETY (both arms): the kernel's CPU features were detected by `kernel()`; the slices' lengths
            // bound every read (checked by the asserts in `x86`), and the caller vouches for `y`.
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx512 => unsafe { x86::tile_avx512(self, y, stride) },
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2 => unsafe { x86::tile_avx2(self, y, stride) },
            Kernel::Portable => {
                let mut values = [0f32; TILE_ROWS * PANEL];
                // SAFETY: the caller vouches for `columns` values per row at `y + r × stride`.
                unsafe { self.start_values(&mut values, y, stride) };
                self.portable(&mut values);
                unsafe { self.store_values(&values, y, stride) };
            }
        }
    }

    /// Fills `values` (rows × PANEL) with what the block starts from: the bias, or the results so far at `y`.
    ///
    /// # Safety
    /// As for [`Tile::run`].
    unsafe fn start_values(&self, values: &mut [f32; TILE_ROWS * PANEL], y: *const f32, stride: usize) {
        for (r, row) in values.chunks_mut(PANEL).take(self.rows()).enumerate() {
            if self.inputs.start == 0 {
                row.copy_from_slice(self.bias);
            } else {
                // SAFETY: the caller vouches for `columns` values at `y + r × stride`.
                unsafe { std::ptr::copy_nonoverlapping(y.add(r * stride), row.as_mut_ptr(), self.columns) };
            }
        }
    }

    /// Writes the existing columns of `values` (rows × PANEL) to `y`.
    ///
    /// # Safety
    /// As for [`Tile::run`].
    unsafe fn store_values(&self, values: &[f32; TILE_ROWS * PANEL], y: *mut f32, stride: usize) {
        for r in 0..self.rows() {
            // SAFETY: the caller vouches for `columns` values at `y + r × stride`.
            unsafe { std::ptr::copy_nonoverlapping(values[r * PANEL..].as_ptr(), y.add(r * stride), self.columns) };
        }
    }

    /// The block in plain code (which the compiler vectorizes for the baseline CPU), added to `values`.
    fn portable(&self, values: &mut [f32; TILE_ROWS * PANEL]) {
        for (r, acc) in values.chunks_mut(PANEL).take(self.rows()).enumerate() {
            let x = &self.x[r * self.d_in..][self.inputs.clone()];
            let panel = &self.panel[self.inputs.start * PANEL..self.inputs.end * PANEL];
            for (&xk, w) in x.iter().zip(panel.chunks_exact(PANEL)) {
                for (a, &w) in acc.iter_mut().zip(w) {
                    *a += xk * w;
                }
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use std::arch::x86_64::*;

    use super::{Tile, AVX2_SLICE, PANEL, TILE_ROWS};

    /// Vectors of 16 lanes per panel.
    const VECTORS: usize = PANEL / 16;

    /// AVX-512 tile.
    ///
    /// # Safety
    /// The CPU has AVX-512F; `y` as for [`Tile::run`].
    #[target_feature(enable = "avx512f")]
    pub(super) unsafe fn tile_avx512(tile: &Tile, y: *mut f32, stride: usize) {
        assert!(tile.inputs.end <= tile.d_in && tile.panel.len() >= tile.d_in * PANEL);
        assert!(tile.ahead.is_none_or(|a| a.len() >= tile.d_in * PANEL));
        // SAFETY: the features are enabled on this function; the row count selects a tile size it matches.
        unsafe {
            match tile.rows() {
                1 => avx512_one_row(tile, y),
                2 => avx512_rows::<2>(tile, y, stride),
                3 => avx512_rows::<3>(tile, y, stride),
                4 => avx512_rows::<4>(tile, y, stride),
                5 => avx512_rows::<5>(tile, y, stride),
                _ => avx512_rows::<TILE_ROWS>(tile, y, stride),
            }
        }
    }

    /// Mask of the lanes of vector `v` of a panel that hold existing outputs.
    fn lanes(columns: usize, v: usize) -> __mmask16 {
        let n = columns.saturating_sub(16 * v);
        if n >= 16 {
            0xffff
        } else {
            ((1u32 << n) - 1) as __mmask16
        }
    }

    /// What one row's accumulators start from: the bias for the first block, else the results so far at `y`.
    #[target_feature(enable = "avx512f")]
    unsafe fn start_row(tile: &Tile, y: *const f32) -> [__m512; VECTORS] {
        // SAFETY: `bias` has PANEL values; the masks keep the loads within the `columns` values at `y`.
        unsafe {
            std::array::from_fn(|v| {
                if tile.inputs.start == 0 {
                    _mm512_loadu_ps(tile.bias.as_ptr().add(16 * v))
                } else {
                    _mm512_maskz_loadu_ps(lanes(tile.columns, v), y.add(16 * v))
                }
            })
        }
    }

    /// Stores one row's accumulators, only the panel's existing columns.
    #[target_feature(enable = "avx512f")]
    unsafe fn store_row(tile: &Tile, acc: &[__m512; VECTORS], y: *mut f32) {
        for (v, &acc) in acc.iter().enumerate() {
            // SAFETY: the mask keeps the store within the `columns` values at `y`.
            unsafe { _mm512_mask_storeu_ps(y.add(16 * v), lanes(tile.columns, v), acc) };
        }
    }

    /// Fetches the part of the next panel that input `k` corresponds to, so that the next panel is in cache by
    /// the time it is computed.
    #[inline(always)]
    fn prefetch(tile: &Tile, k: usize) {
        if let Some(ahead) = tile.ahead {
            for line in (0..PANEL).step_by(16) {
                // SAFETY: prefetching never faults; the address is inside the next panel (asserted length).
                unsafe { _mm_prefetch::<_MM_HINT_T1>(ahead.as_ptr().add(k * PANEL + line).cast()) };
            }
        }
    }

    /// Exactly `R` rows: R × 4 accumulators, each weight load feeding R multiply-adds.
    #[target_feature(enable = "avx512f")]
    unsafe fn avx512_rows<const R: usize>(tile: &Tile, y: *mut f32, stride: usize) {
        let d_in = tile.d_in;
        assert!(tile.x.len() >= R * d_in);
        let (x, w) = (tile.x.as_ptr(), tile.panel.as_ptr());
        // SAFETY: reads stay within `x` (R × d_in) and the panel (d_in × PANEL), as asserted; `y` is vouched for.
        unsafe {
            let mut acc: [[__m512; VECTORS]; R] = std::array::from_fn(|r| start_row(tile, y.add(r * stride)));
            for k in tile.inputs.clone() {
                prefetch(tile, k);
                let weights: [__m512; VECTORS] = std::array::from_fn(|v| _mm512_loadu_ps(w.add(k * PANEL + 16 * v)));
                for (r, acc) in acc.iter_mut().enumerate() {
                    let xv = _mm512_set1_ps(*x.add(r * d_in + k));
                    for (a, &wv) in acc.iter_mut().zip(&weights) {
                        *a = _mm512_fmadd_ps(xv, wv, *a);
                    }
                }
            }
            for (r, acc) in acc.iter().enumerate() {
                store_row(tile, acc, y.add(r * stride));
            }
        }
    }

    /// One row: the product streams the panel, so two inputs are in flight at once to hide the latency of the
    /// multiply-adds (a set of accumulators per input of a pair, summed at the end).
    #[target_feature(enable = "avx512f")]
    unsafe fn avx512_one_row(tile: &Tile, y: *mut f32) {
        assert!(!tile.x.is_empty());
        let (x, w) = (tile.x.as_ptr(), tile.panel.as_ptr());
        let inputs = tile.inputs.clone();
        let pairs_end = inputs.start + inputs.len() / 2 * 2;
        // SAFETY: reads stay within `x` (d_in) and the panel (d_in × PANEL), as asserted in `tile_avx512`.
        unsafe {
            let mut acc = [start_row(tile, y), [_mm512_setzero_ps(); VECTORS]];
            let mut step = |set: usize, k: usize| {
                let xv = _mm512_set1_ps(*x.add(k));
                for (v, a) in acc[set].iter_mut().enumerate() {
                    *a = _mm512_fmadd_ps(xv, _mm512_loadu_ps(w.add(k * PANEL + 16 * v)), *a);
                }
            };
            for k in (inputs.start..pairs_end).step_by(2) {
                prefetch(tile, k);
                prefetch(tile, k + 1);
                step(0, k);
                step(1, k + 1);
            }
            if pairs_end < inputs.end {
                prefetch(tile, pairs_end);
                step(0, pairs_end);
            }
            let sum: [__m512; VECTORS] = std::array::from_fn(|v| _mm512_add_ps(acc[0][v], acc[1][v]));
            store_row(tile, &sum, y);
        }
    }

    /// AVX2 + FMA tile, the AVX-512 design fitted to 16 ymm registers: the panel's 64 outputs are 8 vectors of 8,
    /// computed in passes of `V` vectors for `R` rows, so that the R × V accumulators, the V weight vectors and the
    /// broadcast input fit: 1 row × 8 vectors (one pass, weights straight from memory into the multiply-adds),
    /// 2 rows × 4, and 3 to 6 rows × 2 (the 6 × 16 tile: 12 accumulators, each weight load feeding 6
    /// multiply-adds). The rows of `x` of one pass are re-read from the first-level cache by the next.
    ///
    /// # Safety
    /// The CPU has AVX2 and FMA; `y` as for [`Tile::run`].
    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn tile_avx2(tile: &Tile, y: *mut f32, stride: usize) {
        assert!(tile.inputs.end <= tile.d_in && tile.panel.len() >= tile.d_in * PANEL);
        assert!(tile.ahead.is_none_or(|a| a.len() >= tile.d_in * PANEL));
        // SAFETY: the features are enabled on this function; the row count selects a tile size it matches.
        unsafe {
            match tile.rows() {
                1 => avx2_rows::<1, 8>(tile, y, stride),
                2 => avx2_rows::<2, 4>(tile, y, stride),
                3 => avx2_rows::<3, 2>(tile, y, stride),
                4 => avx2_rows::<4, 2>(tile, y, stride),
                5 => avx2_rows::<5, 2>(tile, y, stride),
                _ => avx2_rows::<TILE_ROWS, 2>(tile, y, stride),
            }
        }
    }

    /// Lanes of the 8 outputs from `first` that exist (all ones) or not (zero), for masked loads and stores.
    #[target_feature(enable = "avx2")]
    fn lanes_avx2(columns: usize, first: usize) -> __m256i {
        let index = _mm256_add_epi32(_mm256_set1_epi32(first as i32), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
        _mm256_cmpgt_epi32(_mm256_set1_epi32(columns as i32), index)
    }

    /// Exactly `R` rows, `V` vectors of 8 outputs per pass over the block's inputs.
    #[target_feature(enable = "avx2,fma")]
    unsafe fn avx2_rows<const R: usize, const V: usize>(tile: &Tile, y: *mut f32, stride: usize) {
        let d_in = tile.d_in;
        assert!(tile.x.len() >= R * d_in && PANEL.is_multiple_of(8 * V));
        let (x, w) = (tile.x.as_ptr(), tile.panel.as_ptr());
        // The panel is in slices of 16 outputs (`slice_width`): vector v of a pass starts at `starts[v]` and moves
        // on by 16 floats per input; each slice a pass reads is one cache line per input, and so one prefetch of
        // the next panel, at the vectors that begin a slice.
        for first in (0..tile.columns).step_by(8 * V) {
            let starts: [usize; V] = std::array::from_fn(|v| super::panel_offset(AVX2_SLICE, d_in, 0, first + 8 * v));
            let masks: [__m256i; V] = std::array::from_fn(|v| lanes_avx2(tile.columns, first + 8 * v));
            // Masked stores are microcoded and slow on AMD Zen 2/3 (measured on Zen 3: the whole f32 decode at
            // batch 16, beam 4 ran 1.18× faster without them), so only the last panel's partial passes use them.
            let full = first + 8 * V <= tile.columns;
            // SAFETY: reads stay within `x` (R × d_in), the panel (d_in × PANEL) and the bias (PANEL), as asserted;
            // the masks keep the accesses to `y` within its `columns` values per row, which the caller vouches for.
            unsafe {
                let mut acc: [[__m256; V]; R] = std::array::from_fn(|r| {
                    std::array::from_fn(|v| {
                        if tile.inputs.start == 0 {
                            _mm256_loadu_ps(tile.bias.as_ptr().add(first + 8 * v))
                        } else if full {
                            _mm256_loadu_ps(y.add(r * stride + first + 8 * v))
                        } else {
                            _mm256_maskload_ps(y.wrapping_add(r * stride + first + 8 * v), masks[v])
                        }
                    })
                });
                // The tile's rows are interleaved (`interleave_rows`): input k of row r is at k · R + r.
                macro_rules! step {
                    ($k:expr) => {
                        let k = $k;
                        let weights: [__m256; V] =
                            std::array::from_fn(|v| _mm256_loadu_ps(w.add(starts[v] + k * AVX2_SLICE)));
                        for (r, acc) in acc.iter_mut().enumerate() {
                            let xv = _mm256_broadcast_ss(&*x.add(k * R + r));
                            for (a, &wv) in acc.iter_mut().zip(&weights) {
                                *a = _mm256_fmadd_ps(xv, wv, *a);
                            }
                        }
                    };
                }
                match tile.ahead {
                    Some(ahead) => {
                        for k in tile.inputs.clone() {
                            for &start in starts.iter().step_by(AVX2_SLICE / 8) {
                                _mm_prefetch::<_MM_HINT_T1>(ahead.as_ptr().add(start + k * AVX2_SLICE).cast());
                            }
                            step!(k);
                        }
                    }
                    None => {
                        for k in tile.inputs.clone() {
                            step!(k);
                        }
                    }
                }
                for (r, acc) in acc.iter().enumerate() {
                    for (v, &a) in acc.iter().enumerate() {
                        if full {
                            _mm256_storeu_ps(y.add(r * stride + first + 8 * v), a);
                        } else {
                            _mm256_maskstore_ps(y.wrapping_add(r * stride + first + 8 * v), masks[v], a);
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_texts::TestRng;

    fn random(rng: &mut TestRng, n: usize) -> Vec<f32> {
        (0..n).map(|_| (rng.below(2001) as f32 - 1000.0) / 1000.0).collect()
    }

    /// The product the plain way, in f64.
    fn reference(w: &[f32], x: &[f32], bias: Option<&[f32]>, d_out: usize, d_in: usize) -> Vec<f64> {
        let rows = x.len() / d_in.max(1);
        let mut y = vec![0f64; rows * d_out];
        for r in 0..rows {
            for o in 0..d_out {
                let dot: f64 = (0..d_in).map(|k| f64::from(x[r * d_in + k]) * f64::from(w[o * d_in + k])).sum();
                y[r * d_out + o] = dot + bias.map_or(0.0, |b| f64::from(b[o]));
            }
        }
        y
    }

    fn kernels() -> Vec<Kernel> {
        let mut all = vec![Kernel::Portable];
        #[cfg(target_arch = "x86_64")]
        {
            if std::is_x86_feature_detected!("avx512f") {
                all.push(Kernel::Avx512);
            }
            if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
                all.push(Kernel::Avx2);
            }
        }
        all
    }

    #[test]
    fn every_kernel_computes_the_product_on_ragged_shapes() {
        let mut rng = TestRng::new(7);
        for &(rows, d_in, d_out) in &[
            (1, 1, 1),
            (1, 5, 33),
            (1, 301, 130),
            (2, 17, 31),
            (3, 64, 64),
            (6, 9, 40),
            (7, 300, 65),
            (13, 100, 7),
            (4, 129, 45),
            (5, 33, 100),
            (11, 260, 70),
            (2, 140, 90),
            (70, 48, 197),
            (20, 700, 64),
        ] {
            let w = random(&mut rng, d_out * d_in);
            let x = random(&mut rng, rows * d_in);
            let bias = random(&mut rng, d_out);
            let expected = reference(&w, &x, Some(&bias), d_out, d_in);
            for kernel in kernels() {
                let layer = PackedLinear::for_kernel(kernel, &w, d_out, d_in, Some(bias.clone()));
                // Into a buffer a larger product left full: every value must be written, none kept.
                let mut y = vec![f32::NAN; rows * d_out + 5];
                layer.forward_into(&x, &mut y);
                assert_eq!(y.len(), expected.len());
                for (i, (&got, &want)) in y.iter().zip(&expected).enumerate() {
                    // Rounding of f32 sums of d_in products of values ≤ 1.
                    let tolerance = 1e-6 * (d_in as f64 + 1.0) * 4.0;
                    assert!(
                        (f64::from(got) - want).abs() <= tolerance,
                        "{kernel:?} {rows}×{d_in}→{d_out} at {i}: {got} against {want}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_layer_bias_applies_and_weight_rows_come_back() {
        let mut rng = TestRng::new(3);
        let (d_out, d_in) = (71, 12);
        let w = random(&mut rng, d_out * d_in);
        let bias = random(&mut rng, d_out);
        for kernel in kernels() {
            let layer = PackedLinear::for_kernel(kernel, &w, d_out, d_in, Some(bias.clone()));
            let zeros = vec![0f32; 2 * d_in];
            assert_eq!(layer.forward(&zeros), [bias.clone(), bias.clone()].concat());
            let mut row = vec![0f32; d_in];
            for o in [0, 15, 16, 31, 32, 44, 63, 64, 70] {
                layer.weight_row(o, &mut row);
                assert_eq!(row, &w[o * d_in..][..d_in], "{kernel:?}, output {o}");
            }
        }
    }

    #[test]
    fn empty_inputs_give_empty_outputs() {
        let layer = PackedLinear::new(&[], 0, 4, None);
        assert!(layer.forward(&[1.0; 8]).is_empty());
        let layer = PackedLinear::new(&[0.5; 12], 3, 4, None);
        assert!(layer.forward(&[]).is_empty());
        let mut y = vec![f32::NAN; 9];
        PackedLinear::new(&[], 3, 0, None).forward_into(&[], &mut y);
        assert!(y.is_empty(), "with no inputs there are no rows: {y:?}");
    }
}
