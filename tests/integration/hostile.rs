//! The hostile-input suite: one folder per case under tests/fixtures/hostile/, each run as a user would run
//! dich, with what must (and must not) come out. A case folder holds its inputs (pipeline.toml, articles, …) and
//! `case.toml`:
//!
//! ```toml
//! about = "what the attacker or the unlucky user does"
//! args = ["run"]                 # after `dich --lang en`, in a copy of the folder
//! exit = 0
//! stdin = "…"                    # optional
//! stdout = ["…"]                 # substrings stdout must hold
//! stderr = ["…"]
//! absent = ["<img"]              # in no file the run wrote under `scan`, nor in stdout/stderr
//! scan = ["out/web-en/"]         # where `absent` looks (default: every file written; never the store)
//! missing = ["out/web-en/a.en.md"]
//! [files]                        # files that must exist, with substrings they must hold
//! "out/web-en/b.en.md" = ["…"]
//! [env]
//! NAME = "value"
//! ```
//!
//! The copy keeps symbolic links as links, so cases can hold links pointing outside their folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    about: String,
    args: Vec<String>,
    exit: i32,
    stdin: Option<String>,
    #[serde(default)]
    stdout: Vec<String>,
    #[serde(default)]
    stderr: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
    #[serde(default)]
    scan: Vec<String>,
    #[serde(default)]
    missing: Vec<String>,
    #[serde(default)]
    files: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    env: BTreeMap<String, String>,
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile")
}

/// Copies `from` into `to`, links as links.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(entry.path()).unwrap(), &target).unwrap();
        } else if kind.is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every regular file under `dir`, not following links.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for entry in entries.flatten() {
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            out.extend(files_under(&entry.path()));
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    out
}

/// Runs one case; the problems found, empty when it holds.
fn run_case(name: &str) -> Vec<String> {
    let source = cases_dir().join(name);
    let case: Case = toml::from_str(&std::fs::read_to_string(source.join("case.toml")).unwrap())
        .unwrap_or_else(|e| panic!("{name}/case.toml: {e}"));
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&source, dir.path());
    let before: Vec<PathBuf> = files_under(dir.path());
    let mut command = assert_cmd::Command::cargo_bin("dich").unwrap();
    command
        .current_dir(dir.path())
        .arg("--lang")
        .arg("en")
        .args(&case.args)
        .env("LANG", "C.UTF-8")
        .env_remove("DICH_LOG")
        .envs(&case.env)
        .timeout(Duration::from_secs(120));
    if let Some(stdin) = &case.stdin {
        command.write_stdin(stdin.clone());
    }
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let mut problems = Vec::new();
    let mut problem = |text: String| problems.push(format!("{name} ({}): {text}", case.about));
    if output.status.code() != Some(case.exit) {
        problem(format!(
            "exit {:?}, expected {}\nstdout:\n{stdout}\nstderr:\n{stderr}",
            output.status.code(),
            case.exit
        ));
    }
    // "{schema}" in an expected message is the store schema this dich writes, so a migration keeps cases true.
    let expected = |wanted: &String| wanted.replace("{schema}", &dich::store::schema::LATEST_VERSION.to_string());
    for wanted in case.stdout.iter().map(expected) {
        if !stdout.contains(wanted.as_str()) {
            problem(format!("stdout lacks {wanted:?}:\n{stdout}"));
        }
    }
    for wanted in case.stderr.iter().map(expected) {
        if !stderr.contains(wanted.as_str()) {
            problem(format!("stderr lacks {wanted:?}:\n{stderr}"));
        }
    }
    let written: Vec<PathBuf> = files_under(dir.path()).into_iter().filter(|p| !before.contains(p)).collect();
    // The store keeps the articles as they came: it is data, not an output.
    let scanned: Vec<&PathBuf> = written
        .iter()
        .filter(|p| !p.to_string_lossy().contains(".sqlite"))
        .filter(|p| {
            let relative = p.strip_prefix(dir.path()).unwrap().to_string_lossy().into_owned();
            case.scan.is_empty() || case.scan.iter().any(|prefix| relative.starts_with(prefix.as_str()))
        })
        .collect();
    for banned in &case.absent {
        if stdout.contains(banned.as_str()) || stderr.contains(banned.as_str()) {
            problem(format!("{banned:?} printed:\n{stdout}\n{stderr}"));
        }
        for path in &scanned {
            let bytes = std::fs::read(path).unwrap_or_default();
            if String::from_utf8_lossy(&bytes).contains(banned.as_str()) {
                problem(format!("{banned:?} in {}", path.strip_prefix(dir.path()).unwrap().display()));
            }
        }
    }
    for path in &case.missing {
        if dir.path().join(path).exists() {
            problem(format!("{path} was written"));
        }
    }
    for (path, wanted) in &case.files {
        match std::fs::read_to_string(dir.path().join(path)) {
            Err(e) => problem(format!("{path}: {e}")),
            Ok(text) => {
                for piece in wanted {
                    if !text.contains(piece.as_str()) {
                        problem(format!("{path} lacks {piece:?}:\n{text}"));
                    }
                }
            }
        }
    }
    let leftovers: Vec<&PathBuf> = written.iter().filter(|p| p.extension().is_some_and(|e| e == "tmp")).collect();
    if !leftovers.is_empty() {
        problem(format!("temporary files left behind: {leftovers:?}"));
    }
    problems
}

#[test]
fn every_hostile_case_holds() {
    let mut names: Vec<String> = std::fs::read_dir(cases_dir())
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("case.toml").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(!names.is_empty());
    let failures: Vec<String> = names.iter().flat_map(|name| run_case(name)).collect();
    assert!(failures.is_empty(), "{} problems in {} cases:\n\n{}", failures.len(), names.len(), failures.join("\n\n"));
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    use std::io::{BufRead, Read};
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("long.txt");
    let sentence = "Hội nghị công tác đối ngoại nhân dân của tỉnh Lâm Đồng năm 2022 đã thành công tốt đẹp.";
    let body: Vec<String> = (0..5000).map(|i| format!("{sentence} Đoạn {i}.")).collect();
    std::fs::write(&article, format!("Tiêu đề\n\n{}\n", body.join("\n\n"))).unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("dich"))
        .args(["segment", "--json"])
        .arg(&article)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    // The reader is gone (`| head -1`).
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert_eq!(first.trim(), "[");
    assert!(status.success(), "{status:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
