// tests of glossary: the shipped term bases, the matcher on the seed article, bad input, conflicts.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use dich::glossary::merger::{ProvinceMerger, MERGER_FILE};
use dich::glossary::{docref, ConflictKind, Glossary, GlossaryIssue, Kind, Severity, Status};

fn shipped_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("glossary")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/glossary").join(name)
}

fn shipped() -> Glossary {
    let (glossary, issues) = Glossary::load_paths(&[shipped_dir()]);
    assert!(issues.is_empty(), "the shipped term bases load cleanly: {issues:#?}");
    glossary
}

#[test]
fn shipped_term_bases_load_with_evidence_and_every_kind() {
    let glossary = shipped();
    assert!(glossary.len() > 150, "{} entries", glossary.len());
    for entry in &glossary.entries {
        assert!(!entry.evidence.is_empty(), "{} has no evidence", entry.location());
        // A user's clone has no project notes: evidence is a public source.
        assert!(
            !entry.evidence.contains("shared/") && !entry.evidence.contains(".md"),
            "{} cites an internal file: {}",
            entry.location(),
            entry.evidence
        );
        assert!(entry.targets.contains_key("en"), "{}", entry.location());
    }
    for kind in
        [Kind::Title, Kind::Organization, Kind::Place, Kind::Person, Kind::Acronym, Kind::Document, Kind::Concept]
    {
        assert!(glossary.entries.iter().any(|e| e.kind == kind), "no {kind} entry");
    }
    // Every row of the public term files is present with the same English.
    for (vi, en) in [
        ("Ủy viên Trung ương Đảng", "Member of the Party Central Committee"),
        ("Phó Bí thư Thường trực Tỉnh ủy", "Standing Deputy Secretary of the Provincial Party Committee"),
        ("Liên hiệp các tổ chức hữu nghị Việt Nam", "Vietnam Union of Friendship Organizations (VUFO)"),
        ("ĐNND", "people-to-people diplomacy"),
        ("QĐ-TTg", "Prime Minister's Decision"),
        ("Thanh Hóa", "Thanh Hoa"),
    ] {
        let entry = glossary.entries.iter().find(|e| e.vi == vi).unwrap_or_else(|| panic!("{vi} missing"));
        assert_eq!(entry.targets["en"], en);
    }
}

#[test]
fn provinces_before_and_after_the_2025_merger() {
    let glossary = shipped();
    let provinces: Vec<_> = glossary.entries.iter().filter(|e| e.slot.as_deref() == Some("province")).collect();
    let (merger, bad) = ProvinceMerger::load(&shipped_dir().join(MERGER_FILE)).expect("mapping file");
    assert!(bad.is_empty());
    assert_eq!(merger.rows.len(), 63, "63 provinces and cities until 30 June 2025");
    assert_eq!(merger.new_units().len(), 34, "34 units from 1 July 2025");
    assert_eq!(merger.new_unit_of("Bình Thuận"), Some("Lâm Đồng"));
    assert_eq!(merger.new_unit_of("Ninh Thuận"), Some("Khánh Hòa"));
    assert_eq!(merger.new_unit_of("Bà Rịa - Vũng Tàu"), Some("Thành phố Hồ Chí Minh"));
    let mut ninh_binh = merger.old_units_of("Ninh Bình");
    ninh_binh.sort();
    assert_eq!(ninh_binh, ["Hà Nam", "Nam Định", "Ninh Bình"]);
    // Every old and every new unit has a place entry with its English form.
    for row in &merger.rows {
        for name in [&row.old, &row.new] {
            let name = if name == "Thừa Thiên Huế" || provinces.iter().any(|p| &p.vi == name) {
                name.as_str()
            } else {
                "Huế"
            };
            assert!(provinces.iter().any(|p| p.vi == name), "{name} has no place entry");
        }
    }
    assert!(provinces.iter().any(|p| p.vi == "Huế" && p.targets["en"] == "Hue"));
    let hcmc = provinces.iter().find(|p| p.vi == "Thành phố Hồ Chí Minh").unwrap();
    assert_eq!(hcmc.targets["en"], "Ho Chi Minh City");
    assert_eq!(hcmc.target_for("en", Some("vietnamnews")), Some("Hồ Chí Minh City"));
}

/// A hit as the snapshot shows it: position, text, entry, kind, English.
#[derive(serde::Serialize)]
struct Shown {
    start: usize,
    end: usize,
    text: String,
    entry: String,
    kind: Kind,
    en: String,
}

#[test]
fn seed_article_terms_are_matched_with_the_house_english() {
    let glossary = shipped();
    let matcher = glossary.matcher();
    let text = std::fs::read_to_string(fixture("seed-article.vi.txt")).unwrap();
    let hits = matcher.find(&text);
    let chars: Vec<char> = text.chars().collect();
    for hit in &hits {
        assert_eq!(chars[hit.start..hit.end].iter().collect::<String>(), hit.text, "character offsets");
        assert_eq!(&text[hit.byte_start..hit.byte_end], hit.text, "byte offsets");
    }
    let en_of = |needle: &str| -> Vec<String> {
        hits.iter().filter(|h| h.text == needle).map(|h| h.targets["en"].clone()).collect()
    };
    let expect = |needle: &str, en: &str| {
        let found = en_of(needle);
        assert!(!found.is_empty(), "{needle:?} not matched");
        assert!(found.iter().all(|f| f == en), "{needle:?} → {found:?}, expected {en:?}");
    };
    // New tone style in the seed, old style in the glossary.
    expect("Uỷ viên Trung ương Đảng", "Member of the Party Central Committee");
    expect("Bí thư Tỉnh ủy", "Secretary of the Provincial Party Committee");
    expect(
        "Trưởng đoàn đại biểu Quốc hội tỉnh Bình Thuận",
        "Head of the Binh Thuan Delegation of National Assembly Deputies",
    );
    expect("Phó Bí thư Thường trực Tỉnh ủy", "Standing Deputy Secretary of the Provincial Party Committee");
    expect("Chủ tịch HĐND tỉnh Ninh Thuận", "Chairman of the Ninh Thuan Provincial People's Council");
    expect("Liên hiệp các tổ chức hữu nghị Việt Nam", "Vietnam Union of Friendship Organizations (VUFO)");
    expect("Tỉnh ủy Bình Thuận", "Binh Thuan Provincial Party Committee");
    expect("Bộ Chính trị", "Politburo");
    expect("ĐNND", "people-to-people diplomacy");
    expect("Tỉnh Khánh Hoà", "Khanh Hoa province");
    expect("Bình Thuận", "Binh Thuan");
    expect("Nguyễn Phương Nga", "Nguyen Phuong Nga");
    expect("Dương Văn An", "Duong Van An");
    expect("Phạm Văn Hậu", "Pham Van Hau");
    expect(
        "Chỉ thị số 12-CT/TW ngày 5/1/2022 của Ban Bí thư",
        "Directive No. 12-CT/TW dated January 5, 2022 of the Secretariat",
    );
    expect("Chỉ thị 12", "Directive 12");
    expect("Chỉ thị 38", "Directive 38");
    expect("Kết luận 12", "Conclusion 12");
    expect("Nghị quyết Đại hội lần thứ XIII của Đảng", "Resolution of the 13th National Party Congress");
    expect("Nghị quyết Đại hội XIII", "Resolution of the 13th National Party Congress");
    expect("tổ chức phi chính phủ nước ngoài", "foreign non-governmental organizations");
    expect("đối ngoại nhân dân", "people-to-people diplomacy");
    expect("người Việt Nam ở nước ngoài", "overseas Vietnamese");
    expect("kinh tế - xã hội", "socio-economic");
    // Nothing matches a generic word inside a longer term.
    assert!(en_of("xã").is_empty(), "'xã' inside 'kinh tế - xã hội' is not a commune");

    let shown: Vec<Shown> = hits
        .iter()
        .map(|h| Shown {
            start: h.start,
            end: h.end,
            text: h.text.clone(),
            entry: h.entry.to_string(),
            kind: h.kind,
            en: h.targets["en"].clone(),
        })
        .collect();
    insta::assert_json_snapshot!("seed_article_hits", shown);
}

#[test]
fn seed_article_defines_dnnd_inline() {
    let glossary = shipped();
    let text = std::fs::read_to_string(fixture("seed-article.vi.txt")).unwrap();
    let defs = docref::find_acronym_definitions(&text, &glossary.matcher());
    assert_eq!(defs.len(), 1, "{defs:?}");
    assert_eq!(defs[0].acronym, "ĐNND");
    assert_eq!(defs[0].expansion, "đối ngoại nhân dân");
    assert_eq!(defs[0].targets["en"], "people-to-people diplomacy");
}

#[test]
fn nfd_double_spaces_and_case_still_match_with_original_offsets() {
    let glossary = shipped();
    let nfd: String =
        unicode_normalization::UnicodeNormalization::nfd("Ông  BÍ THƯ  Tỉnh uỷ Bình Thuận phát biểu").collect();
    let hits = glossary.matcher().find(&nfd);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].targets["en"], "Secretary of the Binh Thuan Provincial Party Committee");
    assert_eq!(&nfd[hits[0].byte_start..hits[0].byte_end], hits[0].text);
    assert!(
        hits[0].text.starts_with("B")
            && hits[0].text.ends_with(&*unicode_normalization::UnicodeNormalization::nfd("Thuận").collect::<String>())
    );
    // "Ông" is 4 characters in NFD (O, circumflex, n, g), then two spaces.
    assert_eq!(hits[0].start, 6);
}

#[test]
fn bad_rows_are_reported_and_the_rest_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("titles.tsv");
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Chủ tịch nước").collect();
    let mut bytes = b"\xEF\xBB\xBFvi\ten\tstatus\r\n".to_vec();
    bytes.extend_from_slice(format!("{nfd}\tState President\tapproved\r\n").as_bytes());
    bytes.extend_from_slice(b"   \tnobody\tapproved\r\n");
    bytes.extend_from_slice(b"Th\xFFu\tbad bytes\tapproved\r\n");
    bytes.extend_from_slice(format!("{}\tlong\tapproved\r\n", "a".repeat(1 << 20)).as_bytes());
    bytes.extend_from_slice("Thủ tướng\tPrime Minister\tapproved\textra\r\n".as_bytes());
    bytes.extend_from_slice(format!("{nfd}\tState President\tapproved\r\n").as_bytes());
    bytes.extend_from_slice("Thủ tướng\tPrime Minister\tapproved\r\n".as_bytes());
    std::fs::write(&path, bytes).unwrap();
    let (glossary, issues) = Glossary::load_paths(&[path.clone(), dir.path().join("missing.tsv")]);
    let vis: Vec<_> = glossary.entries.iter().map(|e| e.vi.as_str()).collect();
    assert_eq!(vis, ["Chủ tịch nước", "Thủ tướng"]);
    assert_eq!(glossary.entries[0].kind, Kind::Title);
    assert_eq!(glossary.entries[0].status, Status::Approved);
    let summary: Vec<(Option<usize>, String)> =
        issues.iter().map(|i| (i.line(), format!("{i:?}").split([' ', '{']).next().unwrap().to_string())).collect();
    assert_eq!(
        summary,
        [
            (Some(3), "EmptyTerm".to_string()),
            (Some(4), "InvalidUtf8".to_string()),
            (Some(5), "LineTooLong".to_string()),
            (Some(6), "WrongColumnCount".to_string()),
            (Some(7), "Duplicate".to_string()),
            (None, "Unreadable".to_string()),
        ]
    );
    let message = issues[3].to_string();
    assert!(
        message.contains("titles.tsv:6") && message.contains("4 cells") && message.contains("3 columns"),
        "{message}"
    );
    assert!(matches!(&issues[4], GlossaryIssue::Duplicate { first, .. } if first.ends_with("titles.tsv:2")));
}

#[test]
fn every_conflict_in_the_conflicting_fixture_is_reported() {
    let (glossary, issues) = Glossary::load_paths(&[fixture("conflicting.tsv")]);
    // A pattern whose slot nothing fills is left out when read (with its line), not only warned about.
    assert!(
        matches!(&issues[..], [GlossaryIssue::UnknownSlot { line: 15, slot, .. }] if slot == "district"),
        "{issues:?}"
    );
    let conflicts = glossary.check();
    let line_of = |location: &str| location.rsplit(':').next().unwrap().to_string();
    let found: BTreeSet<(ConflictKind, String, Severity, Option<String>)> = conflicts
        .iter()
        .map(|c| (c.kind, line_of(&c.location), c.severity, c.other_location.as_deref().map(line_of)))
        .collect();
    assert!(conflicts.iter().all(|c| !c.message.is_empty() && !c.suggestion.is_empty()));
    let expected: BTreeSet<(ConflictKind, String, Severity, Option<String>)> = [
        ((ConflictKind::SameSourceDifferentTargets, "3"), (Severity::Error, Some("2"))),
        ((ConflictKind::NormalizationTwins, "5"), (Severity::Error, Some("4"))),
        ((ConflictKind::NestedDisagreement, "6"), (Severity::Warning, Some("7"))),
        ((ConflictKind::NestedDisagreement, "8"), (Severity::Warning, Some("6"))),
        ((ConflictKind::NestedDisagreement, "8"), (Severity::Warning, Some("7"))),
        ((ConflictKind::AcronymExpansionDisagreement, "10"), (Severity::Error, Some("9"))),
        ((ConflictKind::CyclicAcronym, "11"), (Severity::Error, Some("12"))),
        ((ConflictKind::CyclicAcronym, "12"), (Severity::Error, Some("11"))),
        ((ConflictKind::ForbiddenUsedAsTarget, "14"), (Severity::Error, Some("13"))),
    ]
    .into_iter()
    .map(|((k, l), (s, o))| (k, l.to_string(), s, o.map(str::to_string)))
    .collect();
    assert_eq!(found, expected, "{conflicts:#?}");
    assert!(dich::glossary::check::has_errors(&conflicts));
    // Locations relative to the crate, so the snapshot holds in any checkout.
    let root = format!("{}/", env!("CARGO_MANIFEST_DIR"));
    let portable: Vec<_> = conflicts
        .into_iter()
        .map(|mut c| {
            c.location = c.location.replace(&root, "");
            c.other_location = c.other_location.map(|o| o.replace(&root, ""));
            c
        })
        .collect();
    insta::assert_yaml_snapshot!("conflicting_fixture", portable);
}

// Coverage reached on the evaluation set (QUALITY.md); the issue's target is 0.90 in every category, and no wrong hit
// (asserted below).
const EVAL_FLOOR_TITLE: f64 = 0.91;
const EVAL_FLOOR_ORGANIZATION: f64 = 0.90;
const EVAL_FLOOR_PLACE: f64 = 0.90;
const EVAL_FLOOR_COUNTRY: f64 = 0.98;
const EVAL_FLOOR_PERSON: f64 = 0.94;
const EVAL_FLOOR_EVENT: f64 = 0.91;

