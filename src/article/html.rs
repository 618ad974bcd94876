//! HTML pages (and ninjs HTML bodies) → pieces, by walking the parsed DOM (html5ever via scraper).
//!
//! Page furniture (script, style, nav, header, footer, aside, form…) is skipped; the headline is the `<h1>`
//! (else `<title>`); a `.sapo`/`.lead` element or a first all-bold paragraph is the lead; `<figure>` with
//! `<figcaption>` gives a caption and its credit; `.author`/`[rel=author]` is the byline. Text outside `<p>`
//! (a `<div>` with bare text, as some Vietnamese CMSs write) is read as paragraphs too.

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Html, Node, Selector};

use super::assemble::Piece;
use super::boilerplate::{collapse_whitespace, BoilerplateRules, LineClass};

/// Never article text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe", "svg", "button",
    "select", "input", "textarea", "object", "embed", "canvas", "head", "video", "audio", "map",
];

/// Elements that end a run of inline text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "blockquote",
    "pre",
    "form",
    "hr",
    "address",
    "details",
    "summary",
    "fieldset",
    "center",
    "body",
    "html",
];

/// Nesting depth up to which blocks are walked one by one.
const MAX_DEPTH: usize = 200;

pub(crate) fn parse_document(html: &str, rules: &BoilerplateRules) -> Vec<Piece> {
    read(&Html::parse_document(html), rules, true)
}

/// An HTML fragment (a ninjs `body_html`): no head, no headline search.
pub(crate) fn parse_fragment(html: &str, rules: &BoilerplateRules) -> Vec<Piece> {
    read(&Html::parse_fragment(html), rules, false)
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("static selector")
}

fn read(doc: &Html, rules: &BoilerplateRules, whole_page: bool) -> Vec<Piece> {
    let mut walker = Walker { rules, pieces: Vec::new(), headline: None, paragraphs: 0, header_root: None, depth: 0 };

    let root = article_root(doc);
    if whole_page {
        let headline = find_headline(doc, root);
        match headline {
            Some(h1) => {
                walker.headline = Some(h1.id());
                walker.pieces.push(Piece::Headline(text_of(*h1)));
            }
            None => {
                if let Some(title) = doc.select(&selector("title")).next() {
                    walker.pieces.push(Piece::Headline(title_text(&text_of(*title))));
                }
            }
        }
    }

    let root = root.unwrap_or_else(|| doc.root_element());
    // The article's own <header> (headline, sapo, date) is read; page headers are not.
    walker.header_root = Some(root.id());
    walker.walk_children(*root);

    if whole_page {
        add_page_metadata(doc, &mut walker.pieces);
    }
    walker.pieces
}

/// The `<h1>` of the article if it has one, else the first page `<h1>` outside page furniture (a site logo in
/// the page `<header>` is often an `<h1>` too), else one in the page header.
fn find_headline<'a>(doc: &'a Html, root: Option<ElementRef<'a>>) -> Option<ElementRef<'a>> {
    let h1 = selector("h1");
    let has_text = |h: &ElementRef<'_>| !text_of(**h).is_empty();
    root.and_then(|r| r.select(&h1).find(has_text))
        .or_else(|| doc.select(&h1).find(|h| has_text(h) && !inside_furniture(h, true)))
        .or_else(|| doc.select(&h1).find(|h| has_text(h) && !inside_furniture(h, false)))
}

/// The `<article>` with the most text (pages also use <article> for teaser cards), else `<main>`.
fn article_root(doc: &Html) -> Option<ElementRef<'_>> {
    let best_article = doc
        .select(&selector("article, [itemprop=articleBody]"))
        .filter(|a| !inside_skipped(a))
        .max_by_key(|a| a.text().map(str::len).sum::<usize>());
    best_article.or_else(|| doc.select(&selector("main")).next())
}

/// `<meta>` and `<link>` data: publication time, canonical URL, author, used when the body did not give them.
fn add_page_metadata(doc: &Html, pieces: &mut Vec<Piece>) {
    let attr = |css: &str, name: &str| {
        doc.select(&selector(css))
            .find_map(|e| e.value().attr(name))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(String::from)
    };
    if let Some(time) =
        attr("meta[property='article:published_time']", "content").or_else(|| attr("time[datetime]", "datetime"))
    {
        pieces.push(Piece::Timestamp { raw: time.clone(), published: Some(time) });
    }
    if let Some(url) = attr("link[rel=canonical]", "href").or_else(|| attr("meta[property='og:url']", "content")) {
        pieces.push(Piece::SourceUrl(url));
    }
    if !pieces.iter().any(|p| matches!(p, Piece::Byline(_))) {
        if let Some(author) = attr("meta[name=author]", "content") {
            pieces.push(Piece::Byline(author));
        }
    }
}

