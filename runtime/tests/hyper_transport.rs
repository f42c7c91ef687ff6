//! The default transport against small loopback servers and an in-process HTTP proxy: what is
//! sent, keep-alive, how each failure is classified (never sent, or outcome unknown), and the
//! proxy variables (forwarded plain HTTP, `CONNECT` tunnels, `NO_PROXY`, the process's own
//! environment).

use std::borrow::Cow;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tencentcloud_runtime::Outcome;
use tencentcloud_runtime::client::{
    ConfigError, HttpError, HttpResponse, HttpTransport, HyperTransport, PreparedRequest,
};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request as a server or proxy received it.
#[derive(Clone, Debug)]
struct Seen {
    /// `POST / HTTP/1.1`, `POST http://host/ HTTP/1.1`, `CONNECT host:443 HTTP/1.1`.
    line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// Which accepted connection it came on (0 for the first).
    connection: usize,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What a test server does with each request.
#[derive(Clone, Copy, Debug)]
enum Behaviour {
    /// Answers 200 with a JSON body and keeps the connection open.
    Answer,
    /// Reads the request and never answers.
    Hang,
    /// Reads the request and closes the connection.
    Close,
    /// Accepts the connection and never reads or answers (a proxy that never tunnels).
    Silent,
    /// A proxy: answers `CONNECT` with 200 then closes (no TLS server behind it).
    TunnelThenClose,
    /// A proxy: answers `CONNECT` with 407.
    RefuseTunnel,
    /// A proxy: opens the tunnel `CONNECT` asks for and carries the bytes both ways.
    Tunnel,
}

struct Server {
    addr: std::net::SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    connections: Arc<Mutex<usize>>,
}

impl Server {
    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
    fn connections(&self) -> usize {
        *self.connections.lock().unwrap()
    }
    fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }
}

async fn server(behaviour: Behaviour) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let connections = Arc::new(Mutex::new(0));
    let (log, count) = (seen.clone(), connections.clone());
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let connection = {
                let mut count = count.lock().unwrap();
                *count += 1;
                *count - 1
            };
            tokio::spawn(serve(stream, behaviour, log.clone(), connection));
        }
    });
    Server {
        addr,
        seen,
        connections,
    }
}

async fn serve(
    mut stream: impl AsyncRead + AsyncWrite + Unpin,
    behaviour: Behaviour,
    log: Arc<Mutex<Vec<Seen>>>,
    connection: usize,
) {
    if let Behaviour::Silent = behaviour {
        tokio::time::sleep(Duration::from_secs(60)).await;
        return;
    }
    let mut buffer = Vec::new();
    while let Some(seen) = read_request(&mut stream, &mut buffer, connection).await {
        log.lock().unwrap().push(seen.clone());
        match behaviour {
            Behaviour::Answer => {
                let body = r#"{"Response":{"RequestId":"r-1"}}"#;
                let answer = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Echo: {}\r\nContent-Length: {}\r\n\r\n{body}",
                    seen.line.len(),
                    body.len()
                );
                if stream.write_all(answer.as_bytes()).await.is_err() {
                    return;
                }
            }
            Behaviour::Hang => {
                tokio::time::sleep(Duration::from_secs(60)).await;
                return;
            }
            Behaviour::Close | Behaviour::Silent => return,
            Behaviour::TunnelThenClose => {
                let _ = stream
                    .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    .await;
                // Read the client's TLS hello, then hang up: there is no server behind.
                let mut hello = [0u8; 512];
                let _ = stream.read(&mut hello).await;
                return;
            }
            Behaviour::Tunnel => {
                let target = seen.line.split_whitespace().nth(1).unwrap().to_owned();
                let target = target.replace("localhost", "127.0.0.1");
                let mut upstream = TcpStream::connect(target).await.unwrap();
                let _ = stream
                    .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    .await;
                let _ = tokio::io::copy_bidirectional(&mut stream, &mut upstream).await;
                return;
            }
            Behaviour::RefuseTunnel => {
                let _ = stream
                    .write_all(
                        b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n",
                    )
                    .await;
                return;
            }
        }
    }
}

