//! The default transport: hyper's HTTP/1.1 client with hyper-util's connection pool, TLS by
//! rustls (the `ring` provider, the platform's certificate verifier), the environment's proxy
//! settings. Nothing between the call path and hyper: no second URL parser, no middleware
//! layers, no redirects, no retries.

use std::borrow::Cow;
use std::convert::Infallible;
use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use http::header::{HeaderName, HeaderValue, PROXY_AUTHORIZATION};
use http::{Method, Request, Response, Uri};
use hyper::body::{Body, Bytes, Frame, Incoming, SizeHint};
use hyper_util::client::legacy::Client;
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use super::config::ConfigError;
use super::connector::{ConnectTimedOut, Connector, ReadTimedOut, caused_by};
use super::prepared::PreparedRequest;
use super::transport::{BoxError, BoxFuture, HttpError, HttpResponse, HttpTransport};
use crate::error::Outcome;

/// How long an idle pooled connection is kept.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);

/// Sends requests with hyper over keep-alive connections, HTTP/1.1, over rustls for `https://`
/// endpoints and in the clear for `http://` ones (a local emulator).
///
/// - **Timeouts.** Opening a connection (TCP, a proxy's tunnel, the TLS handshake) is held to
///   the connect timeout; a failure or timeout there means the request was never sent
///   ([`Outcome::NotSent`]). The attempt's timeout covers everything from asking for a
///   connection to the last byte of the answer; running out of it, or losing the connection
///   once it is made, leaves the outcome [`Outcome::Unknown`].
/// - **Proxies.** By default the environment decides, as curl reads it: `HTTPS_PROXY` for
///   `https://` endpoints, `HTTP_PROXY` for `http://` ones, `ALL_PROXY` for either, `NO_PROXY`
///   for the hosts, domains and networks that are reached directly (`*` for all of them; a
///   domain includes its subdomains; each variable also in lower case;
///   the upper-case name wins; all of them are ignored in a CGI program, where `HTTP_PROXY` may
///   come from a request). A proxy is an `http://` or `https://` URL, optionally with
///   `user:password@`, sent as `Proxy-Authorization: Basic`. HTTPS goes through a `CONNECT`
///   tunnel; plain HTTP is forwarded by the proxy. A value that is not such a URL (a SOCKS
///   proxy, a typo) makes [`HyperTransport::new`] fail with [`ConfigError::Proxy`] naming the
///   variable, rather than sending around a proxy the environment asks for.
/// - **No redirects, no retries here.** The call path decides what is sent again. The one
///   exception is hyper's own: a request that was never written, because the pooled connection
///   it was given turned out closed, goes out on a fresh connection.
/// - **Clones share the pool.** Give one transport to several clients
///   ([`ClientBuilder::transport`](super::ClientBuilder::transport) takes an `Arc` too) to
///   share connections.
///
/// A client posts every request to one URL; the transport parses it once and keeps it.
///
/// ```no_run
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use std::time::Duration;
/// use tencentcloud_runtime::client::{ApiClient, ClientBuilder, HyperTransport};
///
/// // What `ClientBuilder::build` makes when given no transport, made by hand to share it.
/// let transport = std::sync::Arc::new(HyperTransport::new(Duration::from_secs(5))?);
/// let client: ApiClient = ClientBuilder::new().transport(transport.clone()).build()?;
/// # let _ = client;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct HyperTransport {
    client: Client<Connector, FullBody>,
    connector: Connector,
    /// The URL parsed first, with its proxy's credentials when a proxy forwards it.
    target: Arc<OnceLock<Target>>,
}

/// A URL the transport posts to, prepared once.
#[derive(Clone, Debug)]
struct Target {
    url: String,
    uri: Uri,
    /// `Proxy-Authorization` for requests that a proxy forwards (plain HTTP through a proxy
    /// whose URL carries credentials); tunnelled HTTPS sends it in the `CONNECT` instead.
    proxy_authorization: Option<HeaderValue>,
}

/// Settings of a [`HyperTransport`] other than the defaults of [`HyperTransport::new`].
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use std::time::Duration;
/// use tencentcloud_runtime::client::HyperTransport;
///
/// // Straight to the endpoint whatever the environment says, 3 s to connect.
/// let transport = HyperTransport::builder()
///     .connect_timeout(Duration::from_secs(3))
///     .no_proxy()
///     .build()?;
/// # let _ = transport;
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
#[must_use]
pub struct HyperTransportBuilder {
    connect_timeout: Duration,
    proxies: ProxySetting,
    tls: TlsSetting,
    read_timeout: Option<Duration>,
}

