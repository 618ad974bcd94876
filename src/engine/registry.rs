//! The one place where configured engines become [`Engine`] objects, used by the pipeline's routes and by
//! `dich translate`. Everything that can be wrong with an engine's setup (no key, bad URL) is found here,
//! before any network call.

use std::sync::Arc;
use std::time::Duration;

use super::{Engine, EngineError, LangPair};
use crate::config::{EngineKind, EngineSettings};

/// Term pairs for an engine-side glossary, given as plain (source, target) texts, so engines need not know the
/// glossary module. The pipeline passes its term bases; `dich translate` may pass none.
pub trait GlossaryEntries: Send + Sync {
    /// Entries for `pair`, source term first; may be empty.
    fn entries(&self, pair: &LangPair) -> Vec<(String, String)>;
}

/// No glossary at all.
pub struct NoGlossary;

impl GlossaryEntries for NoGlossary {
    fn entries(&self, _pair: &LangPair) -> Vec<(String, String)> {
        Vec::new()
    }
}

/// A fixed list of entries per pair (tests, `dich translate`).
pub struct StaticGlossary(pub Vec<(LangPair, String, String)>);

impl GlossaryEntries for StaticGlossary {
    fn entries(&self, pair: &LangPair) -> Vec<(String, String)> {
        self.0.iter().filter(|(p, _, _)| p == pair).map(|(_, s, t)| (s.clone(), t.clone())).collect()
    }
}

/// How the routes drive one engine: batch size, parallel requests, rate, timeout, retries and their backoff,
/// circuit breaker, price.
#[derive(Debug, Clone, PartialEq)]
pub struct EngineTuning {
    pub batch_size: usize,
    pub concurrency: usize,
    /// `None`: no rate limit.
    pub requests_per_second: Option<f64>,
    pub timeout: Duration,
    pub retries: u32,
    /// First wait before a retry; grows ×1.6 per attempt.
    pub backoff: Duration,
    /// Failed calls in a row (after their retries) that pause the engine.
    pub breaker_failures: u32,
    /// How long a paused engine stays out before one call may try again.
    pub breaker_pause: Duration,
    pub price_per_million_chars: f64,
}

impl EngineTuning {
    /// Defaults of an engine type: the service's own limits where it documents them (Google 128 segments per
    /// request, DeepL 50 texts), gentle rates elsewhere; overridden key by key by the settings.
    pub fn for_kind(kind: &EngineKind) -> EngineTuning {
        let (batch_size, concurrency, rps, timeout_secs) = match kind {
            EngineKind::Memory(_) => (256, 1, None, 30.0),
            EngineKind::Deepl(_) => (50, 4, Some(10.0), 30.0),
            EngineKind::Google(_) => (128, 4, Some(10.0), 30.0),
            EngineKind::LibreTranslate(_) => (25, 2, Some(5.0), 60.0),
            EngineKind::OpenAi(_) => (20, 2, Some(2.0), 120.0),
            EngineKind::Apertium(_) => (1, 2, None, 30.0),
            EngineKind::Command(_) => (50, 1, None, 120.0),
            // Local decoding: one call at a time (the engine uses all its threads), long timeout for slow CPUs.
            EngineKind::Marian(_) => (16, 1, None, 3600.0),
        };
        let mut tuning = EngineTuning {
            batch_size,
            concurrency,
            requests_per_second: rps,
            timeout: Duration::from_secs_f64(timeout_secs),
            retries: 5,
            backoff: Duration::from_secs(1),
            breaker_failures: 5,
            breaker_pause: Duration::from_secs(30),
            price_per_million_chars: 0.0,
        };
        if let Some(common) = kind.common() {
            if let Some(v) = common.batch_size {
                tuning.batch_size = v.max(1);
            }
            if let Some(v) = common.concurrency {
                tuning.concurrency = v.max(1);
            }
            if let Some(v) = common.requests_per_second {
                tuning.requests_per_second = Some(v);
            }
            if let Some(v) = common.timeout_secs {
                tuning.timeout = wait(v);
            }
            if let Some(v) = common.retries {
                tuning.retries = v;
            }
            if let Some(v) = common.backoff_secs {
                tuning.backoff = wait(v);
            }
            if let Some(v) = common.breaker_failures {
                tuning.breaker_failures = v.max(1);
            }
            if let Some(v) = common.breaker_pause_secs {
                tuning.breaker_pause = wait(v);
            }
            if let Some(v) = common.price_per_million_chars {
                tuning.price_per_million_chars = v;
            }
        }
        if matches!(kind, EngineKind::Apertium(_)) {
            // APY takes one text per request.
            tuning.batch_size = 1;
        }
        tuning
    }
}

/// A configured wait as a duration, kept within what validation allows so no value can overflow a clock.
fn wait(seconds: f64) -> Duration {
    Duration::from_secs_f64(seconds.clamp(0.001, crate::config::MAX_WAIT_SECS))
}

