//! The service-agnostic client: validate, sign, send, decode, retry, rate-limit.
//!
//! Only the two ends of a call depend on the action's type: encoding the request
//! ([`ApiClient::send`]) and reading the typed answer. Everything between (signing, interceptors,
//! the rate limit, the transport, reading the envelope, retry decisions and backoff) is one
//! non-generic function over the encoded body and the action's static [`ActionInfo`], compiled
//! once however many actions a service has.

use std::sync::{Arc, Mutex};
use std::time::UNIX_EPOCH;

use tracing::Instrument;
use tracing::field::Empty;

use super::config::Config;
use super::decode::{EnvelopeRead, RawAnswer, read_envelope};
use super::endpoint::ResolvedEndpoint;
use super::interceptor::{AnswerView, AttemptContext, Interceptor, UnsignedRequest};
use super::prepared::{PreparedRequest, Target, prepare};
use super::rate_limit::Limiters;
use super::retry::{Decision, classify};
use super::transport::{BoxError, HttpError};
use super::wire::encode;
use crate::action::{Action, ActionInfo, ServiceInfo};
use crate::credentials::Credentials;
use crate::error::{Error, Outcome, TimeoutError, TransportError};
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
    limiters: Limiters,
    signer: Mutex<Option<Signer>>,
    /// The endpoint of the service called last: the settings cannot change, so it is resolved
    /// once per service, not per call.
    endpoint: Mutex<Option<(&'static ServiceInfo, Arc<ResolvedEndpoint>)>>,
}

