//! [`StsConfig`]: how the role providers reach STS.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use crate::client::{ClientBuilder, Clock, Endpoint, HttpTransport, HyperTransport};
use crate::sts;

/// The region STS calls name when nobody chose one, as Tencent's own SDKs do.
pub const DEFAULT_STS_REGION: &str = "ap-guangzhou";

/// How the providers that call STS ([`AssumeRoleCredentials`](super::AssumeRoleCredentials),
/// [`WebIdentityCredentials`](super::WebIdentityCredentials), a profile's `role_arn`) reach it:
/// the endpoint (`sts.tencentcloudapi.com` by default; a local emulator's URL in tests), the
/// region to name when the provider has none of its own ([`DEFAULT_STS_REGION`]), the transport
/// and the clock that signs.
///
/// The STS calls are made by the client generated from `runtime/sts-spec/`
/// ([`sts::Client`](crate::sts::Client)): validated, signed (or sent unsigned, for the
/// web-identity call), retried where safe. Clones share one connection pool.
///
/// ```
/// use tencentcloud_runtime::credentials::StsConfig;
///
/// let sts = StsConfig::new()
///     .with_endpoint_url("http://127.0.0.1:9091")
///     .with_region("ap-shanghai");
/// assert!(format!("{sts:?}").contains("127.0.0.1:9091"));
/// ```
#[derive(Clone)]
pub struct StsConfig {
    endpoint: Endpoint,
    region: Option<String>,
    clock: Option<Clock>,
    call_timeout: Duration,
    transport: Arc<Mutex<Option<Arc<dyn HttpTransport>>>>,
}

impl Default for StsConfig {
    fn default() -> Self {
        StsConfig::new()
    }
}

impl StsConfig {
    /// STS's China site host, [`DEFAULT_STS_REGION`], the system clock, a transport made on first
    /// use (HTTPS, 10 s to connect), 30 s per attempt.
    pub fn new() -> Self {
        StsConfig {
            endpoint: Endpoint::China,
            region: None,
            clock: None,
            call_timeout: Duration::from_secs(30),
            transport: Arc::default(),
        }
    }

    /// Where STS requests go.
    pub fn with_endpoint(self, endpoint: Endpoint) -> Self {
        StsConfig { endpoint, ..self }
    }

    /// Shorthand for [`Endpoint::Url`] (a local emulator's `http://127.0.0.1:PORT`).
    pub fn with_endpoint_url(self, url: impl Into<String>) -> Self {
        self.with_endpoint(Endpoint::Url(url.into()))
    }

    /// The region STS calls name (`X-TC-Region`) when the provider has none of its own.
    pub fn with_region(self, region: impl Into<String>) -> Self {
        StsConfig {
            region: Some(region.into()),
            ..self
        }
    }

    /// The clock that signs STS requests (tests share one with the emulator).
    pub fn with_clock(self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        StsConfig {
            clock: Some(Arc::new(clock)),
            ..self
        }
    }

    /// How long one STS attempt may take.
    pub fn with_call_timeout(self, timeout: Duration) -> Self {
        StsConfig {
            call_timeout: timeout,
            ..self
        }
    }

    /// Sends STS requests through this transport (a test double, or a program's own HTTP
    /// stack) instead of the default [`HyperTransport`].
    pub fn with_transport(self, transport: impl HttpTransport) -> Self {
        let transport: Arc<dyn HttpTransport> = Arc::new(transport);
        StsConfig {
            transport: Arc::new(Mutex::new(Some(transport))),
            ..self
        }
    }

    /// The region a provider's calls name: its own, else this configuration's, else
    /// [`DEFAULT_STS_REGION`].
    pub(crate) fn region_for<'a>(&'a self, own: Option<&'a str>) -> &'a str {
        own.or(self.region.as_deref()).unwrap_or(DEFAULT_STS_REGION)
    }

    /// A session name for a provider that was given none: `tencentcloud-rust-` and the time
    /// in milliseconds, which fits STS's rule (letters, digits and `+=,.@_-`).
    pub(crate) fn session_name(&self) -> String {
        let now = self
            .clock
            .as_ref()
            .map_or_else(SystemTime::now, |clock| clock());
        let millis = now
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        format!("tencentcloud-rust-{millis}")
    }

    /// A client of STS for `region`, signing with `credentials` (`None` for a client that only
    /// sends unsigned actions).
    pub(crate) fn client(
        &self,
        region: &str,
        credentials: Option<Arc<dyn ProvideCredentials>>,
    ) -> Result<sts::Client, CredentialsError> {
        let setup = |reason: String| CredentialsError::StsClient { reason };
        let transport = self.transport().map_err(|e| setup(e.to_string()))?;
        let mut builder: ClientBuilder<sts::Client> = sts::Client::builder()
            .endpoint(self.endpoint.clone())
            .region(region)
            .call_timeout(self.call_timeout)
            .transport(transport)
            .no_credentials_cache();
        builder = match credentials {
            Some(credentials) => builder.credentials_provider(credentials),
            None => builder.credentials_provider(NoCredentials),
        };
        if let Some(clock) = &self.clock {
            let clock = clock.clone();
            builder = builder.clock(move || clock());
        }
        builder.build().map_err(|e| setup(e.to_string()))
    }

    /// The shared transport, made on first use.
    fn transport(&self) -> Result<Arc<dyn HttpTransport>, crate::client::ConfigError> {
        let mut shared = self
            .transport
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(transport) = &*shared {
            return Ok(transport.clone());
        }
        let transport: Arc<dyn HttpTransport> =
            Arc::new(HyperTransport::new(Duration::from_secs(10))?);
        *shared = Some(transport.clone());
        Ok(transport)
    }
}

impl fmt::Debug for StsConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StsConfig")
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("call_timeout", &self.call_timeout)
            .finish_non_exhaustive()
    }
}

/// The credentials of an STS client that only sends unsigned actions: asking is a bug.
#[derive(Debug)]
struct NoCredentials;

impl ProvideCredentials for NoCredentials {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(std::future::ready(Err::<Credentials, _>(
            CredentialsError::not_found(
                "credentials of the web-identity STS client",
                "none: it only sends unsigned requests",
            ),
        )))
    }
}
