//! The translators' review, apart from HTTP: which articles wait for them, what one article holds in one
//! language, saving a segment, publishing. The pages and the JSON API both call these.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::config::Settings;
use crate::glossary::Hit;
use crate::pipeline::Terminology;
use crate::qa::checks::{check_unit, Context, Unit};
use crate::store::fuzzy::{masked_key, FuzzyMatch, Prepared};
use crate::store::{StoreBackend, StoreError, TmEntry, TmPutOutcome, TmState};

/// The memory's near-matches per segment text and target language, kept while the memory is unchanged: they are
/// most of a review page's cost, and a page is loaded again after every save.
///
/// What changes the memory, and how the cache learns it: another process's commit (`dich run`, `dich import`)
/// shows in [`StoreBackend::changed_elsewhere`] and empties it (a backend that cannot tell is asked every time); a run of this desk empties it at each step
/// ([`NearMatches::clear`]); a save drops only the texts the saved source is near to ([`NearMatches::saved`]),
/// so twenty translators saving do not undo each other's cache.
#[derive(Default)]
pub struct NearMatches(Mutex<NearMatchesInner>);

impl std::fmt::Debug for NearMatches {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NearMatches").field("lookups", &self.inner().lookups.len()).finish()
    }
}

#[derive(Default)]
struct NearMatchesInner {
    /// The store's [`StoreBackend::changed_elsewhere`] when the cached lookups were made.
    seen: Option<i64>,
    /// By (target language, segment text).
    lookups: HashMap<(String, String), Kept>,
}

/// One lookup kept: the text as the fuzzy scorer compares it (a save is compared with every kept text), and what
/// the memory answered.
struct Kept {
    text: Prepared,
    found: Arc<Vec<FuzzyMatch>>,
}

/// Lookups kept at most; the cache starts again when full (a desk reviews tens of articles, not thousands).
const NEAR_MATCHES_KEPT: usize = 2048;

impl NearMatches {
    fn inner(&self) -> std::sync::MutexGuard<'_, NearMatchesInner> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Forgets every lookup (the memory changed in ways not followed one by one: a run).
    pub fn clear(&self) {
        let mut inner = self.inner();
        inner.lookups.clear();
        inner.seen = None;
    }

    /// The near-matches of `text` in `language`, from the cache while the memory is unchanged.
    fn lookup(
        &self,
        store: &dyn StoreBackend,
        settings: &Settings,
        language: &str,
        text: &str,
    ) -> Result<Arc<Vec<FuzzyMatch>>, StoreError> {
        let memory = &settings.memory;
        let lookup =
            || store.tm_fuzzy(&settings.source, language, text, memory.fuzzy_threshold, memory.max_suggestions);
        // A backend that cannot tell another process's writes (a shared PostgreSQL) is asked every time.
        let Some(version) = store.changed_elsewhere()? else { return Ok(Arc::new(lookup()?)) };
        let key = (language.to_string(), text.to_string());
        {
            let mut inner = self.inner();
            if inner.seen != Some(version) {
                inner.lookups.clear();
                inner.seen = Some(version);
            }
            if let Some(kept) = inner.lookups.get(&key) {
                return Ok(kept.found.clone());
            }
        }
        let found = Arc::new(lookup()?);
        let mut inner = self.inner();
        // Kept only if nothing changed meanwhile (a save in between dropped what it touched).
        if inner.seen == Some(version) {
            if inner.lookups.len() >= NEAR_MATCHES_KEPT {
                inner.lookups.clear();
            }
            inner.lookups.insert(key, Kept { text: Prepared::new(masked_key(text)), found: found.clone() });
        }
        Ok(found)
    }

    /// `source` was saved in `language`: every kept lookup of that language that it is near to (or that holds
    /// it) is dropped.
    fn saved(&self, settings: &Settings, language: &str, source: &str) {
        let threshold = settings.memory.fuzzy_threshold;
        let saved = Prepared::new(masked_key(source));
        let mut inner = self.inner();
        inner.lookups.retain(|(lang, _), kept| {
            lang != language
                || !(kept.found.iter().any(|m| m.entry.source == source)
                    || kept.text.compare(&saved, threshold).is_some())
        });
    }
}

