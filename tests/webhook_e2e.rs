//! The notification extractors on a real axum server on loopback: the sandbox's own
//! notifications of both methods (asked for with the derive's `notification_method` key),
//! hand-made requests with good and bad signatures, and what a handler receives when
//! notifications repeat or arrive out of order.

use axum::extract::{FromRef, State};
use axum::http::Method;
use axum::routing::get;
use axum::Router;
use msp::webhook::{self, Current, Incoming, Notified, Signed, Verifier, ACK};
use msp::{Client, Currency, MspOrder, NotificationMethod, OrderDetails, OrderStatus};
use msp_sandbox::{CustomerAction, Sandbox};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::mpsc;

/// An order whose notifications are signed POSTs, asked for by the derive's key.
#[derive(MspOrder)]
#[msp_order(
    allow(fraud_check, get_notification),
    gateway = "AMEX",
    flow = "redirect",
    redirect_url = "https://shop.example/thanks",
    cancel_url = "https://shop.example/cancel",
    locale = "nl_NL",
    notification_method = "POST"
)]
struct PostCheckout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
    notification_url: String,
}

/// The same order, notified by GET (only the order id).
#[derive(MspOrder)]
#[msp_order(
    allow(fraud_check, get_notification),
    gateway = "AMEX",
    flow = "redirect",
    redirect_url = "https://shop.example/thanks",
    cancel_url = "https://shop.example/cancel",
    locale = "nl_NL",
    notification_method = "GET"
)]
struct GetCheckout {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
    notification_url: String,
}

/// What a handler saw: the request's method and the order the extractor handed.
type Seen = (Method, OrderDetails);

/// The app's state: the client (which also gives the verifier) and where handlers report.
#[derive(Clone)]
struct App {
    client: Client,
    seen: mpsc::UnboundedSender<Seen>,
}

impl FromRef<App> for Client {
    fn from_ref(app: &App) -> Client {
        app.client.clone()
    }
}

impl FromRef<App> for Verifier {
    fn from_ref(app: &App) -> Verifier {
        Verifier::from_client(&app.client)
    }
}

async fn notified(
    State(app): State<App>,
    method: Method,
    Notified(order): Notified,
) -> &'static str {
    let _ = app.seen.send((method, order));
    ACK
}

async fn current(State(app): State<App>, method: Method, Current(order): Current) -> &'static str {
    let _ = app.seen.send((method, order));
    ACK
}

async fn signed(Signed(order): Signed) -> String {
    format!("{ACK} {}", order.status)
}

/// The webhook server: `/notified` and `/current` (GET and POST) with the app's state,
/// `/signed` (POST) with only a verifier.
struct Server {
    base: String,
    seen: mpsc::UnboundedReceiver<Seen>,
    http: reqwest::Client,
}

impl Server {
    async fn start(client: Client, verifier: Verifier) -> Server {
        let (tx, seen) = mpsc::unbounded_channel();
        let app = App { client, seen: tx };
        let router = Router::new()
            .route("/notified", get(notified).post(notified))
            .route("/current", get(current).post(current))
            .with_state(app)
            .merge(
                Router::new()
                    .route("/signed", get(signed).post(signed))
                    .with_state(verifier),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await });
        let http = reqwest::Client::builder().no_proxy().build().unwrap();
        Server { base, seen, http }
    }

    /// The next order a handler saw.
    async fn next(&mut self) -> Seen {
        tokio::time::timeout(Duration::from_secs(10), self.seen.recv())
            .await
            .expect("a notification within 10 s")
            .expect("the server runs")
    }

    /// POSTs `body` to `path`, signed with `key` at `timestamp` (no `Auth` header when `key`
    /// is `None`); the answer's status and body.
    async fn post(
        &self,
        path: &str,
        order_id: &str,
        body: &[u8],
        key: Option<&str>,
        timestamp: u64,
    ) -> (u16, String) {
        let mut request = self
            .http
            .post(format!("{}{path}", self.base))
            .query(&[
                ("transactionid", order_id),
                ("timestamp", &timestamp.to_string()),
            ])
            .body(body.to_vec());
        if let Some(key) = key {
            request = request.header(webhook::AUTH_HEADER, webhook::sign(body, key, timestamp));
        }
        answer(request).await
    }

    /// GETs `path` with `query` (as MultiSafepay's GET notification does).
    async fn get(&self, path: &str, query: &str) -> (u16, String) {
        answer(self.http.get(format!("{}{path}?{query}", self.base))).await
    }
}

