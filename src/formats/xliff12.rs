//! XLIFF 1.2 (OASIS, 2008), for CAT tools that read no XLIFF 2: written from the same [`xliff2::Document`] a
//! translator package is built as, so both versions carry the same units, targets, states and notes.
//!
//! Mapping: a 2.x `<file>` becomes a 1.2 `<file>` (`original` required in 1.2: the file id when there is no
//! original), units become `<trans-unit>` with `resname` from the unit name, placeholders become `<x/>` with
//! `equiv-text`, term annotations become `<mrk mtype="term">` with the required rendering in `comment`,
//! file notes go in `<header>`, and states map as initial → `needs-translation` (or
//! `needs-review-translation` with a suggested target), translated → `translated`, reviewed → `signed-off`,
//! final → `final`.

use super::xliff2::{self, Content, Inline, Note, State};
use super::xml::{escape_attr, escape_text};

pub const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:1.2";

/// The 1.2 `state` of a unit in `state` with or without a target.
pub fn state_name(state: State, has_target: bool) -> &'static str {
    match (state, has_target) {
        (State::Initial, false) => "needs-translation",
        (State::Initial, true) => "needs-review-translation",
        (State::Translated, _) => "translated",
        (State::Reviewed, _) => "signed-off",
        (State::Final, _) => "final",
    }
}

/// Writes `doc` as XLIFF 1.2, deterministically.
pub fn write(doc: &xliff2::Document) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<xliff version=\"1.2\" xmlns=\"{NAMESPACE}\">\n"));
    for file in &doc.files {
        let original = file.original.as_deref().unwrap_or(&file.id);
        out.push_str(&format!(
            "  <file original=\"{}\" source-language=\"{}\"",
            escape_attr(original),
            escape_attr(&doc.src_lang)
        ));
        if let Some(target) = &doc.trg_lang {
            out.push_str(&format!(" target-language=\"{}\"", escape_attr(target)));
        }
        out.push_str(" datatype=\"plaintext\">\n");
        if !file.notes.is_empty() {
            out.push_str("    <header>\n");
            for note in &file.notes {
                write_note(&mut out, note, 6);
            }
            out.push_str("    </header>\n");
        }
        out.push_str("    <body>\n");
        for unit in &file.units {
            out.push_str(&format!("      <trans-unit id=\"{}\"", escape_attr(&unit.id)));
            if let Some(name) = &unit.name {
                out.push_str(&format!(" resname=\"{}\"", escape_attr(name)));
            }
            out.push_str(">\n");
            out.push_str(&format!("        <source>{}</source>\n", content(&unit.source)));
            if let Some(target) = unit.target.as_ref().filter(|t| !t.is_empty()) {
                out.push_str(&format!(
                    "        <target state=\"{}\">{}</target>\n",
                    state_name(unit.state, true),
                    content(target)
                ));
            }
            for note in &unit.notes {
                write_note(&mut out, note, 8);
            }
            out.push_str("      </trans-unit>\n");
        }
        out.push_str("    </body>\n  </file>\n");
    }
    out.push_str("</xliff>\n");
    out
}

fn write_note(out: &mut String, note: &Note, indent: usize) {
    let pad = " ".repeat(indent);
    out.push_str(&format!("{pad}<note"));
    if let Some(category) = &note.category {
        out.push_str(&format!(" from=\"{}\"", escape_attr(category)));
    }
    if let Some(priority) = note.priority {
        out.push_str(&format!(" priority=\"{}\"", priority.clamp(1, 10)));
    }
    out.push_str(&format!(">{}</note>\n", escape_text(&note.text)));
}

fn content(content: &Content) -> String {
    let mut out = String::new();
    for inline in &content.0 {
        match inline {
            Inline::Text(text) => out.push_str(&escape_text(text)),
            Inline::Placeholder { id, equiv, .. } => {
                out.push_str(&format!("<x id=\"{}\"", escape_attr(id)));
                if let Some(equiv) = equiv {
                    out.push_str(&format!(" equiv-text=\"{}\"", escape_attr(equiv)));
                }
                out.push_str("/>");
            }
            // 1.2 has no `value`/`ref` on <mrk>: the required rendering goes in `comment`.
            Inline::Term { id, value, text, .. } => {
                out.push_str(&format!("<mrk mtype=\"term\" mid=\"{}\"", escape_attr(id)));
                if let Some(value) = value {
                    out.push_str(&format!(" comment=\"{}\"", escape_attr(value)));
                }
                out.push_str(&format!(">{}</mrk>", escape_text(text)));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::xliff2::{Document, File, Unit};

    #[test]
    fn units_targets_states_and_placeholders() {
        let doc = Document {
            src_lang: "vi".into(),
            trg_lang: Some("en".into()),
            files: vec![File {
                id: "f1".into(),
                original: None,
                notes: vec![Note::new("Article & notes")],
                units: vec![
                    Unit {
                        id: "s1".into(),
                        name: Some("headline".into()),
                        notes: vec![],
                        source: Content(vec![
                            Inline::Text("Giá <b> ".into()),
                            Inline::Placeholder { id: "ph1".into(), equiv: Some("{0}".into()), disp: None },
                            Inline::Term {
                                id: "t1".into(),
                                value: Some("Price".into()),
                                reference: None,
                                text: "giá".into(),
                            },
                        ]),
                        target: Some(Content::text("Price")),
                        state: State::Translated,
                    },
                    Unit {
                        id: "s2".into(),
                        name: None,
                        notes: vec![],
                        source: Content::text("Chào"),
                        target: None,
                        state: State::Initial,
                    },
                ],
            }],
        };
        let xml = write(&doc);
        assert!(
            xml.contains("<file original=\"f1\" source-language=\"vi\" target-language=\"en\" datatype=\"plaintext\">")
        );
        assert!(xml.contains("<header>\n      <note>Article &amp; notes</note>"));
        assert!(xml.contains("<source>Giá &lt;b&gt; <x id=\"ph1\" equiv-text=\"{0}\"/><mrk mtype=\"term\" mid=\"t1\" comment=\"Price\">giá</mrk></source>"), "{xml}");
        assert!(xml.contains("<target state=\"translated\">Price</target>"));
        assert!(!xml.contains("<trans-unit id=\"s2\">\n        <source>Chào</source>\n        <target"));
    }
}
