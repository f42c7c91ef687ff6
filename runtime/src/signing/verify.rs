//! Server-side verification: recomputing a signature for any signed-header list and comparing
//! it in constant time.

use super::Signer;
use super::authorization::Authorization;
use super::constant_time::constant_time_eq;
use super::headers::{HeaderLookup, is_valid_signed_header_name};
use super::hex;
use super::key::{HmacSha256, signing_mac};
use super::signed::{Parts, SignedRequest, assemble};
use crate::calendar::{day_number, format_date};

/// A request as a server received it, to recompute its signature for any list of signed headers.
///
/// ```
/// use tencentcloud_runtime::signing::{CanonicalInput, sign, sign_canonical, SigningInput};
///
/// let body = br#"{"RegistryId": "tcr-abcd1234"}"#;
/// let headers = [
///     ("Content-Type", "application/json"),
///     ("Host", "tcr.tencentcloudapi.com"),
/// ];
/// let input = CanonicalInput {
///     method: "POST",
///     path: "/",
///     query: "",
///     signed_headers: &["content-type", "host"],
///     headers: &headers,
///     body,
///     service: "tcr",
///     timestamp: 1_700_000_000,
/// };
/// let recomputed = sign_canonical("AKIDEXAMPLE", "SECRETEXAMPLE", &input)?;
/// let by_client = sign(
///     "AKIDEXAMPLE",
///     "SECRETEXAMPLE",
///     &SigningInput {
///         service: "tcr",
///         host: "tcr.tencentcloudapi.com",
///         content_type: "application/json",
///         timestamp: 1_700_000_000,
///         body,
///     },
/// );
/// assert_eq!(recomputed.authorization(), by_client.authorization());
/// # Ok::<(), tencentcloud_runtime::signing::CanonicalError>(())
/// ```
#[derive(Clone, Copy)]
pub struct CanonicalInput<'a> {
    /// The HTTP method, as sent (`POST`).
    pub method: &'a str,
    /// The canonical URI: the path (`/` for Tencent Cloud API 3.0).
    pub path: &'a str,
    /// The canonical query string: empty for `POST`; for `GET`, the query string after `?` as sent.
    pub query: &'a str,
    /// The signed header names, lowercase, in the order they were signed.
    ///
    /// Tencent asks clients to list them in ascending order; this function keeps the order it is
    /// given so that it reproduces what the client did.
    pub signed_headers: &'a [&'a str],
    /// Where the values of the signed headers are found.
    pub headers: &'a dyn HeaderLookup,
    /// The body, exactly as received.
    pub body: &'a [u8],
    /// The service of the credential scope (`tcr`).
    pub service: &'a str,
    /// The `X-TC-Timestamp` value, unix seconds; the scope's date is its UTC date.
    pub timestamp: i64,
}

impl std::fmt::Debug for CanonicalInput<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CanonicalInput")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("signed_headers", &self.signed_headers)
            .field("body_len", &self.body.len())
            .field("service", &self.service)
            .field("timestamp", &self.timestamp)
            .finish_non_exhaustive()
    }
}

/// Why a canonical request could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CanonicalError {
    /// A signed header is absent from the request.
    #[error("header `{name}` is listed in SignedHeaders but absent from the request")]
    MissingHeader {
        /// The lowercase header name.
        name: String,
    },
    /// A signed header name is empty, not lowercase, or not a header name.
    #[error("invalid signed header name `{name}`: expected a non-empty lowercase header name")]
    InvalidHeaderName {
        /// The name as given.
        name: String,
    },
}

