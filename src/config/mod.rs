//! `pipeline.toml` → validated [`Settings`].
//!
//! Loading runs in two phases, so that every check can point at the place in the file it is about:
//! 1. `raw`: serde structs mirror the file, refuse unknown keys, and keep the byte span of each value. A TOML
//!    syntax or type error stops here (the TOML parser cannot go on after one).
//! 2. `build`: checks meaning (language tags, routes, pivots, channels, paths), resolves paths against the
//!    directory of the configuration file, applies defaults, and returns every problem it finds at once.
//!
//! Config is data: nothing here builds an engine, opens the store or touches the network. The pipeline turns
//! [`Settings`] into runtime objects.
//!
//! Defaults when the file leaves things out (the shipped `pipeline.toml` documents every key):
//! - `output_dir` is `out`, `store` is `<output_dir>/dich.sqlite`;
//! - an engine named `memory` of type `memory` exists unless the file defines an engine with that name;
//! - no `[[routes]]` at all: each target gets `{ from = source, to = target, engines = ["memory"] }`;
//!   a route without `from` starts from the source language, a route without `engines` uses `["memory"]`;
//! - no `[[channels]]` at all: each target gets `web-<lang>` (press, markdown) and `translators-<lang>`
//!   (translators, xliff); a channel without `formats` uses its kind's default formats (press: markdown;
//!   tv: srt, vtt, script; translators: xliff), house style [`crate::localize::HouseStyle::for_language`],
//!   caption limits [`CaptionLimits::for_language`] and ninjs 3.0.

mod build;
mod engines;
mod error;
mod qa;
mod raw;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use engines::{
    ApertiumSettings, CommandSettings, CommonEngineSettings, DeeplSettings, GoogleSettings, LibreTranslateSettings,
    MarianPrecision, MarianSettings, OpenAiSettings, MAX_WAIT_SECS,
};
use error::Source;
pub use error::{ConfigError, ConfigErrors};

/// Name of the engine that is always available: the translation memory.
pub const MEMORY_ENGINE: &str = "memory";
/// File name of the store inside the output directory when `store` is not set.
pub const STORE_FILE_NAME: &str = "dich.sqlite";
pub const DEFAULT_OUTPUT_DIR: &str = "out";
pub const DEFAULT_FUZZY_THRESHOLD: f64 = 0.75;
pub const DEFAULT_MAX_SUGGESTIONS: usize = 3;
pub const DEFAULT_MAX_FILE_MB: u64 = 20;
/// How long a worker's claim on an article lasts without a heartbeat (see [`Settings::lease`]).
pub const DEFAULT_LEASE: std::time::Duration = std::time::Duration::from_secs(30);

/// The effective configuration of a run: paths resolved, defaults applied, everything checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    /// BCP 47 tag of the articles' language, in canonical form ("vi").
    pub source: String,
    /// Target languages in the order given; never empty, never the source.
    pub targets: Vec<String>,
    /// Article files or directories, as configured (directories are expanded by ingest).
    pub inputs: Vec<PathBuf>,
    pub output_dir: PathBuf,
    pub store_path: PathBuf,
    /// Term-base files or directories.
    pub glossary: Vec<PathBuf>,
    pub ingest: IngestSettings,
    pub memory: MemorySettings,
    /// Engines by name, sorted by name; always holds one named [`MEMORY_ENGINE`].
    pub engines: Vec<EngineSettings>,
    /// One route per (from, to) pair; every target has one from the source.
    pub routes: Vec<RouteSettings>,
    pub channels: Vec<ChannelSettings>,
    /// Per-check QA severities (`[qa]`); left out of the fingerprint when empty.
    #[serde(skip_serializing_if = "crate::qa::QaSettings::is_default")]
    pub qa: crate::qa::QaSettings,
    /// True when `store` was not configured, so the store follows the output directory.
    #[serde(skip)]
    store_follows_output: bool,
    /// How long a worker on a shared (PostgreSQL) store holds an article without renewing its claim; another
    /// worker takes over an article whose worker died once this has passed. Not part of the fingerprint.
    #[serde(skip)]
    pub lease: std::time::Duration,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IngestSettings {
    pub encoding: EncodingSetting,
    /// Boilerplate rules file; `None` means the built-in rules.
    pub boilerplate: Option<PathBuf>,
    /// Files larger than this are refused.
    pub max_file_bytes: u64,
    /// Which symbolic links in input folders are followed.
    pub links: crate::paths::LinkPolicy,
}

