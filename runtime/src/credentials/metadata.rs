//! The CVM instance metadata service over HTTP: a client with short timeouts, one `GET`, and
//! the credentials document read field by field (never quoting a value).

use std::time::{Duration, UNIX_EPOCH};

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::{CredentialField, CredentialSource, Credentials, CredentialsError, MetadataProblem};
use crate::client::HyperTransport;
use crate::client::hyper_transport::{FullBody, Unwrapped, read_body, timed_out};

/// A client for the metadata service: plain HTTP only, no proxy (the service is on the
/// instance's own network), and the given timeouts (`read` bounds each wait for bytes once
/// connected).
pub(super) fn client(connect: Duration, read: Duration) -> Result<HyperTransport, String> {
    HyperTransport::builder()
        .connect_timeout(connect)
        .read_timeout(read)
        .plain_http_only()
        .no_proxy()
        .build()
        .map_err(|e| e.to_string())
}

/// What a `GET` came to.
pub(super) enum Got {
    /// HTTP 200 and the body.
    Body(Zeroizing<Vec<u8>>),
    /// HTTP 404.
    NotFound,
    /// No connection could be made: there is no metadata service here.
    Unreachable(String),
}

/// `GET url`, with every failure but "unreachable" and 404 as an error.
pub(super) async fn get(
    http: &HyperTransport,
    url: &str,
    connect_timeout: Duration,
    read_timeout: Duration,
) -> Result<Got, CredentialsError> {
    let error = |problem| CredentialsError::InstanceMetadata {
        url: url.to_owned(),
        problem,
    };
    let timeout = || {
        error(MetadataProblem::Timeout {
            after: read_timeout,
        })
    };
    let uri: http::Uri = url.parse().map_err(|e: http::uri::InvalidUri| {
        error(MetadataProblem::Connection {
            reason: e.to_string(),
        })
    })?;
    let mut request = http::Request::new(FullBody::new(Vec::new()));
    *request.uri_mut() = uri;
    // A bound on the whole exchange, so that a service dripping bytes cannot hold a call.
    let exchange = async {
        let response = match http.request(request).await {
            Ok(response) => response,
            // Refused, or no connection in time: nothing answers at that address.
            Err(e) if e.is_connect() => return Ok(Got::Unreachable(root_cause(&e))),
            Err(e) if timed_out(&e) => return Err(timeout()),
            Err(e) => {
                return Err(error(MetadataProblem::Connection {
                    reason: chain(&Unwrapped(e)),
                }));
            }
        };
        match response.status().as_u16() {
            200 => {}
            404 => return Ok(Got::NotFound),
            status => return Err(error(MetadataProblem::Status { status })),
        }
        match read_body(response.into_body(), Some(read_timeout)).await {
            Ok(body) => Ok(Got::Body(Zeroizing::new(body))),
            Err(e) if timed_out(&*e) => Err(timeout()),
            Err(e) => Err(error(MetadataProblem::Connection { reason: chain(&*e) })),
        }
    };
    tokio::time::timeout(connect_timeout + read_timeout * 2, exchange)
        .await
        .unwrap_or_else(|_| Err(timeout()))
}
/// The innermost source of an error: for a connection that could not be made, the reason
/// (`Connection refused (os error 111)`).
fn root_cause(error: &dyn std::error::Error) -> String {
    let mut cause = error;
    while let Some(inner) = cause.source() {
        cause = inner;
    }
    cause.to_string()
}

/// An error and its sources, on one line.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}

/// The credentials in the document CVM serves for a role:
/// `{"TmpSecretId", "TmpSecretKey", "Token", "ExpiredTime", "Expiration", "Code"}`.
pub(super) fn credentials(url: &str, body: &[u8]) -> Result<Credentials, CredentialsError> {
    let unreadable = |reason: String| CredentialsError::InstanceMetadata {
        url: url.to_owned(),
        problem: MetadataProblem::Unreadable { reason },
    };
    // Parsed as a generic value first: serde's messages for a typed struct can quote values.
    let document: Map<String, Value> = match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err(unreadable("not a JSON object".to_owned())),
        Err(e) => {
            return Err(unreadable(format!(
                "not JSON (line {}, column {})",
                e.line(),
                e.column()
            )));
        }
    };
    if let Some(code) = document.get("Code") {
        let code = code.as_str().unwrap_or("(not a string)");
        if code != "Success" {
            let code: String = code.chars().take(64).collect();
            return Err(CredentialsError::InstanceMetadata {
                url: url.to_owned(),
                problem: MetadataProblem::NotSuccess { code },
            });
        }
    }
    let text = |name: &str| {
        document
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| unreadable(format!("`{name}` is missing or not a string")))
    };
    let id = text("TmpSecretId")?;
    let key = text("TmpSecretKey")?;
    let token = text("Token")?;
    let expired = document
        .get("ExpiredTime")
        .and_then(Value::as_u64)
        .filter(|&seconds| seconds > 0)
        .ok_or_else(|| unreadable("`ExpiredTime` is missing or not a positive integer".into()))?;
    let from = format!("the CVM instance metadata at {url}");
    let credentials =
        Credentials::from_parts(id, key, Some(token), |field| CredentialSource::Answer {
            from: from.clone(),
            field: match field {
                CredentialField::SecretId => "TmpSecretId",
                CredentialField::SecretKey => "TmpSecretKey",
                CredentialField::Token => "Token",
            }
            .to_owned(),
        })?;
    Ok(credentials.with_expiry(UNIX_EPOCH + Duration::from_secs(expired)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "http://metadata.example/latest/meta-data/cam/security-credentials/r";

    #[test]
    fn reads_the_cvm_document() {
        let body =
            br#"{"TmpSecretId": "AKIDTMP", "TmpSecretKey": "TMPKEY", "ExpiredTime": 1700000000,
            "Expiration": "2023-11-14T22:13:20Z", "Token": "TOKEN", "Code": "Success"}"#;
        let c = credentials(URL, body).unwrap();
        assert_eq!(c.secret_id(), "AKIDTMP");
        assert_eq!(c.token().unwrap().expose_str(), "TOKEN");
        assert_eq!(
            c.expiry(),
            Some(UNIX_EPOCH + Duration::from_secs(1_700_000_000))
        );
    }

    #[test]
    fn errors_name_the_field_never_the_value() {
        let failure = |body: &str| credentials(URL, body.as_bytes()).unwrap_err().to_string();
        assert!(failure("{").contains("not JSON"));
        assert!(failure(r#"{"Code": "Failure"}"#).contains("says `Failure`, not `Success`"));
        let e =
            failure(r#"{"TmpSecretId": "A", "TmpSecretKey": 5, "Token": "T", "ExpiredTime": 1}"#);
        assert!(
            e.contains("`TmpSecretKey` is missing or not a string"),
            "{e}"
        );
        let e = failure(
            r#"{"TmpSecretId": "A", "TmpSecretKey": "SECRETVALUE ", "Token": "T", "ExpiredTime": 1}"#,
        );
        assert!(
            e.contains("`TmpSecretKey` of the CVM instance metadata"),
            "{e}"
        );
        assert!(!e.contains("SECRETVALUE"), "{e}");
        let e = failure(
            r#"{"TmpSecretId": "A", "TmpSecretKey": "K", "Token": "T", "ExpiredTime": "SECRETVALUE"}"#,
        );
        assert!(
            e.contains("`ExpiredTime`") && !e.contains("SECRETVALUE"),
            "{e}"
        );
    }
}
