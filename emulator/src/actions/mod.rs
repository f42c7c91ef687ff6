//! The behaviour of each action, hand-written on the generated request types.
//!
//! Giving an action behaviour is one file here, implementing [`Perform`] for the action's
//! generated request type, plus one line in the `behaviours!` list below naming the module and
//! the type. The type checker ties the two: the list only accepts a type that implements
//! [`Perform`], and the route is found from that type's own spec description
//! (`A::INFO`), never from a name typed by hand.
//!
//! This layer sits below the protocol: it takes decoded parameters and the state, and knows
//! nothing of HTTP, routes or faults.

use std::time::SystemTime;

use serde_json::{Map, Value};
use tcr_api::ErrorCode;
use tcr_api::action::{Action, ActionInfo};
use tcr_api::primitives::{Timestamp, UnixMillis};

use crate::api_error::{ApiError, short};
use crate::envelope;
use crate::identity::Identities;
use crate::random::Random;
use crate::request::decode;
use crate::state::State;
use crate::unimplemented::Unimplemented;

/// Declares the modules with behaviour and registers each one's request type.
macro_rules! behaviours {
    ($($module:ident: $request:ty,)*) => {
        $(mod $module;)*

        /// The actions with behaviour and how to run each; every other action of the spec
        /// answers `UnsupportedOperation` (see [`unimplemented`]).
        pub(crate) fn implemented() -> Vec<(&'static ActionInfo, Runner)> {
            vec![$((<$request as Action>::INFO, run::<$request> as Runner),)*]
        }
    };
}

mod credentials;

behaviours! {
    assume_role: tencentcloud_runtime::sts::actions::AssumeRoleRequest,
    assume_role_with_web_identity: tencentcloud_runtime::sts::actions::AssumeRoleWithWebIdentityRequest,
    create_service_account: tcr_api::actions::CreateServiceAccountRequest,
    delete_service_account: tcr_api::actions::DeleteServiceAccountRequest,
    describe_service_accounts: tcr_api::actions::DescribeServiceAccountsRequest,
    modify_service_account: tcr_api::actions::ModifyServiceAccountRequest,
    modify_service_account_password: tcr_api::actions::ModifyServiceAccountPasswordRequest,
}

/// What an action's behaviour may use.
pub(crate) struct Context<'a> {
    /// The service accounts.
    pub(crate) state: &'a State,
    /// Roles, web identities and the temporary credentials issued.
    pub(crate) identities: &'a Identities,
    /// The answer's RequestId.
    pub(crate) request_id: &'a str,
    /// The time the request is performed at, by the emulator's clock.
    pub(crate) now: SystemTime,
    /// The SecretId that signed the request (`None` for an unsigned action).
    pub(crate) caller: Option<&'a str>,
    /// The region the request names (`X-TC-Region`).
    pub(crate) region: Option<&'a str>,
    /// What an action without behaviour answers.
    pub(crate) unimplemented: Unimplemented,
    /// Generated passwords, ids and tokens (seeded or not).
    pub(crate) random: &'a Random,
}

/// What running an action came to.
pub(crate) enum Outcome {
    /// The request was refused before the action's behaviour ran (its parameters broke a rule).
    Refused(ApiError),
    /// The action's behaviour ran: the body of its answer, or the error it ended with.
    Performed(Result<Vec<u8>, ApiError>),
}

/// Decodes the parameters into the action's request type, validates it and performs it.
pub(crate) type Runner = fn(&Context<'_>, Map<String, Value>) -> Outcome;

/// An action the emulator implements.
pub(crate) trait Perform: Action {
    /// Performs the (decoded, validated) request.
    fn perform(self, cx: &Context<'_>) -> Result<Self::Output, ApiError>;
}

fn run<A: Perform>(cx: &Context<'_>, params: Map<String, Value>) -> Outcome {
    let request = match decode::<A>(params) {
        Ok(request) => request,
        Err(error) => return Outcome::Refused(error),
    };
    Outcome::Performed(
        request
            .perform(cx)
            .and_then(|output| envelope::success(&output)),
    )
}

/// The behaviour of an action of the spec that the emulator does not implement yet: its
/// request is checked like any other, then answered as [`Unimplemented`] says.
pub(crate) fn unimplemented<A: Action>(cx: &Context<'_>, params: Map<String, Value>) -> Outcome {
    match decode::<A>(params) {
        Ok(_) => match crate::unimplemented::answer::<A>(cx.unimplemented, cx.request_id) {
            Ok(body) => Outcome::Performed(Ok(body)),
            Err(error) => Outcome::Refused(error),
        },
        Err(error) => Outcome::Refused(error),
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

/// An answer builder's `build()` error, which only a bug can cause.
pub(crate) fn internal(error: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        ErrorCode::InternalError,
        format!("the emulator could not build its answer: {error}"),
    )
}

/// How long temporary credentials last when the request does not say: STS's default.
pub(crate) const DEFAULT_CREDENTIALS_SECONDS: i64 = 7200;

/// The lifetime `DurationSeconds` asks for (STS's default when absent).
///
/// # Errors
/// `InvalidParameter.ParamError` below 1 second (the spec's rule caps it at 43200).
pub(crate) fn duration(duration_seconds: Option<i64>) -> Result<u64, ApiError> {
    let seconds = duration_seconds.unwrap_or(DEFAULT_CREDENTIALS_SECONDS);
    u64::try_from(seconds)
        .ok()
        .filter(|&s| s >= 1)
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::from("InvalidParameter.ParamError"),
                "DurationSeconds must be at least 1 second",
            )
        })
}

/// `time` in ISO 8601, UTC, to the second, as STS writes `Expiration`
/// (`2024-05-01T10:40:00Z`).
pub(crate) fn iso_utc(time: SystemTime) -> String {
    let text = whole_seconds(time).to_string();
    match text.strip_suffix("+00:00") {
        Some(start) => format!("{start}Z"),
        None => text,
    }
}

/// `now` to the whole second, as Tencent shows times (`2023-03-28T15:48:31+08:00`).
pub(crate) fn whole_seconds(now: SystemTime) -> Timestamp {
    Timestamp::from(now).whole_seconds()
}
