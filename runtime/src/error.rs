//! What can go wrong with a call, and whether the request may have been performed.
//!
//! One error type, [`Error`], separates what happened before anything was sent (validation,
//! credentials), what the service answered ([`ServiceError`], with its code, message and
//! `RequestId`), and what went wrong on the way ([`TransportError`], [`TimeoutError`],
//! [`DecodeError`]). [`Error::outcome`] says whether the request may have been performed,
//! which is what decides whether it is safe to try again.

use std::fmt;
use std::time::Duration;

use crate::action::ServiceErrorCode;
use crate::credentials::CredentialsError;
use crate::validation::ValidationError;

/// Whether a failed call's request may have been performed by the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing reached the service: sending again cannot do anything twice.
    NotSent,
    /// The service answered with an error: it did not perform the action.
    Refused,
    /// The request may have reached the service and been performed; the answer was lost.
    Unknown,
}

/// A failed call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request breaks a rule of the spec; nothing was sent.
    #[error("{action} was not sent: the request breaks the spec's rules: {source}")]
    Validation {
        /// The action.
        action: &'static str,
        /// Every broken rule.
        source: ValidationError,
    },
    /// No usable credentials; nothing was sent.
    #[error("{action} was not sent: {source}")]
    Credentials {
        /// The action.
        action: &'static str,
        /// What is wrong with the credentials.
        source: CredentialsError,
    },
    /// The service answered with an error code.
    #[error(transparent)]
    Service(#[from] ServiceError),
    /// The connection failed.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// No answer in time.
    #[error(transparent)]
    Timeout(#[from] TimeoutError),
    /// An answer arrived but could not be read.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// The request could not be encoded as JSON; nothing was sent.
    #[error("{action} was not sent: the request cannot be encoded: {reason}")]
    Encode {
        /// The action.
        action: &'static str,
        /// Why.
        reason: String,
    },
    /// The endpoint cannot be used for this service; nothing was sent.
    #[error("{action} was not sent: {source}")]
    Endpoint {
        /// The action.
        action: &'static str,
        /// What is wrong with the endpoint.
        source: crate::client::EndpointError,
    },
    /// An interceptor stopped the call before the request was sent.
    #[error("{action} was not sent: interceptor `{interceptor}` stopped it: {source}")]
    Interceptor {
        /// The action.
        action: &'static str,
        /// The interceptor's name ([`Interceptor::name`](crate::client::Interceptor::name)).
        interceptor: &'static str,
        /// Why.
        source: crate::client::BoxError,
    },
}

impl Error {
    /// Whether the request may have been performed.
    pub fn outcome(&self) -> Outcome {
        match self {
            Error::Validation { .. }
            | Error::Credentials { .. }
            | Error::Encode { .. }
            | Error::Endpoint { .. }
            | Error::Interceptor { .. } => Outcome::NotSent,
            Error::Service(_) => Outcome::Refused,
            Error::Transport(e) => e.outcome,
            Error::Timeout(e) => e.outcome,
            Error::Decode(_) => Outcome::Unknown,
        }
    }

    /// The service's error, when it answered with one.
    pub fn as_service_error(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The service's error code, typed as the service's `ErrorCode`, when it answered with
    /// one. The type is usually inferred:
    /// `if error.code() == Some(ErrorCode::ResourceNotFound) { … }`.
    pub fn code<C: ServiceErrorCode>(&self) -> Option<C> {
        self.as_service_error().map(ServiceError::code)
    }

    /// The service's error code exactly as received, when it answered with one.
    pub fn code_str(&self) -> Option<&str> {
        self.as_service_error().map(|e| e.code.as_str())
    }

    /// The `RequestId` of the answer, when one arrived.
    pub fn request_id(&self) -> Option<&str> {
        self.as_service_error().map(|e| e.request_id.as_str())
    }
}

/// The service's answer was an error.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ServiceError {
    /// The action.
    pub action: &'static str,
    /// The code exactly as received (`AuthFailure.SignatureExpire`).
    pub code: String,
    /// The service's message.
    pub message: String,
    /// The answer's `RequestId`: quote it when asking Tencent Cloud about the problem.
    pub request_id: String,
    /// Attempts made, this one included.
    pub attempts: u32,
    /// What the service's spec says the code means, when it declares the code.
    pub description: Option<&'static str>,
}

impl ServiceError {
    /// An error answer of `action`, as a transport or a test builds it; the description comes
    /// from the action's spec.
    pub fn new(
        action: &'static crate::action::ActionInfo,
        code: impl Into<String>,
        message: impl Into<String>,
        request_id: impl Into<String>,
    ) -> ServiceError {
        let code = code.into();
        ServiceError {
            action: action.name,
            description: action.service.error_code(&code).map(|c| c.description),
            code,
            message: message.into(),
            request_id: request_id.into(),
            attempts: 1,
        }
    }

    /// The code, typed as the service's `ErrorCode` (codes its spec does not declare are kept
    /// as unknown values).
    pub fn code<C: ServiceErrorCode>(&self) -> C {
        C::from(self.code.as_str())
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} failed with {}: {} (RequestId {})",
            self.action, self.code, self.message, self.request_id
        )?;
        if self.attempts > 1 {
            write!(f, " after {} attempts", self.attempts)?;
        }
        if let Some(advice) = self.description {
            write!(f, ". {}", advice.trim().replace('\n', " "))?;
        }
        Ok(())
    }
}

