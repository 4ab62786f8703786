//! `GET /transactions` as a stream over every page (`paths/listtransactions.yaml`): each page is
//! fetched when the one before is used up, following the `pager.cursor.after` cursor.

use super::{response, Client};
use crate::transaction::{Items, Page};
use crate::{Error, Transaction, TransactionQuery};
use futures_core::Stream;
use reqwest::Method;
use serde_json::Value;
use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;
use url::Url;

impl Client {
    /// Every transaction the query selects, as a [`Stream`] over all pages
    /// (`GET /transactions`, `paths/listtransactions.yaml`).
    ///
    /// Nothing is sent until the stream is polled; each next page is fetched when the one
    /// before is used up, so a consumer that stops early fetches no more. Each page is a read,
    /// retried on transient failures within the client's [`RetryPolicy`](crate::RetryPolicy). A
    /// page that fails for good ends the stream with its error; a transaction that cannot be
    /// read is an [`Error::Decode`] item, and the stream goes on.
    ///
    /// ```no_run
    /// # use msp_core as msp;
    /// # async fn run(client: msp::Client) -> Result<(), msp::Error> {
    /// use std::pin::pin;
    /// use std::future::poll_fn;
    /// use futures_core::Stream;
    ///
    /// let query = msp::TransactionQuery::default()
    ///     .created_from("2026-01-01")
    ///     .status(msp::OrderStatus::Completed);
    /// let mut transactions = pin!(client.transactions(query));
    /// // Or `while let Some(t) = transactions.next().await` with `futures::StreamExt`.
    /// while let Some(transaction) = poll_fn(|cx| transactions.as_mut().poll_next(cx)).await {
    ///     let transaction = transaction?;
    ///     println!("{:?} {} {}", transaction.order_id, transaction.amount, transaction.currency);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn transactions(&self, query: TransactionQuery) -> Transactions {
        let first = self.endpoint(&["transactions"], &query.pairs());
        Transactions {
            client: self.clone(),
            first,
            buffered: VecDeque::new(),
            state: State::Next(query.after),
            pages: 0,
        }
    }

    async fn transaction_page(&self, url: Url) -> Result<Page, Error> {
        let (_, page) = self
            .idempotent_read(Method::GET, &url, None, Instant::now(), read_page)
            .await?;
        Ok(page)
    }
}

/// Reads a page of `GET /transactions`: a plain success straight from its bytes into the typed
/// page, in one pass; every other answer through the envelope, which decides what it is.
fn read_page(status: u16, body: &[u8]) -> Result<Page, Error> {
    if let Some((items, pager)) = response::plain_success::<Items, Value>(body) {
        return Ok(Page::new(items, pager.as_ref()));
    }
    let envelope = response::interpret_answer(status, body)?;
    Page::read(envelope).ok_or_else(|| {
        response::decode_error(
            status,
            "`data` of a transaction list is not a list".into(),
            body,
        )
    })
}

type PageFuture = Pin<Box<dyn Future<Output = Result<Page, Error>> + Send>>;

enum State {
    /// Fetch the page after this cursor (the first page: the query's own cursor, if any).
    Next(Option<String>),
    /// A page is on its way.
    Fetching(PageFuture, Option<String>),
    /// No more pages.
    Done,
}

/// The stream of [`Client::transactions`]: `Result<Transaction, Error>` items, over all pages.
#[must_use = "a stream does nothing unless polled"]
pub struct Transactions {
    client: Client,
    /// The first page's URL, filters included, cursor excluded.
    first: Url,
    buffered: VecDeque<Result<Transaction, Error>>,
    state: State,
    pages: u64,
}

impl Transactions {
    /// Pages fetched so far.
    pub fn pages_fetched(&self) -> u64 {
        self.pages
    }
}

impl fmt::Debug for Transactions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transactions")
            .field("buffered", &self.buffered.len())
            .field("pages_fetched", &self.pages)
            .field("done", &matches!(self.state, State::Done))
            .finish()
    }
}

