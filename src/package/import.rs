//! `dich import`: reviewed XLIFF back into the memory as approved, all or nothing.
//!
//! Every file is read and checked against the store before anything is written: the article must be known, every
//! unit id must be one of its segments, the unit's source must still be the segment's text and its target must
//! keep the source's placeholders. Any problem in any file means nothing is imported.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::clock::Clock;
use crate::formats::xliff2;
use crate::store::{MemoryStore, Store, TmEntry, TmState};
use crate::t;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub files: usize,
    pub units: usize,
    /// Units whose target went into the memory as approved.
    pub imported: usize,
    /// Units with no target yet (left for later).
    pub without_target: usize,
}

/// One reason an import was refused; names the file and the unit.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportError {
    #[error("{}", t!("import-error-read", path = path.display().to_string(), detail = detail.clone()))]
    Read { path: PathBuf, detail: String },
    #[error("{}", t!("import-error-parse", path = path.display().to_string(), detail = detail.clone()))]
    Parse { path: PathBuf, detail: String },
    #[error("{}", t!("import-error-no-target-language", path = path.display().to_string()))]
    NoTargetLanguage { path: PathBuf },
    #[error("{}", t!("import-error-unknown-article", path = path.display().to_string(), article = article.clone()))]
    UnknownArticle { path: PathBuf, article: String },
    #[error("{}", t!("import-error-unknown-unit", path = path.display().to_string(), unit = unit.clone(), article = article.clone()))]
    UnknownUnit { path: PathBuf, article: String, unit: String },
    #[error("{}", t!("import-error-source-changed", path = path.display().to_string(), unit = unit.clone(), expected = expected.clone(), found = found.clone()))]
    SourceChanged { path: PathBuf, unit: String, expected: String, found: String },
    #[error("{}", t!("import-error-placeholders", path = path.display().to_string(), unit = unit.clone()))]
    Placeholders { path: PathBuf, unit: String },
    #[error("{}", t!("import-error-store", detail = detail.clone()))]
    Store { detail: String },
}

/// Whitespace runs collapsed, NFC: the comparison CAT tools' re-wrapping must not break.
fn comparable(text: &str) -> String {
    crate::text::normalize(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks every file, then imports every target as approved in one transaction.
pub fn import_files(store: &Store, paths: &[PathBuf], clock: &dyn Clock) -> Result<ImportReport, Vec<ImportError>> {
    let mut errors = Vec::new();
    let mut entries = Vec::new();
    let mut report = ImportReport::default();
    let now = clock.now_rfc3339();
    for path in paths {
        match check_file(store, path, &now) {
            Ok((file_entries, units, without_target)) => {
                report.files += 1;
                report.units += units;
                report.without_target += without_target;
                entries.extend(file_entries);
            }
            Err(file_errors) => errors.extend(file_errors),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    store.tm_put_all(&entries).map_err(|e| vec![ImportError::Store { detail: e.to_string() }])?;
    report.imported = entries.len();
    Ok(report)
}

fn check_file(store: &Store, path: &Path, now: &str) -> Result<(Vec<TmEntry>, usize, usize), Vec<ImportError>> {
    let xml = std::fs::read_to_string(path)
        .map_err(|e| vec![ImportError::Read { path: path.to_path_buf(), detail: e.to_string() }])?;
    let doc =
        xliff2::read(&xml).map_err(|e| vec![ImportError::Parse { path: path.to_path_buf(), detail: e.to_string() }])?;
    let target_lang =
        doc.trg_lang.clone().ok_or_else(|| vec![ImportError::NoTargetLanguage { path: path.to_path_buf() }])?;
    let provenance = format!("xliff:{}", path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default());
    let mut errors = Vec::new();
    let mut entries = Vec::new();
    let (mut units, mut without_target) = (0, 0);
    for file in &doc.files {
        let segments = store.load_segments(&file.id).unwrap_or_default();
        if segments.is_empty() {
            errors.push(ImportError::UnknownArticle { path: path.to_path_buf(), article: file.id.clone() });
            continue;
        }
        let by_id: HashMap<&str, &crate::text::Segment> = segments.iter().map(|s| (s.id.as_str(), s)).collect();
        for unit in &file.units {
            units += 1;
            let Some(segment) = by_id.get(unit.id.as_str()) else {
                errors.push(ImportError::UnknownUnit {
                    path: path.to_path_buf(),
                    article: file.id.clone(),
                    unit: unit.id.clone(),
                });
                continue;
            };
            let found = unit.source.plain_text();
            if comparable(&found) != comparable(&segment.text) {
                errors.push(ImportError::SourceChanged {
                    path: path.to_path_buf(),
                    unit: unit.id.clone(),
                    expected: segment.text.clone(),
                    found,
                });
                continue;
            }
            let Some(target) = unit.target.as_ref().filter(|t| !t.plain_text().trim().is_empty()) else {
                without_target += 1;
                continue;
            };
            let mut source_ids = unit.source.placeholder_ids();
            let mut target_ids = target.placeholder_ids();
            source_ids.sort();
            target_ids.sort();
            if source_ids != target_ids {
                errors.push(ImportError::Placeholders { path: path.to_path_buf(), unit: unit.id.clone() });
                continue;
            }
            entries.push(TmEntry {
                source_lang: doc.src_lang.clone(),
                target_lang: target_lang.clone(),
                source: segment.text.clone(),
                target: crate::text::normalize(target.plain_text().trim()),
                state: TmState::Approved,
                provenance: provenance.clone(),
                created: now.to_string(),
                updated: now.to_string(),
            });
        }
    }
    if errors.is_empty() {
        Ok((entries, units, without_target))
    } else {
        Err(errors)
    }
}
