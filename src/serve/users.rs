//! People who use `dich serve`: the users file (names, roles, argon2id password hashes, hashed API tokens).
//!
//! The file is TOML, written by `dich users add` / `dich users token`, read by the server at start. Nothing
//! secret is kept in clear: passwords as argon2id PHC strings, API tokens as their SHA-256 (a token is 256 random
//! bits, so a fast hash is enough; a password is not, so it gets a slow one).

use std::path::{Path, PathBuf};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::t;

/// What a user may do. Every write checks the role it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything.
    Admin,
    /// Translators' rights, plus adding articles and starting runs.
    Editor,
    /// Reviews, saves and approves segments; publishes an article whose segments are all approved.
    Translator,
    /// Reads feeds and downloads files.
    Desk,
}

impl Role {
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "editor" => Some(Role::Editor),
            "translator" => Some(Role::Translator),
            "desk" => Some(Role::Desk),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Translator => "translator",
            Role::Desk => "desk",
        }
    }

    /// May review, save, approve and publish translations.
    pub fn can_review(self) -> bool {
        matches!(self, Role::Admin | Role::Editor | Role::Translator)
    }

    /// May add articles and start runs.
    pub fn can_edit(self) -> bool {
        matches!(self, Role::Admin | Role::Editor)
    }
}

/// One API token: its SHA-256 (hex) and when it was made; the token itself is shown once, when made.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TokenRecord {
    pub sha256: String,
    pub created: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct User {
    pub name: String,
    pub role: Role,
    /// argon2id PHC string.
    pub password: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tokens: Vec<TokenRecord>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct UsersToml {
    #[serde(default, rename = "user")]
    users: Vec<User>,
}

/// The users file, read whole.
#[derive(Debug, Clone, Default)]
pub struct Users {
    users: Vec<User>,
}

/// Shortest password `dich users add` takes.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// The users file that goes with a store: `users.toml` beside it.
pub fn default_path(store: &Path) -> PathBuf {
    store.parent().unwrap_or(Path::new(".")).join("users.toml")
}

impl Users {
    /// Reads `path`; a missing file is no users (the server then says how to add one).
    pub fn load(path: &Path) -> Result<Users, String> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Users::default()),
            Err(e) => return Err(t!("users-read-failed", path = path.display().to_string(), detail = e.to_string())),
        };
        let parsed: UsersToml = toml::from_str(&text)
            .map_err(|e| t!("users-read-failed", path = path.display().to_string(), detail = e.to_string()))?;
        for user in &parsed.users {
            if PasswordHash::new(&user.password).is_err() {
                return Err(t!(
                    "users-read-failed",
                    path = path.display().to_string(),
                    detail = t!("users-bad-hash", name = user.name.clone())
                ));
            }
        }
        Ok(Users { users: parsed.users })
    }

    /// Writes the file whole (through a temporary file, so a crash leaves the old or the new one).
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let text = toml::to_string(&UsersToml { users: self.users.clone() })
            .map_err(|e| t!("users-write-failed", path = path.display().to_string(), detail = e.to_string()))?;
        let header = "# dich serve users: written by `dich users add` and `dich users token`.\n\
                      # Passwords are argon2id hashes and tokens SHA-256 hashes; nothing here logs anybody in.\n\n";
        crate::channel::write_if_changed(path, format!("{header}{text}").as_bytes())
            .map_err(|e| t!("users-write-failed", path = path.display().to_string(), detail = e.to_string()))?;
        // Hashes are not passwords, but nobody else on the machine needs to try guessing at them.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
        }
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.users.is_empty()
    }

    pub fn get(&self, name: &str) -> Option<&User> {
        self.users.iter().find(|u| u.name == name)
    }

    /// Adds `name`, or replaces its role and password.
    pub fn set(&mut self, name: &str, role: Role, password: &str) -> Result<(), String> {
        if !valid_name(name) {
            return Err(t!("users-bad-name", name = name.to_string()));
        }
        if password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(t!("users-short-password", min = MIN_PASSWORD_CHARS));
        }
        let hash = hash_password(password)?;
        match self.users.iter_mut().find(|u| u.name == name) {
            Some(user) => {
                user.role = role;
                user.password = hash;
            }
            None => self.users.push(User { name: name.to_string(), role, password: hash, tokens: vec![] }),
        }
        Ok(())
    }

    /// Makes a new API token for `name`; returns the token, which is kept nowhere in clear.
    pub fn new_token(&mut self, name: &str, now: &str) -> Result<String, String> {
        let user = self.users.iter_mut().find(|u| u.name == name).ok_or_else(|| t!("users-unknown", name = name))?;
        let token = format!("dich_{}", random_hex(32));
        user.tokens.push(TokenRecord { sha256: sha256_hex(&token), created: now.to_string() });
        Ok(token)
    }

    /// The user with this name and password. Hashes even for an unknown name, so timing tells nothing.
    pub fn check_password(&self, name: &str, password: &str) -> Option<&User> {
        let user = self.get(name);
        let hash = user.map(|u| u.password.as_str()).unwrap_or(DUMMY_HASH);
        let parsed = PasswordHash::new(hash).ok()?;
        let ok = Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok();
        user.filter(|_| ok)
    }

    /// The user holding this API token.
    pub fn by_token(&self, token: &str) -> Option<&User> {
        let hash = sha256_hex(token);
        self.users.iter().find(|u| u.tokens.iter().any(|t| constant_time_eq(t.sha256.as_bytes(), hash.as_bytes())))
    }
}

/// An argon2id hash of a password nobody has, checked against when the name is unknown.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2T5dOgm4EhJnPr7bnCD4TuNnzgrO5sTbBl1XJ5VqUCs";

fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 64 && name.chars().all(|c| c.is_alphanumeric() || "._-@".contains(c))
}

fn hash_password(password: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| e.to_string())?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
}

/// `bytes` random bytes from the operating system, as hex.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("the operating system's random source");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Equal bytes, compared in a time that depends only on the length.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_stored_as_argon2id_and_checked() {
        let mut users = Users::default();
        users.set("lan", Role::Translator, "mật khẩu dài lắm").unwrap();
        let stored = &users.get("lan").unwrap().password;
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(users.check_password("lan", "mật khẩu dài lắm").is_some());
        assert!(users.check_password("lan", "mật khẩu sai rồi").is_none());
        assert!(users.check_password("nobody", "mật khẩu dài lắm").is_none());
        assert!(users.set("lan", Role::Translator, "short").is_err());
        assert!(users.set("bad name", Role::Translator, "long enough pw").is_err());
    }

    #[test]
    fn tokens_are_kept_as_hashes_and_found() {
        let mut users = Users::default();
        users.set("desk", Role::Desk, "0123456789ab").unwrap();
        let token = users.new_token("desk", "2026-12-04T00:00:00Z").unwrap();
        let file = toml::to_string(&UsersToml { users: users.users.clone() }).unwrap();
        assert!(!file.contains(&token));
        assert_eq!(users.by_token(&token).map(|u| u.name.as_str()), Some("desk"));
        assert!(users.by_token("dich_0000").is_none());
    }

    #[test]
    fn the_dummy_hash_parses() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }
}
