//! A program as it runs in a TKE pod or on a CVM instance: no key anywhere in its
//! configuration. It creates a TCR service account with credentials from the default chain
//! (environment, profile file, TKE web identity, CVM instance role), which the process's
//! environment and files decide.
//!
//! ```text
//! keyless --endpoint URL --registry ID --name NAME [--metadata-url URL]
//! ```
//!
//! `--endpoint` is where TCR and STS are (the emulator serves both); `--metadata-url` replaces
//! CVM's metadata service (`http://metadata.tencentyun.com/...`), which only exists on CVM.
//! Prints `created <account name>` and exits 0, or the error and exits 1.

use std::process::ExitCode;

use tcr_api::credentials::{DefaultCredentialsChain, InstanceRoleCredentials, StsConfig};
use tcr_api::types::{Permission, PermissionAction};

struct Args {
    endpoint: String,
    registry: String,
    name: String,
    metadata_url: Option<String>,
}

fn args() -> Result<Args, String> {
    let mut endpoint = None;
    let mut registry = None;
    let mut name = None;
    let mut metadata_url = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--endpoint" => endpoint = Some(value),
            "--registry" => registry = Some(value),
            "--name" => name = Some(value),
            "--metadata-url" => metadata_url = Some(value),
            other => return Err(format!("unknown flag {other}")),
        }
    }
    Ok(Args {
        endpoint: endpoint.ok_or("--endpoint is required")?,
        registry: registry.ok_or("--registry is required")?,
        name: name.ok_or("--name is required")?,
        metadata_url,
    })
}

async fn run(args: Args) -> Result<String, Box<dyn std::error::Error>> {
    let mut chain =
        DefaultCredentialsChain::new().with_sts(StsConfig::new().with_endpoint_url(&args.endpoint));
    if let Some(url) = &args.metadata_url {
        chain = chain.with_instance_role(InstanceRoleCredentials::new().with_base_url(url));
    }
    let client = tcr_api::Client::builder()
        .credentials_provider(chain)
        .endpoint_url(&args.endpoint)
        .region("ap-guangzhou")
        .build()?;
    let created = client
        .create_service_account()
        .registry_id(&args.registry)
        .name(&args.name)
        .permission(Permission::new("apps", [PermissionAction::PullRepository]))
        .duration(1)
        .send()
        .await?;
    Ok(created.name)
}

fn main() -> ExitCode {
    let args = match args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("keyless: {message}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("keyless: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(name) => {
            println!("created {name}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("keyless: {error}");
            ExitCode::FAILURE
        }
    }
}
