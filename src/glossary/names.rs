//! The lists that find people and short forms without a term for them (`name-lists.tsv` in a glossary folder):
//! Vietnamese surnames ("Nguyễn", "Lê"), cue words that stand before a person's name ("ông", "bà", "đồng chí"),
//! and compounds that begin like a short form but are ordinary words ("Hội nghị" is a conference, not the
//! association named before it). Kept as data so a newsroom can add the surnames of its province's peoples.
//!
//! File: a header row (list, value, note; tab-separated), then one value a row; `#` lines are comments. A row with an unknown list
//! or an empty value is reported with file:line and skipped; the other rows are used.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::GlossaryIssue;
use crate::text::normalize;

/// File name of the lists inside a glossary folder (it is not a term base).
pub const NAME_LISTS_FILE: &str = "name-lists.tsv";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameLists {
    /// Syllables a Vietnamese personal name starts with.
    pub surnames: Vec<String>,
    /// Words after which a capitalized run is a person's name ("ông Thái Bình" is a man, not a province).
    pub cues: Vec<String>,
    /// Ordinary words that begin with a short form ("Hội nghị", "Ban hành", "Bộ đội").
    pub compounds: Vec<String>,
    /// Words that make a run of foreign capitalized words the name of a thing, not of a person ("Airlines",
    /// "Group", "Bank").
    #[serde(default)]
    pub thing_words: Vec<String>,
    /// Lower-case words inside foreign people's names ("bin", "van", "de"): a run of foreign name words goes on
    /// through them ("Mohamed bin Abdulrahman", "Ursula von der Leyen").
    #[serde(default)]
    pub name_particles: Vec<String>,
    /// Places whose people Vietnamese news names in their Sino-Vietnamese reading ("Trung Quốc", "Đài Loan"): a
    /// person named right after one ("Tổng Lãnh sự Trung Quốc … Nguỵ Hoa Tường" is Wei Huaxiang) has no rendering
    /// dich can make from the letters, so none is guessed.
    #[serde(default)]
    pub hanviet_places: Vec<String>,
    /// Head words of bodies written once before a list of them ("các Sở: Ngoại vụ, Công Thương" are two
    /// departments).
    #[serde(default)]
    pub list_heads: Vec<String>,
    /// Words after which a short form names the kind of body, not the one named before ("các cấp Hội" are the
    /// association at every level, "công tác Đoàn" is Youth Union work in general).
    #[serde(default)]
    pub generic_before: Vec<String>,
    /// Words that make the body named after them plural and common ("hai Đảng, hai Nhà nước" are the two
    /// countries' parties and states, not Vietnam's Party and State).
    #[serde(default)]
    pub plural_before: Vec<String>,
    /// Units counted after a body's short form ("Công an tỉnh 03 tỉnh: Bò Kẹo, …" are the police of three
    /// provinces): with a number or a `plural` word before them, the short form names the bodies of several, not the
    /// one named before.
    #[serde(default)]
    pub counted_units: Vec<String>,
    /// One-word unit words that keep their meaning with a capital inside a sentence ("Phường 4", "Phường Tây
    /// Thạnh" in a list of wards): other units written so are part of a name ("cửa khẩu Bản Vược", "Quận 16" of
    /// Paris).
    #[serde(default)]
    pub capital_units: Vec<String>,
    /// Ordinary words whose last syllable is the first word of a pattern ("đông đảo" numerous, "văn bản" a
    /// document, "bán đảo" a peninsula): no one-word unit pattern starts inside one ("đông đảo Phật tử" names no island).
    #[serde(default)]
    pub plain_words: Vec<String>,
    /// Words that open a sentence and are never a syllable of a name ("Tại", "Theo"): a name stops before one,
    /// where a caption runs into the next sentence without a full stop ("… TP.Cần Thơ Tại buổi làm việc").
    #[serde(default)]
    pub openers: Vec<String>,
    /// Abbreviations written for words of a name, with the words ("UBND" → "Ủy ban nhân dân", "T.Ư" → "Trung
    /// ương"): a term is found where its words are abbreviated ("UV BCH T.Ư Đảng").
    #[serde(default)]
    pub abbreviations: Vec<(String, String)>,
}

impl NameLists {
    pub fn is_empty(&self) -> bool {
        self.surnames.is_empty()
            && self.cues.is_empty()
            && self.compounds.is_empty()
            && self.thing_words.is_empty()
            && self.name_particles.is_empty()
            && self.hanviet_places.is_empty()
            && self.list_heads.is_empty()
            && self.generic_before.is_empty()
            && self.plural_before.is_empty()
            && self.counted_units.is_empty()
            && self.capital_units.is_empty()
            && self.plain_words.is_empty()
            && self.openers.is_empty()
            && self.abbreviations.is_empty()
    }

