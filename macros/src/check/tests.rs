//! The rules on plain inputs: each finding, its wording, and that none causes another.

use super::*;
use crate::model::{Entry, FieldAttr, InputField, Value};

fn entry(key: &str, value: Value) -> Entry {
    Entry {
        key: key.into(),
        key_loc: Loc::default(),
        value,
        value_loc: Loc::default(),
    }
}

fn s(key: &str, value: &str) -> Entry {
    entry(key, Value::Str(value.into()))
}

fn field(name: &str) -> InputField {
    InputField {
        name: Some(name.into()),
        name_loc: Loc::default(),
        attr: None,
        is_option: false,
        ty_loc: Loc::default(),
    }
}

fn marked(name: &str, supplies: &str) -> InputField {
    InputField {
        attr: Some(FieldAttr::Supplies {
            name: supplies.into(),
            loc: Loc::default(),
        }),
        ..field(name)
    }
}

fn optional(name: &str) -> InputField {
    InputField {
        is_option: true,
        ..field(name)
    }
}

/// The seed page's AMEX redirect order, as a struct.
fn amex() -> Input {
    Input {
        has_attr: true,
        entries: vec![
            s("gateway", "AMEX"),
            s("flow", "redirect"),
            s("notification_url", "https://shop.example/notify"),
            s("redirect_url", "https://shop.example/thanks"),
            s("cancel_url", "https://shop.example/cancel"),
            s("locale", "nl_NL"),
        ],
        fields: vec![
            field("order_id"),
            field("currency"),
            marked("total", "amount"),
            field("description"),
            field("ip_address"),
            optional("email"),
            field("internal_note"),
        ],
        ..Input::default()
    }
}

fn errors(input: &Input) -> Vec<String> {
    match check(input, Findings::default()) {
        Ok(_) => vec![],
        Err(refused) => refused.error.into_iter().map(|e| e.to_string()).collect(),
    }
}

#[test]
fn the_seed_order_is_sound() {
    let plan = check(&amex(), Findings::default()).unwrap();
    assert_eq!((plan.gateway, plan.flow), (Gateway::AMEX, Flow::Redirect));
    let supplied: Vec<_> = plan
        .supplied
        .iter()
        .map(|s| (s.index, s.field, s.required))
        .collect();
    assert_eq!(
        supplied,
        [
            (0, Field::OrderId, true),
            (1, Field::Currency, true),
            (2, Field::Amount, true),
            (3, Field::Description, true),
            (4, Field::IpAddress, false),
            (5, Field::Email, false),
        ]
    );
    assert_eq!(plan.fixed.len(), 4);
    assert_eq!(plan.fixed[3], (Field::Locale, Fixed::Str("nl_NL".into())));
}

#[test]
fn unknown_gateway_suggests_and_still_checks_the_rest() {
    let mut input = amex();
    input.entries[0] = s("gateway", "AMX");
    input.fields.remove(0);
    assert_eq!(
        errors(&input),
        [
            "gateway `AMX` does not exist; did you mean `AMEX`?",
            "missing `order_id`, which every order requires: add a field named `order_id`, or mark one with `#[msp_order(order_id)]`",
        ]
    );
}

#[test]
fn flow_must_be_offered() {
    let mut input = amex();
    input.entries[1] = s("flow", "direct");
    assert_eq!(
        errors(&input),
        ["AMEX does not support flow \"direct\"; it supports \"redirect\" and \"paymentlink\""]
    );
    input.entries[1] = s("flow", "redirct");
    assert_eq!(
        errors(&input),
        ["flow `redirct` does not exist; did you mean `redirect`?"]
    );
}

#[test]
fn missing_gateway_flow_and_attribute() {
    let mut input = amex();
    input.entries.drain(..2);
    let found = errors(&input);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].starts_with("missing `flow`"), "{found:?}");
    assert!(found[1].starts_with("missing `gateway`"), "{found:?}");
    let input = Input {
        fields: vec![field("order_id"), field("amount")],
        ..Input::default()
    };
    let found = errors(&input);
    assert!(
        found[0].starts_with("`#[derive(MspOrder)]` needs to know"),
        "{found:?}"
    );
}

