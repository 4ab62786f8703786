//! Violations, reported all at once.

use crate::Field;
use std::fmt;

/// One broken rule: the field's path and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The field.
    pub field: Field,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl Violation {
    /// The field's JSON path, such as `payment_options.redirect_url`.
    pub fn path(&self) -> &'static str {
        self.field.path()
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path(), self.message)
    }
}

/// Every violation of an order: missing fields first, then broken values in the API's field
/// order. Never empty when returned as an error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidationErrors {
    violations: Vec<Violation>,
}

impl ValidationErrors {
    /// An empty collection, to push into.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a violation.
    pub fn push(&mut self, field: Field, message: impl Into<String>) {
        self.violations.push(Violation {
            field,
            message: message.into(),
        });
    }

    /// Records the error of a rule, if it failed.
    pub fn check(&mut self, field: Field, outcome: Result<(), String>) {
        if let Err(message) = outcome {
            self.push(field, message);
        }
    }

    /// The violations.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Whether `field` has a violation.
    pub fn has(&self, field: Field) -> bool {
        self.violations.iter().any(|v| v.field == field)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.violations.is_empty()
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.violations.len()
    }

    /// `Ok(())` when empty, else `Err(self)`.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.violations.as_slice() {
            [one] => write!(f, "the order is invalid: {one}"),
            many => {
                write!(f, "the order is invalid ({} problems):", many.len())?;
                for v in many {
                    write!(f, "\n  - {v}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ValidationErrors {}

impl<'a> IntoIterator for &'a ValidationErrors {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.violations.iter()
    }
}
