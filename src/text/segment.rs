//! Sentence segmentation that knows Vietnamese, and stable segment ids.
//!
//! The splitter looks at every sentence-final mark (. ? ! … and runs of them) once, left to right, and decides
//! from the word before it and the text after it:
//! - after the mark, closing quotes and brackets (” ’ » ) ] " ') and the end-of-story marker "/." stay with the
//!   sentence ("…hợp tác.” Sau đó", "…địa phương./.");
//! - followed by a space: a break unless the word before is a title or place abbreviation ([`ABBREVIATIONS`]:
//!   PGS.TS., TP., TT., ThS.BS. …) or a single capital (H., X., P., Q., initials), or the next word starts with a
//!   lowercase letter ("v.v. và", "cao... hướng"), a digit or a comma, or the sentence so far is only a list
//!   number ("1.", "II."); a digit after a full stop starts a sentence when the word before is a word of letters
//!   ("đơn hàng giảm. 9 tháng đầu năm") or it numbers a list item ("2. Nội dung");
//! - glued to the next word: a break only where a lowercase word (not an abbreviation) meets a capitalised word
//!   ("quốc tế.Năm 2024", "đoàn kết...Sau đó"), or an ellipsis meets any capital ("lâu đời(2)...Nhằm",
//!   "nha đam...UBND tỉnh"); so 1.000.000, T.Ư, Tp.HCM, No.04-CT/TW, v.v, web addresses and "cao..., hướng"
//!   stay whole. Dates (12/8/2022, 18-20/7/2023, 19-9-2019), decimals (97,5%), document codes
//!   (12-CT/TW, 1309/QĐ-TTg) and times (14h30) have no sentence marks and never break.

use std::ops::Range;

use crate::article::{Article, BlockKind};

use super::fast_hash::FastMap;
use super::{normalize, normalize_cow, Segment};

/// Abbreviations after which a period never ends a sentence: they stand before a name (academic and professional
/// titles, administrative units, honorifics). Matched case-sensitively against the dot-separated part of the word
/// just before the period, so "PGS.TS." is checked as "TS" and "ThS.BS." as "BS". Single capitals (H., X., P.,
/// Q., T.Ư, initials) are handled by rule, not listed.
#[rustfmt::skip]
pub const ABBREVIATIONS: &[&str] = &[
    // Academic and professional titles.
    "GS", "Gs", "PGS", "Pgs", "TS", "Ts", "TSKH", "ThS", "Ths", "Th", "BS", "Bs", "BSCKI", "BSCKII", "CKI", "CKII",
    "KS", "Ks", "KTS", "DS", "LS", "CN", "NCS", "NSND", "NSƯT", "NGND", "NGƯT", "NNND", "NNƯT", "TTND", "TTƯT",
    "Đ/c", "đ/c",
    // Administrative units before a place name.
    "TP", "Tp", "TX", "Tx", "TT", "Tt", "Q", "P", "H", "X", "Ph",
    // Other names and references.
    "No", "Nr", "Mr", "Mrs", "Ms", "Dr", "Prof", "St",
];

/// Longest entry of [`ABBREVIATIONS`] in bytes: longer words are not looked up.
const MAX_ABBREVIATION_LEN: usize = 8;

fn is_abbreviation(word: &str) -> bool {
    word.len() <= MAX_ABBREVIATION_LEN && ABBREVIATIONS.contains(&word)
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…')
}

/// Closing marks that stay with the sentence they follow.
fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '»' | ')' | ']' | '}' | '"' | '\'')
}

/// Opening marks looked through to find the first letter of the next sentence.
fn is_opener(c: char) -> bool {
    matches!(c, '“' | '‘' | '«' | '(' | '[' | '"' | '\'' | '-' | '–' | '—')
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|rest| rest.chars().next())
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Is `word` a list number: up to three digits or a Roman numeral ("1", "12", "IV", "XIII")?
fn is_list_number(word: &str) -> bool {
    let digits = !word.is_empty() && word.len() <= 3 && word.bytes().all(|b| b.is_ascii_digit());
    let roman = !word.is_empty() && word.len() <= 6 && word.bytes().all(|b| b"IVXL".contains(&b));
    digits || roman
}

