//! Vietnamese text: normalization, the matching key, sentence segmentation, stable segment ids.

use serde::{Deserialize, Serialize};

use crate::article::BlockKind;

/// One translation unit: a sentence (or a headline, caption, byline) of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    /// Stable id: the same text at the same place in the same article gives the same id in every run.
    pub id: String,
    pub kind: BlockKind,
    /// Index of the block in [`crate::article::Article::blocks`].
    pub block: usize,
    /// Index of the sentence inside its block.
    pub index: usize,
    /// NFC text of the segment, trimmed.
    pub text: String,
}

pub mod key;
pub mod segment;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// NFC, with the look-alike Ð/ð (Icelandic eth, typed on wrong keyboards) mapped to Đ/đ.
pub fn normalize(s: &str) -> String {
    let nfc: String = match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => s.to_string(),
        _ => s.nfc().collect(),
    };
    if nfc.contains(['Ð', 'ð']) {
        nfc.replace('Ð', "Đ").replace('ð', "đ")
    } else {
        nfc
    }
}
