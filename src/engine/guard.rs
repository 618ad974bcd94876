//! Term protection around a machine engine: [`GuardedEngine`] hides each glossary term of a segment behind a
//! marker (or hands it to the engine's own glossary), calls the engine, puts the house rendering back and checks
//! it is there. A segment whose terms do not survive is tried again with the next strategy of
//! [`strategies_for`]; one that fails them all comes back untranslated, refused with every failure as the
//! reason, so translators see why.

use std::collections::HashMap;
use std::sync::Arc;

use super::registry::{NoGlossary, StaticGlossary};
use super::{
    Capabilities, Engine, EngineError, EngineFuture, EngineOutput, LangPair, Refusal, SourceSegment, Translation,
};
use crate::glossary::protect::{protect, restore_and_verify, strategies_for, Protected, Strategy, TermSpan};
use crate::t;

/// Finds the glossary terms of a source text, with their renderings in the target language.
pub trait TermFinder: Send + Sync {
    /// Spans of `text` (in `pair.source`) to protect, sorted and not overlapping; empty when the glossary has
    /// nothing for the pair.
    fn term_spans(&self, pair: &LangPair, text: &str) -> Vec<TermSpan>;
}

impl TermFinder for NoGlossary {
    fn term_spans(&self, _pair: &LangPair, _text: &str) -> Vec<TermSpan> {
        Vec::new()
    }
}

/// A fixed list of engine-side pairs has no spans to protect.
impl TermFinder for StaticGlossary {
    fn term_spans(&self, _pair: &LangPair, _text: &str) -> Vec<TermSpan> {
        Vec::new()
    }
}

/// A machine engine whose calls keep the glossary's terms.
pub struct GuardedEngine {
    inner: Arc<dyn Engine>,
    terms: Arc<dyn TermFinder>,
    strategies: Vec<Strategy>,
}

impl GuardedEngine {
    /// Wraps `inner`; `engine_has_glossary` says whether the engine is given the glossary's pairs itself
    /// (DeepL, LLMs), which makes [`Strategy::EngineGlossary`] the first strategy.
    pub fn new(inner: Arc<dyn Engine>, terms: Arc<dyn TermFinder>, engine_has_glossary: bool) -> GuardedEngine {
        let strategies = strategies_for(inner.capabilities().markup, engine_has_glossary);
        GuardedEngine { inner, terms, strategies }
    }

    /// The strategies tried, best first.
    pub fn strategies(&self) -> &[Strategy] {
        &self.strategies
    }
}

/// A segment with terms, on its way through the strategies.
struct Guarded {
    index: usize,
    spans: Vec<TermSpan>,
    /// (strategy, failures) of each strategy tried so far.
    failures: Vec<String>,
}

impl Engine for GuardedEngine {
    fn name(&self) -> &str {
        self.inner.name()
    }

    fn capabilities(&self) -> Capabilities {
        self.inner.capabilities()
    }

    fn translate_explained<'a>(&'a self, pair: &'a LangPair, batch: &'a [SourceSegment]) -> EngineFuture<'a> {
        Box::pin(self.translate_guarded(pair, batch))
    }
}

