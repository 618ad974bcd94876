//! `dich translate`: translate running text with one engine, from pipeline.toml or from flags alone.
//!
//! The text is split into sentences (as `dich segment --plain` does); each sentence is one segment, sent in
//! batches with the engine's retries and rate quota; paragraphs come back as paragraphs. Sentences the engine
//! could not translate are printed as they were and named on stderr with the reason; the exit code is then 1.

use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;

use super::{load_settings, read_input, Cli, CliError, EXIT_FAILED, EXIT_OK};
use crate::config::{EngineSettings, Settings};
use crate::engine::registry::{build_engine, settings_from_flags, EngineTuning, NoGlossary, ENGINE_TYPES};
use crate::engine::{Engine, LangPair};
use crate::pipeline::{EngineStats, Route, RoutedEngine};
use crate::t;
use crate::text::segment::segment_plain;

#[derive(Debug, Args)]
pub struct TranslateArgs {
    #[arg(long, value_name = "LANG")]
    pub from: String,
    #[arg(long, value_name = "LANG")]
    pub to: String,
    /// An engine named in pipeline.toml, or an engine type (deepl, google, libretranslate, openai, apertium,
    /// command) to use without pipeline.toml.
    #[arg(long, value_name = "NAME")]
    pub engine: Option<String>,
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// The model (openai: the model name; marian: the model directory or a downloaded model's name).
    #[arg(long, value_name = "NAME")]
    pub model: Option<String>,
    /// Beam size of a marian engine (1: greedy).
    #[arg(long, value_name = "N")]
    pub beam: Option<usize>,
    /// Arithmetic of a marian engine's matrix products: float32 (outputs as transformers gives them) or int8
    /// (faster, weights quantized at load).
    #[arg(long, value_enum, value_name = "PRECISION")]
    pub precision: Option<crate::config::MarianPrecision>,
    /// The program of a `command` engine.
    #[arg(long, value_name = "PROGRAM")]
    pub program: Option<String>,
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
}

pub fn execute(cli: &Cli, args: &TranslateArgs) -> Result<u8, CliError> {
    let settings = load_settings(cli)?;
    let mut engine_settings = choose_engine(settings.as_ref(), args)?;
    if let crate::config::EngineKind::Marian(marian) = &mut engine_settings.kind {
        if let Some(beam) = args.beam {
            marian.beam = Some(beam.max(1));
        }
        if let Some(precision) = args.precision {
            marian.precision = Some(precision);
        }
        // Here a missing model is an error at once, not an engine taken out of a run.
        if !marian.model_dir().is_dir() {
            let dir = marian.model_dir();
            let command = crate::engine::marian::pull_command(&dir);
            return Err(CliError::usage(t!(
                "marian-model-missing",
                dir = dir.display().to_string(),
                command = command
            )));
        }
    }
    let engine = build(&engine_settings)?;
    // A model that declares another pair than the one asked still translates (the user named the pair); say so.
    let asked = LangPair::new(args.from.clone(), args.to.clone());
    let same = |a: &str, b: &str| crate::lang::same_language(a, b);
    if let Some(pairs) = engine.capabilities().pairs {
        if !pairs.iter().any(|p| same(&p.source, &asked.source) && same(&p.target, &asked.target)) {
            let model = pairs.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
            eprintln!(
                "{}",
                t!(
                    "marian-pair-mismatch",
                    engine = engine.name().to_string(),
                    asked = asked.to_string(),
                    model = model
                )
            );
        }
    }
    let (bytes, name) = read_input(args.file.as_deref())?;
    let text = String::from_utf8(bytes).map_err(|e| {
        CliError::failed(t!("cli-invalid-utf8", path = name.clone(), offset = e.utf8_error().valid_up_to()))
    })?;
    let segments = segment_plain(&crate::text::normalize(&text));

    let tuning = EngineTuning::for_kind(&engine_settings.kind);
    let routed = Arc::new(RoutedEngine::new(engine, tuning, true));
    let route = Route::new(LangPair::new(args.from.clone(), args.to.clone()), vec![routed], None);
    let sources: Vec<(String, String)> = segments.iter().map(|s| (s.id.clone(), s.text.clone())).collect();
    let mut stats = EngineStats::default();
    let answer =
        route.translate(&sources, &[], &mut stats, &mut |_, _| Ok(())).map_err(|e| CliError::failed(e.to_string()))?;
    let translated: std::collections::HashMap<&str, &str> =
        answer.translations.iter().map(|t| (t.segment_id.as_str(), t.text.as_str())).collect();

    let mut out = String::new();
    let mut block = None;
    let mut missing = 0;
    for segment in &segments {
        if block.is_some() && block != Some(segment.block) {
            out.push_str("\n\n");
        } else if block.is_some() {
            out.push(' ');
        }
        block = Some(segment.block);
        match translated.get(segment.id.as_str()) {
            Some(text) => out.push_str(text),
            None => {
                missing += 1;
                out.push_str(&segment.text);
                let reason = answer.flagged.get(&segment.id).cloned().unwrap_or_default();
                eprintln!("{}", t!("cli-translate-missing", segment = segment.id.clone(), reason = reason));
            }
        }
    }
    outln!("{out}");
    Ok(if missing == 0 { EXIT_OK } else { EXIT_FAILED })
}

/// The engine: `--engine NAME` from pipeline.toml, else `--engine TYPE` built from flags, else the first machine
/// engine of pipeline.toml's route for the pair. `--url` replaces the configured URL.
fn choose_engine(settings: Option<&Settings>, args: &TranslateArgs) -> Result<EngineSettings, CliError> {
    let configured = match (&args.engine, settings) {
        (Some(name), Some(settings)) => settings.engine(name).cloned(),
        (None, Some(settings)) => settings
            .route_for(&args.from, &args.to)
            .into_iter()
            .flat_map(|route| route.engines.iter())
            .filter_map(|name| settings.engine(name))
            .find(|engine| engine.kind.is_machine())
            .cloned(),
        _ => None,
    };
    if let Some(mut engine) = configured.filter(|e| e.kind.is_machine()) {
        if let Some(url) = &args.url {
            engine.kind = with_url(engine.kind, url);
        }
        return Ok(engine);
    }
    let Some(kind) = &args.engine else {
        return Err(CliError::usage(t!("cli-translate-no-engine", types = ENGINE_TYPES.join(", "))));
    };
    settings_from_flags(kind, args.url.as_deref(), args.model.as_deref(), args.program.as_deref())
        .map_err(|e| CliError::usage(e.to_string()))
}

fn with_url(kind: crate::config::EngineKind, url: &str) -> crate::config::EngineKind {
    use crate::config::EngineKind::*;
    let url = Some(url.to_string());
    match kind {
        Deepl(s) => Deepl(crate::config::DeeplSettings { url, ..s }),
        Google(s) => Google(crate::config::GoogleSettings { url, ..s }),
        LibreTranslate(s) => LibreTranslate(crate::config::LibreTranslateSettings { url, ..s }),
        OpenAi(s) => OpenAi(crate::config::OpenAiSettings { url, ..s }),
        Apertium(s) => Apertium(crate::config::ApertiumSettings { url, ..s }),
        other => other,
    }
}

/// The one place `dich translate` turns settings into an engine (engine types with their own flags, such as a
/// local model directory, add their arm in the registry).
fn build(settings: &EngineSettings) -> Result<Arc<dyn Engine>, CliError> {
    build_engine(settings, Arc::new(NoGlossary)).map_err(|e| CliError::usage(e.to_string()))
}
