//! The client's decisions, apart from any I/O: after each attempt, and after each lookup of a
//! write whose effect is unknown, what to do next. The drivers in `drive.rs` carry them out.
//!
//! A write (`POST /orders`, a refund, a capture, an update) is not idempotent. After a failure
//! that may have reached MultiSafepay, its target is looked up before the write is sent again;
//! sending again is safe whatever the lookup said, because a write that took effect is refused
//! as a duplicate (error 1006 for an order, 1034 for a refund made again within 5 minutes),
//! which is looked up in turn. Once no attempt is left, an attempt that may still be processed
//! (stored late) is waited for: the target is looked up again, after a pause, until it is found
//! or the time budget is spent; nothing is sent again.

use super::RetryPolicy;
use crate::Error;
use std::time::Duration;

/// What a lookup of a write's target found.
pub(crate) enum Lookup<T> {
    /// The write took effect: this is its result.
    Found(T),
    /// No trace of it (yet: an earlier attempt may still be processed).
    NotFound,
    /// The lookup failed too.
    Failed(Error),
}

impl<T> Lookup<T> {
    /// Reads a fetch of the target: an unknown order is [`Lookup::NotFound`].
    pub(crate) fn of(fetched: Result<T, Error>) -> Self {
        match fetched {
            Ok(found) => Lookup::Found(found),
            Err(error) if error.is_unknown_order() => Lookup::NotFound,
            Err(error) => Lookup::Failed(error),
        }
    }
}

/// A wait before the next attempt.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Pause {
    /// Which retry follows (1 before the second attempt).
    pub(crate) retry: u32,
    /// How long MultiSafepay asked to wait, if it did.
    pub(crate) asked: Option<Duration>,
    /// The kind of failure waited out, for the log.
    pub(crate) kind: &'static str,
}

impl Pause {
    /// How long to wait, jittered by `seed`.
    pub(crate) fn duration(&self, policy: &RetryPolicy, seed: u64) -> Duration {
        policy.delay(self.retry, self.asked, seed)
    }
}

/// What to do next.
pub(crate) enum Step<T> {
    /// Wait, then send again: nothing sent so far can have taken effect.
    Retry(Pause),
    /// Look the target up: an attempt may have taken effect.
    LookUp(Unsettled),
    /// Wait, then send again, the lookup having found nothing.
    Resend(Pause),
    /// Wait, then look the target up again: no attempt is left, but one may still take effect.
    LookUpAgain(Pause, Unsettled),
    /// Done: the result, the error, or [`Error::OutcomeUnknown`].
    Return(Result<T, Error>),
}

/// What to do after an attempt of a read.
pub(crate) enum Read<T> {
    /// Wait, then read again.
    Retry(Pause),
    /// Done.
    Return(Result<T, Error>),
}

/// An attempt whose effect a lookup must settle; handed back with what the lookup found.
pub(crate) struct Unsettled {
    /// The latest failure: the attempt's, or a later lookup's.
    error: Error,
    /// It is a duplicate after an attempt that may have landed: that attempt took effect.
    landed_before: bool,
}

/// Attempts made, and the policy that bounds them.
#[derive(Clone, Copy, Debug)]
struct Budget {
    policy: RetryPolicy,
    attempts: u32,
}

impl Budget {
    fn left(&self, elapsed: Duration) -> bool {
        self.attempts < self.policy.max_attempts && self.time_left(elapsed)
    }

    fn time_left(&self, elapsed: Duration) -> bool {
        elapsed < self.policy.max_elapsed
    }

    fn pause(&self, error: &Error) -> Pause {
        Pause {
            retry: self.attempts,
            asked: error.retry_after(),
            kind: error.kind(),
        }
    }
}

/// A request that may be repeated freely (a read): transient failures are retried within the
/// budget, anything else is returned.
#[derive(Debug)]
pub(crate) struct Idempotent {
    budget: Budget,
}

impl Idempotent {
    pub(crate) fn new(policy: RetryPolicy) -> Self {
        Idempotent {
            budget: Budget {
                policy,
                attempts: 0,
            },
        }
    }

