//! Scraped plain text (a page copied out of a browser, like the seed article) → pieces.
//!
//! One paragraph per line is the norm in such text. The first content line is the headline (a page address alone
//! on a line before it is the source URL, as scrapers save pages); widget lines,
//! breadcrumbs and related-article teasers are dropped by the rules; a caption is a line repeated on the next
//! line with a credit appended, or the one cell of a table row ("… dự Lễ kỷ niệm. |"); the cells of a longer row
//! are lines of their own; a short line between two paragraphs is a subhead.

use std::borrow::Cow;

use super::assemble::Piece;
use super::boilerplate::{collapsed, ends_with_sentence_punctuation, table_cells, BoilerplateRules, LineClass};

/// A line after classification. `Gap` is a blank or dropped line: it separates paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Line {
    Gap,
    SourceUrl(String),
    Timestamp {
        raw: String,
        published: Option<String>,
    },
    Content(String),
    /// The one cell of a table row ("Chủ tịch nước … dự Lễ kỷ niệm. |"): news pages put photos and their
    /// captions in one-column tables, so such a cell is a caption.
    CaptionCell(String),
}

pub(crate) fn parse(text: &str, rules: &BoilerplateRules) -> Vec<Piece> {
    let lines = join_wrapped(classify_lines(text, rules));
    let items = find_captions(lines, rules);

    let mut pieces = Vec::new();
    let mut seen_headline = false;
    let mut seen_paragraph = false;
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Line(Line::Gap) => {}
            Item::Line(Line::SourceUrl(url)) => pieces.push(Piece::SourceUrl(url.clone())),
            Item::Line(Line::Timestamp { raw, published }) => {
                pieces.push(Piece::Timestamp { raw: raw.clone(), published: published.clone() })
            }
            Item::Caption { text, credit } => {
                pieces.push(Piece::Caption { text: text.clone(), credit: credit.clone() })
            }
            // find_captions has made every caption cell an Item::Caption already.
            Item::Line(Line::CaptionCell(text)) => pieces.push(Piece::Caption { text: text.clone(), credit: None }),
            Item::Line(Line::Content(text)) if !seen_headline => {
                seen_headline = true;
                pieces.push(Piece::Headline(text.clone()));
            }
            Item::Line(Line::Content(text)) => {
                if seen_paragraph && is_subhead_shape(text) && next_is_paragraph(&items[i + 1..]) {
                    pieces.push(Piece::Subhead(text.clone()));
                } else {
                    seen_paragraph = true;
                    pieces.push(Piece::Paragraph(text.clone()));
                }
            }
        }
    }
    pieces
}

fn classify_lines(text: &str, rules: &BoilerplateRules) -> Vec<Line> {
    let mut lines = Vec::new();
    // Until the first content line (the headline) the page's address may stand alone on a line.
    let mut before_headline = true;
    for raw in text.lines() {
        let line = collapsed(raw);
        if before_headline {
            if let Some(url) = rules.source_url_before_headline(&line) {
                lines.push(Line::SourceUrl(url));
                continue;
            }
        }
        let start = lines.len();
        match table_cells(&line) {
            Some(cells) => push_table_row(&line, &cells, rules, &mut lines),
            None => lines.push(classify_line(line, rules)),
        }
        before_headline &= !lines[start..].iter().any(|l| matches!(l, Line::Content(_) | Line::CaptionCell(_)));
    }
    lines
}

/// `line` is taken as it comes (most lines are borrowed from the text, collapsed ones owned already) so a content
/// line is copied at most once.
fn classify_line(line: Cow<'_, str>, rules: &BoilerplateRules) -> Line {
    match rules.classify_collapsed(&line) {
        LineClass::Blank | LineClass::Drop => Line::Gap,
        LineClass::SourceUrl(url) => Line::SourceUrl(url),
        LineClass::Timestamp(t) => Line::Timestamp { raw: t.raw, published: t.published },
        LineClass::Content => Line::Content(line.into_owned()),
    }
}

/// A table row: separators and empty rows are nothing; one cell is a caption (with its credit, if it holds one),
/// a credit for the line above, a name, or boilerplate; the cells of a longer row are each a line of text, as a
/// `<td>` is a block in the HTML reader.
fn push_table_row(line: &str, cells: &[&str], rules: &BoilerplateRules, out: &mut Vec<Line>) {
    match cells {
        [] => out.push(Line::Gap),
        [cell] => {
            // A credit ("| Ảnh: Lê Đại |", "Quang cảnh. Ảnh: Lê Đại |") is left to find_captions, which knows the
            // line above; checked first, as the rules drop a line wrapped in "|" as a teaser.
            if rules.split_credit(cell).is_some() {
                out.push(Line::Content(cell.to_string()));
                return;
            }
            // The whole line first: the rules know image residue ("![]() |") and teasers ("| Tin mới: … |").
            match classify_line(Cow::Borrowed(line), rules) {
                Line::Content(_) => {}
                other => {
                    out.push(other);
                    return;
                }
            }
            match classify_line(Cow::Borrowed(cell), rules) {
                // A name ("Nguyễn Hùng |") is a byline, not a photo's caption.
                Line::Content(text) if rules.is_byline_like(&text) => out.push(Line::Content(text)),
                Line::Content(text) => out.push(Line::CaptionCell(text)),
                other => out.push(other),
            }
        }
        cells => {
            // A row of widgets ("| Facebook | Zalo |") is one widget line.
            if classify_line(Cow::Borrowed(line), rules) == Line::Gap {
                out.push(Line::Gap);
                return;
            }
            for cell in cells {
                out.push(classify_line(Cow::Borrowed(cell), rules));
                // Cells are not hard-wrapped lines: a cell starting in lowercase stays apart from the one before.
                out.push(Line::Gap);
            }
        }
    }
}

