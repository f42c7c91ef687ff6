//! Interceptors see and change every attempt, and a user's unit test runs the client on the
//! test kit's transports: no server, no socket.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tcr_api::client::{
    AnswerView, AttemptContext, BoxError, HttpResponse, Interceptor, PreparedRequest, RetryConfig,
    UnsignedRequest,
};
use tcr_api::credentials::Credentials;
use tcr_api::{Client, Error, ErrorCode};
use tencentcloud_runtime::test_util::{CaptureTransport, ReplayEvent, ReplayTransport};

/// Records what it sees and adds a header after signing.
#[derive(Debug, Default)]
struct Recorder {
    seen: Mutex<Vec<String>>,
}

impl Interceptor for Recorder {
    fn name(&self) -> &'static str {
        "recorder"
    }

    fn before_signing(
        &self,
        cx: &AttemptContext<'_>,
        request: &mut UnsignedRequest,
    ) -> Result<(), BoxError> {
        self.seen
            .lock()
            .unwrap()
            .push(format!("before {} #{}", cx.action.name, cx.attempt));
        request.timestamp = 1_700_000_000;
        Ok(())
    }

    fn after_signing(
        &self,
        _cx: &AttemptContext<'_>,
        request: &mut PreparedRequest,
    ) -> Result<(), BoxError> {
        request.add_header("X-Trace-Id", "trace-1");
        Ok(())
    }

    fn on_answer(&self, _cx: &AttemptContext<'_>, answer: &AnswerView<'_>) {
        self.seen.lock().unwrap().push(format!(
            "answer {} {}",
            answer.response.status,
            answer.request_id.unwrap_or("-")
        ));
    }

    fn on_attempt_error(&self, _cx: &AttemptContext<'_>, error: &Error) {
        self.seen
            .lock()
            .unwrap()
            .push(format!("error {}", error.code_str().unwrap_or("-")));
    }
}

fn credentials() -> Credentials {
    Credentials::new("AKIDTEST", "test-key").unwrap()
}

#[tokio::test]
async fn interceptors_run_at_each_point_of_each_attempt() {
    let recorder = Arc::new(Recorder::default());
    let replay = ReplayTransport::new([
        ReplayEvent::new(
            "DeleteServiceAccount",
            r#"{"RegistryId": "tcr-abcd1234", "Name": "robot"}"#,
            r#"{"Response": {"Error": {"Code": "RequestLimitExceeded", "Message": "slow"}, "RequestId": "r-1"}}"#,
        ),
        ReplayEvent::new(
            "DeleteServiceAccount",
            r#"{"RegistryId": "tcr-abcd1234", "Name": "robot"}"#,
            r#"{"Response": {"RequestId": "r-2"}}"#,
        ),
    ]);
    let client = Client::builder()
        .credentials(credentials())
        .retry(RetryConfig {
            max_attempts: 2,
            initial_backoff: Duration::ZERO,
            max_backoff: Duration::ZERO,
        })
        .interceptor(recorder.clone())
        .transport(replay.clone())
        .build()
        .unwrap();
    let answer = client
        .delete_service_account()
        .registry_id("tcr-abcd1234")
        .name("robot")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.request_id, "r-2");
    assert_eq!(
        *recorder.seen.lock().unwrap(),
        [
            "before DeleteServiceAccount #1",
            "answer 200 r-1",
            "error RequestLimitExceeded",
            "before DeleteServiceAccount #2",
            "answer 200 r-2",
        ]
    );
    let sent = replay.requests();
    assert_eq!(sent.len(), 2);
    for request in &sent {
        assert_eq!(request.header("X-Trace-Id"), Some("trace-1"));
        assert_eq!(request.header("X-TC-Timestamp"), Some("1700000000"));
        assert!(
            request
                .header("Authorization")
                .unwrap()
                .contains("/2023-11-14/tcr/tc3_request")
        );
    }
    replay.assert_requests_match();
}

/// Refuses to let a call through.
#[derive(Debug)]
struct Veto;

impl Interceptor for Veto {
    fn name(&self) -> &'static str {
        "veto"
    }

    fn before_signing(
        &self,
        _cx: &AttemptContext<'_>,
        _request: &mut UnsignedRequest,
    ) -> Result<(), BoxError> {
        Err("read-only mode".into())
    }
}

#[tokio::test]
async fn an_interceptor_error_stops_the_call_before_anything_is_sent() {
    let capture = CaptureTransport::answering(r#"{"Response": {"RequestId": "r"}}"#);
    let client = Client::builder()
        .credentials(credentials())
        .interceptor(Veto)
        .transport(capture.clone())
        .build()
        .unwrap();
    let error = client
        .delete_service_account()
        .registry_id("tcr-abcd1234")
        .name("robot")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.outcome(), tcr_api::Outcome::NotSent);
    assert_eq!(
        error.to_string(),
        "DeleteServiceAccount was not sent: interceptor `veto` stopped it: read-only mode"
    );
    assert!(capture.requests().is_empty());
}

#[tokio::test]
async fn the_capture_transport_shows_the_signed_request_and_the_answer_is_typed() {
    let capture = CaptureTransport::with_response(
        HttpResponse::new(
            200,
            r#"{"Response": {"Error": {"Code": "ResourceNotFound", "Message": "no such account"}, "RequestId": "r-9"}}"#,
        )
        .with_header("Content-Type", "application/json"),
    );
    let client = Client::builder()
        .credentials(credentials().with_token("session-token").unwrap())
        .region("ap-guangzhou")
        .transport(capture.clone())
        .build()
        .unwrap();
    let error = client
        .delete_service_account()
        .registry_id("tcr-abcd1234")
        .name("gone")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some(ErrorCode::ResourceNotFound));
    assert_eq!(error.request_id(), Some("r-9"));
    let request = capture.last_request().unwrap();
    assert_eq!(request.url, "https://tcr.tencentcloudapi.com/");
    assert_eq!(request.header("X-TC-Region"), Some("ap-guangzhou"));
    assert_eq!(request.header("X-TC-Token"), Some("session-token"));
    assert!(!format!("{request:?}").contains("session-token"));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&request.body).unwrap(),
        serde_json::json!({"RegistryId": "tcr-abcd1234", "Name": "gone"})
    );
}
