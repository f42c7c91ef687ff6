//! Proc-macros on the same generator as `cargo xtask codegen`.
//!
//! [`api!`] turns a folder of spec files into a typed API module at compile time, with the
//! very emitters that write `tcr-api/src/generated/`, so a crate can bring its own spec files
//! (another Tencent Cloud service, or an action `tcr-api` does not have yet) and get the same
//! code without running any tool.
//!
//! The generated code needs only `tcr-api` (and this crate) as dependencies: it reaches serde
//! and the runtime through `::tcr_api::…` paths.

use std::path::PathBuf;

use proc_macro::TokenStream;
use quote::{format_ident, quote};
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token};

/// `api!(mod <name> from "<spec folder>")`: expands to `pub mod <name> { … }` holding what
/// `cargo xtask codegen` would generate for the folder (`actions`, `types`, `error_code`,
/// `service`).
///
/// The folder is relative to the calling crate's `Cargo.toml`. The crate is rebuilt when a spec
/// file changes. A spec with problems is a compile error that lists each one with its file,
/// line, column and rule.
///
/// ```ignore
/// tcr_macros::api!(mod cvm from "api-spec/cvm");
/// ```
#[proc_macro]
pub fn api(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as ApiInput);
    expand(&input)
        .unwrap_or_else(|error| error.to_compile_error())
        .into()
}

struct ApiInput {
    module: Ident,
    folder: LitStr,
}

impl Parse for ApiInput {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        input.parse::<Token![mod]>()?;
        let module: Ident = input.parse()?;
        let from: Ident = input.parse()?;
        if from != "from" {
            return Err(syn::Error::new(
                from.span(),
                "expected `from`: `api!(mod <name> from \"<spec folder>\")`",
            ));
        }
        let folder: LitStr = input.parse()?;
        Ok(ApiInput { module, folder })
    }
}

fn expand(input: &ApiInput) -> syn::Result<proc_macro2::TokenStream> {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").map_err(|_| {
        syn::Error::new(
            input.folder.span(),
            "CARGO_MANIFEST_DIR is not set; run through cargo",
        )
    })?;
    let relative = input.folder.value();
    let dir = PathBuf::from(manifest).join(&relative);
    let display = relative.trim_end_matches('/');
    let files = tcr_codegen::load::read_dir(&dir, display)
        .map_err(|diagnostics| syn::Error::new(input.folder.span(), diagnostics.render()))?;
    // Every spec file becomes an input of the build, so editing one rebuilds the crate.
    let tracked: Vec<String> = files
        .iter()
        .map(|file| dir.join(&file.relative).display().to_string())
        .collect();
    let api = tcr_codegen::load_files(files)
        .map_err(|diagnostics| syn::Error::new(input.folder.span(), diagnostics.render()))?;
    let module = &input.module;
    let body = tcr_codegen::emit::inline(&api, &format_ident!("{}", module));
    Ok(quote! {
        #body
        const _: () = { #(let _ = include_bytes!(#tracked);)* };
    })
}
