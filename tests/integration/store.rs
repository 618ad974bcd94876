//! The embedded store through the library API: migrations, articles, run journal, targets, translation memory,
//! fuzzy scoring and the memory engine. Fixtures: tests/fixtures/store/ (see its README).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use dich::article::{Article, BlockKind};
use dich::engine::memory::MemoryEngine;
use dich::engine::{Engine, LangPair, MarkupSupport, Origin, SourceSegment, Translation};
use dich::store::{
    FuzzyMatch, MemoryStore, Penalty, Store, StoreError, TmEntry, TmPutOutcome, TmState, RUN_INTERRUPTED, RUN_RUNNING,
};
use dich::text::Segment;
use serde::Serialize;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store").join(name)
}

fn seed_article() -> Article {
    let json = std::fs::read_to_string(fixture("article.json")).unwrap();
    serde_json::from_str(&json).unwrap()
}

/// One segment per block: enough for the store, which does not care how sentences were split.
fn segments_of(article: &Article) -> Vec<Segment> {
    article
        .blocks()
        .into_iter()
        .enumerate()
        .map(|(block, b)| Segment {
            id: format!("{}-{block}-0", article.id),
            kind: b.kind,
            block,
            index: 0,
            text: b.text,
        })
        .collect()
}

fn entry(state: TmState, source: &str, target: &str) -> TmEntry {
    TmEntry {
        source_lang: "vi".into(),
        target_lang: "en".into(),
        source: source.into(),
        target: target.into(),
        state,
        provenance: format!("test:{}", state.as_str()),
        created: String::new(),
        updated: String::new(),
    }
}

fn fixture_memory() -> Vec<TmEntry> {
    std::fs::read_to_string(fixture("memory.tsv"))
        .unwrap()
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let mut e = entry(TmState::parse(fields[0]).unwrap(), fields[1], fields[2]);
            // Fixed times keep the ordering (score, then updated) and snapshots deterministic.
            e.created = "2024-01-01T00:00:00.000Z".into();
            e.updated = "2024-01-01T00:00:00.000Z".into();
            e
        })
        .collect()
}

fn memory_store() -> Store {
    let store = Store::open_in_memory().unwrap();
    store.tm_put_all(&fixture_memory()).unwrap();
    store
}

#[test]
fn a_new_store_file_is_migrated_in_wal_mode_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/dir/dich.db");
    {
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), dich::store::schema::LATEST_VERSION);
        assert_eq!(store.journal_mode().unwrap(), "wal");
        assert_eq!(store.tm_put(&entry(TmState::Approved, "Hội nghị", "Conference")).unwrap(), TmPutOutcome::Inserted);
    }
    assert!(path.exists());
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), dich::store::schema::LATEST_VERSION);
    assert_eq!(store.journal_mode().unwrap(), "wal");
    assert_eq!(store.tm_count().unwrap(), 1);
    assert_eq!(store.path(), path.display().to_string());
}

#[test]
fn an_older_store_is_copied_before_it_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dich.db");
    {
        let store = Store::open(&path).unwrap();
        store.tm_put(&entry(TmState::Approved, "Hội nghị", "Conference")).unwrap();
    }
    // The store as the dich before webhooks left it: schema 3, no deliveries table.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("DROP TABLE deliveries").unwrap();
    conn.pragma_update(None, "user_version", 3).unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), dich::store::schema::LATEST_VERSION);
    assert_eq!(store.tm_count().unwrap(), 1);
    assert!(store.deliveries(10).unwrap().is_empty(), "the new table is there");
    let backup = dir.path().join("dich.db.schema-3.bak");
    let old = rusqlite::Connection::open(&backup).unwrap();
    let version: i64 = old.pragma_query_value(None, "user_version", |row| row.get(0)).unwrap();
    let entries: i64 = old.query_row("SELECT count(*) FROM tm", [], |row| row.get(0)).unwrap();
    assert_eq!((version, entries), (3, 1), "the copy is the store as it was");
    // Opening an up-to-date store copies nothing.
    drop(store);
    std::fs::remove_file(&backup).unwrap();
    drop(Store::open(&path).unwrap());
    assert!(!backup.exists());
}

