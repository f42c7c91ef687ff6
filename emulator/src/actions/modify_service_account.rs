//! `ModifyServiceAccount`: changes what the request states and leaves the rest. `Duration`
//! (days from now, when above 0) wins over `ExpiresAt` (0 meaning never); `Permissions`
//! replace the old ones. The account may be named with or without `tcr$`.

use tcr_api::actions::{ModifyServiceAccountRequest, ModifyServiceAccountResponse};

use super::{
    Context, Perform, account_not_found, internal, registry_not_found, requested_expiry,
    whole_seconds,
};
use crate::api_error::ApiError;
use crate::state::full_name;

impl Perform for ModifyServiceAccountRequest {
    fn perform(self, cx: &Context<'_>) -> Result<ModifyServiceAccountResponse, ApiError> {
        let name = full_name(&self.name);
        let expiry = requested_expiry(cx.now, self.duration, self.expires_at);
        let now = whole_seconds(cx.now);
        cx.state
            .with_registry(&self.registry_id, |registry| {
                let account = registry
                    .get_mut(&name)
                    .ok_or_else(|| account_not_found(&name, &self.registry_id))?;
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
            })
            .ok_or_else(|| registry_not_found(&self.registry_id))??;
        ModifyServiceAccountResponse::builder()
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}
