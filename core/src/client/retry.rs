//! When and how long to wait before trying again.

use crate::prng::splitmix;
use std::time::Duration;

/// How the client retries transient failures (connection errors, timeouts, 429, 502/503/504):
/// exponential backoff with full jitter, bounded in attempts and in total time. API errors,
/// invalid orders and configuration errors are never retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = no retry).
    pub max_attempts: u32,
    /// The wait before the first retry; it doubles after each one.
    pub base_delay: Duration,
    /// The longest single wait.
    pub max_delay: Duration,
    /// No retry starts once this much time has passed since the first attempt. Until then, a
    /// write whose attempts are spent but which may still land is looked up again.
    pub max_elapsed: Duration,
}

impl Default for RetryPolicy {
    /// 4 attempts, 200 ms doubling up to 2 s, within 30 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(2),
            max_elapsed: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// Never retry: one attempt, and after a failure that may have reached MultiSafepay one
    /// lookup, not repeated (no time budget to look again in).
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            max_elapsed: Duration::ZERO,
            ..RetryPolicy::default()
        }
    }

    /// The wait before retry number `retry` (1-based): a random point in
    /// `[0, min(max_delay, base_delay * 2^(retry-1))]`, or what the server asked for in
    /// `Retry-After` (capped at `max_delay`).
    pub(crate) fn delay(&self, retry: u32, asked: Option<Duration>, seed: u64) -> Duration {
        if let Some(asked) = asked {
            return asked.min(self.max_delay);
        }
        let ceiling = self
            .base_delay
            .saturating_mul(1u32 << (retry.saturating_sub(1)).min(16))
            .min(self.max_delay);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        // `checked_rem` keeps `Duration::MAX` settings from overflowing.
        Duration::from_nanos(
            splitmix(seed)
                .checked_rem(nanos.saturating_add(1))
                .unwrap_or(0),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_and_stay_bounded() {
        let policy = RetryPolicy::default();
        for seed in 0..200 {
            assert!(policy.delay(1, None, seed) <= Duration::from_millis(200));
            assert!(policy.delay(2, None, seed) <= Duration::from_millis(400));
            assert!(policy.delay(30, None, seed) <= Duration::from_secs(2));
        }
        let spread: std::collections::HashSet<_> =
            (0..50).map(|s| policy.delay(3, None, s)).collect();
        assert!(spread.len() > 40, "jitter spreads the waits");
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(1)), 0),
            Duration::from_secs(1)
        );
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(60)), 0),
            Duration::from_secs(2)
        );
    }

    #[test]
    fn extreme_settings_do_not_overflow_and_stay_within_their_bounds() {
        let unbounded = RetryPolicy {
            base_delay: Duration::MAX,
            max_delay: Duration::MAX,
            ..RetryPolicy::default()
        };
        // The ceiling saturates at `u64::MAX` nanoseconds and so does the modulus: the jitter is
        // the seed's mix itself. A modulus that wrapped to 0 would give no wait at all.
        let cap = Duration::from_nanos(u64::MAX);
        let mut waits = std::collections::HashSet::new();
        for (retry, seed) in [(1, 0), (2, u64::MAX), (40, 7), (u32::MAX, 1)] {
            let wait = unbounded.delay(retry, None, seed);
            assert!(wait <= cap, "{wait:?}");
            assert_eq!(wait, Duration::from_nanos(splitmix(seed)));
            waits.insert(wait);
        }
        assert_eq!(waits.len(), 4, "the seeds spread the waits");

        // A tiny cap binds whatever the attempt, and a zero cap gives no wait at all.
        let tight = RetryPolicy {
            base_delay: Duration::MAX,
            max_delay: Duration::from_nanos(3),
            ..RetryPolicy::default()
        };
        let zero = RetryPolicy {
            max_delay: Duration::ZERO,
            ..RetryPolicy::default()
        };
        for seed in 0..100 {
            assert!(tight.delay(u32::MAX, None, seed) <= Duration::from_nanos(3));
            assert_eq!(
                tight.delay(1, Some(Duration::MAX), seed),
                Duration::from_nanos(3)
            );
            assert_eq!(zero.delay(5, None, seed), Duration::ZERO);
        }
    }
}
