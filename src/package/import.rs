//! `dich import`: translators' XLIFF (2.x or 1.2, from any CAT tool) back into the memory, all or nothing.
//!
//! Every file is read and checked against the store before anything is written: its languages must be the
//! configured source and one of the targets (compared as BCP 47: `en-US` is the `en` target), the article must
//! be known, every unit id must be one of its segments, the unit's source must still be the segment's text and
//! its target must keep the source's placeholders. Any such problem in any file means nothing is imported.
//!
//! What a unit's state says decides what the memory learns: reviewed and final (1.2: `approved="yes"`, `final`,
//! `signed-off`) → approved; translated → translated; initial, no state, no target, or a unit the tool split
//! and translated only in part → not imported, counted as skipped with the reason. Targets come in as one line
//! (a CAT tool's re-wrapping and indentation, control characters taken out).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::clock::Clock;
use crate::formats::xliff2::State;
use crate::store::{StoreBackend, TmEntry, TmPutOutcome, TmState};
use crate::t;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportReport {
    pub files: usize,
    pub units: usize,
    /// Units whose target went into the memory as approved.
    pub approved: usize,
    /// Units whose target went into the memory as translated (not yet approved: publishes only where a channel
    /// allows it).
    pub translated: usize,
    /// Units whose target the memory already held in a higher state (an approved version stays).
    pub kept_existing: usize,
    /// Units not imported, with the reason.
    pub skipped: Vec<Skipped>,
}

/// A unit left out of the memory, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    pub path: PathBuf,
    pub unit: String,
    pub reason: SkipReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    NoTarget,
    /// State initial (or none): the translator has not confirmed it.
    NotTranslated,
    /// The tool split the unit and `left` of its segments have no target.
    PartlyTranslated {
        left: usize,
    },
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (path, unit) = (self.path.display().to_string(), self.unit.clone());
        let text = match self.reason {
            SkipReason::NoTarget => t!("import-skipped-no-target", path = path, unit = unit),
            SkipReason::NotTranslated => t!("import-skipped-initial", path = path, unit = unit),
            SkipReason::PartlyTranslated { left } => t!("import-skipped-partly", path = path, unit = unit, left = left),
        };
        f.write_str(&text)
    }
}

/// The languages an import accepts: the configured source and targets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Languages {
    pub source: String,
    pub targets: Vec<String>,
}

/// How to read what translators return.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// What the configuration translates; without it, any pair of two different languages is taken, under the
    /// tags' canonical form.
    pub languages: Option<Languages>,
    /// For tools that never record a state (OmegaT 3.x leaves every `state` as it found it): a target that
    /// differs from its source counts as at least this state.
    pub targets_as: Option<TmState>,
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
    #[error("{}", t!("import-error-languages", path = path.display().to_string(), source_tag = source_tag.clone(), target_tag = target_tag.clone(), source = expected_source.clone(), targets = expected_targets.join(", ")))]
    Languages {
        path: PathBuf,
        source_tag: String,
        target_tag: String,
        expected_source: String,
        expected_targets: Vec<String>,
    },
    #[error("{}", t!("import-error-same-language", path = path.display().to_string(), source_tag = source_tag.clone(), target_tag = target_tag.clone()))]
    SameLanguage { path: PathBuf, source_tag: String, target_tag: String },
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

