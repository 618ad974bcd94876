//! Webhook push to desks: every version of a ninjs item a channel with a `webhook` publishes is POSTed to the
//! desk's URL, signed, and retried with backoff until the desk takes it; the delivery log is in the store.
//!
//! The request: the item file's bytes as written, `Content-Type: application/json`, `X-Dich-Event: ninjs`,
//! `X-Dich-Delivery: <id>` (the same on every retry of one delivery, for the desk to drop repeats) and
//! `X-Dich-Signature-256: sha256=<hex>`, the HMAC-SHA256 of the body under the channel's secret (as GitHub and
//! most webhook senders sign). Delivery is at least once: an attempt cut by a shutdown is sent again.
//!
//! A desk's 2xx delivers; 408, 425, 429, 5xx and network failures are retried after the channel's first wait,
//! doubled each time up to an hour (a Retry-After answer sets the wait), until its attempts are used; any other
//! answer (the desk refused the item) fails the delivery at once.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::feeds::{cached_entries, feed_channels, Entry};
use super::App;
use crate::config::{Settings, WebhookSettings};
use crate::engine::http::{error_chain, parse_retry_after};
use crate::store::{AttemptOutcome, DueDelivery};
use crate::t;

/// The signature header.
pub const SIGNATURE_HEADER: &str = "X-Dich-Signature-256";
/// How often the channels are looked at for new items when nothing wakes the deliverer.
const POLL: Duration = Duration::from_secs(5);
/// Longest wait between two attempts.
const MAX_WAIT: Duration = Duration::from_secs(3600);
/// Deliveries sent at once.
const AT_ONCE: usize = 16;

/// The webhooks of a configuration, with their secrets.
pub struct Webhooks {
    client: reqwest::Client,
    /// Settings and HMAC key per channel name.
    channels: HashMap<String, (WebhookSettings, Vec<u8>)>,
    wake: tokio::sync::Notify,
    /// Each channel's feed entries as last looked at: unchanged entries (the same cached list) are not read again.
    seen: std::sync::Mutex<HashMap<String, Arc<Vec<Entry>>>>,
}

