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
    /// Per pivot pair (en→zh): each entry's pivot-language rendering with its rendering in the final language,
    /// longest first, built on first use.
    pivot_renderings: std::sync::Mutex<HashMap<LangPair, std::sync::Arc<Vec<PivotRendering>>>>,
}

/// A term as the first leg of a pivot wrote it, and how the second leg must render it.
struct PivotRendering {
    entry: String,
    pivot: String,
    target: String,
}

impl Terminology {
    /// Loads the term bases; an empty list (no `glossary` in pipeline.toml) gives a terminology that finds nothing.
    pub fn load(paths: &[PathBuf]) -> Terminology {
        let (glossary, issues) = Glossary::load_paths(paths);
        let matcher = (!glossary.is_empty()).then(|| glossary.matcher());
        let conflicts = matcher.as_ref().map(|m| check::check_with(&glossary, m)).unwrap_or_default();
        Terminology {
            skipped_rows: issues.iter().filter(|i| !i.is_warning()).map(|i| i.to_string()).collect(),
            glossary,
            matcher,
            conflicts,
            qa_contexts: Default::default(),
            pivot_renderings: Default::default(),
        }
    }

    /// The second leg of a pivot (en→zh after vi→en): the first leg wrote each term in its pivot-language house
    /// rendering, so those renderings are what the second leg must carry, as the final language's rendering.
    fn pivot_spans(&self, pair: &LangPair, text: &str) -> Vec<TermSpan> {
        let renderings = {
            let mut cache = self.pivot_renderings.lock().unwrap_or_else(|e| e.into_inner());
            cache
                .entry(pair.clone())
                .or_insert_with(|| {
                    let mut list: Vec<PivotRendering> = self
                        .glossary
                        .entries
                        .iter()
                        .filter(|e| e.status != Status::Forbidden && !e.vi.contains('{'))
                        .filter_map(|e| {
                            Some(PivotRendering {
                                entry: e.id.clone(),
                                pivot: e.targets.get(&pair.source)?.clone(),
                                target: e.targets.get(&pair.target)?.clone(),
                            })
                        })
                        .filter(|r| !r.pivot.trim().is_empty())
                        .collect();
                    list.sort_by_key(|r| std::cmp::Reverse(r.pivot.len()));
                    std::sync::Arc::new(list)
                })
                .clone()
        };
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let mut spans: Vec<TermSpan> = Vec::new();
        for rendering in renderings.iter() {
            for (at, _) in text.match_indices(rendering.pivot.as_str()) {
                let end = at + rendering.pivot.len();
                let whole = !word(text[..at].chars().next_back()) && !word(text[end..].chars().next());
                let free = spans.iter().all(|s| end <= s.byte_start || at >= s.byte_end);
                if whole && free {
                    spans.push(TermSpan {
                        byte_start: at,
                        byte_end: end,
                        entry: rendering.entry.clone(),
                        target: rendering.target.clone(),
                        forbidden: Vec::new(),
                    });
                }
            }
        }
        spans.sort_by_key(|s| s.byte_start);
        spans
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
            return self.pivot_spans(pair, text);
        }
        term_spans(&matcher.find(text), &self.glossary, &pair.target, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_leg_of_a_pivot_carries_the_first_legs_renderings_as_the_final_languages() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("titles.tsv"),
            "vi\ten\tes\tkind\tstatus\n\
             Bí thư Tỉnh ủy\tSecretary of the Provincial Party Committee\tSecretario del Comité Provincial del Partido\ttitle\tapproved\n\
             Tỉnh ủy\tProvincial Party Committee\tComité Provincial del Partido\tbody\tapproved\n\
             Ủy ban\tCommittee\t\tbody\tapproved\n",
        )
        .unwrap();
        let terms = Terminology::load(&[dir.path().to_path_buf()]);
        let text = "The Secretary of the Provincial Party Committee met the Provincial Party Committee's Committees.";
        let spans = terms.term_spans(&LangPair::new("en", "es"), text);
        let found: Vec<(&str, &str)> =
            spans.iter().map(|s| (&text[s.byte_start..s.byte_end], s.target.as_str())).collect();
        assert_eq!(
            found,
            [
                ("Secretary of the Provincial Party Committee", "Secretario del Comité Provincial del Partido"),
                ("Provincial Party Committee", "Comité Provincial del Partido"),
            ],
            "the longest rendering wins, a term without a Spanish rendering and a part of a word are left"
        );
        assert!(terms.term_spans(&LangPair::new("en", "fr"), text).is_empty(), "no French renderings");
    }
}
