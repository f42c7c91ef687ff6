//! `actions/*.yaml`: one API action each.

use schemars::JsonSchema;
use serde::Deserialize;

use super::{Field, RateLimit};

/// One API action: its parameters, answer, error codes and documented examples.
#[derive(Clone, Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// Action name as sent in `X-TC-Action` (`CreateServiceAccount`).
    pub name: String,
    /// What the action does.
    pub doc: String,
    /// Whether sending the request again after an attempt that may have reached the server is
    /// harmless. `false` for an action whose repeat fails or does something twice (a create
    /// whose answer carries a secret shown only once); clients never re-send such a request
    /// once it may have arrived.
    pub safe_to_resend: bool,
    /// Whether requests are signed with TC3-HMAC-SHA256 (the default). `false` only for the few
    /// actions Tencent serves without a signature, such as `AssumeRoleWithWebIdentity`, which a
    /// program calls to get credentials in the first place: the client then sends
    /// `Authorization: SKIP` with no signature and no token, and needs no credentials.
    #[serde(default = "signed_by_default")]
    #[schemars(default = "signed_by_default")]
    pub signed: bool,
    /// The action's own rate limit, when it differs from the service's.
    pub rate_limit: Option<RateLimit>,
    /// Request parameters, in documentation order.
    pub input: Vec<Field>,
    /// Response fields, in documentation order (`RequestId` is implied).
    pub output: Vec<Field>,
    /// For a listing answered a page at a time: which parameters and fields page through it.
    /// Clients get a paginator that walks every page.
    pub pagination: Option<Pagination>,
    /// Error codes the action can return beyond the common ones; each must be declared in
    /// `errors.yaml`.
    pub errors: Vec<String>,
    /// The documented examples, checked against the action's own rules at load time.
    #[serde(default)]
    pub examples: Vec<Example>,
}

fn signed_by_default() -> bool {
    true
}

/// A documented example: a request body and the answer to it, as JSON text.
///
/// An example published by Tencent that contradicts the spec is kept as published, with the
/// reason in `input_mismatch` or `output_mismatch`; the check then requires that it still
/// contradicts the spec, so a fix on either side is noticed and the mark removed.
#[derive(Clone, Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// The example's title in the documentation.
    pub title: String,
    /// What the example shows.
    pub doc: Option<String>,
    /// For an example imported from Tencent's definition: its position (from 1) among the
    /// action's examples in `examples.json`. `cargo xtask import` updates the input and output
    /// of such an example and keeps everything else; hand-written examples leave it out.
    pub tencent_example: Option<u32>,
    /// Why the input does not fit the spec (the example is kept as published).
    pub input_mismatch: Option<String>,
    /// Why the output does not fit the spec (the example is kept as published).
    pub output_mismatch: Option<String>,
    /// The request body, verbatim JSON.
    pub input: String,
    /// The answer, verbatim JSON including the `Response` envelope.
    pub output: String,
}

/// How a listing pages: an offset (`offset` and `limit`) or a page number (`page` and
/// `page_size`) in, a page of items and a total out. State one pair, not both. Clients get a
/// paginator that walks every page until an empty page, the total, or (without a total) a
/// short page.
#[derive(Clone, Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    /// The `Integer` parameter that skips items (`Offset`).
    pub offset: Option<String>,
    /// The `Integer` parameter that sets the page size (`Limit`), with `offset`.
    pub limit: Option<String>,
    /// The `Integer` parameter that numbers pages (`Page`, `PageNo`, or an `Offset` documented
    /// as a page number).
    pub page: Option<String>,
    /// The `Integer` parameter that sets the page size, with `page` (`PageSize`, `Limit`).
    pub page_size: Option<String>,
    /// The number of the first page, with `page` (default 1).
    pub first_page: Option<i64>,
    /// The `Array of …` answer field holding the page's items (`ServiceAccounts`), or a member
    /// of a structure answer field, one level down (`Data.RepoInfo`).
    pub items: String,
    /// The `Integer` (or `UInt64`) answer field counting the items of every page
    /// (`TotalCount`), or a member of a structure answer field (`Data.TotalCount`). Without
    /// it, a page shorter than the page size asked for ends the walk.
    pub total: Option<String>,
}
