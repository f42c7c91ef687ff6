//! What the importer decides so that an imported spec loads, each decision written into the
//! spec (where people may change it, and re-imports keep it):
//!
//! - `rust_name` of a type whose name Rust cannot use (`GetWsTokenReq_Label`, `Rule`,
//!   `InstanceMarketOptionsRequest`, a type named like an action): PascalCase, then `Info`
//!   appended until it is free;
//! - `rust_name` of a member whose derived name another member of the structure already gives
//!   (`ID` and `Id`): `_2`, `_3`, … appended;
//! - `singular` of an array whose append method cannot be derived or is taken: `push_<name>`;
//! - `secret: true` on a `String` member whose name looks like a secret and that nobody marked
//!   yet: a redacted value costs little, a leaked one a lot. The import lists each one for review.
//!
//! Fields and types that already state these keep them.

use std::collections::BTreeSet;

use super::Note;
use super::merge::{SpecDocs, wire};
use crate::check::names;
use crate::model::Field;

/// Which builder a list of fields feeds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Input,
    Output,
    Member,
}

/// Makes every name of `docs` usable in Rust and marks secret-looking members; returns what it
/// set, for review.
pub fn settle(docs: &mut SpecDocs) -> Vec<Note> {
    let mut notes = Vec::new();
    type_names(docs, &mut notes);
    for (name, action) in &mut docs.actions {
        let file = format!("actions/{name}.yaml");
        fields(&mut action.input, Role::Input, &file, &mut notes);
        fields(&mut action.output, Role::Output, &file, &mut notes);
    }
    for (name, t) in &mut docs.types {
        if let Some(list) = &mut t.fields {
            let file = format!("types/{name}.yaml");
            fields(list, Role::Member, &file, &mut notes);
        }
    }
    notes
}

fn type_names(docs: &mut SpecDocs, notes: &mut Vec<Note>) {
    let action_modules: BTreeSet<String> =
        docs.actions.keys().map(|a| names::module_name(a)).collect();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut modules: BTreeSet<String> = BTreeSet::new();
    for t in docs.types.values() {
        if let Some(rust) = &t.rust_name {
            taken.insert(rust.clone());
            modules.insert(names::module_name(rust));
        }
    }
    let usable = |name: &str, taken: &BTreeSet<String>, modules: &BTreeSet<String>| {
        let module = names::module_name(name);
        names::is_pascal(name)
            && !names::is_reserved_type_name(name)
            && !taken.contains(name)
            && !modules.contains(&module)
            && !action_modules.contains(&module)
    };
    let mut renames = Vec::new();
    for (name, t) in &docs.types {
        if t.rust_name.is_some() {
            continue;
        }
        if usable(name, &taken, &modules) {
            taken.insert(name.clone());
            modules.insert(names::module_name(name));
        } else {
            renames.push(name.clone());
        }
    }
    for name in renames {
        let base = pascal(&name);
        let mut candidate = base.clone();
        let mut n = 1;
        while !usable(&candidate, &taken, &modules) {
            candidate = if n == 1 {
                format!("{base}Info")
            } else {
                format!("{base}Info{n}")
            };
            n += 1;
        }
        taken.insert(candidate.clone());
        modules.insert(names::module_name(&candidate));
        notes.push(Note {
            file: format!("types/{name}.yaml"),
            text: format!("Rust cannot use the name `{name}`; set `rust_name: {candidate}`"),
        });
        if let Some(t) = docs.types.get_mut(&name) {
            t.rust_name = Some(candidate);
        }
    }
}

/// `GetWsTokenReq_Label` → `GetWsTokenReqLabel`.
fn pascal(name: &str) -> String {
    let mut out = String::new();
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if !out.starts_with(|c: char| c.is_ascii_uppercase()) {
        out.insert(0, 'T');
    }
    out
}

fn fields(list: &mut [Field], role: Role, file: &str, notes: &mut Vec<Note>) {
    let mut used: BTreeSet<String> = BTreeSet::from(["build".to_owned()]);
    match role {
        Role::Input => used.extend(names::RESERVED_METHODS.iter().map(|m| (*m).to_owned())),
        Role::Output => used.extend(names::setter_methods("request_id", None)),
        Role::Member => {}
    }
    for field in list.iter_mut() {
        let wire_name = wire(&field.name).to_owned();
        let rust = field
            .rust_name
            .clone()
            .unwrap_or_else(|| names::field_name(&wire_name));
        let plain = rust.strip_prefix("r#").unwrap_or(&rust).to_owned();
        let clashes = |rust: &str, used: &BTreeSet<String>| {
            names::setter_methods(rust, None)
                .iter()
                .any(|m| used.contains(m))
        };
        let rust = if field.rust_name.is_none() && clashes(&rust, &used) {
            let chosen = (2..)
                .map(|n| format!("{plain}_{n}"))
                .find(|c| !clashes(c, &used))
                .unwrap_or_default();
            notes.push(Note {
                file: file.to_owned(),
                text: format!(
                    "`{wire_name}` would clash with another member in Rust; set `rust_name: {chosen}`"
                ),
            });
            field.rust_name = Some(chosen.clone());
            chosen
        } else {
            rust
        };
        used.extend(names::setter_methods(&rust, None));
        if role != Role::Output && field.ty.trim().starts_with("Array of ") {
            let derived = field.singular.clone().or_else(|| names::singular(&rust));
            let singular = match derived {
                Some(s) if field.singular.is_some() || !used.contains(&s) => s,
                derived => {
                    let plain = rust.strip_prefix("r#").unwrap_or(&rust);
                    let stem = derived.unwrap_or_else(|| plain.to_owned());
                    let chosen = std::iter::once(format!("push_{stem}"))
                        .chain((2..).map(|n| format!("push_{stem}_{n}")))
                        .find(|c| !used.contains(c))
                        .unwrap_or_default();
                    notes.push(Note {
                        file: file.to_owned(),
                        text: format!(
                            "no free method name appends to `{wire_name}`; set `singular: {chosen}`"
                        ),
                    });
                    field.singular = Some(chosen.clone());
                    chosen
                }
            };
            used.insert(singular);
        }
        if field.secret.is_none() && field.ty.trim() == "String" && names::looks_secret(&wire_name)
        {
            field.secret = Some(true);
            notes.push(Note {
                file: file.to_owned(),
                text: format!(
                    "`{wire_name}` looks like a secret; marked `secret: true` (review: `secret: false` if it is not one)"
                ),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::pascal;

    #[test]
    fn makes_pascal_case() {
        assert_eq!(pascal("GetWsTokenReq_Label"), "GetWsTokenReqLabel");
        assert_eq!(pascal("topic_simplification"), "TopicSimplification");
        assert_eq!(pascal("3d"), "T3d");
    }
}
