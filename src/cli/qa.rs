//! `dich qa`: the QA checks over existing outputs (XLIFF 2.x and 1.2 packages, translators-channel XLIFF and
//! TMX), with the same report as a run's (HTML and JSON).

use std::path::PathBuf;

use clap::Args;

use super::{load_settings, Cli, CliError, JsonFlag, EXIT_FAILED, EXIT_OK};
use crate::qa::report::{Outcome, QaReport, RunArticle};
use crate::qa::{files, QaSettings};
use crate::t;

#[derive(Debug, Args)]
pub struct QaArgs {
    /// XLIFF or TMX files or directories (default: the output directory of pipeline.toml).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Where the report (qa-check.html, qa-check.json) goes (default: the output directory of pipeline.toml).
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
    #[command(flatten)]
    pub output: JsonFlag,
    /// A translators' glossary decision file (TSV) to apply to the glossary directory, instead of checking.
    #[arg(long, value_name = "FILE")]
    pub decisions: Option<PathBuf>,
    /// The glossary directory the decisions change (default: glossary).
    #[arg(long, value_name = "DIR")]
    pub glossary_dir: Option<PathBuf>,
}

/// `dich qa --decisions FILE`: the translators' glossary decisions into the term bases.
fn decide(file: &std::path::Path, args: &QaArgs) -> Result<u8, CliError> {
    let dir = args.glossary_dir.clone().unwrap_or_else(|| PathBuf::from("glossary"));
    let now = crate::clock::Clock::now_rfc3339(&crate::clock::SystemClock);
    let applied = crate::qa::decisions::apply(file, &dir, &now[..10.min(now.len())]).map_err(CliError::failed)?;
    if args.output.json {
        outln!("{}", serde_json::to_string_pretty(&applied).expect("decisions serialize"));
    } else {
        for change in &applied.changes {
            outln!(
                "{}: {} — {} → {}",
                change.location,
                change.term,
                change.before.as_deref().unwrap_or("∅"),
                change.after
            );
        }
        outln!("{}", t!("cli-qa-decided", changes = applied.changes.len()));
    }
    for refused in &applied.refused {
        eprintln!("{refused}");
    }
    Ok(if applied.refused.is_empty() { EXIT_OK } else { EXIT_FAILED })
}

/// File stem of `dich qa`'s report: beside a run's qa-report.*, never over it.
const CHECK_REPORT: &str = "qa-check";

pub fn execute(cli: &Cli, args: &QaArgs) -> Result<u8, CliError> {
    if let Some(file) = &args.decisions {
        return decide(file, args);
    }
    let settings = load_settings(cli)?;
    let paths = match (&settings, args.paths.is_empty()) {
        (_, false) => args.paths.clone(),
        (Some(settings), true) => vec![settings.output_dir.clone()],
        (None, true) => vec![PathBuf::from("out")],
    };
    let qa_settings = settings.as_ref().map(|s| s.qa.clone()).unwrap_or_else(QaSettings::default);
    let glossary_paths = settings.as_ref().map(|s| s.glossary.clone()).unwrap_or_default();
    let (glossary, _) = crate::glossary::Glossary::load_paths(&glossary_paths);
    let matcher = (!glossary.is_empty()).then(|| glossary.matcher());

    let found = files::collect(&paths).map_err(CliError::failed)?;
    if found.is_empty() {
        return Err(CliError::usage(t!("cli-qa-no-files")));
    }
    let mut articles = Vec::new();
    let mut unreadable = Vec::new();
    // A file that cannot be read is in the report as failed: never a clean "0 errors" over nothing checked.
    let mut failed = Vec::new();
    for path in &found {
        match files::check_file(path, &qa_settings, &glossary, matcher.as_ref()) {
            Ok(checked) => articles.extend(checked),
            Err(message) => {
                failed.push(RunArticle {
                    article: path.display().to_string(),
                    headline: String::new(),
                    language: None,
                    outcome: Outcome::Failed,
                    reason: Some(message.clone()),
                    package: None,
                    segments: 0,
                    missing: 0,
                    unchecked: vec![],
                });
                unreadable.push(message);
            }
        }
    }
    let title = paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
    let now = crate::clock::Clock::now_rfc3339(&crate::clock::SystemClock);
    let report = QaReport::for_run(title, now, articles, failed);
    let report_dir = args
        .report
        .clone()
        .or_else(|| settings.as_ref().map(|s| s.output_dir.clone()))
        .unwrap_or_else(|| PathBuf::from("out"));
    let written = report.write_as(&report_dir, CHECK_REPORT).map_err(|e| {
        CliError::failed(t!("cli-qa-report-failed", path = report_dir.display().to_string(), detail = e.to_string()))
    })?;
    if args.output.json {
        outln!("{}", report.to_json());
    } else {
        for article in &report.articles {
            for problem in &article.problems {
                outln!(
                    "{} {} [{}] {}: {}",
                    article.headline,
                    problem.segment,
                    problem.severity.as_str(),
                    problem.check,
                    problem.message
                );
            }
        }
        let (errors, warnings) = (report.totals.errors, report.totals.warnings);
        let checked = found.len() - unreadable.len();
        outln!("{}", t!("cli-qa-done", files = checked, errors = errors, warnings = warnings));
        if !unreadable.is_empty() {
            outln!("{}", t!("cli-qa-unreadable", count = unreadable.len()));
        }
        outln!("{}", t!("cli-qa-report", path = written[0].display().to_string()));
    }
    for message in &unreadable {
        eprintln!("{message}");
    }
    Ok(if report.totals.errors > 0 || !unreadable.is_empty() { EXIT_FAILED } else { EXIT_OK })
}
