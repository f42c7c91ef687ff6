//! `CreateRepository`: a new, empty repository in a namespace of a running instance.
//!
//! Choices where Tencent's documentation is silent: the name follows the spec's words (more
//! than 2 and fewer than 245 characters among lowercase letters, digits, `.`, `_`, `-`), with
//! `/` allowed between parts for nested paths (`team/api`), and no separator first, last or
//! twice in a row: else `InvalidParameter`. At most 1000 repositories per instance by default
//! (`repository_quota`). Descriptions left out are empty.
//!
//! Refusals: an unknown instance is `ResourceNotFound`, an unknown namespace
//! `ResourceNotFound.ErrNoNamespace`; an instance still being set up is
//! `ResourceInsufficient.ErrorInstanceNotRunning`; a name taken in the namespace is
//! `InvalidParameter.ErrRepoExist`; a full instance is `LimitExceeded.ErrRepoMaxLimit`. (The
//! spec declares no code for this action: each is answered as its class.)

use tcr_api::ErrorCode;
use tcr_api::actions::{CreateRepositoryRequest, CreateRepositoryResponse};

use super::{Context, Perform, internal};
use crate::api_error::{ApiError, short};
use crate::state::{Repository, exists, invalid, is_repository_name, no_namespace, quota};

impl Perform for CreateRepositoryRequest {
    fn perform(self, cx: &Context<'_>) -> Result<CreateRepositoryResponse, ApiError> {
        let place = cx.place()?;
        let now_ms = cx.now_ms();
        if !is_repository_name(&self.repository_name) {
            return Err(invalid(format!(
                "RepositoryName: `{}` must be 3 to 244 lowercase letters, digits and single \
                 separators `.`, `_`, `-`, `/` between them",
                short(&self.repository_name)
            )));
        }
        cx.state.write(|world| {
            let limit = world.limits.repositories;
            let instance = world.running(&place, &self.registry_id, now_ms)?;
            let held = instance.repository_count();
            let namespace = instance
                .namespace_mut(&self.namespace_name)
                .ok_or_else(|| no_namespace(&self.namespace_name, &self.registry_id))?;
            if namespace.repository(&self.repository_name).is_some() {
                return Err(exists(
                    ErrorCode::InvalidParameterErrRepoExist,
                    format!(
                        "a repository `{}/{}` already exists in {}",
                        self.namespace_name,
                        short(&self.repository_name),
                        self.registry_id
                    ),
                ));
            }
            if held >= limit {
                return Err(quota(
                    ErrorCode::LimitExceededErrRepoMaxLimit,
                    format!("{} already has {limit} repositories, its quota", self.registry_id),
                ));
            }
            namespace.repositories.push(Repository {
                name: self.repository_name,
                brief_description: self.brief_description.unwrap_or_default(),
                description: self.description.unwrap_or_default(),
                created_ms: now_ms,
                updated_ms: now_ms,
                images: Vec::new(),
            });
            Ok(())
        })?;
        CreateRepositoryResponse::builder()
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}
