//! `AssumeRole` (STS): temporary credentials of a role for the caller that signed the request.
//!
//! Refusals: a role that does not exist is `ResourceNotFound.RoleNotFound` (every ARN of the
//! documented form exists unless roles were listed with `--role`); a `DurationSeconds` below 1
//! is `InvalidParameter.ParamError` (above 43200 the spec's rule refuses it first).

use std::time::Duration;

use tencentcloud_runtime::sts::actions::{AssumeRoleRequest, AssumeRoleResponse};

use super::{Context, Perform, credentials, duration, internal, iso_utc};
use crate::api_error::ApiError;
use crate::identity::{Issuer, role_account};

impl Perform for AssumeRoleRequest {
    fn perform(self, cx: &Context<'_>) -> Result<AssumeRoleResponse, ApiError> {
        cx.identities.check_role(&self.role_arn)?;
        let seconds = duration(self.duration_seconds)?;
        // `check_role` passed: an ARN of the documented form, or one named with `--role`.
        let account = role_account(&self.role_arn)
            .unwrap_or(cx.identities.instance_account())
            .to_owned();
        let fresh = cx.identities.issued.issue(
            Issuer::AssumeRole {
                role_arn: self.role_arn,
                session_name: self.role_session_name,
                caller: cx.caller.unwrap_or_default().to_owned(),
            },
            &account,
            cx.region,
            cx.now,
            Duration::from_secs(seconds),
            cx.random,
        );
        AssumeRoleResponse::builder()
            .expired_time(credentials::expired_time(&fresh))
            .expiration(iso_utc(fresh.expires_at))
            .credentials(credentials::of(fresh)?)
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}
