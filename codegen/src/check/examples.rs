//! Documented examples, checked against their own action: an example that breaks a rule of the
//! spec is a spec error, whichever of the two is wrong.
//!
//! Requests are checked with the same rules (`spec-rules`) that the generated `validate()`
//! uses; answers are checked for shape and types only, as clients never validate answers.

use serde_json::Value;
use spec_rules::{FieldPath, Pattern, Requirement, Rule, Violations};

use super::Ctx;
use crate::ir::{ActionIr, Api, FieldIr, RulesIr, Scalar, TypeIr, TypeRef};
use crate::load::Key;

/// Checks every example of every action.
pub(super) fn check(ctx: &mut Ctx<'_>, api: &Api) {
    for doc in &ctx.spec.actions {
        let Some(action) = api.actions.iter().find(|a| a.name == doc.value.name) else {
            continue;
        };
        if ctx.incomplete.contains(&action.name) || uses_incomplete(api, action, &ctx.incomplete) {
            continue;
        }
        for (i, example) in doc.value.examples.iter().enumerate() {
            let title = &example.title;
            for (part, text, mark) in [
                ("input", &example.input, &example.input_mismatch),
                ("output", &example.output, &example.output_mismatch),
            ] {
                let keys = [Key::Name("examples"), Key::Index(i), Key::Name(part)];
                let what = if part == "input" { "request" } else { "answer" };
                let problems = match example_problems(api, action, part, text) {
                    Ok(problems) => problems
                        .into_iter()
                        .map(|p| format!("the {what} does not fit {}: {p}", action.name))
                        .collect(),
                    Err(not_json) => vec![not_json],
                };
                match (mark, problems.is_empty()) {
                    (None, _) => {
                        for problem in problems {
                            ctx.error(doc, &keys, format!("example `{title}`: {problem}"));
                        }
                    }
                    (Some(_), true) => {
                        let mark_key = if part == "input" {
                            "input_mismatch"
                        } else {
                            "output_mismatch"
                        };
                        ctx.error(
                            doc,
                            &[Key::Name("examples"), Key::Index(i), Key::Name(mark_key)],
                            format!(
                                "example `{title}`: `{mark_key}` says the {what} does not fit {}, but it does; remove the mark",
                                action.name
                            ),
                        );
                    }
                    (Some(_), false) => {}
                }
            }
        }
    }
}

/// How one part (`input` or `output`) of an example does not fit `action` (empty when it
/// fits), or why it is not JSON at all.
pub(crate) fn example_problems(
    api: &Api,
    action: &ActionIr,
    part: &str,
    text: &str,
) -> Result<Vec<String>, String> {
    match serde_json::from_str::<Value>(text) {
        Ok(value) if part == "input" => Ok(check_request(api, action, &value)),
        Ok(value) => Ok(check_answer(api, action, &value)),
        Err(error) => Err(format!(
            "the {part} is not valid JSON ({error}, counting from the first line of the {part})"
        )),
    }
}

/// Whether a field of `action`, directly or through structures, has a type left incomplete.
fn uses_incomplete(
    api: &Api,
    action: &ActionIr,
    incomplete: &std::collections::BTreeSet<String>,
) -> bool {
    let mut pending: Vec<&TypeRef> = action
        .input
        .iter()
        .chain(&action.output)
        .map(|f| &f.ty)
        .collect();
    let mut seen: Vec<&str> = Vec::new();
    while let Some(ty) = pending.pop() {
        if let TypeRef::Struct(name) | TypeRef::Enum(name) = ty.element() {
            if incomplete.contains(name) {
                return true;
            }
            if !seen.contains(&name.as_str()) {
                seen.push(name);
                if let Some(TypeIr::Struct(s)) = api.type_named(name) {
                    pending.extend(s.fields.iter().map(|f| &f.ty));
                }
            }
        }
    }
    false
}

/// Problems with a request body: shape, types, and every rule of the action.
pub(crate) fn check_request(api: &Api, action: &ActionIr, body: &Value) -> Vec<String> {
    let mut walker = Walker {
        api,
        validate: true,
        problems: Vec::new(),
        violations: Violations::new(),
    };
    walker.object(&action.input, body, &FieldPath::ROOT);
    walker.finish()
}

/// Problems with an answer: the `Response` envelope, `RequestId`, declared error codes, and the
/// types of the fields.
pub(crate) fn check_answer(api: &Api, action: &ActionIr, answer: &Value) -> Vec<String> {
    let Some(response) = answer.get("Response").and_then(Value::as_object) else {
        return vec!["an answer is an object with a `Response` object".to_owned()];
    };
    let mut problems = Vec::new();
    if !response.get("RequestId").is_some_and(Value::is_string) {
        problems.push("`Response.RequestId` must be a string".to_owned());
    }
    let mut rest = response.clone();
    rest.remove("RequestId");
    if let Some(error) = rest.remove("Error") {
        match error.get("Code").and_then(Value::as_str) {
            Some(code) => {
                let declared = api.errors.iter().any(|e| e.code == code && e.common)
                    || action.errors.iter().any(|c| c == code);
                if !declared {
                    problems.push(format!(
                        "error code `{code}` is neither common nor listed in the action's `errors`"
                    ));
                }
            }
            None => problems.push("`Response.Error.Code` must be a string".to_owned()),
        }
        if !error.get("Message").is_some_and(Value::is_string) {
            problems.push("`Response.Error.Message` must be a string".to_owned());
        }
        return problems;
    }
    let mut walker = Walker {
        api,
        validate: false,
        problems,
        violations: Violations::new(),
    };
    walker.object(&action.output, &Value::Object(rest), &FieldPath::ROOT);
    walker.finish()
}

