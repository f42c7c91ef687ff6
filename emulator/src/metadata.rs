//! The CVM instance metadata service, for the emulated instance's CAM role: what a program on
//! CVM asks with no credentials at all.
//!
//! | request | answer |
//! |---|---|
//! | `GET /latest/meta-data/cam/security-credentials/` | `200`, the role's name (text); `404` when no role is bound (`--instance-role`) |
//! | `GET /latest/meta-data/cam/security-credentials/<role>` | `200`, fresh temporary credentials as CVM serves them: `{"TmpSecretId", "TmpSecretKey", "ExpiredTime", "Expiration", "Token", "Code": "Success"}`; `404` for another role |
//! | anything else under `/latest/meta-data/` | `404`; a method other than `GET`: `405` |
//!
//! The credentials last [`METADATA_CREDENTIALS_SECONDS`] by the emulator's clock and sign TCR
//! and STS requests like any others.

use std::time::Duration;

use hyper::Method;
use hyper::StatusCode;
use hyper::http::request::Parts;
use serde_json::json;

use crate::actions::iso_utc;
use crate::clock::seconds;
use crate::identity::Issuer;
use crate::shared::Shared;

/// Where the metadata paths start.
pub(crate) const PREFIX: &str = "/latest/meta-data/";

/// Where the role and its credentials are.
pub const CREDENTIALS_PATH: &str = "/latest/meta-data/cam/security-credentials/";

/// How long the instance role's credentials last.
pub const METADATA_CREDENTIALS_SECONDS: u64 = 7200;

/// An answer: status, content type and body.
pub(crate) struct MetadataAnswer {
    pub(crate) status: StatusCode,
    pub(crate) content_type: &'static str,
    pub(crate) body: Vec<u8>,
}

/// Answers one request under [`PREFIX`].
pub(crate) fn answer(shared: &Shared, head: &Parts) -> MetadataAnswer {
    shared.calls.count_metadata();
    let text = |status, body: &str| MetadataAnswer {
        status,
        content_type: "text/plain",
        body: body.as_bytes().to_vec(),
    };
    if head.method != Method::GET {
        return text(
            StatusCode::METHOD_NOT_ALLOWED,
            "the metadata service takes GET",
        );
    }
    let path = head.uri.path();
    let Some(rest) = path
        .strip_prefix(CREDENTIALS_PATH)
        .or_else(|| (path == CREDENTIALS_PATH.trim_end_matches('/')).then_some(""))
    else {
        return text(StatusCode::NOT_FOUND, "not found");
    };
    let Some(role) = shared.identities.instance_role() else {
        return text(
            StatusCode::NOT_FOUND,
            "no CAM role is bound to this instance",
        );
    };
    if rest.is_empty() {
        return text(StatusCode::OK, role);
    }
    if rest != role {
        return text(StatusCode::NOT_FOUND, "no such role on this instance");
    }
    let fresh = shared.identities.issued.issue(
        Issuer::InstanceRole {
            role: role.to_owned(),
        },
        shared.identities.instance_account(),
        None,
        shared.clock.now(),
        Duration::from_secs(METADATA_CREDENTIALS_SECONDS),
        &shared.random,
    );
    let body = json!({
        "TmpSecretId": fresh.secret_id,
        "TmpSecretKey": fresh.secret_key,
        "ExpiredTime": seconds(fresh.expires_at),
        "Expiration": iso_utc(fresh.expires_at),
        "Token": fresh.token,
        "Code": "Success",
    });
    MetadataAnswer {
        status: StatusCode::OK,
        content_type: "application/json",
        body: serde_json::to_vec(&body).unwrap_or_default(),
    }
}
