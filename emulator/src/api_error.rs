//! An error answer: a code the spec declares and a message for people.

use tcr_api::ErrorCode;

/// What goes into `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ApiError {
    /// The code.
    pub(crate) code: ErrorCode,
    /// Says what was wrong; never contains a secret.
    pub(crate) message: String,
}

/// Whether every action can answer `code` (a common code of Tencent Cloud API 3.0).
pub(crate) fn is_common(code: &ErrorCode) -> bool {
    code.info().is_some_and(|info| info.common)
}

impl ApiError {
    /// An error with this code and message.
    pub(crate) fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
        }
    }
}

/// A value from a request (a key, a name, a header), cut short if long, to quote in a message.
pub(crate) fn short(s: &str) -> String {
    match s.char_indices().nth(64) {
        Some((end, _)) => format!("{}…", &s[..end]),
        None => s.to_owned(),
    }
}
