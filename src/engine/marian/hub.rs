//! Models from the Hugging Face hub: `dich models pull NAME` and `dich models list`.
//!
//! A file of repository `R` is at `{base}/{R}/resolve/main/{file}`. The hub names each file's checksum in its
//! headers: for a Git LFS file (the weights) the resolve URL redirects to a CDN and carries `X-Linked-ETag`, the
//! file's sha256; for a small file `ETag` is its git blob id (sha1 of `"blob {len}\0"` + content). Both are
//! verified. A download goes to `{file}.part`, resumed with an HTTP Range request after an interruption, and is
//! renamed into place only when complete and verified.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha1::Digest as _;

use crate::engine::http::error_chain;
use crate::engine::LangPair;
use crate::t;

/// How the models directory is laid out: one folder per model, named as on the hub, holding its files as the
/// hub has them (`config.json`, `*.spm`, `vocab.json`, weights).
pub const CACHE_LAYOUT: u32 = 1;

/// The file in a models directory that names its layout; written by the first pull.
pub const LAYOUT_FILE: &str = ".dich-models-layout";

/// Fails when `models_dir` was laid out by a newer dich; writes the layout file when `write` and it is missing.
pub fn check_layout(models_dir: &Path, write: bool) -> Result<(), HubError> {
    let file = models_dir.join(LAYOUT_FILE);
    match std::fs::read_to_string(&file) {
        Ok(text) => match text.trim().parse::<u32>() {
            Ok(found) if found > CACHE_LAYOUT => Err(HubError::NewerLayout { dir: models_dir.to_path_buf(), found }),
            _ => Ok(()),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if write {
                std::fs::write(&file, format!("{CACHE_LAYOUT}\n")).map_err(|e| io_error(&file, e))?;
            }
            Ok(())
        }
        Err(e) => Err(io_error(&file, e)),
    }
}

/// Where models are downloaded from unless `DICH_HUB_URL` says otherwise.
pub const DEFAULT_HUB_URL: &str = "https://huggingface.co";
/// Environment variable overriding the hub's base URL (tests point it at a local server).
pub const HUB_URL_ENV: &str = "DICH_HUB_URL";
/// Environment variable naming the models directory.
pub const MODELS_DIR_ENV: &str = "DICH_MODELS_DIR";
/// Organisation of a bare model name: `opus-mt-vi-en` is `Helsinki-NLP/opus-mt-vi-en`.
pub const DEFAULT_ORGANISATION: &str = "Helsinki-NLP";

/// Files of an OPUS-MT model; the weights are one of [`WEIGHT_FILES`].
const REQUIRED: &[&str] = &["config.json", "source.spm", "target.spm", "vocab.json"];
const OPTIONAL: &[&str] = &["tokenizer_config.json", "generation_config.json"];
const WEIGHT_FILES: &[&str] = &["model.safetensors", "pytorch_model.bin"];

#[derive(Debug, thiserror::Error)]
pub enum HubError {
    #[error("{}", t!("models-error-http", url = url.clone(), status = *status))]
    Status { url: String, status: u16 },
    #[error("{}", t!("models-error-network", url = url.clone(), detail = detail.clone()))]
    Network { url: String, detail: String },
    #[error("{}", t!("models-error-io", path = path.display().to_string(), detail = detail.clone()))]
    Io { path: PathBuf, detail: String },
    #[error("{}", t!("models-error-checksum", path = path.display().to_string(), expected = expected.clone(), actual = actual.clone()))]
    Checksum { path: PathBuf, expected: String, actual: String },
    #[error("{}", t!("models-error-no-weights", repo = repo.clone()))]
    NoWeights { repo: String },
    #[error("{}", t!("models-error-bad-name", name = name.clone()))]
    BadName { name: String },
    #[error("{}", t!("models-error-newer-layout", dir = dir.display().to_string(), found = *found, supported = CACHE_LAYOUT))]
    NewerLayout { dir: PathBuf, found: u32 },
}

/// The models directory: `--dir`, else `$DICH_MODELS_DIR`, else the platform data directory's `dich/models`,
/// else `./models`.
pub fn models_dir(flag: Option<&Path>) -> PathBuf {
    if let Some(dir) = flag {
        return dir.to_path_buf();
    }
    if let Some(dir) = std::env::var_os(MODELS_DIR_ENV).filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::data_dir().map(|d| d.join("dich").join("models")).unwrap_or_else(|| PathBuf::from("models"))
}

