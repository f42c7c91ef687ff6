//! Compile-time behaviour of `api!`: a valid spec compiles and works; each kind of spec error
//! is a compile error at the macro call showing the spec file, line, column and rule.
//!
//! trybuild builds each case in a project of its own, `<target>/tests/trybuild/tcr-macros/`,
//! and the macro reads a spec folder relative to the manifest of the crate it expands in: that
//! project. So the spec folders are linked into it as `specs/` before the cases run, wherever
//! the target folder is (`CARGO_TARGET_DIR` included), and the cases name `specs/<case>`.

use std::io;
use std::path::{Path, PathBuf};

/// The trybuild project folder: the target folder is three levels above this test binary
/// (`<target>/debug/deps/compile_errors-…`).
fn trybuild_project() -> io::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    let target = exe
        .ancestors()
        .nth(3)
        .ok_or_else(|| io::Error::other(format!("{} has no target folder", exe.display())))?;
    Ok(target.join("tests/trybuild/tcr-macros"))
}

/// Makes `<project>/specs` the spec folders of the cases.
fn link_specs(project: &Path) -> io::Result<()> {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui/specs");
    std::fs::create_dir_all(project)?;
    let link = project.join("specs");
    match std::fs::read_link(&link) {
        Ok(existing) if existing == specs => return Ok(()),
        Ok(_) => std::fs::remove_file(&link)?,
        Err(_) if link.exists() => std::fs::remove_dir_all(&link)?,
        Err(_) => {}
    }
    std::os::unix::fs::symlink(&specs, &link)
}

#[test]
fn ui() {
    let project = trybuild_project().expect("the target folder is found");
    link_specs(&project).expect("the spec folders are linked into the trybuild project");
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/valid.rs");
    cases.compile_fail("tests/ui/misspelled_key.rs");
    cases.compile_fail("tests/ui/unknown_type.rs");
    cases.compile_fail("tests/ui/contradiction.rs");
    cases.compile_fail("tests/ui/example_breaks_rule.rs");
    cases.compile_fail("tests/ui/missing_folder.rs");
    cases.compile_fail("tests/ui/bad_macro_input.rs");
}
