//! DeepL: `POST /v2/translate`, and a v3 glossary per language pair kept in sync with our term bases.
//!
//! Tag handling is not available for Vietnamese sources, so terms are protected by the glossary, not by
//! markup; from other sources (a pivot) `<x id="n"/>` placeholders are sent with `tag_handling = "xml"`.
//! The glossary's name carries a hash of its entries: an unchanged glossary is found again by name and reused,
//! a changed one is created anew and the stale ones of the pair are deleted.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{json, Value};

use super::http::{join_url, Body, Http};
use super::registry::{base_url, key, EngineTuning, GlossaryEntries};
use super::{
    Capabilities, Engine, EngineError, EngineFuture, EngineOutput, LangPair, MarkupSupport, Origin, SourceSegment,
};
use super::{Refusal, Translation};
use crate::config::DeeplSettings;

/// Longest glossary term DeepL accepts, in bytes.
const MAX_TERM_BYTES: usize = 1024;

pub struct DeeplEngine {
    name: String,
    http: Http,
    base: String,
    formality: Option<String>,
    use_glossary: bool,
    max_batch: usize,
    glossary: Arc<dyn GlossaryEntries>,
    /// Glossary id per pair once synced (`None`: no entries for that pair). Held across the sync, so calls in
    /// flight together create one glossary, not one each.
    glossaries: tokio::sync::Mutex<HashMap<LangPair, Option<String>>>,
}

impl DeeplEngine {
    pub fn new(
        name: &str,
        settings: &DeeplSettings,
        tuning: &EngineTuning,
        glossary: Arc<dyn GlossaryEntries>,
    ) -> Result<DeeplEngine, EngineError> {
        let key = key(name, &settings.common(), true)?.expect("required key");
        // Free-plan keys end in ":fx" and have their own host.
        let default =
            if key.expose().ends_with(":fx") { "https://api-free.deepl.com" } else { "https://api.deepl.com" };
        let base = base_url(name, &settings.url, Some(default))?;
        Ok(DeeplEngine {
            name: name.to_string(),
            http: Http::new(name, tuning.timeout, Some(key))?,
            base,
            formality: settings.formality.clone(),
            use_glossary: settings.glossary.unwrap_or(true),
            max_batch: tuning.batch_size.min(50),
            glossary,
            glossaries: tokio::sync::Mutex::new(HashMap::new()),
        })
    }

    fn auth(&self) -> Vec<(&'static str, String)> {
        let key = self.http.key().map(|k| k.expose().to_string()).unwrap_or_default();
        vec![("Authorization", format!("DeepL-Auth-Key {key}"))]
    }

    /// The glossary id for `pair`, creating or replacing the DeepL glossary when our entries changed.
    async fn glossary_for(&self, pair: &LangPair) -> Result<Option<String>, EngineError> {
        if !self.use_glossary {
            return Ok(None);
        }
        let mut glossaries = self.glossaries.lock().await;
        if let Some(known) = glossaries.get(pair) {
            return Ok(known.clone());
        }
        let entries = clean_entries(self.glossary.entries(pair));
        let id = if entries.is_empty() { None } else { Some(self.sync_glossary(pair, &entries).await?) };
        glossaries.insert(pair.clone(), id.clone());
        Ok(id)
    }

    async fn sync_glossary(&self, pair: &LangPair, entries: &[(String, String)]) -> Result<String, EngineError> {
        let tsv: String = entries.iter().map(|(s, t)| format!("{s}\t{t}\n")).collect();
        let prefix = format!("dich-{}-{}-", primary(&pair.source), primary(&pair.target));
        let name = format!("{prefix}{}", &blake3::hash(tsv.as_bytes()).to_hex()[..16]);
        let listing = self.get_json("v3/glossaries").await?;
        let existing: Vec<(String, String)> = listing["glossaries"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|g| Some((g["glossary_id"].as_str()?.to_string(), g["name"].as_str()?.to_string())))
            .filter(|(_, n)| n.starts_with(&prefix))
            .collect();
        if let Some((id, _)) = existing.iter().find(|(_, n)| *n == name) {
            return Ok(id.clone());
        }
        let body = json!({
            "name": name,
            "dictionaries": [{
                "source_lang": primary(&pair.source),
                "target_lang": primary(&pair.target),
                "entries": tsv,
                "entries_format": "tsv",
            }],
        });
        let url = join_url(&self.base, "v3/glossaries");
        let answer = self.http.post(&url, &self.auth(), Body::Json(&body), |_, _| None).await?;
        let created: Value = serde_json::from_str(&answer.body).map_err(|e| self.http.malformed(e))?;
        let id = created["glossary_id"].as_str().ok_or_else(|| self.http.malformed("glossary_id"))?.to_string();
        for (stale, _) in existing {
            // A stale glossary left behind costs nothing; failing to delete it is not worth stopping for.
            if let Err(error) = self.delete(&format!("v3/glossaries/{stale}")).await {
                tracing::warn!(engine = %self.name, %error, "stale DeepL glossary not deleted");
            }
        }
        Ok(id)
    }

