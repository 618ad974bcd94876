//! `dich serve` (the newsroom's desk in the browser) and `dich users` (who may use it).

use std::io::{BufRead, IsTerminal};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, Subcommand};

use super::{load_settings, Cli, CliError, EXIT_OK};
use crate::clock::{Clock, SystemClock};
use crate::serve::users::{self, Role, Users};
use crate::store::open_store;
use crate::t;

/// Threads for store, pipeline and password work (requests beyond wait their turn).
const BLOCKING_THREADS: usize = 8;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (loopback by default: put a TLS proxy in front to open it to other machines).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub addr: SocketAddr,
    /// The users file (default: users.toml beside the store).
    #[arg(long, value_name = "FILE")]
    pub users: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Add a user, or change a user's role and password (the password is asked for, or read from stdin).
    Add {
        #[arg(value_name = "NAME")]
        name: String,
        #[arg(long, value_name = "ROLE")]
        role: String,
        #[arg(long, value_name = "FILE")]
        users: Option<PathBuf>,
    },
    /// Make an API token for a user (printed once; only its hash is kept).
    Token {
        #[arg(value_name = "NAME")]
        name: String,
        #[arg(long, value_name = "FILE")]
        users: Option<PathBuf>,
    },
}

/// The users file: beside a store file, or in the output directory for a store on PostgreSQL.
fn default_users(settings: &crate::config::Settings) -> PathBuf {
    match crate::store::is_postgres_url(&settings.store_path.to_string_lossy()) {
        true => settings.output_dir.join("users.toml"),
        false => users::default_path(&settings.store_path),
    }
}

fn settings(cli: &Cli) -> Result<crate::config::Settings, CliError> {
    load_settings(cli)?.ok_or_else(|| CliError::usage(t!("cli-serve-no-config")))
}

pub fn execute(cli: &Cli, args: &ServeArgs) -> Result<u8, CliError> {
    limit_malloc_arenas();
    let settings = settings(cli)?;
    crate::pipeline::check_output_dir(&settings.output_dir).map_err(|e| CliError::usage(e.to_string()))?;
    let store = open_store(&settings.store_path).map_err(|e| CliError::usage(e.to_string()))?;
    let users_path = args.users.clone().unwrap_or_else(|| default_users(&settings));
    let known = Users::load(&users_path).map_err(CliError::usage)?;
    // Shown as the store shows itself: a URL's password redacted.
    let store_shown = store.path().to_string();
    // Secrets are looked up before anything is served: a webhook that could not sign is a setup error.
    let webhooks = crate::serve::webhooks::Webhooks::from_settings(&settings, |name| std::env::var(name).ok())
        .map_err(CliError::usage)?;
    let app = crate::serve::App::new(settings, store, Arc::new(SystemClock), users_path.clone());
    let app = Arc::new(app.with_webhooks(webhooks));
    // Store work is serialized by the store's lock anyway: a few blocking threads keep memory bounded under
    // hundreds of connections (tokio's default allows 512).
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(BLOCKING_THREADS)
        .enable_all()
        .build()
        .map_err(|e| CliError::usage(e.to_string()))?;
    let addr = args.addr;
    let served = runtime.block_on(crate::serve::serve(app, addr, |bound| {
        eprintln!(
            "{}",
            t!(
                "serve-listening",
                addr = bound.to_string(),
                store = store_shown.clone(),
                users = users_path.display().to_string()
            )
        );
        if known.is_empty() {
            eprintln!("{}", t!("serve-no-users"));
        }
        if !bound.ip().is_loopback() {
            eprintln!("{}", t!("serve-not-loopback", addr = bound.to_string()));
        }
    }));
    served.map_err(|e| CliError::usage(t!("serve-bind-failed", addr = addr.to_string(), detail = e.to_string())))?;
    Ok(EXIT_OK)
}

pub fn execute_users(cli: &Cli, command: &UsersCommand) -> Result<u8, CliError> {
    let path_for = |given: &Option<PathBuf>| -> Result<PathBuf, CliError> {
        match given {
            Some(path) => Ok(path.clone()),
            None => Ok(default_users(&settings(cli)?)),
        }
    };
    match command {
        UsersCommand::Add { name, role, users: file } => {
            let role = Role::parse(role).ok_or_else(|| CliError::usage(t!("users-bad-role", role = role.clone())))?;
            let path = path_for(file)?;
            let mut all = Users::load(&path).map_err(CliError::usage)?;
            let password = read_password(name)?;
            all.set(name, role, &password).map_err(CliError::usage)?;
            all.save(&path).map_err(CliError::failed)?;
            eprintln!(
                "{}",
                t!("users-added", name = name.clone(), role = role.as_str(), path = path.display().to_string())
            );
            Ok(EXIT_OK)
        }
        UsersCommand::Token { name, users: file } => {
            let path = path_for(file)?;
            let mut all = Users::load(&path).map_err(CliError::usage)?;
            let token = all.new_token(name, &SystemClock.now_rfc3339()).map_err(CliError::usage)?;
            all.save(&path).map_err(CliError::failed)?;
            eprintln!("{}", t!("users-token-made", name = name.clone(), path = path.display().to_string()));
            outln!("{token}");
            Ok(EXIT_OK)
        }
    }
}

/// The password: asked twice without echo on a terminal, else the first line of standard input.
fn read_password(name: &str) -> Result<String, CliError> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(t!("users-password-prompt", name = name))
            .map_err(|e| CliError::failed(e.to_string()))?;
        let again =
            rpassword::prompt_password(t!("users-password-again")).map_err(|e| CliError::failed(e.to_string()))?;
        if first != again {
            return Err(CliError::usage(t!("users-password-mismatch")));
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| CliError::failed(e.to_string()))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

/// glibc gives each thread that allocates its own arena (up to 8 per core), and freed memory stays in them:
/// with a dozen threads serving pages the server's resident size grew to twice its working set. Work on the
/// store is serialized anyway, so two arenas cost no measurable time. Blocks of a mebibyte or more (argon2's
/// 19 MiB per login, a large page) are mapped apart and given back when freed: glibc's default threshold rises
/// to the largest block freed, after which each login's buffer stayed in an arena (a server that had taken
/// logins sat at three times its working set). glibc's own `MALLOC_ARENA_MAX` and `MALLOC_MMAP_THRESHOLD_`,
/// when set, are left to decide.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallopt only sets allocator parameters; called before any other thread exists.
        if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
            unsafe {
                libc::mallopt(libc::M_ARENA_MAX, 2);
            }
        }
        if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none() {
            unsafe {
                libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
            }
        }
    }
}
