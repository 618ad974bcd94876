//! Int8 matrix products for linear layers: `y = x · Wᵀ + bias` with the weight quantized once, per output row
//! (symmetric, scale = max|w| / 127, as CTranslate2's int8), and the activations quantized per row on each call.
//!
//! The products are exact integer sums; only the final scaling is floating point, done with the same operations
//! in the same order on every path, so the AVX-512 VNNI, AVX-VNNI, AVX2 and portable kernels give bit-identical
//! results (the tests check it). The kernel is chosen once at run time from the CPU's features.
//!
//! Packed weight layout: outputs in panels of 16, and inputs in groups of 4, so one 64-byte line holds 4
//! consecutive inputs of 16 outputs — `line[4·o + j]` is `w[panel·16 + o][group·4 + j]` — which is exactly the
//! operand of one `vpdpbusd` (16 lanes × 4 byte products). Panels go in tiles of [`TILE_PANELS`] (the outputs a
//! kernel computes together), a tile's lines interleaved group by group (group 0 of its 4 panels, then group 1…),
//! so a tile is one sequential stream of memory. Padding (inputs to a multiple of 4, outputs to whole tiles) is
//! zero weight.
//!
//! `vpdpbusd` multiplies unsigned by signed bytes, so the VNNI kernels take the activations shifted by +128 and
//! subtract `128 · Σ w` per output, precomputed at construction. The AVX2 kernel keeps them signed and uses
//! `vpmaddubsw(|x|, sign(w, x))`, which cannot saturate since |x|, |w| ≤ 127 (2 · 127² < 2¹⁵).

use std::sync::OnceLock;

use rayon::prelude::*;

/// Outputs per panel (one 512-bit vector of i32 sums).
const PANEL: usize = 16;
/// Inputs per group (the 4 byte products one i32 lane of `vpdpbusd` sums).
const GROUP: usize = 4;
/// Panels computed together by one tile: their weights are loaded once per group for up to [`TILE_ROWS`] rows.
const TILE_PANELS: usize = 4;
/// Rows computed together by one tile: each broadcast activation is used for [`TILE_PANELS`] panels.
const TILE_ROWS: usize = 6;
/// Largest magnitude of a quantized value (symmetric: -128 never occurs).
const QMAX: f32 = 127.0;
/// Rows per task when there are many (the encoder): a block's quantized rows stay in cache while it sweeps the
/// weight.
const ROW_BLOCK: usize = 64;
/// Tasks aimed at per thread, so that a thread slowed by other work on the machine is made up for by the others.
const TASKS_PER_THREAD: usize = 8;

/// The implementation of the integer products; all give identical results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kernel {
    /// 512-bit `vpdpbusd` (AVX-512 VNNI: Ice Lake server and later, Zen 4).
    Avx512Vnni,
    /// 256-bit `vpdpbusd` (AVX-VNNI: Alder Lake and later client CPUs).
    AvxVnni,
    /// 256-bit `vpmaddubsw` + `vpmaddwd` (any AVX2 CPU).
    Avx2,
    /// Plain Rust, any CPU.
    Portable,
}

impl Kernel {
    /// The fastest kernel this CPU runs, detected once.
    pub fn detect() -> Kernel {
        Kernel::available()[0]
    }

    /// Every kernel this CPU runs, fastest first (the portable one always last); detected once.
    pub fn available() -> &'static [Kernel] {
        static AVAILABLE: OnceLock<Vec<Kernel>> = OnceLock::new();
        AVAILABLE.get_or_init(|| {
            let mut kernels = Vec::new();
            #[cfg(target_arch = "x86_64")]
            {
                if is_x86_feature_detected!("avx512f")
                    && is_x86_feature_detected!("avx512bw")
                    && is_x86_feature_detected!("avx512vnni")
                {
                    kernels.push(Kernel::Avx512Vnni);
                }
                if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("avxvnni") {
                    kernels.push(Kernel::AvxVnni);
                }
                if is_x86_feature_detected!("avx2") {
                    kernels.push(Kernel::Avx2);
                }
            }
            kernels.push(Kernel::Portable);
            kernels
        })
    }

    /// Whether the kernel takes activations shifted to unsigned bytes (`q + 128`).
    fn shifted(self) -> bool {
        matches!(self, Kernel::Avx512Vnni | Kernel::AvxVnni)
    }
}

/// One 64-byte line of packed weights: 4 inputs × 16 outputs. Aligned so each is one cache line and one aligned
/// vector load.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Line([i8; PANEL * GROUP]);

/// A linear layer with an int8 weight; see the module comment for the layout.
pub struct Int8Linear {
    d_out: usize,
    d_in: usize,
    /// Groups of 4 inputs (`d_in` rounded up).
    groups: usize,
    /// Panels of 16 outputs, a multiple of [`TILE_PANELS`].
    panels: usize,
    /// `panels × groups` lines: tile by tile, group by group, panel by panel.
    weights: Vec<Line>,
    /// Per output (padded to `panels · 16`): the weight's scale, `128 · Σ q` (the shift correction), the bias.
    scales: Vec<f32>,
    shift_correction: Vec<i32>,
    bias: Vec<f32>,
    kernel: Kernel,
}

