//! [`EnvironmentCredentials`]: `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`,
//! `TENCENTCLOUD_TOKEN`.

use std::ffi::OsString;

use super::{
    CredentialField, CredentialSource, Credentials, CredentialsError, ProvideCredentials,
    ProvideCredentialsFuture, ValueProblem, VarSource,
};

/// The environment variable holding the SecretId.
pub const SECRET_ID_VAR: &str = "TENCENTCLOUD_SECRET_ID";
/// The environment variable holding the SecretKey.
pub const SECRET_KEY_VAR: &str = "TENCENTCLOUD_SECRET_KEY";
/// The environment variable holding the session token of temporary credentials (optional).
pub const TOKEN_VAR: &str = "TENCENTCLOUD_TOKEN";

/// Credentials from the environment: `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY` and,
/// for temporary credentials, `TENCENTCLOUD_TOKEN`.
///
/// - None of the three set: not found (a chain moves on).
/// - Some set but not both of `TENCENTCLOUD_SECRET_ID` and `TENCENTCLOUD_SECRET_KEY`: an error,
///   [`CredentialsError::IncompleteEnvironment`]. (A token alone counts as "some set".)
/// - A variable that is set counts as set even when empty: an empty value is an error, as is a
///   value with leading or trailing whitespace (see [`Credentials::new`]).
#[derive(Debug, Clone, Default)]
pub struct EnvironmentCredentials {
    vars: VarSource,
}

impl EnvironmentCredentials {
    /// Reads the process environment.
    pub fn new() -> Self {
        EnvironmentCredentials {
            vars: VarSource::process(),
        }
    }

    /// Reads variables from `vars` instead of the process environment.
    pub fn from_vars(vars: VarSource) -> Self {
        EnvironmentCredentials { vars }
    }

    /// Reads variables through a function (`None`: not set) instead of the process environment.
    ///
    /// ```
    /// use tencentcloud_runtime::credentials::EnvironmentCredentials;
    ///
    /// let provider = EnvironmentCredentials::from_source(|name| match name {
    ///     "TENCENTCLOUD_SECRET_ID" => Some("AKIDEXAMPLE".to_owned()),
    ///     _ => None,
    /// });
    /// let error = provider.load().unwrap_err();
    /// assert!(error.to_string().contains("without TENCENTCLOUD_SECRET_KEY"));
    /// ```
    pub fn from_source(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        EnvironmentCredentials::from_vars(VarSource::from_fn(lookup))
    }

    /// Reads the credentials now.
    ///
    /// # Errors
    /// [`CredentialsError::NotFound`] when none of the variables is set; another
    /// [`CredentialsError`] when they are set but unusable.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let id = self.vars.get(SECRET_ID_VAR);
        let key = self.vars.get(SECRET_KEY_VAR);
        let token = self.vars.get(TOKEN_VAR);
        let (id, key) = match (id, key) {
            (Some(id), Some(key)) => (id, key),
            (None, None) => {
                return Err(match token {
                    None => CredentialsError::not_found(
                        format!("environment variables {SECRET_ID_VAR} and {SECRET_KEY_VAR}"),
                        "not set",
                    ),
                    Some(_) => CredentialsError::IncompleteEnvironment {
                        set: TOKEN_VAR.to_owned(),
                        missing: format!("{SECRET_ID_VAR} and {SECRET_KEY_VAR}"),
                    },
                });
            }
            (Some(_), None) => {
                return Err(CredentialsError::IncompleteEnvironment {
                    set: SECRET_ID_VAR.to_owned(),
                    missing: SECRET_KEY_VAR.to_owned(),
                });
            }
            (None, Some(_)) => {
                return Err(CredentialsError::IncompleteEnvironment {
                    set: SECRET_KEY_VAR.to_owned(),
                    missing: SECRET_ID_VAR.to_owned(),
                });
            }
        };
        let id = unicode(id, CredentialField::SecretId, SECRET_ID_VAR)?;
        let key = unicode(key, CredentialField::SecretKey, SECRET_KEY_VAR)?;
        let token = token
            .map(|t| unicode(t, CredentialField::Token, TOKEN_VAR))
            .transpose()?;
        Credentials::from_parts(id, key, token, |field| CredentialSource::Environment {
            variable: match field {
                CredentialField::SecretId => SECRET_ID_VAR,
                CredentialField::SecretKey => SECRET_KEY_VAR,
                CredentialField::Token => TOKEN_VAR,
            }
            .to_owned(),
        })
    }
}

fn unicode(
    value: OsString,
    field: CredentialField,
    variable: &str,
) -> Result<String, CredentialsError> {
    value
        .into_string()
        .map_err(|_| CredentialsError::InvalidValue {
            field,
            origin: CredentialSource::Environment {
                variable: variable.to_owned(),
            },
            problem: ValueProblem::NotUnicode,
        })
}

impl ProvideCredentials for EnvironmentCredentials {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(std::future::ready(self.load()))
    }
}
