//! The run's QA report: one self-contained HTML page (inline CSS, no scripts, no external resources; every
//! string escaped) and the same data as JSON.

use crate::channel::escape::html as escape;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
        QaReport::for_run(title, generated, articles, Vec::new())
    }

    /// The report of a run: the QA results and how every article of the run ended.
    pub fn for_run(title: String, generated: String, articles: Vec<ArticleQa>, outcomes: Vec<RunArticle>) -> QaReport {
        let mut tally = Tally::default();
        tally.add(&articles, &outcomes);
        QaReport { title, generated, totals: tally.totals, by_check: tally.by_check, outcomes, articles }
    }

    fn head(&self) -> Head<'_> {
        Head {
            title: &self.title,
            generated: &self.generated,
            totals: &self.totals,
            by_check: &self.by_check,
            run: !self.outcomes.is_empty(),
        }
    }

    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        write_json(&mut out, &self.head(), self.outcomes.iter().map(Ok), self.articles.iter().map(Ok))
            .expect("QA report serializes");
        String::from_utf8(out).expect("JSON is UTF-8")
    }

    /// The report as one HTML page.
    pub fn to_html(&self) -> String {
        let mut out = Vec::new();
        write_html(&mut out, &self.head(), self.outcomes.iter().map(Ok), self.articles.iter().map(Ok))
            .expect("writing to memory");
        String::from_utf8(out).expect("HTML is UTF-8")
    }

    /// Writes qa-report.html and qa-report.json into `dir` (unchanged files are not rewritten).
    pub fn write(&self, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        self.write_as(dir, "qa-report")
    }

    /// Writes `<stem>.html` and `<stem>.json` into `dir`; the HTML file first.
    pub fn write_as(&self, dir: &Path, stem: &str) -> std::io::Result<Vec<PathBuf>> {
        write_files(dir, stem, &self.head(), || self.outcomes.iter().map(Ok), || self.articles.iter().map(Ok))
    }
}

/// The counts of a report, added up one article at a time.
#[derive(Debug, Default)]
struct Tally {
    totals: QaTotals,
    by_check: BTreeMap<String, (usize, usize)>,
}

