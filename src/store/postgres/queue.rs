//! The shared batch on PostgreSQL: every worker enqueues the same items (one per input article), then claims
//! them one at a time with `SELECT … FOR UPDATE SKIP LOCKED` under a lease. Leases and run liveness are kept by
//! the database's clock, so workers on machines whose clocks disagree still agree on who holds what.

use std::collections::HashMap;
use std::time::Duration;

use super::PgStore;
use crate::store::{ArticleDone, Claim, EngineQuota, StoreError, WorkQueue};

fn millis(lease: Duration) -> i64 {
    i64::try_from(lease.as_millis()).unwrap_or(i64::MAX).max(1)
}

impl WorkQueue for PgStore {
    fn worker(&self) -> &str {
        &self.worker
    }

    fn enqueue(&self, batch: &str, keys: &[String]) -> Result<(), StoreError> {
        let mut inner = self.lock();
        inner
            .connection()
            .execute(
                "INSERT INTO work_items (batch, key) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING",
                &[&batch, &keys],
            )
            .map_err(|e| self.error(crate::t!("store-action-work-queue"), e))?;
        Ok(())
    }

    fn claim(&self, batch: &str, lease: Duration) -> Result<Option<Claim>, StoreError> {
        let mut inner = self.lock();
        // The inner SELECT locks the first open item no other worker is claiming at this moment, skipping the
        // ones they are; the UPDATE then takes it until the lease runs out.
        let row = inner
            .connection()
            .query_opt(
                "UPDATE work_items w
                 SET state = 'leased', worker = $2, lease_until = now() + $3::bigint * interval '1 millisecond',
                     claims = w.claims + 1
                 FROM (SELECT batch, key FROM work_items
                       WHERE batch = $1 AND (state = 'waiting' OR (state = 'leased' AND lease_until < now()))
                       ORDER BY key COLLATE \"C\" LIMIT 1
                       FOR UPDATE SKIP LOCKED) open
                 WHERE w.batch = open.batch AND w.key = open.key
                 RETURNING w.key, w.claims - 1",
                &[&batch, &self.worker, &millis(lease)],
            )
            .map_err(|e| self.error(crate::t!("store-action-work-queue"), e))?;
        Ok(row.map(|row| Claim { key: row.get(0), earlier_claims: row.get(1) }))
    }

    fn heartbeat(&self, lease: Duration) -> Result<usize, StoreError> {
        let mut inner = self.lock();
        let own: Vec<i64> = inner.own_runs.iter().copied().collect();
        let renew = |connection: &mut super::Connection| -> Result<u64, postgres::Error> {
            let leases = connection.prepared(
                "UPDATE work_items SET lease_until = now() + $2::bigint * interval '1 millisecond'
                 WHERE worker = $1 AND state = 'leased' AND lease_until >= now()",
            )?;
            let places = connection.prepared(
                "UPDATE engine_in_flight SET lease_until = now() + $2::bigint * interval '1 millisecond' WHERE worker = $1",
            )?;
            // A run stays alive at least as long as its leases, and at least a minute.
            let runs = connection.prepared(
                "UPDATE runs SET alive_until = now() + greatest($2::bigint, 60000) * interval '1 millisecond'
                 WHERE id = ANY($1) AND finished IS NULL",
            )?;
            let mut tx = connection.client.transaction()?;
            let held = tx.execute(&leases, &[&self.worker, &millis(lease)])?;
            tx.execute(&places, &[&self.worker, &millis(lease)])?;
            tx.execute(&runs, &[&own, &millis(lease)])?;
            tx.commit()?;
            Ok(held)
        };
        renew(inner.connection())
            .map(|held| held as usize)
            .map_err(|e| self.error(crate::t!("store-action-work-queue"), e))
    }

    fn complete(&self, batch: &str, key: &str, done: &ArticleDone) -> Result<bool, StoreError> {
        let mut inner = self.lock();
        let finish = |connection: &mut super::Connection| -> Result<bool, postgres::Error> {
            let mut tx = connection.client.transaction()?;
            // Still ours only while no other worker has claimed it since the lease ran out.
            let changed = tx.execute(
                "UPDATE work_items SET state = 'done', outcome = $4, finished = $5, lease_until = NULL
                 WHERE batch = $1 AND key = $2 AND worker = $3 AND state = 'leased'",
                &[&batch, &key, &self.worker, &done.event, &crate::store::now()],
            )?;
            if changed != 1 {
                return Ok(false); // dropping `tx` rolls back
            }
            tx.execute(
                "INSERT INTO run_events (run_id, article_id, event, detail, time) VALUES ($1, $2, $3, $4, $5)",
                &[&done.run, &done.article_id, &done.event, &done.detail, &crate::store::now()],
            )?;
            tx.commit()?;
            Ok(true)
        };
        finish(inner.connection()).map_err(|e| self.error(crate::t!("store-action-work-queue"), e))
    }

