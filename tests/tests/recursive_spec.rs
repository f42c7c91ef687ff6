//! Structures that contain themselves (the spec in `codegen/tests/fixtures/recursive`),
//! generated at compile time by the macro: `Folder.Parent` holds a `Folder`, `Route.Otherwise`
//! a `Branch` whose `Next` is a `Route`. The way back is boxed; builders take the plain value,
//! JSON reads and writes as any other member, and validation reaches every level.

tcr_macros::api!(mod trees from "../codegen/tests/fixtures/recursive");

use tencentcloud_runtime::validation::Validate;
use trees::actions::{PutTreeRequest, PutTreeResponse};
use trees::types::{Branch, Folder, Route};

fn folder(name: &str) -> Folder {
    Folder::builder().name(name).build().unwrap()
}

#[test]
fn builders_take_the_plain_value_and_box_it() {
    let child = Folder::builder()
        .name("b")
        .parent(folder("a"))
        .child(folder("c"))
        .build()
        .unwrap();
    assert_eq!(child.parent.as_deref(), Some(&folder("a")));
    assert_eq!(child.children.as_deref(), Some(&[folder("c")][..]));
    let branch = Branch::new(Route::builder().r#match("y").build().unwrap());
    assert_eq!(branch.next.r#match, "y");
}

#[test]
fn the_documented_example_reads_and_writes_back_unchanged() {
    let input = r#"{"Folder":{"Name":"b","Parent":{"Name":"a"}},"Route":{"Match":"x","Otherwise":{"Next":{"Match":"y"}}}}"#;
    let request: PutTreeRequest = serde_json::from_str(input).unwrap();
    assert_eq!(request.folder.parent.as_ref().unwrap().name, "a");
    let otherwise = request.route.as_ref().unwrap().otherwise.as_ref().unwrap();
    assert_eq!(otherwise.next.r#match, "y");
    assert_eq!(serde_json::to_string(&request).unwrap(), input);

    let output =
        r#"{"Stored": {"Name": "b", "Parent": {"Name": "a", "Children": []}}, "RequestId": "r"}"#;
    let answer: PutTreeResponse = serde_json::from_str(output).unwrap();
    assert_eq!(answer.stored.parent.unwrap().children, Some(vec![]));
}

#[test]
fn validation_reaches_every_level_and_names_the_path() {
    let deep = Folder::builder()
        .name("ok")
        .parent(
            Folder::builder()
                .name("fine")
                .parent(folder("much-too-long"))
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    let request = PutTreeRequest::builder().folder(deep).build().unwrap();
    let error = request.validate().unwrap_err().to_string();
    assert!(error.contains("Folder.Parent.Parent.Name"), "{error}");
}
