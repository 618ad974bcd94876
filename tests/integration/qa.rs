// tests of qa: every check on a failing and a passing fixture, caption checks, the report (read in headless
// Chromium), the gate in a run, and `dich qa` on XLIFF files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use dich::channel::captions::Cue;
use dich::config::CaptionLimits;
use dich::glossary::Glossary;
use dich::qa::{self, check_cues, check_unit, Context, QaSettings, Severity, Unit, CHECKS};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/qa").join(name)
}

fn fixture_glossary() -> Glossary {
    let (glossary, issues) = Glossary::load_paths(&[fixture("glossary.tsv"), fixture("glossary-zh-ru.tsv")]);
    assert!(issues.is_empty(), "{issues:#?}");
    glossary
}

/// One row of tests/fixtures/qa/cases.tsv.
struct Case {
    line: usize,
    check: String,
    fails: bool,
    source: String,
    target: String,
    lang: String,
}

/// The rows of tests/fixtures/qa/cases.tsv: check, fail|pass, source, target and an optional language (en).
fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(fixture("cases.tsv")).unwrap();
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.is_empty())
        .map(|(n, line)| {
            let cells: Vec<&str> = line.split('\t').collect();
            assert!(matches!(cells.len(), 4 | 5), "cases.tsv:{}", n + 1);
            Case {
                line: n + 1,
                check: cells[0].to_string(),
                fails: cells[1] == "fail",
                source: cells[2].to_string(),
                target: cells[3].to_string(),
                lang: cells.get(4).unwrap_or(&"en").to_string(),
            }
        })
        .collect()
}

#[test]
fn every_check_fails_and_passes_on_its_fixtures() {
    let glossary = fixture_glossary();
    let matcher = glossary.matcher();
    let settings = QaSettings::default();
    let mut failing = BTreeSet::new();
    let mut passing = BTreeSet::new();
    for Case { line, check, fails, source, target, lang } in cases() {
        assert!(CHECKS.iter().any(|c| c.name == check), "cases.tsv:{line}: no check {check}");
        let context = Context::new(&glossary, &lang);
        let hits = matcher.find(&source);
        let unit = Unit { id: "s1", source: &source, target: &target, hits: &hits, lang: &lang };
        let problems: Vec<_> =
            check_unit(&unit, &context, &settings).into_iter().filter(|p| p.check == check).collect();
        if fails {
            assert!(!problems.is_empty(), "cases.tsv:{line}: {check} should fail on {target:?}");
            assert!(problems.iter().all(|p| p.segment == "s1" && p.target == target && !p.message.is_empty()));
            failing.insert(check);
        } else {
            assert!(problems.is_empty(), "cases.tsv:{line}: {check} should pass on {target:?}: {problems:#?}");
            passing.insert(check);
        }
    }
    let all: BTreeSet<String> = CHECKS.iter().map(|c| c.name.to_string()).collect();
    assert_eq!(failing, all, "every check has a failing fixture");
    assert_eq!(passing, all, "every check has a passing fixture");
}

#[test]
fn problems_name_what_is_involved() {
    let glossary = fixture_glossary();
    let matcher = glossary.matcher();
    let context = Context::new(&glossary, "en");
    let check = |source: &str, target: &str| {
        let hits = matcher.find(source);
        check_unit(&Unit { id: "a:3", source, target, hits: &hits, lang: "en" }, &context, &QaSettings::default())
    };
    let found = check("Có 1.250.000 người tham gia.", "There were 1,520,000 participants.");
    let numbers: Vec<_> = found.iter().filter(|p| p.check == "numbers").map(|p| p.involved.clone().unwrap()).collect();
    assert_eq!(numbers, vec!["1.250.000".to_string(), "1,520,000".to_string()]);
    assert!(found.iter().all(|p| p.severity == Severity::Error || p.check != "numbers"));

    let found = check("Bí thư Tỉnh ủy phát biểu.", "The Provincial Party Chief spoke.");
    let terms: Vec<_> = found.iter().filter(|p| p.check == "terminology").filter_map(|p| p.involved.clone()).collect();
    assert_eq!(terms.len(), 2, "{terms:?}");
    assert!(
        terms[0].starts_with("title:bi-thu-tinh-uy")
            && terms[0].ends_with("Secretary of the Provincial Party Committee")
    );
    assert!(terms[1].ends_with("Provincial Party Chief"));

    let found = check("Ngày 5/1/2022, hội nghị khai mạc.", "On May 1, 2022, the conference opened.");
    let dates: Vec<_> = found.iter().filter(|p| p.check == "dates").filter_map(|p| p.involved.clone()).collect();
    assert_eq!(dates, vec!["5/1/2022".to_string(), "May 1, 2022".to_string()]);
}

