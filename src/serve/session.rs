//! Who is asking: a session cookie (people in the browser, with a CSRF token for every form) or an API token
//! (scripts and desks, `Authorization: Bearer …`); and in which language the pages speak to them.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::{header, HeaderMap, HeaderValue};

use super::users::{constant_time_eq, random_hex, sha256_hex, Role};
use super::App;
use crate::i18n::UiLanguage;

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "dich_session";
/// Cookie holding the CSRF token of the login form (there is no session yet to hold it).
pub const LOGIN_CSRF_COOKIE: &str = "dich_login";
/// Cookie holding the UI language a person chose.
pub const LANG_COOKIE: &str = "dich_lang";
/// A session ends this long after login.
const SESSION_LIFETIME: Duration = Duration::from_secs(12 * 3600);

#[derive(Debug, Clone)]
struct Session {
    user: String,
    role: Role,
    csrf: String,
    started: Instant,
}

/// Live sessions, keyed by the SHA-256 of the cookie value (a leaked memory dump holds no usable cookie).
#[derive(Debug, Default)]
pub struct Sessions(Mutex<HashMap<String, Session>>);

impl Sessions {
    /// Starts a session; returns the cookie value.
    pub fn start(&self, user: &str, role: Role) -> String {
        let id = random_hex(32);
        let session = Session { user: user.to_string(), role, csrf: random_hex(32), started: Instant::now() };
        let mut sessions = self.0.lock().unwrap_or_else(|e| e.into_inner());
        sessions.retain(|_, s| s.started.elapsed() < SESSION_LIFETIME);
        sessions.insert(sha256_hex(&id), session);
        id
    }

    pub fn end(&self, cookie: &str) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(&sha256_hex(cookie));
    }

    fn get(&self, cookie: &str) -> Option<Session> {
        let sessions = self.0.lock().unwrap_or_else(|e| e.into_inner());
        sessions.get(&sha256_hex(cookie)).filter(|s| s.started.elapsed() < SESSION_LIFETIME).cloned()
    }
}

/// The person or script behind a request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: String,
    pub role: Role,
    /// The session's CSRF token; `None` for an API token (a header a browser never sends by itself).
    pub csrf: Option<String>,
}

impl Caller {
    /// True when `token` is this session's CSRF token, or the caller used an API token.
    pub fn csrf_ok(&self, token: Option<&str>) -> bool {
        match (&self.csrf, token) {
            (None, _) => true,
            (Some(expected), Some(given)) => constant_time_eq(expected.as_bytes(), given.as_bytes()),
            (Some(_), None) => false,
        }
    }
}

/// A cookie's value from the request.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name).then(|| value.to_string())
    })
}

/// The caller by API token, else by session cookie; `None` when neither is valid. A user removed from the
/// users file loses a live session at once.
pub fn caller(app: &App, headers: &HeaderMap) -> Option<Caller> {
    let users = app.users().ok()?;
    if let Some(token) =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "))
    {
        let user = users.by_token(token.trim())?;
        return Some(Caller { user: user.name.clone(), role: user.role, csrf: None });
    }
    let session = app.sessions.get(&cookie(headers, SESSION_COOKIE)?)?;
    let user = users.get(&session.user)?;
    Some(Caller { user: user.name.clone(), role: user.role.min_with(session.role), csrf: Some(session.csrf) })
}

impl Role {
    /// The lesser of two roles (a role lowered in the users file applies to live sessions at once).
    fn min_with(self, other: Role) -> Role {
        let rank = |r: Role| match r {
            Role::Desk => 0,
            Role::Translator => 1,
            Role::Editor => 2,
            Role::Admin => 3,
        };
        if rank(self) <= rank(other) {
            self
        } else {
            other
        }
    }
}

/// `Set-Cookie` value: HttpOnly, SameSite=Strict, path /.
pub fn set_cookie(name: &str, value: &str, max_age: Option<u64>) -> HeaderValue {
    let age = max_age.map(|s| format!("; Max-Age={s}")).unwrap_or_default();
    HeaderValue::from_str(&format!("{name}={value}; HttpOnly; SameSite=Strict; Path=/{age}"))
        .expect("cookie values are hex or fixed words")
}

pub fn session_max_age() -> u64 {
    SESSION_LIFETIME.as_secs()
}

/// The UI language: the person's choice (cookie), else the first of Vietnamese or English that the browser's
/// Accept-Language names, by its weights.
pub fn ui_language(headers: &HeaderMap) -> UiLanguage {
    if let Some(chosen) = cookie(headers, LANG_COOKIE) {
        return UiLanguage::from_tag(&chosen);
    }
    let Some(accept) = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()) else {
        return UiLanguage::English;
    };
    let mut best: Option<(f32, UiLanguage)> = None;
    for item in accept.split(',') {
        let mut parts = item.trim().split(';');
        let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let weight = parts.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
        let lang = if tag == "vi" || tag.starts_with("vi-") {
            UiLanguage::Vietnamese
        } else if tag == "en" || tag.starts_with("en-") {
            UiLanguage::English
        } else {
            continue;
        };
        if best.is_none_or(|(w, _)| weight > w) {
            best = Some((weight, lang));
        }
    }
    best.map(|(_, lang)| lang).unwrap_or(UiLanguage::English)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn accept_language_is_read_by_weight_and_a_choice_wins() {
        assert_eq!(ui_language(&headers(&[("accept-language", "vi-VN,vi;q=0.9,en;q=0.8")])), UiLanguage::Vietnamese);
        assert_eq!(ui_language(&headers(&[("accept-language", "fr, en;q=0.5, vi;q=0.7")])), UiLanguage::Vietnamese);
        assert_eq!(ui_language(&headers(&[("accept-language", "en-GB, vi;q=0.2")])), UiLanguage::English);
        assert_eq!(ui_language(&headers(&[])), UiLanguage::English);
        assert_eq!(
            ui_language(&headers(&[("accept-language", "en"), ("cookie", "a=b; dich_lang=vi")])),
            UiLanguage::Vietnamese
        );
    }

    #[test]
    fn csrf_tokens_are_compared_whole() {
        let caller = Caller { user: "lan".into(), role: Role::Translator, csrf: Some("abc123".into()) };
        assert!(caller.csrf_ok(Some("abc123")));
        assert!(!caller.csrf_ok(Some("abc12")));
        assert!(!caller.csrf_ok(None));
        let script = Caller { csrf: None, ..caller };
        assert!(script.csrf_ok(None));
    }
}
