//! The typed client against the in-process emulator, end to end over loopback: the calls
//! succeed, and every kind of refusal comes back with its documented code.

use std::num::NonZeroU32;
use std::time::{Duration, SystemTime};

use tcr_api::actions::CreateServiceAccountRequest;
use tcr_api::client::{RateLimit, RetryConfig};
use tcr_api::credentials::Credentials;
use tcr_api::types::{Permission, PermissionAction};
use tcr_api::{ErrorCode, Outcome};
use tcr_emulator::{Emulator, FaultSpec};

const REGISTRY: &str = "tcr-abcd1234";

fn client_for(emulator: &Emulator) -> tcr_api::Client {
    let credential = emulator.credential();
    builder(
        &emulator.endpoint(),
        Credentials::new(credential.secret_id(), credential.secret_key()).unwrap(),
    )
    .build()
    .unwrap()
}

fn builder(
    endpoint: &str,
    credentials: Credentials,
) -> tcr_api::client::ClientBuilder<tcr_api::Client> {
    tcr_api::Client::builder()
        .credentials(credentials)
        .region("ap-guangzhou")
        .endpoint_url(endpoint)
        .retry(RetryConfig {
            max_attempts: 1,
            ..RetryConfig::default()
        })
}

async fn create(
    client: &tcr_api::Client,
    name: &str,
) -> Result<tcr_api::actions::CreateServiceAccountResponse, tcr_api::Error> {
    client
        .create_service_account()
        .registry_id(REGISTRY)
        .name(name)
        .permission(Permission::new(
            "apps",
            [
                PermissionAction::PushRepository,
                PermissionAction::PullRepository,
            ],
        ))
        .duration(30)
        .send()
        .await
}

#[tokio::test]
async fn create_then_rotate_randomly_and_to_a_chosen_password() {
    let emulator = Emulator::start().unwrap();
    let client = client_for(&emulator);
    let created = create(&client, "ci-robot").await.unwrap();
    assert_eq!(created.name, "tcr$ci-robot");
    let first = created.password;
    let stored = emulator.account(REGISTRY, "ci-robot").unwrap();
    assert!(stored.password_matches(first.expose_str()));
    assert!(created.expires_at.get() > tcr_api::primitives::UnixMillis::now().get());

    let random = client
        .modify_service_account_password()
        .registry_id(REGISTRY)
        .name("tcr$ci-robot")
        .random(true)
        .send()
        .await
        .unwrap();
    let second = random.password.unwrap();
    assert_ne!(second.expose_str(), first.expose_str());
    assert!(
        emulator
            .account(REGISTRY, "ci-robot")
            .unwrap()
            .password_matches(second.expose_str())
    );

    let chosen = client
        .modify_service_account_password()
        .registry_id(REGISTRY)
        .name("ci-robot")
        .random(false)
        .password("Chosen1Password")
        .send()
        .await
        .unwrap();
    assert_eq!(chosen.password.unwrap().expose_str(), "Chosen1Password");
    assert!(
        emulator
            .account(REGISTRY, "ci-robot")
            .unwrap()
            .password_matches("Chosen1Password")
    );
}

#[tokio::test]
async fn a_wrong_key_and_an_unknown_secret_id_are_refused() {
    let emulator = Emulator::start().unwrap();
    let id = emulator.credential().secret_id().to_owned();
    let wrong_key = builder(
        &emulator.endpoint(),
        Credentials::new(id, "not-the-key").unwrap(),
    )
    .build()
    .unwrap();
    let error = create(&wrong_key, "robot").await.unwrap_err();
    assert_eq!(
        error.code(),
        Some(ErrorCode::AuthFailureSignatureFailure),
        "{error}"
    );
    let unknown = builder(
        &emulator.endpoint(),
        Credentials::new("AKIDUNKNOWN", "whatever").unwrap(),
    )
    .build()
    .unwrap();
    let error = create(&unknown, "robot").await.unwrap_err();
    assert_eq!(
        error.code(),
        Some(ErrorCode::AuthFailureSecretIdNotFound),
        "{error}"
    );
    assert!(emulator.accounts(REGISTRY).is_empty());
}

#[tokio::test]
async fn a_timestamp_six_minutes_old_is_refused_and_the_message_says_to_check_the_clock() {
    let emulator = Emulator::start().unwrap();
    let credential = emulator.credential();
    let client = builder(
        &emulator.endpoint(),
        Credentials::new(credential.secret_id(), credential.secret_key()).unwrap(),
    )
    .clock(|| SystemTime::now() - Duration::from_secs(6 * 60))
    .build()
    .unwrap();
    let error = create(&client, "robot").await.unwrap_err();
    assert_eq!(
        error.code(),
        Some(ErrorCode::AuthFailureSignatureExpire),
        "{error}"
    );
    assert!(
        error.to_string().contains("Check this machine's clock"),
        "{error}"
    );
}

