//! The optional reqwest transport (feature `reqwest`) still sends a request and reads its answer,
//! and still reports a refused connection as never sent:
//! `cargo test -p tencentcloud-runtime --features reqwest --test reqwest_transport`.

mod support;

use std::time::Duration;

use support::{Answer, serve};
use tencentcloud_runtime::Outcome;
use tencentcloud_runtime::client::{HttpTransport, PreparedRequest, ReqwestTransport};

fn request(url: String) -> PreparedRequest {
    let mut request = PreparedRequest {
        method: "POST",
        url,
        headers: Vec::new(),
        body: b"{}".to_vec(),
    };
    request.add_header("Content-Type", "application/json");
    request
}

#[tokio::test]
async fn sends_and_reads_the_answer() {
    let server = serve([("/", Answer::Status(200, r#"{"Response":{}}"#.into()))]).await;
    let transport = ReqwestTransport::new(Duration::from_secs(2)).unwrap();
    let answer = transport
        .send(request(format!("{}/", server.url)), Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, br#"{"Response":{}}"#);
    assert_eq!(server.hits(), ["/"]);
}

#[tokio::test]
async fn a_refused_connection_was_not_sent() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let transport = ReqwestTransport::new(Duration::from_secs(2)).unwrap();
    let error = transport
        .send(request(format!("http://{addr}/")), Duration::from_secs(5))
        .await
        .unwrap_err();
    assert_eq!(error.outcome(), Outcome::NotSent);
}
