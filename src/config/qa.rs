//! The `[qa]` table: a severity per check name, replacing the check's default.
//!
//! ```toml
//! [qa]
//! numbers = "warning"
//! length-ratio = "off"
//! ```

use std::collections::BTreeMap;

use toml::Spanned;

use super::error::{suggestion_or_allowed, ConfigError, Source};
use crate::qa::{QaSettings, Severity};

/// `[qa]` as written: check name → severity (unknown severities are refused by serde with the allowed values).
pub(crate) type RawQa = BTreeMap<Spanned<String>, Spanned<Severity>>;

/// Checks the names against the known checks; every unknown name is one error at its place in the file.
pub(crate) fn build(raw: &RawQa, source: &Source<'_>, errors: &mut Vec<ConfigError>) -> QaSettings {
    let known = crate::qa::checks::all_names();
    let mut settings = QaSettings::default();
    for (name, severity) in raw {
        if known.contains(&name.get_ref().as_str()) {
            settings.severity.insert(name.get_ref().clone(), *severity.get_ref());
        } else {
            let hint = suggestion_or_allowed(name.get_ref(), &known);
            errors.push(source.error(
                name.span(),
                crate::t!("config-qa-unknown-check", name = name.get_ref().clone()),
                hint,
            ));
        }
    }
    settings
}
