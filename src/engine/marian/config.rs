//! A Marian model's config.json, read with defaults for every field older OPUS-MT configs leave out.
//!
//! Unknown fields are ignored (configs carry many training-only ones) but recorded, so a caller can report them.

use std::collections::BTreeMap;

use serde::Deserialize;

/// Hyper-parameters of a Marian (OPUS-MT) model; defaults are those of `transformers.MarianConfig`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct MarianConfig {
    pub vocab_size: usize,
    /// Vocabulary of the decoder (its embeddings and output layer) when it has embeddings of its own
    /// (`share_encoder_decoder_embeddings: false`); with shared embeddings transformers uses `vocab_size`.
    pub decoder_vocab_size: Option<usize>,
    pub d_model: usize,
    pub encoder_layers: usize,
    pub decoder_layers: usize,
    pub encoder_attention_heads: usize,
    pub decoder_attention_heads: usize,
    pub encoder_ffn_dim: usize,
    pub decoder_ffn_dim: usize,
    pub max_position_embeddings: usize,
    pub activation_function: String,
    pub scale_embedding: bool,
    pub share_encoder_decoder_embeddings: bool,
    pub pad_token_id: u32,
    pub eos_token_id: u32,
    pub decoder_start_token_id: Option<u32>,
    /// Token forced at the last position allowed by the maximum length (OPUS-MT: `</s>`).
    pub forced_eos_token_id: Option<u32>,
    /// Tokens never generated; OPUS-MT bans `<pad>` this way.
    pub bad_words_ids: Option<Vec<Vec<u32>>>,
    pub num_beams: Option<usize>,
    pub max_length: Option<usize>,
    pub length_penalty: Option<f64>,
    /// Every field this struct does not know, for a warning.
    #[serde(flatten)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for MarianConfig {
    fn default() -> MarianConfig {
        MarianConfig {
            vocab_size: 58101,
            decoder_vocab_size: None,
            d_model: 1024,
            encoder_layers: 12,
            decoder_layers: 12,
            encoder_attention_heads: 16,
            decoder_attention_heads: 16,
            encoder_ffn_dim: 4096,
            decoder_ffn_dim: 4096,
            max_position_embeddings: 1024,
            activation_function: "gelu".into(),
            scale_embedding: false,
            share_encoder_decoder_embeddings: true,
            pad_token_id: 58100,
            eos_token_id: 0,
            decoder_start_token_id: None,
            forced_eos_token_id: None,
            bad_words_ids: None,
            num_beams: None,
            max_length: None,
            length_penalty: None,
            unknown: BTreeMap::new(),
        }
    }
}

/// Fields transformers writes into every config that do not change inference; not worth a warning.
const KNOWN_HARMLESS: &[&str] = &[
    "_name_or_path",
    "activation_dropout",
    "architectures",
    "attention_dropout",
    "bos_token_id",
    "classif_dropout",
    "classifier_dropout",
    "decoder_layerdrop",
    "dropout",
    "encoder_layerdrop",
    "gradient_checkpointing",
    "id2label",
    "init_std",
    "is_encoder_decoder",
    "label2id",
    "model_type",
    "normalize_before",
    "normalize_embedding",
    "num_hidden_layers",
    "static_position_embeddings",
    "torch_dtype",
    "transformers_version",
    "use_cache",
    "add_bias_logits",
    "add_final_layer_norm",
    "extra_pos_embeddings",
    "num_labels",
    "output_past",
    "tie_word_embeddings",
    "dtype",
];

impl MarianConfig {
    pub fn from_json(text: &str) -> Result<MarianConfig, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// Fields that are neither used nor known to be harmless: reported, not fatal.
    pub fn unknown_fields(&self) -> Vec<String> {
        self.unknown.keys().filter(|k| !KNOWN_HARMLESS.contains(&k.as_str())).cloned().collect()
    }

    /// Entries of the decoder's vocabulary: the rows of its embeddings and output layer.
    pub fn decoder_vocab(&self) -> usize {
        match self.decoder_vocab_size {
            Some(n) if !self.share_encoder_decoder_embeddings => n,
            _ => self.vocab_size,
        }
    }

    pub fn decoder_start(&self) -> u32 {
        self.decoder_start_token_id.unwrap_or(self.pad_token_id)
    }

    /// Tokens banned at every step: single-token `bad_words_ids`, and always the pad token.
    pub fn banned_tokens(&self) -> Vec<u32> {
        let mut banned: Vec<u32> = self.bad_words_ids.iter().flatten().filter(|w| w.len() == 1).map(|w| w[0]).collect();
        if !banned.contains(&self.pad_token_id) {
            banned.push(self.pad_token_id);
        }
        banned
    }

