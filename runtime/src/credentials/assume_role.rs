//! [`AssumeRoleCredentials`]: temporary credentials of a CAM role, from STS `AssumeRole`.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::sts_answer;
use super::{
    Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture, StsConfig,
};

/// Temporary credentials of a CAM role: STS `AssumeRole`, signed with the credentials of a
/// source provider (long-lived keys, or another role's temporary ones).
///
/// Each [`load`](Self::load) makes one STS call; put the provider behind a
/// [`CredentialsCache`](super::CredentialsCache) (a client does) so that it runs again only
/// ahead of expiry. A profile with `role_arn` and `source_profile` uses it
/// ([`ProfileCredentials`](super::ProfileCredentials)).
///
/// ```no_run
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use std::time::Duration;
/// use tencentcloud_runtime::credentials::{AssumeRoleCredentials, EnvironmentCredentials};
///
/// let deployer = AssumeRoleCredentials::new(
///     "qcs::cam::uin/100000000001:roleName/ci-deployer",
///     EnvironmentCredentials::new(),
/// )
/// .with_session_name("pipeline-1842")
/// .with_duration(Duration::from_secs(3600));
/// let credentials = deployer.load().await?;
/// println!("acting as the role until {:?}", credentials.expiry());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct AssumeRoleCredentials {
    role_arn: String,
    source: Arc<dyn ProvideCredentials>,
    session_name: Option<String>,
    duration: Option<Duration>,
    external_id: Option<String>,
    policy: Option<String>,
    region: Option<String>,
    sts: StsConfig,
}

impl AssumeRoleCredentials {
    /// Assumes `role_arn` (`qcs::cam::uin/100000000001:roleName/ci-deployer`) with the
    /// credentials `source` provides.
    pub fn new(role_arn: impl Into<String>, source: impl ProvideCredentials + 'static) -> Self {
        AssumeRoleCredentials {
            role_arn: role_arn.into(),
            source: Arc::new(source),
            session_name: None,
            duration: None,
            external_id: None,
            policy: None,
            region: None,
            sts: StsConfig::new(),
        }
    }

    /// The session's name in audit logs (letters, digits and `+=,.@_-`, 2 to 128 of them);
    /// `tencentcloud-rust-<time>` when not given.
    pub fn with_session_name(self, name: impl Into<String>) -> Self {
        AssumeRoleCredentials {
            session_name: Some(name.into()),
            ..self
        }
    }

    /// How long the credentials last (STS's default, two hours, when not given; at most 12
    /// hours), counted in whole seconds.
    pub fn with_duration(self, duration: Duration) -> Self {
        AssumeRoleCredentials {
            duration: Some(duration),
            ..self
        }
    }

    /// The external ID the role's trust policy asks for.
    pub fn with_external_id(self, external_id: impl Into<String>) -> Self {
        AssumeRoleCredentials {
            external_id: Some(external_id.into()),
            ..self
        }
    }

    /// A CAM policy (URL-encoded JSON) narrowing what the credentials may do.
    pub fn with_policy(self, policy: impl Into<String>) -> Self {
        AssumeRoleCredentials {
            policy: Some(policy.into()),
            ..self
        }
    }

    /// The region the STS call names (else the [`StsConfig`]'s).
    pub fn with_region(self, region: impl Into<String>) -> Self {
        AssumeRoleCredentials {
            region: Some(region.into()),
            ..self
        }
    }

    /// How STS is reached.
    pub fn with_sts(self, sts: StsConfig) -> Self {
        AssumeRoleCredentials { sts, ..self }
    }

    /// The role.
    pub fn role_arn(&self) -> &str {
        &self.role_arn
    }

    /// Calls STS `AssumeRole` now.
    ///
    /// # Errors
    /// [`CredentialsError::Sts`] with STS's error (or the source's, or the request's rule it
    /// broke); [`CredentialsError::StsAnswerIncomplete`] for an answer without credentials.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        let region = self.sts.region_for(self.region.as_deref());
        let client = self.sts.client(region, Some(self.source.clone()))?;
        let session_name = self
            .session_name
            .clone()
            .unwrap_or_else(|| self.sts.session_name());
        tracing::debug!(role_arn = %self.role_arn, session_name = %session_name, region, "assuming a role with STS AssumeRole");
        let mut request = client
            .assume_role()
            .role_arn(&self.role_arn)
            .role_session_name(session_name);
        if let Some(duration) = self.duration {
            request =
                request.duration_seconds(i64::try_from(duration.as_secs()).unwrap_or(i64::MAX));
        }
        if let Some(external_id) = &self.external_id {
            request = request.external_id(external_id);
        }
        if let Some(policy) = &self.policy {
            request = request.policy(policy);
        }
        let answer = request
            .send()
            .await
            .map_err(|error| sts_answer::failed(&self.role_arn, error))?;
        sts_answer::credentials(
            "AssumeRole",
            &self.role_arn,
            answer.credentials,
            answer.expired_time,
        )
    }
}

impl fmt::Debug for AssumeRoleCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AssumeRoleCredentials")
            .field("role_arn", &self.role_arn)
            .field("source", &self.source)
            .field("session_name", &self.session_name)
            .field("duration", &self.duration)
            .field("region", &self.region)
            .field("sts", &self.sts)
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for AssumeRoleCredentials {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.load())
    }
}
