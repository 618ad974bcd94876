//! The JSON API: the same review, publishing and adding as the pages, for scripts (`Authorization: Bearer` with a
//! token from `dich users token`) and for the browser (session cookie plus the `X-CSRF-Token` header on writes).
//! Described by the OpenAPI 3.1 document at `/api/openapi.json`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use super::review::{self, EditError, SegmentEdit};
use super::session::{self, Caller};
use super::{App, Failure};
use crate::i18n::{message_in, UiLanguage};

/// A JSON error: `{"error": message}` in the request's language.
fn error(status: StatusCode, lang: UiLanguage, id: &str) -> Response {
    (status, Json(json!({ "error": message_in(lang, id, &[]) }))).into_response()
}

fn error_text(status: StatusCode, message: String) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

/// The caller allowed to do this, or 401 (no valid credentials) / 403 (wrong role, or a write from a session
/// without its CSRF header).
fn require(
    app: &App,
    headers: &HeaderMap,
    write: bool,
    allowed: impl Fn(&Caller) -> bool,
) -> Result<(Caller, UiLanguage), Response> {
    let lang = session::ui_language(headers);
    let Some(caller) = session::caller(app, headers) else {
        let mut response = error(StatusCode::UNAUTHORIZED, lang, "serve-unauthorized");
        response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        return Err(response);
    };
    if !allowed(&caller) {
        return Err(error(StatusCode::FORBIDDEN, lang, "serve-forbidden-api"));
    }
    let csrf = headers.get("x-csrf-token").and_then(|v| v.to_str().ok());
    if write && !caller.csrf_ok(csrf) {
        return Err(error(StatusCode::FORBIDDEN, lang, "serve-csrf"));
    }
    Ok((caller, lang))
}

macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(response) => return response,
        }
    };
}

fn done<T: serde::Serialize>(result: Result<Result<T, crate::store::StoreError>, Failure>) -> Response {
    match result {
        Ok(Ok(value)) => Json(value).into_response(),
        Ok(Err(e)) => Failure::from(e).into_response(),
        Err(f) => f.into_response(),
    }
}

/// `GET /healthz`: 200 when the store answers, from the moment the server listens; says whether the term bases
/// are loaded yet.
pub async fn healthz(State(app): State<Arc<App>>) -> Response {
    let terms = if app.terms_ready() { "ready" } else { "loading" };
    match app.blocking(|app| app.store.schema_version()).await {
        Ok(Ok(version)) => Json(json!({ "status": "ok", "schema": version, "terms": terms })).into_response(),
        _ => (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "store unavailable" }))).into_response(),
    }
}

/// `GET /readyz`: 200 when the store answers and the term bases are loaded, so that every page answers at once;
/// 503 before.
pub async fn readyz(State(app): State<Arc<App>>) -> Response {
    if !app.terms_ready() {
        return (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "loading term bases" }))).into_response();
    }
    healthz(State(app)).await
}

pub async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], include_str!("openapi.json")).into_response()
}

pub async fn queue(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    tri!(require(&app, &headers, false, |_| true));
    done(app.blocking(|app| review::queue(&*app.store, &app.settings)).await)
}

pub async fn article(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((article, language)): Path<(String, String)>,
) -> Response {
    let (_, lang) = tri!(require(&app, &headers, false, |c| c.role.can_review()));
    match app
        .blocking(move |app| {
            review::article_view(&*app.store, &app.settings, &app.terms(), &app.near_matches, &article, &language)
        })
        .await
    {
        Ok(Ok(Some(view))) => Json(view).into_response(),
        Ok(Ok(None)) => error(StatusCode::NOT_FOUND, lang, "serve-not-found"),
        Ok(Err(e)) => Failure::from(e).into_response(),
        Err(f) => f.into_response(),
    }
}

#[derive(Deserialize)]
pub struct SegmentBody {
    target: String,
    #[serde(default)]
    approve: bool,
}

