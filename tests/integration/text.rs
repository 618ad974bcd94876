//! Vietnamese text: the sentence traps of real news copy, stable segment ids, the seed article, the matching key.
//!
//! tests/fixtures/text/seed-article.vi.txt is a copy of the shared seed fixture (a scraped thoidai.com.vn article,
//! /work/shared/fixtures/seed-article.vi.txt in the project workspace).

use dich::article::{Article, Block, BlockKind};
use dich::text::key::{match_key, to_tone_style, MatchKey, ToneStyle};
use dich::text::{normalize, segment_article, segment_id, segment_plain, split_sentences, Segment};

fn sentences(text: &str) -> Vec<&str> {
    split_sentences(text).into_iter().map(|r| &text[r]).collect()
}

// ---- Section 2 of the domain notes: every trap, exact sentences. ----

#[test]
fn academic_titles_do_not_break() {
    let text = "PGS.TS. Nguyễn Văn An phát biểu. GS.TSKH. Trần Bình, ThS. Lê Chi, TS. Phạm Dũng, GS. Hoàng Hà, \
                BS. Vũ Hải và KS. Đỗ Hùng cùng dự. ThS.BS. Lê Minh trình bày tham luận.";
    assert_eq!(
        sentences(text),
        [
            "PGS.TS. Nguyễn Văn An phát biểu.",
            "GS.TSKH. Trần Bình, ThS. Lê Chi, TS. Phạm Dũng, GS. Hoàng Hà, BS. Vũ Hải và KS. Đỗ Hùng cùng dự.",
            "ThS.BS. Lê Minh trình bày tham luận.",
        ]
    );
}

#[test]
fn place_abbreviations_do_not_break() {
    let text = "Đoàn đến TP. Hồ Chí Minh, Tp. Cần Thơ, TX. Sơn Tây, TT. Đông Anh và H. Củ Chi. \
                Hội nghị diễn ra tại X. Tân Thông Hội, P. Bến Nghé, Q. Hoàn Kiếm. \
                Ban Chấp hành T.Ư và Văn phòng T.W chỉ đạo.";
    assert_eq!(
        sentences(text),
        [
            "Đoàn đến TP. Hồ Chí Minh, Tp. Cần Thơ, TX. Sơn Tây, TT. Đông Anh và H. Củ Chi.",
            "Hội nghị diễn ra tại X. Tân Thông Hội, P. Bến Nghé, Q. Hoàn Kiếm.",
            "Ban Chấp hành T.Ư và Văn phòng T.W chỉ đạo.",
        ]
    );
    let text = "Hội thảo tổ chức tại Trường Đại học Y Dược (TP. Hồ Chí Minh). Các chuyên gia tham dự.";
    assert_eq!(
        sentences(text),
        ["Hội thảo tổ chức tại Trường Đại học Y Dược (TP. Hồ Chí Minh).", "Các chuyên gia tham dự."]
    );
}

#[test]
fn v_v_before_a_lowercase_word_does_not_break() {
    let text = "Các lĩnh vực y tế, giáo dục, v.v. đều được quan tâm. Nhiều dự án, v.v. Sau đó đoàn về.";
    assert_eq!(
        sentences(text),
        ["Các lĩnh vực y tế, giáo dục, v.v. đều được quan tâm.", "Nhiều dự án, v.v.", "Sau đó đoàn về."]
    );
}

#[test]
fn dates_do_not_break() {
    let text = "Ngày 12/8/2022, Chỉ thị ngày 5/1/2022 được quán triệt. Từ 18-20/7/2023, hội nghị diễn ra; \
                lần trước là ngày 19-9-2019. Sáng 21-1, đoàn đến tỉnh.";
    assert_eq!(
        sentences(text),
        [
            "Ngày 12/8/2022, Chỉ thị ngày 5/1/2022 được quán triệt.",
            "Từ 18-20/7/2023, hội nghị diễn ra; lần trước là ngày 19-9-2019.",
            "Sáng 21-1, đoàn đến tỉnh.",
        ]
    );
}