enum ProxySetting {
    FromEnvironment,
    /// Variables given by the program, read as if they were the environment.
    From(Vec<(String, String)>),
    Never,
}

impl fmt::Debug for ProxySetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProxySetting::FromEnvironment => f.write_str("FromEnvironment"),
            // Values may hold a proxy password: names only.
            ProxySetting::From(variables) => f
                .debug_list()
                .entries(variables.iter().map(|(name, _)| name))
                .finish(),
            ProxySetting::Never => f.write_str("Never"),
        }
    }
}

#[derive(Debug)]
enum TlsSetting {
    /// rustls with `ring` and the platform's verifier, made at `build`.
    Platform,
    Given(Arc<rustls::ClientConfig>),
    /// Plain HTTP only.
    None,
}

impl HyperTransportBuilder {
    /// How long opening a connection may take: TCP, a proxy's tunnel and the TLS handshake
    /// together (10 s by default).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Connects straight to every endpoint, ignoring the proxy variables of the environment.
    pub fn no_proxy(mut self) -> Self {
        self.proxies = ProxySetting::Never;
        self
    }

    /// Reads the proxy settings from these variables instead of the process's environment,
    /// with the same names and rules (`HTTPS_PROXY`, `http_proxy`, `NO_PROXY`…): for a
    /// program that keeps its settings elsewhere, or a test.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use tencentcloud_runtime::client::HyperTransport;
    ///
    /// let transport = HyperTransport::builder()
    ///     .proxy_variables([
    ///         ("HTTPS_PROXY", "http://proxy.internal:3128"),
    ///         ("NO_PROXY", "localhost,127.0.0.1,.svc.cluster.local"),
    ///     ])
    ///     .build()?;
    /// # let _ = transport;
    /// # Ok(())
    /// # }
    /// ```
    pub fn proxy_variables<N, V>(mut self, variables: impl IntoIterator<Item = (N, V)>) -> Self
    where
        N: Into<String>,
        V: Into<String>,
    {
        let variables = variables
            .into_iter()
            .map(|(name, value)| (name.into(), value.into()))
            .collect();
        self.proxies = ProxySetting::From(variables);
        self
    }

    /// TLS with this rustls configuration instead of the default one (`ring` and the
    /// platform's verifier): other roots, a client certificate. Its ALPN list is replaced by
    /// `http/1.1`, the only protocol spoken.
    pub fn tls_config(mut self, config: rustls::ClientConfig) -> Self {
        self.tls = TlsSetting::Given(Arc::new(config));
        self
    }

    /// Plain HTTP only: `https://` URLs fail without connecting. For services on the local
    /// network such as the CVM metadata service.
    pub(crate) fn plain_http_only(mut self) -> Self {
        self.tls = TlsSetting::None;
        self
    }

    /// A bound on each wait for bytes once connected (the metadata service's client).
    pub(crate) fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = Some(timeout);
        self
    }

    /// The transport.
    ///
    /// # Errors
    /// [`ConfigError::Http`] when TLS cannot be set up (no usable root certificates);
    /// [`ConfigError::Proxy`] when a proxy variable of the environment holds something other
    /// than an `http://` or `https://` proxy URL.
    pub fn build(self) -> Result<HyperTransport, ConfigError> {
        let tls = match self.tls {
            TlsSetting::Platform => Some(platform_tls()?),
            TlsSetting::Given(config) => Some(config),
            TlsSetting::None => None,
        };
        let tls = tls.map(|mut config| {
            Arc::make_mut(&mut config).alpn_protocols = vec![b"http/1.1".to_vec()];
            config
        });
        let proxies = match self.proxies {
            ProxySetting::FromEnvironment => proxies_from(&|name| std::env::var(name).ok())?,
            ProxySetting::From(variables) => proxies_from(&|name| {
                variables
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, value)| value.clone())
            })?,
            ProxySetting::Never => None,
        };
        let connector = Connector::new(tls, proxies, self.connect_timeout, self.read_timeout);
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .build(connector.clone());
        Ok(HyperTransport {
            client,
            connector,
            target: Arc::new(OnceLock::new()),
        })
    }
}

