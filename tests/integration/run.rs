//! The whole pipeline on fixture folders: publish or hold back, failures in the summary, stable outputs, the
//! translators' loop through XLIFF, the memory through TMX, the CLI's exit codes, and a run killed mid-way.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use assert_cmd::Command;
use chrono::TimeZone;
use dich::clock::FixedClock;
use dich::config::Settings;
use dich::formats::xliff2;
use dich::package::import::{import_files, ImportError};
use dich::pipeline::summary::{ArticleStatus, RunSummary};
use dich::pipeline::{self, RunEnv};
use dich::store::{MemoryStore, Store, TmState};

pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/run").join(name)
}

pub(crate) fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock(chrono::Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap()))
}

/// The fixture's settings with outputs (and the store) in `out`.
pub(crate) fn settings(case: &str, out: &Path) -> Settings {
    Settings::load(&fixture(case).join("pipeline.toml"))
        .expect("fixture config is valid")
        .with_output_dir(out.to_path_buf())
}

pub(crate) fn run(settings: &Settings) -> (RunSummary, Arc<Store>) {
    let store = Arc::new(Store::open(&settings.store_path).unwrap());
    let env = RunEnv {
        store: store.clone(),
        clock: clock(),
        cancel: Arc::new(AtomicBool::new(false)),
        progress: Default::default(),
    };
    (pipeline::run(settings, &env).unwrap(), store)
}

pub(crate) fn article<'a>(summary: &'a RunSummary, id: &str) -> &'a dich::pipeline::summary::ArticleReport {
    summary.articles.iter().find(|a| a.id == id).unwrap_or_else(|| panic!("no article {id} in {summary:#?}"))
}

#[test]
fn complete_articles_are_published_incomplete_held_back_bad_files_listed() {
    let out = tempfile::tempdir().unwrap();
    let (summary, _) = run(&settings("basic", out.path()));

    assert_eq!(summary.totals.articles, 4);
    assert_eq!((summary.totals.published, summary.totals.held_back, summary.totals.failed), (1, 1, 2));

    let published = article(&summary, "lam-dong-doi-ngoai");
    assert_eq!(published.status, ArticleStatus::Published);
    assert_eq!(published.targets[0].missing, 0);
    assert_eq!(published.targets[0].from_memory, published.segments);
    let markdown = std::fs::read_to_string(out.path().join("web-en/lam-dong-doi-ngoai.en.md")).unwrap();
    insta::assert_snapshot!("published_markdown", markdown);
    assert!(out.path().join("translators-en/lam-dong-doi-ngoai.vi-en.xlf").exists());

    let held = article(&summary, "khanh-hoa-huu-nghi");
    assert_eq!(held.status, ArticleStatus::HeldBack);
    assert!(held.reason.as_deref().unwrap().contains("have no translation"), "{held:?}");
    // No machine engine is configured: nothing was refused, so nothing says so.
    assert!(!held.reason.as_deref().unwrap().contains("refused"), "{held:?}");
    let package = out.path().join("packages/en/khanh-hoa-huu-nghi.vi-en.xlf");
    assert_eq!(held.targets[0].package.as_deref(), Some(package.to_str().unwrap()));
    assert!(!out.path().join("web-en/khanh-hoa-huu-nghi.en.md").exists(), "never published with Vietnamese holes");
    let doc = xliff2::read(&std::fs::read_to_string(&package).unwrap()).unwrap();
    assert_eq!(doc.trg_lang.as_deref(), Some("en"));
    assert!(doc.files[0].units.iter().all(|u| u.target.is_none() && u.state == xliff2::State::Initial));
    assert_eq!(doc.files[0].units.len(), held.segments);
    let hk = &doc.files[0].units[1];
    let terms: Vec<(&str, Option<&str>)> = hk
        .source
        .0
        .iter()
        .filter_map(|i| match i {
            xliff2::Inline::Term { text, value, .. } => Some((text.as_str(), value.as_deref())),
            _ => None,
        })
        .collect();
    assert!(
        terms.contains(&(
            "Thường trực HĐND tỉnh Khánh Hòa",
            Some("Standing Board of the Khanh Hoa Provincial People's Council")
        )),
        "glossary terms are marked in the package with their house rendering: {terms:?}"
    );
    assert!(summary.glossary.entries > 150 && summary.totals.terms > 20, "{:?}", summary.glossary);
    assert!(published.targets[0].terms_kept > 0);
    crate::formats::xmllint_schema(&package);
    crate::formats::xmllint_schema(&out.path().join("translators-en/lam-dong-doi-ngoai.vi-en.xlf"));

    for (id, file) in [("anh-loi", "anh-loi.txt"), ("trong", "trong.md")] {
        let failed = article(&summary, id);
        assert_eq!(failed.status, ArticleStatus::Failed);
        assert!(failed.reason.as_deref().unwrap().contains(file), "the reason names the file: {failed:?}");
    }
    let text = summary.to_text();
    assert!(
        text.contains("dich models pull opus-mt-vi-en") && text.contains("type = \"marian\""),
        "the summary says how to get a model and plug in an engine:\n{text}"
    );
    assert!(out.path().join("run-summary.json").exists() && out.path().join("run-summary.txt").exists());
}

