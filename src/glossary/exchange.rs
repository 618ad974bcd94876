//! Exchanging term bases with other tools: TBX-Basic (CAT tools, term servers), the two-column TSV DeepL's
//! glossary API takes, the CSV Amazon Translate custom terminology takes, and dich's own TSV form (what
//! `dich glossary import` writes into glossary/).
//!
//! TBX mapping of an [`Entry`]: one `<conceptEntry>` (its id: see [`tbx`]) with `subjectField` = kind and the note;
//! a `vi` term (administrativeStatus from the status: approved → preferred, proposed → admitted, forbidden →
//! deprecated; `termType` acronym for acronyms; `source` = evidence) plus, for acronyms, the expansion as a
//! `fullForm` term; per target language the rendering, the channel overrides as terms with `customerSubset` =
//! channel, and the forbidden renderings as deprecated terms. Slots are kept in a concept note `dich:slot=…`.

use std::collections::BTreeMap;
use std::path::Path;

use super::protect::engine_glossary_pairs;
use super::{Entry, Glossary, GlossaryIssue, Kind, Status};
use crate::formats::tbx::{self, AdminStatus, Concept, LangSec, TermSec};

const SLOT_NOTE: &str = "dich:slot=";

fn admin_status(status: Status) -> AdminStatus {
    match status {
        Status::Approved => AdminStatus::Preferred,
        Status::Proposed => AdminStatus::Admitted,
        Status::Forbidden => AdminStatus::Deprecated,
    }
}

fn status_of(status: Option<AdminStatus>) -> Status {
    match status {
        Some(AdminStatus::Preferred) => Status::Approved,
        Some(AdminStatus::Deprecated | AdminStatus::Superseded) => Status::Forbidden,
        Some(AdminStatus::Admitted) | None => Status::Proposed,
    }
}

/// The glossary as a TBX-Basic document.
pub fn to_tbx(glossary: &Glossary) -> tbx::Document {
    let concepts = glossary.entries.iter().map(concept_of).collect();
    tbx::Document {
        lang: "en".into(),
        source_desc: format!("dich {} glossary export", env!("CARGO_PKG_VERSION")),
        concepts,
    }
}

fn concept_of(entry: &Entry) -> Concept {
    let status = Some(admin_status(entry.status));
    let mut notes = Vec::new();
    if !entry.note.is_empty() {
        notes.push(entry.note.clone());
    }
    if let Some(slot) = &entry.slot {
        notes.push(format!("{SLOT_NOTE}{slot}"));
    }
    let mut vi_terms = vec![TermSec {
        term: entry.vi.clone(),
        status,
        term_type: (entry.kind == Kind::Acronym).then(|| "acronym".to_string()),
        source: Some(entry.evidence.clone()).filter(|e| !e.is_empty()),
        ..TermSec::default()
    }];
    if let Some(expansion) = &entry.expansion {
        vi_terms.push(TermSec { term: expansion.clone(), term_type: Some("fullForm".into()), ..TermSec::default() });
    }
    let mut languages = vec![LangSec { lang: "vi".into(), terms: vi_terms }];
    let mut langs: Vec<&String> = entry.targets.keys().collect();
    for overrides in entry.channels.values() {
        langs.extend(overrides.keys());
    }
    langs.sort();
    langs.dedup();
    for lang in langs {
        let mut terms = Vec::new();
        if let Some(target) = entry.targets.get(lang) {
            terms.push(TermSec { term: target.clone(), status, ..TermSec::default() });
        }
        for (channel, overrides) in &entry.channels {
            if let Some(t) = overrides.get(lang) {
                terms.push(TermSec {
                    term: t.clone(),
                    status,
                    customer_subset: Some(channel.clone()),
                    ..TermSec::default()
                });
            }
        }
        if lang == "en" {
            for f in &entry.forbidden {
                terms.push(TermSec { term: f.clone(), status: Some(AdminStatus::Deprecated), ..TermSec::default() });
            }
        }
        languages.push(LangSec { lang: lang.clone(), terms });
    }
    Concept { id: entry.id.clone(), subject_field: Some(entry.kind.as_str().to_string()), notes, languages }
}

