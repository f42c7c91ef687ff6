//! [`Credentials`]: a SecretId, a SecretKey, an optional session token and an optional expiry.

use std::fmt;
use std::time::SystemTime;

use super::{CredentialField, CredentialSource, CredentialsError, ValueProblem};
use crate::primitives::{Sensitive, Timestamp};

/// A SecretId, a SecretKey and, for temporary credentials, a session token and the time they
/// expire.
///
/// Every value is checked when the credentials are made: an empty value, or one with leading or
/// trailing whitespace, is an error naming the value and where it came from. Whitespace is not
/// trimmed silently: a stray space or line break copied with a key would otherwise produce a
/// baffling `AuthFailure.SignatureFailure` later.
///
/// `Debug` shows the SecretId, the expiry (when there is one) and `[redacted]` for the SecretKey
/// and token.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use tencentcloud_runtime::credentials::Credentials;
///
/// let credentials = Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE")?.with_token("TOKEN")?;
/// assert_eq!(credentials.secret_id(), "AKIDEXAMPLE");
/// assert_eq!(credentials.secret_key().expose_str(), "SECRETEXAMPLE");
/// assert_eq!(
///     format!("{credentials:?}"),
///     r#"Credentials { secret_id: "AKIDEXAMPLE", secret_key: "[redacted]", token: Some("[redacted]") }"#
/// );
/// assert!(Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE\n").is_err());
///
/// // Temporary credentials say when they stop working.
/// let expiry = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
/// let temporary = credentials.with_expiry(expiry);
/// assert_eq!(temporary.expiry(), Some(expiry));
/// assert!(temporary.is_expired_at(expiry));
/// assert!(format!("{temporary:?}").contains("expiry: 2023-11-14T22:13:20+00:00"));
/// # Ok::<(), tencentcloud_runtime::credentials::CredentialsError>(())
/// ```
#[derive(Clone)]
pub struct Credentials {
    secret_id: String,
    secret_key: Sensitive,
    token: Option<Sensitive>,
    expiry: Option<SystemTime>,
}

impl Credentials {
    /// Long-lived credentials from a SecretId and a SecretKey given by the program.
    ///
    /// # Errors
    /// [`CredentialsError::InvalidValue`] when a value is empty, has leading or trailing
    /// whitespace, or contains a control character.
    pub fn new(
        secret_id: impl Into<String>,
        secret_key: impl Into<String>,
    ) -> Result<Self, CredentialsError> {
        Credentials::from_parts(secret_id.into(), secret_key.into(), None, |_| {
            CredentialSource::Explicit
        })
    }

    /// The same credentials with a session token (temporary credentials), checked like the
    /// other values.
    ///
    /// # Errors
    /// [`CredentialsError::InvalidValue`] when the token is empty, has leading or trailing
    /// whitespace, or contains a control character.
    pub fn with_token(self, token: impl Into<String>) -> Result<Self, CredentialsError> {
        let token = Sensitive::from(token.into());
        check(
            token.expose_str(),
            CredentialField::Token,
            CredentialSource::Explicit,
        )?;
        Ok(Credentials {
            token: Some(token),
            ..self
        })
    }

    /// The same credentials, valid until `expiry` (temporary credentials). A
    /// [`CredentialsCache`](super::CredentialsCache) asks for new ones ahead of that time.
    pub fn with_expiry(self, expiry: SystemTime) -> Self {
        Credentials {
            expiry: Some(expiry),
            ..self
        }
    }

    /// Checks the values and makes credentials; `origin` says where each value came from.
    pub(crate) fn from_parts(
        secret_id: String,
        secret_key: String,
        token: Option<String>,
        origin: impl Fn(CredentialField) -> CredentialSource,
    ) -> Result<Self, CredentialsError> {
        // Wrap the secrets first, so they are wiped from memory even when a check fails.
        let secret_key = Sensitive::from(secret_key);
        let token = token.map(Sensitive::from);
        check(
            &secret_id,
            CredentialField::SecretId,
            origin(CredentialField::SecretId),
        )?;
        check(
            secret_key.expose_str(),
            CredentialField::SecretKey,
            origin(CredentialField::SecretKey),
        )?;
        if let Some(token) = &token {
            check(
                token.expose_str(),
                CredentialField::Token,
                origin(CredentialField::Token),
            )?;
        }
        Ok(Credentials {
            secret_id,
            secret_key,
            token,
            expiry: None,
        })
    }

    /// The SecretId (`AKID…`).
    pub fn secret_id(&self) -> &str {
        &self.secret_id
    }

    /// The SecretKey. Read it with [`Sensitive::expose_str`].
    pub fn secret_key(&self) -> &Sensitive {
        &self.secret_key
    }

    /// The session token of temporary credentials, sent as `X-TC-Token`.
    pub fn token(&self) -> Option<&Sensitive> {
        self.token.as_ref()
    }

    /// When temporary credentials stop working; `None` for long-lived ones.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }

    /// Whether the credentials no longer work at `now` (never, for long-lived ones).
    pub fn is_expired_at(&self, now: SystemTime) -> bool {
        self.expiry.is_some_and(|expiry| now >= expiry)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("Credentials");
        out.field("secret_id", &self.secret_id)
            .field("secret_key", &"[redacted]")
            .field("token", &self.token.as_ref().map(|_| "[redacted]"));
        if let Some(expiry) = self.expiry {
            out.field("expiry", &format_args!("{}", Timestamp::from(expiry)));
        }
        out.finish()
    }
}

/// Checks one value; the error names the value and its origin, never the value itself.
pub(crate) fn check(
    value: &str,
    field: CredentialField,
    origin: CredentialSource,
) -> Result<(), CredentialsError> {
    let problem = if value.is_empty() {
        ValueProblem::Empty
    } else if value.trim() != value {
        ValueProblem::SurroundingWhitespace
    } else if value.chars().any(char::is_control) {
        ValueProblem::ControlCharacter
    } else {
        return Ok(());
    };
    Err(CredentialsError::InvalidValue {
        field,
        origin,
        problem,
    })
}
