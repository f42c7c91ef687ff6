//! `service.yaml`: the service a spec folder describes.

use schemars::JsonSchema;
use serde::Deserialize;

/// The service: its name, API version, hosts and default rate limit.
#[derive(Clone, Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Service name as used in hosts and in the TC3 credential scope (`tcr`).
    pub name: String,
    /// API version sent as `X-TC-Version` (`2019-09-24`). Quote it in YAML.
    pub version: String,
    /// Human name of the service (`Tencent Container Registry`).
    pub title: String,
    /// What the service is, for the generated crate documentation.
    pub doc: String,
    /// Where the API is served.
    pub endpoints: Endpoints,
    /// Default per-action rate limit; an action may state its own.
    pub rate_limit: RateLimit,
}

/// The hosts of the API.
#[derive(Clone, Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Endpoints {
    /// China site host (`tcr.tencentcloudapi.com`).
    pub china: String,
    /// International site host (`tcr.intl.tencentcloudapi.com`).
    pub international: String,
    /// Regional host template; `{region}` is replaced by the region (`tcr.{region}.tencentcloudapi.com`).
    pub regional: String,
}

/// A rate limit that the service enforces on each action.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    /// Requests per second allowed for one action.
    pub per_second: u32,
}