/// Why a request's signature was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The canonical request could not be built (a signed header is missing).
    #[error(transparent)]
    Canonical(#[from] CanonicalError),
    /// The credential's date is not the UTC date of the request's timestamp.
    #[error(
        "the Credential date {credential_date} is not the UTC date of X-TC-Timestamp ({timestamp_date})"
    )]
    DateMismatch {
        /// The date in `Credential=`.
        credential_date: String,
        /// The UTC date of the timestamp.
        timestamp_date: String,
    },
    /// The request names a different secret id than the signer's.
    #[error("the request is signed for SecretId {found}, this signer holds {expected}")]
    SecretIdMismatch {
        /// The signer's secret id.
        expected: String,
        /// The secret id in `Credential=`.
        found: String,
    },
    /// The signature does not match the one recomputed from the request.
    #[error("the signature does not match the request")]
    SignatureMismatch,
}

/// Recomputes the signature of a request for any signed-header list (server side).
///
/// The canonical headers are `name:value\n` for each signed header, the value trimmed and its
/// ASCII letters lowercased, as Tencent specifies. With `content-type;host`, `POST`, `/` and an
/// empty query this is exactly [`sign`](super::sign).
///
/// # Errors
/// [`CanonicalError`] when a signed header name is invalid or the header is absent.
pub fn sign_canonical(
    secret_id: &str,
    secret_key: &str,
    input: &CanonicalInput<'_>,
) -> Result<SignedRequest, CanonicalError> {
    let day = day_number(input.timestamp);
    sign_canonical_with(
        secret_id,
        || signing_mac(secret_key, &format_date(day), input.service),
        input,
    )
}

/// [`sign_canonical`] with the signing key from a closure, called only once the headers are known.
fn sign_canonical_with(
    secret_id: &str,
    mac: impl FnOnce() -> HmacSha256,
    input: &CanonicalInput<'_>,
) -> Result<SignedRequest, CanonicalError> {
    let mut headers = Vec::with_capacity(input.signed_headers.len());
    for &name in input.signed_headers {
        if !is_valid_signed_header_name(name) {
            return Err(CanonicalError::InvalidHeaderName {
                name: name.to_owned(),
            });
        }
        let value = input
            .headers
            .header(name)
            .ok_or_else(|| CanonicalError::MissingHeader {
                name: name.to_owned(),
            })?;
        headers.push((name, value));
    }
    let parts = Parts {
        method: input.method,
        path: input.path,
        query: input.query,
        headers: &headers,
        body: input.body,
        service: input.service,
        timestamp: input.timestamp,
        day: day_number(input.timestamp),
    };
    Ok(assemble(secret_id, mac(), &parts))
}

/// The parts of a received request that the signature covers, besides the `Authorization`
/// header itself.
#[derive(Clone, Copy)]
pub struct ReceivedRequest<'a> {
    /// The HTTP method (`POST`).
    pub method: &'a str,
    /// The path (`/`).
    pub path: &'a str,
    /// The query string after `?`, empty when there is none.
    pub query: &'a str,
    /// The request's headers.
    pub headers: &'a dyn HeaderLookup,
    /// The body, exactly as received.
    pub body: &'a [u8],
    /// The `X-TC-Timestamp` value, unix seconds. (Checking it against the clock is the caller's
    /// business: Tencent refuses requests more than 5 minutes off.)
    pub timestamp: i64,
}

impl std::fmt::Debug for ReceivedRequest<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReceivedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("body_len", &self.body.len())
            .field("timestamp", &self.timestamp)
            .finish_non_exhaustive()
    }
}

