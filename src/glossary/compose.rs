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

/// Leaves out (and reports) the entries whose slots cannot be filled: an unknown slot, a rendering slot the
/// Vietnamese lacks, or a circle of patterns filling each other's slots.
pub(crate) fn drop_unfillable(entries: &mut Vec<Entry>, issues: &mut Vec<GlossaryIssue>) {
    let filled: HashSet<String> =
        entries.iter().filter(|e| e.status != Status::Forbidden).filter_map(|e| e.slot.clone()).collect();
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
        }
    }
    // Slot graph: a pattern that fills slot F and uses class slot U makes F depend on U.
    let mut uses: HashMap<&str, Vec<(&str, usize)>> = HashMap::new();
    for (index, entry) in entries.iter().enumerate() {
        if bad.contains(&index) || entry.status == Status::Forbidden {
            continue;
        }
        if let Some(fills) = &entry.slot {
            for used in entry.slots_used() {
                if DynamicSlot::parse(used).is_none() {
                    uses.entry(fills.as_str()).or_default().push((used, index));
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

/// English ordinal: 1 → "1st", 12 → "12th", 23 → "23rd".
pub fn english_ordinal(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// The value of a Roman numeral written in capitals ("XIII" → 13), if it is one in canonical form.
pub fn roman_value(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 12 {
        return None;
    }
    let digit = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let values: Vec<u64> = text.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, &v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|&next| next > v) {
            total -= v as i64;
        } else {
            total += v as i64;
        }
    }
    let total = u64::try_from(total).ok().filter(|&t| t > 0)?;
    // Only the canonical spelling counts ("IIII", "VX" are not numbers).
    (to_roman(total) == text).then_some(total)
}

fn to_roman(mut n: u64) -> String {
    const TABLE: [(u64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, letters) in TABLE {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
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
            lần thứ {ordinal}\t{ordinal} time\tconcept\tapproved\t\n";
        let (g, issues) = Glossary::parse_str(text, Path::new("compose.tsv"));
        let kept: Vec<&str> = g.entries.iter().map(|e| e.vi.as_str()).collect();
        assert_eq!(kept, ["Giám đốc", "Sở Tư pháp", "{title} {body}", "lần thứ {ordinal}"]);
        let found: Vec<(Option<usize>, String)> = issues.iter().map(|i| (i.line(), i.to_string())).collect();
        assert_eq!(found.iter().map(|f| f.0).collect::<Vec<_>>(), [Some(5), Some(6), Some(7), Some(8), Some(9)]);
        assert!(found[0].1.contains("compose.tsv:5") && found[0].1.contains("agency"), "{}", found[0].1);
        assert!(found[1].1.contains("country"), "{}", found[1].1);
        assert!(found[2].1.contains("{body}"), "{}", found[2].1);
    }

    #[test]
    fn ordinals_in_english_and_roman_numerals() {
        let rendered: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 50, 101, 111].map(english_ordinal).to_vec();
        assert_eq!(
            rendered,
            ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "50th", "101st", "111th"]
        );
        assert_eq!(roman_value("XIII"), Some(13));
        assert_eq!(roman_value("XIV"), Some(14));
        assert_eq!(roman_value("MMXXV"), Some(2025));
        assert_eq!(roman_value("IIII"), None);
        assert_eq!(roman_value("MIX"), Some(1009));
        assert_eq!(roman_value("Xiii"), None);
        assert_eq!(roman_value(""), None);
    }
}
