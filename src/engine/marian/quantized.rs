//! Int8 matrix products for linear layers: `y = x · Wᵀ + bias` with the weight quantized once, per output row
//! (symmetric, scale = max|w| / 127, as CTranslate2's int8), and the activations quantized per row on each call.
//!
//! The products are exact integer sums; only the final scaling is floating point, done with the same operations
//! in the same order on every path, so the AMX, AVX-512 VNNI, AVX-VNNI, AVX2 and portable kernels give
//! bit-identical results (the tests check it). The kernel is chosen once at run time from the CPU's features (AMX
//! only from [`AMX_MIN_ROWS`] rows on).
//!
//! Packed weight layout: outputs in panels of 16, and inputs in groups of 4, so one 64-byte line holds 4
//! consecutive inputs of 16 outputs — `line[4·o + j]` is `w[panel·16 + o][group·4 + j]` — which is exactly the
//! operand of one `vpdpbusd` (16 lanes × 4 byte products) and one row of an AMX weight tile. Panels go in tiles of
//! [`TILE_PANELS`] (the outputs a kernel computes together), a tile's lines interleaved group by group (group 0 of
//! its 4 panels, then group 1…), so a tile is one sequential stream of memory. A layer packed for the AVX2
//! kernel, which computes one panel per pass, keeps a tile's lines panel by panel instead, so a pass reads
//! consecutive lines (interleaved, one panel's lines are 256 bytes apart, in a quarter of the first-level cache's
//! sets). Padding (inputs to a multiple of 64, outputs to whole tiles) is zero weight.
//!
//! `vpdpbusd` and `tdpbusd` multiply unsigned by signed bytes, so those kernels take the activations shifted by
//! +128 and subtract `128 · Σ w` per output, precomputed at construction. The AVX2 kernel keeps them signed and
//! uses `vpmaddubsw(|w|, sign(x, w))`, which cannot saturate since |x|, |w| ≤ 127 (2 · 127² < 2¹⁵).

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
/// Inputs per AMX block: a tile register row holds 64 bytes. Inputs are padded to a multiple of it (zero weights)
/// for every kernel, so all share one layout.
const AMX_INPUTS: usize = 64;
/// Rows per AMX call: two 16-row tile registers of activations; activations are padded to 16 rows.
const AMX_ROWS: usize = 32;
/// Fewer rows than this go to the AVX-512 VNNI kernel even where AMX is available: AMX computes whole 16-row
/// blocks (measured: AMX ahead from 8 rows on, level at 4, behind at 1).
const AMX_MIN_ROWS: usize = 8;
/// Largest magnitude of a quantized value (symmetric: -128 never occurs).
const QMAX: f32 = 127.0;
/// Rows per task when there are many (the encoder): a block's quantized rows stay in cache while it sweeps the
/// weight.
const ROW_BLOCK: usize = 64;
/// Tasks aimed at per thread, so that a thread slowed by other work on the machine is made up for by the others.
const TASKS_PER_THREAD: usize = 8;
/// With AMX, fewer and larger tasks: each configures and releases the tiles, and AMX calls are short (measured
/// against 8 per thread: 8 × 512 → 2048 1.5×, 64 × 512 → 2048 1.2× faster; 1 per thread no better than 2).
const AMX_TASKS_PER_THREAD: usize = 2;

