//! The PostgreSQL store's tables and their migrations.
//!
//! `dich_schema` holds one row: the application mark ("dich") and the number of migrations applied. Migrations
//! only ever append, as the SQLite ones do; the missing ones run in one transaction with their version bumps,
//! under an advisory lock so that workers starting together on a new database do not both run them.
//!
//! The tables are those of the SQLite store (src/store/schema.rs) in PostgreSQL's types; language codes that
//! SQLite compares without case (`COLLATE NOCASE`) are compared by `lower()` here, through expression indexes.

use postgres::Client;

use crate::store::StoreError;

/// The mark in `dich_schema.application`.
const APPLICATION: &str = "dich";
/// Key of the advisory lock held while migrating.
const MIGRATION_LOCK: i64 = 0x6469_6368_0001;

/// Migration `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: everything the SQLite store has at its version 4, and the shared batches of workers.
    r#"
    CREATE EXTENSION IF NOT EXISTS pg_trgm;

    CREATE TABLE articles (
        id            TEXT PRIMARY KEY,
        source_path   TEXT NOT NULL,
        content_hash  TEXT NOT NULL,
        headline      TEXT NOT NULL,
        article_json  TEXT NOT NULL,
        created       TEXT NOT NULL,
        updated       TEXT NOT NULL
    );

    CREATE TABLE segments (
        article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position    BIGINT NOT NULL,
        segment_id  TEXT NOT NULL,
        kind        TEXT NOT NULL,
        block       BIGINT NOT NULL,
        sentence    BIGINT NOT NULL,
        text        TEXT NOT NULL,
        match_key   TEXT NOT NULL,
        PRIMARY KEY (article_id, position)
    );
    CREATE INDEX segments_by_id ON segments (article_id, segment_id);
    CREATE INDEX segments_by_key ON segments USING gin (match_key gin_trgm_ops);

    -- A run is alive while its worker's heartbeat keeps `alive_until` ahead of the clock (the database's).
    CREATE TABLE runs (
        id            BIGSERIAL PRIMARY KEY,
        started       TEXT NOT NULL,
        finished      TEXT,
        status        TEXT NOT NULL,
        config_hash   TEXT NOT NULL,
        summary_json  TEXT,
        worker        TEXT NOT NULL,
        alive_until   TIMESTAMPTZ NOT NULL
    );

    CREATE TABLE run_events (
        id          BIGSERIAL PRIMARY KEY,
        run_id      BIGINT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        article_id  TEXT NOT NULL,
        event       TEXT NOT NULL,
        detail      TEXT NOT NULL,
        time        TEXT NOT NULL
    );
    CREATE INDEX run_events_by_run ON run_events (run_id, id);
    CREATE INDEX run_events_by_article ON run_events (article_id, id);

    CREATE TABLE segment_targets (
        article_id   TEXT NOT NULL,
        segment_id   TEXT NOT NULL,
        target_lang  TEXT NOT NULL,
        text         TEXT NOT NULL,
        origin_json  TEXT NOT NULL,
        time         TEXT NOT NULL
    );
    CREATE UNIQUE INDEX segment_targets_key ON segment_targets (article_id, segment_id, lower(target_lang));

    CREATE TABLE tm (
        id           BIGSERIAL PRIMARY KEY,
        source_lang  TEXT NOT NULL,
        target_lang  TEXT NOT NULL,
        match_key    TEXT NOT NULL,
        fuzzy_key    TEXT NOT NULL,
        fuzzy_chars  BIGINT NOT NULL,
        search_key   TEXT NOT NULL,
        source       TEXT NOT NULL,
        target       TEXT NOT NULL,
        state        TEXT NOT NULL,
        state_rank   BIGINT NOT NULL,
        provenance   TEXT NOT NULL,
        created      TEXT NOT NULL,
        updated      TEXT NOT NULL
    );
    CREATE UNIQUE INDEX tm_key ON tm (lower(source_lang), lower(target_lang), match_key);
    CREATE INDEX tm_by_length ON tm (lower(source_lang), lower(target_lang), fuzzy_chars);
    -- Fuzzy candidates: trigrams of the diacritic-free masked key (see store::fuzzy::search_key).
    CREATE INDEX tm_trigrams ON tm USING gin (search_key gin_trgm_ops);

    CREATE TABLE segment_terms (
        article_id  TEXT NOT NULL,
        segment_id  TEXT NOT NULL,
        hits_json   TEXT NOT NULL,
        PRIMARY KEY (article_id, segment_id)
    );

    CREATE TABLE audit (
        id        BIGSERIAL PRIMARY KEY,
        time      TEXT NOT NULL,
        "user"    TEXT NOT NULL,
        action    TEXT NOT NULL,
        subject   TEXT NOT NULL,
        detail    TEXT NOT NULL
    );

    CREATE TABLE deliveries (
        id           BIGSERIAL PRIMARY KEY,
        channel      TEXT NOT NULL,
        article_id   TEXT NOT NULL,
        item_hash    TEXT NOT NULL,
        url          TEXT NOT NULL,
        body         BYTEA NOT NULL,
        created      TEXT NOT NULL,
        status       TEXT NOT NULL,
        attempts     BIGINT NOT NULL DEFAULT 0,
        next_at_ms   BIGINT NOT NULL,
        last_status  BIGINT,
        last_error   TEXT NOT NULL DEFAULT '',
        finished     TEXT,
        UNIQUE (channel, article_id, item_hash)
    );
    CREATE INDEX deliveries_due ON deliveries (status, next_at_ms);

    -- The shared batches: one row per input of a batch; a worker holds an item while `lease_until` is ahead of
    -- the database's clock.
    CREATE TABLE work_items (
        batch        TEXT NOT NULL,
        key          TEXT NOT NULL,
        state        TEXT NOT NULL DEFAULT 'waiting',
        worker       TEXT,
        lease_until  TIMESTAMPTZ,
        claims       BIGINT NOT NULL DEFAULT 0,
        outcome      TEXT,
        finished     TEXT,
        PRIMARY KEY (batch, key)
    );
    CREATE INDEX work_items_open ON work_items (batch, state, key);
    CREATE INDEX work_items_by_worker ON work_items (worker) WHERE state = 'leased';
    "#,
    // 2: an engine's quota shared by every worker: a token bucket per engine, and the requests in flight.
    r#"
    CREATE TABLE engine_quota (
        engine      TEXT PRIMARY KEY,
        tokens      DOUBLE PRECISION NOT NULL,
        refilled    TIMESTAMPTZ NOT NULL
    );
    CREATE TABLE engine_in_flight (
        id           BIGSERIAL PRIMARY KEY,
        engine       TEXT NOT NULL,
        worker       TEXT NOT NULL,
        lease_until  TIMESTAMPTZ NOT NULL
    );
    CREATE INDEX engine_in_flight_by_engine ON engine_in_flight (engine, lease_until);
    "#,
    // 3: fuzzy candidates chosen in each worker from trigram postings it holds in memory (store::candidates),
    // not by pg_trgm's similarity over every row of the length window. A worker catches up on the rows other
    // workers committed by the id of the transaction that inserted them: ids alone do not tell, as
    // transactions commit out of id order. (The id as text to bigint: a 64-bit transaction id, never wrapping.)
    r#"
    ALTER TABLE tm ADD COLUMN written BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text::bigint);
    CREATE INDEX tm_by_written ON tm (written);
    DROP INDEX tm_trigrams;
    "#,
];

