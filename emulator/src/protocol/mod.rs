//! The TCR API protocol: from a received `POST /` to the JSON answer.
//!
//! The checks, in order, and their codes (every code common, or declared for the action):
//!
//! 1. `POST /` only: else `UnsupportedProtocol`.
//! 2. A body of at most 1 MiB: else `LimitExceeded`.
//! 3. Authentication (see the `auth` module), with the credential scope of the action's own
//!    service (`tcr`, `sts`): `AuthFailure.SignatureFailure`, `AuthFailure.SignatureExpire`,
//!    `AuthFailure.SecretIdNotFound`, `AuthFailure.TokenFailure`, `MissingParameter` for a
//!    missing `X-TC-Timestamp`. An action its spec marks unsigned
//!    (`AssumeRoleWithWebIdentity`) skips it: its `Authorization` is `SKIP` or absent.
//! 4. `X-TC-Action`: `MissingParameter` when absent, `InvalidAction` when unknown.
//! 5. `X-TC-Version`: `MissingParameter` when absent, `NoSuchVersion` when not the action's.
//! 6. Faults ordered for the action: a delay is noted, an error is answered.
//! 7. The rate limit: `RequestLimitExceeded`.
//! 8. `Content-Type: application/json`: else `UnsupportedProtocol`.
//! 9. The body and its parameters (see the `request` module): `InvalidParameter`,
//!    `MissingParameter`, `UnknownParameter`.
//! 10. The action's logic, then a close-after-perform fault if one is ordered.
//!
//! Every answer is HTTP 200 with `Content-Type: application/json` and a fresh RequestId.

use std::borrow::Cow;
use std::time::Duration;

use bytes::Bytes;
use hyper::http::request::Parts;
use hyper::{HeaderMap, Method};
use tcr_api::ErrorCode;

use crate::actions::{Context, Outcome};
use crate::api_error::{ApiError, is_common, short};
use crate::auth::Received;
use crate::calls::Logged;
use crate::envelope;
use crate::routes::Route;
use crate::shared::Shared;

/// The largest body accepted: 1 MiB.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// A request body as read.
pub(crate) enum Body {
    /// Every byte of it.
    Complete(Bytes),
    /// More than [`MAX_BODY_BYTES`].
    TooLarge,
}

/// What to send back.
pub(crate) struct Answer {
    /// The JSON body.
    pub(crate) body: Vec<u8>,
    /// How long to hold it back.
    pub(crate) delay: Option<Duration>,
    /// Close the connection instead of answering.
    pub(crate) close: bool,
}

/// What the pipeline learnt about a call on the way.
///
/// The `X-TC-Action` and `X-TC-Region` headers are read once, before the first check, so that
/// the call log names them whatever the outcome (a `GET /` included).
#[derive(Default)]
struct Call<'a> {
    /// The action the request named (`X-TC-Action`), trimmed; `None` when it named none.
    action: Option<&'a str>,
    /// The region the request named (`X-TC-Region`), trimmed; `None` when it named none.
    region: Option<&'a str>,
    route: Option<&'a Route>,
    /// The account of the credentials that signed the request, once authenticated.
    account: Option<String>,
    delay: Option<Duration>,
    close: bool,
}

/// Answers one API request.
pub(crate) fn answer(shared: &Shared, head: &Parts, body: Body) -> Answer {
    let request_id = shared.random.request_id();
    let mut call = Call {
        action: header_text(&head.headers, "x-tc-action"),
        region: header_text(&head.headers, "x-tc-region"),
        ..Call::default()
    };
    let result = process(shared, head, body, &request_id, &mut call);
    if shared.log_requests {
        let action = call.route.map_or("-", |r| r.info.name);
        let outcome = match (&result, call.close) {
            (_, true) => "closed without answering",
            (Ok(_), false) => "OK",
            (Err(error), false) => error.code.as_str(),
        };
        eprintln!("{action} {outcome} {request_id}");
    }
    let result = result.map_err(|error| declared(call.route, error));
    let (body, code) = match result {
        Ok(body) => (body, None),
        Err(error) => (envelope::error(&error, &request_id), Some(error.code)),
    };
    shared.calls.record(Logged {
        // The route's own name when the action is known: no copy of the header.
        action: match (call.route, call.action) {
            (Some(route), _) => Cow::Borrowed(route.info.name),
            (None, action) => Cow::Owned(action.unwrap_or_default().to_owned()),
        },
        account: call.account.take(),
        region: call.region.map(str::to_owned),
        code,
        request_id,
    });
    Answer {
        body,
        delay: call.delay,
        close: call.close,
    }
}

