//! `dich serve` over real HTTP (reqwest) and in a real browser (Debian Chromium through chromedriver, the
//! W3C WebDriver protocol): review, approval, publishing, feeds, roles, CSRF, escaping, and a run going on
//! beside the desk. Screenshots of each page go to target/serve-screenshots/ for review.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use dich::config::Settings;
use dich::serve::users::{Role, Users};
use dich::serve::webhooks::{signature, Webhooks};
use dich::serve::App;
use dich::store::{MemoryStore, Store, TmState};
use reqwest::blocking::Client;
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::run::{clock, run, settings};

const HELD: &str = "khanh-hoa-huu-nghi";
const PASSWORD: &str = "mật-khẩu-đủ-dài";

/// A desk on the basic fixture after one run (one article published, one held back), with users lan
/// (translator), ed (editor), desk (desk) and an API token for ed and for desk.
struct Desk {
    base: String,
    out: tempfile::TempDir,
    settings: Settings,
    editor_token: String,
    desk_token: String,
}

fn desk_settings(out: &Path) -> Settings {
    let mut settings = settings("basic", out);
    // Glossary decisions write to the term bases: a copy of the shipped ones, never the repository's.
    let glossary = out.join("glossary");
    std::fs::create_dir_all(&glossary).unwrap();
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("glossary")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), glossary.join(entry.file_name())).unwrap();
    }
    settings.glossary = vec![glossary];
    // The translations typed below are not real English: QA reports them as warnings only.
    settings.qa = dich::qa::QaSettings::all(dich::qa::Severity::Warning);
    settings
}

fn start() -> Desk {
    let out = tempfile::tempdir().unwrap();
    let settings = desk_settings(out.path());
    start_with(out, settings, |_| None)
}

/// A desk over `settings` (in `out`), its webhooks' secrets looked up through `secret`.
fn start_with(out: tempfile::TempDir, settings: Settings, secret: impl Fn(&str) -> Option<String>) -> Desk {
    drop(run(&settings));
    serve_desk(out, settings, secret)
}

/// The users and the server of a desk whose run is done.
fn serve_desk(out: tempfile::TempDir, settings: Settings, secret: impl Fn(&str) -> Option<String>) -> Desk {
    let users_path = out.path().join("users.toml");
    let mut users = Users::default();
    users.set("lan", Role::Translator, PASSWORD).unwrap();
    users.set("ed", Role::Editor, PASSWORD).unwrap();
    users.set("desk", Role::Desk, PASSWORD).unwrap();
    let editor_token = users.new_token("ed", "2026-11-28T09:00:00Z").unwrap();
    let desk_token = users.new_token("desk", "2026-11-28T09:00:00Z").unwrap();
    users.save(&users_path).unwrap();
    let webhooks = Webhooks::from_settings(&settings, secret).unwrap();
    let base = serve(&settings, users_path, webhooks);
    Desk { base, out, settings, editor_token, desk_token }
}

/// Starts `dich serve` on a free loopback port in a thread of its own; returns its base URL.
fn serve(settings: &Settings, users_path: PathBuf, webhooks: Option<Webhooks>) -> String {
    let store = dich::store::open_store(&settings.store_path).unwrap();
    let app = Arc::new(App::new(settings.clone(), store, clock(), users_path).with_webhooks(webhooks));
    let (tx, rx) = std::sync::mpsc::channel::<SocketAddr>();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
        runtime.block_on(dich::serve::serve(app, addr, move |bound| tx.send(bound).unwrap())).unwrap();
    });
    format!("http://{}", rx.recv_timeout(Duration::from_secs(30)).expect("the server starts"))
}

fn client() -> Client {
    Client::builder().cookie_store(true).timeout(Duration::from_secs(120)).build().unwrap()
}

/// The value of the first hidden `csrf` input of a page.
fn csrf_of(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("the page has a CSRF field") + 19;
    html[at..].split('"').next().unwrap().to_string()
}

/// A browser-like session of `name`, logged in through the login form.
fn login(base: &str, name: &str) -> Client {
    let client = client();
    let page = client.get(format!("{base}/login")).send().unwrap().text().unwrap();
    let response = client
        .post(format!("{base}/login"))
        .form(&[("name", name), ("password", PASSWORD), ("csrf", &csrf_of(&page))])
        .send()
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{name} logs in");
    client
}

