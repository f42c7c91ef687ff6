//! Building a client: credentials, region, endpoint, language, timeouts, retries, rate limits.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::api_client::{ApiClient, Inner};
use super::endpoint::Endpoint;
use super::hyper_transport::HyperTransport;
use super::interceptor::Interceptor;
use super::rate_limit::{Limiters, RateLimit};
#[cfg(feature = "reqwest")]
use super::reqwest_transport::ReqwestTransport;
use super::retry::RetryConfig;
use super::transport::{BoxError, HttpTransport};
use super::wire::{ContentType, JsonStyle};
use crate::credentials::{
    CachePolicy, Credentials, CredentialsCache, DefaultCredentialsChain, ProvideCredentials,
    StaticCredentials,
};

/// The language of the service's messages (`X-TC-Language`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Language {
    /// `zh-CN`.
    ZhCn,
    /// `en-US`.
    EnUs,
}

impl Language {
    /// The header value.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::EnUs => "en-US",
        }
    }
}

/// A source of the current time, for signing and for judging when credentials expire. Tests
/// pin it; a program may correct a known clock skew with it.
pub type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// A client that cannot be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The HTTP client could not be set up (TLS roots, for example).
    #[error("cannot set up HTTP: {0}")]
    Http(#[source] BoxError),
    /// `max_attempts` is 0.
    #[error("`max_attempts` counts the first attempt: use at least 1")]
    NoAttempts,
    /// A proxy variable of the environment (`HTTPS_PROXY`, `http_proxy`…) holds something the
    /// default transport cannot use as a proxy: a SOCKS proxy, another scheme, a malformed URL.
    #[error("the proxy in `{variable}` cannot be used: {reason}")]
    Proxy {
        /// The variable's name, as set.
        variable: String,
        /// Why (the value is not repeated: it may hold a password).
        reason: String,
    },
    /// The region is not a region name.
    #[error("region `{region}` is not a region name such as `ap-guangzhou`")]
    InvalidRegion {
        /// The region given.
        region: String,
    },
}

/// The client's settings, as built.
pub(crate) struct Config {
    pub(crate) credentials: Arc<dyn ProvideCredentials>,
    pub(crate) region: Option<String>,
    pub(crate) endpoint: Endpoint,
    pub(crate) language: Option<Language>,
    pub(crate) call_timeout: Duration,
    pub(crate) request_client: String,
    pub(crate) retry: RetryConfig,
    pub(crate) validate: bool,
    pub(crate) clock: Clock,
    pub(crate) json_style: JsonStyle,
    pub(crate) content_type: ContentType,
    pub(crate) transport: Arc<dyn HttpTransport>,
    pub(crate) interceptors: Vec<Arc<dyn Interceptor>>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("language", &self.language)
            .field("call_timeout", &self.call_timeout)
            .field("request_client", &self.request_client)
            .field("retry", &self.retry)
            .field("validate", &self.validate)
            .field("transport", &self.transport)
            .field("interceptors", &self.interceptors)
            .finish_non_exhaustive()
    }
}

/// Builds a client. `C` is the client type a generated spec module defines (`tcr_api::Client`);
/// it wraps the service-agnostic [`ApiClient`].
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use std::time::Duration;
/// use tencentcloud_runtime::client::{ApiClient, ClientBuilder, Endpoint, Language};
/// use tencentcloud_runtime::credentials::Credentials;
///
/// // A generated client (`tcr_api::Client::builder()`) takes the same settings.
/// let client: ApiClient = ClientBuilder::new()
///     .credentials(Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE")?)
///     .region("ap-guangzhou")
///     .endpoint(Endpoint::Regional)
///     .language(Language::EnUs)
///     .call_timeout(Duration::from_secs(10))
///     .build()?;
/// # let _ = client;
/// # Ok(())
/// # }
/// ```
#[must_use]
pub struct ClientBuilder<C> {
    credentials: Option<CredentialsSetting>,
    credentials_cache: Option<CachePolicy>,
    region: Option<String>,
    endpoint: Endpoint,
    language: Option<Language>,
    connect_timeout: Duration,
    call_timeout: Duration,
    request_client: String,
    retry: RetryConfig,
    rate_limit: RateLimit,
    validate: bool,
    clock: Option<Clock>,
    json_style: JsonStyle,
    content_type: ContentType,
    transport: Option<Arc<dyn HttpTransport>>,
    interceptors: Vec<Arc<dyn Interceptor>>,
    client: PhantomData<fn() -> C>,
}

