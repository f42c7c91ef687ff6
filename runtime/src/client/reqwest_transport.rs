//! The default transport: reqwest over rustls with the `ring` provider and the platform's
//! certificate verifier (no OpenSSL, no C toolchain beyond what `ring` needs).

use std::sync::Arc;
use std::time::Duration;

use super::config::ConfigError;
use super::prepared::PreparedRequest;
use super::transport::{BoxFuture, HttpError, HttpResponse, HttpTransport};
use crate::error::Outcome;

/// Sends requests with a [`reqwest::Client`], keeping its connections alive between calls.
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    http: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport over HTTPS (and plain HTTP for local servers), giving up on a connection
    /// after `connect_timeout`.
    ///
    /// # Errors
    /// [`ConfigError::Http`] when TLS cannot be set up (no usable root certificates).
    pub fn new(connect_timeout: Duration) -> Result<ReqwestTransport, ConfigError> {
        use rustls_platform_verifier::BuilderVerifierExt;
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| ConfigError::Http(Box::new(e)))?
            .with_platform_verifier()
            .map_err(|e| ConfigError::Http(Box::new(e)))?
            .with_no_client_auth();
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .connect_timeout(connect_timeout)
            .build()
            .map_err(|e| ConfigError::Http(Box::new(e)))?;
        Ok(ReqwestTransport { http })
    }

    /// A transport over a client set up by the program (a proxy, a shared pool).
    pub fn from_client(http: reqwest::Client) -> ReqwestTransport {
        ReqwestTransport { http }
    }
}

impl HttpTransport for ReqwestTransport {
    fn send(
        &self,
        request: PreparedRequest,
        timeout: Duration,
    ) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
        Box::pin(async move {
            let mut builder = self.http.post(&request.url).timeout(timeout);
            for (name, value) in &request.headers {
                builder = builder.header(name.as_ref(), value);
            }
            let response = builder.body(request.body).send().await.map_err(classify)?;
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
