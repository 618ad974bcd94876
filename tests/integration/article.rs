//! Ingest: article files of every format and encoding → `Article`, and every kind of bad input.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use dich::article::{
    parse_article, read_article, Article, BlockKind, BoilerplateRules, Format, IngestErrorKind, IngestOptions,
    InputEncoding,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/article").join(name)
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/articles").join(name)
}

fn read(path: &Path) -> Article {
    read_article(path, &IngestOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn texts(article: &Article, kind: BlockKind) -> Vec<String> {
    article.body.iter().filter(|b| b.kind == kind).map(|b| b.text.clone()).collect()
}

/// Every text of the article in one string, to check what must not be there.
fn all_text(article: &Article) -> String {
    let mut all: Vec<String> = article.blocks().into_iter().map(|b| b.text).collect();
    all.extend(article.byline.clone());
    all.join("\n")
}

#[test]
fn seed_article_structure() {
    let article = read(&fixture("seed-article.vi.txt"));
    assert_eq!(article.id, "seed-article");
    assert_eq!(
        article.headline,
        "Phát huy tiềm năng, lợi thế của địa phương để tăng cường và nâng cao chất lượng hoạt động đối ngoại nhân dân"
    );
    assert_eq!(article.timestamp.as_deref(), Some("21:32 | 12/08/2022"));
    assert_eq!(article.published.as_deref(), Some("2022-08-12T21:32:00"));
    assert!(article.lead.as_deref().unwrap().starts_with("Trong hai ngày 11-12/8/2022, đoàn công tác"));
    assert!(article.lead.as_deref().unwrap().ends_with("công tác đối ngoại nhân dân tại địa phương."));

    let captions: Vec<_> = article.body.iter().filter(|b| b.kind == BlockKind::Caption).collect();
    assert_eq!(captions.len(), 2);
    assert_eq!(
        captions[0].text,
        "Chủ tịch Liên hiệp Hữu nghị Nguyễn Phương Nga phát biểu tại cuộc làm việc với Tỉnh ủy Bình Thuận"
    );
    assert_eq!(captions[0].credit.as_deref(), Some("TT Dân"));
    assert_eq!(
        captions[1].text,
        "Đoàn công tác của Liên hiệp các tổ chức hữu nghị Việt Nam thảo luận với đoàn Lãnh đạo tỉnh Ninh Thuận"
    );
    assert_eq!(captions[1].credit.as_deref(), Some("Xuân Nguyên"));

    assert_eq!(article.byline.as_deref(), Some("Thành Luân"));
    assert_eq!(
        article.source_url.as_deref(),
        Some("https://thoidai.com.vn/phat-huy-tiem-nang-loi-the-cua-dia-phuong-de-tang-cuong-va-nang-cao-chat-luong-hoat-dong-doi-ngoai-nhan-dan-173745.html")
    );
    assert_eq!(texts(&article, BlockKind::Paragraph).len(), 7);
    assert!(texts(&article, BlockKind::Subhead).is_empty());

    let all = all_text(&article);
    for gone in [
        "In bài viết",
        "Đường dẫn bài viết",
        "Tiếp tục nâng cao vai trò",
        "Tăng cường phối hợp nâng cao hiệu quả",
        "Bàn giải pháp về mô hình",
        "Tăng cường hoạt động đối ngoại nhân dân đến cơ sở",
        "(Ảnh:",
        "21:32",
    ] {
        assert!(!all.contains(gone), "{gone:?} should have been dropped");
    }
    insta::assert_yaml_snapshot!("seed_article", article);
}

/// Scrapers save a page with its address alone on the first line: that is where the article comes from, and the
/// headline is the line after it.
#[test]
fn url_on_the_first_line_is_the_source_url() {
    let article = read(&fixture("url-first-line.txt"));
    assert_eq!(
        article.source_url.as_deref(),
        Some("https://baobaclieu.vn/tin-tuc/toan-tinh-co-21-xa-dat-19-19-tieu-chi-nong-thon-moi-59667.html")
    );
    assert_eq!(article.headline, "Toàn tỉnh có 21 xã đạt 19/19 tiêu chí nông thôn mới");
    assert!(article.lead.as_deref().unwrap().contains("Từ khi thực hiện Chương trình mục tiêu quốc gia"));
    assert_eq!(texts(&article, BlockKind::Paragraph).len(), 2);
    assert!(!all_text(&article).contains("baobaclieu.vn"));
}

/// A real page's time line with the weekday, commas and the zone in square brackets, and a related-article line
/// marked ">>": neither is the lead or any other text.
#[test]
fn timestamp_with_extra_words_and_related_line_are_not_text() {
    let article = read(&fixture("timestamp-bracket-gmt.txt"));
    assert!(article.headline.starts_with("Tập trung sự lãnh đạo của cấp ủy"), "{}", article.headline);
    assert_eq!(article.timestamp.as_deref(), Some("Thứ Tư, 08/04/2015, 08:11 [GMT+7]"));
    assert_eq!(article.published.as_deref(), Some("2015-04-08T08:11:00+07:00"));
    assert!(article.lead.as_deref().unwrap().starts_with("Phát biểu kết luận của đồng chí Hoàng Đăng Quang"));
    let all = all_text(&article);
    for gone in ["08:11", "GMT", ">>", "Hội nghị đánh giá kết quả chỉ đạo"] {
        assert!(!all.contains(gone), "{gone:?} should have been dropped: {all}");
    }
}

/// A photo gallery scraped from a one-column table: each caption is a cell ending in "|". Captions, not paragraphs,
/// and no "|" left anywhere.
#[test]
fn table_cells_of_a_gallery_are_captions() {
    let article = read(&fixture("table-caption-cells.txt"));
    assert_eq!(article.headline, "Chủ tịch nước Trần Đại Quang dự Lễ kỷ niệm 130 năm Ngày sinh Chủ tịch Tôn Đức Thắng");
    assert!(article.lead.as_deref().unwrap().starts_with("Sáng 20/8/2018, tại xã Mỹ Hoà Hưng"));
    let captions = texts(&article, BlockKind::Caption);
    assert_eq!(captions.len(), 5, "{:#?}", article.body);
    assert_eq!(
        captions[2],
        "Chủ tịch nước Trần Đại Quang đọc diễn văn kỷ niệm 130 năm Ngày sinh Chủ tịch Tôn Đức Thắng."
    );
    assert_eq!(
        texts(&article, BlockKind::Paragraph),
        vec!["Sau đây là những hình ảnh phóng viên TTXVN ghi nhận được từ Lễ kỷ niệm:"]
    );
    assert_eq!(article.byline.as_deref(), Some("Theo Nhan Sáng (TTXVN)"));
    let all = all_text(&article);
    for gone in ["|", "Thông tin bạn đọc", "Lưu thông tin"] {
        assert!(!all.contains(gone), "{gone:?} should have been dropped: {all}");
    }
}

/// A photo credit on its own line after a paragraph of several sentences belongs to a photo without a caption:
/// the paragraph above stays a paragraph (here the lead), and the credit is not text.
#[test]
fn a_credit_below_a_paragraph_does_not_make_it_a_caption() {
    let article = read(&fixture("credit-without-caption.txt"));
    assert!(article.lead.as_deref().unwrap().starts_with("Đầu tư công là một trong những yếu tố quan trọng"));
    assert!(texts(&article, BlockKind::Caption).is_empty(), "{:#?}", article.body);
    assert_eq!(texts(&article, BlockKind::Subhead), vec!["Một số vấn đề cơ bản về đầu tư công"]);
    assert!(!all_text(&article).contains("moit.gov.vn"));
}

#[test]
fn example_plain_text_article() {
    let article = read(&example("lam-dong-doi-ngoai.vi.txt"));
    assert_eq!(article.id, "lam-dong-doi-ngoai");
    assert_eq!(article.headline, "Lâm Đồng triển khai Chỉ thị số 12-CT/TW về công tác đối ngoại nhân dân");
    assert_eq!(article.published.as_deref(), Some("2022-03-18T09:15:00"));
    // The "(LĐO)-" source prefix is not part of the lead.
    assert!(article.lead.as_deref().unwrap().starts_with("Ngày 17/3/2022, Ban Thường vụ Tỉnh ủy Lâm Đồng"));
    let caption = article.body.iter().find(|b| b.kind == BlockKind::Caption).unwrap();
    assert_eq!(caption.text, "Ông Trần Đức Quận phát biểu chỉ đạo tại hội nghị");
    assert_eq!(caption.credit.as_deref(), Some("Minh Đạo"));
    assert_eq!(texts(&article, BlockKind::Paragraph).len(), 5);
    assert_eq!(article.byline.as_deref(), Some("Hoàng Yến"));
    assert!(article.source_url.as_deref().unwrap().ends_with("-112233.html"));
    let all = all_text(&article);
    for gone in ["Trang chủ", "Xem cỡ chữ", "A A", "Đà Lạt đón đoàn", "Bảo Lộc phát triển du lịch", "In bài viết"]
    {
        assert!(!all.contains(gone), "{gone:?} should have been dropped");
    }
}

#[test]
fn example_html_article() {
    let article = read(&example("khanh-hoa-huu-nghi.html"));
    assert_eq!(article.id, "khanh-hoa-huu-nghi");
    assert_eq!(article.headline, "Khánh Hòa tăng cường hợp tác hữu nghị với các địa phương Nga");
    assert_eq!(article.timestamp.as_deref(), Some("14:20 | 22/09/2023"));
    // The visible time, made precise by the page's <meta> zone.
    assert_eq!(article.published.as_deref(), Some("2023-09-22T14:20:00+07:00"));
    assert!(article.lead.as_deref().unwrap().starts_with("Sáng 21/9/2023, Thường trực HĐND tỉnh Khánh Hòa"));
    assert_eq!(texts(&article, BlockKind::Paragraph).len(), 4);
    assert_eq!(texts(&article, BlockKind::Subhead), vec!["Mở rộng giao lưu nhân dân"]);
    let caption = article.body.iter().find(|b| b.kind == BlockKind::Caption).unwrap();
    assert_eq!(caption.text, "Bà Nguyễn Thị Hồng Hải tặng quà lưu niệm cho đoàn");
    assert_eq!(caption.credit.as_deref(), Some("Văn Kỳ"));
    assert_eq!(article.byline.as_deref(), Some("Hải Ly"));
    assert!(article.source_url.as_deref().unwrap().starts_with("https://baokhanhhoa.example/"));
    let all = all_text(&article);
    for gone in [
        "dataLayer",
        "Quảng cáo",
        "Trang chủ",
        "Kinh tế",
        "In bài viết",
        "Tin đọc nhiều",
        "Giấy phép",
        "Tìm",
        "Khánh Hòa đón đoàn khách du lịch Nga",
        "font-family",
        "Không phải nội dung bài",
    ] {
        assert!(!all.contains(gone), "{gone:?} should have been dropped");
    }
}

#[test]
fn markdown_article() {
    let article = read(&fixture("markdown-gia-lai.md"));
    assert_eq!(article.headline, "Gia Lai đẩy mạnh hợp tác hữu nghị với tỉnh Ratanakiri");
    assert_eq!(article.published.as_deref(), Some("2021-11-16T15:19:00+07:00"));
    assert!(article.lead.as_deref().unwrap().starts_with("Sáng 15/11/2021, UBND tỉnh Gia Lai"));
    let kinds: Vec<BlockKind> = article.body.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        vec![BlockKind::Paragraph, BlockKind::Caption, BlockKind::Subhead, BlockKind::Paragraph, BlockKind::Paragraph]
    );
    assert_eq!(article.body[1].text, "Quang cảnh hội đàm trực tuyến tại điểm cầu Gia Lai");
    assert_eq!(article.body[1].credit.as_deref(), Some("Đức Thụy"));
    assert_eq!(article.body[2].text, "Hỗ trợ 1.500 tấn gạo");
    assert_eq!(article.byline.as_deref(), Some("Đức Thụy"));
}

#[test]
fn ninjs_2_1_item_uses_the_html_body() {
    let article = read(&fixture("ninjs-2.1.json"));
    assert_eq!(article.id, "ninjs-2-1");
    assert_eq!(article.headline, "Ninh Thuận nâng cao hiệu quả công tác đối ngoại nhân dân");
    assert_eq!(article.published.as_deref(), Some("2022-08-12T21:32:00+07:00"));
    assert_eq!(
        article.lead.as_deref(),
        Some("Ngày 11/8/2022, Ban Thường vụ Tỉnh ủy Ninh Thuận làm việc với Liên hiệp các tổ chức hữu nghị Việt Nam.")
    );
    let kinds: Vec<BlockKind> = article.body.iter().map(|b| b.kind).collect();
    assert_eq!(kinds, vec![BlockKind::Paragraph, BlockKind::Caption, BlockKind::Subhead, BlockKind::Paragraph]);
    assert_eq!(article.body[1].credit.as_deref(), Some("Văn Miên"));
    assert_eq!(article.byline.as_deref(), Some("Văn Miên"));
    assert_eq!(
        article.source_url.as_deref(),
        Some("https://baoninhthuan.example/ninjs/2022/08/12/doi-ngoai-nhan-dan-778899")
    );
    let all = all_text(&article);
    assert!(!all.contains("alert") && !all.contains("Phiên bản thuần văn bản"), "{all}");
}

#[test]
fn ninjs_3_0_item_with_camel_case_and_text_body() {
    let article = read(&fixture("ninjs-3.0.json"));
    assert_eq!(article.headline, "Bình Thuận đón đoàn Hội hữu nghị Việt Nam - Nhật Bản");
    assert_eq!(article.published.as_deref(), Some("2021-11-16T15:19:00+07:00"));
    assert_eq!(
        article.lead.as_deref(),
        Some("Chiều 15/11/2021, UBND tỉnh Bình Thuận tiếp đoàn Hội hữu nghị Việt Nam - Nhật Bản.")
    );
    assert_eq!(
        texts(&article, BlockKind::Paragraph),
        vec!["Hai bên trao đổi về hợp tác trong lĩnh vực năng lượng tái tạo và đào tạo nghề."]
    );
    assert_eq!(article.byline.as_deref(), Some("Ngọc Lân"));
    assert_eq!(article.source_url.as_deref(), Some("urn:newsml:baobinhthuan.example:20211116:dnnd-3344"));
}

/// Windows-1258 as legacy Vietnamese software writes it: base letters (with circumflex, breve, horn) from the
/// code page, tone marks as combining characters.
fn to_windows_1258(text: &str) -> Vec<u8> {
    use unicode_normalization::UnicodeNormalization;
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    let mut out = Vec::new();
    for c in text.chars() {
        let decomposed: String = c.to_string().nfd().collect();
        let base: String = decomposed.chars().filter(|c| !TONES.contains(c)).collect::<String>().nfc().collect();
        let tones: String = decomposed.chars().filter(|c| TONES.contains(c)).collect();
        let piece = format!("{base}{tones}");
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(&piece);
        assert!(!unmappable, "{c} has no Windows-1258 form");
        out.extend_from_slice(&bytes);
    }
    out
}

#[test]
fn every_encoding_gives_the_same_article() {
    let reference = read(&fixture("text-utf8.txt"));
    assert_eq!(reference.headline, "Tỉnh ủy Đắk Nông tiếp đoàn hữu nghị");
    assert_eq!(reference.timestamp.as_deref(), Some("Thứ năm - 26/11/2020 15:21"));
    assert_eq!(reference.published.as_deref(), Some("2020-11-26T15:21:00"));
    assert_eq!(reference.byline.as_deref(), Some("Thanh Hoà"));
    let same = |other: Article| Article { id: reference.id.clone(), ..other };

    for name in ["text-utf16le-bom.txt", "text-utf8-bom-crlf.txt", "text-nfd.txt"] {
        assert_eq!(same(read(&fixture(name))), reference, "{name}");
    }
    let utf16 = std::fs::read(fixture("text-utf16le-bom.txt")).unwrap();
    let explicit = IngestOptions { encoding: InputEncoding::Utf16, ..IngestOptions::default() };
    assert_eq!(same(parse_article(&utf16, "x.txt", Format::Text, &explicit).unwrap()), reference);

    let legacy = to_windows_1258(&std::fs::read_to_string(fixture("text-utf8.txt")).unwrap());
    let cp1258 = IngestOptions { encoding: InputEncoding::Windows1258, ..IngestOptions::default() };
    assert_eq!(same(parse_article(&legacy, "cu.txt", Format::Text, &cp1258).unwrap()), reference);
    // Without being told, legacy bytes are an encoding error, not silently wrong text.
    let err = parse_article(&legacy, "cu.txt", Format::Text, &IngestOptions::default()).unwrap_err();
    assert!(matches!(err.kind, IngestErrorKind::InvalidUtf8 { .. }), "{err:?}");
    assert!(err.to_string().contains("windows-1258"), "{err}");
}

#[test]
fn hostile_html_keeps_only_the_text() {
    let article = read(&fixture("hostile.html"));
    assert_eq!(article.headline, "Quảng Ngãi tổng kết công tác đối ngoại năm 2022");
    assert_eq!(
        article.lead.as_deref(),
        Some("Ngày 28/12/2022, UBND tỉnh Quảng Ngãi tổng kết công tác đối ngoại năm 2022.")
    );
    assert_eq!(
        texts(&article, BlockKind::Paragraph),
        vec![
            "Trong năm, tỉnh đón 45 đoàn khách quốc tế và ký 3 thỏa thuận hợp tác.",
            "Tỉnh đặt mục tiêu mở rộng quan hệ với các địa phương Hàn Quốc trong năm 2023.",
        ]
    );
    let all = all_text(&article);
    for gone in [
        "Chữ giả",
        "eval",
        "Mẫu không hiển thị",
        "JavaScript",
        "Chú thích HTML",
        "Khung quảng cáo",
        "SVG",
        "cookie",
        "lạ",
    ] {
        assert!(!all.contains(gone), "{gone:?} should have been dropped: {all}");
    }
}

/// A file saved with old Mac line endings (a lone CR) is read line by line, as the same file with LF endings.
#[test]
fn lone_cr_line_endings_are_line_breaks() {
    let bytes = std::fs::read(fixture("text-cr-only.txt")).unwrap();
    assert!(bytes.contains(&b'\r') && !bytes.contains(&b'\n'));
    let article = read(&fixture("text-cr-only.txt"));
    assert_eq!(article.headline, "Tin tổng hợp");
    let caption = article.body.iter().find(|b| b.kind == BlockKind::Caption).unwrap();
    assert_eq!(caption.text, "Công ty Cổ phần thực phẩm Cánh Đồng Việt sản xuất, chế biến nha đam xuất khẩu.");
    assert_eq!(caption.credit.as_deref(), Some("Văn Nỷ"));
    let lf: Vec<u8> = bytes.iter().map(|&b| if b == b'\r' { b'\n' } else { b }).collect();
    let same = parse_article(&lf, "text-cr-only.txt", Format::Text, &IngestOptions::default()).unwrap();
    assert_eq!(article, same);
    // Without an extension, a Markdown file with CR endings is still told from its headings.
    let markdown = "Ghi chú\r# Tin tổng hợp\r\rĐoạn văn.\r";
    assert_eq!(Format::detect(Path::new("-"), markdown.as_bytes()), Format::Markdown);
}

fn error_of(name: &str) -> dich::article::IngestError {
    read_article(&fixture(name), &IngestOptions::default()).unwrap_err()
}

#[test]
fn bad_inputs_give_the_right_error_naming_the_file() {
    let err = error_of("invalid-utf8.txt");
    assert_eq!(err.kind, IngestErrorKind::InvalidUtf8 { offset: 40 });
    let message = err.to_string();
    assert!(message.contains("invalid-utf8.txt") && message.contains("byte 40"), "{message}");

    let err = error_of("binary.bin");
    assert_eq!(err.kind, IngestErrorKind::Binary);
    assert!(err.to_string().contains("binary.bin"), "{err}");

    let err = error_of("empty.txt");
    assert_eq!(err.kind, IngestErrorKind::Empty);
    assert!(err.to_string().contains("empty.txt"), "{err}");

    let err = error_of("not-ninjs.json");
    assert!(matches!(err.kind, IngestErrorKind::NotAnArticle { .. }), "{err:?}");
    assert!(err.to_string().contains("not-ninjs.json") && err.to_string().contains("ninjs"), "{err}");

    let err = parse_article(b"{\"uri\": ", "cut.json", Format::Ninjs, &IngestOptions::default()).unwrap_err();
    assert!(matches!(err.kind, IngestErrorKind::NotAnArticle { .. }), "{err:?}");
    assert!(err.to_string().contains("cut.json") && err.to_string().contains("line 1"), "{err}");

    let err = read_article(&fixture("no-such-file.txt"), &IngestOptions::default()).unwrap_err();
    assert!(matches!(err.kind, IngestErrorKind::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("no-such-file.txt"), "{err}");

    // Only boilerplate: nothing to translate.
    let only_widgets = "Tiêu đề\n\n21:32 | 12/08/2022\n\nIn bài viết\nXem cỡ chữ\n";
    let err = parse_article(only_widgets.as_bytes(), "rong.txt", Format::Text, &IngestOptions::default()).unwrap_err();
    assert!(matches!(err.kind, IngestErrorKind::NotAnArticle { .. }), "{err:?}");
    assert!(err.to_string().contains("rong.txt"), "{err}");
}

#[test]
fn large_files_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lon.txt");
    // Sparse: 50 MB by metadata, nothing written. The check must come from the size alone.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap();
    drop(file);
    let err = read_article(&path, &IngestOptions::default()).unwrap_err();
    assert_eq!(err.kind, IngestErrorKind::TooLarge { bytes: 50 * 1024 * 1024, limit: 20 * 1024 * 1024 });
    assert!(err.to_string().contains("lon.txt"), "{err}");

    // Bytes from stdin are held to the same limit.
    let small = IngestOptions { max_bytes: 10, ..IngestOptions::default() };
    let err = parse_article("Tiêu đề\n\nĐoạn văn dài.".as_bytes(), "-", Format::Text, &small).unwrap_err();
    assert!(matches!(err.kind, IngestErrorKind::TooLarge { limit: 10, .. }), "{err:?}");
    assert_eq!(err.source_name, "-");
}

#[test]
fn user_rules_files() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("rules.toml");
    std::fs::write(&good, "inherit = true\n\n[lines]\nwidgets = [\"Quảng cáo\"]\n").unwrap();
    let rules = BoilerplateRules::from_file(&good).unwrap();
    let opts = IngestOptions { rules: Arc::new(rules), ..IngestOptions::default() };
    let text = "Tiêu đề\n\nQuảng cáo\n\nĐoạn văn đầu tiên của bài.\n\nIn bài viết\n";
    let article = parse_article(text.as_bytes(), "a.txt", Format::Text, &opts).unwrap();
    assert_eq!(article.lead.as_deref(), Some("Đoạn văn đầu tiên của bài."));
    assert!(article.body.is_empty());

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[lines]\nwidgets = []\ndrop = [\n  '^ok$',\n  '[unclosed',\n]\n").unwrap();
    let err = BoilerplateRules::from_file(&bad).unwrap_err();
    assert!(matches!(err.kind, IngestErrorKind::BadRules { line: 5, .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("bad.toml") && message.contains("line 5"), "{message}");

    std::fs::write(&bad, "[lines]\nwidgetz = []\n").unwrap();
    let err = BoilerplateRules::from_file(&bad).unwrap_err();
    assert!(matches!(err.kind, IngestErrorKind::BadRules { line: 2, .. }), "{err:?}");
}

#[test]
fn error_messages_exist_in_vietnamese() {
    use dich::i18n::{message_in, FluentValue, UiLanguage};
    let message = message_in(
        UiLanguage::Vietnamese,
        "ingest-invalid-utf8",
        &[("file", FluentValue::from("bai.txt")), ("offset", FluentValue::from(40))],
    );
    assert_eq!(
        message,
        "bai.txt: không phải UTF-8 hợp lệ tại byte 40 (với tệp tiếng Việt mã cũ, hãy chỉ rõ bảng mã: windows-1258)"
    );
    for id in [
        "ingest-invalid-utf16",
        "ingest-empty",
        "ingest-too-large",
        "ingest-binary",
        "ingest-not-an-article",
        "ingest-io",
        "ingest-bad-rules",
        "ingest-reason-no-text",
        "ingest-reason-no-headline",
        "ingest-reason-json-syntax",
        "ingest-reason-json-not-ninjs",
        "ingest-reason-rules-regex",
        "ingest-reason-rules-group",
    ] {
        assert!(dich::i18n::has_message(UiLanguage::Vietnamese, id), "{id}");
        assert!(dich::i18n::has_message(UiLanguage::English, id), "{id}");
    }
}