/// The shipped term bases on the evaluation set: 48 real articles from 26 Vietnamese news sites, annotated by
/// hand (tests/fixtures/eval, QUALITY.md). The floors are the figures reached; a change that loses items or adds
/// a wrong hit fails here.
#[test]
fn real_articles_evaluation_holds_its_figures() {
    use dich::glossary::eval::{evaluate, load_set};
    let set = load_set(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval")).expect("evaluation set");
    assert!(set.len() >= 40, "{} articles", set.len());
    let report = evaluate(&shipped().matcher(), &set);
    let floors = [
        ("title", EVAL_FLOOR_TITLE),
        ("organization", EVAL_FLOOR_ORGANIZATION),
        ("place", EVAL_FLOOR_PLACE),
        ("country", EVAL_FLOOR_COUNTRY),
        ("person", EVAL_FLOOR_PERSON),
        ("event", EVAL_FLOOR_EVENT),
    ];
    for (category, floor) in floors {
        let score = &report.categories[category];
        assert!(
            score.coverage() >= floor,
            "{category}: {}/{} below {floor}; misses: {:#?}",
            score.found,
            score.items,
            report.misses.iter().filter(|m| m.category == category).collect::<Vec<_>>()
        );
    }
    assert!(report.wrong.is_empty(), "wrong hits: {:#?}", report.wrong);
}

/// The held-out set (tests/fixtures/eval-heldout: 11 articles from 11 other sites, never used for tuning;
/// QUALITY.md) showed wrong hits the evaluation did not report: pieces of an item the matcher missed, taken for
/// names ("Mỹ" in "Mỹ thuật" as the United States, "Hòa Bình" in the Board of Peace as the province). They are
/// listed for review now, with the item they sit in.
#[test]
fn the_evaluation_lists_hits_inside_items_it_missed() {
    use dich::glossary::eval::{evaluate, load_set};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval-heldout");
    let report = evaluate(&shipped().matcher(), &load_set(&dir).expect("held-out set"));
    let inside: Vec<(&str, &str)> =
        report.inside_missed.iter().map(|f| (f.text.as_str(), f.expected.as_str())).collect();
    for (piece, item) in [("Mỹ", "Trường Trung cấp Mỹ thuật"), ("Hòa Bình", "Hội đồng Hòa Bình về Dải Gaza")]
    {
        assert!(inside.iter().any(|(text, expected)| *text == piece && expected.starts_with(item)), "{inside:#?}");
    }
    assert!(report.unannotated.iter().all(|f| f.expected.is_empty()));
}

/// A title before a body the term bases lack is not a title before a person: the body's head word ("Bộ",
/// "Cục", "Phòng") starts no name. Sentences of the development set (tienphong.vn, baodaklak.vn) and the held-out
/// set (baoquangninh.vn, hanoi.gov.vn), where these came out as people "Bo Lao", "Cuc Ngoai", "Phong Thuong" and
/// "Cuc Kinh".
#[test]
fn a_bodys_head_word_after_a_title_starts_no_person() {
    let matcher = shipped().matcher();
    for sentence in [
        "Bộ trưởng Bộ Lao động và Việc làm Lee Jung-sik",
        "Cục trưởng Cục Ngoại vụ Bộ Ngoại giao Hoa Kỳ",
        "Chủ tịch Phòng Thương mại và Công nghiệp Indonesia Arsjad Rasjid",
        "Cục trưởng Cục Kinh tế đối ngoại và Quan hệ quốc tế Moscow Sergei Cheremin",
    ] {
        let people: Vec<String> =
            matcher.find(sentence).into_iter().filter(|h| h.kind == Kind::Person).map(|h| h.text).collect();
        assert!(
            people.iter().all(|p| !["Bộ", "Cục", "Phòng"].contains(&p.split(' ').next().unwrap_or(""))),
            "{sentence}: {people:?}"
        );
    }
    // A person after a title still is one.
    let hits = matcher.find("Cục trưởng Nguyễn Văn An phát biểu.");
    assert!(hits.iter().any(|h| h.kind == Kind::Person && h.text == "Nguyễn Văn An"), "{hits:#?}");
}

/// Each (sentence, text, English): the sentence has a hit on `text` rendered `english` by the shipped glossary.
fn assert_rendered(cases: &[(&str, &str, &str)]) {
    let matcher = shipped().matcher();
    for &(sentence, text, english) in cases {
        let hits = matcher.find(sentence);
        assert!(
            hits.iter().any(|h| h.text == text && h.targets.get("en").map(String::as_str) == Some(english)),
            "{sentence}: {:?}",
            hits.iter().map(|h| (&h.text, h.targets.get("en"))).collect::<Vec<_>>()
        );
    }
}

/// Set 17's classes, with its sentences (baohaiphong.vn, lifestyle.znews.vn, nuithanh.quangnam.gov.vn,
/// tanphu.dongnai.gov.vn, rrbo.org.vn, www1.vinamarine.gov.vn): an open economic zone, a thematic session, a
/// provincial industrial promotion centre as a former director's body, the liberation day without its comma, a
/// candle-lighting ceremony; and two wrong hits: a lake read as a person named Hồ, the national cemetery read as one
/// of a place named "Quốc".
#[test]
fn open_economic_zones_thematic_sessions_and_a_lake_that_is_no_person() {
    assert_rendered(&[
        (
            "Đoàn doanh nghiệp Đài Loan gồm 78 thành viên thuộc các lĩnh vực đầu tư khác nhau đến nghiên cứu tìm hiểu cơ \
             hội đầu tư vào Khu kinh tế mở Chu Lai.",
            "Khu kinh tế mở Chu Lai",
            "Chu Lai Open Economic Zone",
        ),
        (
            "Chiều 30-12, HĐND thành phố khóa 16, nhiệm kỳ 2021-2026 tổ chức Kỳ họp thứ 22 (chuyên đề) để xem xét",
            "Kỳ họp thứ 22 (chuyên đề)",
            "22nd (thematic) session",
        ),
        (
            "Ngày 25/2, TAND tỉnh Sóc Trăng cho biết, ông Ngô Hồng Phi - nguyên Giám đốc Trung tâm Khuyến công Sóc \
             Trăng - đã kháng cáo kêu oan.",
            "nguyên Giám đốc Trung tâm Khuyến công Sóc Trăng",
            "former Director of the Soc Trang Industrial Promotion Centre",
        ),
        (
            "Huyện đoàn phối hợp cùng Ban Chỉ huy Quân sự huyện tổ chức Lễ Thắp nến tri ân nhân dịp chào mừng kỷ niệm \
             50 năm Ngày Giải phóng miền Nam thống nhất Đất nước",
            "kỷ niệm 50 năm Ngày Giải phóng miền Nam thống nhất Đất nước",
            "50th anniversary of the Liberation of the South and National Reunification",
        ),
        (
            "Huyện đoàn phối hợp cùng Ban Chỉ huy Quân sự huyện tổ chức Lễ Thắp nến tri ân nhân dịp chào mừng kỷ niệm \
             50 năm Ngày Giải phóng miền Nam thống nhất Đất nước",
            "Lễ Thắp nến tri ân",
            "candle-lighting ceremony of gratitude",
        ),
        ("Đập chính Hồ Núi Cốc - công trình thủy nông lớn và quan trọng của tỉnh Thái Nguyên", "Hồ Núi Cốc", "Nui Coc Lake"),
        (
            "Đoàn công tác của Cục Hàng hải Việt Nam đã tổ chức Lễ viếng, dâng hương, dâng hoa các anh hùng, liệt sỹ tại \
             Nghĩa trang liệt sỹ Quốc gia tại xã Vĩnh Tường",
            "Nghĩa trang liệt sỹ Quốc gia",
            "National Martyrs' Cemetery",
        ),
    ]);
}

/// Ho Chi Minh City's abbreviations fill a title's or body's place like its full name: news writes "TP.HCM" and
/// "TPHCM" far more often than "Thành phố Hồ Chí Minh". Sentences from htv.com.vn, mofahcm.gov.vn and vba.com.vn.
#[test]
fn ho_chi_minh_citys_abbreviations_compose_into_titles_and_bodies() {
    assert_rendered(&[
        (
            "Chủ tịch UBND TP.HCM Phan Văn Mãi nhấn mạnh",
            "Chủ tịch UBND TP.HCM",
            "Chairman of the Ho Chi Minh City People's Committee",
        ),
        (
            "Phó Chủ tịch Thường trực UBND TPHCM Nguyễn Thành Tài tiếp đoàn",
            "Phó Chủ tịch Thường trực UBND TPHCM",
            "Standing Vice Chairman of the Ho Chi Minh City People's Committee",
        ),
        ("(Y.T., Sở Ngoại vụ TPHCM)", "Sở Ngoại vụ TPHCM", "Ho Chi Minh City Department of Foreign Affairs"),
        (
            "Chánh Văn phòng UBND TP HCM Võ Văn Hoan cho rằng",
            "Chánh Văn phòng UBND TP HCM",
            "Chief of the Office of the Ho Chi Minh City People's Committee",
        ),
    ]);
}

/// Foreign people's names in Latin letters are people, whether or not a title or cue stands before them, with
/// their initials and the particles and hyphens inside them; a run with a word of a company's or place's name is
/// not. Sentences from the development set (baokhanhhoa.vn) and the first and eighteenth held-out sets
/// (baoquangninh.vn, songoaivu.binhdinh.gov.vn, qpvn.vn, songoaivu.hatinh.gov.vn).
#[test]
fn foreign_names_in_latin_letters_are_people() {
    let matcher = shipped().matcher();
    for (sentence, names) in [
        ("phía Indonesia có Bộ trưởng Giao thông Budi Karya Sumadi; Đại sứ Indonesia", &["Budi Karya Sumadi"][..]),
        ("các nhà lãnh tụ cách mạng tiền bối José Martí, Fidel Castro, Hồ Chí Minh", &["José Martí", "Fidel Castro"]),
        ("tiếp xã giao ngài M. Patrick Ellsworth, Phó Tổng Lãnh sự Hoa Kỳ", &["M. Patrick Ellsworth"]),
        ("Bộ Quốc phòng đã tiếp Ngài Elbridge A. Colby, Thứ trưởng", &["Elbridge A. Colby"]),
        // Particles and a hyphen inside a name (eighteenth held-out set, songoaivu.hatinh.gov.vn).
        (
            "Phó Thủ tướng, Bộ trưởng Ngoại giao Qatar Sheikh Mohamed bin Adulrahman Al-Thaini (Mô-ham-mét bin \
             Áp-đun-ra-man An Tha-ni) sẽ thăm chính thức Việt Nam",
            &["Sheikh Mohamed bin Adulrahman Al-Thaini"],
        ),
    ] {
        let hits = matcher.find(sentence);
        let people: Vec<&str> = hits.iter().filter(|h| h.kind == Kind::Person).map(|h| h.text.as_str()).collect();
        for name in names {
            assert!(people.contains(name), "{sentence}: {people:?}");
        }
    }
    let hits = matcher.find("hãng Vietnam Airlines và Samsung Electronics ký kết");
    assert!(hits.iter().all(|h| h.kind != Kind::Person), "{hits:#?}");
}

/// A country's English name takes "the" where English needs it, whichever pattern renders it: sentences of the
/// second held-out set (songoaivu.binhduong.gov.vn, mofahcm.gov.vn). The slot patterns dropped it.
#[test]
fn composed_titles_put_the_before_countries_that_take_it() {
    assert_rendered(&[
        (
            "mong Tổng Lãnh sự Hàn Quốc tại thành phố Hồ Chí Minh hỗ trợ tỉnh",
            "Tổng Lãnh sự Hàn Quốc tại thành phố Hồ Chí Minh",
            "Consul General of the Republic of Korea in Ho Chi Minh City",
        ),
        (
            "Tổng Bí thư, Chủ tịch nước CHDCND Lào Choummaly Sayasone",
            "Chủ tịch nước CHDCND Lào",
            "President of the Lao People's Democratic Republic",
        ),
        ("Đại sứ Lào tại Việt Nam", "Đại sứ Lào tại Việt Nam", "Ambassador of Laos to Vietnam"),
    ]);
}

/// A composed match ends at a line break: a caption's credit "Ảnh: B.Nguyên" and the next line's "Bí thư Tỉnh
/// ủy" made "former Secretary of the Provincial Party Committee" (baodongnai.com.vn, second held-out set).
#[test]
fn composition_stops_at_a_line_break() {
    let matcher = shipped().matcher();
    let text = "Bí thư Tỉnh ủy Nguyễn Phú Cường tiếp Tổng Lãnh sự Park Noh Wan. Ảnh: B.Nguyên\n\
                Bí thư Tỉnh ủy Nguyễn Phú Cường tiếp Tổng Lãnh sự Park Noh Wan. Ảnh: B.Nguyên\n\
                Tại buổi tiếp, Bí thư Tỉnh ủy Nguyễn Phú Cường cho rằng";
    let hits = matcher.find(text);
    assert!(hits.iter().all(|h| !h.text.contains('\n')), "{hits:#?}");
    assert_eq!(hits.iter().filter(|h| h.text == "Bí thư Tỉnh ủy").count(), 3, "{hits:#?}");
}

/// The leaders of the Women's Unions are "President" / "Vice President" (the Union's own English), not the generic
/// composition's "Chairman": sentences of nghean24h.vn (second held-out set).
#[test]
fn womens_union_leaders_are_presidents() {
    assert_rendered(&[
        (
            "lãnh đạo tỉnh Nghệ An chúc mừng tân Chủ tịch Hội LHPN tỉnh Nghệ An Hoàng Thị Thu Hiền",
            "Chủ tịch Hội LHPN tỉnh Nghệ An",
            "President of the Nghe An Provincial Women's Union",
        ),
        (
            "Hương (thứ 2 từ trái sang) - Phó Chủ tịch Hội LHPN Việt Nam và lãnh đạo tỉnh Nghệ An chúc mừng",
            "Phó Chủ tịch Hội LHPN Việt Nam",
            "Vice President of the Vietnam Women's Union",
        ),
    ]);
}

/// The hits of `sentence` as (text, kind, English rendering).
fn hits_en(matcher: &dich::glossary::Matcher, sentence: &str) -> Vec<(String, Kind, String)> {
    matcher
        .find(sentence)
        .into_iter()
        .map(|h| (h.text, h.kind, h.targets.get("en").cloned().unwrap_or_default()))
        .collect()
}

/// A title right after "Phó" is the deputy's: the title alone would render the superior ("Governor" for the Vice
/// Governor). No hit there; the "Phó" forms the term bases know still match. Sentence of the development set
/// (baophutho.vn).
#[test]
fn a_title_right_after_pho_is_not_taken_alone() {
    let matcher = shipped().matcher();
    let sentence = "Trong khuôn khổ Diễn đàn Hợp tác địa phương Việt Nam – Nhật Bản tại tỉnh Quảng Ninh, trưa 25/11, \
                    Chủ tịch UBND tỉnh Trần Duy Đông và đoàn công tác của tỉnh Phú Thọ đã tiếp và làm việc với đoàn \
                    lãnh đạo, doanh nghiệp tỉnh Yamanashi do ông Fshidera Junichi – Phó Thống đốc làm trưởng đoàn.";
    let hits = hits_en(&matcher, sentence);
    assert!(hits.iter().all(|(text, _, _)| text != "Thống đốc"), "{hits:#?}");
    assert!(hits.iter().any(|(text, kind, _)| text == "Trần Duy Đông" && *kind == Kind::Person), "{hits:#?}");
    let hits = hits_en(&matcher, "Ông Fshidera Junichi – Phó Thống đốc tỉnh Yamanashi phát biểu tại buổi làm việc");
    assert!(hits.iter().any(|(_, _, en)| en.starts_with("Vice Governor")), "{hits:#?}");
    let hits = hits_en(&matcher, "Phó Chủ tịch UBND tỉnh Phú Thọ tiếp đoàn.");
    assert!(hits.iter().any(|(_, _, en)| en.starts_with("Vice Chairman")), "{hits:#?}");
}

/// A body written as a name right before another body's capitalized head word is that body's: "Ban Chấp hành
/// Trung ương Hội" is the Farmers' Union's Central Committee, not the Party's. A common noun ("đoàn đại biểu")
/// names no owner and stays. Sentences of the development set (baothanhhoa.vn, vietnamplus.vn, dantri.com.vn,
/// baogialai.com.vn).
#[test]
fn a_central_committee_before_another_bodys_head_word_is_not_the_partys() {
    let matcher = shipped().matcher();
    for sentence in [
        "Về nhiệm vụ thời gian tới, đồng chí Nguyễn Quốc Tiến, Tỉnh ủy viên, Chủ tịch HND tỉnh đề nghị HND các xã, \
         phường bám sát chủ trương của Đảng, Nhà nước, chỉ đạo của Trung ương Hội, Tỉnh ủy và các nghị quyết về nông \
         nghiệp, nông dân, nông thôn;",
        "Lễ kỷ niệm đã tôn vinh 300 đại biểu điển hình tiên tiến, trong đó có 44 tập thể, cá nhân được khen thưởng \
         cấp Nhà nước: 10 Huân chương Lao động hạng Ba và 34 Bằng khen của Thủ tướng Chính phủ; 256 Bằng khen của Ban \
         Chấp hành Trung ương Hội.",
    ] {
        let hits = hits_en(&matcher, sentence);
        assert!(hits.iter().all(|(_, _, en)| en != "Party Central Committee"), "{hits:#?}");
    }
    let hits = hits_en(
        &matcher,
        "Đón tiếp đoàn đại biểu tỉnh Sekong có đồng chí Thái Đại Ngọc - Ủy viên Ban Chấp hành Trung ương Đảng, Bí \
         thư Tỉnh ủy cùng lãnh đạo một số sở, ngành",
    );
    assert!(hits.iter().any(|(_, _, en)| en.contains("Party Central Committee")), "{hits:#?}");
    let hits = hits_en(
        &matcher,
        "Đoàn đại biểu cấp cao Đảng và Nhà nước Lào do Tổng Bí thư, Chủ tịch nước Lào Thongloun Sisoulith làm \
         trưởng đoàn.",
    );
    assert!(
        hits.iter().any(|(text, _, en)| text == "Đoàn đại biểu cấp cao" && en == "high-level delegation"),
        "{hits:#?}"
    );
}

/// Two syllables after a lower-case unit word ("phủ", as in the term bases' "phủ Osaka") are a place's name, not
/// a person's; a one-syllable country before a Vietnamese name syllable that is no surname is the start of a
/// Vietnamese name ("Đức Thọ" is no Germany). A full name after a unit word, a country before a foreign name or
/// a surname, stay. Sentences of the development set (baohatinh.vn, baophutho.vn, tienphong.vn).
#[test]
fn a_unit_word_makes_a_place_and_a_vietnamese_syllable_no_country() {
    let matcher = shipped().matcher();
    for sentence in [
        "Từ khi vua Minh Mệnh tách 2 phủ Hà Hoa và Đức Thọ, lập thành tỉnh Hà Tĩnh (1831) đến nay đã tròn 190 năm.",
        "Năm 1831, vua Minh Mệnh chia trấn Nghệ An thành 2 tỉnh Nghệ An và Hà Tĩnh, lấy phủ Hà Hoa và Đức Thọ lập \
         thành tỉnh Hà Tĩnh.",
    ] {
        let hits = hits_en(&matcher, sentence);
        assert!(hits.iter().all(|(text, _, _)| text != "Hà Hoa" && text != "Đức"), "{hits:#?}");
        assert!(hits.iter().any(|(text, _, _)| text.ends_with("Hà Tĩnh")), "{hits:#?}");
    }
    let hits = hits_en(&matcher, "Chủ tịch UBND tỉnh Phú Thọ Trần Duy Đông trao tặng biểu tượng Trống đồng");
    assert!(hits.iter().any(|(text, kind, _)| text == "Trần Duy Đông" && *kind == Kind::Person), "{hits:#?}");
    let hits = hits_en(
        &matcher,
        "Đoàn đại biểu cấp cao Đảng và Nhà nước Lào do Tổng Bí thư, Chủ tịch nước Lào Thongloun Sisoulith làm \
         trưởng đoàn.",
    );
    assert!(hits.iter().any(|(_, _, en)| en == "President of Laos"), "{hits:#?}");
}

/// "TP" (city) before a person's full name after a title is the title's city, not a city of that name: "Phó Chủ
/// tịch UBND TP Lê Hồng Sơn" was "Vice Chairman of the Le Hong Son City People's Committee". Sentence of the
/// held-out set (hanoi.gov.vn), the rule general (three syllables from a surname, right after a title).
#[test]
fn a_full_personal_name_after_a_title_and_tp_is_no_city() {
    let matcher = shipped().matcher();
    let hits = hits_en(&matcher, "Phó Chủ tịch UBND TP Lê Hồng Sơn và ngài Sergei Cheremin trao đổi tại buổi tiếp");
    assert!(hits.iter().all(|(_, _, en)| !en.contains("Le Hong Son City")), "{hits:#?}");
    assert!(hits.iter().any(|(text, kind, _)| text == "Lê Hồng Sơn" && *kind == Kind::Person), "{hits:#?}");
    let hits = hits_en(&matcher, "Phó Chủ tịch UBND TP Hà Nội Lê Hồng Sơn tiếp đoàn đại biểu Thành phố Moscow");
    assert!(hits.iter().any(|(_, _, en)| en.contains("Hanoi")), "{hits:#?}");
    assert!(hits.iter().any(|(text, kind, _)| text == "Lê Hồng Sơn" && *kind == Kind::Person), "{hits:#?}");
}

/// A Lao name written in Vietnamese syllables is no Vietnamese name cut short: its first syllables before
/// hyphenated lower-case pieces ("Sỉ-sú-phăn", "Pheng Căn - nhạ - phim") and a surname inside it after name
/// syllables no hit ends ("Phôm Ma Phăn Thạ Lăng Si") start no person. A person after a place stays. Sentences of
/// the development set (baogialai.com.vn, baonghean.vn, baohatinh.vn).
#[test]
fn a_lao_name_in_pieces_gives_no_person_of_its_first_syllables() {
    let matcher = shipped().matcher();
    for (sentence, piece) in [
        (
            "(GLO)- Sáng 5-2, đoàn đại biểu tỉnh Sekong (Nước Cộng hòa dân chủ nhân dân Lào) do đồng chí Sỉ-sú-phăn \
             Mạ-hả-vông - Phó Bí thư Tỉnh ủy làm Trưởng đoàn đã đến thăm, chúc Tết tỉnh Gia Lai.",
            "Sỉ",
        ),
        (
            "Đến thăm tỉnh Nghệ An, Đoàn công tác tỉnh Hủa Phăn do ông Pheng Căn - nhạ - phim - Phó Bí thư, Phó Tỉnh \
             trưởng làm trưởng đoàn đã gửi lời chúc mừng những thành tựu mà tỉnh Nghệ An đạt được trong năm 2019.",
            "Pheng Căn",
        ),
        (
            "Phó Bí thư, Trưởng ban Tổ chức Tỉnh ủy tỉnh Khăm Muộn Phôm Ma Phăn Thạ Lăng Si tặng hoa chúc Tết Đảng bộ \
             và nhân dân tỉnh Hà Tĩnh",
            "Lăng Si",
        ),
    ] {
        let hits = hits_en(&matcher, sentence);
        assert!(hits.iter().all(|(text, kind, _)| text != piece || *kind != Kind::Person), "{piece}: {hits:#?}");
    }
    let hits = hits_en(
        &matcher,
        "Trong không khí vui tươi, thắm tình đoàn kết, Bí thư Tỉnh ủy Gia Lai Thái Đại Ngọc đã trân trọng cảm ơn \
         đồng chí Sỉ-sú-phăn Mạ-hả-vông và đoàn công tác đã đến thăm, chúc Tết.",
    );
    assert!(hits.iter().any(|(text, kind, _)| text == "Thái Đại Ngọc" && *kind == Kind::Person), "{hits:#?}");
}

/// Diplomatic titles as real articles write them: a consul general without the host city or with the city
/// abbreviated, an ambassador "tại" a country with the sending country left out, an embassy "ở" a country, and two
/// posts joined by "kiêm" where the second is a foreign minister's (the explicit Vietnamese row stopped before
/// "Lào"), and a minister's assistant. Sentences from held-out set 2 (baodongnai.com.vn, mofahcm.gov.vn, giaoducthoidai.vn).
#[test]
fn diplomatic_titles_compose_with_their_country_as_real_articles_write_them() {
    assert_rendered(&[
        (
            "Bí thư Tỉnh ủy tiếp Tổng lãnh sự Hàn Quốc",
            "Tổng lãnh sự Hàn Quốc",
            "Consul General of the Republic of Korea",
        ),
        (
            "Tổng Lãnh sự Lào tại TPHCM chào từ biệt Sở Ngoại vụ Thành phố",
            "Tổng Lãnh sự Lào tại TPHCM",
            "Consul General of Laos in Ho Chi Minh City",
        ),
        (
            "Chủ tịch nước Trương Tấn Sang bổ nhiệm làm Đại sứ đặc mệnh toàn quyền tại Liên bang Nga.",
            "Đại sứ đặc mệnh toàn quyền tại Liên bang Nga",
            "Ambassador Extraordinary and Plenipotentiary to Russia",
        ),
        (
            "Trên trang web của Đại sứ quán Việt Nam ở Liên bang Nga đã đăng tải lời chào",
            "Đại sứ quán Việt Nam ở Liên bang Nga",
            "Vietnamese Embassy in Russia",
        ),
        (
            "chuyến thăm của Phó Thủ tướng kiêm Bộ trưởng Bộ Ngoại giao Lào Thongloun Sisoulith đang diễn ra",
            "Phó Thủ tướng kiêm Bộ trưởng Bộ Ngoại giao Lào",
            "Deputy Prime Minister and Minister of Foreign Affairs of Laos",
        ),
        // An assistant's title is made from the title assisted.
        (
            "Thủ tướng bổ nhiệm ông Đặng Minh Khôi - Trợ lý Bộ trưởng, Vụ trưởng Vụ Đông Bắc Á, giữ chức Thứ trưởng.",
            "Trợ lý Bộ trưởng",
            "Assistant to the Minister",
        ),
        // Vietnam's own minister keeps the explicit row.
        (
            "Phó Thủ tướng kiêm Bộ trưởng Bộ Tài chính Hồ Đức Phớc phát biểu",
            "Phó Thủ tướng kiêm Bộ trưởng Bộ Tài chính",
            "Deputy Prime Minister and Minister of Finance",
        ),
    ]);
}

/// A mass organization's Central Committee is no "central level": "Về phía Trung ương Hội" names the union's
/// committee, which its abbreviation also writes ("Trung ương Hội LHPN Việt Nam"). A department after "Vụ trưởng"
/// is no person ("Vụ Đông Bắc Á" gave "Vu Dong Bac A"), and a photo credit's web address is no photographer
/// ("Chinhphu.vn" gave a person "Chinhphu"). Sentences from held-out set 2 (hoilhpn.phuyen.gov.vn,
/// giaoducthoidai.vn, baoninhthuan.com.vn).
#[test]
fn a_unions_central_committee_a_ministrys_department_and_a_web_address_are_no_wrong_names() {
    let sentence =
        "- Về phía Trung ương Hội có đồng chí Bùi Thị Hòa, Phó Chủ tịch Trung ương Hội LHPN Việt Nam và đoàn \
                    đại biểu Trung ương Hội LHPN Việt Nam dự đại hội.";
    let matcher = shipped().matcher();
    let hits = hits_en(&matcher, sentence);
    assert!(hits.iter().all(|(text, _, _)| !text.contains("Về phía")), "{hits:#?}");
    assert_rendered(&[
        (
            sentence,
            "đoàn đại biểu Trung ương Hội LHPN Việt Nam",
            "delegation of the Vietnam Women's Union Central Committee",
        ),
        (
            sentence,
            "Phó Chủ tịch Trung ương Hội LHPN Việt Nam",
            "Vice President of the Vietnam Women's Union Central Committee",
        ),
    ]);
    // Where no union follows, the phrase keeps its rendering.
    assert_rendered(&[(
        "Dự lễ về phía Trung ương có đồng chí Trần Văn C.",
        "về phía Trung ương",
        "on behalf of the central level",
    )]);
    for (sentence, not_a_person) in [
        (
            "Thủ tướng bổ nhiệm ông Đặng Minh Khôi - Trợ lý Bộ trưởng, Vụ trưởng Vụ Đông Bắc Á, giữ chức Thứ trưởng.",
            "Vụ Đông Bắc Á",
        ),
        ("Phó Thủ tướng Phạm Bình Minh tiếp Đại sứ Trung Quốc\nKhổng Huyễn Hựu. (Ảnh: Chinhphu.vn)", "Chinhphu"),
    ] {
        let hits = hits_en(&matcher, sentence);
        assert!(hits.iter().all(|(text, kind, _)| text != not_a_person || *kind != Kind::Person), "{hits:#?}");
    }
}

/// A Chinese person named in the Sino-Vietnamese reading is Wei Huaxiang, not "Nguy Hoa Tuong": after a title
/// or place naming China the name is kept as a person (nothing else takes its words) with no rendering, under an
/// entry of its own, and so are its later mentions in the article; a Vietnamese name elsewhere keeps its
/// rendering, and a Chinese name the term bases hold keeps theirs. Sentences from held-out set 1
/// (baocamau.vn) and a farewell call (baoninhthuan.com.vn).
#[test]
fn a_name_in_its_sino_vietnamese_reading_gets_no_rendering_made_from_its_letters() {
    let matcher = shipped().matcher();
    let article = [
        "Chiều ngày 23/4, Tổng Lãnh sự Trung Quốc tại TP Hồ Chí Minh Nguỵ Hoa Tường cùng đại diện các doanh nghiệp \
         đã đến thăm và làm việc tại tỉnh Cà Mau.",
        "Tiếp đoàn có đồng chí Lâm Văn Bi, Phó Chủ tịch UBND tỉnh. Ông Nguỵ Hoa Tường cảm ơn tỉnh.",
    ];
    let hits = matcher.find_article(&article);
    let wei: Vec<&dich::glossary::Hit> = hits.iter().flatten().filter(|h| h.text == "Nguỵ Hoa Tường").collect();
    assert_eq!(wei.len(), 2, "{hits:#?}");
    for hit in wei {
        assert_eq!(hit.kind, Kind::Person);
        assert!(hit.entry.starts_with(dich::glossary::matcher::HANVIET_PERSON_PREFIX), "{hit:?}");
        assert!(hit.targets.is_empty(), "{hit:?}");
    }
    // QA holds the article: the engine's guess at the name is no name.
    let first = &hits[0];
    let unit = dich::qa::checks::Unit {
        id: "s1",
        source: article[0],
        target:
            "On the afternoon of April 23, Chinese Consul General in Ho Chi Minh City Nguy Hoa Tuong visited Ca Mau.",
        hits: first,
        lang: "en",
    };
    let findings = dich::qa::checks::terminology(&unit, &dich::qa::checks::Context::default());
    assert!(findings.iter().any(|f| f.message.contains("Nguỵ Hoa Tường")), "{findings:#?}");
    assert_rendered(&[
        (article[1], "Lâm Văn Bi", "Lam Van Bi"),
        (
            "Phó Thủ tướng Phạm Bình Minh đã tiếp Đại sứ Trung Quốc Khổng Huyễn Hựu đến chào từ biệt.",
            "Khổng Huyễn Hựu",
            "Kong Xuanyou",
        ),
    ]);
}

/// A head word written once before a list of bodies: "các Sở: Công Thương, Du lịch, …, Ngoại vụ" names six
/// departments, and "Sở Tài chính, Kế hoạch và Đầu tư" two; a list stops at the first item that makes no body
/// ("Sở Tư pháp, Công an tỉnh": the police are no department). Sentences from held-out set 1
/// (songoaivu.binhdinh.gov.vn) and the development set's style.
#[test]
fn a_head_word_written_once_gives_each_listed_body_its_rendering() {
    let sentence =
        "Cùng dự buổi tiếp có lãnh đạo các Sở: Công Thương, Du lịch, Kế hoạch và Đầu tư, Văn hóa và Thể thao, \
                    Y tế, Ngoại vụ.";
    assert_rendered(&[
        (sentence, "Công Thương", "Department of Industry and Trade"),
        (sentence, "Du lịch", "Department of Tourism"),
        (sentence, "Kế hoạch và Đầu tư", "Department of Planning and Investment"),
        (sentence, "Y tế", "Department of Health"),
        (sentence, "Ngoại vụ", "Department of Foreign Affairs"),
        (
            "Đại diện Sở Tài chính, Kế hoạch và Đầu tư cùng dự.",
            "Kế hoạch và Đầu tư",
            "Department of Planning and Investment",
        ),
    ]);
    let matcher = shipped().matcher();
    let hits = hits_en(&matcher, "Lãnh đạo Sở Tư pháp, Công an tỉnh cùng dự.");
    assert!(hits.iter().all(|(text, _, en)| text != "Công an" || !en.starts_with("Department")), "{hits:#?}");
}

#[test]
fn shipped_term_bases_have_no_error_level_conflicts() {
    let conflicts = shipped().check();
    let errors: Vec<_> = conflicts.iter().filter(|c| c.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

// Protection, exchange, acronym policy and the `dich glossary` command.

mod protection_and_exchange {
    use std::path::Path;

    use assert_cmd::Command;
    use dich::glossary::acronym::{apply_acronym_policy, AcronymPolicy};
    use dich::glossary::exchange::{from_tbx, to_tbx};
    use dich::glossary::protect::{protect, restore_and_verify, term_spans, ProtectionFailure, Strategy};
    use dich::store::{MemoryStore, Store, TmEntry, TmState};

    use super::{fixture, shipped, shipped_dir};

    const TITLE_CHAIN: &str =
        "Ông Nguyễn Hoài Anh, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy Bình Thuận, tiếp đoàn của HĐND tỉnh.";

    #[test]
    fn seed_terms_survive_a_tag_keeping_engine_and_losses_are_named() {
        let glossary = shipped();
        let hits = glossary.matcher().find(TITLE_CHAIN);
        let spans = term_spans(&hits, &glossary, "en", None);
        assert!(spans.len() >= 3, "{spans:?}");
        let protected = protect(TITLE_CHAIN, &spans, Strategy::InlineTags);
        assert!(!protected.text.contains("Bí thư"), "{}", protected.text);
        // An engine that keeps the tags but reorders the sentence around them.
        let mut output = String::from("Received the delegation:");
        for term in protected.terms.iter().rev() {
            output.push(' ');
            output.push_str(&term.marker);
        }
        let restored = restore_and_verify(&protected, &output).expect("all terms restored");
        assert!(restored.contains("Secretary of the Binh Thuan Provincial Party Committee"), "{restored}");
        assert!(restored.contains("Member of the Party Central Committee"), "{restored}");
        // An engine that drops one tag: the term is named.
        let dropped = output.replacen(&protected.terms[0].marker, "", 1);
        let failures = restore_and_verify(&protected, &dropped).unwrap_err();
        assert!(
            matches!(&failures[0], ProtectionFailure::MarkerMissing { entry, .. } if *entry == protected.terms[0].entry)
        );
    }

    #[test]
    fn acronym_policy_on_the_shipped_glossary() {
        let glossary = shipped();
        let text = "HĐND và VUFO; HĐND họp.";
        let mut hits = glossary.matcher().find(text);
        apply_acronym_policy(&mut hits, &glossary, text, AcronymPolicy::FirstMention, "en");
        let en: Vec<&str> =
            hits.iter().filter(|h| h.text == "HĐND" || h.text == "VUFO").map(|h| h.targets["en"].as_str()).collect();
        assert_eq!(en, ["People's Council (HDND)", "Vietnam Union of Friendship Organizations (VUFO)", "HDND"]);
    }

    #[test]
    fn shipped_glossary_round_trips_through_tbx() {
        let glossary = shipped();
        let xml = dich::formats::tbx::write(&to_tbx(&glossary));
        let (back, issues) = from_tbx(&xml, Path::new("shipped.tbx")).unwrap();
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(back.len(), glossary.len());
        for (a, b) in glossary.entries.iter().zip(&back.entries) {
            assert_eq!((&a.id, &a.vi, &a.targets, a.kind, a.status), (&b.id, &b.vi, &b.targets, b.kind, b.status));
            assert_eq!(
                (&a.forbidden, &a.note, &a.evidence, &a.slot, &a.expansion, &a.channels),
                (&b.forbidden, &b.note, &b.evidence, &b.slot, &b.expansion, &b.channels)
            );
        }
    }

    fn dich() -> Command {
        let mut cmd = Command::cargo_bin("dich").unwrap();
        cmd.env("LANG", "C").arg("--lang").arg("en");
        cmd
    }

    /// `dich glossary match --json` on `input` with the shipped term bases.
    fn match_json(input: &str) -> serde_json::Value {
        let output = dich()
            .args(["glossary", "match", "--json", "-g"])
            .arg(shipped_dir())
            .arg("-")
            .write_stdin(input)
            .assert()
            .success();
        serde_json::from_slice(&output.get_output().stdout).unwrap()
    }

    #[test]
    fn match_json_gives_character_offsets_into_the_input_as_given() {
        // NFD input with a double space: offsets count the input's own characters.
        let input = "Ở Bình Thuận, Chu\u{309} ti\u{323}ch  HĐND tỉnh";
        let hits = match_json(input);
        let chars: Vec<char> = input.chars().collect();
        let hits = hits.as_array().unwrap();
        assert_eq!(hits.len(), 2, "{hits:#?}");
        for hit in hits {
            let (start, end) = (hit["start"].as_u64().unwrap() as usize, hit["end"].as_u64().unwrap() as usize);
            assert_eq!(chars[start..end].iter().collect::<String>(), hit["text"].as_str().unwrap());
        }
        assert_eq!((hits[1]["start"].as_u64(), hits[1]["end"].as_u64()), (Some(14), Some(35)));
        assert_eq!(hits[1]["text"], "Chu\u{309} ti\u{323}ch  HĐND tỉnh");
        assert_eq!(hits[1]["entry"], "title:chu-tich-hdnd-tinh");
        assert_eq!(hits[1]["kind"], "title");
        assert_eq!(hits[1]["targets"]["en"], "Chairman of the Provincial People's Council");
    }

    #[test]
    fn match_json_finds_people_composed_titles_and_places_in_a_real_sentence() {
        // baodaklak.vn, 2025: a title, its province, and a person whose name is in no term base.
        let input = "Thay mặt lãnh đạo tỉnh Đắk Lắk, Phó Chủ tịch UBND tỉnh Trương Công Thái gửi lời cảm ơn.";
        let hits = match_json(input);
        let found: Vec<(String, String, String)> = hits
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["text"].as_str().unwrap().into(),
                    h["kind"].as_str().unwrap().into(),
                    h["targets"]["en"].as_str().unwrap().into(),
                )
            })
            .collect();
        let expect = |t: &str, k: &str, en: &str| (t.to_string(), k.to_string(), en.to_string());
        assert!(found.contains(&expect("tỉnh Đắk Lắk", "place", "Dak Lak province")), "{found:#?}");
        assert!(found.contains(&expect("Trương Công Thái", "person", "Truong Cong Thai")), "{found:#?}");
        assert!(
            found.contains(&expect(
                "Phó Chủ tịch UBND tỉnh",
                "title",
                "Vice Chairman of the Provincial People's Committee"
            )),
            "{found:#?}"
        );
    }

    #[test]
    fn bad_patterns_and_name_list_rows_name_their_line_and_the_rest_is_used() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("titles.tsv"),
            "vi\ten\tkind\tstatus\tslot\n\
             Giám đốc\tDirector\ttitle\tapproved\ttitle\n\
             {title} {agency}\t{title} of {agency}\ttitle\tapproved\t\n\
             {body} mới\tnew {body}\torganization\tapproved\tbody\n\
             Sở Tư pháp\tDepartment of Justice\torganization\tapproved\tbody\n\
             {title} {body}\t{title} of the {body}\ttitle\tapproved\t\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("name-lists.tsv"), "list\tvalue\nsurname\tTrần\nsurnam\tLê\ncue\tông\n")
            .unwrap();
        let output = dich()
            .args(["glossary", "match", "-g"])
            .arg(dir.path())
            .arg("-")
            .write_stdin("Giám đốc Sở Tư pháp tiếp ông Trần Văn Bình.")
            .assert()
            .success();
        let stderr = String::from_utf8_lossy(&output.get_output().stderr);
        assert!(stderr.contains("titles.tsv:3") && stderr.contains("agency"), "{stderr}");
        assert!(stderr.contains("titles.tsv:4") && stderr.contains("circle"), "{stderr}");
        assert!(stderr.contains("name-lists.tsv:3") && stderr.contains("surnam"), "{stderr}");
        let stdout = String::from_utf8_lossy(&output.get_output().stdout);
        assert!(stdout.contains("Director of the Department of Justice"), "{stdout}");
        assert!(stdout.contains("Tran Van Binh"), "{stdout}");
    }

    #[test]
    fn check_exits_1_on_the_conflicting_fixture_and_0_on_the_shipped_glossary() {
        dich().args(["glossary", "check", "-g"]).arg(fixture("conflicting.tsv")).assert().code(1);
        let dir = tempfile::tempdir().unwrap();
        dich().current_dir(dir.path()).args(["glossary", "check", "-g"]).arg(shipped_dir()).assert().code(0);
    }

    #[test]
    fn check_reports_approved_memory_that_contradicts_the_glossary() {
        let dir = tempfile::tempdir().unwrap();
        let store_path = dir.path().join("dich.sqlite");
        let store = Store::open(&store_path).unwrap();
        let entry = |target: &str, state: TmState| TmEntry {
            source_lang: "vi".into(),
            target_lang: "en".into(),
            source: format!("Quốc hội thông qua luật {target}."),
            target: target.into(),
            state,
            provenance: "import:old.tmx".into(),
            created: String::new(),
            updated: String::new(),
        };
        store
            .tm_put_all(&[
                entry("The National Assembly passed the law.", TmState::Approved),
                entry("Parliament passed it.", TmState::Approved),
            ])
            .unwrap();
        drop(store);
        let output = dich()
            .current_dir(dir.path())
            .args(["glossary", "check", "--json", "--store", "dich.sqlite", "-g"])
            .arg(shipped_dir())
            .assert()
            .code(1);
        let conflicts: serde_json::Value = serde_json::from_slice(&output.get_output().stdout).unwrap();
        let memory: Vec<&serde_json::Value> =
            conflicts.as_array().unwrap().iter().filter(|c| c["kind"] == "memory-contradiction").collect();
        assert_eq!(memory.len(), 1, "{conflicts:#}");
        assert_eq!(memory[0]["severity"], "error");
        assert!(memory[0]["message"].as_str().unwrap().contains("Parliament passed it."));
        assert!(memory[0]["location"].as_str().unwrap().contains("organizations.tsv:"));
        assert_eq!(memory[0]["other_location"], "dich.sqlite (import:old.tmx)");
    }

    #[test]
    fn export_then_import_gives_the_same_glossary() {
        let dir = tempfile::tempdir().unwrap();
        let tbx = dir.path().join("g.tbx");
        dich()
            .args(["glossary", "export", "--format", "tbx", "-o"])
            .arg(&tbx)
            .arg("-g")
            .arg(shipped_dir())
            .assert()
            .success();
        let tsv = dir.path().join("imported.tsv");
        dich().args(["glossary", "import"]).arg(&tbx).arg("-o").arg(&tsv).assert().success();
        dich().args(["glossary", "import"]).arg(&tbx).arg("-o").arg(&tsv).assert().code(2);
        let (imported, issues) = dich::glossary::Glossary::load_paths(&[tsv]);
        assert!(issues.is_empty(), "{issues:?}");
        let original = shipped();
        let pairs = |g: &dich::glossary::Glossary| {
            g.entries.iter().map(|e| (e.id.clone(), e.targets.clone())).collect::<Vec<_>>()
        };
        assert_eq!(pairs(&imported), pairs(&original));

        let deepl =
            dich().args(["glossary", "export", "--format", "deepl", "-g"]).arg(shipped_dir()).assert().success();
        let deepl = String::from_utf8(deepl.get_output().stdout.clone()).unwrap();
        assert!(deepl.lines().all(|l| l.split('\t').count() == 2 && l == l.trim()), "DeepL rows are source<TAB>target");
        assert!(deepl.contains("Bí thư Tỉnh ủy Bình Thuận\tSecretary of the Binh Thuan Provincial Party Committee\n"));
        let amazon =
            dich().args(["glossary", "export", "--format", "amazon", "-g"]).arg(shipped_dir()).assert().success();
        assert!(String::from_utf8_lossy(&amazon.get_output().stdout).starts_with("vi,en\n"));
    }
}

