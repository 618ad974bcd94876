//! Every reader under property tests over arbitrary input, in the normal test run: article formats, XLIFF 1.2
//! and 2, TMX, TBX, glossary TSV, pipeline.toml, the segmenter and the matcher. Inputs are random bytes and,
//! more telling, valid documents with random edits (bytes inserted, deleted, replaced; cut short). What must
//! hold: no panic, and every error names its file (or a line and column when there is no file).
//!
//! Coverage-guided fuzzing of the same readers: fuzz/ (SECURITY.md says how to run it).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Valid documents of every format the readers take, to edit at random.
fn samples() -> &'static Vec<(&'static str, Vec<u8>)> {
    static SAMPLES: OnceLock<Vec<(&'static str, Vec<u8>)>> = OnceLock::new();
    SAMPLES.get_or_init(|| {
        vec![
            ("txt", read("tests/fixtures/article/seed-article.vi.txt")),
            ("html", read("tests/fixtures/article/hostile.html")),
            ("md", read("tests/fixtures/article/markdown-gia-lai.md")),
            ("json", read("tests/fixtures/article/ninjs-3.0.json")),
            ("xlf", read("tests/fixtures/formats/cat-tool.xlf")),
            ("tmx", read("tests/fixtures/formats/omegat.tmx")),
            ("tsv", read("tests/fixtures/glossary/conflicting.tsv")),
            ("toml", read("pipeline.toml")),
        ]
    })
}

/// One random edit: insert, delete or replace a run of bytes, or cut the document short.
#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Replace(usize, Vec<u8>),
    Cut(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    // Bytes that matter to the formats, and anything.
    let interesting = prop_oneof![
        Just(b"<".to_vec()),
        Just(b"&".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>".to_vec()),
        Just(b"&e;".to_vec()),
        Just(b"\t".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"{".to_vec()),
        Just(b"[[".to_vec()),
        Just(vec![0xC3]),
        Just(vec![0]),
        Just("Đ".as_bytes().to_vec()),
        proptest::collection::vec(any::<u8>(), 1..16),
    ];
    prop_oneof![
        (any::<usize>(), interesting.clone()).prop_map(|(at, bytes)| Edit::Insert(at, bytes)),
        (any::<usize>(), 1..64usize).prop_map(|(at, len)| Edit::Delete(at, len)),
        (any::<usize>(), interesting).prop_map(|(at, bytes)| Edit::Replace(at, bytes)),
        any::<usize>().prop_map(Edit::Cut),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for edit in edits {
        let len = bytes.len().max(1);
        match edit {
            Edit::Insert(at, new) => {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, new.iter().copied());
            }
            Edit::Delete(at, n) => {
                let at = at % len;
                let end = (at + n).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
            Edit::Replace(at, new) => {
                let at = at % len;
                let end = (at + new.len()).min(bytes.len());
                if at <= end {
                    bytes.splice(at..end, new.iter().copied());
                }
            }
            Edit::Cut(at) => bytes.truncate(at % len),
        }
    }
    bytes
}

/// A valid document of the given format with random edits, or random bytes.
fn document() -> impl Strategy<Value = (&'static str, Vec<u8>)> {
    let edited = (0..samples().len(), proptest::collection::vec(edit(), 1..6))
        .prop_map(|(which, edits)| (samples()[which].0, apply(samples()[which].1.clone(), &edits)));
    let random = (0..samples().len(), proptest::collection::vec(any::<u8>(), 0..512))
        .prop_map(|(which, bytes)| (samples()[which].0, bytes));
    prop_oneof![4 => edited, 1 => random]
}

fn matcher() -> &'static dich::glossary::Matcher {
    static MATCHER: OnceLock<dich::glossary::Matcher> = OnceLock::new();
    MATCHER.get_or_init(|| {
        let (glossary, _) = dich::glossary::Glossary::load_paths(&[root().join("glossary")]);
        glossary.matcher()
    })
}

/// Runs every reader that takes `bytes` as the format `kind`, from a file named `name` in `dir`.
fn read_everything(dir: &Path, kind: &str, bytes: &[u8]) {
    let path: PathBuf = dir.join(format!("hostile-input.{kind}"));
    std::fs::write(&path, bytes).unwrap();
    let named = |message: String| {
        assert!(message.contains("hostile-input"), "an error that does not name its file: {message}");
    };
    match kind {
        "txt" | "html" | "md" | "json" => {
            if let Err(error) = dich::article::read_article(&path, &Default::default()) {
                named(error.to_string());
            }
        }
        "tsv" => {
            let (_, issues) = dich::glossary::Glossary::load_paths(std::slice::from_ref(&path));
            for issue in issues {
                named(issue.to_string());
            }
        }
        "toml" => {
            if let Err(errors) = dich::config::Settings::load(&path) {
                named(errors.to_string());
            }
        }
        _ => {}
    }
    // The XML readers take text (the callers read files as UTF-8 first), and every format is also thrown at
    // the text stages.
    let text = String::from_utf8_lossy(bytes);
    let _ = dich::formats::read_xliff(&text);
    let _ = dich::formats::xliff12::read(&text);
    let _ = dich::formats::tmx::read(&text);
    let _ = dich::formats::tbx::read(&text);
    for range in dich::text::split_sentences(&text) {
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
    }
    let _ = dich::text::segment_plain(&text);
    for hit in matcher().find(&text) {
        assert!(hit.byte_start <= hit.byte_end && hit.byte_end <= text.len());
        assert!(text.is_char_boundary(hit.byte_start) && text.is_char_boundary(hit.byte_end));
    }
}

proptest! {
    // 400 cases in the normal run; DICH_PROPTEST_CASES=N for a longer one.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("DICH_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(400),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_reader_panics_on_edited_or_random_documents((kind, bytes) in document()) {
        let dir = tempfile::tempdir().unwrap();
        read_everything(dir.path(), kind, &bytes);
    }
}

/// Sizes a hostile file could use to make a reader allocate without bound stay bounded: an entity bomb is
/// refused, a file over the limit is not read.
#[test]
fn readers_refuse_what_would_make_them_allocate_without_bound() {
    let bomb = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"{}\">{}]>\n<xliff version=\"2.1\" srcLang=\"vi\">&j;</xliff>",
        "x".repeat(100),
        (b'b'..=b'j')
            .map(|c| format!("<!ENTITY {} \"{}\">", c as char, format!("&{};", (c - 1) as char).repeat(10)))
            .collect::<String>()
    );
    assert!(dich::formats::read_xliff(&bomb).is_err());
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    std::fs::write(&big, vec![b'a'; 2 * 1024 * 1024]).unwrap();
    let options = dich::article::IngestOptions { max_bytes: 1024 * 1024, ..Default::default() };
    let error = dich::article::read_article(&big, &options).unwrap_err().to_string();
    assert!(error.contains("big.txt"), "{error}");
}
