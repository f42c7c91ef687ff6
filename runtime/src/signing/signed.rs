//! Assembling the canonical request, the string to sign and the `Authorization` value.

use std::fmt::Write as _;
use std::ops::Range;

use hmac::Mac;
use sha2::{Digest, Sha256};

use super::ALGORITHM;
use super::canonical::push_canonical_value;
use super::hex;
use super::key::{HmacSha256, TERMINATOR};
use crate::calendar::push_date;

/// Everything that goes into the canonical request and the string to sign.
pub(crate) struct Parts<'a> {
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) query: &'a str,
    /// `(lowercase name, value as sent)`, in `SignedHeaders` order.
    pub(crate) headers: &'a [(&'a str, &'a str)],
    pub(crate) body: &'a [u8],
    pub(crate) service: &'a str,
    pub(crate) timestamp: i64,
    /// Day number of the scope date (days since 1970-01-01).
    pub(crate) day: i64,
}

/// The result of signing one request: the signature, the `Authorization` header value, and the
/// intermediate strings of the algorithm (useful to debug a signature mismatch).
///
/// It holds nothing secret: no secret key and no derived key, only their output.
/// All the strings live in one buffer, so producing a `SignedRequest` costs one allocation.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedRequest {
    buf: String,
    canonical_request: Range<usize>,
    signed_headers: Range<usize>,
    string_to_sign: Range<usize>,
    scope: Range<usize>,
    date: Range<usize>,
    authorization: Range<usize>,
    signature: Range<usize>,
    signature_bytes: [u8; 32],
    timestamp: i64,
}

impl SignedRequest {
    /// The canonical request (`POST\n/\n\ncontent-type:…\nhost:…\n\ncontent-type;host\n<sha256(body)>`).
    pub fn canonical_request(&self) -> &str {
        &self.buf[self.canonical_request.clone()]
    }

    /// The signed header names as they appear in the `Authorization` value (`content-type;host`).
    pub fn signed_headers(&self) -> &str {
        &self.buf[self.signed_headers.clone()]
    }

    /// The hexadecimal SHA-256 of the body, the canonical request's last line.
    pub fn body_sha256(&self) -> &str {
        let end = self.canonical_request.end;
        &self.buf[end - 64..end]
    }

    /// The string to sign (`TC3-HMAC-SHA256\n<timestamp>\n<scope>\n<sha256(canonical request)>`).
    pub fn string_to_sign(&self) -> &str {
        &self.buf[self.string_to_sign.clone()]
    }

    /// The hexadecimal SHA-256 of the canonical request, the string to sign's last line.
    pub fn canonical_request_sha256(&self) -> &str {
        let end = self.string_to_sign.end;
        &self.buf[end - 64..end]
    }

    /// The credential scope, `<date>/<service>/tc3_request`.
    pub fn scope(&self) -> &str {
        &self.buf[self.scope.clone()]
    }

    /// The UTC date of the timestamp, `YYYY-MM-DD`.
    pub fn date(&self) -> &str {
        &self.buf[self.date.clone()]
    }

    /// The timestamp that was signed, unix seconds (the `X-TC-Timestamp` header's value).
    pub fn timestamp(&self) -> i64 {
        self.timestamp
    }

    /// The signature, 64 lowercase hexadecimal digits.
    pub fn signature(&self) -> &str {
        &self.buf[self.signature.clone()]
    }

    /// The signature as 32 raw bytes.
    pub fn signature_bytes(&self) -> &[u8; 32] {
        &self.signature_bytes
    }

    /// The value of the `Authorization` header:
    /// `TC3-HMAC-SHA256 Credential=<id>/<scope>, SignedHeaders=<names>, Signature=<hex>`.
    pub fn authorization(&self) -> &str {
        &self.buf[self.authorization.clone()]
    }
}

impl std::fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedRequest")
            .field("canonical_request", &self.canonical_request())
            .field("string_to_sign", &self.string_to_sign())
            .field("authorization", &self.authorization())
            .finish()
    }
}