    /// Attempts made so far.
    pub(crate) fn attempts(&self) -> u32 {
        self.budget.attempts
    }

    /// The next step after an attempt that ended with `outcome`, `elapsed` after the first began.
    pub(crate) fn attempted<T>(&mut self, outcome: Result<T, Error>, elapsed: Duration) -> Read<T> {
        self.budget.attempts += 1;
        match outcome {
            Err(error) if error.is_transient() && self.budget.left(elapsed) => {
                Read::Retry(self.budget.pause(&error))
            }
            outcome => Read::Return(outcome),
        }
    }
}

/// A write that must take effect exactly once, reconciled by looking up its target `key`.
#[derive(Debug)]
pub(crate) struct ExactlyOnce {
    budget: Budget,
    key: String,
    /// Some attempt failed in a way that may have taken effect.
    may_have_landed: bool,
    /// Lookups made again once no attempt was left.
    looked_again: u32,
    /// How MultiSafepay refuses the write when it took effect already.
    duplicate: fn(&Error) -> bool,
}

impl ExactlyOnce {
    /// An order's creation: a duplicate is error 1006.
    pub(crate) fn new(policy: RetryPolicy, key: impl Into<String>) -> Self {
        ExactlyOnce {
            budget: Budget {
                policy,
                attempts: 0,
            },
            key: key.into(),
            may_have_landed: false,
            looked_again: 0,
            duplicate: Error::is_duplicate_order_id,
        }
    }

    /// Another write, which MultiSafepay refuses as `duplicate` once it took effect.
    pub(crate) fn with_duplicate(mut self, duplicate: fn(&Error) -> bool) -> Self {
        self.duplicate = duplicate;
        self
    }

    /// Attempts made so far.
    pub(crate) fn attempts(&self) -> u32 {
        self.budget.attempts
    }

    /// The next step after an attempt that ended with `outcome`, `elapsed` after the first began.
    pub(crate) fn attempted<T>(&mut self, outcome: Result<T, Error>, elapsed: Duration) -> Step<T> {
        self.budget.attempts += 1;
        let error = match outcome {
            Ok(done) => return Step::Return(Ok(done)),
            Err(error) => error,
        };
        let landed_before = self.may_have_landed && (self.duplicate)(&error);
        self.may_have_landed |= error.is_ambiguous();
        if self.may_have_landed {
            return Step::LookUp(Unsettled {
                error,
                landed_before,
            });
        }
        if error.is_transient() && self.budget.left(elapsed) {
            Step::Retry(self.budget.pause(&error))
        } else {
            Step::Return(Err(error))
        }
    }

