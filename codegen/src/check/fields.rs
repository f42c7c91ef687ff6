//! Fields: names, types and constraints, and the contradictions between them.

use std::collections::BTreeMap;

use spec_rules::{CharClass, Pattern};

use super::{Ctx, field_keys, names};
use crate::ir::{AnswerRules, ConditionIr, FieldIr, RulesIr, Scalar, TypeRef};
use crate::load::{Document, Key};
use crate::model::{Bounds, CharClassName, Field, IntegerFormat};

/// What the types of `types/` are, by spec name.
pub(super) type TypeIndex = BTreeMap<String, TypeEntry>;

/// A named type: its kind and its Rust name (the spec name unless `rust_name` says otherwise).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct TypeEntry {
    pub kind: TypeKind,
    pub rust: String,
}

/// A named type's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TypeKind {
    Struct,
    Enum,
}

/// Where a list of fields sits, which decides what it may state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Role {
    /// Request parameters: validated before sending.
    Input,
    /// Answer fields: never validated, always optional.
    Output,
    /// Members of a structure type, validated when the structure is sent.
    Member,
}

const BUILT_IN: &str =
    "String, Integer, UInt64, Boolean, Float, Timestamp ISO8601, Array of <type>";

/// Resolves a type as the documentation spells it.
pub(super) fn parse_type(text: &str, index: &TypeIndex) -> Result<TypeRef, String> {
    if let Some(inner) = text.strip_prefix("Array of ") {
        return parse_type(inner.trim(), index).map(|inner| TypeRef::Array(Box::new(inner)));
    }
    Ok(match text {
        "String" => TypeRef::Scalar(Scalar::String),
        "Integer" => TypeRef::Scalar(Scalar::Integer),
        "UInt64" => TypeRef::Scalar(Scalar::UInt64),
        "Boolean" => TypeRef::Scalar(Scalar::Boolean),
        "Float" => TypeRef::Scalar(Scalar::Float),
        "Timestamp ISO8601" => TypeRef::Scalar(Scalar::Timestamp),
        "Timestamp" => {
            return Err(
                "plain `Timestamp` (`YYYY-MM-DD hh:mm:ss`, no offset) is not supported; \
                        write `Timestamp ISO8601` when the API sends an offset"
                    .into(),
            );
        }
        name => match index.get(name) {
            Some(TypeEntry {
                kind: TypeKind::Struct,
                rust,
            }) => TypeRef::Struct(rust.clone()),
            Some(TypeEntry {
                kind: TypeKind::Enum,
                rust,
            }) => TypeRef::Enum(rust.clone()),
            None => {
                let known: Vec<&str> = index.keys().map(String::as_str).collect();
                let known = if known.is_empty() {
                    String::new()
                } else {
                    format!("; types in `types/`: {}", known.join(", "))
                };
                return Err(format!(
                    "unknown type `{name}`; built-in types are {BUILT_IN}{known}"
                ));
            }
        },
    })
}

fn describe(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Scalar(Scalar::String) => "String".into(),
        TypeRef::Scalar(Scalar::Integer | Scalar::UnixMillis | Scalar::UnixSeconds) => {
            "Integer".into()
        }
        TypeRef::Scalar(Scalar::UInt64) => "UInt64".into(),
        TypeRef::Scalar(Scalar::Boolean) => "Boolean".into(),
        TypeRef::Scalar(Scalar::Float) => "Float".into(),
        TypeRef::Scalar(Scalar::Timestamp) => "Timestamp ISO8601".into(),
        TypeRef::Struct(name) | TypeRef::Enum(name) => name.clone(),
        TypeRef::Array(inner) => format!("Array of {}", describe(inner)),
    }
}

