//! `CreateServiceAccount`: stores a new account under its `tcr$` name with a generated password,
//! in a running instance of the caller's account and region.
//!
//! Expiry: `Duration` days from now when it is above 0, else `ExpiresAt` (milliseconds), else 0
//! (never). Every namespace the permissions name must exist in the instance (in an instance
//! that exists implicitly, missing ones are created: see the `permissions` module).
//! Refusals: a duplicate name is `FailedOperation`, a full instance is
//! `OperationDenied.QuotaOverLimit`, an unknown instance or namespace is `ResourceNotFound`,
//! an instance still being set up is `ResourceInsufficient`.

use tcr_api::ErrorCode;
use tcr_api::actions::{CreateServiceAccountRequest, CreateServiceAccountResponse};
use tcr_api::primitives::UnixMillis;

use super::{Context, Perform, internal, permissions, requested_expiry, short, whole_seconds};
use crate::api_error::ApiError;
use crate::state::{NAME_PREFIX, PasswordHash, ServiceAccount};

impl Perform for CreateServiceAccountRequest {
    fn perform(self, cx: &Context<'_>) -> Result<CreateServiceAccountResponse, ApiError> {
        let place = cx.place()?;
        let now_ms = cx.now_ms();
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
        cx.state.write(|world| {
            let limits = world.limits.clone();
            let instance = world.running(&place, &self.registry_id, now_ms)?;
            if instance.service_accounts.contains(&name) {
                return Err(ApiError::new(
                    ErrorCode::FailedOperation,
                    format!(
                        "a service account named `{}` already exists in {}",
                        short(&name),
                        short(&self.registry_id)
                    ),
                ));
            }
            if instance.service_accounts.len() >= limits.service_accounts {
                return Err(ApiError::new(
                    ErrorCode::OperationDeniedQuotaOverLimit,
                    format!(
                        "{} already has {} service accounts, its quota",
                        short(&self.registry_id),
                        limits.service_accounts
                    ),
                ));
            }
            permissions::check(instance, &account.permissions, limits.namespaces, now_ms)?;
            instance.service_accounts.insert(account);
            Ok(())
        })?;
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
