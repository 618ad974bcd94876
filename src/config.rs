//! pipeline.toml
