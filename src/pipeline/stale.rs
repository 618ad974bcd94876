//! Outputs a later run makes stale. A translator package is only worth sending out while its article is held
//! back, and a published file only while the article would still be published: when the decision for an
//! article in a language changes, what the earlier decision left in the output directory is cleared away.
//!
//! Every file of an article starts with `<article id>.` (ids are slugs without dots, so no other article's
//! files match), in `packages/<language>/` and in each channel folder.
//!
//! - Published: its packages in `packages/<language>/` are deleted, and copies withdrawn earlier are deleted
//!   from `withdrawn/<channel>/` (the channel holds the current version again).
//! - Held back: its files in every press, tv and translators channel of the language are moved to
//!   `withdrawn/<channel>/` — kept for reference, never left looking current.

use std::path::{Path, PathBuf};

use crate::channel::join_inside;
use crate::config::{ChannelKind, Settings};

/// Folder under the output directory that receives withdrawn channel files.
pub const WITHDRAWN_DIR: &str = "withdrawn";

/// The files directly in `dir` that belong to `article`, sorted; none when `dir` does not exist.
fn files_of(dir: &Path, article: &str) -> std::io::Result<Vec<PathBuf>> {
    let prefix = format!("{article}.");
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry?;
        // A write interrupted mid-way leaves `<name>.tmp`: it goes too, it is the same stale output.
        if entry.file_type()?.is_file() && entry.file_name().to_str().is_some_and(|n| n.starts_with(&prefix)) {
            files.push(entry.path());
        }
    }
    files.sort();
    Ok(files)
}

/// Removes `dir` and then its parent if they are empty, up to (not including) `stop`; a folder still holding
/// something stays.
fn remove_empty(dir: &Path, stop: &Path) {
    let mut dir = dir.to_path_buf();
    while dir != stop && dir.starts_with(stop) && std::fs::remove_dir(&dir).is_ok() {
        if !dir.pop() {
            break;
        }
    }
}

/// The channels whose files say an article is published in `target`. The glossary channel is the term bases,
/// not the article's.
fn article_channels<'a>(settings: &'a Settings, target: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    settings
        .channels
        .iter()
        .filter(move |c| c.language == target && c.kind != ChannelKind::Glossary)
        .map(|c| c.name.as_str())
}

/// After `article` was published in `target`: deletes its translator packages and its withdrawn copies.
/// Returns the packages deleted.
pub fn clear_after_publishing(settings: &Settings, article: &str, target: &str) -> std::io::Result<Vec<PathBuf>> {
    let out = &settings.output_dir;
    let packages = join_inside(&out.join("packages"), target)?;
    let removed = files_of(&packages, article)?;
    for file in &removed {
        std::fs::remove_file(file)?;
    }
    remove_empty(&packages, out);
    let withdrawn = out.join(WITHDRAWN_DIR);
    for channel in article_channels(settings, target) {
        let dir = join_inside(&withdrawn, channel)?;
        for file in files_of(&dir, article)? {
            std::fs::remove_file(file)?;
        }
        remove_empty(&dir, out);
    }
    Ok(removed)
}

/// After `article` was held back in `target`: moves its files out of every press, tv and translators channel
/// of `target` (or only of the channels `only` names) into `withdrawn/<channel>/`. Returns where they are now.
pub fn withdraw(
    settings: &Settings,
    article: &str,
    target: &str,
    only: Option<&[&str]>,
) -> std::io::Result<Vec<PathBuf>> {
    let out = &settings.output_dir;
    let mut moved = Vec::new();
    for channel in article_channels(settings, target).filter(|c| only.is_none_or(|only| only.contains(c))) {
        let files = files_of(&join_inside(out, channel)?, article)?;
        if files.is_empty() {
            continue;
        }
        let aside = join_inside(&out.join(WITHDRAWN_DIR), channel)?;
        std::fs::create_dir_all(&aside)?;
        for file in files {
            let name = file.file_name().expect("a file read from a folder has a name").to_string_lossy().into_owned();
            let to = join_inside(&aside, &name)?;
            // Same file system (both inside the output directory): a rename, replacing an older withdrawn copy.
            std::fs::rename(&file, &to)?;
            moved.push(to);
        }
    }
    Ok(moved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_articles_own_files_match() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.en.md", "a.vi-en.xlf", "ab.en.md", "a-b.en.md", "b.a.en.md"] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        let names: Vec<String> = files_of(dir.path(), "a")
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.en.md", "a.vi-en.xlf"]);
        assert!(files_of(&dir.path().join("missing"), "a").unwrap().is_empty());
    }
}
