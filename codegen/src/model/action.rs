//! `actions/*.yaml`: one API action each.

use schemars::JsonSchema;
use serde::Deserialize;

use super::{Field, RateLimit};

/// One API action: its parameters, answer, error codes and documented examples.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
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
    /// The action's own rate limit, when it differs from the service's.
    pub rate_limit: Option<RateLimit>,
    /// Request parameters, in documentation order.
    pub input: Vec<Field>,
    /// Response fields, in documentation order (`RequestId` is implied).
    pub output: Vec<Field>,
    /// Error codes the action can return beyond the common ones; each must be declared in
    /// `errors.yaml`.
    pub errors: Vec<String>,
    /// The documented examples, checked against the action's own rules at load time.
    #[serde(default)]
    pub examples: Vec<Example>,
}

/// A documented example: a request body and the answer to it, as JSON text.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// The example's title in the documentation.
    pub title: String,
    /// What the example shows.
    pub doc: Option<String>,
    /// The request body, verbatim JSON.
    pub input: String,
    /// The answer, verbatim JSON including the `Response` envelope.
    pub output: String,
}
