//! Many clients at once, and the bound on memory.

mod common;

use common::{amex_order, assert_error, get_order};
use msp_sandbox::Sandbox;
use std::collections::HashSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_concurrent_submits_are_each_stored_exactly_once() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    let tasks: Vec<_> = (0..64)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                let order = amex_order(&format!("concurrent-{i}"), "https://shop.example/notify");
                client.create_order(&order).await
            })
        })
        .collect();
    let mut sessions = HashSet::new();
    for (i, task) in tasks.into_iter().enumerate() {
        let created = task.await.unwrap().unwrap();
        assert_eq!(created.order_id, format!("concurrent-{i}"));
        assert!(
            sessions.insert(created.session_id.unwrap()),
            "session ids are distinct"
        );
    }
    assert_eq!(sandbox.stored_orders(), 64);
    let mut transactions = HashSet::new();
    for i in 0..64 {
        let (status, json) = get_order(&sandbox, &format!("concurrent-{i}")).await;
        assert_eq!(status, 200);
        assert_eq!(json["data"]["order_id"], format!("concurrent-{i}"));
        assert!(transactions.insert(json["data"]["transaction_id"].as_u64().unwrap()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_submits_of_one_id_create_it_once() {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    let order = amex_order("contested", "https://shop.example/notify");
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let client = client.clone();
            let order = order.clone();
            tokio::spawn(async move { client.create_order(&order).await })
        })
        .collect();
    let mut created = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => created += 1,
            Err(e) => assert_eq!(e.error_code(), Some(1006), "{e}"),
        }
    }
    assert_eq!(created, 1);
    assert_eq!(sandbox.stored_orders(), 1);
}

#[tokio::test]
async fn the_oldest_orders_are_evicted_at_the_cap() {
    let sandbox = Sandbox::builder().max_orders(3).start().await;
    let client = sandbox.client().unwrap();
    let mut payment_urls = Vec::new();
    for i in 0..5 {
        let order = amex_order(&format!("evict-{i}"), "https://shop.example/notify");
        payment_urls.push(client.create_order(&order).await.unwrap().payment_url);
        assert!(sandbox.stored_orders() <= 3);
    }
    assert_eq!(sandbox.stored_orders(), 3);
    for (i, payment_url) in payment_urls.iter().enumerate().take(2) {
        assert_error(&get_order(&sandbox, &format!("evict-{i}")).await, 404, 1006);
        let page = common::http().get(payment_url).send().await.unwrap();
        assert_eq!(page.status(), 404, "an evicted order's page is gone");
    }
    for i in 2..5 {
        assert_eq!(get_order(&sandbox, &format!("evict-{i}")).await.0, 200);
    }
    // A forgotten id can be used again (and evicts the next oldest).
    client
        .create_order(&amex_order("evict-0", "https://shop.example/notify"))
        .await
        .unwrap();
    assert_eq!(get_order(&sandbox, "evict-2").await.0, 404);
    assert_eq!(sandbox.stored_orders(), 3);
}

#[tokio::test]
async fn a_dropped_sandbox_stops_listening() {
    let sandbox = Sandbox::start().await;
    let url = format!("{}orders/x", sandbox.url());
    drop(sandbox);
    let mut refused = false;
    for _ in 0..50 {
        if common::http().get(&url).send().await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(refused, "still answering after drop");
}
