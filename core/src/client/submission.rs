//! The future a derived struct's `submit(&client)` returns.

use super::{submit_request, Client, CreatedOrder};
use crate::derive_support::OrderResult;
use crate::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// The order being sent by [`Client::submit`], which a `#[derive(MspOrder)]` struct's
/// `submit(&client)` is: `.await` it for the created order (its `payment_url` is where the
/// customer pays) or the error.
///
/// The request was built, its run-time values checked (and against the client's account, if it
/// has one) and its body encoded, when `submit` was called: an invalid order resolves to
/// [`Error::Validation`] without anything being sent. Sending is that of [`Client::submit`]:
/// exactly once, even when a response is lost.
///
/// One named type for every derived struct, rather than a future type per struct, so that a
/// struct's `submit` is a plain function, cheap to compile (see the crate's BENCHMARKS.md,
/// compile time). It is `Send` and `Unpin` whatever the struct, since it holds the encoded
/// order, not the struct.
///
/// ```no_run
/// # use msp_core as msp;
/// use msp::{Currency, Flow, Gateway, OrderRequest};
/// # async fn run(client: &msp::Client) -> Result<(), msp::Error> {
/// let mut order =
///     OrderRequest::new(Flow::Redirect, Gateway::IDEAL, "o-1", Currency::EUR, 1_000u64, "Tea");
/// order.payment_options_mut().redirect_url = Some("https://shop.example/thanks".into());
/// // As `checkout.submit(&client)` of a derived struct.
/// let submission: msp::Submission<'_> = client.submit(&order);
/// let created = submission.await?;
/// println!("send the customer to {}", created.payment_url);
/// # Ok(()) }
/// ```
#[must_use = "a submission sends nothing until it is awaited"]
pub struct Submission<'a> {
    future: Pin<Box<dyn Future<Output = Result<CreatedOrder, Error>> + Send + 'a>>,
}

impl<'a> Submission<'a> {
    /// What a derived struct's `submit` returns: `request` is the struct's `to_request()`.
    #[doc(hidden)]
    pub fn new(client: &'a Client, request: OrderResult<'a>) -> Self {
        // Checked against the account and encoded now; the request (over a kilobyte) is read
        // where it is, not moved, and not carried into the future.
        let prepared = match request {
            Ok(ref order) => client.prepare(order),
            Err(errors) => Err(Error::from(errors)),
        };
        Submission {
            future: Box::pin(submit_request(client, prepared)),
        }
    }
}

impl Future for Submission<'_> {
    type Output = Result<CreatedOrder, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.future.as_mut().poll(cx)
    }
}

impl fmt::Debug for Submission<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Submission").finish_non_exhaustive()
    }
}
