//! `msp-sandbox`: runs a MultiSafepay sandbox on loopback until interrupted.
//!
//! ```text
//! cargo install --path sandbox
//! msp-sandbox --port 8080 --control --state orders.jsonl
//! ```

use msp_core::Gateway;
use msp_sandbox::{Faults, Sandbox, SandboxBuilder};
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "\
Runs a local emulator of MultiSafepay's JSON API on 127.0.0.1 until interrupted (Ctrl-C or
SIGTERM), for testing a MultiSafepay integration in any language without an account.

Usage: msp-sandbox [OPTIONS]

Options:
  --port <PORT>            port to listen on (default: any free port; printed at start)
  --host <ADDRESS>         address to listen on (default: 127.0.0.1); 0.0.0.0 in a container,
                           so that a published port reaches it (a test network only)
  --api-key <KEY>          the API key to accept, in the `api_key` header, the `api_key` query
                           parameter or `Authorization: Bearer <KEY>` (default:
                           msp-sandbox-test-key); any other key is refused with error 1032
  --gateways <CODES>       the gateways the account offers, comma-separated (e.g. AMEX,IDEAL);
                           orders for others are refused with error 1023 (default: all)
  --account <FILE>         emulate the account of an msp-account.json (as `msp sync` writes
                           it): its gateways, currencies and amount limits; other orders are
                           refused with error 1023, and GET /payment-methods lists its terms
  --faults <RATE>          spoil this share (0 to 1) of order requests: dropped connections,
                           late answers, 5xx, 429, garbled bodies (default: none)
  --seed <N>               the seed of --faults: the same seed spoils the same requests
                           (default: 1)
  --control                serve the control API under /_sandbox/ (move the clock, set an
                           order's outcome, read notifications, reset; see the README)
  --state <FILE>           keep orders in FILE across restarts; each change is written and
                           synced before it is answered (default: in memory only)
  --max-orders <N>         orders to keep; the oldest are forgotten first (default: 4096)
  --retries <N>            retries of an unacknowledged notification (default: 3)
  --retry-delay-ms <MS>    wait before each retry, in milliseconds (default: 10000)
  --quiet                  do not log requests and notifications
  -h, --help               print this help
  -V, --version            print the version";

fn main() -> ExitCode {
    let builder = match parse(std::env::args().skip(1)) {
        Ok(Command::Run(builder)) => builder,
        Ok(Command::Print(text)) => {
            println!("{text}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("msp-sandbox: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("msp-sandbox: could not start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(builder))
}

async fn run(builder: SandboxBuilder) -> ExitCode {
    let sandbox = match builder.try_start().await {
        Ok(sandbox) => sandbox,
        Err(e) => {
            eprintln!("msp-sandbox: could not start: {e}");
            return ExitCode::FAILURE;
        }
    };
    announce(&sandbox);
    stop_requested().await;
    eprintln!("msp-sandbox: stopped");
    ExitCode::SUCCESS
}

/// Ctrl-C, or SIGTERM (what `docker stop` and service managers send).
async fn stop_requested() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("msp-sandbox: cannot wait for Ctrl-C ({e}); stopping");
    }
}

fn announce(sandbox: &Sandbox) {
    let url = sandbox.url();
    println!("MultiSafepay sandbox listening on {url}");
    println!("API key: {}", sandbox.api_key());
    println!();
    println!("To point the Rust SDK (Client::from_env) at it:");
    println!("  export MSP_BASE_URL={url}");
    println!("  export MSP_API_KEY={}", sandbox.api_key());
    println!();
    println!(
        "Official SDKs take the API root, http://{}/v1/ (see the README).",
        sandbox.address()
    );
    println!("Press Ctrl-C to stop.");
}

enum Command {
    Run(SandboxBuilder),
    Print(String),
}

/// `--flag value` and `--flag=value`.
fn parse(args: impl Iterator<Item = String>) -> Result<Command, String> {
    let mut builder = Sandbox::builder().verbose(true);
    let mut fault_rate: Option<f64> = None;
    let mut seed: Option<u64> = None;
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        builder = match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Print(USAGE.to_owned())),
            "-V" | "--version" => {
                return Ok(Command::Print(format!(
                    "msp-sandbox {}",
                    env!("CARGO_PKG_VERSION")
                )))
            }
            "--port" => builder.port(number(&flag, &value(&flag)?)?),
            "--host" => builder.host(
                value(&flag)?
                    .trim()
                    .parse()
                    .map_err(|_| format!("{flag} takes an IP address such as 0.0.0.0"))?,
            ),
            "--api-key" => builder.api_key(value(&flag)?),
            "--gateways" => builder.gateways(gateways(&value(&flag)?)?),
            "--account" => builder.account(
                msp_core::Account::load(value(&flag)?).map_err(|e| format!("--account: {e}"))?,
            ),
            "--faults" => {
                fault_rate = Some(rate(&value(&flag)?)?);
                builder
            }
            "--seed" => {
                seed = Some(number(&flag, &value(&flag)?)?);
                builder
            }
            "--control" => builder.control(true),
            "--state" => builder.state_file(value(&flag)?),
            "--max-orders" => builder.max_orders(number(&flag, &value(&flag)?)?),
            "--retries" => builder.notification_retries(number(&flag, &value(&flag)?)?),
            "--retry-delay-ms" => builder
                .notification_retry_delay(Duration::from_millis(number(&flag, &value(&flag)?)?)),
            "--quiet" => builder.verbose(false),
            other => return Err(format!("unknown argument `{other}`")),
        };
    }
    match (fault_rate, seed) {
        (Some(rate), seed) => {
            builder = builder.faults(Faults::new(seed.unwrap_or(1)).rate(rate));
        }
        (None, Some(_)) => return Err("--seed is the seed of --faults: give --faults too".into()),
        (None, None) => {}
    }
    Ok(Command::Run(builder))
}

