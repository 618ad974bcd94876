//! Reading term bases: TSV (the shipped form, and DeepL's two-column form) and CSV (Amazon Translate custom
//! terminology and spreadsheet exports).
//!
//! A term base is read row by row; a bad row is skipped and reported with file:line, the others are used.
//! Columns are found by the header row: `vi`, `en` and any other language code are terms; `kind`, `status`,
//! `forbidden`, `note`, `evidence`, `slot`, `expansion` are known; `lang@channel` (e.g. `en@vietnamnews`) is a
//! per-channel override. A file without a header is read as `vi`, `en` (DeepL's glossary TSV).

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use super::{Entry, Glossary, Kind, Status};
use crate::text::{key::match_key, normalize};

/// Longer lines are refused: no term or note needs them, and they are usually a broken export.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// Separates several forbidden renderings in one cell.
pub const FORBIDDEN_SEPARATOR: &str = " | ";

/// A problem met while reading term bases. Every variant but [`GlossaryIssue::UnknownColumn`] and
/// [`GlossaryIssue::MissingHeader`] means the row (or file) was skipped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GlossaryIssue {
    #[error("{}", crate::t!("glossary-unreadable", file = file.display().to_string(), reason = reason.clone()))]
    Unreadable { file: PathBuf, reason: String },
    #[error("{}", crate::t!("glossary-missing-header", file = file.display().to_string()))]
    MissingHeader { file: PathBuf },
    /// Not a text file (NUL bytes): skipped whole.
    #[error("{}", crate::t!("glossary-binary", file = file.display().to_string()))]
    Binary { file: PathBuf },
    #[error("{}", crate::t!("glossary-missing-column", file = file.display().to_string(), column = column.clone()))]
    MissingColumn { file: PathBuf, column: String },
    #[error("{}", crate::t!("glossary-unknown-column", file = file.display().to_string(), column = column.clone()))]
    UnknownColumn { file: PathBuf, column: String },
    #[error("{}", crate::t!("glossary-line-too-long", file = file.display().to_string(), line = *line, bytes = *bytes, limit = MAX_LINE_BYTES))]
    LineTooLong { file: PathBuf, line: usize, bytes: usize },
    #[error("{}", crate::t!("glossary-invalid-utf8", file = file.display().to_string(), line = *line))]
    InvalidUtf8 { file: PathBuf, line: usize },
    #[error("{}", crate::t!("glossary-unterminated-quote", file = file.display().to_string(), line = *line))]
    UnterminatedQuote { file: PathBuf, line: usize },
    #[error("{}", crate::t!("glossary-wrong-column-count", file = file.display().to_string(), line = *line, expected = *expected, found = *found))]
    WrongColumnCount { file: PathBuf, line: usize, expected: usize, found: usize },
    #[error("{}", crate::t!("glossary-empty-term", file = file.display().to_string(), line = *line, column = column.clone()))]
    EmptyTerm { file: PathBuf, line: usize, column: String },
    #[error("{}", crate::t!("glossary-unknown-kind", file = file.display().to_string(), line = *line, value = value.clone()))]
    UnknownKind { file: PathBuf, line: usize, value: String },
    #[error("{}", crate::t!("glossary-unknown-status", file = file.display().to_string(), line = *line, value = value.clone()))]
    UnknownStatus { file: PathBuf, line: usize, value: String },
    #[error("{}", crate::t!("glossary-duplicate-row", file = file.display().to_string(), line = *line, first = first.clone()))]
    Duplicate { file: PathBuf, line: usize, first: String },
    /// A row of the name lists whose list is not one dich knows.
    #[error("{}", crate::t!("glossary-unknown-list", file = file.display().to_string(), line = *line, value = value.clone()))]
    UnknownList { file: PathBuf, line: usize, value: String },
    /// A pattern naming a slot that nothing fills, or a rendering naming a slot its Vietnamese lacks.
    #[error("{}", crate::t!("glossary-unknown-slot", file = file.display().to_string(), line = *line, slot = slot.clone()))]
    UnknownSlot { file: PathBuf, line: usize, slot: String },
    /// A rendering asking for a slot format the renderer does not have ("{ordinal:roman}"); it would be
    /// ignored silently.
    #[error("{}", crate::t!("glossary-unknown-slot-format", file = file.display().to_string(), line = *line, slot = slot.clone()))]
    UnknownSlotFormat { file: PathBuf, line: usize, slot: String },
    /// Patterns that fill each other's slots in a circle ("{body}" filled by a body made of "{body}").
    #[error("{}", crate::t!("glossary-slot-loop", file = file.display().to_string(), line = *line, path = path.clone()))]
    SlotLoop { file: PathBuf, line: usize, path: String },
    /// A TBX concept without a Vietnamese term or without any target term.
    #[error("{}", crate::t!("glossary-incomplete-concept", file = file.display().to_string(), concept = concept.clone(), missing = missing.clone()))]
    IncompleteConcept { file: PathBuf, concept: String, missing: String },
    /// The file says it is written in a newer term-base format (`# dich-glossary-format: 2`): skipped whole
    /// rather than read wrong.
    #[error("{}", crate::t!("glossary-newer-format", file = file.display().to_string(), line = *line, found = *found, supported = super::FORMAT_VERSION))]
    NewerFormat { file: PathBuf, line: usize, found: u32 },
}

