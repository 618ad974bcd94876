//! Translator packages: an XLIFF 2.1 file per held-back article and target language, and their import back
//! into the memory once reviewed.
//!
//! A package holds every segment of the article, so translators see the whole story: segments that already have
//! a translation carry it (state `final` when approved, `translated` otherwise), the rest are `initial` with the
//! memory's fuzzy matches as notes.

pub mod import;

use std::collections::HashMap;

use crate::article::Article;
use crate::engine::{Origin, Suggestion, Translation};
use crate::formats::xliff2::{Content, Document, File, Inline, Note, State, Unit};
use crate::glossary::Hit;
use crate::store::TmState;
use crate::text::Segment;

/// Note categories dich writes, so imports and CAT tools can tell them apart.
pub const NOTE_MEMORY_MATCH: &str = "dich:memory-match";
pub const NOTE_ORIGIN: &str = "dich:origin";
pub const NOTE_CONTEXT: &str = "dich:context";
pub const NOTE_TERM: &str = "dich:term";
pub const NOTE_FLAGGED: &str = "dich:flagged";

/// What a run found for the segments of one article in one target language, by segment id.
#[derive(Debug, Clone, Copy)]
pub struct Findings<'a> {
    pub translations: &'a HashMap<String, Translation>,
    /// Fuzzy memory matches offered to translators.
    pub suggestions: &'a HashMap<String, Vec<Suggestion>>,
    /// Glossary hits in the source (the same for every target language).
    pub hits: &'a HashMap<String, Vec<Hit>>,
    /// Why an engine's answer was not used (a protected item lost, a batch answered short…).
    pub flagged: &'a HashMap<String, String>,
}

/// Builds the XLIFF package of `article` for `target`.
pub fn build(
    article: &Article,
    source_path: &str,
    source_lang: &str,
    target: &str,
    segments: &[Segment],
    findings: &Findings<'_>,
) -> Document {
    let Findings { translations, suggestions, hits, flagged } = *findings;
    let units = segments
        .iter()
        .map(|segment| {
            let translation = translations.get(&segment.id);
            let mut notes = vec![Note {
                category: Some(NOTE_CONTEXT.to_string()),
                priority: None,
                text: crate::t!("package-note-context", kind = segment.kind.as_str(), block = segment.block as i64 + 1),
            }];
            let (target_content, state) = match translation {
                Some(t) => {
                    let (state, origin_note) = match &t.origin {
                        Origin::Memory { state: TmState::Approved, provenance } => {
                            (State::Final, crate::t!("package-note-approved", provenance = provenance.clone()))
                        }
                        Origin::Memory { state, provenance } => (
                            State::Translated,
                            crate::t!("package-note-memory", state = state.as_str(), provenance = provenance.clone()),
                        ),
                        Origin::Machine { engine } => {
                            (State::Translated, crate::t!("package-note-machine", engine = engine.clone()))
                        }
                    };
                    notes.push(Note { category: Some(NOTE_ORIGIN.to_string()), priority: None, text: origin_note });
                    (Some(Content::text(&t.text)), state)
                }
                None => (None, State::Initial),
            };
            if let Some(reason) = flagged.get(&segment.id) {
                notes.push(Note {
                    category: Some(NOTE_FLAGGED.to_string()),
                    priority: Some(1),
                    text: crate::t!("package-note-flagged", reason = reason.clone()),
                });
            }
            for suggestion in suggestions.get(&segment.id).map(Vec::as_slice).unwrap_or_default() {
                notes.push(Note {
                    category: Some(NOTE_MEMORY_MATCH.to_string()),
                    priority: Some(if suggestion.score >= 0.9 { 2 } else { 5 }),
                    text: memory_match_note(suggestion),
                });
            }
            let segment_hits = hits.get(&segment.id).map(Vec::as_slice).unwrap_or_default();
            for hit in segment_hits {
                // A term base without this language's column gives no rendering: say so, not `""`.
                let text = match hit.targets.get(target) {
                    Some(rendering) => crate::t!(
                        "package-note-term",
                        term = hit.text.clone(),
                        rendering = rendering.clone(),
                        entry = hit.entry.to_string()
                    ),
                    None => crate::t!(
                        "package-note-term-none",
                        term = hit.text.clone(),
                        lang = target.to_string(),
                        entry = hit.entry.to_string()
                    ),
                };
                notes.push(Note { category: Some(NOTE_TERM.to_string()), priority: Some(1), text });
            }
            Unit {
                id: segment.id.clone(),
                name: Some(segment.kind.as_str().to_string()),
                notes,
                source: annotated_source(&segment.text, segment_hits, target),
                target: target_content,
                state,
                untranslated_segments: 0,
            }
        })
        .collect();
    Document {
        src_lang: source_lang.to_string(),
        trg_lang: Some(target.to_string()),
        files: vec![File {
            id: article.id.clone(),
            original: Some(source_path.to_string()),
            notes: vec![Note {
                category: Some(NOTE_CONTEXT.to_string()),
                priority: None,
                text: article.headline.clone(),
            }],
            units,
        }],
    }
}

/// The segment's text with each glossary hit marked as a term (`<mrk type="term">`), carrying the house rendering
/// in `target` so CAT tools show it in place. Overlapping hits keep the first.
fn annotated_source(text: &str, hits: &[Hit], target: &str) -> Content {
    let mut parts = Vec::new();
    let mut position = 0;
    for (index, hit) in hits.iter().enumerate() {
        if hit.byte_start < position || hit.byte_end > text.len() || hit.byte_start >= hit.byte_end {
            continue;
        }
        if hit.byte_start > position {
            parts.push(Inline::Text(text[position..hit.byte_start].to_string()));
        }
        parts.push(Inline::Term {
            id: format!("t{}", index + 1),
            value: hit.targets.get(target).cloned(),
            reference: Some(format!("glossary:{}", hit.entry)),
            text: text[hit.byte_start..hit.byte_end].to_string(),
        });
        position = hit.byte_end;
    }
    if position < text.len() {
        parts.push(Inline::Text(text[position..].to_string()));
    }
    Content(parts)
}

fn memory_match_note(suggestion: &Suggestion) -> String {
    let percent = (suggestion.score * 100.0).round() as i64;
    let mut note = crate::t!(
        "package-note-match",
        percent = percent,
        state = suggestion.state.as_str(),
        source = suggestion.source.clone(),
        target = suggestion.target.clone()
    );
    if !suggestion.penalties.is_empty() {
        note.push_str(&format!(" ({})", suggestion.penalties.join("; ")));
    }
    note
}
