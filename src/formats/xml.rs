//! XML plumbing shared by the XLIFF and TMX readers and writers.
//!
//! Writing: [`escape_text`] and [`escape_attr`] escape markup characters and drop the characters XML 1.0
//! forbids (C0 controls other than tab, LF and CR; U+FFFE; U+FFFF), so every file we write is well-formed.
//!
//! Reading: [`Reader`] wraps quick-xml with a safe setup. A DOCTYPE with an internal subset, or any ENTITY
//! declaration, is refused; nothing is ever fetched; only the five predefined entities and numeric character
//! references are decoded. Line endings are normalized as an XML processor must (CRLF and CR become LF), and
//! literal whitespace in attribute values becomes a space. Every error carries a line and column.

use std::collections::VecDeque;
use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use super::{FormatError, FormatErrorKind};

/// True for characters XML 1.0 allows in a document (the `Char` production).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes element text; drops forbidden characters. CR is written as `&#13;` so a reader gets it back.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            // `>` only matters after `]]`, but escaping it always is simpler and still readable.
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Escapes an attribute value for double quotes; tab, LF and CR become character references because a
/// reader turns literal ones into spaces.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Appends ` name="value"` (escaped) when there is a value.
pub fn push_optional_attr(out: &mut String, name: &str, value: Option<&str>) {
    if let Some(value) = value {
        out.push_str(&format!(" {name}=\"{}\"", escape_attr(value)));
    }
}

/// Line and column (both from 1, column in characters) of byte offset `pos` in `src`.
pub fn line_column(src: &str, pos: usize) -> (usize, usize) {
    let mut pos = pos.min(src.len());
    while !src.is_char_boundary(pos) {
        pos -= 1;
    }
    let before = &src[..pos];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// An element start, with its namespace resolved. Empty elements are reported as a start and an end.
#[derive(Debug, Clone)]
pub struct Element {
    /// Namespace URI, `None` when the element is in no namespace.
    pub ns: Option<String>,
    pub local: String,
    /// Attributes by qualified name as written (`id`, `xml:lang`, `mtc:foo`), values decoded.
    pub attrs: Vec<(String, String)>,
    /// Byte offset of the `<` that starts the element.
    pub pos: usize,
}

impl Element {
    /// The value of the attribute with this exact qualified name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn is(&self, ns: &str, local: &str) -> bool {
        self.ns.as_deref() == Some(ns) && self.local == local
    }
}

#[derive(Debug)]
pub enum XmlEvent {
    Start(Element),
    End,
    /// Decoded character data (text and CDATA).
    Text(String),
    Eof,
}

/// Deepest element nesting accepted. The format readers recurse over nested elements (groups, paired codes);
/// a hostile file nesting thousands of them must get an error, not overflow the stack.
pub const MAX_DEPTH: usize = 200;

/// What the format readers need from a pull reader: events, error positions and the open-element depth.
/// Implemented by [`Reader`] (a document in memory) and [`StreamReader`] (a file read piece by piece).
pub trait XmlSource {
    fn next_event(&mut self) -> Result<XmlEvent, FormatError>;
    /// An error at byte offset `pos` (the start of an event read recently).
    fn error_at(&self, pos: usize, kind: FormatErrorKind) -> FormatError;
    /// An error at the start of the event read last.
    fn error(&self, kind: FormatErrorKind) -> FormatError;
    /// Elements open at the current position.
    fn depth(&self) -> usize;

    /// Skips the rest of an element whose start was just read.
    fn skip_element(&mut self) -> Result<(), FormatError> {
        let mut depth = 1usize;
        while depth > 0 {
            match self.next_event()? {
                XmlEvent::Start(_) => depth += 1,
                XmlEvent::End => depth -= 1,
                XmlEvent::Text(_) => {}
                XmlEvent::Eof => return Err(self.error(FormatErrorKind::UnexpectedEof)),
            }
        }
        Ok(())
    }