    /// The next step after the lookup that `Step::LookUp(unsettled)` (or
    /// `Step::LookUpAgain(_, unsettled)`) asked for found `found`, `elapsed` after the first
    /// attempt began.
    pub(crate) fn looked_up<T>(
        &mut self,
        unsettled: Unsettled,
        found: Lookup<T>,
        elapsed: Duration,
    ) -> Step<T> {
        let Unsettled {
            error,
            landed_before,
        } = unsettled;
        let lookup_failure = match found {
            Lookup::Found(done) => return Step::Return(Ok(done)),
            Lookup::NotFound => None,
            Lookup::Failed(failure) => Some(failure),
        };
        // A duplicate that the lookup cannot find yet is sent again too.
        let resendable = error.is_transient() || landed_before;
        if resendable && self.budget.left(elapsed) {
            return Step::Resend(self.budget.pause(&error));
        }
        let last = lookup_failure.unwrap_or(error);
        // It would be sent again but no attempt is left (or it is being looked up again
        // already): an attempt may still take effect (stored late), so it is looked up again,
        // after a growing pause, until the time is spent.
        if (resendable || self.looked_again > 0) && self.budget.time_left(elapsed) {
            let pause = Pause {
                retry: self.budget.attempts + self.looked_again,
                asked: last.retry_after(),
                kind: last.kind(),
            };
            self.looked_again += 1;
            return Step::LookUpAgain(
                pause,
                Unsettled {
                    error: last,
                    landed_before,
                },
            );
        }
        Step::Return(Err(Error::outcome_unknown(self.key.clone(), last)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OrderStatus;

    const S: Duration = Duration::from_secs(1);

    fn api(status: u16, code: i64) -> Error {
        Error::Api {
            status,
            error_code: Some(code),
            error_info: String::new(),
        }
    }

    fn unavailable() -> Error {
        Error::Unavailable { status: 503 }
    }

    fn rate_limited(secs: u64) -> Error {
        Error::RateLimited {
            retry_after: Some(Duration::from_secs(secs)),
        }
    }

    fn garbled(status: u16) -> Error {
        Error::Decode {
            status,
            reason: String::new(),
            snippet: String::new(),
        }
    }

    fn no_payment_url() -> Error {
        Error::MissingPaymentUrl {
            order_id: "o-1".into(),
            status: OrderStatus::Completed,
        }
    }

    /// One event of a script: an attempt's outcome or a lookup's finding, at a time.
    enum Event {
        Sent(Result<&'static str, Error>),
        Looked(Lookup<&'static str>),
    }
    use Event::{Looked, Sent};

    /// Events, each at the time elapsed since the first attempt began.
    type Script = Vec<(Event, Duration)>;
    /// Outcomes of a read's attempts, each at its elapsed time.
    type Reads = Vec<(Result<&'static str, Error>, Duration)>;

    fn sent_err(error: Error) -> Event {
        Sent(Err(error))
    }

    fn error_text(error: &Error) -> String {
        match (error, error.error_code()) {
            (Error::OutcomeUnknown { order_id, source }, _) => {
                format!("unknown {order_id}: {}", error_text(source))
            }
            (_, Some(code)) => format!("{} {code}", error.kind()),
            _ => error.kind().to_owned(),
        }
    }

    fn pause_text(what: &str, pause: &Pause) -> String {
        match pause.asked {
            Some(asked) => format!("{what} {} after {}s", pause.retry, asked.as_secs()),
            None => format!("{what} {}", pause.retry),
        }
    }

    /// Runs a script through an [`ExactlyOnce`], each event at its elapsed time, and describes
    /// each step taken.
    fn exactly_once(max_attempts: u32, script: Script) -> Vec<String> {
        let policy = RetryPolicy {
            max_attempts,
            ..RetryPolicy::default()
        };
        let mut machine = ExactlyOnce::new(policy, "o-1");
        let mut unsettled = None;
        let mut steps = Vec::new();
        let mut ended = false;
        for (event, elapsed) in script {
            // A script out of step with the machine shows in the steps, named.
            let step = match (ended, event, unsettled.take()) {
                (true, _, _) => {
                    steps.push("an event after the end".to_owned());
                    continue;
                }
                (false, Sent(outcome), None) => machine.attempted(outcome, elapsed),
                (false, Looked(found), Some(asked)) => machine.looked_up(asked, found, elapsed),
                (false, _, _) => {
                    steps.push("an event out of turn".to_owned());
                    break;
                }
            };
            steps.push(match step {
                Step::Retry(pause) => pause_text("retry", &pause),
                Step::Resend(pause) => pause_text("resend", &pause),
                Step::LookUpAgain(pause, asked) => {
                    unsettled = Some(asked);
                    pause_text("look up again", &pause)
                }
                Step::LookUp(asked) => {
                    unsettled = Some(asked);
                    "look up".to_owned()
                }
                Step::Return(result) => {
                    ended = true;
                    match result {
                        Ok(done) => format!("ok {done}"),
                        Err(error) => error_text(&error),
                    }
                }
            });
        }
        steps
    }

    #[test]
    fn exactly_once_decides_by_the_table() {
        let t0 = Duration::ZERO;
        let late = Duration::from_secs(31);
        #[rustfmt::skip]
        let table: Vec<(&str, u32, Script, &[&str])> = vec![
            ("created at once", 4,
                vec![(Sent(Ok("o-1")), t0)],
                &["ok o-1"]),
            ("a refusal is returned as is", 4,
                vec![(sent_err(api(403, 1032)), t0)],
                &["api 1032"]),
            ("an unreadable refusal is returned as is", 4,
                vec![(sent_err(garbled(400)), t0)],
                &["unreadable_answer"]),
            ("a redirect is returned as is", 4,
                vec![(sent_err(Error::Redirect { status: 307, location: None }), t0)],
                &["redirect"]),
            ("a duplicate with nothing sent before is a refusal", 4,
                vec![(sent_err(api(200, 1006)), t0)],
                &["api 1006"]),
            ("rate limits are waited out, as asked, without a lookup", 4,
                vec![(sent_err(rate_limited(2)), t0), (sent_err(rate_limited(0)), S), (Sent(Ok("o-1")), S)],
                &["retry 1 after 2s", "retry 2 after 0s", "ok o-1"]),
            ("unambiguous failures end with the attempts, the last returned", 4,
                vec![(sent_err(rate_limited(0)), t0), (sent_err(rate_limited(0)), S),
                     (sent_err(rate_limited(0)), S), (sent_err(rate_limited(0)), S)],
                &["retry 1 after 0s", "retry 2 after 0s", "retry 3 after 0s", "rate_limited"]),
            ("no retry once the time is spent", 4,
                vec![(sent_err(rate_limited(0)), late)],
                &["rate_limited"]),
            ("no retry when one attempt is all", 1,
                vec![(sent_err(rate_limited(0)), t0)],
                &["rate_limited"]),
            ("a lost answer resolves to what the lookup found", 4,
                vec![(sent_err(unavailable()), t0), (Looked(Lookup::Found("o-1 found")), S)],
                &["look up", "ok o-1 found"]),
            ("an accepted but garbled answer is looked up", 4,
                vec![(sent_err(garbled(200)), t0), (Looked(Lookup::Found("o-1 found")), S)],
                &["look up", "ok o-1 found"]),
            ("a 5xx not found is sent again", 4,
                vec![(sent_err(unavailable()), t0), (Looked(Lookup::NotFound), S), (Sent(Ok("o-1")), S)],
                &["look up", "resend 1", "ok o-1"]),
            ("a failed lookup is followed by another attempt", 4,
                vec![(sent_err(unavailable()), t0), (Looked(Lookup::Failed(unavailable())), S),
                     (sent_err(api(200, 1006)), S), (Looked(Lookup::Found("o-1 found")), S)],
                &["look up", "resend 1", "look up", "ok o-1 found"]),
            ("a duplicate after a lost answer is looked up until found", 4,
                vec![(sent_err(unavailable()), t0), (Looked(Lookup::NotFound), S),
                     (sent_err(api(200, 1006)), S), (Looked(Lookup::NotFound), S),
                     (sent_err(api(200, 1006)), S), (Looked(Lookup::Found("o-1 found")), S)],
                &["look up", "resend 1", "look up", "resend 2", "look up", "ok o-1 found"]),
            ("a duplicate no lookup finds until the time is spent is outcome unknown", 4,
                vec![(sent_err(unavailable()), t0), (Looked(Lookup::NotFound), S),
                     (sent_err(api(200, 1006)), S), (Looked(Lookup::NotFound), S),
                     (sent_err(api(200, 1006)), S), (Looked(Lookup::NotFound), S),
                     (sent_err(api(200, 1006)), S), (Looked(Lookup::NotFound), S),
                     (Looked(Lookup::NotFound), late)],
                &["look up", "resend 1", "look up", "resend 2", "look up", "resend 3", "look up",
                  "look up again 4", "unknown o-1: api 1006"]),
            ("after a possible landing every failure is looked up; a rate limit's wait is kept", 4,
                vec![(sent_err(unavailable()), t0), (Looked(Lookup::NotFound), S),
                     (sent_err(rate_limited(2)), S), (Looked(Lookup::NotFound), S)],
                &["look up", "resend 1", "look up", "resend 2 after 2s"]),
            ("a refusal after a possible landing is outcome unknown", 4,
                vec![(sent_err(unavailable()), t0), (Looked(Lookup::NotFound), S),
                     (sent_err(api(403, 1032)), S), (Looked(Lookup::NotFound), S)],
                &["look up", "resend 1", "look up", "unknown o-1: api 1032"]),
            ("out of attempts, then of time: the lookup's failure is the reason", 1,
                vec![(sent_err(garbled(200)), t0), (Looked(Lookup::Failed(no_payment_url())), S),
                     (Looked(Lookup::Failed(no_payment_url())), late)],
                &["look up", "look up again 1", "unknown o-1: missing_payment_url"]),
            ("out of attempts, an attempt stored late is looked up again until found", 4,
                vec![(sent_err(rate_limited(0)), t0), (sent_err(rate_limited(0)), S),
                     (sent_err(unavailable()), S), (Looked(Lookup::NotFound), S),
                     (sent_err(unavailable()), S), (Looked(Lookup::NotFound), S),
                     (Looked(Lookup::Found("o-1 found")), S)],
                &["retry 1 after 0s", "retry 2 after 0s", "look up", "resend 3", "look up",
                  "look up again 4", "ok o-1 found"]),
            ("out of attempts, the pause between lookups grows; the last failure is the reason", 1,
                vec![(sent_err(garbled(200)), t0), (Looked(Lookup::NotFound), S),
                     (Looked(Lookup::Failed(unavailable())), S), (Looked(Lookup::NotFound), S),
                     (Looked(Lookup::NotFound), late)],
                &["look up", "look up again 1", "look up again 2", "look up again 3",
                  "unknown o-1: unavailable"]),
            ("out of attempts, a rate-limited lookup's wait is kept", 1,
                vec![(sent_err(unavailable()), t0), (Looked(Lookup::Failed(rate_limited(2))), S),
                     (Looked(Lookup::Found("o-1 found")), S)],
                &["look up", "look up again 1 after 2s", "ok o-1 found"]),
            ("out of attempts and of time: outcome unknown at once", 1,
                vec![(sent_err(unavailable()), t0), (Looked(Lookup::NotFound), late)],
                &["look up", "unknown o-1: unavailable"]),
            ("a refusal as the last attempt is outcome unknown at once", 2,
                vec![(sent_err(unavailable()), t0), (Looked(Lookup::NotFound), S),
                     (sent_err(api(403, 1032)), S), (Looked(Lookup::NotFound), S)],
                &["look up", "resend 1", "look up", "unknown o-1: api 1032"]),
            ("out of time: the attempt's failure is the reason when nothing failed after", 4,
                vec![(sent_err(unavailable()), t0), (Looked(Lookup::NotFound), late)],
                &["look up", "unknown o-1: unavailable"]),
            ("an order without a payment page is looked up again after a resend", 4,
                vec![(sent_err(unavailable()), t0), (Looked(Lookup::Failed(no_payment_url())), S)],
                &["look up", "resend 1"]),
        ];
        for (name, max_attempts, script, expected) in table {
            assert_eq!(exactly_once(max_attempts, script), expected, "{name}");
        }
    }

    #[test]
    fn a_write_names_its_own_duplicate() {
        // A refund made again within 5 minutes is refused with 1034: after a lost answer that
        // means the first attempt landed, so it is sent again until a lookup finds it.
        let mut refund = ExactlyOnce::new(RetryPolicy::default(), "o-1")
            .with_duplicate(Error::is_refund_refused);
        assert!(matches!(
            refund.attempted::<()>(Err(unavailable()), S),
            Step::LookUp(_)
        ));
        let Step::LookUp(unsettled) = refund.attempted::<()>(Err(api(200, 1034)), S) else {
            panic!("a refusal after a possible landing is looked up");
        };
        assert!(matches!(
            refund.looked_up::<()>(unsettled, Lookup::NotFound, S),
            Step::Resend(_)
        ));
        // For an order, 1034 is not a duplicate: the refusal stands once nothing is found.
        let mut order = ExactlyOnce::new(RetryPolicy::default(), "o-1");
        let _ = order.attempted::<()>(Err(unavailable()), S);
        let Step::LookUp(unsettled) = order.attempted::<()>(Err(api(200, 1034)), S) else {
            panic!("looked up");
        };
        assert!(matches!(
            order.looked_up::<()>(unsettled, Lookup::NotFound, S),
            Step::Return(Err(Error::OutcomeUnknown { .. }))
        ));
        // And a 1034 with nothing sent before is a refusal.
        let mut fresh = ExactlyOnce::new(RetryPolicy::default(), "o-1")
            .with_duplicate(Error::is_refund_refused);
        assert!(matches!(
            fresh.attempted::<()>(Err(api(200, 1034)), S),
            Step::Return(Err(Error::Api { .. }))
        ));
    }

    #[test]
    fn no_retries_means_one_lookup() {
        let mut machine = ExactlyOnce::new(RetryPolicy::none(), "o-1");
        let Step::LookUp(unsettled) = machine.attempted::<()>(Err(unavailable()), Duration::ZERO)
        else {
            panic!("an ambiguous failure is looked up");
        };
        assert!(matches!(
            machine.looked_up::<()>(unsettled, Lookup::NotFound, Duration::ZERO),
            Step::Return(Err(Error::OutcomeUnknown { .. }))
        ));
    }

    #[test]
    fn idempotent_requests_retry_transient_failures_only() {
        let late = Duration::from_secs(31);
        #[rustfmt::skip]
        let table: Vec<(&str, Reads, &[&str])> = vec![
            ("ok", vec![(Ok("o-1"), S)], &["ok o-1"]),
            ("an outage is retried", vec![(Err(unavailable()), S), (Err(garbled(200)), S), (Ok("o-1"), S)],
                &["retry 1", "retry 2", "ok o-1"]),
            ("until the attempts run out", vec![(Err(unavailable()), S), (Err(unavailable()), S),
                (Err(unavailable()), S), (Err(unavailable()), S)],
                &["retry 1", "retry 2", "retry 3", "unavailable"]),
            ("or the time", vec![(Err(rate_limited(1)), late)], &["rate_limited"]),
            ("a wait asked for is kept", vec![(Err(rate_limited(1)), S)], &["retry 1 after 1s"]),
            ("an unknown order is returned", vec![(Err(api(404, 1006)), S)], &["api 1006"]),
            ("a garbled refusal is returned", vec![(Err(garbled(400)), S)], &["unreadable_answer"]),
        ];
        for (name, script, expected) in table {
            let mut machine = Idempotent::new(RetryPolicy::default());
            let steps: Vec<String> = script
                .into_iter()
                .map(
                    |(outcome, elapsed)| match machine.attempted(outcome, elapsed) {
                        Read::Retry(pause) => pause_text("retry", &pause),
                        Read::Return(Ok(done)) => format!("ok {done}"),
                        Read::Return(Err(error)) => error_text(&error),
                    },
                )
                .collect();
            assert_eq!(steps, expected, "{name}");
        }
    }

    #[test]
    fn a_lookup_reads_an_unknown_order_as_not_found() {
        assert!(matches!(Lookup::of(Ok(1)), Lookup::Found(1)));
        assert!(matches!(
            Lookup::<()>::of(Err(api(404, 1006))),
            Lookup::NotFound
        ));
        assert!(matches!(
            Lookup::<()>::of(Err(api(200, 1006))),
            Lookup::NotFound
        ));
        assert!(matches!(
            Lookup::<()>::of(Err(Error::Api {
                status: 404,
                error_code: None,
                error_info: String::new()
            })),
            Lookup::NotFound
        ));
        assert!(matches!(
            Lookup::<()>::of(Err(api(401, 1032))),
            Lookup::Failed(_)
        ));
        assert!(matches!(
            Lookup::<()>::of(Err(unavailable())),
            Lookup::Failed(_)
        ));
    }

    #[test]
    fn pauses_count_attempts_and_keep_to_the_policy() {
        let policy = RetryPolicy {
            max_delay: Duration::from_millis(50),
            ..RetryPolicy::default()
        };
        let mut machine = Idempotent::new(policy);
        let Read::Retry(pause) = machine.attempted::<()>(Err(rate_limited(60)), S) else {
            panic!("a rate limit is retried");
        };
        assert_eq!(machine.attempts(), 1);
        assert_eq!(pause.kind, "rate_limited");
        assert_eq!(pause.duration(&policy, 7), Duration::from_millis(50));
    }
}
