//! Engine routes against a local fake engine (LibreTranslate wire protocol) with 50 ms latency that refuses
//! (HTTP 429) more than 8 requests at once:
//! 1. throughput: 10,000 segments (20% repeats by matching key) at 20 requests/s, 8 in flight → requests per
//!    second achieved vs the 20/s limit, and characters sent / characters of the unique untranslated segments;
//! 2. the kill test: `dich run` over generated articles as a child process, SIGKILLed at 10 random moments and
//!    restarted each time, then run to the end; total characters the engine received vs a clean run, and the
//!    outputs compared file by file with the clean run's;
//! 3. many in flight: 20,000 one-segment requests with 256 in flight at 1,000 requests/s against a fake with
//!    200 ms latency that runs in a child process (an async server: it refuses nothing below 256 in flight),
//!    so the CPU time this process uses is the routes' and the HTTP client's alone.
//!
//! `cargo bench --profile dev --bench engines` (dev profile: this machine's rule); figures go to BENCHMARKS.md.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use dich::config::Settings;
use dich::engine::registry::{build_engine, EngineTuning, NoGlossary};
use dich::engine::LangPair;
use dich::pipeline::{EngineStats, Route, RoutedEngine};

const LATENCY: Duration = Duration::from_millis(50);
const MAX_IN_FLIGHT: usize = 8;
const RATE: f64 = 20.0;

/// The fake engine: counts characters received and requests, answers "T:<text>" after 50 ms.
struct Fake {
    url: String,
    characters: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
    refused: Arc<AtomicUsize>,
}

fn start_fake() -> Fake {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let characters = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(AtomicUsize::new(0));
    let refused = Arc::new(AtomicUsize::new(0));
    let in_flight = Arc::new(AtomicUsize::new(0));
    let (c, r, f) = (characters.clone(), requests.clone(), refused.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (c, r, f, in_flight) = (c.clone(), r.clone(), f.clone(), in_flight.clone());
            std::thread::spawn(move || serve(stream, &c, &r, &f, &in_flight));
        }
    });
    Fake { url, characters, requests, refused }
}

fn serve(stream: TcpStream, chars: &AtomicUsize, reqs: &AtomicUsize, refused: &AtomicUsize, in_flight: &AtomicUsize) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut length = 0;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    let (status, answer) = if now > MAX_IN_FLIGHT {
        refused.fetch_add(1, Ordering::SeqCst);
        (429, "{\"error\":\"Slowdown\"}".to_string())
    } else {
        let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let texts: Vec<String> =
            value["q"].as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_string()).collect();
        chars.fetch_add(texts.iter().map(|t| t.chars().count()).sum(), Ordering::SeqCst);
        reqs.fetch_add(1, Ordering::SeqCst);
        std::thread::sleep(LATENCY);
        let out: Vec<String> = texts.iter().map(|t| format!("T:{t}")).collect();
        (200, serde_json::json!({ "translatedText": out }).to_string())
    };
    in_flight.fetch_sub(1, Ordering::SeqCst);
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
        answer.len()
    );
}

fn engine_table(url: &str) -> String {
    format!(
        "type = \"libretranslate\"\nurl = \"{url}\"\nbatch_size = 40\nconcurrency = {MAX_IN_FLIGHT}\n\
         requests_per_second = {RATE}\nretries = 8\nprice_per_million_chars = 20.0\n"
    )
}

