//! The webhook delivery log: what `dich serve` has to push to desks, what it pushed, and what failed.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::{now, Store, StoreError};

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Not yet accepted; sent again at `next_at_ms`.
    Pending,
    /// The desk answered 2xx.
    Delivered,
    /// Refused for good (a 4xx other than "later") or out of attempts.
    Failed,
    /// A newer version of the item came before this one was delivered: only the newer one is sent.
    Superseded,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
            DeliveryStatus::Superseded => "superseded",
        }
    }

    pub(crate) fn parse(text: &str) -> DeliveryStatus {
        match text {
            "delivered" => DeliveryStatus::Delivered,
            "failed" => DeliveryStatus::Failed,
            "superseded" => DeliveryStatus::Superseded,
            _ => DeliveryStatus::Pending,
        }
    }
}

/// One delivery as the log shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveryRecord {
    pub id: i64,
    pub channel: String,
    pub article: String,
    pub url: String,
    /// RFC 3339: when the item version was found.
    pub created: String,
    pub status: DeliveryStatus,
    pub attempts: u32,
    /// The desk's last HTTP status, when it answered.
    pub last_status: Option<u16>,
    pub last_error: String,
    /// RFC 3339: when it was delivered or given up.
    pub finished: Option<String>,
}

/// A delivery due now, with the body to send.
#[derive(Debug, Clone)]
pub struct DueDelivery {
    pub id: i64,
    pub channel: String,
    pub url: String,
    pub body: Vec<u8>,
    pub attempts: u32,
}

/// What one attempt came to.
#[derive(Debug, Clone, PartialEq)]
pub enum AttemptOutcome {
    Delivered { status: u16 },
    Retry { status: Option<u16>, error: String, next_at_ms: i64 },
    Failed { status: Option<u16>, error: String },
}

const RECORD_COLUMNS: &str =
    "id, channel, article_id, url, created, status, attempts, last_status, last_error, finished";

impl Store {
    /// Records a version of a channel's item to deliver, due at `now_ms`; undelivered older versions of the
    /// same item are superseded. False when this version is already known (delivered or not).
    pub fn enqueue_delivery(
        &self,
        channel: &str,
        article: &str,
        item_hash: &str,
        url: &str,
        body: &[u8],
        now_ms: i64,
    ) -> Result<bool, StoreError> {
        let mut inner = self.lock();
        let write = |conn: &mut rusqlite::Connection| -> rusqlite::Result<bool> {
            let tx = conn.transaction()?;
            let inserted = tx.execute(
                "INSERT OR IGNORE INTO deliveries (channel, article_id, item_hash, url, body, created, status,
                     next_at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7)",
                params![channel, article, item_hash, url, body, now(), now_ms],
            )? == 1;
            if inserted {
                tx.execute(
                    "UPDATE deliveries SET status = 'superseded', finished = ?4
                     WHERE channel = ?1 AND article_id = ?2 AND item_hash != ?3 AND status = 'pending'",
                    params![channel, article, item_hash, now()],
                )?;
            }
            tx.commit()?;
            Ok(inserted)
        };
        write(&mut inner.conn).map_err(|e| self.error(crate::t!("store-action-deliveries"), e))
    }

    /// Pending deliveries due at `now_ms`, oldest first, at most `limit`.
    pub fn due_deliveries(&self, now_ms: i64, limit: usize) -> Result<Vec<DueDelivery>, StoreError> {
        let inner = self.lock();
        let read = || -> rusqlite::Result<Vec<DueDelivery>> {
            let mut stmt = inner.conn.prepare(
                "SELECT id, channel, url, body, attempts FROM deliveries
                 WHERE status = 'pending' AND next_at_ms <= ?1 ORDER BY next_at_ms, id LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![now_ms, limit as i64], |row| {
                Ok(DueDelivery {
                    id: row.get(0)?,
                    channel: row.get(1)?,
                    url: row.get(2)?,
                    body: row.get(3)?,
                    attempts: row.get(4)?,
                })
            })?;
            rows.collect()
        };
        read().map_err(|e| self.error(crate::t!("store-action-deliveries"), e))
    }

    /// When the next pending delivery is due (ms since the Unix epoch), if any is pending.
    pub fn next_delivery_at(&self) -> Result<Option<i64>, StoreError> {
        let inner = self.lock();
        inner
            .conn
            .query_row("SELECT min(next_at_ms) FROM deliveries WHERE status = 'pending'", [], |row| row.get(0))
            .optional()
            .map(Option::flatten)
            .map_err(|e| self.error(crate::t!("store-action-deliveries"), e))
    }

    /// Records an attempt of delivery `id`. A delivery superseded meanwhile stays superseded.
    pub fn record_attempt(&self, id: i64, outcome: &AttemptOutcome) -> Result<(), StoreError> {
        let inner = self.lock();
        let (status, http, error, next_at, finished) = match outcome {
            AttemptOutcome::Delivered { status } => ("delivered", Some(*status), "", 0, Some(now())),
            AttemptOutcome::Retry { status, error, next_at_ms } => {
                ("pending", *status, error.as_str(), *next_at_ms, None)
            }
            AttemptOutcome::Failed { status, error } => ("failed", *status, error.as_str(), 0, Some(now())),
        };
        inner
            .conn
            .execute(
                "UPDATE deliveries SET status = ?2, attempts = attempts + 1, last_status = ?3, last_error = ?4,
                     next_at_ms = ?5, finished = ?6
                 WHERE id = ?1 AND status = 'pending'",
                params![id, status, http, error, next_at, finished],
            )
            .map_err(|e| self.error(crate::t!("store-action-deliveries"), e))?;
        Ok(())
    }

    /// The latest `limit` deliveries, newest first.
    pub fn deliveries(&self, limit: usize) -> Result<Vec<DeliveryRecord>, StoreError> {
        let inner = self.lock();
        let read = || -> rusqlite::Result<Vec<DeliveryRecord>> {
            let mut stmt =
                inner.conn.prepare(&format!("SELECT {RECORD_COLUMNS} FROM deliveries ORDER BY id DESC LIMIT ?1"))?;
            let rows = stmt.query_map(params![limit as i64], |row| {
                Ok(DeliveryRecord {
                    id: row.get(0)?,
                    channel: row.get(1)?,
                    article: row.get(2)?,
                    url: row.get(3)?,
                    created: row.get(4)?,
                    status: DeliveryStatus::parse(&row.get::<_, String>(5)?),
                    attempts: row.get(6)?,
                    last_status: row.get(7)?,
                    last_error: row.get(8)?,
                    finished: row.get(9)?,
                })
            })?;
            rows.collect()
        };
        read().map_err(|e| self.error(crate::t!("store-action-deliveries"), e))
    }
}
