//! What desks read: per publishing channel (press, tv) an Atom 1.0 feed and a JSON Feed 1.1 whose items carry the
//! channel's ninjs item, and the channel's files to download. What a channel publishes is public news, so feeds
//! and downloads need no login (a feed reader sends no credentials); translators and glossary channels have none.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use super::App;
use crate::channel::escape::html as xml_escape;
use crate::config::{ChannelKind, Settings};

/// A channel that has feeds.
#[derive(Debug, Clone, Serialize)]
pub struct FeedChannel {
    pub name: String,
    pub language: String,
    pub kind: &'static str,
}

pub fn feed_channels(settings: &Settings) -> Vec<FeedChannel> {
    settings
        .channels
        .iter()
        .filter(|c| matches!(c.kind, ChannelKind::Press | ChannelKind::Tv))
        .map(|c| FeedChannel {
            name: c.name.clone(),
            language: c.language.clone(),
            kind: if c.kind == ChannelKind::Press { "press" } else { "tv" },
        })
        .collect()
}

/// One published article of a channel: its files and what its ninjs item says.
#[derive(Debug, Clone)]
pub struct Entry {
    pub(super) article: String,
    title: String,
    updated: DateTime<Utc>,
    pub(super) files: Vec<String>,
    ninjs: Option<serde_json::Value>,
}

/// Feed entries per channel, kept while the channel's folder is unchanged: every file a channel writes goes
/// through a rename (`write_if_changed`), which changes the folder's modification time, so readers polling a
/// feed cost a `stat`, not a walk of the store and the folder. The feeds as sent are kept beside them, so a
/// poll is answered on the server's event loop without a blocking thread, and a reader that sends back the
/// feed's entity tag (as feed readers do) gets a bodiless 304.
#[derive(Debug, Default)]
pub struct FeedCache(std::sync::Mutex<std::collections::HashMap<String, CachedFeed>>);

#[derive(Debug)]
struct CachedFeed {
    /// The channel folder's modification time when the entries were read.
    modified: SystemTime,
    entries: Arc<Vec<Entry>>,
    /// Feeds rendered from these entries, by format and base URL (the Host a reader used).
    rendered: std::collections::HashMap<(&'static str, String), Rendered>,
}

/// Rendered feeds kept per channel: a few Host names (localhost, the server's name and address) are normal; a
/// client sending a new Host with every request must not grow the cache.
const RENDERED_PER_CHANNEL: usize = 8;

/// A feed as sent: its body, entity tag and when it last changed.
#[derive(Debug, Clone)]
struct Rendered {
    content_type: &'static str,
    body: axum::body::Bytes,
    etag: String,
    updated: DateTime<Utc>,
}

/// The channel folder's modification time, when it can be trusted to tell a change: a folder changed within the
/// same second may show the same time on coarse file systems, so only a time safely in the past is trusted.
fn settled_modification(app: &App, channel: &FeedChannel) -> (SystemTime, bool) {
    let dir = app.settings.output_dir.join(&channel.name);
    let modified = std::fs::metadata(&dir).and_then(|m| m.modified()).unwrap_or(SystemTime::UNIX_EPOCH);
    let settled = modified.elapsed().is_ok_and(|age| age > std::time::Duration::from_secs(2));
    (modified, settled)
}

impl FeedCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, CachedFeed>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The feed as rendered before, if the channel's folder has not changed since (a `stat`, no blocking work).
    fn rendered(&self, app: &App, channel: &FeedChannel, kind: &'static str, base: &str) -> Option<Rendered> {
        let (modified, settled) = settled_modification(app, channel);
        let cache = self.lock();
        let cached = cache.get(&channel.name).filter(|c| settled && c.modified == modified)?;
        cached.rendered.get(&(kind, base.to_string())).cloned()
    }

