//! Paginators walking listings on a replay transport: the spec in
//! `codegen/tests/fixtures/paging` (offset and page-number paging, items and totals at the top
//! of the answer or inside `Data`, paging parameters optional or required) generated at
//! compile time by the macro. Each walk sends exactly the recorded requests
//! (`assert_requests_match`) and stops where it should: the total reached, a short page when
//! there is no total, or an empty page.

tcr_macros::api!(mod paging from "../codegen/tests/fixtures/paging");

use paging::client::Client;
use tencentcloud_runtime::client::{Paginated, Paginator};
use tencentcloud_runtime::credentials::Credentials;
use tencentcloud_runtime::test_util::{ReplayEvent, ReplayTransport};

fn client(replay: &ReplayTransport) -> Client {
    Client::builder()
        .credentials(Credentials::new("AKIDTEST", "test-key").unwrap())
        .transport(replay.clone())
        .build()
        .unwrap()
}

fn answer(body: &str) -> String {
    format!(r#"{{"Response": {{{body}, "RequestId": "r"}}}}"#)
}

/// The ids of every thing a walk collects.
async fn thing_ids<A: Paginated<Item = paging::types::Thing>>(walk: Paginator<A>) -> Vec<String> {
    walk.collect_items()
        .await
        .unwrap()
        .into_iter()
        .map(|thing| thing.id)
        .collect()
}

/// An answer with the things of `ids` and their `total` inside `Data`.
fn things_in_data(ids: &[&str], total: u64) -> String {
    let things: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"Id": "{id}"}}"#))
        .collect();
    answer(&format!(
        r#""Data": {{"Things": [{}], "TotalCount": {total}}}"#,
        things.join(", ")
    ))
}

