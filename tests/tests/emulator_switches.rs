//! The emulator's run switches, through the typed client: `--seed` makes every generated
//! value reproducible, `--unimplemented` chooses what an action without behaviour answers, and
//! `--threads` serves on more than one thread.

use tcr_api::credentials::Credentials;
use tcr_api::types::{Permission, PermissionAction};
use tcr_api::{ErrorCode, sts};
use tcr_emulator::{Emulator, Unimplemented};
use workspace_tests::client_for;

const REGISTRY: &str = "tcr-abcd1234";
const ROLE: &str = "qcs::cam::uin/100000000001:roleName/ci";

/// The same calls, in the same order, and every value the emulator generated for them.
async fn run(emulator: &Emulator) -> Vec<String> {
    let client = client_for(emulator);
    let created = client
        .create_service_account()
        .registry_id(REGISTRY)
        .name("ci")
        .permission(Permission::new("apps", [PermissionAction::PullRepository]))
        .send()
        .await
        .unwrap();
    let rotated = client
        .modify_service_account_password()
        .registry_id(REGISTRY)
        .name(created.name.clone())
        .random(true)
        .send()
        .await
        .unwrap();
    let refused = client
        .delete_service_account()
        .registry_id(REGISTRY)
        .name("no-such-account")
        .send()
        .await
        .unwrap_err();
    let sts = sts::Client::builder()
        .credentials(client_credentials(emulator))
        .region("ap-guangzhou")
        .endpoint_url(emulator.endpoint())
        .build()
        .unwrap();
    let assumed = sts
        .assume_role()
        .role_arn(ROLE)
        .role_session_name("build")
        .send()
        .await
        .unwrap();
    let temporary = assumed.credentials.unwrap();
    vec![
        created.request_id,
        created.password.expose().to_owned(),
        rotated.request_id,
        rotated.password.unwrap().expose().to_owned(),
        refused.request_id().unwrap().to_owned(),
        assumed.request_id,
        temporary.tmp_secret_id,
        temporary.tmp_secret_key.expose().to_owned(),
        temporary.token.expose().to_owned(),
    ]
}

fn client_credentials(emulator: &Emulator) -> Credentials {
    let credential = emulator.credential();
    Credentials::new(credential.secret_id(), credential.secret_key()).unwrap()
}

fn seeded(seed: u64) -> Emulator {
    Emulator::builder().seed(seed).start().unwrap()
}

#[tokio::test]
async fn the_same_seed_gives_the_same_request_ids_passwords_and_keys() {
    let (first, second, other) = (seeded(42), seeded(42), seeded(43));
    let a = run(&first).await;
    let b = run(&second).await;
    let c = run(&other).await;
    assert_eq!(a, b, "same seed, same calls: same values");
    for (x, y) in a.iter().zip(&c) {
        assert_ne!(x, y, "another seed gives other values");
    }
    let unseeded = Emulator::start().unwrap();
    let d = run(&unseeded).await;
    let e = run(&Emulator::start().unwrap()).await;
    assert!(
        d.iter().zip(&e).all(|(x, y)| x != y),
        "no seed: fresh values"
    );
}

#[tokio::test]
async fn an_action_without_behaviour_is_unsupported_by_default() {
    let emulator = Emulator::start().unwrap();
    let error = client_for(&emulator)
        .describe_replication_instances()
        .registry_id(REGISTRY)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::UnsupportedOperation));
    assert!(
        error.to_string().contains("--unimplemented example"),
        "the message says how to get an answer instead: {error}"
    );
}

#[tokio::test]
async fn an_action_without_behaviour_answers_its_documented_example_when_asked() {
    let emulator = Emulator::builder()
        .unimplemented(Unimplemented::ExampleAnswer)
        .start()
        .unwrap();
    let client = client_for(&emulator);
    let first = client
        .describe_replication_instances()
        .registry_id(REGISTRY)
        .send()
        .await
        .unwrap();
    let second = client
        .describe_replication_instances()
        .registry_id(REGISTRY)
        .send()
        .await
        .unwrap();
    // The published example: one replica, whatever the instance asked about.
    assert_eq!(first.total_count, 1);
    assert_eq!(first.replication_registries.map(|r| r.len()), Some(1));
    assert_ne!(
        first.request_id, second.request_id,
        "a fresh RequestId each time"
    );
    // The request is still checked against the spec first: a namespace name of one
    // character, sent by a client that does not validate, is refused before any behaviour.
    let unchecked = tcr_api::Client::builder()
        .credentials(client_credentials(&emulator))
        .region("ap-guangzhou")
        .endpoint_url(emulator.endpoint())
        .validate_requests(false)
        .build()
        .unwrap();
    let refused = unchecked
        .create_namespace()
        .registry_id(REGISTRY)
        .namespace_name("x")
        .is_public(false)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        refused.code(),
        Some(ErrorCode::InvalidParameter),
        "{refused}"
    );
    assert!(refused.to_string().contains("NamespaceName"), "{refused}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_threads_serve_concurrent_callers_and_log_every_call() {
    let emulator = Emulator::builder()
        .threads(2)
        .rate_limit(tcr_emulator::RateLimit::Off)
        .start()
        .unwrap();
    let client = client_for(&emulator);
    client
        .create_service_account()
        .registry_id(REGISTRY)
        .name("ci")
        .permission(Permission::new("apps", [PermissionAction::PullRepository]))
        .send()
        .await
        .unwrap();
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..64 {
        let client = client.clone();
        calls.spawn(async move {
            let page = client
                .describe_service_accounts()
                .registry_id(REGISTRY)
                .send()
                .await
                .unwrap();
            assert_eq!(page.total_count, 1);
            page.request_id
        });
    }
    let mut answered = std::collections::BTreeSet::new();
    while let Some(request_id) = calls.join_next().await {
        assert!(answered.insert(request_id.unwrap()), "a RequestId twice");
    }
    let logged: std::collections::BTreeSet<String> = emulator
        .call_log()
        .into_iter()
        .filter(|call| call.action == "DescribeServiceAccounts")
        .map(|call| call.request_id)
        .collect();
    assert_eq!(logged, answered);
    #[cfg(target_os = "linux")]
    assert_eq!(threads_named("tcr-emulator wo"), 2, "the workers serving");
    emulator.shutdown();
}

/// How many threads of this process have `name` (as Linux keeps it: at most 15 bytes).
#[cfg(target_os = "linux")]
fn threads_named(name: &str) -> usize {
    std::fs::read_dir("/proc/self/task")
        .unwrap()
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("comm")).ok())
        .filter(|comm| comm.trim_end() == name)
        .count()
}

#[test]
fn no_threads_or_connections_are_refused_with_the_setting_named() {
    let error = Emulator::builder().threads(0).start().unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
    assert!(error.to_string().starts_with("threads: "), "{error}");
    let error = Emulator::builder().max_connections(0).start().unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
    assert!(
        error.to_string().starts_with("max_connections: "),
        "{error}"
    );
}

#[tokio::test]
async fn spawn_refuses_no_connections_too() {
    let error = Emulator::builder().max_connections(0).spawn().unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
    assert!(
        error.to_string().starts_with("max_connections: "),
        "{error}"
    );
}