fn segment_ids(client: &Client, base: &str) -> Vec<(String, String)> {
    let view: Value = client.get(format!("{base}/api/review/{HELD}/en")).send().unwrap().json().unwrap();
    view["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap().to_string(), s["source"].as_str().unwrap().to_string()))
        .collect()
}

fn english(source: &str) -> String {
    format!("[EN] {source}")
}

/// Newsroom-scale term bases take seconds to load (more in a debug build), longer than a service manager or a
/// probe waits: the desk listens and answers `/healthz` at once, `/readyz` only when the terms are in. A FIFO
/// among the term bases holds their load until the test writes it; before, the desk did not listen at all.
#[test]
fn the_desk_answers_health_checks_while_its_term_bases_load_and_is_ready_after() {
    let out = tempfile::tempdir().unwrap();
    let mut settings = desk_settings(out.path());
    drop(run(&settings));
    let late = out.path().join("late-terms.tsv");
    let made = std::process::Command::new("mkfifo").arg(&late).status().expect("mkfifo (coreutils) runs");
    assert!(made.success());
    settings.glossary.push(late.clone());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || drop(tx.send(serve_desk(out, settings, |_| None))));
    let desk = rx.recv_timeout(Duration::from_secs(60)).expect("the desk listens while its term bases load");
    let base = &desk.base;
    let anonymous = client();
    let health = anonymous.get(format!("{base}/healthz")).send().unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(health.json::<Value>().unwrap()["terms"], "loading");
    assert_eq!(anonymous.get(format!("{base}/readyz")).send().unwrap().status(), StatusCode::SERVICE_UNAVAILABLE);

    // A page that needs the terms waits for them, then shows the late term base's row too.
    let ed = login(base, "ed");
    let page = {
        let (base, ed) = (base.clone(), ed.clone());
        std::thread::spawn(move || {
            ed.get(format!("{base}/glossary?q=T%E1%BB%95%20c%C3%B4ng%20t%C3%A1c%20bi%C3%AAn%20t%E1%BA%ADp"))
                .send()
                .unwrap()
                .text()
                .unwrap()
        })
    };
    std::fs::write(&late, "vi\ten\tkind\tstatus\nTổ công tác biên tập\tEditorial Task Force\torganization\tapproved\n")
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while anonymous.get(format!("{base}/readyz")).send().unwrap().status() != StatusCode::OK {
        assert!(Instant::now() < deadline, "the desk became ready once its term bases were read");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(anonymous.get(format!("{base}/healthz")).send().unwrap().json::<Value>().unwrap()["terms"], "ready");
    let page = page.join().unwrap();
    assert!(page.contains("Editorial Task Force"), "{page}");
}

#[test]
fn a_translator_approves_every_segment_in_the_browser_forms_and_publishes() {
    let desk = start();
    let base = &desk.base;
    let lan = login(base, "lan");

    // The queue lists the held-back article with all its segments left.
    let queue = lan.get(format!("{base}/")).send().unwrap().text().unwrap();
    assert!(queue.contains(&format!("/review/{HELD}/en")), "{queue}");
    let segments = segment_ids(&lan, base);
    assert!(segments.len() > 3);
    assert!(queue.contains(&format!("0 of {}", segments.len())) || queue.contains(&format!("{} of", segments.len())));

    // The review page marks glossary terms with their house rendering.
    let page = lan.get(format!("{base}/review/{HELD}/en")).send().unwrap().text().unwrap();
    assert!(page.contains("<mark class=\"term\""), "terms are marked");
    let csrf = csrf_of(&page);

    // A form without its CSRF token is refused and saves nothing.
    let (first, first_source) = &segments[0];
    let refused = lan
        .post(format!("{base}/review/{HELD}/en/{first}"))
        .form(&[("target", "forged"), ("action", "approve")])
        .send()
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let store = Store::open(&desk.settings.store_path).unwrap();
    assert!(store.tm_exact("vi", "en", first_source).unwrap().is_none(), "nothing saved without the token");

    // The desks' feed before: the held-back article is not in it, and the feed is now cached (the channel's
    // folder made older than the cache's settling time).
    let web = std::fs::File::open(desk.out.path().join("web-en")).unwrap();
    web.set_modified(std::time::SystemTime::now() - Duration::from_secs(60)).unwrap();
    let before = client().get(format!("{base}/feeds/web-en.atom")).send().unwrap().text().unwrap();
    assert!(before.contains("lam-dong-doi-ngoai") && !before.contains(HELD), "{before}");

    // Publishing before every segment is approved is refused.
    let early = lan.post(format!("{base}/review/{HELD}/en/publish")).form(&[("csrf", csrf.as_str())]).send().unwrap();
    assert_eq!(early.status(), StatusCode::CONFLICT);

    // Save one unapproved, then approve all.
    let saved = lan
        .post(format!("{base}/review/{HELD}/en/{first}"))
        .form(&[("target", "draft"), ("action", "save"), ("csrf", &csrf)])
        .send()
        .unwrap();
    assert_eq!(saved.status(), StatusCode::OK);
    assert_eq!(store.tm_exact("vi", "en", first_source).unwrap().unwrap().state, TmState::Translated);
    for (id, source) in &segments {
        let response = lan
            .post(format!("{base}/review/{HELD}/en/{id}"))
            .form(&[("target", english(source).as_str()), ("action", "approve"), ("csrf", &csrf)])
            .send()
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
    let entry = store.tm_exact("vi", "en", first_source).unwrap().unwrap();
    assert_eq!((entry.state, entry.provenance.as_str()), (TmState::Approved, "user:lan"), "who approved is kept");

    let published =
        lan.post(format!("{base}/review/{HELD}/en/publish")).form(&[("csrf", csrf.as_str())]).send().unwrap();
    assert_eq!(published.status(), StatusCode::OK);
    let page = published.text().unwrap();
    assert!(page.contains("class=\"outcome published\""), "{page}");
    assert!(desk.out.path().join(format!("web-en/{HELD}.en.md")).exists());
    // The batch's report stays; the one-article run's report is apart.
    assert!(std::fs::read_to_string(desk.out.path().join("run-summary.json")).unwrap().contains("lam-dong-doi-ngoai"));

    // The desks' feeds list it, without a login.
    let atom = client().get(format!("{base}/feeds/web-en.atom")).send().unwrap();
    assert_eq!(atom.headers()["content-type"], "application/atom+xml; charset=utf-8");
    let atom = atom.text().unwrap();
    assert!(atom.contains(&format!("urn:dich:web-en:{HELD}:en")), "{atom}");
    let feed: Value = client().get(format!("{base}/feeds/web-en.json")).send().unwrap().json().unwrap();
    let item = feed["items"].as_array().unwrap().iter().find(|i| i["id"].as_str().unwrap().contains(HELD)).unwrap();
    assert!(item["title"].as_str().unwrap().starts_with("[EN] "), "the approved English headline: {item}");
    let file = item["url"].as_str().unwrap();
    assert_eq!(client().get(file).send().unwrap().status(), StatusCode::OK);
    assert_eq!(
        client().get(format!("{base}/files/web-en/..%2Fdich.sqlite")).send().unwrap().status(),
        StatusCode::NOT_FOUND
    );

    // The queue is empty now, and the audit log names the translator.
    let queue: Value = lan.get(format!("{base}/api/queue")).send().unwrap().json().unwrap();
    assert_eq!(queue, json!([]));
    let audit = store.audit_log(100).unwrap();
    assert!(audit.iter().any(|a| a.user == "lan" && a.action == "publish"), "{audit:?}");
}

#[test]
fn a_feed_reader_sending_its_validators_back_gets_304_until_the_channel_changes() {
    let desk = start();
    let base = &desk.base;
    let folder = desk.out.path().join("web-en");
    let age = |path: &Path, seconds: u64| {
        let file = std::fs::File::options().read(true).write(!path.is_dir()).open(path).unwrap();
        file.set_modified(std::time::SystemTime::now() - Duration::from_secs(seconds)).unwrap();
    };
    for file in std::fs::read_dir(&folder).unwrap() {
        age(&file.unwrap().path(), 120);
    }
    age(&folder, 60);
    let url = format!("{base}/feeds/web-en.atom");
    let first = client().get(&url).send().unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let etag = first.headers()["etag"].to_str().unwrap().to_string();
    let modified = first.headers()["last-modified"].to_str().unwrap().to_string();
    assert!(etag.starts_with('"') && modified.ends_with(" GMT"), "{etag} {modified}");
    let body = first.text().unwrap();
    assert!(body.contains("lam-dong-doi-ngoai"), "{body}");

    let poll = |name: &str, value: &str| client().get(&url).header(name, value).send().unwrap();
    let again = poll("if-none-match", &etag);
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
    assert!(again.text().unwrap().is_empty(), "a 304 has no body");
    assert_eq!(poll("if-none-match", &format!("\"other\", W/{etag}")).status(), StatusCode::NOT_MODIFIED);
    assert_eq!(poll("if-none-match", "\"other\"").status(), StatusCode::OK);
    assert_eq!(poll("if-modified-since", &modified).status(), StatusCode::NOT_MODIFIED);
    assert_eq!(poll("if-modified-since", "Mon, 01 Jan 2024 00:00:00 GMT").status(), StatusCode::OK);
    // The JSON feed is another representation, with a tag of its own.
    let json = client().get(format!("{base}/feeds/web-en.json")).send().unwrap();
    assert_ne!(json.headers()["etag"].to_str().unwrap(), etag);

    // An article's files leave the channel (withdrawn): the newest entry is unchanged, yet both validators say
    // the feed changed.
    for file in std::fs::read_dir(&folder).unwrap() {
        let path = file.unwrap().path();
        if path.file_name().unwrap().to_string_lossy().starts_with("lam-dong-doi-ngoai.") {
            std::fs::remove_file(path).unwrap();
        }
    }
    age(&folder, 10);
    let changed = poll("if-none-match", &etag);
    assert_eq!(changed.status(), StatusCode::OK);
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), etag);
    assert!(!changed.text().unwrap().contains("lam-dong-doi-ngoai"));
    assert_eq!(poll("if-modified-since", &modified).status(), StatusCode::OK);
}

