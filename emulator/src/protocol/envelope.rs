//! The documented shape of every answer.
//!
//! Success: `{"Response": {<output fields>, "RequestId": "<uuid>"}}`.
//! Error: `{"Response": {"Error": {"Code": "...", "Message": "..."}, "RequestId": "<uuid>"}}`.

use serde_json::{Map, Value, json};

use crate::api_error::ApiError;

/// The body of a successful answer: the output's fields and the RequestId.
pub(crate) fn success(output: Map<String, Value>, request_id: &str) -> Vec<u8> {
    let mut response = output;
    response.insert("RequestId".to_owned(), Value::from(request_id));
    to_bytes(&json!({ "Response": response }))
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
    use tcr_api::ErrorCode;

    #[test]
    fn shapes() {
        let mut output = Map::new();
        output.insert("Password".into(), "x".into());
        let ok: Value = serde_json::from_slice(&success(output, "id-1")).unwrap();
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
