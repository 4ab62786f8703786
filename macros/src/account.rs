//! The merchant's account at compile time: `msp-account.json` at the root of the deriving crate
//! (`CARGO_MANIFEST_DIR`), written by `msp sync`. When it is there, a gateway the account does
//! not offer, a flow it does not allow or a fixed currency it does not accept is refused at its
//! token; when it is not, the documented catalogue alone applies.
//!
//! The file is read with `msp_core::Account` (no serde: a small reader) once per macro process
//! and file version, since every struct of a crate asks for it. The code generated for the first
//! struct of the crate includes the file's bytes in an unnamed constant, so that cargo rebuilds
//! the crate when the file changes. An unreadable file is one error for the crate, at the first
//! struct, rather than one per struct.

use crate::findings::Findings;
use crate::model::{Input, Value};
use msp_core::account::{Account, FILE_NAME};
use msp_core::{Currency, Field, Flow, Gateway, Kind};
use proc_macro2::TokenStream;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

/// The account file of the crate being compiled, read.
pub struct Pinned {
    /// Where it is.
    pub path: PathBuf,
    /// Its account, or why it could not be read.
    pub account: Read,
}

/// What identifies one version of a file: its modification time and length.
type Version = (Option<SystemTime>, u64);

/// A file's account, or why it could not be read.
type Read = Result<Arc<Account>, String>;

/// The files read by this process, by path: a crate of 300 structs reads its file once (and a
/// long-lived process, such as an IDE's, reads it again when it changes).
static READ: OnceLock<Mutex<HashMap<PathBuf, (Version, Read)>>> = OnceLock::new();

/// The account file of the crate being compiled, if it has one.
pub fn pinned() -> Option<Pinned> {
    let dir = std::env::var_os("CARGO_MANIFEST_DIR")?;
    let path = Path::new(&dir).join(FILE_NAME);
    let meta = std::fs::metadata(&path).ok()?;
    let version = (meta.modified().ok(), meta.len());
    let cache = READ.get_or_init(Default::default);
    // A poisoned lock only means another expansion panicked; the map is still sound.
    let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
    let account = match cache.get(&path) {
        Some((read, account)) if *read == version => account.clone(),
        _ => {
            let account = Account::load(&path)
                .map(Arc::new)
                .map_err(|e| e.to_string());
            cache.insert(path.clone(), (version, account.clone()));
            account
        }
    };
    Some(Pinned { path, account })
}

/// Checks the container attribute's gateway, flow and fixed currency against the account file,
/// if there is one; what the catalogue refuses is reported by the catalogue's checks, not again.
pub fn check(input: &Input, gateway: Option<Gateway>, flow: Option<Flow>, findings: &mut Findings) {
    let Some(pinned) = pinned() else {
        return;
    };
    // Always at the crate's root: its name alone is clear, and the same on every machine.
    let shown = FILE_NAME;
    let account = match &pinned.account {
        Ok(account) => account,
        Err(problem) => {
            // Once per process and problem: one error for the crate, not one per struct (the
            // build fails with it all the same).
            let mut reported = REPORTED.lock().unwrap_or_else(|p| p.into_inner());
            let this = (pinned.path.clone(), problem.clone());
            if reported.contains(&this) {
                return;
            }
            reported.push(this);
            findings.error(
                input.name,
                format!(
                    "{shown} (the account file at the crate's root) cannot be read: {problem}; fix \
                     it, or write it again with `msp sync` (or delete it to check against the \
                     documented catalogue alone)"
                ),
            );
            return;
        }
    };
    let refused = |message: String| {
        format!("{message} (as {shown} records it; if the account has changed, re-sync with `msp sync`)")
    };
    for entry in &input.entries {
        let Value::Str(text) = &entry.value else {
            continue;
        };
        let outcome = match entry.key.as_str() {
            "gateway" => match gateway {
                Some(g) => account.check_gateway(g).map(|_| ()),
                None => Ok(()),
            },
            "flow" => match (gateway, flow) {
                (Some(g), Some(f)) if g.offers(f) && account.method(g).is_some() => {
                    account.check_flow(g, f)
                }
                _ => Ok(()),
            },
            key => match (gateway, Field::lookup(key), text.parse::<Currency>()) {
                (Some(g), Some(field), Ok(c))
                    if field.kind() == Kind::Currency
                        && g.accepts(c)
                        && account.method(g).is_some() =>
                {
                    account.check_currency(g, c)
                }
                _ => Ok(()),
            },
        };
        if let Err(message) = outcome {
            findings.error(entry.value_loc, refused(message));
        }
    }
}

/// The unreadable files reported by this process, with their problem (see [`check`]).
static REPORTED: Mutex<Vec<(PathBuf, String)>> = Mutex::new(Vec::new());

/// The account files already included by this process (see [`track`]).
static TRACKED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// `const _: &[u8] = include_bytes!("<file>");`, when the crate has an account file: the
/// compiler then records the file as an input, and cargo rebuilds the crate when it changes.
/// Once per file and process: a compiler process builds one crate, and one inclusion makes
/// the file an input of the whole crate (300 structs would otherwise include it 300 times).
pub fn track() -> TokenStream {
    let Some(path) = pinned().and_then(|p| p.path.to_str().map(str::to_owned)) else {
        return TokenStream::new();
    };
    let mut tracked = TRACKED.lock().unwrap_or_else(|p| p.into_inner());
    if tracked.iter().any(|t| t.as_os_str() == path.as_str()) {
        return TokenStream::new();
    }
    tracked.push(PathBuf::from(&path));
    quote::quote! {
        const _: &[u8] = include_bytes!(#path);
    }
}
