//! Seeded fault injection: the network and the server misbehaving on purpose, so that a client's
//! retries and its exactly-once order creation can be tested offline. See [`Faults`].
//!
//! The two order handlers (`routes/orders.rs`) ask the [`Injector`] for a [`Fault`] and let it
//! answer; a dropped connection is an answer whose body fails, on which hyper closes the
//! connection without completing the response.

use axum::body::{Body, Bytes, HttpBody};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use http_body::Frame;
use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

/// The fault rate of [`Faults::new`] until [`Faults::rate`] sets another.
pub const DEFAULT_FAULT_RATE: f64 = 0.1;

/// How long [`FaultKind::Delay`] and [`FaultKind::StoreLate`] hold an answer unless
/// [`Faults::delay`] says otherwise: one second more than the SDK client's default timeout.
pub const DEFAULT_FAULT_DELAY: Duration = Duration::from_secs(31);

/// One way a request goes wrong. "Stored" is about `POST /orders`; on `GET /orders/{order_id}`
/// the kinds that store simply read the order, and both drops drop.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum FaultKind {
    /// The request is read, then the connection is closed without an answer; nothing is stored.
    DropBeforeStore,
    /// The order is stored, then the connection is closed without an answer.
    DropAfterStore,
    /// The order is stored, and the answer is held for [`Faults::delay`] (longer than the
    /// client's timeout) before it is sent.
    Delay,
    /// The request is still being processed when the client gives up: after [`Faults::delay`]
    /// the order is stored (unless its id was taken meanwhile, by a retry) and answered. The
    /// store happens even when the client has hung up.
    StoreLate,
    /// Nothing is stored; the answer is a 502, 503 or 504, or a 500 with an HTML error page.
    ServerError,
    /// Nothing is stored; the answer is 429 with `Retry-After: 0`.
    RateLimited,
    /// The order is stored; the answer keeps its status (200) but its body is not JSON.
    Garbage,
    /// The order is stored; the answer's JSON is cut in the middle: either the body is complete
    /// as HTTP but holds half the JSON, or `Content-Length` promises the whole and the
    /// connection is closed halfway.
    Truncated,
}

impl FaultKind {
    /// Every kind, in declaration order.
    pub const ALL: [FaultKind; 8] = [
        FaultKind::DropBeforeStore,
        FaultKind::DropAfterStore,
        FaultKind::Delay,
        FaultKind::StoreLate,
        FaultKind::ServerError,
        FaultKind::RateLimited,
        FaultKind::Garbage,
        FaultKind::Truncated,
    ];

    /// A short `snake_case` name, as in the tallies.
    pub fn name(self) -> &'static str {
        match self {
            FaultKind::DropBeforeStore => "drop_before_store",
            FaultKind::DropAfterStore => "drop_after_store",
            FaultKind::Delay => "delay",
            FaultKind::StoreLate => "store_late",
            FaultKind::ServerError => "server_error",
            FaultKind::RateLimited => "rate_limited",
            FaultKind::Garbage => "garbage",
            FaultKind::Truncated => "truncated",
        }
    }

    fn index(self) -> usize {
        match self {
            FaultKind::DropBeforeStore => 0,
            FaultKind::DropAfterStore => 1,
            FaultKind::Delay => 2,
            FaultKind::StoreLate => 3,
            FaultKind::ServerError => 4,
            FaultKind::RateLimited => 5,
            FaultKind::Garbage => 6,
            FaultKind::Truncated => 7,
        }
    }

    /// Whether the request is handled (the order stored, the order read) at all.
    fn handles(self) -> bool {
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

/// A seeded fault plan for a sandbox: how often, and in which ways, requests go wrong. From
/// [`Faults::new`]; given to [`SandboxBuilder::faults`](crate::SandboxBuilder::faults).
///
/// Only `POST /v1/json/orders` and `GET /v1/json/orders/{order_id}` are spoiled, each in one of
/// the [`FaultKind`]s; the payment page and the notifications never are. Which request is
/// spoiled, and how, follows from the seed alone: the decision for the *n*-th request naming an
/// order id is a function of (seed, endpoint, order id, *n*) ([`Faults::planned`]), so a run is
/// reproducible whatever order concurrent requests arrive in.
///
/// ```no_run
/// # async fn run() {
/// use msp_sandbox::{FaultKind, Faults, Sandbox};
/// use std::time::Duration;
/// let sandbox = Sandbox::builder()
///     .faults(
///         Faults::new(42)
///             .rate(0.3)                         // POST /orders
///             .lookup_rate(0.1)                  // GET /orders/{order_id}
///             .delay(Duration::from_millis(300)) // longer than the client's timeout
///             .kinds(&[FaultKind::DropAfterStore, FaultKind::Truncated]),
///     )
///     .start()
///     .await;
/// // ... submit orders, then:
/// println!("{}", sandbox.fault_tally());
/// # }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Faults {
    seed: u64,
    rate: f64,
    lookup_rate: Option<f64>,
    kinds: Vec<(FaultKind, u32)>,
    delay: Duration,
}