impl std::fmt::Debug for Int8Linear {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Int8Linear")
            .field("d_out", &self.d_out)
            .field("d_in", &self.d_in)
            .field("kernel", &self.kernel)
            .finish_non_exhaustive()
    }
}

impl Int8Linear {
    /// Quantizes and packs `weight`, stored (d_out, d_in) row-major as in the checkpoint; `bias` has d_out values.
    pub fn new(weight: &[f32], d_out: usize, d_in: usize, bias: Option<&[f32]>) -> Int8Linear {
        assert_eq!(weight.len(), d_out * d_in, "weight is not d_out × d_in");
        assert!(d_in > 0, "a linear layer needs inputs");
        if let Some(bias) = bias {
            assert_eq!(bias.len(), d_out, "bias is not d_out long");
        }
        let groups = d_in.div_ceil(GROUP);
        let panels = d_out.div_ceil(PANEL).div_ceil(TILE_PANELS) * TILE_PANELS;
        let padded_out = panels * PANEL;
        let mut weights = vec![Line([0; PANEL * GROUP]); panels * groups];
        let mut scales = vec![0f32; padded_out];
        let mut shift_correction = vec![0i32; padded_out];
        let mut padded_bias = vec![0f32; padded_out];
        let mut row = vec![0u8; d_in];
        for o in 0..d_out {
            let scale = quantize(&weight[o * d_in..][..d_in], &mut row, 0);
            scales[o] = scale;
            shift_correction[o] = 128 * row.iter().map(|&q| i32::from(q as i8)).sum::<i32>();
            let (panel, lane) = (o / PANEL, o % PANEL);
            for (i, &q) in row.iter().enumerate() {
                let q = q as i8;
                let line = ((panel / TILE_PANELS) * groups + i / GROUP) * TILE_PANELS + panel % TILE_PANELS;
                weights[line].0[lane * GROUP + i % GROUP] = q;
            }
        }
        if let Some(bias) = bias {
            padded_bias[..d_out].copy_from_slice(bias);
        }
        Int8Linear {
            d_out,
            d_in,
            groups,
            panels,
            weights,
            scales,
            shift_correction,
            bias: padded_bias,
            kernel: Kernel::detect(),
        }
    }

    pub fn d_out(&self) -> usize {
        self.d_out
    }

    pub fn d_in(&self) -> usize {
        self.d_in
    }

    /// The kernel [`forward`](Self::forward) uses.
    pub fn kernel(&self) -> Kernel {
        self.kernel
    }

    /// Bytes held: packed weights (padding included) and the per-output scales, corrections and biases.
    pub fn memory_bytes(&self) -> usize {
        std::mem::size_of_val(self.weights.as_slice())
            + std::mem::size_of_val(self.scales.as_slice())
            + std::mem::size_of_val(self.shift_correction.as_slice())
            + std::mem::size_of_val(self.bias.as_slice())
    }

    /// `y (rows, d_out) = x (rows, d_in) · Wᵀ + bias`, split between the threads of the current rayon pool.
    pub fn forward(&self, x: &[f32], rows: usize, y: &mut [f32]) {
        self.forward_with(self.kernel, x, rows, y);
    }

    /// [`forward`](Self::forward) with a given kernel, which must be one of [`Kernel::available`].
    pub fn forward_with(&self, kernel: Kernel, x: &[f32], rows: usize, y: &mut [f32]) {
        assert_eq!(x.len(), rows * self.d_in, "x is not rows × d_in");
        assert_eq!(y.len(), rows * self.d_out, "y is not rows × d_out");
        assert!(Kernel::available().contains(&kernel), "kernel {kernel:?} does not run on this CPU");
        if rows == 0 || self.d_out == 0 {
            return;
        }
        let activations = Activations::quantize(x, rows, self.d_in, self.groups * GROUP, kernel.shifted());

        // Tasks: blocks of rows × chunks of whole tiles of outputs. Each task gets the parts of y's rows it writes,
        // so the split is plain safe borrowing.
        let threads = rayon::current_num_threads().max(1);
        let row_block = if rows > 2 * ROW_BLOCK { ROW_BLOCK } else { rows };
        let row_blocks = rows.div_ceil(row_block);
        let tiles = self.panels / TILE_PANELS;
        let chunks_wanted = (threads * TASKS_PER_THREAD).div_ceil(row_blocks).max(1);
        let chunk_tiles = tiles.div_ceil(chunks_wanted).max(1);
        let chunk_cols = chunk_tiles * TILE_PANELS * PANEL;
        let col_chunks = self.d_out.div_ceil(chunk_cols);
        let mut tasks: Vec<Vec<&mut [f32]>> = (0..row_blocks * col_chunks).map(|_| Vec::new()).collect();
        for (r, y_row) in y.chunks_mut(self.d_out).enumerate() {
            for (c, part) in y_row.chunks_mut(chunk_cols).enumerate() {
                tasks[(r / row_block) * col_chunks + c].push(part);
            }
        }
        tasks.into_par_iter().enumerate().for_each(|(task, mut parts)| {
            let (block, chunk) = (task / col_chunks, task % col_chunks);
            self.run_task(kernel, &activations, block * row_block, chunk * chunk_tiles * TILE_PANELS, &mut parts);
        });
    }

