//! IPTC ninjs for news agencies and CMSs: 2.1 (lower-case keys) or 3.0 (camelCase), by channel setting.
//!
//! The item carries headline, lead (as a summary description), the body as HTML, the dateline, photo captions
//! (as associated pictures), byline, language, version and timestamps, and an association named "original"
//! to the Vietnamese article. Writing is idempotent: when nothing but the version stamp would change, the file
//! is left alone; otherwise `version` goes up by one and `versioncreated` is the writer's clock time.

use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

use super::{join_inside, write_if_changed, ChannelWriter, TranslatedArticle};
use crate::article::BlockKind;
use crate::config::NinjsVersion;

#[derive(Debug, Clone)]
pub struct NinjsWriter {
    pub version: NinjsVersion,
    pub dateline: Option<String>,
    /// RFC 3339 time stamped on a new version.
    pub now: String,
}

/// Key names that differ between 2.1 and 3.0.
struct Keys {
    content_type: &'static str,
    version_created: &'static str,
    first_created: &'static str,
    alt_ids: &'static str,
}

fn keys(version: NinjsVersion) -> Keys {
    match version {
        NinjsVersion::V2_1 => Keys {
            content_type: "contenttype",
            version_created: "versioncreated",
            first_created: "firstcreated",
            alt_ids: "altids",
        },
        NinjsVersion::V3_0 => Keys {
            content_type: "contentType",
            version_created: "versionCreated",
            first_created: "firstCreated",
            alt_ids: "altIds",
        },
    }
}

/// `urn:dich:article:<id>:<lang>`, with anything outside URN-safe characters percent-encoded.
pub fn item_uri(article_id: &str, lang: &str) -> String {
    let encode = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
                other => format!("%{other:02X}"),
            })
            .collect::<String>()
    };
    format!("urn:dich:article:{}:{}", encode(article_id), encode(lang))
}

/// The source's publication time as RFC 3339; times without a zone are Vietnam time (+07:00).
pub fn rfc3339(published: &str) -> Option<String> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(published) {
        return Some(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false));
    }
    let formats = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"];
    let naive =
        formats.iter().find_map(|f| chrono::NaiveDateTime::parse_from_str(published, f).ok()).or_else(|| {
            chrono::NaiveDate::parse_from_str(published, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0))
        })?;
    let zone = chrono::FixedOffset::east_opt(7 * 3600)?;
    let local = naive.and_local_timezone(zone).single()?;
    Some(local.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
}

fn text_object(k: &Keys, role: &str, content_type: &str, value: &str) -> Value {
    let mut object = Map::new();
    object.insert("role".into(), json!(role));
    object.insert(k.content_type.into(), json!(content_type));
    object.insert("value".into(), json!(value));
    Value::Object(object)
}

/// The item without `version` and the version time stamp.
pub fn item(article: &TranslatedArticle<'_>, version: NinjsVersion, dateline: Option<&str>) -> Map<String, Value> {
    let k = keys(version);
    let source = article.source;
    let uri = item_uri(&source.id, &article.language);
    let mut item = Map::new();
    item.insert("uri".into(), json!(uri));
    item.insert(
        "standard".into(),
        json!({
            "name": "ninjs",
            "version": version.as_str(),
            "schema": format!("http://www.iptc.org/std/ninjs/ninjs-schema_{}.json#", version.as_str()),
        }),
    );
    item.insert("type".into(), json!("text"));
    item.insert("language".into(), json!(article.language));
    if let Some(first) = source.published.as_deref().and_then(rfc3339) {
        item.insert(k.first_created.into(), json!(first));
    }
    item.insert(k.alt_ids.into(), json!([{ "role": "dich-article-id", "value": source.id }]));
    item.insert("headlines".into(), json!([text_object(&k, "main", "text/plain", article.headline())]));
    let mut descriptions = Vec::new();
    if let Some(lead) = article.first(BlockKind::Lead) {
        descriptions.push(text_object(&k, "summary", "text/plain", lead));
    }
    if let Some(line) = dateline {
        descriptions.push(text_object(&k, "dateline", "text/plain", line));
    }
    if !descriptions.is_empty() {
        item.insert("descriptions".into(), Value::Array(descriptions));
    }
    let body = super::html::body_html(article, dateline);
    item.insert("bodies".into(), json!([text_object(&k, "main", "text/html", &body)]));
    let byline = article.first(BlockKind::Byline).map(str::to_string).or_else(|| source.byline.clone());
    if let Some(by) = byline {
        item.insert("by".into(), json!(by));
    }

    let mut associations = Vec::new();
    let mut original = Map::new();
    original.insert("name".into(), json!("original"));
    let source_uri = source.source_url.as_deref().and_then(super::escape::SafeUrl::parse);
    let source_uri = source_uri.map_or_else(|| item_uri(&source.id, "vi"), |u| u.as_str().to_string());
    original.insert("uri".into(), json!(source_uri));
    if version == NinjsVersion::V3_0 {
        original.insert("rel".into(), json!("translationOf"));
    }
    original.insert("type".into(), json!("text"));
    original.insert("language".into(), json!("vi"));
    original.insert("headlines".into(), json!([text_object(&k, "main", "text/plain", &source.headline)]));
    associations.push(Value::Object(original));
    let captions = article.blocks.iter().filter(|b| b.kind == BlockKind::Caption);
    for (i, caption) in captions.enumerate() {
        let name = format!("photo-{}", i + 1);
        let mut photo = Map::new();
        photo.insert("name".into(), json!(name));
        photo.insert("uri".into(), json!(format!("{uri}:{name}")));
        if version == NinjsVersion::V3_0 {
            photo.insert("rel".into(), json!("illustration"));
        }
        photo.insert("type".into(), json!("picture"));
        photo.insert("descriptions".into(), json!([text_object(&k, "caption", "text/plain", &caption.text)]));
        if let Some(credit) = &caption.credit {
            photo.insert("by".into(), json!(credit));
        }
        associations.push(Value::Object(photo));
    }
    item.insert("associations".into(), Value::Array(associations));
    item
}