/// Checks every file, then imports every confirmed target in one transaction.
pub fn import_files(
    store: &dyn StoreBackend,
    paths: &[PathBuf],
    options: &ImportOptions,
    clock: &dyn Clock,
) -> Result<ImportReport, Vec<ImportError>> {
    let mut errors = Vec::new();
    let mut entries = Vec::new();
    let mut report = ImportReport::default();
    let now = clock.now_rfc3339();
    for path in paths {
        match check_file(store, path, options, &now) {
            Ok(checked) => {
                report.files += 1;
                report.units += checked.units;
                report.skipped.extend(checked.skipped);
                entries.extend(checked.entries);
            }
            Err(file_errors) => errors.extend(file_errors),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let outcomes = store.tm_put_all(&entries).map_err(|e| vec![ImportError::Store { detail: e.to_string() }])?;
    for (entry, outcome) in entries.iter().zip(outcomes) {
        match (outcome, entry.state) {
            (TmPutOutcome::KeptExisting, _) => report.kept_existing += 1,
            (_, TmState::Approved) => report.approved += 1,
            _ => report.translated += 1,
        }
    }
    Ok(report)
}

/// What one file brings.
struct Checked {
    entries: Vec<TmEntry>,
    units: usize,
    skipped: Vec<Skipped>,
}

/// The memory's (source, target) languages for a file's tags: the configured ones they fall in.
fn pair_of(
    path: &Path,
    source_tag: &str,
    target_tag: &str,
    languages: Option<&Languages>,
) -> Result<(String, String), ImportError> {
    let same = || ImportError::SameLanguage {
        path: path.to_path_buf(),
        source_tag: source_tag.to_string(),
        target_tag: target_tag.to_string(),
    };
    if crate::lang::same_language(source_tag, target_tag) {
        return Err(same());
    }
    let refused = |languages: &Languages| ImportError::Languages {
        path: path.to_path_buf(),
        source_tag: source_tag.to_string(),
        target_tag: target_tag.to_string(),
        expected_source: languages.source.clone(),
        expected_targets: languages.targets.clone(),
    };
    match languages {
        Some(languages) => {
            let source = crate::lang::match_configured(source_tag, std::slice::from_ref(&languages.source));
            let target = crate::lang::match_configured(target_tag, &languages.targets);
            match (source, target) {
                (Some(source), Some(target)) => Ok((source.to_string(), target.to_string())),
                _ => Err(refused(languages)),
            }
        }
        None => match (crate::lang::canonical(source_tag), crate::lang::canonical(target_tag)) {
            (Some(source), Some(target)) => Ok((source, target)),
            _ => Err(refused(&Languages { source: String::new(), targets: vec![] })),
        },
    }
}

fn check_file(
    store: &dyn StoreBackend,
    path: &Path,
    options: &ImportOptions,
    now: &str,
) -> Result<Checked, Vec<ImportError>> {
    let xml = std::fs::read_to_string(path)
        .map_err(|e| vec![ImportError::Read { path: path.to_path_buf(), detail: e.to_string() }])?;
    let doc = crate::formats::read_xliff(&xml)
        .map_err(|e| vec![ImportError::Parse { path: path.to_path_buf(), detail: e.to_string() }])?;
    let target_tag =
        doc.trg_lang.clone().ok_or_else(|| vec![ImportError::NoTargetLanguage { path: path.to_path_buf() }])?;
    let (source_lang, target_lang) =
        pair_of(path, &doc.src_lang, &target_tag, options.languages.as_ref()).map_err(|e| vec![e])?;
    let provenance = format!("xliff:{}", path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default());
    let mut errors = Vec::new();
    let mut checked = Checked { entries: Vec::new(), units: 0, skipped: Vec::new() };
    for file in &doc.files {
        let segments = store.load_segments(&file.id).unwrap_or_default();
        if segments.is_empty() {
            errors.push(ImportError::UnknownArticle { path: path.to_path_buf(), article: file.id.clone() });
            continue;
        }
        let by_id: HashMap<&str, &crate::text::Segment> = segments.iter().map(|s| (s.id.as_str(), s)).collect();
        for unit in &file.units {
            checked.units += 1;
            let Some(segment) = by_id.get(unit.id.as_str()) else {
                errors.push(ImportError::UnknownUnit {
                    path: path.to_path_buf(),
                    article: file.id.clone(),
                    unit: unit.id.clone(),
                });
                continue;
            };
            let found = unit.source.plain_text();
            if crate::text::one_line(&found) != crate::text::one_line(&segment.text) {
                errors.push(ImportError::SourceChanged {
                    path: path.to_path_buf(),
                    unit: unit.id.clone(),
                    expected: segment.text.clone(),
                    found,
                });
                continue;
            }
            let skip = |reason| Skipped { path: path.to_path_buf(), unit: unit.id.clone(), reason };
            let target = unit.target.as_ref().map(|t| crate::text::one_line(&t.plain_text())).unwrap_or_default();
            // What the editor says of a file whose tool keeps no states: only for targets the translator changed.
            let changed = target != crate::text::one_line(&found);
            let told = match options.targets_as {
                Some(TmState::Approved) if changed => State::Final,
                Some(TmState::Translated) if changed => State::Translated,
                _ => State::Initial,
            };
            let state = match unit.state.max(told) {
                _ if unit.untranslated_segments > 0 => {
                    checked.skipped.push(skip(SkipReason::PartlyTranslated { left: unit.untranslated_segments }));
                    continue;
                }
                _ if target.is_empty() => {
                    checked.skipped.push(skip(SkipReason::NoTarget));
                    continue;
                }
                State::Initial => {
                    checked.skipped.push(skip(SkipReason::NotTranslated));
                    continue;
                }
                State::Translated => TmState::Translated,
                State::Reviewed | State::Final => TmState::Approved,
            };
            let mut source_ids = unit.source.placeholder_ids();
            let mut target_ids = unit.target.as_ref().map(|t| t.placeholder_ids()).unwrap_or_default();
            source_ids.sort();
            target_ids.sort();
            if source_ids != target_ids {
                errors.push(ImportError::Placeholders { path: path.to_path_buf(), unit: unit.id.clone() });
                continue;
            }
            checked.entries.push(TmEntry {
                source_lang: source_lang.clone(),
                target_lang: target_lang.clone(),
                source: segment.text.clone(),
                target,
                state,
                provenance: provenance.clone(),
                created: now.to_string(),
                updated: now.to_string(),
            });
        }
    }
    if errors.is_empty() {
        Ok(checked)
    } else {
        Err(errors)
    }
}
