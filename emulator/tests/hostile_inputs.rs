//! The emulator as a public endpoint: bodies over the limit, clients that stall on their head or
//! body, hundreds of idle connections, malformed requests. Raw TCP clients write the bytes by
//! hand; timeouts are set short through the builder, and every wait is bounded generously, so
//! that a busy machine slows the tests down without failing them.

use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use tcr_api::signing::{SigningInput, sign};
use tcr_emulator::{Emulator, EmulatorBuilder, FaultSpec, MAX_BODY_BYTES, RateLimit};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long anything that should happen "promptly" may take on a loaded machine.
const BOUND: Duration = Duration::from_secs(5);

/// The short timeout the tests configure for the protection under test.
const SHORT: Duration = Duration::from_millis(300);

/// A timeout long enough never to be the reason a test passes.
const LONG: Duration = Duration::from_secs(60);

static PANICKED: AtomicBool = AtomicBool::new(false);

/// Notes any panic on an emulator's thread (`EmulatorBuilder::start` serves on a thread named
/// `tcr-emulator ADDR` in the test process), for [`assert_no_panic`]; the default hook still
/// prints it. A panic in a connection's task would otherwise pass unseen: the task ends, the
/// server goes on.
fn watch_for_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let thread = std::thread::current();
            if thread.name().is_some_and(|n| n.starts_with("tcr-emulator")) {
                PANICKED.store(true, Ordering::SeqCst);
            }
            default(info);
        }));
    });
}

fn assert_no_panic() {
    assert!(
        !PANICKED.load(Ordering::SeqCst),
        "an emulator thread panicked (see stderr)"
    );
}

/// An emulator with no rate limit and every timeout long, on a thread of its own.
fn builder() -> EmulatorBuilder {
    watch_for_panics();
    Emulator::builder()
        .rate_limit(RateLimit::Off)
        .header_read_timeout(LONG)
        .body_read_timeout(LONG)
        .idle_timeout(LONG)
}

/// A signed `DescribeServiceAccounts`, its body sent as given by `frame` (which gets the body).
fn signed(emulator: &Emulator, connection: &str, frame: impl Fn(&[u8]) -> String) -> Vec<u8> {
    let credential = emulator.credential();
    let host = emulator.host();
    let body = br#"{"RegistryId":"tcr-abcd1234","Limit":1}"#;
    let timestamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
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
    format!(
        "POST / HTTP/1.1\r\nHost: {host}\r\nAuthorization: {}\r\nContent-Type: application/json\r\n\
         X-TC-Action: DescribeServiceAccounts\r\nX-TC-Version: 2019-09-24\r\nX-TC-Region: ap-guangzhou\r\n\
         X-TC-Timestamp: {timestamp}\r\nConnection: {connection}\r\n{}",
        signed.authorization(),
        frame(body)
    )
    .into_bytes()
}

/// A signed call with a `Content-Length` body.
fn signed_call(emulator: &Emulator, connection: &str) -> Vec<u8> {
    signed(emulator, connection, |body| {
        format!(
            "Content-Length: {}\r\n\r\n{}",
            body.len(),
            String::from_utf8_lossy(body)
        )
    })
}

/// The head of an unsigned `POST /` with these extra header lines.
fn head(emulator: &Emulator, headers: &str) -> String {
    format!(
        "POST / HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n{headers}\r\n",
        emulator.host()
    )
}

async fn connect(emulator: &Emulator) -> TcpStream {
    let stream = TcpStream::connect(emulator.addr()).await.unwrap();
    stream.set_nodelay(true).unwrap();
    stream
}

/// An answer as read off the wire.
#[derive(Debug)]
struct Answer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn error_code(&self) -> Option<String> {
        self.json()["Response"]["Error"]["Code"]
            .as_str()
            .map(str::to_owned)
    }

    fn closes(&self) -> bool {
        self.header("connection") == Some("close")
    }
}

