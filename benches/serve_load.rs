//! Load on one `dich serve`: 200 feed readers and 20 translators saving segments through the review page's form,
//! all at once, for a fixed time. Reports p50/p99 latency per kind of request, against the same requests on the
//! idle server measured first in the same run (the machine is shared: ratios, not absolute figures, are what
//! compare), checks that no save was lost (every save answered and recorded in the audit log), and the server's
//! peak memory (VmHWM).
//!
//! `cargo bench --bench serve_load` (the server is the release binary, run as its own process on loopback).
//! Settings: DICH_LOAD_SECONDS (default 20), DICH_LOAD_READERS (200), DICH_LOAD_TRANSLATORS (20);
//! DICH_LOAD_POLL_MS (0), a reader's pause between two polls; DICH_LOAD_THINK_MS (0), a translator's pause between
//! a save and the next page; DICH_LOAD_VALIDATORS (1), whether readers send the feed's ETag back as feed readers
//! do (`If-None-Match`; 0 fetches the whole feed every time). With the pauses at 0 every client asks again the
//! moment it has its answer: the server is saturated, and latencies are its queue.
//!
//! The readers are tasks on one thread (one connection each), so the load generator's own cost stays small
//! beside the server's on the same cores; the translators are threads with blocking clients.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::blocking::Client;