#[test]
fn credentials_and_roles_are_checked_on_every_path() {
    let desk = start();
    let base = &desk.base;
    let anonymous = client();
    assert_eq!(anonymous.get(format!("{base}/healthz")).send().unwrap().status(), StatusCode::OK);
    let openapi: Value = anonymous.get(format!("{base}/api/openapi.json")).send().unwrap().json().unwrap();
    for path in
        ["/healthz", "/feeds/{channel}.atom", "/feeds/{channel}.json", "/api/articles", "/login", "/api/deliveries"]
    {
        assert!(openapi["paths"].get(path).is_some(), "{path} is described");
    }
    let unauthorized = anonymous.post(format!("{base}/api/articles?name=x.txt")).body("Tin.").send().unwrap();
    assert_eq!(unauthorized.status(), StatusCode::UNAUTHORIZED);
    assert!(unauthorized.headers().contains_key("www-authenticate"));
    let wrong = anonymous
        .post(format!("{base}/api/articles?name=x.txt"))
        .bearer_auth("dich_not-a-token")
        .body("Tin.")
        .send()
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.get(format!("{base}/api/queue")).send().unwrap().status(), StatusCode::UNAUTHORIZED);
    // A page without a session goes to the login.
    let page = anonymous.get(format!("{base}/review/{HELD}/en")).send().unwrap();
    assert!(page.url().path().ends_with("/login"));

    // A desk may read, not review or add.
    let desk_client = client();
    let token = &desk.desk_token;
    let view = desk_client.get(format!("{base}/api/review/{HELD}/en")).bearer_auth(token).send().unwrap();
    assert_eq!(view.status(), StatusCode::FORBIDDEN);
    let add =
        desk_client.post(format!("{base}/api/articles?name=x.txt")).bearer_auth(token).body("Tin.").send().unwrap();
    assert_eq!(add.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        desk_client.get(format!("{base}/api/queue")).bearer_auth(token).send().unwrap().status(),
        StatusCode::OK
    );
    let desk_session = login(base, "desk");
    assert_eq!(desk_session.get(format!("{base}/review/{HELD}/en")).send().unwrap().status(), StatusCode::FORBIDDEN);

    // A translator may not add articles; a session's API write needs its CSRF header.
    let lan = login(base, "lan");
    assert_eq!(lan.get(format!("{base}/articles/new")).send().unwrap().status(), StatusCode::FORBIDDEN);
    let (segment, _) = segment_ids(&lan, base).remove(0);
    let no_header = lan
        .post(format!("{base}/api/review/{HELD}/en/{segment}"))
        .json(&json!({"target": "x", "approve": true}))
        .send()
        .unwrap();
    assert_eq!(no_header.status(), StatusCode::FORBIDDEN);

    // Wrong passwords are refused with 401 and no session.
    let stranger = client();
    let page = stranger.get(format!("{base}/login")).send().unwrap().text().unwrap();
    let failed = stranger
        .post(format!("{base}/login"))
        .form(&[("name", "lan"), ("password", "wrong password"), ("csrf", &csrf_of(&page))])
        .send()
        .unwrap();
    assert_eq!(failed.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(stranger.get(format!("{base}/api/queue")).send().unwrap().status(), StatusCode::UNAUTHORIZED);

    // An editor's token adds an article; a bad file name is refused.
    let editor = client();
    let bad = editor
        .post(format!("{base}/api/articles?name=../../etc/passwd"))
        .bearer_auth(&desk.editor_token)
        .body("x")
        .send()
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let added = editor
        .post(format!("{base}/api/articles?name=tin-moi.txt"))
        .bearer_auth(&desk.editor_token)
        .body("Tin mới\n\nỦy ban nhân dân tỉnh họp sáng nay.\n")
        .send()
        .unwrap();
    assert_eq!(added.status(), StatusCode::OK);
    let outcome: Value = added.json().unwrap();
    assert_eq!(outcome["article"], "tin-moi");
    assert!(desk.out.path().join("incoming/tin-moi.txt").is_file());
}

