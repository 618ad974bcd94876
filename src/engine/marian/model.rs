//! The Marian transformer (post-norm encoder-decoder, sinusoidal positions, shared embeddings) on candle.
//!
//! Written here rather than taken from candle-transformers because decoding needs what that module lacks:
//! padding masks for batches, cross-attention keys/values computed once per input, and a self-attention cache
//! that beam search can reorder.
//!
//! One decoding step is built for beam search over a batch: the beams of a sentence are consecutive rows of one
//! group, so cross-attention keys/values are stored once per sentence (never copied when beams are reordered)
//! and each sentence's beams attend to them together; the self-attention cache is plain memory that is reordered
//! and extended in one copy per step; and the self-attention of the single new query per row is a small loop
//! rather than hundreds of tiny matrix products.

use candle_core::{CpuStorage, DType, Device, IndexOp, Module, Result, Storage, Tensor};
use candle_nn::{LayerNorm, VarBuilder};
use rayon::prelude::*;

use super::config::{activation, Activation, MarianConfig};

/// Added to attention scores of padded positions.
const MASKED: f32 = -1e9;
const LAYER_NORM_EPS: f64 = 1e-5;

/// A linear layer. With few rows (a decoding step) it computes `(W · xᵀ)ᵀ` rather than `x · Wᵀ`: the matrix
/// product library then streams the checkpoint's (out, in) weight as it is stored, where `x · Wᵀ` would re-pack
/// the whole weight on every call, which costs more than the product itself for the 54,000-word output layer.
/// The transposition back is folded into the bias addition.
struct Dense {
    /// (out, in), as stored in the checkpoint.
    weight: Tensor,
    bias: Option<Tensor>,
}

/// Up to this many rows a product goes through `W · xᵀ`; above it re-packing the weight is amortized.
const FEW_ROWS: usize = 128;

impl Dense {
    fn new(weight: Tensor, bias: Option<Tensor>) -> Dense {
        Dense { weight, bias }
    }

    fn load(vb: VarBuilder, d_in: usize, d_out: usize) -> Result<Dense> {
        Ok(Dense::new(vb.get((d_out, d_in), "weight")?, Some(vb.get(d_out, "bias")?)))
    }

    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        self.forward_with_bias(x, self.bias.as_ref())
    }

    /// The product plus `bias` (broadcast over rows) instead of the layer's own bias.
    fn forward_with_bias(&self, x: &Tensor, bias: Option<&Tensor>) -> Result<Tensor> {
        let (d_out, d_in) = self.weight.dims2()?;
        let mut dims = x.dims().to_vec();
        let rows = x.elem_count() / d_in;
        let x = x.reshape((rows, d_in))?;
        let y = if rows == 1 {
            // One row (greedy decoding of one sentence): dot products over the weight's rows, each read once from
            // memory; the matrix product library's vector-times-matrix path is slower there (measured: 59 against
            // 37 tok/s). From 4 rows on its vectorized kernel wins.
            let values = with_f32_slice(&self.weight, |w| {
                with_f32_slice(&x, |x| match bias {
                    Some(bias) => with_f32_slice(bias, |bias| weight_stream(w, x, Some(bias))),
                    None => Ok(weight_stream(w, x, None)),
                })
            })???;
            Tensor::from_vec(values, (rows, d_out), x.device())?
        } else if rows <= FEW_ROWS {
            let transposed = self.weight.matmul(&x.t()?)?;
            let values = with_f32_slice(&transposed, |yt| match bias {
                Some(bias) => with_f32_slice(bias, |bias| transpose_add(yt, d_out, rows, Some(bias))),
                None => Ok(transpose_add(yt, d_out, rows, None)),
            })??;
            Tensor::from_vec(values, (rows, d_out), x.device())?
        } else {
            let y = x.matmul(&self.weight.t()?)?;
            match bias {
                Some(bias) => y.broadcast_add(bias)?,
                None => y,
            }
        };
        if let Some(last) = dims.last_mut() {
            *last = d_out;
        }
        y.reshape(dims)
    }
}

struct Attention {
    q: Dense,
    k: Dense,
    v: Dense,
    out: Dense,
    heads: usize,
    head_dim: usize,
    scaling: f64,
}

