//! TMX 1.4b (translation memory exchange), as written and read by CAT tools.
//!
//! [`write`] produces a deterministic document without a DOCTYPE: the DTD is optional in TMX, and a
//! `SYSTEM "tmx14.dtd"` line makes some validating parsers look for a file that is never there.
//!
//! [`read`] accepts `xml:lang` and the older `lang` on `<tuv>`, a plain DOCTYPE (never fetched; one with an
//! internal subset or entity declarations is refused), and inline elements inside `<seg>`, which become plain
//! text this way:
//! - `<hi>` (highlighted translatable text): its text is kept;
//! - `<ph>` (a standalone native code such as `{0}` or `%s`): its code text is kept, so the sentence keeps
//!   the placeholder where it stood;
//! - `<bpt>`, `<ept>`, `<it>`, `<ut>` (formatting codes such as `<b>`): dropped, with any `<sub>` inside;
//! - anything else unknown: dropped.
//!
//! Notes and props of the header and notes of a `<tuv>` are not kept. Missing header attributes read as "".
//! Dates are kept as written; [`date_from_rfc3339`] and [`date_to_rfc3339`] convert to and from TMX form.

use serde::{Deserialize, Serialize};

use super::xml::{escape_attr, escape_text, push_optional_attr, Element, Reader, XmlEvent};
use super::{FormatError, FormatErrorKind};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub header: Header,
    pub units: Vec<Tu>,
}

/// The `<header>` attributes, all required by TMX.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub srclang: String,
    pub adminlang: String,
    pub creationtool: String,
    pub creationtoolversion: String,
    /// "block", "paragraph", "sentence" or "phrase".
    pub segtype: String,
    /// Format of the memory the file was exported from (`o-tmf`).
    pub o_tmf: String,
    /// "plaintext", "html", "xml", …
    pub datatype: String,
}

impl Header {
    /// The header dich writes: sentence segments of plain text, created by this version of dich.
    pub fn dich(srclang: &str) -> Header {
        Header {
            srclang: srclang.to_string(),
            adminlang: "en".into(),
            creationtool: "dich".into(),
            creationtoolversion: env!("CARGO_PKG_VERSION").into(),
            segtype: "sentence".into(),
            o_tmf: "dich".into(),
            datatype: "plaintext".into(),
        }
    }
}

/// A translation unit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tu {
    pub tuid: Option<String>,
    /// TMX date form, `YYYYMMDDThhmmssZ`.
    pub creationdate: Option<String>,
    pub changedate: Option<String>,
    /// `<prop type="..">value</prop>` in order.
    pub props: Vec<(String, String)>,
    pub notes: Vec<String>,
    pub variants: Vec<Tuv>,
}

/// One language variant of a unit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tuv {
    pub lang: String,
    /// The segment as plain text.
    pub seg: String,
    pub creationdate: Option<String>,
    pub changedate: Option<String>,
    pub props: Vec<(String, String)>,
}

/// `2024-03-05T07:08:09+07:00` → `20240305T000809Z` (converted to UTC). `None` if it is not RFC 3339.
pub fn date_from_rfc3339(s: &str) -> Option<String> {
    let date = chrono::DateTime::parse_from_rfc3339(s.trim()).ok()?;
    Some(date.with_timezone(&chrono::Utc).format("%Y%m%dT%H%M%SZ").to_string())
}