/// rustls with the `ring` provider and the platform's certificate verifier: the TLS setup of
/// every transport the runtime makes.
pub(crate) fn platform_tls() -> Result<Arc<rustls::ClientConfig>, ConfigError> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| ConfigError::Http(Box::new(e)))?
        .with_platform_verifier()
        .map_err(|e| ConfigError::Http(Box::new(e)))?
        .with_no_client_auth();
    Ok(Arc::new(tls))
}

/// The proxy variables: each pair is read upper case first, as curl and hyper-util do.
const PROXY_VARIABLES: [[&str; 2]; 3] = [
    ["HTTPS_PROXY", "https_proxy"],
    ["HTTP_PROXY", "http_proxy"],
    ["ALL_PROXY", "all_proxy"],
];

/// The proxy rules that the variables read through `var` describe, `None` when they name no
/// proxy.
///
/// hyper-util's own reading skips a value it cannot use as if it were unset; here such a value
/// is an error naming the variable, so that a mistyped proxy is not silently bypassed.
fn proxies_from(var: &dyn Fn(&str) -> Option<String>) -> Result<Option<Matcher>, ConfigError> {
    if var("REQUEST_METHOD").is_some() {
        // A CGI program: `HTTP_PROXY` may come from the request's `Proxy` header, so no
        // variable is trusted (hyper-util and curl do the same).
        return Ok(None);
    }
    let first = |names: [&'static str; 2]| {
        names
            .into_iter()
            .find_map(|name| var(name).map(|value| (name, value)))
    };
    let probe = Uri::from_static("http://probe.invalid/");
    let mut builder = Matcher::builder();
    let mut any = false;
    for (index, names) in PROXY_VARIABLES.into_iter().enumerate() {
        let Some((name, value)) = first(names) else {
            continue;
        };
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let bad = |reason: &str| ConfigError::Proxy {
            variable: name.to_owned(),
            reason: reason.to_owned(),
        };
        match value.split_once("://").map(|(scheme, _)| scheme) {
            None | Some("http" | "https") => {}
            Some(s) if s.starts_with("socks") => {
                return Err(bad(
                    "SOCKS proxies are not supported, only http:// and https:// ones",
                ));
            }
            Some(_) => return Err(bad("the scheme must be http:// or https://")),
        }
        let usable = Matcher::builder()
            .all(value)
            .build()
            .intercept(&probe)
            .is_some();
        if !usable {
            return Err(bad("not a proxy URL such as http://proxy.example:3128"));
        }
        builder = match index {
            0 => builder.https(value),
            1 => builder.http(value),
            _ => builder.all(value),
        };
        any = true;
    }
    if !any {
        return Ok(None);
    }
    if let Some((_, no)) = first(["NO_PROXY", "no_proxy"]) {
        // `*` is every host, as for curl (hyper-util would apply it to names, not addresses).
        if no.split(',').any(|entry| entry.trim() == "*") {
            return Ok(None);
        }
        builder = builder.no(no);
    }
    Ok(Some(builder.build()))
}

impl HyperTransport {
    /// A transport over HTTPS (and plain HTTP for local servers), through the environment's
    /// proxies, giving up on a connection after `connect_timeout`.
    ///
    /// # Errors
    /// [`ConfigError::Http`] when TLS cannot be set up (no usable root certificates);
    /// [`ConfigError::Proxy`] when a proxy variable holds something other than an `http://` or
    /// `https://` proxy URL.
    pub fn new(connect_timeout: Duration) -> Result<HyperTransport, ConfigError> {
        HyperTransport::builder()
            .connect_timeout(connect_timeout)
            .build()
    }

    /// Settings other than the defaults: no proxy, another TLS configuration.
    pub fn builder() -> HyperTransportBuilder {
        HyperTransportBuilder {
            connect_timeout: Duration::from_secs(10),
            proxies: ProxySetting::FromEnvironment,
            tls: TlsSetting::Platform,
            read_timeout: None,
        }
    }

    /// `url` prepared, from the cache when it is the URL prepared first.
    fn target(&self, url: &str) -> Result<Cow<'_, Target>, HttpError> {
        if let Some(target) = self.target.get()
            && target.url == url
        {
            return Ok(Cow::Borrowed(target));
        }
        let target = self.prepare(url)?;
        match self.target.set(target) {
            Ok(()) => Ok(Cow::Borrowed(self.target.get().expect("just set"))),
            // Another URL came first (a transport shared by clients of several endpoints).
            Err(target) => Ok(Cow::Owned(target)),
        }
    }

    fn prepare(&self, url: &str) -> Result<Target, HttpError> {
        let uri: Uri = url.parse().map_err(HttpError::not_sent)?;
        let proxy_authorization = match uri.scheme_str() {
            Some("http") => self.connector.proxy_authorization_for(&uri),
            _ => None,
        };
        Ok(Target {
            url: url.to_owned(),
            uri,
            proxy_authorization,
        })
    }

    /// Sends `request` and waits for the answer's head, on a pooled connection when one is
    /// idle.
    pub(crate) async fn request(
        &self,
        request: Request<FullBody>,
    ) -> Result<Response<Incoming>, hyper_util::client::legacy::Error> {
        self.client.request(request).await
    }
}