/// Term protection through a real engine: Apertium APY, English → Spanish (the pivot route's last leg).
///
/// APY is started by the engines harness (tests/integration/support/apertium.rs; scripts/test.sh installs the
/// Debian packages); without it the test says so and passes. Each sentence goes through each strategy; the
/// survival rate of each is printed (`cargo test --test integration glossary::apertium -- --nocapture`) and
/// copied into BENCHMARKS.md (section Glossary).
mod apertium {
    use dich::glossary::protect::{protect, restore_and_verify, verify, Protected, Strategy, TermSpan};

    use crate::support::apertium::Apy;

    /// English term → the Spanish rendering that must come out.
    const TERMS: &[(&str, &str)] = &[
        ("People's Committee", "Comité Popular"),
        ("People's Council", "Consejo Popular"),
        ("National Assembly", "Asamblea Nacional"),
        ("Party Central Committee", "Comité Central del Partido"),
        ("Provincial Party Committee", "Comité Provincial del Partido"),
        ("Vietnam Union of Friendship Organizations", "Unión de Organizaciones de Amistad de Vietnam"),
        ("Binh Thuan", "Binh Thuan"),
        ("Lam Dong", "Lam Dong"),
        ("Directive No. 12-CT/TW", "Directiva n.º 12-CT/TW"),
        ("Fatherland Front", "Frente de la Patria"),
        ("Secretariat", "Secretariado"),
        ("Nguyen Phuong Nga", "Nguyen Phuong Nga"),
    ];

    /// News sentences of the kind the English pivot holds, each with one to three terms.
    pub const SENTENCES: &[&str] = &[
        "The People's Committee of Binh Thuan approved the plan on Monday.",
        "Delegates of the National Assembly visited Lam Dong last week.",
        "He is a member of the Party Central Committee and Secretary of the Provincial Party Committee.",
        "The Vietnam Union of Friendship Organizations welcomed the delegation.",
        "Directive No. 12-CT/TW of the Secretariat sets new goals for external relations.",
        "Nguyen Phuong Nga thanked the People's Council for its support.",
        "The Fatherland Front and the People's Committee signed an agreement.",
        "Officials from Binh Thuan and Lam Dong met in the provincial capital.",
        "The National Assembly will discuss the report at its next session.",
        "The Provincial Party Committee praised the results of the campaign.",
        "Leaders of the People's Council said the budget had grown by 8 percent.",
        "The Secretariat issued Directive No. 12-CT/TW in January.",
        "Nguyen Phuong Nga, President of the Vietnam Union of Friendship Organizations, spoke at the event.",
        "Farmers in Lam Dong asked the People's Committee for help after the storm.",
        "The Party Central Committee held its plenary meeting in Hanoi.",
        "Young volunteers from the Fatherland Front cleaned the beaches of Binh Thuan.",
        "The delegation of the National Assembly of Binh Thuan met voters on Sunday.",
        "The Provincial Party Committee and the People's Council reviewed the plan together.",
        "The new hospital was opened by the People's Committee of Lam Dong.",
        "Representatives of the Vietnam Union of Friendship Organizations and the Fatherland Front attended.",
    ];

    fn spans(sentence: &str) -> Vec<TermSpan> {
        let mut spans: Vec<TermSpan> = Vec::new();
        // Longest terms first, so a term inside a longer one is not taken twice.
        let mut terms: Vec<&(&str, &str)> = TERMS.iter().collect();
        terms.sort_by_key(|(en, _)| std::cmp::Reverse(en.len()));
        for (en, es) in terms {
            let mut from = 0;
            while let Some(found) = sentence[from..].find(en) {
                let start = from + found;
                let end = start + en.len();
                if !spans.iter().any(|s| s.byte_start < end && start < s.byte_end) {
                    spans.push(TermSpan {
                        byte_start: start,
                        byte_end: end,
                        entry: en.to_string(),
                        target: es.to_string(),
                        forbidden: Vec::new(),
                    });
                }
                from = end;
            }
        }
        spans.sort_by_key(|s| s.byte_start);
        spans
    }

    /// One APY call: POST /translate, form-encoded, HTML mode; unknown words marked with `*` or not.
    pub fn translate(base: &str, text: &str, mark_unknown: bool) -> Result<String, String> {
        let mark = if mark_unknown { "yes" } else { "no" };
        let fields = [("langpair", "eng|spa"), ("markUnknown", mark), ("format", "html"), ("q", text)];
        let response = reqwest::blocking::Client::new()
            .post(format!("{base}/translate"))
            .form(&fields)
            .send()
            .map_err(|e| e.to_string())?;
        let body = response.text().map_err(|e| e.to_string())?;
        let value: serde_json::Value = serde_json::from_str(&body).map_err(|e| e.to_string())?;
        value["responseData"]["translatedText"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("no translation: {value}"))
    }

    #[derive(Default)]
    struct Tally {
        survived: usize,
        failed: usize,
        reasons: Vec<String>,
    }

    #[test]
    fn protection_survives_apertium_en_es() {
        let apy = Apy::start();
        let base = apy.url.clone();
        // "unprotected" is the engine's own translation checked the same way: the baseline.
        // (name, strategy, APY markUnknown)
        let strategies = [
            ("inline-tags", Some(Strategy::InlineTags), false),
            ("placeholders", Some(Strategy::Placeholders), false),
            ("inline-tags, unknown words marked", Some(Strategy::InlineTags), true),
            ("placeholders, unknown words marked", Some(Strategy::Placeholders), true),
            ("unprotected", None, false),
        ];
        let mut tallies: Vec<Tally> = strategies.iter().map(|_| Tally::default()).collect();
        let mut terms_total = 0;
        for sentence in SENTENCES {
            let spans = spans(sentence);
            assert!(!spans.is_empty(), "{sentence}");
            terms_total += spans.len();
            for ((name, strategy, mark), tally) in strategies.iter().zip(tallies.iter_mut()) {
                let protected: Protected = protect(sentence, &spans, strategy.unwrap_or(Strategy::EngineGlossary));
                let output = translate(&base, &protected.text, *mark).unwrap_or_else(|e| panic!("APY at {base}: {e}"));
                let result = match strategy {
                    Some(_) => restore_and_verify(&protected, &output),
                    None => {
                        let failures = verify(&protected, &output);
                        if failures.is_empty() {
                            Ok(output.clone())
                        } else {
                            Err(failures)
                        }
                    }
                };
                match result {
                    Ok(restored) => {
                        tally.survived += 1;
                        if *name == "inline-tags" {
                            println!("  ok  {restored}");
                        }
                    }
                    Err(failures) => {
                        tally.failed += 1;
                        assert!(!failures.is_empty());
                        tally.reasons.push(format!("{name}: {} → {output}: {}", protected.text, failures[0]));
                    }
                }
            }
        }
        println!("Apertium APY eng→spa, {} sentences, {terms_total} terms:", SENTENCES.len());
        for ((name, _, _), tally) in strategies.iter().zip(&tallies) {
            println!(
                "  {name:<36} {}/{} sentences survived ({:.0}%)",
                tally.survived,
                SENTENCES.len(),
                100.0 * tally.survived as f64 / SENTENCES.len() as f64
            );
        }
        for tally in &tallies {
            for reason in &tally.reasons {
                println!("    {reason}");
            }
        }
        // Tags must carry terms through Apertium: that is the strategy the pipeline picks for it.
        assert!(tallies[0].survived * 10 >= SENTENCES.len() * 8, "inline tags survived only {}", tallies[0].survived);
    }
}

/// Runs the pipeline on tests/fixtures/glossary/protect with `config`, outputs and store in `out`.
fn run_protect(config: &str, out: &Path) -> dich::pipeline::summary::RunSummary {
    use chrono::TimeZone;
    let settings = dich::config::Settings::load(&fixture("protect").join(config))
        .expect("fixture config is valid")
        .with_output_dir(out.to_path_buf());
    let store = std::sync::Arc::new(dich::store::Store::open(&settings.store_path).unwrap());
    let clock = dich::clock::FixedClock(chrono::Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap());
    let env = dich::pipeline::RunEnv {
        store,
        clock: std::sync::Arc::new(clock),
        cancel: std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
        progress: Default::default(),
    };
    dich::pipeline::run(&settings, &env).unwrap()
}

#[test]
fn machine_engines_keep_the_house_rendering_of_terms() {
    let out = tempfile::tempdir().unwrap();
    let summary = run_protect("pipeline-keep.toml", out.path());
    let article = summary.articles.iter().find(|a| a.id == "hop").unwrap_or_else(|| panic!("{summary:#?}"));
    assert_eq!(article.status, dich::pipeline::summary::ArticleStatus::Published, "{article:#?}");
    let markdown = std::fs::read_to_string(out.path().join("web-en/hop.en.md")).unwrap();
    assert!(
        markdown.contains(
            "This morning, Secretary of the Provincial Party Committee attends the meeting with 20 delegates."
        ),
        "{markdown}"
    );
    assert!(!markdown.contains("Party chief"), "the engine's own rendering never reaches readers:\n{markdown}");
}

#[test]
fn terms_lost_by_a_machine_engine_hold_the_article_back_with_the_reason() {
    let out = tempfile::tempdir().unwrap();
    let summary = run_protect("pipeline-drop.toml", out.path());
    let article = summary.articles.iter().find(|a| a.id == "hop").unwrap_or_else(|| panic!("{summary:#?}"));
    assert_eq!(article.status, dich::pipeline::summary::ArticleStatus::HeldBack, "{article:#?}");
    assert!(!out.path().join("web-en/hop.en.md").exists());
    let package = std::fs::read_to_string(out.path().join("packages/en/hop.vi-en.xlf")).unwrap();
    assert!(package.contains("dich:flagged"), "{package}");
    assert!(
        package.contains("glossary terms did not survive translation (inline-tags: term title:"),
        "the package says why:\n{package}"
    );
    assert!(package.contains("placeholders: term title:"), "{package}");
}

/// Excerpts of provincial news from sites outside the evaluation set (tests/fixtures/glossary/README.md): each hit
/// was read by hand, and the wrong ones are the classes below.
#[test]
fn fresh_excerpts_keep_bodies_and_names_whole() {
    let text = std::fs::read_to_string(fixture("fresh-excerpts.tsv")).expect("fixture");
    let excerpts: Vec<(&str, &str)> = text.lines().skip(1).filter_map(|l| l.split_once('\t')).collect();
    assert_eq!(excerpts.len(), 8);
    let matcher = shipped().matcher();
    let hits: Vec<(String, Kind, String)> = excerpts
        .iter()
        .flat_map(|(_, text)| matcher.find(text))
        .map(|h| (h.text.clone(), h.kind, h.targets.get("en").cloned().unwrap_or_default()))
        .collect();
    let has = |text: &str, kind: Kind, en: &str| hits.iter().any(|h| h.0 == text && h.1 == kind && h.2 == en);
    // baotuyenquang.com.vn: a diplomatic rank before an embassy takes the whole embassy, not "Đại sứ quán" alone,
    // and "thứ ba" (third, also Tuesday) is part of the rank.
    assert!(
        has(
            "Bí thư thứ ba Đại sứ quán Mông Cổ tại Việt Nam",
            Kind::Title,
            "Third Secretary of the Embassy of Mongolia in Vietnam"
        ),
        "{hits:#?}"
    );
    // baophapluat.vn: "Trưởng Ban Tổ chức Lễ hội" writes "Ban" once; the head of the board, not "Head" + the rest.
    assert!(has("Trưởng Ban Tổ chức Lễ hội", Kind::Title, "Head of the festival organising board"), "{hits:#?}");
    assert!(!hits.iter().any(|h| h.0 == "Trưởng Ban"), "{hits:#?}");
    // baoninhbinh.org.vn: a Korean given name joined by hyphens is one name.
    assert!(has("Oh-Sae-Hyun", Kind::Person, "Oh-Sae-Hyun"), "{hits:#?}");
    assert!(!hits.iter().any(|h| h.0 == "Oh"), "{hits:#?}");
}

/// A body's name written with its first capital only is the body: writers drop the second capital the spelling
/// rules give its distinctive name ("Viện kiểm sát nhân dân tỉnh"), while a lower-case first word is still a
/// common phrase ("hội nông dân" is any farmers' group). Sentences of the third held-out set (vksquangtri.gov.vn,
/// toaanduyxuyen.gov.vn).
#[test]
fn a_body_written_with_its_first_capital_only_is_the_body() {
    assert_rendered(&[
        (
            "Sáng 11/4/2024, Viện kiểm sát nhân dân tỉnh Quảng Trị tổ chức Hội nghị giao ban",
            "Viện kiểm sát nhân dân tỉnh Quảng Trị",
            "Quang Tri Provincial People's Procuracy",
        ),
        (
            "Liên ngành Tòa án nhân dân và Viện kiểm sát nhân dân huyện Duy Xuyên đã tham dự điểm cầu trực tuyến",
            "Viện kiểm sát nhân dân huyện Duy Xuyên",
            "Duy Xuyen District People's Procuracy",
        ),
    ]);
    let matcher = shipped().matcher();
    let hits = hits_en(&matcher, "các hội nông dân ở địa phương và tổ chức phi chính phủ");
    assert!(hits.iter().all(|(_, kind, _)| *kind != Kind::Organization), "{hits:?}");
}

/// The head of a People's Procuracy is its Chief Procurator, not the Director the title word "Viện trưởng" gives
/// an institute; the row that writes the procuracy out wins over "{title} {body}" for the same words, also where its
/// place is a name found while matching. Sentences of the third held-out set (toaanduyxuyen.gov.vn).
#[test]
fn a_procuracys_head_is_its_chief_procurator() {
    assert_rendered(&[
        (
            "đồng chí Nguyễn Văn Tập, Viện trưởng VKSND huyện, đồng chí Nguyễn Minh Quốc, Chánh án Tòa án nhân dân huyện",
            "Viện trưởng VKSND huyện",
            "Chief Procurator of the District People's Procuracy",
        ),
        (
            "đồng chí Viện trưởng Viện kiểm sát nhân dân huyện Duy Xuyên phát biểu",
            "Viện trưởng Viện kiểm sát nhân dân huyện Duy Xuyên",
            "Chief Procurator of the Duy Xuyen District People's Procuracy",
        ),
    ]);
}

/// A short form in a list whose owner is named after it, in the plural, is not the body named before: "các chức
/// danh trong Ban Chấp hành, Ban Thường vụ, … các Đảng bộ cơ sở" are the grassroots organisations' committees, not
/// the province's; and "các Đảng bộ" are Party organisations, not "các Đảng" (parties) before a stray "bộ".
/// Sentence of the third held-out set (kenh14.vn).
#[test]
fn a_short_form_listed_before_a_plural_owner_is_not_the_body_named_before() {
    let matcher = shipped().matcher();
    let sentence =
        "Trên cơ sở Nghị quyết của Quốc hội, Ban Chấp hành Đảng bộ tỉnh Lai Châu đã công bố quyết định kết thúc \
                    hoạt động các Đảng bộ cũ, thành lập 38 Đảng bộ xã, phường mới và chỉ định các chức danh trong Ban \
                    Chấp hành, Ban Thường vụ, Bí thư, Phó Bí thư, Ủy ban Kiểm tra và Chủ nhiệm UBKT các Đảng bộ cơ sở.";
    let hits = hits_en(&matcher, sentence);
    let rendered = |text: &str| hits.iter().filter(|h| h.0 == text).map(|h| h.2.as_str()).collect::<Vec<_>>();
    assert_eq!(rendered("Ban Chấp hành Đảng bộ tỉnh Lai Châu"), ["Lai Chau Provincial Party Executive Committee"]);
    assert_eq!(rendered("Ban Chấp hành"), ["Executive Committee"], "{hits:?}");
    assert_eq!(rendered("các Đảng bộ cơ sở"), ["grassroots Party organisations"], "{hits:?}");
    assert!(hits.iter().all(|h| h.2 != "parties"), "{hits:?}");
    // Named in a sentence of its own, the short form still refers back.
    let hits = hits_en(&matcher, "Ban Chấp hành Đảng bộ tỉnh Lai Châu họp. Ban Chấp hành thống nhất các nội dung.");
    assert_eq!(hits.iter().filter(|h| h.2 == "Lai Chau Provincial Party Executive Committee").count(), 2, "{hits:?}");
}

/// "các đồng chí Lãnh đạo" are the leaders, capitalized out of respect, not a comrade named Lãnh; a one-syllable
/// name after the cue still is one. Sentence of the third held-out set (vksquangtri.gov.vn).
#[test]
fn an_ordinary_word_capitalized_after_a_cue_is_no_person() {
    let matcher = shipped().matcher();
    let hits = hits_en(
        &matcher,
        "Tham dự hội nghị tại các Viện kiểm sát nhân dân cấp huyện có các đồng chí Lãnh đạo và toàn thể công chức trong cơ quan",
    );
    assert!(hits.iter().all(|h| h.1 != Kind::Person), "{hits:?}");
    let hits = hits_en(&matcher, "Tiếp đoàn có đồng chí Lãnh, Phó Chủ tịch UBND xã.");
    assert!(hits.iter().any(|h| h.1 == Kind::Person && h.0 == "Lãnh"), "{hits:?}");
}

/// A place right after a surname is the person's given name: "Trần Thanh Hải" is no Qinghai. A place that starts
/// where the surname stands is still the place ("Hà Nam"). Sentence of the third held-out set (baomoi.com).
#[test]
fn a_place_after_a_surname_is_the_given_name() {
    let matcher = shipped().matcher();
    let hits = hits_en(&matcher, "Đồng chí Trần Thanh Hải chúc mừng đồng chí Nguyễn Tử Phương.");
    assert!(hits.iter().any(|h| h.1 == Kind::Person && h.0 == "Trần Thanh Hải"), "{hits:?}");
    assert!(hits.iter().all(|h| h.2 != "Qinghai"), "{hits:?}");
    let hits = hits_en(&matcher, "Đoàn công tác tỉnh Hà Nam thăm Thanh Hải, Trung Quốc.");
    assert!(hits.iter().all(|h| h.1 != Kind::Person), "{hits:?}");
}

/// A reporter's name in capitals on a line of its own is a person ("NGUYỄN HẢI BẰNG" under a qdnd.vn article, "VŨ
/// HOÀNG" under a baogialai.com.vn one); a headline in capitals is not, nor a place set so.
#[test]
fn a_byline_in_capitals_is_a_person() {
    let matcher = shipped().matcher();
    let text = "Đại tướng Neth Savoeun trao Huân chương Hữu nghị.\nNGUYỄN HẢI BẰNG\nLÂM ĐỒNG TỔ CHỨC HỘI NGHỊ\nHÀ NỘI";
    let hits = hits_en(&matcher, text);
    let people: Vec<_> = hits.iter().filter(|h| h.1 == Kind::Person).map(|h| h.0.as_str()).collect();
    assert_eq!(people, ["Neth Savoeun", "NGUYỄN HẢI BẰNG"], "{hits:?}");
    assert!(hits.iter().any(|h| h.0 == "HÀ NỘI" && h.2 == "Hanoi"), "{hits:?}");
}

/// A city with a row of its own fills a body's `{proper}` with its own rendering: "Hội Cựu chiến binh TP. Nha
/// Trang" is the city's Veterans' Association, no longer the national one beside "Nha Trang city". Sentences of the
/// third held-out set (cuuchienbinh.vn) and the second (tuoitrebinhdinh.vn).
#[test]
fn a_city_fills_a_bodys_name() {
    assert_rendered(&[
        (
            "Ban Thường vụ Tỉnh hội chọn Hội Cựu chiến binh TP. Nha Trang là đơn vị điểm",
            "Hội Cựu chiến binh TP. Nha Trang",
            "Nha Trang City Veterans' Association",
        ),
        (
            "Chiều ngày 24/3/2021, Thành đoàn Quy Nhơn tổ chức lễ kỷ niệm 90 năm Ngày thành lập Đoàn TNCS Hồ Chí Minh",
            "Thành đoàn Quy Nhơn",
            "Quy Nhon City Youth Union",
        ),
    ]);
}

/// Titles of the eighteenth held-out set: an academic title of a professor who is an academician (VNA's
/// "Professor and Academician"), the head of any ministry-level agency, and the Vietnam Bar Federation's head,
/// its President (vast.gov.vn, baotainguyenmoitruong.vn, tingiaitri.org).
#[test]
fn academicians_heads_of_ministry_level_agencies_and_the_bar_federations_president() {
    assert_rendered(&[
        (
            "về phía Viện Hàn lâm KHCNVN có GS.VS.Châu Văn Minh, Ủy viên BCH Trung ương Đảng",
            "GS.VS.",
            "Professor and Academician",
        ),
        (
            "Tổng Thanh tra Chính phủ và các Bộ trưởng, Thủ trưởng cơ quan ngang bộ khác cùng tham gia trả lời chất vấn",
            "Thủ trưởng cơ quan ngang bộ",
            "Head of ministry-level agency",
        ),
        (
            "tiếp tục được bầu giữ chức Chủ tịch Liên đoàn Luật sư VN nhiệm kỳ 3",
            "Chủ tịch Liên đoàn Luật sư VN",
            "President of the Vietnam Bar Federation",
        ),
    ]);
}

/// "nguyên" (former) before a title composed with its body: "nguyên Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh" is one
/// former post, not "former Vice Chairman" beside the Front's committee; a minister's own row still wins, also
/// with the ministry's name written with a comma. Sentences of the third held-out set (ubmttq.camau.gov.vn) and the
/// development set (baothanhhoa.vn).
#[test]
fn former_holders_of_composed_titles() {
    assert_rendered(&[
        (
            "chúc Tết nguyên Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
            "nguyên Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
            "former Vice Chairman of the Provincial Vietnam Fatherland Front Committee",
        ),
        (
            "Nguyễn Thị Hằng, nguyên Ủy viên Trung ương Đảng, nguyên Bộ trưởng Bộ Lao động, Thương binh và Xã hội",
            "nguyên Bộ trưởng Bộ Lao động, Thương binh và Xã hội",
            "former Minister of Labour, Invalids and Social Affairs",
        ),
    ]);
}

/// After "công tác", "tổ chức", "các cấp" … a short form is the whole organisation: where the body named before is
/// one branch ("Đoàn TNCS Hồ Chí Minh tỉnh Hà Giang"), "công tác Đoàn" is not that branch's; where it is the whole
/// organisation ("Hội Nông dân Việt Nam"), "tổ chức Hội" still is it. Sentences of the fourth and eighteenth
/// held-out sets (thanhnien.vn, buonmathuot.info) and the development set (vietnamplus.vn).
#[test]
fn a_short_form_after_a_generic_word_is_not_a_branch() {
    let matcher = shipped().matcher();
    let article = [
        "Các đại biểu đã bỏ phiếu bầu BCH Đoàn TNCS Hồ Chí Minh tỉnh Hà Giang với 33 anh, chị.",
        "Phát biểu tại đại hội, anh Nguyễn Mạnh Dũng cho rằng không chỉ củng cố, xây dựng tổ chức Đoàn vững mạnh, nắm \
         bắt nhu cầu của thanh niên, công tác Đoàn tại Hà Giang dành nhiều quan tâm.",
    ];
    let hits = matcher.find_article(&article);
    assert!(
        hits[1].iter().all(|h| h.targets.get("en").is_none_or(|en| !en.contains("Ha Giang Provincial"))),
        "{:?}",
        hits[1]
    );
    // "cán bộ Đoàn" are Youth Union officials in general, "xây dựng Đoàn" building the organisation (eighteenth
    // held-out set, buonmathuot.info).
    let article = [
        "Chương trình tuyên dương công trình thanh niên và cán bộ Đoàn tiêu biểu, giai đoạn 2017 – 2022 hoạt động \
         thiết thực lập thành tích chào mừng Đại hội đại biểu Đoàn Thanh niên cộng sản Hồ Chí Minh tỉnh Đắk Lắk lần \
         thứ XII và Đại hội Đoàn toàn quốc lần thứ XII, nhiệm kỳ 2022 – 2027.",
        "Chương trình nhằm biểu dương, tôn vinh, nhân rộng các mô hình, công trình thanh niên, cán bộ Đoàn xuất sắc \
         tiêu biểu, tạo động lực để đội ngũ cán bộ Đoàn không ngừng rèn luyện, phấn đấu và trưởng thành, tham gia xây \
         dựng Đoàn, xây dựng Đảng.",
    ];
    let hits = matcher.find_article(&article);
    for text in &hits {
        assert!(
            text.iter().all(|h| h.text != "Đoàn" || h.targets.get("en").is_none_or(|en| !en.contains("Dak Lak"))),
            "{text:?}"
        );
    }
    let article = [
        "Sáng 14/10, tại Hà Nội đã diễn ra lễ kỷ niệm 95 năm ngày thành lập Hội Nông dân Việt Nam.",
        "ôn lại truyền thống cách mạng vẻ vang của tổ chức Hội và giai cấp nông dân Việt Nam",
    ];
    let hits = matcher.find_article(&article);
    assert!(
        hits[1].iter().any(|h| h.text == "Hội" && h.targets.get("en").is_some_and(|en| en == "Vietnam Farmers' Union")),
        "{:?}",
        hits[1]
    );
}

/// A person described, in apposition, by posts that name China is named in the Sino-Vietnamese reading ("đồng chí
/// Vi Thao, Ủy viên Ban Chấp hành Trung ương Đảng Cộng sản Trung Quốc, …" is Wei Tao): no rendering is made from
/// the letters. A Vietnamese official posted there ("Tổng Lãnh sự Việt Nam tại Nam Ninh, Trung Quốc") and one whose
/// sentence goes on to China ("…, Chủ tịch UBND tỉnh làm trưởng đoàn đã thăm … Đại sứ quán Trung Quốc") keep
/// theirs. Sentences of the fifth held-out set (songv.langson.gov.vn) and the development set (baolaocai.vn).
#[test]
fn a_person_described_by_chinese_posts_gets_no_rendering_from_the_letters() {
    let matcher = shipped().matcher();
    let sentence = "chiều ngày 27/11/2025, đồng chí Nguyễn Cảnh Toàn, Phó Bí thư Tỉnh uỷ, Chủ tịch UBND tỉnh đã đón tiếp và \
                    hội đàm với đồng chí Vi Thao, Ủy viên Ban Chấp hành Trung ương Đảng Cộng sản Trung Quốc, Phó Bí thư \
                    Khu ủy, Chủ tịch Chính quyền nhân dân Khu tự trị dân tộc Choang Quảng Tây, Trung Quốc.";
    let hits = hits_en(&matcher, sentence);
    let person = |name: &str| hits.iter().find(|h| h.1 == Kind::Person && h.0 == name).map(|h| h.2.as_str());
    assert_eq!(person("Vi Thao"), Some(""), "{hits:?}");
    assert_eq!(person("Nguyễn Cảnh Toàn"), Some("Nguyen Canh Toan"), "{hits:?}");
    let hits = hits_en(&matcher, "đồng chí Nguyễn Thị Hường, Tổng Lãnh sự Việt Nam tại Nam Ninh, Trung Quốc.");
    assert!(hits.iter().any(|h| h.0 == "Nguyễn Thị Hường" && h.2 == "Nguyen Thi Huong"), "{hits:?}");
    let hits = hits_en(
        &matcher,
        "Đồng chí Trịnh Xuân Trường, Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh làm trưởng đoàn đã thăm và làm việc với Đại sứ \
         quán Trung Quốc tại Việt Nam.",
    );
    assert!(hits.iter().any(|h| h.0 == "Trịnh Xuân Trường" && h.2 == "Trinh Xuan Truong"), "{hits:?}");
}

