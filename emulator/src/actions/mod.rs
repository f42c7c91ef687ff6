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
//!
//! # What every resource action shares
//!
//! Where Tencent's documentation is silent, the emulator chose, the same way for every action:
//!
//! - **Region.** `X-TC-Region` is a required common parameter of TCR: a request to a TCR action
//!   with behaviour without it is refused with `MissingParameter`, one naming a region TCR is
//!   not offered in with `UnsupportedRegion` (the regions: `state::region`). (STS's actions do
//!   not need one, as STS; actions without behaviour answer without looking at it.) Resources live per account (that of the
//!   credentials that signed the request) and region; another account's or region's are not
//!   found, as if they did not exist.
//! - **Not found, exists, in use, quota.** One code per kind of resource and reason (the table
//!   of `state::refusal`). An action whose spec does not declare a code answers the code's
//!   common class, with the same message ([`answerable`]): today the spec declares no code for
//!   the resource actions, so `ResourceNotFound.ErrNoNamespace` is answered as
//!   `ResourceNotFound`, and will be answered as itself once the spec declares it.
//! - **A running instance.** Everything inside an instance (namespaces, repositories, images,
//!   tokens, service accounts) needs it `Running`: while it is set up, such calls are refused
//!   with `ResourceInsufficient.ErrorInstanceNotRunning`.
//! - **Paging.** `Limit` absent or 0 means 20; above 100 it is taken as 100; a negative `Limit`
//!   or `Offset` is `InvalidParameter`. Listings paged by item (`DescribeInstances`,
//!   `DescribeInstanceToken`, `DescribeServiceAccounts`) skip `Offset` items. Listings paged by
//!   page number (`DescribeNamespaces`, `DescribeRepositories`, `DescribeImages`) count pages
//!   from 1, and take 0 (the published `DescribeNamespaces` example's) as 1. `TotalCount`
//!   counts every match, whatever the page.
//! - **Order.** Every listing is in creation order, oldest first (images: oldest push first),
//!   unless a `SortBy` says otherwise.
//! - **Filters.** A filter name an action does not support is `InvalidParameter`, naming the
//!   ones it does. A filter, or a name given to narrow a listing, that matches nothing gives an
//!   empty page, never an error; a resource a listing belongs to (the instance of
//!   `DescribeNamespaces`, the repository of `DescribeImages`) that does not exist is that
//!   resource's not-found.
//! - **Times.** Times are the emulator's clock (`advance_clock`), to the second, in UTC.

use std::time::SystemTime;

use serde::Serialize;
use serde::de::DeserializeOwned;
use tcr_api::ErrorCode;
use tcr_api::action::{Action, ActionInfo};
use tcr_api::primitives::{Timestamp, UnixMillis};

use crate::api_error::{ApiError, short};
use crate::envelope;
use crate::identity::Identities;
use crate::random::Random;
use crate::request;
use crate::state::{Place, State, region_id, region_names};
use crate::unimplemented::Unimplemented;

/// Declares the modules with behaviour and registers each one's request type.
macro_rules! behaviours {
    ($($module:ident: $request:ty,)*) => {
        $(mod $module;)*

        /// The actions with behaviour and how to run each; every other action of the spec
        /// answers `UnsupportedOperation` (see [`unimplemented()`]).
        pub(crate) fn implemented() -> Vec<(&'static ActionInfo, Runner)> {
            vec![$((<$request as Action>::INFO, run::<$request> as Runner),)*]
        }
    };
}

mod credentials;
mod instances;
mod permissions;

