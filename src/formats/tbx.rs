//! TBX-Basic (TermBase eXchange, ISO 30042), the terminology exchange format of CAT tools and term servers.
//!
//! [`write`] produces TBX v3 (`<tbx type="TBX-Basic" style="dca">`, namespace `urn:iso:std:iso:30042:ed-2`):
//! one `<conceptEntry>` per concept, one `<langSec>` per language, one `<termSec>` per term with the TBX-Basic
//! data categories used here: `administrativeStatus` (preferred, admitted, deprecated, superseded), `termType`
//! (fullForm, acronym …), `customerSubset`, `source` (an `<admin>`), `note`; `subjectField` on the concept.
//!
//! A concept's `id` attribute is an `xsd:ID` (an XML NCName: no colon, no leading digit), which dich's entry ids
//! (`acronym:dnnd`) are not: [`write`] gives each concept a unique NCName made from its id (`acronym.dnnd`)
//! and, when that differs from the id, keeps the id in a concept note `dich:id=acronym:dnnd`, which [`read`]
//! turns back into [`Concept::id`].
//!
//! [`read`] accepts that and the older TBX v2 form (`<martif type="TBX-Basic">`, `<termEntry>`, `<langSet>`,
//! `<tig>`/`<ntig>`), matching elements by local name. Unknown elements are skipped; DTDs with an internal
//! subset are refused by the shared [`Reader`].

use serde::{Deserialize, Serialize};

use super::xml::{escape_attr, escape_text, Element, Reader, XmlEvent};
use super::{FormatError, FormatErrorKind};

pub const NAMESPACE: &str = "urn:iso:std:iso:30042:ed-2";

/// Prefix of the concept note that holds a concept's own id when its `id` attribute had to differ.
pub const ID_NOTE: &str = "dich:id=";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// `xml:lang` of the root: the working language of notes.
    pub lang: String,
    /// Text of the header's `<sourceDesc>`.
    pub source_desc: String,
    pub concepts: Vec<Concept>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Concept {
    pub id: String,
    pub subject_field: Option<String>,
    /// `<note>` elements of the concept.
    pub notes: Vec<String>,
    pub languages: Vec<LangSec>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LangSec {
    pub lang: String,
    pub terms: Vec<TermSec>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermSec {
    pub term: String,
    pub status: Option<AdminStatus>,
    /// `termType` value as written ("fullForm", "acronym", "abbreviation" …).
    pub term_type: Option<String>,
    /// `customerSubset`: the client or channel the term is for.
    pub customer_subset: Option<String>,
    /// `<admin type="source">`.
    pub source: Option<String>,
    pub notes: Vec<String>,
}

/// TBX-Basic `administrativeStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AdminStatus {
    Preferred,
    Admitted,
    Deprecated,
    Superseded,
}

impl AdminStatus {
    pub fn as_tbx(self) -> &'static str {
        match self {
            AdminStatus::Preferred => "preferredTerm-admn-sts",
            AdminStatus::Admitted => "admittedTerm-admn-sts",
            AdminStatus::Deprecated => "deprecatedTerm-admn-sts",
            AdminStatus::Superseded => "supersededTerm-admn-sts",
        }
    }

    /// The TBX picklist value, with or without the `-admn-sts` suffix.
    pub fn parse(value: &str) -> Option<AdminStatus> {
        Some(match value.trim().trim_end_matches("-admn-sts") {
            "preferredTerm" | "preferred" => AdminStatus::Preferred,
            "admittedTerm" | "admitted" => AdminStatus::Admitted,
            "deprecatedTerm" | "deprecated" => AdminStatus::Deprecated,
            "supersededTerm" | "superseded" => AdminStatus::Superseded,
            _ => return None,
        })
    }
}

// Writing

/// Writes a TBX-Basic v3 document; the same document always gives the same text.
pub fn write(doc: &Document) -> String {
    write_version(doc, &V3)
}

/// Writes `doc` as TBX-Basic 2008 (ISO 30042:2008, `<martif>`, `<termEntry>`, `<langSet>`, `<tig>`, no namespace):
/// what translate-toolkit, SDL MultiTerm and older memoQ read. The same data categories as [`write`].
pub fn write_2008(doc: &Document) -> String {
    write_version(doc, &V2008)
}

/// The element names of a TBX version; the data categories are the same in both.
struct Vocabulary {
    root: &'static str,
    header: &'static str,
    entry: &'static str,
    language: &'static str,
    term: &'static str,
}

const V3: Vocabulary =
    Vocabulary { root: "tbx", header: "tbxHeader", entry: "conceptEntry", language: "langSec", term: "termSec" };