async fn answer(request: reqwest::RequestBuilder) -> (u16, String) {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

async fn setup() -> (Sandbox, Client, Server) {
    let sandbox = Sandbox::start().await;
    let client = sandbox.client().unwrap();
    // The verifier of `/signed` comes from the client too: the key is configured once.
    let server = Server::start(client.clone(), client.webhook_verifier()).await;
    (sandbox, client, server)
}

/// Creates an unpaid order notified at `path` by `method`; its payment URL.
async fn create(
    client: &Client,
    server: &Server,
    order_id: &str,
    path: &str,
    method: NotificationMethod,
) -> String {
    let (order_id, currency, amount, description) = (
        order_id.to_owned(),
        Currency::EUR,
        1250,
        "Webhook test".to_owned(),
    );
    let notification_url = format!("{}{path}", server.base);
    let created = match method {
        NotificationMethod::Post => {
            let order = PostCheckout {
                order_id,
                currency,
                amount,
                description,
                notification_url,
            };
            let request = order.to_request().unwrap();
            let options = request.payment_options.as_ref().unwrap();
            assert_eq!(options.notification_method, Some(NotificationMethod::Post));
            order.submit(client).await.unwrap()
        }
        NotificationMethod::Get => {
            let order = GetCheckout {
                order_id,
                currency,
                amount,
                description,
                notification_url,
            };
            let json = serde_json::to_value(order.to_request().unwrap()).unwrap();
            assert_eq!(json["payment_options"]["notification_method"], "GET");
            order.submit(client).await.unwrap()
        }
    };
    created.payment_url
}

#[tokio::test]
async fn the_sandboxs_signed_post_reaches_the_handler_as_the_typed_order() {
    let (sandbox, client, mut server) = setup().await;
    let payment_url = create(
        &client,
        &server,
        "hook-post-1",
        "/notified",
        NotificationMethod::Post,
    )
    .await;
    sandbox
        .act_as_customer(&payment_url, CustomerAction::Pay)
        .await
        .unwrap();
    let (method, order) = server.next().await;
    assert_eq!(method, Method::POST, "the order asked for POST");
    assert_eq!(order.order_id, "hook-post-1");
    assert_eq!(order.status, OrderStatus::Completed);
    assert_eq!((order.amount, order.currency.as_str()), (1250, "EUR"));
}

#[tokio::test]
async fn the_sandboxs_get_notification_is_fetched_into_the_same_typed_order() {
    let (sandbox, client, mut server) = setup().await;
    let payment_url = create(
        &client,
        &server,
        "hook-get-1",
        "/notified",
        NotificationMethod::Get,
    )
    .await;
    sandbox
        .act_as_customer(&payment_url, CustomerAction::Pay)
        .await
        .unwrap();
    let (method, order) = server.next().await;
    assert_eq!(method, Method::GET, "the order asked for GET");
    assert_eq!(order, client.get_order("hook-get-1").await.unwrap());
    assert_eq!(order.status, OrderStatus::Completed);
    assert_eq!(order.amount, 1250);
}

#[tokio::test]
async fn signatures_are_checked_on_the_raw_body_of_a_real_request() {
    let (sandbox, _client, mut server) = setup().await;
    let key = sandbox.api_key().to_owned();
    let body = br#"{"order_id":"hook-sig","status":"completed","amount":900,"currency":"EUR"}"#;
    let t = now();

    assert_eq!(
        server
            .post("/notified", "hook-sig", body, Some(&key), t)
            .await,
        (200, ACK.to_owned())
    );
    let (method, order) = server.next().await;
    assert_eq!(
        (method, order.order_id.as_str(), order.amount),
        (Method::POST, "hook-sig", 900)
    );

    let refused = |reason: &str, status: u16| (status, reason.to_owned());
    // The body changed after signing (one byte: 900 -> 990).
    let altered = br#"{"order_id":"hook-sig","status":"completed","amount":990,"currency":"EUR"}"#;
    let request = server
        .http
        .post(format!("{}/notified", server.base))
        .header(webhook::AUTH_HEADER, webhook::sign(body, &key, t))
        .body(altered.to_vec());
    assert_eq!(answer(request).await, refused("invalid signature", 401));
    // Signed with another site's key, unsigned, too old, too far ahead.
    let post = |body: &'static [u8], key: Option<String>, timestamp: u64| {
        let server = &server;
        async move {
            server
                .post("/notified", "hook-sig", body, key.as_deref(), timestamp)
                .await
        }
    };
    let other = Some("another-sites-key".to_owned());
    assert_eq!(
        post(body, other, t).await,
        refused("invalid signature", 401)
    );
    assert_eq!(
        post(body, None, t).await,
        refused("missing Auth header", 401)
    );
    let k = || Some(key.clone());
    assert_eq!(
        post(body, k(), t - 3600).await,
        refused("signature expired", 401)
    );
    assert_eq!(
        post(body, k(), t + 3600).await,
        refused("signature timestamp in the future", 401)
    );
    // Authentic, but not an order.
    assert_eq!(
        post(b"[1,2]", k(), t).await,
        refused("the body is not a MultiSafepay order", 400)
    );
    let odd = server
        .http
        .put(format!("{}/signed", server.base))
        .body(body.to_vec());
    assert_eq!(answer(odd).await.0, 405, "the router refuses PUT");
    // Nothing but the one good notification reached the handler.
    assert!(server.seen.try_recv().is_err());
}

