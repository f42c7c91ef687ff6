//! [`WebIdentityCredentials`]: a TKE pod's OIDC token exchanged for a CAM role's credentials.

use std::io::ErrorKind;
use std::path::PathBuf;
use std::time::Duration;

use zeroize::Zeroizing;

use super::{
    Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture, StsConfig,
    VarSource, fs, sts_answer,
};

/// The region for the STS call (TKE sets it in a pod with a CAM role).
pub const TKE_REGION_VAR: &str = "TKE_REGION";
/// The CAM identity provider that issued the pod's token.
pub const TKE_PROVIDER_ID_VAR: &str = "TKE_PROVIDER_ID";
/// The file holding the pod's OIDC token (TKE rotates it).
pub const TKE_WEB_IDENTITY_TOKEN_FILE_VAR: &str = "TKE_WEB_IDENTITY_TOKEN_FILE";
/// The role to act as.
pub const TKE_ROLE_ARN_VAR: &str = "TKE_ROLE_ARN";

const VARIABLES: [&str; 4] = [
    TKE_REGION_VAR,
    TKE_PROVIDER_ID_VAR,
    TKE_WEB_IDENTITY_TOKEN_FILE_VAR,
    TKE_ROLE_ARN_VAR,
];

/// Temporary credentials of a CAM role for a pod of a TKE cluster: the pod's OIDC token (read
/// from a file TKE keeps fresh) exchanged with STS `AssumeRoleWithWebIdentity`, a call that
/// needs no credentials and is sent unsigned.
///
/// TKE sets four variables in a pod bound to a role: `TKE_REGION` (the region the STS call
/// names), `TKE_PROVIDER_ID`, `TKE_WEB_IDENTITY_TOKEN_FILE` and `TKE_ROLE_ARN`. None set: "not
/// found", a chain moves on; some but not all: an error naming those missing. The token file
/// is read anew for every call (TKE rotates it), off the async runtime's threads; surrounding
/// whitespace (a final line break) is removed, as a token never contains any. The token is
/// never printed, logged or put in an error.
///
/// Each [`load`](Self::load) makes one STS call: put the provider behind a
/// [`CredentialsCache`](super::CredentialsCache) (a client does).
///
/// ```
/// use tencentcloud_runtime::credentials::{StsConfig, VarSource, WebIdentityCredentials};
///
/// let provider = WebIdentityCredentials::from_vars(VarSource::from_pairs([
///     ("TKE_REGION", "ap-guangzhou"),
///     ("TKE_PROVIDER_ID", "tke-cls-7fk2m9qa"),
///     ("TKE_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/tke/token"),
///     ("TKE_ROLE_ARN", "qcs::cam::uin/100000000001:roleName/tcr-pusher"),
/// ]))
/// .with_sts(StsConfig::new().with_endpoint_url("http://127.0.0.1:9091"));
/// assert!(format!("{provider:?}").contains("WebIdentityCredentials"));
/// ```
#[derive(Debug, Clone)]
pub struct WebIdentityCredentials {
    settings: Source,
    session_name: Option<String>,
    duration: Option<Duration>,
    sts: StsConfig,
}

#[derive(Debug, Clone)]
enum Source {
    Vars(VarSource),
    Given(Settings),
}

/// The four settings, however they were given.
#[derive(Debug, Clone)]
struct Settings {
    region: String,
    provider_id: String,
    token_file: PathBuf,
    role_arn: String,
    configured_by: String,
}

impl Default for WebIdentityCredentials {
    fn default() -> Self {
        WebIdentityCredentials::new()
    }
}

impl WebIdentityCredentials {
    /// The settings TKE puts in the process environment.
    pub fn new() -> Self {
        WebIdentityCredentials::from_vars(VarSource::process())
    }

    /// The settings read from `vars` instead of the process environment.
    pub fn from_vars(vars: VarSource) -> Self {
        WebIdentityCredentials {
            settings: Source::Vars(vars),
            session_name: None,
            duration: None,
            sts: StsConfig::new(),
        }
    }

    /// Settings given by the program: the region the STS call names, the identity provider,
    /// the token file and the role.
    pub fn from_settings(
        region: impl Into<String>,
        provider_id: impl Into<String>,
        token_file: impl Into<PathBuf>,
        role_arn: impl Into<String>,
    ) -> Self {
        WebIdentityCredentials {
            settings: Source::Given(Settings {
                region: region.into(),
                provider_id: provider_id.into(),
                token_file: token_file.into(),
                role_arn: role_arn.into(),
                configured_by: "given by the program".to_owned(),
            }),
            session_name: None,
            duration: None,
            sts: StsConfig::new(),
        }
    }

