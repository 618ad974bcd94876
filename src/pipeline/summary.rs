//! The run summary: what was published, what is held back and why, what failed, what each engine did.

use serde::Serialize;

use crate::t;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleStatus {
    /// Every segment translated in every target language; written to every channel.
    Published,
    /// Some segment has no translation in some target language; a translator package was written.
    HeldBack,
    /// The article could not be read.
    Failed,
}

impl ArticleStatus {
    /// The name used in the journal, the summary's JSON and the desk's pages.
    pub fn as_str(self) -> &'static str {
        match self {
            ArticleStatus::Published => "published",
            ArticleStatus::HeldBack => "held_back",
            ArticleStatus::Failed => "failed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetReport {
    pub language: String,
    pub segments: usize,
    /// Segments answered by the memory (exact matches).
    pub from_memory: usize,
    /// Segments answered by a machine-translation engine.
    pub machine: usize,
    /// Segments with no translation.
    pub missing: usize,
    /// Channel files written (or kept unchanged) for this language.
    pub outputs: Vec<String>,
    /// Glossary terms found in the source that have a rendering in this language.
    pub terms: usize,
    /// Of those, terms whose rendering appears in the translation (translated segments only).
    pub terms_kept: usize,
    /// The translator package, when the article is held back in this language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    /// Old translator packages deleted from `packages/` because the article is published in this language.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub packages_removed: Vec<String>,
    /// Files of an earlier publication, moved to `withdrawn/<channel>/` because the article is held back again.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub withdrawn: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleReport {
    pub id: String,
    pub source: String,
    pub status: ArticleStatus,
    /// Why it is held back or failed, in the UI language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub headline: String,
    pub segments: usize,
    pub targets: Vec<TargetReport>,
    /// Ids of the glossary entries found in the article.
    pub term_entries: Vec<String>,
}

impl ArticleReport {
    /// An article that failed before anything of it was translated: unreadable, refused, not followed.
    pub fn failed(id: String, source: String, reason: String) -> ArticleReport {
        ArticleReport {
            id,
            source,
            status: ArticleStatus::Failed,
            reason: Some(reason),
            headline: String::new(),
            segments: 0,
            targets: vec![],
            term_entries: vec![],
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EngineReport {
    pub name: String,
    pub requests: usize,
    pub segments: usize,
    pub characters: usize,
    pub answered: usize,
    pub failures: usize,
    /// Requests sent again after a transient failure (included in `requests`).
    pub retries: usize,
    /// Segments the engine answered unusably (placeholder lost, item missing), left to the next engine or the
    /// translators.
    pub flagged: usize,
    /// Estimated cost: characters sent × the configured price per million characters.
    pub cost: f64,
    /// Why the engine was taken out for the rest of the run (quota used up, key refused).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Totals {
    pub articles: usize,
    pub published: usize,
    pub held_back: usize,
    pub failed: usize,
    pub segments: usize,
    pub from_memory: usize,
    pub machine: usize,
    pub missing: usize,
    pub terms: usize,
    pub terms_kept: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunSummary {
    pub run: i64,
    pub started: String,
    pub finished: String,
    /// Stopped by Ctrl-C or a signal before every article was processed.
    pub interrupted: bool,
    /// Earlier runs that never finished; this run carried on from what they stored.
    pub resumed_after: Vec<i64>,
    pub output_dir: String,
    pub totals: Totals,
    pub articles: Vec<ArticleReport>,
    pub engines: Vec<EngineReport>,
    pub memory_entries: usize,
    pub glossary: super::terminology::GlossaryReport,
    /// QA problems found in the complete translations, and where the report is.
    pub qa: crate::qa::report::QaSummary,
    /// What the user can do next (get a model, plug in an engine, send packages to translators).
    pub hints: Vec<String>,
}

impl RunSummary {
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("summary serializes")
    }

    /// The summary as people read it, in the UI language.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        // Every line through `printable`: file names and reasons come from outside.
        let line = |out: &mut String, s: String| {
            out.push_str(&crate::text::printable(&s));
            out.push('\n');
        };
        line(&mut out, t!("summary-title", run = self.run));
        if self.interrupted {
            line(&mut out, t!("summary-interrupted"));
        }
        for run in &self.resumed_after {
            line(&mut out, t!("summary-resumed", run = *run));
        }
        let totals = &self.totals;
        line(
            &mut out,
            t!(
                "summary-totals",
                articles = totals.articles,
                published = totals.published,
                held = totals.held_back,
                failed = totals.failed
            ),
        );
        line(
            &mut out,
            t!(
                "summary-segments",
                segments = totals.segments,
                memory = totals.from_memory,
                machine = totals.machine,
                missing = totals.missing
            ),
        );
        for article in &self.articles {
            let status = match article.status {
                ArticleStatus::Published => t!("summary-status-published"),
                ArticleStatus::HeldBack => t!("summary-status-held"),
                ArticleStatus::Failed => t!("summary-status-failed"),
            };
            line(&mut out, format!("  [{status}] {} ({})", article.id, article.source));
            if let Some(reason) = &article.reason {
                line(&mut out, format!("      {reason}"));
            }
            for target in &article.targets {
                for output in &target.outputs {
                    line(&mut out, format!("      → {output}"));
                }
                if let Some(package) = &target.package {
                    line(&mut out, format!("      → {}", t!("summary-package", path = package.clone())));
                }
                for path in &target.packages_removed {
                    line(&mut out, format!("      - {}", t!("summary-package-removed", path = path.clone())));
                }
                for path in &target.withdrawn {
                    line(&mut out, format!("      - {}", t!("summary-withdrawn", path = path.clone())));
                }
            }
        }
        for engine in &self.engines {
            line(
                &mut out,
                t!(
                    "summary-engine",
                    name = engine.name.clone(),
                    requests = engine.requests,
                    segments = engine.segments,
                    characters = engine.characters,
                    answered = engine.answered,
                    failures = engine.failures
                ),
            );
            if engine.retries > 0 || engine.flagged > 0 || engine.cost > 0.0 {
                line(
                    &mut out,
                    format!(
                        "      {}",
                        t!(
                            "engine-summary-extra",
                            retries = engine.retries,
                            flagged = engine.flagged,
                            cost = format!("{:.4}", engine.cost)
                        )
                    ),
                );
            }
            if let Some(reason) = &engine.out {
                line(&mut out, format!("      {}", t!("engine-summary-out", reason = reason.clone())));
            }
        }
        line(&mut out, t!("summary-memory", entries = self.memory_entries));
        if self.glossary.entries > 0 {
            line(
                &mut out,
                t!("summary-glossary", entries = self.glossary.entries, terms = totals.terms, kept = totals.terms_kept),
            );
        }
        for path in &self.glossary.exported {
            line(&mut out, format!("      → {path}"));
        }
        for row in &self.glossary.skipped_rows {
            line(&mut out, format!("  ! {row}"));
        }
        for conflict in &self.glossary.conflicts_met {
            line(&mut out, format!("  ! {}", t!("summary-glossary-conflict", detail = conflict.clone())));
        }
        line(
            &mut out,
            t!(
                "qa-summary",
                errors = self.qa.errors,
                warnings = self.qa.warnings,
                held_qa = self.qa.held_by_qa,
                held_missing = self.qa.held_missing,
                unchecked = self.qa.unchecked,
                path = self.qa.report.clone()
            ),
        );
        line(&mut out, t!("summary-written", path = self.output_dir.clone()));
        for hint in &self.hints {
            line(&mut out, format!("  * {hint}"));
        }
        out
    }
}
