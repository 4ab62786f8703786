//! The round trip of the `refund` benchmark: `Client::refund` against the same requests made
//! with raw `reqwest`, on the minimal loopback server of [`super::round_trip`].
//!
//! `Client::refund` makes two requests: `GET /orders/{id}` (what is left to refund, the
//! currency) and `POST /orders/{id}/refunds`. The raw side is measured two ways: the POST alone,
//! with a body serialised once (what the figure of the goal compares), and the same two requests
//! (the like-for-like comparison: a merchant who checks what is left before refunding).

use super::round_trip::{raw_client, runtime, serve_with, API_KEY};
use serde::Deserialize;
use std::hint::black_box;
use std::time::{Duration, Instant};

const ORDER_ID: &str = "example_order_123456";

/// A paid order, with the fields of MultiSafepay's example answer of `GET /orders/{order_id}`
/// (`components/examples/responses/getOrder.json`) that the refund reads, and a few more.
const ORDER: &str = r#"{"success":true,"data":{"amount":1000,"amount_refunded":0,"completed":"2025-05-14T08:50:32","created":"2025-05-14T08:48:10","currency":"EUR","description":"product description","financial_status":"completed","modified":"2025-05-14T08:50:32","order_id":"example_order_123456","payment_details":{"type":"IDEAL"},"reason":"SUCCESS","related_transactions":null,"status":"completed","transaction_id":17472052901237122,"var1":null,"var2":null,"var3":null}}"#;

/// MultiSafepay's example answer of `POST /orders/{order_id}/refunds`
/// (`components/examples/responses/refundOrder.json`).
const REFUNDED: &str =
    r#"{"success":true,"data":{"order_id":"example_order_123456","transaction_id":6303074}}"#;

fn answer(head: &[u8]) -> &'static str {
    if head.starts_with(b"GET ") {
        ORDER
    } else {
        REFUNDED
    }
}

/// What a merchant without the SDK would decode the order into.
#[derive(Deserialize)]
struct RawOrder {
    success: bool,
    data: RawOrderData,
}

#[derive(Deserialize)]
struct RawOrderData {
    amount: u64,
    #[serde(default)]
    amount_refunded: u64,
    currency: String,
    status: String,
}

#[derive(Deserialize)]
struct RawRefunded {
    success: bool,
    data: RawRefundedData,
}

#[derive(Deserialize)]
struct RawRefundedData {
    transaction_id: u64,
}

pub struct Bench {
    runtime: tokio::runtime::Runtime,
    client: msp::Client,
    raw: reqwest::Client,
    order_url: String,
    refund_url: String,
    body: Vec<u8>,
}

impl Bench {
    pub fn new() -> Bench {
        let runtime = runtime();
        let address = serve_with(&runtime, answer);
        let client = msp::Client::builder()
            .api_key(API_KEY)
            .base_url(format!("http://{address}/v1/json/"))
            .build()
            .unwrap();
        let body = serde_json::to_vec(&serde_json::json!({
            "currency": "EUR",
            "amount": 100,
            "description": "One mug broke",
            "refund_order_id": "refund-1",
        }))
        .unwrap();
        let bench = Bench {
            runtime,
            client,
            raw: raw_client(),
            order_url: format!("http://{address}/v1/json/orders/{ORDER_ID}"),
            refund_url: format!("http://{address}/v1/json/orders/{ORDER_ID}/refunds"),
            body,
        };
        // Every side works, and opens its pooled connection.
        bench.refund(1);
        bench.raw_post(1);
        bench.raw_get_post(1);
        bench
    }

    /// `n` refunds through `Client::refund`; the time they took.
    pub fn refund(&self, n: u64) -> Duration {
        self.runtime.block_on(async {
            let started = Instant::now();
            for _ in 0..n {
                let refund = msp::Refund::partial(100).description("One mug broke");
                let refunded = self.client.refund(black_box(ORDER_ID), refund).await;
                black_box(refunded.unwrap().refund_id);
            }
            started.elapsed()
        })
    }

    /// `n` raw POSTs of a refund body serialised once; the time they took.
    pub fn raw_post(&self, n: u64) -> Duration {
        self.runtime.block_on(async {
            let started = Instant::now();
            for _ in 0..n {
                black_box(self.post().await);
            }
            started.elapsed()
        })
    }

    /// `n` raw GETs of the order, each followed by the POST of the refund; the time they took.
    pub fn raw_get_post(&self, n: u64) -> Duration {
        self.runtime.block_on(async {
            let started = Instant::now();
            for _ in 0..n {
                let response = self.raw.get(&self.order_url).send().await.unwrap();
                assert!(response.status().is_success());
                let bytes = response.bytes().await.unwrap();
                let order: RawOrder = serde_json::from_slice(&bytes).unwrap();
                assert!(order.success && order.data.status == "completed");
                assert!(order.data.amount - order.data.amount_refunded >= 100);
                black_box(order.data.currency);
                black_box(self.post().await);
            }
            started.elapsed()
        })
    }

    async fn post(&self) -> u64 {
        let response = self
            .raw
            .post(&self.refund_url)
            .body(black_box(&self.body).clone())
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success());
        let bytes = response.bytes().await.unwrap();
        let refunded: RawRefunded = serde_json::from_slice(&bytes).unwrap();
        assert!(refunded.success);
        refunded.data.transaction_id
    }
}
