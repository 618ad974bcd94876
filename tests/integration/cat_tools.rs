//! Real CAT tools on dich's packages: OmegaT 3.6 in console mode and translate-toolkit read what dich writes, and
//! what they return publishes. scripts/test.sh installs both: Debian's `omegat` and translate-toolkit in the venv
//! target/test-venv (`DICH_TTK_PYTHON` names another interpreter that has it).

use std::path::{Path, PathBuf};
use std::process::Command;

use dich::formats::tmx;
use dich::package::import::{import_files, ImportOptions, Languages, SkipReason};
use dich::pipeline::summary::ArticleStatus;
use dich::store::TmState;

use super::run::{article, clock, run, settings};

const HELD: &str = "khanh-hoa-huu-nghi";
const PUBLISHED: &str = "lam-dong-doi-ngoai";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn loop_settings(out: &Path) -> dich::config::Settings {
    let mut settings = settings("basic", out);
    // The translations below are "[EN] <Vietnamese>", which QA's error-level checks would hold back.
    settings.qa = dich::qa::QaSettings::all(dich::qa::Severity::Warning);
    let translators = settings.channels.iter_mut().find(|c| c.name == "translators-en").unwrap();
    use dich::config::OutputFormat::{Tmx, Xliff, Xliff12};
    translators.formats = vec![Xliff, Xliff12, Tmx];
    let mut glossary = dich::config::ChannelSettings::new("glossary-en", "en", dich::config::ChannelKind::Glossary);
    glossary.formats = vec![dich::config::OutputFormat::Tbx, dich::config::OutputFormat::Tbx2008];
    settings.channels.push(glossary);
    settings
}

fn options(targets_as: Option<TmState>) -> ImportOptions {
    ImportOptions { languages: Some(Languages { source: "vi".into(), targets: vec!["en".into()] }), targets_as }
}