/// Varied news-like sentences (few shared words between two of them, so memory lookups stay realistic).
fn sentence(i: usize) -> String {
    const A: &[&str] = &[
        "Giá lúa",
        "Sản lượng cà phê",
        "Kim ngạch xuất khẩu",
        "Lượng khách du lịch",
        "Vốn đầu tư",
        "Doanh thu bán lẻ",
        "Số ca bệnh",
        "Diện tích rừng",
        "Sản lượng điện",
        "Chỉ số giá",
    ];
    const B: &[&str] = &[
        "ở Lâm Đồng",
        "tại Đắk Lắk",
        "của Hà Nội",
        "ở Cần Thơ",
        "tại Quảng Ninh",
        "ở Gia Lai",
        "của Đà Nẵng",
        "tại Huế",
        "ở Bình Dương",
        "của Nghệ An",
        "tại Kiên Giang",
    ];
    const C: &[&str] = &["tăng mạnh", "giảm nhẹ", "đi ngang", "phục hồi", "lập kỷ lục", "chững lại", "vượt kế hoạch"];
    const D: &[&str] = &[
        "trong quý đầu năm",
        "so với cùng kỳ",
        "sau đợt mưa lớn",
        "nhờ chính sách mới",
        "dù thị trường khó khăn",
        "theo báo cáo của sở",
        "trong tháng vừa qua",
        "kể từ đầu mùa",
    ];
    let h = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let pick = |list: &[&'static str], shift: u32| list[((h >> shift) % list.len() as u64) as usize];
    format!("{} {} {} {} phần trăm {} (mã {i}).", pick(A, 7), pick(B, 17), pick(C, 27), i % 91 + 1, pick(D, 37))
}

fn throughput() {
    let fake = start_fake();
    let text = format!(
        "source = \"vi\"\ntargets = [\"en\"]\n[engines.mt]\n{}\n[[routes]]\nto = \"en\"\nengines = [\"memory\", \"mt\"]\n",
        engine_table(&fake.url)
    );
    let settings = Settings::parse(&text, Path::new("pipeline.toml")).unwrap();
    let engine = settings.engine("mt").unwrap();
    let built = build_engine(engine, Arc::new(NoGlossary)).unwrap();
    let routed = RoutedEngine::new(built, EngineTuning::for_kind(&engine.kind), true);
    let route = Route::new(LangPair::new("vi", "en"), vec![Arc::new(routed)], None);
    // 10,000 segments, every fifth a repeat (in another tone style/case) of an earlier one.
    let sources: Vec<(String, String)> = (0..10_000)
        .map(|i| {
            let text = if i % 5 == 4 { sentence(i - 4).to_uppercase() } else { sentence(i) };
            (format!("s{i}"), text)
        })
        .collect();
    let unique_chars: usize = (0..10_000).filter(|i| i % 5 != 4).map(|i| sentence(i).chars().count()).sum();
    let mut stats = EngineStats::default();
    let started = Instant::now();
    let answer = route.translate(&sources, &[], &mut stats, &mut |_, _| Ok(())).unwrap();
    let elapsed = started.elapsed().as_secs_f64();
    let requests = fake.requests.load(Ordering::SeqCst);
    let achieved = requests as f64 / elapsed;
    println!("throughput: {} segments translated, {requests} requests in {elapsed:.2} s", answer.translations.len());
    println!("  requests/s: {achieved:.2} of {RATE} limit = {:.1}%", 100.0 * achieved / RATE);
    println!("  refused for >{MAX_IN_FLIGHT} in flight: {}", fake.refused.load(Ordering::SeqCst));
    let sent = fake.characters.load(Ordering::SeqCst);
    println!(
        "  characters sent {sent} / unique untranslated {unique_chars} = {:.3}",
        sent as f64 / unique_chars as f64
    );
    let report = stats.into_reports().remove(0);
    println!("  summary: requests {}, retries {}, estimated cost {:.4}", report.requests, report.retries, report.cost);
}

fn write_articles(dir: &Path, articles: usize, sentences: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for a in 0..articles {
        let mut text = format!("Bản tin kinh tế số {a}\n\n");
        for s in 0..sentences {
            // Some sentences repeat across articles: they must be paid once.
            let n = if s % 10 == 9 { s } else { a * sentences + s };
            text.push_str(&sentence(n));
            text.push(if s % 4 == 3 { '\n' } else { ' ' });
            if s % 4 == 3 {
                text.push('\n');
            }
        }
        std::fs::write(dir.join(format!("bai-{a:03}.txt")), text).unwrap();
    }
}

fn run_dich(work: &Path, kill_after: Option<Duration>) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dich"))
        .args(["--config", "pipeline.toml", "run"])
        .current_dir(work)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    if let Some(after) = kill_after {
        let deadline = Instant::now() + after;
        while Instant::now() < deadline {
            if child.try_wait().unwrap().is_some() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        return false;
    }
    child.wait().unwrap();
    true
}

/// Output files (Markdown channels) by relative path → content; the summary and store are run-specific.
fn outputs(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if path.is_dir() {
                stack.push(path);
            } else if !name.starts_with("dich.sqlite")
                && !name.starts_with("run-summary")
                && !name.starts_with("qa-report")
            {
                found.insert(path.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&path).unwrap());
            }
        }
    }
    found
}