impl GlossaryIssue {
    pub fn file(&self) -> &Path {
        match self {
            GlossaryIssue::Unreadable { file, .. }
            | GlossaryIssue::Binary { file }
            | GlossaryIssue::MissingHeader { file }
            | GlossaryIssue::MissingColumn { file, .. }
            | GlossaryIssue::UnknownColumn { file, .. }
            | GlossaryIssue::LineTooLong { file, .. }
            | GlossaryIssue::InvalidUtf8 { file, .. }
            | GlossaryIssue::UnterminatedQuote { file, .. }
            | GlossaryIssue::WrongColumnCount { file, .. }
            | GlossaryIssue::EmptyTerm { file, .. }
            | GlossaryIssue::UnknownKind { file, .. }
            | GlossaryIssue::UnknownStatus { file, .. }
            | GlossaryIssue::Duplicate { file, .. }
            | GlossaryIssue::UnknownList { file, .. }
            | GlossaryIssue::UnknownSlot { file, .. }
            | GlossaryIssue::UnknownSlotFormat { file, .. }
            | GlossaryIssue::SlotLoop { file, .. }
            | GlossaryIssue::IncompleteConcept { file, .. }
            | GlossaryIssue::NewerFormat { file, .. } => file,
        }
    }

    /// The 1-based line, or None for problems of a whole file (header or reading).
    pub fn line(&self) -> Option<usize> {
        match self {
            GlossaryIssue::Unreadable { .. }
            | GlossaryIssue::Binary { .. }
            | GlossaryIssue::MissingHeader { .. }
            | GlossaryIssue::MissingColumn { .. }
            | GlossaryIssue::UnknownColumn { .. }
            | GlossaryIssue::IncompleteConcept { .. } => None,
            GlossaryIssue::LineTooLong { line, .. }
            | GlossaryIssue::InvalidUtf8 { line, .. }
            | GlossaryIssue::UnterminatedQuote { line, .. }
            | GlossaryIssue::WrongColumnCount { line, .. }
            | GlossaryIssue::EmptyTerm { line, .. }
            | GlossaryIssue::UnknownKind { line, .. }
            | GlossaryIssue::UnknownStatus { line, .. }
            | GlossaryIssue::Duplicate { line, .. }
            | GlossaryIssue::UnknownList { line, .. }
            | GlossaryIssue::UnknownSlot { line, .. }
            | GlossaryIssue::UnknownSlotFormat { line, .. }
            | GlossaryIssue::SlotLoop { line, .. }
            | GlossaryIssue::NewerFormat { line, .. } => Some(*line),
        }
    }

