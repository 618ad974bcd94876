//! Phase 2: raw structs → [`Settings`]. Every check runs and records its error, so one run of `dich` shows
//! all that is wrong with a file; a value that fails its own check is left out of the checks that depend on it.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;
use unic_langid::LanguageIdentifier;

use super::error::{allowed_hint, closest, quoted_list, ConfigError, Source};
use super::raw::{RawChannel, RawConfig, RawRoute};
use super::*;

pub(crate) fn build(raw: RawConfig, source: &Source<'_>, base: &Path) -> Result<Settings, Vec<ConfigError>> {
    let mut b = Builder { source, base, errors: Vec::new() };

    let source_lang = b.language(&raw.source);
    let targets = b.targets(&raw.targets, source_lang.as_deref());
    let inputs = raw.inputs.iter().map(|p| b.existing_path(p, PathKind::Input)).collect();
    let output_dir = raw.output_dir.as_ref().map_or_else(|| base.join(DEFAULT_OUTPUT_DIR), |p| b.path(p));
    // A PostgreSQL URL is kept as written; a file is relative to the configuration's folder.
    let store_path = raw.store.as_ref().map(|p| match crate::store::is_postgres_url(p.get_ref()) {
        true => PathBuf::from(p.get_ref()),
        false => b.path(p),
    });
    let glossary = raw.glossary.iter().map(|p| b.existing_path(p, PathKind::Glossary)).collect();
    let ingest = b.ingest(&raw);
    let memory = b.memory(&raw);
    let qa = super::qa::build(&raw.qa, source, &mut b.errors);
    let engines = engines(&raw, base);
    for (name, kind) in &raw.engines {
        b.check_engine(name, kind);
    }
    let engine_names: Vec<&str> = engines.iter().map(|e| e.name.as_str()).collect();

    let (routes, channels) = match &source_lang {
        Some(source_lang) => {
            let target_names: Vec<String> = targets.iter().map(|(t, _)| t.clone()).collect();
            let routes = match &raw.routes {
                None => default_routes(source_lang, &target_names),
                Some(raw_routes) => b.routes(raw_routes, source_lang, &targets, &engine_names),
            };
            let channels = match &raw.channels {
                None => default_channels(&target_names),
                Some(raw_channels) => b.channels(raw_channels, &target_names),
            };
            (routes, channels)
        }
        None => (Vec::new(), Vec::new()),
    };

    if !b.errors.is_empty() {
        return Err(b.errors);
    }
    Ok(Settings {
        source: source_lang.expect("checked above"),
        targets: targets.into_iter().map(|(t, _)| t).collect(),
        inputs,
        store_follows_output: store_path.is_none(),
        lease: super::DEFAULT_LEASE,
        store_path: store_path.unwrap_or_else(|| output_dir.join(STORE_FILE_NAME)),
        output_dir,
        glossary,
        ingest,
        memory,
        engines,
        routes,
        channels,
        qa,
    })
}

/// Each target translated straight from the source by the memory.
pub(crate) fn default_routes(source: &str, targets: &[String]) -> Vec<RouteSettings> {
    targets
        .iter()
        .map(|target| RouteSettings {
            from: source.to_string(),
            to: target.clone(),
            engines: vec![MEMORY_ENGINE.to_string()],
            pivot: None,
        })
        .collect()
}

/// A press (Markdown) and a translators (XLIFF) channel per target.
pub(crate) fn default_channels(targets: &[String]) -> Vec<ChannelSettings> {
    targets
        .iter()
        .flat_map(|target| {
            [("web", ChannelKind::Press), ("translators", ChannelKind::Translators)]
                .map(|(prefix, kind)| ChannelSettings::new(&format!("{prefix}-{target}"), target, kind))
        })
        .collect()
}

pub(crate) fn memory_engine() -> EngineSettings {
    EngineSettings { name: MEMORY_ENGINE.to_string(), kind: EngineKind::Memory(MemoryEngineSettings {}) }
}

/// The configured engines sorted by name, plus the implicit memory engine unless one is named `memory`.
fn engines(raw: &RawConfig, base: &Path) -> Vec<EngineSettings> {
    let mut engines: Vec<EngineSettings> = raw
        .engines
        .iter()
        .map(|(name, kind)| {
            let mut kind = kind.get_ref().clone();
            kind.resolve_paths(base);
            EngineSettings { name: name.clone(), kind }
        })
        .collect();
    if !raw.engines.contains_key(MEMORY_ENGINE) {
        engines.push(memory_engine());
        engines.sort_by(|a, b| a.name.cmp(&b.name));
    }
    engines
}