/// Hard-wrapped text: a content line directly followed by one starting in lowercase continues it.
fn join_wrapped(lines: Vec<Line>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    for line in lines {
        if let (Some(Line::Content(previous)), Line::Content(next)) = (out.last_mut(), &line) {
            if next.chars().next().is_some_and(char::is_lowercase) && !ends_with_sentence_punctuation(previous) {
                previous.push(' ');
                previous.push_str(next);
                continue;
            }
        }
        out.push(line);
    }
    out
}

enum Item {
    Line(Line),
    Caption { text: String, credit: Option<String> },
}

/// Captions: "X" followed by "X (Ảnh: Y)." or by "X" again; a lone line ending in a credit; a credit-only line
/// ("Ảnh: Lê Đại |") after the line it credits.
fn find_captions(lines: Vec<Line>, rules: &BoilerplateRules) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::with_capacity(lines.len());
    let mut lines = lines.into_iter().peekable();
    while let Some(line) = lines.next() {
        let text = match line {
            Line::Content(text) => text,
            Line::CaptionCell(text) => {
                items.push(Item::Caption { text, credit: None });
                continue;
            }
            line => {
                items.push(Item::Line(line));
                continue;
            }
        };
        if let Some(Line::Content(next)) = lines.peek() {
            if *next == text {
                lines.next();
                items.push(Item::Caption { text, credit: None });
                continue;
            }
            if let Some(rest) = next.strip_prefix(text.as_str()) {
                if let Some((before, credit)) = rules.split_credit(rest) {
                    if before.trim_matches(['.', ' ']).is_empty() {
                        lines.next();
                        items.push(Item::Caption { text, credit: Some(credit) });
                        continue;
                    }
                }
            }
        }
        match rules.split_credit(&text) {
            Some((caption, credit)) if !caption.is_empty() => {
                items.push(Item::Caption { text: caption, credit: Some(credit) })
            }
            Some((_, credit)) => match items.last_mut() {
                // A credit line on its own belongs to the caption or line just above it.
                Some(Item::Caption { credit: slot @ None, .. }) => *slot = Some(credit),
                Some(last @ Item::Line(Line::Content(_))) => {
                    if let Item::Line(Line::Content(previous)) = std::mem::replace(last, Item::Line(Line::Gap)) {
                        *last = if is_caption_shape(&previous) {
                            Item::Caption { text: previous, credit: Some(credit) }
                        } else {
                            // Below a paragraph of several sentences, the credit is a photo's with no caption
                            // ("Ảnh: moit.gov.vn." after a lead): the paragraph stays, the credit goes.
                            Item::Line(Line::Content(previous))
                        };
                    }
                }
                _ => {}
            },
            None => items.push(Item::Line(Line::Content(text))),
        }
    }
    items
}

/// Could this line be a photo's caption: one sentence (captions are; leads and paragraphs mostly are not)?
fn is_caption_shape(text: &str) -> bool {
    crate::text::split_sentences(text).len() <= 1
}

