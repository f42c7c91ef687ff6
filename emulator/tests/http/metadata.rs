//! The CVM metadata service of the emulator: the role's name, its credentials as CVM serves
//! them, and 404 when no role is bound.

use serde_json::{Value, json};
use tcr_emulator::{CREDENTIALS_PATH, Emulator, Issuer};

use crate::client::{Request, exchange, now};

/// `GET path`: status, content type and body.
async fn get(emulator: &Emulator, method: &str, path: &str) -> (u16, String, Vec<u8>) {
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        emulator.host()
    );
    let raw = exchange(emulator.addr(), request.as_bytes()).await.unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let content_type = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-type:")
                .map(|v| v.trim().to_owned())
        })
        .unwrap_or_default();
    (status, content_type, raw[split + 4..].to_vec())
}

#[tokio::test]
async fn serves_the_role_and_credentials_that_sign_tcr_calls() {
    let emulator = Emulator::builder().instance_role("cvm-ci").start().unwrap();
    assert!(emulator.metadata_url().ends_with(CREDENTIALS_PATH));
    let (status, content_type, body) = get(&emulator, "GET", CREDENTIALS_PATH).await;
    assert_eq!(
        (status, content_type.as_str(), body.as_slice()),
        (200, "text/plain", b"cvm-ci".as_slice())
    );

    let before = now();
    let (status, content_type, body) =
        get(&emulator, "GET", &format!("{CREDENTIALS_PATH}cvm-ci")).await;
    assert_eq!((status, content_type.as_str()), (200, "application/json"));
    let document: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(document["Code"], "Success");
    let expired = document["ExpiredTime"].as_i64().unwrap();
    assert!(
        (before + 7200..=before + 7205).contains(&expired),
        "{document}"
    );
    assert!(document["Expiration"].as_str().unwrap().ends_with('Z'));
    let id = document["TmpSecretId"].as_str().unwrap();
    let key = document["TmpSecretKey"].as_str().unwrap();
    let token = document["Token"].as_str().unwrap();
    assert_eq!(
        emulator.issued_credentials()[0].issuer,
        Issuer::InstanceRole {
            role: "cvm-ci".into()
        }
    );

    Request::new(
        &emulator,
        "DescribeServiceAccounts",
        json!({"RegistryId": crate::REGISTRY}),
    )
    .signed_with(id, key, Some(token))
    .call()
    .await
    .ok();
    assert_eq!(emulator.metadata_calls(), 2);
}

#[tokio::test]
async fn no_role_other_roles_paths_and_methods() {
    let bare = Emulator::start().unwrap();
    assert_eq!(get(&bare, "GET", CREDENTIALS_PATH).await.0, 404);
    assert_eq!(
        get(&bare, "GET", "/latest/meta-data/cam/security-credentials")
            .await
            .0,
        404
    );

    let emulator = Emulator::builder().instance_role("cvm-ci").start().unwrap();
    assert_eq!(
        get(
            &emulator,
            "GET",
            "/latest/meta-data/cam/security-credentials"
        )
        .await
        .0,
        200
    );
    assert_eq!(
        get(&emulator, "GET", &format!("{CREDENTIALS_PATH}other"))
            .await
            .0,
        404
    );
    assert_eq!(
        get(&emulator, "GET", "/latest/meta-data/placement/region")
            .await
            .0,
        404
    );
    assert_eq!(get(&emulator, "POST", CREDENTIALS_PATH).await.0, 405);
    assert!(emulator.issued_credentials().is_empty());
}
