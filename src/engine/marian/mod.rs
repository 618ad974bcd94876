//! The embedded neural engine: a Marian (OPUS-MT) model run on the CPU in pure Rust (candle reads the weights), no
//! service needed.
//!
//! A model directory has the OPUS-MT layout: config.json (missing fields get transformers' defaults),
//! generation_config.json (optional; its decoding settings override config.json's, as in transformers),
//! model.safetensors or pytorch_model.bin, source.spm, target.spm and vocab.json. Every layout the published models
//! use is read as it is, nothing renamed:
//! - one joint vocabulary and embeddings shared by encoder, decoder and output layer (most opus-mt-XX-YY);
//! - multilingual targets (opus-mt-en-mul, the tc-big multi-target models): the vocabulary has `>>rus<<`-style
//!   tokens and the one for the asked language (`>>zho_Hans<<` or `>>cmn_Hans<<` for zh) starts every source; a
//!   language the model has no token for is an error naming it and the model directory;
//! - separate vocabularies (tokenizer_config.json `"separate_vocabs": true`): vocab.json for the source,
//!   target_vocab.json for the output, `share_encoder_decoder_embeddings: false`, encoder and decoder embeddings
//!   apart (`decoder_vocab_size` rows for the decoder), the output layer tied to the decoder's;
//! - the opus-mt-tc-big family: relu, float16 weights (widened to f32 at load), 3-letter language codes.
//!
//! [`MarianEngine::load`] checks that these agree with each other and fails with a message naming the file;
//! translating never panics on odd input:
//! - an empty (or all-space) segment translates to an empty text without running the model;
//! - emoji and characters the vocabulary does not know become `<unk>` (dropped from the output);
//! - a sentence longer than the model's positions (512 tokens for OPUS-MT) is cut to fit, its closing `</s>`
//!   kept, and a warning names the segment: the translation covers only the beginning of such a segment.
//!
//! Kernels: the matrix products ([`linear`], [`quantized`]), attention, softmax and swish run on the widest kernel
//! family the CPU has (AVX-512, AVX2 + FMA, portable), or the one `DICH_CPU=avx512|avx2|portable` forces
//! ([`cpu`]); an unknown or unsupported value makes [`MarianEngine::load`] fail with a message saying what this
//! CPU runs. The family in use is logged at load (`DICH_LOG=info`).
//!
//! Glossary terms: the engine reports [`MarkupSupport::TargetTerms`], so the guard writes each term's target
//! rendering into the source (OPUS-MT models copy such words) and checks that it comes out; placeholders like
//! `⟦T1⟧` are only the fallback, as SentencePiece cuts them into pieces the model mangles.

pub mod config;
pub mod cpu;
pub mod decode;
pub mod hub;
pub mod linear;
pub mod model;
pub mod quantized;
pub mod tokenizer;
mod vector;
pub mod weights;

use std::path::Path;
use std::sync::Arc;

use candle_core::{DType, Device};
use candle_nn::VarBuilder;

use self::config::MarianConfig;
use self::decode::DecodeOptions;
use self::model::MarianModel;
use self::tokenizer::{MarianTokenizer, TokenizerError};
use self::weights::{Checkpoint, SafetensorsFile, Tensors};
use super::{
    Capabilities, Engine, EngineError, EngineFuture, EngineOutput, LangPair, MarkupSupport, Origin, SourceSegment,
};
use super::{Refusal, Translation};
use crate::config::{MarianPrecision, MarianSettings};
use crate::t;

/// Settings of a Marian engine; `None` fields come from the model's own (generation) config.
#[derive(Debug, Clone, PartialEq)]
pub struct MarianOptions {
    /// Engine name used in provenance and messages.
    pub name: String,
    /// The language pair; `None`: read from tokenizer_config.json or an `opus-mt-XX-YY` directory name.
    pub pair: Option<LangPair>,
    /// Beam size; 1 is greedy.
    pub beam: Option<usize>,
    /// Longest output in tokens, the decoder start token included.
    pub max_length: Option<usize>,
    pub length_penalty: Option<f64>,
    /// Worker threads; `None`: rayon's global pool (all cores, or RAYON_NUM_THREADS).
    pub threads: Option<usize>,
    /// Sentences decoded together.
    pub batch_size: usize,
    /// Arithmetic of the matrix products.
    pub precision: MarianPrecision,
}