/// Short, no final punctuation, starts with a capital or a digit. (Cheapest tests first: most lines are
/// paragraphs that end with a period.)
fn is_subhead_shape(text: &str) -> bool {
    !ends_with_sentence_punctuation(text)
        && text.len() <= 110 * 4
        && text.chars().count() <= 110
        && text.split_whitespace().count() <= 14
        && text.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// The next content item is a real paragraph (ends a sentence), not another short line or the end.
fn next_is_paragraph(rest: &[Item]) -> bool {
    for item in rest {
        match item {
            Item::Line(Line::Gap) => continue,
            Item::Line(Line::Content(text)) => return !is_subhead_shape(text) && ends_with_sentence_punctuation(text),
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<Piece> {
        parse(text, &BoilerplateRules::builtin())
    }

    #[test]
    fn caption_repeated_with_credit_is_one_caption() {
        let p = pieces("Tiêu đề\n\nĐoạn một dài đủ để là đoạn văn.\n\nLãnh đạo tỉnh phát biểu\nLãnh đạo tỉnh phát biểu (Ảnh: TT Dân).\n\nĐoạn hai.\n");
        assert_eq!(p[2], Piece::Caption { text: "Lãnh đạo tỉnh phát biểu".into(), credit: Some("TT Dân".into()) });
        assert_eq!(p.len(), 4);
    }

    #[test]
    fn credit_only_line_credits_the_line_above() {
        let p = pieces("Tiêu đề\n\nĐoạn một.\n\nQuang cảnh hội nghị\nẢnh: Lê Đại |\n\nĐoạn hai.\n");
        assert_eq!(p[2], Piece::Caption { text: "Quang cảnh hội nghị".into(), credit: Some("Lê Đại".into()) });
    }

    #[test]
    fn table_residue_is_not_text() {
        // Separator lines, empty rows and a credit wrapped in pipes.
        let p = pieces("Tiêu đề\n\nĐoạn một.\n|\n| |\n||\n| | |\nQuang cảnh hội nghị\n| Ảnh: Lê Đại |\n\nĐoạn hai.\n");
        assert_eq!(
            p,
            [
                Piece::Headline("Tiêu đề".into()),
                Piece::Paragraph("Đoạn một.".into()),
                Piece::Caption { text: "Quang cảnh hội nghị".into(), credit: Some("Lê Đại".into()) },
                Piece::Paragraph("Đoạn hai.".into()),
            ]
        );
        // A caption with its credit in one wrapped cell is a caption, not a teaser to drop.
        let p = pieces("Tiêu đề\n\nĐoạn một.\n| Quang cảnh hội nghị. Ảnh: Lê Đại |\nĐoạn hai.\n");
        assert_eq!(p[2], Piece::Caption { text: "Quang cảnh hội nghị.".into(), credit: Some("Lê Đại".into()) });
    }

    #[test]
    fn table_rows_of_text_keep_their_cells() {
        // Rows of a real table (khoahocdoisong.vn, schools closed by province) as scrapers write them: every cell
        // is text of its own, as a <td> is in the HTML reader.
        let p = pieces(
            "Tiêu đề\n\nĐoạn một.\n| STT | Tỉnh, thành | Mầm non, Tiểu học, THCS | THPT |\n\
             | 4 | Bình Thuận | Nghỉ hết 15/3 | Nghỉ hết 1/3 |\n",
        );
        let texts: Vec<&Piece> = p.iter().skip(2).collect();
        assert_eq!(
            texts,
            [
                "STT",
                "Tỉnh, thành",
                "Mầm non, Tiểu học, THCS",
                "THPT",
                "4",
                "Bình Thuận",
                "Nghỉ hết 15/3",
                "Nghỉ hết 1/3"
            ]
            .map(|t| Piece::Paragraph(t.into()))
            .iter()
            .collect::<Vec<_>>()
        );
        // A row of widgets is still a widget row.
        let p = pieces("Tiêu đề\n\nĐoạn một.\n| Facebook | Zalo |\n");
        assert_eq!(p.len(), 2);
    }

    #[test]
    fn subheads_only_between_paragraphs() {
        let p = pieces(
            "Tiêu đề\n\nĐoạn mở đầu của bài.\n\nKết quả nổi bật\n\nNăm 2022, tỉnh đạt nhiều kết quả.\n\nThành Luân\n",
        );
        assert_eq!(p[2], Piece::Subhead("Kết quả nổi bật".into()));
        assert_eq!(p[4], Piece::Paragraph("Thành Luân".into()));
        // A paragraph that ends without punctuation but is long stays a paragraph.
        let long = "Tỉnh đã tổ chức nhiều hoạt động giao lưu hữu nghị với nhân dân các nước láng giềng trong suốt năm qua và đạt kết quả tốt";
        let p = pieces(&format!("Tiêu đề\n\nĐoạn mở đầu.\n\n{long}\n\nĐoạn cuối của bài.\n"));
        assert_eq!(p[2], Piece::Paragraph(long.into()));
    }

    #[test]
    fn an_address_is_the_source_only_before_the_headline() {
        let p = pieces("https://baobinhthuan.com.vn/a.html\nTiêu đề\n\nĐoạn một.\n\nhttps://dichvucong.gov.vn\n");
        assert_eq!(p[0], Piece::SourceUrl("https://baobinhthuan.com.vn/a.html".into()));
        assert_eq!(p[1], Piece::Headline("Tiêu đề".into()));
        assert_eq!(p[3], Piece::Paragraph("https://dichvucong.gov.vn".into()));
    }

    #[test]
    fn wrapped_lines_are_joined() {
        let p = pieces("Tiêu đề\n\nTỉnh ủy Lâm Đồng đã họp\nphiên thường kỳ tháng 8.\n");
        assert_eq!(p[1], Piece::Paragraph("Tỉnh ủy Lâm Đồng đã họp phiên thường kỳ tháng 8.".into()));
    }
}