    /// Computes `parts` (consecutive rows from `first_row`, each the outputs from panel `first_panel` on) tile by
    /// tile: for each tile of panels, all the rows, so the tile's weights are read from memory once.
    fn run_task(
        &self,
        kernel: Kernel,
        activations: &Activations,
        first_row: usize,
        first_panel: usize,
        parts: &mut [&mut [f32]],
    ) {
        let cols = parts[0].len();
        let stride = self.groups * GROUP;
        for tile_col in (0..cols).step_by(TILE_PANELS * PANEL) {
            let panel = first_panel + tile_col / PANEL;
            let out = panel * PANEL;
            let width = TILE_PANELS * PANEL;
            let tile = Tile {
                weights: &self.weights[panel * self.groups..][..TILE_PANELS * self.groups],
                groups: self.groups,
                scales: &self.scales[out..][..width],
                shift_correction: &self.shift_correction[out..][..width],
                bias: &self.bias[out..][..width],
            };
            for (i, rows) in parts.chunks_mut(TILE_ROWS).enumerate() {
                let row = first_row + i * TILE_ROWS;
                let count = rows.len();
                let x = &activations.values[row * stride..][..count * stride];
                let x_scales = &activations.scales[row..][..count];
                let mut outs: [&mut [f32]; TILE_ROWS] = Default::default();
                for (slot, part) in outs.iter_mut().zip(rows.iter_mut()) {
                    let n = (cols - tile_col).min(width);
                    *slot = &mut part[tile_col..][..n];
                }
                tile.run(kernel, x, stride, x_scales, &mut outs[..count]);
            }
        }
    }
}

/// Quantizes `values` symmetrically into `out`, each `q` stored as the byte `q ^ zero` (`zero` 0: the signed byte;
/// 128: `q + 128`, unsigned); returns the scale (`value ≈ q · scale`; 0 for an all-zero row, NaN for a row with a
/// NaN or infinity, which makes its outputs NaN as the f32 product would).
///
/// Compiled for AVX-512 or AVX2 when the CPU has them: the same element-wise operations at any vector width, so
/// the same bytes and scale on every CPU.
fn quantize(values: &[f32], out: &mut [u8], zero: u8) -> f32 {
    #[cfg(target_arch = "x86_64")]
    {
        if is_x86_feature_detected!("avx512f") && is_x86_feature_detected!("avx512bw") {
            // SAFETY: the features are detected.
            return unsafe { x86::quantize_avx512(values, out, zero) };
        }
        if is_x86_feature_detected!("avx2") {
            // SAFETY: the feature is detected.
            return unsafe { x86::quantize_avx2(values, out, zero) };
        }
    }
    quantize_body(values, out, zero)
}

/// The body of [`quantize`], inlined into each variant.
#[inline(always)]
fn quantize_body(values: &[f32], out: &mut [u8], zero: u8) -> f32 {
    // Independent lanes, so that the compiler vectorizes the reductions without reordering anything.
    const LANES: usize = 16;
    let mut max = [0f32; LANES];
    // Sum of v · 0: stays ±0 unless a value is infinite or NaN.
    let mut poison = [0f32; LANES];
    let chunks = values.chunks_exact(LANES);
    for &v in chunks.remainder() {
        max[0] = if v.abs() > max[0] { v.abs() } else { max[0] };
        poison[0] += v * 0.0;
    }
    for chunk in chunks {
        for ((m, p), &v) in max.iter_mut().zip(poison.iter_mut()).zip(chunk) {
            *m = if v.abs() > *m { v.abs() } else { *m };
            *p += v * 0.0;
        }
    }
    let max = max.iter().fold(0f32, |m, &v| if v > m { v } else { m });
    let finite = poison.iter().all(|p| !p.is_nan());
    if max == 0.0 || !finite {
        out[..values.len()].fill(zero);
        return if finite { 0.0 } else { f32::NAN };
    }
    let inverse = QMAX / max;
    for (q, &v) in out.iter_mut().zip(values) {
        *q = (round_to_i32(v * inverse).clamp(-127, 127) as i8 as u8) ^ zero;
    }
    max / QMAX
}

/// Rounds to the nearest integer, ties to even, for |v| < 2²²: adding 1.5 · 2²³ leaves the integer in the low
/// mantissa bits. Plain integer arithmetic, so it vectorizes on any x86-64 (unlike `round`) and is exact.
fn round_to_i32(v: f32) -> i32 {
    const MAGIC: f32 = 12_582_912.0;
    (v + MAGIC).to_bits() as i32 - MAGIC.to_bits() as i32
}

