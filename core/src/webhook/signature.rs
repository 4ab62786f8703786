//! The `Auth` header: base64 of `"<timestamp>:<hex HMAC-SHA512>"`, where the HMAC is keyed with
//! the trimmed API key over `"<timestamp>:"` followed by the raw body bytes.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha512;

use super::Error;

/// HMAC-SHA512, the MAC MultiSafepay signs notifications with.
pub(super) type HmacSha512 = Hmac<Sha512>;

/// Bytes in an HMAC-SHA512.
const MAC_LEN: usize = 64;

/// A decoded, well-formed `Auth` header (not yet checked against a body).
pub(super) struct AuthHeader {
    /// The timestamp exactly as sent: these are the bytes that were signed.
    timestamp_text: String,
    /// The timestamp in seconds since the Unix epoch.
    pub(super) timestamp: u64,
    /// The decoded signature.
    signature: [u8; MAC_LEN],
}

impl AuthHeader {
    /// Decodes an `Auth` header value; surrounding whitespace is ignored.
    pub(super) fn parse(auth_header: &str) -> Result<Self, Error> {
        let auth_header = auth_header.trim();
        if auth_header.is_empty() {
            return Err(Error::MissingHeader);
        }
        let decoded = STANDARD
            .decode(auth_header)
            .map_err(|_| Error::InvalidBase64)?;
        let text = String::from_utf8(decoded).map_err(|_| Error::NotUtf8)?;
        let (timestamp_text, hex) = text.split_once(':').ok_or(Error::MissingColon)?;
        if timestamp_text.is_empty() || !timestamp_text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Error::InvalidTimestamp);
        }
        let timestamp = timestamp_text
            .parse()
            .map_err(|_| Error::InvalidTimestamp)?;
        let signature = decode_hex(hex).ok_or(Error::MalformedSignature {
            len: hex.chars().count(),
        })?;
        Ok(AuthHeader {
            timestamp_text: timestamp_text.to_owned(),
            timestamp,
            signature,
        })
    }

    /// Checks the signature against `body`, in constant time, with `mac` already keyed.
    pub(super) fn check(&self, mac: &HmacSha512, body: &[u8]) -> Result<(), Error> {
        let mut mac = mac.clone();
        feed(&mut mac, &self.timestamp_text, body);
        mac.verify_slice(&self.signature)
            .map_err(|_| Error::SignatureMismatch)
    }
}

/// The HMAC keyed with the trimmed API key, or `None` when the trimmed key is empty.
pub(super) fn keyed(api_key: &str) -> Option<HmacSha512> {
    let key = api_key.trim();
    if key.is_empty() {
        return None;
    }
    Some(new_mac(key))
}

/// Signs `body` the way MultiSafepay does and returns the value of the `Auth` header.
///
/// `timestamp` is seconds since the Unix epoch; the API key is trimmed, as [`verify`] does. Use
/// it to send signed notifications (the sandbox does) or to build them in tests:
///
/// ```
/// # use msp_core as msp;
/// use msp::webhook;
/// let body = br#"{"order_id":"1","status":"completed","amount":100,"currency":"EUR"}"#;
/// let auth = webhook::sign(body, "site-key", 1_700_000_000);
/// let verifier = webhook::Verifier::new("site-key").tolerance(std::time::Duration::ZERO);
/// assert!(verifier.verify(body, &auth).is_ok());
/// ```
///
/// [`verify`]: super::verify
#[must_use]
pub fn sign(body: &[u8], api_key: &str, timestamp: u64) -> String {
    let timestamp = timestamp.to_string();
    let mut mac = new_mac(api_key.trim());
    feed(&mut mac, &timestamp, body);
    let hex = encode_hex(&mac.finalize().into_bytes());
    STANDARD.encode(format!("{timestamp}:{hex}"))
}

fn new_mac(key: &str) -> HmacSha512 {
    HmacSha512::new_from_slice(key.as_bytes()).expect("HMAC takes a key of any length")
}

/// The signed message: `timestamp + ":" + body`, the body's bytes exactly as received.
fn feed(mac: &mut HmacSha512, timestamp: &str, body: &[u8]) {
    mac.update(timestamp.as_bytes());
    mac.update(b":");
    mac.update(body);
}

/// Decodes exactly `2 * MAC_LEN` hex digits (either case).
fn decode_hex(hex: &str) -> Option<[u8; MAC_LEN]> {
    let hex = hex.as_bytes();
    if hex.len() != 2 * MAC_LEN {
        return None;
    }
    let mut out = [0; MAC_LEN];
    for (byte, pair) in out.iter_mut().zip(hex.chunks_exact(2)) {
        *byte = nibble(pair[0])? << 4 | nibble(pair[1])?;
    }
    Some(out)
}

fn nibble(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// Lowercase hex, as MultiSafepay sends it.
fn encode_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(2 * bytes.len());
    for &b in bytes {
        out.push(DIGITS[usize::from(b >> 4)].into());
        out.push(DIGITS[usize::from(b & 0xf)].into());
    }
    out
}
