//! Engines over their wire protocols: local servers speaking each protocol with faults injected, Apertium APY
//! for real, and the routes' promises (nothing lost, nothing paid twice, keys never shown).

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use dich::config::Settings;
use dich::engine::registry::{build_engine, EngineTuning, NoGlossary, StaticGlossary};
use dich::engine::{LangPair, Origin};
use dich::pipeline::summary::EngineReport;
use dich::pipeline::{EngineStats, Route, RouteAnswer, RoutedEngine};
use serde_json::json;

use crate::support::apertium::Apy;
use crate::support::http_server::{FakeServer, Reply, Request};

const KEY: &str = "test-key-0123456789abcdef";

/// Settings with one engine `mt` described by `table` (the body of `[engines.mt]`).
fn settings(table: &str) -> Settings {
    let text = format!(
        "source = \"vi\"\ntargets = [\"en\"]\n[engines.mt]\n{table}\n[[routes]]\nto = \"en\"\nengines = [\"memory\", \"mt\"]\n"
    );
    Settings::parse(&text, Path::new("pipeline.toml")).unwrap_or_else(|e| panic!("{e}"))
}

/// A route vi→en over engine `mt` alone, with short backoffs.
fn route(table: &str) -> Route {
    std::env::set_var("DICH_TEST_KEY", KEY);
    let settings = settings(table);
    let engine = settings.engine("mt").unwrap();
    let built = build_engine(engine, Arc::new(NoGlossary)).unwrap_or_else(|e| panic!("{e}"));
    let routed =
        RoutedEngine::new(built, EngineTuning::for_kind(&engine.kind), true).with_backoff(Duration::from_millis(10));
    Route::new(LangPair::new("vi", "en"), vec![Arc::new(routed)], None)
}

fn translate(route: &Route, texts: &[&str]) -> (RouteAnswer, EngineReport, Vec<String>) {
    let sources: Vec<(String, String)> =
        texts.iter().enumerate().map(|(i, t)| (format!("s{i}"), t.to_string())).collect();
    let mut stats = EngineStats::default();
    let mut stored = Vec::new();
    let answer = route
        .translate(&sources, &[], &mut stats, &mut |_, t| {
            stored.push(t.segment_id.clone());
            Ok(())
        })
        .unwrap();
    let report = stats.into_reports().into_iter().next().unwrap_or_default();
    (answer, report, stored)
}

/// Nothing lost: every segment translated or flagged with a reason.
fn assert_accounted(answer: &RouteAnswer, count: usize) {
    for i in 0..count {
        let id = format!("s{i}");
        let translated = answer.translations.iter().any(|t| t.segment_id == id);
        assert!(translated ^ answer.flagged.contains_key(&id), "{id}: translated={translated}, {:?}", answer.flagged);
    }
}

/// DeepL's translate endpoint answering "EN:<text>" per text.
fn deepl_ok(request: &Request) -> Reply {
    let texts = request.json()["text"].as_array().unwrap().clone();
    let translations: Vec<_> = texts.iter().map(|t| json!({"text": format!("EN:{}", t.as_str().unwrap())})).collect();
    Reply::json(200, json!({"translations": translations}))
}

fn deepl_table(url: &str) -> String {
    format!("type = \"deepl\"\nurl = \"{url}\"\napi_key_env = \"DICH_TEST_KEY\"\nbatch_size = 2\nconcurrency = 2\n")
}

#[test]
fn deepl_speaks_v2_and_every_result_is_handed_over() {
    let server = FakeServer::start(deepl_ok);
    let (answer, report, stored) = translate(&route(&deepl_table(&server.url)), &["Xin chào.", "Cảm ơn.", "Tạm biệt."]);
    assert_accounted(&answer, 3);
    assert_eq!(answer.translations.len(), 3);
    assert_eq!(stored.len(), 3);
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "3 texts in batches of 2");
    let first = &requests[0];
    assert_eq!((first.method.as_str(), first.path.as_str()), ("POST", "/v2/translate"));
    assert_eq!(first.header("authorization"), Some(format!("DeepL-Auth-Key {KEY}").as_str()));
    assert_eq!(first.json()["target_lang"], "EN-US");
    assert_eq!(first.json()["source_lang"], "VI");
    assert!(first.json().get("tag_handling").is_none(), "no tag handling for Vietnamese");
    assert_eq!(report.requests, 2);
    assert_eq!(report.characters, "Xin chào.Cảm ơn.Tạm biệt.".chars().count());
    assert!(matches!(&answer.translations[0].origin, Origin::Machine { engine } if engine == "mt"));
}

