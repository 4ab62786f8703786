//! The `msp-sandbox` binary as other languages' tests run it: started on a free port, its flags,
//! and a state file that keeps every acknowledged order when the process is killed.

mod common;

use common::{http, read_json};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Starts the binary with `args` on a free port; the process and its API root
/// (`http://127.0.0.1:PORT`).
fn start(args: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_msp-sandbox"))
        .args(["--port", "0", "--quiet"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().expect("stdout"))
        .read_line(&mut line)
        .expect("the first line");
    let url = line
        .split("listening on ")
        .nth(1)
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .trim();
    let origin = url.split("/v1/").next().expect("origin").to_owned();
    (child, origin)
}

fn order(id: &str, gateway: &str) -> String {
    json!({
        "type": "redirect", "order_id": id, "gateway": gateway, "currency": "EUR",
        "amount": 1000, "description": "Binary test order",
        "payment_options": {"notification_url": "https://shop.example/notify",
                            "redirect_url": "https://shop.example/thanks",
                            "cancel_url": "https://shop.example/cancel"},
        "customer": {"locale": "nl_NL", "ip_address": "127.0.0.1"},
    })
    .to_string()
}

async fn create(origin: &str, key: &str, body: String) -> (u16, Value) {
    let response = http()
        .post(format!("{origin}/v1/json/orders"))
        .header("authorization", format!("Bearer {key}"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("POST /orders");
    read_json(response).await
}

async fn get(origin: &str, key: &str, id: &str) -> (u16, Value) {
    let response = http()
        .get(format!("{origin}/v1/json/orders/{id}?api_key={key}"))
        .send()
        .await
        .expect("GET /orders/{id}");
    read_json(response).await
}

#[tokio::test]
async fn acknowledged_orders_survive_a_kill() {
    let dir = std::env::temp_dir().join(format!("msp-sandbox-bin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("orders.jsonl");
    let _ = std::fs::remove_file(&state);
    let state = state.to_str().unwrap();

    let (mut child, origin) = start(&["--api-key", "bin-key", "--state", state, "--control"]);
    for i in 0..20 {
        let (status, answer) =
            create(&origin, "bin-key", order(&format!("kill-{i}"), "AMEX")).await;
        assert_eq!(status, 200, "{answer}");
    }
    let paid = http()
        .post(format!("{origin}/_sandbox/orders/kill-3/outcome"))
        .header("api_key", "bin-key")
        .body(r#"{"outcome": "complete"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(paid.status(), 200);
    // SIGKILL: no chance to flush anything that was not already on disk.
    child.kill().unwrap();
    child.wait().unwrap();

    let (mut child, origin) = start(&["--api-key", "bin-key", "--state", state]);
    for i in 0..20 {
        let (status, answer) = get(&origin, "bin-key", &format!("kill-{i}")).await;
        assert_eq!(status, 200, "kill-{i}: {answer}");
        let expected = if i == 3 { "completed" } else { "initialized" };
        assert_eq!(answer["data"]["status"], expected);
    }
    let (status, _) = create(&origin, "bin-key", order("kill-0", "AMEX")).await;
    assert_eq!(status, 404, "the id is still taken");
    child.kill().unwrap();
    child.wait().unwrap();
}

/// Writes acknowledged together share their `fsync`s (group commit): every one of many
/// concurrent creates and refunds that was answered is on disk when the process is killed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrently_acknowledged_writes_survive_a_kill() {
    let dir = std::env::temp_dir().join(format!("msp-sandbox-bin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let state = dir.join("concurrent.jsonl");
    let _ = std::fs::remove_file(&state);
    let state = state.to_str().unwrap();

    let (mut child, origin) = start(&["--api-key", "gc-key", "--state", state, "--control"]);
    let origin = std::sync::Arc::new(origin);
    let writers: Vec<_> = (0..48)
        .map(|i| {
            let origin = std::sync::Arc::clone(&origin);
            tokio::spawn(async move {
                let id = format!("gc-{i}");
                let (status, answer) = create(&origin, "gc-key", order(&id, "AMEX")).await;
                assert_eq!(status, 200, "{answer}");
                if i % 2 == 1 {
                    return (id, false);
                }
                let paid = http()
                    .post(format!("{origin}/_sandbox/orders/{id}/outcome"))
                    .header("api_key", "gc-key")
                    .body(r#"{"outcome": "complete"}"#)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(paid.status(), 200);
                let refund = http()
                    .post(format!("{origin}/v1/json/orders/{id}/refunds"))
                    .header("api_key", "gc-key")
                    .header("content-type", "application/json")
                    .body(r#"{"currency": "EUR", "amount": 300, "description": "gc"}"#)
                    .send()
                    .await
                    .unwrap();
                let (status, answer) = read_json(refund).await;
                assert_eq!(status, 200, "{answer}");
                (id, true)
            })
        })
        .collect();
    let mut acknowledged = Vec::new();
    for writer in writers {
        acknowledged.push(writer.await.unwrap());
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let (mut child, origin) = start(&["--api-key", "gc-key", "--state", state]);
    for (id, refunded) in acknowledged {
        let (status, answer) = get(&origin, "gc-key", &id).await;
        assert_eq!(status, 200, "{id}: {answer}");
        let refunded_amount = if refunded { 300 } else { 0 };
        assert_eq!(answer["data"]["amount_refunded"], refunded_amount, "{id}");
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

#[tokio::test]
async fn gateways_limit_the_account_and_the_key_is_required() {
    let (mut child, origin) = start(&["--api-key", "gw-key", "--gateways", "IDEAL"]);
    let (status, answer) = create(&origin, "gw-key", order("gw-1", "AMEX")).await;
    assert_eq!((status, answer["error_code"].clone()), (404, json!(1023)));
    let (status, answer) = create(&origin, "wrong", order("gw-2", "AMEX")).await;
    assert_eq!((status, answer["error_code"].clone()), (401, json!(1032)));
    // The control API is off without --control.
    let response = http()
        .get(format!("{origin}/_sandbox/notifications"))
        .header("api_key", "gw-key")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn help_documents_every_flag_and_mistakes_exit_2() {
    let help = Command::new(env!("CARGO_BIN_EXE_msp-sandbox"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(help.status.success());
    let text = String::from_utf8(help.stdout).unwrap();
    for flag in [
        "--port",
        "--api-key",
        "--gateways",
        "--faults",
        "--seed",
        "--control",
        "--state",
        "--host",
    ] {
        assert!(text.contains(flag), "{flag} in --help");
    }
    let wrong = Command::new(env!("CARGO_BIN_EXE_msp-sandbox"))
        .args(["--gateways", "AMX"])
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("did you mean `AMEX`"));
}
