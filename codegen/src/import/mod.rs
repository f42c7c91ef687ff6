//! `cargo xtask import`: Tencent's machine-readable definition of a service (`api.json` and
//! `examples.json` from the `tccli` package) into a spec folder.
//!
//! ```text
//! api.json, examples.json ─tencent─▶ facts ─merge (with the spec folder's files)─▶ spec model
//!          ─names─▶ loadable names ─examples checked─▶ marks ─yaml_out─▶ spec files
//! ```
//!
//! The importer brings **facts** only: which actions, types and members exist, their types
//! (`Integer`, `UInt64`, `Boolean`, `Timestamp ISO8601`, arrays, structures), which request
//! members are required, which answer members are always present or may be null, and the
//! published examples (query listings turned into JSON bodies). Tencent's prose is never
//! copied: docs are left empty for people to write.
//!
//! Everything people add by hand survives a re-import (the `merge` module lists what comes
//! from where), comments included (the `comments` module says how they are placed). A file whose content does not change is not rewritten, so
//! re-running an import on the same input changes no byte; on a different input only facts
//! change, and [`Import::changes`] says which.
//!
//! The import decides a few things so that the result loads, and lists each for review
//! ([`Import::notes`]): Rust names where Tencent's cannot be used, append methods that cannot
//! be derived, `secret: true` on secret-looking members nobody marked, and `input_mismatch` /
//! `output_mismatch` on published examples that contradict the spec (kept as published; the
//! check then insists they still contradict it).

mod changes;
mod comments;
mod example_input;
mod facts;
mod json_text;
mod merge;
mod names;
mod tencent;
mod yaml_out;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

pub use changes::{Change, ChangeKind};
use comments::{Comments, Seg};
use merge::SpecDocs;

use crate::check::example_problems;
use crate::diag::Diagnostics;
use crate::load::SourceFile;

/// A problem that stops an import: unreadable input, or a spec folder it will not overwrite.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// The file concerned (`tcr/v20190924/api.json`, `api-spec/actions/X.yaml`).
    pub file: String,
    /// What is wrong, naming the construct (`action \`X\`: …`).
    pub message: String,
}

impl ImportError {
    /// A problem with `file`.
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> ImportError {
        ImportError {
            file: file.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl std::error::Error for ImportError {}

/// Something the import decided or approximated, worth a look.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// The spec file concerned.
    pub file: String,
    /// What.
    pub text: String,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.text)
    }
}

/// Tencent's definition of one service version, as text.
#[derive(Clone, Copy, Debug)]
pub struct Definition<'a> {
    /// The content of `api.json`.
    pub api: &'a str,
    /// How errors name `api.json` (`tcr/v20190924/api.json`).
    pub api_name: &'a str,
    /// The content of `examples.json` and how errors name it, if there is one.
    pub examples: Option<(&'a str, &'a str)>,
}

/// A file the import writes (`text`) or removes (`None`), inside the spec folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileUpdate {
    /// `/`-separated path inside the spec folder (`actions/CreateServiceAccount.yaml`).
    pub relative: String,
    /// The new content, or `None` to remove the file.
    pub text: Option<String>,
}

/// What an import does to a spec folder.
#[derive(Debug)]
pub struct Import {
    /// The files to write or remove; files that stay the same are not listed.
    pub updates: Vec<FileUpdate>,
    /// The facts that changed, per file and member.
    pub changes: Vec<Change>,
    /// What the import decided or approximated, for review.
    pub notes: Vec<Note>,
    /// The problems of the resulting folder, if it does not load (a name the generator cannot
    /// use, a hand-written constraint that no longer fits a changed type, …).
    pub problems: Option<Diagnostics>,
}

/// Imports `definition` into a spec folder whose current files are `existing` (as
/// [`crate::load::read_dir`] reads them; empty for a new folder); `root` names the folder in
/// diagnostics. Nothing is written: apply [`Import::updates`] (see [`apply`]).
pub fn import(
    definition: &Definition<'_>,
    existing: Vec<SourceFile>,
    root: &str,
) -> Result<Import, ImportError> {
    let api = tencent::parse_api(definition.api, definition.api_name)?;
    let examples = match definition.examples {
        Some((text, name)) => Some(tencent::parse_examples(text, name)?),
        None => None,
    };
    let facts = facts::facts(&api, examples.as_ref(), definition.api_name)?;
    let old = Existing::read(existing, root)?;

    let mut new = merge::merge(&old.docs, &facts);
    let mut notes = facts.notes.clone();
    notes.extend(names::settle(&mut new));
    mark_examples(&mut new, root);

    let mut updates = Vec::new();
    let mut final_files: BTreeMap<String, String> = BTreeMap::new();
    for (relative, rendered) in render(&new, &old, &mut notes) {
        let unchanged = old.texts.get(&relative) == Some(&rendered);
        if !unchanged {
            updates.push(FileUpdate {
                relative: relative.clone(),
                text: Some(rendered.clone()),
            });
        }
        final_files.insert(relative, rendered);
    }
    for relative in old.texts.keys() {
        if !final_files.contains_key(relative) {
            updates.push(FileUpdate {
                relative: relative.clone(),
                text: None,
            });
        }
    }
    let files = final_files
        .iter()
        .map(|(relative, text)| SourceFile::new(root, relative, text.clone()))
        .collect();
    let problems = crate::load_files(files).err();
    Ok(Import {
        updates,
        changes: changes::between(&old.docs, &new),
        notes,
        problems,
    })
}

