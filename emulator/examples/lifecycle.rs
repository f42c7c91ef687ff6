//! The main job, end to end and offline: starts the TCR emulator in this process, then drives a
//! service account through its whole life with the typed client, printing each step.
//!
//! ```sh
//! cargo run -p tcr-emulator --example lifecycle
//! ```
//!
//! No Tencent Cloud account, no credentials, no network: the client signs every request with
//! TC3-HMAC-SHA256 and the emulator verifies it, as TCR would.

use std::error::Error;
use std::pin::Pin;

use tcr_api::credentials::Credentials;
use tcr_api::types::{Filter, Permission, PermissionAction};
use tcr_emulator::Emulator;

const REGISTRY: &str = "tcr-45uu7ras";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let emulator = Emulator::builder().log_requests(false).start()?;
    let credential = emulator.credential();
    println!(
        "emulator listening on {} (credentials {})",
        emulator.endpoint(),
        credential.secret_id()
    );

    let client = tcr_api::Client::builder()
        .credentials(Credentials::new(
            credential.secret_id(),
            credential.secret_key(),
        )?)
        .region("ap-guangzhou")
        .endpoint_url(emulator.endpoint())
        .build()?;

    let created = client
        .create_service_account()
        .registry_id(REGISTRY)
        .name("ci-builder")
        .description("pushes images from CI")
        .permission(Permission::new(
            "apps",
            [
                PermissionAction::PushRepository,
                PermissionAction::PullRepository,
            ],
        ))
        .duration(30)
        .send()
        .await?;
    let name = created.name.clone();
    println!(
        "1. created {name} (expires at {} ms, created {}); its password, shown once, has {} characters",
        created.expires_at.get(),
        created.create_time,
        created.password.expose_str().len(),
    );

    let rotated = client
        .modify_service_account_password()
        .registry_id(REGISTRY)
        .name(&name)
        .random(true)
        .send()
        .await?;
    println!(
        "2. rotated the password of {name} to a random one ({} characters; RequestId {})",
        rotated
            .password
            .as_ref()
            .map_or(0, |p| p.expose_str().len()),
        rotated.request_id
    );

    let chosen = client
        .modify_service_account_password()
        .registry_id(REGISTRY)
        .name(&name)
        .random(false)
        .password("Rotated2Password")
        .send()
        .await?;
    println!(
        "3. set a chosen password for {name} (RequestId {})",
        chosen.request_id
    );

    match client
        .modify_service_account_password()
        .registry_id(REGISTRY)
        .name(&name)
        .random(false)
        .password("weak")
        .send()
        .await
    {
        Err(error) => println!("4. a weak password is refused before anything is sent: {error}"),
        Ok(_) => return Err("a weak password was accepted".into()),
    }

    client
        .create_service_account()
        .registry_id(REGISTRY)
        .name("k8s-puller")
        .permission(Permission::new("apps", [PermissionAction::PullRepository]))
        .send()
        .await?;
    let mut items = client
        .describe_service_accounts()
        .registry_id(REGISTRY)
        .limit(1)
        .into_paginator()
        .items();
    let mut listed = Vec::new();
    while let Some(account) =
        std::future::poll_fn(|cx| futures_core::Stream::poll_next(Pin::new(&mut items), cx)).await
    {
        listed.push(account?.name);
    }
    println!(
        "5. listed every account, one page at a time: {}",
        listed.join(", ")
    );

    client
        .modify_service_account()
        .registry_id(REGISTRY)
        .name(&name)
        .disable(true)
        .permission(Permission::new("apps", [PermissionAction::PullRepository]))
        .send()
        .await?;
    let page = client
        .describe_service_accounts()
        .registry_id(REGISTRY)
        .embed_permission(true)
        .filter(Filter::new("ServiceAccountName", ["ci-builder"]))
        .send()
        .await?;
    let audited = page.service_accounts;
    for account in &audited {
        let actions: Vec<&str> = account
            .permissions
            .iter()
            .flat_map(|p| p.actions.iter().map(|a| a.as_str()))
            .collect();
        println!(
            "6. audited {}: disabled {}, may {}",
            account.name,
            account.disable,
            actions.join(", ")
        );
    }

    client
        .delete_service_account()
        .registry_id(REGISTRY)
        .name(&name)
        .send()
        .await?;
    let left = client
        .describe_service_accounts()
        .registry_id(REGISTRY)
        .send()
        .await?;
    println!(
        "7. deleted {name}; {} account(s) left: {}",
        left.total_count,
        left.service_accounts
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );

    emulator.shutdown();
    println!("done: every call was signed, verified and answered locally");
    Ok(())
}
