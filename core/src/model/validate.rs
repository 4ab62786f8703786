//! Run-time validation: the rules of [`crate::rules`] and the catalogue applied to an order.

use super::{OrderId, OrderRequest};
use crate::{rules, Field, ValidationErrors};

/// A field's value, borrowed from the order.
enum Value<'a> {
    Text(&'a str),
    OrderId(&'a OrderId),
    Amount(u64),
    /// Typed values whose rules need the gateway (currency, flow) or none (bool, customer).
    Typed,
}

impl OrderRequest {
    /// Checks the order as this SDK sends it: the fields its gateway and flow require are present,
    /// and every value present follows its rule. Reports every violation at once.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if let Some(gateway) = self.gateway {
            for field in gateway.required_fields(self.flow) {
                if self.value(field).is_none() {
                    errors.push(
                        field,
                        format!("missing; {gateway} {} orders need it", self.flow),
                    );
                }
            }
        }
        self.check_values(Field::all().iter().copied(), &mut errors);
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
    pub(crate) fn validate_mask(&self, mask: u64) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let fields = Field::all().iter().copied();
        self.check_values(fields.filter(|f| mask & f.bit() != 0), &mut errors);
        errors.into_result()
    }

    fn check_values(&self, fields: impl Iterator<Item = Field>, errors: &mut ValidationErrors) {
        for field in fields {
            let outcome = match self.value(field) {
                None => continue,
                Some(Value::Text(text)) => rules::check_str(field, text),
                Some(Value::OrderId(OrderId::Text(id))) => rules::check_order_id(id),
                Some(Value::OrderId(OrderId::Number(_))) => Ok(()),
                Some(Value::Amount(amount)) => rules::check_amount(amount),
                Some(Value::Typed) => match (field, self.gateway) {
                    (Field::Currency, Some(g)) => g.check_currency(self.currency),
                    (Field::Type, Some(g)) => g.check_flow(self.flow),
                    _ => Ok(()),
                },
            };
            errors.check(field, outcome);
        }
    }

    fn value(&self, field: Field) -> Option<Value<'_>> {
        fn text(s: &Option<String>) -> Option<Value<'_>> {
            s.as_deref().map(Value::Text)
        }
        let options = self.payment_options.as_ref();
        let customer = self.customer.as_ref();
        let from_customer = |get: fn(&super::Customer) -> &Option<String>| {
            customer.and_then(|c| get(c).as_deref()).map(Value::Text)
        };
        match field {
            Field::Type | Field::Currency => Some(Value::Typed),
            Field::Gateway => self.gateway.map(|_| Value::Typed),
            Field::OrderId => Some(Value::OrderId(&self.order_id)),
            Field::Amount => Some(Value::Amount(self.amount.minor_units())),
            Field::Description => Some(Value::Text(&self.description)),
            Field::NotificationUrl => options.and_then(|o| text(&o.notification_url)),
            Field::RedirectUrl => options.and_then(|o| text(&o.redirect_url)),
            Field::CancelUrl => options.and_then(|o| text(&o.cancel_url)),
            Field::CloseWindow => options.and_then(|o| o.close_window).map(|_| Value::Typed),
            Field::Customer => customer.map(|_| Value::Typed),
            Field::Locale => from_customer(|c| &c.locale),
            Field::IpAddress => from_customer(|c| &c.ip_address),
            Field::ForwardedIp => from_customer(|c| &c.forwarded_ip),
            Field::Email => from_customer(|c| &c.email),
            Field::FirstName => from_customer(|c| &c.first_name),
            Field::LastName => from_customer(|c| &c.last_name),
            Field::Address1 => from_customer(|c| &c.address1),
            Field::Address2 => from_customer(|c| &c.address2),
            Field::HouseNumber => from_customer(|c| &c.house_number),
            Field::ZipCode => from_customer(|c| &c.zip_code),
            Field::City => from_customer(|c| &c.city),
            Field::State => from_customer(|c| &c.state),
            Field::Country => from_customer(|c| &c.country),
            Field::Phone => from_customer(|c| &c.phone),
            Field::Referrer => from_customer(|c| &c.referrer),
            Field::UserAgent => from_customer(|c| &c.user_agent),
            Field::Var1 => text(&self.var1),
            Field::Var2 => text(&self.var2),
            Field::Var3 => text(&self.var3),
        }
    }
}
