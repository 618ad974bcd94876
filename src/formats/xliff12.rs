//! XLIFF 1.2 (OASIS, 2008), for CAT tools that read no XLIFF 2: written from the same [`xliff2::Document`] a
//! translator package is built as, so both versions carry the same units, targets, states and notes.
//!
//! Mapping: a 2.x `<file>` becomes a 1.2 `<file>` whose `original` is the file id (the article; the source path
//! goes in a header note), units become `<trans-unit>` with `resname` from the unit name, placeholders become
//! `<x/>` with `equiv-text`, term annotations become `<mrk mtype="term">` with the required rendering in
//! `comment`, file notes go in `<header>`, a unit without a target gets a copy of its source to translate over
//! (OmegaT's 1.2 filter translates the target's text), and states map as initial → `needs-translation` (or
//! `needs-review-translation` with a suggested target), translated → `translated`, reviewed → `signed-off`,
//! final → `final` with `approved="yes"` (reviewed and final units are the approved ones, as 1.2 tools count
//! them).
//!
//! [`read`] takes what we write and what CAT tools return (OmegaT, translate-toolkit, Okapi, Trados, memoQ) into
//! the same [`xliff2::Document`]:
//! - `approved="yes"` or state `final` → final; `signed-off` → reviewed; `translated` → translated; `new`,
//!   `needs-*` (a fuzzy pre-translation awaiting review among them), an unknown or missing state → initial;
//! - a unit split by the tool (`<seg-source>` with `<mrk mtype="seg">`, the same in the target) is translated
//!   only when every segment has a target;
//! - `<x/>` is a placeholder (`equiv-text` its text); `<g>`, `<mrk>` keep their inner text; `<bx/>`, `<ex/>`,
//!   `<ph>`, `<bpt>`, `<ept>`, `<it>` are dropped and recorded in a note, as the 2.x reader does;
//! - `<mrk mtype="term">` comes back as a term annotation with its `comment` as the rendering;
//! - `<group>`s are flattened, `<alt-trans>`, `<bin-unit>` and elements of other namespaces skipped; files
//!   without the 1.2 namespace (older tools) are read too.

use super::xliff2::{self, Content, Inline, Note, State, DROPPED_CODES_CATEGORY};
use super::xml::{escape_attr, escape_text, Element, Reader, XmlEvent};
use super::{FormatError, FormatErrorKind};

pub const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:1.2";
/// `from` of the header note that carries a file's `original` (its source path) when `original` holds its id.
pub const NOTE_SOURCE_FILE: &str = "dich:source-file";

/// The 1.2 `state` of a unit in `state` with or without a target.
pub fn state_name(state: State, has_target: bool) -> &'static str {
    match (state, has_target) {
        (State::Initial, false) => "needs-translation",
        (State::Initial, true) => "needs-review-translation",
        (State::Translated, _) => "translated",
        (State::Reviewed, _) => "signed-off",
        (State::Final, _) => "final",
    }
}

/// Writes `doc` as XLIFF 1.2, deterministically.
pub fn write(doc: &xliff2::Document) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<xliff version=\"1.2\" xmlns=\"{NAMESPACE}\">\n"));
    for file in &doc.files {
        // `original` is the one file attribute every 1.2 tool keeps: it carries the file id (the article), so an
        // import finds the article again; the source path goes in a header note.
        out.push_str(&format!(
            "  <file original=\"{}\" source-language=\"{}\"",
            escape_attr(&file.id),
            escape_attr(&doc.src_lang)
        ));
        if let Some(target) = &doc.trg_lang {
            out.push_str(&format!(" target-language=\"{}\"", escape_attr(target)));
        }
        out.push_str(" datatype=\"plaintext\">\n");
        let source_note = file.original.as_ref().filter(|o| **o != file.id).map(|original| Note {
            category: Some(NOTE_SOURCE_FILE.to_string()),
            priority: None,
            text: original.clone(),
        });
        if !file.notes.is_empty() || source_note.is_some() {
            out.push_str("    <header>\n");
            for note in source_note.iter().chain(&file.notes) {
                write_note(&mut out, note, 6);
            }
            out.push_str("    </header>\n");
        }
        out.push_str("    <body>\n");
        for unit in &file.units {
            out.push_str(&format!("      <trans-unit id=\"{}\"", escape_attr(&unit.id)));
            if let Some(name) = &unit.name {
                out.push_str(&format!(" resname=\"{}\"", escape_attr(name)));
            }
            let has_target = unit.target.as_ref().is_some_and(|t| !t.is_empty());
            if has_target && unit.state >= State::Reviewed {
                out.push_str(" approved=\"yes\"");
            }
            out.push_str(">\n");
            out.push_str(&format!("        <source>{}</source>\n", content(&unit.source, false)));
            match unit.target.as_ref().filter(|t| !t.is_empty()) {
                Some(target) => out.push_str(&format!(
                    "        <target state=\"{}\">{}</target>\n",
                    state_name(unit.state, true),
                    content(target, true)
                )),
                // A copy of the source to translate over: OmegaT's 1.2 filter translates the target's text and
                // leaves a unit without one alone (Trados and memoQ read it as "copy source to target").
                None => out.push_str(&format!(
                    "        <target state=\"{}\">{}</target>\n",
                    state_name(State::Initial, false),
                    content(&unit.source, true)
                )),
            }
            for note in &unit.notes {
                write_note(&mut out, note, 8);
            }
            out.push_str("      </trans-unit>\n");
        }
        out.push_str("    </body>\n  </file>\n");
    }
    out.push_str("</xliff>\n");
    out
}

