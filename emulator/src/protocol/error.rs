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

impl ApiError {
    /// An error with this code and message.
    pub(crate) fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
        }
    }
}