    /// True when the issue is only a warning: the rows were still used.
    pub fn is_warning(&self) -> bool {
        matches!(self, GlossaryIssue::UnknownColumn { .. } | GlossaryIssue::MissingHeader { .. })
    }
}

impl Glossary {
    /// Reads term bases from files and directories (every `.tsv` and `.csv` directly inside, in name order;
    /// the province-merger mapping is not a term base and is left out). Bad rows are skipped and reported.
    pub fn load_paths(paths: &[PathBuf]) -> (Glossary, Vec<GlossaryIssue>) {
        let mut loader = Loader::default();
        for path in paths {
            if path.is_dir() {
                let mut files: Vec<PathBuf> = match fs::read_dir(path) {
                    Ok(dir) => dir.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| is_term_file(p)).collect(),
                    Err(err) => {
                        loader.issues.push(GlossaryIssue::Unreadable { file: path.clone(), reason: err.to_string() });
                        continue;
                    }
                };
                files.sort();
                for file in files {
                    if file.file_name().is_some_and(|n| n == super::merger::MERGER_FILE) {
                        continue;
                    }
                    if file.file_name().is_some_and(|n| n == super::names::NAME_LISTS_FILE) {
                        loader.names.load_file(&file, &mut loader.issues);
                        continue;
                    }
                    loader.load_file(&file);
                }
            } else {
                loader.load_file(path);
            }
        }
        loader.finish()
    }

    /// Reads one term base from memory; `file` names it in ids' defaults and messages, and its extension
    /// chooses TSV or CSV.
    pub fn parse_str(text: &str, file: &Path) -> (Glossary, Vec<GlossaryIssue>) {
        let mut loader = Loader::default();
        loader.load_bytes(text.as_bytes(), file);
        loader.finish()
    }
}

fn is_term_file(path: &Path) -> bool {
    path.is_file()
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("tsv") || e.eq_ignore_ascii_case("csv"))
}

fn is_csv(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// What a header cell means.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    Vi,
    Target(String),
    Channel { lang: String, channel: String },
    Kind,
    Status,
    Forbidden,
    Note,
    Evidence,
    Slot,
    Expansion,
    Short,
    Ignored,
}

fn column_of(header: &str) -> Option<Column> {
    let name = header.trim().to_lowercase();
    Some(match name.as_str() {
        "vi" | "vi-vn" | "source" => Column::Vi,
        "kind" | "type" => Column::Kind,
        "status" => Column::Status,
        "forbidden" => Column::Forbidden,
        "note" | "notes" => Column::Note,
        "evidence" | "source evidence" => Column::Evidence,
        "slot" => Column::Slot,
        "expansion" | "expansion (vi)" => Column::Expansion,
        "short" | "short (vi)" => Column::Short,
        "id" => Column::Ignored,
        _ => {
            if let Some((lang, channel)) = name.split_once('@') {
                if is_language_code(lang) && !channel.is_empty() {
                    return Some(Column::Channel { lang: lang.to_string(), channel: channel.to_string() });
                }
                return None;
            }
            if is_language_code(&name) {
                Column::Target(name)
            } else {
                return None;
            }
        }
    })
}

/// "en", "zh", "pt-br", "zh-hans": a 2–3 letter code with an optional region or script.
fn is_language_code(name: &str) -> bool {
    let mut parts = name.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=4).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The kind a file holds by default, from its name (`titles.tsv` → Title).
fn kind_of_file(file: &Path) -> Kind {
    file.file_stem().and_then(|s| s.to_str()).and_then(Kind::parse).unwrap_or(Kind::Concept)
}

