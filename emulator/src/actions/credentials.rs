//! What the STS behaviours share: the requested duration and the `Credentials` of an answer.

use tcr_api::primitives::UnixSeconds;
use tencentcloud_runtime::sts::types::Credentials;

use super::internal;
use crate::api_error::ApiError;
use crate::clock::seconds;
use crate::identity::Fresh;

/// The answer's `Credentials` for a key pair just issued.
pub(crate) fn of(fresh: Fresh) -> Result<Credentials, ApiError> {
    Credentials::builder()
        .token(fresh.token)
        .tmp_secret_id(fresh.secret_id)
        .tmp_secret_key(fresh.secret_key)
        .build()
        .map_err(internal)
}

/// The answer's `ExpiredTime`.
pub(crate) fn expired_time(fresh: &Fresh) -> UnixSeconds {
    UnixSeconds::new(seconds(fresh.expires_at))
}
