// Channel outputs: every format on a fixture article, parsed back and validated; bad input.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use dich::article::{Article, Block, BlockKind};
use dich::channel::captions::build_cues;
use dich::channel::publish::{write_channels, PublishContext};
use dich::channel::{html, ninjs, ChannelWriter, TranslatedArticle, TranslatedBlock};
use dich::config::{CaptionLimits, NinjsVersion, Settings};
use dich::engine::{Origin, Translation};
use dich::store::TmState;
use dich::text::{segment_article, Segment};

const NOW: &str = "2026-11-28T12:00:00Z";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/channels").join(name)
}

fn article() -> Article {
    serde_json::from_str(&std::fs::read_to_string(fixture("article.json")).unwrap()).unwrap()
}

/// Translations of the fixture's segments, looked up by Vietnamese text.
fn translations(segments: &[Segment]) -> HashMap<String, Translation> {
    let by_text: HashMap<String, String> =
        serde_json::from_str(&std::fs::read_to_string(fixture("translations.en.json")).unwrap()).unwrap();
    segments
        .iter()
        .map(|s| {
            let text = by_text.get(&s.text).unwrap_or_else(|| panic!("no translation for segment {:?}", s.text));
            let origin = Origin::Memory { state: TmState::Approved, provenance: "fixture".into() };
            (s.id.clone(), Translation { segment_id: s.id.clone(), text: text.clone(), origin })
        })
        .collect()
}

const CHANNELS: &str = r#"
source = "vi"
targets = ["en"]

[[channels]]
name = "tv-en"
language = "en"
kind = "tv"
formats = ["srt", "vtt", "script"]

[[channels]]
name = "press-en"
language = "en"
kind = "press"
formats = ["markdown", "html", "ninjs"]

[[channels]]
name = "agency-en"
language = "en"
kind = "press"
formats = ["ninjs"]
ninjs_version = "2.1"
diacritics = true
date_style = "day-month-year"

[[channels]]
name = "translators-en"
language = "en"
kind = "translators"
formats = ["xliff", "xliff12", "tmx"]
"#;

fn settings(out: &Path, text: &str) -> Settings {
    Settings::parse(text, &out.join("pipeline.toml")).unwrap().with_output_dir(out.to_path_buf())
}

/// Publishes the fixture article into `out` and returns the files written, relative to `out`.
fn publish(out: &Path, article: &Article, now: &str) -> Vec<String> {
    let settings = settings(out, CHANNELS);
    let segments = segment_article(article);
    let translations = translations(&segments);
    let context = PublishContext { matcher: None, glossary: None, now: now.to_string() };
    let written = write_channels(
        &settings,
        article,
        &segments,
        "en",
        &findings(&translations, &NO_HITS),
        "article.json",
        &context,
    )
    .expect("channels written");
    written.iter().map(|p| p.strip_prefix(out).unwrap().display().to_string()).collect()
}

static NO_HITS: std::sync::LazyLock<HashMap<String, Vec<dich::glossary::Hit>>> = std::sync::LazyLock::new(HashMap::new);
type NoFindings = (HashMap<String, Vec<dich::engine::Suggestion>>, HashMap<String, String>);
static NOTHING: std::sync::LazyLock<NoFindings> = std::sync::LazyLock::new(|| (HashMap::new(), HashMap::new()));

/// The findings of a run that translated everything: no suggestions, nothing flagged.
fn findings<'a>(
    translations: &'a HashMap<String, dich::engine::Translation>,
    hits: &'a HashMap<String, Vec<dich::glossary::Hit>>,
) -> dich::package::Findings<'a> {
    dich::package::Findings { translations, suggestions: &NOTHING.0, hits, flagged: &NOTHING.1 }
}

