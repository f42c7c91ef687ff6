//! The generator: Tencent Cloud API spec files (YAML) in, Rust out.
//!
//! ```text
//! api-spec/**/*.yaml ─load─▶ model ─check─▶ IR ─emit (quote)─▶ tokens ─prettyplease─▶ .rs
//! ```
//!
//! - [`load`] reads a spec folder and deserializes each file into the [`model`], reporting
//!   every structural problem (YAML syntax, unknown or missing keys, wrong types) with its file,
//!   line and column; it never panics, whatever the input.
//! - [`check`] finds the semantic problems (unknown types, duplicates, contradictions, error
//!   codes not declared, documented examples that break their own rules) and lowers the spec to
//!   the [`ir`], with Rust names resolved.
//! - [`emit`] turns the IR into Rust: the same tokens for `cargo xtask codegen` (written to
//!   files) and for the `tcr-macros` proc-macro (expanded in place).
//!
//! - [`import`] writes and updates spec files from Tencent's machine-readable definition
//!   (`cargo xtask import`), keeping what people added by hand.
//!
//! The output depends only on the spec files: the same specs give the same bytes.
//!
//! ```
//! let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec");
//! let api = tcr_codegen::load_dir(&dir, "api-spec").expect("the TCR spec is valid");
//! assert_eq!(api.service.name, "tcr");
//! let files = tcr_codegen::generate(&api, "api-spec").expect("generated code parses");
//! assert!(files.iter().any(|(path, _)| path == "actions/create_service_account.rs"));
//! ```

pub mod check;
pub mod diag;
pub mod emit;
pub mod import;
pub mod ir;
pub mod load;
pub mod model;
pub mod schema;

use std::path::Path;

pub use diag::{Diagnostic, Diagnostics};
pub use ir::Api;
pub use load::SourceFile;

/// Reads, checks and lowers the spec folder `dir`; `display` names it in diagnostics
/// (`api-spec`). Every problem found is returned, ordered by file, line and column.
pub fn load_dir(dir: &Path, display: &str) -> Result<Api, Diagnostics> {
    let files = load::read_dir(dir, display)?;
    load_files(files)
}

/// Checks and lowers spec files already in memory.
pub fn load_files(files: Vec<SourceFile>) -> Result<Api, Diagnostics> {
    let (spec, mut diagnostics) = load::parse(files);
    let (api, semantic) = check::check(&spec);
    diagnostics.extend(semantic);
    match api {
        Some(api) if diagnostics.is_empty() => Ok(api),
        _ => Err(diagnostics.sorted()),
    }
}

/// The generated module tree as `(path inside the generated folder, file content)`; `source`
/// names the spec folder in each file's header (`api-spec`).
pub fn generate(api: &Api, source: &str) -> Result<Vec<(String, String)>, String> {
    emit::files(api)
        .iter()
        .map(|file| emit::render(file, source).map(|text| (file.path.clone(), text)))
        .collect()
}

/// What the `tcr-macros` proc-macro expands to for the spec folder `relative` (inside
/// `base`, the calling crate's manifest folder): `pub mod <module> { … }`, the same items
/// `cargo xtask codegen` writes as files, plus the list of spec files read (so that the macro
/// can make them inputs of the build).
pub fn expand(
    base: &Path,
    relative: &str,
    module: &str,
) -> Result<(proc_macro2::TokenStream, Vec<std::path::PathBuf>), Diagnostics> {
    let dir = base.join(relative);
    let display = relative.trim_end_matches('/');
    let files = load::read_dir(&dir, display)?;
    let read: Vec<std::path::PathBuf> = files.iter().map(|f| dir.join(&f.relative)).collect();
    let api = load_files(files)?;
    let module = quote::format_ident!("{}", module);
    Ok((emit::inline(&api, &module), read))
}
