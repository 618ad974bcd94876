//! A channel's house style applied to a translated article before any writer sees it, and its dateline.

use super::{TranslatedArticle, TranslatedBlock};
use crate::article::BlockKind;
use crate::config::ChannelSettings;
use crate::localize::{self, HouseStyle, PartialDate};

/// `article` with every block (and photo credit) in the channel's house style (see [`localize::localize`]).
pub fn localized<'a>(article: &TranslatedArticle<'a>, style: &HouseStyle) -> TranslatedArticle<'a> {
    let mut blocks: Vec<TranslatedBlock> = article
        .blocks
        .iter()
        .map(|block| TranslatedBlock {
            kind: block.kind,
            text: localize::localize(&block.text, style),
            credit: block.credit.as_ref().map(|c| localize::name_in_style(c, style)),
        })
        .collect();
    // The byline is a name carried over from the source: it gets the channel's spelling as a byline block.
    if let Some(byline) = &article.source.byline {
        if !blocks.iter().any(|b| b.kind == BlockKind::Byline) {
            blocks.push(TranslatedBlock {
                kind: BlockKind::Byline,
                text: localize::name_in_style(byline, style),
                credit: None,
            });
        }
    }
    TranslatedArticle { source: article.source, language: article.language.clone(), blocks }
}

/// The article's publication date, from the source's ISO timestamp.
pub fn published_date(article: &TranslatedArticle<'_>) -> Option<PartialDate> {
    let published = article.source.published.as_deref()?;
    let date = chrono::NaiveDate::parse_from_str(published.get(..10)?, "%Y-%m-%d").ok()?;
    use chrono::Datelike;
    Some(PartialDate::full(date.year(), date.month(), date.day()))
}

/// The dateline ("PHAN THIET, August 12 —") and the article with the place removed from the head of its first
/// paragraph when the text started with one; otherwise the channel's configured place, if any.
pub fn with_dateline<'a>(
    article: TranslatedArticle<'a>,
    channel: &ChannelSettings,
) -> (Option<String>, TranslatedArticle<'a>) {
    let mut article = article;
    let date = published_date(&article);
    let first = article.blocks.iter().position(|b| matches!(b.kind, BlockKind::Lead | BlockKind::Paragraph));
    if let Some(index) = first {
        if let Some((place, rest)) = localize::leading_place(&article.blocks[index].text) {
            article.blocks[index].text = article.blocks[index].text[rest..].to_string();
            return (Some(localize::dateline(&place, date.as_ref(), &channel.style)), article);
        }
    }
    let line = channel.dateline.as_deref().map(|place| localize::dateline(place, date.as_ref(), &channel.style));
    (line, article)
}