#[test]
fn every_format_of_every_channel_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let files = publish(dir.path(), &article(), NOW);
    assert_eq!(
        files,
        [
            "tv-en/phan-thiet-doi-ngoai.en.srt",
            "tv-en/phan-thiet-doi-ngoai.en.vtt",
            "tv-en/phan-thiet-doi-ngoai.en.script.txt",
            "press-en/phan-thiet-doi-ngoai.en.md",
            "press-en/phan-thiet-doi-ngoai.en.html",
            "press-en/phan-thiet-doi-ngoai.en.ninjs.json",
            "agency-en/phan-thiet-doi-ngoai.en.ninjs.json",
            "translators-en/phan-thiet-doi-ngoai.vi-en.xlf",
            "translators-en/phan-thiet-doi-ngoai.vi-en.v12.xlf",
            "translators-en/phan-thiet-doi-ngoai.vi-en.tmx",
        ]
    );
    for file in &files {
        let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
        let name = file.replace('/', "__");
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn house_style_reaches_the_press_copy() {
    let dir = tempfile::tempdir().unwrap();
    publish(dir.path(), &article(), NOW);
    let md = std::fs::read_to_string(dir.path().join("press-en/phan-thiet-doi-ngoai.en.md")).unwrap();
    for expected in [
        "# Binh Thuan steps up people-to-people diplomacy",
        "PHAN THIET, August 12 — On August 11-12, 2022, a delegation",
        "Directive 12-CT/TW of January 5, 2022",
        "the 13th National Party Congress",
        "VND 2.5 billion in total, with 97.5% disbursed, supporting 1,250,000 people",
        "Mr. Duong Van An",
    ] {
        assert!(md.contains(expected), "missing {expected:?} in:\n{md}");
    }
    // The agency keeps diacritics and writes day-month-year.
    let agency = std::fs::read_to_string(dir.path().join("agency-en/phan-thiet-doi-ngoai.en.ninjs.json")).unwrap();
    assert!(agency.contains("Mr. Dương Văn An"), "{agency}");
    assert!(agency.contains("PHAN THIẾT, 12 August —"), "{agency}");
    // Translators get the raw translation, not the house style.
    let xlf = std::fs::read_to_string(dir.path().join("translators-en/phan-thiet-doi-ngoai.vi-en.xlf")).unwrap();
    assert!(xlf.contains("2,5 tỷ đồng"), "{xlf}");
}

#[test]
fn rerunning_rewrites_only_what_changed() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let files = publish(dir.path(), &article(), NOW);
    let inode = |f: &str| std::fs::metadata(dir.path().join(f)).unwrap().ino();
    let before: Vec<u64> = files.iter().map(|f| inode(f)).collect();
    publish(dir.path(), &article(), "2030-01-01T00:00:00Z");
    let after: Vec<u64> = files.iter().map(|f| inode(f)).collect();
    assert_eq!(before, after, "a rerun with nothing changed replaced files");
    let ninjs_path = dir.path().join("press-en/phan-thiet-doi-ngoai.en.ninjs.json");
    let item: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&ninjs_path).unwrap()).unwrap();
    assert_eq!((item["version"].as_str(), item["versionCreated"].as_str()), (Some("1"), Some(NOW)));

    let mut changed = article();
    changed.byline = Some("Thành Luân và Xuân Nguyên".into());
    publish(dir.path(), &changed, "2030-01-01T00:00:00Z");
    let item: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&ninjs_path).unwrap()).unwrap();
    assert_eq!((item["version"].as_str(), item["versionCreated"].as_str()), (Some("2"), Some("2030-01-01T00:00:00Z")));
    assert_eq!(inode("tv-en/phan-thiet-doi-ngoai.en.srt"), before[0], "captions do not show the byline");
}

fn validator(version: &str) -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/schemas/ninjs/ninjs-schema_{version}.json"));
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .with_retriever(OfflineGeoJson)
        .build(&schema)
        .expect("schema compiles")
}

/// The ninjs schemas refer to the GeoJSON schema on the web for place geometry, which dich never writes: it
/// is taken as "any JSON" so validation needs no network. Any other external reference is an error.
struct OfflineGeoJson;

impl jsonschema::Retrieve for OfflineGeoJson {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<serde_json::Value, Box<dyn std::error::Error + Send + Sync>> {
        if uri.as_str().starts_with("https://geojson.org/") {
            Ok(serde_json::json!({}))
        } else {
            Err(format!("no network in tests: {uri}").into())
        }
    }
}

#[test]
fn ninjs_items_pass_iptc_schemas() {
    let dir = tempfile::tempdir().unwrap();
    publish(dir.path(), &article(), NOW);
    for (file, version, other) in [
        ("press-en/phan-thiet-doi-ngoai.en.ninjs.json", "3.0", "2.1"),
        ("agency-en/phan-thiet-doi-ngoai.en.ninjs.json", "2.1", "3.0"),
    ] {
        let item: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.path().join(file)).unwrap()).unwrap();
        let errors: Vec<String> =
            validator(version).iter_errors(&item).map(|e| format!("{} at {}", e, e.instance_path)).collect();
        assert!(errors.is_empty(), "{file} against ninjs {version}: {errors:#?}");
        // The schemas differ in key case: each item fails the other version (the test can fail).
        assert!(!validator(other).is_valid(&item), "{file} also passes ninjs {other}");
        let associations = item["associations"].as_array().unwrap();
        assert_eq!(associations[0]["name"], "original");
        assert_eq!(associations[0]["language"], "vi");
        assert_eq!(associations[0]["uri"], "https://thoidai.com.vn/phat-huy-tiem-nang-173745.html");
        assert_eq!(associations[1]["type"], "picture");
        assert_eq!(item["language"], "en");
    }
}

