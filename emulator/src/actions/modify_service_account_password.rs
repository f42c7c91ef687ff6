//! `ModifyServiceAccountPassword`: a random password, or the one given (its rule checked by the
//! request's `validate()` before this runs). The account may be named with or without `tcr$`.

use tcr_api::ErrorCode;
use tcr_api::actions::{ModifyServiceAccountPasswordRequest, ModifyServiceAccountPasswordResponse};

use super::{Context, Perform, account_not_found, internal, registry_not_found, whole_seconds};
use crate::api_error::ApiError;
use crate::state::{PasswordHash, full_name};

impl Perform for ModifyServiceAccountPasswordRequest {
    fn perform(self, cx: &Context<'_>) -> Result<ModifyServiceAccountPasswordResponse, ApiError> {
        let password = match (self.random, self.password) {
            (true, _) => cx.random.password(),
            (false, Some(password)) => password.into_inner(),
            // `validate()` has already refused this; kept as a clear answer all the same.
            (false, None) => {
                return Err(ApiError::new(
                    ErrorCode::MissingParameter,
                    "Password: is required when `Random` is false",
                ));
            }
        };
        let hash = PasswordHash::new(&password);
        let name = full_name(&self.name);
        let now = whole_seconds(cx.now);
        cx.state
            .with_registry(&self.registry_id, |registry| {
                let account = registry
                    .get_mut(&name)
                    .ok_or_else(|| account_not_found(&name, &self.registry_id))?;
                account.password = hash;
                account.update_time = now;
                Ok(())
            })
            .ok_or_else(|| registry_not_found(&self.registry_id))??;
        ModifyServiceAccountPasswordResponse::builder()
            .password(password)
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}
