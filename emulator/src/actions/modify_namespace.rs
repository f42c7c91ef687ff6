//! `ModifyNamespace`: changes the settings the request states and leaves the others;
//! `CVEWhitelistItems` and `TagSpecification` replace the old ones.
//!
//! Refusals: an unknown instance is `ResourceNotFound`, an unknown namespace
//! `ResourceNotFound.ErrNoNamespace` (answered as `ResourceNotFound`); an instance still being
//! set up is `ResourceInsufficient`; a `Severity` other than `low`, `medium`, `high` is
//! `InvalidParameter`.

use tcr_api::actions::{ModifyNamespaceRequest, ModifyNamespaceResponse};

use super::create_namespace::severity;
use super::{Context, Perform, internal};
use crate::api_error::ApiError;
use crate::state::no_namespace;

impl Perform for ModifyNamespaceRequest {
    fn perform(self, cx: &Context<'_>) -> Result<ModifyNamespaceResponse, ApiError> {
        let place = cx.place()?;
        let now_ms = cx.now_ms();
        let severity = severity(self.severity.as_ref())?;
        cx.state.write(|world| {
            let instance = world.running(&place, &self.registry_id, now_ms)?;
            let namespace = instance
                .namespace_mut(&self.namespace_name)
                .ok_or_else(|| no_namespace(&self.namespace_name, &self.registry_id))?;
            if let Some(public) = self.is_public {
                namespace.public = public;
            }
            if let Some(auto_scan) = self.is_auto_scan {
                namespace.auto_scan = auto_scan;
            }
            if let Some(prevent_vul) = self.is_prevent_vul {
                namespace.prevent_vul = prevent_vul;
            }
            if let Some(severity) = severity {
                namespace.severity = severity;
            }
            if let Some(items) = self.cve_whitelist_items {
                namespace.cve_allowlist = items;
            }
            if let Some(tags) = self.tag_specification {
                namespace.tags = Some(tags);
            }
            Ok(())
        })?;
        ModifyNamespaceResponse::builder()
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}
