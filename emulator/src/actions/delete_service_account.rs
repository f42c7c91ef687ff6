//! `DeleteServiceAccount`: removes the account, whose name can then be used again. The account
//! may be named with or without `tcr$`.

use tcr_api::actions::{DeleteServiceAccountRequest, DeleteServiceAccountResponse};

use super::{Context, Perform, account_not_found, internal, registry_not_found};
use crate::api_error::ApiError;
use crate::state::full_name;

impl Perform for DeleteServiceAccountRequest {
    fn perform(self, cx: &Context<'_>) -> Result<DeleteServiceAccountResponse, ApiError> {
        let name = full_name(&self.name);
        cx.state
            .with_registry(&self.registry_id, |registry| {
                registry
                    .remove(&name)
                    .map(|_| ())
                    .ok_or_else(|| account_not_found(&name, &self.registry_id))
            })
            .ok_or_else(|| registry_not_found(&self.registry_id))??;
        DeleteServiceAccountResponse::builder()
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}