    fn release(&self, batch: &str, key: &str) -> Result<(), StoreError> {
        let mut inner = self.lock();
        inner
            .connection()
            .execute(
                "UPDATE work_items SET state = 'waiting', worker = NULL, lease_until = NULL
                 WHERE batch = $1 AND key = $2 AND worker = $3 AND state = 'leased'",
                &[&batch, &key, &self.worker],
            )
            .map_err(|e| self.error(crate::t!("store-action-work-queue"), e))?;
        Ok(())
    }

    fn remaining(&self, batch: &str) -> Result<usize, StoreError> {
        let mut inner = self.lock();
        let count: i64 = inner
            .connection()
            .query_one("SELECT count(*) FROM work_items WHERE batch = $1 AND state <> 'done'", &[&batch])
            .map_err(|e| self.error(crate::t!("store-action-work-queue"), e))?
            .get(0);
        Ok(count as usize)
    }

    fn outcomes(&self, batch: &str) -> Result<HashMap<String, String>, StoreError> {
        let mut inner = self.lock();
        let rows = inner
            .connection()
            .query("SELECT key, outcome FROM work_items WHERE batch = $1 AND state = 'done'", &[&batch])
            .map_err(|e| self.error(crate::t!("store-action-work-queue"), e))?;
        Ok(rows.iter().map(|row| (row.get(0), row.get::<_, Option<String>>(1).unwrap_or_default())).collect())
    }
}

impl EngineQuota for PgStore {
    fn take_token(&self, engine: &str, rate: f64, burst: f64) -> Result<Option<Duration>, StoreError> {
        let mut inner = self.lock();
        let take = |connection: &mut super::Connection| -> Result<Option<Duration>, postgres::Error> {
            // One statement: the bucket's row (made full the first time) is locked, refilled for the time since
            // and debited when it holds a token, so workers take tokens one after another.
            let debited = connection.query_opt(
                "INSERT INTO engine_quota AS q (engine, tokens, refilled) VALUES ($1, $3::float8 - 1, clock_timestamp())
                 ON CONFLICT (engine) DO UPDATE
                 SET tokens = least($3::float8,
                         q.tokens + extract(epoch FROM clock_timestamp() - q.refilled)::float8 * $2::float8) - 1,
                     refilled = clock_timestamp()
                 WHERE least($3::float8,
                           q.tokens + extract(epoch FROM clock_timestamp() - q.refilled)::float8 * $2::float8) >= 1
                 RETURNING tokens",
                &[&engine, &rate, &burst],
            )?;
            if debited.is_some() {
                return Ok(None);
            }
            // No token: how long until the next one.
            let level = connection.query_opt(
                "SELECT least($3::float8, tokens + extract(epoch FROM clock_timestamp() - refilled)::float8 * $2::float8)
                 FROM engine_quota WHERE engine = $1",
                &[&engine, &rate, &burst],
            )?;
            let tokens: f64 = level.map_or(0.0, |row| row.get(0));
            Ok(Some(Duration::from_secs_f64(((1.0 - tokens) / rate).max(0.001))))
        };
        take(inner.connection()).map_err(|e| self.error(crate::t!("store-action-quota"), e))
    }

    fn take_slot(&self, engine: &str, limit: usize, lease: Duration) -> Result<Option<i64>, StoreError> {
        let mut inner = self.lock();
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let take = |connection: &mut super::Connection| -> Result<Option<i64>, postgres::Error> {
            let lock =
                connection.prepared("SELECT pg_advisory_xact_lock(hashtextextended('dich-in-flight:' || $1, 0))")?;
            let expired =
                connection.prepared("DELETE FROM engine_in_flight WHERE engine = $1 AND lease_until < now()")?;
            let insert = connection.prepared(
                "INSERT INTO engine_in_flight (engine, worker, lease_until)
                 SELECT $1, $2, now() + $3::bigint * interval '1 millisecond'
                 WHERE (SELECT count(*) FROM engine_in_flight WHERE engine = $1) < $4::bigint
                 RETURNING id",
            )?;
            let mut tx = connection.client.transaction()?;
            // One worker at a time counts and takes a place of this engine.
            tx.execute(&lock, &[&engine])?;
            tx.execute(&expired, &[&engine])?;
            let row = tx.query_opt(&insert, &[&engine, &self.worker, &millis(lease), &limit])?;
            tx.commit()?;
            Ok(row.map(|row| row.get(0)))
        };
        take(inner.connection()).map_err(|e| self.error(crate::t!("store-action-quota"), e))
    }

    fn give_slot(&self, slot: i64) -> Result<(), StoreError> {
        let mut inner = self.lock();
        inner
            .connection()
            .execute("DELETE FROM engine_in_flight WHERE id = $1", &[&slot])
            .map_err(|e| self.error(crate::t!("store-action-quota"), e))?;
        Ok(())
    }
}
