//! `DeleteServiceAccount`: removes the account, whose name can then be used again. The account
//! may be named with or without `tcr$`. Refusals: an unknown instance or account is
//! `ResourceNotFound`; an instance still being set up is `ResourceInsufficient`.

use tcr_api::actions::{DeleteServiceAccountRequest, DeleteServiceAccountResponse};

use super::{Context, Perform, internal};
use crate::api_error::ApiError;
use crate::state::{full_name, no_service_account};

impl Perform for DeleteServiceAccountRequest {
    fn perform(self, cx: &Context<'_>) -> Result<DeleteServiceAccountResponse, ApiError> {
        let place = cx.place()?;
        let now_ms = cx.now_ms();
        let name = full_name(&self.name);
        cx.state.write(|world| {
            let instance = world.running(&place, &self.registry_id, now_ms)?;
            instance
                .service_accounts
                .remove(&name)
                .map(|_| ())
                .ok_or_else(|| no_service_account(&name, &self.registry_id))
        })?;
        DeleteServiceAccountResponse::builder()
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}
