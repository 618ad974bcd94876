//! Bytes → NFC text: BOMs, UTF-8, UTF-16, Windows-1258, and the binary-file guard.

use super::error::{IngestError, IngestErrorKind};

/// How the bytes of an article file are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputEncoding {
    /// UTF-8, or UTF-16 when the file starts with a UTF-16 byte-order mark or, without one, has the zero bytes
    /// of UTF-16 text on one side of every pair.
    #[default]
    Auto,
    Utf8,
    /// UTF-16: the byte-order mark decides; little-endian without one.
    Utf16,
    /// Legacy Vietnamese Windows code page; only when the user says so (it cannot be told apart reliably).
    Windows1258,
}

impl InputEncoding {
    /// Reads a user's encoding name ("auto", "utf-8", "utf-16", "windows-1258", "cp1258").
    pub fn from_name(name: &str) -> Option<InputEncoding> {
        match name.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "auto" => Some(InputEncoding::Auto),
            "utf-8" | "utf8" => Some(InputEncoding::Utf8),
            "utf-16" | "utf16" | "utf-16le" | "utf-16be" => Some(InputEncoding::Utf16),
            "windows-1258" | "cp1258" | "win1258" => Some(InputEncoding::Windows1258),
            _ => None,
        }
    }
}

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
const UTF16LE_BOM: &[u8] = &[0xFF, 0xFE];
const UTF16BE_BOM: &[u8] = &[0xFE, 0xFF];

/// Signatures of common binary files that may be dropped into an articles folder by mistake.
const BINARY_SIGNATURES: &[&[u8]] =
    &[b"\x89PNG", b"%PDF-", b"PK\x03\x04", b"GIF8", b"\xFF\xD8\xFF", b"\x7FELF", b"\xD0\xCF\x11\xE0"];

/// Decodes `bytes` and normalizes the text (NFC, Ð→Đ). Control characters below the binary threshold are
/// dropped (they break XML writers later); line breaks and tabs stay.
pub(crate) fn decode(bytes: &[u8], encoding: InputEncoding, name: &str) -> Result<String, IngestError> {
    let error = |kind| IngestError::new(name, kind);
    let text = match encoding {
        InputEncoding::Auto | InputEncoding::Utf8 => {
            if encoding == InputEncoding::Auto {
                if let Some(body) = bytes.strip_prefix(UTF16LE_BOM) {
                    return finish(decode_utf16(body, false, 2).map_err(error)?, name);
                }
                if let Some(body) = bytes.strip_prefix(UTF16BE_BOM) {
                    return finish(decode_utf16(body, true, 2).map_err(error)?, name);
                }
            }
            if encoding == InputEncoding::Auto {
                if let Some(big_endian) = utf16_without_bom(bytes) {
                    return finish(decode_utf16(bytes, big_endian, 0).map_err(error)?, name);
                }
            }
            let (body, bom_len) = match bytes.strip_prefix(UTF8_BOM) {
                Some(body) => (body, UTF8_BOM.len()),
                None => (bytes, 0),
            };
            if looks_binary(body) {
                return Err(error(IngestErrorKind::Binary));
            }
            // The fast validator says only whether the bytes are valid; std finds the offset of a bad byte.
            match simdutf8::basic::from_utf8(body) {
                Ok(text) => text.to_string(),
                Err(_) => {
                    let valid_up_to = std::str::from_utf8(body).err().map_or(body.len(), |e| e.valid_up_to());
                    return Err(error(IngestErrorKind::InvalidUtf8 { offset: (valid_up_to + bom_len) as u64 }));
                }
            }
        }
        InputEncoding::Utf16 => {
            if let Some(body) = bytes.strip_prefix(UTF16BE_BOM) {
                decode_utf16(body, true, 2).map_err(error)?
            } else if let Some(body) = bytes.strip_prefix(UTF16LE_BOM) {
                decode_utf16(body, false, 2).map_err(error)?
            } else {
                decode_utf16(bytes, false, 0).map_err(error)?
            }
        }
        InputEncoding::Windows1258 => {
            if looks_binary(bytes) {
                return Err(error(IngestErrorKind::Binary));
            }
            // Windows-1258 writes most tones as combining marks; normalize() composes them afterwards.
            let (text, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes);
            text.into_owned()
        }
    };
    finish(text, name)
}

