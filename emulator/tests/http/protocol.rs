//! Authentication, routing and the shape of every answer.

use std::collections::HashSet;

use serde_json::json;
use tcr_emulator::{Emulator, MAX_BODY_BYTES};

use crate::client::{Request, exchange, parse};
use crate::{REGISTRY, create_body};

fn create(emulator: &Emulator) -> Request {
    Request::new(emulator, "CreateServiceAccount", create_body("robot"))
}

#[tokio::test]
async fn wrong_key_unknown_id_and_tampered_body_are_refused() {
    let emulator = Emulator::start().unwrap();

    let mut request = create(&emulator);
    request.secret_key = "not-the-key".into();
    let reply = request.call().await;
    reply.fails_with("AuthFailure.SignatureFailure");
    assert!(!reply.message().contains("not-the-key"));

    let mut request = create(&emulator);
    request.secret_id = "AKIDunknown".into();
    let reply = request.call().await;
    reply.fails_with("AuthFailure.SecretIdNotFound");
    assert!(
        reply.message().contains("AKIDunknown"),
        "{}",
        reply.message()
    );

    let mut request = create(&emulator);
    let mut tampered = request.body.clone();
    let at = tampered.iter().position(|&b| b == b'3').unwrap(); // "Duration": 30
    tampered[at] = b'9';
    request.sent_body = Some(tampered);
    request
        .call()
        .await
        .fails_with("AuthFailure.SignatureFailure");

    // One more byte of whitespace is another body too.
    let mut request = create(&emulator);
    let mut spaced = request.body.clone();
    spaced.push(b' ');
    request.sent_body = Some(spaced);
    request
        .call()
        .await
        .fails_with("AuthFailure.SignatureFailure");

    assert!(emulator.accounts(REGISTRY).is_empty());
}

#[tokio::test]
async fn timestamps_more_than_five_minutes_off_are_refused() {
    let emulator = Emulator::start().unwrap();
    let mut request = create(&emulator);
    request.timestamp -= 360;
    let reply = request.call().await;
    reply.fails_with("AuthFailure.SignatureExpire");
    assert!(
        reply.message().contains("360 seconds behind"),
        "{}",
        reply.message()
    );
    let mut request = create(&emulator);
    request.timestamp += 360;
    request
        .call()
        .await
        .fails_with("AuthFailure.SignatureExpire");
    let mut request = create(&emulator);
    request.timestamp -= 240;
    request.call().await.ok();
}

#[tokio::test]
async fn malformed_or_missing_authorization_and_timestamp() {
    let emulator = Emulator::start().unwrap();
    let mut request = create(&emulator);
    request.authorization = Some(String::new());
    let reply = request.call().await;
    reply.fails_with("AuthFailure.SignatureFailure");
    assert!(reply.message().contains("missing"), "{}", reply.message());

    for bad in [
        "Bearer abc",
        "TC3-HMAC-SHA256 Credential=AKIDTCREMULATOR/2024-01-01/tcr/tc3_request",
        "TC3-HMAC-SHA256 Credential=AKIDTCREMULATOR/2024-01-01/tcr/tc3_request, SignedHeaders=host, Signature=00",
    ] {
        let mut request = create(&emulator);
        request.authorization = Some(bad.into());
        let reply = request.call().await;
        reply.fails_with("AuthFailure.SignatureFailure");
        assert!(reply.message().contains("malformed"), "{}", reply.message());
    }

    let mut request = create(&emulator);
    request.timestamp_header = Some(String::new());
    let reply = request.call().await;
    reply.fails_with("MissingParameter");
    assert!(
        reply.message().contains("X-TC-Timestamp"),
        "{}",
        reply.message()
    );
    let mut request = create(&emulator);
    request.timestamp_header = Some("yesterday".into());
    request.call().await.fails_with("InvalidParameter");

    // A credential scope dated another day than X-TC-Timestamp.
    let mut request = create(&emulator);
    let good = request.to_bytes();
    let text = String::from_utf8(good).unwrap();
    let auth_line = text
        .lines()
        .find(|l| l.starts_with("Authorization"))
        .unwrap();
    let date = auth_line.split('/').nth(1).unwrap().to_owned();
    request.authorization = Some(
        auth_line
            .trim_start_matches("Authorization: ")
            .replace(&date, "2001-01-01"),
    );
    request
        .call()
        .await
        .fails_with("AuthFailure.SignatureFailure");
}

