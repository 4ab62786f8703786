//! The value rules, one function each, returning the message a merchant reads. The derive calls
//! them on fixed attribute values at compile time, the validator on run-time values.

use crate::field::Kind;
use crate::{Currency, Field};

/// Checks a text value of `field` by the rule of its kind (and its length limit).
pub fn check_str(field: Field, value: &str) -> Result<(), String> {
    match field.kind() {
        Kind::Url => check_url(field, value),
        Kind::Locale => check_locale(value),
        Kind::IpAddress => check_ip_address(field, value),
        Kind::Email => check_email(field, value),
        Kind::Country => check_country(value),
        Kind::Phone => check_phone(field, value),
        Kind::Iban => check_iban(field, value),
        Kind::Date => check_date(field, value),
        Kind::OrderId => check_order_id(value),
        Kind::NotificationMethod => check_notification_method(value),
        Kind::Currency => value
            .parse::<Currency>()
            .map(drop)
            .map_err(|e| e.to_string()),
        Kind::Text
        | Kind::Flow
        | Kind::Gateway
        | Kind::Amount
        | Kind::Count
        | Kind::Bool
        | Kind::Customer
        | Kind::Delivery
        | Kind::ShoppingCart
        | Kind::GatewayInfo => check_text(field, value),
    }
}

/// Length in characters (not bytes: 200 `é` are 200 characters) and, for plain-text fields,
/// no HTML.
pub fn check_text(field: Field, value: &str) -> Result<(), String> {
    if is_blank(value) && crate::catalogue::ALWAYS_REQUIRED.contains(&field) {
        return Err(format!("{} is empty; every order needs one", field.leaf()));
    }
    check_length(field, value)?;
    if field.plain_text() {
        if let Some(tag) = html_tag(value) {
            return Err(format!(
                "{} contains HTML (`{tag}`); MultiSafepay shows it as plain text, so remove the markup",
                field.leaf()
            ));
        }
    }
    Ok(())
}

#[inline]
fn check_length(field: Field, value: &str) -> Result<(), String> {
    // A text has at most as many characters as bytes: count them only when the bytes are over.
    if let Some(max) = field.max_chars().filter(|&max| value.len() > max) {
        let count = value.chars().count();
        if count > max {
            return Err(format!(
                "{} is {count} characters; MultiSafepay accepts at most {max}",
                field.leaf()
            ));
        }
    }
    Ok(())
}

/// Whether `value` is empty or only whitespace. A text that starts with a visible ASCII
/// character (nearly every one) is settled by its first byte; the others by `str::trim`'s
/// Unicode rule.
fn is_blank(value: &str) -> bool {
    match value.as_bytes().first() {
        Some(&b) if b.is_ascii_graphic() => false,
        _ => value.trim().is_empty(),
    }
}

/// The first thing in `text` that looks like an HTML tag (`<b>`, `</p>`, `<!--`), if any.
/// Jumps from `<` to `<` with `str::find` of one ASCII character (the standard library's
/// word-at-a-time `memchr`), so that a text without one costs a single scan.
fn html_tag(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut from = 0;
    // `from` follows an ASCII `<`, so it is a character boundary.
    while let Some(offset) = text[from..].find('<') {
        let i = from + offset;
        let next = *bytes.get(i + 1)?;
        if next.is_ascii_alphabetic() || next == b'/' || next == b'!' {
            let end = text[i..].find('>').map_or(text.len(), |e| i + e + 1);
            return Some(&text[i..end]);
        }
        from = i + 1;
    }
    None
}

/// The order id: not empty, at most 50 characters (docs `OrderId.yaml`).
pub fn check_order_id(value: &str) -> Result<(), String> {
    if is_blank(value) {
        return Err("order_id is empty; give every order a unique id from your system".into());
    }
    check_length(Field::OrderId, value)
}

/// The amount: at least 1 minor unit (error 1001 otherwise).
pub fn check_amount(minor_units: u64) -> Result<(), String> {
    if minor_units == 0 {
        return Err(
            "amount is 0; it must be at least 1, in minor units (1000 is 10.00 EUR)".into(),
        );
    }
    Ok(())
}

