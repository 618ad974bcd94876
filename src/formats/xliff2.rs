//! XLIFF 2.1 (OASIS), the exchange format for CAT tools (OmegaT, Okapi, Trados, memoQ, Weblate).
//!
//! [`write`] produces one `<segment>` per unit with its `state`, placeholders as `<ph/>`, notes in
//! `<notes>`; the output is deterministic (stable attribute order, two-space indentation) and valid against
//! the OASIS core schema.
//!
//! [`read`] takes what we write and what CAT tools write:
//! - several `<segment>`/`<ignorable>` parts in a unit are joined in order into one source and one target; the
//!   unit's state is the least advanced state of its segments; a segment without a target makes the unit
//!   `initial`; an ignorable without a target contributes its source to the target (as XLIFF merges it);
//! - units inside `<group>`s are flattened into their file (group notes are not kept);
//! - `<ph>` is kept (when it has no `equiv`, the text of its `originalData` entry is used as equiv);
//!   `<pc>` and `<mrk>` keep their inner content; `<sc>`, `<ec>`, `<sm>`, `<em>` are dropped; `<cp>` becomes
//!   its character. Dropped formatting codes (`pc`, `sc`, `ec`) are recorded in one unit note of category
//!   [`DROPPED_CODES_CATEGORY`];
//! - `xml:space` is accepted and text is kept exactly as written (never collapsed);
//! - elements and attributes of other namespaces (modules such as `mtc:`, `gls:`, `fs:`, `mda:`, tool
//!   extensions) are skipped, never rejected.
//!
//! Content read back is normalized: adjacent text runs are merged and empty ones dropped.

use serde::{Deserialize, Serialize};

use super::xml::{escape_attr, escape_text, push_optional_attr, Element, Reader, XmlEvent};
use super::{FormatError, FormatErrorKind};

/// The XLIFF 2.x core namespace (2.1 keeps the 2.0 namespace).
pub const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:2.0";
/// Category of the note the reader adds when it drops formatting codes from a unit.
pub const DROPPED_CODES_CATEGORY: &str = "dich-dropped-codes";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub src_lang: String,
    pub trg_lang: Option<String>,
    pub files: Vec<File>,
}

/// An XLIFF `<file>`; the schema wants at least one unit in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct File {
    /// Must be an XML NMTOKEN (letters, digits, `.-_:`), as the schema requires.
    pub id: String,
    pub original: Option<String>,
    pub notes: Vec<Note>,
    pub units: Vec<Unit>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    /// Must be an XML NMTOKEN, as the schema requires.
    pub id: String,
    pub name: Option<String>,
    pub notes: Vec<Note>,
    pub source: Content,
    pub target: Option<Content>,
    pub state: State,
    /// Read only: segments without a target in a unit that has targets (a CAT tool split the unit and
    /// translated part of it). Such a unit is `initial` as a whole; importers say how much was left.
    #[serde(default)]
    pub untranslated_segments: usize,
}

/// Segment states of XLIFF 2, in order of progress.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    #[default]
    Initial,
    Translated,
    Reviewed,
    Final,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Initial => "initial",
            State::Translated => "translated",
            State::Reviewed => "reviewed",
            State::Final => "final",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        match s {
            "initial" => Some(State::Initial),
            "translated" => Some(State::Translated),
            "reviewed" => Some(State::Reviewed),
            "final" => Some(State::Final),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub category: Option<String>,
    /// 1 (highest) to 10; the writer clamps other values into that range, as the schema requires.
    pub priority: Option<u8>,
    pub text: String,
}

impl Note {
    pub fn new(text: impl Into<String>) -> Note {
        Note { category: None, priority: None, text: text.into() }
    }
}

/// Inline content of a source or target.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Content(pub Vec<Inline>);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Inline {
    Text(String),
    /// A standalone code, written `<ph id=".." equiv=".." disp=".."/>`; `id` must be an NMTOKEN.
    Placeholder {
        id: String,
        equiv: Option<String>,
        disp: Option<String>,
    },
    /// A term annotation, written `<mrk id=".." type="term" value=".." ref="..">text</mrk>`: `value` is the
    /// term's required rendering, `reference` where it comes from (a glossary entry id, as a URI).
    Term {
        id: String,
        value: Option<String>,
        reference: Option<String>,
        text: String,
    },
}

