//! The embedded Marian engine against transformers' own outputs on a tiny model.
//!
//! tests/fixtures/marian/ is made by scripts/make-marian-fixture.py (transformers 4.46.3, torch 1.13): a Marian
//! vi→en model with d_model 32, 2+2 layers, trained a few hundred steps on ten sentence pairs, and
//! reference.json with token ids, per-step logits and greedy/beam outputs.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use dich::engine::guard::{GuardedEngine, TermFinder};
use dich::engine::marian::decode::{generate, step_logits, DecodeOptions};
use dich::engine::marian::tokenizer::MarianTokenizer;
use dich::engine::marian::{MarianEngine, MarianOptions};
use dich::engine::runtime::block_on;
use dich::engine::{Capabilities, Engine, EngineFuture, LangPair, MarkupSupport, Origin, SourceSegment};
use dich::glossary::protect::{Strategy, TermSpan};
use serde_json::Value;

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/marian")
}

fn model_dir() -> PathBuf {
    fixture_dir().join("model")
}

fn reference() -> &'static Value {
    static REFERENCE: OnceLock<Value> = OnceLock::new();
    REFERENCE.get_or_init(|| {
        let text = std::fs::read_to_string(fixture_dir().join("reference.json")).unwrap();
        serde_json::from_str(&text).unwrap()
    })
}

fn engine() -> &'static MarianEngine {
    static ENGINE: OnceLock<MarianEngine> = OnceLock::new();
    ENGINE.get_or_init(|| MarianEngine::load(&model_dir(), MarianOptions::default()).unwrap())
}

fn ids(value: &Value) -> Vec<u32> {
    value.as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as u32).collect()
}

fn strings(value: &Value) -> Vec<String> {
    value.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
}

// ---- Tokenizer ----

#[test]
fn pieces_and_ids_match_marian_tokenizer() {
    let tokenizer = MarianTokenizer::load(&model_dir()).unwrap();
    let cases = reference()["tokens"].as_array().unwrap();
    assert!(cases.len() >= 9);
    for case in cases {
        let text = case["text"].as_str().unwrap();
        assert_eq!(tokenizer.pieces(text), strings(&case["pieces"]), "pieces of {text:?}");
        assert_eq!(tokenizer.encode(text), ids(&case["ids"]), "ids of {text:?}");
    }
}

#[test]
fn decoding_ids_matches_skip_special_tokens() {
    let tokenizer = MarianTokenizer::load(&model_dir()).unwrap();
    for case in reference()["greedy"].as_array().unwrap() {
        assert_eq!(tokenizer.decode(&ids(&case["output_ids"])), case["output_text"].as_str().unwrap());
    }
}

// ---- Model and decoding ----

#[test]
fn logits_match_transformers_at_every_step() {
    let engine = engine();
    let mut compared = 0;
    for case in reference()["greedy"].as_array().unwrap() {
        let source = ids(&case["input_ids"]);
        let output = ids(&case["output_ids"]);
        let logits = step_logits(engine.model(), &source, &output[1..]).unwrap();
        let expected = case["logits"].as_array().unwrap();
        assert_eq!(logits.len(), expected.len());
        for (step, (row, want)) in logits.iter().zip(expected).enumerate() {
            for (token, (got, want)) in row.iter().zip(want.as_array().unwrap()).enumerate() {
                let want = want.as_f64().unwrap() as f32;
                assert!((got - want).abs() < 1e-4, "step {step} token {token}: {got} vs {want}");
                compared += 1;
            }
        }
    }
    assert!(compared > 10_000, "only {compared} logits compared");
}

fn decode(beam: usize, length_penalty: f64, max_length: usize) -> DecodeOptions {
    DecodeOptions { beam, max_length, length_penalty }
}

#[test]
fn greedy_output_is_identical_to_transformers() {
    let engine = engine();
    for case in reference()["greedy"].as_array().unwrap() {
        let source = ids(&case["input_ids"]);
        let out = generate(engine.model(), &[source], &decode(1, 1.0, 40)).unwrap();
        assert_eq!(out[0], ids(&case["output_ids"])[1..], "greedy output of {}", case["text"]);
    }
}

#[test]
fn beam_output_is_identical_to_transformers() {
    let engine = engine();
    let cases = reference()["beam"].as_array().unwrap();
    for case in cases {
        let text = case["text"].as_str().unwrap();
        let source = engine.tokenizer().encode(text);
        let options = decode(case["beams"].as_u64().unwrap() as usize, case["length_penalty"].as_f64().unwrap(), 40);
        let out = generate(engine.model(), &[source], &options).unwrap();
        assert_eq!(out[0], ids(&case["output_ids"])[1..], "beam output of {text} with {options:?}");
    }
}

#[test]
fn a_short_max_length_forces_the_end_token() {
    let engine = engine();
    let short = &reference()["short"];
    let source = engine.tokenizer().encode(short["text"].as_str().unwrap());
    let greedy = generate(engine.model(), std::slice::from_ref(&source), &decode(1, 1.0, 4)).unwrap();
    assert_eq!(greedy[0], ids(&short["greedy"])[1..]);
    let beam = generate(engine.model(), &[source], &decode(4, 1.0, 4)).unwrap();
    assert_eq!(beam[0], ids(&short["beam4"])[1..]);
}

#[test]
fn a_batch_of_mixed_lengths_equals_one_by_one() {
    let engine = engine();
    let texts: Vec<&str> =
        reference()["greedy"].as_array().unwrap().iter().map(|c| c["text"].as_str().unwrap()).collect();
    let sources: Vec<Vec<u32>> = texts.iter().map(|t| engine.tokenizer().encode(t)).collect();
    assert!(sources.iter().map(Vec::len).min() < sources.iter().map(Vec::len).max());
    for beam in [1, 4] {
        let options = decode(beam, 1.0, 40);
        let together = generate(engine.model(), &sources, &options).unwrap();
        for (source, out) in sources.iter().zip(&together) {
            assert_eq!(&generate(engine.model(), std::slice::from_ref(source), &options).unwrap()[0], out);
        }
    }
}

// ---- The engine ----

