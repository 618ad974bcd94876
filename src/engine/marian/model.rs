//! The Marian transformer (post-norm encoder-decoder, sinusoidal positions; one embedding table shared by encoder,
//! decoder and output layer, or separate encoder and decoder tables with the output layer tied to the decoder's).
//!
//! The checkpoint is read by `weights` (safetensors; candle for PyTorch pickles); the arithmetic is plain Rust over row-major `f32`
//! buffers, with every linear layer a [`PackedLinear`] (an [`Int8Linear`] when loaded in int8). candle-transformers'
//! Marian module was not enough for decoding (no padding masks, keys/values recomputed, no cache beam search can
//! reorder), and running the decoder step as ~100 small candle operations cost more than its arithmetic at
//! batch 1.
//!
//! - The encoder runs on the real tokens of every sentence, concatenated: no padding enters a product, and each
//!   token attends to the tokens of its own sentence only (what transformers' padding mask amounts to).
//! - Cross-attention keys/values are computed once per sentence and shared by its beams (the beams of a sentence
//!   are consecutive rows of one group), never copied when beams are reordered.
//! - The self-attention cache is only ever appended to: beam search reorders rows by their lineage (which row of
//!   each earlier step a row continues), not by copying cached keys and values.

use candle_core::Result;
use rayon::prelude::*;

use super::config::{activation, Activation, MarianConfig};
use super::linear::PackedLinear;
use super::quantized::Int8Linear;
use super::vector;
use super::weights::Tensors;
use crate::config::MarianPrecision;

const LAYER_NORM_EPS: f32 = 1e-5;

fn error(message: String) -> candle_core::Error {
    candle_core::Error::Msg(message)
}

/// A linear layer in the precision the model is loaded in: f32 products, or int8 ones (weights quantized per
/// output at load, inputs per row at every product, as CTranslate2's int8).
enum Linear {
    F32(PackedLinear),
    Int8(Int8Linear),
}

impl Linear {
    fn new(weight: &[f32], d_out: usize, d_in: usize, bias: Option<Vec<f32>>, precision: MarianPrecision) -> Linear {
        match precision {
            MarianPrecision::Float32 => Linear::F32(PackedLinear::new(weight, d_out, d_in, bias)),
            MarianPrecision::Int8 => Linear::Int8(Int8Linear::new(weight, d_out, d_in, bias.as_deref())),
        }
    }

    fn d_in(&self) -> usize {
        match self {
            Linear::F32(l) => l.d_in(),
            Linear::Int8(l) => l.d_in(),
        }
    }

    /// `x · Wᵀ + b` for `x` of (rows, d_in).
    fn forward(&self, x: &[f32]) -> Vec<f32> {
        let mut y = Vec::new();
        self.forward_into(x, &mut y);
        y
    }

    /// [`Linear::forward`] into a buffer kept between calls.
    fn forward_into(&self, x: &[f32], y: &mut Vec<f32>) {
        match self {
            Linear::F32(l) => l.forward_into(x, y),
            Linear::Int8(l) => {
                let rows = x.len() / l.d_in().max(1);
                // `forward` overwrites every value.
                y.resize(rows * l.d_out(), 0.0);
                l.forward(x, rows, y);
            }
        }
    }

    fn memory_bytes(&self) -> usize {
        match self {
            Linear::F32(l) => l.memory_bytes(),
            Linear::Int8(l) => l.memory_bytes(),
        }
    }
}

/// A weight (out, in) with a bias, in the given precision.
fn packed(
    vb: &Tensors,
    name: &str,
    (d_in, d_out): (usize, usize),
    bias: Option<Vec<f32>>,
    precision: MarianPrecision,
) -> Result<Linear> {
    vb.with_values(&[d_out, d_in], name, |weight| Linear::new(weight, d_out, d_in, bias, precision))
}

/// A linear layer named `name.weight` (out, in) and `name.bias` (out).
fn linear(vb: &Tensors, d_in: usize, d_out: usize, precision: MarianPrecision) -> Result<Linear> {
    packed(vb, "weight", (d_in, d_out), Some(vb.values(&[d_out], "bias")?), precision)
}