#[test]
fn a_second_run_gives_the_same_ids_and_outputs() {
    let out = tempfile::tempdir().unwrap();
    let settings = settings("basic", out.path());
    let (first, store) = run(&settings);
    let ids_before = store.load_segments("khanh-hoa-huu-nghi").unwrap();
    let package = out.path().join("packages/en/khanh-hoa-huu-nghi.vi-en.xlf");
    let markdown = out.path().join("web-en/lam-dong-doi-ngoai.en.md");
    let (package_before, markdown_before) = (std::fs::read(&package).unwrap(), std::fs::read(&markdown).unwrap());
    drop(store);

    let (second, store) = run(&settings);
    assert_eq!(store.load_segments("khanh-hoa-huu-nghi").unwrap(), ids_before);
    assert_eq!(std::fs::read(&package).unwrap(), package_before);
    assert_eq!(std::fs::read(&markdown).unwrap(), markdown_before);
    assert_eq!(second.totals, first.totals);
    assert_eq!(second.memory_entries, first.memory_entries, "seeding the memory again adds nothing");
    assert!(second.run > first.run);
}

/// What a translator does in a CAT tool: fill every target of the package.
fn translate_package(path: &Path) -> usize {
    let mut doc = xliff2::read(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut count = 0;
    for unit in &mut doc.files[0].units {
        let english = format!("[EN] {}", unit.source.plain_text());
        unit.target = Some(xliff2::Content::text(english));
        unit.state = xliff2::State::Reviewed;
        count += 1;
    }
    std::fs::write(path, xliff2::write(&doc)).unwrap();
    count
}

#[test]
fn a_reviewed_package_goes_into_the_memory_and_the_article_is_published() {
    let out = tempfile::tempdir().unwrap();
    let mut settings = settings("basic", out.path());
    // The fake translator's "[EN] <Vietnamese>" would fail QA's error-level checks; here they only warn.
    settings.qa = dich::qa::QaSettings::all(dich::qa::Severity::Warning);
    let (_, store) = run(&settings);
    let package = out.path().join("packages/en/khanh-hoa-huu-nghi.vi-en.xlf");
    let reviewed = out.path().join("reviewed.xlf");
    std::fs::copy(&package, &reviewed).unwrap();
    let units = translate_package(&reviewed);

    let before = store.tm_count().unwrap();
    let report = import_files(&*store, std::slice::from_ref(&reviewed), &Default::default(), clock().as_ref()).unwrap();
    assert_eq!((report.files, report.units, report.approved, report.skipped.len()), (1, units, units, 0));
    assert_eq!(store.tm_count().unwrap(), before + units);
    drop(store);

    let (summary, store) = run(&settings);
    let published = article(&summary, "khanh-hoa-huu-nghi");
    assert_eq!(published.status, ArticleStatus::Published, "{published:?}");
    let markdown = std::fs::read_to_string(out.path().join("web-en/khanh-hoa-huu-nghi.en.md")).unwrap();
    // The default press channel writes names without diacritics (house style).
    assert!(markdown.starts_with("# \\[EN\\] Khanh Hoa"), "{markdown}");
    let entries = store.tm_entries(None).unwrap();
    assert!(entries.iter().filter(|e| e.target.starts_with("[EN]")).all(|e| e.state == TmState::Approved));
}

#[test]
fn an_import_with_any_bad_unit_imports_nothing() {
    let out = tempfile::tempdir().unwrap();
    let (_, store) = run(&settings("basic", out.path()));
    let package = out.path().join("packages/en/khanh-hoa-huu-nghi.vi-en.xlf");
    translate_package(&package);
    let mut doc = xliff2::read(&std::fs::read_to_string(&package).unwrap()).unwrap();
    let units = &mut doc.files[0].units;
    units[1].source = xliff2::Content::text("Một câu đã bị sửa.");
    units[2].id = "s000000000000".to_string();
    let bad = out.path().join("bad.xlf");
    std::fs::write(&bad, xliff2::write(&doc)).unwrap();

    let before = store.tm_count().unwrap();
    let errors =
        import_files(&*store, &[package.clone(), bad.clone()], &Default::default(), clock().as_ref()).unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(matches!(&errors[0], ImportError::SourceChanged { unit, .. } if *unit == doc.files[0].units[1].id));
    assert!(matches!(&errors[1], ImportError::UnknownUnit { unit, .. } if unit == "s000000000000"));
    assert!(errors[1].to_string().contains("bad.xlf") && errors[1].to_string().contains("s000000000000"));
    assert_eq!(store.tm_count().unwrap(), before, "nothing is partly imported, not even the good file");
}

#[test]
fn the_memory_round_trips_through_tmx() {
    let out = tempfile::tempdir().unwrap();
    let (_, store) = run(&settings("basic", out.path()));
    let entries = store.tm_entries(None).unwrap();
    assert_eq!(entries.len(), 11);
    let tmx_path = out.path().join("memory.tmx");
    std::fs::write(&tmx_path, dich::formats::tmx::write(&dich::memory::to_tmx(&entries, "vi"))).unwrap();
    let mut read = dich::memory::read_tmx(&tmx_path, TmState::Machine, "2026-11-28T09:00:00Z").unwrap();
    let mut expected = entries.clone();
    read.sort_by(|a, b| a.source.cmp(&b.source));
    expected.sort_by(|a, b| a.source.cmp(&b.source));
    assert_eq!(read, expected, "state, provenance and dates survive the round trip");

    let fresh = Store::open_in_memory().unwrap();
    fresh.tm_put_all(&read).unwrap();
    assert_eq!(fresh.tm_entries(None).unwrap().len(), entries.len());
}

pub(crate) fn dich_cmd(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("dich").unwrap();
    cmd.current_dir(dir).env("LANG", "C.UTF-8").env_remove("LC_ALL").env_remove("LC_MESSAGES");
    cmd
}

#[test]
fn cli_exit_codes_follow_the_outcome() {
    let out = tempfile::tempdir().unwrap();
    let config = fixture("basic").join("pipeline.toml");
    // Two unreadable articles: exit 1, and the summary still lists everything.
    let assert =
        dich_cmd(out.path()).arg("run").arg("--config").arg(&config).arg("--out").arg(out.path()).assert().code(1);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(stdout.contains("published 1, held back 1, failed 2"), "{stdout}");

    // Only the good articles: held back is a normal outcome (0), unless --strict (1).
    let articles = fixture("basic").join("articles");
    let good = [articles.join("lam-dong-doi-ngoai.vi.txt"), articles.join("khanh-hoa-huu-nghi.html")];
    dich_cmd(out.path())
        .arg("run")
        .arg("--config")
        .arg(&config)
        .arg("--out")
        .arg(out.path())
        .args(&good)
        .assert()
        .code(0);
    dich_cmd(out.path())
        .args(["run", "--strict", "--json", "--config"])
        .arg(&config)
        .arg("--out")
        .arg(out.path())
        .args(&good)
        .assert()
        .code(1)
        .stdout(predicates::str::contains("\"held_back\": 1"));

    // A bad configuration: exit 2 with file:line:column.
    let bad = out.path().join("bad.toml");
    std::fs::write(&bad, "source = \"vi\"\ntargets = [\"en\"]\n[memory]\nfuzy_threshold = 0.5\n").unwrap();
    dich_cmd(out.path())
        .args(["run", "--config"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("bad.toml:4:1"))
        .stderr(predicates::str::contains("fuzzy_threshold"));
}

#[test]
fn a_second_run_on_a_store_in_use_stops_before_doing_anything() {
    let out = tempfile::tempdir().unwrap();
    let config = fixture("basic").join("pipeline.toml");
    let settings = settings("basic", out.path());
    let store = Store::open(&settings.store_path).unwrap();
    let lock = store.lock_for_run().unwrap();
    dich_cmd(out.path())
        .args(["run", "--config"])
        .arg(&config)
        .arg("--out")
        .arg(out.path())
        .assert()
        .code(1)
        .stderr(predicates::str::contains("Another dich run is using the store"))
        .stderr(predicates::str::contains(format!("{} ", std::process::id())));
    assert!(store.last_run().unwrap().is_none(), "the refused run journaled nothing");
    assert!(!out.path().join("run-summary.json").exists(), "the refused run wrote nothing");
    drop(lock);
    dich_cmd(out.path()).args(["run", "--config"]).arg(&config).arg("--out").arg(out.path()).assert().code(1);
    assert!(store.last_run().unwrap().is_some());
}

#[test]
fn cli_speaks_vietnamese_when_asked() {
    let out = tempfile::tempdir().unwrap();
    let config = fixture("basic").join("pipeline.toml");
    dich_cmd(out.path())
        .args(["--lang", "vi", "run", "--config"])
        .arg(&config)
        .arg("--out")
        .arg(out.path())
        .assert()
        .code(1)
        .stdout(predicates::str::contains("đã xuất bản 1, giữ lại 1, lỗi 2"));
    dich_cmd(out.path())
        .env("LANG", "vi_VN.UTF-8")
        .args(["memory", "import", "--state", "reviewed", "x.tmx"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("không phải trạng thái"));
}

#[test]
fn cli_segment_reads_standard_input_and_prints_json() {
    let dir = tempfile::tempdir().unwrap();
    let assert = dich_cmd(dir.path())
        .args(["segment", "--plain", "--json", "-"])
        .write_stdin("PGS.TS. Nguyễn Văn A phát biểu tại TP. Hồ Chí Minh ngày 5/1/2022. Hội nghị kết thúc./.")
        .assert()
        .success();
    let segments: serde_json::Value = serde_json::from_slice(&assert.get_output().stdout).unwrap();
    let texts: Vec<&str> = segments.as_array().unwrap().iter().map(|s| s["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["PGS.TS. Nguyễn Văn A phát biểu tại TP. Hồ Chí Minh ngày 5/1/2022.", "Hội nghị kết thúc./."]);
    assert!(segments[0]["kind"].as_str() == Some("paragraph"));
    dich_cmd(dir.path())
        .args(["segment", "--plain", "-"])
        .write_stdin(vec![0x66, 0x6f, 0xff, 0x6f])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("byte 2"));
}

#[test]
fn cli_memory_export_and_import_round_trip() {
    let out = tempfile::tempdir().unwrap();
    let config = fixture("basic").join("pipeline.toml");
    dich_cmd(out.path()).arg("run").arg("--config").arg(&config).arg("--out").arg(out.path()).assert().code(1);
    let store = out.path().join("dich.sqlite");
    let tmx = out.path().join("export.tmx");
    dich_cmd(out.path())
        .args(["memory", "export", "--pair", "vi-en", "-o"])
        .arg(&tmx)
        .arg("--store")
        .arg(&store)
        .assert()
        .success();
    let other = out.path().join("other.sqlite");
    dich_cmd(out.path())
        .args(["memory", "import"])
        .arg(&tmx)
        .arg("--store")
        .arg(&other)
        .assert()
        .success()
        .stdout(predicates::str::contains("Loaded 11 memory entries"));
}

/// A TMX of `count` distinct vi→en units, one `<tu>` per line, with the unit at `bad` (from 0) missing the
/// language of its source variant. Returns the text and the line of the bad unit.
fn generated_tmx(count: usize, bad: usize) -> (String, usize) {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n");
    xml.push_str("<header srclang=\"vi\" adminlang=\"en\" creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" datatype=\"plaintext\"/>\n<body>\n");
    let mut bad_line = 0;
    for i in 0..count {
        let lang = if i == bad {
            bad_line = xml.lines().count() + 1;
            String::new()
        } else {
            " xml:lang=\"vi\"".to_string()
        };
        xml.push_str(&format!(
            "<tu tuid=\"u{i}\"><tuv{lang}><seg>Tỉnh đón đoàn khách thứ {i} của huyện số {}</seg></tuv>\
             <tuv xml:lang=\"en\"><seg>The province welcomed delegation {i}</seg></tuv></tu>\n",
            i % 97
        ));
    }
    xml.push_str("</body>\n</tmx>\n");
    (xml, bad_line)
}

#[test]
fn cli_memory_import_streams_skips_a_bad_unit_by_line_and_never_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    // More units than one import batch, so the import commits several transactions.
    let count = dich::memory::IMPORT_BATCH + 1_500;
    let (xml, bad_line) = generated_tmx(count, count / 2);
    let tmx = dir.path().join("big.tmx");
    std::fs::write(&tmx, &xml).unwrap();
    let store_path = dir.path().join("tm.sqlite");

    // An import cut short (the file ends mid-unit): what came before is saved, and the error says where.
    let cut = dir.path().join("cut.tmx");
    let cut_at = xml.match_indices("<tu ").nth(count - 100).unwrap().0 + 30;
    std::fs::write(&cut, &xml[..cut_at]).unwrap();
    let assert =
        dich_cmd(dir.path()).args(["memory", "import"]).arg(&cut).arg("--store").arg(&store_path).assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("adds no duplicates"), "{stderr}");
    let partial = Store::open(&store_path).unwrap().tm_count().unwrap();
    assert!(partial >= dich::memory::IMPORT_BATCH && partial < count - 1, "{partial}");

    // The whole file, twice: the bad unit is named by its line and skipped, the rest imported once.
    for _ in 0..2 {
        let assert =
            dich_cmd(dir.path()).args(["memory", "import"]).arg(&tmx).arg("--store").arg(&store_path).assert().code(1);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(stderr.contains(&format!("line {bad_line}")), "{stderr}");
        assert!(
            stderr.contains(&format!("u{}", count / 2)) && stderr.contains("1 translation unit(s) skipped"),
            "{stderr}"
        );
        let store = Store::open(&store_path).unwrap();
        assert_eq!(store.tm_count().unwrap(), count - 1);
        // Exact lookups find units from both sides of the bad one.
        for i in [0, count / 2 + 1, count - 1] {
            let source = format!("Tỉnh đón đoàn khách thứ {i} của huyện số {}", i % 97);
            let hit = store.tm_exact("vi", "en", &source).unwrap().expect("imported");
            assert_eq!(hit.target, format!("The province welcomed delegation {i}"));
        }
        assert!(store
            .tm_exact("vi", "en", &format!("Tỉnh đón đoàn khách thứ {} của huyện số {}", count / 2, (count / 2) % 97))
            .unwrap()
            .is_none());
    }
}

/// Writes `count` generated articles, each with its own sentences, into `dir`.
fn generated_articles(dir: &Path, count: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..count {
        let body: Vec<String> = (0..12)
            .map(|j| format!("Tỉnh đã tiếp đón đoàn khách số {i} với {j} đại biểu của các địa phương kết nghĩa."))
            .collect();
        let text =
            format!("Tin số {i} về hoạt động đối ngoại\n\n09:15 | 18/03/2022\n\n{}\n\nHoàng Yến\n", body.join("\n\n"));
        std::fs::write(dir.join(format!("tin-{i:04}.txt")), text).unwrap();
    }
}

#[test]
fn a_killed_run_loses_nothing_and_the_next_run_continues() {
    let work = tempfile::tempdir().unwrap();
    let articles = work.path().join("articles");
    generated_articles(&articles, 400);
    let config = work.path().join("pipeline.toml");
    std::fs::write(&config, "source = \"vi\"\ntargets = [\"en\"]\ninputs = [\"articles\"]\noutput_dir = \"out\"\n")
        .unwrap();

    let binary = assert_cmd::cargo::cargo_bin("dich");
    let mut child = std::process::Command::new(&binary)
        .current_dir(work.path())
        .args(["run", "--json"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once some articles are stored (or after a few seconds at most).
    let store_path = work.path().join("out/dich.sqlite");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        std::thread::sleep(std::time::Duration::from_millis(50));
        let stored =
            Store::open(&store_path).ok().and_then(|s| s.load_segments("tin-0005").ok()).map_or(0, |s| s.len());
        if stored > 0 || std::time::Instant::now() > deadline {
            break;
        }
    }
    child.kill().unwrap();
    let killed = child.wait().unwrap();
    assert!(!killed.success());

    let store = Store::open(&store_path).unwrap();
    assert!(!store.load_segments("tin-0000").unwrap().is_empty(), "what was stored before the kill is kept");
    drop(store);

    let output = std::process::Command::new(&binary).current_dir(work.path()).args(["run", "--json"]).output().unwrap();
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["totals"]["articles"], 400);
    assert_eq!(summary["totals"]["held_back"], 400);
    assert_eq!(summary["resumed_after"].as_array().unwrap().len(), 1, "the killed run is reported once");
    for i in [0, 199, 399] {
        assert!(work.path().join(format!("out/packages/en/tin-{i:04}.vi-en.xlf")).exists());
    }
    // A third run no longer mentions the killed run.
    let output = std::process::Command::new(&binary).current_dir(work.path()).args(["run", "--json"]).output().unwrap();
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["resumed_after"].as_array().unwrap().len(), 0);
}

#[test]
fn near_matches_reach_translators_with_their_penalties() {
    let out = tempfile::tempdir().unwrap();
    let (summary, _) = run(&settings("fuzzy", out.path()));
    let report = article(&summary, "lam-dong-2023");
    assert_eq!(report.status, ArticleStatus::HeldBack);
    assert_eq!(report.targets[0].from_memory, 1, "the identical sentence comes from the memory");
    let package = out.path().join("packages/en/lam-dong-2023.vi-en.xlf");
    let doc = xliff2::read(&std::fs::read_to_string(package).unwrap()).unwrap();
    let unit = doc.files[0]
        .units
        .iter()
        .find(|u| u.source.plain_text().starts_with("Năm 2022"))
        .expect("the 2022 sentence is in the package");
    assert_eq!(unit.state, xliff2::State::Initial);
    let matches: Vec<&str> = unit
        .notes
        .iter()
        .filter(|n| n.category.as_deref() == Some(dich::package::NOTE_MEMORY_MATCH))
        .map(|n| n.text.as_str())
        .collect();
    assert_eq!(matches.len(), 1, "{:#?}", unit.notes);
    assert!(matches[0].contains("USD 1,250,000"), "the memory's translation is offered: {}", matches[0]);
    assert!(
        matches[0].contains("1.250.000") && matches[0].contains("1.300.000"),
        "the numbers are named: {}",
        matches[0]
    );
    let same = doc.files[0].units.iter().find(|u| u.source.plain_text().starts_with("Tỉnh cũng")).unwrap();
    assert_eq!(same.state, xliff2::State::Final, "an approved exact match is final");
}

#[test]
fn a_glossary_channel_gets_the_term_bases_as_tbx_once_per_run() {
    let out = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = out.path().join("pipeline.toml");
    std::fs::write(
        &config,
        format!(
            "source = \"vi\"\ntargets = [\"en\"]\ninputs = [\"{}\"]\noutput_dir = \"out\"\nglossary = [\"{}\"]\n\n\
             [[channels]]\nname = \"terms\"\nlanguage = \"en\"\nkind = \"glossary\"\n",
            fixture("basic").join("articles/lam-dong-doi-ngoai.vi.txt").display(),
            root.join("glossary").display()
        ),
    )
    .unwrap();
    let settings = Settings::load(&config).unwrap();
    let (summary, _) = run(&settings);
    let tbx_path = out.path().join("out/terms/glossary.tbx");
    assert_eq!(summary.glossary.exported, [tbx_path.display().to_string()]);
    let (glossary, issues) =
        dich::glossary::exchange::from_tbx(&std::fs::read_to_string(&tbx_path).unwrap(), &tbx_path).unwrap();
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(glossary.len(), summary.glossary.entries, "every entry is in the TBX");
    // Every entry id (`acronym:dnnd`) comes back from the file, though the concepts' XML ids cannot hold it.
    let doc = dich::formats::tbx::read(&std::fs::read_to_string(&tbx_path).unwrap()).unwrap();
    let read: Vec<&str> = doc.concepts.iter().map(|c| c.id.as_str()).collect();
    let ids: Vec<&str> = glossary.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(read, ids);
    assert!(ids.iter().any(|id| id.contains(':')));
    crate::formats::xmllint_tbx_core(&tbx_path);
}

#[test]
fn the_glossary_channels_tbx_follows_tbx_basic() {
    let out = tempfile::tempdir().unwrap();
    let config = out.path().join("pipeline.toml");
    std::fs::write(
        &config,
        format!(
            "source = \"vi\"\ntargets = [\"en\"]\ninputs = [\"{}\"]\noutput_dir = \"out\"\nglossary = [\"{}\"]\n\n\
             [[channels]]\nname = \"terms\"\nlanguage = \"en\"\nkind = \"glossary\"\n",
            fixture("basic").join("articles/lam-dong-doi-ngoai.vi.txt").display(),
            fixture("tbx").join("glossary").display()
        ),
    )
    .unwrap();
    let (summary, _) = run(&Settings::load(&config).unwrap());
    assert_eq!(summary.glossary.entries, 5);
    let tbx = out.path().join("out/terms/glossary.tbx");
    let text = std::fs::read_to_string(&tbx).unwrap();
    // Every data category the export uses is in the file: the rules are checked against all of them.
    for used in [
        "<descrip type=\"subjectField\">",
        "<termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts",
        "admittedTerm-admn-sts",
        "<termNote type=\"termType\">acronym",
        "<termNote type=\"termType\">fullForm",
        "<admin type=\"customerSubset\">short",
        "<admin type=\"source\">",
        "<note>dich:slot=province</note>",
        "<note>dich:id=acronym:hdnd</note>",
    ] {
        assert!(text.contains(used), "{used} in\n{text}");
    }
    crate::formats::xmllint_tbx_core(&tbx);
    crate::formats::schematron_tbx_basic(&tbx);
}

#[test]
fn a_published_article_leaves_no_package_behind() {
    let out = tempfile::tempdir().unwrap();
    let mut settings = settings("basic", out.path());
    // The fake translator's "[EN] <Vietnamese>" would fail QA's error-level checks; here they only warn.
    settings.qa = dich::qa::QaSettings::all(dich::qa::Severity::Warning);
    let (_, store) = run(&settings);
    let package = out.path().join("packages/en/khanh-hoa-huu-nghi.vi-en.xlf");
    let reviewed = out.path().join("reviewed.xlf");
    std::fs::copy(&package, &reviewed).unwrap();
    translate_package(&reviewed);
    import_files(&*store, std::slice::from_ref(&reviewed), &Default::default(), clock().as_ref()).unwrap();
    drop(store);

    let (summary, _) = run(&settings);
    let published = article(&summary, "khanh-hoa-huu-nghi");
    assert_eq!(published.status, ArticleStatus::Published, "{published:?}");
    assert!(!package.exists(), "the old package of a published article is gone from packages/");
    assert!(!out.path().join("packages").exists(), "nothing is left to send out: {:?}", out.path().join("packages"));
    // Both versions of the package (XLIFF 1.2 and 2.1) go.
    let v12 = out.path().join("packages/en/khanh-hoa-huu-nghi.vi-en.v12.xlf");
    assert_eq!(published.targets[0].packages_removed, [v12.display().to_string(), package.display().to_string()]);
    let text = summary.to_text();
    assert!(text.contains(&format!("removed: {}", package.display())), "{text}");
    assert!(!text.contains("Send the XLIFF packages"), "{text}");
}

#[test]
fn an_article_held_back_after_it_was_published_is_withdrawn_from_its_channels() {
    let out = tempfile::tempdir().unwrap();
    let settings = settings("basic", out.path());
    let (first, store) = run(&settings);
    assert_eq!(article(&first, "lam-dong-doi-ngoai").status, ArticleStatus::Published);
    drop(store);
    let published = [
        (
            out.path().join("web-en/lam-dong-doi-ngoai.en.md"),
            out.path().join("withdrawn/web-en/lam-dong-doi-ngoai.en.md"),
        ),
        (
            out.path().join("translators-en/lam-dong-doi-ngoai.vi-en.xlf"),
            out.path().join("withdrawn/translators-en/lam-dong-doi-ngoai.vi-en.xlf"),
        ),
    ];
    let markdown = std::fs::read(&published[0].0).unwrap();

    // The same articles on an empty store, without the memory: nothing is translated any more.
    let mut empty = settings.clone();
    empty.store_path = out.path().join("empty.sqlite");
    empty.memory.seed.clear();
    let (second, store) = run(&empty);
    drop(store);
    let held = article(&second, "lam-dong-doi-ngoai");
    assert_eq!(held.status, ArticleStatus::HeldBack);
    for (old, moved) in &published {
        assert!(!old.exists(), "{} is no longer in its channel", old.display());
        assert!(moved.exists(), "{} is kept aside", moved.display());
    }
    assert_eq!(std::fs::read(&published[0].1).unwrap(), markdown, "moved, not rewritten");
    let withdrawn: Vec<&str> = held.targets[0].withdrawn.iter().map(String::as_str).collect();
    assert_eq!(withdrawn, published.iter().map(|(_, m)| m.to_str().unwrap()).collect::<Vec<_>>());
    let text = second.to_text();
    assert!(text.contains(&format!("withdrawn: {}", published[0].1.display())), "{text}");
    // The article held back both times had nothing out, so nothing of it is withdrawn.
    assert!(article(&second, "khanh-hoa-huu-nghi").targets[0].withdrawn.is_empty());

    // Published again: back in its channels, and the withdrawn copies are gone.
    let (third, _) = run(&settings);
    assert_eq!(article(&third, "lam-dong-doi-ngoai").status, ArticleStatus::Published);
    for (old, moved) in &published {
        assert!(old.exists() && !moved.exists(), "{}", old.display());
    }
}

#[test]
fn the_qa_report_lists_every_article_of_the_run() {
    let out = tempfile::tempdir().unwrap();
    let (summary, store) = run(&settings("basic", out.path()));
    let held = article(&summary, "khanh-hoa-huu-nghi");
    let package = held.targets[0].package.clone().unwrap();
    let (missing, segments) = (held.targets[0].missing, held.segments);
    assert!(missing > 0);

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("qa-report.json")).unwrap()).unwrap();
    let totals = &json["totals"];
    assert_eq!(totals["held_back"], 1, "{totals}");
    assert_eq!(
        [&totals["published"], &totals["held_by_qa"], &totals["held_missing"], &totals["failed"]],
        [1, 0, 1, 2],
        "{totals}"
    );
    assert_eq!(totals["unchecked"], segments, "{totals}");
    let outcomes = json["outcomes"].as_array().unwrap();
    assert_eq!(outcomes.len(), 4, "every article of the run: {outcomes:#?}");
    let of = |id: &str| outcomes.iter().find(|o| o["article"] == id).unwrap_or_else(|| panic!("no {id}"));
    assert_eq!(of("lam-dong-doi-ngoai")["outcome"], "published");
    assert_eq!(of("lam-dong-doi-ngoai")["unchecked"].as_array().unwrap().len(), 0);
    let entry = of("khanh-hoa-huu-nghi");
    assert_eq!((&entry["outcome"], &entry["language"]), (&"held_missing".into(), &"en".into()));
    assert_eq!((&entry["missing"], &entry["package"]), (&missing.into(), &package.clone().into()));
    let ids: Vec<String> = store.load_segments("khanh-hoa-huu-nghi").unwrap().into_iter().map(|s| s.id).collect();
    assert_eq!(entry["unchecked"], serde_json::json!(ids), "which segments QA did not check");
    assert!(entry["reason"].as_str().unwrap().contains("have no translation"), "{entry}");
    assert_eq!(of("anh-loi")["outcome"], "failed");

    let html = std::fs::read_to_string(out.path().join("qa-report.html")).unwrap();
    assert!(html.contains("<tr id=\"total-held-back\"><th>Articles held back</th><td>1</td></tr>"), "{html}");
    for id in ["lam-dong-doi-ngoai", "khanh-hoa-huu-nghi", "anh-loi", "trong"] {
        assert!(html.contains(&format!("data-article=\"{id}\"")), "{id} is in the report");
    }
    assert!(
        html.contains(&package) && html.contains(&format!("all {segments} segments: {missing} have no translation"))
    );

    assert_eq!((summary.qa.held_back, summary.qa.held_missing, summary.qa.held_by_qa), (1, 1, 0));
    let text = summary.to_text();
    assert!(text.contains("held back: 0 by QA, 1 for missing translations"), "{text}");
}

