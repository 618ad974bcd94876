//! Glossary hits per segment: which official titles, bodies, places and codes a segment contains, kept with the
//! segment as part of its provenance.

use std::collections::HashMap;

use rusqlite::params;

use super::{Store, StoreError};
use crate::glossary::Hit;

impl Store {
    /// Replaces the stored hits of every segment of `article_id` in one transaction.
    pub fn save_term_hits(&self, article_id: &str, hits: &HashMap<String, Vec<Hit>>) -> Result<(), StoreError> {
        let action = || crate::t!("store-action-save-terms", article = article_id.to_string());
        let mut inner = self.lock();
        let tx = inner.conn.transaction().map_err(|e| self.error(action(), e))?;
        let write = |tx: &rusqlite::Transaction<'_>| -> rusqlite::Result<()> {
            tx.execute("DELETE FROM segment_terms WHERE article_id = ?1", params![article_id])?;
            let mut insert =
                tx.prepare("INSERT INTO segment_terms (article_id, segment_id, hits_json) VALUES (?1, ?2, ?3)")?;
            let mut ids: Vec<&String> = hits.keys().collect();
            ids.sort();
            for id in ids {
                let json = serde_json::to_string(&hits[id]).expect("hits serialize");
                insert.execute(params![article_id, id, json])?;
            }
            Ok(())
        };
        write(&tx).map_err(|e| self.error(action(), e))?;
        tx.commit().map_err(|e| self.error(action(), e))
    }

    /// The stored hits of `article_id`, by segment id.
    pub fn load_term_hits(&self, article_id: &str) -> Result<HashMap<String, Vec<Hit>>, StoreError> {
        let action = || crate::t!("store-action-load-terms", article = article_id.to_string());
        let inner = self.lock();
        let read = || -> rusqlite::Result<Vec<(String, String)>> {
            let mut stmt =
                inner.conn.prepare("SELECT segment_id, hits_json FROM segment_terms WHERE article_id = ?1")?;
            let rows = stmt.query_map(params![article_id], |row| Ok((row.get(0)?, row.get(1)?)))?;
            rows.collect()
        };
        let rows = read().map_err(|e| self.error(action(), e))?;
        let mut hits = HashMap::new();
        for (segment, json) in rows {
            let parsed: Vec<Hit> = serde_json::from_str(&json).map_err(|e| StoreError::Corrupt {
                path: self.path.clone(),
                what: action(),
                detail: e.to_string(),
            })?;
            hits.insert(segment, parsed);
        }
        Ok(hits)
    }
}