impl std::error::Error for ServiceError {}

/// The connection failed.
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    /// The action.
    pub action: &'static str,
    /// Whether the request may have been performed.
    pub outcome: Outcome,
    /// Attempts made.
    pub attempts: u32,
    /// Why no attempt was made again, when the outcome is unknown.
    pub not_retried_because: Option<&'static str>,
    /// The underlying error.
    pub source: Box<dyn std::error::Error + Send + Sync>,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.outcome {
            Outcome::NotSent => write!(
                f,
                "{} was not sent: the connection failed ({})",
                self.action,
                chain(&*self.source)
            )?,
            _ => write!(
                f,
                "{} may or may not have been performed (outcome unknown): the connection failed after the request was sent ({})",
                self.action,
                chain(&*self.source)
            )?,
        }
        write_retry_note(f, self.attempts, self.not_retried_because)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

/// No answer arrived within the configured time.
#[derive(Debug)]
#[non_exhaustive]
pub struct TimeoutError {
    /// The action.
    pub action: &'static str,
    /// Whether the request may have been performed.
    pub outcome: Outcome,
    /// The limit that ran out.
    pub after: Duration,
    /// Attempts made.
    pub attempts: u32,
    /// Why no attempt was made again, when the outcome is unknown.
    pub not_retried_because: Option<&'static str>,
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.outcome {
            Outcome::NotSent => write!(
                f,
                "{} was not sent: no connection within {:?}",
                self.action, self.after
            )?,
            _ => write!(
                f,
                "{} may or may not have been performed (outcome unknown): no answer within {:?}",
                self.action, self.after
            )?,
        }
        write_retry_note(f, self.attempts, self.not_retried_because)
    }
}

impl std::error::Error for TimeoutError {}

/// An answer arrived but is not a valid answer of the action. Values of fields whose names say
/// they are secret (`Password`, `Token`, `Secret`) are masked in the body kept here.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeError {
    /// The action.
    pub action: &'static str,
    /// HTTP status of the answer.
    pub status: u16,
    /// The start of the body (at most 512 bytes), secrets masked.
    pub body: String,
    /// What did not fit.
    pub reason: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: the answer (HTTP {}) could not be read: {}; the request may have been performed. Body: {}",
            self.action, self.status, self.reason, self.body
        )
    }
}

impl std::error::Error for DecodeError {}

/// `; 3 attempts; not sent again because …`, as far as it applies.
fn write_retry_note(
    f: &mut fmt::Formatter<'_>,
    attempts: u32,
    not_retried_because: Option<&str>,
) -> fmt::Result {
    if attempts > 1 {
        write!(f, "; {attempts} attempts")?;
    }
    if let Some(reason) = not_retried_because {
        write!(f, "; not sent again because {reason}")?;
    }
    Ok(())
}

fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
