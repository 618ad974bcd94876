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
