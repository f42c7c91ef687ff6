//! The runtime of every generated client: configuration, endpoints, signing of each attempt,
//! transport (reqwest over rustls), decoding, safe retries and client-side rate limits.
//!
//! Generated code gives each spec its own `Client` (for TCR, [`crate::Client`]) with one
//! method per action; they all run on the [`ApiClient`] here, which serves any Tencent Cloud
//! API 3.0 service: the service name, version and hosts come from the spec.

mod api_client;
mod config;
mod decode;
mod endpoint;
mod paginator;
mod prepared;
mod rate_limit;
pub mod retry;
mod wire;

pub use api_client::ApiClient;
pub use config::{ClientBuilder, Clock, ConfigError, Language};
pub use decode::decode_answer;
pub use endpoint::{Endpoint, EndpointError, ResolvedEndpoint};
pub use paginator::{Items, Pages, Paginated, Paginator};
pub use prepared::PreparedRequest;
pub use rate_limit::RateLimit;
pub use retry::RetryConfig;
pub use wire::{ContentType, JsonStyle};
