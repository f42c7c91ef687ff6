//! `types/*.yaml`: structures and enumerations.

use super::fields::{self, Role, TypeEntry, TypeIndex, TypeKind};
use super::{Ctx, names};
use crate::ir::{EnumIr, EnumValueIr, StructIr, TypeIr, TypeRef, Usage};
use crate::load::Key;
use crate::model::UnknownValues;

/// Names every type, reporting bad and duplicate names and files that state both or neither of
/// `fields` and `values`.
pub(super) fn index(ctx: &mut Ctx<'_>) -> TypeIndex {
    let mut index = TypeIndex::new();
    for doc in &ctx.spec.types {
        let t = &doc.value;
        let kind = match (&t.fields, &t.values) {
            (Some(_), None) => TypeKind::Struct,
            (None, Some(_)) => TypeKind::Enum,
            (Some(_), Some(_)) => {
                ctx.error(
                    doc,
                    &[],
                    "a type has `fields` (a structure) or `values` (an enumeration), not both",
                );
                continue;
            }
            (None, None) => {
                ctx.error(
                    doc,
                    &[],
                    "a type needs `fields` (a structure) or `values` (an enumeration of strings)",
                );
                continue;
            }
        };
        let rust = match &t.rust_name {
            Some(rust) => {
                if !names::is_pascal(rust) {
                    ctx.error(
                        doc,
                        &[Key::Name("rust_name")],
                        format!("`{rust}` is not a PascalCase Rust name"),
                    );
                    continue;
                }
                rust.clone()
            }
            None => {
                if !names::is_pascal(&t.name) {
                    ctx.error(
                        doc,
                        &[Key::Name("name")],
                        format!(
                            "type name `{}` must be PascalCase (`Permission`); if Tencent spells it so, set a PascalCase `rust_name`",
                            t.name
                        ),
                    );
                    continue;
                }
                t.name.clone()
            }
        };
        let stem = ctx.stem(doc);
        if stem != t.name {
            ctx.error(
                doc,
                &[Key::Name("name")],
                format!(
                    "this file is `{stem}.yaml` but defines `{}`; name the file after the type",
                    t.name
                ),
            );
        }
        let name_key = if t.rust_name.is_some() {
            "rust_name"
        } else {
            "name"
        };
        if names::is_reserved_type_name(&rust) {
            ctx.error(doc, &[Key::Name(name_key)], format!("`{rust}` would clash with names generated code uses (`ErrorCode`, `Service`, `Client`, `Option`, `Timestamp`, `Rule`, `…Request`, `…Response`, `…Builder`, …); set another `rust_name`"));
        }
        if index.contains_key(&t.name) {
            ctx.error(
                doc,
                &[Key::Name("name")],
                format!("duplicate type `{}`", t.name),
            );
            continue;
        }
        if let Some((other, _)) = index.iter().find(|(_, e)| e.rust == rust) {
            ctx.error(
                doc,
                &[Key::Name(name_key)],
                format!(
                    "`{}` and `{other}` both become the Rust type `{rust}`",
                    t.name
                ),
            );
        }
        index.insert(t.name.clone(), TypeEntry { kind, rust });
    }
    index
}

