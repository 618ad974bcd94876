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
    fn same_language_ignores_regions_only() {
        assert!(same_language("vi", "vi-VN"));
        assert!(same_language("VI", "vi"));
        assert!(!same_language("vi", "en"));
        assert!(!same_language("zh-CN", "zh-TW"));
    }
}
