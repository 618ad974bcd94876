//! The 2025 merger of provinces (National Assembly resolution of 12 June 2025, in force 1 July 2025): 63
//! provincial-level units became 34. Kept as data (`glossary/province-merger-2025.tsv`: old, new, note) so that
//! a translation never "updates" a historical name but a reader can still be told where a place is now.

use std::path::Path;

use crate::text::{key::match_key, normalize};

/// File name of the mapping inside the glossary directory.
pub const MERGER_FILE: &str = "province-merger-2025.tsv";

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MergerRow {
    /// The province or city as it was until 30 June 2025.
    pub old: String,
    /// The unit it belongs to from 1 July 2025.
    pub new: String,
    pub note: String,
}

/// The old → new mapping.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ProvinceMerger {
    pub rows: Vec<MergerRow>,
}

impl ProvinceMerger {
    /// Reads the mapping; rows without both names are skipped and their line numbers returned.
    pub fn load(path: &Path) -> std::io::Result<(ProvinceMerger, Vec<usize>)> {
        let text = std::fs::read_to_string(path)?;
        Ok(ProvinceMerger::parse(&text))
    }

    pub fn parse(text: &str) -> (ProvinceMerger, Vec<usize>) {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut rows = Vec::new();
        let mut bad = Vec::new();
        for (index, line) in text.lines().enumerate() {
            if index == 0 || line.trim().is_empty() {
                continue;
            }
            let cells: Vec<String> = line.split('\t').map(|c| normalize(c.trim())).collect();
            match cells.as_slice() {
                [old, new, rest @ ..] if !old.is_empty() && !new.is_empty() => {
                    rows.push(MergerRow { old: old.clone(), new: new.clone(), note: rest.join(" ") })
                }
                _ => bad.push(index + 1),
            }
        }
        (ProvinceMerger { rows }, bad)
    }

    /// The unit `old` belongs to since 1 July 2025 (any tone style or case).
    pub fn new_unit_of(&self, old: &str) -> Option<&str> {
        let key = match_key(old);
        self.rows.iter().find(|r| match_key(&r.old) == key).map(|r| r.new.as_str())
    }

    /// The old units that make up `new`.
    pub fn old_units_of(&self, new: &str) -> Vec<&str> {
        let key = match_key(new);
        self.rows.iter().filter(|r| match_key(&r.new) == key).map(|r| r.old.as_str()).collect()
    }

    /// The distinct units after the merger, in file order.
    pub fn new_units(&self) -> Vec<&str> {
        let mut units: Vec<&str> = Vec::new();
        for row in &self.rows {
            if !units.contains(&row.new.as_str()) {
                units.push(&row.new);
            }
        }
        units
    }
}