/// The item stamped with `version` and `version_created`, keys in a stable order.
pub fn stamped(mut item: Map<String, Value>, version: NinjsVersion, number: u64, version_created: &str) -> Value {
    let k = keys(version);
    item.insert("version".into(), json!(number.to_string()));
    item.insert(k.version_created.into(), json!(version_created));
    sorted(Value::Object(item))
}

/// Keys in sorted order at every level, whichever map type serde_json was built with.
fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let ordered: std::collections::BTreeMap<String, Value> =
                map.into_iter().map(|(k, v)| (k, sorted(v))).collect();
            Value::Object(ordered.into_iter().collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// The version number in an existing file when the rest of it equals `item`, or the next number otherwise.
fn existing_version(path: &Path, item: &Map<String, Value>, version: NinjsVersion) -> (u64, Option<String>) {
    let k = keys(version);
    let Ok(text) = std::fs::read_to_string(path) else { return (1, None) };
    let Ok(Value::Object(mut old)) = serde_json::from_str::<Value>(&text) else { return (1, None) };
    let number = old.remove("version").and_then(|v| v.as_str().and_then(|s| s.parse::<u64>().ok())).unwrap_or(0);
    let stamp = old.remove(k.version_created).and_then(|v| v.as_str().map(str::to_string));
    if &old == item {
        (number.max(1), stamp)
    } else {
        (number + 1, None)
    }
}

impl ChannelWriter for NinjsWriter {
    fn write(&self, article: &TranslatedArticle<'_>, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        let path = join_inside(dir, &format!("{}.{}.ninjs.json", article.source.id, article.language))?;
        let item = item(article, self.version, self.dateline.as_deref());
        let (number, stamp) = existing_version(&path, &item, self.version);
        let value = stamped(item, self.version, number, stamp.as_deref().unwrap_or(&self.now));
        let mut text = serde_json::to_string_pretty(&value).map_err(std::io::Error::other)?;
        text.push('\n');
        write_if_changed(&path, text.as_bytes())?;
        Ok(vec![path])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_times() {
        assert_eq!(item_uri("lam-dong.vi", "en"), "urn:dich:article:lam-dong.vi:en");
        assert_eq!(item_uri("a b", "en"), "urn:dich:article:a%20b:en");
        assert_eq!(rfc3339("2022-08-12T21:32:00").as_deref(), Some("2022-08-12T21:32:00+07:00"));
        assert_eq!(rfc3339("2022-08-12T21:32").as_deref(), Some("2022-08-12T21:32:00+07:00"));
        assert_eq!(rfc3339("2021-11-16T15:19:00+07:00").as_deref(), Some("2021-11-16T15:19:00+07:00"));
        assert_eq!(rfc3339("12/08/2022"), None);
    }
}
