//! The `use` lines of a generated file: only what the file uses, so it compiles without
//! warnings and reads without full paths.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Names a generated file uses, gathered while emitting it.
#[derive(Default)]
pub struct Imports {
    primitives: BTreeSet<&'static str>,
    validation: BTreeSet<&'static str>,
    types: BTreeSet<String>,
    serde: bool,
}

impl Imports {
    /// Uses `tencentcloud_runtime::primitives::<name>`.
    pub fn primitive(&mut self, name: &'static str) {
        self.primitives.insert(name);
    }

    /// Uses `tencentcloud_runtime::validation::<name>`.
    pub fn validation(&mut self, name: &'static str) {
        self.validation.insert(name);
    }

    /// Uses a type of the spec's `types/`.
    pub fn spec_type(&mut self, name: &str) {
        self.types.insert(name.to_owned());
    }

    /// Uses the serde re-export.
    pub fn serde(&mut self) {
        self.serde = true;
    }

    /// The `use` items; `types_path` is how the file reaches the `types` module
    /// (`super` from a type, `super::super::types` from an action).
    pub fn render(&self, types_path: TokenStream, own: Option<&str>) -> TokenStream {
        let mut out = TokenStream::new();
        if self.serde {
            out.extend(quote!(
                use ::tencentcloud_runtime::__private::serde;
            ));
        }
        if !self.primitives.is_empty() {
            let names = self.primitives.iter().map(|n| format_ident!("{}", n));
            out.extend(quote!(use ::tencentcloud_runtime::primitives::{#(#names),*};));
        }
        if !self.validation.is_empty() {
            let names = self.validation.iter().map(|n| format_ident!("{}", n));
            out.extend(quote!(use ::tencentcloud_runtime::validation::{#(#names),*};));
        }
        let types: Vec<_> = self
            .types
            .iter()
            .filter(|t| Some(t.as_str()) != own)
            .map(|n| format_ident!("{}", n))
            .collect();
        if !types.is_empty() {
            out.extend(quote!(use #types_path::{#(#types),*};));
        }
        out
    }
}