#[test]
fn numbers_do_not_break() {
    let text = "Tỉnh hỗ trợ 1.000.000 đồng mỗi hộ, tỷ lệ đạt 97,5%. Tổng vốn là 2,5 tỷ đồng.";
    assert_eq!(sentences(text), ["Tỉnh hỗ trợ 1.000.000 đồng mỗi hộ, tỷ lệ đạt 97,5%.", "Tổng vốn là 2,5 tỷ đồng."]);
}

#[test]
fn document_references_do_not_break() {
    let text = "Chỉ thị số 12-CT/TW, Nghị quyết 36-NQ/TW và Kết luận 12-KL/TW được triển khai. \
                Quyết định 1309/QĐ-TTg thay thế văn bản No.04-CT/TW cũ.";
    assert_eq!(
        sentences(text),
        [
            "Chỉ thị số 12-CT/TW, Nghị quyết 36-NQ/TW và Kết luận 12-KL/TW được triển khai.",
            "Quyết định 1309/QĐ-TTg thay thế văn bản No.04-CT/TW cũ.",
        ]
    );
}

#[test]
fn closing_quote_stays_with_its_sentence() {
    let text = "Ông nói: “Chúng tôi sẵn sàng hợp tác.” Sau đó hai bên ký kết. Bà hỏi: \"Khi nào?\" Ông đáp ngay.";
    assert_eq!(
        sentences(text),
        ["Ông nói: “Chúng tôi sẵn sàng hợp tác.”", "Sau đó hai bên ký kết.", "Bà hỏi: \"Khi nào?\"", "Ông đáp ngay.",]
    );
    let text = "Đoàn làm việc tại tỉnh (Ảnh: TT Dân.) Sau đó đoàn về.";
    assert_eq!(sentences(text), ["Đoàn làm việc tại tỉnh (Ảnh: TT Dân.)", "Sau đó đoàn về."]);
}

#[test]
fn end_of_story_marker_is_part_of_the_last_sentence() {
    let text = "Hai bên nhất trí tăng cường hợp tác. Đoàn kết thúc chuyến thăm./.";
    assert_eq!(sentences(text), ["Hai bên nhất trí tăng cường hợp tác.", "Đoàn kết thúc chuyến thăm./."]);
    let text = "Đoàn kết thúc chuyến thăm. /.\n";
    assert_eq!(sentences(text), ["Đoàn kết thúc chuyến thăm. /."]);
    let text = "Đoàn kết thúc chuyến thăm./. Tin liên quan tiếp theo.";
    assert_eq!(sentences(text), ["Đoàn kết thúc chuyến thăm./.", "Tin liên quan tiếp theo."]);
    let text = "Đoàn kết thúc chuyến thăm./.\nảnh: Xuân Nguyên";
    assert_eq!(sentences(text), ["Đoàn kết thúc chuyến thăm./.", "ảnh: Xuân Nguyên"]);
}

#[test]
fn glued_sentences_split_where_the_next_starts() {
    let text = "Việt Nam là thành viên tích cực của cộng đồng quốc tế.Năm 2024, quan hệ tiếp tục phát triển.";
    assert_eq!(
        sentences(text),
        ["Việt Nam là thành viên tích cực của cộng đồng quốc tế.", "Năm 2024, quan hệ tiếp tục phát triển."]
    );
    let text = "Nhân dân hai nước luôn đoàn kết...Sau đó đoàn đến thăm.";
    assert_eq!(sentences(text), ["Nhân dân hai nước luôn đoàn kết...", "Sau đó đoàn đến thăm."]);
    // Glued dots inside codes, abbreviations and addresses are not sentence ends.
    let text = "Đoàn đến Tp.HCM và Tp.Hồ Chí Minh, xem thoidai.com.vn và 1.500 tài liệu.";
    assert_eq!(sentences(text), [text]);
}

