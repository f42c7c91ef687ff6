//! The control path, for tests written in any language: `/_emulator/…`, unauthenticated
//! (the emulator is a local test server), JSON in and out.
//!
//! | request | effect |
//! |---|---|
//! | `POST /_emulator/faults` with a [`FaultSpec`] (or an array of them, all or none) | orders faults |
//! | `GET /_emulator/faults` | the pending faults |
//! | `DELETE /_emulator/faults` | drops every pending fault |
//! | `GET /_emulator/registries/{RegistryId}/accounts` | the instance's service accounts (no passwords), whatever its account and region |
//! | `POST /_emulator/images` with an [`ImageTag`] as JSON (or an array of them, all or none) | puts image tags into repositories, as a push would |
//! | `GET /_emulator/state` | the whole state, in the state file's format (passwords and tokens only as salted hashes) |
//! | `PUT /_emulator/state` with such a snapshot | replaces the whole state with it |
//! | `POST /_emulator/reset` | forgets every instance (with all it held), fault and logged call |
//! | `GET /_emulator/clock` | `{"ahead_seconds": N}`: how far the emulator's clock runs ahead of the system's |
//! | `POST /_emulator/clock` with `{"advance_seconds": N}` | moves the clock forward (temporary credentials expire) |
//! | `GET /_emulator/calls` | the latest calls answered, oldest first: `action`, `account`, `region`, `code` (`null` for a success), `request_id` |
//! | `GET /_emulator/calls/{Action}` | `{"calls": N}`: requests that named the action |
//!
//! Answers are `200` with `{"ok": true}` or the data asked for, or `400`/`404`/`405` with
//! `{"error": "..."}`.

use bytes::Bytes;
use hyper::http::request::Parts;
use hyper::{Method, StatusCode};
use serde::Serialize;
use serde_json::{Value, json};

use crate::faults::{self, FaultSpec};
use crate::protocol::Body;
use crate::seed::ImageTag;
use crate::shared::Shared;

/// Where the control path starts.
pub(crate) const PREFIX: &str = "/_emulator/";

/// Answers one control request: status and JSON body.
pub(crate) fn handle(shared: &Shared, head: &Parts, body: Body) -> (StatusCode, Vec<u8>) {
    let path = head.uri.path();
    let rest = path.strip_prefix(PREFIX).unwrap_or("");
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    match (segments.as_slice(), &head.method) {
        (["faults"], &Method::POST) => inject(shared, body),
        (["faults"], &Method::GET) => ok_json(&shared.faults.pending()),
        (["faults"], &Method::DELETE) => {
            shared.faults.clear();
            ok()
        }
        (["registries", id, "accounts"], &Method::GET) => match shared.state.accounts(id) {
            Some(accounts) => ok_json(&accounts),
            None => error(
                StatusCode::NOT_FOUND,
                format!("the registry `{id}` does not exist"),
            ),
        },
        (["clock"], &Method::GET) => ok_json(&json!({
            "ahead_seconds": shared.clock.ahead().as_secs()
        })),
        (["clock"], &Method::POST) => advance(shared, body),
        (["calls"], &Method::GET) => ok_json(&shared.calls.log()),
        (["calls", action], &Method::GET) => ok_json(&json!({ "calls": shared.calls.of(action) })),
        (["images"], &Method::POST) => images(shared, body),
        (["state"], &Method::GET) => match shared.state.snapshot() {
            Ok(bytes) => (StatusCode::OK, bytes),
            Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        },
        (["state"], &Method::PUT) => restore(shared, body),
        (["reset"], &Method::POST) => {
            shared.faults.clear();
            shared.calls.clear_log();
            match shared.state.clear() {
                Ok(()) => ok(),
                Err(e) => error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("cannot write the state file: {e}"),
                ),
            }
        }
        (
            ["faults"]
            | ["reset"]
            | ["state"]
            | ["clock"]
            | ["images"]
            | ["calls"]
            | ["calls", _]
            | ["registries", _, "accounts"],
            _,
        ) => error(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("{} is not allowed on {path}", head.method),
        ),
        _ => error(StatusCode::NOT_FOUND, format!("no control path {path}")),
    }
}

