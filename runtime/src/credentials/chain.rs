//! [`CredentialsChain`]: providers tried in order, each step traced by name.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use tracing::Instrument;

use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};

/// Providers tried in order until one has credentials.
///
/// - A provider that answers "not configured here" ([`CredentialsError::is_not_found`]) passes
///   to the next one; the places it looked at are kept for the final error.
/// - A provider that fails in any other way stops the chain with its error: its source is
///   configured but broken, and falling through would silently sign as another identity.
/// - When no provider has credentials, the error is [`CredentialsError::NotFound`] listing every
///   place looked at, in order.
///
/// Each step runs in a `tracing` span named `credentials_provider` with the provider's name,
/// and its outcome is traced at DEBUG (`credentials found`, `not configured here`, `failed, the
/// chain stops`). Neither secrets nor tokens are ever traced.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), tencentcloud_runtime::credentials::CredentialsError> {
/// use tencentcloud_runtime::credentials::{
///     Credentials, CredentialsChain, EnvironmentCredentials, StaticCredentials, VarSource,
/// };
///
/// let chain = CredentialsChain::first_try(
///     "environment",
///     EnvironmentCredentials::from_vars(VarSource::from_pairs::<&str, &str>([])),
/// )
/// .or_else(
///     "fallback",
///     StaticCredentials::new(Credentials::new("AKIDFALLBACK", "FALLBACKKEY")?),
/// );
/// assert_eq!(chain.names().collect::<Vec<_>>(), ["environment", "fallback"]);
/// assert_eq!(chain.load().await?.secret_id(), "AKIDFALLBACK");
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct CredentialsChain {
    steps: Vec<Step>,
}

#[derive(Clone)]
struct Step {
    name: Cow<'static, str>,
    provider: Arc<dyn ProvideCredentials>,
}

impl CredentialsChain {
    /// A chain that starts with `provider`, called `name` in traces.
    pub fn first_try(
        name: impl Into<Cow<'static, str>>,
        provider: impl ProvideCredentials + 'static,
    ) -> Self {
        CredentialsChain { steps: Vec::new() }.or_else(name, provider)
    }

    /// The same chain, trying `provider` (called `name` in traces) when those before it have no
    /// credentials.
    pub fn or_else(
        mut self,
        name: impl Into<Cow<'static, str>>,
        provider: impl ProvideCredentials + 'static,
    ) -> Self {
        self.steps.push(Step {
            name: name.into(),
            provider: Arc::new(provider),
        });
        self
    }

    /// The providers' names, in the order they are tried.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.steps.iter().map(|step| step.name.as_ref())
    }

    /// Tries each provider in turn.
    ///
    /// # Errors
    /// The first error that is not "not found"; [`CredentialsError::NotFound`] listing every
    /// place looked at when no provider has credentials.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        let mut searched = Vec::new();
        for step in &self.steps {
            let name = step.name.as_ref();
            let span = tracing::debug_span!("credentials_provider", provider = name);
            let result = step.provider.provide_credentials().instrument(span).await;
            match result {
                Ok(credentials) => {
                    tracing::debug!(
                        provider = name,
                        secret_id = credentials.secret_id(),
                        temporary = credentials.token().is_some(),
                        "credentials found"
                    );
                    return Ok(credentials);
                }
                Err(CredentialsError::NotFound { searched: places }) => {
                    tracing::debug!(
                        provider = name,
                        looked_at = %places.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "),
                        "not configured here; trying the next provider"
                    );
                    searched.extend(places);
                }
                Err(error) => {
                    tracing::debug!(provider = name, %error, "failed, the chain stops");
                    return Err(error);
                }
            }
        }
        Err(CredentialsError::NotFound { searched })
    }
}

impl fmt::Debug for CredentialsChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for step in &self.steps {
            list.entry(&format_args!("{}: {:?}", step.name, step.provider));
        }
        list.finish()
    }
}

impl ProvideCredentials for CredentialsChain {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.load())
    }
}
