//! Identifiers the sandbox hands out: payment session tokens and transaction ids.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};

const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Length of a session token, as in MultiSafepay's payment URLs
/// (`/connect/82Az5nicWa3Xb3qsNuuYcAHshvO43HjUmyv/`).
const SESSION_LEN: usize = 35;

/// Hands out session tokens (hard to guess, from the standard library's randomly keyed hasher:
/// enough for a local test tool, not a secret) and increasing transaction ids.
#[derive(Debug)]
pub(crate) struct Ids {
    keys: RandomState,
    transactions: AtomicU64,
    sessions: AtomicU64,
}

impl Ids {
    pub(crate) fn new() -> Self {
        Ids {
            keys: RandomState::new(),
            transactions: AtomicU64::new(0),
            sessions: AtomicU64::new(0),
        }
    }

    /// The next transaction id: unique within this sandbox, increasing.
    pub(crate) fn transaction_id(&self) -> u64 {
        1_000_000_000 + self.transactions.fetch_add(1, Ordering::Relaxed)
    }

    /// Makes later transaction ids greater than `taken` (an id restored from a state file).
    pub(crate) fn reserve_up_to(&self, taken: u64) {
        let next = taken.saturating_add(1).saturating_sub(1_000_000_000);
        self.transactions.fetch_max(next, Ordering::Relaxed);
    }

    /// A fresh 35-character alphanumeric session token.
    pub(crate) fn session(&self) -> String {
        let seed = self.sessions.fetch_add(1, Ordering::Relaxed);
        let mut out = String::with_capacity(SESSION_LEN);
        let mut round = 0u64;
        while out.len() < SESSION_LEN {
            let mut bits = self.keys.hash_one((seed, round, crate::time::now()));
            // 10 base-62 digits per 64-bit hash (62^10 < 2^64).
            for _ in 0..10 {
                if out.len() == SESSION_LEN {
                    break;
                }
                out.push(char::from(ALPHABET[(bits % 62) as usize]));
                bits /= 62;
            }
            round += 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_are_distinct_and_shaped_like_msp() {
        let ids = Ids::new();
        let a = ids.session();
        let b = ids.session();
        assert_ne!(a, b);
        assert_eq!(a.len(), 35);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric()));
        assert!(ids.transaction_id() < ids.transaction_id());
        ids.reserve_up_to(1_000_000_500);
        assert_eq!(ids.transaction_id(), 1_000_000_501);
        ids.reserve_up_to(5);
        assert_eq!(ids.transaction_id(), 1_000_000_502);
    }
}
