//! `dich memory export|import`: the translation memory as TMX 1.4b.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::import::store_path;
use super::{Cli, CliError, EXIT_OK};
use crate::clock::{Clock, SystemClock};
use crate::engine::LangPair;
use crate::store::{open_store, SharedStore, TmState};
use crate::t;

#[derive(Debug, Subcommand)]
pub enum MemoryCommand {
    Export(ExportArgs),
    Import(ImportTmxArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write here instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Only entries of this language pair, as SOURCE-TARGET (vi-en).
    #[arg(long, value_name = "PAIR")]
    pub pair: Option<String>,
    #[arg(long, value_name = "FILE")]
    pub store: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportTmxArgs {
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// State of entries that carry none: approved, translated or machine.
    #[arg(long, default_value = "approved", value_name = "STATE")]
    pub state: String,
    #[arg(long, value_name = "FILE")]
    pub store: Option<PathBuf>,
}

pub fn execute(cli: &Cli, command: &MemoryCommand) -> Result<u8, CliError> {
    match command {
        MemoryCommand::Export(args) => export(cli, args),
        MemoryCommand::Import(args) => import(cli, args),
    }
}

fn open(cli: &Cli, explicit: Option<&PathBuf>) -> Result<SharedStore, CliError> {
    let path = store_path(cli, explicit)?;
    open_store(&path).map_err(|e| CliError::usage(e.to_string()))
}

fn export(cli: &Cli, args: &ExportArgs) -> Result<u8, CliError> {
    let pair = match &args.pair {
        Some(text) => match text.split_once('-') {
            Some((source, target)) if !source.is_empty() && !target.is_empty() => Some(LangPair::new(source, target)),
            _ => return Err(CliError::usage(t!("cli-bad-pair", pair = text.clone()))),
        },
        None => None,
    };
    let store = open(cli, args.store.as_ref())?;
    let entries = store.tm_entries(pair.as_ref()).map_err(|e| CliError::failed(e.to_string()))?;
    let source_lang = entries.first().map(|e| e.source_lang.clone()).unwrap_or_else(|| "vi".to_string());
    let doc = crate::memory::to_tmx(&entries, &source_lang);
    let xml = crate::formats::tmx::write(&doc);
    match &args.out {
        Some(path) => {
            crate::channel::write_if_changed(path, xml.as_bytes()).map_err(|e| {
                CliError::failed(t!("cli-write-failed", path = path.display().to_string(), detail = e.to_string()))
            })?;
            eprintln!("{}", t!("cli-memory-exported", count = entries.len(), path = path.display().to_string()));
        }
        None => super::write_stdout(&xml),
    }
    Ok(EXIT_OK)
}

fn import(cli: &Cli, args: &ImportTmxArgs) -> Result<u8, CliError> {
    let state =
        TmState::parse(&args.state).ok_or_else(|| CliError::usage(t!("cli-bad-state", state = args.state.clone())))?;
    let store = open(cli, args.store.as_ref())?;
    let now = SystemClock.now_rfc3339();
    // Read every file first: a bad file means nothing is imported.
    let mut entries = Vec::new();
    for path in &args.files {
        entries.extend(crate::memory::read_tmx(path, state, &now).map_err(|e| CliError::failed(e.to_string()))?);
    }
    let outcomes = store.tm_put_all(&entries).map_err(|e| CliError::failed(e.to_string()))?;
    outln!("{}", t!("cli-memory-imported", count = outcomes.len(), files = args.files.len()));
    Ok(EXIT_OK)
}