#[test]
fn rate_limited_batches_wait_for_retry_after() {
    let calls = AtomicUsize::new(0);
    let server = FakeServer::start(move |request| {
        if calls.fetch_add(1, Ordering::SeqCst) == 0 {
            Reply::json(429, json!({"message": "Too many requests"})).with_header("Retry-After", "1")
        } else {
            deepl_ok(request)
        }
    });
    let started = Instant::now();
    let (answer, report, _) = translate(&route(&deepl_table(&server.url)), &["Một."]);
    assert!(started.elapsed() >= Duration::from_millis(950), "Retry-After honoured");
    assert_eq!(answer.translations.len(), 1);
    assert_eq!((report.requests, report.retries), (2, 1));
}

#[test]
fn deepl_quota_exceeded_takes_the_engine_out_and_flags_everything() {
    let server = FakeServer::start(|_| Reply::json(456, json!({"message": "Quota exceeded"})));
    let table = format!("{}concurrency = 1\n", deepl_table(&server.url).replace("concurrency = 2\n", ""));
    let (answer, report, _) = translate(&route(&table), &["Một.", "Hai.", "Ba.", "Bốn.", "Năm."]);
    assert_accounted(&answer, 5);
    assert!(answer.translations.is_empty());
    assert_eq!(server.requests().len(), 1, "456 is never retried and the engine is not called again");
    assert!(answer.flagged["s4"].contains("456"), "{}", answer.flagged["s4"]);
    assert!(report.out.as_deref().unwrap().contains("456"));
}

#[test]
fn server_errors_timeouts_and_resets_are_retried() {
    let calls = AtomicUsize::new(0);
    let server = FakeServer::start(move |request| match calls.fetch_add(1, Ordering::SeqCst) {
        0 => Reply::text(500, "internal"),
        1 => Reply::text(503, "unavailable"),
        2 => Reply::Drop,
        3 => Reply::After(Duration::from_secs(3), Box::new(deepl_ok(request))),
        _ => deepl_ok(request),
    });
    let table = format!("{}timeout_secs = 0.5\n", deepl_table(&server.url));
    let (answer, report, _) = translate(&route(&table), &["Một."]);
    assert_eq!(answer.translations.len(), 1, "{:?}", answer.flagged);
    assert_eq!((report.requests, report.retries), (5, 4));
}

#[test]
fn broken_answers_are_retried_then_flagged() {
    // Malformed JSON once, then a batch answered with one item too few, forever.
    let calls = AtomicUsize::new(0);
    let server = FakeServer::start(move |_| {
        if calls.fetch_add(1, Ordering::SeqCst) == 0 {
            Reply::text(200, "{\"translations\": [")
        } else {
            Reply::json(200, json!({"translations": [{"text": "only one"}]}))
        }
    });
    let table = format!("{}retries = 2\n", deepl_table(&server.url));
    let (answer, report, _) = translate(&route(&table), &["Một.", "Hai."]);
    assert_accounted(&answer, 2);
    assert!(answer.translations.is_empty());
    assert!(answer.flagged["s0"].contains("received 1"), "{}", answer.flagged["s0"]);
    assert_eq!((report.requests, report.retries, report.failures), (3, 2, 1));
}

#[test]
fn placeholders_dropped_or_doubled_are_flagged_not_used() {
    let server = FakeServer::start(|request| {
        let texts = request.json()["text"].as_array().unwrap().clone();
        let out: Vec<_> = texts
            .iter()
            .map(|t| {
                let t = t.as_str().unwrap();
                let text = if t.starts_with("Drop") {
                    t.replace("<x id=\"1\"/>", "")
                } else if t.starts_with("Double") {
                    t.replace("<x id=\"1\"/>", "<x id=\"1\"/><x id=\"1\"/>")
                } else {
                    t.to_string()
                };
                json!({"text": text})
            })
            .collect();
        Reply::json(200, json!({"translations": out}))
    });
    let texts = ["Keep <x id=\"1\"/> here.", "Drop <x id=\"1\"/> here.", "Double <x id=\"1\"/> here."];
    let (answer, report, _) = translate(&route(&deepl_table(&server.url)), &texts);
    assert_accounted(&answer, 3);
    assert_eq!(answer.translations.len(), 1);
    assert!(answer.flagged["s1"].contains("missing"), "{}", answer.flagged["s1"]);
    assert!(answer.flagged["s2"].contains("more often"), "{}", answer.flagged["s2"]);
    assert_eq!(report.flagged, 2);
}

