//! API keys: read from an environment variable or a key file, and kept out of every message.
//!
//! An [`ApiKey`] prints as `***` in debug output and has no `Display`; text that may contain it (an error body
//! echoed by a server, a transport error) goes through [`ApiKey::redact`] before it becomes an error.

use std::path::Path;

use crate::config::CommonEngineSettings;
use crate::t;

/// What replaces a key wherever it would appear.
pub const REDACTED: &str = "[redacted]";

/// A secret; compare and send it, never print it.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(***)")
    }
}

impl ApiKey {
    pub fn new(secret: impl Into<String>) -> ApiKey {
        ApiKey(secret.into())
    }

    /// The secret, for a request header only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `text` with every occurrence of the key replaced by [`REDACTED`].
    pub fn redact(&self, text: &str) -> String {
        if self.0.len() < 4 {
            // A key this short would redact ordinary words; such a key is not a real one anyway.
            return text.to_string();
        }
        text.replace(&self.0, REDACTED)
    }
}

/// Redacts `text` with the key when there is one.
pub fn redact(key: Option<&ApiKey>, text: &str) -> String {
    key.map_or_else(|| text.to_string(), |k| k.redact(text))
}

/// The key configured for an engine: from `api_key_env` or `api_key_file`; `Ok(None)` when neither is set.
/// Errors name the variable or file, never a value.
pub fn load_key(settings: &CommonEngineSettings) -> Result<Option<ApiKey>, String> {
    if let Some(var) = &settings.api_key_env {
        return match std::env::var(var) {
            Ok(value) if !value.trim().is_empty() => Ok(Some(ApiKey(value.trim().to_string()))),
            _ => Err(t!("engine-key-env-missing", var = var.clone())),
        };
    }
    if let Some(file) = &settings.api_key_file {
        return read_key_file(file).map(Some);
    }
    Ok(None)
}

fn read_key_file(file: &Path) -> Result<ApiKey, String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| t!("engine-key-file-unreadable", path = file.display().to_string(), detail = e.to_string()))?;
    match text.lines().map(str::trim).find(|l| !l.is_empty()) {
        Some(line) => Ok(ApiKey(line.to_string())),
        None => Err(t!("engine-key-file-empty", path = file.display().to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_never_print() {
        let key = ApiKey::new("sk-secret-123456");
        assert_eq!(format!("{key:?}"), "ApiKey(***)");
        assert_eq!(key.redact("bad key sk-secret-123456!"), "bad key [redacted]!");
    }

    #[test]
    fn key_file_takes_the_first_non_empty_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        std::fs::write(&path, "\n  abc-def-ghi  \nnext\n").unwrap();
        let settings = CommonEngineSettings { api_key_file: Some(path), ..Default::default() };
        assert_eq!(load_key(&settings).unwrap().unwrap().expose(), "abc-def-ghi");
        let missing = CommonEngineSettings { api_key_env: Some("DICH_TEST_NO_SUCH_VAR".into()), ..Default::default() };
        let error = load_key(&missing).unwrap_err();
        assert!(error.contains("DICH_TEST_NO_SUCH_VAR"), "{error}");
    }
}