fn finish(text: String, name: &str) -> Result<String, IngestError> {
    if text.trim().is_empty() {
        return Err(IngestError::new(name, IngestErrorKind::Empty));
    }
    let text = lone_crs_to_lf(text);
    if may_hold_stray_controls(text.as_bytes()) {
        let total = text.chars().count();
        let controls = text.chars().filter(|&c| is_stray_control(c)).count();
        let binary_controls = text.chars().filter(|&c| c.is_control() && is_stray_control(c)).count();
        if text.contains('\0') || (binary_controls > 8 && binary_controls * 20 > total) {
            return Err(IngestError::new(name, IngestErrorKind::Binary));
        }
        if controls > 0 {
            let cleaned: String = text.chars().filter(|&c| !is_stray_control(c)).collect();
            return Ok(crate::text::normalize_owned(cleaned));
        }
    }
    Ok(crate::text::normalize_owned(text))
}

/// Old Mac files end their lines with a lone CR; every reader splits lines on LF (CRLF too: `str::lines` drops
/// the CR), so a lone CR becomes an LF. A text with no CR (nearly all) is returned as it is.
fn lone_crs_to_lf(text: String) -> String {
    let lone = |bytes: &[u8], i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    let Some(first) = text.find('\r') else { return text };
    if !(first..text.len()).any(|i| lone(text.as_bytes(), i)) {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in first..bytes.len() {
        if lone(&bytes, i) {
            bytes[i] = b'\n';
        }
    }
    // One ASCII byte replaced by another: still UTF-8.
    String::from_utf8(bytes).expect("CR replaced by LF keeps UTF-8 valid")
}

/// False when the text certainly holds no NUL and no [`is_stray_control`] character: no C0 control but line
/// breaks, tabs and form feeds, no DEL, and neither 0xC2 (the lead byte of the C1 controls) nor 0xEF (of U+FEFF).
/// One branch-free pass over the bytes, so the usual clean article skips the character-by-character counts.
fn may_hold_stray_controls(bytes: &[u8]) -> bool {
    // 0xE2 leads U+2000–U+2FFF: the bidi controls, and much ordinary punctuation (the slow path then only
    // filters characters).
    let suspicious = |b: u8| {
        (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)) | (b == 0x7F) | (b == 0xC2) | (b == 0xEF) | (b == 0xE2)
    };
    let mut chunks = bytes.chunks_exact(64);
    for chunk in &mut chunks {
        if chunk.iter().fold(false, |found, &b| found | suspicious(b)) {
            return true;
        }
    }
    chunks.remainder().iter().any(|&b| suspicious(b))
}

/// Characters dropped from article text: controls other than line breaks and tabs, the byte-order mark, and the
/// bidirectional embedding, override and isolate controls (they can show a caption or a page reversed: no
/// Vietnamese text needs them).
fn is_stray_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}'))
        || c == '\u{FEFF}'
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// UTF-16 saved without a byte-order mark (some Windows editors and exports): text in Latin script leaves a
/// zero byte in most code units (ASCII letters, spaces, digits; Vietnamese letters are U+00xx–U+01xx or
/// U+1Exx), always on the same side. `Some(true)` for big-endian, `Some(false)` for little-endian.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    let head = &bytes[..bytes.len().min(8192) & !1];
    let units = head.len() / 2;
    if units < 4 || BINARY_SIGNATURES.iter().any(|sig| bytes.starts_with(sig)) {
        return None;
    }
    let zeros_at = |side: usize| head.chunks_exact(2).filter(|pair| pair[side] == 0).count();
    let (first, second) = (zeros_at(0), zeros_at(1));
    // Most units zero on one side, none on the other: any binary format mixes them.
    match (first * 10 >= units * 3 && second == 0, second * 10 >= units * 3 && first == 0) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// NUL bytes in the first 8 KiB or a known binary signature: not a text file.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    head.contains(&0) || BINARY_SIGNATURES.iter().any(|sig| bytes.starts_with(sig))
}

