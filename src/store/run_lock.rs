//! One run at a time per store.
//!
//! Two `dich run` processes on the same store would both see the same untranslated segments and send them to a
//! paid engine twice, and each would take the other's live run for an interrupted one. A run therefore holds an
//! exclusive OS lock on a file beside the store for as long as it lives. The OS drops the lock when the process
//! ends, however it ends, so a killed run never leaves a stale lock behind.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use super::{now, Store, StoreError};

/// Held for the length of a run; dropping it lets the next run start.
#[derive(Debug)]
pub struct RunLock {
    /// `None` for an in-memory store, which no other process can reach.
    _file: Option<File>,
}

impl RunLock {
    /// No lock: for a store shared by several runs at once, whose articles are claimed under leases instead.
    pub(crate) fn shared() -> RunLock {
        RunLock { _file: None }
    }
}

impl Store {
    /// The lock file of this store: the store's real path (links resolved, so a store named through a link
    /// takes the same lock) with `.run-lock` appended.
    pub fn run_lock_path(&self) -> Option<PathBuf> {
        if self.path == ":memory:" {
            return None;
        }
        let real = std::fs::canonicalize(&self.path).unwrap_or_else(|_| PathBuf::from(&self.path));
        let mut lock = real.into_os_string();
        lock.push(".run-lock");
        Some(PathBuf::from(lock))
    }

    /// Takes the store's run lock, or fails at once with [`StoreError::Busy`] naming the process that holds it.
    pub fn lock_for_run(&self) -> Result<RunLock, StoreError> {
        let Some(lock_path) = self.run_lock_path() else {
            return Ok(RunLock { _file: None });
        };
        let open_error =
            |e: std::io::Error| StoreError::Open { path: lock_path.display().to_string(), detail: e.to_string() };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(open_error)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                // The holder wrote "pid started" when it took the lock; it may not have yet, or the file may not
                // be readable while locked (Windows), and the error stands either way.
                let _ = file.read_to_string(&mut holder);
                let holder = match holder.trim() {
                    "" => crate::t!("store-busy-holder-unknown"),
                    known => known.to_string(),
                };
                return Err(StoreError::Busy { path: self.path.clone(), holder });
            }
            Err(TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => {
                // A file system without locks (some network shares): runs go on unguarded rather than not at all.
                tracing::warn!(path = %lock_path.display(), "file locks unsupported here; concurrent runs are not prevented");
                return Ok(RunLock { _file: None });
            }
            Err(TryLockError::Error(e)) => return Err(open_error(e)),
        }
        // Who holds the lock, for the message the next run gives; the lock itself does not depend on it.
        let written = file
            .set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| writeln!(file, "{} {}", std::process::id(), now()))
            .and_then(|()| file.flush());
        written.map_err(open_error)?;
        Ok(RunLock { _file: Some(file) })
    }
}
