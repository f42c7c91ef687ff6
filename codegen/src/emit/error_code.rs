//! `ErrorCode`: every code the spec declares, typed; what the runtime needs to know of each
//! lives in the service file's code table.

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
    let uses = imports.render(quote!(super::types), None);
    quote! {
        #![doc = " Error codes declared by the spec's `errors.yaml`."]
        #uses
        #body

        impl ErrorCode {
            /// What the spec's `errors.yaml` says of this code: whether it is common to every
            /// action, whether it is refused before acting or transient (the retry rules read
            /// those), and what it means. `None` for a code the spec does not declare.
            pub fn info(&self) -> Option<&'static ::tencentcloud_runtime::action::ErrorCodeInfo> {
                super::service::SERVICE.error_code(self.as_str())
            }

            /// What the code means, as the spec documents it.
            pub fn description(&self) -> Option<&'static str> {
                self.info().map(|info| info.description)
            }
        }

        impl ::tencentcloud_runtime::action::ServiceErrorCode for ErrorCode {
            fn as_str(&self) -> &str {
                ErrorCode::as_str(self)
            }
        }
    }
}
