//! What the runtime knows of every generated service and action: static descriptions that
//! generated code fills in from the spec, so that the call path itself names no service.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt::Debug;

use crate::validation::Validate;

/// A Tencent Cloud API 3.0 service, as its spec describes it.
#[derive(Clone, Copy, Debug)]
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
    /// Every error code the spec declares (the common ones and the service's own), sorted by
    /// code so that [`ServiceInfo::error_code`] can search it.
    pub error_codes: &'static [ErrorCodeInfo],
}

impl ServiceInfo {
    /// The regional host for `region` (`tcr.ap-guangzhou.tencentcloudapi.com`).
    pub fn regional_host_for(&self, region: &str) -> String {
        self.regional_host.replace("{region}", region)
    }

    /// What the spec says of `code`, if it declares it.
    pub fn error_code(&self, code: &str) -> Option<&'static ErrorCodeInfo> {
        let codes = self.error_codes;
        codes
            .binary_search_by(|info| info.code.cmp(code))
            .ok()
            .map(|index| &codes[index])
    }
}

/// One error code of a service, as its spec's `errors.yaml` declares it. The retry rules read
/// the flags: each service says which of its own codes are worth a retry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorCodeInfo {
    /// The code on the wire (`AuthFailure.SignatureExpire`).
    pub code: &'static str,
    /// Whether every action of every Tencent Cloud API 3.0 service can return it.
    pub common: bool,
    /// Whether the service refused before acting (`RequestLimitExceeded`): sending the request
    /// again is safe for any action.
    pub refused_before_acting: bool,
    /// Whether the failure may pass by itself (`InternalError`): an action that is safe to
    /// re-send is worth sending again.
    pub transient: bool,
    /// What the code means, in the spec's words.
    pub description: &'static str,
}

/// One action of a service: everything the call path needs besides the request's bytes.
///
/// Generated code makes one `static` per action; the client's call path, the retry rules and
/// servers such as the emulator read it without knowing the request's type.
#[derive(Clone, Copy, Debug)]
pub struct ActionInfo {
    /// The service the action belongs to.
    pub service: &'static ServiceInfo,
    /// Action name, sent as `X-TC-Action`.
    pub name: &'static str,
    /// Whether the request may be sent again after an attempt that may have reached the server.
    pub safe_to_resend: bool,
    /// Whether requests are signed with TC3-HMAC-SHA256. `false` for the few actions Tencent
    /// serves unsigned (`AssumeRoleWithWebIdentity`): the call path then asks for no
    /// credentials and sends `Authorization: SKIP` with no signature and no token.
    pub signed: bool,
    /// Requests per second the service allows for this action.
    pub rate_limit_per_second: u32,
    /// Error codes the action can return beyond the common ones.
    pub errors: &'static [&'static str],
    /// The request's top-level parameters, in spec order.
    pub parameters: &'static [Parameter],
}

impl ActionInfo {
    /// Whether the action may answer `code`: common to every action, or declared for this one.
    pub fn declares(&self, code: &str) -> bool {
        self.errors.contains(&code) || self.service.error_code(code).is_some_and(|c| c.common)
    }
}

/// A request type of one API action; generated for every action of a spec.
///
/// Only encoding the request and decoding its answer depend on the type; everything else on
/// the call path works from [`Action::INFO`].
pub trait Action: Serialize + Validate + Debug + Clone + Send + Sync + 'static {
    /// The typed answer.
    type Output: DeserializeOwned + Debug + Clone + Send + Sync + 'static;

    /// The action's description from the spec.
    const INFO: &'static ActionInfo;
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

/// Like [`ActionVisitor`], for servers and tests: besides being sent, each action's request
/// can be read from JSON and its answer written, as the generated code allows with its
/// `test-util` feature (a client needs only the other direction). The generated
/// `visit_server_actions` calls it.
#[cfg(feature = "test-util")]
pub trait ServerActionVisitor {
    /// Called once per action.
    fn visit<A>(&mut self)
    where
        A: Action + DeserializeOwned,
        A::Output: Serialize;
}

/// A service's typed error codes (the generated `ErrorCode`): made from the code on the wire,
/// keeping codes the spec does not know.
pub trait ServiceErrorCode: for<'a> From<&'a str> + Debug + Clone + PartialEq {
    /// The code on the wire.
    fn as_str(&self) -> &str;
}

#[cfg(test)]
mod tests {
    use super::*;

    static CODES: &[ErrorCodeInfo] = &[
        ErrorCodeInfo {
            code: "FailedOperation.DbError",
            common: false,
            refused_before_acting: false,
            transient: true,
            description: "db",
        },
        ErrorCodeInfo {
            code: "InternalError",
            common: true,
            refused_before_acting: false,
            transient: true,
            description: "internal",
        },
    ];

    static SERVICE: ServiceInfo = ServiceInfo {
        name: "x",
        version: "2020-01-01",
        china_host: "x.tencentcloudapi.com",
        international_host: "x.intl.tencentcloudapi.com",
        regional_host: "x.{region}.tencentcloudapi.com",
        rate_limit_per_second: 20,
        error_codes: CODES,
    };

    #[test]
    fn codes_are_found_by_binary_search_and_declared_per_action() {
        assert_eq!(
            SERVICE.error_code("InternalError").unwrap().description,
            "internal"
        );
        assert!(SERVICE.error_code("Nope").is_none());
        let action = ActionInfo {
            service: &SERVICE,
            name: "Do",
            safe_to_resend: true,
            signed: true,
            rate_limit_per_second: 20,
            errors: &["FailedOperation.DbError"],
            parameters: &[],
        };
        assert!(action.declares("InternalError"));
        assert!(action.declares("FailedOperation.DbError"));
        assert!(!action.declares("ResourceNotFound"));
    }
}