#[test]
fn keys_echoed_by_a_server_never_reach_messages() {
    let server = FakeServer::start(|request| {
        let echoed = format!("bad request from {}", request.header("authorization").unwrap_or(""));
        Reply::json(400, json!({"message": echoed}))
    });
    let (answer, report, _) = translate(&route(&deepl_table(&server.url)), &["Một."]);
    let reason = &answer.flagged["s0"];
    assert!(!reason.contains(KEY), "{reason}");
    assert!(reason.contains("[redacted]"), "{reason}");
    assert!(!format!("{report:?}").contains(KEY));
}

#[test]
fn a_key_echoed_where_the_message_is_cut_is_redacted_whole() {
    // The key straddles the 300th character, where error bodies are cut.
    let server = FakeServer::start(|_| Reply::text(400, &format!("{}{KEY}{}", "x".repeat(290), "y".repeat(200))));
    let (answer, report, _) = translate(&route(&deepl_table(&server.url)), &["Một."]);
    let reason = &answer.flagged["s0"];
    assert!(!reason.contains(&KEY[..8]) && !reason.contains(&KEY[KEY.len() - 8..]), "{reason}");
    assert!(reason.contains("[redacted]"), "{reason}");
    assert!(!format!("{report:?}").contains(&KEY[..8]));
}

#[test]
fn trace_logging_never_shows_the_key() {
    let server = FakeServer::start(deepl_ok);
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("pipeline.toml");
    let table = deepl_table(&server.url);
    std::fs::write(&config, format!("source = \"vi\"\ntargets = [\"en\"]\n[engines.mt]\n{table}")).unwrap();
    let output = assert_cmd::Command::cargo_bin("dich")
        .unwrap()
        .args(["--config", config.to_str().unwrap(), "translate", "--engine", "mt", "--from", "vi", "--to", "en"])
        .env("DICH_TEST_KEY", KEY)
        .env("DICH_LOG", "trace")
        .write_stdin("Xin chào.")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let logged = [output.stdout, output.stderr].concat();
    let text = String::from_utf8_lossy(&logged);
    for piece in KEY.as_bytes().chunks(6) {
        let piece = std::str::from_utf8(piece).unwrap();
        assert!(!text.contains(piece), "part of the key ({piece}) in the log:\n{text}");
    }
    // HTTP stacks dump requests as hex in groups ("7465 7374"), split over lines: join every group and look.
    let groups: String = text
        .split_whitespace()
        .filter(|w| w.len() == 4 && w.chars().all(|c| c.is_ascii_hexdigit()))
        .collect::<Vec<_>>()
        .concat()
        .to_lowercase();
    let hex: String = KEY.bytes().map(|b| format!("{b:02x}")).collect();
    assert!(!groups.contains(&hex[..12]), "the key as hex in the log:\n{text}");
}

/// A whole run against a server that echoes the key back in long error bodies, at trace level: the key is in no
/// file the run writes (outputs, packages, summaries, the store's bytes), no log line and no printed word, as
/// text or as hex.
#[test]
fn a_whole_run_leaves_the_key_nowhere() {
    let server = FakeServer::start(|request| {
        let key = request.header("authorization").unwrap_or("").to_string();
        let padding = "x".repeat(request.body.len() % 300);
        Reply::text(400, &format!("{padding} bad key {key} for this account; key={key}"))
    });
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("articles")).unwrap();
    std::fs::write(dir.path().join("articles/bai.txt"), "Tin mới\n\nSáng 21/9, tỉnh tiếp đoàn đại biểu.\n").unwrap();
    let table = deepl_table(&server.url);
    let config = format!(
        "source = \"vi\"\ntargets = [\"en\"]\ninputs = [\"articles\"]\n[engines.mt]\n{table}retries = 1\nbackoff_secs = 0.01\n\
         [[routes]]\nto = \"en\"\nengines = [\"memory\", \"mt\"]\n"
    );
    std::fs::write(dir.path().join("pipeline.toml"), config).unwrap();
    let output = assert_cmd::Command::cargo_bin("dich")
        .unwrap()
        .current_dir(dir.path())
        .args(["run"])
        .env("DICH_TEST_KEY", KEY)
        .env("DICH_LOG", "trace")
        .output()
        .unwrap();
    assert!(!server.requests().is_empty(), "the engine was asked");
    let mut places = vec![("stdout".to_string(), output.stdout), ("stderr".to_string(), output.stderr)];
    for (path, bytes) in crate::support::files_under(&dir.path().join("out")) {
        places.push((path.display().to_string(), bytes));
    }
    assert!(places.len() > 4, "{places:?}");
    let hex: String = KEY.bytes().map(|b| format!("{b:02x}")).collect();
    for (place, bytes) in &places {
        let text = String::from_utf8_lossy(bytes);
        let groups: String = text
            .split_whitespace()
            .filter(|w| w.len() == 4 && w.chars().all(|c| c.is_ascii_hexdigit()))
            .collect::<Vec<_>>()
            .concat();
        for piece in KEY.as_bytes().windows(8).step_by(4) {
            let piece = std::str::from_utf8(piece).unwrap();
            assert!(!text.contains(piece), "part of the key ({piece}) in {place}");
        }
        assert!(!text.to_lowercase().contains(&hex[..16]) && !groups.contains(&hex[..16]), "the key as hex in {place}");
    }
}

