//! The body of `POST /orders`, its parts, and its validation.

mod amount;
mod customer;
pub(crate) mod lenient;
mod order_id;
mod order_request;
mod payment_options;
mod place;
mod serde_impls;
mod validate;

pub use amount::Amount;
pub use customer::Customer;
pub use order_id::OrderId;
pub use order_request::OrderRequest;
pub use payment_options::{NotificationMethod, PaymentOptions};
pub use place::Placed;
pub(crate) use place::{FieldValue, Read, Slot};

/// Anything that becomes an order: implemented by `#[derive(MspOrder)]`.
pub trait Order {
    /// Builds the request body, checking the run-time values (every violation at once).
    fn to_request(&self) -> Result<OrderRequest, crate::ValidationErrors>;
}

impl Order for OrderRequest {
    fn to_request(&self) -> Result<OrderRequest, crate::ValidationErrors> {
        self.validate()?;
        Ok(self.clone())
    }
}
