//! Measuring the glossary on hand-annotated articles: how many of the titles, bodies, places, countries, people
//! and events a desk must render were found with the right rendering, and how many hits were wrong.
//!
//! A set is a folder with `articles/NAME.txt` (the article as scraped) and `annotations/NAME.tsv` (`text`,
//! `category`, `en`, `evidence`; `#` lines are the source notes). An annotated item counts as found when every
//! occurrence of its text that is not inside a longer annotated item is a hit of exactly that span whose English
//! rendering is one of the item's forms (" | " separated; case, a leading "the" and spacing around hyphens do not
//! matter). A hit is wrong when it covers an annotated span with another rendering, covers a `none` item (a
//! common word that must not be found), or cuts across an annotated item's edge; a hit with no English rendering
//! puts nothing into a translation and is never wrong.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Hit, Matcher};

/// The categories of an evaluation set, in report order.
pub const CATEGORIES: [&str; 6] = ["title", "organization", "place", "country", "person", "event"];

#[derive(Debug, Clone, Serialize)]
pub struct Annotation {
    pub text: String,
    pub category: String,
    /// Acceptable English renderings.
    pub en: Vec<String>,
    pub line: usize,
}

/// One article of a set.
#[derive(Debug, Clone)]
pub struct Article {
    pub name: String,
    pub text: String,
    pub annotations: Vec<Annotation>,
}

/// A problem with the set itself (not with the glossary).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetError {
    #[error("{}", crate::t!("eval-unreadable", file = file.display().to_string(), reason = reason.clone()))]
    Unreadable { file: PathBuf, reason: String },
    #[error("{}", crate::t!("eval-bad-row", file = file.display().to_string(), line = *line, reason = reason.clone()))]
    BadRow { file: PathBuf, line: usize, reason: String },
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct CategoryScore {
    pub items: usize,
    pub found: usize,
}

impl CategoryScore {
    pub fn coverage(&self) -> f64 {
        if self.items == 0 {
            1.0
        } else {
            self.found as f64 / self.items as f64
        }
    }
}

/// An item not found, or a wrong hit.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub article: String,
    pub category: String,
    pub text: String,
    pub expected: String,
    /// What the matcher gave there ("" when nothing).
    pub got: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub articles: usize,
    pub categories: BTreeMap<String, CategoryScore>,
    pub wrong: Vec<Finding>,
    pub misses: Vec<Finding>,
    /// Hits on text nobody annotated, to review (an annotation may be missing, or the hit may be wrong): the
    /// category is the hit's kind, `expected` is empty.
    pub unannotated: Vec<Finding>,
    /// Hits on part of an annotated item the matcher did not find whole ("Mỹ" inside "Bảo tàng Mỹ thuật"), to
    /// review: right pieces ("Hà Nội" in a missed body of Hà Nội) and wrong ones look alike to the script. The
    /// category is the hit's kind, `expected` the item and its English.
    pub inside_missed: Vec<Finding>,
}

impl Report {
    pub fn items(&self) -> usize {
        self.categories.values().map(|c| c.items).sum()
    }

    pub fn found(&self) -> usize {
        self.categories.values().map(|c| c.found).sum()
    }
}

