//! Hooks on the call path: observe or change each attempt's request before and after signing,
//! and read each attempt's answer or error, without forking the client.

use std::fmt;

use super::prepared::PreparedRequest;
use super::transport::{BoxError, HttpResponse};
use crate::action::ActionInfo;
use crate::error::Error;

/// Code run at fixed points of every attempt of every call, registered with
/// [`ClientBuilder::interceptor`](super::ClientBuilder::interceptor). Every method has a default
/// that does nothing, so an interceptor implements only what it needs. Interceptors run in the
/// order they were registered.
///
/// The order within one attempt: [`before_signing`](Interceptor::before_signing) (the body can
/// still change: it is signed afterwards), [`after_signing`](Interceptor::after_signing) (the
/// exact request sent: add unsigned headers here), then either
/// [`on_answer`](Interceptor::on_answer) (an HTTP answer arrived) or neither, and
/// [`on_attempt_error`](Interceptor::on_attempt_error) when the attempt failed (an error answer,
/// a lost connection, a timeout), whether or not it is then retried.
///
/// Adding a header to every request, and logging each answer's `RequestId`:
///
/// ```
/// use tencentcloud_runtime::client::{
///     AnswerView, AttemptContext, BoxError, Interceptor, PreparedRequest,
/// };
///
/// #[derive(Debug)]
/// struct Tracing;
///
/// impl Interceptor for Tracing {
///     fn name(&self) -> &'static str {
///         "tracing"
///     }
///
///     fn after_signing(
///         &self,
///         _cx: &AttemptContext<'_>,
///         request: &mut PreparedRequest,
///     ) -> Result<(), BoxError> {
///         // Only `Content-Type` and `Host` are signed: other headers may be added now.
///         request.add_header("X-Trace-Id", "build-1234");
///         Ok(())
///     }
///
///     fn on_answer(&self, cx: &AttemptContext<'_>, answer: &AnswerView<'_>) {
///         println!(
///             "{} attempt {}: HTTP {}, RequestId {}",
///             cx.action.name,
///             cx.attempt,
///             answer.response.status,
///             answer.request_id.unwrap_or("none"),
///         );
///     }
/// }
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # use tencentcloud_runtime::client::{ApiClient, ClientBuilder};
/// # use tencentcloud_runtime::credentials::Credentials;
/// let client: ApiClient = ClientBuilder::new()
///     .credentials(Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE")?)
///     .interceptor(Tracing)
///     .build()?;
/// # let _ = client;
/// # Ok(())
/// # }
/// ```
pub trait Interceptor: fmt::Debug + Send + Sync + 'static {
    /// A short name, quoted in errors and traces.
    fn name(&self) -> &'static str;

    /// Before the attempt is signed: the body may still change. An error stops the call
    /// ([`Error::Interceptor`]); nothing is sent.
    fn before_signing(
        &self,
        cx: &AttemptContext<'_>,
        request: &mut UnsignedRequest,
    ) -> Result<(), BoxError> {
        let _ = (cx, request);
        Ok(())
    }

    /// After signing, before sending: the request exactly as it will be sent. Changing the body,
    /// `Content-Type`, `Host` or `Authorization` breaks the signature; adding headers does not.
    /// An error stops the call ([`Error::Interceptor`]); nothing is sent.
    fn after_signing(
        &self,
        cx: &AttemptContext<'_>,
        request: &mut PreparedRequest,
    ) -> Result<(), BoxError> {
        let _ = (cx, request);
        Ok(())
    }

    /// An HTTP answer arrived (success or error answer, or a body that is no API answer).
    fn on_answer(&self, cx: &AttemptContext<'_>, answer: &AnswerView<'_>) {
        let _ = (cx, answer);
    }

    /// The attempt failed; `error` is what the call returns if it is not retried.
    fn on_attempt_error(&self, cx: &AttemptContext<'_>, error: &Error) {
        let _ = (cx, error);
    }
}

/// A shared interceptor: register `Arc::clone(&it)` and keep `it` to look at what it saw.
impl<T: Interceptor + ?Sized> Interceptor for std::sync::Arc<T> {
    fn name(&self) -> &'static str {
        (**self).name()
    }

    fn before_signing(
        &self,
        cx: &AttemptContext<'_>,
        request: &mut UnsignedRequest,
    ) -> Result<(), BoxError> {
        (**self).before_signing(cx, request)
    }

    fn after_signing(
        &self,
        cx: &AttemptContext<'_>,
        request: &mut PreparedRequest,
    ) -> Result<(), BoxError> {
        (**self).after_signing(cx, request)
    }

    fn on_answer(&self, cx: &AttemptContext<'_>, answer: &AnswerView<'_>) {
        (**self).on_answer(cx, answer);
    }

    fn on_attempt_error(&self, cx: &AttemptContext<'_>, error: &Error) {
        (**self).on_attempt_error(cx, error);
    }
}

/// Where an attempt stands.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct AttemptContext<'a> {
    /// The action, as its spec describes it.
    pub action: &'static ActionInfo,
    /// The attempt's number, from 1.
    pub attempt: u32,
    /// The region the client sends to, if any.
    pub region: Option<&'a str>,
}

/// An attempt's request before signing.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct UnsignedRequest {
    /// The JSON body; whatever it holds after the interceptors is what is signed and sent.
    pub body: Vec<u8>,
    /// The `X-TC-Timestamp` to sign with, unix seconds.
    pub timestamp: i64,
}

/// An HTTP answer as an interceptor sees it.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct AnswerView<'a> {
    /// Status, headers and body as received.
    pub response: &'a HttpResponse,
    /// The answer's `RequestId`, when the body is an API answer that has one.
    pub request_id: Option<&'a str>,
}