#[test]
fn same_text_is_sent_once_per_run() {
    let server = FakeServer::start(deepl_ok);
    let route = route(&deepl_table(&server.url));
    let (first, _, _) = translate(&route, &["Giá tăng.", "giá  tăng.", "Khác."]);
    assert_eq!(first.translations.len(), 3);
    let sent: usize = server.requests().iter().map(|r| r.json()["text"].as_array().unwrap().len()).sum();
    assert_eq!(sent, 2, "twins by matching key go once");
    let (second, report, stored) = translate(&route, &["Giá tăng.", "Khác."]);
    assert_eq!(second.translations.len(), 2);
    assert_eq!(stored.len(), 2, "answers from the run cache are still handed over");
    assert_eq!(report.requests, 0, "nothing sent again in the same run");
}

#[test]
fn google_v2_and_v3_with_glossary() {
    let server = FakeServer::start(|request| {
        let body = request.json();
        if request.path.starts_with("/v3/") {
            let out: Vec<_> = body["contents"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| json!({"translatedText": format!("G3:{}", t.as_str().unwrap())}))
                .collect();
            Reply::json(200, json!({"translations": [], "glossaryTranslations": out}))
        } else {
            let out: Vec<_> = body["q"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| json!({"translatedText": format!("G2:{}&#39;", t.as_str().unwrap())}))
                .collect();
            Reply::json(200, json!({"data": {"translations": out}}))
        }
    });
    let v2 = format!("type = \"google\"\nurl = \"{}\"\napi_key_env = \"DICH_TEST_KEY\"\n", server.url);
    let (answer, _, _) = translate(&route(&v2), &["Một <b>hai</b>."]);
    assert_eq!(answer.translations[0].text, "G2:Một <b>hai</b>.'", "HTML answers are unescaped");
    let v3 = format!("{v2}api = \"v3\"\nproject = \"p1\"\nglossary_id = \"terms\"\n");
    let (answer, _, _) = translate(&route(&v3), &["Một."]);
    assert_eq!(answer.translations[0].text, "G3:Một.");
    let requests = server.requests();
    assert_eq!(requests[0].path, "/language/translate/v2");
    assert_eq!(requests[0].header("x-goog-api-key"), Some(KEY));
    assert_eq!(requests[0].json()["format"], "html");
    assert_eq!(requests[1].path, "/v3/projects/p1/locations/global:translateText");
    assert_eq!(requests[1].json()["glossaryConfig"]["glossary"], "projects/p1/locations/global/glossaries/terms");
    assert_eq!(requests[1].header("authorization"), Some(format!("Bearer {KEY}").as_str()));
}

#[test]
fn libretranslate_batches_and_slowdowns() {
    let calls = AtomicUsize::new(0);
    let server = FakeServer::start(move |request| {
        if calls.fetch_add(1, Ordering::SeqCst) == 0 {
            return Reply::json(429, json!({"error": "Slowdown: 1 per 1 second"}));
        }
        let q = request.json()["q"].as_array().unwrap().clone();
        let out: Vec<_> = q.iter().map(|t| json!(format!("LT:{}", t.as_str().unwrap()))).collect();
        Reply::json(200, json!({"translatedText": out}))
    });
    let table = format!("type = \"libretranslate\"\nurl = \"{}\"\n", server.url);
    let (answer, report, _) = translate(&route(&table), &["Một.", "Hai."]);
    assert_eq!(answer.translations.len(), 2);
    assert_eq!(report.retries, 1);
    assert_eq!(server.requests()[1].json()["source"], "vi");
}

