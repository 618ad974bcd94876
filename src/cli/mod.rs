//! The command-line interface: clap definitions, localized help, and one function per subcommand.
//!
//! Help texts come from Fluent like every other message: each subcommand's `about` is `cli-<name>-about` and each
//! argument's help is `cli-arg-<id>`, filled in by [`localize`] before parsing.

/// `println!` for command output: a reader that stops early (`dich segment --json FILE | head -1`) ends the
/// command quietly, as other Unix tools end, instead of a panic on the broken pipe.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::write_stdout_line(&format!($($arg)*))
    };
}

mod generate;
mod glossary;
mod import;
mod memory;
mod models;
mod qa;
mod run;
mod segment;
mod serve;
mod translate;

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::config::Settings;

/// Writes one line to stdout; see [`write_stdout`].
pub(crate) fn write_stdout_line(line: &str) {
    write_stdout(&format!("{line}\n"));
}

/// Writes to stdout; a closed pipe exits the process with success (the reader has what it wanted).
pub(crate) fn write_stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(error) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("{error}");
        std::process::exit(1);
    }
}
use crate::t;

/// Exit codes: 0 the run completed, 1 an article failed (or, with --strict, something was held back),
/// 2 bad usage or configuration.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FAILED: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

#[derive(Debug, Parser)]
#[command(name = "dich", version)]
pub struct Cli {
    /// Language of messages: en or vi (default: from LANG).
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,
    /// The pipeline configuration (default: ./pipeline.toml when it exists).
    #[arg(long, short = 'c', global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Run(run::RunArgs),
    Segment(segment::SegmentArgs),
    Translate(translate::TranslateArgs),
    Import(import::ImportArgs),
    #[command(subcommand)]
    Memory(memory::MemoryCommand),
    #[command(subcommand)]
    Glossary(glossary::GlossaryCommand),
    Qa(qa::QaArgs),
    #[command(subcommand)]
    Models(models::ModelsCommand),
    Serve(serve::ServeArgs),
    #[command(subcommand)]
    Users(serve::UsersCommand),
    #[command(subcommand)]
    Generate(generate::GenerateCommand),
}

/// Output options shared by commands that can print JSON.
#[derive(Debug, Args, Clone, Copy)]
pub struct JsonFlag {
    #[arg(long)]
    pub json: bool,
}

/// Finds `--lang X` / `--lang=X` before clap runs, so clap's own messages can already be localized.
pub fn lang_flag(args: &[OsString]) -> Option<String> {
    let mut iter = args.iter().skip(1);
    while let Some(arg) = iter.next() {
        let arg = arg.to_string_lossy();
        if arg == "--lang" {
            return iter.next().map(|v| v.to_string_lossy().into_owned());
        }
        if let Some(value) = arg.strip_prefix("--lang=") {
            return Some(value.to_string());
        }
    }
    None
}

/// Replaces the doc-comment help of every subcommand and argument by its Fluent message.
fn localize(mut command: clap::Command, path: &str) -> clap::Command {
    let about_id = if path.is_empty() { "cli-about".to_string() } else { format!("cli-{path}-about") };
    command = command.about(message_or_none(&about_id).unwrap_or_default());
    let arg_ids: Vec<String> = command.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in arg_ids {
        if let Some(help) = message_or_none(&format!("cli-arg-{id}")) {
            command = command.mut_arg(id, |a| a.help(help));
        }
    }
    let subcommands: Vec<String> = command.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in subcommands {
        let child_path = if path.is_empty() { name.clone() } else { format!("{path}-{name}") };
        command = command.mut_subcommand(name, |sub| localize(sub, &child_path));
    }
    command
}

fn message_or_none(id: &str) -> Option<String> {
    let text = crate::i18n::message(id, &[]);
    (text != id).then_some(text)
}

/// What `dich --version` says besides the version: the formats this dich reads and writes, so an upgrade
/// can be checked against a newsroom's files.
fn long_version() -> String {
    t!(
        "cli-long-version",
        version = env!("CARGO_PKG_VERSION"),
        schema = crate::store::schema::LATEST_VERSION,
        glossary = crate::glossary::FORMAT_VERSION,
        models = crate::engine::marian::hub::CACHE_LAYOUT
    )
}

/// Parses `args` and runs the command; returns the process exit code.
pub fn run(args: Vec<OsString>) -> u8 {
    let command = localize(Cli::command(), "").long_version(long_version());
    let cli = match command.try_get_matches_from(args).and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return match err.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => EXIT_OK,
                _ => EXIT_USAGE,
            };
        }
    };
    let result = match &cli.command {
        Command::Run(args) => run::execute(&cli, args),
        Command::Segment(args) => segment::execute(args),
        Command::Translate(args) => translate::execute(&cli, args),
        Command::Import(args) => import::execute(&cli, args),
        Command::Memory(command) => memory::execute(&cli, command),
        Command::Models(command) => models::execute(command),
        Command::Glossary(command) => glossary::execute(&cli, command),
        Command::Qa(args) => qa::execute(&cli, args),
        Command::Serve(args) => serve::execute(&cli, args),
        Command::Users(command) => serve::execute_users(&cli, command),
        Command::Generate(command) => generate::execute(command),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            // Line by line through `printable`: messages name files, and a file name may hold escape sequences.
            let message: Vec<String> = err.message.lines().map(|l| crate::text::printable(l).into_owned()).collect();
            eprintln!("{}", t!("cli-error", detail = message.join("\n")));
            err.code
        }
    }
}

/// A command's failure: what to print and which exit code it means.
#[derive(Debug)]
pub struct CliError {
    pub message: String,
    pub code: u8,
}

impl CliError {
    pub fn usage(message: impl Into<String>) -> CliError {
        CliError { message: message.into(), code: EXIT_USAGE }
    }

    pub fn failed(message: impl Into<String>) -> CliError {
        CliError { message: message.into(), code: EXIT_FAILED }
    }
}

/// The settings for commands that need the store or the languages: the `--config` file, else ./pipeline.toml,
/// else `None`.
fn load_settings(cli: &Cli) -> Result<Option<Settings>, CliError> {
    let path = match &cli.config {
        Some(path) => path.clone(),
        None => {
            let default = PathBuf::from("pipeline.toml");
            if !default.exists() {
                return Ok(None);
            }
            default
        }
    };
    if !path.exists() {
        return Err(CliError::usage(t!("cli-config-missing", path = path.display().to_string())));
    }
    Settings::load(&path).map(Some).map_err(|errors| CliError::usage(errors.to_string()))
}

/// Reads a file, or standard input for "-" or no path.
fn read_input(path: Option<&Path>) -> Result<(Vec<u8>, String), CliError> {
    match path {
        None => read_stdin(),
        Some(p) if p.as_os_str() == "-" => read_stdin(),
        Some(p) => std::fs::read(p).map(|bytes| (bytes, p.display().to_string())).map_err(|e| {
            CliError::failed(t!("cli-read-failed", path = p.display().to_string(), detail = e.to_string()))
        }),
    }
}

/// Most bytes read from standard input (a pipe can be endless: `yes | dich segment`).
const STDIN_LIMIT: u64 = 64 * 1024 * 1024;

fn read_stdin() -> Result<(Vec<u8>, String), CliError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(STDIN_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| CliError::failed(t!("cli-read-failed", path = "-", detail = e.to_string())))?;
    if bytes.len() as u64 > STDIN_LIMIT {
        return Err(CliError::failed(t!("cli-stdin-too-large", limit = STDIN_LIMIT / (1024 * 1024))));
    }
    Ok((bytes, "-".to_string()))
}
