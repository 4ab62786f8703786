//! The spoiled answers: a dropped connection, a late answer, a 5xx or 429, garbage, a cut JSON.

use super::{Fault, FaultKind};
use axum::body::{Body, Bytes, HttpBody};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use http_body::Frame;
use msp_core::prng::SplitMix64;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

impl Fault {
    /// Answers the request: `handle` is the real handling (which stores the order), run or not
    /// as the kind says.
    pub(crate) async fn answer<H, F>(self, handle: H) -> Response
    where
        H: FnOnce() -> F + Send + 'static,
        F: Future<Output = Response> + Send + 'static,
    {
        let handled = match self.kind {
            kind if !kind.handles() => None,
            // Stored after the wait, whether or not the client is still there: hyper drops a
            // handler whose client hung up, so the handling runs on its own task.
            FaultKind::StoreLate => {
                let delay = self.delay;
                let late = tokio::spawn(async move {
                    tokio::time::sleep(delay).await;
                    handle().await
                });
                return late
                    .await
                    .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response());
            }
            _ => Some(handle().await),
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
            let mut rng = SplitMix64::new(variant);
            let len = 16 + (rng.next_u64() % 48) as usize;
            let mut bytes: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
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
    let full = axum::body::to_bytes(body, crate::limits::MAX_BODY * 8)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_never_json() {
        for variant in 0..300 {
            let body = garbage(variant);
            assert!(serde_json::from_slice::<serde_json::Value>(&body).is_err());
            assert_ne!(body.first(), Some(&b'<'));
        }
    }

    #[test]
    fn garbage_is_pinned() {
        // As the plan's draws: the same seed, the same bytes.
        let hash = (0..30)
            .flat_map(garbage)
            .fold(0xCBF2_9CE4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
            });
        assert_eq!(hash, 0x1FA8_7EF1_DF5E_25F4);
    }
}