/// A count such as `days_active`: from 1 to the field's maximum.
pub fn check_count(field: Field, value: u64) -> Result<(), String> {
    let max = field.max_chars().map_or(u64::MAX, |m| m as u64);
    if (1..=max).contains(&value) {
        Ok(())
    } else {
        Err(format!(
            "{} is {value}; MultiSafepay accepts 1 to {max}",
            field.leaf()
        ))
    }
}

/// An absolute `http` or `https` URL with a host, within the field's length limit.
///
/// A structural check rather than a full URL parser: the derive runs it at compile time, and
/// pulling a URL crate into every merchant's macro build would cost more than it finds.
pub fn check_url(field: Field, value: &str) -> Result<(), String> {
    let rest = strip_prefix_ignore_case(value, "https://")
        .or_else(|| strip_prefix_ignore_case(value, "http://"));
    let valid = match rest.map(host_name) {
        Some(name) => {
            !name.is_empty()
                && !has_space_or_control(value)
                && (name.starts_with('[') || is_host_name(name))
        }
        None => false,
    };
    if !valid {
        return Err(format!(
            "{} `{value}` is not an absolute http(s) URL; write the whole address, such as `https://shop.example/{}`",
            field.leaf(),
            field.leaf().trim_end_matches("_url"),
        ));
    }
    check_length(field, value)
}

/// The host name in what follows `scheme://`: the authority ends at the first `/`, `?` or `#`;
/// the name follows its last `@` (user info) and ends at the first `:` after that (the port).
/// One pass over bytes; the delimiters are ASCII, so the slice stays on character boundaries.
fn host_name(rest: &str) -> &str {
    let (mut start, mut colon) = (0, None);
    let mut end = rest.len();
    for (i, b) in rest.bytes().enumerate() {
        match b {
            b'/' | b'?' | b'#' => {
                end = i;
                break;
            }
            b'@' => (start, colon) = (i + 1, None),
            b':' if colon.is_none() => colon = Some(i),
            _ => {}
        }
    }
    &rest[start..colon.unwrap_or(end)]
}

/// Whether `value` has a whitespace or control character. URLs are nearly always ASCII, where
/// that is a byte test (`char::is_control` is a table lookup per character).
fn has_space_or_control(value: &str) -> bool {
    // One pass without early exit (so it vectorises) for any byte outside `!`..=`~`: ASCII
    // whitespace and controls are 0x00..=0x20 and DEL, and non-ASCII needs the character test.
    let outside = value
        .bytes()
        .fold(false, |seen, b| seen | (b.wrapping_sub(b'!') > b'~' - b'!'));
    outside && value.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Letters, digits, `.` and `-` (any script's letters and digits: internationalised names).
fn is_host_name(name: &str) -> bool {
    if name.is_ascii() {
        name.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    } else {
        name.chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
    }
}

fn strip_prefix_ignore_case<'a>(value: &'a str, prefix: &str) -> Option<&'a str> {
    let head = value.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &value[prefix.len()..])
}

/// A locale shaped like `nl_NL`: two lower-case letters, `_`, two upper-case letters.
pub fn check_locale(value: &str) -> Result<(), String> {
    let b = value.as_bytes();
    let shaped = b.len() == 5
        && b[..2].iter().all(u8::is_ascii_lowercase)
        && b[2] == b'_'
        && b[3..].iter().all(u8::is_ascii_uppercase);
    if shaped {
        Ok(())
    } else {
        Err(format!(
            "locale `{value}` is not shaped like `nl_NL` (language, underscore, country)"
        ))
    }
}

/// An IPv4 or IPv6 address (error 1007 otherwise).
pub fn check_ip_address(field: Field, value: &str) -> Result<(), String> {
    value
        .parse::<std::net::IpAddr>()
        .map(drop)
        .map_err(|_| format!("{} `{value}` is not an IP address", field.leaf()))
}

