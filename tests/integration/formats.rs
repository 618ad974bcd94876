//! XLIFF 2.1 and TMX 1.4b: round trips, CAT-tool files, hostile input, schema validation.

use std::path::{Path, PathBuf};
use std::process::Command;

use dich::formats::tmx;
use dich::formats::xliff2::{self, Content, Document, File, Inline, Note, State, Unit};
use dich::formats::FormatErrorKind;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Text a translator's file can hold, with everything XML makes awkward.
const HOSTILE: &str = "  <b>Tom & \"Jerry\"</b> 'x' ]]> &amp; \t tab\nline\r\ncrlf\rcr 😀 Thủ tướng Phạm Minh Chính  ";
/// Characters XML 1.0 forbids: the writer drops them.
const FORBIDDEN: &str = "\u{0}\u{1}\u{8}\u{B}\u{C}\u{1F}\u{FFFE}\u{FFFF}";

fn ph(id: &str, equiv: Option<&str>, disp: Option<&str>) -> Inline {
    Inline::Placeholder { id: id.into(), equiv: equiv.map(Into::into), disp: disp.map(Into::into) }
}

fn text(s: &str) -> Inline {
    Inline::Text(s.into())
}

fn unit(id: &str, source: Content, target: Option<Content>, state: State) -> Unit {
    Unit { id: id.into(), name: None, notes: vec![], source, target, state, untranslated_segments: 0 }
}

/// A document with notes, placeholders and all four states.
fn sample_document() -> Document {
    Document {
        src_lang: "vi".into(),
        trg_lang: Some("en".into()),
        files: vec![File {
            id: "a20240305-thu-tuong".into(),
            original: Some("thoi-su/bai viet & \"tin\".txt".into()),
            notes: vec![Note {
                category: Some("source".into()),
                priority: Some(1),
                text: "Báo mẫu, 05/03/2024".into(),
            }],
            units: vec![
                Unit {
                    id: "s1a2b3".into(),
                    name: Some("headline".into()),
                    notes: vec![
                        Note {
                            category: Some("glossary".into()),
                            priority: Some(3),
                            text: "Thủ tướng → Prime Minister".into(),
                        },
                        Note::new("Không dịch tên riêng."),
                    ],
                    source: Content(vec![
                        text("Thủ tướng "),
                        ph("1", Some("{name}"), Some("[tên]")),
                        text(" phát biểu."),
                    ]),
                    target: None,
                    state: State::Initial,
                    untranslated_segments: 0,
                },
                unit(
                    "s2",
                    Content::text("Giá xăng tăng 5%."),
                    Some(Content::text("Petrol prices rose 5%.")),
                    State::Translated,
                ),
                unit(
                    "s3",
                    Content(vec![ph("p1", Some("%s"), None), text(" người dự.")]),
                    Some(Content(vec![ph("p1", Some("%s"), None), text(" attended.")])),
                    State::Reviewed,
                ),
                unit("s4", Content::text("Hà Nội"), Some(Content::text("Hanoi")), State::Final),
            ],
        }],
    }
}

#[test]
fn xliff_round_trips_hostile_text() {
    let hostile = format!("{HOSTILE}{FORBIDDEN}");
    let mut doc = sample_document();
    {
        let unit = &mut doc.files[0].units[0];
        unit.name = Some(hostile.clone());
        unit.notes.push(Note { category: Some(hostile.clone()), priority: Some(10), text: hostile.clone() });
        unit.source.0.push(text(&hostile));
        unit.source.0.push(ph("2", Some(&hostile), Some(&hostile)));
        unit.target = Some(Content::text(hostile.clone()));
    }
    let xml = xliff2::write(&doc);
    assert!(!xml.contains('\u{1}') && !xml.contains('\u{FFFE}'), "forbidden characters are dropped");
    let back = xliff2::read(&xml).expect("our own output reads back");

    // What we expect: the same document with the forbidden characters gone.
    let clean = HOSTILE.to_string();
    let mut expected = doc.clone();
    {
        let unit = &mut expected.files[0].units[0];
        unit.name = Some(clean.clone());
        unit.notes[2] = Note { category: Some(clean.clone()), priority: Some(10), text: clean.clone() };
        // Adjacent text runs come back merged.
        unit.source = Content(vec![
            text("Thủ tướng "),
            ph("1", Some("{name}"), Some("[tên]")),
            text(&format!(" phát biểu.{clean}")),
            ph("2", Some(&clean), Some(&clean)),
        ]);
        unit.target = Some(Content::text(clean.clone()));
    }
    assert_eq!(back, expected);
    assert_eq!(back.files[0].units[0].source.plain_text(), format!("Thủ tướng {{name}} phát biểu.{clean}{clean}"));
}

