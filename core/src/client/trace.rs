//! `tracing` spans for each request: method, path, attempt, status, latency. Never the key,
//! never a body. Without the `tracing` feature these are no-ops.

#[cfg(feature = "tracing")]
pub(crate) use tracing::Instrument;

#[cfg(feature = "tracing")]
pub(crate) fn span(method: &str, path: &str, attempt: u32) -> tracing::Span {
    tracing::info_span!(
        "msp.request",
        method,
        path,
        attempt,
        status = tracing::field::Empty,
        latency_ms = tracing::field::Empty
    )
}

#[cfg(feature = "tracing")]
pub(crate) fn finish(span: &tracing::Span, status: Option<u16>, started: std::time::Instant) {
    let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    if let Some(status) = status {
        span.record("status", status);
    }
    span.record("latency_ms", latency_ms);
    span.in_scope(|| tracing::debug!(latency_ms, status, "msp request done"));
}

/// `kind` is the failure's kind only: an error's message may quote the answer's body.
#[cfg(feature = "tracing")]
pub(crate) fn retrying(kind: &str, retry: u32, delay: std::time::Duration) {
    let delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
    tracing::warn!(retry, delay_ms, kind, "msp request failed; retrying");
}

#[cfg(feature = "tracing")]
pub(crate) fn reconciling(order_id: &str) {
    tracing::info!(
        order_id,
        "msp order outcome unknown; looking it up before sending again"
    );
}

#[cfg(not(feature = "tracing"))]
mod noop {
    #[derive(Clone)]
    pub(crate) struct Span;
    pub(crate) trait Instrument: Sized {
        fn instrument(self, _span: Span) -> Self {
            self
        }
    }
    impl<F: std::future::Future> Instrument for F {}
    pub(crate) fn span(_method: &str, _path: &str, _attempt: u32) -> Span {
        Span
    }
    pub(crate) fn finish(_span: &Span, _status: Option<u16>, _started: std::time::Instant) {}
    pub(crate) fn retrying(_kind: &str, _retry: u32, _delay: std::time::Duration) {}
    pub(crate) fn reconciling(_order_id: &str) {}
}

#[cfg(not(feature = "tracing"))]
pub(crate) use noop::*;
