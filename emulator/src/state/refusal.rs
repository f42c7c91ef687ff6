//! The refusals of the resource actions, one code per kind of resource and per reason.
//!
//! | reason | code |
//! |---|---|
//! | no such instance (in the caller's account and region) | `ResourceNotFound` |
//! | no such namespace | `ResourceNotFound.ErrNoNamespace` |
//! | no such repository | `ResourceNotFound.ErrNoRepo` |
//! | no such image tag | `ResourceNotFound.ErrNoTag` |
//! | no such instance token | `ResourceNotFound` |
//! | no such service account | `ResourceNotFound` |
//! | instance name taken (in the account) | `InvalidParameter.ErrorNameExists` |
//! | namespace name taken | `InvalidParameter.ErrNamespaceExist` |
//! | repository name taken | `InvalidParameter.ErrRepoExist` |
//! | service-account name taken | `FailedOperation` |
//! | instance not running yet | `ResourceInsufficient.ErrorInstanceNotRunning` |
//! | a namespace still holding repositories, a repository still holding images without `ForceDelete`, an instance under deletion protection | `FailedOperation.PreconditionFailed` |
//! | instances per account and region | `LimitExceeded` |
//! | namespaces per instance | `LimitExceeded.ErrNamespaceMaxLimit` |
//! | repositories per instance | `LimitExceeded.ErrRepoMaxLimit` |
//! | service accounts per instance | `OperationDenied.QuotaOverLimit` |
//!
//! An action whose spec does not declare a code answers the code's common class instead
//! (`ResourceNotFound.ErrNoNamespace` becomes `ResourceNotFound`), with the same message: the
//! emulator answers only what the spec allows for the action (see `actions::answerable`).

use tcr_api::ErrorCode;

use crate::api_error::{ApiError, short};

/// No instance `id` where the caller looks (another account's or region's is not found either).
pub(crate) fn no_instance(id: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ResourceNotFound,
        format!(
            "the instance `{}` does not exist in this account and region",
            short(id)
        ),
    )
}

/// No namespace `name` in the instance.
pub(crate) fn no_namespace(name: &str, registry: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ResourceNotFoundErrNoNamespace,
        format!("no namespace `{}` in {}", short(name), short(registry)),
    )
}

/// No repository `namespace/name` in the instance.
pub(crate) fn no_repository(namespace: &str, name: &str, registry: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ResourceNotFoundErrNoRepo,
        format!(
            "no repository `{}/{}` in {}",
            short(namespace),
            short(name),
            short(registry)
        ),
    )
}

/// No tag `tag` in the repository.
pub(crate) fn no_tag(namespace: &str, repository: &str, tag: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ResourceNotFoundErrNoTag,
        format!(
            "no tag `{}` in the repository `{}/{}`",
            short(tag),
            short(namespace),
            short(repository)
        ),
    )
}

/// No long-term token `id` in the instance.
pub(crate) fn no_token(id: &str, registry: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ResourceNotFound,
        format!(
            "no long-term instance token `{}` in {}",
            short(id),
            short(registry)
        ),
    )
}

/// No service account `name` (full name) in the instance.
pub(crate) fn no_service_account(name: &str, registry: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ResourceNotFound,
        format!(
            "no service account named `{}` in {}",
            short(name),
            short(registry)
        ),
    )
}

/// The instance is still being set up.
pub(crate) fn not_running(id: &str, status: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ResourceInsufficientErrorInstanceNotRunning,
        format!(
            "the instance {} is {status}, not Running yet: follow it with DescribeInstanceStatus",
            short(id)
        ),
    )
}

/// A condition of the operation does not hold.
pub(crate) fn precondition(message: String) -> ApiError {
    ApiError::new(ErrorCode::FailedOperationPreconditionFailed, message)
}

/// The operation would go over a quota.
pub(crate) fn quota(code: ErrorCode, message: String) -> ApiError {
    ApiError::new(code, message)
}

/// A name is taken.
pub(crate) fn exists(code: ErrorCode, message: String) -> ApiError {
    ApiError::new(code, message)
}

/// A parameter's value breaks a rule the spec leaves to the server.
pub(crate) fn invalid(message: String) -> ApiError {
    ApiError::new(ErrorCode::InvalidParameter, message)
}