/// The README's first command on a copy of the repository's example, then `dich glossary check`: the shipped
/// memory and the shipped term bases agree (it said "cities" where the term base says "city").
#[test]
fn the_readme_example_passes_the_glossary_check() {
    let dir = tempfile::tempdir().unwrap();
    copy_repository_folders(dir.path(), &["examples/articles", "examples/memory", "glossary"]);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("pipeline.toml"), dir.path().join("pipeline.toml")).unwrap();
    dich_cmd(dir.path()).arg("run").assert().success();
    let output = dich_cmd(dir.path()).args(["glossary", "check"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains(" 0 error(s)"), "{stderr}");
}

/// A file whose name gives the id of an article the store holds from another, still existing file is refused:
/// neither overwrites the other's store rows and outputs. The same file moved keeps its id.
#[test]
fn an_article_id_the_store_holds_for_another_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Tin mới\n\nSáng 21/9, tỉnh tiếp đoàn đại biểu.\n";
    for folder in ["a", "b"] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        std::fs::write(dir.path().join(folder).join("tin-moi.txt"), text.replace("Tin mới", folder)).unwrap();
    }
    dich_cmd(dir.path()).args(["run", "a"]).assert().success();
    let output = dich_cmd(dir.path()).args(["run", "b"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("which the store holds for a/tin-moi.txt"), "{stdout}");
    // Moved away, the first file no longer holds the id: the second is read.
    std::fs::rename(dir.path().join("a/tin-moi.txt"), dir.path().join("moved.txt")).unwrap();
    dich_cmd(dir.path()).args(["run", "b"]).assert().code(0);
}

