//! Control for tests, in the library and over HTTP (`/_sandbox/...`): the clock, outcomes
//! without the payment page, the notifications sent, reset; and the state file that keeps
//! orders across restarts.

mod common;

use common::{amex_order, assert_error, http, read_json, Listener};
use msp_core::{NotificationMethod, OrderStatus};
use msp_sandbox::{Outcome, OutcomeError, Sandbox};
use serde_json::{json, Value};
use std::time::Duration;

async fn post(sandbox: &Sandbox, path: &str, body: Value) -> (u16, Value) {
    let response = http()
        .post(format!("http://{}{path}", sandbox.address()))
        .header("authorization", format!("Bearer {}", sandbox.api_key()))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("POST");
    read_json(response).await
}

async fn get(sandbox: &Sandbox, path: &str) -> (u16, Value) {
    let response = http()
        .get(format!("http://{}{path}", sandbox.address()))
        .header("api_key", sandbox.api_key())
        .send()
        .await
        .expect("GET");
    read_json(response).await
}

fn status_of(sandbox: &Sandbox, order_id: &str) -> String {
    sandbox.stored_order(order_id).expect("stored")["status"]
        .as_str()
        .expect("status")
        .to_owned()
}

#[tokio::test]
async fn outcomes_change_the_status_and_notify() {
    let sandbox = Sandbox::start().await;
    let mut listener = Listener::start(vec![]).await;
    let client = sandbox.client().unwrap();
    for id in [
        "o-complete",
        "o-decline",
        "o-cancel",
        "o-expire",
        "o-uncleared",
    ] {
        client
            .create_order(&amex_order(id, &listener.url))
            .await
            .unwrap();
    }
    for (id, outcome, status) in [
        ("o-complete", Outcome::Complete, OrderStatus::Completed),
        ("o-decline", Outcome::Decline, OrderStatus::Declined),
        ("o-cancel", Outcome::Cancel, OrderStatus::Cancelled),
        ("o-expire", Outcome::Expire, OrderStatus::Expired),
        ("o-uncleared", Outcome::Uncleared, OrderStatus::Uncleared),
    ] {
        assert_eq!(sandbox.set_outcome(id, outcome).unwrap(), status);
        assert_eq!(status_of(&sandbox, id), status.as_str());
        let received = listener.next().await;
        assert_eq!(received.method, "GET");
        assert_eq!(received.param("transactionid").as_deref(), Some(id));
    }
    // Uncleared, then cleared; a paid order charged back.
    assert_eq!(
        sandbox
            .set_outcome("o-uncleared", Outcome::Complete)
            .unwrap(),
        OrderStatus::Completed
    );
    assert_eq!(
        sandbox
            .set_outcome("o-complete", Outcome::Chargeback)
            .unwrap(),
        OrderStatus::Chargedback
    );
    let typed = client.get_order("o-complete").await.unwrap();
    assert_eq!(typed.status, OrderStatus::Chargedback);
    // What does not apply is refused and changes nothing.
    assert_eq!(
        sandbox.set_outcome("o-decline", Outcome::Complete),
        Err(OutcomeError::NotFrom {
            outcome: Outcome::Complete,
            status: OrderStatus::Declined
        })
    );
    assert!(matches!(
        sandbox.set_outcome("never", Outcome::Complete),
        Err(OutcomeError::UnknownOrder(_))
    ));
    // Every notification is recorded with its attempts.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sent = sandbox.notifications();
    assert_eq!(sent.len(), 7);
    assert!(sent
        .iter()
        .all(|n| n.acknowledged() && n.attempts.len() == 1));
    assert!(sent.iter().all(|n| n.method == NotificationMethod::Get));
    assert_eq!(sent[6].order_id, "o-complete");
    assert_eq!(sent[6].status, "chargedback");
}

