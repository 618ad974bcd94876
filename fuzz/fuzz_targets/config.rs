//! pipeline.toml on arbitrary text.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = dich::config::Settings::parse(text, std::path::Path::new("/nonexistent/pipeline.toml"));
    }
});
