//! `impl Validate`: each field's constraints, checked in spec order.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::imports::Imports;
use crate::ir::{Api, FieldIr, RulesIr, Scalar, TypeIr, TypeRef};

/// Whether values of `ty` have anything to check.
pub fn has_checks(api: &Api, ty: &TypeRef, rules: &RulesIr) -> bool {
    walk(api, ty, rules, &mut Vec::new())
}

/// [`has_checks`], with the structures being walked in `visiting`: a structure that contains
/// itself (through arrays or other structures) adds nothing when met again, since its own
/// fields are looked at where it was met first.
fn walk<'a>(api: &'a Api, ty: &'a TypeRef, rules: &RulesIr, visiting: &mut Vec<&'a str>) -> bool {
    match ty {
        TypeRef::Array(inner) => walk(api, inner, rules, visiting),
        TypeRef::Scalar(_) => !rules.is_empty(),
        TypeRef::Enum(name) => {
            matches!(api.type_named(name), Some(TypeIr::Enum(e)) if e.reject_unknown)
        }
        TypeRef::Struct(name) => {
            if visiting.contains(&name.as_str()) {
                return false;
            }
            let Some(TypeIr::Struct(s)) = api.type_named(name) else {
                return false;
            };
            visiting.push(name);
            let found = s.fields.iter().any(|f| {
                f.required_when.is_some()
                    || (f.required && !f.plain)
                    || walk(api, &f.ty, &f.rules, visiting)
            });
            visiting.pop();
            found
        }
    }
}

/// The name of the `static` holding a field's rules (`PASSWORD_RULES`).
fn rules_static(field: &FieldIr) -> proc_macro2::Ident {
    format_ident!(
        "{}_RULES",
        heck::ToShoutySnakeCase::to_shouty_snake_case(field.wire.as_str())
    )
}

