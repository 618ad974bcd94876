//! The glossary in a run: loaded once, matched on every segment, its coverage and conflicts reported.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use serde::Serialize;

use super::summary::ArticleReport;
use crate::engine::guard::TermFinder;
use crate::engine::registry::GlossaryEntries;
use crate::engine::{LangPair, Translation};
use crate::glossary::protect::{term_spans, TermSpan};
use crate::glossary::{check, Glossary, Hit, Matcher, Status};
use crate::text::Segment;

/// What the summary says about the glossary.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GlossaryReport {
    pub entries: usize,
    /// Rows skipped while loading, with file:line and the reason.
    pub skipped_rows: Vec<String>,
    /// Term-base files written to glossary channels (TBX).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exported: Vec<String>,
    /// Error-level glossary conflicts about entries this run's articles contain ("conflicts met"); warnings are
    /// for `dich glossary check`.
    pub conflicts_met: Vec<String>,
}

/// The run's glossary: its matcher, what loading it reported, and its conflicts.
pub struct Terminology {
    glossary: Glossary,
    matcher: Option<Matcher>,
    skipped_rows: Vec<String>,
    conflicts: Vec<check::Conflict>,
    /// QA's view of the glossary per target language, built on first use and shared by every article of a run
    /// and every request of the desk (it keys every entry: most of a desk save's time when built per request).
    qa_contexts: std::sync::Mutex<HashMap<String, std::sync::Arc<crate::qa::checks::Context>>>,
}

impl Terminology {
    /// Loads the term bases; an empty list (no `glossary` in pipeline.toml) gives a terminology that finds nothing.
    pub fn load(paths: &[PathBuf]) -> Terminology {
        let (glossary, issues) = Glossary::load_paths(paths);
        let matcher = (!glossary.is_empty()).then(|| glossary.matcher());
        let conflicts = if glossary.is_empty() { Vec::new() } else { check::check(&glossary) };
        Terminology {
            skipped_rows: issues.iter().filter(|i| !i.is_warning()).map(|i| i.to_string()).collect(),
            glossary,
            matcher,
            conflicts,
            qa_contexts: Default::default(),
        }
    }

    /// The conflicts `dich glossary check` reports for these term bases, errors first.
    pub fn conflicts(&self) -> &[check::Conflict] {
        &self.conflicts
    }

    /// QA's forbidden renderings for `lang`, built once per language.
    pub fn qa_context(&self, lang: &str) -> std::sync::Arc<crate::qa::checks::Context> {
        let mut contexts = self.qa_contexts.lock().unwrap_or_else(|e| e.into_inner());
        contexts
            .entry(lang.to_string())
            .or_insert_with(|| std::sync::Arc::new(crate::qa::checks::Context::new(&self.glossary, lang)))
            .clone()
    }

    /// The loaded glossary (QA looks up forbidden renderings in it).
    pub fn glossary(&self) -> &Glossary {
        &self.glossary
    }

    /// The matcher, when the run has a glossary.
    pub fn matcher(&self) -> Option<&Matcher> {
        self.matcher.as_ref()
    }

    /// The glossary hits of each segment of one article that has any, by segment id. The segments are matched
    /// in order as one article: a short form ("Hội", "Sở") takes the rendering of the body named before it.
    pub fn hits(&self, segments: &[Segment]) -> HashMap<String, Vec<Hit>> {
        let Some(matcher) = &self.matcher else { return HashMap::new() };
        let texts: Vec<&str> = segments.iter().map(|s| s.text.as_str()).collect();
        segments
            .iter()
            .zip(matcher.find_article(&texts))
            .filter(|(_, hits)| !hits.is_empty())
            .map(|(segment, hits)| (segment.id.clone(), hits))
            .collect()
    }

    /// The glossary part of the run summary, given the articles' reports.
    pub fn report(&self, articles: &[ArticleReport]) -> GlossaryReport {
        let met: BTreeSet<&str> = articles.iter().flat_map(|a| a.term_entries.iter().map(String::as_str)).collect();
        let conflicts_met = self
            .conflicts
            .iter()
            .filter(|c| c.severity == check::Severity::Error)
            .filter(|c| met.contains(c.entry.as_str()) || c.other.as_deref().is_some_and(|o| met.contains(o)))
            .map(|c| format!("{} ({}): {}", c.entry, c.location, c.message))
            .collect();
        GlossaryReport {
            entries: self.glossary.len(),
            skipped_rows: self.skipped_rows.clone(),
            exported: Vec::new(),
            conflicts_met,
        }
    }
}

/// (terms with a rendering in `target`, of those the ones whose rendering appears in the segment's translation).
/// Only translated segments count towards the second number.
pub fn coverage(
    segments: &[Segment],
    hits: &HashMap<String, Vec<Hit>>,
    target: &str,
    translations: &HashMap<String, Translation>,
) -> (usize, usize) {
    let (mut terms, mut kept) = (0, 0);
    for segment in segments {
        let translation = translations.get(&segment.id).map(|t| t.text.to_lowercase());
        for hit in hits.get(&segment.id).into_iter().flatten() {
            let Some(rendering) = hit.targets.get(target) else { continue };
            terms += 1;
            if translation.as_deref().is_some_and(|t| t.contains(&rendering.to_lowercase())) {
                kept += 1;
            }
        }
    }
    (terms, kept)
}

/// Engines with a glossary of their own (DeepL, Google v3, LLMs) get the approved entries that need no slot
/// filled, as (Vietnamese, rendering) pairs.
impl GlossaryEntries for Terminology {
    fn entries(&self, pair: &LangPair) -> Vec<(String, String)> {
        // The term bases are Vietnamese; a pivot leg (en→es) gets none.
        if pair.source != "vi" {
            return Vec::new();
        }
        self.glossary
            .entries
            .iter()
            .filter(|e| e.status == Status::Approved && e.slot.is_none() && !e.vi.contains('{'))
            .filter_map(|e| e.targets.get(&pair.target).map(|t| (e.vi.clone(), t.clone())))
            .collect()
    }
}

/// Machine engines keep the terms the matcher finds in a Vietnamese segment (see [`crate::engine::guard`]).
impl TermFinder for Terminology {
    fn term_spans(&self, pair: &LangPair, text: &str) -> Vec<TermSpan> {
        let Some(matcher) = &self.matcher else { return Vec::new() };
        if pair.source != "vi" {
            return Vec::new();
        }
        term_spans(&matcher.find(text), &self.glossary, &pair.target, None)
    }
}