struct Walker<'a> {
    api: &'a Api,
    validate: bool,
    problems: Vec<String>,
    violations: Violations,
}

impl Walker<'_> {
    fn finish(self) -> Vec<String> {
        let mut problems = self.problems;
        problems.extend(self.violations.as_slice().iter().map(ToString::to_string));
        problems
    }

    fn problem(&mut self, at: &FieldPath<'_>, message: &str) {
        let place = at.to_string();
        self.problems.push(if place.is_empty() {
            message.to_owned()
        } else {
            format!("{place}: {message}")
        });
    }

    fn object(&mut self, fields: &[FieldIr], value: &Value, at: &FieldPath<'_>) {
        let Some(map) = value.as_object() else {
            self.problem(at, "expected an object");
            return;
        };
        for key in map.keys() {
            if !fields.iter().any(|f| &f.wire == key) {
                self.problem(&at.field(key), "unknown parameter");
            }
        }
        for field in fields {
            let here = at.field(&field.wire);
            match map.get(&field.wire) {
                Some(Value::Null) if self.validate => {
                    self.problem(
                        &here,
                        "null is not a value; leave the parameter out instead",
                    );
                }
                None if !self.validate => {
                    if field.answer.always_present {
                        self.problem(&here, "missing, but the spec says it is always present");
                    }
                }
                Some(Value::Null) if !self.validate => {
                    if field.answer.is_guaranteed() {
                        self.problem(
                            &here,
                            "null, but the spec says it is always present and never null",
                        );
                    }
                }
                None | Some(Value::Null) => {
                    if field.required {
                        self.violations.push(&here, Requirement::Required);
                    }
                    if let Some(condition) = &field.required_when {
                        let other = &fields[condition.field];
                        if map.get(&other.wire) == Some(&condition.equals) {
                            self.violations.push(
                                &here,
                                Requirement::RequiredWhen {
                                    field: other.wire.clone(),
                                    equals: condition.equals.to_string(),
                                },
                            );
                        }
                    }
                }
                Some(value) => self.value(field, &field.ty, value, &here),
            }
        }
    }

    fn value(&mut self, field: &FieldIr, ty: &TypeRef, value: &Value, at: &FieldPath<'_>) {
        match ty {
            TypeRef::Array(inner) => match value.as_array() {
                Some(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.value(field, inner, item, &at.index(i));
                    }
                }
                None => self.problem(at, "expected an array"),
            },
            TypeRef::Scalar(Scalar::String) => match value.as_str() {
                Some(text) if self.validate => with_rules(&field.rules, |rules| {
                    self.violations.check_str(at, text, rules)
                }),
                Some(_) => {}
                None => self.problem(at, "expected a string"),
            },
            TypeRef::Scalar(Scalar::UInt64) => match value.as_u64() {
                Some(number) if self.validate => with_rules(&field.rules, |rules| {
                    self.violations.check_uint(at, number, rules)
                }),
                Some(_) => {}
                None => self.problem(at, "expected an unsigned integer"),
            },
            TypeRef::Scalar(Scalar::Integer | Scalar::UnixMillis | Scalar::UnixSeconds) => {
                match value.as_i64() {
                    Some(number) if self.validate => with_rules(&field.rules, |rules| {
                        self.violations.check_int(at, number, rules)
                    }),
                    Some(_) => {}
                    None => self.problem(at, "expected an integer"),
                }
            }
            TypeRef::Scalar(Scalar::Boolean) => {
                if !value.is_boolean() {
                    self.problem(at, "expected a boolean");
                }
            }
            TypeRef::Scalar(Scalar::Float) => {
                if !value.is_number() {
                    self.problem(at, "expected a number");
                }
            }
            TypeRef::Scalar(Scalar::Timestamp) => {
                if !value.as_str().is_some_and(is_iso8601) {
                    self.problem(at, "expected an ISO 8601 timestamp with an offset (`2023-03-28T15:48:31+08:00`)");
                }
            }
            TypeRef::Struct(name) => {
                if let Some(TypeIr::Struct(s)) = self.api.type_named(name) {
                    self.object(&s.fields, value, at);
                }
            }
            TypeRef::Enum(name) => match (value.as_str(), self.api.type_named(name)) {
                (Some(text), Some(TypeIr::Enum(e))) => {
                    if self.validate && e.reject_unknown && !e.values.iter().any(|v| v.wire == text)
                    {
                        let allowed: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
                        self.violations.require_known(at, false, &allowed);
                    }
                }
                _ => self.problem(at, "expected a string"),
            },
        }
    }
}

/// Runs `f` with the spec-rules form of `rules`.
fn with_rules(rules: &RulesIr, f: impl FnOnce(&[Rule<'_>])) {
    let pattern = rules.pattern.clone().map(Pattern::from_string);
    let mut list = Vec::new();
    if let Some((min, max)) = rules.length {
        list.push(Rule::Length { min, max });
    }
    list.extend(
        rules
            .must_contain
            .iter()
            .map(|class| Rule::MustContain(*class)),
    );
    if let Some(pattern) = &pattern {
        list.push(Rule::Pattern(pattern));
    }
    if let Some((min, max)) = rules.range {
        list.push(Rule::Range { min, max });
    }
    f(&list);
}

/// `YYYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)`.
fn is_iso8601(text: &str) -> bool {
    static SHAPE: Pattern =
        Pattern::new(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$");
    SHAPE.is_match(text)
}