/// One cue read back from SRT or WebVTT.
#[derive(Debug)]
struct ParsedCue {
    index: usize,
    start_ms: u64,
    end_ms: u64,
    lines: Vec<String>,
}

fn parse_time(text: &str, separator: char) -> u64 {
    let (clock, millis) = text.split_once(separator).unwrap_or_else(|| panic!("bad time {text:?}"));
    let parts: Vec<u64> = clock.split(':').map(|p| p.parse().unwrap()).collect();
    assert_eq!(parts.len(), 3, "{text}");
    assert_eq!(millis.len(), 3, "{text}");
    ((parts[0] * 60 + parts[1]) * 60 + parts[2]) * 1000 + millis.parse::<u64>().unwrap()
}

fn parse_cues(text: &str, separator: char) -> Vec<ParsedCue> {
    let mut cues = Vec::new();
    let body = text.strip_prefix("WEBVTT\n\n").unwrap_or(text);
    for block in body.split("\n\n").filter(|b| !b.trim().is_empty()) {
        if block.starts_with("NOTE") {
            continue;
        }
        let mut lines = block.lines();
        let index: usize = lines.next().unwrap().parse().expect("cue index");
        let timing = lines.next().unwrap();
        let (start, end) = timing.split_once(" --> ").expect("timing line");
        let lines: Vec<String> = lines.map(str::to_string).collect();
        cues.push(ParsedCue {
            index,
            start_ms: parse_time(start, separator),
            end_ms: parse_time(end, separator),
            lines,
        });
    }
    cues
}

fn check_cues(cues: &[ParsedCue], limits: &CaptionLimits) {
    assert!(!cues.is_empty());
    let mut last_end = 0;
    for (i, cue) in cues.iter().enumerate() {
        assert_eq!(cue.index, i + 1);
        assert!(cue.start_ms >= last_end && cue.end_ms > cue.start_ms, "{cue:?}");
        last_end = cue.end_ms;
        assert!(!cue.lines.is_empty() && cue.lines.len() <= limits.max_lines, "{cue:?}");
        for line in &cue.lines {
            assert!(line.chars().count() <= limits.max_chars_per_line, "line too long: {line:?}");
            assert!(!line.trim().is_empty());
        }
        let duration = cue.end_ms - cue.start_ms;
        let chars = cue.lines.iter().map(|l| l.chars().count()).sum::<usize>() + cue.lines.len() - 1;
        let cps = chars as f64 * 1000.0 / duration as f64;
        assert!(cps <= limits.max_chars_per_second + 1e-9 || duration == limits.max_duration_ms, "{cue:?}: {cps} cps");
        assert!(duration >= limits.min_duration_ms && duration <= limits.max_duration_ms, "{cue:?}");
    }
}

#[test]
fn captions_parse_back_within_limits() {
    let dir = tempfile::tempdir().unwrap();
    publish(dir.path(), &article(), NOW);
    let limits = CaptionLimits::default();
    let srt = std::fs::read_to_string(dir.path().join("tv-en/phan-thiet-doi-ngoai.en.srt")).unwrap();
    let vtt = std::fs::read_to_string(dir.path().join("tv-en/phan-thiet-doi-ngoai.en.vtt")).unwrap();
    assert!(vtt.starts_with("WEBVTT\n\nNOTE Translated from Vietnamese.\n\n"), "{vtt}");
    let (srt_cues, vtt_cues) = (parse_cues(&srt, ','), parse_cues(&vtt, '.'));
    check_cues(&srt_cues, &limits);
    check_cues(&vtt_cues, &limits);
    let srt_text: Vec<&Vec<String>> = srt_cues.iter().map(|c| &c.lines).collect();
    let vtt_text: Vec<&Vec<String>> = vtt_cues.iter().map(|c| &c.lines).collect();
    assert_eq!(srt_text, vtt_text, "SRT and WebVTT carry the same cues");
    // The captions say everything the article says, in order (photo captions and byline aside).
    let words: Vec<String> =
        srt_cues.iter().flat_map(|c| c.lines.iter()).flat_map(|l| l.split(' ').map(str::to_string)).collect();
    assert_eq!(words.first().map(String::as_str), Some("Binh"));
    assert_eq!(words.last().map(String::as_str), Some("people."));
    assert!(!srt.contains("Photo"), "photo captions are not read out");
}

