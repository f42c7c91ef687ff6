//! A typed async client for the Tencent Container Registry (TCR) API, version 2019-09-24.
//!
//! Every action, request, answer, data type and error code here is generated from the
//! declarative spec in the workspace's `api-spec/` folder; the client runs on
//! [`tencentcloud_runtime`] (signing, credentials, the call path, retries, rate limits, hooks,
//! transports), whose public parts are re-exported here so that this crate is the only
//! dependency a TCR user needs.
//!
//! # A first call
//!
//! ```no_run
//! use tcr_api::Client;
//! use tcr_api::types::{Permission, PermissionAction};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder().region("ap-guangzhou").build()?;
//! let robot = client
//!     .create_service_account()
//!     .registry_id("tcr-45uu7ras")
//!     .name("ci-builder")
//!     .permission(Permission::new("apps", [PermissionAction::PushRepository]))
//!     .duration(30)
//!     .send()
//!     .await?;
//! // The password is shown once (every answer carries it); `Debug` prints it as [redacted].
//! let password = robot.password;
//! # let _ = password;
//! # Ok(()) }
//! ```
//!
//! Requests are also plain values ([`actions`]) with builders, which
//! [`ApiClient::send`](client::ApiClient::send) (through [`Client::api_client`]) sends as is.
//!
//! # Credentials
//!
//! Without [`ClientBuilder::credentials`], the client looks, in Tencent's order, at the
//! environment (`TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`, `TENCENTCLOUD_TOKEN`), the
//! profile file (`~/.tencentcloud/credentials` or `TENCENTCLOUD_CREDENTIALS_FILE`, the profile
//! named by `TENCENTCLOUD_PROFILE`, which may assume a role with `role_arn` and
//! `source_profile`), a TKE pod's web identity (`TKE_REGION`, `TKE_PROVIDER_ID`,
//! `TKE_WEB_IDENTITY_TOKEN_FILE`, `TKE_ROLE_ARN`) and the CVM instance's role (its metadata
//! service). Temporary credentials are cached and refreshed once, ahead of expiry. See
//! [`credentials`]; providers compose with
//! [`CredentialsChain`](credentials::CredentialsChain).
//!
//! # Errors
//!
//! Every call returns [`Error`]: a request that breaks the spec's rules (nothing sent), missing
//! credentials, the service's error answer ([`ServiceError`]: code, message, `RequestId`), a
//! transport failure or timeout (with whether the request may have been performed), or an
//! answer that cannot be read. The code is typed as TCR's [`ErrorCode`]:
//!
//! ```no_run
//! # async fn run(client: tcr_api::Client) -> Result<(), tcr_api::Error> {
//! use tcr_api::ErrorCode;
//!
//! match client.delete_service_account().registry_id("tcr-45uu7ras").name("old").send().await {
//!     Ok(_) => {}
//!     Err(error) if error.code() == Some(ErrorCode::ResourceNotFound) => {} // already gone
//!     Err(error) => return Err(error),
//! }
//! # Ok(()) }
//! ```
//!
//! # Retries and rate limits
//!
//! Each attempt is signed afresh. An attempt is repeated only where that cannot do anything
//! twice: `RequestLimitExceeded` and connections never made, for any action; lost answers and
//! transient codes (`InternalError`, `FailedOperation.DbError`, …) only for the actions the spec
//! marks safe to re-send. `CreateServiceAccount` is never sent twice: its error then says the
//! outcome is unknown. The spec's rate limit (20 requests a second per action) is honoured on
//! the client side. See [`client::RetryConfig`] and [`client::RateLimit`].
//!
//! # Hooks
//!
//! A [`client::Interceptor`] registered with [`ClientBuilder::interceptor`] sees each attempt
//! before and after signing (to add a header, say) and each answer and error (to log the
//! `RequestId`, say).
//!
//! # HTTP, TLS and proxies
//!
//! Requests go over HTTP/1.1 with keep-alive, through hyper
//! ([`client::HyperTransport`]), TLS by rustls with the `ring` provider, certificates checked
//! by the platform's verifier; `http://` endpoints (the local emulator) are spoken to in the
//! clear. The proxy comes from the environment as curl reads it (`HTTPS_PROXY`, `HTTP_PROXY`,
//! `ALL_PROXY`, `NO_PROXY`, also in lower case); a variable that holds no usable proxy makes
//! [`ClientBuilder::build`] fail with [`ConfigError::Proxy`] naming it.
//! [`client::HyperTransport::builder`] sets another TLS configuration, other proxy variables
//! or none, and [`ClientBuilder::transport`] takes the result, or any transport of your own.
//! With the `reqwest` feature, `ClientBuilder::http_client` sends through a `reqwest::Client`
//! you configured.
//!
//! # Testing code that calls TCR
//!
//! With the `test-util` feature, `test_util` has transports that stand in for the network:
//!
//! ```
//! # #[cfg(feature = "test-util")]
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use tcr_api::Client;
//! use tcr_api::credentials::Credentials;
//! use tcr_api::test_util::{ReplayEvent, ReplayTransport};
//!
//! let replay = ReplayTransport::new([ReplayEvent::new(
//!     "DeleteServiceAccount",
//!     r#"{"RegistryId": "tcr-45uu7ras", "Name": "ci-builder"}"#,
//!     r#"{"Response": {"RequestId": "6ec1bd0e-1f3e-4b1f-9f0c-4d0b5e4a9a11"}}"#,
//! )]);
//! let client = Client::builder()
//!     .credentials(Credentials::new("AKIDTEST", "test-key")?)
//!     .transport(replay.clone())
//!     .build()?;
//!
//! // The code under test:
//! client.delete_service_account().registry_id("tcr-45uu7ras").name("ci-builder").send().await?;
//!
//! replay.assert_requests_match(); // the request sent is the one recorded
//! # Ok(()) }
//! # #[cfg(not(feature = "test-util"))]
//! # fn main() {}
//! ```
//!
//! The same feature compiles what a client never needs and a test or a server does: answers
//! built with builders (`DescribeServiceAccountsResponse::builder()`) and written as JSON,
//! requests read from JSON, and `actions::visit_server_actions`. Without it, requests are
//! only written and answers only read, which is most of what keeps this crate quick to build.
//!
//! For whole scenarios, the workspace's `tcr-emulator` crate is a local TCR server.

#[rustfmt::skip]
mod generated;

pub use generated::client::Client;
pub use generated::error_code::ErrorCode;
pub use generated::service::SERVICE;
pub use generated::{actions, types};
pub use tencentcloud_runtime::client::{ClientBuilder, ConfigError, Endpoint};
pub use tencentcloud_runtime::{Error, Outcome, ServiceError};
pub use tencentcloud_runtime::{
    action, client, credentials, error, primitives, signing, sts, validation,
};

#[cfg(feature = "test-util")]
pub use tencentcloud_runtime::test_util;
