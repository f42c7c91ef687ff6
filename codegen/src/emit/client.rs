//! The service's `Client`, with one method per action, and each action's fluent builder.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc, summary};
use super::imports::Imports;
use super::structs::{Setter, setters};
use crate::ir::{ActionIr, Api};

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

/// The fluent builder of `action`: the request builder's setters, then `send()`.
pub fn fluent(action: &ActionIr, imports: &mut Imports) -> TokenStream {
    let name = &action.name;
    let fluent = format_ident!("{}FluentBuilder", name);
    let builder = format_ident!("{}RequestBuilder", name);
    let request = format_ident!("{}Request", name);
    let response = format_ident!("{}Response", name);
    let forwards = setters(&action.input, true, imports).into_iter().map(
        |Setter {
             doc, method, param, ..
         }| {
            quote! {
                #doc
                pub fn #method(mut self, value: #param) -> Self {
                    self.request = self.request.#method(value);
                    self
                }
            }
        },
    );
    let paginator = if action.pagination.is_some() {
        quote! {
            /// Walks every page: [`pages`](::tencentcloud_runtime::client::Paginator::pages) streams each
            /// answer, [`items`](::tencentcloud_runtime::client::Paginator::items) each item across pages.
            /// `Offset` (if set) is where the walk starts; `Limit` is the page size.
            pub fn into_paginator(self) -> ::tencentcloud_runtime::client::Paginator<#request> {
                let request = self
                    .request
                    .build()
                    .map_err(|source| ::tencentcloud_runtime::Error::Validation { action: #name, source });
                ::tencentcloud_runtime::client::Paginator::new(self.client, request)
            }
        }
    } else {
        TokenStream::new()
    };
    let fluent_doc =
        format!(" `{name}` through the client: set the parameters, then [`send`]({fluent}::send).");
    quote! {
        #[doc = #fluent_doc]
        #[derive(Clone, Debug)]
        #[must_use = "nothing is sent until `send()` is awaited"]
        pub struct #fluent {
            client: ::tencentcloud_runtime::client::ApiClient,
            request: #builder,
        }

        impl #fluent {
            /// A builder sending through `client`; `Client` methods call this.
            pub fn new(client: ::tencentcloud_runtime::client::ApiClient) -> Self {
                #fluent { client, request: #request::builder() }
            }

            #(#forwards)*

            /// Builds the request, checks it against the spec's rules, signs it and sends it.
            pub async fn send(self) -> Result<#response, ::tencentcloud_runtime::Error> {
                let request = self
                    .request
                    .build()
                    .map_err(|source| ::tencentcloud_runtime::Error::Validation { action: #name, source })?;
                self.client.send(request).await
            }

            #paginator
        }
    }
}