/// Does `rest` start with a list number and its mark: "2. ", "12) "?
fn starts_list_item(rest: &str) -> bool {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after = &rest.as_bytes()[digits..];
    (1..=3).contains(&digits) && after.len() >= 2 && matches!(after[0], b'.' | b')') && after[1].is_ascii_whitespace()
}

/// What follows a sentence mark, once opening quotes and brackets are skipped.
fn first_of_next(text: &str, mut i: usize) -> Option<char> {
    while let Some(c) = char_at(text, i) {
        if is_opener(c) {
            i += c.len_utf8();
        } else {
            return Some(c);
        }
    }
    None
}

/// Does the text at `i` start a sentence glued to the previous one: a capital followed by a lowercase letter,
/// or a capital standing alone as a one-letter word ("Ở")?
fn starts_capitalised_word(text: &str, i: usize) -> bool {
    let mut i = i;
    while let Some(c) = char_at(text, i) {
        if matches!(c, '“' | '‘' | '«' | '(') {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    let Some(first) = char_at(text, i) else { return false };
    if !first.is_uppercase() {
        return false;
    }
    match char_at(text, i + first.len_utf8()) {
        Some(second) => second.is_lowercase() || is_space(second),
        None => true,
    }
}

/// Byte length of the character at `i` when it is plainly part of a word for [`split_sentences`]: not a space
/// (ASCII or Unicode), not a sentence mark, not '@' or ':' (web and mail addresses). None for those and at the
/// end. Outside ASCII only lead bytes C2 (U+0085, U+00A0), E1 (U+1680: E1 9A 80), E2 (U+2000–U+205F, "…") and
/// E3 (U+3000) start spaces or marks; E2 and E3 are left to the general path, the others decided here.
#[inline(always)]
fn plain_word_char_len(bytes: &[u8], i: usize) -> Option<usize> {
    let b = *bytes.get(i)?;
    let next = bytes.get(i + 1).copied().unwrap_or(0);
    match b {
        b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b'.' | b'?' | b'!' | b'@' | b':' => None,
        0x00..=0x7F => Some(1),
        0xC2 if next == 0x85 || next == 0xA0 => None,
        0xC0..=0xDF => Some(2),
        0xE1 if next == 0x9A => None,
        0xE2 | 0xE3 => None,
        0xE0..=0xEF => Some(3),
        _ => Some(4),
    }
}

/// The byte ranges of the sentences of `text`: trimmed, never empty, in order. Linear in the length of `text`.
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    let mut sentence_start: Option<usize> = None;
    // Start of the current space-delimited word, and of its part after the last period.
    let mut word_start = 0;
    let mut part_start = 0;
    // The current word contains "://" or "@" (a web or mail address).
    let mut word_is_address = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Fast path: a run of characters that are neither spaces, nor sentence marks, nor '@' or ':' is just part
        // of a word; inside a sentence, single spaces between such words are taken in the same loop.
        let run_start = i;
        while let Some(len) = plain_word_char_len(bytes, i) {
            i += len;
        }
        if i > run_start {
            sentence_start.get_or_insert(run_start);
            while bytes.get(i) == Some(&b' ') {
                i += 1;
                word_start = i;
                part_start = i;
                word_is_address = false;
                while let Some(len) = plain_word_char_len(bytes, i) {
                    i += len;
                }
            }
            continue;
        }
        let b = bytes[i];
        let c = if b < 0x80 { b as char } else { char_at(text, i).expect("char boundary") };
        let len = c.len_utf8();
        if is_space(c) {
            i += len;
            word_start = i;
            part_start = i;
            word_is_address = false;
            continue;
        }
        sentence_start.get_or_insert(i);
        if c == '@' || (c == ':' && text[i..].starts_with("://")) {
            word_is_address = true;
        }
        if !is_terminator(c) {
            i += len;
            continue;
        }

        // The run of marks ("." "..." "?!"), then "/." and closing quotes/brackets.
        let run_start = i;
        let mut run_end = i;
        while let Some(t) = char_at(text, run_end).filter(|&t| is_terminator(t)) {
            run_end += t.len_utf8();
        }
        let mut end = run_end;
        // The end-of-story marker ends the sentence whatever follows.
        let mut end_of_story = false;
        if text[end..].starts_with("/.") {
            end += 2;
            end_of_story = true;
        }
        while let Some(q) = char_at(text, end).filter(|&q| is_closer(q)) {
            end += q.len_utf8();
        }
        let mut next = end;
        while let Some(s) = char_at(text, next).filter(|&s| is_space(s)) {
            next += s.len_utf8();
        }
        let spaced = next > end;
        // An end-of-story marker separated by a space: "… địa phương. /."
        if spaced && text[next..].starts_with("/.") && char_at(text, next + 2).is_none_or(is_space) {
            end = next + 2;
            end_of_story = true;
            next = end;
            while let Some(s) = char_at(text, next).filter(|&s| is_space(s)) {
                next += s.len_utf8();
            }
        }

        let part = text[part_start..run_start].trim_end_matches(is_closer).trim_start_matches(is_opener);
        let word = &text[word_start..run_start];
        let run = &text[run_start..run_end];
        let breaks = if next >= text.len() || end_of_story {
            true
        } else if spaced {
            breaks_before_space(text, run, part, word, sentence_start == Some(word_start), next)
        } else {
            !word_is_address
                && !text[word_start..].starts_with("www.")
                && ((part.chars().next_back().is_some_and(char::is_lowercase)
                    && !is_abbreviation(part)
                    && starts_capitalised_word(text, end))
                    // An ellipsis is never inside a word, number or code: glued to any capital, whatever stands
                    // before it ("lâu đời(2)...Nhằm", "nha đam...UBND tỉnh"), it ends a sentence that has begun.
                    || (is_ellipsis(run)
                        && sentence_start.is_some_and(|start| start < run_start)
                        && starts_with_capital(text, end)))
        };

        if breaks {
            if let Some(start) = sentence_start.take() {
                sentences.push(start..end);
            }
            i = end;
            word_start = end;
            part_start = end;
            word_is_address = false;
        } else {
            i = run_end;
            part_start = run_end;
        }
    }
    if let Some(start) = sentence_start {
        let end = start + text[start..].trim_end().len();
        if end > start {
            sentences.push(start..end);
        }
    }
    sentences
}