#[test]
fn severities_can_be_changed_and_checks_turned_off() {
    let glossary = fixture_glossary();
    let context = Context::new(&glossary, "en");
    let unit =
        Unit {
            id: "s", source: "Có 1.250.000 người.", target: "There were 1,520,000 people.", hits: &[], lang: "en"
        };
    let mut settings = QaSettings::default();
    settings.severity.insert("numbers".into(), Severity::Warning);
    let found = check_unit(&unit, &context, &settings);
    assert!(found.iter().filter(|p| p.check == "numbers").all(|p| p.severity == Severity::Warning));
    settings.severity.insert("numbers".into(), Severity::Off);
    assert!(check_unit(&unit, &context, &settings).iter().all(|p| p.check != "numbers"));
}

#[test]
fn caption_line_length_and_reading_speed() {
    let limits = CaptionLimits::for_language("en");
    let settings = QaSettings::default();
    let good = Cue { start_ms: 0, end_ms: 3000, lines: vec!["The conference opened".into(), "in Phan Thiet.".into()] };
    assert!(check_cues(std::slice::from_ref(&good), &limits, &settings).is_empty());

    let long_line =
        Cue { start_ms: 0, end_ms: 7000, lines: vec!["The Secretary of the Provincial Party Committee spoke".into()] };
    let found = check_cues(&[good.clone(), long_line], &limits, &settings);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].check.as_str(), found[0].segment.as_str()), ("caption-line-length", "cue 2"));

    // 36 characters in one second: over 17 a second.
    let fast = Cue { start_ms: 0, end_ms: 1000, lines: vec!["The conference opened".into(), "in Phan Thiet.".into()] };
    let found = check_cues(&[fast], &limits, &settings);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].check, "reading-speed");
    assert_eq!(found[0].involved.as_deref(), Some("36.0"));
    assert_eq!(qa::checks::all_names().len(), CHECKS.len() + 2);
}

/// A run of the basic fixture's Lam Dong article with its memory, the English of one segment changed by
/// `edit` (applied to memory.tmx), in a fresh directory. Returns (directory, pipeline.toml path).
fn lam_dong_run(edit: impl Fn(String) -> String, qa_table: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let basic = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/run/basic");
    std::fs::create_dir_all(dir.path().join("articles")).unwrap();
    std::fs::copy(
        basic.join("articles/lam-dong-doi-ngoai.vi.txt"),
        dir.path().join("articles/lam-dong-doi-ngoai.vi.txt"),
    )
    .unwrap();
    let tmx = std::fs::read_to_string(basic.join("memory.tmx")).unwrap();
    std::fs::write(dir.path().join("memory.tmx"), edit(tmx)).unwrap();
    let glossary = Path::new(env!("CARGO_MANIFEST_DIR")).join("glossary");
    let config = format!(
        "source = \"vi\"\ntargets = [\"en\"]\ninputs = [\"articles\"]\noutput_dir = \"out\"\nglossary = [{:?}]\n\n\
         [memory]\nseed = [\"memory.tmx\"]\n\n[[channels]]\nname = \"web-en\"\nlanguage = \"en\"\nkind = \"press\"\n\
         formats = [\"markdown\"]\n{qa_table}",
        glossary.display().to_string()
    );
    let path = dir.path().join("pipeline.toml");
    std::fs::write(&path, config).unwrap();
    (dir, path)
}

fn run_cli(config: &Path, args: &[&str]) -> (i32, String) {
    let output = assert_cmd::Command::cargo_bin("dich")
        .unwrap()
        .arg("--lang")
        .arg("en")
        .arg("--config")
        .arg(config)
        .args(args)
        .output()
        .unwrap();
    (output.status.code().unwrap(), String::from_utf8_lossy(&output.stdout).into_owned())
}

