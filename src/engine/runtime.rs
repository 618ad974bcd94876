//! The tokio runtime engines run on. Remote engines await their requests there; engines that compute on the CPU
//! (Marian, the memory, a command) are run by the routes on its blocking threads.
//!
//! Inside `dich serve` the server's own runtime is used; elsewhere (the CLI, tests) one runtime is made for the
//! process on first use, with a single worker thread: HTTP waiting needs no more than one core.

use std::future::Future;
use std::sync::OnceLock;

use tokio::runtime::{Handle, Runtime, RuntimeFlavor};

static PROCESS_RUNTIME: OnceLock<Runtime> = OnceLock::new();

/// The runtime to run engine work on: the current one when the caller is inside a multi-thread runtime (a
/// blocking task of `dich serve`), otherwise the process's own.
pub fn handle() -> Handle {
    match Handle::try_current() {
        Ok(current) if current.runtime_flavor() == RuntimeFlavor::MultiThread => current,
        _ => PROCESS_RUNTIME
            .get_or_init(|| {
                tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(1)
                    .thread_name("dich-engines")
                    .enable_all()
                    .build()
                    .expect("the engine runtime starts (threads and timers are available)")
            })
            .handle()
            .clone(),
    }
}

/// Runs `future` to completion from synchronous code (the pipeline, `dich translate`, `dich models pull`,
/// tests). Must not be called from inside an async task.
pub fn block_on<F: Future>(future: F) -> F::Output {
    handle().block_on(future)
}
