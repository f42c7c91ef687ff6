//! Reading a spec folder: files → YAML trees → spec model, reporting every problem with its
//! file, line and column.
//!
//! Structural problems (bad YAML, unknown or missing keys, wrong types) are recovered from:
//! the loader records the problem, sets the offending entry aside and reads the rest of the
//! file, so one run reports every such problem of every file.

mod de;
mod node;
mod recover;
mod source;
pub(crate) mod yaml;

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Action, ErrorCatalog, Service, TypeDef};

pub use node::Key;
pub(crate) use node::{Node, NodeKind, Span};
pub use source::SourceFile;

/// A spec file deserialized into the model, with the tree it came from (to place later
/// problems).
#[derive(Debug)]
pub struct Document<T> {
    /// Index of the file in [`LoadedSpec::files`].
    pub file: usize,
    /// The file's content.
    pub value: T,
    /// The YAML tree, for placing problems found by later checks.
    pub(crate) tree: Node,
}

/// Every file of a spec folder, deserialized as far as it could be.
#[derive(Debug, Default)]
pub struct LoadedSpec {
    /// The files read, in path order.
    pub files: Vec<SourceFile>,
    /// `service.yaml`.
    pub service: Option<Document<Service>>,
    /// `errors.yaml`.
    pub errors: Option<Document<ErrorCatalog>>,
    /// `types/*.yaml`.
    pub types: Vec<Document<TypeDef>>,
    /// `actions/*.yaml`.
    pub actions: Vec<Document<Action>>,
}

impl LoadedSpec {
    /// A problem at the node that `keys` lead to in document `tree` of file `file`.
    pub(crate) fn at(
        &self,
        file: usize,
        tree: &Node,
        keys: &[Key],
        message: impl Into<String>,
    ) -> Diagnostic {
        self.diagnostic(file, tree.find(keys).span, message.into())
    }

    /// A problem at the key (rather than the value) of the entry `name` of the node `keys`
    /// lead to.
    pub(crate) fn at_key(
        &self,
        file: usize,
        tree: &Node,
        keys: &[Key],
        name: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        let parent = tree.find(keys);
        let span = parent.key_node(name).map_or(parent.span, |key| key.span);
        self.diagnostic(file, span, message.into())
    }

    pub(crate) fn diagnostic(&self, file: usize, span: Span, message: String) -> Diagnostic {
        let source = &self.files[file];
        Diagnostic {
            file: source.path.clone(),
            line: span.start.line.max(1),
            column: span.start.column.max(1),
            message,
            source_line: source.line(span.start.line).map(str::to_owned),
            width: span.width,
        }
    }
}

/// Reads every spec file under `dir` (`service.yaml`, `errors.yaml`, `types/*.yaml`,
/// `actions/*.yaml`); `display` is how `dir` is named in diagnostics.
pub fn read_dir(dir: &Path, display: &str) -> Result<Vec<SourceFile>, Diagnostics> {
    source::read_dir(dir, display)
}

/// What a file is, from where it sits in the folder.
enum Role {
    Service,
    Errors,
    Type,
    Action,
}

fn role(relative: &str) -> Option<Role> {
    let yaml = relative.ends_with(".yaml");
    match relative.split('/').collect::<Vec<_>>().as_slice() {
        ["service.yaml"] => Some(Role::Service),
        ["errors.yaml"] => Some(Role::Errors),
        ["types", _] if yaml => Some(Role::Type),
        ["actions", _] if yaml => Some(Role::Action),
        _ => None,
    }
}

/// Parses and deserializes `files`, reporting every structural problem.
pub fn parse(files: Vec<SourceFile>) -> (LoadedSpec, Diagnostics) {
    let mut spec = LoadedSpec {
        files,
        ..LoadedSpec::default()
    };
    let mut diagnostics = Diagnostics::new();
    for index in 0..spec.files.len() {
        let relative = spec.files[index].relative.clone();
        let Some(role) = role(&relative) else {
            diagnostics.push(Diagnostic::file_level(
                spec.files[index].path.clone(),
                "not a spec file: spec files are `service.yaml`, `errors.yaml`, `types/*.yaml` and `actions/*.yaml`",
            ));
            continue;
        };
        match role {
            Role::Service => spec.service = document(&spec, index, &mut diagnostics),
            Role::Errors => spec.errors = document(&spec, index, &mut diagnostics),
            Role::Type => spec.types.extend(document(&spec, index, &mut diagnostics)),
            Role::Action => spec
                .actions
                .extend(document(&spec, index, &mut diagnostics)),
        }
    }
    for (required, present) in [
        ("service.yaml", spec.service.is_some()),
        ("errors.yaml", spec.errors.is_some()),
    ] {
        let written = spec.files.iter().any(|f| f.relative == required);
        if !present && !written {
            diagnostics.push(Diagnostic::file_level(
                format!(
                    "{}/{required}",
                    spec.files.first().map_or(".", |f| f.root.as_str())
                ),
                format!("missing file: every spec folder has a `{required}`"),
            ));
        }
    }
    (spec, diagnostics)
}

fn document<T: DeserializeOwned>(
    spec: &LoadedSpec,
    file: usize,
    diagnostics: &mut Diagnostics,
) -> Option<Document<T>> {
    let source = &spec.files[file];
    let mut tree = match yaml::parse(&source.text) {
        Ok(Some(tree)) => tree,
        Ok(None) => {
            diagnostics.push(Diagnostic::file_level(
                source.path.clone(),
                "the file is empty",
            ));
            return None;
        }
        Err(error) => {
            diagnostics.push(spec.diagnostic(file, error.span, error.message));
            return None;
        }
    };
    let (value, problems) = recover::deserialize::<T>(&mut tree);
    for (span, message) in problems {
        diagnostics.push(spec.diagnostic(file, span, message));
    }
    value.map(|value| Document { file, value, tree })
}
