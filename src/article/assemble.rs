//! The shared last step of every format: pieces found by a format reader → [`Article`].
//!
//! Format readers say what they know for sure (an `<h1>`, a `.sapo`, a figcaption); this step fills in the
//! rest the same way for every format: the lead is the first paragraph when none was marked, the byline is a
//! short last paragraph when none was marked, the lead loses its source prefix, and every string is NFC.

use super::boilerplate::{collapse_whitespace, is_collapsed, BoilerplateRules};
use super::error::IngestError;
use super::{Article, Block, BlockKind};

/// One thing a format reader found, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    Headline(String),
    Lead(String),
    Paragraph(String),
    Subhead(String),
    Caption { text: String, credit: Option<String> },
    Byline(String),
    Timestamp { raw: String, published: Option<String> },
    SourceUrl(String),
}

pub(crate) fn assemble(
    id: String,
    source_name: &str,
    pieces: Vec<Piece>,
    rules: &BoilerplateRules,
) -> Result<Article, IngestError> {
    let mut headline = None;
    let mut lead = None;
    let mut byline = None;
    let mut timestamp = None;
    let mut published = None;
    let mut source_url = None;
    let mut body: Vec<Block> = Vec::new();

    for piece in pieces {
        match piece {
            Piece::Headline(text) if headline.is_none() && !text.trim().is_empty() => headline = Some(clean(text)),
            Piece::Headline(text) | Piece::Subhead(text) => push(&mut body, BlockKind::Subhead, clean(text), None),
            Piece::Lead(text) if lead.is_none() => lead = Some(clean(text)),
            Piece::Lead(text) | Piece::Paragraph(text) => push(&mut body, BlockKind::Paragraph, clean(text), None),
            Piece::Caption { text, credit } => {
                let credit = credit.map(clean).filter(|c| !c.is_empty());
                push(&mut body, BlockKind::Caption, clean(text), credit)
            }
            Piece::Byline(text) if byline.is_none() => byline = Some(clean(text)).filter(|b| !b.is_empty()),
            Piece::Byline(_) => {}
            Piece::Timestamp { raw, published: iso } => {
                if timestamp.is_none() {
                    timestamp = Some(clean(raw));
                    published = iso;
                } else if published.is_none() {
                    published = iso;
                } else if let (Some(known), Some(more)) = (&published, &iso) {
                    // Same time with a zone (an HTML <meta> after the visible date): keep the precise one.
                    if more.len() > known.len() && more.starts_with(known.as_str()) {
                        published = iso;
                    }
                }
            }
            Piece::SourceUrl(url) => {
                if source_url.is_none() {
                    source_url = Some(url.trim().to_string());
                }
            }
        }
    }

    // No headline marked (a text without an <h1>, a Markdown file without "#"): the first block is it.
    if headline.is_none() && !body.is_empty() && body[0].kind != BlockKind::Caption {
        headline = Some(body.remove(0).text);
    }
    let headline =
        headline.ok_or_else(|| IngestError::not_an_article(source_name, crate::t!("ingest-reason-no-headline")))?;

    // A short last paragraph with no final punctuation is the byline.
    if byline.is_none() {
        let paragraphs = body.iter().filter(|b| b.kind == BlockKind::Paragraph).count();
        if let Some(last) = body.last() {
            if last.kind == BlockKind::Paragraph
                && (paragraphs > 1 || lead.is_some())
                && rules.is_byline_like(&last.text)
            {
                byline = body.pop().map(|b| b.text);
            }
        }
    }

    if lead.is_none() {
        if let Some(first) = body.iter().position(|b| b.kind == BlockKind::Paragraph) {
            lead = Some(body.remove(first).text);
        }
    }
    let lead = lead.map(|l| rules.strip_lead_prefix(l));
    if lead.is_none() {
        return Err(IngestError::not_an_article(source_name, crate::t!("ingest-reason-no-text")));
    }

    Ok(Article { id, headline, timestamp, published, lead, body, byline, source_url })
}

/// Whitespace collapsed, then normalized (NFC, Đ, spaces). Text a reader already cleaned (plain text is
/// normalized as a whole when decoded) is checked and kept, not copied.
fn clean(text: String) -> String {
    let text = if is_collapsed(&text) { text } else { collapse_whitespace(&text) };
    crate::text::normalize_owned(text)
}

fn push(body: &mut Vec<Block>, kind: BlockKind, text: String, credit: Option<String>) {
    if !text.is_empty() {
        body.push(Block { kind, text, credit });
    }
}