impl Attention {
    fn load(vb: VarBuilder, d_model: usize, heads: usize) -> Result<Attention> {
        let head_dim = d_model / heads;
        Ok(Attention {
            q: Dense::load(vb.pp("q_proj"), d_model, d_model)?,
            k: Dense::load(vb.pp("k_proj"), d_model, d_model)?,
            v: Dense::load(vb.pp("v_proj"), d_model, d_model)?,
            out: Dense::load(vb.pp("out_proj"), d_model, d_model)?,
            heads,
            head_dim,
            scaling: (head_dim as f64).powf(-0.5),
        })
    }

    /// (batch, len, d_model) → (batch, heads, len, head_dim)
    fn split_heads(&self, x: &Tensor) -> Result<Tensor> {
        let (b, len, _) = x.dims3()?;
        x.reshape((b, len, self.heads, self.head_dim))?.transpose(1, 2)?.contiguous()
    }

    fn keys_values(&self, x: &Tensor) -> Result<(Tensor, Tensor)> {
        Ok((self.split_heads(&self.k.forward(x)?)?, self.split_heads(&self.v.forward(x)?)?))
    }

    /// Attention of queries `x` over given keys and values; `mask` is additive, broadcast to the scores.
    fn attend(&self, x: &Tensor, k: &Tensor, v: &Tensor, mask: Option<&Tensor>) -> Result<Tensor> {
        let (b, len, d) = x.dims3()?;
        let q = self.split_heads(&(self.q.forward(x)? * self.scaling)?)?;
        let mut scores = q.matmul(&k.t()?)?;
        if let Some(mask) = mask {
            scores = scores.broadcast_add(mask)?;
        }
        let probs = candle_nn::ops::softmax_last_dim(&scores)?;
        let context = probs.matmul(v)?.transpose(1, 2)?.reshape((b, len, d))?;
        self.out.forward(&context)
    }

    /// Attention of one new query per row `x` (rows, 1, d_model) over per-sentence keys and values
    /// (sentences, heads, source, head_dim), rows being `group` consecutive beams per sentence: the beams of a
    /// sentence form the query rows of one product, and the keys/values are never repeated per beam.
    fn attend_grouped(&self, x: &Tensor, group: usize, k: &Tensor, v: &Tensor, mask: &Tensor) -> Result<Tensor> {
        let (rows, _, d) = x.dims3()?;
        let sentences = rows / group;
        let q = (self.q.forward(x)? * self.scaling)?
            .reshape((sentences, group, self.heads, self.head_dim))?
            .transpose(1, 2)?
            .contiguous()?;
        let scores = q.matmul(&k.t()?)?.broadcast_add(mask)?;
        let probs = candle_nn::ops::softmax_last_dim(&scores)?;
        let context = probs.matmul(v)?.transpose(1, 2)?.reshape((rows, 1, d))?;
        self.out.forward(&context)
    }
}

/// The decoder's self-attention with the query, key and value projections fused into one matrix product.
struct SelfAttention {
    qkv: Dense,
    out: Dense,
    heads: usize,
    head_dim: usize,
    scaling: f32,
}

impl SelfAttention {
    fn load(vb: VarBuilder, d_model: usize, heads: usize) -> Result<SelfAttention> {
        let part = |name: &str| -> Result<(Tensor, Tensor)> {
            let vb = vb.pp(name);
            Ok((vb.get((d_model, d_model), "weight")?, vb.get(d_model, "bias")?))
        };
        let ((qw, qb), (kw, kb), (vw, vb_), out) =
            (part("q_proj")?, part("k_proj")?, part("v_proj")?, Dense::load(vb.pp("out_proj"), d_model, d_model)?);
        let weight = Tensor::cat(&[&qw, &kw, &vw], 0)?;
        let bias = Tensor::cat(&[&qb, &kb, &vb_], 0)?;
        let head_dim = d_model / heads;
        Ok(SelfAttention {
            qkv: Dense::new(weight, Some(bias)),
            out,
            heads,
            head_dim,
            scaling: (head_dim as f32).powf(-0.5),
        })
    }

