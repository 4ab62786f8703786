use msp::MspOrder;

#[derive(MspOrder)]
#[msp_order(gateway = "IDEAL", flow = "direct")]
enum Checkout {
    Basket { order_id: String, amount: u64 },
}

fn main() {}
