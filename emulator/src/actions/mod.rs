//! The business logic of each action, hand-written on the generated request types.

mod create_service_account;
mod delete_service_account;
mod describe_service_accounts;
mod modify_service_account;
mod modify_service_account_password;

use std::time::SystemTime;

use serde_json::{Map, Value};
use tcr_api::action::Action;
use tcr_api::primitives::Timestamp;
use tcr_api::primitives::UnixMillis;
use tcr_api::{
    CreateServiceAccountRequest, DeleteServiceAccountRequest, DescribeServiceAccountsRequest,
    ErrorCode, ModifyServiceAccountPasswordRequest, ModifyServiceAccountRequest,
};

use crate::protocol::{ApiError, decode};
use crate::routes::{Outcome, Runner};
use crate::state::State;

/// What an action's logic may use.
pub(crate) struct Context<'a> {
    /// The service accounts.
    pub(crate) state: &'a State,
    /// The answer's RequestId.
    pub(crate) request_id: &'a str,
    /// The time the request is performed at.
    pub(crate) now: SystemTime,
}

/// An action the emulator implements.
pub(crate) trait Perform: Action {
    /// Performs the (decoded, validated) request.
    fn perform(self, cx: &Context<'_>) -> Result<Self::Output, ApiError>;
}

/// The actions with logic, by name; every other action of the spec answers
/// `UnsupportedOperation` (see [`run_unimplemented`]).
pub(crate) fn implemented() -> Vec<(&'static str, Runner)> {
    vec![
        entry::<CreateServiceAccountRequest>(),
        entry::<DeleteServiceAccountRequest>(),
        entry::<DescribeServiceAccountsRequest>(),
        entry::<ModifyServiceAccountRequest>(),
        entry::<ModifyServiceAccountPasswordRequest>(),
    ]
}

fn entry<A: Perform>() -> (&'static str, Runner) {
    (A::NAME, run::<A>)
}

fn run<A: Perform>(cx: &Context<'_>, params: Map<String, Value>) -> Outcome {
    let request = match decode::<A>(params) {
        Ok(request) => request,
        Err(error) => return Outcome::Refused(error),
    };
    Outcome::Performed(
        request
            .perform(cx)
            .and_then(|output| output_fields(&output)),
    )
}

/// The logic of an action of the spec that the emulator does not implement yet: its request is
/// checked like any other, then refused with `UnsupportedOperation`.
pub(crate) fn run_unimplemented<A: Action>(
    _cx: &Context<'_>,
    params: Map<String, Value>,
) -> Outcome {
    Outcome::Refused(match decode::<A>(params) {
        Ok(_) => ApiError::new(
            ErrorCode::UnsupportedOperation,
            format!("the emulator does not implement {} yet", A::NAME),
        ),
        Err(error) => error,
    })
}

fn output_fields<T: serde::Serialize>(output: &T) -> Result<Map<String, Value>, ApiError> {
    match serde_json::to_value(output) {
        Ok(Value::Object(fields)) => Ok(fields),
        _ => Err(ApiError::new(
            ErrorCode::InternalError,
            "the emulator could not write its answer",
        )),
    }
}

/// `ResourceNotFound` for a registry that does not exist.
pub(crate) fn registry_not_found(id: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ResourceNotFound,
        format!(
            "the registry `{}` does not exist (the emulator knows ids of the form tcr-xxxxxxxx, \
             or those given with --registry)",
            short(id)
        ),
    )
}

/// `ResourceNotFound` for an account that does not exist.
pub(crate) fn account_not_found(name: &str, registry: &str) -> ApiError {
    ApiError::new(
        ErrorCode::ResourceNotFound,
        format!(
            "no service account named `{}` in {}",
            short(name),
            short(registry)
        ),
    )
}

const MILLIS_PER_DAY: i64 = 86_400_000;

/// The expiry a request asks for: `Duration` days from `now` when above 0 (it wins), else
/// `ExpiresAt` (0 meaning never); `None` when it states neither.
pub(crate) fn requested_expiry(
    now: SystemTime,
    duration: Option<i64>,
    expires_at: Option<UnixMillis>,
) -> Option<UnixMillis> {
    let now_ms = UnixMillis::from_system_time(now).unwrap_or_default();
    match (duration, expires_at) {
        (Some(days), _) if days > 0 => Some(UnixMillis::new(
            now_ms
                .get()
                .saturating_add(days.saturating_mul(MILLIS_PER_DAY)),
        )),
        (_, Some(at)) => Some(at),
        _ => None,
    }
}

/// A value from a request, cut short if long, to quote in a message.
pub(crate) fn short(s: &str) -> String {
    match s.char_indices().nth(64) {
        Some((end, _)) => format!("{}…", &s[..end]),
        None => s.to_owned(),
    }
}

/// An answer builder's `build()` error, which only a bug can cause.
pub(crate) fn internal(error: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        ErrorCode::InternalError,
        format!("the emulator could not build its answer: {error}"),
    )
}

/// `now` to the whole second, as Tencent shows times (`2023-03-28T15:48:31+08:00`).
pub(crate) fn whole_seconds(now: SystemTime) -> Timestamp {
    Timestamp::from(now).whole_seconds()
}
