//! The API fields an order can carry, as one table: path, kind of value, limits, whether the
//! derive may fix them in its attribute, where each lives in [`OrderRequest`](crate::OrderRequest)
//! and how the derive converts a struct field into it. The validator reads values through this
//! table, the derive's setters write through it, and the derive places fields by it.

use crate::Conversion;
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
    /// How MultiSafepay calls the notification URL: `POST` or `GET`.
    NotificationMethod,
    /// A phone number.
    Phone,
    /// An international bank account number.
    Iban,
    /// A date, `YYYY-MM-DD` (a birthday).
    Date,
    /// A whole number from 1 to the row's maximum (`days_active`).
    Count,
    /// The whole delivery object.
    Delivery,
    /// The whole shopping cart (with the tax tables it implies).
    ShoppingCart,
    /// The whole `gateway_info` object.
    GatewayInfo,
}

macro_rules! fields {
    ($(
        $(#[$doc:meta])*
        $variant:ident = (
            $path:literal, $kind:ident, max: $max:expr, fixed: $fixed:literal, html: $html:literal,
            at: $at:tt, via: $via:tt
        ),
    )*) => {
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

            /// The longest value MultiSafepay accepts, in characters (for a [`Kind::Count`], the
            /// largest number).
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

            /// How the derive converts a struct field into this API field; `None` for the fields
            /// the attribute's `gateway` and `flow` set.
            pub const fn conversion(self) -> Option<Conversion> {
                match self { $(Field::$variant => via!($via),)* }
            }

            /// Whether [`OrderRequest::new`](crate::OrderRequest) takes the field as an argument
            /// (the others are set afterwards).
            pub const fn is_argument(self) -> bool {
                match self { $(Field::$variant => argument!($at),)* }
            }

            /// The field's value in `order`, for the validator.
            #[cfg(feature = "serde")]
            pub(crate) fn read<'r>(self, order: &'r crate::OrderRequest<'_>) -> Option<crate::model::FieldValue<'r>> {
                use crate::model::Read;
                match self { $(Field::$variant => read!(order, $at),)* }
            }

            /// Where the field lives in `order`, for writing; creates its object (`customer`,
            /// `payment_options`) if unset.
            #[cfg(feature = "serde")]
            pub(crate) fn slot<'r, 'a>(self, order: &'r mut crate::OrderRequest<'a>) -> crate::model::Slot<'r, 'a> {
                use crate::model::Slot;
                match self { $(Field::$variant => slot!(order, $at),)* }
            }
        }
    };
}

/// A row's `via`: the name of a [`Conversion`], or `-` for none.
macro_rules! via {
    (-) => {
        None
    };
    ($conversion:ident) => {
        Some(Conversion::$conversion)
    };
}

/// Whether a row's `at` is an argument of `OrderRequest::new` (`[new order_id]`).
macro_rules! argument {
    ([new $member:ident]) => {
        true
    };
    ([$($place:tt)*]) => {
        false
    };
}

/// Reads the member at a row's `at`: `[new amount]`, `[var1]` or `[customer.email]`.
#[cfg(feature = "serde")]
macro_rules! read {
    ($order:ident, [new $member:ident]) => {
        $order.$member.read()
    };
    ($order:ident, [$member:ident]) => {
        $order.$member.read()
    };
    ($order:ident, [$object:ident . $member:ident]) => {
        $order
            .$object
            .as_ref()
            .and_then(|object| object.$member.read())
    };
}

/// The slot of the member at a row's `at`, creating its object if unset.
#[cfg(feature = "serde")]
macro_rules! slot {
    ($order:ident, [new $member:ident]) => {
        Slot::Argument
    };
    ($order:ident, [$member:ident]) => {
        Slot::from(&mut $order.$member)
    };
    ($order:ident, [$object:ident . $member:ident]) => {
        Slot::from(&mut $order.$object.get_or_insert_with(Default::default).$member)
    };
}