/// The hub's base URL: `$DICH_HUB_URL` or [`DEFAULT_HUB_URL`].
pub fn hub_url() -> String {
    std::env::var(HUB_URL_ENV).ok().filter(|v| !v.is_empty()).unwrap_or_else(|| DEFAULT_HUB_URL.to_string())
}

/// Repository of a model name (`opus-mt-vi-en` → `Helsinki-NLP/opus-mt-vi-en`) and its local directory name.
pub fn resolve_name(name: &str) -> Result<(String, String), HubError> {
    let bad = || HubError::BadName { name: name.to_string() };
    let valid = |part: &str| {
        !part.is_empty()
            && part != "."
            && part != ".."
            && part.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    };
    let parts: Vec<&str> = name.split('/').collect();
    match parts.as_slice() {
        [model] if valid(model) => Ok((format!("{DEFAULT_ORGANISATION}/{model}"), model.to_string())),
        [org, model] if valid(org) && valid(model) => Ok((name.to_string(), model.to_string())),
        _ => Err(bad()),
    }
}

/// What a pull reports as it goes, for a progress display.
pub trait Progress {
    /// A file starts; `total` bytes when known, `done` already there from an earlier, interrupted pull.
    fn start(&mut self, file: &str, total: Option<u64>, done: u64);
    fn advance(&mut self, bytes: u64);
    fn finish(&mut self, file: &str);
}

/// A progress report that shows nothing.
pub struct Silent;

impl Progress for Silent {
    fn start(&mut self, _: &str, _: Option<u64>, _: u64) {}
    fn advance(&mut self, _: u64) {}
    fn finish(&mut self, _: &str) {}
}

/// Downloads model `name` into `models_dir/<model>` and returns that directory. Files already complete are
/// kept; interrupted ones resume.
pub fn pull(name: &str, models_dir: &Path, base_url: &str, progress: &mut dyn Progress) -> Result<PathBuf, HubError> {
    let (repo, local) = resolve_name(name)?;
    let dir = models_dir.join(local);
    std::fs::create_dir_all(&dir).map_err(|e| io_error(&dir, e))?;
    check_layout(models_dir, true)?;
    // Redirects are followed by hand: the hub's first answer carries the LFS checksum, the CDN's does not.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(std::time::Duration::from_secs(30))
        .user_agent(concat!("dich/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| HubError::Network { url: base_url.to_string(), detail: error_chain(&e) })?;
    let base = base_url.trim_end_matches('/');
    crate::engine::runtime::block_on(async {
        for file in REQUIRED {
            fetch(&client, base, &repo, file, &dir, progress)
                .await?
                .ok_or_else(|| HubError::Status { url: file_url(base, &repo, file), status: 404 })?;
        }
        for file in OPTIONAL {
            fetch(&client, base, &repo, file, &dir, progress).await?;
        }
        // Only a model whose tokenizer_config.json says so has a target vocabulary; then it needs it.
        if super::tokenizer::separate_vocabs(&dir).unwrap_or(false) {
            let file = super::tokenizer::TARGET_VOCAB;
            fetch(&client, base, &repo, file, &dir, progress)
                .await?
                .ok_or_else(|| HubError::Status { url: file_url(base, &repo, file), status: 404 })?;
        }
        for file in WEIGHT_FILES {
            if fetch(&client, base, &repo, file, &dir, progress).await?.is_some() {
                return Ok(dir);
            }
        }
        Err(HubError::NoWeights { repo: repo.clone() })
    })
}

fn file_url(base: &str, repo: &str, file: &str) -> String {
    format!("{base}/{repo}/resolve/main/{file}")
}

fn io_error(path: &Path, error: std::io::Error) -> HubError {
    HubError::Io { path: path.to_path_buf(), detail: error.to_string() }
}

/// The checksum the hub gives for a file.
#[derive(Debug, Clone, PartialEq)]
enum Checksum {
    Sha256(String),
    GitBlob(String),
}

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim_start_matches("W/").trim_matches('"').to_string())
}

