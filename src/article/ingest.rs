//! Entry points: a file (or stdin bytes) → [`Article`], with format detection, size limit and encoding.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use unicode_normalization::UnicodeNormalization;

use super::assemble::assemble;
use super::boilerplate::BoilerplateRules;
use super::encoding::{decode, InputEncoding};
use super::error::{IngestError, IngestErrorKind};
use super::{html, markdown, ninjs, plain, Article};

/// The kind of article file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Scraped plain text (a web page copied as text).
    Text,
    Markdown,
    Html,
    /// IPTC ninjs JSON.
    Ninjs,
}

impl Format {
    /// The extension decides (.txt, .md/.markdown, .html/.htm, .json); otherwise the content is sniffed.
    pub fn detect(path: &Path, bytes: &[u8]) -> Format {
        let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("txt" | "text") => Format::Text,
            Some("md" | "markdown") => Format::Markdown,
            Some("html" | "htm" | "xhtml") => Format::Html,
            Some("json") => Format::Ninjs,
            _ => Format::sniff(bytes),
        }
    }

    /// Reads a user's format name ("text", "txt", "markdown", "md", "html", "ninjs", "json").
    pub fn from_name(name: &str) -> Option<Format> {
        match name.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" | "plain" => Some(Format::Text),
            "markdown" | "md" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "ninjs" | "json" => Some(Format::Ninjs),
            _ => None,
        }
    }

    /// Looks at the start of the content: `{` → ninjs, an HTML tag → HTML, Markdown headings or images →
    /// Markdown, else plain text.
    pub fn sniff(bytes: &[u8]) -> Format {
        let head = &bytes[..bytes.len().min(4096)];
        let text: String = match head {
            [0xFF, 0xFE, ..] => encoding_rs::UTF_16LE.decode_with_bom_removal(head).0.into_owned(),
            [0xFE, 0xFF, ..] => encoding_rs::UTF_16BE.decode_with_bom_removal(head).0.into_owned(),
            _ => String::from_utf8_lossy(head).into_owned(),
        };
        let start = text.trim_start_matches('\u{FEFF}').trim_start();
        let lower = start.to_ascii_lowercase();
        if start.starts_with('{') {
            return Format::Ninjs;
        }
        if lower.starts_with("<!doctype html")
            || lower.starts_with("<html")
            || ["<body", "<p>", "<p ", "<div", "<article", "<h1"].iter().any(|tag| lower.contains(tag))
        {
            return Format::Html;
        }
        let markdown_line = |line: &str| {
            let line = line.trim_start();
            line.starts_with("# ") || line.starts_with("## ") || line.starts_with("![") || line.starts_with("### ")
        };
        // Split on CR too: old Mac files end their lines with a lone CR.
        if start.split(['\n', '\r']).any(markdown_line) {
            return Format::Markdown;
        }
        Format::Text
    }
}

/// How files are read.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    pub encoding: InputEncoding,
    pub rules: Arc<BoilerplateRules>,
    /// Files larger than this are refused before they are read.
    pub max_bytes: u64,
}

impl Default for IngestOptions {
    fn default() -> IngestOptions {
        IngestOptions {
            encoding: InputEncoding::Auto,
            rules: Arc::new(BoilerplateRules::builtin()),
            max_bytes: 20 * 1024 * 1024,
        }
    }
}

/// Reads one article file. The size is checked from the file's metadata before anything is read.
pub fn read_article(path: &Path, opts: &IngestOptions) -> Result<Article, IngestError> {
    let name = path.display().to_string();
    let io_error = |e: std::io::Error| IngestError::new(&name, IngestErrorKind::Io { detail: e.to_string() });
    let metadata = std::fs::metadata(path).map_err(io_error)?;
    if metadata.len() > opts.max_bytes {
        return Err(IngestError::new(
            &name,
            IngestErrorKind::TooLarge { bytes: metadata.len(), limit: opts.max_bytes },
        ));
    }
    let file = std::fs::File::open(path).map_err(io_error)?;
    // The file may grow between the check and the read: never read past the limit.
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(opts.max_bytes + 1).read_to_end(&mut bytes).map_err(io_error)?;
    let format = Format::detect(path, &bytes);
    parse_article(&bytes, &name, format, opts)
}