/// One request from `stream` (head, then a body of `Content-Length` bytes); `None` at the end.
async fn read_request(
    stream: &mut (impl AsyncRead + Unpin),
    buffer: &mut Vec<u8>,
    connection: usize,
) -> Option<Seen> {
    let mut chunk = [0u8; 4096];
    let end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8(buffer[..end].to_vec()).unwrap();
    buffer.drain(..end + 4);
    let mut lines = head.split("\r\n");
    let line = lines.next().unwrap().to_owned();
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_owned(), v.trim().to_owned())
        })
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .map_or(0, |(_, v)| v.parse().unwrap());
    while buffer.len() < length {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    let body = buffer.drain(..length).collect();
    Some(Seen {
        line,
        headers,
        body,
        connection,
    })
}

/// A signed-looking request to `url`, with the `Host` it would be signed for.
fn request(url: &str, host: &str) -> PreparedRequest {
    let mut request = PreparedRequest {
        method: "POST",
        url: url.to_owned(),
        headers: Vec::new(),
        body: br#"{"RegistryId":"tcr-abcd1234"}"#.to_vec(),
    };
    request.add_header(Cow::Borrowed("Host"), host);
    request.add_header("Content-Type", "application/json");
    request.add_header("X-TC-Action", "DescribeServiceAccounts");
    request
}

fn direct() -> HyperTransport {
    HyperTransport::builder()
        .connect_timeout(Duration::from_secs(2))
        .no_proxy()
        .build()
        .unwrap()
}

/// A request to TCR's public HTTPS endpoint, which the tests never reach: a proxy stands
/// before it.
fn to_tencent() -> PreparedRequest {
    request(
        "https://tcr.tencentcloudapi.com/",
        "tcr.tencentcloudapi.com",
    )
}

fn through(variables: &[(&str, &str)]) -> HyperTransport {
    HyperTransport::builder()
        .connect_timeout(Duration::from_millis(500))
        .proxy_variables(variables.iter().copied())
        .build()
        .unwrap()
}

async fn send(
    transport: &HyperTransport,
    request: PreparedRequest,
) -> Result<HttpResponse, HttpError> {
    transport.send(request, Duration::from_secs(5)).await
}

#[tokio::test]
async fn sends_the_request_as_signed_and_reuses_the_connection() {
    let server = server(Behaviour::Answer).await;
    let transport = direct();
    let host = server.addr.to_string();
    for _ in 0..3 {
        let answer = send(&transport, request(&server.url(), &host))
            .await
            .unwrap();
        assert_eq!(answer.status, 200);
        assert_eq!(answer.body, br#"{"Response":{"RequestId":"r-1"}}"#);
        assert_eq!(answer.header("content-type"), Some("application/json"));
        assert_eq!(answer.header("X-Echo"), Some("15"));
    }
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[0].line, "POST / HTTP/1.1");
    assert_eq!(seen[0].header("host"), Some(host.as_str()));
    assert_eq!(
        seen[0].header("x-tc-action"),
        Some("DescribeServiceAccounts")
    );
    assert_eq!(seen[0].header("content-length"), Some("29"));
    assert_eq!(seen[0].body, br#"{"RegistryId":"tcr-abcd1234"}"#);
    // Keep-alive: the three calls went over one connection.
    assert_eq!(server.connections(), 1);
    assert!(seen.iter().all(|s| s.connection == 0));
}

#[tokio::test]
async fn a_refused_connection_was_not_sent() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let error = send(
        &direct(),
        request(&format!("http://{addr}/"), &addr.to_string()),
    )
    .await
    .unwrap_err();
    assert_eq!(error.outcome(), Outcome::NotSent);
    assert!(!error.is_timeout());
    let text = error.to_string();
    assert!(!text.contains("client error"), "{text}");
}

#[tokio::test]
async fn a_header_hyper_cannot_send_is_refused_before_connecting() {
    let server = server(Behaviour::Answer).await;
    let mut bad = request(&server.url(), &server.addr.to_string());
    bad.add_header("X-Bad", "line\nbreak");
    let error = send(&direct(), bad).await.unwrap_err();
    assert_eq!(error.outcome(), Outcome::NotSent);
    assert_eq!(server.connections(), 0);
}