#[test]
fn an_article_carrying_markup_is_shown_as_text() {
    let desk = start();
    let base = &desk.base;
    let hostile = "Tin <script>alert(\"x\")</script>\n\nĐoạn <img src=x onerror=alert(1)> có \"ngoặc\" & dấu.\n";
    let added = client()
        .post(format!("{base}/api/articles?name=tin-doc.txt"))
        .bearer_auth(&desk.editor_token)
        .body(hostile)
        .send()
        .unwrap();
    assert_eq!(added.status(), StatusCode::OK);
    let lan = login(base, "lan");
    let page = lan.get(format!("{base}/review/tin-doc/en")).send().unwrap();
    let csp = page.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    let page = page.text().unwrap();
    assert!(page.contains("&lt;script&gt;"), "{page}");
    assert!(!page.contains("<script>alert") && !page.contains("<img src=x"), "{page}");
}

#[test]
fn an_editor_decides_a_glossary_finding_and_the_term_base_changes() {
    let desk = start();
    let base = &desk.base;
    let ed = login(base, "ed");
    let page = ed.get(format!("{base}/glossary?kind=normalization-twins")).send().unwrap().text().unwrap();
    assert!(page.contains("class=\"finding"), "findings are listed");
    assert!(page.contains("glossary/") && page.contains(".tsv:"), "both rows with file:line");
    // The search ignores tone-mark style: the old style finds the entry written in the new one.
    let found = ed.get(format!("{base}/glossary?q=Uỷ ban nhân dân")).send().unwrap().text().unwrap();
    assert!(found.contains("People&#x27;s Committee") || found.contains("People's Committee"), "{found}");

    let csrf = csrf_of(&page);
    let places = desk.out.path().join("glossary/places.tsv");
    let before = std::fs::read_to_string(&places).unwrap();
    let decided = ed
        .post(format!("{base}/glossary/decisions"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("vi", "Khánh Hòa"),
            ("lang", "en"),
            ("rendering", "Khanh Hoa Province"),
            ("decision", "approve"),
            ("note", "house style test"),
        ])
        .send()
        .unwrap();
    assert_eq!(decided.status(), StatusCode::OK);
    let html = decided.text().unwrap();
    assert!(html.contains("id=\"diff\"") && html.contains("Khanh Hoa Province"), "{html}");
    let after = std::fs::read_to_string(&places).unwrap();
    assert_ne!(before, after);
    let row = after.lines().find(|l| l.starts_with("Khánh Hòa\t")).unwrap();
    assert!(row.contains("Khanh Hoa Province") && row.contains("ed"), "the row names the reviewer: {row}");
    assert_eq!(
        before.lines().filter(|l| !l.starts_with("Khánh Hòa\t")).collect::<Vec<_>>(),
        after.lines().filter(|l| !l.starts_with("Khánh Hòa\t")).collect::<Vec<_>>(),
        "every other row stays"
    );
    let decisions: Vec<_> = std::fs::read_dir(desk.out.path().join("decisions")).unwrap().collect();
    assert_eq!(decisions.len(), 1, "the decision is kept as a file");
    let store = Store::open(&desk.settings.store_path).unwrap();
    assert!(store.audit_log(10).unwrap().iter().any(|a| a.user == "ed" && a.action == "glossary"));
    // The desk uses the new rendering at once: the review page shows it.
    let lan = login(base, "lan");
    let review = lan.get(format!("{base}/review/{HELD}/en")).send().unwrap().text().unwrap();
    assert!(review.contains("Khanh Hoa Province"), "the reloaded term bases");

    // A decision without its token changes nothing; a desk may not decide.
    let forged = ed
        .post(format!("{base}/glossary/decisions"))
        .form(&[("vi", "Khánh Hòa"), ("lang", "en"), ("rendering", "Forged"), ("decision", "approve")])
        .send()
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert!(!std::fs::read_to_string(&places).unwrap().contains("Forged"));
    assert_eq!(login(base, "desk").get(format!("{base}/glossary")).send().unwrap().status(), StatusCode::FORBIDDEN);
}

/// Runs going on while a translator saves: every save is answered and stays in the memory as saved (approved,
/// by that translator), whatever the runs store at the same time.
#[test]
fn saves_during_runs_on_the_same_store_are_all_kept() {
    let desk = start();
    let base = desk.base.clone();
    let settings = desk.settings.clone();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let runner = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut runs = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                drop(run(&settings));
                runs += 1;
            }
            runs
        })
    };
    let lan = login(&base, "lan");
    let page = lan.get(format!("{base}/review/{HELD}/en")).send().unwrap().text().unwrap();
    let csrf = csrf_of(&page);
    let segments = segment_ids(&lan, &base);
    for round in 0..3 {
        for (id, source) in &segments {
            let text = format!("{} ({round})", english(source));
            let saved = lan
                .post(format!("{base}/review/{HELD}/en/{id}"))
                .form(&[("target", text.as_str()), ("action", "approve"), ("csrf", csrf.as_str())])
                .send()
                .unwrap();
            assert_eq!(saved.status(), StatusCode::OK, "round {round}, {id}");
        }
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let runs = runner.join().unwrap();
    assert!(runs >= 1);
    let store = Store::open(&desk.settings.store_path).unwrap();
    for (_, source) in &segments {
        let entry = store.tm_exact("vi", "en", source).unwrap().unwrap();
        assert_eq!(entry.target, format!("{} (2)", english(source)), "the last save stays");
        assert_eq!((entry.state, entry.provenance.as_str()), (TmState::Approved, "user:lan"));
    }
    let audited = store.audit_log(1000).unwrap().iter().filter(|a| a.action == "segment").count();
    assert_eq!(audited, segments.len() * 3, "every save recorded");
}

