//! How [`HyperTransport`](super::HyperTransport) opens a connection: TCP (through hyper-util's
//! resolver and happy-eyeballs connector), then, as the destination and the proxy settings say,
//! TLS to an HTTPS proxy, a `CONNECT` tunnel through the proxy, and TLS to the server. The whole
//! of it is held to the connect timeout, so that every failure here means the request never
//! left.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::Uri;
use http::header::HeaderValue;
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::Sleep;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

use super::transport::BoxError;

/// Opens connections for hyper-util's pooled client (a `tower_service::Service<Uri>`).
#[derive(Clone)]
pub(super) struct Connector {
    inner: Arc<Inner>,
}

struct Inner {
    tcp: HttpConnector,
    /// `None`: plain HTTP only (the CVM metadata service's client).
    tls: Option<TlsConnector>,
    /// `None`: never through a proxy.
    proxies: Option<Matcher>,
    connect_timeout: Duration,
    /// A bound on each wait for bytes from the server (the metadata service's client only).
    read_timeout: Option<Duration>,
}

impl Connector {
    pub(super) fn new(
        tls: Option<Arc<rustls::ClientConfig>>,
        proxies: Option<Matcher>,
        connect_timeout: Duration,
        read_timeout: Option<Duration>,
    ) -> Connector {
        let mut tcp = HttpConnector::new();
        // The scheme is this connector's business: hyper-util's only opens the TCP connection.
        tcp.enforce_http(false);
        tcp.set_nodelay(true);
        // Dead peers on idle pooled connections are noticed, as reqwest's defaults did.
        tcp.set_keepalive(Some(Duration::from_secs(15)));
        tcp.set_keepalive_interval(Some(Duration::from_secs(15)));
        tcp.set_keepalive_retries(Some(3));
        Connector {
            inner: Arc::new(Inner {
                tcp,
                tls: tls.map(TlsConnector::from),
                proxies,
                connect_timeout,
                read_timeout,
            }),
        }
    }

    /// The `Proxy-Authorization` of the proxy that requests to `uri` go through, if any and
    /// if its URL has credentials.
    pub(super) fn proxy_authorization_for(&self, uri: &Uri) -> Option<HeaderValue> {
        let intercept = self.inner.proxies.as_ref()?.intercept(uri)?;
        intercept.basic_auth().cloned()
    }
}

impl fmt::Debug for Connector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Connector")
            .field("tls", &self.inner.tls.is_some())
            // The matcher's `Debug` shows proxy addresses, never their credentials.
            .field("proxies", &self.inner.proxies)
            .field("connect_timeout", &self.inner.connect_timeout)
            .finish_non_exhaustive()
    }
}

impl tower_service::Service<Uri> for Connector {
    type Response = TokioIo<Conn>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<TokioIo<Conn>, BoxError>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        let inner = self.inner.clone();
        Box::pin(async move {
            let limit = inner.connect_timeout;
            match tokio::time::timeout(limit, inner.connect(dst)).await {
                Ok(Ok((stream, proxied))) => Ok(TokioIo::new(Conn {
                    stream,
                    proxied,
                    read_timeout: inner.read_timeout,
                    read_deadline: None,
                })),
                Ok(Err(error)) => Err(error),
                Err(_) => Err(Box::new(ConnectTimedOut(limit)) as BoxError),
            }
        })
    }
}

impl Inner {
    /// The stream to `dst`, and whether requests on it go to a proxy in absolute form.
    async fn connect(&self, dst: Uri) -> Result<(Stream, bool), BoxError> {
        let https = match dst.scheme_str() {
            Some("https") => true,
            Some("http") => false,
            _ => return Err(format!("`{dst}` is neither http nor https").into()),
        };
        let proxy = self
            .proxies
            .as_ref()
            .and_then(|proxies| proxies.intercept(&dst));
        let Some(proxy) = proxy else {
            let tcp = self.tcp(dst.clone()).await?;
            let stream = if https {
                self.tls(Stream::Tcp(tcp), &dst).await?
            } else {
                Stream::Tcp(tcp)
            };
            return Ok((stream, false));
        };
        let proxy_uri = proxy.uri();
        let tcp = self.tcp(proxy_uri.clone()).await.map_err(|e| Failed {
            what: format!("cannot connect to the proxy {}", authority(proxy_uri)),
            source: e,
        })?;
        let mut stream = if proxy_uri.scheme_str() == Some("https") {
            self.tls(Stream::Tcp(tcp), proxy_uri).await?
        } else {
            Stream::Tcp(tcp)
        };
        if !https {
            // Plain HTTP is forwarded by the proxy: the request goes to it in absolute form.
            return Ok((stream, true));
        }
        tunnel(&mut stream, &dst, proxy.basic_auth()).await?;
        Ok((self.tls(stream, &dst).await?, false))
    }

    async fn tcp(&self, uri: Uri) -> Result<TcpStream, BoxError> {
        use tower_service::Service;
        let mut tcp = self.tcp.clone();
        Ok(tcp.call(uri).await?.into_inner())
    }

    /// TLS over `stream`, checking the certificate of `uri`'s host.
    async fn tls(&self, stream: Stream, uri: &Uri) -> Result<Stream, BoxError> {
        let tls = self
            .tls
            .as_ref()
            .ok_or("this client speaks plain HTTP only")?;
        let host = uri.host().unwrap_or_default();
        // `[::1]` in a URL is `::1` in a certificate.
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let name = ServerName::try_from(host.to_owned())
            .map_err(|e| format!("`{host}` cannot be checked against a certificate: {e}"))?;
        let stream = tls.connect(name, stream).await.map_err(|e| Failed {
            what: format!("TLS handshake with {host} failed"),
            source: e.into(),
        })?;
        Ok(Stream::Tls(Box::new(stream)))
    }
}

