//! The `tcr-emulator` binary: the first line gives the address; the environment's credentials.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::Duration;

use tcr_api::signing::{SigningInput, sign};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use crate::client::{exchange, now, parse};
use crate::create_body;

#[tokio::test]
async fn the_binary_prints_its_address_first_and_takes_credentials_from_the_environment() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tcr-emulator"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--quiet",
            "--max-connections",
            "1",
        ])
        .args(["--max-body-memory", "1"])
        .env("TENCENTCLOUD_SECRET_ID", "AKIDfromenv")
        .env("TENCENTCLOUD_SECRET_KEY", "key-from-env")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let endpoint = first.strip_prefix("listening on http://").expect(&first);
    let addr: SocketAddr = endpoint.parse().unwrap();
    assert_ne!(addr.port(), 0);
    let second = lines.next().unwrap().unwrap();
    assert!(second.contains("AKIDfromenv"), "{second}");
    assert!(
        !second.contains("key-from-env"),
        "the key is never printed: {second}"
    );

    let body = serde_json::to_vec(&create_body("bin")).unwrap();
    let timestamp = now();
    let signed = sign(
        "AKIDfromenv",
        "key-from-env",
        &SigningInput {
            service: "tcr",
            host: endpoint,
            content_type: "application/json",
            timestamp,
            body: &body,
        },
    );
    let mut request = format!(
        "POST / HTTP/1.1\r\nHost: {endpoint}\r\nContent-Type: application/json\r\n\
         Authorization: {}\r\nX-TC-Action: CreateServiceAccount\r\nX-TC-Version: 2019-09-24\r\n\
         X-TC-Timestamp: {timestamp}\r\nX-TC-Region: ap-guangzhou\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        signed.authorization(),
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(&body);

    // With --max-connections 1, a connection reading a head keeps the only place: the call
    // waits until it goes.
    let mut stalled = TcpStream::connect(addr).await.unwrap();
    stalled
        .write_all(b"POST / HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let call = tokio::spawn(async move { exchange(addr, &request).await });
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!call.is_finished(), "served beyond --max-connections");
    drop(stalled);
    let reply = parse(&call.await.unwrap().unwrap());
    child.kill().unwrap();
    let _ = child.wait();
    assert_eq!(reply.json["Response"]["Name"], "tcr$bin", "{}", reply.json);
}

#[test]
fn the_binary_refuses_limits_below_one() {
    for flag in ["--max-connections", "--max-body-memory"] {
        let output = Command::new(env!("CARGO_BIN_EXE_tcr-emulator"))
            .args(["--listen", "127.0.0.1:0", "--quiet", flag, "0"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{flag}: {stderr}");
        assert!(output.stdout.is_empty(), "{flag}: nothing is served");
        assert!(
            stderr.contains(flag) && stderr.contains("1 or more"),
            "{flag}: {stderr}"
        );
    }
}

#[test]
fn the_binary_refuses_a_corrupt_state_file_naming_it_and_leaves_it_as_it_is() {
    let dir = std::env::temp_dir().join(format!("tcr-emulator-binary-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.json");
    let content = b"{\"format_version\": 7}";
    std::fs::write(&path, content).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_tcr-emulator"))
        .args(["--listen", "127.0.0.1:0", "--quiet", "--state"])
        .arg(&path)
        .env_remove("TENCENTCLOUD_SECRET_ID")
        .env_remove("TENCENTCLOUD_SECRET_KEY")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(output.stdout.is_empty(), "nothing is served");
    assert!(
        stderr.contains(&path.display().to_string()) && stderr.contains("format version 7"),
        "{stderr}"
    );
    assert!(!stderr.contains("cannot listen"), "{stderr}");
    assert_eq!(std::fs::read(&path).unwrap(), content);
    let _ = std::fs::remove_dir_all(&dir);
}
