//! One file per action: the request, its builder and validation, the answer, and the
//! `Action` impl that tells the runtime how to send it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::summary;
use super::imports::Imports;
use super::structs::{self, Kind, Structure};
use super::validate::rule_statics;
use crate::ir::{ActionIr, AnswerRules, Api, FieldIr, RulesIr, Scalar, TypeRef};

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
    let paginated = paginated(action, &request, &mut imports);
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
    action: &ActionIr,
    request: &proc_macro2::Ident,
    imports: &mut Imports,
) -> TokenStream {
    let Some(p) = &action.pagination else {
        return TokenStream::new();
    };
    let offset = format_ident!("{}", action.input[p.offset].rust);
    let limit = format_ident!("{}", action.input[p.limit].rust);
    let items_field = &action.output[p.items];
    let items = format_ident!("{}", items_field.rust);
    let item_type = match &items_field.ty {
        TypeRef::Array(inner) => super::rust_type::value_type(inner, items_field.secret, imports),
        other => super::rust_type::value_type(other, items_field.secret, imports),
    };
    let total = match p.total {
        Some(index) if action.output[index].plain => {
            let total = format_ident!("{}", action.output[index].rust);
            quote!(Some(output.#total))
        }
        Some(index) => {
            let total = format_ident!("{}", action.output[index].rust);
            quote!(output.#total)
        }
        None => quote!(None),
    };
    let (page_items, into_items) = if items_field.plain {
        (quote!(&output.#items), quote!(output.#items))
    } else {
        (
            quote!(output.#items.as_deref().unwrap_or_default()),
            quote!(output.#items.unwrap_or_default()),
        )
    };
    quote! {
        impl ::tencentcloud_runtime::client::Paginated for #request {
            type Item = #item_type;

            fn offset(&self) -> i64 {
                self.#offset.unwrap_or(0)
            }

            fn set_offset(&mut self, offset: i64) {
                self.#offset = Some(offset);
            }

            fn limit(&self) -> Option<i64> {
                self.#limit
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