#[test]
fn xliff_write_is_stable() {
    let xml = xliff2::write(&sample_document());
    assert_eq!(xml, xliff2::write(&sample_document()));
    insta::assert_snapshot!("xliff_sample", xml);
}

#[test]
fn written_xliff_is_valid_against_the_oasis_schema() {
    let mut doc = sample_document();
    // Hostile text, and characters XML forbids, must still give a valid file.
    doc.files[0].units[1].target = Some(Content::text(format!("{HOSTILE}{FORBIDDEN}")));
    let xml = xliff2::write(&doc);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("package.xlf");
    std::fs::write(&file, &xml).unwrap();
    xmllint_schema(&file);
}

pub(crate) fn xmllint_schema(file: &Path) {
    let schema: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/xliff2/xliff_core_2.0.xsd");
    let output = Command::new("xmllint")
        .arg("--nonet")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(file)
        .output()
        .unwrap_or_else(|e| {
            panic!("xmllint could not be run ({e}); install it with `apt-get install -y libxml2-utils`")
        });
    assert!(
        output.status.success(),
        "xmllint rejected the XLIFF:\n{}\n{}",
        String::from_utf8_lossy(&output.stderr),
        std::fs::read_to_string(file).unwrap_or_default()
    );
}

#[test]
fn cat_tool_xliff_is_read() {
    let doc = xliff2::read(&fixture("cat-tool.xlf")).expect("CAT-tool XLIFF reads");
    assert_eq!(doc.src_lang, "vi-VN");
    assert_eq!(doc.trg_lang.as_deref(), Some("en-GB"));
    assert_eq!(doc.files.len(), 1);
    let file = &doc.files[0];
    assert_eq!(file.id, "f1");
    assert_eq!(file.original.as_deref(), Some("thoi-su/bai-viet-123.html"));
    assert_eq!(
        file.notes,
        vec![Note {
            category: Some("instruction".into()),
            priority: Some(1),
            text: "Giữ nguyên tên riêng & chức danh.".into()
        }]
    );
    let ids: Vec<&str> = file.units.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["u1", "u2", "u3"], "units in groups are flattened, in document order");

    // Two segments and an ignorable, pc/sc/ec codes, a ph resolved through originalData, foreign modules.
    let u1 = &file.units[0];
    assert_eq!(u1.name.as_deref(), Some("p1"));
    assert_eq!(
        u1.source,
        Content(vec![
            text("Thủ tướng Phạm Minh Chính phát biểu. Có "),
            ph("2", Some("{số}"), None),
            text(" người "),
            Inline::Term { id: "m1".into(), value: None, reference: Some("#t1".into()), text: "dự".into() },
            text("."),
        ])
    );
    assert_eq!(
        u1.target,
        Some(Content(vec![
            text("Prime Minister Pham Minh Chinh spoke. There were "),
            ph("2", Some("{số}"), None),
            text(" attendees."),
        ]))
    );
    assert_eq!(u1.state, State::Translated, "the least advanced segment state");
    assert_eq!(u1.notes.len(), 2);
    assert_eq!(u1.notes[0], Note { category: Some("context".into()), priority: Some(2), text: "Đoạn mở đầu".into() });
    assert_eq!(u1.notes[1].category.as_deref(), Some(xliff2::DROPPED_CODES_CATEGORY));
    assert!(u1.notes[1].text.contains("pc 1, sc 3, ec 3"), "{}", u1.notes[1].text);

    let u2 = &file.units[1];
    assert_eq!(u2.source, Content(vec![text("Hà Nội <> \"TP.HCM\" 😀"), ph("1", Some("%s"), Some("[tên]"))]));
    assert_eq!(u2.target.as_ref().unwrap().plain_text(), "Hanoi <> \"HCMC\" 😀%s");
    assert_eq!(u2.state, State::Final);
    assert!(u2.notes.is_empty());

    // One segment untranslated: the unit is initial, the target holds what was translated.
    let u3 = &file.units[2];
    assert_eq!(u3.source, Content::text("Chưa dịch. Câu hai."));
    assert_eq!(u3.target, Some(Content::text(" Sentence two.")));
    assert_eq!(u3.state, State::Initial);
}

