//! The shared store test suite: the same test functions against the SQLite store and the PostgreSQL store,
//! through the store interface ([`StoreBackend`]) that the pipeline, the CLI and the server use.
//!
//! Each function below is run twice by `both_backends!`: `store_backends::sqlite::NAME` on a store file in a
//! temporary folder and `store_backends::postgres::NAME` on a fresh database of the test cluster (see
//! support::postgres: skipped with a note without one, failed under CI).

use std::collections::HashMap;
use std::path::PathBuf;

use dich::article::{Article, BlockKind};
use dich::engine::{Origin, Translation};
use dich::store::{
    open_store, AttemptOutcome, DeliveryStatus, FuzzyMatch, Penalty, SharedStore, StoreError, TmEntry, TmPutOutcome,
    TmState,
};
use dich::text::Segment;

use crate::support::postgres::fresh_database;

/// Where a test's store lives; each [`Backend::open`] is a new handle on it (another process, as far as the
/// store can tell).
pub struct Backend {
    location: PathBuf,
    _dir: Option<tempfile::TempDir>,
}

impl Backend {
    fn sqlite() -> Backend {
        let dir = tempfile::tempdir().unwrap();
        Backend { location: dir.path().join("dich.sqlite"), _dir: Some(dir) }
    }

    fn postgres(test: &str) -> Option<Backend> {
        fresh_database(test).map(|url| Backend { location: PathBuf::from(url), _dir: None })
    }

    fn open(&self) -> SharedStore {
        open_store(&self.location).unwrap()
    }

    fn is_postgres(&self) -> bool {
        dich::store::is_postgres_url(&self.location.to_string_lossy())
    }
}

macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test]
            fn $name() {
                super::$name(&super::Backend::sqlite());
            })*
        }
        mod postgres {
            $(#[test]
            fn $name() {
                if let Some(backend) = super::Backend::postgres(stringify!($name)) {
                    super::$name(&backend);
                }
            })*
        }
    };
}

both_backends!(
    schema_is_versioned_and_reopens,
    articles_and_segments_round_trip,
    the_run_journal_records_runs_and_events,
    targets_are_kept_per_language_without_case,
    glossary_hits_round_trip,
    memory_puts_never_lower_a_state,
    memory_puts_are_all_or_nothing,
    exact_lookup_ignores_tone_style_case_and_spacing,
    fuzzy_scores_and_penalties_are_the_stores_own,
    fuzzy_respects_threshold_limit_pair_and_short_keys,
    the_closest_of_many_versions_of_a_sentence_is_found,
    one_letter_changed_beats_hundreds_with_a_number_changed,
    the_closest_row_is_found_behind_hundreds_holding_more_of_the_rare_trigrams,
    a_row_lacking_the_querys_number_beats_hundreds_with_it_changed,
    a_row_another_handle_writes_is_found_by_the_next_lookup,
    memory_lists_in_pair_and_key_order,
    desk_records_audit_and_concordance,
    deliveries_supersede_and_retry,
);

fn fixture_path(name: &str) -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store").join(name)
}

fn article(id: &str, body: &[&str]) -> (Article, Vec<Segment>) {
    let json = serde_json::json!({
        "id": id,
        "headline": format!("Tiêu đề {id}"),
        "body": body.iter().map(|text| serde_json::json!({"kind": "paragraph", "text": text})).collect::<Vec<_>>(),
    });
    let article: Article = serde_json::from_value(json).unwrap();
    let segments = body
        .iter()
        .enumerate()
        .map(|(block, text)| Segment {
            id: format!("{id}-{block}-0"),
            kind: BlockKind::Paragraph,
            block,
            index: 0,
            text: text.to_string(),
        })
        .collect();
    (article, segments)
}

fn entry(state: TmState, source: &str, target: &str) -> TmEntry {
    TmEntry {
        source_lang: "vi".into(),
        target_lang: "en".into(),
        source: source.into(),
        target: target.into(),
        state,
        provenance: format!("test:{}", state.as_str()),
        created: "2024-01-01T00:00:00.000Z".into(),
        updated: "2024-01-01T00:00:00.000Z".into(),
    }
}

fn fixture_memory() -> Vec<TmEntry> {
    std::fs::read_to_string(fixture_path("memory.tsv"))
        .unwrap()
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            entry(TmState::parse(fields[0]).unwrap(), fields[1], fields[2])
        })
        .collect()
}

