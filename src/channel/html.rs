//! HTML for web desks: a complete page from a hand-written template. Every string that comes from the article
//! (text, names, URLs) is escaped; only http(s) URLs become links.

use std::path::{Path, PathBuf};

use super::{join_inside, write_if_changed, ChannelWriter, TranslatedArticle};
use crate::article::BlockKind;

#[derive(Debug, Clone, Default)]
pub struct HtmlWriter {
    pub dateline: Option<String>,
}

pub use super::escape::html as escape;
use super::escape::SafeUrl;

/// The article body as HTML fragments (what ninjs carries as its `text/html` body): lead, paragraphs,
/// subheads, figures with captions and credits.
pub fn body_html(article: &TranslatedArticle<'_>, dateline: Option<&str>) -> String {
    let mut out = String::new();
    let mut dateline = dateline;
    for block in &article.blocks {
        let text = escape(&block.text);
        match block.kind {
            BlockKind::Headline | BlockKind::Byline => {}
            BlockKind::Lead | BlockKind::Paragraph => {
                let class = if block.kind == BlockKind::Lead { " class=\"lead\"" } else { "" };
                match dateline.take() {
                    Some(line) => out
                        .push_str(&format!("<p{class}><span class=\"dateline\">{}</span> {text}</p>\n", escape(line))),
                    None => out.push_str(&format!("<p{class}>{text}</p>\n")),
                }
            }
            BlockKind::Subhead => out.push_str(&format!("<h2>{text}</h2>\n")),
            BlockKind::Caption => {
                let credit = block
                    .credit
                    .as_ref()
                    .map(|c| {
                        let credit = super::photo_credit(&article.language, c);
                        format!(" <span class=\"credit\">{}</span>", escape(&credit))
                    })
                    .unwrap_or_default();
                out.push_str(&format!("<figure><figcaption>{text}{credit}</figcaption></figure>\n"));
            }
        }
    }
    out
}

pub fn render(article: &TranslatedArticle<'_>, dateline: Option<&str>) -> String {
    let lang = escape(&article.language);
    let headline = escape(article.headline());
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{headline}</title>\n"
    );
    if let Some(url) = article.source.source_url.as_deref().and_then(SafeUrl::parse) {
        out.push_str(&format!("<link rel=\"alternate\" hreflang=\"vi\" href=\"{}\">\n", escape(url.as_str())));
    }
    out.push_str("</head>\n<body>\n<article>\n<header>\n");
    out.push_str(&format!("<h1>{headline}</h1>\n"));
    if let Some(published) = &article.source.published {
        out.push_str(&format!("<time datetime=\"{0}\">{0}</time>\n", escape(published)));
    }
    out.push_str("</header>\n");
    out.push_str(&body_html(article, dateline));
    let byline = article.first(BlockKind::Byline).map(str::to_string).or_else(|| article.source.byline.clone());
    if let Some(byline) = byline {
        out.push_str(&format!("<p class=\"byline\">{}</p>\n", escape(&byline)));
    }
    out.push_str(&format!("<footer>\n<p class=\"credit\">{}", escape(&super::credit_line(&article.language))));
    if let Some(url) = article.source.source_url.as_deref().and_then(SafeUrl::parse) {
        out.push_str(&format!(" <a href=\"{0}\" hreflang=\"vi\">{0}</a>", escape(url.as_str())));
    }
    out.push_str("</p>\n</footer>\n</article>\n</body>\n</html>\n");
    out
}

impl ChannelWriter for HtmlWriter {
    fn write(&self, article: &TranslatedArticle<'_>, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        let path = join_inside(dir, &format!("{}.{}.html", article.source.id, article.language))?;
        write_if_changed(&path, render(article, self.dateline.as_deref()).as_bytes())?;
        Ok(vec![path])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            escape(r#"<script>alert("x & 'y'")</script>"#),
            "&lt;script&gt;alert(&quot;x &amp; &#39;y&#39;&quot;)&lt;/script&gt;"
        );
    }
}
