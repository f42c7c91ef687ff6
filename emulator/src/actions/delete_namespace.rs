//! `DeleteNamespace`: removes an empty namespace.
//!
//! A namespace that still holds repositories is refused with
//! `FailedOperation.PreconditionFailed` (answered as `FailedOperation`, the class this action
//! may answer), as TCR refuses it: delete the repositories first. Service-account permissions
//! on the namespace are removed from the accounts that had them. Other refusals: an
//! unknown instance is `ResourceNotFound`, an unknown namespace
//! `ResourceNotFound.ErrNoNamespace` (answered as `ResourceNotFound`); an instance still being
//! set up is `ResourceInsufficient`.

use tcr_api::actions::{DeleteNamespaceRequest, DeleteNamespaceResponse};

use super::{Context, Perform, internal};
use crate::api_error::ApiError;
use crate::state::{no_namespace, precondition};

impl Perform for DeleteNamespaceRequest {
    fn perform(self, cx: &Context<'_>) -> Result<DeleteNamespaceResponse, ApiError> {
        let place = cx.place()?;
        let now_ms = cx.now_ms();
        cx.state.write(|world| {
            let instance = world.running(&place, &self.registry_id, now_ms)?;
            let index = instance
                .namespaces
                .iter()
                .position(|n| n.name == self.namespace_name)
                .ok_or_else(|| no_namespace(&self.namespace_name, &self.registry_id))?;
            let held = instance.namespaces[index].repositories.len();
            if held > 0 {
                return Err(precondition(format!(
                    "the namespace `{}` still holds {held} repositories; delete them first",
                    self.namespace_name
                )));
            }
            instance.namespaces.remove(index);
            for account in instance.service_accounts.iter_mut() {
                account
                    .permissions
                    .retain(|permission| permission.resource != self.namespace_name);
            }
            Ok(())
        })?;
        DeleteNamespaceResponse::builder()
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}
