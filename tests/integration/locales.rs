//! Every message the code uses exists in English and Vietnamese, and both locales hold the same ids.

use std::collections::BTreeSet;
use std::path::Path;

use dich::i18n::{has_message, UiLanguage, ENGLISH_FILES, VIETNAMESE_FILES};

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Message ids in `t!("id"…)` and `message_in(…, "id"…)` calls, across line breaks.
fn ids_used_in_code() -> BTreeSet<String> {
    let pattern = regex::Regex::new(r#"(?:\bt!\(|message_in\([^,]+,)\s*"([a-z0-9][a-z0-9-]*)""#).unwrap();
    let mut files = Vec::new();
    rust_files(Path::new(env!("CARGO_MANIFEST_DIR")).join("src").as_path(), &mut files);
    let mut ids = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for capture in pattern.captures_iter(&text) {
            ids.insert(capture[1].to_string());
        }
    }
    ids.remove("no-such-message");
    ids
}

fn ids_in(files: &[(&str, &str)]) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for (_, source) in files {
        for line in source.lines() {
            if let Some((id, _)) = line.split_once(" =") {
                if !id.starts_with([' ', '#', '-', '.', '*', '[']) && !id.is_empty() {
                    ids.insert(id.trim().to_string());
                }
            }
        }
    }
    ids
}

#[test]
fn every_message_used_in_code_exists_in_both_languages() {
    let used = ids_used_in_code();
    assert!(used.len() > 20, "the scan found too few message ids: {used:?}");
    let missing: Vec<String> = used
        .iter()
        .flat_map(|id| {
            [UiLanguage::English, UiLanguage::Vietnamese]
                .into_iter()
                .filter(|lang| !has_message(*lang, id))
                .map(move |lang| format!("{id} ({lang:?})"))
        })
        .collect();
    assert!(missing.is_empty(), "messages missing from locales/: {missing:#?}");
}

#[test]
fn english_and_vietnamese_hold_the_same_ids() {
    let english = ids_in(ENGLISH_FILES);
    let vietnamese = ids_in(VIETNAMESE_FILES);
    let only_en: Vec<_> = english.difference(&vietnamese).collect();
    let only_vi: Vec<_> = vietnamese.difference(&english).collect();
    assert!(only_en.is_empty() && only_vi.is_empty(), "only English: {only_en:?}; only Vietnamese: {only_vi:?}");
}
