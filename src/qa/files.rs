//! The checks over existing outputs: XLIFF 2 files (translator packages, the translators channel), source
//! against target in every unit that has a target.

use std::path::{Path, PathBuf};

use super::checks::{check_unit, Context, Unit};
use super::gate::ArticleQa;
use super::QaSettings;
use crate::formats::xliff2;
use crate::glossary::{Glossary, Matcher};
use crate::t;

/// XLIFF files under `paths` (directories searched recursively for `.xlf`/`.xliff`), sorted per argument.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let found = crate::paths::files_under(path, &["xlf", "xliff"])
                .map_err(|e| t!("qa-file-unreadable", path = path.display().to_string(), detail = e.to_string()))?;
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Checks one XLIFF 2 file: one [`ArticleQa`] per `<file>` element (the article), units without a target
/// skipped. Glossary hits come from `glossary`, matched on each unit's source.
pub fn check_file(
    path: &Path,
    settings: &QaSettings,
    glossary: &Glossary,
    matcher: Option<&Matcher>,
) -> Result<Vec<ArticleQa>, String> {
    let shown = path.display().to_string();
    let xml = std::fs::read_to_string(path)
        .map_err(|e| t!("qa-file-unreadable", path = shown.clone(), detail = e.to_string()))?;
    let doc = xliff2::read(&xml).map_err(|e| t!("qa-file-invalid", path = shown.clone(), detail = e.to_string()))?;
    let lang = doc.trg_lang.clone().unwrap_or_else(|| "en".to_string());
    let context = Context::new(glossary, &lang);
    let mut out = Vec::new();
    for file in &doc.files {
        let mut problems = Vec::new();
        for unit in &file.units {
            let Some(target) = &unit.target else { continue };
            let (source, target) = (unit.source.plain_text(), target.plain_text());
            let hits = matcher.map(|m| m.find(&source)).unwrap_or_default();
            let checked = Unit { id: &unit.id, source: &source, target: &target, hits: &hits, lang: &lang };
            problems.extend(check_unit(&checked, &context, settings));
        }
        out.push(ArticleQa {
            article: file.id.clone(),
            headline: shown.clone(),
            language: lang.clone(),
            segments: file.units.len(),
            problems,
        });
    }
    Ok(out)
}
