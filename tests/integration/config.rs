//! pipeline.toml: the shipped file, a valid fixture using every key, and broken files whose errors must name the
//! exact line, column, message and hint. Fixtures: tests/fixtures/config/.

use std::fs;
use std::path::{Path, PathBuf};

use dich::config::{ChannelKind, EncodingSetting, EngineKind, OutputFormat, Settings};
use dich::i18n::{set_language, UiLanguage};

const FIXTURES: &str = "tests/fixtures/config";

fn broken(name: &str) -> PathBuf {
    Path::new(FIXTURES).join("broken").join(name)
}

/// Loads a broken fixture and returns its only error as (line, column, message, hint).
fn only_error(name: &str) -> (usize, usize, String, Option<String>) {
    set_language(UiLanguage::English);
    let errors = Settings::load(&broken(name)).expect_err(name);
    assert_eq!(errors.len(), 1, "{name}: {errors}");
    let error = errors.errors.into_iter().next().unwrap();
    assert_eq!(error.path, broken(name));
    (error.line, error.column, error.message, error.hint)
}

fn hint(text: &str) -> Option<String> {
    Some(text.to_string())
}

#[test]
fn shipped_configuration_is_valid() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let settings = Settings::load(&root.join("pipeline.toml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(settings.source, "vi");
    assert_eq!(settings.targets, ["en"]);
    assert_eq!(settings.inputs, [root.join("examples/articles")]);
    assert_eq!(settings.output_dir, root.join("out"));
    assert_eq!(settings.store_path, root.join("out/dich.sqlite"));
    assert_eq!(settings.glossary, [root.join("glossary")]);
    assert_eq!(settings.memory.seed, [root.join("examples/memory/lam-dong-doi-ngoai.tmx")]);
    assert_eq!(settings.route_for("vi", "en").unwrap().engines, ["memory"]);
    let channels: Vec<(&str, &str, ChannelKind, &[OutputFormat])> = settings
        .channels
        .iter()
        .map(|c| (c.name.as_str(), c.language.as_str(), c.kind, c.formats.as_slice()))
        .collect();
    assert_eq!(
        channels,
        [
            (
                "web-en",
                "en",
                ChannelKind::Press,
                &[OutputFormat::Markdown, OutputFormat::Html, OutputFormat::Ninjs][..]
            ),
            ("tv-en", "en", ChannelKind::Tv, &[OutputFormat::Srt, OutputFormat::Vtt, OutputFormat::Script][..]),
            (
                "translators-en",
                "en",
                ChannelKind::Translators,
                &[OutputFormat::Xliff, OutputFormat::Xliff12, OutputFormat::Tmx][..]
            ),
            ("glossary-en", "en", ChannelKind::Glossary, &[OutputFormat::Tbx, OutputFormat::Tbx2008][..]),
        ]
    );
}

#[test]
fn valid_fixture_resolves_paths_against_its_directory() {
    let dir = Path::new(FIXTURES).join("valid");
    let settings = Settings::load(&dir.join("pipeline.toml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(settings.targets, ["en", "es"]);
    assert_eq!(settings.inputs, [dir.join("articles"), dir.join("articles/one.txt")]);
    assert_eq!(settings.output_dir, dir.join("build/out"));
    assert_eq!(settings.store_path, dir.join("state/dich.sqlite"));
    assert_eq!(settings.glossary, [dir.join("terms.tsv")]);
    assert_eq!(settings.ingest.encoding, EncodingSetting::Windows1258);
    assert_eq!(settings.ingest.boilerplate, Some(dir.join("rules/boilerplate.toml")));
    assert_eq!(settings.ingest.max_file_bytes, 5 * 1024 * 1024);
    assert_eq!(settings.memory.fuzzy_threshold, 0.8);
    assert_eq!(settings.memory.max_suggestions, 5);
    assert_eq!(settings.memory.seed, [dir.join("seed.tmx")]);

    let engines: Vec<(&str, &str)> = settings.engines.iter().map(|e| (e.name.as_str(), e.kind.type_name())).collect();
    assert_eq!(engines, [("memory", "memory"), ("tm", "memory")]);
    assert!(matches!(settings.engine("tm").unwrap().kind, EngineKind::Memory(_)));

    let en = settings.route_for("vi", "en").unwrap();
    assert_eq!((en.engines.as_slice(), en.pivot.as_deref()), (&["tm".to_string()][..], None));
    let es = settings.route_for("vi", "es").unwrap();
    assert_eq!((es.engines.as_slice(), es.pivot.as_deref()), (&["memory".to_string()][..], Some("en")));

    // A channel without `formats` gets its kind's default.
    assert_eq!(settings.channels[0].formats, [OutputFormat::Markdown]);
    assert_eq!(settings.channels[1].name, "translators-es");

    // The store was configured, so --out does not move it.
    let moved = settings.with_output_dir(PathBuf::from("elsewhere"));
    assert_eq!(moved.output_dir, Path::new("elsewhere"));
    assert_eq!(moved.store_path, dir.join("state/dich.sqlite"));
}

#[test]
fn unknown_key_suggests_the_close_one() {
    assert_eq!(
        only_error("unknown-key.toml"),
        (5, 1, "unknown key \"fuzy_threshold\" in [memory]".into(), hint("did you mean \"fuzzy_threshold\"?"))
    );
    assert_eq!(
        only_error("unknown-top-key.toml"),
        (2, 1, "unknown key \"target\" in the top level".into(), hint("did you mean \"targets\"?"))
    );
}

#[test]
fn missing_required_key() {
    assert_eq!(only_error("missing-key.toml"), (1, 1, "missing key \"source\" in the top level".into(), None));
}

#[test]
fn wrong_type_names_key_and_expected_type() {
    assert_eq!(
        only_error("wrong-type.toml"),
        (
            5,
            19,
            "wrong type for \"max_suggestions\" in [memory]: expected a whole number (0 or more), found string \"three\""
                .into(),
            None
        )
    );
}

#[test]
fn unknown_engine_type_lists_the_known_ones() {
    assert_eq!(
        only_error("unknown-engine-type.toml"),
        (
            5,
            8,
            "unknown value \"nllb\" for \"type\" in [engines.mt]".into(),
            hint(
                "allowed values: \"memory\", \"deepl\", \"google\", \"libretranslate\", \"openai\", \"apertium\", \
                 \"command\", \"marian\""
            )
        )
    );
}

#[test]
fn unknown_channel_kind_lists_the_known_ones() {
    assert_eq!(
        only_error("unknown-channel-kind.toml"),
        (
            7,
            8,
            "unknown value \"radio\" for \"kind\" in [[channels]]".into(),
            hint("allowed values: \"press\", \"translators\", \"tv\", \"glossary\"")
        )
    );
}

#[test]
fn route_naming_a_missing_engine() {
    assert_eq!(
        only_error("route-missing-engine.toml"),
        (7, 22, "unknown engine \"deepl\"".into(), hint("configured engines: \"memory\""))
    );
}

#[test]
fn channel_language_must_be_a_target() {
    assert_eq!(
        only_error("channel-not-target.toml"),
        (
            6,
            12,
            "channel \"web-fr\" is in \"fr\", which is not a target language".into(),
            hint("target languages: \"en\"")
        )
    );
}

#[test]
fn format_must_fit_the_channel_kind() {
    assert_eq!(
        only_error("format-not-for-kind.toml"),
        (
            8,
            24,
            "channel \"web-en\" of kind press cannot receive format \"xliff\"".into(),
            hint("allowed values: \"markdown\", \"html\", \"ninjs\"")
        )
    );
}

#[test]
fn threshold_out_of_range() {
    assert_eq!(
        only_error("bad-threshold.toml"),
        (
            5,
            19,
            "fuzzy_threshold must be between 0 and 1, found 1.5".into(),
            hint("0 accepts every fuzzy match, 1 only exact ones; 0.75 is usual")
        )
    );
}

#[test]
fn toml_syntax_error_keeps_its_position() {
    // The array opened on line 2 is still open where the next table header starts.
    assert_eq!(only_error("syntax-error.toml"), (4, 1, "TOML syntax error: invalid array; expected `]`".into(), None));
}

#[test]
fn missing_input_names_the_path() {
    let (line, column, message, hint) = only_error("missing-input.toml");
    assert_eq!((line, column), (3, 11));
    assert_eq!(message, "input \"no-such-dir\" does not exist");
    let looked_for = broken("no-such-dir").display().to_string();
    assert_eq!(
        hint.unwrap(),
        format!("looked for {looked_for} (relative paths start from the directory of the configuration file)")
    );
}

#[test]
fn every_error_of_a_file_is_listed_in_order() {
    set_language(UiLanguage::English);
    let errors = Settings::load(&broken("several-errors.toml")).unwrap_err();
    insta::assert_snapshot!(errors.to_string());
}

#[test]
fn every_config_message_exists_in_both_languages() {
    let mut ids = Vec::new();
    for entry in fs::read_dir("src/config").unwrap() {
        let text = fs::read_to_string(entry.unwrap().path()).unwrap();
        for piece in text.split("crate::t!(\"").skip(1) {
            ids.push(piece[..piece.find('"').unwrap()].to_string());
        }
    }
    assert!(ids.len() > 40, "found only {} ids", ids.len());
    for id in &ids {
        for lang in [UiLanguage::English, UiLanguage::Vietnamese] {
            assert!(dich::i18n::has_message(lang, id), "{id} missing in {lang:?}");
        }
    }
}

#[test]
fn webhooks_need_ninjs_an_http_address_a_secret_variable_and_a_press_channel() {
    set_language(UiLanguage::English);
    let errors = Settings::load(&broken("webhooks.toml")).unwrap_err();
    insta::assert_snapshot!(errors.to_string());
}
