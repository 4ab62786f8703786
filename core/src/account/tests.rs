use super::*;

const SAMPLE: &str = r#"{
  "format": 1,
  "taken_at": "2026-11-29T05:30:00Z",
  "environment": "test",
  "gateways": {
    "AMEX": {
      "flows": ["redirect", "paymentlink"],
      "currencies": ["EUR", "GBP", "USD"],
      "allowed_amount": {"min": 0, "max": null},
      "shopping_cart_required": false,
      "required_customer_data": []
    },
    "IDEAL": {
      "flows": ["redirect", "direct", "paymentlink"],
      "currencies": ["EUR"],
      "allowed_amount": {"min": 100, "max": 5000000},
      "shopping_cart_required": false,
      "required_customer_data": []
    }
  }
}
"#;

#[test]
fn reads_and_writes_the_same_bytes() {
    let account = Account::parse(SAMPLE).unwrap();
    assert_eq!(account.taken_at, "2026-11-29T05:30:00Z");
    assert_eq!(account.methods.len(), 2);
    let ideal = account.method(Gateway::IDEAL).unwrap();
    assert_eq!((ideal.min_amount, ideal.max_amount), (100, Some(5_000_000)));
    assert_eq!(account.to_json(), SAMPLE);
    assert_eq!(Account::parse(&account.to_json()).unwrap(), account);
}

#[test]
fn sorts_whatever_order_it_is_given() {
    let mut amex = AccountMethod::new(Gateway::AMEX);
    amex.currencies = vec![Currency::USD, Currency::EUR, Currency::GBP, Currency::EUR];
    amex.flows = vec![Flow::PaymentLink, Flow::Redirect];
    let mut ideal = AccountMethod::new(Gateway::IDEAL);
    ideal.currencies = vec![Currency::EUR];
    ideal.min_amount = 100;
    ideal.max_amount = Some(5_000_000);
    let account = Account::new("2026-11-29T05:30:00Z", "test", [ideal, amex]);
    assert_eq!(account.to_json(), SAMPLE);
    let empty = Account::new("t", "live", []);
    assert_eq!(Account::parse(&empty.to_json()).unwrap(), empty);
}

#[test]
fn checks_name_the_account_and_the_limit() {
    let account = Account::parse(SAMPLE).unwrap();
    let not_offered = account.check_gateway(Gateway::VISA).unwrap_err();
    assert_eq!(
        not_offered,
        "the account does not offer VISA; its gateways: AMEX, IDEAL"
    );
    assert!(account
        .check_currency(Gateway::AMEX, Currency::CHF)
        .unwrap_err()
        .contains("does not accept CHF for AMEX; it accepts: EUR, GBP, USD"));
    assert!(account.check_currency(Gateway::AMEX, Currency::GBP).is_ok());
    assert!(account
        .check_flow(Gateway::AMEX, Flow::Direct)
        .unwrap_err()
        .contains("\"redirect\", \"paymentlink\""));
    assert_eq!(
        account.check_amount(Gateway::IDEAL, 5_000_001).unwrap_err(),
        "5000001 is above the account's maximum for IDEAL: 5000000 minor units"
    );
    assert!(account
        .check_amount(Gateway::IDEAL, 99)
        .unwrap_err()
        .contains("minimum for IDEAL: 100"));
    assert!(account.check_amount(Gateway::IDEAL, 5_000_000).is_ok());
    assert!(account.check_amount(Gateway::AMEX, u64::MAX).is_ok());
}

#[test]
fn an_empty_currency_list_is_the_catalogue() {
    let account = Account::new("t", "test", [AccountMethod::new(Gateway::AMEX)]);
    assert!(account.check_currency(Gateway::AMEX, Currency::CHF).is_ok());
    assert!(account
        .check_currency(Gateway::AMEX, Currency::JPY)
        .is_err());
    // The refusal names the catalogue's currencies, not an empty list of the account's.
    let refused = account
        .check_currency(Gateway::AMEX, Currency::JPY)
        .unwrap_err();
    assert!(refused.ends_with("CHF, EUR, GBP, USD"), "{refused}");
}

