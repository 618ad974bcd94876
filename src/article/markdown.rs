//! Markdown articles → pieces: `# headline`, paragraphs, `##` subheads, `![caption](url)` images with an
//! italic caption line or caption paragraph after them, table cells as paragraphs, and a short final byline.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::assemble::Piece;
use super::boilerplate::{collapse_whitespace, BoilerplateRules, LineClass};

/// A Markdown block reduced to what ingest needs.
#[derive(Debug, Default)]
struct Para {
    /// Alt text of an image in the paragraph.
    image_alt: Option<String>,
    /// Text outside the image.
    text: String,
    /// True when every piece of text outside the image is emphasized (an italic caption line).
    all_emphasis: bool,
}

enum MdBlock {
    Heading(HeadingLevel, String),
    Para(Para),
}

pub(crate) fn parse(text: &str, rules: &BoilerplateRules) -> Vec<Piece> {
    let blocks = read_blocks(text);
    let mut pieces = Vec::new();
    let mut seen_headline = false;
    // Alt text of an image paragraph still waiting for its caption.
    let mut pending_image: Option<String> = None;

    for block in blocks {
        match block {
            MdBlock::Heading(level, text) => {
                flush_image(&mut pending_image, &mut pieces, rules);
                if level == HeadingLevel::H1 && !seen_headline {
                    seen_headline = true;
                    pieces.push(Piece::Headline(text));
                } else {
                    pieces.push(Piece::Subhead(text));
                }
            }
            MdBlock::Para(para) => {
                let text = collapse_whitespace(&para.text);
                if let Some(alt) = para.image_alt {
                    flush_image(&mut pending_image, &mut pieces, rules);
                    if text.is_empty() {
                        pending_image = Some(alt);
                    } else {
                        // Image and its caption line in one paragraph.
                        pieces.push(caption(&text, rules));
                    }
                    continue;
                }
                if pending_image.is_some() && (para.all_emphasis || rules.split_credit(&text).is_some()) {
                    pending_image = None;
                    pieces.push(caption(&text, rules));
                    continue;
                }
                flush_image(&mut pending_image, &mut pieces, rules);
                match rules.classify(&text) {
                    LineClass::Blank | LineClass::Drop => {}
                    LineClass::SourceUrl(url) => pieces.push(Piece::SourceUrl(url)),
                    LineClass::Timestamp(t) => pieces.push(Piece::Timestamp { raw: t.raw, published: t.published }),
                    LineClass::Content => pieces.push(Piece::Paragraph(text)),
                }
            }
        }
    }
    flush_image(&mut pending_image, &mut pieces, rules);
    pieces
}

/// An image without a caption paragraph: its alt text is the caption, if it has one.
fn flush_image(pending: &mut Option<String>, pieces: &mut Vec<Piece>, rules: &BoilerplateRules) {
    if let Some(alt) = pending.take() {
        let alt = collapse_whitespace(&alt);
        if !alt.is_empty() {
            pieces.push(caption(&alt, rules));
        }
    }
}

fn caption(text: &str, rules: &BoilerplateRules) -> Piece {
    match rules.split_credit(text) {
        Some((text, credit)) => Piece::Caption { text, credit: Some(credit) },
        None => Piece::Caption { text: text.to_string(), credit: None },
    }
}

fn read_blocks(text: &str) -> Vec<MdBlock> {
    let mut blocks = Vec::new();
    let mut heading: Option<(HeadingLevel, String)> = None;
    let mut para: Option<Para> = None;
    let mut emphasis_depth = 0usize;
    let mut image_depth = 0usize;
    let mut item_depth = 0usize;
    // Raw HTML: a block's text is read as HTML reads it; the inside of an inline <script>/<style> is code.
    let mut html_block: Option<String> = None;
    let mut in_inline_code_element = false;

    // Tables on: a scraped table's cells are text, each a paragraph as a <td> is in the HTML reader.
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = heading.take() {
                    blocks.push(MdBlock::Heading(level, collapse_whitespace(&text)));
                }
            }
            Event::Start(Tag::Paragraph) if para.is_none() => {
                para = Some(Para { all_emphasis: true, ..Para::default() })
            }
            // Tight list items have no paragraph inside: the item is the paragraph.
            Event::Start(Tag::Item) => {
                item_depth += 1;
                para = Some(Para { all_emphasis: true, ..Para::default() });
            }
            Event::End(TagEnd::Paragraph) if item_depth == 0 => {
                if let Some(p) = para.take() {
                    blocks.push(MdBlock::Para(p));
                }
            }
            Event::Start(Tag::TableCell) => para = Some(Para { all_emphasis: true, ..Para::default() }),
            Event::End(TagEnd::TableCell) => {
                if let Some(p) = para.take() {
                    blocks.push(MdBlock::Para(p));
                }
            }
            Event::End(TagEnd::Item) => {
                item_depth = item_depth.saturating_sub(1);
                if let Some(p) = para.take() {
                    blocks.push(MdBlock::Para(p));
                }
            }
            Event::Start(Tag::Emphasis) | Event::Start(Tag::Strong) => emphasis_depth += 1,
            Event::End(TagEnd::Emphasis) | Event::End(TagEnd::Strong) => {
                emphasis_depth = emphasis_depth.saturating_sub(1)
            }
            Event::Start(Tag::Image { .. }) => {
                image_depth += 1;
                if let Some(p) = para.as_mut() {
                    p.image_alt.get_or_insert_with(String::new);
                }
            }
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Start(Tag::HtmlBlock) => html_block = Some(String::new()),
            Event::Html(chunk) => {
                if let Some(block) = html_block.as_mut() {
                    block.push_str(&chunk);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                let text = html_block.take().map(|block| collapse_whitespace(&html_text(&block))).unwrap_or_default();
                if !text.is_empty() {
                    blocks.push(MdBlock::Para(Para { text, ..Para::default() }));
                }
            }
            Event::InlineHtml(tag) => {
                let tag = tag.trim_start().to_ascii_lowercase();
                if tag.starts_with("<script") || tag.starts_with("<style") {
                    in_inline_code_element = !tag.trim_end().ends_with("/>");
                } else if tag.starts_with("</script") || tag.starts_with("</style") {
                    in_inline_code_element = false;
                }
            }
            Event::Text(_) if in_inline_code_element => {}
            Event::Text(t) | Event::Code(t) => {
                add_text(&mut heading, &mut para, &t, image_depth > 0, emphasis_depth > 0)
            }
            Event::SoftBreak | Event::HardBreak => add_text(&mut heading, &mut para, " ", image_depth > 0, true),
            _ => {}
        }
    }
    blocks
}