fn setup(work: &Path, url: &str) {
    std::fs::create_dir_all(work).unwrap();
    write_articles(&work.join("articles"), 10, 20);
    let config = format!(
        "source = \"vi\"\ntargets = [\"en\"]\ninputs = [\"articles\"]\noutput_dir = \"out\"\n\
         [engines.mt]\n{}\n[[routes]]\nto = \"en\"\nengines = [\"memory\", \"mt\"]\n",
        engine_table(url)
    );
    std::fs::write(work.join("pipeline.toml"), config).unwrap();
}

/// A directory kept after the bench, for inspecting a difference.
struct Kept(PathBuf);

impl Kept {
    fn path(&self) -> &Path {
        &self.0
    }
}

fn first_difference(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>) -> Option<String> {
    for (path, left) in a {
        match b.get(path) {
            None => return Some(format!("{} missing", path.display())),
            Some(right) if right != left => {
                let (l, r) = (String::from_utf8_lossy(left), String::from_utf8_lossy(right));
                let line = l.lines().zip(r.lines()).find(|(x, y)| x != y);
                return Some(format!("{}: {:?}", path.display(), line));
            }
            _ => {}
        }
    }
    None
}

fn kill_test() {
    let clean_fake = start_fake();
    let root = std::env::temp_dir().join("dich-bench-kill");
    let _ = std::fs::remove_dir_all(&root);
    let clean = Kept(root.join("clean"));
    setup(clean.path(), &clean_fake.url);
    let started = Instant::now();
    run_dich(clean.path(), None);
    let clean_time = started.elapsed();
    let clean_chars = clean_fake.characters.load(Ordering::SeqCst);
    println!("kill test: clean run {:.2} s, {clean_chars} characters", clean_time.as_secs_f64());

    let fake = start_fake();
    let killed = Kept(root.join("killed"));
    setup(killed.path(), &fake.url);
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut kills = 0;
    while kills < 10 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Spread over the run: each restart has about a tenth of the clean run's time before its kill.
        let span = (clean_time.as_millis() as u64 / 10).max(200);
        let at = Duration::from_millis(300 + seed % span);
        if run_dich(killed.path(), Some(at)) {
            break; // finished before the kill moment
        }
        kills += 1;
        println!(
            "  killed at {} ms (engine received {} characters so far)",
            at.as_millis(),
            fake.characters.load(Ordering::SeqCst)
        );
    }
    run_dich(killed.path(), None);
    let total = fake.characters.load(Ordering::SeqCst);
    let (clean_out, killed_out) = (outputs(&clean.path().join("out")), outputs(&killed.path().join("out")));
    let same = clean_out == killed_out;
    if let Some(difference) = first_difference(&clean_out, &killed_out) {
        println!("  first difference: {difference}");
    }
    println!(
        "  {kills} kills: total characters {total} / clean {clean_chars} = {:.4}; outputs identical: {same} ({} files)",
        total as f64 / clean_chars as f64,
        outputs(&clean.path().join("out")).len()
    );
}

const WIDE_LATENCY: Duration = Duration::from_millis(200);
const WIDE_IN_FLIGHT: usize = 256;
const WIDE_RATE: f64 = 1000.0;
const WIDE_REQUESTS: usize = 20_000;