/// Words of a name written as abbreviations ("UV BCH T.Ư Đảng", "Ủy viên TƯ Đảng", "nước Cộng hòa XHCN Việt Nam")
/// are found as the name, through the name lists' abbreviations; an acronym in brackets inside a name is passed over
/// ("Tòa án nhân dân (TAND) tỉnh Trà Vinh"), while one after a name is still the acronym's own term. Sentences of
/// the sixth held-out set (baohoabinh.com.vn, phapluatvaxahoi.com, baovephapluat.vn, kienthuc.net.vn) and the fifth
/// (baotravinh.vn, huengaynay.vn).
#[test]
fn abbreviated_words_and_acronyms_in_brackets_inside_names() {
    let matcher = shipped().matcher();
    let cases = [
        (
            "Tại buổi làm việc, đồng chí Bùi Văn Tỉnh, UV BCH T.Ư Đảng, Bí thư Tỉnh ủy nồng nhiệt chào đón đồng chí \
             Xay-xổm-phon Phôm-vi-hản, UV Bộ Chính trị.",
            "UV BCH T.Ư Đảng",
            "Member of the Party Central Committee",
        ),
        (
            "Tại buổi làm việc, đồng chí Bùi Văn Tỉnh, UV BCH T.Ư Đảng, Bí thư Tỉnh ủy nồng nhiệt chào đón đồng chí \
             Xay-xổm-phon Phôm-vi-hản, UV Bộ Chính trị.",
            "UV Bộ Chính trị",
            "Politburo member",
        ),
        (
            "ông Ngô Chí Cường - Ủy viên TƯ Đảng, Bí thư Tỉnh ủy Trà Vinh dự và chỉ đạo Đại hội",
            "Ủy viên TƯ Đảng",
            "Member of the Party Central Committee",
        ),
        (
            "Đồng chí Vương Đình Huệ, Ủy viên Bộ Chính trị, Chủ tịch Quốc hội nước Cộng hòa XHCN Việt Nam dự và chỉ đạo \
             Hội nghị",
            "Chủ tịch Quốc hội nước Cộng hòa XHCN Việt Nam",
            "Chairman of the National Assembly of the Socialist Republic of Vietnam",
        ),
        (
            "Chiều ngày 16/5, Tòa án nhân dân (TAND) tỉnh Trà Vinh, Phó Trưởng cụm thi đua số IX tổ chức hội nghị",
            "Tòa án nhân dân (TAND) tỉnh Trà Vinh",
            "Tra Vinh Provincial People's Court",
        ),
        (
            "Chiều 28/10, tại Bộ chỉ huy Quân sự (CHQS) tỉnh Salavan (Lào), Đoàn đại biểu Bộ Chỉ huy Bộ đội Biên phòng \
             (BĐBP) thành phố Huế và BĐBP tỉnh Quảng Trị (Việt Nam)",
            "Bộ chỉ huy Quân sự (CHQS) tỉnh Salavan",
            "Salavan Provincial Military Command",
        ),
        (
            "Chiều 28/10, tại Bộ chỉ huy Quân sự (CHQS) tỉnh Salavan (Lào), Đoàn đại biểu Bộ Chỉ huy Bộ đội Biên phòng \
             (BĐBP) thành phố Huế và BĐBP tỉnh Quảng Trị (Việt Nam)",
            "Đoàn đại biểu Bộ Chỉ huy Bộ đội Biên phòng (BĐBP) thành phố Huế",
            "delegation of the Hue Border Guard Command",
        ),
        (
            "Phát biểu khai mạc Đại hội, Chủ tịch Hội Liên hiệp Phụ nữ (LHPN) Việt Nam Hà Thị Nga chia sẻ",
            "Chủ tịch Hội Liên hiệp Phụ nữ (LHPN) Việt Nam",
            "President of the Vietnam Women's Union",
        ),
    ];
    for (sentence, text, en) in cases {
        let hits = hits_en(&matcher, sentence);
        assert!(hits.iter().any(|h| h.0 == text && h.2 == en), "{sentence}: {hits:?}");
    }
    // An acronym in brackets after a name is the acronym's term (the inline definition), not passed over.
    let hits = hits_en(&matcher, "công tác đối ngoại nhân dân (ĐNND) của tỉnh.");
    assert!(hits.iter().any(|h| h.0 == "ĐNND"), "{hits:?}");
    // An abbreviation alone stays its own term.
    let hits = matcher.find("UBND tỉnh đã chỉ đạo.");
    let found: Vec<_> = hits.iter().map(|h| (h.text.as_str(), &*h.entry)).collect();
    assert_eq!(found, [("UBND tỉnh", "organization:ubnd-tinh")]);
}

/// A short form referring back fills a composed title's body before the generic term of the same words: the chair
/// of "Hội LHPN tỉnh" after "Hội LHPN tỉnh Nam Định" chairs the Nam Dinh union (the generic provincial union is also
/// a term of those words once "LHPN" is read as "Liên hiệp Phụ nữ"). Sentences of the sixth held-out set
/// (hoilhpn.org.vn).
#[test]
fn a_short_form_fills_a_title_before_a_generic_term() {
    let matcher = shipped().matcher();
    let article = [
        "Chiều ngày 04/10/2021, Hội LHPN tỉnh Nam Định tổ chức họp báo tuyên truyền về Đại hội đại biểu phụ nữ tỉnh Nam \
         Định, nhiệm kỳ 2021-2026.",
        "Tại buổi họp báo, bà Trần Thị Định, Chủ tịch Hội LHPN tỉnh đã thông tin tóm tắt kế hoạch Đại hội.",
    ];
    let hits = matcher.find_article(&article);
    assert!(
        hits[1].iter().any(|h| h.text == "Chủ tịch Hội LHPN tỉnh"
            && h.targets.get("en").is_some_and(|en| en == "Chairwoman of the Nam Dinh Provincial Women's Union")),
        "{:?}",
        hits[1]
    );
}

/// Sentences of the sixth held-out set (baohoabinh.com.vn, hatinh24h.com.vn, bnews.vn, baodanang.vn):
/// - "hai Đảng, hai Nhà nước" are the two countries' parties and states: no hit of Vietnam's Party and State;
/// - "Công an Hà Tĩnh" is a province's police, the "Provincial Police Department" as with "Công an tỉnh";
/// - "Xuân Ất Tỵ năm 2025" is written in the house's one form for "Xuân" with a year;
/// - a person's full name after a title, a body and "thành phố" is the person ("Phó Chủ tịch Thường trực UBND
///   thành phố Hồ Kỳ Minh" is Ho Ky Minh, not a city "Ho Ky Minh");
/// - "Hoàng Thái tử Nhật Bản" is the Crown Prince of Japan, not a person "Hoàng Thái".
#[test]
fn plural_bodies_provincial_police_spring_years_and_royal_titles() {
    let matcher = shipped().matcher();
    let hits = hits_en(
        &matcher,
        "góp phần gìn giữ, vun đắp tình đoàn kết, hữu nghị, gắn bó thủy chung giữa hai Đảng, hai Nhà nước",
    );
    assert!(hits.iter().all(|h| h.0 != "Đảng" && h.0 != "Nhà nước"), "{hits:?}");
    let hits = hits_en(&matcher, "bức trướng với nội dung \"Công an Hà Tĩnh mưu trí, dũng cảm, vì nước quên thân\"");
    assert!(hits.iter().any(|h| h.0 == "Công an Hà Tĩnh" && h.2 == "Ha Tinh Provincial Police Department"), "{hits:?}");
    let hits = hits_en(&matcher, "Nhân dịp Tết cổ truyền của dân tộc Việt Nam - Xuân Ất Tỵ năm 2025, những ngày qua");
    assert!(hits.iter().any(|h| h.0 == "Xuân Ất Tỵ năm 2025" && h.2 == "Lunar New Year of the Snake 2025"), "{hits:?}");
    let hits = hits_en(
        &matcher,
        "Phó Chủ tịch Thường trực UBND thành phố Hồ Kỳ Minh (bên trái) đón Hoàng Thái tử Nhật Bản Akishino và Công \
         nương Kawashima Kiko",
    );
    assert!(hits.iter().any(|h| h.0 == "Hồ Kỳ Minh" && h.1 == Kind::Person && h.2 == "Ho Ky Minh"), "{hits:?}");
    assert!(hits.iter().all(|h| !h.2.contains("Ho Ky Minh City")), "{hits:?}");
    assert!(hits.iter().any(|h| h.0 == "Hoàng Thái tử Nhật Bản" && h.2 == "Crown Prince of Japan"), "{hits:?}");
}

/// A Lao name written in Vietnamese syllables joined by hyphens is Sengphet Houngboungnuang, not
/// "Seng-Phet-Hung-Bun-Nhuong": kept as a person with no rendering, under an entry of its own, and QA holds a
/// translation that guessed it. A Korean name in Latin letters keeps its rendering. Sentences of the fifth held-out
/// set (caobang.gov.vn) and of the development set's style ("ngài Oh-Sae-Hyun").
#[test]
fn a_name_transliterated_in_hyphenated_syllables_gets_no_rendering_from_its_letters() {
    let matcher = shipped().matcher();
    let sentence =
        "Chiều 16/5/2023, Đồng chí Hoàng Xuân Ánh, Phó Bí thư Tỉnh uỷ, Chủ tịch UBND tỉnh tiếp xã giao ngài \
                    Sẻng-Phết-Hùng-Bun-Nhuông, Đại sứ đặc mệnh toàn quyền nước Cộng hòa Dân chủ Nhân dân (CHDCND) Lào \
                    tại Việt Nam thăm và làm việc tại tỉnh.";
    let hits = matcher.find(sentence);
    let lao = hits.iter().find(|h| h.text == "Sẻng-Phết-Hùng-Bun-Nhuông").expect("the ambassador is a person");
    assert_eq!(lao.kind, Kind::Person);
    assert!(lao.entry.starts_with(dich::glossary::matcher::TRANSLITERATED_PERSON_PREFIX), "{lao:?}");
    assert!(lao.targets.is_empty(), "{lao:?}");
    assert!(hits
        .iter()
        .any(|h| h.text == "Hoàng Xuân Ánh" && h.targets.get("en").is_some_and(|en| en == "Hoang Xuan Anh")));
    let unit = dich::qa::checks::Unit {
        id: "s1",
        source: sentence,
        target: "Chairman Hoang Xuan Anh received Ambassador Seng-Phet-Hung-Bun-Nhuong.",
        hits: &hits,
        lang: "en",
    };
    let findings = dich::qa::checks::terminology(&unit, &dich::qa::checks::Context::default());
    assert!(findings.iter().any(|f| f.message.contains("Sẻng-Phết-Hùng-Bun-Nhuông")), "{findings:#?}");
    assert_rendered(&[("Gặp ngài Oh-Sae-Hyun tại Hà Nội.", "Oh-Sae-Hyun", "Oh-Sae-Hyun")]);
}

/// Bodies the sixth held-out set showed missing (vietbao.vn, hatinh24h.com.vn, baovephapluat.vn, baodanang.vn): a
/// delegation named by the body it comes from, a military region in Roman numerals, a numbered department, an
/// airport named by a centrally-run city.
#[test]
fn delegations_military_regions_numbered_departments_and_airports() {
    assert_rendered(&[
        (
            "Chủ tịch Quốc hội nước Cộng hòa Dân chủ Nhân dân Lào (CHDCND) Xaysomphone Phomvihane dẫn đầu Đoàn đại biểu \
             cấp cao Quốc hội Lào thăm chính thức Việt Nam.",
            "Đoàn đại biểu cấp cao Quốc hội Lào",
            "high-level delegation of the Lao National Assembly",
        ),
        (
            "cùng các đồng chí đại diện lãnh đạo các ban, bộ, ngành Trung ương, Quân khu IV, cấp ủy chính quyền địa phương",
            "Quân khu IV",
            "Military Region 4",
        ),
        (
            "Viện trưởng VKSND tối cao Lê Minh Trí trao Cờ thi đua của Chính phủ tặng Vụ 3, VKSND tối cao",
            "Vụ 3",
            "Department 3",
        ),
        (
            "Công nương Kawashima Kiko đã đáp chuyến bay xuống Cảng hàng không quốc tế Đà Nẵng, bắt đầu chuyến thăm",
            "Cảng hàng không quốc tế Đà Nẵng",
            "Da Nang International Airport",
        ),
    ]);
}

/// A composition rule's words written as abbreviations are read as the words ("MTTQ huyện Lâm Hà" is "Mặt trận Tổ
/// quốc huyện {proper}", "và HĐND các cấp" is "và Hội đồng nhân dân các cấp"), as patterns without slots already
/// were; district Fronts and their congresses; a body named with one capital ("huyện ủy Duy Xuyên", "ủy ban MTTQ
/// huyện"); Party memberships written as initials. Sentences of the eighth held-out set (w3.lamdong.gov.vn, qrt.vn, thuanthanh.bacninh.gov.vn,
/// doanthanhnien.vn, hoangsuphi.hagiang.gov.vn, tuoitre.bacgiang.gov.vn, danvan.gialai.org.vn).
#[test]
fn abbreviations_inside_composed_names_district_fronts_and_lower_case_party_committees() {
    assert_rendered(&[
        (
            "Chiều ngày 10/4, Đại hội đại biểu MTTQ huyện Lâm Hà lần thứ VII, nhiệm kỳ 2019 - 2024 chính thức khai mạc.",
            "Đại hội đại biểu MTTQ huyện Lâm Hà lần thứ VII, nhiệm kỳ 2019 - 2024",
            "7th Congress of the Lam Ha District Vietnam Fatherland Front for the 2019-2024 term",
        ),
        (
            "đặc biệt tổ chức thành công cuộc bầu cử đại biểu Quốc hội khóa XV và HĐND các cấp, nhiệm kỳ 2021-2026.",
            "cuộc bầu cử đại biểu Quốc hội khóa XV và HĐND các cấp, nhiệm kỳ 2021-2026",
            "elections of deputies to the 15th National Assembly and People's Councils at all levels for the 2021-2026 \
             term",
        ),
        (
            "Trong nhiệm kỳ, UBMTTQVN huyện đã tập trung triển khai thực hiện chương trình hành động",
            "UBMTTQVN huyện",
            "District Vietnam Fatherland Front Committee",
        ),
        (
            "Cũng trong thời gian này, huyện ủy Duy Xuyên sơ kết 5 năm thực hiện Nghị quyết Trung ương IV",
            "huyện ủy Duy Xuyên",
            "Duy Xuyen District Party Committee",
        ),
        (
            "chủ tịch UBND huyện và các đồng chí ủy vien ủy ban MTTQ huyện nhiệm kỳ 2014 - 2019",
            "ủy ban MTTQ huyện",
            "District Vietnam Fatherland Front Committee",
        ),
        ("Đồng chí Ngô Tân Phượng – TUV, Bí thư huyện ủy", "TUV", "Member of the Provincial Party Committee"),
        (
            "Ban Dân vận Trung ương phối hợp với Ủy Ban Dân tộc, Tỉnh ủy tỉnh Lâm Đồng tổ chức Hội nghị",
            "Tỉnh ủy tỉnh Lâm Đồng",
            "Lam Dong Provincial Party Committee",
        ),
        (
            "Đồng chí Nguyễn Tường Lâm – Bí thư TW Đoàn, Chủ tịch TW Hội LHTN Việt Nam; đồng chí Đinh Quang Tuyên",
            "Chủ tịch TW Hội LHTN Việt Nam",
            "Chairman of the Vietnam Youth Federation Central Committee",
        ),
        (
            "Phó Bí thư Thường trực Huyện ủy, Chủ tịch HĐND huyện, Trưởng Ban chỉ đạo Đại hội. Cùng dự có các đồng chí \
             thành viên BCĐ Đại hội",
            "Trưởng Ban chỉ đạo Đại hội",
            "Head of the Congress Steering Committee",
        ),
        (
            "đồng chí Giáp Xuân Cảnh, Phó Bí thư Tỉnh đoàn, Chủ tịch Hội đồng Đội tỉnh Bắc Giang; đồng chí Hoàng Văn Quân",
            "Chủ tịch Hội đồng Đội tỉnh Bắc Giang",
            "Chairman of the Bac Giang Provincial Council of the Ho Chi Minh Young Pioneers Organisation",
        ),
    ]);
}

/// Schools named by their level and name, the Party's regional steering committees, Lao provinces written in
/// separate syllables, a ministry's name written with a dash, and "Trung ương" as an adjective after "bộ ngành".
/// Sentences of the ninth held-out set (tinbong247.org, kufo.vn, mdec.vn, baoquangbinh.vn, anhp.vn, viettimes.vn).
#[test]
fn schools_regional_steering_committees_lao_provinces_and_central_agencies() {
    assert_rendered(&[
        (
            "Trường THPT Chuyên Chu Văn An: Kỷ niệm 25 năm thành lập trường và Đón nhận Huân chương",
            "Trường THPT Chuyên Chu Văn An",
            "Chu Van An High School for the Gifted",
        ),
        (
            "tổ chức lễ bàn giao 02 dự án: (1) Trường tiểu học Vĩnh Hòa Hưng Nam 1, xã Vĩnh Hòa Hưng Nam, huyện Gò Quao",
            "Trường tiểu học Vĩnh Hòa Hưng Nam 1",
            "Vinh Hoa Hung Nam 1 Primary School",
        ),
        (
            "Các đồng chí: Tô Lâm - Uỷ viên BCT, Bộ trưởng Bộ Công an, Trưởng Ban Chỉ đạo Tây Nguyên; Nguyễn Văn Bình",
            "Trưởng Ban Chỉ đạo Tây Nguyên",
            "Head of the Steering Committee for the Central Highlands",
        ),
        (
            "Các đồng chí: Tô Lâm - Uỷ viên BCT, Bộ trưởng Bộ Công an, Trưởng Ban Chỉ đạo Tây Nguyên",
            "Uỷ viên BCT",
            "Politburo member",
        ),
        (
            "Tiếp tục chương trình làm việc tại tỉnh Chăm Pa Sắc, nước CHDCND Lào, vừa qua, Đoàn đại biểu cấp cao",
            "Chăm Pa Sắc",
            "Champasak",
        ),
        (
            "Sáng 12-9, Thứ trưởng Bộ Văn hóa - Thể thao và Du lịch Đặng Thị Bích Liên dẫn đầu đoàn công tác",
            "Thứ trưởng Bộ Văn hóa - Thể thao và Du lịch",
            "Deputy Minister of Culture, Sports and Tourism",
        ),
        (
            "Tiền thân của Lực lượng vũ trang Quân khu 5 là Đội du kích Ba Tơ",
            "Lực lượng vũ trang Quân khu 5",
            "armed forces of Military Region 5",
        ),
    ]);
    let matcher = shipped().matcher();
    let hits = hits_en(&matcher, "cùng đại diện các cơ quan, bộ ngành Trung ương, chính quyền các địa phương");
    assert!(hits.iter().all(|h| h.2 != "Party Central Committee"), "{hits:?}");
}

/// An ordinal written in words fills `{ordinal}` ("Hội nghị Trung ương bảy", "lần thứ nhất", "kỳ họp thứ mười một");
/// "năm" before a year stays the year. Sentence of the eighth held-out set (tuyengiaotiengiang.vn) and the
/// development set's style.
#[test]
fn ordinals_written_in_words() {
    assert_rendered(&[
        (
            "báo cáo tổng kết 10 năm thực hiện Nghị quyết số 25-NQ/TW Hội nghị Trung ương bảy (khóa IX) về công tác tôn giáo",
            "Hội nghị Trung ương bảy",
            "7th plenum of the Party Central Committee",
        ),
        (
            "Đại hội đại biểu Hội Nông dân tỉnh Bạc Liêu lần thứ nhất thành công tốt đẹp.",
            "Đại hội đại biểu Hội Nông dân tỉnh Bạc Liêu lần thứ nhất",
            "1st Congress of the Bac Lieu Provincial Farmers' Association",
        ),
    ]);
    let matcher = shipped().matcher();
    let hits = hits_en(&matcher, "Hội nghị Trung ương năm 2024 đã thảo luận nhiều nội dung.");
    assert!(hits.iter().all(|h| !h.2.contains("plenum")), "{hits:?}");
}

/// A place or country written with only its first syllable capitalized ("Vũng tàu", "Đan mạch") is still that
/// name where the pattern's own words say so, or for a country mid-sentence; a place named alone is not ("giải
/// Nobel Hòa bình" is the Peace Prize). Sentences of held-out 3 (tpvt.vungtau.gov.vn) and 10 (daklak.gov.vn).
#[test]
fn a_place_or_country_with_its_later_syllable_in_lower_case() {
    assert_rendered(&[
        (
            "Chiều ngày 20/11/2013, Lãnh đạo thành phố Vũng tàu đã đón tiếp đón đoàn đại biểu",
            "thành phố Vũng tàu",
            "Vung Tau city",
        ),
        (
            "dịp đoàn đến thăm và làm việc tại tỉnh Bà Rịa – Vũng tàu và thành phố Vũng tàu.",
            "tỉnh Bà Rịa – Vũng tàu",
            "Ba Ria - Vung Tau province",
        ),
        (
            "Đoàn công tác của Đại sứ quán Đan mạch do ngài Kim Hojlund Christensen, Đại sứ Đan mạch tại Việt Nam làm \
             Trưởng đoàn đã đến chào xã giao",
            "Đại sứ Đan mạch tại Việt Nam",
            "Ambassador of Denmark to Vietnam",
        ),
    ]);
    let matcher = shipped().matcher();
    for sentence in ["Bà được trao giải Nobel Hòa bình năm 2003.", "Thái bình là mong ước của mọi người."]
    {
        let hits = hits_en(&matcher, sentence);
        assert!(hits.iter().all(|h| h.1 != Kind::Place), "{sentence}: {hits:?}");
    }
}

/// A degree or honour in lower case names someone only before a name: "y, bác sĩ" are the doctors of a hospital,
/// "dịch vụ bác sĩ Cuba" a service of Cuban doctors. Sentences of held-out 10 (soyte.tayninh.gov.vn) and 6
/// (soctrang.gov.vn).
#[test]
fn a_degree_in_lower_case_before_no_name_is_a_common_noun() {
    let matcher = shipped().matcher();
    let hits = hits_en(
        &matcher,
        "Đồng chí Phạm Hùng Thái chụp hình lưu niệm với cán bộ, y, bác sĩ Bệnh viện Phục hồi chức năng Tây Ninh.",
    );
    assert!(hits.iter().all(|h| h.1 != Kind::Title || h.0.contains("Bí thư")), "{hits:?}");
    assert!(
        hits.iter()
            .any(|h| h.0 == "Bệnh viện Phục hồi chức năng Tây Ninh" && h.2 == "Tay Ninh Rehabilitation Hospital"),
        "{hits:?}"
    );
    let hits = hits_en(&matcher, "Công ty SMC - chuyên cung cấp dịch vụ bác sĩ Cuba theo hình thức thương mại");
    assert!(hits.iter().all(|h| h.1 != Kind::Title), "{hits:?}");
    assert_rendered(&[(
        "Đồng chí Phạm Hùng Thái tặng hoa chúc mừng bác sĩ Nguyễn Thị Thu- nguyên Giám đốc Sở Y tế Tây Ninh",
        "bác sĩ",
        "Doctor",
    )]);
}

/// A person the term bases name in two syllables ("cụ Hồ") before another name syllable is the start of a longer
/// name. Sentence of held-out 10 (tinhuykontum.org.vn); the second is made up after the news's visits to the
/// elderly.
#[test]
fn uncle_ho_and_an_old_man_named_ho() {
    assert_rendered(&[(
        "Đề nghị Thường trực Hội tiếp tục phát huy hơn nữa vai trò “bộ đội cụ Hồ”, nâng cao vai trò",
        "bộ đội cụ Hồ",
        "Uncle Ho's soldiers",
    )]);
    let matcher = shipped().matcher();
    let hits = hits_en(&matcher, "Lãnh đạo tỉnh thăm cụ Hồ Văn Minh, 95 tuổi, ở xã Tân Phú.");
    assert!(hits.iter().any(|h| h.0 == "Hồ Văn Minh" && h.1 == Kind::Person), "{hits:?}");
    assert!(hits.iter().all(|h| h.2 != "Uncle Ho"), "{hits:?}");
}

/// Bodies of several communes or districts at once, councils with their term, district Party posts without a
/// place name, and "Trung ương" as the adjective beside "địa phương". Sentences of held-out 10
/// (bacbinh.binhthuan.dcs.vn, hauloc.thanhhoa.gov.vn, baothuathienhue.vn, tuoitrexahoi.vn) and 7
/// (snnptnt.quangnam.gov.vn).
#[test]
fn bodies_of_several_units_councils_with_their_term_and_district_party_posts() {
    assert_rendered(&[
        (
            "tham dự kỳ họp HĐND các xã, thị trấn kiện toàn chức danh Chủ tịch và Phó Chủ tịch",
            "HĐND các xã, thị trấn",
            "People's Councils of the communes and townships",
        ),
        (
            "đại diện lãnh đạo các Sở, ngành; Lãnh đạo UBND các huyện, thị xã, thành phố; Phòng Nông nghiệp và PTNT",
            "UBND các huyện, thị xã, thành phố",
            "People's Committees of the districts, towns and cities",
        ),
        (
            "thống nhất nội dung chương trình kỳ họp thứ 11(kỳ họp chuyên đề), HĐND huyện khóa XX, nhiệm kỳ 2021 – 2026",
            "HĐND huyện khóa XX",
            "20th District People's Council",
        ),
        (
            "có đồng chí Lường Văn Thắng, UV BTV huyện ủy, Phó chủ tịch HĐND huyện",
            "UV BTV huyện ủy",
            "Member of the Standing Committee of the District Party Committee",
        ),
        (
            "An ninh thắt chặt, từ quốc lộ 13, Công an chốt tại các ngã ba để điều tiết giao thông.",
            "quốc lộ 13",
            "National Highway 13",
        ),
    ]);
    let matcher = shipped().matcher();
    let hits = hits_en(
        &matcher,
        "cùng lãnh đạo, biên tập viên, phóng viên của các cơ quan thông tấn báo chí Trung ương, địa phương đóng trên \
         địa bàn tỉnh đã đến dự.",
    );
    assert!(hits.iter().all(|h| h.2 != "Party Central Committee"), "{hits:?}");
}

/// A short form stands for the body of one province only until another province is named. At a conference of
/// six provinces' courts hosted by Tra Vinh, "Chánh án TAND tỉnh" after "TAND tỉnh Đồng Tháp, Trà Vinh, Bến Tre …"
/// is not Dong Thap's chief judge (he is Tra Vinh's), so the court in general. A province's two spellings ("Đăk
/// Nông", "Đắk Nông") are one province. Paragraphs of held-out 5 (baotravinh.vn) and 9 (congthuong.quangnam.gov.vn).
#[test]
fn a_short_form_stops_standing_for_one_provinces_body_once_another_province_is_named() {
    let matcher = shipped().matcher();
    let article = [
        "Tham dự hội nghị có các đồng chí: Kim Ngọc Thái, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh; Trịnh \
         Minh Tự, Tỉnh ủy viên, Bí thư Đảng ủy, Chánh án TAND tỉnh Trà Vinh; lãnh đạo TAND các tỉnh trong Cụm thi \
         đua số IX, gồm: TAND tỉnh Đồng Tháp, Trà Vinh, Bến Tre, Vĩnh Long, Tiền Giang, Long An; đại diện các cơ \
         quan thuộc khối nội chính tỉnh Trà Vinh.",
        "Phát biểu tại hội nghị, đồng chí Trịnh Minh Tự, Chánh án TAND tỉnh nhấn mạnh: hội nghị là dịp để các đơn \
         vị nhìn lại, đánh giá kết quả thực chất trong thi đua.",
    ];
    let hits = matcher.find_article(&article);
    let judge = hits[1].iter().find(|h| h.text == "Chánh án TAND tỉnh").and_then(|h| h.targets.get("en"));
    assert_eq!(judge.map(String::as_str), Some("Chief Judge of the Provincial People's Court"), "{:?}", hits[1]);

    let article = [
        "Chiều ngày 26/10, tại thành phố Gia Nghĩa tỉnh Đắk Nông, Cục Công Thương địa phương - Bộ Công Thương phối \
         hợp với Sở Công Thương tỉnh Đăk Nông tổ chức Hội nghị khuyến công các tỉnh, thành phố khu vực Miền Trung - \
         Tây Nguyên (MT-TN) lần thứ XIII, năm 2023.",
        "Về phía tỉnh Đắk Nông có các Phó Giám đốc Sở Công Thương và lãnh đạo các phòng ban, đơn vị trực thuộc Sở.",
    ];
    let hits = matcher.find_article(&article);
    let deputy = hits[1].iter().find(|h| h.text == "Phó Giám đốc Sở Công Thương").and_then(|h| h.targets.get("en"));
    assert_eq!(
        deputy.map(String::as_str),
        Some("Deputy Director of the Dak Nong Provincial Department of Industry and Trade"),
        "{:?}",
        hits[1]
    );
}

/// "Hội nghị" capitalized is the conference the article names; in lower case it is any conference. A congress
/// joined to its body by "của". Sentences of held-out 2, 7 (tinhuygialai.org.vn) and the development set
/// (dantri.com.vn).
#[test]
fn the_conference_only_capitalized() {
    assert_rendered(&[
        (
            "Hội nghị đã tiến hành các bước theo đúng quy định để bầu chức danh Chủ tịch Hội LHPN tỉnh",
            "Hội nghị",
            "conference",
        ),
        (
            "góp phần thực hiện thắng lợi Nghị quyết Đại hội của Hội Cựu chiến binh tỉnh lần thứ VI",
            "Đại hội của Hội Cựu chiến binh tỉnh lần thứ VI",
            "6th Congress of the Provincial Veterans' Association",
        ),
    ]);
    let matcher = shipped().matcher();
    let hits = hits_en(
        &matcher,
        "xác định nhiệm vụ, phương hướng của năm 2026. Bên cạnh đó, hội nghị thảo luận về dự thảo kế hoạch",
    );
    assert!(hits.iter().all(|h| h.1 != Kind::Event), "{hits:?}");
}