/// Several linear layers with the same input fused into one product (outputs one after the other).
fn fused(vb: &Tensors, names: &[&str], d: usize, precision: MarianPrecision) -> Result<Linear> {
    let (mut weight, mut bias) = (Vec::new(), Vec::new());
    for name in names {
        let vb = vb.pp(*name);
        weight.extend(vb.values(&[d, d], "weight")?);
        bias.extend(vb.values(&[d], "bias")?);
    }
    Ok(Linear::new(&weight, names.len() * d, d, Some(bias), precision))
}

struct LayerNorm {
    weight: Vec<f32>,
    bias: Vec<f32>,
}

impl LayerNorm {
    fn load(vb: Tensors, d: usize) -> Result<LayerNorm> {
        Ok(LayerNorm { weight: vb.values(&[d], "weight")?, bias: vb.values(&[d], "bias")? })
    }

    /// `x ← norm(x + h)` row by row: the residual connection and the post-norm of every sub-layer.
    fn add_and_norm(&self, x: &mut [f32], h: &[f32]) {
        let d = self.weight.len();
        let norm = |(x, h): (&mut [f32], &[f32])| {
            x.iter_mut().zip(h).for_each(|(x, h)| *x += h);
            let mean = x.iter().sum::<f32>() / d as f32;
            let variance = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / d as f32;
            let inverse = 1.0 / (variance + LAYER_NORM_EPS).sqrt();
            for ((v, w), b) in x.iter_mut().zip(&self.weight).zip(&self.bias) {
                *v = (*v - mean) * inverse * w + b;
            }
        };
        if x.len() >= 64 * d {
            x.par_chunks_mut(d).zip(h.par_chunks(d)).for_each(norm);
        } else {
            x.chunks_mut(d).zip(h.chunks(d)).for_each(norm);
        }
    }
}

struct FeedForward {
    fc1: Linear,
    fc2: Linear,
    activation: Activation,
}

impl FeedForward {
    fn load(
        vb: &Tensors,
        (d, ffn): (usize, usize),
        act: Activation,
        precision: MarianPrecision,
    ) -> Result<FeedForward> {
        let (fc1, fc2) = (linear(&vb.pp("fc1"), d, ffn, precision)?, linear(&vb.pp("fc2"), ffn, d, precision)?);
        Ok(FeedForward { fc1, fc2, activation: act })
    }

    fn forward(&self, x: &[f32]) -> Vec<f32> {
        let mut h = self.fc1.forward(x);
        let activation = self.activation;
        h.par_chunks_mut(4096).for_each(|chunk| match activation {
            Activation::Swish => vector::swish(chunk),
            Activation::Gelu => {
                chunk.iter_mut().for_each(|v| *v = 0.5 * *v * (1.0 + libm::erff(*v / std::f32::consts::SQRT_2)))
            }
            Activation::Relu => chunk.iter_mut().for_each(|v| *v = v.max(0.0)),
        });
        self.fc2.forward(&h)
    }
}

/// Attention heads of one layer.
#[derive(Clone, Copy)]
struct Heads {
    count: usize,
    dim: usize,
    /// transformers scales the queries by `head_dim^-0.5` before the dot products.
    scaling: f32,
}

impl Heads {
    fn new(d_model: usize, count: usize) -> Heads {
        let dim = d_model / count;
        Heads { count, dim, scaling: (dim as f32).powf(-0.5) }
    }
}

struct EncoderLayer {
    /// Queries, keys and values in one product.
    qkv: Linear,
    out: Linear,
    heads: Heads,
    self_attn_norm: LayerNorm,
    ffn: FeedForward,
    final_norm: LayerNorm,
}

