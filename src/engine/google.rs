//! Google Cloud Translation: v2 (basic: `POST /language/translate/v2`, API key in the `X-Goog-Api-Key` header)
//! and v3 (advanced: `POST /v3/projects/{p}/locations/{l}:translateText`, OAuth token, optional glossary whose
//! results are read from `glossaryTranslations`). Markup goes as HTML, plain text as text.

use serde_json::{json, Value};

use super::deepl::outputs;
use super::http::{join_url, Body, Http};
use super::registry::{base_url, key, EngineTuning};
use super::{
    Capabilities, Engine, EngineError, EngineFuture, EngineOutput, LangPair, MarkupSupport, Refusal, SourceSegment,
};
use crate::config::GoogleSettings;

/// Google's limit of segments per request.
const MAX_SEGMENTS: usize = 128;

pub struct GoogleEngine {
    name: String,
    http: Http,
    base: String,
    v3: Option<V3>,
    max_batch: usize,
}

struct V3 {
    project: String,
    location: String,
    glossary: Option<String>,
}

impl GoogleEngine {
    pub fn new(name: &str, settings: &GoogleSettings, tuning: &EngineTuning) -> Result<GoogleEngine, EngineError> {
        let key = key(name, &settings.common(), true)?;
        let base = base_url(name, &settings.url, Some("https://translation.googleapis.com"))?;
        let v3 = (settings.api.as_deref() == Some("v3")).then(|| {
            let project = settings.project.clone().unwrap_or_default();
            let location = settings.location.clone().unwrap_or_else(|| "global".to_string());
            let glossary = settings
                .glossary_id
                .as_ref()
                .map(|id| format!("projects/{project}/locations/{location}/glossaries/{id}"));
            V3 { project, location, glossary }
        });
        Ok(GoogleEngine {
            name: name.to_string(),
            http: Http::new(name, tuning.timeout, key)?,
            base,
            v3,
            max_batch: tuning.batch_size.min(MAX_SEGMENTS),
        })
    }

    fn key(&self) -> String {
        self.http.key().map(|k| k.expose().to_string()).unwrap_or_default()
    }

    async fn v2(&self, pair: &LangPair, texts: &[&str], html: bool) -> Result<Vec<Option<String>>, EngineError> {
        let body = json!({
            "q": texts,
            "source": pair.source,
            "target": pair.target,
            "format": if html { "html" } else { "text" },
        });
        let url = join_url(&self.base, "language/translate/v2");
        let answer = self.http.post(&url, &[("X-Goog-Api-Key", self.key())], Body::Json(&body), |_, _| None).await?;
        let parsed: Value = serde_json::from_str(&answer.body).map_err(|e| self.http.malformed(e))?;
        let list = parsed["data"]["translations"].as_array().ok_or_else(|| self.http.malformed("data.translations"))?;
        Ok(list.iter().map(|t| t["translatedText"].as_str().map(|s| unescape(s, html))).collect())
    }

    async fn v3(
        &self,
        v3: &V3,
        pair: &LangPair,
        texts: &[&str],
        html: bool,
    ) -> Result<Vec<Option<String>>, EngineError> {
        let mut body = json!({
            "contents": texts,
            "mimeType": if html { "text/html" } else { "text/plain" },
            "sourceLanguageCode": pair.source,
            "targetLanguageCode": pair.target,
        });
        if let Some(glossary) = &v3.glossary {
            body["glossaryConfig"] = json!({ "glossary": glossary });
        }
        let path = format!("v3/projects/{}/locations/{}:translateText", v3.project, v3.location);
        let url = join_url(&self.base, &path);
        let auth = [("Authorization", format!("Bearer {}", self.key()))];
        let answer = self.http.post(&url, &auth, Body::Json(&body), |_, _| None).await?;
        let parsed: Value = serde_json::from_str(&answer.body).map_err(|e| self.http.malformed(e))?;
        // With a glossary the glossary-applied versions are the ones to use.
        let field = if v3.glossary.is_some() { "glossaryTranslations" } else { "translations" };
        let list = parsed[field].as_array().ok_or_else(|| self.http.malformed(field))?;
        Ok(list.iter().map(|t| t["translatedText"].as_str().map(|s| unescape(s, html))).collect())
    }
}

/// HTML answers escape quotes and ampersands; markup itself stays.
fn unescape(text: &str, html: bool) -> String {
    if !html {
        return text.to_string();
    }
    text.replace("&#39;", "'").replace("&#x27;", "'").replace("&quot;", "\"").replace("&amp;", "&")
}

impl Engine for GoogleEngine {
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

impl GoogleEngine {
    async fn translate_batch(
        &self,
        pair: &LangPair,
        batch: &[SourceSegment],
    ) -> Result<(Vec<EngineOutput>, Vec<Refusal>), EngineError> {
        let texts: Vec<&str> = batch.iter().map(|s| s.text.as_str()).collect();
        let html = texts.iter().any(|t| t.contains('<'));
        let answers = match &self.v3 {
            Some(v3) => self.v3(v3, pair, &texts, html).await?,
            None => self.v2(pair, &texts, html).await?,
        };
        if answers.len() != batch.len() {
            let detail = crate::t!("engine-count-mismatch", sent = batch.len(), received = answers.len());
            return Err(self.http.malformed(detail));
        }
        Ok(outputs(&self.name, batch, answers))
    }
}