const PASSWORD: &str = "bench-password-long";
const HELD: &str = "khanh-hoa-huu-nghi";

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn dich(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dich"));
    command.current_dir(dir).env("LANG", "C.UTF-8");
    command
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

fn csrf_of(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a CSRF field") + 19;
    html[at..].split('"').next().unwrap().to_string()
}

/// A logged-in translator. Redirects are not followed, so a save's time is the save's alone (the page it
/// redirects to is measured as a page).
fn login(base: &str, name: &str) -> Client {
    let client = Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let page = client.get(format!("{base}/login")).send().unwrap().text().unwrap();
    let response = client
        .post(format!("{base}/login"))
        .form(&[("name", name), ("password", PASSWORD), ("csrf", &csrf_of(&page))])
        .send()
        .unwrap();
    assert!(response.status().is_redirection(), "{name} logs in");
    client
}

#[derive(Default)]
struct Timings {
    feeds: Vec<Duration>,
    pages: Vec<Duration>,
    saves: Vec<Duration>,
    failed: usize,
    /// Feed polls answered 304 Not Modified.
    not_modified: usize,
}

/// One feed reader on its own connection until `stop`: its latencies, failed polls and 304 answers.
async fn read_feed(
    url: String,
    start: Duration,
    stop: Instant,
    poll: Duration,
    validators: bool,
) -> (Vec<Duration>, usize, usize) {
    let client = reqwest::Client::builder().timeout(Duration::from_secs(60)).build().unwrap();
    tokio::time::sleep(start).await;
    let (mut times, mut failed, mut not_modified) = (Vec::new(), 0, 0);
    let mut etag: Option<reqwest::header::HeaderValue> = None;
    while Instant::now() < stop {
        let started = Instant::now();
        let mut request = client.get(&url);
        if let Some(tag) = etag.as_ref().filter(|_| validators) {
            request = request.header(reqwest::header::IF_NONE_MATCH, tag.clone());
        }
        let answered = async {
            let response = request.send().await?.error_for_status()?;
            let status = response.status();
            let tag = response.headers().get(reqwest::header::ETAG).cloned();
            response.bytes().await?;
            Ok::<_, reqwest::Error>((status, tag))
        };
        match answered.await {
            Ok((status, tag)) => {
                times.push(started.elapsed());
                not_modified += usize::from(status == reqwest::StatusCode::NOT_MODIFIED);
                etag = tag.or(etag);
            }
            Err(_) => failed += 1,
        }
        tokio::time::sleep(poll).await;
    }
    (times, failed, not_modified)
}

fn report(name: &str, idle: &mut [Duration], loaded: &mut [Duration]) {
    idle.sort();
    loaded.sort();
    let (idle50, idle99) = (percentile(idle, 0.50), percentile(idle, 0.99));
    let (p50, p99) = (percentile(loaded, 0.50), percentile(loaded, 0.99));
    println!(
        "{name:<6} requests {:>6}  idle p50 {:>7.2} ms p99 {:>7.2} ms  loaded p50 {:>7.2} ms p99 {:>7.2} ms  (p99 {:.1}x idle)",
        loaded.len(),
        idle50.as_secs_f64() * 1e3,
        idle99.as_secs_f64() * 1e3,
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        p99.as_secs_f64() / idle99.as_secs_f64().max(1e-9),
    );
}

fn main() {
    let seconds = env_number("DICH_LOAD_SECONDS", 20) as u64;
    let readers = env_number("DICH_LOAD_READERS", 200);
    let translators = env_number("DICH_LOAD_TRANSLATORS", 20);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    for folder in ["examples", "glossary", "rules"] {
        copy_dir(&root.join(folder), &dir.join(folder));
    }
    std::fs::copy(root.join("pipeline.toml"), dir.join("pipeline.toml")).unwrap();
    assert!(dich(dir).args(["run", "--json"]).stdout(Stdio::null()).status().unwrap().success());
    for i in 0..translators {
        let mut add = dich(dir)
            .args(["users", "add", &format!("t{i}"), "--role", "translator"])
            .stdin(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        use std::io::Write;
        writeln!(add.stdin.take().unwrap(), "{PASSWORD}").unwrap();
        assert!(add.wait().unwrap().success());
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut server =
        dich(dir).args(["serve", "--addr", &format!("127.0.0.1:{port}")]).stderr(Stdio::null()).spawn().unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let probe = Client::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while probe.get(format!("{base}/healthz")).send().is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }

    let sessions: Vec<Client> = (0..translators).map(|i| login(&base, &format!("t{i}"))).collect();
    let page_url = format!("{base}/review/{HELD}/en");
    let first = sessions[0].get(&page_url).send().unwrap().text().unwrap();
    let segments: Vec<String> = first
        .match_indices("data-segment=\"")
        .map(|(at, m)| first[at + m.len()..].split('"').next().unwrap().to_string())
        .collect();
    assert!(!segments.is_empty());

    // The reference: the same requests, one at a time, on the idle server.
    let mut idle = Timings::default();
    let client = &sessions[0];
    for i in 0..100 {
        let started = Instant::now();
        probe.get(format!("{base}/feeds/web-en.atom")).send().unwrap().bytes().unwrap();
        idle.feeds.push(started.elapsed());
        let started = Instant::now();
        let page = client.get(&page_url).send().unwrap().text().unwrap();
        idle.pages.push(started.elapsed());
        let segment = &segments[i % segments.len()];
        let started = Instant::now();
        let saved = client
            .post(format!("{page_url}/{segment}"))
            .form(&[("target", format!("idle {i}")), ("action", "save".into()), ("csrf", csrf_of(&page))])
            .send()
            .unwrap();
        assert!(saved.status().is_redirection());
        idle.saves.push(started.elapsed());
    }

    let poll = Duration::from_millis(env_number("DICH_LOAD_POLL_MS", 0) as u64);
    let think = Duration::from_millis(env_number("DICH_LOAD_THINK_MS", 0) as u64);
    let validators = env_number("DICH_LOAD_VALIDATORS", 1) == 1;
    let stop = Instant::now() + Duration::from_secs(seconds);
    let loaded = Arc::new(Mutex::new(Timings::default()));
    let mut threads = Vec::new();
    {
        let (base, loaded) = (base.clone(), loaded.clone());
        threads.push(std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            let (feeds, failed, not_modified) = runtime.block_on(async move {
                let readers = (0..readers).map(|r| {
                    let url = format!("{base}/feeds/web-en.{}", if r % 2 == 0 { "atom" } else { "json" });
                    // Readers spread over one poll interval, as readers that started at different times are.
                    let start = poll.mul_f64(r as f64 / readers as f64);
                    tokio::spawn(read_feed(url, start, stop, poll, validators))
                });
                let (mut feeds, mut failed, mut not_modified) = (Vec::new(), 0, 0);
                for reader in readers.collect::<Vec<_>>() {
                    let (mine, lost, unchanged) = reader.await.unwrap();
                    feeds.extend(mine);
                    failed += lost;
                    not_modified += unchanged;
                }
                (feeds, failed, not_modified)
            });
            let mut all = loaded.lock().unwrap();
            all.feeds.extend(feeds);
            all.failed += failed;
            all.not_modified += not_modified;
        }));
    }
    let saves_sent = Arc::new(Mutex::new(0usize));
    for (t, client) in sessions.into_iter().enumerate() {
        let (page_url, segments, loaded, saves_sent) =
            (page_url.clone(), segments.clone(), loaded.clone(), saves_sent.clone());
        threads.push(std::thread::spawn(move || {
            std::thread::sleep(think.mul_f64(t as f64 / translators as f64));
            let (mut pages, mut saves, mut failed, mut sent) = (Vec::new(), Vec::new(), 0, 0);
            let mut i = 0;
            while Instant::now() < stop {
                let started = Instant::now();
                let Ok(page) = client.get(&page_url).send().and_then(|r| r.error_for_status()?.text()) else {
                    failed += 1;
                    continue;
                };
                pages.push(started.elapsed());
                let segment = &segments[(t + i) % segments.len()];
                let started = Instant::now();
                sent += 1;
                let saved = client
                    .post(format!("{page_url}/{segment}"))
                    .form(&[("target", format!("t{t} save {i}")), ("action", "save".into()), ("csrf", csrf_of(&page))])
                    .send();
                match saved {
                    Ok(r) if r.status().is_redirection() => saves.push(started.elapsed()),
                    _ => failed += 1,
                }
                i += 1;
                std::thread::sleep(think);
            }
            let mut all = loaded.lock().unwrap();
            all.pages.extend(pages);
            all.saves.extend(saves);
            all.failed += failed;
            *saves_sent.lock().unwrap() += sent;
        }));
    }
    for thread in threads {
        thread.join().unwrap();
    }
    let peak_kb: u64 = std::fs::read_to_string(format!("/proc/{}/status", server.id()))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:").map(|v| v.trim().trim_end_matches(" kB").trim().parse().unwrap_or(0)))
        .unwrap_or(0);
    let _ = server.kill();
    let _ = server.wait();

    let mut loaded = Arc::try_unwrap(loaded).ok().unwrap().into_inner().unwrap();
    let sent = *saves_sent.lock().unwrap();
    // Every save the server answered is in the audit log (one row per stored save), none lost.
    let store = dich::store::Store::open(&dir.join("out/dich.sqlite")).unwrap();
    let audited = store.audit_log(usize::MAX >> 1).unwrap().iter().filter(|a| a.action == "segment").count();
    println!(
        "dich serve under load: {readers} feed readers (poll pause {} ms, validators {}), {translators} translators \
         (pause {} ms), {seconds} s, {} cores",
        poll.as_millis(),
        if validators { "sent" } else { "not sent" },
        think.as_millis(),
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    );
    report("feeds", &mut idle.feeds, &mut loaded.feeds);
    report("pages", &mut idle.pages, &mut loaded.pages);
    report("saves", &mut idle.saves, &mut loaded.saves);
    println!(
        "saves sent {sent}, answered 303 {}, in the audit log {} (idle reference saves {}), failed requests {}",
        loaded.saves.len(),
        audited - idle.saves.len(),
        idle.saves.len(),
        loaded.failed
    );
    println!("feed polls answered 304 Not Modified: {} of {}", loaded.not_modified, loaded.feeds.len());
    println!("server peak memory (VmHWM): {:.1} MB", peak_kb as f64 / 1024.0);
}
