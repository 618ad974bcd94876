//! Fluent messages for everything a user reads, in English and Vietnamese.
//!
//! The `.ftl` files under `locales/` are embedded at build time, one file per area of the program. The UI
//! language is chosen once per process by [`set_language`] (from `--lang`, then `LANG`); messages are looked up
//! with the [`t!`](crate::t) macro. A message missing in Vietnamese falls back to English, and a message missing
//! everywhere shows its id, so a gap is visible rather than silent (a test checks that every id used in the
//! code exists in both languages).

use std::sync::{OnceLock, RwLock};

use fluent_bundle::concurrent::FluentBundle;
pub use fluent_bundle::FluentValue;
use fluent_bundle::{FluentArgs, FluentResource};
use unic_langid::LanguageIdentifier;

/// The languages dich speaks to its users.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiLanguage {
    English,
    Vietnamese,
}

impl UiLanguage {
    /// Reads a language tag or a POSIX locale ("vi", "vi_VN.UTF-8", "en-US"); anything not Vietnamese is English.
    pub fn from_tag(tag: &str) -> UiLanguage {
        let lower = tag.trim().to_ascii_lowercase();
        if lower == "vi" || lower.starts_with("vi_") || lower.starts_with("vi-") || lower.starts_with("vi.") {
            UiLanguage::Vietnamese
        } else {
            UiLanguage::English
        }
    }

    /// `--lang` first, then the environment (LC_ALL, LC_MESSAGES, LANG), then English.
    pub fn negotiate(flag: Option<&str>) -> UiLanguage {
        if let Some(tag) = flag {
            return UiLanguage::from_tag(tag);
        }
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(value) = std::env::var(var) {
                if !value.is_empty() {
                    return UiLanguage::from_tag(&value);
                }
            }
        }
        UiLanguage::English
    }

    pub fn code(self) -> &'static str {
        match self {
            UiLanguage::English => "en",
            UiLanguage::Vietnamese => "vi",
        }
    }
}

macro_rules! locale_files {
    ($lang:literal: $($area:literal),*) => {
        &[$(($area, include_str!(concat!("../locales/", $lang, "/", $area, ".ftl")))),*]
    };
}

/// (area, source) of every embedded Fluent file.
pub const ENGLISH_FILES: &[(&str, &str)] = locale_files!("en": "main", "cli", "article", "text", "config", "store", "formats", "engine", "pipeline", "glossary", "qa", "serve");
pub const VIETNAMESE_FILES: &[(&str, &str)] = locale_files!("vi": "main", "cli", "article", "text", "config", "store", "formats", "engine", "pipeline", "glossary", "qa", "serve");

type Bundle = FluentBundle<FluentResource>;

fn build_bundle(lang: UiLanguage) -> Bundle {
    let files = match lang {
        UiLanguage::English => ENGLISH_FILES,
        UiLanguage::Vietnamese => VIETNAMESE_FILES,
    };
    let folder = format!("locales/{}", lang.code());
    new_bundle(lang.code(), files.iter().map(|(area, source)| (format!("{folder}/{area}.ftl"), *source)))
}

/// A bundle for language `code` from (path, source) Fluent files; a file that does not parse or repeats an id is
/// a build mistake the locale tests catch, so it panics naming the file.
fn new_bundle(code: &str, files: impl IntoIterator<Item = (String, &'static str)>) -> Bundle {
    let id: LanguageIdentifier = code.parse().expect("static language tag");
    let mut bundle = Bundle::new_concurrent(vec![id]);
    // Isolation marks around placeables confuse terminals and snapshot files; plain text reads better here.
    bundle.set_use_isolating(false);
    for (path, source) in files {
        let resource = match FluentResource::try_new(source.to_string()) {
            Ok(resource) => resource,
            Err((_, errors)) => panic!("{path} does not parse: {errors:?}"),
        };
        if let Err(errors) = bundle.add_resource(resource) {
            panic!("{path} repeats a message id: {errors:?}");
        }
    }
    bundle
}

/// Message `id` from the first of `bundles` that has it, with `args`; the id itself when none has it.
fn format_first<'a>(
    bundles: impl IntoIterator<Item = &'a Bundle>,
    id: &str,
    args: &[(&str, FluentValue<'_>)],
) -> String {
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    for bundle in bundles {
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned();
        }
    }
    id.to_string()
}

struct Catalog {
    english: Bundle,
    vietnamese: Bundle,
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog {
        english: build_bundle(UiLanguage::English),
        vietnamese: build_bundle(UiLanguage::Vietnamese),
    })
}

fn current() -> &'static RwLock<UiLanguage> {
    static CURRENT: OnceLock<RwLock<UiLanguage>> = OnceLock::new();
    CURRENT.get_or_init(|| RwLock::new(UiLanguage::English))
}

