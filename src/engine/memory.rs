//! The translation-memory engine: exact and fuzzy matches from the store.
