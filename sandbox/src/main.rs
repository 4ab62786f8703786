//! `msp-sandbox`: runs a MultiSafepay sandbox on loopback until interrupted.
//!
//! ```text
//! cargo run -p msp-sandbox -- --port 8080
//! ```

use msp_sandbox::{Sandbox, SandboxBuilder};
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "\
Runs a local emulator of MultiSafepay's JSON API on 127.0.0.1 until interrupted (Ctrl-C).

Usage: msp-sandbox [OPTIONS]

Options:
  --port <PORT>            port to listen on (default: any free port)
  --api-key <KEY>          the API key to accept (default: msp-sandbox-test-key)
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
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("msp-sandbox: cannot wait for Ctrl-C ({e}); stopping");
    }
    eprintln!("msp-sandbox: stopped");
    ExitCode::SUCCESS
}

fn announce(sandbox: &Sandbox) {
    println!("MultiSafepay sandbox listening on {}", sandbox.url());
    println!("API key: {}", sandbox.api_key());
    println!();
    println!("To point the SDK (Client::from_env) at it:");
    println!("  export MSP_BASE_URL={}", sandbox.url());
    println!("  export MSP_API_KEY={}", sandbox.api_key());
    println!();
    println!("Press Ctrl-C to stop.");
}

enum Command {
    Run(SandboxBuilder),
    Print(String),
}

/// `--flag value` and `--flag=value`.
fn parse(args: impl Iterator<Item = String>) -> Result<Command, String> {
    let mut builder = Sandbox::builder().verbose(true);
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
            "--api-key" => builder.api_key(value(&flag)?),
            "--max-orders" => builder.max_orders(number(&flag, &value(&flag)?)?),
            "--retries" => builder.notification_retries(number(&flag, &value(&flag)?)?),
            "--retry-delay-ms" => builder
                .notification_retry_delay(Duration::from_millis(number(&flag, &value(&flag)?)?)),
            "--quiet" => builder.verbose(false),
            other => return Err(format!("unknown argument `{other}`")),
        };
    }
    Ok(Command::Run(builder))
}

fn number<T: std::str::FromStr>(flag: &str, text: &str) -> Result<T, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("{flag} takes a whole number, not `{text}`"))
}
