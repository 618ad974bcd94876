//! Language tags as BCP 47 compares them: what CAT tools write (`en-US`, `EN_us`, `vi-VN`, `zh-CN`,
//! `zh-Hans`) against the languages a configuration names (`en`, `vi`, `zh`, or `en-GB` where a channel wants
//! a region).
//!
//! A configured tag is a range: `en` takes every English tag, `en-GB` only British English. Scripts are
//! compared after filling in the script a region implies for the languages written in more than one script
//! (`zh-CN` is `zh-Hans`, `zh-TW` is `zh-Hant`; a bare `zh` is Simplified, as CLDR's likely subtags say), so
//! Traditional Chinese never lands in a Simplified target.

use unic_langid::LanguageIdentifier;

/// A tag parsed and canonicalized ("EN_us" → "en-US"), or `None` when it is not BCP 47.
pub fn canonical(tag: &str) -> Option<String> {
    parse(tag).map(|id| id.to_string())
}

fn parse(tag: &str) -> Option<LanguageIdentifier> {
    let tag = tag.trim();
    if tag.is_empty() {
        return None;
    }
    tag.parse::<LanguageIdentifier>().ok().filter(|id| !id.language.is_empty())
}

/// The script a tag is written in: its own, else the one its language and region imply (only for languages
/// whose script depends on the region), else none.
fn script_of(id: &LanguageIdentifier) -> Option<String> {
    if let Some(script) = id.script {
        return Some(script.as_str().to_string());
    }
    let region = id.region.as_ref().map(|r| r.as_str());
    let implied = match (id.language.as_str(), region) {
        ("zh", Some("TW" | "HK" | "MO")) => "Hant",
        ("zh", _) => "Hans",
        ("sr", Some("ME" | "RO")) => "Latn",
        ("sr", _) => "Cyrl",
        _ => return None,
    };
    Some(implied.to_string())
}

/// True when `tag` lies inside the range `configured`: same language, and the configured script and region
/// (where it names them) agree with the tag's.
fn within(tag: &LanguageIdentifier, configured: &LanguageIdentifier) -> bool {
    if tag.language != configured.language {
        return false;
    }
    if script_of(configured).is_some() && script_of(tag) != script_of(configured) {
        return false;
    }
    if configured.region.is_some() && tag.region != configured.region {
        return false;
    }
    configured.variants().all(|variant| tag.variants().any(|v| v == variant))
}

/// The configured language `tag` belongs to: the most specific of `configured` whose range holds it
/// (`en-US` → `en`, `zh-CN` → `zh`, `en-GB` → `en-GB` when both `en` and `en-GB` are configured), or `None`.
pub fn match_configured<'c>(tag: &str, configured: &'c [String]) -> Option<&'c str> {
    let tag = parse(tag)?;
    configured
        .iter()
        .filter_map(|c| parse(c).map(|id| (c, id)))
        .filter(|(_, id)| within(&tag, id))
        .max_by_key(|(_, id)| id.script.is_some() as usize + id.region.is_some() as usize + id.variants().len())
        .map(|(c, _)| c.as_str())
}

/// ISO 639-2 (bibliographic and terminology) and 639-3 codes of the languages OPUS-MT publishes models for and
/// newsrooms ask for, with their two-letter codes. A table rather than a crate: the Tatoeba-based model cards and
/// the converters write exactly these few codes.
const THREE_LETTER_CODES: &[(&str, &str)] = &[
    ("vie", "vi"),
    ("eng", "en"),
    ("zho", "zh"),
    ("chi", "zh"),
    ("cmn", "zh"),
    ("yue", "zh"),
    ("rus", "ru"),
    ("fra", "fr"),
    ("fre", "fr"),
    ("deu", "de"),
    ("ger", "de"),
    ("spa", "es"),
    ("jpn", "ja"),
    ("kor", "ko"),
    ("tha", "th"),
    ("lao", "lo"),
    ("khm", "km"),
    ("ind", "id"),
    ("msa", "ms"),
    ("may", "ms"),
    ("ita", "it"),
    ("por", "pt"),
    ("nld", "nl"),
    ("dut", "nl"),
    ("ara", "ar"),
    ("hin", "hi"),
    ("ukr", "uk"),
    ("pol", "pl"),
    ("tur", "tr"),
    ("ces", "cs"),
    ("cze", "cs"),
    ("swe", "sv"),
    ("fin", "fi"),
    ("dan", "da"),
    ("nor", "no"),
    ("hun", "hu"),
    ("ron", "ro"),
    ("rum", "ro"),
    ("ell", "el"),
    ("gre", "el"),
    ("heb", "he"),
    ("fil", "tl"),
    ("tgl", "tl"),
    ("mya", "my"),
    ("bur", "my"),
    ("ben", "bn"),
];

