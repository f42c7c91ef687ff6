//! Imported facts merged into an existing spec: the facts come from the definition, everything
//! people wrote by hand stays.
//!
//! | from the definition | kept from the spec files |
//! |---|---|
//! | which actions, types and members exist, in Tencent's order | every `doc` |
//! | member types (`Array of X`, `UInt64`, …) | a type refined by hand: an enumeration or `Timestamp ISO8601` where Tencent says `String` |
//! | `required`, `always_present`, `may_be_null` | `secret`, `format`, `length`, `must_contain`, `pattern`, `range`, `required_when`, `singular`, `rust_name` |
//! | service name and version | title, doc, endpoints, rate limits, `errors.yaml` |
//! | examples' input and output | `safe_to_resend`, `signed`, `pagination`, `errors`, `rate_limit`, example titles and docs, hand-written examples |
//!
//! Members are matched by wire name (`Permissions.N` is `Permissions`), examples by their
//! position in Tencent's list (`tencent_example`) or, the first time, by equal JSON.

use std::collections::{BTreeMap, BTreeSet};

use super::facts::Facts;
use crate::model::{Action, Endpoints, ErrorCatalog, Example, Field, RateLimit, Service, TypeDef};

/// A spec folder's documents, by name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SpecDocs {
    /// `service.yaml`.
    pub service: Option<Service>,
    /// `errors.yaml`.
    pub errors: Option<ErrorCatalog>,
    /// `types/*.yaml`, by type name.
    pub types: BTreeMap<String, TypeDef>,
    /// `actions/*.yaml`, by action name.
    pub actions: BTreeMap<String, Action>,
}

/// `existing` with the facts of `facts`.
pub fn merge(existing: &SpecDocs, facts: &Facts) -> SpecDocs {
    let enums: BTreeSet<String> = existing
        .types
        .values()
        .filter(|t| t.values.is_some())
        .map(|t| t.name.clone())
        .collect();
    let mut actions = BTreeMap::new();
    for (name, fact) in &facts.actions {
        let merged = match existing.actions.get(name) {
            Some(old) => action(old, fact, &enums),
            None => fact.clone(),
        };
        actions.insert(name.clone(), merged);
    }
    let mut types = BTreeMap::new();
    for (name, fact) in &facts.types {
        let merged = match existing.types.get(name) {
            Some(old) => type_def(old, fact, &enums),
            None => fact.clone(),
        };
        types.insert(name.clone(), merged);
    }
    // Types the definition does not have: enumerations are people's work and stay; a structure
    // stays while something still uses it.
    let used = used_types(&actions, &types);
    for (name, old) in &existing.types {
        if !types.contains_key(name) && (old.values.is_some() || used.contains(name)) {
            types.insert(name.clone(), old.clone());
        }
    }
    SpecDocs {
        service: Some(service(existing.service.as_ref(), facts)),
        errors: Some(existing.errors.clone().unwrap_or(ErrorCatalog {
            common: Vec::new(),
            service: Vec::new(),
        })),
        types,
        actions,
    }
}

fn service(old: Option<&Service>, facts: &Facts) -> Service {
    let name = facts.service.clone();
    match old {
        Some(old) => Service {
            name,
            version: facts.version.clone(),
            ..old.clone()
        },
        None => Service {
            title: name.to_uppercase(),
            doc: String::new(),
            endpoints: Endpoints {
                china: format!("{name}.tencentcloudapi.com"),
                international: format!("{name}.intl.tencentcloudapi.com"),
                regional: format!("{name}.{{region}}.tencentcloudapi.com"),
            },
            rate_limit: RateLimit { per_second: 20 },
            version: facts.version.clone(),
            name,
        },
    }
}

fn type_def(old: &TypeDef, fact: &TypeDef, enums: &BTreeSet<String>) -> TypeDef {
    let fields = fields(
        old.fields.as_deref().unwrap_or_default(),
        fact.fields.as_deref().unwrap_or_default(),
        enums,
    );
    TypeDef {
        name: fact.name.clone(),
        rust_name: old.rust_name.clone(),
        doc: old.doc.clone(),
        fields: Some(fields),
        values: None,
        unknown_values: None,
    }
}

fn action(old: &Action, fact: &Action, enums: &BTreeSet<String>) -> Action {
    Action {
        name: fact.name.clone(),
        doc: old.doc.clone(),
        safe_to_resend: old.safe_to_resend,
        signed: old.signed,
        rate_limit: old.rate_limit,
        input: fields(&old.input, &fact.input, enums),
        output: fields(&old.output, &fact.output, enums),
        pagination: old.pagination.clone(),
        errors: old.errors.clone(),
        examples: examples(&old.examples, &fact.examples),
    }
}