impl Faults {
    /// A plan drawn from `seed`: [`DEFAULT_FAULT_RATE`] of the requests spoiled, every
    /// [`FaultKind`] equally likely, answers held for [`DEFAULT_FAULT_DELAY`].
    pub fn new(seed: u64) -> Faults {
        Faults {
            seed,
            rate: DEFAULT_FAULT_RATE,
            lookup_rate: None,
            kinds: FaultKind::ALL.iter().map(|&kind| (kind, 1)).collect(),
            delay: DEFAULT_FAULT_DELAY,
        }
    }

    /// The share of `POST /orders` requests spoiled, from 0 to 1 (clamped; NaN is 0). Also the
    /// share of `GET /orders/{order_id}` requests, unless [`Faults::lookup_rate`] sets another.
    pub fn rate(mut self, rate: f64) -> Faults {
        self.rate = clamp_rate(rate);
        self
    }

    /// The share of `GET /orders/{order_id}` requests spoiled (the client's reconciliation
    /// lookups), from 0 to 1; the same as [`Faults::rate`] unless set.
    pub fn lookup_rate(mut self, rate: f64) -> Faults {
        self.lookup_rate = Some(clamp_rate(rate));
        self
    }

    /// The kinds to choose from, equally likely (a kind listed twice is twice as likely); no
    /// kinds, no faults.
    pub fn kinds(mut self, kinds: &[FaultKind]) -> Faults {
        self.kinds = kinds.iter().map(|&kind| (kind, 1)).collect();
        self
    }

    /// The kinds to choose from, each with a weight (its chance is its share of the weights).
    pub fn weighted(mut self, kinds: &[(FaultKind, u32)]) -> Faults {
        self.kinds = kinds.to_vec();
        self
    }

    /// How long [`FaultKind::Delay`] and [`FaultKind::StoreLate`] hold an answer; make it longer
    /// than the client's timeout (default [`DEFAULT_FAULT_DELAY`]).
    pub fn delay(mut self, delay: Duration) -> Faults {
        self.delay = delay;
        self
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The fault this plan gives the `nth` (0-based) request to `endpoint` naming `order_id`
    /// (in the body of a `POST`, in the path of a `GET`), if any. Tests can use it to pick an
    /// order id whose requests meet a given sequence of faults.
    pub fn planned(&self, endpoint: Endpoint, order_id: &str, nth: u32) -> Option<FaultKind> {
        self.decide(endpoint, order_id, nth).map(|fault| fault.kind)
    }

    /// The fault for the `nth` (0-based) request to `route` naming `key` (an order id), if any.
    fn decide(&self, route: Endpoint, key: &str, nth: u32) -> Option<Fault> {
        let rate = match route {
            Endpoint::CreateOrder => self.rate,
            Endpoint::GetOrder => self.lookup_rate.unwrap_or(self.rate),
        };
        let total: u64 = self.kinds.iter().map(|&(_, w)| u64::from(w)).sum();
        if total == 0 || rate <= 0.0 {
            return None;
        }
        let mut rng = SplitMix::new(self.seed)
            .fork(route as u64)
            .fork(fnv1a(key.as_bytes()))
            .fork(u64::from(nth));
        if rng.unit() >= rate {
            return None;
        }
        let mut pick = rng.next() % total;
        let kind = self.kinds.iter().find_map(|&(kind, weight)| {
            let weight = u64::from(weight);
            if pick < weight {
                Some(kind)
            } else {
                pick -= weight;
                None
            }
        })?;
        Some(Fault {
            kind,
            variant: rng.next(),
            delay: self.delay,
        })
    }
}

fn clamp_rate(rate: f64) -> f64 {
    if rate.is_nan() {
        0.0
    } else {
        rate.clamp(0.0, 1.0)
    }
}

/// The endpoints faults apply to.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[non_exhaustive]
pub enum Endpoint {
    /// `POST /v1/json/orders`, at [`Faults::rate`].
    CreateOrder = 1,
    /// `GET /v1/json/orders/{order_id}`, at [`Faults::lookup_rate`].
    GetOrder = 2,
}

/// Faults injected into one endpoint, by kind.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct FaultCounts {
    counts: [u64; 8],
}