/// Reads the set in `dir`; an article without annotations, or a bad row, is an error naming the file and line.
pub fn load_set(dir: &Path) -> Result<Vec<Article>, SetError> {
    let articles_dir = dir.join("articles");
    let unreadable =
        |file: &Path, e: std::io::Error| SetError::Unreadable { file: file.to_path_buf(), reason: e.to_string() };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&articles_dir)
        .map_err(|e| unreadable(&articles_dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut articles = Vec::new();
    for file in files {
        let name = file.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        let text = crate::text::normalize(&std::fs::read_to_string(&file).map_err(|e| unreadable(&file, e))?);
        let tsv = dir.join("annotations").join(format!("{name}.tsv"));
        let table = std::fs::read_to_string(&tsv).map_err(|e| unreadable(&tsv, e))?;
        let mut annotations = Vec::new();
        let mut header = false;
        for (index, line) in table.lines().enumerate() {
            let line_no = index + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if !header {
                header = true;
                continue;
            }
            let bad = |reason: String| SetError::BadRow { file: tsv.clone(), line: line_no, reason };
            let cells: Vec<&str> = line.split('\t').collect();
            let [text_cell, category, en, ..] = cells[..] else {
                return Err(bad(crate::t!("eval-reason-cells", found = cells.len())));
            };
            let item = crate::text::normalize(text_cell.trim());
            let category = category.trim().to_string();
            if category != "none" && !CATEGORIES.contains(&category.as_str()) {
                return Err(bad(crate::t!("eval-reason-category", value = category)));
            }
            if item.is_empty() || !text.contains(&item) {
                return Err(bad(crate::t!("eval-reason-missing", text = item, file = file.display().to_string())));
            }
            annotations.push(Annotation {
                text: item,
                category,
                en: en.split(" | ").map(|s| s.trim().to_string()).filter(|s| !s.is_empty() && s != "-").collect(),
                line: line_no,
            });
        }
        articles.push(Article { name, text, annotations });
    }
    Ok(articles)
}

/// Compares renderings the way an editor would: case, a leading "the", curly apostrophes, spaces around hyphens,
/// an ordinal in words or figures ("first" or "1st") and a term written ", 2025-2030 term" or "for the 2025-2030
/// term" do not matter.
fn same_rendering(a: &str, b: &str) -> bool {
    fn norm(s: &str) -> String {
        const ORDINALS: [(&str, &str); 10] = [
            ("first", "1st"),
            ("second", "2nd"),
            ("third", "3rd"),
            ("fourth", "4th"),
            ("fifth", "5th"),
            ("sixth", "6th"),
            ("seventh", "7th"),
            ("eighth", "8th"),
            ("ninth", "9th"),
            ("tenth", "10th"),
        ];
        let s = s.trim().replace(['’', '‘'], "'").replace(['–', '—'], "-").to_lowercase();
        let s = s.strip_prefix("the ").unwrap_or(&s).to_string();
        let s = s.replace(" - ", "-").replace(" -", "-").replace("- ", "-");
        let words: Vec<&str> = s.split_whitespace().collect();
        let mut out: Vec<&str> = Vec::with_capacity(words.len() + 2);
        for (i, &word) in words.iter().enumerate() {
            let is_term = |w: Option<&&str>| w.is_some_and(|w| w.trim_end_matches(['.', ',']) == "term");
            let is_years = |w: &str| {
                w.len() == 9 && w.as_bytes()[4] == b'-' && w.replace('-', "").bytes().all(|b| b.is_ascii_digit())
            };
            match word.strip_suffix(',') {
                Some(before) if words.get(i + 1).is_some_and(|w| is_years(w)) && is_term(words.get(i + 2)) => {
                    out.extend([before, "for", "the"]);
                }
                _ => out.push(ORDINALS.iter().find(|(w, _)| *w == word).map_or(word, |(_, n)| n)),
            }
        }
        // Number is the translation's business, not the term's: "provincial National Assembly deputy" for
        // "Đại biểu Quốc hội tỉnh" is the right term where the sentence speaks of several ("deputies"). The head
        // noun, last or before "of", is compared in the singular.
        let heads = [out.iter().position(|&w| w == "of").and_then(|of| of.checked_sub(1)), out.len().checked_sub(1)];
        let mut out: Vec<String> = out.iter().map(|w| w.to_string()).collect();
        for head in heads.into_iter().flatten() {
            out[head] = singular(out[head].trim_end_matches(['.', ','])).to_string();
        }
        out.join(" ").trim_end_matches(['.', ',']).to_string()
    }
    fn singular(word: &str) -> std::borrow::Cow<'_, str> {
        if let Some(stem) = word.strip_suffix("ies").filter(|s| s.len() > 1) {
            return format!("{stem}y").into();
        }
        if let Some(stem) = word.strip_suffix("es").filter(|s| ["s", "x", "ch", "sh"].iter().any(|e| s.ends_with(e))) {
            return stem.into();
        }
        match word.strip_suffix('s') {
            Some(stem) if !stem.ends_with(['s', '\'', 'u', 'i']) && stem.len() > 2 => stem.into(),
            _ => word.into(),
        }
    }
    // "Association of Southeast Asian Nations (ASEAN)": an acronym introduced after its expansion is either.
    let forms = |s: &str| -> Vec<String> {
        let mut forms = vec![norm(s)];
        if let Some((main, rest)) = s.trim().strip_suffix(')').and_then(|s| s.rsplit_once(" (")) {
            forms.push(norm(main));
            forms.push(norm(rest));
        }
        forms
    };
    let (a, b) = (forms(a), forms(b));
    a.iter().any(|x| b.contains(x))
}

