//! The spec's per-action rate limit, enforced with `governor` (as the client honours it).

use std::collections::HashMap;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

use crate::routes::Routes;

/// How many requests per second the emulator accepts for each action (requests beyond it are
/// answered `RequestLimitExceeded`): the client's own setting, so that both sides speak of
/// limits the same way.
pub use tcr_api::client::RateLimit;

/// One limiter per limited action.
pub(crate) struct Limiters {
    by_action: HashMap<&'static str, DefaultDirectRateLimiter>,
}

impl Limiters {
    /// Limiters for every action of `routes`, as `setting` says.
    pub(crate) fn new(setting: RateLimit, routes: &Routes) -> Limiters {
        Limiters {
            by_action: routes
                .iter()
                .filter_map(|route| {
                    let per_second = setting.per_second(route.info.rate_limit_per_second)?;
                    Some((
                        route.info.name,
                        RateLimiter::direct(Quota::per_second(per_second)),
                    ))
                })
                .collect(),
        }
    }

    /// Whether one more request of `action` is allowed now (and counts it if so).
    pub(crate) fn allow(&self, action: &str) -> bool {
        self.by_action
            .get(action)
            .is_none_or(|limiter| limiter.check().is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_the_spec_limit_then_refusals() {
        let routes = Routes::from_spec();
        let limiters = Limiters::new(RateLimit::FromSpec, &routes);
        let allowed = (0..25)
            .filter(|_| limiters.allow("CreateServiceAccount"))
            .count();
        assert_eq!(allowed, 20);
        // Each action has its own budget.
        assert!(limiters.allow("ModifyServiceAccountPassword"));
        let off = Limiters::new(RateLimit::Off, &routes);
        assert!((0..100).all(|_| off.allow("CreateServiceAccount")));
    }
}