#[test]
fn unknown_and_misplaced_keys() {
    let mut input = amex();
    input.entries.push(s("gatway", "AMEX"));
    input.entries.push(s("colour", "red"));
    input.entries.push(entry("amount", Value::Other));
    input.entries.push(s("type", "redirect"));
    let found = errors(&input);
    assert_eq!(found[0], "unknown key `gatway`; did you mean `gateway`?");
    assert!(found[1].starts_with("unknown key `colour`: `#[msp_order(...)]` takes `gateway`, `flow`, `crate`, `allow(...)`, and fixed values for `currency`, `description`, `notification_url`"), "{}", found[1]);
    assert!(
        found[2].starts_with("`amount` cannot be fixed"),
        "{}",
        found[2]
    );
    assert!(
        found[3].starts_with("the order's `type` is set by the `flow` key"),
        "{}",
        found[3]
    );
    assert_eq!(found.len(), 4);
}

#[test]
fn a_key_as_close_to_allow_as_to_flow_is_flow() {
    // `fllow` is one edit from `flow` and from `allow`: it is `flow`, claimed, so that no
    // "missing flow" error follows.
    let mut input = amex();
    input.entries.retain(|e| e.key != "flow");
    input.entries.push(s("fllow", "redirect"));
    let found = errors(&input);
    assert_eq!(found, ["unknown key `fllow`; did you mean `flow`?"]);
}

#[test]
fn a_misspelt_allow_is_pointed_to_allow() {
    let mut input = amex();
    input.entries.push(s("allw", "fraud_check"));
    input.entries.push(s("allow", "fraud_check"));
    let found = errors(&input);
    assert!(
        found[0].starts_with("unknown key `allw`; did you mean `allow(...)`"),
        "{}",
        found[0]
    );
    assert!(
        found[1].starts_with("`allow` takes a list of the warnings to silence"),
        "{}",
        found[1]
    );
    assert_eq!(found.len(), 2);
}

#[test]
fn fixed_values_follow_the_rules() {
    let mut input = amex();
    input.fields.remove(1);
    input.entries.push(s("currency", "XAU"));
    assert_eq!(
        errors(&input),
        ["AMEX does not accept XAU; it accepts: CHF, EUR, GBP, USD"]
    );
    input.entries.pop();
    input.entries.push(s("currency", "eur"));
    assert_eq!(
        errors(&input),
        ["`eur` is not an ISO 4217 currency code; did you mean `EUR`?"]
    );

    let mut input = amex();
    input.fields.remove(3);
    input.entries.push(s("description", &"é".repeat(201)));
    assert_eq!(
        errors(&input),
        ["description is 201 characters; MultiSafepay accepts at most 200"]
    );
    input.entries.pop();
    input.entries.push(s("description", &"é".repeat(200)));
    assert!(errors(&input).is_empty());
    input.entries.pop();
    input.entries.push(s("description", "<b>Sale</b>"));
    assert!(errors(&input)[0].contains("contains HTML"));

    let mut input = amex();
    input.entries[4] = s("cancel_url", "/cancel");
    input
        .entries
        .push(entry("close_window", Value::Str("true".into())));
    input.entries.push(s("locale", "nl-NL"));
    assert_eq!(
        errors(&input),
        [
            "cancel_url `/cancel` is not an absolute http(s) URL; write the whole address, such as `https://shop.example/cancel`",
            "`close_window` takes `true` or `false`, without quotes",
            "`locale` is given twice; keep one",
        ]
    );
}

