//! LibreTranslate: `POST /translate` with `{q: [...], source, target, format, api_key?}` →
//! `{translatedText: [...]}`. Its 429 ("Slowdown") is retried; 400 answers carry `{error}`.

use serde_json::{json, Value};

use super::deepl::outputs;
use super::http::{join_url, Body, Http};
use super::registry::{base_url, key, EngineTuning};
use super::{
    Capabilities, Engine, EngineError, EngineFuture, EngineOutput, LangPair, MarkupSupport, Refusal, SourceSegment,
};
use crate::config::LibreTranslateSettings;

pub struct LibreTranslateEngine {
    name: String,
    http: Http,
    base: String,
    max_batch: usize,
}

impl LibreTranslateEngine {
    pub fn new(
        name: &str,
        settings: &LibreTranslateSettings,
        tuning: &EngineTuning,
    ) -> Result<LibreTranslateEngine, EngineError> {
        let key = key(name, &settings.common(), false)?;
        let base = base_url(name, &settings.url, None)?;
        Ok(LibreTranslateEngine {
            name: name.to_string(),
            http: Http::new(name, tuning.timeout, key)?,
            base,
            max_batch: tuning.batch_size,
        })
    }
}

/// LibreTranslate's codes are bare languages ("zh" aside, which it spells "zh-Hans" in newer versions).
fn code(tag: &str) -> String {
    tag.split('-').next().unwrap_or(tag).to_ascii_lowercase()
}

impl Engine for LibreTranslateEngine {
    fn name(&self) -> &str {
        &self.name
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities { max_batch: self.max_batch, pairs: None, markup: MarkupSupport::Html, blocking: false }
    }

    fn translate_explained<'a>(&'a self, pair: &'a LangPair, batch: &'a [SourceSegment]) -> EngineFuture<'a> {
        Box::pin(self.translate_batch(pair, batch))
    }
}

impl LibreTranslateEngine {
    async fn translate_batch(
        &self,
        pair: &LangPair,
        batch: &[SourceSegment],
    ) -> Result<(Vec<EngineOutput>, Vec<Refusal>), EngineError> {
        let texts: Vec<&str> = batch.iter().map(|s| s.text.as_str()).collect();
        let html = texts.iter().any(|t| t.contains('<'));
        let mut body = json!({
            "q": texts,
            "source": code(&pair.source),
            "target": code(&pair.target),
            "format": if html { "html" } else { "text" },
        });
        if let Some(key) = self.http.key() {
            body["api_key"] = json!(key.expose());
        }
        let url = join_url(&self.base, "translate");
        let answer = self.http.post(&url, &[], Body::Json(&body), |_, _| None).await?;
        let parsed: Value = serde_json::from_str(&answer.body).map_err(|e| self.http.malformed(e))?;
        let answers: Vec<Option<String>> = match &parsed["translatedText"] {
            Value::Array(list) => list.iter().map(|t| t.as_str().map(str::to_string)).collect(),
            Value::String(one) => vec![Some(one.clone())],
            _ => return Err(self.http.malformed("translatedText")),
        };
        if answers.len() != batch.len() {
            let detail = crate::t!("engine-count-mismatch", sent = batch.len(), received = answers.len());
            return Err(self.http.malformed(detail));
        }
        Ok(outputs(&self.name, batch, answers))
    }
}