impl Default for IngestSettings {
    fn default() -> Self {
        IngestSettings {
            encoding: EncodingSetting::Auto,
            boilerplate: None,
            max_file_bytes: DEFAULT_MAX_FILE_MB * 1024 * 1024,
            links: crate::paths::LinkPolicy::Inside,
        }
    }
}

/// How article files are decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum EncodingSetting {
    /// UTF-8, or UTF-16 by its byte-order mark or its zero bytes.
    #[default]
    #[serde(rename = "auto")]
    Auto,
    #[serde(rename = "utf-8")]
    Utf8,
    #[serde(rename = "utf-16")]
    Utf16,
    #[serde(rename = "windows-1258")]
    Windows1258,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemorySettings {
    /// Smallest fuzzy score (0..=1) offered as a suggestion.
    pub fuzzy_threshold: f64,
    /// Most fuzzy suggestions kept per segment (at least 1).
    pub max_suggestions: usize,
    /// TMX files loaded into the memory before each run (loading is idempotent).
    pub seed: Vec<PathBuf>,
}

impl Default for MemorySettings {
    fn default() -> Self {
        MemorySettings {
            fuzzy_threshold: DEFAULT_FUZZY_THRESHOLD,
            max_suggestions: DEFAULT_MAX_SUGGESTIONS,
            seed: Vec::new(),
        }
    }
}

/// A configured engine: `[engines.<name>]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EngineSettings {
    pub name: String,
    pub kind: EngineKind,
}

/// The type of an engine and its type-specific settings, read from the `type` key of its table.
///
/// A new engine type is one new variant wrapping its own settings struct (with `deny_unknown_fields`); an
/// unknown `type` is reported with the list of known ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum EngineKind {
    /// The translation memory held in the store.
    Memory(MemoryEngineSettings),
    Deepl(DeeplSettings),
    Google(GoogleSettings),
    #[serde(rename = "libretranslate")]
    LibreTranslate(LibreTranslateSettings),
    #[serde(rename = "openai")]
    OpenAi(OpenAiSettings),
    Apertium(ApertiumSettings),
    Command(CommandSettings),
    /// The embedded OPUS-MT engine.
    Marian(MarianSettings),
}

impl EngineKind {
    /// The `type` value naming this kind in pipeline.toml.
    pub fn type_name(&self) -> &'static str {
        match self {
            EngineKind::Memory(_) => "memory",
            EngineKind::Deepl(_) => "deepl",
            EngineKind::Google(_) => "google",
            EngineKind::LibreTranslate(_) => "libretranslate",
            EngineKind::OpenAi(_) => "openai",
            EngineKind::Apertium(_) => "apertium",
            EngineKind::Command(_) => "command",
            EngineKind::Marian(_) => "marian",
        }
    }

    /// The tuning keys shared by machine engines; `None` for the memory.
    pub fn common(&self) -> Option<CommonEngineSettings> {
        match self {
            EngineKind::Memory(_) => None,
            EngineKind::Deepl(s) => Some(s.common()),
            EngineKind::Google(s) => Some(s.common()),
            EngineKind::LibreTranslate(s) => Some(s.common()),
            EngineKind::OpenAi(s) => Some(s.common()),
            EngineKind::Apertium(s) => Some(s.common()),
            EngineKind::Command(s) => Some(s.common()),
            EngineKind::Marian(s) => Some(s.common()),
        }
    }

    /// True for engines that translate text the memory does not hold.
    pub fn is_machine(&self) -> bool {
        !matches!(self, EngineKind::Memory(_))
    }

    /// Resolves relative file names (key files, command programs) against the configuration's directory.
    pub(crate) fn resolve_paths(&mut self, base: &Path) {
        match self {
            EngineKind::Memory(_) => {}
            EngineKind::Deepl(s) => s.resolve_paths(base),
            EngineKind::Google(s) => s.resolve_paths(base),
            EngineKind::LibreTranslate(s) => s.resolve_paths(base),
            EngineKind::OpenAi(s) => s.resolve_paths(base),
            EngineKind::Apertium(s) => s.resolve_paths(base),
            EngineKind::Command(s) => s.resolve_paths(base),
            EngineKind::Marian(s) => s.resolve_paths(base),
        }
    }
}

