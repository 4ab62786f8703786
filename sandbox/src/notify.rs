//! Notifications (webhooks), sent as MultiSafepay's "Webhook" and "Handle notifications" pages
//! describe (<https://docs.multisafepay.com/docs/webhook>,
//! <https://docs.multisafepay.com/docs/handle-notifications>):
//!
//! - Without `payment_options.notification_method`, or with `GET`, MultiSafepay calls
//!   `{notification_url}?transactionid=<order_id>&timestamp=<unix>` with `GET`: the query only,
//!   no body and no signature; the merchant then requests the order itself
//!   (<https://docs.multisafepay.com/faq/api/notification-url/>; `NotificationMethod.yaml`: "GET"
//!   is the default).
//! - With `POST` (only when the order asks for it), MultiSafepay calls `{notification_url}?transactionid=<order_id>&timestamp=<unix>`
//!   and "the updated order details make up the payload of the request": the body is the order's
//!   JSON, as `GET /orders/{order_id}` returns it, signed in the `Auth` header
//!   (`msp_core::webhook::sign`, keyed with the site's API key).
//! - The merchant acknowledges with HTTP 200 and `OK` in the body ("`OK` at the start or end of
//!   the message body, or ... `MULTISAFEPAY_OK` anywhere in the message body"); the sandbox looks
//!   for `OK` in the first 100 characters. Until then the notification is resent "at 15 minute
//!   intervals, each with a new timestamp" (hence a new `Auth`). The number of retries and the
//!   interval are the sandbox's options (3 and [`crate::DEFAULT_RETRY_DELAY`] by default; the
//!   page has said 3, 4 and 5 retries over time).
//!
//! Each notification is sent by its own task, so the payment page answers at once; the tasks
//! stop when the sandbox does. Every notification and attempt is recorded in the
//! [`Outbox`](crate::outbox::Outbox), which tests read ([`crate::Sandbox::notifications`]).

use crate::config::Config;
use crate::outbox::{DeliveryAttempt, Outbox, SentNotification};
use crate::state::Settled;
use crate::time::Clock;
use msp_core::NotificationMethod;
use reqwest::header::{HeaderValue, CONTENT_TYPE};
use reqwest::Url;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// How long one delivery attempt may take.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);

/// The acknowledgement is looked for in this many characters of the answer.
const ACK_WINDOW: usize = 100;

/// One notification to deliver.
#[derive(Debug, Clone)]
pub(crate) struct Notification {
    /// `payment_options.notification_url`, as given.
    pub(crate) url: String,
    /// `GET` (the default) or `POST`.
    pub(crate) method: NotificationMethod,
    /// The merchant's order id (the `transactionid` parameter).
    pub(crate) order_id: String,
    /// The status it announces.
    pub(crate) status: String,
    /// The order's JSON (POST only).
    pub(crate) body: Vec<u8>,
}

/// Sends notifications in the background.
#[derive(Clone)]
pub(crate) struct Notifier {
    http: reqwest::Client,
    api_key: String,
    retries: u32,
    delay: Duration,
    verbose: bool,
    shutdown: watch::Receiver<bool>,
    clock: Arc<Clock>,
    outbox: Arc<Outbox>,
}

impl std::fmt::Debug for Notifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Notifier")
            .field("api_key", &"<redacted>")
            .field("retries", &self.retries)
            .field("delay", &self.delay)
            .finish_non_exhaustive()
    }
}

impl Notifier {
    pub(crate) fn new(
        config: &Config,
        shutdown: watch::Receiver<bool>,
        clock: Arc<Clock>,
        outbox: Arc<Outbox>,
    ) -> std::io::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(ATTEMPT_TIMEOUT)
            // The webhook is usually on this machine: never send it through a proxy from the
            // environment.
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("msp-sandbox/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(std::io::Error::other)?;
        Ok(Notifier {
            http,
            api_key: config.api_key.clone(),
            retries: config.notification_retries,
            delay: config.notification_retry_delay,
            verbose: config.verbose,
            shutdown,
            clock,
            outbox,
        })
    }

    /// The notifications sent so far (the last [`crate::OUTBOX_CAP`]).
    pub(crate) fn outbox(&self) -> &Outbox {
        &self.outbox
    }

    /// Notifies the change of an order's status, if the order gave a `notification_url`: by
    /// `GET` unless it asked for `POST`.
    pub(crate) fn announce(&self, settled: &Settled) {
        let options = settled.options.as_ref();
        let Some(url) = options.and_then(|o| o.notification_url.as_ref()) else {
            return;
        };
        let method = options
            .and_then(|o| o.notification_method)
            .unwrap_or(NotificationMethod::Get);
        self.send(Notification {
            url: url.to_string(),
            method,
            order_id: settled.order_id.clone(),
            status: settled.status.as_str().to_owned(),
            body: match method {
                NotificationMethod::Post => settled.order.to_string().into_bytes(),
                NotificationMethod::Get => Vec::new(),
            },
        });
    }