/// A run that cannot write its own files (here run-summary.txt, a folder in its place) ends "failed" in the
/// journal with the output directory named, never "running", and leaves no temporary file.
#[test]
fn a_run_that_cannot_write_its_summary_ends_failed_not_running() {
    let out = tempfile::tempdir().unwrap();
    let settings = settings("basic", out.path());
    std::fs::create_dir_all(out.path().join("run-summary.txt")).unwrap();
    let store = Arc::new(Store::open(&settings.store_path).unwrap());
    let env = RunEnv {
        store: store.clone(),
        clock: clock(),
        cancel: Arc::new(AtomicBool::new(false)),
        progress: Default::default(),
    };
    let error = pipeline::run(&settings, &env).unwrap_err();
    assert!(error.is_setup(), "{error}");
    assert!(error.to_string().contains(&out.path().display().to_string()), "{error}");
    let last = store.last_run().unwrap().unwrap();
    assert_eq!(last.status, "failed");
    assert!(last.finished.is_some());
    assert!(!out.path().join("run-summary.txt.tmp").exists());
}

#[test]
fn man_pages_completions_and_version_come_from_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let done = assert_cmd::Command::cargo_bin("dich")
        .unwrap()
        .args(["generate", "man", "--dir"])
        .arg(dir.path())
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&done.get_output().stdout).contains("man pages written"));
    // A page per command and subcommand, each naming its own options.
    for (page, option) in
        [("dich.1", "--config"), ("dich-run.1", "--strict"), ("dich-memory-import.1", ""), ("dich-serve.1", "--addr")]
    {
        let text = std::fs::read_to_string(dir.path().join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
        let name = page.trim_end_matches(".1");
        assert!(text.contains(&format!(".TH {name} 1")), "{page}: {}", &text[..200.min(text.len())]);
        assert!(text.contains(&option.replace('-', "\\-")), "{page} lacks {option}");
    }
    let bash =
        assert_cmd::Command::cargo_bin("dich").unwrap().args(["generate", "completions", "bash"]).assert().success();
    let script = String::from_utf8_lossy(&bash.get_output().stdout).into_owned();
    assert!(script.contains("_dich()") && script.contains("serve"), "{}", &script[..200.min(script.len())]);
    // --version names the formats an upgrade must read.
    let version = assert_cmd::Command::cargo_bin("dich").unwrap().arg("--version").assert().success();
    let text = String::from_utf8_lossy(&version.get_output().stdout).into_owned();
    let schema = format!("store schema {}", dich::store::schema::LATEST_VERSION);
    assert!(text.starts_with(&format!("dich {}", env!("CARGO_PKG_VERSION"))) && text.contains(&schema), "{text}");
}