impl Stream for Transactions {
    type Item = Result<Transaction, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffered.pop_front() {
                return Poll::Ready(Some(item));
            }
            match &mut this.state {
                State::Done => return Poll::Ready(None),
                State::Next(cursor) => {
                    let cursor = cursor.take();
                    let mut url = this.first.clone();
                    if let Some(after) = &cursor {
                        url.query_pairs_mut().append_pair("after", after);
                    }
                    let client = this.client.clone();
                    let page: PageFuture =
                        Box::pin(async move { client.transaction_page(url).await });
                    this.state = State::Fetching(page, cursor);
                }
                State::Fetching(page, cursor) => {
                    let page = match page.as_mut().poll(cx) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(page) => page,
                    };
                    let asked = cursor.take();
                    this.pages += 1;
                    let page = match page {
                        Ok(page) => page,
                        Err(error) => {
                            this.state = State::Done;
                            return Poll::Ready(Some(Err(error)));
                        }
                    };
                    // An empty page, or a cursor that does not move, is the end: never loop.
                    this.state = match page.after {
                        Some(after) if !page.items.is_empty() && Some(&after) != asked.as_ref() => {
                            State::Next(Some(after))
                        }
                        _ => State::Done,
                    };
                    this.buffered.extend(page.items.into_iter().map(|item| {
                        item.map_err(|bad| {
                            response::decode_error(
                                200,
                                format!("unexpected transaction at {}", bad.reason),
                                bad.text.as_bytes(),
                            )
                        })
                    }));
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let upper = matches!(self.state, State::Done).then_some(self.buffered.len());
        (self.buffered.len(), upper)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// MultiSafepay's documented answer (`components/examples/responses/listTransactions.json`).
    const EXAMPLE: &str = include_str!("../../tests/fixtures/listTransactions.json");

    /// The page as read before the one-pass path: the whole envelope into a map, then the items.
    fn through_the_map(status: u16, body: &[u8]) -> Result<Page, Error> {
        let envelope = response::interpret_answer(status, body)?;
        Page::read(envelope)
            .ok_or_else(|| response::decode_error(status, "not a list".into(), body))
    }

    #[test]
    fn the_docs_example_reads_in_one_pass_as_through_the_map() {
        assert!(
            response::plain_success::<Items, Value>(EXAMPLE.as_bytes()).is_some(),
            "the documented page takes the one-pass path"
        );
        let fast = read_page(200, EXAMPLE.as_bytes()).unwrap();
        let slow = through_the_map(200, EXAMPLE.as_bytes()).unwrap();
        assert_eq!(fast.items.len(), 3);
        assert!(fast.items.iter().all(Result::is_ok));
        assert_eq!(fast.items, slow.items);
        assert_eq!(fast.after.as_deref(), Some("string"));
        assert_eq!(fast.after, slow.after);
    }

    #[test]
    fn a_garbage_item_is_reported_at_its_place_and_the_others_are_read() {
        let mut page: Value = serde_json::from_str(EXAMPLE).unwrap();
        page["data"][1] = json!({"transaction_id": 7, "status": "completed", "amount": "lots"});
        let body = serde_json::to_vec(&page).unwrap();
        let read = read_page(200, &body).unwrap();
        assert!(read.items[0].is_ok() && read.items[2].is_ok());
        let bad = read.items[1].as_ref().unwrap_err();
        assert!(bad.reason.starts_with("`data[1]`: "), "{}", bad.reason);
        assert!(bad.text.contains("\"lots\""), "{}", bad.text);
        assert_eq!(read.items, through_the_map(200, &body).unwrap().items);
    }

    /// Every answer that is not a plain success page reads as the map path reads it: the same
    /// page, or the same error.
    #[test]
    fn other_answers_read_as_through_the_map() {
        let bodies: &[&[u8]] = &[
            br#"{"success": false, "data": {}, "error_code": 1032, "error_info": "Invalid API key"}"#,
            br#"{"message": "Forbidden"}"#,
            br#"{"success": true, "data": {}}"#,
            br#"{"success": true, "data": null}"#,
            br#"{"success": true}"#,
            br#"{"success": true, "data": [], "pager": "none"}"#,
            br#"{"success": true, "data": [{"a": 1}, 5], "pager": {"cursor": {"after": 12}}}"#,
            br#"{"success": "true", "data": [], "pager": {"cursor": {"after": " "}}}"#,
            br#"{"data": [{"transaction_id": 1, "status": "new", "currency": "EUR"}]}"#,
            br#"{"success": true, "success": false, "data": []}"#,
            br#"{"success": true, "data": [1, 2"#,
            br#"[{"success": true, "data": []}]"#,
            b"<html>busy</html>",
            b"not json",
        ];
        for body in bodies {
            let text = String::from_utf8_lossy(body);
            match (read_page(200, body), through_the_map(200, body)) {
                (Ok(fast), Ok(slow)) => {
                    assert_eq!(fast.items, slow.items, "{text}");
                    assert_eq!(fast.after, slow.after, "{text}");
                }
                (Err(fast), Err(slow)) => {
                    assert_eq!(
                        std::mem::discriminant(&fast),
                        std::mem::discriminant(&slow),
                        "{text}"
                    );
                    if let (Error::Api { .. }, Error::Api { .. }) = (&fast, &slow) {
                        assert_eq!(fast.to_string(), slow.to_string());
                    }
                }
                (fast, slow) => panic!("{text}: {fast:?} vs {slow:?}"),
            }
        }
        let failed = br#"{"success": false, "error_code": 1032, "error_info": "Invalid API key"}"#;
        assert_eq!(read_page(401, failed).unwrap_err().error_code(), Some(1032));
        assert!(matches!(
            read_page(200, br#"{"success": true, "data": {}}"#),
            Err(Error::Decode { status: 200, .. })
        ));
    }
}