#[test]
fn a_store_from_a_newer_dich_is_refused_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dich.db");
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let err = Store::open(&path).expect_err("newer store must be refused");
    assert!(matches!(err, StoreError::NewerSchema { found: 99, .. }), "{err:?}");
    assert!(err.to_string().contains(&path.display().to_string()), "{err}");
}

#[test]
fn files_that_are_not_dich_stores_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "Đây không phải là cơ sở dữ liệu, chỉ là một tệp văn bản dài hơn một trăm byte. ".repeat(3))
        .unwrap();
    let err = Store::open(&text).expect_err("a text file is not a store");
    assert!(matches!(err, StoreError::NotADichStore { .. }), "{err:?}");
    assert_eq!(err.path(), text.display().to_string());

    let other = dir.path().join("other.sqlite");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)").unwrap();
    drop(conn);
    let err = Store::open(&other).expect_err("another application's database is not a store");
    assert!(matches!(err, StoreError::NotADichStore { .. }), "{err:?}");
}

#[test]
fn articles_and_segments_round_trip_and_resaving_replaces_segments() {
    let store = Store::open_in_memory().unwrap();
    let article = seed_article();
    let segments = segments_of(&article);
    assert_eq!(segments.len(), 4);
    assert_eq!(store.article_hash(&article.id).unwrap(), None);
    assert_eq!(store.load_article(&article.id).unwrap(), None);

    store.save_article(&article, "in/seed-article.vi.txt", "hash-1", &segments).unwrap();
    assert_eq!(store.article_hash(&article.id).unwrap().as_deref(), Some("hash-1"));
    assert_eq!(store.load_article(&article.id).unwrap().as_ref(), Some(&article));
    assert_eq!(store.load_segments(&article.id).unwrap(), segments);
    assert_eq!(store.load_segments(&article.id).unwrap()[3].kind, BlockKind::Caption);

    let mut edited = article.clone();
    edited.body.truncate(1);
    let fewer = segments_of(&edited);
    store.save_article(&edited, "in/seed-article.vi.txt", "hash-2", &fewer).unwrap();
    assert_eq!(store.article_hash(&article.id).unwrap().as_deref(), Some("hash-2"));
    assert_eq!(store.load_article(&article.id).unwrap().as_ref(), Some(&edited));
    assert_eq!(store.load_segments(&article.id).unwrap(), fewer);
    assert!(store.load_segments("no-such-article").unwrap().is_empty());
}

#[test]
fn machine_output_never_replaces_an_approved_translation() {
    let store = Store::open_in_memory().unwrap();
    let source = "Bí thư Tỉnh ủy";
    assert_eq!(
        store.tm_put(&entry(TmState::Approved, source, "Secretary of the Provincial Party Committee")).unwrap(),
        TmPutOutcome::Inserted
    );
    assert_eq!(
        store.tm_put(&entry(TmState::Machine, source, "Provincial Party Secretary")).unwrap(),
        TmPutOutcome::KeptExisting
    );
    assert_eq!(
        store.tm_put(&entry(TmState::Translated, "bí thư tỉnh ủy", "Provincial Secretary")).unwrap(),
        TmPutOutcome::KeptExisting
    );
    let kept = store.tm_exact("vi", "en", source).unwrap().unwrap();
    assert_eq!(kept.target, "Secretary of the Provincial Party Committee");
    assert_eq!(kept.state, TmState::Approved);

    // An equal state replaces (a re-approved wording), keeping the creation time.
    let mut reapproved = entry(TmState::Approved, source, "Provincial Party Committee Secretary");
    reapproved.updated = "2099-01-01T00:00:00.000Z".into();
    assert_eq!(store.tm_put(&reapproved).unwrap(), TmPutOutcome::Updated);
    let now = store.tm_exact("vi", "en", source).unwrap().unwrap();
    assert_eq!(now.target, "Provincial Party Committee Secretary");
    assert_eq!(now.created, kept.created);
    assert_eq!(now.updated, "2099-01-01T00:00:00.000Z");

    // A higher state replaces a lower one.
    store.tm_put(&entry(TmState::Machine, "Hội nghị", "Meeting")).unwrap();
    assert_eq!(store.tm_put(&entry(TmState::Translated, "Hội nghị", "Conference")).unwrap(), TmPutOutcome::Updated);
    assert_eq!(store.tm_exact("vi", "en", "Hội nghị").unwrap().unwrap().target, "Conference");
    assert_eq!(store.tm_count().unwrap(), 2);
}