    /// One step: projects the new position of every row, appends its key/value to `cache` (after following the
    /// cache's pending reorder) and attends over the whole cache.
    fn step(&self, x: &Tensor, cache: &mut SelfCache, order: Option<&[u32]>) -> Result<Tensor> {
        let (rows, _, d) = x.dims3()?;
        let qkv = to_f32_vec(&self.qkv.forward(x)?)?;
        let (heads, hd) = (self.heads, self.head_dim);
        cache.append(&qkv, order, rows, heads, hd)?;
        let len = cache.len;
        let (keys, values) = (&cache.keys, &cache.values);
        let mut context = vec![0f32; rows * d];
        context.par_chunks_mut(d).enumerate().for_each(|(row, out)| {
            let mut scores = vec![0f32; len];
            for h in 0..heads {
                let q = &qkv[row * 3 * d + h * hd..][..hd];
                let base = (row * heads + h) * len * hd;
                let mut max = f32::NEG_INFINITY;
                for (j, score) in scores.iter_mut().enumerate() {
                    let k = &keys[base + j * hd..][..hd];
                    *score = dot(q, k) * self.scaling;
                    max = max.max(*score);
                }
                let mut sum = 0f32;
                for score in scores.iter_mut() {
                    *score = (*score - max).exp();
                    sum += *score;
                }
                let out = &mut out[h * hd..][..hd];
                for (j, &p) in scores.iter().enumerate() {
                    let v = &values[base + j * hd..][..hd];
                    let p = p / sum;
                    out.iter_mut().zip(v).for_each(|(o, &v)| *o += p * v);
                }
            }
        });
        self.out.forward(&Tensor::from_vec(context, (rows, 1, d), x.device())?)
    }
}

/// `yt` (columns, rows) row-major transposed to (rows, columns), plus `bias` per column. Each task takes 16 rows
/// (one cache line of `yt` per column) and walks the columns in blocks, so reads and writes both stay in cache.
fn transpose_add(yt: &[f32], columns: usize, rows: usize, bias: Option<&[f32]>) -> Vec<f32> {
    const ROWS_PER_TASK: usize = 16;
    const BLOCK: usize = 256;
    let mut y = vec![0f32; rows * columns];
    y.par_chunks_mut(columns * ROWS_PER_TASK).enumerate().for_each(|(task, out)| {
        let first = task * ROWS_PER_TASK;
        for start in (0..columns).step_by(BLOCK) {
            let end = (start + BLOCK).min(columns);
            for (i, row) in out.chunks_mut(columns).enumerate() {
                let r = first + i;
                for c in start..end {
                    row[c] = yt[c * rows + r] + bias.map_or(0.0, |b| b[c]);
                }
            }
        }
    });
    y
}

/// `x · Wᵀ + bias` for one row `x` (d_in), `w` being (out, d_in): each weight row is read once and dotted with
/// `x`; outputs are split between threads.
fn weight_stream(w: &[f32], x: &[f32], bias: Option<&[f32]>) -> Vec<f32> {
    const OUTPUTS_PER_TASK: usize = 512;
    let d_in = x.len();
    let mut y = vec![0f32; w.len() / d_in];
    y.par_chunks_mut(OUTPUTS_PER_TASK).enumerate().for_each(|(task, out)| {
        for (i, value) in out.iter_mut().enumerate() {
            let o = task * OUTPUTS_PER_TASK + i;
            *value = dot(&w[o * d_in..][..d_in], x) + bias.map_or(0.0, |b| b[o]);
        }
    });
    y
}

/// Dot product in eight independent lanes, which the compiler turns into vector instructions.
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

/// The values of a CPU f32 tensor in row-major order.
fn to_f32_vec(t: &Tensor) -> Result<Vec<f32>> {
    t.flatten_all()?.to_vec1::<f32>()
}

/// Runs `f` on the values of a contiguous CPU f32 tensor without copying them.
pub(crate) fn with_f32_slice<R>(t: &Tensor, f: impl FnOnce(&[f32]) -> R) -> Result<R> {
    let t = t.contiguous()?;
    let (storage, layout) = t.storage_and_layout();
    match &*storage {
        Storage::Cpu(cpu @ CpuStorage::F32(_)) => {
            let all = cpu.as_slice::<f32>()?;
            Ok(f(&all[layout.start_offset()..][..layout.shape().elem_count()]))
        }
        _ => Err(candle_core::Error::Msg("expected an f32 tensor on the CPU".into())),
    }
}

