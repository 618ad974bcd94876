//! The translators' loop as CAT tools return files: language tags as tools write them, states, units split by
//! the tool, re-wrapped targets, XLIFF 1.2 both ways, and what each channel may publish.

use std::path::{Path, PathBuf};

use dich::config::{ChannelKind, ChannelSettings, OutputFormat, Settings};
use dich::formats::{xliff12, xliff2};
use dich::package::import::{import_files, ImportError, ImportOptions, Languages, SkipReason};
use dich::pipeline::summary::ArticleStatus;
use dich::store::{MemoryStore, Store, TmState};

use super::run::{article, clock, run, settings};

const HELD: &str = "khanh-hoa-huu-nghi";

/// The basic fixture with QA reduced to warnings (the fake translations below are not real English).
fn loop_settings(out: &Path) -> Settings {
    let mut settings = settings("basic", out);
    settings.qa = dich::qa::QaSettings::all(dich::qa::Severity::Warning);
    settings
}

fn options() -> ImportOptions {
    ImportOptions { languages: Some(Languages { source: "vi".into(), targets: vec!["en".into()] }), targets_as: None }
}

fn package(out: &Path) -> PathBuf {
    out.join(format!("packages/en/{HELD}.vi-en.xlf"))
}

/// The held-back article's package with every target filled by `fill(index, source)` in `state`.
fn filled(out: &Path, state: xliff2::State, fill: impl Fn(usize, &str) -> String) -> xliff2::Document {
    let mut doc = xliff2::read(&std::fs::read_to_string(package(out)).unwrap()).unwrap();
    for (index, unit) in doc.files[0].units.iter_mut().enumerate() {
        unit.target = Some(xliff2::Content::text(fill(index, &unit.source.plain_text())));
        unit.state = state;
    }
    doc
}

fn english(_: usize, source: &str) -> String {
    format!("[EN] {source}")
}

fn save(out: &Path, name: &str, xml: &str) -> PathBuf {
    let path = out.join(name);
    std::fs::write(&path, xml).unwrap();
    path
}

fn import(store: &Store, path: &Path) -> Result<dich::package::import::ImportReport, Vec<ImportError>> {
    import_files(store, &[path.to_path_buf()], &options(), clock().as_ref())
}

#[test]
fn a_package_saved_with_regional_tags_goes_under_the_configured_languages() {
    let out = tempfile::tempdir().unwrap();
    let settings = loop_settings(out.path());
    let (_, store) = run(&settings);
    let mut doc = filled(out.path(), xliff2::State::Final, english);
    doc.src_lang = "vi-VN".into();
    doc.trg_lang = Some("en-US".into());
    let path = save(out.path(), "returned.xlf", &xliff2::write(&doc));
    let report = import(&store, &path).unwrap();
    assert_eq!(report.approved, doc.files[0].units.len());
    let entries = store.tm_entries(None).unwrap();
    let imported: Vec<_> = entries.iter().filter(|e| e.target.starts_with("[EN]")).collect();
    assert!(imported.iter().all(|e| (e.source_lang.as_str(), e.target_lang.as_str()) == ("vi", "en")), "{imported:?}");
    drop(store);

    let (summary, _) = run(&settings);
    assert_eq!(article(&summary, HELD).status, ArticleStatus::Published, "{summary:#?}");
}

#[test]
fn a_package_whose_languages_match_no_pair_is_refused_naming_the_file_and_tags() {
    let out = tempfile::tempdir().unwrap();
    let (_, store) = run(&loop_settings(out.path()));
    let mut doc = filled(out.path(), xliff2::State::Final, english);
    doc.trg_lang = Some("fr-FR".into());
    let path = save(out.path(), "french.xlf", &xliff2::write(&doc));
    let errors = import(&store, &path).unwrap_err();
    let message = errors[0].to_string();
    assert!(message.contains("french.xlf") && message.contains("fr-FR") && message.contains("en"), "{message}");

    doc.trg_lang = Some("vi".into());
    let path = save(out.path(), "vi-vi.xlf", &xliff2::write(&doc));
    let errors = import(&store, &path).unwrap_err();
    assert!(matches!(&errors[0], ImportError::SameLanguage { .. }), "{errors:?}");
    // Also without a configuration to compare with: vi→vi is never a translation.
    let errors = import_files(&*store, &[path], &ImportOptions::default(), clock().as_ref()).unwrap_err();
    assert!(matches!(&errors[0], ImportError::SameLanguage { .. }), "{errors:?}");
    assert!(store.tm_entries(None).unwrap().iter().all(|e| !e.target.starts_with("[EN]")));
}

