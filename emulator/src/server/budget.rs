//! The memory request bodies may take at once.
//!
//! A body is read only once its bytes are reserved from the server's budget: as many as its
//! `Content-Length` says, or [`MAX_BODY_BYTES`] for one of unknown length (chunked), given back
//! down to its size once it is read. They stay reserved while the request is handled and are
//! given back when its answer is ready (before any delay a fault orders).
//!
//! When the budget is spent, a request waits its turn, first come first served, without a
//! byte of its body being read: the body waits in the socket's buffers, and TCP slows its
//! sender down. The wait counts against the body read timeout, as if the body were slow to
//! come (past it, the request is answered `408`). The reservations ahead of it are given back
//! by their own bodies' deadlines (read and answered, or answered `408`), which come before its
//! own: the wait is for the requests that came first, never open-ended, and a request whose
//! body already sits in the socket's buffers is read as soon as its turn comes.
//!
//! Waiting rather than answering an error at once (`RequestLimitExceeded`, say) is what a
//! server whose buffers are full does: it stops reading, and TCP flow control does the rest. A
//! burst of honest uploads is then slowed, not refused, and a waiting request costs only its
//! head.

use tokio::sync::{Semaphore, SemaphorePermit, TryAcquireError};

use crate::protocol::MAX_BODY_BYTES;

/// Bytes reserved for one body; given back when dropped.
pub(super) type Reserved<'a> = SemaphorePermit<'a>;

/// The bytes of request bodies a server may hold at once.
#[derive(Debug)]
pub(super) struct Budget(Semaphore);

impl Budget {
    /// A budget of `bytes`: at least [`MAX_BODY_BYTES`], so that any body the emulator accepts
    /// can be read, and at most what a semaphore counts.
    pub(super) fn new(bytes: usize) -> Budget {
        Budget(Semaphore::new(
            bytes.clamp(MAX_BODY_BYTES, Semaphore::MAX_PERMITS),
        ))
    }

    /// Reserves `bytes` (at most [`MAX_BODY_BYTES`]), waiting behind earlier reservations
    /// until they are free. `None` only if the budget were closed, which it never is.
    pub(super) async fn reserve(&self, bytes: usize) -> Option<Reserved<'_>> {
        // At most 1 MiB: within a u32.
        let bytes = u32::try_from(bytes.min(MAX_BODY_BYTES)).unwrap_or(u32::MAX);
        match self.0.try_acquire_many(bytes) {
            Ok(reserved) => Some(reserved),
            Err(TryAcquireError::NoPermits) => self.0.acquire_many(bytes).await.ok(),
            Err(TryAcquireError::Closed) => None,
        }
    }

    /// The bytes not reserved.
    #[cfg(test)]
    fn free(&self) -> usize {
        self.0.available_permits()
    }
}

/// Gives back what `reserved` holds beyond `bytes`.
pub(super) fn shrink(reserved: &mut Reserved<'_>, bytes: usize) {
    let excess = reserved.num_permits().saturating_sub(bytes);
    drop(reserved.split(excess));
}

#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::pin::Pin;
    use std::task::Poll;

    use super::*;

    /// Polls `future` once: its output if it is ready.
    async fn poll_once<F: Future + Unpin>(future: &mut F) -> Option<F::Output> {
        std::future::poll_fn(|cx| {
            Poll::Ready(match Pin::new(&mut *future).poll(cx) {
                Poll::Ready(output) => Some(output),
                Poll::Pending => None,
            })
        })
        .await
    }

    #[tokio::test]
    async fn reservations_wait_their_turn_and_are_given_back() {
        let budget = Budget::new(0);
        assert_eq!(budget.free(), MAX_BODY_BYTES, "never less than one body");

        // Never more than a body.
        let mut unknown = budget.reserve(usize::MAX).await.unwrap();
        assert_eq!(unknown.num_permits(), MAX_BODY_BYTES);
        assert_eq!(budget.free(), 0);

        let half = budget.reserve(MAX_BODY_BYTES / 2);
        let small = budget.reserve(10);
        tokio::pin!(half, small);
        assert!(poll_once(&mut half).await.is_none());
        assert!(poll_once(&mut small).await.is_none());

        // Room for the small one, not for the half before it: it waits its turn.
        shrink(&mut unknown, MAX_BODY_BYTES / 2 + 5);
        assert_eq!(unknown.num_permits(), MAX_BODY_BYTES / 2 + 5);
        assert!(poll_once(&mut half).await.is_none());
        assert!(poll_once(&mut small).await.is_none());

        drop(unknown);
        let half = poll_once(&mut half).await.flatten().expect("reserved");
        let small = poll_once(&mut small).await.flatten().expect("reserved");
        assert_eq!(budget.free(), MAX_BODY_BYTES - MAX_BODY_BYTES / 2 - 10);
        drop((half, small));
        assert_eq!(budget.free(), MAX_BODY_BYTES);

        let large = Budget::new(usize::MAX);
        assert_eq!(large.free(), Semaphore::MAX_PERMITS);
    }
}
