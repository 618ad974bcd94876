//! Translators' glossary decisions applied to the term bases, reviewably.
//!
//! A decision file is TSV with a header: `vi  lang  rendering  decision  by  note` (`kind` optional, for new
//! terms). `decision` is `approve` (the rendering becomes the house rendering for `lang`; a different earlier
//! rendering moves to the `forbidden` column), `forbid` (the rendering goes into `forbidden`), or `propose` (a
//! new term, added with status `proposed`). Each change edits exactly one row of a `.tsv` term base in place
//! (or appends one row to the file of the term's kind), with who decided in its `note`, so `git diff glossary/`
//! shows the whole decision for review; every other byte of the files stays as it was. A bad decision is
//! reported with its file and line and does not stop the others.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::glossary::{Glossary, Kind};
use crate::t;
use crate::text::key::match_key;

/// One change made to a term base.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// "file:line" of the changed (or appended) row.
    pub location: String,
    pub term: String,
    pub before: Option<String>,
    pub after: String,
}

/// What applying a decision file did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Applied {
    pub changes: Vec<Change>,
    /// Decisions not applied, each with "file:line" and the reason.
    pub refused: Vec<String>,
}

struct Decision {
    line: usize,
    vi: String,
    lang: String,
    rendering: String,
    action: String,
    by: String,
    note: String,
    kind: Option<Kind>,
}

/// Applies the decisions in `file` to the `.tsv` term bases in `glossary_dir`.
pub fn apply(file: &Path, glossary_dir: &Path, today: &str) -> Result<Applied, String> {
    let shown = file.display().to_string();
    let text = std::fs::read_to_string(file)
        .map_err(|e| t!("qa-file-unreadable", path = shown.clone(), detail = e.to_string()))?;
    let mut applied = Applied::default();
    let decisions = read_decisions(&text, &shown, &mut applied.refused)?;
    let (glossary, _) = Glossary::load_paths(&[glossary_dir.to_path_buf()]);
    let mut files: BTreeMap<PathBuf, Vec<String>> = BTreeMap::new();
    for decision in decisions {
        let at = format!("{shown}:{}", decision.line);
        match apply_one(&decision, &glossary, glossary_dir, today, &mut files) {
            Ok(change) => applied.changes.push(change),
            Err(reason) => applied.refused.push(format!("{at}: {reason}")),
        }
    }
    for (path, lines) in files {
        let mut text = lines.join("\n");
        text.push('\n');
        crate::channel::write_if_changed(&path, text.as_bytes())
            .map_err(|e| t!("qa-file-unreadable", path = path.display().to_string(), detail = e.to_string()))?;
    }
    Ok(applied)
}

fn read_decisions(text: &str, shown: &str, refused: &mut Vec<String>) -> Result<Vec<Decision>, String> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
    let Some((_, header)) = lines.next() else { return Ok(Vec::new()) };
    let columns: Vec<String> = header.split('\t').map(|c| c.trim().to_lowercase()).collect();
    let index = |name: &str| columns.iter().position(|c| c == name);
    let required = ["vi", "lang", "rendering", "decision"];
    if let Some(missing) = required.iter().find(|c| index(c).is_none()) {
        return Err(t!("qa-decision-column", path = shown.to_string(), column = missing.to_string()));
    }
    let mut out = Vec::new();
    for (n, line) in lines {
        let cells: Vec<&str> = line.split('\t').collect();
        let cell =
            |name: &str| index(name).and_then(|i| cells.get(i)).map(|c| c.trim().to_string()).unwrap_or_default();
        let decision = Decision {
            line: n + 1,
            vi: crate::text::normalize(&cell("vi")),
            lang: cell("lang"),
            rendering: cell("rendering"),
            action: cell("decision").to_lowercase(),
            by: cell("by"),
            note: cell("note"),
            kind: Kind::parse(&cell("kind")),
        };
        if decision.vi.is_empty() || decision.lang.is_empty() || decision.rendering.is_empty() {
            refused.push(format!("{shown}:{}: {}", n + 1, t!("qa-decision-incomplete")));
            continue;
        }
        out.push(decision);
    }
    Ok(out)
}

/// The term-base file holding entries of `kind` in `dir` (the shipped layout: one file per kind).
fn file_of_kind(dir: &Path, kind: Kind) -> PathBuf {
    let name = match kind {
        Kind::Person => "people",
        Kind::Event | Kind::Concept => "concepts",
        other => return dir.join(format!("{}s.tsv", other.as_str())),
    };
    dir.join(format!("{name}.tsv"))
}