impl fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperTransport")
            .field("connector", &self.connector)
            .field("url", &self.target.get().map(|t| &t.url))
            .finish_non_exhaustive()
    }
}

/// The request as hyper takes it (an interceptor may have added a malformed header).
fn hyper_request(
    request: PreparedRequest,
    target: &Target,
) -> Result<Request<FullBody>, HttpError> {
    let method = match request.method {
        "POST" => Method::POST,
        "GET" => Method::GET,
        other => Method::from_bytes(other.as_bytes()).map_err(HttpError::not_sent)?,
    };
    let mut http = Request::new(FullBody::new(request.body));
    *http.method_mut() = method;
    *http.uri_mut() = target.uri.clone();
    let headers = http.headers_mut();
    headers.reserve(request.headers.len() + 1);
    for (name, value) in request.headers {
        let name = header_name(&name).map_err(HttpError::not_sent)?;
        let value = HeaderValue::try_from(value).map_err(HttpError::not_sent)?;
        headers.append(name, value);
    }
    if let Some(authorization) = &target.proxy_authorization {
        headers.insert(PROXY_AUTHORIZATION, authorization.clone());
    }
    Ok(http)
}

/// `name` as hyper takes it; the names every call sends are constants, with no allocation.
fn header_name(name: &str) -> Result<HeaderName, http::header::InvalidHeaderName> {
    use http::header::{AUTHORIZATION, CONTENT_TYPE, HOST};
    Ok(match name {
        "Authorization" => AUTHORIZATION,
        "Content-Type" => CONTENT_TYPE,
        "Host" => HOST,
        "X-TC-Action" => HeaderName::from_static("x-tc-action"),
        "X-TC-Timestamp" => HeaderName::from_static("x-tc-timestamp"),
        "X-TC-Version" => HeaderName::from_static("x-tc-version"),
        "X-TC-Region" => HeaderName::from_static("x-tc-region"),
        "X-TC-Token" => HeaderName::from_static("x-tc-token"),
        "X-TC-Language" => HeaderName::from_static("x-tc-language"),
        "X-TC-RequestClient" => HeaderName::from_static("x-tc-requestclient"),
        other => HeaderName::from_bytes(other.as_bytes())?,
    })
}

impl HttpTransport for HyperTransport {
    fn send(
        &self,
        request: PreparedRequest,
        timeout: Duration,
    ) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
        Box::pin(async move {
            let target = self.target(&request.url)?;
            let http = hyper_request(request, &target)?;
            drop(target);
            let exchange = async {
                let response = self.client.request(http).await.map_err(classify)?;
                let (head, body) = response.into_parts();
                let body = read_body(body, None).await.map_err(HttpError::lost)?;
                Ok::<_, HttpError>((head, body))
            };
            let (head, body) = match tokio::time::timeout(timeout, exchange).await {
                Ok(result) => result?,
                Err(_) => return Err(HttpError::timeout(Outcome::Unknown)),
            };
            let headers = head
                .headers
                .iter()
                .map(|(name, value)| {
                    (
                        name.as_str().to_owned(),
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    )
                })
                .collect();
            Ok(HttpResponse {
                status: head.status.as_u16(),
                headers,
                body,
            })
        })
    }
}

/// The whole body, each wait for a piece bounded by `read_timeout` when given.
pub(crate) async fn read_body(
    mut body: Incoming,
    read_timeout: Option<Duration>,
) -> Result<Vec<u8>, BoxError> {
    let capacity = body.size_hint().exact().unwrap_or(0).min(1 << 20);
    let mut bytes = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    loop {
        let frame = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx));
        let frame = match read_timeout {
            Some(limit) => tokio::time::timeout(limit, frame)
                .await
                .map_err(|_| ReadTimedOut(limit))?,
            None => frame.await,
        };
        match frame {
            None => return Ok(bytes),
            Some(frame) => {
                if let Ok(data) = frame?.into_data() {
                    bytes.extend_from_slice(&data);
                }
            }
        }
    }
}

