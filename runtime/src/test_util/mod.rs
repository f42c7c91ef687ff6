//! Transports for unit tests (feature `test-util`): test code that calls a Tencent Cloud API
//! with no server, no socket and no network.
//!
//! - [`CaptureTransport`] keeps every signed request and answers each with the same canned
//!   answer: check what your code sends.
//! - [`ReplayTransport`] answers from a list of recorded (request → answer) pairs, in order,
//!   and [`ReplayTransport::assert_requests_match`] checks afterwards that your code sent what
//!   was recorded: test a whole scenario.
//!
//! Either is given to a client with
//! [`ClientBuilder::transport`](crate::client::ClientBuilder::transport); the client signs,
//! validates, retries and decodes exactly as it does over the network.
//!
//! ```
//! # use tencentcloud_runtime::__private::serde::{self, Deserialize, Serialize};
//! # use tencentcloud_runtime::action::{Action, ActionInfo, ServiceInfo};
//! # use tencentcloud_runtime::validation::{FieldPath, Validate, Violations};
//! # static SERVICE: ServiceInfo = ServiceInfo {
//! #     name: "demo", version: "2020-01-01", china_host: "demo.tencentcloudapi.com",
//! #     international_host: "demo.intl.tencentcloudapi.com",
//! #     regional_host: "demo.{region}.tencentcloudapi.com", rate_limit_per_second: 20,
//! #     error_codes: &[],
//! # };
//! # static INFO: ActionInfo = ActionInfo {
//! #     service: &SERVICE, name: "DescribeThings", safe_to_resend: true, signed: true,
//! #     rate_limit_per_second: 20, errors: &[], parameters: &[],
//! # };
//! # #[derive(Clone, Debug, Serialize, Deserialize)]
//! # #[serde(crate = "tencentcloud_runtime::__private::serde")]
//! # struct DescribeThings { #[serde(rename = "Limit")] limit: i64 }
//! # #[derive(Clone, Debug, Serialize, Deserialize)]
//! # #[serde(crate = "tencentcloud_runtime::__private::serde")]
//! # struct Things { #[serde(rename = "TotalCount")] total_count: i64 }
//! # impl Validate for DescribeThings {
//! #     fn collect_violations(&self, _: &FieldPath<'_>, _: &mut Violations) {}
//! # }
//! # impl Action for DescribeThings { type Output = Things; const INFO: &'static ActionInfo = &INFO; }
//! use tencentcloud_runtime::client::{ApiClient, ClientBuilder};
//! use tencentcloud_runtime::credentials::Credentials;
//! use tencentcloud_runtime::test_util::{ReplayEvent, ReplayTransport};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let replay = ReplayTransport::new([ReplayEvent::new(
//!     "DescribeThings",
//!     r#"{"Limit": 1}"#,
//!     r#"{"Response": {"TotalCount": 0, "RequestId": "r-1"}}"#,
//! )]);
//! let client: ApiClient = ClientBuilder::new()
//!     .credentials(Credentials::new("AKIDTEST", "test-key")?)
//!     .transport(replay.clone())
//!     .build()?;
//!
//! // The code under test (a generated client's methods end in the same `send`):
//! let things = client.send(DescribeThings { limit: 1 }).await?;
//! assert_eq!(things.total_count, 0);
//!
//! replay.assert_requests_match();
//! # Ok(()) }
//! ```

mod capture;
mod replay;

pub use capture::CaptureTransport;
pub use replay::{ReplayEvent, ReplayTransport};