/// Builds the canonical request, the string to sign and the `Authorization` value, and signs
/// with `mac`, an HMAC-SHA256 keyed with `kSigning` for `parts.day` and `parts.service`.
pub(crate) fn assemble(secret_id: &str, mut mac: HmacSha256, parts: &Parts<'_>) -> SignedRequest {
    // Each header appears three times: `name:value\n` in the canonical headers, and `name;` in
    // the canonical request's and the Authorization's signed-header lists.
    let headers_len: usize = parts
        .headers
        .iter()
        .map(|(name, value)| 3 * (name.len() + 1) + value.len() + 1)
        .sum();
    // Room for a 20-byte date: years far beyond 9999 (never in a real request) fit too.
    let scope_len = 20 + 1 + parts.service.len() + 1 + TERMINATOR.len();
    let canonical_len = parts.method.len() + parts.path.len() + parts.query.len() + 3 + 1 + 1 + 64;
    // "-" and 19 digits cover every i64 timestamp.
    let string_to_sign_len = ALGORITHM.len() + 1 + 20 + 1 + scope_len + 1 + 64;
    let authorization_len = ALGORITHM.len()
        + " Credential=".len()
        + secret_id.len()
        + 1
        + scope_len
        + ", SignedHeaders=".len()
        + ", Signature=".len()
        + 64;
    let capacity = headers_len + canonical_len + string_to_sign_len + authorization_len;
    let mut buf = String::with_capacity(capacity);

    // Canonical request.
    buf.push_str(parts.method);
    buf.push('\n');
    buf.push_str(parts.path);
    buf.push('\n');
    buf.push_str(parts.query);
    buf.push('\n');
    for (name, value) in parts.headers {
        buf.push_str(name);
        buf.push(':');
        push_canonical_value(&mut buf, value);
        buf.push('\n');
    }
    buf.push('\n');
    let signed_headers_start = buf.len();
    push_signed_headers(&mut buf, parts);
    let signed_headers_end = buf.len();
    buf.push('\n');
    hex::push32(&mut buf, &Sha256::digest(parts.body).into());
    let canonical_request = 0..buf.len();
    let canonical_sha: [u8; 32] = Sha256::digest(buf.as_bytes()).into();

    // String to sign.
    let sts_start = buf.len();
    buf.push_str(ALGORITHM);
    buf.push('\n');
    // Writing to a `String` cannot fail.
    let _ = write!(buf, "{}", parts.timestamp);
    buf.push('\n');
    let scope_start = buf.len();
    let date_len = push_scope(&mut buf, parts);
    let date = scope_start..scope_start + date_len;
    let scope = scope_start..buf.len();
    buf.push('\n');
    hex::push32(&mut buf, &canonical_sha);
    let string_to_sign = sts_start..buf.len();

    mac.update(buf[string_to_sign.clone()].as_bytes());
    let signature_bytes: [u8; 32] = mac.finalize().into_bytes().into();

    // Authorization.
    let auth_start = buf.len();
    buf.push_str(ALGORITHM);
    buf.push_str(" Credential=");
    buf.push_str(secret_id);
    buf.push('/');
    push_scope(&mut buf, parts);
    buf.push_str(", SignedHeaders=");
    push_signed_headers(&mut buf, parts);
    buf.push_str(", Signature=");
    let signature_start = buf.len();
    hex::push32(&mut buf, &signature_bytes);
    let signature = signature_start..buf.len();
    let authorization = auth_start..buf.len();

    debug_assert!(buf.len() <= capacity, "{} > {capacity}", buf.len());
    SignedRequest {
        buf,
        canonical_request,
        signed_headers: signed_headers_start..signed_headers_end,
        string_to_sign,
        scope,
        date,
        authorization,
        signature,
        signature_bytes,
        timestamp: parts.timestamp,
    }
}

/// Appends `name1;name2;…`.
fn push_signed_headers(buf: &mut String, parts: &Parts<'_>) {
    for (i, (name, _)) in parts.headers.iter().enumerate() {
        if i > 0 {
            buf.push(';');
        }
        buf.push_str(name);
    }
}

/// Appends `<date>/<service>/tc3_request` and returns the length of the date.
fn push_scope(buf: &mut String, parts: &Parts<'_>) -> usize {
    let start = buf.len();
    push_date(buf, parts.day);
    let date_len = buf.len() - start;
    buf.push('/');
    buf.push_str(parts.service);
    buf.push('/');
    buf.push_str(TERMINATOR);
    date_len
}