#[derive(Default)]
struct Loader {
    entries: Vec<Entry>,
    issues: Vec<GlossaryIssue>,
    /// Hash of (vi NFC, kind, targets) → indexes of the entries with that hash, to report exact duplicates
    /// without keeping a second copy of every row.
    seen: HashMap<u64, Vec<usize>>,
    ids: HashMap<String, usize>,
    /// (vi, kind) → the first entry with them, for rows that add other languages to it.
    first_of: HashMap<(String, Kind), usize>,
    names: super::names::NameLists,
}

impl Loader {
    /// The glossary read so far, less the patterns whose slots cannot be filled (reported).
    fn finish(mut self) -> (Glossary, Vec<GlossaryIssue>) {
        super::compose::drop_unfillable(&mut self.entries, &mut self.issues);
        (Glossary { entries: self.entries, names: self.names }, self.issues)
    }

    fn load_file(&mut self, file: &Path) {
        match fs::read(file) {
            Ok(bytes) => self.load_bytes(&bytes, file),
            Err(err) => {
                self.issues.push(GlossaryIssue::Unreadable { file: file.to_path_buf(), reason: err.to_string() })
            }
        }
    }

    fn load_bytes(&mut self, bytes: &[u8], file: &Path) {
        // An image or archive saved with a .tsv name: skipped whole, never read row by row (a chunk of bytes
        // holding a tab would become a term).
        if bytes[..bytes.len().min(8192)].contains(&0) {
            self.issues.push(GlossaryIssue::Binary { file: file.to_path_buf() });
            return;
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let csv = is_csv(file);
        let default_kind = kind_of_file(file);
        let mut header: Option<Vec<Column>> = None;
        for (index, raw) in bytes.split(|&b| b == b'\n').enumerate() {
            let line_no = index + 1;
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            if raw.len() > MAX_LINE_BYTES {
                self.issues.push(GlossaryIssue::LineTooLong {
                    file: file.to_path_buf(),
                    line: line_no,
                    bytes: raw.len(),
                });
                continue;
            }
            let Ok(line) = std::str::from_utf8(raw) else {
                self.issues.push(GlossaryIssue::InvalidUtf8 { file: file.to_path_buf(), line: line_no });
                continue;
            };
            if let Some(found) = line.strip_prefix("# dich-glossary-format:").and_then(|v| v.trim().parse::<u32>().ok())
            {
                if found > super::FORMAT_VERSION {
                    self.issues.push(GlossaryIssue::NewerFormat { file: file.to_path_buf(), line: line_no, found });
                    return;
                }
            }
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cells = if csv {
                match split_csv(line) {
                    Some(cells) => cells,
                    None => {
                        self.issues.push(GlossaryIssue::UnterminatedQuote { file: file.to_path_buf(), line: line_no });
                        continue;
                    }
                }
            } else {
                line.split('\t').map(str::to_string).collect()
            };
            let columns = match &header {
                Some(columns) => columns,
                None => {
                    match self.read_header(&cells, file) {
                        Some(columns) => {
                            header = Some(columns);
                            continue;
                        }
                        None => {
                            // No header: DeepL's glossary form, source then target.
                            self.issues.push(GlossaryIssue::MissingHeader { file: file.to_path_buf() });
                            header = Some(vec![Column::Vi, Column::Target("en".into())]);
                        }
                    }
                    header.as_ref().expect("just set")
                }
            };
            if let Some(entry) = self.read_row(columns, &cells, file, line_no, default_kind) {
                self.push(entry);
            }
        }
    }

    /// The columns of a header row, or None when the row is not a header (no `vi` column).
    fn read_header(&mut self, cells: &[String], file: &Path) -> Option<Vec<Column>> {
        let columns: Vec<Option<Column>> = cells.iter().map(|c| column_of(c)).collect();
        if !columns.iter().any(|c| c == &Some(Column::Vi)) {
            return None;
        }
        if !columns.iter().any(|c| matches!(c, Some(Column::Target(_)))) {
            self.issues.push(GlossaryIssue::MissingColumn { file: file.to_path_buf(), column: "en".into() });
        }
        Some(
            columns
                .into_iter()
                .zip(cells)
                .map(|(column, cell)| {
                    column.unwrap_or_else(|| {
                        self.issues.push(GlossaryIssue::UnknownColumn {
                            file: file.to_path_buf(),
                            column: cell.trim().to_string(),
                        });
                        Column::Ignored
                    })
                })
                .collect(),
        )
    }

    fn read_row(
        &mut self,
        columns: &[Column],
        cells: &[String],
        file: &Path,
        line: usize,
        default_kind: Kind,
    ) -> Option<Entry> {
        let issue_file = || file.to_path_buf();
        if cells.len() > columns.len() {
            self.issues.push(GlossaryIssue::WrongColumnCount {
                file: issue_file(),
                line,
                expected: columns.len(),
                found: cells.len(),
            });
            return None;
        }
        let mut vi = String::new();
        let mut targets = BTreeMap::new();
        let mut channels: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        let (mut kind, mut status) = (default_kind, Status::Proposed);
        let mut status_given = false;
        let (mut forbidden, mut note, mut evidence, mut slot, mut expansion, mut short) =
            (Vec::new(), String::new(), String::new(), None, None, Vec::new());
        for (column, cell) in columns.iter().zip(cells) {
            let value = clean(cell);
            match column {
                Column::Vi => vi = value,
                Column::Target(lang) => {
                    if !value.is_empty() {
                        targets.insert(lang.clone(), value);
                    }
                }
                Column::Channel { lang, channel } => {
                    if !value.is_empty() {
                        channels.entry(channel.clone()).or_default().insert(lang.clone(), value);
                    }
                }
                Column::Kind => {
                    if !value.is_empty() {
                        match Kind::parse(&value) {
                            Some(k) => kind = k,
                            None => {
                                self.issues.push(GlossaryIssue::UnknownKind { file: issue_file(), line, value });
                                return None;
                            }
                        }
                    }
                }
                Column::Status => match Status::parse(&value) {
                    Some(s) => {
                        status = s;
                        status_given = !value.is_empty();
                    }
                    None => {
                        self.issues.push(GlossaryIssue::UnknownStatus { file: issue_file(), line, value });
                        return None;
                    }
                },
                Column::Forbidden => forbidden = split_list(&value),
                Column::Note => note = value,
                Column::Evidence => evidence = value,
                Column::Slot => slot = Some(value).filter(|s| !s.is_empty()),
                Column::Expansion => expansion = Some(value).filter(|s| !s.is_empty()),
                Column::Short => short = split_list(&value),
                Column::Ignored => {}
            }
        }
        if vi.is_empty() {
            self.issues.push(GlossaryIssue::EmptyTerm { file: issue_file(), line, column: "vi".into() });
            return None;
        }
        if !targets.contains_key("en") && columns.iter().any(|c| c == &Column::Target("en".into())) {
            self.issues.push(GlossaryIssue::EmptyTerm { file: issue_file(), line, column: "en".into() });
            return None;
        }
        if targets.is_empty() {
            self.issues.push(GlossaryIssue::EmptyTerm { file: issue_file(), line, column: "en".into() });
            return None;
        }
        // Files without a status column (DeepL, Amazon) hold the user's own choices.
        if !status_given && !columns.contains(&Column::Status) {
            status = Status::Approved;
        }
        let same = |e: &Entry| e.vi == vi && e.kind == kind && e.targets == targets;
        let seen = self.seen.get(&row_hash(&vi, kind, &targets)).into_iter().flatten();
        if let Some(first) = seen.map(|&i| &self.entries[i]).find(|e| same(e)) {
            self.issues.push(GlossaryIssue::Duplicate { file: issue_file(), line, first: first.location() });
            return None;
        }
        Some(Entry {
            id: String::new(),
            vi,
            targets,
            kind,
            status,
            forbidden,
            note,
            evidence,
            slot,
            expansion,
            short,
            channels,
            file: file.to_path_buf(),
            line,
        })
    }

    fn push(&mut self, mut entry: Entry) {
        // A row for a term and kind already read, whose renderings agree in every language both give, adds its
        // other languages to that entry: a desk keeps its Chinese and Russian renderings in a file of its own
        // beside the shipped English term bases.
        if let Some(&first) = self.first_of.get(&(entry.vi.clone(), entry.kind)) {
            let existing = &mut self.entries[first];
            let agrees = entry.targets.iter().all(|(lang, r)| existing.targets.get(lang).is_none_or(|e| e == r));
            let adds = entry.targets.keys().any(|lang| !existing.targets.contains_key(lang));
            if agrees && !adds {
                let first = existing.location();
                self.issues.push(GlossaryIssue::Duplicate { file: entry.file, line: entry.line, first });
                return;
            }
            // A row without a slot takes the entry's: a desk's file of other languages keeps adding to a shipped
            // entry that has since become a slot's filler.
            if agrees && (entry.slot == existing.slot || entry.slot.is_none()) {
                for (lang, rendering) in entry.targets {
                    existing.targets.entry(lang).or_insert(rendering);
                }
                for (channel, langs) in entry.channels {
                    let own = existing.channels.entry(channel).or_default();
                    for (lang, rendering) in langs {
                        own.entry(lang).or_insert(rendering);
                    }
                }
                for banned in entry.forbidden {
                    if !existing.forbidden.contains(&banned) {
                        existing.forbidden.push(banned);
                    }
                }
                return;
            }
        } else {
            self.first_of.insert((entry.vi.clone(), entry.kind), self.entries.len());
        }
        self.seen.entry(row_hash(&entry.vi, entry.kind, &entry.targets)).or_default().push(self.entries.len());
        let base = format!("{}:{}", entry.kind, slug(&entry.vi));
        let count = self.ids.entry(base.clone()).or_insert(0);
        *count += 1;
        entry.id = if *count == 1 { base } else { format!("{base}-{count}") };
        self.entries.push(entry);
    }
}

/// Hash of a row's term, kind and renderings, to find exact duplicates without a second copy of every row.
fn row_hash(vi: &str, kind: Kind, targets: &BTreeMap<String, String>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (vi, kind, targets).hash(&mut hasher);
    hasher.finish()
}

/// The values of a cell that holds several, separated by " | " (forbidden renderings, short forms).
fn split_list(cell: &str) -> Vec<String> {
    cell.split(FORBIDDEN_SEPARATOR.trim()).map(clean).filter(|s| !s.is_empty()).collect()
}

/// NFC, Ð→Đ, trimmed, inner whitespace runs kept as they are (the matching key unifies them).
fn clean(cell: &str) -> String {
    normalize(cell.trim())
}

/// A diacritic-free ASCII slug: "Bí thư Tỉnh ủy {province}" → "bi-thu-tinh-uy-province".
pub fn slug(text: &str) -> String {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    let folded: String =
        match_key(text).nfd().filter(|c| !is_combining_mark(*c)).map(|c| if c == 'đ' { 'd' } else { c }).collect();
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "term".to_string()
    } else {
        out
    }
}

