//! What can go wrong ([`FaultKind`]) and on which endpoint ([`Endpoint`]). Per-kind and
//! per-endpoint data are arrays indexed by these enums ([`FaultKind::index`],
//! [`Endpoint::index`]).

use std::fmt;

/// Declares [`FaultKind`] from one row per kind (its documentation, variant and tally name), so
/// that [`FaultKind::ALL`], [`FaultKind::COUNT`] and the names cannot fall out of step with the
/// variants.
macro_rules! fault_kinds {
    ($($(#[doc = $doc:literal])+ $kind:ident => $name:literal,)+) => {
        /// One way a request goes wrong. "Stored" is about `POST /orders`; on
        /// `GET /orders/{order_id}` the kinds that store simply read the order, and both drops
        /// drop.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        #[non_exhaustive]
        pub enum FaultKind {
            $($(#[doc = $doc])+ $kind,)+
        }

        impl FaultKind {
            /// How many kinds there are.
            pub const COUNT: usize = [$($name),+].len();

            /// Every kind, in declaration order.
            pub const ALL: [FaultKind; FaultKind::COUNT] = [$(FaultKind::$kind),+];

            /// A short `snake_case` name, as in the tallies.
            pub fn name(self) -> &'static str {
                match self {
                    $(FaultKind::$kind => $name,)+
                }
            }
        }
    };
}

fault_kinds! {
    /// The request is read, then the connection is closed without an answer; nothing is stored.
    DropBeforeStore => "drop_before_store",
    /// The order is stored, then the connection is closed without an answer.
    DropAfterStore => "drop_after_store",
    /// The order is stored, and the answer is held for [`Faults::delay`](crate::Faults::delay)
    /// (longer than the client's timeout) before it is sent.
    Delay => "delay",
    /// The request is still being processed when the client gives up: after
    /// [`Faults::delay`](crate::Faults::delay) the order is stored (unless its id was taken
    /// meanwhile, by a retry) and answered. The store happens even when the client has hung up.
    StoreLate => "store_late",
    /// Nothing is stored; the answer is a 502, 503 or 504, or a 500 with an HTML error page.
    ServerError => "server_error",
    /// Nothing is stored; the answer is 429 with `Retry-After: 0`.
    RateLimited => "rate_limited",
    /// The order is stored; the answer keeps its status (200) but its body is not JSON.
    Garbage => "garbage",
    /// The order is stored; the answer's JSON is cut in the middle: either the body is complete
    /// as HTTP but holds half the JSON, or `Content-Length` promises the whole and the
    /// connection is closed halfway.
    Truncated => "truncated",
}

impl FaultKind {
    /// The kind's position in [`FaultKind::ALL`] and in per-kind arrays.
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// Whether the request is handled (the order stored, the order read) at all.
    pub(crate) fn handles(self) -> bool {
        !matches!(
            self,
            FaultKind::DropBeforeStore | FaultKind::ServerError | FaultKind::RateLimited
        )
    }
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The endpoints faults apply to.
///
/// The discriminants salt the plan's draws: changing them would change every seeded run.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum Endpoint {
    /// `POST /v1/json/orders`, at [`Faults::rate`](crate::Faults::rate).
    CreateOrder = 1,
    /// `GET /v1/json/orders/{order_id}`, at [`Faults::lookup_rate`](crate::Faults::lookup_rate).
    GetOrder = 2,
    /// `POST /v1/json/orders/{order_id}/refunds`, at [`Faults::rate`](crate::Faults::rate).
    Refund = 3,
    /// `PATCH /v1/json/orders/{order_id}`, at [`Faults::rate`](crate::Faults::rate).
    UpdateOrder = 4,
    /// `POST /v1/json/orders/{order_id}/capture`, at [`Faults::rate`](crate::Faults::rate).
    Capture = 5,
    /// `PATCH /v1/json/orders/{order_id}/refunds/{refund_id}`, at [`Faults::rate`](crate::Faults::rate).
    CancelRefund = 6,
    /// `PATCH /v1/json/capture/{order_id}`, at [`Faults::rate`](crate::Faults::rate).
    CancelAuthorization = 7,
}

impl Endpoint {
    /// How many endpoints there are.
    pub(crate) const COUNT: usize = 7;

    /// Every endpoint, in declaration order.
    pub const ALL: [Endpoint; Endpoint::COUNT] = [
        Endpoint::CreateOrder,
        Endpoint::GetOrder,
        Endpoint::Refund,
        Endpoint::UpdateOrder,
        Endpoint::Capture,
        Endpoint::CancelRefund,
        Endpoint::CancelAuthorization,
    ];

    /// The method and path, as in the tallies.
    pub fn route(self) -> &'static str {
        match self {
            Endpoint::CreateOrder => "POST /orders",
            Endpoint::GetOrder => "GET /orders/{id}",
            Endpoint::Refund => "POST /orders/{id}/refunds",
            Endpoint::UpdateOrder => "PATCH /orders/{id}",
            Endpoint::Capture => "POST /orders/{id}/capture",
            Endpoint::CancelRefund => "PATCH /orders/{id}/refunds/{refund_id}",
            Endpoint::CancelAuthorization => "PATCH /capture/{id}",
        }
    }

    /// The endpoint's position in per-endpoint arrays.
    pub(crate) fn index(self) -> usize {
        self as usize - 1
    }

    /// The salt of the endpoint's draws.
    pub(crate) fn salt(self) -> u64 {
        self as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_follow_the_lists() {
        for (i, kind) in FaultKind::ALL.into_iter().enumerate() {
            assert_eq!(kind.index(), i, "{kind}");
        }
        let endpoints = Endpoint::ALL;
        for (i, endpoint) in endpoints.into_iter().enumerate() {
            // A new endpoint stops this match compiling until it joins the list above.
            match endpoint {
                Endpoint::CreateOrder
                | Endpoint::GetOrder
                | Endpoint::Refund
                | Endpoint::UpdateOrder
                | Endpoint::Capture
                | Endpoint::CancelRefund
                | Endpoint::CancelAuthorization => {}
            }
            assert_eq!(endpoint.index(), i, "{endpoint:?}");
        }
        assert_eq!(endpoints.len(), Endpoint::COUNT);
    }

    #[test]
    fn names_are_distinct_snake_case() {
        let names: std::collections::HashSet<&str> =
            FaultKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(names.len(), FaultKind::COUNT);
        assert!(names
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_')));
    }
}
