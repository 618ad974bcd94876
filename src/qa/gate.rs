//! The pipeline's gate: after an article is completely translated into a language, every check runs over its
//! segments; an error-level problem holds the article back (its translator package carries the problems as
//! notes), warnings are only reported.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::checks::{check_cues, check_unit, Context, Unit};
use super::Problem;
use crate::article::Article;
use crate::channel::captions::{build_cues, caption_texts};
use crate::channel::publish;
use crate::config::{ChannelKind, OutputFormat, Settings};
use crate::engine::Translation;
use crate::formats::xliff2::Note;
use crate::glossary::Hit;
use crate::package::Findings;
use crate::t;
use crate::text::Segment;

/// Category of the XLIFF notes that carry QA problems.
pub const NOTE_QA: &str = "dich-qa";

/// The QA result of one article in one target language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

/// Runs every check over the translated segments of `article` in `target` (and, for a complete translation,
/// the caption checks over the cues of each tv channel of `target`). Segments without a translation are
/// skipped (the pipeline calls this for complete articles only).
pub fn check_article(
    settings: &Settings,
    context: &Context,
    article: &Article,
    segments: &[Segment],
    target: &str,
    translations: &HashMap<String, Translation>,
    hits: &HashMap<String, Vec<Hit>>,
) -> ArticleQa {
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
        problems.extend(check_unit(&unit, context, &settings.qa));
    }
    if segments.iter().all(|s| translations.contains_key(&s.id)) {
        problems.extend(caption_problems(settings, article, segments, target, translations, hits));
    }
    ArticleQa {
        article: article.id.clone(),
        headline: article.headline.clone(),
        language: target.to_string(),
        segments: segments.len(),
        problems,
    }
}

/// The caption checks over the cues each tv channel of `target` would write (house style applied, glossary
/// renderings kept on one line, as the channel does); segment ids are "<channel>: cue N".
fn caption_problems(
    settings: &Settings,
    article: &Article,
    segments: &[Segment],
    target: &str,
    translations: &HashMap<String, Translation>,
    hits: &HashMap<String, Vec<Hit>>,
) -> Vec<Problem> {
    let captioned = |c: &&crate::config::ChannelSettings| {
        c.language == target
            && c.kind == ChannelKind::Tv
            && c.formats.iter().any(|f| matches!(f, OutputFormat::Srt | OutputFormat::Vtt))
    };
    let mut problems = Vec::new();
    for channel in settings.channels.iter().filter(captioned) {
        let translated = publish::translated_article(article, segments, target, translations);
        let styled = crate::channel::style::localized(&translated, &channel.style);
        let terms: Vec<String> = hits
            .values()
            .flatten()
            .filter_map(|h| h.targets.get(target))
            .map(|t| crate::localize::localize(t, &channel.style))
            .collect();
        let cues = build_cues(&caption_texts(&styled), &terms, &channel.captions);
        for mut problem in check_cues(&cues, &channel.captions, &settings.qa) {
            problem.segment = format!("{}: {}", channel.name, problem.segment);
            problems.push(problem);
        }
    }
    problems
}

/// Writes the translator package of an article held back by QA: the usual package, each unit with a problem
/// carrying it as a note (category [`NOTE_QA`], priority 1 for errors).
pub fn write_held_package(
    settings: &Settings,
    article: &Article,
    segments: &[Segment],
    target: &str,
    findings: &Findings<'_>,
    source_path: &str,
    qa: &ArticleQa,
) -> std::io::Result<Vec<PathBuf>> {
    let mut doc = crate::package::build(article, source_path, &settings.source, target, segments, findings);
    for unit in doc.files.iter_mut().flat_map(|f| f.units.iter_mut()) {
        for problem in qa.problems.iter().filter(|p| p.segment == unit.id) {
            unit.notes.push(Note {
                category: Some(NOTE_QA.to_string()),
                priority: Some(if problem.is_error() { 1 } else { 5 }),
                text: format!("{} ({}): {}", problem.check, problem.severity.as_str(), problem.message),
            });
        }
    }
    publish::write_package_document(settings, article, target, &doc)
}