/// The self-attention keys and values of one decoder layer, laid out (row, head, position, head_dim).
/// Two buffers alternate so that reordering rows and appending the new position is one copy per step, with no
/// allocation once the buffers have grown.
#[derive(Default)]
struct SelfCache {
    keys: Vec<f32>,
    values: Vec<f32>,
    spare_keys: Vec<f32>,
    spare_values: Vec<f32>,
    /// Positions cached per row.
    len: usize,
}

impl SelfCache {
    /// Appends the key and value parts of `qkv` (rows, 3 × d_model) as a new position; row i of the result
    /// continues row `order[i]` of the cache (row i when there is no order).
    fn append(&mut self, qkv: &[f32], order: Option<&[u32]>, rows: usize, heads: usize, hd: usize) -> Result<()> {
        let (len, d) = (self.len, heads * hd);
        let old_rows = if len == 0 { 0 } else { self.keys.len() / (heads * len * hd) };
        for (part, (buffer, spare)) in
            [(&mut self.keys, &mut self.spare_keys), (&mut self.values, &mut self.spare_values)].into_iter().enumerate()
        {
            spare.clear();
            spare.reserve(rows * heads * (len + 1) * hd);
            for row in 0..rows {
                let from = order.map_or(row, |o| o[row] as usize);
                if len > 0 && from >= old_rows {
                    return Err(candle_core::Error::Msg(format!("cache row {from} of {old_rows}")));
                }
                for h in 0..heads {
                    if len > 0 {
                        spare.extend_from_slice(&buffer[(from * heads + h) * len * hd..][..len * hd]);
                    }
                    spare.extend_from_slice(&qkv[row * 3 * d + (part + 1) * d + h * hd..][..hd]);
                }
            }
            std::mem::swap(buffer, spare);
        }
        self.len += 1;
        Ok(())
    }
}

struct FeedForward {
    fc1: Dense,
    fc2: Dense,
    activation: Activation,
}

impl FeedForward {
    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let h = self.fc1.forward(x)?;
        let h = match self.activation {
            Activation::Swish => candle_nn::ops::silu(&h)?,
            Activation::Gelu => h.gelu_erf()?,
            Activation::Relu => h.relu()?,
        };
        self.fc2.forward(&h)
    }
}

fn layer_norm(vb: VarBuilder, d: usize) -> Result<LayerNorm> {
    candle_nn::layer_norm(d, LAYER_NORM_EPS, vb)
}

fn feed_forward(vb: &VarBuilder, d: usize, ffn: usize, activation: Activation) -> Result<FeedForward> {
    Ok(FeedForward { fc1: Dense::load(vb.pp("fc1"), d, ffn)?, fc2: Dense::load(vb.pp("fc2"), ffn, d)?, activation })
}

struct EncoderLayer {
    self_attn: Attention,
    self_attn_norm: LayerNorm,
    ffn: FeedForward,
    final_norm: LayerNorm,
}

struct DecoderLayer {
    self_attn: SelfAttention,
    self_attn_norm: LayerNorm,
    cross_attn: Attention,
    cross_attn_norm: LayerNorm,
    ffn: FeedForward,
    final_norm: LayerNorm,
}

/// A loaded Marian model; immutable, shared by all decoding calls.
pub struct MarianModel {
    pub config: MarianConfig,
    /// Token embeddings (vocab, d_model); the same storage as the output layer's weight when they are tied.
    embed: Tensor,
    lm_head: Dense,
    final_logits_bias: Tensor,
    positions: Tensor,
    embed_scale: f64,
    encoder: Vec<EncoderLayer>,
    decoder: Vec<DecoderLayer>,
}

/// Per-batch decoder state: cross-attention keys/values (computed once, one entry per sentence), the
/// self-attention cache (one row per beam), the source padding mask. Built by [`MarianModel::start`], so nothing
/// carries over from one batch to the next. Rows are `group` consecutive beams per sentence.
pub struct DecoderState {
    cross: Vec<(Tensor, Tensor)>,
    cache: Vec<SelfCache>,
    /// Reordering of the cache rows not applied yet: it is folded into the next step's copy.
    order: Option<Vec<u32>>,
    source_mask: Tensor,
    group: usize,
    /// Tokens decoded so far (the position of the next one).
    pub step: usize,
}