/// Whether a failure of hyper-util's client happened before the request could leave.
fn classify(error: hyper_util::client::legacy::Error) -> HttpError {
    if error.is_connect() {
        if caused_by::<ConnectTimedOut>(&error) {
            HttpError::timeout(Outcome::NotSent)
        } else {
            HttpError::not_sent(Unwrapped(error))
        }
    } else {
        HttpError::lost(Unwrapped(error))
    }
}

/// Whether `error` comes from the read timeout (of the connection or of the body).
pub(crate) fn timed_out(error: &(dyn std::error::Error + 'static)) -> bool {
    caused_by::<ReadTimedOut>(error)
}

/// hyper-util's error without its own line (`client error (Connect)`), which says less than
/// the cause under it.
#[derive(Debug)]
pub(crate) struct Unwrapped(pub(crate) hyper_util::client::legacy::Error);

impl fmt::Display for Unwrapped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use std::error::Error;
        match self.0.source() {
            Some(cause) => fmt::Display::fmt(cause, f),
            None => fmt::Display::fmt(&self.0, f),
        }
    }
}

impl std::error::Error for Unwrapped {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source().and_then(|cause| cause.source())
    }
}

/// A request body held whole, sent with its `Content-Length`.
#[derive(Debug)]
pub(crate) struct FullBody(Option<Bytes>);

impl FullBody {
    pub(crate) fn new(bytes: impl Into<Bytes>) -> FullBody {
        let bytes = bytes.into();
        FullBody((!bytes.is_empty()).then_some(bytes))
    }
}

impl Body for FullBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(self.get_mut().0.take().map(|bytes| Ok(Frame::data(bytes))))
    }

    fn is_end_stream(&self) -> bool {
        self.0.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.0.as_ref().map_or(0, |bytes| bytes.len() as u64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn proxy_variables_are_checked_and_named() {
        let check = |pairs: &[(&str, &str)]| proxies_from(&env(pairs));
        assert!(check(&[]).unwrap().is_none());
        assert!(check(&[("HTTPS_PROXY", "")]).unwrap().is_none());
        assert!(check(&[("no_proxy", "*")]).unwrap().is_none());
        assert!(
            check(&[("HTTP_PROXY", "http://p:1"), ("no_proxy", "a.example, *")])
                .unwrap()
                .is_none()
        );
        for good in [
            "http://proxy:3128",
            "proxy.example:8080",
            "https://u:p@proxy:443",
        ] {
            assert!(check(&[("https_proxy", good)]).is_ok(), "{good}");
        }
        let error = check(&[
            ("HTTP_PROXY", "http://ok:1"),
            ("ALL_PROXY", "socks5://p:1080"),
        ])
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("`ALL_PROXY`") && error.contains("SOCKS"),
            "{error}"
        );
        let error = check(&[("http_proxy", "http://bad host:1")])
            .unwrap_err()
            .to_string();
        assert!(error.contains("`http_proxy`"), "{error}");
        let error = check(&[("HTTPS_PROXY", "ftp://p")])
            .unwrap_err()
            .to_string();
        assert!(error.contains("`HTTPS_PROXY`"), "{error}");
        // The upper-case name is the one read when both are set, as hyper-util does.
        assert!(check(&[("HTTPS_PROXY", "http://p:1"), ("https_proxy", "socks5://x")]).is_ok());
        // A CGI program ignores them all.
        assert!(
            check(&[("REQUEST_METHOD", "GET"), ("HTTP_PROXY", "socks5://x")])
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn the_usual_header_names_are_the_same_as_parsed() {
        for name in [
            "Authorization",
            "Content-Type",
            "Host",
            "X-TC-Action",
            "X-TC-Timestamp",
            "X-TC-Version",
            "X-TC-Region",
            "X-TC-Token",
            "X-TC-Language",
            "X-TC-RequestClient",
            "X-Custom",
        ] {
            assert_eq!(
                header_name(name).unwrap(),
                HeaderName::from_bytes(name.as_bytes()).unwrap()
            );
        }
        assert!(header_name("bad name").is_err());
    }

    #[test]
    fn a_body_is_one_frame_of_known_length() {
        let body = FullBody::new(b"{}".to_vec());
        assert_eq!(body.size_hint().exact(), Some(2));
        assert!(!body.is_end_stream());
        assert!(FullBody::new(Vec::new()).is_end_stream());
    }
}
