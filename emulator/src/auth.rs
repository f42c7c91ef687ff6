//! TC3-HMAC-SHA256 authentication of a received request.
//!
//! Codes (all common to every action):
//! - no `Authorization` header, or one that is not of the TC3 form: `AuthFailure.SignatureFailure`
//!   (the message says what is malformed);
//! - no `X-TC-Timestamp`: `MissingParameter`; one that is not an integer: `InvalidParameter`;
//! - a timestamp more than five minutes from the clock: `AuthFailure.SignatureExpire`;
//! - a SecretId the emulator does not accept: `AuthFailure.SecretIdNotFound`;
//! - temporary credentials (a SecretId the emulator issued) without their `X-TC-Token`, with
//!   another token, or past their expiry by the emulator's clock; or a token sent with a
//!   long-lived key: `AuthFailure.TokenFailure` (the message says which);
//! - a signature that does not match the body bytes and headers as received (the `Host` header
//!   exactly as sent, port included), a credential scope for another service than the action's
//!   or another date: `AuthFailure.SignatureFailure`.

use std::collections::HashMap;
use std::time::SystemTime;

use hyper::HeaderMap;
use tcr_api::ErrorCode;
use tcr_api::signing::{Authorization, HeaderLookup, ReceivedRequest, Signer};

use crate::Credential;
use crate::api_error::{ApiError, short};
use crate::clock::seconds;
use crate::identity::{IssuedKeys, TemporaryKey};

/// How far a request's timestamp may be from the server's clock, in seconds.
pub(crate) const MAX_CLOCK_SKEW_SECONDS: i64 = 300;

/// The request as received, for verification.
pub(crate) struct Received<'a> {
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) query: &'a str,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: &'a [u8],
}

/// Verifies requests against the accepted credentials (long-lived ones given at start, and the
/// temporary ones the emulator issued), with each key's signing keys cached.
pub(crate) struct Authenticator {
    signers: HashMap<String, Signer>,
}

impl std::fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authenticator")
            .field("secret_ids", &self.signers.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// `hyper`'s header map, as the verifier looks headers up.
struct Headers<'a>(&'a HeaderMap);

impl HeaderLookup for Headers<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.0.get(name)?.to_str().ok()
    }
}

impl Authenticator {
    /// Accepts requests signed with any of `credentials`, or with temporary credentials the
    /// emulator issued.
    pub(crate) fn new(credentials: &[Credential]) -> Authenticator {
        Authenticator {
            signers: credentials
                .iter()
                .map(|c| {
                    (
                        c.secret_id().to_owned(),
                        Signer::new(c.secret_id(), c.secret_key().to_owned()),
                    )
                })
                .collect(),
        }
    }

    /// Checks the request's `Authorization`, `X-TC-Timestamp` and `X-TC-Token` at `now`, for an
    /// action of `service`; the SecretId that signed it, when it passes.
    pub(crate) fn check(
        &self,
        request: &Received<'_>,
        now: SystemTime,
        service: &str,
        issued: &IssuedKeys,
    ) -> Result<String, ApiError> {
        let headers = Headers(request.headers);
        let header = headers.header("authorization").ok_or_else(|| {
            ApiError::new(
                ErrorCode::AuthFailureSignatureFailure,
                "the Authorization header is missing (or not ASCII): sign the request with TC3-HMAC-SHA256",
            )
        })?;
        let authorization = Authorization::parse(header).map_err(|error| {
            ApiError::new(
                ErrorCode::AuthFailureSignatureFailure,
                format!("the Authorization header is malformed: {error}"),
            )
        })?;

        let timestamp = headers.header("x-tc-timestamp").ok_or_else(|| {
            ApiError::new(
                ErrorCode::MissingParameter,
                "the X-TC-Timestamp header is missing",
            )
        })?;
        let timestamp: i64 = timestamp.trim().parse().map_err(|_| {
            ApiError::new(
                ErrorCode::InvalidParameter,
                "X-TC-Timestamp must be an integer: unix seconds",
            )
        })?;
        let now_seconds = seconds(now);
        let skew = now_seconds.saturating_sub(timestamp);
        if skew.unsigned_abs() > MAX_CLOCK_SKEW_SECONDS.unsigned_abs() {
            let direction = if skew > 0 { "behind" } else { "ahead of" };
            return Err(ApiError::new(
                ErrorCode::AuthFailureSignatureExpire,
                format!(
                    "the signature expired: X-TC-Timestamp {timestamp} is {} seconds {direction} \
                     the server's clock ({now_seconds}); at most {MAX_CLOCK_SKEW_SECONDS} are allowed",
                    skew.unsigned_abs()
                ),
            ));
        }

        let token = headers.header("x-tc-token");
        let signer = match self.signers.get(authorization.secret_id) {
            Some(signer) => {
                if token.is_some() {
                    return Err(token_failure(
                        "an X-TC-Token was sent with a long-lived SecretId; only temporary \
                         credentials have a token (unset TENCENTCLOUD_TOKEN?)",
                    ));
                }
                signer.clone()
            }
            None => issued
                .with_key(authorization.secret_id, |key| {
                    temporary(key, token, now).map(|()| key.signer.clone())
                })
                .ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::AuthFailureSecretIdNotFound,
                        format!(
                            "the SecretId `{}` is not one this emulator accepts",
                            short(authorization.secret_id)
                        ),
                    )
                })??,
        };
        if authorization.service != service {
            return Err(ApiError::new(
                ErrorCode::AuthFailureSignatureFailure,
                format!(
                    "the credential scope names the service `{}`; this is `{service}`",
                    short(authorization.service),
                ),
            ));
        }
        let received = ReceivedRequest {
            method: request.method,
            path: request.path,
            query: request.query,
            headers: &headers,
            body: request.body,
            timestamp,
        };
        signer.verify(&authorization, &received).map_err(|error| {
            ApiError::new(
                ErrorCode::AuthFailureSignatureFailure,
                format!(
                    "the signature does not match ({error}); sign the body bytes exactly as sent \
                     and the Host header as sent, port included"
                ),
            )
        })?;
        Ok(authorization.secret_id.to_owned())
    }
}

/// Temporary credentials need their own token, and time left.
fn temporary(key: &TemporaryKey, token: Option<&str>, now: SystemTime) -> Result<(), ApiError> {
    match token {
        None => {
            return Err(token_failure(
                "the SecretId is a temporary one, and the request has no X-TC-Token: send the \
                 token that came with it",
            ));
        }
        Some(token) if token != key.token.expose_str() => {
            return Err(token_failure(
                "the X-TC-Token is not the one issued with this temporary SecretId",
            ));
        }
        Some(_) => {}
    }
    if now >= key.expires_at {
        let expired = tcr_api::primitives::Timestamp::from(key.expires_at).whole_seconds();
        let at = tcr_api::primitives::Timestamp::from(now).whole_seconds();
        return Err(token_failure(&format!(
            "the temporary credentials expired at {expired} (the server's clock says {at}); get \
             new ones"
        )));
    }
    Ok(())
}

fn token_failure(message: &str) -> ApiError {
    ApiError::new(ErrorCode::AuthFailureTokenFailure, message)
}
