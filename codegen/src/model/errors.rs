//! `errors.yaml`: the error codes the service can answer with.

use schemars::JsonSchema;
use serde::Deserialize;

/// Every error code a spec may use: the ones every Tencent Cloud API 3.0 action shares, and the
/// service's own. An action lists the codes it can return; each must be declared here.
#[derive(Clone, Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ErrorCatalog {
    /// Codes every action can return (`AuthFailure.SignatureExpire`, `RequestLimitExceeded`).
    pub common: Vec<ErrorDef>,
    /// Codes only this service returns (`OperationDenied.QuotaOverLimit`).
    #[serde(default)]
    pub service: Vec<ErrorDef>,
}

/// One error code.
#[derive(Clone, Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ErrorDef {
    /// The code exactly as the API returns it (`FailedOperation.DbError`).
    pub code: String,
    /// What the code means, and what the caller can do about it.
    pub doc: String,
    /// The server refused the request before acting on it, so any action may be sent again
    /// (`RequestLimitExceeded`).
    #[serde(default)]
    pub refused_before_acting: bool,
    /// The failure may pass by itself (`InternalError`): a client may send again an action
    /// that is safe to re-send.
    #[serde(default)]
    pub transient: bool,
}
