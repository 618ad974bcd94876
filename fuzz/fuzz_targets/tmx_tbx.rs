//! TMX and TBX readers on arbitrary text.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = dich::formats::tmx::read(text);
        let _ = dich::formats::tbx::read(text);
    }
});
