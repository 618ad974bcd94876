//! Ingest: article files (scraped plain text, Markdown, HTML, ninjs JSON) → [`Article`].

use serde::{Deserialize, Serialize};

mod assemble;
mod boilerplate;
mod encoding;
mod error;
mod html;
mod ingest;
mod markdown;
mod ninjs;
mod plain;

pub use boilerplate::BoilerplateRules;
pub use encoding::InputEncoding;
pub use error::{IngestError, IngestErrorKind};
pub use ingest::{article_id, parse_article, read_article, Format, IngestOptions};

/// What part of an article a block of text is. Segments inherit it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Headline,
    Lead,
    Paragraph,
    Subhead,
    Caption,
    Byline,
}

impl BlockKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Headline => "headline",
            BlockKind::Lead => "lead",
            BlockKind::Paragraph => "paragraph",
            BlockKind::Subhead => "subhead",
            BlockKind::Caption => "caption",
            BlockKind::Byline => "byline",
        }
    }
}

/// One block of translatable text, in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    /// NFC text of the block.
    pub text: String,
    /// Photo credit of a caption ("TT Dân" from "(Ảnh: TT Dân)"); kept apart, not translated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<String>,
}

/// A Vietnamese news article after ingest: boilerplate dropped, text in NFC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Stable id derived from the file name (safe as a file name: no separators, no "..").
    pub id: String,
    pub headline: String,
    /// Publication time as written in the source ("21:32 | 12/08/2022"), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// Publication time in ISO 8601 (local time, no zone unless the source gives one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// Body blocks in order: paragraphs, subheads, captions.
    pub body: Vec<Block>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
}

impl Article {
    /// Every translatable block in reading order: headline, lead, body blocks. The byline is a name and is
    /// carried over, not translated.
    pub fn blocks(&self) -> Vec<Block> {
        let mut out = vec![Block { kind: BlockKind::Headline, text: self.headline.clone(), credit: None }];
        if let Some(lead) = &self.lead {
            out.push(Block { kind: BlockKind::Lead, text: lead.clone(), credit: None });
        }
        out.extend(self.body.iter().cloned());
        out
    }

    /// Kind and text of each of [`Article::blocks`], in the same order, without copying them.
    pub fn block_texts(&self) -> impl Iterator<Item = (BlockKind, &str)> {
        std::iter::once((BlockKind::Headline, self.headline.as_str()))
            .chain(self.lead.as_deref().map(|lead| (BlockKind::Lead, lead)))
            .chain(self.body.iter().map(|block| (block.kind, block.text.as_str())))
    }
}