fn wrong_number(tmx: String) -> String {
    assert!(tmx.contains("USD 1,250,000"));
    tmx.replace("USD 1,250,000", "USD 1,520,000")
}

fn doubled_word(tmx: String) -> String {
    assert!(tmx.contains("presented certificates"));
    tmx.replace("presented certificates", "presented presented certificates")
}

#[test]
fn an_error_holds_the_article_back_and_fails_the_run() {
    let (dir, config) = lam_dong_run(wrong_number, "");
    let (code, stdout) = run_cli(&config, &["run", "--json"]);
    assert_eq!(code, 1, "{stdout}");
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let article = &summary["articles"][0];
    assert_eq!(article["status"], "held_back");
    let reason = article["reason"].as_str().unwrap();
    assert!(reason.contains("numbers check, segment s") && reason.contains("1.250.000"), "{reason}");
    assert_eq!(summary["qa"]["errors"], 2, "the number missing and the wrong one: {}", summary["qa"]);
    assert!(!dir.path().join("out/web-en/lam-dong-doi-ngoai.en.md").exists(), "nothing published");

    // The package carries the problem as a note on its unit.
    let package = dir.path().join("out/packages/en/lam-dong-doi-ngoai.vi-en.xlf");
    let doc = dich::formats::xliff2::read(&std::fs::read_to_string(&package).unwrap()).unwrap();
    let noted: Vec<_> = doc.files[0]
        .units
        .iter()
        .filter(|u| u.notes.iter().any(|n| n.category.as_deref() == Some(qa::gate::NOTE_QA)))
        .collect();
    assert_eq!(noted.len(), 1);
    assert!(noted[0].source.plain_text().contains("1.250.000 USD"));
    let note = noted[0].notes.iter().find(|n| n.category.as_deref() == Some(qa::gate::NOTE_QA)).unwrap();
    assert!(note.text.starts_with("numbers (error): "), "{}", note.text);

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/qa-report.json")).unwrap()).unwrap();
    assert_eq!(json["totals"]["held_back"], 1);
    assert_eq!(json["articles"][0]["problems"][0]["check"], "numbers");
}

#[test]
fn warnings_do_not_hold_back_and_severities_come_from_the_qa_table() {
    let (dir, config) = lam_dong_run(doubled_word, "");
    let (code, stdout) = run_cli(&config, &["run", "--json"]);
    assert_eq!(code, 0, "{stdout}");
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["articles"][0]["status"], "published");
    assert_eq!((summary["qa"]["errors"].as_u64(), summary["qa"]["warnings"].as_u64()), (Some(0), Some(1)));
    assert!(dir.path().join("out/web-en/lam-dong-doi-ngoai.en.md").exists());

    // `[qa] numbers = "warning"` lets the wrong number through as a warning.
    let (dir, config) = lam_dong_run(wrong_number, "\n[qa]\nnumbers = \"warning\"\n");
    let (code, stdout) = run_cli(&config, &["run", "--json"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(dir.path().join("out/web-en/lam-dong-doi-ngoai.en.md").exists());
}

#[test]
fn an_unknown_check_in_the_qa_table_is_reported_at_its_place() {
    let text = "source = \"vi\"\ntargets = [\"en\"]\n\n[qa]\nnumbers = \"warning\"\nnumber = \"off\"\n";
    let errors = dich::config::Settings::parse(text, Path::new("pipeline.toml")).unwrap_err();
    let shown = errors.to_string();
    assert!(shown.contains("pipeline.toml:6:1") && shown.contains("unknown check \"number\""), "{shown}");
    assert!(shown.contains("numbers"), "suggests the right name: {shown}");
    let text = "source = \"vi\"\ntargets = [\"en\"]\n\n[qa]\nnumbers = \"fatal\"\n";
    let shown = dich::config::Settings::parse(text, Path::new("pipeline.toml")).unwrap_err().to_string();
    assert!(shown.contains("pipeline.toml:5:") && shown.contains("fatal"), "{shown}");
    let settings = dich::config::Settings::parse(
        "source = \"vi\"\ntargets = [\"en\"]\n[qa]\nreading-speed = \"error\"\n",
        Path::new("p.toml"),
    )
    .unwrap();
    assert_eq!(settings.qa.severity.get("reading-speed"), Some(&Severity::Error));
}

#[test]
fn the_report_escapes_everything() {
    let article = qa::ArticleQa {
        article: "a<b".into(),
        headline: "<script>alert(1)</script>".into(),
        language: "en".into(),
        segments: 1,
        problems: vec![qa::Problem {
            check: "numbers".into(),
            severity: Severity::Error,
            segment: "s\"1".into(),
            source: "Có <b>1.250.000</b> & hơn".into(),
            target: "There were 1,520,000 & more".into(),
            message: "m".into(),
            involved: Some("1.250.000".into()),
        }],
    };
    let html = qa::QaReport::new("run 1".into(), "2026-11-28T09:00:00Z".into(), vec![article]).to_html();
    assert!(!html.contains("<script>") && !html.contains("<b>"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
            && html.contains("&lt;b&gt;1.250.000&lt;/b&gt; &amp; hơn")
    );
    assert!(html.contains("data-article=\"a&lt;b\"") && html.contains("s&quot;1"));
    assert!(
        !html.contains("http://") && !html.contains("https://") && !html.contains("<link") && !html.contains("src=")
    );
}

/// Headless Debian Chromium: `chromium` on PATH (scripts/test.sh installs it).
fn chromium() -> PathBuf {
    let found = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).map(|p| p.join("chromium")).find(|p| p.is_file()))
        .unwrap_or_default();
    found.unwrap_or_else(|| {
        panic!("chromium is missing: scripts/test.sh installs it (Debian package `chromium`: apt-get install chromium)")
    })
}

