//! Publishing one article in one target language: every channel of that language for a complete article, the
//! translator package for a held-back one.

use std::collections::HashMap;
use std::path::PathBuf;

use super::captions::glossary_terms;
use super::html::HtmlWriter;
use super::markdown::MarkdownWriter;
use super::ninjs::NinjsWriter;
use super::script::ScriptWriter;
use super::srt::SrtWriter;
use super::style::{localized, with_dateline};
use super::vtt::VttWriter;
use super::{join_inside, write_if_changed, ChannelWriter, TranslatedArticle, TranslatedBlock};
use crate::article::Article;

use crate::config::{ChannelKind, ChannelSettings, OutputFormat, Settings};
use crate::engine::Translation;
use crate::formats::{tmx, xliff12, xliff2};
use crate::glossary::{Glossary, Hit, Matcher};
use crate::package::Findings;
use crate::text::Segment;

/// The article in `target`, block by block, from the segments' translations.
pub fn translated_article<'a>(
    article: &'a Article,
    segments: &[Segment],
    target: &str,
    translations: &HashMap<String, Translation>,
) -> TranslatedArticle<'a> {
    // Chinese and Japanese put no space between sentences.
    let separator = match target.split(['-', '_']).next() {
        Some("zh" | "ja" | "yue") => "",
        _ => " ",
    };
    let blocks = article
        .blocks()
        .into_iter()
        .enumerate()
        .map(|(index, block)| {
            let text = segments
                .iter()
                .filter(|s| s.block == index)
                // One line whatever the memory holds: a CAT tool's re-wrapped target never breaks a headline.
                .filter_map(|s| translations.get(&s.id).map(|t| crate::text::one_line(&t.text)))
                .collect::<Vec<_>>()
                .join(separator);
            TranslatedBlock { kind: block.kind, text, credit: block.credit }
        })
        .collect();
    TranslatedArticle { source: article, language: target.to_string(), blocks }
}

/// What publishing needs besides the article: the glossary (so caption lines never break inside a term, and each
/// channel gets its own renderings) and the time stamped on a new ninjs version.
#[derive(Debug, Clone, Default)]
pub struct PublishContext<'a> {
    pub matcher: Option<&'a Matcher>,
    /// The term bases, for per-channel renderings (`en@<channel>` columns).
    pub glossary: Option<&'a Glossary>,
    /// The run's time (RFC 3339), stamped on a new ninjs version.
    pub now: String,
}

/// Writes every channel of `target` for a complete article: tv and press channels get the text in their house
/// style, translators the raw translations. A channel that fails does not stop the others; the errors come
/// back together after all channels were tried.
#[allow(clippy::too_many_arguments)]
pub fn write_channels(
    settings: &Settings,
    article: &Article,
    segments: &[Segment],
    target: &str,
    findings: &Findings<'_>,
    source_path: &str,
    context: &PublishContext<'_>,
) -> std::io::Result<Vec<PathBuf>> {
    let channels: Vec<&ChannelSettings> = settings.channels.iter().filter(|c| c.language == target).collect();
    write_these_channels(settings, &channels, article, segments, target, findings, source_path, context)
}

/// [`write_channels`] for the given channels of `target` only (the others withhold the article).
#[allow(clippy::too_many_arguments)]
pub fn write_these_channels(
    settings: &Settings,
    channels: &[&ChannelSettings],
    article: &Article,
    segments: &[Segment],
    target: &str,
    findings: &Findings<'_>,
    source_path: &str,
    context: &PublishContext<'_>,
) -> std::io::Result<Vec<PathBuf>> {
    let translated = translated_article(article, segments, target, findings.translations);
    let now = context.now.clone();
    let mut written = Vec::new();
    let mut errors = Vec::new();
    for channel in channels.iter().copied().filter(|c| c.language == target) {
        let inputs = Inputs { segments, findings, source_path };
        let result = write_channel(settings, channel, &translated, &inputs, context, &now);
        match result {
            Ok(paths) => written.extend(paths),
            Err(e) => errors.push(crate::t!("channel-failed", channel = channel.name.clone(), detail = e.to_string())),
        }
    }
    if errors.is_empty() {
        Ok(written)
    } else {
        Err(std::io::Error::other(errors.join("; ")))
    }
}

/// What the translators' formats are built from.
struct Inputs<'a> {
    segments: &'a [Segment],
    findings: &'a Findings<'a>,
    source_path: &'a str,
}

