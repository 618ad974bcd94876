//! The pipeline's gate: after an article is completely translated into a language, every check runs over its
//! segments; an error-level problem holds the article back (its translator package carries the problems as
//! notes), warnings are only reported.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;

use super::checks::{check_unit, Context, Unit};
use super::{Problem, QaSettings};
use crate::article::Article;
use crate::channel::{join_inside, publish, write_if_changed};
use crate::config::Settings;
use crate::engine::{Suggestion, Translation};
use crate::formats::xliff2::{self, Note};
use crate::glossary::{Glossary, Hit};
use crate::t;
use crate::text::Segment;

/// Category of the XLIFF notes that carry QA problems.
pub const NOTE_QA: &str = "dich-qa";

/// The QA result of one article in one target language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleQa {
    pub article: String,
    pub headline: String,
    pub language: String,
    pub segments: usize,
    pub problems: Vec<Problem>,
}

impl ArticleQa {
    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.problems.len() - self.errors()
    }

    /// Why the article is held back (first error-level problem: its check and segment, and how many more), or
    /// `None` when nothing holds it back.
    pub fn held_reason(&self) -> Option<String> {
        let first = self.problems.iter().find(|p| p.is_error())?;
        Some(t!(
            "qa-held",
            language = self.language.clone(),
            check = first.check.clone(),
            segment = first.segment.clone(),
            detail = first.message.clone(),
            more = self.errors() - 1
        ))
    }
}

/// Runs every check over the translated segments of `article` in `target`. Segments without a translation are
/// skipped (the pipeline calls this for complete articles only).
pub fn check_article(
    settings: &QaSettings,
    glossary: &Glossary,
    article: &Article,
    segments: &[Segment],
    target: &str,
    translations: &HashMap<String, Translation>,
    hits: &HashMap<String, Vec<Hit>>,
) -> ArticleQa {
    let context = Context::new(glossary, target);
    let mut problems = Vec::new();
    for segment in segments {
        let Some(translation) = translations.get(&segment.id) else { continue };
        let unit = Unit {
            id: &segment.id,
            source: &segment.text,
            target: &translation.text,
            hits: hits.get(&segment.id).map(Vec::as_slice).unwrap_or_default(),
            lang: target,
        };
        problems.extend(check_unit(&unit, &context, settings));
    }
    ArticleQa {
        article: article.id.clone(),
        headline: article.headline.clone(),
        language: target.to_string(),
        segments: segments.len(),
        problems,
    }
}

/// Writes the translator package of an article held back by QA: the usual package, each unit with a problem
/// carrying it as a note (category [`NOTE_QA`], priority 1 for errors).
#[allow(clippy::too_many_arguments)]
pub fn write_held_package(
    settings: &Settings,
    article: &Article,
    segments: &[Segment],
    target: &str,
    translations: &HashMap<String, Translation>,
    suggestions: &HashMap<String, Vec<Suggestion>>,
    hits: &HashMap<String, Vec<Hit>>,
    source_path: &str,
    qa: &ArticleQa,
) -> std::io::Result<PathBuf> {
    let mut doc =
        crate::package::build(article, source_path, &settings.source, target, segments, translations, suggestions, hits);
    for unit in doc.files.iter_mut().flat_map(|f| f.units.iter_mut()) {
        for problem in qa.problems.iter().filter(|p| p.segment == unit.id) {
            unit.notes.push(Note {
                category: Some(NOTE_QA.to_string()),
                priority: Some(if problem.is_error() { 1 } else { 5 }),
                text: format!("{} ({}): {}", problem.check, problem.severity.as_str(), problem.message),
            });
        }
    }
    let dir = settings.output_dir.join("packages").join(target);
    let path = join_inside(&dir, &publish::package_file_name(article, &settings.source, target))?;
    write_if_changed(&path, xliff2::write(&doc).as_bytes())?;
    Ok(path)
}
