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
    /// Articles held back in some language by an error-level problem.
    pub held_back: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QaReport {
    /// What was checked: "run 12" or the files given to `dich qa`.
    pub title: String,
    pub generated: String,
    pub totals: QaTotals,
    /// Check name → (errors, warnings).
    pub by_check: BTreeMap<String, (usize, usize)>,
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
        QaReport { title, generated, totals, by_check, articles }
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
        for (id, label, value) in [
            ("checked", t!("qa-report-checked"), totals.checked),
            ("errors", t!("qa-report-errors"), totals.errors),
            ("warnings", t!("qa-report-warnings"), totals.warnings),
            ("held-back", t!("qa-report-held"), totals.held_back),
        ] {
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
    /// Articles held back by an error-level problem.
    pub held_back: usize,
    /// The HTML report.
    pub report: String,
}

/// Writes the run's report (qa-report.html and .json in `dir`) over the articles checked, and sums it up.
pub fn write_run_report(dir: &Path, run: i64, now: String, articles: Vec<ArticleQa>) -> std::io::Result<QaSummary> {
    let report = QaReport::new(t!("qa-report-run", run = run), now, articles);
    report.write(dir)?;
    Ok(QaSummary {
        errors: report.totals.errors,
        warnings: report.totals.warnings,
        held_back: report.totals.held_back,
        report: dir.join(HTML_FILE).display().to_string(),
    })
}
