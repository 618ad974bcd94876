//! Translation-memory exchange: the store's memory to and from TMX 1.4b.
//!
//! dich keeps each entry's state and provenance in TMX `<prop>`s (`x-dich-state`, `x-dich-provenance`) so an
//! export imported again is the same memory. TMX from other tools has no such props: its entries take the state
//! the user names (approved by default: a TMX handed over is a reviewed memory).

use std::path::{Path, PathBuf};

use crate::formats::tmx;
use crate::store::{MemoryStore, TmEntry, TmPutOutcome, TmState};
use crate::t;

pub const PROP_STATE: &str = "x-dich-state";
pub const PROP_PROVENANCE: &str = "x-dich-provenance";

#[derive(Debug, thiserror::Error)]
pub enum TmxError {
    #[error("{}", t!("memory-tmx-read", path = path.display().to_string(), detail = detail.clone()))]
    Read { path: PathBuf, detail: String },
    /// A unit that is well-formed but wrong (unknown state, no source variant): `unit` counts from 1, `line` is
    /// where its `<tu>` starts.
    #[error("{}", t!("memory-tmx-unit", path = path.display().to_string(), unit = *unit as i64, line = *line as i64, detail = detail.clone()))]
    Unit { path: PathBuf, unit: usize, line: usize, detail: String },
    /// A unit the reader could not read (see [`tmx::StreamItem::Skipped`]); the detail names its line.
    #[error("{}", t!("memory-tmx-unreadable", path = path.display().to_string(), detail = detail.clone()))]
    Unreadable { path: PathBuf, detail: String },
    #[error("{0}")]
    Store(#[from] crate::store::StoreError),
}

/// The TMX document of `entries` (one `<tu>` each), in a stable order.
pub fn to_tmx(entries: &[TmEntry], source_lang: &str) -> tmx::Document {
    let mut sorted: Vec<&TmEntry> = entries.iter().collect();
    sorted
        .sort_by(|a, b| (&a.source_lang, &a.target_lang, &a.source).cmp(&(&b.source_lang, &b.target_lang, &b.source)));
    tmx::Document {
        header: tmx::Header::dich(source_lang),
        units: sorted
            .into_iter()
            .map(|e| tmx::Tu {
                tuid: None,
                creationdate: tmx::date_from_rfc3339(&e.created),
                changedate: tmx::date_from_rfc3339(&e.updated),
                props: vec![
                    (PROP_STATE.to_string(), e.state.as_str().to_string()),
                    (PROP_PROVENANCE.to_string(), e.provenance.clone()),
                ],
                notes: vec![],
                variants: vec![
                    tmx::Tuv { lang: e.source_lang.clone(), seg: e.source.clone(), ..Default::default() },
                    tmx::Tuv { lang: e.target_lang.clone(), seg: e.target.clone(), ..Default::default() },
                ],
            })
            .collect(),
    }
}

/// Reads a TMX file into memory entries: one per target variant of each `<tu>` that has a source variant.
/// `default_state` applies where the unit carries no `x-dich-state`. The first bad unit is an error.
pub fn read_tmx(path: &Path, default_state: TmState, now: &str) -> Result<Vec<TmEntry>, TmxError> {
    let mut units = TmxUnits::open(path, default_state, now)?;
    let mut entries = Vec::new();
    while let Some(unit) = units.next_unit() {
        entries.extend(unit?);
    }
    Ok(entries)
}

/// The units of a TMX file as memory entries, read one at a time (bounded memory for any file size).
pub struct TmxUnits {
    path: PathBuf,
    stream: tmx::UnitStream<std::io::BufReader<std::fs::File>>,
    source_lang: String,
    default_state: TmState,
    now: String,
    /// Provenance of units without `x-dich-provenance`.
    provenance: String,
    /// Units read so far, bad ones included.
    index: usize,
}

impl TmxUnits {
    /// Opens `path` and reads its header.
    pub fn open(path: &Path, default_state: TmState, now: &str) -> Result<TmxUnits, TmxError> {
        let read_err = |detail: String| TmxError::Read { path: path.to_path_buf(), detail };
        let file = std::fs::File::open(path).map_err(|e| read_err(e.to_string()))?;
        let stream =
            tmx::stream(std::io::BufReader::with_capacity(1 << 16, file)).map_err(|e| read_err(e.to_string()))?;
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Ok(TmxUnits {
            path: path.to_path_buf(),
            source_lang: stream.header().srclang.clone(),
            stream,
            default_state,
            now: now.to_string(),
            provenance: format!("tmx:{file_name}"),
            index: 0,
        })
    }

    /// Bytes of the file read so far.
    pub fn position(&self) -> u64 {
        self.stream.position()
    }

    /// The entries of the next unit; `None` at the end of the file. A bad unit is an error of its own
    /// ([`TmxError::Unit`] or [`TmxError::Unreadable`]) and reading can go on after it; after a
    /// [`TmxError::Read`] (the XML itself is broken) there is nothing more.
    pub fn next_unit(&mut self) -> Option<Result<Vec<TmEntry>, TmxError>> {
        let item = self.stream.next()?;
        self.index += 1;
        Some(match item {
            Ok(tmx::StreamItem::Unit { tu, line }) => self.entries(&tu, line),
            Ok(tmx::StreamItem::Skipped(e)) => {
                Err(TmxError::Unreadable { path: self.path.clone(), detail: e.to_string() })
            }
            Err(e) => Err(TmxError::Read { path: self.path.clone(), detail: e.to_string() }),
        })
    }

