//! Greedy and beam-search decoding over a batch, with the semantics of transformers' `generate()` for Marian.
//!
//! Both follow transformers so outputs are identical: the pad token (and other single-token `bad_words_ids`) is
//! banned, `</s>` is forced at the last position when the config has `forced_eos_token_id`, `max_length` counts the
//! decoder start token, and beam search keeps the best `beam` finished hypotheses scored as
//! `sum(log p) / generated_len ^ length_penalty`, stopping a sentence when no running beam can beat them.
//! Finished sentences leave the batch so the rest decode on fewer rows.

use candle_core::Result;
use rayon::prelude::*;

use super::model::{DecoderState, MarianModel};
use super::vector;

/// How to decode; see the module documentation for the exact semantics.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DecodeOptions {
    /// 1 is greedy decoding.
    pub beam: usize,
    /// Longest output, decoder start token included (transformers' `max_length`).
    pub max_length: usize,
    pub length_penalty: f64,
}

/// Tokens the decoder may not emit, and the forced `</s>`.
struct Rules {
    banned: Vec<u32>,
    /// `banned` as a flag per vocabulary entry, for the beam-search scan.
    is_banned: Vec<bool>,
    eos: u32,
    forced_eos: bool,
    max_length: usize,
}

impl Rules {
    /// Applies transformers' logits processors to one row of scores; `len` counts the tokens so far, start included.
    fn apply(&self, scores: &mut [f32], len: usize) {
        for &t in &self.banned {
            if let Some(s) = scores.get_mut(t as usize) {
                *s = f32::NEG_INFINITY;
            }
        }
        if self.forces_eos(len) {
            scores.iter_mut().for_each(|s| *s = f32::NEG_INFINITY);
            scores[self.eos as usize] = 0.0;
        }
    }

    /// Whether `</s>` is forced at this length (the last position the maximum length allows).
    fn forces_eos(&self, len: usize) -> bool {
        self.forced_eos && len == self.max_length - 1
    }

    /// The processed log-probability of token `t` whose log-softmax value is `logprob`: what [`Rules::apply`]
    /// would leave at `t` after a log-softmax, without writing the row.
    fn processed(&self, t: usize, logprob: f32, len: usize) -> f32 {
        if self.forces_eos(len) {
            if t == self.eos as usize {
                0.0
            } else {
                f32::NEG_INFINITY
            }
        } else if self.is_banned.get(t).copied().unwrap_or(false) {
            f32::NEG_INFINITY
        } else {
            logprob
        }
    }
}

/// Decodes every source (token ids ending in `</s>`); returns, per source, the generated ids after the decoder
/// start token, ending with `</s>` unless the maximum length cut the output.
pub fn generate(model: &MarianModel, sources: &[Vec<u32>], options: &DecodeOptions) -> Result<Vec<Vec<u32>>> {
    if sources.is_empty() {
        return Ok(Vec::new());
    }
    let config = &model.config;
    let banned = config.banned_tokens();
    let mut is_banned = vec![false; config.decoder_vocab()];
    for &t in &banned {
        if let Some(flag) = is_banned.get_mut(t as usize) {
            *flag = true;
        }
    }
    let rules = Rules {
        banned,
        is_banned,
        eos: config.eos_token_id,
        forced_eos: config.forced_eos_token_id == Some(config.eos_token_id),
        max_length: options.max_length.max(2),
    };
    let state = model.start(sources)?;
    if options.beam <= 1 {
        greedy(model, state, sources.len(), &rules)
    } else {
        beam_search(model, state, sources.len(), &rules, options.beam, options.length_penalty)
    }
}

fn greedy(model: &MarianModel, mut state: DecoderState, count: usize, rules: &Rules) -> Result<Vec<Vec<u32>>> {
    let start = model.config.decoder_start();
    let mut outputs = vec![Vec::new(); count];
    // Row r of the decoder state decodes sentence rows[r].
    let mut rows: Vec<usize> = (0..count).collect();
    let mut last = vec![start; count];
    let mut len = 1;
    while !rows.is_empty() && len < rules.max_length {
        let logits = model.step(&last, &mut state)?;
        let vocab = logits.len() / last.len();
        let mut keep = Vec::new();
        let mut next = Vec::new();
        for (r, scores) in logits.chunks_mut(vocab).enumerate() {
            rules.apply(scores, len);
            let token = argmax(scores);
            outputs[rows[r]].push(token);
            if token != rules.eos {
                keep.push(r as u32);
                next.push(token);
            }
        }
        len += 1;
        if keep.len() < rows.len() && !keep.is_empty() {
            state.select(&keep)?;
        }
        rows = keep.iter().map(|&r| rows[r as usize]).collect();
        last = next;
    }
    Ok(outputs)
}

