//! The checked spec, lowered: names resolved to Rust names, types resolved, constraints typed.
//! Everything the emitters and the example checker need, nothing they would have to re-derive.

use spec_rules::CharClass;

/// A whole checked spec folder.
#[derive(Clone, Debug)]
pub struct Api {
    /// The service.
    pub service: ServiceIr,
    /// Every declared error code: common ones first, then the service's, as written.
    pub errors: Vec<ErrorCodeIr>,
    /// Data types, by name.
    pub types: Vec<TypeIr>,
    /// Actions, by name.
    pub actions: Vec<ActionIr>,
}

impl Api {
    /// The type named `name`.
    pub fn type_named(&self, name: &str) -> Option<&TypeIr> {
        self.types.iter().find(|t| t.name() == name)
    }
}

/// The service.
#[derive(Clone, Debug)]
pub struct ServiceIr {
    /// `tcr`.
    pub name: String,
    /// `2019-09-24`.
    pub version: String,
    /// `Tencent Container Registry`.
    pub title: String,
    /// What the service is.
    pub doc: String,
    /// China site host.
    pub china: String,
    /// International site host.
    pub international: String,
    /// Regional host template with `{region}`.
    pub regional: String,
    /// Default per-action limit.
    pub rate_limit_per_second: u32,
}

/// A declared error code.
#[derive(Clone, Debug)]
pub struct ErrorCodeIr {
    /// `FailedOperation.DbError`.
    pub code: String,
    /// `FailedOperationDbError`.
    pub variant: String,
    /// What it means.
    pub doc: String,
    /// Shared by every action.
    pub common: bool,
    /// The server refused before acting.
    pub refused_before_acting: bool,
    /// The failure may pass by itself.
    pub transient: bool,
}

/// A data type.
#[derive(Clone, Debug)]
pub enum TypeIr {
    /// A structure.
    Struct(StructIr),
    /// An enumeration of strings.
    Enum(EnumIr),
}

impl TypeIr {
    /// The type's name (the same in the API and in Rust).
    pub fn name(&self) -> &str {
        match self {
            TypeIr::Struct(s) => &s.name,
            TypeIr::Enum(e) => &e.name,
        }
    }
}

/// A structure type.
#[derive(Clone, Debug)]
pub struct StructIr {
    /// `Permission`.
    pub name: String,
    /// What it is.
    pub doc: String,
    /// Its fields.
    pub fields: Vec<FieldIr>,
    /// Where it is used, which decides which of its fields are plain values
    /// ([`FieldIr::plain`]).
    pub usage: Usage,
}

/// Where a structure is used: reachable from some action's request, from some action's answer
/// (directly, in an array or through other structures), both, or neither.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Sent in requests: its `required` members must be present.
    pub requests: bool,
    /// Read from answers: its `always_present` members that are never `null` are always there.
    pub answers: bool,
}

impl Usage {
    /// Whether a member with these flags is a plain `T` in Rust rather than an `Option<T>`: it
    /// must be there on every side the structure is used on. On the request side that is
    /// `required`; on the answer side, `always_present` and not `may_be_null` (an absent or
    /// `null` member of an answer would not decode otherwise). A structure used nowhere follows
    /// the request side, as structures did before answers had flags.
    pub fn plain(self, required: bool, answer: AnswerRules) -> bool {
        let request_side = if self.requests || !self.answers {
            required
        } else {
            true
        };
        let answer_side = !self.answers || answer.is_guaranteed();
        request_side && answer_side
    }
}

/// An enumeration of strings.
#[derive(Clone, Debug)]
pub struct EnumIr {
    /// `PermissionAction`.
    pub name: String,
    /// What it is.
    pub doc: String,
    /// The documented values.
    pub values: Vec<EnumValueIr>,
    /// Validation refuses values not listed.
    pub reject_unknown: bool,
}

/// A documented enumeration value.
#[derive(Clone, Debug)]
pub struct EnumValueIr {
    /// `tcr:PushRepository`.
    pub wire: String,
    /// `PushRepository`.
    pub variant: String,
    /// What it means.
    pub doc: String,
}

/// A field of a request, response or structure.
#[derive(Clone, Debug)]
pub struct FieldIr {
    /// Name on the wire (`Permissions`).
    pub wire: String,
    /// Rust field name (`permissions`, or `r#type`).
    pub rust: String,
    /// Builder method that appends one element, for arrays (`permission`).
    pub singular: Option<String>,
    /// What it means.
    pub doc: String,
    /// Its type.
    pub ty: TypeRef,
    /// Must be present in a request.
    pub required: bool,
    /// What answers promise about the field.
    pub answer: AnswerRules,
    /// The Rust field is the value itself, not an `Option`: a `required` request parameter, an
    /// answer field that is always present and never `null`, and for a member of a structure,
    /// whatever [`Usage::plain`] says for where the structure is used. Builders require it.
    pub plain: bool,
    /// Must be present when another field has a value.
    pub required_when: Option<ConditionIr>,
    /// Never printed.
    pub secret: bool,
    /// Stored in a `Box`: the structure holding this field contains itself through it (directly
    /// or through other structures, not through an array), which needs an indirection in Rust.
    pub boxed: bool,
    /// Constraints on the value (on each element, for arrays).
    pub rules: RulesIr,
}