impl Inner {
    pub(crate) fn new(config: Config, limiters: Limiters) -> Inner {
        Inner {
            config,
            limiters,
            signer: Mutex::new(None),
            endpoint: Mutex::new(None),
        }
    }
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
        let body = self.encode_checked(&request);
        drop(request);
        let answer = self.call(A::INFO, body).await?;
        answer.decode(A::INFO)
    }

    /// The request's body, once it has passed validation (when on).
    fn encode_checked<A: Action>(&self, request: &A) -> Result<Vec<u8>, Error> {
        if self.inner.config.validate {
            request.validate().map_err(|source| Error::Validation {
                action: A::INFO.name,
                source,
            })?;
        }
        encode(request, self.inner.config.json_style).map_err(|e| Error::Encode {
            action: A::INFO.name,
            reason: e.to_string(),
        })
    }

    /// The call path of every action: one span, then attempts until an answer, an error that is
    /// not worth retrying, or the last attempt.
    async fn call(
        &self,
        action: &'static ActionInfo,
        body: Result<Vec<u8>, Error>,
    ) -> Result<RawAnswer, Error> {
        let config = &self.inner.config;
        let span = tracing::info_span!(
            "tencentcloud.call",
            service = action.service.name,
            action = action.name,
            region = config.region.as_deref().unwrap_or(""),
            attempt = Empty,
            request_id = Empty,
        );
        self.attempts(action, body?, &span)
            .instrument(span.clone())
            .await
    }

    async fn attempts(
        &self,
        action: &'static ActionInfo,
        body: Vec<u8>,
        span: &tracing::Span,
    ) -> Result<RawAnswer, Error> {
        let config = &self.inner.config;
        let credentials = self.credentials(action).await?;
        let endpoint = self.endpoint(action)?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            self.inner
                .limiters
                .acquire(
                    action.service.name,
                    action.name,
                    action.rate_limit_per_second,
                )
                .await;
            let cx = AttemptContext {
                action,
                attempt,
                region: config.region.as_deref(),
            };
            let error = match self
                .attempt(&cx, credentials.as_ref(), &endpoint, body.clone())
                .await
            {
                Ok(answer) => {
                    span.record("request_id", answer.request_id.as_str());
                    tracing::debug!("answered");
                    return Ok(answer);
                }
                Err(error) => error,
            };
            if let Some(id) = error.request_id() {
                span.record("request_id", id);
            }
            for interceptor in &config.interceptors {
                interceptor.on_attempt_error(&cx, &error);
            }
            let decision = classify(&error, action);
            if decision == Decision::Retry && attempt < config.retry.max_attempts {
                let wait = config.retry.backoff(attempt);
                tracing::info!(
                    reason = error_kind(&error),
                    wait_ms = wait.as_millis() as u64,
                    "retrying"
                );
                tokio::time::sleep(wait).await;
                continue;
            }
            tracing::debug!(reason = error_kind(&error), "failed");
            let not_retried_because = match decision {
                Decision::GiveUp(reason) => reason,
                Decision::Retry => None,
            };
            return Err(finish(error, attempt, not_retried_because));
        }
    }

    /// One attempt: sign, send, read the envelope.
    async fn attempt(
        &self,
        cx: &AttemptContext<'_>,
        credentials: Option<&Credentials>,
        endpoint: &ResolvedEndpoint,
        body: Vec<u8>,
    ) -> Result<RawAnswer, Error> {
        let config = &self.inner.config;
        let mut unsigned = UnsignedRequest {
            body,
            timestamp: self.now(),
        };
        for interceptor in &config.interceptors {
            interceptor
                .before_signing(cx, &mut unsigned)
                .map_err(|source| vetoed(cx, interceptor.as_ref(), source))?;
        }
        let mut prepared = self.prepare_body(
            cx.action,
            credentials,
            endpoint,
            unsigned.body,
            unsigned.timestamp,
        );
        for interceptor in &config.interceptors {
            interceptor
                .after_signing(cx, &mut prepared)
                .map_err(|source| vetoed(cx, interceptor.as_ref(), source))?;
        }
        tracing::debug!(bytes = prepared.body.len(), "sending");
        let response = config
            .transport
            .send(prepared, config.call_timeout)
            .await
            .map_err(|error| transport_error(cx.action, error, config.call_timeout))?;
        let read = if config.interceptors.is_empty() {
            read_envelope(cx.action, response.status, response.body)
        } else {
            // Interceptors see the answer as received, so the body is kept for them.
            let read = read_envelope(cx.action, response.status, response.body.clone());
            let request_id = match &read {
                EnvelopeRead::Ok(answer) => Some(answer.request_id.as_str()),
                EnvelopeRead::Service(error) => Some(error.request_id.as_str()),
                EnvelopeRead::Unreadable(_) => None,
            };
            let view = AnswerView {
                response: &response,
                request_id,
            };
            for interceptor in &config.interceptors {
                interceptor.on_answer(cx, &view);
            }
            read
        };
        match read {
            EnvelopeRead::Ok(answer) => Ok(answer),
            EnvelopeRead::Service(error) => Err(Error::Service(error)),
            EnvelopeRead::Unreadable(error) => Err(Error::Decode(error)),
        }
    }

    /// The exact HTTP request the client would send for `request` at `timestamp` (unix
    /// seconds): URL, headers in order, signed body. Nothing is sent; the request is not
    /// validated and interceptors do not run. Useful to debug a signature, or to check what a
    /// call will look like.
    pub async fn prepare<A: Action>(
        &self,
        request: &A,
        timestamp: i64,
    ) -> Result<PreparedRequest, Error> {
        let body = encode(request, self.inner.config.json_style).map_err(|e| Error::Encode {
            action: A::INFO.name,
            reason: e.to_string(),
        })?;
        let credentials = self.credentials(A::INFO).await?;
        let endpoint = self.endpoint(A::INFO)?;
        Ok(self.prepare_body(A::INFO, credentials.as_ref(), &endpoint, body, timestamp))
    }

    /// Where requests of `action` go: resolved once per service, not per call or attempt.
    fn endpoint(&self, action: &'static ActionInfo) -> Result<Arc<ResolvedEndpoint>, Error> {
        let mut cached = self
            .inner
            .endpoint
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((service, endpoint)) = &*cached
            && std::ptr::eq(*service, action.service)
        {
            return Ok(Arc::clone(endpoint));
        }
        let config = &self.inner.config;
        let endpoint = config
            .endpoint
            .resolve(action.service, config.region.as_deref())
            .map_err(|source| Error::Endpoint {
                action: action.name,
                source,
            })?;
        let endpoint = Arc::new(endpoint);
        *cached = Some((action.service, Arc::clone(&endpoint)));
        Ok(endpoint)
    }

    /// The credentials to sign `action` with; `None` for an action sent unsigned, which needs
    /// none (the provider is not asked).
    async fn credentials(&self, action: &'static ActionInfo) -> Result<Option<Credentials>, Error> {
        if !action.signed {
            return Ok(None);
        }
        self.inner
            .config
            .credentials
            .provide_credentials()
            .await
            .map(Some)
            .map_err(|source| Error::Credentials {
                action: action.name,
                source,
            })
    }

    fn prepare_body(
        &self,
        action: &'static ActionInfo,
        credentials: Option<&Credentials>,
        endpoint: &ResolvedEndpoint,
        body: Vec<u8>,
        timestamp: i64,
    ) -> PreparedRequest {
        let config = &self.inner.config;
        let target = Target {
            service: action.service.name,
            version: action.service.version,
            action: action.name,
            url: &endpoint.url,
            host: &endpoint.host,
            region: config.region.as_deref(),
            language: config.language.map(|l| l.as_str()),
            request_client: &config.request_client,
            content_type: config.content_type.as_str(),
        };
        match credentials {
            Some(credentials) => {
                let signer = self.signer(credentials);
                prepare(Some((&signer, credentials)), &target, body, timestamp)
            }
            None => prepare(None, &target, body, timestamp),
        }
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
}

/// The call's error when `interceptor` refused to let an attempt through.
fn vetoed(cx: &AttemptContext<'_>, interceptor: &dyn Interceptor, source: BoxError) -> Error {
    Error::Interceptor {
        action: cx.action.name,
        interceptor: interceptor.name(),
        source,
    }
}

