//! The Marian transformer (post-norm encoder-decoder, sinusoidal positions, shared embeddings) on candle.
//!
//! Written here rather than taken from candle-transformers because decoding needs what that module lacks:
//! padding masks for batches, cross-attention keys/values computed once per input, and a self-attention cache
//! that beam search can reorder.

use candle_core::{DType, Device, IndexOp, Module, Result, Tensor};
use candle_nn::{LayerNorm, Linear, VarBuilder};

use super::config::{activation, Activation, MarianConfig};

/// Added to attention scores of padded positions.
const MASKED: f32 = -1e9;
const LAYER_NORM_EPS: f64 = 1e-5;

struct Attention {
    q: Linear,
    k: Linear,
    v: Linear,
    out: Linear,
    heads: usize,
    head_dim: usize,
    scaling: f64,
}

impl Attention {
    fn load(vb: VarBuilder, d_model: usize, heads: usize) -> Result<Attention> {
        let head_dim = d_model / heads;
        Ok(Attention {
            q: candle_nn::linear(d_model, d_model, vb.pp("q_proj"))?,
            k: candle_nn::linear(d_model, d_model, vb.pp("k_proj"))?,
            v: candle_nn::linear(d_model, d_model, vb.pp("v_proj"))?,
            out: candle_nn::linear(d_model, d_model, vb.pp("out_proj"))?,
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
}

struct FeedForward {
    fc1: Linear,
    fc2: Linear,
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
    Ok(FeedForward {
        fc1: candle_nn::linear(d, ffn, vb.pp("fc1"))?,
        fc2: candle_nn::linear(ffn, d, vb.pp("fc2"))?,
        activation,
    })
}

struct EncoderLayer {
    self_attn: Attention,
    self_attn_norm: LayerNorm,
    ffn: FeedForward,
    final_norm: LayerNorm,
}

struct DecoderLayer {
    self_attn: Attention,
    self_attn_norm: LayerNorm,
    cross_attn: Attention,
    cross_attn_norm: LayerNorm,
    ffn: FeedForward,
    final_norm: LayerNorm,
}

/// A loaded Marian model; immutable, shared by all decoding calls.
pub struct MarianModel {
    pub config: MarianConfig,
    embed: Tensor,
    lm_head: Linear,
    final_logits_bias: Tensor,
    positions: Tensor,
    embed_scale: f64,
    encoder: Vec<EncoderLayer>,
    decoder: Vec<DecoderLayer>,
}

/// Per-batch decoder state: cross-attention keys/values (computed once), the self-attention cache, the
/// source padding mask. Built by [`MarianModel::start`], so nothing carries over from one batch to the next.
pub struct DecoderState {
    cross: Vec<(Tensor, Tensor)>,
    cache: Vec<Option<(Tensor, Tensor)>>,
    source_mask: Tensor,
    /// Tokens decoded so far (the position of the next one).
    pub step: usize,
}

impl DecoderState {
    /// Keeps (and repeats) rows: row i of the new state is row `rows[i]` of the old one. Used by beam search to
    /// follow surviving hypotheses and to drop finished sentences from the batch.
    pub fn select(&mut self, rows: &[u32]) -> Result<()> {
        let index = Tensor::new(rows, self.source_mask.device())?;
        for (k, v) in &mut self.cross {
            *k = k.index_select(&index, 0)?;
            *v = v.index_select(&index, 0)?;
        }
        for (k, v) in self.cache.iter_mut().flatten() {
            *k = k.index_select(&index, 0)?;
            *v = v.index_select(&index, 0)?;
        }
        self.source_mask = self.source_mask.index_select(&index, 0)?;
        Ok(())
    }

    pub fn rows(&self) -> Result<usize> {
        self.source_mask.dim(0)
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
        let embed_name = ["model.shared.weight", "model.encoder.embed_tokens.weight", "model.decoder.embed_tokens.weight"]
            .into_iter()
            .find(|name| vb.contains_tensor(name))
            .unwrap_or("model.shared.weight");
        let embed = vb.get((config.vocab_size, d), embed_name)?;
        let lm_weight = if vb.contains_tensor("lm_head.weight") {
            vb.get((config.vocab_size, d), "lm_head.weight")?
        } else {
            embed.clone()
        };
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
                    self_attn: Attention::load(vb.pp("self_attn"), d, config.decoder_attention_heads)?,
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
        Ok(MarianModel {
            lm_head: Linear::new(lm_weight, None),
            embed,
            final_logits_bias,
            positions,
            embed_scale,
            encoder,
            decoder,
            config,
        })
    }

    pub fn device(&self) -> &Device {
        self.embed.device()
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
        Ok(DecoderState { cross, cache: vec![None; self.decoder.len()], source_mask, step: 0 })
    }

    /// Feeds one token per row and returns the next-token logits (rows, vocab), `final_logits_bias` included.
    pub fn step(&self, tokens: &[u32], state: &mut DecoderState) -> Result<Tensor> {
        let ids = Tensor::new(tokens, self.device())?.unsqueeze(1)?;
        let mut x = self.embed(&ids, state.step)?;
        for (i, layer) in self.decoder.iter().enumerate() {
            let (k, v) = layer.self_attn.keys_values(&x)?;
            let (k, v) = match state.cache[i].take() {
                Some((pk, pv)) => (Tensor::cat(&[&pk, &k], 2)?, Tensor::cat(&[&pv, &v], 2)?),
                None => (k, v),
            };
            let h = layer.self_attn.attend(&x, &k, &v, None)?;
            state.cache[i] = Some((k, v));
            x = layer.self_attn_norm.forward(&(x + h)?)?;
            let (ck, cv) = &state.cross[i];
            let h = layer.cross_attn.attend(&x, ck, cv, Some(&state.source_mask))?;
            x = layer.cross_attn_norm.forward(&(x + h)?)?;
            let h = layer.ffn.forward(&x)?;
            x = layer.final_norm.forward(&(x + h)?)?;
        }
        state.step += 1;
        let last = x.i((.., 0, ..))?;
        self.lm_head.forward(&last)?.broadcast_add(&self.final_logits_bias)
    }
}
