//! dich: a translation-publishing pipeline for Vietnamese news.
//!
//! Articles flow through typed stages; each stage only reads what earlier stages put on the data:
//!
//! ```text
//! files ─ingest─▶ Article ─segment─▶ Segments ─memory/engines─▶ targets ─▶ outputs + translator packages
//! ```
//!
//! # Layout
//! - [`article`]: ingest of scraped text, Markdown, HTML and ninjs into an [`article::Article`].
//! - [`text`]: Vietnamese normalization, the matching key, sentence segmentation, stable segment ids.
//! - [`config`]: `pipeline.toml`, parsed in two phases (raw serde structs, then validated settings).
//! - [`store`]: the embedded SQLite store: articles, segments, run journal, translation memory.
//! - [`engine`]: the [`engine::Engine`] trait and the engines (translation memory first).
//! - [`glossary`]: term bases and the matcher.
//! - [`formats`]: XLIFF 2.1 and TMX 1.4b readers and writers, with no pipeline dependency.
//! - [`memory`]: the translation memory to and from TMX.
//! - [`package`]: translator packages (XLIFF) and their import.
//! - [`channel`]: channel writers: captions, scripts, HTML, Markdown, ninjs, XLIFF, TMX.
//! - [`localize`]: house style per language and channel: dates, numbers, names, codes; value readers.
//! - [`clock`]: the clock, injected.
//! - [`lang`]: language tags compared as BCP 47 (what CAT tools write against what the configuration names).
//! - [`pipeline`]: runs the stages for a batch of articles, writes outputs and the run summary.
//! - [`i18n`]: Fluent messages (English and Vietnamese) for everything a user reads.
//! - [`serve`]: `dich serve`, the newsroom's desk in the browser (axum): review, publishing, feeds, JSON API.
//! - [`cli`]: the command-line interface used by the `dich` binary.

pub mod article;
pub mod channel;
pub mod cli;
pub mod clock;
pub mod config;
pub mod engine;
pub mod formats;
pub mod glossary;
pub mod i18n;
pub mod lang;
pub mod localize;
pub mod memory;
pub mod package;
pub mod paths;
pub mod pipeline;
pub mod qa;
pub mod serve;
pub mod store;
#[cfg(test)]
mod test_texts;
pub mod text;