/// The quantized rows of one call's `x`, each `stride` bytes (d_in padded to groups of 4 with zeros), as signed
/// bytes or shifted to unsigned (`q + 128`) for the VNNI kernels.
struct Activations {
    values: Vec<u8>,
    scales: Vec<f32>,
}

impl Activations {
    fn quantize(x: &[f32], rows: usize, d_in: usize, stride: usize, shifted: bool) -> Activations {
        let zero = if shifted { 128 } else { 0 };
        let mut values = vec![zero; rows * stride];
        let mut scales = vec![0f32; rows];
        let one_row = |(row, (out, scale)): (usize, (&mut [u8], &mut f32))| {
            *scale = quantize(&x[row * d_in..][..d_in], out, zero);
        };
        if rows * d_in >= 1 << 16 {
            values.par_chunks_mut(stride).zip(scales.par_iter_mut()).enumerate().for_each(one_row);
        } else {
            values.chunks_mut(stride).zip(scales.iter_mut()).enumerate().for_each(one_row);
        }
        Activations { values, scales }
    }
}

/// One tile of [`TILE_PANELS`] panels: its weights and the per-output epilogue values.
struct Tile<'a> {
    /// `groups × TILE_PANELS` lines (group-major).
    weights: &'a [Line],
    groups: usize,
    scales: &'a [f32],
    shift_correction: &'a [i32],
    bias: &'a [f32],
}

impl Tile<'_> {
    /// Computes up to [`TILE_ROWS`] rows (`x`: `outs.len()` quantized rows of `stride` bytes) into `outs`, each
    /// the first ≤ 64 outputs of the tile.
    fn run(&self, kernel: Kernel, x: &[u8], stride: usize, x_scales: &[f32], outs: &mut [&mut [f32]]) {
        debug_assert!(outs.len() <= TILE_ROWS && x.len() == outs.len() * stride && stride == self.groups * GROUP);
        /// Calls `$kernel::<R>` for R = the number of rows, a constant so that the sums live in registers.
        #[cfg(target_arch = "x86_64")]
        macro_rules! by_rows {
            ($kernel:ident) => {
                // SAFETY: forward_with checked that the CPU has the kernel's features; the kernel checks the
                // slice lengths its pointer arithmetic relies on.
                unsafe {
                    match outs.len() {
                        1 => x86::$kernel::<1>(self, x, stride, x_scales, outs),
                        2 => x86::$kernel::<2>(self, x, stride, x_scales, outs),
                        3 => x86::$kernel::<3>(self, x, stride, x_scales, outs),
                        4 => x86::$kernel::<4>(self, x, stride, x_scales, outs),
                        5 => x86::$kernel::<5>(self, x, stride, x_scales, outs),
                        _ => x86::$kernel::<6>(self, x, stride, x_scales, outs),
                    }
                }
            };
        }
        match kernel {
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx512Vnni => by_rows!(tile_avx512vnni),
            #[cfg(target_arch = "x86_64")]
            Kernel::AvxVnni => by_rows!(tile_avxvnni),
            // Above 4 rows the AVX2 kernel's sums and temporaries outgrow the 16 ymm registers: two halves.
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2 if outs.len() > 4 => {
                let half = outs.len() / 2;
                let (first, second) = outs.split_at_mut(half);
                self.run(kernel, &x[..half * stride], stride, &x_scales[..half], first);
                self.run(kernel, &x[half * stride..], stride, &x_scales[half..], second);
            }
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2 => by_rows!(tile_avx2),
            _ => self.run_portable(kernel.shifted(), x, stride, x_scales, outs),
        }
    }

    /// The reference: integer sums in plain Rust, then the same epilogue as the vector kernels.
    fn run_portable(&self, shifted: bool, x: &[u8], stride: usize, x_scales: &[f32], outs: &mut [&mut [f32]]) {
        for (r, out) in outs.iter_mut().enumerate() {
            let x_row = &x[r * stride..][..stride];
            for (p, out) in out.chunks_mut(PANEL).enumerate() {
                let mut sums = [0i32; PANEL];
                for (g, line) in self.weights.iter().skip(p).step_by(TILE_PANELS).enumerate() {
                    // Shifted activations are `q + 128` as unsigned; signed ones are `q` as a byte.
                    let xs: [i32; GROUP] = std::array::from_fn(|j| {
                        let byte = x_row[g * GROUP + j];
                        if shifted {
                            i32::from(byte)
                        } else {
                            i32::from(byte as i8)
                        }
                    });
                    for (sum, w) in sums.iter_mut().zip(line.0.chunks_exact(GROUP)) {
                        *sum += xs.iter().zip(w).map(|(&a, &b)| a * i32::from(b)).sum::<i32>();
                    }
                }
                for (lane, y) in out.iter_mut().enumerate() {
                    let o = p * PANEL + lane;
                    let correction = if shifted { self.shift_correction[o] } else { 0 };
                    *y = epilogue(sums[lane] - correction, x_scales[r], self.scales[o], self.bias[o]);
                }
            }
        }
    }
}