fn write_channel(
    settings: &Settings,
    channel: &ChannelSettings,
    translated: &TranslatedArticle<'_>,
    inputs: &Inputs<'_>,
    context: &PublishContext<'_>,
    now: &str,
) -> std::io::Result<Vec<PathBuf>> {
    let Inputs { segments, findings, source_path } = *inputs;
    let Findings { translations, hits, .. } = *findings;
    let article = translated.source;
    let dir = join_inside(&settings.output_dir, &channel.name)?;
    let target = translated.language.as_str();
    let mut written = Vec::new();
    if channel.kind == ChannelKind::Glossary {
        // Written once per run by `write_glossary_channels`, not per article.
        return Ok(written);
    }
    if channel.kind == ChannelKind::Translators {
        for format in &channel.formats {
            let file_name = match format {
                OutputFormat::Xliff => package_file_name(article, &settings.source, target),
                OutputFormat::Xliff12 => package_file_name_v12(article, &settings.source, target),
                OutputFormat::Tmx => format!("{}.{}-{target}.tmx", article.id, settings.source),
                // Config validation only lets formats through that fit their channel kind.
                other => unreachable!("validated translators channel with format {other:?}"),
            };
            let path = join_inside(&dir, &file_name)?;
            let contents = match format {
                OutputFormat::Tmx => {
                    tmx::write(&article_tmx(article, segments, &settings.source, target, translations))
                }
                _ => {
                    let doc = crate::package::build(article, source_path, &settings.source, target, segments, findings);
                    if *format == OutputFormat::Xliff {
                        xliff2::write(&doc)
                    } else {
                        xliff12::write(&doc)
                    }
                }
            };
            write_if_changed(&path, contents.as_bytes())?;
            written.push(path);
        }
        return Ok(written);
    }

    if translated.headline().trim().is_empty() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            crate::t!("channel-no-headline", article = article.id.clone()),
        ));
    }
    let overrides = context
        .glossary
        .map(|g| channel_renderings(g, hits, target, &channel.name, channel.style.diacritics))
        .unwrap_or_default();
    let own;
    let translated = if overrides.is_empty() {
        translated
    } else {
        own = translated_article(article, segments, target, &with_renderings(translations, &overrides));
        &own
    };
    let styled = localized(translated, &channel.style);
    let (dateline, styled) = with_dateline(styled, channel);
    let terms = caption_terms(article, hits, context.matcher, target, channel, &overrides);
    for format in &channel.formats {
        let paths = match format {
            OutputFormat::Markdown => MarkdownWriter::with_dateline(dateline.clone()).write(&styled, &dir)?,
            OutputFormat::Html => HtmlWriter { dateline: dateline.clone() }.write(&styled, &dir)?,
            OutputFormat::Ninjs => {
                let writer =
                    NinjsWriter { version: channel.ninjs_version, dateline: dateline.clone(), now: now.to_string() };
                writer.write(&styled, &dir)?
            }
            OutputFormat::Srt => SrtWriter { limits: channel.captions, terms: terms.clone() }.write(&styled, &dir)?,
            OutputFormat::Vtt => VttWriter { limits: channel.captions, terms: terms.clone() }.write(&styled, &dir)?,
            OutputFormat::Script => ScriptWriter { dateline: dateline.clone() }.write(&styled, &dir)?,
            other => unreachable!("validated {:?} channel with format {other:?}", channel.kind),
        };
        written.extend(paths);
    }
    Ok(written)
}

/// Target renderings of the glossary terms in the article (from the run's hits, and the matcher if given), in
/// the channel's style: caption lines never break inside them.
fn caption_terms(
    article: &Article,
    hits: &HashMap<String, Vec<Hit>>,
    matcher: Option<&Matcher>,
    target: &str,
    channel: &ChannelSettings,
    overrides: &HashMap<String, Vec<(String, String)>>,
) -> Vec<String> {
    let mut terms: Vec<String> = hits.values().flatten().filter_map(|hit| hit.targets.get(target).cloned()).collect();
    terms.extend(overrides.values().flatten().map(|(_, own)| own.clone()));
    if let Some(matcher) = matcher {
        terms.extend(glossary_terms(article.blocks().iter().map(|b| b.text.as_str()), matcher, target));
    }
    let mut terms: Vec<String> = terms.iter().map(|t| crate::localize::localize(t, &channel.style)).collect();
    terms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    terms.dedup();
    terms
}