/// One held-back article in one target language.
#[derive(Debug, Clone, Serialize)]
pub struct QueueItem {
    pub article: String,
    pub headline: String,
    pub language: String,
    /// Why the latest run held it back (in the language of that run).
    pub reason: String,
    /// RFC 3339: when it was held back.
    pub since: String,
    pub segments: usize,
    /// Segments not approved yet.
    pub left: usize,
}

/// The articles the latest run held back, per target language, oldest first (they have waited longest).
pub fn queue(store: &dyn StoreBackend, settings: &Settings) -> Result<Vec<QueueItem>, StoreError> {
    let mut items = Vec::new();
    let held = crate::pipeline::summary::ArticleStatus::HeldBack.as_str();
    for record in store.article_records()?.into_iter().filter(|r| r.event == held) {
        let segments = store.load_segments(&record.id)?;
        for language in &settings.targets {
            let current = current_translations(store, settings, &record.id, language, &segments)?;
            let left = segments
                .iter()
                .filter(|s| current.get(&s.id).is_none_or(|(_, state)| *state != TmState::Approved))
                .count();
            items.push(QueueItem {
                article: record.id.clone(),
                headline: record.headline.clone(),
                language: language.clone(),
                reason: record.detail.clone(),
                since: record.time.clone(),
                segments: segments.len(),
                left,
            });
        }
    }
    items.sort_by(|a, b| a.since.cmp(&b.since).then(a.article.cmp(&b.article)).then(a.language.cmp(&b.language)));
    Ok(items)
}

/// The translation of each segment a reviewer starts from, with its state: the memory's when a person has
/// translated or approved it, else what the pipeline stored (engine or memory), else the memory's machine entry.
fn current_translations(
    store: &dyn StoreBackend,
    settings: &Settings,
    article: &str,
    language: &str,
    segments: &[crate::text::Segment],
) -> Result<HashMap<String, (String, TmState)>, StoreError> {
    let stored = store.load_targets(article, language)?;
    let mut current = HashMap::new();
    for segment in segments {
        let memory = store.tm_exact(&settings.source, language, &segment.text)?;
        let pick = match (memory, stored.get(&segment.id)) {
            (Some(entry), _) if entry.state > TmState::Machine => Some((entry.target, entry.state)),
            (_, Some(t)) => Some((t.text.clone(), t.origin.state())),
            (Some(entry), None) => Some((entry.target, entry.state)),
            (None, None) => None,
        };
        if let Some(pick) = pick {
            current.insert(segment.id.clone(), pick);
        }
    }
    Ok(current)
}

/// The first segment after `after` (wrapping round) that is not approved yet: where the keyboard flow goes next.
pub fn next_to_approve(
    store: &dyn StoreBackend,
    settings: &Settings,
    article: &str,
    language: &str,
    after: &str,
) -> Result<Option<String>, StoreError> {
    let segments = store.load_segments(article)?;
    let current = current_translations(store, settings, article, language, &segments)?;
    let at = segments.iter().position(|s| s.id == after).map_or(0, |i| i + 1);
    let approved = |id: &str| current.get(id).is_some_and(|(_, state)| *state == TmState::Approved);
    Ok(segments[at..].iter().chain(&segments[..at]).find(|s| !approved(&s.id)).map(|s| s.id.clone()))
}

/// A glossary term found in a segment's source, with the house rendering for the language under review.
#[derive(Debug, Clone, Serialize)]
pub struct TermView {
    pub text: String,
    pub entry: String,
    pub kind: &'static str,
    /// Empty when the glossary has no rendering in this language.
    pub rendering: String,
}

/// A memory near-match offered to the reviewer.
#[derive(Debug, Clone, Serialize)]
pub struct SuggestionView {
    /// 0–100.
    pub percent: u32,
    pub source: String,
    pub target: String,
    pub state: &'static str,
    /// Why it is not 100 %, in the UI language.
    pub penalties: Vec<String>,
}