#[test]
fn mistakes_are_named_by_their_path() {
    let cases = [
        (SAMPLE.replace("\"EUR\", \"GBP\"", "\"EUR\", \"GPB\""), "at `gateways.AMEX.currencies[1]`: `GPB` is not an ISO 4217 currency code"),
        (SAMPLE.replace("\"AMEX\"", "\"AMX\""), "at `gateways.AMX`: gateway `AMX` does not exist; did you mean `AMEX`?"),
        (SAMPLE.replace("\"min\": 100", "\"min\": -1"), "at `gateways.IDEAL.allowed_amount.min`: expected a whole number of minor units, 0 or more, found the number -1"),
        (SAMPLE.replace("\"min\": 100", "\"min\": \"100\""), "at `gateways.IDEAL.allowed_amount.min`: expected a whole number, found the string \"100\""),
        (SAMPLE.replace("5000000", "50"), "at `gateways.IDEAL.allowed_amount`: `max` is below `min`"),
        (SAMPLE.replace("\"currencies\": [\"EUR\"]", "\"currency\": [\"EUR\"]"), "at `gateways.IDEAL.currency`: unknown key; did you mean `currencies`?"),
        (SAMPLE.replace("\"redirect\", \"paymentlink\"", "\"redirect\", \"direct\""), "at `gateways.AMEX.flows[1]`: AMEX does not support flow \"direct\""),
        (SAMPLE.replace("\"format\": 1", "\"format\": 2"), "at `format`: format 2 is not one this version reads"),
        (SAMPLE.replace("  \"environment\": \"test\",\n", ""), "at ``: the file lacks the key `environment`"),
        (SAMPLE.replace("\"shopping_cart_required\": false", "\"shopping_cart_required\": 0"), "expected `true` or `false`, found the number 0"),
        ("[]".to_owned(), "expected an object (the account file), found a list"),
        (SAMPLE.replace("},\n    \"IDEAL\"", "}\n    \"IDEAL\""), "not valid JSON at line 13, column 5: expected `,` or `}`, found `\"`"),
    ];
    for (text, said) in cases {
        let error = Account::parse(&text).unwrap_err().to_string();
        assert!(
            error.contains(said.trim_start_matches("at ``: ")),
            "{error}\n  expected: {said}"
        );
    }
    let io = Account::load("/nonexistent/msp-account.json").unwrap_err();
    assert!(matches!(io, AccountError::Io { .. }));
    assert!(io
        .to_string()
        .starts_with("cannot read /nonexistent/msp-account.json"));
}

#[cfg(feature = "serde")]
#[test]
fn from_the_documented_payment_methods_answer() {
    let text = include_str!("../../tests/fixtures/listPaymentMethods.json");
    let mut answer: serde_json::Value = serde_json::from_str(text).unwrap();
    let mut methods: Vec<crate::PaymentMethod> =
        serde_json::from_value(answer["data"].take()).unwrap();
    let mut unknown = methods[0].clone();
    unknown.id = "NEWTHING".into();
    methods.push(unknown);
    let (account, notes) = Account::from_methods(&methods, "2026-11-29T05:30:00Z", "test");
    let visa = account.method(Gateway::VISA).unwrap();
    assert_eq!(visa.flows, Gateway::VISA.spec().flows);
    assert!(visa.currencies.contains(&Currency::EUR));
    assert!(visa
        .currencies
        .windows(2)
        .all(|w| w[0].code() < w[1].code()));
    assert_eq!(account.methods.len(), 1);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].contains("NEWTHING"));
    assert_eq!(Account::parse(&account.to_json()).unwrap(), account);

    // A maximum below the minimum would make a file no build can read: left out, with a note.
    let mut crossed = methods[0].clone();
    crossed.allowed_amount.min = 500;
    crossed.allowed_amount.max = Some(100);
    let (account, notes) = Account::from_methods(&[crossed], "2026-11-29T05:30:00Z", "test");
    let method = &account.methods[0];
    assert_eq!((method.min_amount, method.max_amount), (500, None));
    assert!(
        notes.iter().any(|n| n.contains("below the minimum")),
        "{notes:?}"
    );
    assert_eq!(Account::parse(&account.to_json()).unwrap(), account);
}

#[cfg(feature = "serde")]
#[test]
fn orders_are_checked_at_their_fields() {
    use crate::{Amount, Field, OrderRequest};
    let account = Account::parse(SAMPLE).unwrap();
    let order = |gateway: Option<Gateway>, currency, amount| {
        let mut order = OrderRequest::new(
            Flow::Redirect,
            gateway.unwrap_or(Gateway::IDEAL),
            "o-1",
            currency,
            Amount::new(amount),
            "d",
        );
        order.gateway = gateway;
        order
    };
    let errors = account
        .check_order(&order(Some(Gateway::IDEAL), Currency::EUR, 6_000_000))
        .unwrap_err();
    assert!(errors.has(Field::Amount) && errors.len() == 1);
    assert!(errors.to_string().contains("maximum for IDEAL: 5000000"));
    assert!(account
        .check_order(&order(Some(Gateway::VISA), Currency::EUR, 1))
        .unwrap_err()
        .has(Field::Gateway));
    assert!(account.check_order(&order(None, Currency::JPY, 1)).is_ok());
    assert!(account
        .check_order(&order(Some(Gateway::IDEAL), Currency::EUR, 5_000_000))
        .is_ok());
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any text, and any damage to a valid file, is an error or an account, never a panic
        /// (the derive reads the file at compile time).
        #[test]
        fn on_any_text(text in "\\PC{0,200}") {
            let _ = Account::parse(&text);
        }

        #[test]
        fn on_a_damaged_file(cut in 0..SAMPLE.len(), insert in "[\\[\\]{}\",:0-9a-z\\\\ -]{0,4}") {
            let mut text = SAMPLE.as_bytes()[..cut].to_vec();
            text.extend_from_slice(insert.as_bytes());
            text.extend_from_slice(&SAMPLE.as_bytes()[cut..]);
            if let Ok(text) = String::from_utf8(text) {
                let _ = Account::parse(&text);
            }
        }
    }
}