#[test]
fn failed_calls_in_a_row_pause_the_engine_then_one_call_tries_again() {
    let server = FakeServer::start(move |request| {
        if request.index < 2 {
            return Reply::text(500, "upstream down");
        }
        let q = request.json()["q"].as_array().unwrap().clone();
        let out: Vec<_> = q.iter().map(|t| json!(format!("LT:{}", t.as_str().unwrap()))).collect();
        Reply::json(200, json!({"translatedText": out}))
    });
    let table = format!(
        "type = \"libretranslate\"\nurl = \"{}\"\nbatch_size = 1\nconcurrency = 1\nretries = 0\n\
         backoff_secs = 0.25\nbreaker_failures = 2\nbreaker_pause_secs = 0.4\n",
        server.url
    );
    let tuning = EngineTuning::for_kind(&settings(&table).engine("mt").unwrap().kind);
    assert_eq!(
        (tuning.backoff, tuning.breaker_failures, tuning.breaker_pause),
        (Duration::from_millis(250), 2, Duration::from_millis(400))
    );
    let route = route(&table);

    let (answer, report, _) = translate(&route, &["Một.", "Hai.", "Ba.", "Bốn."]);
    assert_accounted(&answer, 4);
    assert!(answer.translations.is_empty());
    assert_eq!(server.requests().len(), 2, "paused after two failures: the other batches were not sent");
    assert_eq!(report.failures, 2);
    for id in ["s2", "s3"] {
        assert!(answer.flagged[id].contains("paused after 2 failed calls"), "{}", answer.flagged[id]);
    }

    // Still paused: nothing is sent.
    let (answer, _, _) = translate(&route, &["Năm."]);
    assert!(answer.flagged["s0"].contains("paused"), "{:?}", answer.flagged);
    assert_eq!(server.requests().len(), 2);

    // After the pause one call goes through, and its success closes the breaker.
    std::thread::sleep(Duration::from_millis(450));
    let (answer, _, _) = translate(&route, &["Năm.", "Sáu."]);
    assert_accounted(&answer, 2);
    assert_eq!(answer.translations.len(), 2, "{:?}", answer.flagged);
    assert_eq!(server.requests().len(), 4);
}

#[test]
fn openai_replies_are_checked_item_by_item() {
    let server = FakeServer::start(|request| {
        let body = request.json();
        assert_eq!(body["response_format"]["type"], "json_schema");
        let user: serde_json::Value = serde_json::from_str(body["messages"][1]["content"].as_str().unwrap()).unwrap();
        assert_eq!(user["glossary"][0]["source"], "Bộ Y tế", "glossary goes as data");
        let segments = user["segments"].as_array().unwrap();
        // Commentary around the JSON; the last segment left out; the glossary ignored in the second.
        let items: Vec<_> = segments[..segments.len() - 1]
            .iter()
            .map(|s| {
                let text = s["text"].as_str().unwrap().replace("Bộ Y tế", "Ministry of Health");
                let text = if s["id"] == "2" { "The health ministry met.".to_string() } else { text };
                json!({"id": s["id"], "text": text})
            })
            .collect();
        let content = format!("Here is the translation:\n```json\n{}\n```", json!({"translations": items}));
        Reply::json(200, json!({"choices": [{"message": {"role": "assistant", "content": content}}]}))
    });
    std::env::set_var("DICH_TEST_KEY", KEY);
    let settings = settings(&format!(
        "type = \"openai\"\nurl = \"{}/v1\"\nmodel = \"m\"\napi_key_env = \"DICH_TEST_KEY\"\n",
        server.url
    ));
    let glossary = StaticGlossary(vec![(LangPair::new("vi", "en"), "Bộ Y tế".into(), "Ministry of Health".into())]);
    let engine = build_engine(settings.engine("mt").unwrap(), Arc::new(glossary)).unwrap();
    let tuning = EngineTuning::for_kind(&settings.engine("mt").unwrap().kind);
    let route = Route::new(LangPair::new("vi", "en"), vec![Arc::new(RoutedEngine::new(engine, tuning, true))], None);
    let (answer, report, _) = translate(&route, &["Bộ Y tế họp.", "Bộ Y tế họp lại.", "Hết."]);
    assert_accounted(&answer, 3);
    assert_eq!(answer.translations.len(), 1);
    assert_eq!(answer.translations[0].text, "Ministry of Health họp.");
    assert!(answer.flagged["s1"].contains("Ministry of Health"), "{}", answer.flagged["s1"]);
    assert!(answer.flagged["s2"].contains("left this segment out"), "{}", answer.flagged["s2"]);
    assert_eq!(report.flagged, 2);
    assert_eq!(server.requests()[0].path, "/v1/chat/completions");
}

/// A DeepL account's v3 glossaries, kept by the fake server: id → (name, entries).
type DeeplGlossaries = Arc<std::sync::Mutex<Vec<(String, String, String)>>>;