#[test]
fn case_nfd_and_whitespace_variants_hit_exactly() {
    let store = Store::open_in_memory().unwrap();
    store
        .tm_put(&entry(
            TmState::Approved,
            "Ủy ban nhân dân tỉnh Bình Thuận",
            "Binh Thuan Provincial People's Committee",
        ))
        .unwrap();
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Ủy ban nhân dân tỉnh Bình Thuận").collect();
    for variant in [nfd.as_str(), "ủy ban nhân dân TỈNH bình thuận", "Ủy  ban nhân\tdân tỉnh Bình Thuận "]
    {
        let hit = store.tm_exact("vi", "en", variant).unwrap();
        assert_eq!(hit.map(|e| e.target).as_deref(), Some("Binh Thuan Provincial People's Committee"), "{variant:?}");
    }
    // Language tags are compared without case; another pair does not hit.
    assert!(store.tm_exact("VI", "EN", "Ủy ban nhân dân tỉnh Bình Thuận").unwrap().is_some());
    assert!(store.tm_exact("vi", "fr", "Ủy ban nhân dân tỉnh Bình Thuận").unwrap().is_none());
    assert!(store.tm_exact("vi", "en", "Ủy ban nhân dân tỉnh Ninh Thuận").unwrap().is_none());
}

#[test]
fn tone_mark_styles_hit_exactly() {
    // "Ủy"/"Uỷ" and "Hòa"/"Hoà" are the same words in the old and new tone-placement styles.
    let store = Store::open_in_memory().unwrap();
    store
        .tm_put(&entry(TmState::Approved, "Ủy ban nhân dân tỉnh Khánh Hòa", "Khanh Hoa Provincial People's Committee"))
        .unwrap();
    let hit = store.tm_exact("vi", "en", "Uỷ ban nhân dân tỉnh Khánh Hoà").unwrap();
    assert_eq!(hit.map(|e| e.target).as_deref(), Some("Khanh Hoa Provincial People's Committee"));
}

#[derive(Debug, Serialize)]
struct Scored {
    source: String,
    score: f64,
    penalties: Vec<Penalty>,
}

fn scored(matches: &[FuzzyMatch]) -> Vec<Scored> {
    matches
        .iter()
        .map(|m| Scored { source: m.entry.source.clone(), score: m.score, penalties: m.penalties.clone() })
        .collect()
}

#[test]
fn fuzzy_masks_numbers_and_charges_diacritics_less_than_letters() {
    let store = memory_store();
    let query = "Năm 2022, tỉnh có 8 dự án đầu tư nước ngoài.";
    let matches = store.tm_fuzzy("vi", "en", query, 0.5, 10).unwrap();
    let sources: Vec<&str> = matches.iter().map(|m| m.entry.source.as_str()).collect();
    assert_eq!(
        sources,
        vec![
            "Năm 2022, tỉnh có 7 dự án đầu tư nước ngoài.",
            "Nam 2022, tinh co 8 du an dau tu nuoc ngoai.",
            "Năm 2022, tỉnh có 8 dự án xây cầu cảng mới.",
        ]
    );
    // Only the number differs: a high match that says so.
    assert_eq!(matches[0].score, 0.98);
    assert_eq!(matches[0].penalties, vec![Penalty::NumberDiffers { source: "8".into(), memory: "7".into() }]);
    // The same sentence typed without diacritics: every difference is a diacritic, none a letter. Seven letter
    // marks (ă, ư, đ, â, ư, ư, ơ) and seven tones (tỉnh, có, dự, án, đầu, nước, ngoài).
    assert_eq!(matches[1].penalties, vec![Penalty::DiacriticsDiffer { count: 14 }]);
    assert!(matches[1].score > 0.85, "{}", matches[1].score);
    // A plain character-level Levenshtein charges each changed letter as a whole letter.
    let plain = strsim::normalized_levenshtein(&query.to_lowercase(), &matches[1].entry.source.to_lowercase());
    assert!(matches[1].score > plain + 0.1, "{} vs plain {plain}", matches[1].score);
    // Other words are real edits and rank last.
    assert!(
        matches[2].penalties.iter().any(|p| matches!(p, Penalty::Edits { count } if *count > 5)),
        "{:?}",
        matches[2].penalties
    );
    assert!(matches.windows(2).all(|w| w[0].score >= w[1].score));
    insta::assert_yaml_snapshot!("fuzzy_number_and_diacritics", scored(&matches));
}

