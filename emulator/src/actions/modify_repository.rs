//! `ModifyRepository`: replaces both descriptions of a repository; its `UpdateTime` moves.
//!
//! Refusals: an unknown instance is `ResourceNotFound`, an unknown namespace
//! `ResourceNotFound.ErrNoNamespace`, an unknown repository `ResourceNotFound.ErrNoRepo` (both
//! answered as `ResourceNotFound`); an instance still being set up is `ResourceInsufficient`.

use tcr_api::actions::{ModifyRepositoryRequest, ModifyRepositoryResponse};

use super::{Context, Perform, internal};
use crate::api_error::ApiError;
use crate::state::{no_namespace, no_repository};

impl Perform for ModifyRepositoryRequest {
    fn perform(self, cx: &Context<'_>) -> Result<ModifyRepositoryResponse, ApiError> {
        let place = cx.place()?;
        let now_ms = cx.now_ms();
        cx.state.write(|world| {
            let instance = world.running(&place, &self.registry_id, now_ms)?;
            let repository = instance
                .namespace_mut(&self.namespace_name)
                .ok_or_else(|| no_namespace(&self.namespace_name, &self.registry_id))?
                .repository_mut(&self.repository_name)
                .ok_or_else(|| {
                    no_repository(&self.namespace_name, &self.repository_name, &self.registry_id)
                })?;
            repository.brief_description = self.brief_description;
            repository.description = self.description;
            repository.updated_ms = now_ms;
            Ok(())
        })?;
        ModifyRepositoryResponse::builder()
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}
