//! SentencePiece tokenization as Hugging Face's `MarianTokenizer` does it, in pure Rust.
//!
//! OPUS-MT ships two SentencePiece unigram models (source.spm, target.spm) and one joint vocabulary (vocab.json)
//! whose ids are the model's ids, or, when tokenizer_config.json says `"separate_vocabs": true`, a source
//! vocabulary (vocab.json) and a target one (target_vocab.json). Encoding runs the source model and maps each piece
//! through vocab.json, so the .spm's own ids are never used; decoding maps ids through the target vocabulary. `MarianTokenizer`'s quirks are reproduced: a span the source model does not know
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
    /// tokenizer_config.json says the vocabularies are separate but the target one (`path`) is missing.
    TargetVocabMissing { path: PathBuf },
}

/// The name of the target vocabulary of a model with separate vocabularies.
pub const TARGET_VOCAB: &str = "target_vocab.json";

/// Source-side SentencePiece model plus the joint vocabulary, or the source and target ones.
pub struct MarianTokenizer {
    normalizer: Option<CharsMap>,
    source: Unigram,
    /// vocab.json: piece → model id.
    vocab: HashMap<String, u32>,
    /// The source vocabulary's size (largest id + 1).
    source_size: usize,
    /// Decoder id → piece: the inverse of `vocab`, or of target_vocab.json when the vocabularies are separate.
    pieces: Vec<String>,
    /// target_vocab.json when the vocabularies are separate.
    target_vocab: Option<PathBuf>,
    /// Whether the source model collapses and strips spaces (SentencePiece's `remove_extra_whitespaces`).
    remove_extra_whitespaces: bool,
    pub eos_id: u32,
    pub unk_id: u32,
    pub pad_id: u32,
}

impl MarianTokenizer {
    /// Loads `source.spm` and `vocab.json` from a model directory, and `target_vocab.json` when
    /// tokenizer_config.json says `"separate_vocabs": true`.
    pub fn load(dir: &Path) -> Result<MarianTokenizer, TokenizerError> {
        let vocab_path = dir.join("vocab.json");
        let vocab = read_vocab(&vocab_path)?;
        let spm_path = dir.join("source.spm");
        let bytes = std::fs::read(&spm_path)
            .map_err(|e| TokenizerError::Read { path: spm_path.clone(), detail: e.to_string() })?;
        let mut tokenizer = MarianTokenizer::from_parts(&bytes, vocab, &spm_path, &vocab_path)?;
        if separate_vocabs(dir)? {
            let path = dir.join(TARGET_VOCAB);
            if !path.is_file() {
                return Err(TokenizerError::TargetVocabMissing { path });
            }
            let target = read_vocab(&path)?;
            // The decoder's </s> and <pad> are the ids the config names once for both sides: they must agree.
            for name in ["</s>", "<pad>"] {
                if target.get(name).is_none_or(|id| tokenizer.vocab.get(name) != Some(id)) {
                    let detail = format!("its {name} entry differs from the one in vocab.json");
                    return Err(TokenizerError::Invalid { path, detail });
                }
            }
            tokenizer.pieces = by_id(&target);
            tokenizer.target_vocab = Some(path);
        }
        Ok(tokenizer)
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
        let pieces = by_id(&vocab);
        Ok(MarianTokenizer {
            normalizer,
            source,
            source_size: pieces.len(),
            vocab,
            pieces,
            target_vocab: None,
            remove_extra_whitespaces,
            eos_id,
            unk_id,
            pad_id,
        })
    }

    /// Size of the joint or source vocabulary (largest id + 1).
    pub fn vocab_size(&self) -> usize {
        self.source_size
    }

    /// Size of the vocabulary the decoder writes in: the joint one, or target_vocab.json's.
    pub fn target_vocab_size(&self) -> usize {
        self.pieces.len()
    }

    /// target_vocab.json when the model has separate source and target vocabularies.
    pub fn target_vocab(&self) -> Option<&Path> {
        self.target_vocab.as_deref()
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

    /// Model ids of one sentence followed by `</s>`, as `MarianTokenizer(text)["input_ids"]`.
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let mut ids: Vec<u32> =
            self.pieces(text).iter().map(|p| self.vocab.get(p).copied().unwrap_or(self.unk_id)).collect();
        ids.push(self.eos_id);
        ids
    }

    /// Text of generated ids, as `batch_decode(ids, skip_special_tokens=True)`: pieces of the target vocabulary,
    /// the special tokens skipped by their (source) ids as transformers does.
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

fn read_vocab(path: &Path) -> Result<HashMap<String, u32>, TokenizerError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| TokenizerError::Read { path: path.to_path_buf(), detail: e.to_string() })?;
    serde_json::from_str(&text).map_err(|e| TokenizerError::Invalid { path: path.to_path_buf(), detail: e.to_string() })
}

/// Piece of every id (largest id + 1 entries; ids nothing names stay empty).
fn by_id(vocab: &HashMap<String, u32>) -> Vec<String> {
    let size = vocab.values().copied().max().map_or(0, |m| m as usize + 1);
    let mut pieces = vec![String::new(); size];
    for (piece, &id) in vocab {
        pieces[id as usize] = piece.clone();
    }
    pieces
}

/// tokenizer_config.json's `separate_vocabs` (false when the file or the field is missing, as in transformers).
pub fn separate_vocabs(dir: &Path) -> Result<bool, TokenizerError> {
    let path = dir.join("tokenizer_config.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(false);
    };
    let config: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| TokenizerError::Invalid { path: path.clone(), detail: e.to_string() })?;
    Ok(config.get("separate_vocabs").and_then(serde_json::Value::as_bool).unwrap_or(false))
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