    /// The text of an element whose start was just read; child elements contribute their text.
    fn element_text(&mut self) -> Result<String, FormatError> {
        let mut out = String::new();
        let mut depth = 1usize;
        while depth > 0 {
            match self.next_event()? {
                XmlEvent::Start(_) => depth += 1,
                XmlEvent::End => depth -= 1,
                XmlEvent::Text(t) => out.push_str(&t),
                XmlEvent::Eof => return Err(self.error(FormatErrorKind::UnexpectedEof)),
            }
        }
        Ok(out)
    }
}

/// Why an event could not be turned into an [`XmlEvent`]: the kind, and a byte offset from the event start
/// when the problem is inside it (an unknown entity in a text).
type EventError = (FormatErrorKind, usize);

/// Turns one quick-xml event into an [`XmlEvent`], with the safety rules of the module documentation; `None` for
/// events the readers never see (declarations, comments, processing instructions, a harmless DOCTYPE).
/// `depth` is the open-element count, kept here.
fn convert(
    ns: Option<String>,
    event: Event<'_>,
    depth: &mut usize,
    pos: usize,
) -> Result<Option<XmlEvent>, EventError> {
    match event {
        // Empty elements are expanded into Start and End by the configuration.
        Event::Start(start) | Event::Empty(start) => {
            *depth += 1;
            if *depth > MAX_DEPTH {
                return Err((FormatErrorKind::TooDeep { limit: MAX_DEPTH }, 0));
            }
            Ok(Some(XmlEvent::Start(element(ns, &start, pos)?)))
        }
        Event::End(_) => {
            *depth = depth.saturating_sub(1);
            Ok(Some(XmlEvent::End))
        }
        Event::Text(text) => {
            let raw = std::str::from_utf8(&text).map_err(malformed)?;
            Ok(Some(XmlEvent::Text(decode(&normalize_newlines(raw), Some(raw))?)))
        }
        Event::CData(data) => {
            let raw = std::str::from_utf8(&data).map_err(malformed)?;
            Ok(Some(XmlEvent::Text(normalize_newlines(raw).chars().filter(|&c| is_xml_char(c)).collect())))
        }
        Event::DocType(doctype) => {
            let raw = String::from_utf8_lossy(&doctype);
            // An internal subset is where entities (billion laughs, external entities) are declared.
            if raw.contains('[') || raw.contains("<!ENTITY") || raw.contains("ENTITY") {
                return Err((FormatErrorKind::DtdRefused, 0));
            }
            Ok(None)
        }
        Event::Decl(_) | Event::PI(_) | Event::Comment(_) => Ok(None),
        Event::Eof => Ok(Some(XmlEvent::Eof)),
    }
}

fn malformed(e: impl std::fmt::Display) -> EventError {
    (FormatErrorKind::Malformed(e.to_string()), 0)
}

fn element(ns: Option<String>, start: &BytesStart, pos: usize) -> Result<Element, EventError> {
    let local = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(malformed)?;
        let name = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
        if name == "xmlns" || name.starts_with("xmlns:") {
            continue;
        }
        let raw = std::str::from_utf8(&attr.value).map_err(malformed)?;
        // Attribute-value normalization: literal whitespace characters become spaces.
        let spaced: String = raw.chars().map(|c| if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }).collect();
        // An entity error in an attribute is placed at the element's start.
        attrs.push((name, decode(&spaced, None).map_err(|(kind, _)| (kind, 0))?));
    }
    Ok(Element { ns, local, attrs, pos })
}

