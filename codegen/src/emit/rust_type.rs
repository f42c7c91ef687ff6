//! Rust types for spec types, and how builders accept them.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::imports::Imports;
use crate::ir::{FieldIr, Scalar, TypeRef};

/// The Rust type of a value of `ty` (without `Option`).
pub fn value_type(ty: &TypeRef, secret: bool, imports: &mut Imports) -> TokenStream {
    match ty {
        TypeRef::Scalar(Scalar::String) if secret => {
            imports.primitive("Sensitive");
            quote!(Sensitive<String>)
        }
        TypeRef::Scalar(Scalar::String) => quote!(String),
        TypeRef::Scalar(Scalar::Integer) => quote!(i64),
        TypeRef::Scalar(Scalar::UInt64) => quote!(u64),
        TypeRef::Scalar(Scalar::UnixMillis) => {
            imports.primitive("UnixMillis");
            quote!(UnixMillis)
        }
        TypeRef::Scalar(Scalar::UnixSeconds) => {
            imports.primitive("UnixSeconds");
            quote!(UnixSeconds)
        }
        TypeRef::Scalar(Scalar::Boolean) => quote!(bool),
        TypeRef::Scalar(Scalar::Float) => quote!(f64),
        TypeRef::Scalar(Scalar::Timestamp) => {
            imports.primitive("Timestamp");
            quote!(Timestamp)
        }
        TypeRef::Struct(name) | TypeRef::Enum(name) => {
            imports.spec_type(name);
            let ident = format_ident!("{}", name);
            quote!(#ident)
        }
        TypeRef::Array(inner) => {
            let inner = value_type(inner, secret, imports);
            quote!(Vec<#inner>)
        }
    }
}

/// How a structure stores one value of the field: its [`value_type`], in a `Box` when the
/// structure contains itself through the field ([`FieldIr::boxed`]).
pub fn stored_type(field: &FieldIr, imports: &mut Imports) -> TokenStream {
    let inner = value_type(&field.ty, field.secret, imports);
    if field.boxed {
        quote!(Box<#inner>)
    } else {
        inner
    }
}

/// What a setter of the field accepts and how it turns the argument `value` into the stored
/// value: [`setter`], boxed when the field is.
pub fn field_setter(
    field: &FieldIr,
    value: &TokenStream,
    imports: &mut Imports,
) -> (TokenStream, TokenStream) {
    let (param, convert) = setter(&field.ty, field.secret, value, imports);
    if field.boxed {
        (param, quote!(Box::new(#convert)))
    } else {
        (param, convert)
    }
}

/// The field's type in its structure: `Option<T>` unless required.
pub fn field_type(field: &FieldIr, required: bool, imports: &mut Imports) -> TokenStream {
    let inner = stored_type(field, imports);
    if required {
        inner
    } else {
        quote!(Option<#inner>)
    }
}

/// What a setter accepts for one value of `ty`, and the expression that turns the argument
/// `value` into the stored value.
pub fn setter(
    ty: &TypeRef,
    secret: bool,
    value: &TokenStream,
    imports: &mut Imports,
) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::Scalar(Scalar::String) if secret => {
            imports.primitive("Sensitive");
            (
                quote!(impl Into<String>),
                quote!(Sensitive::new(#value.into())),
            )
        }
        TypeRef::Scalar(Scalar::String)
        | TypeRef::Scalar(Scalar::UnixMillis | Scalar::UnixSeconds | Scalar::Timestamp)
        | TypeRef::Enum(_) => {
            let stored = value_type(ty, secret, imports);
            (quote!(impl Into<#stored>), quote!(#value.into()))
        }
        TypeRef::Array(inner) => {
            let item = quote!(item);
            let (param, convert) = setter(inner, secret, &item, imports);
            let convert = if convert.to_string() == item.to_string() {
                quote!(#value.into_iter().collect())
            } else {
                quote!(#value.into_iter().map(|item| #convert).collect())
            };
            (quote!(impl IntoIterator<Item = #param>), convert)
        }
        _ => (value_type(ty, secret, imports), value.clone()),
    }
}