/// Decides a mark followed by a space. `part` is the dot-separated part of the word before the mark, `word` the
/// whole word, `alone` whether that word is all the sentence has so far, `next` where the next word starts.
fn breaks_before_space(text: &str, run: &str, part: &str, word: &str, alone: bool, next: usize) -> bool {
    if run == "." {
        let mut chars = part.chars();
        let single_capital = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
        if single_capital || is_abbreviation(part) {
            return false;
        }
        if alone && is_list_number(word) {
            return false;
        }
    }
    match first_of_next(text, next) {
        Some(c) if c.is_lowercase() => false,
        // A digit continues the sentence (references, amounts), unless it numbers a list item ("2. Nội dung") or
        // the full stop ends a word ("… đơn hàng giảm. 9 tháng đầu năm 2023, …").
        Some(c) if c.is_ascii_digit() => starts_list_item(&text[next..]) || (run == "." && ends_before_number(part)),
        Some(',' | ';' | ':') => false,
        _ => true,
    }
}

/// Words after which ". " + a number does not end a sentence although they end in a lowercase letter: they stand
/// before a number ("Nghị định số. 15/2020/NĐ-CP", "tr. 104" for a page).
const BEFORE_NUMBER: &[&str] = &["số", "Số", "tr", "Tr", "trang", "Trang"];

/// Does a full stop after `part` (the dot-separated part of the word before it) end the sentence when a number
/// follows? Yes after a word of letters ending in a lowercase one ("giảm", "Định"); not after a number ("ngày 5. 6
/// người" is rare, "5. 6" as a number is not), a single letter ("v.v.", "t."), an abbreviation or [`BEFORE_NUMBER`].
fn ends_before_number(part: &str) -> bool {
    let mut chars = part.chars();
    let (Some(_), Some(_)) = (chars.next(), chars.next()) else { return false };
    part.chars().next_back().is_some_and(char::is_lowercase)
        && part.chars().all(char::is_alphabetic)
        && !is_abbreviation(part)
        && !BEFORE_NUMBER.contains(&part)
}

