//! Credentials (SecretId, SecretKey, optional session token and expiry) and the providers that
//! find them where programs really run.
//!
//! - [`Credentials`]: validated values; the SecretKey and token are
//!   [`Sensitive`](crate::primitives::Sensitive)s, never printed; temporary credentials carry
//!   their expiry.
//! - [`ProvideCredentials`]: the object-safe, async provider trait.
//! - Providers: [`StaticCredentials`] (given by the program), [`EnvironmentCredentials`]
//!   (`TENCENTCLOUD_SECRET_ID`…), [`ProfileCredentials`] (`~/.tencentcloud/credentials`, named
//!   profiles, roles assumed with a `source_profile`), [`WebIdentityCredentials`] (a TKE pod's
//!   OIDC token exchanged with STS), [`InstanceRoleCredentials`] (the CAM role of a CVM
//!   instance, from its metadata service), [`AssumeRoleCredentials`] (any role, with any
//!   source's credentials). The STS calls go through the client generated from
//!   `runtime/sts-spec/` ([`StsConfig`] says how to reach it).
//! - [`CredentialsChain`]: providers composed in order (`first_try(a).or_else(b)`), each step
//!   traced; [`DefaultCredentialsChain`] is Tencent's order.
//! - [`CredentialsCache`]: credentials kept between calls, refreshed ahead of expiry, one
//!   refresh at a time, failures reported.
//! - [`CredentialsError`]: what went wrong and what to do, without secrets.
//!
//! No provider blocks the async runtime: files are read on tokio's blocking pool, the metadata
//! service is asked over async HTTP with short timeouts.
//!
//! ```no_run
//! use tencentcloud_runtime::credentials::DefaultCredentialsChain;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), tencentcloud_runtime::credentials::CredentialsError> {
//! let credentials = DefaultCredentialsChain::new().load().await?;
//! println!("signing as {}", credentials.secret_id());
//! # Ok(())
//! # }
//! ```

mod assume_role;
mod cache;
mod chain;
mod default_chain;
mod environment;
mod error;
mod fs;
mod ini;
mod instance_role;
mod metadata;
mod profile;
mod static_provider;
mod sts_answer;
mod sts_config;
mod value;
mod vars;
mod web_identity;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

pub use assume_role::AssumeRoleCredentials;
pub use cache::{CachePolicy, CredentialsCache};
pub use chain::CredentialsChain;
pub use default_chain::DefaultCredentialsChain;
pub use environment::{EnvironmentCredentials, SECRET_ID_VAR, SECRET_KEY_VAR, TOKEN_VAR};
pub use error::{
    CredentialField, CredentialSource, CredentialsError, MetadataProblem, ProfileRoleProblem,
    ProfileSyntax, SearchedPlace, ValueProblem,
};
pub use instance_role::{
    DEFAULT_METADATA_CONNECT_TIMEOUT, DEFAULT_METADATA_READ_TIMEOUT, InstanceRoleCredentials,
    METADATA_CREDENTIALS_URL,
};
pub use profile::{CREDENTIALS_FILE_VAR, DEFAULT_SECTION, PROFILE_VAR, ProfileCredentials};
pub use static_provider::StaticCredentials;
pub use sts_config::{DEFAULT_STS_REGION, StsConfig};
pub use value::Credentials;
pub use vars::VarSource;
pub use web_identity::{
    TKE_PROVIDER_ID_VAR, TKE_REGION_VAR, TKE_ROLE_ARN_VAR, TKE_WEB_IDENTITY_TOKEN_FILE_VAR,
    WebIdentityCredentials,
};

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
