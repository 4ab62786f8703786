//! What the sandbox notified, for tests: each notification ([`SentNotification`]) with its
//! delivery attempts ([`DeliveryAttempt`]), the last [`OUTBOX_CAP`] kept.

use msp_core::NotificationMethod;
use std::collections::VecDeque;
use std::sync::{Mutex, PoisonError};

/// Notifications remembered; older ones are forgotten first.
pub const OUTBOX_CAP: usize = 1024;

/// A notification the sandbox sent (or is still sending), with its delivery attempts so far.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SentNotification {
    /// The merchant's order id (the `transactionid` query parameter).
    pub order_id: String,
    /// The order's status that the notification announces.
    pub status: String,
    /// `payment_options.notification_url`, as the order gave it.
    pub url: String,
    /// `GET` (the API's default: the query only) or `POST` (the order's JSON, signed).
    pub method: NotificationMethod,
    /// The attempts so far, first first.
    pub attempts: Vec<DeliveryAttempt>,
}

impl SentNotification {
    /// Whether an attempt was acknowledged (HTTP 200 with `OK`).
    pub fn acknowledged(&self) -> bool {
        self.attempts.iter().any(|a| a.acknowledged)
    }
}

/// One delivery attempt of a notification.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeliveryAttempt {
    /// The `timestamp` query parameter sent (the sandbox's clock, Unix seconds).
    pub timestamp: u64,
    /// The HTTP status answered, if an answer came.
    pub http_status: Option<u16>,
    /// Whether the answer acknowledged the notification.
    pub acknowledged: bool,
    /// What happened, in words (`acknowledged`, `answered HTTP 500 ...`, `failed (...)`).
    pub detail: String,
}

/// The bounded log of notifications, by sequence number.
#[derive(Debug, Default)]
pub(crate) struct Outbox {
    inner: Mutex<Log>,
}

#[derive(Debug, Default)]
struct Log {
    /// The sequence number of `entries[0]`.
    first: u64,
    entries: VecDeque<SentNotification>,
}

impl Outbox {
    fn log(&self) -> std::sync::MutexGuard<'_, Log> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records a new notification; its number, for [`Outbox::attempted`].
    pub(crate) fn open(&self, notification: SentNotification) -> u64 {
        let mut log = self.log();
        if log.entries.len() >= OUTBOX_CAP {
            log.entries.pop_front();
            log.first += 1;
        }
        log.entries.push_back(notification);
        log.first + log.entries.len() as u64 - 1
    }

    /// Adds an attempt to notification `number` (if still remembered).
    pub(crate) fn attempted(&self, number: u64, attempt: DeliveryAttempt) {
        let mut log = self.log();
        let Some(index) = number.checked_sub(log.first) else {
            return;
        };
        if let Some(entry) = usize::try_from(index)
            .ok()
            .and_then(|i| log.entries.get_mut(i))
        {
            entry.attempts.push(attempt);
        }
    }

    /// Every remembered notification, oldest first.
    pub(crate) fn all(&self) -> Vec<SentNotification> {
        self.log().entries.iter().cloned().collect()
    }

    /// Forgets every notification (numbers keep increasing, so late attempts land nowhere).
    pub(crate) fn clear(&self) {
        let mut log = self.log();
        log.first += log.entries.len() as u64;
        log.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(order_id: &str) -> SentNotification {
        SentNotification {
            order_id: order_id.into(),
            status: "completed".into(),
            url: "http://127.0.0.1:1/n".into(),
            method: NotificationMethod::Get,
            attempts: Vec::new(),
        }
    }

    fn attempt(ok: bool) -> DeliveryAttempt {
        DeliveryAttempt {
            timestamp: 1,
            http_status: Some(200),
            acknowledged: ok,
            detail: String::new(),
        }
    }

    #[test]
    fn attempts_land_on_their_notification_and_the_log_is_bounded() {
        let outbox = Outbox::default();
        let a = outbox.open(sent("a"));
        let b = outbox.open(sent("b"));
        outbox.attempted(b, attempt(false));
        outbox.attempted(b, attempt(true));
        let all = outbox.all();
        assert_eq!(all[0].attempts.len(), 0);
        assert!(!all[0].acknowledged());
        assert_eq!(all[1].attempts.len(), 2);
        assert!(all[1].acknowledged());

        for i in 0..OUTBOX_CAP {
            outbox.open(sent(&i.to_string()));
        }
        outbox.attempted(a, attempt(true)); // forgotten: lands nowhere
        let all = outbox.all();
        assert_eq!(all.len(), OUTBOX_CAP);
        assert_eq!(all[0].order_id, "0");
        assert!(all.iter().all(|n| n.attempts.is_empty()));

        outbox.clear();
        outbox.attempted(b + 5, attempt(true));
        assert!(outbox.all().is_empty());
    }
}
