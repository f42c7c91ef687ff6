//! Reading an answer: the `Response` envelope, an error in it, or the typed output.
//!
//! Decoding looks at the body only: it does not depend on the `Content-Type` the server sent.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::error::{DecodeError, ServiceError};

/// A decoded answer.
pub(crate) enum Answer<T> {
    /// The typed output and its `RequestId`.
    Ok(T, String),
    /// The service's error.
    Err(ServiceError),
}

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(rename = "Response", borrow)]
    response: &'a RawValue,
}

#[derive(Deserialize)]
struct ErrorProbe {
    #[serde(rename = "Error")]
    error: Option<ErrorBody>,
    #[serde(rename = "RequestId")]
    request_id: Option<String>,
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(rename = "Code")]
    code: String,
    #[serde(rename = "Message", default)]
    message: String,
}

/// Decodes the answer of `action` (HTTP `status`, `body`).
pub(crate) fn decode<T: DeserializeOwned>(
    action: &'static str,
    status: u16,
    body: &[u8],
    attempts: u32,
) -> Result<Answer<T>, DecodeError> {
    let fail = |reason: String| DecodeError {
        action,
        status,
        body: masked_excerpt(body),
        reason,
    };
    let envelope: Envelope<'_> = serde_json::from_slice(body).map_err(|e| {
        fail(if status == 200 {
            format!("not a JSON answer with a `Response` object ({e})")
        } else {
            format!("HTTP status {status} with a body that is not an API answer")
        })
    })?;
    let probe: ErrorProbe = serde_json::from_str(envelope.response.get())
        .map_err(|e| fail(format!("`Response` is not an object ({e})")))?;
    if let Some(error) = probe.error {
        return Ok(Answer::Err(ServiceError {
            action,
            code: error.code,
            message: error.message,
            request_id: probe.request_id.unwrap_or_default(),
            attempts,
        }));
    }
    if status != 200 {
        return Err(fail(format!("HTTP status {status}")));
    }
    let output: T = serde_json::from_str(envelope.response.get())
        .map_err(|e| fail(format!("`Response` does not fit {action}'s answer ({e})")))?;
    let request_id = probe
        .request_id
        .ok_or_else(|| fail("`Response.RequestId` is missing".to_owned()))?;
    Ok(Answer::Ok(output, request_id))
}

/// Decodes an answer of action `A` received by other means (a custom transport, a recorded
/// answer): the typed output, or the service's error, or why the answer is not one.
pub fn decode_answer<A: crate::action::Action>(
    status: u16,
    body: &[u8],
) -> Result<A::Output, crate::error::Error> {
    match decode::<A::Output>(A::NAME, status, body, 1)? {
        Answer::Ok(output, _) => Ok(output),
        Answer::Err(error) => Err(error.into()),
    }
}

/// At most 512 bytes of the body, with the string values of keys that look secret masked.
pub(crate) fn masked_excerpt(body: &[u8]) -> String {
    let text = match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(mut value) => {
            mask(&mut value);
            value.to_string()
        }
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    };
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
    use crate::ModifyServiceAccountPasswordResponse;

    fn decode_password(
        status: u16,
        body: &str,
    ) -> Result<Answer<ModifyServiceAccountPasswordResponse>, DecodeError> {
        decode("ModifyServiceAccountPassword", status, body.as_bytes(), 1)
    }

    #[test]
    fn reads_outputs_errors_and_refuses_the_rest() {
        match decode_password(
            200,
            r#"{"Response": {"Password": "Abcdefg1", "RequestId": "r1"}}"#,
        ) {
            Ok(Answer::Ok(output, id)) => {
                assert_eq!(output.password.unwrap().expose_str(), "Abcdefg1");
                assert_eq!(id, "r1");
            }
            _ => panic!("expected an output"),
        }
        match decode_password(
            200,
            r#"{"Response": {"Error": {"Code": "InvalidParameter", "Message": "bad"}, "RequestId": "r2"}}"#,
        ) {
            Ok(Answer::Err(e)) => assert_eq!(
                (e.code.as_str(), e.request_id.as_str()),
                ("InvalidParameter", "r2")
            ),
            _ => panic!("expected a service error"),
        }
        let error = decode_password(502, "<html>bad gateway</html>")
            .err()
            .unwrap();
        assert_eq!(error.status, 502);
        assert!(error.to_string().contains("bad gateway"));
        let error = decode_password(
            200,
            r#"{"Response": {"Password": 5, "RequestId": "r3", "Token": "t0k3n"}}"#,
        )
        .err()
        .unwrap();
        assert!(!error.to_string().contains("t0k3n"), "{error}");
    }
}
