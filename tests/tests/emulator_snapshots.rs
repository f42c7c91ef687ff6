//! Taking and restoring the emulator's state, through the handle and the control path: a test
//! returns to a known point without restarting, and secrets never leave as plain text.

use std::io::{Read, Write};

use tcr_api::credentials::Credentials;
use tcr_api::types::{Permission, PermissionAction};
use tcr_emulator::Emulator;

const REGISTRY: &str = "tcr-snap5h0t";

fn client_for(emulator: &Emulator) -> tcr_api::Client {
    let credential = emulator.credential();
    tcr_api::Client::builder()
        .credentials(Credentials::new(credential.secret_id(), credential.secret_key()).unwrap())
        .region("ap-guangzhou")
        .endpoint_url(emulator.endpoint())
        .build()
        .unwrap()
}

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