/// Reads one answer (with a `Content-Length`, as every answer of the emulator has), within
/// [`BOUND`]; `None` when the connection closed (or was reset) before a whole answer came.
async fn read_answer(stream: &mut TcpStream) -> Option<Answer> {
    let read = async {
        let mut raw = Vec::new();
        let mut chunk = [0u8; 8192];
        loop {
            if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&raw[..end]).into_owned();
                let status = head.split(' ').nth(1)?.parse().ok()?;
                let length: usize = head
                    .lines()
                    .find_map(|l| {
                        let (n, v) = l.split_once(':')?;
                        n.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse().ok())?
                    })
                    .unwrap_or(0);
                // An interim answer (100 Continue) has no body: the test looks at it.
                while raw.len() < end + 4 + length {
                    match stream.read(&mut chunk).await {
                        Ok(0) | Err(_) => return None,
                        Ok(n) => raw.extend_from_slice(&chunk[..n]),
                    }
                }
                return Some(Answer {
                    status,
                    head,
                    body: raw[end + 4..end + 4 + length].to_vec(),
                });
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return None,
                Ok(n) => raw.extend_from_slice(&chunk[..n]),
            }
        }
    };
    tokio::time::timeout(BOUND, read)
        .await
        .expect("an answer, or the connection closed, within the bound")
}

/// Waits for the server to close the connection, within [`BOUND`]; what it sent before.
async fn closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut raw = Vec::new();
    let read = async {
        let mut chunk = [0u8; 8192];
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => raw.extend_from_slice(&chunk[..n]),
            }
        }
    };
    tokio::time::timeout(BOUND, read)
        .await
        .expect("the server closes the connection within the bound");
    raw
}

/// A signed call on a fresh connection succeeds: the emulator is still serving.
async fn still_serving(emulator: &Emulator) {
    let mut stream = connect(emulator).await;
    stream
        .write_all(&signed_call(emulator, "close"))
        .await
        .unwrap();
    let answer = read_answer(&mut stream).await.expect("an answer");
    assert_eq!(answer.status, 200);
    assert_eq!(answer.error_code(), None, "{}", answer.json());
}

// ---- bodies over the limit -----------------------------------------------------------------

