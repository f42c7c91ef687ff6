//! The documented shape of every answer.
//!
//! Success: `{"Response": {<output fields>, "RequestId": "<uuid>"}}`.
//! Error: `{"Response": {"Error": {"Code": "...", "Message": "..."}, "RequestId": "<uuid>"}}`.

use serde::Serialize;
use serde_json::{Value, json};
use tcr_api::ErrorCode;

use crate::api_error::ApiError;

/// `{"Response": <output>}`, written straight from the typed output.
#[derive(Serialize)]
struct Success<'a, T> {
    #[serde(rename = "Response")]
    response: &'a T,
}

/// The body of a successful answer: the action's typed output, whose `RequestId` the action set
/// to the answer's.
pub(crate) fn success<T: Serialize>(output: &T) -> Result<Vec<u8>, ApiError> {
    // Room for most answers at once, rather than growing from serde_json's 128 bytes.
    let mut body = Vec::with_capacity(1024);
    serde_json::to_writer(&mut body, &Success { response: output })
        .map(|()| body)
        .map_err(|e| {
            ApiError::new(
                ErrorCode::InternalError,
                format!("the emulator could not write its answer: {e}"),
            )
        })
}

/// The body of an error answer.
pub(crate) fn error(error: &ApiError, request_id: &str) -> Vec<u8> {
    to_bytes(&json!({
        "Response": {
            "Error": { "Code": error.code.as_str(), "Message": error.message },
            "RequestId": request_id,
        }
    }))
}

fn to_bytes(value: &Value) -> Vec<u8> {
    // Serializing a `Value` to memory cannot fail: its keys are strings.
    serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let output = json!({"Password": "x", "RequestId": "id-1"});
        let ok: Value = serde_json::from_slice(&success(&output).unwrap()).unwrap();
        assert_eq!(
            ok,
            json!({"Response": {"Password": "x", "RequestId": "id-1"}})
        );
        let err: Value = serde_json::from_slice(&error(
            &ApiError::new(ErrorCode::InvalidAction, "no such action"),
            "id-2",
        ))
        .unwrap();
        assert_eq!(
            err,
            json!({"Response": {"Error": {"Code": "InvalidAction", "Message": "no such action"}, "RequestId": "id-2"}})
        );
    }
}
