//! `DeleteRepository`: removes a repository and, unless `ForceDelete` is `false`, the image
//! tags it holds.
//!
//! With `ForceDelete` `false`, a repository that holds tags is refused with
//! `FailedOperation.PreconditionFailed`, as Tencent's third example shows (answered as
//! `FailedOperation` while the spec does not declare the code for this action). Other refusals:
//! an unknown instance is `ResourceNotFound`, an unknown namespace
//! `ResourceNotFound.ErrNoNamespace`, an unknown repository `ResourceNotFound.ErrNoRepo` (both
//! answered as `ResourceNotFound`); an instance still being set up is `ResourceInsufficient`.

use tcr_api::actions::{DeleteRepositoryRequest, DeleteRepositoryResponse};

use super::{Context, Perform, internal};
use crate::api_error::ApiError;
use crate::state::{no_namespace, no_repository, precondition};

impl Perform for DeleteRepositoryRequest {
    fn perform(self, cx: &Context<'_>) -> Result<DeleteRepositoryResponse, ApiError> {
        let place = cx.place()?;
        let now_ms = cx.now_ms();
        let force = self.force_delete.unwrap_or(true);
        cx.state.write(|world| {
            let instance = world.running(&place, &self.registry_id, now_ms)?;
            let namespace = instance
                .namespace_mut(&self.namespace_name)
                .ok_or_else(|| no_namespace(&self.namespace_name, &self.registry_id))?;
            let index = namespace
                .repositories
                .iter()
                .position(|r| r.name == self.repository_name)
                .ok_or_else(|| {
                    no_repository(&self.namespace_name, &self.repository_name, &self.registry_id)
                })?;
            let tags = namespace.repositories[index].images.len();
            if !force && tags > 0 {
                return Err(precondition(format!(
                    "the repository `{}/{}` is not empty ({tags} tags); delete them first or \
                     send ForceDelete true",
                    self.namespace_name, self.repository_name
                )));
            }
            namespace.repositories.remove(index);
            Ok(())
        })?;
        DeleteRepositoryResponse::builder()
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}
