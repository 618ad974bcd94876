//! The glossary page: every finding of `dich glossary check` (term bases and approved memory), both rows with
//! file:line, a concordance of each side (the stored sentences where its term occurs, with their translations),
//! decisions written to the term bases through the same code as `dich qa --decisions` with the diff shown and the
//! reviewer recorded, and a term search that ignores tone-mark style.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::pages::{check_csrf, error_page, render, require};
use super::{App, Failure};
use crate::glossary::check::check_memory;
use crate::glossary::{Conflict, Entry};
use crate::i18n::message_in;
use crate::store::TmState;
use crate::text::key::match_key;

/// Findings shown per page.
const PAGE_SIZE: usize = 50;
/// Concordance lines per side of a finding.
const CONCORDANCE_LINES: usize = 5;

#[derive(Debug, Serialize)]
struct Side {
    entry: String,
    location: String,
    vi: String,
    /// Language → house rendering.
    renderings: Vec<(String, String)>,
    concordance: Vec<Line>,
}

#[derive(Debug, Serialize)]
struct Line {
    article: String,
    source: String,
    /// Language → (translation, state) from the memory.
    translations: Vec<(String, String, &'static str)>,
}

#[derive(Debug, Serialize)]
struct Finding {
    conflict: Conflict,
    sides: Vec<Side>,
}

#[derive(Debug, Serialize)]
struct Found {
    id: String,
    vi: String,
    kind: &'static str,
    status: &'static str,
    location: String,
    renderings: Vec<(String, String)>,
}

#[derive(Deserialize)]
pub struct GlossaryQuery {
    q: Option<String>,
    kind: Option<String>,
    page: Option<usize>,
}

fn side(app: &App, entry: &Entry, location: &str) -> Result<Side, crate::store::StoreError> {
    let settings = &app.settings;
    let key = match_key(&entry.vi).to_string();
    let mut concordance = Vec::new();
    for (article, source) in app.store.segments_containing(&key, CONCORDANCE_LINES)? {
        let mut translations = Vec::new();
        for language in &settings.targets {
            if let Some(found) = app.store.tm_exact(&settings.source, language, &source)? {
                translations.push((language.clone(), found.target, found.state.as_str()));
            }
        }
        concordance.push(Line { article, source, translations });
    }
    Ok(Side {
        entry: entry.id.clone(),
        location: location.to_string(),
        vi: entry.vi.clone(),
        renderings: renderings(app, entry),
        concordance,
    })
}

fn renderings(app: &App, entry: &Entry) -> Vec<(String, String)> {
    app.settings.targets.iter().filter_map(|l| entry.targets.get(l).map(|r| (l.clone(), r.clone()))).collect()
}

/// The findings of the term bases and of the approved memory, errors first.
fn findings(app: &App) -> Result<Vec<Conflict>, crate::store::StoreError> {
    let terms = app.terms();
    let glossary = terms.glossary();
    let mut conflicts = terms.conflicts().to_vec();
    let approved: Vec<_> = app.store.tm_entries(None)?.into_iter().filter(|e| e.state == TmState::Approved).collect();
    // No matcher: no term bases, so nothing in the memory can contradict them.
    if let Some(matcher) = terms.matcher() {
        conflicts.extend(check_memory(glossary, matcher, &approved, &app.settings.source, app.store.path()));
    }
    conflicts.sort_by_key(|c| std::cmp::Reverse(c.severity));
    Ok(conflicts)
}

#[derive(Debug, Serialize)]
struct GlossaryPage {
    total: usize,
    shown_from: usize,
    page: usize,
    pages: usize,
    kinds: Vec<(String, usize)>,
    kind: String,
    q: String,
    findings: Vec<Finding>,
    found: Vec<Found>,
    targets: Vec<String>,
}

fn glossary_page(app: &App, query: GlossaryQuery) -> Result<GlossaryPage, crate::store::StoreError> {
    let terms = app.terms();
    let glossary = terms.glossary();
    let all = findings(app)?;
    let mut kinds: Vec<(String, usize)> = Vec::new();
    for conflict in &all {
        match kinds.iter_mut().find(|(k, _)| k == conflict.kind.as_str()) {
            Some((_, n)) => *n += 1,
            None => kinds.push((conflict.kind.as_str().to_string(), 1)),
        }
    }
    let kind = query.kind.unwrap_or_default();
    let selected: Vec<Conflict> = all.into_iter().filter(|c| kind.is_empty() || c.kind.as_str() == kind).collect();
    let pages = selected.len().div_ceil(PAGE_SIZE).max(1);
    let page = query.page.unwrap_or(1).clamp(1, pages);
    let by_id = |id: &str| glossary.entries.iter().find(|e| e.id == id);
    let mut shown = Vec::new();
    for conflict in selected.iter().skip((page - 1) * PAGE_SIZE).take(PAGE_SIZE) {
        let mut sides = Vec::new();
        if let Some(entry) = by_id(&conflict.entry) {
            sides.push(side(app, entry, &conflict.location)?);
        }
        if let (Some(other), Some(location)) = (conflict.other.as_deref().and_then(by_id), &conflict.other_location) {
            sides.push(side(app, other, location)?);
        }
        shown.push(Finding { conflict: conflict.clone(), sides });
    }
    let q = query.q.unwrap_or_default();
    let found = if q.trim().is_empty() {
        Vec::new()
    } else {
        // Tone-mark style, case, NFC/NFD and spacing do not count: "Thuỷ lợi" finds "Thủy lợi".
        let key = match_key(q.trim()).to_string();
        glossary
            .entries
            .iter()
            .filter(|e| {
                match_key(&e.vi).to_string().contains(&key)
                    || e.targets.values().any(|t| t.to_lowercase().contains(&q.trim().to_lowercase()))
            })
            .take(100)
            .map(|e| Found {
                id: e.id.clone(),
                vi: e.vi.clone(),
                kind: e.kind.as_str(),
                status: e.status.as_str(),
                location: e.location(),
                renderings: renderings(app, e),
            })
            .collect()
    };
    Ok(GlossaryPage {
        total: selected.len(),
        shown_from: (page - 1) * PAGE_SIZE + 1,
        page,
        pages,
        kinds,
        kind,
        q,
        findings: shown,
        found,
        targets: app.settings.targets.clone(),
    })
}

pub async fn page(State(app): State<Arc<App>>, headers: HeaderMap, Query(query): Query<GlossaryQuery>) -> Response {
    let (caller, lang) = match require(&app, &headers, |c| c.role.can_review()) {
        Ok(found) => found,
        Err(response) => return response,
    };
    match app.blocking(move |app| glossary_page(app, query)).await {
        Ok(Ok(page)) => render(&app, "glossary.html", lang, Some(&caller), context! { page }),
        Ok(Err(e)) => Failure::from(e).into_response(),
        Err(f) => f.into_response(),
    }
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    csrf: String,
    vi: String,
    lang: String,
    rendering: String,
    decision: String,
    #[serde(default)]
    note: String,
}

/// One cell of a decisions TSV: on one line, without tabs.
fn cell(text: &str) -> String {
    crate::text::one_line(&crate::text::printable(text)).replace('\t', " ")
}

/// Writes the decision as a decisions file under `<output_dir>/decisions/` (kept: the record of who decided
/// what) and applies it to the first configured glossary folder.
fn decide(app: &App, form: &DecisionForm, user: &str) -> Result<crate::qa::decisions::Applied, (StatusCode, String)> {
    let folder = app
        .settings
        .glossary
        .iter()
        .find(|p| p.is_dir())
        .cloned()
        .ok_or((StatusCode::CONFLICT, "serve-glossary-no-folder".to_string()))?;
    let now = app.clock.now_rfc3339();
    let file = app.settings.output_dir.join(crate::pipeline::DECISIONS_DIR).join(format!(
        "{}-{}.tsv",
        now.replace(':', ""),
        cell(user).replace(['/', '\\', ' '], "_")
    ));
    let tsv = format!(
        "vi\tlang\trendering\tdecision\tby\tnote\n{}\t{}\t{}\t{}\t{}\t{}\n",
        cell(&form.vi),
        cell(&form.lang),
        cell(&form.rendering),
        cell(&form.decision),
        cell(user),
        cell(&form.note)
    );
    crate::channel::write_if_changed(&file, tsv.as_bytes())
        .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let applied = crate::qa::decisions::apply(&file, &folder, &now[..10.min(now.len())])
        .map_err(|e| (StatusCode::UNPROCESSABLE_ENTITY, e))?;
    if !applied.changes.is_empty() {
        app.reload_terms();
        let detail =
            applied.changes.iter().map(|c| format!("{}: {:?} → {}", c.location, c.before, c.after)).collect::<Vec<_>>();
        let _ = app.store.audit(user, "glossary", &form.vi, &detail.join("; "));
    }
    Ok(applied)
}

pub async fn decision(State(app): State<Arc<App>>, headers: HeaderMap, Form(form): Form<DecisionForm>) -> Response {
    let (caller, lang) = match require(&app, &headers, |c| c.role.can_review()) {
        Ok(found) => found,
        Err(response) => return response,
    };
    if let Err(response) = check_csrf(&app, lang, &caller, &form.csrf) {
        return response;
    }
    let user = caller.user.clone();
    match app.blocking(move |app| decide(app, &form, &user)).await {
        Ok(Ok(applied)) => {
            let status = if applied.changes.is_empty() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
            let mut page = render(&app, "decided.html", lang, Some(&caller), context! { applied });
            *page.status_mut() = status;
            page
        }
        Ok(Err((status, message))) => {
            let message = if message.starts_with("serve-") { message_in(lang, &message, &[]) } else { message };
            error_page(&app, lang, Some(&caller), status, &message)
        }
        Err(f) => f.into_response(),
    }
}