/// A run of marks that is an ellipsis: "…" or two dots and more.
fn is_ellipsis(run: &str) -> bool {
    run.contains('…') || run.contains("..")
}

/// Does the text at `i` start with a capital letter, after opening quotes and brackets ("UBND", "Nhằm", "“Sau")?
fn starts_with_capital(text: &str, i: usize) -> bool {
    text[i..].chars().find(|&c| !matches!(c, '“' | '‘' | '«' | '(')).is_some_and(char::is_uppercase)
}

/// Stable id of a segment: "s" + 12 hex digits of a blake3 hash of the article id, block kind, NFC text and the
/// occurrence number of that text among identical texts of the same kind in the article (0 for the first). The
/// same text at the same place gives the same id in every run on every machine, and inserting a paragraph does
/// not change the ids of the others.
pub fn segment_id(article_id: &str, kind: BlockKind, text: &str, occurrence: usize) -> String {
    id_of_normalized(article_id, kind, &normalize(text.trim()), occurrence)
}

/// [`segment_id`] of a text already normalized and trimmed.
fn id_of_normalized(article_id: &str, kind: BlockKind, text: &str, occurrence: usize) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(article_id.as_bytes());
    hasher.update(b"\0");
    hasher.update(kind.as_str().as_bytes());
    hasher.update(b"\0");
    hasher.update(text.as_bytes());
    hasher.update(b"\0");
    // The occurrence in decimal, written without an allocation.
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = occurrence;
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    hasher.update(&digits[start..]);
    let hash = hasher.finalize();
    let hex = hash.to_hex();
    let mut id = String::with_capacity(13);
    id.push('s');
    id.push_str(&hex.as_str()[..12]);
    id
}

/// Is a block of this kind one segment whatever periods it holds?
fn is_single_segment(kind: BlockKind) -> bool {
    matches!(kind, BlockKind::Headline | BlockKind::Caption | BlockKind::Byline | BlockKind::Subhead)
}

/// Collects segments (normalized, trimmed texts), then gives them ids, counting occurrences of identical texts
/// per kind.
struct SegmentSink<'a> {
    article_id: &'a str,
    segments: Vec<Segment>,
}

impl<'a> SegmentSink<'a> {
    fn new(article_id: &'a str) -> Self {
        SegmentSink { article_id, segments: Vec::new() }
    }

    fn push(&mut self, kind: BlockKind, block: usize, index: usize, text: String) {
        self.segments.push(Segment { id: String::new(), kind, block, index, text });
    }

    fn finish(mut self) -> Vec<Segment> {
        let mut seen: FastMap<(BlockKind, &str), usize> =
            FastMap::with_capacity_and_hasher(self.segments.len(), Default::default());
        let mut ids = Vec::with_capacity(self.segments.len());
        for segment in &self.segments {
            let count = seen.entry((segment.kind, segment.text.as_str())).or_insert(0);
            ids.push(id_of_normalized(self.article_id, segment.kind, &segment.text, *count));
            *count += 1;
        }
        for (segment, id) in self.segments.iter_mut().zip(ids) {
            segment.id = id;
        }
        self.segments
    }
}

/// One segment per sentence of every block of `article.blocks()`; headlines, subheads, captions and bylines are
/// one segment each. Empty blocks give no segment.
pub fn segment_article(article: &Article) -> Vec<Segment> {
    let mut sink = SegmentSink::new(&article.id);
    for (block_index, (kind, text)) in article.block_texts().enumerate() {
        // Blocks of an ingested article are normalized already: this only checks.
        let text = normalize_cow(text);
        if is_single_segment(kind) {
            let trimmed = text.trim();
            if !trimmed.is_empty() {
                sink.push(kind, block_index, 0, trimmed.to_string());
            }
            continue;
        }
        for (index, range) in split_sentences(&text).into_iter().enumerate() {
            sink.push(kind, block_index, index, text[range].to_string());
        }
    }
    sink.finish()
}