/// Lowers every type.
pub(super) fn lower(ctx: &mut Ctx<'_>, index: &TypeIndex) -> Vec<TypeIr> {
    let mut out = Vec::new();
    for doc in &ctx.spec.types {
        let t = &doc.value;
        if t.unknown_values.is_some() && t.values.is_none() {
            ctx.key_error(
                doc,
                &[],
                "unknown_values",
                "`unknown_values` applies to enumerations (`values`)",
            );
        }
        let Some(rust) = index.get(&t.name).map(|e| e.rust.clone()) else {
            continue;
        };
        match (&t.fields, &t.values) {
            (Some(list), None) => {
                // An empty structure is allowed: Tencent declares a few objects whose members it
                // does not document.
                let fields = fields::lower(
                    ctx,
                    doc,
                    &t.name,
                    &[Key::Name("fields")],
                    list,
                    index,
                    Role::Member,
                );
                out.push(TypeIr::Struct(StructIr {
                    name: rust,
                    doc: t.doc.clone(),
                    fields,
                    usage: Usage::default(),
                }));
            }
            (None, Some(list)) => {
                if list.is_empty() {
                    ctx.error(
                        doc,
                        &[Key::Name("values")],
                        "an enumeration needs at least one value",
                    );
                }
                let mut values: Vec<EnumValueIr> = Vec::new();
                for (i, value) in list.iter().enumerate() {
                    let keys = [Key::Name("values"), Key::Index(i)];
                    let variant = match &value.rust_name {
                        Some(name) if names::is_pascal(name) => Some(name.clone()),
                        Some(name) => {
                            ctx.error(
                                doc,
                                &[&keys[..], &[Key::Name("rust_name")]].concat(),
                                format!("`{name}` is not a PascalCase Rust name"),
                            );
                            None
                        }
                        None => {
                            let derived = names::variant_name(&value.value);
                            if derived.is_none() {
                                ctx.error(doc, &[&keys[..], &[Key::Name("value")]].concat(), format!("cannot derive a Rust name from `{}`; state it with `rust_name`", value.value));
                            }
                            derived
                        }
                    };
                    let Some(variant) = variant else { continue };
                    if values.iter().any(|v| v.wire == value.value) {
                        ctx.error(
                            doc,
                            &[&keys[..], &[Key::Name("value")]].concat(),
                            format!("duplicate value `{}`", value.value),
                        );
                    } else if let Some(other) = values.iter().find(|v| v.variant == variant) {
                        ctx.error(doc, &[&keys[..], &[Key::Name("value")]].concat(), format!("`{}` and `{}` both become the Rust variant `{variant}`; set `rust_name`", other.wire, value.value));
                    } else if variant == "Unknown" {
                        ctx.error(doc, &[&keys[..], &[Key::Name("value")]].concat(), "the variant `Unknown` is reserved for values the spec does not list; set `rust_name`");
                    } else {
                        values.push(EnumValueIr {
                            wire: value.value.clone(),
                            variant,
                            doc: value.doc.clone(),
                        });
                    }
                }
                out.push(TypeIr::Enum(EnumIr {
                    name: rust,
                    doc: t.doc.clone(),
                    values,
                    reject_unknown: t.unknown_values == Some(UnknownValues::Reject),
                }));
            }
            _ => {}
        }
    }
    out.sort_by(|a, b| a.name().cmp(b.name()));
    box_recursion(&mut out);
    out
}

/// Marks [`FieldIr::boxed`] the fields through which a structure contains itself, directly or
/// through other structures (an array is an indirection already): Rust needs a known size.
fn box_recursion(types: &mut [TypeIr]) {
    fn reaches(types: &[TypeIr], from: &str, target: &str, seen: &mut Vec<String>) -> bool {
        let Some(TypeIr::Struct(s)) = types.iter().find(|t| t.name() == from) else {
            return false;
        };
        s.fields.iter().any(|f| match &f.ty {
            TypeRef::Struct(name) if name == target => true,
            TypeRef::Struct(name) if !seen.contains(name) => {
                seen.push(name.clone());
                reaches(types, name, target, seen)
            }
            _ => false,
        })
    }
    let mut boxed = Vec::new();
    for (index, t) in types.iter().enumerate() {
        let TypeIr::Struct(s) = t else { continue };
        for (field, f) in s.fields.iter().enumerate() {
            if let TypeRef::Struct(target) = &f.ty
                && (target == t.name() || reaches(types, target, t.name(), &mut Vec::new()))
            {
                boxed.push((index, field));
            }
        }
    }
    for (index, field) in boxed {
        if let TypeIr::Struct(s) = &mut types[index] {
            s.fields[field].boxed = true;
        }
    }
}
