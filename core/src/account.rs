//! The merchant's own account, pinned in a file: `msp-account.json`.
//!
//! MultiSafepay's documented catalogue ([`crate::catalogue`]) is what the API *can* do; a site
//! has only some payment methods enabled, and its currencies and amount limits differ from
//! account to account. `msp sync` (the `msp-cli` crate) reads `GET /payment-methods`
//! (`paths/payment-methods.yaml`) and writes what this account offers into `msp-account.json`;
//! `#[derive(MspOrder)]` then refuses at compile time a gateway, currency or flow that the
//! account does not offer, and `ClientBuilder::account` (feature `client`) checks
//! each order's amount against the account's limits before sending it.
//!
//! The file is plain, stable JSON, meant to be committed: gateways and lists sorted, two-space
//! indentation, a trailing newline; the same account always gives the same bytes.
//!
//! ```json
//! {
//!   "format": 1,
//!   "taken_at": "2026-11-29T05:30:00Z",
//!   "environment": "test",
//!   "gateways": {
//!     "IDEAL": {
//!       "flows": ["redirect", "direct", "paymentlink"],
//!       "currencies": ["EUR"],
//!       "allowed_amount": {"min": 100, "max": 5000000},
//!       "shopping_cart_required": false,
//!       "required_customer_data": []
//!     }
//!   }
//! }
//! ```
//!
//! - `taken_at`: when the account was read (UTC); a re-sync that finds the same account keeps
//!   the file as it is, date included.
//! - `environment`: `test`, `live`, or `other` (a base URL of its own, such as the sandbox's).
//!   Never the API key.
//! - per gateway (by its code): `flows` (the API does not report flows per method, so a sync
//!   writes the documented ones; remove one to forbid it), `currencies` (empty: those of the
//!   catalogue), `allowed_amount` in minor units (`max`: `null` for no maximum),
//!   `shopping_cart_required` and `required_customer_data` (the `customer` fields the method
//!   needs, as the API names them).
//!
//! ```
//! # use msp_core as msp;
//! let account = msp::Account::parse(r#"{
//!   "format": 1, "taken_at": "2026-11-29T05:30:00Z", "environment": "test",
//!   "gateways": {"IDEAL": {"flows": ["redirect"], "currencies": ["EUR"],
//!     "allowed_amount": {"min": 100, "max": 5000000},
//!     "shopping_cart_required": false, "required_customer_data": []}}
//! }"#)?;
//! assert!(account.check_amount(msp::Gateway::IDEAL, 5_000_001).is_err());
//! assert!(account.check_gateway(msp::Gateway::AMEX).is_err());
//! # Ok::<(), msp::AccountError>(())
//! ```

mod json;

use crate::{Currency, Flow, Gateway};
use json::{quote, Json};
use std::fmt;
use std::path::{Path, PathBuf};

/// The file's name, at the root of the crate that derives `MspOrder` (`CARGO_MANIFEST_DIR`).
pub const FILE_NAME: &str = "msp-account.json";

/// The version of the file's format that this crate reads and writes (`"format"`).
pub const FORMAT: u64 = 1;

/// What the merchant's account offers, as `msp-account.json` records it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Account {
    /// When the account was read, UTC (`2026-11-29T05:30:00Z`).
    pub taken_at: String,
    /// Where it was read: `test`, `live` or `other`.
    pub environment: String,
    /// The enabled gateways, sorted by code.
    pub methods: Vec<AccountMethod>,
}

/// One enabled gateway of an [`Account`]: what it takes on this account.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AccountMethod {
    /// The gateway.
    pub gateway: Gateway,
    /// The flows allowed, in the order of [`Flow::all`].
    pub flows: Vec<Flow>,
    /// The currencies accepted, sorted by code; empty: those of the catalogue.
    pub currencies: Vec<Currency>,
    /// The least amount, in minor units.
    pub min_amount: u64,
    /// The most, in minor units; `None`: no maximum.
    pub max_amount: Option<u64>,
    /// Whether an order must carry a `shopping_cart`.
    pub shopping_cart_required: bool,
    /// The `customer` fields an order must carry, sorted (such as `"birthday"`).
    pub required_customer_data: Vec<String>,
}