behaviours! {
    assume_role: tencentcloud_runtime::sts::actions::AssumeRoleRequest,
    assume_role_with_web_identity: tencentcloud_runtime::sts::actions::AssumeRoleWithWebIdentityRequest,
    create_instance: tcr_api::actions::CreateInstanceRequest,
    create_instance_token: tcr_api::actions::CreateInstanceTokenRequest,
    create_namespace: tcr_api::actions::CreateNamespaceRequest,
    create_repository: tcr_api::actions::CreateRepositoryRequest,
    create_service_account: tcr_api::actions::CreateServiceAccountRequest,
    delete_image: tcr_api::actions::DeleteImageRequest,
    delete_instance: tcr_api::actions::DeleteInstanceRequest,
    delete_instance_token: tcr_api::actions::DeleteInstanceTokenRequest,
    delete_namespace: tcr_api::actions::DeleteNamespaceRequest,
    delete_repository: tcr_api::actions::DeleteRepositoryRequest,
    delete_service_account: tcr_api::actions::DeleteServiceAccountRequest,
    describe_images: tcr_api::actions::DescribeImagesRequest,
    describe_instance_status: tcr_api::actions::DescribeInstanceStatusRequest,
    describe_instance_token: tcr_api::actions::DescribeInstanceTokenRequest,
    describe_instances: tcr_api::actions::DescribeInstancesRequest,
    describe_namespaces: tcr_api::actions::DescribeNamespacesRequest,
    describe_repositories: tcr_api::actions::DescribeRepositoriesRequest,
    describe_service_accounts: tcr_api::actions::DescribeServiceAccountsRequest,
    modify_instance_token: tcr_api::actions::ModifyInstanceTokenRequest,
    modify_namespace: tcr_api::actions::ModifyNamespaceRequest,
    modify_repository: tcr_api::actions::ModifyRepositoryRequest,
    modify_service_account: tcr_api::actions::ModifyServiceAccountRequest,
    modify_service_account_password: tcr_api::actions::ModifyServiceAccountPasswordRequest,
}

/// What an action's behaviour may use.
pub(crate) struct Context<'a> {
    /// The resources of every account and region.
    pub(crate) state: &'a State,
    /// Roles, web identities and the temporary credentials issued.
    pub(crate) identities: &'a Identities,
    /// The answer's RequestId.
    pub(crate) request_id: &'a str,
    /// The time the request is performed at, by the emulator's clock.
    pub(crate) now: SystemTime,
    /// The SecretId that signed the request (`None` for an unsigned action).
    pub(crate) caller: Option<&'a str>,
    /// The account `caller` belongs to (`None` for an unsigned action).
    pub(crate) account: Option<&'a str>,
    /// The region the request names (`X-TC-Region`).
    pub(crate) region: Option<&'a str>,
    /// What an action without behaviour answers.
    pub(crate) unimplemented: Unimplemented,
    /// Generated passwords, ids and tokens (seeded or not).
    pub(crate) random: &'a Random,
}

impl Context<'_> {
    /// Where the request's resources live: the caller's account and the request's region.
    ///
    /// # Errors
    /// `MissingParameter` without `X-TC-Region`, `UnsupportedRegion` for a region TCR is not
    /// offered in.
    pub(crate) fn place(&self) -> Result<Place, ApiError> {
        let region = self.region.ok_or_else(|| {
            ApiError::new(
                ErrorCode::MissingParameter,
                "the X-TC-Region header is missing: TCR's actions act in a region (such as \
                 `X-TC-Region: ap-guangzhou`)",
            )
        })?;
        if region_id(region).is_none() {
            return Err(ApiError::new(
                ErrorCode::UnsupportedRegion,
                format!(
                    "TCR is not offered in the region `{}`; the emulator knows {}",
                    short(region),
                    region_names()
                ),
            ));
        }
        let account = self.account.ok_or_else(|| {
            ApiError::new(
                ErrorCode::AuthFailureSecretIdNotFound,
                "the credentials that signed the request belong to no account",
            )
        })?;
        Ok(Place {
            account: account.to_owned(),
            region: region.to_owned(),
        })
    }

    /// The emulator's time, unix milliseconds.
    pub(crate) fn now_ms(&self) -> i64 {
        UnixMillis::from_system_time(self.now)
            .unwrap_or_default()
            .get()
    }
}

/// What running an action came to.
pub(crate) enum Outcome {
    /// The request was refused before the action's behaviour ran (its parameters broke a rule).
    Refused(ApiError),
    /// The action's behaviour ran: the body of its answer, or the error it ended with.
    Performed(Result<Vec<u8>, ApiError>),
}

