//! A scripted HTTP/1.1 server on loopback for client tests: it records every request it reads
//! and answers each with the next scripted behaviour.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// Answer HTTP 200 with this JSON body.
    Json(String),
    /// Answer with this status and body.
    Status(u16, String),
    /// Read the whole request, then close the connection without answering.
    Close,
}

/// A request as the server read it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub head: String,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_owned())
        })
    }
}

/// The running server.
pub struct Server {
    pub url: String,
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// Starts a server answering with `replies` in turn (the last one repeats).
pub async fn start(replies: Vec<Reply>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        let mut count = 0usize;
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let reply = replies[count.min(replies.len() - 1)].clone();
            count += 1;
            let log = log.clone();
            tokio::spawn(async move {
                let _ = serve(stream, reply, log).await;
            });
        }
    });
    Server { url, seen }
}

async fn serve(
    mut stream: TcpStream,
    reply: Reply,
    log: Arc<Mutex<Vec<Seen>>>,
) -> std::io::Result<()> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.split_once(':')
                .filter(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                .map(|(_, v)| v.trim().parse().unwrap_or(0))
        })
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    log.lock().unwrap().push(Seen {
        head,
        body: buffer[head_end..].to_vec(),
    });
    let (status, body) = match reply {
        Reply::Close => return stream.shutdown().await,
        Reply::Json(body) => (200, body),
        Reply::Status(status, body) => (status, body),
    };
    let response = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

/// A client of `url` with fixed credentials, fast retries and no rate limit.
pub fn client(url: &str, attempts: u32) -> tcr_api::Client {
    tcr_api::Client::builder()
        .credentials(tcr_api::credentials::Credentials::new("AKIDTEST", "SECRETTEST").unwrap())
        .endpoint_url(url)
        .retry(tcr_api::client::RetryConfig {
            max_attempts: attempts,
            initial_backoff: std::time::Duration::from_millis(1),
            max_backoff: std::time::Duration::from_millis(5),
        })
        .rate_limit(tcr_api::client::RateLimit::Off)
        .build()
        .unwrap()
}
