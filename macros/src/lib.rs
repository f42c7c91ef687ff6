//! Proc-macros on the same generator as `cargo xtask codegen`.
//!
//! [`api!`] turns a folder of spec files into a typed API module at compile time, with the
//! very emitters that write `tcr-api/src/generated/`, so a crate can bring its own spec files
//! (another Tencent Cloud service, or an action `tcr-api` does not have yet) and get the same
//! code without running any tool.
//!
//! The generated code needs only the runtime crate (`tencentcloud-runtime`) and this crate as
//! dependencies: it reaches serde and the runtime through `::tencentcloud_runtime::…` paths,
//! and its error codes and retry flags come from its own spec, not from TCR's.
//!
//! # The `test-util` feature of the calling crate
//!
//! A client writes requests and reads answers, and that is all the generated code compiles by
//! default. The other half, which servers and tests need (reading requests and writing
//! answers as JSON, builders of what only answers hold, `actions::visit_server_actions`), is
//! compiled under `#[cfg(feature = "test-util")]`, which names a feature of the crate that
//! calls the macro. Declare it there, turning on the runtime's feature of the same name:
//!
//! ```toml
//! [features]
//! test-util = ["tencentcloud-runtime/test-util"]
//! ```
//!
//! # How validation appears in generated code
//!
//! Each constrained field gets a `static` list of rules next to the type (`PASSWORD_RULES:
//! &[Rule] = &[Rule::Length { min: Some(8), max: Some(20) }, Rule::MustContain(…)]`) and the
//! type's `impl Validate` checks each field against its list in spec order. The rules are data
//! and their meaning lives in one small runtime crate (`spec-rules`, re-exported as
//! `tencentcloud_runtime::validation`), so a reviewer reads a field's constraints in one place.
//!
//! No derive or attribute macro is used for this, deliberately: a derive would make every
//! crate that depends on `tcr-api` build this proc-macro crate and with it the generator
//! (YAML parser, `syn` with full parsing, `prettyplease`). Plain generated impls keep a
//! `tcr-api` user's build free of all of that, and the generated code is what it looks like,
//! with nothing left to expand.
//!
//! # Rebuilds
//!
//! Each spec file read becomes an input of the build (through `include_bytes!`), so editing a
//! spec file rebuilds the calling crate. Adding a new file to the folder is not seen until
//! something else changes (stable Rust has no way for a macro to watch a folder); touch the
//! crate's source or run `cargo clean -p <crate>`.

use std::path::PathBuf;

use proc_macro::TokenStream;
use quote::quote;
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
    let (body, read) = tcr_codegen::expand(
        &PathBuf::from(manifest),
        &input.folder.value(),
        &input.module.to_string(),
    )
    .map_err(|diagnostics| {
        syn::Error::new(
            input.folder.span(),
            diagnostics.render_for_macro(&input.folder.value()),
        )
    })?;
    // Every spec file becomes an input of the build, so editing one rebuilds the crate.
    let tracked = read.iter().map(|path| path.display().to_string());
    Ok(quote! {
        #body
        const _: () = { #(let _ = include_bytes!(#tracked);)* };
    })
}