#[test]
fn the_engine_translates_a_batch_in_order_with_its_pair_and_provenance() {
    let engine = engine();
    assert_eq!(engine.pair(), &LangPair::new("vi", "en"));
    let caps = engine.capabilities();
    assert_eq!(caps.pairs, Some(vec![LangPair::new("vi", "en")]));
    let batch: Vec<SourceSegment> =
        ["Trời hôm nay mưa rất to.", "   ", "Hà Nội là thủ đô của Việt Nam.", "😀🇻🇳 ＡＢＣ"]
            .iter()
            .enumerate()
            .map(|(i, t)| SourceSegment { id: format!("s{i}"), text: t.to_string() })
            .collect();
    let out = engine.translate(&LangPair::new("vi", "en"), &batch).unwrap();
    let texts: Vec<&str> = out.iter().map(|o| o.translation.as_ref().unwrap().text.as_str()).collect();
    assert_eq!(texts[0], "It is raining very hard today.");
    assert_eq!(texts[1], "");
    assert_eq!(texts[2], "Hanoi is the capital of Vietnam.");
    assert_eq!(out.iter().map(|o| o.segment_id.as_str()).collect::<Vec<_>>(), ["s0", "s1", "s2", "s3"]);
    assert_eq!(out[0].translation.as_ref().unwrap().origin, Origin::Machine { engine: "marian".into() });
    // Another pair than the model's: the route named it, so it is translated (with a warning), not refused.
    let other = engine.translate(&LangPair::new("en", "vi"), &batch);
    assert!(other.is_ok(), "{other:?}");
}

#[test]
fn a_ten_thousand_token_sentence_is_cut_to_the_model_positions() {
    let engine = engine();
    let long = "Hà Nội là thủ đô của Việt Nam ".repeat(500);
    assert!(engine.tokenizer().encode(&long).len() > 10_000);
    let out = engine.translate_texts(&[&long, "Trời hôm nay mưa rất to."]).unwrap();
    assert!(!out[0].is_empty());
    assert_eq!(out[1], "It is raining very hard today.");
}

// ---- Bad model directories: clear errors, no panics ----

fn copy_model(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(model_dir()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// The fixture model with its weights in pytorch_model.bin (the same weights, written by
/// scripts/make-marian-fixture.py) instead of model.safetensors.
fn pytorch_model(to: &Path) {
    copy_model(to);
    std::fs::remove_file(to.join("model.safetensors")).unwrap();
    std::fs::copy(fixture_dir().join("pytorch_model.bin"), to.join("pytorch_model.bin")).unwrap();
}

#[test]
fn pytorch_model_bin_loads_and_translates_as_safetensors_does() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("m");
    pytorch_model(&dir);
    let from_bin = MarianEngine::load(&dir, MarianOptions::default()).unwrap();
    let texts: Vec<&str> =
        reference()["greedy"].as_array().unwrap().iter().map(|c| c["text"].as_str().unwrap()).collect();
    for beam in [1, 4] {
        let options = decode(beam, 1.0, 40);
        let expected = engine().translate_texts_with(&texts, &options).unwrap();
        assert_eq!(from_bin.translate_texts_with(&texts, &options).unwrap(), expected, "beam {beam}");
        assert!(expected.iter().all(|t| !t.is_empty()));
    }
    let case = &reference()["greedy"][0];
    let (source, output) = (ids(&case["input_ids"]), ids(&case["output_ids"]));
    assert_eq!(
        step_logits(from_bin.model(), &source, &output[1..]).unwrap(),
        step_logits(engine().model(), &source, &output[1..]).unwrap()
    );
}

#[test]
fn a_corrupt_pytorch_model_bin_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("m");
    pytorch_model(&dir);
    let weights = std::fs::read(dir.join("pytorch_model.bin")).unwrap();
    std::fs::write(dir.join("pytorch_model.bin"), &weights[..weights.len() / 2]).unwrap();
    let message = load_error(&dir);
    assert!(message.contains("pytorch_model.bin"), "{message}");
}

fn load_error(dir: &Path) -> String {
    match MarianEngine::load(dir, MarianOptions::default()) {
        Ok(_) => panic!("{} loaded", dir.display()),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_missing_model_directory_says_how_to_get_it() {
    let tmp = tempfile::tempdir().unwrap();
    let message = load_error(&tmp.path().join("opus-mt-vi-en"));
    assert!(message.contains("dich models pull opus-mt-vi-en"), "{message}");
}

#[test]
fn missing_and_corrupt_files_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("m");

    copy_model(&dir);
    std::fs::remove_file(dir.join("vocab.json")).unwrap();
    assert!(load_error(&dir).contains("vocab.json"));

    copy_model(&dir);
    std::fs::remove_file(dir.join("model.safetensors")).unwrap();
    assert!(load_error(&dir).contains("model.safetensors"));

    copy_model(&dir);
    let weights = std::fs::read(dir.join("model.safetensors")).unwrap();
    std::fs::write(dir.join("model.safetensors"), &weights[..weights.len() / 2]).unwrap();
    assert!(load_error(&dir).contains("model.safetensors"));

    copy_model(&dir);
    std::fs::write(dir.join("source.spm"), b"not a sentencepiece model").unwrap();
    assert!(load_error(&dir).contains("source.spm"));

    copy_model(&dir);
    std::fs::write(dir.join("config.json"), "{\n  \"d_model\": 32,\n  oops\n}").unwrap();
    let message = load_error(&dir);
    assert!(message.contains("config.json, line 3"), "{message}");
}

#[test]
fn a_vocabulary_that_disagrees_with_the_weights_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("m");
    copy_model(&dir);
    let mut vocab: serde_json::Map<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("vocab.json")).unwrap()).unwrap();
    let size = vocab.len();
    vocab.insert("▁extra".into(), Value::from(size));
    std::fs::write(dir.join("vocab.json"), serde_json::to_string(&vocab).unwrap()).unwrap();
    let message = load_error(&dir);
    assert!(message.contains("vocab.json") && message.contains(&(size + 1).to_string()), "{message}");

    // Config and vocabulary agree, the weights do not.
    let mut config: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("config.json")).unwrap()).unwrap();
    config["vocab_size"] = Value::from(size + 1);
    config["decoder_vocab_size"] = Value::from(size + 1);
    std::fs::write(dir.join("config.json"), config.to_string()).unwrap();
    let message = load_error(&dir);
    assert!(message.contains("model.safetensors"), "{message}");
}

#[test]
fn unknown_config_fields_are_ignored() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("m");
    copy_model(&dir);
    let mut config: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("config.json")).unwrap()).unwrap();
    config["quantum_flux"] = Value::from(true);
    config.as_object_mut().unwrap().remove("scale_embedding");
    config["scale_embedding"] = Value::from(true);
    std::fs::write(dir.join("config.json"), config.to_string()).unwrap();
    let engine = MarianEngine::load(&dir, MarianOptions { beam: Some(1), ..MarianOptions::default() }).unwrap();
    assert_eq!(
        engine.translate_texts(&["Hà Nội là thủ đô của Việt Nam."]).unwrap()[0],
        "Hanoi is the capital of Vietnam."
    );
}