fn sources(matches: &[FuzzyMatch]) -> Vec<&str> {
    matches.iter().map(|m| m.entry.source.as_str()).collect()
}

fn schema_is_versioned_and_reopens(backend: &Backend) {
    let store = backend.open();
    let version = store.schema_version().unwrap();
    let latest = match backend.is_postgres() {
        true => dich::store::postgres::LATEST_VERSION,
        false => dich::store::schema::LATEST_VERSION,
    };
    assert_eq!(version, latest);
    store.tm_put(&entry(TmState::Approved, "Hội nghị", "Conference")).unwrap();
    drop(store);
    // Opening again migrates nothing and keeps what was written.
    let again = backend.open();
    assert_eq!((again.schema_version().unwrap(), again.tm_count().unwrap()), (latest, 1));
}

fn articles_and_segments_round_trip(backend: &Backend) {
    let store = backend.open();
    let (first, segments) = article("a-1", &["Câu một.", "Câu hai."]);
    assert_eq!(store.load_article("a-1").unwrap(), None);
    assert_eq!(store.article_hash("a-1").unwrap(), None);
    store.save_article(&first, "in/a-1.txt", "hash-1", &segments).unwrap();
    assert_eq!(store.load_article("a-1").unwrap().as_ref(), Some(&first));
    assert_eq!(store.load_segments("a-1").unwrap(), segments);
    assert_eq!(store.article_hash("a-1").unwrap().as_deref(), Some("hash-1"));
    assert_eq!(store.article_source("a-1").unwrap().as_deref(), Some("in/a-1.txt"));
    // Saved again: the segments are replaced, not added to.
    let (changed, fewer) = article("a-1", &["Chỉ một câu."]);
    store.save_article(&changed, "in/a-1.txt", "hash-2", &fewer).unwrap();
    assert_eq!(store.load_segments("a-1").unwrap(), fewer);
    assert_eq!(store.article_hash("a-1").unwrap().as_deref(), Some("hash-2"));
    assert_eq!(store.load_segments("never").unwrap(), vec![]);
}

fn the_run_journal_records_runs_and_events(backend: &Backend) {
    let store = backend.open();
    assert_eq!(store.last_run().unwrap(), None);
    let run = store.start_run("config-1").unwrap();
    store.record_event(run, "a-1", "published", "").unwrap();
    store.record_event(run, "a-2", "held_back", "2 segments missing").unwrap();
    let events = store.events(run).unwrap();
    let seen: Vec<(&str, &str, &str)> =
        events.iter().map(|e| (e.article_id.as_str(), e.event.as_str(), e.detail.as_str())).collect();
    assert_eq!(seen, vec![("a-1", "published", ""), ("a-2", "held_back", "2 segments missing")]);
    // A live run of this handle is not interrupted.
    assert!(store.interrupted_runs().unwrap().is_empty());
    assert_eq!(store.last_run().unwrap().unwrap().status, dich::store::RUN_RUNNING);
    store.finish_run(run, "finished", "{\"ok\":true}").unwrap();
    let record = store.run(run).unwrap().unwrap();
    assert_eq!((record.status.as_str(), record.summary_json.as_deref()), ("finished", Some("{\"ok\":true}")));
    assert!(record.finished.is_some());
    let second = store.start_run("config-2").unwrap();
    assert!(second > run);
    assert_eq!(store.runs(10).unwrap().iter().map(|r| r.id).collect::<Vec<_>>(), vec![second, run]);
    assert!(matches!(store.record_event(9999, "a", "published", ""), Err(StoreError::UnknownRun { run: 9999, .. })));
    assert!(matches!(store.finish_run(9999, "finished", "{}"), Err(StoreError::UnknownRun { run: 9999, .. })));
}

fn targets_are_kept_per_language_without_case(backend: &Backend) {
    let store = backend.open();
    let machine = |id: &str, text: &str| Translation {
        segment_id: id.into(),
        text: text.into(),
        origin: Origin::Machine { engine: "fake".into() },
    };
    store.save_target("a-1", "en", &machine("s1", "One")).unwrap();
    store.save_target("a-1", "EN", &machine("s1", "One, again")).unwrap();
    store.save_target("a-1", "fr", &machine("s1", "Un")).unwrap();
    let english = store.load_targets("a-1", "en").unwrap();
    assert_eq!(english.len(), 1);
    assert_eq!(english["s1"].text, "One, again");
    assert_eq!(english["s1"].origin, Origin::Machine { engine: "fake".into() });
    assert_eq!(store.load_targets("a-1", "Fr").unwrap()["s1"].text, "Un");
    assert!(store.load_targets("a-2", "en").unwrap().is_empty());
}

