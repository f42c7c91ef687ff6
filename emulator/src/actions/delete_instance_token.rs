//! `DeleteInstanceToken`: removes a long-term token; logins with it stop working. Refusals: an
//! unknown instance or token is `ResourceNotFound`; an instance still being set up is
//! `ResourceInsufficient`.

use tcr_api::actions::{DeleteInstanceTokenRequest, DeleteInstanceTokenResponse};

use super::{Context, Perform, internal};
use crate::api_error::ApiError;
use crate::state::no_token;

impl Perform for DeleteInstanceTokenRequest {
    fn perform(self, cx: &Context<'_>) -> Result<DeleteInstanceTokenResponse, ApiError> {
        let place = cx.place()?;
        let now_ms = cx.now_ms();
        cx.state.write(|world| {
            let instance = world.running(&place, &self.registry_id, now_ms)?;
            let index = instance
                .tokens
                .iter()
                .position(|t| t.id == self.token_id)
                .ok_or_else(|| no_token(&self.token_id, &self.registry_id))?;
            instance.tokens.remove(index);
            Ok(())
        })?;
        DeleteInstanceTokenResponse::builder()
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}