/// An e-mail address: valid by RFC 5322 (the `email_address` crate), with a domain that has a
/// dot (a mailbox on the internet, not `root@localhost`), within the field's length.
pub fn check_email(field: Field, value: &str) -> Result<(), String> {
    let full_parse = || {
        let domain = value.rsplit_once('@').map_or("", |(_, domain)| domain);
        email_address::EmailAddress::is_valid(value) && domain.contains('.')
    };
    if plain_email(value) || full_parse() {
        check_length(field, value)
    } else {
        Err(format!(
            "{} `{value}` is not an e-mail address",
            field.leaf()
        ))
    }
}

/// The common shape of an address (`first.last+tag@mail.example.com`), accepted in one scan: a
/// strict subset of what `email_address` accepts (a test holds the two to that), which parses by
/// RFC 5322 at several times the cost. Anything else goes to the full parse.
///
/// The local part is atoms of the usual characters joined by single dots; the domain at least
/// two labels of letters, digits and inner hyphens, the last one starting with a letter. Only
/// addresses of at most 64 bytes are scanned (every e-mail field takes at most 64 characters),
/// and they are within RFC 5321's limits (local part 64, label 63), so the scan counts nothing:
/// one table lookup per byte through a small automaton, about a third of the cost of a scan
/// that tracks counters and the previous byte.
fn plain_email(value: &str) -> bool {
    let bytes = value.as_bytes();
    if bytes.len() > 64 {
        return false;
    }
    // A state is held as its row's offset in the table, which has a power-of-two length: the
    // mask proves every index in bounds, so the loop has no bounds check.
    let mut at = usize::from(email::LOCAL_START) << 8;
    for &b in bytes {
        at = usize::from(email::NEXT[(at | usize::from(b)) & (email::NEXT.len() - 1)]);
    }
    at == usize::from(email::ACCEPT) << 8
}

/// [`plain_email`]'s automaton: a state per place in the shape, and a table of the next state for
/// every state and byte, worked out at compile time.
mod email {
    // Byte classes.
    const OTHER: usize = 0;
    const LETTER: usize = 1;
    const DIGIT: usize = 2;
    const HYPHEN: usize = 3;
    /// `_`, `%` and `+`: local part only.
    const SYMBOL: usize = 4;
    const DOT: usize = 5;
    const AT: usize = 6;

    // States. Nothing leads out of `REJECT`.
    const REJECT: u8 = 0;
    /// The start of an atom of the local part: the start, or after a dot.
    pub const LOCAL_START: u8 = 1;
    const LOCAL_ATOM: u8 = 2;
    const FIRST_LABEL_START: u8 = 3;
    const FIRST_LABEL: u8 = 4;
    const FIRST_LABEL_HYPHEN: u8 = 5;
    /// The start of a label after a dot: the domain has two labels from here on.
    const LABEL_START: u8 = 6;
    /// In a label that started with a letter, after a letter or digit: the end of the address
    /// may be here.
    pub const ACCEPT: u8 = 7;
    const LETTER_LABEL_HYPHEN: u8 = 8;
    const DIGIT_LABEL: u8 = 9;
    const DIGIT_LABEL_HYPHEN: u8 = 10;
    const STATES: usize = 11;