/// Reads the body as the action's request type, validates it and performs it.
pub(crate) type Runner = fn(&Context<'_>, &[u8]) -> Outcome;

/// An action the emulator implements.
pub(crate) trait Perform: Action + DeserializeOwned {
    /// Performs the (decoded, validated) request.
    fn perform(self, cx: &Context<'_>) -> Result<Self::Output, ApiError>;
}

fn run<A>(cx: &Context<'_>, body: &[u8]) -> Outcome
where
    A: Perform,
    A::Output: Serialize,
{
    let request = match request::read::<A>(body) {
        Ok(request) => request,
        Err(error) => return Outcome::Refused(error),
    };
    Outcome::Performed(
        request
            .perform(cx)
            .map_err(|error| answerable(A::INFO, error))
            .and_then(|output| envelope::success(&output)),
    )
}

/// `error` as the action may answer it: its code when the spec declares it for the action (or
/// as common), else the code's class (`ResourceNotFound` for `ResourceNotFound.ErrNoRepo`)
/// when that is declared, with the same message.
pub(crate) fn answerable(info: &ActionInfo, error: ApiError) -> ApiError {
    let code = error.code.as_str();
    if info.declares(code) {
        return error;
    }
    match code.split_once('.') {
        Some((class, _)) if info.declares(class) => ApiError {
            code: ErrorCode::from(class),
            message: error.message,
        },
        _ => error,
    }
}

/// The behaviour of an action of the spec that the emulator does not implement yet: its
/// request is checked like any other, then answered as [`Unimplemented`] says.
pub(crate) fn unimplemented<A>(cx: &Context<'_>, body: &[u8]) -> Outcome
where
    A: Action + DeserializeOwned,
    A::Output: Serialize,
{
    match request::read::<A>(body) {
        Ok(_) => match crate::unimplemented::answer::<A>(cx.unimplemented, cx.request_id) {
            Ok(body) => Outcome::Performed(Ok(body)),
            Err(error) => Outcome::Refused(error),
        },
        Err(error) => Outcome::Refused(error),
    }
}

/// The largest `Limit` a listing takes; more is taken as this.
pub(crate) const MAX_LIMIT: usize = 100;

/// The `Limit` of a listing when absent or 0.
pub(crate) const DEFAULT_LIMIT: usize = 20;

/// The number of items a page holds: `Limit`, 20 when absent or 0, at most 100.
///
/// # Errors
/// `InvalidParameter` for a negative `Limit`.
pub(crate) fn page_size(limit: Option<i64>) -> Result<usize, ApiError> {
    match limit.unwrap_or(0) {
        0 => Ok(DEFAULT_LIMIT),
        n => usize::try_from(n)
            .map(|n| n.min(MAX_LIMIT))
            .map_err(|_| negative("Limit", n)),
    }
}

/// How many items to skip for an `Offset` counting items (absent: 0).
///
/// # Errors
/// `InvalidParameter` for a negative `Offset`.
pub(crate) fn item_offset(offset: Option<i64>) -> Result<usize, ApiError> {
    let offset = offset.unwrap_or(0);
    usize::try_from(offset).map_err(|_| negative("Offset", offset))
}

/// How many items to skip for an `Offset` counting pages of `size` items from 1 (absent or 0:
/// the first page).
///
/// # Errors
/// `InvalidParameter` for a negative `Offset`.
pub(crate) fn page_offset(offset: Option<i64>, size: usize) -> Result<usize, ApiError> {
    let page = item_offset(offset)?;
    Ok(page.saturating_sub(1).saturating_mul(size))
}

fn negative(name: &str, value: i64) -> ApiError {
    ApiError::new(
        ErrorCode::InvalidParameter,
        format!("{name}: must be at least 0, not {value}"),
    )
}

/// `items[skip..skip + size]`, and how many there were in all, as `TotalCount`.
pub(crate) fn page<T>(items: Vec<T>, skip: usize, size: usize) -> (Vec<T>, i64) {
    let total = i64::try_from(items.len()).unwrap_or(i64::MAX);
    (items.into_iter().skip(skip).take(size).collect(), total)
}

/// `InvalidParameter` unless every filter's name is one of `supported`.
pub(crate) fn check_filters(
    filters: &[tcr_api::types::Filter],
    supported: &[&str],
) -> Result<(), ApiError> {
    for (index, filter) in filters.iter().enumerate() {
        if !supported.contains(&filter.name.as_str()) {
            return Err(ApiError::new(
                ErrorCode::InvalidParameter,
                format!(
                    "Filters.{index}.Name: `{}` is not supported; the filters are {}",
                    short(&filter.name),
                    supported
                        .iter()
                        .map(|name| format!("`{name}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// A time of the state (unix milliseconds) as answers show it: UTC, to the second
/// (`2024-05-01T10:40:00+00:00`).
pub(crate) fn timestamp(ms: i64) -> Timestamp {
    Timestamp::from_unix(ms.div_euclid(1000), 0, 0)
}

/// A time in Go's default layout, as `TcrRepositoryInfo` shows times
/// (`2024-12-10 14:30:36 +0000 UTC`).
pub(crate) fn go_time(ms: i64) -> String {
    let text = timestamp(ms).to_string();
    let text = text.strip_suffix("+00:00").unwrap_or(&text);
    format!("{} +0000 UTC", text.replacen('T', " ", 1))
}

/// A time in ISO 8601 with a `Z`, as `TcrImageInfo` shows times (`2022-08-06T07:31:01Z`).
pub(crate) fn utc_time(ms: i64) -> String {
    let text = timestamp(ms).to_string();
    match text.strip_suffix("+00:00") {
        Some(start) => format!("{start}Z"),
        None => text,
    }
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
    utc_time(UnixMillis::from_system_time(time).unwrap_or_default().get())
}

/// `now` to the whole second, as Tencent shows times (`2023-03-28T15:48:31+08:00`).
pub(crate) fn whole_seconds(now: SystemTime) -> Timestamp {
    Timestamp::from(now).whole_seconds()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_defaults_and_bounds() {
        assert_eq!(page_size(None).unwrap(), 20);
        assert_eq!(page_size(Some(0)).unwrap(), 20);
        assert_eq!(page_size(Some(500)).unwrap(), 100);
        assert_eq!(
            page_size(Some(-1)).unwrap_err().code,
            ErrorCode::InvalidParameter
        );
        assert_eq!(item_offset(Some(3)).unwrap(), 3);
        assert_eq!(page_offset(None, 20).unwrap(), 0);
        assert_eq!(page_offset(Some(0), 20).unwrap(), 0);
        assert_eq!(page_offset(Some(1), 20).unwrap(), 0);
        assert_eq!(page_offset(Some(3), 20).unwrap(), 40);
        assert_eq!(page(vec![1, 2, 3, 4, 5], 2, 2), (vec![3, 4], 5));
    }

    #[test]
    fn times_in_the_three_layouts() {
        let ms = 1_733_841_036_806;
        assert_eq!(timestamp(ms).to_string(), "2024-12-10T14:30:36+00:00");
        assert_eq!(go_time(ms), "2024-12-10 14:30:36 +0000 UTC");
        assert_eq!(utc_time(ms), "2024-12-10T14:30:36Z");
    }

    #[test]
    fn an_undeclared_code_is_answered_as_its_class() {
        let info = <tcr_api::actions::DeleteNamespaceRequest as Action>::INFO;
        let precise = crate::state::no_namespace("apps", "tcr-abcd1234");
        let answered = answerable(info, precise.clone());
        assert_eq!(answered.code, ErrorCode::ResourceNotFound);
        assert_eq!(answered.message, precise.message);
        let create = <tcr_api::actions::CreateServiceAccountRequest as Action>::INFO;
        let quota = ApiError::new(ErrorCode::OperationDeniedQuotaOverLimit, "full");
        assert_eq!(answerable(create, quota.clone()), quota, "declared: kept");
    }
}
