//! `types/*.yaml`: data types shared by actions.

use schemars::JsonSchema;
use serde::Deserialize;

use super::Field;

/// A data type: a structure (`fields`) or an enumeration of strings (`values`).
#[derive(Clone, Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TypeDef {
    /// Type name as the API documentation spells it (`Permission`).
    pub name: String,
    /// The Rust name, when `name` cannot be one: it is not PascalCase, ends in `Request`,
    /// `Response` or `Builder`, names an action, or is a name generated code uses (`Option`,
    /// `Rule`, `Service`, …). Type names never travel on the wire, so only Rust sees it.
    pub rust_name: Option<String>,
    /// What the type is.
    pub doc: String,
    /// The fields of a structure.
    pub fields: Option<Vec<Field>>,
    /// The documented values of an enumeration of strings.
    pub values: Option<Vec<EnumValue>>,
    /// For an enumeration: what a request may do with a value not in `values`. Unknown values
    /// are always kept when decoding a response.
    pub unknown_values: Option<UnknownValues>,
}

/// What validation does with an enumeration value the spec does not list.
#[derive(Clone, Copy, Debug, Default, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum UnknownValues {
    /// Accept and send it: the service may know values the documentation does not.
    #[default]
    Carry,
    /// Refuse it before sending.
    Reject,
}

/// One documented value of an enumeration.
#[derive(Clone, Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// The value on the wire (`tcr:PushRepository`).
    pub value: String,
    /// What the value means.
    pub doc: String,
    /// The Rust variant name, when the one derived from the value (text after the last `:`, in
    /// UpperCamelCase) is not right.
    pub rust_name: Option<String>,
}
