//! The HTTP/1.1 server: accepting connections, reading bodies, sending answers.

use std::error::Error;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{CONNECTION, CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{HeaderMap, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::protocol::{self, Body, MAX_BODY_BYTES};
use crate::shared::Shared;
use crate::{control, metadata};

/// Beyond 1 MiB the body is read and dropped, so that the client reads the answer instead of a
/// reset connection; beyond this, the connection is closed after answering.
const DRAIN_LIMIT: u64 = 16 << 20;

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
    let service = service_fn(move |request| handle(Arc::clone(&shared), request));
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(30));
    let conn = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = stop.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
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
) -> Result<Response<Full<Bytes>>, NoAnswer> {
    let (head, body) = request.into_parts();
    let too_long_to_drain = declared_length(&head.headers).is_some_and(|n| n > DRAIN_LIMIT);
    let (body, drained) = if too_long_to_drain {
        (Body::TooLarge, false)
    } else {
        // A client that goes away mid-body gets no answer, and needs none.
        read_body(body).await.map_err(|_| NoAnswer)?
    };
    if head.uri.path().starts_with(control::PREFIX) {
        let (status, json) = control::handle(&shared, &head, body);
        return Ok(json_response(status, json, drained));
    }
    if head.uri.path().starts_with(metadata::PREFIX) {
        let answer = metadata::answer(&shared, &head);
        let mut response = json_response(answer.status, answer.body, drained);
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
    Ok(json_response(StatusCode::OK, answer.body, drained))
}

fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Reads the body: all of it up to 1 MiB; past that, reads on and drops the bytes up to
/// [`DRAIN_LIMIT`]. The flag says whether the body was read to its end.
async fn read_body(mut body: Incoming) -> Result<(Body, bool), hyper::Error> {
    let mut buf = Vec::new();
    let mut total: u64 = 0;
    let limit = MAX_BODY_BYTES as u64;
    while let Some(frame) = body.frame().await {
        let Ok(data) = frame?.into_data() else {
            continue;
        };
        total = total.saturating_add(data.len() as u64);
        if total <= limit {
            buf.extend_from_slice(&data);
        } else if total > DRAIN_LIMIT {
            return Ok((Body::TooLarge, false));
        }
    }
    if total > limit {
        Ok((Body::TooLarge, true))
    } else {
        Ok((Body::Complete(Bytes::from(buf)), true))
    }
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
