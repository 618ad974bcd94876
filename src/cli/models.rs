//! `dich models pull NAME | list`: OPUS-MT models for the embedded Marian engine.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{CliError, JsonFlag, EXIT_OK};
use crate::engine::marian::hub::{self, LocalModel, Progress};
use crate::t;

#[derive(Debug, Subcommand)]
pub enum ModelsCommand {
    Pull(PullArgs),
    List(ListArgs),
}

#[derive(Debug, Args)]
pub struct PullArgs {
    /// NAME (Helsinki-NLP/NAME) or ORGANISATION/NAME on the Hugging Face hub.
    #[arg(value_name = "NAME")]
    pub model_name: String,
    #[arg(long = "dir", value_name = "DIR", env = hub::MODELS_DIR_ENV)]
    pub models_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long = "dir", value_name = "DIR", env = hub::MODELS_DIR_ENV)]
    pub models_dir: Option<PathBuf>,
    #[command(flatten)]
    pub json: JsonFlag,
}

pub fn execute(command: &ModelsCommand) -> Result<u8, CliError> {
    match command {
        ModelsCommand::Pull(args) => pull(args),
        ModelsCommand::List(args) => list(args),
    }
}

/// A progress bar per file on standard error (hidden when it is not a terminal).
struct Bar {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress for Bar {
    fn start(&mut self, file: &str, total: Option<u64>, done: u64) {
        let bar = match total {
            Some(total) => indicatif::ProgressBar::new(total),
            None => indicatif::ProgressBar::new_spinner(),
        };
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{msg:24} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(file.to_string());
        bar.set_position(done);
        self.bar = Some(bar);
    }

    fn advance(&mut self, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
        }
    }

    fn finish(&mut self, _file: &str) {
        if let Some(bar) = self.bar.take() {
            bar.finish();
        }
    }
}

fn pull(args: &PullArgs) -> Result<u8, CliError> {
    let models_dir = hub::models_dir(args.models_dir.as_deref());
    let base = hub::hub_url();
    let dir = hub::pull(&args.model_name, &models_dir, &base, &mut Bar { bar: None })
        .map_err(|e| CliError::failed(e.to_string()))?;
    eprintln!("{}", t!("cli-models-pulled", model = args.model_name.clone(), dir = dir.display().to_string()));
    Ok(EXIT_OK)
}

fn list(args: &ListArgs) -> Result<u8, CliError> {
    let models_dir = hub::models_dir(args.models_dir.as_deref());
    let models = hub::list(&models_dir).map_err(|e| CliError::failed(e.to_string()))?;
    if args.json.json {
        let rows: Vec<serde_json::Value> = models.iter().map(json_row).collect();
        outln!("{}", serde_json::to_string_pretty(&rows).unwrap_or_default());
        return Ok(EXIT_OK);
    }
    if models.is_empty() {
        eprintln!("{}", t!("cli-models-none", dir = models_dir.display().to_string()));
        return Ok(EXIT_OK);
    }
    for model in &models {
        let pair = model.pair.as_ref().map(|p| p.to_string()).unwrap_or_else(|| "?".into());
        let state = if model.complete { String::new() } else { format!("  {}", t!("cli-models-incomplete")) };
        outln!("{}\t{}\t{:.1} MB\t{}{}", model.name, pair, model.size as f64 / 1e6, model.path.display(), state);
    }
    Ok(EXIT_OK)
}

fn json_row(model: &LocalModel) -> serde_json::Value {
    serde_json::json!({
        "name": model.name,
        "path": model.path,
        "pair": model.pair.as_ref().map(|p| format!("{}-{}", p.source, p.target)),
        "size": model.size,
        "complete": model.complete,
    })
}
