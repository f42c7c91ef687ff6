//! One file per action: the request, its builder and validation, the answer, and the
//! `Action` impl that tells the runtime how to send it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::summary;
use super::imports::Imports;
use super::structs::{self, Kind, Structure};
use super::validate::rule_statics;
use crate::ir::{
    ActionIr, AnswerPath, AnswerRules, Api, FieldIr, PagingIr, RulesIr, Scalar, TypeIr, TypeRef,
};

/// The file of `action`.
pub fn file(api: &Api, action: &ActionIr) -> TokenStream {
    let mut imports = Imports::default();
    let name = &action.name;
    let request = format_ident!("{}Request", name);
    let response = format_ident!("{}Response", name);

    let unsigned = if action.signed {
        ""
    } else {
        "\n\nIt is sent unsigned (`Authorization: SKIP`, no token): the client needs no credentials for it."
    };
    let request_doc = format!(
        "The request of `{name}`.\n\n{}{unsigned}\n\nSend it with the client, or check it with [`Validate::validate`].",
        action.doc.trim_end()
    );
    let request_items = structs::emit(
        api,
        &Structure {
            name: request.clone(),
            doc: request_doc,
            fields: &action.input,
            kind: Kind::Request,
        },
        &mut imports,
    );

    let mut output = action.output.clone();
    output.push(FieldIr {
        wire: "RequestId".into(),
        rust: "request_id".into(),
        singular: None,
        doc: "The unique request ID the server gave this call; quote it when asking Tencent Cloud about a problem.".into(),
        ty: TypeRef::Scalar(Scalar::String),
        required: true,
        answer: AnswerRules {
            always_present: true,
            may_be_null: false,
        },
        plain: true,
        required_when: None,
        secret: false,
        boxed: false,
        rules: RulesIr::default(),
    });
    let response_doc = if action.output.iter().any(|f| f.plain) {
        format!(
            "The answer of `{name}`.\n\nThe fields the spec says are always present and never \
             `null` are plain values: an answer without one of them does not decode. The others \
             are optional: the API may leave them out or send `null`."
        )
    } else {
        format!(
            "The answer of `{name}`.\n\nEvery field but `request_id` is optional: the API may leave any of them out."
        )
    };
    let response_items = structs::emit(
        api,
        &Structure {
            name: response.clone(),
            doc: response_doc,
            fields: &output,
            kind: Kind::Response,
        },
        &mut imports,
    );

    let statics = rule_statics(&action.input, &mut imports);
    let fluent = super::client::fluent(action);
    let paginated = paginated(api, action, &request, &mut imports);
    let safe = action.safe_to_resend;
    let signed = action.signed;
    let rate = proc_macro2::Literal::u32_unsuffixed(action.rate_limit_per_second);
    let errors = &action.errors;
    let parameters = action.input.iter().map(|f| {
        let (wire, required) = (&f.wire, f.required);
        quote!(::tencentcloud_runtime::action::Parameter { name: #wire, required: #required })
    });
    let module_doc = format!(" The `{name}` action. {}", summary(&action.doc));
    let info_doc = format!(
        " What the runtime knows of `{name}`: its service, retry safety, signing, rate limit, error codes and parameters."
    );
    let uses = imports.render(quote!(super::super::types), None);
    quote! {
        #![doc = #module_doc]
        #uses

        #request_items

        impl ::tencentcloud_runtime::action::Action for #request {
            type Output = #response;
            const INFO: &'static ::tencentcloud_runtime::action::ActionInfo = &INFO;
        }

        #[doc = #info_doc]
        static INFO: ::tencentcloud_runtime::action::ActionInfo = ::tencentcloud_runtime::action::ActionInfo {
            service: &super::super::service::SERVICE,
            name: #name,
            safe_to_resend: #safe,
            signed: #signed,
            rate_limit_per_second: #rate,
            errors: &[#(#errors),*],
            parameters: &[#(#parameters),*],
        };

        #paginated

        #statics

        #response_items

        #fluent
    }
}

/// `impl Paginated` for a listing: how the runtime's paginator moves from page to page.
fn paginated(
    api: &Api,
    action: &ActionIr,
    request: &proc_macro2::Ident,
    imports: &mut Imports,
) -> TokenStream {
    let Some(p) = &action.pagination else {
        return TokenStream::new();
    };
    let (position, size, paging) = match p.paging {
        PagingIr::Offset { offset, limit } => (
            &action.input[offset],
            &action.input[limit],
            quote!(::tencentcloud_runtime::client::Paging::Offset),
        ),
        PagingIr::Page {
            page,
            page_size,
            first_page,
        } => {
            let first = super::validate::int(first_page.into());
            (
                &action.input[page],
                &action.input[page_size],
                quote!(::tencentcloud_runtime::client::Paging::Page { first: #first }),
            )
        }
    };
    // A required paging parameter is a plain `i64` in the request, an optional one an
    // `Option<i64>`.
    let (read_position, write_position) = {
        let field = format_ident!("{}", position.rust);
        if position.plain {
            (quote!(Some(self.#field)), quote!(self.#field = position;))
        } else {
            (quote!(self.#field), quote!(self.#field = Some(position);))
        }
    };
    let read_size = {
        let field = format_ident!("{}", size.rust);
        if size.plain {
            quote!(Some(self.#field))
        } else {
            quote!(self.#field)
        }
    };
    let (outer, member) = answer_fields(api, action, p.items);
    let items_field = member.unwrap_or(outer);
    let item_type = match &items_field.ty {
        TypeRef::Array(inner) => super::rust_type::value_type(inner, items_field.secret, imports),
        other => super::rust_type::value_type(other, items_field.secret, imports),
    };
    let page_items = read(outer, member, Read::Slice);
    let into_items = read(outer, member, Read::Owned);
    let total = match p.total {
        Some(path) => {
            let (outer, member) = answer_fields(api, action, path);
            let leaf = member.unwrap_or(outer);
            let unsigned = leaf.ty == TypeRef::Scalar(Scalar::UInt64);
            let plain = outer.plain && member.is_none_or(|m| m.plain);
            match (unsigned, plain) {
                (false, _) => read(outer, member, Read::Copied),
                (true, true) => {
                    let value = read(outer, member, Read::Owned);
                    quote!(i64::try_from(#value).ok())
                }
                (true, false) => {
                    let total = read(outer, member, Read::Copied);
                    quote!(#total.and_then(|total| i64::try_from(total).ok()))
                }
            }
        }
        None => quote!(None),
    };
    quote! {
        impl ::tencentcloud_runtime::client::Paginated for #request {
            type Item = #item_type;

            const PAGING: ::tencentcloud_runtime::client::Paging = #paging;

            fn position(&self) -> Option<i64> {
                #read_position
            }

            fn set_position(&mut self, position: i64) {
                #write_position
            }

            fn page_size(&self) -> Option<i64> {
                #read_size
            }

            fn page_items(output: &Self::Output) -> &[Self::Item] {
                #page_items
            }

            fn into_items(output: Self::Output) -> Vec<Self::Item> {
                #into_items
            }

            fn total(output: &Self::Output) -> Option<i64> {
                #total
            }
        }
    }
}

/// The answer field `path` leads to: the top-level field, and the member when it is nested.
fn answer_fields<'a>(
    api: &'a Api,
    action: &'a ActionIr,
    path: AnswerPath,
) -> (&'a FieldIr, Option<&'a FieldIr>) {
    let outer = &action.output[path.field];
    let member = path.member.and_then(|member| match &outer.ty {
        TypeRef::Struct(name) => match api.type_named(name) {
            Some(TypeIr::Struct(s)) => s.fields.get(member),
            _ => None,
        },
        _ => None,
    });
    (outer, member)
}

/// How a paginator reads an answer field.
#[derive(Clone, Copy)]
enum Read {
    /// `&[Item]` from `&output`, empty when absent.
    Slice,
    /// `Vec<Item>` from `output`, empty when absent.
    Owned,
    /// `Option<Copy value>` from `&output`.
    Copied,
}

/// The expression reading `outer` (a field of `output`), or its `member` when nested, each a
/// plain value or an `Option` as the answer type has it: written out case by case, so that
/// generated code has no `Some(x).unwrap_or_default()` for clippy to flag.
fn read(outer: &FieldIr, member: Option<&FieldIr>, how: Read) -> TokenStream {
    let o = format_ident!("{}", outer.rust);
    let Some(member) = member else {
        return match (how, outer.plain) {
            (Read::Slice, true) => quote!(&output.#o),
            (Read::Slice, false) => quote!(output.#o.as_deref().unwrap_or_default()),
            (Read::Owned, true) => quote!(output.#o),
            (Read::Owned, false) => quote!(output.#o.unwrap_or_default()),
            (Read::Copied, true) => quote!(Some(output.#o)),
            (Read::Copied, false) => quote!(output.#o),
        };
    };
    let m = format_ident!("{}", member.rust);
    match (how, outer.plain, member.plain) {
        (Read::Slice, true, true) => quote!(&output.#o.#m),
        (Read::Slice, true, false) => quote!(output.#o.#m.as_deref().unwrap_or_default()),
        (Read::Slice, false, true) => {
            quote!(output.#o.as_ref().map(|outer| outer.#m.as_slice()).unwrap_or_default())
        }
        (Read::Slice, false, false) => {
            quote!(output.#o.as_ref().and_then(|outer| outer.#m.as_deref()).unwrap_or_default())
        }
        (Read::Owned, true, true) => quote!(output.#o.#m),
        (Read::Owned, true, false) => quote!(output.#o.#m.unwrap_or_default()),
        (Read::Owned, false, true) => quote!(output.#o.map(|outer| outer.#m).unwrap_or_default()),
        (Read::Owned, false, false) => {
            quote!(output.#o.and_then(|outer| outer.#m).unwrap_or_default())
        }
        (Read::Copied, true, true) => quote!(Some(output.#o.#m)),
        (Read::Copied, true, false) => quote!(output.#o.#m),
        (Read::Copied, false, true) => quote!(output.#o.as_ref().map(|outer| outer.#m)),
        (Read::Copied, false, false) => quote!(output.#o.as_ref().and_then(|outer| outer.#m)),
    }
}