/// The text a reader sees in a block of raw HTML: text nodes outside `<script>`, `<style>`, `<noscript>` and
/// `<template>`, as the HTML reader takes them.
fn html_text(html: &str) -> String {
    let fragment = scraper::Html::parse_fragment(html);
    let hidden = |node: ego_tree::NodeRef<'_, scraper::Node>| {
        node.ancestors().any(|a| {
            a.value().as_element().is_some_and(|e| matches!(e.name(), "script" | "style" | "noscript" | "template"))
        })
    };
    let mut out = String::new();
    for node in fragment.tree.root().descendants() {
        if let Some(text) = node.value().as_text() {
            if !hidden(node) {
                out.push_str(text);
                out.push(' ');
            }
        }
    }
    out
}

fn add_text(
    heading: &mut Option<(HeadingLevel, String)>,
    para: &mut Option<Para>,
    text: &str,
    in_image: bool,
    emphasized: bool,
) {
    if let Some((_, heading_text)) = heading.as_mut() {
        heading_text.push_str(text);
    } else if let Some(p) = para.as_mut() {
        if in_image {
            if let Some(alt) = p.image_alt.as_mut() {
                alt.push_str(text);
            }
        } else {
            if !emphasized && !text.trim().is_empty() {
                p.all_emphasis = false;
            }
            p.text.push_str(text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<Piece> {
        parse(text, &BoilerplateRules::builtin())
    }

    #[test]
    fn image_with_italic_caption_line() {
        let p = pieces("# Tiêu đề\n\nĐoạn một.\n\n![Ảnh hội nghị](https://x.vn/a.jpg)\n\n*Quang cảnh hội nghị (Ảnh: Minh Hà).*\n\nĐoạn hai.\n");
        assert_eq!(p[2], Piece::Caption { text: "Quang cảnh hội nghị".into(), credit: Some("Minh Hà".into()) });
        assert_eq!(p.len(), 4);
    }

    #[test]
    fn image_alt_is_the_caption_without_a_caption_line() {
        let p = pieces("# Tiêu đề\n\n![Đoàn tham quan nhà máy](a.jpg)\n\nĐoạn một.\n");
        assert_eq!(p[1], Piece::Caption { text: "Đoàn tham quan nhà máy".into(), credit: None });
        assert_eq!(p[2], Piece::Paragraph("Đoạn một.".into()));
    }

    #[test]
    fn table_cells_are_text_without_pipes() {
        // Rows of a real table (khoahocdoisong.vn, schools closed by province) as a Markdown table.
        let p = pieces("# Tiêu đề\n\nĐoạn một.\n\n| STT | Tỉnh, thành |\n|---|---|\n| 4 | Bình Thuận |\n\nĐoạn hai.\n");
        let texts: Vec<String> = p
            .iter()
            .filter_map(|piece| match piece {
                Piece::Paragraph(text) => Some(text.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(texts, ["Đoạn một.", "STT", "Tỉnh, thành", "4", "Bình Thuận", "Đoạn hai."]);
    }

    #[test]
    fn headings_and_timestamps() {
        let p = pieces("# Tiêu đề\n\n*21:32 | 12/08/2022*\n\nĐoạn một.\n\n## Tiểu mục\n\nĐoạn hai.\n");
        assert_eq!(p[0], Piece::Headline("Tiêu đề".into()));
        assert!(matches!(&p[1], Piece::Timestamp { published: Some(iso), .. } if iso == "2022-08-12T21:32:00"));
        assert_eq!(p[3], Piece::Subhead("Tiểu mục".into()));
    }
}