/// The body's bytes, or the answer refusing a body over [`MAX_BODY_BYTES`].
///
/// [`MAX_BODY_BYTES`]: crate::MAX_BODY_BYTES
fn complete(body: Body) -> Result<Bytes, (StatusCode, Vec<u8>)> {
    match body {
        Body::Complete(bytes) => Ok(bytes),
        Body::TooLarge => Err(error(
            StatusCode::BAD_REQUEST,
            "the body is too large".to_owned(),
        )),
    }
}

fn restore(shared: &Shared, body: Body) -> (StatusCode, Vec<u8>) {
    let bytes = match complete(body) {
        Ok(bytes) => bytes,
        Err(refusal) => return refusal,
    };
    match shared.state.restore(&bytes) {
        Ok(()) => ok(),
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
            error(StatusCode::BAD_REQUEST, e.to_string())
        }
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

fn inject(shared: &Shared, body: Body) -> (StatusCode, Vec<u8>) {
    let bytes = match complete(body) {
        Ok(bytes) => bytes,
        Err(refusal) => return refusal,
    };
    let specs: Vec<FaultSpec> = match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Array(items)) => match items.into_iter().map(serde_json::from_value).collect() {
            Ok(specs) => specs,
            Err(e) => return error(StatusCode::BAD_REQUEST, format!("not a fault: {e}")),
        },
        Ok(item) => match serde_json::from_value(item) {
            Ok(spec) => vec![spec],
            Err(e) => return error(StatusCode::BAD_REQUEST, format!("not a fault: {e}")),
        },
        Err(e) => return error(StatusCode::BAD_REQUEST, format!("not JSON: {e}")),
    };
    // All or nothing: check every order before arming any.
    if let Some(e) = specs
        .iter()
        .find_map(|spec| faults::check(spec, &shared.routes).err())
    {
        return error(StatusCode::BAD_REQUEST, e.to_string());
    }
    for spec in specs {
        if let Err(e) = shared.faults.inject(spec, &shared.routes) {
            return error(StatusCode::BAD_REQUEST, e.to_string());
        }
    }
    ok()
}

fn images(shared: &Shared, body: Body) -> (StatusCode, Vec<u8>) {
    let bytes = match complete(body) {
        Ok(bytes) => bytes,
        Err(refusal) => return refusal,
    };
    let tags: Vec<ImageTag> = match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Array(items)) => match items.into_iter().map(serde_json::from_value).collect() {
            Ok(tags) => tags,
            Err(e) => return error(StatusCode::BAD_REQUEST, format!("not an image tag: {e}")),
        },
        Ok(item) => match serde_json::from_value(item) {
            Ok(tag) => vec![tag],
            Err(e) => return error(StatusCode::BAD_REQUEST, format!("not an image tag: {e}")),
        },
        Err(e) => return error(StatusCode::BAD_REQUEST, format!("not JSON: {e}")),
    };
    match crate::handle::push_images(shared, &tags) {
        Ok(()) => ok(),
        Err(e) => error(StatusCode::BAD_REQUEST, e.to_string()),
    }
}

fn advance(shared: &Shared, body: Body) -> (StatusCode, Vec<u8>) {
    let bytes = match complete(body) {
        Ok(bytes) => bytes,
        Err(refusal) => return refusal,
    };
    let seconds = serde_json::from_slice::<Value>(&bytes)
        .ok()
        .and_then(|value| value.get("advance_seconds").and_then(Value::as_u64));
    match seconds {
        Some(seconds) => {
            shared
                .clock
                .advance(std::time::Duration::from_secs(seconds));
            if let Err(e) = shared.state.persist() {
                return error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("the clock moved, but the state file cannot be written: {e}"),
                );
            }
            ok_json(&json!({ "ahead_seconds": shared.clock.ahead().as_secs() }))
        }
        None => error(
            StatusCode::BAD_REQUEST,
            "expected {\"advance_seconds\": N}, N a whole number of seconds".to_owned(),
        ),
    }
}

fn ok() -> (StatusCode, Vec<u8>) {
    ok_json(&json!({"ok": true}))
}

fn ok_json<T: Serialize>(value: &T) -> (StatusCode, Vec<u8>) {
    match serde_json::to_vec(value) {
        Ok(body) => (StatusCode::OK, body),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

fn error(status: StatusCode, message: String) -> (StatusCode, Vec<u8>) {
    let body = serde_json::to_vec(&json!({ "error": message })).unwrap_or_default();
    (status, body)
}
