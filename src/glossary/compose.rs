//! Patterns built from other entries: "{title} {body}" (a title word and any body), "Đại sứ {country} tại Việt
//! Nam", "xã {proper}", "Đại hội đại biểu toàn quốc lần thứ {ordinal} của Đảng".
//!
//! A slot is filled by the entries whose `slot` column names it (`province`, `country`, `title`, `body`, …) or
//! by text the matcher recognizes itself ([`DynamicSlot`]). An entry with one slot whose fillers are all plain
//! terms is expanded into one pattern per filler when the matcher is built (fast, as for `{province}`); any other
//! is a composition rule, matched over the terms found in the text (see `matcher::chart`). Renderings are
//! per-language templates naming the same slots; `{ordinal}` and `{number:nth}` render as "13th".
//!
//! Checked when the term bases are read: a slot nothing fills, a rendering naming a slot its Vietnamese lacks,
//! and patterns that fill each other's slots in a circle are reported with file:line and left out.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::{slot_names, Entry, GlossaryIssue, Status};

/// Slots filled by text the matcher recognizes, not by entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DynamicSlot {
    /// A person's name: a surname and capitalized syllables, or capitalized syllables after a cue word.
    Name,
    /// One to four capitalized syllables: a local place name ("xã {proper}").
    Proper,
    /// A Roman or Arabic number used as an ordinal ("lần thứ XIII", "khóa 15").
    Ordinal,
    /// A year, 1000-2999.
    Year,
    /// A whole number.
    Number,
}

impl DynamicSlot {
    pub fn parse(name: &str) -> Option<DynamicSlot> {
        Some(match name {
            "name" => DynamicSlot::Name,
            "proper" => DynamicSlot::Proper,
            "ordinal" => DynamicSlot::Ordinal,
            "year" => DynamicSlot::Year,
            "number" => DynamicSlot::Number,
            _ => return None,
        })
    }
}

/// The slot name of a placeholder's inside: "number:nth" → "number".
pub fn slot_base(placeholder: &str) -> &str {
    placeholder.split_once(':').map_or(placeholder, |(name, _)| name)
}

/// Slot names an entry's renderings use, without their formats.
fn template_slots(entry: &Entry) -> BTreeSet<&str> {
    entry.targets.values().flat_map(|t| slot_names(t)).map(slot_base).collect()
}

/// Is a rendering placeholder's format one the renderer has? Only numbers take one: "{number:nth}" (an ordinal
/// renders as one without asking).
fn known_format(placeholder: &str) -> bool {
    match placeholder.split_once(':') {
        None => true,
        Some((name, format)) => format == "nth" && matches!(name, "number" | "ordinal"),
    }
}

