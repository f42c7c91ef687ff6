//! Reading an answer: the `Response` envelope, an error in it, or the typed output.
//!
//! The envelope is read once, without the action's type: whether the answer is an error, its
//! `RequestId`, and where the `Response` object sits in the body. Only the last step, reading
//! that object as the action's typed output, depends on the action.
//!
//! Decoding looks at the body only: it does not depend on the `Content-Type` the server sent.

use std::ops::Range;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::action::{Action, ActionInfo};
use crate::error::{DecodeError, Error, ServiceError};

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(rename = "Response", borrow)]
    response: &'a RawValue,
}

#[derive(Deserialize)]
struct ErrorProbe<'a> {
    #[serde(rename = "Error")]
    error: Option<ErrorBody>,
    #[serde(rename = "RequestId", borrow)]
    request_id: Option<std::borrow::Cow<'a, str>>,
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(rename = "Code")]
    code: String,
    #[serde(rename = "Message", default)]
    message: String,
}

/// A successful answer whose typed output is not read yet.
#[derive(Debug)]
pub(crate) struct RawAnswer {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
    /// Where the `Response` object is in `body`.
    response: Range<usize>,
    pub(crate) request_id: String,
}

/// What the envelope of an answer says.
pub(crate) enum EnvelopeRead {
    /// A successful answer.
    Ok(RawAnswer),
    /// An error answer.
    Service(ServiceError),
    /// Not an answer of the API.
    Unreadable(DecodeError),
}

/// Reads the envelope of an answer of `action` (HTTP `status`, `body`).
pub(crate) fn read_envelope(
    action: &'static ActionInfo,
    status: u16,
    body: Vec<u8>,
) -> EnvelopeRead {
    let fail = |body: &[u8], reason: String| {
        EnvelopeRead::Unreadable(DecodeError {
            action: action.name,
            status,
            body: masked_excerpt(body),
            reason,
        })
    };
    let (response, probe) = {
        let envelope: Envelope<'_> = match serde_json::from_slice(&body) {
            Ok(envelope) => envelope,
            Err(e) => {
                let reason = if status == 200 {
                    format!("not a JSON answer with a `Response` object ({e})")
                } else {
                    format!("HTTP status {status} with a body that is not an API answer")
                };
                return fail(&body, reason);
            }
        };
        let raw = envelope.response.get();
        // The raw value borrows from `body`: its place there, to read it again later.
        let start = raw.as_ptr() as usize - body.as_ptr() as usize;
        let probe: ErrorProbe<'_> = match serde_json::from_str(raw) {
            Ok(probe) => probe,
            Err(e) => return fail(&body, format!("`Response` is not an object ({e})")),
        };
        let request_id = probe.request_id.map(|id| id.into_owned());
        (start..start + raw.len(), (probe.error, request_id))
    };
    match probe {
        (Some(error), request_id) => EnvelopeRead::Service(ServiceError::new(
            action,
            error.code,
            error.message,
            request_id.unwrap_or_default(),
        )),
        (None, _) if status != 200 => fail(&body, format!("HTTP status {status}")),
        (None, None) => fail(&body, "`Response.RequestId` is missing".to_owned()),
        (None, Some(request_id)) => EnvelopeRead::Ok(RawAnswer {
            status,
            body,
            response,
            request_id,
        }),
    }
}

impl RawAnswer {
    /// The typed output of `action`.
    pub(crate) fn decode<T: DeserializeOwned>(
        &self,
        action: &'static ActionInfo,
    ) -> Result<T, Error> {
        serde_json::from_slice(&self.body[self.response.clone()]).map_err(|e| {
            Error::Decode(DecodeError {
                action: action.name,
                status: self.status,
                body: masked_excerpt(&self.body),
                reason: format!("`Response` does not fit {}'s answer ({e})", action.name),
            })
        })
    }
}