#[test]
fn initial_and_stateless_targets_are_skipped_and_a_split_unit_only_whole() {
    let out = tempfile::tempdir().unwrap();
    let settings = loop_settings(out.path());
    let (_, store) = run(&settings);
    let doc = filled(out.path(), xliff2::State::Final, english);
    let xml = xliff2::write(&doc);
    // The first unit back in state initial, the second with no state at all (XLIFF 2: initial).
    let first = &doc.files[0].units[0].id;
    let second = &doc.files[0].units[1].id;
    let xml = xml.replacen("<segment state=\"final\">", "<segment state=\"initial\">", 1).replacen(
        "<segment state=\"final\">",
        "<segment>",
        1,
    );
    // The third split by the tool into two segments, the second left empty.
    let third = &doc.files[0].units[2];
    let third_source = third.source.plain_text();
    let (head, tail) = third_source.split_at(third_source.find(' ').unwrap());
    let start = xml.find(&format!("<unit id=\"{}\"", third.id)).unwrap();
    let end = start + xml[start..].find("</unit>").unwrap();
    let split = format!(
        "<unit id=\"{}\"><segment state=\"translated\"><source>{head}</source><target>[EN] {head}</target></segment>\
         <segment><source>{tail}</source></segment>",
        third.id
    );
    let xml = format!("{}{split}{}", &xml[..start], &xml[end..]);
    let path = save(out.path(), "partly.xlf", &xml);
    let report = import(&store, &path).unwrap();
    let skipped: Vec<(&str, SkipReason)> = report.skipped.iter().map(|s| (s.unit.as_str(), s.reason)).collect();
    assert_eq!(
        skipped,
        [
            (first.as_str(), SkipReason::NotTranslated),
            (second.as_str(), SkipReason::NotTranslated),
            (third.id.as_str(), SkipReason::PartlyTranslated { left: 1 }),
        ]
    );
    assert_eq!(report.approved, doc.files[0].units.len() - 3);
    assert!(report.skipped[2].to_string().contains("partly.xlf"), "{}", report.skipped[2]);
    drop(store);

    let (summary, _) = run(&settings);
    let held = article(&summary, HELD);
    assert_eq!(held.status, ArticleStatus::HeldBack, "a cut-off lead is never published");
    assert_eq!(held.targets[0].missing, 3);
    assert!(!out.path().join(format!("web-en/{HELD}.en.md")).exists());
}

#[test]
fn translated_work_reaches_the_translators_but_not_the_press_until_approved() {
    let out = tempfile::tempdir().unwrap();
    let settings = loop_settings(out.path());
    let (_, store) = run(&settings);
    let doc = filled(out.path(), xliff2::State::Translated, english);
    let path = save(out.path(), "translated.xlf", &xliff2::write(&doc));
    let report = import(&store, &path).unwrap();
    assert_eq!((report.translated, report.approved), (doc.files[0].units.len(), 0));
    drop(store);

    let (summary, store) = run(&settings);
    let held = article(&summary, HELD);
    assert_eq!(held.status, ArticleStatus::HeldBack);
    let reason = held.reason.clone().unwrap();
    assert!(reason.contains("web-en") && reason.contains("\"translated\""), "{reason}");
    assert!(!out.path().join(format!("web-en/{HELD}.en.md")).exists(), "unconfirmed work is not published");
    assert!(out.path().join(format!("translators-en/{HELD}.vi-en.xlf")).exists(), "translators get it to review");
    assert!(held.targets[0].package.is_some(), "{held:?}");

    // Approved in the next round, it goes out.
    let doc = filled(out.path(), xliff2::State::Final, english);
    let path = save(out.path(), "approved.xlf", &xliff2::write(&doc));
    assert_eq!(import(&store, &path).unwrap().approved, doc.files[0].units.len());
    drop(store);
    let (summary, _) = run(&settings);
    assert_eq!(article(&summary, HELD).status, ArticleStatus::Published);

    // A press channel may choose to publish translators' work as it is.
    let out = tempfile::tempdir().unwrap();
    let mut settings = loop_settings(out.path());
    settings.channels[0].publish.push(TmState::Translated);
    let (_, store) = run(&settings);
    let doc = filled(out.path(), xliff2::State::Translated, english);
    let path = save(out.path(), "translated.xlf", &xliff2::write(&doc));
    import(&store, &path).unwrap();
    drop(store);
    let (summary, _) = run(&settings);
    assert_eq!(article(&summary, HELD).status, ArticleStatus::Published);
}

