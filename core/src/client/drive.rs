//! Carrying out the decisions of `decide.rs`: one request per attempt, the pauses between them,
//! and the lookups of writes whose effect is unknown.

use super::decide::{ExactlyOnce, Idempotent, Lookup, Pause, Read, Step};
use super::{response, trace, Client, MAX_BODY};
use crate::Error;
use bytes::Bytes;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::future::Future;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use trace::Instrument;
use url::Url;

/// The most an answer's announced length reserves before its bytes arrive.
const PRESIZE_LIMIT: u64 = 64 * 1024;

/// A request's JSON body, written into a buffer that holds a typical order whole (rather than
/// grown from empty through several reallocations), and shared by every attempt.
pub(super) fn json_body(value: &impl serde::Serialize, what: &str) -> Result<Bytes, Error> {
    let mut body = Vec::with_capacity(1024);
    serde_json::to_writer(&mut body, value)
        .map_err(|e| Error::Config(format!("could not encode the {what}: {e}")))?;
    Ok(Bytes::from(body))
}

impl Client {
    /// A write that must take effect once: `send(attempt)` makes one attempt, `look_up()` tells
    /// whether an earlier one took effect. Retries are bounded by the budget begun at `started`;
    /// once no attempt is left, lookups go on until its time is spent.
    pub(super) async fn exactly_once<T, S, SF, L, LF>(
        &self,
        key: &str,
        started: Instant,
        send: S,
        look_up: L,
    ) -> Result<T, Error>
    where
        S: FnMut(u32) -> SF,
        SF: Future<Output = Result<T, Error>>,
        L: FnMut() -> LF,
        LF: Future<Output = Lookup<T>>,
    {
        let writes = ExactlyOnce::new(self.inner.retry, key);
        self.drive_exactly_once(writes, key, started, send, look_up)
            .await
    }

    /// Carries out the decisions of `writes` (see [`Client::exactly_once`]).
    pub(super) async fn drive_exactly_once<T, S, SF, L, LF>(
        &self,
        mut writes: ExactlyOnce,
        key: &str,
        started: Instant,
        mut send: S,
        mut look_up: L,
    ) -> Result<T, Error>
    where
        S: FnMut(u32) -> SF,
        SF: Future<Output = Result<T, Error>>,
        L: FnMut() -> LF,
        LF: Future<Output = Lookup<T>>,
    {
        let mut step = writes.attempted(send(1).await, started.elapsed());
        loop {
            step = match step {
                Step::Return(result) => return result,
                Step::Retry(pause) | Step::Resend(pause) => {
                    self.pause(pause).await;
                    let outcome = send(writes.attempts() + 1).await;
                    writes.attempted(outcome, started.elapsed())
                }
                Step::LookUp(unsettled) => {
                    trace::reconciling(key);
                    let found = look_up().await;
                    writes.looked_up(unsettled, found, started.elapsed())
                }
                Step::LookUpAgain(pause, unsettled) => {
                    self.pause(pause).await;
                    let found = look_up().await;
                    writes.looked_up(unsettled, found, started.elapsed())
                }
            };
        }
    }

    /// A request that may be repeated (a read), transient failures retried within the budget
    /// begun at `started`; `data` of the answer, decoded into `T`. A `data` that `T` refuses is
    /// not retried: asking again would get the same.
    pub(super) async fn idempotent<T: DeserializeOwned>(
        &self,
        method: Method,
        url: &Url,
        started: Instant,
    ) -> Result<T, Error> {
        self.idempotent_read(method, url, None, started, response::read_typed_apart::<T>)
            .await
            .and_then(|(_, data)| data)
    }

    /// [`Client::idempotent`] with a body, giving the answer's whole envelope (`data` and what
    /// comes beside it, such as a `pager`).
    pub(super) async fn idempotent_answer(
        &self,
        method: Method,
        url: &Url,
        body: Option<&Bytes>,
        started: Instant,
    ) -> Result<(u16, Map<String, Value>), Error> {
        self.idempotent_read(method, url, body, started, response::interpret_answer)
            .await
    }

    /// [`Client::idempotent`] with a body, the answer read by `read` from its status and bytes
    /// (such as a typed envelope, in one pass).
    pub(super) async fn idempotent_read<T>(
        &self,
        method: Method,
        url: &Url,
        body: Option<&Bytes>,
        started: Instant,
        read: fn(u16, &[u8]) -> Result<T, Error>,
    ) -> Result<(u16, T), Error> {
        let mut reads = Idempotent::new(self.inner.retry);
        loop {
            let outcome = self
                .attempt_read(method.clone(), url, body, reads.attempts() + 1, read)
                .await;
            match reads.attempted(outcome, started.elapsed()) {
                Read::Retry(pause) => self.pause(pause).await,
                Read::Return(outcome) => return outcome,
            }
        }
    }

