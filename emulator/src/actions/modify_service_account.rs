//! `ModifyServiceAccount`: changes what the request states and leaves the rest. `Duration`
//! (days from now, when above 0) wins over `ExpiresAt` (0 meaning never); `Permissions`
//! replace the old ones, and must name namespaces of the instance (see the `permissions`
//! module). The account may be named with or without `tcr$`. Refusals: an unknown instance,
//! account or namespace is `ResourceNotFound`; an instance still being set up is
//! `ResourceInsufficient`.

use tcr_api::actions::{ModifyServiceAccountRequest, ModifyServiceAccountResponse};

use super::{Context, Perform, internal, permissions, requested_expiry, whole_seconds};
use crate::api_error::ApiError;
use crate::state::{full_name, no_service_account};

impl Perform for ModifyServiceAccountRequest {
    fn perform(self, cx: &Context<'_>) -> Result<ModifyServiceAccountResponse, ApiError> {
        let place = cx.place()?;
        let now_ms = cx.now_ms();
        let name = full_name(&self.name);
        let expiry = requested_expiry(cx.now, self.duration, self.expires_at);
        let now = whole_seconds(cx.now);
        cx.state.write(|world| {
            let namespace_quota = world.limits.namespaces;
            let instance = world.running(&place, &self.registry_id, now_ms)?;
            if !instance.service_accounts.contains(&name) {
                return Err(no_service_account(&name, &self.registry_id));
            }
            if let Some(permissions) = &self.permissions {
                permissions::check(instance, permissions, namespace_quota, now_ms)?;
            }
            let account = instance
                .service_accounts
                .get_mut(&name)
                .ok_or_else(|| no_service_account(&name, &self.registry_id))?;
            if let Some(description) = self.description {
                account.description = Some(description);
            }
            if let Some(expires_at) = expiry {
                account.expires_at = expires_at;
            }
            if let Some(disable) = self.disable {
                account.disable = disable;
            }
            if let Some(permissions) = self.permissions {
                account.permissions = permissions;
            }
            account.update_time = now;
            Ok(())
        })?;
        ModifyServiceAccountResponse::builder()
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}