impl AccountMethod {
    /// The gateway with the catalogue's flows and nothing else restricted: no currency list of
    /// its own, no amount limits, no required data.
    pub fn new(gateway: Gateway) -> AccountMethod {
        AccountMethod {
            gateway,
            flows: gateway.spec().flows.to_vec(),
            currencies: Vec::new(),
            min_amount: 0,
            max_amount: None,
            shopping_cart_required: false,
            required_customer_data: Vec::new(),
        }
    }

    /// Whether it accepts `currency` (an empty list: the catalogue's).
    pub fn accepts(&self, currency: Currency) -> bool {
        if self.currencies.is_empty() {
            self.gateway.accepts(currency)
        } else {
            self.currencies.contains(&currency)
        }
    }

    /// Whether `amount_minor` is within its limits.
    pub fn allows_amount(&self, amount_minor: u64) -> bool {
        amount_minor >= self.min_amount && self.max_amount.is_none_or(|max| amount_minor <= max)
    }

    /// Sorts and deduplicates the lists, as the file keeps them.
    fn normalise(&mut self) {
        self.flows
            .sort_by_key(|f| Flow::all().iter().position(|a| a == f));
        self.flows.dedup();
        self.currencies.sort_by(|a, b| a.code().cmp(b.code()));
        self.currencies.dedup();
        self.required_customer_data.sort();
        self.required_customer_data.dedup();
    }
}

/// Why `msp-account.json` could not be read: the file, its JSON, or a value in it (with its
/// path in the JSON and what was expected).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AccountError {
    /// The file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// The system's reason.
        message: String,
    },
    /// The text is not JSON.
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column (in characters).
        column: usize,
        /// What was expected there.
        message: String,
    },
    /// The JSON is not an account file.
    Invalid {
        /// Where in the JSON, such as `gateways.AMEX.currencies[2]`.
        path: String,
        /// What was expected, and what was found.
        message: String,
    },
}

impl fmt::Display for AccountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AccountError::Io { path, message } => {
                write!(f, "cannot read {}: {message}", path.display())
            }
            AccountError::Syntax {
                line,
                column,
                message,
            } => write!(
                f,
                "not valid JSON at line {line}, column {column}: {message}"
            ),
            AccountError::Invalid { path, message } if path.is_empty() => f.write_str(message),
            AccountError::Invalid { path, message } => write!(f, "at `{path}`: {message}"),
        }
    }
}

impl std::error::Error for AccountError {}

fn invalid(path: &str, message: impl Into<String>) -> AccountError {
    AccountError::Invalid {
        path: path.to_owned(),
        message: message.into(),
    }
}

fn expected(path: &str, what: &str, found: &Json) -> AccountError {
    invalid(path, format!("expected {what}, found {}", found.describe()))
}

impl Account {
    /// An account read now from `environment`, with these methods (sorted here).
    pub fn new(
        taken_at: impl Into<String>,
        environment: impl Into<String>,
        methods: impl IntoIterator<Item = AccountMethod>,
    ) -> Account {
        let mut methods: Vec<AccountMethod> = methods.into_iter().collect();
        for method in &mut methods {
            method.normalise();
        }
        methods.sort_by(|a, b| a.gateway.code().cmp(b.gateway.code()));
        methods.dedup_by(|a, b| a.gateway == b.gateway);
        Account {
            taken_at: taken_at.into(),
            environment: environment.into(),
            methods,
        }
    }

    /// Reads the file at `path`.
    pub fn load(path: impl AsRef<Path>) -> Result<Account, AccountError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| AccountError::Io {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        Account::parse(&text)
    }

    /// Reads the file's text.
    pub fn parse(text: &str) -> Result<Account, AccountError> {
        let root = json::parse(text).map_err(|e| AccountError::Syntax {
            line: e.line,
            column: e.column,
            message: e.message,
        })?;
        let mut fields = Fields::of(
            &root,
            "",
            &["format", "taken_at", "environment", "gateways"],
        )?;
        let format = whole(fields.take("format")?, "format")?;
        if format != FORMAT {
            return Err(invalid(
                "format",
                format!("format {format} is not one this version reads ({FORMAT}); re-sync with `msp sync`"),
            ));
        }
        let taken_at = text_of(fields.take("taken_at")?, "taken_at")?;
        let environment = text_of(fields.take("environment")?, "environment")?;
        let gateways = fields.take("gateways")?;
        let Json::Object(gateways) = gateways else {
            return Err(expected(
                "gateways",
                "an object of gateways by code",
                gateways,
            ));
        };
        let mut methods = Vec::with_capacity(gateways.len());
        for (code, value) in gateways {
            let path = format!("gateways.{code}");
            let gateway: Gateway = code.parse().map_err(|e| invalid(&path, format!("{e}")))?;
            methods.push(method(gateway, value, &path)?);
        }
        Ok(Account::new(taken_at, environment, methods))
    }

