//! The customer and the delivery address as an [`OrderRequest`](crate::OrderRequest) carries
//! them: the fields of [`Customer`] and [`Delivery`], in the same order and with the same JSON,
//! each text a `Cow<'a, str>` that borrows from where it came from (a merchant's struct, a
//! `Customer` it holds, a literal of the derive's attribute), so that building a request
//! allocates nothing per text field.
//!
//! `Customer` and `Delivery` stay the owned values a merchant builds and keeps (public
//! `Option<String>` fields); these request parts are made from them (`From<&Customer>`, which
//! borrows every field, or `From<Customer>`, which moves them) and turned back into them
//! ([`OrderCustomer::into_owned`]). The conversions name every field without `..`, so a field
//! added to one side and not the other does not compile; the field table
//! ([`crate::Field`]) reads and writes the leaves here, and nowhere else.

use super::{Customer, Delivery};
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr};

/// `customer.ip_address` or `customer.forwarded_ip` as a request carries it: text, which is
/// what is sent and what it dereferences to (`request.customer.ip_address.as_deref()`).
///
/// Made from a typed `std::net::IpAddr` (what a derived struct's `IpAddr` field gives), it holds
/// the address's text inline, without the heap, and the validator does not check it again: the
/// type proved it. Made from text (`&str`, `String`, `Cow<str>`), it borrows or owns that text,
/// which the validator checks.
///
/// ```
/// # use msp_core as msp;
/// use msp::CustomerIp;
/// let typed = CustomerIp::from(std::net::IpAddr::from([192, 0, 2, 1]));
/// assert_eq!(&*typed, "192.0.2.1");
/// assert!(typed.is_typed());
/// let text = CustomerIp::from("2001:db8::1");
/// assert_eq!(serde_json::to_value(&text).unwrap(), "2001:db8::1");
/// assert!(!text.is_typed());
/// // Equal when their text is, however they were made.
/// assert_eq!(typed, CustomerIp::from("192.0.2.1"));
/// ```
#[derive(Clone)]
pub struct CustomerIp<'a>(Ip<'a>);

/// By the text, as it is sent: a typed address equals the same address given as text.
impl PartialEq for CustomerIp<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for CustomerIp<'_> {}

/// What a [`CustomerIp`] holds.
#[derive(Clone)]
enum Ip<'a> {
    /// The text of a typed address, inline.
    Typed(IpText),
    /// Text as given.
    Text(Cow<'a, str>),
}

impl CustomerIp<'_> {
    /// The address as text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Ip::Typed(text) => text.as_str(),
            Ip::Text(text) => text,
        }
    }

    /// Whether it was made from a typed `IpAddr` (then valid by its type).
    pub fn is_typed(&self) -> bool {
        matches!(self.0, Ip::Typed(_))
    }

    /// The same value owning its text.
    pub fn into_owned(self) -> CustomerIp<'static> {
        CustomerIp(match self.0 {
            Ip::Typed(text) => Ip::Typed(text),
            Ip::Text(text) => Ip::Text(Cow::Owned(text.into_owned())),
        })
    }
}

impl std::ops::Deref for CustomerIp<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<IpAddr> for CustomerIp<'_> {
    fn from(ip: IpAddr) -> Self {
        let mut text = IpText::default();
        match ip {
            IpAddr::V4(ip) => text.ipv4(&ip),
            IpAddr::V6(ip) => text.display(&ip),
        }
        CustomerIp(Ip::Typed(text))
    }
}

impl<'a> From<&'a str> for CustomerIp<'a> {
    fn from(text: &'a str) -> Self {
        CustomerIp(Ip::Text(Cow::Borrowed(text)))
    }
}

impl From<String> for CustomerIp<'_> {
    fn from(text: String) -> Self {
        CustomerIp(Ip::Text(Cow::Owned(text)))
    }
}

