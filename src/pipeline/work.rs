//! Which input a run does next: each in order on a store of its own (SQLite, under its run lock), or claimed
//! one at a time from a batch shared by every worker on the same PostgreSQL store.
//!
//! A shared batch is named by the configuration's fingerprint and the inputs (names and contents), so workers
//! given the same pipeline.toml and the same files share one batch, and a changed input makes a new one. A
//! worker holds each claimed input under a lease that its heartbeat thread renews; when it dies, the lease runs
//! out and another worker claims the input again. A worker that finds nothing left to claim waits while other
//! workers still hold inputs, so that an input whose worker died is finished before the last worker leaves.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::{store_err, PipelineError};
use crate::config::Settings;
use crate::paths::RefusedLink;
use crate::store::{ArticleDone, StoreBackend, WorkQueue};

/// The inputs of one run and where the run is in them.
pub(super) struct Work<'q> {
    pub queue: Option<&'q dyn WorkQueue>,
    batch: String,
    keys: Vec<String>,
    lease: Duration,
    /// The next input in order (a store of its own).
    next: usize,
    /// The run was stopped (Ctrl-C) before it had done all it could.
    pub cancelled: bool,
}

impl<'q> Work<'q> {
    pub fn new(
        queue: Option<&'q dyn WorkQueue>,
        settings: &Settings,
        inputs: &[(&Path, Option<&RefusedLink>)],
    ) -> Result<Work<'q>, PipelineError> {
        // The input's place and file name: the same on every worker given the same inputs.
        let keys: Vec<String> = inputs
            .iter()
            .enumerate()
            .map(|(i, (path, _))| {
                format!("{i:08} {}", path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default())
            })
            .collect();
        let mut batch = String::new();
        if let Some(queue) = queue {
            let mut hasher = blake3::Hasher::new();
            hasher.update(settings.fingerprint().as_bytes());
            for (key, (path, _)) in keys.iter().zip(inputs) {
                hasher.update(key.as_bytes());
                hasher.update(blake3::hash(&std::fs::read(path).unwrap_or_default()).as_bytes());
            }
            batch = hasher.finalize().to_hex().to_string();
            queue.enqueue(&batch, &keys).map_err(store_err)?;
            tracing::info!(batch = %batch, worker = queue.worker(), inputs = keys.len(), "sharing a batch");
        }
        Ok(Work { queue, batch, keys, lease: settings.lease, next: 0, cancelled: false })
    }

    /// The index of the next input to do, or `None` when the run is done (or cancelled).
    pub fn next(&mut self, cancel: &AtomicBool) -> Result<Option<usize>, PipelineError> {
        let Some(queue) = self.queue else {
            if cancel.load(Ordering::SeqCst) {
                self.cancelled = self.next < self.keys.len();
                return Ok(None);
            }
            self.next += 1;
            return Ok((self.next <= self.keys.len()).then_some(self.next - 1));
        };
        let poll = (self.lease / 4).clamp(Duration::from_millis(20), Duration::from_millis(500));
        loop {
            if cancel.load(Ordering::SeqCst) {
                self.cancelled = true;
                return Ok(None);
            }
            if let Some(claim) = queue.claim(&self.batch, self.lease).map_err(store_err)? {
                if claim.earlier_claims > 0 {
                    tracing::info!(input = %claim.key, "taking over an input whose worker's lease ran out");
                }
                let index = self.keys.iter().position(|k| *k == claim.key);
                // A key this worker does not know cannot be in its batch (the batch names the keys).
                return Ok(index);
            }
            if queue.remaining(&self.batch).map_err(store_err)? == 0 {
                return Ok(None);
            }
            // Others hold what is left: wait for them to finish it, or for a dead worker's lease to run out.
            std::thread::sleep(poll);
        }
    }

    /// Records that input `index` is done and journals it on `store`; false when this worker lost its lease on it
    /// (another worker records and journals it).
    pub fn complete(
        &mut self,
        index: usize,
        done: &ArticleDone,
        store: &dyn StoreBackend,
    ) -> Result<bool, PipelineError> {
        match self.queue {
            Some(queue) => queue.complete(&self.batch, &self.keys[index], done).map_err(store_err),
            None => {
                store.record_event(done.run, done.article_id, done.event, done.detail).map_err(store_err)?;
                Ok(true)
            }
        }
    }
}

/// Renews `queue`'s leases a few times per lease until `stop` is set.
pub(super) fn heartbeat(queue: &dyn WorkQueue, lease: Duration, stop: &AtomicBool) {
    let every = lease / 3;
    let step = Duration::from_millis(20).min(every);
    loop {
        let since = Instant::now();
        while since.elapsed() < every {
            if stop.load(Ordering::SeqCst) {
                return;
            }
            std::thread::sleep(step);
        }
        if let Err(e) = queue.heartbeat(lease) {
            // The next beat tries again; a lease lost meanwhile is found when the input is completed.
            tracing::warn!(error = %e, "heartbeat failed");
        }
    }
}