impl FaultCounts {
    /// How many faults of `kind`.
    pub fn get(&self, kind: FaultKind) -> u64 {
        self.counts[kind.index()]
    }

    /// How many faults in all.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
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

/// Request numbering per (route, order id) is forgotten past this many ids, to bound memory.
const SEEN_CAP: usize = 1 << 16;

/// A sandbox's fault machinery: the plan (if any), request numbering, counters.
#[derive(Debug, Default)]
pub(crate) struct Injector {
    plan: Option<Faults>,
    seen: Mutex<HashMap<u64, u32>>,
    requests: [AtomicU64; 2],
    faults: [[AtomicU64; 8]; 2],
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

    /// Counts a request on `route` naming `key`, and says how to spoil it, if at all.
    pub(crate) fn decide(&self, route: Endpoint, key: &str) -> Option<Fault> {
        let slot = route as usize - 1;
        self.requests[slot].fetch_add(1, Ordering::Relaxed);
        let plan = self.plan.as_ref()?;
        let nth = {
            let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
            if seen.len() >= SEEN_CAP {
                seen.clear();
            }
            let count = seen
                .entry(fnv1a(key.as_bytes()) ^ route as u64)
                .or_insert(0);
            let nth = *count;
            *count = count.saturating_add(1);
            nth
        };
        let fault = plan.decide(route, key, nth)?;
        self.faults[slot][fault.kind.index()].fetch_add(1, Ordering::Relaxed);
        Some(fault)
    }

    /// The counters; `stored` and `duplicates_refused` are the store's to fill in.
    pub(crate) fn tally(&self) -> FaultTally {
        let counts = |slot: usize| FaultCounts {
            counts: std::array::from_fn(|i| self.faults[slot][i].load(Ordering::Relaxed)),
        };
        FaultTally {
            create_requests: self.requests[0].load(Ordering::Relaxed),
            lookup_requests: self.requests[1].load(Ordering::Relaxed),
            create_faults: counts(0),
            lookup_faults: counts(1),
            stored: 0,
            duplicates_refused: 0,
        }
    }
}

/// One spoiled request: the kind, and a random word choosing the details (which 5xx, where
/// the JSON is cut, which garbage).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct Fault {
    kind: FaultKind,
    variant: u64,
    delay: Duration,
}

