//! Articles, segments, the run journal, segment targets, glossary hits, the audit log and the delivery log on
//! PostgreSQL: the same meaning as the SQLite store's methods of the same names.

use std::collections::HashMap;

use postgres::Row;

use super::memory::off_runtime;
use super::PgStore;
use crate::article::{Article, BlockKind};
use crate::engine::{Origin, Translation};
use crate::glossary::Hit;
use crate::store::{
    now, ArticleRecord, AttemptOutcome, AuditRecord, DeliveryRecord, DeliveryStatus, DueDelivery, EngineQuota,
    RunEvent, RunLock, RunRecord, StoreBackend, StoreError, WorkQueue, RUN_INTERRUPTED, RUN_RUNNING,
};
use crate::text::key::match_key;
use crate::text::Segment;

const RUN_COLUMNS: &str = "id, started, finished, status, config_hash, summary_json";

/// How long a run stays alive without a heartbeat: the pipeline's heartbeat renews it long before.
const RUN_ALIVE_MS: i64 = 60_000;

fn run_from_row(row: &Row) -> RunRecord {
    RunRecord {
        id: row.get(0),
        started: row.get(1),
        finished: row.get(2),
        status: row.get(3),
        config_hash: row.get(4),
        summary_json: row.get(5),
    }
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl PgStore {
    fn save_article_here(
        &self,
        article: &Article,
        source_path: &str,
        content_hash: &str,
        segments: &[Segment],
    ) -> Result<(), StoreError> {
        let action = || crate::t!("store-action-save-article", article = article.id.clone());
        let json = serde_json::to_string(article).map_err(|e| self.corrupt(action(), e.to_string()))?;
        let mut inner = self.lock();
        let write = |connection: &mut super::Connection| -> Result<(), postgres::Error> {
            let insert = connection.prepared(
                "INSERT INTO segments (article_id, position, segment_id, kind, block, sentence, text, match_key)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )?;
            let mut tx = connection.client.transaction()?;
            let time = now();
            tx.execute(
                "INSERT INTO articles (id, source_path, content_hash, headline, article_json, created, updated)
                 VALUES ($1, $2, $3, $4, $5, $6, $6)
                 ON CONFLICT (id) DO UPDATE SET source_path = excluded.source_path,
                     content_hash = excluded.content_hash, headline = excluded.headline,
                     article_json = excluded.article_json, updated = excluded.updated",
                &[&article.id, &source_path, &content_hash, &article.headline, &json, &time],
            )?;
            tx.execute("DELETE FROM segments WHERE article_id = $1", &[&article.id])?;
            for (position, segment) in segments.iter().enumerate() {
                tx.execute(
                    &insert,
                    &[
                        &article.id,
                        &to_i64(position),
                        &segment.id,
                        &segment.kind.as_str(),
                        &to_i64(segment.block),
                        &to_i64(segment.index),
                        &segment.text,
                        &match_key(&segment.text),
                    ],
                )?;
            }
            tx.commit()
        };
        write(inner.connection()).map_err(|e| self.error(action(), e))
    }

    fn article_source_here(&self, id: &str) -> Result<Option<String>, StoreError> {
        let mut inner = self.lock();
        let row = inner.connection().query_opt("SELECT source_path FROM articles WHERE id = $1", &[&id]);
        row.map(|row| row.map(|r| r.get(0)))
            .map_err(|e| self.error(crate::t!("store-action-load-article", article = id), e))
    }

    fn article_hash_here(&self, id: &str) -> Result<Option<String>, StoreError> {
        let mut inner = self.lock();
        let row = inner.connection().query_opt("SELECT content_hash FROM articles WHERE id = $1", &[&id]);
        row.map(|row| row.map(|r| r.get(0)))
            .map_err(|e| self.error(crate::t!("store-action-load-article", article = id), e))
    }

    fn load_article_here(&self, id: &str) -> Result<Option<Article>, StoreError> {
        let action = || crate::t!("store-action-load-article", article = id);
        let json: Option<String> = {
            let mut inner = self.lock();
            let row = inner.connection().query_opt("SELECT article_json FROM articles WHERE id = $1", &[&id]);
            row.map_err(|e| self.error(action(), e))?.map(|r| r.get(0))
        };
        json.map(|json| serde_json::from_str(&json).map_err(|e| self.corrupt(action(), e.to_string()))).transpose()
    }

    fn load_segments_here(&self, article_id: &str) -> Result<Vec<Segment>, StoreError> {
        let action = || crate::t!("store-action-load-segments", article = article_id);
        let rows = {
            let mut inner = self.lock();
            inner
                .connection()
                .query(
                    "SELECT segment_id, kind, block, sentence, text FROM segments
                     WHERE article_id = $1 ORDER BY position",
                    &[&article_id],
                )
                .map_err(|e| self.error(action(), e))?
        };
        rows.iter()
            .map(|row| {
                let kind: String = row.get(1);
                let kind: BlockKind = serde_json::from_value(serde_json::Value::String(kind))
                    .map_err(|e| self.corrupt(action(), e.to_string()))?;
                Ok(Segment {
                    id: row.get(0),
                    kind,
                    block: row.get::<_, i64>(2) as usize,
                    index: row.get::<_, i64>(3) as usize,
                    text: row.get(4),
                })
            })
            .collect()
    }

    fn start_run_here(&self, config_hash: &str) -> Result<i64, StoreError> {
        let action = || crate::t!("store-action-start-run");
        let mut inner = self.lock();
        let own: Vec<i64> = inner.own_runs.iter().copied().collect();
        let write = |client: &mut postgres::Client| -> Result<i64, postgres::Error> {
            let mut tx = client.transaction()?;
            // Runs of other workers are theirs while their heartbeat keeps them alive.
            tx.execute(
                "UPDATE runs SET status = $1
                 WHERE status = $2 AND finished IS NULL AND alive_until < now() AND NOT (id = ANY($3))",
                &[&RUN_INTERRUPTED, &RUN_RUNNING, &own],
            )?;
            let id: i64 = tx
                .query_one(
                    "INSERT INTO runs (started, status, config_hash, worker, alive_until)
                     VALUES ($1, $2, $3, $4, now() + $5::bigint * interval '1 millisecond') RETURNING id",
                    &[&now(), &RUN_RUNNING, &config_hash, &self.worker, &RUN_ALIVE_MS],
                )?
                .get(0);
            tx.commit()?;
            Ok(id)
        };
        let id = write(inner.client()).map_err(|e| self.error(action(), e))?;
        inner.own_runs.insert(id);
        Ok(id)
    }

    fn record_event_here(&self, run: i64, article_id: &str, event: &str, detail: &str) -> Result<(), StoreError> {
        let mut inner = self.lock();
        let written = inner
            .connection()
            .execute(
                "INSERT INTO run_events (run_id, article_id, event, detail, time)
                 SELECT id, $2, $3, $4, $5 FROM runs WHERE id = $1",
                &[&run, &article_id, &event, &detail, &now()],
            )
            .map_err(|e| self.error(crate::t!("store-action-record-event", run = run, article = article_id), e))?;
        if written == 0 {
            return Err(StoreError::UnknownRun { path: self.shown.clone(), run });
        }
        Ok(())
    }

    fn finish_run_here(&self, run: i64, status: &str, summary_json: &str) -> Result<(), StoreError> {
        let mut inner = self.lock();
        let changed = inner
            .connection()
            .execute(
                "UPDATE runs SET finished = $1, status = $2, summary_json = $3 WHERE id = $4",
                &[&now(), &status, &summary_json, &run],
            )
            .map_err(|e| self.error(crate::t!("store-action-finish-run", run = run), e))?;
        if changed == 0 {
            return Err(StoreError::UnknownRun { path: self.shown.clone(), run });
        }
        inner.own_runs.remove(&run);
        Ok(())
    }

    fn last_run_here(&self) -> Result<Option<RunRecord>, StoreError> {
        let mut inner = self.lock();
        let row =
            inner.connection().query_opt(&format!("SELECT {RUN_COLUMNS} FROM runs ORDER BY id DESC LIMIT 1"), &[]);
        row.map(|row| row.as_ref().map(run_from_row)).map_err(|e| self.error(crate::t!("store-action-read-runs"), e))
    }

    fn run_here(&self, run: i64) -> Result<Option<RunRecord>, StoreError> {
        let mut inner = self.lock();
        let row = inner.connection().query_opt(&format!("SELECT {RUN_COLUMNS} FROM runs WHERE id = $1"), &[&run]);
        row.map(|row| row.as_ref().map(run_from_row)).map_err(|e| self.error(crate::t!("store-action-read-runs"), e))
    }

    fn interrupted_runs_here(&self) -> Result<Vec<RunRecord>, StoreError> {
        let mut inner = self.lock();
        let own: Vec<i64> = inner.own_runs.iter().copied().collect();
        let rows = inner
            .connection()
            .query(
                &format!(
                    "SELECT {RUN_COLUMNS} FROM runs
                     WHERE finished IS NULL AND NOT (id = ANY($1)) AND (status <> $2 OR alive_until < now())
                     ORDER BY id DESC"
                ),
                &[&own, &RUN_RUNNING],
            )
            .map_err(|e| self.error(crate::t!("store-action-read-runs"), e))?;
        Ok(rows.iter().map(run_from_row).collect())
    }

    fn events_here(&self, run: i64) -> Result<Vec<RunEvent>, StoreError> {
        let mut inner = self.lock();
        let rows = inner
            .connection()
            .query(
                "SELECT run_id, article_id, event, detail, time FROM run_events WHERE run_id = $1 ORDER BY id",
                &[&run],
            )
            .map_err(|e| self.error(crate::t!("store-action-read-runs"), e))?;
        Ok(rows
            .iter()
            .map(|row| RunEvent {
                run_id: row.get(0),
                article_id: row.get(1),
                event: row.get(2),
                detail: row.get(3),
                time: row.get(4),
            })
            .collect())
    }

    fn save_target_here(
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
        let origin = serde_json::to_string(&translation.origin).map_err(|e| self.corrupt(action(), e.to_string()))?;
        let mut inner = self.lock();
        inner
            .connection()
            .execute(
                "INSERT INTO segment_targets (article_id, segment_id, target_lang, text, origin_json, time)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (article_id, segment_id, lower(target_lang)) DO UPDATE SET
                     text = excluded.text, origin_json = excluded.origin_json, time = excluded.time",
                &[&article_id, &translation.segment_id, &target_lang, &translation.text, &origin, &now()],
            )
            .map_err(|e| self.error(action(), e))?;
        Ok(())
    }

    fn load_targets_here(
        &self,
        article_id: &str,
        target_lang: &str,
    ) -> Result<HashMap<String, Translation>, StoreError> {
        let action = || crate::t!("store-action-load-targets", article = article_id, lang = target_lang);
        let rows = {
            let mut inner = self.lock();
            inner
                .connection()
                .query(
                    "SELECT segment_id, text, origin_json FROM segment_targets
                     WHERE article_id = $1 AND lower(target_lang) = lower($2)",
                    &[&article_id, &target_lang],
                )
                .map_err(|e| self.error(action(), e))?
        };
        rows.iter()
            .map(|row| {
                let segment_id: String = row.get(0);
                let origin: Origin = serde_json::from_str(row.get(2))
                    .map_err(|e| self.corrupt(action(), format!("{segment_id}: {e}")))?;
                Ok((segment_id.clone(), Translation { segment_id, text: row.get(1), origin }))
            })
            .collect()
    }

    fn save_term_hits_here(&self, article_id: &str, hits: &HashMap<String, Vec<Hit>>) -> Result<(), StoreError> {
        let action = || crate::t!("store-action-save-terms", article = article_id.to_string());
        let mut ids: Vec<&String> = hits.keys().collect();
        ids.sort();
        let rows: Vec<(&String, String)> =
            ids.into_iter().map(|id| (id, serde_json::to_string(&hits[id]).expect("hits serialize"))).collect();
        let mut inner = self.lock();
        let write = |connection: &mut super::Connection| -> Result<(), postgres::Error> {
            let insert = connection
                .prepared("INSERT INTO segment_terms (article_id, segment_id, hits_json) VALUES ($1, $2, $3)")?;
            let mut tx = connection.client.transaction()?;
            tx.execute("DELETE FROM segment_terms WHERE article_id = $1", &[&article_id])?;
            for (id, json) in &rows {
                tx.execute(&insert, &[&article_id, id, json])?;
            }
            tx.commit()
        };
        write(inner.connection()).map_err(|e| self.error(action(), e))
    }

    fn load_term_hits_here(&self, article_id: &str) -> Result<HashMap<String, Vec<Hit>>, StoreError> {
        let action = || crate::t!("store-action-load-terms", article = article_id.to_string());
        let rows = {
            let mut inner = self.lock();
            inner
                .connection()
                .query("SELECT segment_id, hits_json FROM segment_terms WHERE article_id = $1", &[&article_id])
                .map_err(|e| self.error(action(), e))?
        };
        let mut hits = HashMap::new();
        for row in rows {
            let parsed: Vec<Hit> =
                serde_json::from_str(row.get(1)).map_err(|e| self.corrupt(action(), e.to_string()))?;
            hits.insert(row.get(0), parsed);
        }
        Ok(hits)
    }

    fn article_records_here(&self) -> Result<Vec<ArticleRecord>, StoreError> {
        let mut inner = self.lock();
        let rows = inner
            .connection()
            .query(
                "SELECT a.id, a.headline, a.source_path, coalesce(e.event, ''), coalesce(e.detail, ''),
                        coalesce(e.time, a.updated)
                 FROM articles a LEFT JOIN run_events e
                   ON e.id = (SELECT max(id) FROM run_events WHERE article_id = a.id)
                 ORDER BY coalesce(e.time, a.updated) DESC, a.id",
                &[],
            )
            .map_err(|e| self.error(crate::t!("store-action-read-runs"), e))?;
        Ok(rows
            .iter()
            .map(|row| ArticleRecord {
                id: row.get(0),
                headline: row.get(1),
                source_path: row.get(2),
                event: row.get(3),
                detail: row.get(4),
                time: row.get(5),
            })
            .collect())
    }

    fn runs_here(&self, limit: usize) -> Result<Vec<RunRecord>, StoreError> {
        let mut inner = self.lock();
        let rows = inner
            .connection()
            .query(&format!("SELECT {RUN_COLUMNS} FROM runs ORDER BY id DESC LIMIT $1"), &[&to_i64(limit)])
            .map_err(|e| self.error(crate::t!("store-action-read-runs"), e))?;
        Ok(rows.iter().map(run_from_row).collect())
    }

    fn audit_here(&self, user: &str, action: &str, subject: &str, detail: &str) -> Result<(), StoreError> {
        let mut inner = self.lock();
        inner
            .connection()
            .execute(
                "INSERT INTO audit (time, \"user\", action, subject, detail) VALUES ($1, $2, $3, $4, $5)",
                &[&now(), &user, &action, &subject, &detail],
            )
            .map_err(|e| self.error(crate::t!("store-action-audit"), e))?;
        Ok(())
    }

    fn audit_log_here(&self, limit: usize) -> Result<Vec<AuditRecord>, StoreError> {
        let mut inner = self.lock();
        let rows = inner
            .connection()
            .query(
                "SELECT time, \"user\", action, subject, detail FROM audit ORDER BY id DESC LIMIT $1",
                &[&to_i64(limit)],
            )
            .map_err(|e| self.error(crate::t!("store-action-audit"), e))?;
        Ok(rows
            .iter()
            .map(|row| AuditRecord {
                time: row.get(0),
                user: row.get(1),
                action: row.get(2),
                subject: row.get(3),
                detail: row.get(4),
            })
            .collect())
    }

    fn segments_containing_here(&self, key: &str, limit: usize) -> Result<Vec<(String, String)>, StoreError> {
        let mut inner = self.lock();
        let rows = inner
            .connection()
            .query(
                "SELECT article_id, text FROM segments WHERE strpos(match_key, $1) > 0
                 ORDER BY article_id COLLATE \"C\", position LIMIT $2",
                &[&key, &to_i64(limit)],
            )
            .map_err(|e| self.error(crate::t!("store-action-load-segments", article = "*"), e))?;
        Ok(rows.iter().map(|row| (row.get(0), row.get(1))).collect())
    }

    fn enqueue_delivery_here(
        &self,
        channel: &str,
        article: &str,
        item_hash: &str,
        url: &str,
        body: &[u8],
        now_ms: i64,
    ) -> Result<bool, StoreError> {
        let mut inner = self.lock();
        let write = |client: &mut postgres::Client| -> Result<bool, postgres::Error> {
            let mut tx = client.transaction()?;
            let inserted = tx.execute(
                "INSERT INTO deliveries (channel, article_id, item_hash, url, body, created, status, next_at_ms)
                 VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7)
                 ON CONFLICT (channel, article_id, item_hash) DO NOTHING",
                &[&channel, &article, &item_hash, &url, &body, &now(), &now_ms],
            )? == 1;
            if inserted {
                tx.execute(
                    "UPDATE deliveries SET status = 'superseded', finished = $4
                     WHERE channel = $1 AND article_id = $2 AND item_hash <> $3 AND status = 'pending'",
                    &[&channel, &article, &item_hash, &now()],
                )?;
            }
            tx.commit()?;
            Ok(inserted)
        };
        write(inner.client()).map_err(|e| self.error(crate::t!("store-action-deliveries"), e))
    }

    fn due_deliveries_here(&self, now_ms: i64, limit: usize) -> Result<Vec<DueDelivery>, StoreError> {
        let mut inner = self.lock();
        let rows = inner
            .connection()
            .query(
                "SELECT id, channel, url, body, attempts FROM deliveries
                 WHERE status = 'pending' AND next_at_ms <= $1 ORDER BY next_at_ms, id LIMIT $2",
                &[&now_ms, &to_i64(limit)],
            )
            .map_err(|e| self.error(crate::t!("store-action-deliveries"), e))?;
        Ok(rows
            .iter()
            .map(|row| DueDelivery {
                id: row.get(0),
                channel: row.get(1),
                url: row.get(2),
                body: row.get(3),
                attempts: row.get::<_, i64>(4) as u32,
            })
            .collect())
    }

    fn next_delivery_at_here(&self) -> Result<Option<i64>, StoreError> {
        let mut inner = self.lock();
        let row = inner.connection().query_one("SELECT min(next_at_ms) FROM deliveries WHERE status = 'pending'", &[]);
        row.map(|row| row.get(0)).map_err(|e| self.error(crate::t!("store-action-deliveries"), e))
    }

    fn record_attempt_here(&self, id: i64, outcome: &AttemptOutcome) -> Result<(), StoreError> {
        let (status, http, error, next_at, finished) = match outcome {
            AttemptOutcome::Delivered { status } => ("delivered", Some(*status), "", 0, Some(now())),
            AttemptOutcome::Retry { status, error, next_at_ms } => {
                ("pending", *status, error.as_str(), *next_at_ms, None)
            }
            AttemptOutcome::Failed { status, error } => ("failed", *status, error.as_str(), 0, Some(now())),
        };
        let http = http.map(i64::from);
        let mut inner = self.lock();
        inner
            .connection()
            .execute(
                "UPDATE deliveries SET status = $2, attempts = attempts + 1, last_status = $3, last_error = $4,
                     next_at_ms = $5, finished = $6
                 WHERE id = $1 AND status = 'pending'",
                &[&id, &status, &http, &error, &next_at, &finished],
            )
            .map_err(|e| self.error(crate::t!("store-action-deliveries"), e))?;
        Ok(())
    }

    fn deliveries_here(&self, limit: usize) -> Result<Vec<DeliveryRecord>, StoreError> {
        let mut inner = self.lock();
        let rows = inner
            .connection()
            .query(
                "SELECT id, channel, article_id, url, created, status, attempts, last_status, last_error, finished
                 FROM deliveries ORDER BY id DESC LIMIT $1",
                &[&to_i64(limit)],
            )
            .map_err(|e| self.error(crate::t!("store-action-deliveries"), e))?;
        Ok(rows
            .iter()
            .map(|row| DeliveryRecord {
                id: row.get(0),
                channel: row.get(1),
                article: row.get(2),
                url: row.get(3),
                created: row.get(4),
                status: DeliveryStatus::parse(row.get(5)),
                attempts: row.get::<_, i64>(6) as u32,
                last_status: row.get::<_, Option<i64>>(7).map(|s| s as u16),
                last_error: row.get(8),
                finished: row.get(9),
            })
            .collect())
    }
}

/// Every method on a thread where the client may block (see [`off_runtime`]).
impl StoreBackend for PgStore {
    fn path(&self) -> &str {
        &self.shown
    }

    fn schema_version(&self) -> Result<i64, StoreError> {
        PgStore::schema_version(self)
    }

    fn lock_for_run(&self) -> Result<RunLock, StoreError> {
        // Workers share the database: each article is claimed under a lease instead (see `queue`).
        Ok(RunLock::shared())
    }

    fn work_queue(&self) -> Option<&dyn WorkQueue> {
        Some(self)
    }

    fn engine_quota(&self) -> Option<&dyn EngineQuota> {
        Some(self)
    }

    fn save_article(
        &self,
        article: &Article,
        source_path: &str,
        content_hash: &str,
        segments: &[Segment],
    ) -> Result<(), StoreError> {
        off_runtime(|| self.save_article_here(article, source_path, content_hash, segments))
    }

    fn article_source(&self, id: &str) -> Result<Option<String>, StoreError> {
        off_runtime(|| self.article_source_here(id))
    }

    fn article_hash(&self, id: &str) -> Result<Option<String>, StoreError> {
        off_runtime(|| self.article_hash_here(id))
    }

    fn load_article(&self, id: &str) -> Result<Option<Article>, StoreError> {
        off_runtime(|| self.load_article_here(id))
    }

    fn load_segments(&self, article_id: &str) -> Result<Vec<Segment>, StoreError> {
        off_runtime(|| self.load_segments_here(article_id))
    }

    fn start_run(&self, config_hash: &str) -> Result<i64, StoreError> {
        off_runtime(|| self.start_run_here(config_hash))
    }

    fn record_event(&self, run: i64, article_id: &str, event: &str, detail: &str) -> Result<(), StoreError> {
        off_runtime(|| self.record_event_here(run, article_id, event, detail))
    }

    fn finish_run(&self, run: i64, status: &str, summary_json: &str) -> Result<(), StoreError> {
        off_runtime(|| self.finish_run_here(run, status, summary_json))
    }

    fn last_run(&self) -> Result<Option<RunRecord>, StoreError> {
        off_runtime(|| self.last_run_here())
    }

    fn run(&self, run: i64) -> Result<Option<RunRecord>, StoreError> {
        off_runtime(|| self.run_here(run))
    }

    fn interrupted_runs(&self) -> Result<Vec<RunRecord>, StoreError> {
        off_runtime(|| self.interrupted_runs_here())
    }

    fn events(&self, run: i64) -> Result<Vec<RunEvent>, StoreError> {
        off_runtime(|| self.events_here(run))
    }

    fn save_target(&self, article_id: &str, target_lang: &str, translation: &Translation) -> Result<(), StoreError> {
        off_runtime(|| self.save_target_here(article_id, target_lang, translation))
    }

    fn load_targets(&self, article_id: &str, target_lang: &str) -> Result<HashMap<String, Translation>, StoreError> {
        off_runtime(|| self.load_targets_here(article_id, target_lang))
    }

    fn save_term_hits(&self, article_id: &str, hits: &HashMap<String, Vec<Hit>>) -> Result<(), StoreError> {
        off_runtime(|| self.save_term_hits_here(article_id, hits))
    }

    fn load_term_hits(&self, article_id: &str) -> Result<HashMap<String, Vec<Hit>>, StoreError> {
        off_runtime(|| self.load_term_hits_here(article_id))
    }

    fn article_records(&self) -> Result<Vec<ArticleRecord>, StoreError> {
        off_runtime(|| self.article_records_here())
    }

    fn runs(&self, limit: usize) -> Result<Vec<RunRecord>, StoreError> {
        off_runtime(|| self.runs_here(limit))
    }

    fn audit(&self, user: &str, action: &str, subject: &str, detail: &str) -> Result<(), StoreError> {
        off_runtime(|| self.audit_here(user, action, subject, detail))
    }

    fn audit_log(&self, limit: usize) -> Result<Vec<AuditRecord>, StoreError> {
        off_runtime(|| self.audit_log_here(limit))
    }

    fn segments_containing(&self, key: &str, limit: usize) -> Result<Vec<(String, String)>, StoreError> {
        off_runtime(|| self.segments_containing_here(key, limit))
    }

    fn enqueue_delivery(
        &self,
        channel: &str,
        article: &str,
        item_hash: &str,
        url: &str,
        body: &[u8],
        now_ms: i64,
    ) -> Result<bool, StoreError> {
        off_runtime(|| self.enqueue_delivery_here(channel, article, item_hash, url, body, now_ms))
    }

    fn due_deliveries(&self, now_ms: i64, limit: usize) -> Result<Vec<DueDelivery>, StoreError> {
        off_runtime(|| self.due_deliveries_here(now_ms, limit))
    }

    fn next_delivery_at(&self) -> Result<Option<i64>, StoreError> {
        off_runtime(|| self.next_delivery_at_here())
    }

    fn record_attempt(&self, id: i64, outcome: &AttemptOutcome) -> Result<(), StoreError> {
        off_runtime(|| self.record_attempt_here(id, outcome))
    }

    fn deliveries(&self, limit: usize) -> Result<Vec<DeliveryRecord>, StoreError> {
        off_runtime(|| self.deliveries_here(limit))
    }
}
