//! `msp sync` against a local sandbox that emulates a restricted account: the file it writes
//! refuses exactly what that sandbox refuses, and syncing twice gives the same bytes.
//!
//! "Refuses" is judged with the file's own checks (`Account::check_gateway`,
//! `check_currency`, `check_amount`): the derive calls the first two on the struct's attribute
//! (the trybuild cases of `tests/account` show it doing so), and the client the last one before
//! sending. `tests/derive.rs` runs the derive itself on a synced file.

use msp_core::{
    Account, AccountMethod, CartItem, Currency, Delivery, Flow, Gateway, OrderRequest,
    ShoppingCart, TaxRate,
};
use msp_sandbox::Sandbox;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The sandbox's account: three gateways, AMEX without CHF, iDEAL capped at 5,000,000.
fn restricted() -> Account {
    let mut amex = AccountMethod::new(Gateway::AMEX);
    amex.currencies = vec![Currency::EUR, Currency::GBP, Currency::USD];
    let mut ideal = AccountMethod::new(Gateway::IDEAL);
    ideal.min_amount = 100;
    ideal.max_amount = Some(5_000_000);
    let mut visa = AccountMethod::new(Gateway::VISA);
    visa.currencies = vec![Currency::EUR];
    Account::new("2026-11-29T05:30:00Z", "test", [amex, ideal, visa])
}