/// `host:port` of `uri`, the port spelt out.
fn authority(uri: &Uri) -> String {
    let host = uri.host().unwrap_or_default();
    let port = uri.port_u16().unwrap_or(match uri.scheme_str() {
        Some("https") => 443,
        _ => 80,
    });
    format!("{host}:{port}")
}

/// The largest `CONNECT` answer head read from a proxy.
const MAX_TUNNEL_HEAD: usize = 16 * 1024;

/// Asks the proxy at the other end of `stream` for a tunnel to `dst` (`CONNECT host:port`).
async fn tunnel(
    stream: &mut Stream,
    dst: &Uri,
    authorization: Option<&HeaderValue>,
) -> Result<(), BoxError> {
    let target = authority(dst);
    let mut head = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n").into_bytes();
    if let Some(authorization) = authorization {
        head.extend_from_slice(b"Proxy-Authorization: ");
        head.extend_from_slice(authorization.as_bytes());
        head.extend_from_slice(b"\r\n");
    }
    head.extend_from_slice(b"\r\n");
    stream.write_all(&head).await?;
    stream.flush().await?;
    let mut answer = Vec::with_capacity(256);
    let mut chunk = [0u8; 1024];
    let end = loop {
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Err(format!(
                "the proxy closed the connection instead of opening a tunnel to {target}"
            )
            .into());
        }
        answer.extend_from_slice(&chunk[..read]);
        if let Some(end) = answer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        if answer.len() > MAX_TUNNEL_HEAD {
            return Err("the proxy's answer to CONNECT is too long".into());
        }
    };
    let status_line = answer
        .split(|&b| b == b'\r')
        .next()
        .map(String::from_utf8_lossy)
        .unwrap_or_default();
    let mut words = status_line.split_ascii_whitespace();
    let version = words.next().unwrap_or_default();
    let status = words.next().unwrap_or_default();
    if !version.starts_with("HTTP/1.") {
        return Err("the proxy's answer to CONNECT is not HTTP/1".into());
    }
    match status {
        "200" if end == answer.len() => Ok(()),
        "200" => Err("the proxy sent bytes after accepting the tunnel".into()),
        "407" => Err(format!(
            "the proxy wants credentials for a tunnel to {target} (407); put them in the proxy URL"
        )
        .into()),
        _ => {
            let line: String = status_line.chars().take(120).collect();
            Err(format!("the proxy refused a tunnel to {target}: `{line}`").into())
        }
    }
}

/// The byte stream under one HTTP/1.1 connection.
pub(super) enum Stream {
    Tcp(TcpStream),
    /// TLS over a TCP stream, or over TLS to an HTTPS proxy.
    Tls(Box<TlsStream<Stream>>),
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Tcp(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(&mut **s).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Tcp(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(&mut **s).poll_write(cx, buf),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match self.get_mut() {
            Stream::Tcp(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            Stream::Tls(s) => Pin::new(&mut **s).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match self {
            Stream::Tcp(s) => s.is_write_vectored(),
            Stream::Tls(s) => s.is_write_vectored(),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Tcp(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(&mut **s).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.get_mut() {
            Stream::Tcp(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(&mut **s).poll_shutdown(cx),
        }
    }
}

/// One connection as the pooled client holds it.
pub(super) struct Conn {
    stream: Stream,
    /// Requests go to a proxy that forwards them (absolute-form request targets).
    proxied: bool,
    read_timeout: Option<Duration>,
    read_deadline: Option<Pin<Box<Sleep>>>,
}

impl Connection for Conn {
    fn connected(&self) -> Connected {
        // No `extra`: it would cost every answer an allocation for information nobody reads.
        Connected::new().proxy(self.proxied)
    }
}

impl AsyncRead for Conn {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match Pin::new(&mut this.stream).poll_read(cx, buf) {
            Poll::Pending => {
                if let Some(limit) = this.read_timeout {
                    let deadline = this
                        .read_deadline
                        .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
                    if deadline.as_mut().poll(cx).is_ready() {
                        this.read_deadline = None;
                        return Poll::Ready(Err(io::Error::new(
                            io::ErrorKind::TimedOut,
                            ReadTimedOut(limit),
                        )));
                    }
                }
                Poll::Pending
            }
            ready => {
                this.read_deadline = None;
                ready
            }
        }
    }
}

impl AsyncWrite for Conn {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

/// No connection within the connect timeout.
#[derive(Debug)]
pub(super) struct ConnectTimedOut(pub(super) Duration);

impl fmt::Display for ConnectTimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no connection within {:?}", self.0)
    }
}

impl StdError for ConnectTimedOut {}

/// No bytes from the server within the read timeout.
#[derive(Debug)]
pub(crate) struct ReadTimedOut(pub(crate) Duration);

impl fmt::Display for ReadTimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "nothing read within {:?}", self.0)
    }
}

impl StdError for ReadTimedOut {}

/// A step of connecting that failed, and why.
#[derive(Debug)]
struct Failed {
    what: String,
    source: BoxError,
}

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.what)
    }
}

impl StdError for Failed {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.source)
    }
}

/// Whether `error` or one of its sources is an `E`.
pub(super) fn caused_by<E: StdError + 'static>(error: &(dyn StdError + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(error) = cause {
        if error.is::<E>() {
            return true;
        }
        // An `io::Error` made from a custom error hides it behind `get_ref`, not `source`.
        if let Some(io) = error.downcast_ref::<io::Error>()
            && let Some(inner) = io.get_ref()
            && inner.is::<E>()
        {
            return true;
        }
        cause = error.source();
    }
    false
}
