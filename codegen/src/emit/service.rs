//! The `service` file: the service's name, version, hosts and rate limit.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc;
use crate::ir::Api;

/// The `service` file.
pub fn file(api: &Api) -> TokenStream {
    let s = &api.service;
    let (name, version, china, international, regional, rate) = (
        &s.name,
        &s.version,
        &s.china,
        &s.international,
        &s.regional,
        proc_macro2::Literal::u32_unsuffixed(s.rate_limit_per_second),
    );
    let doc = doc(&format!(
        "{}, API version {}.\n\n{}",
        s.title,
        s.version,
        s.doc.trim_end()
    ));
    quote! {
        #![doc = " The service the spec describes."]
        use ::tcr_api::action::ServiceInfo;

        #doc
        pub const SERVICE: ServiceInfo = ServiceInfo {
            name: #name,
            version: #version,
            china_host: #china,
            international_host: #international,
            regional_host: #regional,
            rate_limit_per_second: #rate,
        };
    }
}
