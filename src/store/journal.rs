//! The run journal (runs and their events) and the segment targets.
//!
//! A target is written the moment its translation is known, each in its own transaction, so a run killed
//! half-way keeps everything it had paid for. A run that never reached [`Store::finish_run`] stays in the
//! journal without a finish time: the next run sees it through [`Store::interrupted_runs`].

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::{now, Store, StoreError};
use crate::engine::{Origin, Translation};

/// Status of a run from [`Store::start_run`] until [`Store::finish_run`].
pub const RUN_RUNNING: &str = "running";
/// Status given by [`Store::start_run`] to earlier runs that never finished (their process died).
pub const RUN_INTERRUPTED: &str = "interrupted";

/// One run of the pipeline as journaled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunRecord {
    pub id: i64,
    /// RFC 3339.
    pub started: String,
    /// `None` while running, and forever for a run that was interrupted.
    pub finished: Option<String>,
    /// [`RUN_RUNNING`], [`RUN_INTERRUPTED`], or what [`Store::finish_run`] was given.
    pub status: String,
    pub config_hash: String,
    pub summary_json: Option<String>,
}

/// One journaled event of a run, about one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunEvent {
    pub run_id: i64,
    pub article_id: String,
    pub event: String,
    pub detail: String,
    /// RFC 3339.
    pub time: String,
}

pub(super) const RUN_COLUMNS: &str = "id, started, finished, status, config_hash, summary_json";

pub(super) fn run_from_row(row: &Row<'_>) -> rusqlite::Result<RunRecord> {
    Ok(RunRecord {
        id: row.get(0)?,
        started: row.get(1)?,
        finished: row.get(2)?,
        status: row.get(3)?,
        config_hash: row.get(4)?,
        summary_json: row.get(5)?,
    })
}

