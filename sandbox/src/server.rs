//! Binding, serving and stopping.
//!
//! Every request goes through [`app`], the one place that turns the routes into the service the
//! listener serves. That is the seam for the later fault-injection layer (seeded drops, delays,
//! 5xx/429, garbage bodies): a response-level fault wraps the `Router` there with a layer, and a
//! connection-level fault (dropped or stalled connections) wraps the listener passed to
//! `axum::serve` (an `axum::serve::Listener` around the `TcpListener`) in [`start`]. Nothing
//! else needs to change.

use crate::builder::Config;
use crate::notify::Notifier;
use crate::state::AppState;
use crate::Sandbox;
use axum::Router;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// Binds `127.0.0.1:port` and serves until the returned [`Sandbox`] is dropped.
pub(crate) async fn start(config: Config) -> io::Result<Sandbox> {
    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, config.port))).await?;
    let address = listener.local_addr()?;
    let (shutdown, stopped) = watch::channel(false);
    let notifier = Notifier::new(&config, stopped.clone())?;
    let state = Arc::new(AppState::new(config, format!("http://{address}"), notifier));
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

/// The whole request handling: the routes, with nothing around them yet (the fault layer will
/// wrap this `Router`).
pub(crate) fn app(state: Arc<AppState>) -> Router {
    crate::routes::router(state)
}