    /// The file's text: pretty JSON, sorted, with a trailing newline. The same account always
    /// gives the same bytes.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        out.push_str("{\n");
        out.push_str(&format!("  \"format\": {FORMAT},\n"));
        out.push_str(&format!("  \"taken_at\": {},\n", quote(&self.taken_at)));
        out.push_str(&format!(
            "  \"environment\": {},\n",
            quote(&self.environment)
        ));
        if self.methods.is_empty() {
            out.push_str("  \"gateways\": {}\n}\n");
            return out;
        }
        out.push_str("  \"gateways\": {\n");
        let list = |items: Vec<String>| format!("[{}]", items.join(", "));
        for (i, m) in self.methods.iter().enumerate() {
            out.push_str(&format!("    {}: {{\n", quote(m.gateway.code())));
            let flows = list(m.flows.iter().map(|f| quote(f.as_str())).collect());
            let currencies = list(m.currencies.iter().map(|c| quote(c.code())).collect());
            let max = m
                .max_amount
                .map_or("null".to_owned(), |max| max.to_string());
            let data = list(m.required_customer_data.iter().map(|d| quote(d)).collect());
            out.push_str(&format!("      \"flows\": {flows},\n"));
            out.push_str(&format!("      \"currencies\": {currencies},\n"));
            out.push_str(&format!(
                "      \"allowed_amount\": {{\"min\": {}, \"max\": {max}}},\n",
                m.min_amount
            ));
            out.push_str(&format!(
                "      \"shopping_cart_required\": {},\n",
                m.shopping_cart_required
            ));
            out.push_str(&format!("      \"required_customer_data\": {data}\n"));
            let comma = if i + 1 < self.methods.len() { "," } else { "" };
            out.push_str(&format!("    }}{comma}\n"));
        }
        out.push_str("  }\n}\n");
        out
    }

    /// Whether `other` records the same account (`taken_at` aside): then a re-sync keeps the
    /// file as it is.
    pub fn same_terms(&self, other: &Account) -> bool {
        self.environment == other.environment && self.methods == other.methods
    }

    /// The gateway's terms, if the account offers it.
    pub fn method(&self, gateway: Gateway) -> Option<&AccountMethod> {
        self.methods.iter().find(|m| m.gateway == gateway)
    }

    /// The gateway's terms, or why the account does not offer it.
    pub fn check_gateway(&self, gateway: Gateway) -> Result<&AccountMethod, String> {
        self.method(gateway).ok_or_else(|| {
            let codes: Vec<&str> = self.methods.iter().map(|m| m.gateway.code()).collect();
            let enabled = if codes.is_empty() {
                "none".to_owned()
            } else {
                codes.join(", ")
            };
            format!("the account does not offer {gateway}; its gateways: {enabled}")
        })
    }

    /// Why the account does not allow `flow` with `gateway`, if it does not.
    pub fn check_flow(&self, gateway: Gateway, flow: Flow) -> Result<(), String> {
        let method = self.check_gateway(gateway)?;
        if method.flows.contains(&flow) {
            return Ok(());
        }
        let flows: Vec<String> = method.flows.iter().map(|f| format!("\"{f}\"")).collect();
        Err(format!(
            "the account does not allow flow \"{flow}\" for {gateway}; it allows: {}",
            if flows.is_empty() {
                "none".to_owned()
            } else {
                flows.join(", ")
            }
        ))
    }

    /// Why the account does not accept `currency` with `gateway`, if it does not.
    pub fn check_currency(&self, gateway: Gateway, currency: Currency) -> Result<(), String> {
        let method = self.check_gateway(gateway)?;
        if method.accepts(currency) {
            return Ok(());
        }
        if method.currencies.is_empty() {
            // No list of its own: the catalogue's currencies apply, and its message names them.
            return gateway.check_currency(currency);
        }
        let codes: Vec<&str> = method.currencies.iter().map(|c| c.code()).collect();
        Err(format!(
            "the account does not accept {currency} for {gateway}; it accepts: {}",
            codes.join(", ")
        ))
    }

    /// Why `amount_minor` is outside the account's limits for `gateway`, naming the limit.
    pub fn check_amount(&self, gateway: Gateway, amount_minor: u64) -> Result<(), String> {
        let method = self.check_gateway(gateway)?;
        if amount_minor < method.min_amount {
            return Err(format!(
                "{amount_minor} is below the account's minimum for {gateway}: {} minor units",
                method.min_amount
            ));
        }
        match method.max_amount {
            Some(max) if amount_minor > max => Err(format!(
                "{amount_minor} is above the account's maximum for {gateway}: {max} minor units"
            )),
            _ => Ok(()),
        }
    }

    /// Every way `order` does not fit the account: its gateway, flow, currency and amount, each
    /// reported at its field. An order without a gateway (the payment page shows every enabled
    /// method) is not checked.
    #[cfg(feature = "serde")]
    pub fn check_order(&self, order: &crate::OrderRequest) -> Result<(), crate::ValidationErrors> {
        use crate::Field;
        let mut errors = crate::ValidationErrors::new();
        if let Some(gateway) = order.gateway {
            if let Err(message) = self.check_gateway(gateway) {
                errors.push(Field::Gateway, message);
            } else {
                errors.check(Field::Type, self.check_flow(gateway, order.flow));
                errors.check(
                    Field::Currency,
                    self.check_currency(gateway, order.currency),
                );
                errors.check(
                    Field::Amount,
                    self.check_amount(gateway, order.amount.minor_units()),
                );
            }
        }
        errors.into_result()
    }
}

