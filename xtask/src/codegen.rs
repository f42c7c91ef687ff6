//! `cargo xtask codegen [--check]`: the generated code and schemas, kept in sync with the specs.
//!
//! Every spec folder of the workspace is generated the same way, each into its own crate:
//! TCR's into `tcr-api`, STS's (which the runtime's credential providers call) into the
//! runtime itself.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Write the output, or only compare it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write what changed, remove what is no longer generated.
    Write,
    /// Change nothing; fail when anything is stale.
    Check,
}

/// A spec folder and the folder its code is generated into, both relative to the workspace.
struct Target {
    spec: &'static str,
    generated: &'static str,
    /// Where the list of examples that contradict the definition goes, if anywhere.
    example_report: Option<&'static str>,
    /// Where the emulator's table of documented answers goes, if anywhere (a folder of its
    /// own: files there that are no longer generated are removed).
    emulator_answers: Option<&'static str>,
}

/// Every spec folder of the workspace.
const TARGETS: &[Target] = &[
    Target {
        spec: "api-spec",
        generated: "tcr-api/src/generated",
        example_report: Some("docs/published-examples.md"),
        emulator_answers: Some("emulator/src/generated"),
    },
    Target {
        spec: "runtime/sts-spec",
        generated: "runtime/src/sts/generated",
        example_report: None,
        emulator_answers: None,
    },
];

/// One output file and its expected content.
struct Output {
    path: PathBuf,
    content: String,
}

pub fn run(mode: Mode) -> Result<(), String> {
    let root = workspace_root();
    let schema_dir = root.join("api-spec/schema");

    let mut apis = Vec::new();
    let mut outputs = Vec::new();
    let mut generated_dirs = Vec::new();
    for target in TARGETS {
        let spec_dir = root.join(target.spec);
        let generated_dir = root.join(target.generated);
        let api = tcr_codegen::load_dir(&spec_dir, target.spec)
            .map_err(|diagnostics| diagnostics.render())?;
        for (path, content) in tcr_codegen::generate(&api, target.spec)? {
            outputs.push(Output {
                path: generated_dir.join(path),
                content,
            });
        }
        if let Some(report) = target.example_report {
            outputs.push(Output {
                path: root.join(report),
                content: crate::example_report::render(&api, target.spec),
            });
        }
        if let Some(dir) = target.emulator_answers {
            let dir = root.join(dir);
            outputs.push(Output {
                path: dir.join("example_answers.rs"),
                content: crate::emulator_answers::render(&api, target.spec)?,
            });
            generated_dirs.push(dir);
        }
        generated_dirs.push(generated_dir);
        apis.push((target, api));
    }
    for (name, content) in tcr_codegen::schema::schemas() {
        outputs.push(Output {
            path: schema_dir.join(name),
            content,
        });
    }

    let expected: BTreeSet<PathBuf> = outputs.iter().map(|o| o.path.clone()).collect();
    let mut orphans = Vec::new();
    for dir in generated_dirs.iter().chain([&schema_dir]) {
        list_files(dir, &mut orphans);
    }
    orphans.retain(|path| !expected.contains(path));

    let stale: Vec<&Output> = outputs
        .iter()
        .filter(|o| fs::read_to_string(&o.path).map_or(true, |current| current != o.content))
        .collect();

    let relative = |path: &Path| {
        path.strip_prefix(&root)
            .unwrap_or(path)
            .display()
            .to_string()
    };
    match mode {
        Mode::Check => {
            if stale.is_empty() && orphans.is_empty() {
                println!("generated code is up to date ({} files)", outputs.len());
                return Ok(());
            }
            let mut message = String::from(
                "generated code is stale; run `cargo xtask codegen` and commit the result:\n",
            );
            for output in &stale {
                let what = if output.path.exists() {
                    "differs from the spec"
                } else {
                    "missing"
                };
                message.push_str(&format!("  {} ({what})\n", relative(&output.path)));
            }
            for orphan in &orphans {
                message.push_str(&format!("  {} (no longer generated)\n", relative(orphan)));
            }
            Err(message)
        }
        Mode::Write => {
            for output in &stale {
                if let Some(parent) = output.path.parent() {
                    fs::create_dir_all(parent)
                        .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
                }
                fs::write(&output.path, &output.content)
                    .map_err(|e| format!("cannot write {}: {e}", output.path.display()))?;
                println!("  wrote   {}", relative(&output.path));
            }
            for orphan in &orphans {
                fs::remove_file(orphan)
                    .map_err(|e| format!("cannot remove {}: {e}", orphan.display()))?;
                println!("  removed {}", relative(orphan));
            }
            println!(
                "{} files ({} changed, {} removed)",
                outputs.len(),
                stale.len(),
                orphans.len()
            );
            for (target, api) in &apis {
                println!(
                    "{}/ -> {}/ ({} {}): {} actions, {} types, {} error codes",
                    target.spec,
                    target.generated,
                    api.service.title,
                    api.service.version,
                    api.actions.len(),
                    api.types.len(),
                    api.errors.len(),
                );
                for action in &api.actions {
                    println!(
                        "  {:<32} {} parameters, {} answer fields, {} examples, {}{}",
                        action.name,
                        action.input.len(),
                        action.output.len(),
                        action.examples.len(),
                        if action.safe_to_resend {
                            "safe to re-send"
                        } else {
                            "never re-sent once it may have arrived"
                        },
                        if action.signed { "" } else { ", unsigned" }
                    );
                }
            }
            Ok(())
        }
    }
}

/// The workspace's root folder: the parent of `xtask/`, as `cargo run` reports it when the
/// task starts. Read at run time, not baked in at compile time: two checkouts (git worktrees)
/// that share one `CARGO_TARGET_DIR` share the xtask binary too, and a path fixed when it was
/// built would make a run in one checkout read and write the other.
pub fn workspace_root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest.parent().unwrap_or(&manifest).to_path_buf()
}

fn list_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            list_files(&path, out);
        } else {
            out.push(path);
        }
    }
}