#[tokio::test]
async fn a_get_without_an_order_or_for_an_unknown_one_is_refused() {
    let (_sandbox, _client, mut server) = setup().await;
    assert_eq!(
        server.get("/notified", "timestamp=1").await,
        (400, "missing transactionid".to_owned())
    );
    assert_eq!(
        server.get("/notified", "transactionid=&timestamp=1").await,
        (400, "missing transactionid".to_owned())
    );
    assert_eq!(
        server.get("/notified", "transactionid=no-such-order").await,
        (404, "no such order".to_owned())
    );
    assert!(server.seen.try_recv().is_err());
}

#[tokio::test]
async fn the_signed_extractor_needs_only_a_verifier_and_refuses_get() {
    let (sandbox, _client, server) = setup().await;
    let body = br#"{"order_id":"hook-s","status":"uncleared","amount":5,"currency":"EUR"}"#;
    assert_eq!(
        server
            .post("/signed", "hook-s", body, Some(sandbox.api_key()), now())
            .await,
        (200, "OK uncleared".to_owned())
    );
    assert_eq!(
        server
            .post("/signed", "hook-s", body, Some("other-key"), now())
            .await,
        (401, "invalid signature".to_owned())
    );
    // A GET notification has nothing to verify, and `Signed` has no client to fetch with.
    assert_eq!(
        server
            .get("/signed", "transactionid=hook-s&timestamp=1")
            .await,
        (
            405,
            "only signed POST notifications are accepted here".to_owned()
        )
    );
}

