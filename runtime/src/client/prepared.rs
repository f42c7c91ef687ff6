//! The exact HTTP request of one attempt: built and signed without any I/O, so that it can be
//! inspected, logged (secrets masked) and snapshot-tested.

use std::borrow::Cow;
use std::fmt;

use crate::credentials::Credentials;
use crate::signing::{Signer, SigningInput};

/// One signed HTTP request, ready to send.
#[derive(Clone, PartialEq, Eq)]
pub struct PreparedRequest {
    /// `POST`.
    pub method: &'static str,
    /// The URL posted to.
    pub url: String,
    /// Every header, in the order sent.
    pub headers: Vec<(Cow<'static, str>, String)>,
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

    /// Adds a header, after the others. Only `Content-Type` and `Host` are signed, so a header
    /// added after signing does not break the signature.
    pub fn add_header(&mut self, name: impl Into<Cow<'static, str>>, value: impl Into<String>) {
        self.headers.push((name.into(), value.into()));
    }
}

/// Shows everything but the secrets: the session token, and the values of body fields whose
/// names look secret (`Password`, `WebIdentityToken`…), are replaced by `[redacted]`. The
/// signature is shown: it is tied to this body and timestamp and does not reveal the key.
impl fmt::Debug for PreparedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_ref(),
                    if name.eq_ignore_ascii_case("X-TC-Token") {
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
            .field("body", &super::decode::masked(&self.body))
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

/// The `Authorization` value of an action Tencent serves unsigned, as its API reference asks.
pub(crate) const UNSIGNED_AUTHORIZATION: &str = "SKIP";

/// The request of `body` for `target` at `timestamp` (unix seconds), signed with `signing`'s
/// signer and credentials, or unsigned (`Authorization: SKIP`, no token) when it is `None`.
pub(crate) fn prepare(
    signing: Option<(&Signer, &Credentials)>,
    target: &Target<'_>,
    body: Vec<u8>,
    timestamp: i64,
) -> PreparedRequest {
    let authorization = match signing {
        Some((signer, _)) => signer
            .sign(&SigningInput {
                service: target.service,
                host: target.host,
                content_type: target.content_type,
                timestamp,
                body: &body,
            })
            .authorization()
            .to_owned(),
        None => UNSIGNED_AUTHORIZATION.to_owned(),
    };
    let mut headers: Vec<(Cow<'static, str>, String)> = Vec::with_capacity(10);
    let mut add = |name: &'static str, value: String| headers.push((Cow::Borrowed(name), value));
    add("Authorization", authorization);
    add("Content-Type", target.content_type.to_owned());
    add("Host", target.host.to_owned());
    add("X-TC-Action", target.action.to_owned());
    add("X-TC-Timestamp", timestamp.to_string());
    add("X-TC-Version", target.version.to_owned());
    if let Some(region) = target.region {
        add("X-TC-Region", region.to_owned());
    }
    if let Some(token) = signing.and_then(|(_, credentials)| credentials.token()) {
        add("X-TC-Token", token.expose_str().to_owned());
    }
    if let Some(language) = target.language {
        add("X-TC-Language", language.to_owned());
    }
    add("X-TC-RequestClient", target.request_client.to_owned());
    PreparedRequest {
        method: "POST",
        url: target.url.to_owned(),
        headers,
        body,
    }
}