/// Checks and lowers a list of fields. A field whose type cannot be resolved is left out (and
/// reported); the others are still checked.
pub(super) fn lower<T>(
    ctx: &mut Ctx<'_>,
    doc: &Document<T>,
    owner: &str,
    base: &[Key],
    fields: &[Field],
    index: &TypeIndex,
    role: Role,
) -> Vec<FieldIr> {
    let mut out: Vec<(usize, FieldIr)> = Vec::new();
    let mut methods: Vec<(String, String)> = reserved_methods(role)
        .into_iter()
        .map(|(method, by)| (method, by.to_owned()))
        .collect();
    for (i, field) in fields.iter().enumerate() {
        let keys = field_keys(base, i);
        let lowered = lower_one(ctx, doc, &keys, field, index, role);
        if lowered.is_none() {
            ctx.incomplete.insert(owner.to_owned());
        }
        if let Some(lowered) = lowered {
            let duplicate = out.iter().any(|(_, f)| f.wire == lowered.wire);
            let clash = out.iter().find(|(_, f)| {
                f.rust == lowered.rust || (f.singular.is_some() && f.singular == lowered.singular)
            });
            let own = names::setter_methods(&lowered.rust, lowered.singular.as_deref());
            let method_clash = own
                .iter()
                .find_map(|m| methods.iter().find(|(taken, _)| taken == m))
                .cloned();
            methods.extend(own.into_iter().map(|m| (m, format!("`{}`", lowered.wire))));
            if duplicate {
                ctx.error(
                    doc,
                    &[&keys[..], &[Key::Name("name")]].concat(),
                    format!("duplicate field `{}`", lowered.wire),
                );
            } else if let Some((_, other)) = clash {
                ctx.error(
                    doc,
                    &[&keys[..], &[Key::Name("name")]].concat(),
                    format!(
                        "fields `{}` and `{}` get the same Rust name",
                        other.wire, lowered.wire
                    ),
                );
            } else if role == Role::Output && lowered.wire == "RequestId" {
                ctx.error(
                    doc,
                    &[&keys[..], &[Key::Name("name")]].concat(),
                    "`RequestId` is part of every answer; do not list it",
                );
            } else if let Some((method, by)) = method_clash {
                ctx.error(
                    doc,
                    &[&keys[..], &[Key::Name("name")]].concat(),
                    format!(
                        "`{}` would give the builder a method `{method}`, which {by} already has; set `rust_name` (or `singular`)",
                        lowered.wire
                    ),
                );
            } else {
                out.push((i, lowered));
            }
        }
    }
    let lowered: Vec<FieldIr> = out.iter().map(|(_, f)| f.clone()).collect();
    out.into_iter()
        .map(|(i, mut field)| {
            if let Some(condition) = &fields[i].required_when {
                let keys = field_keys(base, i);
                field.required_when =
                    resolve_condition(ctx, doc, &keys, &field, condition, &lowered);
            }
            field
        })
        .collect()
}