const BILLION_LAUGHS: &str = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
"#;

#[test]
fn entity_bombs_and_external_entities_are_refused() {
    let xliff_body = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="vi"><file id="f"><unit id="u"><segment><source>&lol3;</source></segment></unit></file></xliff>"#;
    let tmx_body = r#"<tmx version="1.4"><header srclang="vi"/><body><tu><tuv xml:lang="vi"><seg>&lol3;</seg></tuv></tu></body></tmx>"#;
    for result in [
        xliff2::read(&format!("{BILLION_LAUGHS}{xliff_body}")).map(|_| ()),
        tmx::read(&format!("{BILLION_LAUGHS}{tmx_body}")).map(|_| ()),
    ] {
        let err = result.expect_err("billion laughs must be refused");
        assert_eq!(err.kind, FormatErrorKind::DtdRefused);
        assert_eq!(err.line, 2);
    }

    let xxe = r#"<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="vi"><file id="f"><unit id="u"><segment><source>&xxe;</source></segment></unit></file></xliff>"#;
    let err = xliff2::read(xxe).expect_err("external entity must be refused");
    assert_eq!(err.kind, FormatErrorKind::DtdRefused);
    let external_dtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE tmx SYSTEM \"http://example.invalid/evil.dtd\" [<!ENTITY % p SYSTEM \"x\"> %p;]>\n<tmx/>";
    assert_eq!(tmx::read(external_dtd).unwrap_err().kind, FormatErrorKind::DtdRefused);

    // An entity used without any declaration is an error too, pointed at precisely, inside its unit.
    let undeclared = "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"vi\">\n<file id=\"f\"><unit id=\"u7\">\n<segment><source>a &nbsp; b</source></segment></unit></file></xliff>";
    let err = xliff2::read(undeclared).unwrap_err();
    assert_eq!(err.kind, FormatErrorKind::UnknownEntity("nbsp".into()));
    assert_eq!((err.line, err.column, err.unit.as_deref()), (3, 20, Some("u7")));
}

#[test]
fn errors_name_line_column_and_unit() {
    let broken = "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"vi\">\n\
                  <file id=\"f\">\n  <unit id=\"s9\">\n    <segment><source>x</target></segment>\n  </unit>\n</file></xliff>";
    let err = xliff2::read(broken).unwrap_err();
    assert!(matches!(err.kind, FormatErrorKind::Malformed(_)), "{err:?}");
    assert_eq!(err.line, 4);
    assert_eq!(err.unit.as_deref(), Some("s9"));
    let shown = err.to_string();
    assert!(shown.contains("4") && shown.contains("s9"), "{shown}");

    let no_id = "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"vi\">\n<file id=\"f\">\n<unit>\n<segment><source>x</source></segment></unit></file></xliff>";
    let err = xliff2::read(no_id).unwrap_err();
    assert_eq!(err.kind, FormatErrorKind::MissingAttribute { element: "unit".into(), attribute: "id".into() });
    assert_eq!((err.line, err.column, err.unit), (3, 1, None));

    let not_xliff = "<tmx version=\"1.4\"/>";
    assert!(matches!(xliff2::read(not_xliff).unwrap_err().kind, FormatErrorKind::WrongRoot { .. }));
}

fn sample_tmx() -> tmx::Document {
    tmx::Document {
        header: tmx::Header { creationtoolversion: "1.0-test".into(), ..tmx::Header::dich("vi") },
        units: vec![
            tmx::Tu {
                tuid: Some("s1a2b3".into()),
                creationdate: tmx::date_from_rfc3339("2024-03-05T10:11:12+07:00"),
                changedate: Some("20240305T031112Z".into()),
                props: vec![("x-article".into(), "a20240305".into()), ("x-state".into(), "reviewed".into())],
                notes: vec!["Tiêu đề".into()],
                variants: vec![
                    tmx::Tuv { lang: "vi".into(), seg: "Thủ tướng phát biểu.".into(), ..tmx::Tuv::default() },
                    tmx::Tuv {
                        lang: "en".into(),
                        seg: "The Prime Minister spoke.".into(),
                        creationdate: Some("20240305T031112Z".into()),
                        changedate: None,
                        props: vec![("x-origin".into(), "tm".into())],
                    },
                ],
            },
            tmx::Tu {
                variants: vec![
                    tmx::Tuv { lang: "vi".into(), seg: "Hai".into(), ..tmx::Tuv::default() },
                    tmx::Tuv { lang: "en".into(), seg: "Two".into(), ..tmx::Tuv::default() },
                ],
                ..tmx::Tu::default()
            },
        ],
    }
}