    /// Checks what would otherwise fail deep inside the model, as a sentence for an error message.
    pub fn validate(&self) -> Result<(), String> {
        if self.d_model == 0 || self.encoder_attention_heads == 0 || self.decoder_attention_heads == 0 {
            return Err("d_model and attention heads must be positive".into());
        }
        if !self.d_model.is_multiple_of(self.encoder_attention_heads)
            || !self.d_model.is_multiple_of(self.decoder_attention_heads)
        {
            return Err(format!("d_model {} is not divisible by the number of attention heads", self.d_model));
        }
        if !self.d_model.is_multiple_of(2) {
            return Err(format!("d_model {} must be even for sinusoidal positions", self.d_model));
        }
        // Shared embeddings are one table: a different decoder size would mean the file was edited by hand.
        if let Some(n) = self.decoder_vocab_size.filter(|_| self.share_encoder_decoder_embeddings) {
            if n != self.vocab_size {
                return Err(format!(
                    "decoder_vocab_size {n} differs from vocab_size {} although the embeddings are shared",
                    self.vocab_size
                ));
            }
        }
        if activation(&self.activation_function).is_none() {
            return Err(format!("activation function \"{}\" is not supported", self.activation_function));
        }
        if self.max_position_embeddings < 2 {
            return Err("max_position_embeddings must be at least 2".into());
        }
        if self.pad_token_id as usize >= self.vocab_size {
            return Err(format!("token id {} is outside the vocabulary of {}", self.pad_token_id, self.vocab_size));
        }
        // The decoder reads the start token and writes </s> and <pad> (banned): all in its own vocabulary.
        let decoder_vocab = self.decoder_vocab();
        for id in [self.pad_token_id, self.eos_token_id, self.decoder_start()] {
            if id as usize >= decoder_vocab {
                return Err(format!("token id {id} is outside the decoder's vocabulary of {decoder_vocab}"));
            }
        }
        Ok(())
    }
}

/// The feed-forward activations Marian checkpoints use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    Swish,
    Gelu,
    Relu,
}

pub fn activation(name: &str) -> Option<Activation> {
    match name {
        "swish" | "silu" => Some(Activation::Swish),
        "gelu" => Some(Activation::Gelu),
        "relu" => Some(Activation::Relu),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_old_config_gets_defaults_and_reports_unknown_fields() {
        let config = MarianConfig::from_json(
            r#"{"vocab_size": 10, "d_model": 8, "pad_token_id": 9,
            "encoder_attention_heads": 2, "decoder_attention_heads": 2, "activation_function": "swish",
            "dropout": 0.1, "quantum_flux": true}"#,
        )
        .unwrap();
        assert_eq!(config.encoder_layers, 12);
        assert_eq!(config.decoder_start(), 9);
        assert_eq!(config.banned_tokens(), vec![9]);
        assert_eq!(config.unknown_fields(), vec!["quantum_flux".to_string()]);
        assert_eq!(config.validate(), Ok(()));
    }

    #[test]
    fn inconsistent_configs_are_rejected_with_a_reason() {
        let mut config = MarianConfig { vocab_size: 10, d_model: 10, pad_token_id: 9, ..MarianConfig::default() };
        config.encoder_attention_heads = 3;
        assert!(config.validate().unwrap_err().contains("divisible"));
        config.encoder_attention_heads = 2;
        config.decoder_attention_heads = 2;
        config.pad_token_id = 10;
        assert!(config.validate().unwrap_err().contains("outside the vocabulary"));
    }

    #[test]
    fn separate_embeddings_give_the_decoder_its_own_vocabulary() {
        let mut config = MarianConfig {
            vocab_size: 10,
            decoder_vocab_size: Some(12),
            d_model: 8,
            encoder_attention_heads: 2,
            decoder_attention_heads: 2,
            pad_token_id: 9,
            activation_function: "relu".into(),
            ..MarianConfig::default()
        };
        assert!(config.validate().unwrap_err().contains("shared"));
        config.share_encoder_decoder_embeddings = false;
        assert_eq!(config.validate(), Ok(()));
        assert_eq!(config.decoder_vocab(), 12);
        config.decoder_vocab_size = Some(8);
        assert!(config.validate().unwrap_err().contains("decoder's vocabulary of 8"));
        config.decoder_vocab_size = None;
        assert_eq!(config.decoder_vocab(), 10);
    }
}
