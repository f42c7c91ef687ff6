//! Credentials (SecretId, SecretKey, optional session token) and the providers that find them.
//!
//! - [`Credentials`]: validated values; the SecretKey and token are [`Sensitive`]s, never
//!   printed.
//! - [`ProvideCredentials`]: the object-safe, async provider trait, implemented by
//!   [`StaticCredentials`], [`EnvironmentCredentials`], [`ProfileCredentials`] and
//!   [`DefaultCredentialsChain`] (explicit → environment → profile file).
//! - [`CredentialsError`]: what went wrong and what to do, without secrets.
//!
//! ```no_run
//! use tencentcloud_runtime::credentials::DefaultCredentialsChain;
//!
//! # fn main() -> Result<(), tencentcloud_runtime::credentials::CredentialsError> {
//! let credentials = DefaultCredentialsChain::new().load()?;
//! println!("signing as {}", credentials.secret_id());
//! # Ok(())
//! # }
//! ```

mod chain;
mod environment;
mod error;
mod ini;
mod profile;
mod vars;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::primitives::Sensitive;

pub use chain::DefaultCredentialsChain;
pub use environment::{EnvironmentCredentials, SECRET_ID_VAR, SECRET_KEY_VAR, TOKEN_VAR};
pub use error::{
    CredentialField, CredentialSource, CredentialsError, ProfileSyntax, SearchedPlace, ValueProblem,
};
pub use profile::{CREDENTIALS_FILE_VAR, DEFAULT_SECTION, ProfileCredentials};
pub use vars::VarSource;

/// A SecretId, a SecretKey and, for temporary credentials, a session token.
///
/// Every value is checked when the credentials are made: an empty value, or one with leading or
/// trailing whitespace, is an error naming the value and where it came from. Whitespace is not
/// trimmed silently: a stray space or line break copied with a key would otherwise produce a
/// baffling `AuthFailure.SignatureFailure` later.
///
/// `Debug` shows the SecretId and `[redacted]` for the SecretKey and token.
///
/// ```
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
/// # Ok::<(), tencentcloud_runtime::credentials::CredentialsError>(())
/// ```
#[derive(Clone)]
pub struct Credentials {
    secret_id: String,
    secret_key: Sensitive,
    token: Option<Sensitive>,
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
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("secret_id", &self.secret_id)
            .field("secret_key", &"[redacted]")
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

/// Checks one value; the error names the value and its origin, never the value itself.
fn check(
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

/// The future returned by [`ProvideCredentials::provide_credentials`].
pub type ProvideCredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of credentials, usable from async code and as a trait object
/// (`Arc<dyn ProvideCredentials>`).
///
/// The client asks its provider for credentials before signing; a provider of temporary
/// credentials can refresh them there. Implementations must not put secrets in their `Debug`
/// output or their errors.
///
/// ```
/// use std::sync::Arc;
/// use tencentcloud_runtime::credentials::{Credentials, ProvideCredentials, StaticCredentials};
///
/// let provider: Arc<dyn ProvideCredentials> =
///     Arc::new(StaticCredentials::new(Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE")?));
/// let future = provider.provide_credentials(); // `.await` it in async code
/// # drop(future);
/// # Ok::<(), tencentcloud_runtime::credentials::CredentialsError>(())
/// ```
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Finds (or refreshes) the credentials.
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_>;
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        (**self).provide_credentials()
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Box<T> {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        (**self).provide_credentials()
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for &T {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        (**self).provide_credentials()
    }
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

/// Credentials given by the program, always the same.
#[derive(Debug, Clone)]
pub struct StaticCredentials {
    credentials: Credentials,
}

impl StaticCredentials {
    /// Provides these credentials.
    pub fn new(credentials: Credentials) -> Self {
        StaticCredentials { credentials }
    }

    /// Provides credentials made of these values (checked as by [`Credentials::new`] and
    /// [`Credentials::with_token`]).
    ///
    /// # Errors
    /// [`CredentialsError::InvalidValue`] when a value is unusable.
    pub fn from_keys(
        secret_id: impl Into<String>,
        secret_key: impl Into<String>,
        token: Option<String>,
    ) -> Result<Self, CredentialsError> {
        let credentials = Credentials::new(secret_id, secret_key)?;
        let credentials = match token {
            Some(token) => credentials.with_token(token)?,
            None => credentials,
        };
        Ok(StaticCredentials::new(credentials))
    }

    /// The credentials.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }
}

impl From<Credentials> for StaticCredentials {
    fn from(credentials: Credentials) -> Self {
        StaticCredentials::new(credentials)
    }
}

impl ProvideCredentials for StaticCredentials {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(std::future::ready(Ok(self.credentials.clone())))
    }
}
