//! The two views of a field's place in [`OrderRequest`] that the field table
//! ([`crate::Field`]) generates its readers and writers from: the value as the validator reads
//! it, and the slot the derive's setters write.

use super::{
    Amount, Customer, Delivery, GatewayInfo, NotificationMethod, OrderId, OrderRequest,
    ShoppingCart,
};
use crate::{Currency, Field, Flow, Gateway};

/// A field's value, borrowed from the order.
pub(crate) enum FieldValue<'a> {
    /// Text, checked by the field's rule.
    Text(&'a str),
    /// The order id.
    OrderId(&'a OrderId),
    /// An amount in minor units.
    Amount(u64),
    /// A count (`days_active`).
    Count(u64),
    /// Typed values whose rules need the gateway (currency, flow) or none (bool, customer).
    Typed,
}

/// How a member of the order reads as a [`FieldValue`]; `None` when unset.
pub(crate) trait Read {
    fn read(&self) -> Option<FieldValue<'_>>;
}

impl Read for String {
    fn read(&self) -> Option<FieldValue<'_>> {
        Some(FieldValue::Text(self))
    }
}

impl Read for Option<String> {
    fn read(&self) -> Option<FieldValue<'_>> {
        self.as_deref().map(FieldValue::Text)
    }
}

impl Read for OrderId {
    fn read(&self) -> Option<FieldValue<'_>> {
        Some(FieldValue::OrderId(self))
    }
}

impl Read for Amount {
    fn read(&self) -> Option<FieldValue<'_>> {
        Some(FieldValue::Amount(self.minor_units()))
    }
}

impl Read for Option<Amount> {
    fn read(&self) -> Option<FieldValue<'_>> {
        self.map(|a| FieldValue::Amount(a.minor_units()))
    }
}

impl Read for Option<u64> {
    fn read(&self) -> Option<FieldValue<'_>> {
        self.map(FieldValue::Count)
    }
}

/// Members that are always there and typed.
macro_rules! typed {
    ($($ty:ty),*) => {$(
        impl Read for $ty {
            fn read(&self) -> Option<FieldValue<'_>> {
                Some(FieldValue::Typed)
            }
        }

        impl Read for Option<$ty> {
            fn read(&self) -> Option<FieldValue<'_>> {
                self.as_ref().map(|_| FieldValue::Typed)
            }
        }
    )*};
}

typed!(
    Flow,
    Gateway,
    Currency,
    bool,
    Customer,
    NotificationMethod,
    Delivery,
    GatewayInfo,
    ShoppingCart
);

/// Where a field is written: a member of the order, borrowed mutably.
pub(crate) enum Slot<'a> {
    /// An argument of `OrderRequest::new`: set when the order is made.
    Argument,
    /// An optional text.
    Text(&'a mut Option<String>),
    /// An optional yes/no.
    Bool(&'a mut Option<bool>),
    /// The customer object.
    Customer(&'a mut Option<Customer>),
    /// `payment_options.notification_method`.
    Method(&'a mut Option<NotificationMethod>),
    /// The delivery object.
    Delivery(&'a mut Option<Delivery>),
    /// The gateway_info object.
    GatewayInfo(&'a mut Option<GatewayInfo>),
    /// The shopping cart (placed with its tax tables: [`OrderRequest::set_shopping_cart`]).
    Cart,
    /// An optional amount (`gateway_info.min_amount`).
    Amount(&'a mut Option<Amount>),
    /// An optional count (`days_active`).
    Count(&'a mut Option<u64>),
}

/// The slot of each member type.
macro_rules! slots {
    ($($ty:ty => $variant:ident),*) => {$(
        impl<'a> From<&'a mut Option<$ty>> for Slot<'a> {
            fn from(slot: &'a mut Option<$ty>) -> Self {
                Slot::$variant(slot)
            }
        }
    )*};
}

slots!(Delivery => Delivery, GatewayInfo => GatewayInfo, Amount => Amount, u64 => Count);

impl<'a> From<&'a mut Option<ShoppingCart>> for Slot<'a> {
    fn from(_: &'a mut Option<ShoppingCart>) -> Self {
        Slot::Cart
    }
}

impl<'a> From<&'a mut Option<String>> for Slot<'a> {
    fn from(slot: &'a mut Option<String>) -> Self {
        Slot::Text(slot)
    }
}

impl<'a> From<&'a mut Option<bool>> for Slot<'a> {
    fn from(slot: &'a mut Option<bool>) -> Self {
        Slot::Bool(slot)
    }
}

impl<'a> From<&'a mut Option<Customer>> for Slot<'a> {
    fn from(slot: &'a mut Option<Customer>) -> Self {
        Slot::Customer(slot)
    }
}

impl<'a> From<&'a mut Option<NotificationMethod>> for Slot<'a> {
    fn from(slot: &'a mut Option<NotificationMethod>) -> Self {
        Slot::Method(slot)
    }
}

/// A value the derive's setters write into the field's member: text, a yes/no, the customer.
pub trait Placed: Sized {
    /// Writes `self` at `field` in `order` (creating its object if unset).
    fn place(self, order: &mut OrderRequest, field: Field);
}

/// The [`Slot`] variant that holds each [`Placed`] type.
macro_rules! placed {
    ($($ty:ty => $variant:ident),*) => {$(
        impl Placed for $ty {
            fn place(self, order: &mut OrderRequest, field: Field) {
                let slot = field.slot(order);
                let placed = matches!(slot, Slot::$variant(_));
                if let Slot::$variant(slot) = slot {
                    *slot = Some(self);
                }
                debug_assert!(placed, "{field} holds no {}", stringify!($ty));
            }
        }
    )*};
}

placed!(
    bool => Bool,
    Customer => Customer,
    Delivery => Delivery,
    GatewayInfo => GatewayInfo,
    Amount => Amount,
    u64 => Count
);

impl Placed for ShoppingCart {
    fn place(self, order: &mut OrderRequest, field: Field) {
        debug_assert!(
            matches!(field.slot(order), Slot::Cart),
            "{field} holds no cart"
        );
        order.set_shopping_cart(self);
    }
}

impl Placed for String {
    fn place(self, order: &mut OrderRequest, field: Field) {
        match field.slot(order) {
            Slot::Text(slot) => *slot = Some(self),
            // A fixed `notification_method = "POST"` arrives as its text, which the derive has
            // checked with `rules::check_notification_method`: the API's name of a method.
            Slot::Method(slot) => *slot = serde_json::from_value(self.into()).ok(),
            _ => debug_assert!(false, "{field} holds no String"),
        }
    }
}