/// First index of the largest score (torch.argmax picks the first of equals).
fn argmax(scores: &[f32]) -> u32 {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best as u32
}

/// The finished hypotheses of one sentence (transformers' `BeamHypotheses`).
struct Finished {
    /// (score, tokens after the start token, without `</s>`)
    beams: Vec<(f64, Vec<u32>)>,
    worst: f64,
    size: usize,
    length_penalty: f64,
}

impl Finished {
    fn new(size: usize, length_penalty: f64) -> Finished {
        Finished { beams: Vec::new(), worst: 1e9, size, length_penalty }
    }

    fn add(&mut self, tokens: Vec<u32>, sum_logprobs: f64, generated_len: usize) {
        let score = sum_logprobs / (generated_len as f64).powf(self.length_penalty);
        if self.beams.len() < self.size || score > self.worst {
            self.beams.push((score, tokens));
            if self.beams.len() > self.size {
                let mut order: Vec<(f64, usize)> = self.beams.iter().enumerate().map(|(i, b)| (b.0, i)).collect();
                order.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
                self.beams.remove(order[0].1);
                self.worst = order[1].0;
            } else {
                self.worst = self.worst.min(score);
            }
        }
    }

    /// Whether no running beam can still beat the worst kept hypothesis (`early_stopping=False`).
    fn is_done(&self, best_running: f64, generated_len: usize) -> bool {
        self.beams.len() >= self.size && self.worst >= best_running / (generated_len as f64).powf(self.length_penalty)
    }

    /// The best hypothesis; among equal scores the one added last, as Python's stable sort + pop gives.
    fn best(self) -> Vec<u32> {
        let mut best: Option<(f64, Vec<u32>)> = None;
        for (score, tokens) in self.beams {
            if best.as_ref().is_none_or(|(b, _)| score >= *b) {
                best = Some((score, tokens));
            }
        }
        best.map(|b| b.1).unwrap_or_default()
    }
}

/// What log-softmax subtracts from each score of a row, in f32 like torch, with the maximum taken out first.
fn log_normalizer(scores: &[f32]) -> f32 {
    let max = vector::max(scores);
    vector::sum_exp(scores, max).ln() + max
}

