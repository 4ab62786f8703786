//! The hosted payment page at `payment_url`, where a person (or a test, with plain HTTP
//! requests) completes, cancels or declines the payment.
//!
//! The choice changes the status, sends the notification (in the background) and redirects
//! with 303 to `redirect_url` ("Customer will be redirected to this page after a successful
//! payment", the seed page) or `cancel_url` ("Customer will be redirected to this page after a
//! failed payment"); without that URL the page says what happened instead.

use super::AppStateRef;
use crate::customer::CustomerAction;
use crate::order::StoredOrder;
use crate::state::SettleError;
use axum::extract::{Path, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use msp_core::OrderStatus;

/// `GET /connect/{session}/`: the order and, while it is open, the three buttons.
pub(crate) async fn page(State(state): AppStateRef, Path(session): Path<String>) -> Response {
    let Some(order) = state.by_session(&session) else {
        return unknown_session();
    };
    // The page acknowledges the order's status: every change made so far is durable first.
    if let Err(e) = state.durable_reads().await {
        return e.into_response();
    }
    let r = match order.request() {
        Ok(request) => request,
        Err(e) => return e.into_response(),
    };
    let summary = format!(
        "<dl><dt>Order</dt><dd>{}</dd><dt>Amount</dt><dd>{}</dd><dt>Description</dt><dd>{}</dd>\
         <dt>Payment method</dt><dd>{}</dd><dt>Status</dt><dd id=\"status\">{}</dd></dl>",
        escape(&r.order_id.to_string()),
        escape(&amount_text(&order)),
        escape(&r.description),
        escape(r.gateway.map_or("any (payment page)", |g| g.spec().name)),
        escape(order.status.as_str()),
    );
    let actions = if order.status == OrderStatus::Initialized {
        let button = |action: CustomerAction| {
            let (path, label) = (action.path(), action.label());
            format!(
                "<form method=\"post\" action=\"/pay/{}/{path}\"><button type=\"submit\" name=\"action\" value=\"{path}\">{label}</button></form>",
                escape(&session)
            )
        };
        CustomerAction::ALL.into_iter().map(button).collect()
    } else {
        "<p>This payment is finished.</p>".to_owned()
    };
    Html(document(
        "MultiSafepay sandbox: payment",
        &format!("{summary}{actions}"),
    ))
    .into_response()
}

/// `POST /pay/{session}/{action}`: `complete`, `cancel` or `decline`.
pub(crate) async fn act(
    State(state): AppStateRef,
    Path((session, action)): Path<(String, String)>,
) -> Response {
    let Some(action) = CustomerAction::from_path(&action) else {
        return unknown_session();
    };
    let status = action.status();
    let settled = match state.settle(&session, status.clone()).await {
        Ok(settled) => settled,
        Err(SettleError::UnknownSession) => return unknown_session(),
        Err(SettleError::NotDurable(e)) => return e.into_response(),
        Err(SettleError::AlreadySettled(status)) => {
            let text = format!(
                "<p>This payment is already {}.</p>",
                escape(status.as_str())
            );
            return (
                StatusCode::CONFLICT,
                Html(document("Payment finished", &text)),
            )
                .into_response();
        }
    };
    state.notifier.announce(&settled);
    let options = settled.options.as_ref();
    let target = options.and_then(|o| {
        if action.paid() {
            o.redirect_url.as_deref()
        } else {
            o.cancel_url.as_deref()
        }
    });
    match target.and_then(|url| HeaderValue::from_bytes(url.as_bytes()).ok()) {
        Some(location) => (StatusCode::SEE_OTHER, [(LOCATION, location)]).into_response(),
        None => {
            let text = format!(
                "<p>The payment is {}. The order gave no URL to return to; you can close this window.</p>",
                escape(status.as_str())
            );
            Html(document("Payment finished", &text)).into_response()
        }
    }
}

fn unknown_session() -> Response {
    let text = "<p>There is no such payment session (it may have been forgotten: the sandbox keeps a limited number of orders).</p>";
    (
        StatusCode::NOT_FOUND,
        Html(document("Unknown payment", text)),
    )
        .into_response()
}

/// `1000` EUR minor units as `10.00 EUR`; `1000` JPY as `1000 JPY`.
fn amount_text(order: &StoredOrder) -> String {
    let currency = order.currency;
    let minor = order.amount;
    let digits = u32::from(currency.minor_units());
    let Some(scale) = 10u64.checked_pow(digits).filter(|_| digits > 0) else {
        return format!("{minor} {currency}");
    };
    format!(
        "{}.{:0width$} {currency}",
        minor / scale,
        minor % scale,
        width = digits as usize
    )
}

fn document(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>body{{font-family:sans-serif;max-width:32em;margin:2em auto}}form{{display:inline-block;margin:.5em .5em 0 0}}</style>\
         </head><body><h1>{title}</h1><p><em>MultiSafepay sandbox: no real payment happens here.</em></p>{body}</body></html>"
    )
}

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<b a=\"1\">&'"),
            "&lt;b a=&quot;1&quot;&gt;&amp;&#39;"
        );
    }
}