/// DeepL with v3 glossaries: list, create, delete, and a translate that applies the glossary it is given.
fn deepl_with_glossaries(glossaries: DeeplGlossaries) -> impl Fn(&Request) -> Reply + Send + Sync {
    let created = AtomicUsize::new(0);
    move |request: &Request| {
        let mut held = glossaries.lock().unwrap();
        match (request.method.as_str(), request.path.as_str()) {
            ("GET", "/v3/glossaries") => {
                let list: Vec<_> = held.iter().map(|(id, name, _)| json!({"glossary_id": id, "name": name})).collect();
                Reply::json(200, json!({"glossaries": list}))
            }
            ("POST", "/v3/glossaries") => {
                let body = request.json();
                let dictionary = &body["dictionaries"][0];
                assert_eq!(
                    (dictionary["source_lang"].as_str(), dictionary["target_lang"].as_str()),
                    (Some("VI"), Some("EN"))
                );
                assert_eq!(dictionary["entries_format"], "tsv");
                let id = format!("g{}", created.fetch_add(1, Ordering::SeqCst) + 1);
                let entries = dictionary["entries"].as_str().unwrap().to_string();
                held.push((id.clone(), body["name"].as_str().unwrap().to_string(), entries));
                Reply::json(201, json!({"glossary_id": id}))
            }
            ("DELETE", path) => {
                let id = path.trim_start_matches("/v3/glossaries/");
                held.retain(|(held_id, _, _)| held_id != id);
                Reply::text(204, "")
            }
            ("POST", "/v2/translate") => {
                let body = request.json();
                let entries = body["glossary_id"]
                    .as_str()
                    .and_then(|id| held.iter().find(|(held_id, _, _)| held_id == id))
                    .map(|(_, _, entries)| entries.clone())
                    .unwrap_or_default();
                let translations: Vec<_> = body["text"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| {
                        let text = entries
                            .lines()
                            .filter_map(|l| l.split_once('\t'))
                            .fold(t.as_str().unwrap().to_string(), |text, (vi, en)| text.replace(vi, en));
                        json!({"text": text})
                    })
                    .collect();
                Reply::json(200, json!({"translations": translations}))
            }
            other => panic!("unexpected request {other:?}"),
        }
    }
}

#[test]
fn deepl_glossaries_are_created_reused_while_unchanged_and_replaced_when_changed() {
    let glossaries: DeeplGlossaries = Arc::new(std::sync::Mutex::new(vec![
        ("old".into(), "dich-VI-EN-0000000000000000".into(), "Bộ Y tế\tHealth Ministry\n".into()),
        ("team".into(), "newsroom shared glossary".into(), "x\ty\n".into()),
    ]));
    let server = FakeServer::start(deepl_with_glossaries(glossaries.clone()));
    std::env::set_var("DICH_TEST_KEY", KEY);
    let settings = settings(&deepl_table(&server.url));
    // One run = one engine built from the settings and the glossary of that run.
    let run = |entries: &[(&str, &str)]| {
        let glossary = StaticGlossary(
            entries.iter().map(|(vi, en)| (LangPair::new("vi", "en"), vi.to_string(), en.to_string())).collect(),
        );
        let engine = build_engine(settings.engine("mt").unwrap(), Arc::new(glossary)).unwrap();
        let tuning = EngineTuning::for_kind(&settings.engine("mt").unwrap().kind);
        let route =
            Route::new(LangPair::new("vi", "en"), vec![Arc::new(RoutedEngine::new(engine, tuning, true))], None);
        translate(&route, &["Bộ Y tế họp.", "Sở Y tế họp."]).0
    };
    let held = || glossaries.lock().unwrap().iter().map(|(id, name, _)| (id.clone(), name.clone())).collect::<Vec<_>>();
    let requests =
        |from: usize| server.requests()[from..].iter().map(|r| format!("{} {}", r.method, r.path)).collect::<Vec<_>>();

    let answer = run(&[("Bộ Y tế", "Ministry of Health")]);
    assert_accounted(&answer, 2);
    assert_eq!(answer.translations.iter().find(|t| t.segment_id == "s0").unwrap().text, "Ministry of Health họp.");
    let first = held();
    assert_eq!(first.len(), 2, "the stale dich glossary went, the team's stayed: {first:?}");
    assert_eq!(first[0].0, "team");
    let (ours, name) = first[1].clone();
    assert!(name.starts_with("dich-VI-EN-") && name != "dich-VI-EN-0000000000000000", "{name}");
    assert_eq!(
        requests(0),
        ["GET /v3/glossaries", "POST /v3/glossaries", "DELETE /v3/glossaries/old", "POST /v2/translate"]
    );
    assert!(server.requests().iter().all(|r| r
        .headers
        .iter()
        .any(|(h, v)| h.eq_ignore_ascii_case("authorization") && v == &format!("DeepL-Auth-Key {KEY}"))));

    // The next run with the same entries finds the glossary by name and creates nothing.
    let seen = server.requests().len();
    let answer = run(&[("Bộ Y tế", "Ministry of Health")]);
    assert_accounted(&answer, 2);
    assert_eq!(requests(seen), ["GET /v3/glossaries", "POST /v2/translate"]);
    assert_eq!(server.requests().last().unwrap().json()["glossary_id"], ours.as_str());

    // Changed entries: a new glossary, the previous one deleted, the new one used.
    let seen = server.requests().len();
    let answer = run(&[("Bộ Y tế", "Ministry of Health"), ("Sở Y tế", "Department of Health")]);
    assert_accounted(&answer, 2);
    assert_eq!(answer.translations.iter().find(|t| t.segment_id == "s1").unwrap().text, "Department of Health họp.");
    assert_eq!(
        requests(seen),
        [
            "GET /v3/glossaries",
            "POST /v3/glossaries",
            format!("DELETE /v3/glossaries/{ours}").as_str(),
            "POST /v2/translate"
        ]
    );
    let last = held();
    assert_eq!(last.len(), 2);
    assert_ne!(last[1].0, ours);
    assert!(glossaries.lock().unwrap()[1].2.contains("Sở Y tế\tDepartment of Health\n"));
}

