//! The `dich` command: parses arguments, sets the UI language, calls the library, maps results to exit codes.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    dich::i18n::set_language(dich::i18n::UiLanguage::negotiate(dich::cli::lang_flag(&args).as_deref()));
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("DICH_LOG"))
        .with_writer(std::io::stderr)
        .init();
    ExitCode::from(dich::cli::run(args))
}
