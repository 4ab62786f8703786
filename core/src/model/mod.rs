//! The body of `POST /orders`, its parts, and its validation.

mod amount;
mod capture;
mod cart;
mod customer;
mod decimal;
mod delivery;
mod gateway_info;
pub(crate) mod lenient;
mod order_id;
mod order_request;
mod order_update;
mod payment_options;
mod place;
mod refund;
mod request_parts;
mod serde_impls;
mod tax_rate;
mod validate;

pub use amount::Amount;
pub use capture::{Capture, Captured};
pub use cart::{
    AlternateTaxTable, CartItem, CheckoutOptions, DefaultTaxTable, ShoppingCart, TaxRule,
    TaxTables, SHIPPING_ITEM_ID,
};
pub use customer::Customer;
pub use delivery::Delivery;
pub use gateway_info::GatewayInfo;
pub use order_id::OrderId;
pub use order_request::OrderRequest;
pub use order_update::OrderUpdate;
#[cfg(feature = "client")]
pub(crate) use order_update::UpdateKind;
pub use payment_options::{NotificationMethod, PaymentOptions};
pub use place::Placed;
pub(crate) use place::{FieldValue, Read, Slot};
pub use refund::{Refund, Refunded};
pub use request_parts::{CustomerIp, OrderCustomer, OrderDelivery};
pub use tax_rate::TaxRate;

/// Anything that becomes an order: implemented by `#[derive(MspOrder)]`.
pub trait Order {
    /// Builds the request body, checking the run-time values (every violation at once).
    /// The request borrows from `self` (its text fields are `Cow::Borrowed`).
    fn to_request(&self) -> Result<OrderRequest<'_>, crate::ValidationErrors>;
}

impl Order for OrderRequest<'_> {
    fn to_request(&self) -> Result<OrderRequest<'_>, crate::ValidationErrors> {
        self.validate()?;
        let mut request = self.clone();
        // A cart set on the field directly writes its prices in the order's currency too.
        if let Some(cart) = &mut request.shopping_cart {
            cart.set_currency(request.currency);
        }
        Ok(request)
    }
}