/// An object's members, taken one by one; unknown keys are refused up front (a typo would
/// otherwise be silently ignored).
struct Fields<'a> {
    path: String,
    members: &'a [(String, Json)],
}

impl<'a> Fields<'a> {
    fn of(value: &'a Json, path: &str, known: &[&str]) -> Result<Fields<'a>, AccountError> {
        let Json::Object(members) = value else {
            let what = if path.is_empty() {
                "an object (the account file)"
            } else {
                "an object"
            };
            return Err(expected(path, what, value));
        };
        for (key, _) in members {
            if !known.contains(&key.as_str()) {
                let meant = crate::suggest::closest(key, known.iter().copied()).or_else(|| {
                    known.iter().copied().find(|k| {
                        k.bytes()
                            .zip(key.bytes())
                            .take_while(|(a, b)| a == b)
                            .count()
                            >= 5
                    })
                });
                let hint = match meant {
                    Some(meant) => format!("; did you mean `{meant}`?"),
                    None => format!("; the keys are {}", known.join(", ")),
                };
                return Err(invalid(&join(path, key), format!("unknown key{hint}")));
            }
        }
        Ok(Fields {
            path: path.to_owned(),
            members,
        })
    }

    fn take(&mut self, key: &str) -> Result<&'a Json, AccountError> {
        self.members
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .ok_or_else(|| {
                let at = if self.path.is_empty() {
                    "the file".to_owned()
                } else {
                    format!("`{}`", self.path)
                };
                invalid(&self.path, format!("{at} lacks the key `{key}`"))
            })
    }

