//! Control for tests: move the sandbox's clock, set an order's outcome without the payment
//! page, read the notifications sent, reset. The same operations are served over HTTP under
//! `/_sandbox/` when the control API is enabled ([`SandboxBuilder::control`](crate::SandboxBuilder::control),
//! `--control`), for tests written in other languages.

use crate::errors::ApiError;
use crate::state::{AppState, SettleError};
use crate::{Sandbox, SentNotification};
use msp_core::OrderStatus;
use std::fmt;
use std::time::Duration;

/// An outcome a test can give an order without the payment page
/// ([`Sandbox::set_outcome`]); each changes the status and notifies as MultiSafepay would.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum Outcome {
    /// Paid: `completed` (from `initialized` or `uncleared`).
    Complete,
    /// Refused by the bank: `declined` (from `initialized` or `uncleared`).
    Decline,
    /// Cancelled: `cancelled` (from `initialized` or `uncleared`).
    Cancel,
    /// Never paid in time: `expired` (from `initialized`).
    Expire,
    /// Paid but held for a check: `uncleared` (from `initialized`).
    Uncleared,
    /// Charged back by the customer's bank: `chargedback` (from a paid order).
    Chargeback,
}

impl Outcome {
    /// Every outcome.
    pub const ALL: [Outcome; 6] = [
        Outcome::Complete,
        Outcome::Decline,
        Outcome::Cancel,
        Outcome::Expire,
        Outcome::Uncleared,
        Outcome::Chargeback,
    ];

