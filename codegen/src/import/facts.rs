//! Tencent's definition as this project's spec model, facts only: names, types, flags and
//! examples. Every doc is left empty and every judgement (secrets, constraints, paging, error
//! codes, re-sending) is left to the merge and to people.
//!
//! The flag traps of the definition are resolved here:
//! - requests say `required`;
//! - answers say `output_required` (always present) and `value_allowed_null` (may be null), but
//!   some answers and output data types use the older `required` for "always present";
//! - data types used both ways carry `required` (as input) and `output_required` (as output).

use std::collections::{BTreeMap, BTreeSet};

use super::example_input;
use super::tencent::{ApiFile, ExamplesFile, MemberDef};
use super::{ImportError, Note};
use crate::model::{Action, Example, Field, TypeDef};

/// What the definition states, in the spec model.
#[derive(Debug)]
pub struct Facts {
    /// Service name (`tcr`).
    pub service: String,
    /// API version (`2019-09-24`).
    pub version: String,
    /// Data types by Tencent's name.
    pub types: BTreeMap<String, TypeDef>,
    /// Actions by name, with their published examples.
    pub actions: BTreeMap<String, Action>,
    /// Where the import had to approximate (a `binary` member, an example left out).
    pub notes: Vec<Note>,
}

/// The directions a data type travels in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Usage {
    In,
    Out,
    Both,
}

/// Where a member sits, which decides how its flags read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Request,
    Response,
    Data(Usage),
}

/// The facts of `api` (and `examples`); `file` names `api.json` in errors.
pub fn facts(
    api: &ApiFile,
    examples: Option<&ExamplesFile>,
    file: &str,
) -> Result<Facts, ImportError> {
    let mut notes = Vec::new();
    let io: BTreeSet<&str> = api
        .actions
        .values()
        .flat_map(|a| [a.input.as_str(), a.output.as_str()])
        .collect();
    let referenced: BTreeSet<&str> = api
        .objects
        .values()
        .flat_map(|o| &o.members)
        .map(|m| m.member.as_str())
        .filter(|m| api.objects.contains_key(*m))
        .collect();
    let mut types = BTreeMap::new();
    for (name, object) in &api.objects {
        if io.contains(name.as_str()) && !referenced.contains(name.as_str()) {
            continue;
        }
        let usage = match object.usage.as_deref() {
            Some("in") => Usage::In,
            Some("out") => Usage::Out,
            _ => Usage::Both,
        };
        let at = Place {
            file,
            object: name,
            spec: format!("types/{name}.yaml"),
        };
        let fields = members(api, &object.members, Side::Data(usage), &at, &mut notes)?;
        types.insert(
            name.clone(),
            TypeDef {
                name: name.clone(),
                rust_name: None,
                doc: String::new(),
                fields: Some(fields),
                values: None,
                unknown_values: None,
            },
        );
    }
    let mut actions = BTreeMap::new();
    for (name, def) in &api.actions {
        let object = |which: &str, object: &str| {
            api.objects.get(object).ok_or_else(|| {
                ImportError::new(
                    file,
                    format!(
                        "action `{name}`: its {which} object `{object}` is not among the objects"
                    ),
                )
            })
        };
        let request = object("request", &def.input)?;
        let response = object("response", &def.output)?;
        let spec = format!("actions/{name}.yaml");
        let at = Place {
            file,
            object: &def.input,
            spec: spec.clone(),
        };
        let input = members(api, &request.members, Side::Request, &at, &mut notes)?;
        let at = Place {
            file,
            object: &def.output,
            spec,
        };
        let output = members(api, &response.members, Side::Response, &at, &mut notes)?;
        let published = examples
            .and_then(|e| e.actions.get(name))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut list = Vec::new();
        for (i, example) in published.iter().enumerate() {
            let position = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let converted = example_input::request_body(&example.input, api, &def.input)
                .map_err(|e| format!("its input: {e}"))
                .and_then(|input| {
                    example_input::answer(&example.output)
                        .map(|output| (input, output))
                        .map_err(|e| format!("its output: {e}"))
                });
            match converted {
                Ok((input, output)) => list.push(Example {
                    title: format!("Tencent's example {position}"),
                    doc: None,
                    tencent_example: Some(position),
                    input_mismatch: None,
                    output_mismatch: None,
                    input,
                    output,
                }),
                Err(problem) => notes.push(Note {
                    file: format!("actions/{name}.yaml"),
                    text: format!("Tencent's example {position} left out: {problem}"),
                }),
            }
        }
        actions.insert(
            name.clone(),
            Action {
                name: name.clone(),
                doc: String::new(),
                safe_to_resend: false,
                signed: true,
                rate_limit: None,
                input,
                output,
                pagination: None,
                errors: Vec::new(),
                examples: list,
            },
        );
    }
    Ok(Facts {
        service: api.metadata.service_short_name.clone(),
        version: api.metadata.api_version.clone(),
        types,
        actions,
        notes,
    })
}