impl Tally {
    /// Counts the QA results and outcomes of some articles. An article held back in several languages, or
    /// both by QA and by an outcome, is one article held back in the group: a run adds one article (all its
    /// languages) at a time, `dich qa` all its files at once.
    fn add(&mut self, articles: &[ArticleQa], outcomes: &[RunArticle]) {
        let totals = &mut self.totals;
        let mut held = std::collections::BTreeSet::new();
        totals.checked += articles.len();
        for article in articles {
            for problem in &article.problems {
                let counts = self.by_check.entry(problem.check.clone()).or_default();
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
        for outcome in outcomes {
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
        totals.held_back += held.len();
    }
}

/// What a report says before its rows: the title, when, the counts.
struct Head<'a> {
    title: &'a str,
    generated: &'a str,
    totals: &'a QaTotals,
    by_check: &'a BTreeMap<String, (usize, usize)>,
    /// A run's report, with the table of every article's outcome (there are outcomes).
    run: bool,
}

/// Writes `<stem>.html` and `<stem>.json` into `dir`, each streamed into its file (a temporary and a rename;
/// an unchanged file is not rewritten), the rows read twice: `outcomes()` and `articles()` give them from the
/// start each time.
fn write_files<O, A, IO, IA>(
    dir: &Path,
    stem: &str,
    head: &Head<'_>,
    mut outcomes: impl FnMut() -> IO,
    mut articles: impl FnMut() -> IA,
) -> std::io::Result<Vec<PathBuf>>
where
    O: std::borrow::Borrow<RunArticle> + Serialize,
    A: std::borrow::Borrow<ArticleQa> + Serialize,
    IO: Iterator<Item = std::io::Result<O>>,
    IA: Iterator<Item = std::io::Result<A>>,
{
    std::fs::create_dir_all(dir)?;
    let html = dir.join(format!("{stem}.html"));
    let json = dir.join(format!("{stem}.json"));
    crate::channel::write_streamed_if_changed(&html, |out| write_html(out, head, outcomes(), articles()))?;
    crate::channel::write_streamed_if_changed(&json, |out| write_json(out, head, outcomes(), articles()))?;
    Ok(vec![html, json])
}

/// Writes the report as one HTML page into `out`, a part at a time: the head, then each row as it comes.
fn write_html<O, A>(
    out: &mut dyn std::io::Write,
    head: &Head<'_>,
    outcomes: impl Iterator<Item = std::io::Result<O>>,
    articles: impl Iterator<Item = std::io::Result<A>>,
) -> std::io::Result<()>
where
    O: std::borrow::Borrow<RunArticle>,
    A: std::borrow::Borrow<ArticleQa>,
{
    let mut part = String::new();
    head_html(&mut part, head);
    out.write_all(part.as_bytes())?;
    if head.run {
        part.clear();
        outcomes_header_html(&mut part);
        out.write_all(part.as_bytes())?;
        for row in outcomes {
            part.clear();
            outcome_html(&mut part, row?.borrow());
            out.write_all(part.as_bytes())?;
        }
        out.write_all(b"</table>\n</section>\n")?;
    }
    for article in articles {
        part.clear();
        article_html(&mut part, article?.borrow());
        out.write_all(part.as_bytes())?;
    }
    out.write_all(b"</body>\n</html>\n")
}

/// The page up to the end of the summary section.
fn head_html(out: &mut String, head: &Head<'_>) {
    let lang = if crate::i18n::language() == crate::i18n::UiLanguage::Vietnamese { "vi" } else { "en" };
    let title = format!("{} — {}", t!("qa-report-title"), head.title);
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
        escape(&t!("qa-report-generated", time = head.generated.to_string()))
    );

    let totals = head.totals;
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
    if head.run {
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
    if !head.by_check.is_empty() {
        let _ = writeln!(
            out,
            "<h3>{}</h3>\n<table class=\"by-check\">\n<tr><th>{}</th><th>{}</th><th>{}</th></tr>",
            escape(&t!("qa-report-by-check")),
            escape(&t!("qa-report-check")),
            escape(&t!("qa-report-errors")),
            escape(&t!("qa-report-warnings"))
        );
        for (check, (errors, warnings)) in head.by_check {
            let _ = writeln!(
                out,
                "<tr data-check=\"{0}\"><td>{0}</td><td>{errors}</td><td>{warnings}</td></tr>",
                escape(check)
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</section>\n");
}

/// One checked article in one language: its counts and its problems, errors first.
fn article_html(out: &mut String, article: &ArticleQa) {
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
        return;
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

/// The start of the table of every article of the run: how it ended, why, its package, what QA did not check.
fn outcomes_header_html(out: &mut String) {
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
}

/// One row of the table of every article of the run.
fn outcome_html(out: &mut String, row: &RunArticle) {
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

/// The report as JSON, the same bytes `serde_json::to_string_pretty` gives for a [`QaReport`], written into
/// `out` a row at a time.
fn write_json<O: Serialize, A: Serialize>(
    out: &mut dyn std::io::Write,
    head: &Head<'_>,
    outcomes: impl Iterator<Item = std::io::Result<O>>,
    articles: impl Iterator<Item = std::io::Result<A>>,
) -> std::io::Result<()> {
    /// The fields of a [`QaReport`], in its order, with the rows streamed.
    #[derive(Serialize)]
    #[serde(bound = "Rows<IO>: Serialize, Rows<IA>: Serialize")]
    struct Json<'a, IO, IA> {
        title: &'a str,
        generated: &'a str,
        totals: &'a QaTotals,
        by_check: &'a BTreeMap<String, (usize, usize)>,
        #[serde(skip_serializing_if = "Rows::is_none")]
        outcomes: Rows<IO>,
        articles: Rows<IA>,
    }
    let json = Json {
        title: head.title,
        generated: head.generated,
        totals: head.totals,
        by_check: head.by_check,
        outcomes: Rows(std::cell::RefCell::new(head.run.then_some(outcomes))),
        articles: Rows(std::cell::RefCell::new(Some(articles))),
    };
    serde_json::to_writer_pretty(out, &json)?;
    Ok(())
}

/// Rows serialized as a JSON array as they are read (once).
struct Rows<I>(std::cell::RefCell<Option<I>>);

impl<I> Rows<I> {
    fn is_none(&self) -> bool {
        self.0.borrow().is_none()
    }
}

impl<I, T> Serialize for Rows<I>
where
    I: Iterator<Item = std::io::Result<T>>,
    T: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq as _};
        let rows = self.0.borrow_mut().take().expect("a report's rows are serialized once");
        let mut seq = serializer.serialize_seq(None)?;
        for row in rows {
            seq.serialize_element(&row.map_err(S::Error::custom)?)?;
        }
        seq.end()
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

/// A run's QA report, made as the run goes so that its memory does not grow with the articles: each article's
/// QA results and outcomes go to spill files in the report's folder the moment the article is done, and only
/// the counts stay in memory; [`RunReport::finish`] streams qa-report.html and .json from the spill files.
pub struct RunReport {
    dir: PathBuf,
    tally: Tally,
    outcomes: Spill<RunArticle>,
    articles: Spill<ArticleQa>,
}

impl RunReport {
    /// A report to be written into `dir` (made if needed), its spill files made there.
    pub fn create(dir: &Path) -> std::io::Result<RunReport> {
        std::fs::create_dir_all(dir)?;
        Ok(RunReport {
            dir: dir.to_path_buf(),
            tally: Tally::default(),
            outcomes: Spill::create(&dir.join(HTML_FILE))?,
            articles: Spill::create(&dir.join(JSON_FILE))?,
        })
    }

    /// Adds one article of the run: its QA results (one per language checked) and its outcomes.
    pub fn add(&mut self, articles: &[ArticleQa], outcomes: &[RunArticle]) -> std::io::Result<()> {
        self.tally.add(articles, outcomes);
        outcomes.iter().try_for_each(|row| self.outcomes.push(row))?;
        articles.iter().try_for_each(|article| self.articles.push(article))
    }

    /// Writes qa-report.html and .json (byte for byte what [`QaReport::for_run`] over the same rows writes) and
    /// sums them up; the spill files go.
    pub fn finish(mut self, run: i64, now: String) -> std::io::Result<QaSummary> {
        let title = t!("qa-report-run", run = run);
        let head = Head {
            title: &title,
            generated: &now,
            totals: &self.tally.totals,
            by_check: &self.tally.by_check,
            run: self.outcomes.count > 0,
        };
        self.outcomes.flush()?;
        self.articles.flush()?;
        let (outcomes, articles) = (&self.outcomes, &self.articles);
        write_files(&self.dir, "qa-report", &head, || outcomes.rows(), || articles.rows())?;
        let totals = &self.tally.totals;
        Ok(QaSummary {
            errors: totals.errors,
            warnings: totals.warnings,
            held_back: totals.held_back,
            held_by_qa: totals.held_by_qa,
            held_missing: totals.held_missing,
            unchecked: totals.unchecked,
            report: self.dir.join(HTML_FILE).display().to_string(),
        })
    }
}

/// Rows kept in a file instead of memory, one JSON line each, read back one at a time. The file is a temporary
/// beside the report, removed as soon as it is open where the system allows it (nothing is left behind by a
/// killed run), otherwise when the spill is dropped.
struct Spill<T> {
    file: std::io::BufWriter<std::fs::File>,
    /// The file's name while it still has one.
    named: Option<PathBuf>,
    count: usize,
    rows: std::marker::PhantomData<T>,
}

impl<T: Serialize + serde::de::DeserializeOwned> Spill<T> {
    fn create(beside: &Path) -> std::io::Result<Spill<T>> {
        let path = crate::channel::temporary_beside(beside);
        let file = std::fs::OpenOptions::new().read(true).write(true).create_new(true).open(&path)?;
        let named = std::fs::remove_file(&path).is_err().then_some(path);
        Ok(Spill { file: std::io::BufWriter::new(file), named, count: 0, rows: std::marker::PhantomData })
    }

    fn push(&mut self, row: &T) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.file, row)?;
        self.file.write_all(b"\n")?;
        self.count += 1;
        Ok(())
    }

    /// The rows from the first, read as they are needed (after [`Spill::flush`]; an error stops them).
    fn rows(&self) -> impl Iterator<Item = std::io::Result<T>> + '_ {
        use std::io::Seek;
        let mut file = self.file.get_ref();
        let (error, file) = match file.rewind() {
            Ok(()) => (None, Some(std::io::BufReader::new(file))),
            Err(e) => (Some(Err(e)), None),
        };
        let rows = file.into_iter().flat_map(|file| {
            serde_json::Deserializer::from_reader(file).into_iter::<T>().map(|row| row.map_err(std::io::Error::from))
        });
        error.into_iter().chain(rows)
    }

    /// Writes out what is buffered: [`Spill::rows`] reads the file.
    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl<T> Drop for Spill<T> {
    fn drop(&mut self) {
        if let Some(path) = &self.named {
            let _ = std::fs::remove_file(path);
        }
    }
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

    /// The sample's rows one article at a time, as a run adds them.
    fn by_article(articles: &[ArticleQa], outcomes: &[RunArticle]) -> Vec<(Vec<ArticleQa>, Vec<RunArticle>)> {
        let mut groups: Vec<(Vec<ArticleQa>, Vec<RunArticle>)> = Vec::new();
        for row in outcomes {
            let qa = articles.iter().filter(|a| a.article == row.article).cloned().collect();
            groups.push((qa, vec![row.clone()]));
        }
        groups
    }

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn a_run_report_streamed_from_its_spill_files_is_the_same_report() {
        let (articles, outcomes) = sample();
        let whole = QaReport::for_run("Run 7".into(), "now".into(), articles.clone(), outcomes.clone());
        let dir = tempfile::tempdir().unwrap();
        let mut run = RunReport::create(dir.path()).unwrap();
        for (qa, rows) in by_article(&articles, &outcomes) {
            run.add(&qa, &rows).unwrap();
        }
        // The spill files have no name: nothing in the folder until the report is written.
        #[cfg(unix)]
        assert!(files_in(dir.path()).is_empty(), "{:?}", files_in(dir.path()));
        let summary = run.finish(7, "now".into()).unwrap();
        assert_eq!(files_in(dir.path()), [HTML_FILE, JSON_FILE]);
        let html = std::fs::read_to_string(dir.path().join(HTML_FILE)).unwrap();
        let json = std::fs::read_to_string(dir.path().join(JSON_FILE)).unwrap();
        assert_eq!(html, whole.to_html().replace("Run 7", &t!("qa-report-run", run = 7)));
        assert_eq!(json, whole.to_json().replace("Run 7", &t!("qa-report-run", run = 7)));
        assert_eq!((summary.errors, summary.warnings, summary.held_back, summary.unchecked), (2, 1, 3, 5));

        // A run without articles: no table of outcomes, no "outcomes" in the JSON, as before.
        let empty = tempfile::tempdir().unwrap();
        RunReport::create(empty.path()).unwrap().finish(8, "now".into()).unwrap();
        let whole = QaReport::for_run(t!("qa-report-run", run = 8), "now".into(), vec![], vec![]);
        assert_eq!(std::fs::read_to_string(empty.path().join(JSON_FILE)).unwrap(), whole.to_json());
        assert_eq!(std::fs::read_to_string(empty.path().join(HTML_FILE)).unwrap(), whole.to_html());
    }

    #[test]
    fn the_json_is_what_serde_makes_of_the_whole_report() {
        let (articles, outcomes) = sample();
        for report in [
            QaReport::for_run("run 7".into(), "now".into(), articles.clone(), outcomes),
            QaReport::new("a.xlf".into(), "now".into(), articles),
            QaReport::new("none".into(), "now".into(), vec![]),
        ] {
            assert_eq!(report.to_json(), serde_json::to_string_pretty(&report).unwrap());
        }
    }

    /// A writer that keeps only how much it was given and the largest single write.
    #[derive(Default)]
    struct Measure {
        bytes: usize,
        largest: usize,
    }

    impl std::io::Write for Measure {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.bytes += buf.len();
            self.largest = self.largest.max(buf.len());
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_report_is_written_a_row_at_a_time_never_whole() {
        // 5,000 articles read one at a time from an iterator: the writer gets the page in parts no larger than
        // one article's section, never the whole document (1.3 MB here) at once.
        let (articles, outcomes) = sample();
        let (one, row) = (articles[0].clone(), outcomes[0].clone());
        let whole = QaReport::for_run("run".into(), "now".into(), vec![one.clone()], vec![row.clone()]);
        let head = whole.head();
        let (mut html, mut json) = (Measure::default(), Measure::default());
        let rows = || std::iter::repeat_with(|| Ok(row.clone())).take(5_000);
        let checked = || std::iter::repeat_with(|| Ok(one.clone())).take(5_000);
        write_html(&mut html, &head, rows(), checked()).unwrap();
        write_json(&mut json, &head, rows(), checked()).unwrap();
        assert!(html.bytes > 1_000_000 && json.bytes > 1_000_000, "{} {}", html.bytes, json.bytes);
        let section = whole.to_html().len();
        assert!(html.largest < section, "largest write {} of {}", html.largest, html.bytes);
        assert!(json.largest < section, "largest write {} of {}", json.largest, json.bytes);
    }

    #[test]
    fn spilled_rows_come_back_as_they_went_in() {
        let (articles, outcomes) = sample();
        let dir = tempfile::tempdir().unwrap();
        let mut spill = Spill::create(&dir.path().join("x")).unwrap();
        articles.iter().try_for_each(|a| spill.push(a)).unwrap();
        spill.flush().unwrap();
        for _ in 0..2 {
            let back: Vec<ArticleQa> = spill.rows().collect::<std::io::Result<_>>().unwrap();
            assert_eq!(back, articles);
        }
        let mut spill = Spill::create(&dir.path().join("y")).unwrap();
        outcomes.iter().try_for_each(|a| spill.push(a)).unwrap();
        spill.flush().unwrap();
        assert_eq!(spill.rows().collect::<std::io::Result<Vec<RunArticle>>>().unwrap(), outcomes);
    }
}
