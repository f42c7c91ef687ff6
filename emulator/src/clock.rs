//! The emulator's clock: the system's, moved forward as tests ask, so that temporary
//! credentials can be made to expire without waiting.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The time every check and answer of the emulator uses: signature timestamps, token expiry,
/// issue times, service-account times.
#[derive(Debug, Default)]
pub(crate) struct Clock {
    ahead_millis: AtomicU64,
}

impl Clock {
    /// The system time plus how far the clock was moved forward.
    pub(crate) fn now(&self) -> SystemTime {
        SystemTime::now() + Duration::from_millis(self.ahead_millis.load(Ordering::SeqCst))
    }

    /// Moves the clock forward.
    pub(crate) fn advance(&self, by: Duration) {
        let millis = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
        self.ahead_millis.fetch_add(millis, Ordering::SeqCst);
    }

    /// How far ahead of the system's clock it is.
    pub(crate) fn ahead(&self) -> Duration {
        Duration::from_millis(self.ahead_millis.load(Ordering::SeqCst))
    }
}

/// Whole unix seconds of `time` (0 before the epoch).
pub(crate) fn seconds(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advances_and_never_goes_back() {
        let clock = Clock::default();
        let before = seconds(clock.now());
        clock.advance(Duration::from_secs(3600));
        assert!(seconds(clock.now()) >= before + 3600);
        assert_eq!(clock.ahead(), Duration::from_secs(3600));
    }
}