#[test]
fn the_pair_comes_from_an_opus_mt_directory_name_when_nothing_declares_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("opus-mt-vi-fr");
    copy_model(&dir);
    std::fs::remove_file(dir.join("tokenizer_config.json")).unwrap();
    let engine = MarianEngine::load(&dir, MarianOptions::default()).unwrap();
    assert_eq!(engine.pair(), &LangPair::new("vi", "fr"));
    let declared = MarianEngine::load(
        &dir,
        MarianOptions { pair: Some(LangPair::new("vi", "en")), threads: Some(1), ..MarianOptions::default() },
    )
    .unwrap();
    assert_eq!(declared.pair(), &LangPair::new("vi", "en"));
    assert_eq!(declared.translate_texts(&["Trời hôm nay mưa rất to."]).unwrap()[0], "It is raining very hard today.");
}

// ---- dich models pull / list, against a local server in the hub's layout ----

mod hub_server {
    use std::collections::HashMap;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;
    use std::sync::{Arc, Mutex};

    use sha2::Digest;

    /// How the CDN serves the weights.
    #[derive(Clone, Copy, PartialEq)]
    pub enum Weights {
        Intact,
        /// The first answer promises the whole file and stops half way.
        CutOnce,
        /// One byte differs from what the checksum says.
        Corrupt,
    }

    pub struct Server {
        pub base: String,
        /// "path range" of every request, in order.
        pub requests: Arc<Mutex<Vec<String>>>,
    }

    fn git_blob_sha1(bytes: &[u8]) -> String {
        let mut h = sha1::Sha1::new();
        h.update(format!("blob {}\0", bytes.len()).as_bytes());
        h.update(bytes);
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Serves the fixture model as repository Helsinki-NLP/opus-mt-vi-en: small files with their git blob id as
    /// ETag, the weights through a redirect carrying X-Linked-ETag (sha256) as the hub does for LFS files.
    pub fn start(files: HashMap<String, Vec<u8>>, weights: Weights) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = requests.clone();
        std::thread::spawn(move || {
            let mut cut_done = false;
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut first = String::new();
                if reader.read_line(&mut first).is_err() {
                    continue;
                }
                let path = first.split_whitespace().nth(1).unwrap_or("").to_string();
                let mut range_start = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).is_err() || line.trim().is_empty() {
                        break;
                    }
                    let lower = line.to_ascii_lowercase();
                    if let Some(v) = lower.strip_prefix("range: bytes=") {
                        range_start = v.trim().trim_end_matches('-').parse::<usize>().ok();
                    }
                }
                log.lock().unwrap().push(format!("{path} {}", range_start.map_or("-".into(), |r| r.to_string())));
                let prefix = "/Helsinki-NLP/opus-mt-vi-en/resolve/main/";
                let respond = |stream: &mut std::net::TcpStream, head: String, body: &[u8]| {
                    let _ = stream.write_all(head.as_bytes());
                    let _ = stream.write_all(body);
                };
                if let Some(name) = path.strip_prefix(prefix) {
                    match files.get(name) {
                        Some(bytes) if name == "model.safetensors" => {
                            let sha: String = sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
                            let head = format!(
                                "HTTP/1.1 302 Found\r\nLocation: /cdn/{name}\r\nX-Linked-ETag: \"{sha}\"\r\n\
                                 X-Linked-Size: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                                bytes.len()
                            );
                            respond(&mut stream, head, b"");
                        }
                        Some(bytes) => {
                            let head = format!(
                                "HTTP/1.1 200 OK\r\nETag: \"{}\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                                git_blob_sha1(bytes),
                                bytes.len()
                            );
                            respond(&mut stream, head, bytes);
                        }
                        None => respond(
                            &mut stream,
                            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".into(),
                            b"",
                        ),
                    }
                } else if let Some(name) = path.strip_prefix("/cdn/") {
                    let mut bytes = files[name].clone();
                    if weights == Weights::Corrupt {
                        let middle = bytes.len() / 2;
                        bytes[middle] ^= 1;
                    }
                    let start = range_start.unwrap_or(0);
                    let status = if range_start.is_some() { "206 Partial Content" } else { "200 OK" };
                    let body = &bytes[start..];
                    let head = format!(
                        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nContent-Range: bytes {start}-{}/{}\r\n\
                         Connection: close\r\n\r\n",
                        body.len(),
                        bytes.len() - 1,
                        bytes.len()
                    );
                    if weights == Weights::CutOnce && !cut_done {
                        cut_done = true;
                        respond(&mut stream, head, &body[..body.len() / 2]);
                    } else {
                        respond(&mut stream, head, body);
                    }
                }
            }
        });
        Server { base, requests }
    }
}

fn fixture_files() -> std::collections::HashMap<String, Vec<u8>> {
    std::fs::read_dir(model_dir())
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn pull_downloads_verifies_and_the_model_loads() {
    use dich::engine::marian::hub;
    let server = hub_server::start(fixture_files(), hub_server::Weights::Intact);
    let tmp = tempfile::tempdir().unwrap();
    let dir = hub::pull("opus-mt-vi-en", tmp.path(), &server.base, &mut hub::Silent).unwrap();
    assert_eq!(dir, tmp.path().join("opus-mt-vi-en"));
    for file in ["config.json", "source.spm", "target.spm", "vocab.json", "model.safetensors", "tokenizer_config.json"]
    {
        assert_eq!(std::fs::read(dir.join(file)).unwrap(), std::fs::read(model_dir().join(file)).unwrap(), "{file}");
    }
    let requests = server.requests.lock().unwrap().clone();
    assert!(requests.contains(&"/cdn/model.safetensors -".to_string()), "{requests:?}");
    assert!(!requests.iter().any(|r| r.contains("pytorch_model.bin")), "weights fetched once: {requests:?}");

    let listed = hub::list(tmp.path()).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name, "opus-mt-vi-en");
    assert_eq!(listed[0].pair, Some(LangPair::new("vi", "en")));
    assert!(listed[0].complete);

    let engine = MarianEngine::load(&dir, MarianOptions::default()).unwrap();
    assert_eq!(
        engine.translate_texts(&["Hà Nội là thủ đô của Việt Nam."]).unwrap()[0],
        "Hanoi is the capital of Vietnam."
    );

    // A second pull finds everything in place and downloads nothing.
    let before = server.requests.lock().unwrap().len();
    hub::pull("opus-mt-vi-en", tmp.path(), &server.base, &mut hub::Silent).unwrap();
    assert_eq!(server.requests.lock().unwrap().len(), before);
}

