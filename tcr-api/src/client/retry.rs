//! When a failed attempt is sent again, and how long to wait first.
//!
//! An attempt is repeated only when that cannot do anything twice:
//! - the service refused before acting (an error code the spec marks `refused_before_acting`,
//!   such as `RequestLimitExceeded`), for any action;
//! - the request never left (the connection could not be made), for any action;
//! - the outcome is unknown (connection lost after sending, no answer in time, unreadable
//!   answer) or the failure may pass by itself (a code the spec marks `transient`), only for an
//!   action the spec marks `safe_to_resend`.
//!
//! `CreateServiceAccount` is not safe to re-send: if the first attempt landed, a second fails
//! as a duplicate and the password shown only once is lost.

use std::time::Duration;

use crate::ErrorCode;
use crate::error::Outcome;

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

/// What happened to one attempt, as far as retrying is concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttemptFailure {
    /// The service answered with this code.
    Service(ErrorCode),
    /// Failed with this outcome before an answer (connection, timeout, unreadable answer).
    NoAnswer(Outcome),
}

/// The decision about one failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Send it again (after a backoff).
    Retry,
    /// Give up; when the outcome is unknown, say why it was not sent again.
    GiveUp(Option<&'static str>),
}

/// Whether to send an attempt again, by the rules above.
pub fn classify(failure: &AttemptFailure, safe_to_resend: bool) -> Decision {
    const UNSAFE: &str = "the action is not safe to re-send once it may have reached the service";
    match failure {
        AttemptFailure::Service(code) if code.refused_before_acting() => Decision::Retry,
        AttemptFailure::Service(code) if code.is_transient() && safe_to_resend => Decision::Retry,
        AttemptFailure::Service(_) => Decision::GiveUp(None),
        AttemptFailure::NoAnswer(Outcome::NotSent) => Decision::Retry,
        AttemptFailure::NoAnswer(_) if safe_to_resend => Decision::Retry,
        AttemptFailure::NoAnswer(_) => Decision::GiveUp(Some(UNSAFE)),
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
