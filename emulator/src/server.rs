//! The HTTP/1.1 server: accepting connections, reading bodies, sending answers, and standing up
//! to the clients a public endpoint gets.
//!
//! What a hostile or broken client meets:
//!
//! - A body over [`MAX_BODY_BYTES`] is refused as soon as that is known, with the documented
//!   `LimitExceeded` answer and `Connection: close`: at once when its `Content-Length` says so
//!   (before a byte of it is read, and without sending `100 Continue`), or when a chunked body
//!   grows past the limit. Never more than the limit is held. What the client still sends is
//!   then read and dropped for a short while (a lingering close, RFC 9112 section 9.6), so that
//!   a client that writes its whole body before reading gets the answer rather than a reset.
//! - A head must arrive within the header read timeout of its first byte, a body within the body
//!   read timeout of the end of its head (however slowly it trickles in): a stalled head closes
//!   the connection; a stalled body is answered `408 Request Timeout` and the connection closed.
//! - A connection with no request in progress is closed after the idle timeout, including one
//!   that never sends a byte, or never reads its answer.
//! - At most [`Settings::max_connections`] connections are served at once. When a connection
//!   comes in over the limit, every connection with no request in progress is asked to close
//!   (as the idle timeout would close it; an answer being written is finished first), and the
//!   new one waits, accepted but unread, for a place; the ones after it wait in the listen
//!   backlog, unaccepted, and so cost the emulator nothing. None is refused: a place frees up
//!   within the header and body read timeouts of the connections holding them, or sooner.
//!   Idle connections (a client's pool, or a flood of silent ones) therefore never keep a call
//!   out for long, and connections cost a bounded amount of memory: each holds at most hyper's
//!   read buffer for its head (96 KiB, a last read past it included: about 200 KiB at most),
//!   besides its body's share below.
//! - At most [`Settings::max_body_memory`] bytes of request bodies are held at once, all
//!   connections together: a body is read only once its bytes are reserved, and a request
//!   whose bytes are not free waits its turn within its body read timeout, its body unread
//!   (see the `budget` module). Five hundred slow clients sending 1 MiB bodies hold 64 MiB (by
//!   default), not 500 MiB.
//! - A request in a later minor version of HTTP/1 (`HTTP/1.2` to `HTTP/1.9`) is served as
//!   HTTP/1.1 (RFC 9110, section 2.5), its request line rewritten on its way to hyper (see the
//!   `first_line` module).
//! - A malformed request gets the status HTTP/1.1 prescribes and the connection is closed:
//!   hyper answers `400` (request line, header syntax, `Content-Length`, `Transfer-Encoding`),
//!   `431` (too many or too large headers) and `414` (URI too long); the emulator answers `505`
//!   to a first request line in another major version of HTTP (`HTTP/2.0`, HTTP/2's preface),
//!   `400` to a malformed chunked body, to more than one `Host`, and to an HTTP/1.1 request
//!   with no `Host` (RFC 9112, section 3.2; an HTTP/1.0 one may omit it and reaches the API,
//!   which refuses its signature).
//!
//! Every connection is a task of its own and waits without a thread, so hundreds of idle or
//! stalled connections cost their buffers' memory, not service for the others.

mod budget;
mod first_line;
mod watch;

use std::error::Error;
use std::fmt;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::{Body as _, Incoming};
use hyper::header::{CONNECTION, CONTENT_TYPE, HOST, HeaderValue};
use hyper::http::request::Parts;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch as signal};
use tokio::task::JoinSet;
use tokio::time::{Instant, timeout, timeout_at};

use self::budget::{Budget, Reserved, shrink};
use self::first_line::{FirstLine, VERSION_NOT_SUPPORTED, Version};
use self::watch::{Busy, Phase, Watch, Watched};
use crate::protocol::{self, Body, MAX_BODY_BYTES};
use crate::shared::Shared;
use crate::{control, metadata};

