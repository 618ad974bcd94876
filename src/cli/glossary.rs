//! `dich glossary match|check|eval|export|import`: the term bases from the command line.
//!
//! Term bases come from `--glossary` (repeatable), else the `glossary` key of pipeline.toml, else ./glossary.
//! Bad rows are reported on standard error and the rest of the glossary is used.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};

use super::import::store_path;
use super::{load_settings, read_input, Cli, CliError, JsonFlag, EXIT_FAILED, EXIT_OK};
use crate::glossary::check::{check_memory, check_with, has_errors};
use crate::glossary::exchange::{from_tbx, to_amazon_csv, to_deepl_tsv, to_tbx, to_tsv};
use crate::glossary::{Conflict, Entry, Glossary, GlossaryIssue};
use crate::store::{is_postgres_url, open_store};
use crate::t;

#[derive(Debug, Subcommand)]
pub enum GlossaryCommand {
    Match(MatchArgs),
    Check(CheckArgs),
    Eval(EvalArgs),
    Export(ExportArgs),
    Import(ImportArgs),
}

#[derive(Debug, Args, Clone)]
pub struct GlossaryPaths {
    /// Term-base files or directories (default: the glossary of pipeline.toml, else ./glossary).
    #[arg(long = "glossary", short = 'g', value_name = "PATH")]
    pub glossary: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct MatchArgs {
    #[command(flatten)]
    pub paths: GlossaryPaths,
    #[command(flatten)]
    pub output: JsonFlag,
    /// The text file, or - for standard input.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub paths: GlossaryPaths,
    #[command(flatten)]
    pub output: JsonFlag,
    /// The store whose approved memory is compared with the glossary (default: from pipeline.toml, when it exists).
    #[arg(long, value_name = "FILE")]
    pub store: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(flatten)]
    pub paths: GlossaryPaths,
    #[command(flatten)]
    pub output: JsonFlag,
    /// The evaluation set: a folder with articles/NAME.txt and annotations/NAME.tsv.
    #[arg(value_name = "DIR")]
    pub set: PathBuf,
    /// List every item not found (default: the first 40).
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExchangeFormat {
    Tbx,
    Deepl,
    Amazon,
    Tsv,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub paths: GlossaryPaths,
    #[arg(long, value_enum, default_value = "tbx", value_name = "FORMAT")]
    pub format: ExchangeFormat,
    /// Target language of the DeepL and Amazon forms.
    #[arg(long, default_value = "en", value_name = "LANG")]
    pub target: String,
    /// Use this channel's renderings where an entry has them (DeepL and Amazon forms).
    #[arg(long, value_name = "CHANNEL")]
    pub channel: Option<String>,
    /// Write here instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A TBX file, or a TSV/CSV term base (DeepL, Amazon, spreadsheet export).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The dich TSV term base to write (refused when it exists, unless --force).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: PathBuf,
    #[arg(long)]
    pub force: bool,
}

pub fn execute(cli: &Cli, command: &GlossaryCommand) -> Result<u8, CliError> {
    match command {
        GlossaryCommand::Match(args) => match_text(cli, args),
        GlossaryCommand::Check(args) => check(cli, args),
        GlossaryCommand::Eval(args) => eval(cli, args),
        GlossaryCommand::Export(args) => export(cli, args),
        GlossaryCommand::Import(args) => import(args),
    }
}

/// The term-base paths: --glossary, else pipeline.toml's, else ./glossary.
fn glossary_paths(cli: &Cli, paths: &GlossaryPaths) -> Result<Vec<PathBuf>, CliError> {
    if !paths.glossary.is_empty() {
        return Ok(paths.glossary.clone());
    }
    if let Some(settings) = load_settings(cli)? {
        if !settings.glossary.is_empty() {
            return Ok(settings.glossary);
        }
    }
    Ok(vec![PathBuf::from("glossary")])
}

/// Loads the glossary, printing its issues on standard error; fails only when nothing usable was read.
fn load(cli: &Cli, paths: &GlossaryPaths) -> Result<Glossary, CliError> {
    load_counting_skipped(cli, paths).map(|(glossary, _)| glossary)
}

/// The term bases, and how many rows (or files) were skipped as broken.
fn load_counting_skipped(cli: &Cli, paths: &GlossaryPaths) -> Result<(Glossary, usize), CliError> {
    let paths = glossary_paths(cli, paths)?;
    for path in &paths {
        if !path.exists() {
            return Err(CliError::usage(t!("cli-glossary-missing", path = path.display().to_string())));
        }
    }
    let (glossary, issues) = Glossary::load_paths(&paths);
    Ok((glossary, report_issues(&issues)))
}

/// Prints the issues; returns how many rows or files were skipped.
fn report_issues(issues: &[GlossaryIssue]) -> usize {
    let skipped = issues.iter().filter(|i| !i.is_warning()).count();
    for issue in issues {
        eprintln!("{issue}");
    }
    if skipped > 0 {
        eprintln!("{}", t!("cli-glossary-rows-skipped", count = skipped));
    }
    skipped
}

fn match_text(cli: &Cli, args: &MatchArgs) -> Result<u8, CliError> {
    let glossary = load(cli, &args.paths)?;
    let (bytes, name) = read_input(args.file.as_deref())?;
    let text = String::from_utf8(bytes)
        .map_err(|e| CliError::failed(t!("cli-invalid-utf8", path = name, offset = e.utf8_error().valid_up_to())))?;
    let hits = glossary.matcher().find(&text);
    for hit in hits.iter().filter(|h| !h.alternatives.is_empty()) {
        let text = hit.text.clone();
        let others = hit.alternatives.join(", ");
        eprintln!(
            "{}",
            t!("cli-glossary-ambiguous", start = hit.start, text = text, kind = hit.kind.as_str(), others = others)
        );
    }
    for hit in &hits {
        if hit.entry.starts_with(crate::glossary::matcher::HANVIET_PERSON_PREFIX) {
            eprintln!("{}", t!("cli-glossary-hanviet", start = hit.start, text = hit.text.clone()));
        } else if hit.entry.starts_with(crate::glossary::matcher::TRANSLITERATED_PERSON_PREFIX) {
            eprintln!("{}", t!("cli-glossary-transliterated", start = hit.start, text = hit.text.clone()));
        }
    }
    if args.output.json {
        super::write_stdout(&format!("{}\n", serde_json::to_string_pretty(&hits).expect("hits serialize")));
    } else {
        let mut lines = String::new();
        for hit in &hits {
            let en = hit.targets.get("en").map(String::as_str).unwrap_or("");
            lines.push_str(&format!("{}-{}\t{}\t{}\t{}\t{}\n", hit.start, hit.end, hit.kind, hit.entry, hit.text, en));
        }
        super::write_stdout(&lines);
        eprintln!("{}", t!("cli-glossary-matched", count = hits.len()));
    }
    Ok(EXIT_OK)
}

/// `dich glossary eval DIR`: coverage per category, wrong hits and misses on an annotated set.
fn eval(cli: &Cli, args: &EvalArgs) -> Result<u8, CliError> {
    use crate::glossary::eval::{evaluate, load_set, CATEGORIES};
    let glossary = load(cli, &args.paths)?;
    let set = load_set(&args.set).map_err(|e| CliError::failed(e.to_string()))?;
    let report = evaluate(&glossary.matcher(), &set);
    if args.output.json {
        super::write_stdout(&format!("{}\n", serde_json::to_string_pretty(&report).expect("report serializes")));
        return Ok(EXIT_OK);
    }
    let percent = |found: usize, items: usize| if items == 0 { 100.0 } else { 100.0 * found as f64 / items as f64 };
    let mut text = format!("{}\n", t!("cli-eval-header", articles = report.articles, items = report.items()));
    for category in CATEGORIES {
        let score = &report.categories[category];
        let coverage = format!("{:.1}", percent(score.found, score.items));
        text.push_str(&format!(
            "{}\n",
            t!("cli-eval-category", category = category, found = score.found, items = score.items, coverage = coverage)
        ));
    }
    let total = format!("{:.1}", percent(report.found(), report.items()));
    text.push_str(&format!(
        "{}\n",
        t!("cli-eval-total", found = report.found(), items = report.items(), coverage = total)
    ));
    text.push_str(&format!("{}\n", t!("cli-eval-wrong", count = report.wrong.len())));
    for wrong in &report.wrong {
        let (article, found, got, expected) =
            (wrong.article.clone(), wrong.text.clone(), wrong.got.clone(), wrong.expected.clone());
        text.push_str(&format!(
            "  {}\n",
            t!("cli-eval-wrong-row", article = article, text = found, got = got, expected = expected)
        ));
    }
    let heading = t!("cli-eval-misses", count = report.misses.len());
    push_listed(&mut text, heading, &report.misses, args.all, |miss| {
        let (article, category, found, got, expected) =
            (miss.article.clone(), miss.category.clone(), miss.text.clone(), miss.got.clone(), miss.expected.clone());
        t!("cli-eval-miss-row", article = article, category = category, text = found, got = got, expected = expected)
    });
    let heading = t!("cli-eval-unannotated", count = report.unannotated.len());
    push_listed(&mut text, heading, &report.unannotated, args.all, |hit| {
        let (article, kind, found, got) =
            (hit.article.clone(), hit.category.clone(), hit.text.clone(), hit.got.clone());
        t!("cli-eval-unannotated-row", article = article, kind = kind, text = found, got = got)
    });
    let heading = t!("cli-eval-inside-missed", count = report.inside_missed.len());
    push_listed(&mut text, heading, &report.inside_missed, args.all, |hit| {
        let (article, kind, found, got, item) =
            (hit.article.clone(), hit.category.clone(), hit.text.clone(), hit.got.clone(), hit.expected.clone());
        t!("cli-eval-inside-missed-row", article = article, kind = kind, text = found, got = got, item = item)
    });
    super::write_stdout(&text);
    Ok(EXIT_OK)
}

/// A heading, then a row per finding: the first 40 unless `all`.
fn push_listed(
    text: &mut String,
    heading: String,
    findings: &[crate::glossary::eval::Finding],
    all: bool,
    row: impl Fn(&crate::glossary::eval::Finding) -> String,
) {
    text.push_str(&format!("{heading}\n"));
    let shown = if all { findings.len() } else { findings.len().min(40) };
    for finding in &findings[..shown] {
        text.push_str(&format!("  {}\n", row(finding)));
    }
}

fn check(cli: &Cli, args: &CheckArgs) -> Result<u8, CliError> {
    // A broken row is a failed check too: a term base that silently loses rows must not pass in CI.
    let (glossary, skipped) = load_counting_skipped(cli, &args.paths)?;
    let matcher = glossary.matcher();
    let mut conflicts = check_with(&glossary, &matcher);
    // The memory: the explicit store, or the configured one when it exists (a missing default is no error).
    let store = match &args.store {
        Some(path) if !path.exists() && !is_postgres_url(&path.to_string_lossy()) => {
            return Err(CliError::usage(t!("cli-glossary-store-missing", path = path.display().to_string())))
        }
        Some(path) => Some(path.clone()),
        None => {
            let path = store_path(cli, None)?;
            (path.exists() || is_postgres_url(&path.to_string_lossy())).then_some(path)
        }
    };
    if let Some(path) = store {
        let store = open_store(&path).map_err(|e| CliError::usage(e.to_string()))?;
        let memory = store.tm_entries(None).map_err(|e| CliError::failed(e.to_string()))?;
        let source = load_settings(cli)?.map(|s| s.source).unwrap_or_else(|| "vi".to_string());
        conflicts.extend(check_memory(&glossary, &matcher, &memory, &source, store.path()));
    }
    if args.output.json {
        super::write_stdout(&format!("{}\n", serde_json::to_string_pretty(&conflicts).expect("conflicts serialize")));
    } else {
        super::write_stdout(&conflicts.iter().map(conflict_text).collect::<String>());
        let errors = conflicts.iter().filter(|c| c.severity == crate::glossary::Severity::Error).count();
        eprintln!(
            "{}",
            t!("cli-glossary-checked", entries = glossary.len(), errors = errors, warnings = conflicts.len() - errors)
        );
    }
    Ok(if has_errors(&conflicts) || skipped > 0 { EXIT_FAILED } else { EXIT_OK })
}

fn conflict_text(c: &Conflict) -> String {
    let severity = match c.severity {
        crate::glossary::Severity::Error => t!("cli-glossary-error"),
        crate::glossary::Severity::Warning => t!("cli-glossary-warning"),
    };
    let mut text = format!("{}: {severity} [{}]: {}\n", c.location, c.kind.as_str(), c.message);
    if let Some(other) = &c.other_location {
        text.push_str(&format!("  {}\n", t!("cli-glossary-other-side", location = other.clone())));
    }
    text.push_str(&format!("  {}\n", t!("cli-glossary-suggestion", suggestion = c.suggestion.clone())));
    text
}

fn export(cli: &Cli, args: &ExportArgs) -> Result<u8, CliError> {
    let glossary = load(cli, &args.paths)?;
    let channel = args.channel.as_deref();
    let text = match args.format {
        ExchangeFormat::Tbx => crate::formats::tbx::write(&to_tbx(&glossary)),
        ExchangeFormat::Deepl => to_deepl_tsv(&glossary, &args.target, channel),
        ExchangeFormat::Amazon => to_amazon_csv(&glossary, &args.target, channel),
        ExchangeFormat::Tsv => to_tsv(&glossary.entries.iter().collect::<Vec<&Entry>>()),
    };
    match &args.out {
        Some(path) => {
            std::fs::write(path, text.as_bytes()).map_err(|e| {
                CliError::failed(t!("cli-write-failed", path = path.display().to_string(), detail = e.to_string()))
            })?;
            eprintln!("{}", t!("cli-glossary-exported", count = glossary.len(), path = path.display().to_string()));
        }
        None => super::write_stdout(&text),
    }
    Ok(EXIT_OK)
}

fn is_tbx(path: &Path, bytes: &[u8]) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_lowercase);
    matches!(ext.as_deref(), Some("tbx" | "xml")) || bytes.trim_ascii_start().starts_with(b"<")
}

