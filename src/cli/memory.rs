//! `dich memory export|import`: the translation memory as TMX 1.4b.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::import::store_path;
use super::{Cli, CliError, EXIT_FAILED, EXIT_OK};
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
    // Each file streams into the memory in batches: a bad unit is skipped and listed, the rest imported.
    let (mut count, mut skipped, mut skipped_count) = (0, Vec::new(), 0);
    for path in &args.files {
        let bar = progress_bar(path);
        let report = crate::memory::import_tmx(&*store, path, state, &now, &mut |bytes| bar.set_position(bytes));
        bar.finish_and_clear();
        let report = report.map_err(|e| CliError::failed(e.to_string()))?;
        count += report.written() + report.kept;
        skipped_count += report.skipped_count;
        skipped.extend(report.skipped);
        if let Some(stopped) = report.stopped {
            show_skipped(&skipped, skipped_count);
            return Err(CliError::failed(t!("cli-memory-import-stopped", detail = stopped.to_string(), count = count)));
        }
    }
    show_skipped(&skipped, skipped_count);
    outln!("{}", t!("cli-memory-imported", count = count, files = args.files.len()));
    // The rest is imported, but a script must learn that some units were not: as `dich run` does for articles.
    Ok(if skipped_count > 0 { EXIT_FAILED } else { EXIT_OK })
}

/// Skipped units on standard error, at most [`SKIPPED_SHOWN`] of them, then a count.
fn show_skipped(skipped: &[crate::memory::TmxError], count: usize) {
    if count == 0 {
        return;
    }
    for error in skipped.iter().take(SKIPPED_SHOWN) {
        eprintln!("{error}");
    }
    if count > SKIPPED_SHOWN {
        eprintln!("{}", t!("cli-memory-import-skipped-more", count = count - SKIPPED_SHOWN));
    }
    eprintln!("{}", t!("cli-memory-import-skipped", count = count));
}

/// Skipped units listed one by one: a file of a million units must not flood the terminal.
const SKIPPED_SHOWN: usize = 20;

/// A bar of the bytes of `path` read, on standard error when it is a terminal.
fn progress_bar(path: &std::path::Path) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {bytes}/{total_bytes} {eta} {wide_msg}")
            .expect("static progress template"),
    );
    bar.set_message(t!("cli-memory-importing", path = path.display().to_string()));
    bar
}
