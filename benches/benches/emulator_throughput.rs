//! The emulator's throughput with full signature verification, under concurrent load from a
//! Rust load generator over loopback keep-alive connections. Budget: ≥ 50 000 verified requests
//! per second on the project's 2-core machine, the emulator serving on one thread per core as
//! the `tcr-emulator` binary does.
//!
//! The generator signs one DescribeServiceAccounts request per connection (the emulator
//! verifies the signature, the timestamp window and every constraint of each request as if it
//! were new) and sends it again and again, checking every answer.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tcr_api::client::RateLimit;
use tcr_api::signing::{SigningInput, sign};
use tcr_emulator::Emulator;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const CONNECTIONS: usize = 64;
const RUN_FOR: Duration = Duration::from_secs(4);

fn request(emulator: &Emulator) -> Vec<u8> {
    let credential = emulator.credential();
    let host = emulator.host();
    let body = br#"{"RegistryId":"tcr-abcd1234","Limit":1}"#;
    let timestamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64;
    let signed = sign(
        credential.secret_id(),
        credential.secret_key(),
        &SigningInput {
            service: "tcr",
            host: &host,
            content_type: "application/json",
            timestamp,
            body,
        },
    );
    let head = format!(
        "POST / HTTP/1.1\r\nHost: {host}\r\nAuthorization: {}\r\nContent-Type: application/json\r\nX-TC-Action: DescribeServiceAccounts\r\nX-TC-Version: 2019-09-24\r\nX-TC-Timestamp: {timestamp}\r\nX-TC-Region: ap-guangzhou\r\nContent-Length: {}\r\n\r\n",
        signed.authorization(),
        body.len()
    );
    [head.as_bytes(), body].concat()
}

/// Reads one answer; `true` when it is a successful DescribeServiceAccounts answer.
async fn answer(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> bool {
    buffer.clear();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| {
                    l.strip_prefix("content-length:")
                        .map(|v| v.trim().parse().unwrap_or(0))
                })
                .unwrap_or(0);
            while buffer.len() < end + 4 + length {
                match stream.read(&mut chunk).await {
                    Ok(0) | Err(_) => return false,
                    Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                }
            }
            let body = &buffer[end + 4..end + 4 + length];
            return head.starts_with("http/1.1 200")
                && body.windows(12).any(|w| w == b"\"TotalCount\"")
                && !body.windows(7).any(|w| w == b"\"Error\"");
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        println!("emulator_throughput: bench");
        return;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let emulator = Emulator::builder()
        .threads(cores)
        .rate_limit(RateLimit::Off)
        .log_requests(false)
        .start()
        .expect("emulator");
    let request = request(&emulator);
    let addr = emulator.addr();
    // The emulator serves on threads of its own; the load generator gets one more.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (ok, failed, elapsed) = runtime.block_on(async move {
        let started = Instant::now();
        let deadline = started + RUN_FOR;
        let workers: Vec<_> = (0..CONNECTIONS)
            .map(|_| {
                let request = request.clone();
                tokio::spawn(async move {
                    let mut stream = TcpStream::connect(addr).await.expect("connect");
                    stream.set_nodelay(true).expect("nodelay");
                    let mut buffer = Vec::with_capacity(4096);
                    let (mut ok, mut failed) = (0u64, 0u64);
                    while Instant::now() < deadline {
                        stream.write_all(&request).await.expect("write");
                        if answer(&mut stream, &mut buffer).await {
                            ok += 1
                        } else {
                            failed += 1
                        }
                    }
                    (ok, failed)
                })
            })
            .collect();
        let (mut ok, mut failed) = (0, 0);
        for worker in workers {
            let (o, f) = worker.await.expect("worker");
            ok += o;
            failed += f;
        }
        (ok, failed, started.elapsed())
    });
    let rate = ok as f64 / elapsed.as_secs_f64();
    println!(
        "emulator_throughput: {rate:>7.0} verified requests/s over {CONNECTIONS} keep-alive connections ({ok} answered, {failed} failed, {:.1} s, {cores} cores; budget 50 000/s)",
        elapsed.as_secs_f64(),
    );
    assert_eq!(failed, 0, "every answer is a success");
}