impl EncoderLayer {
    /// One layer over the concatenated tokens `x` of sentences `spans` (start, length).
    fn forward(&self, x: &mut [f32], spans: &[(usize, usize)], d: usize) {
        let mut qkv = self.qkv.forward(x);
        let Heads { count, dim, scaling } = self.heads;
        qkv.par_chunks_mut(3 * d).for_each(|row| row[..d].iter_mut().for_each(|q| *q *= scaling));
        let mut context = vec![0f32; x.len()];
        let longest = spans.iter().map(|s| s.1).max().unwrap_or(0);
        let qkv = &qkv;
        // Each token's sentence, so that tokens can be processed in parallel.
        let sentence_of: Vec<usize> =
            spans.iter().enumerate().flat_map(|(s, span)| std::iter::repeat_n(s, span.1)).collect();
        context.par_chunks_mut(d).enumerate().for_each_init(
            || (vec![0f32; longest], Vec::with_capacity(longest)),
            |(scores, offsets), (token, out)| {
                let (start, len) = spans[sentence_of[token]];
                offsets.clear();
                offsets.extend((start..start + len).map(|j| j * 3 * d));
                for h in 0..count {
                    let q = &qkv[token * 3 * d + h * dim..][..dim];
                    let (keys, values) = (&qkv[d + h * dim..], &qkv[2 * d + h * dim..]);
                    vector::attend(q, keys, values, offsets, &mut scores[..len], &mut out[h * dim..][..dim]);
                }
            },
        );
        self.self_attn_norm.add_and_norm(x, &self.out.forward(&context));
        let h = self.ffn.forward(x);
        self.final_norm.add_and_norm(x, &h);
    }
}

struct DecoderLayer {
    self_qkv: Linear,
    self_out: Linear,
    self_attn_norm: LayerNorm,
    cross_q: Linear,
    /// Cross-attention keys and values, one product over the encoder output.
    cross_kv: Linear,
    cross_out: Linear,
    cross_attn_norm: LayerNorm,
    heads: Heads,
    ffn: FeedForward,
    final_norm: LayerNorm,
}

/// A loaded Marian model; immutable, shared by all decoding calls.
pub struct MarianModel {
    pub config: MarianConfig,
    /// The output layer (decoder vocabulary × d_model), `final_logits_bias` as its bias; when it is tied to the
    /// decoder's embeddings (OPUS-MT), its weight rows are also those embeddings.
    lm_head: Linear,
    /// The decoder's token embeddings when they cannot be read from `lm_head` (an output layer of its own, or an
    /// int8 one).
    embed: Option<Vec<f32>>,
    /// The encoder's token embeddings (vocab_size × d_model) when they are not the decoder's
    /// (`share_encoder_decoder_embeddings: false`, separate source and target vocabularies).
    encoder_embed: Option<Vec<f32>>,
    /// Sinusoidal positions (max_position_embeddings × d_model).
    positions: Vec<f32>,
    embed_scale: f32,
    encoder: Vec<EncoderLayer>,
    decoder: Vec<DecoderLayer>,
}

/// Cross-attention keys and values of one decoder layer: per sentence `heads × width × head_dim` values, where
/// `width` is the longest source of the batch (a shorter one leaves the rest unused).
#[derive(Clone)]
struct CrossCache {
    keys: Vec<f32>,
    values: Vec<f32>,
}

/// Per-batch decoder state: cross-attention keys/values (computed once, one entry per sentence), the
/// self-attention cache (one row per beam), the source lengths. Built by [`MarianModel::start`], so nothing
/// carries over from one batch to the next. Rows are `group` consecutive beams per sentence.
pub struct DecoderState {
    cross: Vec<CrossCache>,
    /// Source tokens per sentence.
    lengths: Vec<usize>,
    /// Positions per sentence in `cross`.
    width: usize,
    cache: Vec<SelfCache>,
    /// Per row, for every position so far, the row of that step it continues: beam search reorders rows by
    /// rewriting these short lists, never the cached keys and values.
    lineage: Vec<Vec<u32>>,
    /// Reordering of the rows not applied yet: it is folded into the next step's lineage.
    order: Option<Vec<u32>>,
    group: usize,
    /// Tokens decoded so far (the position of the next one).
    pub step: usize,
    /// The last step's logits, the buffer kept from step to step.
    logits: Vec<f32>,
}