impl Fault {
    /// Answers the request: `handle` is the real handling (which stores the order), run or not
    /// as the kind says.
    pub(crate) async fn answer<H>(self, handle: H) -> Response
    where
        H: FnOnce() -> Response + Send + 'static,
    {
        let handled = match self.kind {
            kind if !kind.handles() => None,
            // Stored after the wait, whether or not the client is still there: hyper drops a
            // handler whose client hung up, so the handling runs on its own task.
            FaultKind::StoreLate => {
                let delay = self.delay;
                let late = tokio::spawn(async move {
                    tokio::time::sleep(delay).await;
                    handle()
                });
                return late
                    .await
                    .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response());
            }
            _ => Some(handle()),
        };
        match (self.kind, handled) {
            (FaultKind::Delay, Some(answer)) => {
                tokio::time::sleep(self.delay).await;
                answer
            }
            (FaultKind::Garbage, Some(answer)) => {
                let status = answer.status();
                with_body(status, Body::from(garbage(self.variant)))
            }
            (FaultKind::Truncated, Some(answer)) => truncate(answer, self.variant).await,
            (FaultKind::ServerError, _) => server_error(self.variant),
            (FaultKind::RateLimited, _) => {
                let mut answer = with_body(
                    StatusCode::TOO_MANY_REQUESTS,
                    Body::from("Too Many Requests"),
                );
                answer
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("0"));
                answer
            }
            // DropBeforeStore, DropAfterStore.
            _ => dropped(Bytes::new()),
        }
    }

    /// The kind.
    #[cfg(test)]
    fn kind(&self) -> FaultKind {
        self.kind
    }
}

/// An answer hyper never completes: the body fails after `sent` (and a pause, so that the
/// status line, headers and `sent` reach the client first), and hyper closes the connection.
/// With nothing to send, nothing is: the client sees the connection close with no answer.
fn dropped(sent: Bytes) -> Response {
    let pause = (!sent.is_empty()).then(|| Box::pin(tokio::time::sleep(Duration::from_millis(5))));
    Response::new(Body::new(Aborted {
        sent: (!sent.is_empty()).then_some(sent),
        pause,
    }))
}

/// The body of [`dropped`].
struct Aborted {
    sent: Option<Bytes>,
    pause: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl HttpBody for Aborted {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        if let Some(sent) = self.sent.take() {
            return Poll::Ready(Some(Ok(Frame::data(sent))));
        }
        if let Some(pause) = self.pause.as_mut() {
            if pause.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            self.pause = None;
        }
        Poll::Ready(Some(Err(io::Error::new(
            io::ErrorKind::ConnectionAborted,
            "msp-sandbox fault: connection dropped",
        ))))
    }
}

/// A JSON-typed answer with `body`.
fn with_body(status: StatusCode, body: Body) -> Response {
    let mut answer = Response::new(body);
    *answer.status_mut() = status;
    answer.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    answer
}

/// 502, 503 or 504 with a short text, or 500 with an HTML error page.
fn server_error(variant: u64) -> Response {
    let (status, body, html) = match variant % 4 {
        0 => (StatusCode::BAD_GATEWAY, "Bad Gateway", false),
        1 => (StatusCode::SERVICE_UNAVAILABLE, "", false),
        2 => (
            StatusCode::GATEWAY_TIMEOUT,
            "upstream request timeout",
            false,
        ),
        _ => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head>\
             <body><h1>Internal Server Error</h1><p>The server encountered an internal error.</p>\
             </body></html>\n",
            true,
        ),
    };
    let mut answer = Response::new(Body::from(body));
    *answer.status_mut() = status;
    let content_type = if html { "text/html" } else { "text/plain" };
    answer
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    answer
}

/// A body that is not JSON (and does not look like an HTML outage page either).
fn garbage(variant: u64) -> Vec<u8> {
    match variant % 3 {
        // Binary noise; the first byte is not valid UTF-8, so it is never JSON.
        0 => {
            let mut rng = SplitMix::new(variant);
            let len = 16 + (rng.next() % 48) as usize;
            let mut bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            bytes[0] |= 0x80;
            bytes
        }
        1 => b"upstream connect error or disconnect/reset before headers".to_vec(),
        _ => b"}{\"success\": true, \"data\": ".to_vec(),
    }
}

/// The answer with its JSON cut at a point between the first and the last byte.
async fn truncate(answer: Response, variant: u64) -> Response {
    let (parts, body) = answer.into_parts();
    let full = axum::body::to_bytes(body, crate::MAX_BODY * 8)
        .await
        .unwrap_or_default();
    if full.len() < 2 {
        return dropped(Bytes::new());
    }
    let cut = 1 + (variant >> 1) as usize % (full.len() - 1);
    let half = full.slice(..cut);
    if variant & 1 == 0 {
        // Complete as HTTP (Content-Length is the cut length); half the JSON.
        with_body(parts.status, Body::from(half))
    } else {
        // Content-Length promises the whole; the connection closes halfway.
        let mut answer = dropped(half);
        *answer.status_mut() = parts.status;
        let headers = answer.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(full.len()));
        answer
    }
}