/// `type = "memory"` takes no other keys: the memory's tuning lives in `[memory]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemoryEngineSettings {}

/// Which engines serve one language pair, in the order they are tried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RouteSettings {
    pub from: String,
    pub to: String,
    /// Engine names, each one of [`Settings::engines`]. With a pivot they translate from the pivot language.
    pub engines: Vec<String>,
    /// Translate `from → pivot` by the route for that pair (reusing its output), then `pivot → to` with `engines`.
    pub pivot: Option<String>,
}

/// One output desk: a language, a kind of desk, and the formats it receives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelSettings {
    /// Unique; safe as a directory name (outputs go to `<output_dir>/<name>/`).
    pub name: String,
    /// One of the targets.
    pub language: String,
    pub kind: ChannelKind,
    /// Non-empty, no repeats, each allowed for `kind`.
    pub formats: Vec<OutputFormat>,
    /// How the channel writes dates, numbers, names (tv and press channels; translators get the raw text).
    pub style: crate::localize::HouseStyle,
    /// Caption limits (tv channels).
    pub captions: CaptionLimits,
    /// ninjs version written by a press channel's `ninjs` format.
    pub ninjs_version: NinjsVersion,
    /// Place used in the dateline when an article does not start with one ("PHAN THIET").
    pub dateline: Option<String>,
    /// The memory states whose translations the channel publishes (`Machine` covers engine output). An
    /// article with a segment in another state is held back from the channel.
    pub publish: Vec<crate::store::TmState>,
    /// Translators channels: the XLIFF versions ([`OutputFormat::Xliff`], [`OutputFormat::Xliff12`]) of the
    /// packages of held-back articles.
    pub packages: Vec<OutputFormat>,
    /// Press channels with ninjs: where `dich serve` pushes each new or changed item.
    pub webhook: Option<WebhookSettings>,
}

/// A desk's webhook: every ninjs item the channel publishes, or publishes anew after a change, is POSTed to
/// `url`, signed with HMAC-SHA256 under the key in the environment variable `secret_env`, and retried with
/// backoff until the desk answers 2xx or `max_attempts` are used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WebhookSettings {
    /// http or https, with a host.
    pub url: String,
    pub secret_env: String,
    pub max_attempts: u32,
    /// The wait after the first failure; each later wait doubles, up to an hour.
    pub first_retry: std::time::Duration,
}

impl ChannelSettings {
    /// A channel with its kind's default formats and its language's default style and limits.
    pub fn new(name: &str, language: &str, kind: ChannelKind) -> ChannelSettings {
        ChannelSettings {
            name: name.to_string(),
            language: language.to_string(),
            kind,
            formats: kind.default_formats().to_vec(),
            style: crate::localize::HouseStyle::for_language(language),
            captions: CaptionLimits::for_language(language),
            ninjs_version: NinjsVersion::default(),
            dateline: None,
            publish: kind.default_publish().to_vec(),
            packages: vec![OutputFormat::Xliff, OutputFormat::Xliff12],
            webhook: None,
        }
    }

    /// True when a translation of this origin may go out on the channel.
    pub fn publishes(&self, state: crate::store::TmState) -> bool {
        self.publish.contains(&state)
    }
}

/// Caption limits of a tv channel. Defaults (Netflix's timed-text guide): 42 characters a line (16 for
/// Chinese, Japanese, Korean), 2 lines, at most 17 characters a second, 5/6 s to 7 s on screen, 2 frames apart.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CaptionLimits {
    pub max_chars_per_line: usize,
    pub max_lines: usize,
    pub max_chars_per_second: f64,
    pub min_duration_ms: u64,
    pub max_duration_ms: u64,
    /// Pause between two cues.
    pub gap_ms: u64,
}