/// The implementation of the integer products; all give identical results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kernel {
    /// AMX `tdpbusd` (Sapphire Rapids and later), 16 × 16 sums × 64 byte products per instruction; the epilogue in
    /// AVX-512.
    Amx,
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
    /// The kernel of the family in use ([`super::cpu::isa`]): the fastest this CPU runs, or with `DICH_CPU=avx2`
    /// the AVX2 one (no VNNI, as on AMD Zen 2/3), with `DICH_CPU=portable` the portable one.
    pub fn detect() -> Kernel {
        use super::cpu::{self, Isa};
        let available = Kernel::available();
        match cpu::isa() {
            Isa::Avx512 => available[0],
            Isa::Avx2 if cpu::forced() => Kernel::Avx2,
            Isa::Avx2 => {
                *available.iter().find(|k| matches!(k, Kernel::AvxVnni | Kernel::Avx2)).unwrap_or(&Kernel::Portable)
            }
            Isa::Portable => Kernel::Portable,
        }
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
                    // Amx only with Avx512Vnni: fewer rows go to it (Int8Linear::kernel_for).
                    #[cfg(target_os = "linux")]
                    if x86::amx_usable() {
                        kernels.push(Kernel::Amx);
                    }
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
        matches!(self, Kernel::Amx | Kernel::Avx512Vnni | Kernel::AvxVnni)
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
    /// Groups of 4 inputs (`d_in` rounded up to a multiple of [`AMX_INPUTS`]).
    groups: usize,
    /// Panels of 16 outputs, a multiple of [`TILE_PANELS`].
    panels: usize,
    /// `panels × groups` lines: tile by tile, then group by group and panel by panel, or with `panel_major`
    /// panel by panel and group by group.
    weights: Vec<Line>,
    panel_major: bool,
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
        Int8Linear::for_kernel(Kernel::detect(), weight, d_out, d_in, bias)
    }

    /// [`new`](Self::new) packed for `kernel`, which [`forward`](Self::forward) then uses (for benchmarks and
    /// tests: the layout differs between kernels).
    pub fn for_kernel(kernel: Kernel, weight: &[f32], d_out: usize, d_in: usize, bias: Option<&[f32]>) -> Int8Linear {
        assert_eq!(weight.len(), d_out * d_in, "weight is not d_out × d_in");
        assert!(d_in > 0, "a linear layer needs inputs");
        if let Some(bias) = bias {
            assert_eq!(bias.len(), d_out, "bias is not d_out long");
        }
        let groups = d_in.div_ceil(AMX_INPUTS) * (AMX_INPUTS / GROUP);
        let panel_major = kernel == Kernel::Avx2;
        let panels = d_out.div_ceil(PANEL).div_ceil(TILE_PANELS) * TILE_PANELS;
        let padded_out = panels * PANEL;
        let mut weights = vec![Line([0; PANEL * GROUP]); panels * groups];
        let mut scales = vec![0f32; padded_out];
        let mut shift_correction = vec![0i32; padded_out];
        let mut padded_bias = vec![0f32; padded_out];
        // Tiles in parallel (a model has ~70 million weights to pack when it loads).
        let tile_outputs = TILE_PANELS * PANEL;
        weights
            .par_chunks_mut(TILE_PANELS * groups)
            .zip(scales.par_chunks_mut(tile_outputs))
            .zip(shift_correction.par_chunks_mut(tile_outputs))
            .enumerate()
            .for_each(|(tile, ((lines, scales), corrections))| {
                let mut row = vec![0u8; d_in];
                for (k, (scale, correction)) in scales.iter_mut().zip(corrections).enumerate() {
                    let o = tile * tile_outputs + k;
                    if o >= d_out {
                        break;
                    }
                    *scale = quantize(&weight[o * d_in..][..d_in], &mut row, 0);
                    *correction = 128 * row.iter().map(|&q| i32::from(q as i8)).sum::<i32>();
                    let (panel, lane) = (k / PANEL, k % PANEL);
                    for (i, &q) in row.iter().enumerate() {
                        lines[line_index(panel_major, groups, panel, i / GROUP)].0[lane * GROUP + i % GROUP] = q as i8;
                    }
                }
            });
        if let Some(bias) = bias {
            padded_bias[..d_out].copy_from_slice(bias);
        }
        Int8Linear {
            d_out,
            d_in,
            groups,
            panels,
            weights,
            panel_major,
            scales,
            shift_correction,
            bias: padded_bias,
            kernel,
        }
    }

    pub fn d_out(&self) -> usize {
        self.d_out
    }

    pub fn d_in(&self) -> usize {
        self.d_in
    }

    /// The kernel [`forward`](Self::forward) uses for `rows` rows.
    pub fn kernel_for(&self, rows: usize) -> Kernel {
        match self.kernel {
            // Amx is only available together with Avx512Vnni (Kernel::available).
            Kernel::Amx if rows < AMX_MIN_ROWS => Kernel::Avx512Vnni,
            kernel => kernel,
        }
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
        self.forward_with(self.kernel_for(rows), x, rows, y);
    }

    /// [`forward`](Self::forward) with a given kernel, which must be one of [`Kernel::available`].
    pub fn forward_with(&self, kernel: Kernel, x: &[f32], rows: usize, y: &mut [f32]) {
        assert_eq!(x.len(), rows * self.d_in, "x is not rows × d_in");
        assert_eq!(y.len(), rows * self.d_out, "y is not rows × d_out");
        assert!(Kernel::available().contains(&kernel), "kernel {kernel:?} does not run on this CPU");
        assert!(
            !self.panel_major || matches!(kernel, Kernel::Avx2 | Kernel::Portable),
            "kernel {kernel:?} reads the lines of a tile interleaved; this layer was packed for Avx2"
        );
        if rows == 0 || self.d_out == 0 {
            return;
        }
        let padded_rows = if kernel == Kernel::Amx { rows.div_ceil(16) * 16 } else { rows };
        let activations = Activations::quantize(x, rows, padded_rows, self.d_in, self.groups * GROUP, kernel.shifted());

        // Tasks: blocks of rows × chunks of whole tiles of outputs. Each task gets the parts of y's rows it writes,
        // so the split is plain safe borrowing.
        let threads = rayon::current_num_threads().max(1);
        let row_block = if rows > 2 * ROW_BLOCK { ROW_BLOCK } else { rows };
        let row_blocks = rows.div_ceil(row_block);
        let tiles = self.panels / TILE_PANELS;
        let tasks_per_thread = if kernel == Kernel::Amx { AMX_TASKS_PER_THREAD } else { TASKS_PER_THREAD };
        let chunks_wanted = (threads * tasks_per_thread).div_ceil(row_blocks).max(1);
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
        #[cfg(target_arch = "x86_64")]
        if kernel == Kernel::Amx {
            // SAFETY: Kernel::Amx is only available once the OS granted the AMX state (x86::amx_usable).
            unsafe { x86::with_amx_tiles(|| self.run_tiles(kernel, activations, first_row, first_panel, parts)) };
            return;
        }
        self.run_tiles(kernel, activations, first_row, first_panel, parts);
    }

    fn run_tiles(
        &self,
        kernel: Kernel,
        activations: &Activations,
        first_row: usize,
        first_panel: usize,
        parts: &mut [&mut [f32]],
    ) {
        let cols = parts[0].len();
        let stride = self.groups * GROUP;
        let rows_per_call = if kernel == Kernel::Amx { AMX_ROWS } else { TILE_ROWS };
        for tile_col in (0..cols).step_by(TILE_PANELS * PANEL) {
            let panel = first_panel + tile_col / PANEL;
            let out = panel * PANEL;
            let width = TILE_PANELS * PANEL;
            let tile = Tile {
                weights: &self.weights[panel * self.groups..][..TILE_PANELS * self.groups],
                panel_major: self.panel_major,
                groups: self.groups,
                scales: &self.scales[out..][..width],
                shift_correction: &self.shift_correction[out..][..width],
                bias: &self.bias[out..][..width],
            };
            for (i, rows) in parts.chunks_mut(rows_per_call).enumerate() {
                let row = first_row + i * rows_per_call;
                let count = rows.len();
                let read = if kernel == Kernel::Amx { count.div_ceil(16) * 16 } else { count };
                let x = &activations.values[row * stride..][..read * stride];
                let x_scales = &activations.scales[row..][..count];
                let mut outs: [&mut [f32]; AMX_ROWS] = Default::default();
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
    match super::cpu::isa() {
        // SAFETY: cpu::isa only gives a family this CPU runs (AVX-512 includes BW; AVX2).
        super::cpu::Isa::Avx512 => return unsafe { x86::quantize_avx512(values, out, zero) },
        // SAFETY: as above.
        super::cpu::Isa::Avx2 => return unsafe { x86::quantize_avx2(values, out, zero) },
        super::cpu::Isa::Portable => {}
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
    /// Rows from `rows` to `padded_rows` are zero (never stored: the AMX kernel reads whole 16-row blocks).
    fn quantize(x: &[f32], rows: usize, padded_rows: usize, d_in: usize, stride: usize, shifted: bool) -> Activations {
        let zero = if shifted { 128 } else { 0 };
        let mut values = vec![zero; padded_rows * stride];
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

/// Where the line of panel `panel` (within its tile) and input group `group` is within the tile.
#[inline(always)]
fn line_index(panel_major: bool, groups: usize, panel: usize, group: usize) -> usize {
    if panel_major {
        panel * groups + group
    } else {
        group * TILE_PANELS + panel
    }
}

/// One tile of [`TILE_PANELS`] panels: its weights and the per-output epilogue values.
struct Tile<'a> {
    /// `groups × TILE_PANELS` lines, group-major or (`panel_major`) panel-major.
    weights: &'a [Line],
    panel_major: bool,
    groups: usize,
    scales: &'a [f32],
    shift_correction: &'a [i32],
    bias: &'a [f32],
}

impl Tile<'_> {
    /// Computes up to [`TILE_ROWS`] rows ([`AMX_ROWS`] for AMX) (`x`: `outs.len()` quantized rows of `stride` bytes,
    /// rounded up to 16 rows for AMX) into `outs`, each the first ≤ 64 outputs of the tile.
    fn run(&self, kernel: Kernel, x: &[u8], stride: usize, x_scales: &[f32], outs: &mut [&mut [f32]]) {
        debug_assert!(x.len() >= outs.len() * stride && stride == self.groups * GROUP);
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
            // SAFETY: only reached through run_task, which configured the tiles (with_amx_tiles) on this thread;
            // the kernel checks the slice lengths.
            #[cfg(target_arch = "x86_64")]
            Kernel::Amx => unsafe { x86::tile_amx(self, x, stride, x_scales, outs) },
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
                for g in 0..self.groups {
                    let line = &self.weights[line_index(self.panel_major, self.groups, p, g)];
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

    use super::{Tile, AMX_INPUTS, AMX_ROWS, GROUP, PANEL, TILE_PANELS, TILE_ROWS};

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
            for (p, &sum) in row_sums.iter().enumerate() {
                store_panel_avx512(tile, p * PANEL, sum, x_scales[r], outs[r]);
            }
        }
    }

    /// The epilogue of the 512-bit kernels for one panel of one row: 16 sums into `out[start..]` (as many of
    /// them as fit).
    #[target_feature(enable = "avx512f")]
    fn store_panel_avx512(tile: &Tile, start: usize, sum: __m512i, x_scale: f32, out: &mut [f32]) {
        if start >= out.len() {
            return;
        }
        let lanes = (out.len() - start).min(PANEL);
        // SAFETY: each epilogue slice has PANEL values (sliced, panicking otherwise).
        let (correction, w_scale, bias) = unsafe {
            (
                _mm512_loadu_si512(tile.shift_correction[start..][..PANEL].as_ptr().cast()),
                _mm512_loadu_ps(tile.scales[start..][..PANEL].as_ptr()),
                _mm512_loadu_ps(tile.bias[start..][..PANEL].as_ptr()),
            )
        };
        let value = _mm512_cvtepi32_ps(_mm512_sub_epi32(sum, correction));
        let y = _mm512_add_ps(_mm512_mul_ps(value, _mm512_mul_ps(_mm512_set1_ps(x_scale), w_scale)), bias);
        let mask: __mmask16 = if lanes == PANEL { 0xffff } else { (1u16 << lanes) - 1 };
        // SAFETY: the mask covers `lanes` values from `start`, all inside `out`.
        unsafe { _mm512_mask_storeu_ps(out[start..].as_mut_ptr(), mask, y) };
    }

    /// Whether AMX int8 can be used: the CPU has it (CPUID leaf 7: AMX-TILE, AMX-INT8), the OS saves the tile
    /// state (XCR0 bits 17, 18), and Linux grants this process the tile data (arch_prctl ARCH_REQ_XCOMP_PERM),
    /// which must be asked once before any tile instruction.
    #[cfg(target_os = "linux")]
    pub(super) fn amx_usable() -> bool {
        const ARCH_REQ_XCOMP_PERM: i64 = 0x1023;
        const XFEATURE_XTILEDATA: i64 = 18;
        const SYS_ARCH_PRCTL: i64 = 158;
        if !is_x86_feature_detected!("xsave") || !is_x86_feature_detected!("avx512f") {
            return false;
        }
        let leaf7 = __cpuid_count(7, 0);
        let (tile, int8) = (leaf7.edx & (1 << 24) != 0, leaf7.edx & (1 << 25) != 0);
        // SAFETY: xsave is detected, so XGETBV is available.
        let xcr0 = unsafe { _xgetbv(0) };
        if !(tile && int8 && xcr0 & (0b11 << 17) == 0b11 << 17) {
            return false;
        }
        let granted: i64;
        // SAFETY: the arch_prctl system call only changes this process's permission to use the AMX state; it
        // clobbers rcx and r11 (syscall) and nothing else.
        unsafe {
            std::arch::asm!(
                "syscall",
                inlateout("rax") SYS_ARCH_PRCTL => granted,
                in("rdi") ARCH_REQ_XCOMP_PERM,
                in("rsi") XFEATURE_XTILEDATA,
                lateout("rcx") _,
                lateout("r11") _,
                options(nostack),
            );
        }
        granted == 0
    }

    /// AMX tile configuration: palette 1; tmm0–3 the 2 × 2 blocks of sums (16 rows × 16 i32), tmm4–5 two blocks
    /// of 16 activation rows × 64 bytes, tmm6–7 two panels' weights (16 groups × 64 bytes). All 16 × 64 bytes.
    #[repr(C, align(64))]
    struct TileConfig([u8; 64]);

    /// Runs `f` with the AMX tiles configured on this thread, releasing them afterwards.
    ///
    /// # Safety
    /// AMX must be usable ([`amx_usable`] returned true in this process).
    pub(super) unsafe fn with_amx_tiles<R>(f: impl FnOnce() -> R) -> R {
        let mut config = TileConfig([0; 64]);
        config.0[0] = 1;
        for t in 0..8 {
            config.0[16 + 2 * t..][..2].copy_from_slice(&(AMX_INPUTS as u16).to_le_bytes());
            config.0[48 + t] = 16;
        }
        // SAFETY: the configuration is valid for palette 1 (8 tiles of at most 16 rows × 64 bytes); AMX usable.
        unsafe { std::arch::asm!("ldtilecfg [{}]", in(reg) config.0.as_ptr(), options(nostack, readonly)) };
        let result = f();
        // SAFETY: as above; releases what ldtilecfg set up.
        unsafe { std::arch::asm!("tilerelease", options(nostack, nomem)) };
        result
    }

    /// AMX: up to 32 rows × the tile's 4 panels, as two passes of 2 × 2 tile registers (32 rows × 2 panels); each
    /// `tdpbusd` does 16 rows × 16 outputs × 64 inputs. The sums go through memory to the AVX-512 epilogue.
    /// Activations shifted, and `x` holds whole 16-row blocks (padded).
    ///
    /// # Safety
    /// Must run inside [`with_amx_tiles`] (AMX usable, tiles configured on this thread); the CPU has avx512f
    /// (checked by amx_usable).
    #[target_feature(enable = "avx512f")]
    pub(super) unsafe fn tile_amx(tile: &Tile, x: &[u8], stride: usize, x_scales: &[f32], outs: &mut [&mut [f32]]) {
        let groups = tile.groups;
        let rows = outs.len();
        let blocks = rows.div_ceil(16);
        assert!(rows <= AMX_ROWS && x_scales.len() == rows && x.len() >= blocks * 16 * stride);
        assert!(tile.weights.len() == TILE_PANELS * groups && groups.is_multiple_of(AMX_INPUTS / GROUP));
        assert!(stride == groups * GROUP);
        #[repr(C, align(64))]
        struct Sums([[i32; TILE_PANELS * PANEL]; AMX_ROWS]);
        let mut sums = Sums([[0; TILE_PANELS * PANEL]; AMX_ROWS]);
        let weights = tile.weights.as_ptr().cast::<u8>();
        // Bytes between consecutive groups of one panel (the tile's lines are group-major).
        let group_stride = TILE_PANELS * 64;
        for pair in 0..TILE_PANELS / 2 {
            // SAFETY: tiles configured (caller); no memory touched.
            unsafe {
                std::arch::asm!(
                    "tilezero tmm0",
                    "tilezero tmm1",
                    "tilezero tmm2",
                    "tilezero tmm3",
                    options(nostack, nomem)
                )
            };
            for block in (0..groups).step_by(AMX_INPUTS / GROUP) {
                // SAFETY: activation block: 16 (or 32) rows of 64 bytes from byte 4·block of each row, inside
                // x (asserted: blocks · 16 rows of `stride`, and 4·block + 64 ≤ stride). Weights: 16 groups
                // from `block`, each 64 bytes at panel 2·pair (+1), stride 256: the last byte read is line
                // 4·(block + 15) + 2·pair + 1 < 4 · groups = weights.len().
                unsafe {
                    let a0 = x.as_ptr().add(block * GROUP);
                    let b0 = weights.add((block * TILE_PANELS + 2 * pair) * 64);
                    let b1 = b0.add(64);
                    std::arch::asm!(
                        "tileloadd tmm4, [{a0} + {sa}*1]",
                        "tileloadd tmm6, [{b0} + {sb}*1]",
                        "tileloadd tmm7, [{b1} + {sb}*1]",
                        "tdpbusd tmm0, tmm4, tmm6",
                        "tdpbusd tmm1, tmm4, tmm7",
                        a0 = in(reg) a0, b0 = in(reg) b0, b1 = in(reg) b1,
                        sa = in(reg) stride, sb = in(reg) group_stride,
                        options(nostack, readonly),
                    );
                    if blocks == 2 {
                        std::arch::asm!(
                            "tileloadd tmm5, [{a1} + {sa}*1]",
                            "tdpbusd tmm2, tmm5, tmm6",
                            "tdpbusd tmm3, tmm5, tmm7",
                            a1 = in(reg) a0.add(16 * stride), sa = in(reg) stride,
                            options(nostack, readonly),
                        );
                    }
                }
            }
            let row_bytes = TILE_PANELS * PANEL * 4;
            // SAFETY: each store writes 16 rows × 64 bytes into `sums` (32 rows of 256 bytes) at column
            // 32·pair (+16) and row 0 (or 16): inside it.
            unsafe {
                let c = sums.0.as_mut_ptr().cast::<u8>().add(pair * 2 * PANEL * 4);
                std::arch::asm!(
                    "tilestored [{c0} + {s}*1], tmm0",
                    "tilestored [{c1} + {s}*1], tmm1",
                    c0 = in(reg) c, c1 = in(reg) c.add(PANEL * 4), s = in(reg) row_bytes,
                    options(nostack),
                );
                if blocks == 2 {
                    let c = c.add(16 * row_bytes);
                    std::arch::asm!(
                        "tilestored [{c0} + {s}*1], tmm2",
                        "tilestored [{c1} + {s}*1], tmm3",
                        c0 = in(reg) c, c1 = in(reg) c.add(PANEL * 4), s = in(reg) row_bytes,
                        options(nostack),
                    );
                }
            }
        }
        for (r, out) in outs.iter_mut().enumerate() {
            for p in 0..TILE_PANELS {
                // SAFETY: 16 i32 of row r at panel p, inside `sums`.
                let sum = unsafe { _mm512_loadu_si512(sums.0[r][p * PANEL..].as_ptr().cast()) };
                store_panel_avx512(tile, p * PANEL, sum, x_scales[r], out);
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

    /// AVX2 without VNNI: `vpmaddubsw(|w|, sign(x, w))` gives pairs of products in i16 (no saturation: |x|, |w| ≤
    /// 127), `vpmaddwd` by ones sums them to i32. Activations signed. The magnitudes are the weights' (not the
    /// activations', as before): taken once per line for all the rows, a row's step has one operation fewer
    /// of its nine (measured on Zen 3, one thread: within the noise of before).
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
            // One panel per pass: with the layer packed for this kernel its lines are consecutive.
            let w = tile.weights.as_ptr();
            let x = x.as_ptr();
            for g in 0..groups {
                // SAFETY: line_index(…, p, g) < TILE_PANELS · groups = weights.len() (asserted).
                let halves = unsafe {
                    let line = w.add(super::line_index(tile.panel_major, groups, p, g)).cast::<__m256i>();
                    [_mm256_load_si256(line), _mm256_load_si256(line.add(1))]
                };
                // The weights' magnitudes are the unsigned operand and the activations, given the weights' signs,
                // the signed one: |w| · (x · sign w) = w · x, and the magnitudes are taken once for all the rows.
                let magnitudes = halves.map(|half| _mm256_abs_epi8(half));
                for (r, row_sums) in sums.iter_mut().enumerate() {
                    // SAFETY: as in tile_avx512vnni.
                    let xv = _mm256_set1_epi32(unsafe { x.add(r * stride + g * GROUP).cast::<i32>().read_unaligned() });
                    for ((sum, half), magnitude) in row_sums.iter_mut().zip(halves).zip(magnitudes) {
                        let pairs = _mm256_maddubs_epi16(magnitude, _mm256_sign_epi8(xv, half));
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
    use crate::test_texts::TestRng;

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
        let mut random = TestRng::new(0x9e37_79b9_7f4a_7c15);
        let mut checked = 0;
        // Every row count 1..=70 (tiles of 6 rows and AMX blocks of 16/32 with every remainder), then blocks of
        // rows split between tasks (above 128 rows) and outputs split into several chunks.
        for case in 0..74 {
            let (rows, d_in, d_out) = match case {
                0..70 => (case + 1, 1 + random.below(300), 1 + random.below(200)),
                70 => (150, 1 + random.below(100), 1 + random.below(100)),
                71 => (333, 64, 48),
                72 => (3, 130, 3000),
                _ => (40, 515, 777),
            };
            let w: Vec<f32> = (0..d_out * d_in).map(|_| random.normal() * 0.05).collect();
            let bias: Vec<f32> = (0..d_out).map(|_| random.normal()).collect();
            let x: Vec<f32> = (0..rows * d_in).map(|_| random.normal() * 2.0).collect();
            let bias = (case % 3 != 0).then_some(bias.as_slice());
            // Both layouts: tiles interleaved (every kernel reads them) and panel by panel (packed for Avx2).
            let layer = Int8Linear::for_kernel(Kernel::Portable, &w, d_out, d_in, bias);
            let mut portable = vec![f32::NAN; rows * d_out];
            layer.forward_with(Kernel::Portable, &x, rows, &mut portable);
            let for_avx2 = Int8Linear::for_kernel(Kernel::Avx2, &w, d_out, d_in, bias);
            let runs = kernels.iter().map(|&kernel| (&layer, kernel)).chain(
                [Kernel::Avx2, Kernel::Portable].into_iter().filter(|k| kernels.contains(k)).map(|k| (&for_avx2, k)),
            );
            for (layer, kernel) in runs {
                let mut y = vec![f32::NAN; rows * d_out];
                layer.forward_with(kernel, &x, rows, &mut y);
                let same = y.iter().zip(&portable).all(|(a, b)| a.to_bits() == b.to_bits());
                let layout = if layer.panel_major { "panel by panel" } else { "interleaved" };
                assert!(same, "{kernel:?} ({layout}) differs from the portable kernel, {rows}×{d_in}→{d_out}");
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
        let mut random = TestRng::new(7);
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
            let mut random = TestRng::new(d_in as u64 * 31 + d_out as u64);
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
        let mut random = TestRng::new(3);
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