/// Per segment, the (house rendering, channel rendering) pairs of its terms whose entry has its own rendering for
/// `channel` in `target` (a column like `en@vietnamnews`). Slot expansions keep the house rendering: their text is
/// built from several entries. People found by their names (not in the term bases) are written as the article
/// writes them where the channel keeps diacritics ("Lê Thị Thu Hà" in Vietnam News style), in Latin-script
/// targets.
fn channel_renderings(
    glossary: &Glossary,
    hits: &HashMap<String, Vec<Hit>>,
    target: &str,
    channel: &str,
    diacritics: bool,
) -> HashMap<String, Vec<(String, String)>> {
    let mut overrides: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for (segment_id, segment_hits) in hits {
        if diacritics {
            for hit in segment_hits
                .iter()
                .filter(|h| h.kind == crate::glossary::Kind::Person && h.entry.starts_with("entity:"))
            {
                let Some(house) = hit.targets.get(target) else { continue };
                let own = crate::text::normalize(&hit.text).split_whitespace().collect::<Vec<_>>().join(" ");
                let pairs = overrides.entry(segment_id.clone()).or_default();
                if *house != own && !pairs.iter().any(|(h, _)| h == house) {
                    pairs.push((house.clone(), own));
                }
            }
        }
        for hit in segment_hits.iter().filter(|hit| hit.slots.is_empty()) {
            let Some(entry) = glossary.get(&hit.entry) else { continue };
            let (Some(house), Some(own)) = (entry.targets.get(target), entry.target_for(target, Some(channel))) else {
                continue;
            };
            let pairs = overrides.entry(segment_id.clone()).or_default();
            if house != own && !pairs.iter().any(|(h, _)| h == house) {
                pairs.push((house.clone(), own.to_string()));
            }
        }
    }
    overrides.retain(|_, pairs| !pairs.is_empty());
    overrides
}

/// The translations with each segment's house renderings replaced by the channel's.
fn with_renderings(
    translations: &HashMap<String, Translation>,
    overrides: &HashMap<String, Vec<(String, String)>>,
) -> HashMap<String, Translation> {
    let mut changed = translations.clone();
    for (segment_id, pairs) in overrides {
        if let Some(translation) = changed.get_mut(segment_id) {
            translation.text = replace_renderings(&translation.text, pairs);
        }
    }
    changed
}

/// `text` with each whole-word occurrence of a `from` replaced by its `to`, in one pass from left to right: the
/// longest `from` wins where several start at one place, and replaced text is never looked at again (so a
/// shorter "Nga" cannot rewrite the "Nga" of a "Nguyễn Phương Nga" just written). A `from` written with its
/// first letter's case swapped, as an engine does at a sentence start, is replaced the same way.
fn replace_renderings(text: &str, pairs: &[(String, String)]) -> String {
    use crate::glossary::protect::other_first_letter_case;
    let mut pairs: Vec<(String, String)> = pairs
        .iter()
        .flat_map(|(from, to)| {
            let variant = other_first_letter_case(from).zip(other_first_letter_case(to));
            std::iter::once((from.clone(), to.clone())).chain(variant)
        })
        .filter(|(from, _)| !from.is_empty())
        .collect();
    pairs.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while at < text.len() {
        let word_start = !text[..at].chars().next_back().is_some_and(char::is_alphanumeric);
        let found = pairs.iter().find(|(from, _)| {
            word_start
                && text[at..].starts_with(from.as_str())
                && !text[at + from.len()..].chars().next().is_some_and(char::is_alphanumeric)
        });
        match found {
            Some((from, to)) => {
                out.push_str(to);
                at += from.len();
            }
            None => {
                let c = text[at..].chars().next().expect("at is a char boundary inside text");
                out.push(c);
                at += c.len_utf8();
            }
        }
    }
    out
}

/// The article's segments and their translations as a TMX memory (one unit per translated segment).
pub fn article_tmx(
    article: &Article,
    segments: &[Segment],
    source: &str,
    target: &str,
    translations: &HashMap<String, Translation>,
) -> tmx::Document {
    let units = segments
        .iter()
        .filter_map(|segment| {
            let translation = translations.get(&segment.id)?;
            Some(tmx::Tu {
                tuid: Some(segment.id.clone()),
                props: vec![("x-dich-article".to_string(), article.id.clone())],
                variants: vec![
                    tmx::Tuv { lang: source.to_string(), seg: segment.text.clone(), ..Default::default() },
                    tmx::Tuv {
                        lang: target.to_string(),
                        seg: translation.text.trim().to_string(),
                        ..Default::default()
                    },
                ],
                ..Default::default()
            })
        })
        .collect();
    tmx::Document { header: tmx::Header::dich(source), units }
}

pub fn package_file_name(article: &Article, source: &str, target: &str) -> String {
    format!("{}.{source}-{target}.xlf", article.id)
}

/// The XLIFF 1.2 twin of [`package_file_name`].
pub fn package_file_name_v12(article: &Article, source: &str, target: &str) -> String {
    format!("{}.{source}-{target}.v12.xlf", article.id)
}

/// Writes the translator package of a held-back article to `<output>/packages/<target>/`, in the XLIFF versions
/// the target's translators channels ask for.
pub fn write_package(
    settings: &Settings,
    article: &Article,
    segments: &[Segment],
    target: &str,
    findings: &Findings<'_>,
    source_path: &str,
) -> std::io::Result<Vec<PathBuf>> {
    let doc = crate::package::build(article, source_path, &settings.source, target, segments, findings);
    write_package_document(settings, article, target, &doc)
}

