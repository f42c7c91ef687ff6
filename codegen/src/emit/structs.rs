//! Structures: requests, answers and data types, each with a builder.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::{doc, field_doc};
use super::imports::Imports;
use super::rust_type::{field_setter, field_type, setter, stored_type};
use super::serde_impls::{Needed, deserialize_struct, serialize_struct};
use super::validate::validate_impl;
use crate::ir::{Api, FieldIr, TypeRef, Usage};

/// What a structure is for, which decides validation. Which fields are plain values and which
/// are `Option`s is each field's [`FieldIr::plain`], settled by the checker.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A request: constraints are validated.
    Request,
    /// An answer: nothing is validated.
    Response,
    /// A data type, used where [`Usage`] says: validated like a request, since it may be sent
    /// inside one.
    Data(Usage),
}

impl Kind {
    /// Whether values of this structure are only read from answers (so a builder's missing
    /// fields are those answers always carry).
    fn answers_only(self) -> bool {
        match self {
            Kind::Request => false,
            Kind::Response => true,
            Kind::Data(usage) => usage.answers && !usage.requests,
        }
    }

    /// Whether a client writes values of this structure (requests and what they hold), or
    /// only servers and tests do.
    fn written(self) -> Needed {
        match self {
            Kind::Request => Needed::Always,
            Kind::Response => Needed::TestUtil,
            Kind::Data(usage) if usage.answers && !usage.requests => Needed::TestUtil,
            Kind::Data(_) => Needed::Always,
        }
    }

    /// Whether a client reads values of this structure (answers and what they hold), or only
    /// servers and tests do.
    fn read(self) -> Needed {
        match self {
            Kind::Request => Needed::TestUtil,
            Kind::Response => Needed::Always,
            Kind::Data(usage) if usage.requests && !usage.answers => Needed::TestUtil,
            Kind::Data(_) => Needed::Always,
        }
    }
}

/// One structure to emit.
pub struct Structure<'a> {
    /// Rust (and API) name.
    pub name: Ident,
    /// Doc comment.
    pub doc: String,
    /// Fields in spec order.
    pub fields: &'a [FieldIr],
    /// Its kind.
    pub kind: Kind,
}

impl Structure<'_> {
    /// Whether the field is the value itself (not an `Option`), which its builder requires.
    fn required(&self, field: &FieldIr) -> bool {
        field.plain
    }

    fn validated(&self) -> bool {
        self.kind != Kind::Response
    }
}

/// The struct, its inherent impl, its builder and (for requests and data) `impl Validate`.
pub fn emit(api: &Api, s: &Structure<'_>, imports: &mut Imports) -> TokenStream {
    imports.serde();
    let name = &s.name;
    let builder = format_ident!("{}Builder", name);
    let struct_doc = doc(&s.doc);
    let fields = s
        .fields
        .iter()
        .map(|field| {
            let rust = format_ident!("{}", field.rust);
            let ty = field_type(field, s.required(field), imports);
            let field_doc = doc(&field_doc(field, s.fields, s.validated()));
            quote! { #field_doc pub #rust: #ty }
        })
        .collect::<Vec<_>>();
    let builder_doc =
        format!(" Starts a [`{name}`]; `build()` reports every missing required field at once.");
    let constructor = constructor(s, imports);
    // A client reads answers; it builds them only in tests (and servers build them), so the
    // builders of what only answers hold come with the `test-util` feature.
    let builder_cfg = if s.kind.answers_only() {
        Needed::TestUtil.cfg()
    } else {
        TokenStream::new()
    };
    let builder_items = builder_items(s, &builder, &builder_cfg, imports);
    let validate = if s.validated() {
        validate_impl(api, name, s.fields, imports)
    } else {
        TokenStream::new()
    };
    let serialize = serialize_struct(name, s.fields, s.kind.written());
    let deserialize = deserialize_struct(name, s.fields, s.kind.read(), imports);
    quote! {
        #struct_doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields),*
        }

        impl #name {
            #[doc = #builder_doc]
            #builder_cfg
            pub fn builder() -> #builder {
                #builder::default()
            }
            #constructor
        }

        #serialize
        #deserialize
        #builder_items
        #validate
    }
}

