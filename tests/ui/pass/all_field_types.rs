// Every accepted field type, required and optional.
use msp::{Amount, Currency, MspOrder};
use std::borrow::Cow;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

#[derive(MspOrder)]
#[msp_order(gateway = "VISA", flow = "redirect", locale = "en_GB")]
struct Everything<'a> {
    order_id: &'a str,
    currency: Currency,
    amount: Amount,
    description: Cow<'a, str>,
    notification_url: msp::url::Url,
    redirect_url: &'a str,
    cancel_url: Cow<'a, str>,
    close_window: bool,
    ip_address: Ipv4Addr,
    forwarded_ip: Option<Ipv6Addr>,
    email: Option<&'a str>,
    first_name: Option<Cow<'a, str>>,
    last_name: String,
    country: Option<String>,
    var1: Option<String>,
}

#[derive(MspOrder)]
#[msp_order(gateway = "IDEAL", flow = "direct", notification_url = "https://shop.example/n")]
struct IntegerIds {
    order_id: u32,
    currency: Currency,
    amount: u32,
    description: String,
    ip_address: Option<IpAddr>,
    redirect_url: Option<msp::url::Url>,
}

macro_rules! id_types {
    ($($name:ident: $ty:ty = $value:expr),*) => {$(
        #[derive(MspOrder)]
        #[msp_order(gateway = "IDEAL", flow = "direct", currency = "EUR", description = "x",
                    notification_url = "https://shop.example/n")]
        struct $name { order_id: $ty, amount: u64 }

        assert!($name { order_id: $value, amount: 1 }.to_request().is_ok());
    )*};
}

fn main() {
    let order = Everything {
        order_id: "a-1",
        currency: Currency::GBP,
        amount: Amount::new(500),
        description: Cow::Borrowed("Socks"),
        notification_url: "https://shop.example/notify".parse().unwrap(),
        redirect_url: "https://shop.example/thanks",
        cancel_url: Cow::Owned("https://shop.example/cancel".into()),
        close_window: false,
        ip_address: Ipv4Addr::LOCALHOST,
        forwarded_ip: Some(Ipv6Addr::LOCALHOST),
        email: Some("a@shop.example"),
        first_name: None,
        last_name: "Jansen".into(),
        country: Some("NL".into()),
        var1: None,
    };
    let request = order.to_request().unwrap();
    assert_eq!(request.customer.unwrap().forwarded_ip.as_deref(), Some("::1"));
    let ids = IntegerIds {
        order_id: 42,
        currency: Currency::EUR,
        amount: 100,
        description: "x".into(),
        ip_address: None,
        redirect_url: None,
    };
    assert!(ids.to_request().is_ok());
    id_types!(A: u8 = 1, B: u16 = 2, C: u64 = 3, D: usize = 4, E: i8 = 5, F: i16 = 6,
              G: i32 = 7, H: i64 = 8, I: isize = 9, J: String = "j".into(),
              K: Cow<'static, str> = Cow::Borrowed("k"));
}
