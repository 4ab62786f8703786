//! Whatever comes back, the response handling (and the order decoder that notifications share)
//! returns a value or a typed error: never a panic.

use super::response::{decode_data, interpret, read_typed};
use super::CreatedOrder;
use crate::Error;
use crate::OrderDetails;
use proptest::prelude::*;
use serde_json::{json, Value};

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,40}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::hash_map(
                prop_oneof![
                    Just("success".to_owned()),
                    Just("data".to_owned()),
                    Just("error_code".to_owned()),
                    Just("error_info".to_owned()),
                    Just("order_id".to_owned()),
                    Just("payment_url".to_owned()),
                    Just("status".to_owned()),
                    Just("amount".to_owned()),
                    "[a-z_]{1,12}",
                ],
                inner,
                0..8
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A well-formed envelope, possibly cut short.
fn truncated_envelope() -> impl Strategy<Value = Vec<u8>> {
    (any_json(), any::<bool>(), any::<prop::sample::Index>()).prop_map(|(data, success, cut)| {
        let body = json!({"success": success, "data": data, "error_code": 1006, "error_info": "x"})
            .to_string()
            .into_bytes();
        let at = cut.index(body.len() + 1);
        body[..at].to_vec()
    })
}

/// The one-pass reading gives what the two steps it short-cuts give.
fn one_pass_agrees<T>(status: u16, body: &[u8])
where
    T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let two_steps = interpret(status, body).and_then(|data| decode_data::<T>(status, &data));
    assert_eq!(
        read_typed::<T>(status, body).ok(),
        two_steps.ok(),
        "{}",
        String::from_utf8_lossy(body)
    );
}

fn check(status: u16, body: &[u8]) {
    // A notification's body is read by the same decoder, without an envelope.
    let _ = serde_json::from_slice::<OrderDetails>(body);
    one_pass_agrees::<CreatedOrder>(status, body);
    one_pass_agrees::<OrderDetails>(status, body);
    match interpret(status, body) {
        Ok(data) => {
            let _ = decode_data::<CreatedOrder>(status, &data);
            let _ = decode_data::<OrderDetails>(status, &data);
        }
        Err(Error::Decode { snippet, .. }) => assert!(snippet.chars().count() <= 121),
        Err(Error::Api { error_info, .. }) => assert!(error_info.chars().count() <= 501),
        Err(Error::Unavailable { .. }) => {}
        Err(other) => panic!("unexpected error kind {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes(status in 100u16..600, body in prop::collection::vec(any::<u8>(), 0..2048)) {
        check(status, &body);
    }

    #[test]
    fn random_json(status in 100u16..600, value in any_json()) {
        check(status, value.to_string().as_bytes());
    }

    #[test]
    fn random_envelopes(status in 100u16..600, success in any_json(), data in any_json(), code in any_json(), info in any_json()) {
        let body = json!({"success": success, "data": data, "error_code": code, "error_info": info});
        check(status, body.to_string().as_bytes());
    }

    #[test]
    fn truncated_bodies(status in 100u16..600, body in truncated_envelope()) {
        check(status, &body);
    }
}

#[test]
fn a_huge_error_text_is_cut_short() {
    let info = "x".repeat(100_000);
    let body = json!({"success": false, "data": {}, "error_code": 1000, "error_info": info});
    match interpret(200, body.to_string().as_bytes()) {
        Err(Error::Api { error_info, .. }) => assert!(error_info.len() < 1000),
        other => panic!("{other:?}"),
    }
}

#[test]
fn deeply_nested_json_is_refused_not_overflowing_the_stack() {
    let body = "[".repeat(100_000);
    assert!(matches!(
        interpret(200, body.as_bytes()),
        Err(Error::Decode { .. })
    ));
}