impl<'a> From<Cow<'a, str>> for CustomerIp<'a> {
    fn from(text: Cow<'a, str>) -> Self {
        CustomerIp(Ip::Text(text))
    }
}

impl fmt::Display for CustomerIp<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CustomerIp<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Serialize for CustomerIp<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The text of an IP address, inline (`ffff:...:255.255.255.255` is 45 bytes). An `ArrayString`
/// rather than bytes: reading it back as `&str` costs nothing (no UTF-8 check at each send).
#[derive(Clone, Default, PartialEq, Eq)]
struct IpText(arrayvec::ArrayString<45>);

impl IpText {
    /// `Ipv4Addr`'s `Display` form (`127.0.0.1`), without the formatting machinery, which costs
    /// more than the rest of building the request.
    fn ipv4(&mut self, ip: &Ipv4Addr) {
        for (i, octet) in ip.octets().into_iter().enumerate() {
            if i > 0 {
                self.push(b'.');
            }
            if octet >= 100 {
                self.push(b'0' + octet / 100);
            }
            if octet >= 10 {
                self.push(b'0' + octet / 10 % 10);
            }
            self.push(b'0' + octet % 10);
        }
    }

    /// Any other address by its `Display` form.
    fn display(&mut self, value: &impl fmt::Display) {
        use fmt::Write as _;
        // Every address's text fits; a longer one would be cut, not overrun.
        let _ = write!(self.0, "{value}");
    }

    fn push(&mut self, digit: u8) {
        // At most 15 bytes are pushed into 45.
        let _ = self.0.try_push(char::from(digit));
    }

    fn as_str(&self) -> &str {
        &self.0
    }
}

/// A field of a request part borrowed from the owned one's.
fn borrowed(text: &Option<String>) -> Option<Cow<'_, str>> {
    text.as_deref().map(Cow::Borrowed)
}

/// A field of a request part owned from the owned one's.
fn moved<'a>(text: Option<String>) -> Option<Cow<'a, str>> {
    text.map(Cow::Owned)
}

/// A field of an owned part from a request part's.
fn owned(text: Option<Cow<'_, str>>) -> Option<String> {
    text.map(Cow::into_owned)
}

/// `customer` as an [`OrderRequest`](crate::OrderRequest) carries it: the fields of
/// [`Customer`] in the same order, each text borrowed where it can be (see [`Customer`] for what
/// each field means). Read from JSON as a `Customer` is (blank text is absent).
///
/// ```
/// # use msp_core as msp;
/// let mut customer = msp::Customer::default();
/// customer.email = Some("buyer@shop.example".into());
/// let part = msp::OrderCustomer::from(&customer); // borrows the e-mail
/// assert_eq!(part.email.as_deref(), Some("buyer@shop.example"));
/// assert_eq!(part.into_owned(), customer);
/// ```
#[derive(Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
#[serde(from = "Customer")]
#[non_exhaustive]
pub struct OrderCustomer<'a> {
    /// Locale such as `nl_NL`: the payment page's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<Cow<'a, str>>,
    /// The customer's IP address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<CustomerIp<'a>>,
    /// The original IP behind a proxy (`X-Forwarded-For`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forwarded_ip: Option<CustomerIp<'a>>,
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<Cow<'a, str>>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<Cow<'a, str>>,
    /// Street.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address1: Option<Cow<'a, str>>,
    /// Second address line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address2: Option<Cow<'a, str>>,
    /// House number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub house_number: Option<Cow<'a, str>>,
    /// Postal code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip_code: Option<Cow<'a, str>>,
    /// City.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<Cow<'a, str>>,
    /// State or province.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<Cow<'a, str>>,
    /// ISO 3166-1 alpha-2 country code, such as `NL`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<Cow<'a, str>>,
    /// Phone number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<Cow<'a, str>>,
    /// E-mail address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<Cow<'a, str>>,
    /// The page the customer came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referrer: Option<Cow<'a, str>>,
    /// The customer's browser user agent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<Cow<'a, str>>,
    /// Gender, as the BNPL gateways spell it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<Cow<'a, str>>,
    /// Birthday, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birthday: Option<Cow<'a, str>>,
    /// The merchant's customer reference (needed for recurring payments).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<Cow<'a, str>>,
    /// Stop MultiSafepay from e-mailing the customer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disable_send_email: Option<bool>,
    /// Browser data for 3-D Secure (direct card orders), passed through as given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub browser: Option<Cow<'a, serde_json::Value>>,
}