/// Where the client's credentials come from.
#[derive(Debug)]
enum CredentialsSetting {
    /// Given by the program: nothing to cache.
    Fixed(Credentials),
    /// A provider, behind a cache unless the program said otherwise.
    Provider(Arc<dyn ProvideCredentials>),
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("credentials_cache", &self.credentials_cache)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

impl<C: From<ApiClient>> Default for ClientBuilder<C> {
    fn default() -> Self {
        ClientBuilder::new()
    }
}

impl<C: From<ApiClient>> ClientBuilder<C> {
    /// Defaults: the default credentials chain ([`DefaultCredentialsChain`]: environment, profile
    /// file, CVM instance role) behind a [`CredentialsCache`] with the default [`CachePolicy`],
    /// no region, the China site, 10 s to connect, 60 s per attempt, 3 attempts, the spec's
    /// rate limits, validation on.
    pub fn new() -> Self {
        ClientBuilder {
            credentials: None,
            credentials_cache: Some(CachePolicy::default()),
            region: None,
            endpoint: Endpoint::default(),
            language: None,
            connect_timeout: Duration::from_secs(10),
            call_timeout: Duration::from_secs(60),
            request_client: concat!("tcr-api-rust/", env!("CARGO_PKG_VERSION")).to_owned(),
            retry: RetryConfig::default(),
            rate_limit: RateLimit::default(),
            validate: true,
            clock: None,
            json_style: JsonStyle::default(),
            content_type: ContentType::default(),
            transport: None,
            interceptors: Vec::new(),
            client: PhantomData,
        }
    }

    /// Fixed credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(CredentialsSetting::Fixed(credentials));
        self
    }