fn beam_search(
    model: &MarianModel,
    mut state: DecoderState,
    count: usize,
    rules: &Rules,
    beam: usize,
    length_penalty: f64,
) -> Result<Vec<Vec<u32>>> {
    let start = model.config.decoder_start();
    // Every sentence becomes `beam` rows; all beams start equal, so only the first one counts.
    state.expand(beam)?;
    let mut sentences: Vec<usize> = (0..count).collect();
    let mut finished: Vec<Option<Finished>> = (0..count).map(|_| Some(Finished::new(beam, length_penalty))).collect();
    let mut results: Vec<Vec<u32>> = vec![Vec::new(); count];
    let mut scores: Vec<f32> = (0..count * beam).map(|i| if i % beam == 0 { 0.0 } else { -1e9 }).collect();
    let mut tokens: Vec<Vec<u32>> = vec![Vec::new(); count * beam];
    let mut last = vec![start; count * beam];
    let mut len = 1;
    while !sentences.is_empty() && len < rules.max_length {
        let logits = model.step(&last, &mut state)?;
        let vocab = logits.len() / last.len();
        // The best 2 × beam candidates (score + log p, beam × vocab + token) of every running sentence, scanned
        // straight from the logits: the log-softmax and the logits processors are applied per value, not per row.
        let candidates: Vec<Vec<(f32, usize)>> = (0..sentences.len())
            .into_par_iter()
            .map(|slot| {
                let base = slot * beam;
                let mut top: Vec<(f32, usize)> = Vec::with_capacity(2 * beam + 1);
                for b in 0..beam {
                    let row = &logits[(base + b) * vocab..][..vocab];
                    let normalizer = log_normalizer(row);
                    let score = scores[base + b];
                    // Once `top` is full, a token whose unprocessed total does not beat its last entry cannot
                    // get in (the processors only lower scores, unless `</s>` is being forced), so most of the
                    // vocabulary is passed over with one comparison.
                    // Blocks of 16 tokens are tested together, without branches, so the test vectorizes.
                    let forced = rules.forces_eos(len);
                    let mut floor = if top.len() == 2 * beam { top[2 * beam - 1].0 } else { f32::NEG_INFINITY };
                    for (block, chunk) in row.chunks(16).enumerate() {
                        if top.len() == 2 * beam && !forced {
                            let mut any = false;
                            for &s in chunk {
                                any |= (s - normalizer) + score > floor;
                            }
                            if !any {
                                continue;
                            }
                        }
                        for (i, &s) in chunk.iter().enumerate() {
                            let t = block * 16 + i;
                            let total = rules.processed(t, s - normalizer, len) + score;
                            if top.len() < 2 * beam || total > floor {
                                let at = top.partition_point(|c| c.0 >= total);
                                top.insert(at, (total, b * vocab + t));
                                top.truncate(2 * beam);
                                floor = top[top.len() - 1].0;
                            }
                        }
                    }
                }
                top
            })
            .collect();
        let mut rows = Vec::new();
        let mut next_scores = Vec::new();
        let mut next_tokens = Vec::new();
        let mut next_last = Vec::new();
        let mut still = Vec::new();
        for (slot, &sentence) in sentences.iter().enumerate() {
            let base = slot * beam;
            let top = &candidates[slot];
            let hyps = finished[sentence].as_mut().expect("running sentences have hypotheses");
            let mut kept = 0;
            for (rank, &(score, flat)) in top.iter().enumerate() {
                let (b, t) = (flat / vocab, (flat % vocab) as u32);
                if t == rules.eos {
                    if rank >= beam {
                        continue;
                    }
                    hyps.add(tokens[base + b].clone(), f64::from(score), len);
                } else {
                    rows.push((base + b) as u32);
                    next_scores.push(score);
                    let mut seq = tokens[base + b].clone();
                    seq.push(t);
                    next_tokens.push(seq);
                    next_last.push(t);
                    kept += 1;
                }
                if kept == beam {
                    break;
                }
            }
            // Fewer than `beam` continuations only happens when every other score is -inf; pad with dead beams.
            while kept < beam {
                rows.push(base as u32);
                next_scores.push(f32::NEG_INFINITY);
                next_tokens.push(tokens[base].clone());
                next_last.push(start);
                kept += 1;
            }
            let best_running = top.first().map_or(f64::NEG_INFINITY, |c| f64::from(c.0));
            if hyps.is_done(best_running, len) {
                let rows_added = rows.len() - beam;
                rows.truncate(rows_added);
                next_scores.truncate(rows_added);
                next_tokens.truncate(rows_added);
                next_last.truncate(rows_added);
                let hyps = finished[sentence].take().expect("present");
                results[sentence] = with_eos(hyps.best(), rules);
            } else {
                still.push(sentence);
            }
        }
        len += 1;
        sentences = still;
        if sentences.is_empty() {
            break;
        }
        state.select(&rows)?;
        scores = next_scores;
        tokens = next_tokens;
        last = next_last;
    }
    // Sentences still running at the maximum length: their beams compete with the finished hypotheses.
    for (slot, &sentence) in sentences.iter().enumerate() {
        let mut hyps = finished[sentence].take().expect("present");
        for b in 0..beam {
            let seq = tokens[slot * beam + b].clone();
            let generated = seq.len();
            hyps.add(seq, f64::from(scores[slot * beam + b]), generated);
        }
        results[sentence] = with_eos(hyps.best(), rules);
    }
    Ok(results)
}

/// transformers appends `</s>` to a hypothesis when it fits within the maximum length.
fn with_eos(mut tokens: Vec<u32>, rules: &Rules) -> Vec<u32> {
    if tokens.len() + 1 < rules.max_length {
        tokens.push(rules.eos);
    }
    tokens
}

/// Logits of every step of a given output (teacher forcing), for comparison with a reference implementation.
pub fn step_logits(model: &MarianModel, source: &[u32], output: &[u32]) -> Result<Vec<Vec<f32>>> {
    let mut state = model.start(&[source.to_vec()])?;
    let mut previous = model.config.decoder_start();
    let mut all = Vec::new();
    for &token in output {
        all.push(model.step(&[previous], &mut state)?.to_vec());
        previous = token;
    }
    Ok(all)
}