/// Segments running text with no article structure: paragraphs are separated by blank lines, line breaks inside
/// a paragraph are spaces, every segment is of kind Paragraph with ids scoped to the article id "plain".
pub fn segment_plain(text: &str) -> Vec<Segment> {
    let text = normalize(text);
    let mut sink = SegmentSink::new("plain");
    for (block, paragraph) in paragraphs(&text).enumerate() {
        // Hard-wrapped lines and runs of spaces become single spaces.
        let joined;
        let paragraph = if paragraph.contains(['\n', '\r', '\t']) || paragraph.contains("  ") {
            joined = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
            joined.as_str()
        } else {
            paragraph
        };
        for (index, range) in split_sentences(paragraph).into_iter().enumerate() {
            sink.push(BlockKind::Paragraph, block, index, paragraph[range].to_string());
        }
    }
    sink.finish()
}

/// The paragraphs of `text`: runs of lines separated by blank (empty or whitespace-only) lines, trimmed.
fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || loop {
        if rest.is_empty() {
            return None;
        }
        // The paragraph ends at the first line break followed by a blank line.
        let mut end = rest.len();
        let mut search = 0;
        while let Some(at) = rest[search..].find('\n') {
            let line_end = search + at;
            let next_line = &rest[line_end + 1..];
            let next_line = &next_line[..next_line.find('\n').unwrap_or(next_line.len())];
            if next_line.trim().is_empty() {
                end = line_end;
                break;
            }
            search = line_end + 1;
        }
        let paragraph = rest[..end].trim();
        rest = &rest[end..];
        rest = rest.trim_start_matches(|c: char| c.is_whitespace());
        if !paragraph.is_empty() {
            return Some(paragraph);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split_sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn plain_breaks() {
        assert_eq!(sentences("Một câu. Hai câu? Ba câu! Bốn"), ["Một câu.", "Hai câu?", "Ba câu!", "Bốn"]);
    }

    #[test]
    fn no_empty_and_trimmed() {
        assert_eq!(sentences("   "), Vec::<&str>::new());
        assert_eq!(sentences(""), Vec::<&str>::new());
        assert_eq!(sentences("  Câu một.   Câu hai.  "), ["Câu một.", "Câu hai."]);
        assert_eq!(sentences("..."), ["..."]);
    }

    #[test]
    fn word_fast_path_takes_only_plain_characters() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let plain = !is_space(c) && !is_terminator(c) && c != '@' && c != ':';
            let text = format!("{c}x");
            match plain_word_char_len(text.as_bytes(), 0) {
                Some(len) => assert!(plain && len == c.len_utf8(), "{c:?}"),
                // Left to the general path: spaces, marks, and what shares their lead bytes.
                None => assert!(!plain || matches!(text.as_bytes()[..2], [0xE2 | 0xE3, _] | [0xE1, 0x9A]), "{c:?}"),
            }
        }
        assert_eq!(plain_word_char_len(b"", 0), None);
    }

    #[test]
    fn sentences_cover_the_text_in_order_on_any_input() {
        // Deterministic pseudo-random texts over an alphabet full of traps.
        let alphabet = [
            ".", "?", "!", "…", "...", " ", "  ", "\n", "a", "Ă", "ệ", "”", "\"", "/.", "(", ")", "TP", "v.v", "1",
            ",", "\u{a0}", "Sau", "đó", "“", "./.", "@", "://", "www.",
        ];
        for text in crate::test_texts::random_texts(0x9E37_79B9_7F4A_7C15, &alphabet, 40, 2000) {
            let ranges = split_sentences(&text);
            let mut covered_to = 0;
            for r in &ranges {
                assert!(r.start < r.end, "{text:?}: empty {r:?}");
                assert!(r.start >= covered_to, "{text:?}: overlap");
                assert!(text[covered_to..r.start].chars().all(char::is_whitespace), "{text:?}: gap {r:?}");
                let sentence = &text[r.clone()];
                assert_eq!(sentence, sentence.trim(), "{text:?}: untrimmed");
                covered_to = r.end;
            }
            assert!(text[covered_to..].chars().all(char::is_whitespace), "{text:?}: tail not covered");
        }
    }

    #[test]
    fn abbreviation_table_fits_its_bound() {
        assert!(ABBREVIATIONS.iter().all(|a| a.len() <= MAX_ABBREVIATION_LEN));
    }

    #[test]
    fn list_numbers_stay_with_their_item() {
        assert_eq!(
            sentences("1. Nội dung thứ nhất. 2. Nội dung thứ hai."),
            ["1. Nội dung thứ nhất.", "2. Nội dung thứ hai."]
        );
    }

    #[test]
    fn web_addresses_do_not_break() {
        assert_eq!(sentences("Xem www.Thoidai.com.vn ngay."), ["Xem www.Thoidai.com.vn ngay."]);
        assert_eq!(sentences("Xem https://thoidai.com.vn/Bai.Viet nhé."), ["Xem https://thoidai.com.vn/Bai.Viet nhé."]);
    }

    #[test]
    fn block_texts_are_the_blocks() {
        use crate::article::Block;
        let block = |kind, text: &str| Block { kind, text: text.into(), credit: Some("TT".into()) };
        let mut article = Article {
            id: "a".into(),
            headline: "Tiêu đề".into(),
            timestamp: None,
            published: None,
            lead: Some("Sapo.".into()),
            body: vec![block(BlockKind::Paragraph, "Đoạn."), block(BlockKind::Caption, "Ảnh")],
            byline: Some("Thành Luân".into()),
            source_url: None,
        };
        for _ in 0..2 {
            let texts: Vec<(BlockKind, String)> = article.block_texts().map(|(k, t)| (k, t.to_string())).collect();
            let blocks: Vec<(BlockKind, String)> = article.blocks().into_iter().map(|b| (b.kind, b.text)).collect();
            assert_eq!(texts, blocks);
            article.lead = None;
        }
    }

    #[test]
    fn ids_keep_their_values() {
        // Ids are stored and shipped in translator packages: they must never change with the implementation.
        fn old_id(article_id: &str, kind: BlockKind, text: &str, occurrence: usize) -> String {
            let mut hasher = blake3::Hasher::new();
            for part in [article_id, kind.as_str(), text] {
                hasher.update(part.as_bytes());
                hasher.update(b"\0");
            }
            hasher.update(occurrence.to_string().as_bytes());
            format!("s{}", &hasher.finalize().to_hex().as_str()[..12])
        }
        for occurrence in [0, 1, 9, 10, 99, 100, 12345, usize::MAX] {
            assert_eq!(
                segment_id("a", BlockKind::Lead, "Câu.", occurrence),
                old_id("a", BlockKind::Lead, "Câu.", occurrence)
            );
        }
    }

    #[test]
    fn ids_are_short_and_stable() {
        let a = segment_id("art", BlockKind::Paragraph, "Câu một.", 0);
        assert_eq!(a.len(), 13);
        assert!(a.starts_with('s'));
        assert_eq!(a, segment_id("art", BlockKind::Paragraph, "Câu một.", 0));
        assert_ne!(a, segment_id("art", BlockKind::Paragraph, "Câu một.", 1));
        assert_ne!(a, segment_id("art", BlockKind::Caption, "Câu một.", 0));
        assert_ne!(a, segment_id("other", BlockKind::Paragraph, "Câu một.", 0));
        // NFD and NBSP variants of the same text are the same text.
        assert_eq!(a, segment_id("art", BlockKind::Paragraph, "Câu mo\u{323}\u{302}t.", 0));
    }

    #[test]
    fn plain_paragraphs_split_on_blank_lines() {
        let segments = segment_plain("Câu một. Câu hai.\ntiếp tục dòng.\n\n  \nĐoạn hai.");
        let texts: Vec<_> = segments.iter().map(|s| (s.block, s.index, s.text.as_str())).collect();
        assert_eq!(texts, [(0, 0, "Câu một."), (0, 1, "Câu hai. tiếp tục dòng."), (1, 0, "Đoạn hai.")]);
        assert!(segments.iter().all(|s| s.kind == BlockKind::Paragraph));
    }
}