/// "Headline - Site name" / "Headline | Site": the site part goes.
fn title_text(title: &str) -> String {
    match title.rsplit_once(" | ").or_else(|| title.rsplit_once(" - ")) {
        Some((head, site)) if site.split_whitespace().count() <= 4 && !head.is_empty() => head.trim().to_string(),
        _ => title.to_string(),
    }
}

struct Walker<'r> {
    rules: &'r BoilerplateRules,
    pieces: Vec<Piece>,
    headline: Option<NodeId>,
    paragraphs: usize,
    header_root: Option<NodeId>,
    depth: usize,
}

impl Walker<'_> {
    fn walk_children(&mut self, node: NodeRef<'_, Node>) {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            // Pathologically deep markup: read what is left as one paragraph instead of recursing further.
            self.paragraph(&text_of(node));
            self.depth -= 1;
            return;
        }
        let mut inline: Vec<NodeRef<'_, Node>> = Vec::new();
        for child in node.children() {
            if is_block(child) {
                self.flush_inline(&mut inline);
                self.walk_block(child);
            } else {
                inline.push(child);
            }
        }
        self.flush_inline(&mut inline);
        self.depth -= 1;
    }

    /// A run of text and inline elements between blocks reads as one paragraph.
    fn flush_inline(&mut self, run: &mut Vec<NodeRef<'_, Node>>) {
        let mut text = String::new();
        for node in run.drain(..) {
            collect_text(node, &mut text);
        }
        self.paragraph(&collapse_whitespace(&text));
    }

    fn walk_block(&mut self, node: NodeRef<'_, Node>) {
        let Some(element) = ElementRef::wrap(node) else { return };
        let name = element.value().name();
        if Some(node.id()) == self.headline {
            return;
        }
        let own_header = name == "header" && node.parent().map(|p| p.id()) == self.header_root;
        if SKIPPED.contains(&name) && !own_header {
            return;
        }
        if has_class(&element, &["sapo", "lead", "summary", "chapeau", "article-sapo", "description"]) {
            push_nonempty(&mut self.pieces, text_of(node), Piece::Lead);
            return;
        }
        if has_class(&element, &["author", "byline", "author-name", "tac-gia", "tacgia"])
            || element.value().attr("rel") == Some("author")
        {
            push_nonempty(&mut self.pieces, text_of(node), Piece::Byline);
            return;
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => push_nonempty(&mut self.pieces, text_of(node), Piece::Subhead),
            "figure" => self.figure(element),
            "figcaption" => self.caption(element),
            "p" | "li" | "dd" | "blockquote" | "address" | "pre" => {
                if links_only(node) {
                    return; // related-article links
                }
                let text = text_of(node);
                if self.paragraphs == 0 && bold_only(node) && !text.is_empty() {
                    self.paragraphs += 1;
                    self.pieces.push(Piece::Lead(text));
                    return;
                }
                if name == "li" || name == "blockquote" {
                    // A list item or quote can hold paragraphs of its own.
                    if node.children().any(is_block) {
                        self.walk_children(node);
                        return;
                    }
                }
                self.paragraph(&text);
            }
            _ if has_class(&element, &["caption", "image-caption", "photo-caption", "PhotoCMS_Caption"]) => {
                self.caption(element)
            }
            _ => self.walk_children(node),
        }
    }

    fn figure(&mut self, figure: ElementRef<'_>) {
        for caption in figure.select(&selector("figcaption")) {
            self.caption(caption);
        }
    }

    /// A caption, with its credit from a `.credit`/`cite`/`.author` element or from a "(Ảnh: …)" suffix.
    fn caption(&mut self, caption: ElementRef<'_>) {
        let credit_node = caption
            .descendent_elements()
            .find(|e| e.value().name() == "cite" || has_class(e, &["credit", "author", "photo-credit", "source"]));
        let mut text = String::new();
        let mut credit = None;
        for child in caption.children() {
            if credit_node.is_some_and(|c| c.id() == child.id() || child.descendants().any(|d| d.id() == c.id())) {
                credit = Some(text_of(child));
                continue;
            }
            collect_text(child, &mut text);
        }
        let mut text = collapse_whitespace(&text);
        let mut credit = credit.map(|c| strip_credit_label(&c)).filter(|c| !c.is_empty());
        if credit.is_none() {
            if let Some((before, found)) = self.rules.split_credit(&text) {
                text = before;
                credit = Some(found);
            }
        }
        if !text.is_empty() {
            self.pieces.push(Piece::Caption { text, credit });
        }
    }

    fn paragraph(&mut self, text: &str) {
        match self.rules.classify(text) {
            LineClass::Blank | LineClass::Drop => {}
            LineClass::SourceUrl(url) => self.pieces.push(Piece::SourceUrl(url)),
            LineClass::Timestamp(t) => self.pieces.push(Piece::Timestamp { raw: t.raw, published: t.published }),
            LineClass::Content => {
                self.paragraphs += 1;
                self.pieces.push(Piece::Paragraph(text.to_string()));
            }
        }
    }
}

