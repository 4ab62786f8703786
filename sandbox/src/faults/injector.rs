//! A running sandbox's fault machinery: the plan (if any), the numbering of requests per order
//! id that the plan's draws depend on, and the request and fault counters.

use super::{draw, Endpoint, Fault, FaultCounts, FaultKind, Faults};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

/// The numbering of requests per (endpoint, order id) is forgotten past this many ids, to bound
/// memory.
const NUMBERED_IDS_CAP: usize = 1 << 16;

/// The plan, the request numbering and the counters of one sandbox.
#[derive(Debug, Default)]
pub(crate) struct Injector {
    plan: Option<Faults>,
    /// Requests so far per (endpoint, order id), keyed by a hash of both: the next request's
    /// number in the plan's draws. Kept only with a plan.
    requests_per_order_id: Mutex<HashMap<u64, u32>>,
    /// Requests received, by [`Endpoint::index`]; counted with or without a plan.
    received: [AtomicU64; Endpoint::COUNT],
    /// Faults injected, by [`Endpoint::index`] and [`FaultKind::index`].
    injected: [[AtomicU64; FaultKind::COUNT]; Endpoint::COUNT],
}

impl Injector {
    pub(crate) fn new(plan: Option<Faults>) -> Injector {
        Injector {
            plan,
            ..Injector::default()
        }
    }

    /// Whether there is a plan (so requests may be spoiled).
    pub(crate) fn active(&self) -> bool {
        self.plan.is_some()
    }

    /// Counts a request to `endpoint` naming `order_id`, and says how to spoil it, if at all.
    pub(crate) fn decide(&self, endpoint: Endpoint, order_id: &str) -> Option<Fault> {
        self.received[endpoint.index()].fetch_add(1, Ordering::Relaxed);
        let plan = self.plan.as_ref()?;
        let nth = self.number(endpoint, order_id);
        let fault = plan.decide(endpoint, order_id, nth)?;
        self.injected[endpoint.index()][fault.kind().index()].fetch_add(1, Ordering::Relaxed);
        Some(fault)
    }

    /// The 0-based number of this request among those to `endpoint` naming `order_id`.
    fn number(&self, endpoint: Endpoint, order_id: &str) -> u32 {
        let mut numbers = self
            .requests_per_order_id
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if numbers.len() >= NUMBERED_IDS_CAP {
            numbers.clear();
        }
        let count = numbers
            .entry(draw::fnv1a(order_id.as_bytes()) ^ endpoint.salt())
            .or_insert(0);
        let nth = *count;
        *count = count.saturating_add(1);
        nth
    }

    /// Requests to `endpoint` received so far.
    pub(crate) fn received(&self, endpoint: Endpoint) -> u64 {
        self.received[endpoint.index()].load(Ordering::Relaxed)
    }

    /// Faults injected into `endpoint` so far.
    pub(crate) fn injected(&self, endpoint: Endpoint) -> FaultCounts {
        let by_kind = &self.injected[endpoint.index()];
        FaultCounts::from_array(std::array::from_fn(|i| by_kind[i].load(Ordering::Relaxed)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_injector_numbers_requests_per_order_id() {
        let plan = Faults::new(99).rate(0.5);
        let run = |order: &[&str]| {
            let injector = Injector::new(Some(plan.clone()));
            let mut by_id: HashMap<String, Vec<Option<FaultKind>>> = HashMap::new();
            for id in order {
                let fault = injector.decide(Endpoint::CreateOrder, id).map(|f| f.kind());
                by_id.entry((*id).to_owned()).or_default().push(fault);
            }
            by_id
        };
        // Interleaving differs, each id's own sequence does not.
        let a = run(&["a", "b", "a", "c", "b", "a", "c", "c", "b"]);
        let b = run(&["c", "c", "b", "a", "c", "a", "b", "b", "a"]);
        assert_eq!(a, b);
    }

    #[test]
    fn requests_and_faults_are_counted_per_endpoint_and_kind() {
        let injector = Injector::new(Some(Faults::new(5).rate(1.0).kinds(&[FaultKind::Garbage])));
        for id in ["a", "b", "a"] {
            injector.decide(Endpoint::CreateOrder, id);
        }
        injector.decide(Endpoint::GetOrder, "a");
        assert_eq!(injector.received(Endpoint::CreateOrder), 3);
        assert_eq!(injector.received(Endpoint::GetOrder), 1);
        assert_eq!(
            injector
                .injected(Endpoint::CreateOrder)
                .get(FaultKind::Garbage),
            3
        );
        assert_eq!(injector.injected(Endpoint::CreateOrder).total(), 3);
        assert_eq!(injector.injected(Endpoint::GetOrder).total(), 1);

        let idle = Injector::new(None);
        assert!(idle.decide(Endpoint::GetOrder, "a").is_none());
        assert_eq!(idle.received(Endpoint::GetOrder), 1);
        assert_eq!(idle.injected(Endpoint::GetOrder).total(), 0);
    }
}
