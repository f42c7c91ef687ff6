//! A macro-generated client is retried by its own service's error codes, not by TCR's: CVM's
//! spec marks `InternalServerError` transient (TCR's does not declare it), and TCR's spec marks
//! `FailedOperation.DbError` transient (CVM's does not declare it). Runs on the replay transport:
//! no server, no socket.

use std::time::Duration;

use cvm_client::cvm::client::Client;
use cvm_client::cvm::error_code::ErrorCode;
use tencentcloud_runtime::client::RetryConfig;
use tencentcloud_runtime::credentials::Credentials;
use tencentcloud_runtime::test_util::{ReplayEvent, ReplayTransport};

fn error_answer(code: &str, id: u32) -> String {
    format!(
        r#"{{"Response": {{"Error": {{"Code": "{code}", "Message": "m"}}, "RequestId": "r-{id}"}}}}"#
    )
}

fn client(replay: &ReplayTransport) -> Client {
    Client::builder()
        .credentials(Credentials::new("AKIDTEST", "test-key").unwrap())
        .retry(RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::ZERO,
            max_backoff: Duration::ZERO,
        })
        .transport(replay.clone())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_code_only_cvm_marks_transient_is_retried() {
    let replay = ReplayTransport::new([
        ReplayEvent::new(
            "DescribeInstances",
            r#"{"Limit": 1}"#,
            error_answer("InternalServerError", 1),
        ),
        ReplayEvent::new(
            "DescribeInstances",
            r#"{"Limit": 1}"#,
            r#"{"Response": {"TotalCount": 0, "InstanceSet": [], "RequestId": "r-2"}}"#,
        ),
    ]);
    let page = client(&replay)
        .describe_instances()
        .limit(1)
        .send()
        .await
        .unwrap();
    assert_eq!(page.total_count, Some(0));
    replay.assert_requests_match();
}

#[tokio::test]
async fn a_code_only_tcr_marks_transient_is_not_retried() {
    let replay = ReplayTransport::new([ReplayEvent::new(
        "DescribeInstances",
        r#"{"Limit": 1}"#,
        error_answer("FailedOperation.DbError", 1),
    )]);
    let error = client(&replay)
        .describe_instances()
        .limit(1)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code_str(), Some("FailedOperation.DbError"));
    // Not a code of CVM's spec: kept as an unknown value of CVM's own ErrorCode.
    let code: ErrorCode = error.code().unwrap();
    assert!(!code.is_known());
    assert_eq!(error.as_service_error().unwrap().attempts, 1);
    replay.assert_requests_match();
}
