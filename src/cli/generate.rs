//! `dich generate man --dir DIR` and `dich generate completions SHELL`: man pages and shell completions made
//! from the clap definitions, so they never drift from the commands (the Debian package ships both).

use std::path::{Path, PathBuf};

use clap::{CommandFactory, Subcommand};

use super::{localize, Cli, CliError, EXIT_OK};
use crate::t;

#[derive(Debug, Subcommand)]
pub enum GenerateCommand {
    /// Man pages, in English: dich.1 and one page per subcommand (dich-run.1, dich-memory-import.1, …).
    Man {
        #[arg(long = "dir", value_name = "DIR")]
        dir: PathBuf,
    },
    /// A completion script for a shell, on standard output or into a folder.
    Completions {
        #[arg(value_enum, value_name = "SHELL")]
        shell: clap_complete::Shell,
        #[arg(long = "dir", value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

pub fn execute(command: &GenerateCommand) -> Result<u8, CliError> {
    match command {
        GenerateCommand::Man { dir } => {
            // Man pages are English; the binary's own help speaks Vietnamese with --lang vi.
            crate::i18n::set_language(crate::i18n::UiLanguage::English);
            let mut cli = localize(Cli::command(), "");
            cli.build();
            std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
            let written = write_pages(&cli, "dich", dir)?;
            outln!("{}", t!("cli-generate-man-done", count = written, dir = dir.display().to_string()));
        }
        GenerateCommand::Completions { shell, dir } => {
            let mut cli = localize(Cli::command(), "");
            match dir {
                Some(dir) => {
                    std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
                    let path =
                        clap_complete::generate_to(*shell, &mut cli, "dich", dir).map_err(|e| write_error(dir, e))?;
                    outln!("{}", path.display());
                }
                None => {
                    let mut script = Vec::new();
                    clap_complete::generate(*shell, &mut cli, "dich", &mut script);
                    super::write_stdout(&String::from_utf8_lossy(&script));
                }
            }
        }
    }
    Ok(EXIT_OK)
}

/// The page of `command` as `name`.1, then its subcommands' pages; how many were written.
fn write_pages(command: &clap::Command, name: &str, dir: &Path) -> Result<usize, CliError> {
    let path = dir.join(format!("{name}.1"));
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone().name(name.to_string()))
        .render(&mut page)
        .map_err(|e| write_error(&path, e))?;
    std::fs::write(&path, page).map_err(|e| write_error(&path, e))?;
    let mut written = 1;
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        written += write_pages(sub, &format!("{name}-{}", sub.get_name()), dir)?;
    }
    Ok(written)
}

fn write_error(path: &Path, error: std::io::Error) -> CliError {
    CliError::failed(t!("cli-write-failed", path = path.display().to_string(), detail = error.to_string()))
}