/// Decodes an answer of action `A` received by other means (a custom transport, a recorded
/// answer): the typed output, or the service's error, or why the answer is not one.
pub fn decode_answer<A: Action>(status: u16, body: &[u8]) -> Result<A::Output, Error> {
    match read_envelope(A::INFO, status, body.to_vec()) {
        EnvelopeRead::Ok(raw) => raw.decode(A::INFO),
        EnvelopeRead::Service(error) => Err(Error::Service(error)),
        EnvelopeRead::Unreadable(error) => Err(Error::Decode(error)),
    }
}

/// At most 512 bytes of the body, with the string values of keys that look secret masked.
pub(crate) fn masked_excerpt(body: &[u8]) -> String {
    let text = masked(body);
    let mut end = text.len().min(512);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if end < text.len() {
        format!("{}…", &text[..end])
    } else {
        text
    }
}

/// The body as text, with the string values of keys that look secret (`Password`,
/// `SecretKey`, `WebIdentityToken`…) replaced by `[redacted]`; a body that is not JSON as is.
pub(crate) fn masked(body: &[u8]) -> String {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(mut value) => {
            mask(&mut value);
            value.to_string()
        }
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    }
}

fn mask(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                let lower = key.to_ascii_lowercase();
                if ["password", "secret", "token", "key"]
                    .iter()
                    .any(|s| lower.contains(s))
                    && item.is_string()
                {
                    *item = serde_json::Value::String("[redacted]".into());
                } else {
                    mask(item);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(mask),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{CREATE, Output};

    fn decode(status: u16, body: &str) -> Result<Output, Error> {
        match read_envelope(&CREATE, status, body.as_bytes().to_vec()) {
            EnvelopeRead::Ok(raw) => {
                assert_eq!(raw.request_id, "r1");
                raw.decode(&CREATE)
            }
            EnvelopeRead::Service(error) => Err(Error::Service(error)),
            EnvelopeRead::Unreadable(error) => Err(Error::Decode(error)),
        }
    }

    #[test]
    fn reads_outputs_errors_and_refuses_the_rest() {
        let output = decode(
            200,
            r#"{"Response": {"Password": "Abcdefg1", "RequestId": "r1"}}"#,
        )
        .unwrap();
        assert_eq!(output.password.unwrap().expose_str(), "Abcdefg1");
        match decode(
            200,
            r#"{"Response": {"Error": {"Code": "InternalError", "Message": "bad"}, "RequestId": "r2"}}"#,
        ) {
            Err(Error::Service(e)) => {
                assert_eq!(
                    (e.code.as_str(), e.request_id.as_str()),
                    ("InternalError", "r2")
                );
                assert_eq!(e.description, Some("internal"));
            }
            other => panic!("expected a service error, got {other:?}"),
        }
        let Err(Error::Decode(error)) = decode(502, "<html>bad gateway</html>") else {
            panic!("expected a decode error");
        };
        assert_eq!(error.status, 502);
        assert!(error.to_string().contains("bad gateway"));
        let error = decode(
            200,
            r#"{"Response": {"Password": 5, "RequestId": "r1", "Token": "t0k3n"}}"#,
        )
        .unwrap_err();
        assert!(matches!(error, Error::Decode(_)));
        assert!(!error.to_string().contains("t0k3n"), "{error}");
        let error = decode(200, r#"{"Response": {"Password": "x"}}"#).unwrap_err();
        assert!(error.to_string().contains("RequestId"), "{error}");
    }

    #[test]
    fn decode_answer_reads_by_the_action_type() {
        let output = decode_answer::<crate::test_support::Create>(
            200,
            br#"{"Response": {"RequestId": "r9"}}"#,
        )
        .unwrap();
        assert_eq!(output.request_id, "r9");
        let error = decode_answer::<crate::test_support::Create>(
            200,
            br#"{"Response": {"Error": {"Code": "RequestLimitExceeded", "Message": "slow down"}, "RequestId": "r10"}}"#,
        )
        .unwrap_err();
        assert_eq!(error.code_str(), Some("RequestLimitExceeded"));
        assert_eq!(error.request_id(), Some("r10"));
    }
}
