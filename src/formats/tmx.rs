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
//! [`stream`] reads the same documents unit by unit from a file of any size, skipping a bad unit and
//! going on.
//!
//! Dates are kept as written; [`date_from_rfc3339`] and [`date_to_rfc3339`] convert to and from TMX form.

use serde::{Deserialize, Serialize};

use std::io::BufRead;

use super::xml::{escape_attr, escape_text, push_optional_attr, Element, StreamReader, XmlEvent, XmlSource};
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

/// Reads a TMX document (1.4b, and the 1.1–1.4 forms CAT tools still write) whole: the units of [`stream`],
/// where a unit that cannot be read fails the document.
pub fn read(xml: &str) -> Result<Document, FormatError> {
    let mut stream = stream(xml.as_bytes())?;
    let mut units = Vec::new();
    for item in &mut stream {
        match item? {
            StreamItem::Unit { tu, .. } => units.push(tu),
            StreamItem::Skipped(error) => return Err(error),
        }
    }
    Ok(Document { header: stream.header, units })
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

fn read_tu<R: XmlSource>(reader: &mut R, element: &Element) -> Result<Tu, FormatError> {
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

fn read_prop<R: XmlSource>(reader: &mut R, element: &Element) -> Result<(String, String), FormatError> {
    let kind = element.attr("type").unwrap_or("").to_string();
    Ok((kind, reader.element_text()?))
}

fn read_tuv<R: XmlSource>(reader: &mut R, element: &Element) -> Result<Tuv, FormatError> {
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
fn read_seg<R: XmlSource>(reader: &mut R, out: &mut String) -> Result<(), FormatError> {
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
fn read_code_text<R: XmlSource>(reader: &mut R, out: &mut String) -> Result<(), FormatError> {
    loop {
        match reader.next_event()? {
            XmlEvent::Text(text) => out.push_str(&text),
            XmlEvent::Start(_) => reader.skip_element()?,
            XmlEvent::End => return Ok(()),
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
}

/// One item of a [`UnitStream`].
#[derive(Debug)]
pub enum StreamItem {
    /// A unit, with the line its `<tu>` starts on.
    Unit { tu: Tu, line: usize },
    /// A unit that could not be read (a `<tuv>` without a language, a `<seg>` missing, an unknown entity):
    /// the error names its line and tuid; the stream goes on after it.
    Skipped(FormatError),
}

/// The units of a TMX document, read one at a time (see [`stream`]).
pub struct UnitStream<R: BufRead> {
    reader: StreamReader<R>,
    header: Header,
    /// Inside `<body>`; false once it ended.
    in_body: bool,
    failed: bool,
}

/// Starts reading a TMX document from `input`: reads up to the first unit and returns the header. Memory
/// stays bounded by the largest unit, whatever the number of units.
pub fn stream<R: BufRead>(input: R) -> Result<UnitStream<R>, FormatError> {
    let mut reader = StreamReader::new(input);
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
    loop {
        match reader.next_event()? {
            XmlEvent::Start(element) if element.local == "header" => {
                header = Some(read_header(&element));
                reader.skip_element()?;
            }
            XmlEvent::Start(element) if element.local == "body" => {
                let header = header.ok_or_else(|| reader.error_at(element.pos, missing_kind("tmx", "header")))?;
                return Ok(UnitStream { reader, header, in_body: true, failed: false });
            }
            XmlEvent::Start(_) => reader.skip_element()?,
            XmlEvent::Text(_) => {}
            XmlEvent::End => {
                // A document without a body has no units.
                let header = header.ok_or_else(|| reader.error_at(root.pos, missing_kind("tmx", "header")))?;
                return Ok(UnitStream { reader, header, in_body: false, failed: false });
            }
            XmlEvent::Eof => return Err(reader.error(FormatErrorKind::UnexpectedEof)),
        }
    }
}

impl<R: BufRead> UnitStream<R> {
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Bytes of the document read so far (for a progress bar).
    pub fn position(&self) -> u64 {
        self.reader.position()
    }

    fn next_item(&mut self) -> Result<Option<StreamItem>, FormatError> {
        while self.in_body {
            match self.reader.next_event()? {
                XmlEvent::Start(element) if element.local == "tu" => {
                    let tuid = element.attr("tuid").map(str::to_string);
                    let line = self.reader.error_at(element.pos, FormatErrorKind::UnexpectedEof).line;
                    let depth = self.reader.depth();
                    return match read_tu(&mut self.reader, &element) {
                        Ok(tu) => Ok(Some(StreamItem::Unit { tu, line })),
                        Err(error) if recoverable(&error.kind) => {
                            // Skip what is left of the unit; its end tag brings the depth below where it began.
                            while self.reader.depth() >= depth {
                                if let XmlEvent::Eof = self.reader.next_event()? {
                                    return Err(self.reader.error(FormatErrorKind::UnexpectedEof));
                                }
                            }
                            Ok(Some(StreamItem::Skipped(error.in_unit(tuid.as_deref()))))
                        }
                        Err(error) => Err(error.in_unit(tuid.as_deref())),
                    };
                }
                XmlEvent::Start(_) => self.reader.skip_element()?,
                XmlEvent::Text(_) => {}
                XmlEvent::End => self.in_body = false,
                XmlEvent::Eof => return Err(self.reader.error(FormatErrorKind::UnexpectedEof)),
            }
        }
        // The rest of the document is read so that a broken end is still reported.
        loop {
            match self.reader.next_event()? {
                // A document cut after its body still lacks the end of its root.
                XmlEvent::Eof if self.reader.depth() > 0 => {
                    return Err(self.reader.error(FormatErrorKind::UnexpectedEof))
                }
                XmlEvent::Eof => return Ok(None),
                XmlEvent::Start(_) => self.reader.skip_element()?,
                XmlEvent::Text(_) | XmlEvent::End => {}
            }
        }
    }
}

/// Errors after which the parser can go on with the next unit: the unit's XML is well-formed but its content
/// is not what TMX asks for.
fn recoverable(kind: &FormatErrorKind) -> bool {
    matches!(
        kind,
        FormatErrorKind::UnknownEntity(_)
            | FormatErrorKind::MissingAttribute { .. }
            | FormatErrorKind::InvalidAttribute { .. }
            | FormatErrorKind::MissingElement { .. }
    )
}

impl<R: BufRead> Iterator for UnitStream<R> {
    /// A unit or a skipped unit; an error that ends the document (XML not well-formed, the file cut short) is
    /// the last item.
    type Item = Result<StreamItem, FormatError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let item = self.next_item().transpose();
        if matches!(item, Some(Err(_)) | None) {
            self.failed = true;
        }
        item
    }
}

fn missing_kind(parent: &str, element: &str) -> FormatErrorKind {
    FormatErrorKind::MissingElement { parent: parent.into(), element: element.into() }
}

fn missing<R: XmlSource>(reader: &R, parent: &str, element: &str) -> FormatError {
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
    /// Reads `xml` through [`stream`] in pieces of a few bytes, so that lines and columns are counted across
    /// buffer refills.
    fn streamed(xml: &str) -> (Vec<(Tu, usize)>, Vec<FormatError>, Option<FormatError>) {
        let input = std::io::BufReader::with_capacity(7, xml.as_bytes());
        let (mut units, mut skipped, mut fatal) = (Vec::new(), Vec::new(), None);
        match stream(input) {
            Err(e) => fatal = Some(e),
            Ok(units_in) => {
                for item in units_in {
                    match item {
                        Ok(StreamItem::Unit { tu, line }) => units.push((tu, line)),
                        Ok(StreamItem::Skipped(e)) => skipped.push(e),
                        Err(e) => fatal = Some(e),
                    }
                }
            }
        }
        (units, skipped, fatal)
    }

    #[test]
    fn a_document_streamed_in_pieces_of_a_few_bytes_reads_as_it_does_whole() {
        let doc = Document {
            header: Header::dich("vi"),
            units: (0..30)
                .map(|i| Tu {
                    tuid: Some(format!("u{i}")),
                    props: vec![("x-dich-state".into(), "approved".into())],
                    variants: vec![
                        Tuv { lang: "vi".into(), seg: format!("Câu số {i} về Hà Nội & <b>"), ..Tuv::default() },
                        Tuv { lang: "en".into(), seg: format!("Sentence {i}"), ..Tuv::default() },
                    ],
                    ..Tu::default()
                })
                .collect(),
        };
        let xml = write(&doc);
        let (units, skipped, fatal) = streamed(&xml);
        assert!(skipped.is_empty() && fatal.is_none(), "{skipped:?} {fatal:?}");
        assert_eq!(units.iter().map(|(tu, _)| tu.clone()).collect::<Vec<_>>(), read(&xml).unwrap().units);
        // Each unit starts on the line of its `<tu>`.
        let tu_lines: Vec<usize> = xml
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim_start().starts_with("<tu>") || l.trim_start().starts_with("<tu "))
            .map(|(i, _)| i + 1)
            .collect();
        assert_eq!(units.iter().map(|(_, line)| *line).collect::<Vec<_>>(), tu_lines);
    }

    #[test]
    fn a_bad_unit_is_skipped_with_its_line_and_the_rest_is_read() {
        let xml = "\u{FEFF}<tmx version=\"1.4\"><header srclang=\"vi\"/><body>\n\
                   <tu tuid=\"1\"><tuv xml:lang=\"vi\"><seg>một</seg></tuv></tu>\n\
                   <tu tuid=\"2\">\n  <tuv><seg>hai</seg></tuv><tuv xml:lang=\"en\"><seg>two</seg></tuv></tu>\n\
                   <tu tuid=\"3\"><tuv xml:lang=\"vi\"><seg>ba &nbsp;</seg></tuv></tu>\n\
                   <tu tuid=\"4\"><tuv xml:lang=\"vi\"><seg>bốn</seg></tuv></tu>\n\
                   </body></tmx>\n";
        let (units, skipped, fatal) = streamed(xml);
        assert!(fatal.is_none(), "{fatal:?}");
        let segs: Vec<&str> = units.iter().map(|(tu, _)| tu.variants[0].seg.as_str()).collect();
        assert_eq!(segs, ["một", "bốn"]);
        assert_eq!(units.iter().map(|(_, line)| *line).collect::<Vec<_>>(), [2, 6]);
        assert_eq!(skipped.len(), 2);
        assert_eq!((skipped[0].line, skipped[0].column, skipped[0].unit.as_deref()), (4, 3, Some("2")));
        assert!(matches!(skipped[0].kind, FormatErrorKind::MissingAttribute { .. }));
        // The entity itself is pointed at, as the document reader does.
        let whole = read(xml).unwrap_err();
        assert_eq!((skipped[1].line, skipped[1].column), (5, 41));
        assert_eq!((whole.line, whole.column), (4, 3));
    }

    #[test]
    fn a_broken_document_ends_the_stream_with_its_line() {
        let xml = "<tmx version=\"1.4\"><header srclang=\"vi\"/><body>\n\
                   <tu><tuv xml:lang=\"vi\"><seg>một</seg></tuv></tu>\n\
                   <tu><tuv xml:lang=\"vi\"><seg>hai</sek></tuv></tu>\n\
                   <tu><tuv xml:lang=\"vi\"><seg>ba</seg></tuv></tu>\n</body></tmx>";
        let (units, skipped, fatal) = streamed(xml);
        assert_eq!(units.len(), 1);
        assert!(skipped.is_empty());
        let fatal = fatal.expect("an error");
        assert_eq!(fatal.line, 3);
        assert!(matches!(fatal.kind, FormatErrorKind::Malformed(_)), "{fatal:?}");
        let (_, _, fatal) = streamed("<tmx><body></body></tmx>");
        assert!(matches!(fatal.unwrap().kind, FormatErrorKind::MissingElement { .. }));
        // Cut after its body: every unit is read, and the cut is still reported.
        let whole = "<tmx version=\"1.4\"><header srclang=\"vi\"/><body>\n\
                     <tu><tuv xml:lang=\"vi\"><seg>một</seg></tuv></tu>\n</body>\n</tmx>";
        let (units, _, fatal) = streamed(whole);
        assert!(units.len() == 1 && fatal.is_none(), "{fatal:?}");
        let (units, _, fatal) = streamed(&whole[..whole.len() - "</tmx>".len()]);
        assert_eq!(units.len(), 1);
        assert!(matches!(fatal.expect("the cut end").kind, FormatErrorKind::UnexpectedEof));
    }
}
