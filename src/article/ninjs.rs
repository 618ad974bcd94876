//! ninjs news items (IPTC News in JSON 1.x/2.x snake-and-lowercase, 3.x camelCase) → pieces.
//!
//! The headline is the `headlines` entry with role "main" (else the first, else `headline`); the lead is the
//! summary description; the body is the HTML body (read by the HTML reader) or else the plain-text body;
//! `by`/`byline` is the byline; `versioncreated` (or `firstcreated`) the publication time; `uri` the source URL
//! (the original's identifier, which a translation's ninjs item associates with).

use serde_json::Value;

use super::assemble::Piece;
use super::boilerplate::BoilerplateRules;
use super::error::IngestError;

pub(crate) fn parse(text: &str, name: &str, rules: &BoilerplateRules) -> Result<Vec<Piece>, IngestError> {
    let value: Value = serde_json::from_str(text.trim_start_matches('\u{FEFF}')).map_err(|e| {
        IngestError::not_an_article(
            name,
            crate::t!("ingest-reason-json-syntax", line = e.line(), column = e.column(), detail = e.to_string()),
        )
    })?;
    let item = value
        .as_object()
        .filter(|o| is_ninjs(o))
        .ok_or_else(|| IngestError::not_an_article(name, crate::t!("ingest-reason-json-not-ninjs")))?;
    let get = |keys: &[&str]| keys.iter().find_map(|k| item.get(*k)).filter(|v| !v.is_null());

    let mut pieces = Vec::new();
    let headline = get(&["headlines"])
        .and_then(|h| pick(h, &["main", "headline"]))
        .or_else(|| get(&["headline", "title"]).and_then(Value::as_str).map(|s| (s.to_string(), None)));
    if let Some((headline, _)) = headline {
        pieces.push(Piece::Headline(strip_tags_if_html(&headline)));
    }
    let time = get(&["versioncreated", "versionCreated", "firstcreated", "firstCreated"]).and_then(Value::as_str);
    if let Some(time) = time {
        pieces.push(Piece::Timestamp { raw: time.to_string(), published: Some(time.to_string()) });
    }
    let description = get(&["descriptions"])
        .and_then(|d| pick(d, &["summary", "lead", "description", "abstract"]))
        .or_else(|| get(&["description_text", "description"]).and_then(Value::as_str).map(|s| (s.to_string(), None)))
        .or_else(|| {
            get(&["description_html"]).and_then(Value::as_str).map(|s| (s.to_string(), Some("text/html".to_string())))
        });
    if let Some((lead, _)) = description {
        pieces.push(Piece::Lead(strip_tags_if_html(&lead)));
    }

    // The item's own fields win over what an HTML body may also carry: they come first.
    if let Some(by) = get(&["by", "byline"]).and_then(Value::as_str) {
        pieces.push(Piece::Byline(by.to_string()));
    }
    if let Some(uri) = get(&["uri"]).and_then(Value::as_str) {
        pieces.push(Piece::SourceUrl(uri.to_string()));
    }

    let body = get(&["bodies"]).and_then(pick_body).or_else(|| {
        get(&["body_html", "bodyHtml"])
            .and_then(Value::as_str)
            .map(|s| (s.to_string(), Some("text/html".to_string())))
            .or_else(|| get(&["body_text", "bodyText"]).and_then(Value::as_str).map(|s| (s.to_string(), None)))
    });
    if let Some((body, content_type)) = body {
        let is_html = content_type.as_deref().is_some_and(|t| t.contains("html")) || looks_like_html(&body);
        if is_html {
            pieces.extend(super::html::parse_fragment(&body, rules));
        } else {
            pieces.extend(text_paragraphs(&body, rules));
        }
    }
    Ok(pieces)
}

/// A ninjs item has a `uri` (the only required property) or, for loose producers, headlines and bodies.
fn is_ninjs(item: &serde_json::Map<String, Value>) -> bool {
    let has = |k: &str| item.get(k).is_some_and(|v| !v.is_null());
    (has("uri")
        && ["headlines", "headline", "bodies", "body_html", "body_text", "type", "versioncreated", "versionCreated"]
            .iter()
            .any(|k| has(k)))
        || (["headlines", "headline"].iter().any(|k| has(k))
            && ["bodies", "body_html", "body_text"].iter().any(|k| has(k)))
}

/// From an array of `{role, contenttype|contentType, value}`, the entry with one of `roles`, else the first.
fn pick(entries: &Value, roles: &[&str]) -> Option<(String, Option<String>)> {
    let entries = entries.as_array()?;
    let role_of = |e: &Value| e.get("role").and_then(Value::as_str).map(str::to_lowercase);
    let chosen =
        entries.iter().find(|e| role_of(e).is_some_and(|r| roles.contains(&r.as_str()))).or_else(|| entries.first())?;
    entry(chosen)
}

/// The HTML body if there is one, else the first body.
fn pick_body(entries: &Value) -> Option<(String, Option<String>)> {
    let entries = entries.as_array()?;
    let html = entries.iter().find(|e| content_type(e).is_some_and(|t| t.contains("html")));
    entry(html.or_else(|| entries.first())?)
}

fn entry(e: &Value) -> Option<(String, Option<String>)> {
    let value = e.get("value").and_then(Value::as_str)?;
    Some((value.to_string(), content_type(e)))
}

fn content_type(e: &Value) -> Option<String> {
    e.get("contenttype").or_else(|| e.get("contentType")).and_then(Value::as_str).map(str::to_lowercase)
}

fn looks_like_html(text: &str) -> bool {
    let lower = text.trim_start().to_ascii_lowercase();
    lower.starts_with("<p") || lower.starts_with("<div") || lower.starts_with("<h") || lower.starts_with("<figure")
}

fn strip_tags_if_html(text: &str) -> String {
    if text.contains('<') && text.contains('>') {
        scraper::Html::parse_fragment(text).root_element().text().collect::<String>()
    } else {
        text.to_string()
    }
}

/// A plain-text body: paragraphs separated by line breaks; boilerplate rules still apply. The cells of a table
/// row ("| 4 | Bình Thuận |") are paragraphs of their own, as in the plain-text and HTML readers.
fn text_paragraphs(body: &str, rules: &BoilerplateRules) -> Vec<Piece> {
    use super::boilerplate::{table_cells, LineClass};
    let piece = |line: &str| match rules.classify(line) {
        LineClass::Content => Some(Piece::Paragraph(line.trim().to_string())),
        LineClass::SourceUrl(url) => Some(Piece::SourceUrl(url)),
        LineClass::Timestamp(t) => Some(Piece::Timestamp { raw: t.raw, published: t.published }),
        LineClass::Blank | LineClass::Drop => None,
    };
    let mut pieces = Vec::new();
    for line in body.lines() {
        match table_cells(line) {
            Some(cells) if cells.len() > 1 && piece(line).is_some() => {
                pieces.extend(cells.into_iter().filter_map(piece))
            }
            _ => pieces.extend(piece(line)),
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_rows_of_a_text_body_are_cells() {
        let body = "Đoạn một.\n| 4 | Bình Thuận | Nghỉ hết 15/3 |\n| Facebook | Zalo |\n";
        let pieces = text_paragraphs(body, &BoilerplateRules::builtin());
        let texts: Vec<Piece> =
            ["Đoạn một.", "4", "Bình Thuận", "Nghỉ hết 15/3"].map(|t| Piece::Paragraph(t.into())).into();
        assert_eq!(pieces, texts);
    }
}
