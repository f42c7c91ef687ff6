//! `DeleteInstance`: removes an instance of the caller's account and region with everything it
//! holds (namespaces, repositories, image tags, service accounts, tokens). Its id is never
//! found again, even one that existed implicitly.
//!
//! Choices where Tencent's documentation is silent: the deletion is immediate (no `Deleting`
//! state); an instance still being set up can be deleted; `DeleteBucket` has no effect (there
//! is no COS bucket). Refusals: an unknown instance is `ResourceNotFound`; one under deletion
//! protection is `FailedOperation.PreconditionFailed` (answered as `FailedOperation`, the
//! class this action may answer). `DryRun` checks the same and answers `DryRunOperation`,
//! deleting nothing.

use tcr_api::ErrorCode;
use tcr_api::actions::{DeleteInstanceRequest, DeleteInstanceResponse};

use super::{Context, Perform, internal};
use crate::api_error::ApiError;
use crate::state::precondition;

impl Perform for DeleteInstanceRequest {
    fn perform(self, cx: &Context<'_>) -> Result<DeleteInstanceResponse, ApiError> {
        let place = cx.place()?;
        let now_ms = cx.now_ms();
        cx.state.write(|world| {
            let instance = world.instance(&place, &self.registry_id, now_ms)?;
            if instance.deletion_protection {
                return Err(precondition(format!(
                    "{} is protected against deletion (DeletionProtection); turn that off first",
                    self.registry_id
                )));
            }
            if self.dry_run == Some(true) {
                return Err(ApiError::new(
                    ErrorCode::DryRunOperation,
                    format!(
                        "{} could be deleted; nothing was deleted (DryRun)",
                        self.registry_id
                    ),
                ));
            }
            world.remove(&place, &self.registry_id, now_ms).map(|_| ())
        })?;
        DeleteInstanceResponse::builder()
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}
