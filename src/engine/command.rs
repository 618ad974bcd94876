//! `type = "command"`: an external program as an engine. Started once per batch; it reads one JSON object per
//! line on stdin — `{"id":"…","text":"…","source":"vi","target":"en"}` — and writes one per line on stdout —
//! `{"id":"…","text":"…"}`, or `{"id":"…","error":"…"}` for a segment it cannot translate. Lines it does not
//! answer are refused with the reason; a program that exits with an error or runs past the timeout fails the
//! batch (retried by the route).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

use super::registry::EngineTuning;
use super::{Capabilities, Engine, EngineError, EngineFuture, EngineOutput, LangPair, MarkupSupport, Origin, Refusal};
use super::{SourceSegment, Translation};
use crate::config::CommandSettings;
use crate::t;

/// Output read from a program for any batch, and per byte of its input, before it is called runaway.
const OUTPUT_FLOOR: u64 = 1 << 20;
const OUTPUT_PER_INPUT_BYTE: u64 = 64;
/// Error output kept for the message.
const STDERR_LIMIT: u64 = 64 * 1024;

/// Kills the program and everything it started (its process group), and reaps it.
fn kill_group(child: &mut std::process::Child) {
    kill_started(child.id());
    let _ = child.kill();
    let _ = child.wait();
}

/// Kills what is left of the process group `leader` started (background children of a program that exited).
fn kill_started(leader: u32) {
    #[cfg(unix)]
    if let Ok(pid) = i32::try_from(leader) {
        // SAFETY: kill(2) with a negative pid signals the group the child leads; no memory is involved.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
}

pub struct CommandEngine {
    name: String,
    program: String,
    args: Vec<String>,
    timeout: Duration,
    max_batch: usize,
}

impl CommandEngine {
    pub fn new(name: &str, settings: &CommandSettings, tuning: &EngineTuning) -> Result<CommandEngine, EngineError> {
        if settings.program.trim().is_empty() {
            return Err(EngineError::Setup { engine: name.to_string(), detail: t!("engine-setup-no-program") });
        }
        Ok(CommandEngine {
            name: name.to_string(),
            program: settings.program.clone(),
            args: settings.args.clone(),
            timeout: tuning.timeout,
            max_batch: tuning.batch_size,
        })
    }

    fn transient(&self, detail: String) -> EngineError {
        EngineError::Transient { engine: self.name.clone(), detail, retry_after: None }
    }

    /// Runs the program over the batch; its answer lines by id. The program runs in its own process group, so
    /// whatever it starts is killed with it on a timeout; its output is read up to a bound, so a program that
    /// floods stdout fails the batch instead of filling memory.
    fn run(&self, pair: &LangPair, batch: &[SourceSegment]) -> Result<HashMap<String, Value>, EngineError> {
        let mut command = Command::new(&self.program);
        command.args(&self.args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut child = command.spawn().map_err(|e| EngineError::Exhausted {
            engine: self.name.clone(),
            detail: t!("engine-command-spawn", program = self.program.clone(), detail = e.to_string()),
        })?;
        let input: String = batch
            .iter()
            .map(|s| {
                json!({"id": s.id, "text": s.text, "source": pair.source, "target": pair.target}).to_string() + "\n"
            })
            .collect();
        // An answer is a few times its input at most; anything far past that is a runaway program.
        let limit = OUTPUT_FLOOR + OUTPUT_PER_INPUT_BYTE * input.len() as u64;
        let mut stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let stderr = child.stderr.take().expect("piped stderr");
        // Writing and reading in their own threads: a program that answers while still reading cannot block us.
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(input.as_bytes());
        });
        // Error output in its own thread, kept up to a bound and drained past it, so it never blocks the program.
        let error_reader = std::thread::spawn(move || {
            let mut stderr = stderr;
            let mut errors = Vec::new();
            let _ = (&mut stderr).take(STDERR_LIMIT).read_to_end(&mut errors);
            let _ = std::io::copy(&mut stderr, &mut std::io::sink());
            String::from_utf8_lossy(&errors).into_owned()
        });
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = Vec::new();
            let mut bounded = BufReader::new(stdout.take(limit + 1));
            let mut read = 0u64;
            let mut line = String::new();
            while let Ok(n) = bounded.read_line(&mut line) {
                if n == 0 {
                    break;
                }
                read += n as u64;
                lines.push(std::mem::take(&mut line));
            }
            let _ = sender.send((lines, read > limit));
        });
        let (lines, flooded) = match receiver.recv_timeout(self.timeout) {
            Ok(found) => found,
            Err(_) => {
                kill_group(&mut child);
                return Err(
                    self.transient(t!("engine-command-timeout", seconds = self.timeout.as_secs_f64().to_string()))
                );
            }
        };
        if flooded {
            kill_group(&mut child);
            return Err(self.transient(t!("engine-command-flood", limit = limit.to_string())));
        }
        let _ = writer.join();
        let status = child.wait().map_err(|e| self.transient(e.to_string()))?;
        // Nothing it started may outlive it (or hold its error output open).
        kill_started(child.id());
        let errors = error_reader.join().unwrap_or_default();
        if !status.success() {
            let detail = errors.trim().chars().take(300).collect::<String>();
            return Err(self.transient(t!("engine-command-status", status = status.to_string(), detail = detail)));
        }
        let mut answers = HashMap::new();
        for line in lines.iter().filter(|l| !l.trim().is_empty()) {
            let value: Value = serde_json::from_str(line)
                .map_err(|e| self.transient(t!("engine-malformed-answer", detail = e.to_string())))?;
            if let Some(id) = value["id"].as_str() {
                answers.insert(id.to_string(), value);
            }
        }
        Ok(answers)
    }
}

impl Engine for CommandEngine {
    fn name(&self) -> &str {
        &self.name
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities { max_batch: self.max_batch, pairs: None, markup: MarkupSupport::InlineTags, blocking: true }
    }

    fn translate_explained<'a>(&'a self, pair: &'a LangPair, batch: &'a [SourceSegment]) -> EngineFuture<'a> {
        // Computed where the future is polled: the routes poll it on a blocking thread (`blocking` above).
        Box::pin(async move { self.translate_now(pair, batch) })
    }
}

impl CommandEngine {
    fn translate_now(
        &self,
        pair: &LangPair,
        batch: &[SourceSegment],
    ) -> Result<(Vec<EngineOutput>, Vec<Refusal>), EngineError> {
        let mut answers = self.run(pair, batch)?;
        let mut refusals = Vec::new();
        let outputs = batch
            .iter()
            .map(|segment| {
                let answer = answers.remove(&segment.id);
                let text = answer.as_ref().and_then(|a| a["text"].as_str()).map(str::to_string);
                let translation = match text {
                    Some(text) => Some(Translation {
                        segment_id: segment.id.clone(),
                        text,
                        origin: Origin::Machine { engine: self.name.clone() },
                    }),
                    None => {
                        let reason = answer
                            .as_ref()
                            .and_then(|a| a["error"].as_str())
                            .map(str::to_string)
                            .unwrap_or_else(|| t!("engine-command-no-answer"));
                        refusals.push(Refusal { segment_id: segment.id.clone(), reason });
                        None
                    }
                };
                EngineOutput { segment_id: segment.id.clone(), translation, suggestions: Vec::new() }
            })
            .collect();
        Ok((outputs, refusals))
    }
}
