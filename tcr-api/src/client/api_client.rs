//! The service-agnostic client: validate, sign, send, decode, retry, rate-limit.

use std::sync::{Arc, Mutex};
use std::time::UNIX_EPOCH;

use tracing::Instrument;
use tracing::field::Empty;

use super::config::Config;
use super::decode::{Answer, decode};
use super::endpoint::ResolvedEndpoint;
use super::prepared::{PreparedRequest, Target, prepare};
use super::rate_limit::Limiters;
use super::retry::{AttemptFailure, Decision, classify};
use super::wire::encode;
use crate::action::Action;
use crate::credentials::Credentials;
use crate::error::{Error, Outcome, ServiceError, TimeoutError, TransportError};
use crate::signing::Signer;

/// A client for any Tencent Cloud API 3.0 service described by a spec: each generated
/// module's `Client` wraps one. Cheap to clone (an `Arc`), and safe to share across tasks.
#[derive(Clone, Debug)]
pub struct ApiClient {
    inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    config: Config,
    http: reqwest::Client,
    limiters: Limiters,
    signer: Mutex<Option<Signer>>,
}

impl Inner {
    pub(crate) fn new(config: Config, http: reqwest::Client, limiters: Limiters) -> Inner {
        Inner {
            config,
            http,
            limiters,
            signer: Mutex::new(None),
        }
    }
}

/// How one attempt ended before an answer could be decoded.
enum AttemptError {
    Transport(Outcome, reqwest::Error),
    Timeout(Outcome),
}

impl ApiClient {
    pub(crate) fn from_inner(inner: Inner) -> ApiClient {
        ApiClient {
            inner: Arc::new(inner),
        }
    }

    /// Sends `request` and returns the typed answer.
    ///
    /// The request is validated first (unless turned off), signed afresh for every attempt,
    /// held back by the client-side rate limit, and sent again only where that is safe (see
    /// [`retry`](super::retry)).
    pub async fn send<A: Action>(&self, request: A) -> Result<A::Output, Error> {
        let config = &self.inner.config;
        let span = tracing::info_span!(
            "tcr_api.call",
            service = A::SERVICE.name,
            action = A::NAME,
            region = config.region.as_deref().unwrap_or(""),
            attempt = Empty,
            request_id = Empty,
        );
        self.send_in_span::<A>(request, span.clone())
            .instrument(span)
            .await
    }

