//! What the STS behaviours share: the requested duration and the `Credentials` of an answer.

use tcr_api::primitives::UnixSeconds;
use tencentcloud_runtime::sts::types::Credentials;

use crate::clock::seconds;
use crate::identity::Fresh;

/// The answer's `Credentials` for a key pair just issued.
pub(crate) fn of(fresh: Fresh) -> Credentials {
    Credentials::new(fresh.token, fresh.secret_id, fresh.secret_key)
}

/// The answer's `ExpiredTime`.
pub(crate) fn expired_time(fresh: &Fresh) -> UnixSeconds {
    UnixSeconds::new(seconds(fresh.expires_at))
}
