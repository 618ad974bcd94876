//! Sentence segmentation that knows Vietnamese, and stable segment ids.
