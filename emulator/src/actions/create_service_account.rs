//! `CreateServiceAccount`: stores a new account under its `tcr$` name with a generated password.
//!
//! Expiry: `Duration` days from now when it is above 0, else `ExpiresAt` (milliseconds), else 0
//! (never). Refusals: a duplicate name is `FailedOperation`, a full registry is
//! `OperationDenied.QuotaOverLimit`, an unknown registry is `ResourceNotFound`.

use tcr_api::primitives::UnixMillis;
use tcr_api::ErrorCode;
use tcr_api::actions::{CreateServiceAccountRequest, CreateServiceAccountResponse};

use super::{
    Context, Perform, internal, registry_not_found, requested_expiry, short, whole_seconds,
};
use crate::api_error::ApiError;
use crate::state::{NAME_PREFIX, PasswordHash, ServiceAccount};

impl Perform for CreateServiceAccountRequest {
    fn perform(self, cx: &Context<'_>) -> Result<CreateServiceAccountResponse, ApiError> {
        let created = whole_seconds(cx.now);
        let expires_at =
            requested_expiry(cx.now, self.duration, self.expires_at).unwrap_or(UnixMillis::new(0));
        let name = format!("{NAME_PREFIX}{}", self.name);
        let password = cx.random.password();
        let account = ServiceAccount {
            name: name.clone(),
            description: self.description,
            disable: self.disable.unwrap_or(false),
            expires_at,
            permissions: self.permissions,
            create_time: created,
            update_time: created,
            password: PasswordHash::new(&password),
        };
        let quota = cx.state.quota();
        cx.state
            .with_registry(&self.registry_id, |registry| {
                if registry.contains(&name) {
                    return Err(ApiError::new(
                        ErrorCode::FailedOperation,
                        format!(
                            "a service account named `{}` already exists in {}",
                            short(&name),
                            short(&self.registry_id)
                        ),
                    ));
                }
                if registry.len() >= quota {
                    return Err(ApiError::new(
                        ErrorCode::OperationDeniedQuotaOverLimit,
                        format!(
                            "{} already has {quota} service accounts, its quota",
                            short(&self.registry_id)
                        ),
                    ));
                }
                registry.insert(account);
                Ok(())
            })
            .ok_or_else(|| registry_not_found(&self.registry_id))??;
        CreateServiceAccountResponse::builder()
            .name(name)
            .password(password)
            .expires_at(expires_at)
            .create_time(created)
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}