/// Method names a builder has before any field's setter, and what takes them.
fn reserved_methods(role: Role) -> Vec<(String, &'static str)> {
    let mut taken: Vec<(String, &'static str)> = vec![("build".into(), "the builder itself")];
    match role {
        Role::Input => taken.extend(
            names::RESERVED_METHODS
                .iter()
                .filter(|m| **m != "build")
                .map(|m| ((*m).to_owned(), "the client's fluent builder")),
        ),
        Role::Output => taken.extend(
            names::setter_methods("request_id", None)
                .into_iter()
                .map(|m| (m, "`RequestId`, part of every answer,")),
        ),
        Role::Member => {}
    }
    taken
}

fn resolve_condition<T>(
    ctx: &mut Ctx<'_>,
    doc: &Document<T>,
    keys: &[Key],
    field: &FieldIr,
    condition: &crate::model::Condition,
    fields: &[FieldIr],
) -> Option<ConditionIr> {
    let at = [keys, &[Key::Name("required_when"), Key::Name("field")]].concat();
    if condition.field == field.wire {
        ctx.error(
            doc,
            &at,
            format!(
                "`{}` cannot be required when it has a value itself",
                field.wire
            ),
        );
        return None;
    }
    let Some(position) = fields.iter().position(|f| f.wire == condition.field) else {
        ctx.error(
            doc,
            &at,
            format!(
                "`required_when` names `{}`, which is not a field here",
                condition.field
            ),
        );
        return None;
    };
    let other = &fields[position];
    let fits = match (&other.ty, &condition.equals) {
        (TypeRef::Scalar(Scalar::Boolean), serde_json::Value::Bool(_)) => true,
        (TypeRef::Scalar(Scalar::Integer), serde_json::Value::Number(n)) => n.is_i64(),
        (TypeRef::Scalar(Scalar::UInt64), serde_json::Value::Number(n)) => n.is_u64(),
        (TypeRef::Scalar(Scalar::String) | TypeRef::Enum(_), serde_json::Value::String(_)) => true,
        _ => false,
    };
    if !fits {
        let at = [keys, &[Key::Name("required_when"), Key::Name("equals")]].concat();
        ctx.error(
            doc,
            &at,
            format!(
                "`{}` is {}; `equals: {}` can never match it",
                other.wire,
                describe(&other.ty),
                condition.equals
            ),
        );
        return None;
    }
    Some(ConditionIr {
        field: position,
        equals: condition.equals.clone(),
    })
}

fn lower_one<T>(
    ctx: &mut Ctx<'_>,
    doc: &Document<T>,
    keys: &[Key],
    field: &Field,
    index: &TypeIndex,
    role: Role,
) -> Option<FieldIr> {
    let at = |name: &'static str| [keys, &[Key::Name(name)]].concat();
    let (wire, indexed) = match field.name.strip_suffix(".N") {
        Some(stem) => (stem, true),
        None => (field.name.as_str(), false),
    };
    if !names::is_parameter(wire) {
        ctx.error(doc, &at("name"), format!("`{}` is not a parameter name: a letter, then letters, digits or `_` (an array may end in `.N`)", field.name));
        return None;
    }
    // `Nonce` and `Language` are common parameters too, but some actions take their own
    // (trtc, bsca, weilingwith), so only the names no action uses are refused.
    if role == Role::Input
        && matches!(
            wire,
            "Action" | "Version" | "Region" | "Timestamp" | "Token"
        )
    {
        ctx.error(
            doc,
            &at("name"),
            format!(
                "`{wire}` is a common parameter, sent as an `X-TC-{wire}` header; do not list it"
            ),
        );
        return None;
    }
    let mut ty = match parse_type(field.ty.trim(), index) {
        Ok(ty) => ty,
        Err(message) => {
            ctx.error(doc, &at("type"), message);
            return None;
        }
    };
    if indexed && !matches!(ty, TypeRef::Array(_)) {
        ctx.error(
            doc,
            &at("name"),
            format!(
                "`{}` names an array (`.N`) but its type is {}; write `Array of {}`",
                field.name,
                describe(&ty),
                field.ty
            ),
        );
    }
    let element = ty.element().clone();
    let is_string = element == TypeRef::Scalar(Scalar::String);
    let is_integer = element == TypeRef::Scalar(Scalar::Integer);
    let unsigned = element == TypeRef::Scalar(Scalar::UInt64);

    if let Some(format) = field.format {
        if is_integer {
            let scalar = match format {
                IntegerFormat::UnixMilliseconds => Scalar::UnixMillis,
                IntegerFormat::UnixSeconds => Scalar::UnixSeconds,
            };
            ty = replace_element(&ty, TypeRef::Scalar(scalar));
        } else {
            ctx.key_error(
                doc,
                keys,
                "format",
                format!(
                    "`format` applies to Integer fields; `{wire}` is {}",
                    describe(&ty)
                ),
            );
        }
    }
    let secret = field.secret.unwrap_or(false);
    if secret && ty != TypeRef::Scalar(Scalar::String) {
        ctx.key_error(
            doc,
            keys,
            "secret",
            format!(
                "`secret` applies to String fields; `{wire}` is {}",
                describe(&ty)
            ),
        );
    }
    if field.secret.is_none() && ty == TypeRef::Scalar(Scalar::String) && names::looks_secret(wire)
    {
        ctx.error(
            doc,
            &at("name"),
            format!("`{wire}` looks like a secret: mark it `secret: true` (never printed), or `secret: false` if it is not one"),
        );
    }
    if role == Role::Input {
        for (key, stated) in [
            ("always_present", field.always_present),
            ("may_be_null", field.may_be_null),
        ] {
            if stated {
                ctx.key_error(
                    doc,
                    keys,
                    key,
                    format!("`{key}` describes answers; `{wire}` is a request parameter"),
                );
            }
        }
    }
    if field.required && field.required_when.is_some() {
        ctx.key_error(doc, keys, "required_when", format!("contradiction: `{wire}` is `required` always, so `required_when` can never add anything"));
    }
    if role == Role::Output {
        for (key, stated) in [
            ("required", field.required),
            ("required_when", field.required_when.is_some()),
            ("length", field.length.is_some()),
            ("must_contain", field.must_contain.is_some()),
            ("pattern", field.pattern.is_some()),
            ("range", field.range.is_some()),
        ] {
            if stated {
                ctx.key_error(doc, keys, key, format!("answers are not validated, so `{key}` has no effect on the output field `{wire}`; remove it"));
            }
        }
    }

    let mut rules = RulesIr::default();
    for (key, stated, fits, expected) in [
        ("length", field.length.is_some(), is_string, "String"),
        (
            "must_contain",
            field.must_contain.is_some(),
            is_string,
            "String",
        ),
        ("pattern", field.pattern.is_some(), is_string, "String"),
        (
            "range",
            field.range.is_some(),
            is_integer || unsigned,
            "Integer or UInt64",
        ),
    ] {
        if stated && !fits {
            ctx.key_error(
                doc,
                keys,
                key,
                format!(
                    "`{key}` applies to {expected} fields (or arrays of them); `{wire}` is {}",
                    describe(&ty)
                ),
            );
        }
    }
    if is_string {
        if let Some(bounds) = field.length {
            rules.length = length_bounds(ctx, doc, &at("length"), bounds);
        }
        if let Some(classes) = &field.must_contain {
            for (i, name) in classes.iter().enumerate() {
                let class = char_class(*name);
                if rules.must_contain.contains(&class) {
                    ctx.error(
                        doc,
                        &[&at("must_contain")[..], &[Key::Index(i)]].concat(),
                        format!("`{}` is listed twice", class.spec_name()),
                    );
                } else {
                    rules.must_contain.push(class);
                }
            }
        }
        if let (Some((_, Some(max))), count) = (rules.length, rules.must_contain.len()) {
            if (max as usize) < count {
                ctx.error(doc, &at("length"), format!("contradiction: at most {max} characters cannot contain the {count} classes of `must_contain`"));
            }
        }
        if let Some(pattern) = &field.pattern {
            match Pattern::compile(pattern) {
                Ok(_) => rules.pattern = Some(pattern.clone()),
                Err(error) => ctx.error(
                    doc,
                    &at("pattern"),
                    format!("invalid regular expression: {error}"),
                ),
            }
        }
    }
    if is_integer || unsigned {
        if let Some(bounds) = field.range {
            if let (Some(min), Some(max)) = (bounds.min, bounds.max) {
                if min > max {
                    ctx.error(
                        doc,
                        &at("range"),
                        format!("contradiction: `min` ({min}) is greater than `max` ({max})"),
                    );
                }
            }
            if unsigned
                && (bounds.min.is_some_and(|min| min < 0) || bounds.max.is_some_and(|max| max < 0))
            {
                ctx.error(
                    doc,
                    &at("range"),
                    format!("`{wire}` is UInt64, which is never negative"),
                );
            }
            rules.range = Some((bounds.min, bounds.max));
        }
    }
    let answer = AnswerRules {
        always_present: field.always_present,
        may_be_null: field.may_be_null,
    };
    // A structure's members are settled once it is known where the structure is used
    // (`usage::resolve`); until then they follow the request side.
    let plain = match role {
        Role::Input | Role::Member => field.required,
        Role::Output => answer.is_guaranteed(),
    };

    let rust = match &field.rust_name {
        Some(name) if names::is_snake_ident(name) => name.clone(),
        Some(name) => {
            ctx.error(
                doc,
                &at("rust_name"),
                format!("`{name}` is not a snake_case Rust field name (and not a keyword)"),
            );
            names::field_name(wire)
        }
        None => names::field_name(wire),
    };
    let singular = match (&field.singular, &ty) {
        (Some(name), TypeRef::Array(_)) => {
            if !names::is_snake_ident(name) {
                ctx.error(
                    doc,
                    &at("singular"),
                    format!("`{name}` is not a snake_case Rust method name"),
                );
            }
            Some(name.clone())
        }
        (Some(_), _) => {
            ctx.key_error(
                doc,
                keys,
                "singular",
                format!(
                    "`singular` applies to arrays; `{wire}` is {}",
                    describe(&ty)
                ),
            );
            None
        }
        (None, TypeRef::Array(_)) => names::singular(&rust),
        (None, _) => None,
    };
    if role != Role::Output && matches!(ty, TypeRef::Array(_)) && singular.is_none() {
        ctx.error(doc, &at("name"), format!("cannot derive a method that appends one element to `{wire}`; state it with `singular`"));
    }
    Some(FieldIr {
        wire: wire.to_owned(),
        rust,
        singular: if role == Role::Output { None } else { singular },
        doc: field.doc.clone(),
        ty,
        required: field.required,
        answer,
        plain,
        required_when: None,
        secret,
        boxed: false,
        rules,
    })
}

fn replace_element(ty: &TypeRef, element: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Array(inner) => TypeRef::Array(Box::new(replace_element(inner, element))),
        _ => element,
    }
}