#[test]
fn an_interrupted_pull_resumes_with_a_range_request() {
    use dich::engine::marian::hub;
    let server = hub_server::start(fixture_files(), hub_server::Weights::CutOnce);
    let tmp = tempfile::tempdir().unwrap();
    let first = hub::pull("opus-mt-vi-en", tmp.path(), &server.base, &mut hub::Silent);
    assert!(first.is_err());
    let part = tmp.path().join("opus-mt-vi-en/model.safetensors.part");
    let partial = std::fs::metadata(&part).unwrap().len();
    assert!(partial > 0);
    let dir = hub::pull("opus-mt-vi-en", tmp.path(), &server.base, &mut hub::Silent).unwrap();
    assert!(!part.exists());
    assert_eq!(
        std::fs::read(dir.join("model.safetensors")).unwrap(),
        std::fs::read(model_dir().join("model.safetensors")).unwrap()
    );
    let requests = server.requests.lock().unwrap().clone();
    assert!(requests.contains(&format!("/cdn/model.safetensors {partial}")), "{requests:?}");
}

#[test]
fn a_corrupt_download_is_refused_and_deleted() {
    use dich::engine::marian::hub;
    let server = hub_server::start(fixture_files(), hub_server::Weights::Corrupt);
    let tmp = tempfile::tempdir().unwrap();
    let error = hub::pull("opus-mt-vi-en", tmp.path(), &server.base, &mut hub::Silent).unwrap_err();
    assert!(error.to_string().contains("model.safetensors"), "{error}");
    let dir = tmp.path().join("opus-mt-vi-en");
    assert!(!dir.join("model.safetensors").exists());
    assert!(!dir.join("model.safetensors.part").exists());
    assert!(!hub::list(tmp.path()).unwrap()[0].complete);
}

#[test]
fn pulling_an_unknown_model_names_the_url() {
    use dich::engine::marian::hub;
    let server = hub_server::start(fixture_files(), hub_server::Weights::Intact);
    let tmp = tempfile::tempdir().unwrap();
    let error = hub::pull("opus-mt-xx-yy", tmp.path(), &server.base, &mut hub::Silent).unwrap_err();
    assert!(error.to_string().contains("opus-mt-xx-yy/resolve/main/config.json"), "{error}");
}

// ---- Configured engines: pipeline.toml's `type = "marian"` and `dich translate` ----

fn marian_settings(model: &Path) -> dich::config::EngineSettings {
    dich::config::EngineSettings {
        name: "opus".into(),
        kind: dich::config::EngineKind::Marian(dich::config::MarianSettings {
            model: model.display().to_string(),
            beam: Some(1),
            ..Default::default()
        }),
    }
}

#[test]
fn the_registry_builds_a_configured_marian_engine() {
    use dich::engine::registry::{build_engine, NoGlossary};
    let engine = build_engine(&marian_settings(&model_dir()), std::sync::Arc::new(NoGlossary)).unwrap();
    assert_eq!(engine.name(), "opus");
    let out = engine
        .translate(
            &LangPair::new("vi", "en"),
            &[SourceSegment { id: "a".into(), text: "Giá xăng tăng trong tuần này.".into() }],
        )
        .unwrap();
    assert_eq!(out[0].translation.as_ref().unwrap().text, "Petrol prices rose this week.");
}

#[test]
fn a_configured_model_that_is_not_downloaded_takes_the_engine_out_with_the_pull_command() {
    use dich::engine::registry::{build_engine, NoGlossary};
    let tmp = tempfile::tempdir().unwrap();
    let settings = marian_settings(&tmp.path().join("opus-mt-vi-en"));
    let engine =
        build_engine(&settings, std::sync::Arc::new(NoGlossary)).expect("a missing model does not stop the run");
    let error = engine
        .translate(&LangPair::new("vi", "en"), &[SourceSegment { id: "a".into(), text: "Xin chào.".into() }])
        .unwrap_err();
    assert!(error.takes_engine_out());
    assert!(error.to_string().contains("dich models pull opus-mt-vi-en"), "{error}");

    // A model that is there but broken is an error when the engine is built.
    let broken = tmp.path().join("broken");
    copy_model(&broken);
    std::fs::remove_file(broken.join("source.spm")).unwrap();
    assert!(build_engine(&marian_settings(&broken), std::sync::Arc::new(NoGlossary)).is_err());
}

#[test]
fn pipeline_toml_accepts_a_marian_engine_and_checks_its_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let write = |engine: &str| {
        let path = tmp.path().join("pipeline.toml");
        let text = format!(
            "source = \"vi\"\ntargets = [\"en\"]\n\n[engines.opus]\ntype = \"marian\"\n{engine}\n\n\
             [[routes]]\nfrom = \"vi\"\nto = \"en\"\nengines = [\"opus\"]\n"
        );
        std::fs::write(&path, text).unwrap();
        dich::config::Settings::load(&path)
    };
    let settings = write("model = \"models/opus-mt-vi-en\"\nbeam = 2\nthreads = 1\nprecision = \"int8\"")
        .unwrap_or_else(|e| panic!("{e}"));
    let engine = settings.engine("opus").unwrap();
    match &engine.kind {
        dich::config::EngineKind::Marian(s) => {
            assert_eq!(s.beam, Some(2));
            assert_eq!(s.precision, Some(dich::config::MarianPrecision::Int8));
            assert_eq!(s.model_dir(), tmp.path().join("models/opus-mt-vi-en"));
        }
        other => panic!("{other:?}"),
    }
    let errors = write("model = \"m\"\nbeam = 0").unwrap_err().to_string();
    assert!(errors.contains("beam"), "{errors}");
    let errors = write("model = \"m\"\nbeams = 4").unwrap_err().to_string();
    assert!(errors.contains("beams"), "{errors}");
    let errors = write("model = \"m\"\nprecision = \"int4\"").unwrap_err().to_string();
    assert!(errors.contains("pipeline.toml:7:13: unknown value \"int4\" for \"precision\""), "{errors}");
}

/// `dich --lang en translate --from vi --to en --engine marian ARGS` in `dir`, with `stdin` as its input.
fn translate_with_marian(dir: &Path, args: &[&str], stdin: &str) -> std::process::Output {
    assert_cmd::Command::cargo_bin("dich")
        .unwrap()
        .current_dir(dir)
        .args(["--lang", "en", "translate", "--from", "vi", "--to", "en", "--engine", "marian"])
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap()
}

