//! One file per data type.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::summary;
use super::enums;
use super::imports::Imports;
use super::structs::{self, Kind, Structure};
use super::validate::rule_statics;
use crate::ir::{Api, TypeIr};

/// The file of type `t`.
pub fn file(api: &Api, t: &TypeIr) -> TokenStream {
    let mut imports = Imports::default();
    let name = format_ident!("{}", t.name());
    let (body, module_doc) = match t {
        TypeIr::Struct(s) => {
            let items = structs::emit(
                api,
                &Structure {
                    name: name.clone(),
                    doc: s.doc.clone(),
                    fields: &s.fields,
                    kind: Kind::Data(s.usage),
                },
                &mut imports,
            );
            let statics = rule_statics(&s.fields, &mut imports);
            (
                quote!(#items #statics),
                format!(" The `{}` structure. {}", s.name, summary(&s.doc)),
            )
        }
        TypeIr::Enum(e) => {
            let mut doc = e.doc.trim_end().to_owned();
            if e.reject_unknown {
                doc.push_str(
                    "\n\nA request carrying a value the spec does not list fails validation.",
                );
            } else {
                doc.push_str(
                    "\n\nValues the spec does not list are kept in `Unknown` and sent as they are.",
                );
            }
            let items = enums::emit(&name, &doc, &enums::variants(e), &mut imports);
            (
                items,
                format!(" The `{}` enumeration. {}", e.name, summary(&e.doc)),
            )
        }
    };
    let uses = imports.render(quote!(super), Some(t.name()));
    quote! {
        #![doc = #module_doc]
        #uses
        #body
    }
}