    /// Its name in the control API: `complete`, `decline`, `cancel`, `expire`, `uncleared`,
    /// `chargeback`.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Complete => "complete",
            Outcome::Decline => "decline",
            Outcome::Cancel => "cancel",
            Outcome::Expire => "expire",
            Outcome::Uncleared => "uncleared",
            Outcome::Chargeback => "chargeback",
        }
    }

    /// The outcome of this name.
    pub fn from_name(name: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.name() == name)
    }

    /// The status it gives an order in status `from`, if it applies there.
    pub(crate) fn next(self, from: &OrderStatus) -> Option<OrderStatus> {
        use OrderStatus::{Initialized, Uncleared};
        let open = matches!(from, Initialized | Uncleared);
        match self {
            Outcome::Complete if open => Some(OrderStatus::Completed),
            Outcome::Decline if open => Some(OrderStatus::Declined),
            Outcome::Cancel if open => Some(OrderStatus::Cancelled),
            Outcome::Expire if *from == Initialized => Some(OrderStatus::Expired),
            Outcome::Uncleared if *from == Initialized => Some(OrderStatus::Uncleared),
            Outcome::Chargeback if from.is_paid() => Some(OrderStatus::Chargedback),
            _ => None,
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why [`Sandbox::set_outcome`] did nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OutcomeError {
    /// The sandbox holds no order with this id.
    UnknownOrder(String),
    /// The outcome does not apply to an order in this status (say, a chargeback of an unpaid
    /// order).
    NotFrom {
        /// The outcome asked for.
        outcome: Outcome,
        /// The order's status.
        status: OrderStatus,
    },
    /// The change could not be made durable in the state file (its `fsync` failed, now or
    /// before): not made, not notified. The text says why.
    NotDurable(String),
}

impl fmt::Display for OutcomeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutcomeError::UnknownOrder(id) => write!(f, "the sandbox holds no order `{id}`"),
            OutcomeError::NotFrom { outcome, status } => {
                write!(f, "`{outcome}` does not apply to an order that is {status}")
            }
            OutcomeError::NotDurable(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for OutcomeError {}

/// The operations, shared by the library and the HTTP control API.
pub(crate) fn set_outcome(
    state: &AppState,
    order_id: &str,
    outcome: Outcome,
) -> Result<OrderStatus, OutcomeError> {
    match state.change_status(order_id, |status| outcome.next(status)) {
        Ok(settled) => {
            state.notifier.announce(&settled);
            Ok(settled.status)
        }
        Err(SettleError::UnknownSession) => Err(OutcomeError::UnknownOrder(order_id.to_owned())),
        Err(SettleError::AlreadySettled(status)) => Err(OutcomeError::NotFrom { outcome, status }),
        Err(SettleError::NotDurable(e)) => Err(OutcomeError::NotDurable(e.info)),
    }
}

/// Moves the clock forward and expires what is due, durably; the ids of the expired orders
/// (each notified), or the error if the state file could not record them.
pub(crate) fn advance_clock(state: &AppState, by: Duration) -> Result<Vec<String>, ApiError> {
    state.writable()?;
    state.clock.advance(by.as_secs());
    state.persist_clock()?;
    state.expire_due()
}

impl Sandbox {
    /// Moves the sandbox's clock forward by `by` (whole seconds): unpaid orders past their
    /// `seconds_active` or `days_active` (default 30 days) become `expired` and are notified,
    /// and later timestamps (orders' `modified`, notifications' `timestamp`) are that much later.
    /// Returns the ids of the orders that expired; with a state file that could not record
    /// them (its `fsync` failed), none: the error is written to standard error and no
    /// notification is sent.
    ///
    /// ```no_run
    /// # async fn run() {
    /// use std::time::Duration;
    /// let sandbox = msp_sandbox::Sandbox::start().await;
    /// // ... create an order with `seconds_active: 60`, then:
    /// let expired = sandbox.advance_clock(Duration::from_secs(61));
    /// # }
    /// ```
    pub fn advance_clock(&self, by: Duration) -> Vec<String> {
        advance_clock(&self.state, by).unwrap_or_else(|e| {
            eprintln!("msp-sandbox: {}", e.info);
            Vec::new()
        })
    }

    /// The sandbox's time, in Unix seconds (the system's, plus what
    /// [`Sandbox::advance_clock`] added).
    pub fn now(&self) -> u64 {
        self.state.clock.now()
    }

    /// Gives the order `order_id` an outcome without the payment page: the status changes and
    /// the notification goes out as after a real payment. Returns the new status.
    ///
    /// ```no_run
    /// # async fn run() {
    /// use msp_sandbox::{Outcome, Sandbox};
    /// let sandbox = Sandbox::start().await;
    /// // ... create the order "order-1", then:
    /// let status = sandbox.set_outcome("order-1", Outcome::Complete).unwrap();
    /// # }
    /// ```
    pub fn set_outcome(
        &self,
        order_id: &str,
        outcome: Outcome,
    ) -> Result<OrderStatus, OutcomeError> {
        set_outcome(&self.state, order_id, outcome)
    }

    /// The notifications sent so far (the last [`OUTBOX_CAP`](crate::OUTBOX_CAP)), oldest first,
    /// each with its delivery attempts.
    pub fn notifications(&self) -> Vec<SentNotification> {
        self.state.notifier.outbox().all()
    }

    /// Forgets every order and notification and sets the clock back, as if just started (the
    /// state file, if any, records the reset). Notifications in flight may still be delivered.
    pub fn reset(&self) -> std::io::Result<()> {
        self.state
            .reset()
            .map_err(|e| std::io::Error::other(e.info))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_apply_only_where_the_api_allows() {
        use OrderStatus::*;
        for outcome in Outcome::ALL {
            assert_eq!(Outcome::from_name(outcome.name()), Some(outcome));
        }
        assert_eq!(Outcome::from_name("refund"), None);
        assert_eq!(Outcome::Complete.next(&Initialized), Some(Completed));
        assert_eq!(Outcome::Complete.next(&Uncleared), Some(Completed));
        assert_eq!(Outcome::Complete.next(&Completed), None);
        assert_eq!(Outcome::Uncleared.next(&Initialized), Some(Uncleared));
        assert_eq!(Outcome::Uncleared.next(&Uncleared), None);
        assert_eq!(Outcome::Expire.next(&Initialized), Some(Expired));
        assert_eq!(Outcome::Expire.next(&Uncleared), None);
        assert_eq!(Outcome::Chargeback.next(&Completed), Some(Chargedback));
        assert_eq!(Outcome::Chargeback.next(&Initialized), None);
        assert_eq!(Outcome::Decline.next(&Cancelled), None);
    }
}