    /// The session's name in audit logs; `tencentcloud-rust-<time>` when not given.
    pub fn with_session_name(self, name: impl Into<String>) -> Self {
        WebIdentityCredentials {
            session_name: Some(name.into()),
            ..self
        }
    }

    /// How long the credentials last (STS's default, two hours, when not given).
    pub fn with_duration(self, duration: Duration) -> Self {
        WebIdentityCredentials {
            duration: Some(duration),
            ..self
        }
    }

    /// How STS is reached (the region named is always the one of the settings).
    pub fn with_sts(self, sts: StsConfig) -> Self {
        WebIdentityCredentials { sts, ..self }
    }

    /// Reads the token and calls STS `AssumeRoleWithWebIdentity` now.
    ///
    /// # Errors
    /// [`CredentialsError::NotFound`] when none of the TKE variables is set;
    /// [`CredentialsError::IncompleteWebIdentity`] when only some are;
    /// [`CredentialsError::WebIdentityTokenFile`] when the token cannot be read;
    /// [`CredentialsError::Sts`] with STS's error.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        let settings = self.settings()?;
        let token = read_token(&settings).await?;
        let client = self.sts.client(&settings.region, None)?;
        let session_name = self
            .session_name
            .clone()
            .unwrap_or_else(|| self.sts.session_name());
        tracing::debug!(
            role_arn = %settings.role_arn,
            provider_id = %settings.provider_id,
            region = %settings.region,
            session_name = %session_name,
            "exchanging the web identity token with STS AssumeRoleWithWebIdentity"
        );
        let mut request = client
            .assume_role_with_web_identity()
            .provider_id(&settings.provider_id)
            .web_identity_token(token.as_str())
            .role_arn(&settings.role_arn)
            .role_session_name(session_name);
        if let Some(duration) = self.duration {
            request =
                request.duration_seconds(i64::try_from(duration.as_secs()).unwrap_or(i64::MAX));
        }
        let answer = request
            .send()
            .await
            .map_err(|error| sts_answer::failed(&settings.role_arn, error))?;
        sts_answer::credentials(
            "AssumeRoleWithWebIdentity",
            &settings.role_arn,
            answer.credentials,
            answer.expired_time,
        )
    }

    fn settings(&self) -> Result<Settings, CredentialsError> {
        let vars = match &self.settings {
            Source::Given(settings) => return Ok(settings.clone()),
            Source::Vars(vars) => vars,
        };
        let mut values = Vec::with_capacity(4);
        for name in VARIABLES {
            values.push(vars.get_str(name, "the value TKE sets for a pod with a CAM role")?);
        }
        let set: Vec<String> = VARIABLES
            .iter()
            .zip(&values)
            .filter(|(_, value)| value.is_some())
            .map(|(name, _)| (*name).to_owned())
            .collect();
        if set.is_empty() {
            return Err(CredentialsError::not_found(
                format!("TKE web identity ({})", VARIABLES.join(", ")),
                "not set",
            ));
        }
        match <[Option<String>; 4]>::try_from(values) {
            Ok(
                [
                    Some(region),
                    Some(provider_id),
                    Some(token_file),
                    Some(role_arn),
                ],
            ) => Ok(Settings {
                region,
                provider_id,
                token_file: PathBuf::from(token_file),
                role_arn,
                configured_by: format!("named by {TKE_WEB_IDENTITY_TOKEN_FILE_VAR}"),
            }),
            _ => Err(CredentialsError::IncompleteWebIdentity {
                missing: VARIABLES
                    .iter()
                    .filter(|name| !set.iter().any(|s| s == *name))
                    .map(|name| (*name).to_owned())
                    .collect(),
                set,
            }),
        }
    }
}

/// The token in the settings' file, surrounding whitespace removed.
async fn read_token(settings: &Settings) -> Result<Zeroizing<String>, CredentialsError> {
    let problem = |problem: &str| CredentialsError::WebIdentityTokenFile {
        path: settings.token_file.clone(),
        configured_by: settings.configured_by.clone(),
        problem: problem.to_owned(),
    };
    let bytes = match fs::read(&settings.token_file).await {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == ErrorKind::NotFound => return Err(problem("does not exist")),
        Err(e) => return Err(problem(&format!("cannot be read: {e}"))),
    };
    let text = std::str::from_utf8(&bytes).map_err(|_| problem("is not UTF-8 text"))?;
    let token = text.trim();
    if token.is_empty() {
        return Err(problem("is empty"));
    }
    if token.chars().any(char::is_control) {
        return Err(problem(
            "holds more than one token (a control character or line break inside)",
        ));
    }
    Ok(Zeroizing::new(token.to_owned()))
}

impl ProvideCredentials for WebIdentityCredentials {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.load())
    }
}
