//! [`DefaultCredentialsChain`]: explicit → environment → profile file.

use super::{
    Credentials, CredentialsError, EnvironmentCredentials, ProfileCredentials, ProvideCredentials,
    ProvideCredentialsFuture, SearchedPlace, VarSource,
};

/// The usual way to find credentials: explicit credentials if the program gave some, else the
/// environment ([`EnvironmentCredentials`]), else the profile file ([`ProfileCredentials`]).
///
/// A source where nothing is found passes to the next. A source that has credentials but broken
/// ones (say `TENCENTCLOUD_SECRET_ID` set without `TENCENTCLOUD_SECRET_KEY`, or a key with a
/// trailing space) stops the chain with its error: falling through would silently sign as
/// another identity. When no source has credentials, the error lists every place looked at.
///
/// ```
/// use tencentcloud_runtime::credentials::{DefaultCredentialsChain, VarSource};
///
/// // Tests inject variables rather than touch the process environment.
/// let chain = DefaultCredentialsChain::from_vars(VarSource::from_pairs([
///     ("TENCENTCLOUD_SECRET_ID", "AKIDEXAMPLE"),
///     ("TENCENTCLOUD_SECRET_KEY", "SECRETEXAMPLE"),
/// ]));
/// assert_eq!(chain.load()?.secret_id(), "AKIDEXAMPLE");
///
/// let nothing = DefaultCredentialsChain::from_vars(VarSource::from_pairs::<String, String>([]));
/// let error = nothing.load().unwrap_err();
/// assert!(error.is_not_found());
/// assert!(error.to_string().contains("TENCENTCLOUD_SECRET_ID"));
/// # Ok::<(), tencentcloud_runtime::credentials::CredentialsError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct DefaultCredentialsChain {
    explicit: Option<Credentials>,
    environment: EnvironmentCredentials,
    profile: ProfileCredentials,
}

impl DefaultCredentialsChain {
    /// The chain over the process environment and the default profile file, section `[default]`.
    pub fn new() -> Self {
        DefaultCredentialsChain::from_vars(VarSource::process())
    }

    /// The chain with variables (the credentials, `TENCENTCLOUD_CREDENTIALS_FILE`, `HOME`) read
    /// from `vars` instead of the process environment.
    pub fn from_vars(vars: VarSource) -> Self {
        DefaultCredentialsChain {
            explicit: None,
            environment: EnvironmentCredentials::from_vars(vars.clone()),
            profile: ProfileCredentials::from_vars(vars),
        }
    }

    /// Uses these credentials before any other source.
    pub fn with_explicit(self, credentials: Credentials) -> Self {
        DefaultCredentialsChain {
            explicit: Some(credentials),
            ..self
        }
    }

    /// Reads the profile file through this provider (another path or section) instead of the
    /// default one.
    pub fn with_profile(self, profile: ProfileCredentials) -> Self {
        DefaultCredentialsChain { profile, ..self }
    }

    /// Finds the credentials now.
    ///
    /// # Errors
    /// [`CredentialsError::NotFound`] listing every place looked at when no source has
    /// credentials; the first broken source's error otherwise.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        if let Some(credentials) = &self.explicit {
            return Ok(credentials.clone());
        }
        let mut searched = vec![SearchedPlace {
            place: "explicit credentials".to_owned(),
            outcome: "none given".to_owned(),
        }];
        let sources: [&dyn Fn() -> Result<Credentials, CredentialsError>; 2] =
            [&|| self.environment.load(), &|| self.profile.load()];
        for load in sources {
            match load() {
                Err(CredentialsError::NotFound { searched: places }) => searched.extend(places),
                other => return other,
            }
        }
        Err(CredentialsError::NotFound { searched })
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(std::future::ready(self.load()))
    }
}