/// Leaves out (and reports) the entries whose slots cannot be filled: an unknown slot, a rendering slot the
/// Vietnamese lacks, or a circle of patterns filling each other's slots.
pub(crate) fn drop_unfillable(entries: &mut Vec<Entry>, issues: &mut Vec<GlossaryIssue>) {
    let filled: HashSet<String> = entries
        .iter()
        .filter(|e| e.status != Status::Forbidden)
        .filter_map(|e| e.slot_filled().map(String::from))
        .collect();
    let mut bad: HashSet<usize> = HashSet::new();
    for (index, entry) in entries.iter().enumerate() {
        let used: BTreeSet<&str> = entry.slots_used().into_iter().collect();
        let unknown = used
            .iter()
            .copied()
            .find(|s| DynamicSlot::parse(s).is_none() && !filled.contains(*s))
            .or_else(|| template_slots(entry).into_iter().find(|s| !used.contains(s)));
        if let Some(slot) = unknown {
            issues.push(GlossaryIssue::UnknownSlot {
                file: entry.file.clone(),
                line: entry.line,
                slot: slot.to_string(),
            });
            bad.insert(index);
        } else if let Some(slot) = entry.targets.values().flat_map(|t| slot_names(t)).find(|s| !known_format(s)) {
            issues.push(GlossaryIssue::UnknownSlotFormat {
                file: entry.file.clone(),
                line: entry.line,
                slot: slot.to_string(),
            });
            bad.insert(index);
        }
    }
    // Slot graph: a pattern that fills slot F and uses class slot U makes F depend on U.
    let mut uses: HashMap<&str, Vec<(&str, usize)>> = HashMap::new();
    for (index, entry) in entries.iter().enumerate() {
        if bad.contains(&index) || entry.status == Status::Forbidden {
            continue;
        }
        if let Some(fills) = entry.slot_filled() {
            for used in entry.slots_used() {
                if DynamicSlot::parse(used).is_none() {
                    uses.entry(fills).or_default().push((used, index));
                }
            }
        }
    }
    let mut in_loop: BTreeMap<usize, String> = BTreeMap::new();
    for start in uses.keys() {
        // Depth-first from `start`: a path that comes back to it is a circle.
        let mut stack: Vec<(&str, Vec<usize>, Vec<&str>)> = vec![(start, Vec::new(), vec![start])];
        let mut seen: HashSet<&str> = HashSet::new();
        while let Some((slot, rows, path)) = stack.pop() {
            for &(used, row) in uses.get(slot).into_iter().flatten() {
                let mut rows = rows.clone();
                rows.push(row);
                let mut path = path.clone();
                path.push(used);
                if used == *start {
                    let shown: Vec<String> = path.iter().rev().map(|s| format!("{{{s}}}")).collect();
                    for row in rows {
                        in_loop.entry(row).or_insert_with(|| shown.join(" ← "));
                    }
                } else if seen.insert(used) {
                    stack.push((used, rows, path));
                }
            }
        }
    }
    for (index, path) in in_loop {
        let entry = &entries[index];
        issues.push(GlossaryIssue::SlotLoop { file: entry.file.clone(), line: entry.line, path });
        bad.insert(index);
    }
    if !bad.is_empty() {
        let mut index = 0;
        entries.retain(|_| {
            index += 1;
            !bad.contains(&(index - 1))
        });
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::glossary::Glossary;

    #[test]
    fn unknown_slots_and_loops_are_reported_and_the_rest_kept() {
        let text = "vi\ten\tkind\tstatus\tslot\n\
            Giám đốc\tDirector\ttitle\tapproved\ttitle\n\
            Sở Tư pháp\tDepartment of Justice\torganization\tapproved\tbody\n\
            {title} {body}\t{title} of the {body}\ttitle\tapproved\t\n\
            {title} {agency}\t{title} of {agency}\ttitle\tapproved\t\n\
            Hội {title}\tAssociation of {title} {country}\torganization\tapproved\t\n\
            {body} mới\tnew {body}\torganization\tapproved\tbody\n\
            {alpha} A\tA of {alpha}\torganization\tapproved\tbeta\n\
            {beta} B\tB of {beta}\torganization\tapproved\talpha\n\
            lần thứ {ordinal}\t{ordinal} time\tconcept\tapproved\t\n\
            khóa {ordinal}\tterm {ordinal:roman}\tconcept\tapproved\t\n\
            {proper} năm {number}\t{number:nth} year of {proper:upper}\tconcept\tapproved\t\n";
        let (g, issues) = Glossary::parse_str(text, Path::new("compose.tsv"));
        let kept: Vec<&str> = g.entries.iter().map(|e| e.vi.as_str()).collect();
        assert_eq!(kept, ["Giám đốc", "Sở Tư pháp", "{title} {body}", "lần thứ {ordinal}"]);
        let mut found: Vec<(Option<usize>, String)> = issues.iter().map(|i| (i.line(), i.to_string())).collect();
        found.sort();
        assert_eq!(
            found.iter().map(|f| f.0).collect::<Vec<_>>(),
            [Some(5), Some(6), Some(7), Some(8), Some(9), Some(11), Some(12)]
        );
        assert!(found[0].1.contains("compose.tsv:5") && found[0].1.contains("agency"), "{}", found[0].1);
        assert!(found[1].1.contains("country"), "{}", found[1].1);
        assert!(found[2].1.contains("{body}"), "{}", found[2].1);
        // A format the renderer lacks would be dropped silently ("term 3rd"): the row is reported and skipped.
        assert!(found[5].1.contains("compose.tsv:11") && found[5].1.contains("{ordinal:roman}"), "{}", found[5].1);
        assert!(found[6].1.contains("{proper:upper}"), "{}", found[6].1);
    }
}
