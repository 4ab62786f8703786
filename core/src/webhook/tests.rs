//! Tests of the webhook module. The signed vectors were computed with Python's `hmac`, not with
//! the code under test.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use super::*;
use crate::OrderStatus;

const KEY: &str = "test-api-key-0123456789";
const TS: u64 = 1_700_000_000;

/// A compact body with a numeric `transaction_id`.
const BODY_1: &[u8] = br#"{"order_id":"order-1001","transaction_id":4680345,"status":"completed","financial_status":"completed","amount":2500,"currency":"EUR"}"#;
/// python3 -c 'import hmac,hashlib,base64; k=b"test-api-key-0123456789"; t=b"1700000000"; b=b"{\"order_id\":\"order-1001\",\"transaction_id\":4680345,\"status\":\"completed\",\"financial_status\":\"completed\",\"amount\":2500,\"currency\":\"EUR\"}"; print(base64.b64encode(t+b":"+hmac.new(k,t+b":"+b,hashlib.sha512).hexdigest().encode()).decode())'
const AUTH_1: &str = "MTcwMDAwMDAwMDo2MTQ0MWVmYzY0YmEzZjFkYjc4NGFlYWVkOTM4Y2QyYjBjYTllNWU4MTAxODIzMTlhNjRjMjQ3YjI3OGE4N2I5MDEyNTk1ZGU1OTQxNjVjZDZlZjFhMjQxOTI0MzNiNGJhMmIyNzRmNmM5ZDNjZDY1MzIxNTAxZWI2MWUxYmQxYQ==";

/// A pretty-printed body with non-ASCII text, a string `transaction_id` and a string `amount`.
const BODY_2: &str = "{\n  \"order_id\": \"order-1002\",\n  \"transaction_id\": \"123456789\",\n  \"status\": \"partial_refunded\",\n  \"amount\": \"1000\",\n  \"currency\": \"EUR\",\n  \"description\": \"Caf\u{e9} cr\u{e8}me\"\n}";
/// python3 -c 'import hmac,hashlib,base64; k=b"test-api-key-0123456789"; t=b"1700000000"; b="{\n  \"order_id\": \"order-1002\",\n  \"transaction_id\": \"123456789\",\n  \"status\": \"partial_refunded\",\n  \"amount\": \"1000\",\n  \"currency\": \"EUR\",\n  \"description\": \"Caf\u00e9 cr\u00e8me\"\n}".encode(); print(base64.b64encode(t+b":"+hmac.new(k,t+b":"+b,hashlib.sha512).hexdigest().encode()).decode())'
const AUTH_2: &str = "MTcwMDAwMDAwMDo5OGIwODAxNjJkOGNlMGIxZGU0NzMwNDA4NTc0MGQwMzViOTM1MGRjODYxMDk4ZDk5MDAwZTQ3YWZlZDkyNDgzMTQxMzAzNjIwMjA1Y2E2ODk5ZTkzNTY1ZjA4MDZhZjg4MmU4MGMxOGY4MjdkZDQyNzYyYjZiYmYwMzI2NjVlMQ==";