#[tokio::test]
async fn no_answer_in_time_leaves_the_outcome_unknown() {
    let server = server(Behaviour::Hang).await;
    let started = Instant::now();
    let error = direct()
        .send(
            request(&server.url(), &server.addr.to_string()),
            Duration::from_millis(300),
        )
        .await
        .unwrap_err();
    assert!(error.is_timeout());
    assert_eq!(error.outcome(), Outcome::Unknown);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(server.seen().len(), 1, "the request did arrive");
}

#[tokio::test]
async fn a_connection_lost_after_sending_leaves_the_outcome_unknown() {
    let server = server(Behaviour::Close).await;
    let error = send(&direct(), request(&server.url(), &server.addr.to_string()))
        .await
        .unwrap_err();
    assert_eq!(error.outcome(), Outcome::Unknown);
    assert!(!error.is_timeout());
}

#[tokio::test]
async fn plain_http_is_forwarded_by_the_proxy_with_its_credentials() {
    let proxy = server(Behaviour::Answer).await;
    let transport = through(&[(
        "http_proxy",
        &format!("http://robot:pa%20ss@{}", proxy.addr),
    )]);
    // The host does not resolve: only the proxy can have answered.
    let url = "http://tcr.proxied.invalid:9091/";
    let answer = send(&transport, request(url, "tcr.proxied.invalid:9091"))
        .await
        .unwrap();
    assert_eq!(answer.status, 200);
    let seen = proxy.seen();
    assert_eq!(
        seen[0].line,
        "POST http://tcr.proxied.invalid:9091/ HTTP/1.1"
    );
    assert_eq!(seen[0].header("host"), Some("tcr.proxied.invalid:9091"));
    // base64("robot:pa ss")
    assert_eq!(
        seen[0].header("proxy-authorization"),
        Some("Basic cm9ib3Q6cGEgc3M=")
    );
    assert_eq!(seen[0].body, br#"{"RegistryId":"tcr-abcd1234"}"#);
}

#[tokio::test]
async fn no_proxy_hosts_are_reached_directly() {
    let proxy = server(Behaviour::Answer).await;
    let origin = server(Behaviour::Answer).await;
    let proxy_url = format!("http://{}", proxy.addr);
    for no_proxy in ["127.0.0.1", "localhost, 127.0.0.0/8", "*"] {
        let transport = through(&[("HTTP_PROXY", proxy_url.as_str()), ("no_proxy", no_proxy)]);
        let answer = send(&transport, request(&origin.url(), &origin.addr.to_string()))
            .await
            .unwrap();
        assert_eq!(answer.status, 200);
    }
    assert_eq!(origin.seen().len(), 3);
    assert_eq!(origin.seen()[0].line, "POST / HTTP/1.1");
    assert!(proxy.seen().is_empty(), "{:?}", proxy.seen());
    // Without the exception, the same call goes to the proxy.
    let transport = through(&[
        ("HTTP_PROXY", proxy_url.as_str()),
        ("NO_PROXY", "example.com"),
    ]);
    send(&transport, request(&origin.url(), &origin.addr.to_string()))
        .await
        .unwrap();
    assert_eq!(proxy.seen().len(), 1);
    assert_eq!(
        proxy.seen()[0].line,
        format!("POST {} HTTP/1.1", origin.url())
    );
}

#[tokio::test]
async fn https_goes_through_a_connect_tunnel() {
    let proxy = server(Behaviour::TunnelThenClose).await;
    let transport = through(&[("HTTPS_PROXY", &format!("http://ci:s3cret@{}", proxy.addr))]);
    let error = send(&transport, to_tencent()).await.unwrap_err();
    // The tunnel opened; TLS failed behind it: the request itself never left.
    assert_eq!(error.outcome(), Outcome::NotSent);
    let seen = proxy.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].line, "CONNECT tcr.tencentcloudapi.com:443 HTTP/1.1");
    assert_eq!(seen[0].header("host"), Some("tcr.tencentcloudapi.com:443"));
    assert_eq!(
        seen[0].header("proxy-authorization"),
        Some("Basic Y2k6czNjcmV0")
    );
}

