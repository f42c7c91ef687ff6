//! What an import changed, per file and member, for the summary it prints.

use std::fmt;

use super::merge::{SpecDocs, wire};
use crate::model::{Action, Example, Field, TypeDef};

/// One change an import makes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The spec file, inside the spec folder (`actions/CreateServiceAccount.yaml`).
    pub file: String,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// What (`input \`Limit\`: type Integer → UInt64`).
    pub what: String,
}

/// The kind of a [`Change`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// Something new.
    Added,
    /// Something gone.
    Removed,
    /// Something different.
    Changed,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        };
        write!(f, "{}: {kind} {}", self.file, self.what)
    }
}

/// Every change from `old` to `new`, in file order.
pub fn between(old: &SpecDocs, new: &SpecDocs) -> Vec<Change> {
    let mut out = Vec::new();
    let mut push = |file: &str, kind, what: String| {
        out.push(Change {
            file: file.to_owned(),
            kind,
            what,
        })
    };
    match (&old.service, &new.service) {
        (Some(a), Some(b)) => {
            for (key, x, y) in [
                ("service name", &a.name, &b.name),
                ("version", &a.version, &b.version),
            ] {
                if x != y {
                    push(
                        "service.yaml",
                        ChangeKind::Changed,
                        format!("{key}: {x} → {y}"),
                    );
                }
            }
        }
        (None, Some(b)) => push(
            "service.yaml",
            ChangeKind::Added,
            format!("service `{}` {}", b.name, b.version),
        ),
        _ => {}
    }
    if old.errors.is_none() && new.errors.is_some() {
        push(
            "errors.yaml",
            ChangeKind::Added,
            "error catalogue (empty: the definition lists no codes)".to_owned(),
        );
    }
    let names: std::collections::BTreeSet<&String> =
        old.actions.keys().chain(new.actions.keys()).collect();
    for name in names {
        let file = format!("actions/{name}.yaml");
        match (old.actions.get(name), new.actions.get(name)) {
            (None, Some(a)) => push(&file, ChangeKind::Added, summary(a)),
            (Some(_), None) => push(&file, ChangeKind::Removed, "action".to_owned()),
            (Some(a), Some(b)) => {
                fields("input", &a.input, &b.input, &mut |k, w| push(&file, k, w));
                fields("output", &a.output, &b.output, &mut |k, w| {
                    push(&file, k, w)
                });
                examples(&a.examples, &b.examples, &mut |k, w| push(&file, k, w));
            }
            (None, None) => {}
        }
    }
    let names: std::collections::BTreeSet<&String> =
        old.types.keys().chain(new.types.keys()).collect();
    for name in names {
        let file = format!("types/{name}.yaml");
        match (old.types.get(name), new.types.get(name)) {
            (None, Some(t)) => push(&file, ChangeKind::Added, type_summary(t)),
            (Some(_), None) => push(&file, ChangeKind::Removed, "type".to_owned()),
            (Some(a), Some(b)) => {
                if a.rust_name != b.rust_name {
                    push(
                        &file,
                        ChangeKind::Changed,
                        format!("rust_name: {:?} → {:?}", a.rust_name, b.rust_name),
                    );
                }
                let none = Vec::new();
                fields(
                    "field",
                    a.fields.as_ref().unwrap_or(&none),
                    b.fields.as_ref().unwrap_or(&none),
                    &mut |k, w| push(&file, k, w),
                );
            }
            (None, None) => {}
        }
    }
    out
}

fn summary(a: &Action) -> String {
    format!(
        "action ({} parameters, {} answer fields, {} examples)",
        a.input.len(),
        a.output.len(),
        a.examples.len()
    )
}

fn type_summary(t: &TypeDef) -> String {
    match (&t.fields, &t.values) {
        (Some(fields), _) => format!("structure ({} fields)", fields.len()),
        (_, Some(values)) => format!("enumeration ({} values)", values.len()),
        _ => "type".to_owned(),
    }
}

fn describe(f: &Field) -> String {
    let mut flags = vec![f.ty.clone()];
    if f.required {
        flags.push("required".into());
    }
    if f.always_present {
        flags.push("always present".into());
    }
    if f.may_be_null {
        flags.push("may be null".into());
    }
    flags.join(", ")
}

fn fields(side: &str, old: &[Field], new: &[Field], push: &mut dyn FnMut(ChangeKind, String)) {
    for b in new {
        let name = wire(&b.name);
        match old.iter().find(|a| wire(&a.name) == name) {
            None => push(
                ChangeKind::Added,
                format!("{side} `{name}` ({})", describe(b)),
            ),
            Some(a) => {
                let pairs: [(&str, String, String); 8] = [
                    ("type", a.ty.clone(), b.ty.clone()),
                    ("required", a.required.to_string(), b.required.to_string()),
                    (
                        "always_present",
                        a.always_present.to_string(),
                        b.always_present.to_string(),
                    ),
                    (
                        "may_be_null",
                        a.may_be_null.to_string(),
                        b.may_be_null.to_string(),
                    ),
                    ("name", a.name.clone(), b.name.clone()),
                    (
                        "secret",
                        format!("{:?}", a.secret),
                        format!("{:?}", b.secret),
                    ),
                    (
                        "rust_name",
                        format!("{:?}", a.rust_name),
                        format!("{:?}", b.rust_name),
                    ),
                    (
                        "singular",
                        format!("{:?}", a.singular),
                        format!("{:?}", b.singular),
                    ),
                ];
                for (key, x, y) in pairs {
                    if x != y {
                        push(
                            ChangeKind::Changed,
                            format!("{side} `{name}`: {key} {x} → {y}"),
                        );
                    }
                }
            }
        }
    }
    for a in old {
        let name = wire(&a.name);
        if !new.iter().any(|b| wire(&b.name) == name) {
            push(
                ChangeKind::Removed,
                format!("{side} `{name}` ({})", describe(a)),
            );
        }
    }
}

fn label(e: &Example) -> String {
    match e.tencent_example {
        Some(position) => format!("example `{}` (Tencent's {position})", e.title),
        None => format!("example `{}`", e.title),
    }
}

fn examples(old: &[Example], new: &[Example], push: &mut dyn FnMut(ChangeKind, String)) {
    let same = |a: &Example, b: &Example| match (a.tencent_example, b.tencent_example) {
        (Some(x), Some(y)) => x == y,
        (None, None) => a.title == b.title,
        _ => a.title == b.title && a.input == b.input,
    };
    for b in new {
        match old.iter().find(|a| same(a, b)) {
            None => push(ChangeKind::Added, label(b)),
            Some(a) => {
                let parts = [
                    ("input", a.input != b.input),
                    ("output", a.output != b.output),
                    ("input_mismatch", a.input_mismatch != b.input_mismatch),
                    ("output_mismatch", a.output_mismatch != b.output_mismatch),
                    ("tencent_example", a.tencent_example != b.tencent_example),
                ];
                for (part, differs) in parts {
                    if differs {
                        push(ChangeKind::Changed, format!("{}: {part}", label(b)));
                    }
                }
            }
        }
    }
    for a in old {
        if !new.iter().any(|b| same(a, b)) {
            push(ChangeKind::Removed, label(a));
        }
    }
}
