//! The read-out script for TV presenters: the article's text with numbers, money, dates and document codes
//! written as they are spoken (English, French, Russian, Chinese, Japanese, Korean; see
//! [`crate::localize::spoken`]), photo captions left out.

use std::path::{Path, PathBuf};

use super::{join_inside, write_if_changed, ChannelWriter, TranslatedArticle};
use crate::article::BlockKind;
use crate::localize::spoken::spoken;

#[derive(Debug, Clone, Default)]
pub struct ScriptWriter {
    /// Dateline read before the first paragraph ("PHAN THIET, August 12 —").
    pub dateline: Option<String>,
}

pub fn render(article: &TranslatedArticle<'_>, dateline: Option<&str>) -> String {
    let lang = article.language.as_str();
    let mut out = String::new();
    let mut dateline = dateline;
    for block in &article.blocks {
        let text = spoken(&block.text, lang);
        match block.kind {
            BlockKind::Headline => out.push_str(&format!("{}\n\n", text.to_uppercase())),
            BlockKind::Subhead => out.push_str(&format!("{}\n\n", text.to_uppercase())),
            BlockKind::Lead | BlockKind::Paragraph => match dateline.take() {
                Some(line) => out.push_str(&format!("{} {text}\n\n", spoken(line, lang))),
                None => out.push_str(&format!("{text}\n\n")),
            },
            BlockKind::Caption | BlockKind::Byline => {}
        }
    }
    out.push_str(&format!("[{}]\n", super::credit_line(lang)));
    out
}

impl ChannelWriter for ScriptWriter {
    fn write(&self, article: &TranslatedArticle<'_>, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        let path = join_inside(dir, &format!("{}.{}.script.txt", article.source.id, article.language))?;
        write_if_changed(&path, render(article, self.dateline.as_deref()).as_bytes())?;
        Ok(vec![path])
    }
}