/// "Required when `field` is `equals`".
#[derive(Clone, Debug)]
pub struct ConditionIr {
    /// Index of the other field in the same structure.
    pub field: usize,
    /// The value that makes this field required.
    pub equals: serde_json::Value,
}

/// Constraints on one value.
#[derive(Clone, Debug, Default)]
pub struct RulesIr {
    /// Length in characters.
    pub length: Option<(Option<u32>, Option<u32>)>,
    /// Classes it must contain.
    pub must_contain: Vec<CharClass>,
    /// Regular expression.
    pub pattern: Option<String>,
    /// Integer bounds, as stated (for `Integer` and `UInt64`).
    pub range: Option<(Option<i64>, Option<i64>)>,
}

/// What the service promises about an answer field (imported from Tencent's definition).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AnswerRules {
    /// Always sent (`always_present`).
    pub always_present: bool,
    /// May be sent as `null` (`may_be_null`).
    pub may_be_null: bool,
}

impl AnswerRules {
    /// Always sent, and never as `null`: an answer without a value here breaks the spec.
    pub fn is_guaranteed(self) -> bool {
        self.always_present && !self.may_be_null
    }
}

impl RulesIr {
    /// No constraint checked before sending.
    pub fn is_empty(&self) -> bool {
        self.length.is_none()
            && self.must_contain.is_empty()
            && self.pattern.is_none()
            && self.range.is_none()
    }
}

/// A resolved type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeRef {
    /// A built-in type.
    Scalar(Scalar),
    /// A structure from `types/`.
    Struct(String),
    /// An enumeration from `types/`.
    Enum(String),
    /// `Array of …`.
    Array(Box<TypeRef>),
}

impl TypeRef {
    /// The element type of an array, or the type itself.
    pub fn element(&self) -> &TypeRef {
        match self {
            TypeRef::Array(inner) => inner.element(),
            other => other,
        }
    }
}

/// Built-in types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scalar {
    /// `String`.
    String,
    /// `Integer`: signed, 64 bits (`i64`).
    Integer,
    /// `UInt64`: unsigned, 64 bits (`u64`).
    UInt64,
    /// `Integer` with `format: unix-milliseconds`.
    UnixMillis,
    /// `Integer` with `format: unix-seconds`.
    UnixSeconds,
    /// `Boolean`.
    Boolean,
    /// `Float`.
    Float,
    /// `Timestamp ISO8601`.
    Timestamp,
}

/// An action.
#[derive(Clone, Debug)]
pub struct ActionIr {
    /// `CreateServiceAccount`.
    pub name: String,
    /// What it does.
    pub doc: String,
    /// Module name (`create_service_account`).
    pub module: String,
    /// Safe to send again after it may have arrived.
    pub safe_to_resend: bool,
    /// Signed with TC3-HMAC-SHA256 (`false`: sent with `Authorization: SKIP`, no credentials).
    pub signed: bool,
    /// Requests per second.
    pub rate_limit_per_second: u32,
    /// Parameters.
    pub input: Vec<FieldIr>,
    /// Answer fields (without `RequestId`).
    pub output: Vec<FieldIr>,
    /// Codes beyond the common ones.
    pub errors: Vec<String>,
    /// Documented examples.
    pub examples: Vec<ExampleIr>,
    /// How the answer pages, for a listing: by offset or by page number.
    pub pagination: Option<PaginationIr>,
}

/// How a listing pages: the parameters that move through it, and the answer fields holding a
/// page's items and the total.
#[derive(Clone, Debug)]
pub struct PaginationIr {
    /// The parameters, as indexes into the action's `input`.
    pub paging: PagingIr,
    /// The answer field holding the items.
    pub items: AnswerPath,
    /// The answer field counting all items.
    pub total: Option<AnswerPath>,
}

/// The parameters a listing pages with, as indexes into the action's `input`.
#[derive(Clone, Debug)]
pub enum PagingIr {
    /// Items skipped and page size (`Offset`, `Limit`).
    Offset {
        /// The offset parameter.
        offset: usize,
        /// The page-size parameter.
        limit: usize,
    },
    /// Page number and page size (`Page`, `PageSize`; or an `Offset` documented as a page
    /// number, with `Limit`).
    Page {
        /// The page-number parameter.
        page: usize,
        /// The page-size parameter.
        page_size: usize,
        /// The number of the first page (usually 1).
        first_page: i64,
    },
}

/// An answer field, at the top of the answer or one level down in a structure field
/// (`Data.TotalCount`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnswerPath {
    /// Index into the action's `output`.
    pub field: usize,
    /// Index into the fields of that field's structure, for a nested field.
    pub member: Option<usize>,
}

/// A checked documented example.
#[derive(Clone, Debug)]
pub struct ExampleIr {
    /// Its title.
    pub title: String,
    /// What it shows.
    pub doc: Option<String>,
    /// Its position (from 1) among the action's examples in Tencent's definition, if imported.
    pub tencent_example: Option<u32>,
    /// Why the request does not fit the spec, for a published example kept as published: a
    /// test of it expects the failure.
    pub input_mismatch: Option<String>,
    /// Why the answer does not fit the spec, likewise.
    pub output_mismatch: Option<String>,
    /// The request body, verbatim.
    pub input: String,
    /// The answer, verbatim.
    pub output: String,
}
