//! The HTML pages: server-rendered from minijinja templates (auto-escaped: every template is `.html`), every word
//! from Fluent, no external resource, usable without JavaScript (one small script adds Ctrl+Enter).

use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use minijinja::value::Kwargs;
use minijinja::{context, Environment, State as TemplateState, Value};
use serde::Deserialize;

use super::review::{self, EditError, SegmentEdit};
use super::session::{self, Caller, LANG_COOKIE, LOGIN_CSRF_COOKIE, SESSION_COOKIE};
use super::users::random_hex;
use super::{App, Failure};
use crate::i18n::{message_in, FluentValue, UiLanguage};

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("templates/base.html")),
    ("login.html", include_str!("templates/login.html")),
    ("queue.html", include_str!("templates/queue.html")),
    ("article.html", include_str!("templates/article.html")),
    ("result.html", include_str!("templates/result.html")),
    ("new_article.html", include_str!("templates/new_article.html")),
    ("runs.html", include_str!("templates/runs.html")),
    ("error.html", include_str!("templates/error.html")),
    ("glossary.html", include_str!("templates/glossary.html")),
    ("decided.html", include_str!("templates/decided.html")),
];

/// The template environment: templates compiled in, `t(id, …)` for Fluent messages in the request's language.
pub fn templates() -> Environment<'static> {
    let mut env = Environment::new();
    for (name, source) in TEMPLATES {
        env.add_template(name, source).expect("templates compile (checked by a test)");
    }
    env.add_function("t", |state: &TemplateState, id: String, kwargs: Kwargs| -> Result<String, minijinja::Error> {
        let lang = state.lookup("ui_lang").and_then(|v| v.as_str().map(UiLanguage::from_tag));
        let mut args: Vec<(String, FluentValue<'static>)> = Vec::new();
        for key in kwargs.args() {
            let value: Value = kwargs.get(key)?;
            let fluent = match value.as_i64() {
                Some(n) => FluentValue::from(n),
                None => FluentValue::from(value.to_string()),
            };
            args.push((key.to_string(), fluent));
        }
        let args: Vec<(&str, FluentValue<'_>)> = args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        Ok(message_in(lang.unwrap_or(UiLanguage::English), &id, &args))
    });
    env
}

/// Renders `name` with `ctx` and what every page needs (language, caller, CSRF token).
pub(super) fn render(app: &App, name: &str, lang: UiLanguage, caller: Option<&Caller>, ctx: Value) -> Response {
    render_status(app, StatusCode::OK, name, lang, caller, ctx)
}

fn render_status(
    app: &App,
    status: StatusCode,
    name: &str,
    lang: UiLanguage,
    caller: Option<&Caller>,
    ctx: Value,
) -> Response {
    let full = context! {
        ui_lang => lang.code(),
        user => caller.map(|c| c.user.clone()),
        role => caller.map(|c| c.role.as_str()),
        can_review => caller.is_some_and(|c| c.role.can_review()),
        can_edit => caller.is_some_and(|c| c.role.can_edit()),
        csrf => caller.and_then(|c| c.csrf.clone()),
        ..ctx
    };
    match app.templates.get_template(name).and_then(|t| t.render(full)) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => Failure::internal(e.to_string()).into_response(),
    }
}

/// An error page in the request's language.
pub(super) fn error_page(
    app: &App,
    lang: UiLanguage,
    caller: Option<&Caller>,
    status: StatusCode,
    message: &str,
) -> Response {
    render_status(app, status, "error.html", lang, caller, context! { message => message, status => status.as_u16() })
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        super::text(self.status, self.message)
    }
}

/// The caller, or the response to send instead: the login page for a person without a session, 403 for a role
/// that may not do this.
pub(super) fn require(
    app: &App,
    headers: &HeaderMap,
    allowed: impl Fn(&Caller) -> bool,
) -> Result<(Caller, UiLanguage), Response> {
    let lang = session::ui_language(headers);
    match session::caller(app, headers) {
        None => Err(Redirect::to("/login").into_response()),
        Some(caller) if !allowed(&caller) => {
            let message = message_in(lang, "serve-forbidden", &[("role", caller.role.as_str().into())]);
            Err(error_page(app, lang, Some(&caller), StatusCode::FORBIDDEN, &message))
        }
        Some(caller) => Ok((caller, lang)),
    }
}

