//! The README's "Adding an action", done on a copy of `api-spec/`: one new YAML file, then the
//! generator. The new action gets its module with no other edit, its documented example is
//! checked against its own rules, and nothing that existed changes.

use std::path::{Path, PathBuf};

const NEW_ACTION: &str = r#"# yaml-language-server: $schema=../schema/action.schema.json
name: RotateInstanceToken
doc: Rotates one of an instance's long-lived access tokens.
safe_to_resend: true
input:
  - name: RegistryId
    type: String
    required: true
    doc: Instance ID.
  - name: TokenId
    type: String
    required: true
    length: { min: 1, max: 64 }
    doc: The token's ID.
output: []
errors:
  - FailedOperation
  - InternalError.DbError
examples:
  - title: Rotating a token
    input: |
      {"RegistryId": "tcr-xxxxxx", "TokenId": "1"}
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
            "service:\n  - code: InternalError.DbError\n    doc: The service's database failed.\n    transient: true\n",
        ),
    )
    .unwrap();
    std::fs::write(dir.join("actions/RotateInstanceToken.yaml"), NEW_ACTION).unwrap();
    let after = generate(&dir).unwrap();

    let added: Vec<&str> = after
        .iter()
        .filter(|(path, _)| !before.iter().any(|(p, _)| p == path))
        .map(|(path, _)| path.as_str())
        .collect();
    assert_eq!(added, ["actions/rotate_instance_token.rs"]);
    let module = &after
        .iter()
        .find(|(p, _)| p == "actions/rotate_instance_token.rs")
        .unwrap()
        .1;
    assert!(module.contains("pub struct RotateInstanceTokenRequest"));
    assert!(module.contains("name: \"RotateInstanceToken\""));
    let index = &after.iter().find(|(p, _)| p == "actions/mod.rs").unwrap().1;
    assert!(index.contains("visitor.visit::<RotateInstanceTokenRequest>();"));
    let client = &after.iter().find(|(p, _)| p == "client.rs").unwrap().1;
    assert!(client.contains("pub fn rotate_instance_token(&self)"));
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
        dir.join("actions/RotateInstanceToken.yaml"),
        NEW_ACTION
            .replace("  - InternalError.DbError\n", "")
            .replace(r#""TokenId": "1""#, r#""TokenId": """#),
    )
    .unwrap();
    let report = generate(&dir).unwrap_err();
    assert!(report.contains("RotateInstanceToken.yaml"), "{report}");
    assert!(report.contains("TokenId"), "{report}");
    let _ = std::fs::remove_dir_all(&dir);
}
