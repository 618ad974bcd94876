//! Term bases and the matcher: official titles, bodies, places, people, acronyms and document references that
//! must come out in the house rendering whichever engine translated the sentence.
//!
//! - [`termbase`]: reading TSV/CSV term bases into a [`Glossary`], reporting bad rows without losing the rest.
//! - [`matcher`]: leftmost-longest matching of the matching key's tokens (syllables folded for tone style, case,
//!   NFC/NFD, Ð) against a trie of the entries' keys, with `{province}` slots, syllable boundaries and offsets
//!   into the original text.
//! - [`docref`]: document references ("Chỉ thị số 12-CT/TW ngày 5/1/2022 của Ban Bí thư") and inline acronym
//!   definitions ("công tác đối ngoại nhân dân (ĐNND)").
//! - [`check`]: conflicts between entries, for review.
//! - [`protect`]: carrying terms through machine translation (tags, placeholders, engine glossaries) and
//!   verifying they survived.
//! - [`acronym`]: the per-channel acronym policy (expand, first mention, keep).
//! - [`exchange`]: TBX-Basic, DeepL TSV, Amazon CSV and dich TSV forms of a glossary.
//! - [`merger`]: the 2025 province merger (old province → new province) kept as data.

/// The term-base format this dich reads and writes: tab-separated, UTF-8, a header row naming the Vietnamese
/// column, one column per target language and the kind, status, note and evidence columns. A file may say which
/// format it is in a comment line, `# dich-glossary-format: 1`; one in a newer format is skipped with an error
/// (a newer dich's term base is never read wrong).
pub const FORMAT_VERSION: u32 = 1;

pub mod acronym;
pub mod check;
pub mod compose;
pub mod docref;
pub mod eval;
pub mod exchange;
pub mod matcher;
pub mod merger;
pub mod names;
pub mod protect;
pub mod termbase;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use check::{check, Conflict, ConflictKind, Severity};
pub use matcher::{Hit, Matcher, TermMatch};
pub use termbase::GlossaryIssue;

/// What a term names. The shipped term bases keep one file per kind (event rows live with the concepts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Title,
    Organization,
    Place,
    Person,
    Acronym,
    Document,
    Concept,
    Event,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Title => "title",
            Kind::Organization => "organization",
            Kind::Place => "place",
            Kind::Person => "person",
            Kind::Acronym => "acronym",
            Kind::Document => "document",
            Kind::Concept => "concept",
            Kind::Event => "event",
        }
    }

    /// Reads a kind cell; accepts the singular, the plural file name and a few short forms.
    pub fn parse(value: &str) -> Option<Kind> {
        Some(match value.trim().to_lowercase().as_str() {
            "title" | "titles" => Kind::Title,
            "organization" | "organizations" | "organisation" | "organisations" | "org" | "body" => Kind::Organization,
            "place" | "places" => Kind::Place,
            "person" | "people" | "name" => Kind::Person,
            "acronym" | "acronyms" | "abbreviation" => Kind::Acronym,
            "document" | "documents" => Kind::Document,
            "concept" | "concepts" | "term" => Kind::Concept,
            "event" | "events" => Kind::Event,
            _ => return None,
        })
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Review state of an entry. Forbidden entries record a pairing that must not be used: they are never matched,
/// and their renderings count as forbidden for the same source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Approved,
    Proposed,
    Forbidden,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Approved => "approved",
            Status::Proposed => "proposed",
            Status::Forbidden => "forbidden",
        }
    }

    pub fn parse(value: &str) -> Option<Status> {
        Some(match value.trim().to_lowercase().as_str() {
            "approved" | "preferred" => Status::Approved,
            "proposed" | "admitted" | "" => Status::Proposed,
            "forbidden" | "deprecated" | "superseded" => Status::Forbidden,
            _ => return None,
        })
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of a term base.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Stable id: kind and a diacritic-free slug of the Vietnamese term ("title:bi-thu-tinh-uy"), with "-2",
    /// "-3" … for later rows whose slug is taken. Independent of line numbers, so reordering a file keeps ids.
    pub id: String,
    /// The Vietnamese term (NFC, trimmed). May contain slots such as `{province}`.
    pub vi: String,
    /// Language code → house rendering ("en" always present).
    pub targets: BTreeMap<String, String>,
    pub kind: Kind,
    pub status: Status,
    /// Renderings that must not appear for this term (the `forbidden` column, split on " | ").
    pub forbidden: Vec<String>,
    pub note: String,
    pub evidence: String,
    /// The slot this entry can fill in other entries (`province` for provinces and centrally-run cities).
    pub slot: Option<String>,
    /// For acronyms: the Vietnamese expansion (`expansion` column).
    pub expansion: Option<String>,
    /// For bodies: the short forms a later sentence of the same article uses for it ("Sở", "Hội", "Liên hiệp"),
    /// from the `short` column. A short form takes this body's rendering once the body has been named.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub short: Vec<String>,
    /// Per-channel overrides from columns like `en@vietnamnews`: channel → language → rendering.
    pub channels: BTreeMap<String, BTreeMap<String, String>>,
    pub file: PathBuf,
    /// 1-based line of the row in `file`.
    pub line: usize,
}

impl Entry {
    /// The rendering for `lang` on `channel`: the channel override when there is one, else the house rendering.
    pub fn target_for(&self, lang: &str, channel: Option<&str>) -> Option<&str> {
        channel
            .and_then(|c| self.channels.get(c))
            .and_then(|langs| langs.get(lang))
            .or_else(|| self.targets.get(lang))
            .map(String::as_str)
    }

    /// Slot names used in the Vietnamese term (`{province}` → "province").
    pub fn slots_used(&self) -> Vec<&str> {
        slot_names(&self.vi)
    }

    /// The slot this entry fills: its `slot` column, or for a title or event without one the `title` or `event`
    /// slot (any title can follow "nguyên" (former) or precede a body; any event can take its ordinal or year
    /// after it, or a ceremony's or committee's name before it), unless the entry is made of that slot itself.
    pub fn slot_filled(&self) -> Option<&str> {
        let implicit = match self.kind {
            Kind::Title => "title",
            Kind::Event => "event",
            _ => return self.slot.as_deref(),
        };
        match &self.slot {
            Some(slot) => Some(slot),
            None => (!self.slots_used().contains(&implicit)).then_some(implicit),
        }
    }

    /// "file:line" for messages.
    pub fn location(&self) -> String {
        format!("{}:{}", self.file.display(), self.line)
    }
}

/// Names between braces in `text`, in order.
pub(crate) fn slot_names(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if close > 0 => {
                names.push(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => break,
        }
    }
    names
}

/// A loaded set of term bases.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Glossary {
    pub entries: Vec<Entry>,
    /// Surnames, cue words and compounds for finding people and short forms (`name-lists.tsv`).
    #[serde(default)]
    pub names: names::NameLists,
}

impl Glossary {
    /// The entry with id `id`.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Builds the matcher over every entry that is not forbidden, with slots filled.
    pub fn matcher(&self) -> Matcher {
        Matcher::new(self)
    }

    /// Conflicts between entries, for review (see [`check::check`]).
    pub fn check(&self) -> Vec<Conflict> {
        check::check(self)
    }
}