/// `offset_base` is the BOM length, so error offsets count from the start of the file.
fn decode_utf16(bytes: &[u8], big_endian: bool, offset_base: usize) -> Result<String, IngestErrorKind> {
    let units = bytes.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    let mut out = String::with_capacity(bytes.len() / 2);
    let mut position = 0usize;
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => {
                out.push(c);
                position += c.len_utf16() * 2;
            }
            Err(_) => return Err(IngestErrorKind::InvalidUtf16 { offset: (offset_base + position) as u64 }),
        }
    }
    if bytes.len() % 2 == 1 {
        return Err(IngestErrorKind::InvalidUtf16 { offset: (offset_base + bytes.len() - 1) as u64 });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(bytes: &[u8], encoding: InputEncoding) -> IngestErrorKind {
        decode(bytes, encoding, "x.txt").unwrap_err().kind
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("Hà Nội".as_bytes(), InputEncoding::Auto, "x").unwrap(), "Hà Nội");
        let mut with_bom = UTF8_BOM.to_vec();
        with_bom.extend_from_slice("Hà Nội".as_bytes());
        assert_eq!(decode(&with_bom, InputEncoding::Auto, "x").unwrap(), "Hà Nội");
        assert_eq!(decode(&with_bom, InputEncoding::Utf8, "x").unwrap(), "Hà Nội");
    }

    #[test]
    fn invalid_utf8_offset_counts_the_bom() {
        assert_eq!(kind(b"abc\xFFdef", InputEncoding::Auto), IngestErrorKind::InvalidUtf8 { offset: 3 });
        assert_eq!(kind(b"\xEF\xBB\xBFabc\xC3", InputEncoding::Auto), IngestErrorKind::InvalidUtf8 { offset: 6 });
    }

    #[test]
    fn utf16_both_byte_orders() {
        let text = "Đà Lạt, ngày 5/1/2022";
        let mut le = UTF16LE_BOM.to_vec();
        let mut be = UTF16BE_BOM.to_vec();
        for unit in text.encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(decode(&le, InputEncoding::Auto, "x").unwrap(), text);
        assert_eq!(decode(&be, InputEncoding::Auto, "x").unwrap(), text);
        assert_eq!(decode(&le, InputEncoding::Utf16, "x").unwrap(), text);
        // Without a byte-order mark, as some Windows exports save it: told by its zero bytes.
        let (le, be) = (&le[2..], &be[2..]);
        assert_eq!(decode(le, InputEncoding::Auto, "x").unwrap(), text);
        assert_eq!(decode(be, InputEncoding::Auto, "x").unwrap(), text);
        // A lone high surrogate after the BOM and one unit.
        let bad = [0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0];
        assert_eq!(kind(&bad, InputEncoding::Auto), IngestErrorKind::InvalidUtf16 { offset: 4 });
    }

    #[test]
    fn windows_1258_combining_marks_are_composed() {
        // "Hoà" in Windows-1258: o + a + combining grave (0xCC).
        let bytes = [b'H', b'o', b'a', 0xCC];
        assert_eq!(decode(&bytes, InputEncoding::Windows1258, "x").unwrap(), "Hoà");
        // Đ is 0xD0 in Windows-1258.
        assert_eq!(decode(&[0xD0, b'a'], InputEncoding::Windows1258, "x").unwrap(), "Đa");
    }

    #[test]
    fn binary_and_empty() {
        assert_eq!(kind(b"\x89PNG\r\n\x1a\n\0\0", InputEncoding::Auto), IngestErrorKind::Binary);
        assert_eq!(kind(b"abc\0def", InputEncoding::Auto), IngestErrorKind::Binary);
        assert_eq!(kind(b"", InputEncoding::Auto), IngestErrorKind::Empty);
        assert_eq!(kind(b"\xEF\xBB\xBF  \n", InputEncoding::Auto), IngestErrorKind::Empty);
        let controls: Vec<u8> = (0..100).map(|i| if i % 3 == 0 { 0x01 } else { b'a' }).collect();
        assert_eq!(kind(&controls, InputEncoding::Auto), IngestErrorKind::Binary);
    }

    #[test]
    fn stray_control_prefilter_misses_none() {
        // Every character that is a stray control (or NUL) is flagged by the byte prefilter.
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if is_stray_control(c) || c == '\0' {
                let text = format!("{}{c}{}", "a".repeat(70), "b".repeat(3));
                assert!(may_hold_stray_controls(text.as_bytes()), "{c:?}");
                assert!(may_hold_stray_controls(c.to_string().as_bytes()), "{c:?}");
            }
        }
        assert!(!may_hold_stray_controls("Hà Nội\r\n\tngày 5/1/2022\u{0C}".repeat(9).as_bytes()));
        assert_eq!(decode("a\u{1}b\u{85}c\u{feff}d".as_bytes(), InputEncoding::Auto, "x").unwrap(), "abcd");
    }

    #[test]
    fn lone_carriage_returns_are_line_feeds() {
        assert_eq!(decode(b"Tin\rHai\r\nBa\r", InputEncoding::Auto, "x").unwrap(), "Tin\nHai\r\nBa\n");
        assert_eq!(decode(b"Tin\r\nHai", InputEncoding::Auto, "x").unwrap(), "Tin\r\nHai");
    }

    #[test]
    fn nfd_and_eth_are_normalized() {
        assert_eq!(decode("Ho\u{0300}a \u{00D0}a\u{0300}".as_bytes(), InputEncoding::Auto, "x").unwrap(), "Hòa Đà");
    }
}
