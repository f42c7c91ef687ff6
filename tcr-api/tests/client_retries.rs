//! Retries only where they are safe, against a scripted server: a create that may have landed
//! is never sent twice; a password rotation is; a refusal before acting is retried for any
//! action; invalid requests never leave.

mod support;

use support::{Reply, start};
use tcr_api::types::{Permission, PermissionAction};
use tcr_api::{Error, Outcome};

const LIMITED: &str = r#"{"Response": {"Error": {"Code": "RequestLimitExceeded", "Message": "slow down"}, "RequestId": "r-limit"}}"#;
const CREATED: &str = r#"{"Response": {"Name": "tcr$robot", "Password": "Gen3ratedPassw0rd", "ExpiresAt": 0, "CreateTime": "2024-01-01T00:00:00+08:00", "RequestId": "r-ok"}}"#;
const ROTATED: &str = r#"{"Response": {"Password": "NewPass123", "RequestId": "r-rot"}}"#;

async fn create(
    client: &tcr_api::Client,
) -> Result<tcr_api::actions::CreateServiceAccountResponse, Error> {
    client
        .create_service_account()
        .registry_id("tcr-abcd1234")
        .name("robot")
        .permission(Permission::new("ns1", [PermissionAction::PushRepository]))
        .send()
        .await
}

#[tokio::test]
async fn a_create_that_may_have_landed_is_attempted_exactly_once() {
    let server = start(vec![Reply::Close]).await;
    let error = create(&support::client(&server.url, 5)).await.unwrap_err();
    assert_eq!(server.requests().len(), 1, "the create was sent again");
    assert_eq!(error.outcome(), Outcome::Unknown);
    let message = error.to_string();
    assert!(message.contains("outcome unknown"), "{message}");
    assert!(
        message.contains("not sent again because the action is not safe to re-send"),
        "{message}"
    );
}

#[tokio::test]
async fn a_rotation_that_may_have_landed_is_sent_again() {
    let server = start(vec![
        Reply::Close,
        Reply::Close,
        Reply::Json(ROTATED.into()),
    ])
    .await;
    let client = support::client(&server.url, 3);
    let answer = client
        .modify_service_account_password()
        .registry_id("tcr-abcd1234")
        .name("robot")
        .random(true)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.password.unwrap().expose_str(), "NewPass123");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(
        requests[0].body, requests[2].body,
        "the same request is sent again"
    );
}

#[tokio::test]
async fn a_refusal_before_acting_is_retried_even_for_a_create() {
    let server = start(vec![
        Reply::Json(LIMITED.into()),
        Reply::Json(CREATED.into()),
    ])
    .await;
    let answer = create(&support::client(&server.url, 3)).await.unwrap();
    assert_eq!(answer.name, "tcr$robot");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn each_attempt_is_signed_afresh() {
    let server = start(vec![Reply::Json(LIMITED.into())]).await;
    let seconds = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(1_700_000_000));
    let clock = seconds.clone();
    let client = tcr_api::Client::builder()
        .credentials(tcr_api::credentials::Credentials::new("AKIDTEST", "SECRETTEST").unwrap())
        .endpoint_url(&server.url)
        .retry(tcr_api::client::RetryConfig {
            max_attempts: 2,
            initial_backoff: std::time::Duration::ZERO,
            max_backoff: std::time::Duration::ZERO,
        })
        .clock(move || {
            std::time::UNIX_EPOCH
                + std::time::Duration::from_secs(
                    clock.fetch_add(7, std::sync::atomic::Ordering::SeqCst),
                )
        })
        .build()
        .unwrap();
    let error = create(&client).await.unwrap_err();
    assert_eq!(error.code(), Some(tcr_api::ErrorCode::RequestLimitExceeded));
    assert_eq!(error.request_id(), Some("r-limit"));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].header("x-tc-timestamp").as_deref(),
        Some("1700000000")
    );
    assert_eq!(
        requests[1].header("x-tc-timestamp").as_deref(),
        Some("1700000007")
    );
    assert_ne!(
        requests[0].header("authorization"),
        requests[1].header("authorization")
    );
}

