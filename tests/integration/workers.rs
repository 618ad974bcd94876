//! Several `dich run` workers on one PostgreSQL store: one batch shared through leases, a worker killed with
//! SIGKILL mid-article, leases that run out, and the outputs and engine bill of a single worker.
//!
//! The engine is a local fake DeepL with a fixed latency; PostgreSQL is the test cluster (support::postgres).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dich::store::{open_store, ArticleDone, Claim, StoreBackend};
use serde_json::json;

use crate::support::http_server::{FakeServer, Reply, Request};
use crate::support::postgres::fresh_database;

const KEY: &str = "worker-test-key-5f1c2a9e";

const WORDS: &[&str] = &[
    "tỉnh",
    "đoàn",
    "khách",
    "hợp tác",
    "kinh tế",
    "nông nghiệp",
    "giáo dục",
    "biển",
    "cảng",
    "đường sắt",
    "du lịch",
    "văn hóa",
    "lễ hội",
    "rừng",
    "điện gió",
    "thủy sản",
    "xuất khẩu",
    "y tế",
    "bệnh viện",
    "trường học",
    "cầu",
    "nhà máy",
    "lúa gạo",
    "cà phê",
    "thanh long",
    "hạ tầng",
    "đô thị",
    "nông thôn",
    "môi trường",
    "khoa học",
];

/// `count` articles of `sentences` sentences each, every sentence made of other words (an LCG over WORDS), so
/// no sentence is a fuzzy match of another and each article's outputs depend on nothing but itself.
pub fn write_articles(dir: &Path, count: usize, sentences: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize
    };
    for i in 0..count {
        let body: Vec<String> = (0..sentences)
            .map(|_| {
                let words: Vec<&str> = (0..9).map(|_| WORDS[next() % WORDS.len()]).collect();
                let sentence = words.join(" ");
                let mut chars = sentence.chars();
                let first = chars.next().unwrap().to_uppercase().collect::<String>();
                format!("{first}{}.", chars.as_str())
            })
            .collect();
        let text = format!(
            "Tin {} về {}\n\n{}\n",
            WORDS[i % WORDS.len()],
            WORDS[(i * 7 + 3) % WORDS.len()],
            body.join("\n\n")
        );
        std::fs::write(dir.join(format!("tin-{i:05}.txt")), text).unwrap();
    }
}

/// A DeepL that takes `latency` per request and answers "EN:<text>".
pub fn slow_deepl(latency: Duration) -> FakeServer {
    FakeServer::start(move |request: &Request| {
        std::thread::sleep(latency);
        let texts = request.json()["text"].as_array().unwrap().clone();
        let out: Vec<_> = texts.iter().map(|t| json!({"text": format!("EN:{}", t.as_str().unwrap())})).collect();
        Reply::json(200, json!({"translations": out}))
    })
}

/// Characters the engine was sent, over every request.
fn characters_sent(server: &FakeServer) -> usize {
    server
        .requests()
        .iter()
        .flat_map(|r| r.json()["text"].as_array().unwrap().clone())
        .map(|t| t.as_str().unwrap().chars().count())
        .sum()
}

/// A working folder with the articles and a pipeline.toml naming `store` and the engine at `engine_url`.
pub fn batch_folder(articles: &Path, store: &str, engine_url: &str, tuning: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "source = \"vi\"\ntargets = [\"en\"]\ninputs = [\"{}\"]\noutput_dir = \"out\"\nstore = \"{store}\"\n\
         [engines.mt]\ntype = \"deepl\"\nurl = \"{engine_url}\"\napi_key_env = \"DICH_TEST_KEY\"\nbatch_size = 1\n\
         {tuning}\n[[routes]]\nto = \"en\"\nengines = [\"memory\", \"mt\"]\n",
        articles.display()
    );
    std::fs::write(dir.path().join("pipeline.toml"), config).unwrap();
    dir
}

/// A `dich run` worker in `dir` with a claim lease of `lease` seconds.
pub fn spawn_worker(dir: &Path, lease: &str) -> Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("dich"))
        .current_dir(dir)
        .args(["run", "--json", "--lease-seconds", lease])
        .env("DICH_TEST_KEY", KEY)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// The files a batch is about (the articles' outputs), by path under `out`: not the run's own reports, which
/// name the run and its time.
fn article_outputs(out: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    crate::support::files_under(out)
        .into_iter()
        .map(|(path, bytes)| (path.strip_prefix(out).unwrap().to_path_buf(), bytes))
        .filter(|(path, _)| {
            let name = path.file_name().unwrap().to_string_lossy();
            !path.starts_with("runs") && !name.starts_with("run-summary") && !name.starts_with("qa-report")
        })
        .collect()
}