/// Where members come from: for errors, the definition file and object; for notes, the spec
/// file they go to.
struct Place<'a> {
    file: &'a str,
    object: &'a str,
    spec: String,
}

fn members(
    api: &ApiFile,
    members: &[MemberDef],
    side: Side,
    at: &Place<'_>,
    notes: &mut Vec<Note>,
) -> Result<Vec<Field>, ImportError> {
    let mut out = Vec::new();
    for member in members {
        if side == Side::Response && member.name == "RequestId" {
            continue;
        }
        let (ty, approximate) = spec_type(api, member).map_err(|problem| {
            ImportError::new(
                at.file,
                format!(
                    "object `{}`, member `{}`: {problem}",
                    at.object, member.name
                ),
            )
        })?;
        if let Some(text) = approximate {
            notes.push(Note {
                file: at.spec.clone(),
                text: format!("`{}`: {text}", member.name),
            });
        }
        let array = ty.starts_with("Array of ");
        let (required, always_present, may_be_null) = flags(member, side);
        out.push(Field {
            name: if side == Side::Request && array {
                format!("{}.N", member.name)
            } else {
                member.name.clone()
            },
            ty,
            doc: String::new(),
            required,
            required_when: None,
            secret: None,
            always_present,
            may_be_null,
            format: None,
            length: None,
            must_contain: None,
            pattern: None,
            range: None,
            singular: None,
            rust_name: None,
        });
    }
    Ok(out)
}

/// `(required, always_present, may_be_null)` of a member where it sits.
fn flags(member: &MemberDef, side: Side) -> (bool, bool, bool) {
    let required = member.required.unwrap_or(false);
    let null = member.value_allowed_null.unwrap_or(false);
    match side {
        Side::Request | Side::Data(Usage::In) => (required, false, false),
        Side::Response | Side::Data(Usage::Out) => {
            (false, member.output_required.unwrap_or(required), null)
        }
        Side::Data(Usage::Both) => (required, member.output_required.unwrap_or(false), null),
    }
}

/// The spec's spelling of a member's type, and a note when it is an approximation.
fn spec_type(api: &ApiFile, member: &MemberDef) -> Result<(String, Option<String>), String> {
    let mut note = None;
    let element = match member.member.as_str() {
        "string" => "String",
        "int64" | "int" => "Integer",
        "uint64" => "UInt64",
        "bool" => "Boolean",
        "float" | "double" => "Float",
        "datetime_iso" => "Timestamp ISO8601",
        // `2024-06-22 10:37:26` and dates: no offset, so not `Timestamp ISO8601`.
        "datetime" | "date" => "String",
        "binary" => {
            note = Some("a `binary` value (a file's content) is imported as String".to_owned());
            "String"
        }
        name if api.objects.contains_key(name) => name,
        other => return Err(format!("unknown element type `{other}`")),
    };
    let ty = match member.ty.as_str() {
        "list" => format!("Array of {element}"),
        "object" | "string" | "int" | "bool" | "float" | "double" | "binary" => element.to_owned(),
        other => return Err(format!("unknown member type `{other}`")),
    };
    Ok((ty, note))
}
