//! The answer flags decide which members are plain values in Rust: a request's `required`
//! parameters, an answer's members that are `always_present` and not `may_be_null`, and for a
//! structure, what every side it is used on guarantees (worked out from the actions, through
//! arrays, nested structures and recursion). The code generated for the fixture is snapshotted.

use std::path::Path;

use tcr_codegen::ir::{Api, FieldIr, TypeIr, Usage};

fn api() -> Api {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/answer_flags");
    tcr_codegen::load_dir(&dir, "answer_flags").unwrap_or_else(|d| panic!("{}", d.render()))
}

/// `(wire name, plain)` of each field.
fn plain(fields: &[FieldIr]) -> Vec<(&str, bool)> {
    fields.iter().map(|f| (f.wire.as_str(), f.plain)).collect()
}

fn structure<'a>(api: &'a Api, name: &str) -> (&'a [FieldIr], Usage) {
    match api.type_named(name) {
        Some(TypeIr::Struct(s)) => (&s.fields, s.usage),
        _ => panic!("no structure {name}"),
    }
}

#[test]
fn plain_members_follow_where_each_structure_is_used() {
    let api = api();
    let action = &api.actions[0];
    assert_eq!(
        plain(&action.input),
        [("Name", true), ("Label", true), ("Filter", false)]
    );
    assert_eq!(
        plain(&action.output),
        [
            ("Count", true),
            ("Items", false),
            ("Note", false),
            ("Label", true)
        ]
    );

    let (fields, usage) = structure(&api, "Label");
    assert_eq!(
        usage,
        Usage {
            requests: true,
            answers: true
        }
    );
    assert_eq!(
        plain(fields),
        [("Text", true), ("Color", false), ("Size", false)],
        "used both ways: plain only if required and always present and never null"
    );

    let (fields, usage) = structure(&api, "Filter");
    assert_eq!(
        usage,
        Usage {
            requests: true,
            answers: false
        }
    );
    assert_eq!(plain(fields), [("Key", true), ("Value", false)]);

    let (fields, usage) = structure(&api, "Item");
    assert_eq!(
        usage,
        Usage {
            requests: false,
            answers: true
        },
        "reached through an array of the answer, and through itself"
    );
    assert_eq!(
        plain(fields),
        [("Id", true), ("Tags", false), ("Parts", false)]
    );

    let (fields, usage) = structure(&api, "Loose");
    assert_eq!(usage, Usage::default());
    assert_eq!(
        plain(fields),
        [("Key", true), ("Seen", false)],
        "used nowhere: the request side"
    );
}

#[test]
fn the_generated_code_has_plain_members_and_builders_that_require_them() {
    let api = api();
    let files = tcr_codegen::generate(&api, "answer_flags").expect("generated code parses");
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for (path, content) in &files {
            if path.starts_with("types/") && path != "types/mod.rs"
                || path == "actions/put_shelf.rs"
            {
                insta::assert_snapshot!(
                    format!("answer_flags__{}", path.replace('/', "__")),
                    content
                );
            }
        }
    });
}
