//! What the service-account actions share: their permissions name namespaces of the same
//! instance.
//!
//! In an instance that was created (`CreateInstance`), every namespace a permission names must
//! exist: else `ResourceNotFound.ErrNoNamespace` (answered as `ResourceNotFound`, the class the
//! service-account actions may answer). In an instance that exists implicitly, whose contents
//! the emulator cannot know, a namespace a permission names is created on the way (private,
//! within the namespace quota), so that programs written against an instance made elsewhere
//! run unchanged. Deleting a namespace removes it from every permission that named it (and a
//! permission left with no namespace disappears).

use tcr_api::types::Permission;

use crate::api_error::ApiError;
use crate::state::{Instance, is_namespace_name, no_namespace, quota};

/// Checks that every namespace `permissions` name exists in `instance`, creating the missing
/// ones in an implicit instance; on failure nothing is changed.
pub(crate) fn check(
    instance: &mut Instance,
    permissions: &[Permission],
    namespace_quota: usize,
    now_ms: i64,
) -> Result<(), ApiError> {
    let mut missing: Vec<&str> = Vec::new();
    for permission in permissions {
        let name = permission.resource.as_str();
        if instance.namespace(name).is_none() && !missing.contains(&name) {
            missing.push(name);
        }
    }
    let Some(&first) = missing.first() else {
        return Ok(());
    };
    if !instance.implicit {
        return Err(no_namespace(first, &instance.id));
    }
    if let Some(bad) = missing.iter().find(|name| !is_namespace_name(name)) {
        return Err(no_namespace(bad, &instance.id));
    }
    if instance.namespaces.len() + missing.len() > namespace_quota {
        return Err(quota(
            tcr_api::ErrorCode::LimitExceededErrNamespaceMaxLimit,
            format!(
                "{} would hold more than {namespace_quota} namespaces, its quota, with the ones \
                 the permissions name",
                instance.id
            ),
        ));
    }
    for name in missing {
        instance.add_namespace(name, false, now_ms);
    }
    Ok(())
}
