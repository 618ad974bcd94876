//! The segmenter and the matcher (the shipped term bases) on arbitrary text: hits and sentences on character
//! boundaries.
#![no_main]
use std::sync::OnceLock;

fn matcher() -> &'static dich::glossary::Matcher {
    static MATCHER: OnceLock<dich::glossary::Matcher> = OnceLock::new();
    MATCHER.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../glossary");
        dich::glossary::Glossary::load_paths(&[dir]).0.matcher()
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for range in dich::text::split_sentences(text) {
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
    }
    let _ = dich::text::segment_plain(text);
    for hit in matcher().find(text) {
        assert!(text.is_char_boundary(hit.byte_start) && text.is_char_boundary(hit.byte_end));
    }
});
