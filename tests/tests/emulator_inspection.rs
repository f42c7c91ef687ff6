//! Inspecting and controlling the emulator, through the handle and the control path: taking
//! and restoring its state (a test returns to a known point without restarting, and secrets
//! never leave as plain text), and the log of the calls it answered.

use std::io::{Read, Write};

use tcr_api::credentials::Credentials;
use tcr_api::types::{Permission, PermissionAction};
use tcr_emulator::Emulator;
use workspace_tests::client_for;

const REGISTRY: &str = "tcr-snap5h0t";

/// One request on the control path, over a plain connection: status and body.
fn control(emulator: &Emulator, method: &str, path: &str, body: &[u8]) -> (u16, Vec<u8>) {
    let mut stream = std::net::TcpStream::connect(emulator.addr()).unwrap();
    let head = format!(
        "{method} /_emulator/{path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        emulator.host(),
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let status = std::str::from_utf8(&answer[9..12])
        .unwrap()
        .parse()
        .unwrap();
    (status, answer[split + 4..].to_vec())
}

#[tokio::test]
async fn a_snapshot_restores_what_was_deleted_and_holds_no_secret() {
    let emulator = Emulator::start().unwrap();
    let client = client_for(&emulator);
    let created = client
        .create_service_account()
        .registry_id(REGISTRY)
        .name("ci")
        .permission(Permission::new("apps", [PermissionAction::PushRepository]))
        .send()
        .await
        .unwrap();
    let password = created.password.expose_str().to_owned();
    let snapshot = emulator.snapshot().unwrap();
    let text = String::from_utf8(snapshot.clone()).unwrap();
    assert!(text.contains("tcr$ci"), "{text}");
    assert!(
        !text.contains(&password),
        "a password never leaves in clear"
    );

    client
        .delete_service_account()
        .registry_id(REGISTRY)
        .name("ci")
        .send()
        .await
        .unwrap();
    assert!(emulator.account(REGISTRY, "ci").is_none());

    emulator.restore(&snapshot).unwrap();
    assert!(emulator.account(REGISTRY, "ci").is_some());
    assert!(emulator.login_matches(REGISTRY, "tcr$ci", &password));
}

#[tokio::test]
async fn the_control_path_reads_and_replaces_the_state_and_refuses_what_is_not_a_snapshot() {
    let emulator = Emulator::start().unwrap();
    let (status, empty) = control(&emulator, "GET", "state", b"");
    assert_eq!(status, 200);
    client_for(&emulator)
        .create_namespace()
        .registry_id(REGISTRY)
        .namespace_name("apps")
        .is_public(false)
        .send()
        .await
        .unwrap();
    let (_, full) = control(&emulator, "GET", "state", b"");
    assert!(String::from_utf8_lossy(&full).contains("\"apps\""));

    let (status, body) = control(&emulator, "PUT", "state", b"{\"format_version\": 99}");
    assert_eq!(status, 400, "{}", String::from_utf8_lossy(&body));
    assert!(String::from_utf8_lossy(&body).contains("format"));
    assert_eq!(
        control(&emulator, "GET", "state", b"").1,
        full,
        "nothing changed"
    );

    let (status, _) = control(&emulator, "PUT", "state", &empty);
    assert_eq!(status, 200);
    let listed = client_for(&emulator)
        .describe_namespaces()
        .registry_id(REGISTRY)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.total_count, 0, "back to the empty state");
}

#[tokio::test]
async fn the_call_log_names_action_account_region_code_and_request_id() {
    let emulator = Emulator::start().unwrap();
    let client = client_for(&emulator);
    let listed = client
        .describe_service_accounts()
        .registry_id(REGISTRY)
        .send()
        .await
        .unwrap();
    let refused = client
        .delete_service_account()
        .registry_id(REGISTRY)
        .name("nobody")
        .send()
        .await
        .unwrap_err();
    let log = emulator.call_log();
    assert_eq!(log.len(), 2, "{log:?}");
    assert_eq!(log[0].action, "DescribeServiceAccounts");
    assert_eq!(
        log[0].account.as_deref(),
        Some(tcr_emulator::DEFAULT_ACCOUNT)
    );
    assert_eq!(log[0].region.as_deref(), Some("ap-guangzhou"));
    assert_eq!(log[0].code, None);
    assert_eq!(log[0].request_id, listed.request_id);
    assert_eq!(log[1].action, "DeleteServiceAccount");
    assert_eq!(log[1].code.as_deref(), refused.code_str());
    assert_eq!(Some(log[1].request_id.as_str()), refused.request_id());

    let (status, body) = control(&emulator, "GET", "calls", b"");
    assert_eq!(status, 200);
    let over_http: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(over_http[1]["action"], "DeleteServiceAccount");
    assert_eq!(over_http[0]["code"], serde_json::Value::Null);

    emulator.reset();
    assert!(emulator.call_log().is_empty());
}

#[tokio::test]
async fn a_fault_ordered_for_one_account_leaves_the_others_alone() {
    use tcr_api::ErrorCode;
    use tcr_emulator::{Credential, FaultSpec};

    let emulator = Emulator::builder()
        .credentials([
            Credential::new("AKIDFIRST", "first-key"),
            Credential::new("AKIDSECOND", "second-key").account("200000000002"),
        ])
        .start()
        .unwrap();
    let client = |id: &str, key: &str| {
        tcr_api::Client::builder()
            .credentials(Credentials::new(id, key).unwrap())
            .region("ap-guangzhou")
            .endpoint_url(emulator.endpoint())
            .build()
            .unwrap()
    };
    let (first, second) = (
        client("AKIDFIRST", "first-key"),
        client("AKIDSECOND", "second-key"),
    );
    emulator
        .inject(
            FaultSpec::fail(ErrorCode::ResourceUnavailable)
                .on_action("DescribeServiceAccounts")
                .for_account("200000000002")
                .always(),
        )
        .unwrap();
    let listing = |client: &tcr_api::Client| {
        client
            .describe_service_accounts()
            .registry_id(REGISTRY)
            .send()
    };
    assert!(
        listing(&first).await.is_ok(),
        "another account is not touched"
    );
    let error = listing(&second).await.unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::ResourceUnavailable));
    assert!(listing(&first).await.is_ok());
}
