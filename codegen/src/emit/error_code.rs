//! `ErrorCode`: every code the spec declares, and what the runtime needs to know of each.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::enums::{self, Variant};
use super::imports::Imports;
use crate::ir::Api;

/// The `error_code` file.
pub fn file(api: &Api) -> TokenStream {
    let mut imports = Imports::default();
    let name = format_ident!("ErrorCode");
    let variants: Vec<Variant<'_>> = api
        .errors
        .iter()
        .map(|e| Variant {
            wire: &e.code,
            rust: format_ident!("{}", e.variant),
            doc: e.doc.clone(),
        })
        .collect();
    let doc = format!(
        "An error code of the {} API: the common codes of Tencent Cloud API 3.0 and the service's own.\n\nCodes the spec does not declare are kept in `Unknown`.",
        api.service.title
    );
    let body = enums::emit(&name, &doc, &variants, &mut imports);
    let common: Vec<_> = api
        .errors
        .iter()
        .filter(|e| e.common)
        .map(|e| format_ident!("{}", e.variant))
        .collect();
    let refused: Vec<_> = api
        .errors
        .iter()
        .filter(|e| e.refused_before_acting)
        .map(|e| format_ident!("{}", e.variant))
        .collect();
    let transient: Vec<_> = api
        .errors
        .iter()
        .filter(|e| e.transient)
        .map(|e| format_ident!("{}", e.variant))
        .collect();
    let is_transient = if transient.is_empty() {
        quote!(false)
    } else {
        quote!(matches!(self, #(Self::#transient)|*))
    };
    let described = api.errors.iter().map(|e| {
        let variant = format_ident!("{}", e.variant);
        let text = e.doc.trim();
        quote!(Self::#variant => Some(#text))
    });
    let is_common = if common.is_empty() {
        quote!(false)
    } else {
        quote!(matches!(self, #(Self::#common)|*))
    };
    let is_refused = if refused.is_empty() {
        quote!(false)
    } else {
        quote!(matches!(self, #(Self::#refused)|*))
    };
    let uses = imports.render(quote!(super::types), None);
    quote! {
        #![doc = " Error codes declared by the spec's `errors.yaml`."]
        #uses
        #body

        impl ErrorCode {
            /// Whether every action of every Tencent Cloud API 3.0 service can return this code.
            pub fn is_common(&self) -> bool {
                #is_common
            }

            /// Whether the server refused the request before acting on it, so that sending it
            /// again is safe for any action (`RequestLimitExceeded`).
            pub fn refused_before_acting(&self) -> bool {
                #is_refused
            }

            /// Whether the failure may pass by itself (`InternalError`), so that an action that
            /// is safe to re-send is worth sending again.
            pub fn is_transient(&self) -> bool {
                #is_transient
            }

            /// What the code means, as the spec documents it.
            pub fn description(&self) -> Option<&'static str> {
                match self {
                    #(#described,)*
                    Self::Unknown(_) => None,
                }
            }
        }
    }
}