impl Webhooks {
    /// The channels' webhooks, each secret read through `secret` (the environment, for `dich serve`). `None`
    /// when no channel has a webhook; an error naming the channel and the variable when a secret is missing.
    pub fn from_settings(
        settings: &Settings,
        secret: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Webhooks>, String> {
        let mut channels = HashMap::new();
        for channel in &settings.channels {
            let Some(webhook) = &channel.webhook else { continue };
            let key = secret(&webhook.secret_env).filter(|s| !s.is_empty()).ok_or_else(|| {
                t!("serve-webhook-no-secret", channel = channel.name.clone(), variable = webhook.secret_env.clone())
            })?;
            channels.insert(channel.name.clone(), (webhook.clone(), key.into_bytes()));
        }
        if channels.is_empty() {
            return Ok(None);
        }
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .user_agent(concat!("dich/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| error_chain(&e))?;
        Ok(Some(Webhooks { client, channels, wake: tokio::sync::Notify::new(), seen: Default::default() }))
    }

    /// Look for new items now (after a publish or a run), not at the next poll.
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// `sha256=<hex>`: the HMAC-SHA256 of `body` under `secret`.
pub fn signature(secret: &[u8], body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    format!("sha256={}", digest.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// Records every item version of the webhook channels not yet in the delivery log.
fn enqueue_new(app: &App, hooks: &Webhooks) -> Result<usize, String> {
    let mut found = 0;
    for channel in feed_channels(&app.settings) {
        let Some((webhook, _)) = hooks.channels.get(&channel.name) else { continue };
        let dir = app.settings.output_dir.join(&channel.name);
        let entries = cached_entries(app, &channel)?;
        let seen = hooks.seen.lock().unwrap_or_else(|e| e.into_inner());
        if seen.get(&channel.name).is_some_and(|last| Arc::ptr_eq(last, &entries)) {
            continue;
        }
        drop(seen);
        for entry in entries.iter() {
            let Some(file) = entry.files.iter().find(|f| f.ends_with(".ninjs.json")) else { continue };
            // The file as it is now: a channel replaces it whole (by rename), so this is one version.
            let Ok(body) = std::fs::read(dir.join(file)) else { continue };
            let hash = blake3::hash(&body).to_hex().to_string();
            let added = app.store.enqueue_delivery(&channel.name, &entry.article, &hash, &webhook.url, &body, now_ms());
            if added.map_err(|e| e.to_string())? {
                found += 1;
            }
        }
        // Marked only once every entry is recorded: a store error has the next round read them again.
        hooks.seen.lock().unwrap_or_else(|e| e.into_inner()).insert(channel.name.clone(), entries);
    }
    Ok(found)
}

/// One attempt of `delivery`, and what it came to.
async fn attempt(
    client: reqwest::Client,
    webhook: WebhookSettings,
    key: Vec<u8>,
    delivery: DueDelivery,
) -> AttemptOutcome {
    let sent = client
        .post(&delivery.url)
        .header("Content-Type", "application/json; charset=utf-8")
        .header("X-Dich-Event", "ninjs")
        .header("X-Dich-Delivery", delivery.id.to_string())
        .header(SIGNATURE_HEADER, signature(&key, &delivery.body))
        .body(delivery.body)
        .send()
        .await;
    let (status, error, retry_after) = match sent {
        Ok(response) if response.status().is_success() => {
            return AttemptOutcome::Delivered { status: response.status().as_u16() };
        }
        Ok(response) => {
            let status = response.status().as_u16();
            let retry_after =
                response.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(parse_retry_after);
            let body = response.text().await.unwrap_or_default();
            let excerpt: String = body.trim().chars().take(200).collect();
            let error = t!("serve-webhook-status", status = status, body = excerpt);
            if !matches!(status, 408 | 425 | 429 | 500..=599) {
                return AttemptOutcome::Failed { status: Some(status), error };
            }
            (Some(status), error, retry_after)
        }
        Err(e) => (None, error_chain(&e), None),
    };
    let attempts = delivery.attempts + 1;
    if attempts >= webhook.max_attempts {
        let error = t!("serve-webhook-gave-up", attempts = attempts, error = error);
        return AttemptOutcome::Failed { status, error };
    }
    let backoff = webhook.first_retry.saturating_mul(1u32 << (attempts - 1).min(20));
    let wait = retry_after.unwrap_or(backoff).min(MAX_WAIT);
    AttemptOutcome::Retry { status, error, next_at_ms: now_ms() + wait.as_millis() as i64 }
}

/// Delivers until the server stops: looks for new items (at each poll, or woken by a publish or a run), sends
/// what is due, sleeps until the next delivery is due.
pub async fn deliver_forever(app: Arc<App>) {
    loop {
        if let Err(error) = deliver_due(&app).await {
            tracing::warn!(%error, "{}", t!("serve-webhook-loop-failed"));
        }
        let next = app.blocking(|app| app.store.next_delivery_at()).await;
        let wait = match next {
            Ok(Ok(Some(at))) => Duration::from_millis((at - now_ms()).max(0) as u64).min(POLL),
            _ => POLL,
        };
        let Some(hooks) = app.webhooks.as_ref() else { return };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = hooks.wake.notified() => {}
        }
    }
}

/// One round: new items recorded, due deliveries attempted and their outcomes recorded.
async fn deliver_due(app: &Arc<App>) -> Result<(), String> {
    let found =
        on_store(app, |app| enqueue_new(app, app.webhooks.as_ref().expect("started only with webhooks"))).await?;
    if found > 0 {
        tracing::info!("{}", t!("serve-webhook-found", count = found));
    }
    let due = on_store(app, |app| app.store.due_deliveries(now_ms(), AT_ONCE).map_err(|e| e.to_string())).await?;
    let hooks = app.webhooks.as_ref().expect("started only with webhooks");
    let mut attempts = tokio::task::JoinSet::new();
    for delivery in due {
        let id = delivery.id;
        let Some((webhook, key)) = hooks.channels.get(&delivery.channel) else {
            // The channel lost its webhook in the configuration: nothing to send it to.
            let outcome = AttemptOutcome::Failed { status: None, error: t!("serve-webhook-removed") };
            on_store(app, move |app| app.store.record_attempt(id, &outcome).map_err(|e| e.to_string())).await?;
            continue;
        };
        let task = attempt(hooks.client.clone(), webhook.clone(), key.clone(), delivery);
        attempts.spawn(async move { (id, task.await) });
    }
    while let Some(done) = attempts.join_next().await {
        let (id, outcome) = done.map_err(|e| e.to_string())?;
        if let AttemptOutcome::Failed { error, .. } | AttemptOutcome::Retry { error, .. } = &outcome {
            tracing::warn!(delivery = id, %error, "{}", t!("serve-webhook-attempt-failed"));
        }
        on_store(app, move |app| app.store.record_attempt(id, &outcome).map_err(|e| e.to_string())).await?;
    }
    Ok(())
}

/// `work` on a blocking thread, its failure and a failure to run it as one message.
async fn on_store<T: Send + 'static>(
    app: &Arc<App>,
    work: impl FnOnce(&App) -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    app.blocking(work).await.map_err(|f| f.message)?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_hmac_sha256_in_hex() {
        // RFC 4231, test case 2.
        assert_eq!(
            signature(b"Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
