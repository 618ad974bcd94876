//! The HTTP side of remote engines: one reqwest client per engine (rustls, a timeout per request) on the engine
//! runtime, and the mapping of answers to [`EngineError`] kinds (retry later, out for the run, failed). Every
//! text that goes into an error is redacted with the engine's key first.

use std::time::Duration;

use super::keys::{redact, ApiKey};
use super::EngineError;
use crate::t;

/// Most characters of a server's error body kept in a message.
const BODY_EXCERPT: usize = 300;

/// Largest answer read; a server that sends more is broken or hostile.
const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// An HTTP client bound to one engine.
pub struct Http {
    engine: String,
    client: reqwest::Client,
    key: Option<ApiKey>,
}

/// A request body.
pub enum Body<'a> {
    Json(&'a serde_json::Value),
    Form(&'a [(&'a str, &'a str)]),
}

/// A successful (2xx) answer's body.
pub struct Answer {
    pub body: String,
}

impl Http {
    /// A client whose requests give up after `timeout`. Fails only when the TLS backend cannot start.
    pub fn new(engine: &str, timeout: Duration, key: Option<ApiKey>) -> Result<Http, EngineError> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(30)))
            .user_agent(concat!("dich/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| EngineError::Setup { engine: engine.to_string(), detail: e.to_string() })?;
        Ok(Http { engine: engine.to_string(), client, key })
    }

    pub fn key(&self) -> Option<&ApiKey> {
        self.key.as_ref()
    }

    /// `text` with the key removed.
    pub fn redact(&self, text: &str) -> String {
        redact(self.key.as_ref(), text)
    }

    /// POSTs `body` to `url` with `headers`; 2xx gives the body, anything else an [`EngineError`] of the
    /// right kind. `classify` may refine an error status (an OpenAI 429 that means "quota used up").
    pub async fn post(
        &self,
        url: &str,
        headers: &[(&str, String)],
        body: Body<'_>,
        classify: impl Fn(u16, &str) -> Option<Verdict>,
    ) -> Result<Answer, EngineError> {
        let request = with_headers(self.client.post(url), headers);
        let request = match body {
            Body::Json(value) => request.header("Content-Type", "application/json").body(value.to_string()),
            Body::Form(fields) => request
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(url::form_urlencoded::Serializer::new(String::new()).extend_pairs(fields.iter()).finish()),
        };
        self.answer(request, classify).await
    }

    /// GETs `url`; same error mapping as [`Http::post`].
    pub async fn get(&self, url: &str, headers: &[(&str, String)]) -> Result<Answer, EngineError> {
        self.answer(with_headers(self.client.get(url), headers), |_, _| None).await
    }

    /// DELETEs `url`; same error mapping as [`Http::post`].
    pub async fn delete(&self, url: &str, headers: &[(&str, String)]) -> Result<Answer, EngineError> {
        self.answer(with_headers(self.client.delete(url), headers), |_, _| None).await
    }

    async fn answer(
        &self,
        request: reqwest::RequestBuilder,
        classify: impl Fn(u16, &str) -> Option<Verdict>,
    ) -> Result<Answer, EngineError> {
        let mut response = request.send().await.map_err(|e| self.transport_error(&e))?;
        let status = response.status().as_u16();
        let retry_after =
            response.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(parse_retry_after);
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| self.transport_error(&e))? {
            if bytes.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(self.malformed(t!("engine-answer-too-large", limit = MAX_BODY_BYTES)));
            }
            bytes.extend_from_slice(&chunk);
        }
        let text = String::from_utf8(bytes).map_err(|e| self.malformed(e))?;
        if (200..300).contains(&status) {
            return Ok(Answer { body: text });
        }
        let verdict = classify(status, &text).unwrap_or_else(|| Verdict::for_status(status));
        // Redacted before it is cut: a key echoed near the cut would otherwise survive in part.
        let detail = t!("engine-http-status", status = status, body = excerpt(&self.redact(&text)));
        Err(verdict.error(&self.engine, detail, retry_after))
    }

    /// Timeouts, refused and reset connections and broken answers are worth retrying; a bad URL or request
    /// is not.
    fn transport_error(&self, error: &reqwest::Error) -> EngineError {
        let detail = self.redact(&error_chain(error));
        if error.is_builder() || error.is_redirect() {
            return EngineError::Failed { engine: self.engine.clone(), detail };
        }
        EngineError::Transient { engine: self.engine.clone(), detail, retry_after: None }
    }

    /// An answer that came back 2xx but cannot be used (malformed JSON, missing fields): retry, it may be a
    /// passing fault of the server or the model.
    pub fn malformed(&self, detail: impl std::fmt::Display) -> EngineError {
        EngineError::Transient {
            engine: self.engine.clone(),
            detail: self.redact(&t!("engine-malformed-answer", detail = detail.to_string())),
            retry_after: None,
        }
    }
}

fn with_headers(mut request: reqwest::RequestBuilder, headers: &[(&str, String)]) -> reqwest::RequestBuilder {
    for (name, value) in headers {
        request = request.header(*name, value.as_str());
    }
    request
}

/// An error with its causes ("error sending request: connection refused"): reqwest's own message names only
/// the step that failed.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// What an error status means for the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Retry,
    OutForTheRun,
    Fail,
}

impl Verdict {
    /// The common meaning of a status; engines refine it through `classify`.
    pub fn for_status(status: u16) -> Verdict {
        match status {
            408 | 425 | 429 | 500 | 502 | 503 | 504 | 529 => Verdict::Retry,
            401 | 403 | 456 => Verdict::OutForTheRun,
            _ => Verdict::Fail,
        }
    }

    fn error(self, engine: &str, detail: String, retry_after: Option<Duration>) -> EngineError {
        let engine = engine.to_string();
        match self {
            Verdict::Retry => EngineError::Transient { engine, detail, retry_after },
            Verdict::OutForTheRun => EngineError::Exhausted { engine, detail },
            Verdict::Fail => EngineError::Failed { engine, detail },
        }
    }
}

/// `Retry-After` in seconds (fractions allowed); HTTP dates are read as "a while" (the default backoff).
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let seconds: f64 = value.trim().parse().ok()?;
    (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds.min(3600.0)))
}

fn excerpt(text: &str) -> String {
    let trimmed = text.trim();
    match trimmed.char_indices().nth(BODY_EXCERPT) {
        Some((cut, _)) => format!("{}…", &trimmed[..cut]),
        None => trimmed.to_string(),
    }
}

/// `base` and `path` joined with exactly one slash.
pub fn join_url(base: &str, path: &str) -> String {
    format!("{}/{}", base.trim_end_matches('/'), path.trim_start_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_what_the_run_does() {
        assert_eq!(Verdict::for_status(429), Verdict::Retry);
        assert_eq!(Verdict::for_status(529), Verdict::Retry);
        assert_eq!(Verdict::for_status(503), Verdict::Retry);
        assert_eq!(Verdict::for_status(456), Verdict::OutForTheRun);
        assert_eq!(Verdict::for_status(403), Verdict::OutForTheRun);
        assert_eq!(Verdict::for_status(400), Verdict::Fail);
    }

    #[test]
    fn retry_after_in_seconds() {
        assert_eq!(parse_retry_after(" 2 "), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after("0.5"), Some(Duration::from_millis(500)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(join_url("http://h:1/", "/v2/translate"), "http://h:1/v2/translate");
    }
}