    async fn send_in_span<A: Action>(
        &self,
        request: A,
        span: tracing::Span,
    ) -> Result<A::Output, Error> {
        let config = &self.inner.config;
        if config.validate {
            request.validate().map_err(|source| Error::Validation {
                action: A::NAME,
                source,
            })?;
        }
        let body = encode(&request, config.json_style).map_err(|e| Error::Encode {
            action: A::NAME,
            reason: e.to_string(),
        })?;
        let credentials = self.credentials::<A>().await?;
        let endpoint = self.endpoint::<A>()?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            self.inner
                .limiters
                .acquire(A::SERVICE.name, A::NAME, A::RATE_LIMIT_PER_SECOND)
                .await;
            let prepared =
                self.prepare_with::<A>(&credentials, &endpoint, body.clone(), self.now());
            tracing::debug!(bytes = prepared.body.len(), "sending");
            let (failure, error) = match self.attempt(prepared).await {
                Ok((status, answer)) => {
                    match decode::<A::Output>(A::NAME, status, &answer, attempt) {
                        Ok(Answer::Ok(output, request_id)) => {
                            span.record("request_id", request_id.as_str());
                            tracing::debug!("answered");
                            return Ok(output);
                        }
                        Ok(Answer::Err(service)) => {
                            span.record("request_id", service.request_id.as_str());
                            (
                                AttemptFailure::Service(service.code()),
                                Failure::Service(service),
                            )
                        }
                        Err(decode) => (
                            AttemptFailure::NoAnswer(Outcome::Unknown),
                            Failure::Decode(decode),
                        ),
                    }
                }
                Err(AttemptError::Transport(outcome, source)) => (
                    AttemptFailure::NoAnswer(outcome),
                    Failure::Transport(outcome, source),
                ),
                Err(AttemptError::Timeout(outcome)) => {
                    (AttemptFailure::NoAnswer(outcome), Failure::Timeout(outcome))
                }
            };
            let decision = classify(&failure, A::SAFE_TO_RESEND);
            if decision == Decision::Retry && attempt < config.retry.max_attempts {
                let wait = config.retry.backoff(attempt);
                tracing::info!(
                    reason = error.kind(),
                    wait_ms = wait.as_millis() as u64,
                    "retrying"
                );
                tokio::time::sleep(wait).await;
                continue;
            }
            let not_retried_because = match decision {
                Decision::GiveUp(reason) => reason,
                Decision::Retry => None,
            };
            tracing::debug!(reason = error.kind(), "failed");
            return Err(error.into_error(
                A::NAME,
                attempt,
                not_retried_because,
                config.call_timeout,
            ));
        }
    }

    /// The exact HTTP request the client would send for `request` at `timestamp` (unix
    /// seconds): URL, headers in order, signed body. Nothing is sent; the request is not
    /// validated. Useful to debug a signature, or to check what a call will look like.
    pub async fn prepare<A: Action>(
        &self,
        request: &A,
        timestamp: i64,
    ) -> Result<PreparedRequest, Error> {
        let body = encode(request, self.inner.config.json_style).map_err(|e| Error::Encode {
            action: A::NAME,
            reason: e.to_string(),
        })?;
        let credentials = self.credentials::<A>().await?;
        let endpoint = self.endpoint::<A>()?;
        Ok(self.prepare_with::<A>(&credentials, &endpoint, body, timestamp))
    }

    /// Where requests of `A` go; resolved once per call, not per attempt.
    fn endpoint<A: Action>(&self) -> Result<ResolvedEndpoint, Error> {
        let config = &self.inner.config;
        config
            .endpoint
            .resolve(A::SERVICE, config.region.as_deref())
            .map_err(|source| Error::Endpoint {
                action: A::NAME,
                source,
            })
    }

    async fn credentials<A: Action>(&self) -> Result<Credentials, Error> {
        self.inner
            .config
            .credentials
            .provide_credentials()
            .await
            .map_err(|source| Error::Credentials {
                action: A::NAME,
                source,
            })
    }

    fn prepare_with<A: Action>(
        &self,
        credentials: &Credentials,
        endpoint: &ResolvedEndpoint,
        body: Vec<u8>,
        timestamp: i64,
    ) -> PreparedRequest {
        let config = &self.inner.config;
        let signer = self.signer(credentials);
        let target = Target {
            service: A::SERVICE.name,
            version: A::SERVICE.version,
            action: A::NAME,
            url: &endpoint.url,
            host: &endpoint.host,
            region: config.region.as_deref(),
            language: config.language.map(|l| l.as_str()),
            request_client: &config.request_client,
            content_type: config.content_type.as_str(),
        };
        prepare(&signer, credentials, &target, body, timestamp)
    }

    /// The signer for `credentials`, reusing the cached one (and its daily derived keys) while
    /// the credentials stay the same.
    fn signer(&self, credentials: &Credentials) -> Signer {
        let mut cached = self
            .inner
            .signer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match &*cached {
            Some(signer) if signer.uses(credentials) => signer.clone(),
            _ => {
                let signer = Signer::from_credentials(credentials);
                *cached = Some(signer.clone());
                signer
            }
        }
    }

    fn now(&self) -> i64 {
        let now = (self.inner.config.clock)();
        now.duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
    }

    async fn attempt(&self, prepared: PreparedRequest) -> Result<(u16, Vec<u8>), AttemptError> {
        let mut builder = self
            .inner
            .http
            .post(&prepared.url)
            .timeout(self.inner.config.call_timeout);
        for (name, value) in &prepared.headers {
            builder = builder.header(*name, value);
        }
        let response = builder
            .body(prepared.body)
            .send()
            .await
            .map_err(classify_reqwest)?;
        let status = response.status().as_u16();
        let body = response.bytes().await.map_err(classify_reqwest)?;
        Ok((status, body.to_vec()))
    }
}

/// Whether a reqwest failure happened before the request could leave.
fn classify_reqwest(error: reqwest::Error) -> AttemptError {
    if error.is_connect() {
        if error.is_timeout() {
            AttemptError::Timeout(Outcome::NotSent)
        } else {
            AttemptError::Transport(Outcome::NotSent, error)
        }
    } else if error.is_builder() {
        AttemptError::Transport(Outcome::NotSent, error)
    } else if error.is_timeout() {
        AttemptError::Timeout(Outcome::Unknown)
    } else {
        AttemptError::Transport(Outcome::Unknown, error)
    }
}

/// The failure of the last attempt, kept until it is known whether it is the call's error.
enum Failure {
    Service(ServiceError),
    Decode(crate::error::DecodeError),
    Transport(Outcome, reqwest::Error),
    Timeout(Outcome),
}

impl Failure {
    fn kind(&self) -> &'static str {
        match self {
            Failure::Service(_) => "service error",
            Failure::Decode(_) => "unreadable answer",
            Failure::Transport(Outcome::NotSent, _) => "connection failed",
            Failure::Transport(..) => "connection lost",
            Failure::Timeout(_) => "timeout",
        }
    }

    fn into_error(
        self,
        action: &'static str,
        attempts: u32,
        not_retried_because: Option<&'static str>,
        timeout: std::time::Duration,
    ) -> Error {
        match self {
            Failure::Service(mut e) => {
                e.attempts = attempts;
                Error::Service(e)
            }
            Failure::Decode(e) => Error::Decode(e),
            Failure::Transport(outcome, source) => Error::Transport(TransportError {
                action,
                outcome,
                attempts,
                not_retried_because,
                source: Box::new(source),
            }),
            Failure::Timeout(outcome) => Error::Timeout(TimeoutError {
                action,
                outcome,
                after: timeout,
                attempts,
                not_retried_because,
            }),
        }
    }
}
