//! The spec's per-action rate limit, honoured on the client side so that a busy program waits
//! instead of being refused with `RequestLimitExceeded`.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

/// How many requests per second the client sends for one action.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum RateLimit {
    /// The limit the spec states for each action (20 per second for TCR's service accounts).
    #[default]
    FromSpec,
    /// The same limit for every action.
    PerSecond(NonZeroU32),
    /// No client-side limit.
    Off,
}

impl RateLimit {
    /// The limit for an action whose spec says `spec_per_second`; `None` means unlimited.
    pub fn per_second(self, spec_per_second: u32) -> Option<NonZeroU32> {
        match self {
            RateLimit::FromSpec => NonZeroU32::new(spec_per_second),
            RateLimit::PerSecond(n) => Some(n),
            RateLimit::Off => None,
        }
    }
}

/// One limiter per action, created on first use.
#[derive(Debug, Default)]
pub(crate) struct Limiters {
    setting: RateLimit,
    by_action: Mutex<HashMap<(&'static str, &'static str), Arc<DefaultDirectRateLimiter>>>,
}

impl Limiters {
    pub(crate) fn new(setting: RateLimit) -> Limiters {
        Limiters {
            setting,
            by_action: Mutex::new(HashMap::new()),
        }
    }

    /// Waits until one more request of `action` of `service` may be sent.
    pub(crate) async fn acquire(
        &self,
        service: &'static str,
        action: &'static str,
        spec_per_second: u32,
    ) {
        let Some(per_second) = self.setting.per_second(spec_per_second) else {
            return;
        };
        let limiter = {
            let mut map = self
                .by_action
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            map.entry((service, action))
                .or_insert_with(|| Arc::new(RateLimiter::direct(Quota::per_second(per_second))))
                .clone()
        };
        let clock = DefaultClock::default();
        while let Err(not_until) = limiter.check() {
            tokio::time::sleep(not_until.wait_time_from(clock.now())).await;
        }
    }
}