impl CaptionLimits {
    /// Netflix's Timed Text Style Guides per language (the most widely used public subtitle specification):
    /// 42 characters a line and 17 a second for Latin and Cyrillic scripts (its English template's adult
    /// speed); Chinese 16 a line at 9 a second, Korean 16 at 12, Japanese 13 at 4.
    pub fn for_language(language: &str) -> CaptionLimits {
        let (max_chars_per_line, max_chars_per_second) = match language.split('-').next() {
            Some("zh") => (16, 9.0),
            Some("ko") => (16, 12.0),
            Some("ja") => (13, 4.0),
            _ => (42, 17.0),
        };
        CaptionLimits {
            max_chars_per_line,
            max_lines: 2,
            max_chars_per_second,
            min_duration_ms: 833,
            max_duration_ms: 7000,
            gap_ms: 83,
        }
    }
}

impl Default for CaptionLimits {
    fn default() -> Self {
        CaptionLimits::for_language("en")
    }
}

/// IPTC ninjs version: 2.1 (2023, lower-case keys) or 3.0 (2024, camelCase; IPTC's choice for new work).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum NinjsVersion {
    #[serde(rename = "2.1")]
    V2_1,
    #[default]
    #[serde(rename = "3.0")]
    V3_0,
}

impl NinjsVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            NinjsVersion::V2_1 => "2.1",
            NinjsVersion::V3_0 => "3.0",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChannelKind {
    /// Newspaper and agency desks.
    Press,
    /// Translators working in CAT tools.
    Translators,
    /// Television: captions and a read-out script.
    Tv,
    /// The term bases for translators' tools, written once per run (not per article).
    Glossary,
}

impl ChannelKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Press => "press",
            ChannelKind::Translators => "translators",
            ChannelKind::Tv => "tv",
            ChannelKind::Glossary => "glossary",
        }
    }

    /// The formats a channel of this kind may list.
    pub fn allowed_formats(self) -> &'static [OutputFormat] {
        match self {
            ChannelKind::Press => &[OutputFormat::Markdown, OutputFormat::Html, OutputFormat::Ninjs],
            ChannelKind::Translators => &[OutputFormat::Xliff, OutputFormat::Xliff12, OutputFormat::Tmx],
            ChannelKind::Tv => &[OutputFormat::Srt, OutputFormat::Vtt, OutputFormat::Script],
            ChannelKind::Glossary => &[OutputFormat::Tbx, OutputFormat::Tbx2008],
        }
    }

    /// What a channel publishes when it does not say: desks get approved translations and engine output (the
    /// route's engines are the editor's choice), never a translator's unconfirmed work; translators get
    /// everything, to review it.
    pub fn default_publish(self) -> &'static [crate::store::TmState] {
        use crate::store::TmState::{Approved, Machine, Translated};
        match self {
            ChannelKind::Translators => &[Approved, Translated, Machine],
            _ => &[Approved, Machine],
        }
    }

    /// The formats used when a channel lists none.
    pub fn default_formats(self) -> &'static [OutputFormat] {
        match self {
            ChannelKind::Press => &[OutputFormat::Markdown],
            ChannelKind::Translators => &[OutputFormat::Xliff],
            ChannelKind::Tv => &[OutputFormat::Srt, OutputFormat::Vtt, OutputFormat::Script],
            ChannelKind::Glossary => &[OutputFormat::Tbx],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    Markdown,
    /// XLIFF 2.1 translator package.
    Xliff,
    Html,
    Ninjs,
    Srt,
    Vtt,
    /// Read-out script for presenters (plain text).
    Script,
    /// XLIFF 1.2, for CAT tools that read no 2.x.
    Xliff12,
    /// TMX 1.4b memory of the article.
    Tmx,
    /// TBX-Basic term base (glossary channels).
    Tbx,
    /// TBX-Basic 2008 (`<martif>`), for tools that read no TBX v3 (translate-toolkit, MultiTerm).
    Tbx2008,
}