#[test]
fn caption_lines_never_break_inside_glossary_terms() {
    let term = "Vietnam Union of Friendship Organisations".to_string();
    let text = "On Friday, a delegation of the Vietnam Union of Friendship Organisations visited two provinces \
                to discuss people-to-people diplomacy with the Vietnam Union of Friendship Organisations chapters.";
    let limits = CaptionLimits::default();
    let cues = build_cues(&[text.to_string()], std::slice::from_ref(&term), &limits);
    let lines: Vec<&String> = cues.iter().flat_map(|c| &c.lines).collect();
    assert_eq!(lines.iter().filter(|l| l.contains(&term)).count(), 2, "{lines:#?}");
    // Without the term the same text breaks inside it: the protection is what keeps it whole.
    let unprotected = build_cues(&[text.to_string()], &[], &limits);
    let lines: Vec<&String> = unprotected.iter().flat_map(|c| &c.lines).collect();
    assert!(lines.iter().filter(|l| l.contains(&term)).count() < 2, "{lines:#?}");
}

#[test]
fn a_five_thousand_character_sentence_is_split_across_cues() {
    let sentence = format!("{}end.", "the province keeps building friendship with partners abroad ".repeat(84));
    assert!(sentence.chars().count() >= 5000);
    let limits = CaptionLimits::default();
    let cues = build_cues(std::slice::from_ref(&sentence), &[], &limits);
    assert!(cues.len() > 50, "{} cues", cues.len());
    let srt = dich::channel::srt::render(&cues);
    check_cues(&parse_cues(&srt, ','), &limits);
    let rejoined: Vec<String> = cues.iter().flat_map(|c| c.lines.clone()).collect();
    assert_eq!(rejoined.join(" "), sentence.trim_end());
}

fn hostile_article() -> Article {
    Article {
        id: "hostile".into(),
        headline: "<script>alert('x')</script> & \"quotes\"".into(),
        timestamp: None,
        published: Some("2022-08-12T21:32:00\"><img src=x onerror=alert(1)>".into()),
        lead: Some("Lead with &amp; entity and </p><p>".into()),
        body: vec![Block {
            kind: BlockKind::Caption,
            text: "Photo <b>bold</b>".into(),
            credit: Some("<i>Xuân</i>".into()),
        }],
        byline: Some("<a href='javascript:alert(1)'>me</a>".into()),
        source_url: Some("javascript:alert(document.cookie)".into()),
    }
}

fn as_is(article: &Article) -> TranslatedArticle<'_> {
    let blocks = article
        .blocks()
        .into_iter()
        .map(|b| TranslatedBlock { kind: b.kind, text: b.text, credit: b.credit })
        .collect();
    TranslatedArticle { source: article, language: "en".into(), blocks }
}

