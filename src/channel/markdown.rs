//! Markdown for web desks: headline, lead, body with subheads and captions, byline, source credit.

use std::path::{Path, PathBuf};

use super::{join_inside, write_if_changed, ChannelWriter, TranslatedArticle};
use crate::article::BlockKind;

/// Writes `<id>.<lang>.md`; [`MarkdownWriter::with_dateline`] adds a dateline.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownWriter;

/// A Markdown writer whose articles open with a dateline.
#[derive(Debug, Clone, Default)]
pub struct DatelinedMarkdownWriter {
    pub dateline: Option<String>,
}

impl MarkdownWriter {
    pub fn with_dateline(dateline: Option<String>) -> DatelinedMarkdownWriter {
        DatelinedMarkdownWriter { dateline }
    }
}

impl ChannelWriter for DatelinedMarkdownWriter {
    fn write(&self, article: &TranslatedArticle<'_>, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        let path = join_inside(dir, &format!("{}.{}.md", article.source.id, article.language))?;
        write_if_changed(&path, render_with_dateline(article, self.dateline.as_deref()).as_bytes())?;
        Ok(vec![path])
    }
}

pub use super::escape::markdown as escape;
use super::escape::{markdown_link, SafeUrl};

pub fn render(article: &TranslatedArticle<'_>) -> String {
    render_with_dateline(article, None)
}

/// The article as Markdown, with `dateline` ("PHAN THIET, August 12 —") opening its first paragraph.
pub fn render_with_dateline(article: &TranslatedArticle<'_>, dateline: Option<&str>) -> String {
    let mut out = String::new();
    let mut dateline = dateline;
    for block in &article.blocks {
        let mut text = escape(&block.text);
        if matches!(block.kind, BlockKind::Lead | BlockKind::Paragraph) {
            if let Some(line) = dateline.take() {
                text = format!("{} {text}", escape(line));
            }
        }
        match block.kind {
            BlockKind::Headline => out.push_str(&format!("# {text}\n\n")),
            BlockKind::Lead => out.push_str(&format!("**{text}**\n\n")),
            BlockKind::Paragraph => out.push_str(&format!("{text}\n\n")),
            BlockKind::Subhead => out.push_str(&format!("## {text}\n\n")),
            BlockKind::Caption => match &block.credit {
                Some(credit) => {
                    let credit = super::photo_credit(&article.language, &escape(credit));
                    out.push_str(&format!("*{text}* ({credit})\n\n"))
                }
                None => out.push_str(&format!("*{text}*\n\n")),
            },
            BlockKind::Byline => out.push_str(&format!("{text}\n\n")),
        }
    }
    if let Some(byline) = &article.source.byline {
        if !article.blocks.iter().any(|b| b.kind == BlockKind::Byline) {
            out.push_str(&format!("{}\n\n", escape(byline)));
        }
    }
    let credit = super::credit_line(&article.language);
    out.push_str(&format!("---\n\n*{credit}*"));
    if let Some(url) = article.source.source_url.as_deref().and_then(SafeUrl::parse) {
        out.push(' ');
        out.push_str(&markdown_link(&url));
    }
    out.push('\n');
    out
}

impl ChannelWriter for MarkdownWriter {
    fn write(&self, article: &TranslatedArticle<'_>, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        let path = join_inside(dir, &format!("{}.{}.md", article.source.id, article.language))?;
        write_if_changed(&path, render(article).as_bytes())?;
        Ok(vec![path])
    }
}