#[test]
fn tmx_round_trips_hostile_text() {
    let hostile = format!("{HOSTILE}{FORBIDDEN}");
    let mut doc = sample_tmx();
    doc.units[0].variants[1].seg = hostile.clone();
    doc.units[0].notes.push(hostile.clone());
    doc.units[0].props.push((hostile.clone(), hostile.clone()));
    doc.units[0].tuid = Some(hostile.clone());
    let xml = tmx::write(&doc);
    assert!(!xml.contains("<!DOCTYPE"));
    let back = tmx::read(&xml).expect("our own TMX reads back");

    let mut expected = doc.clone();
    expected.units[0].variants[1].seg = HOSTILE.into();
    expected.units[0].notes[1] = HOSTILE.into();
    expected.units[0].props[2] = (HOSTILE.into(), HOSTILE.into());
    expected.units[0].tuid = Some(HOSTILE.into());
    assert_eq!(back, expected);
}

#[test]
fn tmx_write_is_stable() {
    let xml = tmx::write(&sample_tmx());
    assert_eq!(xml, tmx::write(&sample_tmx()));
    insta::assert_snapshot!("tmx_sample", xml);
}

#[test]
fn omegat_tmx_is_read() {
    let doc = tmx::read(&fixture("omegat.tmx")).expect("OmegaT TMX reads (its DOCTYPE is not fetched)");
    assert_eq!(
        doc.header,
        tmx::Header {
            srclang: "vi".into(),
            adminlang: "EN-US".into(),
            creationtool: "OmegaT".into(),
            creationtoolversion: "6.0.1_0_1b1e7f4a".into(),
            segtype: "sentence".into(),
            o_tmf: "OmegaT TMX".into(),
            datatype: "plaintext".into(),
        }
    );
    assert_eq!(doc.units.len(), 3);
    let first = &doc.units[0];
    assert_eq!(first.tuid, None);
    assert_eq!(first.variants[0].lang, "vi", "old `lang` attribute");
    assert_eq!(first.variants[1].lang, "en-GB");
    assert_eq!(first.variants[1].seg, "Prime Minister Pham Minh Chinh spoke at the conference.");
    assert_eq!(first.variants[1].changedate.as_deref(), Some("20240305T101112Z"));
    assert_eq!(first.variants[1].creationdate.as_deref(), Some("20240304T090000Z"));
    assert_eq!(
        tmx::date_to_rfc3339(first.variants[1].changedate.as_deref().unwrap()).as_deref(),
        Some("2024-03-05T10:11:12Z")
    );
    assert_eq!(doc.units[1].variants[0].seg, "Giá xăng tăng <5%> & giá điện giữ nguyên.");

    let alternative = &doc.units[2];
    assert_eq!(
        alternative.props,
        vec![
            ("file".to_string(), "thoi-su/bai-viet-123.txt".to_string()),
            ("prev".to_string(), "Thủ tướng Phạm Minh Chính phát biểu tại hội nghị.".to_string()),
            ("next".to_string(), String::new()),
        ]
    );
    assert_eq!(alternative.notes, vec!["Bản dịch riêng cho tiêu đề.".to_string()]);
    assert_eq!(alternative.variants[0].lang, "vi", "xml:lang");
    assert_eq!(alternative.variants[0].seg, "Hà Nội mưa lớn lúc {0}.", "bpt/ept dropped, ph text kept");
    assert_eq!(alternative.variants[1].seg, "Heavy rain in Hanoi at {0}.", "hi text kept");
    assert_eq!(alternative.variants[1].props, vec![("x-origin".to_string(), "mt".to_string())]);
}

#[test]
fn truncated_files_give_errors_not_panics() {
    let xliff = xliff2::write(&sample_document());
    let tmx_text = tmx::write(&sample_tmx());
    for (name, text) in [("xliff", &xliff), ("tmx", &tmx_text)] {
        let mut ends: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        ends.push(text.len());
        for end in ends {
            let prefix = &text[..end];
            let ok = if name == "xliff" { xliff2::read(prefix).is_ok() } else { tmx::read(prefix).is_ok() };
            // Only the whole document (or the whole document minus its final newline) reads.
            assert_eq!(ok, end + 1 >= text.len(), "{name} prefix of {end} bytes");
        }
    }
}