#[test]
fn fuzzy_reports_document_codes_and_dates_as_numbers() {
    let store = memory_store();
    let query = "Chỉ thị số 15-CT/TW ngày 5/1/2023 của Ban Bí thư về tăng cường sự lãnh đạo của Đảng.";
    let matches = store.tm_fuzzy("vi", "en", query, 0.8, 5).unwrap();
    assert_eq!(matches.len(), 2, "{:#?}", scored(&matches));
    assert_eq!(
        matches[0].entry.source,
        "Chỉ thị số 12-CT/TW ngày 5/1/2022 của Ban Bí thư về tăng cường sự lãnh đạo của Đảng."
    );
    assert_eq!(
        matches[0].penalties,
        vec![
            Penalty::NumberDiffers { source: "15".into(), memory: "12".into() },
            Penalty::NumberDiffers { source: "5/1/2023".into(), memory: "5/1/2022".into() },
        ]
    );
    assert_eq!(matches[0].score, 0.96);
    assert!(matches[1].score < matches[0].score);
    insta::assert_yaml_snapshot!("fuzzy_document_codes", scored(&matches));
}

#[test]
fn fuzzy_finds_short_keys_and_respects_threshold_limit_and_pair() {
    let store = memory_store();
    store.tm_put(&entry(TmState::Approved, "Họp", "Meeting")).unwrap();
    store.tm_put(&entry(TmState::Approved, "Hà", "Ha")).unwrap();
    // Two characters: no trigram, found through the length window; "Hạ" differs from "Hà" in its tone only.
    let short = store.tm_fuzzy("vi", "en", "Hạ", 0.5, 5).unwrap();
    assert_eq!(short.len(), 1, "{:#?}", scored(&short));
    assert_eq!(short[0].entry.source, "Hà");
    assert_eq!(short[0].penalties, vec![Penalty::DiacriticsDiffer { count: 1 }]);

    let query = "Năm 2022, tỉnh có 8 dự án đầu tư nước ngoài.";
    assert_eq!(store.tm_fuzzy("vi", "en", query, 0.5, 1).unwrap().len(), 1);
    assert_eq!(store.tm_fuzzy("vi", "en", query, 0.99, 10).unwrap().len(), 0);
    assert!(store.tm_fuzzy("vi", "fr", query, 0.5, 10).unwrap().is_empty());
    // An exact key is a fuzzy match of 1.0 too.
    let exact = store.tm_fuzzy("vi", "en", "năm 2022, TỈNH có 7 dự án đầu tư nước ngoài.", 0.9, 1).unwrap();
    assert_eq!((exact[0].score, exact[0].penalties.len()), (1.0, 0));
}