impl<'a> From<&'a Customer> for OrderCustomer<'a> {
    /// Borrows every field.
    fn from(value: &'a Customer) -> Self {
        let Customer {
            locale,
            ip_address,
            forwarded_ip,
            first_name,
            last_name,
            address1,
            address2,
            house_number,
            zip_code,
            city,
            state,
            country,
            phone,
            email,
            referrer,
            user_agent,
            gender,
            birthday,
            reference,
            disable_send_email,
            browser,
        } = value;
        OrderCustomer {
            locale: borrowed(locale),
            ip_address: ip_address.as_deref().map(CustomerIp::from),
            forwarded_ip: forwarded_ip.as_deref().map(CustomerIp::from),
            first_name: borrowed(first_name),
            last_name: borrowed(last_name),
            address1: borrowed(address1),
            address2: borrowed(address2),
            house_number: borrowed(house_number),
            zip_code: borrowed(zip_code),
            city: borrowed(city),
            state: borrowed(state),
            country: borrowed(country),
            phone: borrowed(phone),
            email: borrowed(email),
            referrer: borrowed(referrer),
            user_agent: borrowed(user_agent),
            gender: borrowed(gender),
            birthday: borrowed(birthday),
            reference: borrowed(reference),
            disable_send_email: *disable_send_email,
            browser: browser.as_ref().map(Cow::Borrowed),
        }
    }
}

impl From<Customer> for OrderCustomer<'_> {
    /// Moves every field.
    fn from(value: Customer) -> Self {
        let Customer {
            locale,
            ip_address,
            forwarded_ip,
            first_name,
            last_name,
            address1,
            address2,
            house_number,
            zip_code,
            city,
            state,
            country,
            phone,
            email,
            referrer,
            user_agent,
            gender,
            birthday,
            reference,
            disable_send_email,
            browser,
        } = value;
        OrderCustomer {
            locale: moved(locale),
            ip_address: ip_address.map(CustomerIp::from),
            forwarded_ip: forwarded_ip.map(CustomerIp::from),
            first_name: moved(first_name),
            last_name: moved(last_name),
            address1: moved(address1),
            address2: moved(address2),
            house_number: moved(house_number),
            zip_code: moved(zip_code),
            city: moved(city),
            state: moved(state),
            country: moved(country),
            phone: moved(phone),
            email: moved(email),
            referrer: moved(referrer),
            user_agent: moved(user_agent),
            gender: moved(gender),
            birthday: moved(birthday),
            reference: moved(reference),
            disable_send_email,
            browser: browser.map(Cow::Owned),
        }
    }
}

impl OrderCustomer<'_> {
    /// The owned [`Customer`] of the same fields.
    pub fn into_owned(self) -> Customer {
        let OrderCustomer {
            locale,
            ip_address,
            forwarded_ip,
            first_name,
            last_name,
            address1,
            address2,
            house_number,
            zip_code,
            city,
            state,
            country,
            phone,
            email,
            referrer,
            user_agent,
            gender,
            birthday,
            reference,
            disable_send_email,
            browser,
        } = self;
        Customer {
            locale: owned(locale),
            ip_address: ip_address.map(|ip| ip.as_str().to_owned()),
            forwarded_ip: forwarded_ip.map(|ip| ip.as_str().to_owned()),
            first_name: owned(first_name),
            last_name: owned(last_name),
            address1: owned(address1),
            address2: owned(address2),
            house_number: owned(house_number),
            zip_code: owned(zip_code),
            city: owned(city),
            state: owned(state),
            country: owned(country),
            phone: owned(phone),
            email: owned(email),
            referrer: owned(referrer),
            user_agent: owned(user_agent),
            gender: owned(gender),
            birthday: owned(birthday),
            reference: owned(reference),
            disable_send_email,
            browser: browser.map(Cow::into_owned),
        }
    }
}