#[tokio::test]
async fn a_body_declared_over_the_limit_is_refused_before_it_is_sent() {
    let emulator = builder().start().unwrap();
    for expect in ["", "Expect: 100-continue\r\n"] {
        let mut stream = connect(&emulator).await;
        let declared = MAX_BODY_BYTES + 1;
        let request = head(
            &emulator,
            &format!("Content-Length: {declared}\r\n{expect}"),
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        // Not a byte of the body is sent: the answer cannot be waiting for it.
        let answer = read_answer(&mut stream).await.expect("an answer");
        assert_eq!(answer.status, 200, "{answer:?}");
        assert_eq!(answer.error_code().as_deref(), Some("LimitExceeded"));
        assert!(answer.closes(), "{answer:?}");
        assert_eq!(answer.header("content-type"), Some("application/json"));
        // No `100 Continue` before it, and the connection ends after it.
        let rest = closed(&mut stream).await;
        assert!(rest.is_empty(), "{}", String::from_utf8_lossy(&rest));
    }
    still_serving(&emulator).await;
    assert_no_panic();
}

#[tokio::test]
async fn a_chunked_body_is_refused_as_soon_as_it_grows_past_the_limit() {
    let emulator = builder().start().unwrap();
    let mut stream = connect(&emulator).await;
    let request = head(&emulator, "Transfer-Encoding: chunked\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let chunk = vec![b' '; 64 << 10];
    let framed = [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
    let mut sent = 0;
    while sent <= MAX_BODY_BYTES {
        stream.write_all(&framed).await.unwrap();
        sent += chunk.len();
    }
    // The body has not ended (no last chunk) and the body timeout is long: only the limit can
    // have stopped the reading.
    let answer = read_answer(&mut stream).await.expect("an answer");
    assert_eq!(answer.error_code().as_deref(), Some("LimitExceeded"));
    assert!(answer.closes(), "{answer:?}");
    closed(&mut stream).await;
    still_serving(&emulator).await;
    assert_no_panic();
}

#[tokio::test]
async fn a_chunked_body_within_the_limit_is_read_whole() {
    let emulator = builder().start().unwrap();
    let request = signed(&emulator, "close", |body| {
        // One byte a chunk: the body is joined before its signature is checked.
        let mut chunks = String::from("Transfer-Encoding: chunked\r\n\r\n");
        for byte in body {
            chunks.push_str(&format!("1\r\n{}\r\n", *byte as char));
        }
        chunks + "0\r\n\r\n"
    });
    let mut stream = connect(&emulator).await;
    stream.write_all(&request).await.unwrap();
    let answer = read_answer(&mut stream).await.expect("an answer");
    assert_eq!(answer.error_code(), None, "{}", answer.json());
    assert_no_panic();
}

#[tokio::test]
async fn a_client_that_writes_its_whole_oversized_body_first_still_reads_the_answer() {
    let emulator = builder().start().unwrap();
    let body = vec![b' '; 4 * MAX_BODY_BYTES];
    let mut request = head(&emulator, &format!("Content-Length: {}\r\n", body.len())).into_bytes();
    request.extend_from_slice(&body);
    let mut stream = connect(&emulator).await;
    // The answer is sent after the head; the lingering close reads and drops the rest, so
    // that neither this write nor the read after it meets a reset.
    tokio::time::timeout(BOUND, stream.write_all(&request))
        .await
        .expect("the body is taken within the bound")
        .expect("the body is taken, not reset");
    let answer = read_answer(&mut stream)
        .await
        .expect("an answer, not a reset");
    assert_eq!(answer.error_code().as_deref(), Some("LimitExceeded"));
    assert!(answer.closes());
    assert_no_panic();
}

#[tokio::test]
async fn a_control_request_over_the_limit_is_refused_400_and_changes_nothing() {
    let emulator = builder().start().unwrap();
    let before = emulator.snapshot().unwrap();
    for (method, path) in [
        ("POST", "faults"),
        ("POST", "images"),
        ("PUT", "state"),
        ("POST", "clock"),
    ] {
        let mut stream = connect(&emulator).await;
        let request = format!(
            "{method} /_emulator/{path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n",
            emulator.host(),
            MAX_BODY_BYTES + 1
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        let answer = read_answer(&mut stream).await.expect("an answer");
        assert_eq!(answer.status, 400, "{method} {path}: {answer:?}");
        assert_eq!(
            answer.json(),
            serde_json::json!({"error": "the body is too large"}),
            "{method} {path}"
        );
    }
    assert!(emulator.pending_faults().is_empty());
    assert_eq!(emulator.snapshot().unwrap(), before);
    still_serving(&emulator).await;
    assert_no_panic();
}

#[tokio::test]
async fn a_refused_body_is_not_read_forever() {
    let emulator = builder().body_read_timeout(SHORT).start().unwrap();

    // A client that keeps sending at full speed is cut off after a bounded number of bytes.
    let mut stream = connect(&emulator).await;
    let request = head(&emulator, &format!("Content-Length: {}\r\n", 1u64 << 40));
    stream.write_all(request.as_bytes()).await.unwrap();
    let chunk = vec![b' '; 64 << 10];
    let mut written: usize = 0;
    let cut_off = tokio::time::timeout(BOUND, async {
        while stream.write_all(&chunk).await.is_ok() {
            written += chunk.len();
            if written > 1 << 30 {
                break;
            }
        }
    })
    .await;
    // The emulator drops at most 16 MiB; the rest is what the sockets' buffers hold.
    assert!(
        cut_off.is_ok() && written < 64 << 20,
        "{written} bytes written"
    );

    // A client that trickles is cut off after a bounded time.
    let mut stream = connect(&emulator).await;
    let request = head(
        &emulator,
        &format!("Content-Length: {}\r\n", 10 * MAX_BODY_BYTES),
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let answer = read_answer(&mut stream).await.expect("an answer");
    assert_eq!(answer.error_code().as_deref(), Some("LimitExceeded"));
    let started = Instant::now();
    let cut_off = tokio::time::timeout(BOUND, async {
        loop {
            if stream.write_all(b" ").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    assert!(cut_off.is_ok(), "still open after {:?}", started.elapsed());
    still_serving(&emulator).await;
    assert_no_panic();
}

// ---- stalled clients -----------------------------------------------------------------------

#[tokio::test]
async fn a_stalled_body_is_answered_408_and_closed() {
    let emulator = builder().body_read_timeout(SHORT).start().unwrap();

    // Every lower bound is measured from before the server can have started its clock: timers
    // never fire early.
    let started = Instant::now();
    let mut stream = connect(&emulator).await;
    let request = head(&emulator, "Content-Length: 100\r\n") + "{\"Regi";
    stream.write_all(request.as_bytes()).await.unwrap();
    let answer = read_answer(&mut stream).await.expect("an answer");
    assert_eq!(answer.status, 408, "{answer:?}");
    assert!(answer.closes());
    assert!(started.elapsed() >= SHORT);
    closed(&mut stream).await;

    // Trickling a byte now and then does not buy more time: the body has a deadline, not a
    // timeout between reads.
    let mut stream = connect(&emulator).await;
    let request = head(&emulator, "Content-Length: 1000\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let trickle = tokio::spawn(async move {
        for _ in 0..1000 {
            if writer.write_all(b" ").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    let mut raw = Vec::new();
    tokio::time::timeout(BOUND, reader.read_to_end(&mut raw))
        .await
        .expect("closed within the bound")
        .ok();
    assert!(
        raw.starts_with(b"HTTP/1.1 408"),
        "{}",
        String::from_utf8_lossy(&raw)
    );
    trickle.abort();
    still_serving(&emulator).await;
    assert_no_panic();
}

#[tokio::test]
async fn a_stalled_head_is_cut_off() {
    let emulator = builder().header_read_timeout(SHORT).start().unwrap();
    let host = emulator.host();

    // Inside the request line, inside the headers.
    for partial in [
        "POS".to_owned(),
        format!("POST / HTTP/1.1\r\nHost: {host}\r\n"),
    ] {
        let started = Instant::now();
        let mut stream = connect(&emulator).await;
        stream.write_all(partial.as_bytes()).await.unwrap();
        let raw = closed(&mut stream).await;
        assert!(raw.is_empty(), "{}", String::from_utf8_lossy(&raw));
        assert!(started.elapsed() >= SHORT);
    }

    // Trickling header lines does not buy more time.
    let mut stream = connect(&emulator).await;
    stream
        .write_all(format!("POST / HTTP/1.1\r\nHost: {host}\r\n").as_bytes())
        .await
        .unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let trickle = tokio::spawn(async move {
        for i in 0..1000 {
            if writer
                .write_all(format!("X-{i}: a\r\n").as_bytes())
                .await
                .is_err()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    });
    let mut raw = Vec::new();
    tokio::time::timeout(BOUND, reader.read_to_end(&mut raw))
        .await
        .expect("closed within the bound")
        .ok();
    assert!(raw.is_empty(), "{}", String::from_utf8_lossy(&raw));
    trickle.abort();

    // The second head on a kept-alive connection has the same deadline.
    let mut stream = connect(&emulator).await;
    stream
        .write_all(&signed_call(&emulator, "keep-alive"))
        .await
        .unwrap();
    let answer = read_answer(&mut stream).await.expect("an answer");
    assert_eq!(answer.error_code(), None);
    assert!(!answer.closes());
    stream.write_all(b"POST / HTTP/1.1\r\nHo").await.unwrap();
    let raw = closed(&mut stream).await;
    assert!(raw.is_empty(), "{}", String::from_utf8_lossy(&raw));
    still_serving(&emulator).await;
    assert_no_panic();
}

#[tokio::test]
async fn idle_connections_are_closed_but_calls_in_progress_are_not() {
    let emulator = builder().idle_timeout(SHORT).start().unwrap();

    // A connection that never sends a byte. (Lower bounds are measured from before the server
    // can have started its clock: timers never fire early.)
    let started = Instant::now();
    let mut silent = connect(&emulator).await;
    assert!(closed(&mut silent).await.is_empty());
    assert!(started.elapsed() >= SHORT);

    // A kept-alive connection after its answer.
    let mut stream = connect(&emulator).await;
    let started = Instant::now();
    stream
        .write_all(&signed_call(&emulator, "keep-alive"))
        .await
        .unwrap();
    let answer = read_answer(&mut stream).await.expect("an answer");
    assert!(!answer.closes());
    assert!(closed(&mut stream).await.is_empty());
    assert!(started.elapsed() >= SHORT);

    // A call whose answer takes longer than the idle timeout is answered.
    emulator
        .inject(FaultSpec::delay(SHORT * 3).on_action("DescribeServiceAccounts"))
        .unwrap();
    let mut stream = connect(&emulator).await;
    stream
        .write_all(&signed_call(&emulator, "keep-alive"))
        .await
        .unwrap();
    let answer = read_answer(&mut stream).await.expect("the delayed answer");
    assert_eq!(answer.error_code(), None, "{}", answer.json());
    // A second call on it, before the idle timeout, is answered too.
    stream
        .write_all(&signed_call(&emulator, "close"))
        .await
        .unwrap();
    let answer = read_answer(&mut stream).await.expect("an answer");
    assert_eq!(answer.error_code(), None, "{}", answer.json());
    assert_no_panic();
}

#[tokio::test]
async fn five_hundred_idle_connections_do_not_starve_a_signed_call() {
    // The defaults: nothing is closed during the test.
    watch_for_panics();
    let emulator = Emulator::builder()
        .rate_limit(RateLimit::Off)
        .start()
        .unwrap();
    let mut idle = Vec::new();
    for i in 0..500 {
        let mut stream = connect(&emulator).await;
        // Half say nothing; half start a head and stall.
        if i % 2 == 1 {
            stream
                .write_all(format!("POST / HTTP/1.1\r\nHost: {}\r\n", emulator.host()).as_bytes())
                .await
                .unwrap();
        }
        idle.push(stream);
    }
    // A kept-alive connection that did one call and stays open.
    let mut kept = connect(&emulator).await;
    kept.write_all(&signed_call(&emulator, "keep-alive"))
        .await
        .unwrap();
    read_answer(&mut kept).await.expect("an answer");

    for _ in 0..3 {
        let started = Instant::now();
        still_serving(&emulator).await;
        let took = started.elapsed();
        assert!(took < Duration::from_secs(2), "a call took {took:?}");
    }
    // The kept-alive one still answers.
    kept.write_all(&signed_call(&emulator, "close"))
        .await
        .unwrap();
    let answer = read_answer(&mut kept).await.expect("an answer");
    assert_eq!(answer.error_code(), None);

    // Stopping does not wait on them.
    let started = Instant::now();
    emulator.shutdown();
    assert!(started.elapsed() < BOUND, "{:?}", started.elapsed());
    drop(idle);
    assert_no_panic();
}

// ---- what is held at once ------------------------------------------------------------------

/// Whether `stream` stays silent (no answer, not closed) for `wait`.
async fn silent_for(stream: &mut TcpStream, wait: Duration) -> bool {
    let mut byte = [0u8; 1];
    tokio::time::timeout(wait, stream.read(&mut byte))
        .await
        .is_err()
}

/// How long the tests give the emulator to read what a client sent before counting on it.
const SETTLE: Duration = Duration::from_millis(500);

#[tokio::test]
async fn at_the_connection_limit_idle_connections_make_room() {
    let emulator = builder().max_connections(8).start().unwrap();
    // Eight idle connections, their idle timeout a minute away: four that never say anything,
    // four kept alive after a call.
    let mut idle = Vec::new();
    for _ in 0..4 {
        idle.push(connect(&emulator).await);
    }
    for _ in 0..4 {
        let mut stream = connect(&emulator).await;
        stream
            .write_all(&signed_call(&emulator, "keep-alive"))
            .await
            .unwrap();
        let answer = read_answer(&mut stream).await.expect("an answer");
        assert!(!answer.closes(), "{answer:?}");
        idle.push(stream);
    }
    // A ninth is served at once: the idle ones were closed to make room.
    let started = Instant::now();
    still_serving(&emulator).await;
    let took = started.elapsed();
    assert!(took < Duration::from_secs(2), "the call took {took:?}");
    for stream in &mut idle {
        let rest = closed(stream).await;
        assert!(rest.is_empty(), "{}", String::from_utf8_lossy(&rest));
    }
    still_serving(&emulator).await;
    assert_no_panic();
}

#[tokio::test]
async fn beyond_the_connection_limit_a_connection_waits_for_a_place() {
    let emulator = builder().max_connections(4).start().unwrap();
    // Four connections reading a head (the header timeout a minute away): not idle, so they
    // keep their places.
    let mut stalled = Vec::new();
    for _ in 0..4 {
        let mut stream = connect(&emulator).await;
        stream
            .write_all(format!("POST / HTTP/1.1\r\nHost: {}\r\n", emulator.host()).as_bytes())
            .await
            .unwrap();
        stalled.push(stream);
    }
    tokio::time::sleep(SETTLE).await;

    // A fifth connects (the listen backlog takes it) but is not served...
    let mut waiting = connect(&emulator).await;
    waiting
        .write_all(&signed_call(&emulator, "close"))
        .await
        .unwrap();
    assert!(
        silent_for(&mut waiting, SETTLE).await,
        "served, or closed, with every place taken"
    );
    // ...until a place frees up.
    drop(stalled.pop());
    let answer = read_answer(&mut waiting).await.expect("an answer");
    assert_eq!(answer.error_code(), None, "{}", answer.json());
    // The heads in progress were not closed to make room.
    for stream in &mut stalled {
        assert!(silent_for(stream, Duration::from_millis(100)).await);
    }
    drop(stalled);
    still_serving(&emulator).await;
    assert_no_panic();
}

#[tokio::test]
async fn a_body_waits_while_others_hold_the_memory_for_bodies() {
    // The least memory there can be: one body of the largest size.
    let emulator = builder().max_body_memory(0).start().unwrap();
    let large = "Content-Length: 1048576\r\n";
    assert_eq!(MAX_BODY_BYTES, 1 << 20);
    // A body that declares the largest size, and one whose size is not known until it ends:
    // each holds all of it while it is read.
    let holders: [(&str, &[u8], Vec<u8>); 2] = [
        (large, b"hello", vec![b' '; MAX_BODY_BYTES - 5]),
        (
            "Transfer-Encoding: chunked\r\n",
            b"5\r\nhello\r\n",
            b"0\r\n\r\n".to_vec(),
        ),
    ];
    for (framing, start, rest) in holders {
        let mut holder = connect(&emulator).await;
        let request = head(&emulator, &format!("{framing}Connection: close\r\n"));
        holder.write_all(request.as_bytes()).await.unwrap();
        holder.write_all(start).await.unwrap();
        tokio::time::sleep(SETTLE).await;

        let mut waiting = connect(&emulator).await;
        waiting
            .write_all(&signed_call(&emulator, "close"))
            .await
            .unwrap();
        assert!(
            silent_for(&mut waiting, SETTLE).await,
            "{framing}: served while another body held the memory"
        );
        // Bodies without one (a GET) need none.
        let mut get = connect(&emulator).await;
        get.write_all(
            format!(
                "GET /_emulator/faults HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                emulator.host()
            )
            .as_bytes(),
        )
        .await
        .unwrap();
        let answer = read_answer(&mut get).await.expect("an answer");
        assert_eq!(answer.status, 200, "{answer:?}");

        holder.write_all(&rest).await.unwrap();
        let answer = read_answer(&mut holder).await.expect("the holder's answer");
        assert_eq!(
            answer.error_code().as_deref(),
            Some("AuthFailure.SignatureFailure"),
            "{framing}"
        );
        let answer = read_answer(&mut waiting)
            .await
            .expect("an answer once the memory is free");
        assert_eq!(answer.error_code(), None, "{framing}: {}", answer.json());
    }
    still_serving(&emulator).await;
    assert_no_panic();
}

// ---- malformed requests --------------------------------------------------------------------

#[tokio::test]
async fn malformed_requests_get_the_status_http_prescribes() {
    let emulator = builder().start().unwrap();
    let host = emulator.host();
    let post = |rest: &str| format!("POST / HTTP/1.1\r\nHost: {host}\r\n{rest}");
    let many_headers: String = (0..200).map(|i| format!("X-{i}: a\r\n")).collect();
    let cases: Vec<(&str, String, u16)> = vec![
        ("not a request line", "GARBAGE\r\n\r\n".into(), 400),
        ("binary", "\0\u{1}\u{2}\r\n\r\n".into(), 400),
        (
            "space in the target",
            post("").replace("POST /", "POST /a b"),
            400,
        ),
        ("lowercase version", "POST / http/1.1\r\n\r\n".into(), 400),
        ("header without a colon", post("No colon here\r\n\r\n"), 400),
        ("NUL in a header value", post("X-A: a\0b\r\n\r\n"), 400),
        (
            "non-numeric length",
            post("Content-Length: abc\r\n\r\n"),
            400,
        ),
        ("negative length", post("Content-Length: -1\r\n\r\n"), 400),
        (
            "two different lengths",
            post("Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello"),
            400,
        ),
        (
            "a transfer coding that is not chunked",
            post("Transfer-Encoding: gzip\r\n\r\n"),
            400,
        ),
        (
            "chunked in HTTP/1.0",
            format!(
                "POST / HTTP/1.0\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
            ),
            400,
        ),
        (
            "a bad chunk size",
            post("Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"),
            400,
        ),
        (
            "two Host headers",
            post("Host: other\r\nContent-Length: 0\r\n\r\n"),
            400,
        ),
        (
            "no Host in HTTP/1.1",
            "POST / HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
                .into(),
            400,
        ),
        (
            "no Host, and a body not sent",
            "POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n".into(),
            400,
        ),
        (
            "too many headers",
            post(&format!("{many_headers}\r\n")),
            431,
        ),
        (
            "a header too large",
            post(&format!("X-Big: {}\r\n\r\n", "a".repeat(1 << 20))),
            431,
        ),
        (
            // Past the emulator's bound for a head (96 KiB, checked before each read, so a
            // last read may carry a head somewhat past it), well within hyper's default.
            "a head of 200 KB",
            post(&format!("X-Big: {}\r\n\r\n", "a".repeat(200_000))),
            431,
        ),
        (
            "a URI too long",
            format!(
                "GET /{} HTTP/1.1\r\nHost: {host}\r\n\r\n",
                "a".repeat(70_000)
            ),
            414,
        ),
        ("HTTP/2.0", "POST / HTTP/2.0\r\n\r\n".into(), 505),
        ("HTTP/3", "GET / HTTP/3\r\n\r\n".into(), 505),
        ("HTTP/0.9", "GET / HTTP/0.9\r\n\r\n".into(), 505),
        (
            "HTTP/2's preface",
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".into(),
            505,
        ),
        // Served as 1.1 when it is HTTP/1.2 to 1.9 (see below); two digits are no version.
        (
            "HTTP/1.23",
            post("\r\n").replace("HTTP/1.1", "HTTP/1.23"),
            400,
        ),
    ];
    for (what, request, status) in cases {
        let mut stream = connect(&emulator).await;
        // A large request may be answered before it is all written: the write may then fail.
        let _ = stream.write_all(request.as_bytes()).await;
        let answer = read_answer(&mut stream).await;
        let answer = answer.unwrap_or_else(|| panic!("{what}: no answer"));
        assert_eq!(answer.status, status, "{what}: {answer:?}");
        // And nothing after it: the connection is closed.
        let rest = closed(&mut stream).await;
        assert!(
            rest.is_empty(),
            "{what}: {}",
            String::from_utf8_lossy(&rest)
        );
    }
    still_serving(&emulator).await;
    assert_no_panic();
}

#[tokio::test]
async fn a_request_without_host_is_refused_only_in_http_1_1() {
    let emulator = builder().start().unwrap();
    let without_host = |version: &str, host_line: &str| {
        let request = String::from_utf8(signed_call(&emulator, "close")).unwrap();
        let host = format!("Host: {}\r\n", emulator.host());
        request
            .replacen("HTTP/1.1", version, 1)
            .replacen(&host, host_line, 1)
    };

    // HTTP/1.1 with no Host: a bare 400 before the API looks at it, and nothing logged.
    let mut stream = connect(&emulator).await;
    stream
        .write_all(without_host("HTTP/1.1", "").as_bytes())
        .await
        .unwrap();
    let answer = read_answer(&mut stream).await.expect("an answer");
    assert_eq!(answer.status, 400, "{answer:?}");
    assert!(answer.body.is_empty(), "{answer:?}");
    assert!(answer.closes(), "{answer:?}");
    assert!(closed(&mut stream).await.is_empty());
    assert!(emulator.call_log().is_empty(), "{:?}", emulator.call_log());

    // HTTP/1.0 may omit it, and an empty Host is a Host: both reach the API, whose signature
    // check wants the Host the client signed.
    for request in [
        without_host("HTTP/1.0", ""),
        without_host("HTTP/1.1", "Host: \r\n"),
    ] {
        let mut stream = connect(&emulator).await;
        stream.write_all(request.as_bytes()).await.unwrap();
        let answer = read_answer(&mut stream).await.expect("an answer");
        assert_eq!(answer.status, 200, "{request}: {answer:?}");
        assert_eq!(
            answer.error_code().as_deref(),
            Some("AuthFailure.SignatureFailure"),
            "{request}"
        );
    }
    still_serving(&emulator).await;
    assert_no_panic();
}

#[tokio::test]
async fn later_minor_versions_of_http_1_are_served_as_1_1() {
    // RFC 9110, section 2.5: a server should serve a later minor version as the highest it
    // speaks. Every request of the connection, not only its first.
    let emulator = builder().start().unwrap();
    let call = |version: &str, connection: &str| {
        let request = String::from_utf8(signed_call(&emulator, connection)).unwrap();
        request.replacen("POST / HTTP/1.1", &format!("POST / {version}"), 1)
    };
    let mut stream = connect(&emulator).await;
    for version in ["HTTP/1.2", "HTTP/1.9", "HTTP/1.5"] {
        stream
            .write_all(call(version, "keep-alive").as_bytes())
            .await
            .unwrap();
        let answer = read_answer(&mut stream).await.expect("an answer");
        assert!(answer.head.starts_with("HTTP/1.1 200 "), "{answer:?}");
        assert_eq!(answer.error_code(), None, "{version}: {}", answer.json());
        assert!(!answer.closes(), "{version}: kept alive, as in 1.1");
    }
    // A request line that arrives in pieces, cut inside its version.
    let request = call("HTTP/1.3", "close");
    let cut = request.find("HTTP/1.3").unwrap() + "HTTP/1.".len();
    stream.write_all(&request.as_bytes()[..cut]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    stream.write_all(&request.as_bytes()[cut..]).await.unwrap();
    let answer = read_answer(&mut stream).await.expect("an answer");
    assert_eq!(answer.error_code(), None, "{}", answer.json());
    assert!(closed(&mut stream).await.is_empty());

    // HTTP/1.0 is not raised to 1.1: it closes after its answer.
    let mut stream = connect(&emulator).await;
    stream
        .write_all(call("HTTP/1.0", "close").as_bytes())
        .await
        .unwrap();
    let answer = read_answer(&mut stream).await.expect("an answer");
    assert_eq!(answer.error_code(), None, "{}", answer.json());
    assert!(closed(&mut stream).await.is_empty());
    assert_no_panic();
}

#[tokio::test]
async fn timeouts_as_long_as_they_come_mean_never() {
    let emulator = builder()
        .header_read_timeout(Duration::MAX)
        .body_read_timeout(Duration::MAX)
        .idle_timeout(Duration::MAX)
        .start()
        .unwrap();
    let mut stream = connect(&emulator).await;
    stream
        .write_all(&signed_call(&emulator, "keep-alive"))
        .await
        .unwrap();
    let answer = read_answer(&mut stream).await.expect("an answer");
    assert_eq!(answer.error_code(), None);
    // The same with a body that never comes (refused, then lingered on) and a head that never
    // ends: nothing overflows.
    let mut refused = connect(&emulator).await;
    let request = head(
        &emulator,
        &format!("Content-Length: {}\r\n", 2 * MAX_BODY_BYTES),
    );
    refused.write_all(request.as_bytes()).await.unwrap();
    let answer = read_answer(&mut refused).await.expect("an answer");
    assert_eq!(answer.error_code().as_deref(), Some("LimitExceeded"));
    stream.write_all(b"POST / HTTP/1.1\r\n").await.unwrap();
    still_serving(&emulator).await;
    assert_no_panic();
}

#[tokio::test]
async fn a_post_without_a_length_has_an_empty_body() {
    // RFC 9112, section 6.3: a request with neither Content-Length nor Transfer-Encoding has no
    // body (no 411): it reaches the protocol, which answers in its terms.
    let emulator = builder().start().unwrap();
    let mut stream = connect(&emulator).await;
    stream
        .write_all(head(&emulator, "Connection: close\r\n").as_bytes())
        .await
        .unwrap();
    let answer = read_answer(&mut stream).await.expect("an answer");
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.error_code().as_deref(),
        Some("AuthFailure.SignatureFailure")
    );
    assert_no_panic();
}
