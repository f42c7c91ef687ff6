//! A small signed client over a plain TCP stream (HTTP/1.1, one request per connection), with
//! every knob a protocol test needs, and the checks every answer must pass.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;
use tcr_api::ErrorCode;
use tcr_api::action::{Action, ActionVisitor};
use tcr_api::actions::visit_actions;
use tcr_api::signing::{CanonicalInput, SigningInput, sign, sign_canonical};
use tcr_emulator::Emulator;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The error codes each action of the specs (TCR's and STS's) declares.
fn declared_errors() -> HashMap<&'static str, &'static [&'static str]> {
    struct Collect(HashMap<&'static str, &'static [&'static str]>);
    impl ActionVisitor for Collect {
        fn visit<A: Action>(&mut self) {
            self.0.insert(A::INFO.name, A::INFO.errors);
        }
    }
    let mut collect = Collect(HashMap::new());
    visit_actions(&mut collect);
    tencentcloud_runtime::sts::actions::visit_actions(&mut collect);
    collect.0
}

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// One request, fully described; change any field before sending.
#[derive(Clone, Debug)]
pub struct Request {
    pub addr: SocketAddr,
    pub method: String,
    pub path: String,
    /// `X-TC-Action`; `None` leaves the header out.
    pub action: Option<String>,
    /// `X-TC-Version`; `None` leaves the header out.
    pub version: Option<String>,
    /// The body that is signed.
    pub body: Vec<u8>,
    /// When set, the body sent instead of the one signed.
    pub sent_body: Option<Vec<u8>>,
    /// `X-TC-Timestamp`, also signed.
    pub timestamp: i64,
    /// Replaces the `X-TC-Timestamp` header sent; `Some("")` leaves it out.
    pub timestamp_header: Option<String>,
    /// The `Host` header sent.
    pub host: String,
    /// The host signed, when not the one sent.
    pub signed_host: Option<String>,
    pub content_type: String,
    pub secret_id: String,
    pub secret_key: String,
    /// Sign `content-type;host;x-tc-action` instead of `content-type;host`.
    pub sign_action: bool,
    /// The service of the credential scope (`tcr`, `sts`).
    pub service: String,
    /// Replaces the computed `Authorization`; `Some("")` leaves the header out.
    pub authorization: Option<String>,
    pub extra_headers: Vec<(String, String)>,
}

/// An answer.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub json: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn response(&self) -> &Value {
        &self.json["Response"]
    }

    pub fn error_code(&self) -> Option<&str> {
        self.response()["Error"]["Code"].as_str()
    }

    pub fn message(&self) -> &str {
        self.response()["Error"]["Message"].as_str().unwrap_or("")
    }

    pub fn request_id(&self) -> &str {
        self.response()["RequestId"].as_str().unwrap_or("")
    }

    pub fn str(&self, field: &str) -> &str {
        self.response()[field]
            .as_str()
            .unwrap_or_else(|| panic!("no string {field} in {}", self.json))
    }

    /// Asserts the call succeeded.
    #[track_caller]
    pub fn ok(&self) -> &Self {
        assert!(
            self.error_code().is_none(),
            "expected success: {}",
            self.json
        );
        self
    }

    /// Asserts the call failed with `code`.
    #[track_caller]
    pub fn fails_with(&self, code: &str) -> &Self {
        assert_eq!(self.error_code(), Some(code), "{}", self.json);
        self
    }
}

impl Request {
    /// A correctly signed request of `action` to `emulator` with the emulator's first credential.
    pub fn new(emulator: &Emulator, action: &str, body: Value) -> Request {
        let credential = emulator.credential();
        Request {
            addr: emulator.addr(),
            method: "POST".into(),
            path: "/".into(),
            action: Some(action.into()),
            version: Some("2019-09-24".into()),
            body: serde_json::to_vec(&body).unwrap(),
            sent_body: None,
            timestamp: now(),
            timestamp_header: None,
            host: emulator.host(),
            signed_host: None,
            content_type: "application/json".into(),
            secret_id: credential.secret_id().into(),
            secret_key: credential.secret_key().into(),
            sign_action: false,
            service: "tcr".into(),
            authorization: None,
            extra_headers: Vec::new(),
        }
    }

    /// An STS request (version `2018-08-13`, scope `sts`), signed with the emulator's first
    /// credential.
    pub fn sts(emulator: &Emulator, action: &str, body: Value) -> Request {
        Request {
            version: Some("2018-08-13".into()),
            service: "sts".into(),
            ..Request::new(emulator, action, body)
        }
    }

    /// The same request signed with these credentials and carrying their token.
    pub fn signed_with(self, secret_id: &str, secret_key: &str, token: Option<&str>) -> Request {
        let mut request = Request {
            secret_id: secret_id.into(),
            secret_key: secret_key.into(),
            ..self
        };
        if let Some(token) = token {
            request
                .extra_headers
                .push(("X-TC-Token".into(), token.into()));
        }
        request
    }

