//! Spec files as text, and reading them from a folder.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};

/// One spec file's text and names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// How diagnostics name the file (`api-spec/actions/CreateServiceAccount.yaml`).
    pub path: String,
    /// How diagnostics name the folder (`api-spec`).
    pub root: String,
    /// The path inside the spec folder, `/`-separated (`actions/CreateServiceAccount.yaml`).
    pub relative: String,
    /// The file's content.
    pub text: String,
}

impl SourceFile {
    /// A file of the spec folder named `root`, at `relative` inside it.
    pub fn new(root: &str, relative: &str, text: impl Into<String>) -> SourceFile {
        SourceFile {
            path: format!("{root}/{relative}"),
            root: root.to_owned(),
            relative: relative.to_owned(),
            text: text.into(),
        }
    }

    /// Line `number` (1-based), without its line break.
    pub fn line(&self, number: usize) -> Option<&str> {
        self.text.lines().nth(number.checked_sub(1)?)
    }
}

/// Reads the YAML files of a spec folder, in a stable order. The `schema/` folder (generated
/// JSON Schemas) and files that are not YAML (a README) are skipped.
pub fn read_dir(dir: &Path, display: &str) -> Result<Vec<SourceFile>, Diagnostics> {
    let mut files = Vec::new();
    let mut problems = Diagnostics::new();
    walk(dir, "", display, &mut files, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    Ok(files)
}

fn walk(
    dir: &Path,
    prefix: &str,
    display: &str,
    files: &mut Vec<SourceFile>,
    problems: &mut Diagnostics,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            problems.push(Diagnostic::file_level(
                format!("{display}/{prefix}"),
                format!("cannot read the spec folder: {error}"),
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = format!("{prefix}{name}");
        let path = entry.path();
        if path.is_dir() {
            if relative != "schema" && !name.starts_with('.') {
                walk(&path, &format!("{relative}/"), display, files, problems);
            }
            continue;
        }
        if name.ends_with(".yml") {
            problems.push(Diagnostic::file_level(
                format!("{display}/{relative}"),
                "spec files end in `.yaml`; rename this `.yml` file",
            ));
            continue;
        }
        if !name.ends_with(".yaml") {
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(text) => files.push(SourceFile::new(display, &relative, text)),
            Err(error) => problems.push(Diagnostic::file_level(
                format!("{display}/{relative}"),
                format!("cannot read the file: {error}"),
            )),
        }
    }
}
