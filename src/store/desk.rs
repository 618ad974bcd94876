//! What `dich serve` reads and writes beside the pipeline: the stored articles with their latest event, the run
//! list, and the audit log of people's writes.

use rusqlite::params;
use serde::Serialize;

use super::journal::{run_from_row, RUN_COLUMNS};
use super::{now, RunRecord, Store, StoreError};

/// A stored article with what the latest run that saw it did with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleRecord {
    pub id: String,
    pub headline: String,
    pub source_path: String,
    /// "published", "held_back", "failed"; empty when no run has recorded an event for it.
    pub event: String,
    pub detail: String,
    /// RFC 3339: when that event was recorded.
    pub time: String,
}

/// One write a person made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    pub time: String,
    pub user: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

impl Store {
    /// Every stored article with its latest event, most recent first.
    pub fn article_records(&self) -> Result<Vec<ArticleRecord>, StoreError> {
        let inner = self.lock();
        let read = || -> rusqlite::Result<Vec<ArticleRecord>> {
            let mut stmt = inner.conn.prepare(
                "SELECT a.id, a.headline, a.source_path, coalesce(e.event, ''), coalesce(e.detail, ''),
                        coalesce(e.time, a.updated)
                 FROM articles a LEFT JOIN run_events e
                   ON e.id = (SELECT max(id) FROM run_events WHERE article_id = a.id)
                 ORDER BY coalesce(e.time, a.updated) DESC, a.id",
            )?;
            let rows = stmt.query_map([], |row| {
                Ok(ArticleRecord {
                    id: row.get(0)?,
                    headline: row.get(1)?,
                    source_path: row.get(2)?,
                    event: row.get(3)?,
                    detail: row.get(4)?,
                    time: row.get(5)?,
                })
            })?;
            rows.collect()
        };
        read().map_err(|e| self.error(crate::t!("store-action-read-runs"), e))
    }

    /// The latest `limit` runs, newest first.
    pub fn runs(&self, limit: usize) -> Result<Vec<RunRecord>, StoreError> {
        let inner = self.lock();
        let read = || -> rusqlite::Result<Vec<RunRecord>> {
            let mut stmt = inner.conn.prepare(&format!("SELECT {RUN_COLUMNS} FROM runs ORDER BY id DESC LIMIT ?1"))?;
            let rows = stmt.query_map(params![limit as i64], run_from_row)?;
            rows.collect()
        };
        read().map_err(|e| self.error(crate::t!("store-action-read-runs"), e))
    }

    /// Records that `user` did `action` to `subject`.
    pub fn audit(&self, user: &str, action: &str, subject: &str, detail: &str) -> Result<(), StoreError> {
        let inner = self.lock();
        inner
            .conn
            .execute(
                "INSERT INTO audit (time, user, action, subject, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![now(), user, action, subject, detail],
            )
            .map_err(|e| self.error(crate::t!("store-action-audit"), e))?;
        Ok(())
    }

    /// The latest `limit` audit records, newest first.
    pub fn audit_log(&self, limit: usize) -> Result<Vec<AuditRecord>, StoreError> {
        let inner = self.lock();
        let read = || -> rusqlite::Result<Vec<AuditRecord>> {
            let mut stmt = inner
                .conn
                .prepare("SELECT time, user, action, subject, detail FROM audit ORDER BY id DESC LIMIT ?1")?;
            let rows = stmt.query_map(params![limit as i64], |row| {
                Ok(AuditRecord {
                    time: row.get(0)?,
                    user: row.get(1)?,
                    action: row.get(2)?,
                    subject: row.get(3)?,
                    detail: row.get(4)?,
                })
            })?;
            rows.collect()
        };
        read().map_err(|e| self.error(crate::t!("store-action-audit"), e))
    }

    /// Stored segments whose matching key contains `key` (a term's matching key): (article id, text), at most
    /// `limit`, for the glossary's concordance.
    pub fn segments_containing(&self, key: &str, limit: usize) -> Result<Vec<(String, String)>, StoreError> {
        let inner = self.lock();
        let read = || -> rusqlite::Result<Vec<(String, String)>> {
            let mut stmt = inner.conn.prepare(
                "SELECT article_id, text FROM segments WHERE instr(match_key, ?1) > 0
                 ORDER BY article_id, position LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![key, limit as i64], |row| Ok((row.get(0)?, row.get(1)?)))?;
            rows.collect()
        };
        read().map_err(|e| self.error(crate::t!("store-action-load-segments", article = "*"), e))
    }
}