fn glossary_hits_round_trip(backend: &Backend) {
    let store = backend.open();
    assert!(store.load_term_hits("a-1").unwrap().is_empty());
    let none: HashMap<String, Vec<dich::glossary::Hit>> =
        [("s1".to_string(), vec![]), ("s2".to_string(), vec![])].into_iter().collect();
    store.save_term_hits("a-1", &none).unwrap();
    assert_eq!(store.load_term_hits("a-1").unwrap(), none);
    store.save_term_hits("a-1", &HashMap::new()).unwrap();
    assert!(store.load_term_hits("a-1").unwrap().is_empty());
}

fn memory_puts_never_lower_a_state(backend: &Backend) {
    let store = backend.open();
    let approved = entry(TmState::Approved, "Hội nghị", "Conference");
    assert_eq!(store.tm_put(&approved).unwrap(), TmPutOutcome::Inserted);
    // Machine output for the same source (other case and spacing) keeps the approved entry.
    let machine = entry(TmState::Machine, "hội  NGHỊ", "Meeting");
    assert_eq!(store.tm_put(&machine).unwrap(), TmPutOutcome::KeptExisting);
    assert_eq!(store.tm_exact("vi", "en", "Hội nghị").unwrap().unwrap().target, "Conference");
    let corrected = entry(TmState::Approved, "Hội nghị", "The conference");
    assert_eq!(store.tm_put(&corrected).unwrap(), TmPutOutcome::Updated);
    assert_eq!(store.tm_exact("vi", "en", "Hội nghị").unwrap().unwrap().target, "The conference");
    assert_eq!(store.tm_count().unwrap(), 1);
}

