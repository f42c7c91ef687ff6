//! The retry rules as a table: every kind of failure, for an action that is safe to re-send
//! and one that is not.

use tcr_api::ErrorCode;
use tcr_api::Outcome;
use tcr_api::client::retry::{AttemptFailure, Decision, classify};

#[test]
fn retry_classification_table() {
    use AttemptFailure::{NoAnswer, Service};
    let unsafe_reason =
        Some("the action is not safe to re-send once it may have reached the service");
    let table: Vec<(AttemptFailure, bool, Decision)> = vec![
        // Refused before acting: retried whatever the action.
        (
            Service(ErrorCode::RequestLimitExceeded),
            false,
            Decision::Retry,
        ),
        (
            Service(ErrorCode::RequestLimitExceeded),
            true,
            Decision::Retry,
        ),
        // Never sent: retried whatever the action.
        (NoAnswer(Outcome::NotSent), false, Decision::Retry),
        (NoAnswer(Outcome::NotSent), true, Decision::Retry),
        // Outcome unknown: only an action safe to re-send.
        (NoAnswer(Outcome::Unknown), true, Decision::Retry),
        (
            NoAnswer(Outcome::Unknown),
            false,
            Decision::GiveUp(unsafe_reason),
        ),
        // Transient service failures: only an action safe to re-send.
        (Service(ErrorCode::InternalError), true, Decision::Retry),
        (
            Service(ErrorCode::InternalError),
            false,
            Decision::GiveUp(None),
        ),
        (
            Service(ErrorCode::FailedOperationDbError),
            true,
            Decision::Retry,
        ),
        (
            Service(ErrorCode::ResourceUnavailable),
            true,
            Decision::Retry,
        ),
        // Errors a repeat cannot fix: never.
        (
            Service(ErrorCode::InvalidParameter),
            true,
            Decision::GiveUp(None),
        ),
        (
            Service(ErrorCode::AuthFailureSignatureFailure),
            true,
            Decision::GiveUp(None),
        ),
        (
            Service(ErrorCode::AuthFailureSignatureExpire),
            true,
            Decision::GiveUp(None),
        ),
        (
            Service(ErrorCode::OperationDeniedQuotaOverLimit),
            true,
            Decision::GiveUp(None),
        ),
        (
            Service(ErrorCode::from("Some.FutureCode")),
            true,
            Decision::GiveUp(None),
        ),
    ];
    for (failure, safe, expected) in table {
        assert_eq!(
            classify(&failure, safe),
            expected,
            "{failure:?}, safe to re-send: {safe}"
        );
    }
}
