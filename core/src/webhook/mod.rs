//! Verification of MultiSafepay's signed notifications.