#[tokio::test]
async fn a_body_tampered_with_in_transit_is_refused() {
    let emulator = Emulator::start().unwrap();
    let proxy = tamper::proxy(emulator.addr(), b"\"robot\"", b"\"r0bot\"").await;
    let credential = emulator.credential();
    let client = builder(
        &proxy,
        Credentials::new(credential.secret_id(), credential.secret_key()).unwrap(),
    )
    .build()
    .unwrap();
    let error = create(&client, "robot").await.unwrap_err();
    assert_eq!(
        error.code(),
        Some(ErrorCode::AuthFailureSignatureFailure),
        "{error}"
    );
    assert!(
        emulator.accounts(REGISTRY).is_empty(),
        "a tampered request must not be performed"
    );

    // The same path without the change goes through: the refusal was the tampering's doing.
    let faithful = tamper::proxy(emulator.addr(), b"\"robot\"", b"\"robot\"").await;
    let client = builder(
        &faithful,
        Credentials::new(credential.secret_id(), credential.secret_key()).unwrap(),
    )
    .build()
    .unwrap();
    create(&client, "robot").await.unwrap();
    assert_eq!(emulator.accounts(REGISTRY).len(), 1);
}

#[tokio::test]
async fn a_bad_password_that_skips_client_validation_is_refused_by_the_emulator() {
    let emulator = Emulator::start().unwrap();
    let credential = emulator.credential();
    let client = builder(
        &emulator.endpoint(),
        Credentials::new(credential.secret_id(), credential.secret_key()).unwrap(),
    )
    .validate_requests(false)
    .build()
    .unwrap();
    create(&client, "robot").await.unwrap();
    let error = client
        .modify_service_account_password()
        .registry_id(REGISTRY)
        .name("robot")
        .random(false)
        .password("alllowercase")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::InvalidParameter), "{error}");
    assert!(
        error
            .to_string()
            .contains("Password: must contain at least one uppercase letter"),
        "{error}"
    );
}

#[tokio::test]
async fn the_emulator_enforces_the_spec_rate_limit() {
    let emulator = Emulator::start().unwrap();
    let credential = emulator.credential();
    let client = builder(
        &emulator.endpoint(),
        Credentials::new(credential.secret_id(), credential.secret_key()).unwrap(),
    )
    .rate_limit(RateLimit::Off)
    .build()
    .unwrap();
    let calls = (0..60).map(|i| {
        let client = client.clone();
        tokio::spawn(async move { create(&client, &format!("burst-{i}")).await })
    });
    let mut limited = 0;
    for call in calls {
        if let Err(error) = call.await.unwrap() {
            assert_eq!(
                error.code(),
                Some(ErrorCode::RequestLimitExceeded),
                "{error}"
            );
            limited += 1;
        }
    }
    assert!(
        limited >= 1,
        "30 creates at once passed a limit of 20 per second"
    );
    assert_eq!(emulator.accounts(REGISTRY).len(), 60 - limited);
}

#[tokio::test]
async fn the_client_side_limit_and_safe_retries_carry_a_burst_through_the_emulators_limit() {
    let emulator = Emulator::start().unwrap();
    let credential = emulator.credential();
    // The client paces itself at the spec's 20 per second; the emulator's bucket may still see
    // two requests a few milliseconds too close, and answers RequestLimitExceeded, which the
    // client sends again (the server refused before acting, so even a create is safe to repeat).
    let client = builder(
        &emulator.endpoint(),
        Credentials::new(credential.secret_id(), credential.secret_key()).unwrap(),
    )
    .retry(RetryConfig::default())
    .build()
    .unwrap();
    let calls: Vec<_> = (0..30)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move { create(&client, &format!("paced-{i}")).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(emulator.accounts(REGISTRY).len(), 30);
}

#[tokio::test]
async fn a_create_performed_then_cut_off_is_not_sent_again() {
    let emulator = Emulator::start().unwrap();
    emulator
        .inject(FaultSpec::close_after_perform().on::<CreateServiceAccountRequest>())
        .unwrap();
    let credential = emulator.credential();
    let client = builder(
        &emulator.endpoint(),
        Credentials::new(credential.secret_id(), credential.secret_key()).unwrap(),
    )
    .retry(RetryConfig {
        max_attempts: 5,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(2),
    })
    .build()
    .unwrap();
    let error = create(&client, "once").await.unwrap_err();
    assert_eq!(error.outcome(), Outcome::Unknown);
    assert!(error.to_string().contains("outcome unknown"), "{error}");
    assert_eq!(
        emulator.accounts(REGISTRY).len(),
        1,
        "performed exactly once"
    );
}

#[tokio::test]
async fn a_rotation_cut_off_after_it_was_performed_is_sent_again_and_succeeds() {
    let emulator = Emulator::start().unwrap();
    let credential = emulator.credential();
    let client = builder(
        &emulator.endpoint(),
        Credentials::new(credential.secret_id(), credential.secret_key()).unwrap(),
    )
    .retry(RetryConfig {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(2),
    })
    .build()
    .unwrap();
    create(&client, "robot").await.unwrap();
    emulator
        .inject(
            FaultSpec::close_after_perform()
                .on::<tcr_api::actions::ModifyServiceAccountPasswordRequest>(),
        )
        .unwrap();
    let answer = client
        .modify_service_account_password()
        .registry_id(REGISTRY)
        .name("robot")
        .random(false)
        .password("Second1Password")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.password.unwrap().expose_str(), "Second1Password");
    assert!(
        emulator
            .account(REGISTRY, "robot")
            .unwrap()
            .password_matches("Second1Password")
    );
}