    /// One attempt whose `data` is decoded into `T`; an answer that cannot be is an
    /// [`Error::Decode`] of its status.
    pub(super) async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        url: &Url,
        body: Option<&Bytes>,
        attempt: u32,
    ) -> Result<T, Error> {
        self.attempt_read(method, url, body, attempt, response::read_typed::<T>)
            .await
            .map(|(_, data)| data)
    }

    pub(super) async fn pause(&self, pause: Pause) {
        let seed = self.inner.jitter.fetch_add(1, Ordering::Relaxed);
        let delay = pause.duration(&self.inner.retry, seed);
        trace::retrying(pause.kind, pause.retry, delay);
        tokio::time::sleep(delay).await;
    }

    /// One request and `data` of its answer (the fast path of [`response::interpret`]).
    pub(super) async fn attempt(
        &self,
        method: Method,
        url: &Url,
        body: Option<&Bytes>,
        attempt: u32,
    ) -> Result<(u16, response::Data), Error> {
        self.attempt_read(method, url, body, attempt, response::interpret)
            .await
    }

    /// One request and its answer's whole envelope.
    pub(super) async fn answer(
        &self,
        method: Method,
        url: &Url,
        body: Option<&Bytes>,
        attempt: u32,
    ) -> Result<(u16, Map<String, Value>), Error> {
        self.attempt_read(method, url, body, attempt, response::interpret_answer)
            .await
    }

    /// One request and its answer, read by `read` from its status and bytes.
    async fn attempt_read<T>(
        &self,
        method: Method,
        url: &Url,
        body: Option<&Bytes>,
        attempt: u32,
        read: fn(u16, &[u8]) -> Result<T, Error>,
    ) -> Result<(u16, T), Error> {
        let (status, bytes) = self.exchange(method, url, body, attempt).await?;
        read(status, &bytes).map(|answer| (status, answer))
    }

    /// One request and its answer's status and body, in a tracing span.
    async fn exchange(
        &self,
        method: Method,
        url: &Url,
        body: Option<&Bytes>,
        attempt: u32,
    ) -> Result<(u16, Bytes), Error> {
        let span = trace::span(method.as_str(), url.path(), attempt);
        let started = Instant::now();
        let mut request = self.inner.http.request(method, url.clone());
        if let Some(body) = body {
            // Shared, not copied, by each attempt.
            request = request.body(body.clone());
        }
        let mut status = None;
        let outcome = async {
            let response = request.send().await.map_err(Error::transport)?;
            status = Some(response.status().as_u16());
            read(response).await
        }
        .instrument(span.clone())
        .await;
        trace::finish(&span, status, started);
        outcome
    }
}

/// Reads an answer: 429, 502/503/504 and redirects by their status, the rest by the body
/// (capped).
async fn read(mut response: reqwest::Response) -> Result<(u16, Bytes), Error> {
    let status = response.status().as_u16();
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
            .map(str::trim)
    };
    if status == 429 {
        let retry_after = header(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.parse().ok())
            .map(Duration::from_secs);
        return Err(Error::RateLimited { retry_after });
    }
    if matches!(status, 502..=504) {
        return Err(Error::Unavailable { status });
    }
    if (300..400).contains(&status) {
        // Not followed (see the builder): the API never redirects, so the base URL is wrong.
        let location = header(reqwest::header::LOCATION).map(|to| response::truncate(to, 200));
        return Err(Error::Redirect { status, location });
    }
    // An answer that arrives in one chunk (nearly all) is kept as it came, without a copy; the
    // others are gathered into a buffer sized for what has come and what the answer says is
    // still to come (within reason).
    let mut first: Option<Bytes> = None;
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(Error::transport)? {
        let so_far = first.as_ref().map_or(body.len(), Bytes::len);
        if so_far + chunk.len() > MAX_BODY {
            let so_far = first.unwrap_or_else(|| Bytes::from(body));
            return Err(response::decode_error(
                status,
                format!("the answer is longer than {MAX_BODY} bytes"),
                &so_far,
            ));
        }
        match first.take() {
            None if body.is_empty() => first = Some(chunk),
            held => {
                if let Some(held) = held {
                    // The length still to come, once part of the body has been read.
                    let rest = response.content_length().unwrap_or(0).min(PRESIZE_LIMIT);
                    body.reserve(held.len() + chunk.len() + rest as usize);
                    body.extend_from_slice(&held);
                }
                body.extend_from_slice(&chunk);
            }
        }
    }
    Ok((status, first.unwrap_or_else(|| Bytes::from(body))))
}