#[test]
fn openai_insufficient_quota_is_not_retried() {
    let server = FakeServer::start(|_| {
        Reply::json(429, json!({"error": {"type": "insufficient_quota", "code": "insufficient_quota"}}))
    });
    let table =
        format!("type = \"openai\"\nurl = \"{}\"\nmodel = \"m\"\nbatch_size = 1\nconcurrency = 1\n", server.url);
    let (answer, report, _) = translate(&route(&table), &["Một.", "Hai."]);
    assert_accounted(&answer, 2);
    assert_eq!(server.requests().len(), 1);
    assert!(report.out.is_some());
}

#[test]
fn command_engine_reads_and_writes_json_lines() {
    let program = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/engines/upper.py");
    let table = format!("type = \"command\"\nprogram = \"{}\"\n", program.display());
    let (answer, _, _) = translate(&route(&table), &["xin chào", "FAIL here"]);
    assert_accounted(&answer, 2);
    assert_eq!(answer.translations[0].text, "XIN CHÀO");
    assert!(answer.flagged["s1"].contains("cannot translate this one"));
}

#[test]
fn a_command_that_floods_its_output_is_stopped_and_its_memory_bounded() {
    let table = "type = \"command\"\nprogram = \"sh\"\nargs = [\"-c\", \"yes 0123456789abcdef\"]\nretries = 0\n";
    let started = std::time::Instant::now();
    let (answer, report, _) = translate(&route(table), &["Một."]);
    assert_accounted(&answer, 1);
    assert!(answer.flagged["s0"].contains("more than"), "{}", answer.flagged["s0"]);
    assert_eq!(report.failures, 1);
    assert!(started.elapsed() < Duration::from_secs(60), "stopped at its bound, not at the timeout");
}

#[test]
fn a_command_that_times_out_takes_what_it_started_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("grandchild.pid");
    let script = format!("sleep 300 & echo $! > {}; sleep 300", pid_file.display());
    let table =
        format!("type = \"command\"\nprogram = \"sh\"\nargs = [\"-c\", {script:?}]\ntimeout_secs = 1\nretries = 0\n");
    let (answer, _, _) = translate(&route(&table), &["Một."]);
    assert_accounted(&answer, 1);
    let pid = std::fs::read_to_string(&pid_file).unwrap().trim().to_string();
    // Reaped by init once killed; give the kernel a moment.
    let alive = (0..50).all(|_| {
        std::thread::sleep(Duration::from_millis(20));
        std::path::Path::new(&format!("/proc/{pid}")).exists()
            && !std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default().contains(") Z ")
    });
    assert!(!alive, "the program's child {pid} outlived the timeout");
}

#[test]
fn engine_settings_are_checked_with_positions() {
    let text = "source = \"vi\"\ntargets = [\"en\"]\n[engines.mt]\ntype = \"deepl\"\nbatch_size = 0\nurl = \"ftp://x\"\nformality = \"polite\"\n[engines.llm]\ntype = \"openai\"\n";
    let errors = Settings::parse(text, Path::new("pipeline.toml")).unwrap_err();
    let lines: Vec<String> = errors.iter().map(|e| format!("{}:{} {}", e.line, e.column, e.message)).collect();
    assert_eq!(
        lines,
        [
            "5:1 \"batch_size\" in [engines.mt] must be greater than 0, found 0",
            "6:1 url in [engines.mt] must be an http:// or https:// address, found \"ftp://x\"",
            "7:1 unknown value \"polite\" for \"formality\" in [engines.mt]",
            "8:1 [engines.llm] of type \"openai\" needs \"model\"",
        ]
    );
}

