//! What a connection is doing, and since when: the clock its idle and header timeouts are
//! measured by.
//!
//! hyper's own `header_read_timeout` starts when hyper begins waiting for a head, so on a
//! kept-alive connection it counts the idle time before a request and the time its head takes
//! as one. The emulator keeps them apart (an idle connection may wait longer than a head may
//! take to arrive), with one timer per connection rather than one per request:
//!
//! - [`Phase::Idle`]: no request in progress and no byte of the next one received. Starts at
//!   accept and when an answer has been produced; bounded by the idle timeout. It also covers
//!   the writing of that answer, so a client that never reads its answers is let go too.
//! - [`Phase::Head`]: bytes of a request have arrived, its head is not complete yet; bounded by
//!   the header read timeout from the first byte.
//! - [`Phase::Busy`]: the service is handling a request (reading its body, bounded by the
//!   body read timeout in the service itself; holding a delay fault; acting). No deadline here.
//!
//! [`Watched`] notes the first byte of each request as it reads; the service marks the busy
//! phase with a [`Busy`] guard.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::task::{Context, Poll, ready};
use std::time::Duration;

use bytes::{Buf, Bytes, BytesMut};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::Instant;

use super::Timeouts;
use super::first_line::LaterMinor;

/// What a connection is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Phase {
    Idle = 0,
    Head = 1,
    Busy = 2,
}

impl Phase {
    fn from_u8(value: u8) -> Phase {
        match value {
            0 => Phase::Idle,
            1 => Phase::Head,
            _ => Phase::Busy,
        }
    }
}

/// One connection's phase and when it began, shared by its reader, its service and the task
/// that serves it (all on one task: the atomics are for `Send`, not for contention).
#[derive(Debug)]
pub(super) struct Watch {
    /// When the connection was accepted; `since` counts from here.
    epoch: Instant,
    phase: AtomicU8,
    /// Nanoseconds from `epoch` to the start of the current phase.
    since: AtomicU64,
    /// Whether to read and drop what the client still sends before closing: set when the
    /// emulator answered without reading a request's whole body.
    linger: AtomicBool,
}

impl Watch {
    /// A connection in `phase` since `since`.
    pub(super) fn new(epoch: Instant, phase: Phase, since: Instant) -> Arc<Watch> {
        let watch = Watch {
            epoch,
            phase: AtomicU8::new(phase as u8),
            since: AtomicU64::new(0),
            linger: AtomicBool::new(false),
        };
        watch.since.store(watch.offset(since), Ordering::Relaxed);
        Arc::new(watch)
    }

    fn offset(&self, at: Instant) -> u64 {
        u64::try_from(at.saturating_duration_since(self.epoch).as_nanos()).unwrap_or(u64::MAX)
    }

    fn enter(&self, phase: Phase, at: Instant) {
        self.since.store(self.offset(at), Ordering::Relaxed);
        self.phase.store(phase as u8, Ordering::Relaxed);
    }

    /// The current phase and when it began.
    pub(super) fn phase(&self) -> (Phase, Instant) {
        let phase = Phase::from_u8(self.phase.load(Ordering::Relaxed));
        let since = self.epoch + Duration::from_nanos(self.since.load(Ordering::Relaxed));
        (phase, since)
    }

    /// Bytes arrived: the first of a new request's head when the connection was idle (then
    /// true).
    fn bytes_arrived(&self) -> bool {
        let idle = self.phase.load(Ordering::Relaxed) == Phase::Idle as u8;
        if idle {
            self.enter(Phase::Head, Instant::now());
        }
        idle
    }

    /// A request's head is complete and the service has it: busy until the guard is dropped.
    pub(super) fn busy(self: &Arc<Self>) -> Busy {
        self.phase.store(Phase::Busy as u8, Ordering::Relaxed);
        Busy(Arc::clone(self))
    }

    /// Asks for a lingering close (see [`Watch::lingers`]).
    pub(super) fn linger(&self) {
        self.linger.store(true, Ordering::Relaxed);
    }

    /// Whether an answer was sent before the request's body was read.
    pub(super) fn lingers(&self) -> bool {
        self.linger.load(Ordering::Relaxed)
    }

    /// When the current phase overstays its timeout, if it has one.
    pub(super) fn deadline(&self, timeouts: &Timeouts) -> Option<Instant> {
        match self.phase() {
            (Phase::Idle, since) => Some(since + timeouts.idle),
            (Phase::Head, since) => Some(since + timeouts.header_read),
            (Phase::Busy, _) => None,
        }
    }

    /// When to look again, at `now`: never later than the current phase's deadline, nor than
    /// any deadline a phase entered from now on could have, so that a single timer, reset only
    /// when it fires, is never late. (A head that starts at `t >= now` ends by
    /// `t + header_read >= now + header_read`; an idle time that starts at `t >= now` ends by
    /// `t + idle >= now + idle`.)
    pub(super) fn next_look(&self, timeouts: &Timeouts, now: Instant) -> Instant {
        let soonest_new = now + timeouts.idle.min(timeouts.header_read);
        match self.deadline(timeouts) {
            Some(deadline) => deadline.min(soonest_new),
            None => soonest_new,
        }
    }
}