/// Builds the machine engine configured by `settings`. The memory engine is not built here: it needs the store
/// (see [`crate::engine::memory::MemoryEngine`]).
pub fn build_engine(
    settings: &EngineSettings,
    glossary: Arc<dyn GlossaryEntries>,
) -> Result<Arc<dyn Engine>, EngineError> {
    let name = settings.name.as_str();
    let tuning = EngineTuning::for_kind(&settings.kind);
    let engine: Arc<dyn Engine> = match &settings.kind {
        EngineKind::Memory(_) => {
            return Err(EngineError::Setup { engine: name.to_string(), detail: crate::t!("engine-setup-memory") })
        }
        EngineKind::Deepl(s) => Arc::new(super::deepl::DeeplEngine::new(name, s, &tuning, glossary)?),
        EngineKind::Google(s) => Arc::new(super::google::GoogleEngine::new(name, s, &tuning)?),
        EngineKind::LibreTranslate(s) => Arc::new(super::libretranslate::LibreTranslateEngine::new(name, s, &tuning)?),
        EngineKind::OpenAi(s) => Arc::new(super::openai::OpenAiEngine::new(name, s, &tuning, glossary)?),
        EngineKind::Apertium(s) => Arc::new(super::apertium::ApertiumEngine::new(name, s, &tuning)?),
        EngineKind::Command(s) => Arc::new(super::command::CommandEngine::new(name, s, &tuning)?),
        EngineKind::Marian(s) => super::marian::build(name, s, tuning.batch_size)?,
    };
    Ok(engine)
}

/// The engine types `--engine TYPE` accepts when no pipeline.toml names an engine.
pub const ENGINE_TYPES: &[&str] = &["deepl", "google", "libretranslate", "openai", "apertium", "command", "marian"];

/// Settings for an engine given on the command line only: its type, an optional URL, and for `openai` a model,
/// for `command` the program. Keys come from the conventional variables (DEEPL_API_KEY, GOOGLE_API_KEY,
/// LIBRETRANSLATE_API_KEY, OPENAI_API_KEY) when they are set.
pub fn settings_from_flags(
    kind: &str,
    url: Option<&str>,
    model: Option<&str>,
    program: Option<&str>,
) -> Result<EngineSettings, EngineError> {
    use crate::config::*;
    let key_env = |var: &str| std::env::var_os(var).map(|_| var.to_string());
    let url = url.map(str::to_string);
    let engine_kind = match kind {
        "deepl" => {
            EngineKind::Deepl(DeeplSettings { url, api_key_env: key_env("DEEPL_API_KEY"), ..Default::default() })
        }
        "google" => {
            EngineKind::Google(GoogleSettings { url, api_key_env: key_env("GOOGLE_API_KEY"), ..Default::default() })
        }
        "libretranslate" => EngineKind::LibreTranslate(LibreTranslateSettings {
            url,
            api_key_env: key_env("LIBRETRANSLATE_API_KEY"),
            ..Default::default()
        }),
        "openai" => EngineKind::OpenAi(OpenAiSettings {
            url,
            api_key_env: key_env("OPENAI_API_KEY"),
            model: model.map(str::to_string),
            ..Default::default()
        }),
        "apertium" => EngineKind::Apertium(ApertiumSettings { url, ..Default::default() }),
        "marian" => {
            EngineKind::Marian(MarianSettings { model: model.unwrap_or_default().to_string(), ..Default::default() })
        }
        "command" => EngineKind::Command(CommandSettings {
            program: program.or(url.as_deref()).unwrap_or_default().to_string(),
            ..Default::default()
        }),
        other => {
            return Err(EngineError::Setup {
                engine: other.to_string(),
                detail: crate::t!(
                    "engine-setup-unknown-type",
                    kind = other.to_string(),
                    known = ENGINE_TYPES.join(", ")
                ),
            })
        }
    };
    Ok(EngineSettings { name: kind.to_string(), kind: engine_kind })
}

/// The URL of an engine: configured, or the service's public address when it has one.
pub(crate) fn base_url(
    engine: &str,
    configured: &Option<String>,
    default: Option<&str>,
) -> Result<String, EngineError> {
    match (configured, default) {
        (Some(url), _) => Ok(url.trim_end_matches('/').to_string()),
        (None, Some(default)) => Ok(default.to_string()),
        (None, None) => {
            Err(EngineError::Setup { engine: engine.to_string(), detail: crate::t!("engine-setup-no-url") })
        }
    }
}

/// The engine's key, or a setup error naming where it was looked for.
pub(crate) fn key(
    engine: &str,
    common: &crate::config::CommonEngineSettings,
    required: bool,
) -> Result<Option<super::keys::ApiKey>, EngineError> {
    let key =
        super::keys::load_key(common).map_err(|detail| EngineError::Setup { engine: engine.to_string(), detail })?;
    if required && key.is_none() {
        return Err(EngineError::Setup { engine: engine.to_string(), detail: crate::t!("engine-setup-no-key") });
    }
    Ok(key)
}
