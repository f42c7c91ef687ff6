//! The main job, end to end and offline: starts the TCR emulator in this process, then, with
//! the typed client, creates an instance and waits for it to run, gives it a namespace and a
//! repository, a service account allowed to push there (and rotates its password), a login
//! token, lists what it holds, and deletes it with everything in it, printing each step.
//!
//! ```sh
//! cargo run -p tcr-emulator --example lifecycle
//! ```
//!
//! No Tencent Cloud account, no credentials, no network: the client signs every request with
//! TC3-HMAC-SHA256 and the emulator verifies it, as TCR would.

use std::error::Error;
use std::time::Duration;

use tcr_api::credentials::Credentials;
use tcr_api::types::{InstanceTokenType, Permission, PermissionAction};
use tcr_emulator::Emulator;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let emulator = Emulator::builder().log_requests(false).start()?;
    let credential = emulator.credential();
    println!(
        "emulator listening on {} (credentials {}, account {})",
        emulator.endpoint(),
        credential.secret_id(),
        credential.account_id()
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
        .create_instance()
        .registry_name("ci-registry")
        .registry_type("standard")
        .send()
        .await?;
    let registry = created.registry_id;
    println!("1. created the instance ci-registry: {registry}");

    // A new instance is set up in the background; the emulator's clock is moved on here
    // instead of waiting for it.
    loop {
        let status = client
            .describe_instance_status()
            .registry_id(&registry)
            .send()
            .await?;
        let status = status
            .registry_status_set
            .iter()
            .flatten()
            .next()
            .map(|s| s.status.as_str().to_owned())
            .unwrap_or_default();
        println!("2. {registry} is {status}");
        if status == "Running" {
            break;
        }
        emulator.advance_clock(Duration::from_secs(20));
    }

    client
        .create_namespace()
        .registry_id(&registry)
        .namespace_name("apps")
        .is_public(false)
        .send()
        .await?;
    client
        .create_repository()
        .registry_id(&registry)
        .namespace_name("apps")
        .repository_name("web")
        .brief_description("the web front end")
        .send()
        .await?;
    println!("3. created the private namespace apps and the repository apps/web");

    let robot = client
        .create_service_account()
        .registry_id(&registry)
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
    let name = robot.name;
    println!(
        "4. created {name}, which may push and pull in apps for 30 days; its password, shown once, has {} characters",
        robot.password.expose_str().len()
    );
    let rotated = client
        .modify_service_account_password()
        .registry_id(&registry)
        .name(&name)
        .random(true)
        .send()
        .await?;
    println!(
        "5. rotated the password of {name} (RequestId {})",
        rotated.request_id
    );

    let token = client
        .create_instance_token()
        .registry_id(&registry)
        .token_type(InstanceTokenType::LongTerm)
        .desc("docker login from CI")
        .send()
        .await?;
    println!(
        "6. a long-term login token {}: docker login -u {} ci-registry.tencentcloudcr.com (the token is the password)",
        token.token_id, token.username
    );

    let namespaces = client
        .describe_namespaces()
        .registry_id(&registry)
        .send()
        .await?;
    let repositories = client
        .describe_repositories()
        .registry_id(&registry)
        .send()
        .await?;
    let accounts = client
        .describe_service_accounts()
        .registry_id(&registry)
        .send()
        .await?;
    let tokens = client
        .describe_instance_token()
        .registry_id(&registry)
        .send()
        .await?;
    println!(
        "7. {registry} holds {} namespace(s), {} repository(ies), {} service account(s), {} token(s)",
        namespaces.total_count,
        repositories.total_count,
        accounts.total_count,
        tokens.total_count.unwrap_or_default()
    );

    client
        .delete_instance()
        .registry_id(&registry)
        .send()
        .await?;
    let left = client.describe_instances().send().await?;
    println!(
        "8. deleted {registry} and everything it held; instances left: {}",
        left.total_count
    );

    emulator.shutdown();
    println!("done: every call was signed, verified and answered locally");
    Ok(())
}