#[test]
fn glued_ellipsis_splits_before_a_capital_whatever_comes_before() {
    // tapchicongsan.org.vn (on Bình Định province): a footnote mark before the "...", the space after it lost as
    // scrapers lose it.
    let first = "Bình Định là tỉnh ven biển thuộc vùng duyên hải Trung Bộ, có diện tích tự nhiên là 6.071km2, với \
                 chiều dài đường bờ biển là 134km, diện tích vùng lãnh hải là 36.000km2, dân số khoảng 1,5 triệu \
                 người; có vị trí quan trọng trong giao lưu khu vực và quốc tế(1), là mảnh đất có truyền thống văn \
                 hóa - lịch sử lâu đời(2)...";
    let second = "Nhằm phát huy tiềm năng, lợi thế của địa phương, tỉnh Bình Định đã triển khai đồng bộ nhiều giải \
                  pháp để thúc đẩy kinh tế - xã hội phát triển và đạt được nhiều kết quả quan trọng.";
    let text = format!("{first}{second}");
    assert_eq!(sentences(&text), [first, second]);
    // A sentence starting with an acronym: two real sentences (baoninhthuan.com.vn, truyenhinhdaknong.vn) glued.
    let first = "Các mặt hàng xuất khẩu chủ yếu: thủy sản, nhân điều, khăn lông, thạch nha đam...";
    let second = "UBND tỉnh cũng yêu cầu bảo đảm an ninh trật tự, an toàn giao thông, phòng chống cháy nổ.";
    let text = format!("{first}{second}");
    assert_eq!(sentences(&text), [first, second]);
    // Not before a lowercase word, and not at the start of a sentence.
    let text = "Các tỉnh, thành phố…cùng tham gia. …Đoàn kết là sức mạnh.";
    assert_eq!(sentences(text), ["Các tỉnh, thành phố…cùng tham gia.", "…Đoàn kết là sức mạnh."]);
}

#[test]
fn a_number_after_a_full_stop_starts_a_sentence() {
    // baoninhthuan.com.vn (Tin tổng hợp, 9 months of 2023).
    let text = "Hoạt động xuất khẩu gặp nhiều khó khăn do cạnh tranh quốc tế, đơn hàng giảm. 9 tháng đầu năm 2023, \
                tổng kim ngạch xuất, nhập khẩu hàng hóa đạt 131,6 triệu USD, giảm 15,6%; trong đó xuất khẩu đạt 81,5 \
                triệu USD, giảm 17,3%; nhập khẩu đạt 50,1 triệu USD, giảm 12,5%.";
    assert_eq!(
        sentences(text),
        [
            "Hoạt động xuất khẩu gặp nhiều khó khăn do cạnh tranh quốc tế, đơn hàng giảm.",
            "9 tháng đầu năm 2023, tổng kim ngạch xuất, nhập khẩu hàng hóa đạt 131,6 triệu USD, giảm 15,6%; trong \
             đó xuất khẩu đạt 81,5 triệu USD, giảm 17,3%; nhập khẩu đạt 50,1 triệu USD, giảm 12,5%.",
        ]
    );
    // Still one sentence: after a number, an abbreviation, a single letter ("v.v.", "t."), "số" or "tr." (page)
    // written before a number, and inside dates, numbers and codes.
    for text in [
        "Hội nghị diễn ra ngày 5. 6 người được khen thưởng.",
        "Đoàn đến TP. 2 ngày sau về Hà Nội.",
        "Các lĩnh vực y tế, giáo dục, v.v. 3 lĩnh vực được ưu tiên.",
        "Theo Nghị định số. 15/2020/NĐ-CP, mức phạt tăng.",
        "Văn kiện Đại hội đại biểu toàn quốc lần thứ XIII, tr. 104 nêu rõ.",
        "Ngày 12/8/2022, tỉnh hỗ trợ 1.000.000 đồng theo Quyết định 1309/QĐ-TTg.",
    ] {
        assert_eq!(sentences(text), [text]);
    }
}

