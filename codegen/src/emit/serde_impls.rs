//! The `Serialize` and `Deserialize` impls of structures and enumerations, written out rather
//! than derived.
//!
//! A structure of the API is a JSON object read and written member by member, by name; serde's
//! derive produces much more than that for each structure (field-index visitors, sequence
//! forms), and at hundreds of structures that code is most of what compiling a service crate
//! costs. The impls here need only `serde` itself and the small helpers in
//! `tencentcloud_runtime::__private::fields`.
//!
//! A client needs one direction of each: it writes requests and reads answers. The other
//! direction (reading requests, writing answers), which servers such as the emulator and tests
//! that build answers need, is compiled only with the generated crate's `test-util` feature.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::imports::Imports;
use super::rust_type::field_type;
use crate::ir::FieldIr;

/// Whether an impl is always compiled or only with the `test-util` feature.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Needed {
    /// A client uses it.
    Always,
    /// Only servers and tests use it.
    TestUtil,
}

impl Needed {
    /// `#[cfg(feature = "test-util")]`, or nothing.
    pub fn cfg(self) -> TokenStream {
        match self {
            Needed::Always => TokenStream::new(),
            Needed::TestUtil => quote!(#[cfg(feature = "test-util")]),
        }
    }
}

/// `impl Serialize`: every present member under its wire name, optional members left out when
/// absent.
pub fn serialize_struct(name: &Ident, fields: &[FieldIr], needed: Needed) -> TokenStream {
    let cfg = needed.cfg();
    if fields.is_empty() {
        return quote! {
            #cfg
            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    use serde::ser::SerializeMap as _;
                    serializer.serialize_map(Some(0))?.end()
                }
            }
        };
    }
    let entries = fields.iter().map(|field| {
        let rust = format_ident!("{}", field.rust);
        let wire = &field.wire;
        if field.plain {
            quote!(map.serialize_entry(#wire, &self.#rust)?;)
        } else {
            quote! {
                if let Some(value) = &self.#rust {
                    map.serialize_entry(#wire, value)?;
                }
            }
        }
    });
    quote! {
        #cfg
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(None)?;
                #(#entries)*
                map.end()
            }
        }
    }
}

/// `impl Deserialize`: members read by wire name, unknown ones skipped; a plain field's member
/// must be there, an optional one may be absent or `null`.
pub fn deserialize_struct(
    name: &Ident,
    fields: &[FieldIr],
    needed: Needed,
    imports: &mut Imports,
) -> TokenStream {
    let cfg = needed.cfg();
    // Slots are prefixed so that no member name (`Key`, `Map`) can shadow the visitor's own
    // bindings.
    let slot: Vec<Ident> = fields
        .iter()
        .map(|field| format_ident!("slot_{}", field.rust.trim_start_matches("r#")))
        .collect();
    let slots = fields.iter().zip(&slot).map(|(field, slot)| {
        // An optional field's slot holds what was read, `null` included: `Some(None)`.
        let ty = field_type(field, field.plain, imports);
        quote!(let mut #slot: Option<#ty> = None;)
    });
    let arms = fields.iter().zip(&slot).map(|(field, slot)| {
        let wire = &field.wire;
        quote!(#wire => fields::read(&mut map, &mut #slot, #wire)?,)
    });
    let values = fields.iter().zip(&slot).map(|(field, slot)| {
        let rust = format_ident!("{}", field.rust);
        let wire = &field.wire;
        if field.plain {
            quote!(#rust: fields::required(#slot, #wire)?)
        } else {
            quote!(#rust: #slot.flatten())
        }
    });
    let name_text = name.to_string();
    let read_members = if fields.is_empty() {
        quote! {
            while map.next_key::<fields::Key<'de>>()?.is_some() {
                fields::skip(&mut map)?;
            }
        }
    } else {
        quote! {
            while let Some(member) = map.next_key::<fields::Key<'de>>()? {
                match member.as_str() {
                    #(#arms)*
                    _ => fields::skip(&mut map)?,
                }
            }
        }
    };
    quote! {
        #cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use ::tencentcloud_runtime::__private::fields;

                struct Members;

                impl<'de> serde::de::Visitor<'de> for Members {
                    type Value = #name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        fields::expecting(f, #name_text)
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<#name, A::Error> {
                        #(#slots)*
                        #read_members
                        Ok(#name { #(#values),* })
                    }
                }

                deserializer.deserialize_map(Members)
            }
        }
    }
}

/// `impl Serialize` and `impl Deserialize` of an open enumeration: its wire string, any string
/// accepted.
pub fn enum_impls(name: &Ident) -> TokenStream {
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as serde::Deserialize<'de>>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}
