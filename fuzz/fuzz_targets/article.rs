//! Article ingest (decoding, plain text, Markdown, HTML, ninjs) on arbitrary bytes; the first byte picks the
//! format.
#![no_main]
use dich::article::{parse_article, Format, IngestOptions};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else { return };
    let format = match which % 4 {
        0 => Format::Text,
        1 => Format::Markdown,
        2 => Format::Html,
        _ => Format::Ninjs,
    };
    if let Err(error) = parse_article(bytes, "fuzz.txt", format, &IngestOptions::default()) {
        assert!(error.to_string().contains("fuzz.txt"));
    }
});
