// A direct SEPA Direct Debit order: the account fields of `gateway_info` by path.
use msp::{Currency, MspOrder};

#[derive(MspOrder)]
#[msp_order(gateway = "DIRDEB", flow = "direct", notification_url = "https://shop.example/notify",
            notification_method = "POST")]
struct Debit {
    order_id: u64,
    currency: Currency,
    amount: u64,
    description: String,
    #[msp_order(gateway_info.account_holder_name)]
    holder: String,
    #[msp_order(gateway_info.account_id)]
    iban: String,
    #[msp_order(gateway_info.account_holder_iban)]
    holder_iban: String,
    #[msp_order(gateway_info.emandate)]
    mandate: String,
}

fn main() {
    let _ = Debit::to_request;
}
