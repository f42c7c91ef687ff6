//! The generated paginators walk real listings of the emulator, for both paging shapes TCR
//! uses: `Offset` numbering pages (`DescribeNamespaces`) and `Offset` counting items
//! (`DescribeServiceAccounts`).

use std::pin::Pin;

use futures_core::Stream;
use tcr_api::types::{Permission, PermissionAction};
use tcr_emulator::Emulator;
use workspace_tests::client_for;

const REGISTRY: &str = "tcr-pag1n8t0";

async fn collect<T, S: Stream<Item = Result<T, tcr_api::Error>> + Unpin>(mut items: S) -> Vec<T> {
    let mut out = Vec::new();
    while let Some(item) = std::future::poll_fn(|cx| Pin::new(&mut items).poll_next(cx)).await {
        out.push(item.unwrap());
    }
    out
}

#[tokio::test]
async fn a_page_numbered_listing_is_walked_to_its_last_item() {
    let emulator = Emulator::start().unwrap();
    let client = client_for(&emulator);
    let mut created = Vec::new();
    for index in 0..23 {
        let name = format!("team-{index:02}");
        client
            .create_namespace()
            .registry_id(REGISTRY)
            .namespace_name(&name)
            .is_public(false)
            .send()
            .await
            .unwrap();
        created.push(name);
    }
    let items = client
        .describe_namespaces()
        .registry_id(REGISTRY)
        .limit(5)
        .into_paginator()
        .items();
    let names: Vec<String> = collect(items).await.into_iter().map(|n| n.name).collect();
    assert_eq!(
        names, created,
        "every namespace once, in order, over 5 pages"
    );
    assert_eq!(emulator.calls("DescribeNamespaces"), 5);
}

#[tokio::test]
async fn an_item_offset_listing_is_walked_to_its_last_item() {
    let emulator = Emulator::start().unwrap();
    let client = client_for(&emulator);
    for index in 0..7 {
        client
            .create_service_account()
            .registry_id(REGISTRY)
            .name(format!("robot-{index}"))
            .permission(Permission::new("apps", [PermissionAction::PullRepository]))
            .send()
            .await
            .unwrap();
    }
    let items = client
        .describe_service_accounts()
        .registry_id(REGISTRY)
        .limit(3)
        .into_paginator()
        .items();
    let names: Vec<String> = collect(items).await.into_iter().map(|a| a.name).collect();
    let expected: Vec<String> = (0..7).map(|i| format!("tcr$robot-{i}")).collect();
    assert_eq!(names, expected);
    assert_eq!(emulator.calls("DescribeServiceAccounts"), 3);
}
