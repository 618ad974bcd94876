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
    through_temporary(path, |tmp| std::fs::write(tmp, contents).map(|()| true))
}

/// [`write_if_changed`] for contents too large to hold: `write` streams them into the temporary file, which
/// then replaces `path` unless `path` already holds the same bytes (compared as streams too).
pub fn write_streamed_if_changed(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<bool> {
    through_temporary(path, |tmp| {
        let mut out = std::io::BufWriter::new(std::fs::File::create(tmp)?);
        write(&mut out)?;
        out.into_inner().map_err(|e| e.into_error())?;
        Ok(!same_bytes(tmp, path))
    })
}

/// A path beside `path` for a temporary file of this process and call alone: several workers writing into a
/// shared output directory never write into each other's.
pub fn temporary_beside(path: &Path) -> PathBuf {
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let write = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".{}-{write}.tmp", std::process::id()));
    PathBuf::from(tmp)
}

/// Makes `path` through a temporary file beside it: `make` writes the temporary and says whether it should
/// replace `path` (renamed into place) or not (removed). Several workers writing the same file into a shared
/// output directory each rename a whole file of their own into place.
fn through_temporary(path: &Path, make: impl FnOnce(&Path) -> std::io::Result<bool>) -> std::io::Result<bool> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = temporary_beside(path);
    // A write cut short (a full disk) leaves nothing half-written behind: the old file stays, the temporary goes.
    let written = make(&tmp).and_then(|replace| {
        if replace {
            std::fs::rename(&tmp, path).map(|()| true)
        } else {
            std::fs::remove_file(&tmp).map(|()| false)
        }
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// True when both files can be read and hold the same bytes; read in blocks, never whole.
fn same_bytes(a: &Path, b: &Path) -> bool {
    use std::io::Read;
    let (Ok(fa), Ok(fb)) = (std::fs::File::open(a), std::fs::File::open(b)) else { return false };
    let (Ok(ma), Ok(mb)) = (fa.metadata(), fb.metadata()) else { return false };
    if ma.len() != mb.len() {
        return false;
    }
    let (mut ra, mut rb) = (std::io::BufReader::new(fa), std::io::BufReader::new(fb));
    let (mut ba, mut bb) = ([0u8; 8192], [0u8; 8192]);
    loop {
        let n = match ra.read(&mut ba) {
            Ok(0) => return rb.read(&mut bb).is_ok_and(|m| m == 0),
            Ok(n) => n,
            Err(_) => return false,
        };
        if rb.read_exact(&mut bb[..n]).is_err() || ba[..n] != bb[..n] {
            return false;
        }
    }
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
        assert!(write_streamed_if_changed(&blocked, |w| w.write_all(b"text")).is_err());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(left, [std::ffi::OsString::from("a.en.md")]);
    }

    #[test]
    fn a_streamed_write_replaces_only_a_file_that_differs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        let big = "x".repeat(20_000);
        let write = |text: String| write_streamed_if_changed(&path, move |w| w.write_all(text.as_bytes())).unwrap();
        assert!(write(big.clone()));
        assert!(!write(big.clone()), "the same bytes: left untouched");
        assert!(write(format!("{big}y")), "longer");
        assert!(write(format!("{}y", &big[1..])), "same length, other bytes");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), format!("{}y", &big[1..]));
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(left, [std::ffi::OsString::from("report.html")], "no temporary left");
    }
}
