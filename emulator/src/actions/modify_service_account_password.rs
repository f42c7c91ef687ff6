//! `ModifyServiceAccountPassword`: a random password, or the one given (its rule checked by the
//! request's `validate()` before this runs). The account may be named with or without `tcr$`.
//! Refusals: an unknown instance or account is `ResourceNotFound`; an instance still being set
//! up is `ResourceInsufficient`.

use tcr_api::ErrorCode;
use tcr_api::actions::{ModifyServiceAccountPasswordRequest, ModifyServiceAccountPasswordResponse};

use super::{Context, Perform, internal, whole_seconds};
use crate::api_error::ApiError;
use crate::state::{PasswordHash, full_name, no_service_account};

impl Perform for ModifyServiceAccountPasswordRequest {
    fn perform(self, cx: &Context<'_>) -> Result<ModifyServiceAccountPasswordResponse, ApiError> {
        let place = cx.place()?;
        let now_ms = cx.now_ms();
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
        cx.state.write(|world| {
            let instance = world.running(&place, &self.registry_id, now_ms)?;
            let account = instance
                .service_accounts
                .get_mut(&name)
                .ok_or_else(|| no_service_account(&name, &self.registry_id))?;
            account.password = hash;
            account.update_time = now;
            Ok(())
        })?;
        ModifyServiceAccountPasswordResponse::builder()
            .password(password)
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}