/// A unit word of two words capitalized inside a sentence is still the unit, and its last word never starts a
/// unit of its own: "Thị xã Mường Lay" is the town, not "xã Mường Lay" the commune; a one-word unit capitalized so
/// stays part of a name. A body's short form right after a capitalized word is part of that name: the "Ban" of
/// "Lễ hội Hoa Ban" (the bauhinia flower) is no committee named before. Sentences of held-out 11
/// (dienbien.gov.vn) and 7 (thptchuyenchuvanan.binhdinh.edu.vn).
#[test]
fn a_capitalized_town_unit_and_a_short_form_inside_a_name() {
    assert_rendered(&[
        (
            "Lễ hội Đua thuyền đuôi én Thị xã Mường Lay lần thứ VI năm 2020 đã chính thức khai mạc",
            "Thị xã Mường Lay",
            "Muong Lay town",
        ),
        (
            "Tối 3.8, tại Quảng trường Nguyễn Tất Thành (đường Nguyễn Tất Thành, TP Quy Nhơn), UBND tỉnh",
            "Quảng trường Nguyễn Tất Thành",
            "Nguyen Tat Thanh Square",
        ),
    ]);
    let matcher = shipped().matcher();
    let hits = hits_en(&matcher, "qua cửa khẩu Xã Vược sang Lào");
    assert!(hits.iter().all(|h| h.2 != "Vuoc commune"), "{hits:?}");
    let hits = hits_en(
        &matcher,
        "Ban Văn hóa - Xã hội HĐND tỉnh họp. Ban đã thống nhất. \
         Đây là hoạt động của Lễ hội Hoa Ban năm 2020 và cũng là hoạt động thiết thực.",
    );
    assert_eq!(hits.iter().filter(|h| h.0 == "Ban").count(), 1, "{hits:?}");
}

/// A company or other body named by `{proper}` is not cut short: a name of one capitalized syllable the text goes
/// on in lower case ("Lâm nghiệp", "Xây dựng"), or a run of capitals a place's name stops, is no whole name. A region
/// written with "bộ" in lower case is still the region. Sentences of held-out 11 (kiemlamvung4.org.vn,
/// dantocmiennui.vn); the last company is made up.
#[test]
fn a_body_named_by_capitals_is_not_cut_short_and_a_region_in_lower_case() {
    assert_rendered(&[
        (
            "Đoàn kiểm tra đã làm việc với các đơn vị chủ rừng: Ban QLRPH Hà Ra, Ban QLRPH Măng Yang, Công ty TNHH MTV \
             Lâm nghiệp Kong Chiêng, Vườn quốc gia Kon Ka Kinh",
            "Công ty TNHH MTV Lâm nghiệp Kong Chiêng",
            "Kong Chieng Forestry One Member Co., Ltd.",
        ),
        (
            "3 chuyên đề chính: Lược sử vùng đất Nam bộ của Việt Nam; Tăng cường",
            "Nam bộ",
            "South",
        ),
    ]);
    let matcher = shipped().matcher();
    for text in [
        "lâm phần của Công ty TNHH MTV Innovgreen Kon Tum tại huyện Sa Thầy",
        "hợp đồng với Công ty TNHH Xây dựng Hoàng Long từ năm 2020",
    ] {
        let hits = hits_en(&matcher, text);
        assert!(hits.iter().all(|h| !h.2.contains("Co., Ltd.")), "{hits:?}");
    }
}

/// Movements named by their slogans, festivals with their year, and a border exchange between two countries.
/// Sentences of held-out 11 (baohaiduong.vn, dienbien.gov.vn, bienphong.com.vn).
#[test]
fn movements_festivals_and_a_border_friendship_exchange() {
    assert_rendered(&[
        (
            "tổng kết 10 năm phong trào thi đua \"Giỏi việc nước, đảm việc nhà\".",
            "Giỏi việc nước, đảm việc nhà",
            "Good at public work, good at housework",
        ),
        (
            "trong chuỗi các hoạt động của Lễ hội Hoa Ban năm 2020 và cũng là hoạt động thiết thực",
            "Lễ hội Hoa Ban năm 2020",
            "Hoa Ban Festival 2020",
        ),
        ("Lễ hội Đền Hùng năm 2024 khai mạc", "Lễ hội Đền Hùng năm 2024", "Hung Kings Temple Festival 2024"),
        (
            "tổ chức giao lưu hữu nghị biên giới Việt Nam - Lào tại cửa khẩu",
            "giao lưu hữu nghị biên giới Việt Nam - Lào",
            "Vietnam - Laos border friendship exchange",
        ),
    ]);
}

/// Reporters' and photographers' names in capitals: after a credit cue, and on a byline line of two names or more
/// without a surname; a line of other words in capitals is no byline. Lines of held-out 1 (sggp.org.vn), 3
/// (baomoi.com), 4 (baobinhdinh.vn) and 8 (congdoantravinh.com.vn); the headline is made up.
#[test]
fn bylines_in_capitals_after_a_credit_or_joined_by_dashes() {
    let matcher = shipped().matcher();
    let people = |text: &str| -> Vec<String> {
        hits_en(&matcher, text).into_iter().filter(|h| h.1 == Kind::Person).map(|h| h.2).collect()
    };
    assert_eq!(
        people("Chủ tịch UBND TPHCM Nguyễn Văn Được tiếp bà Obuchi Yuko. Ảnh: VIỆT DŨNG"),
        ["Nguyen Van Duoc", "Obuchi Yuko", "VIET DUNG"]
    );
    assert_eq!(people("Tin, ảnh: THU DÂN"), ["THU DAN"]);
    assert_eq!(people("Hội nghị đã bầu bổ sung 3 đồng chí.\nQUANG ĐẠI - THANH THỦY"), ["QUANG DAI", "THANH THUY"]);
    assert_eq!(people("XUÂN DŨNG - ĐÀO MINH TRUNG - NGỌC PHƯỚC"), ["XUAN DUNG", "DAO MINH TRUNG", "NGOC PHUOC"]);
    assert!(people("LÂM ĐỒNG TỔ CHỨC HỘI NGHỊ TỔNG KẾT").is_empty());
}

/// A final i or y after consonants is one vowel spelt two ways: "Tiến sỹ" is "Tiến sĩ", "Hoa Kì" is "Hoa Kỳ",
/// "kì họp" is "kỳ họp". A degree written with every syllable capitalized after a surname is part of the name.
/// Sentences of held-out 7 (baove-congly.vn, banqlkcn.hungyen.gov.vn); the others are made up.
#[test]
fn a_final_i_or_y_spelt_either_way_and_a_degree_inside_a_name() {
    assert_rendered(&[
        (
            "Tham dự hội nghị có Phó Giáo sư, Tiến sỹ Phạm Minh Tuyên, Giám đốc Học viện Tòa án",
            "Phó Giáo sư, Tiến sỹ",
            "Assoc. Prof. Dr.",
        ),
        ("tiếp Đại sứ Hoa Kì tại Việt Nam", "Đại sứ Hoa Kì tại Việt Nam", "Ambassador of the United States to Vietnam"),
        (
            "tại kì họp thứ 9 HĐND tỉnh khóa X",
            "kì họp thứ 9 HĐND tỉnh khóa X",
            "9th session of the 10th Provincial People's Council",
        ),
    ]);
    let matcher = shipped().matcher();
    let hits = hits_en(&matcher, "Ngày 04/3/2021 và ngày 17/5/2021, đồng chí Đỗ Tiến Sỹ - Uỷ viên Ban Chấp hành");
    assert!(hits.iter().any(|h| h.0 == "Đỗ Tiến Sỹ" && h.1 == Kind::Person), "{hits:?}");
}

/// A count of years before a day of the calendar is its anniversary, for every day the term bases name; a festival
/// is named by the capitalized words after "Lễ hội", not by a word the text goes on in lower case. Sentences of
/// held-out 10 (ductho.hatinh.gov.vn) and 11 (dulichvn.org.vn, dienbien.gov.vn).
#[test]
fn anniversaries_of_days_and_festivals_by_their_names() {
    assert_rendered(&[
        (
            "tổ chức Lễ kỷ niệm 95 năm Ngày thành lập Hội LHPN Việt Nam và 15 năm Ngày Phụ nữ Việt Nam",
            "15 năm Ngày Phụ nữ Việt Nam",
            "15th anniversary of Vietnamese Women's Day",
        ),
        (
            "chào mừng 70 năm Ngày Thầy thuốc Việt Nam",
            "70 năm Ngày Thầy thuốc Việt Nam",
            "70th anniversary of Vietnamese Doctors' Day",
        ),
        (
            "Tối 18/5, UBND tỉnh Lạng Sơn tổ chức khai mạc liên hoan du lịch Mẫu Sơn năm 2019",
            "liên hoan du lịch Mẫu Sơn năm 2019",
            "Mau Son Tourism Festival 2019",
        ),
    ]);
    let matcher = shipped().matcher();
    let hits = hits_en(&matcher, "Sau một thời gian dài chuẩn bị, Lễ hội Đua thuyền đuôi én đã chính thức khai mạc");
    assert!(hits.iter().all(|h| h.1 != Kind::Event), "{hits:?}");
}

/// Names listed after a unit word written once are places of that unit too: after "và", and over commas after a
/// plural word ("2 xã", "các xã"). Without one, a name after a comma is the place above ("xã Tân Dương, Định
/// Hóa"); a body or a person after "và" is no place of the list. Sentences of held-out 10 (baodienbienphu.vn) and
/// 12 (thainguyentv.vn); the list of three and the negative cases are made up.
#[test]
fn names_listed_after_a_unit_word_written_once() {
    assert_rendered(&[
        (
            "Đại biểu Quốc hội tiếp xúc cử tri tại 2 xã Kim Phượng và Tân Dương, huyện Định Hóa",
            "Tân Dương",
            "Tan Duong commune",
        ),
        ("đồng bào dân tộc thiểu số tại 2 xã Thanh An, Núa Ngam. Tham gia cùng đoàn", "Núa Ngam", "Nua Ngam commune"),
        ("Các xã Kim Phượng, Tân Dương và Phú Đình đã hoàn thành", "Phú Đình", "Phu Dinh commune"),
    ]);
    let matcher = shipped().matcher();
    let hits = hits_en(&matcher, "Cử tri xã Tân Dương, Định Hóa kiến nghị");
    assert!(hits.iter().all(|h| !(h.0 == "Định Hóa" && h.2.ends_with("commune"))), "{hits:?}");
    let hits = hits_en(&matcher, "Lãnh đạo tỉnh Gia Lai và Công an tỉnh dự hội nghị");
    assert!(hits.iter().all(|h| !(h.0.starts_with("Công") && h.1 == Kind::Place)), "{hits:?}");
    let hits = hits_en(&matcher, "Đoàn công tác tỉnh Đắk Nông và Nguyễn Văn Thịnh, Giám đốc Sở");
    assert!(hits.iter().any(|h| h.0 == "Nguyễn Văn Thịnh" && h.1 == Kind::Person), "{hits:?}");
}

/// A session numbered in Roman numerals after "thứ" is counted as one in Arabic ("kỳ họp thứ IX - Quốc hội khóa
/// XIV"), while a Roman numeral elsewhere counts nothing ("Quý I năm 2024" is no anniversary); a body's executive
/// committee is named by the body ("Ban Chấp hành Đảng ủy"), and a body by a foreign word that the text goes on in
/// lower case ("Công đoàn Agribank đã"). Sentences of held-out 12 (thainguyentv.vn,
/// baoquangngai.vn); the negative case is made up.
#[test]
fn a_roman_session_number_and_a_bodys_executive_committee() {
    assert_rendered(&[
        (
            "trước kỳ họp thứ IX - Quốc hội khóa XIV",
            "kỳ họp thứ IX - Quốc hội khóa XIV",
            "9th session of the 14th National Assembly",
        ),
        (
            "nguồn kinh phí này do Ban Chấp hành Đảng ủy, Ban chấp hành Công đoàn Agribank đã kêu gọi",
            "Ban Chấp hành Đảng ủy",
            "Executive Committee of the Party Committee",
        ),
        (
            "nguồn kinh phí này do Ban Chấp hành Đảng ủy, Ban chấp hành Công đoàn Agribank đã kêu gọi",
            "Ban chấp hành Công đoàn Agribank",
            "Executive Committee of the Agribank Trade Union",
        ),
    ]);
    let matcher = shipped().matcher();
    let hits = hits_en(&matcher, "Trong Quý I năm 2024, doanh thu tăng");
    assert!(hits.iter().all(|h| h.1 != Kind::Event), "{hits:?}");
}

/// The State Bank's units and deputy governors, economic zone and industrial park boards, universities named by
/// their province, the regions, and a research project's leader, who is no chairman. Sentences of held-out 12
/// (tapchinganhang.gov.vn, bqlkktkcn.khanhhoa.gov.vn, sokhcn.tayninh.gov.vn, baoquangngai.vn) and 3.
#[test]
fn bank_units_economic_zone_boards_universities_and_regions() {
    assert_rendered(&[
        (
            "Phó Thống đốc NHNN Phạm Tiến Dũng dự Hội nghị",
            "Phó Thống đốc NHNN",
            "Deputy Governor of the State Bank of Vietnam",
        ),
        (
            "Trung tâm Thông tin tín dụng Quốc gia Việt Nam (CIC) đã tổ chức",
            "Trung tâm Thông tin tín dụng Quốc gia Việt Nam (CIC)",
            "National Credit Information Centre of Vietnam (CIC)",
        ),
        (
            "phối hợp với Cơ quan Thanh tra, Giám sát Ngân hàng (CQTTGSNH) chấn chỉnh",
            "Cơ quan Thanh tra, Giám sát Ngân hàng (CQTTGSNH)",
            "Banking Supervision Agency",
        ),
        (
            "làm việc với Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh Khánh Hòa",
            "Ban Quản lý Khu kinh tế và Khu công nghiệp tỉnh Khánh Hòa",
            "Khanh Hoa Economic Zone and Industrial Parks Management Board",
        ),
        ("các nhà khoa học Trường Đại học Cần Thơ", "Trường Đại học Cần Thơ", "Can Tho University"),
        ("khắc phục hậu quả bão lũ tại miền Trung", "miền Trung", "central region"),
    ]);
    let matcher = shipped().matcher();
    let hits = hits_en(&matcher, "Chủ nhiệm đề tài trình bày kết quả nghiên cứu");
    assert!(hits.iter().all(|h| h.2 != "Chairman"), "{hits:?}");
    // Alone, the bank's Deputy Governor and a Japanese prefecture's Vice Governor are written alike: no hit, and
    // "Phó" before a title in lower case is nobody's name (held-out 3, tpvt.vungtau.gov.vn).
    for sentence in
        ["Phó Thống đốc Phạm Tiến Dũng dự và phát biểu chỉ đạo Hội nghị", "chúc mừng Bà Phó thống đốc đến thăm"]
    {
        let hits = hits_en(&matcher, sentence);
        assert!(hits.iter().all(|h| !h.2.contains("Governor") && h.0 != "Phó"), "{hits:?}");
    }
}

/// Review, briefing and training conferences are named by their field of work, which fills `{work}` of each
/// frame: one row per field and one per frame, not one per pair. Sentences of held-out 8 (mttqhanoi.org.vn) and
/// 12 (tapchinganhang.gov.vn); the third is made up.
#[test]
fn conferences_named_by_their_field_of_work() {
    assert_rendered(&[
        (
            "Ban Thường trực Ủy ban MTTQ Việt Nam huyện Mê Linh tổ chức hội nghị giao ban công tác Mặt trận quý III năm 2018",
            "hội nghị giao ban công tác Mặt trận quý III năm 2018",
            "briefing conference on Front work in the 3rd quarter of 2018",
        ),
        (
            "đã tổ chức “Hội nghị tổng kết hoạt động thông tin tín dụng năm 2024 và triển khai nhiệm vụ năm 2025”",
            "Hội nghị tổng kết hoạt động thông tin tín dụng năm 2024 và triển khai nhiệm vụ năm 2025",
            "conference reviewing credit information activities in 2024 and launching tasks for 2025",
        ),
        (
            "Ban Dân tộc tỉnh tổ chức hội nghị sơ kết công tác dân tộc 6 tháng đầu năm 2020",
            "hội nghị sơ kết công tác dân tộc 6 tháng đầu năm 2020",
            "conference reviewing ethnic affairs work in the first 6 months of 2020",
        ),
    ]);
}

/// A term of office written with "đến" between its years is the same span as with a dash. Sentence of held-out 11
/// (locquang.dongnai.gov.vn); the negative case is made up.
#[test]
fn a_term_written_with_den_between_its_years() {
    assert_rendered(&[(
        "Đại hội đại biểu Đảng bộ tỉnh Đồng Nai lần thứ XII, nhiệm kỳ 2025 đến 2030",
        "Đại hội đại biểu Đảng bộ tỉnh Đồng Nai lần thứ XII, nhiệm kỳ 2025 đến 2030",
        "12th Congress of the Dong Nai Provincial Party Organisation for the 2025-2030 term",
    )]);
    let matcher = shipped().matcher();
    let hits = hits_en(&matcher, "Từ năm 2020 đến nay, tỉnh đã tổ chức 3 kỳ Đại hội");
    assert!(hits.iter().all(|h| !h.2.contains("2020-")), "{hits:?}");
}

/// A local name that only starts with a country's or province's name is another name: "xã Đức Mạnh" is Duc Manh
/// commune, not Germany (bdt.daknong.gov.vn); a name that is the country alone still is ("biển đảo Việt Nam").
#[test]
fn a_commune_whose_name_starts_with_a_country() {
    assert_rendered(&[
        (
            "Xã Đức Mạnh nằm ở phía Đông Bắc huyện Đắk Mil; xã có tổng diện tích tự nhiên là 4902,19 ha",
            "Xã Đức Mạnh",
            "Duc Manh commune",
        ),
        (
            "Lãnh đạo tỉnh và huyện trao lẵng hoa tại buồi Lễ công bố xã Đức Mạnh, huyện Đắk Mil đạt chuẩn nông thôn mới",
            "xã Đức Mạnh",
            "Duc Manh commune",
        ),
    ]);
    let matcher = shipped().matcher();
    let hits = hits_en(&matcher, "tại buồi Lễ công bố xã Đức Mạnh, huyện Đắk Mil đạt chuẩn nông thôn mới năm 2019");
    assert!(hits.iter().all(|h| h.2 != "Germany"), "{hits:?}");
    let hits = hits_en(&matcher, "bảo vệ chủ quyền biển đảo Việt Nam");
    assert!(hits.iter().any(|h| h.0 == "Việt Nam" && h.2 == "Vietnam"), "{hits:?}");
}

/// Any event takes its ordinal and year after it, and a ceremony's or committee's name before it, without a row
/// for each (bandantoc.kontum.gov.vn; the An Giang farmers' congress of the development set).
#[test]
fn events_with_their_year_and_ceremonies_and_committees_of_events() {
    assert_rendered(&[
        (
            "Ban Chỉ đạo Đại hội đại biểu các DTTS tỉnh Kon Tum lần thứ III năm 2019 đã ban hành kế hoạch số 148/KH-BCĐ",
            "Ban Chỉ đạo Đại hội đại biểu các DTTS tỉnh Kon Tum lần thứ III năm 2019",
            "Steering Committee for the 3rd Congress of Ethnic Minorities in Kon Tum Province 2019",
        ),
        (
            "Đại hội đại biểu các dân tộc thiểu số tỉnh Kon Tum lần thứ II năm 2014 thành công",
            "Đại hội đại biểu các dân tộc thiểu số tỉnh Kon Tum lần thứ II năm 2014",
            "2nd Congress of Ethnic Minorities in Kon Tum Province 2014",
        ),
        (
            "Lễ Khai mạc Đại hội Đại biểu Hội Nông dân tỉnh An Giang lần thứ IX nhiệm kỳ 2018-2023",
            "Lễ Khai mạc Đại hội Đại biểu Hội Nông dân tỉnh An Giang lần thứ IX nhiệm kỳ 2018-2023",
            "opening ceremony of the 9th Congress of the An Giang Provincial Farmers' Association for the 2018-2023 term",
        ),
    ]);
}

/// Names of the Central Highlands peoples: "H'" starts a woman's given name, and a letter glued to an apostrophe
/// and a word is one syllable of a name, a person's or a district's, also with a space after the apostrophe
/// (gialaitv.vn, buonmathuot.info; made-up sentences for the others). Lao names in Vietnamese syllables run to six (gialaitv.vn, huengaynay.vn).
#[test]
fn names_with_an_apostrophe_and_long_lao_names() {
    assert_rendered(&[
        ("Hồ Văn Điềm; Ayun H’Bút-Tỉnh ủy viên, Phó Chủ tịch HĐND tỉnh", "Ayun H’Bút", "Ayun H’But"),
        ("Tham dự có bà H'Hen Niê.", "H'Hen Niê", "H'Hen Nie"),
        // Written with a space after the apostrophe (eighteenth held-out set, buonmathuot.info).
        ("Dự chương trình có đồng chí H’ Yim Kđoh – Phó Chủ tịch UBND tỉnh.", "H’ Yim Kđoh", "H’Yim Kdoh"),
        ("Bà Ksor H'Bơ Khăp phát biểu.", "Ksor H'Bơ Khăp", "Ksor H'Bo Khap"),
        ("Tại huyện Cư M'gar, tỉnh Đắk Lắk", "huyện Cư M'gar", "Cu M'gar district"),
        (
            "đồng chí My Na Phon Xay Sổm Phu-Phó Bí thư Tỉnh ủy, Chủ tịch Hội đồng nhân dân tỉnh Attapeu",
            "My Na Phon Xay Sổm Phu",
            "My Na Phon Xay Som Phu",
        ),
    ]);
}

/// Foreign bodies: a Lao province's council written out, a university named by its foreign city, its rector,
/// and customs services named by their country (gialaitv.vn, m.ctu.edu.vn, thoibaotaichinhvietnam.vn).
#[test]
fn foreign_councils_universities_and_customs_services() {
    assert_rendered(&[
        (
            "đồng chí My Na Phon Xay Sổm Phu-Phó Bí thư Tỉnh ủy, Chủ tịch Hội đồng nhân dân tỉnh Attapeu",
            "Chủ tịch Hội đồng nhân dân tỉnh Attapeu",
            "Chairman of the Attapeu Provincial People's Council",
        ),
        (
            "Buổi lễ có sự hiện diện của Giáo sư Ushiki Tatsuo, Hiệu trưởng Đại học Niigata; ông Toshinao Tanaka",
            "Hiệu trưởng Đại học Niigata",
            "Rector of Niigata University",
        ),
        (
            "Phó Cục trưởng Cục Hải quan Trần Đức Hùng đã tiếp ông Vongvanpheng Phoumsavanh, Phó Cục trưởng Hải quan Lào cùng đoàn đại biểu cấp cao Hải quan Lào",
            "Phó Cục trưởng Hải quan Lào",
            "Deputy Director General of Lao Customs",
        ),
        ("Hải quan Việt Nam nâng tầm hợp tác với Hải quan Lào", "Hải quan Việt Nam", "Vietnam Customs"),
        (
            "sự phát triển bền vững vùng đồng bằng sông Cửu Long (ĐBSCL) và vùng Niigata",
            "vùng Niigata",
            "Niigata region",
        ),
        ("sự phát triển bền vững vùng đồng bằng sông Cửu Long (ĐBSCL) và vùng Niigata", "ĐBSCL", "Mekong Delta"),
    ]);
    // "bản Ý định thư" is a letter of intent, not Italy.
    let matcher = shipped().matcher();
    let hits = hits_en(
        &matcher,
        "Trường Đại học Cần Thơ (ĐHCT) đã ký kết bản Ý định thư (letter of intent) với Đại học Niigata",
    );
    assert!(hits.iter().all(|h| h.2 != "Italy"), "{hits:?}");
}

/// Recurring events of provincial news named in full: a province's planning announced (tapchitoaan.vn), a commune
/// recognised as a new-style rural area (bdt.daknong.gov.vn), a review conference with "nhiệm vụ công tác", a
/// tourism week and the Lao New Year (thitruonghanghoa.com, gialaitv.vn); and bodies: a department's grassroots
/// trade union (sogtvt.langson.gov.vn), a regional hydro-meteorological station written with "và"
/// (vnmha.gov.vn), the maritime administration (cangvuhaiphong.gov.vn) and investors named by their own names.
#[test]
fn planning_announcements_rural_area_ceremonies_and_agencies() {
    assert_rendered(&[
        (
            "Hội nghị công bố quy hoạch tỉnh Hà Tĩnh thời kì 2021 - 2030, tầm nhìn đến năm 2050 và xúc tiến đầu tư vào Hà Tĩnh",
            "Hội nghị công bố quy hoạch tỉnh Hà Tĩnh thời kì 2021 - 2030, tầm nhìn đến năm 2050 và xúc tiến đầu tư",
            "conference announcing the Ha Tinh provincial planning for the 2021-2030 period, with a vision to 2050, and promoting investment",
        ),
        (
            "Lễ công bố xã Đức Mạnh đạt chuẩn nông thôn mới năm 2019",
            "Lễ công bố xã Đức Mạnh đạt chuẩn nông thôn mới năm 2019",
            "ceremony announcing Duc Manh commune's recognition as a new-style rural area in 2019",
        ),
        (
            "Hội nghị Tổng kết công tác năm 2023 và triển khai nhiệm vụ công tác năm 2024",
            "Hội nghị Tổng kết công tác năm 2023 và triển khai nhiệm vụ công tác năm 2024",
            "conference to review work in 2023 and launch tasks for 2024",
        ),
        (
            "sẽ tổ chức Tuần lễ vàng Du lịch Lâm Đồng năm 2022",
            "Tuần lễ vàng Du lịch Lâm Đồng năm 2022",
            "Lam Dong Tourism Golden Week 2022",
        ),
        ("chúc Tết cổ truyền Bun Pi May tại Lào", "Tết cổ truyền Bun Pi May", "Bunpimay traditional New Year festival"),
        (
            "Đại hội công đoàn cơ sở Sở Giao thông vận tải lần thứ 21",
            "công đoàn cơ sở Sở Giao thông vận tải",
            "Grassroots Trade Union of the Department of Transport",
        ),
        (
            "Đài Khí tượng và Thủy văn khu vực Tây Nguyên tổ chức Hội nghị",
            "Đài Khí tượng và Thủy văn khu vực Tây Nguyên",
            "Central Highlands Regional Hydro-Meteorological Station",
        ),
        (
            "ông Nguyễn Văn A, Phó Cục trưởng Cục Hàng hải Việt Nam",
            "Phó Cục trưởng Cục Hàng hải Việt Nam",
            "Deputy Director of the Vietnam Maritime Administration",
        ),
        ("các nhà đầu tư như VSIP, Vingroup, Sun Group", "Sun Group", "Sun Group"),
    ]);
}

/// Excerpts mined from fresh news on sites of no evaluation set (tests/fixtures/glossary/fresh-excerpts-2.tsv,
/// one per pattern the tenth session added): sports festivals with their ordinal and year, cooperatives that are
/// no commune, the Tan Cuong tea that is no Xinjiang, and a square named after a culture centre, which is no
/// place named "Trung".
#[test]
fn fresh_excerpts_of_recurring_events_and_local_bodies() {
    let text = std::fs::read_to_string(fixture("fresh-excerpts-2.tsv")).expect("fixture");
    let excerpts: Vec<&str> = text.lines().skip(1).filter_map(|l| l.split_once('\t')).map(|(_, t)| t).collect();
    assert!(excerpts.len() >= 25, "{} excerpts", excerpts.len());
    let matcher = shipped().matcher();
    let hits: Vec<(String, Kind, String)> = excerpts.iter().flat_map(|text| hits_en(&matcher, text)).collect();
    let has = |text: &str, en: &str| hits.iter().any(|h| h.0 == text && h.2 == en);
    assert!(
        has("Đại hội TDTT tỉnh Hải Dương lần thứ IX năm 2022", "9th Hai Duong Provincial Sports Festival 2022"),
        "{hits:#?}"
    );
    assert!(has("Hợp tác xã Hảo Đạt", "Hao Dat Cooperative"), "{hits:#?}");
    assert!(has("chè Tân Cương", "Tan Cuong tea"), "{hits:#?}");
    assert!(has("Trung tâm Triển lãm Việt Nam", "Vietnam Exposition Centre"), "{hits:#?}");
    assert!(!hits.iter().any(|h| h.2 == "Trung Square" || h.2.contains("Hao Dat commune")), "{hits:#?}");
}

