//! The store's tables and their migrations.
//!
//! `PRAGMA application_id` marks a file as a dich store; `PRAGMA user_version` is the number of migrations
//! applied. Migrations only ever append: a released migration is never edited, a change is a new one.

use rusqlite::{Connection, ErrorCode};

use super::StoreError;

/// "dich" in ASCII, written into the SQLite header of every dich store.
pub const APPLICATION_ID: i64 = 0x6469_6368;

/// Migration `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: articles, segments, run journal, segment targets, translation memory with a trigram index.
    r#"
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
        position    INTEGER NOT NULL,
        segment_id  TEXT NOT NULL,
        kind        TEXT NOT NULL,
        block       INTEGER NOT NULL,
        sentence    INTEGER NOT NULL,
        text        TEXT NOT NULL,
        match_key   TEXT NOT NULL,
        PRIMARY KEY (article_id, position)
    );
    CREATE INDEX segments_by_id ON segments (article_id, segment_id);
    CREATE INDEX segments_by_key ON segments (match_key);

    CREATE TABLE runs (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        started       TEXT NOT NULL,
        finished      TEXT,
        status        TEXT NOT NULL,
        config_hash   TEXT NOT NULL,
        summary_json  TEXT
    );

    CREATE TABLE run_events (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        article_id  TEXT NOT NULL,
        event       TEXT NOT NULL,
        detail      TEXT NOT NULL,
        time        TEXT NOT NULL
    );
    CREATE INDEX run_events_by_run ON run_events (run_id, id);

    -- No foreign key to articles: a target is kept even while its article is being re-saved.
    CREATE TABLE segment_targets (
        article_id   TEXT NOT NULL,
        segment_id   TEXT NOT NULL,
        target_lang  TEXT NOT NULL COLLATE NOCASE,
        text         TEXT NOT NULL,
        origin_json  TEXT NOT NULL,
        time         TEXT NOT NULL,
        PRIMARY KEY (article_id, segment_id, target_lang)
    );

    CREATE TABLE tm (
        id           INTEGER PRIMARY KEY,
        source_lang  TEXT NOT NULL COLLATE NOCASE,
        target_lang  TEXT NOT NULL COLLATE NOCASE,
        match_key    TEXT NOT NULL,
        -- The matching key with numbers and placeholders masked: what fuzzy scores compare.
        fuzzy_key    TEXT NOT NULL,
        fuzzy_chars  INTEGER NOT NULL,
        -- The masked key without diacritics: what the trigram index holds.
        search_key   TEXT NOT NULL,
        source       TEXT NOT NULL,
        target       TEXT NOT NULL,
        state        TEXT NOT NULL,
        state_rank   INTEGER NOT NULL,
        provenance   TEXT NOT NULL,
        created      TEXT NOT NULL,
        updated      TEXT NOT NULL,
        UNIQUE (source_lang, target_lang, match_key)
    );
    CREATE INDEX tm_by_length ON tm (source_lang, target_lang, fuzzy_chars);

    -- Fuzzy candidates: trigrams of the diacritic-free masked key, so that a candidate differing only in
    -- diacritics shares all its trigrams with the query (remove_diacritics covers what the key left composed).
    CREATE VIRTUAL TABLE tm_fuzzy USING fts5(
        search_key, content='tm', content_rowid='id', tokenize='trigram remove_diacritics 1'
    );
    CREATE TRIGGER tm_fuzzy_insert AFTER INSERT ON tm BEGIN
        INSERT INTO tm_fuzzy (rowid, search_key) VALUES (new.id, new.search_key);
    END;
    CREATE TRIGGER tm_fuzzy_delete AFTER DELETE ON tm BEGIN
        INSERT INTO tm_fuzzy (tm_fuzzy, rowid, search_key) VALUES ('delete', old.id, old.search_key);
    END;
    CREATE TRIGGER tm_fuzzy_update AFTER UPDATE OF search_key ON tm BEGIN
        INSERT INTO tm_fuzzy (tm_fuzzy, rowid, search_key) VALUES ('delete', old.id, old.search_key);
        INSERT INTO tm_fuzzy (rowid, search_key) VALUES (new.id, new.search_key);
    END;
    "#,
    // 2: glossary hits per segment, as found by the last run that saw the article.
    r#"
    CREATE TABLE segment_terms (
        article_id  TEXT NOT NULL,
        segment_id  TEXT NOT NULL,
        hits_json   TEXT NOT NULL,
        PRIMARY KEY (article_id, segment_id)
    );
    "#,
    r#"
    -- Who did what through `dich serve`: every write a person makes (a segment saved or approved, an article
    -- published or added, a run started).
    CREATE TABLE audit (
        id       INTEGER PRIMARY KEY AUTOINCREMENT,
        time     TEXT NOT NULL,
        user     TEXT NOT NULL,
        action   TEXT NOT NULL,
        subject  TEXT NOT NULL,
        detail   TEXT NOT NULL
    );
    CREATE INDEX run_events_by_article ON run_events (article_id, id);
    "#,
    r#"
    -- Webhook deliveries of `dich serve`: one row per version of a channel's ninjs item, with the exact body
    -- sent (and signed), so a restart resends what was due and a changed item supersedes an undelivered one.
    CREATE TABLE deliveries (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        channel      TEXT NOT NULL,
        article_id   TEXT NOT NULL,
        item_hash    TEXT NOT NULL,
        url          TEXT NOT NULL,
        body         BLOB NOT NULL,
        created      TEXT NOT NULL,
        status       TEXT NOT NULL,
        attempts     INTEGER NOT NULL DEFAULT 0,
        next_at_ms   INTEGER NOT NULL,
        last_status  INTEGER,
        last_error   TEXT NOT NULL DEFAULT '',
        finished     TEXT,
        UNIQUE (channel, article_id, item_hash)
    );
    CREATE INDEX deliveries_due ON deliveries (status, next_at_ms);
    "#,
    // 5: fuzzy candidates come from trigram postings each process holds in memory (store::candidates), as in the
    // PostgreSQL store: the FTS5 trigram table is no longer read, and keeping it up doubled the cost of a put.
    r#"
    DROP TRIGGER IF EXISTS tm_fuzzy_insert;
    DROP TRIGGER IF EXISTS tm_fuzzy_delete;
    DROP TRIGGER IF EXISTS tm_fuzzy_update;
    DROP TABLE IF EXISTS tm_fuzzy;
    "#,
];