#[tokio::test]
async fn actions_and_versions() {
    let emulator = Emulator::start().unwrap();
    let mut request = create(&emulator);
    request.action = Some("DeleteEverything".into());
    let reply = request.call().await;
    reply.fails_with("InvalidAction");
    assert!(
        reply.message().contains("DeleteEverything"),
        "{}",
        reply.message()
    );

    let mut request = create(&emulator);
    request.action = None;
    request.call().await.fails_with("MissingParameter");

    let mut request = create(&emulator);
    request.version = Some("2018-01-01".into());
    let reply = request.call().await;
    reply.fails_with("NoSuchVersion");
    assert!(
        reply.message().contains("2019-09-24"),
        "{}",
        reply.message()
    );

    let mut request = create(&emulator);
    request.version = None;
    request.call().await.fails_with("MissingParameter");
}

#[tokio::test]
async fn bodies_that_are_not_json_objects_or_too_large() {
    let emulator = Emulator::start().unwrap();
    let mut request = create(&emulator);
    request.body = b"RegistryId=tcr-abcd1234".to_vec();
    let reply = request.call().await;
    reply.fails_with("InvalidParameter");
    assert!(
        reply.message().contains("not valid JSON"),
        "{}",
        reply.message()
    );

    let mut request = create(&emulator);
    request.body = b"[1, 2]".to_vec();
    request.call().await.fails_with("InvalidParameter");

    let mut request = create(&emulator);
    request.body = vec![0xff, 0xfe, b'{'];
    request.call().await.fails_with("InvalidParameter");

    let mut request = create(&emulator);
    let mut big = create_body("robot");
    big["Description"] = json!("x".repeat(MAX_BODY_BYTES));
    request.body = serde_json::to_vec(&big).unwrap();
    let reply = request.call().await;
    reply.fails_with("LimitExceeded");
    assert!(reply.message().contains("1 MiB"), "{}", reply.message());

    let mut request = create(&emulator);
    request.content_type = "text/plain".into();
    request.call().await.fails_with("UnsupportedProtocol");
    // A charset parameter is fine (when signed as sent).
    let mut request = create(&emulator);
    request.content_type = "application/json; charset=utf-8".into();
    request.call().await.ok();
    assert_eq!(emulator.accounts(REGISTRY).len(), 1);
}

