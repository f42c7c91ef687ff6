//! Tencent's published signing example (vector 2 of `tc3-signing.md`), signed through the
//! client that the macro generated from this crate's spec: the same body bytes and the
//! published signature.

use cvm_client::cvm::actions::DescribeInstancesRequest;
use cvm_client::cvm::client::Client;
use cvm_client::cvm::types::Filter;
use tencentcloud_runtime::client::{ContentType, JsonStyle};
use tencentcloud_runtime::credentials::Credentials;

const BODY: &str =
    r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;
const SIGNATURE: &str = "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c";

#[tokio::test]
async fn the_macro_generated_client_reproduces_tencents_published_signature() {
    let client = Client::builder()
        .credentials(
            Credentials::new(
                "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******",
                "Gu5t9xGARNpq86cd98joQYCN3*******",
            )
            .unwrap(),
        )
        .content_type(ContentType::JsonUtf8)
        .json_style(JsonStyle::PythonDumps)
        .build()
        .unwrap();
    let request = DescribeInstancesRequest::builder()
        .limit(1)
        .filter(Filter::new(["未命名"], "instance-name"))
        .build()
        .unwrap();
    let prepared = client
        .api_client()
        .prepare(&request, 1_551_113_065)
        .await
        .unwrap();
    assert_eq!(String::from_utf8(prepared.body.clone()).unwrap(), BODY);
    assert_eq!(prepared.url, "https://cvm.tencentcloudapi.com/");
    assert_eq!(
        prepared.header("Content-Type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(prepared.header("X-TC-Version"), Some("2017-03-12"));
    assert_eq!(
        prepared.header("Authorization"),
        Some(format!(
            "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature={SIGNATURE}"
        ))
        .as_deref()
    );
}

#[tokio::test]
async fn the_macro_generated_client_sends_and_decodes() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut request = vec![0u8; 8192];
        let n = stream.read(&mut request).await.unwrap();
        let body = r#"{"Response": {"TotalCount": 1, "InstanceSet": [{"InstanceId": "ins-1", "InstanceName": "web-1", "InstanceState": "RUNNING", "CreatedTime": "2024-05-01T08:00:00Z"}], "RequestId": "r-cvm"}}"#;
        let answer = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(answer.as_bytes()).await.unwrap();
        String::from_utf8_lossy(&request[..n]).into_owned()
    });
    let client = Client::builder()
        .credentials(Credentials::new("AKIDTEST", "SECRETTEST").unwrap())
        .endpoint_url(&url)
        .build()
        .unwrap();
    let page = client
        .describe_instances()
        .limit(10)
        .filter(Filter::new(["web-1"], "instance-name"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.total_count, Some(1));
    let instances = page.instance_set.unwrap();
    assert_eq!(instances[0].instance_name.as_deref(), Some("web-1"));
    let seen = server.await.unwrap();
    assert!(
        seen.contains("X-TC-Action: DescribeInstances")
            || seen.contains("x-tc-action: DescribeInstances"),
        "{seen}"
    );
    let error = client
        .describe_instances()
        .limit(500)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "DescribeInstances was not sent: the request breaks the spec's rules: Limit: must be between 1 and 100"
    );
}