/// Copies the repository's `subs` folders into `dir`, keeping their places.
fn copy_repository_folders(dir: &Path, subs: &[&str]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in subs {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        for entry in std::fs::read_dir(root.join(sub)).unwrap().flatten() {
            std::fs::copy(entry.path(), dir.join(sub).join(entry.file_name())).unwrap();
        }
    }
}

/// The multilingual example (issue 16): the Lâm Đồng article in English, Chinese and Russian from approved memory,
/// captions, scripts and web in each language's house style, every language checked by QA — and QA holds a
/// language back when its translation loses a term of the Chinese and Russian term base.
#[test]
fn the_multilingual_example_publishes_english_chinese_and_russian() {
    let dir = tempfile::tempdir().unwrap();
    copy_repository_folders(dir.path(), &["examples/multilingual", "examples/articles", "examples/memory", "glossary"]);
    let config = "examples/multilingual/pipeline.toml";
    dich_cmd(dir.path()).args(["--config", config, "run"]).assert().success();
    let out = dir.path().join("out/multilingual");
    for lang in ["en", "zh", "ru"] {
        for file in [
            format!("web-{lang}/lam-dong-doi-ngoai.{lang}.md"),
            format!("web-{lang}/lam-dong-doi-ngoai.{lang}.html"),
            format!("web-{lang}/lam-dong-doi-ngoai.{lang}.ninjs.json"),
            format!("tv-{lang}/lam-dong-doi-ngoai.{lang}.srt"),
            format!("tv-{lang}/lam-dong-doi-ngoai.{lang}.vtt"),
            format!("tv-{lang}/lam-dong-doi-ngoai.{lang}.script.txt"),
        ] {
            assert!(out.join(&file).is_file(), "{file}");
        }
    }
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("qa-report.json")).unwrap()).unwrap();
    assert_eq!(report["totals"]["published"], 3, "{report:#}");
    assert_eq!(report["totals"]["problems"], 0, "{report:#}");

    let zh = std::fs::read_to_string(out.join("web-zh/lam-dong-doi-ngoai.zh.md")).unwrap();
    // Sentences joined without a space; a name against Chinese characters loses its diacritics whole; the
    // credit and the closing line in Chinese.
    assert!(zh.contains("林同省人民议会主席Tran Duc Quan主持。出席会议"), "{zh}");
    assert!(zh.contains("(图片：Minh Dao)") && zh.contains("*译自越南语。*"), "{zh}");
    let ru = std::fs::read_to_string(out.join("web-ru/lam-dong-doi-ngoai.ru.md")).unwrap();
    // One "г." after a date that had it; names, byline and credit in Cyrillic; the closing line in Russian.
    assert!(ru.contains("**17 марта 2022 г. Постоянный комитет"), "{ru}");
    assert!(!ru.contains("г. г."), "{ru}");
    assert!(ru.contains("Ламдонг Чан Дык Куан.") && ru.contains("Хоанг Йен"), "{ru}");
    assert!(ru.contains("в уездах Лакзыонг и Дамзонг."), "{ru}");
    assert!(ru.contains("(Фото: Минь Дао)") && ru.contains("*Перевод с вьетнамского.*"), "{ru}");

    // The Chinese translation loses the house rendering of "Sở Ngoại vụ" (外务厅): Chinese is held back, the
    // others are published.
    let tmx = dir.path().join("examples/multilingual/lam-dong-doi-ngoai.zh-ru.tmx");
    let text = std::fs::read_to_string(&tmx).unwrap();
    std::fs::write(&tmx, text.replace("省外务厅", "省外交部")).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
    let output = dich_cmd(dir.path()).args(["--config", config, "run"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("held back in zh by the terminology check"), "{stdout}");
    assert!(stdout.contains("外务厅"), "{stdout}");
    assert!(out.join("web-ru/lam-dong-doi-ngoai.ru.md").is_file() && !out.join("web-zh").exists(), "{stdout}");
    // Its translator package notes each term's Chinese rendering, and says when there is none (it said `""`).
    let package = std::fs::read_to_string(out.join("packages/zh/lam-dong-doi-ngoai.vi-zh.xlf")).unwrap();
    assert!(package.contains("term \"Sở Ngoại vụ\": house rendering \"外务厅\""), "{package}");
    assert!(package.contains("term \"Trần Đức Quận\": no house rendering in zh yet"), "{package}");
    assert!(!package.contains("house rendering \"\""), "{package}");
}

/// With no engine, the summary tells a desk translating into Chinese and Russian which English→X models to pull
/// and that the route goes through English (it named only opus-mt-vi-en, which translates into English).
#[test]
fn the_summary_names_the_pivot_models_for_targets_other_than_english() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tin.txt"), "Tin mới\n\nSáng 21/9, tỉnh tiếp đoàn đại biểu hữu nghị.\n").unwrap();
    std::fs::write(dir.path().join("pipeline.toml"), "source = \"vi\"\ntargets = [\"en\", \"zh\", \"ru\"]\n").unwrap();
    let output = dich_cmd(dir.path()).args(["run", "tin.txt"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("dich models pull opus-mt-vi-en"), "{stdout}");
    assert!(stdout.contains("For zh, ru: pull the English model as well (opus-mt-en-zh, opus-mt-en-ru"), "{stdout}");
    assert!(stdout.contains("pivot = \"en\""), "{stdout}");
}