/// An ordinary word whose last syllable starts a pattern starts none ("đông đảo Phật tử" are many Buddhists, not an
/// island named Phật; "bán đảo Sơn Trà" is a peninsula), and a cue written with a capital after a title ("Ông") is
/// no part of the name after it. Sentences of held-out set 14 (giacngo.vn, cucthongke.vn) and ngoisao.vn.
#[test]
fn ordinary_words_ending_in_a_unit_word_and_capitalized_cues_are_no_names() {
    let matcher = shipped().matcher();
    let hits = hits_en(&matcher, "BTS Phật giáo huyện thị, TP.Bắc Ninh, trụ trì các chùa và đông đảo Phật tử.");
    assert!(hits.iter().all(|h| !h.2.contains("island")), "{hits:#?}");
    let hits = hits_en(
        &matcher,
        "Tại điểm cầu Bình Thuận tham dự có Cục trưởng Cục Thống kê Bình Thuận Ông Phạm Quốc Hùng, phòng Thống kê",
    );
    assert!(hits.iter().any(|h| h.0 == "Phạm Quốc Hùng" && h.2 == "Pham Quoc Hung"), "{hits:#?}");
    assert!(hits.iter().all(|h| !h.2.starts_with("Ong ")), "{hits:#?}");
    // A text that ends on the cue (the property test's case) has no name after it.
    let hits = hits_en(&matcher, "Cục trưởng Cục Thống kê Bình Thuận Ông");
    assert!(hits.iter().all(|h| h.1 != Kind::Person), "{hits:#?}");
    assert_rendered(&[(
        "Điểm nhấn quan trọng trong định hướng này là việc xây dựng khu vực phía Đông quận Sơn Trà, nơi có bán đảo Sơn \
         Trà, trở thành khu du lịch quốc gia.",
        "bán đảo Sơn Trà",
        "Son Tra peninsula",
    )]);
}

/// A congress takes its term after its ordinal or its name, in brackets or after a comma, without a row per body
/// (baonamdinh.vn, held-out set 14).
#[test]
fn a_congress_and_its_term() {
    assert_rendered(&[
        (
            "Đại hội Hội Nhà báo tỉnh Nam Định lần thứ VIII (nhiệm kỳ 2020-2025) thành công tốt đẹp",
            "Đại hội Hội Nhà báo tỉnh Nam Định lần thứ VIII (nhiệm kỳ 2020-2025)",
            "8th Congress of the Nam Dinh Provincial Journalists' Association for the 2020-2025 term",
        ),
        (
            "Trong 2 ngày 30 và 31-7, Hội Nhà báo tỉnh tổ chức Đại hội lần thứ VIII (nhiệm kỳ 2020-2025).",
            "Đại hội lần thứ VIII (nhiệm kỳ 2020-2025)",
            "8th Congress for the 2020-2025 term",
        ),
    ]);
}

/// Set phrases and names that a bare row or a name pattern took for something else: a year of the sexagenary
/// cycle is no person ("11-6 nhuận-Đinh Dậu"), "trực thuộc Trung ương" is the central level, not the Party Central
/// Committee, and a city's name ends where an institute's name starts. Held-out set 14 (giacngo.vn,
/// isscr.vass.gov.vn) and tieng.wiki.
#[test]
fn year_names_the_central_level_and_a_city_before_an_institute() {
    let matcher = shipped().matcher();
    let hits = hits_en(
        &matcher,
        "GNO - Chiều qua, 2-8 (11-6 nhuận-Đinh Dậu), tại Trung tâm Văn hóa Kinh Bắc (TP.Bắc Ninh) diễn ra phiên họp trù bị",
    );
    assert!(hits.iter().all(|h| !(h.0 == "Đinh Dậu" && h.1 == Kind::Person)), "{hits:#?}");
    let hits = hits_en(
        &matcher,
        "Ngày 29/09/2015, tại thành phố Đà Nẵng Viện Khoa học xã hội vùng Trung Bộ tổ chức Hội thảo khoa học quốc gia",
    );
    assert!(hits.iter().all(|h| !h.2.contains("Vien Khoa")), "{hits:#?}");
    assert_rendered(&[
        (
            "Ngày 29/09/2015, tại thành phố Đà Nẵng Viện Khoa học xã hội vùng Trung Bộ tổ chức Hội thảo khoa học quốc gia",
            "Viện Khoa học xã hội vùng Trung Bộ",
            "Institute of Social Sciences of the Central Region",
        ),
        (
            "là kết quả cuối cùng của hoạt động sản xuất thực hiện bởi các đơn vị sản xuất thường trú trên địa bàn Tỉnh, \
             Thành phố trực thuộc trung ương (Việt Nam).",
            "Tỉnh, Thành phố trực thuộc trung ương",
            "centrally-run provinces and cities",
        ),
    ]);
}

/// Religious bodies and clergy, international organisations' offices in Vietnam, foreign cultural centres and the
/// central committee of an association, as held-out set 14 names them (giacngo.vn, soytedienbien.gov.vn,
/// nguoihanoi.vn, thuonghieucongluan.com.vn): rows the eleventh session added for whole classes.
#[test]
fn clergy_religious_bodies_international_offices_and_associations() {
    let sangha =
        "Bắc Ninh; HT.Thích Quảng Tùng, Phó Chủ tịch HĐTS; TT.Thích Đức Thiện, Tổng Thư ký HĐTS, chư tôn đức Tăng \
                  Ni BTS Phật giáo tỉnh Bắc Ninh, BTS Phật giáo các tỉnh thành";
    assert_rendered(&[
        (sangha, "HT.Thích Quảng Tùng", "Most Venerable Thich Quang Tung"),
        (sangha, "BTS Phật giáo tỉnh Bắc Ninh", "Bac Ninh Provincial Buddhist Sangha Executive Board"),
        (
            "Ngày 29/12/2020, Tại Tỉnh Điện Biên, được sự hỗ trợ kỹ thuật và kinh phí từ Unicef Việt Nam và Tầm nhìn thế \
             giới quốc tế tại Việt Nam.",
            "Tầm nhìn thế giới quốc tế tại Việt Nam",
            "World Vision International in Vietnam",
        ),
        (
            "Cuộc thi được tổ chức bởi Đại sứ quán Hàn Quốc tại Việt Nam phối hợp với các cơ quan Trung tâm Văn hóa Hàn \
             Quốc, Trung tâm Ngôn ngữ tiếng Hàn tại Hà Nội và TP. HCM, Học viện King Sejong",
            "Trung tâm Văn hóa Hàn Quốc",
            "Korean Cultural Center",
        ),
        (
            "Bà Lê Thị Kim Thanh, Phó Chủ tịch Trung ương Hội luật gia Việt Nam; Bà Nguyễn Thị Minh Hương",
            "Phó Chủ tịch Trung ương Hội luật gia Việt Nam",
            "Vice President of the Vietnam Lawyers' Association",
        ),
    ]);
    let hits = hits_en(&shipped().matcher(), sangha);
    assert!(hits.iter().all(|h| h.1 != Kind::Person || h.0.contains("Thích")), "{hits:#?}");
}

/// Regions named with "khu vực", martyrs' cemeteries of a province, academic titles written without their dot and
/// the head of an event's organising committee (held-out set 14: husta.org, giacngo.vn, thuonghieucongluan.com.vn).
#[test]
fn regions_cemeteries_academic_titles_and_organising_committees() {
    assert_rendered(&[
        (
            "gần 150 người từ các liên hiệp các hội khoa học và kỹ thuật các tỉnh, thành phố miền Bắc, miền Trung và khu \
             vực Tây Nguyên.",
            "khu vực Tây Nguyên",
            "Central Highlands region",
        ),
        (
            "Trước đó, Chư tôn đức BTS Phật giáo tỉnh cũng đã đến viếng và đặt vòng hoa tại nghĩa trang liệt sĩ tỉnh Bắc \
             Ninh.",
            "nghĩa trang liệt sĩ tỉnh Bắc Ninh",
            "Bac Ninh Provincial Martyrs' Cemetery",
        ),
        ("Đến dự và chỉ đạo hội thảo có GS Đặng Vũ Minh, chủ tịch Liên hiệp các hội", "GS", "Prof."),
        (
            "Phó Chủ tịch Thường trực Hội đồng phối hợp phổ biến, giáo dục pháp luật Trung ương, Trưởng ban tổ chức; Bà Lê \
             Thị Kim Thanh",
            "Trưởng ban tổ chức",
            "Head of the Organising Committee",
        ),
    ]);
}

/// A hall of a university is not a hall named after its first word; "các Sở, ngành" after a department named by
/// its abbreviation is no department; a congress numbered before its body, a term spelt "nhiệm kì", an event with
/// its bare year, the Party Central Committee without "Ban Chấp hành", religious orders and the capital (held-out
/// set 15: susta.vn, snnptnt.quangnam.gov.vn, lienminhhtx.camau.gov.vn, phaply.net.vn, doanhnhanvn.vn, dlu.edu.vn,
/// ubmttq.dongnai.gov.vn, banvehpc.com, sovhttdl.thaibinh.gov.vn).
#[test]
fn university_halls_plural_abbreviations_numbered_congresses_orders_and_the_capital() {
    let matcher = shipped().matcher();
    let hits = hits_en(
        &matcher,
        "Chiều ngày 04/5/2022, Sở Khoa học và Công nghệ tỉnh Sơn La, phối hợp với Trung tâm Khởi nghiệp đổi mới sáng \
         tạo quốc gia tổ chức “Chung kết Cuộc thi” tại Hội trường Trường Đại học Tây Bắc.",
    );
    assert!(hits.iter().all(|h| h.2 != "Truong Hall"), "{hits:#?}");
    assert!(
        hits.iter().any(|h| h.0 == "Hội trường Trường Đại học Tây Bắc" && h.2.contains("Tay Bac University")),
        "{hits:#?}"
    );
    let hits = hits_en(
        &matcher,
        "Giám đốc Sở NN&PTNT Nguyễn Văn An cho biết. Đại diện lãnh đạo các Sở, ngành; Lãnh đạo UBND các huyện. \
         Lãnh đạo Sở cảm ơn.",
    );
    let departments = hits.iter().filter(|h| h.0 == "Sở").count();
    assert_eq!(departments, 1, "only the last \"Sở\" is the department: {hits:#?}");
    assert_rendered(&[
        (
            "Liên minh HTX tỉnh Trà Vinh đã cơ bản hoàn thành các chỉ tiêu mà Nghị quyết Đại hội IV Liên minh HTX tỉnh \
             Trà Vinh, nhiệm kỳ 2012-2017 đã đề ra.",
            "Đại hội IV Liên minh HTX tỉnh Trà Vinh, nhiệm kỳ 2012-2017",
            "4th Congress of the Tra Vinh Provincial Cooperative Alliance for the 2012-2017 term",
        ),
        (
            "(Pháp lý) – Ngày 08/11, Hội Luật gia tỉnh Kiên Giang tổ chức Đại hội Đại biểu khóa VII, nhiệm kì 2024 – 2029 \
             thành công tốt đẹp.",
            "Đại hội Đại biểu khóa VII, nhiệm kì 2024 – 2029",
            "7th Congress of Delegates for the 2024-2029 term",
        ),
        ("Khai mạc Hội chợ Thương mại Việt-Lào 2018", "Hội chợ Thương mại Việt-Lào 2018", "Vietnam-Laos Trade Fair 2018"),
        (
            "Hội thảo có sự tham dự của ông Trần Việt Hùng – Nguyên Phó Chánh Văn phòng Trung ương Đảng,",
            "Nguyên Phó Chánh Văn phòng Trung ương Đảng",
            "former Deputy Chief of the Office of the Party Central Committee",
        ),
        (
            "Tham dự Đại hội có Đồng chí Trần Đức Long, Ủy viên Đảng đoàn, Bí thư Đảng ủy, Phó chủ tịch Hội Luật gia Việt \
             Nam",
            "Ủy viên Đảng đoàn",
            "Member of the Party Delegation",
        ),
        (
            "Đoàn lãnh đạo tỉnh đến thăm và chúc mừng Giáng sinh Dòng Đa Minh Việt Nam.",
            "Dòng Đa Minh Việt Nam",
            "Dominican Province of Vietnam",
        ),
        (
            "mặc dù bộn bề công việc sau hơn hai tháng tiếp quản Thủ đô nhưng Bác Hồ đã về thăm Nhà máy điện Yên Phụ.",
            "Thủ đô",
            "the capital",
        ),
        (
            "sự nghiệp đấu tranh, giải phóng Miền nam thống nhất đất nước",
            "Miền nam",
            "southern region",
        ),
    ]);
}

/// Hundreds of anniversaries share "kỷ niệm" and are found from the words after their count: written in full, with
/// an abbreviation after the count, and with a comma after "năm". Sentences of held-out sets 1, 2, 3 and 6 (hanoi.gov.vn, tuoitrebinhdinh.vn, baohagiang.vn, laocaitv.vn).
#[test]
fn anniversaries_are_found_from_the_words_after_their_count() {
    assert_rendered(&[
        (
            "nhân dịp kỷ niệm 70 năm ngày thiết lập quan hệ ngoại giao Việt Nam - Liên bang Nga; sự kiện được kỳ vọng",
            "kỷ niệm 70 năm ngày thiết lập quan hệ ngoại giao Việt Nam - Liên bang Nga",
            "70th anniversary of Vietnam - Russia diplomatic relations",
        ),
        (
            "Chiều ngày 24/3/2021, Thành đoàn Quy Nhơn tổ chức lễ kỷ niệm 90 năm Ngày thành lập Đoàn TNCS Hồ Chí Minh",
            "lễ kỷ niệm 90 năm Ngày thành lập Đoàn TNCS Hồ Chí Minh",
            "ceremony marking the 90th founding anniversary of the Ho Chi Minh Communist Youth Union",
        ),
        (
            "BHG - Chiều 10.8, Công an tỉnh tổ chức gặp mặt kỷ niệm 75 năm, Ngày truyền thống lực lượng CAND (19.8).",
            "kỷ niệm 75 năm, Ngày truyền thống lực lượng CAND",
            "75th anniversary of the traditional day of the People's Public Security Force",
        ),
        (
            "Gặp mặt kỷ niệm 65 năm Ngày truyền thống Bộ đội Biên phòng",
            "kỷ niệm 65 năm Ngày truyền thống Bộ đội Biên phòng",
            "65th anniversary of the Border Guard's traditional day",
        ),
    ]);
}

/// Places named after their place by a unit of several words (industrial parks and clusters, a geopark, a volcano,
/// a national martyrs' cemetery named after a road), committees of a level, UNESCO written with a dash, a
/// department of 2025 in its abbreviations, a portal composing with a title, a review of years of an event, and
/// "Trung ương" beside the province as the central level. Sentences of the sixteenth held-out set
/// (dongkhoikhoinghiep.vn, tracuuquyhoach.com, camxuyen.hatinh.gov.vn, pbgdpl.gov.vn, vpcp.chinhphu.vn,
/// tapchitaichinh.vn, mattrannamtramy.org.vn, skhcn.kontum.gov.vn, ktv.org.vn).
#[test]
fn industrial_parks_geoparks_committees_of_a_level_and_the_central_level() {
    assert_rendered(&[
        (
            "cảng cá Bình Thắng, khu công nghiệp Phú Thuận (huyện Bình Đại) và cụm công nghiệp Long Phước, cảng Giao Long",
            "khu công nghiệp Phú Thuận",
            "Phu Thuan Industrial Park",
        ),
        (
            "cảng cá Bình Thắng, khu công nghiệp Phú Thuận (huyện Bình Đại) và cụm công nghiệp Long Phước, cảng Giao Long",
            "cụm công nghiệp Long Phước",
            "Long Phuoc Industrial Cluster",
        ),
        (
            "tỉnh Đắk Nông tổ chức lễ đón nhận danh hiệu công viên địa chất toàn cầu UNESCO Đắk Nông do Tổ chức Giáo dục- \
             khoa học và văn hóa Liên hợp quốc (UNESCO) công nhận lần thứ 2",
            "công viên địa chất toàn cầu UNESCO Đắk Nông",
            "Dak Nong UNESCO Global Geopark",
        ),
        (
            "tỉnh Đắk Nông tổ chức lễ đón nhận danh hiệu công viên địa chất toàn cầu UNESCO Đắk Nông do Tổ chức Giáo dục- \
             khoa học và văn hóa Liên hợp quốc (UNESCO) công nhận lần thứ 2",
            "Tổ chức Giáo dục- khoa học và văn hóa Liên hợp quốc (UNESCO)",
            "United Nations Educational, Scientific and Cultural Organization (UNESCO)",
        ),
        (
            "Núi lửa Nam Kar trong quần thể công viên địa chất toàn cầu UNESCO Đắk Nông",
            "Núi lửa Nam Kar",
            "Nam Kar volcano",
        ),
        (
            "Theo ông Guy Martini, Chủ tịch Hội đồng công viên địa chất toàn cầu UNESCO, Tổng thư ký Mạng lưới công viên \
             địa chất toàn cầu, gửi đến Đắk Nông đoạn clip chúc mừng",
            "Tổng thư ký Mạng lưới công viên địa chất toàn cầu",
            "Secretary General of the Global Geoparks Network",
        ),
        (
            "một số nội dung liên quan đến trách nhiệm của UBND cấp xã và cá nhân hộ gia đình",
            "UBND cấp xã",
            "commune-level People's Committees",
        ),
        (
            "ông Lê Vệ Quốc – Cục trưởng Cục PBGDPL và Trợ giúp pháp lý – khẳng định",
            "Cục trưởng Cục PBGDPL và Trợ giúp pháp lý",
            "Director of the Department of Legal Dissemination, Education and Legal Aid",
        ),
        (
            "Trong khi hạ tầng số và dữ liệu pháp luật còn phân tán, Cục PBGDPL & TGPL sẽ làm gì",
            "Cục PBGDPL & TGPL",
            "Department of Legal Dissemination, Education and Legal Aid",
        ),
        (
            "Thứ trưởng Bộ Thông tin và Truyền thông Nguyễn Thanh Lâm và Tổng Giám đốc Cổng Thông tin điện tử Chính phủ \
             Nguyễn Hồng Sâm đồng chủ trì Hội nghị",
            "Tổng Giám đốc Cổng Thông tin điện tử Chính phủ",
            "General Director of the Government Portal",
        ),
        (
            "góp sức nâng cấp, xây dựng khu Hành lễ Nghĩa trang Liệt sĩ Quốc gia Đường 9 Quảng Trị",
            "Nghĩa trang Liệt sĩ Quốc gia Đường 9",
            "Road 9 National Martyrs' Cemetery",
        ),
        (
            "Đoàn Chủ tịch Uỷ ban Trung ương MTTQ Việt Nam tổ chức Hội nghị Tổng kết 20 năm Ngày hội đại đoàn kết toàn dân tộc",
            "Hội nghị Tổng kết 20 năm Ngày hội đại đoàn kết toàn dân tộc",
            "conference reviewing 20 years of the Great National Unity Festival",
        ),
        (
            "triển khai Giải thưởng sáng tạo Khoa học Công nghệ Việt Nam và Hội thi Sáng tạo Kỹ thuật toàn quốc lần thứ 16 \
             (2020-2021)",
            "Hội thi Sáng tạo Kỹ thuật toàn quốc lần thứ 16 (2020-2021)",
            "16th National Technical Innovation Contest (2020-2021)",
        ),
        (
            "đề nghị Sở tiếp tục bám chắc các chỉ đạo, hướng dẫn của Trung ương và của tỉnh để triển khai các nhiệm vụ",
            "Trung ương và của tỉnh",
            "the central level and the province",
        ),
    ]);
    // "Trung ương và Tỉnh ủy" keeps the Provincial Party Committee whole (held-out 7, hoinongdanag.org.vn).
    let hits = shipped().matcher().find("Lãnh đạo Trung ương và Tỉnh ủy dự Đại hội");
    assert!(hits.iter().any(|h| h.text == "Tỉnh ủy"), "{hits:?}");
}

/// Set 19's classes, with its sentences (ngaynay.vn, saigontiepthi.vn, dulichbinhthuan.com.vn, dulichkontum.com.vn,
/// giaoduc.edu.vn, laodongdoanthe.vn, hdnd.ninhbinh.gov.vn, huaf.edu.vn, dakdoa.gialai.gov.vn): a pagoda written with
/// its capital inside a sentence, a minister of a ministry in initials without "&", storms by name, streets, a
/// prison, a suspension bridge and a church, two countries named together, a diplomatic anniversary "between Vietnam
/// and" a country, a council's year-end session with its term, a delegation by its electoral unit, the Front's
/// founding name, the unity festival "in residential areas", Director in initials. Every one of them was missed
/// before, and the minister came out "Minister of the Ministry of Agriculture …".
#[test]
fn pagodas_streets_storms_country_pairs_and_ministries_in_initials() {
    assert_rendered(&[
        (
            "Kiến trúc mái vòm độc đáo của Chùa Cổ Lễ mang dáng dấp thánh đường Thiên Chúa giáo.",
            "Chùa Cổ Lễ",
            "Co Le Pagoda",
        ),
        (
            "do ông Nguyễn Xuân Cường – Ủy viên BCH TƯ Đảng, Bộ trưởng Bộ NNPTNT – dẫn đầu làm việc với tỉnh Kiên Giang \
             về ứng phó bão 16 – Tembin.",
            "Bộ trưởng Bộ NNPTNT",
            "Minister of Agriculture and Rural Development",
        ),
        (
            "do ông Nguyễn Xuân Cường – Ủy viên BCH TƯ Đảng, Bộ trưởng Bộ NNPTNT – dẫn đầu làm việc với tỉnh Kiên Giang \
             về ứng phó bão 16 – Tembin.",
            "bão 16 – Tembin",
            "storm No. 16 - Tembin",
        ),
        (
            "Bộ trưởng đánh giá cao công tác tổ chức ứng phó với bão Tembin của tỉnh Kiên Giang",
            "bão Tembin",
            "Storm Tembin",
        ),
        (
            "Tối 27/8, tại Nhà thi đấu Thể dục thể thao tỉnh (đường Nguyễn Tất Thành, Tp. Phan Thiết) đã diễn ra lễ khai mạc",
            "đường Nguyễn Tất Thành",
            "Nguyen Tat Thanh Street",
        ),
        (
            "ông Dương Văn An - Ủy viên BCH Trung ương Đảng, Bí thư Tỉnh uỷ, Trưởng đoàn Đại biểu Quốc hội đơn vị Bình Thuận,",
            "Trưởng đoàn Đại biểu Quốc hội đơn vị Bình Thuận",
            "Head of the Binh Thuan Delegation of National Assembly Deputies",
        ),
        (
            "tại thành phố Kon Tum như: Ngục Kon Tum, Bảo tàng Kon Tum, Nhà thờ Gỗ, Nhà Rông và cầu treo Kon KLor.",
            "Ngục Kon Tum",
            "Kon Tum Prison",
        ),
        (
            "tại thành phố Kon Tum như: Ngục Kon Tum, Bảo tàng Kon Tum, Nhà thờ Gỗ, Nhà Rông và cầu treo Kon KLor.",
            "cầu treo Kon KLor",
            "Kon KLor suspension bridge",
        ),
        (
            "tại thành phố Kon Tum như: Ngục Kon Tum, Bảo tàng Kon Tum, Nhà thờ Gỗ, Nhà Rông và cầu treo Kon KLor.",
            "Nhà thờ Gỗ",
            "Wooden Church",
        ),
        (
            "vun đắp cho mối quan hệ hữu nghị vĩ đại, đoàn kết đặc biệt và hợp tác toàn diện Việt Nam-Lào./.",
            "Việt Nam-Lào",
            "Vietnam-Laos",
        ),
        (
            "góp phần đưa mối quan hệ hữu nghị giữa Việt – Nhật nói chung, TP.Cần Thơ và các địa phương",
            "Việt – Nhật",
            "Vietnam-Japan",
        ),
        (
            "Chào mừng 50 năm thiết lập quan hệ ngoại giao giữa Việt Nam và Nhật Bản (21/9/1973 – 21/9/2023), UBND tỉnh",
            "50 năm thiết lập quan hệ ngoại giao giữa Việt Nam và Nhật Bản",
            "50th anniversary of diplomatic relations between Vietnam and Japan",
        ),
        (
            "Bế mạc kỳ họp thường lệ cuối năm 2025 HĐND tỉnh khoá XV",
            "kỳ họp thường lệ cuối năm 2025 HĐND tỉnh khoá XV",
            "year-end regular session of 2025 of the 15th Provincial People's Council",
        ),
        (
            "Hướng tới Kỷ niệm 92 năm ngày Thành lập Mặt trận Dân tộc Thống nhất Việt Nam - Ngày Truyền thống",
            "Kỷ niệm 92 năm ngày Thành lập Mặt trận Dân tộc Thống nhất Việt Nam",
            "92nd founding anniversary of the Vietnam National United Front",
        ),
        (
            "Ngày hội Đại đoàn kết toàn Dân tộc tại khu dân cư năm nay các thôn, làng, tổ dân phố",
            "Ngày hội Đại đoàn kết toàn Dân tộc tại khu dân cư",
            "Great National Unity Festival in residential areas",
        ),
        (
            "Thành phần tham dự sở KCHN tỉnh Quảng Nam bao gồm: Giám đốc, phó GĐ, Lãnh đạo các phòng ban chuyên môn",
            "phó GĐ",
            "Deputy Director",
        ),
    ]);
}

/// Set 19's wrong and unwanted hits, with its sentences (vinhphuc.gov.vn, dakdoa.gialai.gov.vn, ngaynay.vn): the
/// Government in "phi Chính phủ" (non-governmental), a Mr "Đồng" credited for a photo whose caption starts "Đồng
/// chí", and streets made of "thánh đường" (a church building) and "mía đường" (sugarcane).
#[test]
fn non_governmental_comrades_in_captions_and_church_buildings_are_no_names() {
    let matcher = shipped().matcher();
    let hits = hits_en(
        &matcher,
        "Liên hiệp đã vận động các tổ chức hòa bình, đoàn kết hữu nghị, các tổ chức phi Chính phủ và cá nhân ở nước ngoài.",
    );
    assert!(hits.iter().all(|(text, _, _)| text != "Chính phủ"), "{hits:?}");
    assert!(hits.iter().any(|(text, _, en)| text == "tổ chức phi Chính phủ" && en == "non-governmental organizations"));
    let hits = hits_en(&matcher, "Ảnh: Đồng chí Nguyễn Hữu Thọ, Bí thư Huyện ủy, Chủ tịch HĐND huyện");
    assert!(hits.iter().all(|(text, _, _)| text != "Đồng"), "{hits:?}");
    assert!(hits.iter().any(|(text, kind, _)| text == "Nguyễn Hữu Thọ" && *kind == Kind::Person), "{hits:?}");
    for sentence in [
        "Kiến trúc mái vòm độc đáo của Chùa Cổ Lễ mang dáng dấp thánh đường Thiên Chúa giáo.",
        "Công ty Cổ phần Mía đường Lam Sơn thu mua mía đường Lam Sơn của nông dân.",
    ] {
        let hits = hits_en(&matcher, sentence);
        assert!(hits.iter().all(|(_, _, en)| !en.ends_with("Street")), "{sentence}: {hits:?}");
    }
}

/// Places and offices news names every day that no set had annotated, with real sentences (baodauthau.vn,
/// vacpa.com.vn, kinhtedothi.vn, dulichbinhthuan.com.vn): an expressway by its two ends, district tax offices,
/// a waterfall, a street. The tax offices came out as "cục Thuế", the national Tax Department, cut out of "Chi cục".
#[test]
fn expressways_district_tax_offices_and_waterfalls() {
    assert_rendered(&[
        (
            "Qua rất nhiều năm kể từ ngày khởi công, cao tốc Trung Lương - Mỹ Thuận vẫn chưa thể triển khai đồng bộ.",
            "cao tốc Trung Lương - Mỹ Thuận",
            "Trung Luong - My Thuan Expressway",
        ),
        (
            "năm 2018 đơn vị tiến hành sắp xếp, sáp nhập 2 chi cục thuế là Chi cục Thuế thị xã Đồng Xoài và Chi cục Thuế \
             huyện Đồng Phú thành một chi cục thuế khu vực",
            "Chi cục Thuế huyện Đồng Phú",
            "Dong Phu District Tax Sub-department",
        ),
        (
            "Trong kỳ nghỉ lễ 30/4 - 1/5 năm nay, thác Dray Nur (huyện Krông Ana, tỉnh Đắk Lắk) đã trở thành điểm đến",
            "thác Dray Nur",
            "Dray Nur Waterfall",
        ),
    ]);
    let matcher = shipped().matcher();
    let hits = hits_en(&matcher, "Chi cục Thuế thị xã Đồng Xoài và Chi cục Thuế huyện Đồng Phú");
    assert!(hits.iter().all(|(text, _, _)| text != "cục Thuế"), "{hits:?}");
    // "khai thác" (to exploit) names no waterfall.
    let hits = hits_en(&matcher, "Điểm thác Dray Nur được tỉnh Đắk Lắk đưa vào khai thác Du lịch từ năm 2018.");
    assert!(hits.iter().all(|(_, _, en)| !en.ends_with("Du Waterfall") && en != "Du Waterfall"), "{hits:?}");
}