const V2008: Vocabulary =
    Vocabulary { root: "martif", header: "martifHeader", entry: "termEntry", language: "langSet", term: "tig" };

fn write_version(doc: &Document, names: &Vocabulary) -> String {
    let mut out = String::with_capacity(256 + doc.concepts.len() * 400);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let lang = escape_attr(&doc.lang);
    if names.root == V3.root {
        out.push_str(&format!("<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"{lang}\" xmlns=\"{NAMESPACE}\">\n"));
    } else {
        out.push_str(&format!("<martif type=\"TBX-Basic\" xml:lang=\"{lang}\">\n"));
    }
    out.push_str(&format!("  <{}>\n    <fileDesc>\n      <sourceDesc>\n", names.header));
    out.push_str(&format!("        <p>{}</p>\n", escape_text(&doc.source_desc)));
    out.push_str(&format!("      </sourceDesc>\n    </fileDesc>\n  </{}>\n  <text>\n    <body>\n", names.header));
    let mut taken = std::collections::HashSet::new();
    for (index, concept) in doc.concepts.iter().enumerate() {
        let xml_id = unique_ncname(&concept.id, index, &mut taken);
        out.push_str(&format!("      <{} id=\"{}\">\n", names.entry, escape_attr(&xml_id)));
        if let Some(field) = &concept.subject_field {
            out.push_str(&format!("        <descrip type=\"subjectField\">{}</descrip>\n", escape_text(field)));
        }
        if xml_id != concept.id {
            out.push_str(&format!("        <note>{ID_NOTE}{}</note>\n", escape_text(&concept.id)));
        }
        for note in &concept.notes {
            out.push_str(&format!("        <note>{}</note>\n", escape_text(note)));
        }
        for lang in &concept.languages {
            out.push_str(&format!("        <{} xml:lang=\"{}\">\n", names.language, escape_attr(&lang.lang)));
            for term in &lang.terms {
                write_term(&mut out, term, names.term);
            }
            out.push_str(&format!("        </{}>\n", names.language));
        }
        out.push_str(&format!("      </{}>\n", names.entry));
    }
    out.push_str(&format!("    </body>\n  </text>\n</{}>\n", names.root));
    out
}

/// An XML NCName for `id`, not in `taken` (then added to it): ASCII letters, digits, `-`, `_` and `.` kept,
/// `:` written as `.`, anything else as `_`, `_` put before a first character that cannot start a name, and
/// `-2`, `-3` … added when two ids would meet. The same concepts in the same order always get the same names.
fn unique_ncname(id: &str, index: usize, taken: &mut std::collections::HashSet<String>) -> String {
    let mut base: String = id
        .chars()
        .map(|c| match c {
            ':' => '.',
            c if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') => c,
            _ => '_',
        })
        .collect();
    if base.is_empty() {
        base = format!("concept{}", index + 1);
    } else if !base.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        base.insert(0, '_');
    }
    let mut name = base.clone();
    let mut n = 1;
    while taken.contains(&name) {
        n += 1;
        name = format!("{base}-{n}");
    }
    taken.insert(name.clone());
    name
}

fn write_term(out: &mut String, term: &TermSec, element: &str) {
    let pad = "            ";
    out.push_str(&format!("          <{element}>\n"));
    out.push_str(&format!("{pad}<term>{}</term>\n", escape_text(&term.term)));
    if let Some(status) = term.status {
        out.push_str(&format!("{pad}<termNote type=\"administrativeStatus\">{}</termNote>\n", status.as_tbx()));
    }
    if let Some(kind) = &term.term_type {
        out.push_str(&format!("{pad}<termNote type=\"termType\">{}</termNote>\n", escape_text(kind)));
    }
    if let Some(subset) = &term.customer_subset {
        out.push_str(&format!("{pad}<admin type=\"customerSubset\">{}</admin>\n", escape_text(subset)));
    }
    if let Some(source) = &term.source {
        out.push_str(&format!("{pad}<admin type=\"source\">{}</admin>\n", escape_text(source)));
    }
    for note in &term.notes {
        out.push_str(&format!("{pad}<note>{}</note>\n", escape_text(note)));
    }
    out.push_str(&format!("          </{element}>\n"));
}

// Reading