/// How long a request's head may take to arrive, from its first byte, unless configured
/// otherwise ([`EmulatorBuilder::header_read_timeout`](crate::EmulatorBuilder::header_read_timeout)).
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a request's body may take to arrive, from the end of its head, unless configured
/// otherwise ([`EmulatorBuilder::body_read_timeout`](crate::EmulatorBuilder::body_read_timeout)).
pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a connection may stay open with no request in progress, unless configured otherwise
/// ([`EmulatorBuilder::idle_timeout`](crate::EmulatorBuilder::idle_timeout)).
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// How many connections are served at once, unless configured otherwise
/// ([`EmulatorBuilder::max_connections`](crate::EmulatorBuilder::max_connections)).
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

/// How many bytes of request bodies are held at once, unless configured otherwise
/// ([`EmulatorBuilder::max_body_memory`](crate::EmulatorBuilder::max_body_memory)): 64 MiB,
/// 64 bodies of the largest size.
pub const DEFAULT_MAX_BODY_MEMORY: usize = 64 << 20;

/// What a connection buffers of a request's head before it answers `431`: room for hyper's
/// longest URI (64 KiB, past which it answers `414`) and 32 KiB of headers. hyper checks the
/// bound before each read, so the last read may take a buffer up to about twice past it; its
/// default (about 400 KiB) let a thousand connections stalled on huge heads hold 400 MiB until
/// their header timeout, this about a quarter of that at most.
const MAX_HEAD_BUFFER: usize = 96 << 10;

/// How a server is configured: its timeouts and what it may hold at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Settings {
    pub(crate) timeouts: Timeouts,
    /// Connections served at once (at least 1, see [`Settings::checked`]).
    pub(crate) max_connections: usize,
    /// Bytes of request bodies held at once (taken as [`MAX_BODY_BYTES`] when less).
    pub(crate) max_body_memory: usize,
}

impl Settings {
    /// The settings, unless one cannot be served with.
    ///
    /// # Errors
    /// `InvalidInput`, naming the setting, for a `max_connections` of 0.
    pub(crate) fn checked(self) -> std::io::Result<Settings> {
        if self.max_connections == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "max_connections: the emulator needs at least 1 connection to serve",
            ));
        }
        Ok(self)
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            timeouts: Timeouts::default(),
            max_connections: DEFAULT_MAX_CONNECTIONS,
            max_body_memory: DEFAULT_MAX_BODY_MEMORY,
        }
    }
}

/// What every connection of a server shares.
struct Server {
    shared: Arc<Shared>,
    timeouts: Timeouts,
    bodies: Budget,
}

/// The time limits of every connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Timeouts {
    pub(crate) idle: Duration,
    pub(crate) header_read: Duration,
    pub(crate) body_read: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            idle: DEFAULT_IDLE_TIMEOUT,
            header_read: DEFAULT_HEADER_READ_TIMEOUT,
            body_read: DEFAULT_BODY_READ_TIMEOUT,
        }
    }
}

/// `timeout`, or a year if longer: deadlines are instants, and an instant a `Duration::MAX` away
/// does not exist.
pub(crate) fn at_most_a_year(timeout: Duration) -> Duration {
    timeout.min(Duration::from_secs(365 * 24 * 3600))
}

/// The longest a lingering close reads and drops what a client still sends (the body read
/// timeout when shorter), and the most it drops.
const LINGER: Duration = Duration::from_secs(2);
const LINGER_BYTES: usize = 16 << 20;

/// How long in-flight calls may take to finish once the emulator is stopped.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(1);