/// Parses article bytes. `name` is the file name (or "-" for stdin): it gives the id and names the source in
/// errors.
pub fn parse_article(bytes: &[u8], name: &str, format: Format, opts: &IngestOptions) -> Result<Article, IngestError> {
    if bytes.len() as u64 > opts.max_bytes {
        return Err(IngestError::new(
            name,
            IngestErrorKind::TooLarge { bytes: bytes.len() as u64, limit: opts.max_bytes },
        ));
    }
    let text = decode(bytes, opts.encoding, name)?;
    let rules = opts.rules.as_ref();
    let pieces = match format {
        Format::Text => plain::parse(&text, rules),
        Format::Markdown => markdown::parse(&text, rules),
        Format::Html => html::parse_document(&text, rules),
        Format::Ninjs => ninjs::parse(&text, name, rules)?,
    };
    assemble(article_id(name), name, pieces, rules)
}

/// A stable id from the file stem: lowercase ASCII slug (Vietnamese letters without marks, đ→d), only
/// `[a-z0-9-]`, at most 80 characters, never empty. A trailing language tag ("bai-viet.vi.txt") is dropped.
/// "-" (stdin) gives "stdin".
pub fn article_id(name: &str) -> String {
    if name.trim() == "-" {
        return "stdin".to_string();
    }
    let file_name = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = match file_name.rsplit_once('.') {
        Some((stem, _extension)) if !stem.is_empty() => stem,
        _ => file_name,
    };
    let stem = match stem.rsplit_once('.') {
        Some((rest, tag))
            if !rest.is_empty() && (2..=3).contains(&tag.len()) && tag.chars().all(|c| c.is_ascii_lowercase()) =>
        {
            rest
        }
        _ => stem,
    };
    let mut slug = String::new();
    for c in crate::text::normalize(stem).nfd() {
        let c = match c {
            'đ' | 'Đ' => 'd',
            c if unicode_normalization::char::is_combining_mark(c) => continue,
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_matches('-').chars().take(80).collect();
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "article".to_string()
    } else {
        slug.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_safe_slugs() {
        assert_eq!(article_id("examples/articles/lam-dong-doi-ngoai.vi.txt"), "lam-dong-doi-ngoai");
        assert_eq!(article_id("Đối ngoại Lâm Đồng.html"), "doi-ngoai-lam-dong");
        assert_eq!(article_id("C:\\tin\\Bản tin số 5.md"), "ban-tin-so-5");
        assert_eq!(article_id("-"), "stdin");
        assert_eq!(article_id("../.."), "article");
        assert_eq!(article_id(".txt"), "txt");
        assert_eq!(article_id("字.txt"), "article");
        assert!(article_id(&"a".repeat(300)).len() <= 80);
    }

    #[test]
    fn formats_by_extension_then_content() {
        assert_eq!(Format::detect(Path::new("a.TXT"), b"<html>"), Format::Text);
        assert_eq!(Format::detect(Path::new("a.htm"), b""), Format::Html);
        assert_eq!(Format::detect(Path::new("a.markdown"), b""), Format::Markdown);
        assert_eq!(Format::detect(Path::new("a.json"), b""), Format::Ninjs);
        assert_eq!(Format::detect(Path::new("-"), b"  {\"uri\": 1}"), Format::Ninjs);
        assert_eq!(Format::detect(Path::new("a"), b"<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(Format::detect(Path::new("a"), "# Tiêu đề\n\nĐoạn.".as_bytes()), Format::Markdown);
        assert_eq!(Format::detect(Path::new("a"), "Tiêu đề\n\n21:32 | 12/08/2022".as_bytes()), Format::Text);
        assert_eq!(Format::from_name("MD"), Some(Format::Markdown));
        assert_eq!(Format::from_name("docx"), None);
    }
}