fn checked(command: &mut Command, what: &str) -> std::process::Output {
    let output = command.output().unwrap_or_else(|e| panic!("{what} could not be run ({e}); run scripts/test.sh"));
    assert!(
        output.status.success(),
        "{what} failed: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn xliff12_valid(file: &Path) {
    let schema = root().join("tests/schemas/xliff12/xliff-core-1.2-strict.xsd");
    let mut command = Command::new("xmllint");
    command.args(["--nonet", "--noout", "--schema"]).arg(schema).arg(file);
    checked(&mut command, &format!("xmllint (XLIFF 1.2 strict) on {}", file.display()));
}

/// An OmegaT project translating vi→en, unit by unit (no sentence splitting), with `package` in source/.
fn omegat_project(dir: &Path, package: &Path) -> PathBuf {
    let project = dir.join("omegat-project");
    for sub in ["source", "target", "tm/auto", "glossary", "dictionary", "omegat"] {
        std::fs::create_dir_all(project.join(sub)).unwrap();
    }
    std::fs::copy(package, project.join("source").join(package.file_name().unwrap())).unwrap();
    std::fs::write(
        project.join("omegat.project"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<omegat>\n  <project version=\"1.0\">\n\
         <source_dir>__DEFAULT__</source_dir>\n<target_dir>__DEFAULT__</target_dir>\n<tm_dir>__DEFAULT__</tm_dir>\n\
         <glossary_dir>__DEFAULT__</glossary_dir>\n<glossary_file>__DEFAULT__</glossary_file>\n\
         <dictionary_dir>__DEFAULT__</dictionary_dir>\n<source_lang>vi</source_lang>\n<target_lang>en</target_lang>\n\
         <sentence_seg>false</sentence_seg>\n<remove_tags>false</remove_tags>\n  </project>\n</omegat>\n",
    )
    .unwrap();
    project
}

/// `omegat --mode=<mode> …` headless, its settings kept in the test's folder.
fn omegat(project: &Path, mode: &str, extra: &[&str]) {
    let mut command = Command::new("omegat");
    command
        .arg(format!("--mode={mode}"))
        .arg(format!("--config-dir={}", project.parent().unwrap().join("omegat-config").display()))
        .arg("--disable-project-locking")
        .args(extra)
        .arg(project)
        .env_remove("DISPLAY");
    checked(&mut command, &format!("OmegaT ({mode})"));
}

#[test]
fn omegat_translates_a_held_back_package_and_it_publishes() {
    let out = tempfile::tempdir().unwrap();
    let settings = loop_settings(out.path());
    let (_, store) = run(&settings);
    let package = out.path().join(format!("packages/en/{HELD}.vi-en.v12.xlf"));
    xliff12_valid(&package);
    let project = omegat_project(out.path(), &package);

    // The translator's work, as OmegaT's memory holds it: OmegaT's own view of each segment (tags as <m0>…)
    // with an English version; tm/auto matches are inserted by console-translate.
    let pseudo = out.path().join("segments.tmx");
    let pseudo_arg = format!("--pseudotranslatetmx={}", pseudo.display());
    omegat(&project, "console-createpseudotranslatetmx", &[&pseudo_arg, "--pseudotranslatetype=equal"]);
    let mut memory = tmx::read(&std::fs::read_to_string(&pseudo).unwrap()).unwrap();
    assert!(memory.units.len() >= 5, "OmegaT saw {} segments", memory.units.len());
    for unit in &mut memory.units {
        let english = unit.variants.iter_mut().find(|v| v.lang.to_ascii_lowercase().starts_with("en")).unwrap();
        english.seg = format!("[EN] {}", english.seg);
    }
    std::fs::write(project.join("tm/auto/translator.tmx"), tmx::write(&memory)).unwrap();
    omegat(&project, "console-translate", &[]);
    let returned = project.join("target").join(package.file_name().unwrap());
    let text = std::fs::read_to_string(&returned).unwrap();
    assert!(text.contains("[EN] "), "OmegaT inserted no translation:\n{text}");
    xliff12_valid(&returned);

    // OmegaT leaves every state as it found it ("needs-translation"): nothing is taken as translated …
    let paths = [returned.clone()];
    let report = import_files(&*store, &paths, &options(None), clock().as_ref()).unwrap();
    assert_eq!(report.approved + report.translated, 0, "{report:?}");
    assert!(report.skipped.iter().all(|s| s.reason == SkipReason::NotTranslated), "{report:?}");
    // … until the editor says what the file is (`dich import --as approved`).
    let report = import_files(&*store, &paths, &options(Some(TmState::Approved)), clock().as_ref()).unwrap();
    assert_eq!(report.approved, report.units, "{report:?}");
    drop(store);
    let (summary, _) = run(&settings);
    assert_eq!(article(&summary, HELD).status, ArticleStatus::Published, "{summary:#?}");
    let markdown = std::fs::read_to_string(out.path().join(format!("web-en/{HELD}.en.md"))).unwrap();
    assert!(markdown.starts_with("# \\[EN\\]"), "{markdown}");
}

/// The interpreter with translate-toolkit: `DICH_TTK_PYTHON`, else the venv scripts/test.sh makes.
fn ttk_python() -> PathBuf {
    std::env::var_os("DICH_TTK_PYTHON").map(PathBuf::from).unwrap_or_else(|| root().join("target/test-venv/bin/python"))
}

fn ttk(args: &[&Path]) -> String {
    let mut command = Command::new(ttk_python());
    command.arg(root().join("tests/tools/ttk.py")).args(args);
    let output = checked(&mut command, "translate-toolkit (tests/tools/ttk.py)");
    String::from_utf8(output.stdout).unwrap()
}

fn ttk_units(path: &Path) -> Vec<serde_json::Value> {
    let units = ttk(&[Path::new("units"), path]);
    let json: serde_json::Value = serde_json::from_str(&units).unwrap();
    json["units"].as_array().unwrap().clone()
}

#[test]
fn translate_toolkit_reads_what_dich_writes_and_returns_a_package_that_publishes() {
    let out = tempfile::tempdir().unwrap();
    let settings = loop_settings(out.path());
    let (summary, store) = run(&settings);
    let segments = article(&summary, PUBLISHED).segments;

    // The published article's translator files: every unit approved, as the memory had them.
    let v12 = out.path().join(format!("translators-en/{PUBLISHED}.vi-en.v12.xlf"));
    xliff12_valid(&v12);
    let units = ttk_units(&v12);
    assert_eq!(units.len(), segments);
    assert!(units.iter().all(|u| u["approved"] == true && u["fuzzy"] == false), "{units:#?}");
    assert_eq!(ttk_units(&out.path().join(format!("translators-en/{PUBLISHED}.vi-en.xlf"))).len(), segments);
    let tmx_units = ttk_units(&out.path().join(format!("translators-en/{PUBLISHED}.vi-en.tmx")));
    assert_eq!(tmx_units.len(), segments);

    // The term bases as TBX-Basic 2008, which translate-toolkit reads (it reads no TBX v3).
    let tbx = out.path().join("glossary-en/glossary.tbx2008.tbx");
    let terms = ttk_units(&tbx);
    assert!(terms.len() > 1000, "{} terms", terms.len());
    assert!(terms.iter().any(|t| t["source"] == "ĐNND" && t["target"] == "people-to-people diplomacy"), "ĐNND");

    // The held-back article's package: nothing translated yet (the targets are copies to translate over).
    let package = out.path().join(format!("packages/en/{HELD}.vi-en.v12.xlf"));
    let units = ttk_units(&package);
    assert!(units.iter().all(|u| u["approved"] == false), "{units:#?}");

    // Filled and approved in translate-toolkit, written as XLIFF 1.2: imported as approved, published.
    let returned = out.path().join("returned.xlf");
    ttk(&[Path::new("fill"), &package, &returned]);
    xliff12_valid(&returned);
    let report = import_files(&*store, &[returned], &options(None), clock().as_ref()).unwrap();
    assert_eq!((report.approved, report.skipped.len()), (report.units, 0), "{report:?}");
    drop(store);
    let (summary, _) = run(&settings);
    assert_eq!(article(&summary, HELD).status, ArticleStatus::Published, "{summary:#?}");
}