#[test]
fn times_do_not_break() {
    let text = "Hội nghị bắt đầu lúc 14h30 ngày 12/8. Đến 16h, đoàn rời tỉnh.";
    assert_eq!(sentences(text), ["Hội nghị bắt đầu lúc 14h30 ngày 12/8.", "Đến 16h, đoàn rời tỉnh."]);
}

#[test]
fn mid_sentence_ellipsis_does_not_break() {
    let text = "Các lĩnh vực y tế, công nghệ cao..., hướng dẫn việc thành lập. Các tỉnh... cùng tham gia.";
    assert_eq!(
        sentences(text),
        ["Các lĩnh vực y tế, công nghệ cao..., hướng dẫn việc thành lập.", "Các tỉnh... cùng tham gia."]
    );
    let text = "Đoàn chờ… Rồi hội nghị bắt đầu.";
    assert_eq!(sentences(text), ["Đoàn chờ…", "Rồi hội nghị bắt đầu."]);
}

#[test]
fn question_and_exclamation_marks_break() {
    let text = "Làm thế nào để nâng cao hiệu quả? Đây là câu hỏi lớn! Các tỉnh cần hành động.";
    assert_eq!(
        sentences(text),
        ["Làm thế nào để nâng cao hiệu quả?", "Đây là câu hỏi lớn!", "Các tỉnh cần hành động."]
    );
}

#[test]
fn ranges_are_trimmed_byte_ranges_and_never_empty() {
    let text = "  Câu một.\n\n  Câu hai.   ";
    let ranges = split_sentences(text);
    assert_eq!(ranges, [2..13, 17..26]);
    assert_eq!(&text[2..13], "Câu một.");
    assert!(split_sentences(" \n ").is_empty());
}

// ---- Segments and ids. ----

fn seed_lines() -> Vec<String> {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/text/seed-article.vi.txt"),
    )
    .expect("seed fixture");
    text.lines().map(str::to_string).collect()
}

fn paragraph(text: &str) -> Block {
    Block { kind: BlockKind::Paragraph, text: text.to_string(), credit: None }
}

/// The seed article as ingest would give it, built by hand from the fixture's lines (1-based line numbers).
fn seed_article() -> Article {
    let lines = seed_lines();
    let line = |n: usize| lines[n - 1].clone();
    let caption = |n: usize, credit: &str| Block {
        kind: BlockKind::Caption,
        text: line(n).replace(&format!(" (Ảnh: {credit})."), ""),
        credit: Some(credit.to_string()),
    };
    Article {
        id: "seed-article".to_string(),
        headline: line(1),
        timestamp: Some(line(3)),
        published: Some("2022-08-12T21:32:00".to_string()),
        lead: Some(line(5)),
        body: vec![
            paragraph(&line(9)),
            paragraph(&line(11)),
            caption(14, "TT Dân"),
            paragraph(&line(16)),
            paragraph(&line(18)),
            paragraph(&line(20)),
            caption(23, "Xuân Nguyên"),
            paragraph(&line(25)),
            paragraph(&line(27)),
        ],
        byline: Some(line(32)),
        source_url: None,
    }
}

fn texts(segments: &[Segment]) -> Vec<(usize, usize, &str)> {
    segments.iter().map(|s| (s.block, s.index, s.text.as_str())).collect()
}

