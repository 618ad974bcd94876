//! XML plumbing shared by the XLIFF and TMX readers and writers.
//!
//! Writing: [`escape_text`] and [`escape_attr`] escape markup characters and drop the characters XML 1.0
//! forbids (C0 controls other than tab, LF and CR; U+FFFE; U+FFFF), so every file we write is well-formed.
//!
//! Reading: [`Reader`] wraps quick-xml with a safe setup. A DOCTYPE with an internal subset, or any ENTITY
//! declaration, is refused; nothing is ever fetched; only the five predefined entities and numeric character
//! references are decoded. Line endings are normalized as an XML processor must (CRLF and CR become LF), and
//! literal whitespace in attribute values becomes a space. Every error carries a line and column.

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
            match event {
                // Empty elements are expanded into Start and End by the configuration.
                Event::Start(start) | Event::Empty(start) => {
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        return Err(self.error(FormatErrorKind::TooDeep { limit: MAX_DEPTH }));
                    }
                    let element = self.element(ns, &start)?;
                    return Ok(XmlEvent::Start(element));
                }
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(XmlEvent::End);
                }
                Event::Text(text) => {
                    let raw = std::str::from_utf8(&text).map_err(|e| self.malformed(e))?;
                    return Ok(XmlEvent::Text(self.decode(&normalize_newlines(raw), Some(raw))?));
                }
                Event::CData(data) => {
                    let raw = std::str::from_utf8(&data).map_err(|e| self.malformed(e))?;
                    return Ok(XmlEvent::Text(normalize_newlines(raw).chars().filter(|&c| is_xml_char(c)).collect()));
                }
                Event::DocType(doctype) => {
                    let raw = String::from_utf8_lossy(&doctype);
                    // An internal subset is where entities (billion laughs, external entities) are declared.
                    if raw.contains('[') || raw.contains("<!ENTITY") || raw.contains("ENTITY") {
                        return Err(self.error(FormatErrorKind::DtdRefused));
                    }
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
                Event::Eof => return Ok(XmlEvent::Eof),
            }
        }
    }

    /// Skips the rest of an element whose start was just read.
    pub fn skip_element(&mut self) -> Result<(), FormatError> {
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
    pub fn element_text(&mut self) -> Result<String, FormatError> {
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

    fn element(&self, ns: Option<String>, start: &BytesStart) -> Result<Element, FormatError> {
        let local = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
        let mut attrs = Vec::new();
        for attr in start.attributes() {
            let attr = attr.map_err(|e| self.malformed(e))?;
            let name = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
            if name == "xmlns" || name.starts_with("xmlns:") {
                continue;
            }
            let raw = std::str::from_utf8(&attr.value).map_err(|e| self.malformed(e))?;
            // Attribute-value normalization: literal whitespace characters become spaces.
            let spaced: String = raw.chars().map(|c| if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }).collect();
            attrs.push((name, self.decode(&spaced, None)?));
        }
        Ok(Element { ns, local, attrs, pos: self.event_pos })
    }

    /// Decodes the predefined entities and character references; any other entity is an error. `located_in`
    /// is the raw text as it starts at the current event, to point the error at the entity itself.
    fn decode(&self, raw: &str, located_in: Option<&str>) -> Result<String, FormatError> {
        match quick_xml::escape::unescape_with(raw, quick_xml::escape::resolve_xml_entity) {
            // A reference to a character XML forbids is dropped, as the writer drops such characters.
            Ok(text) => Ok(text.chars().filter(|&c| is_xml_char(c)).collect()),
            Err(quick_xml::escape::EscapeError::UnrecognizedEntity(_, name)) => {
                let offset = located_in.and_then(|text| text.find(&format!("&{name};"))).unwrap_or(0);
                Err(self.error_at(self.event_pos + offset, FormatErrorKind::UnknownEntity(name)))
            }
            Err(e) => Err(self.malformed(e)),
        }
    }

    fn malformed(&self, e: impl std::fmt::Display) -> FormatError {
        self.error(FormatErrorKind::Malformed(e.to_string()))
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
