//! Translation-memory exchange: the store's memory to and from TMX 1.4b.
//!
//! dich keeps each entry's state and provenance in TMX `<prop>`s (`x-dich-state`, `x-dich-provenance`) so an
//! export imported again is the same memory. TMX from other tools has no such props: its entries take the state
//! the user names (approved by default: a TMX handed over is a reviewed memory).

use std::path::{Path, PathBuf};

use crate::formats::tmx;
use crate::store::{TmEntry, TmState};
use crate::t;

pub const PROP_STATE: &str = "x-dich-state";
pub const PROP_PROVENANCE: &str = "x-dich-provenance";

#[derive(Debug, thiserror::Error)]
pub enum TmxError {
    #[error("{}", t!("memory-tmx-read", path = path.display().to_string(), detail = detail.clone()))]
    Read { path: PathBuf, detail: String },
    #[error("{}", t!("memory-tmx-unit", path = path.display().to_string(), unit = *unit as i64, detail = detail.clone()))]
    Unit { path: PathBuf, unit: usize, detail: String },
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
/// `default_state` applies where the unit carries no `x-dich-state`.
pub fn read_tmx(path: &Path, default_state: TmState, now: &str) -> Result<Vec<TmEntry>, TmxError> {
    let read_err = |detail: String| TmxError::Read { path: path.to_path_buf(), detail };
    let xml = std::fs::read(path).map_err(|e| read_err(e.to_string()))?;
    let xml = String::from_utf8(xml).map_err(|e| read_err(e.to_string()))?;
    let doc = tmx::read(&xml).map_err(|e| read_err(e.to_string()))?;
    let source_lang = doc.header.srclang.clone();
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut entries = Vec::new();
    for (index, tu) in doc.units.iter().enumerate() {
        let prop = |name: &str| tu.props.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let state = match prop(PROP_STATE) {
            Some(value) => TmState::parse(&value).ok_or_else(|| TmxError::Unit {
                path: path.to_path_buf(),
                unit: index + 1,
                detail: t!("memory-tmx-bad-state", state = value),
            })?,
            None => default_state,
        };
        let provenance = prop(PROP_PROVENANCE).unwrap_or_else(|| format!("tmx:{file_name}"));
        let same_lang = |a: &str, b: &str| {
            a.eq_ignore_ascii_case(b) || a.to_ascii_lowercase().starts_with(&format!("{}-", b.to_ascii_lowercase()))
        };
        let Some(source) = tu.variants.iter().find(|v| same_lang(&v.lang, &source_lang)) else {
            return Err(TmxError::Unit {
                path: path.to_path_buf(),
                unit: index + 1,
                detail: t!("memory-tmx-no-source", lang = source_lang.clone()),
            });
        };
        let created = tu.creationdate.as_deref().and_then(tmx::date_to_rfc3339).unwrap_or_else(|| now.to_string());
        let updated = tu.changedate.as_deref().and_then(tmx::date_to_rfc3339).unwrap_or_else(|| created.clone());
        for variant in tu.variants.iter().filter(|v| !same_lang(&v.lang, &source_lang)) {
            if variant.seg.trim().is_empty() || source.seg.trim().is_empty() {
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
    }
    Ok(entries)
}

/// "vi-VN" → "vi", "EN" → "en": the pipeline's languages are primary subtags.
fn primary_subtag(tag: &str) -> String {
    tag.split(['-', '_']).next().unwrap_or(tag).to_ascii_lowercase()
}