/// The XLIFF versions of `target`'s packages: those its translators channels list, else 2.1 and 1.2.
fn package_formats(settings: &Settings, target: &str) -> Vec<OutputFormat> {
    let mut formats: Vec<OutputFormat> = Vec::new();
    let translators = settings.channels.iter().filter(|c| c.language == target && c.kind == ChannelKind::Translators);
    for format in translators.flat_map(|c| c.packages.iter().copied()) {
        if !formats.contains(&format) {
            formats.push(format);
        }
    }
    if formats.is_empty() {
        formats = vec![OutputFormat::Xliff, OutputFormat::Xliff12];
    }
    formats.sort_by_key(|f| *f != OutputFormat::Xliff);
    formats
}

/// Writes a built translator package to `<output>/packages/<target>/<article>.<source>-<target>.xlf` (XLIFF
/// 2.1) and `….v12.xlf` (XLIFF 1.2), as configured; the 2.1 file first.
pub fn write_package_document(
    settings: &Settings,
    article: &Article,
    target: &str,
    doc: &xliff2::Document,
) -> std::io::Result<Vec<PathBuf>> {
    let dir = settings.output_dir.join("packages").join(target);
    let mut written = Vec::new();
    for format in package_formats(settings, target) {
        let (name, contents) = match format {
            OutputFormat::Xliff12 => (package_file_name_v12(article, &settings.source, target), xliff12::write(doc)),
            _ => (package_file_name(article, &settings.source, target), xliff2::write(doc)),
        };
        let path = join_inside(&dir, &name)?;
        write_if_changed(&path, contents.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

/// Writes the term bases to every glossary channel as `<channel>/glossary.tbx` (TBX-Basic); unchanged files are
/// left alone. Returns the paths.
pub fn write_glossary_channels(
    settings: &Settings,
    glossary: &crate::glossary::Glossary,
) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for channel in settings.channels.iter().filter(|c| c.kind == ChannelKind::Glossary) {
        let dir = join_inside(&settings.output_dir, &channel.name)?;
        let document = crate::glossary::exchange::to_tbx(glossary);
        for format in &channel.formats {
            let (name, tbx) = match format {
                OutputFormat::Tbx2008 => ("glossary.tbx2008.tbx", crate::formats::tbx::write_2008(&document)),
                _ => ("glossary.tbx", crate::formats::tbx::write(&document)),
            };
            let path = join_inside(&dir, name)?;
            write_if_changed(&path, tbx.as_bytes())?;
            written.push(path);
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::{channel_renderings, replace_renderings};
    use std::collections::HashMap;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn only_whole_words_are_replaced() {
        let nga = pairs(&[("Nga", "Nguyễn Phương Nga")]);
        assert_eq!(
            replace_renderings("Nga met Ngan; Nga left.", &nga),
            "Nguyễn Phương Nga met Ngan; Nguyễn Phương Nga left."
        );
        assert_eq!(replace_renderings("VUFOs and VUFO", &pairs(&[("VUFO", "the union")])), "VUFOs and the union");
        assert_eq!(replace_renderings("nothing here", &pairs(&[("VUFO", "x")])), "nothing here");
    }

    #[test]
    fn replaced_text_is_not_replaced_again_and_the_longest_wins() {
        let both = pairs(&[("Nga", "Ms. Nga"), ("Nguyen Phuong Nga", "Nguyễn Phương Nga")]);
        assert_eq!(
            replace_renderings("Nguyen Phuong Nga said Nga agreed.", &both),
            "Nguyễn Phương Nga said Ms. Nga agreed."
        );
    }

    #[test]
    fn a_rendering_capitalized_at_a_sentence_start_is_replaced_too() {
        let union = pairs(&[("the provincial union", "the Union of Friendship Organisations")]);
        assert_eq!(
            replace_renderings("The provincial union met; the provincial union agreed.", &union),
            "The Union of Friendship Organisations met; the Union of Friendship Organisations agreed."
        );
    }

    #[test]
    fn a_person_found_by_name_keeps_diacritics_on_a_channel_that_keeps_them() {
        let (mut g, _) =
            crate::glossary::Glossary::parse_str("vi\ten\nphát biểu\tspoke\n", std::path::Path::new("c.tsv"));
        g.names.surnames.push("Lê".into());
        let text = "Bà Lê Thị Thu Hà phát biểu.";
        let hits = HashMap::from([("s1".to_string(), g.matcher().find(text))]);
        let keep = channel_renderings(&g, &hits, "en", "vietnamnews", true);
        assert_eq!(keep["s1"], pairs(&[("Le Thi Thu Ha", "Lê Thị Thu Hà")]));
        assert!(channel_renderings(&g, &hits, "en", "vna", false).is_empty());
        assert_eq!(replace_renderings("Le Thi Thu Ha spoke.", &keep["s1"]), "Lê Thị Thu Hà spoke.");
    }
}
