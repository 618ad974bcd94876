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
    let (glossary, issues) = Glossary::load_paths(&[fixture("glossary.tsv")]);
    assert!(issues.is_empty(), "{issues:#?}");
    glossary
}

/// (line, check, fails, source, target) of tests/fixtures/qa/cases.tsv.
fn cases() -> Vec<(usize, String, bool, String, String)> {
    let text = std::fs::read_to_string(fixture("cases.tsv")).unwrap();
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.is_empty())
        .map(|(n, line)| {
            let cells: Vec<&str> = line.split('\t').collect();
            assert_eq!(cells.len(), 4, "cases.tsv:{}", n + 1);
            (n + 1, cells[0].to_string(), cells[1] == "fail", cells[2].to_string(), cells[3].to_string())
        })
        .collect()
}

#[test]
fn every_check_fails_and_passes_on_its_fixtures() {
    let glossary = fixture_glossary();
    let matcher = glossary.matcher();
    let context = Context::new(&glossary, "en");
    let settings = QaSettings::default();
    let mut failing = BTreeSet::new();
    let mut passing = BTreeSet::new();
    for (line, check, fails, source, target) in cases() {
        assert!(CHECKS.iter().any(|c| c.name == check), "cases.tsv:{line}: no check {check}");
        let hits = matcher.find(&source);
        let unit = Unit { id: "s1", source: &source, target: &target, hits: &hits, lang: "en" };
        let problems: Vec<_> = check_unit(&unit, &context, &settings).into_iter().filter(|p| p.check == check).collect();
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
    assert!(terms[0].starts_with("title:bi-thu-tinh-uy") && terms[0].ends_with("Secretary of the Provincial Party Committee"));
    assert!(terms[1].ends_with("Provincial Party Chief"));

    let found = check("Ngày 5/1/2022, hội nghị khai mạc.", "On May 1, 2022, the conference opened.");
    let dates: Vec<_> = found.iter().filter(|p| p.check == "dates").filter_map(|p| p.involved.clone()).collect();
    assert_eq!(dates, vec!["5/1/2022".to_string(), "May 1, 2022".to_string()]);
}

#[test]
fn severities_can_be_changed_and_checks_turned_off() {
    let glossary = fixture_glossary();
    let context = Context::new(&glossary, "en");
    let unit = Unit { id: "s", source: "Có 1.250.000 người.", target: "There were 1,520,000 people.", hits: &[], lang: "en" };
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
    assert!(check_cues(&[good.clone()], &limits, &settings).is_empty());

    let long_line = Cue {
        start_ms: 0,
        end_ms: 7000,
        lines: vec!["The Secretary of the Provincial Party Committee spoke".into()],
    };
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