impl OutputFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            OutputFormat::Markdown => "markdown",
            OutputFormat::Xliff => "xliff",
            OutputFormat::Html => "html",
            OutputFormat::Ninjs => "ninjs",
            OutputFormat::Srt => "srt",
            OutputFormat::Vtt => "vtt",
            OutputFormat::Script => "script",
            OutputFormat::Xliff12 => "xliff12",
            OutputFormat::Tmx => "tmx",
            OutputFormat::Tbx => "tbx",
            OutputFormat::Tbx2008 => "tbx2008",
        }
    }
}

impl Settings {
    /// Reads and checks the configuration file at `path`.
    pub fn load(path: &Path) -> Result<Settings, ConfigErrors> {
        let text = std::fs::read_to_string(path).map_err(|error| ConfigErrors {
            errors: vec![ConfigError {
                path: path.to_path_buf(),
                line: 0,
                column: 0,
                message: crate::t!("config-read-failed", reason = error.to_string()),
                hint: None,
            }],
        })?;
        Settings::parse(&text, path)
    }

    /// Checks configuration `text`; `path` names the file in messages, and relative paths in the file are
    /// resolved against its directory.
    pub fn parse(text: &str, path: &Path) -> Result<Settings, ConfigErrors> {
        let source = Source { path, text };
        let raw = raw::parse(&source).map_err(|errors| ConfigErrors { errors })?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        build::build(raw, &source, &base).map_err(|mut errors| {
            errors.sort_by_key(|e| (e.line, e.column));
            ConfigErrors { errors }
        })
    }

    /// The settings used when there is no pipeline.toml: Vietnamese to English through the memory, default
    /// channels, no glossary, no seed.
    pub fn default_for_inputs(inputs: Vec<PathBuf>, output_dir: PathBuf) -> Settings {
        let source = "vi".to_string();
        let targets = vec!["en".to_string()];
        Settings {
            routes: build::default_routes(&source, &targets),
            channels: build::default_channels(&targets),
            store_path: output_dir.join(STORE_FILE_NAME),
            source,
            targets,
            inputs,
            output_dir,
            glossary: Vec::new(),
            ingest: IngestSettings::default(),
            memory: MemorySettings::default(),
            engines: vec![build::memory_engine()],
            qa: crate::qa::QaSettings::default(),
            store_follows_output: true,
            lease: DEFAULT_LEASE,
        }
    }

    /// Replaces the output directory (the CLI's `--out`); the store moves with it unless `store` was configured.
    pub fn with_output_dir(mut self, output_dir: PathBuf) -> Settings {
        if self.store_follows_output {
            self.store_path = output_dir.join(STORE_FILE_NAME);
        }
        self.output_dir = output_dir;
        self
    }

    /// Replaces the store (the CLI's `--store`: a file or a `postgres://` URL).
    pub fn with_store(mut self, store: PathBuf) -> Settings {
        self.store_path = store;
        self.store_follows_output = false;
        self
    }

    /// Replaces the lease of a worker's claims (the CLI's `--lease-seconds`).
    pub fn with_lease(mut self, lease: std::time::Duration) -> Settings {
        self.lease = lease;
        self
    }

    /// Replaces the inputs (the CLI's positional arguments).
    pub fn with_inputs(mut self, inputs: Vec<PathBuf>) -> Settings {
        self.inputs = inputs;
        self
    }

    /// A stable hash (hex BLAKE3) of the effective settings, for the run journal: equal settings give equal
    /// fingerprints across runs and processes.
    pub fn fingerprint(&self) -> String {
        let json = serde_json::to_vec(self).expect("settings serialize to JSON");
        blake3::hash(&json).to_hex().to_string()
    }

    /// The route for `from → to`, if one is configured.
    pub fn route_for(&self, from: &str, to: &str) -> Option<&RouteSettings> {
        self.routes.iter().find(|route| route.from == from && route.to == to)
    }