#[tokio::test]
async fn a_refused_tunnel_was_not_sent_and_says_why() {
    let proxy = server(Behaviour::RefuseTunnel).await;
    let transport = through(&[("ALL_PROXY", &format!("http://{}", proxy.addr))]);
    let error = send(&transport, to_tencent()).await.unwrap_err();
    assert_eq!(error.outcome(), Outcome::NotSent);
    assert!(!error.is_timeout());
    let text = chain(&error);
    assert!(text.contains("407"), "{text}");
}

#[tokio::test]
async fn a_proxy_that_never_tunnels_is_a_connect_timeout() {
    let proxy = server(Behaviour::Silent).await;
    let transport = through(&[("HTTPS_PROXY", &format!("http://{}", proxy.addr))]);
    let started = Instant::now();
    let error = send(&transport, to_tencent()).await.unwrap_err();
    assert!(error.is_timeout());
    assert_eq!(error.outcome(), Outcome::NotSent);
    // The connect timeout (500 ms), not the attempt's (5 s).
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn an_unusable_proxy_variable_is_a_config_error_naming_it() {
    for (name, value) in [
        ("ALL_PROXY", "socks5h://127.0.0.1:1080"),
        ("https_proxy", "ftp://proxy"),
        ("HTTP_PROXY", "http://bad host:1"),
    ] {
        let error = HyperTransport::builder()
            .proxy_variables([(name, value)])
            .build()
            .unwrap_err();
        let ConfigError::Proxy { variable, .. } = &error else {
            panic!("{error}")
        };
        assert_eq!(variable, name);
        assert!(error.to_string().contains(name), "{error}");
    }
}

/// A TLS server for `localhost` (certificate from `tests/tls/`), answering like
/// [`Behaviour::Answer`]; it records the ALPN protocol each client asked for.
async fn tls_server() -> (Server, Arc<Mutex<Vec<Option<Vec<u8>>>>>) {
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
    let certificate = CertificateDer::from(include_bytes!("tls/localhost.der").to_vec());
    let key = PrivateKeyDer::from(PrivatePkcs8KeyDer::from(
        include_bytes!("tls/localhost.key.der").to_vec(),
    ));
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![certificate], key)
    .unwrap();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let connections = Arc::new(Mutex::new(0));
    let alpn = Arc::new(Mutex::new(Vec::new()));
    let (log, count, protocols) = (seen.clone(), connections.clone(), alpn.clone());
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let connection = {
                let mut count = count.lock().unwrap();
                *count += 1;
                *count - 1
            };
            let (acceptor, log, protocols) = (acceptor.clone(), log.clone(), protocols.clone());
            tokio::spawn(async move {
                let Ok(stream) = acceptor.accept(stream).await else {
                    return;
                };
                let alpn = stream.get_ref().1.alpn_protocol().map(<[u8]>::to_vec);
                protocols.lock().unwrap().push(alpn);
                serve(stream, Behaviour::Answer, log, connection).await;
            });
        }
    });
    (
        Server {
            addr,
            seen,
            connections,
        },
        alpn,
    )
}

/// rustls trusting only the test CA of `tests/tls/`.
fn trusting_the_test_ca() -> rustls::ClientConfig {
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(rustls::pki_types::CertificateDer::from(
            include_bytes!("tls/ca.der").to_vec(),
        ))
        .unwrap();
    rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth()
}

#[tokio::test]
async fn https_checks_the_certificate_and_keeps_the_connection() {
    let (server, alpn) = tls_server().await;
    let transport = HyperTransport::builder()
        .tls_config(trusting_the_test_ca())
        .no_proxy()
        .build()
        .unwrap();
    let url = format!("https://localhost:{}/", server.addr.port());
    let host = format!("localhost:{}", server.addr.port());
    for _ in 0..2 {
        let answer = send(&transport, request(&url, &host)).await.unwrap();
        assert_eq!(answer.status, 200);
        assert_eq!(answer.body, br#"{"Response":{"RequestId":"r-1"}}"#);
    }
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].line, "POST / HTTP/1.1");
    assert_eq!(seen[0].header("host"), Some(host.as_str()));
    assert_eq!(seen[1].body, br#"{"RegistryId":"tcr-abcd1234"}"#);
    assert_eq!(server.connections(), 1, "one TLS connection for both calls");
    assert_eq!(*alpn.lock().unwrap(), [Some(b"http/1.1".to_vec())]);

    // The platform's verifier does not know the test CA: refused before anything is sent.
    let error = send(&direct(), request(&url, &host)).await.unwrap_err();
    assert_eq!(error.outcome(), Outcome::NotSent);
    let text = chain(&error);
    assert!(
        text.contains("certificate") || text.contains("TLS"),
        "{text}"
    );
    assert_eq!(server.seen().len(), 2);
}

