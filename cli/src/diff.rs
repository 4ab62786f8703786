//! `msp diff`: how an account file differs from MultiSafepay's documented catalogue
//! (`msp_core::catalogue`), one line per difference.

use msp_core::catalogue::{Currencies, CATALOGUE};
use msp_core::{Account, Currency, Flow, Gateway};

/// The differences, gateway by gateway in the file's order, then the gateways not offered.
pub fn differences(account: &Account) -> Vec<String> {
    let mut lines = Vec::new();
    let codes: Vec<&str> = account.methods.iter().map(|m| m.gateway.code()).collect();
    lines.push(format!(
        "offers {} of the {} documented gateways: {}",
        codes.len(),
        CATALOGUE.len(),
        if codes.is_empty() {
            "none".to_owned()
        } else {
            codes.join(", ")
        }
    ));
    for method in &account.methods {
        let gateway = method.gateway;
        let spec = gateway.spec();
        if method.flows != spec.flows {
            lines.push(format!(
                "{gateway}: flows {} (documented: {})",
                flows(&method.flows),
                flows(spec.flows)
            ));
        }
        if let (Currencies::Only(documented), false) =
            (spec.currencies, method.currencies.is_empty())
        {
            let missing: Vec<Currency> = documented
                .iter()
                .copied()
                .filter(|c| !method.currencies.contains(c))
                .collect();
            let extra: Vec<Currency> = method
                .currencies
                .iter()
                .copied()
                .filter(|c| !documented.contains(c))
                .collect();
            if !missing.is_empty() {
                lines.push(format!(
                    "{gateway}: does not accept {} (documented: {})",
                    currencies(&missing),
                    currencies(documented)
                ));
            }
            if !extra.is_empty() {
                lines.push(format!(
                    "{gateway}: also accepts {} (not documented)",
                    currencies(&extra)
                ));
            }
        }
        if method.min_amount > 0 || method.max_amount.is_some() {
            let max = method
                .max_amount
                .map_or("no maximum".to_owned(), |max| format!("at most {max}"));
            lines.push(format!(
                "{gateway}: amounts at least {} and {max} minor units (documented: no limits)",
                method.min_amount
            ));
        }
        if method.shopping_cart_required != gateway.requires_shopping_cart() {
            let (account, documented) = if method.shopping_cart_required {
                ("requires", "optional")
            } else {
                ("does not require", "required")
            };
            lines.push(format!(
                "{gateway}: {account} a shopping_cart (documented: {documented})"
            ));
        }
        if !method.required_customer_data.is_empty() {
            lines.push(format!(
                "{gateway}: requires customer data: {}",
                method.required_customer_data.join(", ")
            ));
        }
    }
    let absent: Vec<&str> = Gateway::all()
        .filter(|g| account.method(*g).is_none())
        .map(Gateway::code)
        .collect();
    if !absent.is_empty() {
        lines.push(format!("not offered: {}", absent.join(", ")));
    }
    lines
}

fn flows(list: &[Flow]) -> String {
    let names: Vec<&str> = list.iter().map(|f| f.as_str()).collect();
    names.join(", ")
}

fn currencies(list: &[Currency]) -> String {
    let codes: Vec<&str> = list.iter().map(|c| c.code()).collect();
    codes.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use msp_core::AccountMethod;

    #[test]
    fn names_each_difference() {
        let mut amex = AccountMethod::new(Gateway::AMEX);
        amex.currencies = vec![Currency::EUR, Currency::GBP, Currency::JPY, Currency::USD];
        let mut ideal = AccountMethod::new(Gateway::IDEAL);
        ideal.flows = vec![Flow::Redirect];
        ideal.currencies = vec![Currency::EUR];
        ideal.max_amount = Some(5_000_000);
        ideal.required_customer_data = vec!["birthday".into()];
        let klarna = AccountMethod::new(Gateway::KLARNA);
        let account = Account::new("t", "test", [amex, ideal, klarna]);
        let lines = differences(&account);
        let all = lines.join("\n");
        let offers = format!(
            "offers 3 of the {} documented gateways: AMEX, IDEAL, KLARNA",
            Gateway::all().count()
        );
        for said in [
            offers.as_str(),
            "AMEX: does not accept CHF (documented: CHF, EUR, GBP, USD)",
            "AMEX: also accepts JPY (not documented)",
            "KLARNA: does not require a shopping_cart (documented: required)",
            "IDEAL: flows redirect (documented: redirect, direct, paymentlink)",
            "IDEAL: amounts at least 0 and at most 5000000 minor units (documented: no limits)",
            "IDEAL: requires customer data: birthday",
            "not offered: CREDITCARD, MAESTRO",
        ] {
            assert!(all.contains(said), "{said}\nin\n{all}");
        }
        assert!(!all.contains("IDEAL: does not accept"), "{all}");
    }
}
