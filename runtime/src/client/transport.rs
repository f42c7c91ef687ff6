//! The HTTP transport behind the call path: a trait, so that tests and unusual environments can
//! replace it; the default sends with hyper ([`HyperTransport`](super::HyperTransport)).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use super::prepared::PreparedRequest;
use crate::error::Outcome;

/// Any error, boxed: what transports and interceptors report.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A boxed future, as [`HttpTransport::send`] returns it.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends one signed request and reads the whole answer.
///
/// The client calls it once per attempt, with the request exactly as signed; the transport must
/// send the headers and body unchanged. It reports whether a failed request may have reached the
/// server ([`HttpError::outcome`]): the retry rules depend on it.
///
/// ```
/// use std::time::Duration;
/// use tencentcloud_runtime::client::{
///     BoxFuture, HttpError, HttpResponse, HttpTransport, PreparedRequest,
/// };
///
/// /// Answers every request with the same body, as a stand-in server would.
/// #[derive(Debug)]
/// struct Fixed(&'static str);
///
/// impl HttpTransport for Fixed {
///     fn send(
///         &self,
///         _request: PreparedRequest,
///         _timeout: Duration,
///     ) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
///         let body = self.0.as_bytes().to_vec();
///         Box::pin(async move { Ok(HttpResponse::new(200, body)) })
///     }
/// }
/// ```
pub trait HttpTransport: fmt::Debug + Send + Sync + 'static {
    /// Sends `request` and reads the answer, giving up after `timeout`.
    fn send(
        &self,
        request: PreparedRequest,
        timeout: Duration,
    ) -> BoxFuture<'_, Result<HttpResponse, HttpError>>;
}

/// A shared transport (one connection pool for several clients, such as a service's client and
/// the STS client of its credentials).
impl<T: HttpTransport + ?Sized> HttpTransport for std::sync::Arc<T> {
    fn send(
        &self,
        request: PreparedRequest,
        timeout: Duration,
    ) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
        (**self).send(request, timeout)
    }
}

/// An HTTP answer, read whole.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// The headers, in the order received (names as received).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// An answer with `status` and `body` and no headers.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> HttpResponse {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// The same answer with one more header.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A request that got no answer.
#[derive(Debug)]
pub struct HttpError {
    outcome: Outcome,
    timed_out: bool,
    source: Option<BoxError>,
}

impl HttpError {
    /// The connection could not be made: nothing reached the server.
    pub fn not_sent(source: impl Into<BoxError>) -> HttpError {
        HttpError {
            outcome: Outcome::NotSent,
            timed_out: false,
            source: Some(source.into()),
        }
    }

    /// The connection failed after the request may have been sent.
    pub fn lost(source: impl Into<BoxError>) -> HttpError {
        HttpError {
            outcome: Outcome::Unknown,
            timed_out: false,
            source: Some(source.into()),
        }
    }

    /// No connection (`Outcome::NotSent`) or no answer (`Outcome::Unknown`) in time.
    pub fn timeout(outcome: Outcome) -> HttpError {
        HttpError {
            outcome,
            timed_out: true,
            source: None,
        }
    }

    /// Whether the request may have reached the server.
    pub fn outcome(&self) -> Outcome {
        self.outcome
    }

    /// Whether time ran out (rather than the connection failing).
    pub fn is_timeout(&self) -> bool {
        self.timed_out
    }

    /// The underlying error, for a connection failure.
    pub fn into_source(self) -> Option<BoxError> {
        self.source
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.source, self.timed_out) {
            (_, true) => f.write_str("timed out"),
            (Some(source), false) => fmt::Display::fmt(source, f),
            (None, false) => f.write_str("connection failed"),
        }
    }
}

impl std::error::Error for HttpError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}
