//! Checks that an engine's answer kept every protected item of the source exactly once: inline placeholders
//! (`<x id="1"/>`) verbatim, and HTML tags by name. Engines drop, double and move such items; a translation that
//! lost or doubled one is not used (the segment goes to the next engine or to the translators, with the reason).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;

use crate::t;

fn placeholder_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r#"<x\s+id\s*=\s*"([^"]*)"\s*/>"#).expect("static regex"))
}

fn tag_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^<>]*?(/?)>").expect("static regex"))
}

/// Placeholder ids and HTML tags (as `name`, `/name`, `name/`) with how often each occurs.
fn protected_items(text: &str) -> BTreeMap<String, usize> {
    let mut items = BTreeMap::new();
    for captures in placeholder_re().captures_iter(text) {
        *items.entry(format!("<x id=\"{}\"/>", &captures[1])).or_insert(0) += 1;
    }
    let without_placeholders = placeholder_re().replace_all(text, "");
    for captures in tag_re().captures_iter(&without_placeholders) {
        let name = format!("{}{}{}", &captures[1], captures[2].to_ascii_lowercase(), &captures[3]);
        *items.entry(format!("<{name}>")).or_insert(0) += 1;
    }
    items
}

/// `Ok` when `translation` holds every protected item of `source` as often as the source does, and no others;
/// otherwise the reason, naming the items.
pub fn check_protected(source: &str, translation: &str) -> Result<(), String> {
    if !source.contains('<') && !translation.contains('<') {
        return Ok(());
    }
    let expected = protected_items(source);
    let found = protected_items(translation);
    if expected == found {
        return Ok(());
    }
    let mut problems = Vec::new();
    for (item, count) in &expected {
        let got = found.get(item).copied().unwrap_or(0);
        if got < *count {
            problems.push(t!("engine-protect-dropped", item = item.clone()));
        } else if got > *count {
            problems.push(t!("engine-protect-doubled", item = item.clone()));
        }
    }
    for item in found.keys().filter(|item| !expected.contains_key(*item)) {
        problems.push(t!("engine-protect-added", item = item.clone()));
    }
    Err(problems.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_must_come_back_exactly_once() {
        let source = r#"Ông <x id="1"/> gặp <x id="2"/>."#;
        assert!(check_protected(source, r#"Mr <x id="1"/> met <x id="2"/>."#).is_ok());
        assert!(check_protected(source, r#"<x id="2"/> met Mr <x id="1"/>."#).is_ok());
        let dropped = check_protected(source, r#"Mr <x id="1"/> met."#).unwrap_err();
        assert!(dropped.contains(r#"<x id="2"/>"#), "{dropped}");
        assert!(check_protected(source, r#"<x id="1"/> <x id="1"/> <x id="2"/>"#).is_err());
    }

    #[test]
    fn html_tags_are_compared_by_name() {
        assert!(check_protected("Bộ <b>Y tế</b>", "The Ministry of <b>Health</b>").is_ok());
        assert!(check_protected("Bộ <b>Y tế</b>", "The Ministry of Health").is_err());
        assert!(check_protected("plain", "plain").is_ok());
        assert!(check_protected("plain", "with <i>added</i> tag").is_err());
    }
}