/// Decodes the predefined entities and character references; any other entity is an error. `located_in`
/// is the raw text as it starts at the current event, to point the error at the entity itself.
fn decode(raw: &str, located_in: Option<&str>) -> Result<String, EventError> {
    match quick_xml::escape::unescape_with(raw, quick_xml::escape::resolve_xml_entity) {
        // A reference to a character XML forbids is dropped, as the writer drops such characters.
        Ok(text) => Ok(text.chars().filter(|&c| is_xml_char(c)).collect()),
        Err(quick_xml::escape::EscapeError::UnrecognizedEntity(_, name)) => {
            let offset = located_in.and_then(|text| text.find(&format!("&{name};"))).unwrap_or(0);
            Err((FormatErrorKind::UnknownEntity(name), offset))
        }
        Err(e) => Err(malformed(e)),
    }
}

/// A pull reader over a whole document held in memory.
pub struct Reader<'a> {
    src: &'a str,
    inner: NsReader<&'a [u8]>,
    /// Byte offset where the event read last began.
    event_pos: usize,
    /// Elements open at the current position.
    depth: usize,
}

impl<'a> Reader<'a> {
    pub fn new(src: &'a str) -> Reader<'a> {
        // A byte order mark is not part of the document; it is zero-width, so columns stay right.
        let src = src.strip_prefix('\u{FEFF}').unwrap_or(src);
        let mut inner = NsReader::from_str(src);
        let config = inner.config_mut();
        config.expand_empty_elements = true;
        config.check_end_names = true;
        config.check_comments = true;
        config.trim_text(false);
        Reader { src, inner, event_pos: 0, depth: 0 }
    }

    /// An error at byte offset `pos`.
    pub fn error_at(&self, pos: usize, kind: FormatErrorKind) -> FormatError {
        let (line, column) = line_column(self.src, pos);
        FormatError { line, column, unit: None, kind }
    }

    /// An error at the start of the event read last.
    pub fn error(&self, kind: FormatErrorKind) -> FormatError {
        self.error_at(self.event_pos, kind)
    }

    pub fn next_event(&mut self) -> Result<XmlEvent, FormatError> {
        loop {
            self.event_pos = self.inner.buffer_position() as usize;
            let (resolved, event) = match self.inner.read_resolved_event() {
                Ok(pair) => pair,
                Err(e) => {
                    let pos = self.inner.error_position() as usize;
                    return Err(self.error_at(pos, FormatErrorKind::Malformed(e.to_string())));
                }
            };
            let ns = match resolved {
                ResolveResult::Bound(ns) => Some(String::from_utf8_lossy(ns.as_ref()).into_owned()),
                _ => None,
            };
            match convert(ns, event, &mut self.depth, self.event_pos) {
                Ok(Some(event)) => return Ok(event),
                Ok(None) => {}
                Err((kind, offset)) => return Err(self.error_at(self.event_pos + offset, kind)),
            }
        }
    }

    /// Skips the rest of an element whose start was just read.
    pub fn skip_element(&mut self) -> Result<(), FormatError> {
        XmlSource::skip_element(self)
    }

    /// The text of an element whose start was just read; child elements contribute their text.
    pub fn element_text(&mut self) -> Result<String, FormatError> {
        XmlSource::element_text(self)
    }
}

impl XmlSource for Reader<'_> {
    fn next_event(&mut self) -> Result<XmlEvent, FormatError> {
        Reader::next_event(self)
    }

    fn error_at(&self, pos: usize, kind: FormatErrorKind) -> FormatError {
        Reader::error_at(self, pos, kind)
    }

    fn error(&self, kind: FormatErrorKind) -> FormatError {
        Reader::error(self, kind)
    }

    fn depth(&self) -> usize {
        self.depth
    }
}

/// Start positions (byte offset, line, column) of this many recent events are kept to place errors; a format
/// reader only ever points at an element of the unit it is reading.
const MARKS_KEPT: usize = 4096;

/// A pull reader over a document read piece by piece (a TMX of a million units): memory stays bounded by the
/// largest event, not the file. Lines and columns are counted as the bytes go by.
pub struct StreamReader<R: BufRead> {
    inner: NsReader<Counted<R>>,
    buf: Vec<u8>,
    event_pos: usize,
    depth: usize,
    marks: VecDeque<Mark>,
}

