//! Helpers shared by the sandbox's tests: orders, raw HTTP, a webhook listener.
#![allow(dead_code)] // each test file uses a part

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::any;
use axum::Router;
use msp_core::OrderRequest;
use msp_sandbox::Sandbox;
use serde_json::Value;
use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc;

#[path = "../../../core/tests/fixtures/amex_order.rs"]
mod amex;

/// An AMEX redirect order with everything the SDK's `validate()` asks for, sending its
/// notifications to `notification_url`.
pub fn amex_order<'a>(order_id: &str, notification_url: &'a str) -> OrderRequest<'a> {
    amex::amex_order(
        order_id,
        "Sandbox test order",
        amex::Urls {
            notification: notification_url,
            redirect: "https://shop.example/thanks",
            cancel: "https://shop.example/cancel",
        },
    )
}

/// A plain HTTP client: no redirects followed, no proxy.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .expect("reqwest client")
}

/// `POST {sandbox}/orders` with `body` as is and the `api_key` header (if any): the HTTP status
/// and the JSON answer.
pub async fn post_order(
    sandbox: &Sandbox,
    body: impl Into<Vec<u8>>,
    key: Option<&str>,
) -> (u16, Value) {
    let mut request = http()
        .post(format!("{}orders", sandbox.url()))
        .header("content-type", "application/json")
        .body(body.into());
    if let Some(key) = key {
        request = request.header("api_key", key);
    }
    read_json(request.send().await.expect("POST /orders")).await
}

/// `GET {sandbox}/orders/{id}` with the sandbox's key.
pub async fn get_order(sandbox: &Sandbox, order_id: &str) -> (u16, Value) {
    let response = http()
        .get(format!("{}orders/{order_id}", sandbox.url()))
        .header("api_key", sandbox.api_key())
        .send()
        .await
        .expect("GET /orders/{id}");
    read_json(response).await
}

pub async fn read_json(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("body");
    let json = serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&bytes)));
    (status, json)
}

/// Asserts MultiSafepay's error envelope, exactly: `{"success": false, "data": {},
/// "error_code": N, "error_info": "..."}`; returns `error_info`.
pub fn assert_error(answer: &(u16, Value), http_status: u16, code: i64) -> String {
    let (status, json) = answer;
    assert_eq!(*status, http_status, "HTTP status of {json}");
    let object = json.as_object().expect("an object");
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["data", "error_code", "error_info", "success"],
        "{json}"
    );
    assert_eq!(json["success"], Value::Bool(false), "{json}");
    assert_eq!(json["data"], serde_json::json!({}), "{json}");
    assert_eq!(json["error_code"].as_i64(), Some(code), "{json}");
    json["error_info"]
        .as_str()
        .expect("error_info is text")
        .to_owned()
}

/// The form action for `action` (`complete`, `cancel`, `decline`) on the payment page at
/// `payment_url`, as an absolute URL.
pub async fn action_url(payment_url: &str, action: &str) -> String {
    let response = http().get(payment_url).send().await.expect("payment page");
    assert_eq!(response.status(), 200, "payment page status");
    let page = response.text().await.expect("payment page text");
    let marker = format!("/{action}\"");
    let end = page
        .find(&marker)
        .unwrap_or_else(|| panic!("no {action} form in {page}"));
    let start = page[..end].rfind("action=\"").expect("form action") + "action=\"".len();
    let path = &page[start..end + marker.len() - 1];
    let origin = payment_url.split("/connect/").next().expect("origin");
    format!("{origin}{path}")
}

/// `{origin}/pay/{session}/{action}` for the session of `payment_url`, without reading the page
/// (a finished payment's page has no buttons).
pub fn action_url_of_session(payment_url: &str, action: &str) -> String {
    let (origin, rest) = payment_url.split_once("/connect/").expect("a payment URL");
    let session = rest.split('/').next().expect("a session");
    format!("{origin}/pay/{session}/{action}")
}

/// Presses a button of the payment page: the HTTP status and `Location`.
pub async fn press(payment_url: &str, action: &str) -> (u16, Option<String>) {
    let url = action_url(payment_url, action).await;
    let response = http().post(url).send().await.expect("payment action");
    let location = response
        .headers()
        .get("location")
        .map(|v| v.to_str().expect("ascii location").to_owned());
    (response.status().as_u16(), location)
}

/// One request the webhook listener received.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub query: String,
    pub auth: Option<String>,
    pub body: Vec<u8>,
}

impl Received {
    /// A query parameter's value.
    pub fn param(&self, name: &str) -> Option<String> {
        self.query.split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            (key == name).then(|| value.to_owned())
        })
    }
}

/// A merchant's webhook endpoint on `127.0.0.1:0`, answering from a script (then `200 OK`).
pub struct Listener {
    pub url: String,
    received: mpsc::UnboundedReceiver<Received>,
    _server: tokio::task::JoinHandle<()>,
}

#[derive(Clone)]
struct ListenerState {
    script: Arc<Mutex<VecDeque<(StatusCode, &'static str)>>>,
    sink: mpsc::UnboundedSender<Received>,
}

impl Listener {
    /// Answers with `script` in turn, then `200 OK` forever.
    pub async fn start(script: Vec<(u16, &'static str)>) -> Listener {
        let (sink, received) = mpsc::unbounded_channel();
        let script = script
            .into_iter()
            .map(|(status, body)| (StatusCode::from_u16(status).expect("status"), body))
            .collect();
        let state = ListenerState {
            script: Arc::new(Mutex::new(script)),
            sink,
        };
        let app = Router::new()
            .route("/webhook", any(webhook))
            .with_state(state);
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .expect("bind listener");
        let address = listener.local_addr().expect("address");
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("listener serves");
        });
        Listener {
            url: format!("http://{address}/webhook"),
            received,
            _server: server,
        }
    }

    /// The next request, within 5 seconds.
    pub async fn next(&mut self) -> Received {
        tokio::time::timeout(Duration::from_secs(5), self.received.recv())
            .await
            .expect("a notification within 5 s")
            .expect("listener open")
    }

    /// Whether another request arrives within `wait`.
    pub async fn quiet_for(&mut self, wait: Duration) -> bool {
        tokio::time::timeout(wait, self.received.recv())
            .await
            .is_err()
    }
}

async fn webhook(
    State(state): State<ListenerState>,
    method: axum::http::Method,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> (StatusCode, &'static str) {
    let _ = state.sink.send(Received {
        method: method.to_string(),
        query: query.unwrap_or_default(),
        auth: headers
            .get("auth")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        body: body.to_vec(),
    });
    state
        .script
        .lock()
        .expect("script")
        .pop_front()
        .unwrap_or((StatusCode::OK, "OK"))
}