/// Does `rendering` (of a longer hit) contain one of `forms` as whole words?
fn renders_inside(rendering: &str, forms: &[String]) -> bool {
    let rendering = rendering.to_lowercase().replace(['’', '‘'], "'");
    forms.iter().any(|form| {
        let form = form.to_lowercase().replace(['’', '‘'], "'");
        let form = form.strip_prefix("the ").unwrap_or(&form);
        !form.is_empty()
            && rendering.match_indices(form).any(|(at, _)| {
                let before = rendering[..at].chars().next_back();
                let after = rendering[at + form.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(|c| c.is_alphanumeric() && c != 'e')
            })
    })
}

/// Kinds of hits that name what an evaluation set annotates (a concept or document reference does not).
fn names_something(kind: super::Kind) -> bool {
    use super::Kind;
    matches!(kind, Kind::Title | Kind::Organization | Kind::Place | Kind::Person | Kind::Event | Kind::Acronym)
}

/// Byte ranges where `needle` occurs in `text` on word edges. An acronym inside a document's number ("NHNN" of
/// "15/2023/TT-NHNN") is part of the number, not a mention of the body.
fn occurrences(text: &str, needle: &str) -> Vec<(usize, usize)> {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    let acronym = needle.chars().any(char::is_uppercase) && !needle.chars().any(char::is_lowercase);
    // Joined by a dash or slash to a capital or figure: "TT-NHNN", "2023/TT" (not a credit's "Văn Đức/TTXVN").
    let in_code = |joiner: Option<char>, next: Option<char>| {
        matches!(joiner, Some('-' | '/')) && next.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    };
    text.match_indices(needle)
        .map(|(at, m)| (at, at + m.len()))
        .filter(|&(s, e)| {
            let mut before = text[..s].chars().rev();
            let mut after = text[e..].chars();
            let (before, before2) = (before.next(), before.next());
            let (after, after2) = (after.next(), after.next());
            let glued_before = word(before) && word(needle.chars().next());
            let glued_after = word(after) && word(needle.chars().next_back());
            let coded = acronym && (in_code(before, before2) || in_code(after, after2));
            !glued_before && !glued_after && !coded
        })
        .collect()
}

/// Scores the matcher on the set.
pub fn evaluate(matcher: &Matcher, articles: &[Article]) -> Report {
    let mut report = Report { articles: articles.len(), ..Report::default() };
    for category in CATEGORIES {
        report.categories.insert(category.to_string(), CategoryScore::default());
    }
    for article in articles {
        let hits: Vec<Hit> = matcher.find(&article.text);
        let en_of = |hit: &Hit| hit.targets.get("en").cloned().unwrap_or_default();
        // Every occurrence of every item, then the ones inside a longer item's occurrence are left out.
        let mut spans: Vec<(usize, usize, &Annotation)> = Vec::new();
        for item in &article.annotations {
            for (s, e) in occurrences(&article.text, &item.text) {
                spans.push((s, e, item));
            }
        }
        let inside_longer = |s: usize, e: usize, item: &Annotation| {
            spans.iter().any(|&(s2, e2, other)| {
                other.category != "none" && s2 <= s && e <= e2 && (e2 - s2) > (e - s) && !std::ptr::eq(other, item)
            })
        };
        let own: Vec<(usize, usize, &Annotation)> =
            spans.iter().copied().filter(|&(s, e, item)| !inside_longer(s, e, item)).collect();
        for item in article.annotations.iter().filter(|i| i.category != "none") {
            let places: Vec<(usize, usize)> =
                own.iter().filter(|o| std::ptr::eq(o.2, item)).map(|o| (o.0, o.1)).collect();
            let score = report.categories.get_mut(&item.category).expect("known category");
            if places.is_empty() {
                // Every occurrence is part of a longer item: counted there.
                continue;
            }
            score.items += 1;
            let mut got = String::new();
            let all_found = places.iter().all(|&(s, e)| {
                let hit = hits.iter().find(|h| h.byte_start == s && h.byte_end == e);
                // Inside a longer hit whose rendering renders it ("cộng đồng người Việt Nam tại Ai Cập" →
                // "Vietnamese community in Egypt"), the item came out right.
                let around =
                    hits.iter().find(|h| h.byte_start <= s && e <= h.byte_end && (h.byte_start, h.byte_end) != (s, e));
                if got.is_empty() {
                    got = hit.or(around).map(en_of).unwrap_or_default();
                }
                hit.is_some_and(|h| item.en.iter().any(|en| same_rendering(en, &en_of(h))))
                    || around.is_some_and(|h| renders_inside(&en_of(h), &item.en))
            });
            if all_found {
                score.found += 1;
            } else {
                report.misses.push(Finding {
                    article: article.name.clone(),
                    category: item.category.clone(),
                    text: item.text.clone(),
                    expected: item.en.join(" | "),
                    got,
                });
            }
        }
        // A hit without an English rendering (a name in its Sino-Vietnamese reading) puts nothing into the
        // translation: it can miss an item, not be a wrong hit.
        for hit in hits.iter().filter(|h| h.targets.contains_key("en")) {
            let (s, e) = (hit.byte_start, hit.byte_end);
            let got = en_of(hit);
            let same_span = own.iter().find(|o| o.0 == s && o.1 == e && o.2.category != "none");
            let wrong_item = match same_span {
                Some(&(_, _, item)) => (!item.en.iter().any(|en| same_rendering(en, &got))).then_some(item),
                None => own
                    .iter()
                    .find(|&&(s2, e2, item)| {
                        let overlaps = s < e2 && s2 < e;
                        let crosses = overlaps && !(s2 <= s && e <= e2) && !(s <= s2 && e2 <= e);
                        let swallows = overlaps && s <= s2 && e2 <= e && (s, e) != (s2, e2);
                        if item.category == "none" {
                            // A common word taken for a name; a longer term around it is fine.
                            names_something(hit.kind) && overlaps && !swallows
                        } else {
                            crosses || (swallows && !renders_inside(&got, &item.en))
                        }
                    })
                    .map(|o| o.2),
            };
            match wrong_item {
                Some(item) => report.wrong.push(Finding {
                    article: article.name.clone(),
                    category: item.category.clone(),
                    text: hit.text.clone(),
                    expected: format!("{} = {}", item.text, item.en.join(" | ")),
                    got,
                }),
                None if same_span.is_some() => {}
                None => {
                    let finding = |expected: String| Finding {
                        article: article.name.clone(),
                        category: hit.kind.as_str().to_string(),
                        text: hit.text.clone(),
                        expected,
                        got: got.clone(),
                    };
                    match own.iter().find(|o| o.0 <= s && e <= o.1) {
                        None => report.unannotated.push(finding(String::new())),
                        Some(&(_, _, item)) if item.category != "none" => {
                            report.inside_missed.push(finding(format!("{} = {}", item.text, item.en.join(" | "))))
                        }
                        Some(_) => {}
                    }
                }
            }
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renderings_compare_like_an_editor_would() {
        assert!(same_rendering(
            "the Binh Thuan Provincial People’s Committee",
            "Binh Thuan Provincial People's Committee"
        ));
        assert!(same_rendering("Ba Ria - Vung Tau", "Ba Ria-Vung Tau"));
        assert!(!same_rendering("Vice Chairman", "Chairman"));
        // Number is the sentence's: the head noun, last or before "of", compares in the singular.
        assert!(same_rendering("provincial National Assembly deputy", "provincial National Assembly deputies"));
        assert!(same_rendering("People's Committees of the districts", "People's Committee of the districts"));
        assert!(same_rendering("grassroots congresses", "grassroots congress"));
        assert!(same_rendering("Ministry of Foreign Affairs", "Ministry of Foreign Affairs"));
        assert!(!same_rendering("National Assembly deputy", "National Assembly"));
        assert!(!same_rendering("Women's Union", "Women's Unions of the provinces"));
        assert!(same_rendering(
            "1st Congress of the Commune Party Organisation for the 2025-2030 term",
            "first Congress of the Commune Party Organisation, 2025-2030 term"
        ));
        assert!(!same_rendering("1st Congress", "2nd Congress"));
        assert!(!same_rendering("Congress, 2025-2030 term", "Congress for the 2020-2025 term"));
    }

    #[test]
    fn a_bad_annotation_row_names_its_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("articles")).unwrap();
        std::fs::create_dir_all(dir.path().join("annotations")).unwrap();
        std::fs::write(dir.path().join("articles/a.txt"), "Bí thư Tỉnh ủy Bình Thuận phát biểu.").unwrap();
        let header = "# source: https://example.invalid/a\ntext\tcategory\ten\tevidence\n";
        std::fs::write(
            dir.path().join("annotations/a.tsv"),
            format!("{header}Bình Thuận\tplace\tBinh Thuan\tx\nLâm Đồng\tplace\tLam Dong\tx\n"),
        )
        .unwrap();
        let err = load_set(dir.path()).unwrap_err();
        assert!(matches!(&err, SetError::BadRow { line: 4, .. }), "{err:?}");
        assert!(err.to_string().contains("a.tsv:4") && err.to_string().contains("Lâm Đồng"), "{err}");
        std::fs::write(dir.path().join("annotations/a.tsv"), format!("{header}Bình Thuận\tprovince\tBinh Thuan\tx\n"))
            .unwrap();
        assert!(load_set(dir.path()).unwrap_err().to_string().contains("province"));
    }

    #[test]
    fn occurrences_are_on_word_edges() {
        assert_eq!(occurrences("xã Hòa, thị xã Hòa", "xã Hòa").len(), 2);
        assert_eq!(occurrences("Hòa Thắng", "Hòa Thắn"), []);
        assert_eq!(occurrences("UBND tỉnh.", "UBND tỉnh"), [(0, "UBND tỉnh".len())]);
        // An acronym inside a document's number is part of the number.
        let text = "Thông tư 15/2023/TT-NHNN của NHNN";
        assert_eq!(occurrences(text, "NHNN"), [(text.len() - "NHNN".len(), text.len())]);
        assert_eq!(occurrences("Quyết định 573/QĐ-NHNN", "NHNN"), []);
        assert_eq!(occurrences("Hội hữu nghị Việt-Nhật", "Nhật").len(), 1);
        assert_eq!(occurrences("(Ảnh: Văn Đức/TTXVN)", "TTXVN").len(), 1);
    }
}
