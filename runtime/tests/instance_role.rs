//! The CVM instance role provider against a local stand-in for the metadata service: role
//! discovery, the credentials document, "not found" versus failures, and a service that never
//! answers.

mod support;

use std::time::{Duration, UNIX_EPOCH};

use support::{Answer, serve};
use tencentcloud_runtime::credentials::{
    CredentialsError, InstanceRoleCredentials, MetadataProblem,
};

const BASE: &str = "/latest/meta-data/cam/security-credentials/";

fn document(code: &str) -> String {
    format!(
        r#"{{"TmpSecretId": "AKIDCVMROLE", "TmpSecretKey": "CVM-SECRET-KEY", "ExpiredTime": 1700000000,
           "Expiration": "2023-11-14T22:13:20Z", "Token": "CVM-TOKEN", "Code": "{code}"}}"#
    )
}

fn provider(url: &str) -> InstanceRoleCredentials {
    InstanceRoleCredentials::new()
        .with_base_url(format!("{url}{BASE}"))
        .with_timeouts(Duration::from_secs(2), Duration::from_millis(300))
}

#[tokio::test]
async fn finds_the_role_then_its_credentials() {
    let server = serve([
        (BASE, Answer::Status(200, "ci-runner\n".into())),
        (
            "/latest/meta-data/cam/security-credentials/ci-runner",
            Answer::Status(200, document("Success")),
        ),
    ])
    .await;
    let credentials = provider(&server.url).load().await.unwrap();
    assert_eq!(credentials.secret_id(), "AKIDCVMROLE");
    assert_eq!(credentials.secret_key().expose_str(), "CVM-SECRET-KEY");
    assert_eq!(credentials.token().unwrap().expose_str(), "CVM-TOKEN");
    assert_eq!(
        credentials.expiry(),
        Some(UNIX_EPOCH + Duration::from_secs(1_700_000_000))
    );
    assert_eq!(
        server.hits(),
        [BASE, "/latest/meta-data/cam/security-credentials/ci-runner"]
    );
    let debug = format!("{credentials:?}");
    assert!(
        !debug.contains("CVM-SECRET-KEY") && !debug.contains("CVM-TOKEN"),
        "{debug}"
    );

    // A role named by the program is asked directly.
    let server = serve([(
        "/latest/meta-data/cam/security-credentials/named",
        Answer::Status(200, document("Success")),
    )])
    .await;
    let credentials = provider(&server.url)
        .with_role_name("named")
        .load()
        .await
        .unwrap();
    assert_eq!(credentials.secret_id(), "AKIDCVMROLE");
    assert_eq!(
        server.hits(),
        ["/latest/meta-data/cam/security-credentials/named"]
    );
}

#[tokio::test]
async fn no_role_bound_is_not_found_and_other_answers_are_errors() {
    // 404 for the role list: no role bound, a chain moves on.
    let server = serve([]).await;
    let error = provider(&server.url).load().await.unwrap_err();
    assert!(error.is_not_found(), "{error}");
    assert!(
        error
            .to_string()
            .contains("no CAM role is bound to this instance"),
        "{error}"
    );

    // A document that says something other than Success.
    let server = serve([
        (BASE, Answer::Status(200, "r".into())),
        (
            "/latest/meta-data/cam/security-credentials/r",
            Answer::Status(200, document("Failure")),
        ),
    ])
    .await;
    let error = provider(&server.url).load().await.unwrap_err();
    assert!(matches!(
        &error,
        CredentialsError::InstanceMetadata { problem: MetadataProblem::NotSuccess { code }, url }
            if code == "Failure" && url.ends_with("/security-credentials/r")
    ));
    assert!(!error.to_string().contains("CVM-SECRET-KEY"), "{error}");

    // A server error, and a role name that would change the URL.
    let server = serve([(BASE, Answer::Status(500, "oops".into()))]).await;
    let error = provider(&server.url).load().await.unwrap_err();
    assert!(matches!(
        error,
        CredentialsError::InstanceMetadata {
            problem: MetadataProblem::Status { status: 500 },
            ..
        }
    ));
    let server = serve([(BASE, Answer::Status(200, "../../user-data".into()))]).await;
    let error = provider(&server.url).load().await.unwrap_err();
    assert!(matches!(
        error,
        CredentialsError::InstanceMetadata {
            problem: MetadataProblem::BadRoleName,
            ..
        }
    ));
}

#[tokio::test]
async fn a_service_that_never_answers_fails_within_the_timeout() {
    let server = serve([(BASE, Answer::Hang)]).await;
    let provider = provider(&server.url);
    // The bound only keeps a broken provider from hanging the test run; the assertion is on the
    // error the provider gives.
    let result = tokio::time::timeout(Duration::from_secs(30), provider.load())
        .await
        .expect("the provider gave up by itself");
    let error = result.unwrap_err();
    assert!(
        !error.is_not_found(),
        "a service that is there but silent is a failure"
    );
    assert!(
        matches!(
            error,
            CredentialsError::InstanceMetadata {
                problem: MetadataProblem::Timeout { after },
                ..
            } if after == Duration::from_millis(300)
        ),
        "{error}"
    );
    assert!(
        error.to_string().contains("no answer within 300 ms"),
        "{error}"
    );
}

#[tokio::test]
async fn nothing_listening_is_not_found() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let error = provider(&format!("http://127.0.0.1:{port}"))
        .load()
        .await
        .unwrap_err();
    assert!(error.is_not_found(), "{error}");
    assert!(
        error
            .to_string()
            .contains("no metadata service reachable, so not a CVM instance"),
        "{error}"
    );
}
