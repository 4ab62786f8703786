//! The customer's choices on the hosted payment page ([`CustomerAction`]), and acting as the
//! customer, for tests: the same HTTP request a browser sends when the customer presses a
//! button, so the order's status, the redirect and the notification all happen exactly as with
//! a person at the page.

use crate::Sandbox;
use msp_core::OrderStatus;
use std::fmt;

/// What the customer does on the payment page.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CustomerAction {
    /// Pays: the order becomes `completed` (`uncleared`, an authorisation to capture, when it
    /// asked for `capture: "manual"`) and the customer goes to `redirect_url`.
    Pay,
    /// Gives up: `cancelled`, and back to `cancel_url`.
    Cancel,
    /// The bank refuses: `declined`, and back to `cancel_url`.
    Decline,
}

impl CustomerAction {
    /// Every action, in the order the payment page shows its buttons.
    pub(crate) const ALL: [CustomerAction; 3] = [
        CustomerAction::Pay,
        CustomerAction::Cancel,
        CustomerAction::Decline,
    ];

    /// The last segment of the button's path, `/pay/{session}/{path}`.
    pub(crate) fn path(self) -> &'static str {
        match self {
            CustomerAction::Pay => "complete",
            CustomerAction::Cancel => "cancel",
            CustomerAction::Decline => "decline",
        }
    }

    /// The action a button's path segment names.
    pub(crate) fn from_path(path: &str) -> Option<CustomerAction> {
        CustomerAction::ALL
            .into_iter()
            .find(|action| action.path() == path)
    }

    /// The button's label.
    pub(crate) fn label(self) -> &'static str {
        match self {
            CustomerAction::Pay => "Pay",
            CustomerAction::Cancel => "Cancel",
            CustomerAction::Decline => "Decline (the bank refuses)",
        }
    }

    /// The order's status after it.
    pub(crate) fn status(self) -> OrderStatus {
        match self {
            CustomerAction::Pay => OrderStatus::Completed,
            CustomerAction::Cancel => OrderStatus::Cancelled,
            CustomerAction::Decline => OrderStatus::Declined,
        }
    }

    /// Whether the customer then goes to `redirect_url` (paid) rather than `cancel_url`.
    pub(crate) fn paid(self) -> bool {
        self == CustomerAction::Pay
    }
}

/// Why [`Sandbox::act_as_customer`] did nothing.
#[derive(Debug)]
#[non_exhaustive]
pub enum CustomerError {
    /// The URL is not one of this sandbox's payment pages.
    NotThisSandbox(String),
    /// The page refused: unknown session (404) or a payment already finished (409).
    Refused(u16),
    /// The request to the sandbox failed.
    Transport(String),
}

impl fmt::Display for CustomerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CustomerError::NotThisSandbox(url) => {
                write!(f, "`{url}` is not a payment page of this sandbox")
            }
            CustomerError::Refused(404) => f.write_str(
                "the payment page does not know this payment (evicted, or never created)",
            ),
            CustomerError::Refused(409) => f.write_str("this payment is already finished"),
            CustomerError::Refused(status) => write!(f, "the payment page refused (HTTP {status})"),
            CustomerError::Transport(e) => write!(f, "could not reach the sandbox: {e}"),
        }
    }
}

impl std::error::Error for CustomerError {}

impl Sandbox {
    /// Presses a button on the payment page at `payment_url` (a `CreatedOrder::payment_url` of
    /// this sandbox), and returns where the page sends the customer (`redirect_url` or
    /// `cancel_url`, if the order gave one). The notification goes out in the background.
    pub async fn act_as_customer(
        &self,
        payment_url: &str,
        action: CustomerAction,
    ) -> Result<Option<String>, CustomerError> {
        let origin = format!("http://{}/connect/", self.address());
        let session = payment_url
            .strip_prefix(&origin)
            .and_then(|rest| rest.split(['/', '?']).next())
            .filter(|session| !session.is_empty())
            .ok_or_else(|| CustomerError::NotThisSandbox(payment_url.to_owned()))?;
        let form = format!("http://{}/pay/{session}/{}", self.address(), action.path());
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .build()
            .map_err(|e| CustomerError::Transport(e.to_string()))?;
        let response = http
            .post(form)
            .send()
            .await
            .map_err(|e| CustomerError::Transport(e.to_string()))?;
        match response.status().as_u16() {
            303 => Ok(response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|location| location.to_str().ok())
                .map(str::to_owned)),
            200 => Ok(None),
            status => Err(CustomerError::Refused(status)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_action_has_its_own_path_and_status() {
        for action in CustomerAction::ALL {
            assert_eq!(CustomerAction::from_path(action.path()), Some(action));
        }
        assert_eq!(CustomerAction::from_path("refund"), None);
        assert_eq!(CustomerAction::Pay.status(), OrderStatus::Completed);
        assert_eq!(CustomerAction::Cancel.status(), OrderStatus::Cancelled);
        assert_eq!(CustomerAction::Decline.status(), OrderStatus::Declined);
        assert!(CustomerAction::Pay.paid());
        assert!(!CustomerAction::Cancel.paid() && !CustomerAction::Decline.paid());
    }
}
