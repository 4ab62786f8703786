use serde::{Deserialize, Serialize};

/// How MultiSafepay calls the notification URL.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum NotificationMethod {
    /// The full order JSON in a signed body (recommended).
    Post,
    /// Query parameters only.
    Get,
}

/// `payment_options`: where MultiSafepay sends the customer and the notifications.
#[derive(Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentOptions {
    /// The webhook MultiSafepay notifies of status changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_url: Option<String>,
    /// `POST` (the default, recommended) or `GET`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::notification_method"
    )]
    pub notification_method: Option<NotificationMethod>,
    /// Where the customer lands after paying.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<String>,
    /// Where the customer lands after a failed or cancelled payment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_url: Option<String>,
    /// Open the payment page in a new window that closes itself afterwards.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::bool"
    )]
    pub close_window: Option<bool>,
    /// Payment page settings, passed through as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<serde_json::Value>,
    /// The payment page template id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_id: Option<String>,
}
