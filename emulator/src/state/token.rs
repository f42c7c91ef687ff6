//! Login credentials of an instance (`docker login`), kept as salted hashes.

use serde::{Deserialize, Serialize};

use super::password::PasswordHash;

/// A long-term token: listed, enabled or disabled, deleted.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct InstanceToken {
    pub(crate) id: String,
    #[serde(default)]
    pub(crate) desc: String,
    pub(crate) enabled: bool,
    /// Unix milliseconds.
    pub(crate) created_ms: i64,
    /// Unix milliseconds.
    pub(crate) expires_ms: i64,
    /// The salted hash of the token.
    pub(crate) hash: PasswordHash,
}

/// A temporary token: never listed, valid for an hour.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct TemporaryToken {
    /// Unix milliseconds.
    pub(crate) expires_ms: i64,
    /// The salted hash of the token.
    pub(crate) hash: PasswordHash,
}
