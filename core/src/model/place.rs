//! The two views of a field's place in [`OrderRequest`] that the field table
//! ([`crate::Field`]) generates its readers and writers from: the value as the validator reads
//! it, and the slot the derive's setters write.

use super::{
    Amount, CustomerIp, GatewayInfo, NotificationMethod, OrderCustomer, OrderDelivery, OrderId,
    OrderRequest, ShoppingCart,
};
use crate::{Currency, Field, Flow, Gateway};
use std::borrow::Cow;

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
    /// Typed values whose rules need the gateway (currency, flow) or none (bool, customer, an
    /// IP address typed as one).
    Typed,
}

/// How a member of the order reads as a [`FieldValue`]; `None` when unset.
pub(crate) trait Read {
    fn read(&self) -> Option<FieldValue<'_>>;
}

impl Read for Cow<'_, str> {
    fn read(&self) -> Option<FieldValue<'_>> {
        Some(FieldValue::Text(self))
    }
}

impl Read for Option<Cow<'_, str>> {
    fn read(&self) -> Option<FieldValue<'_>> {
        self.as_deref().map(FieldValue::Text)
    }
}

/// An address typed by the merchant's struct is valid by its type: not checked again.
impl Read for Option<CustomerIp<'_>> {
    fn read(&self) -> Option<FieldValue<'_>> {
        self.as_ref().map(|ip| match ip.is_typed() {
            true => FieldValue::Typed,
            false => FieldValue::Text(ip),
        })
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

impl Read for Option<String> {
    fn read(&self) -> Option<FieldValue<'_>> {
        self.as_deref().map(FieldValue::Text)
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
    OrderCustomer<'_>,
    NotificationMethod,
    Box<OrderDelivery<'_>>,
    Box<GatewayInfo>,
    ShoppingCart
);

/// Where a field is written: a member of an order whose text lives for `'a`, borrowed mutably
/// for `'r`.
pub(crate) enum Slot<'r, 'a> {
    /// An argument of `OrderRequest::new`: set when the order is made.
    Argument,
    /// An optional text.
    Text(&'r mut Option<Cow<'a, str>>),
    /// An IP address, typed or text.
    Ip(&'r mut Option<CustomerIp<'a>>),
    /// An optional text of an owned part (`gateway_info`).
    Owned(&'r mut Option<String>),
    /// An optional yes/no.
    Bool(&'r mut Option<bool>),
    /// The customer object.
    Customer(&'r mut Option<OrderCustomer<'a>>),
    /// `payment_options.notification_method`.
    Method(&'r mut Option<NotificationMethod>),
    /// The delivery object (boxed: the request stays small to move).
    Delivery(&'r mut Option<Box<OrderDelivery<'a>>>),
    /// The gateway_info object (boxed likewise).
    GatewayInfo(&'r mut Option<Box<GatewayInfo>>),
    /// The shopping cart (placed with its tax tables: [`OrderRequest::set_shopping_cart`]).
    Cart,
    /// An optional amount (`gateway_info.min_amount`).
    Amount(&'r mut Option<Amount>),
    /// An optional count (`days_active`).
    Count(&'r mut Option<u64>),
}

/// The slot of each member type.
macro_rules! slots {
    ($($ty:ty => $variant:ident),*) => {$(
        impl<'r, 'a> From<&'r mut Option<$ty>> for Slot<'r, 'a> {
            fn from(slot: &'r mut Option<$ty>) -> Self {
                Slot::$variant(slot)
            }
        }
    )*};
}

slots!(
    Cow<'a, str> => Text,
    CustomerIp<'a> => Ip,
    String => Owned,
    bool => Bool,
    OrderCustomer<'a> => Customer,
    NotificationMethod => Method,
    Box<OrderDelivery<'a>> => Delivery,
    Box<GatewayInfo> => GatewayInfo,
    Amount => Amount,
    u64 => Count
);

impl<'r, 'a> From<&'r mut Option<ShoppingCart>> for Slot<'r, 'a> {
    fn from(_: &'r mut Option<ShoppingCart>) -> Self {
        Slot::Cart
    }
}

/// A value the derive's setters write into the field's member of an order whose text lives for
/// `'a`: text, an IP address, a yes/no, the customer...
pub trait Placed<'a>: Sized {
    /// Writes `self` at `field` in `order` (creating its object if unset).
    fn place(self, order: &mut OrderRequest<'a>, field: Field);
}

/// The [`Slot`] variant that holds each [`Placed`] type.
macro_rules! placed {
    ($($ty:ty => $variant:ident),*) => {$(
        impl<'a> Placed<'a> for $ty {
            fn place(self, order: &mut OrderRequest<'a>, field: Field) {
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
    OrderCustomer<'a> => Customer,
    Box<OrderDelivery<'a>> => Delivery,
    Box<GatewayInfo> => GatewayInfo,
    Amount => Amount,
    u64 => Count
);

impl<'a> Placed<'a> for OrderDelivery<'a> {
    fn place(self, order: &mut OrderRequest<'a>, field: Field) {
        Box::new(self).place(order, field);
    }
}

impl<'a> Placed<'a> for GatewayInfo {
    fn place(self, order: &mut OrderRequest<'a>, field: Field) {
        Box::new(self).place(order, field);
    }
}

impl<'a> Placed<'a> for ShoppingCart {
    fn place(self, order: &mut OrderRequest<'a>, field: Field) {
        debug_assert!(
            matches!(field.slot(order), Slot::Cart),
            "{field} holds no cart"
        );
        order.set_shopping_cart(self);
    }
}

impl<'a> Placed<'a> for CustomerIp<'a> {
    fn place(self, order: &mut OrderRequest<'a>, field: Field) {
        match field.slot(order) {
            Slot::Ip(slot) => *slot = Some(self),
            _ => debug_assert!(false, "{field} holds no IP address"),
        }
    }
}

impl<'a> Placed<'a> for Cow<'a, str> {
    fn place(self, order: &mut OrderRequest<'a>, field: Field) {
        match field.slot(order) {
            Slot::Text(slot) => *slot = Some(self),
            Slot::Ip(slot) => *slot = Some(CustomerIp::from(self)),
            Slot::Owned(slot) => *slot = Some(self.into_owned()),
            // A fixed `notification_method = "POST"` arrives as its text, which the derive has
            // checked with `rules::check_notification_method`: the API's name of a method.
            Slot::Method(slot) => {
                use serde::de::{value, Deserialize, IntoDeserializer};
                let text: value::StrDeserializer<'_, value::Error> = (&*self).into_deserializer();
                *slot = NotificationMethod::deserialize(text).ok()
            }
            _ => debug_assert!(false, "{field} holds no text"),
        }
    }
}

impl<'a> Placed<'a> for String {
    fn place(self, order: &mut OrderRequest<'a>, field: Field) {
        Cow::<'a, str>::Owned(self).place(order, field);
    }
}