/// The error of an attempt whose request got no answer.
fn transport_error(
    action: &'static ActionInfo,
    error: HttpError,
    after: std::time::Duration,
) -> Error {
    let outcome = error.outcome();
    if error.is_timeout() {
        Error::Timeout(TimeoutError {
            action: action.name,
            outcome,
            after,
            attempts: 1,
            not_retried_because: None,
        })
    } else {
        Error::Transport(TransportError {
            action: action.name,
            outcome,
            attempts: 1,
            not_retried_because: None,
            source: error
                .into_source()
                .unwrap_or_else(|| "connection failed".into()),
        })
    }
}

/// The last attempt's error, told how many attempts were made and why no more were.
fn finish(mut error: Error, attempts: u32, not_retried_because: Option<&'static str>) -> Error {
    match &mut error {
        Error::Service(e) => e.attempts = attempts,
        Error::Transport(e) => {
            e.attempts = attempts;
            e.not_retried_because = not_retried_because;
        }
        Error::Timeout(e) => {
            e.attempts = attempts;
            e.not_retried_because = not_retried_because;
        }
        _ => {}
    }
    error
}

/// A word for the trace of a failed attempt.
fn error_kind(error: &Error) -> &'static str {
    match error {
        Error::Service(_) => "service error",
        Error::Decode(_) => "unreadable answer",
        Error::Transport(e) if e.outcome == Outcome::NotSent => "connection failed",
        Error::Transport(_) => "connection lost",
        Error::Timeout(_) => "timeout",
        _ => "not sent",
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use super::*;
    use crate::client::{BoxFuture, ClientBuilder, HttpResponse, HttpTransport};
    use crate::credentials::{
        Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture,
    };
    use crate::test_support::{Create, Exchange};

    /// Keeps every request and answers each with an empty success.
    #[derive(Debug, Default, Clone)]
    struct Keep(Arc<Mutex<Vec<PreparedRequest>>>);

    impl HttpTransport for Keep {
        fn send(
            &self,
            request: PreparedRequest,
            _timeout: Duration,
        ) -> BoxFuture<'_, Result<super::super::HttpResponse, HttpError>> {
            self.0.lock().unwrap().push(request);
            Box::pin(async {
                Ok(HttpResponse::new(
                    200,
                    r#"{"Response": {"RequestId": "r-1"}}"#,
                ))
            })
        }
    }

    /// Counts how often it is asked, and has temporary credentials.
    #[derive(Debug, Default, Clone)]
    struct Counting(Arc<Mutex<usize>>);

    impl ProvideCredentials for Counting {
        fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
            *self.0.lock().unwrap() += 1;
            Box::pin(async { Credentials::new("AKIDTEMP", "TEMPKEY")?.with_token("TEMPTOKEN") })
        }
    }

    #[derive(Debug)]
    struct Nothing;

    impl ProvideCredentials for Nothing {
        fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
            Box::pin(async {
                Err(CredentialsError::provider(
                    "nothing",
                    "an unsigned call asked for credentials",
                ))
            })
        }
    }

    #[tokio::test]
    async fn an_unsigned_action_needs_no_credentials_and_carries_no_signature_or_token() {
        let keep = Keep::default();
        let client: ApiClient = ClientBuilder::new()
            .credentials_provider(Nothing)
            .transport(keep.clone())
            .build()
            .unwrap();
        client.send(Exchange {}).await.unwrap();
        let sent = keep.0.lock().unwrap().pop().unwrap();
        assert_eq!(sent.header("Authorization"), Some("SKIP"));
        assert_eq!(sent.header("X-TC-Token"), None);
        assert_eq!(sent.header("X-TC-Action"), Some("ExchangeToken"));
        assert!(sent.header("X-TC-Timestamp").is_some());

        // A signed action of the same client does ask, and fails without credentials.
        let error = client
            .send(Create {
                name: "n".to_owned(),
            })
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Credentials { .. }), "{error}");
    }

    #[tokio::test]
    async fn signed_actions_ask_the_cache_once_and_send_the_token() {
        let keep = Keep::default();
        let counting = Counting::default();
        let client: ApiClient = ClientBuilder::new()
            .credentials_provider(counting.clone())
            .transport(keep.clone())
            .build()
            .unwrap();
        for _ in 0..3 {
            client
                .send(Create {
                    name: "n".to_owned(),
                })
                .await
                .unwrap();
        }
        assert_eq!(
            *counting.0.lock().unwrap(),
            1,
            "the client caches credentials"
        );
        let sent = keep.0.lock().unwrap().pop().unwrap();
        assert!(
            sent.header("Authorization")
                .unwrap()
                .starts_with("TC3-HMAC-SHA256 Credential=AKIDTEMP/")
        );
        assert_eq!(sent.header("X-TC-Token"), Some("TEMPTOKEN"));
    }
}