#[tokio::test]
async fn a_thousand_concurrent_creates_leave_exactly_a_thousand_accounts() {
    let emulator = Emulator::builder()
        .rate_limit(RateLimit::Off)
        .quota_per_registry(2000)
        .log_requests(false)
        .start()
        .unwrap();
    let credential = emulator.credential();
    let client = builder(
        &emulator.endpoint(),
        Credentials::new(credential.secret_id(), credential.secret_key()).unwrap(),
    )
    .rate_limit(RateLimit::PerSecond(NonZeroU32::new(1_000_000).unwrap()))
    .build()
    .unwrap();
    let calls: Vec<_> = (0..1000)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                create(&client, &format!("robot-{i:04}"))
                    .await
                    .map(|a| a.name)
            })
        })
        .collect();
    let mut names = Vec::new();
    for call in calls {
        names.push(call.await.unwrap().unwrap());
    }
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 1000);
    let mut stored: Vec<String> = emulator
        .accounts(REGISTRY)
        .into_iter()
        .map(|a| a.name)
        .collect();
    stored.sort();
    assert_eq!(stored, names, "none lost, none doubled");
}

/// A loopback proxy that changes bytes of each request body on the way, keeping its length.
mod tamper {
    use std::net::SocketAddr;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::{TcpListener, TcpStream};

    pub async fn proxy(upstream: SocketAddr, from: &'static [u8], to: &'static [u8]) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut buffer = vec![0u8; 64 * 1024];
                    let mut request = Vec::new();
                    loop {
                        let n = inbound.read(&mut buffer).await.unwrap_or(0);
                        if n == 0 {
                            return;
                        }
                        request.extend_from_slice(&buffer[..n]);
                        if complete(&request) {
                            break;
                        }
                    }
                    if let Some(at) = request.windows(from.len()).rposition(|w| w == from) {
                        request[at..at + to.len()].copy_from_slice(to);
                    }
                    let Ok(mut outbound) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    let _ = outbound.write_all(&request).await;
                    let mut answer = Vec::new();
                    while !complete(&answer) {
                        match outbound.read(&mut buffer).await {
                            Ok(0) | Err(_) => break,
                            Ok(n) => answer.extend_from_slice(&buffer[..n]),
                        }
                    }
                    let _ = inbound.write_all(&answer).await;
                });
            }
        });
        url
    }

    fn complete(request: &[u8]) -> bool {
        let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") else {
            return false;
        };
        let head = String::from_utf8_lossy(&request[..end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| {
                l.strip_prefix("content-length:")
                    .map(|v| v.trim().parse().unwrap_or(0))
            })
            .unwrap_or(0);
        request.len() >= end + 4 + length
    }
}

/// `EmulatorBuilder::spawn` serves on the test's own runtime (here a current-thread one, as
/// `#[tokio::test]` makes): client and emulator take turns on one thread.
#[tokio::test]
async fn the_emulator_serves_on_the_tests_own_runtime() {
    let emulator = Emulator::builder().spawn().unwrap();
    let client = client_for(&emulator);
    let created = create(&client, "same-thread").await.unwrap();
    assert_eq!(created.name, "tcr$same-thread");
    let listed = client
        .describe_service_accounts()
        .registry_id(REGISTRY)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.total_count, 1);
    assert_eq!(emulator.accounts(REGISTRY).len(), 1);
    emulator.shutdown();
}

#[test]
fn spawning_outside_a_runtime_is_an_error_not_a_panic() {
    let error = Emulator::builder().spawn().unwrap_err();
    assert!(error.to_string().contains("runtime"), "{error}");
}