    fn path(&self, key: &str) -> String {
        join(&self.path, key)
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn whole(value: &Json, path: &str) -> Result<u64, AccountError> {
    match value {
        Json::Number(n) => n
            .parse::<u64>()
            .map_err(|_| expected(path, "a whole number of minor units, 0 or more", value)),
        _ => Err(expected(path, "a whole number", value)),
    }
}

fn text_of(value: &Json, path: &str) -> Result<String, AccountError> {
    match value {
        Json::Str(s) => Ok(s.clone()),
        _ => Err(expected(path, "a string", value)),
    }
}

fn flag(value: &Json, path: &str) -> Result<bool, AccountError> {
    match value {
        Json::Bool(b) => Ok(*b),
        _ => Err(expected(path, "`true` or `false`", value)),
    }
}

/// A list of strings, each parsed by `parse`.
fn list<T>(
    value: &Json,
    path: &str,
    what: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Vec<T>, AccountError> {
    let Json::Array(items) = value else {
        return Err(expected(path, &format!("a list of {what}"), value));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let at = format!("{path}[{i}]");
            match item {
                Json::Str(s) => parse(s).map_err(|message| invalid(&at, message)),
                other => Err(expected(&at, what, other)),
            }
        })
        .collect()
}

fn method(gateway: Gateway, value: &Json, path: &str) -> Result<AccountMethod, AccountError> {
    let mut fields = Fields::of(
        value,
        path,
        &[
            "flows",
            "currencies",
            "allowed_amount",
            "shopping_cart_required",
            "required_customer_data",
        ],
    )?;
    let flows = list(
        fields.take("flows")?,
        &fields.path("flows"),
        "flows (\"redirect\", \"direct\", \"paymentlink\")",
        |s| s.parse::<Flow>().map_err(|e| e.to_string()),
    )?;
    for (i, flow) in flows.iter().enumerate() {
        gateway
            .check_flow(*flow)
            .map_err(|m| invalid(&format!("{path}.flows[{i}]"), m))?;
    }
    let currencies = list(
        fields.take("currencies")?,
        &fields.path("currencies"),
        "currency codes (\"EUR\")",
        |s| s.parse::<Currency>().map_err(|e| e.to_string()),
    )?;
    let amount_path = fields.path("allowed_amount");
    let mut amount = Fields::of(
        fields.take("allowed_amount")?,
        &amount_path,
        &["min", "max"],
    )?;
    let min_amount = whole(amount.take("min")?, &amount.path("min"))?;
    let max_amount = match amount.take("max")? {
        Json::Null => None,
        other => Some(whole(other, &amount.path("max"))?),
    };
    if max_amount.is_some_and(|max| max < min_amount) {
        return Err(invalid(&amount_path, "`max` is below `min`"));
    }
    let shopping_cart_required = flag(
        fields.take("shopping_cart_required")?,
        &fields.path("shopping_cart_required"),
    )?;
    let required_customer_data = list(
        fields.take("required_customer_data")?,
        &fields.path("required_customer_data"),
        "customer field names (\"birthday\")",
        |s| Ok(s.to_owned()),
    )?;
    Ok(AccountMethod {
        gateway,
        flows,
        currencies,
        min_amount,
        max_amount,
        shopping_cart_required,
        required_customer_data,
    })
}

/// From `GET /payment-methods`: the account's methods that the SDK knows, with the
/// catalogue's flows (the API does not report flows per method). Also returns the ids the SDK
/// does not know, and currency codes it could not read, as notes.
#[cfg(feature = "serde")]
impl Account {
    /// An account from the methods `GET /payment-methods` listed (coupons included), read at
    /// `taken_at` from `environment`; the second value lists what was left out and why.
    pub fn from_methods(
        methods: &[crate::PaymentMethod],
        taken_at: impl Into<String>,
        environment: impl Into<String>,
    ) -> (Account, Vec<String>) {
        let mut notes = Vec::new();
        let mut out = Vec::new();
        for m in methods {
            let Some(gateway) = m.gateway() else {
                notes.push(format!(
                    "`{}` ({}) is not a gateway this SDK knows; left out",
                    m.id, m.name
                ));
                continue;
            };
            let mut currencies = Vec::new();
            for code in &m.allowed_currencies {
                match code.to_ascii_uppercase().parse::<Currency>() {
                    Ok(c) => currencies.push(c),
                    Err(_) => notes.push(format!(
                        "{gateway}: currency `{code}` left out (not ISO 4217)"
                    )),
                }
            }
            let (min_amount, mut max_amount) = (m.allowed_amount.min, m.allowed_amount.max);
            if let Some(max) = max_amount.filter(|&max| max < min_amount) {
                // The file refuses such limits; keep the minimum.
                notes.push(format!(
                    "{gateway}: maximum {max} is below the minimum {min_amount}; maximum left out"
                ));
                max_amount = None;
            }
            if currencies.is_empty() && !m.allowed_currencies.is_empty() {
                notes.push(format!(
                    "{gateway}: none of its currencies is ISO 4217; the catalogue's apply"
                ));
            }
            out.push(AccountMethod {
                gateway,
                flows: gateway.spec().flows.to_vec(),
                currencies,
                min_amount,
                max_amount,
                shopping_cart_required: m.shopping_cart_required,
                required_customer_data: m.required_customer_data.clone(),
            });
        }
        (Account::new(taken_at, environment, out), notes)
    }
}

#[cfg(test)]
mod tests;
