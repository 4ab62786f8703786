//! [`TransportError`]: a request that did not complete, with the HTTP library kept private, so
//! that changing or upgrading it is not a breaking change of this crate's API.

use std::fmt;

/// Why a request did not complete: no connection, a timeout, a connection broken mid-way.
///
/// The HTTP library's own error is reachable as [`std::error::Error::source`] (for logs and
/// error reports), not as a named type; ask this value what happened instead:
///
/// ```no_run
/// # use msp_core as msp;
/// # async fn run(client: &msp::Client, order: &msp::OrderRequest<'_>) {
/// match client.submit(order).await {
///     Err(msp::Error::Transport(e)) if e.is_timeout() => { /* it may have arrived: look it up */ }
///     Err(msp::Error::Transport(e)) if e.is_connect() => { /* it never left: safe to resend */ }
///     other => { /* ... */ }
/// }
/// # }
/// ```
pub struct TransportError(reqwest::Error);

impl TransportError {
    pub(crate) fn new(error: reqwest::Error) -> Self {
        TransportError(error)
    }

    /// Whether a timeout ended the request (the client's [`timeout`](crate::ClientBuilder::timeout)
    /// or the connect timeout).
    pub fn is_timeout(&self) -> bool {
        self.0.is_timeout()
    }

    /// Whether no connection could be made (refused, unreachable, DNS, TLS handshake): the
    /// request was never sent.
    pub fn is_connect(&self) -> bool {
        self.0.is_connect()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.is_timeout() {
            "the request timed out"
        } else if self.is_connect() {
            "could not connect"
        } else {
            "the connection failed"
        };
        // The library's own message names the URL (never the key, which travels in a header).
        write!(f, "{what} ({})", self.0)
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("timeout", &self.is_timeout())
            .field("connect", &self.is_connect())
            .field("source", &self.0)
            .finish()
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[tokio::test]
    async fn a_refused_connection_is_a_connect_error_with_its_source() {
        // A port that was just free: nothing listens there.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let error = reqwest::Client::new()
            .get(format!("http://127.0.0.1:{port}/"))
            .send()
            .await
            .unwrap_err();
        let error = TransportError::new(error);
        assert!(error.is_connect());
        assert!(!error.is_timeout());
        assert!(
            error.to_string().starts_with("could not connect ("),
            "{error}"
        );
        assert!(error.source().is_some());
        assert!(format!("{error:?}").contains("connect: true"));
    }
}
