//! Articles and their segments.

use rusqlite::{params, OptionalExtension};

use super::{now, Store, StoreError};
use crate::article::{Article, BlockKind};
use crate::text::key::match_key;
use crate::text::Segment;

impl Store {
    /// Saves `article` and its `segments` in one transaction, replacing the segments saved before for the same
    /// article id. `content_hash` is the hash of the source file, compared by [`Store::article_hash`] to skip
    /// unchanged articles.
    pub fn save_article(
        &self,
        article: &Article,
        source_path: &str,
        content_hash: &str,
        segments: &[Segment],
    ) -> Result<(), StoreError> {
        let action = || crate::t!("store-action-save-article", article = article.id.clone());
        let json = serde_json::to_string(article).map_err(|e| StoreError::Corrupt {
            path: self.path.clone(),
            what: action(),
            detail: e.to_string(),
        })?;
        let mut inner = self.lock();
        let write = |tx: &rusqlite::Transaction<'_>| -> rusqlite::Result<()> {
            let time = now();
            tx.execute(
                "INSERT INTO articles (id, source_path, content_hash, headline, article_json, created, updated)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
                 ON CONFLICT (id) DO UPDATE SET source_path = excluded.source_path,
                     content_hash = excluded.content_hash, headline = excluded.headline,
                     article_json = excluded.article_json, updated = excluded.updated",
                params![article.id, source_path, content_hash, article.headline, json, time],
            )?;
            tx.execute("DELETE FROM segments WHERE article_id = ?1", params![article.id])?;
            let mut insert = tx.prepare(
                "INSERT INTO segments (article_id, position, segment_id, kind, block, sentence, text, match_key)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for (position, segment) in segments.iter().enumerate() {
                insert.execute(params![
                    article.id,
                    position as i64,
                    segment.id,
                    segment.kind.as_str(),
                    segment.block as i64,
                    segment.index as i64,
                    segment.text,
                    match_key(&segment.text),
                ])?;
            }
            Ok(())
        };
        let tx = inner.conn.transaction().map_err(|e| self.error(action(), e))?;
        write(&tx).map_err(|e| self.error(action(), e))?;
        tx.commit().map_err(|e| self.error(action(), e))
    }

    /// The source path the article was last saved from, or `None` for an article never saved.
    pub fn article_source(&self, id: &str) -> Result<Option<String>, StoreError> {
        let inner = self.lock();
        inner
            .conn
            .query_row("SELECT source_path FROM articles WHERE id = ?1", params![id], |row| row.get(0))
            .optional()
            .map_err(|e| self.error(crate::t!("store-action-load-article", article = id), e))
    }

    /// The content hash saved with the article, or `None` for an article never saved.
    pub fn article_hash(&self, id: &str) -> Result<Option<String>, StoreError> {
        let inner = self.lock();
        inner
            .conn
            .query_row("SELECT content_hash FROM articles WHERE id = ?1", params![id], |row| row.get(0))
            .optional()
            .map_err(|e| self.error(crate::t!("store-action-load-article", article = id), e))
    }

    /// The article as last saved, or `None` for an article never saved.
    pub fn load_article(&self, id: &str) -> Result<Option<Article>, StoreError> {
        let action = || crate::t!("store-action-load-article", article = id);
        let json: Option<String> = {
            let inner = self.lock();
            inner
                .conn
                .query_row("SELECT article_json FROM articles WHERE id = ?1", params![id], |row| row.get(0))
                .optional()
                .map_err(|e| self.error(action(), e))?
        };
        json.map(|json| {
            serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
                path: self.path.clone(),
                what: action(),
                detail: e.to_string(),
            })
        })
        .transpose()
    }

    /// The segments of the article in reading order (empty for an article never saved).
    pub fn load_segments(&self, article_id: &str) -> Result<Vec<Segment>, StoreError> {
        let action = || crate::t!("store-action-load-segments", article = article_id);
        let rows: Vec<(String, String, i64, i64, String)> = {
            let inner = self.lock();
            let read = || -> rusqlite::Result<Vec<_>> {
                let mut stmt = inner.conn.prepare(
                    "SELECT segment_id, kind, block, sentence, text FROM segments
                     WHERE article_id = ?1 ORDER BY position",
                )?;
                let rows = stmt
                    .query_map(params![article_id], |row| {
                        Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?))
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                Ok(rows)
            };
            read().map_err(|e| self.error(action(), e))?
        };
        rows.into_iter()
            .map(|(id, kind, block, index, text)| {
                let kind: BlockKind = serde_json::from_value(serde_json::Value::String(kind)).map_err(|e| {
                    StoreError::Corrupt { path: self.path.clone(), what: action(), detail: e.to_string() }
                })?;
                Ok(Segment { id, kind, block: block as usize, index: index as usize, text })
            })
            .collect()
    }
}