// One row per API field. Columns: the JSON path; the kind of value (its rule); the longest value
// in characters; whether the attribute may fix it; whether HTML is allowed; `at`, the member of
// `OrderRequest` that holds it (`[new x]`: an argument of `OrderRequest::new`, `[object.x]`:
// inside an optional object); `via`, the `Conversion` the derive uses to supply it from a
// struct field (`-`: none, set by the attribute).
fields! {
    /// `type`: the flow.
    Type = ("type", Flow, max: None, fixed: false, html: false,
        at: [new flow], via: -),
    /// `gateway`: the payment method.
    Gateway = ("gateway", Gateway, max: None, fixed: false, html: false,
        at: [new gateway], via: -),
    /// `order_id`: the merchant's unique id of the order.
    OrderId = ("order_id", OrderId, max: Some(50), fixed: false, html: true,
        at: [new order_id], via: OrderId),
    /// `currency`.
    Currency = ("currency", Currency, max: None, fixed: true, html: false,
        at: [new currency], via: Currency),
    /// `amount`, in minor units.
    Amount = ("amount", Amount, max: None, fixed: false, html: false,
        at: [new amount], via: Amount),
    /// `description`: shown on the payment page and the bank statement.
    Description = ("description", Text, max: Some(200), fixed: true, html: false,
        at: [new description], via: Text),
    /// `payment_options.notification_url`: the webhook.
    NotificationUrl = ("payment_options.notification_url", Url, max: Some(150), fixed: true, html: false,
        at: [payment_options.notification_url], via: Url),
    /// `payment_options.notification_method`: `POST` (the signed order in the body) or `GET`
    /// (only `transactionid` and `timestamp`); MultiSafepay notifies by `GET` without it
    /// (docs `NotificationMethod.yaml`).
    NotificationMethod = ("payment_options.notification_method", NotificationMethod, max: None, fixed: true, html: false,
        at: [payment_options.notification_method], via: -),
    /// `payment_options.redirect_url`: where the customer lands after paying.
    RedirectUrl = ("payment_options.redirect_url", Url, max: None, fixed: true, html: false,
        at: [payment_options.redirect_url], via: Url),
    /// `payment_options.cancel_url`: where the customer lands after a failed payment.
    CancelUrl = ("payment_options.cancel_url", Url, max: None, fixed: true, html: false,
        at: [payment_options.cancel_url], via: Url),
    /// `payment_options.close_window`.
    CloseWindow = ("payment_options.close_window", Bool, max: None, fixed: true, html: false,
        at: [payment_options.close_window], via: Bool),
    /// `customer`: the whole customer object.
    Customer = ("customer", Customer, max: None, fixed: false, html: false,
        at: [customer], via: Customer),
    /// `customer.locale`, such as `nl_NL`.
    Locale = ("customer.locale", Locale, max: None, fixed: true, html: false,
        at: [customer.locale], via: Text),
    /// `customer.ip_address`.
    IpAddress = ("customer.ip_address", IpAddress, max: None, fixed: false, html: false,
        at: [customer.ip_address], via: Ip),
    /// `customer.forwarded_ip`.
    ForwardedIp = ("customer.forwarded_ip", IpAddress, max: None, fixed: false, html: false,
        at: [customer.forwarded_ip], via: Ip),
    /// `customer.email`.
    Email = ("customer.email", Email, max: Some(64), fixed: false, html: false,
        at: [customer.email], via: Text),
    /// `customer.first_name`.
    FirstName = ("customer.first_name", Text, max: Some(25), fixed: false, html: false,
        at: [customer.first_name], via: Text),
    /// `customer.last_name`.
    LastName = ("customer.last_name", Text, max: Some(25), fixed: false, html: false,
        at: [customer.last_name], via: Text),
    /// `customer.address1`.
    Address1 = ("customer.address1", Text, max: Some(64), fixed: false, html: false,
        at: [customer.address1], via: Text),
    /// `customer.address2`.
    Address2 = ("customer.address2", Text, max: Some(64), fixed: false, html: false,
        at: [customer.address2], via: Text),
    /// `customer.house_number`.
    HouseNumber = ("customer.house_number", Text, max: Some(10), fixed: false, html: false,
        at: [customer.house_number], via: Text),
    /// `customer.zip_code`.
    ZipCode = ("customer.zip_code", Text, max: Some(10), fixed: false, html: false,
        at: [customer.zip_code], via: Text),
    /// `customer.city`.
    City = ("customer.city", Text, max: Some(50), fixed: false, html: false,
        at: [customer.city], via: Text),
    /// `customer.state`.
    State = ("customer.state", Text, max: None, fixed: false, html: false,
        at: [customer.state], via: Text),
    /// `customer.country`: ISO 3166-1 alpha-2.
    Country = ("customer.country", Country, max: None, fixed: false, html: false,
        at: [customer.country], via: Text),
    /// `customer.phone`.
    Phone = ("customer.phone", Phone, max: Some(25), fixed: false, html: false,
        at: [customer.phone], via: Text),
    /// `customer.referrer`.
    Referrer = ("customer.referrer", Text, max: None, fixed: false, html: true,
        at: [customer.referrer], via: Text),
    /// `customer.user_agent`.
    UserAgent = ("customer.user_agent", Text, max: None, fixed: false, html: true,
        at: [customer.user_agent], via: Text),
    /// `customer.reference`: the merchant's id of the customer (recurring payments need it).
    Reference = ("customer.reference", Text, max: None, fixed: false, html: true,
        at: [customer.reference], via: Text),
    /// `customer.gender`: as the BNPL gateways spell it (`M`, `F`, `mr`...).
    Gender = ("customer.gender", Text, max: None, fixed: false, html: false,
        at: [customer.gender], via: Text),
    /// `customer.birthday`: `YYYY-MM-DD`.
    Birthday = ("customer.birthday", Date, max: None, fixed: false, html: false,
        at: [customer.birthday], via: Text),
    /// `delivery`: the whole shipping address (`components/schemas/Delivery.yaml`).
    Delivery = ("delivery", Delivery, max: None, fixed: false, html: false,
        at: [delivery], via: Delivery),
    /// `delivery.first_name`.
    DeliveryFirstName = ("delivery.first_name", Text, max: Some(25), fixed: false, html: false,
        at: [delivery.first_name], via: Text),
    /// `delivery.last_name`.
    DeliveryLastName = ("delivery.last_name", Text, max: Some(25), fixed: false, html: false,
        at: [delivery.last_name], via: Text),
    /// `delivery.address1`.
    DeliveryAddress1 = ("delivery.address1", Text, max: Some(64), fixed: false, html: false,
        at: [delivery.address1], via: Text),
    /// `delivery.address2`.
    DeliveryAddress2 = ("delivery.address2", Text, max: Some(64), fixed: false, html: false,
        at: [delivery.address2], via: Text),
    /// `delivery.house_number`.
    DeliveryHouseNumber = ("delivery.house_number", Text, max: Some(10), fixed: false, html: false,
        at: [delivery.house_number], via: Text),
    /// `delivery.zip_code`.
    DeliveryZipCode = ("delivery.zip_code", Text, max: Some(10), fixed: false, html: false,
        at: [delivery.zip_code], via: Text),
    /// `delivery.city`.
    DeliveryCity = ("delivery.city", Text, max: Some(50), fixed: false, html: false,
        at: [delivery.city], via: Text),
    /// `delivery.state`.
    DeliveryState = ("delivery.state", Text, max: None, fixed: false, html: false,
        at: [delivery.state], via: Text),
    /// `delivery.country`: ISO 3166-1 alpha-2.
    DeliveryCountry = ("delivery.country", Country, max: None, fixed: false, html: false,
        at: [delivery.country], via: Text),
    /// `delivery.phone`.
    DeliveryPhone = ("delivery.phone", Phone, max: Some(25), fixed: false, html: false,
        at: [delivery.phone], via: Text),
    /// `delivery.email` (Klarna requires it).
    DeliveryEmail = ("delivery.email", Email, max: Some(64), fixed: false, html: false,
        at: [delivery.email], via: Text),
    /// `shopping_cart`: the items, with the `checkout_options.tax_tables` they imply.
    ShoppingCart = ("shopping_cart", ShoppingCart, max: None, fixed: false, html: false,
        at: [shopping_cart], via: ShoppingCart),
    /// `gateway_info`: the whole object (`components/schemas/GatewayInfo.yaml`).
    GatewayInfo = ("gateway_info", GatewayInfo, max: None, fixed: false, html: false,
        at: [gateway_info], via: GatewayInfo),
    /// `gateway_info.issuer_id`: the bank of an iDEAL `direct` order.
    IssuerId = ("gateway_info.issuer_id", Text, max: None, fixed: false, html: false,
        at: [gateway_info.issuer_id], via: Text),
    /// `gateway_info.birthday`: BNPL, `YYYY-MM-DD`.
    InfoBirthday = ("gateway_info.birthday", Date, max: None, fixed: false, html: false,
        at: [gateway_info.birthday], via: Text),
    /// `gateway_info.gender`: BNPL, the customer's title.
    InfoGender = ("gateway_info.gender", Text, max: None, fixed: false, html: false,
        at: [gateway_info.gender], via: Text),
    /// `gateway_info.phone`: BNPL.
    InfoPhone = ("gateway_info.phone", Phone, max: Some(25), fixed: false, html: false,
        at: [gateway_info.phone], via: Text),
    /// `gateway_info.email`: BNPL, where payment instructions go.
    InfoEmail = ("gateway_info.email", Email, max: Some(64), fixed: false, html: false,
        at: [gateway_info.email], via: Text),
    /// `gateway_info.bank_account`: BNPL, the customer's account (an IBAN or an older number).
    BankAccount = ("gateway_info.bank_account", Text, max: None, fixed: false, html: false,
        at: [gateway_info.bank_account], via: Text),
    /// `gateway_info.account_id`: the IBAN of a direct debit.
    AccountId = ("gateway_info.account_id", Iban, max: None, fixed: false, html: false,
        at: [gateway_info.account_id], via: Text),
    /// `gateway_info.account_holder_name`: a direct debit's account holder.
    AccountHolderName = ("gateway_info.account_holder_name", Text, max: None, fixed: false, html: false,
        at: [gateway_info.account_holder_name], via: Text),
    /// `gateway_info.account_holder_iban`: the IBAN of a direct debit.
    AccountHolderIban = ("gateway_info.account_holder_iban", Iban, max: None, fixed: false, html: false,
        at: [gateway_info.account_holder_iban], via: Text),
    /// `gateway_info.emandate`: your identifier of a direct debit's mandate.
    Emandate = ("gateway_info.emandate", Text, max: None, fixed: false, html: false,
        at: [gateway_info.emandate], via: Text),
    /// `gateway_info.payment_token`: an Apple Pay or Google Pay `direct` order's token.
    PaymentToken = ("gateway_info.payment_token", Text, max: None, fixed: false, html: true,
        at: [gateway_info.payment_token], via: Text),
    /// `gateway_info.min_amount`: iDEAL QR, the least the customer may pay.
    MinAmount = ("gateway_info.min_amount", Amount, max: None, fixed: false, html: false,
        at: [gateway_info.min_amount], via: Amount),
    /// `gateway_info.max_amount`: iDEAL QR, the most the customer may pay.
    MaxAmount = ("gateway_info.max_amount", Amount, max: None, fixed: false, html: false,
        at: [gateway_info.max_amount], via: Amount),
    /// `var1`: free merchant data.
    Var1 = ("var1", Text, max: Some(500), fixed: false, html: true,
        at: [var1], via: Text),
    /// `var2`: free merchant data.
    Var2 = ("var2", Text, max: Some(500), fixed: false, html: true,
        at: [var2], via: Text),
    /// `var3`: free merchant data.
    Var3 = ("var3", Text, max: Some(500), fixed: false, html: true,
        at: [var3], via: Text),
    /// `days_active`: days the payment link stays valid (1 to 365; 30 by default).
    DaysActive = ("days_active", Count, max: Some(365), fixed: false, html: false,
        at: [days_active], via: Count),
    /// `seconds_active`: seconds the payment link stays valid (1 to a year); wins over
    /// `days_active`.
    SecondsActive = ("seconds_active", Count, max: Some(31_536_000), fixed: false, html: false,
        at: [seconds_active], via: Count),
}