/// The fixture model with tokenizer_config.json's languages as published models write them: ISO 639-3 codes
/// (the Tatoeba models' cards), the converter's "opus-mt-vi" string, a region.
#[test]
fn model_languages_are_read_as_published_models_write_them() {
    for (source, target) in [("vie", "eng"), ("opus-mt-vi", "en"), ("vi_VN", "en-US"), ("mul", "eng")] {
        let tmp = tempfile::tempdir().unwrap();
        let model = tmp.path().join("model");
        copy_model(&model);
        let config = std::fs::read_to_string(model.join("tokenizer_config.json")).unwrap();
        let config = config
            .replace("\"source_lang\": \"vi\"", &format!("\"source_lang\": \"{source}\""))
            .replace("\"target_lang\": \"en\"", &format!("\"target_lang\": \"{target}\""));
        std::fs::write(model.join("tokenizer_config.json"), config).unwrap();
        let output = translate_with_marian(
            tmp.path(),
            &["--model", model.to_str().unwrap()],
            "Hà Nội là thủ đô của Việt Nam.\n",
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{source}/{target}: {stderr}");
        assert_eq!(
            String::from_utf8_lossy(&output.stdout).trim(),
            "Hanoi is the capital of Vietnam.",
            "{source}/{target}"
        );
        // A model that says another pair than the one asked: translated, with a warning, not refused.
        assert_eq!(stderr.contains("the model says it translates"), source == "mul", "{source}: {stderr}");
    }
}

#[test]
fn dich_translate_runs_the_marian_engine_with_flags_only() {
    let tmp = tempfile::tempdir().unwrap();
    let model = model_dir().display().to_string();
    let text = "Hà Nội là thủ đô của Việt Nam. Trời hôm nay mưa rất to.\n";
    let output = translate_with_marian(tmp.path(), &["--beam", "4", "--model", &model], text);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(stdout.trim(), "Hanoi is the capital of Vietnam. It is raining very hard today.");

    // The same in int8 arithmetic: these two sentences come out unchanged.
    let int8 = translate_with_marian(tmp.path(), &["--precision", "int8", "--model", &model], text);
    assert!(int8.status.success(), "{}", String::from_utf8_lossy(&int8.stderr));
    assert_eq!(String::from_utf8_lossy(&int8.stdout).trim(), stdout.trim());

    let missing = translate_with_marian(tmp.path(), &["--model", "./opus-mt-vi-en"], "Xin chào.\n");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("dich models pull opus-mt-vi-en"));
}

#[test]
fn dich_models_list_shows_downloaded_models() {
    let tmp = tempfile::tempdir().unwrap();
    copy_model(&tmp.path().join("opus-mt-vi-en"));
    let output = assert_cmd::Command::cargo_bin("dich")
        .unwrap()
        .args(["models", "list", "--json", "--dir"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    let rows: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(rows[0]["name"], "opus-mt-vi-en");
    assert_eq!(rows[0]["pair"], "vi-en");
    assert_eq!(rows[0]["complete"], true);
}

// ---- Glossary protection through the guard ----

/// Finds fixed (source, target) terms by plain search.
struct FixedTerms(Vec<(&'static str, &'static str)>);

impl TermFinder for FixedTerms {
    fn term_spans(&self, _pair: &LangPair, text: &str) -> Vec<TermSpan> {
        let mut spans: Vec<TermSpan> = self
            .0
            .iter()
            .filter_map(|&(source, target)| {
                let start = text.find(source)?;
                Some(TermSpan {
                    byte_start: start,
                    byte_end: start + source.len(),
                    entry: format!("place:{target}"),
                    target: target.to_string(),
                    forbidden: Vec::new(),
                })
            })
            .collect();
        spans.sort_by_key(|s| s.byte_start);
        spans
    }
}

/// The Marian engine, recording the texts it is sent.
struct Recording {
    inner: MarianEngine,
    sent: Mutex<Vec<String>>,
}

impl Engine for Recording {
    fn name(&self) -> &str {
        self.inner.name()
    }
    fn capabilities(&self) -> Capabilities {
        self.inner.capabilities()
    }
    fn translate_explained<'a>(&'a self, pair: &'a LangPair, batch: &'a [SourceSegment]) -> EngineFuture<'a> {
        self.sent.lock().unwrap().extend(batch.iter().map(|s| s.text.clone()));
        self.inner.translate_explained(pair, batch)
    }
}

fn guarded(terms: Vec<(&'static str, &'static str)>) -> (GuardedEngine, Arc<Recording>) {
    let options = MarianOptions { beam: Some(1), ..MarianOptions::default() };
    let recording =
        Arc::new(Recording { inner: MarianEngine::load(&model_dir(), options).unwrap(), sent: Mutex::new(Vec::new()) });
    (GuardedEngine::new(recording.clone(), Arc::new(FixedTerms(terms)), false), recording)
}

#[test]
fn the_guard_writes_marian_terms_into_the_source_and_keeps_what_comes_through() {
    let (guard, recording) = guarded(vec![("Lâm Đồng", "Lam Dong")]);
    assert_eq!(engine().capabilities().markup, MarkupSupport::TargetTerms);
    assert_eq!(guard.strategies(), [Strategy::TargetInSource, Strategy::Placeholders]);
    let batch = [
        SourceSegment { id: "s1".into(), text: "Lâm Đồng có nhiều đồi chè xanh.".into() },
        SourceSegment { id: "s2".into(), text: "Chính phủ đã công bố kế hoạch mới.".into() },
    ];
    let (outputs, refusals) = block_on(guard.translate_explained(&LangPair::new("vi", "en"), &batch)).unwrap();
    assert!(refusals.is_empty(), "{refusals:?}");
    let texts: Vec<&str> = outputs.iter().map(|o| o.translation.as_ref().unwrap().text.as_str()).collect();
    assert_eq!(texts, ["Lam Dong has many green tea hills.", "The government announced a new plan."]);
    // One call: the segment without terms as it is, the other with the rendering in place of the term.
    assert_eq!(
        *recording.sent.lock().unwrap(),
        ["Chính phủ đã công bố kế hoạch mới.", "Lam Dong có nhiều đồi chè xanh."]
    );
}

