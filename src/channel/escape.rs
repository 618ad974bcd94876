//! The one escaping layer per output format: every string that comes from an article (text, names, credits,
//! URLs) passes through here on its way into Markdown, HTML, SRT, WebVTT or ninjs, so a new field cannot skip
//! it. XML formats (XLIFF, TMX, TBX) escape through [`crate::formats::xml`].
//!
//! URLs from articles (a page's canonical link, a ninjs `uri`) are parsed with the `url` crate and kept only when
//! they are http(s) with a host; what comes out is the parser's serialization, percent-encoded, so no quote,
//! angle bracket or space from the article survives in it.

/// An http(s) URL with a host, as the `url` crate serializes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafeUrl(url::Url);

impl SafeUrl {
    /// `None` for anything else: `javascript:`, `data:`, relative or unparsable text.
    pub fn parse(text: &str) -> Option<SafeUrl> {
        let url = url::Url::parse(text.trim()).ok()?;
        let web = matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|h| !h.is_empty());
        (web && url.username().is_empty() && url.password().is_none()).then_some(SafeUrl(url))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// Text for HTML content and attribute values.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text for Markdown: the characters that would start markup or raw HTML are backslash-escaped.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, ch) in text.chars().enumerate() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(ch);
            }
            '#' | '+' | '-' if i == 0 => {
                out.push('\\');
                out.push(ch);
            }
            '&' => out.push_str("&amp;"),
            _ => out.push(ch),
        }
    }
    out
}

/// A URL as a Markdown autolink (`<https://…>`): its serialization holds no `<`, `>` or space.
pub fn markdown_link(url: &SafeUrl) -> String {
    format!("<{}>", url.as_str())
}

/// Cue text for SubRip. SRT has no escapes and players interpret `<b> <i> <u> <font>` (and `{\…}` override
/// codes): angle and curly brackets become their single-guillemet and parenthesis look-alikes, and "-->" (a
/// timing line) "->".
pub fn srt(text: &str) -> String {
    text.replace("-->", "->").replace('<', "‹").replace('>', "›").replace('{', "(").replace('}', ")")
}

/// Cue text for WebVTT: "&", "<" and ">" as character references ("-->" cannot survive that).
pub fn vtt(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_urls_with_a_host_survive_and_come_out_encoded() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>",
            "/relative",
            "https://",
            "file:///etc/passwd",
            "https://user:pw@example.vn/",
        ] {
            assert_eq!(SafeUrl::parse(bad), None, "{bad}");
        }
        let url = SafeUrl::parse(" https://example.vn/a b?q=\"x\"><img src=x onerror=alert(1)> ").unwrap();
        assert!(!url.as_str().contains(['<', '>', '"', ' ']), "{}", url.as_str());
        assert_eq!(markdown_link(&SafeUrl::parse("http://baoxyz.vn/tin").unwrap()), "<http://baoxyz.vn/tin>");
    }

    #[test]
    fn caption_markup_is_never_live() {
        assert_eq!(srt("<b onmouseover=x>Hi</b> {\\an8} --> go"), "‹b onmouseover=x›Hi‹/b› (\\an8) -› go");
        assert_eq!(vtt("a <b> & c"), "a &lt;b&gt; &amp; c");
        assert_eq!(html("<a href='x'>"), "&lt;a href=&#39;x&#39;&gt;");
        assert_eq!(markdown("<img src=x>"), "\\<img src=x\\>");
    }
}