impl Field {
    /// The last segment of the path (`redirect_url`), the name a struct field uses to supply it.
    pub fn leaf(self) -> &'static str {
        let path = self.path();
        path.rsplit('.').next().unwrap_or(path)
    }

    /// Finds a field by path (`customer.ip_address`, `delivery.country`) or by leaf name
    /// (`ip_address`).
    ///
    /// Leaf names are those of the top-level fields and the customer's ([`Field::by_leaf`]):
    /// a name that is also a leaf of `delivery` or `gateway_info` (`email`, `country`, `phone`,
    /// `birthday`) means the customer's, as it did before those objects had fields here; theirs
    /// are named by path.
    pub fn lookup(name: &str) -> Option<Field> {
        Field::all()
            .iter()
            .copied()
            .find(|f| f.path() == name)
            .or_else(|| {
                Field::all()
                    .iter()
                    .copied()
                    .find(|f| f.by_leaf() && f.leaf() == name)
            })
    }

    /// Whether a struct field supplies this field by its leaf name alone (`ip_address`): the
    /// top-level fields and the customer's. The fields of `delivery` and `gateway_info` are
    /// supplied by path (`#[msp_order(delivery.country)]`).
    pub fn by_leaf(self) -> bool {
        // Read by the derive for every struct field: one pass over the object rows.
        match self.path().split_once('.') {
            None => true,
            Some((object, _)) => {
                object == Field::Customer.path()
                    || !Field::all()
                        .iter()
                        .any(|f| f.is_object() && f.path() == object)
            }
        }
    }

    /// Whether the field sits inside `customer`.
    pub fn in_customer(self) -> bool {
        self.path().starts_with("customer.")
    }

    /// Whether the field is a whole object whose fields are rows of their own (`customer`,
    /// `delivery`, `gateway_info`): supplying it supplies them.
    pub const fn is_object(self) -> bool {
        matches!(
            self.kind(),
            Kind::Customer | Kind::Delivery | Kind::GatewayInfo
        )
    }

    /// The whole object the field sits in (`customer`, `delivery`, `gateway_info`, ...), for a
    /// field inside one.
    pub fn object(self) -> Option<Field> {
        let (object, _) = self.path().split_once('.')?;
        Field::all().iter().copied().find(|f| f.path() == object)
    }

    /// The fields inside this whole object (none for a field that is not one), in the table's
    /// order.
    pub fn members(self) -> impl Iterator<Item = Field> {
        let bits = self.member_bits();
        Field::all()
            .iter()
            .copied()
            .filter(move |f| bits & f.bit() != 0)
    }

    /// The field's bit in a set of fields held as a `u128` (its position in [`Field::all`]):
    /// the derive passes the fields it checks at run time as one number rather than a list.
    #[doc(hidden)]
    pub const fn bit(self) -> u128 {
        1 << self as u32
    }
}