    async fn get_json(&self, path: &str) -> Result<Value, EngineError> {
        let answer = self.http.get(&join_url(&self.base, path), &self.auth()).await?;
        serde_json::from_str(&answer.body).map_err(|e| self.http.malformed(e))
    }

    async fn delete(&self, path: &str) -> Result<(), EngineError> {
        self.http.delete(&join_url(&self.base, path), &self.auth()).await.map(|_| ())
    }
}

/// DeepL's glossary rules: no empty terms, no surrounding whitespace, no repeated source, ≤1024 bytes per term.
fn clean_entries(entries: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<(String, String)> = entries
        .into_iter()
        .map(|(s, t)| (s.trim().replace(['\t', '\n', '\r'], " "), t.trim().replace(['\t', '\n', '\r'], " ")))
        .filter(|(s, t)| !s.is_empty() && !t.is_empty() && s.len() <= MAX_TERM_BYTES && t.len() <= MAX_TERM_BYTES)
        .filter(|(s, _)| seen.insert(s.clone()))
        .collect();
    out.sort();
    out
}

/// "en-GB" → "EN"; DeepL glossaries and source languages take the bare language.
fn primary(tag: &str) -> String {
    tag.split('-').next().unwrap_or(tag).to_ascii_uppercase()
}

/// Target codes: DeepL wants a variant for English and Portuguese.
fn target_code(tag: &str) -> String {
    let upper = tag.to_ascii_uppercase();
    match upper.as_str() {
        "EN" => "EN-US".to_string(),
        "PT" => "PT-PT".to_string(),
        _ => upper,
    }
}

impl Engine for DeeplEngine {
    fn name(&self) -> &str {
        &self.name
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities { max_batch: self.max_batch, pairs: None, markup: MarkupSupport::None, blocking: false }
    }

    fn translate_explained<'a>(&'a self, pair: &'a LangPair, batch: &'a [SourceSegment]) -> EngineFuture<'a> {
        Box::pin(self.translate_batch(pair, batch))
    }
}

impl DeeplEngine {
    async fn translate_batch(
        &self,
        pair: &LangPair,
        batch: &[SourceSegment],
    ) -> Result<(Vec<EngineOutput>, Vec<Refusal>), EngineError> {
        let glossary_id = self.glossary_for(pair).await?;
        let texts: Vec<&str> = batch.iter().map(|s| s.text.as_str()).collect();
        let mut body = json!({
            "text": texts,
            "source_lang": primary(&pair.source),
            "target_lang": target_code(&pair.target),
        });
        if let Some(formality) = &self.formality {
            body["formality"] = json!(formality);
        }
        if let Some(id) = glossary_id {
            body["glossary_id"] = json!(id);
        }
        if primary(&pair.source) != "VI" && texts.iter().any(|t| t.contains('<')) {
            body["tag_handling"] = json!("xml");
        }
        let url = join_url(&self.base, "v2/translate");
        let answer = self.http.post(&url, &self.auth(), Body::Json(&body), |_, _| None).await?;
        let parsed: Value = serde_json::from_str(&answer.body).map_err(|e| self.http.malformed(e))?;
        let texts: Vec<Option<String>> = parsed["translations"]
            .as_array()
            .ok_or_else(|| self.http.malformed("translations"))?
            .iter()
            .map(|t| t["text"].as_str().map(str::to_string))
            .collect();
        if texts.len() != batch.len() {
            return Err(self.http.malformed(crate::t!(
                "engine-count-mismatch",
                sent = batch.len(),
                received = texts.len()
            )));
        }
        Ok(outputs(&self.name, batch, texts))
    }
}

/// One output per segment from answers in input order; a missing answer becomes a refusal.
pub(crate) fn outputs(
    engine: &str,
    batch: &[SourceSegment],
    texts: Vec<Option<String>>,
) -> (Vec<EngineOutput>, Vec<Refusal>) {
    let mut refusals = Vec::new();
    let outputs = batch
        .iter()
        .zip(texts)
        .map(|(segment, text)| {
            let translation = match text {
                Some(text) if !text.trim().is_empty() || segment.text.trim().is_empty() => Some(Translation {
                    segment_id: segment.id.clone(),
                    text,
                    origin: Origin::Machine { engine: engine.to_string() },
                }),
                _ => {
                    refusals.push(Refusal { segment_id: segment.id.clone(), reason: crate::t!("engine-empty-answer") });
                    None
                }
            };
            EngineOutput { segment_id: segment.id.clone(), translation, suggestions: Vec::new() }
        })
        .collect();
    (outputs, refusals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glossary_entries_follow_deepl_rules() {
        let entries = vec![
            (" Bộ Y tế ".to_string(), "Ministry of Health".to_string()),
            ("Bộ Y tế".to_string(), "Health Ministry".to_string()),
            ("".to_string(), "x".to_string()),
            ("a\tb".to_string(), "c".to_string()),
        ];
        assert_eq!(
            clean_entries(entries),
            vec![("Bộ Y tế".to_string(), "Ministry of Health".to_string()), ("a b".to_string(), "c".to_string())]
        );
        assert_eq!(target_code("en"), "EN-US");
        assert_eq!(target_code("en-GB"), "EN-GB");
        assert_eq!(primary("zh-Hans"), "ZH");
    }
}
