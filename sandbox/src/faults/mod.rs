//! Seeded fault injection: the network and the server misbehaving on purpose, so that a client's
//! retries and its exactly-once order creation can be tested offline. See [`Faults`].
//!
//! The handlers (`routes/orders.rs`, and `routes/writes.rs` for the writes after an order) ask the [`Injector`] for a [`Fault`] and let it
//! answer; a dropped connection is an answer whose body fails, on which hyper closes the
//! connection without completing the response.
//!
//! - [`kind`]: what can go wrong ([`FaultKind`]) and where ([`Endpoint`]);
//! - [`plan`]: the seeded plan ([`Faults`]) and the [`Fault`] it gives a request;
//! - [`draw`]: the random streams the plan draws from;
//! - [`injector`]: a running sandbox's plan, request numbering and counters;
//! - [`tally`]: the counts a sandbox reports ([`FaultTally`]);
//! - [`answer`]: the spoiled answers themselves.

mod answer;
mod draw;
mod injector;
mod kind;
mod plan;
mod tally;

pub(crate) use injector::Injector;
pub use kind::{Endpoint, FaultKind};
pub(crate) use plan::Fault;
pub use plan::{Faults, DEFAULT_FAULT_DELAY, DEFAULT_FAULT_RATE};
pub use tally::{EndpointTally, FaultCounts, FaultTally};