fn number<T: std::str::FromStr>(flag: &str, text: &str) -> Result<T, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("{flag} takes a whole number, not `{text}`"))
}

/// A share between 0 and 1.
fn rate(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(rate) if (0.0..=1.0).contains(&rate) => Ok(rate),
        _ => Err(format!(
            "--faults takes a share between 0 and 1 (0.1 spoils one request in ten), not `{text}`"
        )),
    }
}

/// `AMEX,IDEAL`: gateway codes, comma-separated.
fn gateways(text: &str) -> Result<Vec<Gateway>, String> {
    let list = text
        .split(',')
        .map(str::trim)
        .filter(|code| !code.is_empty())
        .map(|code| {
            code.parse::<Gateway>()
                .map_err(|e| format!("--gateways: {e}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if list.is_empty() {
        return Err("--gateways needs at least one gateway code (e.g. AMEX,IDEAL)".into());
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> impl Iterator<Item = String> + '_ {
        line.split_whitespace().map(str::to_owned)
    }

    fn config(line: &str) -> String {
        match parse(args(line)) {
            Ok(Command::Run(builder)) => format!("{builder:?}"),
            Ok(Command::Print(text)) => text,
            Err(e) => format!("error: {e}"),
        }
    }

    #[test]
    fn flags_set_the_options() {
        let all = config("--port 8080 --api-key k --gateways AMEX,IDEAL --faults 0.25 --seed 7 --control --state s.jsonl --quiet");
        for part in [
            "port: 8080",
            "gateways: Some([AMEX, IDEAL])",
            "control: true",
            "state_file: Some(\"s.jsonl\")",
            "verbose: false",
            "seed: 7",
        ] {
            assert!(all.contains(part), "{part} in {all}");
        }
        assert!(!all.contains("\"k\""), "the key is never printed: {all}");
        assert!(config("--faults=0.5").contains("seed: 1"));
        let file = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/account/msp-account.json"
        );
        assert!(config(&format!("--account {file}")).contains("account: Some([AMEX, IDEAL])"));
    }

    #[test]
    fn mistakes_are_explained() {
        assert!(config("--gateways AMX").contains("did you mean `AMEX`"));
        assert!(config("--gateways ,").contains("at least one"));
        assert!(config("--faults 2").contains("between 0 and 1"));
        assert!(config("--seed 3").contains("give --faults too"));
        assert!(config("--port x").contains("whole number"));
        assert!(config("--host localhost").contains("IP address"));
        assert!(config("--host 0.0.0.0").contains("host: 0.0.0.0"));
        assert!(config("--state").contains("needs a value"));
        assert!(config("--nope").contains("unknown argument"));
        assert!(config("--account /nonexistent/msp-account.json")
            .contains("--account: cannot read /nonexistent/msp-account.json"));
        let help = config("--help");
        for flag in [
            "--port",
            "--api-key",
            "--gateways",
            "--account",
            "--faults",
            "--seed",
            "--control",
            "--state",
        ] {
            assert!(help.contains(flag), "{flag} documented");
        }
    }
}
