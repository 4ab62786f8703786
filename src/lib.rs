//! msp
pub use msp_core::*;
pub use msp_macros::MspOrder;