/// Every journaled event of the store, counted by article.
fn events_by_article(store: &dyn StoreBackend) -> HashMap<String, Vec<String>> {
    let mut by_article: HashMap<String, Vec<String>> = HashMap::new();
    for run in store.runs(1000).unwrap() {
        for event in store.events(run.id).unwrap() {
            by_article.entry(event.article_id).or_default().push(event.event);
        }
    }
    by_article
}

#[test]
fn three_workers_share_a_batch_and_a_killed_one_is_finished_by_the_others() {
    let (Some(single_url), Some(shared_url)) = (fresh_database("workers_single"), fresh_database("workers_shared"))
    else {
        return;
    };
    let articles = tempfile::tempdir().unwrap();
    // 180 segments, ~11,000 characters: the one request in flight when the worker is killed (one sentence of up
    // to ~90 characters) is under 1 % of what the batch sends. With 120 segments (~7,500 characters) a long
    // sentence in flight made it 1.02 % now and then.
    let count = 20;
    write_articles(articles.path(), count, 8);

    // The reference: one worker alone.
    let single_engine = slow_deepl(Duration::from_millis(8));
    let single = batch_folder(articles.path(), &single_url, &single_engine.url, "concurrency = 1");
    let output = spawn_worker(single.path(), "1").wait_with_output().unwrap();
    assert!(output.status.success() || output.status.code() == Some(1), "{output:?}");
    let reference_characters = characters_sent(&single_engine);
    let reference = article_outputs(&single.path().join("out"));
    assert!(reference.len() >= count, "{:?}", reference.keys().collect::<Vec<_>>());

    // Three workers on another database; the first is killed once the engine has answered a few requests.
    let shared_engine = slow_deepl(Duration::from_millis(8));
    let shared = batch_folder(articles.path(), &shared_url, &shared_engine.url, "concurrency = 1");
    let mut workers: Vec<Child> = (0..3).map(|_| spawn_worker(shared.path(), "1")).collect();
    // Killed mid-batch once it has finished an article of its own (its worker name holds its process id): the
    // survivors must not redo that article, and must finish the one it was doing.
    let mut client = ::postgres::Client::connect(&shared_url, ::postgres::NoTls).unwrap();
    let first = format!("%:{}:%", workers[0].id());
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let finished: i64 = client
            .query_opt("SELECT count(*) FROM work_items WHERE state = 'done' AND worker LIKE $1", &[&first])
            .ok()
            .flatten()
            .map_or(0, |row| row.get(0));
        if finished > 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    workers[0].kill().unwrap(); // SIGKILL
    assert!(!workers.remove(0).wait().unwrap().success());
    let mut summaries = Vec::new();
    for worker in workers {
        let output = worker.wait_with_output().unwrap();
        summaries.push(serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap());
    }
    let store = open_store(Path::new(&shared_url)).unwrap();
    let events = events_by_article(&*store);
    assert_eq!(events.len(), count, "every article is journaled");
    for (article, list) in &events {
        assert_eq!(list.len(), 1, "{article} done once: {list:?}");
    }
    let done: u64 = summaries.iter().map(|s| s["totals"]["articles"].as_u64().unwrap()).sum();
    assert!(done < count as u64, "the killed worker had finished some articles itself");
    assert!(summaries.iter().all(|s| s["totals"]["articles"].as_u64().unwrap() > 0), "both survivors worked");

    let characters = characters_sent(&shared_engine);
    assert!(
        characters as f64 <= reference_characters as f64 * 1.01,
        "{characters} characters sent by three workers, {reference_characters} by one"
    );
    let outputs = article_outputs(&shared.path().join("out"));
    assert_eq!(outputs.keys().collect::<Vec<_>>(), reference.keys().collect::<Vec<_>>());
    for (path, bytes) in &reference {
        assert!(outputs[path] == *bytes, "{} differs from the one-worker run's", path.display());
    }
}