impl DecoderState {
    /// Makes every sentence a group of `beam` rows (before the first step: all beams start equal).
    pub fn expand(&mut self, beam: usize) -> Result<()> {
        if self.step != 0 || self.group != 1 {
            return Err(candle_core::Error::Msg("beams are set before the first step".into()));
        }
        self.group = beam.max(1);
        Ok(())
    }

    /// Keeps (and repeats) rows: row i of the new state is row `rows[i]` of the old one. Used by beam search to
    /// follow surviving hypotheses and to drop finished sentences from the batch. The rows of each new group
    /// must come from one old sentence; sentences are only copied when some leave the batch.
    pub fn select(&mut self, rows: &[u32]) -> Result<()> {
        let group = self.group as u32;
        if !rows.len().is_multiple_of(self.group) {
            return Err(candle_core::Error::Msg(format!("{} rows in groups of {group}", rows.len())));
        }
        let sentences: Vec<u32> = rows.iter().step_by(self.group).map(|&r| r / group).collect();
        if rows.chunks(self.group).zip(&sentences).any(|(chunk, &s)| chunk.iter().any(|&r| r / group != s)) {
            return Err(candle_core::Error::Msg("a beam group mixes sentences".into()));
        }
        let current = self.rows()? / self.group;
        if sentences.len() != current || sentences.iter().enumerate().any(|(i, &s)| s as usize != i) {
            let index = Tensor::new(sentences.as_slice(), self.source_mask.device())?;
            for (k, v) in &mut self.cross {
                *k = k.index_select(&index, 0)?;
                *v = v.index_select(&index, 0)?;
            }
            self.source_mask = self.source_mask.index_select(&index, 0)?;
        }
        self.order = Some(match self.order.take() {
            Some(previous) => rows.iter().map(|&r| previous[r as usize]).collect(),
            None => rows.to_vec(),
        });
        Ok(())
    }

    /// Rows decoded together (sentences × beams).
    pub fn rows(&self) -> Result<usize> {
        Ok(self.source_mask.dim(0)? * self.group)
    }
}

/// Sinusoids as `MarianSinusoidalPositionalEmbedding`: sines in the first half of each row, cosines in the second.
fn sinusoidal_positions(count: usize, dim: usize, device: &Device) -> Result<Tensor> {
    let half = dim / 2;
    let mut values = vec![0f32; count * dim];
    for pos in 0..count {
        for j in 0..half {
            let angle = pos as f64 / 10000f64.powf(2.0 * j as f64 / dim as f64);
            values[pos * dim + j] = angle.sin() as f32;
            values[pos * dim + half + j] = angle.cos() as f32;
        }
    }
    Tensor::from_vec(values, (count, dim), device)
}