/// Splits one CSV line (RFC 4180 quoting, on one line). None when a quote is left open.
fn split_csv(line: &str) -> Option<Vec<String>> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    let mut at_cell_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cell.push('"');
                } else {
                    quoted = false;
                }
            } else {
                cell.push(c);
            }
        } else if c == '"' && at_cell_start {
            quoted = true;
            at_cell_start = false;
        } else if c == ',' {
            cells.push(std::mem::take(&mut cell));
            at_cell_start = true;
        } else {
            cell.push(c);
            at_cell_start = false;
        }
    }
    if quoted {
        return None;
    }
    cells.push(cell);
    Some(cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, name: &str) -> (Glossary, Vec<GlossaryIssue>) {
        Glossary::parse_str(text, Path::new(name))
    }

    #[test]
    fn header_columns_are_read_by_name() {
        let (g, issues) = parse(
            "en\tvi\tstatus\tforbidden\tslot\ten@vietnamnews\nBinh Thuan\tBình Thuận\tapproved\tBinh-Thuan | Bình Thuan\tprovince\tBình Thuận\n",
            "places.tsv",
        );
        assert!(issues.is_empty(), "{issues:?}");
        let e = &g.entries[0];
        assert_eq!(e.id, "place:binh-thuan");
        assert_eq!(e.kind, Kind::Place);
        assert_eq!(e.targets["en"], "Binh Thuan");
        assert_eq!(e.forbidden, vec!["Binh-Thuan", "Bình Thuan"]);
        assert_eq!(e.slot.as_deref(), Some("province"));
        assert_eq!(e.target_for("en", Some("vietnamnews")), Some("Bình Thuận"));
        assert_eq!(e.target_for("en", Some("other")), Some("Binh Thuan"));
        assert_eq!(e.line, 2);
    }

    #[test]
    fn a_file_of_other_languages_adds_them_to_the_entries_it_names() {
        let dir = tempfile::tempdir().unwrap();
        let english = dir.path().join("countries.tsv");
        std::fs::write(
            &english,
            "vi\ten\tkind\tslot\nLào\tLaos\tplace\tcountry\nSở Ngoại vụ\tDepartment of Foreign Affairs\torganization\tbody\n",
        )
        .unwrap();
        let desk = dir.path().join("desk-zh-ru.tsv");
        std::fs::write(
            &desk,
            "vi\tzh\tru\tkind\n\
             Lào\t老挝\tЛаос\tplace\n\
             Lào\t老挝\t\tplace\n\
             Sở Ngoại vụ\t外务厅\t\torganization\n\
             Campuchia\t柬埔寨\tКамбоджа\tplace\n",
        )
        .unwrap();
        let (g, issues) = Glossary::load_paths(&[english, desk.clone()]);
        // The second "Lào" row says nothing new.
        assert!(matches!(issues[..], [GlossaryIssue::Duplicate { line: 3, .. }]), "{issues:?}");
        let lao = g.entries.iter().find(|e| e.vi == "Lào").unwrap();
        assert_eq!(lao.id, "place:lao");
        assert_eq!(lao.targets.values().collect::<Vec<_>>(), ["Laos", "Лаос", "老挝"]);
        assert_eq!(g.entries.iter().filter(|e| e.vi == "Lào").count(), 1);
        // The desk's rows name no slot: they add to the entries that fill one.
        let department = g.entries.iter().find(|e| e.vi == "Sở Ngoại vụ").unwrap();
        assert_eq!((department.targets["zh"].as_str(), department.slot.as_deref()), ("外务厅", Some("body")));
        // A term only the desk's file has is an entry of its own.
        assert_eq!(g.entries.iter().find(|e| e.vi == "Campuchia").unwrap().targets["ru"], "Камбоджа");

        // A row that disagrees in a language both give stays apart, for `glossary check` to report.
        std::fs::write(&desk, "vi\ten\tzh\tkind\nLào\tLao\t老挝\tplace\n").unwrap();
        let (g, _) = Glossary::load_paths(&[dir.path().join("countries.tsv"), desk]);
        assert_eq!(g.entries.iter().filter(|e| e.vi == "Lào").count(), 2);
    }

    #[test]
    fn bad_rows_are_skipped_and_reported_with_their_line() {
        let text = "\u{feff}vi\ten\tkind\tstatus\r\n\
                    Tỉnh ủy\tProvincial Party Committee\torganization\tapproved\r\n\
                    \u{20}\u{20}\tBlank\r\n\
                    Quốc hội\t\r\n\
                    a\tb\tc\td\te\r\n\
                    Tỉnh ủy\tProvincial Party Committee\torganization\tapproved\r\n\
                    Bộ Chính trị\tPolitburo\tbody-part\tapproved\r\n\
                    Ban Bí thư\tSecretariat\torganization\tmaybe\r\n\
                    Quốc hội\tNational Assembly\t\t\r\n";
        let (g, issues) = parse(text, "orgs.tsv");
        let vis: Vec<_> = g.entries.iter().map(|e| e.vi.as_str()).collect();
        assert_eq!(vis, ["Tỉnh ủy", "Quốc hội"]);
        let lines: Vec<_> = issues.iter().map(|i| i.line()).collect();
        assert_eq!(lines, [Some(3), Some(4), Some(5), Some(6), Some(7), Some(8)]);
        assert!(matches!(issues[2], GlossaryIssue::WrongColumnCount { expected: 4, found: 5, .. }));
        assert!(matches!(&issues[3], GlossaryIssue::Duplicate { first, .. } if first == "orgs.tsv:2"));
        assert_eq!(g.entries[1].kind, Kind::Concept, "empty kind falls back to the file's kind");
    }

    #[test]
    fn nfd_and_eth_are_normalized_and_long_lines_refused() {
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Ủy ban nhân dân").collect();
        let long = "x".repeat(MAX_LINE_BYTES + 1);
        let text = format!("vi\ten\n{nfd}\tPeople's Committee\n{long}\tlong\nÐảng\tParty\n");
        let (g, issues) = parse(&text, "organizations.tsv");
        assert_eq!(g.entries[0].vi, "Ủy ban nhân dân");
        assert_eq!(g.entries[1].vi, "Đảng");
        assert!(matches!(issues[..], [GlossaryIssue::LineTooLong { line: 3, .. }]));
    }

    #[test]
    fn headerless_tsv_is_deepl_form_and_csv_quotes_work() {
        let (g, issues) = parse("Quốc hội\tNational Assembly\n", "deepl.tsv");
        assert_eq!(g.entries[0].targets["en"], "National Assembly");
        assert_eq!(g.entries[0].status, Status::Approved);
        assert!(matches!(issues[..], [GlossaryIssue::MissingHeader { .. }]));

        let (g, issues) = parse("vi,en,fr\n\"Chủ tịch UBND tỉnh\",\"Chairman of the \"\"Provincial\"\" People's Committee\",\nbroken,\"open\n", "amazon.csv");
        assert_eq!(g.entries[0].targets["en"], "Chairman of the \"Provincial\" People's Committee");
        assert!(!g.entries[0].targets.contains_key("fr"));
        assert!(matches!(issues[..], [GlossaryIssue::UnterminatedQuote { line: 3, .. }]));
    }

    #[test]
    fn ids_are_slugs_and_twins_get_suffixes() {
        let (g, _) = parse("vi\ten\nỦy viên\tMember\nUỷ viên\tmember\n", "titles.tsv");
        assert_eq!(g.entries[0].id, "title:uy-vien");
        assert_eq!(g.entries[1].id, "title:uy-vien-2");
        assert_eq!(slug("Chỉ thị số 12-CT/TW"), "chi-thi-so-12-ct-tw");
    }
}

#[cfg(test)]
mod format_version {
    use super::*;

    #[test]
    fn a_term_base_in_a_newer_format_is_skipped_whole_with_its_place() {
        let newer = "# dich-glossary-format: 2\nvi\ten\tkind\tstatus\nBộ Y tế\tMinistry of Health\tbody\tapproved\n";
        let (glossary, issues) = Glossary::parse_str(newer, Path::new("bodies.tsv"));
        assert!(glossary.is_empty());
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert!(matches!(issues[0], GlossaryIssue::NewerFormat { line: 1, found: 2, .. }), "{issues:?}");
        assert!(!issues[0].is_warning());
        let current = newer.replace("format: 2", "format: 1");
        let (glossary, issues) = Glossary::parse_str(&current, Path::new("bodies.tsv"));
        assert_eq!((glossary.entries.len(), issues.len()), (1, 0), "{issues:?}");
    }
}
