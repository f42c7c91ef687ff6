//! Broken specs: each case under `tests/fixtures/broken/` is overlaid on the valid sample spec,
//! and the diagnostics (file, line, column, rule) are snapshotted, one case per kind of error.

use std::fs;
use std::path::{Path, PathBuf};

use tcr_codegen::SourceFile;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn collect(dir: &Path, prefix: &str, out: &mut Vec<(String, String)>) {
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = format!("{prefix}{name}");
        if entry.path().is_dir() {
            collect(&entry.path(), &format!("{relative}/"), out);
        } else {
            out.push((relative, fs::read_to_string(entry.path()).unwrap()));
        }
    }
}

/// The sample spec with the files of `case` added or replacing the sample's.
fn overlaid(case: &str) -> Vec<SourceFile> {
    let mut files = tcr_codegen::load::read_dir(&fixtures().join("sample"), "sample").unwrap();
    let mut overlay = Vec::new();
    collect(&fixtures().join("broken").join(case), "", &mut overlay);
    for (relative, text) in overlay {
        files.retain(|f| f.relative != relative);
        files.push(SourceFile::new("sample", &relative, text));
    }
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    files
}

fn cases() -> Vec<String> {
    let mut cases: Vec<String> = fs::read_dir(fixtures().join("broken"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}

fn diagnostics(case: &str) -> tcr_codegen::Diagnostics {
    match tcr_codegen::load_files(overlaid(case)) {
        Ok(_) => panic!("the broken case `{case}` loaded without an error"),
        Err(diagnostics) => diagnostics,
    }
}

#[test]
fn the_sample_spec_itself_is_valid() {
    let files = tcr_codegen::load::read_dir(&fixtures().join("sample"), "sample").unwrap();
    if let Err(d) = tcr_codegen::load_files(files) {
        panic!("{}", d.render());
    }
}

#[test]
fn every_broken_spec_is_reported_with_file_line_column_and_rule() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots/diagnostics");
    settings.bind(|| {
        for case in cases() {
            insta::assert_snapshot!(case.clone(), diagnostics(&case).render());
        }
    });
}

#[test]
fn a_misspelled_key_names_file_line_and_column() {
    let first = diagnostics("misspelled_key").into_iter().next().unwrap();
    assert_eq!(
        first.headline(),
        "sample/actions/Broken.yaml:7:5: unknown key `requried`; expected one of `name`, `type`, `doc`, `required`, `required_when`, `secret`, `always_present`, `may_be_null`, `format`, `length`, `must_contain`, `pattern`, `range`, `singular`, `rust_name`"
    );
}

#[test]
fn all_problems_of_a_file_are_reported_not_only_the_first() {
    let found = diagnostics("several_problems_in_one_file");
    let lines: Vec<String> = found.iter().map(|d| d.headline()).collect();
    for expected in [
        ":4:1: unknown key `rate_limt`",
        ":8:5: unknown key `lenght`",
        ":12:12: contradiction: `min` (5) is greater than `max` (1)",
        ":15:11: unknown type `Strng`",
        ":18:10: error code `NoSuchCode` is not declared",
    ] {
        assert!(
            lines.iter().any(|l| l.contains(expected)),
            "missing `{expected}` in:\n{}",
            lines.join("\n")
        );
    }
}