fn apply_one(
    decision: &Decision,
    glossary: &Glossary,
    dir: &Path,
    today: &str,
    files: &mut BTreeMap<PathBuf, Vec<String>>,
) -> Result<Change, String> {
    let key = match_key(&decision.vi);
    let entry = glossary.entries.iter().find(|e| match_key(&e.vi) == key);
    let signed =
        t!("qa-decision-note", by = decision.by.clone(), date = today.to_string(), note = decision.note.clone());
    let (path, row_index) = match (entry, decision.action.as_str()) {
        (Some(entry), "approve" | "forbid") => (entry.file.clone(), Some(entry.line - 1)),
        (None, "propose" | "approve") => (file_of_kind(dir, decision.kind.unwrap_or(Kind::Concept)), None),
        (Some(entry), "propose") => {
            return Err(t!("qa-decision-exists", term = decision.vi.clone(), entry = entry.location()))
        }
        (None, "forbid") => return Err(t!("qa-decision-unknown-term", term = decision.vi.clone())),
        (_, other) => return Err(t!("qa-decision-unknown", decision = other.to_string())),
    };
    if path.extension().and_then(|e| e.to_str()) != Some("tsv") {
        return Err(t!("qa-decision-not-tsv", path = path.display().to_string()));
    }
    if !files.contains_key(&path) {
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        files.insert(path.clone(), text.lines().map(str::to_string).collect());
    }
    let lines = files.get_mut(&path).expect("inserted above");
    let header: Vec<String> =
        lines.first().map(|h| h.split('\t').map(|c| c.trim().to_string()).collect()).unwrap_or_default();
    let column = |name: &str| header.iter().position(|c| c == name);
    let lang_col = column(&decision.lang).ok_or_else(|| {
        t!("qa-decision-no-language", path = path.display().to_string(), lang = decision.lang.clone())
    })?;
    let (forbidden_col, note_col, status_col) = (column("forbidden"), column("note"), column("status"));

    let Some(index) = row_index else {
        let mut cells = vec![String::new(); header.len()];
        cells[column("vi").unwrap_or(0)] = decision.vi.clone();
        cells[lang_col] = decision.rendering.clone();
        if let Some(c) = column("kind") {
            cells[c] = decision.kind.unwrap_or(Kind::Concept).as_str().to_string();
        }
        if let Some(c) = status_col {
            cells[c] = "proposed".to_string();
        }
        if let Some(c) = note_col {
            cells[c] = signed;
        }
        lines.push(cells.join("\t"));
        return Ok(Change {
            location: format!("{}:{}", path.display(), lines.len()),
            term: decision.vi.clone(),
            before: None,
            after: decision.rendering.clone(),
        });
    };
    let line = lines.get(index).ok_or_else(|| t!("qa-decision-unknown-term", term = decision.vi.clone()))?;
    let mut cells: Vec<String> = line.split('\t').map(str::to_string).collect();
    cells.resize(header.len().max(cells.len()), String::new());
    let before = cells[lang_col].clone();
    let mut forbidden: Vec<String> = forbidden_col
        .map(|c| cells[c].split(" | ").map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect())
        .unwrap_or_default();
    if decision.action == "approve" {
        if !before.is_empty() && before != decision.rendering && !forbidden.contains(&before) {
            forbidden.push(before.clone());
        }
        forbidden.retain(|f| *f != decision.rendering);
        cells[lang_col] = decision.rendering.clone();
        if let Some(c) = status_col {
            cells[c] = "approved".to_string();
        }
    } else if !forbidden.contains(&decision.rendering) {
        forbidden.push(decision.rendering.clone());
    }
    if let Some(c) = forbidden_col {
        cells[c] = forbidden.join(" | ");
    } else if decision.action == "forbid" {
        return Err(t!("qa-decision-no-forbidden", path = path.display().to_string()));
    }
    if let Some(c) = note_col {
        cells[c] = if cells[c].is_empty() { signed } else { format!("{}; {signed}", cells[c]) };
    }
    while cells.len() > header.len() && cells.last().is_some_and(String::is_empty) {
        cells.pop();
    }
    lines[index] = cells.join("\t");
    let after =
        if decision.action == "approve" { decision.rendering.clone() } else { format!("≠ {}", decision.rendering) };
    Ok(Change {
        location: format!("{}:{}", path.display(), index + 1),
        term: decision.vi.clone(),
        before: Some(before),
        after,
    })
}
