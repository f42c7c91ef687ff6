//! The credentials the emulator accepts.

use std::fmt;
use std::str::FromStr;

use tcr_api::primitives::Sensitive;

/// The SecretId of the documented default pair, accepted when no other credentials are given.
pub const DEFAULT_SECRET_ID: &str = "AKIDTCREMULATOR";

/// The SecretKey of the documented default pair. It protects nothing: the emulator is a local
/// test server.
pub const DEFAULT_SECRET_KEY: &str = "tcr-emulator-secret-key";

/// A SecretId and SecretKey pair the emulator accepts. `Debug` never shows the key.
#[derive(Clone, PartialEq, Eq)]
pub struct Credential {
    secret_id: String,
    secret_key: Sensitive<String>,
}

impl Credential {
    /// A pair.
    pub fn new(secret_id: impl Into<String>, secret_key: impl Into<String>) -> Credential {
        Credential {
            secret_id: secret_id.into(),
            secret_key: Sensitive::new(secret_key.into()),
        }
    }

    /// The documented default pair, [`DEFAULT_SECRET_ID`] and [`DEFAULT_SECRET_KEY`].
    pub fn default_pair() -> Credential {
        Credential::new(DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY)
    }

    /// The SecretId.
    pub fn secret_id(&self) -> &str {
        &self.secret_id
    }

    /// The SecretKey.
    pub fn secret_key(&self) -> &str {
        self.secret_key.expose_str()
    }

    /// Whether this is the documented default pair.
    pub fn is_default_pair(&self) -> bool {
        self.secret_id == DEFAULT_SECRET_ID && self.secret_key.expose_str() == DEFAULT_SECRET_KEY
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("secret_id", &self.secret_id)
            .field("secret_key", &self.secret_key)
            .finish()
    }
}

/// Why `ID:KEY` could not be read as a credential.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("expected ID:KEY, with a non-empty SecretId and SecretKey")]
pub struct CredentialParseError;

/// Reads `ID:KEY` (the SecretId ends at the first `:`; the key may contain more).
///
/// ```
/// use tcr_emulator::Credential;
///
/// let c: Credential = "AKIDtest:some:key".parse()?;
/// assert_eq!((c.secret_id(), c.secret_key()), ("AKIDtest", "some:key"));
/// assert!(!format!("{c:?}").contains("some:key"));
/// # Ok::<(), tcr_emulator::CredentialParseError>(())
/// ```
impl FromStr for Credential {
    type Err = CredentialParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.split_once(':') {
            Some((id, key)) if !id.is_empty() && !key.is_empty() => Ok(Credential::new(id, key)),
            _ => Err(CredentialParseError),
        }
    }
}
