//! SentencePiece tokenization as Hugging Face's `MarianTokenizer` does it, in pure Rust.
//!
//! OPUS-MT ships two SentencePiece unigram models (source.spm, target.spm) and one joint vocabulary (vocab.json)
//! whose ids are the model's ids. Encoding runs the source model and maps each piece through vocab.json, so the
//! .spm's own ids are never used. `MarianTokenizer`'s quirks are reproduced: a span the source model does not know
//! keeps its normalised surface text as the piece, and that text can still have an id in the joint vocabulary (a
//! target-side piece); otherwise it is `<unk>`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sentencepiece_model::SentencePieceModel;
use tokenizers::models::unigram::Unigram;

/// SentencePiece's word-boundary mark.
const SPACE_MARK: char = '▁';

/// What went wrong while loading a tokenizer; the caller adds the engine name.
#[derive(Debug, Clone, PartialEq)]
pub enum TokenizerError {
    /// A file could not be read.
    Read { path: PathBuf, detail: String },
    /// A file was read but is not what it should be.
    Invalid { path: PathBuf, detail: String },
}

/// Source-side SentencePiece model plus the joint vocabulary.
pub struct MarianTokenizer {
    normalizer: Option<CharsMap>,
    source: Unigram,
    /// vocab.json: piece → model id.
    vocab: HashMap<String, u32>,
    /// Model id → piece (the inverse of `vocab`).
    pieces: Vec<String>,
    /// Whether the source model collapses and strips spaces (SentencePiece's `remove_extra_whitespaces`).
    remove_extra_whitespaces: bool,
    pub eos_id: u32,
    pub unk_id: u32,
    pub pad_id: u32,
}

impl MarianTokenizer {
    /// Loads `source.spm` and `vocab.json` from a model directory.
    pub fn load(dir: &Path) -> Result<MarianTokenizer, TokenizerError> {
        let vocab_path = dir.join("vocab.json");
        let vocab_text = std::fs::read_to_string(&vocab_path)
            .map_err(|e| TokenizerError::Read { path: vocab_path.clone(), detail: e.to_string() })?;
        let vocab: HashMap<String, u32> = serde_json::from_str(&vocab_text)
            .map_err(|e| TokenizerError::Invalid { path: vocab_path.clone(), detail: e.to_string() })?;
        let spm_path = dir.join("source.spm");
        let bytes = std::fs::read(&spm_path)
            .map_err(|e| TokenizerError::Read { path: spm_path.clone(), detail: e.to_string() })?;
        MarianTokenizer::from_parts(&bytes, vocab, &spm_path, &vocab_path)
    }

    fn from_parts(
        spm_bytes: &[u8],
        vocab: HashMap<String, u32>,
        spm_path: &Path,
        vocab_path: &Path,
    ) -> Result<MarianTokenizer, TokenizerError> {
        let invalid = |path: &Path, detail: String| TokenizerError::Invalid { path: path.to_path_buf(), detail };
        let spm = SentencePieceModel::from_slice(spm_bytes).map_err(|e| invalid(spm_path, e.to_string()))?;
        if spm.pieces().is_empty() {
            return Err(invalid(spm_path, "no pieces".into()));
        }
        // SentencePiece's piece types: 1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte.
        // Control and unused pieces never come out of segmentation, so they get a score no path will take.
        let mut unk_index = None;
        let pieces: Vec<(String, f64)> = spm
            .pieces()
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let kind = p.r#type.unwrap_or(1);
                if kind == 2 {
                    unk_index = Some(i);
                }
                let score = match kind {
                    3 | 5 => -1e9,
                    _ => f64::from(p.score.unwrap_or(0.0)),
                };
                (p.piece.clone().unwrap_or_default(), score)
            })
            .collect();
        let unk_index = unk_index.ok_or_else(|| invalid(spm_path, "no <unk> piece".into()))?;
        let source = Unigram::from(pieces, Some(unk_index), false).map_err(|e| invalid(spm_path, e.to_string()))?;
        let normalizer_spec = spm.normalizer();
        let charsmap = normalizer_spec.and_then(|n| n.precompiled_charsmap.clone()).unwrap_or_default();
        let normalizer = if charsmap.is_empty() {
            None
        } else {
            Some(
                CharsMap::parse(&charsmap)
                    .ok_or_else(|| invalid(spm_path, "unreadable precompiled_charsmap".into()))?,
            )
        };
        let remove_extra_whitespaces = normalizer_spec.and_then(|n| n.remove_extra_whitespaces).unwrap_or(true);

        let special =
            |name: &str| vocab.get(name).copied().ok_or_else(|| invalid(vocab_path, format!("no {name} entry")));
        let eos_id = special("</s>")?;
        let unk_id = special("<unk>")?;
        let pad_id = special("<pad>")?;
        let size = vocab.values().copied().max().map_or(0, |m| m as usize + 1);
        let mut by_id = vec![String::new(); size];
        for (piece, &id) in &vocab {
            by_id[id as usize] = piece.clone();
        }
        Ok(MarianTokenizer {
            normalizer,
            source,
            vocab,
            pieces: by_id,
            remove_extra_whitespaces,
            eos_id,
            unk_id,
            pad_id,
        })
    }

    /// Size of the joint vocabulary (largest id + 1).
    pub fn vocab_size(&self) -> usize {
        self.pieces.len()
    }

    /// The pieces of one sentence, as `MarianTokenizer.tokenize` returns them (no `</s>`).
    pub fn pieces(&self, text: &str) -> Vec<String> {
        let normalized = self.normalize(text);
        let mut out = Vec::new();
        for word in normalized.split(' ').filter(|w| !w.is_empty()) {
            let word = format!("{SPACE_MARK}{word}");
            // Unigram::encode only fails on an inconsistent model, which `from` already ruled out.
            out.extend(self.source.encode(&word).unwrap_or_else(|_| vec![word.clone()]));
        }
        out
    }

    /// Model ids of one sentence followed by `</s>`, as `MarianTokenizer(text)["input_ids"]`.
    /// The target-language tokens of a multilingual model's vocabulary (">>rus<<", ">>zho_Hans<<") with their ids,
    /// sorted by token.
    pub fn language_tokens(&self) -> Vec<(String, u32)> {
        let mut tokens: Vec<(String, u32)> = self
            .vocab
            .iter()
            .filter(|(piece, _)| piece.len() > 4 && piece.starts_with(">>") && piece.ends_with("<<"))
            .map(|(piece, &id)| (piece.clone(), id))
            .collect();
        tokens.sort();
        tokens
    }

    pub fn encode(&self, text: &str) -> Vec<u32> {
        let mut ids: Vec<u32> =
            self.pieces(text).iter().map(|p| self.vocab.get(p).copied().unwrap_or(self.unk_id)).collect();
        ids.push(self.eos_id);
        ids
    }

    /// Text of generated ids, as `batch_decode(ids, skip_special_tokens=True)`.
    pub fn decode(&self, ids: &[u32]) -> String {
        let mut text = String::new();
        for &id in ids {
            if id == self.eos_id || id == self.pad_id || id == self.unk_id {
                continue;
            }
            if let Some(piece) = self.pieces.get(id as usize) {
                text.push_str(piece);
            }
        }
        text.replace(SPACE_MARK, " ").trim().to_string()
    }

    /// The .spm's character map, then SentencePiece's whitespace handling (collapse runs, strip ends).
    fn normalize(&self, text: &str) -> String {
        let mapped = match &self.normalizer {
            Some(charsmap) => charsmap.normalize(text),
            None => text.to_string(),
        };
        if !self.remove_extra_whitespaces {
            return mapped.replace(' ', &SPACE_MARK.to_string());
        }
        mapped.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
    }
}

