//! A transport on reqwest (feature `reqwest`), for programs that hand in a reqwest client they
//! configured themselves; [`ReqwestTransport::new`] sets one up as the default transport is
//! (rustls with the `ring` provider and the platform's certificate verifier).

use std::borrow::Cow;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::config::ConfigError;
use super::prepared::PreparedRequest;
use super::transport::{BoxFuture, HttpError, HttpResponse, HttpTransport};
use crate::error::Outcome;

/// Sends requests with a [`reqwest::Client`], keeping its connections alive between calls.
///
/// A client talks to one endpoint, so the URL is parsed once and kept, not parsed per call.
#[derive(Debug)]
pub struct ReqwestTransport {
    http: reqwest::Client,
    url: Mutex<Option<(String, reqwest::Url)>>,
}

impl ReqwestTransport {
    /// A transport over HTTPS (and plain HTTP for local servers), giving up on a connection
    /// after `connect_timeout`.
    ///
    /// # Errors
    /// [`ConfigError::Http`] when TLS cannot be set up (no usable root certificates).
    pub fn new(connect_timeout: Duration) -> Result<ReqwestTransport, ConfigError> {
        let tls = Arc::unwrap_or_clone(super::hyper_transport::platform_tls()?);
        // API calls are never redirected, and the call path does its own retries.
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .connect_timeout(connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .retry(reqwest::retry::never())
            .build()
            .map_err(|e| ConfigError::Http(Box::new(e)))?;
        Ok(ReqwestTransport::from_client(http))
    }

    /// A transport over a client set up by the program (a proxy, a shared pool).
    pub fn from_client(http: reqwest::Client) -> ReqwestTransport {
        ReqwestTransport {
            http,
            url: Mutex::new(None),
        }
    }

    /// `url` parsed, from the cache when it is the one parsed last.
    fn parse(&self, url: &str) -> Result<reqwest::Url, HttpError> {
        let mut cached = self.url.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((text, parsed)) = &*cached
            && text == url
        {
            return Ok(parsed.clone());
        }
        let parsed = reqwest::Url::parse(url).map_err(HttpError::not_sent)?;
        *cached = Some((url.to_owned(), parsed.clone()));
        Ok(parsed)
    }
}

/// The request's headers as reqwest takes them (an interceptor may have added a malformed one).
fn header_map(headers: &[(Cow<'static, str>, String)]) -> Result<HeaderMap, HttpError> {
    let mut map = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(HttpError::not_sent)?;
        let value = HeaderValue::from_str(value).map_err(HttpError::not_sent)?;
        map.append(name, value);
    }
    Ok(map)
}

impl HttpTransport for ReqwestTransport {
    fn send(
        &self,
        request: PreparedRequest,
        timeout: Duration,
    ) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
        Box::pin(async move {
            let url = self.parse(&request.url)?;
            let headers = header_map(&request.headers)?;
            let response = self
                .http
                .post(url)
                .timeout(timeout)
                .headers(headers)
                .body(request.body)
                .send()
                .await
                .map_err(classify)?;
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .map(|(name, value)| {
                    (
                        name.as_str().to_owned(),
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let body = response.bytes().await.map_err(classify)?;
            Ok(HttpResponse {
                status,
                headers,
                body: body.into(),
            })
        })
    }
}

/// Whether a reqwest failure happened before the request could leave.
fn classify(error: reqwest::Error) -> HttpError {
    if error.is_connect() {
        if error.is_timeout() {
            HttpError::timeout(Outcome::NotSent)
        } else {
            HttpError::not_sent(error)
        }
    } else if error.is_builder() {
        HttpError::not_sent(error)
    } else if error.is_timeout() {
        HttpError::timeout(Outcome::Unknown)
    } else {
        HttpError::lost(error)
    }
}
