use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// How MultiSafepay calls the notification URL.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum NotificationMethod {
    /// The full order JSON in a signed body (recommended).
    Post,
    /// Query parameters only.
    Get,
}

/// `payment_options`: where MultiSafepay sends the customer and the notifications. The URLs
/// borrow where they can (the derive's fixed URLs are `&'static str`).
#[derive(Clone, PartialEq, Debug, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentOptions<'a> {
    /// The webhook MultiSafepay notifies of status changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_url: Option<Cow<'a, str>>,
    /// `POST` (the default, recommended) or `GET`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::lenient::notification_method"
    )]
    pub notification_method: Option<NotificationMethod>,
    /// Where the customer lands after paying.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<Cow<'a, str>>,
    /// Where the customer lands after a failed or cancelled payment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_url: Option<Cow<'a, str>>,
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
    pub template_id: Option<Cow<'a, str>>,
}

impl PaymentOptions<'_> {
    /// The same options owning their text.
    pub fn into_owned(self) -> PaymentOptions<'static> {
        let PaymentOptions {
            notification_url,
            notification_method,
            redirect_url,
            cancel_url,
            close_window,
            settings,
            template_id,
        } = self;
        let own = |text: Option<Cow<'_, str>>| text.map(|t| Cow::Owned(t.into_owned()));
        PaymentOptions {
            notification_url: own(notification_url),
            notification_method,
            redirect_url: own(redirect_url),
            cancel_url: own(cancel_url),
            close_window,
            settings,
            template_id: own(template_id),
        }
    }
}
