//! A typed client of Tencent Cloud Virtual Machine (CVM) API 2017-03-12, `DescribeInstances`
//! only, generated at compile time from the spec files in `api-spec/` by one macro call. It
//! shows that a crate outside `tcr-api` gets a client for any Tencent Cloud API 3.0 service from
//! its own YAML, on the same runtime (signing, retries, rate limits, errors).
//!
//! ```no_run
//! # async fn run() -> Result<(), tencentcloud_runtime::Error> {
//! use cvm_client::cvm::client::Client;
//! use cvm_client::cvm::types::Filter;
//!
//! let client = Client::builder().region("ap-guangzhou").build().expect("client");
//! let page = client
//!     .describe_instances()
//!     .filter(Filter::new(["web-1"], "instance-name"))
//!     .limit(10)
//!     .send()
//!     .await?;
//! println!("{:?} instances", page.total_count);
//! # Ok(())
//! # }
//! ```

tcr_macros::api!(mod cvm from "api-spec");