    /// `MOVES[state][class]`.
    const MOVES: [[u8; 7]; STATES] = {
        let r = REJECT;
        let mut moves = [[r; 7]; STATES];
        moves[LOCAL_START as usize] = [r, LOCAL_ATOM, LOCAL_ATOM, LOCAL_ATOM, LOCAL_ATOM, r, r];
        moves[LOCAL_ATOM as usize] = [
            r,
            LOCAL_ATOM,
            LOCAL_ATOM,
            LOCAL_ATOM,
            LOCAL_ATOM,
            LOCAL_START,
            FIRST_LABEL_START,
        ];
        moves[FIRST_LABEL_START as usize] = [r, FIRST_LABEL, FIRST_LABEL, r, r, r, r];
        moves[FIRST_LABEL as usize] = [
            r,
            FIRST_LABEL,
            FIRST_LABEL,
            FIRST_LABEL_HYPHEN,
            r,
            LABEL_START,
            r,
        ];
        moves[FIRST_LABEL_HYPHEN as usize] =
            [r, FIRST_LABEL, FIRST_LABEL, FIRST_LABEL_HYPHEN, r, r, r];
        moves[LABEL_START as usize] = [r, ACCEPT, DIGIT_LABEL, r, r, r, r];
        moves[ACCEPT as usize] = [r, ACCEPT, ACCEPT, LETTER_LABEL_HYPHEN, r, LABEL_START, r];
        moves[LETTER_LABEL_HYPHEN as usize] = [r, ACCEPT, ACCEPT, LETTER_LABEL_HYPHEN, r, r, r];
        moves[DIGIT_LABEL as usize] = [
            r,
            DIGIT_LABEL,
            DIGIT_LABEL,
            DIGIT_LABEL_HYPHEN,
            r,
            LABEL_START,
            r,
        ];
        moves[DIGIT_LABEL_HYPHEN as usize] =
            [r, DIGIT_LABEL, DIGIT_LABEL, DIGIT_LABEL_HYPHEN, r, r, r];
        moves
    };

    const fn class(b: u8) -> usize {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' => LETTER,
            b'0'..=b'9' => DIGIT,
            b'-' => HYPHEN,
            b'_' | b'%' | b'+' => SYMBOL,
            b'.' => DOT,
            b'@' => AT,
            _ => OTHER,
        }
    }

    /// The next state's row (`state << 8`), at `state << 8 | byte`: one load per byte. 16 rows,
    /// the ones past the states leading to `REJECT`.
    pub static NEXT: [u16; 16 * 256] = {
        let mut table = [0; 16 * 256];
        let mut i = 0;
        while i < STATES * 256 {
            table[i] = (MOVES[i / 256][class((i % 256) as u8)] as u16) << 8;
            i += 1;
        }
        table
    };
}

/// A phone number as people write them: digits with spaces, `-`, `.`, `/` or parentheses, a
/// leading `+` for the country code, and 6 to 15 digits (E.164 allows at most 15).
///
/// Hand-written rather than the `phonenumber` crate: that parses by each country's numbering
/// plan, with a regex engine and metadata for the whole world in every build of the derive,
/// while MultiSafepay documents no format beyond "the customer's phone number" (`Phone.yaml`).
pub fn check_phone(field: Field, value: &str) -> Result<(), String> {
    let rest = value
        .trim_start()
        .strip_prefix('+')
        .unwrap_or(value.trim_start());
    let digits = rest.bytes().filter(u8::is_ascii_digit).count();
    let allowed = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '/' | '(' | ')');
    if !rest.chars().all(allowed) || !(6..=15).contains(&digits) {
        return Err(format!(
            "{} `{value}` is not a phone number (6 to 15 digits, such as `+31 20 850 0500`)",
            field.leaf()
        ));
    }
    check_length(field, value)
}

/// An IBAN: its country's length and format and its checksum (the `iban_validate` crate);
/// spaces in groups of four, as printed, are accepted.
pub fn check_iban(field: Field, value: &str) -> Result<(), String> {
    value
        .parse::<iban::Iban>()
        .map(drop)
        .map_err(|e| format!("{} `{value}` is not a valid IBAN ({e})", field.leaf()))
}