    fn entries(&self, tu: &tmx::Tu, line: usize) -> Result<Vec<TmEntry>, TmxError> {
        let unit_err = |detail: String| TmxError::Unit { path: self.path.clone(), unit: self.index, line, detail };
        let prop = |name: &str| tu.props.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let state = match prop(PROP_STATE) {
            Some(value) => TmState::parse(&value).ok_or_else(|| unit_err(t!("memory-tmx-bad-state", state = value)))?,
            None => self.default_state,
        };
        let provenance = prop(PROP_PROVENANCE).unwrap_or_else(|| self.provenance.clone());
        let source_lang = &self.source_lang;
        let same_lang = |a: &str, b: &str| {
            a.eq_ignore_ascii_case(b) || a.to_ascii_lowercase().starts_with(&format!("{}-", b.to_ascii_lowercase()))
        };
        let Some(source) = tu.variants.iter().find(|v| same_lang(&v.lang, source_lang)) else {
            return Err(unit_err(t!("memory-tmx-no-source", lang = source_lang.clone())));
        };
        let created = tu.creationdate.as_deref().and_then(tmx::date_to_rfc3339).unwrap_or_else(|| self.now.to_string());
        let updated = tu.changedate.as_deref().and_then(tmx::date_to_rfc3339).unwrap_or_else(|| created.clone());
        let mut entries = Vec::new();
        for variant in tu.variants.iter().filter(|v| !same_lang(&v.lang, source_lang)) {
            if primary_subtag(&variant.lang).is_empty() {
                return Err(unit_err(t!("memory-tmx-no-lang")));
            }
            // The store refuses a source without letters or digits: such a unit has nothing to match.
            if variant.seg.trim().is_empty() || crate::text::key::match_key(&source.seg).is_empty() {
                continue;
            }
            entries.push(TmEntry {
                source_lang: primary_subtag(&source.lang),
                target_lang: primary_subtag(&variant.lang),
                source: crate::text::normalize(source.seg.trim()),
                target: crate::text::normalize(variant.seg.trim()),
                state,
                provenance: provenance.clone(),
                created: created.clone(),
                updated: updated.clone(),
            });
        }
        Ok(entries)
    }
}

/// Entries written per transaction by [`import_tmx`]: large enough that commits do not dominate, small enough
/// that an interrupted import loses little and memory stays flat.
pub const IMPORT_BATCH: usize = 5_000;

/// Skipped units kept with their errors by [`import_tmx`]; the rest are only counted.
pub const SKIPPED_KEPT: usize = 100;

/// What [`import_tmx`] did.
#[derive(Debug, Default)]
pub struct TmxImport {
    /// Units read, skipped ones included.
    pub units: usize,
    pub inserted: usize,
    pub updated: usize,
    /// Entries dropped because the memory holds the same source in a higher state.
    pub kept: usize,
    /// The first [`SKIPPED_KEPT`] skipped units, each naming its line.
    pub skipped: Vec<TmxError>,
    pub skipped_count: usize,
    /// Why the import stopped before the end of the file (the XML is broken there); what came before is in the
    /// memory, and importing the file again once it is fixed adds no duplicates.
    pub stopped: Option<TmxError>,
}

impl TmxImport {
    /// Entries written (inserted or updated).
    pub fn written(&self) -> usize {
        self.inserted + self.updated
    }
}

/// Streams a TMX file into the memory, [`IMPORT_BATCH`] entries per transaction: memory stays flat whatever
/// the number of units. A bad unit is skipped and reported by line; the rest is imported. Entries are keyed by
/// languages and matching key, so importing a file again (after an interruption, say) adds no duplicates.
/// `progress` is called now and then with the bytes of the file read so far.
pub fn import_tmx(
    store: &dyn MemoryStore,
    path: &Path,
    default_state: TmState,
    now: &str,
    progress: &mut dyn FnMut(u64),
) -> Result<TmxImport, TmxError> {
    let mut units = TmxUnits::open(path, default_state, now)?;
    let mut report = TmxImport::default();
    let mut batch = Vec::with_capacity(IMPORT_BATCH);
    let write = |batch: &mut Vec<TmEntry>, report: &mut TmxImport| -> Result<(), TmxError> {
        for outcome in store.tm_put_all(batch)? {
            match outcome {
                TmPutOutcome::Inserted => report.inserted += 1,
                TmPutOutcome::Updated => report.updated += 1,
                TmPutOutcome::KeptExisting => report.kept += 1,
            }
        }
        batch.clear();
        Ok(())
    };
    while let Some(unit) = units.next_unit() {
        report.units += 1;
        match unit {
            Ok(entries) => batch.extend(entries),
            Err(error @ TmxError::Read { .. }) => {
                report.units -= 1;
                report.stopped = Some(error);
                break;
            }
            Err(error) => {
                report.skipped_count += 1;
                if report.skipped.len() < SKIPPED_KEPT {
                    report.skipped.push(error);
                }
            }
        }
        if batch.len() >= IMPORT_BATCH {
            write(&mut batch, &mut report)?;
            progress(units.position());
        }
    }
    write(&mut batch, &mut report)?;
    progress(units.position());
    Ok(report)
}

/// "vi-VN" → "vi", "EN" → "en": the pipeline's languages are primary subtags.
fn primary_subtag(tag: &str) -> String {
    tag.split(['-', '_']).next().unwrap_or(tag).to_ascii_lowercase()
}