#[test]
fn a_marian_term_lost_by_every_strategy_is_flagged_for_translators() {
    // The tiny model does not copy "Vietnam" (it writes "capitapietnam"), nor keep the placeholder.
    let (guard, recording) = guarded(vec![("Việt Nam", "Vietnam")]);
    let batch = [SourceSegment { id: "s1".into(), text: "Hà Nội là thủ đô của Việt Nam.".into() }];
    let (outputs, refusals) = block_on(guard.translate_explained(&LangPair::new("vi", "en"), &batch)).unwrap();
    assert_eq!(outputs[0].translation, None);
    assert_eq!(refusals.len(), 1);
    let reason = &refusals[0].reason;
    assert!(reason.contains("target-in-source: term place:Vietnam") && reason.contains("placeholders"), "{reason}");
    assert_eq!(*recording.sent.lock().unwrap(), ["Hà Nội là thủ đô của Vietnam.", "Hà Nội là thủ đô của ⟦T1⟧."]);
}

#[test]
fn int8_precision_stays_close_to_transformers() {
    let options = MarianOptions { precision: dich::config::MarianPrecision::Int8, ..MarianOptions::default() };
    let int8 = MarianEngine::load(&model_dir(), options).unwrap();
    let (mut same, mut worst) = (0, 0f32);
    let cases = reference()["greedy"].as_array().unwrap();
    for case in cases {
        let (source, output) = (ids(&case["input_ids"]), ids(&case["output_ids"]));
        let out = generate(int8.model(), std::slice::from_ref(&source), &decode(1, 1.0, 40)).unwrap();
        same += usize::from(out[0] == output[1..]);
        let logits = step_logits(int8.model(), &source, &output[1..]).unwrap();
        for (row, want) in logits.iter().zip(case["logits"].as_array().unwrap()) {
            for (got, want) in row.iter().zip(want.as_array().unwrap()) {
                worst = worst.max((got - want.as_f64().unwrap() as f32).abs());
            }
        }
    }
    // The fixture's d_model of 32 makes int8 rounding coarse (a real model's 512 or 1024 inputs average it out):
    // measured 6 of 8 outputs identical and logits within 0.75 of transformers' (they span about ±15).
    assert!(same * 4 >= cases.len() * 3, "only {same} of {} greedy outputs identical", cases.len());
    assert!(worst < 1.0, "int8 logits {worst} away from transformers'");
}

/// The fixture model as a multilingual one: two of its rarest vocabulary entries renamed to target-language
/// tokens, as opus-mt-en-mul and the tc-big multi-target models have them.
fn multilingual_model(dir: &Path) -> (u32, u32) {
    for entry in std::fs::read_dir(model_dir()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    let mut vocab: serde_json::Map<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("vocab.json")).unwrap()).unwrap();
    // The rarest pieces of the vocabulary (the highest ids), special tokens (<pad>, </s>, <unk>) aside.
    let mut by_id: Vec<(u64, String)> =
        vocab.iter().filter(|(k, _)| !k.starts_with('<')).map(|(k, v)| (v.as_u64().unwrap(), k.clone())).collect();
    by_id.sort();
    let (rus, zho) = (by_id[by_id.len() - 1].clone(), by_id[by_id.len() - 2].clone());
    vocab.remove(&rus.1);
    vocab.remove(&zho.1);
    vocab.insert(">>rus<<".into(), rus.0.into());
    vocab.insert(">>zho_Hans<<".into(), zho.0.into());
    std::fs::write(dir.join("vocab.json"), serde_json::to_string(&vocab).unwrap()).unwrap();
    (rus.0 as u32, zho.0 as u32)
}

#[test]
fn a_multilingual_model_gets_the_target_token_of_the_routes_language() {
    let dir = tempfile::tempdir().unwrap();
    let (rus, zho) = multilingual_model(dir.path());
    let options = MarianOptions { pair: Some(LangPair::new("vi", "mul")), ..MarianOptions::default() };
    let multilingual = MarianEngine::load(dir.path(), options).unwrap();
    let plain = multilingual.tokenizer().encode("Xin chào.");
    for (target, token, id) in [("ru", ">>rus<<", rus), ("zh", ">>zho_Hans<<", zho), ("zh-Hans", ">>zho_Hans<<", zho)] {
        assert_eq!(multilingual.target_token(target).unwrap(), Some((token, id)), "{target}");
        let ids = multilingual.source_ids_for("Xin chào.", target).unwrap().unwrap();
        assert_eq!(ids[0], id, "{target}: the token comes first");
        assert_eq!(&ids[1..], plain.as_slice(), "{target}");
    }
    // A language the model has no token for is a setup error that lists what it has, before anything is sent.
    let refused = multilingual.target_token("ko").unwrap_err();
    assert!(refused.takes_engine_out(), "{refused}");
    assert!(refused.to_string().contains(">>rus<<") && refused.to_string().contains("ko"), "{refused}");
    let batch = [SourceSegment { id: "s1".into(), text: "Xin chào.".into() }];
    assert!(multilingual.translate(&LangPair::new("vi", "ru"), &batch).is_ok());
    assert!(multilingual.translate(&LangPair::new("vi", "ko"), &batch).is_err());
    // A model of one target language takes no token.
    assert_eq!(engine().target_token("en").unwrap(), None);
    assert_eq!(engine().source_ids_for("Xin chào.", "en").unwrap().unwrap(), plain);
}

// ---- Model layouts as published: tests/fixtures/marian-layouts/<layout>/ (scripts/make-marian-fixture.py
// --layout all), each loaded from its model directory as written ----

fn layout_dir(layout: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/marian-layouts").join(layout)
}