/// Checks a request's signature against the secret key of the id it names (server side).
///
/// Recomputes the signature with the signed headers, service and secret id of `authorization`
/// (see [`sign_canonical`]) and compares it in constant time. The credential date must be the
/// UTC date of the timestamp.
///
/// ```
/// use tencentcloud_runtime::signing::{sign, verify, Authorization, ReceivedRequest, SigningInput};
///
/// let body = br#"{"RegistryId": "tcr-abcd1234"}"#;
/// let signed = sign("AKIDEXAMPLE", "SECRETEXAMPLE", &SigningInput {
///     service: "tcr",
///     host: "127.0.0.1:9091",
///     content_type: "application/json",
///     timestamp: 1_700_000_000,
///     body,
/// });
/// let headers = [("content-type", "application/json"), ("host", "127.0.0.1:9091")];
/// let request = ReceivedRequest {
///     method: "POST", path: "/", query: "", headers: &headers, body, timestamp: 1_700_000_000,
/// };
/// let auth = Authorization::parse(signed.authorization())?;
/// assert!(verify("SECRETEXAMPLE", &auth, &request).is_ok());
/// assert!(verify("ANOTHERKEY", &auth, &request).is_err());
/// # Ok::<(), tencentcloud_runtime::signing::AuthorizationError>(())
/// ```
///
/// # Errors
/// [`VerifyError`] saying why the request is refused.
pub fn verify(
    secret_key: &str,
    authorization: &Authorization<'_>,
    request: &ReceivedRequest<'_>,
) -> Result<(), VerifyError> {
    verify_with(authorization, request, |day, service| {
        signing_mac(secret_key, &format_date(day), service)
    })
}

impl Signer {
    /// [`verify`] with this signer's cached keys; the request must name this signer's secret id.
    ///
    /// # Errors
    /// [`VerifyError`] saying why the request is refused.
    pub fn verify(
        &self,
        authorization: &Authorization<'_>,
        request: &ReceivedRequest<'_>,
    ) -> Result<(), VerifyError> {
        if authorization.secret_id != self.secret_id() {
            return Err(VerifyError::SecretIdMismatch {
                expected: self.secret_id().to_owned(),
                found: authorization.secret_id.to_owned(),
            });
        }
        verify_with(authorization, request, |day, service| {
            self.signing_mac(day, service)
        })
    }

    /// [`sign_canonical`] with this signer's id and cached keys.
    ///
    /// # Errors
    /// [`CanonicalError`] when a signed header name is invalid or the header is absent.
    pub fn sign_canonical(
        &self,
        input: &CanonicalInput<'_>,
    ) -> Result<SignedRequest, CanonicalError> {
        let day = day_number(input.timestamp);
        sign_canonical_with(
            self.secret_id(),
            || self.signing_mac(day, input.service),
            input,
        )
    }
}

fn verify_with(
    authorization: &Authorization<'_>,
    request: &ReceivedRequest<'_>,
    mac: impl FnOnce(i64, &str) -> HmacSha256,
) -> Result<(), VerifyError> {
    let day = day_number(request.timestamp);
    let timestamp_date = format_date(day);
    if authorization.date != timestamp_date {
        return Err(VerifyError::DateMismatch {
            credential_date: authorization.date.to_owned(),
            timestamp_date,
        });
    }
    let input = CanonicalInput {
        method: request.method,
        path: request.path,
        query: request.query,
        signed_headers: &authorization.signed_headers,
        headers: request.headers,
        body: request.body,
        service: authorization.service,
        timestamp: request.timestamp,
    };
    let expected = sign_canonical_with(
        authorization.secret_id,
        || mac(day, authorization.service),
        &input,
    )?;
    let claimed = hex::decode32(authorization.signature).ok_or(VerifyError::SignatureMismatch)?;
    if constant_time_eq(expected.signature_bytes(), &claimed) {
        Ok(())
    } else {
        Err(VerifyError::SignatureMismatch)
    }
}

/// Compares two signatures (hexadecimal, either case) in time that does not depend on where
/// they differ. Returns `false` when either is not 64 hexadecimal digits.
///
/// ```
/// use tencentcloud_runtime::signing::signatures_match;
///
/// let a = "7cf657fda6bec1a87682a6eb8f754d9247c26fd790add057e6452c566457cc65";
/// assert!(signatures_match(a, a));
/// assert!(signatures_match(a, &a.to_uppercase()));
/// assert!(!signatures_match(a, &a.replace('7', "8")));
/// assert!(!signatures_match(a, "7cf6"));
/// ```
pub fn signatures_match(a: &str, b: &str) -> bool {
    match (hex::decode32(a), hex::decode32(b)) {
        (Some(a), Some(b)) => constant_time_eq(&a, &b),
        _ => false,
    }
}