#[test]
fn a_lease_that_runs_out_passes_the_article_to_another_worker() {
    let Some(url) = fresh_database("lease_runs_out") else { return };
    let (first, second) = (open_store(Path::new(&url)).unwrap(), open_store(Path::new(&url)).unwrap());
    let (a, b) = (first.work_queue().unwrap(), second.work_queue().unwrap());
    assert_ne!(a.worker(), b.worker());
    let (run_a, run_b) = (first.start_run("config").unwrap(), second.start_run("config").unwrap());
    let done = |run, article_id, event| ArticleDone { run, article_id, event, detail: "" };
    let keys = vec!["00000000 a.txt".to_string(), "00000001 b.txt".to_string()];
    a.enqueue("batch", &keys).unwrap();
    b.enqueue("batch", &keys).unwrap();
    let lease = Duration::from_millis(400);
    assert_eq!(a.claim("batch", lease).unwrap(), Some(Claim { key: keys[0].clone(), earlier_claims: 0 }));
    assert_eq!(b.claim("batch", lease).unwrap(), Some(Claim { key: keys[1].clone(), earlier_claims: 0 }));
    assert!(b.complete("batch", &keys[1], &done(run_b, "b", "published")).unwrap());
    // A's lease is live: nothing for B, one item left.
    assert_eq!(b.claim("batch", lease).unwrap(), None);
    assert_eq!(b.remaining("batch").unwrap(), 1);
    // A heartbeat keeps it past its first lease.
    std::thread::sleep(Duration::from_millis(250));
    assert_eq!(a.heartbeat(lease).unwrap(), 1);
    std::thread::sleep(Duration::from_millis(250));
    assert_eq!(b.claim("batch", lease).unwrap(), None, "renewed by the heartbeat");
    // A stops beating (it died): once the lease has run out, B takes the article over.
    std::thread::sleep(Duration::from_millis(450));
    assert_eq!(b.claim("batch", lease).unwrap(), Some(Claim { key: keys[0].clone(), earlier_claims: 1 }));
    assert_eq!(a.heartbeat(lease).unwrap(), 0, "A holds nothing any more");
    assert!(!a.complete("batch", &keys[0], &done(run_a, "a", "published")).unwrap(), "A's late result is not recorded");
    assert!(b.complete("batch", &keys[0], &done(run_b, "a", "held_back")).unwrap());
    assert_eq!(b.remaining("batch").unwrap(), 0);
    let outcomes = a.outcomes("batch").unwrap();
    assert_eq!((outcomes[&keys[0]].as_str(), outcomes[&keys[1]].as_str()), ("held_back", "published"));
    // Completing journals, and only the completion that counted.
    assert!(first.events(run_a).unwrap().is_empty(), "A's late result is not journaled");
    let journaled: Vec<_> = second.events(run_b).unwrap().into_iter().map(|e| (e.article_id, e.event)).collect();
    assert_eq!(journaled, [("b".to_string(), "published".to_string()), ("a".to_string(), "held_back".to_string())]);
}

#[test]
fn a_worker_run_is_not_taken_for_an_interrupted_one_while_it_beats() {
    let Some(url) = fresh_database("run_liveness") else { return };
    let (first, second) = (open_store(Path::new(&url)).unwrap(), open_store(Path::new(&url)).unwrap());
    let run = first.start_run("config").unwrap();
    first.work_queue().unwrap().heartbeat(Duration::from_secs(1)).unwrap();
    // Another worker starting alongside leaves the live run alone.
    second.start_run("config").unwrap();
    assert!(second.interrupted_runs().unwrap().is_empty());
    assert_eq!(second.run(run).unwrap().unwrap().status, dich::store::RUN_RUNNING);
}

#[test]
fn an_engines_rate_and_in_flight_limit_hold_across_workers() {
    let Some(url) = fresh_database("shared_quota") else { return };
    let articles = tempfile::tempdir().unwrap();
    write_articles(articles.path(), 9, 3);
    let (in_flight, most, arrivals) =
        (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)), Arc::new(Mutex::new(Vec::new())));
    let engine = {
        let (in_flight, most, arrivals) = (in_flight.clone(), most.clone(), arrivals.clone());
        FakeServer::start(move |request: &Request| {
            let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(now, Ordering::SeqCst);
            arrivals.lock().unwrap().push(Instant::now());
            std::thread::sleep(Duration::from_millis(15));
            in_flight.fetch_sub(1, Ordering::SeqCst);
            let texts = request.json()["text"].as_array().unwrap().clone();
            let out: Vec<_> = texts.iter().map(|t| json!({"text": format!("EN:{}", t.as_str().unwrap())})).collect();
            Reply::json(200, json!({"translations": out}))
        })
    };
    // One request in flight and 40 a second, for the three workers together.
    let rate = 40.0;
    let folder = batch_folder(articles.path(), &url, &engine.url, "concurrency = 1\nrequests_per_second = 40");
    let workers: Vec<Child> = (0..3).map(|_| spawn_worker(folder.path(), "1")).collect();
    for worker in workers {
        let output = worker.wait_with_output().unwrap();
        assert!(output.status.code().is_some_and(|c| c <= 1), "{output:?}");
    }
    let mut arrivals = arrivals.lock().unwrap().clone();
    arrivals.sort();
    // Nine articles of a headline and three sentences, each sent once.
    let sent = arrivals.len();
    assert_eq!(sent, 36);
    assert_eq!(most.load(Ordering::SeqCst), 1, "never two requests in flight at once");
    // At 40 a second the requests span at least (sent − 1) / 40 s; three workers each keeping only its own quota
    // would go three times as fast, held back only by the engine's 15 ms.
    let span = arrivals.last().unwrap().duration_since(arrivals[0]).as_secs_f64();
    assert!(span >= (sent - 1) as f64 / rate * 0.9, "{sent} requests in {span:.3} s");
}
