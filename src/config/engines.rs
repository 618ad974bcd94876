//! Settings of the machine-translation engine types: `[engines.<name>]` tables with `type = "deepl"`,
//! `"google"`, `"libretranslate"`, `"openai"`, `"apertium"` or `"command"`.
//!
//! Every remote engine shares the same tuning keys (url, key source, batch size, concurrency, rate, timeout,
//! retries, price); each type adds its own. The structs are declared through one macro so that each type keeps
//! its own `deny_unknown_fields` table (serde cannot flatten a shared struct into one that refuses unknown keys).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Longest timeout, backoff or breaker pause an engine may be given, in seconds (a day).
pub const MAX_WAIT_SECS: f64 = 86_400.0;

/// The tuning keys every remote engine accepts, as written (unset keys are `None`; the engine's defaults apply).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CommonEngineSettings {
    /// Base URL of the service (scheme, host, optional path prefix).
    pub url: Option<String>,
    /// Environment variable holding the API key.
    pub api_key_env: Option<String>,
    /// File holding the API key (first line), resolved against the configuration's directory.
    pub api_key_file: Option<PathBuf>,
    /// Most segments per request.
    pub batch_size: Option<usize>,
    /// Most requests in flight at once.
    pub concurrency: Option<usize>,
    /// Most requests started per second.
    pub requests_per_second: Option<f64>,
    /// Longest wait for one answer.
    pub timeout_secs: Option<f64>,
    /// Retries of one batch after a transient failure (429, 5xx, timeout, broken answer).
    pub retries: Option<u32>,
    /// First wait before a retry, in seconds (then ×1.6 per attempt, with jitter).
    pub backoff_secs: Option<f64>,
    /// Failed calls in a row that pause the engine (circuit breaker).
    pub breaker_failures: Option<u32>,
    /// How long the breaker keeps the engine paused, in seconds.
    pub breaker_pause_secs: Option<f64>,
    /// Price per million characters sent, for the cost estimate of the run summary.
    pub price_per_million_chars: Option<f64>,
}

macro_rules! engine_settings {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub url: Option<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub api_key_env: Option<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub api_key_file: Option<PathBuf>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub batch_size: Option<usize>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub concurrency: Option<usize>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub requests_per_second: Option<f64>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub timeout_secs: Option<f64>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub retries: Option<u32>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub backoff_secs: Option<f64>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub breaker_failures: Option<u32>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub breaker_pause_secs: Option<f64>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub price_per_million_chars: Option<f64>,
            $($(#[$fmeta])* #[serde(default, skip_serializing_if = "Option::is_none")] pub $field: $ty,)*
        }

        impl $name {
            /// The shared tuning keys of this table.
            pub fn common(&self) -> CommonEngineSettings {
                CommonEngineSettings {
                    url: self.url.clone(),
                    api_key_env: self.api_key_env.clone(),
                    api_key_file: self.api_key_file.clone(),
                    batch_size: self.batch_size,
                    concurrency: self.concurrency,
                    requests_per_second: self.requests_per_second,
                    timeout_secs: self.timeout_secs,
                    retries: self.retries,
                    backoff_secs: self.backoff_secs,
                    breaker_failures: self.breaker_failures,
                    breaker_pause_secs: self.breaker_pause_secs,
                    price_per_million_chars: self.price_per_million_chars,
                }
            }

            /// Resolves a relative key file against the configuration's directory.
            pub(crate) fn resolve_paths(&mut self, base: &std::path::Path) {
                if let Some(file) = &self.api_key_file {
                    self.api_key_file = Some(base.join(file));
                }
            }
        }
    };
}

engine_settings! {
    /// `type = "deepl"`: DeepL API v2 translate, with a v3 glossary kept in sync from the term bases.
    DeeplSettings {
        /// "more", "less", "prefer_more", "prefer_less" or "default".
        formality: Option<String>,
        /// Create and sync a DeepL glossary from the term bases (default true).
        glossary: Option<bool>,
    }
}