/// A language code as model files write it — ISO 639-1/2/3 ("vi", "vie"), BCP 47 ("vi-VN", "zh_Hans"),
/// a converter's string ("opus-mt-vi", "Helsinki-NLP/opus-mt-vi-en" for the source), Marian target tokens
/// (">>vie<<") — as a canonical BCP 47 tag, or `None` when it names no language.
pub fn from_model_code(code: &str) -> Option<String> {
    let mut code = code.trim().trim_start_matches(">>").trim_end_matches("<<").to_ascii_lowercase();
    if let Some(at) = code.rfind("opus-mt-") {
        // The converter builds source_lang from the directory name: "opus-mt-vi" (or "opus-mt-vi-en").
        code = code[at + "opus-mt-".len()..].split('-').next().unwrap_or_default().to_string();
    }
    let (language, rest) = match code.find(['-', '_']) {
        Some(at) => (&code[..at], &code[at..]),
        None => (code.as_str(), ""),
    };
    let language = THREE_LETTER_CODES.iter().find(|(three, _)| *three == language).map_or(language, |(_, two)| two);
    canonical(&format!("{language}{rest}"))
}

/// True when two tags name the same language in the same script (regions aside): `vi` and `vi-VN`.
pub fn same_language(a: &str, b: &str) -> bool {
    match (parse(a), parse(b)) {
        (Some(a), Some(b)) => a.language == b.language && script_of(&a) == script_of(&b),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn regions_case_and_underscores_fall_into_the_language() {
        let configured = tags(&["en", "zh", "vi"]);
        for (tag, expected) in [
            ("en-US", "en"),
            ("EN_gb", "en"),
            ("en", "en"),
            ("vi-VN", "vi"),
            ("zh-CN", "zh"),
            ("zh-Hans", "zh"),
            ("zh_Hans_CN", "zh"),
        ] {
            assert_eq!(match_configured(tag, &configured), Some(expected), "{tag}");
        }
        assert_eq!(canonical("EN_us").as_deref(), Some("en-US"));
    }

    #[test]
    fn what_the_configuration_does_not_hold_is_not_matched() {
        let configured = tags(&["en", "zh"]);
        for tag in ["fr", "zh-TW", "zh-Hant", "", "not a tag", "e"] {
            assert_eq!(match_configured(tag, &configured), None, "{tag}");
        }
    }

    #[test]
    fn a_configured_region_is_a_narrower_range() {
        let configured = tags(&["en-GB", "en", "zh-Hant"]);
        assert_eq!(match_configured("en-gb", &configured), Some("en-GB"));
        assert_eq!(match_configured("en-US", &configured), Some("en"));
        assert_eq!(match_configured("zh-TW", &configured), Some("zh-Hant"));
        assert_eq!(match_configured("en-US", &tags(&["en-GB"])), None);
    }

    #[test]
    fn model_codes_as_converters_and_model_cards_write_them() {
        for (code, expected) in [
            ("vie", "vi"),
            ("eng", "en"),
            ("vi", "vi"),
            ("opus-mt-vi", "vi"),
            ("Helsinki-NLP/opus-mt-vi-en", "vi"),
            (">>zho_Hans<<", "zh-Hans"),
            (">>rus<<", "ru"),
            ("fre", "fr"),
            ("EN_us", "en-US"),
        ] {
            assert_eq!(from_model_code(code).as_deref(), Some(expected), "{code}");
        }
        assert_eq!(from_model_code(""), None);
    }

    #[test]
    fn same_language_ignores_regions_only() {
        assert!(same_language("vi", "vi-VN"));
        assert!(same_language("VI", "vi"));
        assert!(!same_language("vi", "en"));
        assert!(!same_language("zh-CN", "zh-TW"));
    }
}