fn memory_puts_are_all_or_nothing(backend: &Backend) {
    let store = backend.open();
    let batch = vec![
        entry(TmState::Approved, "Hội nghị", "Conference"),
        entry(TmState::Approved, "Tỉnh ủy", ""),
        entry(TmState::Approved, "Bộ Y tế", "Ministry of Health"),
    ];
    match store.tm_put_all(&batch) {
        Err(StoreError::EmptyField { field, source_text, .. }) => {
            assert_eq!((field, source_text.as_str()), ("target", "Tỉnh ủy"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(store.tm_count().unwrap(), 0);
    let outcomes = store.tm_put_all(&[batch[0].clone(), batch[2].clone(), batch[0].clone()]).unwrap();
    assert_eq!(outcomes, vec![TmPutOutcome::Inserted, TmPutOutcome::Inserted, TmPutOutcome::Updated]);
}

fn exact_lookup_ignores_tone_style_case_and_spacing(backend: &Backend) {
    let store = backend.open();
    store.tm_put_all(&fixture_memory()).unwrap();
    // Old-style tone placement (hoà/hòa), other case, doubled spaces: the same key.
    let found = store.tm_exact("vi", "en", "TỈNH  ủy Bình Thuận").unwrap().unwrap();
    assert_eq!(found.target, "Binh Thuan Provincial Party Committee");
    assert_eq!(store.tm_exact("VI", "En", "tỉnh ủy bình thuận").unwrap().unwrap().state, TmState::Approved);
    assert_eq!(store.tm_exact("vi", "fr", "Tỉnh ủy Bình Thuận").unwrap(), None);
}

fn fuzzy_scores_and_penalties_are_the_stores_own(backend: &Backend) {
    let store = backend.open();
    store.tm_put_all(&fixture_memory()).unwrap();
    let query = "Năm 2022, tỉnh có 8 dự án đầu tư nước ngoài.";
    let matches = store.tm_fuzzy("vi", "en", query, 0.5, 10).unwrap();
    assert_eq!(
        sources(&matches),
        vec![
            "Năm 2022, tỉnh có 7 dự án đầu tư nước ngoài.",
            "Nam 2022, tinh co 8 du an dau tu nuoc ngoai.",
            "Năm 2022, tỉnh có 8 dự án xây cầu cảng mới.",
        ]
    );
    assert_eq!(matches[0].score, 0.98);
    assert_eq!(matches[0].penalties, vec![Penalty::NumberDiffers { source: "8".into(), memory: "7".into() }]);
    assert_eq!(matches[1].penalties, vec![Penalty::DiacriticsDiffer { count: 14 }]);
    // Exactly the scores of the scorer itself: candidates differ by backend, never their scores.
    for m in &matches {
        let (score, penalties) = dich::store::fuzzy::similarity(query, &m.entry.source);
        assert_eq!((m.score, &m.penalties), (score, &penalties), "{}", m.entry.source);
    }
    let code = "Chỉ thị số 15-CT/TW ngày 5/1/2023 của Ban Bí thư về tăng cường sự lãnh đạo của Đảng.";
    let matches = store.tm_fuzzy("vi", "en", code, 0.8, 5).unwrap();
    assert_eq!(matches.len(), 2);
    assert_eq!(
        matches[0].penalties,
        vec![
            Penalty::NumberDiffers { source: "15".into(), memory: "12".into() },
            Penalty::NumberDiffers { source: "5/1/2023".into(), memory: "5/1/2022".into() },
        ]
    );
    assert_eq!(matches[0].score, 0.96);
}

fn fuzzy_respects_threshold_limit_pair_and_short_keys(backend: &Backend) {
    let store = backend.open();
    store.tm_put_all(&fixture_memory()).unwrap();
    store.tm_put(&entry(TmState::Approved, "Họp", "Meeting")).unwrap();
    store.tm_put(&entry(TmState::Approved, "Hà", "Ha")).unwrap();
    let short = store.tm_fuzzy("vi", "en", "Hạ", 0.5, 5).unwrap();
    assert_eq!(sources(&short), vec!["Hà"]);
    assert_eq!(short[0].penalties, vec![Penalty::DiacriticsDiffer { count: 1 }]);
    let query = "Năm 2022, tỉnh có 8 dự án đầu tư nước ngoài.";
    assert_eq!(store.tm_fuzzy("vi", "en", query, 0.5, 1).unwrap().len(), 1);
    assert!(store.tm_fuzzy("vi", "en", query, 0.99, 10).unwrap().is_empty());
    assert!(store.tm_fuzzy("vi", "fr", query, 0.5, 10).unwrap().is_empty());
    assert!(store.tm_fuzzy("vi", "en", query, 0.5, 0).unwrap().is_empty());
    let exact = store.tm_fuzzy("vi", "en", "năm 2022, TỈNH có 7 dự án đầu tư nước ngoài.", 0.9, 1).unwrap();
    assert_eq!((exact[0].score, exact[0].penalties.len()), (1.0, 0));
    // Equal scores: the most recently updated first, then by source.
    let mut newer = entry(TmState::Approved, "Có 2 dự án mới", "Two new projects");
    newer.updated = "2024-06-01T00:00:00.000Z".into();
    let mut same_time = entry(TmState::Approved, "Có 4 dự án mới", "Four new projects");
    same_time.updated = "2024-06-01T00:00:00.000Z".into();
    let older = entry(TmState::Approved, "Có 1 dự án mới", "One new project");
    store.tm_put_all(&[older, same_time, newer]).unwrap();
    let matches = store.tm_fuzzy("vi", "en", "Có 3 dự án mới", 0.9, 10).unwrap();
    assert_eq!(sources(&matches), vec!["Có 2 dự án mới", "Có 4 dự án mới", "Có 1 dự án mới"]);
}

/// A memory holding hundreds of versions of one sentence (news repeats its sentences with a word or a number
/// changed) and thousands of rows sharing its second half: the version closest to the query must be among the
/// rows scored, though a few rare trigrams tie it with every version changed elsewhere.
fn the_closest_of_many_versions_of_a_sentence_is_found(backend: &Backend) {
    let store = backend.open();
    let head = "Ủy ban nhân dân tỉnh Khánh Hòa tổ chức hội nghị tổng kết công tác đối ngoại";
    let tail = "của các sở ban ngành và địa phương trong năm qua với nhiều kết quả tích cực";
    // Rows sharing the second half, so that its trigrams are common ones.
    let sharing: Vec<TmEntry> =
        (0..12_000).map(|i| entry(TmState::Approved, &format!("Báo cáo số {i} {tail}"), "en")).collect();
    store.tm_put_all(&sharing).unwrap();
    // Versions of the sentence with one word of the second half replaced, written before the original.
    let versions = versions_of(&format!("{head} {tail}"), head.split(' ').count());
    assert_eq!(versions.len(), 408);
    store.tm_put_all(&versions).unwrap();
    let original = format!("{head} {tail}");
    store.tm_put(&entry(TmState::Approved, &original, "en")).unwrap();
    // The query adds a word to the first half: the original is its closest entry.
    let query = original.replace("tổng kết", "tổng kết lại");
    let found = store.tm_fuzzy("vi", "en", &query, 0.75, 5).unwrap();
    assert_eq!(found[0].entry.source, original, "{:?}", found.iter().map(|m| m.score).collect::<Vec<_>>());
}

/// News repeats a sentence with only a number changed, and the search keys that choose candidates hide numbers:
/// hundreds of such versions tie with the query there. The entry with one letter changed and the query's numbers
/// scores more than any of them (a changed number costs 0.02) and must be the first match, not crowded out.
fn one_letter_changed_beats_hundreds_with_a_number_changed(backend: &Backend) {
    let store = backend.open();
    let sentence = |visitors: &str| {
        format!("Năm 2024, tỉnh Khánh Hòa đón {visitors} lượt khách quốc tế đến tham quan các khu du lịch biển đảo")
    };
    let numbers: Vec<TmEntry> =
        (0..300).map(|i| entry(TmState::Approved, &sentence(&format!("{}", 1_000 + 7 * i)), "en")).collect();
    store.tm_put_all(&numbers).unwrap();
    let letter = sentence("3.500").replace("khách", "khác");
    store.tm_put(&entry(TmState::Approved, &letter, "en")).unwrap();
    let found = store.tm_fuzzy("vi", "en", &sentence("3.500"), 0.75, 5).unwrap();
    let scores: Vec<f64> = found.iter().map(|m| m.score).collect();
    assert_eq!(found[0].entry.source, letter, "{scores:?}");
    assert!(found[0].score > 0.98 && found[1].score <= 0.98, "{scores:?}");
}

/// Hundreds of rows holding the whole query and a long tail (far from it: below the threshold) hold every trigram
/// of the query, while the closest row, two words changed, lacks the query's rarest trigrams: counting shared
/// trigrams puts it behind all of them. Choosing by the count alone (the 600 first, as before) lost it.
fn the_closest_row_is_found_behind_hundreds_holding_more_of_the_rare_trigrams(backend: &Backend) {
    let store = backend.open();
    let query = "Ủy ban nhân dân tỉnh Quảng Ngãi vừa phê duyệt đề án phát triển du lịch cộng đồng giai đoạn mới";
    let longer: Vec<TmEntry> = (0..700)
        .map(|i| {
            let source = format!("{query}, theo báo cáo số {i} của Sở Kế hoạch và Đầu tư gửi Ủy ban nhân dân tỉnh");
            entry(TmState::Approved, &source, "en")
        })
        .collect();
    store.tm_put_all(&longer).unwrap();
    let closest = query.replace("vừa phê duyệt", "đã phê duyệt").replace("giai đoạn mới", "giai đoạn tới");
    store.tm_put(&entry(TmState::Approved, &closest, "en")).unwrap();
    let found = store.tm_fuzzy("vi", "en", query, 0.75, 5).unwrap();
    assert_eq!(sources(&found).first().copied(), Some(closest.as_str()), "{found:?}");
    assert!(found[0].score > 0.9, "{}", found[0].score);
}

/// A row without the query's number is charged one edit for it (0.99 here), hundreds with the number changed
/// 0.02 each (0.98): the row without it must come first, not be put after them as if its number differed.
fn a_row_lacking_the_querys_number_beats_hundreds_with_it_changed(backend: &Backend) {
    let store = backend.open();
    let sentence = |visitors: &str| {
        format!(
            "Trong năm qua, tỉnh Khánh Hòa đã đón {visitors}lượt khách quốc tế đến tham quan, nghỉ dưỡng tại các khu \
             du lịch biển đảo và các di tích lịch sử văn hóa trên địa bàn"
        )
    };
    let numbers: Vec<TmEntry> =
        (0..300).map(|i| entry(TmState::Approved, &sentence(&format!("{} ", 1_000 + 7 * i)), "en")).collect();
    store.tm_put_all(&numbers).unwrap();
    let without = sentence("");
    store.tm_put(&entry(TmState::Approved, &without, "en")).unwrap();
    let found = store.tm_fuzzy("vi", "en", &sentence("3.500 "), 0.75, 5).unwrap();
    let scores: Vec<f64> = found.iter().map(|m| m.score).collect();
    assert_eq!(found[0].entry.source, without, "{scores:?}");
    assert!(found[0].score > 0.98 && found[1].score <= 0.98, "{scores:?}");
}

/// Versions of `sentence`, each with one word from the `from`-th on replaced by another.
fn versions_of(sentence: &str, from: usize) -> Vec<TmEntry> {
    let words: Vec<&str> = sentence.split(' ').collect();
    let replacements = [
        "mới", "cũ", "lớn", "nhỏ", "xa", "gần", "cao", "thấp", "đẹp", "tốt", "khó", "dễ", "nhanh", "chậm", "mạnh",
        "yếu", "sớm", "muộn", "rộng", "hẹp", "dài", "ngắn", "nóng", "lạnh",
    ];
    let mut versions = Vec::new();
    for replacement in replacements {
        for at in from..words.len() {
            let mut changed = words.clone();
            changed[at] = replacement;
            versions.push(entry(TmState::Approved, &changed.join(" "), "en"));
        }
    }
    versions
}

/// Rows written through another handle (another worker, another process) after this handle's first lookup
/// are found by its next lookup, as are its own.
fn a_row_another_handle_writes_is_found_by_the_next_lookup(backend: &Backend) {
    let store = backend.open();
    // Far more rows sharing the query's common words than candidates are scored.
    let common: Vec<TmEntry> = (0..400)
        .map(|i| {
            let source = format!("Ủy ban nhân dân tỉnh họp phiên thứ {i} về công tác của tỉnh trong năm");
            entry(TmState::Approved, &source, "en")
        })
        .collect();
    store.tm_put_all(&common).unwrap();
    let first = "Ủy ban nhân dân tỉnh Kon Tum tiếp đoàn khách Attapư trong năm";
    store.tm_put(&entry(TmState::Approved, first, "en")).unwrap();
    let query = "Ủy ban nhân dân tỉnh Kon Tum tiếp đoàn khách Attapư trong tháng";
    assert_eq!(store.tm_fuzzy("vi", "en", query, 0.75, 1).unwrap()[0].entry.source, first);
    // Written by this handle after its index was built.
    store.tm_put(&entry(TmState::Approved, query, "en")).unwrap();
    assert_eq!(store.tm_fuzzy("vi", "en", query, 0.75, 1).unwrap()[0].score, 1.0);
    // Written by another handle, in two transactions, the second one larger than a lookup's candidates.
    let other = backend.open();
    let elsewhere = "Ủy ban nhân dân tỉnh Kon Tum tiếp đoàn khách Sê Kông trong tháng";
    other.tm_put(&entry(TmState::Approved, elsewhere, "en")).unwrap();
    assert_eq!(store.tm_fuzzy("vi", "en", elsewhere, 0.75, 1).unwrap()[0].score, 1.0);
    let names = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Lâm", "Minh", "Nam", "Phong", "Quang", "Sơn"];
    let led =
        |i: usize| format!("Đoàn khách tỉnh Sê Kông do ông {} {} dẫn đầu thăm Kon Tum", names[i / 13], names[i % 13]);
    let more: Vec<TmEntry> = (0..160).map(|i| entry(TmState::Approved, &led(i), "en")).collect();
    other.tm_put_all(&more).unwrap();
    for i in [0, 77, 159] {
        let found = store.tm_fuzzy("vi", "en", &led(i), 0.9, 1).unwrap();
        assert_eq!((found[0].entry.source.as_str(), found[0].score), (led(i).as_str(), 1.0));
    }
}

fn memory_lists_in_pair_and_key_order(backend: &Backend) {
    let store = backend.open();
    let mut french = entry(TmState::Approved, "Hội nghị", "Conférence");
    french.target_lang = "fr".into();
    store
        .tm_put_all(&[
            entry(TmState::Approved, "Tỉnh ủy", "Committee"),
            french,
            entry(TmState::Machine, "Bộ", "Ministry"),
        ])
        .unwrap();
    let all: Vec<(String, String)> =
        store.tm_entries(None).unwrap().into_iter().map(|e| (e.target_lang, e.source)).collect();
    assert_eq!(
        all,
        vec![("en".into(), "Bộ".into()), ("en".into(), "Tỉnh ủy".into()), ("fr".into(), "Hội nghị".into())]
    );
    let pair = dich::engine::LangPair::new("vi", "fr");
    assert_eq!(store.tm_entries(Some(&pair)).unwrap().len(), 1);
    assert_eq!(store.tm_count().unwrap(), 3);
}

fn desk_records_audit_and_concordance(backend: &Backend) {
    let store = backend.open();
    let (first, segments) = article("a-1", &["Tỉnh ủy Bình Thuận họp.", "Hội nghị kết thúc."]);
    store.save_article(&first, "in/a-1.txt", "h", &segments).unwrap();
    let run = store.start_run("c").unwrap();
    store.record_event(run, "a-1", "held_back", "why").unwrap();
    let records = store.article_records().unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(
        (records[0].id.as_str(), records[0].event.as_str(), records[0].detail.as_str()),
        ("a-1", "held_back", "why")
    );
    store.audit("lan", "approve", "a-1/en", "s1").unwrap();
    store.audit("minh", "publish", "a-1", "").unwrap();
    let log = store.audit_log(10).unwrap();
    assert_eq!(log.iter().map(|a| a.user.as_str()).collect::<Vec<_>>(), vec!["minh", "lan"]);
    let key = dich::text::key::match_key("tỉnh ủy");
    assert_eq!(
        store.segments_containing(&key, 10).unwrap(),
        vec![("a-1".to_string(), "Tỉnh ủy Bình Thuận họp.".to_string())]
    );
}

fn deliveries_supersede_and_retry(backend: &Backend) {
    let store = backend.open();
    assert_eq!(store.next_delivery_at().unwrap(), None);
    assert!(store.enqueue_delivery("desk", "a-1", "v1", "http://desk/in", b"one", 1_000).unwrap());
    assert!(!store.enqueue_delivery("desk", "a-1", "v1", "http://desk/in", b"one", 2_000).unwrap());
    assert!(store.enqueue_delivery("desk", "a-1", "v2", "http://desk/in", b"two", 3_000).unwrap());
    let due = store.due_deliveries(5_000, 10).unwrap();
    assert_eq!(due.iter().map(|d| d.body.as_slice()).collect::<Vec<_>>(), vec![b"two".as_slice()]);
    store
        .record_attempt(
            due[0].id,
            &AttemptOutcome::Retry { status: Some(503), error: "busy".into(), next_at_ms: 9_000 },
        )
        .unwrap();
    assert_eq!(store.next_delivery_at().unwrap(), Some(9_000));
    assert!(store.due_deliveries(5_000, 10).unwrap().is_empty());
    store.record_attempt(due[0].id, &AttemptOutcome::Delivered { status: 200 }).unwrap();
    let log = store.deliveries(10).unwrap();
    let states: Vec<(DeliveryStatus, u32, Option<u16>)> =
        log.iter().map(|d| (d.status, d.attempts, d.last_status)).collect();
    assert_eq!(states, vec![(DeliveryStatus::Delivered, 2, Some(200)), (DeliveryStatus::Superseded, 0, None)]);
}

/// A database that holds another application's tables is refused, and a URL's password never shows.
#[test]
fn postgres_refuses_another_database_and_redacts_the_password() {
    let Some(url) = fresh_database("postgres_refuses") else { return };
    let mut client = ::postgres::Client::connect(&url, ::postgres::NoTls).unwrap();
    client.batch_execute("CREATE TABLE invoices (id INT)").unwrap();
    match open_store(std::path::Path::new(&url)) {
        Err(e @ StoreError::NotADichStore { .. }) => assert!(e.to_string().contains("1"), "{e}"),
        other => panic!("{other:?}"),
    }
    // The test cluster trusts local connections, so a password is accepted and ignored; a database that does
    // not exist makes the error.
    let with_password = url.replacen("://dich@", "://dich:Tr0ub4dor-and-3@", 1).replace("/dich_", "/missing_dich_");
    let error = open_store(std::path::Path::new(&with_password)).unwrap_err().to_string();
    assert!(!error.contains("Tr0ub4dor-and-3"), "{error}");
    assert!(error.contains("[redacted]") && error.contains("does not exist"), "{error}");
}

/// A row committed after a row with a larger id (transactions commit out of id order: the id is taken at the
/// insert) is found by the next lookup of a worker that had already read the larger one.
#[test]
fn postgres_finds_rows_committed_out_of_id_order() {
    let Some(url) = fresh_database("postgres_out_of_order") else { return };
    let store = open_store(std::path::Path::new(&url)).unwrap();
    let common: Vec<TmEntry> = (0..100)
        .map(|i| entry(TmState::Approved, &format!("Hội nghị tổng kết công tác năm {i} của tỉnh"), "en"))
        .collect();
    store.tm_put_all(&common).unwrap();
    assert_eq!(store.tm_fuzzy("vi", "en", "Hội nghị tổng kết công tác năm 2 của tỉnh", 0.9, 1).unwrap().len(), 1);
    // A transaction inserts a row (taking an id) and stays open…
    let late = "Hội nghị sơ kết công tác quý của tỉnh Kon Tum";
    let mut client = ::postgres::Client::connect(&url, ::postgres::NoTls).unwrap();
    let mut slow = client.transaction().unwrap();
    let masked = dich::store::fuzzy::masked_key(late);
    slow.execute(
        "INSERT INTO tm (source_lang, target_lang, match_key, fuzzy_key, fuzzy_chars, search_key, source, target,
                         state, state_rank, provenance, created, updated)
         VALUES ('vi', 'en', $1, $2, $3, $4, $5, 'en', 'approved', 2, 'test', '2024', '2024')",
        &[
            &dich::text::key::match_key(late),
            &masked.key,
            &(masked.chars() as i64),
            &dich::store::fuzzy::search_key(&masked),
            &late,
        ],
    )
    .unwrap();
    // …while another worker commits a row with a larger id, which the next lookup reads.
    let early = "Hội nghị sơ kết công tác quý của tỉnh Gia Lai";
    open_store(std::path::Path::new(&url)).unwrap().tm_put(&entry(TmState::Approved, early, "en")).unwrap();
    assert_eq!(store.tm_fuzzy("vi", "en", early, 0.9, 1).unwrap()[0].entry.source, early);
    slow.commit().unwrap();
    let found = store.tm_fuzzy("vi", "en", late, 0.9, 1).unwrap();
    assert_eq!((found[0].entry.source.as_str(), found[0].score), (late, 1.0));
}

/// The same memory in both stores: every query gets the same matches, scores and penalties from each (the
/// candidates are chosen the same way, not only scored the same way).
#[test]
fn both_stores_return_the_same_matches_from_the_same_memory() {
    let Some(url) = fresh_database("both_stores_same_matches") else { return };
    let bases = [
        "Ủy ban nhân dân tỉnh Khánh Hòa tổ chức hội nghị tổng kết công tác đối ngoại năm 2023",
        "Chủ tịch tỉnh tiếp đoàn công tác của Bộ Kế hoạch và Đầu tư về tình hình thu hút vốn nước ngoài",
        "Sở Giáo dục và Đào tạo triển khai kế hoạch tuyển sinh lớp 10 cho các trường trung học phổ thông",
        "Lực lượng biên phòng phối hợp với chính quyền địa phương tuần tra bảo vệ chủ quyền biên giới",
        "Tỉnh ủy chỉ đạo đẩy nhanh tiến độ giải ngân vốn đầu tư công trong những tháng cuối năm",
    ];
    let mut memory: Vec<TmEntry> = Vec::new();
    for base in bases {
        memory.extend(versions_of(base, 0));
    }
    memory.extend((0..600).map(|i| {
        entry(TmState::Approved, &format!("Báo cáo số {i} về công tác đối ngoại và thu hút vốn đầu tư"), "en")
    }));
    let mut queries: Vec<String> = Vec::new();
    for base in bases {
        let words: Vec<&str> = base.split(' ').collect();
        queries.push(base.to_string());
        queries.push(format!("{} mới {}", words[..3].join(" "), words[3..].join(" ")));
        queries.push(words[1..].join(" "));
        queries.push(base.replacen(words[5], "lớn", 1).replacen(words[9], "tốt", 1));
    }
    queries.push("Báo cáo số 17 về công tác đối ngoại và thu hút vốn".to_string());
    let sqlite = Backend::sqlite();
    let stores = [sqlite.open(), open_store(std::path::Path::new(&url)).unwrap()];
    for store in &stores {
        store.tm_put_all(&memory).unwrap();
    }
    let found = |store: &SharedStore, query: &str| -> Vec<(String, f64, Vec<Penalty>)> {
        let matches = store.tm_fuzzy("vi", "en", query, 0.6, 5).unwrap();
        matches.into_iter().map(|m| (m.entry.source, m.score, m.penalties)).collect()
    };
    for query in &queries {
        let (lite, pg) = (found(&stores[0], query), found(&stores[1], query));
        assert!(!lite.is_empty(), "{query}");
        assert_eq!(lite, pg, "{query}");
    }
}