    /// Delivers `notification` from a new task: the first attempt at once, then up to the
    /// configured number of retries until one is acknowledged.
    pub(crate) fn send(&self, notification: Notification) {
        let number = self.outbox.open(SentNotification {
            order_id: notification.order_id.clone(),
            status: notification.status.clone(),
            url: notification.url.clone(),
            method: notification.method,
            attempts: Vec::new(),
        });
        let notifier = self.clone();
        tokio::spawn(async move {
            let mut shutdown = notifier.shutdown.clone();
            tokio::select! {
                () = notifier.deliver(&notification, number) => {}
                _ = shutdown.wait_for(|stopped| *stopped) => {}
            }
        });
    }

    async fn deliver(&self, notification: &Notification, number: u64) {
        for attempt in 0..=self.retries {
            if attempt > 0 {
                tokio::time::sleep(self.delay).await;
            }
            let timestamp = self.clock.now();
            let (http_status, outcome) = self.attempt(notification, timestamp).await;
            self.outbox.attempted(
                number,
                DeliveryAttempt {
                    timestamp,
                    http_status,
                    acknowledged: outcome.is_ok(),
                    detail: match &outcome {
                        Ok(()) => "acknowledged".to_owned(),
                        Err(why) => why.clone(),
                    },
                },
            );
            if self.verbose {
                eprintln!(
                    "msp-sandbox: notification of order {} to {} (attempt {} of {}): {}",
                    notification.order_id,
                    notification.url,
                    attempt + 1,
                    self.retries + 1,
                    match &outcome {
                        Ok(()) => "acknowledged".to_owned(),
                        Err(why) => why.clone(),
                    }
                );
            }
            if outcome.is_ok() {
                return;
            }
        }
    }

    /// One attempt, with a fresh timestamp (and so a fresh signature): the HTTP status (if an
    /// answer came) and whether it acknowledged.
    async fn attempt(
        &self,
        notification: &Notification,
        timestamp: u64,
    ) -> (Option<u16>, Result<(), String>) {
        let mut url = match Url::parse(&notification.url) {
            Ok(url) => url,
            Err(e) => return (None, Err(format!("not a URL ({e}); not sent"))),
        };
        url.query_pairs_mut()
            .append_pair("transactionid", &notification.order_id)
            .append_pair("timestamp", &timestamp.to_string());
        let request = match notification.method {
            NotificationMethod::Get => self.http.get(url),
            NotificationMethod::Post => {
                let auth = msp_core::webhook::sign(&notification.body, &self.api_key, timestamp);
                self.http
                    .post(url)
                    .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                    .header(msp_core::webhook::AUTH_HEADER, auth)
                    .body(notification.body.clone())
            }
        };
        let mut response = match request.send().await {
            Ok(response) => response,
            Err(e) => return (None, Err(format!("failed ({e})"))),
        };
        let status = response.status();
        let head = read_head(&mut response).await;
        let outcome = if status == reqwest::StatusCode::OK && acknowledges(&head) {
            Ok(())
        } else {
            Err(format!(
                "answered HTTP {} without OK in the first {ACK_WINDOW} characters",
                status.as_u16()
            ))
        };
        (Some(status.as_u16()), outcome)
    }
}

/// The first bytes of the answer: enough for [`ACK_WINDOW`] characters of UTF-8.
async fn read_head(response: &mut reqwest::Response) -> Vec<u8> {
    let mut head = Vec::new();
    while head.len() < 4 * ACK_WINDOW {
        match response.chunk().await {
            Ok(Some(chunk)) => head.extend_from_slice(&chunk),
            Ok(None) | Err(_) => break,
        }
    }
    head
}

/// Whether the answer acknowledges: `OK` within its first [`ACK_WINDOW`] characters (so
/// `MULTISAFEPAY_OK` there counts too).
fn acknowledges(head: &[u8]) -> bool {
    let text: String = String::from_utf8_lossy(head)
        .chars()
        .take(ACK_WINDOW)
        .collect();
    text.contains("OK")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acknowledgement_is_ok_within_100_characters() {
        assert!(acknowledges(b"OK"));
        assert!(acknowledges(b"  MULTISAFEPAY_OK"));
        assert!(acknowledges(format!("{}OK", "x".repeat(98)).as_bytes()));
        assert!(!acknowledges(format!("{}OK", "x".repeat(99)).as_bytes()));
        assert!(!acknowledges(b"ok"));
        assert!(!acknowledges(b""));
        // Characters, not bytes: 98 two-byte characters then OK is still within 100.
        assert!(acknowledges(format!("{}OK", "é".repeat(98)).as_bytes()));
    }
}
