//! What a sandbox reports: requests per endpoint, faults by kind, orders stored.

use super::FaultKind;
use std::fmt;

/// Faults injected into one endpoint, by kind.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct FaultCounts {
    /// Indexed by [`FaultKind::index`].
    by_kind: [u64; FaultKind::COUNT],
}

impl FaultCounts {
    /// The counts, indexed by [`FaultKind::index`].
    pub(crate) fn from_array(by_kind: [u64; FaultKind::COUNT]) -> FaultCounts {
        FaultCounts { by_kind }
    }

    /// How many faults of `kind`.
    pub fn get(&self, kind: FaultKind) -> u64 {
        self.by_kind[kind.index()]
    }

    /// How many faults in all.
    pub fn total(&self) -> u64 {
        self.by_kind.iter().sum()
    }

    /// Each kind and its count, in [`FaultKind::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (FaultKind, u64)> + '_ {
        FaultKind::ALL.iter().map(|&kind| (kind, self.get(kind)))
    }
}

impl fmt::Display for FaultCounts {
    /// `12 faults (drop_before_store 2, drop_after_store 1, ...)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} faults (", self.total())?;
        for (i, (kind, count)) in self.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            write!(f, "{sep}{kind} {count}")?;
        }
        f.write_str(")")
    }
}

/// Requests to one endpoint and the faults injected into them: from
/// [`Sandbox::endpoint_tally`](crate::Sandbox::endpoint_tally).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub struct EndpointTally {
    /// The endpoint.
    pub endpoint: super::Endpoint,
    /// Requests received.
    pub requests: u64,
    /// Faults injected.
    pub faults: FaultCounts,
}

impl fmt::Display for EndpointTally {
    /// `POST /orders/{id}/refunds: 1500 requests, 450 faults (...)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} requests, {}",
            self.endpoint.route(),
            self.requests,
            self.faults
        )
    }
}

/// What a sandbox has seen and done: requests per endpoint, faults injected, orders stored.
/// From [`Sandbox::fault_tally`](crate::Sandbox::fault_tally); counted with or without faults.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
#[non_exhaustive]
pub struct FaultTally {
    /// `POST /v1/json/orders` requests received.
    pub create_requests: u64,
    /// `GET /v1/json/orders/{order_id}` requests received.
    pub lookup_requests: u64,
    /// Faults injected into `POST /v1/json/orders`.
    pub create_faults: FaultCounts,
    /// Faults injected into `GET /v1/json/orders/{order_id}`.
    pub lookup_faults: FaultCounts,
    /// Orders stored (each store is a new order id: the sandbox refuses a taken one).
    pub stored: u64,
    /// `POST /orders` refused with error 1006 because the order id was taken (for a retrying
    /// client: an earlier attempt had landed).
    pub duplicates_refused: u64,
}

impl fmt::Display for FaultTally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "POST /orders: {} requests, {}",
            self.create_requests, self.create_faults
        )?;
        writeln!(
            f,
            "GET /orders/{{id}}: {} requests, {}",
            self.lookup_requests, self.lookup_faults
        )?;
        write!(
            f,
            "orders stored: {}; POSTs refused as duplicates (1006): {}",
            self.stored, self.duplicates_refused
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tally_prints_as_the_readme_quotes_it() {
        let counts =
            |first: u64| FaultCounts::from_array(std::array::from_fn(|i| first + i as u64));
        let tally = FaultTally {
            create_requests: 1158,
            lookup_requests: 440,
            create_faults: counts(1),
            lookup_faults: counts(10),
            stored: 1000,
            duplicates_refused: 30,
        };
        assert_eq!(tally.create_faults.get(FaultKind::DropAfterStore), 2);
        assert_eq!(tally.lookup_faults.total(), 108);
        assert_eq!(
            tally.to_string(),
            "POST /orders: 1158 requests, 36 faults (drop_before_store 1, drop_after_store 2, \
             delay 3, store_late 4, server_error 5, rate_limited 6, garbage 7, truncated 8)\n\
             GET /orders/{id}: 440 requests, 108 faults (drop_before_store 10, \
             drop_after_store 11, delay 12, store_late 13, server_error 14, rate_limited 15, \
             garbage 16, truncated 17)\n\
             orders stored: 1000; POSTs refused as duplicates (1006): 30"
        );
    }
}
