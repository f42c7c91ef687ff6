//! What the runtime knows of every generated action and service.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt::Debug;

use crate::validation::Validate;

/// A Tencent Cloud API 3.0 service, as its spec describes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServiceInfo {
    /// Service name, used in hosts and in the signature scope (`tcr`).
    pub name: &'static str,
    /// API version sent as `X-TC-Version` (`2019-09-24`).
    pub version: &'static str,
    /// China site host.
    pub china_host: &'static str,
    /// International site host.
    pub international_host: &'static str,
    /// Regional host template, `{region}` standing for the region.
    pub regional_host: &'static str,
    /// Default per-action rate limit, requests per second.
    pub rate_limit_per_second: u32,
}

impl ServiceInfo {
    /// The regional host for `region` (`tcr.ap-guangzhou.tencentcloudapi.com`).
    pub fn regional_host_for(&self, region: &str) -> String {
        self.regional_host.replace("{region}", region)
    }
}

/// A request type of one API action; generated for every action of a spec.
pub trait Action:
    Serialize + DeserializeOwned + Validate + Debug + Clone + Send + Sync + 'static
{
    /// The typed answer.
    type Output: Serialize + DeserializeOwned + Debug + Clone + Send + Sync + 'static;

    /// The service the action belongs to.
    const SERVICE: &'static ServiceInfo;
    /// Action name, sent as `X-TC-Action`.
    const NAME: &'static str;
    /// Whether the request may be sent again after an attempt that may have reached the server.
    const SAFE_TO_RESEND: bool;
    /// Requests per second the service allows for this action.
    const RATE_LIMIT_PER_SECOND: u32;
    /// Error codes the action can return beyond the common ones.
    const ERRORS: &'static [&'static str];
    /// The request's top-level parameters, in spec order.
    const PARAMETERS: &'static [Parameter];
}

/// A top-level request parameter, as a server checks it before decoding the typed request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parameter {
    /// Name on the wire (`RegistryId`).
    pub name: &'static str,
    /// Always required (conditional requirements are checked by `validate()`).
    pub required: bool,
}

/// Something done once for every action of a spec, with the action's type: the generated
/// `visit_actions` calls [`ActionVisitor::visit`] for each, in name order. Tests, the emulator
/// and benchmarks use it to cover every action without listing them by hand.
pub trait ActionVisitor {
    /// Called once per action.
    fn visit<A: Action>(&mut self);
}
