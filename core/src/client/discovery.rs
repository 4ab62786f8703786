//! What the account offers: payment methods, gateways and issuers (read-only, retried as reads).

use super::Client;
use crate::{AccountGateway, Error, Gateway, Issuer, PaymentMethod, PaymentMethodQuery};
use reqwest::Method;
use std::time::Instant;

impl Client {
    /// The payment methods the account offers for a basket (`GET /payment-methods`,
    /// `paths/payment-methods.yaml`): with their allowed amounts and currencies, whether they
    /// need a shopping cart or customer data, and their recurring support. The query filters by
    /// amount, currency and country; `PaymentMethodQuery::default()` lists them all.
    ///
    /// ```no_run
    /// # use msp_core as msp;
    /// # async fn run(client: msp::Client) -> Result<(), msp::Error> {
    /// let query = msp::PaymentMethodQuery::default()
    ///     .amount(2500)
    ///     .currency(msp::Currency::EUR)
    ///     .country("NL");
    /// for method in client.payment_methods(query).await? {
    ///     println!("{} ({}): cart required: {}", method.name, method.id, method.shopping_cart_required);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn payment_methods(
        &self,
        query: PaymentMethodQuery,
    ) -> Result<Vec<PaymentMethod>, Error> {
        self.read_data(&["payment-methods"], &query.pairs()).await
    }

    /// The gateways the account offers (`GET /gateways`, `paths/gateways.yaml`), all gift cards
    /// included.
    pub async fn gateways(&self) -> Result<Vec<AccountGateway>, Error> {
        self.read_data(&["gateways"], &[("include", "coupons".to_owned())])
            .await
    }

    /// One gateway, by its identifier, in any case (`GET /gateways/{gateway_id}`,
    /// `paths/gateways@{gateway_id}.yaml`); one the account does not offer is an
    /// [`Error::Api`] with error 1023.
    pub async fn gateway(&self, id: &str) -> Result<AccountGateway, Error> {
        self.read_data(&["gateways", id], &[]).await
    }

    /// The banks a customer can pick for `gateway`, such as iDEAL's issuers
    /// (`GET /issuers/{gateway}`, answer `idealIssuers.json`).
    pub async fn issuers(&self, gateway: Gateway) -> Result<Vec<Issuer>, Error> {
        self.read_data(&["issuers", gateway.code()], &[]).await
    }

    /// A `GET` of `segments` with `query`, retried as a read; `data` decoded into `T`.
    pub(super) async fn read_data<T: serde::de::DeserializeOwned>(
        &self,
        segments: &[&str],
        query: &[(&str, String)],
    ) -> Result<T, Error> {
        let url = self.endpoint(segments, query);
        self.idempotent(Method::GET, &url, Instant::now()).await
    }
}