/// Entries from a TBX document (ids are given when the rows are read back, see [`from_tbx`]). A concept
/// without a Vietnamese term or without any target term is skipped and reported.
fn entries_of(doc: &tbx::Document, file: &Path) -> (Vec<Entry>, Vec<GlossaryIssue>) {
    let mut entries = Vec::new();
    let mut issues = Vec::new();
    for (index, concept) in doc.concepts.iter().enumerate() {
        let name = if concept.id.is_empty() { format!("#{}", index + 1) } else { concept.id.clone() };
        let lang_is = |l: &LangSec, code: &str| l.lang.to_lowercase().split('-').next() == Some(code);
        let Some(vi) = concept.languages.iter().find(|l| lang_is(l, "vi")) else {
            issues.push(GlossaryIssue::IncompleteConcept {
                file: file.to_path_buf(),
                concept: name,
                missing: "vi".into(),
            });
            continue;
        };
        let Some(main) = vi.terms.iter().find(|t| t.term_type.as_deref() != Some("fullForm") && !t.term.is_empty())
        else {
            issues.push(GlossaryIssue::IncompleteConcept {
                file: file.to_path_buf(),
                concept: name,
                missing: "vi".into(),
            });
            continue;
        };
        let status = status_of(main.status);
        let mut entry = Entry {
            id: String::new(),
            vi: main.term.clone(),
            targets: BTreeMap::new(),
            kind: concept
                .subject_field
                .as_deref()
                .and_then(Kind::parse)
                .unwrap_or(if main.term_type.as_deref() == Some("acronym") { Kind::Acronym } else { Kind::Concept }),
            status,
            forbidden: Vec::new(),
            note: concept.notes.iter().filter(|n| !n.starts_with(SLOT_NOTE)).cloned().collect::<Vec<_>>().join("; "),
            evidence: main.source.clone().unwrap_or_default(),
            slot: concept.notes.iter().find_map(|n| n.strip_prefix(SLOT_NOTE)).map(str::to_string),
            expansion: vi.terms.iter().find(|t| t.term_type.as_deref() == Some("fullForm")).map(|t| t.term.clone()),
            short: Vec::new(),
            channels: BTreeMap::new(),
            file: file.to_path_buf(),
            line: 0,
        };
        for lang in concept.languages.iter().filter(|l| !lang_is(l, "vi")) {
            let code = lang.lang.to_lowercase();
            for term in lang.terms.iter().filter(|t| !t.term.is_empty()) {
                let deprecated = matches!(term.status, Some(AdminStatus::Deprecated | AdminStatus::Superseded));
                match &term.customer_subset {
                    Some(channel) => {
                        entry
                            .channels
                            .entry(channel.clone())
                            .or_default()
                            .entry(code.clone())
                            .or_insert_with(|| term.term.clone());
                    }
                    // In a forbidden entry every rendering is deprecated: the first is its target.
                    None if deprecated && status != Status::Forbidden => {
                        if code == "en" {
                            entry.forbidden.push(term.term.clone());
                        }
                    }
                    None => {
                        entry.targets.entry(code.clone()).or_insert_with(|| term.term.clone());
                    }
                }
            }
        }
        // "en-GB" or "en-US" stands for the house English when there is no plain "en".
        if !entry.targets.contains_key("en") {
            if let Some(regional) = entry.targets.keys().find(|l| l.starts_with("en-")).cloned() {
                let value = entry.targets.remove(&regional).expect("key just found");
                entry.targets.insert("en".into(), value);
            }
        }
        if entry.targets.is_empty() {
            issues.push(GlossaryIssue::IncompleteConcept {
                file: file.to_path_buf(),
                concept: name,
                missing: "en".into(),
            });
            continue;
        }
        entries.push(entry);
    }
    (entries, issues)
}