/// `delivery` as an [`OrderRequest`](crate::OrderRequest) carries it: the fields of
/// [`Delivery`] in the same order, each text borrowed where it can be. Read from JSON as a
/// `Delivery` is (blank text is absent).
///
/// ```
/// # use msp_core as msp;
/// let mut delivery = msp::Delivery::default();
/// delivery.city = Some("Amsterdam".into());
/// let part = msp::OrderDelivery::from(&delivery); // borrows the city
/// assert_eq!(part.city.as_deref(), Some("Amsterdam"));
/// assert_eq!(part.into_owned(), delivery);
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(from = "Delivery")]
#[non_exhaustive]
pub struct OrderDelivery<'a> {
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<Cow<'a, str>>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<Cow<'a, str>>,
    /// Street.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address1: Option<Cow<'a, str>>,
    /// Second address line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address2: Option<Cow<'a, str>>,
    /// House number, with any addition (`1/XI`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub house_number: Option<Cow<'a, str>>,
    /// Postal code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zip_code: Option<Cow<'a, str>>,
    /// City.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<Cow<'a, str>>,
    /// State or province.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<Cow<'a, str>>,
    /// ISO 3166-1 alpha-2 country code, such as `NL`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<Cow<'a, str>>,
    /// Phone number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<Cow<'a, str>>,
    /// E-mail address (required for Klarna orders).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<Cow<'a, str>>,
}

impl<'a> From<&'a Delivery> for OrderDelivery<'a> {
    /// Borrows every field.
    fn from(value: &'a Delivery) -> Self {
        let Delivery {
            first_name,
            last_name,
            address1,
            address2,
            house_number,
            zip_code,
            city,
            state,
            country,
            phone,
            email,
        } = value;
        OrderDelivery {
            first_name: borrowed(first_name),
            last_name: borrowed(last_name),
            address1: borrowed(address1),
            address2: borrowed(address2),
            house_number: borrowed(house_number),
            zip_code: borrowed(zip_code),
            city: borrowed(city),
            state: borrowed(state),
            country: borrowed(country),
            phone: borrowed(phone),
            email: borrowed(email),
        }
    }
}

impl From<Delivery> for OrderDelivery<'_> {
    /// Moves every field.
    fn from(value: Delivery) -> Self {
        let Delivery {
            first_name,
            last_name,
            address1,
            address2,
            house_number,
            zip_code,
            city,
            state,
            country,
            phone,
            email,
        } = value;
        OrderDelivery {
            first_name: moved(first_name),
            last_name: moved(last_name),
            address1: moved(address1),
            address2: moved(address2),
            house_number: moved(house_number),
            zip_code: moved(zip_code),
            city: moved(city),
            state: moved(state),
            country: moved(country),
            phone: moved(phone),
            email: moved(email),
        }
    }
}