impl DecoderState {
    /// Makes every sentence a group of `beam` rows (before the first step: all beams start equal).
    pub fn expand(&mut self, beam: usize) -> Result<()> {
        if self.step != 0 || self.group != 1 {
            return Err(error("beams are set before the first step".into()));
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
            return Err(error(format!("{} rows in groups of {group}", rows.len())));
        }
        let sentences: Vec<usize> = rows.iter().step_by(self.group).map(|&r| (r / group) as usize).collect();
        if rows.chunks(self.group).zip(&sentences).any(|(chunk, &s)| chunk.iter().any(|&r| (r / group) as usize != s)) {
            return Err(error("a beam group mixes sentences".into()));
        }
        let current = self.lengths.len();
        if let Some(&s) = sentences.iter().find(|&&s| s >= current) {
            return Err(error(format!("sentence {s} of {current}")));
        }
        if sentences.len() != current || sentences.iter().enumerate().any(|(i, &s)| s != i) {
            let per_sentence = self.cross.first().map_or(0, |c| c.keys.len() / current.max(1));
            let pick = |all: &[f32]| -> Vec<f32> {
                sentences.iter().flat_map(|&s| &all[s * per_sentence..][..per_sentence]).copied().collect()
            };
            for cross in &mut self.cross {
                *cross = CrossCache { keys: pick(&cross.keys), values: pick(&cross.values) };
            }
            self.lengths = sentences.iter().map(|&s| self.lengths[s]).collect();
        }
        self.order = Some(match self.order.take() {
            Some(previous) => rows.iter().map(|&r| previous[r as usize]).collect(),
            None => rows.to_vec(),
        });
        Ok(())
    }

    /// Rows decoded together (sentences × beams).
    pub fn rows(&self) -> usize {
        self.lengths.len() * self.group
    }
}

/// The self-attention keys and values of one decoder layer: each step appends one block of (row, head, head_dim)
/// values for the rows of that step, and nothing is moved afterwards; a row finds its key at position p in the
/// block of step p, at the row its lineage names.
#[derive(Default)]
struct SelfCache {
    keys: Vec<f32>,
    values: Vec<f32>,
    /// Where each step's block starts (the same in `keys` and `values`).
    starts: Vec<usize>,
}

impl SelfCache {
    /// Appends the key and value parts of `qkv` (rows × 3 d_model) as the newest block.
    fn append(&mut self, qkv: &[f32], d: usize) {
        self.starts.push(self.keys.len());
        for row in qkv.chunks_exact(3 * d) {
            self.keys.extend_from_slice(&row[d..2 * d]);
            self.values.extend_from_slice(&row[2 * d..]);
        }
    }
}

/// The lineage of every row after a step: each row's list continued from the row it follows (`order`, or the
/// same row) with itself at the new position.
fn next_lineage(lineage: Vec<Vec<u32>>, order: Option<&[u32]>, rows: usize) -> Result<Vec<Vec<u32>>> {
    let mut lineage = match order {
        Some(order) => order
            .iter()
            .map(|&from| {
                lineage.get(from as usize).cloned().ok_or_else(|| error(format!("row {from} of {}", lineage.len())))
            })
            .collect::<Result<Vec<_>>>()?,
        None if lineage.is_empty() => vec![Vec::new(); rows],
        None => lineage,
    };
    if lineage.len() != rows {
        return Err(error(format!("{rows} rows for a cache of {}", lineage.len())));
    }
    for (row, list) in lineage.iter_mut().enumerate() {
        list.push(row as u32);
    }
    Ok(lineage)
}

/// Sinusoids as `MarianSinusoidalPositionalEmbedding`: sines in the first half of each row, cosines in the second.
fn sinusoidal_positions(count: usize, dim: usize) -> Vec<f32> {
    let half = dim / 2;
    let mut values = vec![0f32; count * dim];
    for pos in 0..count {
        for j in 0..half {
            let angle = pos as f64 / 10000f64.powf(2.0 * j as f64 / dim as f64);
            values[pos * dim + j] = angle.sin() as f32;
            values[pos * dim + half + j] = angle.cos() as f32;
        }
    }
    values
}