/// Reads a TBX document into a glossary. The entries go through dich's TSV form, so ids, duplicates and empty
/// cells are handled as for the shipped term bases; issues name the TBX file.
pub fn from_tbx(xml: &str, file: &Path) -> Result<(Glossary, Vec<GlossaryIssue>), crate::formats::FormatError> {
    let doc = tbx::read(xml)?;
    let (entries, mut issues) = entries_of(&doc, file);
    let refs: Vec<&Entry> = entries.iter().collect();
    let tsv = to_tsv(&refs);
    let (mut glossary, row_issues) = Glossary::parse_str(&tsv, &file.with_extension("tsv"));
    issues.extend(row_issues);
    for entry in &mut glossary.entries {
        entry.file = file.to_path_buf();
    }
    Ok((glossary, issues))
}

/// A TSV cell cannot hold tabs or line breaks.
fn cell(value: &str) -> String {
    value.replace(['\t', '\n', '\r'], " ")
}

/// dich's TSV term-base form of `entries`: vi, en, other languages, kind, status, forbidden, note, evidence,
/// slot, expansion, then `lang@channel` overrides; columns that no entry uses are left out.
pub fn to_tsv(entries: &[&Entry]) -> String {
    let mut langs: Vec<String> = entries.iter().flat_map(|e| e.targets.keys().cloned()).collect();
    langs.sort();
    langs.dedup();
    langs.retain(|l| l != "en");
    langs.insert(0, "en".into());
    let mut channel_cols: Vec<(String, String)> = entries
        .iter()
        .flat_map(|e| e.channels.iter().flat_map(|(c, m)| m.keys().map(|l| (l.clone(), c.clone()))))
        .collect();
    channel_cols.sort();
    channel_cols.dedup();
    let has_slot = entries.iter().any(|e| e.slot.is_some());
    let has_expansion = entries.iter().any(|e| e.expansion.is_some());

    let mut header: Vec<String> = vec!["vi".into()];
    header.extend(langs.iter().cloned());
    header.extend(["kind", "status", "forbidden", "note", "evidence"].map(String::from));
    if has_slot {
        header.push("slot".into());
    }
    if has_expansion {
        header.push("expansion".into());
    }
    header.extend(channel_cols.iter().map(|(l, c)| format!("{l}@{c}")));
    let mut out = header.join("\t");
    out.push('\n');
    for e in entries {
        let mut row: Vec<String> = vec![cell(&e.vi)];
        row.extend(langs.iter().map(|l| cell(e.targets.get(l).map(String::as_str).unwrap_or(""))));
        row.push(e.kind.as_str().into());
        row.push(e.status.as_str().into());
        row.push(cell(&e.forbidden.join(super::termbase::FORBIDDEN_SEPARATOR)));
        row.push(cell(&e.note));
        row.push(cell(&e.evidence));
        if has_slot {
            row.push(cell(e.slot.as_deref().unwrap_or("")));
        }
        if has_expansion {
            row.push(cell(e.expansion.as_deref().unwrap_or("")));
        }
        for (lang, channel) in &channel_cols {
            row.push(cell(e.channels.get(channel).and_then(|m| m.get(lang)).map(String::as_str).unwrap_or("")));
        }
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
    out
}

/// DeepL's glossary TSV (`entries_format: "tsv"`): "source<TAB>target" lines, no header, approved entries only,
/// slots expanded, no duplicate sources.
pub fn to_deepl_tsv(glossary: &Glossary, lang: &str, channel: Option<&str>) -> String {
    engine_glossary_pairs(glossary, lang, channel).into_iter().map(|(vi, t)| format!("{vi}\t{t}\n")).collect()
}

/// Amazon Translate custom terminology CSV: a header of language codes ("vi,en"), then one row per term;
/// approved entries only, slots expanded.
pub fn to_amazon_csv(glossary: &Glossary, lang: &str, channel: Option<&str>) -> String {
    let mut out = format!("vi,{lang}\n");
    for (vi, target) in engine_glossary_pairs(glossary, lang, channel) {
        out.push_str(&format!("{},{}\n", csv_cell(&vi), csv_cell(&target)));
    }
    out
}

fn csv_cell(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "vi\ten\tfr\tkind\tstatus\tforbidden\tnote\tevidence\tslot\texpansion\ten@short\n\
        Quốc hội\tNational Assembly\tAssemblée nationale\torganization\tapproved\tParliament | Congress\tnote, with comma\tvietnamplus.vn\t\t\tNA\n\
        Bình Thuận\tBinh Thuan\t\tplace\tapproved\t\t\tgov.vn\tprovince\t\t\n\
        HĐND\tPeople's Council\t\tacronym\tproposed\t\t\tseed\t\tHội đồng nhân dân\t\n\
        Bí thư Tỉnh ủy {province}\tSecretary of the {province} Provincial Party Committee\t\ttitle\tapproved\t\t\tterms\t\t\t\n\
        Nghị viện\t\"Parliament\"\t\tconcept\tforbidden\t\t\tstyle guide\t\t\t\n";

    fn glossary() -> Glossary {
        let (g, issues) = Glossary::parse_str(TSV, Path::new("g.tsv"));
        assert!(issues.is_empty(), "{issues:?}");
        g
    }

    /// Entries without the place they were read from, for comparing across formats.
    fn comparable(g: &Glossary) -> Vec<Entry> {
        g.entries.iter().map(|e| Entry { file: "x".into(), line: 0, ..e.clone() }).collect()
    }

    #[test]
    fn tbx_round_trip_keeps_every_field() {
        let g = glossary();
        let xml = tbx::write(&to_tbx(&g));
        let (back, issues) = from_tbx(&xml, Path::new("g.tbx")).unwrap();
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(comparable(&back), comparable(&g));
    }

    #[test]
    fn tsv_round_trip() {
        let g = glossary();
        let refs: Vec<&Entry> = g.entries.iter().collect();
        let (back, issues) = Glossary::parse_str(&to_tsv(&refs), Path::new("g.tsv"));
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(comparable(&back), comparable(&g));
    }

    #[test]
    fn engine_forms_hold_approved_expanded_pairs() {
        let g = glossary();
        assert_eq!(
            to_deepl_tsv(&g, "en", None),
            "Quốc hội\tNational Assembly\nBình Thuận\tBinh Thuan\nBí thư Tỉnh ủy Bình Thuận\tSecretary of the Binh Thuan Provincial Party Committee\n"
        );
        assert_eq!(to_amazon_csv(&g, "fr", None), "vi,fr\nQuốc hội,Assemblée nationale\n");
        assert!(to_amazon_csv(&g, "en", Some("short")).contains("Quốc hội,NA\n"));
    }

    #[test]
    fn concepts_without_vietnamese_or_target_are_reported() {
        let xml = r#"<tbx><text><body>
            <conceptEntry id="a"><langSec xml:lang="en"><termSec><term>x</term></termSec></langSec></conceptEntry>
            <conceptEntry id="b"><langSec xml:lang="vi"><termSec><term>Tỉnh ủy</term></termSec></langSec></conceptEntry>
            <conceptEntry id="c"><langSec xml:lang="vi-VN"><termSec><term>Tỉnh ủy</term></termSec></langSec>
              <langSec xml:lang="en-GB"><termSec><term>Provincial Party Committee</term></termSec></langSec></conceptEntry>
            </body></text></tbx>"#;
        let (g, issues) = from_tbx(xml, Path::new("other.tbx")).unwrap();
        assert_eq!(g.entries.len(), 1);
        assert_eq!(g.entries[0].targets["en"], "Provincial Party Committee");
        assert_eq!(issues.len(), 2);
        assert!(issues[0].to_string().contains("other.tbx"));
    }
}
