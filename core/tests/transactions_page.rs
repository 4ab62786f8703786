//! `Client::transactions` against a loopback mock server: pages read straight from their bytes,
//! a garbage item reported at its place, a failed page retried as any read is.
#![cfg(feature = "client")]

use futures_core::Stream;
use msp_core::{Client, Error, RetryPolicy, Transaction, TransactionQuery};
use serde_json::{json, Value};
use std::future::poll_fn;
use std::pin::pin;
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// MultiSafepay's documented answer (`components/examples/responses/listTransactions.json`),
/// its cursor cleared: one page.
fn last_page() -> Value {
    let mut page: Value =
        serde_json::from_str(include_str!("fixtures/listTransactions.json")).unwrap();
    page["pager"]["cursor"]["after"] = Value::Null;
    page
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key("test-key-0123456789")
        .base_url(format!("{}/v1/json/", server.uri()))
        .timeout(Duration::from_millis(500))
        .retry(RetryPolicy {
            base_delay: Duration::from_millis(5),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap()
}

async fn all(client: &Client) -> Vec<Result<Transaction, Error>> {
    let mut stream = pin!(client.transactions(TransactionQuery::default()));
    let mut items = Vec::new();
    while let Some(item) = poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
        items.push(item);
    }
    items
}

#[tokio::test]
async fn a_garbage_item_is_a_decode_error_naming_its_place_and_the_stream_goes_on() {
    let server = MockServer::start().await;
    let mut page = last_page();
    page["data"][1] = json!({"transaction_id": "t-2", "status": "completed", "net": "a lot"});
    Mock::given(method("GET"))
        .and(path("/v1/json/transactions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .mount(&server)
        .await;
    let items = all(&client(&server)).await;
    assert_eq!(items.len(), 3);
    assert_eq!(
        items[0].as_ref().unwrap().order_id.as_deref(),
        Some("my-order-id-1")
    );
    match &items[1] {
        Err(Error::Decode {
            status: 200,
            reason,
            snippet,
        }) => {
            assert!(reason.contains("`data[1]`"), "{reason}");
            assert!(snippet.contains("a lot"), "{snippet}");
        }
        other => panic!("{other:?}"),
    }
    assert!(items[2].is_ok());
}

#[tokio::test]
async fn a_failed_page_is_retried_and_an_error_answer_keeps_its_code() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(last_page()))
        .mount(&server)
        .await;
    let items = all(&client(&server)).await;
    assert_eq!(items.len(), 3);
    assert!(items.iter().all(Result::is_ok));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);

    let refusing = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": false, "data": {}, "error_code": 1032, "error_info": "Invalid API key"
        })))
        .mount(&refusing)
        .await;
    let items = all(&client(&refusing)).await;
    assert_eq!(items.len(), 1, "an error ends the stream");
    assert_eq!(items[0].as_ref().unwrap_err().error_code(), Some(1032));
}
