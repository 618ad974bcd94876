//! The run's QA report: one self-contained HTML page (inline CSS, no scripts, no external resources; every
//! string escaped) and the same data as JSON.

use crate::channel::escape::html as escape;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::gate::ArticleQa;
use super::Severity;
use crate::t;

/// File names of the report in the output directory.
pub const HTML_FILE: &str = "qa-report.html";
pub const JSON_FILE: &str = "qa-report.json";

/// Counts over the whole report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct QaTotals {
    /// (article, language) pairs checked.
    pub checked: usize,
    pub problems: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Articles held back in some language, by an error-level problem or for missing translations.
    pub held_back: usize,
    /// Of the run's (article, language) pairs: published, held back by QA, held back for missing translations;
    /// and articles that could not be read. Zero in a report of `dich qa` over files.
    pub published: usize,
    pub held_by_qa: usize,
    pub held_missing: usize,
    /// Held back from some channels until translations are approved.
    pub held_unapproved: usize,
    pub failed: usize,
    /// Segments QA did not check (no translation yet, or the article could not be read).
    pub unchecked: usize,
}

/// How an article of a run ended in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Published,
    /// An error-level problem holds it back; the package carries the problems.
    HeldByQa,
    /// Some segment has no translation: QA did not run; the package goes to translators.
    HeldMissing,
    /// Complete and checked, but some channels publish only states the translations are not in yet
    /// (a translator's work not approved): held back from those, the package goes to translators.
    HeldUnapproved,
    /// The article could not be read or written.
    Failed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Published => "published",
            Outcome::HeldByQa => "held_by_qa",
            Outcome::HeldMissing => "held_missing",
            Outcome::HeldUnapproved => "held_unapproved",
            Outcome::Failed => "failed",
        }
    }

    fn label(self) -> String {
        match self {
            Outcome::Published => t!("qa-report-outcome-published"),
            Outcome::HeldByQa => t!("qa-report-outcome-held-qa"),
            Outcome::HeldMissing => t!("qa-report-outcome-held-missing"),
            Outcome::HeldUnapproved => t!("qa-report-outcome-held-unapproved"),
            Outcome::Failed => t!("qa-report-outcome-failed"),
        }
    }
}

/// One article of a run in one language (one row per article that could not be read), so the report accounts
/// for every article, checked or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunArticle {
    pub article: String,
    pub headline: String,
    /// `None` for an article that could not be read.
    pub language: Option<String>,
    pub outcome: Outcome,
    /// Why it is held back or failed, in the UI language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The translator package, when held back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    pub segments: usize,
    /// Segments without a translation.
    pub missing: usize,
    /// Ids of the segments QA did not check: all of them when the translation is incomplete (QA runs on complete
    /// translations only), none otherwise.
    pub unchecked: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QaReport {
    /// What was checked: "run 12" or the files given to `dich qa`.
    pub title: String,
    pub generated: String,
    pub totals: QaTotals,
    /// Check name → (errors, warnings).
    pub by_check: BTreeMap<String, (usize, usize)>,
    /// Every article of a run and how it ended; empty for `dich qa` over files.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub outcomes: Vec<RunArticle>,
    /// The QA results of the checked articles.
    pub articles: Vec<ArticleQa>,
}

impl QaReport {
    pub fn new(title: String, generated: String, articles: Vec<ArticleQa>) -> QaReport {
        let mut totals = QaTotals { checked: articles.len(), ..Default::default() };
        let mut by_check: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        let mut held = std::collections::BTreeSet::new();
        for article in &articles {
            for problem in &article.problems {
                let counts = by_check.entry(problem.check.clone()).or_default();
                if problem.is_error() {
                    counts.0 += 1;
                    totals.errors += 1;
                    held.insert(article.article.as_str());
                } else {
                    counts.1 += 1;
                    totals.warnings += 1;
                }
                totals.problems += 1;
            }
        }
        totals.held_back = held.len();
        QaReport { title, generated, totals, by_check, outcomes: Vec::new(), articles }
    }