impl Default for MarianOptions {
    fn default() -> MarianOptions {
        MarianOptions {
            name: "marian".into(),
            pair: None,
            beam: None,
            max_length: None,
            length_penalty: None,
            threads: None,
            batch_size: 16,
            precision: MarianPrecision::Float32,
        }
    }
}

/// Beam size when neither the options nor the model say (OPUS-MT's generation configs say 4 or 6).
const DEFAULT_BEAM: usize = 4;
/// Longest output when neither the options nor the model say.
const DEFAULT_MAX_LENGTH: usize = 512;

/// A loaded Marian model ready to translate one language pair.
pub struct MarianEngine {
    name: String,
    pair: LangPair,
    model: MarianModel,
    tokenizer: MarianTokenizer,
    decode: DecodeOptions,
    batch_size: usize,
    pool: Option<rayon::ThreadPool>,
    /// Whether the warning that a route asks another pair than the model's was given.
    mismatch_told: std::sync::atomic::AtomicBool,
    /// A multilingual model's target-language tokens: (token, the language it names, id). Empty for a model of
    /// one target language.
    language_tokens: Vec<(String, String, u32)>,
    /// The model directory, for messages.
    dir: std::path::PathBuf,
}

/// The files a model directory must have besides the weights.
const REQUIRED_FILES: &[&str] = &["config.json", "source.spm", "vocab.json"];

impl MarianEngine {
    /// Loads a model directory. A missing directory or file, an unreadable or inconsistent one, and a vocabulary
    /// that disagrees with the weights are errors naming the file.
    pub fn load(dir: &Path, options: MarianOptions) -> Result<MarianEngine, EngineError> {
        let name = options.name.clone();
        let fail = |detail: String| EngineError::Setup { engine: name.clone(), detail };
        if !dir.is_dir() {
            return Err(fail(t!("marian-model-missing", dir = dir.display().to_string(), command = pull_command(dir))));
        }
        for file in REQUIRED_FILES {
            if !dir.join(file).is_file() {
                return Err(fail(t!("marian-file-missing", path = dir.join(file).display().to_string())));
            }
        }
        // A kernel family forced by DICH_CPU that is unknown or that this CPU lacks: refused before any work.
        let isa = cpu::selected().map_err(fail)?;
        let config = read_config(dir).map_err(fail)?;
        let tokenizer = MarianTokenizer::load(dir).map_err(|e| fail(tokenizer_message(e)))?;
        if tokenizer.vocab_size() != config.vocab_size {
            return Err(fail(t!(
                "marian-vocab-mismatch",
                path = dir.join("vocab.json").display().to_string(),
                vocab = tokenizer.vocab_size(),
                config = config.vocab_size
            )));
        }
        if tokenizer.pad_id != config.pad_token_id || tokenizer.eos_id != config.eos_token_id {
            return Err(fail(t!("marian-special-mismatch", path = dir.join("vocab.json").display().to_string())));
        }
        // The decoder writes ids of the target vocabulary (the joint one unless they are separate): its size is the
        // decoder's, which the weights are checked against next.
        if tokenizer.target_vocab_size() != config.decoder_vocab() {
            let path = tokenizer.target_vocab().map_or_else(|| dir.join("vocab.json"), Path::to_path_buf);
            return Err(fail(t!(
                "marian-target-vocab-mismatch",
                path = path.display().to_string(),
                vocab = tokenizer.target_vocab_size(),
                config = config.decoder_vocab()
            )));
        }
        let pair = match options.pair.clone().or_else(|| pair_of(dir)) {
            Some(pair) => pair,
            None => return Err(fail(t!("marian-pair-unknown", dir = dir.display().to_string()))),
        };
        let model = load_weights(dir, config.clone(), options.precision).map_err(fail)?;
        tracing::info!("{}", kernel_message(&name, options.precision, isa));
        let max_positions = config.max_position_embeddings;
        let decode = DecodeOptions {
            beam: options.beam.or(config.num_beams).unwrap_or(DEFAULT_BEAM).max(1),
            max_length: options.max_length.or(config.max_length).unwrap_or(DEFAULT_MAX_LENGTH).clamp(2, max_positions),
            length_penalty: options.length_penalty.or(config.length_penalty).unwrap_or(1.0),
        };
        let pool = match options.threads {
            Some(n) => {
                Some(rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build().map_err(|e| fail(e.to_string()))?)
            }
            None => None,
        };
        let language_tokens = tokenizer
            .language_tokens()
            .into_iter()
            .filter_map(|(token, id)| crate::lang::from_model_code(&token).map(|tag| (token, tag, id)))
            .collect();
        Ok(MarianEngine {
            language_tokens,
            dir: dir.to_path_buf(),
            name,
            pair,
            model,
            tokenizer,
            decode,
            batch_size: options.batch_size.max(1),
            pool,
            mismatch_told: std::sync::atomic::AtomicBool::new(false),
        })
    }