#[derive(Clone, Copy)]
struct Mark {
    pos: usize,
    line: usize,
    column: usize,
}

impl Mark {
    /// The position after `text`, which starts here.
    fn advanced(mut self, text: &str) -> Mark {
        for c in text.chars() {
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.pos += text.len();
        self
    }
}

/// A [`BufRead`] that counts lines and columns (in characters) of what its reader has consumed.
struct Counted<R> {
    inner: R,
    /// Where the reader is: bytes consumed (with a byte order mark), line and column.
    at: Mark,
    /// Length of the byte order mark the document starts with, if any.
    bom: usize,
}

impl<R: BufRead> Counted<R> {
    fn count(&mut self, bytes: &[u8]) {
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' {
                self.at.line += 1;
                self.at.column = 1;
            } else if b & 0xC0 != 0x80 {
                // A byte order mark is zero-width, as for [`Reader`].
                if self.at.pos + i == 0 && bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
                    self.bom = 3;
                } else {
                    self.at.column += 1;
                }
            }
        }
        self.at.pos += bytes.len();
    }
}

impl<R: BufRead> std::io::Read for Counted<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        // The bytes are still buffered: fill_buf returns them again without reading.
        let bytes = match self.inner.fill_buf() {
            Ok(buf) => buf[..amt.min(buf.len())].to_vec(),
            Err(_) => Vec::new(),
        };
        self.count(&bytes);
        self.inner.consume(amt);
    }
}

impl<R: BufRead> StreamReader<R> {
    pub fn new(input: R) -> StreamReader<R> {
        let counted = Counted { inner: input, at: Mark { pos: 0, line: 1, column: 1 }, bom: 0 };
        let mut inner = NsReader::from_reader(counted);
        let config = inner.config_mut();
        config.expand_empty_elements = true;
        config.check_end_names = true;
        config.check_comments = true;
        config.trim_text(false);
        StreamReader { inner, buf: Vec::new(), event_pos: 0, depth: 0, marks: VecDeque::new() }
    }

    /// Bytes read so far.
    pub fn position(&self) -> u64 {
        self.inner.get_ref().at.pos as u64
    }

    fn mark(&self, pos: usize) -> Mark {
        // The latest mark at or before `pos`; the oldest kept when `pos` is older than every mark.
        let index = self.marks.partition_point(|mark| mark.pos <= pos);
        match index.checked_sub(1).and_then(|i| self.marks.get(i)) {
            Some(mark) => *mark,
            None => self.marks.front().copied().unwrap_or(Mark { pos, line: 1, column: 1 }),
        }
    }

    fn error_here(&self, mark: Mark, kind: FormatErrorKind) -> FormatError {
        FormatError { line: mark.line, column: mark.column, unit: None, kind }
    }
}

impl<R: BufRead> XmlSource for StreamReader<R> {
    fn next_event(&mut self) -> Result<XmlEvent, FormatError> {
        loop {
            // quick-xml has already consumed the `<` of markup that follows a text; the event starts there.
            // Offsets are those of quick-xml: from after a byte order mark.
            let counted = self.inner.get_ref();
            let mut start = counted.at;
            let position = self.inner.buffer_position() as usize;
            let behind = (start.pos - counted.bom).saturating_sub(position);
            start.pos = position;
            start.column = start.column.saturating_sub(behind).max(1);
            self.event_pos = start.pos;
            if self.marks.len() == MARKS_KEPT {
                self.marks.pop_front();
            }
            self.marks.push_back(start);
            let mut buf = std::mem::take(&mut self.buf);
            buf.clear();
            let converted = match self.inner.read_resolved_event_into(&mut buf) {
                Ok((resolved, event)) => {
                    let ns = match resolved {
                        ResolveResult::Bound(ns) => Some(String::from_utf8_lossy(ns.as_ref()).into_owned()),
                        _ => None,
                    };
                    let is_text = matches!(event, Event::Text(_));
                    convert(ns, event, &mut self.depth, start.pos).map_err(|(kind, offset)| {
                        // Inside a text, the error is `offset` bytes into it; the buffer still holds that text.
                        let raw = if is_text { std::str::from_utf8(&buf).unwrap_or("") } else { "" };
                        self.error_here(start.advanced(raw.get(..offset).unwrap_or("")), kind)
                    })
                }
                Err(e) => Err(self.error_here(self.inner.get_ref().at, FormatErrorKind::Malformed(e.to_string()))),
            };
            self.buf = buf;
            if let Some(event) = converted? {
                return Ok(event);
            }
        }
    }

