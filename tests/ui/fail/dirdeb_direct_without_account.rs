// A direct SEPA Direct Debit order needs the account in `gateway_info`
// (components/schemas/GatewayInfoBanking.yaml); here the holder's name is supplied, the rest not.
use msp::{Currency, MspOrder};

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
    #[msp_order(gateway_info.account_holder_name)]
    holder: String,
}

fn main() {}
