//! The whole service-account lifecycle through the typed client on the emulator: create two
//! accounts, list them with and without a filter and across pages, modify one (disable, new
//! permissions, new expiry), rotate its password, delete it, list again.

use std::pin::Pin;

use futures_core::Stream;
use tcr_api::ErrorCode;
use tcr_api::client::RetryConfig;
use tcr_api::credentials::Credentials;
use tcr_api::primitives::UnixMillis;
use tcr_api::types::{Filter, Permission, PermissionAction, ServiceAccount};
use tcr_emulator::Emulator;

const REGISTRY: &str = "tcr-45uu7ras";

fn client_for(emulator: &Emulator) -> tcr_api::Client {
    let credential = emulator.credential();
    tcr_api::Client::builder()
        .credentials(Credentials::new(credential.secret_id(), credential.secret_key()).unwrap())
        // TCR acts in a region: the emulator refuses a request without one.
        .region("ap-guangzhou")
        .endpoint_url(emulator.endpoint())
        .retry(RetryConfig {
            max_attempts: 1,
            ..RetryConfig::default()
        })
        .build()
        .unwrap()
}

async fn names(client: &tcr_api::Client, filter: Option<&str>, page_size: i64) -> Vec<String> {
    let mut request = client
        .describe_service_accounts()
        .registry_id(REGISTRY)
        .limit(page_size);
    if let Some(value) = filter {
        request = request.filter(Filter::new("ServiceAccountName", [value]));
    }
    let mut items = request.into_paginator().items();
    let mut names = Vec::new();
    while let Some(account) = std::future::poll_fn(|cx| Pin::new(&mut items).poll_next(cx)).await {
        names.push(account.unwrap().name);
    }
    names
}

async fn listed(client: &tcr_api::Client, name: &str) -> ServiceAccount {
    let mut page = client
        .describe_service_accounts()
        .registry_id(REGISTRY)
        .embed_permission(true)
        .filter(Filter::new("ServiceAccountName", [name]))
        .send()
        .await
        .unwrap();
    assert_eq!(page.total_count, 1);
    page.service_accounts.remove(0)
}

