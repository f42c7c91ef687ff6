//! Typed client for the Tencent Container Registry (TCR) API 2019-09-24.
//!
//! (Crate documentation is completed as the runtime lands.)

extern crate self as tcr_api;

pub mod action;
mod calendar;
pub mod client;
pub mod credentials;
pub mod error;
#[rustfmt::skip]
mod generated;
pub mod primitives;
pub mod signing;
pub mod validation;

pub use action::{Action, ActionVisitor, Parameter, ServiceInfo};
pub use error::{Error, Outcome, ServiceError};
pub use generated::actions::*;
pub use generated::client::Client;
pub use generated::error_code::ErrorCode;
pub use generated::service::SERVICE;
pub use generated::types::*;

#[doc(hidden)]
pub mod __private {
    //! What generated code needs from outside this crate, re-exported so that a crate using
    //! the macros does not have to depend on these crates itself.
    pub use serde;
}