impl GuardedEngine {
    async fn translate_guarded(
        &self,
        pair: &LangPair,
        batch: &[SourceSegment],
    ) -> Result<(Vec<EngineOutput>, Vec<Refusal>), EngineError> {
        let mut outputs: Vec<Option<EngineOutput>> = vec![None; batch.len()];
        let mut refusals: Vec<Refusal> = Vec::new();
        let mut plain = Vec::new();
        let mut waiting = Vec::new();
        for (index, segment) in batch.iter().enumerate() {
            let spans = self.terms.term_spans(pair, &segment.text);
            if spans.is_empty() {
                plain.push(index);
            } else {
                waiting.push(Guarded { index, spans, failures: Vec::new() });
            }
        }

        for (round, &strategy) in self.strategies.iter().enumerate() {
            // Segments without terms ride along with the first round, as they are.
            let passing: &[usize] = if round == 0 { &plain } else { &[] };
            if waiting.is_empty() && passing.is_empty() {
                break;
            }
            let protected: Vec<Protected> =
                waiting.iter().map(|g| protect(&batch[g.index].text, &g.spans, strategy)).collect();
            let mut sent: Vec<SourceSegment> = passing.iter().map(|&i| batch[i].clone()).collect();
            sent.extend(
                waiting
                    .iter()
                    .zip(&protected)
                    .map(|(g, p)| SourceSegment { id: batch[g.index].id.clone(), text: p.text.clone() }),
            );
            let (answers, inner_refusals) = self.inner.translate_explained(pair, &sent).await?;
            let mut answers: HashMap<String, EngineOutput> =
                answers.into_iter().map(|o| (o.segment_id.clone(), o)).collect();
            let mut inner_refusals: HashMap<String, Refusal> =
                inner_refusals.into_iter().map(|r| (r.segment_id.clone(), r)).collect();

            for &index in passing {
                let id = &batch[index].id;
                outputs[index] = answers.remove(id);
                refusals.extend(inner_refusals.remove(id));
            }
            let mut retry = Vec::new();
            for (mut guarded, protected) in waiting.into_iter().zip(protected) {
                let id = batch[guarded.index].id.clone();
                let Some(mut answer) = answers.remove(&id) else {
                    refusals.extend(inner_refusals.remove(&id));
                    continue;
                };
                let Some(translation) = answer.translation.take() else {
                    // The engine refused for reasons of its own: not a matter for another strategy.
                    refusals.extend(inner_refusals.remove(&id));
                    outputs[guarded.index] = Some(answer);
                    continue;
                };
                match restore_and_verify(&protected, &translation.text) {
                    Ok(text) => {
                        answer.translation = Some(Translation { text, ..translation });
                        outputs[guarded.index] = Some(answer);
                    }
                    Err(failures) => {
                        let listed: Vec<String> = failures.iter().map(ToString::to_string).collect();
                        guarded.failures.push(t!(
                            "engine-guard-strategy-failed",
                            strategy = strategy.as_str().to_string(),
                            failures = listed.join("; ")
                        ));
                        outputs[guarded.index] = Some(answer);
                        retry.push(guarded);
                    }
                }
            }
            waiting = retry;
        }

        for guarded in waiting {
            refusals.push(Refusal {
                segment_id: batch[guarded.index].id.clone(),
                reason: t!("engine-guard-terms-lost", failures = guarded.failures.join(" | ")),
            });
        }
        // One output per input segment, in order; a segment the engine left out stays left out (the route says so).
        let outputs = outputs.into_iter().flatten().collect();
        Ok((outputs, refusals))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Mutex;

    use super::*;
    use crate::engine::runtime::block_on;
    use crate::engine::{MarkupSupport, Origin};
    use crate::glossary::protect::term_spans;
    use crate::glossary::{Glossary, Matcher};

    struct Terms(Glossary, Matcher);

    impl TermFinder for Terms {
        fn term_spans(&self, pair: &LangPair, text: &str) -> Vec<TermSpan> {
            if pair.source != "vi" {
                return Vec::new();
            }
            term_spans(&self.1.find(text), &self.0, &pair.target, None)
        }
    }

    fn terms() -> Arc<dyn TermFinder> {
        let (g, issues) = Glossary::parse_str(
            "vi\ten\tkind\tstatus\n\
             Bí thư Tỉnh ủy\tSecretary of the Provincial Party Committee\ttitle\tapproved\n",
            Path::new("g.tsv"),
        );
        assert!(issues.is_empty(), "{issues:?}");
        let matcher = g.matcher();
        Arc::new(Terms(g, matcher))
    }

    /// "Translates" by rewriting words, and damages the markers as told; records what it was sent.
    struct Fake {
        markup: MarkupSupport,
        damage: fn(&str) -> String,
        sent: Mutex<Vec<String>>,
    }

    impl Fake {
        fn new(markup: MarkupSupport, damage: fn(&str) -> String) -> Arc<Fake> {
            Arc::new(Fake { markup, damage, sent: Mutex::new(Vec::new()) })
        }
    }

    impl Engine for Fake {
        fn name(&self) -> &str {
            "fake"
        }
        fn capabilities(&self) -> Capabilities {
            Capabilities { max_batch: 10, pairs: None, markup: self.markup, blocking: false }
        }
        fn translate_explained<'a>(&'a self, _pair: &'a LangPair, batch: &'a [SourceSegment]) -> EngineFuture<'a> {
            let outputs = batch
                .iter()
                .map(|s| {
                    self.sent.lock().unwrap().push(s.text.clone());
                    let text = (self.damage)(
                        &s.text.replace("dự họp", "attended").replace("Bí thư Tỉnh ủy", "the Party chief"),
                    );
                    EngineOutput {
                        segment_id: s.id.clone(),
                        translation: Some(Translation {
                            segment_id: s.id.clone(),
                            text,
                            origin: Origin::Machine { engine: "fake".into() },
                        }),
                        suggestions: Vec::new(),
                    }
                })
                .collect();
            Box::pin(async move { Ok((outputs, Vec::new())) })
        }
    }

    fn batch() -> Vec<SourceSegment> {
        vec![
            SourceSegment { id: "s1".into(), text: "Bí thư Tỉnh ủy dự họp.".into() },
            SourceSegment { id: "s2".into(), text: "Ông dự họp.".into() },
        ]
    }

    fn vi_en() -> LangPair {
        LangPair::new("vi", "en")
    }

    #[test]
    fn kept_terms_get_the_house_rendering() {
        let fake = Fake::new(MarkupSupport::InlineTags, |s| s.to_string());
        let guard = GuardedEngine::new(fake.clone(), terms(), false);
        let (outputs, refusals) = block_on(guard.translate_explained(&vi_en(), &batch())).unwrap();
        assert!(refusals.is_empty(), "{refusals:?}");
        let texts: Vec<&str> = outputs.iter().map(|o| o.translation.as_ref().unwrap().text.as_str()).collect();
        assert_eq!(texts, ["Secretary of the Provincial Party Committee attended.", "Ông attended."]);
        // One call: the plain segment as it is, the other with its term behind a tag.
        assert_eq!(*fake.sent.lock().unwrap(), ["Ông dự họp.", "<x id=\"1\"/> dự họp."]);
    }

    #[test]
    fn a_dropped_tag_is_retried_with_placeholders() {
        // Drops inline tags, keeps tokens.
        let fake = Fake::new(MarkupSupport::InlineTags, |s| s.replace("<x id=\"1\"/>", ""));
        let guard = GuardedEngine::new(fake.clone(), terms(), false);
        assert_eq!(guard.strategies(), [Strategy::InlineTags, Strategy::Placeholders]);
        let (outputs, refusals) = block_on(guard.translate_explained(&vi_en(), &batch())).unwrap();
        assert!(refusals.is_empty(), "{refusals:?}");
        assert_eq!(
            outputs[0].translation.as_ref().unwrap().text,
            "Secretary of the Provincial Party Committee attended."
        );
        assert_eq!(*fake.sent.lock().unwrap(), ["Ông dự họp.", "<x id=\"1\"/> dự họp.", "⟦T1⟧ dự họp."]);
    }

    #[test]
    fn terms_lost_by_every_strategy_are_refused_with_the_reasons() {
        // Doubles every marker.
        let fake = Fake::new(MarkupSupport::InlineTags, |s| {
            s.replace("<x id=\"1\"/>", "<x id=\"1\"/> <x id=\"1\"/>").replace("⟦T1⟧", "⟦T1⟧ ⟦T1⟧")
        });
        let guard = GuardedEngine::new(fake, terms(), false);
        let (outputs, refusals) = block_on(guard.translate_explained(&vi_en(), &batch())).unwrap();
        assert_eq!(outputs.len(), 2);
        assert_eq!(outputs[0].translation, None);
        assert_eq!(outputs[1].translation.as_ref().unwrap().text, "Ông attended.");
        assert_eq!(refusals.len(), 1);
        assert_eq!(refusals[0].segment_id, "s1");
        assert_eq!(
            refusals[0].reason,
            "glossary terms did not survive translation (inline-tags: term title:bi-thu-tinh-uy: the engine repeated \
             its marker <x id=\"1\"/> (2 times) | placeholders: term title:bi-thu-tinh-uy: the engine repeated its \
             marker ⟦T1⟧ (2 times))"
        );
    }

    #[test]
    fn an_engine_glossary_is_checked_on_the_rendering_then_falls_back() {
        // The engine ignores its glossary (renders "the Party chief"); placeholders then survive.
        let fake = Fake::new(MarkupSupport::None, |s| s.to_string());
        let guard = GuardedEngine::new(fake.clone(), terms(), true);
        let (outputs, refusals) = block_on(guard.translate_explained(&vi_en(), &batch())).unwrap();
        assert!(refusals.is_empty(), "{refusals:?}");
        assert_eq!(
            outputs[0].translation.as_ref().unwrap().text,
            "Secretary of the Provincial Party Committee attended."
        );
        assert_eq!(*fake.sent.lock().unwrap(), ["Ông dự họp.", "Bí thư Tỉnh ủy dự họp.", "⟦T1⟧ dự họp."]);
    }

    #[test]
    fn other_source_languages_pass_untouched() {
        let fake = Fake::new(MarkupSupport::InlineTags, |s| s.to_string());
        let guard = GuardedEngine::new(fake.clone(), terms(), false);
        let (outputs, _) = block_on(guard.translate_explained(&LangPair::new("en", "es"), &batch())).unwrap();
        assert_eq!(outputs[0].translation.as_ref().unwrap().text, "the Party chief attended.");
    }
}