    fn authorization_header(&self) -> String {
        if let Some(authorization) = &self.authorization {
            return authorization.clone();
        }
        let host = self.signed_host.as_deref().unwrap_or(&self.host);
        if self.sign_action {
            let action = self.action.clone().unwrap_or_default();
            let headers = [
                ("content-type", self.content_type.as_str()),
                ("host", host),
                ("x-tc-action", action.as_str()),
            ];
            sign_canonical(
                &self.secret_id,
                &self.secret_key,
                &CanonicalInput {
                    method: "POST",
                    path: "/",
                    query: "",
                    signed_headers: &["content-type", "host", "x-tc-action"],
                    headers: &headers,
                    body: &self.body,
                    service: &self.service,
                    timestamp: self.timestamp,
                },
            )
            .unwrap()
            .authorization()
            .to_owned()
        } else {
            sign(
                &self.secret_id,
                &self.secret_key,
                &SigningInput {
                    service: &self.service,
                    host,
                    content_type: &self.content_type,
                    timestamp: self.timestamp,
                    body: &self.body,
                },
            )
            .authorization()
            .to_owned()
        }
    }

    /// The raw HTTP/1.1 request.
    pub fn to_bytes(&self) -> Vec<u8> {
        let body = self.sent_body.as_ref().unwrap_or(&self.body);
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: {}\r\n",
            self.method, self.path, self.host
        );
        let mut push = |name: &str, value: &str| {
            head.push_str(&format!("{name}: {value}\r\n"));
        };
        push("Content-Type", &self.content_type);
        let authorization = self.authorization_header();
        if !authorization.is_empty() {
            push("Authorization", &authorization);
        }
        if let Some(action) = &self.action {
            push("X-TC-Action", action);
        }
        if let Some(version) = &self.version {
            push("X-TC-Version", version);
        }
        match &self.timestamp_header {
            None => push("X-TC-Timestamp", &self.timestamp.to_string()),
            Some(text) if text.is_empty() => {}
            Some(text) => push("X-TC-Timestamp", text),
        }
        push("X-TC-Region", "ap-guangzhou");
        push("X-TC-Language", "en-US");
        for (name, value) in &self.extra_headers {
            push(name, value);
        }
        push("Content-Length", &body.len().to_string());
        push("Connection", "close");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(b"\r\n");
        bytes.extend_from_slice(body);
        bytes
    }

    /// Sends it; `None` when the connection closed without an answer. Every answer is checked:
    /// HTTP 200, `Content-Type: application/json` exactly, a UUID RequestId, and an error code
    /// the spec declares for the action or as common.
    pub async fn send(&self) -> Option<Reply> {
        let raw = exchange(self.addr, &self.to_bytes()).await?;
        let reply = parse(&raw);
        assert_eq!(reply.status, 200, "{}", reply.json);
        assert_eq!(reply.header("content-type"), Some("application/json"));
        let request_id = reply.request_id();
        assert_eq!(
            request_id.len(),
            36,
            "RequestId {request_id:?} in {}",
            reply.json
        );
        assert_eq!(request_id.as_bytes()[14], b'4', "a UUID v4: {request_id}");
        if let Some(code) = reply.error_code() {
            let declared = declared_errors();
            let allowed = match self.action.as_deref().and_then(|a| declared.get(a)) {
                Some(errors) => is_common(code) || errors.contains(&code),
                None => is_common(code),
            };
            assert!(
                allowed,
                "{code} is not declared for {:?}: {}",
                self.action, reply.json
            );
            assert!(
                reply.response()["Error"]["Message"].is_string(),
                "{}",
                reply.json
            );
        }
        Some(reply)
    }

    /// Sends it and expects an answer.
    pub async fn call(&self) -> Reply {
        self.send()
            .await
            .expect("the emulator closed the connection without answering")
    }
}

/// Writes `request` on a new connection and reads until the server closes it; `None` when it
/// closed without sending anything.
pub async fn exchange(addr: SocketAddr, request: &[u8]) -> Option<Vec<u8>> {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.set_nodelay(true).unwrap();
    stream.write_all(request).await.expect("write");
    let mut raw = Vec::new();
    match stream.read_to_end(&mut raw).await {
        Ok(_) if raw.is_empty() => None,
        Ok(_) => Some(raw),
        Err(e) if raw.is_empty() && e.kind() == std::io::ErrorKind::ConnectionReset => None,
        Err(e) => panic!("read: {e}"),
    }
}

/// Parses a complete HTTP/1.1 answer (with a Content-Length).
pub fn parse(raw: &[u8]) -> Reply {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head = std::str::from_utf8(&raw[..split]).unwrap();
    let body = &raw[split + 4..];
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status: u16 = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let json = serde_json::from_slice(body)
        .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", String::from_utf8_lossy(body)));
    Reply {
        status,
        headers,
        json,
    }
}

/// A control-path request: status and JSON answer.
pub async fn control(emulator: &Emulator, method: &str, path: &str, body: Option<Value>) -> Reply {
    let body = body
        .map(|b| serde_json::to_vec(&b).unwrap())
        .unwrap_or_default();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        emulator.host(),
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(&body);
    let raw = exchange(emulator.addr(), &request)
        .await
        .expect("an answer");
    let reply = parse(&raw);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    reply
}

/// Whether the spec declares `code` common to every action.
fn is_common(code: &str) -> bool {
    ErrorCode::from(code).info().is_some_and(|info| info.common)
}