/// Refuses a form whose CSRF token is not the session's.
pub(super) fn check_csrf(app: &App, lang: UiLanguage, caller: &Caller, token: &str) -> Result<(), Response> {
    if caller.csrf_ok(Some(token)) {
        Ok(())
    } else {
        let message = message_in(lang, "serve-csrf", &[]);
        Err(error_page(app, lang, Some(caller), StatusCode::FORBIDDEN, &message))
    }
}

macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(response) => return response,
        }
    };
}

#[derive(Deserialize)]
pub struct LangQuery {
    lang: Option<String>,
}

pub async fn login_page(State(app): State<Arc<App>>, headers: HeaderMap, Query(q): Query<LangQuery>) -> Response {
    let token = random_hex(16);
    let mut lang = session::ui_language(&headers);
    let mut response_headers = HeaderMap::new();
    response_headers.append(header::SET_COOKIE, session::set_cookie(LOGIN_CSRF_COOKIE, &token, Some(3600)));
    if let Some(chosen) = q.lang.as_deref().filter(|l| matches!(*l, "vi" | "en")) {
        lang = UiLanguage::from_tag(chosen);
        response_headers.append(header::SET_COOKIE, session::set_cookie(LANG_COOKIE, chosen, Some(365 * 86400)));
    }
    if q.lang.is_some() && session::caller(&app, &headers).is_some() {
        // A language chosen while logged in: back to the desk in that language.
        return (response_headers, Redirect::to("/")).into_response();
    }
    let no_users = app.users().map(|u| u.is_empty()).unwrap_or(false);
    let users_file = app.users_path().display().to_string();
    let page = render(&app, "login.html", lang, None, context! { login_csrf => token, no_users, users_file });
    (response_headers, page).into_response()
}

#[derive(Deserialize)]
pub struct LoginForm {
    name: String,
    password: String,
    #[serde(default)]
    csrf: String,
}

