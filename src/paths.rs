//! File-system helpers shared by the commands that take files or folders.

use std::path::{Path, PathBuf};

/// Every file under `dir` (recursively) whose extension is one of `extensions` (compared case-insensitively),
/// sorted.
pub fn files_under(dir: &Path, extensions: &[&str]) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    walk(dir, extensions, &mut found)?;
    found.sort();
    Ok(found)
}

fn walk(dir: &Path, extensions: &[&str], found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, extensions, found)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.iter().any(|known| known.eq_ignore_ascii_case(e)))
        {
            found.push(path);
        }
    }
    Ok(())
}