fn layout_reference(layout: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(layout_dir(layout).join("reference.json")).unwrap()).unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// Loads `dir` and checks it against transformers on every case of `layout`'s reference: the source ids (the
/// target token first for a multilingual model), the teacher-forced logits of the first case, the greedy and
/// beam-4 outputs (ids and text) and the output with the model's own decoding settings.
fn check_layout(layout: &str, dir: &Path) {
    let engine = MarianEngine::load(dir, MarianOptions::default()).unwrap();
    let reference = layout_reference(layout);
    let cases = reference["cases"].as_array().unwrap();
    assert!(cases.len() >= 4, "{layout}");
    for case in cases {
        let text = case["text"].as_str().unwrap();
        let target = case["target"].as_str().unwrap_or(&engine.pair().target).to_string();
        let what = format!("{layout}: {text} → {target}");
        let source = engine.source_ids_for(text, &target).unwrap().unwrap();
        assert_eq!(source, ids(&case["input_ids"]), "ids of {what}");
        let pieces = strings(&case["pieces"]);
        let plain = &pieces[pieces.len() - engine.tokenizer().pieces(text).len()..];
        assert_eq!(engine.tokenizer().pieces(text), plain, "pieces of {what}");
        if let Some(expected) = case.get("logits") {
            let output = ids(&case["greedy"]["output_ids"]);
            let logits = step_logits(engine.model(), &source, &output[1..]).unwrap();
            let expected = expected.as_array().unwrap();
            assert_eq!(logits.len(), expected.len(), "{what}");
            for (step, (row, want)) in logits.iter().zip(expected).enumerate() {
                let want = want.as_array().unwrap();
                assert_eq!(row.len(), want.len(), "{what}: the decoder's vocabulary");
                for (token, (got, want)) in row.iter().zip(want).enumerate() {
                    let want = want.as_f64().unwrap() as f32;
                    assert!((got - want).abs() < 1e-4, "{what}: step {step} token {token}: {got} vs {want}");
                }
            }
        }
        for (key, options) in
            [("greedy", decode(1, 1.0, 40)), ("beam4", decode(4, 1.0, 40)), ("defaults", engine.decode_options())]
        {
            let out = generate(engine.model(), std::slice::from_ref(&source), &options).unwrap();
            assert_eq!(out[0], ids(&case[key]["output_ids"])[1..], "{key} output of {what}");
            let text_out = case[key]["output_text"].as_str().unwrap();
            assert_eq!(engine.tokenizer().decode(&out[0]), text_out, "{key} text of {what}");
        }
        let translated = engine.translate_into(&[text], &target, &engine.decode_options()).unwrap();
        assert_eq!(translated[0], case["defaults"]["output_text"].as_str().unwrap(), "{what}");
    }
}

#[test]
fn a_multilingual_layout_matches_transformers() {
    check_layout("multilingual", &layout_dir("multilingual").join("model"));
}

#[test]
fn a_separate_vocabularies_layout_matches_transformers() {
    let dir = layout_dir("separate-vocabs").join("model");
    check_layout("separate-vocabs", &dir);
    let engine = MarianEngine::load(&dir, MarianOptions::default()).unwrap();
    let config = &engine.model().config;
    assert!(config.decoder_vocab() < config.vocab_size, "the fixture's decoder vocabulary is the smaller one");
    assert_eq!(engine.tokenizer().target_vocab(), Some(dir.join("target_vocab.json").as_path()));
}

#[test]
fn a_tc_big_layout_with_float16_weights_matches_transformers() {
    let dir = layout_dir("tc-big").join("model");
    check_layout("tc-big", &dir);
    // The same float16 weights in model.safetensors (which is read first) translate the same.
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&dir, tmp.path());
    std::fs::copy(layout_dir("tc-big").join("model.safetensors"), tmp.path().join("model.safetensors")).unwrap();
    check_layout("tc-big", tmp.path());
    let engine = MarianEngine::load(&dir, MarianOptions::default()).unwrap();
    assert_eq!(engine.pair(), &LangPair::new("vi", "en"), "3-letter codes in tokenizer_config.json");
    assert_eq!(engine.model().config.activation_function, "relu");
}

#[test]
fn generation_config_overrides_config_json_as_in_transformers() {
    let dir = layout_dir("generation-config").join("model");
    check_layout("generation-config", &dir);
    let engine = MarianEngine::load(&dir, MarianOptions::default()).unwrap();
    assert_eq!(engine.decode_options(), decode(3, 1.0, 8));
    let config = &engine.model().config;
    assert_eq!((config.decoder_start(), config.forced_eos_token_id), (config.pad_token_id, Some(0)));
    assert_eq!(config.banned_tokens().len(), 2);
}

/// `dich --lang en translate --from vi --to TO --engine marian --model MODEL` in `dir`, with `stdin` as input.
fn translate_to(dir: &Path, to: &str, model: &Path, stdin: &str) -> std::process::Output {
    assert_cmd::Command::cargo_bin("dich")
        .unwrap()
        .current_dir(dir)
        .args(["--lang", "en", "translate", "--from", "vi", "--to", to, "--engine", "marian", "--model"])
        .arg(model)
        .write_stdin(stdin)
        .output()
        .unwrap()
}

#[test]
fn dich_translate_runs_every_layout_as_published() {
    let tmp = tempfile::tempdir().unwrap();
    for layout in ["multilingual", "separate-vocabs", "tc-big", "generation-config"] {
        let reference = layout_reference(layout);
        for case in reference["cases"].as_array().unwrap().iter().take(3) {
            let to = case["target"].as_str().unwrap_or("en");
            let output =
                translate_to(tmp.path(), to, &layout_dir(layout).join("model"), case["text"].as_str().unwrap());
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(output.status.success(), "{layout} → {to}: {stderr}");
            let expected = case["defaults"]["output_text"].as_str().unwrap();
            assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), expected, "{layout} → {to}");
        }
    }
}

#[test]
fn a_language_the_multilingual_model_has_no_token_for_is_named_with_the_model() {
    let tmp = tempfile::tempdir().unwrap();
    let model = layout_dir("multilingual").join("model");
    let output = translate_to(tmp.path(), "ko", &model, "Hà Nội là thủ đô của Việt Nam.\n");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(stderr.contains("ko") && stderr.contains(&model.display().to_string()), "{stderr}");
    assert!(stderr.contains(">>rus<<") && stderr.contains(">>cmn_Hans<<"), "{stderr}");
    let engine = MarianEngine::load(&model, MarianOptions::default()).unwrap();
    let refused = engine.target_token("ko").unwrap_err().to_string();
    assert!(refused.contains("ko") && refused.contains(&model.display().to_string()), "{refused}");
    // The languages it has tokens for, trained or not.
    assert_eq!(engine.target_token("uk").unwrap(), Some((">>ukr<<", 5)));
    assert_eq!(engine.target_token("zh-Hant").unwrap().unwrap().0, ">>zho_Hant<<");
}

#[test]
fn a_missing_target_vocabulary_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&layout_dir("separate-vocabs").join("model"), tmp.path());
    std::fs::remove_file(tmp.path().join("target_vocab.json")).unwrap();
    let message = load_error(tmp.path());
    assert!(message.contains(&tmp.path().join("target_vocab.json").display().to_string()), "{message}");
    assert!(message.contains("separate_vocabs"), "{message}");
}