/// The `static`s holding the rules of `fields`: one list per constrained field, and one
/// compiled-on-first-use pattern per `pattern`.
pub fn rule_statics(fields: &[FieldIr], imports: &mut Imports) -> TokenStream {
    let mut out = TokenStream::new();
    for field in fields.iter().filter(|f| !f.rules.is_empty()) {
        imports.validation("Rule");
        let name = rules_static(field);
        let mut rules = Vec::new();
        if let Some((min, max)) = field.rules.length {
            let (min, max) = (option(min), option(max));
            rules.push(quote!(Rule::Length { min: #min, max: #max }));
        }
        for class in &field.rules.must_contain {
            imports.validation("CharClass");
            let variant = format_ident!("{}", format!("{class:?}"));
            rules.push(quote!(Rule::MustContain(CharClass::#variant)));
        }
        if let Some(pattern) = &field.rules.pattern {
            imports.validation("Pattern");
            let pattern_name = format_ident!(
                "{}_PATTERN",
                heck::ToShoutySnakeCase::to_shouty_snake_case(field.wire.as_str())
            );
            let doc = format!(" The pattern of `{}`, compiled on first use.", field.wire);
            out.extend(quote! {
                #[doc = #doc]
                static #pattern_name: Pattern = Pattern::new(#pattern);
            });
            rules.push(quote!(Rule::Pattern(&#pattern_name)));
        }
        if let Some((min, max)) = field.rules.range {
            let (min, max) = (option(min), option(max));
            rules.push(quote!(Rule::Range { min: #min, max: #max }));
        }
        let doc = format!(" The rules of `{}`.", field.wire);
        out.extend(quote! {
            #[doc = #doc]
            static #name: &[Rule<'static>] = &[#(#rules),*];
        });
    }
    out
}

/// `Some(n)` or `None`, with an unsuffixed literal (`Some(8)`, not `Some(8u32)`).
fn option<T: Into<i128>>(value: Option<T>) -> TokenStream {
    match value {
        Some(value) => {
            let value = int(value.into());
            quote!(Some(#value))
        }
        None => quote!(None),
    }
}

/// An unsuffixed integer literal, negative ones as `-` and a literal.
pub(super) fn int(value: i128) -> TokenStream {
    let literal = proc_macro2::Literal::u128_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote!(-#literal)
    } else {
        quote!(#literal)
    }
}

/// `impl Validate for <name>`.
pub fn validate_impl(
    api: &Api,
    name: &proc_macro2::Ident,
    fields: &[FieldIr],
    imports: &mut Imports,
) -> TokenStream {
    imports.validation("Validate");
    imports.validation("FieldPath");
    imports.validation("Violations");
    let mut checks = Vec::new();
    for field in fields {
        let rust = format_ident!("{}", field.rust);
        let wire = &field.wire;
        if let Some(condition) = &field.required_when {
            let other = &fields[condition.field];
            let other_rust = format_ident!("{}", other.rust);
            let holds = condition_expr(&other_rust, other.plain, &condition.equals);
            let present = if field.plain {
                quote!(true)
            } else {
                quote!(self.#rust.is_some())
            };
            let (other_wire, equals) = (&other.wire, condition.equals.to_string());
            checks.push(quote! {
                violations.require_when(&at.field(#wire), #present, #holds, #other_wire, #equals);
            });
        }
        if field.required && !field.plain {
            // A `required` member of a structure also read from answers, where it may be
            // missing: an `Option` in Rust, so its presence is a rule checked here.
            checks.push(quote!(violations.require(&at.field(#wire), self.#rust.is_some());));
        }
        if !has_checks(api, &field.ty, &field.rules) {
            continue;
        }
        if matches!(field.ty.element(), TypeRef::Struct(_)) {
            checks.push(quote!(self.#rust.collect_violations(&at.field(#wire), violations);));
            continue;
        }
        let check = leaf_or_array(
            field,
            &field.ty,
            quote!(value),
            quote!(at.field(#wire)),
            imports,
        );
        checks.push(if field.plain {
            quote!({
                let value = &self.#rust;
                #check
            })
        } else {
            quote!(if let Some(value) = &self.#rust { #check })
        });
    }
    let (at, violations) = if checks.is_empty() {
        (quote!(_at), quote!(_violations))
    } else {
        (quote!(at), quote!(violations))
    };
    quote! {
        impl Validate for #name {
            fn collect_violations(&self, #at: &FieldPath<'_>, #violations: &mut Violations) {
                #(#checks)*
            }
        }
    }
}

/// The check of `value` (an expression of type `&T`) at path `at` (an expression of type
/// `FieldPath`).
fn leaf_or_array(
    field: &FieldIr,
    ty: &TypeRef,
    value: TokenStream,
    at: TokenStream,
    imports: &mut Imports,
) -> TokenStream {
    let rules = rules_static(field);
    match ty {
        TypeRef::Array(inner)
            if matches!(**inner, TypeRef::Scalar(Scalar::String)) && !field.secret =>
        {
            quote!(violations.check_each_str(&#at, #value, #rules);)
        }
        TypeRef::Array(inner) if matches!(**inner, TypeRef::Scalar(Scalar::Integer)) => {
            quote!(violations.check_each_int(&#at, #value, #rules);)
        }
        TypeRef::Array(inner) if matches!(**inner, TypeRef::Scalar(Scalar::UInt64)) => {
            quote!(violations.check_each_uint(&#at, #value, #rules);)
        }
        TypeRef::Array(inner) => {
            let inner = leaf_or_array(field, inner, quote!(item), quote!(at.index(index)), imports);
            quote! {
                let at = #at;
                for (index, item) in #value.iter().enumerate() {
                    #inner
                }
            }
        }
        TypeRef::Scalar(Scalar::String) if field.secret => {
            quote!(violations.check_str(&#at, #value.expose(), #rules);)
        }
        TypeRef::Scalar(Scalar::String) => quote!(violations.check_str(&#at, #value, #rules);),
        TypeRef::Scalar(Scalar::Integer) => quote!(violations.check_int(&#at, *#value, #rules);),
        TypeRef::Scalar(Scalar::UInt64) => quote!(violations.check_uint(&#at, *#value, #rules);),
        TypeRef::Scalar(Scalar::UnixMillis | Scalar::UnixSeconds) => {
            quote!(violations.check_int(&#at, #value.get(), #rules);)
        }
        TypeRef::Enum(name) => {
            imports.spec_type(name);
            let ident = format_ident!("{}", name);
            quote!(violations.require_known(&#at, #value.is_known(), #ident::KNOWN_VALUES);)
        }
        TypeRef::Struct(_) => quote!(#value.collect_violations(&#at, violations);),
        TypeRef::Scalar(Scalar::Boolean | Scalar::Float | Scalar::Timestamp) => TokenStream::new(),
    }
}

/// `self.<other> == <equals>`, written the way clippy likes it.
fn condition_expr(
    other: &proc_macro2::Ident,
    required: bool,
    equals: &serde_json::Value,
) -> TokenStream {
    match (equals, required) {
        (serde_json::Value::Bool(true), true) => quote!(self.#other),
        (serde_json::Value::Bool(false), true) => quote!(!self.#other),
        (serde_json::Value::Bool(value), false) => quote!(self.#other == Some(#value)),
        (serde_json::Value::Number(n), true) => {
            let n = int(n.as_i64().unwrap_or_default().into());
            quote!(self.#other == #n)
        }
        (serde_json::Value::Number(n), false) => {
            let n = int(n.as_i64().unwrap_or_default().into());
            quote!(self.#other == Some(#n))
        }
        (serde_json::Value::String(s), true) => quote!(self.#other.as_str() == #s),
        (serde_json::Value::String(s), false) => {
            quote!(self.#other.as_ref().is_some_and(|value| value.as_str() == #s))
        }
        _ => quote!(false),
    }
}
