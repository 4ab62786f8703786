//! `GET /transactions` as a stream over every page (`paths/listtransactions.yaml`): each page is
//! fetched when the one before is used up, following the `pager.cursor.after` cursor.

use super::Client;
use crate::transaction::Page;
use crate::{Error, Transaction, TransactionQuery};
use futures_core::Stream;
use reqwest::Method;
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
        let (status, envelope) = self
            .idempotent_answer(Method::GET, &url, None, Instant::now())
            .await?;
        Page::read(envelope).ok_or_else(|| {
            super::response::decode_error(
                status,
                "`data` of a transaction list is not a list".into(),
                b"",
            )
        })
    }
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
                        item.map_err(|reason| Error::Decode {
                            status: 200,
                            reason: format!("unexpected transaction ({reason})"),
                            snippet: String::new(),
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
