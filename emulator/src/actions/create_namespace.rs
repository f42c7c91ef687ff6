//! `CreateNamespace`: a new namespace in a running instance of the caller's account and
//! region, with the settings given (those left out are off; no severity).
//!
//! Choices where Tencent's documentation is silent: namespace ids count from 1 in each
//! instance and are never reused there; at most 50 namespaces per instance by default
//! (`namespace_quota`). Refusals: an unknown instance is `ResourceNotFound`; one still being
//! set up is `ResourceInsufficient.ErrorInstanceNotRunning`; a name taken is
//! `InvalidParameter.ErrNamespaceExist`; a full instance is
//! `LimitExceeded.ErrNamespaceMaxLimit`; a `Severity` other than `low`, `medium`, `high` is
//! `InvalidParameter`. (The spec declares no code for this action: each is answered as its
//! class, with the same message.) The name's rule is the spec's, checked before this runs.

use tcr_api::ErrorCode;
use tcr_api::actions::{CreateNamespaceRequest, CreateNamespaceResponse};
use tcr_api::types::NamespaceSeverity;

use super::{Context, Perform, internal};
use crate::api_error::{ApiError, short};
use crate::state::{exists, invalid, quota};

impl Perform for CreateNamespaceRequest {
    fn perform(self, cx: &Context<'_>) -> Result<CreateNamespaceResponse, ApiError> {
        let place = cx.place()?;
        let now_ms = cx.now_ms();
        let severity = severity(self.severity.as_ref())?;
        cx.state.write(|world| {
            let limit = world.limits.namespaces;
            let instance = world.running(&place, &self.registry_id, now_ms)?;
            if instance.namespace(&self.namespace_name).is_some() {
                return Err(exists(
                    ErrorCode::InvalidParameterErrNamespaceExist,
                    format!(
                        "a namespace named `{}` already exists in {}",
                        short(&self.namespace_name),
                        self.registry_id
                    ),
                ));
            }
            if instance.namespaces.len() >= limit {
                return Err(quota(
                    ErrorCode::LimitExceededErrNamespaceMaxLimit,
                    format!("{} already has {limit} namespaces, its quota", self.registry_id),
                ));
            }
            let namespace = instance.add_namespace(&self.namespace_name, self.is_public, now_ms);
            namespace.auto_scan = self.is_auto_scan.unwrap_or(false);
            namespace.prevent_vul = self.is_prevent_vul.unwrap_or(false);
            namespace.severity = severity.unwrap_or_default();
            namespace.cve_allowlist = self.cve_whitelist_items.unwrap_or_default();
            namespace.tags = self.tag_specification;
            Ok(())
        })?;
        CreateNamespaceResponse::builder()
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}

/// The severity a request sets, checked: `low`, `medium`, `high`, or empty for none.
pub(crate) fn severity(value: Option<&NamespaceSeverity>) -> Result<Option<String>, ApiError> {
    match value.map(NamespaceSeverity::as_str) {
        None => Ok(None),
        Some(level @ ("low" | "medium" | "high" | "")) => Ok(Some(level.to_owned())),
        Some(other) => Err(invalid(format!(
            "Severity: `{}` is not a severity; use low, medium or high",
            short(other)
        ))),
    }
}