    /// The decoding settings in force (options over the model's config over defaults).
    pub fn decode_options(&self) -> DecodeOptions {
        self.decode
    }

    pub fn pair(&self) -> &LangPair {
        &self.pair
    }

    pub fn tokenizer(&self) -> &MarianTokenizer {
        &self.tokenizer
    }

    pub fn model(&self) -> &MarianModel {
        &self.model
    }

    /// Translates sentences with the engine's settings into the model's target; empty texts give empty
    /// translations.
    pub fn translate_texts(&self, texts: &[&str]) -> Result<Vec<String>, EngineError> {
        self.translate_texts_with(texts, &self.decode)
    }

    /// Translates sentences with explicit decoding settings (a CLI `--beam` or a benchmark).
    pub fn translate_texts_with(&self, texts: &[&str], options: &DecodeOptions) -> Result<Vec<String>, EngineError> {
        self.translate_into(texts, &self.pair.target, options)
    }

    /// The target-language token a multilingual model needs at the start of each source for `target`
    /// (">>rus<<" for "ru", ">>zho_Hans<<" or ">>cmn_Hans<<" for "zh"), `None` for a model of one target; an
    /// error naming the model's languages when it has none for `target`.
    pub fn target_token(&self, target: &str) -> Result<Option<(&str, u32)>, EngineError> {
        if self.language_tokens.is_empty() {
            return Ok(None);
        }
        let exact = self.language_tokens.iter().find(|(_, tag, _)| crate::lang::same_language(tag, target));
        // "zh" asks for Chinese in any script when the model names scripts (zho_Hans, zho_Hant): the first.
        let primary = |tag: &str| tag.split('-').next().unwrap_or(tag).to_string();
        let loose =
            || self.language_tokens.iter().find(|(_, tag, _)| primary(tag) == primary(target) && !target.contains('-'));
        match exact.or_else(loose) {
            Some((token, _, id)) => Ok(Some((token.as_str(), *id))),
            None => {
                let known: Vec<&str> =
                    self.language_tokens.iter().take(20).map(|(token, _, _)| token.as_str()).collect();
                Err(EngineError::Setup {
                    engine: self.name.clone(),
                    detail: t!(
                        "marian-no-target-token",
                        target = target.to_string(),
                        dir = self.dir.display().to_string(),
                        tokens = known.join(" ")
                    ),
                })
            }
        }
    }

    /// Token ids the model reads for `text` translated into `target`: the target token first where the model
    /// needs one.
    pub fn source_ids_for(&self, text: &str, target: &str) -> Result<Option<Vec<u32>>, EngineError> {
        let prefix = self.target_token(target)?.map(|(_, id)| id);
        Ok(self.source_ids(text, 0, prefix))
    }

