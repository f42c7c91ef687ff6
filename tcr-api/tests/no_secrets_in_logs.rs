//! Everything the client logs at TRACE level during calls, captured: the secret key, the
//! session token and every password (sent or received) appear nowhere in it.

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use support::{Reply, start};
use tcr_api::credentials::Credentials;
use tcr_api::types::{Permission, PermissionAction};
use tracing_subscriber::fmt::format::FmtSpan;

const SECRET_KEY: &str = "SECRETKEY-do-not-log-1";
const TOKEN: &str = "TOKEN-do-not-log-2";
const SENT_PASSWORD: &str = "SentPassw0rd3";
const RECEIVED_PASSWORD: &str = "ReceivedPassw0rd4";

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn no_secret_reaches_the_logs_at_any_level() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_writer(move || writer.clone())
        .finish();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    tracing::subscriber::with_default(subscriber, || {
        runtime.block_on(async {
            let created = format!(
                r#"{{"Response": {{"Name": "tcr$robot", "Password": "{RECEIVED_PASSWORD}", "ExpiresAt": 0, "CreateTime": "2024-01-01T00:00:00+08:00", "RequestId": "r-1"}}}}"#
            );
            let limited = r#"{"Response": {"Error": {"Code": "RequestLimitExceeded", "Message": "m"}, "RequestId": "r-2"}}"#;
            let garbled = format!(r#"{{"Response": {{"Password": 7, "Token": "{RECEIVED_PASSWORD}", "RequestId": "r-3"}}}}"#);
            let server = start(vec![
                Reply::Json(created),
                Reply::Json(limited.into()),
                Reply::Json(format!(r#"{{"Response": {{"Password": "{SENT_PASSWORD}", "RequestId": "r-4"}}}}"#)),
                Reply::Json(garbled),
            ])
            .await;
            let client = tcr_api::Client::builder()
                .credentials(Credentials::new("AKIDLOGTEST", SECRET_KEY).unwrap().with_token(TOKEN).unwrap())
                .endpoint_url(&server.url)
                .region("ap-guangzhou")
                .retry(tcr_api::client::RetryConfig {
                    max_attempts: 2,
                    initial_backoff: std::time::Duration::ZERO,
                    max_backoff: std::time::Duration::ZERO,
                })
                .build()
                .unwrap();
            let created = client
                .create_service_account()
                .registry_id("tcr-abcd1234")
                .name("robot")
                .permission(Permission::new("ns1", [PermissionAction::PullRepository]))
                .send()
                .await
                .unwrap();
            tracing::info!(?created, "the caller logs the whole answer");
            let rotated = client
                .modify_service_account_password()
                .registry_id("tcr-abcd1234")
                .name("robot")
                .random(false)
                .password(SENT_PASSWORD)
                .send()
                .await
                .unwrap();
            tracing::info!(?rotated, "the caller logs the whole answer");
            let error = client.modify_service_account_password().registry_id("tcr-abcd1234").name("robot").random(true).send().await.unwrap_err();
            tracing::error!(%error, ?error, "the caller logs the error");
            tracing::debug!(?client, "the caller logs the client");
            assert_eq!(server.requests().len(), 4, "create, limited + retried rotation, garbled answer (not retried: it would not change)");
            assert!(server.requests()[0].header("x-tc-token").as_deref() == Some(TOKEN), "the token is sent");
        });
    });
    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("CreateServiceAccount") && logs.contains("attempt=2") && logs.contains("r-1"),
        "the capture works:\n{logs}"
    );
    for secret in [SECRET_KEY, TOKEN, SENT_PASSWORD, RECEIVED_PASSWORD] {
        assert!(
            !logs.contains(secret),
            "`{secret}` appears in the logs:\n{logs}"
        );
    }
}
