//! TC3-HMAC-SHA256 request signing, as Tencent Cloud API 3.0 and its official SDKs do it.
//!
//! Client side: [`sign`] (one request) or a [`Signer`] (many requests, with the daily signing
//! key cached) turn a [`SigningInput`] into a [`SignedRequest`], whose
//! [`authorization`](SignedRequest::authorization) is the `Authorization` header to send along
//! with `X-TC-Timestamp` (the same timestamp), `Content-Type` and `Host` (the same values).
//!
//! Server side (the local emulator; with the `server` feature): `Authorization::parse` reads the header a client sent,
//! `verify` (or `Signer::verify`) recomputes the signature for whatever headers the client
//! signed and compares it in constant time, and `sign_canonical` exposes the recomputation
//! for diagnostics.
//!
//! The algorithm, for a `POST /` with a JSON body:
//!
//! ```text
//! CanonicalRequest = "POST\n/\n\n" + "content-type:" + ContentType + "\n" + "host:" + Host + "\n\n"
//!                    + "content-type;host\n" + hex(sha256(body))
//! Scope            = Date + "/" + service + "/tc3_request"        (Date: UTC date of the timestamp)
//! StringToSign     = "TC3-HMAC-SHA256\n" + timestamp + "\n" + Scope + "\n" + hex(sha256(CanonicalRequest))
//! kSigning         = HMAC(HMAC(HMAC("TC3" + SecretKey, Date), service), "tc3_request")
//! Signature        = hex(HMAC(kSigning, StringToSign))
//! ```
//!
//! Canonical header values are trimmed and their ASCII letters lowercased, as Tencent specifies
//! (the SDKs' `Content-Type` and `Host` are already in that form, so their signatures agree).
//!
//! Nothing in this module prints a secret key or a derived key: no `Debug` or `Display` output
//! contains one, and derived keys are wiped from memory when dropped.

#[cfg(feature = "server")]
mod authorization;
mod canonical;
mod constant_time;
#[cfg(feature = "server")]
mod headers;
mod hex;
mod key;
mod signed;
mod signer;
#[cfg(feature = "server")]
mod verify;

#[cfg(feature = "server")]
pub use authorization::{Authorization, AuthorizationError, CredentialProblem, Field};
#[cfg(feature = "server")]
pub use headers::HeaderLookup;
pub use signed::SignedRequest;
pub use signer::Signer;
#[cfg(feature = "server")]
pub use verify::{
    CanonicalError, CanonicalInput, ReceivedRequest, VerifyError, sign_canonical, signatures_match,
    verify,
};

use crate::calendar::{day_number, format_date};
use signed::{Parts, assemble};

/// The name of the algorithm, the first word of the `Authorization` header.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";

/// What a client signs: the parts of a `POST /` request that go into the signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigningInput<'a> {
    /// The service, the first label of the host (`tcr`).
    pub service: &'a str,
    /// The `Host` header exactly as sent, port included when not the default
    /// (`tcr.tencentcloudapi.com`, `127.0.0.1:9091`).
    pub host: &'a str,
    /// The `Content-Type` header exactly as sent (`application/json`).
    pub content_type: &'a str,
    /// The `X-TC-Timestamp` header's value, unix seconds.
    pub timestamp: i64,
    /// The body, exactly the bytes sent.
    pub body: &'a [u8],
}

/// Signs one request with a secret id and secret key, deriving the signing key afresh.
///
/// Signs `content-type;host`, as the official SDKs do. To sign many requests, a [`Signer`]
/// gives the same result and caches the daily signing key.
///
/// ```
/// use tencentcloud_runtime::signing::{sign, SigningInput};
///
/// let signed = sign(
///     "AKIDEXAMPLE",
///     "SECRETEXAMPLE",
///     &SigningInput {
///         service: "tcr",
///         host: "tcr.tencentcloudapi.com",
///         content_type: "application/json",
///         timestamp: 1_700_000_000,
///         body: br#"{"RegistryId": "tcr-abcd1234"}"#,
///     },
/// );
/// assert_eq!(signed.scope(), "2023-11-14/tcr/tc3_request");
/// assert!(signed.authorization().starts_with(
///     "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2023-11-14/tcr/tc3_request, \
///      SignedHeaders=content-type;host, Signature="
/// ));
/// // Send signed.authorization() as `Authorization`, and 1700000000 as `X-TC-Timestamp`.
/// ```
pub fn sign(secret_id: &str, secret_key: &str, input: &SigningInput<'_>) -> SignedRequest {
    let day = day_number(input.timestamp);
    let headers = [("content-type", input.content_type), ("host", input.host)];
    let parts = Parts {
        method: "POST",
        path: "/",
        query: "",
        headers: &headers,
        body: input.body,
        service: input.service,
        timestamp: input.timestamp,
        day,
    };
    let mac = key::signing_mac(secret_key, &format_date(day), input.service);
    assemble(secret_id, mac, &parts)
}

/// The intermediate keys `kDate`, `kService` and `kSigning`, in lowercase hexadecimal.
///
/// For checking the derivation against published test vectors only: these are secrets, and
/// nothing else in this crate ever exposes them.
#[doc(hidden)]
pub fn derived_keys_hex(secret_key: &str, date: &str, service: &str) -> [String; 3] {
    let keys = key::derive(secret_key, date, service);
    [
        hex::to_string32(&keys.k_date),
        hex::to_string32(&keys.k_service),
        hex::to_string32(&keys.k_signing),
    ]
}
