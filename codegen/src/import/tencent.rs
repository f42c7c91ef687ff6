//! Tencent's machine-readable definition of one service version, as its command-line tool
//! `tccli` ships it: `api.json` (actions and objects) and `examples.json`.
//!
//! Only the keys the importer reads are declared. The prose (`document`, `name`, titles) and
//! the per-member example values are ignored: they are Tencent's sentences, not facts.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::ImportError;

/// `api.json`.
#[derive(Debug, Deserialize)]
pub struct ApiFile {
    /// The service and version.
    pub metadata: Metadata,
    /// Actions by name.
    pub actions: BTreeMap<String, ActionDef>,
    /// Requests, responses and data types, by name.
    pub objects: BTreeMap<String, ObjectDef>,
}

/// `metadata` of `api.json`.
#[derive(Debug, Deserialize)]
pub struct Metadata {
    /// `2019-09-24`.
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    /// `tcr`.
    #[serde(rename = "serviceShortName")]
    pub service_short_name: String,
}

/// One action of `api.json`.
#[derive(Debug, Deserialize)]
pub struct ActionDef {
    /// The request object's name (`CreateServiceAccountRequest`).
    pub input: String,
    /// The response object's name.
    pub output: String,
}

/// One object of `api.json`: a request, a response or a data type.
#[derive(Debug, Deserialize)]
pub struct ObjectDef {
    /// Its members, in documentation order.
    #[serde(default)]
    pub members: Vec<MemberDef>,
    /// For a data type: `in`, `out` or `both` (the directions it travels in).
    pub usage: Option<String>,
}

/// One member of an object.
#[derive(Debug, Deserialize)]
pub struct MemberDef {
    /// `RegistryId`.
    pub name: String,
    /// `string`, `int`, `bool`, `float`, `binary`, `list` or `object`.
    #[serde(rename = "type")]
    pub ty: String,
    /// The element: `string`, `int64`, `uint64`, `bool`, `float`, `datetime_iso`, `datetime`,
    /// `date`, `binary`, or a data type's name.
    pub member: String,
    /// In a request or an input data type: must be sent. In some answers and output data
    /// types, the older spelling of `output_required`.
    #[serde(default, deserialize_with = "flag")]
    pub required: Option<bool>,
    /// In an answer or output data type: always sent.
    #[serde(default, deserialize_with = "flag")]
    pub output_required: Option<bool>,
    /// In an answer or output data type: may be `null`.
    #[serde(default, deserialize_with = "flag")]
    pub value_allowed_null: Option<bool>,
}

/// A flag as the definitions write it: `true`/`false`, and in a few files `1`/`0` or a string.
fn flag<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    use serde_json::Value;
    Ok(match Option::<Value>::deserialize(deserializer)? {
        Some(Value::Bool(b)) => Some(b),
        Some(Value::Number(n)) => Some(n.as_f64().is_some_and(|n| n != 0.0)),
        Some(Value::String(s)) => Some(matches!(s.as_str(), "true" | "True" | "1")),
        _ => None,
    })
}

/// `examples.json`.
#[derive(Debug, Deserialize)]
pub struct ExamplesFile {
    /// Examples by action name.
    #[serde(default)]
    pub actions: BTreeMap<String, Vec<ExampleDef>>,
}

/// One published example.
#[derive(Debug, Deserialize)]
pub struct ExampleDef {
    /// An HTTP request with a JSON body, a query listing (`&Key.0=value`) or a JSON body.
    #[serde(default)]
    pub input: String,
    /// The answer, JSON.
    #[serde(default)]
    pub output: String,
}

/// Parses `api.json`; `file` names it in errors.
pub fn parse_api(text: &str, file: &str) -> Result<ApiFile, ImportError> {
    serde_json::from_str(text).map_err(|error| {
        ImportError::new(
            file,
            format!("not a Tencent API definition (`api.json`): {error}"),
        )
    })
}

/// Parses `examples.json`; `file` names it in errors.
pub fn parse_examples(text: &str, file: &str) -> Result<ExamplesFile, ImportError> {
    serde_json::from_str(text).map_err(|error| {
        ImportError::new(
            file,
            format!("not Tencent's examples file (`examples.json`): {error}"),
        )
    })
}
