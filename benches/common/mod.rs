//! What the benchmarks share: the seed order as a derived struct and as the plain serde struct a
//! merchant would write without the SDK, and a paired measurement that interleaves two variants
//! so that their ratio holds on a shared, noisy machine.
#![allow(dead_code)] // each bench uses a part

pub mod refund_trip;
pub mod round_trip;

use serde::Serialize;
use std::hint::black_box;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// The seed order as a derived struct: the one the facade's tests use.
#[path = "../../tests/common/mod.rs"]
mod seed;

pub use seed::Checkout;

/// The seed order with a customer e-mail: the URLs and locale fixed in the attribute, the rest
/// from fields.
pub fn checkout() -> Checkout {
    Checkout {
        email: Some("buyer@shop.example".into()),
        ..seed::seed_checkout()
    }
}

/// The plain alternative: a hand-written serde struct of the same shape as the API's body,
/// holding the merchant's values as they are (borrowed), no checks.
#[derive(Serialize)]
pub struct PlainOrder<'a> {
    #[serde(rename = "type")]
    pub flow: &'static str,
    pub order_id: &'a str,
    pub gateway: &'static str,
    pub currency: &'static str,
    pub amount: u64,
    pub description: &'a str,
    pub payment_options: PlainPaymentOptions,
    pub customer: PlainCustomer<'a>,
}

#[derive(Serialize)]
pub struct PlainPaymentOptions {
    pub notification_url: &'static str,
    pub redirect_url: &'static str,
    pub cancel_url: &'static str,
}

#[derive(Serialize)]
pub struct PlainCustomer<'a> {
    pub locale: &'static str,
    pub ip_address: IpAddr,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<&'a str>,
}

impl Checkout {
    /// The plain struct of this checkout: what a merchant without the SDK builds per request.
    pub fn plain(&self) -> PlainOrder<'_> {
        PlainOrder {
            flow: "redirect",
            order_id: &self.order_id,
            gateway: "AMEX",
            currency: self.currency.code(),
            amount: self.total_cents,
            description: &self.description,
            payment_options: PlainPaymentOptions {
                notification_url: "http://www.example.com/client/notification?type=notification",
                redirect_url: "http://www.example.com/client/notification?type=redirect",
                cancel_url: "http://www.example.com/client/notification?type=cancel",
            },
            customer: PlainCustomer {
                locale: "nl_NL",
                ip_address: self.ip_address,
                email: self.email.as_deref(),
            },
        }
    }
}

/// The body both sides send: through the derive and through the plain struct, byte for byte.
pub fn body() -> Vec<u8> {
    let checkout = checkout();
    let derived = serde_json::to_vec(&checkout.to_request().expect("valid")).unwrap();
    let plain = serde_json::to_vec(&checkout.plain()).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&derived),
        String::from_utf8_lossy(&plain),
        "the derived and the plain struct must serialise to the same bytes"
    );
    derived
}

/// Whether the binary runs as `cargo bench` (criterion's full measurement) rather than as a
/// smoke test (`cargo test --benches`, or run by hand without `--bench`).
pub fn full_run() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// The outcome of a paired measurement.
pub struct Paired {
    pub label: &'static str,
    pub name_a: &'static str,
    pub name_b: &'static str,
    /// Median time of one call of each variant.
    pub a: Duration,
    pub b: Duration,
    /// Median, first and third quartile of the per-round ratios `a / b`.
    pub ratio: f64,
    pub q1: f64,
    pub q3: f64,
    pub rounds: usize,
}

impl std::fmt::Display for Paired {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "RATIO {}: {} / {} = {:.3}x (quartiles {:.3}..{:.3}, {} interleaved rounds); \
             per call: {} {}, {} {}",
            self.label,
            self.name_a,
            self.name_b,
            self.ratio,
            self.q1,
            self.q3,
            self.rounds,
            self.name_a,
            fmt_duration(self.a),
            self.name_b,
            fmt_duration(self.b),
        )
    }
}

pub fn fmt_duration(d: Duration) -> String {
    let ns = d.as_secs_f64() * 1e9;
    if ns < 1e3 {
        format!("{ns:.1} ns")
    } else if ns < 1e6 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{:.3} ms", ns / 1e6)
    }
}

/// Measures `a` against `b` interleaved: each round times a batch of each (in alternating order,
/// so that neither always runs second), and the ratio is taken per round, where both saw the
/// same machine. `run(n)` runs `n` calls and returns the time they took.
pub fn paired(
    label: &'static str,
    (name_a, mut a): (&'static str, impl FnMut(u64) -> Duration),
    (name_b, mut b): (&'static str, impl FnMut(u64) -> Duration),
    batch_time: Duration,
    rounds: usize,
) -> Paired {
    // Warm up, and size the batch so that one takes about `batch_time`.
    let mut n = 1u64;
    loop {
        let t = a(n) + b(n);
        if t >= batch_time || n >= 1 << 30 {
            break;
        }
        let scaled = n as f64 * batch_time.as_secs_f64() / t.as_secs_f64().max(1e-9) * 0.9;
        n = (n * 2).max(scaled as u64);
    }
    let mut ratios = Vec::with_capacity(rounds);
    let mut times_a = Vec::with_capacity(rounds);
    let mut times_b = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let (ta, tb) = if round % 2 == 0 {
            let ta = a(n);
            (ta, b(n))
        } else {
            let tb = b(n);
            (a(n), tb)
        };
        ratios.push(ta.as_secs_f64() / tb.as_secs_f64());
        times_a.push(ta.div_f64(n as f64));
        times_b.push(tb.div_f64(n as f64));
    }
    ratios.sort_by(f64::total_cmp);
    times_a.sort();
    times_b.sort();
    let q = |p: f64| ratios[((ratios.len() - 1) as f64 * p).round() as usize];
    Paired {
        label,
        name_a,
        name_b,
        a: times_a[rounds / 2],
        b: times_b[rounds / 2],
        ratio: q(0.5),
        q1: q(0.25),
        q3: q(0.75),
        rounds,
    }
}

/// Times `n` calls of a synchronous `f`.
pub fn timed<T>(mut f: impl FnMut() -> T) -> impl FnMut(u64) -> Duration {
    move |n| {
        let started = Instant::now();
        for _ in 0..n {
            black_box(f());
        }
        started.elapsed()
    }
}