#[test]
fn required_fields_are_named_with_their_fix() {
    let mut input = amex();
    input.entries.retain(|e| e.key != "cancel_url");
    input
        .fields
        .retain(|f| f.name.as_deref() != Some("order_id"));
    assert_eq!(
        errors(&input),
        [
            "missing `order_id`, which every order requires: add a field named `order_id`, or mark one with `#[msp_order(order_id)]`",
            "missing `cancel_url`, which AMEX redirect orders require: add a field named `cancel_url`, mark one with \
             `#[msp_order(cancel_url)]`, or set `cancel_url = \"https://...\"` in `#[msp_order(...)]`",
        ]
    );
}

#[test]
fn recommended_fields_are_not_required() {
    let mut input = amex();
    input
        .fields
        .retain(|f| !matches!(f.name.as_deref(), Some("ip_address" | "email")));
    assert!(errors(&input).is_empty());
}

#[test]
fn supplied_twice() {
    let mut input = amex();
    input.fields.push(field("redirect_url"));
    input.fields.push(marked("note", "customer.email"));
    assert_eq!(
        errors(&input),
        [
            "`redirect_url` is supplied twice: by `redirect_url = ...` in `#[msp_order(...)]` and by the field `redirect_url`; keep one",
            "`email` is supplied twice: by the field `email` and by the field `note`; keep one",
        ]
    );
}

#[test]
fn required_fields_cannot_be_optional() {
    let mut input = amex();
    input.fields[3] = optional("description");
    assert_eq!(
        errors(&input),
        ["`description` is required for every order, so this field cannot be an `Option`: remove the `Option`, \
          or fix the value in `#[msp_order(...)]`: `description = \"...\"`"]
    );
}

#[test]
fn a_customer_object_supplies_the_customer_fields() {
    let mut input = amex();
    input.entries.retain(|e| e.key != "locale");
    assert!(errors(&input)[0].starts_with("missing `locale`"));
    input.fields.push(optional("customer"));
    assert!(errors(&input).is_empty());
}

#[test]
fn misnamed_and_reserved_fields() {
    let mut input = amex();
    input.fields.push(marked("x", "amout"));
    input.fields.push(marked("y", "customer.ip_addres"));
    input.fields.push(field("gateway"));
    input.fields.push(InputField {
        attr: Some(FieldAttr::Skip),
        ..field("type")
    });
    assert_eq!(
        errors(&input),
        [
            "`amout` is not a field of a MultiSafepay order; did you mean `amount`?",
            "`customer.ip_addres` is not a field of a MultiSafepay order; did you mean `customer.ip_address`?",
            "this field supplies the order's `gateway` by its name, but the gateway is fixed by \
             `#[msp_order(gateway = \"...\")]`: rename the field, or mark it `#[msp_order(skip)]`",
        ]
    );
}

#[test]
fn nothing_is_missing_after_an_unreadable_attribute() {
    let input = Input {
        incomplete: true,
        ..Input::default()
    };
    // The parser reported why the input is incomplete; the check adds nothing to it.
    let mut findings = Findings::default();
    findings.syntax(syn::Error::new(
        proc_macro2::Span::call_site(),
        "unreadable",
    ));
    let refused = check(&input, findings).unwrap_err();
    let messages: Vec<String> = refused.error.into_iter().map(|e| e.to_string()).collect();
    assert_eq!(messages, ["unreadable"]);
}

#[test]
fn notification_method_is_a_fixed_value() {
    for method in ["POST", "GET"] {
        let mut input = amex();
        input.entries.push(s("notification_method", method));
        let plan = check(&input, Findings::default()).unwrap();
        assert!(plan
            .fixed
            .contains(&(Field::NotificationMethod, Fixed::Str(method.to_owned()))));
    }
}

#[test]
fn notification_method_wrong_value_suggests_the_method() {
    let mut input = amex();
    input.entries.push(s("notification_method", "post"));
    assert_eq!(
        errors(&input),
        ["notification_method `post` is not a method MultiSafepay notifies with; did you mean `\"POST\"`?"]
    );
    let mut input = amex();
    input
        .entries
        .push(entry("notification_method", Value::Bool(true)));
    assert_eq!(
        errors(&input),
        ["`notification_method` takes a quoted string, such as `notification_method = \"POST\"`"]
    );
    let mut input = amex();
    input.fields.push(field("notification_method"));
    assert_eq!(
        errors(&input),
        ["`payment_options.notification_method` cannot be supplied by a field of a derived order yet"]
    );
}

