//! Apertium APY: `POST /translate` form-encoded (`langpair=src|tgt`, `q`, `format=html`, `markUnknown`), one
//! text per request → `{"responseData":{"translatedText":…},"responseStatus":200}`.
//!
//! APY marks unknown words with `*`. `markUnknown=no` removes the marks with a regex that also eats real
//! asterisks, so it is only used for texts without any; for the others the marks are kept by APY and removed
//! here: a `*` before a word that the source has without one is a mark (unknown words come back as written).

use serde_json::Value;

use super::deepl::outputs;
use super::http::{join_url, Body, Http};
use super::registry::{base_url, EngineTuning};
use super::{
    Capabilities, Engine, EngineError, EngineFuture, EngineOutput, LangPair, MarkupSupport, Refusal, SourceSegment,
};
use crate::config::ApertiumSettings;

pub struct ApertiumEngine {
    name: String,
    http: Http,
    base: String,
}

impl ApertiumEngine {
    pub fn new(name: &str, settings: &ApertiumSettings, tuning: &EngineTuning) -> Result<ApertiumEngine, EngineError> {
        let base = base_url(name, &settings.url, None)?;
        Ok(ApertiumEngine { name: name.to_string(), http: Http::new(name, tuning.timeout, None)?, base })
    }

    async fn translate_one(&self, pair: &LangPair, text: &str) -> Result<String, EngineError> {
        let langpair = format!("{}|{}", code(&pair.source), code(&pair.target));
        let mark_unknown = if text.contains('*') { "yes" } else { "no" };
        let fields = [("langpair", langpair.as_str()), ("q", text), ("format", "html"), ("markUnknown", mark_unknown)];
        let url = join_url(&self.base, "translate");
        let answer = self
            .http
            .post(&url, &[], Body::Form(&fields), |status, body| {
                // A pair APY does not have will never work: stop asking.
                (status == 400 && body.contains("not installed")).then_some(super::http::Verdict::OutForTheRun)
            })
            .await?;
        let parsed: Value = serde_json::from_str(&answer.body).map_err(|e| self.http.malformed(e))?;
        let translated = parsed["responseData"]["translatedText"]
            .as_str()
            .ok_or_else(|| self.http.malformed("responseData.translatedText"))?;
        Ok(if mark_unknown == "yes" { strip_unknown_marks(text, translated) } else { translated.to_string() })
    }
}

/// APY takes ISO 639 codes; two-letter ones are mapped by APY itself, region subtags are not understood.
fn code(tag: &str) -> String {
    tag.split('-').next().unwrap_or(tag).to_ascii_lowercase()
}

/// Removes APY's unknown-word marks from `translated`, keeping asterisks the source really has.
fn strip_unknown_marks(source: &str, translated: &str) -> String {
    let mut out = String::with_capacity(translated.len());
    let mut rest = translated;
    while let Some(star) = rest.find('*') {
        out.push_str(&rest[..star]);
        let after = &rest[star + 1..];
        let word: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '\'').collect();
        let marked_in_source = source.contains(&format!("*{word}"));
        if word.is_empty() || marked_in_source || !source.contains(&word) {
            out.push('*');
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

impl Engine for ApertiumEngine {
    fn name(&self) -> &str {
        &self.name
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities { max_batch: 1, pairs: None, markup: MarkupSupport::InlineTags, blocking: false }
    }

    fn translate_explained<'a>(&'a self, pair: &'a LangPair, batch: &'a [SourceSegment]) -> EngineFuture<'a> {
        Box::pin(self.translate_batch(pair, batch))
    }
}

impl ApertiumEngine {
    async fn translate_batch(
        &self,
        pair: &LangPair,
        batch: &[SourceSegment],
    ) -> Result<(Vec<EngineOutput>, Vec<Refusal>), EngineError> {
        let mut answers = Vec::with_capacity(batch.len());
        for segment in batch {
            answers.push(Some(self.translate_one(pair, &segment.text).await?));
        }
        Ok(outputs(&self.name, batch, answers))
    }
}

#[cfg(test)]
mod tests {
    use super::strip_unknown_marks;

    #[test]
    fn unknown_marks_go_and_real_asterisks_stay() {
        assert_eq!(strip_unknown_marks("Hello *world* Zorblax", "Hola *Mundial* *Zorblax"), "Hola *Mundial* Zorblax");
        assert_eq!(strip_unknown_marks("a * b Qux", "un * b *Qux"), "un * b Qux");
    }
}
