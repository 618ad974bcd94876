//! Ingest + normalize + segment throughput over generated news-like Vietnamese, and peak memory.
//!
//! `cargo bench --bench ingest_segment [-- MB]` generates scraped-style articles one at a time (with boilerplate,
//! captions, dates, numbers, document codes, NFD and old/new tone styles mixed in), parses each as a plain-text
//! article and segments it. Articles are never held together, so memory must stay flat as the corpus grows: the
//! bench runs a small corpus first and the full one after, and prints the peak resident memory after each.
//! As a reference measured in the same run, it also times a bare NFC pass (unicode-normalization) over the same
//! bytes, so the figure can be read as a ratio on a noisy machine.

use std::time::Instant;

use dich::article::{parse_article, Format, IngestOptions};
use dich::text::segment::segment_article;
use unicode_normalization::UnicodeNormalization;

/// Deterministic xorshift, so every run measures the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const PEOPLE: &[&str] = &["Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Quang Vinh", "Phạm Thị Hoà", "Đỗ Minh Tuấn"];
const TITLES: &[&str] = &[
    "Uỷ viên Trung ương Đảng, Bí thư Tỉnh ủy",
    "Ủy viên Ban Thường vụ Tỉnh uỷ, Phó Chủ tịch UBND tỉnh",
    "Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh",
    "PGS.TS. Giám đốc Sở Ngoại vụ",
];
const PLACES: &[&str] = &["Lâm Đồng", "Khánh Hòa", "Bình Thuận", "Ninh Thuận", "TP. Phan Thiết", "Đà Nẵng"];
const CLAUSES: &[&str] = &[
    "đã chủ trì buổi làm việc với đoàn công tác của Liên hiệp các tổ chức hữu nghị Việt Nam",
    "nhấn mạnh tầm quan trọng của công tác đối ngoại nhân dân (ĐNND) trong tình hình mới",
    "thông tin về kết quả thực hiện Chỉ thị số 12-CT/TW ngày 5/1/2022 của Ban Bí thư",
    "cho biết tỉnh đã thu hút 1.250.000 lượt khách, tăng 97,5% so với cùng kỳ",
    "đề nghị hỗ trợ các dự án trị giá 2,5 tỷ đồng trong các lĩnh vực y tế, giáo dục, v.v. tại địa phương",
    "triển khai Quyết định 1309/QĐ-TTg về phát triển kinh tế - xã hội giai đoạn 2021-2026",
    "trao đổi về kế hoạch tổ chức hội nghị vào lúc 14h30 ngày 18-20/7/2023",
];

/// One sentence in `nfd_one_in` arrives decomposed (NFD), as text from legacy encodings and some editors does.
fn sentence(rng: &mut Rng, nfd_one_in: u64) -> String {
    let mut s = format!("Ông {}, {} {}, {}", rng.pick(PEOPLE), rng.pick(TITLES), rng.pick(PLACES), rng.pick(CLAUSES));
    if rng.next().is_multiple_of(3) {
        s.push_str(&format!(" và {}", rng.pick(CLAUSES)));
    }
    s.push('.');
    if rng.next().is_multiple_of(nfd_one_in) {
        // Some sources arrive decomposed.
        s = s.nfd().collect();
    }
    s
}

fn article(rng: &mut Rng, index: usize, nfd_one_in: u64) -> String {
    let mut text = String::new();
    text.push_str(&format!("Tăng cường hợp tác hữu nghị giữa {} và các địa phương số {index}\n\n", rng.pick(PLACES)));
    text.push_str("21:32 | 12/08/2022\n\n");
    for paragraph in 0..8 {
        let sentences = 2 + (rng.next() % 4) as usize;
        let body: Vec<String> = (0..sentences).map(|_| sentence(rng, nfd_one_in)).collect();
        text.push_str(&body.join(" "));
        text.push_str("\n\n");
        if paragraph == 3 {
            let caption = format!("Lãnh đạo tỉnh {} tiếp đoàn công tác", rng.pick(PLACES));
            text.push_str(&format!("{caption}\n{caption} (Ảnh: TT Dân).\n\n"));
            let related = "Tăng cường hoạt động đối ngoại nhân dân đến cơ sở";
            text.push_str(&format!("{related} {related}\n\n"));
        }
    }
    text.push_str("Thành Luân\n\nĐường dẫn bài viết: https://example.vn/bai-viet.html\n\nIn bài viết\n");
    text
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l.to_string()))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

struct Measure {
    bytes: usize,
    segments: usize,
    pipeline_secs: f64,
    nfc_secs: f64,
}

fn measure(target_bytes: usize, nfd_one_in: u64) -> Measure {
    let options = IngestOptions::default();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut bytes, mut segments, mut index) = (0usize, 0usize, 0usize);
    let (mut pipeline_secs, mut nfc_secs) = (0.0, 0.0);
    while bytes < target_bytes {
        let text = article(&mut rng, index, nfd_one_in);
        index += 1;
        bytes += text.len();

        let start = Instant::now();
        let parsed =
            parse_article(text.as_bytes(), "bench.txt", Format::Text, &options).expect("generated article parses");
        segments += segment_article(&parsed).len();
        pipeline_secs += start.elapsed().as_secs_f64();

        let start = Instant::now();
        let nfc: String = text.nfc().collect();
        std::hint::black_box(nfc);
        nfc_secs += start.elapsed().as_secs_f64();
    }
    Measure { bytes, segments, pipeline_secs, nfc_secs }
}

fn main() {
    let full_mb: usize =
        std::env::args().skip(1).filter(|a| !a.starts_with('-')).find_map(|a| a.parse().ok()).unwrap_or(50);
    println!("ingest + normalize + segment, one article at a time, one thread");
    // The machine's load decides how far the absolute figures can be trusted; the ratio is measured in the same run.
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!(
            "load average at start (1, 5, 15 min): {}",
            load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
        );
    }
    println!(
        "{:>10} {:>8} {:>10} {:>12} {:>12} {:>10} {:>12}",
        "NFD", "MB", "segments", "dich MB/s", "NFC MB/s", "ratio", "peak RSS MB"
    );
    // Mostly NFC text with a decomposed sentence now and then, at two corpus sizes (memory must stay flat),
    // then a decomposition-heavy corpus.
    for (mb, nfd_one_in) in [(full_mb / 5, 50), (full_mb, 50), (full_mb / 5, 7)] {
        let m = measure(mb * 1_000_000, nfd_one_in);
        let mb_total = m.bytes as f64 / 1e6;
        let dich = mb_total / m.pipeline_secs;
        let nfc = mb_total / m.nfc_secs;
        println!(
            "{:>10} {:>8.1} {:>10} {:>12.1} {:>12.1} {:>10.2} {:>12.1}",
            format!("1 in {nfd_one_in}"),
            mb_total,
            m.segments,
            dich,
            nfc,
            dich / nfc,
            peak_rss_kib() as f64 / 1024.0
        );
    }
}
