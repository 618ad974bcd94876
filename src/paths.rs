//! File-system helpers shared by the commands that take files or folders.
//!
//! Folders are walked with symbolic links under a policy: by default a link is followed only when what it
//! points to lies inside the folder being walked (an `articles/` folder holding a link to /etc/passwd must not
//! send that file to an engine and publish it). Every directory is entered once (a link loop cannot make the
//! walk run forever), and a file reached twice counts once.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Which symbolic links a walk follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkPolicy {
    /// Links whose target lies inside the walked folder.
    #[default]
    Inside,
    /// Every link.
    Anywhere,
    /// None.
    Never,
}

/// A link the walk did not follow, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedLink {
    pub link: PathBuf,
    /// Where it points (resolved); `None` when it points nowhere.
    pub target: Option<PathBuf>,
    pub reason: RefusedBecause,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusedBecause {
    Outside,
    Broken,
    NotFollowed,
}

/// What a walk found: matching files (sorted, each once) and the links it did not follow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Walked {
    pub files: Vec<PathBuf>,
    pub refused: Vec<RefusedLink>,
}

/// Every file under `dir` (recursively) whose extension is one of `extensions` (compared case-insensitively),
/// sorted, following links inside `dir` only.
pub fn files_under(dir: &Path, extensions: &[&str]) -> std::io::Result<Vec<PathBuf>> {
    walk_files(dir, extensions, LinkPolicy::Inside).map(|walked| walked.files)
}

/// [`files_under`] with a link policy, reporting the links it did not follow.
pub fn walk_files(dir: &Path, extensions: &[&str], policy: LinkPolicy) -> std::io::Result<Walked> {
    let root = std::fs::canonicalize(dir)?;
    let mut walk = Walk { root, extensions, policy, seen_dirs: HashSet::new(), seen_files: HashSet::new() };
    let mut walked = Walked::default();
    walk.seen_dirs.insert(walk.root.clone());
    walk.dir(dir, &mut walked)?;
    walked.files.sort();
    walked.refused.sort_by(|a, b| a.link.cmp(&b.link));
    Ok(walked)
}

struct Walk<'a> {
    root: PathBuf,
    extensions: &'a [&'a str],
    policy: LinkPolicy,
    /// Real paths of the directories entered, so a loop of links ends.
    seen_dirs: HashSet<PathBuf>,
    /// Real paths of the files taken, so a file reached through a link and directly counts once.
    seen_files: HashSet<PathBuf>,
}

impl Walk<'_> {
    fn wanted(&self, path: &Path) -> bool {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| self.extensions.iter().any(|known| known.eq_ignore_ascii_case(e)))
    }

    fn dir(&mut self, dir: &Path, walked: &mut Walked) -> std::io::Result<()> {
        let mut entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            let kind = entry.file_type()?;
            let real = if kind.is_symlink() {
                match self.follow(&path, walked) {
                    Some(real) => real,
                    None => continue,
                }
            } else {
                path.clone()
            };
            let meta = match std::fs::metadata(&real) {
                Ok(meta) => meta,
                Err(_) => continue,
            };
            if meta.is_dir() {
                let canonical = std::fs::canonicalize(&real)?;
                if self.seen_dirs.insert(canonical) {
                    self.dir(&path, walked)?;
                }
            } else if meta.is_file() && self.wanted(&path) {
                let canonical = std::fs::canonicalize(&real).unwrap_or(real);
                if self.seen_files.insert(canonical) {
                    walked.files.push(path);
                }
            }
        }
        Ok(())
    }

    /// The link's real target when the policy lets the walk follow it; otherwise records why not.
    fn follow(&self, link: &Path, walked: &mut Walked) -> Option<PathBuf> {
        let target = std::fs::canonicalize(link).ok();
        let reason = match (&target, self.policy) {
            (None, _) => RefusedBecause::Broken,
            (Some(_), LinkPolicy::Never) => RefusedBecause::NotFollowed,
            (Some(real), LinkPolicy::Inside) if !real.starts_with(&self.root) => RefusedBecause::Outside,
            (Some(real), _) => return Some(real.clone()),
        };
        // A link to something the walk would not take anyway (another extension) is not worth a word.
        let relevant = target.as_ref().is_none_or(|t| t.is_dir() || self.wanted(link) || self.wanted(t));
        if relevant {
            walked.refused.push(RefusedLink { link: link.to_path_buf(), target, reason });
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_inside_are_followed_links_outside_and_loops_are_not() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::fs::write(root.join("a.txt"), "a").unwrap();
        std::fs::write(root.join("sub/b.txt"), "b").unwrap();
        symlink(outside.path().join("secret.txt"), root.join("passwd.txt")).unwrap();
        symlink(root.join("a.txt"), root.join("same-as-a.txt")).unwrap();
        symlink(root, root.join("sub/loop")).unwrap();
        symlink(root.join("nowhere.txt"), root.join("broken.txt")).unwrap();

        let walked = walk_files(root, &["txt"], LinkPolicy::Inside).unwrap();
        assert_eq!(walked.files, [root.join("a.txt"), root.join("sub/b.txt")]);
        let refused: Vec<(&Path, RefusedBecause)> =
            walked.refused.iter().map(|r| (r.link.as_path(), r.reason)).collect();
        assert_eq!(
            refused,
            [
                (root.join("broken.txt").as_path(), RefusedBecause::Broken),
                (&root.join("passwd.txt"), RefusedBecause::Outside)
            ]
        );

        let anywhere = walk_files(root, &["txt"], LinkPolicy::Anywhere).unwrap();
        assert_eq!(anywhere.files.len(), 3, "{anywhere:?}");
        let never = walk_files(root, &["txt"], LinkPolicy::Never).unwrap();
        assert_eq!(never.files, [root.join("a.txt"), root.join("sub/b.txt")]);
    }
}