fn rules(names: &[&str], total: Option<i64>) -> String {
    let names: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    let total = total.map_or(String::new(), |t| format!(r#", "Total": {t}"#));
    answer(&format!(r#""Rules": [{}]{total}"#, names.join(", ")))
}

#[tokio::test]
async fn pages_are_numbered_until_the_total_is_reached() {
    let replay = ReplayTransport::new([
        ReplayEvent::new(
            "ListByPage",
            r#"{"PageSize": 2}"#,
            rules(&["a", "b"], Some(5)),
        ),
        ReplayEvent::new(
            "ListByPage",
            r#"{"Page": 2, "PageSize": 2}"#,
            rules(&["c", "d"], Some(5)),
        ),
        ReplayEvent::new(
            "ListByPage",
            r#"{"Page": 3, "PageSize": 2}"#,
            rules(&["e"], Some(5)),
        ),
    ]);
    let items = client(&replay)
        .list_by_page()
        .page_size(2)
        .into_paginator()
        .collect_items()
        .await
        .unwrap();
    assert_eq!(items, ["a", "b", "c", "d", "e"]);
    replay.assert_requests_match();
}

#[tokio::test]
async fn a_walk_from_a_later_page_counts_the_pages_it_skipped() {
    let replay = ReplayTransport::new([
        ReplayEvent::new(
            "ListByPage",
            r#"{"Page": 2, "PageSize": 2}"#,
            rules(&["c", "d"], Some(5)),
        ),
        ReplayEvent::new(
            "ListByPage",
            r#"{"Page": 3, "PageSize": 2}"#,
            rules(&["e"], Some(5)),
        ),
    ]);
    let items = client(&replay)
        .list_by_page()
        .page(2)
        .page_size(2)
        .into_paginator()
        .collect_items()
        .await
        .unwrap();
    assert_eq!(items, ["c", "d", "e"]);
    replay.assert_requests_match();
}

#[tokio::test]
async fn with_a_total_a_server_sending_smaller_pages_is_walked_to_the_end() {
    let replay = ReplayTransport::new([
        ReplayEvent::new(
            "ListByPage",
            r#"{"PageSize": 10}"#,
            rules(&["a", "b"], Some(4)),
        ),
        ReplayEvent::new(
            "ListByPage",
            r#"{"Page": 2, "PageSize": 10}"#,
            rules(&["c", "d"], Some(4)),
        ),
    ]);
    let items = client(&replay)
        .list_by_page()
        .page_size(10)
        .into_paginator()
        .collect_items()
        .await
        .unwrap();
    assert_eq!(items, ["a", "b", "c", "d"]);
    replay.assert_requests_match();
}

#[tokio::test]
async fn without_a_total_a_short_page_ends_the_walk() {
    let names = |names: &str| answer(&format!(r#""Data": {{"Names": [{names}]}}"#));
    let replay = ReplayTransport::new([
        ReplayEvent::new(
            "ListNestedPages",
            r#"{"PageSize": 2}"#,
            names(r#""a", "b""#),
        ),
        ReplayEvent::new(
            "ListNestedPages",
            r#"{"PageNo": 1, "PageSize": 2}"#,
            names(r#""c""#),
        ),
    ]);
    let items = client(&replay)
        .list_nested_pages()
        .page_size(2)
        .into_paginator()
        .collect_items()
        .await
        .unwrap();
    assert_eq!(
        items,
        ["a", "b", "c"],
        "pages from 0, the spec's first_page"
    );
    replay.assert_requests_match();
}

#[tokio::test]
async fn without_a_total_or_a_page_size_an_empty_or_absent_page_ends_the_walk() {
    let replay = ReplayTransport::new([
        ReplayEvent::new(
            "ListNestedPages",
            "{}",
            answer(r#""Data": {"Names": ["a", "b", "c"]}"#),
        ),
        ReplayEvent::new(
            "ListNestedPages",
            r#"{"PageNo": 1}"#,
            answer(r#""Data": null"#),
        ),
    ]);
    let items = client(&replay)
        .list_nested_pages()
        .into_paginator()
        .collect_items()
        .await
        .unwrap();
    assert_eq!(items, ["a", "b", "c"]);
    replay.assert_requests_match();
}

#[tokio::test]
async fn items_and_total_inside_data_page_by_offset() {
    let replay = ReplayTransport::new([
        ReplayEvent::new(
            "ListNested",
            r#"{"Limit": 2}"#,
            things_in_data(&["a", "b"], 3),
        ),
        ReplayEvent::new(
            "ListNested",
            r#"{"Offset": 2, "Limit": 2}"#,
            things_in_data(&["c"], 3),
        ),
    ]);
    let walk = client(&replay).list_nested().limit(2).into_paginator();
    let ids = thing_ids(walk).await;
    assert_eq!(ids, ["a", "b", "c"]);
    replay.assert_requests_match();
}

#[tokio::test]
async fn offsets_move_by_the_items_received() {
    let things = |ids: &[&str]| {
        let things: Vec<String> = ids
            .iter()
            .map(|id| format!(r#"{{"Id": "{id}"}}"#))
            .collect();
        answer(&format!(
            r#""Things": [{}], "TotalCount": 3"#,
            things.join(", ")
        ))
    };
    let replay = ReplayTransport::new([
        ReplayEvent::new(
            "ListByOffset",
            r#"{"Offset": 1, "Limit": 1}"#,
            things(&["b"]),
        ),
        ReplayEvent::new(
            "ListByOffset",
            r#"{"Offset": 2, "Limit": 1}"#,
            things(&["c"]),
        ),
    ]);
    let walk = client(&replay)
        .list_by_offset()
        .offset(1)
        .limit(1)
        .into_paginator();
    let ids = thing_ids(walk).await;
    assert_eq!(ids, ["b", "c"]);
    replay.assert_requests_match();
}

#[tokio::test]
async fn required_paging_parameters_start_the_walk_and_move_with_it() {
    let replay = ReplayTransport::new([
        ReplayEvent::new(
            "ListRequiredPaging",
            r#"{"Offset": 1, "Limit": 2}"#,
            things_in_data(&["b", "c"], 5),
        ),
        ReplayEvent::new(
            "ListRequiredPaging",
            r#"{"Offset": 3, "Limit": 2}"#,
            things_in_data(&["d", "e"], 5),
        ),
    ]);
    let walk = client(&replay)
        .list_required_paging()
        .offset(1)
        .limit(2)
        .into_paginator();
    let ids = thing_ids(walk).await;
    assert_eq!(ids, ["b", "c", "d", "e"]);
    replay.assert_requests_match();
}

#[tokio::test]
async fn a_walk_without_its_required_paging_parameters_is_refused_before_sending() {
    let replay = ReplayTransport::new([]);
    let refused = client(&replay)
        .list_required_paging()
        .limit(2)
        .into_paginator()
        .collect_items()
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("Offset"), "{refused}");
    replay.assert_requests_match();
}
