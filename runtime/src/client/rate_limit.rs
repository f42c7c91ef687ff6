//! The spec's per-action rate limit, honoured on the client side so that a busy program waits
//! instead of being refused with `RequestLimitExceeded`.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};

use std::time::{Duration, Instant};

use governor::clock::Clock;
use governor::middleware::NoOpMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};

/// The monotonic clock the limiters run on: time since the limiter set was created.
#[derive(Clone, Debug)]
struct SinceStart(Instant);

impl Clock for SinceStart {
    type Instant = Duration;

    fn now(&self) -> Duration {
        self.0.elapsed()
    }
}

type Limiter = RateLimiter<NotKeyed, InMemoryState, SinceStart, NoOpMiddleware<Duration>>;

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
#[derive(Debug)]
pub(crate) struct Limiters {
    setting: RateLimit,
    clock: SinceStart,
    by_action: Mutex<HashMap<(&'static str, &'static str), Arc<Limiter>>>,
}

impl Limiters {
    pub(crate) fn new(setting: RateLimit) -> Limiters {
        Limiters {
            setting,
            clock: SinceStart(Instant::now()),
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
                .or_insert_with(|| {
                    Arc::new(RateLimiter::direct_with_clock(
                        Quota::per_second(per_second),
                        self.clock.clone(),
                    ))
                })
                .clone()
        };
        while let Err(not_until) = limiter.check() {
            tokio::time::sleep(not_until.wait_time_from(self.clock.now())).await;
        }
    }
}