    fn keep_rendered(
        &self,
        channel: &FeedChannel,
        entries: &Arc<Vec<Entry>>,
        key: (&'static str, String),
        feed: &Rendered,
    ) {
        let mut cache = self.lock();
        // Kept only beside the entries it was made from (a newer read may have replaced them meanwhile).
        if let Some(cached) = cache.get_mut(&channel.name).filter(|c| Arc::ptr_eq(&c.entries, entries)) {
            if cached.rendered.len() >= RENDERED_PER_CHANNEL {
                cached.rendered.clear();
            }
            cached.rendered.insert(key, feed.clone());
        }
    }
}

pub(super) fn cached_entries(app: &App, channel: &FeedChannel) -> Result<Arc<Vec<Entry>>, String> {
    let (modified, settled) = settled_modification(app, channel);
    if let Some(cached) = app.feed_cache.lock().get(&channel.name) {
        if cached.modified == modified && settled {
            return Ok(cached.entries.clone());
        }
    }
    let entries = Arc::new(entries(app, channel)?);
    let fresh = CachedFeed { modified, entries: entries.clone(), rendered: Default::default() };
    app.feed_cache.lock().insert(channel.name.clone(), fresh);
    Ok(entries)
}

/// The published articles of `channel`, newest first: the stored articles that have files in its folder.
fn entries(app: &App, channel: &FeedChannel) -> Result<Vec<Entry>, String> {
    let dir = app.settings.output_dir.join(&channel.name);
    let names: Vec<(String, SystemTime)> = match std::fs::read_dir(&dir) {
        Ok(read) => read
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| {
                let modified = e.metadata().and_then(|m| m.modified()).ok()?;
                Some((e.file_name().to_string_lossy().into_owned(), modified))
            })
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e.to_string()),
    };
    let mut entries = Vec::new();
    for record in app.store.article_records().map_err(|e| e.to_string())? {
        let prefix = format!("{}.{}.", record.id, channel.language);
        let mut files: Vec<&(String, SystemTime)> = names.iter().filter(|(n, _)| n.starts_with(&prefix)).collect();
        if files.is_empty() {
            continue;
        }
        files.sort();
        let updated = files.iter().map(|(_, m)| *m).max().map(DateTime::<Utc>::from).unwrap_or_default();
        let ninjs = files
            .iter()
            .find(|(n, _)| n.ends_with(".ninjs.json"))
            .and_then(|(n, _)| std::fs::read(dir.join(n)).ok())
            .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok());
        let title = ninjs
            .as_ref()
            .and_then(|n| n.get("headline").or_else(|| n.get("headlines").and_then(|h| h.get(0)?.get("value"))))
            .and_then(|h| h.as_str())
            .map(str::to_string)
            .or_else(|| translated_headline(app, &record.id, &channel.language))
            .unwrap_or_else(|| record.headline.clone());
        entries.push(Entry {
            article: record.id.clone(),
            title,
            updated,
            files: files.iter().map(|(n, _)| n.clone()).collect(),
            ninjs,
        });
    }
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.article.cmp(&b.article)));
    Ok(entries)
}

/// The memory's translation of the article's headline (channels without ninjs files).
fn translated_headline(app: &App, article: &str, language: &str) -> Option<String> {
    let segments = app.store.load_segments(article).ok()?;
    let headline = segments.iter().find(|s| s.kind == crate::article::BlockKind::Headline)?;
    Some(app.store.tm_exact(&app.settings.source, language, &headline.text).ok()??.target)
}

/// `http://host` of the request, for the feeds' absolute links; a Host header that is no plain host name or
/// address is not echoed.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)))
        .unwrap_or("localhost");
    format!("http://{host}")
}