    /// The engine named `name`.
    pub fn engine(&self, name: &str) -> Option<&EngineSettings> {
        self.engines.iter().find(|engine| engine.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "source = \"vi\"\ntargets = [\"en\", \"fr\"]\n";

    fn parse(text: &str) -> Result<Settings, ConfigErrors> {
        Settings::parse(text, Path::new("conf/pipeline.toml"))
    }

    fn messages(text: &str) -> Vec<String> {
        let errors = parse(text).expect_err("should fail");
        errors.iter().map(|e| format!("{}:{} {}", e.line, e.column, e.message)).collect()
    }

    #[test]
    fn defaults_fill_what_the_file_leaves_out() {
        let settings = parse(MINIMAL).unwrap();
        assert_eq!(settings.source, "vi");
        assert_eq!(settings.targets, ["en", "fr"]);
        assert_eq!(settings.output_dir, Path::new("conf/out"));
        assert_eq!(settings.store_path, Path::new("conf/out/dich.sqlite"));
        assert_eq!(settings.engines, vec![build::memory_engine()]);
        assert_eq!(settings.routes.len(), 2);
        assert_eq!(settings.route_for("vi", "fr").unwrap().engines, ["memory"]);
        assert!(settings.route_for("vi", "de").is_none());
        let names: Vec<&str> = settings.channels.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["web-en", "translators-en", "web-fr", "translators-fr"]);
        assert_eq!(settings.memory.fuzzy_threshold, 0.75);
        assert_eq!(settings.ingest.max_file_bytes, 20 * 1024 * 1024);
    }

    #[test]
    fn language_tags_are_canonical() {
        let settings = parse("source = \"VI\"\ntargets = [\"en-us\"]\n").unwrap();
        assert_eq!(settings.source, "vi");
        assert_eq!(settings.targets, ["en-US"]);
    }

    #[test]
    fn output_dir_override_moves_a_default_store_only() {
        let moved = parse(MINIMAL).unwrap().with_output_dir(PathBuf::from("/tmp/x"));
        assert_eq!(moved.store_path, Path::new("/tmp/x/dich.sqlite"));
        let fixed = parse("source = \"vi\"\ntargets = [\"en\"]\nstore = \"db/tm.sqlite\"\n")
            .unwrap()
            .with_output_dir(PathBuf::from("/tmp/x"));
        assert_eq!(fixed.store_path, Path::new("conf/db/tm.sqlite"));
        assert_eq!(fixed.output_dir, Path::new("/tmp/x"));
    }

    #[test]
    fn fingerprint_follows_the_effective_settings() {
        let a = parse(MINIMAL).unwrap();
        let b = parse(&format!("# comment\n{MINIMAL}[memory]\nfuzzy_threshold = 0.75\n")).unwrap();
        assert_eq!(a.fingerprint(), b.fingerprint());
        assert_eq!(a.fingerprint().len(), 64);
        let c = parse(&format!("{MINIMAL}[memory]\nfuzzy_threshold = 0.8\n")).unwrap();
        assert_ne!(a.fingerprint(), c.fingerprint());
    }

    #[test]
    fn default_for_inputs_is_a_valid_vi_to_en_setup() {
        let settings = Settings::default_for_inputs(vec![PathBuf::from("a.txt")], PathBuf::from("o"));
        assert_eq!(settings.store_path, Path::new("o/dich.sqlite"));
        assert_eq!(settings.route_for("vi", "en").unwrap().engines, ["memory"]);
        assert_eq!(settings.engine("memory").unwrap().kind.type_name(), "memory");
        let settings = settings.with_inputs(vec![PathBuf::from("b.txt")]).with_output_dir(PathBuf::from("p"));
        assert_eq!(settings.inputs, [PathBuf::from("b.txt")]);
        assert_eq!(settings.store_path, Path::new("p/dich.sqlite"));
    }

    #[test]
    fn pivots_need_a_route_and_no_loop() {
        let ok = "source = \"vi\"\ntargets = [\"en\", \"es\"]\n\
                  [[routes]]\nto = \"en\"\n[[routes]]\nto = \"es\"\npivot = \"en\"\n";
        let settings = parse(ok).unwrap();
        assert_eq!(settings.route_for("vi", "es").unwrap().pivot.as_deref(), Some("en"));

        let unrouted = "source = \"vi\"\ntargets = [\"es\"]\n[[routes]]\nto = \"es\"\npivot = \"en\"\n";
        assert_eq!(messages(unrouted), ["5:9 route vi→es pivots through \"en\", which has no route from \"vi\""]);

        let looped = "source = \"vi\"\ntargets = [\"en\", \"es\"]\n\
                      [[routes]]\nto = \"en\"\npivot = \"es\"\n[[routes]]\nto = \"es\"\npivot = \"en\"\n";
        assert_eq!(
            messages(looped),
            [
                "5:9 the pivots of route vi→en go round in a loop: vi→en→es→en",
                "8:9 the pivots of route vi→es go round in a loop: vi→es→en→es",
            ]
        );
    }

    #[test]
    fn engine_tables_refuse_unknown_keys_and_types() {
        let extra = "source = \"vi\"\ntargets = [\"en\"]\n[engines.tm]\ntype = \"memory\"\nurl = \"x\"\n";
        assert_eq!(messages(extra), ["5:1 unknown key \"url\" in [engines.tm]"]);
        let errors = parse("source = \"vi\"\ntargets = [\"en\"]\n[engines.mt]\ntype = \"memroy\"\n").unwrap_err();
        assert_eq!(errors.errors[0].message, "unknown value \"memroy\" for \"type\" in [engines.mt]");
        assert_eq!(
            errors.errors[0].hint.as_deref(),
            Some(
                "did you mean \"memory\"? allowed values: \"memory\", \"deepl\", \"google\", \"libretranslate\", \
                 \"openai\", \"apertium\", \"command\", \"marian\""
            )
        );
    }

    #[test]
    fn a_route_may_use_a_named_memory_engine() {
        let text = "source = \"vi\"\ntargets = [\"en\"]\n[engines.tm]\ntype = \"memory\"\n\
                    [[routes]]\nto = \"en\"\nengines = [\"tm\", \"memory\"]\n";
        let settings = parse(text).unwrap();
        let names: Vec<&str> = settings.engines.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["memory", "tm"]);
        assert_eq!(settings.route_for("vi", "en").unwrap().engines, ["tm", "memory"]);
    }