impl Content {
    /// Content made of one text run (no run at all for an empty string).
    pub fn text(s: impl Into<String>) -> Content {
        let s = s.into();
        if s.is_empty() {
            Content(Vec::new())
        } else {
            Content(vec![Inline::Text(s)])
        }
    }

    /// The text with each placeholder rendered as its `equiv` (nothing when it has none).
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for inline in &self.0 {
            match inline {
                Inline::Text(s) => out.push_str(s),
                Inline::Placeholder { equiv, .. } => out.push_str(equiv.as_deref().unwrap_or("")),
                Inline::Term { text, .. } => out.push_str(text),
            }
        }
        out
    }

    /// Ids of the placeholders, in order.
    pub fn placeholder_ids(&self) -> Vec<&str> {
        self.0
            .iter()
            .filter_map(|inline| match inline {
                Inline::Placeholder { id, .. } => Some(id.as_str()),
                Inline::Text(_) | Inline::Term { .. } => None,
            })
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|inline| matches!(inline, Inline::Text(s) if s.is_empty()))
    }

    /// Appends text, merging it with a text run at the end.
    fn push_text(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if let Some(Inline::Text(last)) = self.0.last_mut() {
            last.push_str(s);
        } else {
            self.0.push(Inline::Text(s.to_string()));
        }
    }

    fn append(&mut self, other: Content) {
        for inline in other.0 {
            match inline {
                Inline::Text(s) => self.push_text(&s),
                placeholder => self.0.push(placeholder),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Writing

/// Writes `doc` as XLIFF 2.1, deterministically.
pub fn write(doc: &Document) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<xliff xmlns=\"{NAMESPACE}\" version=\"2.1\" srcLang=\"{}\"", escape_attr(&doc.src_lang)));
    if let Some(trg) = &doc.trg_lang {
        out.push_str(&format!(" trgLang=\"{}\"", escape_attr(trg)));
    }
    out.push_str(">\n");
    for file in &doc.files {
        out.push_str(&format!("  <file id=\"{}\"", escape_attr(&file.id)));
        push_optional_attr(&mut out, "original", file.original.as_deref());
        out.push_str(">\n");
        write_notes(&mut out, &file.notes, 4);
        for unit in &file.units {
            write_unit(&mut out, unit);
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</xliff>\n");
    out
}

fn write_unit(out: &mut String, unit: &Unit) {
    out.push_str(&format!("    <unit id=\"{}\"", escape_attr(&unit.id)));
    push_optional_attr(out, "name", unit.name.as_deref());
    out.push_str(">\n");
    write_notes(out, &unit.notes, 6);
    out.push_str(&format!("      <segment state=\"{}\">\n", unit.state.as_str()));
    write_content(out, "source", &unit.source);
    if let Some(target) = &unit.target {
        write_content(out, "target", target);
    }
    out.push_str("      </segment>\n    </unit>\n");
}

fn write_notes(out: &mut String, notes: &[Note], indent: usize) {
    if notes.is_empty() {
        return;
    }
    let pad = " ".repeat(indent);
    out.push_str(&format!("{pad}<notes>\n"));
    for note in notes {
        out.push_str(&format!("{pad}  <note"));
        push_optional_attr(out, "category", note.category.as_deref());
        if let Some(priority) = note.priority {
            out.push_str(&format!(" priority=\"{}\"", priority.clamp(1, 10)));
        }
        out.push_str(&format!(">{}</note>\n", escape_text(&note.text)));
    }
    out.push_str(&format!("{pad}</notes>\n"));
}

fn write_content(out: &mut String, element: &str, content: &Content) {
    out.push_str(&format!("        <{element}"));
    if needs_preserve(content) {
        out.push_str(" xml:space=\"preserve\"");
    }
    out.push('>');
    for inline in &content.0 {
        match inline {
            Inline::Text(s) => out.push_str(&escape_text(s)),
            Inline::Placeholder { id, equiv, disp } => {
                out.push_str(&format!("<ph id=\"{}\"", escape_attr(id)));
                push_optional_attr(out, "equiv", equiv.as_deref());
                push_optional_attr(out, "disp", disp.as_deref());
                out.push_str("/>");
            }
            Inline::Term { id, value, reference, text } => {
                out.push_str(&format!("<mrk id=\"{}\" type=\"term\"", escape_attr(id)));
                push_optional_attr(out, "value", value.as_deref());
                push_optional_attr(out, "ref", reference.as_deref());
                out.push_str(&format!(">{}</mrk>", escape_text(text)));
            }
        }
    }
    out.push_str(&format!("</{element}>\n"));
}

/// Whitespace a tool could collapse under `xml:space="default"`: mark it to be preserved.
fn needs_preserve(content: &Content) -> bool {
    let text = content.plain_text();
    text.starts_with(char::is_whitespace)
        || text.ends_with(char::is_whitespace)
        || text.contains("  ")
        || text.contains(['\t', '\n', '\r'])
}

// ---------------------------------------------------------------------------------------------------------
// Reading

/// Reads an XLIFF 2.x document (ours or a CAT tool's).
pub fn read(xml: &str) -> Result<Document, FormatError> {
    let mut reader = Reader::new(xml);
    let root = loop {
        match reader.next_event()? {
            XmlEvent::Start(element) => break element,
            XmlEvent::Text(_) | XmlEvent::End => {}
            XmlEvent::Eof => {
                return Err(reader
                    .error(FormatErrorKind::MissingElement { parent: "document".into(), element: "xliff".into() }))
            }
        }
    };
    check_root(&reader, &root)?;
    let src_lang = required(&reader, &root, "srcLang")?.to_string();
    let trg_lang = root.attr("trgLang").map(str::to_string);
    let mut files = Vec::new();
    loop {
        match reader.next_event()? {
            XmlEvent::Start(element) if element.is(NAMESPACE, "file") => files.push(read_file(&mut reader, &element)?),
            XmlEvent::Start(_) => reader.skip_element()?,
            XmlEvent::Text(_) => {}
            XmlEvent::End => break,
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
    Ok(Document { src_lang, trg_lang, files })
}

fn check_root(reader: &Reader, root: &Element) -> Result<(), FormatError> {
    let version = root.attr("version").unwrap_or("");
    let kind = if root.local != "xliff" {
        FormatErrorKind::WrongRoot { expected: "xliff".into(), found: root.local.clone() }
    } else if !version.starts_with("2.") {
        // XLIFF 1.2 and older: a different vocabulary, not read here.
        FormatErrorKind::UnsupportedVersion { format: "XLIFF".into(), version: version.into() }
    } else if root.ns.as_deref() != Some(NAMESPACE) {
        let found = root.ns.as_deref().unwrap_or("");
        FormatErrorKind::WrongRoot {
            expected: format!("xliff xmlns=\"{NAMESPACE}\""),
            found: format!("xliff xmlns=\"{found}\""),
        }
    } else {
        return Ok(());
    };
    Err(reader.error_at(root.pos, kind))
}

fn required<'e>(reader: &Reader, element: &'e Element, attribute: &str) -> Result<&'e str, FormatError> {
    element.attr(attribute).ok_or_else(|| {
        reader.error_at(
            element.pos,
            FormatErrorKind::MissingAttribute { element: element.local.clone(), attribute: attribute.into() },
        )
    })
}

fn read_file(reader: &mut Reader, element: &Element) -> Result<File, FormatError> {
    let mut file = File {
        id: required(reader, element, "id")?.to_string(),
        original: element.attr("original").map(str::to_string),
        notes: Vec::new(),
        units: Vec::new(),
    };
    read_unit_container(reader, &mut file, true)?;
    Ok(file)
}

/// Reads the children of a `<file>` or a `<group>`: units (in groups, flattened), and file notes.
fn read_unit_container(reader: &mut Reader, file: &mut File, is_file: bool) -> Result<(), FormatError> {
    loop {
        match reader.next_event()? {
            XmlEvent::Start(element) if element.ns.as_deref() == Some(NAMESPACE) => match element.local.as_str() {
                "unit" => file.units.push(read_unit(reader, &element)?),
                "group" => read_unit_container(reader, file, false)?,
                "notes" if is_file => file.notes = read_notes(reader)?,
                _ => reader.skip_element()?,
            },
            XmlEvent::Start(_) => reader.skip_element()?,
            XmlEvent::Text(_) => {}
            XmlEvent::End => return Ok(()),
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
}

fn read_notes(reader: &mut Reader) -> Result<Vec<Note>, FormatError> {
    let mut notes = Vec::new();
    loop {
        match reader.next_event()? {
            XmlEvent::Start(element) if element.is(NAMESPACE, "note") => {
                let priority = match element.attr("priority") {
                    None => None,
                    Some(value) => Some(value.trim().parse::<u8>().map_err(|_| {
                        reader.error_at(
                            element.pos,
                            FormatErrorKind::InvalidAttribute {
                                element: "note".into(),
                                attribute: "priority".into(),
                                value: value.into(),
                            },
                        )
                    })?),
                };
                let category = element.attr("category").map(str::to_string);
                let text = reader.element_text()?;
                notes.push(Note { category, priority, text });
            }
            XmlEvent::Start(_) => reader.skip_element()?,
            XmlEvent::Text(_) => {}
            XmlEvent::End => return Ok(notes),
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
}

/// One `<segment>` or `<ignorable>` of a unit.
struct Part {
    ignorable: bool,
    source: Content,
    target: Option<Content>,
    state: State,
}

/// What the content readers learn about a unit along the way.
#[derive(Default)]
struct UnitContext {
    /// `originalData` entries: id → native code.
    data: Vec<(String, String)>,
    /// Formatting codes dropped from the content, e.g. "pc 1".
    dropped: Vec<String>,
}

fn read_unit(reader: &mut Reader, element: &Element) -> Result<Unit, FormatError> {
    let id = required(reader, element, "id")?.to_string();
    read_unit_body(reader, element, id.clone()).map_err(|e| e.in_unit(Some(&id)))
}

fn read_unit_body(reader: &mut Reader, element: &Element, id: String) -> Result<Unit, FormatError> {
    let mut notes = Vec::new();
    let mut context = UnitContext::default();
    let mut parts = Vec::new();
    loop {
        match reader.next_event()? {
            XmlEvent::Start(child) if child.ns.as_deref() == Some(NAMESPACE) => match child.local.as_str() {
                "notes" => notes = read_notes(reader)?,
                "originalData" => context.data = read_original_data(reader)?,
                "segment" | "ignorable" => parts.push(read_part(reader, &child, &mut context)?),
                _ => reader.skip_element()?,
            },
            XmlEvent::Start(_) => reader.skip_element()?,
            XmlEvent::Text(_) => {}
            XmlEvent::End => break,
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
    if !parts.iter().any(|p| !p.ignorable) {
        return Err(reader.error_at(
            element.pos,
            FormatErrorKind::MissingElement { parent: "unit".into(), element: "segment".into() },
        ));
    }

    let has_target = parts.iter().any(|p| p.target.is_some());
    let mut source = Content::default();
    let mut target = Content::default();
    let mut state = State::Final;
    let mut untranslated_segments = 0;
    for part in parts {
        if !part.ignorable {
            state = state.min(part.state);
        }
        match part.target {
            Some(t) if !part.ignorable && t.is_empty() => untranslated_segments += 1,
            Some(t) => target.append(t),
            None if part.ignorable => target.append(part.source.clone()),
            // An untranslated segment among translated ones: the unit is not translated as a whole.
            None if has_target => {
                state = State::Initial;
                untranslated_segments += 1;
            }
            None => {}
        }
        source.append(part.source);
    }
    if !context.dropped.is_empty() {
        notes.push(Note {
            category: Some(DROPPED_CODES_CATEGORY.into()),
            priority: None,
            text: crate::t!("formats-xliff-dropped-codes", codes = context.dropped.join(", ")),
        });
    }
    Ok(Unit {
        id,
        name: element.attr("name").map(str::to_string),
        notes,
        source,
        target: has_target.then_some(target),
        state: if untranslated_segments > 0 { State::Initial } else { state },
        untranslated_segments,
    })
}

fn read_original_data(reader: &mut Reader) -> Result<Vec<(String, String)>, FormatError> {
    let mut data = Vec::new();
    loop {
        match reader.next_event()? {
            XmlEvent::Start(element) if element.is(NAMESPACE, "data") => {
                let id = required(reader, &element, "id")?.to_string();
                data.push((id, reader.element_text()?));
            }
            XmlEvent::Start(_) => reader.skip_element()?,
            XmlEvent::Text(_) => {}
            XmlEvent::End => return Ok(data),
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
}

fn read_part(reader: &mut Reader, element: &Element, context: &mut UnitContext) -> Result<Part, FormatError> {
    let state = match element.attr("state") {
        None => State::Initial,
        Some(value) => State::parse(value).ok_or_else(|| {
            reader.error_at(
                element.pos,
                FormatErrorKind::InvalidAttribute {
                    element: element.local.clone(),
                    attribute: "state".into(),
                    value: value.into(),
                },
            )
        })?,
    };
    let mut source = None;
    let mut target = None;
    loop {
        match reader.next_event()? {
            XmlEvent::Start(child) if child.is(NAMESPACE, "source") => {
                let mut content = Content::default();
                read_inline(reader, &mut content, context)?;
                source = Some(content);
            }
            XmlEvent::Start(child) if child.is(NAMESPACE, "target") => {
                let mut content = Content::default();
                read_inline(reader, &mut content, context)?;
                target = Some(content);
            }
            XmlEvent::Start(_) => reader.skip_element()?,
            XmlEvent::Text(_) => {}
            XmlEvent::End => break,
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
    let source = source.ok_or_else(|| {
        reader.error_at(
            element.pos,
            FormatErrorKind::MissingElement { parent: element.local.clone(), element: "source".into() },
        )
    })?;
    Ok(Part { ignorable: element.local == "ignorable", source, target, state })
}

/// Reads inline content up to the end of the current element into `out`.
fn read_inline(reader: &mut Reader, out: &mut Content, context: &mut UnitContext) -> Result<(), FormatError> {
    loop {
        match reader.next_event()? {
            XmlEvent::Text(text) => out.push_text(&text),
            XmlEvent::Start(element) if element.ns.as_deref() == Some(NAMESPACE) => {
                match element.local.as_str() {
                    "ph" => {
                        let id = required(reader, &element, "id")?.to_string();
                        let equiv = element.attr("equiv").map(str::to_string).or_else(|| {
                            let data_ref = element.attr("dataRef")?;
                            context.data.iter().find(|(id, _)| id == data_ref).map(|(_, code)| code.clone())
                        });
                        let disp = element.attr("disp").map(str::to_string);
                        out.0.push(Inline::Placeholder { id, equiv, disp });
                        reader.skip_element()?;
                    }
                    "pc" => {
                        context.note_dropped(&element);
                        read_inline(reader, out, context)?;
                    }
                    "mrk" if element.attr("type") == Some("term") => {
                        let id = required(reader, &element, "id")?.to_string();
                        let value = element.attr("value").map(str::to_string);
                        let reference = element.attr("ref").map(str::to_string);
                        let mut inner = Content::default();
                        read_inline(reader, &mut inner, context)?;
                        out.0.push(Inline::Term { id, value, reference, text: inner.plain_text() });
                    }
                    "mrk" => read_inline(reader, out, context)?,
                    "sc" | "ec" => {
                        context.note_dropped(&element);
                        reader.skip_element()?;
                    }
                    "cp" => {
                        let hex = required(reader, &element, "hex")?;
                        let c = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32).ok_or_else(|| {
                            reader.error_at(
                                element.pos,
                                FormatErrorKind::InvalidAttribute {
                                    element: "cp".into(),
                                    attribute: "hex".into(),
                                    value: hex.into(),
                                },
                            )
                        })?;
                        // cp exists to carry characters XML forbids; we drop those like the writer does.
                        if super::xml::is_xml_char(c) {
                            out.push_text(c.encode_utf8(&mut [0; 4]));
                        }
                        reader.skip_element()?;
                    }
                    _ => reader.skip_element()?,
                }
            }
            XmlEvent::Start(_) => reader.skip_element()?,
            XmlEvent::End => return Ok(()),
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
}

impl UnitContext {
    /// Records a dropped code once per unit ("pc 1", "ec 3"), whether seen in the source, the target or both.
    fn note_dropped(&mut self, element: &Element) {
        let label = match element.attr("id").or_else(|| element.attr("startRef")) {
            Some(id) => format!("{} {id}", element.local),
            None => element.local.clone(),
        };
        if !self.dropped.contains(&label) {
            self.dropped.push(label);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Document {
        Document {
            src_lang: "vi".into(),
            trg_lang: Some("en".into()),
            files: vec![File {
                id: "f1".into(),
                original: Some("bai-viet.txt".into()),
                notes: vec![],
                units: vec![Unit {
                    id: "u1".into(),
                    name: None,
                    notes: vec![Note { category: Some("ctx".into()), priority: Some(2), text: "Tiêu đề".into() }],
                    source: Content(vec![
                        Inline::Text("Xin chào ".into()),
                        Inline::Placeholder { id: "1".into(), equiv: Some("{tên}".into()), disp: None },
                    ]),
                    target: Some(Content::text("Hello")),
                    state: State::Translated,
                    untranslated_segments: 0,
                }],
            }],
        }
    }

    #[test]
    fn written_document_reads_back() {
        let doc = sample();
        let xml = write(&doc);
        assert!(xml.contains("<segment state=\"translated\">"));
        assert!(xml.contains("<source>Xin chào <ph id=\"1\" equiv=\"{tên}\"/></source>"));
        assert_eq!(read(&xml).unwrap(), doc);
    }

    #[test]
    fn plain_text_uses_equiv() {
        let content = &sample().files[0].units[0].source;
        assert_eq!(content.plain_text(), "Xin chào {tên}");
        assert_eq!(content.placeholder_ids(), vec!["1"]);
        assert_eq!(Content::text(""), Content(vec![]));
    }

    #[test]
    fn a_prefixed_xliff_namespace_is_read() {
        let xml = format!(
            "<x:xliff xmlns:x=\"{NAMESPACE}\" version=\"2.0\" srcLang=\"vi\"><x:file id=\"f\"><x:unit id=\"u\">\
             <x:segment state=\"final\"><x:source>a<x:ph id=\"1\"/></x:source><x:target>b</x:target></x:segment>\
             </x:unit></x:file></x:xliff>"
        );
        let unit = &read(&xml).unwrap().files[0].units[0];
        assert_eq!(unit.source.placeholder_ids(), vec!["1"]);
        assert_eq!(unit.target, Some(Content::text("b")));
        assert_eq!(unit.state, State::Final);
    }

    #[test]
    fn a_2_x_root_without_the_namespace_is_named() {
        let err = read("<xliff version=\"2.1\" srcLang=\"vi\"/>").unwrap_err();
        let FormatErrorKind::WrongRoot { found, .. } = err.kind else { panic!("{err:?}") };
        assert_eq!(found, "xliff xmlns=\"\"");
    }

    #[test]
    fn xliff_1_2_is_named() {
        let err =
            read("<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\"><file/></xliff>").unwrap_err();
        assert!(matches!(err.kind, FormatErrorKind::UnsupportedVersion { ref version, .. } if version == "1.2"));
    }

    #[test]
    fn errors_inside_units_name_the_unit() {
        let xml = format!(
            "<xliff xmlns=\"{NAMESPACE}\" version=\"2.1\" srcLang=\"vi\"><file id=\"f\">\n<unit id=\"s1a2b3\">\n\
             <segment state=\"done\"><source>x</source></segment></unit></file></xliff>"
        );
        let err = read(&xml).unwrap_err();
        assert_eq!(err.unit.as_deref(), Some("s1a2b3"));
        assert_eq!((err.line, err.column), (3, 1));
    }
}
