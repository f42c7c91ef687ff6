//! The runtime every spec-generated Tencent Cloud API 3.0 client runs on. It names no service:
//! each generated service (TCR in `tcr-api`, or any spec folder given to `tcr_macros::api!`)
//! brings its own actions, error codes and retry flags as static data, and runs on this crate's
//! single call path.
//!
//! # What is here
//!
//! | module | what |
//! |---|---|
//! | [`client`] | [`ApiClient`] and its [`ClientBuilder`]: endpoints, the call path, retries, rate limits, [interceptors](client::Interceptor), [transports](client::HttpTransport) |
//! | [`credentials`] | [`Credentials`](credentials::Credentials) and the providers that find them, composed in an open chain (explicit, environment, profile file, CVM instance role) |
//! | [`sts`] | Security Token Service, generated from `runtime/sts-spec/` like any service: what the role and web-identity providers call |
//! | [`signing`] | TC3-HMAC-SHA256, byte-identical to Tencent's signer; server-side verification behind the `server` feature |
//! | [`error`] | [`Error`]: validation, credentials, the service's answer ([`ServiceError`]), transport, timeout, decoding |
//! | [`action`] | what generated code tells the runtime of each service and action ([`ServiceInfo`], [`ActionInfo`]) |
//! | [`primitives`] | [`Sensitive`](primitives::Sensitive) secrets, timestamps, unknown enumeration values |
//! | [`validation`] | the spec's constraints, checked before anything is sent |
//! | `test_util` | (feature `test-util`) transports that capture or replay requests, for unit tests with no server |
//!
//! # A first call
//!
//! Users call a generated client (`tcr_api::Client`); underneath, every call is
//! [`ApiClient::send`] with a generated request value:
//!
//! ```no_run
//! # async fn run<A: tencentcloud_runtime::Action>(request: A) -> Result<(), Box<dyn std::error::Error>> {
//! use tencentcloud_runtime::client::{ApiClient, ClientBuilder};
//!
//! // Credentials from TENCENTCLOUD_SECRET_ID / _SECRET_KEY / _TOKEN, the profile file, or the
//! // CVM instance's role.
//! let client: ApiClient = ClientBuilder::new().region("ap-guangzhou").build()?;
//! let answer = client.send(request).await?;
//! # let _ = answer;
//! # Ok(()) }
//! ```
//!
//! # Errors and retries
//!
//! [`Error::outcome`] says whether a failed request may have been performed. An attempt is sent
//! again only when that cannot do anything twice: the service refused before acting (a code
//! the service's spec marks `refused_before_acting`), or the connection was never made; lost
//! answers and codes marked `transient` are retried only for actions the spec marks
//! `safe_to_resend`. See [`client::retry`].
//!
//! # HTTP
//!
//! The default transport, [`client::HyperTransport`], is hyper's HTTP/1.1 client with
//! keep-alive connections, rustls (the `ring` provider and the platform's certificate
//! verifier) for `https://`, plain TCP for `http://`, and the environment's proxy variables.
//! The `reqwest` feature adds `ClientBuilder::http_client` and `client::ReqwestTransport`,
//! to send through a reqwest client a program has configured; nothing else needs reqwest.
//!
//! # Hooks and tests
//!
//! [`client::Interceptor`]s see and may change every attempt (before and after signing) and see
//! every answer and error. With the `test-util` feature, `test_util::CaptureTransport` and
//! `test_util::ReplayTransport` stand in for the network in a user's unit tests.

extern crate self as tencentcloud_runtime;

pub mod action;
mod calendar;
pub mod client;
pub mod credentials;
pub mod error;
pub mod primitives;
pub mod signing;
pub mod sts;
#[cfg(feature = "test-util")]
pub mod test_util;
pub mod validation;
#[doc(hidden)]
pub mod wire_fields;

#[cfg(test)]
mod test_support;

#[cfg(feature = "test-util")]
pub use action::ServerActionVisitor;
pub use action::{
    Action, ActionInfo, ActionVisitor, ErrorCodeInfo, Parameter, ServiceErrorCode, ServiceInfo,
};
pub use client::{ApiClient, ClientBuilder};
pub use error::{Error, Outcome, ServiceError};

#[doc(hidden)]
pub mod __private {
    //! What generated code needs from outside this crate, re-exported so that a crate using
    //! the macros does not have to depend on these crates itself.
    pub use serde;

    pub use crate::wire_fields as fields;
}