fn warnings(input: &Input) -> Vec<String> {
    check(input, Findings::default()).unwrap().warnings
}

fn allow(input: &mut Input, names: &[&str]) {
    input.allows = names
        .iter()
        .map(|n| (n.to_string(), Loc::default()))
        .collect();
}

#[test]
fn the_fraud_check_fields_are_warned_about_and_can_be_allowed() {
    let mut input = amex();
    input
        .fields
        .retain(|f| f.name.as_deref() != Some("ip_address"));
    let found = warnings(&input);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with(
            "`customer.ip_address` and `customer.country` are not supplied, and MultiSafepay's \
             fraud check needs them for AMEX orders: without them the transaction may end \
             Uncleared, or even Declined"
        ),
        "{found:?}"
    );
    assert!(found[0].contains("add fields named `ip_address` and `country`"));
    assert!(found[1].starts_with(
        "without `notification_method`, MultiSafepay calls the notification URL by GET"
    ));
    // Supplied by fields, or by a customer object: no warning.
    input.fields.push(field("ip_address"));
    input.fields.push(field("country"));
    input.entries.push(s("notification_method", "POST"));
    assert_eq!(warnings(&input), Vec::<String>::new());
    let mut input = amex();
    input
        .fields
        .retain(|f| f.name.as_deref() != Some("ip_address"));
    input.fields.push(field("customer"));
    allow(&mut input, &["get_notification"]);
    assert_eq!(warnings(&input), Vec::<String>::new());
    // Allowed.
    let mut input = amex();
    allow(&mut input, &["fraud_check", "get_notification"]);
    assert_eq!(warnings(&input), Vec::<String>::new());
}

#[test]
fn deprecated_gateways_are_warned_about() {
    let mut input = amex();
    input.entries[0] = s("gateway", "GIROPAY");
    allow(&mut input, &["get_notification"]);
    let found = warnings(&input);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("end of life on 2024-07-01"), "{found:?}");
    assert!(found[0]
        .ends_with("(or silence this with `allow(deprecated_gateway)` in `#[msp_order(...)]`)"));
    allow(&mut input, &["get_notification", "deprecated_gateway"]);
    assert_eq!(warnings(&input), Vec::<String>::new());
}

#[test]
fn a_misspelt_allow_suggests_the_name() {
    let mut input = amex();
    allow(
        &mut input,
        &[
            "fraud_chek",
            "get_notification",
            "get_notification",
            "everything",
        ],
    );
    assert_eq!(
        errors(&input),
        [
            "`allow(...)` has no warning `fraud_chek`; did you mean `fraud_check`?",
            "`get_notification` is allowed twice; keep one",
            "`allow(...)` has no warning `everything`; it takes `fraud_check` (fields MultiSafepay's \
             fraud check needs, not supplied), `deprecated_gateway` (a deprecated gateway) and \
             `get_notification` (a notification by GET, MultiSafepay's default, without sending \
             `notification_method`)",
        ]
    );
}

#[test]
fn order_fields_the_derive_cannot_supply_are_refused() {
    let mut input = amex();
    input.fields.push(field("items"));
    input.fields.push(field("second_chance"));
    input.fields.push(marked("screen", "customer.browser"));
    input.fields.push(field("issuer_id"));
    let mut skipped = field("delivery");
    skipped.attr = Some(FieldAttr::Skip);
    input.fields.push(skipped);
    assert_eq!(
        errors(&input),
        [
            "this field names the order's `items` by its name, which `#[derive(MspOrder)]` \
             does not supply yet: it would be left out of the request; rename the field, or mark it \
             `#[msp_order(skip)]` to keep it as your own",
            "this field names the order's `second_chance` by its name, which `#[derive(MspOrder)]` \
             does not supply yet: it would be left out of the request; rename the field, or mark it \
             `#[msp_order(skip)]` to keep it as your own",
            "this field names the order's `customer.browser` by this attribute, which \
             `#[derive(MspOrder)]` does not supply yet: it would be left out of the request; rename \
             the field, or mark it `#[msp_order(skip)]` to keep it as your own",
            "this field is named like `gateway_info.issuer_id`, which a field supplies by its path \
             only: mark it `#[msp_order(gateway_info.issuer_id)]`, or mark it `#[msp_order(skip)]` \
             to keep it as your own",
        ]
    );
}