fn checksum_of(value: &str) -> Option<Checksum> {
    let hex = value.chars().all(|c| c.is_ascii_hexdigit());
    match value.len() {
        64 if hex => Some(Checksum::Sha256(value.to_ascii_lowercase())),
        40 if hex => Some(Checksum::GitBlob(value.to_ascii_lowercase())),
        _ => None,
    }
}

/// Downloads one file unless already there; `Ok(None)` when the hub has no such file (404).
async fn fetch(
    client: &reqwest::Client,
    base: &str,
    repo: &str,
    file: &str,
    dir: &Path,
    progress: &mut dyn Progress,
) -> Result<Option<PathBuf>, HubError> {
    let target = dir.join(file);
    if target.is_file() {
        return Ok(Some(target));
    }
    let part = dir.join(format!("{file}.part"));
    let mut url = file_url(base, repo, file);
    let mut checksum = None;
    let mut total = None;
    let mut offset = std::fs::metadata(&part).map(|m| m.len()).unwrap_or(0);
    let mut response = None;
    for _ in 0..10 {
        let mut request = client.get(&url);
        if offset > 0 {
            request = request.header("Range", format!("bytes={offset}-"));
        }
        let answer =
            request.send().await.map_err(|e| HubError::Network { url: url.clone(), detail: error_chain(&e) })?;
        if let Some(sum) = header(&answer, "x-linked-etag").as_deref().and_then(checksum_of) {
            checksum = Some(sum);
        }
        if let Some(size) = header(&answer, "x-linked-size").and_then(|s| s.parse().ok()) {
            total = Some(size);
        }
        let status = answer.status().as_u16();
        if answer.status().is_redirection() {
            let location = header(&answer, "location").ok_or_else(|| HubError::Status { url: url.clone(), status })?;
            url = absolute(&url, &location);
            continue;
        }
        response = Some(answer);
        break;
    }
    let mut response = response.ok_or_else(|| HubError::Status { url: url.clone(), status: 310 })?;
    let status = response.status().as_u16();
    match status {
        404 => return Ok(None),
        206 => {}
        200 => offset = 0,
        // The part file already holds the whole file (an earlier pull died before verifying it).
        416 if offset > 0 => {
            return finish(&part, &target, checksum.as_ref(), file, progress).map(Some);
        }
        _ => return Err(HubError::Status { url, status }),
    }
    if checksum.is_none() {
        checksum = header(&response, "etag").as_deref().and_then(checksum_of);
    }
    let length: Option<u64> = header(&response, "content-length").and_then(|s| s.parse().ok());
    let total = total.or(length.map(|l| l + offset));
    let mut out = OpenOptions::new()
        .create(true)
        .write(true)
        .append(offset > 0)
        .truncate(offset == 0)
        .open(&part)
        .map_err(|e| io_error(&part, e))?;
    progress.start(file, total, offset);
    while let Some(chunk) =
        response.chunk().await.map_err(|e| HubError::Network { url: url.clone(), detail: error_chain(&e) })?
    {
        out.write_all(&chunk).map_err(|e| io_error(&part, e))?;
        progress.advance(chunk.len() as u64);
    }
    out.sync_all().map_err(|e| io_error(&part, e))?;
    drop(out);
    finish(&part, &target, checksum.as_ref(), file, progress).map(Some)
}

/// Verifies a complete part file and moves it into place; a file that fails verification is deleted so the next
/// pull starts it afresh.
fn finish(
    part: &Path,
    target: &Path,
    checksum: Option<&Checksum>,
    file: &str,
    progress: &mut dyn Progress,
) -> Result<PathBuf, HubError> {
    if let Some(expected) = checksum {
        let actual = digest(part, expected)?;
        let wanted = match expected {
            Checksum::Sha256(h) | Checksum::GitBlob(h) => h.clone(),
        };
        if actual != wanted {
            let _ = std::fs::remove_file(part);
            return Err(HubError::Checksum { path: target.to_path_buf(), expected: wanted, actual });
        }
    }
    std::fs::rename(part, target).map_err(|e| io_error(target, e))?;
    progress.finish(file);
    Ok(target.to_path_buf())
}