fn push_nonempty(pieces: &mut Vec<Piece>, text: String, make: fn(String) -> Piece) {
    if !text.is_empty() {
        pieces.push(make(text));
    }
}

/// "Ảnh: Lê Đại" or "(Ảnh: Lê Đại)" in a credit element → "Lê Đại".
fn strip_credit_label(credit: &str) -> String {
    let credit = credit.trim().trim_start_matches('(').trim_end_matches(['.', ')', '|', ' ']);
    for label in ["Ảnh:", "ảnh:", "Nguồn:", "nguồn:", "Photo:"] {
        if let Some(rest) = credit.strip_prefix(label) {
            return rest.trim().to_string();
        }
    }
    credit.trim().to_string()
}

fn is_block(node: NodeRef<'_, Node>) -> bool {
    match node.value() {
        Node::Element(e) => BLOCKS.contains(&e.name()) || SKIPPED.contains(&e.name()),
        _ => false,
    }
}

fn has_class(element: &ElementRef<'_>, names: &[&str]) -> bool {
    element.value().classes().any(|c| names.iter().any(|n| c.eq_ignore_ascii_case(n)))
}

/// Inside script, nav, footer…; inside the page `<header>` too when `count_header`.
fn inside_furniture(element: &ElementRef<'_>, count_header: bool) -> bool {
    element.ancestors().any(|a| {
        matches!(a.value(), Node::Element(e) if SKIPPED.contains(&e.name()) && (count_header || e.name() != "header"))
    })
}

fn inside_skipped(element: &ElementRef<'_>) -> bool {
    inside_furniture(element, false)
}

/// Visible text of a node: script/style and other skipped elements left out, `<br>` as a space.
fn text_of(node: NodeRef<'_, Node>) -> String {
    let mut text = String::new();
    collect_text(node, &mut text);
    collapse_whitespace(&text)
}

/// Iterative (a page may nest thousands of elements): skipped subtrees are left out, blocks and `<br>` add spaces.
fn collect_text(node: NodeRef<'_, Node>, out: &mut String) {
    let mut skipping: Option<NodeId> = None;
    for edge in node.traverse() {
        match edge {
            Edge::Open(n) if skipping.is_none() => match n.value() {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) if SKIPPED.contains(&e.name()) => skipping = Some(n.id()),
                Node::Element(e) if e.name() == "br" || BLOCKS.contains(&e.name()) => out.push(' '),
                _ => {}
            },
            Edge::Close(n) if skipping == Some(n.id()) => skipping = None,
            Edge::Close(n) if skipping.is_none() && is_block(n) => out.push(' '),
            _ => {}
        }
    }
}

/// True when the node has text and all of it sits inside elements named `inside` (and there is at least one).
fn text_only_inside(node: NodeRef<'_, Node>, inside: &[&str]) -> bool {
    let mut depth_inside = 0usize;
    let mut found = false;
    for edge in node.traverse() {
        match edge {
            Edge::Open(n) => match n.value() {
                Node::Element(e) if inside.contains(&e.name()) => {
                    depth_inside += 1;
                    found = true;
                }
                Node::Text(t) if depth_inside == 0 && t.chars().any(char::is_alphanumeric) => return false,
                _ => {}
            },
            Edge::Close(n) => {
                if matches!(n.value(), Node::Element(e) if inside.contains(&e.name())) {
                    depth_inside -= 1;
                }
            }
        }
    }
    found
}

