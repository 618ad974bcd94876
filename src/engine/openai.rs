//! OpenAI-compatible chat completions (OpenAI, Ollama, vLLM, llama.cpp server): `POST {base}/v1/chat/completions`
//! with a JSON-schema response format. A batch goes as data — `{"segments":[{"id","text"}], "glossary":[…]}` —
//! and must come back as `{"translations":[{"id","text"}]}`.
//!
//! Models drop, merge and repeat items, wrap the JSON in commentary or code fences, and ignore glossaries: the
//! JSON object is dug out of the reply, every id is checked (missing or repeated ones are refused with the
//! reason), and glossary terms found in a source must have their target in the translation.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{json, Value};

use super::http::{join_url, Body, Http, Verdict};
use super::registry::{base_url, key, EngineTuning, GlossaryEntries};
use super::{Capabilities, Engine, EngineError, EngineFuture, EngineOutput, LangPair, MarkupSupport, Origin, Refusal};
use super::{SourceSegment, Translation};
use crate::config::OpenAiSettings;
use crate::t;

const SYSTEM_PROMPT: &str = "You are a professional news translator. Translate each segment of the user's JSON \
from the source language to the target language. Keep every inline tag such as <x id=\"1\"/> or <b>…</b> exactly \
as written. Where a glossary entry's source term occurs, use its target term. Answer with JSON only: \
{\"translations\":[{\"id\":…,\"text\":…}]}, one item per segment, same ids, nothing else.";

pub struct OpenAiEngine {
    name: String,
    http: Http,
    url: String,
    model: String,
    temperature: f64,
    max_batch: usize,
    glossary: Arc<dyn GlossaryEntries>,
}

impl OpenAiEngine {
    pub fn new(
        name: &str,
        settings: &OpenAiSettings,
        tuning: &EngineTuning,
        glossary: Arc<dyn GlossaryEntries>,
    ) -> Result<OpenAiEngine, EngineError> {
        let key = key(name, &settings.common(), false)?;
        let base = base_url(name, &settings.url, Some("https://api.openai.com"))?;
        // Servers are given either as a host ("http://localhost:11434") or with the API prefix (".../v1").
        let url = if base.ends_with("/v1") {
            join_url(&base, "chat/completions")
        } else {
            join_url(&base, "v1/chat/completions")
        };
        let model = settings
            .model
            .clone()
            .filter(|m| !m.trim().is_empty())
            .ok_or_else(|| EngineError::Setup { engine: name.to_string(), detail: t!("engine-setup-no-model") })?;
        Ok(OpenAiEngine {
            name: name.to_string(),
            http: Http::new(name, tuning.timeout, key)?,
            url,
            model,
            temperature: settings.temperature.unwrap_or(0.0),
            max_batch: tuning.batch_size,
            glossary,
        })
    }

    fn request_body(&self, pair: &LangPair, batch: &[SourceSegment], glossary: &[(String, String)]) -> Value {
        let segments: Vec<Value> =
            batch.iter().enumerate().map(|(i, s)| json!({"id": (i + 1).to_string(), "text": s.text})).collect();
        let glossary: Vec<Value> = glossary.iter().map(|(s, t)| json!({"source": s, "target": t})).collect();
        let user = json!({
            "source_language": pair.source,
            "target_language": pair.target,
            "glossary": glossary,
            "segments": segments,
        });
        json!({
            "model": self.model,
            "temperature": self.temperature,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": user.to_string()},
            ],
            "response_format": {
                "type": "json_schema",
                "json_schema": {
                    "name": "translations",
                    "strict": true,
                    "schema": {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["translations"],
                        "properties": {
                            "translations": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "additionalProperties": false,
                                    "required": ["id", "text"],
                                    "properties": {"id": {"type": "string"}, "text": {"type": "string"}},
                                },
                            },
                        },
                    },
                },
            },
        })
    }
}

/// The first JSON object in `content` that parses, ignoring commentary and code fences around it.
pub fn extract_json(content: &str) -> Option<Value> {
    let trimmed = content.trim();
    if let Ok(value) = serde_json::from_str::<Value>(trimmed) {
        if value.is_object() {
            return Some(value);
        }
    }
    let start = trimmed.find('{')?;
    let end = trimmed.rfind('}')?;
    if end <= start {
        return None;
    }
    serde_json::from_str::<Value>(&trimmed[start..=end]).ok().filter(Value::is_object)
}

/// 429 means "slow down" unless the body says the quota is gone.
fn classify(status: u16, body: &str) -> Option<Verdict> {
    (status == 429 && body.contains("insufficient_quota")).then_some(Verdict::OutForTheRun)
}

