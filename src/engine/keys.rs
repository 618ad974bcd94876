//! API keys: read from an environment variable or a key file, and kept out of every message.
//!
//! An [`ApiKey`] prints as `***` (Debug and Display); text that may contain it (an error body echoed by a server,
//! a transport error) goes through [`ApiKey::redact`] before it becomes an error, and before it is cut. A
//! configuration that names a key where a variable or file name belongs gets an error that does not repeat it.

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

/// Shown as `***` wherever a key ends up in a format string by mistake.
impl std::fmt::Display for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
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
        if !is_variable_name(var) || looks_like_a_key(var) {
            // Most likely the key itself pasted in the wrong place: never repeat it.
            return Err(t!("engine-key-env-not-a-name"));
        }
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

/// A long name of mixed-case letters and digits ("AIzaSyD4x9…", "sk…") reads as a key pasted in place of a
/// variable name; variable names are short, mostly upper case words.
fn looks_like_a_key(name: &str) -> bool {
    name.len() >= 20 && name.chars().any(|c| c.is_ascii_lowercase()) && name.chars().any(|c| c.is_ascii_digit())
}

/// A POSIX environment variable name: letters, digits and `_`, not starting with a digit.
fn is_variable_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A missing "file" that has neither a directory nor an extension in its name and is long is probably a key
/// pasted as `api_key_file`: its name is not shown.
fn shown_key_path(file: &Path) -> String {
    let text = file.display().to_string();
    let pathlike = text.contains(std::path::MAIN_SEPARATOR) || text.contains('.') || text.len() < 16;
    if pathlike {
        text
    } else {
        t!("engine-key-file-hidden")
    }
}

fn read_key_file(file: &Path) -> Result<ApiKey, String> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| t!("engine-key-file-unreadable", path = shown_key_path(file), detail = e.to_string()))?;
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
        assert_eq!(format!("{key}"), "***");
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

    #[test]
    fn a_key_pasted_as_a_variable_or_file_name_is_not_repeated() {
        let secret = "sk-proj-AbC123xyz-987654321";
        let google = "AIzaSyD4x9Q2mN7pL0vR3tK8wE5yU1iO6aS2dF0";
        for settings in [
            CommonEngineSettings { api_key_env: Some(google.into()), ..Default::default() },
            CommonEngineSettings { api_key_env: Some(secret.into()), ..Default::default() },
            CommonEngineSettings { api_key_file: Some(secret.into()), ..Default::default() },
        ] {
            let error = load_key(&settings).unwrap_err();
            assert!(!error.contains(secret) && !error.contains("AbC123") && !error.contains("AIzaSy"), "{error}");
        }
        let file = CommonEngineSettings { api_key_file: Some("/no/such/key.txt".into()), ..Default::default() };
        assert!(load_key(&file).unwrap_err().contains("/no/such/key.txt"));
    }
}