/// SplitMix64: small, fast and well mixed; faults need spread, not secrecy.
#[derive(Clone, Copy, Debug)]
struct SplitMix {
    state: u64,
}

impl SplitMix {
    fn new(seed: u64) -> SplitMix {
        SplitMix { state: seed }
    }

    fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut x = self.state;
        x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        x ^ (x >> 31)
    }

    /// A new stream, determined by this one's state and `salt`.
    fn fork(mut self, salt: u64) -> SplitMix {
        SplitMix::new(self.next() ^ salt.wrapping_mul(0xD6E8_FEB8_6659_FD93))
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// FNV-1a, to turn an order id into a stream salt.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xCBF2_9CE4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sequence(faults: &Faults, route: Endpoint, n: usize) -> Vec<Option<(FaultKind, u64)>> {
        (0..n)
            .map(|i| {
                faults
                    .decide(route, &format!("order-{}", i / 3), (i % 3) as u32)
                    .map(|f| (f.kind(), f.variant))
            })
            .collect()
    }

    #[test]
    fn the_same_seed_gives_the_same_faults() {
        let plan = Faults::new(7).rate(0.3);
        let first = sequence(&plan, Endpoint::CreateOrder, 2000);
        assert_eq!(first, sequence(&plan.clone(), Endpoint::CreateOrder, 2000));
        assert_eq!(
            first,
            sequence(&Faults::new(7).rate(0.3), Endpoint::CreateOrder, 2000)
        );
        assert_ne!(
            first,
            sequence(&Faults::new(8).rate(0.3), Endpoint::CreateOrder, 2000)
        );
        assert_ne!(first, sequence(&plan, Endpoint::GetOrder, 2000));
    }

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
    fn rates_and_kinds_are_honoured() {
        let n = 20_000;
        let count = |plan: &Faults| {
            sequence(plan, Endpoint::CreateOrder, n)
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
        };
        let faults = count(&Faults::new(1).rate(0.3));
        let share = faults.len() as f64 / n as f64;
        assert!((0.28..0.32).contains(&share), "{share}");
        for kind in FaultKind::ALL {
            let of_kind = faults.iter().filter(|(k, _)| *k == kind).count();
            let share = of_kind as f64 / faults.len() as f64;
            assert!((0.10..0.15).contains(&share), "{kind}: {share}");
        }
        assert!(count(&Faults::new(1).rate(0.0)).is_empty());
        assert!(count(&Faults::new(1).rate(f64::NAN)).is_empty());
        assert!(count(&Faults::new(1).rate(1.0).kinds(&[])).is_empty());
        assert_eq!(count(&Faults::new(1).rate(7.0)).len(), n);
        let only = count(&Faults::new(1).rate(1.0).kinds(&[FaultKind::Garbage]));
        assert!(only.iter().all(|(k, _)| *k == FaultKind::Garbage));
        let weighted = count(&Faults::new(1).rate(1.0).weighted(&[
            (FaultKind::Delay, 3),
            (FaultKind::Truncated, 1),
            (FaultKind::Garbage, 0),
        ]));
        let delays = weighted
            .iter()
            .filter(|(k, _)| *k == FaultKind::Delay)
            .count();
        assert!((0.72..0.78).contains(&(delays as f64 / n as f64)));
        assert!(weighted.iter().all(|(k, _)| *k != FaultKind::Garbage));
        let lookups = Faults::new(1).rate(0.3).lookup_rate(0.0);
        assert!(sequence(&lookups, Endpoint::GetOrder, n)
            .iter()
            .all(Option::is_none));
    }

    #[test]
    fn garbage_is_never_json() {
        for variant in 0..300 {
            let body = garbage(variant);
            assert!(serde_json::from_slice::<serde_json::Value>(&body).is_err());
            assert_ne!(body.first(), Some(&b'<'));
        }
    }
}
