//! Tests of the store with a state file whose `fsync` fails: every write is refused with the
//! error and announced to nobody, reads that would show a change not known durable answer the
//! error, and a refused change is undone.

use super::*;
use crate::outbox::Outbox;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::json;
use std::sync::atomic::{AtomicBool, Ordering};

/// A store with a state file whose `fsync` fails while the returned switch is on.
fn failing_store(name: &str) -> (Arc<AppState>, Arc<AtomicBool>, std::path::PathBuf) {
    let path = std::env::temp_dir().join(format!(
        "msp-sandbox-state-{}-{name}.jsonl",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&path);
    let (journal, _) = Journal::open(&path).unwrap();
    let failing = Arc::new(AtomicBool::new(false));
    let switch = Arc::clone(&failing);
    journal.set_fsync_hook(move || {
        if switch.load(Ordering::SeqCst) {
            Err(std::io::Error::other("writeback failed"))
        } else {
            Ok(())
        }
    });
    let config = Config::default();
    let clock = Arc::new(Clock::default());
    let (_, stopped) = tokio::sync::watch::channel(false);
    let notifier = Notifier::new(
        &config,
        stopped,
        Arc::clone(&clock),
        Arc::new(Outbox::default()),
    )
    .unwrap();
    let state = AppState::new(
        config,
        "http://127.0.0.1:9".into(),
        notifier,
        clock,
        Some(journal),
    );
    (Arc::new(state), failing, path)
}

/// An order that asks for notifications (to a port nobody listens on).
fn request(id: &str, seconds_active: u64) -> OrderRequest<'static> {
    serde_json::from_value(json!({
        "type": "redirect", "order_id": id, "gateway": "AMEX", "currency": "EUR",
        "amount": 1000, "description": "d", "seconds_active": seconds_active,
        "payment_options": {"notification_url": "http://127.0.0.1:9/notify"},
    }))
    .unwrap()
}

fn is_refused(e: &ApiError) -> bool {
    e.status == StatusCode::INTERNAL_SERVER_ERROR
        && e.code == Code::Unspecified
        && e.info.contains("writeback failed")
}

#[tokio::test]
async fn after_a_failed_fsync_no_change_is_acknowledged_or_announced_and_reads_answer_the_error() {
    let (state, failing, path) = failing_store("stop");
    state.create(&request("paid", 3600)).await.unwrap();
    crate::control::set_outcome(&state, "paid", crate::Outcome::Complete).unwrap();
    let open = state.create(&request("open", 3600)).await.unwrap();
    state.create(&request("due", 60)).await.unwrap();
    let announced = state.notifier.outbox().all().len();
    assert_eq!(announced, 1, "the payment");
    let receipt = crate::routes::pos::receipt(State(Arc::clone(&state)), Path("paid".into()));
    assert_eq!(receipt.await.status(), StatusCode::OK);

    failing.store(true, Ordering::SeqCst);
    let page = crate::routes::pay::act(
        State(Arc::clone(&state)),
        Path((open.session_id.to_string(), "complete".into())),
    );
    assert_eq!(page.await.status(), StatusCode::INTERNAL_SERVER_ERROR);
    // Once failed, for good: the next `fsync` would succeed, but proves nothing.
    failing.store(false, Ordering::SeqCst);
    match crate::control::set_outcome(&state, "open", crate::Outcome::Cancel) {
        Err(crate::OutcomeError::NotDurable(why)) => assert!(why.contains("writeback failed")),
        other => panic!("{other:?}"),
    }
    state.clock.advance(120);
    let expired = state.expire_due().unwrap_err();
    assert!(is_refused(&expired), "{expired:?}");
    assert_eq!(
        state.notifier.outbox().all().len(),
        announced,
        "nothing announced"
    );
    let read = state.durable_reads().await.unwrap_err();
    assert!(is_refused(&read), "{read:?}");
    let receipt = crate::routes::pos::receipt(State(Arc::clone(&state)), Path("paid".into()));
    assert_eq!(
        receipt.await.status(),
        StatusCode::INTERNAL_SERVER_ERROR,
        "the receipt waits for durability"
    );
    let _ = std::fs::remove_file(&path);
}

#[tokio::test]
async fn a_change_whose_fsync_fails_is_undone() {
    let (state, failing, path) = failing_store("undo");
    state.create(&request("o", 3600)).await.unwrap();
    state
        .change_status("o", |_| Some(OrderStatus::Completed))
        .unwrap();
    failing.store(true, Ordering::SeqCst);
    let refused = state
        .change("o", |order, now, _| {
            order.status = OrderStatus::Shipped;
            order.modified = now + 1;
            Ok(())
        })
        .await
        .unwrap_err();
    assert!(is_refused(&refused), "{refused:?}");
    let (order, _) = state.order("o").unwrap();
    assert_eq!(order.status, OrderStatus::Completed, "undone");
    let _ = std::fs::remove_file(&path);
}

#[tokio::test]
async fn an_outcome_whose_fsync_fails_is_refused_undone_and_not_announced() {
    let (state, failing, path) = failing_store("outcome");
    state.create(&request("o", 3600)).await.unwrap();
    failing.store(true, Ordering::SeqCst);
    match crate::control::set_outcome(&state, "o", crate::Outcome::Complete) {
        Err(crate::OutcomeError::NotDurable(why)) => assert!(why.contains("writeback failed")),
        other => panic!("{other:?}"),
    }
    let (order, _) = state.order("o").unwrap();
    assert_eq!(
        (order.status, order.completed),
        (OrderStatus::Initialized, None),
        "undone"
    );
    assert!(state.notifier.outbox().all().is_empty(), "not announced");
    let _ = std::fs::remove_file(&path);
}

#[tokio::test]
async fn an_expiry_a_read_finds_is_announced_only_once_durable() {
    let (state, failing, path) = failing_store("expiry");
    state.create(&request("kept", 60)).await.unwrap();
    state.create(&request("lost", 60)).await.unwrap();
    state.clock.advance(120);
    let read = |id: &str| {
        let state = Arc::clone(&state);
        let id = id.to_owned();
        async move {
            crate::routes::orders::get(State(state), Ok(Path(id)))
                .await
                .status()
        }
    };
    assert_eq!(read("kept").await, StatusCode::OK);
    assert_eq!(
        state.notifier.outbox().all().len(),
        1,
        "announced once durable"
    );
    failing.store(true, Ordering::SeqCst);
    assert_eq!(read("lost").await, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        state.notifier.outbox().all().len(),
        1,
        "an expiry that is not durable is not announced"
    );
    let _ = std::fs::remove_file(&path);
}