fn length_bounds<T>(
    ctx: &mut Ctx<'_>,
    doc: &Document<T>,
    keys: &[Key],
    bounds: Bounds,
) -> Option<(Option<u32>, Option<u32>)> {
    let mut ok = true;
    let mut convert = |ctx: &mut Ctx<'_>, key: &'static str, value: Option<i64>| -> Option<u32> {
        let value = value?;
        match u32::try_from(value) {
            Ok(value) => Some(value),
            Err(_) => {
                ctx.error(
                    doc,
                    &[keys, &[Key::Name(key)]].concat(),
                    format!(
                        "a length `{key}` must be between 0 and {}, not {value}",
                        u32::MAX
                    ),
                );
                ok = false;
                None
            }
        }
    };
    let min = convert(ctx, "min", bounds.min);
    let max = convert(ctx, "max", bounds.max);
    if let (Some(min), Some(max)) = (min, max) {
        if min > max {
            ctx.error(
                doc,
                keys,
                format!("contradiction: `min` ({min}) is greater than `max` ({max})"),
            );
        }
    }
    if max == Some(0) {
        ctx.error(
            doc,
            keys,
            "contradiction: `max: 0` allows only the empty string; leave the field out instead",
        );
    }
    ok.then_some((min, max))
}

fn char_class(name: CharClassName) -> CharClass {
    match name {
        CharClassName::AsciiUppercase => CharClass::AsciiUppercase,
        CharClassName::AsciiLowercase => CharClass::AsciiLowercase,
        CharClassName::AsciiDigit => CharClass::AsciiDigit,
        CharClassName::AsciiPunctuation => CharClass::AsciiPunctuation,
    }
}