#[test]
fn a_decoder_vocabulary_that_disagrees_with_the_weights_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_dir(&layout_dir("separate-vocabs").join("model"), dir);
    let read =
        |file: &str| -> Value { serde_json::from_str(&std::fs::read_to_string(dir.join(file)).unwrap()).unwrap() };
    let mut config = read("config.json");
    let size = config["decoder_vocab_size"].as_u64().unwrap();
    config["decoder_vocab_size"] = Value::from(size + 1);
    std::fs::write(dir.join("config.json"), config.to_string()).unwrap();
    // config.json against target_vocab.json.
    let message = load_error(dir);
    assert!(message.contains("target_vocab.json") && message.contains(&(size + 1).to_string()), "{message}");
    // Both say size + 1: the weights do not.
    let mut target = read("target_vocab.json");
    target["▁extra"] = Value::from(size);
    std::fs::write(dir.join("target_vocab.json"), target.to_string()).unwrap();
    let message = load_error(dir);
    assert!(message.contains("model.safetensors") && message.contains(&format!("[1, {}]", size + 1)), "{message}");
    // A target vocabulary whose </s> is not the config's.
    copy_dir(&layout_dir("separate-vocabs").join("model"), dir);
    let mut target = read("target_vocab.json");
    let eos = target["</s>"].take();
    target["</s>"] = Value::from(3);
    target["▁moved"] = eos;
    std::fs::write(dir.join("target_vocab.json"), target.to_string()).unwrap();
    let message = load_error(dir);
    assert!(message.contains("target_vocab.json") && message.contains("</s>"), "{message}");
}

#[test]
fn pull_fetches_the_target_vocabulary_of_a_model_with_separate_vocabularies() {
    use dich::engine::marian::hub;
    let model = layout_dir("separate-vocabs").join("model");
    let files: std::collections::HashMap<String, Vec<u8>> = std::fs::read_dir(&model)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    let server = hub_server::start(files.clone(), hub_server::Weights::Intact);
    let tmp = tempfile::tempdir().unwrap();
    let dir = hub::pull("opus-mt-vi-en", tmp.path(), &server.base, &mut hub::Silent).unwrap();
    assert_eq!(std::fs::read(dir.join("target_vocab.json")).unwrap(), files["target_vocab.json"]);
    let engine = MarianEngine::load(&dir, MarianOptions::default()).unwrap();
    assert_eq!(engine.translate_texts(&["Trời hôm nay mưa rất to."]).unwrap()[0], "It is raining very hard today.");

    // A repository that says its vocabularies are separate but has no target vocabulary: the pull names it.
    let mut incomplete = files;
    incomplete.remove("target_vocab.json");
    let server = hub_server::start(incomplete, hub_server::Weights::Intact);
    let tmp = tempfile::tempdir().unwrap();
    let error = hub::pull("opus-mt-vi-en", tmp.path(), &server.base, &mut hub::Silent).unwrap_err().to_string();
    assert!(error.contains("target_vocab.json") && error.contains("404"), "{error}");
}

/// `dich run` with engines on two layouts: the multilingual model for Russian (its >>rus<< token chosen from the
/// route), the model with separate vocabularies for English.
#[test]
fn dich_run_translates_with_models_of_other_layouts() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("articles")).unwrap();
    std::fs::write(dir.path().join("articles/bai.txt"), "Trời hôm nay mưa rất to.\n\nHà Nội là thủ đô của Việt Nam.\n")
        .unwrap();
    let model = |layout: &str| layout_dir(layout).join("model").display().to_string();
    let config = format!(
        "source = \"vi\"\ntargets = [\"ru\", \"en\"]\ninputs = [\"articles\"]\n\
         [engines.mul]\ntype = \"marian\"\nmodel = \"{}\"\n[engines.sep]\ntype = \"marian\"\nmodel = \"{}\"\n\
         [[routes]]\nto = \"ru\"\nengines = [\"mul\"]\n[[routes]]\nto = \"en\"\nengines = [\"sep\"]\n",
        model("multilingual"),
        model("separate-vocabs")
    );
    std::fs::write(dir.path().join("pipeline.toml"), config).unwrap();
    let output = assert_cmd::Command::cargo_bin("dich")
        .unwrap()
        .current_dir(dir.path())
        .args(["--lang", "en", "run"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let written: String = crate::support::files_under(&dir.path().join("out"))
        .iter()
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    for expected in ["Сегодня идёт очень сильный дождь", "Hanoi is the capital of Vietnam"]
    {
        assert!(written.contains(expected), "{expected} not in the outputs:\n{written}\n{stderr}");
    }
}

/// `dich translate --engine marian` with `DICH_CPU` (and `DICH_LOG=info`, which shows the kernels in use).
fn translate_on(cpu: &str, args: &[&str]) -> std::process::Output {
    let tmp = tempfile::tempdir().unwrap();
    let model = model_dir().display().to_string();
    assert_cmd::Command::cargo_bin("dich")
        .unwrap()
        .current_dir(tmp.path())
        .env("DICH_CPU", cpu)
        .env("DICH_LOG", "info")
        .args(["translate", "--from", "vi", "--to", "en", "--engine", "marian", "--model", &model])
        .args(args)
        .write_stdin("Hà Nội là thủ đô của Việt Nam.\n")
        .output()
        .unwrap()
}

#[test]
fn dich_cpu_forces_a_kernel_family_and_refuses_one_it_cannot_run() {
    let mut families = vec!["portable"];
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
        families.push("avx2");
    }
    for family in families {
        for precision in ["float32", "int8"] {
            let output = translate_on(family, &["--lang", "en", "--precision", precision]);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(output.status.success(), "{family} {precision}: {stderr}");
            assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "Hanoi is the capital of Vietnam.");
            let said = format!("{precision} products on the {family}");
            assert!(stderr.contains(&said) && stderr.contains("forced by DICH_CPU"), "{family}: {stderr}");
        }
    }
    let unknown = translate_on("sse9", &["--lang", "en"]);
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(!unknown.status.success() && unknown.stdout.is_empty(), "{stderr}");
    assert!(stderr.contains("DICH_CPU=\"sse9\" is not a kernel family: use avx512, avx2 or portable"), "{stderr}");
    let vietnamese = translate_on("sse9", &["--lang", "vi"]);
    let stderr = String::from_utf8_lossy(&vietnamese.stderr);
    assert!(stderr.contains("DICH_CPU=\"sse9\" không phải họ nhân tính toán"), "{stderr}");
    #[cfg(target_arch = "x86_64")]
    if !std::is_x86_feature_detected!("avx512vnni") {
        let missing = translate_on("avx512", &["--lang", "en"]);
        let stderr = String::from_utf8_lossy(&missing.stderr);
        assert!(!missing.status.success() && stderr.contains("this CPU cannot run these kernels"), "{stderr}");
    }
}
