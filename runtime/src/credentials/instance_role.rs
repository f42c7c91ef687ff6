//! [`InstanceRoleCredentials`]: the CAM role bound to a CVM instance, from its metadata
//! service.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use super::metadata::{self, Got};
use super::{
    Credentials, CredentialsError, MetadataProblem, ProvideCredentials, ProvideCredentialsFuture,
};
use crate::client::HyperTransport;

/// Where a CVM instance's metadata service lists its role and serves the role's credentials.
pub const METADATA_CREDENTIALS_URL: &str =
    "http://metadata.tencentyun.com/latest/meta-data/cam/security-credentials/";

/// How long to wait for a connection to the metadata service by default.
pub const DEFAULT_METADATA_CONNECT_TIMEOUT: Duration = Duration::from_secs(1);

/// How long to wait for each read of the metadata service's answer by default.
pub const DEFAULT_METADATA_READ_TIMEOUT: Duration = Duration::from_secs(1);

/// Temporary credentials of the CAM role bound to the CVM instance the program runs on, from
/// the instance's metadata service: `GET <base>` names the role, `GET <base><role>` gives its
/// credentials (`TmpSecretId`, `TmpSecretKey`, `Token`, `ExpiredTime`).
///
/// The service is asked with short timeouts (1 s to connect, 1 s per read by default), so a
/// program that is not on CVM, or a metadata service that hangs, costs at most a few seconds
/// and never blocks a call forever. "Not found", letting a chain move on: no metadata service
/// can be reached, or no role is bound to the instance (404 or an empty role name). Everything
/// else is an error naming the URL: no answer in time from a service that accepted the
/// connection, another HTTP status, an unreadable document, a `Code` other than `Success`.
///
/// The credentials expire: put the provider behind a
/// [`CredentialsCache`](super::CredentialsCache) (a client does) so that it is asked again only
/// ahead of expiry.
///
/// ```
/// use std::time::Duration;
/// use tencentcloud_runtime::credentials::InstanceRoleCredentials;
///
/// // A test points it at a local server; a program on CVM needs no settings.
/// let provider = InstanceRoleCredentials::new()
///     .with_base_url("http://127.0.0.1:9091/latest/meta-data/cam/security-credentials/")
///     .with_timeouts(Duration::from_millis(200), Duration::from_millis(500));
/// assert!(format!("{provider:?}").contains("127.0.0.1:9091"));
/// ```
#[derive(Clone)]
pub struct InstanceRoleCredentials {
    base_url: String,
    role: Option<String>,
    connect_timeout: Duration,
    read_timeout: Duration,
    http: Arc<Mutex<Option<HyperTransport>>>,
}

impl Default for InstanceRoleCredentials {
    fn default() -> Self {
        InstanceRoleCredentials::new()
    }
}

impl InstanceRoleCredentials {
    /// The metadata service of CVM ([`METADATA_CREDENTIALS_URL`]), the role it names, the
    /// default timeouts.
    pub fn new() -> Self {
        InstanceRoleCredentials {
            base_url: METADATA_CREDENTIALS_URL.to_owned(),
            role: None,
            connect_timeout: DEFAULT_METADATA_CONNECT_TIMEOUT,
            read_timeout: DEFAULT_METADATA_READ_TIMEOUT,
            http: Arc::default(),
        }
    }

    /// Asks this base URL instead (a local emulator's); a `/` is added when missing.
    pub fn with_base_url(self, base_url: impl Into<String>) -> Self {
        let mut base_url = base_url.into();
        if !base_url.ends_with('/') {
            base_url.push('/');
        }
        InstanceRoleCredentials { base_url, ..self }
    }

    /// Uses this role instead of asking the service which role is bound.
    pub fn with_role_name(self, role: impl Into<String>) -> Self {
        InstanceRoleCredentials {
            role: Some(role.into()),
            ..self
        }
    }

    /// How long to wait for a connection, and for each read of an answer.
    pub fn with_timeouts(self, connect: Duration, read: Duration) -> Self {
        InstanceRoleCredentials {
            connect_timeout: connect,
            read_timeout: read,
            http: Arc::default(),
            ..self
        }
    }

    /// The base URL asked.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Asks the metadata service now.
    ///
    /// # Errors
    /// [`CredentialsError::NotFound`] when no metadata service can be reached or no role is
    /// bound; [`CredentialsError::InstanceMetadata`] when the service fails otherwise.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        let http = self.http()?;
        let role = match &self.role {
            Some(role) => role.clone(),
            None => match self.role_name(&http).await? {
                Some(role) => role,
                None => {
                    return Err(self.not_found("no CAM role is bound to this instance"));
                }
            },
        };
        if !is_role_name(&role) {
            return Err(CredentialsError::InstanceMetadata {
                url: self.base_url.clone(),
                problem: MetadataProblem::BadRoleName,
            });
        }
        let url = format!("{}{role}", self.base_url);
        tracing::debug!(%url, "asking the CVM instance metadata service for the role's credentials");
        match metadata::get(&http, &url, self.connect_timeout, self.read_timeout).await? {
            Got::Body(body) => metadata::credentials(&url, &body),
            Got::NotFound => Err(CredentialsError::InstanceMetadata {
                url,
                problem: MetadataProblem::Status { status: 404 },
            }),
            Got::Unreachable(reason) => Err(self.unreachable(&reason)),
        }
    }

    /// The role bound to the instance, `None` when there is none.
    async fn role_name(&self, http: &HyperTransport) -> Result<Option<String>, CredentialsError> {
        tracing::debug!(url = %self.base_url, "asking the CVM instance metadata service for the role");
        match metadata::get(
            http,
            &self.base_url,
            self.connect_timeout,
            self.read_timeout,
        )
        .await?
        {
            Got::Body(body) => {
                let text = String::from_utf8_lossy(&body);
                Ok(text
                    .lines()
                    .map(str::trim)
                    .find(|line| !line.is_empty())
                    .map(str::to_owned))
            }
            Got::NotFound => Ok(None),
            Got::Unreachable(reason) => Err(self.unreachable(&reason)),
        }
    }

    fn http(&self) -> Result<HyperTransport, CredentialsError> {
        let mut cached = self.http.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(http) = &*cached {
            return Ok(http.clone());
        }
        let http = metadata::client(self.connect_timeout, self.read_timeout).map_err(|reason| {
            CredentialsError::InstanceMetadata {
                url: self.base_url.clone(),
                problem: MetadataProblem::Setup { reason },
            }
        })?;
        *cached = Some(http.clone());
        Ok(http)
    }

    fn not_found(&self, outcome: &str) -> CredentialsError {
        CredentialsError::not_found(format!("CVM instance metadata {}", self.base_url), outcome)
    }

    fn unreachable(&self, reason: &str) -> CredentialsError {
        self.not_found(&format!(
            "no metadata service reachable, so not a CVM instance ({reason})"
        ))
    }
}

/// Letters, digits and `+=,.@_-`: what CAM allows in a role name, and nothing that would change
/// the URL.
fn is_role_name(role: &str) -> bool {
    !role.is_empty()
        && role
            .chars()
            .all(|c| c.is_alphanumeric() || "+=,.@_-".contains(c))
}

impl fmt::Debug for InstanceRoleCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InstanceRoleCredentials")
            .field("base_url", &self.base_url)
            .field("role", &self.role)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .finish()
    }
}

impl ProvideCredentials for InstanceRoleCredentials {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.load())
    }
}
