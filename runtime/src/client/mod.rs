//! The runtime of every generated client: configuration, endpoints, signing of each attempt,
//! the transport, decoding, safe retries, client-side rate limits and interceptors.
//!
//! Generated code gives each spec its own `Client` (for TCR, `tcr_api::Client`) with one method
//! per action; they all run on the [`ApiClient`] here, which serves any Tencent Cloud API 3.0
//! service: the service name, version, hosts and error codes come from the spec.

mod api_client;
mod config;
mod connector;
mod decode;
mod endpoint;
pub(crate) mod hyper_transport;
mod interceptor;
mod paginator;
mod prepared;
mod rate_limit;
#[cfg(feature = "reqwest")]
mod reqwest_transport;
pub mod retry;
mod transport;
mod wire;

pub use api_client::ApiClient;
pub use config::{ClientBuilder, Clock, ConfigError, Language};
pub use decode::decode_answer;
pub use endpoint::{Endpoint, EndpointError, ResolvedEndpoint};
pub use hyper_transport::{HyperTransport, HyperTransportBuilder};
pub use interceptor::{AnswerView, AttemptContext, Interceptor, UnsignedRequest};
pub use paginator::{Items, Pages, Paginated, Paginator, Paging};
pub use prepared::PreparedRequest;
pub use rate_limit::RateLimit;
#[cfg(feature = "reqwest")]
pub use reqwest_transport::ReqwestTransport;
pub use retry::RetryConfig;
pub use transport::{BoxError, BoxFuture, HttpError, HttpResponse, HttpTransport};
pub use wire::{ContentType, JsonStyle};