/// The floating-point end of every kernel; the vector kernels do these operations in this order (no fused
/// multiply-add), so all give the same bits.
#[inline(always)]
fn epilogue(sum: i32, x_scale: f32, w_scale: f32, bias: f32) -> f32 {
    sum as f32 * (x_scale * w_scale) + bias
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use std::arch::x86_64::*;

    use super::{Tile, GROUP, PANEL, TILE_PANELS, TILE_ROWS};

    /// [`quantize`](super::quantize) compiled for AVX-512.
    #[target_feature(enable = "avx512f,avx512bw")]
    pub(super) fn quantize_avx512(values: &[f32], out: &mut [u8], zero: u8) -> f32 {
        super::quantize_body(values, out, zero)
    }

    /// [`quantize`](super::quantize) compiled for AVX2.
    #[target_feature(enable = "avx2")]
    pub(super) fn quantize_avx2(values: &[f32], out: &mut [u8], zero: u8) -> f32 {
        super::quantize_body(values, out, zero)
    }

    /// AVX-512 VNNI: R rows × 4 panels of 16 i32 sums in 16 zmm registers; per group 4 weight loads, R broadcasts,
    /// 4R `vpdpbusd`. Activations shifted (`q + 128`).
    ///
    /// # Safety
    /// The CPU must have avx512f, avx512bw and avx512vnni.
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    pub(super) unsafe fn tile_avx512vnni<const R: usize>(
        tile: &Tile,
        x: &[u8],
        stride: usize,
        x_scales: &[f32],
        outs: &mut [&mut [f32]],
    ) {
        let groups = tile.groups;
        assert!(R <= TILE_ROWS && outs.len() == R && x_scales.len() == R && x.len() >= R * stride);
        assert!(tile.weights.len() == TILE_PANELS * groups && stride >= groups * GROUP);
        let mut sums = [[_mm512_setzero_si512(); TILE_PANELS]; R];
        let w = tile.weights.as_ptr();
        let x = x.as_ptr();
        for g in 0..groups {
            let mut wv = [_mm512_setzero_si512(); TILE_PANELS];
            for (p, v) in wv.iter_mut().enumerate() {
                // SAFETY: g · TILE_PANELS + p < TILE_PANELS · groups = weights.len() (asserted); a Line is 64
                // bytes, 64-aligned.
                *v = unsafe { _mm512_load_si512(w.add(g * TILE_PANELS + p).cast()) };
            }
            for (r, row_sums) in sums.iter_mut().enumerate() {
                // SAFETY: r · stride + 4g + 3 < R · stride ≤ x.len() (asserted, stride ≥ 4 · groups).
                let xv = _mm512_set1_epi32(unsafe { x.add(r * stride + g * GROUP).cast::<i32>().read_unaligned() });
                for (sum, &wp) in row_sums.iter_mut().zip(&wv) {
                    *sum = _mm512_dpbusd_epi32(*sum, xv, wp);
                }
            }
        }
        for (r, row_sums) in sums.iter().enumerate() {
            let x_scale = _mm512_set1_ps(x_scales[r]);
            let out = &mut *outs[r];
            for (p, &sum) in row_sums.iter().enumerate() {
                let start = p * PANEL;
                if start >= out.len() {
                    break;
                }
                let lanes = (out.len() - start).min(PANEL);
                let e = &tile.shift_correction[start..][..PANEL];
                // SAFETY: each epilogue slice has PANEL values (sliced above, panicking otherwise).
                let (correction, w_scale, bias) = unsafe {
                    (
                        _mm512_loadu_si512(e.as_ptr().cast()),
                        _mm512_loadu_ps(tile.scales[start..][..PANEL].as_ptr()),
                        _mm512_loadu_ps(tile.bias[start..][..PANEL].as_ptr()),
                    )
                };
                let value = _mm512_cvtepi32_ps(_mm512_sub_epi32(sum, correction));
                let y = _mm512_add_ps(_mm512_mul_ps(value, _mm512_mul_ps(x_scale, w_scale)), bias);
                let mask: __mmask16 = if lanes == PANEL { 0xffff } else { (1u16 << lanes) - 1 };
                // SAFETY: the mask covers `lanes` values from `start`, all inside `out`.
                unsafe { _mm512_mask_storeu_ps(out[start..].as_mut_ptr(), mask, y) };
            }
        }
    }

    /// AVX-VNNI: one panel at a time (two ymm halves), R rows; 2R sums in registers. Activations shifted.
    ///
    /// # Safety
    /// The CPU must have avx2 and avxvnni.
    #[target_feature(enable = "avx2,avxvnni")]
    pub(super) unsafe fn tile_avxvnni<const R: usize>(
        tile: &Tile,
        x: &[u8],
        stride: usize,
        x_scales: &[f32],
        outs: &mut [&mut [f32]],
    ) {
        let groups = tile.groups;
        assert!(R <= TILE_ROWS && outs.len() == R && x_scales.len() == R && x.len() >= R * stride);
        assert!(tile.weights.len() == TILE_PANELS * groups && stride >= groups * GROUP);
        for p in 0..TILE_PANELS {
            let start = p * PANEL;
            if start >= outs[0].len() {
                break;
            }
            let mut sums = [[_mm256_setzero_si256(); 2]; R];
            let w = tile.weights[p..].as_ptr();
            let x = x.as_ptr();
            for g in 0..groups {
                // SAFETY: p + g · TILE_PANELS < TILE_PANELS · groups = weights.len() (asserted); both halves are
                // inside the 64-byte, 64-aligned line.
                let (low, high) = unsafe {
                    let line = w.add(g * TILE_PANELS).cast::<__m256i>();
                    (_mm256_load_si256(line), _mm256_load_si256(line.add(1)))
                };
                for (r, row_sums) in sums.iter_mut().enumerate() {
                    // SAFETY: as in tile_avx512vnni.
                    let xv = _mm256_set1_epi32(unsafe { x.add(r * stride + g * GROUP).cast::<i32>().read_unaligned() });
                    row_sums[0] = _mm256_dpbusd_avx_epi32(row_sums[0], xv, low);
                    row_sums[1] = _mm256_dpbusd_avx_epi32(row_sums[1], xv, high);
                }
            }
            for (r, row_sums) in sums.iter().enumerate() {
                store_halves(tile, start, row_sums, x_scales[r], true, outs[r]);
            }
        }
    }

    /// AVX2 without VNNI: `vpmaddubsw(|x|, sign(w, x))` gives pairs of products in i16 (no saturation: |x|, |w| ≤
    /// 127), `vpmaddwd` by ones sums them to i32. Activations signed.
    ///
    /// # Safety
    /// The CPU must have avx2.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn tile_avx2<const R: usize>(
        tile: &Tile,
        x: &[u8],
        stride: usize,
        x_scales: &[f32],
        outs: &mut [&mut [f32]],
    ) {
        let groups = tile.groups;
        assert!(R <= TILE_ROWS && outs.len() == R && x_scales.len() == R && x.len() >= R * stride);
        assert!(tile.weights.len() == TILE_PANELS * groups && stride >= groups * GROUP);
        let ones = _mm256_set1_epi16(1);
        for p in 0..TILE_PANELS {
            let start = p * PANEL;
            if start >= outs[0].len() {
                break;
            }
            let mut sums = [[_mm256_setzero_si256(); 2]; R];
            let w = tile.weights[p..].as_ptr();
            let x = x.as_ptr();
            for g in 0..groups {
                // SAFETY: as in tile_avxvnni.
                let (low, high) = unsafe {
                    let line = w.add(g * TILE_PANELS).cast::<__m256i>();
                    (_mm256_load_si256(line), _mm256_load_si256(line.add(1)))
                };
                for (r, row_sums) in sums.iter_mut().enumerate() {
                    // SAFETY: as in tile_avx512vnni.
                    let xv = _mm256_set1_epi32(unsafe { x.add(r * stride + g * GROUP).cast::<i32>().read_unaligned() });
                    let magnitude = _mm256_abs_epi8(xv);
                    for (sum, half) in row_sums.iter_mut().zip([low, high]) {
                        let pairs = _mm256_maddubs_epi16(magnitude, _mm256_sign_epi8(half, xv));
                        *sum = _mm256_add_epi32(*sum, _mm256_madd_epi16(pairs, ones));
                    }
                }
            }
            for (r, row_sums) in sums.iter().enumerate() {
                store_halves(tile, start, row_sums, x_scales[r], false, outs[r]);
            }
        }
    }

    /// The epilogue of the 256-bit kernels for one panel of one row: 16 sums as two halves of 8.
    #[target_feature(enable = "avx2")]
    fn store_halves(tile: &Tile, start: usize, sums: &[__m256i; 2], x_scale: f32, shifted: bool, out: &mut [f32]) {
        let x_scale = _mm256_set1_ps(x_scale);
        for (h, &sum) in sums.iter().enumerate() {
            let first = start + h * 8;
            if first >= out.len() {
                break;
            }
            // SAFETY: each epilogue slice has 8 values (sliced, panicking otherwise).
            let (correction, w_scale, bias) = unsafe {
                (
                    _mm256_loadu_si256(tile.shift_correction[first..][..8].as_ptr().cast()),
                    _mm256_loadu_ps(tile.scales[first..][..8].as_ptr()),
                    _mm256_loadu_ps(tile.bias[first..][..8].as_ptr()),
                )
            };
            let sum = if shifted { _mm256_sub_epi32(sum, correction) } else { sum };
            let y = _mm256_add_ps(_mm256_mul_ps(_mm256_cvtepi32_ps(sum), _mm256_mul_ps(x_scale, w_scale)), bias);
            let lanes = (out.len() - first).min(8);
            if lanes == 8 {
                // SAFETY: 8 values from `first` are inside `out`.
                unsafe { _mm256_storeu_ps(out[first..].as_mut_ptr(), y) };
            } else {
                let mut values = [0f32; 8];
                // SAFETY: `values` has 8 floats.
                unsafe { _mm256_storeu_ps(values.as_mut_ptr(), y) };
                out[first..].copy_from_slice(&values[..lanes]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic pseudo-random numbers (xorshift), uniform in [0, 1).
    struct Random(u64);

    impl Random {
        fn next(&mut self) -> f32 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 >> 40) as f32 / (1u64 << 24) as f32
        }

        /// Approximately normal (sum of 4 uniforms, variance 1).
        fn normal(&mut self) -> f32 {
            ((0..4).map(|_| self.next()).sum::<f32>() - 2.0) * 3f32.sqrt()
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() * n as f32) as usize % n
        }
    }

    fn reference(w: &[f32], d_out: usize, d_in: usize, bias: Option<&[f32]>, x: &[f32], rows: usize) -> Vec<f64> {
        let mut y = vec![0f64; rows * d_out];
        for r in 0..rows {
            for o in 0..d_out {
                let dot: f64 = (0..d_in).map(|i| f64::from(x[r * d_in + i]) * f64::from(w[o * d_in + i])).sum();
                y[r * d_out + o] = dot + bias.map_or(0.0, |b| f64::from(b[o]));
            }
        }
        y
    }

    /// Largest error quantization allows for output (r, o): each product x·w carries at most
    /// |x|·εw + |w|·εx + εx·εw with εx = sx/2, εw = sw/2 (rounding to the nearest step), plus float rounding of
    /// the sum.
    fn bound(w: &[f32], d_in: usize, x: &[f32], r: usize, o: usize) -> f64 {
        let (xr, wo) = (&x[r * d_in..][..d_in], &w[o * d_in..][..d_in]);
        let sx = xr.iter().fold(0f32, |m, v| m.max(v.abs())) as f64 / 127.0;
        let sw = wo.iter().fold(0f32, |m, v| m.max(v.abs())) as f64 / 127.0;
        let (ex, ew) = (sx / 2.0, sw / 2.0);
        let worst: f64 =
            xr.iter().zip(wo).map(|(&a, &b)| f64::from(a).abs() * ew + f64::from(b).abs() * ex + ex * ew).sum();
        let magnitude: f64 = xr.iter().zip(wo).map(|(&a, &b)| f64::from(a * b).abs()).sum();
        worst + 1e-5 * magnitude + 1e-6
    }

    #[test]
    fn every_kernel_gives_the_portable_bits_and_stays_within_the_quantization_bound() {
        let kernels = Kernel::available();
        let mut random = Random(0x9e37_79b9_7f4a_7c15);
        let mut checked = 0;
        for case in 0..60 {
            let d_in = 1 + random.below(300);
            let d_out = 1 + random.below(200);
            let rows = 1 + (case % 70).max(random.below(70));
            let w: Vec<f32> = (0..d_out * d_in).map(|_| random.normal() * 0.05).collect();
            let bias: Vec<f32> = (0..d_out).map(|_| random.normal()).collect();
            let x: Vec<f32> = (0..rows * d_in).map(|_| random.normal() * 2.0).collect();
            let bias = (case % 3 != 0).then_some(bias.as_slice());
            let layer = Int8Linear::new(&w, d_out, d_in, bias);
            let mut portable = vec![f32::NAN; rows * d_out];
            layer.forward_with(Kernel::Portable, &x, rows, &mut portable);
            for &kernel in kernels {
                let mut y = vec![f32::NAN; rows * d_out];
                layer.forward_with(kernel, &x, rows, &mut y);
                let same = y.iter().zip(&portable).all(|(a, b)| a.to_bits() == b.to_bits());
                assert!(same, "{kernel:?} differs from the portable kernel, {rows}×{d_in}→{d_out}");
            }
            let exact = reference(&w, d_out, d_in, bias, &x, rows);
            for r in 0..rows {
                for o in 0..d_out {
                    let error = (f64::from(portable[r * d_out + o]) - exact[r * d_out + o]).abs();
                    let allowed = bound(&w, d_in, &x, r, o);
                    assert!(error <= allowed, "{rows}×{d_in}→{d_out} ({r}, {o}): error {error} > {allowed}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000);
    }

    #[test]
    fn the_bound_catches_misplaced_outputs_and_a_lost_bias() {
        // The accuracy test must be able to fail: on a realistic layer, the usual bugs of a kernel (an output
        // written to its neighbour's place, rows swapped, the bias forgotten) break the bound for most outputs.
        let (d_in, d_out, rows) = (512, 64, 4);
        let mut random = Random(7);
        let w: Vec<f32> = (0..d_out * d_in).map(|_| random.normal() * 0.02).collect();
        let x: Vec<f32> = (0..rows * d_in).map(|_| random.normal()).collect();
        let bias: Vec<f32> = (0..d_out).map(|_| random.normal()).collect();
        let exact = reference(&w, d_out, d_in, Some(&bias), &x, rows);
        let (mut neighbour, mut swapped, mut no_bias, mut total) = (0, 0, 0, 0);
        for r in 0..rows {
            for o in 0..d_out {
                let (value, allowed) = (exact[r * d_out + o], bound(&w, d_in, &x, r, o));
                neighbour += usize::from((exact[r * d_out + (o + 1) % d_out] - value).abs() > allowed);
                swapped += usize::from((exact[((r + 1) % rows) * d_out + o] - value).abs() > allowed);
                no_bias += usize::from(f64::from(bias[o]).abs() > allowed);
                total += 1;
            }
        }
        for (bug, caught) in [("neighbour", neighbour), ("swapped rows", swapped), ("no bias", no_bias)] {
            assert!(caught * 3 > total * 2, "{bug}: only {caught} of {total} outputs outside the bound");
        }
    }

    #[test]
    fn realistic_layers_are_close_to_f32() {
        // Weights ~ N(0, 0.02), layer-normed activations ~ N(0, 1), as in a trained transformer.
        for (d_in, d_out, rows) in [(512, 512, 16), (2048, 512, 16), (512, 2048, 8)] {
            let mut random = Random(d_in as u64 * 31 + d_out as u64);
            let w: Vec<f32> = (0..d_out * d_in).map(|_| random.normal() * 0.02).collect();
            let x: Vec<f32> = (0..rows * d_in).map(|_| random.normal()).collect();
            let layer = Int8Linear::new(&w, d_out, d_in, None);
            let mut y = vec![0f32; rows * d_out];
            layer.forward(&x, rows, &mut y);
            let exact = reference(&w, d_out, d_in, None, &x, rows);
            let max_abs = y.iter().zip(&exact).map(|(&a, &b)| (f64::from(a) - b).abs()).fold(0.0, f64::max);
            let rms = (exact.iter().map(|v| v * v).sum::<f64>() / exact.len() as f64).sqrt();
            let rms_error = (y.iter().zip(&exact).map(|(&a, &b)| (f64::from(a) - b).powi(2)).sum::<f64>()
                / exact.len() as f64)
                .sqrt();
            eprintln!(
                "{rows}×{d_in}→{d_out}: output rms {rms:.4}, max abs error {max_abs:.5} ({:.2} % of rms), rms error \
                 {rms_error:.5} ({:.2} %)",
                100.0 * max_abs / rms,
                100.0 * rms_error / rms
            );
            // Expected rms error: each of x and w rounded to steps of max/127 (≈ 3.5σ/127 for these sizes), a
            // uniform error of step/√12 ≈ 0.8 % of σ each, ≈ 1.1 % together.
            assert!(rms_error < 0.015 * rms && max_abs < 0.06 * rms, "{d_in}→{d_out}: error too large");
        }
    }

    #[test]
    fn activations_quantize_the_same_on_every_instruction_set() {
        let mut random = Random(3);
        for len in [1, 3, 15, 16, 17, 100, 512, 2051] {
            for special in [None, Some(0.0), Some(f32::NAN), Some(f32::INFINITY), Some(-0.5)] {
                let values: Vec<f32> = (0..len)
                    .map(|i| match special {
                        Some(0.0) => 0.0,
                        Some(v) if i == len / 2 => v,
                        _ => random.normal() * 3.0,
                    })
                    .collect();
                for zero in [0u8, 128] {
                    let mut portable = vec![7u8; len];
                    let scale = quantize_body(&values, &mut portable, zero);
                    let mut dispatched = vec![9u8; len];
                    assert_eq!(quantize(&values, &mut dispatched, zero).to_bits(), scale.to_bits());
                    assert_eq!(dispatched, portable, "{len} values, {special:?}");
                    #[cfg(target_arch = "x86_64")]
                    if is_x86_feature_detected!("avx2") {
                        let mut avx2 = vec![9u8; len];
                        // SAFETY: the feature is detected.
                        assert_eq!(unsafe { x86::quantize_avx2(&values, &mut avx2, zero) }.to_bits(), scale.to_bits());
                        assert_eq!(avx2, portable);
                    }
                    let largest = values.iter().fold(0f32, |m, v| m.max(v.abs()));
                    if special.is_none() {
                        assert!(portable.iter().any(|&q| (q ^ zero) as i8 == 127 || (q ^ zero) as i8 == -127));
                        assert_eq!(scale, largest / 127.0);
                    }
                }
            }
        }
    }

    #[test]
    fn zero_rows_and_non_finite_rows() {
        let layer = Int8Linear::new(&[1.0, 2.0, 0.0, 0.0], 2, 2, Some(&[0.5, -0.5]));
        let mut y = [9f32; 4];
        layer.forward(&[0.0, 0.0, 1.0, 1.0], 2, &mut y);
        assert_eq!(y[..2], [0.5, -0.5]);
        assert!((y[2] - 3.5).abs() < 0.05 && y[3] == -0.5, "{y:?}");
        layer.forward(&[f32::NAN, 1.0, 1.0, 1.0], 2, &mut y);
        assert!(y[0].is_nan() && y[1].is_nan(), "a NaN input must not pass for a number: {y:?}");
        assert!(layer.memory_bytes() >= 64 && layer.d_in() == 2 && layer.d_out() == 2);
    }
}