engine_settings! {
    /// `type = "google"`: Cloud Translation v2 (basic, API key) or v3 (advanced, OAuth token, glossary).
    GoogleSettings {
        /// "v2" (default) or "v3".
        api: Option<String>,
        /// v3: the Google Cloud project id.
        project: Option<String>,
        /// v3: the location (default "global").
        location: Option<String>,
        /// v3: the glossary id to apply (created beforehand in the project).
        glossary_id: Option<String>,
    }
}

engine_settings! {
    /// `type = "libretranslate"`: a LibreTranslate server.
    LibreTranslateSettings {}
}

engine_settings! {
    /// `type = "openai"`: an OpenAI-compatible chat-completions endpoint (OpenAI, Ollama, vLLM, llama.cpp).
    OpenAiSettings {
        /// The model name the server knows (required).
        model: Option<String>,
        /// Sampling temperature (default 0).
        temperature: Option<f64>,
    }
}

engine_settings! {
    /// `type = "apertium"`: an Apertium APY server (one text per request).
    ApertiumSettings {}
}

/// `type = "command"`: an external program; one JSON object per line on stdin (`{"id","text","source","target"}`),
/// one per line on stdout (`{"id","text"}`), started once per batch.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandSettings {
    /// The program to run (a path, or a name looked up in PATH).
    pub program: String,
    #[serde(default)]
    pub args: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_size: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_secs: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backoff_secs: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breaker_failures: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub breaker_pause_secs: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_per_million_chars: Option<f64>,
}

impl CommandSettings {
    /// A program given with a directory part is resolved against the configuration's directory.
    pub(crate) fn resolve_paths(&mut self, base: &std::path::Path) {
        if self.program.contains('/') {
            self.program = base.join(&self.program).display().to_string();
        }
    }

    pub fn common(&self) -> CommonEngineSettings {
        CommonEngineSettings {
            batch_size: self.batch_size,
            concurrency: self.concurrency,
            timeout_secs: self.timeout_secs,
            retries: self.retries,
            backoff_secs: self.backoff_secs,
            breaker_failures: self.breaker_failures,
            breaker_pause_secs: self.breaker_pause_secs,
            price_per_million_chars: self.price_per_million_chars,
            ..Default::default()
        }
    }
}

/// `type = "marian"`: the embedded OPUS-MT engine (src/engine/marian), run on this machine with no service.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarianSettings {
    /// The model directory, or the name of a model under the models directory (`opus-mt-vi-en`, as
    /// `dich models pull opus-mt-vi-en` downloads it).
    pub model: String,
    /// Beam size (1: greedy); default from the model's generation config, else 4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beam: Option<usize>,
    /// Longest output in tokens, the decoder start included; default from the model, else 512.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length_penalty: Option<f64>,
    /// Threads for matrix products; default: all cores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads: Option<usize>,
    /// Sentences decoded together (default 16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_size: Option<usize>,
    /// Arithmetic of the matrix products (default float32).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<MarianPrecision>,
}

/// How the embedded engine multiplies matrices: in f32 (outputs as transformers gives them), or in int8 (weights
/// quantized at load, as CTranslate2's `int8`): faster, the layers in a quarter of the memory, outputs can differ
/// slightly.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum MarianPrecision {
    #[default]
    Float32,
    Int8,
}

impl MarianSettings {
    pub fn common(&self) -> CommonEngineSettings {
        CommonEngineSettings { batch_size: self.batch_size, ..Default::default() }
    }

    /// The model directory: a path (anything with a `/` or starting with `.`) against the configuration's
    /// directory, a bare name under the models directory.
    pub fn model_dir(&self) -> PathBuf {
        let model = PathBuf::from(&self.model);
        if model.is_absolute() || self.model.contains('/') || self.model.starts_with('.') {
            model
        } else {
            crate::engine::marian::hub::models_dir(None).join(model)
        }
    }

    pub(crate) fn resolve_paths(&mut self, base: &std::path::Path) {
        let model = PathBuf::from(&self.model);
        if !model.is_absolute() && (self.model.contains('/') || self.model.starts_with('.')) {
            self.model = base.join(model).display().to_string();
        }
    }
}