impl OrderDelivery<'_> {
    /// The owned [`Delivery`] of the same fields.
    pub fn into_owned(self) -> Delivery {
        let OrderDelivery {
            first_name,
            last_name,
            address1,
            address2,
            house_number,
            zip_code,
            city,
            state,
            country,
            phone,
            email,
        } = self;
        Delivery {
            first_name: owned(first_name),
            last_name: owned(last_name),
            address1: owned(address1),
            address2: owned(address2),
            house_number: owned(house_number),
            zip_code: owned(zip_code),
            city: owned(city),
            state: owned(state),
            country: owned(country),
            phone: owned(phone),
            email: owned(email),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A customer with every field set, each to a distinct value.
    fn full_customer() -> Customer {
        serde_json::from_value(json!({
            "locale": "nl_NL", "ip_address": "10.0.0.1", "forwarded_ip": "10.0.0.2",
            "first_name": "Jan", "last_name": "Jansen", "address1": "Kraanspoor",
            "address2": "Unit 1", "house_number": "39", "zip_code": "1033 SC",
            "city": "Amsterdam", "state": "NH", "country": "NL", "phone": "+31 20 850 0500",
            "email": "jan@shop.example", "referrer": "https://shop.example/",
            "user_agent": "Agent/1.0", "gender": "mr", "birthday": "1980-01-30",
            "reference": "c-1", "disable_send_email": true, "browser": {"java_enabled": false}
        }))
        .unwrap()
    }

    #[test]
    fn a_customer_part_borrows_every_field_and_writes_the_same_json() {
        let customer = full_customer();
        let owned = serde_json::to_value(&customer).unwrap();
        assert_eq!(owned.as_object().unwrap().len(), 21, "every field is set");
        let part = OrderCustomer::from(&customer);
        assert!(matches!(part.email, Some(Cow::Borrowed(_))));
        assert!(matches!(part.browser, Some(Cow::Borrowed(_))));
        assert_eq!(serde_json::to_value(&part).unwrap(), owned);
        assert_eq!(part.clone().into_owned(), customer);
        assert_eq!(OrderCustomer::from(customer.clone()), part);
        // Read from JSON as a `Customer` is: blank text is absent, numbers are text.
        let read: OrderCustomer<'static> =
            serde_json::from_value(json!({"forwarded_ip": "", "house_number": 39})).unwrap();
        assert_eq!(read.forwarded_ip, None);
        assert_eq!(read.house_number.as_deref(), Some("39"));
    }

    #[test]
    fn a_delivery_part_borrows_every_field_and_writes_the_same_json() {
        let delivery: Delivery = serde_json::from_value(json!({
            "first_name": "Jan", "last_name": "Jansen", "address1": "Kraanspoor",
            "address2": "Unit 1", "house_number": "39", "zip_code": "1033 SC",
            "city": "Amsterdam", "state": "NH", "country": "NL", "phone": "0208500500",
            "email": "jan@shop.example"
        }))
        .unwrap();
        let owned = serde_json::to_value(&delivery).unwrap();
        assert_eq!(owned.as_object().unwrap().len(), 11, "every field is set");
        let part = OrderDelivery::from(&delivery);
        assert!(matches!(part.city, Some(Cow::Borrowed("Amsterdam"))));
        assert_eq!(serde_json::to_value(&part).unwrap(), owned);
        assert_eq!(part.into_owned(), delivery);
        let read: OrderDelivery<'static> = serde_json::from_value(json!({"state": ""})).unwrap();
        assert_eq!(read, OrderDelivery::default());
    }

    #[test]
    fn an_ip_is_written_as_its_text() {
        let v6: IpAddr = "2001:db8::ff00:42:8329".parse().unwrap();
        for ip in [IpAddr::from([0, 0, 0, 0]), IpAddr::from([255; 4]), v6] {
            let typed = CustomerIp::from(ip);
            assert_eq!(serde_json::to_value(&typed).unwrap(), ip.to_string());
            assert_eq!(typed.to_string(), ip.to_string());
            assert_eq!(&*typed, ip.to_string());
            assert!(typed.is_typed());
            assert_eq!(typed.clone().into_owned(), typed);
        }
        let text = CustomerIp::from("not checked here");
        assert_eq!(serde_json::to_value(&text).unwrap(), "not checked here");
        // Owned back into a customer as text.
        let part = OrderCustomer {
            ip_address: Some(CustomerIp::from(v6)),
            ..OrderCustomer::default()
        };
        assert_eq!(
            part.into_owned().ip_address.as_deref(),
            Some("2001:db8::ff00:42:8329")
        );
    }
}