/// A translator's approval saved while a run goes on is what the next run uses, even over a machine
/// translation the store already held for the segment (before the fix, the stored machine output won).
#[test]
fn an_approval_is_never_replaced_by_a_stored_machine_translation() {
    let out = tempfile::tempdir().unwrap();
    let settings = desk_settings(out.path());
    let (_, store) = run(&settings);
    let segments = store.load_segments(HELD).unwrap();
    // Machine output stored for every segment, as an engine of an earlier run would have left it.
    for segment in &segments {
        let machine = dich::engine::Translation {
            segment_id: segment.id.clone(),
            text: format!("machine {}", segment.text),
            origin: dich::engine::Origin::Machine { engine: "fake".into() },
        };
        store.save_target(HELD, "en", &machine).unwrap();
    }
    let terms = dich::pipeline::Terminology::load(&settings.glossary);
    for segment in &segments {
        let edit = dich::serve::review::SegmentEdit {
            article: HELD,
            language: "en",
            segment: &segment.id,
            text: &english(&segment.text),
            approve: true,
            user: "lan",
            now: "2026-11-28T10:00:00Z".into(),
        };
        dich::serve::review::save_segment(&*store, &settings, &terms, &Default::default(), &edit).unwrap();
    }
    drop(store);
    let (summary, store) = run(&settings);
    assert_eq!(super::run::article(&summary, HELD).status, dich::pipeline::summary::ArticleStatus::Published);
    let targets = store.load_targets(HELD, "en").unwrap();
    for segment in &segments {
        assert_eq!(targets[&segment.id].text, english(&segment.text));
        assert_eq!(targets[&segment.id].origin.state(), TmState::Approved);
    }
    let markdown = std::fs::read_to_string(out.path().join(format!("web-en/{HELD}.en.md"))).unwrap();
    assert!(!markdown.contains("machine "), "{markdown}");
}

/// The review page's near-matches are kept between loads; a save near a segment's text, and a write by another
/// process, each show on the next load (a cache that ignored either would show what the memory no longer is).
#[test]
fn near_matches_follow_saves_and_other_processes() {
    use dich::serve::review::{article_view, save_segment, NearMatches, SegmentEdit};
    let out = tempfile::tempdir().unwrap();
    let article = out.path().join("khach-lao.md");
    std::fs::write(
        &article,
        "# Khánh Hòa đón khách\n\nTỉnh Khánh Hòa tiếp đoàn đại biểu tỉnh Chăm-pa-sắc của Lào sang thăm và làm việc.\n\n\
         Tỉnh Khánh Hòa tiếp đoàn đại biểu tỉnh Xiêm Riệp của Campuchia sang thăm và làm việc.\n",
    )
    .unwrap();
    let settings = desk_settings(out.path()).with_inputs(vec![article]);
    let (_, store) = run(&settings);
    let terms = dich::pipeline::Terminology::load(&settings.glossary);
    let near = NearMatches::default();
    let view = |near: &NearMatches| article_view(&*store, &settings, &terms, near, "khach-lao", "en").unwrap().unwrap();
    let suggested = |near: &NearMatches, index: usize| -> Vec<String> {
        view(near).segments[index].suggestions.iter().map(|s| s.target.clone()).collect()
    };
    let segments = view(&near).segments;
    let (lao, cambodia) = (1, 2);
    assert!(segments[lao].source.contains("Lào") && segments[cambodia].source.contains("Campuchia"));
    assert_eq!(suggested(&near, cambodia), Vec::<String>::new());

    // A translator saves the Lao sentence: it is near the Cambodian one, whose suggestions now offer it.
    let edit = SegmentEdit {
        article: "khach-lao",
        language: "en",
        segment: &segments[lao].id,
        text: "Khanh Hoa receives a delegation of Champasak province, Laos.",
        approve: false,
        user: "lan",
        now: "2026-12-04T10:00:00Z".into(),
    };
    save_segment(&*store, &settings, &terms, &near, &edit).unwrap();
    assert_eq!(suggested(&near, cambodia), ["Khanh Hoa receives a delegation of Champasak province, Laos."]);

    // Another process (a `dich import`, a worker) writes a nearer translation: the next load shows it.
    let elsewhere = Store::open(&settings.store_path).unwrap();
    elsewhere
        .tm_put(&dich::store::TmEntry {
            source_lang: "vi".into(),
            target_lang: "en".into(),
            source: segments[cambodia].source.replace("Xiêm Riệp", "Băt-đom-boong"),
            target: "Khanh Hoa receives a delegation of Battambang province, Cambodia.".into(),
            state: TmState::Approved,
            provenance: "import:other.tmx".into(),
            created: "2026-12-04T10:01:00Z".into(),
            updated: "2026-12-04T10:01:00Z".into(),
        })
        .unwrap();
    assert_eq!(
        suggested(&near, cambodia).first().map(String::as_str),
        Some("Khanh Hoa receives a delegation of Battambang province, Cambodia.")
    );
}

// ---------------------------------------------------------------------------------------------------------
// The browser.