#[tokio::test]
async fn other_methods_and_paths_get_a_json_error_too() {
    let emulator = Emulator::start().unwrap();
    let raw = exchange(
        emulator.addr(),
        format!(
            "GET / HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            emulator.host()
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    let reply = parse(&raw);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(
        reply.json["Response"]["Error"]["Code"],
        "UnsupportedProtocol"
    );
    let mut request = create(&emulator);
    request.path = "/v2".into();
    request.call().await.fails_with("UnsupportedProtocol");
    // Garbage instead of HTTP: the connection is closed, and the emulator keeps serving.
    let _ = exchange(emulator.addr(), b"\x00\x01 not http\r\n\r\n").await;
    create(&emulator).call().await.ok();
}

#[tokio::test]
async fn a_longer_signed_header_list_is_accepted() {
    let emulator = Emulator::start().unwrap();
    let mut request = create(&emulator);
    request.sign_action = true;
    assert!(
        String::from_utf8_lossy(&request.to_bytes())
            .contains("SignedHeaders=content-type;host;x-tc-action")
    );
    request.call().await.ok();
    // The extra signed header is checked too.
    let mut request = Request::new(&emulator, "CreateServiceAccount", create_body("other"));
    request.sign_action = true;
    let signed = String::from_utf8(request.to_bytes()).unwrap();
    let forged = signed.replace(
        "X-TC-Action: CreateServiceAccount",
        "X-TC-Action: ModifyServiceAccountPassword",
    );
    let reply = parse(&exchange(emulator.addr(), forged.as_bytes()).await.unwrap());
    assert_eq!(
        reply.json["Response"]["Error"]["Code"],
        "AuthFailure.SignatureFailure"
    );
}

#[tokio::test]
async fn the_host_is_signed_as_received_port_included() {
    let emulator = Emulator::start().unwrap();
    // The client signs the Host it sends: 127.0.0.1:PORT.
    let request = create(&emulator);
    assert!(request.host.contains(':'));
    request.call().await.ok();
    // Signing the host without its port does not match what was received.
    let mut request = Request::new(&emulator, "CreateServiceAccount", create_body("b"));
    request.signed_host = Some("127.0.0.1".into());
    request
        .call()
        .await
        .fails_with("AuthFailure.SignatureFailure");
    // Any Host is fine as long as it is the one signed.
    let mut request = Request::new(&emulator, "CreateServiceAccount", create_body("c"));
    request.host = format!("localhost:{}", emulator.addr().port());
    request.call().await.ok();
    let mut request = Request::new(&emulator, "CreateServiceAccount", create_body("d"));
    request.host = "tcr.tencentcloudapi.com".into();
    request.call().await.ok();
}

#[tokio::test]
async fn every_answer_has_a_fresh_request_id() {
    let emulator = Emulator::start().unwrap();
    let mut ids = HashSet::new();
    for i in 0..5 {
        let reply = Request::new(
            &emulator,
            "CreateServiceAccount",
            create_body(&format!("r{i}")),
        )
        .call()
        .await;
        assert!(ids.insert(reply.request_id().to_owned()));
        let mut wrong = create(&emulator);
        wrong.secret_key = "x".into();
        assert!(ids.insert(wrong.call().await.request_id().to_owned()));
    }
}

#[tokio::test]
async fn other_credentials_and_shutdown() {
    let emulator = Emulator::builder()
        .credential("AKIDone", "key-one")
        .credential("AKIDtwo", "key-two")
        .start()
        .unwrap();
    let mut request = create(&emulator);
    assert_eq!(request.secret_id, "AKIDone");
    request.call().await.ok();
    request.secret_id = "AKIDtwo".into();
    request.secret_key = "key-two".into();
    request.body = serde_json::to_vec(&create_body("two")).unwrap();
    request.call().await.ok();
    request.secret_id = tcr_emulator::DEFAULT_SECRET_ID.into();
    request.secret_key = tcr_emulator::DEFAULT_SECRET_KEY.into();
    request
        .call()
        .await
        .fails_with("AuthFailure.SecretIdNotFound");
    let addr = emulator.addr();
    emulator.shutdown();
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn missing_host_and_huge_declared_lengths_get_clear_errors() {
    let emulator = Emulator::start().unwrap();
    let request = create(&emulator);
    let text = String::from_utf8(request.to_bytes()).unwrap();
    let without_host: String = text
        .split_inclusive("\r\n")
        .filter(|line| !line.starts_with("Host:"))
        .collect();
    // HTTP/1.1 requires a Host (RFC 9112, section 3.2): a bare 400, not an API answer.
    let raw = exchange(emulator.addr(), without_host.as_bytes())
        .await
        .unwrap();
    assert!(
        raw.starts_with(b"HTTP/1.1 400 Bad Request\r\n"),
        "{}",
        String::from_utf8_lossy(&raw)
    );
    // HTTP/1.0 does not: the signature check says what is missing.
    let raw = exchange(
        emulator.addr(),
        without_host.replacen("HTTP/1.1", "HTTP/1.0", 1).as_bytes(),
    )
    .await
    .unwrap();
    let reply = parse(&raw);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(
        reply.json["Response"]["Error"]["Code"],
        "AuthFailure.SignatureFailure"
    );
    assert!(
        reply.json["Response"]["Error"]["Message"]
            .as_str()
            .unwrap()
            .contains("host"),
        "{}",
        reply.json
    );

    // A Content-Length far beyond the limit is answered without reading the body.
    let head_only = text.split("\r\n\r\n").next().unwrap().replace(
        &format!("Content-Length: {}", request.body.len()),
        "Content-Length: 1000000000",
    );
    let raw = exchange(emulator.addr(), format!("{head_only}\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let reply = parse(&raw);
    assert_eq!(reply.json["Response"]["Error"]["Code"], "LimitExceeded");
    assert_eq!(reply.header("connection"), Some("close"));
    assert!(emulator.accounts(REGISTRY).is_empty());
}