#[test]
fn targets_rewrapped_by_a_cat_tool_publish_on_one_line() {
    let out = tempfile::tempdir().unwrap();
    let mut settings = loop_settings(out.path());
    let mut press = ChannelSettings::new("agency-en", "en", ChannelKind::Press);
    press.formats = vec![OutputFormat::Markdown, OutputFormat::Html, OutputFormat::Ninjs];
    settings.channels.push(press);
    settings.channels.push(ChannelSettings::new("tv-en", "en", ChannelKind::Tv));
    let (_, store) = run(&settings);
    let doc = filled(out.path(), xliff2::State::Final, |index, source| {
        let wrapped = format!("[EN] {source}").replacen(' ', "\n            ", 3);
        if index == 0 {
            format!("\n        {wrapped}\t\u{7}\n      ")
        } else {
            wrapped
        }
    });
    let path = save(out.path(), "wrapped.xlf", &xliff2::write(&doc));
    import(&store, &path).unwrap();
    let entries = store.tm_entries(None).unwrap();
    assert!(entries.iter().all(|e| !e.target.contains('\n') && !e.target.contains('\u{7}')), "{entries:?}");
    drop(store);

    let (summary, _) = run(&settings);
    assert_eq!(article(&summary, HELD).status, ArticleStatus::Published, "{summary:#?}");
    let read = |name: &str| std::fs::read_to_string(out.path().join(name)).unwrap();
    let markdown = read(&format!("agency-en/{HELD}.en.md"));
    let headline = markdown.lines().next().unwrap();
    assert!(headline.starts_with("# \\[EN\\] Khanh Hoa") && headline.ends_with("Nga"), "{markdown}");
    let html = read(&format!("agency-en/{HELD}.en.html"));
    let title = &html[html.find("<title>").unwrap()..html.find("</title>").unwrap()];
    assert!(!title.contains('\n'), "{title}");
    let ninjs: serde_json::Value = serde_json::from_str(&read(&format!("agency-en/{HELD}.en.ninjs.json"))).unwrap();
    let ninjs_headline = ninjs["headlines"][0]["value"].as_str().or(ninjs["headline"].as_str()).unwrap().to_string();
    assert!(!ninjs_headline.contains('\n') && !ninjs_headline.contains('\u{7}'), "{ninjs_headline:?}");
    let script = read(&format!("tv-en/{HELD}.en.script.txt"));
    assert!(!script.lines().any(|l| l.starts_with(' ')), "{script}");
}

#[test]
fn xliff_1_2_packages_are_written_for_held_back_articles_and_imported() {
    let out = tempfile::tempdir().unwrap();
    let settings = loop_settings(out.path());
    let (summary, store) = run(&settings);
    assert!(article(&summary, HELD).targets[0].package.as_deref().unwrap().ends_with(".vi-en.xlf"));
    let v12 = out.path().join(format!("packages/en/{HELD}.vi-en.v12.xlf"));
    let unchanged = std::fs::read_to_string(&v12).unwrap();
    assert!(unchanged.contains("version=\"1.2\""), "{unchanged}");

    // Dich's own file, returned unchanged: read, nothing to import.
    let report = import(&store, &v12).unwrap();
    assert_eq!((report.approved, report.translated), (0, 0));
    assert!(report.skipped.iter().all(|s| s.reason == SkipReason::NoTarget));

    // Filled as a 1.2 tool does: approved="yes" on the unit, targets carrying the tool's line breaks.
    let mut doc = dich::formats::read_xliff(&unchanged).unwrap();
    for unit in &mut doc.files[0].units {
        unit.target = Some(xliff2::Content::text(format!("[EN]\n   {}", unit.source.plain_text())));
        unit.state = xliff2::State::Final;
    }
    let returned = xliff12::write(&doc);
    assert!(returned.contains("approved=\"yes\""));
    let path =
        save(out.path(), "returned.v12.xlf", &returned.replace("target-language=\"en\"", "target-language=\"en-GB\""));
    assert_eq!(import(&store, &path).unwrap().approved, doc.files[0].units.len());
    drop(store);
    let (summary, _) = run(&settings);
    assert_eq!(article(&summary, HELD).status, ArticleStatus::Published);
}

#[test]
fn a_translators_channel_chooses_the_package_versions() {
    let out = tempfile::tempdir().unwrap();
    let mut settings = loop_settings(out.path());
    let translators = settings.channels.iter_mut().find(|c| c.kind == ChannelKind::Translators).unwrap();
    translators.packages = vec![OutputFormat::Xliff12];
    let (summary, _) = run(&settings);
    let package = article(&summary, HELD).targets[0].package.clone().unwrap();
    assert!(package.ends_with(".vi-en.v12.xlf"), "{package}");
    assert!(!self::package(out.path()).exists());
}
