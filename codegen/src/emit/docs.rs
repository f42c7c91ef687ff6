//! Doc comments for generated items, taken from the spec.

use proc_macro2::TokenStream;
use quote::quote;
use spec_rules::Requirement;

use crate::ir::{FieldIr, RulesIr};

/// `#[doc]` attributes for `text`, one per line, so that prettyplease prints `///` lines.
pub fn doc(text: &str) -> TokenStream {
    let lines = text.trim_end().lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// The first sentence of a spec doc, for summaries.
pub fn summary(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match joined.find(". ") {
        Some(end) => joined[..=end].to_owned(),
        None => joined,
    }
}

/// A field's doc: the spec's text, then its constraints in words.
pub fn field_doc(field: &FieldIr, fields: &[FieldIr], validated: bool) -> String {
    let mut text = field.doc.trim_end().to_owned();
    if field.secret {
        text.push_str("\n\nSecret: never shown by `Debug`.");
    }
    if !validated {
        return text;
    }
    let mut rules = Vec::new();
    if field.required && !field.plain {
        // Required in requests but optional in Rust, since answers may lack it.
        rules.push(Requirement::Required.to_string());
    }
    if let Some(condition) = &field.required_when {
        let other = &fields[condition.field];
        rules.push(format!(
            "is required when `{}` is {}",
            other.wire, condition.equals
        ));
    }
    rules.extend(rules_in_words(&field.rules));
    if !rules.is_empty() {
        let each = if matches!(field.ty, crate::ir::TypeRef::Array(_)) {
            " (each element)"
        } else {
            ""
        };
        text.push_str(&format!("\n\nRules{each}, checked before sending:"));
        for rule in rules {
            text.push_str(&format!("\n- {rule}"));
        }
    }
    text
}

/// Each rule as `spec-rules` states it when broken (`must be 8 to 20 characters long`).
pub fn rules_in_words(rules: &RulesIr) -> Vec<String> {
    let mut words = Vec::new();
    if let Some((min, max)) = rules.length {
        words.push(Requirement::Length { min, max }.to_string());
    }
    words.extend(
        rules
            .must_contain
            .iter()
            .map(|class| Requirement::MustContain(*class).to_string()),
    );
    if let Some(pattern) = &rules.pattern {
        words.push(Requirement::Pattern(pattern.clone()).to_string());
    }
    if let Some((min, max)) = rules.range {
        words.push(Requirement::Range { min, max }.to_string());
    }
    words
}