#[test]
fn seed_article_segments_right() {
    let article = seed_article();
    let segments = segment_article(&article);
    let kinds: Vec<(usize, BlockKind)> = segments.iter().map(|s| (s.block, s.kind)).collect();
    // Headline, lead, 9 body blocks; the 3 two-sentence paragraphs give 2 segments each.
    assert_eq!(segments.len(), 11 + 3);
    assert_eq!(kinds[0], (0, BlockKind::Headline));
    assert_eq!(kinds[1], (1, BlockKind::Lead));
    assert_eq!(segments[0].text, article.headline);
    // One-sentence blocks, with their traps: "11-12/8/2022", "12-CT/TW ngày 5/1/2022", "công nghệ cao...,".
    for block in [1, 2, 3, 4, 7, 8, 9] {
        let blocks = article.blocks();
        let in_block: Vec<_> = segments.iter().filter(|s| s.block == block).collect();
        assert_eq!(in_block.len(), 1, "block {block}");
        assert_eq!(in_block[0].text, blocks[block].text.trim());
    }
    let lines = seed_lines();
    let two = |n: usize, split_after: &str| {
        let line = &lines[n - 1];
        let at = line.find(split_after).unwrap() + split_after.len();
        (line[..at].to_string(), line[at..].trim().to_string())
    };
    for (block, (first, second)) in
        [(5, two(16, "trong toàn tỉnh.")), (6, two(18, "trên địa bàn tỉnh.")), (10, two(27, "ĐNND ở địa phương."))]
    {
        let in_block: Vec<_> = texts(&segments).into_iter().filter(|t| t.0 == block).collect();
        assert_eq!(in_block, [(block, 0, first.as_str()), (block, 1, second.as_str())]);
    }
    // Captions are one segment each, credit kept apart.
    assert_eq!(segments.iter().filter(|s| s.kind == BlockKind::Caption).count(), 2);
    assert_eq!(
        segments.iter().find(|s| s.block == 4).unwrap().text,
        "Chủ tịch Liên hiệp Hữu nghị Nguyễn Phương Nga phát biểu tại cuộc làm việc với Tỉnh ủy Bình Thuận"
    );
}

#[test]
fn headline_caption_and_subhead_are_one_segment_even_with_periods() {
    let article = Article {
        id: "a".into(),
        headline: "TP. Hồ Chí Minh: Tăng trưởng 7,5%. Xuất khẩu tăng".into(),
        timestamp: None,
        published: None,
        lead: Some("Câu dẫn một. Câu dẫn hai.".into()),
        body: vec![
            Block { kind: BlockKind::Caption, text: "Đoàn làm việc. Ảnh minh họa.".into(), credit: None },
            Block { kind: BlockKind::Subhead, text: "Phần 1. Tổng quan".into(), credit: None },
            paragraph(""),
        ],
        byline: None,
        source_url: None,
    };
    let segments = segment_article(&article);
    assert_eq!(
        texts(&segments),
        [
            (0, 0, "TP. Hồ Chí Minh: Tăng trưởng 7,5%. Xuất khẩu tăng"),
            (1, 0, "Câu dẫn một."),
            (1, 1, "Câu dẫn hai."),
            (2, 0, "Đoàn làm việc. Ảnh minh họa."),
            (3, 0, "Phần 1. Tổng quan"),
        ]
    );
}

#[test]
fn ids_are_stable_across_runs() {
    let article = seed_article();
    let first = segment_article(&article);
    let second = segment_article(&seed_article());
    assert_eq!(first, second);
    let ids: std::collections::HashSet<_> = first.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids.len(), first.len(), "ids are unique");
    for s in &first {
        assert_eq!(s.id.len(), 13);
        assert!(s.id.starts_with('s') && s.id[1..].chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(s.id, segment_id(&article.id, s.kind, &s.text, 0));
    }
    // Pinned value: the id function must not change between versions or machines (stored ids depend on it).
    let sentence =
        "Chủ tịch Liên hiệp Hữu nghị Nguyễn Phương Nga chúc mừng lãnh đạo và nhân dân hai tỉnh Bình Thuận và \
                    Ninh Thuận về những thành tựu trong phát triển kinh tế - xã hội và đánh giá cao những kết quả đạt \
                    được trong công tác ĐNND ở địa phương.";
    assert_eq!(segment_id("seed-article", BlockKind::Paragraph, sentence, 0), "sab9e4bee7b68");
}

#[test]
fn inserting_a_paragraph_keeps_the_other_ids() {
    let article = seed_article();
    let before = segment_article(&article);
    let mut edited = article.clone();
    edited.body.insert(1, paragraph("Đoạn mới được chèn vào. Có hai câu."));
    let after = segment_article(&edited);
    assert_eq!(after.len(), before.len() + 2);
    let ids_after: Vec<_> = after.iter().map(|s| (s.id.as_str(), s.text.as_str())).collect();
    for s in &before {
        assert!(ids_after.contains(&(s.id.as_str(), s.text.as_str())), "{} lost its id", s.text);
    }
}