#[test]
fn equal_scores_order_by_most_recent_update_then_source() {
    let store = Store::open_in_memory().unwrap();
    let mut older = entry(TmState::Approved, "Có 1 dự án mới", "One new project");
    older.updated = "2024-01-01T00:00:00.000Z".into();
    let mut newer = entry(TmState::Approved, "Có 2 dự án mới", "Two new projects");
    newer.updated = "2024-06-01T00:00:00.000Z".into();
    let mut same_time = entry(TmState::Approved, "Có 4 dự án mới", "Four new projects");
    same_time.updated = "2024-06-01T00:00:00.000Z".into();
    store.tm_put_all(&[older, same_time, newer]).unwrap();
    let matches = store.tm_fuzzy("vi", "en", "Có 3 dự án mới", 0.5, 10).unwrap();
    let sources: Vec<&str> = matches.iter().map(|m| m.entry.source.as_str()).collect();
    assert_eq!(sources, vec!["Có 2 dự án mới", "Có 4 dự án mới", "Có 1 dự án mới"]);
    assert!(matches.iter().all(|m| m.score == 0.98));
}

#[test]
fn tm_put_all_writes_everything_or_nothing() {
    let store = Store::open_in_memory().unwrap();
    let batch = vec![
        entry(TmState::Approved, "Hội nghị", "Conference"),
        entry(TmState::Machine, "hội  nghị", "Meeting"),
        entry(TmState::Approved, "Tỉnh ủy", "Provincial Party Committee"),
    ];
    let outcomes = store.tm_put_all(&batch).unwrap();
    assert_eq!(outcomes, vec![TmPutOutcome::Inserted, TmPutOutcome::KeptExisting, TmPutOutcome::Inserted]);
    assert_eq!(store.tm_count().unwrap(), 2);

    let broken = vec![
        entry(TmState::Approved, "Quốc hội", "National Assembly"),
        entry(TmState::Approved, "Hội nghị", "Plenum"),
        entry(TmState::Approved, "Chính phủ", "  "),
    ];
    let err = store.tm_put_all(&broken).expect_err("an empty target fails the batch");
    assert!(matches!(&err, StoreError::EmptyField { field: "target", source_text, .. } if source_text == "Chính phủ"));
    assert_eq!(store.tm_count().unwrap(), 2);
    assert!(store.tm_exact("vi", "en", "Quốc hội").unwrap().is_none());
    assert_eq!(store.tm_exact("vi", "en", "Hội nghị").unwrap().unwrap().target, "Conference");

    let pair = LangPair::new("vi", "en");
    let listed: Vec<String> = store.tm_entries(Some(&pair)).unwrap().into_iter().map(|e| e.source).collect();
    assert_eq!(listed, vec!["Hội nghị", "Tỉnh ủy"]);
    assert!(store.tm_entries(Some(&LangPair::new("en", "es"))).unwrap().is_empty());
    assert_eq!(store.tm_entries(None).unwrap().len(), 2);
}

fn machine(segment_id: &str, text: &str) -> Translation {
    Translation {
        segment_id: segment_id.into(),
        text: text.into(),
        origin: Origin::Machine { engine: "apertium".into() },
    }
}

