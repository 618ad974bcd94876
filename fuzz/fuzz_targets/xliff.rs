//! XLIFF 2.x and 1.2 readers on arbitrary text.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = dich::formats::read_xliff(text);
        let _ = dich::formats::xliff12::read(text);
    }
});