#[test]
fn repeated_texts_get_distinct_ids() {
    let article = Article {
        id: "rep".into(),
        headline: "Tin".into(),
        timestamp: None,
        published: None,
        lead: None,
        body: vec![paragraph("Xin chào. Xin chào."), paragraph("Xin chào.")],
        byline: None,
        source_url: None,
    };
    let segments = segment_article(&article);
    let ids: Vec<_> = segments.iter().skip(1).map(|s| s.id.clone()).collect();
    assert_eq!(ids, (0..3).map(|n| segment_id("rep", BlockKind::Paragraph, "Xin chào.", n)).collect::<Vec<_>>());
}

#[test]
fn plain_text_segments() {
    let segments = segment_plain("PGS.TS. Nguyễn Văn An phát biểu.\nÔng nói thêm.\n\nĐoạn hai./.\n");
    assert_eq!(
        texts(&segments),
        [(0, 0, "PGS.TS. Nguyễn Văn An phát biểu."), (0, 1, "Ông nói thêm."), (1, 0, "Đoạn hai./.")]
    );
    assert!(segments.iter().all(|s| s.kind == BlockKind::Paragraph));
    assert_eq!(segments[0].id, segment_id("plain", BlockKind::Paragraph, "PGS.TS. Nguyễn Văn An phát biểu.", 0));
}

#[test]
fn seed_long_paragraph_snapshot() {
    let lines = seed_lines();
    let article = Article {
        id: "seed-article".into(),
        headline: lines[0].clone(),
        timestamp: None,
        published: None,
        lead: None,
        body: vec![paragraph(&lines[26]), paragraph(&lines[24])],
        byline: None,
        source_url: None,
    };
    let segments: Vec<Segment> = segment_article(&article).into_iter().filter(|s| s.block > 0).collect();
    insta::assert_yaml_snapshot!(segments);
}

// ---- Normalization and the matching key, seen from outside. ----

#[test]
fn normalize_cleans_scraped_text() {
    assert_eq!(normalize("Ðoàn\u{a0}công tác\u{200b} Tỉnh uy\u{309}"), "Đoàn công tác Tỉnh uỷ");
}

#[test]
fn seed_key_finds_both_tone_styles_and_maps_back() {
    let lines = seed_lines();
    let sentence = &lines[8]; // "… Uỷ viên Trung ương Đảng, Bí thư Tỉnh ủy …"
    let key = MatchKey::new(sentence);
    for (term, original) in
        [("Ủy viên Trung ương Đảng", "Uỷ viên Trung ương Đảng"), ("Bí thư Tỉnh uỷ", "Bí thư Tỉnh ủy")]
    {
        let term_key = match_key(term);
        let at = key.as_str().find(&term_key).expect(term);
        assert_eq!(&sentence[key.to_original(at..at + term_key.len())], original);
    }
    // "kinh tế - xã hội" is found whatever the hyphen spacing.
    let key = MatchKey::new(&lines[10]);
    let term_key = match_key("kinh tế-xã hội");
    let at = key.as_str().find(&term_key).unwrap();
    assert_eq!(&lines[10][key.to_original(at..at + term_key.len())], "kinh tế - xã hội");
}

#[test]
fn house_tone_style() {
    let lines = seed_lines();
    assert!(to_tone_style(&lines[6], ToneStyle::Old).ends_with("của Tỉnh Khánh Hòa"));
    assert_eq!(to_tone_style("Uỷ viên, Tỉnh ủy", ToneStyle::Old), "Ủy viên, Tỉnh ủy");
    assert_eq!(to_tone_style("Uỷ viên, Tỉnh ủy", ToneStyle::New), "Uỷ viên, Tỉnh uỷ");
}