    /// The report of a run: the QA results and how every article of the run ended.
    pub fn for_run(title: String, generated: String, articles: Vec<ArticleQa>, outcomes: Vec<RunArticle>) -> QaReport {
        let mut report = QaReport::new(title, generated, articles);
        let mut held: std::collections::BTreeSet<&str> =
            report.articles.iter().filter(|a| a.errors() > 0).map(|a| a.article.as_str()).collect();
        let totals = &mut report.totals;
        for outcome in &outcomes {
            match outcome.outcome {
                Outcome::Published => totals.published += 1,
                Outcome::HeldByQa => totals.held_by_qa += 1,
                Outcome::HeldMissing => totals.held_missing += 1,
                Outcome::HeldUnapproved => totals.held_unapproved += 1,
                Outcome::Failed => totals.failed += 1,
            }
            if matches!(outcome.outcome, Outcome::HeldByQa | Outcome::HeldMissing | Outcome::HeldUnapproved) {
                held.insert(outcome.article.as_str());
            }
            totals.unchecked += outcome.unchecked.len();
        }
        totals.held_back = held.len();
        report.outcomes = outcomes;
        report
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("QA report serializes")
    }

    /// The report as one HTML page.
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        let lang = if crate::i18n::language() == crate::i18n::UiLanguage::Vietnamese { "vi" } else { "en" };
        let title = format!("{} — {}", t!("qa-report-title"), self.title);
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
            escape(&title)
        );
        let _ = writeln!(out, "<h1>{}</h1>", escape(&title));
        let _ = writeln!(
            out,
            "<p class=\"generated\">{}</p>",
            escape(&t!("qa-report-generated", time = self.generated.clone()))
        );

        let totals = &self.totals;
        let _ = writeln!(
            out,
            "<section id=\"summary\">\n<h2>{}</h2>\n<table class=\"summary\">",
            escape(&t!("qa-report-summary"))
        );
        let mut rows = vec![
            ("checked", t!("qa-report-checked"), totals.checked),
            ("errors", t!("qa-report-errors"), totals.errors),
            ("warnings", t!("qa-report-warnings"), totals.warnings),
            ("held-back", t!("qa-report-held"), totals.held_back),
        ];
        if !self.outcomes.is_empty() {
            rows.extend([
                ("published", t!("qa-report-published"), totals.published),
                ("held-by-qa", t!("qa-report-held-qa"), totals.held_by_qa),
                ("held-missing", t!("qa-report-held-missing"), totals.held_missing),
                ("held-unapproved", t!("qa-report-held-unapproved"), totals.held_unapproved),
                ("failed", t!("qa-report-failed"), totals.failed),
                ("unchecked", t!("qa-report-unchecked"), totals.unchecked),
            ]);
        }
        for (id, label, value) in rows {
            let _ = writeln!(out, "<tr id=\"total-{id}\"><th>{}</th><td>{value}</td></tr>", escape(&label));
        }
        out.push_str("</table>\n");
        if !self.by_check.is_empty() {
            let _ = writeln!(
                out,
                "<h3>{}</h3>\n<table class=\"by-check\">\n<tr><th>{}</th><th>{}</th><th>{}</th></tr>",
                escape(&t!("qa-report-by-check")),
                escape(&t!("qa-report-check")),
                escape(&t!("qa-report-errors")),
                escape(&t!("qa-report-warnings"))
            );
            for (check, (errors, warnings)) in &self.by_check {
                let _ = writeln!(
                    out,
                    "<tr data-check=\"{0}\"><td>{0}</td><td>{errors}</td><td>{warnings}</td></tr>",
                    escape(check)
                );
            }
            out.push_str("</table>\n");
        }
        out.push_str("</section>\n");
        self.outcomes_html(&mut out);

        for article in &self.articles {
            let status = if article.errors() > 0 { "held" } else { "ok" };
            let _ = writeln!(
                out,
                "<section class=\"article {status}\" data-article=\"{}\">\n<h2>{} <span class=\"lang\">{}</span></h2>",
                escape(&article.article),
                escape(if article.headline.is_empty() { &article.article } else { &article.headline }),
                escape(&article.language)
            );
            let _ = writeln!(
                out,
                "<p class=\"counts\">{}</p>",
                escape(&t!(
                    "qa-report-article-counts",
                    id = article.article.clone(),
                    segments = article.segments,
                    errors = article.errors(),
                    warnings = article.warnings()
                ))
            );
            if article.problems.is_empty() {
                let _ = writeln!(out, "<p class=\"clean\">{}</p>\n</section>", escape(&t!("qa-report-clean")));
                continue;
            }
            let _ = writeln!(out, "<table class=\"problems\">\n<tr>{}</tr>", header_cells());
            let mut problems: Vec<_> = article.problems.iter().collect();
            // Errors first, then by check and segment, so what holds the article back is at the top.
            problems.sort_by(|a, b| (a.severity, &a.check).cmp(&(b.severity, &b.check)));
            for problem in problems {
                let severity = problem.severity.as_str();
                let _ = writeln!(
                    out,
                    "<tr class=\"problem {severity}\" data-check=\"{}\"><td class=\"check\">{}</td><td class=\"severity\">{}</td>\
                     <td class=\"segment\">{}</td><td class=\"source\">{}</td><td class=\"target\">{}</td>\
                     <td class=\"involved\">{}</td><td class=\"message\">{}</td></tr>",
                    escape(&problem.check),
                    escape(&problem.check),
                    escape(&severity_label(problem.severity)),
                    escape(&problem.segment),
                    escape(&problem.source),
                    escape(&problem.target),
                    escape(problem.involved.as_deref().unwrap_or("")),
                    escape(&problem.message)
                );
            }
            out.push_str("</table>\n</section>\n");
        }
        out.push_str("</body>\n</html>\n");
        out
    }

    /// The table of every article of the run: how it ended, why, its package, what QA did not check.
    fn outcomes_html(&self, out: &mut String) {
        if self.outcomes.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "<section id=\"articles\">\n<h2>{}</h2>\n<table class=\"outcomes\">\n<tr>{}</tr>",
            escape(&t!("qa-report-articles")),
            [
                t!("qa-report-article"),
                t!("qa-report-language"),
                t!("qa-report-outcome"),
                t!("qa-report-reason"),
                t!("qa-report-package"),
                t!("qa-report-not-checked"),
            ]
            .iter()
            .map(|label| format!("<th>{}</th>", escape(label)))
            .collect::<String>()
        );
        for row in &self.outcomes {
            let unchecked = if row.unchecked.is_empty() {
                String::new()
            } else if row.unchecked.len() == row.segments {
                t!("qa-report-not-checked-all", segments = row.segments, missing = row.missing)
            } else {
                row.unchecked.join(", ")
            };
            let _ = writeln!(
                out,
                "<tr class=\"outcome {0}\" data-article=\"{1}\" data-outcome=\"{0}\"><td class=\"article\">{1}</td>\
                 <td class=\"lang\">{2}</td><td class=\"outcome\">{3}</td><td class=\"reason\">{4}</td>\
                 <td class=\"package\">{5}</td><td class=\"unchecked\" title=\"{6}\">{7}</td></tr>",
                row.outcome.as_str(),
                escape(&row.article),
                escape(row.language.as_deref().unwrap_or("")),
                escape(&row.outcome.label()),
                escape(row.reason.as_deref().unwrap_or("")),
                escape(row.package.as_deref().unwrap_or("")),
                escape(&row.unchecked.join(" ")),
                escape(&unchecked)
            );
        }
        out.push_str("</table>\n</section>\n");
    }

    /// Writes qa-report.html and qa-report.json into `dir` (unchanged files are not rewritten).
    pub fn write(&self, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        self.write_as(dir, "qa-report")
    }

    /// Writes `<stem>.html` and `<stem>.json` into `dir`; the HTML file first.
    pub fn write_as(&self, dir: &Path, stem: &str) -> std::io::Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir)?;
        let html = dir.join(format!("{stem}.html"));
        let json = dir.join(format!("{stem}.json"));
        crate::channel::write_if_changed(&html, self.to_html().as_bytes())?;
        crate::channel::write_if_changed(&json, self.to_json().as_bytes())?;
        Ok(vec![html, json])
    }
}