/// SentencePiece's precompiled character map: a darts-clone double-array trie over UTF-8 byte sequences whose
/// values point into a blob of NUL-terminated replacements.
///
/// Normalisation takes, at each position, the LONGEST sequence the trie knows, as SentencePiece does (the
/// `tokenizers` crate's `Precompiled` takes the shortest within a grapheme, which turns NFD "o\u{323}\u{302}" into
/// "ọ" instead of "ộ"). Every lookup is bounds-checked: a corrupt map normalises nothing rather than panicking.
struct CharsMap {
    units: Vec<u32>,
    replacements: Vec<u8>,
}

impl CharsMap {
    /// Layout: trie size in bytes (u32 LE), the trie's u32 units, then the replacement strings.
    fn parse(bytes: &[u8]) -> Option<CharsMap> {
        let size = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?) as usize;
        let trie = bytes.get(4..4 + size)?;
        let units = trie.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        Some(CharsMap { units, replacements: bytes[4 + size..].to_vec() })
    }

    /// (replacement offset, matched length) of the longest key that prefixes `key`.
    fn longest_prefix(&self, key: &[u8]) -> Option<(usize, usize)> {
        let unit = |pos: usize| self.units.get(pos).copied();
        let offset = |u: u32| ((u >> 10) << ((u & (1 << 9)) >> 6)) as usize;
        let mut pos = offset(unit(0)?);
        let mut best = None;
        for (i, &byte) in key.iter().enumerate() {
            if byte == 0 {
                break;
            }
            pos ^= byte as usize;
            let u = unit(pos)?;
            if (u & ((1 << 31) | 0xFF)) != u32::from(byte) {
                break;
            }
            pos ^= offset(u);
            if (u >> 8) & 1 == 1 {
                let value = (unit(pos)? & ((1 << 31) - 1)) as usize;
                best = Some((value, i + 1));
            }
        }
        best
    }

    fn replacement(&self, offset: usize) -> Option<&str> {
        let rest = self.replacements.get(offset..)?;
        let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
        std::str::from_utf8(&rest[..end]).ok()
    }

    fn normalize(&self, text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while i < bytes.len() {
            match self.longest_prefix(&bytes[i..]).and_then(|(v, n)| Some((self.replacement(v)?, n))) {
                // A match must end on a character boundary to be usable; the trie only holds whole characters.
                Some((replacement, n)) if text.is_char_boundary(i + n) => {
                    out.push_str(replacement);
                    i += n;
                }
                _ => {
                    let c = text[i..].chars().next().expect("i is on a character boundary");
                    out.push(c);
                    i += c.len_utf8();
                }
            }
        }
        out
    }
}
