//! Parsing the `Authorization` header a client sent (server side).

use std::fmt;

use super::ALGORITHM;
use super::headers::is_valid_signed_header_name;
use super::key::TERMINATOR;
use crate::calendar::is_valid_date;

/// The longest piece of a malformed header quoted back in an error message.
const QUOTE_LIMIT: usize = 64;

/// A parsed `Authorization` header:
/// `TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request, SignedHeaders=<a;b;c>, Signature=<hex>`.
///
/// Parsing checks the form only: that the algorithm is `TC3-HMAC-SHA256`, that the credential has
/// four parts ending in `tc3_request` with a real calendar date, that the signed header names are
/// lowercase, distinct and include `content-type` and `host` (Tencent requires both), and that the
/// signature is 64 hexadecimal digits. Whether the signature is right is for
/// [`verify`](super::verify) to say.
///
/// The three fields may appear in any order, separated by commas, with or without spaces.
///
/// ```
/// use tencentcloud_runtime::signing::Authorization;
///
/// let header = "TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2023-11-14/tcr/tc3_request, \
///               SignedHeaders=content-type;host;x-tc-action, \
///               Signature=7cf657fda6bec1a87682a6eb8f754d9247c26fd790add057e6452c566457cc65";
/// let auth = Authorization::parse(header)?;
/// assert_eq!(auth.secret_id, "AKIDEXAMPLE");
/// assert_eq!(auth.date, "2023-11-14");
/// assert_eq!(auth.service, "tcr");
/// assert_eq!(auth.signed_headers, ["content-type", "host", "x-tc-action"]);
/// # Ok::<(), tencentcloud_runtime::signing::AuthorizationError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization<'a> {
    /// The secret id (`AKID…`), which names the key the request claims to be signed with.
    pub secret_id: &'a str,
    /// The credential scope's date, `YYYY-MM-DD`.
    pub date: &'a str,
    /// The credential scope's service (`tcr`).
    pub service: &'a str,
    /// The signed header names, lowercase, in the order the client listed them.
    pub signed_headers: Vec<&'a str>,
    /// The signature, 64 hexadecimal digits.
    pub signature: &'a str,
}

impl<'a> Authorization<'a> {
    /// Parses an `Authorization` header value.
    ///
    /// # Errors
    /// An [`AuthorizationError`] naming the first thing that is malformed.
    pub fn parse(header: &'a str) -> Result<Self, AuthorizationError> {
        let header = header.trim();
        if header.is_empty() {
            return Err(AuthorizationError::Empty);
        }
        let (algorithm, rest) = match header.split_once(|c: char| c.is_ascii_whitespace()) {
            Some((algorithm, rest)) => (algorithm, rest.trim_start()),
            None => (header, ""),
        };
        if algorithm != ALGORITHM {
            return Err(AuthorizationError::UnsupportedAlgorithm {
                found: quote(algorithm),
            });
        }

        let mut credential = None;
        let mut signed_headers = None;
        let mut signature = None;
        for part in rest.split(',').map(str::trim) {
            if part.is_empty() {
                if rest.trim().is_empty() {
                    break;
                }
                return Err(AuthorizationError::MalformedField {
                    part: String::new(),
                });
            }
            let Some((name, value)) = part.split_once('=') else {
                return Err(AuthorizationError::MalformedField { part: quote(part) });
            };
            let (field, slot) = match name.trim() {
                "Credential" => (Field::Credential, &mut credential),
                "SignedHeaders" => (Field::SignedHeaders, &mut signed_headers),
                "Signature" => (Field::Signature, &mut signature),
                other => {
                    return Err(AuthorizationError::UnknownField { name: quote(other) });
                }
            };
            if slot.replace(value.trim()).is_some() {
                return Err(AuthorizationError::DuplicateField { field });
            }
        }

        let credential = credential.ok_or(AuthorizationError::MissingField {
            field: Field::Credential,
        })?;
        let signed_headers = signed_headers.ok_or(AuthorizationError::MissingField {
            field: Field::SignedHeaders,
        })?;
        let signature = signature.ok_or(AuthorizationError::MissingField {
            field: Field::Signature,
        })?;

        let (secret_id, date, service) = parse_credential(credential)?;
        let signed_headers = parse_signed_headers(signed_headers)?;
        if signature.len() != 64 || !signature.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(AuthorizationError::MalformedSignature {
                found: quote(signature),
            });
        }
        Ok(Authorization {
            secret_id,
            date,
            service,
            signed_headers,
            signature,
        })
    }

    /// The credential scope, `<date>/<service>/tc3_request`.
    pub fn scope(&self) -> String {
        format!("{}/{}/{TERMINATOR}", self.date, self.service)
    }
}

