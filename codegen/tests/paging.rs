//! Paginators for listings paged by offset and by page number, with the items and the total
//! at the top of the answer or one level down (`Data.Things`): the lowered IR and the
//! generated `impl Paginated`, snapshotted. The walks themselves run in the workspace's
//! `paging_spec` test, on the same spec through the macro.

use std::path::Path;

use tcr_codegen::ir::{AnswerPath, PagingIr};

#[test]
fn every_paging_shape_lowers_and_generates() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/paging");
    let api = tcr_codegen::load_dir(&dir, "paging").unwrap_or_else(|d| panic!("{}", d.render()));
    let pagination = |name: &str| {
        api.actions
            .iter()
            .find(|a| a.name == name)
            .and_then(|a| a.pagination.clone())
            .unwrap()
    };
    let by_page = pagination("ListByPage");
    assert!(matches!(
        by_page.paging,
        PagingIr::Page {
            page: 0,
            page_size: 1,
            first_page: 1
        }
    ));
    assert_eq!(
        by_page.total,
        Some(AnswerPath {
            field: 1,
            member: None
        })
    );
    let nested = pagination("ListNested");
    assert!(matches!(
        nested.paging,
        PagingIr::Offset {
            offset: 0,
            limit: 1
        }
    ));
    assert_eq!(
        (nested.items, nested.total),
        (
            AnswerPath {
                field: 0,
                member: Some(0)
            },
            Some(AnswerPath {
                field: 0,
                member: Some(1)
            })
        )
    );
    let nested_pages = pagination("ListNestedPages");
    assert!(matches!(
        nested_pages.paging,
        PagingIr::Page { first_page: 0, .. }
    ));
    assert_eq!(nested_pages.total, None);

    let files = tcr_codegen::generate(&api, "paging").expect("generated code parses");
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for (path, content) in &files {
            if path.starts_with("actions/") && path != "actions/mod.rs" {
                // The paginator and the client's `into_paginator`, not the whole file.
                let paginated = section(content, "impl ::tencentcloud_runtime::client::Paginated");
                let walk = section(content, "    /// Walks every page");
                insta::assert_snapshot!(
                    format!("paging__{}", path.replace('/', "__")),
                    format!("{paginated}\n...\n{walk}")
                );
            }
        }
    });
}

/// From the line starting with `start` to the end of its block.
fn section(text: &str, start: &str) -> String {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("no `{start}` in the file"));
    let indent = text[from..].len() - text[from..].trim_start().len();
    let closing = format!("\n{}}}\n", " ".repeat(indent));
    let to = text[from..]
        .find(&closing)
        .map_or(text.len(), |end| from + end + closing.len());
    text[from..to].to_owned()
}