/// A field's name on the wire (`Permissions.N` → `Permissions`).
pub fn wire(name: &str) -> &str {
    name.strip_suffix(".N").unwrap_or(name)
}

fn fields(old: &[Field], facts: &[Field], enums: &BTreeSet<String>) -> Vec<Field> {
    facts
        .iter()
        .map(
            |fact| match old.iter().find(|o| wire(&o.name) == wire(&fact.name)) {
                Some(old) => field(old, fact, enums),
                None => fact.clone(),
            },
        )
        .collect()
}

fn field(old: &Field, fact: &Field, enums: &BTreeSet<String>) -> Field {
    let ty = refine(&old.ty, &fact.ty, enums);
    let name = if old.name.ends_with(".N") && !ty.starts_with("Array of ") {
        wire(&fact.name).to_owned()
    } else {
        old.name.clone()
    };
    Field {
        name,
        ty,
        required: fact.required,
        always_present: fact.always_present,
        may_be_null: fact.may_be_null,
        ..old.clone()
    }
}

/// The type to keep: the hand-written one where it refines Tencent's (an enumeration of
/// strings, or `Timestamp ISO8601`, for a `String`), Tencent's otherwise.
fn refine(old: &str, fact: &str, enums: &BTreeSet<String>) -> String {
    match (
        old.strip_prefix("Array of "),
        fact.strip_prefix("Array of "),
    ) {
        (Some(old), Some(fact)) => format!("Array of {}", refine(old.trim(), fact.trim(), enums)),
        _ if fact == "String" && (enums.contains(old) || old == "Timestamp ISO8601") => {
            old.to_owned()
        }
        _ => fact.to_owned(),
    }
}

/// Published examples merged into the spec's: an example imported before (`tencent_example`)
/// gets the new payloads and keeps its title, doc and marks; a hand-written example with the
/// same JSON as a published one becomes that one; other hand-written examples stay; published
/// examples not in the spec are added at the end; ones no longer published are removed.
fn examples(old: &[Example], published: &[Example]) -> Vec<Example> {
    let mut claimed: BTreeSet<u32> = BTreeSet::new();
    let mut out = Vec::new();
    for example in old {
        match example.tencent_example {
            Some(position) => {
                let Some(fact) = published
                    .iter()
                    .find(|p| p.tencent_example == Some(position))
                else {
                    continue;
                };
                claimed.insert(position);
                out.push(Example {
                    input: same_or(&example.input, &fact.input),
                    output: same_or(&example.output, &fact.output),
                    ..example.clone()
                });
            }
            None => {
                let adopted = published.iter().find(|p| {
                    p.tencent_example
                        .is_some_and(|position| !claimed.contains(&position))
                        && same_json(&example.input, &p.input)
                        && same_json(&example.output, &p.output)
                });
                match adopted.and_then(|p| p.tencent_example) {
                    Some(position) => {
                        claimed.insert(position);
                        out.push(Example {
                            tencent_example: Some(position),
                            ..example.clone()
                        });
                    }
                    None => out.push(example.clone()),
                }
            }
        }
    }
    for fact in published {
        if fact.tencent_example.is_some_and(|p| !claimed.contains(&p)) {
            out.push(fact.clone());
        }
    }
    out
}

/// `old` when it is the same JSON as `new` (so its layout is kept), `new` otherwise.
fn same_or(old: &str, new: &str) -> String {
    if same_json(old, new) {
        old.to_owned()
    } else {
        new.to_owned()
    }
}

fn same_json(a: &str, b: &str) -> bool {
    match (
        serde_json::from_str::<serde_json::Value>(a),
        serde_json::from_str::<serde_json::Value>(b),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Names of the types some field uses.
fn used_types(
    actions: &BTreeMap<String, Action>,
    types: &BTreeMap<String, TypeDef>,
) -> BTreeSet<String> {
    let fields = actions
        .values()
        .flat_map(|a| a.input.iter().chain(&a.output))
        .chain(types.values().flat_map(|t| t.fields.iter().flatten()));
    fields
        .map(|f| {
            let mut ty = f.ty.trim();
            while let Some(inner) = ty.strip_prefix("Array of ") {
                ty = inner.trim();
            }
            ty.to_owned()
        })
        .collect()
}