/// A piece of a segment's source: plain text or a glossary term (for marking terms in the page).
#[derive(Debug, Clone, Serialize)]
pub struct SourcePiece {
    pub text: String,
    /// Index into the segment's `terms` when the piece is a term.
    pub term: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SegmentView {
    pub id: String,
    pub source: String,
    pub pieces: Vec<SourcePiece>,
    pub terms: Vec<TermView>,
    /// What the target box starts with: the current translation, else the best near-match's.
    pub target: String,
    /// "approved", "translated", "machine", or "" when there is no translation yet ("fuzzy" when the box
    /// holds a near-match's translation).
    pub state: String,
    pub suggestions: Vec<SuggestionView>,
    /// QA problems of the current translation, in the UI language.
    pub problems: Vec<ProblemView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProblemView {
    pub check: String,
    pub severity: &'static str,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub article: String,
    pub headline: String,
    pub language: String,
    pub segments: Vec<SegmentView>,
    pub approved: usize,
    /// True when every segment is approved: the article can be published.
    pub complete: bool,
}

/// Everything the review page shows of `article` in `language`; `None` for an unknown article or language.
pub fn article_view(
    store: &dyn StoreBackend,
    settings: &Settings,
    terms: &Terminology,
    near: &NearMatches,
    article: &str,
    language: &str,
) -> Result<Option<ArticleView>, StoreError> {
    if !settings.targets.iter().any(|t| t == language) {
        return Ok(None);
    }
    let Some(stored) = store.load_article(article)? else { return Ok(None) };
    let segments = store.load_segments(article)?;
    // Matched now, with the term bases as they are (a glossary decision shows at once, not after a run).
    let hits = terms.hits(&segments);
    let current = current_translations(store, settings, article, language, &segments)?;
    let context = terms.qa_context(language);
    let mut views = Vec::with_capacity(segments.len());
    for segment in &segments {
        let segment_hits: &[Hit] = hits.get(&segment.id).map(Vec::as_slice).unwrap_or(&[]);
        // Near-matches help with what is still to approve; an approved segment is done (and the fuzzy lookup is
        // most of a page's cost).
        let approved = current.get(&segment.id).is_some_and(|(_, state)| *state == TmState::Approved);
        let suggestions =
            if approved { Arc::default() } else { near.lookup(store, settings, language, &segment.text)? };
        let suggestions: Vec<SuggestionView> = suggestions
            .iter()
            .filter(|m| m.score < 1.0 || m.entry.state == TmState::Machine)
            .map(|m| SuggestionView {
                percent: (m.score * 100.0).round() as u32,
                source: m.entry.source.clone(),
                target: m.entry.target.clone(),
                state: m.entry.state.as_str(),
                penalties: m.penalties.iter().map(|p| p.to_string()).collect(),
            })
            .collect();
        let (target, state) = match current.get(&segment.id) {
            Some((text, state)) => (text.clone(), state.as_str().to_string()),
            None => match suggestions.first() {
                Some(best) => (best.target.clone(), "fuzzy".to_string()),
                None => (String::new(), String::new()),
            },
        };
        let problems = if current.contains_key(&segment.id) {
            problems_of(settings, &context, segment, segment_hits, &target, language)
        } else {
            Vec::new()
        };
        views.push(SegmentView {
            id: segment.id.clone(),
            source: segment.text.clone(),
            pieces: pieces(&segment.text, segment_hits),
            terms: segment_hits
                .iter()
                .map(|h| TermView {
                    text: h.text.clone(),
                    entry: h.entry.to_string(),
                    kind: h.kind.as_str(),
                    rendering: h.targets.get(language).cloned().unwrap_or_default(),
                })
                .collect(),
            target,
            state,
            suggestions,
            problems,
        });
    }
    let approved = views.iter().filter(|v| v.state == "approved").count();
    Ok(Some(ArticleView {
        article: stored.id.clone(),
        headline: stored.headline.clone(),
        language: language.to_string(),
        complete: approved == views.len(),
        approved,
        segments: views,
    }))
}

fn problems_of(
    settings: &Settings,
    context: &Context,
    segment: &crate::text::Segment,
    hits: &[Hit],
    target: &str,
    language: &str,
) -> Vec<ProblemView> {
    let unit = Unit { id: &segment.id, source: &segment.text, target, hits, lang: language };
    check_unit(&unit, context, &settings.qa)
        .into_iter()
        .map(|p| ProblemView { check: p.check, severity: p.severity.as_str(), message: p.message })
        .collect()
}

/// The source cut at the glossary hits (hits are in order and do not overlap; one that does is left unmarked).
fn pieces(source: &str, hits: &[Hit]) -> Vec<SourcePiece> {
    let mut pieces = Vec::new();
    let mut at = 0;
    for (index, hit) in hits.iter().enumerate() {
        if hit.byte_start < at || hit.byte_end > source.len() || !source.is_char_boundary(hit.byte_start) {
            continue;
        }
        if !source.is_char_boundary(hit.byte_end) {
            continue;
        }
        if hit.byte_start > at {
            pieces.push(SourcePiece { text: source[at..hit.byte_start].to_string(), term: None });
        }
        pieces.push(SourcePiece { text: source[hit.byte_start..hit.byte_end].to_string(), term: Some(index) });
        at = hit.byte_end;
    }
    if at < source.len() {
        pieces.push(SourcePiece { text: source[at..].to_string(), term: None });
    }
    pieces
}

/// What a reviewer sends for one segment.
#[derive(Debug, Clone)]
pub struct SegmentEdit<'a> {
    pub article: &'a str,
    pub language: &'a str,
    pub segment: &'a str,
    pub text: &'a str,
    pub approve: bool,
    pub user: &'a str,
    pub now: String,
}

/// What saving did.
#[derive(Debug, Clone, Serialize)]
pub struct Saved {
    pub state: &'static str,
    /// False when the memory kept an approved translation over a save that did not approve.
    pub stored: bool,
    pub problems: Vec<ProblemView>,
}

/// Why a save was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// No such article, language or segment.
    NotFound,
    /// The text is empty once put on one line.
    Empty,
    Store(String),
}