    #[test]
    fn closed_values_suggest_the_close_one() {
        let errors = parse("source = \"vi\"\ntargets = [\"en\"]\n[ingest]\nencoding = \"utf8\"\n").unwrap_err();
        assert_eq!(errors.errors[0].message, "unknown value \"utf8\" for \"encoding\" in [ingest]");
        let hint = errors.errors[0].hint.clone().unwrap();
        assert!(hint.starts_with("did you mean \"utf-8\"? allowed values: \"auto\", \"utf-8\""), "{hint}");
    }

    #[test]
    fn route_and_channel_mistakes_are_all_reported() {
        let text = "source = \"vi\"\ntargets = [\"en\"]\n\
                    [[routes]]\nfrom = \"en\"\nto = \"en\"\n\
                    [[routes]]\nto = \"en\"\npivot = \"en\"\n\
                    [[channels]]\nname = \"a\"\nlanguage = \"en\"\nkind = \"press\"\n\
                    [[channels]]\nname = \"a\"\nlanguage = \"en\"\nkind = \"translators\"\nformats = [\"xliff\", \"xliff\"]\n";
        // Errors come back in file order, whichever check found them.
        assert_eq!(
            messages(text),
            [
                "2:12 target \"en\" has no route from \"vi\"",
                "4:8 route starts from \"en\", but the source language is \"vi\"",
                "8:9 pivot \"en\" is an end of its own route",
                "14:8 channel \"a\" is defined twice",
                "17:21 format \"xliff\" is listed twice",
            ]
        );
    }

    #[test]
    fn unknown_keys_in_array_tables_name_them() {
        let errors =
            parse("source = \"vi\"\ntargets = [\"en\"]\n[[routes]]\nto = \"en\"\nengine = [\"memory\"]\n").unwrap_err();
        let error = &errors.errors[0];
        assert_eq!((error.line, error.column), (5, 1));
        assert_eq!(error.message, "unknown key \"engine\" in [[routes]]");
        assert_eq!(error.hint.as_deref(), Some("did you mean \"engines\"?"));
    }
}