fn stamp(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn atom(channel: &FeedChannel, entries: &[Entry], base: &str) -> String {
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or_default();
    let mut xml =
        String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"");
    xml.push_str(&format!(" xml:lang=\"{}\">\n", xml_escape(&channel.language)));
    xml.push_str(&format!("  <id>{base}/feeds/{}.atom</id>\n", xml_escape(&channel.name)));
    xml.push_str(&format!("  <title>{}</title>\n", xml_escape(&channel.name)));
    xml.push_str(&format!("  <updated>{}</updated>\n", stamp(updated)));
    xml.push_str(&format!("  <link rel=\"self\" href=\"{base}/feeds/{}.atom\"/>\n", xml_escape(&channel.name)));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n  <generator>dich</generator>\n",
        xml_escape(&channel.name)
    ));
    for entry in entries {
        let file_url = |file: &str| format!("{base}/files/{}/{}", xml_escape(&channel.name), xml_escape(file));
        xml.push_str("  <entry>\n");
        xml.push_str(&format!(
            "    <id>urn:dich:{}:{}:{}</id>\n",
            xml_escape(&channel.name),
            xml_escape(&entry.article),
            xml_escape(&channel.language)
        ));
        xml.push_str(&format!("    <title>{}</title>\n", xml_escape(&entry.title)));
        xml.push_str(&format!("    <updated>{}</updated>\n", stamp(entry.updated)));
        let main = entry.files.iter().find(|f| f.ends_with(".html")).or(entry.files.first());
        if let Some(main) = main {
            xml.push_str(&format!("    <link rel=\"alternate\" href=\"{}\"/>\n", file_url(main)));
        }
        for file in &entry.files {
            xml.push_str(&format!(
                "    <link rel=\"enclosure\" type=\"{}\" href=\"{}\"/>\n",
                content_type(file),
                file_url(file)
            ));
        }
        if let Some(text) = entry.ninjs.as_ref().and_then(ninjs_text) {
            xml.push_str(&format!("    <summary>{}</summary>\n", xml_escape(text)));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

fn json_feed(channel: &FeedChannel, entries: &[Entry], base: &str) -> serde_json::Value {
    let items: Vec<serde_json::Value> = entries
        .iter()
        .map(|entry| {
            let file_url = |file: &str| format!("{base}/files/{}/{}", channel.name, file);
            let main = entry.files.iter().find(|f| f.ends_with(".html")).or(entry.files.first());
            let mut item = serde_json::json!({
                "id": format!("urn:dich:{}:{}:{}", channel.name, entry.article, channel.language),
                "title": entry.title,
                "date_modified": stamp(entry.updated),
                "language": channel.language,
                "attachments": entry.files.iter().map(|f| serde_json::json!({
                    "url": file_url(f), "mime_type": content_type(f)
                })).collect::<Vec<_>>(),
            });
            if let Some(main) = main {
                item["url"] = file_url(main).into();
            }
            let text = entry.ninjs.as_ref().and_then(ninjs_text);
            item["content_text"] = text.unwrap_or(&entry.title).into();
            if let Some(ninjs) = &entry.ninjs {
                item["_ninjs"] = ninjs.clone();
            }
            item
        })
        .collect();
    serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": channel.name,
        "feed_url": format!("{base}/feeds/{}.json", channel.name),
        "language": channel.language,
        "items": items,
    })
}

/// A short plain text of a ninjs item: its plain-text description (ninjs 3 `descriptions`, ninjs 1–2
/// `description_text`), else its plain-text body (`body_text`).
fn ninjs_text(ninjs: &serde_json::Value) -> Option<&str> {
    let described = ninjs.get("descriptions").and_then(|d| d.as_array()).and_then(|list| {
        list.iter().find_map(|d| {
            let kind = d.get("contentType").or_else(|| d.get("contenttype")).and_then(|c| c.as_str());
            kind.is_none_or(|k| k.starts_with("text/plain")).then(|| d.get("value")?.as_str()).flatten()
        })
    });
    described.or_else(|| ninjs.get("description_text")?.as_str()).or_else(|| ninjs.get("body_text")?.as_str())
}

fn content_type(file: &str) -> &'static str {
    let lower = file.to_ascii_lowercase();
    if lower.ends_with(".html") {
        "text/html; charset=utf-8"
    } else if lower.ends_with(".json") {
        "application/json"
    } else if lower.ends_with(".md") {
        "text/markdown; charset=utf-8"
    } else if lower.ends_with(".vtt") {
        "text/vtt; charset=utf-8"
    } else if lower.ends_with(".srt") {
        "application/x-subrip"
    } else if lower.ends_with(".xlf") || lower.ends_with(".tmx") || lower.ends_with(".tbx") {
        "application/xml"
    } else {
        "text/plain; charset=utf-8"
    }
}