/// `new(…)` for a data type sent in requests whose fields are all plain values: nothing can be
/// missing, so no builder is needed. A structure only read from answers has none: it is built
/// by servers and tests, where the builder's named setters read better than a long list of
/// arguments.
fn constructor(s: &Structure<'_>, imports: &mut Imports) -> TokenStream {
    if !matches!(s.kind, Kind::Data(_))
        || s.kind.answers_only()
        || !s.fields.iter().all(|f| f.plain)
    {
        return TokenStream::new();
    }
    let params = s
        .fields
        .iter()
        .map(|field| {
            let rust = format_ident!("{}", field.rust);
            let (param, _) = field_setter(field, &quote!(#rust), imports);
            quote!(#rust: #param)
        })
        .collect::<Vec<_>>();
    let inits = s
        .fields
        .iter()
        .map(|field| {
            let rust = format_ident!("{}", field.rust);
            let (_, convert) = field_setter(field, &quote!(#rust), imports);
            if rust == convert.to_string() {
                quote!(#rust)
            } else {
                quote!(#rust: #convert)
            }
        })
        .collect::<Vec<_>>();
    let doc = format!(" A `{}` from all its fields.", s.name);
    quote! {
        #[doc = #doc]
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits),* }
        }
    }
}

/// The builder and its setters; `cfg` is the `#[cfg]` the builder is compiled under, if any.
fn builder_items(
    s: &Structure<'_>,
    builder: &Ident,
    cfg: &TokenStream,
    imports: &mut Imports,
) -> TokenStream {
    let name = &s.name;
    let slots = s
        .fields
        .iter()
        .map(|field| {
            let rust = format_ident!("{}", field.rust);
            let ty = stored_type(field, imports);
            quote!(#rust: Option<#ty>)
        })
        .collect::<Vec<_>>();
    let methods: Vec<TokenStream> = setters(s.fields, s.validated(), imports)
        .into_iter()
        .map(|setter| {
            let Setter {
                doc,
                method,
                param,
                body,
            } = setter;
            quote! {
                #doc
                pub fn #method(mut self, value: #param) -> Self {
                    #body
                    self
                }
            }
        })
        .collect();
    let required: Vec<&FieldIr> = s.fields.iter().filter(|f| s.required(f)).collect();
    let all_fields = s.fields.iter().map(|field| {
        let rust = format_ident!("{}", field.rust);
        if s.required(field) {
            quote!(#rust)
        } else {
            quote!(#rust: self.#rust)
        }
    });
    // A builder compiled only with a feature names the validation types by their full paths:
    // a `use` line for them would be unused without the feature.
    let mut validation = |item: &'static str| {
        let ident = format_ident!("{}", item);
        if cfg.is_empty() {
            imports.validation(item);
            quote!(#ident)
        } else {
            quote!(::tencentcloud_runtime::validation::#ident)
        }
    };
    let validation_error = validation("ValidationError");
    let body = if required.is_empty() {
        quote!(Ok(#name { #(#all_fields),* }))
    } else {
        let field_path = validation("FieldPath");
        let violations = validation("Violations");
        let takes = required.iter().map(|field| {
            let rust = format_ident!("{}", field.rust);
            let wire = &field.wire;
            quote!(let #rust = missing.take(&#field_path::ROOT.field(#wire), self.#rust);)
        });
        let names: Vec<Ident> = required
            .iter()
            .map(|f| format_ident!("{}", f.rust))
            .collect();
        quote! {
            let mut missing = #violations::new();
            #(#takes)*
            match (#(#names,)*) {
                (#(Some(#names),)*) => Ok(#name { #(#all_fields),* }),
                _ => Err(missing.into_error()),
            }
        }
    };
    let build_doc = if required.is_empty() {
        format!(" The [`{name}`]. Nothing is required, so this always succeeds.")
    } else {
        let list = required
            .iter()
            .map(|f| format!("`{}`", f.wire))
            .collect::<Vec<_>>()
            .join(", ");
        if s.kind.answers_only() {
            format!(
                " The [`{name}`], or an error naming every missing field that answers always \
                 carry ({list})."
            )
        } else {
            format!(" The [`{name}`], or an error naming every missing required field ({list}).")
        }
    };
    if s.kind == Kind::Request {
        // One builder serves both ways in: `Request::builder()` (no client, `C = ()`) and the
        // client's method (`C = ApiClient`, which adds `send()`), so the setters exist once.
        let builder_doc = format!(
            " Builds a [`{name}`]: start with [`{name}::builder`], or with the client's method, \
             which also sends it."
        );
        return quote! {
            #[doc = #builder_doc]
            #[derive(Clone, Debug, Default)]
            #[must_use]
            pub struct #builder<C = ()> {
                client: C,
                #(#slots),*
            }

            impl<C> #builder<C> {
                #(#methods)*

                #[doc = #build_doc]
                pub fn build(self) -> Result<#name, #validation_error> {
                    self.into_parts().1
                }

                /// The client slot and the built request.
                fn into_parts(self) -> (C, Result<#name, #validation_error>) {
                    let built = { #body };
                    (self.client, built)
                }
            }
        };
    }
    let builder_doc = format!(" Builds a [`{name}`]: start with [`{name}::builder`].");
    quote! {
        #[doc = #builder_doc]
        #cfg
        #[derive(Clone, Debug, Default)]
        #[must_use]
        pub struct #builder {
            #(#slots),*
        }

        #cfg
        impl #builder {
            #(#methods)*

            #[doc = #build_doc]
            pub fn build(self) -> Result<#name, #validation_error> {
                #body
            }
        }
    }
}

/// One setter of a builder: `value` goes into `field`.
struct Setter {
    /// Doc comment.
    doc: TokenStream,
    /// Method name.
    method: Ident,
    /// Parameter type.
    param: TokenStream,
    /// The statement storing `value` in `self.<field>`.
    body: TokenStream,
}

/// Every setter of a builder over `fields`: `<field>(value)`, `set_<field>(Option)`, and for
/// arrays the method that appends one element.
fn setters(fields: &[FieldIr], validated: bool, imports: &mut Imports) -> Vec<Setter> {
    let mut out = Vec::new();
    for field in fields {
        let rust = format_ident!("{}", field.rust);
        let plain = field.rust.trim_start_matches("r#");
        let stored = stored_type(field, imports);
        let (param, convert) = field_setter(field, &quote!(value), imports);
        out.push(Setter {
            doc: doc(&field_doc(field, fields, validated)),
            method: rust.clone(),
            param,
            body: quote!(self.#rust = Some(#convert);),
        });
        let set_doc = format!(" Sets `{}`, or clears it with `None`.", field.wire);
        out.push(Setter {
            doc: quote!(#[doc = #set_doc]),
            method: format_ident!("set_{}", plain),
            param: quote!(Option<#stored>),
            body: quote!(self.#rust = value;),
        });
        if let (Some(singular), TypeRef::Array(inner)) = (&field.singular, &field.ty) {
            let (param, convert) = setter(inner, field.secret, &quote!(value), imports);
            let doc = format!(" Appends one element to `{}`.", field.wire);
            out.push(Setter {
                doc: quote!(#[doc = #doc]),
                method: format_ident!("{}", singular),
                param,
                body: quote!(self.#rust.get_or_insert_with(Vec::new).push(#convert);),
            });
        }
    }
    out
}
