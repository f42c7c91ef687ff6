//! Enumerations of strings that keep values they do not know.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::doc;
use super::imports::Imports;
use super::serde_impls::enum_impls;

/// One documented value.
pub struct Variant<'a> {
    /// On the wire.
    pub wire: &'a str,
    /// Rust variant.
    pub rust: Ident,
    /// Doc comment.
    pub doc: String,
}

/// An open enum: one variant per documented value plus `Unknown`, which keeps any other value
/// exactly, so that a value added to the API later survives a round trip through this version.
/// Serialized as its string.
pub fn emit(
    name: &Ident,
    enum_doc: &str,
    variants: &[Variant<'_>],
    imports: &mut Imports,
) -> TokenStream {
    imports.primitive("UnknownValue");
    imports.serde();
    let enum_doc = doc(enum_doc);
    let defs = variants.iter().map(|v| {
        let rust = &v.rust;
        // An empty wire value cannot be written as a code span (`` is not Markdown for it).
        let wire = if v.wire.is_empty() {
            "`\"\"` (the empty string)".to_owned()
        } else {
            format!("`{}`", v.wire)
        };
        let doc = doc(&format!("{wire}: {}", v.doc.trim_end()));
        quote!(#doc #rust)
    });
    let wires: Vec<&str> = variants.iter().map(|v| v.wire).collect();
    let idents: Vec<&Ident> = variants.iter().map(|v| &v.rust).collect();
    let unknown_doc = " A value this version of the spec does not list, kept as it is. Match it as \"any other value\": it may become a named variant in a later version.";
    let known_doc = format!(" Every value the spec documents for `{name}`.");
    let serde_impls = enum_impls(name);
    quote! {
        #enum_doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#defs,)*
            #[doc = #unknown_doc]
            Unknown(UnknownValue),
        }

        impl #name {
            #[doc = #known_doc]
            pub const KNOWN_VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The value on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#idents => #wires,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// Whether the spec documents this value.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#wires => Self::#idents,)*
                    other => Self::Unknown(UnknownValue::new(other)),
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl From<#name> for String {
            fn from(value: #name) -> String {
                value.as_str().to_owned()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #serde_impls
    }
}

/// The variants of an enum type of the spec.
pub fn variants(e: &crate::ir::EnumIr) -> Vec<Variant<'_>> {
    e.values
        .iter()
        .map(|v| Variant {
            wire: &v.wire,
            rust: format_ident!("{}", v.variant),
            doc: v.doc.clone(),
        })
        .collect()
}