#[tokio::test]
async fn advancing_the_clock_expires_unpaid_orders_after_their_time() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    let mut short = amex_order("short", "https://shop.example/notify");
    short.seconds_active = Some(3600);
    let mut two_days = amex_order("two-days", "https://shop.example/notify");
    two_days.days_active = Some(2);
    let default = amex_order("default", "https://shop.example/notify");
    let paid = amex_order("paid", "https://shop.example/notify");
    for order in [&short, &two_days, &default, &paid] {
        client.create_order(order).await.unwrap();
    }
    sandbox.set_outcome("paid", Outcome::Complete).unwrap();
    let start = sandbox.now();

    assert!(sandbox.advance_clock(Duration::from_secs(3599)).is_empty());
    assert_eq!(sandbox.advance_clock(Duration::from_secs(1)), ["short"]);
    assert_eq!(
        sandbox.advance_clock(Duration::from_secs(2 * 86_400)),
        ["two-days"]
    );
    assert_eq!(
        sandbox.advance_clock(Duration::from_secs(28 * 86_400)),
        ["default"]
    );
    assert!(sandbox.now() >= start + 30 * 86_400 + 3600);
    assert_eq!(status_of(&sandbox, "paid"), "completed");
    let expired = client.get_order("short").await.unwrap();
    assert_eq!(expired.status, OrderStatus::Expired);
    // The payment page of an expired order has nothing left to pay.
    let payment_url = client
        .get_order("default")
        .await
        .unwrap()
        .payment_url
        .unwrap();
    let page = http()
        .get(payment_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("<dd id=\"status\">expired</dd>"), "{page}");
    assert!(!page.contains("/complete\""), "no Pay button: {page}");
}