/// The example of MultiSafepay's "Validate HMAC signatures" docs page (key, timestamp
/// 1641218884, signature and body as printed there, including the stray space after
/// `"order_id":"my-order-id",`). The `Auth` value is the page's "Before" example.
const DOCS_KEY: &str = "8HHhGgRWrA3O7NswjmgwyH7buPPCGnR5AkwAQyqI";
const DOCS_BODY: &str = r#"{"amount":1000,"amount_refunded":0,"costs":[{"amount":0.49,"description":"0.49 For iDEAL Transactions","transaction_id":"123456789","type":"SYSTEM"}],"created":"2022-01-03T15:08:02","currency":"EUR","custom_info":{"custom_1":null,"custom_2":null,"custom_3":null},"customer":{"address1":null,"address2":null,"city":null,"country":null,"country_name":null,"email":"","first_name":null,"house_number":null,"last_name":null,"locale":"en_US","phone1":null,"phone2":"","state":null,"zip_code":null},"description":"product description","fastcheckout":"NO","financial_status":"initialized","items":null,"modified":"2022-01-03T15:08:02","order_id":"my-order-id", "payment_details":{"account_holder_name":null,"account_iban":"https://example.com","account_id":null,"external_transaction_id":"123456789","issuer_id":"3151","recurring_flow":null,"recurring_id":null,"recurring_model":null,"type":"IDEAL"},"payment_methods":[{"amount":1000,"currency":"EUR","description":"product description","external_transaction_id":"123456789","payment_description":"iDEAL","status":"initialized","type":"IDEAL"}],"reason":"","reason_code":"","related_transactions":null,"status":"initialized","transaction_id":"123456789","var1":null,"var2":null,"var3":null}"#;
const DOCS_AUTH: &str = "MTY0MTIxODg4NDowNmNiZjIyNmU3Yzg3M2VmZjk2OTIxZDdmZGUzOTk4ZWI2YmUwZGU3OTE1ZWUxYzFiNTE0OTUxMWZjYTgyZTI2YmIwYWIyZTZkMGUwYWQ5OTdjYmFiMTUxZTRiYTU2MTU0MThkOGUxMjUyODMwMTcyNjE0M2VkMTE0NjI4N2Y5Mw==";

/// A clock stopped at `secs` after the Unix epoch.
fn at(secs: u64) -> impl Fn() -> SystemTime + Send + Sync + 'static {
    move || UNIX_EPOCH + Duration::from_secs(secs)
}