impl Field {
    /// The bits of the whole objects ([`Field::is_object`]), for the validator.
    #[cfg(feature = "serde")]
    pub(crate) const OBJECTS: u128 = {
        let all = Field::all();
        let (mut bits, mut i) = (0, 0);
        while i < all.len() {
            if all[i].is_object() {
                bits |= all[i].bit();
            }
            i += 1;
        }
        bits
    };

    /// The bits of the fields inside this whole object ([`Field::members`] as a set); 0 for a
    /// field that is not one.
    pub(crate) const fn member_bits(self) -> u128 {
        MEMBER_BITS[self as usize]
    }
}

/// [`Field::member_bits`] of every field, by its position: worked out at compile time from the
/// paths (a member's path is its object's, a dot, and more).
const MEMBER_BITS: [u128; Field::all().len()] = {
    /// Whether `path` is `object.` followed by more.
    const fn inside(object: &[u8], path: &[u8]) -> bool {
        if path.len() <= object.len() + 1 || path[object.len()] != b'.' {
            return false;
        }
        let mut i = 0;
        while i < object.len() {
            if object[i] != path[i] {
                return false;
            }
            i += 1;
        }
        true
    }
    let all = Field::all();
    let mut table = [0u128; Field::all().len()];
    let mut i = 0;
    while i < all.len() {
        if all[i].is_object() {
            let mut j = 0;
            while j < all.len() {
                if inside(all[i].path().as_bytes(), all[j].path().as_bytes()) {
                    table[i] |= all[j].bit();
                }
                j += 1;
            }
        }
        i += 1;
    }
    table
};