/// Serves connections from `listener` until `stop` changes (or its sender is dropped).
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    settings: Settings,
    mut stop: signal::Receiver<bool>,
) {
    let server = Arc::new(Server {
        shared,
        timeouts: settings.timeouts,
        bodies: Budget::new(settings.max_body_memory),
    });
    let slots = Arc::new(Semaphore::new(
        settings.max_connections.clamp(1, Semaphore::MAX_PERMITS),
    ));
    // Changed to ask the connections with no request in progress to close.
    let reclaim = signal::Sender::new(());
    let mut connections = JoinSet::new();
    'accept: loop {
        let accepted = tokio::select! {
            _ = stop.changed() => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(error) => {
                // Out of file descriptors and the like: wait a little rather than spin.
                eprintln!("tcr-emulator: accepting a connection failed: {error}");
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let slot = match Arc::clone(&slots).try_acquire_owned() {
            Ok(slot) => slot,
            Err(_) => {
                // Full: the idle connections make room, and this one waits for a slot (the
                // ones after it wait in the listen backlog, not accepted).
                reclaim.send_replace(());
                loop {
                    tokio::select! {
                        _ = stop.changed() => break 'accept,
                        Some(_) = connections.join_next(), if !connections.is_empty() => {}
                        slot = Arc::clone(&slots).acquire_owned() => match slot {
                            Ok(slot) => break slot,
                            // Never closed; were it, serving would be over.
                            Err(_) => break 'accept,
                        },
                    }
                }
            }
        };
        connections.spawn(connection(
            stream,
            Arc::clone(&server),
            slot,
            stop.clone(),
            reclaim.subscribe(),
        ));
    }
    drop(listener);
    let drained = tokio::time::timeout(SHUTDOWN_GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        connections.abort_all();
    }
    drop(reclaim);
}

/// Serves one connection until the client closes it, a timeout cuts it off, the server needs
/// room while it is idle (`reclaim` changes), or the emulator stops (the call in progress is
/// finished first). `_slot` is its place among the connections served at once.
async fn connection(
    mut stream: TcpStream,
    server: Arc<Server>,
    _slot: OwnedSemaphorePermit,
    mut stop: signal::Receiver<bool>,
    mut reclaim: signal::Receiver<()>,
) {
    let _ = stream.set_nodelay(true);
    let timeouts = server.timeouts;
    let accepted = Instant::now();
    // Idle until its first byte (or its end): closed if the server needs room meanwhile.
    // (Peeked rather than awaited as readiness, which may be told when there is nothing.)
    let mut peeked = [0u8];
    let waited = tokio::select! {
        waited = timeout_at(accepted + timeouts.idle, stream.peek(&mut peeked)) => waited,
        _ = stop.changed() => return,
        _ = reclaim.changed() => return,
    };
    if !matches!(waited, Ok(Ok(1))) {
        return;
    }
    let first = tokio::select! {
        first = first_line::read(&mut stream, accepted + timeouts.idle, timeouts.header_read) => first,
        _ = stop.changed() => return,
    };
    let (read, first_byte) = match first {
        FirstLine::Gone => return,
        FirstLine::Read {
            version: Version::Other,
            ..
        } => {
            let written = timeout(
                timeouts.header_read,
                stream.write_all(VERSION_NOT_SUPPORTED),
            )
            .await;
            if matches!(written, Ok(Ok(()))) {
                linger(stream, &timeouts).await;
            }
            return;
        }
        FirstLine::Read {
            bytes, first_byte, ..
        } => (bytes, first_byte),
    };

    let watch = Watch::new(accepted, Phase::Head, first_byte);
    let io = TokioIo::new(Watched::new(stream, read, Arc::clone(&watch)));
    let service = {
        let watch = Arc::clone(&watch);
        service_fn(move |request| {
            // Marked busy as hyper hands the request over, not when the future first runs.
            let busy = watch.busy();
            handle(Arc::clone(&server), request, busy)
        })
    };
    let mut conn = http1::Builder::new()
        // hyper's timer would count the idle time before a head as the head's: the watch
        // keeps the two apart.
        .header_read_timeout(None)
        .max_buf_size(MAX_HEAD_BUFFER)
        .serve_connection(io, service);

    let look = tokio::time::sleep_until(watch.next_look(&timeouts, Instant::now()));
    tokio::pin!(look);
    let mut stopping = false;
    let result = loop {
        tokio::select! {
            biased;
            result = &mut conn => break result,
            _ = stop.changed(), if !stopping => {
                stopping = true;
                std::pin::Pin::new(&mut conn).graceful_shutdown();
            }
            reclaimed = reclaim.changed(), if !stopping => {
                // Only between requests: hyper finishes writing an answer, then closes. (A
                // server gone makes `changed` fail: closing is right then too.)
                if reclaimed.is_err() || watch.phase().0 == Phase::Idle {
                    stopping = true;
                    std::pin::Pin::new(&mut conn).graceful_shutdown();
                }
            }
            () = &mut look => {
                let now = Instant::now();
                if watch.deadline(&timeouts).is_some_and(|deadline| deadline <= now) {
                    // Idle too long, or a head too slow: closed without an answer.
                    return;
                }
                look.as_mut().reset(watch.next_look(&timeouts, now));
            }
        }
    };
    // An answer sent before the request was read to its end (a refused body, a malformed
    // request hyper answered): linger so that the client reads it rather than a reset.
    let lingers = match &result {
        Ok(()) => watch.lingers(),
        Err(error) => error.is_parse() || error.is_parse_too_large(),
    };
    if lingers {
        let stream = conn.into_parts().io.into_inner().into_stream();
        linger(stream, &timeouts).await;
    }
}

/// Closes the sending side, then reads and drops what the client still sends until it closes
/// too, for at most [`LINGER`] (or the body read timeout, when shorter) and [`LINGER_BYTES`].
async fn linger(mut stream: TcpStream, timeouts: &Timeouts) {
    let _ = stream.shutdown().await;
    let deadline = Instant::now() + LINGER.min(timeouts.body_read);
    let mut sink = vec![0; 16 << 10];
    let mut dropped = 0;
    while dropped < LINGER_BYTES {
        match timeout_at(deadline, stream.read(&mut sink)).await {
            Ok(Ok(n)) if n > 0 => dropped += n,
            _ => break,
        }
    }
}

/// The service's error: the connection is closed without an answer.
#[derive(Debug)]
struct NoAnswer;

impl fmt::Display for NoAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection closed without an answer")
    }
}