fn chromium_args(profile: &Path) -> Vec<String> {
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect()
}

#[test]
fn the_report_reads_in_headless_chromium() {
    let chromium = chromium();
    let (dir, config) = lam_dong_run(|tmx| doubled_word(wrong_number(tmx)), "");
    let (code, _) = run_cli(&config, &["run"]);
    assert_eq!(code, 1);
    let html = dir.path().join("out/qa-report.html");
    let url = format!("file://{}", html.display());
    let profile = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(&chromium)
        .args(chromium_args(profile.path()))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let dom = String::from_utf8(output.stdout).unwrap();
    // What the browser built from the page: the summary counts and the problem rows with their checks.
    let cell = |id: &str| {
        let row =
            dom.split(&format!("<tr id=\"total-{id}\">")).nth(1).unwrap_or_else(|| panic!("no total-{id} in {dom}"));
        row.split("<td>").nth(1).unwrap().split("</td>").next().unwrap().to_string()
    };
    assert_eq!(
        (cell("checked"), cell("errors"), cell("warnings"), cell("held-back")),
        ("1".into(), "2".into(), "1".into(), "1".into())
    );
    assert!(dom.contains("<title>QA report — run 1</title>"), "{dom}");
    let rows: Vec<&str> = dom.split("<tr class=\"problem ").skip(1).collect();
    assert_eq!(rows.len(), 3);
    assert!(rows[0].starts_with("error\" data-check=\"numbers\"><td class=\"check\">numbers</td>"), "{}", rows[0]);
    assert!(
        rows[0].contains("1.250.000 USD") && rows[0].contains("<td class=\"involved\">1.250.000 USD</td>"),
        "{}",
        rows[0]
    );
    assert!(rows.iter().any(|r| r.starts_with("warning\" data-check=\"doubled-words\"")));

    let shot = profile.path().join("report.png");
    let status = std::process::Command::new(&chromium)
        .args(chromium_args(&tempfile::tempdir().unwrap().keep()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1280,900")
        .arg(&url)
        .output()
        .unwrap();
    assert!(status.status.success());
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000, "a real screenshot ({} bytes)", png.len());
}

#[test]
fn dich_qa_checks_existing_packages() {
    let (dir, config) = lam_dong_run(wrong_number, "");
    assert_eq!(run_cli(&config, &["run"]).0, 1);
    let packages = dir.path().join("out/packages");
    let (code, stdout) = run_cli(&config, &["qa", "--json", packages.to_str().unwrap()]);
    assert_eq!(code, 1, "{stdout}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    // The package in XLIFF 2.1 and in 1.2: the same two problems in each.
    assert_eq!(report["totals"]["errors"], 4);
    assert!(report["articles"][0]["problems"].as_array().unwrap().iter().all(|p| p["check"] == "numbers"));

    // A translator fixes the number in the package: `dich qa` passes.
    let path = packages.join("en/lam-dong-doi-ngoai.vi-en.xlf");
    let fixed = std::fs::read_to_string(&path).unwrap().replace("USD 1,520,000", "USD 1,250,000");
    std::fs::write(&path, fixed).unwrap();
    let (code, stdout) = run_cli(&config, &["qa", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("Checked 1 file(s): 0 errors"), "{stdout}");
}

#[test]
fn a_clean_runs_outputs_pass_dich_qa_in_every_translator_format() {
    let translators = "\n[[channels]]\nname = \"translators-en\"\nlanguage = \"en\"\nkind = \"translators\"\n\
                       formats = [\"xliff\", \"xliff12\", \"tmx\"]\n";
    let (dir, config) = lam_dong_run(|tmx| tmx, translators);
    assert_eq!(run_cli(&config, &["run"]).0, 0);
    let out = dir.path().join("out");
    let (code, stdout) = run_cli(&config, &["qa", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("Checked 3 file(s): 0 errors"), "{stdout}");
    let html = std::fs::read_to_string(out.join("qa-check.html")).unwrap();
    assert!(html.contains("lam-dong-doi-ngoai"), "{html}");
    assert!(out.join("qa-report.html").exists(), "the run's own report stays");

    // A wrong number in the 1.2 file and in the TMX: both found.
    for name in ["lam-dong-doi-ngoai.vi-en.v12.xlf", "lam-dong-doi-ngoai.vi-en.tmx"] {
        let path = out.join("translators-en").join(name);
        let text = std::fs::read_to_string(&path).unwrap().replace("USD 1,250,000", "USD 1,520,000");
        std::fs::write(&path, text).unwrap();
        let (code, stdout) = run_cli(&config, &["qa", path.to_str().unwrap()]);
        assert_eq!(code, 1, "{name}: {stdout}");
        assert!(stdout.contains("numbers"), "{name}: {stdout}");
    }
}

#[test]
fn the_cues_tv_channels_write_pass_the_caption_checks() {
    // The cue builder breaks lines and times cues within the channel's limits, even narrow ones; the gate checks
    // the cues each tv channel writes, so a builder that broke its limits would show here.
    let tv = "\n[[channels]]\nname = \"tv-en\"\nlanguage = \"en\"\nkind = \"tv\"\nformats = [\"srt\"]\n\
              max_chars_per_line = 20\nmax_chars_per_second = 12.0\n";
    let (dir, config) = lam_dong_run(|tmx| tmx, tv);
    let (code, stdout) = run_cli(&config, &["run", "--json"]);
    assert_eq!(code, 0, "{stdout}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out/qa-report.json")).unwrap()).unwrap();
    assert_eq!(json["totals"]["problems"], 0, "{json}");
    let srt = std::fs::read_to_string(dir.path().join("out/tv-en/lam-dong-doi-ngoai.en.srt")).unwrap();
    assert!(srt.lines().filter(|l| l.contains("-->")).count() > 20, "many short cues: {srt}");
}

#[test]
fn the_review_loop_fixes_what_qa_held_back() {
    // Run: the wrong number holds the article back. The translator fixes it in the package and approves it;
    // import; the next run publishes the fix and the memory holds it.
    let (dir, config) = lam_dong_run(wrong_number, "");
    assert_eq!(run_cli(&config, &["run"]).0, 1);
    let package = dir.path().join("out/packages/en/lam-dong-doi-ngoai.vi-en.xlf");
    let mut doc = dich::formats::xliff2::read(&std::fs::read_to_string(&package).unwrap()).unwrap();
    let mut fixed = 0;
    for unit in &mut doc.files[0].units {
        let target = unit.target.as_ref().unwrap().plain_text();
        if target.contains("USD 1,520,000") {
            unit.target = Some(dich::formats::xliff2::Content::text(target.replace("USD 1,520,000", "USD 1,250,000")));
            unit.state = dich::formats::xliff2::State::Final;
            fixed += 1;
        }
    }
    assert_eq!(fixed, 1);
    let reviewed = dir.path().join("reviewed.xlf");
    std::fs::write(&reviewed, dich::formats::xliff2::write(&doc)).unwrap();
    let (code, stdout) = run_cli(&config, &["import", reviewed.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}");
    // The seed is loaded again by the next run; it must not put its (wrong) approved entry back over the
    // translator's approved fix.

    let (code, stdout) = run_cli(&config, &["run", "--json"]);
    assert_eq!(code, 0, "{stdout}");
    let summary: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["articles"][0]["status"], "published");
    assert_eq!(summary["qa"]["errors"], 0);
    let markdown = std::fs::read_to_string(dir.path().join("out/web-en/lam-dong-doi-ngoai.en.md")).unwrap();
    assert!(markdown.contains("USD 1,250,000") && !markdown.contains("1,520,000"), "{markdown}");
    let exported = dir.path().join("memory-out.tmx");
    assert_eq!(run_cli(&config, &["memory", "export", "-o", exported.to_str().unwrap()]).0, 0);
    let tmx = std::fs::read_to_string(&exported).unwrap();
    assert!(tmx.contains("mobilized USD 1,250,000 in foreign"), "the memory holds the fix");
}

#[test]
fn glossary_decisions_edit_the_term_bases_reviewably() {
    let dir = tempfile::tempdir().unwrap();
    let titles = dir.path().join("titles.tsv");
    std::fs::copy(fixture("glossary.tsv"), &titles).unwrap();
    let header = "vi\ten\tkind\tstatus\tforbidden\tnote\tevidence\n";
    std::fs::write(dir.path().join("concepts.tsv"), header).unwrap();
    let before = std::fs::read_to_string(&titles).unwrap();

    let applied = qa::decisions::apply(&fixture("decisions.tsv"), dir.path(), "2026-11-28").unwrap();
    assert_eq!(applied.changes.len(), 3, "{applied:#?}");
    assert_eq!(applied.refused.len(), 2, "{applied:#?}");
    assert!(applied.refused[0].contains("decisions.tsv:6:") && applied.refused[0].contains("Hà Nội"));
    assert!(applied.refused[1].contains("decisions.tsv:7:") && applied.refused[1].contains("keep"));

    // Only the decided rows changed; the old rendering is forbidden now, the translator signed the note.
    let after = std::fs::read_to_string(&titles).unwrap();
    let changed: Vec<(&str, &str)> = before.lines().zip(after.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(changed.len(), 2);
    assert_eq!(before.lines().count(), after.lines().count());
    let secretary: Vec<&str> = changed[0].1.split('\t').collect();
    assert_eq!(secretary[1], "Provincial Party Secretary");
    assert_eq!(secretary[4], "Provincial Party Chief | Secretary of the Provincial Party Committee");
    assert_eq!(secretary[5], "QA fixture; decided by Lan (translator) on 2026-11-28: shorter form for TV");
    assert_eq!(changed[1].1.split('\t').nth(4), Some("Phan Thiet City"));
    assert_eq!(applied.changes[0].location, format!("{}:2", titles.display()));

    // The glossary loads cleanly with the decisions in it; the new term is proposed.
    let (glossary, issues) = Glossary::load_paths(&[dir.path().to_path_buf()]);
    assert!(issues.is_empty(), "{issues:#?}");
    let proposed = glossary.entries.iter().find(|e| e.vi == "công tác đối ngoại nhân dân").unwrap();
    assert_eq!(proposed.status, dich::glossary::Status::Proposed);
    assert_eq!(proposed.targets["en"], "people-to-people diplomacy");
    let context = Context::new(&glossary, "en");
    let hits = glossary.matcher().find("Bí thư Tỉnh ủy phát biểu.");
    let unit = Unit {
        id: "s",
        source: "Bí thư Tỉnh ủy phát biểu.",
        target: "The Secretary of the Provincial Party Committee spoke.",
        hits: &hits,
        lang: "en",
    };
    let found = check_unit(&unit, &context, &QaSettings::default());
    assert_eq!(
        found.iter().filter(|p| p.check == "terminology").count(),
        2,
        "old rendering now forbidden, new one missing"
    );

    // Applying the same file again changes nothing more in the rows already decided.
    let again = qa::decisions::apply(&fixture("decisions.tsv"), dir.path(), "2026-11-28").unwrap();
    assert_eq!(
        std::fs::read_to_string(&titles).unwrap().lines().nth(1).unwrap().split('\t').nth(4),
        Some(secretary[4])
    );
    assert!(again.refused.iter().any(|r| r.contains("already in the glossary")));
}