/// Repeats and late arrivals: a GET always hands the current order, however late; a POST
/// hands the order as signed (so a late retry may be older), and `Current` the current one.
#[tokio::test]
async fn repeated_and_late_notifications_hand_what_the_docs_promise() {
    let (sandbox, client, mut server) = setup().await;
    let payment_url = create(
        &client,
        &server,
        "hook-late",
        "/unused",
        NotificationMethod::Post,
    )
    .await;
    let key = sandbox.api_key().to_owned();

    // Before the payment: a GET hint (and the POST MultiSafepay would send) of the open order.
    let hint = "transactionid=hook-late&timestamp=1";
    assert_eq!(server.get("/notified", hint).await.0, 200);
    assert_eq!(server.next().await.1.status, OrderStatus::Initialized);
    let open = serde_json::to_vec(&client.get_order("hook-late").await.unwrap().raw).unwrap();

    sandbox
        .act_as_customer(&payment_url, CustomerAction::Pay)
        .await
        .unwrap();
    let paid = serde_json::to_vec(&client.get_order("hook-late").await.unwrap().raw).unwrap();

    // The paid notification, delivered twice: both reach the handler, alike.
    for _ in 0..2 {
        assert_eq!(
            server
                .post("/notified", "hook-late", &paid, Some(&key), now())
                .await
                .0,
            200
        );
        assert_eq!(server.next().await.1.status, OrderStatus::Completed);
    }
    // The GET hint of the open order, delivered late and twice: the current order each time.
    for _ in 0..2 {
        assert_eq!(server.get("/notified", hint).await.0, 200);
        assert_eq!(server.next().await.1.status, OrderStatus::Completed);
    }
    // A late retry of the open order's POST: `Notified` hands it as signed (older than what
    // was handled), `Current` the current order.
    assert_eq!(
        server
            .post("/notified", "hook-late", &open, Some(&key), now())
            .await
            .0,
        200
    );
    assert_eq!(server.next().await.1.status, OrderStatus::Initialized);
    assert_eq!(
        server
            .post("/current", "hook-late", &open, Some(&key), now())
            .await
            .0,
        200
    );
    assert_eq!(server.next().await.1.status, OrderStatus::Completed);
    // `Current` still refuses a forged POST, without fetching anything.
    assert_eq!(
        server
            .post("/current", "hook-late", &open, Some("forger"), now())
            .await,
        (401, "invalid signature".to_owned())
    );
    assert!(server.seen.try_recv().is_err());
}

/// The framework-free helper: the same order from a GET's query as from a signed POST.
#[tokio::test]
async fn resolve_reads_either_method_with_the_clients_key() {
    let (sandbox, client, server) = setup().await;
    let payment_url = create(
        &client,
        &server,
        "hook-resolve",
        "/unused",
        NotificationMethod::Get,
    )
    .await;
    sandbox
        .act_as_customer(&payment_url, CustomerAction::Pay)
        .await
        .unwrap();
    let current = client.get_order("hook-resolve").await.unwrap();

    let from_get = webhook::resolve(
        &client,
        "GET",
        Some("transactionid=hook-resolve&timestamp=9"),
        None,
        b"",
    )
    .await
    .unwrap();
    assert_eq!(from_get, current);

    let body = serde_json::to_vec(&current.raw).unwrap();
    let auth = webhook::sign(&body, sandbox.api_key(), now());
    let from_post = webhook::resolve(&client, "POST", None, Some(&auth), &body)
        .await
        .unwrap();
    assert_eq!(from_post, current);

    let incoming = Incoming::from_request(
        &client.webhook_verifier(),
        "get",
        Some("transactionid=hook-resolve"),
        None,
        b"",
    )
    .unwrap();
    assert!(
        matches!(&incoming, Incoming::Unsigned { order_id, timestamp: None } if order_id == "hook-resolve")
    );

    let error = webhook::resolve(&client, "POST", None, None, &body)
        .await
        .unwrap_err();
    assert!(matches!(error, webhook::Error::MissingHeader), "{error:?}");
    assert_eq!(error.http_status(), 401);
}