fn process<'a>(
    shared: &'a Shared,
    head: &Parts,
    body: Body,
    request_id: &str,
    call: &mut Call<'a>,
) -> Result<Vec<u8>, ApiError> {
    if head.method != Method::POST || head.uri.path() != "/" {
        return Err(ApiError::new(
            ErrorCode::UnsupportedProtocol,
            format!(
                "the emulator takes `POST /` with a JSON body, not `{} {}`",
                head.method,
                head.uri.path()
            ),
        ));
    }
    let body = match body {
        Body::Complete(bytes) => bytes,
        Body::TooLarge => {
            return Err(ApiError::new(
                ErrorCode::LimitExceeded,
                format!("the request body is larger than {MAX_BODY_BYTES} bytes (1 MiB)"),
            ));
        }
    };
    let now = shared.clock.now();
    // Which action the request names, before it is authenticated: an unsigned action skips
    // authentication, and a signed one is checked against its own service's scope.
    let named = call.action.and_then(|a| shared.routes.get(a));
    if let Some(route) = named {
        shared.calls.count(route.info.name);
    }
    let caller = match named {
        Some(route) if !route.info.signed => None,
        _ => Some(shared.auth.check(
            &Received {
                method: head.method.as_str(),
                path: head.uri.path(),
                query: head.uri.query().unwrap_or(""),
                headers: &head.headers,
                body: &body,
            },
            now,
            named.map_or(tcr_api::SERVICE.name, |route| route.info.service.name),
            &shared.identities.issued,
        )?),
    };

    call.account = caller
        .as_deref()
        .and_then(|id| shared.identities.account_of(id));
    let route = resolve(shared, call.action, &head.headers)?;
    call.route = Some(route);
    call.delay = shared
        .faults
        .take_delay(route.info.name, call.account.as_deref());
    if let Some(error) = shared
        .faults
        .take_error(route.info.name, call.account.as_deref())
    {
        return Err(error);
    }
    if !shared.limiters.allow(route.info.name) {
        return Err(ApiError::new(
            ErrorCode::RequestLimitExceeded,
            format!(
                "too many {} requests per second; wait and send it again",
                route.info.name
            ),
        ));
    }
    check_content_type(&head.headers)?;
    let cx = Context {
        state: &shared.state,
        identities: &shared.identities,
        request_id,
        now,
        caller: caller.as_deref(),
        account: call.account.as_deref(),
        region: call.region,
        unimplemented: shared.unimplemented,
        random: &shared.random,
    };
    match (route.run)(&cx, &body) {
        Outcome::Refused(error) => Err(error),
        Outcome::Performed(result) => {
            call.close = shared
                .faults
                .take_close(route.info.name, call.account.as_deref());
            result
        }
    }
}

/// A header's value, trimmed, when present, ASCII and not empty.
fn header_text<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// The action and version of the request, `action` being its `X-TC-Action` as read.
fn resolve<'a>(
    shared: &'a Shared,
    action: Option<&str>,
    headers: &HeaderMap,
) -> Result<&'a Route, ApiError> {
    let action = action.ok_or_else(|| {
        ApiError::new(
            ErrorCode::MissingParameter,
            "the X-TC-Action header is missing: name the action",
        )
    })?;
    let route = shared.routes.get(action).ok_or_else(|| {
        let known: Vec<&str> = shared.routes.iter().map(|r| r.info.name).collect();
        ApiError::new(
            ErrorCode::InvalidAction,
            format!(
                "there is no action `{}` (the emulator knows {})",
                short(action),
                known.join(", ")
            ),
        )
    })?;
    let version = header_text(headers, "x-tc-version").ok_or_else(|| {
        ApiError::new(
            ErrorCode::MissingParameter,
            format!(
                "the X-TC-Version header is missing: {} is version {}",
                route.info.name, route.info.service.version
            ),
        )
    })?;
    if version != route.info.service.version {
        return Err(ApiError::new(
            ErrorCode::NoSuchVersion,
            format!(
                "there is no version `{}` of {}; use {}",
                short(version),
                route.info.name,
                route.info.service.version
            ),
        ));
    }
    Ok(route)
}

/// The body must be declared JSON (parameters such as `charset` are allowed).
fn check_content_type(headers: &HeaderMap) -> Result<(), ApiError> {
    let media_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::trim);
    if media_type.is_some_and(|t| t.eq_ignore_ascii_case("application/json")) {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::UnsupportedProtocol,
            "the emulator takes request bodies of Content-Type application/json",
        ))
    }
}

/// `error`, or `InternalError` should the emulator ever be about to answer a code the spec does
/// not declare for the action (or, before the action is known, a code that is not common).
fn declared(route: Option<&Route>, error: ApiError) -> ApiError {
    let ok = route.map_or_else(
        || is_common(&error.code),
        |r| r.info.declares(error.code.as_str()),
    );
    if ok {
        error
    } else {
        ApiError::new(
            ErrorCode::InternalError,
            format!(
                "emulator bug: it was about to answer the undeclared code {}",
                error.code
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::Routes;

    #[test]
    fn an_undeclared_code_never_leaves_the_emulator() {
        let routes = Routes::from_spec();
        let modify = routes.get("ModifyServiceAccountPassword");
        let quota = ApiError::new(ErrorCode::OperationDeniedQuotaOverLimit, "full");
        assert_eq!(
            declared(modify, quota.clone()).code,
            ErrorCode::InternalError
        );
        let create = routes.get("CreateServiceAccount");
        assert_eq!(declared(create, quota.clone()), quota);
        // Before the action is known, only common codes.
        assert_eq!(declared(None, quota).code, ErrorCode::InternalError);
        let common = ApiError::new(ErrorCode::InvalidAction, "no");
        assert_eq!(declared(None, common.clone()), common);
    }
}