// Every field has a bit of a `u128`.
const _: () = assert!(Field::all().len() <= 128);

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.path())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Among the fields supplied by leaf name, each leaf names one field; a leaf shared with a
    /// field of `delivery` or `gateway_info` resolves to the customer's.
    #[test]
    fn a_shared_leaf_resolves_to_the_customer() {
        for a in Field::all().iter().filter(|f| f.by_leaf()) {
            let twins = Field::all()
                .iter()
                .filter(|b| b.by_leaf() && b.leaf() == a.leaf())
                .count();
            assert_eq!(twins, 1, "{a} shares its leaf name");
            assert_eq!(Field::lookup(a.leaf()), Some(*a));
        }
        for leaf in [
            "email",
            "country",
            "phone",
            "first_name",
            "birthday",
            "gender",
        ] {
            let shared = Field::all().iter().filter(|f| f.leaf() == leaf).count();
            assert!(shared >= 2, "{leaf}");
            assert_eq!(
                Field::lookup(leaf).map(Field::object),
                Some(Some(Field::Customer)),
                "{leaf}"
            );
        }
        assert_eq!(
            Field::lookup("delivery.country"),
            Some(Field::DeliveryCountry)
        );
        assert_eq!(
            Field::lookup("gateway_info.birthday"),
            Some(Field::InfoBirthday)
        );
        // A leaf of `gateway_info` alone is not a name: `account_id` stays the merchant's own.
        assert_eq!(Field::lookup("account_id"), None);
        assert_eq!(Field::lookup("days_active"), Some(Field::DaysActive));
    }

    #[test]
    fn objects_and_their_members() {
        assert_eq!(Field::DeliveryCountry.object(), Some(Field::Delivery));
        assert_eq!(Field::Email.object(), Some(Field::Customer));
        assert_eq!(Field::Amount.object(), None);
        assert!(Field::Customer.members().all(Field::in_customer));
        assert_eq!(Field::Delivery.members().count(), 11);
        assert!(Field::GatewayInfo.members().any(|f| f == Field::AccountId));
        assert_eq!(Field::ShoppingCart.members().count(), 0);
        for field in Field::all() {
            assert_eq!(
                field.is_object(),
                field.members().next().is_some(),
                "{field}"
            );
            assert_eq!(
                field.by_leaf(),
                field.object().is_none_or(|o| o == Field::Customer)
            );
            for member in field.members() {
                assert_eq!(member.object(), Some(*field));
            }
        }
    }

    #[test]
    fn the_object_bits_are_the_objects() {
        let objects = Field::all()
            .iter()
            .filter(|f| f.is_object())
            .fold(0, |bits, f| bits | f.bit());
        assert_eq!(Field::OBJECTS, objects);
        for field in Field::all() {
            let members = field.members().fold(0, |bits, f| bits | f.bit());
            assert_eq!(field.member_bits(), members, "{field}");
        }
        assert_eq!(Field::OBJECTS.count_ones(), 3);
    }

    #[test]
    fn bits_follow_the_documented_order() {
        for (i, field) in Field::all().iter().enumerate() {
            assert_eq!(field.bit(), 1u128 << i, "{field}");
        }
    }

    /// The derive passes `OrderRequest::new`'s arguments in the table's order of its `[new ..]`
    /// rows: each lands at its row's path.
    #[cfg(feature = "serde")]
    #[test]
    fn arguments_follow_the_table_order() {
        use crate::{Currency, Flow, Gateway, OrderRequest};
        let request = OrderRequest::new(
            Flow::Direct,
            Gateway::AMEX,
            "o-7",
            Currency::GBP,
            42u64,
            "d",
        );
        let json = serde_json::to_value(&request).unwrap();
        let arguments: Vec<_> = Field::all()
            .iter()
            .filter(|f| f.is_argument())
            .map(|f| json[f.path()].clone())
            .collect();
        assert_eq!(
            arguments,
            [
                serde_json::json!("direct"),
                "AMEX".into(),
                "o-7".into(),
                "GBP".into(),
                42.into(),
                "d".into()
            ]
        );
    }

    #[cfg(feature = "serde")]
    #[test]
    fn every_field_reads_from_its_member() {
        use crate::OrderRequest;
        let mut request: OrderRequest = serde_json::from_value(serde_json::json!({
            "order_id": "o", "currency": "EUR", "amount": 5, "description": "d"
        }))
        .unwrap();
        // Without `gateway`, `payment_options` and `customer`, only the arguments are there.
        for &field in Field::all() {
            let present = field.read(&request).is_some();
            let expected = field.is_argument() && field != Field::Gateway;
            assert_eq!(present, expected, "{field}");
        }
        request.payment_options_mut().close_window = Some(true);
        request.customer = Some(crate::OrderCustomer::default());
        assert!(Field::CloseWindow.read(&request).is_some());
        assert!(Field::Customer.read(&request).is_some());
        assert!(Field::Email.read(&request).is_none());
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