    /// Translates sentences into `target` (a multilingual model's target token chosen from it).
    pub fn translate_into(
        &self,
        texts: &[&str],
        target: &str,
        options: &DecodeOptions,
    ) -> Result<Vec<String>, EngineError> {
        let prefix = self.target_token(target)?.map(|(_, id)| id);
        let ids: Vec<Option<Vec<u32>>> =
            texts.iter().enumerate().map(|(i, text)| self.source_ids(text, i, prefix)).collect();
        // Sorting by length keeps padding low inside each batch.
        let mut order: Vec<usize> = (0..texts.len()).filter(|&i| ids[i].is_some()).collect();
        order.sort_by_key(|&i| ids[i].as_ref().map_or(0, Vec::len));
        let mut out = vec![String::new(); texts.len()];
        for chunk in order.chunks(self.batch_size) {
            let sources: Vec<Vec<u32>> = chunk.iter().filter_map(|&i| ids[i].clone()).collect();
            let run = || decode::generate(&self.model, &sources, options);
            let generated = match &self.pool {
                Some(pool) => pool.install(run),
                None => run(),
            }
            .map_err(|e| EngineError::Failed { engine: self.name.clone(), detail: e.to_string() })?;
            for (&i, tokens) in chunk.iter().zip(generated) {
                out[i] = self.tokenizer.decode(&tokens);
            }
        }
        Ok(out)
    }

    /// Token ids of one source text, or `None` for an empty one; cut to the model's positions if too long.
    fn source_ids(&self, text: &str, index: usize, prefix: Option<u32>) -> Option<Vec<u32>> {
        if text.trim().is_empty() {
            return None;
        }
        let mut ids = self.tokenizer.encode(text);
        if let Some(token) = prefix {
            ids.insert(0, token);
        }
        let max = self.model.config.max_position_embeddings;
        if ids.len() > max {
            tracing::warn!(
                "{}",
                t!("marian-truncated", engine = self.name.clone(), index = index + 1, tokens = ids.len(), max = max)
            );
            ids.truncate(max - 1);
            ids.push(self.tokenizer.eos_id);
        }
        Some(ids)
    }
}

impl Engine for MarianEngine {
    fn name(&self) -> &str {
        &self.name
    }

    fn capabilities(&self) -> Capabilities {
        // Terms are protected by writing their rendering into the source, which OPUS-MT models copy.
        Capabilities {
            max_batch: self.batch_size,
            pairs: Some(vec![self.pair.clone()]),
            markup: MarkupSupport::TargetTerms,
            blocking: true,
        }
    }

    fn translate_explained<'a>(&'a self, pair: &'a LangPair, batch: &'a [SourceSegment]) -> EngineFuture<'a> {
        // Computed where the future is polled: the routes poll it on a blocking thread (`blocking` above).
        Box::pin(async move { self.translate_now(pair, batch) })
    }
}

impl MarianEngine {
    fn translate_now(
        &self,
        pair: &LangPair,
        batch: &[SourceSegment],
    ) -> Result<(Vec<EngineOutput>, Vec<Refusal>), EngineError> {
        let same = |a: &str, b: &str| crate::lang::same_language(a, b);
        // A multilingual model's target is chosen by its token (checked below), not by its configured pair.
        let target_ok = !self.language_tokens.is_empty() || same(&pair.target, &self.pair.target);
        let asked_another = !(same(&pair.source, &self.pair.source) && target_ok);
        if asked_another && !self.mismatch_told.swap(true, std::sync::atomic::Ordering::Relaxed) {
            // The route names the pair: the user knows the model (a multilingual one, a config that says "mul");
            // say it once and translate.
            tracing::warn!(
                "{}",
                t!(
                    "marian-pair-mismatch",
                    engine = self.name.clone(),
                    asked = pair.to_string(),
                    model = self.pair.to_string()
                )
            );
        }
        let texts: Vec<&str> = batch.iter().map(|s| s.text.as_str()).collect();
        let translated = self.translate_into(&texts, &pair.target, &self.decode)?;
        let outputs = batch
            .iter()
            .zip(translated)
            .map(|(segment, text)| EngineOutput {
                segment_id: segment.id.clone(),
                translation: Some(Translation {
                    segment_id: segment.id.clone(),
                    text,
                    origin: Origin::Machine { engine: self.name.clone() },
                }),
                suggestions: Vec::new(),
            })
            .collect();
        // The model answers every segment: it has nothing to refuse.
        Ok((outputs, Vec::new()))
    }
}

