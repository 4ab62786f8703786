//! `msp`: pins a MultiSafepay account's payment methods in `msp-account.json`, which
//! `#[derive(MspOrder)]` reads at compile time and `msp::ClientBuilder::account` at run time.
//!
//! ```text
//! msp sync            # GET /payment-methods -> ./msp-account.json
//! msp diff            # the file against the documented catalogue
//! ```

mod diff;
mod time;

use msp_core::account::FILE_NAME;
use msp_core::{Account, Client, Error, PaymentMethodQuery};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
Pins what your MultiSafepay account offers in msp-account.json, so that #[derive(MspOrder)]
refuses at compile time a payment method, currency or flow the account does not offer.

Usage: msp <COMMAND> [OPTIONS]

Commands:
  sync [--out <PATH>]      read the account's payment methods (GET /payment-methods) and write
                           them to PATH (default: ./msp-account.json); a re-sync that finds the
                           same account leaves the file untouched
  diff [--file <PATH>]     print how the account file (default: ./msp-account.json) differs
                           from MultiSafepay's documented catalogue; reads no network
  help                     print this help

Environment (sync):
  MSP_API_KEY              your site's API key (MultiSafepay Control > Settings > Website);
                           never written to the file
  MSP_ENVIRONMENT          test (default) or live
  MSP_BASE_URL             another API root, such as a local msp-sandbox's

Options:
  -h, --help               print this help
  -V, --version            print the version

Commit msp-account.json at the root of the crate that derives MspOrder; builds (and CI) read
the committed file and never contact MultiSafepay.";

fn main() -> ExitCode {
    match parse(std::env::args().skip(1)) {
        Ok(Command::Print(text)) => {
            println!("{text}");
            ExitCode::SUCCESS
        }
        Ok(Command::Sync { out }) => report(sync(&out)),
        Ok(Command::Diff { file }) => report(show_diff(&file)),
        Err(message) => {
            eprintln!("msp: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn report(outcome: Result<(), String>) -> ExitCode {
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("msp: {message}");
            ExitCode::FAILURE
        }
    }
}

#[derive(Debug, PartialEq)]
enum Command {
    Sync { out: PathBuf },
    Diff { file: PathBuf },
    Print(String),
}

/// `msp <command> [--flag value | --flag=value]`.
fn parse(args: impl Iterator<Item = String>) -> Result<Command, String> {
    let mut args = args.peekable();
    let command = match args.next() {
        None => return Err("no command given".into()),
        Some(c) if matches!(c.as_str(), "-h" | "--help" | "help") => {
            return Ok(Command::Print(USAGE.to_owned()))
        }
        Some(c) if matches!(c.as_str(), "-V" | "--version") => {
            return Ok(Command::Print(format!("msp {}", env!("CARGO_PKG_VERSION"))))
        }
        Some(c) => c,
    };
    let (flag_name, mut path) = match command.as_str() {
        "sync" => ("--out", PathBuf::from(FILE_NAME)),
        "diff" => ("--file", PathBuf::from(FILE_NAME)),
        other => {
            return Err(format!(
                "unknown command `{other}`; the commands are `sync` and `diff`"
            ))
        }
    };
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Print(USAGE.to_owned())),
            f if f == flag_name => {
                let value = inline
                    .or_else(|| args.next())
                    .filter(|v| !v.trim().is_empty())
                    .ok_or_else(|| format!("{flag_name} needs a path"))?;
                path = PathBuf::from(value);
            }
            other => return Err(format!("`msp {command}` does not take `{other}`")),
        }
    }
    Ok(match command.as_str() {
        "sync" => Command::Sync { out: path },
        _ => Command::Diff { file: path },
    })
}

/// Which API the environment points at, as the file records it (never the key).
fn environment_name() -> &'static str {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    if var("MSP_BASE_URL").is_some() {
        return "other";
    }
    match var("MSP_ENVIRONMENT").map(|e| e.trim().to_ascii_lowercase()) {
        Some(e) if e == "live" => "live",
        _ => "test",
    }
}

/// What a client error is told: how to set the key, or the API's code and message.
fn explain(error: &Error) -> String {
    match error {
        Error::Config(message) if message.contains("MSP_API_KEY") => format!(
            "{message}.\n  `msp sync` reads the account with your site's API key: \
             export MSP_API_KEY=<key> (MultiSafepay Control > Settings > Website), and \
             MSP_ENVIRONMENT=live for the live account"
        ),
        Error::Api {
            error_code: Some(1032),
            ..
        } => format!(
            "{error}\n  check MSP_API_KEY, and MSP_ENVIRONMENT: a test key does not work on live, \
             nor a live key on test"
        ),
        other => other.to_string(),
    }
}