/// A date such as a birthday: `YYYY-MM-DD` as the API documents (`Birthday.yaml`), or
/// `DD-MM-YYYY` and `DDMMYYYY` as MultiSafepay's own examples send it (Pay After Delivery's
/// `gateway_info`, the customer of most `post-orders` examples), which the API accepts; a day
/// of the calendar either way.
pub fn check_date(field: Field, value: &str) -> Result<(), String> {
    let parts: Vec<&str> = value.split('-').collect();
    let number = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let ymd = match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            (number(y), number(m), number(d))
        }
        [d, m, y] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            (number(y), number(m), number(d))
        }
        [dmy] if dmy.len() == 8 && dmy.is_ascii() => {
            (number(&dmy[4..]), number(&dmy[2..4]), number(&dmy[..2]))
        }
        _ => (None, None, None),
    };
    let valid = match ymd {
        (Some(y), Some(m), Some(d)) if (1..=12).contains(&m) && d >= 1 => {
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let days = match m {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            d <= days && y >= 1800
        }
        _ => false,
    };
    if valid {
        Ok(())
    } else {
        Err(format!(
            "{} `{value}` is not a date written `YYYY-MM-DD`, such as `1980-01-30`",
            field.leaf()
        ))
    }
}

/// The methods MultiSafepay calls the notification URL with, as the API spells them (docs
/// `NotificationMethod.yaml`): `POST` sends the signed order, `GET` only its id.
pub const NOTIFICATION_METHODS: [&str; 2] = ["POST", "GET"];

/// `payment_options.notification_method`: one of [`NOTIFICATION_METHODS`], spelt as the API
/// does (upper case).
pub fn check_notification_method(value: &str) -> Result<(), String> {
    if NOTIFICATION_METHODS.contains(&value) {
        return Ok(());
    }
    let hint = match crate::suggest::closest(value, NOTIFICATION_METHODS) {
        Some(meant) => format!("did you mean `\"{meant}\"`?"),
        None => {
            "write `\"POST\"` (the signed order in the body, recommended) or `\"GET\"`".to_owned()
        }
    };
    Err(format!(
        "notification_method `{value}` is not a method MultiSafepay notifies with; {hint}"
    ))
}