    fn error_at(&self, pos: usize, kind: FormatErrorKind) -> FormatError {
        self.error_here(self.mark(pos), kind)
    }

    fn error(&self, kind: FormatErrorKind) -> FormatError {
        self.error_at(self.event_pos, kind)
    }

    fn depth(&self) -> usize {
        self.depth
    }
}

fn normalize_newlines(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.contains('\r') {
        raw.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        raw.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_drops_forbidden_characters() {
        assert_eq!(escape_text("a<b>&c\u{1}\u{FFFE}\u{FFFF}\td"), "a&lt;b&gt;&amp;c\td");
        assert_eq!(escape_attr("\"x\"\n'y'\u{0}"), "&quot;x&quot;&#10;'y'");
        assert_eq!(escape_text("dòng\r\nmới"), "dòng&#13;\nmới");
    }

    #[test]
    fn positions_are_lines_and_character_columns() {
        let src = "<a>\n  <bế>x</bế>\n</a>";
        assert_eq!(line_column(src, 0), (1, 1));
        let pos = src.find('x').unwrap();
        assert_eq!(line_column(src, pos), (2, 7));
    }

    #[test]
    fn internal_subsets_are_refused() {
        let mut reader = Reader::new("<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY x \"y\">]>\n<a>&x;</a>");
        let err = loop {
            match reader.next_event() {
                Err(e) => break e,
                Ok(XmlEvent::Eof) => panic!("no error"),
                Ok(_) => {}
            }
        };
        assert!(matches!(err.kind, FormatErrorKind::DtdRefused));
        assert_eq!(err.line, 2);
    }

    #[test]
    fn deep_nesting_is_an_error() {
        let xml = format!("{}{}", "<a>".repeat(MAX_DEPTH + 1), "</a>".repeat(MAX_DEPTH + 1));
        let mut reader = Reader::new(&xml);
        let err = loop {
            match reader.next_event() {
                Err(e) => break e,
                Ok(XmlEvent::Eof) => panic!("no error"),
                Ok(_) => {}
            }
        };
        assert_eq!(err.kind, FormatErrorKind::TooDeep { limit: MAX_DEPTH });
        assert_eq!(err.column, 3 * MAX_DEPTH + 1);
    }

    #[test]
    fn text_and_attributes_are_decoded() {
        let mut reader = Reader::new("<a b=\"1&#10;2\n3 &amp;\">x&lt;&#x1F600;&#1;\r\ny</a>");
        let XmlEvent::Start(a) = reader.next_event().unwrap() else { panic!() };
        assert_eq!(a.attr("b"), Some("1\n2 3 &"));
        let XmlEvent::Text(t) = reader.next_event().unwrap() else { panic!() };
        assert_eq!(t, "x<😀\ny");
    }

    #[test]
    fn unknown_entities_are_errors() {
        let mut reader = Reader::new("<a>\n &nbsp;</a>");
        reader.next_event().unwrap();
        let err = reader.next_event().unwrap_err();
        assert!(matches!(err.kind, FormatErrorKind::UnknownEntity(ref n) if n == "nbsp"));
        assert_eq!((err.line, err.column), (2, 2));
    }
}