#[tokio::test]
async fn the_control_api_over_http() {
    let sandbox = Sandbox::builder().control(true).start().await;
    let mut listener = Listener::start(vec![(500, "busy")]).await;
    let mut order = amex_order("h-1", &listener.url);
    order.seconds_active = Some(60);
    sandbox
        .client()
        .unwrap()
        .create_order(&order)
        .await
        .unwrap();
    sandbox
        .client()
        .unwrap()
        .create_order(&amex_order("h-2", &listener.url))
        .await
        .unwrap();

    let (status, clock) = get(&sandbox, "/_sandbox/clock").await;
    assert_eq!(status, 200, "{clock}");
    assert_eq!(clock["data"]["offset_seconds"], 0);
    let (status, advanced) =
        post(&sandbox, "/_sandbox/clock", json!({"advance_seconds": 61})).await;
    assert_eq!(status, 200, "{advanced}");
    assert_eq!(advanced["data"]["expired"], json!(["h-1"]));
    assert_eq!(advanced["data"]["offset_seconds"], 61);
    let notified = listener.next().await;
    let timestamp: u64 = notified.param("timestamp").unwrap().parse().unwrap();
    assert!(
        timestamp >= clock["data"]["now"].as_u64().unwrap() + 61,
        "the sandbox's time"
    );

    let (status, set) = post(
        &sandbox,
        "/_sandbox/orders/h-2/outcome",
        json!({"outcome": "complete"}),
    )
    .await;
    assert_eq!(
        (status, &set["data"]),
        (200, &json!({"order_id": "h-2", "status": "completed"}))
    );
    listener.next().await;
    let refused = post(
        &sandbox,
        "/_sandbox/orders/h-2/outcome",
        json!({"outcome": "expire"}),
    )
    .await;
    assert_error(&refused, 409, 1000);
    let unknown = post(
        &sandbox,
        "/_sandbox/orders/nope/outcome",
        json!({"outcome": "complete"}),
    )
    .await;
    assert_error(&unknown, 404, 1006);
    let bad = post(
        &sandbox,
        "/_sandbox/orders/h-2/outcome",
        json!({"outcome": "paid"}),
    )
    .await;
    assert_error(&bad, 404, 1016);

    // The first delivery of h-1's notification was answered 500: retried, both recorded.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (_, sent) = get(&sandbox, "/_sandbox/notifications").await;
    let sent = sent["data"].as_array().unwrap().clone();
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(sent[0]["order_id"], "h-1");
    assert_eq!(sent[0]["status"], "expired");
    assert_eq!(sent[0]["method"], "GET");
    assert_eq!(sent[0]["attempts"][0]["http_status"], 500);
    assert_eq!(sent[0]["attempts"][0]["acknowledged"], false);

    let (_, stats) = get(&sandbox, "/_sandbox/stats").await;
    assert_eq!(stats["data"]["orders"], 2);
    let (status, _) = post(&sandbox, "/_sandbox/reset", json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(sandbox.stored_orders(), 0);
    assert!(sandbox.notifications().is_empty());
    let (_, clock) = get(&sandbox, "/_sandbox/clock").await;
    assert_eq!(clock["data"]["offset_seconds"], 0);
}

#[tokio::test]
async fn the_control_api_is_off_unless_enabled() {
    let sandbox = Sandbox::start().await;
    let answer = post(&sandbox, "/_sandbox/reset", json!({})).await;
    assert_error(&answer, 404, 1000);
}

/// A fresh path under the target directory's temporary folder.
fn state_path(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("msp-sandbox-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    path
}

#[tokio::test]
async fn orders_survive_a_restart_with_a_state_file() {
    let path = state_path("restart.jsonl");
    {
        let sandbox = Sandbox::builder().state_file(&path).start().await;
        let client = sandbox.client().unwrap();
        for id in ["keep-1", "keep-2"] {
            client
                .create_order(&amex_order(id, "https://shop.example/notify"))
                .await
                .unwrap();
        }
        sandbox.set_outcome("keep-2", Outcome::Complete).unwrap();
        sandbox.advance_clock(Duration::from_secs(10));
    }
    // A crash in the middle of a write leaves a torn last line: never acknowledged, ignored.
    {
        use std::io::Write;
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap();
        file.write_all(b"{\"put\": {\"request\": {\"order_id\": \"to")
            .unwrap();
    }
    let sandbox = Sandbox::builder().state_file(&path).start().await;
    let client = sandbox.client().unwrap();
    assert_eq!(sandbox.stored_orders(), 2);
    let first = client.get_order("keep-1").await.unwrap();
    assert_eq!(first.status, OrderStatus::Initialized);
    assert_eq!(first.amount, 1000);
    let origin = format!("http://{}/connect/", sandbox.address());
    assert!(
        first.payment_url.unwrap().starts_with(&origin),
        "the new address"
    );
    assert_eq!(
        client.get_order("keep-2").await.unwrap().status,
        OrderStatus::Completed
    );
    assert!(
        sandbox.now() >= system_now() + 9,
        "the clock's offset is kept"
    );
    // Ids stay unique across the restart, and new orders get new transaction ids.
    let again = client
        .create_order(&amex_order("keep-1", "https://shop.example/notify"))
        .await
        .unwrap_err();
    assert_eq!(again.error_code(), Some(1006));
    client
        .create_order(&amex_order("keep-3", "https://shop.example/notify"))
        .await
        .unwrap();
    let ids: Vec<Value> = ["keep-1", "keep-2", "keep-3"]
        .iter()
        .map(|id| sandbox.stored_order(id).unwrap()["transaction_id"].clone())
        .collect();
    assert!(ids[2] != ids[0] && ids[2] != ids[1], "{ids:?}");
    // The journal was compacted on start: one line per order (and the clock), no torn line.
    drop(sandbox);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.lines().count(), 4, "{text}");
    assert!(text.ends_with('\n'));

    // A reset is kept too.
    let sandbox = Sandbox::builder().state_file(&path).start().await;
    assert_eq!(sandbox.stored_orders(), 3);
    sandbox.reset().unwrap();
    drop(sandbox);
    let sandbox = Sandbox::builder().state_file(&path).start().await;
    assert_eq!(sandbox.stored_orders(), 0);
}

/// The system's time, in Unix seconds.
fn system_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[tokio::test]
async fn a_damaged_state_file_is_refused_with_the_line() {
    let path = state_path("damaged.jsonl");
    std::fs::write(&path, "garbage\n{\"clock\": 5}\n").unwrap();
    let error = Sandbox::builder()
        .state_file(&path)
        .try_start()
        .await
        .unwrap_err();
    assert!(error.to_string().contains("line 1"), "{error}");
}

/// An authorisation not captured within 5 days of sandbox time is void, and can no longer be
/// captured (`paths/orders@{order_id}@capture.yaml`; the 5 days of the card-payments page).
#[tokio::test]
async fn the_clock_voids_an_uncaptured_authorisation_after_five_days() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    let mut order = amex_order("auth-1", "https://shop.example/notify");
    order.capture = Some("manual".into());
    client.create_order(&order).await.unwrap();
    sandbox.set_outcome("auth-1", Outcome::Complete).unwrap();
    assert_eq!(status_of(&sandbox, "auth-1"), "uncleared");

    sandbox.advance_clock(Duration::from_secs(5 * 24 * 3600 - 60));
    assert_eq!(status_of(&sandbox, "auth-1"), "uncleared", "still in time");
    sandbox.advance_clock(Duration::from_secs(120));
    assert_eq!(status_of(&sandbox, "auth-1"), "void");
    let fetched = client.get_order("auth-1").await.unwrap();
    assert_eq!(fetched.status, OrderStatus::Void);
    // The listing agrees: shown as void, and found by a filter on void.
    let listed = client
        .request(msp_core::Method::GET, "transactions?status=void", None)
        .await
        .unwrap();
    let data = listed["data"].as_array().expect("a list");
    assert_eq!(data.len(), 1, "{listed}");
    assert_eq!(data[0]["status"], "void", "{listed}");
    let refused = client
        .capture("auth-1", msp_core::Capture::full())
        .await
        .unwrap_err();
    assert!(refused.error_code().is_some(), "{refused}");
}