impl Error for NoAnswer {}

async fn handle(
    server: Arc<Server>,
    request: Request<Incoming>,
    busy: Busy,
) -> Result<Response<Full<Bytes>>, NoAnswer> {
    let shared = &server.shared;
    let (head, body) = request.into_parts();
    if !host_is_acceptable(&head) {
        if !body.is_end_stream() {
            busy.linger();
        }
        return Ok(bare(StatusCode::BAD_REQUEST));
    }
    // Held until the answer is ready.
    let (body, held) = if body.size_hint().lower() > MAX_BODY_BYTES as u64 {
        // Refused on its declared length, before a byte of it is read.
        (Body::TooLarge, None)
    } else {
        match timeout(
            server.timeouts.body_read,
            read_reserved(&server.bodies, body),
        )
        .await
        {
            Ok(Ok(read)) => read,
            Err(_) => return Ok(bare(StatusCode::REQUEST_TIMEOUT)),
            Ok(Err(error)) if is_malformed(&error) => {
                busy.linger();
                return Ok(bare(StatusCode::BAD_REQUEST));
            }
            // A client that goes away mid-body gets no answer, and needs none.
            Ok(Err(_)) => return Err(NoAnswer),
        }
    };
    let read_whole = matches!(body, Body::Complete(_));
    if !read_whole {
        busy.linger();
    }
    if head.uri.path().starts_with(control::PREFIX) {
        let (status, json) = control::handle(shared, &head, body);
        return Ok(json_response(status, json, read_whole));
    }
    if head.uri.path().starts_with(metadata::PREFIX) {
        let answer = metadata::answer(shared, &head);
        let mut response = json_response(answer.status, answer.body, read_whole);
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(answer.content_type));
        return Ok(response);
    }
    let answer = protocol::answer(shared, &head, body);
    drop(held);
    if let Some(delay) = answer.delay {
        tokio::time::sleep(delay).await;
    }
    if answer.close {
        return Err(NoAnswer);
    }
    Ok(json_response(StatusCode::OK, answer.body, read_whole))
}

