//! The paginator generated from DescribeServiceAccounts' `pagination` walks every page,
//! against a scripted server.

mod support;

use std::pin::Pin;

use futures_core::Stream;
use support::{Reply, start};

fn page(names: &[&str], total: i64) -> Reply {
    let accounts: Vec<String> = names
        .iter()
        .map(|n| {
            format!(
                r#"{{"Name": "tcr${n}", "Description": "", "Disable": false, "ExpiresAt": 0,
                    "CreateTime": "2024-02-26T10:00:00+08:00", "UpdateTime": "2024-02-26T10:00:00+08:00",
                    "Permissions": []}}"#
            )
        })
        .collect();
    Reply::Json(format!(
        r#"{{"Response": {{"ServiceAccounts": [{}], "TotalCount": {total}, "RequestId": "r"}}}}"#,
        accounts.join(", ")
    ))
}

async fn next<S: Stream + Unpin>(stream: &mut S) -> Option<S::Item> {
    std::future::poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx)).await
}

#[tokio::test]
async fn items_stream_every_account_across_pages() {
    let server = start(vec![
        page(&["a", "b"], 5),
        page(&["c", "d"], 5),
        page(&["e"], 5),
    ])
    .await;
    let client = support::client(&server.url, 1);
    let mut items = client
        .describe_service_accounts()
        .registry_id("tcr-abcd1234")
        .limit(2)
        .into_paginator()
        .items();
    let mut names = Vec::new();
    while let Some(account) = next(&mut items).await {
        names.push(account.unwrap().name);
    }
    assert_eq!(names, ["tcr$a", "tcr$b", "tcr$c", "tcr$d", "tcr$e"]);
    let offsets: Vec<serde_json::Value> = server
        .requests()
        .iter()
        .map(|r| serde_json::from_slice::<serde_json::Value>(&r.body).unwrap()["Offset"].clone())
        .collect();
    assert_eq!(
        offsets,
        [serde_json::Value::Null, 2.into(), 4.into()],
        "the first page starts where the request says"
    );
}

#[tokio::test]
async fn a_server_that_clamps_the_page_size_is_still_walked_to_the_end() {
    let server = start(vec![page(&["a", "b"], 3), page(&["c"], 3)]).await;
    let client = support::client(&server.url, 1);
    let accounts = client
        .describe_service_accounts()
        .registry_id("tcr-abcd1234")
        .limit(500)
        .into_paginator()
        .collect_items()
        .await
        .unwrap();
    assert_eq!(accounts.len(), 3);
}

#[tokio::test]
async fn an_error_ends_the_walk_after_it_is_yielded() {
    let failing = Reply::Json(r#"{"Response": {"Error": {"Code": "InvalidParameter", "Message": "no"}, "RequestId": "r"}}"#.into());
    let server = start(vec![page(&["a"], 3), failing]).await;
    let client = support::client(&server.url, 1);
    let mut pages = client
        .describe_service_accounts()
        .registry_id("tcr-abcd1234")
        .limit(1)
        .into_paginator()
        .pages();
    assert_eq!(
        next(&mut pages)
            .await
            .unwrap()
            .unwrap()
            .service_accounts
            .len(),
        1
    );
    assert!(next(&mut pages).await.unwrap().is_err());
    assert!(next(&mut pages).await.is_none());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn an_invalid_request_is_the_only_item() {
    let server = start(vec![page(&[], 0)]).await;
    let client = support::client(&server.url, 1);
    let mut pages = client
        .describe_service_accounts()
        .limit(10)
        .into_paginator()
        .pages();
    let error = next(&mut pages).await.unwrap().unwrap_err();
    assert_eq!(
        error.to_string(),
        "DescribeServiceAccounts was not sent: the request breaks the spec's rules: RegistryId: is required"
    );
    assert!(next(&mut pages).await.is_none());
    assert_eq!(server.requests().len(), 0);
}