/// `GET /feeds/<channel>.atom` and `GET /feeds/<channel>.json`, with `ETag` and `Last-Modified`: a reader that
/// sends either back (`If-None-Match`, `If-Modified-Since`) gets 304 Not Modified while the feed is the same.
pub async fn feed(State(app): State<Arc<App>>, headers: HeaderMap, Path(file): Path<String>) -> Response {
    let (name, kind) = match file.rsplit_once('.') {
        Some((name, "atom")) => (name.to_string(), "atom"),
        Some((name, "json")) => (name.to_string(), "json"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let Some(channel) = feed_channels(&app.settings).into_iter().find(|c| c.name == name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let base = base_url(&headers);
    let feed = match app.feed_cache.rendered(&app, &channel, kind, &base) {
        Some(feed) => feed,
        None => {
            let built = app
                .blocking(move |app| {
                    let (folder_changed, _) = settled_modification(app, &channel);
                    let entries = cached_entries(app, &channel)?;
                    let feed = render(&channel, &entries, kind, &base, folder_changed.into());
                    app.feed_cache.keep_rendered(&channel, &entries, (kind, base), &feed);
                    Ok::<_, String>(feed)
                })
                .await;
            match built {
                Ok(Ok(feed)) => feed,
                Ok(Err(detail)) => return super::Failure::internal(detail).into_response(),
                Err(f) => return f.into_response(),
            }
        }
    };
    let last_modified = feed.updated.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    let validators = [
        (header::ETAG, feed.etag.clone()),
        (header::LAST_MODIFIED, last_modified),
        (header::CACHE_CONTROL, "no-cache".to_string()),
    ];
    if not_modified(&headers, &feed) {
        return (StatusCode::NOT_MODIFIED, validators).into_response();
    }
    (validators, [(header::CONTENT_TYPE, feed.content_type)], feed.body).into_response()
}

/// `folder_changed` counts in the feed's `Last-Modified`: an article withdrawn leaves the newest entry as it was.
fn render(
    channel: &FeedChannel,
    entries: &[Entry],
    kind: &'static str,
    base: &str,
    folder_changed: DateTime<Utc>,
) -> Rendered {
    let (content_type, body) = if kind == "atom" {
        ("application/atom+xml; charset=utf-8", atom(channel, entries, base))
    } else {
        ("application/feed+json", json_feed(channel, entries, base).to_string())
    };
    use sha2::Digest;
    let digest = sha2::Sha256::digest(body.as_bytes());
    let etag = format!("\"{}\"", digest[..12].iter().map(|b| format!("{b:02x}")).collect::<String>());
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or_default().max(folder_changed);
    Rendered { content_type, body: body.into(), etag, updated }
}

/// RFC 9110 §13.1: `If-None-Match` decides when present (a list of tags, weak or strong, or `*`); otherwise
/// `If-Modified-Since`, compared in whole seconds as HTTP dates have them.
fn not_modified(headers: &HeaderMap, feed: &Rendered) -> bool {
    let tag = feed.etag.trim_start_matches("W/");
    if let Some(wanted) = headers.get(header::IF_NONE_MATCH) {
        let Ok(wanted) = wanted.to_str() else { return false };
        return wanted.split(',').map(str::trim).any(|t| t == "*" || t.trim_start_matches("W/") == tag);
    }
    let since = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| DateTime::parse_from_rfc2822(v).ok());
    since.is_some_and(|since| feed.updated.timestamp() <= since.timestamp())
}

/// `GET /files/<channel>/<file>`: a file a publishing channel wrote.
pub async fn download(State(app): State<Arc<App>>, Path((channel, file)): Path<(String, String)>) -> Response {
    let known = feed_channels(&app.settings).into_iter().any(|c| c.name == channel);
    let plain = !file.is_empty() && !file.starts_with('.') && !file.contains(['/', '\\']) && !file.ends_with(".tmp");
    if !known || !plain {
        return StatusCode::NOT_FOUND.into_response();
    }
    let path: PathBuf = app.settings.output_dir.join(&channel).join(&file);
    match tokio::fs::read(&path).await {
        Ok(bytes) => ([(header::CONTENT_TYPE, content_type(&file))], bytes).into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}