#[test]
fn html_escapes_hostile_article_text() {
    let article = hostile_article();
    let page = html::render(&as_is(&article), Some("<b>PHAN THIET</b> —"));
    for bad in ["<script", "<b>", "<i>", "<img", "href=\"javascript:", "<a href='", "</p><p>", "onerror=alert(1)>"] {
        assert!(!page.contains(bad), "{bad:?} reached the page:\n{page}");
    }
    for escaped in [
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;",
        "Lead with &amp;amp; entity and &lt;/p&gt;&lt;p&gt;",
        "&lt;b&gt;PHAN THIET&lt;/b&gt; —",
        "Photo: &lt;i&gt;Xuân&lt;/i&gt;",
    ] {
        assert!(page.contains(escaped), "{escaped:?} missing:\n{page}");
    }
    insta::assert_snapshot!("hostile_html", page);
    // VTT and ninjs escape in their own ways.
    let vtt = dich::channel::vtt::escape("a <b> & c --> d");
    assert_eq!(vtt, "a &lt;b&gt; &amp; c --&gt; d");
    let item = ninjs::item(&as_is(&article), NinjsVersion::V3_0, None);
    let value = ninjs::stamped(item, NinjsVersion::V3_0, 1, NOW);
    let errors: Vec<String> = validator("3.0").iter_errors(&value).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn an_article_without_headline_is_refused_with_its_id() {
    let dir = tempfile::tempdir().unwrap();
    let mut article = article();
    article.headline = String::new();
    let settings = settings(dir.path(), CHANNELS);
    let segments = segment_article(&article);
    let mut translations = translations(&segments.iter().filter(|s| !s.text.is_empty()).cloned().collect::<Vec<_>>());
    for s in segments.iter().filter(|s| s.text.is_empty()) {
        let origin = Origin::Memory { state: TmState::Approved, provenance: "fixture".into() };
        translations.insert(s.id.clone(), Translation { segment_id: s.id.clone(), text: String::new(), origin });
    }
    let context = PublishContext { matcher: None, glossary: None, now: NOW.into() };
    let error = write_channels(&settings, &article, &segments, "en", &findings(&translations, &NO_HITS), "a", &context)
        .expect_err("no headline");
    let message = error.to_string();
    assert!(message.contains("phan-thiet-doi-ngoai has no headline"), "{message}");
    assert!(message.contains("tv-en") && message.contains("press-en"), "{message}");
    // The translators still get their package: one bad channel does not cost the others.
    assert!(dir.path().join("translators-en/phan-thiet-doi-ngoai.vi-en.xlf").exists());
}

#[test]
fn article_ids_that_leave_the_output_directory_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut article = article();
    article.id = "../escaped".into();
    let settings = settings(&out, CHANNELS);
    let segments = segment_article(&article);
    let translations = translations(&segments);
    let context = PublishContext { matcher: None, glossary: None, now: NOW.into() };
    let error = write_channels(&settings, &article, &segments, "en", &findings(&translations, &NO_HITS), "a", &context)
        .expect_err("refused");
    assert!(error.to_string().contains("would leave the output directory"), "{error}");
    let outside: Vec<PathBuf> = walk(dir.path()).into_iter().filter(|p| !p.starts_with(&out)).collect();
    assert!(outside.is_empty(), "written outside the output directory: {outside:?}");
    // A writer called directly refuses too.
    let translated = as_is(&article);
    assert!(html::HtmlWriter::default().write(&translated, &out).is_err());
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn unknown_channel_kinds_formats_and_keys_name_their_place() {
    let path = Path::new("conf/pipeline.toml");
    let kind =
        "source = \"vi\"\ntargets = [\"en\"]\n[[channels]]\nname = \"tv\"\nlanguage = \"en\"\nkind = \"radio\"\n";
    let errors = Settings::parse(kind, path).unwrap_err();
    assert_eq!(errors.errors[0].message, "unknown value \"radio\" for \"kind\" in [[channels]]");
    assert_eq!((errors.errors[0].line, errors.errors[0].column), (6, 8));
    assert!(errors.errors[0].hint.as_deref().unwrap().contains("\"tv\""));

    let format = "source = \"vi\"\ntargets = [\"en\"]\n[[channels]]\nname = \"tv\"\nlanguage = \"en\"\nkind = \"tv\"\nformats = [\"srt\", \"ttml\"]\n";
    let errors = Settings::parse(format, path).unwrap_err();
    assert_eq!(errors.errors[0].message, "unknown value \"ttml\" for \"formats\" in [[channels]]");
    assert_eq!(errors.errors[0].line, 7);

    let wrong = "source = \"vi\"\ntargets = [\"en\"]\n[[channels]]\nname = \"tv\"\nlanguage = \"en\"\nkind = \"tv\"\n\
                 formats = [\"html\"]\nninjs_version = \"3.0\"\nmax_lines = 9\n\
                 [[channels]]\nname = \"web\"\nlanguage = \"en\"\nkind = \"press\"\nmax_chars_per_line = 30\n";
    let errors = Settings::parse(wrong, path).unwrap_err();
    let listed: Vec<String> =
        errors.iter().map(|e| format!("{}:{}:{} {}", e.path.display(), e.line, e.column, e.message)).collect();
    assert_eq!(
        listed,
        [
            "conf/pipeline.toml:7:12 channel \"tv\" of kind tv cannot receive format \"html\"",
            "conf/pipeline.toml:8:17 \"ninjs_version\" does not apply to channel \"tv\" of kind tv",
            "conf/pipeline.toml:9:13 \"max_lines\" is 9; it must be between 1 and 4",
            "conf/pipeline.toml:14:22 \"max_chars_per_line\" does not apply to channel \"web\" of kind press",
        ]
    );
}

#[test]
fn channel_settings_take_their_defaults_and_overrides() {
    let text = "source = \"vi\"\ntargets = [\"en\", \"zh\"]\n\
                [[channels]]\nname = \"tv-en\"\nlanguage = \"en\"\nkind = \"tv\"\nmax_chars_per_second = 15.0\n\
                [[channels]]\nname = \"tv-zh\"\nlanguage = \"zh\"\nkind = \"tv\"\n\
                [[channels]]\nname = \"web\"\nlanguage = \"en\"\nkind = \"press\"\ndiacritics = true\ndateline = \"Phan Thiết\"\n";
    let settings = Settings::parse(text, Path::new("pipeline.toml")).unwrap();
    let tv = &settings.channels[0];
    assert_eq!(tv.formats.iter().map(|f| f.as_str()).collect::<Vec<_>>(), ["srt", "vtt", "script"]);
    assert_eq!((tv.captions.max_chars_per_line, tv.captions.max_chars_per_second), (42, 15.0));
    assert_eq!(settings.channels[1].captions.max_chars_per_line, 16);
    let web = &settings.channels[2];
    assert!(web.style.diacritics && !tv.style.diacritics);
    assert_eq!(web.dateline.as_deref(), Some("Phan Thiết"));
    assert_eq!(web.ninjs_version, NinjsVersion::V3_0);
}

fn xmllint(args: &[&str], file: &Path) -> std::process::Output {
    Command::new("xmllint").args(args).arg(file).output().unwrap_or_else(|e| {
        panic!("xmllint could not be run ({e}); install it with `apt-get install -y libxml2-utils`")
    })
}

#[test]
fn translator_files_are_valid() {
    let dir = tempfile::tempdir().unwrap();
    publish(dir.path(), &article(), NOW);
    let units = segment_article(&article()).len();
    let xliff2 = dir.path().join("translators-en/phan-thiet-doi-ngoai.vi-en.xlf");
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/xliff2/xliff_core_2.0.xsd");
    let output = xmllint(&["--nonet", "--noout", "--schema", schema.to_str().unwrap()], &xliff2);
    assert!(output.status.success(), "XLIFF 2.1 rejected: {}", String::from_utf8_lossy(&output.stderr));

    let xliff12 = dir.path().join("translators-en/phan-thiet-doi-ngoai.vi-en.v12.xlf");
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/xliff12/xliff-core-1.2-strict.xsd");
    let output = xmllint(&["--nonet", "--noout", "--schema", schema.to_str().unwrap()], &xliff12);
    assert!(output.status.success(), "XLIFF 1.2 strict rejected: {}", String::from_utf8_lossy(&output.stderr));
    let text = std::fs::read_to_string(&xliff12).unwrap();
    assert!(text.contains("<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">"));
    assert!(text.contains("source-language=\"vi\" target-language=\"en\""));
    assert_eq!(text.matches("<trans-unit ").count(), units);
    assert_eq!(text.matches("<target state=\"").count(), units);
    // Approved units say so the way 1.2 tools count them (translate-toolkit, Trados), not only by state.
    assert_eq!(text.matches("approved=\"yes\"").count(), units);

    let tmx_path = dir.path().join("translators-en/phan-thiet-doi-ngoai.vi-en.tmx");
    let tmx = dich::formats::tmx::read(&std::fs::read_to_string(&tmx_path).unwrap()).expect("TMX reads back");
    assert_eq!(tmx.units.len(), units);
    assert_eq!(tmx.units[0].variants[1].seg, "Bình Thuận steps up people-to-people diplomacy");
}

#[test]
fn the_glossary_keeps_its_terms_on_one_caption_line() {
    let (glossary, issues) = dich::glossary::Glossary::load_paths(&[fixture("glossary.tsv")]);
    assert!(issues.is_empty(), "{issues:?}");
    let matcher = glossary.matcher();
    let term = "Party Central Committee's Secretariat";
    let article = article();
    let segments = segment_article(&article);
    // The run's glossary hits per segment, as the pipeline passes them.
    let hits: HashMap<String, Vec<dich::glossary::Hit>> =
        segments.iter().map(|s| (s.id.clone(), matcher.find(&s.text))).collect();
    let lines_of = |matcher: Option<&dich::glossary::Matcher>, hits: &HashMap<String, Vec<dich::glossary::Hit>>| {
        let dir = tempfile::tempdir().unwrap();
        let settings = settings(dir.path(), CHANNELS);
        let translations = translations(&segments);
        let context = PublishContext { matcher, glossary: None, now: NOW.into() };
        write_channels(&settings, &article, &segments, "en", &findings(&translations, hits), "a", &context).unwrap();
        let srt = std::fs::read_to_string(dir.path().join("tv-en/phan-thiet-doi-ngoai.en.srt")).unwrap();
        let cues = parse_cues(&srt, ',');
        check_cues(&cues, &CaptionLimits::default());
        cues.into_iter().flat_map(|c| c.lines).collect::<Vec<String>>()
    };
    // Without the glossary this layout breaks the title; with it the title stays whole.
    assert!(!lines_of(None, &HashMap::new()).iter().any(|l| l.contains(term)));
    for lines in [lines_of(Some(&matcher), &HashMap::new()), lines_of(None, &hits)] {
        assert!(lines.iter().any(|l| l.contains(term)), "{lines:#?}");
    }
}

#[test]
fn a_channel_with_its_own_rendering_of_a_term_gets_it() {
    let dir = tempfile::tempdir().unwrap();
    // The agency desk abbreviates the union; the web desk keeps the house rendering.
    let tsv = dir.path().join("organizations.tsv");
    std::fs::write(
        &tsv,
        "vi\ten\tkind\tstatus\ten@agency-en\n\
         Liên hiệp các tổ chức hữu nghị Việt Nam\tVietnam Union of Friendship Organisations\torganization\tapproved\tVUFO\n",
    )
    .unwrap();
    let (glossary, issues) = dich::glossary::Glossary::load_paths(&[tsv]);
    assert!(issues.is_empty(), "{issues:?}");
    let matcher = glossary.matcher();
    let article = article();
    let segments = segment_article(&article);
    let hits: HashMap<String, Vec<dich::glossary::Hit>> =
        segments.iter().map(|s| (s.id.clone(), matcher.find(&s.text))).collect();
    assert!(hits.values().flatten().count() > 0, "the fixture article names the union");
    let out = dir.path().join("out");
    let settings = settings(&out, CHANNELS);
    let translations = translations(&segments);
    let context = PublishContext { matcher: Some(&matcher), glossary: Some(&glossary), now: NOW.into() };
    write_channels(&settings, &article, &segments, "en", &findings(&translations, &hits), "a", &context).unwrap();

    let agency = std::fs::read_to_string(out.join("agency-en/phan-thiet-doi-ngoai.en.ninjs.json")).unwrap();
    assert!(agency.contains("VUFO worked in"), "{agency}");
    assert!(!agency.contains("Vietnam Union of Friendship Organisations"), "{agency}");
    let press = std::fs::read_to_string(out.join("press-en/phan-thiet-doi-ngoai.en.md")).unwrap();
    assert!(press.contains("Vietnam Union of Friendship Organisations worked in"), "{press}");
    // The translators' files carry the translations as they are.
    let tmx = std::fs::read_to_string(out.join("translators-en/phan-thiet-doi-ngoai.vi-en.tmx")).unwrap();
    assert!(tmx.contains("Vietnam Union of Friendship Organisations worked in") && !tmx.contains("VUFO"));
}

#[test]
fn numbers_and_dates_compare_by_value_across_languages() {
    use dich::localize::{find_dates, find_numbers, localize, HouseStyle};
    let article = article();
    let segments = segment_article(&article);
    let translations = translations(&segments);
    let style = HouseStyle::for_language("en");
    let values = |text: &str, lang: &str| {
        let mut numbers: Vec<String> =
            find_numbers(text, lang).iter().map(|n| format!("{} {:?}", n.value, n.unit)).collect();
        numbers.sort();
        let dates: Vec<_> = find_dates(text, lang).iter().map(|d| (d.start_date, d.end_date)).collect();
        (numbers, dates)
    };
    for segment in &segments {
        let raw = &translations[&segment.id].text;
        // The engine's English (still holding "2,5 tỷ đồng", "1.250.000", "5/1/2022") and the house-style copy
        // carry the same values as the Vietnamese.
        assert_eq!(values(&segment.text, "vi"), values(raw, "en"), "{raw}");
        assert_eq!(values(&segment.text, "vi"), values(&localize(raw, &style), "en"), "{raw}");
    }
    // The house style of every other language keeps the same values: the Vietnamese sentence with its numbers,
    // money and dates rewritten as a French, Russian, Chinese, Japanese or Korean desk writes them.
    for lang in ["fr", "ru", "zh", "ja", "ko"] {
        let style = HouseStyle { diacritics: true, ..HouseStyle::for_language(lang) };
        for segment in &segments {
            let styled = localize(&segment.text, &style);
            assert_eq!(values(&segment.text, "vi"), values(&styled, lang), "{lang}: {styled}");
        }
    }
    // QA reads them the same way: a Chinese "125万" is the Vietnamese "1.250.000", a "120万" is not.
    let unit = |target: &'static str| dich::qa::checks::Unit {
        id: "s1",
        source: "Có 1.250.000 người, vốn 2,5 tỷ đồng, ngày 12/8/2022.",
        target,
        hits: &[],
        lang: "zh",
    };
    let context = dich::qa::checks::Context::default();
    let right = unit("2022年8月12日，有125万人，投资25亿越南盾。");
    assert!(dich::qa::checks::numbers(&right, &context).is_empty());
    assert!(dich::qa::checks::dates(&right, &context).is_empty());
    let wrong = unit("2022年8月21日，有120万人，投资25亿越南盾。");
    assert_eq!(dich::qa::checks::numbers(&wrong, &context).len(), 2, "one missing, one extra");
    assert_eq!(dich::qa::checks::dates(&wrong, &context).len(), 2);
    let (numbers, dates) = values(&segments[5].text, "vi");
    assert_eq!(
        numbers,
        ["1250000 None", "2021 None", "2500000000 Some(Currency(\"VND\"))", "7 None", "97.5 Some(Percent)"]
    );
    assert!(dates.is_empty());
}

#[test]
fn russian_and_chinese_scripts_speak_numbers_and_dates() {
    use dich::channel::script::ScriptWriter;
    use dich::localize::{localize, HouseStyle};
    let source = article();
    let dir = tempfile::tempdir().unwrap();
    // The engine's output still in Vietnamese forms; the channel writes it in house style, the script speaks it.
    let cases = [
        (
            "ru",
            "Провинция наращивает народную дипломатию",
            "12/8/2022 провинция освоила 2,5 tỷ đồng, или 97,5% плана, по директиве 12-CT/TW.",
            "Двенадцатое августа две тысячи двадцать второго года провинция освоила две целых пять десятых миллиарда \
             донгов, или девяносто семь целых пять десятых процента плана, по директиве 12-CT/TW.",
        ),
        (
            "zh",
            "该省加强民间外交",
            "12/8/2022，该省已拨付2,5 tỷ đồng，完成计划的97,5%，惠及1.250.000人次。",
            "二〇二二年八月十二日，该省已拨付二十五亿越南盾，完成计划的百分之九十七点五，惠及一百二十五万人次。",
        ),
    ];
    for (lang, headline, lead, spoken) in cases {
        let style = HouseStyle::for_language(lang);
        let block = |kind, text: &str| TranslatedBlock { kind, text: localize(text, &style), credit: None };
        let translated = TranslatedArticle {
            source: &source,
            language: lang.into(),
            blocks: vec![block(BlockKind::Headline, headline), block(BlockKind::Lead, lead)],
        };
        let paths = ScriptWriter::default().write(&translated, dir.path()).unwrap();
        let script = std::fs::read_to_string(&paths[0]).unwrap();
        assert!(script.contains(spoken), "{lang}:\n{script}");
        let digits: String = script.replace("12-CT/TW", "").chars().filter(char::is_ascii_digit).collect();
        assert!(digits.is_empty(), "{lang}: digits left in\n{script}");
    }
}

#[test]
fn japanese_channels_write_vietnamese_names_in_katakana_unless_they_keep_latin() {
    let dir = tempfile::tempdir().unwrap();
    let config = r#"
source = "vi"
targets = ["ja"]

[[channels]]
name = "press-ja"
language = "ja"
kind = "press"
formats = ["markdown"]

[[channels]]
name = "tv-ja"
language = "ja"
kind = "tv"
formats = ["srt"]

[[channels]]
name = "press-ja-latin"
language = "ja"
kind = "press"
formats = ["markdown"]
latin_names = true
"#;
    let settings = settings(dir.path(), config);
    let article = article();
    let segments = segment_article(&article);
    // What an engine gives for Japanese: the names left in Latin letters, with their diacritics.
    let translations: HashMap<String, Translation> = segments
        .iter()
        .map(|s| {
            let text = if s.text.contains("Dương Văn An") {
                "Bình Thuận省党委員会のDương Văn An書記が会合を主宰した。"
            } else {
                "ビントゥアン省は人民外交を強化した。"
            };
            let origin = Origin::Memory { state: TmState::Approved, provenance: "fixture".into() };
            (s.id.clone(), Translation { segment_id: s.id.clone(), text: text.to_string(), origin })
        })
        .collect();
    let context = PublishContext { matcher: None, glossary: None, now: NOW.into() };
    write_channels(&settings, &article, &segments, "ja", &findings(&translations, &NO_HITS), "a", &context).unwrap();

    let press = std::fs::read_to_string(dir.path().join("press-ja/phan-thiet-doi-ngoai.ja.md")).unwrap();
    assert!(press.contains("ビントゥアン省党委員会のズオン・バン・アン書記が会合を主宰した。"), "{press}");
    let srt = std::fs::read_to_string(dir.path().join("tv-ja/phan-thiet-doi-ngoai.ja.srt")).unwrap();
    assert!(srt.contains("ズオン・バン・アン"), "{srt}");
    assert!(!srt.contains("Duong") && !srt.contains("Dương"), "{srt}");
    let latin = std::fs::read_to_string(dir.path().join("press-ja-latin/phan-thiet-doi-ngoai.ja.md")).unwrap();
    assert!(latin.contains("Binh Thuan省党委員会のDuong Van An書記が会合を主宰した。"), "{latin}");
}
