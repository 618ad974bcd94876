//! Publishing one article in one target language: every channel of that language for a complete article, the
//! translator package for a held-back one.

use std::collections::HashMap;
use std::path::PathBuf;

use super::markdown::MarkdownWriter;
use super::{join_inside, write_if_changed, ChannelWriter, TranslatedArticle, TranslatedBlock};
use crate::article::Article;
use crate::config::{ChannelKind, OutputFormat, Settings};
use crate::engine::{Suggestion, Translation};
use crate::glossary::Hit;
use crate::text::Segment;

/// The article in `target`, block by block, from the segments' translations.
pub fn translated_article<'a>(
    article: &'a Article,
    segments: &[Segment],
    target: &str,
    translations: &HashMap<String, Translation>,
) -> TranslatedArticle<'a> {
    let blocks = article
        .blocks()
        .into_iter()
        .enumerate()
        .map(|(index, block)| {
            let text = segments
                .iter()
                .filter(|s| s.block == index)
                .filter_map(|s| translations.get(&s.id).map(|t| t.text.trim().to_string()))
                .collect::<Vec<_>>()
                .join(" ");
            TranslatedBlock { kind: block.kind, text, credit: block.credit }
        })
        .collect();
    TranslatedArticle { source: article, language: target.to_string(), blocks }
}

pub fn write_channels(
    settings: &Settings,
    article: &Article,
    segments: &[Segment],
    target: &str,
    translations: &HashMap<String, Translation>,
    suggestions: &HashMap<String, Vec<Suggestion>>,
    hits: &HashMap<String, Vec<Hit>>,
    source_path: &str,
) -> std::io::Result<Vec<PathBuf>> {
    let translated = translated_article(article, segments, target, translations);
    let mut written = Vec::new();
    for channel in settings.channels.iter().filter(|c| c.language == target) {
        let dir = join_inside(&settings.output_dir, &channel.name)?;
        for format in &channel.formats {
            match (channel.kind, format) {
                (ChannelKind::Press, OutputFormat::Markdown) => {
                    written.extend(MarkdownWriter.write(&translated, &dir)?);
                }
                (ChannelKind::Translators, OutputFormat::Xliff) => {
                    let doc = crate::package::build(
                        article,
                        source_path,
                        &settings.source,
                        target,
                        segments,
                        translations,
                        suggestions,
                        hits,
                    );
                    let path = join_inside(&dir, &package_file_name(article, &settings.source, target))?;
                    write_if_changed(&path, crate::formats::xliff2::write(&doc).as_bytes())?;
                    written.push(path);
                }
                // Config validation only lets formats through that fit their channel kind.
                (kind, format) => unreachable!("validated channel {kind:?} with format {format:?}"),
            }
        }
    }
    Ok(written)
}

pub fn package_file_name(article: &Article, source: &str, target: &str) -> String {
    format!("{}.{source}-{target}.xlf", article.id)
}

/// Writes the translator package of a held-back article to `<output>/packages/<target>/`.
pub fn write_package(
    settings: &Settings,
    article: &Article,
    segments: &[Segment],
    target: &str,
    translations: &HashMap<String, Translation>,
    suggestions: &HashMap<String, Vec<Suggestion>>,
    hits: &HashMap<String, Vec<Hit>>,
    source_path: &str,
) -> std::io::Result<PathBuf> {
    let doc = crate::package::build(article, source_path, &settings.source, target, segments, translations, suggestions, hits);
    let dir = settings.output_dir.join("packages").join(target);
    let path = join_inside(&dir, &package_file_name(article, &settings.source, target))?;
    write_if_changed(&path, crate::formats::xliff2::write(&doc).as_bytes())?;
    Ok(path)
}
