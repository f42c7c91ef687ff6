//! JSON Schemas of the spec format, derived from the model types, so that editors check spec
//! files as they are typed (each spec file names its schema in a
//! `# yaml-language-server: $schema=…` first line).

use schemars::JsonSchema;

use crate::model::{Action, ErrorCatalog, Service, TypeDef};

/// Every schema as `(file name, pretty JSON)`, in a fixed order.
pub fn schemas() -> Vec<(String, String)> {
    vec![
        one::<Action>("action.schema.json"),
        one::<ErrorCatalog>("errors.schema.json"),
        one::<Service>("service.schema.json"),
        one::<TypeDef>("type.schema.json"),
    ]
}

fn one<T: JsonSchema>(file: &str) -> (String, String) {
    let schema = schemars::schema_for!(T);
    let mut text =
        serde_json::to_string_pretty(&schema).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    (file.to_owned(), text)
}
