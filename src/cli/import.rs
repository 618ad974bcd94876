//! `dich import`: reviewed XLIFF packages back into the memory.

use std::path::PathBuf;

use clap::Args;

use super::{load_settings, Cli, CliError, EXIT_OK};
use crate::clock::SystemClock;
use crate::store::Store;
use crate::t;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Reviewed XLIFF files.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// The store (default: from pipeline.toml).
    #[arg(long, value_name = "FILE")]
    pub store: Option<PathBuf>,
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

pub fn execute(cli: &Cli, args: &ImportArgs) -> Result<u8, CliError> {
    let path = store_path(cli, args.store.as_ref())?;
    let store = Store::open(&path).map_err(|e| CliError::failed(e.to_string()))?;
    match crate::package::import::import_files(&store, &args.files, &SystemClock) {
        Ok(report) => {
            println!(
                "{}",
                t!(
                    "cli-import-done",
                    files = report.files,
                    units = report.units,
                    imported = report.imported,
                    without = report.without_target
                )
            );
            Ok(EXIT_OK)
        }
        Err(errors) => {
            let mut message = t!("cli-import-refused", count = errors.len());
            for error in errors {
                message.push_str("\n  ");
                message.push_str(&error.to_string());
            }
            Err(CliError::failed(message))
        }
    }
}