/// `20240305T000809Z` → `2024-03-05T00:08:09Z`. `None` if it is not a TMX date.
pub fn date_to_rfc3339(s: &str) -> Option<String> {
    let date = chrono::NaiveDateTime::parse_from_str(s.trim(), "%Y%m%dT%H%M%SZ").ok()?;
    Some(date.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

// ---------------------------------------------------------------------------------------------------------
// Writing

/// Writes `doc` as TMX 1.4b, deterministically.
pub fn write(doc: &Document) -> String {
    let h = &doc.header;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n");
    out.push_str(&format!(
        "  <header creationtool=\"{}\" creationtoolversion=\"{}\" segtype=\"{}\" o-tmf=\"{}\" adminlang=\"{}\" \
         srclang=\"{}\" datatype=\"{}\"/>\n",
        escape_attr(&h.creationtool),
        escape_attr(&h.creationtoolversion),
        escape_attr(&h.segtype),
        escape_attr(&h.o_tmf),
        escape_attr(&h.adminlang),
        escape_attr(&h.srclang),
        escape_attr(&h.datatype),
    ));
    out.push_str("  <body>\n");
    for tu in &doc.units {
        out.push_str("    <tu");
        push_optional_attr(&mut out, "tuid", tu.tuid.as_deref());
        push_optional_attr(&mut out, "creationdate", tu.creationdate.as_deref());
        push_optional_attr(&mut out, "changedate", tu.changedate.as_deref());
        out.push_str(">\n");
        write_props(&mut out, &tu.props, 6);
        for note in &tu.notes {
            out.push_str(&format!("      <note>{}</note>\n", escape_text(note)));
        }
        for tuv in &tu.variants {
            out.push_str(&format!("      <tuv xml:lang=\"{}\"", escape_attr(&tuv.lang)));
            push_optional_attr(&mut out, "creationdate", tuv.creationdate.as_deref());
            push_optional_attr(&mut out, "changedate", tuv.changedate.as_deref());
            out.push_str(">\n");
            write_props(&mut out, &tuv.props, 8);
            out.push_str(&format!("        <seg>{}</seg>\n      </tuv>\n", escape_text(&tuv.seg)));
        }
        out.push_str("    </tu>\n");
    }
    out.push_str("  </body>\n</tmx>\n");
    out
}

fn write_props(out: &mut String, props: &[(String, String)], indent: usize) {
    let pad = " ".repeat(indent);
    for (kind, value) in props {
        out.push_str(&format!("{pad}<prop type=\"{}\">{}</prop>\n", escape_attr(kind), escape_text(value)));
    }
}

// ---------------------------------------------------------------------------------------------------------
// Reading

/// Reads a TMX document (1.4b, and the 1.1–1.4 forms CAT tools still write).
pub fn read(xml: &str) -> Result<Document, FormatError> {
    let mut reader = Reader::new(xml);
    let root = loop {
        match reader.next_event()? {
            XmlEvent::Start(element) => break element,
            XmlEvent::Text(_) | XmlEvent::End => {}
            XmlEvent::Eof => return Err(missing(&reader, "document", "tmx")),
        }
    };
    if root.local != "tmx" || root.ns.is_some() {
        return Err(
            reader.error_at(root.pos, FormatErrorKind::WrongRoot { expected: "tmx".into(), found: root.local.clone() })
        );
    }
    let mut header = None;
    let mut units = Vec::new();
    loop {
        match reader.next_event()? {
            XmlEvent::Start(element) if element.local == "header" => {
                header = Some(read_header(&element));
                reader.skip_element()?;
            }
            XmlEvent::Start(element) if element.local == "body" => read_body(&mut reader, &mut units)?,
            XmlEvent::Start(_) => reader.skip_element()?,
            XmlEvent::Text(_) => {}
            XmlEvent::End => break,
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
    let header = header.ok_or_else(|| reader.error_at(root.pos, missing_kind("tmx", "header")))?;
    Ok(Document { header, units })
}

fn read_header(element: &Element) -> Header {
    let get = |name: &str| element.attr(name).unwrap_or("").to_string();
    Header {
        srclang: get("srclang"),
        adminlang: get("adminlang"),
        creationtool: get("creationtool"),
        creationtoolversion: get("creationtoolversion"),
        segtype: get("segtype"),
        o_tmf: get("o-tmf"),
        datatype: get("datatype"),
    }
}

fn read_body(reader: &mut Reader, units: &mut Vec<Tu>) -> Result<(), FormatError> {
    loop {
        match reader.next_event()? {
            XmlEvent::Start(element) if element.local == "tu" => {
                let tuid = element.attr("tuid").map(str::to_string);
                let tu = read_tu(reader, &element).map_err(|e| e.in_unit(tuid.as_deref()))?;
                units.push(tu);
            }
            XmlEvent::Start(_) => reader.skip_element()?,
            XmlEvent::Text(_) => {}
            XmlEvent::End => return Ok(()),
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
}

fn read_tu(reader: &mut Reader, element: &Element) -> Result<Tu, FormatError> {
    let mut tu = Tu {
        tuid: element.attr("tuid").map(str::to_string),
        creationdate: element.attr("creationdate").map(str::to_string),
        changedate: element.attr("changedate").map(str::to_string),
        ..Tu::default()
    };
    loop {
        match reader.next_event()? {
            XmlEvent::Start(child) => match child.local.as_str() {
                "prop" => tu.props.push(read_prop(reader, &child)?),
                "note" => tu.notes.push(reader.element_text()?),
                "tuv" => tu.variants.push(read_tuv(reader, &child)?),
                _ => reader.skip_element()?,
            },
            XmlEvent::Text(_) => {}
            XmlEvent::End => return Ok(tu),
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
}

fn read_prop(reader: &mut Reader, element: &Element) -> Result<(String, String), FormatError> {
    let kind = element.attr("type").unwrap_or("").to_string();
    Ok((kind, reader.element_text()?))
}

fn read_tuv(reader: &mut Reader, element: &Element) -> Result<Tuv, FormatError> {
    let lang = element.attr("xml:lang").or_else(|| element.attr("lang")).ok_or_else(|| {
        reader.error_at(
            element.pos,
            FormatErrorKind::MissingAttribute { element: "tuv".into(), attribute: "xml:lang".into() },
        )
    })?;
    let mut tuv = Tuv {
        lang: lang.to_string(),
        creationdate: element.attr("creationdate").map(str::to_string),
        changedate: element.attr("changedate").map(str::to_string),
        ..Tuv::default()
    };
    let mut seg = None;
    loop {
        match reader.next_event()? {
            XmlEvent::Start(child) => match child.local.as_str() {
                "prop" => tuv.props.push(read_prop(reader, &child)?),
                "seg" => {
                    let mut text = String::new();
                    read_seg(reader, &mut text)?;
                    seg = Some(text);
                }
                _ => reader.skip_element()?,
            },
            XmlEvent::Text(_) => {}
            XmlEvent::End => break,
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
    tuv.seg = seg.ok_or_else(|| reader.error_at(element.pos, missing_kind("tuv", "seg")))?;
    Ok(tuv)
}

/// Collects the text of a `<seg>` (or of a `<hi>` inside it) into `out`; see the module docs for codes.
fn read_seg(reader: &mut Reader, out: &mut String) -> Result<(), FormatError> {
    loop {
        match reader.next_event()? {
            XmlEvent::Text(text) => out.push_str(&text),
            XmlEvent::Start(child) => match child.local.as_str() {
                "hi" => read_seg(reader, out)?,
                "ph" => read_code_text(reader, out)?,
                _ => reader.skip_element()?,
            },
            XmlEvent::End => return Ok(()),
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
}

/// The native code text of a `<ph>`, without its `<sub>` flows.
fn read_code_text(reader: &mut Reader, out: &mut String) -> Result<(), FormatError> {
    loop {
        match reader.next_event()? {
            XmlEvent::Text(text) => out.push_str(&text),
            XmlEvent::Start(_) => reader.skip_element()?,
            XmlEvent::End => return Ok(()),
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
}

fn missing_kind(parent: &str, element: &str) -> FormatErrorKind {
    FormatErrorKind::MissingElement { parent: parent.into(), element: element.into() }
}

fn missing(reader: &Reader, parent: &str, element: &str) -> FormatError {
    reader.error(missing_kind(parent, element))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_convert_both_ways() {
        assert_eq!(date_from_rfc3339("2024-03-05T07:08:09+07:00").as_deref(), Some("20240305T000809Z"));
        assert_eq!(date_to_rfc3339("20240305T000809Z").as_deref(), Some("2024-03-05T00:08:09Z"));
        assert_eq!(date_to_rfc3339("2024-03-05"), None);
        assert_eq!(date_from_rfc3339("yesterday"), None);
    }

    #[test]
    fn seg_codes_become_text() {
        let xml = "<tmx version=\"1.4\"><header srclang=\"vi\"/><body><tu><tuv lang=\"vi\">\
                   <seg><bpt i=\"1\">&lt;b&gt;</bpt>Hà <hi>Nội</hi><ept i=\"1\">&lt;/b&gt;</ept> {<ph>0</ph>}</seg>\
                   </tuv></tu></body></tmx>";
        let doc = read(xml).unwrap();
        assert_eq!(doc.units[0].variants[0].seg, "Hà Nội {0}");
        assert_eq!(doc.units[0].variants[0].lang, "vi");
        assert_eq!(doc.header.srclang, "vi");
        assert_eq!(doc.header.o_tmf, "");
    }

    #[test]
    fn a_tuv_without_language_names_its_unit() {
        let xml = "<tmx version=\"1.4\"><header/><body>\n<tu tuid=\"42\">\n  <tuv><seg>x</seg></tuv></tu></body></tmx>";
        let err = read(xml).unwrap_err();
        assert_eq!(err.unit.as_deref(), Some("42"));
        assert_eq!((err.line, err.column), (3, 3));
    }
}