impl MarianModel {
    /// Builds the model from weights named as transformers' `MarianMTModel` names them.
    pub fn load(config: MarianConfig, vb: VarBuilder) -> Result<MarianModel> {
        let d = config.d_model;
        let act = activation(&config.activation_function)
            .ok_or_else(|| candle_core::Error::Msg(format!("activation {}", config.activation_function)))?;
        // Checkpoints store the shared embedding under one of these names (tied copies are often dropped).
        let embed_name =
            ["model.shared.weight", "model.encoder.embed_tokens.weight", "model.decoder.embed_tokens.weight"]
                .into_iter()
                .find(|name| vb.contains_tensor(name))
                .unwrap_or("model.shared.weight");
        let shared = vb.get((config.vocab_size, d), embed_name)?;
        let lm_weight = if vb.contains_tensor("lm_head.weight") {
            vb.get((config.vocab_size, d), "lm_head.weight")?
        } else {
            shared.clone()
        };
        let (embed, lm_head) = (shared, Dense::new(lm_weight, None));
        let final_logits_bias = if vb.contains_tensor("final_logits_bias") {
            vb.get((1, config.vocab_size), "final_logits_bias")?.squeeze(0)?
        } else {
            Tensor::zeros(config.vocab_size, DType::F32, vb.device())?
        };
        let encoder = (0..config.encoder_layers)
            .map(|i| {
                let vb = vb.pp(format!("model.encoder.layers.{i}"));
                Ok(EncoderLayer {
                    self_attn: Attention::load(vb.pp("self_attn"), d, config.encoder_attention_heads)?,
                    self_attn_norm: layer_norm(vb.pp("self_attn_layer_norm"), d)?,
                    ffn: feed_forward(&vb, d, config.encoder_ffn_dim, act)?,
                    final_norm: layer_norm(vb.pp("final_layer_norm"), d)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let decoder = (0..config.decoder_layers)
            .map(|i| {
                let vb = vb.pp(format!("model.decoder.layers.{i}"));
                Ok(DecoderLayer {
                    self_attn: SelfAttention::load(vb.pp("self_attn"), d, config.decoder_attention_heads)?,
                    self_attn_norm: layer_norm(vb.pp("self_attn_layer_norm"), d)?,
                    cross_attn: Attention::load(vb.pp("encoder_attn"), d, config.decoder_attention_heads)?,
                    cross_attn_norm: layer_norm(vb.pp("encoder_attn_layer_norm"), d)?,
                    ffn: feed_forward(&vb, d, config.decoder_ffn_dim, act)?,
                    final_norm: layer_norm(vb.pp("final_layer_norm"), d)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let positions = sinusoidal_positions(config.max_position_embeddings, d, vb.device())?;
        let embed_scale = if config.scale_embedding { (d as f64).sqrt() } else { 1.0 };
        Ok(MarianModel { lm_head, embed, final_logits_bias, positions, embed_scale, encoder, decoder, config })
    }

    pub fn device(&self) -> &Device {
        self.lm_head.weight.device()
    }

    /// Token embeddings scaled, plus positions `offset..offset + len`.
    fn embed(&self, ids: &Tensor, offset: usize) -> Result<Tensor> {
        let (b, len) = ids.dims2()?;
        let tokens = self.embed.index_select(&ids.flatten_all()?, 0)?.reshape((b, len, self.config.d_model))?;
        let positions = self.positions.narrow(0, offset, len)?;
        (tokens * self.embed_scale)?.broadcast_add(&positions)
    }

    /// Encodes a right-padded batch `ids` (batch, len) whose real lengths are `lengths`, and prepares decoding.
    pub fn start(&self, ids: &Tensor, lengths: &[usize]) -> Result<DecoderState> {
        let (b, len) = ids.dims2()?;
        let mask: Vec<f32> =
            lengths.iter().flat_map(|&n| (0..len).map(move |i| if i < n { 0.0 } else { MASKED })).collect();
        let source_mask = Tensor::from_vec(mask, (b, 1, 1, len), self.device())?;
        let mut x = self.embed(ids, 0)?;
        for layer in &self.encoder {
            let (k, v) = layer.self_attn.keys_values(&x)?;
            let h = layer.self_attn.attend(&x, &k, &v, Some(&source_mask))?;
            x = layer.self_attn_norm.forward(&(x + h)?)?;
            let h = layer.ffn.forward(&x)?;
            x = layer.final_norm.forward(&(x + h)?)?;
        }
        let cross = self.decoder.iter().map(|layer| layer.cross_attn.keys_values(&x)).collect::<Result<Vec<_>>>()?;
        let cache = self.decoder.iter().map(|_| SelfCache::default()).collect();
        Ok(DecoderState { cross, cache, order: None, source_mask, group: 1, step: 0 })
    }

    /// Feeds one token per row and returns the next-token logits (rows, vocab), `final_logits_bias` included.
    pub fn step(&self, tokens: &[u32], state: &mut DecoderState) -> Result<Tensor> {
        if tokens.len() != state.rows()? {
            return Err(candle_core::Error::Msg(format!("{} tokens for {} rows", tokens.len(), state.rows()?)));
        }
        let ids = Tensor::new(tokens, self.device())?.unsqueeze(1)?;
        let mut x = self.embed(&ids, state.step)?;
        let order = state.order.take();
        for (i, layer) in self.decoder.iter().enumerate() {
            let h = layer.self_attn.step(&x, &mut state.cache[i], order.as_deref())?;
            x = layer.self_attn_norm.forward(&(x + h)?)?;
            let (ck, cv) = &state.cross[i];
            let h = layer.cross_attn.attend_grouped(&x, state.group, ck, cv, &state.source_mask)?;
            x = layer.cross_attn_norm.forward(&(x + h)?)?;
            let h = layer.ffn.forward(&x)?;
            x = layer.final_norm.forward(&(x + h)?)?;
        }
        state.step += 1;
        let last = x.i((.., 0, ..))?;
        self.lm_head.forward_with_bias(&last, Some(&self.final_logits_bias))
    }
}