/// The busy phase of a connection; back to idle when dropped (the answer is produced, or the
/// request abandoned).
#[derive(Debug)]
pub(super) struct Busy(Arc<Watch>);

impl Busy {
    /// Asks for a lingering close once the answer is sent (see [`Watch::lingers`]).
    pub(super) fn linger(&self) {
        self.0.linger();
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.enter(Phase::Idle, Instant::now());
    }
}

/// The connection's socket as hyper sees it: the bytes read before hyper took over come first,
/// every read tells the [`Watch`] that bytes arrived, and the request line of every request
/// that begins on an idle connection has a later minor version of HTTP/1 rewritten to 1.1 (see
/// [`LaterMinor`]).
#[derive(Debug)]
pub(super) struct Watched {
    stream: TcpStream,
    replay: Bytes,
    watch: Arc<Watch>,
    /// The request line being read, while its version is still to come.
    line: Option<LaterMinor>,
}

impl Watched {
    /// `stream`, with `replay` (the start of the first request, read before) to be read first.
    pub(super) fn new(stream: TcpStream, mut replay: BytesMut, watch: Arc<Watch>) -> Watched {
        let mut line = LaterMinor::default();
        let done = line.feed(&mut replay);
        Watched {
            stream,
            replay: replay.freeze(),
            watch,
            line: (!done).then_some(line),
        }
    }

    /// The socket back, once hyper is done with it.
    pub(super) fn into_stream(self) -> TcpStream {
        self.stream
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if !this.replay.is_empty() {
            let n = this.replay.len().min(buf.remaining());
            buf.put_slice(&this.replay[..n]);
            this.replay.advance(n);
            if this.replay.is_empty() {
                this.replay = Bytes::new(); // frees the buffer
            }
            return Poll::Ready(Ok(()));
        }
        let before = buf.filled().len();
        ready!(Pin::new(&mut this.stream).poll_read(cx, buf))?;
        if buf.filled().len() > before {
            if this.watch.bytes_arrived() {
                this.line = Some(LaterMinor::default());
            }
            if let Some(line) = &mut this.line {
                if line.feed(&mut buf.filled_mut()[before..]) {
                    this.line = None;
                }
            }
        }
        Poll::Ready(Ok(()))
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timeouts(idle_ms: u64, header_ms: u64) -> Timeouts {
        Timeouts {
            idle: Duration::from_millis(idle_ms),
            header_read: Duration::from_millis(header_ms),
            body_read: Duration::from_secs(10),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn phases_and_their_deadlines() {
        let start = Instant::now();
        let watch = Watch::new(start, Phase::Idle, start);
        let t = timeouts(300, 100);
        assert_eq!(watch.deadline(&t), Some(start + Duration::from_millis(300)));
        // While idle, look again no later than a head starting now could time out.
        assert_eq!(
            watch.next_look(&t, start),
            start + Duration::from_millis(100)
        );

        tokio::time::advance(Duration::from_millis(50)).await;
        watch.bytes_arrived();
        let head = start + Duration::from_millis(50);
        assert_eq!(watch.phase(), (Phase::Head, head));
        assert_eq!(watch.deadline(&t), Some(head + Duration::from_millis(100)));
        // More bytes of the same head do not move it.
        tokio::time::advance(Duration::from_millis(20)).await;
        watch.bytes_arrived();
        assert_eq!(watch.phase(), (Phase::Head, head));

        let busy = watch.busy();
        assert_eq!(watch.deadline(&t), None);
        watch.bytes_arrived(); // a body's bytes
        assert_eq!(watch.phase().0, Phase::Busy);
        tokio::time::advance(Duration::from_secs(5)).await;
        drop(busy);
        let idle = start + Duration::from_millis(5070);
        assert_eq!(watch.phase(), (Phase::Idle, idle));
        assert_eq!(watch.deadline(&t), Some(idle + Duration::from_millis(300)));
    }

    #[test]
    fn a_look_is_never_later_than_a_deadline() {
        let start = Instant::now();
        let ms = Duration::from_millis;
        for (idle, header) in [(300, 100), (100, 300), (200, 200)] {
            let t = timeouts(idle, header);
            let soonest = start + t.idle.min(t.header_read);
            // Whatever phase comes next, its deadline is at or after the look.
            for phase in [Phase::Idle, Phase::Head] {
                let watch = Watch::new(start, phase, start);
                let look = watch.next_look(&t, start + ms(10));
                assert!(look <= watch.deadline(&t).unwrap(), "{phase:?}");
                assert!(look <= soonest + ms(10), "{phase:?}");
                let _busy = watch.busy();
                assert_eq!(watch.next_look(&t, start + ms(10)), soonest + ms(10));
            }
        }
    }
}