/// Sets the language of every message this process prints from now on.
pub fn set_language(lang: UiLanguage) {
    *current().write().unwrap_or_else(|e| e.into_inner()) = lang;
}

pub fn language() -> UiLanguage {
    *current().read().unwrap_or_else(|e| e.into_inner())
}

/// Formats message `id` in the current language with `args`.
pub fn message(id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    message_in(language(), id, args)
}

/// Formats message `id` in `lang`; falls back to English, then to the id itself.
pub fn message_in(lang: UiLanguage, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let catalog = catalog();
    let primary = match lang {
        UiLanguage::English => &catalog.english,
        UiLanguage::Vietnamese => &catalog.vietnamese,
    };
    format_first([primary, &catalog.english], id, args)
}

/// The words dich writes into published articles (a photo credit, "Translated from Vietnamese."), one file per
/// article language under `locales/output/`; a language without a file gets English.
pub const OUTPUT_FILES: &[(&str, &str)] = &[
    ("en", include_str!("../locales/output/en.ftl")),
    ("vi", include_str!("../locales/output/vi.ftl")),
    ("fr", include_str!("../locales/output/fr.ftl")),
    ("de", include_str!("../locales/output/de.ftl")),
    ("es", include_str!("../locales/output/es.ftl")),
    ("ru", include_str!("../locales/output/ru.ftl")),
    ("zh", include_str!("../locales/output/zh.ftl")),
    ("ja", include_str!("../locales/output/ja.ftl")),
    ("ko", include_str!("../locales/output/ko.ftl")),
];

fn output_bundles() -> &'static Vec<(&'static str, Bundle)> {
    static BUNDLES: OnceLock<Vec<(&'static str, Bundle)>> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        OUTPUT_FILES
            .iter()
            .map(|(code, source)| (*code, new_bundle(code, [(format!("locales/output/{code}.ftl"), *source)])))
            .collect()
    })
}

/// Formats output message `id` in the article language `lang` (a BCP 47 tag: "zh-Hans" uses zh); English when
/// the language has no file or lacks the message.
pub fn output_message(lang: &str, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang).to_ascii_lowercase();
    let bundle_of = |lang: &str| output_bundles().iter().find(|(code, _)| *code == lang).map(|(_, b)| b);
    format_first([bundle_of(&primary), bundle_of("en")].into_iter().flatten(), id, args)
}

/// True when `id` exists in the bundle of `lang` (used by the locale completeness test).
pub fn has_message(lang: UiLanguage, id: &str) -> bool {
    let catalog = catalog();
    match lang {
        UiLanguage::English => catalog.english.has_message(id),
        UiLanguage::Vietnamese => catalog.vietnamese.has_message(id),
    }
}

/// Looks up a Fluent message in the current UI language.
///
/// `t!("summary-title", run = 3)`, or with arguments `t!("ingest-empty", path = path.display().to_string())`.
/// Argument values may be anything that converts into a `FluentValue` (strings, numbers).
#[macro_export]
macro_rules! t {
    ($id:literal) => {
        $crate::i18n::message($id, &[])
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::message(
            $id,
            &[$((stringify!($name), $crate::i18n::FluentValue::from($value))),+],
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_and_locales_are_read() {
        assert_eq!(UiLanguage::from_tag("vi_VN.UTF-8"), UiLanguage::Vietnamese);
        assert_eq!(UiLanguage::from_tag("vi"), UiLanguage::Vietnamese);
        assert_eq!(UiLanguage::from_tag("en_US.UTF-8"), UiLanguage::English);
        assert_eq!(UiLanguage::from_tag("C.UTF-8"), UiLanguage::English);
        assert_eq!(UiLanguage::negotiate(Some("vi")), UiLanguage::Vietnamese);
    }

    #[test]
    fn published_words_are_in_the_articles_language() {
        // Every output file has the messages English has, and no others.
        let ids = |source: &str| -> Vec<String> {
            source.lines().filter_map(|l| l.split_once(" = ")).map(|(id, _)| id.trim().to_string()).collect()
        };
        let english = ids(OUTPUT_FILES[0].1);
        for (code, source) in OUTPUT_FILES {
            assert_eq!(ids(source), english, "locales/output/{code}.ftl");
        }
        assert_eq!(output_message("ru", "output-translated-from", &[]), "Перевод с вьетнамского.");
        assert_eq!(output_message("zh-Hans", "output-photo-credit", &[("name", "Minh Dao".into())]), "图片：Minh Dao");
        // A language without a file gets English.
        assert_eq!(output_message("th", "output-translated-from", &[]), "Translated from Vietnamese.");
    }

    #[test]
    fn unknown_ids_show_themselves() {
        assert_eq!(message_in(UiLanguage::Vietnamese, "no-such-message", &[]), "no-such-message");
    }
}
