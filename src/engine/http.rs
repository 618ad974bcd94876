//! The HTTP side of remote engines: one blocking client per engine, requests with a timeout, and the mapping of
//! answers to [`EngineError`] kinds (retry later, out for the run, failed). Every text that goes into an error
//! is redacted with the engine's key first.

use std::time::Duration;

use super::keys::{redact, ApiKey};
use super::EngineError;
use crate::t;

/// Most characters of a server's error body kept in a message.
const BODY_EXCERPT: usize = 300;

/// A blocking HTTP client bound to one engine.
pub struct Http {
    engine: String,
    agent: ureq::Agent,
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
    pub fn new(engine: &str, timeout: Duration, key: Option<ApiKey>) -> Http {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .user_agent(concat!("dich/", env!("CARGO_PKG_VERSION")))
            .build();
        Http { engine: engine.to_string(), agent: config.into(), key }
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
    pub fn post(
        &self,
        url: &str,
        headers: &[(&str, String)],
        body: Body<'_>,
        classify: impl Fn(u16, &str) -> Option<Verdict>,
    ) -> Result<Answer, EngineError> {
        let mut request = self.agent.post(url);
        for (name, value) in headers {
            request = request.header(*name, value.as_str());
        }
        let sent = match body {
            Body::Json(value) => request.content_type("application/json").send(value.to_string()),
            Body::Form(fields) => request.send_form(fields.iter().copied()),
        };
        self.answer(sent, classify)
    }

    /// GETs `url`; same error mapping as [`Http::post`].
    pub fn get(&self, url: &str, headers: &[(&str, String)]) -> Result<Answer, EngineError> {
        let mut request = self.agent.get(url);
        for (name, value) in headers {
            request = request.header(*name, value.as_str());
        }
        self.answer(request.call(), |_, _| None)
    }

    /// DELETEs `url`; same error mapping as [`Http::post`].
    pub fn delete(&self, url: &str, headers: &[(&str, String)]) -> Result<Answer, EngineError> {
        let mut request = self.agent.delete(url);
        for (name, value) in headers {
            request = request.header(*name, value.as_str());
        }
        self.answer(request.call(), |_, _| None)
    }

    fn answer(
        &self,
        sent: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
        classify: impl Fn(u16, &str) -> Option<Verdict>,
    ) -> Result<Answer, EngineError> {
        let mut response = sent.map_err(|e| self.transport_error(&e))?;
        let status = response.status().as_u16();
        let retry_after =
            response.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(parse_retry_after);
        let text = response
            .body_mut()
            .with_config()
            .limit(32 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| self.transport_error(&e))?;
        if (200..300).contains(&status) {
            return Ok(Answer { body: text });
        }
        let verdict = classify(status, &text).unwrap_or_else(|| Verdict::for_status(status));
        // Redacted before it is cut: a key echoed near the cut would otherwise survive in part.
        let detail = t!("engine-http-status", status = status, body = excerpt(&self.redact(&text)));
        Err(verdict.error(&self.engine, detail, retry_after))
    }

    /// Timeouts, refused and reset connections are worth retrying; a bad URL or TLS setup is not.
    fn transport_error(&self, error: &ureq::Error) -> EngineError {
        let detail = self.redact(&error.to_string());
        match error {
            ureq::Error::Timeout(_)
            | ureq::Error::Io(_)
            | ureq::Error::ConnectionFailed
            | ureq::Error::HostNotFound
            | ureq::Error::Protocol(_)
            | ureq::Error::BodyStalled => {
                EngineError::Transient { engine: self.engine.clone(), detail, retry_after: None }
            }
            _ => EngineError::Failed { engine: self.engine.clone(), detail },
        }
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
