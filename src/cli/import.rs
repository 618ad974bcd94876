//! `dich import`: reviewed XLIFF packages back into the memory.

use std::path::PathBuf;

use clap::Args;

use super::{load_settings, Cli, CliError, EXIT_OK};
use crate::clock::SystemClock;
use crate::package::import::{ImportOptions, Languages};
use crate::store::{open_store, TmState};
use crate::t;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Translators' XLIFF files (2.x or 1.2).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// The store (default: from pipeline.toml).
    #[arg(long, value_name = "FILE")]
    pub store: Option<PathBuf>,
    /// For CAT tools that never set a state (OmegaT 3.x): import every target that differs from its source as
    /// "translated" or "approved".
    #[arg(long = "as", value_name = "STATE", value_parser = ["translated", "approved"])]
    pub targets_as: Option<String>,
}

/// The store path: --store, else the configuration's, else the default beside the default output directory.
pub(super) fn store_path(cli: &Cli, explicit: Option<&PathBuf>) -> Result<PathBuf, CliError> {
    if let Some(path) = explicit {
        return Ok(path.clone());
    }
    Ok(match load_settings(cli)? {
        Some(settings) => settings.store_path,
        None => PathBuf::from("out").join("dich.sqlite"),
    })
}

/// Skipped units listed one by one, at most this many (a file of half a million units must not flood the
/// terminal); the rest are counted.
const SKIPPED_SHOWN: usize = 20;

pub fn execute(cli: &Cli, args: &ImportArgs) -> Result<u8, CliError> {
    let settings = load_settings(cli)?;
    let path = store_path(cli, args.store.as_ref())?;
    let options = ImportOptions {
        languages: settings.as_ref().map(|s| Languages { source: s.source.clone(), targets: s.targets.clone() }),
        targets_as: args.targets_as.as_deref().and_then(TmState::parse),
    };
    let store = open_store(&path).map_err(|e| CliError::usage(e.to_string()))?;
    match crate::package::import::import_files(&*store, &args.files, &options, &SystemClock) {
        Ok(report) => {
            for skipped in report.skipped.iter().take(SKIPPED_SHOWN) {
                outln!("{skipped}");
            }
            if report.skipped.len() > SKIPPED_SHOWN {
                outln!("{}", t!("cli-import-skipped-more", count = report.skipped.len() - SKIPPED_SHOWN));
            }
            outln!(
                "{}",
                t!(
                    "cli-import-done",
                    files = report.files,
                    units = report.units,
                    approved = report.approved,
                    translated = report.translated,
                    skipped = report.skipped.len(),
                    kept = report.kept_existing
                )
            );
            Ok(EXIT_OK)
        }
        Err(errors) => {
            let mut message = t!("cli-import-refused", count = errors.len());
            for error in errors.iter().take(SKIPPED_SHOWN) {
                message.push_str("\n  ");
                message.push_str(&error.to_string());
            }
            if errors.len() > SKIPPED_SHOWN {
                message.push_str("\n  ");
                message.push_str(&t!("cli-errors-more", count = errors.len() - SKIPPED_SHOWN));
            }
            Err(CliError::failed(message))
        }
    }
}