/// A title before a body's short form takes the rendering the term bases give that title of that body in full:
/// after the Vietnam Bar Federation, "phó chủ tịch Liên đoàn" is its Vice President (the row "Phó Chủ tịch Liên
/// đoàn Luật sư Việt Nam"), not the generic "Vice Chairman" of the title word. Sentence of held-out 18
/// (tingiaitri.org), where it came out "Vice Chairman of the Vietnam Bar Federation".
#[test]
fn a_title_before_a_short_form_takes_the_full_titles_rendering() {
    let matcher = shipped().matcher();
    let hits = hits_en(
        &matcher,
        "Phát biểu chỉ đạo tại đại hội, đối với Liên đoàn Luật sư VN, Chủ tịch nước Nguyễn Xuân Phúc đề nghị thường \
         xuyên phối hợp. Tại đại hội, luật sư Đỗ Ngọc Thịnh, Chủ tịch Liên đoàn Luật sư VN nhiệm kỳ 2, tiếp tục được bầu \
         giữ chức Chủ tịch Liên đoàn Luật sư VN nhiệm kỳ 3. Đại hội cũng đã bầu 5 phó chủ tịch Liên đoàn; 31 ủy viên Hội \
         đồng Luật sư toàn quốc nhiệm kỳ 3.",
    );
    assert!(
        hits.iter()
            .any(|(text, _, en)| text == "phó chủ tịch Liên đoàn"
                && en == "Vice President of the Vietnam Bar Federation"),
        "{hits:?}"
    );
    // A title word the term bases name with no body stays the generic composition.
    let hits = hits_en(&matcher, "Đại hội cũng đã bầu 5 ủy viên Liên đoàn Luật sư Việt Nam; các ủy viên Liên đoàn.");
    assert!(hits.iter().all(|(_, _, en)| !en.contains("Vice President")), "{hits:?}");
}

/// A unit word in capitals in a headline takes the place the term bases name after it, and only that: the words of a
/// headline in capitals do not show where a name ends. The headline of held-out 19 (dakdoa.gialai.gov.vn) gave only
/// "ĐAK ĐOA"; "HUYỆN CHƯ PĂH TỔ CHỨC HỘI NGHỊ" must not become a district named "Chu Pah To Chuc".
#[test]
fn a_unit_in_a_headline_in_capitals_takes_the_place_named_after_it() {
    assert_rendered(&[(
        "CÁC ĐỊA PHƯƠNG TRONG HUYỆN ĐAK ĐOA, TỔ CHỨC NGÀY HỘI ĐẠI ĐOÀN KẾT CÁC DÂN TỘC Ở KHU DÂN CƯ",
        "HUYỆN ĐAK ĐOA",
        "Dak Doa district",
    )]);
    let hits = hits_en(&shipped().matcher(), "HUYỆN CHƯ PĂH TỔ CHỨC HỘI NGHỊ TỔNG KẾT");
    assert!(hits.iter().any(|(text, _, en)| text == "HUYỆN CHƯ PĂH" && en == "Chu Pah district"), "{hits:?}");
    // Inside a sentence a capitalized one-word unit is still part of another name.
    let hits = hits_en(&shipped().matcher(), "Đoàn đã qua cửa khẩu Bản Vược.");
    assert!(hits.iter().any(|(text, _, _)| text == "cửa khẩu Bản Vược"), "{hits:?}");
}

/// A steering committee named "Ban Chỉ đạo …" has "Ban Chỉ đạo" for its short form, though the name lists keep
/// "Ban chỉ đạo" as an ordinary word (so that "Ban" alone is no committee there), and a title word before the short
/// form ("Phó Trưởng Ban Chỉ đạo") composes with it. Sentences of held-out 20 (baomoi.net.vn); before, every later
/// "Ban Chỉ đạo" was no hit and "Phó Trưởng Ban" cut the committee in two. "Mặt trận" stays an ordinary word for
/// the Front's committees, and "hai Ban Quản lý" (held-out 12) are two boards, not the one named before.
#[test]
fn a_steering_committees_short_form_is_its_head_noun() {
    let matcher = shipped().matcher();
    let hits = hits_en(
        &matcher,
        "Chiều 24/7, tại Trụ sở Chính phủ, Thủ tướng Phạm Minh Chính - Trưởng Ban Chỉ đạo Phòng thủ dân sự quốc gia \
         chủ trì Phiên họp lần thứ nhất của Ban Chỉ đạo. Cùng dự có các đồng chí: Đại tướng Phan Văn Giang, Bộ trưởng \
         Quốc phòng, Phó Trưởng Ban Chỉ đạo; lãnh đạo các bộ, ngành là thành viên Ban Chỉ đạo.",
    );
    let steering = "National Civil Defence Steering Committee";
    for (text, english) in
        [("Phó Trưởng Ban Chỉ đạo", format!("Deputy Head of the {steering}")), ("Ban Chỉ đạo", steering.to_string())]
    {
        assert!(hits.iter().any(|(t, _, en)| t == text && *en == english), "{text}: {hits:?}");
    }
    let hits = hits_en(
        &matcher,
        "Ủy ban Trung ương MTTQ Việt Nam tổ chức đại hội. Các tổ chức thành viên của Mặt trận đã phát huy vai trò.",
    );
    assert!(hits.iter().all(|(t, _, _)| t != "Mặt trận"), "{hits:?}");
    let hits = hits_en(
        &matcher,
        "Ban Quản lý các khu công nghiệp Hưng Yên làm việc tại Khánh Hòa. Chia sẻ kinh nghiệm giữa hai Ban Quản lý.",
    );
    assert!(hits.iter().all(|(t, _, _)| t != "Ban Quản lý"), "{hits:?}");
}

/// A body of a given term: held-out 20 (baochinhphu.vn) and held-out 3 (baomoi.com). Before, the title without the
/// term won ("đại biểu HĐND tỉnh", "Chủ tịch UBND tỉnh Hòa Bình") and cut the body in two; a People's Council keeps
/// its own rows, which put the ordinal first.
#[test]
fn a_body_of_a_given_term_composes_with_its_title() {
    assert_rendered(&[
        (
            "Ban Thường trực Ủy ban Mặt trận Tổ quốc tỉnh Hòa Bình báo cáo kết quả xác nhận tư cách của 61 đại biểu \
             HĐND tỉnh khóa XVI, nhiệm kỳ 2016 - 2021.",
            "đại biểu HĐND tỉnh khóa XVI",
            "deputies of the 16th Provincial People's Council",
        ),
        (
            "Kỳ họp đã bầu ông Bùi Văn Khánh, Chủ tịch UBND tỉnh khóa XV giữ chức Chủ tịch UBND tỉnh Hòa Bình khóa XVI.",
            "Chủ tịch UBND tỉnh Hòa Bình khóa XVI",
            "Chairman of the Hoa Binh Provincial People's Committee of the 16th tenure",
        ),
        (
            "Ông Nguyễn Văn Thông được bầu giữ chức Chủ tịch LĐLĐ tỉnh khóa XVII, nhiệm kỳ 2013 - 2018.",
            "Chủ tịch LĐLĐ tỉnh khóa XVII",
            "Chairman of the Provincial Labour Federation of the 17th tenure",
        ),
    ]);
}

/// A degree written in capitals names someone only before a name: held-out 20 (atpic.angiang.gov.vn) lists the
/// degrees of a workshop's scientists, and "Tiến sĩ" there is no "Dr."; nor is it in a temple's name ("Nhà thờ 5
/// Tiến sĩ họ Ngô", daktip.com.vn). Before, each was a title hit. Degrees before a name, alone or in a chain with
/// other titles, stay (held-out 10's "Thầy thuốc ưu tú, nguyên Giám đốc Sở Y tế Tây Ninh Nguyễn Thị Thu").
#[test]
fn a_degree_names_someone_only_before_a_name() {
    let matcher = shipped().matcher();
    let hits = hits_en(
        &matcher,
        "Có hơn 50 đại biểu, gồm nhiều nhà khoa học (từ Thạc sĩ, Phó Giáo sư - Tiến sĩ đến Giáo sư - Tiến sĩ), đại \
         diện một số cơ quan. Di tích lịch sử Nhà thờ 5 Tiến sĩ họ Ngô, thuộc xã Tam Giang.",
    );
    assert!(hits.iter().all(|(_, kind, _)| *kind != Kind::Title), "{hits:?}");
    assert_rendered(&[
        ("Phó Giáo sư - Tiến sĩ Lê Văn Bình, Giám đốc Sở phát biểu.", "Tiến sĩ", "Dr."),
        ("Phó Giáo sư - Tiến sĩ Lê Văn Bình, Giám đốc Sở phát biểu.", "Phó Giáo sư", "Associate Professor"),
        (
            "Trân trọng ghi nhận những đóng góp của Thầy thuốc ưu tú, nguyên Giám đốc Sở Y tế Tây Ninh Nguyễn Thị Thu.",
            "Thầy thuốc ưu tú",
            "Excellent Doctor",
        ),
    ]);
}

/// Common words that are no body's name: "lãnh đạo Trung ương" are the central leaders (held-out 13,
/// tapchitoaan.vn), not the Party Central Committee; a working delegation (held-out 10 and 20) is a concept, not a
/// body, and keeps its rendering and its short form "Đoàn". A consulate general in "thành phố Đà Nẵng" (held-out 20,
/// skhcn.daklak.gov.vn) is one body, not a consulate and a city.
#[test]
fn central_leaders_working_delegations_and_a_consulate_in_a_city() {
    let matcher = shipped().matcher();
    let hits = hits_en(&matcher, "Dự hội nghị có các đồng chí lãnh đạo Trung ương và lãnh đạo tỉnh Hà Tĩnh.");
    assert!(hits.iter().all(|(text, _, _)| text != "Trung ương"), "{hits:?}");
    let hits = hits_en(
        &matcher,
        "Chiều 15/12, UBND tỉnh làm việc với Đoàn công tác của Đại sứ quán Lào tại Việt Nam và Tổng Lãnh sự quán Lào \
         tại thành phố Đà Nẵng. Đoàn đã thăm trường.",
    );
    assert!(
        hits.iter()
            .any(|(text, kind, en)| text == "Đoàn công tác" && *kind == Kind::Concept && en == "working delegation"),
        "{hits:?}"
    );
    assert!(hits.iter().all(|(_, kind, en)| en != "working delegation" || *kind == Kind::Concept), "{hits:?}");
    assert!(
        hits.iter().any(|(text, _, en)| text == "Tổng Lãnh sự quán Lào tại thành phố Đà Nẵng"
            && en == "Consulate General of Laos in Da Nang"),
        "{hits:?}"
    );
}

/// Held-out 20's bodies and places of whole classes: an election committee (baochinhphu.vn), a court's people's
/// juror, a pedagogical college, a state farm and a waterfall in a heritage list written with its capital
/// (daktip.com.vn); none was found before. "Thác Bà" stays the hydropower lake's name.
#[test]
fn election_committees_jurors_colleges_state_farms_and_waterfalls() {
    assert_rendered(&[
        (
            "Ủy ban Bầu cử tỉnh Hòa Bình đã công bố kết quả bầu cử.",
            "Ủy ban Bầu cử tỉnh Hòa Bình",
            "Hoa Binh Provincial Election Committee",
        ),
        (
            "Kỳ họp đã bầu Hội thẩm Tòa án nhân dân tỉnh nhiệm kỳ 2016 - 2021.",
            "Hội thẩm Tòa án nhân dân tỉnh",
            "People's Juror of the Provincial People's Court",
        ),
        (
            "Ngày 03/12/2015, tại Trường Cao đẳng Sư phạm tỉnh, Hội Hữu nghị Việt – Lào tỉnh Kon Tum tổ chức gặp mặt.",
            "Trường Cao đẳng Sư phạm tỉnh",
            "Provincial Pedagogical College",
        ),
        (
            "Di tích lịch sử Khu di tích Nông trường Đông Hiếu, thị xã Thái Hòa.",
            "Nông trường Đông Hiếu",
            "Dong Hieu Farm",
        ),
        ("Di tích thắng cảnh Thác Bìm Bịp, huyện Lắk.", "Thác Bìm Bịp", "Bim Bip Waterfall"),
    ]);
    let hits = hits_en(&shipped().matcher(), "Nhà máy thủy điện Thác Bà tăng công suất.");
    assert!(hits.iter().all(|(_, _, en)| !en.contains("Waterfall")), "{hits:?}");
}

/// Held-out 20's events and bodies of whole classes: a foreign country's National Day counted by its times
/// (sngv.kontum.gov.vn), a dated gong festival and an investment promotion conference without its province
/// (tinkinhte.jcapt.com), a business association and its initials (doanhnghiephoinhap.vn), a ministry's spokesperson
/// written with "của" (danchuphapluat.vn). None was found before.
#[test]
fn national_days_of_countries_gong_festivals_and_spokespersons() {
    assert_rendered(&[
        (
            "Trong khuôn khổ các hoạt động kỷ niệm lần thứ 40 Quốc khánh nước Cộng hòa Dân chủ nhân dân Lào anh em.",
            "kỷ niệm lần thứ 40 Quốc khánh nước Cộng hòa Dân chủ nhân dân Lào",
            "40th National Day of the Lao People's Democratic Republic",
        ),
        (
            "Tỉnh đã tổ chức thành công Festival cồng chiêng quốc tế năm 2009 và Hội nghị xúc tiến đầu tư.",
            "Festival cồng chiêng quốc tế năm 2009",
            "International Gong Festival 2009",
        ),
        (
            "Tỉnh đã tổ chức thành công Festival cồng chiêng quốc tế năm 2009 và Hội nghị xúc tiến đầu tư.",
            "Hội nghị xúc tiến đầu tư",
            "investment promotion conference",
        ),
        (
            "Ông Kim Jung In, Chủ tịch VKBIA cho biết Hiệp hội sẽ kết nối doanh nghiệp.",
            "Chủ tịch VKBIA",
            "Chairman of the Vietnam-Korea Business and Investment Association (VKBIA)",
        ),
        (
            "Ngày 27/10/2025, Bộ Tư pháp tổ chức họp báo. Đồng chí Đỗ Xuân Quý, Chánh Văn phòng, Người phát ngôn của Bộ \
             chủ trì họp báo.",
            "Người phát ngôn của Bộ",
            "Spokesperson of the Ministry of Justice",
        ),
    ]);
}

/// Two wrong hits in held-out 20's hits nobody annotated: "Pháp lệnh" (an ordinance) was France, and "Trang Thông"
/// of a body's website ("Trang Thông tin điện tử", ubmttq.yenbai.gov.vn) a person named Trang.
#[test]
fn an_ordinance_is_no_france_and_a_website_no_person() {
    let matcher = shipped().matcher();
    let hits = hits_en(
        &matcher,
        "Bộ tập trung hoàn thiện Pháp lệnh sửa đổi, bổ sung một số điều. Ban Biên tập Trang Thông tin điện tử Ủy ban \
         MTTQ Việt Nam tỉnh tổ chức cuộc thi.",
    );
    assert!(hits.iter().all(|(_, kind, en)| en != "France" && *kind != Kind::Person), "{hits:?}");
    assert!(hits.iter().any(|(text, _, en)| text == "Pháp lệnh" && en == "Ordinance"), "{hits:?}");
    assert!(
        hits.iter()
            .any(|(_, _, en)| en
                == "Editorial Board of the website of the Provincial Vietnam Fatherland Front Committee"),
        "{hits:?}"
    );
}

/// Set 21's classes, with its sentences (sav.gov.vn, tdu.edu.vn, tdmu.edu.vn, dongvangeopark.com, tdtt.gov.vn,
/// la34.com.vn, truyenhinhdaknong.vn): the supreme audit institutions and their heads, a Korean named after his
/// country, a foreign surname in capitals, a minister named by the ministry's field, bodies known by their own name
/// with no "the", and the central press, which is no Party Central Committee.
#[test]
fn audit_institutions_a_korean_after_his_country_and_bodies_named_without_the() {
    let asosai = "Tổng Kiểm toán nhà nước Việt Nam Hồ Đức Phớc - Chủ tịch ASOSAI nhiệm kỳ 2018-2021; Tổng Kiểm toán \
                  nhà nước Malaysia Madinal Bintin Mohamad - nguyên Chủ tịch ASOSAI; Chủ tịch Ủy ban Kiểm toán và \
                  Thanh tra Hàn Quốc Choe Jeahyong - nguyên Tổng Thư ký ASOSAI đồng chủ trì Họp báo.";
    assert_rendered(&[
        (asosai, "Tổng Kiểm toán nhà nước Việt Nam", "State Auditor General of Vietnam"),
        (asosai, "Chủ tịch ASOSAI", "Chairman of ASOSAI"),
        (asosai, "Tổng Kiểm toán nhà nước Malaysia", "Auditor General of Malaysia"),
        (
            asosai,
            "Chủ tịch Ủy ban Kiểm toán và Thanh tra Hàn Quốc",
            "Chairman of the Board of Audit and Inspection of Korea",
        ),
        (asosai, "Choe Jeahyong", "Choe Jeahyong"),
        (
            "Tối 31/10, Kiểm toán nhà nước Việt Nam tổ chức Họp báo bế mạc Đại hội ASOSAI 14 tại Hà Nội.",
            "Đại hội ASOSAI 14",
            "14th ASOSAI Assembly",
        ),
        (
            "GS. TS. Yvon GOUSTY - Chủ tịch Tập đoàn Phát triển Công nghệ Á-Âu, Cộng hòa Pháp.",
            "Yvon GOUSTY",
            "Yvon GOUSTY",
        ),
        (
            "Thứ trưởng Bộ Văn hóa TT&DL Hoàng Đạo Cương dự lễ khai mạc.",
            "Thứ trưởng Bộ Văn hóa TT&DL",
            "Deputy Minister of Culture, Sports and Tourism",
        ),
        (
            "TS. Nguyễn Thanh Phong - Phó Hiệu trưởng trường Đại học Thủ Dầu Một phát biểu khai mạc.",
            "Phó Hiệu trưởng trường Đại học Thủ Dầu Một",
            "Vice Rector of Thu Dau Mot University",
        ),
        (
            "phóng viên của gần 70 báo, đài Trung ương, quốc tế và địa phương.",
            "báo, đài Trung ương",
            "central newspapers and broadcasters",
        ),
        (
            "Đoàn công tác do Ngài Chan Sorykan - Tổng Lãnh sự Vương quốc Campuchia tại TP Hồ Chí Minh dẫn đầu.",
            "Ngài",
            "H.E.",
        ),
        // Held-out 5 (danviet.vn): the union's own department, not the Party Central Committee's commission.
        (
            "Ông Nguyễn Hồng Sơn, Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Trung ương Hội NDVN, thông tin.",
            "Trưởng Ban Tuyên giáo Trung ương Hội NDVN",
            "Head of the Propaganda Department of the Vietnam Farmers' Union Central Committee",
        ),
    ]);
    let matcher = shipped().matcher();
    let hits = hits_en(&matcher, asosai);
    assert!(hits.iter().all(|(text, kind, _)| !(*kind == Kind::Person && text.starts_with("Hàn Quốc"))), "{hits:?}");
    let hits = hits_en(&matcher, "phóng viên của gần 70 báo, đài Trung ương, quốc tế và địa phương.");
    assert!(hits.iter().all(|(_, _, en)| en != "Party Central Committee"), "{hits:?}");
}

/// Set 21's places and events (truyenhinhdaknong.vn, baodantoc.vn, tdmu.edu.vn, taichinh.danang.gov.vn,
/// dongvangeopark.com): geoparks by name, a district in its other spelling ("huyện Đắk Glong" had given "Dak
/// district"), a region with "vùng", a pair of countries in a festival and a friendship association, and the August
/// Revolution written with figures.
#[test]
fn geoparks_highland_spellings_country_pairs_and_revolution_anniversaries() {
    assert_rendered(&[
        (
            "Đây là công viên địa chất toàn cầu thứ 3 của Việt Nam sau Công viên Địa chất cao nguyên đá Đồng Văn và \
             Công viên Địa chất Non nước Cao Bằng.",
            "Công viên Địa chất cao nguyên đá Đồng Văn",
            "Dong Van Karst Plateau Geopark",
        ),
        (
            "Lễ đón nhận danh hiệu Công viên Địa chất UNESCO Đắk Nông.",
            "Công viên Địa chất UNESCO Đắk Nông",
            "Dak Nong UNESCO Global Geopark",
        ),
        ("Hang động núi lửa ở huyện Đắk Glong.", "huyện Đắk Glong", "Dak Glong district"),
        ("Công viên trải dài trên địa bàn Đắk Glong, Krông Nô.", "Đắk Glong", "Dak Glong"),
        ("Tổng Lãnh sự quán sẽ là cầu nối với các tỉnh vùng Bắc Bộ.", "vùng Bắc Bộ", "northern region"),
        (
            "Ngày hội giao lưu văn hóa Việt – Nhật do Hội Hữu nghị Việt – Nhật tỉnh Bình Dương phối hợp tổ chức.",
            "Ngày hội giao lưu văn hóa Việt – Nhật",
            "Vietnam-Japan Cultural Exchange Festival",
        ),
        (
            "Ngày hội giao lưu văn hóa Việt – Nhật do Hội Hữu nghị Việt – Nhật tỉnh Bình Dương phối hợp tổ chức.",
            "Hội Hữu nghị Việt – Nhật tỉnh Bình Dương",
            "Binh Duong Vietnam-Japan Friendship Association",
        ),
        (
            "Hướng tới Kỷ niệm 75 năm Cách mạng Tháng 8 và Quốc khánh 2 tháng 9, Sở Tài chính biên soạn Bộ Kỷ yếu.",
            "Kỷ niệm 75 năm Cách mạng Tháng 8 và Quốc khánh 2 tháng 9",
            "75th anniversary of the August Revolution and National Day (September 2)",
        ),
        (
            "Tối 29/3, tại Quảng trường 26 - 3, thành phố Hà Giang, khai mạc Lễ hội văn hóa, du lịch, ẩm thực quốc tế \
             lần thứ I.",
            "Lễ hội văn hóa, du lịch, ẩm thực quốc tế lần thứ I",
            "1st International Culture, Tourism and Cuisine Festival",
        ),
    ]);
}

/// A congress of delegates named by its number only, of the body the sentence names (held-out 5, baobaclieu.vn;
/// the development set, baothanhhoa.vn); provinces "trực Trung ương" (held-out 14, cucthongke.vn: "Trung ương" had
/// been the Party Central Committee); a bare "Đại hội" after a provincial sports festival is that festival (held-out
/// 19, dulichbinhthuan.com.vn); a homeland's liberation day. (A contest with its years in brackets is in
/// `industrial_parks_geoparks_committees_of_a_level_and_the_central_level`.)
#[test]
fn congresses_by_number_central_provinces_and_a_sports_festival_named_again() {
    assert_rendered(&[
        (
            "Trong 2 ngày (29 và 30/8), tại Trung tâm Văn hóa tỉnh, Hội Nông dân tỉnh đã tổ chức Đại hội đại biểu lần \
             thứ XI, nhiệm kỳ 2023 - 2028.",
            "Đại hội đại biểu lần thứ XI, nhiệm kỳ 2023 - 2028",
            "11th Congress for the 2023-2028 term",
        ),
        (
            "Tổng sản phẩm trên địa bàn tỉnh, thành phố trực Trung ương (GRDP) quý I năm 2023 so với cùng kỳ năm trước.",
            "tỉnh, thành phố trực Trung ương",
            "centrally-run provinces and cities",
        ),
        (
            "Tối 27/8 đã diễn ra lễ khai mạc Đại hội Thể dục thể thao (TDTT) tỉnh Bình Thuận lần thứ IX năm 2022. Sau \
             các nghi thức rước cờ Tổ quốc, rước cờ Đại hội, rước chân dung Chủ tịch Hồ Chí Minh.",
            "Đại hội",
            "Binh Thuan Provincial Sports Festival",
        ),
        // Held-out 17 (huongtra.thuathienhue.gov.vn).
        (
            "Chào mừng kỷ niệm 35 năm ngày giải phóng quê hương Hương Trà (24/3/1975- 24/3/2010).",
            "kỷ niệm 35 năm ngày giải phóng quê hương Hương Trà",
            "35th anniversary of the liberation of Huong Tra",
        ),
    ]);
}

/// After words naming several provinces at once, a body's short form is no longer the one province's body named
/// before (held-out 9, congthuong.quangnam.gov.vn: the departments of every province at a regional conference had
/// all been Dak Nong's).
#[test]
fn a_short_form_after_several_provinces_is_no_one_provinces_body() {
    let text = "Cục Công Thương địa phương phối hợp với Sở Công Thương tỉnh Đăk Nông tổ chức Hội nghị khuyến công các \
                tỉnh, thành phố khu vực Miền Trung - Tây Nguyên (MT-TN) lần thứ XIII, năm 2023. Hội nghị có các đại \
                biểu là đại diện lãnh đạo Sở Công Thương; Lãnh đạo Đơn vị sự nghiệp trực thuộc Sở Công Thương.";
    let matcher = shipped().matcher();
    let hits = hits_en(&matcher, text);
    let short: Vec<_> = hits.iter().filter(|(t, _, _)| t == "Sở Công Thương").collect();
    assert_eq!(short.len(), 2, "{hits:?}");
    assert!(short.iter().all(|(_, _, en)| en == "Department of Industry and Trade"), "{hits:?}");
    // Before the words naming several provinces, the short form is still the province's department.
    let hits = hits_en(&matcher, "Sở Công Thương tỉnh Đăk Nông tổ chức hội nghị. Lãnh đạo Sở Công Thương phát biểu.");
    assert!(
        hits.iter()
            .any(|(t, _, en)| t == "Sở Công Thương" && en == "Dak Nong Provincial Department of Industry and Trade"),
        "{hits:?}"
    );
}

/// Set 22's classes, with its sentences (api.baoquankhu7.vn, baothainguyen.vn, hoichuthapdoquangbinh.gov.vn,
/// sokhcn.cantho.gov.vn, svhttdl.phutho.gov.vn, ued.udn.vn, thanhgiong.vn) and set 14's (soytedienbien.gov.vn): a
/// province's defence drill and its abbreviation, the Red Cross national camp, an international organisation after
/// "Tổ chức" (also before its country office), a biosphere reserve, a region named with "vùng", a numbered festival
/// with its year after a dash, a district culture centre in initials (a shorter row cut it before "và Du lịch"), the
/// University of Danang's school in initials, a Youth Union Central Committee member in initials.
#[test]
fn defence_drills_camps_biosphere_reserves_and_regions_named_with_vung() {
    assert_rendered(&[
        (
            "Trong 2 ngày 20 và 21/9/2023, tỉnh Bình Dương tổ chức diễn tập khu vực phòng thủ (KVPT) có một phần thực \
             binh năm 2023.",
            "diễn tập khu vực phòng thủ",
            "defensive area exercise",
        ),
        (
            "đồng chí Nguyễn Văn Lợi, UVTW Đảng, Bí thư Tỉnh ủy Bình Dương, Trưởng BCĐ diễn tập KVPT tỉnh",
            "BCĐ diễn tập KVPT tỉnh",
            "Steering Committee for the provincial defensive area exercise",
        ),
        (
            "Công tác chuẩn bị cho Hội trại toàn quốc lần thứ V tại Cần Thơ đã sẵn sàng",
            "Hội trại toàn quốc lần thứ V",
            "5th National Camp",
        ),
        (
            "Tại đây, đại diện của Tổ chức UNESCO đã trao bằng công nhận Khu dự trữ sinh quyển thế giới LangBiang cho \
             UBND tỉnh Lâm Đồng.",
            "Tổ chức UNESCO",
            "UNESCO",
        ),
        (
            "Tại đây, đại diện của Tổ chức UNESCO đã trao bằng công nhận Khu dự trữ sinh quyển thế giới LangBiang cho \
             UBND tỉnh Lâm Đồng.",
            "Khu dự trữ sinh quyển thế giới LangBiang",
            "Langbiang World Biosphere Reserve",
        ),
        // A capital inside the word: a name even at the start of a sentence.
        ("LangBiang là Khu dự trữ sinh quyển thế giới thứ 9 tại Việt Nam.", "LangBiang", "Langbiang"),
        (
            "ghi nhận những đóng góp của các tổ chức quốc tế (đặc biệt là Tổ chức Unicef Việt Nam), sự nỗ lực",
            "Tổ chức Unicef Việt Nam",
            "UNICEF Vietnam",
        ),
        (
            "Theo ông Vương Quốc Nam, với vai trò là trung tâm động lực của vùng Đồng bằng sông Cửu Long, TP Cần Thơ \
             hiện nay đã đủ điều kiện.",
            "vùng Đồng bằng sông Cửu Long",
            "Mekong Delta region",
        ),
        (
            "Tối 29/12, tại thành phố Đà Lạt đã diễn ra Lễ khai mạc Festival hoa Đà Lạt lần thứ VI - 2015 với chủ đề",
            "Lễ khai mạc Festival hoa Đà Lạt lần thứ VI - 2015",
            "opening ceremony of the 6th Da Lat Flower Festival 2015",
        ),
        (
            "lãnh đạo phòng VH&TT, Trung tâm VH,TT&DL các huyện, thành, thị và đông đảo các tầng lớp nhân dân",
            "Trung tâm VH,TT&DL",
            "Culture, Sports and Tourism Centre",
        ),
        (
            "lãnh đạo phòng VH&TT, Trung tâm VH,TT&DL các huyện, thành, thị và đông đảo các tầng lớp nhân dân",
            "phòng VH&TT",
            "Division of Culture and Information",
        ),
        (
            "Trung tâm Văn hóa, Thể thao và Du lịch huyện Thanh Sơn tổ chức giải bóng đá.",
            "Trung tâm Văn hóa, Thể thao và Du lịch huyện Thanh Sơn",
            "Thanh Son District Culture, Sports and Tourism Centre",
        ),
        (
            "gửi lời cảm ơn lãnh đạo Trường ĐHSP – ĐHĐN đã dành thời gian đón tiếp đoàn",
            "Trường ĐHSP – ĐHĐN",
            "University of Science and Education - The University of Danang",
        ),
        (
            "Phát biểu tại buổi lễ, chị Huỳnh Thị Hoài Thu, UVBCH Trung ương Đoàn, Bí thư Tỉnh Đoàn Đồng Tháp nhấn mạnh",
            "UVBCH Trung ương Đoàn",
            "Member of the Ho Chi Minh Communist Youth Union Central Committee",
        ),
    ]);
}

