//! The API fields an order can carry, as data: path, kind of value, limits, whether the derive
//! may fix them in its attribute. The derive and the validator both read this table.

use std::fmt;

/// What kind of value a field holds; decides which rule checks it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum Kind {
    /// The flow (`type`).
    Flow,
    /// The gateway code.
    Gateway,
    /// The merchant's order id.
    OrderId,
    /// An ISO 4217 code.
    Currency,
    /// An amount in minor units.
    Amount,
    /// Free text (plain, no HTML where the field says so).
    Text,
    /// An absolute http(s) URL.
    Url,
    /// A locale such as `nl_NL`.
    Locale,
    /// An IPv4 or IPv6 address.
    IpAddress,
    /// An e-mail address.
    Email,
    /// An ISO 3166-1 alpha-2 country code.
    Country,
    /// `true` or `false`.
    Bool,
    /// The whole customer object.
    Customer,
}

macro_rules! fields {
    ($($(#[$doc:meta])* $variant:ident = ($path:literal, $kind:ident, max: $max:expr, fixed: $fixed:literal, html: $html:literal),)*) => {
        /// An API field of an order, by its JSON path.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Field {
            $($(#[$doc])* $variant,)*
        }

        impl Field {
            /// Every field, in the order of the API's documentation.
            pub const fn all() -> &'static [Field] {
                &[$(Field::$variant,)*]
            }

            /// The JSON path, such as `payment_options.redirect_url`.
            pub const fn path(self) -> &'static str {
                match self { $(Field::$variant => $path,)* }
            }

            /// The kind of value, which decides the rule that checks it.
            pub const fn kind(self) -> Kind {
                match self { $(Field::$variant => Kind::$kind,)* }
            }

            /// The longest value MultiSafepay accepts, in characters.
            pub const fn max_chars(self) -> Option<usize> {
                match self { $(Field::$variant => $max,)* }
            }

            /// Whether the derive's container attribute may give the field a fixed value.
            pub const fn fixable(self) -> bool {
                match self { $(Field::$variant => $fixed,)* }
            }

            /// Whether MultiSafepay refuses HTML in the field.
            pub const fn plain_text(self) -> bool {
                match self { $(Field::$variant => !$html,)* }
            }
        }
    };
}

fields! {
    /// `type`: the flow.
    Type = ("type", Flow, max: None, fixed: false, html: false),
    /// `gateway`: the payment method.
    Gateway = ("gateway", Gateway, max: None, fixed: false, html: false),
    /// `order_id`: the merchant's unique id of the order.
    OrderId = ("order_id", OrderId, max: Some(50), fixed: false, html: true),
    /// `currency`.
    Currency = ("currency", Currency, max: None, fixed: true, html: false),
    /// `amount`, in minor units.
    Amount = ("amount", Amount, max: None, fixed: false, html: false),
    /// `description`: shown on the payment page and the bank statement.
    Description = ("description", Text, max: Some(200), fixed: true, html: false),
    /// `payment_options.notification_url`: the webhook.
    NotificationUrl = ("payment_options.notification_url", Url, max: Some(150), fixed: true, html: false),
    /// `payment_options.redirect_url`: where the customer lands after paying.
    RedirectUrl = ("payment_options.redirect_url", Url, max: None, fixed: true, html: false),
    /// `payment_options.cancel_url`: where the customer lands after a failed payment.
    CancelUrl = ("payment_options.cancel_url", Url, max: None, fixed: true, html: false),
    /// `payment_options.close_window`.
    CloseWindow = ("payment_options.close_window", Bool, max: None, fixed: true, html: false),
    /// `customer`: the whole customer object.
    Customer = ("customer", Customer, max: None, fixed: false, html: false),
    /// `customer.locale`, such as `nl_NL`.
    Locale = ("customer.locale", Locale, max: None, fixed: true, html: false),
    /// `customer.ip_address`.
    IpAddress = ("customer.ip_address", IpAddress, max: None, fixed: false, html: false),
    /// `customer.forwarded_ip`.
    ForwardedIp = ("customer.forwarded_ip", IpAddress, max: None, fixed: false, html: false),
    /// `customer.email`.
    Email = ("customer.email", Email, max: Some(64), fixed: false, html: false),
    /// `customer.first_name`.
    FirstName = ("customer.first_name", Text, max: Some(25), fixed: false, html: false),
    /// `customer.last_name`.
    LastName = ("customer.last_name", Text, max: Some(25), fixed: false, html: false),
    /// `customer.address1`.
    Address1 = ("customer.address1", Text, max: Some(64), fixed: false, html: false),
    /// `customer.address2`.
    Address2 = ("customer.address2", Text, max: Some(64), fixed: false, html: false),
    /// `customer.house_number`.
    HouseNumber = ("customer.house_number", Text, max: Some(10), fixed: false, html: false),
    /// `customer.zip_code`.
    ZipCode = ("customer.zip_code", Text, max: Some(10), fixed: false, html: false),
    /// `customer.city`.
    City = ("customer.city", Text, max: Some(50), fixed: false, html: false),
    /// `customer.state`.
    State = ("customer.state", Text, max: None, fixed: false, html: false),
    /// `customer.country`: ISO 3166-1 alpha-2.
    Country = ("customer.country", Country, max: None, fixed: false, html: false),
    /// `customer.phone`.
    Phone = ("customer.phone", Text, max: Some(25), fixed: false, html: false),
    /// `customer.referrer`.
    Referrer = ("customer.referrer", Text, max: None, fixed: false, html: true),
    /// `customer.user_agent`.
    UserAgent = ("customer.user_agent", Text, max: None, fixed: false, html: true),
    /// `var1`: free merchant data.
    Var1 = ("var1", Text, max: Some(500), fixed: false, html: true),
    /// `var2`: free merchant data.
    Var2 = ("var2", Text, max: Some(500), fixed: false, html: true),
    /// `var3`: free merchant data.
    Var3 = ("var3", Text, max: Some(500), fixed: false, html: true),
}

impl Field {
    /// The last segment of the path (`redirect_url`), the name a struct field uses to supply it.
    pub fn leaf(self) -> &'static str {
        let path = self.path();
        path.rsplit('.').next().unwrap_or(path)
    }

    /// Finds a field by path (`customer.ip_address`) or by leaf name (`ip_address`).
    pub fn lookup(name: &str) -> Option<Field> {
        Field::all()
            .iter()
            .copied()
            .find(|f| f.path() == name)
            .or_else(|| Field::all().iter().copied().find(|f| f.leaf() == name))
    }

    /// Whether the field sits inside `customer`.
    pub fn in_customer(self) -> bool {
        self.path().starts_with("customer.")
    }

    /// The field's bit in a set of fields held as a `u64` (its position in [`Field::all`]): the
    /// derive passes the fields it checks at run time as one number rather than a list.
    #[doc(hidden)]
    pub const fn bit(self) -> u64 {
        1 << self as u32
    }
}

// Every field has a bit of a `u64`.
const _: () = assert!(Field::all().len() <= 64);

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.path())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaf_names_are_unambiguous() {
        for a in Field::all() {
            let twins = Field::all().iter().filter(|b| b.leaf() == a.leaf()).count();
            assert_eq!(twins, 1, "{a} shares its leaf name");
        }
    }

    #[test]
    fn bits_follow_the_documented_order() {
        for (i, field) in Field::all().iter().enumerate() {
            assert_eq!(field.bit(), 1 << i, "{field}");
        }
    }

    #[test]
    fn lookup_by_path_and_leaf() {
        assert_eq!(Field::lookup("customer.ip_address"), Some(Field::IpAddress));
        assert_eq!(Field::lookup("ip_address"), Some(Field::IpAddress));
        assert_eq!(Field::lookup("redirect_url"), Some(Field::RedirectUrl));
        assert_eq!(Field::lookup("customer"), Some(Field::Customer));
        assert_eq!(Field::lookup("nope"), None);
    }
}
