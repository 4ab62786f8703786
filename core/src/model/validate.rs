//! Run-time validation: the rules of [`crate::rules`] and the catalogue applied to an order.

use super::{FieldValue as Value, OrderId, OrderRequest};
use crate::{rules, Field, ValidationErrors};

impl OrderRequest<'_> {
    /// Checks the order as this SDK sends it: the fields its gateway and flow require are present,
    /// and every value present follows its rule. Reports every violation at once.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if let Some(gateway) = self.gateway {
            for field in gateway.required_fields(self.flow) {
                if field.read(self).is_none() {
                    errors.push(
                        field,
                        format!("missing; {gateway} {} orders need it", self.flow),
                    );
                }
            }
        }
        self.check_values(Field::all().iter().copied(), &mut errors);
        self.check_cart(&mut errors);
        errors.into_result()
    }

    /// Checks only what MultiSafepay itself refuses: every value present (the fields every order
    /// needs are not optional in the model, so an order without them never gets this far).
    /// Lenient about fields this SDK asks for but the API does not (the sandbox uses it).
    pub fn validate_as_api(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        self.check_values(Field::all().iter().copied(), &mut errors);
        errors.into_result()
    }

    /// Checks the values of `fields` only: the derive passes the fields whose values are known
    /// only at run time, having checked its fixed values at compile time.
    pub fn validate_fields(&self, fields: &[Field]) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        self.check_values(fields.iter().copied(), &mut errors);
        errors.into_result()
    }

    /// [`OrderRequest::validate_fields`] of the fields whose [`Field::bit`] is in `mask`, in the
    /// documented order: what the derive's generated code calls.
    pub(crate) fn validate_mask(&self, mask: u128) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        // A required object the struct supplies through single fields only (`ip_address` a
        // customer, `delivery.city` a delivery) is there at compile time, but not at run time
        // when every one of those fields is an empty `Option`.
        // Only an absent object is looked up (not every required field), lowest bit first.
        if let Some(gateway) = self.gateway {
            for field in bits(Field::OBJECTS) {
                if mask & field.member_bits() != 0
                    && field.read(self).is_none()
                    && gateway.required_fields(self.flow).any(|f| f == field)
                {
                    errors.push(
                        field,
                        format!(
                            "missing; {gateway} {} orders need it, and none of the struct's \
                             fields that supply it has a value",
                            self.flow
                        ),
                    );
                }
            }
        }
        // The set bits only, lowest first (the table's order), rather than every row.
        let fields = bits(mask);
        self.check_values(fields, &mut errors);
        if mask & Field::ShoppingCart.bit() != 0 {
            self.check_cart(&mut errors);
        }
        errors.into_result()
    }

    /// The cart's total against the amount: MultiSafepay computes the one from the other and
    /// refuses a difference when asked to validate the cart (error 1027), and a buy-now-pay-later
    /// provider bills the cart. Items read from JSON carry their rate only by the name of a tax
    /// table, so a cart with one is left to MultiSafepay.
    fn check_cart(&self, errors: &mut ValidationErrors) {
        let Some(cart) = &self.shopping_cart else {
            return;
        };
        if cart.items().iter().any(|item| item.tax().is_none()) {
            return;
        }
        let amount = self.amount.minor_units();
        match cart.exact_total() {
            Ok(total) if total == i128::from(amount) => {}
            Ok(total) => errors.push(
                Field::ShoppingCart,
                format!(
                    "the shopping cart totals {total} minor units but the amount is {amount}; \
                     MultiSafepay refuses an order whose cart and amount differ (error 1027): \
                     set the amount to the cart's `total()`"
                ),
            ),
            Err(too_large) => errors.push(Field::ShoppingCart, too_large.to_string()),
        }
    }

    fn check_values(&self, fields: impl Iterator<Item = Field>, errors: &mut ValidationErrors) {
        for field in fields {
            let outcome = match field.read(self) {
                None => continue,
                Some(Value::Text(text)) => rules::check_str(field, text),
                Some(Value::OrderId(OrderId::Text(id))) => rules::check_order_id(id),
                Some(Value::OrderId(OrderId::Number(_))) => Ok(()),
                Some(Value::Amount(amount)) => rules::check_amount(amount),
                Some(Value::Count(count)) => rules::check_count(field, count),
                Some(Value::Typed) => match (field, self.gateway) {
                    (Field::Currency, Some(g)) => g.check_currency(self.currency),
                    (Field::Type, Some(g)) => g.check_flow(self.flow),
                    _ => Ok(()),
                },
            };
            errors.check(field, outcome);
        }
    }
}

/// The fields whose [`Field::bit`] is in `mask`, lowest first (the table's order).
fn bits(mask: u128) -> impl Iterator<Item = Field> {
    let mut rest = mask;
    std::iter::from_fn(move || {
        while rest != 0 {
            let at = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            if let Some(&field) = Field::all().get(at) {
                return Some(field);
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use crate::{CartItem, Currency, Field, Flow, Gateway, OrderRequest, ShoppingCart, TaxRate};

    /// A buy-now-pay-later order whose delivery the derive fills from an `Option` that is
    /// `None`: the missing object is reported, not sent.
    #[test]
    fn a_required_object_supplied_by_empty_options_is_missing() {
        let mut order = OrderRequest::new(
            Flow::Redirect,
            Gateway::KLARNA,
            "o",
            Currency::EUR,
            1000u64,
            "d",
        );
        order.set_shopping_cart(ShoppingCart::new([CartItem::gross(
            "i",
            1000,
            1,
            TaxRate::percent(21),
        )]));
        order.customer_mut().locale = Some("nl_NL".into());
        let mask = Field::City.bit() | Field::ShoppingCart.bit();
        let delivery_city = Field::Delivery
            .members()
            .find(|f| f.leaf() == "city")
            .unwrap();
        let errors = order.validate_mask(mask | delivery_city.bit()).unwrap_err();
        let fields: Vec<Field> = errors.violations().iter().map(|v| v.field).collect();
        assert_eq!(fields, [Field::Delivery], "{errors:?}");
        // Given, it passes; and a mask naming no member of it does not ask for it.
        order.delivery = Some(Default::default());
        assert!(order.validate_mask(mask | delivery_city.bit()).is_ok());
        order.delivery = None;
        assert!(order.validate_mask(Field::ShoppingCart.bit()).is_ok());
    }
}
