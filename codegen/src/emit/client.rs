//! The service's `Client`, with one method per action, and each action's fluent builder.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc, summary};
use crate::ir::{ActionIr, Api, PagingIr};

/// The `client` file.
pub fn file(api: &Api) -> TokenStream {
    let s = &api.service;
    let client_doc = doc(&format!(
        "A client of the {} API {}: one method per action, each returning a builder whose \
         `send()` validates, signs and sends the request.\n\n\
         Cheap to clone (an `Arc` inside) and safe to share across tasks. Build one with \
         [`Client::builder`].",
        s.title, s.version
    ));
    let fluents: Vec<_> = api
        .actions
        .iter()
        .map(|a| format_ident!("{}FluentBuilder", a.name))
        .collect();
    let methods = api.actions.iter().zip(&fluents).map(|(action, fluent)| {
        let method = format_ident!("{}", action.module);
        let method_doc = doc(&format!(
            "Sends `{}`. {}",
            action.name,
            summary(&action.doc)
        ));
        quote! {
            #method_doc
            pub fn #method(&self) -> #fluent {
                #fluent::new(self.api.clone())
            }
        }
    });
    quote! {
        #![doc = " The service's client."]
        use ::tencentcloud_runtime::client::{ApiClient, ClientBuilder};
        use super::actions::{#(#fluents),*};

        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client {
            api: ApiClient,
        }

        impl Client {
            /// Starts building a client; see [`ClientBuilder`] for the settings and defaults.
            pub fn builder() -> ClientBuilder<Client> {
                ClientBuilder::new()
            }

            /// The service-agnostic client underneath, to send request values
            /// (`client.api_client().send(request)`) or inspect them (`prepare`).
            pub fn api_client(&self) -> &ApiClient {
                &self.api
            }

            #(#methods)*
        }

        impl From<ApiClient> for Client {
            fn from(api: ApiClient) -> Self {
                Client { api }
            }
        }
    }
}

/// What the request builder gains when it comes from the client: `send()` (and, for a
/// listing, `into_paginator()`), and the `<Action>FluentBuilder` name for it.
pub fn fluent(action: &ActionIr) -> TokenStream {
    let name = &action.name;
    let fluent = format_ident!("{}FluentBuilder", name);
    let builder = format_ident!("{}RequestBuilder", name);
    let request = format_ident!("{}Request", name);
    let response = format_ident!("{}Response", name);
    let slots = action.input.iter().map(|f| format_ident!("{}", f.rust));
    let paginator = if let Some(p) = &action.pagination {
        // A required position is always set by the caller; an optional one may not be.
        let start = match p.paging {
            PagingIr::Offset { offset, limit } => {
                let offset = &action.input[offset];
                let unless = if offset.plain { "" } else { " (if set)" };
                format!(
                    " `{}`{unless} is where the walk starts, in items skipped; `{}` is the page size.",
                    offset.wire, action.input[limit].wire
                )
            }
            PagingIr::Page {
                page,
                page_size,
                first_page,
            } => {
                let page = &action.input[page];
                let unless = if page.plain {
                    String::new()
                } else {
                    format!(" (if set; else {first_page}, the first page)")
                };
                format!(
                    " `{}`{unless} is the page the walk starts at; `{}` is the page size.",
                    page.wire, action.input[page_size].wire
                )
            }
        };
        quote! {
            /// Walks every page: [`pages`](::tencentcloud_runtime::client::Paginator::pages) streams each
            /// answer, [`items`](::tencentcloud_runtime::client::Paginator::items) each item across pages.
            #[doc = #start]
            pub fn into_paginator(self) -> ::tencentcloud_runtime::client::Paginator<#request> {
                let (client, request) = self.into_parts();
                let request = request
                    .map_err(|source| ::tencentcloud_runtime::Error::Validation { action: #name, source });
                ::tencentcloud_runtime::client::Paginator::new(client, request)
            }
        }
    } else {
        TokenStream::new()
    };
    let fluent_doc = format!(
        " `{name}` through the client: set the parameters, then [`send`]({builder}::send)."
    );
    quote! {
        #[doc = #fluent_doc]
        pub type #fluent = #builder<::tencentcloud_runtime::client::ApiClient>;

        impl #builder<::tencentcloud_runtime::client::ApiClient> {
            /// A builder sending through `client`; `Client` methods call this.
            pub fn new(client: ::tencentcloud_runtime::client::ApiClient) -> Self {
                #builder { client, #(#slots: None),* }
            }

            /// Builds the request, checks it against the spec's rules, signs it and sends it.
            pub async fn send(self) -> Result<#response, ::tencentcloud_runtime::Error> {
                let (client, request) = self.into_parts();
                let request = request
                    .map_err(|source| ::tencentcloud_runtime::Error::Validation { action: #name, source })?;
                client.send(request).await
            }

            #paginator
        }
    }
}
