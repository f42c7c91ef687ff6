//! When a failed attempt is sent again, and how long to wait first.
//!
//! An attempt is repeated only when that cannot do anything twice:
//! - the service refused before acting (an error code the spec marks `refused_before_acting`,
//!   such as `RequestLimitExceeded`), for any action;
//! - the request never left (the connection could not be made), for any action;
//! - the outcome is unknown (connection lost after sending, no answer in time, a body that is
//!   not an API answer) or the failure may pass by itself (a code the spec marks `transient`),
//!   only for an action the spec marks `safe_to_resend`.
//!
//! An API answer with a `RequestId` whose `Response` does not fit the action's answer type is
//! not sent again: the service did answer, and asking again would get the same answer.
//!
//! Each service's spec says which of its codes are `refused_before_acting` or `transient`
//! ([`ErrorCodeInfo`](crate::action::ErrorCodeInfo)), and which actions are `safe_to_resend`:
//! the rules here read those flags and name no service. A create that made a resource and
//! returned a secret shown only once (a TCR service account's password) is typically not safe
//! to re-send: a second attempt fails as a duplicate and the secret is lost.

use std::time::Duration;

use crate::action::ActionInfo;
use crate::error::{Error, Outcome};

/// How failed attempts are repeated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    /// Attempts in all, the first included; 1 turns retrying off.
    pub max_attempts: u32,
    /// The wait before the second attempt; it doubles for each further one.
    pub initial_backoff: Duration,
    /// The longest wait.
    pub max_backoff: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
        }
    }
}

impl RetryConfig {
    /// One attempt only.
    pub fn disabled() -> Self {
        RetryConfig {
            max_attempts: 1,
            ..RetryConfig::default()
        }
    }

    /// The wait before attempt `attempt + 1` (`attempt` ≥ 1): exponential with full jitter, a
    /// random duration between zero and `initial_backoff × 2^(attempt-1)` (capped), so that
    /// many clients refused at once do not come back at once.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let ceiling = self
            .initial_backoff
            .saturating_mul(
                1u32.checked_shl(attempt.saturating_sub(1))
                    .unwrap_or(u32::MAX),
            )
            .min(self.max_backoff);
        ceiling.mul_f64(fastrand::f64())
    }
}

/// The decision about one failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Send it again (after a backoff).
    Retry,
    /// Give up; when the outcome is unknown, say why it was not sent again.
    GiveUp(Option<&'static str>),
}

/// Whether to send again an attempt of `action` that failed with `error`, by the rules above.
pub fn classify(error: &Error, action: &ActionInfo) -> Decision {
    const UNSAFE: &str = "the action is not safe to re-send once it may have reached the service";
    let safe = action.safe_to_resend;
    match error {
        Error::Service(service) => match action.service.error_code(&service.code) {
            Some(code) if code.refused_before_acting => Decision::Retry,
            Some(code) if code.transient && safe => Decision::Retry,
            _ => Decision::GiveUp(None),
        },
        Error::Transport(_) | Error::Timeout(_) | Error::Decode(_) => match error.outcome() {
            Outcome::NotSent => Decision::Retry,
            Outcome::Unknown if safe => Decision::Retry,
            Outcome::Unknown => Decision::GiveUp(Some(UNSAFE)),
            Outcome::Refused => Decision::GiveUp(None),
        },
        // Failures of the program's own making (a request that breaks a rule, missing
        // credentials, an interceptor's veto) come out the same every time.
        _ => Decision::GiveUp(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_stays_under_the_cap() {
        let config = RetryConfig {
            max_attempts: 10,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
        };
        for _ in 0..100 {
            assert!(config.backoff(1) <= Duration::from_millis(100));
            assert!(config.backoff(3) <= Duration::from_millis(400));
            assert!(config.backoff(40) <= Duration::from_secs(1));
        }
    }
}
