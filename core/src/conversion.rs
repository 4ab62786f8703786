//! How the derive converts a merchant's struct field into an API value: one pair of traits per
//! conversion, named once in the table below. The table declares the traits (with the wording of
//! rustc's error for a type that does not fit) and the [`Conversion`] descriptor whose names
//! `msp-macros` writes into the generated code, so the two cannot drift apart.
//!
//! Each conversion has two traits: `Into*` for an API field the gateway and flow require (no
//! `Option`), `Optional*` for the others (the type, or an `Option` of it). The field table
//! ([`crate::Field::conversion`]) says which conversion supplies each API field.

/// Declares [`Conversion`] and, with the order model, the traits of each conversion.
macro_rules! conversions {
    ($(
        $(#[$doc:meta])*
        $name:ident -> $out:ty {
            $(#[$into_attr:meta])* $into:ident :: $into_fn:ident,
            $(#[$opt_attr:meta])* $opt:ident :: $opt_fn:ident,
        }
    )*) => {
        /// A pair of conversion traits of `msp::__private`: what the derive calls to turn a
        /// struct field into an API value. Read by `msp-macros`, which names the traits by these
        /// names.
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        #[non_exhaustive]
        pub enum Conversion {
            $($(#[$doc])* $name,)*
        }

        impl Conversion {
            /// Every conversion.
            pub const fn all() -> &'static [Conversion] {
                &[$(Conversion::$name,)*]
            }

            /// The trait for a required API field, such as `IntoAmount`.
            pub const fn into_trait(self) -> &'static str {
                match self { $(Conversion::$name => stringify!($into),)* }
            }

            /// The method of [`Conversion::into_trait`], such as `into_amount`.
            pub const fn into_method(self) -> &'static str {
                match self { $(Conversion::$name => stringify!($into_fn),)* }
            }

            /// The trait for an optional API field, such as `OptionalAmount`.
            pub const fn optional_trait(self) -> &'static str {
                match self { $(Conversion::$name => stringify!($opt),)* }
            }

            /// The method of [`Conversion::optional_trait`], such as `optional_amount`.
            pub const fn optional_method(self) -> &'static str {
                match self { $(Conversion::$name => stringify!($opt_fn),)* }
            }
        }

        /// The traits, re-exported by `derive_support`.
        #[cfg(feature = "serde")]
        pub mod traits {
            $(
                $(#[$into_attr])*
                // Takes `&self`: the derive converts borrowed struct fields.
                #[allow(clippy::wrong_self_convention)]
                pub trait $into {
                    /// The API's value.
                    fn $into_fn(&self) -> $out;
                }

                $(#[$opt_attr])*
                pub trait $opt {
                    /// The API's value, `None` for an unset `Option`.
                    fn $opt_fn(&self) -> Option<$out>;
                }

                #[diagnostic::do_not_recommend]
                impl<T: $into> $opt for T {
                    fn $opt_fn(&self) -> Option<$out> {
                        Some(self.$into_fn())
                    }
                }

                #[diagnostic::do_not_recommend]
                impl<T: $into> $opt for Option<T> {
                    fn $opt_fn(&self) -> Option<$out> {
                        self.as_ref().map($into::$into_fn)
                    }
                }
            )*
        }
    };
}

conversions! {
    /// An amount in minor units (`amount`).
    Amount -> crate::Amount {
        /// An order amount: whole minor units.
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot be the order's amount",
            label = "use `u64`, `u32` or `msp::Amount` here",
            note = "MultiSafepay amounts are whole numbers of minor units of at least 1 (10.00 EUR is 1000): a signed integer such as `i64` can be negative, and a float would round money"
        )]
        IntoAmount::into_amount,
        /// An order amount, or an `Option` of one.
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot be the order's amount",
            label = "use `u64`, `u32` or `msp::Amount` here",
            note = "MultiSafepay amounts are whole numbers of minor units of at least 1 (10.00 EUR is 1000): a signed integer such as `i64` can be negative, and a float would round money"
        )]
        OptionalAmount::optional_amount,
    }
    /// The order id: text or an integer.
    OrderId -> crate::OrderId {
        /// The merchant's order id: text or an integer.
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot be the order id",
            label = "use `String`, `&str`, `Cow<str>` or an integer type here",
            note = "an integer type is sent as a JSON number, text as a JSON string"
        )]
        IntoOrderId::into_order_id,
        /// An order id, or an `Option` of one.
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot be the order id",
            label = "use `String`, `&str`, `Cow<str>` or an integer type here"
        )]
        OptionalOrderId::optional_order_id,
    }
    /// The currency.
    Currency -> crate::Currency {
        /// The order's currency.
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot be the order's currency",
            label = "use `msp::Currency` here",
            note = "`msp::Currency::EUR` or `\"EUR\".parse()`; a currency that never changes can be fixed on the struct instead: `#[msp_order(currency = \"EUR\")]`"
        )]
        IntoCurrency::into_currency,
        /// A currency, or an `Option` of one.
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot be the order's currency",
            label = "use `msp::Currency` here"
        )]
        OptionalCurrency::optional_currency,
    }
    /// Text (the description, the customer's fields, `var1`...).
    Text -> std::borrow::Cow<'_, str> {
        /// A text field (description, e-mail, locale, name...).
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot supply a text field of the order",
            label = "use `String`, `&str` or `Cow<str>` here",
            note = "an `Option` of these is accepted only for fields the gateway and flow do not require"
        )]
        IntoText::into_text,
        /// A text field, or an `Option` of one.
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot supply a text field of the order",
            label = "use `String`, `&str` or `Cow<str>`, or an `Option` of one, here"
        )]
        OptionalText::optional_text,
    }
    /// A URL (`payment_options.*_url`).
    Url -> std::borrow::Cow<'_, str> {
        /// A URL (`payment_options.redirect_url`...).
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot supply a URL of the order",
            label = "use `String`, `&str`, `Cow<str>` or `url::Url` here",
            note = "an `Option` of these is accepted only for URLs the gateway and flow do not require"
        )]
        IntoUrl::into_url,
        /// A URL, or an `Option` of one.
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot supply a URL of the order",
            label = "use `String`, `&str`, `Cow<str>` or `url::Url`, or an `Option` of one, here"
        )]
        OptionalUrl::optional_url,
    }
    /// An IP address (`customer.ip_address`, `customer.forwarded_ip`).
    Ip -> crate::CustomerIp<'_> {
        /// An IP address (`customer.ip_address`, `customer.forwarded_ip`).
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot supply an IP address of the order",
            label = "use `std::net::IpAddr` or text (`String`, `&str`, `Cow<str>`) here"
        )]
        IntoIp::into_ip,
        /// An IP address, or an `Option` of one.
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot supply an IP address of the order",
            label = "use `std::net::IpAddr` or text (`String`, `&str`, `Cow<str>`), or an `Option` of one, here"
        )]
        OptionalIp::optional_ip,
    }
    /// A yes/no (`payment_options.close_window`).
    Bool -> bool {
        /// A yes/no field (`payment_options.close_window`).
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot supply a yes/no field of the order",
            label = "use `bool` here"
        )]
        IntoBool::into_bool,
        /// A yes/no field, or an `Option` of one.
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot supply a yes/no field of the order",
            label = "use `bool` or `Option<bool>` here"
        )]
        OptionalBool::optional_bool,
    }
    /// The whole customer object.
    Customer -> crate::OrderCustomer<'_> {
        /// The whole customer object.
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot supply the customer object",
            label = "use `msp::Customer` here",
            note = "or supply the customer's fields one by one: `ip_address`, `email`, `locale`..."
        )]
        IntoCustomer::into_customer,
        /// The customer object, or an `Option` of it.
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot supply the customer object",
            label = "use `msp::Customer` or `Option<msp::Customer>` here",
            note = "or supply the customer's fields one by one: `ip_address`, `email`, `locale`..."
        )]
        OptionalCustomer::optional_customer,
    }
    /// The whole delivery object.
    Delivery -> crate::OrderDelivery<'_> {
        /// The whole delivery object.
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot supply the delivery address",
            label = "use `msp::Delivery` here",
            note = "or supply its fields one by one by path: `#[msp_order(delivery.country)]`..."
        )]
        IntoDelivery::into_delivery,
        /// The delivery object, or an `Option` of it.
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot supply the delivery address",
            label = "use `msp::Delivery` or `Option<msp::Delivery>` here",
            note = "or supply its fields one by one by path: `#[msp_order(delivery.country)]`..."
        )]
        OptionalDelivery::optional_delivery,
    }
    /// The shopping cart, with its tax tables.
    ShoppingCart -> crate::ShoppingCart {
        /// The shopping cart.
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot supply the shopping cart",
            label = "use `msp::ShoppingCart` here",
            note = "build it from `msp::CartItem::gross(name, unit_price_incl_tax_minor, quantity, msp::TaxRate::percent(21))`; it also writes the tax tables its items name"
        )]
        IntoShoppingCart::into_shopping_cart,
        /// The shopping cart, or an `Option` of it.
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot supply the shopping cart",
            label = "use `msp::ShoppingCart` or `Option<msp::ShoppingCart>` here",
            note = "build it from `msp::CartItem::gross(name, unit_price_incl_tax_minor, quantity, msp::TaxRate::percent(21))`; it also writes the tax tables its items name"
        )]
        OptionalShoppingCart::optional_shopping_cart,
    }
    /// The whole `gateway_info` object.
    GatewayInfo -> crate::GatewayInfo {
        /// The whole `gateway_info` object.
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot supply the order's `gateway_info`",
            label = "use `msp::GatewayInfo` here",
            note = "or supply its fields one by one by path: `#[msp_order(gateway_info.birthday)]`..."
        )]
        IntoGatewayInfo::into_gateway_info,
        /// The `gateway_info` object, or an `Option` of it.
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot supply the order's `gateway_info`",
            label = "use `msp::GatewayInfo` or `Option<msp::GatewayInfo>` here",
            note = "or supply its fields one by one by path: `#[msp_order(gateway_info.birthday)]`..."
        )]
        OptionalGatewayInfo::optional_gateway_info,
    }
    /// A whole number (`days_active`, `seconds_active`).
    Count -> u64 {
        /// A whole number of days or seconds.
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot supply a number of days or seconds",
            label = "use `u64`, `u32`, `u16` or `u8` here"
        )]
        IntoCount::into_count,
        /// A whole number, or an `Option` of one.
        #[diagnostic::on_unimplemented(
            message = "`{Self}` cannot supply a number of days or seconds",
            label = "use `u64`, `u32`, `u16` or `u8`, or an `Option` of one, here"
        )]
        OptionalCount::optional_count,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_one_pattern() {
        for c in Conversion::all() {
            let name = c.into_trait().trim_start_matches("Into");
            assert_eq!(c.optional_trait(), format!("Optional{name}"), "{c:?}");
            let method = c.into_method().trim_start_matches("into_");
            assert_eq!(c.optional_method(), format!("optional_{method}"), "{c:?}");
        }
        assert_eq!(Conversion::Amount.into_trait(), "IntoAmount");
        assert_eq!(Conversion::Ip.optional_method(), "optional_ip");
    }
}
