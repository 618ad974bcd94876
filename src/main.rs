//! The `dich` command: parses arguments, sets the UI language, calls the library, maps results to exit codes.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    dich::i18n::set_language(dich::i18n::UiLanguage::negotiate(dich::cli::lang_flag(&args).as_deref()));
    // The HTTP and TLS stacks log whole requests at trace level, headers (an API key) included, some as hex
    // dumps: they are held at info whatever DICH_LOG asks.
    let mut filter = tracing_subscriber::EnvFilter::from_env("DICH_LOG");
    for quiet in ["rustls=info", "hyper=info", "hyper_util=info", "reqwest=info", "h2=info"] {
        filter = filter.add_directive(quiet.parse().expect("static log directive"));
    }
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
    ExitCode::from(dich::cli::run(args))
}
