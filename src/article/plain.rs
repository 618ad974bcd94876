//! Scraped plain text (a page copied out of a browser, like the seed article) → pieces.
//!
//! One paragraph per line is the norm in such text. The first content line is the headline (a page address alone
//! on a line before it is the source URL, as scrapers save pages); widget lines,
//! breadcrumbs and related-article teasers are dropped by the rules; a caption is a line repeated on the next
//! line with a credit appended; a short line between two paragraphs is a subhead.

use super::assemble::Piece;
use super::boilerplate::{collapsed, ends_with_sentence_punctuation, BoilerplateRules, LineClass};

/// A line after classification. `Gap` is a blank or dropped line: it separates paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Line {
    Gap,
    SourceUrl(String),
    Timestamp { raw: String, published: Option<String> },
    Content(String),
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
    // Until the first content line (the headline) the page's address may stand alone on a line.
    let mut before_headline = true;
    text.lines()
        .map(|raw| {
            let line = collapsed(raw);
            if before_headline {
                if let Some(url) = rules.source_url_before_headline(&line) {
                    return Line::SourceUrl(url);
                }
            }
            match rules.classify_collapsed(&line) {
                LineClass::Blank | LineClass::Drop => Line::Gap,
                LineClass::SourceUrl(url) => Line::SourceUrl(url),
                LineClass::Timestamp(t) => Line::Timestamp { raw: t.raw, published: t.published },
                LineClass::Content => {
                    before_headline = false;
                    Line::Content(line.into_owned())
                }
            }
        })
        .collect()
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
        let Line::Content(text) = line else {
            items.push(Item::Line(line));
            continue;
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
                        *last = Item::Caption { text: previous, credit: Some(credit) };
                    }
                }
                _ => {}
            },
            None => items.push(Item::Line(Line::Content(text))),
        }
    }
    items
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