#[test]
fn a_run_dropped_without_finishing_is_seen_as_interrupted_and_keeps_its_targets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dich.db");
    let article = seed_article();
    let first = {
        let store = Store::open(&path).unwrap();
        let run = store.start_run("config-1").unwrap();
        assert!(store.interrupted_runs().unwrap().is_empty(), "a live run of this handle is not interrupted");
        store.save_article(&article, "seed.txt", "hash", &segments_of(&article)).unwrap();
        store.record_event(run, &article.id, "segmented", "4 segments").unwrap();
        store.save_target(&article.id, "en", &machine("seed-article-0-0", "Promoting local potential")).unwrap();
        store.save_target(&article.id, "en", &machine("seed-article-1-0", "On 11-12 August 2022")).unwrap();
        run
        // Dropped here without finish_run, as if the process had died.
    };

    let store = Store::open(&path).unwrap();
    let interrupted = store.interrupted_runs().unwrap();
    assert_eq!(interrupted.len(), 1);
    assert_eq!((interrupted[0].id, interrupted[0].status.as_str()), (first, RUN_RUNNING));
    assert_eq!(interrupted[0].finished, None);
    assert_eq!(store.last_run().unwrap().unwrap().id, first);
    let targets = store.load_targets(&article.id, "en").unwrap();
    assert_eq!(targets.len(), 2);
    assert_eq!(targets["seed-article-1-0"], machine("seed-article-1-0", "On 11-12 August 2022"));
    assert!(store.load_targets(&article.id, "es").unwrap().is_empty());
    let events = store.events(first).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!((events[0].event.as_str(), events[0].detail.as_str()), ("segmented", "4 segments"));

    // The next run marks it interrupted and is itself live.
    let second = store.start_run("config-1").unwrap();
    let interrupted = store.interrupted_runs().unwrap();
    assert_eq!(interrupted.len(), 1);
    assert_eq!((interrupted[0].id, interrupted[0].status.as_str()), (first, RUN_INTERRUPTED));
    store.finish_run(second, "completed", r#"{"articles":1}"#).unwrap();
    let last = store.last_run().unwrap().unwrap();
    assert_eq!((last.id, last.status.as_str()), (second, "completed"));
    assert!(last.finished.is_some());
    assert_eq!(last.summary_json.as_deref(), Some(r#"{"articles":1}"#));
    assert!(matches!(store.finish_run(999, "completed", "{}"), Err(StoreError::UnknownRun { run: 999, .. })));
    assert!(matches!(store.record_event(999, "a", "e", "d"), Err(StoreError::UnknownRun { run: 999, .. })));
}

/// Set in the child process of the test below: the store file it writes to before aborting.
const CRASH_CHILD: &str = "DICH_STORE_TEST_CRASH_CHILD";

#[test]
fn a_killed_process_leaves_its_run_unfinished_and_its_targets_saved() {
    if let Ok(path) = std::env::var(CRASH_CHILD) {
        let store = Store::open(Path::new(&path)).unwrap();
        let _lock = store.lock_for_run().unwrap();
        let run = store.start_run("config-crash").unwrap();
        store.save_target("a-1", "en", &machine("a-1-0-0", "First sentence")).unwrap();
        store.record_event(run, "a-1", "translated", "1 segment").unwrap();
        store.tm_put(&entry(TmState::Machine, "Câu đầu tiên", "First sentence")).unwrap();
        // No destructors, no finish_run: what a kill -9 or a power cut leaves behind.
        std::process::abort();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dich.db");
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "store::a_killed_process_leaves_its_run_unfinished_and_its_targets_saved",
            "--exact",
            "--test-threads=1",
        ])
        .env(CRASH_CHILD, &path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success(), "the child must die");

    let store = Store::open(&path).unwrap();
    // The dead process's run lock went with it.
    store.lock_for_run().expect("the lock of a killed run is released");
    let interrupted = store.interrupted_runs().unwrap();
    assert_eq!(interrupted.len(), 1, "{interrupted:?}");
    assert_eq!(interrupted[0].config_hash, "config-crash");
    assert_eq!(store.load_targets("a-1", "en").unwrap()["a-1-0-0"].text, "First sentence");
    assert_eq!(store.events(interrupted[0].id).unwrap().len(), 1);
    assert_eq!(store.tm_exact("vi", "en", "câu đầu tiên").unwrap().unwrap().state, TmState::Machine);
}

#[test]
fn one_run_at_a_time_holds_the_store_and_a_second_is_told_who_holds_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dich.db");
    let first = Store::open(&path).unwrap();
    let second = Store::open(&path).unwrap();
    let lock = first.lock_for_run().unwrap();
    match second.lock_for_run() {
        Err(StoreError::Busy { path: shown, holder }) => {
            assert_eq!(shown, path.display().to_string());
            assert!(holder.starts_with(&format!("{} ", std::process::id())), "{holder}");
            let message = StoreError::Busy { path: shown, holder }.to_string();
            assert!(message.contains("dich.db") && message.contains("Another dich run"), "{message}");
        }
        other => panic!("expected Busy, got {other:?}"),
    }
    // Reading and writing the store is not blocked by the lock, only other runs are.
    second.tm_put(&entry(TmState::Approved, "Tỉnh ủy", "Provincial Party Committee")).unwrap();
    drop(lock);
    second.lock_for_run().expect("free once the first run has ended");
    assert!(Store::open_in_memory().unwrap().lock_for_run().is_ok());

    // The same store named through a link takes the same lock.
    let link = dir.path().join("linked.db");
    std::os::unix::fs::symlink(&path, &link).unwrap();
    let through_link = Store::open(&link).unwrap();
    let lock = first.lock_for_run().unwrap();
    assert!(matches!(through_link.lock_for_run(), Err(StoreError::Busy { .. })));
    drop(lock);
}

