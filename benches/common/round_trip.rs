//! The round trip of the `submit` benchmark: a minimal loopback HTTP server (a fixed success
//! answer, keep-alive), an `msp::Client` and a raw `reqwest` client with the same settings, and
//! the two ways of sending the seed order.
//!
//! The server runs as tasks of the bench's own single-threaded runtime, beside the clients. With
//! a thread per connection, the two clients' connections were served by two threads, and each
//! round trip's time depended on where the scheduler had put its thread: on this 2-core virtual
//! machine, a request that woke a thread on the idle core took 100 to 120 µs, one served on the
//! client's core about 20 µs, so the ratio was 0.2x or 5x by the luck of the run (BENCHMARKS.md).
//! On one thread there is no wake-up to pay, and both sides meet the same server.

use super::{body, checkout, Checkout};
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, CONTENT_TYPE};
use serde::Deserialize;
use std::hint::black_box;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::runtime::Runtime;

const ANSWER: &str = r#"{"success":true,"data":{"order_id":"my-order-id-1","payment_url":"https://payv2.multisafepay.com/connect/82Kz4DWsBXmO0KrBxHoUSzfLzPsR7R9Ehxb/?lang=nl_NL","session_id":"82Kz4DWsBXmO0KrBxHoUSzfLzPsR7R9Ehxb"}}"#;
pub const API_KEY: &str = "bench-api-key";

/// The runtime both the clients and the server run on: one thread.
pub fn runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Starts the server on a free loopback port, as tasks of `runtime`: it serves while the runtime
/// is driven (`block_on`), as long as the runtime lives.
fn serve(runtime: &Runtime) -> SocketAddr {
    serve_with(runtime, |_| ANSWER)
}

/// Starts a server that answers each request with the JSON body `answer` picks from the
/// request's head (its first line is `METHOD /path HTTP/1.1`), as tasks of `runtime`.
pub fn serve_with(runtime: &Runtime, answer: fn(&[u8]) -> &'static str) -> SocketAddr {
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind loopback");
    let address = listener.local_addr().unwrap();
    runtime.spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(connection(stream, answer));
        }
    });
    address
}

/// Answers every request of a keep-alive connection with the body `answer` picks.
async fn connection(mut stream: TcpStream, answer: fn(&[u8]) -> &'static str) {
    let _ = stream.set_nodelay(true);
    // Each answer's bytes, made once per connection.
    let mut responses: Vec<(&'static str, String)> = Vec::new();
    let mut buffer = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        // One request: the head, then `content-length` bytes of body.
        let (head_end, body_len) = loop {
            if let Some(end) = find(&buffer, b"\r\n\r\n") {
                break (end + 4, content_length(&buffer[..end]));
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        while buffer.len() < head_end + body_len {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        }
        let body = answer(&buffer[..head_end]);
        buffer.drain(..head_end + body_len);
        let index = match responses.iter().position(|(b, _)| std::ptr::eq(*b, body)) {
            Some(index) => index,
            None => {
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                );
                responses.push((body, response));
                responses.len() - 1
            }
        };
        if stream
            .write_all(responses[index].1.as_bytes())
            .await
            .is_err()
        {
            return;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn content_length(head: &[u8]) -> usize {
    String::from_utf8_lossy(head)
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0)
}

/// The raw side's client: the settings `msp::Client::builder().build()` gives its own.
pub fn raw_client() -> reqwest::Client {
    let mut headers = HeaderMap::new();
    let mut key = HeaderValue::from_static(API_KEY);
    key.set_sensitive(true);
    headers.insert("api_key", key);
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    let timeout = msp::DEFAULT_TIMEOUT;
    reqwest::Client::builder()
        .default_headers(headers)
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .user_agent(concat!("msp-rust/", env!("CARGO_PKG_VERSION")))
        .build()
        .unwrap()
}

/// What a merchant without the SDK would decode the answer into.
#[derive(Deserialize)]
struct RawAnswer {
    success: bool,
    data: RawCreated,
}

#[derive(Deserialize)]
struct RawCreated {
    #[allow(dead_code)]
    order_id: String,
    payment_url: String,
}

pub struct Bench {
    runtime: tokio::runtime::Runtime,
    client: msp::Client,
    raw: reqwest::Client,
    url: String,
    body: Vec<u8>,
    order: Checkout,
}

impl Bench {
    pub fn new() -> Bench {
        let runtime = runtime();
        let address = serve(&runtime);
        let client = msp::Client::builder()
            .api_key(API_KEY)
            .base_url(format!("http://{address}/v1/json/"))
            .build()
            .unwrap();
        let bench = Bench {
            runtime,
            client,
            raw: raw_client(),
            url: format!("http://{address}/v1/json/orders"),
            body: body(),
            order: checkout(),
        };
        // Both sides work, and open their pooled connection.
        bench.submit(1);
        bench.raw(1);
        bench
    }

    /// `n` submits of the derived order; the time they took.
    pub fn submit(&self, n: u64) -> Duration {
        self.runtime.block_on(async {
            let started = Instant::now();
            for _ in 0..n {
                let created = black_box(&self.order).submit(&self.client).await.unwrap();
                black_box(created.payment_url);
            }
            started.elapsed()
        })
    }

    /// `n` raw POSTs of the same bytes, serialised once; the time they took.
    pub fn raw(&self, n: u64) -> Duration {
        self.raw_with(n, || black_box(&self.body).clone())
    }

    /// `n` raw POSTs of the plain serde struct, serialised for each (what a merchant without
    /// the SDK does per order: the same bytes, from the order's own values); the time they took.
    pub fn raw_plain(&self, n: u64) -> Duration {
        self.raw_with(n, || {
            serde_json::to_vec(&black_box(&self.order).plain()).unwrap()
        })
    }

    /// `n` raw POSTs of the bodies `body` gives.
    fn raw_with(&self, n: u64, body: impl Fn() -> Vec<u8>) -> Duration {
        self.runtime.block_on(async {
            let started = Instant::now();
            for _ in 0..n {
                let response = self.raw.post(&self.url).body(body()).send().await.unwrap();
                assert!(response.status().is_success());
                let bytes = response.bytes().await.unwrap();
                let answer: RawAnswer = serde_json::from_slice(&bytes).unwrap();
                assert!(answer.success);
                black_box(answer.data.payment_url);
            }
            started.elapsed()
        })
    }
}
