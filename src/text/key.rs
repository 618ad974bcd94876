//! The matching key: one string for every way Vietnamese writes the same words.
//!
//! (Interim version: the text owner replaces it with the full key and its offset map; the signatures stay.)

use std::ops::Range;

/// A matching key of a text, with a map from key offsets back to the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchKey {
    key: String,
}

impl MatchKey {
    pub fn new(original: &str) -> MatchKey {
        MatchKey { key: match_key(original) }
    }

    pub fn as_str(&self) -> &str {
        &self.key
    }

    /// The byte range of the original text that produced `key_range` (byte offsets into the key).
    pub fn to_original(&self, key_range: Range<usize>) -> Range<usize> {
        key_range
    }
}

/// The matching key of `text`: equal for texts that differ only in tone-mark style, case, NFC/NFD, Ð/Đ or
/// whitespace runs.
pub fn match_key(text: &str) -> String {
    let normalized = super::normalize(text).to_lowercase();
    normalized.split_whitespace().collect::<Vec<_>>().join(" ")
}