#[test]
fn deeply_nested_codes_are_an_error() {
    let depth = 10_000;
    let xml = format!(
        "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"vi\"><file id=\"f\">\
         <unit id=\"deep\"><segment><source>{}x{}</source></segment></unit></file></xliff>",
        "<pc id=\"1\">".repeat(depth),
        "</pc>".repeat(depth)
    );
    let err = xliff2::read(&xml).unwrap_err();
    assert!(matches!(err.kind, FormatErrorKind::TooDeep { .. }), "{err:?}");
    assert_eq!(err.unit.as_deref(), Some("deep"));
}

#[test]
fn windows_files_with_bom_and_crlf_are_read_and_text_is_not_renormalized() {
    // Decomposed (NFD) Vietnamese stays as written: normalization is the text module's business, not the format's.
    let nfd = "Thu\u{309} tu\u{31B}\u{1EDB}ng";
    let xml = format!(
        "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" \
         version=\"2.1\" srcLang=\"vi\">\r\n<file id=\"f\">\r\n<unit id=\"u\">\r\n<segment>\r\n\
         <source>{nfd}\r\nhai</source>\r\n</segment>\r\n</unit>\r\n</file>\r\n</xliff>\r\n"
    );
    let doc = xliff2::read(&xml).unwrap();
    assert_eq!(doc.files[0].units[0].source, Content::text(format!("{nfd}\nhai")));
}

/// Checks a TBX file against the TBX core structure (RelaxNG, `tests/schemas/tbx/`) with xmllint.
pub(crate) fn xmllint_tbx_core(file: &Path) {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/tbx/TBXcoreStructV03.rng");
    let output = Command::new("xmllint")
        .args(["--nonet", "--noout", "--relaxng"])
        .arg(&schema)
        .arg(file)
        .output()
        .unwrap_or_else(|e| {
            panic!("xmllint could not be run ({e}); install it with `apt-get install -y libxml2-utils`")
        });
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Only the first errors: on a whole term base a systematic fault repeats thousands of times.
    let first: Vec<&str> = stderr.lines().take(20).collect();
    assert!(output.status.success(), "the TBX core structure schema rejects {}:\n{}", file.display(), first.join("\n"));
}

/// The Python that runs the TBX-Basic Schematron rules: `target/test-venv` (or `DICH_TEST_VENV`), with
/// pyschematron; scripts/test.sh makes it.
fn schematron_python() -> PathBuf {
    let venv = std::env::var_os("DICH_TEST_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-venv"));
    let python = venv.join("bin/python");
    let ready = Command::new(&python).args(["-c", "import pyschematron"]).output().is_ok_and(|o| o.status.success());
    assert!(
        ready,
        "the TBX-Basic Schematron check needs Python 3.12+ with pyschematron in {}: run scripts/test.sh, which \
         makes it (python3.12 -m venv {0} && {0}/bin/pip install pyschematron==1.2.5)",
        venv.display()
    );
    python
}

/// Checks a TBX file against TBX-Basic's Schematron rules (`tests/schemas/tbx/TBX-Basic_DCA.sch`, ISO Schematron
/// with XPath 2, which xmllint cannot run). Slow (about a second per 20 concepts): give it a small file.
pub(crate) fn schematron_tbx_basic(file: &Path) {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/tbx/TBX-Basic_DCA.sch");
    // Prints every failed assertion with its place; exit 1 when the file breaks a rule.
    const CHECK: &str = "import sys\nfrom pathlib import Path\nfrom pyschematron import validate_document\n\
        svrl = '{http://purl.oclc.org/dsdl/svrl}'\n\
        result = validate_document(Path(sys.argv[1]), Path(sys.argv[2]))\n\
        for node in result.get_svrl().iter(svrl + 'failed-assert', svrl + 'successful-report'):\n\
        \x20   print(node.get('location'), (node.findtext(svrl + 'text') or '').strip())\n\
        sys.exit(0 if result.is_valid() else 1)\n";
    let output = Command::new(schematron_python()).arg("-c").arg(CHECK).arg(file).arg(&schema).output().unwrap();
    assert!(
        output.status.success(),
        "TBX-Basic's Schematron rules reject {}:\n{}{}",
        file.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