#[tokio::test]
async fn service_errors_that_are_not_transient_are_not_retried() {
    let invalid = r#"{"Response": {"Error": {"Code": "InvalidParameter", "Message": "bad name"}, "RequestId": "r-bad"}}"#;
    let server = start(vec![Reply::Json(invalid.into())]).await;
    let error = support::client(&server.url, 3)
        .modify_service_account_password()
        .registry_id("tcr-abcd1234")
        .name("robot")
        .random(true)
        .send()
        .await
        .unwrap_err();
    assert_eq!(server.requests().len(), 1);
    assert_eq!(error.outcome(), Outcome::Refused);
    assert_eq!(
        error.to_string(),
        "ModifyServiceAccountPassword failed with InvalidParameter: bad name (RequestId r-bad). A parameter is wrong. Check it and try again."
    );
}

#[tokio::test]
async fn a_connection_that_cannot_be_made_is_retried_and_says_nothing_was_sent() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let error = create(&support::client(&url, 3)).await.unwrap_err();
    assert_eq!(error.outcome(), Outcome::NotSent);
    let message = error.to_string();
    assert!(
        message.starts_with("CreateServiceAccount was not sent: the connection failed"),
        "{message}"
    );
    assert!(message.contains("3 attempts"), "{message}");
}

#[tokio::test]
async fn a_missing_password_fails_before_anything_is_sent() {
    let server = start(vec![Reply::Json(ROTATED.into())]).await;
    let error = support::client(&server.url, 3)
        .modify_service_account_password()
        .registry_id("tcr-abcd1234")
        .name("robot")
        .random(false)
        .send()
        .await
        .unwrap_err();
    assert_eq!(server.requests().len(), 0);
    assert_eq!(error.outcome(), Outcome::NotSent);
    assert_eq!(
        error.to_string(),
        "ModifyServiceAccountPassword was not sent: the request breaks the spec's rules: Password: is required when `Random` is false"
    );
}

#[tokio::test]
async fn validation_can_be_turned_off_for_a_relaxed_server() {
    let server = start(vec![Reply::Json(ROTATED.into())]).await;
    let client = tcr_api::Client::builder()
        .credentials(tcr_api::credentials::Credentials::new("AKIDTEST", "SECRETTEST").unwrap())
        .endpoint_url(&server.url)
        .validate_requests(false)
        .build()
        .unwrap();
    client
        .modify_service_account_password()
        .registry_id("r")
        .name("robot")
        .random(false)
        .password("short")
        .send()
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn answers_are_decoded_whatever_their_content_type_and_bad_ones_are_reported() {
    let server = start(vec![Reply::Status(502, "<html>bad gateway</html>".into())]).await;
    let error = support::client(&server.url, 1)
        .modify_service_account_password()
        .registry_id("r")
        .name("robot")
        .random(true)
        .send()
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("HTTP 502") && message.contains("bad gateway"),
        "{message}"
    );
}

#[tokio::test]
async fn the_client_side_rate_limit_spaces_calls_out() {
    let server = start(vec![Reply::Json(ROTATED.into())]).await;
    let client = tcr_api::Client::builder()
        .credentials(tcr_api::credentials::Credentials::new("AKIDTEST", "SECRETTEST").unwrap())
        .endpoint_url(&server.url)
        .rate_limit(tcr_api::client::RateLimit::PerSecond(
            std::num::NonZeroU32::new(10).unwrap(),
        ))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    for _ in 0..15 {
        client
            .modify_service_account_password()
            .registry_id("r")
            .name("robot")
            .random(true)
            .send()
            .await
            .unwrap();
    }
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(400),
        "15 calls at 10/s took {:?}",
        started.elapsed()
    );
}