    /// Reads a lists file, adding its rows to these lists.
    pub fn load_file(&mut self, file: &Path, issues: &mut Vec<GlossaryIssue>) {
        match std::fs::read(file) {
            Ok(bytes) => self.load_bytes(&bytes, file, issues),
            Err(err) => issues.push(GlossaryIssue::Unreadable { file: file.to_path_buf(), reason: err.to_string() }),
        }
    }

    pub fn load_bytes(&mut self, bytes: &[u8], file: &Path, issues: &mut Vec<GlossaryIssue>) {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut header_seen = false;
        for (index, raw) in bytes.split(|&b| b == b'\n').enumerate() {
            let line = index + 1;
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            let Ok(text) = std::str::from_utf8(raw) else {
                issues.push(GlossaryIssue::InvalidUtf8 { file: file.to_path_buf(), line });
                continue;
            };
            if text.trim().is_empty() || text.starts_with('#') {
                continue;
            }
            let mut cells = text.split('\t');
            let list = cells.next().unwrap_or("").trim().to_lowercase();
            let value = normalize(cells.next().unwrap_or("").trim());
            if !header_seen && list == "list" {
                header_seen = true;
                continue;
            }
            header_seen = true;
            if list == "abbreviation" {
                // "UV = Ủy viên": the abbreviation, then the words it stands for.
                match value.split_once('=').map(|(a, w)| (a.trim(), w.trim())) {
                    Some((short, words)) if !short.is_empty() && !words.is_empty() && !value.contains(['{', '}']) => {
                        let pair = (short.to_string(), words.to_string());
                        if !self.abbreviations.contains(&pair) {
                            self.abbreviations.push(pair);
                        }
                    }
                    _ => issues.push(GlossaryIssue::EmptyTerm {
                        file: file.to_path_buf(),
                        line,
                        column: "value (abbreviation = words)".into(),
                    }),
                }
                continue;
            }
            let target = match list.as_str() {
                "surname" => &mut self.surnames,
                "cue" => &mut self.cues,
                "compound" => &mut self.compounds,
                "thing" => &mut self.thing_words,
                "particle" => &mut self.name_particles,
                "hanviet" => &mut self.hanviet_places,
                "listhead" => &mut self.list_heads,
                "generic" => &mut self.generic_before,
                "plural" => &mut self.plural_before,
                "counted" => &mut self.counted_units,
                "capital-unit" => &mut self.capital_units,
                "plain" => &mut self.plain_words,
                "opener" => &mut self.openers,
                _ => {
                    issues.push(GlossaryIssue::UnknownList { file: file.to_path_buf(), line, value: list });
                    continue;
                }
            };
            if value.is_empty() || value.contains(['{', '}']) {
                issues.push(GlossaryIssue::EmptyTerm { file: file.to_path_buf(), line, column: "value".into() });
                continue;
            }
            if !target.contains(&value) {
                target.push(value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_rows_are_reported_with_their_line_and_the_rest_used() {
        let mut lists = NameLists::default();
        let mut issues = Vec::new();
        let text = "list\tvalue\tnote\nsurname\tNguyễn\t\nsurnames\tLê\t\ncue\t\t\ncue\tông\n\ncompound\tHội nghị\nsurname\tNguyễn\nabbreviation\tUV = Ủy viên\nabbreviation\tUBND\nplain\tđông đảo\nparticle\tbin\n";
        lists.load_bytes(text.as_bytes(), Path::new("name-lists.tsv"), &mut issues);
        assert_eq!(lists.surnames, ["Nguyễn"]);
        assert_eq!(lists.cues, ["ông"]);
        assert_eq!(lists.compounds, ["Hội nghị"]);
        assert_eq!(lists.plain_words, ["đông đảo"]);
        assert_eq!(lists.name_particles, ["bin"]);
        assert_eq!(lists.abbreviations, [("UV".to_string(), "Ủy viên".to_string())]);
        let lines: Vec<_> = issues.iter().map(|i| (i.line(), i.to_string())).collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert_eq!(lines[2].0, Some(10));
        assert_eq!(lines[0].0, Some(3));
        assert!(lines[0].1.contains("name-lists.tsv:3"), "{}", lines[0].1);
        assert_eq!(lines[1].0, Some(4));
    }
}