#[test]
fn waits_longer_than_a_day_are_refused_before_any_clock_overflows() {
    let text = "source = \"vi\"\ntargets = [\"en\"]\n[engines.mt]\ntype = \"libretranslate\"\nbackoff_secs = 1e20\nbreaker_pause_secs = 1e19\ntimeout_secs = 86400\n";
    let errors = Settings::parse(text, Path::new("pipeline.toml")).unwrap_err();
    let lines: Vec<String> = errors.iter().map(|e| format!("{}:{} {}", e.line, e.column, e.message)).collect();
    assert_eq!(
        lines,
        [
            "5:1 \"backoff_secs\" in [engines.mt] must be at most 86400 seconds, found 100000000000000000000",
            "6:1 \"breaker_pause_secs\" in [engines.mt] must be at most 86400 seconds, found 10000000000000000000",
        ]
    );
}

#[test]
fn apertium_translates_real_english_keeping_markup_and_placeholders() {
    let apy = Apy::start();
    let table = format!("type = \"apertium\"\nurl = \"{}\"\n", apy.url);
    let mut route = route(&table);
    route.pair = LangPair::new("en", "es");
    let texts = [
        "The minister met the delegation in Hanoi.",
        "Prices of <b>rice</b> rose sharply.",
        "The committee <x id=\"1\"/> approved the plan.",
    ];
    let (answer, report, _) = translate(&route, &texts);
    assert_accounted(&answer, 3);
    assert_eq!(answer.translations.len(), 3, "{:?}", answer.flagged);
    let text = |id: &str| answer.translations.iter().find(|t| t.segment_id == id).unwrap().text.clone();
    assert!(text("s0").contains("Hanoi") && text("s0") != texts[0], "{}", text("s0"));
    assert!(text("s1").contains("<b>") && text("s1").contains("</b>"), "{}", text("s1"));
    assert_eq!(text("s2").matches("<x id=\"1\"/>").count(), 1, "{}", text("s2"));
    assert!(!text("s0").contains('*'), "unknown-word marks removed: {}", text("s0"));
    assert_eq!(report.requests, 3, "one text per request");
}

#[test]
fn pivot_vi_en_from_memory_then_apertium_to_spanish() {
    use dich::store::{MemoryStore, Store, TmEntry, TmState};
    let apy = Apy::start();
    let text = format!(
        "source = \"vi\"\ntargets = [\"en\", \"es\"]\n[engines.apy]\ntype = \"apertium\"\nurl = \"{}\"\n\
         [[routes]]\nto = \"en\"\n[[routes]]\nto = \"es\"\npivot = \"en\"\nengines = [\"memory\", \"apy\"]\n",
        apy.url
    );
    let settings = Settings::parse(&text, Path::new("pipeline.toml")).unwrap();
    let store = Arc::new(Store::open_in_memory().unwrap());
    let entry = |vi: &str, en: &str| TmEntry {
        source_lang: "vi".into(),
        target_lang: "en".into(),
        source: vi.into(),
        target: en.into(),
        state: TmState::Approved,
        provenance: "test".into(),
        created: String::new(),
        updated: String::new(),
    };
    store.tm_put(&entry("Bộ trưởng đã gặp phái đoàn.", "The minister met the delegation.")).unwrap();
    let routes = dich::pipeline::build_routes(&settings, store, Arc::new(NoGlossary)).unwrap();
    let es = routes.iter().find(|r| r.pair.target == "es").unwrap();
    let sources = vec![
        ("a".to_string(), "Bộ trưởng đã gặp phái đoàn.".to_string()),
        ("b".to_string(), "Câu này không có trong bộ nhớ.".to_string()),
    ];
    let mut stats = EngineStats::default();
    let mut handed = Vec::new();
    let answer = es
        .translate(&sources, &routes, &mut stats, &mut |lang, t| {
            handed.push((lang.to_string(), t.segment_id.clone()));
            Ok(())
        })
        .unwrap();
    assert_eq!(answer.translations.len(), 1);
    let spanish = &answer.translations[0];
    assert_eq!(spanish.segment_id, "a");
    assert!(spanish.text.to_lowercase().contains("ministro"), "{}", spanish.text);
    assert!(matches!(&spanish.origin, Origin::Machine { engine } if engine == "apy"));
    assert!(answer.flagged["b"].contains("no en version of this segment"), "{:?}", answer.flagged);
    assert_eq!(handed, [("en".to_string(), "a".to_string()), ("es".to_string(), "a".to_string())]);
}