fn header_cells() -> String {
    [
        t!("qa-report-check"),
        t!("qa-report-severity"),
        t!("qa-report-segment"),
        t!("qa-report-source"),
        t!("qa-report-target"),
        t!("qa-report-involved"),
        t!("qa-report-message"),
    ]
    .iter()
    .map(|label| format!("<th>{}</th>", escape(label)))
    .collect()
}

fn severity_label(severity: Severity) -> String {
    match severity {
        Severity::Error => t!("qa-severity-error"),
        Severity::Warning => t!("qa-severity-warning"),
        Severity::Off => t!("qa-severity-off"),
    }
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a;line-height:1.4}\
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccc;padding:.3rem .6rem;\
text-align:left;vertical-align:top}th{background:#f2f2f2}table.problems td.source,table.problems td.target\
{max-width:28rem;white-space:pre-wrap}tr.error td.severity{color:#a00;font-weight:bold}tr.warning td.severity\
{color:#8a6d00}section.article.held h2{color:#a00}.lang{font-size:.8em;color:#555}.generated,.counts{color:#555}";

/// What the run summary says about QA.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct QaSummary {
    pub errors: usize,
    pub warnings: usize,
    /// Articles held back in some language, for any reason.
    pub held_back: usize,
    /// (article, language) pairs held back by an error-level problem.
    pub held_by_qa: usize,
    /// (article, language) pairs held back for missing translations (not checked).
    pub held_missing: usize,
    /// Segments QA did not check.
    pub unchecked: usize,
    /// The HTML report.
    pub report: String,
}

/// Writes the run's report (qa-report.html and .json in `dir`) over the articles checked and every article's
/// outcome, and sums it up.
pub fn write_run_report(
    dir: &Path,
    run: i64,
    now: String,
    articles: Vec<ArticleQa>,
    outcomes: Vec<RunArticle>,
) -> std::io::Result<QaSummary> {
    let report = QaReport::for_run(t!("qa-report-run", run = run), now, articles, outcomes);
    report.write(dir)?;
    let totals = &report.totals;
    Ok(QaSummary {
        errors: totals.errors,
        warnings: totals.warnings,
        held_back: totals.held_back,
        held_by_qa: totals.held_by_qa,
        held_missing: totals.held_missing,
        unchecked: totals.unchecked,
        report: dir.join(HTML_FILE).display().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qa::Problem;

    fn problem(check: &str, severity: Severity, segment: &str) -> Problem {
        Problem {
            check: check.into(),
            severity,
            segment: segment.into(),
            source: "Có <b>1.250.000</b> & hơn".into(),
            target: "There were 1,520,000 & \"more\"".into(),
            message: format!("{check} in {segment}"),
            involved: (check == "numbers").then(|| "1.250.000".into()),
        }
    }

    /// A run's QA data with every kind of row: held by QA, clean, held for missing translations, held until
    /// approved, failed (no language), an article with part of its segments unchecked.
    pub(super) fn sample() -> (Vec<ArticleQa>, Vec<RunArticle>) {
        let articles = vec![
            ArticleQa {
                article: "a<b".into(),
                headline: "Tin <số> 1".into(),
                language: "en".into(),
                segments: 3,
                problems: vec![
                    problem("terms", Severity::Warning, "s2"),
                    problem("numbers", Severity::Error, "s1"),
                    problem("terms", Severity::Error, "s3"),
                ],
            },
            ArticleQa {
                article: "sach".into(),
                headline: String::new(),
                language: "fr".into(),
                segments: 2,
                problems: vec![],
            },
        ];
        let row = |article: &str, language: Option<&str>, outcome: Outcome| RunArticle {
            article: article.into(),
            headline: format!("Tin {article}"),
            language: language.map(String::from),
            outcome,
            reason: (outcome != Outcome::Published).then(|| format!("why <{article}>")),
            package: (outcome == Outcome::HeldByQa).then(|| format!("out/packages/{article}.xlf")),
            segments: 3,
            missing: 0,
            unchecked: vec![],
        };
        let mut missing = row("thieu", Some("en"), Outcome::HeldMissing);
        missing.missing = 1;
        missing.unchecked = vec!["s1".into(), "s2".into(), "s3".into()];
        let mut part = row("mot-phan", Some("en"), Outcome::HeldUnapproved);
        part.unchecked = vec!["s1".into(), "cue 2".into()];
        let outcomes = vec![
            row("a<b", Some("en"), Outcome::HeldByQa),
            row("sach", Some("fr"), Outcome::Published),
            missing,
            part,
            row("hong", None, Outcome::Failed),
        ];
        (articles, outcomes)
    }

    #[test]
    fn the_run_report_is_byte_for_byte_what_it_was() {
        let (articles, outcomes) = sample();
        let report = QaReport::for_run("run 7".into(), "2026-11-28T09:00:00Z".into(), articles, outcomes);
        insta::assert_snapshot!("run_report_html", report.to_html());
        insta::assert_snapshot!("run_report_json", report.to_json());
        let files = QaReport::new("a.xlf".into(), "2026-11-28T09:00:00Z".into(), vec![]);
        insta::assert_snapshot!("files_report_empty_html", files.to_html());
        insta::assert_snapshot!("files_report_empty_json", files.to_json());
    }
}