/// The schema version this dich writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// The version recorded in `dich_schema`, 0 for a database without it.
pub(super) fn version(client: &mut Client) -> Result<i64, postgres::Error> {
    let exists: bool = client.query_one("SELECT to_regclass('dich_schema') IS NOT NULL", &[])?.get(0);
    if !exists {
        return Ok(0);
    }
    Ok(client.query_opt("SELECT version FROM dich_schema", &[])?.map(|row| row.get(0)).unwrap_or(0))
}

/// Fails unless the database is empty or a dich store, then applies every migration it lacks.
pub(super) fn migrate(client: &mut Client, shown: &str) -> Result<(), StoreError> {
    let failed = |version: i64| {
        move |e: postgres::Error| StoreError::Migration {
            path: shown.to_string(),
            version,
            detail: super::describe(&e),
        }
    };
    let mut tx = client.transaction().map_err(failed(1))?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).map_err(failed(1))?;
    let has_schema: bool =
        tx.query_one("SELECT to_regclass('dich_schema') IS NOT NULL", &[]).map_err(failed(1))?.get(0);
    let current: i64 = if has_schema {
        let row = tx.query_opt("SELECT application, version FROM dich_schema", &[]).map_err(failed(1))?;
        match row {
            Some(row) if row.get::<_, String>(0) == APPLICATION => row.get(1),
            _ => return Err(StoreError::NotADichStore { path: shown.to_string(), detail: "dich_schema".to_string() }),
        }
    } else {
        let tables: i64 = tx
            .query_one("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()", &[])
            .map_err(failed(1))?
            .get(0);
        if tables > 0 {
            return Err(StoreError::NotADichStore {
                path: shown.to_string(),
                detail: crate::t!("store-pg-other-tables", tables = tables),
            });
        }
        tx.batch_execute("CREATE TABLE dich_schema (application TEXT NOT NULL, version BIGINT NOT NULL)")
            .map_err(failed(1))?;
        tx.execute("INSERT INTO dich_schema VALUES ($1, 0)", &[&APPLICATION]).map_err(failed(1))?;
        0
    };
    if current > LATEST_VERSION {
        return Err(StoreError::NewerSchema { path: shown.to_string(), found: current, supported: LATEST_VERSION });
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = index as i64 + 1;
        tx.batch_execute(sql).map_err(failed(version))?;
        tx.execute("UPDATE dich_schema SET version = $1", &[&version]).map_err(failed(version))?;
    }
    tx.commit().map_err(failed(LATEST_VERSION))?;
    Ok(())
}
