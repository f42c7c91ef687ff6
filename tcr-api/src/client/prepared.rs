//! The exact HTTP request of one attempt: built and signed without any I/O, so that it can be
//! inspected, logged (secrets masked) and snapshot-tested.

use std::fmt;

use crate::credentials::{Credentials, ExposeSecret};
use crate::signing::{Signer, SigningInput};

/// One signed HTTP request, ready to send.
#[derive(Clone, PartialEq, Eq)]
pub struct PreparedRequest {
    /// `POST`.
    pub method: &'static str,
    /// The URL posted to.
    pub url: String,
    /// Every header, in the order sent.
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body, exactly the signed bytes.
    pub body: Vec<u8>,
}

impl PreparedRequest {
    /// The value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Shows everything but the session token, which is replaced by `[redacted]`. The signature is
/// shown: it is tied to this body and timestamp and does not reveal the key.
impl fmt::Debug for PreparedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    *name,
                    if *name == "X-TC-Token" {
                        "[redacted]"
                    } else {
                        value.as_str()
                    },
                )
            })
            .collect();
        f.debug_struct("PreparedRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

/// What an attempt needs besides the body.
pub(crate) struct Target<'a> {
    pub(crate) service: &'a str,
    pub(crate) version: &'a str,
    pub(crate) action: &'a str,
    pub(crate) url: &'a str,
    pub(crate) host: &'a str,
    pub(crate) region: Option<&'a str>,
    pub(crate) language: Option<&'a str>,
    pub(crate) request_client: &'a str,
    pub(crate) content_type: &'a str,
}

/// Signs `body` for `target` at `timestamp` (unix seconds).
pub(crate) fn prepare(
    signer: &Signer,
    credentials: &Credentials,
    target: &Target<'_>,
    body: Vec<u8>,
    timestamp: i64,
) -> PreparedRequest {
    let signed = signer.sign(&SigningInput {
        service: target.service,
        host: target.host,
        content_type: target.content_type,
        timestamp,
        body: &body,
    });
    let mut headers: Vec<(&'static str, String)> = vec![
        ("Authorization", signed.authorization().to_owned()),
        ("Content-Type", target.content_type.to_owned()),
        ("Host", target.host.to_owned()),
        ("X-TC-Action", target.action.to_owned()),
        ("X-TC-Timestamp", timestamp.to_string()),
        ("X-TC-Version", target.version.to_owned()),
    ];
    if let Some(region) = target.region {
        headers.push(("X-TC-Region", region.to_owned()));
    }
    if let Some(token) = credentials.token() {
        headers.push(("X-TC-Token", token.expose_secret().to_owned()));
    }
    if let Some(language) = target.language {
        headers.push(("X-TC-Language", language.to_owned()));
    }
    headers.push(("X-TC-RequestClient", target.request_client.to_owned()));
    PreparedRequest {
        method: "POST",
        url: target.url.to_owned(),
        headers,
        body,
    }
}