fn sync(out: &Path) -> Result<(), String> {
    let client = Client::from_env().map_err(|e| explain(&e))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("could not start the runtime: {e}"))?;
    let methods = runtime
        .block_on(client.payment_methods(PaymentMethodQuery::default().include_coupons(true)))
        .map_err(|e| {
            format!(
                "could not read the account's payment methods: {}",
                explain(&e)
            )
        })?;
    let (mut account, notes) = Account::from_methods(&methods, time::now_utc(), environment_name());
    let current = Account::load(out).ok();
    if let Some(current) = &current {
        // The API reports no flows, so the file's are the catalogue's unless removed by hand:
        // a flow removed from the file stays removed.
        for method in &mut account.methods {
            if let Some(kept) = current.methods.iter().find(|m| m.gateway == method.gateway) {
                let flows: Vec<_> = method
                    .flows
                    .iter()
                    .copied()
                    .filter(|f| kept.flows.contains(f))
                    .collect();
                if !flows.is_empty() {
                    method.flows = flows;
                }
            }
        }
    }
    for note in &notes {
        eprintln!("msp: note: {note}");
    }
    let shown = out.display();
    let codes: Vec<&str> = account.methods.iter().map(|m| m.gateway.code()).collect();
    if let Some(current) = current {
        if current.same_terms(&account) {
            println!(
                "{shown} is up to date ({} gateways: {}); left untouched",
                codes.len(),
                codes.join(", ")
            );
            return Ok(());
        }
    }
    write_atomically(out, account.to_json().as_bytes())
        .map_err(|e| format!("could not write {shown}: {e}"))?;
    let source = match account.environment.as_str() {
        "other" => "MSP_BASE_URL".to_owned(),
        environment => format!("the {environment} environment"),
    };
    println!(
        "wrote {shown}: {} gateways from {source}: {}",
        codes.len(),
        codes.join(", ")
    );
    println!("commit it at the root of the crate that derives MspOrder; `msp diff` compares it with the documented catalogue");
    Ok(())
}

/// Writes to a temporary file next to `path`, then renames it over `path`: a reader (a build)
/// sees the old file or the new one, never half of one.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path)
}

fn show_diff(file: &Path) -> Result<(), String> {
    let account = Account::load(file).map_err(|e| match e {
        msp_core::AccountError::Io { .. } => {
            format!("{e}\n  write it first with `msp sync` (needs MSP_API_KEY)")
        }
        other => format!("{} cannot be read: {other}", file.display()),
    })?;
    println!(
        "{} (taken {} from the {} environment) against the documented catalogue:",
        file.display(),
        account.taken_at,
        account.environment
    );
    for line in diff::differences(&account) {
        println!("  {line}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(line: &str) -> Result<Command, String> {
        parse(line.split_whitespace().map(str::to_owned))
    }

    #[test]
    fn commands_and_their_flags() {
        assert_eq!(
            parsed("sync"),
            Ok(Command::Sync {
                out: FILE_NAME.into()
            })
        );
        assert_eq!(
            parsed("sync --out a/b.json"),
            Ok(Command::Sync {
                out: "a/b.json".into()
            })
        );
        assert_eq!(
            parsed("diff --file=x.json"),
            Ok(Command::Diff {
                file: "x.json".into()
            })
        );
        for help in ["--help", "help", "-h", "sync --help"] {
            let Ok(Command::Print(text)) = parsed(help) else {
                panic!("{help}")
            };
            for part in [
                "sync",
                "diff",
                "MSP_API_KEY",
                "MSP_ENVIRONMENT",
                "MSP_BASE_URL",
                "--out",
            ] {
                assert!(text.contains(part), "{part}");
            }
        }
        assert!(parsed("").unwrap_err().contains("no command"));
        assert!(parsed("snyc")
            .unwrap_err()
            .contains("unknown command `snyc`"));
        assert!(parsed("sync --file x")
            .unwrap_err()
            .contains("does not take `--file`"));
        assert!(parsed("sync --out")
            .unwrap_err()
            .contains("--out needs a path"));
    }

    #[test]
    fn a_missing_key_says_how_to_set_it() {
        let said = explain(&Error::Config(
            "MSP_API_KEY is not set: export your site's API key".into(),
        ));
        assert!(said.contains("export MSP_API_KEY=<key>"), "{said}");
        let refused = explain(&Error::Api {
            status: 403,
            error_code: Some(1032),
            error_info: "Invalid API key".into(),
        });
        assert!(
            refused.contains("1032") && refused.contains("Invalid API key"),
            "{refused}"
        );
        assert!(refused.contains("MSP_ENVIRONMENT"), "{refused}");
    }
}
