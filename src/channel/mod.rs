//! Channel writers: what reaches the desks, written only for complete articles.
//!
//! A writer turns a [`TranslatedArticle`] into files under its channel's directory. Writers never see an
//! incomplete article: the pipeline holds those back and writes a translator package instead.

pub mod captions;
pub mod escape;
pub mod html;
pub mod markdown;
pub mod ninjs;
pub mod publish;
pub mod script;
pub mod srt;
pub mod style;
pub mod vtt;

use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use crate::article::{Article, BlockKind};

/// One block of an article in the target language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TranslatedBlock {
    pub kind: BlockKind,
    /// The block's segments in the target language, joined with single spaces.
    pub text: String,
    /// A caption's photo credit, as in the source (names are not translated).
    pub credit: Option<String>,
}

/// A complete article in one target language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TranslatedArticle<'a> {
    pub source: &'a Article,
    pub language: String,
    /// Every block of `source.blocks()`, in order, translated.
    pub blocks: Vec<TranslatedBlock>,
}

impl TranslatedArticle<'_> {
    pub fn headline(&self) -> &str {
        self.first(BlockKind::Headline).unwrap_or_default()
    }

    pub fn first(&self, kind: BlockKind) -> Option<&str> {
        self.blocks.iter().find(|b| b.kind == kind).map(|b| b.text.as_str())
    }
}

/// The credit line closing every output ("Translated from Vietnamese."), in the article's language.
pub fn credit_line(target: &str) -> String {
    crate::i18n::output_message(target, "output-translated-from", &[])
}

/// "Photo: {name}" in the article's language ("Фото: …", "图片：…").
pub fn photo_credit(target: &str, name: &str) -> String {
    crate::i18n::output_message(target, "output-photo-credit", &[("name", name.to_string().into())])
}

/// Writes one channel's files for one complete article.
pub trait ChannelWriter {
    /// Writes the article under `dir` (the channel's directory) and returns the paths written or kept
    /// unchanged.
    fn write(&self, article: &TranslatedArticle<'_>, dir: &Path) -> std::io::Result<Vec<PathBuf>>;
}

/// `dir/relative`, refusing anything that would leave `dir` (absolute paths, "..", prefixes).
pub fn join_inside(dir: &Path, relative: &str) -> std::io::Result<PathBuf> {
    let rel = Path::new(relative);
    let safe = rel.components().all(|c| matches!(c, Component::Normal(_)));
    if !safe || relative.is_empty() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            crate::t!("channel-path-outside", path = relative.to_string()),
        ));
    }
    Ok(dir.join(rel))
}

/// Writes `contents` to `path` through a temporary file and a rename, so a killed run never leaves half a file;
/// a file that already holds exactly `contents` is left untouched (its time stamp too).
pub fn write_if_changed(path: &Path, contents: &[u8]) -> std::io::Result<bool> {
    if let Ok(existing) = std::fs::read(path) {
        if existing == contents {
            return Ok(false);
        }
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    // A temporary of this process and write alone: several workers writing the same file into a shared output
    // directory each rename a whole file of their own into place.
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let write = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".{}-{write}.tmp", std::process::id()));
    let tmp = PathBuf::from(tmp);
    // A write cut short (a full disk) leaves nothing half-written behind: the old file stays, the temporary goes.
    let written = std::fs::write(&tmp, contents).and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written.map(|()| true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_leave_the_directory() {
        let dir = Path::new("/tmp/out");
        assert!(join_inside(dir, "../etc/passwd").is_err());
        assert!(join_inside(dir, "/etc/passwd").is_err());
        assert!(join_inside(dir, "a/../../b").is_err());
        assert!(join_inside(dir, "").is_err());
        assert_eq!(join_inside(dir, "web-en/a.md").unwrap(), PathBuf::from("/tmp/out/web-en/a.md"));
    }

    #[test]
    fn a_write_that_fails_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        // The rename cannot replace a folder: the write fails after the temporary file was made.
        let blocked = dir.path().join("a.en.md");
        std::fs::create_dir(&blocked).unwrap();
        assert!(write_if_changed(&blocked, b"text").is_err());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(left, [std::ffi::OsString::from("a.en.md")]);
    }
}
