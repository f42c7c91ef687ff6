//! [`DefaultCredentialsChain`]: Tencent's order of credential sources.

use super::{
    Credentials, CredentialsChain, CredentialsError, EnvironmentCredentials,
    InstanceRoleCredentials, ProfileCredentials, ProvideCredentials, ProvideCredentialsFuture,
    StsConfig, VarSource, WebIdentityCredentials,
};

/// The usual way to find credentials, in Tencent's order:
///
/// 1. `explicit`: credentials the program gave ([`with_explicit`](Self::with_explicit));
/// 2. `environment`: `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`, `TENCENTCLOUD_TOKEN`
///    ([`EnvironmentCredentials`]);
/// 3. `profile`: the profile file ([`ProfileCredentials`]: `TENCENTCLOUD_CREDENTIALS_FILE` or
///    `~/.tencentcloud/credentials`, the profile named by `TENCENTCLOUD_PROFILE`, which may
///    assume a role with `role_arn` and `source_profile`);
/// 4. `tke-web-identity`: a TKE pod's OIDC token exchanged for a role's credentials
///    ([`WebIdentityCredentials`]: `TKE_REGION`, `TKE_PROVIDER_ID`,
///    `TKE_WEB_IDENTITY_TOKEN_FILE`, `TKE_ROLE_ARN`);
/// 5. `cvm-role`: the CAM role of the CVM instance, from its metadata service
///    ([`InstanceRoleCredentials`]).
///
/// It is a [`CredentialsChain`]: a source where nothing is found passes to the next, each step
/// traced by name. A source that has credentials but broken ones (say
/// `TENCENTCLOUD_SECRET_ID` set without `TENCENTCLOUD_SECRET_KEY`, or a key with a trailing
/// space) stops the chain with its error: falling through would silently sign as another
/// identity. When no source has credentials, the error lists every place looked at.
///
/// The STS calls (profile roles, web identity) are made as [`with_sts`](Self::with_sts) says.
/// Temporary credentials expire: a client puts the chain behind a
/// [`CredentialsCache`](super::CredentialsCache), which runs it again ahead of expiry.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), tencentcloud_runtime::credentials::CredentialsError> {
/// use tencentcloud_runtime::credentials::{DefaultCredentialsChain, VarSource};
///
/// // Tests inject variables rather than touch the process environment.
/// let chain = DefaultCredentialsChain::from_vars(VarSource::from_pairs([
///     ("TENCENTCLOUD_SECRET_ID", "AKIDEXAMPLE"),
///     ("TENCENTCLOUD_SECRET_KEY", "SECRETEXAMPLE"),
/// ]));
/// assert_eq!(chain.load().await?.secret_id(), "AKIDEXAMPLE");
/// assert_eq!(
///     chain.names().collect::<Vec<_>>(),
///     ["explicit", "environment", "profile", "tke-web-identity", "cvm-role"]
/// );
///
/// let nothing = DefaultCredentialsChain::from_vars(VarSource::from_pairs::<String, String>([]))
///     .without_instance_role(); // this machine is not a CVM instance
/// let error = nothing.load().await.unwrap_err();
/// assert!(error.is_not_found());
/// assert!(error.to_string().contains("TENCENTCLOUD_SECRET_ID"));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct DefaultCredentialsChain {
    explicit: Option<Credentials>,
    environment: EnvironmentCredentials,
    profile: ProfileCredentials,
    web_identity: WebIdentityCredentials,
    instance_role: Option<InstanceRoleCredentials>,
    chain: CredentialsChain,
}

impl Default for DefaultCredentialsChain {
    fn default() -> Self {
        DefaultCredentialsChain::new()
    }
}

impl DefaultCredentialsChain {
    /// The chain over the process environment, the default profile file, TKE's web identity and
    /// CVM's metadata service.
    pub fn new() -> Self {
        DefaultCredentialsChain::from_vars(VarSource::process())
    }

    /// The chain with every variable (the credentials, `TENCENTCLOUD_CREDENTIALS_FILE`,
    /// `TENCENTCLOUD_PROFILE`, `HOME`, the `TKE_` ones) read from `vars` instead of the process
    /// environment.
    pub fn from_vars(vars: VarSource) -> Self {
        DefaultCredentialsChain {
            explicit: None,
            environment: EnvironmentCredentials::from_vars(vars.clone()),
            profile: ProfileCredentials::from_vars(vars.clone()),
            web_identity: WebIdentityCredentials::from_vars(vars),
            instance_role: Some(InstanceRoleCredentials::new()),
            chain: CredentialsChain::first_try("explicit", Explicit(None)),
        }
        .rebuilt()
    }

    /// Uses these credentials before any other source.
    pub fn with_explicit(self, credentials: Credentials) -> Self {
        DefaultCredentialsChain {
            explicit: Some(credentials),
            ..self
        }
        .rebuilt()
    }

    /// Reads the profile file through this provider (another path or section) instead of the
    /// default one.
    pub fn with_profile(self, profile: ProfileCredentials) -> Self {
        DefaultCredentialsChain { profile, ..self }.rebuilt()
    }

    /// Exchanges a web identity token this way instead of with the TKE variables.
    pub fn with_web_identity(self, web_identity: WebIdentityCredentials) -> Self {
        DefaultCredentialsChain {
            web_identity,
            ..self
        }
        .rebuilt()
    }

    /// Reaches STS this way for the profile's roles and the web identity (a local emulator's
    /// endpoint in tests, another region, a shared transport). Call it after
    /// [`with_profile`](Self::with_profile) and [`with_web_identity`](Self::with_web_identity),
    /// which bring their own.
    pub fn with_sts(self, sts: StsConfig) -> Self {
        DefaultCredentialsChain {
            profile: self.profile.clone().with_sts(sts.clone()),
            web_identity: self.web_identity.clone().with_sts(sts),
            ..self
        }
        .rebuilt()
    }

    /// Asks this metadata service (another URL, other timeouts) instead of CVM's default one.
    pub fn with_instance_role(self, instance_role: InstanceRoleCredentials) -> Self {
        DefaultCredentialsChain {
            instance_role: Some(instance_role),
            ..self
        }
        .rebuilt()
    }

    /// Leaves out the CVM metadata service: for a program that knows it is not on CVM, and
    /// would rather not wait for a connection that cannot be made.
    pub fn without_instance_role(self) -> Self {
        DefaultCredentialsChain {
            instance_role: None,
            ..self
        }
        .rebuilt()
    }

    /// The names of the sources, in the order they are tried (as traced).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.chain.names()
    }

    /// Finds the credentials now.
    ///
    /// # Errors
    /// [`CredentialsError::NotFound`] listing every place looked at when no source has
    /// credentials; the first broken source's error otherwise.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        self.chain.load().await
    }

    fn rebuilt(self) -> Self {
        let mut chain = CredentialsChain::first_try("explicit", Explicit(self.explicit.clone()))
            .or_else("environment", self.environment.clone())
            .or_else("profile", self.profile.clone())
            .or_else("tke-web-identity", self.web_identity.clone());
        if let Some(instance_role) = &self.instance_role {
            chain = chain.or_else("cvm-role", instance_role.clone());
        }
        DefaultCredentialsChain { chain, ..self }
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.load())
    }
}

/// The program's own credentials, if it gave any.
#[derive(Debug)]
struct Explicit(Option<Credentials>);

impl ProvideCredentials for Explicit {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(std::future::ready(match &self.0 {
            Some(credentials) => Ok(credentials.clone()),
            None => Err(CredentialsError::not_found(
                "explicit credentials",
                "none given",
            )),
        }))
    }
}