fn write_note(out: &mut String, note: &Note, indent: usize) {
    let pad = " ".repeat(indent);
    out.push_str(&format!("{pad}<note"));
    if let Some(category) = &note.category {
        out.push_str(&format!(" from=\"{}\"", escape_attr(category)));
    }
    if let Some(priority) = note.priority {
        out.push_str(&format!(" priority=\"{}\"", priority.clamp(1, 10)));
    }
    out.push_str(&format!(">{}</note>\n", escape_text(&note.text)));
}

/// Inline content; in a target, markers carry no `mid` (the strict schema wants a target's `mid` to name a
/// `<seg-source>` segment).
fn content(content: &Content, in_target: bool) -> String {
    let mut out = String::new();
    for inline in &content.0 {
        match inline {
            Inline::Text(text) => out.push_str(&escape_text(text)),
            Inline::Placeholder { id, equiv, .. } => {
                out.push_str(&format!("<x id=\"{}\"", escape_attr(id)));
                if let Some(equiv) = equiv {
                    out.push_str(&format!(" equiv-text=\"{}\"", escape_attr(equiv)));
                }
                out.push_str("/>");
            }
            // 1.2 has no `value`/`ref` on <mrk>: the required rendering goes in `comment`.
            Inline::Term { id, value, text, .. } => {
                out.push_str("<mrk mtype=\"term\"");
                if !in_target {
                    out.push_str(&format!(" mid=\"{}\"", escape_attr(id)));
                }
                if let Some(value) = value {
                    out.push_str(&format!(" comment=\"{}\"", escape_attr(value)));
                }
                out.push_str(&format!(">{}</mrk>", escape_text(text)));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------------------
// Reading

/// Reads an XLIFF 1.x document (ours or a CAT tool's) into the 2.x model.
pub fn read(xml: &str) -> Result<xliff2::Document, FormatError> {
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
    let version = root.attr("version").unwrap_or("");
    if root.local != "xliff" || !ours(&root) {
        let found = format!("{} xmlns=\"{}\"", root.local, root.ns.as_deref().unwrap_or(""));
        let kind = FormatErrorKind::WrongRoot { expected: format!("xliff xmlns=\"{NAMESPACE}\""), found };
        return Err(reader.error_at(root.pos, kind));
    }
    // 1.1 differs from 1.2 only in details this reader does not look at; 1.0 is another vocabulary.
    if !matches!(version, "1.1" | "1.2") {
        let kind = FormatErrorKind::UnsupportedVersion { format: "XLIFF".into(), version: version.into() };
        return Err(reader.error_at(root.pos, kind));
    }
    let mut doc = xliff2::Document { src_lang: String::new(), trg_lang: None, files: Vec::new() };
    loop {
        match reader.next_event()? {
            XmlEvent::Start(element) if ours(&element) && element.local == "file" => {
                let src = required(&reader, &element, "source-language")?.to_string();
                let trg = element.attr("target-language").map(str::to_string);
                // 2.x has the languages on the root; a 1.2 file per language pair is what every tool writes.
                if doc.files.is_empty() {
                    doc.src_lang = src;
                    doc.trg_lang = trg;
                }
                let id = required(&reader, &element, "original")?.to_string();
                let mut file = xliff2::File { id, original: None, notes: vec![], units: vec![] };
                read_file(&mut reader, &mut file)?;
                if let Some(at) = file.notes.iter().position(|n| n.category.as_deref() == Some(NOTE_SOURCE_FILE)) {
                    file.original = Some(file.notes.remove(at).text);
                }
                doc.files.push(file);
            }
            XmlEvent::Start(_) => reader.skip_element()?,
            XmlEvent::Text(_) => {}
            XmlEvent::End => break,
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
    if doc.files.is_empty() {
        return Err(reader
            .error_at(root.pos, FormatErrorKind::MissingElement { parent: "xliff".into(), element: "file".into() }));
    }
    Ok(doc)
}

/// The XLIFF 1.1 namespace (translate-toolkit's po2xliff still writes it).
const NAMESPACE_1_1: &str = "urn:oasis:names:tc:xliff:document:1.1";

/// An element of XLIFF 1.2 (or 1.1): in its namespace, or in none (tools that never declared it).
fn ours(element: &Element) -> bool {
    element.ns.as_deref().is_none_or(|ns| ns == NAMESPACE || ns == NAMESPACE_1_1)
}

fn required<'e>(reader: &Reader, element: &'e Element, attribute: &str) -> Result<&'e str, FormatError> {
    element.attr(attribute).ok_or_else(|| {
        reader.error_at(
            element.pos,
            FormatErrorKind::MissingAttribute { element: element.local.clone(), attribute: attribute.into() },
        )
    })
}

/// The `<header>` notes and the `<body>` units of a `<file>`.
fn read_file(reader: &mut Reader, file: &mut xliff2::File) -> Result<(), FormatError> {
    loop {
        match reader.next_event()? {
            XmlEvent::Start(element) if ours(&element) && element.local == "header" => {
                file.notes = read_header(reader)?;
            }
            XmlEvent::Start(element) if ours(&element) && element.local == "body" => read_body(reader, file)?,
            XmlEvent::Start(_) => reader.skip_element()?,
            XmlEvent::Text(_) => {}
            XmlEvent::End => return Ok(()),
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
}

fn read_header(reader: &mut Reader) -> Result<Vec<Note>, FormatError> {
    let mut notes = Vec::new();
    loop {
        match reader.next_event()? {
            XmlEvent::Start(element) if ours(&element) && element.local == "note" => {
                notes.push(read_note(reader, &element)?);
            }
            XmlEvent::Start(_) => reader.skip_element()?,
            XmlEvent::Text(_) => {}
            XmlEvent::End => return Ok(notes),
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
}

fn read_note(reader: &mut Reader, element: &Element) -> Result<Note, FormatError> {
    // 1.2 priorities are 1 to 10 like 2.x; a value a tool got wrong is dropped, not fatal.
    let priority = element.attr("priority").and_then(|p| p.trim().parse::<u8>().ok());
    let category = element.attr("from").map(str::to_string);
    Ok(Note { category, priority, text: reader.element_text()? })
}

/// Units of a `<body>` or a `<group>`, groups flattened.
fn read_body(reader: &mut Reader, file: &mut xliff2::File) -> Result<(), FormatError> {
    loop {
        match reader.next_event()? {
            XmlEvent::Start(element) if ours(&element) && element.local == "trans-unit" => {
                let id = required(reader, &element, "id")?.to_string();
                let unit = read_unit(reader, &element, id.clone()).map_err(|e| e.in_unit(Some(&id)))?;
                file.units.push(unit);
            }
            XmlEvent::Start(element) if ours(&element) && element.local == "group" => read_body(reader, file)?,
            XmlEvent::Start(_) => reader.skip_element()?,
            XmlEvent::Text(_) => {}
            XmlEvent::End => return Ok(()),
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
}

/// What a `<source>`, `<seg-source>` or `<target>` holds: its content, and the segments a tool marked in it.
#[derive(Default)]
struct Read {
    content: Content,
    /// `<mrk mtype="seg">` contents, in order; empty when the tool did not segment.
    segments: Vec<Content>,
}

fn read_unit(reader: &mut Reader, element: &Element, id: String) -> Result<xliff2::Unit, FormatError> {
    let mut notes = Vec::new();
    let mut dropped = Vec::new();
    let mut source = None;
    let mut seg_source = None;
    let mut target = None;
    let mut target_state = None;
    loop {
        match reader.next_event()? {
            XmlEvent::Start(child) if ours(&child) => match child.local.as_str() {
                "source" => source = Some(read_content(reader, &mut dropped)?),
                "seg-source" => seg_source = Some(read_content(reader, &mut dropped)?),
                "target" => {
                    target_state = child.attr("state").map(str::to_string);
                    target = Some(read_content(reader, &mut dropped)?);
                }
                "note" => notes.push(read_note(reader, &child)?),
                _ => reader.skip_element()?,
            },
            XmlEvent::Start(_) => reader.skip_element()?,
            XmlEvent::Text(_) => {}
            XmlEvent::End => break,
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
    let source = source.ok_or_else(|| {
        reader.error_at(
            element.pos,
            FormatErrorKind::MissingElement { parent: "trans-unit".into(), element: "source".into() },
        )
    })?;
    let approved = element.attr("approved") == Some("yes");
    let mut state = match (approved, target_state.as_deref()) {
        (true, _) | (false, Some("final")) => State::Final,
        (false, Some("signed-off")) => State::Reviewed,
        (false, Some("translated")) => State::Translated,
        _ => State::Initial,
    };
    // Segments the tool marked in the source that have no text in the target.
    let mut untranslated_segments = 0;
    if let (Some(seg_source), Some(target)) = (&seg_source, &target) {
        let wanted = seg_source.segments.len();
        let done = target.segments.iter().filter(|s| !s.is_empty()).count();
        if wanted > 0 && done < wanted && !target.content.is_empty() {
            untranslated_segments = wanted - done;
            state = State::Initial;
        }
    }
    if !dropped.is_empty() {
        notes.push(Note {
            category: Some(DROPPED_CODES_CATEGORY.into()),
            priority: None,
            text: crate::t!("formats-xliff-dropped-codes", codes = dropped.join(", ")),
        });
    }
    // The copy of the source a package gives to translate over, still untouched: no translation yet.
    let target = target.filter(|t| state != State::Initial || t.content.plain_text() != source.content.plain_text());
    Ok(xliff2::Unit {
        id,
        name: element.attr("resname").map(str::to_string),
        notes,
        source: source.content,
        target: target.map(|t| t.content),
        state,
        untranslated_segments,
    })
}

fn read_content(reader: &mut Reader, dropped: &mut Vec<String>) -> Result<Read, FormatError> {
    let mut read = Read::default();
    read_inline(reader, &mut read.content, &mut read.segments, dropped)?;
    Ok(read)
}

/// Inline content up to the end of the current element.
fn read_inline(
    reader: &mut Reader,
    out: &mut Content,
    segments: &mut Vec<Content>,
    dropped: &mut Vec<String>,
) -> Result<(), FormatError> {
    loop {
        match reader.next_event()? {
            XmlEvent::Text(text) => push_text(out, &text),
            XmlEvent::Start(element) if ours(&element) => match element.local.as_str() {
                "x" => {
                    let id = required(reader, &element, "id")?.to_string();
                    let equiv = element.attr("equiv-text").map(str::to_string);
                    out.0.push(Inline::Placeholder { id, equiv, disp: None });
                    reader.skip_element()?;
                }
                "mrk" if element.attr("mtype") == Some("seg") => {
                    let mut inner = Content::default();
                    read_inline(reader, &mut inner, &mut Vec::new(), dropped)?;
                    for inline in inner.0.iter().cloned() {
                        push_inline(out, inline);
                    }
                    segments.push(inner);
                }
                "mrk" if element.attr("mtype") == Some("term") => {
                    let id = element.attr("mid").unwrap_or_default().to_string();
                    let value = element.attr("comment").map(str::to_string);
                    let mut inner = Content::default();
                    read_inline(reader, &mut inner, segments, dropped)?;
                    out.0.push(Inline::Term { id, value, reference: None, text: inner.plain_text() });
                }
                // Protected text, other markers and paired formatting: their text stays, the markup goes.
                "mrk" => read_inline(reader, out, segments, dropped)?,
                "g" => {
                    note_dropped(dropped, &element);
                    read_inline(reader, out, segments, dropped)?;
                }
                "bx" | "ex" | "ph" | "bpt" | "ept" | "it" => {
                    note_dropped(dropped, &element);
                    reader.skip_element()?;
                }
                _ => reader.skip_element()?,
            },
            XmlEvent::Start(_) => reader.skip_element()?,
            XmlEvent::End => return Ok(()),
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
}

fn push_text(out: &mut Content, text: &str) {
    push_inline(out, Inline::Text(text.to_string()));
}

/// Appends, merging adjacent text runs (the 2.x reader's normal form).
fn push_inline(out: &mut Content, inline: Inline) {
    match (out.0.last_mut(), inline) {
        (_, Inline::Text(text)) if text.is_empty() => {}
        (Some(Inline::Text(last)), Inline::Text(text)) => last.push_str(&text),
        (_, inline) => out.0.push(inline),
    }
}

/// Records a dropped code once per unit ("g 1", "bpt 2").
fn note_dropped(dropped: &mut Vec<String>, element: &Element) {
    let label = match element.attr("id") {
        Some(id) => format!("{} {id}", element.local),
        None => element.local.clone(),
    };
    if !dropped.contains(&label) {
        dropped.push(label);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::xliff2::{Document, File, Unit};

    #[test]
    fn units_targets_states_and_placeholders() {
        let doc = Document {
            src_lang: "vi".into(),
            trg_lang: Some("en".into()),
            files: vec![File {
                id: "f1".into(),
                original: None,
                notes: vec![Note::new("Article & notes")],
                units: vec![
                    Unit {
                        id: "s1".into(),
                        name: Some("headline".into()),
                        notes: vec![],
                        source: Content(vec![
                            Inline::Text("Giá <b> ".into()),
                            Inline::Placeholder { id: "ph1".into(), equiv: Some("{0}".into()), disp: None },
                            Inline::Term {
                                id: "t1".into(),
                                value: Some("Price".into()),
                                reference: None,
                                text: "giá".into(),
                            },
                        ]),
                        target: Some(Content::text("Price")),
                        state: State::Translated,
                        untranslated_segments: 0,
                    },
                    Unit {
                        id: "s2".into(),
                        name: None,
                        notes: vec![],
                        source: Content::text("Chào"),
                        target: None,
                        state: State::Initial,
                        untranslated_segments: 0,
                    },
                ],
            }],
        };
        let xml = write(&doc);
        assert!(
            xml.contains("<file original=\"f1\" source-language=\"vi\" target-language=\"en\" datatype=\"plaintext\">")
        );
        assert!(xml.contains("<header>\n      <note>Article &amp; notes</note>"));
        assert!(xml.contains("<source>Giá &lt;b&gt; <x id=\"ph1\" equiv-text=\"{0}\"/><mrk mtype=\"term\" mid=\"t1\" comment=\"Price\">giá</mrk></source>"), "{xml}");
        assert!(xml.contains("<target state=\"translated\">Price</target>"));
        // No target: a copy of the source to translate over.
        assert!(
            xml.contains("<source>Chào</source>\n        <target state=\"needs-translation\">Chào</target>"),
            "{xml}"
        );
    }
    #[test]
    fn what_it_writes_reads_back() {
        let doc = Document {
            src_lang: "vi".into(),
            trg_lang: Some("en".into()),
            files: vec![File {
                id: "bai-1".into(),
                original: Some("articles/bai 1.md".into()),
                notes: vec![Note::new("Tiêu đề")],
                units: vec![
                    Unit {
                        id: "s1".into(),
                        name: Some("headline".into()),
                        notes: vec![],
                        source: Content(vec![
                            Inline::Text("Giá ".into()),
                            Inline::Placeholder { id: "ph1".into(), equiv: Some("{0}".into()), disp: None },
                        ]),
                        target: Some(Content(vec![
                            Inline::Text("Price ".into()),
                            Inline::Placeholder { id: "ph1".into(), equiv: Some("{0}".into()), disp: None },
                        ])),
                        state: State::Final,
                        untranslated_segments: 0,
                    },
                    Unit {
                        id: "s2".into(),
                        name: None,
                        notes: vec![Note { category: Some("dich:origin".into()), priority: Some(2), text: "n".into() }],
                        source: Content::text("Chào"),
                        target: Some(Content::text("Hello")),
                        state: State::Translated,
                        untranslated_segments: 0,
                    },
                ],
            }],
        };
        let xml = write(&doc);
        assert!(xml.contains("<trans-unit id=\"s1\" resname=\"headline\" approved=\"yes\">"), "{xml}");
        assert!(!xml.contains("<trans-unit id=\"s2\" approved"), "{xml}");
        assert_eq!(read(&xml).unwrap(), doc);
        assert_eq!(crate::formats::read_xliff(&xml).unwrap(), doc);
    }

    #[test]
    fn states_as_cat_tools_leave_them() {
        let xml = r#"<?xml version="1.0"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="a1" source-language="vi-VN" target-language="en-US" datatype="plaintext"><body>
  <group id="g"><trans-unit id="u1" approved="yes"><source>a</source><target>A</target></trans-unit></group>
  <trans-unit id="u2"><source>b</source><target state="signed-off">B</target></trans-unit>
  <trans-unit id="u3"><source>c</source><target state="translated">C</target></trans-unit>
  <trans-unit id="u4"><source>d</source><target state="needs-review-translation">D?</target></trans-unit>
  <trans-unit id="u5"><source>e</source><target>E</target></trans-unit>
  <trans-unit id="u6"><source>f</source><target state="new"/></trans-unit>
  <trans-unit id="u7"><source>g</source></trans-unit>
  <trans-unit id="u8" approved="no"><source>h</source><target state="final">H</target></trans-unit>
 </body></file></xliff>"#;
        let doc = read(xml).unwrap();
        assert_eq!((doc.src_lang.as_str(), doc.trg_lang.as_deref()), ("vi-VN", Some("en-US")));
        let states: Vec<State> = doc.files[0].units.iter().map(|u| u.state).collect();
        use State::*;
        assert_eq!(states, [Final, Reviewed, Translated, Initial, Initial, Initial, Initial, Final]);
        assert_eq!(doc.files[0].units[6].target, None);
    }

    #[test]
    fn a_unit_split_by_the_tool_is_translated_only_whole() {
        let xml = r#"<xliff version="1.2"><file original="a" source-language="vi" target-language="en" datatype="x"><body>
  <trans-unit id="u1"><source>Một. Hai.</source>
   <seg-source><mrk mtype="seg" mid="1">Một.</mrk> <mrk mtype="seg" mid="2">Hai.</mrk></seg-source>
   <target state="translated"><mrk mtype="seg" mid="1">One.</mrk> <mrk mtype="seg" mid="2"></mrk></target></trans-unit>
  <trans-unit id="u2"><source>Ba. Bốn.</source>
   <seg-source><mrk mtype="seg" mid="1">Ba.</mrk> <mrk mtype="seg" mid="2">Bốn.</mrk></seg-source>
   <target state="translated"><mrk mtype="seg" mid="1">Three.</mrk> <mrk mtype="seg" mid="2">Four.</mrk></target></trans-unit>
 </body></file></xliff>"#;
        let units = &read(xml).unwrap().files[0].units;
        assert_eq!((units[0].state, units[0].untranslated_segments), (State::Initial, 1));
        assert_eq!((units[1].state, units[1].untranslated_segments), (State::Translated, 0));
        assert_eq!(units[1].target.as_ref().unwrap().plain_text(), "Three. Four.");
    }

    #[test]
    fn inline_codes_keep_their_text() {
        let xml = r#"<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="vi" target-language="en" datatype="plaintext"><body>
  <trans-unit id="u1"><source>Ông <mrk mtype="protected" mid="p1">Lê Thị Thu Hà</mrk> tại <g id="1">Đà Lạt</g><x id="ph1" equiv-text="{0}"/><bpt id="2">&lt;b&gt;</bpt></source>
   <target state="translated">Ms <mrk mtype="protected" mid="p1">Le Thi Thu Ha</mrk> in <g id="1">Da Lat</g><x id="ph1" equiv-text="{0}"/></target>
   <note from="dich:term" priority="1">Đà Lạt → Da Lat</note><alt-trans><target>x</target></alt-trans></trans-unit>
 </body></file></xliff>"#;
        let unit = &read(xml).unwrap().files[0].units[0];
        assert_eq!(unit.source.plain_text(), "Ông Lê Thị Thu Hà tại Đà Lạt{0}");
        assert_eq!(unit.target.as_ref().unwrap().plain_text(), "Ms Le Thi Thu Ha in Da Lat{0}");
        assert_eq!(unit.source.placeholder_ids(), ["ph1"]);
        assert_eq!(unit.notes[0].text, "Đà Lạt → Da Lat");
        assert!(unit.notes[1].text.contains("g 1") && unit.notes[1].text.contains("bpt 2"), "{:?}", unit.notes);
    }

    #[test]
    fn broken_files_are_named() {
        let err = read("<xliff version=\"1.2\"><file source-language=\"vi\"/></xliff>").unwrap_err();
        assert!(matches!(err.kind, FormatErrorKind::MissingAttribute { ref attribute, .. } if attribute == "original"));
        let err = read("<xliff version=\"1.2\"><file original=\"a\" source-language=\"vi\"><body>\n<trans-unit id=\"u9\"><target>x</target></trans-unit></body></file></xliff>").unwrap_err();
        assert_eq!((err.unit.as_deref(), err.line), (Some("u9"), 2));
        assert!(read("<xliff version=\"1.2\"></xliff>").is_err());
    }
}
