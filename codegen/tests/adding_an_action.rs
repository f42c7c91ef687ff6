//! The README's "Adding an action", done on a copy of `api-spec/`: one new YAML file, then the
//! generator. The new action gets its module with no other edit, its documented example is
//! checked against its own rules, and nothing that existed changes.

use std::path::{Path, PathBuf};

const NEW_ACTION: &str = r#"# yaml-language-server: $schema=../schema/action.schema.json
name: DescribeInstanceUsage
doc: How much storage and traffic an instance used in one month (an action TCR does not have).
safe_to_resend: true
input:
  - name: RegistryId
    type: String
    required: true
    doc: Instance ID.
  - name: Month
    type: String
    required: true
    length: { min: 7, max: 7 }
    doc: The month, as `2024-05`.
output: []
errors:
  - FailedOperation
  - InternalError.MeteringUnavailable
examples:
  - title: Usage of May 2024
    input: |
      {"RegistryId": "tcr-xxxxxx", "Month": "2024-05"}
    output: |
      {"Response": {"RequestId": "7c0e4a7e-3b1f-4f0e-9d49-2f6b8f9d1a22"}}
"#;

/// A fresh copy of `api-spec/` in a folder of its own.
fn copy_of_api_spec(name: &str) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec");
    let target = std::env::temp_dir().join(format!(
        "tcr-adding-an-action-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&target);
    copy_dir(&source, &target);
    target
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}

fn generate(dir: &Path) -> Result<Vec<(String, String)>, String> {
    let api = tcr_codegen::load_dir(dir, "api-spec").map_err(|d| d.render())?;
    tcr_codegen::generate(&api, "api-spec")
}

#[test]
fn one_new_file_is_one_new_action_and_nothing_else_changes() {
    let dir = copy_of_api_spec("ok");
    let before = generate(&dir).unwrap();
    let errors = std::fs::read_to_string(dir.join("errors.yaml")).unwrap();
    std::fs::write(
        dir.join("errors.yaml"),
        errors.replace(
            "service:\n",
            "service:\n  - code: InternalError.MeteringUnavailable\n    doc: Usage figures are not available for now.\n    transient: true\n",
        ),
    )
    .unwrap();
    std::fs::write(dir.join("actions/DescribeInstanceUsage.yaml"), NEW_ACTION).unwrap();
    let after = generate(&dir).unwrap();

    let added: Vec<&str> = after
        .iter()
        .filter(|(path, _)| !before.iter().any(|(p, _)| p == path))
        .map(|(path, _)| path.as_str())
        .collect();
    assert_eq!(added, ["actions/describe_instance_usage.rs"]);
    let module = &after
        .iter()
        .find(|(p, _)| p == "actions/describe_instance_usage.rs")
        .unwrap()
        .1;
    assert!(module.contains("pub struct DescribeInstanceUsageRequest"));
    assert!(module.contains("name: \"DescribeInstanceUsage\""));
    let index = &after.iter().find(|(p, _)| p == "actions/mod.rs").unwrap().1;
    assert!(index.contains("visitor.visit::<DescribeInstanceUsageRequest>();"));
    let client = &after.iter().find(|(p, _)| p == "client.rs").unwrap().1;
    assert!(client.contains("pub fn describe_instance_usage(&self)"));
    // Every other action's file is untouched.
    for (path, text) in &before {
        if path.starts_with("actions/") && path != "actions/mod.rs" {
            let now = &after.iter().find(|(p, _)| p == path).unwrap().1;
            assert_eq!(text, now, "{path} changed");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_new_actions_example_is_checked_against_its_own_rules() {
    let dir = copy_of_api_spec("bad-example");
    std::fs::write(
        dir.join("actions/DescribeInstanceUsage.yaml"),
        NEW_ACTION
            .replace("  - InternalError.MeteringUnavailable\n", "")
            .replace(r#""Month": "2024-05""#, r#""Month": "May""#),
    )
    .unwrap();
    let report = generate(&dir).unwrap_err();
    assert!(report.contains("DescribeInstanceUsage.yaml"), "{report}");
    assert!(report.contains("Month"), "{report}");
    let _ = std::fs::remove_dir_all(&dir);
}
