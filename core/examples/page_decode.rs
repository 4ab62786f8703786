//! A driver for profilers: decodes one `GET /transactions` page of 100 transactions N times,
//! nothing else, so that `valgrind --tool=callgrind` counts only that (instruction counts are
//! the same from run to run whatever else the machine does, unlike times). The page repeats
//! the second transaction of MultiSafepay's documented answer
//! (`components/examples/responses/listTransactions.json`), each with its own `order_id`.
//!
//! ```text
//! cargo build --release -p msp-core --example page_decode
//! valgrind --tool=callgrind target/release/examples/page_decode typed 100
//! ```
//! Operations: `none` (building the page only: subtract it), `value` (the whole answer into a
//! `serde_json::Value`, as `Client::request` reads it), `typed` (the answer into its
//! `Transaction`s in one pass, as `Client::transactions` reads a page: each item's `raw` value,
//! then its fields). Each decoded page is dropped, as a consumer would.

#[cfg(feature = "serde")]
fn main() {
    use serde_json::{json, Value};
    use std::hint::black_box;

    /// The answer's envelope, its items typed.
    #[derive(serde::Deserialize)]
    struct Page {
        #[allow(dead_code)]
        success: bool,
        data: Vec<msp_core::Transaction>,
    }

    let documented: Value =
        serde_json::from_str(include_str!("../tests/fixtures/listTransactions.json"))
            .expect("the documented answer");
    let data: Vec<Value> = (0..100)
        .map(|i| {
            let mut item = documented["data"][1].clone();
            item["order_id"] = format!("order-{i}").into();
            item
        })
        .collect();
    let body =
        serde_json::to_vec(&json!({"success": true, "data": data, "pager": documented["pager"]}))
            .expect("a page");
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_else(|| "typed".into());
    let n: u64 = args.next().and_then(|n| n.parse().ok()).unwrap_or(100);
    for _ in 0..n {
        match what.as_str() {
            "none" => {}
            "value" => drop(black_box(
                serde_json::from_slice::<Value>(&body).expect("JSON"),
            )),
            "typed" => drop(black_box(
                serde_json::from_slice::<Page>(&body).expect("a page").data,
            )),
            other => panic!("unknown operation `{other}`: none, value, typed"),
        }
    }
}

#[cfg(not(feature = "serde"))]
fn main() {}