/// An ISO 3166-1 alpha-2 country code such as `NL` (error 1018 otherwise): an assigned one, in
/// upper case.
pub fn check_country(value: &str) -> Result<(), String> {
    if crate::countries::is_assigned(value) {
        Ok(())
    } else {
        Err(format!(
            "country `{value}` is not an ISO 3166-1 alpha-2 country code such as `NL`"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-at-a-time reading of "looks like a tag" that `html_tag` must agree with.
    fn html_tag_by_position(text: &str) -> Option<&str> {
        let bytes = text.as_bytes();
        bytes.iter().enumerate().find_map(|(i, &b)| {
            let next = *bytes.get(i + 1)?;
            if b != b'<' || !(next.is_ascii_alphabetic() || next == b'/' || next == b'!') {
                return None;
            }
            let end = text[i..].find('>').map_or(text.len(), |e| i + e + 1);
            Some(&text[i..end])
        })
    }

    #[test]
    fn html_tag_finds_the_first_tag_after_any_lone_angle_brackets() {
        let cases = [
            ("", None),
            ("<", None),
            ("a <", None),
            ("1 < 2 and 3 <4", None),
            ("<b>bold</b>", Some("<b>")),
            ("x << <<i>y", Some("<i>")),
            ("a < b </p", Some("</p")),
            ("é <!-- c -->", Some("<!-- c -->")),
            ("<é <a href=x>", Some("<a href=x>")),
            ("<<", None),
            ("<<!", Some("<!")),
        ];
        for (text, tag) in cases {
            assert_eq!(html_tag(text), tag, "{text:?}");
            assert_eq!(html_tag_by_position(text), tag, "{text:?}");
        }
        // Every string of up to four of these pieces agrees with the byte-at-a-time reading.
        let pieces = ["<", ">", "a", "/", "!", " ", "é", "1"];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(longer);
        }
        for text in &texts {
            assert_eq!(html_tag(text), html_tag_by_position(text), "{text:?}");
        }
    }

    #[test]
    fn description_counts_characters_not_bytes() {
        assert!(check_text(Field::Description, &"é".repeat(200)).is_ok());
        assert_eq!(
            check_text(Field::Description, &"é".repeat(201)).unwrap_err(),
            "description is 201 characters; MultiSafepay accepts at most 200"
        );
        assert!(check_text(Field::Description, &"a".repeat(200)).is_ok());
        assert!(check_text(Field::Description, &"a".repeat(201)).is_err());
    }

    #[test]
    fn description_is_not_empty() {
        assert_eq!(
            check_text(Field::Description, " ").unwrap_err(),
            "description is empty; every order needs one"
        );
        assert!(check_text(Field::Description, "x").is_ok());
        assert!(check_text(Field::Address2, "").is_ok());
    }

    #[test]
    fn description_refuses_html_but_not_a_less_than_sign() {
        let err = check_text(Field::Description, "Order <b>1</b>").unwrap_err();
        assert_eq!(err, "description contains HTML (`<b>`); MultiSafepay shows it as plain text, so remove the markup");
        assert!(check_text(Field::Description, "</p>").is_err());
        assert!(check_text(Field::Description, "<!-- x -->").is_err());
        assert!(check_text(Field::Description, "2 < 3 and 5 > 4").is_ok());
        assert!(check_text(Field::Description, "ends with <").is_ok());
    }

    #[test]
    fn urls_must_be_absolute_http() {
        for ok in [
            "https://shop.example/notify",
            "http://www.example.com/client/notification?type=redirect",
            "HTTPS://SHOP.EXAMPLE",
            "http://127.0.0.1:8080/x",
            "http://[::1]:80/",
        ] {
            assert!(check_url(Field::RedirectUrl, ok).is_ok(), "{ok}");
        }
        for bad in [
            "/thanks",
            "shop.example/thanks",
            "ftp://shop.example",
            "https://",
            "https:// x",
            "https://a b/",
        ] {
            assert!(check_url(Field::RedirectUrl, bad).is_err(), "{bad}");
        }
        assert_eq!(
            check_url(Field::CancelUrl, "/cancel").unwrap_err(),
            "cancel_url `/cancel` is not an absolute http(s) URL; write the whole address, such as `https://shop.example/cancel`"
        );
    }

    #[test]
    fn url_fast_path_agrees_with_the_character_rules() {
        for c in (0u8..=0x7f)
            .map(char::from)
            .chain(['\u{a0}', '\u{85}', '\u{2003}', 'é', 'ß'])
        {
            let value = format!("https://shop.example/a{c}b");
            assert_eq!(
                has_space_or_control(&value),
                value.chars().any(|c| c.is_whitespace() || c.is_control()),
                "{c:?}"
            );
            let host = format!("sh{c}op.example");
            assert_eq!(
                is_host_name(&host),
                host.chars()
                    .all(|c| c.is_alphanumeric() || c == '.' || c == '-'),
                "{c:?}"
            );
        }
        assert!(check_url(Field::RedirectUrl, "https://bücher.example/").is_ok());
        for (rest, name) in [
            ("shop.example/a:b@c", "shop.example"),
            ("user:pw@shop.example:8080/x", "shop.example"),
            ("a@b@shop.example?q=@", "shop.example"),
            ("[::1]:80/", "["),
            ("shop.example#x:y", "shop.example"),
            ("", ""),
        ] {
            assert_eq!(host_name(rest), name, "{rest}");
        }
        assert!(check_url(Field::RedirectUrl, "https://shop.example/\u{a0}x").is_err());
    }

    #[test]
    fn notification_url_has_a_length_limit() {
        let base = "https://shop.example/";
        let at_limit = format!("{base}{}", "a".repeat(150 - base.len()));
        assert!(check_url(Field::NotificationUrl, &at_limit).is_ok());
        assert!(check_url(Field::NotificationUrl, &format!("{at_limit}a")).is_err());
    }

    #[test]
    fn amount_is_at_least_one() {
        assert!(check_amount(0).is_err());
        assert!(check_amount(1).is_ok());
        assert!(check_amount(u64::MAX).is_ok());
    }

    #[test]
    fn order_id_is_not_empty_and_within_50() {
        assert!(check_order_id("").is_err());
        assert!(check_order_id("  ").is_err());
        assert!(check_order_id("x").is_ok());
        assert!(check_order_id(&"x".repeat(50)).is_ok());
        assert_eq!(
            check_order_id(&"x".repeat(51)).unwrap_err(),
            "order_id is 51 characters; MultiSafepay accepts at most 50"
        );
    }

    #[test]
    fn locale_is_shaped_like_nl_nl() {
        for ok in ["nl_NL", "en_US", "zh_CN"] {
            assert!(check_locale(ok).is_ok(), "{ok}");
        }
        for bad in ["nl-NL", "NL_nl", "nl", "nl_NLX", "", "éé_NL"] {
            assert!(check_locale(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn other_kinds() {
        assert!(check_str(Field::IpAddress, "127.0.0.1").is_ok());
        assert!(check_str(Field::IpAddress, "::1").is_ok());
        assert!(check_str(Field::IpAddress, "localhost").is_err());
        assert!(check_str(Field::Email, "a@shop.example").is_ok());
        assert!(check_str(Field::Email, "shop.example").is_err());
        assert!(check_str(Field::Email, &format!("{}@shop.example", "a".repeat(60))).is_err());
        assert!(check_str(Field::Country, "NL").is_ok());
        assert!(check_str(Field::Country, "NLD").is_err());
        assert!(check_str(Field::DeliveryCountry, "UK").is_err());
        assert!(check_str(Field::DeliveryCountry, "GB").is_ok());
        assert!(check_str(Field::FirstName, &"a".repeat(25)).is_ok());
        assert!(check_str(Field::FirstName, &"a".repeat(26)).is_err());
        assert!(check_str(Field::Currency, "EUR").is_ok());
        assert!(check_str(Field::Currency, "eur").is_err());
    }

    #[test]
    fn notification_method_is_post_or_get_as_the_api_spells_it() {
        let field = Field::NotificationMethod;
        assert!(check_str(field, "POST").is_ok());
        assert!(check_str(field, "GET").is_ok());
        assert_eq!(
            check_str(field, "post").unwrap_err(),
            "notification_method `post` is not a method MultiSafepay notifies with; did you mean `\"POST\"`?"
        );
        assert!(check_str(field, "GETT").unwrap_err().contains("`\"GET\"`?"));
        let none = check_str(field, "PUT").unwrap_err();
        assert!(none.contains("write `\"POST\"`"), "{none}");
        assert!(check_str(field, "").is_err());
    }

    /// The names the rule accepts are the ones the model's `NotificationMethod` writes.
    #[cfg(feature = "serde")]
    #[test]
    fn notification_methods_are_the_models() {
        use crate::NotificationMethod;
        for (name, method) in NOTIFICATION_METHODS
            .iter()
            .zip([NotificationMethod::Post, NotificationMethod::Get])
        {
            assert_eq!(serde_json::to_value(method).unwrap(), *name);
        }
    }

    #[test]
    fn phones_ibans_dates_and_emails() {
        for ok in [
            "0208500500",
            "+31 20 850 0500",
            "(020) 850-0500",
            "06/12345678",
        ] {
            assert!(check_str(Field::Phone, ok).is_ok(), "{ok}");
        }
        for bad in [
            "12345",
            "call me",
            "+31 20 850 0500 ext 12",
            "0612345678901234",
            "++31612345678",
        ] {
            assert!(check_str(Field::DeliveryPhone, bad).is_err(), "{bad}");
        }
        for ok in [
            "NL02ABNA0123456789",
            "NL02 ABNA 0123 4567 89",
            "DE44500105175407324931",
        ] {
            assert!(check_str(Field::AccountId, ok).is_ok(), "{ok}");
        }
        for bad in ["NL02ABNA0123456788", "NL02ABNA01234567", "0417164300", ""] {
            let err = check_str(Field::AccountId, bad).unwrap_err();
            assert!(err.starts_with("account_id `"), "{err}");
        }
        for ok in ["1980-01-30", "2000-02-29", "31-01-1951", "10071970"] {
            assert!(check_str(Field::InfoBirthday, ok).is_ok(), "{ok}");
        }
        for bad in [
            "1980-13-01",
            "1900-02-29",
            "30-01-80",
            "1980/01/30",
            "1980-1-30",
            "tomorrow",
        ] {
            assert!(check_str(Field::Birthday, bad).is_err(), "{bad}");
        }
        for ok in ["example@multisafepay.com", "a.b+c@shop.example"] {
            assert!(check_str(Field::InfoEmail, ok).is_ok(), "{ok}");
        }
        for bad in ["shop.example", "a@b", "a b@shop.example", "@shop.example"] {
            assert!(check_str(Field::DeliveryEmail, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn counts_are_within_their_range() {
        assert!(check_count(Field::DaysActive, 1).is_ok());
        assert!(check_count(Field::DaysActive, 365).is_ok());
        assert_eq!(
            check_count(Field::DaysActive, 366).unwrap_err(),
            "days_active is 366; MultiSafepay accepts 1 to 365"
        );
        assert!(check_count(Field::SecondsActive, 0).is_err());
    }

    /// The one-scan shape accepts only what the full RFC 5322 parse accepts: strings built from
    /// the characters addresses use (and some they may not), most of them near the common shape.
    #[test]
    fn the_plain_email_shape_is_a_subset_of_the_full_parse() {
        let mut rng = crate::prng::SplitMix64::new(0x5EED_E3A1);
        let usual = b"ab9Z.-_+%";
        let odd = b"@\"! (),:;<>[]'\\";
        let (mut plain, mut cases) = (0, 0);
        for _ in 0..200_000 {
            let len = 3 + (rng.next_u64() % 24) as usize;
            let mut text: Vec<u8> = (0..len)
                .map(|_| {
                    let set: &[u8] = if rng.next_u64().is_multiple_of(10) {
                        odd
                    } else {
                        usual
                    };
                    set[(rng.next_u64() % set.len() as u64) as usize]
                })
                .collect();
            // Most cases shaped like an address, so that the fast path is exercised.
            if !rng.next_u64().is_multiple_of(4) {
                let at = 1 + (rng.next_u64() as usize % (len - 2));
                text[at] = b'@';
                text.extend_from_slice(b".nl");
            }
            let text = String::from_utf8(text).unwrap();
            cases += 1;
            if plain_email(&text) {
                plain += 1;
                assert!(
                    email_address::EmailAddress::is_valid(&text),
                    "{text} passed the one-scan shape only"
                );
            }
        }
        assert!(plain > 1_000, "{plain} of {cases} took the fast path");
        for address in [
            "example@multisafepay.com",
            "a.b+c@shop.example",
            "x_y%z@a-b.example.com",
            "1@2.a9",
            "a@b--c.d-e.f-g9",
            "a@9.b.example",
            // 64 bytes: the longest the scan takes.
            "abcdefghijklmnopqrstuvwxyz0123456789@abcdefghijklmnopqrs.example",
        ] {
            assert!(plain_email(address), "{address}");
        }
        for other in [
            "a..b@shop.example",
            ".a@shop.example",
            "a.@shop.example",
            "@shop.example",
            "a@@shop.example",
            "a@-shop.example",
            "a@shop-.example",
            "a@shop..example",
            "a@shop.example.",
            "a@shop.-example",
            "a@shop.example-",
            "a@shop.1",
            "a@shop.1a",
            "a@shop",
            "a@sh_op.example",
            "a b@shop.example",
            "",
            // 65 bytes: left to the full parse.
            "abcdefghijklmnopqrstuvwxyz0123456789@abcdefghijklmnopqrst.example",
        ] {
            assert!(!plain_email(other), "{other}");
        }
        // What the scan leaves is decided by the full parse: a longer address is one, and is
        // refused for its length alone.
        let long = "abcdefghijklmnopqrstuvwxyz0123456789@abcdefghijklmnopqrst.example";
        assert_eq!(
            check_email(Field::Email, long),
            Err("email is 65 characters; MultiSafepay accepts at most 64".into())
        );
        assert!(check_email(Field::Email, "a.@shop.example").is_err());
    }
}
