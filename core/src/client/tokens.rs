//! A customer's recurring tokens: list, get, delete (`paths/recurring@*.yaml`).

use super::decide::{Idempotent, Read};
use super::{response, Client};
use crate::model::lenient;
use crate::token::TokenList;
use crate::{Error, Token};
use reqwest::Method;
use serde_json::Value;
use std::time::Instant;

/// MultiSafepay's answer to a token it does not have: error 1000 "Token not found"
/// (`paths/recurring@{your_customer_reference}@remove@{your_token}.yaml`, `'410'`).
const TOKEN_NOT_FOUND: i64 = 1000;

impl Client {
    /// The tokens stored for a customer, by your reference of the customer
    /// (`GET /recurring/{reference}`; `customer.reference` of the orders that made them).
    pub async fn tokens(&self, customer_reference: &str) -> Result<Vec<Token>, Error> {
        let list: TokenList = self
            .read_data(&["recurring", customer_reference], &[])
            .await?;
        Ok(list.tokens.unwrap_or_default())
    }

    /// One of a customer's tokens (`GET /recurring/{reference}/token/{token}`); an unknown one
    /// is an [`Error::Api`] with error 1000 ("Token not found").
    pub async fn token(&self, customer_reference: &str, token: &str) -> Result<Token, Error> {
        self.read_data(&["recurring", customer_reference, "token", token], &[])
            .await
    }

    /// Deletes a customer's token (`DELETE /recurring/{reference}/remove/{token}`).
    ///
    /// Deleting twice has the effect of deleting once, so transient failures are retried. When
    /// an earlier attempt may have landed and the retry is told "Token not found", the earlier
    /// attempt deleted it: that is `Ok`. A token that was never there is an [`Error::Api`] with
    /// error 1000.
    pub async fn delete_token(&self, customer_reference: &str, token: &str) -> Result<(), Error> {
        let url = self.endpoint(&["recurring", customer_reference, "remove", token], &[]);
        let started = Instant::now();
        let mut attempts = Idempotent::new(self.inner.retry);
        let mut may_have_landed = false;
        loop {
            let outcome = self
                .attempt(Method::DELETE, &url, None, attempts.attempts() + 1)
                .await;
            let outcome = match outcome {
                Err(error) if may_have_landed && error.error_code() == Some(TOKEN_NOT_FOUND) => {
                    return Ok(())
                }
                Err(error) => {
                    may_have_landed |= error.is_ambiguous();
                    Err(error)
                }
                Ok((status, data)) => Ok((status, data)),
            };
            match attempts.attempted(outcome, started.elapsed()) {
                Read::Retry(pause) => self.pause(pause).await,
                Read::Return(Ok((status, data))) => {
                    let data: Value = response::decode_data(status, &data)?;
                    let removed = data.get("removed").and_then(lenient::bool_value);
                    return match removed {
                        Some(false) => Err(Error::Api {
                            status,
                            error_code: None,
                            error_info: "the token was not removed".to_owned(),
                        }),
                        _ => Ok(()),
                    };
                }
                Read::Return(Err(error)) => return Err(error),
            }
        }
    }
}