#[tokio::test]
async fn https_through_a_proxy_tunnel_reaches_the_server() {
    let proxy = server(Behaviour::Tunnel).await;
    let (origin, _) = tls_server().await;
    let transport = HyperTransport::builder()
        .tls_config(trusting_the_test_ca())
        .proxy_variables([("HTTPS_PROXY", format!("http://{}", proxy.addr))])
        .build()
        .unwrap();
    let url = format!("https://localhost:{}/", origin.addr.port());
    let host = format!("localhost:{}", origin.addr.port());
    let answer = send(&transport, request(&url, &host)).await.unwrap();
    assert_eq!(answer.status, 200);
    assert_eq!(
        proxy.seen()[0].line,
        format!("CONNECT localhost:{} HTTP/1.1", origin.addr.port())
    );
    // Through the tunnel, the server sees the request in origin form, as if direct.
    assert_eq!(origin.seen()[0].line, "POST / HTTP/1.1");
    assert_eq!(origin.seen()[0].body, br#"{"RegistryId":"tcr-abcd1234"}"#);
}

/// An error and its sources, on one line.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}

/// Run by [`the_process_environment_is_read`] in a child process with proxy variables set.
#[tokio::test]
#[ignore = "run by the_process_environment_is_read in a child process"]
async fn child_reads_the_environment() {
    match std::env::var("CHILD_EXPECTS").as_deref() {
        Ok("proxied") => {
            let transport = HyperTransport::new(Duration::from_secs(2)).unwrap();
            let answer = send(
                &transport,
                request("http://tcr.env.invalid/", "tcr.env.invalid"),
            )
            .await
            .unwrap();
            assert_eq!(answer.status, 200);
        }
        Ok("refused") => {
            let error = HyperTransport::new(Duration::from_secs(2)).unwrap_err();
            assert!(
                matches!(&error, ConfigError::Proxy { variable, .. } if variable == "HTTPS_PROXY"),
                "{error}"
            );
            // The default client fails to build with the same error.
            let built =
                tencentcloud_runtime::ClientBuilder::<tencentcloud_runtime::ApiClient>::new()
                    .build();
            assert!(matches!(built, Err(ConfigError::Proxy { .. })));
        }
        other => panic!("CHILD_EXPECTS is {other:?}"),
    }
}

#[tokio::test]
async fn the_process_environment_is_read() {
    let proxy = server(Behaviour::Answer).await;
    let run = |vars: Vec<(&'static str, String)>| {
        let mut command = std::process::Command::new(std::env::current_exe().unwrap());
        command.args([
            "--exact",
            "child_reads_the_environment",
            "--ignored",
            "--nocapture",
        ]);
        for name in [
            "HTTP_PROXY",
            "http_proxy",
            "HTTPS_PROXY",
            "https_proxy",
            "ALL_PROXY",
            "all_proxy",
            "NO_PROXY",
            "no_proxy",
            "REQUEST_METHOD",
        ] {
            command.env_remove(name);
        }
        command.envs(vars);
        tokio::task::spawn_blocking(move || command.output().unwrap())
    };
    let output = run(vec![
        ("CHILD_EXPECTS", "proxied".into()),
        ("HTTP_PROXY", format!("http://{}", proxy.addr)),
    ])
    .await
    .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert_eq!(proxy.seen().len(), 1);
    assert_eq!(
        proxy.seen()[0].line,
        "POST http://tcr.env.invalid/ HTTP/1.1"
    );
    let output = run(vec![
        ("CHILD_EXPECTS", "refused".into()),
        ("HTTPS_PROXY", "socks5://127.0.0.1:1080".into()),
    ])
    .await
    .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}