/// Reads a TBX-Basic document, v3 (`tbx`) or v2 (`martif`).
pub fn read(xml: &str) -> Result<Document, FormatError> {
    let mut reader = Reader::new(xml);
    let root = loop {
        match reader.next_event()? {
            XmlEvent::Start(element) => break element,
            XmlEvent::Text(_) | XmlEvent::End => {}
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    };
    if root.local != "tbx" && root.local != "martif" {
        return Err(
            reader.error_at(root.pos, FormatErrorKind::WrongRoot { expected: "tbx".into(), found: root.local.clone() })
        );
    }
    let mut doc = Document { lang: lang_of(&root).unwrap_or_default(), ..Document::default() };
    read_container(&mut reader, &mut doc)?;
    Ok(doc)
}

fn lang_of(element: &Element) -> Option<String> {
    element.attr("xml:lang").or_else(|| element.attr("lang")).map(str::to_string)
}

/// Walks header, text and body down to the concept entries.
fn read_container(reader: &mut Reader, doc: &mut Document) -> Result<(), FormatError> {
    loop {
        match reader.next_event()? {
            XmlEvent::Start(element) => match element.local.as_str() {
                "tbxHeader" | "martifHeader" | "fileDesc" | "text" | "body" => read_container(reader, doc)?,
                "sourceDesc" => {
                    let text = reader.element_text()?;
                    doc.source_desc = text.trim().to_string();
                }
                "conceptEntry" | "termEntry" => {
                    let id = element.attr("id").unwrap_or("").to_string();
                    let concept = read_concept(reader, id.clone()).map_err(|e| e.in_unit(Some(&id)))?;
                    doc.concepts.push(concept);
                }
                _ => reader.skip_element()?,
            },
            XmlEvent::Text(_) => {}
            XmlEvent::End => return Ok(()),
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
}

fn read_concept(reader: &mut Reader, id: String) -> Result<Concept, FormatError> {
    let mut concept = Concept { id, ..Concept::default() };
    loop {
        match reader.next_event()? {
            XmlEvent::Start(element) => match element.local.as_str() {
                "descrip" if element.attr("type") == Some("subjectField") => {
                    concept.subject_field = Some(reader.element_text()?.trim().to_string())
                }
                "note" => {
                    let note = reader.element_text()?.trim().to_string();
                    match note.strip_prefix(ID_NOTE) {
                        Some(id) => concept.id = id.to_string(),
                        None => concept.notes.push(note),
                    }
                }
                "descripGrp" | "adminGrp" => {}
                "langSec" | "langSet" => {
                    let lang = lang_of(&element).unwrap_or_default();
                    let terms = read_lang(reader)?;
                    concept.languages.push(LangSec { lang, terms });
                }
                _ => reader.skip_element()?,
            },
            XmlEvent::Text(_) => {}
            XmlEvent::End => return Ok(concept),
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
}

fn read_lang(reader: &mut Reader) -> Result<Vec<TermSec>, FormatError> {
    let mut terms = Vec::new();
    loop {
        match reader.next_event()? {
            XmlEvent::Start(element) => match element.local.as_str() {
                "termSec" | "tig" | "ntig" => terms.push(read_term(reader)?),
                _ => reader.skip_element()?,
            },
            XmlEvent::Text(_) => {}
            XmlEvent::End => return Ok(terms),
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
}

/// A term section; TBX v2's `<ntig><termGrp>` nesting is flattened.
fn read_term(reader: &mut Reader) -> Result<TermSec, FormatError> {
    let mut term = TermSec::default();
    read_term_into(reader, &mut term)?;
    Ok(term)
}

fn read_term_into(reader: &mut Reader, term: &mut TermSec) -> Result<(), FormatError> {
    loop {
        match reader.next_event()? {
            XmlEvent::Start(element) => {
                let kind = element.attr("type").unwrap_or("").to_string();
                match (element.local.as_str(), kind.as_str()) {
                    ("term", _) => term.term = reader.element_text()?.trim().to_string(),
                    ("termGrp", _) | ("termNoteGrp", _) | ("adminGrp", _) => read_term_into(reader, term)?,
                    ("termNote", "administrativeStatus") => {
                        let value = reader.element_text()?;
                        term.status = AdminStatus::parse(&value);
                        if term.status.is_none() {
                            return Err(reader.error_at(
                                element.pos,
                                FormatErrorKind::InvalidAttribute {
                                    element: "termNote".into(),
                                    attribute: "administrativeStatus".into(),
                                    value: value.trim().to_string(),
                                },
                            ));
                        }
                    }
                    ("termNote", "termType") => term.term_type = Some(reader.element_text()?.trim().to_string()),
                    ("admin", "customerSubset") => {
                        term.customer_subset = Some(reader.element_text()?.trim().to_string())
                    }
                    ("admin", "source") | ("descrip", "source") => {
                        term.source = Some(reader.element_text()?.trim().to_string())
                    }
                    ("note", _) => term.notes.push(reader.element_text()?.trim().to_string()),
                    _ => reader.skip_element()?,
                }
            }
            XmlEvent::Text(_) => {}
            XmlEvent::End => return Ok(()),
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Document {
        Document {
            lang: "en".into(),
            source_desc: "dich glossary <export> & co".into(),
            concepts: vec![Concept {
                id: "organization:quoc-hoi".into(),
                subject_field: Some("organization".into()),
                notes: vec!["slot: none".into()],
                languages: vec![
                    LangSec {
                        lang: "vi".into(),
                        terms: vec![TermSec {
                            term: "Quốc hội".into(),
                            status: Some(AdminStatus::Preferred),
                            ..TermSec::default()
                        }],
                    },
                    LangSec {
                        lang: "en".into(),
                        terms: vec![
                            TermSec {
                                term: "National Assembly".into(),
                                status: Some(AdminStatus::Preferred),
                                source: Some("vietnamplus.vn".into()),
                                notes: vec!["\"NA\" on second mention".into()],
                                ..TermSec::default()
                            },
                            TermSec {
                                term: "NA".into(),
                                customer_subset: Some("short".into()),
                                term_type: Some("acronym".into()),
                                ..TermSec::default()
                            },
                            TermSec {
                                term: "Parliament".into(),
                                status: Some(AdminStatus::Deprecated),
                                ..TermSec::default()
                            },
                        ],
                    },
                ],
            }],
        }
    }

    #[test]
    fn round_trip() {
        let doc = sample();
        let xml = write(&doc);
        assert!(xml.contains("<termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote>"));
        assert_eq!(read(&xml).unwrap(), doc);
    }

    #[test]
    fn concept_ids_are_unique_ncnames_and_read_back() {
        let concept = |id: &str| Concept {
            id: id.into(),
            languages: vec![LangSec {
                lang: "vi".into(),
                terms: vec![TermSec { term: "x".into(), ..TermSec::default() }],
            }],
            ..Concept::default()
        };
        let ids = ["acronym:dnnd", "acronym.dnnd", "7up", "", "plain-id", "tỉnh ủy"];
        let doc = Document { concepts: ids.iter().map(|id| concept(id)).collect(), ..Document::default() };
        let xml = write(&doc);
        let names: Vec<&str> = xml.split("<conceptEntry id=\"").skip(1).map(|s| &s[..s.find('"').unwrap()]).collect();
        assert_eq!(names, ["acronym.dnnd", "acronym.dnnd-2", "_7up", "concept4", "plain-id", "t_nh__y"]);
        assert!(xml.contains("<note>dich:id=acronym:dnnd</note>"));
        assert!(!xml.contains("dich:id=plain-id"), "an id that is a name already needs no note");
        assert_eq!(read(&xml).unwrap(), doc, "every id comes back, and the id notes are not notes of the concept");
    }

    #[test]
    fn reads_tbx_v2_martif() {
        let xml = r#"<?xml version="1.0"?>
<martif type="TBX-Basic" xml:lang="en-US">
 <martifHeader><fileDesc><sourceDesc><p>from a CAT tool</p></sourceDesc></fileDesc></martifHeader>
 <text><body>
  <termEntry id="t1">
   <descrip type="subjectField">politics</descrip>
   <langSet xml:lang="vi"><tig><term>Ủy ban nhân dân</term></tig></langSet>
   <langSet xml:lang="en"><ntig><termGrp><term>People's Committee</term>
     <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termGrp></ntig></langSet>
  </termEntry>
 </body></text>
</martif>"#;
        let doc = read(xml).unwrap();
        assert_eq!(doc.lang, "en-US");
        assert_eq!(doc.source_desc, "from a CAT tool");
        let c = &doc.concepts[0];
        assert_eq!((c.id.as_str(), c.subject_field.as_deref()), ("t1", Some("politics")));
        assert_eq!(c.languages[1].terms[0].term, "People's Committee");
        assert_eq!(c.languages[1].terms[0].status, Some(AdminStatus::Preferred));
    }

    #[test]
    fn bad_status_and_entities_are_errors_with_a_place() {
        let xml = "<tbx><text><body><conceptEntry id=\"c9\"><langSec xml:lang=\"en\"><termSec><term>x</term>\n<termNote type=\"administrativeStatus\">maybe</termNote></termSec></langSec></conceptEntry></body></text></tbx>";
        let err = read(xml).unwrap_err();
        assert_eq!((err.line, err.unit.as_deref()), (2, Some("c9")));
        let bomb = "<!DOCTYPE tbx [<!ENTITY a \"aaaa\">]><tbx>&a;</tbx>";
        assert_eq!(read(bomb).unwrap_err().kind, FormatErrorKind::DtdRefused);
    }
}