/// The schema version this dich writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

pub(crate) fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Fails unless the file is empty, a new database, or a dich store.
pub(crate) fn check_header(conn: &Connection, path: &str) -> Result<(), StoreError> {
    let not_a_store = |detail: String| StoreError::NotADichStore { path: path.to_string(), detail };
    let read = || -> rusqlite::Result<(i64, i64, i64)> {
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0))?;
        let app_id: i64 = conn.pragma_query_value(None, "application_id", |row| row.get(0))?;
        Ok((tables, app_id, user_version(conn)?))
    };
    let (tables, app_id, version) = match read() {
        Ok(header) => header,
        Err(rusqlite::Error::SqliteFailure(e, msg)) if e.code == ErrorCode::NotADatabase => {
            return Err(not_a_store(msg.unwrap_or_else(|| e.to_string())));
        }
        Err(e) => return Err(StoreError::Open { path: path.to_string(), detail: e.to_string() }),
    };
    let fresh = tables == 0 && app_id == 0 && version == 0;
    if !fresh && app_id != APPLICATION_ID {
        return Err(not_a_store(format!("application_id {app_id:#x}")));
    }
    if version > LATEST_VERSION {
        return Err(StoreError::NewerSchema { path: path.to_string(), found: version, supported: LATEST_VERSION });
    }
    Ok(())
}

/// Copies a store older than this dich to `<store>.schema-<version>.bak` before it is migrated (SQLite's
/// `VACUUM INTO`: a consistent copy even while another process reads it), so a newer dich never leaves a
/// newsroom without a store its older dich can open. An existing copy of that version is kept.
pub(crate) fn back_up_before_migrating(conn: &Connection, path: &str) -> Result<Option<String>, StoreError> {
    let version = user_version(conn).map_err(|e| StoreError::sqlite(path, crate::t!("store-action-open"), e))?;
    if version == 0 || version >= LATEST_VERSION {
        return Ok(None);
    }
    let backup = format!("{path}.schema-{version}.bak");
    if !std::path::Path::new(&backup).exists() {
        conn.execute("VACUUM INTO ?1", [&backup]).map_err(|e| StoreError::Migration {
            path: path.to_string(),
            version: version + 1,
            detail: crate::t!("store-backup-failed", backup = backup.clone(), detail = e.to_string()),
        })?;
    }
    tracing::info!(
        "{}",
        crate::t!("store-migrating", path = path, from = version, to = LATEST_VERSION, backup = backup.clone())
    );
    Ok(Some(backup))
}

/// Applies every migration the store lacks, each in its own transaction together with its version bump.
///
/// The version is read again inside each write transaction, so two processes opening a new store at the same
/// time do not both run a migration.
pub(crate) fn migrate(conn: &Connection, path: &str) -> Result<(), StoreError> {
    loop {
        let mut applied = None;
        let mut step = || -> rusqlite::Result<()> {
            conn.execute_batch("BEGIN IMMEDIATE")?;
            let mut body = || -> rusqlite::Result<()> {
                let current = user_version(conn)?;
                if let Some(sql) = usize::try_from(current).ok().and_then(|i| MIGRATIONS.get(i)) {
                    applied = Some(current + 1);
                    conn.execute_batch(sql)?;
                    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
                    conn.pragma_update(None, "user_version", current + 1)?;
                }
                Ok(())
            };
            match body() {
                Ok(()) => conn.execute_batch("COMMIT"),
                Err(e) => {
                    let _ = conn.execute_batch("ROLLBACK");
                    Err(e)
                }
            }
        };
        step().map_err(|e| StoreError::Migration {
            path: path.to_string(),
            version: applied.unwrap_or(LATEST_VERSION),
            detail: e.to_string(),
        })?;
        if applied.is_none() {
            return Ok(());
        }
    }
}