/// Reads the spec folder `dir` for an import (no files if it does not exist yet).
pub fn read_existing(dir: &Path, display: &str) -> Result<Vec<SourceFile>, ImportError> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    crate::load::read_dir(dir, display).map_err(|d| ImportError::new(display, d.render()))
}

/// Writes and removes the files of `import` under `dir`.
pub fn apply(dir: &Path, import: &Import) -> Result<(), ImportError> {
    for update in &import.updates {
        let path = dir.join(&update.relative);
        let shown = path.display().to_string();
        match &update.text {
            Some(text) => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| {
                        ImportError::new(&shown, format!("cannot create the folder: {e}"))
                    })?;
                }
                std::fs::write(&path, text)
                    .map_err(|e| ImportError::new(&shown, format!("cannot write: {e}")))?;
            }
            None => std::fs::remove_file(&path)
                .map_err(|e| ImportError::new(&shown, format!("cannot remove: {e}")))?,
        }
    }
    Ok(())
}

/// The spec folder before the import: its documents, and each file's text and YAML tree (for
/// its comments).
struct Existing {
    docs: SpecDocs,
    texts: BTreeMap<String, String>,
    comments: BTreeMap<String, Comments>,
    /// Where each document was read from, by the path it would be written to.
    paths: BTreeMap<String, String>,
}

impl Existing {
    fn read(files: Vec<SourceFile>, root: &str) -> Result<Existing, ImportError> {
        let paths: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
        let (loaded, diagnostics) = crate::load::parse(files);
        let mut own = Diagnostics::new();
        for d in diagnostics {
            if paths.contains(&d.file) {
                own.push(d);
            }
        }
        if !own.is_empty() {
            return Err(ImportError::new(
                root,
                format!(
                    "the spec folder has problems; fix them before importing, so that nothing written by hand is lost:\n{}",
                    own.render()
                ),
            ));
        }
        let mut existing = Existing {
            docs: SpecDocs::default(),
            texts: BTreeMap::new(),
            comments: BTreeMap::new(),
            paths: BTreeMap::new(),
        };
        for file in &loaded.files {
            existing
                .texts
                .insert(file.relative.clone(), file.text.clone());
        }
        let mut note = |file: usize, tree: &crate::load::Node, target: String| {
            let source = &loaded.files[file];
            existing
                .comments
                .insert(target.clone(), comments::collect(&source.text, tree));
            existing.paths.insert(target, source.relative.clone());
        };
        if let Some(doc) = &loaded.service {
            note(doc.file, &doc.tree, "service.yaml".into());
            existing.docs.service = Some(doc.value.clone());
        }
        if let Some(doc) = &loaded.errors {
            note(doc.file, &doc.tree, "errors.yaml".into());
            existing.docs.errors = Some(doc.value.clone());
        }
        for doc in &loaded.types {
            note(
                doc.file,
                &doc.tree,
                format!("types/{}.yaml", doc.value.name),
            );
            existing
                .docs
                .types
                .insert(doc.value.name.clone(), doc.value.clone());
        }
        for doc in &loaded.actions {
            note(
                doc.file,
                &doc.tree,
                format!("actions/{}.yaml", doc.value.name),
            );
            existing
                .docs
                .actions
                .insert(doc.value.name.clone(), doc.value.clone());
        }
        Ok(existing)
    }
}

