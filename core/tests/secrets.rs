//! The API key never shows: not in `Debug`/`Display` of any type, not in an error, not in a
//! `tracing` event, not in a URL. And no body is logged.
#![cfg(all(feature = "client", feature = "tracing"))]

use msp_core::{Client, OrderRequest, RetryPolicy};
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk-secret-9f8e7d6c5b4a";

/// Collects everything the subscriber writes.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn tracing_shows_each_request_but_no_key_and_no_body() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    // A garbled answer whose text must not reach the log either (it is retried).
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ANSWER-MARKER {not json"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            json!({"success": false, "error_code": 1006, "error_info": "Invalid transaction ID"}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true, "data": {"order_id": "o-1", "payment_url": "https://pay.example/x"}})))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("{}/v1/json/", server.uri()))
        .retry(RetryPolicy {
            base_delay: Duration::from_millis(1),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap();
    let mut order: OrderRequest =
        serde_json::from_str(include_str!("fixtures/seed_order.json")).expect("the golden order");
    order.description = "Secret basket contents".into();
    client.create_order(&order).await.unwrap();

    let log = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("msp.request"), "{log}");
    assert!(
        log.contains("method=\"POST\"") || log.contains("method=POST"),
        "{log}"
    );
    assert!(log.contains("/v1/json/orders"), "{log}");
    assert!(
        log.contains("attempt=2"),
        "the retry has its own span: {log}"
    );
    assert!(
        log.contains("status=503") && log.contains("status=200"),
        "{log}"
    );
    assert!(log.contains("latency_ms"), "{log}");
    assert!(!log.contains(KEY), "the key leaked into the log: {log}");
    assert!(
        !log.contains("Secret basket"),
        "a body leaked into the log: {log}"
    );
    assert!(
        !log.contains("ANSWER-MARKER"),
        "an answer leaked into the log: {log}"
    );
    for kind in ["unreadable_answer", "unavailable"] {
        assert!(
            log.contains(&format!("kind=\"{kind}\"")) || log.contains(&format!("kind={kind}")),
            "the retry names the failure's kind: {log}"
        );
    }

    for request in server.received_requests().await.unwrap() {
        assert!(!request.url.as_str().contains(KEY));
        assert_eq!(
            request.headers.get("api_key").unwrap().to_str().unwrap(),
            KEY
        );
    }
}

#[test]
fn no_debug_or_display_shows_the_key() {
    let builder = Client::builder().api_key(KEY);
    let client = builder.clone().build().unwrap();
    let errors = [
        Client::builder()
            .api_key(format!("{KEY}\n"))
            .base_url("http://example.com")
            .build()
            .unwrap_err(),
        Client::builder()
            .api_key(format!("{KEY}\u{7f}"))
            .build()
            .unwrap_err(),
        Client::builder()
            .api_key(KEY)
            .base_url(format!("https://x/?api_key={KEY}"))
            .build()
            .unwrap_err(),
    ];
    let mut shown = format!("{builder:?} {client:?}");
    for error in &errors {
        shown.push_str(&format!("{error} {error:?}"));
    }
    #[cfg(feature = "webhook")]
    shown.push_str(&format!("{:?}", msp_core::webhook::Verifier::new(KEY)));
    assert!(!shown.contains(KEY), "{shown}");
}
