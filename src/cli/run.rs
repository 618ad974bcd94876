//! `dich run`: the main job.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use clap::Args;

use super::{load_settings, Cli, CliError, JsonFlag, EXIT_FAILED, EXIT_OK};
use crate::clock::SystemClock;
use crate::config::Settings;
use crate::pipeline::{self, Progress, RunEnv};
use crate::store::open_store;
use crate::t;

/// Exit code of a run stopped by Ctrl-C (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: u8 = 130;

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Article files or directories (default: the inputs of pipeline.toml).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Output directory (default: output_dir of pipeline.toml).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub output: JsonFlag,
    /// Exit with 1 when any article is held back.
    #[arg(long)]
    pub strict: bool,
    /// The store: a SQLite file, or a `postgres://` URL shared by several workers (default: store of
    /// pipeline.toml).
    #[arg(long, value_name = "FILE|URL")]
    pub store: Option<PathBuf>,
    /// With a shared PostgreSQL store: how long this worker's claim on an article lasts without a heartbeat,
    /// after which another worker takes the article over.
    #[arg(long, value_name = "SECONDS", default_value_t = crate::config::DEFAULT_LEASE.as_secs_f64())]
    pub lease_seconds: f64,
}

pub fn execute(cli: &Cli, args: &RunArgs) -> Result<u8, CliError> {
    let mut settings = match load_settings(cli)? {
        Some(settings) => settings,
        None if !args.inputs.is_empty() => {
            Settings::default_for_inputs(args.inputs.clone(), args.out.clone().unwrap_or_else(|| PathBuf::from("out")))
        }
        None => return Err(CliError::usage(t!("cli-run-no-inputs"))),
    };
    if !args.inputs.is_empty() {
        settings = settings.with_inputs(args.inputs.clone());
    }
    if let Some(out) = &args.out {
        settings = settings.with_output_dir(out.clone());
    }
    if let Some(store) = &args.store {
        settings = settings.with_store(store.clone());
    }
    if !(args.lease_seconds.is_finite() && args.lease_seconds >= 0.1) {
        return Err(CliError::usage(t!("cli-run-bad-lease", seconds = args.lease_seconds.to_string())));
    }
    settings = settings.with_lease(std::time::Duration::from_secs_f64(args.lease_seconds));
    // Before the store, which lives in the output directory by default.
    pipeline::check_output_dir(&settings.output_dir).map_err(|e| CliError::usage(e.to_string()))?;
    // A store that cannot be used (a folder, another file, a newer or damaged one) is the set-up's to fix.
    let store = open_store(&settings.store_path).map_err(|e| CliError::usage(e.to_string()))?;
    let cancel = Arc::new(AtomicBool::new(false));
    {
        let cancel = cancel.clone();
        // A second handler cannot be set in the same process (tests run the CLI in-process); that is fine.
        let _ = ctrlc::set_handler(move || {
            cancel.store(true, std::sync::atomic::Ordering::SeqCst);
            eprintln!("{}", t!("cli-interrupt-received"));
        });
    }
    let env = RunEnv {
        store,
        clock: Arc::new(SystemClock),
        cancel,
        progress: if args.output.json { Progress::Hidden } else { Progress::Bar },
    };
    let summary = pipeline::run(&settings, &env).map_err(|e| {
        if e.is_setup() {
            CliError::usage(e.to_string())
        } else {
            CliError::failed(e.to_string())
        }
    })?;
    if args.output.json {
        outln!("{}", summary.to_json());
    } else {
        super::write_stdout(&summary.to_text());
    }
    if summary.interrupted {
        return Ok(EXIT_INTERRUPTED);
    }
    let failed = summary.totals.failed > 0;
    let held = summary.totals.held_back > 0;
    // An error-level QA problem holds an article back and fails the run; warnings do not.
    let qa_errors = summary.qa.errors > 0;
    Ok(if failed || qa_errors || (args.strict && held) { EXIT_FAILED } else { EXIT_OK })
}
