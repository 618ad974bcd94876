//! WebVTT captions: a `WEBVTT` header, a NOTE with the credit line, cues with `HH:MM:SS.mmm` times.

use std::path::{Path, PathBuf};

use super::captions::{build_cues, caption_texts, timestamp, Cue};
use super::{join_inside, write_if_changed, ChannelWriter, TranslatedArticle};
use crate::config::CaptionLimits;

#[derive(Debug, Clone, Default)]
pub struct VttWriter {
    pub limits: CaptionLimits,
    pub terms: Vec<String>,
}

pub use super::escape::vtt as escape;

/// Cues as a WebVTT file; `note` goes in a NOTE block after the header.
pub fn render(cues: &[Cue], note: &str) -> String {
    let mut out = String::from("WEBVTT\n\n");
    let note = note.replace("-->", "->");
    if !note.trim().is_empty() {
        out.push_str(&format!("NOTE {}\n\n", note.trim()));
    }
    for (i, cue) in cues.iter().enumerate() {
        out.push_str(&format!("{}\n{} --> {}\n", i + 1, timestamp(cue.start_ms, '.'), timestamp(cue.end_ms, '.')));
        for line in &cue.lines {
            out.push_str(&escape(line));
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

impl ChannelWriter for VttWriter {
    fn write(&self, article: &TranslatedArticle<'_>, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        let cues = build_cues(&caption_texts(article), &self.terms, &self.limits);
        let note = super::credit_line(&article.language);
        let path = join_inside(dir, &format!("{}.{}.vtt", article.source.id, article.language))?;
        write_if_changed(&path, render(&cues, &note).as_bytes())?;
        Ok(vec![path])
    }
}