impl Engine for OpenAiEngine {
    fn name(&self) -> &str {
        &self.name
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities { max_batch: self.max_batch, pairs: None, markup: MarkupSupport::InlineTags, blocking: false }
    }

    fn translate_explained<'a>(&'a self, pair: &'a LangPair, batch: &'a [SourceSegment]) -> EngineFuture<'a> {
        Box::pin(self.translate_batch(pair, batch))
    }
}

impl OpenAiEngine {
    async fn translate_batch(
        &self,
        pair: &LangPair,
        batch: &[SourceSegment],
    ) -> Result<(Vec<EngineOutput>, Vec<Refusal>), EngineError> {
        let all_terms = self.glossary.entries(pair);
        // Only the terms that occur in this batch: a whole term base would crowd the context.
        let terms: Vec<(String, String)> =
            all_terms.into_iter().filter(|(source, _)| batch.iter().any(|s| contains_term(&s.text, source))).collect();
        let body = self.request_body(pair, batch, &terms);
        let auth: Vec<(&str, String)> =
            self.http.key().map(|k| ("Authorization", format!("Bearer {}", k.expose()))).into_iter().collect();
        let answer = self.http.post(&self.url, &auth, Body::Json(&body), classify).await?;
        let parsed: Value = serde_json::from_str(&answer.body).map_err(|e| self.http.malformed(e))?;
        let content = parsed["choices"][0]["message"]["content"]
            .as_str()
            .ok_or_else(|| self.http.malformed("choices[0].message.content"))?;
        let object = extract_json(content).ok_or_else(|| self.http.malformed(t!("engine-llm-no-json")))?;
        let items = object["translations"].as_array().ok_or_else(|| self.http.malformed("translations"))?;

        let mut by_id: HashMap<String, Vec<String>> = HashMap::new();
        for item in items {
            let id = match &item["id"] {
                Value::String(s) => s.trim().to_string(),
                Value::Number(n) => n.to_string(),
                _ => continue,
            };
            if let Some(text) = item["text"].as_str() {
                by_id.entry(id).or_default().push(text.to_string());
            }
        }
        let mut outputs = Vec::with_capacity(batch.len());
        let mut refusals = Vec::new();
        for (i, segment) in batch.iter().enumerate() {
            let answers = by_id.remove(&(i + 1).to_string()).unwrap_or_default();
            let result = match answers.as_slice() {
                [] => Err(t!("engine-llm-missing", sent = batch.len(), received = items.len())),
                [text] if text.trim().is_empty() => Err(t!("engine-empty-answer")),
                [text] => check_terms(&segment.text, text, &terms).map(|()| text.clone()),
                _ => Err(t!("engine-llm-repeated")),
            };
            let translation = match result {
                Ok(text) => Some(Translation {
                    segment_id: segment.id.clone(),
                    text,
                    origin: Origin::Machine { engine: self.name.clone() },
                }),
                Err(reason) => {
                    refusals.push(Refusal { segment_id: segment.id.clone(), reason });
                    None
                }
            };
            outputs.push(EngineOutput { segment_id: segment.id.clone(), translation, suggestions: Vec::new() });
        }
        Ok((outputs, refusals))
    }
}

fn contains_term(text: &str, term: &str) -> bool {
    text.to_lowercase().contains(&term.to_lowercase())
}

/// Every glossary term of the source has its target in the translation.
fn check_terms(source: &str, translation: &str, terms: &[(String, String)]) -> Result<(), String> {
    for (term, target) in terms {
        if contains_term(source, term) && !contains_term(translation, target) {
            return Err(t!("engine-llm-glossary", term = term.clone(), target = target.clone()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_found_inside_commentary() {
        let reply = "Here is the translation:\n```json\n{\"translations\":[{\"id\":\"1\",\"text\":\"Hi {there}\"}]}\n```\nEnjoy!";
        let value = extract_json(reply).unwrap();
        assert_eq!(value["translations"][0]["text"], "Hi {there}");
        assert!(extract_json("no json here").is_none());
        assert!(extract_json("{\"broken\": ").is_none());
    }

    #[test]
    fn glossary_terms_are_checked() {
        let terms = vec![("Bộ Y tế".to_string(), "Ministry of Health".to_string())];
        assert!(check_terms("Bộ Y tế họp", "The Ministry of Health met", &terms).is_ok());
        assert!(check_terms("Bộ Y tế họp", "The Health Ministry met", &terms).is_err());
        assert!(check_terms("Họp", "Meeting", &terms).is_ok());
    }
}