/// Every bit of text sits inside `<a>`: a list of related-article links.
fn links_only(node: NodeRef<'_, Node>) -> bool {
    text_only_inside(node, &["a"])
}

/// Every bit of text is inside `<strong>`/`<b>`: a bold lead paragraph.
fn bold_only(node: NodeRef<'_, Node>) -> bool {
    text_only_inside(node, &["strong", "b"])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(html: &str) -> Vec<Piece> {
        parse_document(html, &BoilerplateRules::builtin())
    }

    #[test]
    fn furniture_is_skipped_and_blocks_are_read_in_order() {
        let p = pieces(
            "<html><head><title>Tiêu đề - Báo X</title><style>p{}</style></head><body>\
             <nav><p>Trang chủ</p><p>Thời sự</p></nav><h1>Tiêu đề</h1>\
             <p class='sapo'>(GLO)- Sáng 5/1, Tỉnh ủy họp.</p><script>document.write('x')</script>\
             <p>Đoạn một.</p><h2>Tiểu mục</h2>\
             <figure><img src='a.jpg'><figcaption>Quang cảnh <em>(Ảnh: Minh Hà)</em></figcaption></figure>\
             <p><a href='/x'>Tin liên quan một</a></p><p class='author'>Thành Luân</p>\
             <footer><p>Bản quyền</p></footer></body></html>",
        );
        assert_eq!(
            p,
            vec![
                Piece::Headline("Tiêu đề".into()),
                Piece::Lead("(GLO)- Sáng 5/1, Tỉnh ủy họp.".into()),
                Piece::Paragraph("Đoạn một.".into()),
                Piece::Subhead("Tiểu mục".into()),
                Piece::Caption { text: "Quang cảnh".into(), credit: Some("Minh Hà".into()) },
                Piece::Byline("Thành Luân".into()),
            ]
        );
    }

    #[test]
    fn the_article_h1_wins_over_a_logo_h1() {
        let p = pieces("<header><h1 class='logo'>Báo Z</h1></header><article><h1>Tin chính</h1><p>Đoạn.</p></article>");
        assert_eq!(p[0], Piece::Headline("Tin chính".into()));
        let p = pieces("<header><h1>Báo Z</h1></header><div class='detail'><h1>Tin chính</h1><p>Đoạn.</p></div>");
        assert_eq!(p[0], Piece::Headline("Tin chính".into()));
        let p = pieces("<header><h1>Tin trong header</h1></header><p>Đoạn.</p>");
        assert_eq!(p[0], Piece::Headline("Tin trong header".into()));
    }

    #[test]
    fn bare_div_text_and_title_fallback() {
        let p = pieces(
            "<html><head><title>Bản tin | Báo Y</title></head><body><div>Đoạn trong div.<br>Tiếp.</div></body></html>",
        );
        assert_eq!(p, vec![Piece::Headline("Bản tin".into()), Piece::Paragraph("Đoạn trong div. Tiếp.".into())]);
    }

    #[test]
    fn credit_element_in_figcaption() {
        let p = pieces("<h1>T</h1><figure><figcaption>Lễ ký kết <span class='credit'>Ảnh: Lê Đại</span></figcaption></figure><p>Đoạn.</p>");
        assert_eq!(p[1], Piece::Caption { text: "Lễ ký kết".into(), credit: Some("Lê Đại".into()) });
    }

    #[test]
    fn deeply_nested_markup_does_not_overflow_the_stack() {
        let depth = 3_000;
        let html = format!("<h1>T</h1>{}<p>Đoạn sâu.</p>{}", "<div>".repeat(depth), "</div>".repeat(depth));
        let p = pieces(&html);
        assert_eq!(p, vec![Piece::Headline("T".into()), Piece::Paragraph("Đoạn sâu.".into())]);
    }

    #[test]
    fn link_and_bold_paragraphs() {
        let p = pieces("<h1>T</h1><p><b>Đoạn mở đầu in đậm.</b></p><p><a href='/a'>Tin khác</a> | <a href='/b'>Tin nữa</a></p><p>Đoạn <a href='/c'>có liên kết</a>.</p>");
        assert_eq!(p[1], Piece::Lead("Đoạn mở đầu in đậm.".into()));
        assert_eq!(p[2], Piece::Paragraph("Đoạn có liên kết.".into()));
        assert_eq!(p.len(), 3);
    }
}