/// Reserves the body's bytes from `bodies` (waiting for them if others hold the budget), then
/// reads it; what is reserved is then what the body holds.
async fn read_reserved(
    bodies: &Budget,
    body: Incoming,
) -> Result<(Body, Option<Reserved<'_>>), hyper::Error> {
    if body.is_end_stream() {
        return Ok((Body::Complete(Bytes::new()), None));
    }
    let declared = body.size_hint().exact();
    let bytes = declared.map_or(MAX_BODY_BYTES, |n| {
        usize::try_from(n).unwrap_or(MAX_BODY_BYTES)
    });
    let mut reserved = bodies.reserve(bytes).await;
    let body = read_body(body).await?;
    match (&body, &mut reserved) {
        (Body::Complete(bytes), Some(reserved)) => shrink(reserved, bytes.len()),
        (Body::TooLarge, _) => reserved = None,
        (Body::Complete(_), None) => {}
    }
    Ok((body, reserved))
}

/// Whether the request's `Host` headers are as RFC 9112, section 3.2, requires: never more than
/// one, and one in every HTTP/1.1 request (an HTTP/1.0 request may have none). A `Host` with an
/// empty value is let through: the RFC allows it when the target has no authority, and the
/// signature check answers it in the API's terms.
fn host_is_acceptable(head: &Parts) -> bool {
    let mut hosts = head.headers.get_all(HOST).iter();
    match (hosts.next(), hosts.next()) {
        (Some(_), None) => true,
        (None, _) => head.version == hyper::Version::HTTP_10,
        (Some(_), Some(_)) => false,
    }
}

/// Reads the body, all of it up to [`MAX_BODY_BYTES`]; stops as soon as it grows past that.
/// A body that arrives in one piece (the usual case) is not copied.
async fn read_body(mut body: Incoming) -> Result<Body, hyper::Error> {
    let mut first: Option<Bytes> = None;
    let mut joined: Option<Vec<u8>> = None;
    let mut total: usize = 0;
    while let Some(frame) = body.frame().await {
        let Ok(data) = frame?.into_data() else {
            continue; // trailers
        };
        total = total.saturating_add(data.len());
        if total > MAX_BODY_BYTES {
            return Ok(Body::TooLarge);
        }
        match (&first, &mut joined) {
            (None, _) => first = Some(data),
            (Some(_), Some(joined)) => joined.extend_from_slice(&data),
            (Some(first), None) => joined = Some([&first[..], &data[..]].concat()),
        }
    }
    Ok(Body::Complete(match joined {
        Some(joined) => Bytes::from(joined),
        None => first.unwrap_or_default(),
    }))
}

/// Whether a body failed to arrive because it is malformed (a bad chunk size line, say), rather
/// than because the client went away.
fn is_malformed(error: &hyper::Error) -> bool {
    error
        .source()
        .and_then(|source| source.downcast_ref::<io::Error>())
        .is_some_and(|error| {
            matches!(
                error.kind(),
                io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput
            )
        })
}

/// A bare status answer (no body), after which the connection is closed: a request too slow or
/// too broken to answer in the protocol's terms.
fn bare(status: StatusCode) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONNECTION, HeaderValue::from_static("close"));
    response
}

/// An answer with `Content-Type: application/json` exactly, as the official SDKs need.
pub(crate) fn json_response(
    status: StatusCode,
    body: Vec<u8>,
    keep_alive: bool,
) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if !keep_alive {
        response
            .headers_mut()
            .insert(CONNECTION, HeaderValue::from_static("close"));
    }
    response
}
