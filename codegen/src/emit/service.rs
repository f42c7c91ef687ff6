//! The `service` file: the service's name, version, hosts, rate limit and error codes.

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
    let mut errors: Vec<_> = api.errors.iter().collect();
    errors.sort_by(|a, b| a.code.cmp(&b.code));
    let codes = errors.iter().map(|e| {
        let (code, common, refused, transient, description) = (
            &e.code,
            e.common,
            e.refused_before_acting,
            e.transient,
            e.doc.trim(),
        );
        quote! {
            ErrorCodeInfo {
                code: #code,
                common: #common,
                refused_before_acting: #refused,
                transient: #transient,
                description: #description,
            }
        }
    });
    let doc = doc(&format!(
        "{}, API version {}.\n\n{}",
        s.title,
        s.version,
        s.doc.trim_end()
    ));
    quote! {
        #![doc = " The service the spec describes."]
        use ::tencentcloud_runtime::action::{ErrorCodeInfo, ServiceInfo};

        #doc
        pub static SERVICE: ServiceInfo = ServiceInfo {
            name: #name,
            version: #version,
            china_host: #china,
            international_host: #international,
            regional_host: #regional,
            rate_limit_per_second: #rate,
            error_codes: ERROR_CODES,
        };

        /// Every error code of the spec's `errors.yaml`, sorted by code, with the flags the
        /// runtime's retry rules read.
        static ERROR_CODES: &[ErrorCodeInfo] = &[#(#codes),*];
    }
}