#[tokio::test]
async fn the_whole_lifecycle() {
    let emulator = Emulator::start().unwrap();
    let client = client_for(&emulator);

    for (name, description) in [
        ("ci-builder", "pushes from CI"),
        ("k8s-puller", "pulls for the cluster"),
    ] {
        client
            .create_service_account()
            .registry_id(REGISTRY)
            .name(name)
            .description(description)
            .permission(Permission::new("apps", [PermissionAction::PullRepository]))
            .send()
            .await
            .unwrap();
    }

    // Listed, oldest first; filtered; and across pages of one.
    assert_eq!(
        names(&client, None, 20).await,
        ["tcr$ci-builder", "tcr$k8s-puller"]
    );
    assert_eq!(names(&client, Some("k8s"), 20).await, ["tcr$k8s-puller"]);
    assert_eq!(
        names(&client, None, 1).await,
        ["tcr$ci-builder", "tcr$k8s-puller"]
    );
    let first_page = client
        .describe_service_accounts()
        .registry_id(REGISTRY)
        .limit(1)
        .send()
        .await
        .unwrap();
    assert_eq!(
        (first_page.total_count, first_page.service_accounts.len()),
        (2, 1)
    );
    let without = client
        .describe_service_accounts()
        .registry_id(REGISTRY)
        .send()
        .await
        .unwrap();
    assert!(
        without
            .service_accounts
            .iter()
            .all(|a| a.permissions.is_empty()),
        "permissions only with EmbedPermission (an empty list without it: always present)"
    );

    // Modify: disable, new permissions, new expiry; the listing reflects it.
    let expiry = UnixMillis::now().plus_seconds(3600);
    client
        .modify_service_account()
        .registry_id(REGISTRY)
        .name("tcr$ci-builder")
        .disable(true)
        .expires_at(expiry)
        .permission(Permission::new(
            "apps",
            [
                PermissionAction::PushRepository,
                PermissionAction::PullRepository,
            ],
        ))
        .permission(Permission::new(
            "charts",
            [PermissionAction::CreateHelmChart],
        ))
        .send()
        .await
        .unwrap();
    let modified = listed(&client, "ci-builder").await;
    assert!(modified.disable);
    assert_eq!(modified.expires_at, expiry);
    assert_eq!(
        modified.description, "pushes from CI",
        "what was not stated stays"
    );
    let permissions = modified.permissions;
    assert_eq!(permissions.len(), 2);
    assert_eq!(permissions[1].actions, [PermissionAction::CreateHelmChart]);
    assert!(modified.update_time >= modified.create_time);

    // An account whose expiry has passed is listed with it.
    client
        .modify_service_account()
        .registry_id(REGISTRY)
        .name("k8s-puller")
        .expires_at(1_000)
        .send()
        .await
        .unwrap();
    let expired = listed(&client, "k8s-puller").await;
    assert_eq!(expired.expires_at, UnixMillis::new(1_000));
    assert!(
        emulator
            .account(REGISTRY, "k8s-puller")
            .unwrap()
            .is_expired_at(UnixMillis::now())
    );

    // Rotate, then delete; the name can be used again.
    let rotated = client
        .modify_service_account_password()
        .registry_id(REGISTRY)
        .name("ci-builder")
        .random(true)
        .send()
        .await
        .unwrap();
    assert!(
        emulator
            .account(REGISTRY, "ci-builder")
            .unwrap()
            .password_matches(rotated.password.unwrap().expose_str())
    );
    client
        .delete_service_account()
        .registry_id(REGISTRY)
        .name("tcr$ci-builder")
        .send()
        .await
        .unwrap();
    assert_eq!(names(&client, None, 20).await, ["tcr$k8s-puller"]);
    let again = client
        .delete_service_account()
        .registry_id(REGISTRY)
        .name("ci-builder")
        .send()
        .await
        .unwrap_err();
    assert_eq!(again.code(), Some(ErrorCode::ResourceNotFound));
    client
        .create_service_account()
        .registry_id(REGISTRY)
        .name("ci-builder")
        .permission(Permission::new("apps", [PermissionAction::PullRepository]))
        .send()
        .await
        .unwrap();
    assert_eq!(
        names(&client, None, 20).await,
        ["tcr$k8s-puller", "tcr$ci-builder"]
    );
}

#[tokio::test]
async fn listing_options_limit_offset_all_and_filters() {
    let emulator = Emulator::builder()
        .rate_limit(tcr_api::client::RateLimit::Off)
        .start()
        .unwrap();
    let client = client_for(&emulator);
    for i in 0..25 {
        client
            .create_service_account()
            .registry_id(REGISTRY)
            .name(format!("bot-{i:02}"))
            .permission(Permission::new("apps", [PermissionAction::PullRepository]))
            .send()
            .await
            .unwrap();
    }
    let default_page = client
        .describe_service_accounts()
        .registry_id(REGISTRY)
        .send()
        .await
        .unwrap();
    assert_eq!(
        (
            default_page.total_count,
            default_page.service_accounts.len()
        ),
        (25, 20),
        "Limit defaults to 20"
    );
    let all = client
        .describe_service_accounts()
        .registry_id(REGISTRY)
        .all(true)
        .limit(5)
        .send()
        .await
        .unwrap();
    assert_eq!(all.service_accounts.len(), 25, "All ignores Limit");
    let tail = client
        .describe_service_accounts()
        .registry_id(REGISTRY)
        .offset(23)
        .send()
        .await
        .unwrap();
    assert!(
        tail.service_accounts
            .iter()
            .all(|a| a.description.is_empty()),
        "an account created without a description is listed with an empty one"
    );
    let tail: Vec<String> = tail.service_accounts.into_iter().map(|a| a.name).collect();
    assert_eq!(tail, ["tcr$bot-23", "tcr$bot-24"]);
    let clamped = client
        .describe_service_accounts()
        .registry_id(REGISTRY)
        .limit(1000)
        .into_paginator()
        .collect_items()
        .await
        .unwrap();
    assert_eq!(clamped.len(), 25);
    let error = client
        .describe_service_accounts()
        .registry_id(REGISTRY)
        .filter(Filter::new("Namespace", ["apps"]))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::InvalidParameter));
    assert!(error.to_string().contains("Filters.0.Name"), "{error}");
}