    /// A credentials provider (a [`CredentialsChain`](crate::credentials::CredentialsChain), a
    /// role to assume…), put behind a [`CredentialsCache`]: asked for the first call, then again
    /// ahead of expiry (temporary credentials) or every few minutes (long-lived ones, so that
    /// rotated keys are picked up). See [`credentials_cache`](Self::credentials_cache).
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(CredentialsSetting::Provider(Arc::new(provider)));
        self
    }

    /// When the cache in front of the credentials provider asks it again (the default
    /// [`CachePolicy`]: 5 minutes before expiry).
    pub fn credentials_cache(mut self, policy: CachePolicy) -> Self {
        self.credentials_cache = Some(policy);
        self
    }

    /// No cache in front of the credentials provider: it is asked before every call. For a
    /// provider that caches by itself.
    pub fn no_credentials_cache(mut self) -> Self {
        self.credentials_cache = None;
        self
    }

    /// The region (`ap-guangzhou`), sent as `X-TC-Region`; needed by [`Endpoint::Regional`].
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Where requests go.
    pub fn endpoint(mut self, endpoint: Endpoint) -> Self {
        self.endpoint = endpoint;
        self
    }

    /// Shorthand for [`Endpoint::Url`] (`http://127.0.0.1:9091` for the emulator).
    pub fn endpoint_url(self, url: impl Into<String>) -> Self {
        self.endpoint(Endpoint::Url(url.into()))
    }

    /// The language of the service's messages.
    pub fn language(mut self, language: Language) -> Self {
        self.language = Some(language);
        self
    }

    /// How long to wait for a connection (TCP, a proxy's tunnel and the TLS handshake
    /// together) with the default transport.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take, from sending to the whole answer.
    pub fn call_timeout(mut self, timeout: Duration) -> Self {
        self.call_timeout = timeout;
        self
    }

    /// The `X-TC-RequestClient` value (not signed), to tell your program's calls apart in
    /// Tencent Cloud's logs.
    pub fn request_client(mut self, name: impl Into<String>) -> Self {
        self.request_client = name.into();
        self
    }

    /// How failed attempts are repeated; [`RetryConfig::disabled`] turns retrying off.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// The client-side rate limit.
    pub fn rate_limit(mut self, rate_limit: RateLimit) -> Self {
        self.rate_limit = rate_limit;
        self
    }

    /// Whether requests are validated against the spec's rules before sending (on by default);
    /// turn it off for a server that has relaxed a rule.
    pub fn validate_requests(mut self, validate: bool) -> Self {
        self.validate = validate;
        self
    }

    /// The time used to sign requests and to judge when temporary credentials expire.
    pub fn clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// How the JSON body is written (compact by default).
    pub fn json_style(mut self, style: JsonStyle) -> Self {
        self.json_style = style;
        self
    }

    /// The `Content-Type` sent and signed (`application/json` by default).
    pub fn content_type(mut self, content_type: ContentType) -> Self {
        self.content_type = content_type;
        self
    }

    /// Sends through a reqwest client the program has set up (feature `reqwest`): its proxy,
    /// TLS and pool settings apply, and [`connect_timeout`](Self::connect_timeout) does not.
    #[cfg(feature = "reqwest")]
    pub fn http_client(self, http: reqwest::Client) -> Self {
        self.transport(ReqwestTransport::from_client(http))
    }

    /// Another transport than the default [`HyperTransport`]: one made with other settings
    /// ([`HyperTransport::builder`]) or shared between clients, a test double (see the
    /// `test-util` feature's `test_util` module) or an HTTP stack of the program's own.
    pub fn transport(mut self, transport: impl HttpTransport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Adds an interceptor, run after those added before it (see [`Interceptor`]).
    pub fn interceptor(mut self, interceptor: impl Interceptor) -> Self {
        self.interceptors.push(Arc::new(interceptor));
        self
    }

    /// The client.
    ///
    /// # Errors
    /// [`ConfigError::NoAttempts`] and [`ConfigError::InvalidRegion`] for those settings; when
    /// no transport was given, what [`HyperTransport::new`] fails with (TLS that cannot be set
    /// up, a proxy variable that cannot be used).
    pub fn build(self) -> Result<C, ConfigError> {
        if self.retry.max_attempts == 0 {
            return Err(ConfigError::NoAttempts);
        }
        if let Some(region) = &self.region {
            let plain = !region.is_empty()
                && region
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !plain {
                return Err(ConfigError::InvalidRegion {
                    region: region.clone(),
                });
            }
        }
        let transport = match self.transport {
            Some(transport) => transport,
            None => Arc::new(HyperTransport::new(self.connect_timeout)?),
        };
        let clock: Clock = self.clock.unwrap_or_else(|| Arc::new(SystemTime::now));
        let credentials: Arc<dyn ProvideCredentials> = match self.credentials {
            Some(CredentialsSetting::Fixed(credentials)) => {
                Arc::new(StaticCredentials::new(credentials))
            }
            provider => {
                let provider = match provider {
                    Some(CredentialsSetting::Provider(provider)) => provider,
                    _ => Arc::new(DefaultCredentialsChain::new()),
                };
                match self.credentials_cache {
                    Some(policy) => Arc::new(
                        CredentialsCache::from_arc(provider)
                            .with_policy(policy)
                            .with_shared_clock(clock.clone()),
                    ),
                    None => provider,
                }
            }
        };
        let config = Config {
            credentials,
            region: self.region,
            endpoint: self.endpoint,
            language: self.language,
            call_timeout: self.call_timeout,
            request_client: self.request_client,
            retry: self.retry,
            validate: self.validate,
            clock,
            json_style: self.json_style,
            content_type: self.content_type,
            transport,
            interceptors: self.interceptors,
        };
        Ok(C::from(ApiClient::from_inner(Inner::new(
            config,
            Limiters::new(self.rate_limit),
        ))))
    }
}