/// `<id>/<date>/<service>/tc3_request`; the id is everything before the last three labels.
fn parse_credential(credential: &str) -> Result<(&str, &str, &str), AuthorizationError> {
    let malformed = |reason| AuthorizationError::MalformedCredential {
        credential: quote(credential),
        reason,
    };
    let mut labels = credential.rsplitn(4, '/');
    let (Some(terminator), Some(service), Some(date), Some(secret_id)) =
        (labels.next(), labels.next(), labels.next(), labels.next())
    else {
        return Err(malformed(CredentialProblem::WrongShape));
    };
    if secret_id.is_empty() {
        return Err(malformed(CredentialProblem::EmptySecretId));
    }
    if !is_valid_date(date) {
        return Err(malformed(CredentialProblem::InvalidDate));
    }
    if service.is_empty() {
        return Err(malformed(CredentialProblem::EmptyService));
    }
    if terminator != TERMINATOR {
        return Err(malformed(CredentialProblem::WrongTerminator));
    }
    Ok((secret_id, date, service))
}

fn parse_signed_headers(list: &str) -> Result<Vec<&str>, AuthorizationError> {
    let mut names = Vec::with_capacity(list.split(';').count());
    for name in list.split(';') {
        if !is_valid_signed_header_name(name) {
            return Err(AuthorizationError::InvalidSignedHeader { name: quote(name) });
        }
        if names.contains(&name) {
            return Err(AuthorizationError::DuplicateSignedHeader { name: quote(name) });
        }
        names.push(name);
    }
    for required in ["content-type", "host"] {
        if !names.contains(&required) {
            return Err(AuthorizationError::RequiredHeaderNotSigned { name: required });
        }
    }
    Ok(names)
}

/// A piece of the header, cut short if long, to quote in an error.
fn quote(s: &str) -> String {
    match s.char_indices().nth(QUOTE_LIMIT) {
        Some((end, _)) => format!("{}…", &s[..end]),
        None => s.to_owned(),
    }
}

/// The three fields of an `Authorization` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `Credential=<id>/<date>/<service>/tc3_request`.
    Credential,
    /// `SignedHeaders=<a;b;c>`.
    SignedHeaders,
    /// `Signature=<hex>`.
    Signature,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Field::Credential => "Credential",
            Field::SignedHeaders => "SignedHeaders",
            Field::Signature => "Signature",
        })
    }
}

/// What is wrong with the `Credential=` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialProblem {
    /// Fewer than four `/`-separated parts.
    WrongShape,
    /// The secret id before the date is empty.
    EmptySecretId,
    /// The date is not a calendar date `YYYY-MM-DD`.
    InvalidDate,
    /// The service is empty.
    EmptyService,
    /// The last part is not `tc3_request`.
    WrongTerminator,
}

impl fmt::Display for CredentialProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CredentialProblem::WrongShape => {
                "expected four parts: <SecretId>/<YYYY-MM-DD>/<service>/tc3_request"
            }
            CredentialProblem::EmptySecretId => "the SecretId is empty",
            CredentialProblem::InvalidDate => "the date is not a calendar date YYYY-MM-DD",
            CredentialProblem::EmptyService => "the service is empty",
            CredentialProblem::WrongTerminator => "the last part must be tc3_request",
        })
    }
}

/// Why an `Authorization` header could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthorizationError {
    /// The header is empty.
    #[error("the Authorization header is empty")]
    Empty,
    /// The header does not start with `TC3-HMAC-SHA256`.
    #[error("unsupported signature algorithm `{found}`: expected TC3-HMAC-SHA256")]
    UnsupportedAlgorithm {
        /// The algorithm the header names.
        found: String,
    },
    /// A comma-separated part is not `Name=value`.
    #[error("malformed Authorization field `{part}`: expected Name=value")]
    MalformedField {
        /// The part, quoted (cut short if long).
        part: String,
    },
    /// A field other than `Credential`, `SignedHeaders` and `Signature`.
    #[error(
        "unknown Authorization field `{name}`: expected Credential, SignedHeaders and Signature"
    )]
    UnknownField {
        /// The field's name.
        name: String,
    },
    /// A field appears twice.
    #[error("the Authorization header has {field} twice")]
    DuplicateField {
        /// The repeated field.
        field: Field,
    },
    /// A field is missing.
    #[error("the Authorization header has no {field}= field")]
    MissingField {
        /// The missing field.
        field: Field,
    },
    /// The `Credential=` field is malformed.
    #[error("malformed Credential `{credential}`: {reason}")]
    MalformedCredential {
        /// The credential, quoted (cut short if long).
        credential: String,
        /// What is wrong with it.
        reason: CredentialProblem,
    },
    /// A name in `SignedHeaders=` is empty, not lowercase, or not a header name.
    #[error(
        "invalid signed header name `{name}`: names must be non-empty lowercase header names separated by `;`"
    )]
    InvalidSignedHeader {
        /// The name, quoted (cut short if long).
        name: String,
    },
    /// A name appears twice in `SignedHeaders=`.
    #[error("signed header `{name}` is listed twice")]
    DuplicateSignedHeader {
        /// The repeated name.
        name: String,
    },
    /// `SignedHeaders=` lacks `content-type` or `host`, which Tencent requires.
    #[error("SignedHeaders must include `{name}`")]
    RequiredHeaderNotSigned {
        /// The header that must be signed.
        name: &'static str,
    },
    /// The signature is not 64 hexadecimal digits.
    #[error("malformed Signature `{found}`: expected 64 hexadecimal digits")]
    MalformedSignature {
        /// The signature, quoted (cut short if long).
        found: String,
    },
}
