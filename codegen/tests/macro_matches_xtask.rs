//! The proc-macro's expansion of `api-spec/` and the files `cargo xtask codegen` checked in are
//! the same code: the expansion, split back into files at its modules, renders byte for byte
//! to `tcr-api/src/generated/`.

use std::path::Path;

use proc_macro2::TokenStream;
use quote::quote;
use tcr_codegen::emit::{GeneratedFile, render};

/// Splits module `m` into files: a module holding inline modules becomes `<path>/mod.rs`
/// declaring them, a leaf module `<path>.rs`.
fn split(path: &str, attrs: &[syn::Attribute], items: &[syn::Item], out: &mut Vec<GeneratedFile>) {
    let mut declarations = TokenStream::new();
    let mut rest = TokenStream::new();
    let mut children = Vec::new();
    for item in items {
        match item {
            syn::Item::Mod(m) if m.content.is_some() => {
                let (vis, ident) = (&m.vis, &m.ident);
                declarations.extend(quote!(#vis mod #ident;));
                children.push(m);
            }
            other => rest.extend(quote!(#other)),
        }
    }
    let inner: TokenStream = attrs.iter().map(|a| quote!(#a)).collect();
    let file = if children.is_empty() {
        format!("{path}.rs")
    } else {
        format!("{path}/mod.rs")
    };
    let file = file.trim_start_matches('/').to_owned();
    out.push(GeneratedFile {
        path: file,
        tokens: quote!(#inner #declarations #rest),
    });
    for child in children {
        let (_, items) = child.content.as_ref().unwrap();
        split(&format!("{path}/{}", child.ident), &child.attrs, items, out);
    }
}

#[test]
fn macro_expansion_equals_the_checked_in_generated_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let (expansion, read) = tcr_codegen::expand(&root, "api-spec", "generated").unwrap();
    assert!(
        read.iter()
            .any(|p| p.ends_with("actions/CreateServiceAccount.yaml"))
    );
    let file: syn::File = syn::parse2(expansion).unwrap();
    let [syn::Item::Mod(generated)] = file.items.as_slice() else {
        panic!("one module expected")
    };
    let (_, items) = generated.content.as_ref().unwrap();
    let mut files = Vec::new();
    split("", &generated.attrs, items, &mut files);
    let generated_dir = root.join("tcr-api/src/generated");
    let mut compared = 0;
    for file in &files {
        let expected =
            std::fs::read_to_string(generated_dir.join(&file.path)).unwrap_or_else(|e| {
                panic!(
                    "the expansion has `{}`, which is not checked in: {e}",
                    file.path
                )
            });
        assert_eq!(
            render(file, "api-spec").unwrap(),
            expected,
            "{} differs between the macro and xtask",
            file.path
        );
        compared += 1;
    }
    let checked_in = tcr_codegen::generate(
        &tcr_codegen::load_dir(&root.join("api-spec"), "api-spec").unwrap(),
        "api-spec",
    )
    .unwrap();
    assert_eq!(
        compared,
        checked_in.len(),
        "the expansion and the checked-in tree have different files"
    );
}