#[derive(Clone, Copy)]
enum PathKind {
    Input,
    Glossary,
    Seed,
    Boilerplate,
}

struct Builder<'a> {
    source: &'a Source<'a>,
    base: &'a Path,
    errors: Vec<ConfigError>,
}

impl Builder<'_> {
    fn error(&mut self, span: Range<usize>, message: String, hint: Option<String>) {
        self.errors.push(self.source.error(span, message, hint));
    }

    /// A well-formed BCP 47 tag in canonical form ("EN-us" → "en-US").
    fn language(&mut self, tag: &Spanned<String>) -> Option<String> {
        let text = tag.get_ref().trim();
        match text.parse::<LanguageIdentifier>() {
            Ok(id) if !text.is_empty() && text.len() == tag.get_ref().len() => Some(id.to_string()),
            _ => {
                let message = crate::t!("config-bad-language", tag = tag.get_ref().clone());
                self.error(tag.span(), message, Some(crate::t!("config-hint-language")));
                None
            }
        }
    }

    fn path(&self, path: &Spanned<String>) -> PathBuf {
        self.base.join(path.get_ref())
    }

    /// The path resolved against the configuration's directory; an error when nothing is there.
    fn existing_path(&mut self, path: &Spanned<String>, kind: PathKind) -> PathBuf {
        let resolved = self.path(path);
        if !resolved.exists() {
            let written = path.get_ref().clone();
            let message = match kind {
                PathKind::Input => crate::t!("config-missing-input", path = written),
                PathKind::Glossary => crate::t!("config-missing-glossary", path = written),
                PathKind::Seed => crate::t!("config-missing-seed", path = written),
                PathKind::Boilerplate => crate::t!("config-missing-boilerplate", path = written),
            };
            let hint = crate::t!("config-hint-looked-for", path = resolved.display().to_string());
            self.error(path.span(), message, Some(hint));
        }
        resolved
    }

    /// Valid, distinct targets other than the source, each with the span it was written at.
    fn targets(
        &mut self,
        targets: &Spanned<Vec<Spanned<String>>>,
        source: Option<&str>,
    ) -> Vec<(String, Range<usize>)> {
        if targets.get_ref().is_empty() {
            self.error(targets.span(), crate::t!("config-no-targets"), Some(crate::t!("config-hint-no-targets")));
        }
        let mut out: Vec<(String, Range<usize>)> = Vec::new();
        for target in targets.get_ref() {
            let Some(tag) = self.language(target) else { continue };
            if Some(tag.as_str()) == source {
                self.error(target.span(), crate::t!("config-target-is-source", tag = tag), None);
            } else if out.iter().any(|(t, _)| *t == tag) {
                self.error(target.span(), crate::t!("config-duplicate-target", tag = tag), None);
            } else {
                out.push((tag, target.span()));
            }
        }
        out
    }

    fn ingest(&mut self, raw: &RawConfig) -> IngestSettings {
        let ingest = &raw.ingest;
        let boilerplate = ingest.boilerplate.as_ref().map(|p| self.existing_path(p, PathKind::Boilerplate));
        let max_file_mb = match &ingest.max_file_mb {
            Some(mb) if *mb.get_ref() == 0 => {
                self.error(mb.span(), crate::t!("config-at-least-one", key = "max_file_mb"), None);
                DEFAULT_MAX_FILE_MB
            }
            Some(mb) => *mb.get_ref(),
            None => DEFAULT_MAX_FILE_MB,
        };
        IngestSettings {
            encoding: ingest.encoding.unwrap_or_default(),
            boilerplate,
            max_file_bytes: max_file_mb.saturating_mul(1024 * 1024),
            links: ingest.links.unwrap_or_default(),
        }
    }

    fn memory(&mut self, raw: &RawConfig) -> MemorySettings {
        let memory = &raw.memory;
        let mut settings = MemorySettings::default();
        if let Some(threshold) = &memory.fuzzy_threshold {
            let value = *threshold.get_ref();
            if (0.0..=1.0).contains(&value) {
                settings.fuzzy_threshold = value;
            } else {
                let message = crate::t!("config-threshold-range", value = value.to_string());
                self.error(threshold.span(), message, Some(crate::t!("config-hint-threshold")));
            }
        }
        if let Some(max) = &memory.max_suggestions {
            if *max.get_ref() == 0 {
                self.error(max.span(), crate::t!("config-at-least-one", key = "max_suggestions"), None);
            } else {
                settings.max_suggestions = usize::try_from(*max.get_ref()).unwrap_or(usize::MAX);
            }
        }
        settings.seed = memory.seed.iter().map(|p| self.existing_path(p, PathKind::Seed)).collect();
        settings
    }

    fn routes(
        &mut self,
        raw_routes: &[RawRoute],
        source: &str,
        targets: &[(String, Range<usize>)],
        engine_names: &[&str],
    ) -> Vec<RouteSettings> {
        let mut routes: Vec<CheckedRoute> = Vec::new();
        for raw in raw_routes {
            let Some(checked) = self.route(raw, source, engine_names) else { continue };
            let (from, to) = (&checked.route.from, &checked.route.to);
            if let Some(first) = routes.iter().find(|r| r.route.from == *from && r.route.to == *to) {
                let first_line = self.source.position(first.to_span.start).0;
                let message = crate::t!("config-duplicate-route", from = from.clone(), to = to.clone());
                let hint = crate::t!("config-hint-first-at", line = first_line.to_string());
                self.error(checked.to_span, message, Some(hint));
                continue;
            }
            routes.push(checked);
        }
        self.check_route_ends(&routes, source, targets);
        self.check_pivots(&routes);
        routes.into_iter().map(|r| r.route).collect()
    }

    /// One route on its own: languages, pivot, engines. `None` when it cannot take part in later checks.
    fn route(&mut self, raw: &RawRoute, source: &str, engine_names: &[&str]) -> Option<CheckedRoute> {
        let from = match &raw.from {
            None => Some(source.to_string()),
            Some(from) => match self.language(from) {
                Some(tag) if tag != source => {
                    let message = crate::t!("config-route-from-not-source", from = tag, source = source);
                    self.error(from.span(), message, None);
                    None
                }
                tag => tag,
            },
        };
        let to = self.language(&raw.to);
        let pivot = match &raw.pivot {
            None => Ok(None),
            Some(pivot) => self.language(pivot).map(|tag| Some((tag, pivot.span()))).ok_or(()),
        };
        let engines = self.route_engines(raw, engine_names);
        let (Some(from), Some(to), Ok(pivot)) = (from, to, pivot) else { return None };
        if let Some((tag, span)) = &pivot {
            if *tag == from || *tag == to {
                self.error(span.clone(), crate::t!("config-pivot-end", pivot = tag.clone()), None);
                return None;
            }
        }
        let (pivot, pivot_span) = pivot.map_or((None, None), |(tag, span)| (Some(tag), Some(span)));
        Some(CheckedRoute { route: RouteSettings { from, to, engines, pivot }, to_span: raw.to.span(), pivot_span })
    }

    /// Every route leads to a target or a pivot, and every target is reached from the source.
    fn check_route_ends(&mut self, routes: &[CheckedRoute], source: &str, targets: &[(String, Range<usize>)]) {
        let pivots: BTreeSet<&str> = routes.iter().filter_map(|r| r.route.pivot.as_deref()).collect();
        let target_names: Vec<String> = targets.iter().map(|(t, _)| t.clone()).collect();
        for checked in routes {
            let to = &checked.route.to;
            if !target_names.contains(to) && !pivots.contains(to.as_str()) {
                let message = crate::t!("config-route-not-target", to = to.clone());
                let hint = crate::t!("config-hint-targets", targets = quoted_list(&target_names));
                self.error(checked.to_span.clone(), message, Some(hint));
            }
        }
        for (target, span) in targets {
            if !routes.iter().any(|r| r.route.from == source && r.route.to == *target) {
                let message = crate::t!("config-target-without-route", to = target.clone(), from = source);
                let hint = crate::t!("config-hint-add-route", from = source, to = target.clone());
                self.error(span.clone(), message, Some(hint));
            }
        }
    }

    /// Each pivot has its own route from the source, and following pivots never comes back round.
    fn check_pivots(&mut self, routes: &[CheckedRoute]) {
        let by_pair: HashMap<(&str, &str), &RouteSettings> =
            routes.iter().map(|r| ((r.route.from.as_str(), r.route.to.as_str()), &r.route)).collect();
        for checked in routes {
            let route = &checked.route;
            let (Some(pivot), Some(span)) = (&route.pivot, &checked.pivot_span) else { continue };
            let (from, to) = (route.from.clone(), route.to.clone());
            if !by_pair.contains_key(&(route.from.as_str(), pivot.as_str())) {
                let message = crate::t!("config-pivot-unrouted", pivot = pivot.clone(), from = from.clone(), to = to);
                let hint = crate::t!("config-hint-add-route", from = from, to = pivot.clone());
                self.error(span.clone(), message, Some(hint));
            } else if let Some(chain) = pivot_loop(route, &by_pair) {
                let message = crate::t!("config-pivot-loop", from = from, to = to, chain = chain);
                self.error(span.clone(), message, None);
            }
        }
    }

    /// The route's engine names: each configured, none repeated, at least one; `["memory"]` when not given.
    fn route_engines(&mut self, raw: &RawRoute, engine_names: &[&str]) -> Vec<String> {
        let Some(listed) = &raw.engines else { return vec![MEMORY_ENGINE.to_string()] };
        if listed.get_ref().is_empty() {
            let message = crate::t!("config-route-no-engines", to = raw.to.get_ref().clone());
            self.error(
                listed.span(),
                message,
                Some(crate::t!("config-hint-engines", engines = quoted_list(engine_names))),
            );
        }
        let mut out: Vec<String> = Vec::new();
        for name in listed.get_ref() {
            let name_text = name.get_ref();
            if !engine_names.contains(&name_text.as_str()) {
                let message = crate::t!("config-unknown-engine", engine = name_text.clone());
                let hint = match closest(name_text, engine_names.iter().copied()) {
                    Some(best) => crate::t!("config-hint-did-you-mean", suggestion = best.to_string()),
                    None => crate::t!("config-hint-engines", engines = quoted_list(engine_names)),
                };
                self.error(name.span(), message, Some(hint));
            } else if out.contains(name_text) {
                self.error(name.span(), crate::t!("config-duplicate-engine", engine = name_text.clone()), None);
            } else {
                out.push(name_text.clone());
            }
        }
        out
    }

    /// The values of one engine table: numbers in range, a usable URL, one key source, the keys its type needs.
    fn check_engine(&mut self, name: &str, kind: &Spanned<EngineKind>) {
        let span = kind.span();
        let at = |key: &str| {
            let start = super::raw::find_key_in(self.source, span.clone(), key).unwrap_or(span.start);
            start..start
        };
        let mut problems: Vec<(Range<usize>, String, Option<String>)> = Vec::new();
        let engine = name.to_string();
        if let Some(common) = kind.get_ref().common() {
            let positive = [
                ("batch_size", common.batch_size.map(|v| v as f64)),
                ("concurrency", common.concurrency.map(|v| v as f64)),
                ("requests_per_second", common.requests_per_second),
                ("timeout_secs", common.timeout_secs),
                ("backoff_secs", common.backoff_secs),
                ("breaker_failures", common.breaker_failures.map(f64::from)),
                ("breaker_pause_secs", common.breaker_pause_secs),
            ];
            for (key, value) in positive {
                if let Some(value) = value.filter(|v| !v.is_finite() || *v <= 0.0) {
                    let message = crate::t!(
                        "engine-config-positive",
                        key = key,
                        engine = engine.clone(),
                        value = value.to_string()
                    );
                    problems.push((at(key), message, None));
                }
            }
            // Longer waits are typing mistakes, and would overflow the clock arithmetic.
            let durations = [
                ("timeout_secs", common.timeout_secs),
                ("backoff_secs", common.backoff_secs),
                ("breaker_pause_secs", common.breaker_pause_secs),
            ];
            for (key, value) in durations {
                if let Some(value) = value.filter(|v| *v > super::engines::MAX_WAIT_SECS) {
                    let message = crate::t!(
                        "engine-config-too-long",
                        key = key,
                        engine = engine.clone(),
                        value = value.to_string(),
                        max = super::engines::MAX_WAIT_SECS
                    );
                    problems.push((at(key), message, None));
                }
            }
            if let Some(price) = common.price_per_million_chars.filter(|p| !p.is_finite() || *p < 0.0) {
                let message = crate::t!("engine-config-price", engine = engine.clone(), value = price.to_string());
                problems.push((at("price_per_million_chars"), message, None));
            }
            if let Some(url) = &common.url {
                if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() < 10 {
                    let message = crate::t!("engine-config-url", engine = engine.clone(), url = url.clone());
                    problems.push((at("url"), message, None));
                }
            }
            if common.api_key_env.is_some() && common.api_key_file.is_some() {
                problems.push((at("api_key_file"), crate::t!("engine-config-key-both", engine = engine.clone()), None));
            }
            if let Some(file) = &common.api_key_file {
                let resolved = self.base.join(file);
                if !resolved.is_file() {
                    let message =
                        crate::t!("engine-config-key-file", engine = engine.clone(), path = file.display().to_string());
                    let hint = crate::t!("config-hint-looked-for", path = resolved.display().to_string());
                    problems.push((at("api_key_file"), message, Some(hint)));
                }
            }
        }
        let mut closed = |key: &str, value: &Option<String>, allowed: &[&str]| {
            if let Some(value) = value.as_ref().filter(|v| !allowed.contains(&v.as_str())) {
                let message =
                    crate::t!("engine-config-value", value = value.clone(), key = key, engine = engine.clone());
                problems.push((at(key), message, super::error::suggestion_and_allowed(value, allowed)));
            }
        };
        let mut required: Vec<&str> = Vec::new();
        match kind.get_ref() {
            EngineKind::Deepl(s) => {
                closed("formality", &s.formality, &["default", "more", "less", "prefer_more", "prefer_less"]);
            }
            EngineKind::Google(s) => {
                closed("api", &s.api, &["v2", "v3"]);
                if s.api.as_deref() == Some("v3") && s.project.is_none() {
                    required.push("project");
                }
            }
            EngineKind::OpenAi(s) => {
                if s.model.as_deref().is_none_or(|m| m.trim().is_empty()) {
                    required.push("model");
                }
                if let Some(t) = s.temperature.filter(|t| !(0.0..=2.0).contains(t)) {
                    let message =
                        crate::t!("engine-config-temperature", engine = engine.clone(), value = t.to_string());
                    problems.push((at("temperature"), message, None));
                }
            }
            EngineKind::Command(s) => {
                if s.program.trim().is_empty() {
                    required.push("program");
                }
            }
            EngineKind::Marian(s) => {
                if s.model.trim().is_empty() {
                    required.push("model");
                }
                let counts = [("beam", s.beam), ("threads", s.threads), ("max_length", s.max_length)];
                for (key, value) in counts {
                    if let Some(value) = value.filter(|v| *v == 0) {
                        let message = crate::t!(
                            "engine-config-positive",
                            key = key,
                            engine = engine.clone(),
                            value = value.to_string()
                        );
                        problems.push((at(key), message, None));
                    }
                }
                if let Some(p) = s.length_penalty.filter(|p| !p.is_finite()) {
                    let message = crate::t!(
                        "engine-config-positive",
                        key = "length_penalty",
                        engine = engine.clone(),
                        value = p.to_string()
                    );
                    problems.push((at("length_penalty"), message, None));
                }
            }
            EngineKind::Memory(_) | EngineKind::LibreTranslate(_) | EngineKind::Apertium(_) => {}
        }
        for key in required {
            let message = crate::t!(
                "engine-config-required",
                engine = engine.clone(),
                kind = kind.get_ref().type_name(),
                key = key
            );
            problems.push((span.start..span.start, message, None));
        }
        for (span, message, hint) in problems {
            self.error(span, message, hint);
        }
    }

    fn channels(&mut self, raw_channels: &[RawChannel], targets: &[String]) -> Vec<ChannelSettings> {
        let mut channels: Vec<ChannelSettings> = Vec::new();
        let mut first_lines: HashMap<String, usize> = HashMap::new();
        for raw in raw_channels {
            let name = raw.name.get_ref().clone();
            let mut ok = true;
            if !safe_directory_name(&name) {
                let message = crate::t!("config-channel-name-unsafe", name = name.clone());
                self.error(raw.name.span(), message, Some(crate::t!("config-hint-channel-name")));
                ok = false;
            } else if RESERVED_FOLDERS.contains(&name.as_str()) {
                // The run's own folders in the output directory: a channel there would mix with them.
                let message = crate::t!("config-channel-name-reserved", name = name.clone());
                self.error(raw.name.span(), message, None);
                ok = false;
            } else if let Some(line) = first_lines.get(&name) {
                let message = crate::t!("config-duplicate-channel", name = name.clone());
                let hint = crate::t!("config-hint-first-at", line = line.to_string());
                self.error(raw.name.span(), message, Some(hint));
                ok = false;
            } else {
                first_lines.insert(name.clone(), self.source.position(raw.name.span().start).0);
            }

            let language = self.language(&raw.language);
            if let Some(language) = &language {
                if !targets.contains(language) {
                    let message =
                        crate::t!("config-channel-not-target", name = name.clone(), language = language.clone());
                    let hint = crate::t!("config-hint-targets", targets = quoted_list(targets));
                    self.error(raw.language.span(), message, Some(hint));
                    ok = false;
                }
            }

            let kind = *raw.kind.get_ref();
            let formats = self.formats(raw, &name, kind);
            let Some(language) = language else { continue };
            let mut channel = ChannelSettings::new(&name, &language, kind);
            let mut options_ok = self.channel_options(raw, &mut channel);
            if let (Some(webhook), Some(formats)) = (&raw.webhook, &formats) {
                if channel.webhook.is_some() && !formats.contains(&OutputFormat::Ninjs) {
                    let message = crate::t!("config-webhook-needs-ninjs", name = name.clone());
                    self.error(webhook.span(), message, None);
                    options_ok = false;
                }
            }
            match (ok && options_ok, formats) {
                (true, Some(formats)) => channels.push(ChannelSettings { formats, ..channel }),
                _ => continue,
            }
        }
        channels
    }

    /// House style, caption limits and ninjs version: each key only on the kinds it means something for, each
    /// value in range. False when something was wrong (the errors are recorded).
    fn channel_options(&mut self, raw: &RawChannel, channel: &mut ChannelSettings) -> bool {
        let before = self.errors.len();
        let kind = channel.kind;
        let name = channel.name.clone();
        let wrong_kind = |b: &mut Self, key: &str, span: Range<usize>, kinds: &str| {
            let message = crate::t!("config-channel-key-kind", key = key, name = name.clone(), kind = kind.as_str());
            b.error(span, message, Some(crate::t!("config-hint-key-kinds", kinds = kinds)));
        };
        let styled = matches!(kind, ChannelKind::Tv | ChannelKind::Press);
        if let Some(style) = &raw.date_style {
            if styled {
                channel.style.dates = *style.get_ref();
            } else {
                wrong_kind(self, "date_style", style.span(), "tv, press");
            }
        }
        if let Some(keep) = &raw.diacritics {
            if styled {
                channel.style.diacritics = *keep.get_ref();
            } else {
                wrong_kind(self, "diacritics", keep.span(), "tv, press");
            }
        }
        if let Some(latin) = &raw.latin_names {
            if styled {
                channel.style.latin_names = *latin.get_ref();
            } else {
                wrong_kind(self, "latin_names", latin.span(), "tv, press");
            }
        }
        if let Some(arabic) = &raw.arabic_ordinals {
            if styled {
                channel.style.arabic_ordinals = *arabic.get_ref();
            } else {
                wrong_kind(self, "arabic_ordinals", arabic.span(), "tv, press");
            }
        }
        if let Some(place) = &raw.dateline {
            if !styled {
                wrong_kind(self, "dateline", place.span(), "tv, press");
            } else if place.get_ref().trim().is_empty() {
                self.error(place.span(), crate::t!("config-channel-empty-dateline", name = channel.name.clone()), None);
            } else {
                channel.dateline = Some(place.get_ref().trim().to_string());
            }
        }
        if let Some(version) = &raw.ninjs_version {
            if kind == ChannelKind::Press {
                channel.ninjs_version = *version.get_ref();
            } else {
                wrong_kind(self, "ninjs_version", version.span(), "press");
            }
        }
        if let Some(states) = &raw.publish {
            if matches!(kind, ChannelKind::Glossary) {
                wrong_kind(self, "publish", states.span(), "tv, press, translators");
            } else {
                let mut publish = Vec::new();
                for state in states.get_ref() {
                    match crate::store::TmState::parse(state.get_ref()) {
                        Some(state) if !publish.contains(&state) => publish.push(state),
                        Some(_) => {}
                        None => {
                            let message = crate::t!("config-channel-publish-state", value = state.get_ref().clone());
                            self.error(state.span(), message, Some(crate::t!("config-hint-publish-states")));
                        }
                    }
                }
                if states.get_ref().is_empty() {
                    let message = crate::t!("config-channel-publish-empty", name = name.clone());
                    self.error(states.span(), message, Some(crate::t!("config-hint-publish-states")));
                }
                channel.publish = publish;
            }
        }
        if let Some(formats) = &raw.packages {
            if kind != ChannelKind::Translators {
                wrong_kind(self, "packages", formats.span(), "translators");
            } else {
                let mut packages = Vec::new();
                for format in formats.get_ref() {
                    match *format.get_ref() {
                        f @ (OutputFormat::Xliff | OutputFormat::Xliff12) if !packages.contains(&f) => packages.push(f),
                        OutputFormat::Xliff | OutputFormat::Xliff12 => {}
                        other => {
                            let message = crate::t!("config-channel-package-format", format = other.as_str());
                            self.error(format.span(), message, allowed_hint(&["xliff", "xliff12"]));
                        }
                    }
                }
                if packages.is_empty() && formats.get_ref().is_empty() {
                    let message = crate::t!("config-channel-no-formats", name = name.clone());
                    self.error(formats.span(), message, allowed_hint(&["xliff", "xliff12"]));
                }
                channel.packages = packages;
            }
        }
        if let Some(webhook) = &raw.webhook {
            if kind != ChannelKind::Press {
                wrong_kind(self, "webhook", webhook.span(), "press");
            } else {
                channel.webhook = self.webhook(webhook.get_ref());
            }
        }
        let limits = &mut channel.captions;
        let whole: [(&str, &Option<Spanned<u64>>, u64, u64); 5] = [
            ("max_chars_per_line", &raw.max_chars_per_line, 10, 200),
            ("max_lines", &raw.max_lines, 1, 4),
            ("min_duration_ms", &raw.min_duration_ms, 100, 60_000),
            ("max_duration_ms", &raw.max_duration_ms, 500, 60_000),
            ("gap_ms", &raw.gap_ms, 0, 5_000),
        ];
        for (key, value, min, max) in whole {
            let Some(value) = value else { continue };
            let v = *value.get_ref();
            if kind != ChannelKind::Tv {
                wrong_kind(self, key, value.span(), "tv");
            } else if !(min..=max).contains(&v) {
                let message = crate::t!(
                    "config-out-of-range",
                    key = key,
                    value = v.to_string(),
                    min = min.to_string(),
                    max = max.to_string()
                );
                self.error(value.span(), message, None);
            } else {
                match key {
                    "max_chars_per_line" => limits.max_chars_per_line = v as usize,
                    "max_lines" => limits.max_lines = v as usize,
                    "min_duration_ms" => limits.min_duration_ms = v,
                    "max_duration_ms" => limits.max_duration_ms = v,
                    _ => limits.gap_ms = v,
                }
            }
        }
        if let Some(cps) = &raw.max_chars_per_second {
            let v = *cps.get_ref();
            if kind != ChannelKind::Tv {
                wrong_kind(self, "max_chars_per_second", cps.span(), "tv");
            } else if !(2.0..=60.0).contains(&v) {
                let message = crate::t!(
                    "config-out-of-range",
                    key = "max_chars_per_second",
                    value = v.to_string(),
                    min = "2",
                    max = "60"
                );
                self.error(cps.span(), message, None);
            } else {
                limits.max_chars_per_second = v;
            }
        }
        if limits.min_duration_ms > limits.max_duration_ms {
            let span = raw
                .min_duration_ms
                .as_ref()
                .or(raw.max_duration_ms.as_ref())
                .map(|s| s.span())
                .unwrap_or(raw.name.span());
            let message = crate::t!(
                "config-caption-durations",
                min = limits.min_duration_ms.to_string(),
                max = limits.max_duration_ms.to_string()
            );
            self.error(span, message, None);
        }
        self.errors.len() == before
    }

    /// A webhook's settings: an http(s) URL with a host, a secret's variable name, attempts and first wait in range.
    fn webhook(&mut self, raw: &super::raw::RawWebhook) -> Option<super::WebhookSettings> {
        let before = self.errors.len();
        let url = raw.url.get_ref().trim().to_string();
        let parsed = url::Url::parse(&url).ok().filter(|u| matches!(u.scheme(), "http" | "https") && u.has_host());
        if parsed.is_none() {
            self.error(raw.url.span(), crate::t!("config-webhook-url", url = url.clone()), None);
        }
        let secret_env = raw.secret_env.get_ref().trim().to_string();
        if secret_env.is_empty() || !secret_env.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            self.error(raw.secret_env.span(), crate::t!("config-webhook-secret-env", name = secret_env.clone()), None);
        }
        let mut max_attempts = 10;
        if let Some(attempts) = &raw.max_attempts {
            let v = *attempts.get_ref();
            if (1..=100).contains(&v) {
                max_attempts = v as u32;
            } else {
                let message = crate::t!(
                    "config-out-of-range",
                    key = "max_attempts",
                    value = v.to_string(),
                    min = "1",
                    max = "100"
                );
                self.error(attempts.span(), message, None);
            }
        }
        let mut first_retry = std::time::Duration::from_secs(5);
        if let Some(seconds) = &raw.first_retry_secs {
            let v = *seconds.get_ref();
            if (0.01..=3600.0).contains(&v) {
                first_retry = std::time::Duration::from_secs_f64(v);
            } else {
                let message = crate::t!(
                    "config-out-of-range",
                    key = "first_retry_secs",
                    value = v.to_string(),
                    min = "0.01",
                    max = "3600"
                );
                self.error(seconds.span(), message, None);
            }
        }
        (self.errors.len() == before).then_some(super::WebhookSettings { url, secret_env, max_attempts, first_retry })
    }

    /// The channel's formats: its kind's defaults when not given; otherwise non-empty, allowed, distinct.
    fn formats(&mut self, raw: &RawChannel, name: &str, kind: ChannelKind) -> Option<Vec<OutputFormat>> {
        let Some(listed) = &raw.formats else { return Some(kind.default_formats().to_vec()) };
        let allowed: Vec<&str> = kind.allowed_formats().iter().map(|f| f.as_str()).collect();
        if listed.get_ref().is_empty() {
            let message = crate::t!("config-channel-no-formats", name = name.to_string());
            self.error(listed.span(), message, allowed_hint(&allowed));
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for format in listed.get_ref() {
            let value = *format.get_ref();
            if !kind.allowed_formats().contains(&value) {
                let message = crate::t!(
                    "config-channel-format",
                    name = name.to_string(),
                    kind = kind.as_str(),
                    format = value.as_str()
                );
                self.error(format.span(), message, allowed_hint(&allowed));
                ok = false;
            } else if out.contains(&value) {
                self.error(format.span(), crate::t!("config-duplicate-format", format = value.as_str()), None);
                ok = false;
            } else {
                out.push(value);
            }
        }
        ok.then_some(out)
    }
}

