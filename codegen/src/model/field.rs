//! A parameter, response field or structure member, with its constraints.

use schemars::JsonSchema;
use serde::Deserialize;

/// A named, typed value with its constraints. Constraints compose: a field may state any that
/// fit its type.
#[derive(Clone, Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Name as the API documentation spells it (`RegistryId`). An array parameter may be written
    /// `Permissions.N`, as the documentation does; its type must then be `Array of …`.
    pub name: String,
    /// Type as the documentation spells it: `String`, `Integer` (signed, 64 bits), `UInt64`
    /// (unsigned, 64 bits), `Boolean`, `Float`, `Timestamp ISO8601`, a type from `types/`, or
    /// `Array of <type>`.
    #[serde(rename = "type")]
    pub ty: String,
    /// What the field means.
    pub doc: String,
    /// In a request (or a structure sent in one): the field must be present.
    #[serde(default)]
    pub required: bool,
    /// The field must be present when another field of the same structure has a given value.
    pub required_when: Option<Condition>,
    /// The value is a secret: never printed in `Debug`, logs or error messages. A `String` field
    /// whose name looks like a secret (`Password`, `Token`, `SecretKey`, …) must say `true` or
    /// `false`: leaving it out is refused, so that someone decided.
    pub secret: Option<bool>,
    /// In an answer (or a structure read from one): the service always sends this field
    /// (Tencent's `output_required`). Unless it also `may_be_null`, the Rust field is a plain
    /// value and an answer without it does not decode; in a structure also sent in requests,
    /// only when it is `required` too.
    #[serde(default)]
    pub always_present: bool,
    /// In an answer: the service may send `null` for this field (Tencent's
    /// `value_allowed_null`); it is then an `Option` in Rust, and `null` reads as `None`.
    #[serde(default)]
    pub may_be_null: bool,
    /// What an `Integer` means, when it is more than a number.
    pub format: Option<IntegerFormat>,
    /// Length of a `String` in characters (Unicode scalar values), inclusive bounds. For an
    /// array of strings it applies to each element.
    pub length: Option<Bounds>,
    /// Classes of characters a `String` must contain at least one of each. Classes are ASCII
    /// only; other characters count toward the length but satisfy no class.
    pub must_contain: Option<Vec<CharClassName>>,
    /// Regular expression a `String` must match (anchor with `^…$` for a whole match).
    pub pattern: Option<String>,
    /// Value of an `Integer`, inclusive bounds.
    pub range: Option<Bounds>,
    /// For an array: the builder method that appends one element (`permission`), when the one
    /// derived from the field name (`Permissions` → `permission`, `Registries` → `registry`,
    /// `InstanceIdList` → `instance_id`) is not right or clashes with another method.
    pub singular: Option<String>,
    /// The Rust field name, when the one derived from `name` (`RegistryId` → `registry_id`)
    /// clashes with another field's (`ID` and `Id`).
    pub rust_name: Option<String>,
}

/// "Required when `field` equals `equals`".
#[derive(Clone, Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The other field, in the same structure.
    pub field: String,
    /// The value of that field that makes this one required.
    pub equals: serde_json::Value,
}

/// Inclusive bounds; either may be left out.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Bounds {
    /// Smallest allowed.
    pub min: Option<i64>,
    /// Largest allowed.
    pub max: Option<i64>,
}

/// A class of characters, as named in `must_contain`.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CharClassName {
    /// `A` to `Z`.
    AsciiUppercase,
    /// `a` to `z`.
    AsciiLowercase,
    /// `0` to `9`.
    AsciiDigit,
    /// ASCII punctuation and symbols.
    AsciiPunctuation,
}

/// What an integer stands for.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum IntegerFormat {
    /// A point in time, in milliseconds since the Unix epoch.
    UnixMilliseconds,
    /// A point in time, in seconds since the Unix epoch.
    UnixSeconds,
}
