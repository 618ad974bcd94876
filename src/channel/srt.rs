//! SubRip captions: numbered cues, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, text lines, a blank line.

use std::path::{Path, PathBuf};

use super::captions::{build_cues, caption_texts, timestamp, Cue};
use super::{join_inside, write_if_changed, ChannelWriter, TranslatedArticle};
use crate::config::CaptionLimits;

#[derive(Debug, Clone, Default)]
pub struct SrtWriter {
    pub limits: CaptionLimits,
    /// Target-language terms never broken across lines.
    pub terms: Vec<String>,
}

/// Cues as an SRT file, each line through [`super::escape::srt`] (no live markup, no "-->").
pub fn render(cues: &[Cue]) -> String {
    let mut out = String::new();
    for (i, cue) in cues.iter().enumerate() {
        out.push_str(&format!("{}\n{} --> {}\n", i + 1, timestamp(cue.start_ms, ','), timestamp(cue.end_ms, ',')));
        for line in &cue.lines {
            out.push_str(&super::escape::srt(line));
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

impl ChannelWriter for SrtWriter {
    fn write(&self, article: &TranslatedArticle<'_>, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        let cues = build_cues(&caption_texts(article), &self.terms, &self.limits);
        let path = join_inside(dir, &format!("{}.{}.srt", article.source.id, article.language))?;
        write_if_changed(&path, render(&cues).as_bytes())?;
        Ok(vec![path])
    }
}