impl MarianModel {
    /// Builds the model from weights named as transformers' `MarianMTModel` names them.
    pub fn load(config: MarianConfig, vb: Tensors, precision: MarianPrecision) -> Result<MarianModel> {
        let d = config.d_model;
        let vocab = config.vocab_size;
        let act = activation(&config.activation_function)
            .ok_or_else(|| error(format!("activation {}", config.activation_function)))?;
        for (heads, what) in [(config.encoder_attention_heads, "encoder"), (config.decoder_attention_heads, "decoder")]
        {
            if heads == 0 || !d.is_multiple_of(heads) {
                return Err(error(format!("d_model {d} is not a multiple of the {heads} {what} attention heads")));
            }
        }
        let decoder_vocab = config.decoder_vocab();
        let shared = config.share_encoder_decoder_embeddings;
        // Checkpoints store an embedding table under one of several names, as tied copies are often dropped:
        // the shared table as any of them, the decoder's own table as its name or as the output layer tied to it.
        let candidates: &[&str] = if shared {
            &["model.shared.weight", "model.encoder.embed_tokens.weight", "model.decoder.embed_tokens.weight"]
        } else {
            &["model.decoder.embed_tokens.weight", "lm_head.weight"]
        };
        let embed_name = candidates.iter().copied().find(|name| vb.contains_tensor(name)).unwrap_or(candidates[0]);
        let final_logits_bias = if vb.contains_tensor("final_logits_bias") {
            vb.values(&[1, decoder_vocab], "final_logits_bias")?
        } else {
            vec![0f32; decoder_vocab]
        };
        let own_head = vb.contains_tensor("lm_head.weight") && embed_name != "lm_head.weight";
        let head_name = if own_head { "lm_head.weight" } else { embed_name };
        let lm_head = packed(&vb, head_name, (d, decoder_vocab), Some(final_logits_bias), precision)?;
        // The embeddings are read from the output layer's own f32 weight when the two are tied.
        let embed = match (&lm_head, own_head) {
            (Linear::F32(_), false) => None,
            _ => Some(vb.values(&[decoder_vocab, d], embed_name)?),
        };
        let encoder_embed =
            if shared { None } else { Some(vb.values(&[vocab, d], "model.encoder.embed_tokens.weight")?) };
        let encoder = (0..config.encoder_layers)
            .map(|i| {
                let vb = vb.pp(format!("model.encoder.layers.{i}"));
                let attn = vb.pp("self_attn");
                Ok(EncoderLayer {
                    qkv: fused(&attn, &["q_proj", "k_proj", "v_proj"], d, precision)?,
                    out: linear(&attn.pp("out_proj"), d, d, precision)?,
                    heads: Heads::new(d, config.encoder_attention_heads),
                    self_attn_norm: LayerNorm::load(vb.pp("self_attn_layer_norm"), d)?,
                    ffn: FeedForward::load(&vb, (d, config.encoder_ffn_dim), act, precision)?,
                    final_norm: LayerNorm::load(vb.pp("final_layer_norm"), d)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let decoder = (0..config.decoder_layers)
            .map(|i| {
                let vb = vb.pp(format!("model.decoder.layers.{i}"));
                let (attn, cross) = (vb.pp("self_attn"), vb.pp("encoder_attn"));
                Ok(DecoderLayer {
                    self_qkv: fused(&attn, &["q_proj", "k_proj", "v_proj"], d, precision)?,
                    self_out: linear(&attn.pp("out_proj"), d, d, precision)?,
                    self_attn_norm: LayerNorm::load(vb.pp("self_attn_layer_norm"), d)?,
                    cross_q: linear(&cross.pp("q_proj"), d, d, precision)?,
                    cross_kv: fused(&cross, &["k_proj", "v_proj"], d, precision)?,
                    cross_out: linear(&cross.pp("out_proj"), d, d, precision)?,
                    cross_attn_norm: LayerNorm::load(vb.pp("encoder_attn_layer_norm"), d)?,
                    heads: Heads::new(d, config.decoder_attention_heads),
                    ffn: FeedForward::load(&vb, (d, config.decoder_ffn_dim), act, precision)?,
                    final_norm: LayerNorm::load(vb.pp("final_layer_norm"), d)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let positions = sinusoidal_positions(config.max_position_embeddings, d);
        let embed_scale = if config.scale_embedding { (d as f32).sqrt() } else { 1.0 };
        Ok(MarianModel { lm_head, embed, encoder_embed, positions, embed_scale, encoder, decoder, config })
    }

    /// Memory held by the weights, in bytes.
    pub fn memory_bytes(&self) -> usize {
        let linear = |l: &Linear| l.memory_bytes();
        let encoder: usize = self
            .encoder
            .iter()
            .map(|l| linear(&l.qkv) + linear(&l.out) + linear(&l.ffn.fc1) + linear(&l.ffn.fc2))
            .sum();
        let decoder: usize = self
            .decoder
            .iter()
            .map(|l| {
                [&l.self_qkv, &l.self_out, &l.cross_q, &l.cross_kv, &l.cross_out, &l.ffn.fc1, &l.ffn.fc2]
                    .into_iter()
                    .map(linear)
                    .sum::<usize>()
            })
            .sum();
        let embed = (self.embed.as_ref().map_or(0, Vec::len) + self.encoder_embed.as_ref().map_or(0, Vec::len)) * 4;
        linear(&self.lm_head) + embed + encoder + decoder + self.positions.len() * 4
    }

    /// Scaled token embeddings plus sinusoidal positions, one row per (token, position), from the encoder's
    /// table or the decoder's.
    fn embed(&self, tokens: impl Iterator<Item = (u32, usize)>, encoder: bool) -> Result<Vec<f32>> {
        let d = self.config.d_model;
        let own_table = self.encoder_embed.as_ref().filter(|_| encoder);
        let vocab = if encoder { self.config.vocab_size } else { self.config.decoder_vocab() };
        let mut x = Vec::new();
        for (token, position) in tokens {
            if token as usize >= vocab {
                return Err(error(format!("token {token} outside the vocabulary of {vocab}")));
            }
            if position >= self.config.max_position_embeddings {
                return Err(error(format!(
                    "position {position} beyond the model's {} positions",
                    self.config.max_position_embeddings
                )));
            }
            let start = x.len();
            x.resize(start + d, 0.0);
            let row = &mut x[start..];
            match (own_table, &self.embed, &self.lm_head) {
                (Some(table), _, _) | (None, Some(table), _) => row.copy_from_slice(&table[token as usize * d..][..d]),
                (None, None, Linear::F32(head)) => head.weight_row(token as usize, row),
                (None, None, Linear::Int8(_)) => {
                    return Err(error("no f32 embeddings for an int8 output layer".into()))
                }
            }
            for (v, p) in row.iter_mut().zip(&self.positions[position * d..][..d]) {
                *v = *v * self.embed_scale + p;
            }
        }
        Ok(x)
    }

    /// Encodes the sources (token ids, each ending in `</s>`) and prepares decoding.
    pub fn start(&self, sources: &[Vec<u32>]) -> Result<DecoderState> {
        let d = self.config.d_model;
        let mut spans = Vec::with_capacity(sources.len());
        let mut total = 0;
        for source in sources {
            if source.is_empty() {
                return Err(error("an empty source".into()));
            }
            spans.push((total, source.len()));
            total += source.len();
        }
        let mut x = self.embed(sources.iter().flat_map(|s| s.iter().enumerate().map(|(p, &t)| (t, p))), true)?;
        for layer in &self.encoder {
            layer.forward(&mut x, &spans, d);
        }
        let width = spans.iter().map(|s| s.1).max().unwrap_or(0);
        let cross = self.decoder.iter().map(|layer| cross_cache(layer, &x, &spans, width)).collect();
        let cache = self.decoder.iter().map(|_| SelfCache::default()).collect();
        let lineage = Vec::new();
        let lengths = spans.iter().map(|s| s.1).collect();
        Ok(DecoderState { cross, lengths, width, cache, lineage, order: None, group: 1, step: 0, logits: Vec::new() })
    }

    /// Feeds one token per row and returns the next-token logits (rows × vocab, row-major), `final_logits_bias`
    /// included.
    pub fn step<'s>(&self, tokens: &[u32], state: &'s mut DecoderState) -> Result<&'s mut [f32]> {
        let rows = state.rows();
        if tokens.len() != rows {
            return Err(error(format!("{} tokens for {rows} rows", tokens.len())));
        }
        let d = self.config.d_model;
        let mut x = self.embed(tokens.iter().map(|&t| (t, state.step)), false)?;
        let order = state.order.take();
        state.lineage = next_lineage(std::mem::take(&mut state.lineage), order.as_deref(), rows)?;
        let (group, width, lengths, lineage) = (state.group, state.width, &state.lengths, &state.lineage);
        for (i, layer) in self.decoder.iter().enumerate() {
            let Heads { count, dim, scaling } = layer.heads;
            // Self-attention over the cache, the new position included.
            let mut qkv = layer.self_qkv.forward(&x);
            qkv.chunks_mut(3 * d).for_each(|row| row[..d].iter_mut().for_each(|q| *q *= scaling));
            let cache = &mut state.cache[i];
            cache.append(&qkv, d);
            let cache = &state.cache[i];
            let len = cache.starts.len();
            let mut context = vec![0f32; rows * d];
            context.par_chunks_mut(d).enumerate().for_each_init(
                || (vec![0f32; len], Vec::with_capacity(len)),
                |(scores, offsets), (row, out)| {
                    for h in 0..count {
                        offsets.clear();
                        let blocks = cache.starts.iter().zip(&lineage[row]);
                        offsets.extend(blocks.map(|(&start, &from)| start + (from as usize * count + h) * dim));
                        let q = &qkv[row * 3 * d + h * dim..][..dim];
                        let out = &mut out[h * dim..][..dim];
                        vector::attend(q, &cache.keys, &cache.values, offsets, scores, out);
                    }
                },
            );
            layer.self_attn_norm.add_and_norm(&mut x, &layer.self_out.forward(&context));
            // Cross-attention: the beams of a sentence over that sentence's keys/values.
            let mut q = layer.cross_q.forward(&x);
            q.iter_mut().for_each(|v| *v *= scaling);
            let cross = &state.cross[i];
            context.par_chunks_mut(d).enumerate().for_each_init(
                || (vec![0f32; width], Vec::with_capacity(width)),
                |(scores, offsets), (row, out)| {
                    let (sentence, len) = (row / group, lengths[row / group]);
                    for h in 0..count {
                        let base = (sentence * count + h) * width * dim;
                        offsets.clear();
                        offsets.extend((0..len).map(|j| base + j * dim));
                        let (q, out) = (&q[row * d + h * dim..][..dim], &mut out[h * dim..][..dim]);
                        vector::attend(q, &cross.keys, &cross.values, offsets, &mut scores[..len], out);
                    }
                },
            );
            layer.cross_attn_norm.add_and_norm(&mut x, &layer.cross_out.forward(&context));
            let h = layer.ffn.forward(&x);
            layer.final_norm.add_and_norm(&mut x, &h);
        }
        state.step += 1;
        self.lm_head.forward_into(&x, &mut state.logits);
        Ok(&mut state.logits)
    }
}

/// One decoder layer's cross-attention keys and values for the encoder output `x` of sentences `spans`, laid out
/// per sentence (head, position, head_dim) with `width` positions each.
fn cross_cache(layer: &DecoderLayer, x: &[f32], spans: &[(usize, usize)], width: usize) -> CrossCache {
    let d = layer.cross_out.d_in();
    let Heads { count, dim, .. } = layer.heads;
    let kv = layer.cross_kv.forward(x);
    let mut keys = vec![0f32; spans.len() * count * width * dim];
    let mut values = vec![0f32; keys.len()];
    for (s, &(start, len)) in spans.iter().enumerate() {
        for h in 0..count {
            for j in 0..len {
                let at = ((s * count + h) * width + j) * dim;
                let row = &kv[(start + j) * 2 * d..][..2 * d];
                keys[at..at + dim].copy_from_slice(&row[h * dim..][..dim]);
                values[at..at + dim].copy_from_slice(&row[d + h * dim..][..dim]);
            }
        }
    }
    CrossCache { keys, values }
}