#[test]
fn bnpl_orders_need_a_customer_delivery_and_cart() {
    let mut input = amex();
    input.entries[0] = s("gateway", "KLARNA");
    input.entries.retain(|e| e.key != "locale");
    input
        .fields
        .retain(|f| !matches!(f.name.as_deref(), Some("ip_address" | "email")));
    assert_eq!(
        errors(&input),
        [
            "missing `customer`, which KLARNA redirect orders require: add a field named `customer`, or mark one with `#[msp_order(customer)]`",
            "missing `delivery`, which KLARNA redirect orders require: add a field named `delivery`, or mark one with `#[msp_order(delivery)]`",
            "missing `shopping_cart`, which KLARNA redirect orders require: add a field named `shopping_cart`, or mark one with `#[msp_order(shopping_cart)]`",
        ]
    );
    // Single fields make the objects.
    input.fields.push(field("ip_address"));
    input.fields.push(marked("ship_to", "delivery.city"));
    input.fields.push(field("shopping_cart"));
    assert_eq!(errors(&input), Vec::<String>::new());
}

#[test]
fn direct_debit_direct_orders_need_the_account() {
    let mut input = amex();
    input.entries[0] = s("gateway", "DIRDEB");
    input.entries[1] = s("flow", "direct");
    input
        .entries
        .retain(|e| !matches!(e.key.as_str(), "locale" | "redirect_url" | "cancel_url"));
    let found = errors(&input);
    assert_eq!(found.len(), 4, "{found:?}");
    assert_eq!(
        found[0],
        "missing `gateway_info.account_id`, which DIRDEB direct orders require: mark a field with \
         `#[msp_order(gateway_info.account_id)]`, or add a field named `gateway_info` with the whole object"
    );
    input.fields.push(field("gateway_info"));
    assert_eq!(errors(&input), Vec::<String>::new());
}

#[test]
fn a_misspelt_path_suggests_the_whole_path() {
    for (name, meant) in [
        ("delivery.zip", "delivery.zip_code"),
        ("delivery.countr", "delivery.country"),
        ("delivry.country", "delivery.country"),
        ("gateway_info.birthdy", "gateway_info.birthday"),
        ("gateway_info.iban", "gateway_info.account_holder_iban"),
        ("shoping_cart", "shopping_cart"),
    ] {
        let mut input = amex();
        input.fields.push(marked("x", name));
        let found = errors(&input);
        let expected =
            format!("`{name}` is not a field of a MultiSafepay order; did you mean `{meant}`?");
        assert!(found.contains(&expected), "{name}: {found:?}");
    }
}

#[test]
fn whole_objects_and_paths_supply_their_fields() {
    let mut input = amex();
    input.fields.push(field("shopping_cart"));
    input.fields.push(field("delivery"));
    input.fields.push(field("gateway_info"));
    input
        .fields
        .push(marked("country_of_delivery", "delivery.country"));
    input.fields.push(marked("iban", "gateway_info.account_id"));
    input.fields.push(field("days_active"));
    // A leaf of `gateway_info` is supplied by its path only: skipped, it is the merchant's own.
    let mut own = field("account_id");
    own.attr = Some(FieldAttr::Skip);
    input.fields.push(own);
    assert_eq!(errors(&input), Vec::<String>::new());
}
