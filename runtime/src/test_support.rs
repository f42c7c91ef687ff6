//! A made-up service and action for the crate's own unit tests (the runtime knows no real one).

use serde::{Deserialize, Serialize};

use crate::action::{Action, ActionInfo, ErrorCodeInfo, Parameter, ServiceInfo};
use crate::primitives::Sensitive;
use crate::validation::{FieldPath, Validate, Violations};

const fn code(code: &'static str, refused: bool, transient: bool) -> ErrorCodeInfo {
    ErrorCodeInfo {
        code,
        common: true,
        refused_before_acting: refused,
        transient,
        description: "internal",
    }
}

pub(crate) static CODES: &[ErrorCodeInfo] = &[
    code("InternalError", false, true),
    code("InvalidParameter", false, false),
    code("RequestLimitExceeded", true, false),
];

pub(crate) static SERVICE: ServiceInfo = ServiceInfo {
    name: "demo",
    version: "2020-01-01",
    china_host: "demo.tencentcloudapi.com",
    international_host: "demo.intl.tencentcloudapi.com",
    regional_host: "demo.{region}.tencentcloudapi.com",
    rate_limit_per_second: 20,
    error_codes: CODES,
};

pub(crate) static CREATE: ActionInfo = ActionInfo {
    service: &SERVICE,
    name: "CreateThing",
    safe_to_resend: false,
    signed: true,
    rate_limit_per_second: 20,
    errors: &[],
    parameters: &[Parameter {
        name: "Name",
        required: true,
    }],
};

/// The request of `CreateThing`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Create {
    #[serde(rename = "Name")]
    pub(crate) name: String,
}

/// The answer of `CreateThing`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Output {
    #[serde(rename = "Password", default)]
    pub(crate) password: Option<Sensitive>,
    #[serde(rename = "RequestId")]
    pub(crate) request_id: String,
}

impl Validate for Create {
    fn collect_violations(&self, _at: &FieldPath<'_>, _violations: &mut Violations) {}
}

impl Action for Create {
    type Output = Output;
    const INFO: &'static ActionInfo = &CREATE;
}

pub(crate) static EXCHANGE: ActionInfo = ActionInfo {
    service: &SERVICE,
    name: "ExchangeToken",
    safe_to_resend: true,
    signed: false,
    rate_limit_per_second: 20,
    errors: &[],
    parameters: &[],
};

/// The request of `ExchangeToken`, an action sent unsigned.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Exchange {}

impl Validate for Exchange {
    fn collect_violations(&self, _at: &FieldPath<'_>, _violations: &mut Violations) {}
}

impl Action for Exchange {
    type Output = Output;
    const INFO: &'static ActionInfo = &EXCHANGE;
}