pub async fn login(State(app): State<Arc<App>>, headers: HeaderMap, Form(form): Form<LoginForm>) -> Response {
    let lang = session::ui_language(&headers);
    let expected = session::cookie(&headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || !super::users::constant_time_eq(expected.as_bytes(), form.csrf.as_bytes()) {
        return error_page(&app, lang, None, StatusCode::FORBIDDEN, &message_in(lang, "serve-csrf", &[]));
    }
    let name = form.name.trim().to_string();
    // argon2 is slow on purpose: off the async threads, a few at a time.
    let Ok(_turn) = app.password_checks.acquire().await else {
        return Failure::internal("password checks closed").into_response();
    };
    let checked = app
        .blocking(move |app| {
            let users = app.users()?;
            Ok::<_, String>(users.check_password(&name, &form.password).map(|u| (u.name.clone(), u.role)))
        })
        .await;
    match checked {
        Ok(Ok(Some((user, role)))) => {
            let cookie = app.sessions.start(&user, role);
            tracing::info!(%user, role = role.as_str(), "logged in");
            let mut headers = HeaderMap::new();
            headers.append(
                header::SET_COOKIE,
                session::set_cookie(SESSION_COOKIE, &cookie, Some(session::session_max_age())),
            );
            headers.append(header::SET_COOKIE, session::set_cookie(LOGIN_CSRF_COOKIE, "", Some(0)));
            (headers, Redirect::to("/")).into_response()
        }
        Ok(Ok(None)) => {
            tracing::warn!("a login failed");
            let token = random_hex(16);
            let cookie = session::set_cookie(LOGIN_CSRF_COOKIE, &token, Some(3600));
            let message = message_in(lang, "serve-login-failed", &[]);
            let page = render_status(
                &app,
                StatusCode::UNAUTHORIZED,
                "login.html",
                lang,
                None,
                context! { login_csrf => token, failed => message },
            );
            ([(header::SET_COOKIE, cookie)], page).into_response()
        }
        Ok(Err(detail)) => Failure::internal(detail).into_response(),
        Err(failure) => failure.into_response(),
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn logout(State(app): State<Arc<App>>, headers: HeaderMap, Form(form): Form<CsrfForm>) -> Response {
    let (caller, lang) = tri!(require(&app, &headers, |_| true));
    tri!(check_csrf(&app, lang, &caller, &form.csrf));
    if let Some(cookie) = session::cookie(&headers, SESSION_COOKIE) {
        app.sessions.end(&cookie);
    }
    ([(header::SET_COOKIE, session::set_cookie(SESSION_COOKIE, "", Some(0)))], Redirect::to("/login")).into_response()
}

pub async fn queue_page(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let (caller, lang) = tri!(require(&app, &headers, |_| true));
    let items = app.blocking(|app| review::queue(&*app.store, &app.settings)).await;
    let items = match items {
        Ok(Ok(items)) => items,
        Ok(Err(e)) => return Failure::from(e).into_response(),
        Err(f) => return f.into_response(),
    };
    let feeds = super::feeds::feed_channels(&app.settings);
    render(&app, "queue.html", lang, Some(&caller), context! { items, feeds })
}

#[derive(Deserialize)]
pub struct ArticleQuery {
    focus: Option<String>,
    saved: Option<String>,
}

pub async fn article_page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((article, language)): Path<(String, String)>,
    Query(q): Query<ArticleQuery>,
) -> Response {
    let (caller, lang) = tri!(require(&app, &headers, |c| c.role.can_review()));
    let view = app
        .blocking(move |app| {
            review::article_view(&*app.store, &app.settings, &app.terms(), &app.near_matches, &article, &language)
        })
        .await;
    let view = match view {
        Ok(Ok(Some(view))) => view,
        Ok(Ok(None)) => {
            return error_page(
                &app,
                lang,
                Some(&caller),
                StatusCode::NOT_FOUND,
                &message_in(lang, "serve-not-found", &[]),
            )
        }
        Ok(Err(e)) => return Failure::from(e).into_response(),
        Err(f) => return f.into_response(),
    };
    // The box to start in: the one asked for, else the first segment not approved.
    let focus = q
        .focus
        .filter(|f| view.segments.iter().any(|s| &s.id == f))
        .or_else(|| view.segments.iter().find(|s| s.state != "approved").map(|s| s.id.clone()));
    render(&app, "article.html", lang, Some(&caller), context! { view, focus, saved => q.saved })
}

#[derive(Deserialize)]
pub struct SegmentForm {
    #[serde(default)]
    csrf: String,
    target: String,
    /// "approve" or "save".
    #[serde(default)]
    action: String,
}

pub async fn save_segment(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((article, language, segment)): Path<(String, String, String)>,
    Form(form): Form<SegmentForm>,
) -> Response {
    let (caller, lang) = tri!(require(&app, &headers, |c| c.role.can_review()));
    tri!(check_csrf(&app, lang, &caller, &form.csrf));
    let approve = form.action == "approve";
    let user = caller.user.clone();
    let (a, l, s) = (article.clone(), language.clone(), segment.clone());
    let saved = app
        .blocking(move |app| {
            let edit = SegmentEdit {
                article: &a,
                language: &l,
                segment: &s,
                text: &form.target,
                approve,
                user: &user,
                now: app.clock.now_rfc3339(),
            };
            let saved = review::save_segment(&*app.store, &app.settings, &app.terms(), &app.near_matches, &edit)?;
            // The next segment still to approve, for the keyboard flow.
            let next = review::next_to_approve(&*app.store, &app.settings, &a, &l, &s)
                .map_err(|e| EditError::Store(e.to_string()))?;
            Ok::<_, EditError>((saved, next))
        })
        .await;
    match saved {
        Ok(Ok((saved, next))) => {
            tracing::info!(user = %caller.user, %article, %language, %segment, state = saved.state, "segment saved");
            let focus = if approve { next.unwrap_or_else(|| segment.clone()) } else { segment.clone() };
            // No #fragment: a page opened at a fragment gets no autofocus, and the box to type in is the point.
            Redirect::to(&format!("/review/{article}/{language}?saved={segment}&focus={focus}")).into_response()
        }
        Ok(Err(e)) => {
            let (status, id) = match e {
                EditError::NotFound => (StatusCode::NOT_FOUND, "serve-not-found"),
                EditError::Empty => (StatusCode::UNPROCESSABLE_ENTITY, "serve-empty-target"),
                EditError::Store(detail) => return Failure::internal(detail).into_response(),
            };
            error_page(&app, lang, Some(&caller), status, &message_in(lang, id, &[]))
        }
        Err(f) => f.into_response(),
    }
}

/// What publishing an article or adding one did, for the result page and the API.
#[derive(Debug, serde::Serialize)]
pub struct RunOutcome {
    pub run: i64,
    pub article: String,
    pub status: String,
    pub reason: Option<String>,
    pub outputs: Vec<String>,
}

/// Publishes `article`: refused unless every segment is approved in `language`; then a run of that article
/// alone, which checks it (QA) and writes its channels.
pub fn publish_article(
    app: &App,
    article: &str,
    language: &str,
    user: &str,
) -> Result<RunOutcome, (StatusCode, String)> {
    let view = review::article_view(&*app.store, &app.settings, &app.terms(), &app.near_matches, article, language)
        .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
        .ok_or_else(|| (StatusCode::NOT_FOUND, "serve-not-found".to_string()))?;
    if !view.complete {
        return Err((StatusCode::CONFLICT, "serve-publish-incomplete".to_string()));
    }
    let source = app
        .store
        .article_source(article)
        .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
        .ok_or_else(|| (StatusCode::NOT_FOUND, "serve-not-found".to_string()))?;
    let outcome = run_one(app, PathBuf::from(source), article)?;
    let _ = app.store.audit(user, "publish", &format!("{article}/{language}"), &outcome.status);
    Ok(outcome)
}

/// Runs the pipeline on one article file and reports what became of `article`.
pub fn run_one(app: &App, file: PathBuf, article: &str) -> Result<RunOutcome, (StatusCode, String)> {
    let summary = app.run_files(vec![file]).map_err(|e| (StatusCode::CONFLICT, e.to_string()))?;
    let report = summary.articles.iter().find(|r| r.id == article).or(summary.articles.first());
    Ok(RunOutcome {
        run: summary.run,
        article: report.map(|r| r.id.clone()).unwrap_or_else(|| article.to_string()),
        status: report.map(|r| r.status.as_str().to_string()).unwrap_or_default(),
        reason: report.and_then(|r| r.reason.clone()),
        outputs: report.map(|r| r.targets.iter().flat_map(|t| t.outputs.clone()).collect()).unwrap_or_default(),
    })
}

pub async fn publish(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((article, language)): Path<(String, String)>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let (caller, lang) = tri!(require(&app, &headers, |c| c.role.can_review()));
    tri!(check_csrf(&app, lang, &caller, &form.csrf));
    let user = caller.user.clone();
    let result = app.blocking(move |app| publish_article(app, &article, &language, &user)).await;
    result_page(&app, lang, &caller, result)
}

fn result_page(
    app: &App,
    lang: UiLanguage,
    caller: &Caller,
    result: Result<Result<RunOutcome, (StatusCode, String)>, Failure>,
) -> Response {
    match result {
        Ok(Ok(outcome)) => {
            let feeds = super::feeds::feed_channels(&app.settings);
            render(app, "result.html", lang, Some(caller), context! { outcome, feeds })
        }
        Ok(Err((status, message))) => {
            let message = if message.starts_with("serve-") { message_in(lang, &message, &[]) } else { message };
            error_page(app, lang, Some(caller), status, &message)
        }
        Err(f) => f.into_response(),
    }
}

pub async fn new_article_page(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let (caller, lang) = tri!(require(&app, &headers, |c| c.role.can_edit()));
    render(&app, "new_article.html", lang, Some(&caller), context! {})
}

#[derive(Deserialize)]
pub struct ArticleForm {
    #[serde(default)]
    csrf: String,
    name: String,
    text: String,
}

/// Saves an added article under `<output_dir>/incoming/` (a safe file name of the given one) and runs it.
pub fn add_article(app: &App, name: &str, bytes: &[u8], user: &str) -> Result<RunOutcome, (StatusCode, String)> {
    let file_name =
        safe_file_name(name).ok_or((StatusCode::UNPROCESSABLE_ENTITY, "serve-bad-file-name".to_string()))?;
    let dir = app.settings.output_dir.join(crate::pipeline::INCOMING_DIR);
    let path = dir.join(&file_name);
    crate::channel::write_if_changed(&path, bytes).map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let id = crate::article::article_id(&file_name);
    let _ = app.store.audit(user, "add", &id, &file_name);
    run_one(app, path, &id)
}

/// The file name part of `name` when it is a plain name with an article extension ("bai-1.html").
fn safe_file_name(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next()?.trim();
    let ok = !base.is_empty()
        && !base.starts_with('.')
        && base.len() <= 120
        && base.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'));
    let extension = base.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    (ok && crate::pipeline::ARTICLE_EXTENSIONS.contains(&extension.as_str())).then(|| base.to_string())
}

pub async fn add_article_page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Form(form): Form<ArticleForm>,
) -> Response {
    let (caller, lang) = tri!(require(&app, &headers, |c| c.role.can_edit()));
    tri!(check_csrf(&app, lang, &caller, &form.csrf));
    let user = caller.user.clone();
    let result = app.blocking(move |app| add_article(app, &form.name, form.text.as_bytes(), &user)).await;
    result_page(&app, lang, &caller, result)
}

pub async fn runs_page(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let (caller, lang) = tri!(require(&app, &headers, |_| true));
    let runs = match app.blocking(run_rows).await {
        Ok(Ok(runs)) => runs,
        Ok(Err(e)) => return Failure::from(e).into_response(),
        Err(f) => return f.into_response(),
    };
    render(&app, "runs.html", lang, Some(&caller), context! { runs })
}

/// A run of the history, with the totals of its summary.
#[derive(Debug, serde::Serialize)]
pub struct RunRow {
    pub id: i64,
    pub started: String,
    pub finished: Option<String>,
    pub status: String,
    pub totals: Option<serde_json::Value>,
}

pub fn run_rows(app: &App) -> Result<Vec<RunRow>, crate::store::StoreError> {
    Ok(app
        .store
        .runs(50)?
        .into_iter()
        .map(|r| RunRow {
            id: r.id,
            started: r.started,
            finished: r.finished,
            status: r.status,
            totals: r
                .summary_json
                .as_deref()
                .and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok())
                .and_then(|v| v.get("totals").cloned()),
        })
        .collect())
}

