//! Errors of the store: each names the store file and what failed.

/// A failure of the store. Every variant names the store file (`:memory:` for an in-memory store).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file (or its directory) could not be created or opened.
    #[error("{}", crate::t!("store-error-open", path = path.clone(), detail = detail.clone()))]
    Open { path: String, detail: String },
    /// The file exists but is not a dich store (another SQLite database, or not a database at all).
    #[error("{}", crate::t!("store-error-not-a-store", path = path.clone(), detail = detail.clone()))]
    NotADichStore { path: String, detail: String },
    /// The store was written by a newer dich whose schema this version does not know.
    #[error("{}", crate::t!("store-error-newer-schema", path = path.clone(), found = *found, supported = *supported))]
    NewerSchema { path: String, found: i64, supported: i64 },
    /// Bringing the schema to `version` failed; the store is left at the version before.
    #[error("{}", crate::t!("store-error-migration", path = path.clone(), version = *version, detail = detail.clone()))]
    Migration { path: String, version: i64, detail: String },
    /// A statement failed; `action` says what the store was doing, in the user's language.
    #[error("{}", crate::t!("store-error-sqlite", path = path.clone(), action = action.clone(), detail = detail.clone()))]
    Sqlite { path: String, action: String, detail: String },
    /// Stored data could not be read back (a row written by a broken tool, or by hand).
    #[error("{}", crate::t!("store-error-corrupt", path = path.clone(), what = what.clone(), detail = detail.clone()))]
    Corrupt { path: String, what: String, detail: String },
    /// A translation-memory entry with an empty language, source or target; nothing of its batch was written.
    #[error("{}", crate::t!("store-error-empty-field", path = path.clone(), field = *field, source_text = source_text.clone()))]
    EmptyField { path: String, field: &'static str, source_text: String },
    /// `finish_run` or `record_event` for a run id the store does not hold.
    #[error("{}", crate::t!("store-error-unknown-run", path = path.clone(), run = *run))]
    UnknownRun { path: String, run: i64 },
    /// Another run holds the store's run lock; `holder` is what it wrote there ("pid started").
    #[error("{}", crate::t!("store-error-busy", path = path.clone(), holder = holder.clone()))]
    Busy { path: String, holder: String },
}

impl StoreError {
    pub(crate) fn sqlite(path: &str, action: String, err: rusqlite::Error) -> StoreError {
        StoreError::Sqlite { path: path.to_string(), action, detail: err.to_string() }
    }

    /// The store file this error is about.
    pub fn path(&self) -> &str {
        match self {
            StoreError::Open { path, .. }
            | StoreError::NotADichStore { path, .. }
            | StoreError::NewerSchema { path, .. }
            | StoreError::Migration { path, .. }
            | StoreError::Sqlite { path, .. }
            | StoreError::Corrupt { path, .. }
            | StoreError::EmptyField { path, .. }
            | StoreError::UnknownRun { path, .. }
            | StoreError::Busy { path, .. } => path,
        }
    }
}
