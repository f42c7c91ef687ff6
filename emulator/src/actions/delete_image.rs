//! `DeleteImage`: removes one tag of a repository; the repository's `UpdateTime` moves.
//!
//! Choices where Tencent's documentation is silent: only the tag named goes, even when other
//! tags share its digest. Refusals: an unknown instance is `ResourceNotFound`, an unknown
//! namespace `ResourceNotFound.ErrNoNamespace`, repository `ResourceNotFound.ErrNoRepo` or tag
//! `ResourceNotFound.ErrNoTag` (all answered as `ResourceNotFound`); an instance still being
//! set up is `ResourceInsufficient`.

use tcr_api::actions::{DeleteImageRequest, DeleteImageResponse};

use super::{Context, Perform, internal};
use crate::api_error::ApiError;
use crate::state::{no_namespace, no_repository, no_tag};

impl Perform for DeleteImageRequest {
    fn perform(self, cx: &Context<'_>) -> Result<DeleteImageResponse, ApiError> {
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
            let index = repository
                .images
                .iter()
                .position(|image| image.tag == self.image_version)
                .ok_or_else(|| {
                    no_tag(&self.namespace_name, &self.repository_name, &self.image_version)
                })?;
            repository.images.remove(index);
            repository.updated_ms = now_ms;
            Ok(())
        })?;
        DeleteImageResponse::builder()
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}