pub async fn start_run(State(app): State<Arc<App>>, headers: HeaderMap, Form(form): Form<CsrfForm>) -> Response {
    let (caller, lang) = tri!(require(&app, &headers, |c| c.role.can_edit()));
    tri!(check_csrf(&app, lang, &caller, &form.csrf));
    // The run goes on after the response; the history shows it running (live with JavaScript), then its summary.
    app.start_batch(&caller.user);
    Redirect::to("/runs").into_response()
}

pub async fn static_file(Path(file): Path<String>) -> Response {
    match file.as_str() {
        "style.css" => {
            ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], include_str!("templates/style.css")).into_response()
        }
        "review.js" => {
            ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], include_str!("templates/review.js"))
                .into_response()
        }
        "runs.js" => ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], include_str!("templates/runs.js"))
            .into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_compiles() {
        let env = templates();
        for (name, _) in TEMPLATES {
            assert!(env.get_template(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn added_file_names_are_plain_article_names() {
        assert_eq!(safe_file_name("bai-1.html").as_deref(), Some("bai-1.html"));
        assert_eq!(safe_file_name("C:\\x\\bài viết.md"), None);
        assert_eq!(safe_file_name("../../etc/passwd"), None);
        assert_eq!(safe_file_name("x.exe"), None);
        assert_eq!(safe_file_name(".hidden.md"), None);
        assert_eq!(safe_file_name("dir/tin-moi.txt").as_deref(), Some("tin-moi.txt"));
    }
}