/// chromedriver on a free port, and one headless Chromium session through it.
struct Browser {
    driver: std::process::Child,
    http: Client,
    session: String,
    url: String,
    shots: PathBuf,
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Browser {
    fn start(profile: &Path, shots: &str) -> Browser {
        let chromedriver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
            .iter()
            .map(PathBuf::from)
            .find(|p| p.is_file())
            .expect("chromedriver is missing: scripts/test.sh installs it (Debian package chromium-driver)");
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let driver = std::process::Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let url = format!("http://127.0.0.1:{port}");
        let http = Client::builder().timeout(Duration::from_secs(120)).build().unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while http.get(format!("{url}/status")).send().is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "prefs": { "intl.accept_languages": "vi,en" },
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1100,1400", "--lang=vi", format!("--user-data-dir={}", profile.display())]
            }
        }}});
        let started: Value = http.post(format!("{url}/session")).json(&capabilities).send().unwrap().json().unwrap();
        let session = started["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("{started}")).to_string();
        let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/serve-screenshots").join(shots);
        std::fs::create_dir_all(&shots).unwrap();
        Browser { driver, http, session, url, shots }
    }

    fn command(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}{path}", self.url, self.session);
        let request = self.http.request(method.clone(), url);
        let request = if method == reqwest::Method::GET { request } else { request.json(&body) };
        let response: Value = request.send().unwrap().json().unwrap();
        if let Some(error) = response["value"]["error"].as_str() {
            panic!("WebDriver {path}: {error}: {}", response["value"]["message"]);
        }
        response["value"].clone()
    }

    fn go(&self, url: &str) {
        self.command(reqwest::Method::POST, "/url", json!({ "url": url }));
    }

    fn find(&self, css: &str) -> String {
        let found = self.command(reqwest::Method::POST, "/element", json!({"using": "css selector", "value": css}));
        found[ELEMENT].as_str().unwrap_or_else(|| panic!("{css}: {found}")).to_string()
    }

    fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css);
        self.command(reqwest::Method::POST, &format!("/element/{element}/clear"), json!({}));
        self.command(reqwest::Method::POST, &format!("/element/{element}/value"), json!({ "text": text }));
    }

    fn click(&self, css: &str) {
        let element = self.find(css);
        self.command(reqwest::Method::POST, &format!("/element/{element}/click"), json!({}));
    }

    fn source(&self) -> String {
        self.command(reqwest::Method::GET, "/source", Value::Null).as_str().unwrap().to_string()
    }

    fn current_url(&self) -> String {
        self.command(reqwest::Method::GET, "/url", Value::Null).as_str().unwrap().to_string()
    }

    fn script(&self, script: &str) -> Value {
        self.command(reqwest::Method::POST, "/execute/sync", json!({ "script": script, "args": [] }))
    }

    /// Waits until the page's URL contains `part` (a form submitted, a redirect followed).
    fn wait_for_url(&self, part: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !self.current_url().contains(part) {
            assert!(Instant::now() < deadline, "the browser never reached {part}: {}", self.current_url());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn screenshot(&self, name: &str) {
        use base64::Engine as _;
        let png = self.command(reqwest::Method::GET, "/screenshot", Value::Null);
        let bytes = base64::engine::general_purpose::STANDARD.decode(png.as_str().unwrap()).unwrap();
        std::fs::write(self.shots.join(format!("{name}.png")), bytes).unwrap();
    }

    fn login(&self, base: &str, name: &str) {
        self.go(&format!("{base}/login"));
        self.type_into("#name", name);
        self.type_into("#password", PASSWORD);
        self.click("#login");
        let deadline = Instant::now() + Duration::from_secs(60);
        while self.current_url().ends_with("/login") {
            assert!(Instant::now() < deadline, "{name} never got past the login page");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.http.delete(format!("{}/session/{}", self.url, self.session)).send();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

#[test]
fn in_chromium_a_translator_approves_with_the_keyboard_publishes_and_the_feed_lists_it() {
    let desk = start();
    let base = &desk.base;
    let profile = tempfile::tempdir().unwrap();
    let browser = Browser::start(profile.path(), "translator");
    browser.login(base, "lan");
    let queue = browser.source();
    assert!(queue.contains("Bài đang giữ lại"), "the page speaks the browser's language (vi)");
    browser.screenshot("1-queue");
    browser.click(&format!("a[href='/review/{HELD}/en']"));
    browser.wait_for_url(&format!("/review/{HELD}/en"));
    browser.screenshot("2-review");

    // Every segment: type the translation and press Ctrl+Enter; the page comes back at the next segment.
    let segments = segment_ids(&login(base, "lan"), base);
    for (id, source) in &segments {
        let focused = browser.script(
            "return document.activeElement.closest('li') && document.activeElement.closest('li').dataset.segment",
        );
        assert_eq!(focused.as_str(), Some(id.as_str()), "the box to fill has the focus");
        let text = format!("{}\u{E009}\u{E007}\u{E000}", english(source));
        let element = browser.find(&format!("#s-{id} textarea"));
        browser.command(reqwest::Method::POST, &format!("/element/{element}/clear"), json!({}));
        browser.command(reqwest::Method::POST, &format!("/element/{element}/value"), json!({ "text": text }));
        browser.wait_for_url(&format!("saved={id}"));
    }
    let page = browser.source();
    assert!(page.contains(&format!("{} / {}", segments.len(), segments.len())), "all approved");
    browser.screenshot("3-approved");
    browser.click("#publish");
    browser.wait_for_url("/publish");
    let result = browser.source();
    assert!(result.contains("class=\"outcome published\""), "{result}");
    browser.screenshot("4-published");

    browser.go(&format!("{base}/feeds/web-en.atom"));
    assert!(browser.source().contains(&format!("urn:dich:web-en:{HELD}:en")));
}

#[test]
fn in_chromium_a_forged_form_a_wrong_role_and_markup_are_refused_or_escaped() {
    let desk = start();
    let base = &desk.base;
    let hostile =
        "Tin <script>document.title='owned'</script>\n\nĐoạn <img src=x onerror=\"document.title='owned'\">.\n";
    let added = client()
        .post(format!("{base}/api/articles?name=tin-doc.txt"))
        .bearer_auth(&desk.editor_token)
        .body(hostile)
        .send()
        .unwrap();
    assert_eq!(added.status(), StatusCode::OK);

    let profile = tempfile::tempdir().unwrap();
    let browser = Browser::start(profile.path(), "refusals");
    browser.login(base, "lan");
    browser.go(&format!("{base}/review/tin-doc/en"));
    assert_ne!(browser.script("return document.title").as_str(), Some("owned"));
    assert_eq!(browser.script("return document.querySelectorAll('script').length"), json!(1), "only review.js");
    assert_eq!(browser.script("return document.querySelectorAll('img').length"), json!(0));
    browser.screenshot("1-markup-escaped");

    // The same form with its CSRF field taken out is refused.
    browser.script("var f = document.querySelector('form.edit'); f.querySelector('input[name=csrf]').remove(); f.querySelector('button.approve').click();");
    std::thread::sleep(Duration::from_millis(500));
    let refused = browser.source();
    assert!(refused.contains("CSRF"), "{refused}");
    browser.screenshot("2-csrf-refused");

    // An editor resolves a finding in the browser and the term base changes.
    let profile = tempfile::tempdir().unwrap();
    let editor = Browser::start(profile.path(), "editor");
    editor.login(base, "ed");
    editor.go(&format!("{base}/glossary?kind=normalization-twins"));
    editor.screenshot("1-glossary");
    editor.type_into("section.finding form.decide input[name=rendering]", "Browser Decided Rendering");
    editor.click("section.finding form.decide button");
    editor.wait_for_url("/glossary/decisions");
    assert!(editor.source().contains("Browser Decided Rendering"), "the diff is shown");
    editor.screenshot("2-decided");
    let changed = std::fs::read_dir(desk.out.path().join("glossary"))
        .unwrap()
        .any(|f| std::fs::read_to_string(f.unwrap().path()).unwrap().contains("Browser Decided Rendering"));
    assert!(changed, "the term base holds the decision");

    // A desk user cannot open the review page.
    let profile = tempfile::tempdir().unwrap();
    let desk_browser = Browser::start(profile.path(), "desk");
    desk_browser.login(base, "desk");
    desk_browser.go(&format!("{base}/review/{HELD}/en"));
    let page = desk_browser.source();
    assert!(page.contains("403") && page.contains("desk"), "{page}");
    desk_browser.screenshot("1-wrong-role");
}

/// What a desk's webhook receiver got: the path, the delivery id, the signature header and the body.
type Received = Arc<std::sync::Mutex<Vec<(String, String, String, Vec<u8>)>>>;

/// A desk's webhook receiver on a free port: `/desk` answers the statuses of `script` in turn, then 200;
/// `/gone` always answers 410. Returns its base URL and what it received.
fn receiver(script: Vec<u16>) -> (String, Received) {
    use axum::http::{HeaderMap, StatusCode as Status};
    let received: Received = Arc::default();
    let script = Arc::new(std::sync::Mutex::new(std::collections::VecDeque::from(script)));
    let log = received.clone();
    let (tx, rx) = std::sync::mpsc::channel::<SocketAddr>();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async move {
            let answer = move |path: axum::extract::Path<String>, headers: HeaderMap, body: axum::body::Bytes| {
                let (log, script) = (log.clone(), script.clone());
                async move {
                    let header = |name: &str| headers.get(name).map(|v| v.to_str().unwrap().to_string());
                    let delivery = header("x-dich-delivery").unwrap_or_default();
                    log.lock().unwrap().push((
                        path.0.clone(),
                        delivery,
                        header("x-dich-signature-256").unwrap_or_default(),
                        body.to_vec(),
                    ));
                    let status = match path.0.as_str() {
                        "gone" => 410,
                        _ => script.lock().unwrap().pop_front().unwrap_or(200),
                    };
                    Status::from_u16(status).unwrap()
                }
            };
            let app = axum::Router::new().route("/{path}", axum::routing::post(answer));
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    (format!("http://{}", rx.recv().unwrap()), received)
}

/// Waits up to 60 s for the delivery log to satisfy `done`; returns the log.
fn deliveries_until(desk: &Desk, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let log: Value = client()
            .get(format!("{}/api/deliveries", desk.base))
            .bearer_auth(&desk.desk_token)
            .send()
            .unwrap()
            .json()
            .unwrap();
        let log = log.as_array().unwrap().clone();
        if done(&log) {
            return log;
        }
        assert!(Instant::now() < deadline, "deliveries not done in time: {log:#?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn desks_get_each_item_pushed_signed_retried_and_logged() {
    const SECRET: &str = "khóa bí mật của bàn tin";
    // The desk is down for the first attempt (503), then takes everything; another desk has gone away (410).
    let (url, received) = receiver(vec![503]);
    let out = tempfile::tempdir().unwrap();
    let mut settings = desk_settings(out.path());
    let webhook = |path: &str| dich::config::WebhookSettings {
        url: format!("{url}/{path}"),
        secret_env: "DICH_DESK_SECRET".into(),
        max_attempts: 4,
        first_retry: Duration::from_millis(50),
    };
    let web = settings.channels.iter_mut().find(|c| c.name == "web-en").unwrap();
    web.formats.push(dich::config::OutputFormat::Ninjs);
    web.webhook = Some(webhook("desk"));
    let mut agency = web.clone();
    agency.name = "agency-en".into();
    agency.webhook = Some(webhook("gone"));
    settings.channels.push(agency);

    // Without its secret in the environment a webhook is a setup error that names the channel and variable.
    let missing = Webhooks::from_settings(&settings, |_| None).err().unwrap();
    assert!(missing.contains("web-en") && missing.contains("DICH_DESK_SECRET"), "{missing}");

    let desk = start_with(out, settings, |name| (name == "DICH_DESK_SECRET").then(|| SECRET.to_string()));
    let published = "lam-dong-doi-ngoai";
    let log = deliveries_until(&desk, |log| {
        log.iter().any(|d| d["channel"] == "web-en" && d["status"] == "delivered")
            && log.iter().any(|d| d["channel"] == "agency-en" && d["status"] == "failed")
    });
    let to_desk = log.iter().find(|d| d["channel"] == "web-en").unwrap();
    assert_eq!((to_desk["article"].as_str(), to_desk["attempts"].as_u64()), (Some(published), Some(2)), "{log:#?}");
    assert_eq!(to_desk["last_status"], 200);
    let gone = log.iter().find(|d| d["channel"] == "agency-en").unwrap();
    assert_eq!((gone["attempts"].as_u64(), gone["last_status"].as_u64()), (Some(1), Some(410)), "not retried");

    // The body is the item file as published, signed with the channel's secret; a retry is the same delivery.
    let item = std::fs::read(desk.out.path().join(format!("web-en/{published}.en.ninjs.json"))).unwrap();
    let to_desk_requests: Vec<_> = received.lock().unwrap().iter().filter(|r| r.0 == "desk").cloned().collect();
    assert_eq!(to_desk_requests.len(), 2, "one failed attempt and one delivery");
    for (_, delivery, signed, body) in &to_desk_requests {
        assert_eq!(body, &item);
        assert_eq!(signed, &signature(SECRET.as_bytes(), &item));
        assert_eq!(delivery, &to_desk["id"].to_string());
    }
    assert_ne!(signature(b"another key", &item), to_desk_requests[0].2);

    // Only desks and editors read the log.
    let lan = login(&desk.base, "lan");
    assert_eq!(lan.get(format!("{}/api/deliveries", desk.base)).send().unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(
        client().get(format!("{}/api/deliveries", desk.base)).send().unwrap().status(),
        StatusCode::UNAUTHORIZED
    );

    // An article published in the browser is pushed too, once.
    let page = lan.get(format!("{}/review/{HELD}/en", desk.base)).send().unwrap().text().unwrap();
    let csrf = csrf_of(&page);
    for (id, source) in segment_ids(&lan, &desk.base) {
        let saved = lan
            .post(format!("{}/review/{HELD}/en/{id}", desk.base))
            .form(&[("target", english(&source).as_str()), ("action", "approve"), ("csrf", &csrf)])
            .send()
            .unwrap();
        assert_eq!(saved.status(), StatusCode::OK);
    }
    let done = lan.post(format!("{}/review/{HELD}/en/publish", desk.base)).form(&[("csrf", csrf.as_str())]).send();
    assert_eq!(done.unwrap().status(), StatusCode::OK);
    deliveries_until(&desk, |log| log.iter().any(|d| d["article"] == HELD && d["status"] == "delivered"));
    let held_item = std::fs::read(desk.out.path().join(format!("web-en/{HELD}.en.ninjs.json"))).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let pushed: Vec<_> =
        received.lock().unwrap().iter().filter(|r| r.0 == "desk" && r.3 == held_item).cloned().collect();
    assert_eq!(pushed.len(), 1, "pushed once");
}

#[test]
fn an_editor_starts_a_run_and_watches_it_live() {
    use std::io::BufRead;
    let desk = start();
    let base = &desk.base;
    // Server-sent events: subscribed once the answer's head is here.
    let events = Client::builder()
        .build()
        .unwrap()
        .get(format!("{base}/api/runs/events"))
        .bearer_auth(&desk.desk_token)
        .send()
        .unwrap();
    assert_eq!(events.status(), StatusCode::OK);
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    // A desk may watch but not start; an editor starts.
    let refused = client().post(format!("{base}/api/runs")).bearer_auth(&desk.desk_token).send().unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let started = client().post(format!("{base}/api/runs")).bearer_auth(&desk.editor_token).send().unwrap();
    assert_eq!(started.status(), StatusCode::ACCEPTED);

    let mut steps = Vec::new();
    for line in std::io::BufReader::new(events).lines() {
        let line = line.unwrap();
        if let Some(data) = line.strip_prefix("data:") {
            let step: Value = serde_json::from_str(data.trim()).unwrap();
            let ended = step["ended"].is_string();
            steps.push(step);
            if ended {
                break;
            }
        }
    }
    // The basic fixture's four inputs: a first step, one per input with what came of it, the end.
    let total = steps[0]["total"].as_u64().unwrap();
    assert_eq!((steps[0]["done"].as_u64(), total), (Some(0), 4), "{steps:#?}");
    assert_eq!(steps.len(), 6, "{steps:#?}");
    let statuses: Vec<&str> = steps[1..5].iter().map(|s| s["status"].as_str().unwrap()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == "failed").count(), 2, "{statuses:?}");
    assert!(statuses.contains(&"published") && statuses.contains(&"held_back"), "{statuses:?}");
    assert_eq!(steps[5]["ended"], "finished");
    let run = steps[5]["run"].as_i64().unwrap();
    // The run history has it, with its totals.
    let runs: Value =
        client().get(format!("{base}/api/runs")).bearer_auth(&desk.desk_token).send().unwrap().json().unwrap();
    let listed = runs.as_array().unwrap().iter().find(|r| r["id"] == run).unwrap();
    assert_eq!(listed["totals"]["articles"], 4, "{listed}");
}

#[test]
fn the_desk_works_on_a_shared_postgres_store() {
    let Some(url) = crate::support::postgres::fresh_database("desk_on_postgres") else { return };
    let out = tempfile::tempdir().unwrap();
    let settings = desk_settings(out.path()).with_store(PathBuf::from(&url));
    let env = dich::pipeline::RunEnv {
        store: dich::store::open_store(&settings.store_path).unwrap(),
        clock: clock(),
        cancel: Arc::new(std::sync::atomic::AtomicBool::new(false)),
        progress: Default::default(),
    };
    dich::pipeline::run(&settings, &env).unwrap();
    let users_path = out.path().join("users.toml");
    let mut users = Users::default();
    users.set("ed", Role::Editor, PASSWORD).unwrap();
    let token = users.new_token("ed", "2026-11-28T09:00:00Z").unwrap();
    users.save(&users_path).unwrap();
    let base = serve(&settings, users_path, None);
    let queue: Value = client().get(format!("{base}/api/queue")).bearer_auth(&token).send().unwrap().json().unwrap();
    assert!(queue.to_string().contains(HELD), "{queue}");
    let runs: Value = client().get(format!("{base}/api/runs")).bearer_auth(&token).send().unwrap().json().unwrap();
    assert_eq!(runs.as_array().map(Vec::len), Some(1), "{runs}");
    // A person's write goes to the shared store's audit log.
    let view: Value =
        client().get(format!("{base}/api/review/{HELD}/en")).bearer_auth(&token).send().unwrap().json().unwrap();
    assert!(!view["segments"].as_array().unwrap().is_empty());
}