pub async fn save_segment(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((article, language, segment)): Path<(String, String, String)>,
    Json(body): Json<SegmentBody>,
) -> Response {
    let (caller, lang) = tri!(require(&app, &headers, true, |c| c.role.can_review()));
    let user = caller.user.clone();
    let saved = app
        .blocking(move |app| {
            let edit = SegmentEdit {
                article: &article,
                language: &language,
                segment: &segment,
                text: &body.target,
                approve: body.approve,
                user: &user,
                now: app.clock.now_rfc3339(),
            };
            review::save_segment(&*app.store, &app.settings, &app.terms(), &app.near_matches, &edit)
        })
        .await;
    match saved {
        Ok(Ok(saved)) => Json(saved).into_response(),
        Ok(Err(EditError::NotFound)) => error(StatusCode::NOT_FOUND, lang, "serve-not-found"),
        Ok(Err(EditError::Empty)) => error(StatusCode::UNPROCESSABLE_ENTITY, lang, "serve-empty-target"),
        Ok(Err(EditError::Store(detail))) => Failure::internal(detail).into_response(),
        Err(f) => f.into_response(),
    }
}

fn outcome(
    lang: UiLanguage,
    result: Result<Result<super::pages::RunOutcome, (StatusCode, String)>, Failure>,
) -> Response {
    match result {
        Ok(Ok(outcome)) => Json(outcome).into_response(),
        Ok(Err((status, message))) if message.starts_with("serve-") => error(status, lang, &message),
        Ok(Err((status, message))) => error_text(status, message),
        Err(f) => f.into_response(),
    }
}

pub async fn publish(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((article, language)): Path<(String, String)>,
) -> Response {
    let (caller, lang) = tri!(require(&app, &headers, true, |c| c.role.can_review()));
    let user = caller.user.clone();
    outcome(lang, app.blocking(move |app| super::pages::publish_article(app, &article, &language, &user)).await)
}

#[derive(Deserialize)]
pub struct AddQuery {
    name: Option<String>,
}

/// `POST /api/articles?name=<file name>`: the body is the article file (plain text, Markdown, HTML or ninjs).
pub async fn add_article(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(query): Query<AddQuery>,
    body: Bytes,
) -> Response {
    let (caller, lang) = tri!(require(&app, &headers, true, |c| c.role.can_edit()));
    let Some(name) = query.name else { return error(StatusCode::UNPROCESSABLE_ENTITY, lang, "serve-bad-file-name") };
    let user = caller.user.clone();
    outcome(lang, app.blocking(move |app| super::pages::add_article(app, &name, &body, &user)).await)
}

pub async fn runs(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    tri!(require(&app, &headers, false, |_| true));
    done(app.blocking(super::pages::run_rows).await)
}

pub async fn audit(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    tri!(require(&app, &headers, false, |c| c.role == super::users::Role::Admin));
    done(app.blocking(|app| app.store.audit_log(500)).await)
}

/// `GET /api/deliveries`: the webhook delivery log, newest first (desks, editors, admins).
pub async fn deliveries(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    use super::users::Role;
    tri!(require(&app, &headers, false, |c| matches!(c.role, Role::Desk | Role::Editor | Role::Admin)));
    done(app.blocking(|app| app.store.deliveries(500)).await)
}

/// `POST /api/runs`: starts a batch run over the configured inputs (editors); 202, its steps at
/// `/api/runs/events`.
pub async fn start_run(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let (caller, _) = tri!(require(&app, &headers, true, |c| c.role.can_edit()));
    app.start_batch(&caller.user);
    (StatusCode::ACCEPTED, Json(json!({ "started": true }))).into_response()
}

/// `GET /api/runs/events`: server-sent events, one `progress` event per step of every run from now on (JSON:
/// run, done, total, article, status, ended).
pub async fn run_events(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    use axum::response::sse::{Event, KeepAlive, Sse};
    use tokio::sync::broadcast::error::RecvError;
    tri!(require(&app, &headers, false, |_| true));
    let steps = futures_util::stream::unfold(app.live(), |mut steps| async move {
        loop {
            match steps.recv().await {
                Ok(step) => {
                    let event = Event::default().event("progress").json_data(&step).unwrap_or_default();
                    return Some((Ok::<_, std::convert::Infallible>(event), steps));
                }
                // A watcher too slow for a step skips it: the next one says where the run is.
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(steps).keep_alive(KeepAlive::default()).into_response()
}