/// A fresh directory of this test's own.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("msp-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `msp <args>` in `dir`, with the environment pointing at `sandbox` (or no key at all).
async fn msp(dir: &Path, sandbox: Option<&Sandbox>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_msp"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("MSP_API_KEY")
        .env_remove("MSP_ENVIRONMENT")
        .env_remove("MSP_BASE_URL");
    if let Some(sandbox) = sandbox {
        command
            .env("MSP_API_KEY", sandbox.api_key())
            .env("MSP_BASE_URL", sandbox.url());
    }
    tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn order(id: String, gateway: Gateway, currency: Currency, amount: u64) -> OrderRequest<'static> {
    let mut order = OrderRequest::new(Flow::PaymentLink, gateway, id, currency, amount, "test");
    order.payment_options_mut().notification_url = Some("https://shop.example/notify".into());
    order.customer_mut().locale = Some("en_GB".into());
    if gateway.requires_shopping_cart() {
        // What the API refuses a buy-now-pay-later order without: a cart and a delivery address.
        order.set_shopping_cart(ShoppingCart::new([CartItem::gross(
            "item",
            amount,
            1,
            TaxRate::percent(0),
        )]));
        let mut delivery = Delivery::default();
        delivery.country = Some("NL".into());
        order.set_delivery(delivery);
    }
    order
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_synced_file_refuses_what_the_sandbox_refuses_and_resyncs_byte_for_byte() {
    let sandbox = Sandbox::builder().account(restricted()).start().await;
    let dir = scratch("sync");
    let file = dir.join("msp-account.json");

    let first = msp(&dir, Some(&sandbox), &["sync"]).await;
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(
        text(&first.stdout).contains("wrote msp-account.json: 3 gateways"),
        "{}",
        text(&first.stdout)
    );
    let written = std::fs::read(&file).unwrap();
    assert!(
        !text(&written).contains(sandbox.api_key()),
        "the key is never written"
    );
    let account = Account::parse(&text(&written)).unwrap();
    assert_eq!(account.environment, "other");

    // The same account again: the file keeps its bytes (its date included).
    let second = msp(&dir, Some(&sandbox), &["sync"]).await;
    assert!(second.status.success(), "{}", text(&second.stderr));
    assert!(
        text(&second.stdout).contains("up to date"),
        "{}",
        text(&second.stdout)
    );
    assert_eq!(std::fs::read(&file).unwrap(), written);
    // Written afresh elsewhere, it differs from the first file by its date at most.
    let third = msp(&dir, Some(&sandbox), &["sync", "--out", "again.json"]).await;
    assert!(third.status.success(), "{}", text(&third.stderr));
    let again = Account::load(dir.join("again.json")).unwrap();
    assert!(again.same_terms(&account));
    let mut dated = again.clone();
    dated.taken_at = account.taken_at.clone();
    assert_eq!(dated.to_json().as_bytes(), written.as_slice());

    // Every gateway of the catalogue, in the currencies it documents (a sample): the file
    // refuses an order exactly when the sandbox answers 1023.
    let client = sandbox.client().unwrap();
    let mut compared = 0;
    for gateway in Gateway::all() {
        for currency in [Currency::EUR, Currency::GBP, Currency::CHF, Currency::USD] {
            if !gateway.accepts(currency) {
                continue;
            }
            let id = format!("{gateway}-{currency}");
            let file_refuses = account
                .check_gateway(gateway)
                .and_then(|_| account.check_currency(gateway, currency))
                .is_err();
            let answer = client
                .create_order(&order(id.clone(), gateway, currency, 1000))
                .await;
            let sandbox_refuses = answer.as_ref().is_err_and(|e| e.error_code() == Some(1023));
            assert_eq!(file_refuses, sandbox_refuses, "{id}: {answer:?}");
            compared += 1;
        }
    }
    assert!(compared > 45, "{compared}");
    for amount in [99, 100, 5_000_000, 5_000_001] {
        let id = format!("ideal-{amount}");
        let file_refuses = account.check_amount(Gateway::IDEAL, amount).is_err();
        let answer = client
            .create_order(&order(id.clone(), Gateway::IDEAL, Currency::EUR, amount))
            .await;
        let sandbox_refuses = answer.as_ref().is_err_and(|e| e.error_code() == Some(1023));
        assert_eq!(file_refuses, sandbox_refuses, "{id}: {answer:?}");
    }

    // `msp diff` reads the file, offline.
    let diff = msp(&dir, None, &["diff"]).await;
    assert!(diff.status.success(), "{}", text(&diff.stderr));
    let said = text(&diff.stdout);
    let offers = format!(
        "offers 3 of the {} documented gateways: AMEX, IDEAL, VISA",
        Gateway::all().count()
    );
    assert!(said.contains(&offers), "{said}");
    assert!(said.contains("AMEX: does not accept CHF"), "{said}");
    assert!(
        said.contains("IDEAL: amounts at least 100 and at most 5000000"),
        "{said}"
    );

    // A flow removed from the file by hand (the API reports none) survives a re-sync.
    let mut edited = Account::load(&file).unwrap();
    let ideal = edited
        .methods
        .iter_mut()
        .find(|m| m.gateway == Gateway::IDEAL)
        .unwrap();
    ideal.flows.retain(|f| *f != Flow::Direct);
    std::fs::write(&file, edited.to_json()).unwrap();
    let resynced = msp(&dir, Some(&sandbox), &["sync"]).await;
    assert!(resynced.status.success(), "{}", text(&resynced.stderr));
    assert!(text(&resynced.stdout).contains("up to date"));
    let kept = Account::load(&file).unwrap();
    assert!(kept.check_flow(Gateway::IDEAL, Flow::Direct).is_err());
    assert!(kept.check_flow(Gateway::IDEAL, Flow::Redirect).is_ok());
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn without_a_key_sync_says_how_to_set_it() {
    let dir = scratch("nokey");
    let out = msp(&dir, None, &["sync"]).await;
    assert!(!out.status.success());
    let said = text(&out.stderr);
    assert!(said.contains("MSP_API_KEY"), "{said}");
    assert!(said.contains("export MSP_API_KEY=<key>"), "{said}");
    assert!(!dir.join("msp-account.json").exists());
    let diff = msp(&dir, None, &["diff"]).await;
    assert!(!diff.status.success());
    assert!(text(&diff.stderr).contains("write it first with `msp sync`"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_key_shows_the_api_code_and_message() {
    let sandbox = Sandbox::builder().api_key("the-right-key").start().await;
    let dir = scratch("badkey");
    let mut command = Command::new(env!("CARGO_BIN_EXE_msp"));
    command
        .arg("sync")
        .current_dir(&dir)
        .env("MSP_API_KEY", "a-wrong-key")
        .env("MSP_BASE_URL", sandbox.url())
        .env_remove("MSP_ENVIRONMENT");
    let out = tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap();
    assert!(!out.status.success());
    let said = text(&out.stderr);
    assert!(said.contains("1032"), "{said}");
    assert!(!said.contains("a-wrong-key"), "{said}");
    let _ = std::fs::remove_dir_all(&dir);
}