fn tokenizer_message(error: TokenizerError) -> String {
    match error {
        TokenizerError::Read { path, detail } => {
            t!("marian-file-unreadable", path = path.display().to_string(), detail = detail)
        }
        TokenizerError::Invalid { path, detail } => {
            t!("marian-file-invalid", path = path.display().to_string(), detail = detail)
        }
        TokenizerError::TargetVocabMissing { path } => {
            t!("marian-target-vocab-missing", path = path.display().to_string())
        }
    }
}

/// config.json with generation_config.json's decoding fields over it; unknown fields are warned about.
fn read_config(dir: &Path) -> Result<MarianConfig, String> {
    let path = dir.join("config.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| t!("marian-file-unreadable", path = path.display().to_string(), detail = e.to_string()))?;
    let mut config = MarianConfig::from_json(&text).map_err(|e| json_message(&path, &e))?;
    let generation_path = dir.join("generation_config.json");
    if let Ok(text) = std::fs::read_to_string(&generation_path) {
        let generation = MarianConfig::from_json(&text).map_err(|e| json_message(&generation_path, &e))?;
        let fields: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let has = |field: &str| fields.get(field).is_some_and(|v| !v.is_null());
        if has("bad_words_ids") {
            config.bad_words_ids = generation.bad_words_ids;
        }
        if has("max_length") {
            config.max_length = generation.max_length;
        }
        if has("num_beams") {
            config.num_beams = generation.num_beams;
        }
        if has("length_penalty") {
            config.length_penalty = generation.length_penalty;
        }
        if has("forced_eos_token_id") {
            config.forced_eos_token_id = generation.forced_eos_token_id;
        }
        if has("decoder_start_token_id") {
            config.decoder_start_token_id = generation.decoder_start_token_id;
        }
    }
    config
        .validate()
        .map_err(|detail| t!("marian-file-invalid", path = path.display().to_string(), detail = detail))?;
    let unknown = config.unknown_fields();
    if !unknown.is_empty() {
        tracing::warn!(
            "{}",
            t!("marian-config-unknown-fields", path = path.display().to_string(), fields = unknown.join(", "))
        );
    }
    Ok(config)
}

fn json_message(path: &Path, error: &serde_json::Error) -> String {
    t!(
        "marian-config-invalid",
        path = path.display().to_string(),
        line = error.line(),
        column = error.column(),
        detail = error.to_string()
    )
}

/// What the engine says at load (shown with `DICH_LOG=info`): the precision and the kernel family, and whether
/// `DICH_CPU` forced it.
pub fn kernel_message(engine: &str, precision: MarianPrecision, isa: cpu::Isa) -> String {
    let source =
        if cpu::forced() { t!("marian-kernel-forced", variable = cpu::CPU_ENV) } else { t!("marian-kernel-detected") };
    let precision = match precision {
        MarianPrecision::Float32 => "float32",
        MarianPrecision::Int8 => "int8",
    };
    t!(
        "marian-kernel",
        engine = engine.to_string(),
        precision = precision,
        kernel = kernel_name(precision, isa),
        source = source
    )
}

/// The kernels a family runs for a precision, as the benches print them: `avx2`, `avx512`, `portable`, and for
/// int8 the integer kernel (`avx512 (int8 Avx512Vnni, Amx from 8 rows)`).
pub fn kernel_name(precision: &str, isa: cpu::Isa) -> String {
    if precision != "int8" {
        return isa.name().to_string();
    }
    let kernel = quantized::Kernel::detect();
    let amx = quantized::Kernel::available().contains(&quantized::Kernel::Amx) && kernel == quantized::Kernel::Amx;
    if amx {
        format!("{} (int8 Avx512Vnni, Amx from 8 rows)", isa.name())
    } else {
        format!("{} (int8 {kernel:?})", isa.name())
    }
}

/// Weights from model.safetensors, else pytorch_model.bin; shapes are checked against the config.
fn load_weights(dir: &Path, config: MarianConfig, precision: MarianPrecision) -> Result<MarianModel, String> {
    let safetensors = dir.join("model.safetensors");
    let pytorch = dir.join("pytorch_model.bin");
    let (path, checkpoint) = if safetensors.is_file() {
        let checkpoint = SafetensorsFile::open(&safetensors).map(Checkpoint::Safetensors);
        (safetensors, checkpoint)
    } else if pytorch.is_file() {
        let checkpoint = VarBuilder::from_pth(&pytorch, DType::F32, &Device::Cpu).map(Checkpoint::Candle);
        (pytorch, checkpoint)
    } else {
        return Err(t!("marian-weights-missing", dir = dir.display().to_string()));
    };
    let invalid =
        |e: candle_core::Error| t!("marian-file-invalid", path = path.display().to_string(), detail = e.to_string());
    let checkpoint = checkpoint.map_err(invalid)?;
    MarianModel::load(config, Tensors::new(&checkpoint), precision).map_err(invalid)
}

/// The engine of a `type = "marian"` table. A model directory that does not exist is not an error here: the
/// engine is built as [`MissingModel`], so a run goes on (memory, translator packages) and its summary says how to
/// get the model. Any other problem with the model is an error.
pub fn build(name: &str, settings: &MarianSettings, batch_size: usize) -> Result<Arc<dyn Engine>, EngineError> {
    let dir = settings.model_dir();
    let options = MarianOptions {
        name: name.to_string(),
        pair: None,
        beam: settings.beam,
        max_length: settings.max_length,
        length_penalty: settings.length_penalty,
        threads: settings.threads,
        batch_size,
        precision: settings.precision.unwrap_or_default(),
    };
    match MarianEngine::load(&dir, options) {
        Ok(engine) => Ok(Arc::new(engine)),
        Err(EngineError::Setup { engine, detail }) if !dir.exists() => {
            Ok(Arc::new(MissingModel { name: engine, detail }))
        }
        Err(error) => Err(error),
    }
}

/// Stands in for a Marian engine whose model is not downloaded: every call fails with the setup error that
/// names the `dich models pull` command, which takes the engine out of the run.
pub struct MissingModel {
    name: String,
    detail: String,
}

impl Engine for MissingModel {
    fn name(&self) -> &str {
        &self.name
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities { max_batch: 1, pairs: None, markup: MarkupSupport::None, blocking: false }
    }

    fn translate_explained<'a>(&'a self, _pair: &'a LangPair, _batch: &'a [SourceSegment]) -> EngineFuture<'a> {
        Box::pin(async move { Err(EngineError::Setup { engine: self.name.clone(), detail: self.detail.clone() }) })
    }
}