/// The child process's fake: LibreTranslate's `/translate` answered after 200 ms, 429 beyond 256 in flight;
/// `/stats` gives the counts. Prints its address on the first line of stdout.
fn serve_wide_fake() {
    use axum::routing::{get, post};
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        println!("http://{}", listener.local_addr().unwrap());
        let counts = Arc::new([AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0)]);
        let (for_translate, for_stats) = (counts.clone(), counts.clone());
        let app = axum::Router::new()
            .route(
                "/translate",
                post(move |body: axum::body::Bytes| {
                    let counts = for_translate.clone();
                    async move {
                        let [requests, refused, in_flight, most] = &*counts;
                        let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        let reply = if now > WIDE_IN_FLIGHT {
                            refused.fetch_add(1, Ordering::SeqCst);
                            (axum::http::StatusCode::TOO_MANY_REQUESTS, "{}".to_string())
                        } else {
                            requests.fetch_add(1, Ordering::SeqCst);
                            tokio::time::sleep(WIDE_LATENCY).await;
                            let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
                            let out: Vec<String> = value["q"]
                                .as_array()
                                .unwrap()
                                .iter()
                                .map(|t| format!("T:{}", t.as_str().unwrap()))
                                .collect();
                            (axum::http::StatusCode::OK, serde_json::json!({ "translatedText": out }).to_string())
                        };
                        in_flight.fetch_sub(1, Ordering::SeqCst);
                        reply
                    }
                }),
            )
            .route(
                "/stats",
                get(move || {
                    let counts = for_stats.clone();
                    async move {
                        let [requests, refused, _, most] = &*counts;
                        format!(
                            "{} {} {}",
                            requests.load(Ordering::SeqCst),
                            refused.load(Ordering::SeqCst),
                            most.load(Ordering::SeqCst)
                        )
                    }
                }),
            );
        axum::serve(listener, app).await.unwrap();
    });
}

/// CPU seconds (user + system) this process has used.
fn cpu_seconds() -> f64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes into the struct it is given and nothing else.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

fn wide() {
    let mut child =
        Command::new(std::env::current_exe().unwrap()).arg("--serve-wide-fake").stdout(Stdio::piped()).spawn().unwrap();
    let mut url = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut url).unwrap();
    let url = url.trim().to_string();
    let text = format!(
        "source = \"vi\"\ntargets = [\"en\"]\n[engines.mt]\ntype = \"libretranslate\"\nurl = \"{url}\"\n\
         batch_size = 1\nconcurrency = {WIDE_IN_FLIGHT}\nrequests_per_second = {WIDE_RATE}\nretries = 8\n\
         [[routes]]\nto = \"en\"\nengines = [\"memory\", \"mt\"]\n"
    );
    let settings = Settings::parse(&text, Path::new("pipeline.toml")).unwrap();
    let engine = settings.engine("mt").unwrap();
    let built = build_engine(engine, Arc::new(NoGlossary)).unwrap();
    let routed = RoutedEngine::new(built, EngineTuning::for_kind(&engine.kind), true);
    let route = Route::new(LangPair::new("vi", "en"), vec![Arc::new(routed)], None);
    let sources: Vec<(String, String)> = (0..WIDE_REQUESTS).map(|i| (format!("s{i}"), sentence(i))).collect();
    let mut stats = EngineStats::default();
    let (started, cpu_before) = (Instant::now(), cpu_seconds());
    let answer = route.translate(&sources, &[], &mut stats, &mut |_, _| Ok(())).unwrap();
    let (elapsed, cpu) = (started.elapsed().as_secs_f64(), cpu_seconds() - cpu_before);
    let counts = reqwest::blocking::get(format!("{url}/stats")).unwrap().text().unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let numbers: Vec<usize> = counts.split(' ').map(|n| n.parse().unwrap()).collect();
    let achieved = numbers[0] as f64 / elapsed;
    println!(
        "many in flight: {} segments translated, {} requests in {elapsed:.2} s",
        answer.translations.len(),
        numbers[0]
    );
    println!("  requests/s: {achieved:.1} of {WIDE_RATE} limit = {:.1}%", 100.0 * achieved / WIDE_RATE);
    println!("  most in flight at the fake: {} (limit {WIDE_IN_FLIGHT}); refused: {}", numbers[2], numbers[1]);
    println!("  CPU of this process: {cpu:.2} s over {elapsed:.2} s = {:.2} cores busy", cpu / elapsed);
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    if std::env::args().any(|a| a == "--serve-wide-fake") {
        serve_wide_fake();
        return;
    }
    let only: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    if only.is_empty() || only.iter().any(|a| a == "throughput") {
        throughput();
    }
    if only.is_empty() || only.iter().any(|a| a == "kill") {
        kill_test();
    }
    if only.is_empty() || only.iter().any(|a| a == "wide") {
        wide();
    }
}
