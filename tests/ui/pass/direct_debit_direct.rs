// A direct SEPA Direct Debit order: the account fields by path, or the whole `gateway_info`.
use msp::{Currency, GatewayInfo, MspOrder};

#[derive(MspOrder)]
#[msp_order(
    gateway = "DIRDEB",
    flow = "direct",
    notification_url = "https://shop.example/notify",
    notification_method = "POST"
)]
struct Mandate {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
    #[msp_order(gateway_info.account_id)]
    iban: String,
    #[msp_order(gateway_info.account_holder_name)]
    holder: String,
    #[msp_order(gateway_info.account_holder_iban)]
    holder_iban: String,
    #[msp_order(gateway_info.emandate)]
    mandate: String,
}

#[derive(MspOrder)]
#[msp_order(
    gateway = "DIRDEB",
    flow = "direct",
    notification_url = "https://shop.example/notify",
    notification_method = "GET"
)]
struct Whole {
    order_id: String,
    currency: Currency,
    amount: u64,
    description: String,
    gateway_info: GatewayInfo,
}

fn main() {}
