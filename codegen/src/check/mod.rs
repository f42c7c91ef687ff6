//! Semantic checks of a loaded spec, and its lowering to the [`Api`] IR.
//!
//! Everything is checked even after a problem is found, so one run lists every problem:
//! unknown type references, duplicate names, contradictions (`min` greater than `max`, a
//! constraint that cannot apply to the field's type), error codes used but not declared, and
//! documented examples that break their own action's rules.

mod actions;
mod examples;
mod fields;
pub(crate) mod names;
mod services;
mod types;
mod usage;

use std::collections::BTreeSet;

use crate::diag::Diagnostics;
use crate::ir::Api;
use crate::load::{Document, Key, LoadedSpec};

pub(crate) use examples::example_problems;
pub(crate) use names::module_name;

/// Checks `spec` and lowers it. The IR is returned only when there is no problem at all.
pub fn check(spec: &LoadedSpec) -> (Option<Api>, Diagnostics) {
    let (api, diagnostics) = lower(spec);
    if diagnostics.is_empty() {
        (api, diagnostics)
    } else {
        (None, diagnostics)
    }
}

/// Checks `spec` and lowers what can be lowered, problems or not (the importer uses it to
/// check examples against a spec that still has an unrelated problem). `None` without a
/// `service.yaml`.
pub(crate) fn lower(spec: &LoadedSpec) -> (Option<Api>, Diagnostics) {
    let mut ctx = Ctx {
        spec,
        diagnostics: Diagnostics::new(),
        incomplete: BTreeSet::new(),
    };
    let service = spec
        .service
        .as_ref()
        .map(|doc| services::service(&mut ctx, doc));
    let errors = spec
        .errors
        .as_ref()
        .map(|doc| services::errors(&mut ctx, doc))
        .unwrap_or_default();
    let index = types::index(&mut ctx);
    let mut types = types::lower(&mut ctx, &index);
    let default_rate = service.as_ref().map_or(20, |s| s.rate_limit_per_second);
    let actions = actions::lower(&mut ctx, &index, &types, &errors, default_rate);
    usage::resolve(&mut types, &actions);
    let api = service.map(|service| Api {
        service,
        errors,
        types,
        actions,
    });
    if let Some(api) = &api {
        examples::check(&mut ctx, api);
    }
    let Ctx { diagnostics, .. } = ctx;
    (api, diagnostics)
}

/// What the checks share: the loaded files (to place problems) and the problems found.
pub(crate) struct Ctx<'a> {
    spec: &'a LoadedSpec,
    diagnostics: Diagnostics,
    /// Actions and types with a field left out after a problem: their examples are not
    /// checked, as every problem found there would only repeat the first one.
    incomplete: BTreeSet<String>,
}

impl Ctx<'_> {
    /// A problem at the value `keys` lead to.
    fn error<T>(&mut self, doc: &Document<T>, keys: &[Key], message: impl Into<String>) {
        let diagnostic = self.spec.at(doc.file, &doc.tree, keys, message);
        self.diagnostics.push(diagnostic);
    }

    /// A problem at the key `name` of the mapping `keys` lead to.
    fn key_error<T>(
        &mut self,
        doc: &Document<T>,
        keys: &[Key],
        name: &str,
        message: impl Into<String>,
    ) {
        let diagnostic = self.spec.at_key(doc.file, &doc.tree, keys, name, message);
        self.diagnostics.push(diagnostic);
    }

    /// The file name of a document without folder and extension (`CreateServiceAccount`).
    fn stem<T>(&self, doc: &Document<T>) -> String {
        let relative = &self.spec.files[doc.file].relative;
        let name = relative.rsplit('/').next().unwrap_or(relative);
        name.strip_suffix(".yaml").unwrap_or(name).to_owned()
    }
}

/// Keys to a field: `base` then the field's index.
fn field_keys(base: &[Key], index: usize) -> Vec<Key> {
    let mut keys = base.to_vec();
    keys.push(Key::Index(index));
    keys
}
