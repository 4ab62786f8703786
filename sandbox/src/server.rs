//! Binding, serving and stopping.
//!
//! Every request goes through [`app`], the one place that turns the routes into the service the
//! listener serves. Faults ([`crate::faults`]) are not a layer here: they need the order id and
//! the moment the order is stored, so the two order handlers apply them; a dropped connection is
//! an answer whose body fails, which makes hyper close the connection (no listener wrapper).

use crate::config::Config;
use crate::journal::Journal;
use crate::notify::Notifier;
use crate::outbox::Outbox;
use crate::state::AppState;
use crate::time::Clock;
use crate::Sandbox;
use axum::Router;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// Binds `host:port` (`127.0.0.1` unless the builder said otherwise) and serves until the
/// returned [`Sandbox`] is dropped.
pub(crate) async fn start(config: Config) -> io::Result<Sandbox> {
    let listener = TcpListener::bind(SocketAddr::from((config.host, config.port))).await?;
    let mut address = listener.local_addr()?;
    // Listening on every interface (in a container): URLs name loopback, where a client on the
    // same host (or a published port) reaches it.
    if address.ip().is_unspecified() {
        address.set_ip(Ipv4Addr::LOCALHOST.into());
    }
    let (shutdown, stopped) = watch::channel(false);
    let clock = Arc::new(Clock::default());
    let notifier = Notifier::new(
        &config,
        stopped.clone(),
        Arc::clone(&clock),
        Arc::new(Outbox::default()),
    )?;
    let (journal, replay) = match &config.state_file {
        Some(path) => {
            let (journal, replay) = Journal::open(path)?;
            (Some(journal), Some(replay))
        }
        None => (None, None),
    };
    let state = Arc::new(AppState::new(
        config,
        format!("http://{address}"),
        notifier,
        Arc::clone(&clock),
        journal,
    ));
    if let Some(replay) = replay {
        clock.set_offset(replay.clock);
        for record in replay.orders {
            match record.into_order() {
                Ok(order) => state.restore(order),
                Err(e) => eprintln!("msp-sandbox: a stored order was not restored: {}", e.info),
            }
        }
    }
    let service = app(Arc::clone(&state));
    let mut signal = stopped;
    tokio::spawn(async move {
        let serve = axum::serve(listener, service).with_graceful_shutdown(async move {
            // Ends on `true`, or when the sender (the `Sandbox`) is gone.
            let _ = signal.wait_for(|stopped| *stopped).await;
        });
        if let Err(e) = serve.await {
            eprintln!("msp-sandbox: the server stopped: {e}");
        }
    });
    Ok(Sandbox::new(address, state, shutdown))
}

/// The whole request handling: the routes (the order handlers apply the fault plan).
pub(crate) fn app(state: Arc<AppState>) -> Router {
    crate::routes::router(state)
}
