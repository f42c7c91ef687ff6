//! One service account, as the emulator keeps it.

use serde::Serialize;
use tcr_api::primitives::{Timestamp, UnixMillis};
use tcr_api::types::Permission;

use super::password::PasswordHash;

/// The prefix TCR adds to the name a service account is created with.
pub const NAME_PREFIX: &str = "tcr$";

/// A service account of a registry: what the emulator stores, less the password, which it
/// keeps only as a salted hash (see [`ServiceAccount::password_matches`]).
///
/// Serialized (by the control path `GET /_emulator/registries/{id}/accounts`) with the field
/// names of TCR's `ServiceAccount` data type.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ServiceAccount {
    /// The full name, `tcr$` prefix included (`tcr$robot`).
    pub name: String,
    /// The description given at creation, if any.
    pub description: Option<String>,
    /// Whether the account is disabled.
    pub disable: bool,
    /// When the account expires, unix milliseconds; `0` means never.
    pub expires_at: UnixMillis,
    /// The policies of the account, as given.
    pub permissions: Vec<Permission>,
    /// When the account was created.
    pub create_time: Timestamp,
    /// When the account was last changed (its creation time until then).
    pub update_time: Timestamp,
    #[serde(skip)]
    pub(crate) password: PasswordHash,
}

impl ServiceAccount {
    /// Whether `candidate` is the account's current password.
    pub fn password_matches(&self, candidate: &str) -> bool {
        self.password.matches(candidate)
    }

    /// Whether the account has an expiry and it is at or before `now`.
    pub fn is_expired_at(&self, now: UnixMillis) -> bool {
        self.expires_at.get() > 0 && self.expires_at <= now
    }
}

/// The stored name of an account named `name` in a request: `name` itself when it already
/// carries the `tcr$` prefix, else `name` with the prefix.
pub(crate) fn full_name(name: &str) -> String {
    if name.starts_with(NAME_PREFIX) {
        name.to_owned()
    } else {
        format!("{NAME_PREFIX}{name}")
    }
}