fn digest(path: &Path, kind: &Checksum) -> Result<String, HubError> {
    let mut file = File::open(path).map_err(|e| io_error(path, e))?;
    let len = file.metadata().map_err(|e| io_error(path, e))?.len();
    let mut buffer = vec![0u8; 1 << 16];
    let mut sha256 = sha2::Sha256::new();
    let mut sha1 = sha1::Sha1::new();
    if matches!(kind, Checksum::GitBlob(_)) {
        sha1.update(format!("blob {len}\0").as_bytes());
    }
    loop {
        let n = file.read(&mut buffer).map_err(|e| io_error(path, e))?;
        if n == 0 {
            break;
        }
        match kind {
            Checksum::Sha256(_) => sha256.update(&buffer[..n]),
            Checksum::GitBlob(_) => sha1.update(&buffer[..n]),
        }
    }
    let bytes: Vec<u8> = match kind {
        Checksum::Sha256(_) => sha256.finalize().to_vec(),
        Checksum::GitBlob(_) => sha1.finalize().to_vec(),
    };
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// A redirect target relative to the URL that gave it.
fn absolute(from: &str, location: &str) -> String {
    url::Url::parse(from).and_then(|base| base.join(location)).map_or_else(|_| location.to_string(), String::from)
}

/// A model directory found under the models directory.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalModel {
    pub name: String,
    pub path: PathBuf,
    pub pair: Option<LangPair>,
    /// Bytes of all files.
    pub size: u64,
    /// Every required file and a weight file are present (no unfinished download).
    pub complete: bool,
}

/// The models under `models_dir`, sorted by name; an absent directory has none.
pub fn list(models_dir: &Path) -> Result<Vec<LocalModel>, HubError> {
    check_layout(models_dir, false)?;
    let entries = match std::fs::read_dir(models_dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error(models_dir, e)),
    };
    let mut models = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        let size = std::fs::read_dir(&path)
            .map(|files| files.flatten().filter_map(|f| f.metadata().ok()).map(|m| m.len()).sum())
            .unwrap_or(0);
        let complete =
            REQUIRED.iter().all(|f| path.join(f).is_file()) && WEIGHT_FILES.iter().any(|f| path.join(f).is_file());
        models.push(LocalModel {
            name: entry.file_name().to_string_lossy().into_owned(),
            pair: super::pair_of(&path),
            path,
            size,
            complete,
        });
    }
    models.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(models)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_to_repositories() {
        assert_eq!(
            resolve_name("opus-mt-vi-en").unwrap(),
            ("Helsinki-NLP/opus-mt-vi-en".to_string(), "opus-mt-vi-en".to_string())
        );
        assert_eq!(resolve_name("me/tiny").unwrap(), ("me/tiny".to_string(), "tiny".to_string()));
        for bad in ["", "../x", "a/b/c", "a b", "x/.."] {
            assert!(resolve_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn redirects_resolve_against_the_url_that_gave_them() {
        assert_eq!(absolute("http://h:1/a/b/c", "/x/y"), "http://h:1/x/y");
        assert_eq!(absolute("http://h:1/a/b/c", "d"), "http://h:1/a/b/d");
        assert_eq!(absolute("http://h/a", "https://cdn/z"), "https://cdn/z");
    }

    #[test]
    fn hub_etags_are_checksums() {
        let sha = "a".repeat(64);
        assert_eq!(checksum_of(&sha), Some(Checksum::Sha256(sha.clone())));
        assert_eq!(checksum_of(&"B".repeat(40)), Some(Checksum::GitBlob("b".repeat(40))));
        assert_eq!(checksum_of("xyz"), None);
    }
}

#[cfg(test)]
mod layout {
    use super::*;

    #[test]
    fn a_models_directory_of_a_newer_layout_is_refused_and_a_new_one_gets_the_file() {
        let dir = tempfile::tempdir().unwrap();
        assert!(list(dir.path()).unwrap().is_empty());
        check_layout(dir.path(), true).unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join(LAYOUT_FILE)).unwrap().trim(), CACHE_LAYOUT.to_string());
        std::fs::write(dir.path().join(LAYOUT_FILE), "2\n").unwrap();
        let refused = list(dir.path()).unwrap_err();
        assert!(matches!(refused, HubError::NewerLayout { found: 2, .. }), "{refused:?}");
        assert!(refused.to_string().contains(&dir.path().display().to_string()), "{refused}");
    }
}
