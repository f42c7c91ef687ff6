//! The spec format: what a maintainer writes in `api-spec/`, exactly as deserialized.
//!
//! Every struct refuses unknown keys, so a misspelled key is reported rather than ignored. The
//! JSON Schemas that editors use to check spec files are derived from these types
//! ([`crate::schema`]), so the format has a single definition.
//!
//! A spec folder holds:
//! - `service.yaml`: [`Service`];
//! - `errors.yaml`: [`ErrorCatalog`];
//! - `types/*.yaml`: one [`TypeDef`] each;
//! - `actions/*.yaml`: one [`Action`] each.

mod action;
mod errors;
mod field;
mod service;
mod type_def;

pub use action::{Action, Example, Pagination};
pub use errors::{ErrorCatalog, ErrorDef};
pub use field::{Bounds, CharClassName, Condition, Field, IntegerFormat};
pub use service::{Endpoints, RateLimit, Service};
pub use type_def::{EnumValue, TypeDef, UnknownValues};
