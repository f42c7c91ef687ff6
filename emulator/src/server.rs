//! The HTTP/1.1 server: accepting connections, reading bodies, sending answers.
//!
//! A body over [`MAX_BODY_BYTES`] is refused as soon as that is known, with the documented
//! `LimitExceeded` answer and `Connection: close`: at once when its `Content-Length` says so
//! (before a byte of it is read, and without sending `100 Continue`), or when a chunked body
//! grows past the limit. Never more than the limit is held. What the client still sends is then
//! read and dropped for a short while (a lingering close, RFC 9112 section 9.6), so that a client
//! that writes its whole body before reading gets the answer rather than a reset. A malformed
//! chunked body and more than one `Host` are answered `400`, and the connection closed.

use std::error::Error;
use std::fmt;
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::{Body as _, Incoming};
use hyper::header::{CONNECTION, CONTENT_TYPE, HOST, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio::time::{Instant, timeout_at};

use crate::protocol::{self, Body, MAX_BODY_BYTES};
use crate::shared::Shared;
use crate::{control, metadata};

/// The longest a lingering close reads and drops what a client still sends, and the most it
/// drops.
const LINGER: Duration = Duration::from_secs(2);
const LINGER_BYTES: usize = 16 << 20;

/// How long in-flight calls may take to finish once the emulator is stopped.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(1);

/// Serves connections from `listener` until `stop` changes (or its sender is dropped).
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(connection(stream, Arc::clone(&shared), stop.clone()));
                }
                Err(error) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    eprintln!("tcr-emulator: accepting a connection failed: {error}");
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            },
        }
    }
    drop(listener);
    let drained = tokio::time::timeout(SHUTDOWN_GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        connections.abort_all();
    }
}

/// Serves one connection; on stop, finishes the call in progress and closes.
async fn connection(stream: TcpStream, shared: Arc<Shared>, mut stop: watch::Receiver<bool>) {
    let _ = stream.set_nodelay(true);
    let lingers = Arc::new(AtomicBool::new(false));
    let service = {
        let lingers = Arc::clone(&lingers);
        service_fn(move |request| handle(Arc::clone(&shared), request, Arc::clone(&lingers)))
    };
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(30));
    let mut conn = builder.serve_connection(TokioIo::new(stream), service);
    let result = tokio::select! {
        result = &mut conn => result,
        _ = stop.changed() => {
            std::pin::Pin::new(&mut conn).graceful_shutdown();
            (&mut conn).await
        }
    };
    // An answer sent before the request was read to its end (a refused body, a malformed
    // request hyper answered): linger so that the client reads it rather than a reset.
    let lingers = match &result {
        Ok(()) => lingers.load(Ordering::Relaxed),
        Err(error) => error.is_parse() || error.is_parse_too_large(),
    };
    if lingers {
        linger(conn.into_parts().io.into_inner()).await;
    }
}

/// Closes the sending side, then reads and drops what the client still sends until it closes
/// too, for at most [`LINGER`] and [`LINGER_BYTES`].
async fn linger(mut stream: TcpStream) {
    let _ = stream.shutdown().await;
    let deadline = Instant::now() + LINGER;
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
    shared: Arc<Shared>,
    request: Request<Incoming>,
    lingers: Arc<AtomicBool>,
) -> Result<Response<Full<Bytes>>, NoAnswer> {
    let (head, body) = request.into_parts();
    if head.headers.get_all(HOST).iter().nth(1).is_some() {
        // RFC 9112, section 3.2: more than one Host is a bad request.
        if !body.is_end_stream() {
            lingers.store(true, Ordering::Relaxed);
        }
        return Ok(bare(StatusCode::BAD_REQUEST));
    }
    let body = if body.size_hint().lower() > MAX_BODY_BYTES as u64 {
        // Refused on its declared length, before a byte of it is read.
        Body::TooLarge
    } else {
        match read_body(body).await {
            Ok(body) => body,
            Err(error) if is_malformed(&error) => {
                lingers.store(true, Ordering::Relaxed);
                return Ok(bare(StatusCode::BAD_REQUEST));
            }
            // A client that goes away mid-body gets no answer, and needs none.
            Err(_) => return Err(NoAnswer),
        }
    };
    let read_whole = matches!(body, Body::Complete(_));
    if !read_whole {
        lingers.store(true, Ordering::Relaxed);
    }
    if head.uri.path().starts_with(control::PREFIX) {
        let (status, json) = control::handle(&shared, &head, body);
        return Ok(json_response(status, json, read_whole));
    }
    if head.uri.path().starts_with(metadata::PREFIX) {
        let answer = metadata::answer(&shared, &head);
        let mut response = json_response(answer.status, answer.body, read_whole);
        response
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(answer.content_type));
        return Ok(response);
    }
    let answer = protocol::answer(&shared, &head, body);
    if let Some(delay) = answer.delay {
        tokio::time::sleep(delay).await;
    }
    if answer.close {
        return Err(NoAnswer);
    }
    Ok(json_response(StatusCode::OK, answer.body, read_whole))
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
