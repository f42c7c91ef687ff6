//! Compile-time behaviour of `api!`: a valid spec compiles and works; each kind of spec error
//! is a compile error at the macro call showing the spec file, line, column and rule.
//!
//! trybuild builds each case in its own project under `target/tests/trybuild/tcr-macros/`, so
//! the cases name their spec folders relative to that project's manifest folder.

#[test]
fn ui() {
    let target = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target");
    if std::env::var_os("CARGO_TARGET_DIR").is_some_and(|dir| std::path::Path::new(&dir) != target)
    {
        eprintln!(
            "skipped: the ui cases expect the default target folder (CARGO_TARGET_DIR is set)"
        );
        return;
    }
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/valid.rs");
    cases.compile_fail("tests/ui/misspelled_key.rs");
    cases.compile_fail("tests/ui/unknown_type.rs");
    cases.compile_fail("tests/ui/contradiction.rs");
    cases.compile_fail("tests/ui/example_breaks_rule.rs");
    cases.compile_fail("tests/ui/missing_folder.rs");
    cases.compile_fail("tests/ui/bad_macro_input.rs");
}