/// A route that passed its own checks, with the spans the checks across routes point at.
struct CheckedRoute {
    route: RouteSettings,
    to_span: Range<usize>,
    pivot_span: Option<Range<usize>>,
}

/// Following pivots from `route` comes back to a language already passed: "vi→es→en→es".
fn pivot_loop(route: &RouteSettings, by_pair: &HashMap<(&str, &str), &RouteSettings>) -> Option<String> {
    let mut seen = vec![route.to.as_str()];
    let mut next = route.pivot.as_deref();
    while let Some(pivot) = next {
        let looped = seen.contains(&pivot);
        seen.push(pivot);
        if looped {
            let chain: Vec<&str> = std::iter::once(route.from.as_str()).chain(seen.iter().rev().copied()).collect();
            return Some(chain.join("→"));
        }
        next = by_pair.get(&(route.from.as_str(), pivot)).and_then(|r| r.pivot.as_deref());
    }
    None
}

/// Folders of the output directory that dich itself writes (translator packages, withdrawn files, the reports of
/// one-article runs started from `dich serve`, the articles and glossary decisions made there).
const RESERVED_FOLDERS: &[&str] = &[
    "packages",
    crate::pipeline::stale::WITHDRAWN_DIR,
    crate::pipeline::RUNS_DIR,
    crate::pipeline::INCOMING_DIR,
    crate::pipeline::DECISIONS_DIR,
];

/// Letters, digits, `.`, `_`, `-`; not starting with a dot (no "..", no hidden directories).
fn safe_directory_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name.len() <= 100
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}