#[test]
fn the_store_is_shared_between_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Store>();
    let store = Arc::new(Store::open_in_memory().unwrap());
    let workers: Vec<_> = (0..4)
        .map(|worker| {
            let store = Arc::clone(&store);
            std::thread::spawn(move || {
                for i in 0..25 {
                    store.tm_put(&entry(TmState::Machine, &format!("Câu {worker} số {i}"), "x")).unwrap();
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    assert_eq!(store.tm_count().unwrap(), 100);
}

fn source(id: &str, text: &str) -> SourceSegment {
    SourceSegment { id: id.into(), text: text.into() }
}

#[test]
fn the_memory_engine_answers_every_segment_in_input_order() {
    let store: Arc<dyn MemoryStore> = Arc::new(memory_store());
    let engine = MemoryEngine::new("memory", Arc::clone(&store), 0.75, 2);
    assert_eq!(engine.name(), "memory");
    let caps = engine.capabilities();
    assert_eq!((caps.max_batch, caps.pairs.clone(), caps.markup), (256, None, MarkupSupport::None));

    let pair = LangPair::new("vi", "en");
    let batch = vec![
        source("s1", "Năm 2022, tỉnh có 9 dự án đầu tư nước ngoài."),
        source("s2", "TỈNH UỶ  Bình Thuận"),
        source("s3", "Thời tiết hôm nay đẹp."),
        source("s4", "Năm 2022, tỉnh có 7 dự án đầu tư nước ngoài."),
    ];
    let outputs = engine.translate(&pair, &batch).unwrap();
    let ids: Vec<&str> = outputs.iter().map(|o| o.segment_id.as_str()).collect();
    assert_eq!(ids, vec!["s1", "s2", "s3", "s4"]);

    // s1: no exact match; the best suggestion is the sentence with another number, and says so.
    assert_eq!(outputs[0].translation, None);
    assert_eq!(outputs[0].suggestions.len(), 2);
    assert_eq!(outputs[0].suggestions[0].target, "In 2022, the province had 7 foreign investment projects.");
    assert_eq!(outputs[0].suggestions[0].score, 0.98);
    assert_eq!(outputs[0].suggestions[0].state, TmState::Approved);
    assert_eq!(outputs[0].suggestions[0].penalties.len(), 1);
    assert!(outputs[0].suggestions[0].penalties[0].contains("9 ≠ 7"), "{:?}", outputs[0].suggestions[0].penalties);

    // s2: an exact match through case, whitespace and (with the full key) tone style.
    let s2 = outputs[1].translation.as_ref();
    if dich::text::key::match_key("Tỉnh ủy") == dich::text::key::match_key("TỈNH UỶ") {
        let s2 = s2.expect("exact match");
        assert_eq!(s2.text, "Binh Thuan Provincial Party Committee");
        assert_eq!(s2.segment_id, "s2");
        assert_eq!(s2.origin, Origin::Memory { state: TmState::Approved, provenance: "test:approved".into() });
        assert!(outputs[1].suggestions.is_empty());
    }

    // s3: nothing at all.
    assert_eq!((outputs[2].translation.as_ref(), outputs[2].suggestions.len()), (None, 0));

    // s4: exact.
    let s4 = outputs[3].translation.as_ref().expect("exact match");
    assert_eq!(s4.text, "In 2022, the province had 7 foreign investment projects.");
    assert!(matches!(&s4.origin, Origin::Memory { state: TmState::Approved, .. }));

    assert!(engine.translate(&pair, &[]).unwrap().is_empty());
}