/// The command that downloads the model expected in `dir`: `dich models pull NAME`, with `--dir` when `dir` is
/// not in the default models directory.
pub fn pull_command(dir: &Path) -> String {
    let model = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    match dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) if parent != hub::models_dir(None) => {
            format!("dich models pull {model} --dir {}", parent.display())
        }
        _ => format!("dich models pull {model}"),
    }
}

/// The pair of a model directory: tokenizer_config.json's source_lang/target_lang (read leniently: "vie",
/// "opus-mt-vi", "vi_VN" are all Vietnamese), else an `opus-mt-XX-YY` name.
pub fn pair_of(dir: &Path) -> Option<LangPair> {
    let from_tokenizer_config = std::fs::read_to_string(dir.join("tokenizer_config.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|v| {
            let source = crate::lang::from_model_code(v.get("source_lang")?.as_str()?)?;
            let target = crate::lang::from_model_code(v.get("target_lang")?.as_str()?)?;
            Some(LangPair::new(source, target))
        });
    from_tokenizer_config.or_else(|| {
        let name = dir.file_name()?.to_string_lossy().to_lowercase();
        let rest = name.rsplit("opus-mt-").next().filter(|r| r.len() < name.len())?;
        let (source, target) = rest.split_once('-')?;
        let (source, target) = (crate::lang::from_model_code(source)?, crate::lang::from_model_code(target)?);
        (!target.contains('-')).then(|| LangPair::new(source, target))
    })
}