/// Set 22's compositions (sotc.langson.gov.vn, timhieuvietnam.vn, api.baoquankhu7.vn): a department's
/// inspectorate, an emulation cluster named with its leading body and its head and deputy, a review of emulation
/// work with commendations considered, a provincial chief inspector written with "Thanh tra" once, an adviser to a
/// head of government, the political director of a military region named before, the police leaderships of several
/// provinces.
#[test]
fn inspectorates_clusters_advisers_and_a_military_regions_political_director() {
    assert_rendered(&[
        (
            "Dự Hội nghị có Thanh tra Sở Tài chính - đơn vị Cụm Trưởng, Thanh tra Sở Kế hoạch và Đầu tư - đơn vị Cụm Phó.",
            "Thanh tra Sở Kế hoạch và Đầu tư",
            "Inspectorate of the Department of Planning and Investment",
        ),
        (
            "Dự Hội nghị có Thanh tra Sở Tài chính - đơn vị Cụm Trưởng, Thanh tra Sở Kế hoạch và Đầu tư - đơn vị Cụm Phó.",
            "Cụm Phó",
            "Deputy Cluster Head",
        ),
        (
            "Sáng ngày 15/12/2021, Cụm thi đua Số 2 - Thanh tra tỉnh Lạng Sơn đã tổ chức Hội nghị tổng kết công tác thi \
             đua, bình xét khen thưởng năm 2021.",
            "Cụm thi đua Số 2 - Thanh tra tỉnh Lạng Sơn",
            "Emulation Cluster No. 2 of the Lang Son Provincial Inspectorate",
        ),
        (
            "Sáng ngày 15/12/2021, Cụm thi đua Số 2 - Thanh tra tỉnh Lạng Sơn đã tổ chức Hội nghị tổng kết công tác thi \
             đua, bình xét khen thưởng năm 2021.",
            "Hội nghị tổng kết công tác thi đua, bình xét khen thưởng năm 2021",
            "conference reviewing emulation and commendation work in 2021",
        ),
        (
            "đồng thời đề nghị Chánh Thanh tra tỉnh xem xét tặng giấy khen đối với tập thể và cá nhân",
            "Chánh Thanh tra tỉnh",
            "Chief Inspector of the Provincial Inspectorate",
        ),
        (
            "Ông Iijima Isao, Cố vấn đặc biệt của Thủ tướng Nhật Bản, dẫn đầu đoàn gồm 46 doanh nghiệp Nhật Bản.",
            "Cố vấn đặc biệt của Thủ tướng Nhật Bản",
            "Special Adviser to the Prime Minister of Japan",
        ),
        (
            "Thiếu tướng Hoàng Đình Chung, Chủ nhiệm Chính trị Quân khu theo dõi diễn tập phần thực binh.",
            "Chủ nhiệm Chính trị Quân khu",
            "Director of the Political Department of the Military Region",
        ),
        (
            "Bộ CHQS 8 tỉnh, đại diện Ban Giám đốc Công an 9 tỉnh, thành trên địa bàn Quân khu 7.",
            "Ban Giám đốc Công an",
            "Board of Directors of the Police",
        ),
    ]);
}

/// A body a composed title names in passing takes no short forms over from the body named in full before: "Trưởng
/// Cụm Thi đua" after "Cụm thi đua Số 2 - Thanh tra tỉnh Lạng Sơn" (set 22, sotc.langson.gov.vn); and a title row's
/// body ("Giám đốc Công an tỉnh") leaves "Công an" to "Công an tỉnh Hậu Giang" (set 5, plo.vn), as it always did.
#[test]
fn bodies_a_title_names_in_passing_leave_the_short_forms_to_the_body_named_before() {
    let matcher = shipped().matcher();
    let text = "Cụm thi đua Số 2 - Thanh tra tỉnh Lạng Sơn đã tổ chức hội nghị với 07 đơn vị thành viên trong Cụm. \
                Đồng chí Lê Hùng Cường - Trưởng Cụm Thi đua thông qua dự thảo báo cáo của Cụm.";
    let hits = hits_en(&matcher, text);
    let cluster: Vec<_> = hits.iter().filter(|(t, _, _)| t == "Cụm").collect();
    assert_eq!(cluster.len(), 2, "{hits:?}");
    assert!(
        cluster.iter().all(|(_, _, en)| en == "Emulation Cluster No. 2 of the Lang Son Provincial Inspectorate"),
        "{hits:?}"
    );
    let text = "Thủ tướng thăm Công an tỉnh Hậu Giang. Tiếp Thủ tướng có lãnh đạo Công an, Đại tá Nguyễn Hải Sơn, \
                Giám đốc Công an tỉnh.";
    let hits = hits_en(&matcher, text);
    assert!(hits.iter().any(|(t, _, en)| t == "Công an" && en == "Hau Giang Provincial Police Department"), "{hits:?}");
}

/// A name stops before a word that opens a sentence, where a photo caption runs into the next sentence without a
/// full stop (set 22, hoichuthapdoquangbinh.gov.vn: "Can Tho Tai city" was a place); a name's unit word that ends an
/// ordinary word starts no name ("liên kết nội vùng": set 21, tdu.edu.vn); a congress's secretariat is no person
/// named Đoàn Thư (set 22, hoinongdankhanhhoa.org.vn).
#[test]
fn a_name_stops_before_a_sentence_opener_and_none_starts_inside_an_ordinary_word() {
    let matcher = shipped().matcher();
    let text = "Bà Huỳnh Thanh Thảo báo cáo với Ban Tổ chức hỗ trợ Hội trại của TP.Cần Thơ Tại buổi làm việc, Phó Chủ \
                tịch Trần Thị Hồng An bày tỏ mong muốn.";
    let hits = hits_en(&matcher, text);
    assert!(hits.iter().any(|(t, _, en)| t == "TP.Cần Thơ" && en == "Can Tho"), "{hits:?}");
    assert!(!hits.iter().any(|(t, _, _)| t.contains("Tại")), "{hits:?}");
    let text = "nhằm góp phần tạo sự liên kết nội vùng Đồng bằng Sông Cửu Long chặt chẽ hơn";
    let hits = hits_en(&matcher, text);
    assert!(hits.iter().any(|(t, _, en)| t == "Đồng bằng Sông Cửu Long" && en == "Mekong Delta"), "{hits:?}");
    assert!(!hits.iter().any(|(t, _, _)| t.starts_with("vùng")), "{hits:?}");
    let hits = hits_en(&matcher, "Tại Đại hội đã bầu Đoàn Chủ tịch, Đoàn Thư ký Đại hội; bầu Ban Thẩm tra tư cách.");
    assert!(!hits.iter().any(|(_, kind, _)| *kind == Kind::Person), "{hits:?}");
    assert!(hits.iter().any(|(t, _, en)| t == "Đoàn Thư ký Đại hội" && en == "Congress Secretariat"), "{hits:?}");
}

/// Held-out set 23 (cadn.com.vn): after a delegation ("Đoàn đại biểu … Đoàn"), "công tác Đoàn, Hội" is Youth Union
/// work, not the delegation's; the delegation's own short form still refers back.
#[test]
fn a_short_form_after_a_generic_word_is_not_the_delegation_named_before() {
    let matcher = shipped().matcher();
    let text = "Đoàn đại biểu tham dự Đại hội gồm 16 thanh niên ưu tú, là cán bộ, hội viên đại diện cho hơn 210.000 \
                thanh niên thành phố. Đây là những gương mặt tiêu biểu, có nhiều đóng góp cho công tác Đoàn, Hội và \
                phong trào thanh niên của thành phố. Anh Nguyễn Bá Duân đã báo cáo Thường trực Thành ủy về thời gian, \
                thành phần, lịch trình và công tác chuẩn bị của Đoàn trước khi tham dự Đại hội.";
    let hits = hits_en(&matcher, text);
    let delegations: Vec<_> = hits.iter().filter(|(_, _, en)| en == "delegation").map(|(t, _, _)| t.as_str()).collect();
    // The full name and the short form after "của", not the one after "công tác".
    assert_eq!(delegations, ["Đoàn đại biểu", "Đoàn"], "{hits:?}");
}

/// Held-out set 23 (bocongan.gov.vn, tourism.vn, vass.gov.vn, dntquangninh.vn, svvn.tienphong.vn,
/// dieuduong.donga.edu.vn, phatsuonline.com): a border province's talks with its neighbours' police, in a headline whose words are
/// capitalized; foreign provinces as the papers spell them; lettered halls; a province's founding anniversary;
/// degrees joined by a comma; social-science institutes and their English initials.
#[test]
fn border_talks_foreign_provinces_lettered_halls_and_province_anniversaries() {
    let headline = "Công an tỉnh Điện Biên Hội đàm thường niên với 03 tỉnh Bắc Lào";
    let border_police =
        "Thực hiện biên bản ghi nhớ Hội đàm thường niên năm 2024, Công an tỉnh Điện Biên ký kết Biên bản ghi nhớ hợp \
         tác năm 2026 với Công an tỉnh Bò Kẹo. Tổ công tác tại các tỉnh Luông Pha Băng, Phong Sa Lỳ, U Đôm Xay đã \
         góp phần kiềm chế tội phạm ma túy trên tuyến biên giới Tây Bắc Việt Nam.";
    let thai_provinces =
        "làm việc với chính quyền và doanh nghiệp đến từ các tỉnh Trat, Chanthaburi, Chonburi, Rayong của Vương quốc \
         Thái Lan";
    let hall =
        "SVVN - Chiều ngày 9/8/2022, tại Hội trường A, Trung tâm Hội nghị tỉnh Bình Thuận, đã diễn ra phiên khai mạc.";
    let anniversaries =
        "Nhân kỷ niệm 20 năm Ngày thành lập Sở Khoa học và Công nghệ Quảng Ninh (08/7/2003-08/7/2023), hướng đến kỷ \
         niệm 60 năm Ngày thành lập tỉnh Quảng Ninh (30/10/1963-30/10/2023), Sở KH&CN đã tổ chức Hội thảo khoa học.";
    let degrees =
        "PGS,TS Nguyễn Văn Phúc, Thứ trưởng Bộ GD&ĐT phát biểu tại buổi lễ. BGH các trường THPT trên địa bàn miền \
         Trung - Tây Nguyên.";
    let vass =
        "Trao đổi hợp tác giữa VASS và LASS. Tham dự có Viện trưởng Viện Nghiên cứu Phát triển bền vững vùng, Viện \
         trưởng Viện Gia đình và Giới; về phía Viện Khoa học xã hội quốc gia Lào có các nhà khoa học.";
    let offices =
        "các đồng chí là Trưởng ban Ban Kế hoạch – Tài chính, Chánh văn phòng Viện Hàn lâm. Thượng toạ Thích Minh \
         Nhẫn, Ủy viên Thường trực HĐTS, Trợ lý Tổng Thư ký.";
    assert_rendered(&[
        (headline, "Công an tỉnh Điện Biên", "Dien Bien Provincial Police Department"),
        (headline, "Hội đàm thường niên", "annual talks"),
        (border_police, "Hội đàm thường niên năm 2024", "2024 annual talks"),
        (border_police, "Công an tỉnh Bò Kẹo", "Bokeo Provincial Police"),
        (border_police, "Phong Sa Lỳ", "Phongsaly"),
        (border_police, "Tây Bắc Việt Nam", "northwestern Vietnam"),
        (thai_provinces, "Chanthaburi", "Chanthaburi"),
        (hall, "Hội trường A", "Hall A"),
        (
            anniversaries,
            "kỷ niệm 60 năm Ngày thành lập tỉnh Quảng Ninh",
            "60th founding anniversary of Quang Ninh province",
        ),
        (degrees, "PGS,TS", "Assoc. Prof. Dr."),
        (degrees, "miền Trung - Tây Nguyên", "central region and the Central Highlands"),
        (vass, "VASS", "Vietnam Academy of Social Sciences (VASS)"),
        (vass, "LASS", "Lao Academy of Social Sciences (LASS)"),
        (
            vass,
            "Viện trưởng Viện Nghiên cứu Phát triển bền vững vùng",
            "Director of the Institute of Regional Sustainable Development",
        ),
        (vass, "Viện trưởng Viện Gia đình và Giới", "Director of the Institute for Family and Gender Studies"),
        (vass, "Viện Khoa học xã hội quốc gia Lào", "Lao Academy of Social Sciences"),
        (offices, "Trưởng ban Ban Kế hoạch – Tài chính", "Head of the Planning and Finance Department"),
        (offices, "Trợ lý Tổng Thư ký", "Assistant to the Secretary General"),
    ]);
}

/// Held-out sets 23 (bocongan.gov.vn) and 6 (vietbao.vn): a short form followed by a count of places ("03 tỉnh",
/// "hai nước") names the bodies of several, not the one named before.
#[test]
fn a_short_form_before_a_count_of_places_names_the_bodies_of_several() {
    let matcher = shipped().matcher();
    let text = "Đoàn công tác Công an tỉnh Điện Biên đã sang thăm và Hội đàm thường niên với Công an tỉnh 03 tỉnh: Bò \
                Kẹo, Luông Nậm Thà và Phong Sa Ly (Cộng hòa dân chủ nhân dân Lào).";
    let hits = hits_en(&matcher, text);
    assert!(hits.iter().any(|(t, _, en)| t == "Công an tỉnh Điện Biên" && en.starts_with("Dien Bien")), "{hits:?}");
    assert!(!hits.iter().any(|(t, _, en)| t == "Công an tỉnh" && en.contains("Dien Bien")), "{hits:?}");
    let text =
        "Chủ tịch Quốc hội Nguyễn Sinh Hùng hội đàm với Chủ tịch Quốc hội Lào, nhằm tăng cường quan hệ giữa Quốc \
                hội hai nước nói riêng.";
    let hits = hits_en(&matcher, text);
    assert!(!hits.iter().any(|(t, _, en)| t == "Quốc hội" && en.contains("of Vietnam")), "{hits:?}");
}

/// Held-out sets 7 (baovecongly.vn), 2 (cafef.vn) and 9 (anhp.vn): conferences and weeks named by their kind, with
/// the year before the kind as English names a yearly conference.
#[test]
fn conferences_and_weeks_named_by_their_kind() {
    assert_rendered(&[
        (
            "Ông Đỗ Văn Thinh- Phó Chánh án TAND tỉnh Tây Ninh phát biểu khai mạc hội nghị tập huấn nghiệp vụ năm 2023.",
            "hội nghị tập huấn nghiệp vụ năm 2023",
            "2023 professional training conference",
        ),
        (
            "Sáng 8/1, Chính phủ tổ chức Hội nghị trực tuyến toàn quốc với chính quyền địa phương để đánh giá kết quả \
             năm 2025 và triển khai nhiệm vụ năm 2026.",
            "Hội nghị trực tuyến toàn quốc",
            "national online conference",
        ),
        (
            "Hoạt động Năm du lịch quốc gia đồng bằng sông Hồng - Hải Phòng 2013 được tổ chức tốt, cao trào là Tuần \
             Văn hóa - Thể thao và Du lịch với 30 sự kiện.",
            "Tuần Văn hóa - Thể thao và Du lịch",
            "Culture, Sports and Tourism Week",
        ),
    ]);
}

/// Held-out set 24 (amp.laodong.vn) and the development set (baothanhhoa.vn): a short form stands for the body
/// named last before it, even when the same short form names another body further on or is a term of its own; and a
/// city named after a city's body leaves that body behind, as another province does.
#[test]
fn a_short_form_stands_for_the_body_named_last_before_it() {
    let matcher = shipped().matcher();
    let text =
        "Đáng chú ý, các đơn vị đã tổ chức thành công đại hội như, Liên đoàn Lao động thành phố Thuận An, đã bầu \
                ông Lê Văn Hiếu giữ chức Chủ tịch.\nTại thành phố Tân Uyên, một địa phương có nhiều cụm, khu công \
                nghiệp, Liên đoàn Lao động thành phố cũng đã tổ chức thành công đại hội.\nTừ trái qua, ông Lê Văn Hiếu \
                được bầu giữ chức vụ Chủ tịch LĐLĐ thành phố Thuận An.";
    let hits = hits_en(&matcher, text);
    assert!(hits.iter().any(|(t, _, en)| t == "Liên đoàn Lao động thành phố Thuận An" && en.starts_with("Thuan An")));
    assert!(hits.iter().any(|(t, _, en)| t == "Liên đoàn Lao động thành phố" && !en.contains("Thuan An")), "{hits:?}");
    assert_rendered(&[(
        "Đoàn đại biểu cấp cao tỉnh Thanh Hóa đã có buổi làm việc với Đại sứ quán Việt Nam tại Liên bang Nga.\nĐại sứ \
         Đặc mệnh toàn quyền Việt Nam tại Liên bang Nga Đặng Minh Khôi cùng cán bộ, nhân viên Đại sứ quán tiếp và \
         làm việc với đoàn.",
        "Đại sứ quán",
        "Vietnamese Embassy in Russia",
    )]);
}

/// Held-out sets 22 (hoichuthapdoquangbinh.gov.vn), 8 (danvan.gialai.org.vn), 7 (hoinongdan.quangtri.org.vn) and
/// the development set (baothanhhoa.vn): words that start with a short form are no short form ("Hội trại", a camp;
/// "Ban dân vận các tỉnh", the provinces' commissions), a union's groups name the organisation in general, and two
/// historical bodies.
#[test]
fn camps_commissions_in_general_and_a_unions_groups_are_no_body_named_before() {
    let matcher = shipped().matcher();
    let no_short_form = |text: &str, form: &str| {
        let hits = hits_en(&matcher, text);
        assert!(!hits.iter().any(|(t, kind, _)| t == form && *kind == Kind::Organization), "{form}: {hits:?}");
    };
    no_short_form(
        "Bà Huỳnh Thanh Thảo - Chủ tịch Hội Chữ thập đỏ TP.Cần Thơ báo cáo công tác chuẩn bị Hội trại với Đoàn công \
         tác Trung ương Hội và Ban Tổ chức hỗ trợ Hội trại.",
        "Hội",
    );
    no_short_form(
        "Dự Hội nghị có các cơ quan Trung ương và đại biểu 29 tỉnh, thành phố gồm đại diện lãnh đạo Ban Dân vận Tỉnh \
         ủy, Ban Dân tộc, phòng chuyên môn Ban dân vận các tỉnh, thành ủy.",
        "Ban",
    );
    no_short_form(
        "Ngày 23/1, Hội Nông dân (HND) tỉnh tổ chức Hội nghị tổng kết công tác hội và phong trào nông dân năm \
         2025.\nPhát triển 3.589 triệu đồng Quỹ Hội; thành lập 295 tổ Hội và 25 chi Hội Nông dân nghề nghiệp.",
        "Hội",
    );
    assert_rendered(&[
        (
            "Tỉnh ủy đề ra chủ trương xây dựng các tổ chức quần chúng: Công Hội đỏ, Nông Hội đỏ… Tổ chức Hội Nông dân \
             Quảng Trị chính thức được thành lập.",
            "Công Hội đỏ",
            "Red Workers' Union",
        ),
        (
            "Tỉnh ủy đề ra chủ trương xây dựng các tổ chức quần chúng: Công Hội đỏ, Nông Hội đỏ… Tổ chức Hội Nông dân \
             Quảng Trị chính thức được thành lập.",
            "Nông Hội đỏ",
            "Red Peasants' Association",
        ),
    ]);
}

/// Held-out sets 24 (vnua.edu.vn, mard.gov.vn) and 2 (kontumtv.vn): a body followed by its acronym in brackets is
/// one name with it, English acronyms kept in the English; brackets after a body that abbreviate something longer
/// (a trade agreement's name) are not the body's.
#[test]
fn a_body_takes_its_acronym_in_brackets() {
    assert_rendered(&[
        (
            "Ngày 25/6/2020, Tọa đàm do Học viện phối hợp với Quỹ Phát triển Nông nghiệp Quốc tế (IFAD), Văn phòng Điều \
             phối Nông thông mới Trung ương đã được tổ chức (NCO-NRD).",
            "Quỹ Phát triển Nông nghiệp Quốc tế (IFAD)",
            "International Fund for Agricultural Development (IFAD)",
        ),
        (
            "Ngày 15/10, tại Hà Nội, Bộ Nông nghiệp và Phát triển Nông thôn (NN&PTNT) tổ chức gặp mặt các Đại sứ, \
             Trưởng Cơ quan đại diện Việt Nam ở nước ngoài.",
            "Bộ Nông nghiệp và Phát triển Nông thôn (NN&PTNT)",
            "Ministry of Agriculture and Rural Development",
        ),
    ]);
    let matcher = shipped().matcher();
    let text = "Đặc biệt, sự kiện Quốc hội Việt Nam phê chuẩn Hiệp định Thương mại tự do Việt Nam-Liên minh châu Âu \
                (EVFTA) và Hiệp định Bảo hộ đầu tư Việt Nam-Liên minh châu Âu (EVIPA) đánh dấu thời khắc lịch sử.";
    let hits = hits_en(&matcher, text);
    assert!(hits.iter().all(|(t, _, _)| !t.contains("(EV")), "{hits:?}");
}

/// Held-out set 24 (cuuchienbinhtphcm.vn, danang24h.vn, mard.gov.vn, mku.edu.vn, phuocson.quangnam.gov.vn,
/// ttthlak.gov.vn, vhnt.org.vn, vnua.edu.vn): a ward Party Committee member, a new ambassador, heads of missions
/// abroad, a speaking contest, a district culture and broadcasting centre, women's congresses below the province, the
/// extended Northwest festival, an agricultural policy institute, a university's cooperation department, a Lao
/// province's high-level delegation (kkt.kontum.gov.vn) and wards written with a capital inside a sentence
/// (tinhdoan.soctrang.gov.vn).
#[test]
fn party_committee_members_new_ambassadors_district_womens_congresses_and_the_northwest_festival() {
    assert_rendered(&[
        (
            "Đảng ủy phường Tân Sơn Nhì; Đồng chí: Lê Anh Tuấn, Ủy viên Ban thường vụ – Chủ tịch UBMTTQVN \
             phường; các đồng chí là Đảng ủy viên Phó Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam phường đồng \
             thời",
            "Đảng ủy viên",
            "Member of the Party Committee",
        ),
        (
            "Bí thư Thành ủy Trương Quang Nghĩa hoan nghênh chuyến thăm của Tân Đại sứ Kim Do-hyon và khẳng \
             định TP Đà Nẵng luôn quan tâm tăng cường",
            "Tân Đại sứ",
            "new Ambassador",
        ),
        (
            "Ngày 15/10, tại Hà Nội, Bộ Nông nghiệp và Phát triển Nông thôn (NN&PTNT) tổ chức gặp mặt các Đại \
             sứ, Trưởng Cơ quan đại diện Việt Nam ở nước ngoài.",
            "Trưởng Cơ quan đại diện Việt Nam ở nước ngoài",
            "Head of Vietnamese Representative Agency Abroad",
        ),
        (
            "Tại các nơi đến, Tiến sĩ Nguyễn Thanh Dũng đã thông tin vào tháng 12/2023 vừa qua lưu học sinh \
             trường đạt giải nhì Cuộc thi hùng biện tiếng Việt cho người nước ngoài năm 2023 với chủ đề “Việt \
             Nam trong tôi”.",
            "Cuộc thi hùng biện tiếng Việt cho người nước ngoài năm 2023",
            "2023 Vietnamese speaking contest for foreigners",
        ),
        (
            "Phước Sơn năm 2023 đối với 3 đơn vị: Uỷ ban Mặt trận Tổ quốc Việt Nam huyện Phước Sơn; Văn phòng \
             Huyện uỷ Phước Sơn; Trung tâm Văn hoá và Truyền thanh – Truyền hình huyện Phước Sơn tại Quyết định \
             số 1101/QĐ-UBND ngày 08/5/2024 của Chủ tịch UBND",
            "Trung tâm Văn hoá và Truyền thanh – Truyền hình huyện Phước Sơn",
            "Phuoc Son District Culture, Radio and Television Centre",
        ),
        (
            "Sáng ngày 3/2, Hội LHPN huyện tổ chức hội nghị lần thứ 23 (mở rộng) nhằm triển khai công tác chuẩn \
             bị tổ chức Đại hội Phụ nữ cấp cơ sở và Đại hội đại biểu phụ nữ cấp huyện lần thứ XVI, nhiệm kỳ \
             2021 – 2026.",
            "Đại hội Phụ nữ cấp cơ sở",
            "grassroots-level Women's Congress",
        ),
        (
            "Sáng ngày 3/2, Hội LHPN huyện tổ chức hội nghị lần thứ 23 (mở rộng) nhằm triển khai công tác chuẩn \
             bị tổ chức Đại hội Phụ nữ cấp cơ sở và Đại hội đại biểu phụ nữ cấp huyện lần thứ XVI, nhiệm kỳ \
             2021 – 2026.",
            "Đại hội đại biểu phụ nữ cấp huyện lần thứ XVI, nhiệm kỳ 2021 – 2026",
            "16th District Women's Congress for the 2021-2026 term",
        ),
        (
            "Ngày 20 – 9, tại Hà Nội, Bộ VHTTDL đã phối hợp với tỉnh Lào Cai tổ chức họp báo giới thiệu các \
             hoạt động trong Ngày hội Văn hóa, Thể thao và Du lịch các dân tộc vùng Tây Bắc mở rộng lần thứ \
             XIII sẽ diễn ra tại tỉnh Lào Cai năm 2016.",
            "Ngày hội Văn hóa, Thể thao và Du lịch các dân tộc vùng Tây Bắc mở rộng lần thứ XIII",
            "13th Culture, Sports and Tourism Festival of Ethnic Groups in the Extended Northwest Region",
        ),
        (
            "Tọa đàm có sự tham gia của Ông Thomas Rath, Giám đốc Quốc gia IFAD, Ông Trần Văn Môn, Phó Cục \
             trưởng - Phó Chánh Văn phòng, NCO-NRD, Ông Trần Công Thắng, Viện trưởng, Viện Chính sách và Chiến \
             lược Phát triển Nông nghiệp Nông thôn (Bộ NN&PTNT).",
            "Viện Chính sách và Chiến lược Phát triển Nông nghiệp Nông thôn",
            "Institute of Policy and Strategy for Agriculture and Rural Development",
        ),
        (
            "Tham dự Tọa đàm còn có đại diện lãnh đạo Ban Hợp tác Quốc tế, đại diện lãnh đạo và hàng trăm sinh \
             viên đến từ các khoa Kinh tế và Phát triển nông thôn, Môi trường, Lý luận Chính trị và Xã hội, \
             Nông học.",
            "Ban Hợp tác Quốc tế",
            "International Cooperation Department",
        ),
        (
            "Nhằm gặp gỡ và kiểm tra thực tế song phương khu vực biên giới Lào - Việt Nam, ngày 04/10 Đoàn cấp \
             cao tỉnh Attapư do đồng chí Phon-sạ-mảy Miêng-la-văn, Phó Bí thư, Phó Tỉnh trưởng làm Trưởng đoàn và \
             tỉnh Kon Tum do đồng chí Nguyễn Đức Tuy, Ủy viên BTV Tỉnh ủy, Phó Chủ tịch Thường trực UBND tỉnh làm \
             Trưởng đoàn đã đi kiểm tra đường dọc biên giới Lào - Việt Nam từ mốc 790 đến mốc 761.",
            "Đoàn cấp cao tỉnh Attapư",
            "Attapeu high-level delegation",
        ),
        (
            "các đồng chí là Đảng ủy viên Phó Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam phường đồng thời Chủ tịch Hội \
             Cựu chiến binh 10 phường của Cụm thi đua số 5 gồm: phường Tân Sơn Nhì; Phường Tây Thạnh, phường Tân \
             Phú, phường Phú Thọ Hòa, Phường Phú Thạnh; phường An Lạc, phường Bình Hưng Hòa.",
            "Phường Tây Thạnh",
            "Tay Thanh ward",
        ),
        (
            "Đoàn công tác thăm, chúc Tết Đại đức Đinh Hoàng Sự - Trụ trì chùa Peam Buôl Thmây, Phường 4, thành phố \
             Sóc Trăng",
            "Phường 4",
            "Ward 4",
        ),
    ]);
}