fn import(args: &ImportArgs) -> Result<u8, CliError> {
    let shown = args.file.display().to_string();
    let bytes = std::fs::read(&args.file)
        .map_err(|e| CliError::failed(t!("cli-read-failed", path = shown.clone(), detail = e.to_string())))?;
    let (glossary, issues) = if is_tbx(&args.file, &bytes) {
        let xml = String::from_utf8(bytes).map_err(|e| {
            CliError::failed(t!("cli-invalid-utf8", path = shown.clone(), offset = e.utf8_error().valid_up_to()))
        })?;
        from_tbx(&xml, &args.file).map_err(|e| CliError::failed(format!("{shown}: {e}")))?
    } else {
        Glossary::load_paths(std::slice::from_ref(&args.file))
    };
    report_issues(&issues);
    if args.out.exists() && !args.force {
        return Err(CliError::usage(t!("cli-glossary-out-exists", path = args.out.display().to_string())));
    }
    let tsv = to_tsv(&glossary.entries.iter().collect::<Vec<&Entry>>());
    std::fs::write(&args.out, tsv.as_bytes()).map_err(|e| {
        CliError::failed(t!("cli-write-failed", path = args.out.display().to_string(), detail = e.to_string()))
    })?;
    outln!(
        "{}",
        t!(
            "cli-glossary-imported",
            count = glossary.len(),
            path = args.out.display().to_string(),
            skipped = issues.iter().filter(|i| !i.is_warning()).count()
        )
    );
    Ok(EXIT_OK)
}