/// Every file of `new` as text: a document equal to the one read keeps its text byte for
/// byte; a changed or new one is written with the old file's comments.
fn render(new: &SpecDocs, old: &Existing, notes: &mut Vec<Note>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut one = |target: String,
                   same: bool,
                   write: &dyn Fn(&mut Comments) -> String,
                   injected: Vec<(Vec<Seg>, String)>| {
        let source = old.paths.get(&target).cloned();
        if same {
            if let Some(text) = source.as_ref().and_then(|s| old.texts.get(s)) {
                out.push((target, text.clone()));
                return;
            }
        }
        let mut comments = old.comments.get(&target).cloned().unwrap_or_default();
        if source.is_none() {
            for (path, line) in injected {
                comments.add(path, vec![line]);
            }
        }
        let text = write(&mut comments);
        for (path, lines) in comments.leftover() {
            notes.push(Note {
                file: target.clone(),
                text: format!(
                    "a comment above `{}`, which is gone, was dropped: {}",
                    show_path(&path),
                    lines.join(" ")
                ),
            });
        }
        out.push((target, text));
    };
    if let Some(service) = &new.service {
        let same = old.docs.service.as_ref() == Some(service);
        one(
            "service.yaml".into(),
            same,
            &|c| yaml_out::service(service, c),
            vec![(
                vec![Seg::Key("rate_limit".into())],
                "# Not in Tencent's definition: 20 requests per second is the usual published limit; check the actions' pages.".into(),
            )],
        );
    }
    if let Some(errors) = &new.errors {
        let same = old.docs.errors.as_ref() == Some(errors);
        one(
            "errors.yaml".into(),
            same,
            &|c| yaml_out::errors(errors, c),
            vec![(
                vec![Seg::Key("common".into())],
                "# Tencent's definition lists no error codes: declare the common ones and the service's here.".into(),
            )],
        );
    }
    for (name, t) in &new.types {
        let same = old.docs.types.get(name) == Some(t);
        one(
            format!("types/{name}.yaml"),
            same,
            &|c| yaml_out::type_def(t, c),
            Vec::new(),
        );
    }
    for (name, a) in &new.actions {
        let same = old.docs.actions.get(name) == Some(a);
        one(
            format!("actions/{name}.yaml"),
            same,
            &|c| yaml_out::action(a, c),
            vec![(
                vec![Seg::Key("safe_to_resend".into())],
                "# Imported, not decided yet: `false` never sends the request again once it may have arrived.".into(),
            )],
        );
    }
    out
}

fn show_path(path: &[Seg]) -> String {
    path.iter()
        .map(|seg| match seg {
            Seg::Key(k) => k.clone(),
            Seg::Item(i) => format!("[{i}]"),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Marks each published example that contradicts the spec (`input_mismatch`,
/// `output_mismatch`), keeping a reason already written, and unmarks those that now fit. Done
/// on the spec without examples, lowered as far as it goes even if it has other problems.
fn mark_examples(docs: &mut SpecDocs, root: &str) {
    let mut bare = docs.clone();
    for action in bare.actions.values_mut() {
        action.examples.clear();
    }
    let (loaded, _) = crate::load::parse(bare_files(&bare, root));
    let (Some(api), _) = crate::check::lower(&loaded) else {
        return;
    };
    for (name, action) in &mut docs.actions {
        let Some(ir) = api.actions.iter().find(|a| &a.name == name) else {
            continue;
        };
        for example in &mut action.examples {
            if example.tencent_example.is_none() {
                continue;
            }
            let problems =
                |part, text| example_problems(&api, ir, part, text).unwrap_or_else(|e| vec![e]);
            let input = problems("input", &example.input);
            example.input_mismatch = mark(example.input_mismatch.take(), &input);
            let output = problems("output", &example.output);
            example.output_mismatch = mark(example.output_mismatch.take(), &output);
        }
    }
}

fn mark(old: Option<String>, problems: &[String]) -> Option<String> {
    if problems.is_empty() {
        return None;
    }
    Some(old.unwrap_or_else(|| {
        let mut reason = problems
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join("; ");
        if problems.len() > 3 {
            reason.push_str(&format!(" (and {} more)", problems.len() - 3));
        }
        reason
    }))
}

/// `docs` as spec files, without comments.
fn bare_files(docs: &SpecDocs, root: &str) -> Vec<SourceFile> {
    let mut files = Vec::new();
    let mut c = Comments::default();
    if let Some(s) = &docs.service {
        files.push(SourceFile::new(
            root,
            "service.yaml",
            yaml_out::service(s, &mut c),
        ));
    }
    if let Some(e) = &docs.errors {
        files.push(SourceFile::new(
            root,
            "errors.yaml",
            yaml_out::errors(e, &mut c),
        ));
    }
    for (name, t) in &docs.types {
        files.push(SourceFile::new(
            root,
            &format!("types/{name}.yaml"),
            yaml_out::type_def(t, &mut c),
        ));
    }
    for (name, a) in &docs.actions {
        files.push(SourceFile::new(
            root,
            &format!("actions/{name}.yaml"),
            yaml_out::action(a, &mut c),
        ));
    }
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    files
}
