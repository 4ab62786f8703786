//! The reads against a loopback mock server: the transactions stream's paging, retries and
//! ends; a token deleted through an ambiguous failure; the escape hatch's retry rule.
#![cfg(feature = "client")]

use futures_core::Stream;
use msp_core::{Client, Error, Method, RetryPolicy, TransactionQuery};
use serde_json::{json, Value};
use std::future::poll_fn;
use std::pin::Pin;
use std::time::Duration;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "test-key-0123456789";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(format!("{}/v1/json/", server.uri()))
        .timeout(Duration::from_millis(500))
        .retry(RetryPolicy {
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap()
}

fn transaction(id: u64) -> Value {
    json!({"transaction_id": id, "order_id": format!("o-{id}"), "status": "completed",
           "amount": 1000, "currency": "EUR", "payment_method": "IDEAL"})
}

fn page(ids: &[u64], after: Option<&str>) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "success": true,
        "data": ids.iter().map(|id| transaction(*id)).collect::<Vec<_>>(),
        "pager": {"cursor": {"after": after, "before": null}, "limit": 2},
    }))
}

async fn drain<S: Stream + Unpin>(stream: &mut S) -> Vec<S::Item> {
    let mut items = Vec::new();
    while let Some(item) = poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await {
        items.push(item);
    }
    items
}

fn received(server_requests: &[Request], path_is: &str) -> Vec<String> {
    server_requests
        .iter()
        .filter(|r| r.url.path() == path_is)
        .map(|r| r.url.query().unwrap_or("").to_owned())
        .collect()
}

#[tokio::test]
async fn the_stream_follows_the_cursor_with_the_filters_and_retries_a_page() {
    let server = MockServer::start().await;
    // The second page fails once, as an outage would.
    Mock::given(method("GET"))
        .and(path("/v1/json/transactions"))
        .and(query_param("after", "c1"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/json/transactions"))
        .and(query_param("after", "c1"))
        .respond_with(page(&[3], None))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/json/transactions"))
        .and(header("api_key", KEY))
        .respond_with(page(&[1, 2], Some("c1")))
        .mount(&server)
        .await;

    let query = TransactionQuery::default()
        .status(msp_core::OrderStatus::Completed)
        .limit(2);
    let mut stream = client(&server).transactions(query);
    let items: Vec<u64> = drain(&mut stream)
        .await
        .into_iter()
        .map(|t| t.unwrap().transaction_id.parse().unwrap())
        .collect();
    assert_eq!(items, [1, 2, 3]);
    assert_eq!(stream.pages_fetched(), 2);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        received(&requests, "/v1/json/transactions"),
        [
            "status=completed&limit=2",
            "status=completed&limit=2&after=c1",
            "status=completed&limit=2&after=c1"
        ],
        "the filters on every page, the cursor after the first, the failed page again"
    );
}

#[tokio::test]
async fn a_cursor_that_does_not_move_ends_the_stream_and_a_bad_item_is_one_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/json/transactions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true,
            "data": [transaction(1), {"transaction_id": 2}, transaction(3)],
            "pager": {"cursor": {"after": "same"}},
        })))
        .mount(&server)
        .await;
    let mut stream = client(&server).transactions(TransactionQuery::default().after("same"));
    let items = drain(&mut stream).await;
    assert_eq!(
        items.len(),
        3,
        "one page only: the cursor asked for came back"
    );
    assert!(items[0].is_ok() && items[2].is_ok());
    assert!(
        matches!(&items[1], Err(Error::Decode { .. })),
        "{:?}",
        items[1]
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_refused_page_ends_the_stream_with_its_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/json/transactions"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"message": "Forbidden"})))
        .mount(&server)
        .await;
    let items = drain(&mut client(&server).transactions(TransactionQuery::default())).await;
    assert_eq!(items.len(), 1);
    assert!(
        matches!(&items[0], Err(Error::Api { status: 403, .. })),
        "{:?}",
        items[0]
    );
}

#[tokio::test]
async fn a_token_deleted_by_an_attempt_whose_answer_was_lost_is_deleted() {
    let server = MockServer::start().await;
    let remove = "/v1/json/recurring/c%2F1/remove/tok";
    Mock::given(method("DELETE"))
        .and(path(remove))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(remove))
        .respond_with(ResponseTemplate::new(410).set_body_json(json!({
            "success": false, "data": {}, "error_code": 1000, "error_info": "Token not found"
        })))
        .mount(&server)
        .await;
    let client = client(&server);
    client.delete_token("c/1", "tok").await.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 2);

    // Without an earlier attempt that may have landed, "not found" is the answer.
    let error = client.delete_token("c/1", "tok").await.unwrap_err();
    assert_eq!(error.error_code(), Some(1000));
}

#[test]
fn the_stream_can_move_between_tasks() {
    fn assert_send<T: Send + Unpin>() {}
    assert_send::<msp_core::Transactions>();
}

#[tokio::test]
async fn the_escape_hatch_retries_reads_only() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/json/anything"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = client(&server);
    let read = client
        .request(Method::GET, "anything", None)
        .await
        .unwrap_err();
    assert!(matches!(read, Error::Unavailable { status: 503 }));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        4,
        "a read: 4 attempts"
    );
    let write = client
        .request(Method::POST, "anything", Some(&json!({"a": 1})))
        .await
        .unwrap_err();
    assert!(matches!(write, Error::Unavailable { status: 503 }));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 5, "a write: sent once");
    assert_eq!(requests[4].body, br#"{"a":1}"#);
    assert_eq!(requests[4].headers.get("api_key").unwrap(), KEY);
    let head = client.request(Method::HEAD, "anything", None).await;
    assert!(matches!(head, Err(Error::Config(_))));
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        5,
        "nothing sent"
    );
}
