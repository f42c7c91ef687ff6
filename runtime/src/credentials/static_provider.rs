//! [`StaticCredentials`]: credentials given by the program.

use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};

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
