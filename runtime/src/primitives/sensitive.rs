//! The one wrapper for secrets: in requests and answers (passwords, tokens) and in credentials
//! (SecretKey, session token).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroize;

/// A secret value: sent and received as is, but never shown by `Debug` (so it cannot leak
/// through logs, panics or `dbg!`), and wiped from memory when dropped.
///
/// Generated code uses it for every field the spec marks `secret` (a service account's
/// password, a temporary key); [`Credentials`](crate::credentials::Credentials) keeps the
/// SecretKey and the session token in it.
///
/// ```
/// use tencentcloud_runtime::primitives::Sensitive;
///
/// let password = Sensitive::new("NewPass123".to_owned());
/// assert_eq!(format!("{password:?}"), "[redacted]");
/// assert_eq!(password.expose_str(), "NewPass123");
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Sensitive<T: Zeroize = String>(T);

impl<T: Zeroize> Sensitive<T> {
    /// Wraps a secret.
    pub fn new(value: T) -> Sensitive<T> {
        Sensitive(value)
    }

    /// The secret itself. Call this only where the value is really needed.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T: Zeroize + Default> Sensitive<T> {
    /// Unwraps the secret; wiping it is then the caller's business.
    pub fn into_inner(mut self) -> T {
        std::mem::take(&mut self.0)
    }
}

impl Sensitive<String> {
    /// The secret as `&str`.
    pub fn expose_str(&self) -> &str {
        &self.0
    }
}

impl<T: Zeroize> Drop for Sensitive<T> {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl<T: Zeroize> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<String> for Sensitive<String> {
    fn from(value: String) -> Self {
        Sensitive(value)
    }
}

impl From<&str> for Sensitive<String> {
    fn from(value: &str) -> Self {
        Sensitive(value.to_owned())
    }
}

impl<T: Zeroize + Serialize> Serialize for Sensitive<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Zeroize + Deserialize<'de>> Deserialize<'de> for Sensitive<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Sensitive)
    }
}
