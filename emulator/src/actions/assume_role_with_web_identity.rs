//! `AssumeRoleWithWebIdentity` (STS, unsigned): temporary credentials of a role for an OIDC
//! token.
//!
//! Refusals: a token the emulator was not told to accept from that identity provider (see
//! `--web-identity`) is `InvalidParameter.WebIdentityTokenError`; a role that does not exist is
//! `ResourceNotFound.RoleNotFound`; a `DurationSeconds` below 1 is `InvalidParameter.ParamError`.

use std::time::Duration;

use tencentcloud_runtime::sts::actions::{
    AssumeRoleWithWebIdentityRequest, AssumeRoleWithWebIdentityResponse,
};

use super::{Context, Perform, credentials, duration, internal, iso_utc};
use crate::api_error::ApiError;
use crate::identity::{Issuer, role_account};

impl Perform for AssumeRoleWithWebIdentityRequest {
    fn perform(self, cx: &Context<'_>) -> Result<AssumeRoleWithWebIdentityResponse, ApiError> {
        cx.identities
            .check_web_identity(&self.provider_id, self.web_identity_token.expose_str())?;
        cx.identities.check_role(&self.role_arn)?;
        let seconds = duration(self.duration_seconds)?;
        // `check_role` passed: an ARN of the documented form, or one named with `--role`.
        let account = role_account(&self.role_arn)
            .unwrap_or(cx.identities.instance_account())
            .to_owned();
        let fresh = cx.identities.issued.issue(
            Issuer::WebIdentity {
                role_arn: self.role_arn,
                session_name: self.role_session_name,
                provider_id: self.provider_id,
            },
            &account,
            cx.region,
            cx.now,
            Duration::from_secs(seconds),
            cx.random,
        );
        AssumeRoleWithWebIdentityResponse::builder()
            .expired_time(credentials::expired_time(&fresh))
            .expiration(iso_utc(fresh.expires_at))
            .credentials(credentials::of(fresh)?)
            .request_id(cx.request_id)
            .build()
            .map_err(internal)
    }
}