fn verifier_at(secs: u64) -> Verifier {
    Verifier::new(KEY).clock(at(secs))
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// An `Auth` header whose decoded text is `text`.
fn header_of(text: &[u8]) -> String {
    STANDARD.encode(text)
}

const VALID_HEX: &str = "61441efc64ba3f1db784aeaed938cd2b0ca9e5e810182319a64c247b278a87b9012595de594165cd6ef1a24192433b4ba2b274f6c9d3cd65321501eb61e1bd1a";

// --- signatures -------------------------------------------------------------------------

#[test]
fn python_vectors_verify() {
    assert!(verifier_at(TS).verify(BODY_1, AUTH_1).is_ok());
    assert!(verifier_at(TS).verify(BODY_2.as_bytes(), AUTH_2).is_ok());
}

#[test]
fn docs_vector_verifies() {
    assert_eq!(DOCS_BODY.len(), 1233);
    let verifier = Verifier::new(DOCS_KEY).tolerance(Duration::ZERO);
    assert!(verifier.verify(DOCS_BODY.as_bytes(), DOCS_AUTH).is_ok());
    // The stray space is part of what was signed.
    let without_space = DOCS_BODY.replacen("\"my-order-id\", ", "\"my-order-id\",", 1);
    assert!(matches!(
        verifier.verify(without_space.as_bytes(), DOCS_AUTH),
        Err(Error::SignatureMismatch)
    ));
}

#[test]
fn sign_reproduces_the_python_vectors() {
    assert_eq!(sign(BODY_1, KEY, TS), AUTH_1);
    assert_eq!(sign(BODY_2.as_bytes(), KEY, TS), AUTH_2);
    assert_eq!(
        sign(DOCS_BODY.as_bytes(), DOCS_KEY, 1_641_218_884),
        DOCS_AUTH
    );
    // The key is trimmed when signing too.
    assert_eq!(sign(BODY_1, &format!(" {KEY}\n"), TS), AUTH_1);
}

#[test]
fn verify_with_the_system_clock() {
    let now = now_secs();
    assert!(verify(BODY_1, &sign(BODY_1, KEY, now), KEY).is_ok());
    assert!(matches!(
        verify(BODY_1, AUTH_1, KEY),
        Err(Error::Stale { .. })
    ));
}

#[test]
fn tampered_body_is_a_mismatch() {
    let tampered = String::from_utf8(BODY_1.to_vec())
        .unwrap()
        .replace("2500", "2600");
    assert!(matches!(
        verifier_at(TS).verify(tampered.as_bytes(), AUTH_1),
        Err(Error::SignatureMismatch)
    ));
    let mut extra_newline = BODY_1.to_vec();
    extra_newline.push(b'\n');
    assert!(matches!(
        verifier_at(TS).verify(&extra_newline, AUTH_1),
        Err(Error::SignatureMismatch)
    ));
}

#[test]
fn reserialised_body_is_a_mismatch() {
    let value: serde_json::Value = serde_json::from_str(BODY_2).unwrap();
    let compact = serde_json::to_vec(&value).unwrap();
    assert!(matches!(
        verifier_at(TS).verify(&compact, AUTH_2),
        Err(Error::SignatureMismatch)
    ));
}

#[test]
fn wrong_key_is_a_mismatch() {
    let verifier = Verifier::new("a-fake-API-key").clock(at(TS));
    assert!(matches!(
        verifier.verify(BODY_1, AUTH_1),
        Err(Error::SignatureMismatch)
    ));
}

#[test]
fn key_with_surrounding_whitespace_is_accepted() {
    for key in [format!(" {KEY}"), format!("{KEY} "), format!("\t{KEY}\r\n")] {
        let verifier = Verifier::new(&key).clock(at(TS));
        assert!(verifier.verify(BODY_1, AUTH_1).is_ok(), "{key:?}");
    }
}

#[test]
fn empty_key_is_refused() {
    for key in ["", "   "] {
        assert!(matches!(
            Verifier::new(key).clock(at(TS)).verify(BODY_1, AUTH_1),
            Err(Error::EmptyApiKey)
        ));
    }
    // Even for a header that an empty key would have produced.
    let forged = sign(BODY_1, "", TS);
    assert!(matches!(
        verify(BODY_1, &forged, ""),
        Err(Error::EmptyApiKey)
    ));
}

#[test]
fn header_with_surrounding_whitespace_and_uppercase_hex_is_accepted() {
    assert!(verifier_at(TS)
        .verify(BODY_1, &format!(" {AUTH_1}\r\n"))
        .is_ok());
    let upper = header_of(format!("{TS}:{}", VALID_HEX.to_uppercase()).as_bytes());
    assert!(verifier_at(TS).verify(BODY_1, &upper).is_ok());
}

// --- freshness ----------------------------------------------------------------------------

#[test]
fn stale_timestamp_is_refused() {
    assert!(verifier_at(TS + 600).verify(BODY_1, AUTH_1).is_ok());
    match verifier_at(TS + 601).verify(BODY_1, AUTH_1) {
        Err(Error::Stale { age, tolerance }) => {
            assert_eq!(age, Duration::from_secs(601));
            assert_eq!(tolerance, DEFAULT_TOLERANCE);
        }
        other => panic!("expected Stale, got {other:?}"),
    }
    // Sub-second parts of the clock do not count.
    let verifier =
        Verifier::new(KEY).clock(|| UNIX_EPOCH + Duration::from_millis(TS * 1000 + 600_999));
    assert!(verifier.verify(BODY_1, AUTH_1).is_ok());
}

#[test]
fn future_timestamp_is_refused() {
    assert!(verifier_at(TS - 600).verify(BODY_1, AUTH_1).is_ok());
    match verifier_at(TS - 601).verify(BODY_1, AUTH_1) {
        Err(Error::Future { ahead, tolerance }) => {
            assert_eq!(ahead, Duration::from_secs(601));
            assert_eq!(tolerance, DEFAULT_TOLERANCE);
        }
        other => panic!("expected Future, got {other:?}"),
    }
    // A clock before 1970 sees every timestamp in the future.
    let verifier = Verifier::new(KEY).clock(|| UNIX_EPOCH - Duration::from_secs(1));
    assert!(matches!(
        verifier.verify(BODY_1, AUTH_1),
        Err(Error::Future { .. })
    ));
}

#[test]
fn custom_tolerance() {
    let verifier = verifier_at(TS + 61).tolerance(Duration::from_secs(60));
    assert!(matches!(
        verifier.verify(BODY_1, AUTH_1),
        Err(Error::Stale { .. })
    ));
    assert!(verifier_at(TS + 60)
        .tolerance(Duration::from_secs(60))
        .verify(BODY_1, AUTH_1)
        .is_ok());
}

#[test]
fn zero_tolerance_disables_the_freshness_check() {
    for now in [0, TS - 10_000_000, TS + 10_000_000, u64::MAX / 2] {
        let verifier = verifier_at(now).tolerance(Duration::ZERO);
        assert!(verifier.verify(BODY_1, AUTH_1).is_ok(), "now = {now}");
    }
}

#[test]
fn freshness_is_checked_after_the_signature() {
    // An old header on a tampered body is a mismatch, not stale.
    assert!(matches!(
        verifier_at(TS + 10_000).verify(b"{}", AUTH_1),
        Err(Error::SignatureMismatch)
    ));
}

#[test]
fn huge_timestamp_is_in_the_future() {
    let auth = sign(BODY_1, KEY, u64::MAX);
    assert!(matches!(
        verifier_at(TS).verify(BODY_1, &auth),
        Err(Error::Future { .. })
    ));
}

// --- malformed headers ----------------------------------------------------------------------

#[test]
fn header_not_base64() {
    for auth in [
        "not base64!",
        "MTcwMDAwMDAwMDo=====",
        "MTcwMDAwMDAwMDo",
        "YQ=\n=",
    ] {
        assert!(
            matches!(
                verifier_at(TS).verify(BODY_1, auth),
                Err(Error::InvalidBase64)
            ),
            "{auth:?}"
        );
    }
}

#[test]
fn header_missing() {
    for auth in ["", " \t"] {
        assert!(
            matches!(
                verifier_at(TS).verify(BODY_1, auth),
                Err(Error::MissingHeader)
            ),
            "{auth:?}"
        );
    }
}

#[test]
fn header_not_utf8() {
    let auth = header_of(&[0xff, 0xfe, b':', b'a']);
    assert!(matches!(
        verifier_at(TS).verify(BODY_1, &auth),
        Err(Error::NotUtf8)
    ));
}

#[test]
fn header_without_colon() {
    let auth = header_of(format!("{TS}{VALID_HEX}").as_bytes());
    assert!(matches!(
        verifier_at(TS).verify(BODY_1, &auth),
        Err(Error::MissingColon)
    ));
}

#[test]
fn header_with_non_numeric_timestamp() {
    for ts in [
        "abc",
        "",
        "+1700000000",
        "-1",
        " 1700000000",
        "1.5",
        "99999999999999999999999",
    ] {
        let auth = header_of(format!("{ts}:{VALID_HEX}").as_bytes());
        assert!(
            matches!(
                verifier_at(TS).verify(BODY_1, &auth),
                Err(Error::InvalidTimestamp)
            ),
            "{ts:?}"
        );
    }
}

#[test]
fn header_with_malformed_signature() {
    let short = &VALID_HEX[..127];
    let long = format!("{VALID_HEX}0");
    let not_hex = format!("{}zz", &VALID_HEX[..126]);
    let extra_colon = format!("{}:a", &VALID_HEX[..126]);
    for (hex, len) in [
        (short, 127),
        (long.as_str(), 129),
        (not_hex.as_str(), 128),
        (extra_colon.as_str(), 128),
        ("", 0),
    ] {
        let auth = header_of(format!("{TS}:{hex}").as_bytes());
        match verifier_at(TS).verify(BODY_1, &auth) {
            Err(Error::MalformedSignature { len: got }) => assert_eq!(got, len, "{hex:?}"),
            other => panic!("expected MalformedSignature for {hex:?}, got {other:?}"),
        }
    }
}

// --- never the key in output ---------------------------------------------------------------

#[test]
fn debug_of_verifier_hides_the_key() {
    let verifier = Verifier::new(KEY).tolerance(Duration::from_secs(30));
    let debug = format!("{verifier:?} {verifier:#?}");
    assert!(!debug.contains(KEY), "{debug}");
    assert!(debug.contains("<redacted>"), "{debug}");
    assert!(debug.contains("30s"), "{debug}");
    assert!(format!("{:?}", Verifier::new(" ")).contains("<empty>"));
}

#[test]
fn errors_never_show_the_key_and_say_what_happened() {
    let verifier = verifier_at(TS + 10_000);
    let errors = [
        Verifier::new("").verify(BODY_1, AUTH_1).unwrap_err(),
        verifier.verify(BODY_1, "").unwrap_err(),
        verifier.verify(BODY_1, "%%%").unwrap_err(),
        verifier.verify(BODY_1, &header_of(&[0xff])).unwrap_err(),
        verifier.verify(BODY_1, &header_of(b"abc")).unwrap_err(),
        verifier.verify(BODY_1, &header_of(b"x:y")).unwrap_err(),
        verifier.verify(BODY_1, &header_of(b"1:y")).unwrap_err(),
        verifier.verify(b"{}", AUTH_1).unwrap_err(),
        verifier.verify(BODY_1, AUTH_1).unwrap_err(),
        verifier_at(0).verify(BODY_1, AUTH_1).unwrap_err(),
        verifier_at(TS)
            .verify_and_parse(b"[]", &sign(b"[]", KEY, TS))
            .unwrap_err(),
    ];
    let mut messages = Vec::new();
    for error in &errors {
        let text = format!("{error} {error:?}");
        assert!(!text.contains(KEY), "{text}");
        messages.push(error.to_string());
    }
    messages.sort();
    messages.dedup();
    assert_eq!(
        messages.len(),
        errors.len(),
        "every error has its own message"
    );
    assert!(
        errors[8].to_string().contains("10000s ago"),
        "{}",
        errors[8]
    );
    assert!(
        errors[9].to_string().contains("1700000000s ahead"),
        "{}",
        errors[9]
    );
}

#[test]
fn invalid_body_has_a_source() {
    let error = verifier_at(TS)
        .verify_and_parse(b"nope", &sign(b"nope", KEY, TS))
        .unwrap_err();
    assert!(matches!(error, Error::InvalidBody(_)));
    assert!(std::error::Error::source(&error).is_some());
    assert!(std::error::Error::source(&Error::SignatureMismatch).is_none());
}

#[test]
fn verifier_is_shareable() {
    fn assert_shareable<T: Send + Sync + Clone + 'static>() {}
    assert_shareable::<Verifier>();
    assert_shareable::<Notification>();
    fn assert_error<T: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<Error>();
}

// --- notifications ----------------------------------------------------------------------------

#[test]
fn parses_numeric_transaction_id() {
    let n = verifier_at(TS).verify_and_parse(BODY_1, AUTH_1).unwrap();
    assert_eq!(n.order_id, "order-1001");
    assert_eq!(n.transaction_id.as_deref(), Some("4680345"));
    assert_eq!(n.status, OrderStatus::Completed);
    assert_eq!(n.financial_status, Some(OrderStatus::Completed));
    assert_eq!(n.amount, 2500);
    assert_eq!(n.currency, "EUR");
    assert_eq!(n.raw_json()["transaction_id"], 4680345);
}

#[test]
fn parses_string_transaction_id_and_amount() {
    let n = verifier_at(TS)
        .verify_and_parse(BODY_2.as_bytes(), AUTH_2)
        .unwrap();
    assert_eq!(n.order_id, "order-1002");
    assert_eq!(n.transaction_id.as_deref(), Some("123456789"));
    assert_eq!(n.status, OrderStatus::PartialRefunded);
    assert_eq!(n.financial_status, None);
    assert_eq!(n.amount, 1000);
    assert_eq!(n.raw_json()["description"], "Caf\u{e9} cr\u{e8}me");
}

#[test]
fn parses_the_docs_example() {
    let n = Verifier::new(DOCS_KEY)
        .tolerance(Duration::ZERO)
        .verify_and_parse(DOCS_BODY.as_bytes(), DOCS_AUTH)
        .unwrap();
    assert_eq!(n.order_id, "my-order-id");
    assert_eq!(n.transaction_id.as_deref(), Some("123456789"));
    assert_eq!(n.status, OrderStatus::Initialized);
    assert_eq!(n.financial_status, Some(OrderStatus::Initialized));
    assert_eq!((n.amount, n.currency.as_str()), (1000, "EUR"));
    assert_eq!(n.amount_refunded, 0);
    assert_eq!(n.description.as_deref(), Some("product description"));
    assert_eq!(n.created.as_deref(), Some("2022-01-03T15:08:02"));
    assert_eq!(n.raw_json()["payment_details"]["type"], "IDEAL");
    // The notification is the order `get_order` reads, by the same decoder.
    let fetched: crate::OrderDetails = serde_json::from_str(DOCS_BODY).unwrap();
    assert_eq!(n, fetched);
}

#[test]
fn unknown_status_is_kept() {
    let body = br#"{"order_id":"o-3","status":"pending_review","financial_status":"","amount":1,"currency":"GBP","transaction_id":null}"#;
    let n = verify_and_parse(body, &sign(body, KEY, now_secs()), KEY).unwrap();
    assert_eq!(n.status, OrderStatus::Other("pending_review".into()));
    assert_eq!(n.status.as_str(), "pending_review");
    assert_eq!(n.financial_status, None);
    assert_eq!(n.transaction_id, None);
}

#[test]
fn chargeback_spellings() {
    for (text, status) in [
        ("chargedback", OrderStatus::Chargedback),
        ("chargeback", OrderStatus::Chargedback),
        ("partial_refunded", OrderStatus::PartialRefunded),
    ] {
        let body = format!(r#"{{"order_id":"o","status":"{text}","amount":1,"currency":"EUR"}}"#);
        let n = verifier_at(TS)
            .verify_and_parse(body.as_bytes(), &sign(body.as_bytes(), KEY, TS))
            .unwrap();
        assert_eq!(n.status, status, "{text}");
    }
}

#[test]
fn authentic_body_that_is_not_an_order() {
    for body in [
        &br#"{"order_id":"o","status":"completed","amount":-1,"currency":"EUR"}"#[..],
        br#"{"order_id":"o","status":"completed","amount":"12.50","currency":"EUR"}"#,
        br#"{"order_id":"o","status":"completed","amount":12.5,"currency":"EUR"}"#,
        br#"{"status":"completed","amount":1,"currency":"EUR"}"#,
        br#"{"order_id":"o","amount":1,"currency":"EUR"}"#,
        br#"{"order_id":"o","status":"completed","amount":1}"#,
        b"not json",
    ] {
        let result = verifier_at(TS).verify_and_parse(body, &sign(body, KEY, TS));
        assert!(
            matches!(result, Err(Error::InvalidBody(_))),
            "{}: {result:?}",
            String::from_utf8_lossy(body)
        );
    }
}

// --- statuses ----------------------------------------------------------------------------------

#[test]
fn order_status_round_trips() {
    let all = [
        OrderStatus::Initialized,
        OrderStatus::Completed,
        OrderStatus::Uncleared,
        OrderStatus::Declined,
        OrderStatus::Cancelled,
        OrderStatus::Void,
        OrderStatus::Expired,
        OrderStatus::Refunded,
        OrderStatus::PartialRefunded,
        OrderStatus::Reserved,
        OrderStatus::Shipped,
        OrderStatus::Chargedback,
    ];
    for status in all {
        let text = status.as_str().to_owned();
        assert_eq!(OrderStatus::from_api(&text), status);
        assert_eq!(status.to_string(), text);
        let json = serde_json::to_string(&status).unwrap();
        assert_eq!(json, format!("\"{text}\""));
        assert_eq!(serde_json::from_str::<OrderStatus>(&json).unwrap(), status);
    }
    assert_eq!(
        serde_json::from_str::<OrderStatus>("\"chargeback\"").unwrap(),
        OrderStatus::Chargedback
    );
    let other = OrderStatus::from_api("Something_New");
    assert_eq!(other, OrderStatus::Other("Something_New".into()));
    assert_eq!(serde_json::to_string(&other).unwrap(), "\"Something_New\"");
}

#[test]
fn ack_is_ok() {
    assert_eq!(ACK, "OK");
    assert_eq!(AUTH_HEADER, "Auth");
}
