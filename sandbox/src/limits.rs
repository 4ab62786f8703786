//! The sandbox's bound on what it reads.

/// The largest request body the sandbox reads (128 KiB); larger ones are refused with HTTP 413.
/// Together with the cap on stored orders ([`DEFAULT_MAX_ORDERS`](crate::DEFAULT_MAX_ORDERS) by
/// default) it bounds memory, though a parsed order takes several times its raw size: lower the
/// cap for big carts.
pub const MAX_BODY: usize = 128 * 1024;