/// Saves a reviewer's translation of one segment into the memory (approved or translated), with the user as
/// provenance, and returns the segment's QA problems. The memory never lets a machine translation replace it,
/// so a run going on at the same time cannot overwrite it.
pub fn save_segment(
    store: &dyn StoreBackend,
    settings: &Settings,
    terms: &Terminology,
    near: &NearMatches,
    edit: &SegmentEdit<'_>,
) -> Result<Saved, EditError> {
    let store_err = |e: StoreError| EditError::Store(e.to_string());
    if !settings.targets.iter().any(|t| t == edit.language) {
        return Err(EditError::NotFound);
    }
    let segments = store.load_segments(edit.article).map_err(store_err)?;
    let Some(segment) = segments.iter().find(|s| s.id == edit.segment) else { return Err(EditError::NotFound) };
    let text = crate::text::one_line(&crate::text::printable(edit.text));
    if text.trim().is_empty() {
        return Err(EditError::Empty);
    }
    let state = if edit.approve { TmState::Approved } else { TmState::Translated };
    let entry = TmEntry {
        source_lang: settings.source.clone(),
        target_lang: edit.language.to_string(),
        source: segment.text.clone(),
        target: text.clone(),
        state,
        provenance: format!("user:{}", edit.user),
        created: edit.now.clone(),
        updated: edit.now.clone(),
    };
    let outcome = store.tm_put(&entry).map_err(store_err)?;
    let stored = outcome != TmPutOutcome::KeptExisting;
    if stored {
        near.saved(settings, edit.language, &segment.text);
    }
    if stored {
        let detail = format!("{} {}: {}", edit.language, state.as_str(), text);
        store.audit(edit.user, "segment", &format!("{}/{}", edit.article, edit.segment), &detail).map_err(store_err)?;
    }
    let hits = terms.hits(std::slice::from_ref(segment));
    let segment_hits: &[Hit] = hits.get(&segment.id).map(Vec::as_slice).unwrap_or(&[]);
    let context = terms.qa_context(edit.language);
    let problems = problems_of(settings, &context, segment, segment_hits, &text, edit.language);
    Ok(Saved { state: if stored { state.as_str() } else { TmState::Approved.as_str() }, stored, problems })
}