impl Store {
    /// Journals the start of a run and returns its id. Runs still marked running that this handle did not
    /// start are marked [`RUN_INTERRUPTED`] in the same transaction.
    pub fn start_run(&self, config_hash: &str) -> Result<i64, StoreError> {
        let action = || crate::t!("store-action-start-run");
        let mut inner = self.lock();
        let own: Vec<i64> = inner.own_runs.iter().copied().collect();
        let tx = inner.conn.transaction().map_err(|e| self.error(action(), e))?;
        let write = || -> rusqlite::Result<i64> {
            let mut stale = tx.prepare("SELECT id FROM runs WHERE status = ?1 AND finished IS NULL")?;
            let running: Vec<i64> =
                stale.query_map(params![RUN_RUNNING], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
            for id in running.into_iter().filter(|id| !own.contains(id)) {
                tx.execute("UPDATE runs SET status = ?1 WHERE id = ?2", params![RUN_INTERRUPTED, id])?;
            }
            tx.execute(
                "INSERT INTO runs (started, status, config_hash) VALUES (?1, ?2, ?3)",
                params![now(), RUN_RUNNING, config_hash],
            )?;
            Ok(tx.last_insert_rowid())
        };
        let id = write().map_err(|e| self.error(action(), e))?;
        tx.commit().map_err(|e| self.error(action(), e))?;
        inner.own_runs.insert(id);
        Ok(id)
    }

    /// Journals one event of `run` about `article_id` (committed at once).
    pub fn record_event(&self, run: i64, article_id: &str, event: &str, detail: &str) -> Result<(), StoreError> {
        let inner = self.lock();
        let exists = run_exists(&inner.conn, run).map_err(|e| self.error(crate::t!("store-action-read-runs"), e))?;
        if !exists {
            return Err(StoreError::UnknownRun { path: self.path.clone(), run });
        }
        inner
            .conn
            .execute(
                "INSERT INTO run_events (run_id, article_id, event, detail, time) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![run, article_id, event, detail, now()],
            )
            .map_err(|e| self.error(crate::t!("store-action-record-event", run = run, article = article_id), e))?;
        Ok(())
    }

    /// Journals the end of `run` with its final `status` ("completed", "failed", "cancelled"…) and summary.
    pub fn finish_run(&self, run: i64, status: &str, summary_json: &str) -> Result<(), StoreError> {
        let mut inner = self.lock();
        let changed = inner
            .conn
            .execute(
                "UPDATE runs SET finished = ?1, status = ?2, summary_json = ?3 WHERE id = ?4",
                params![now(), status, summary_json, run],
            )
            .map_err(|e| self.error(crate::t!("store-action-finish-run", run = run), e))?;
        if changed == 0 {
            return Err(StoreError::UnknownRun { path: self.path.clone(), run });
        }
        inner.own_runs.remove(&run);
        Ok(())
    }

    /// The most recently started run, finished or not.
    pub fn last_run(&self) -> Result<Option<RunRecord>, StoreError> {
        let inner = self.lock();
        inner
            .conn
            .query_row(&format!("SELECT {RUN_COLUMNS} FROM runs ORDER BY id DESC LIMIT 1"), [], run_from_row)
            .optional()
            .map_err(|e| self.error(crate::t!("store-action-read-runs"), e))
    }

    /// One run by id.
    pub fn run(&self, run: i64) -> Result<Option<RunRecord>, StoreError> {
        let inner = self.lock();
        inner
            .conn
            .query_row(&format!("SELECT {RUN_COLUMNS} FROM runs WHERE id = ?1"), params![run], run_from_row)
            .optional()
            .map_err(|e| self.error(crate::t!("store-action-read-runs"), e))
    }

    /// Runs that never finished and were not started through this handle, newest first: their process was
    /// killed. Status is [`RUN_RUNNING`] until the next [`Store::start_run`] marks them [`RUN_INTERRUPTED`].
    pub fn interrupted_runs(&self) -> Result<Vec<RunRecord>, StoreError> {
        let inner = self.lock();
        let read = || -> rusqlite::Result<Vec<RunRecord>> {
            let mut stmt = inner
                .conn
                .prepare(&format!("SELECT {RUN_COLUMNS} FROM runs WHERE finished IS NULL ORDER BY id DESC"))?;
            let runs = stmt.query_map([], run_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(runs)
        };
        let runs = read().map_err(|e| self.error(crate::t!("store-action-read-runs"), e))?;
        Ok(runs.into_iter().filter(|run| !inner.own_runs.contains(&run.id)).collect())
    }

    /// The events of `run` in the order they were recorded.
    pub fn events(&self, run: i64) -> Result<Vec<RunEvent>, StoreError> {
        let inner = self.lock();
        let read = || -> rusqlite::Result<Vec<RunEvent>> {
            let mut stmt = inner.conn.prepare(
                "SELECT run_id, article_id, event, detail, time FROM run_events WHERE run_id = ?1 ORDER BY id",
            )?;
            let events = stmt
                .query_map(params![run], |row| {
                    Ok(RunEvent {
                        run_id: row.get(0)?,
                        article_id: row.get(1)?,
                        event: row.get(2)?,
                        detail: row.get(3)?,
                        time: row.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(events)
        };
        read().map_err(|e| self.error(crate::t!("store-action-read-runs"), e))
    }

    /// Saves the translation of one segment into `target_lang` (committed at once; replaces an earlier one).
    pub fn save_target(
        &self,
        article_id: &str,
        target_lang: &str,
        translation: &Translation,
    ) -> Result<(), StoreError> {
        let action = || {
            crate::t!(
                "store-action-save-target",
                article = article_id,
                segment = translation.segment_id.clone(),
                lang = target_lang
            )
        };
        let origin = serde_json::to_string(&translation.origin).map_err(|e| StoreError::Corrupt {
            path: self.path.clone(),
            what: action(),
            detail: e.to_string(),
        })?;
        let inner = self.lock();
        inner
            .conn
            .execute(
                "INSERT INTO segment_targets (article_id, segment_id, target_lang, text, origin_json, time)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (article_id, segment_id, target_lang) DO UPDATE SET
                     text = excluded.text, origin_json = excluded.origin_json, time = excluded.time",
                params![article_id, translation.segment_id, target_lang, translation.text, origin, now()],
            )
            .map_err(|e| self.error(action(), e))?;
        Ok(())
    }

    /// The saved translations of the article into `target_lang`, by segment id.
    pub fn load_targets(
        &self,
        article_id: &str,
        target_lang: &str,
    ) -> Result<HashMap<String, Translation>, StoreError> {
        let action = || crate::t!("store-action-load-targets", article = article_id, lang = target_lang);
        let rows: Vec<(String, String, String)> = {
            let inner = self.lock();
            let read = || -> rusqlite::Result<Vec<_>> {
                let mut stmt = inner.conn.prepare(
                    "SELECT segment_id, text, origin_json FROM segment_targets
                     WHERE article_id = ?1 AND target_lang = ?2",
                )?;
                let rows = stmt
                    .query_map(params![article_id, target_lang], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                Ok(rows)
            };
            read().map_err(|e| self.error(action(), e))?
        };
        rows.into_iter()
            .map(|(segment_id, text, origin_json)| {
                let origin: Origin = serde_json::from_str(&origin_json).map_err(|e| StoreError::Corrupt {
                    path: self.path.clone(),
                    what: action(),
                    detail: format!("{segment_id}: {e}"),
                })?;
                Ok((segment_id.clone(), Translation { segment_id, text, origin }))
            })
            .collect()
    }
}

fn run_exists(conn: &rusqlite::Connection, run: i64) -> rusqlite::Result<bool> {
    conn.query_row("SELECT EXISTS (SELECT 1 FROM runs WHERE id = ?1)", params![run], |row| row.get(0))
}
