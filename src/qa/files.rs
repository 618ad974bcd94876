//! The checks over existing outputs: XLIFF 2.x and 1.2 files (translator packages, the translators channel) and
//! TMX files (the translators channel's memory of each article), source against target in every unit that has
//! a target.

use std::path::{Path, PathBuf};

use super::checks::{check_unit, Context, Unit};
use super::gate::ArticleQa;
use super::QaSettings;
use crate::formats::{tmx, xliff2};
use crate::glossary::{Glossary, Matcher};
use crate::t;

/// Extensions of the files `dich qa` checks.
pub const EXTENSIONS: &[&str] = &["xlf", "xliff", "tmx"];

/// XLIFF and TMX files under `paths` (directories searched recursively), sorted per argument.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let found = crate::paths::files_under(path, EXTENSIONS)
                .map_err(|e| t!("qa-file-unreadable", path = path.display().to_string(), detail = e.to_string()))?;
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Checks one XLIFF (2.x or 1.2) or TMX file: one [`ArticleQa`] per article (an XLIFF `<file>`, the TMX units
/// of one article), units without a target skipped. Glossary hits come from `matcher`, on each unit's source.
pub fn check_file(
    path: &Path,
    settings: &QaSettings,
    glossary: &Glossary,
    matcher: Option<&Matcher>,
) -> Result<Vec<ArticleQa>, String> {
    let shown = path.display().to_string();
    let xml = std::fs::read_to_string(path)
        .map_err(|e| t!("qa-file-unreadable", path = shown.clone(), detail = e.to_string()))?;
    let invalid = |e: crate::formats::FormatError| t!("qa-file-invalid", path = shown.clone(), detail = e.to_string());
    let is_tmx = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("tmx"));
    let articles = if is_tmx {
        tmx_articles(&tmx::read(&xml).map_err(invalid)?, &shown)
    } else {
        xliff_articles(&crate::formats::read_xliff(&xml).map_err(invalid)?)
    };
    Ok(articles
        .into_iter()
        .map(|article| {
            let context = Context::new(glossary, &article.language);
            let mut problems = Vec::new();
            for (id, source, target) in &article.units {
                let Some(target) = target else { continue };
                let hits = matcher.map(|m| m.find(source)).unwrap_or_default();
                let unit = Unit { id, source, target, hits: &hits, lang: &article.language };
                problems.extend(check_unit(&unit, &context, settings));
            }
            ArticleQa {
                article: article.id,
                headline: shown.clone(),
                language: article.language,
                segments: article.units.len(),
                problems,
            }
        })
        .collect())
}

/// One article's units as a file holds them: (unit id, source, target).
struct FileArticle {
    id: String,
    language: String,
    units: Vec<(String, String, Option<String>)>,
}

fn xliff_articles(doc: &xliff2::Document) -> Vec<FileArticle> {
    let language = doc.trg_lang.clone().unwrap_or_else(|| "en".to_string());
    doc.files
        .iter()
        .map(|file| FileArticle {
            id: file.id.clone(),
            language: language.clone(),
            units: file
                .units
                .iter()
                .map(|u| {
                    let target = u.target.as_ref().map(|t| t.plain_text()).filter(|t| !t.trim().is_empty());
                    (u.id.clone(), u.source.plain_text(), target)
                })
                .collect(),
        })
        .collect()
}

/// TMX units grouped by the article they belong to (dich's `x-dich-article` property; the file otherwise),
/// the target being the first variant in another language than the header's source.
fn tmx_articles(doc: &tmx::Document, shown: &str) -> Vec<FileArticle> {
    let source_lang = &doc.header.srclang;
    let mut articles: Vec<FileArticle> = Vec::new();
    for (index, tu) in doc.units.iter().enumerate() {
        let article = tu.props.iter().find(|(k, _)| k == "x-dich-article").map_or(shown, |(_, v)| v.as_str());
        let Some(source) = tu.variants.iter().find(|v| crate::lang::same_language(&v.lang, source_lang)) else {
            continue;
        };
        let target = tu.variants.iter().find(|v| !crate::lang::same_language(&v.lang, source_lang));
        let language = target.map_or_else(|| "en".to_string(), |t| t.lang.clone());
        let id = tu.tuid.clone().unwrap_or_else(|| (index + 1).to_string());
        let unit = (id, source.seg.clone(), target.map(|t| t.seg.clone()));
        match articles.iter_mut().find(|a| a.id == article && a.language == language) {
            Some(found) => found.units.push(unit),
            None => articles.push(FileArticle { id: article.to_string(), language, units: vec![unit] }),
        }
    }
    articles
}
