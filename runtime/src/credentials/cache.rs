//! [`CredentialsCache`]: credentials kept between calls and refreshed ahead of expiry, one
//! refresh at a time.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use tracing::Instrument;

use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use crate::client::Clock;
use crate::primitives::Timestamp;

/// When a [`CredentialsCache`] asks its provider again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CachePolicy {
    /// How long before temporary credentials expire they are refreshed (5 minutes). For
    /// credentials that live less than twice as long, the refresh comes at half their life.
    pub refresh_before_expiry: Duration,
    /// How long long-lived credentials (without expiry) are kept before the provider is asked
    /// again (5 minutes), so that a key rotated in the environment or the profile file is
    /// picked up.
    pub reload_long_lived_after: Duration,
    /// After a failed refresh while the current credentials are still valid, how long calls
    /// keep using them before the next attempt (10 seconds), so that a failing source is not
    /// asked again on every call.
    pub retry_after_failure: Duration,
}

impl Default for CachePolicy {
    fn default() -> Self {
        CachePolicy {
            refresh_before_expiry: Duration::from_secs(5 * 60),
            reload_long_lived_after: Duration::from_secs(5 * 60),
            retry_after_failure: Duration::from_secs(10),
        }
    }
}

impl CachePolicy {
    /// The same policy, refreshing `ahead` before expiry.
    pub fn with_refresh_before_expiry(self, ahead: Duration) -> Self {
        CachePolicy {
            refresh_before_expiry: ahead,
            ..self
        }
    }

    /// The same policy, reloading long-lived credentials after `after`.
    pub fn with_reload_long_lived_after(self, after: Duration) -> Self {
        CachePolicy {
            reload_long_lived_after: after,
            ..self
        }
    }

    /// The same policy, waiting `after` between failed refreshes.
    pub fn with_retry_after_failure(self, after: Duration) -> Self {
        CachePolicy {
            retry_after_failure: after,
            ..self
        }
    }

    /// When credentials received at `now` should be refreshed.
    fn refresh_at(&self, credentials: &Credentials, now: SystemTime) -> SystemTime {
        match credentials.expiry() {
            None => now + self.reload_long_lived_after,
            Some(expiry) => {
                let life = expiry.duration_since(now).unwrap_or_default();
                expiry - self.refresh_before_expiry.min(life / 2)
            }
        }
    }
}

/// Credentials kept between calls, in front of any provider (a client puts one in front of
/// its provider):
///
/// - Temporary credentials are refreshed ahead of expiry ([`CachePolicy`]: 5 minutes before);
///   long-lived ones are reloaded now and then.
/// - One refresh at a time, however many calls wait: while credentials are still valid, one
///   call refreshes and the others go on with the current credentials; when none are valid,
///   every call waits for that one refresh and shares its outcome. A thousand concurrent calls
///   cause one request to the source.
/// - A failed refresh is never swallowed: it is traced at WARN, kept for
///   [`last_error`](CredentialsCache::last_error), and the current credentials stay in use while
///   they are valid (the source is asked again after [`CachePolicy::retry_after_failure`]).
///   Once nothing valid is left, calls get the source's error.
/// - Nothing here blocks a thread: waiting for a refresh is an `await`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), tencentcloud_runtime::credentials::CredentialsError> {
/// use tencentcloud_runtime::credentials::{
///     CachePolicy, Credentials, CredentialsCache, StaticCredentials,
/// };
///
/// let source = StaticCredentials::new(Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE")?);
/// let cache = CredentialsCache::new(source).with_policy(CachePolicy::default());
/// assert_eq!(cache.get().await?.secret_id(), "AKIDEXAMPLE");
/// assert!(cache.last_error().is_none());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct CredentialsCache {
    inner: Arc<Inner>,
}

struct Inner {
    provider: Arc<dyn ProvideCredentials>,
    policy: CachePolicy,
    clock: Clock,
    state: Mutex<State>,
    /// Held by the one call refreshing.
    refreshing: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct State {
    current: Option<Entry>,
    /// Counts refresh attempts, so that a call that waited knows one happened meanwhile.
    attempts: u64,
    /// The last attempt's error, if it failed.
    failure: Option<Failure>,
}

struct Entry {
    credentials: Credentials,
    refresh_at: SystemTime,
}

struct Failure {
    error: CredentialsError,
    retry_at: SystemTime,
}

impl State {
    /// The current credentials, if still valid at `now`.
    fn valid(&self, now: SystemTime) -> Option<Credentials> {
        self.current
            .as_ref()
            .filter(|entry| !entry.credentials.is_expired_at(now))
            .map(|entry| entry.credentials.clone())
    }
}

impl CredentialsCache {
    /// A cache in front of `provider`, with the default [`CachePolicy`] and the system clock.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        CredentialsCache::from_arc(Arc::new(provider))
    }

    /// A cache in front of a shared provider.
    pub fn from_arc(provider: Arc<dyn ProvideCredentials>) -> Self {
        CredentialsCache {
            inner: Arc::new(Inner {
                provider,
                policy: CachePolicy::default(),
                clock: Arc::new(SystemTime::now),
                state: Mutex::default(),
                refreshing: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// The same cache (empty) with this policy.
    pub fn with_policy(self, policy: CachePolicy) -> Self {
        self.rebuilt(policy, self.inner.clock.clone())
    }

    /// The same cache (empty) judging expiry by this clock instead of the system's: tests pin
    /// it; a client passes its own.
    pub fn with_clock(self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.rebuilt(self.inner.policy, Arc::new(clock))
    }

    pub(crate) fn with_shared_clock(self, clock: Clock) -> Self {
        self.rebuilt(self.inner.policy, clock)
    }

    fn rebuilt(&self, policy: CachePolicy, clock: Clock) -> Self {
        CredentialsCache {
            inner: Arc::new(Inner {
                provider: self.inner.provider.clone(),
                policy,
                clock,
                state: Mutex::default(),
                refreshing: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// The policy.
    pub fn policy(&self) -> CachePolicy {
        self.inner.policy
    }

    /// The error of the last refresh, when it failed (the current credentials may still be in
    /// use); `None` after a successful one.
    pub fn last_error(&self) -> Option<CredentialsError> {
        self.state()
            .failure
            .as_ref()
            .map(|failure| failure.error.clone())
    }

    /// Valid credentials: the cached ones, or fresh ones from the provider.
    ///
    /// # Errors
    /// The provider's error when no valid credentials are left;
    /// [`CredentialsError::ExpiredOnArrival`] when the provider gave expired ones.
    pub async fn get(&self) -> Result<Credentials, CredentialsError> {
        let now = self.now();
        let (valid, seen) = {
            let state = self.state();
            if let Some(entry) = &state.current {
                if now < entry.refresh_at {
                    return Ok(entry.credentials.clone());
                }
            }
            let valid = state.valid(now);
            if let (Some(valid), Some(failure)) = (&valid, &state.failure) {
                if now < failure.retry_at {
                    return Ok(valid.clone());
                }
            }
            (valid, state.attempts)
        };
        match valid {
            // Still valid: one call refreshes, the others carry on with these.
            Some(valid) => match self.inner.refreshing.try_lock() {
                Ok(_refreshing) => self.refresh(seen).await,
                Err(_) => Ok(valid),
            },
            // Nothing valid: every call waits for the one refresh.
            None => {
                let _refreshing = self.inner.refreshing.lock().await;
                self.refresh(seen).await
            }
        }
    }

    /// Asks the provider, unless a refresh finished since this call looked (attempt `seen`):
    /// then its outcome is this call's too. Called with `refreshing` held.
    async fn refresh(&self, seen: u64) -> Result<Credentials, CredentialsError> {
        {
            let state = self.state();
            if state.attempts != seen {
                if let Some(valid) = state.valid(self.now()) {
                    return Ok(valid);
                }
                if let Some(failure) = &state.failure {
                    return Err(failure.error.clone());
                }
            }
        }
        let span = tracing::debug_span!("credentials_refresh", provider = ?self.inner.provider);
        let result = self
            .inner
            .provider
            .provide_credentials()
            .instrument(span)
            .await;
        let now = self.now();
        let result = result.and_then(|credentials| match credentials.expiry() {
            Some(expiry) if expiry <= now => Err(CredentialsError::ExpiredOnArrival {
                secret_id: credentials.secret_id().to_owned(),
                expiry: Timestamp::from(expiry),
                now: Timestamp::from(now),
            }),
            _ => Ok(credentials),
        });
        let mut state = self.state();
        state.attempts += 1;
        match result {
            Ok(credentials) => {
                let refresh_at = self.inner.policy.refresh_at(&credentials, now);
                tracing::debug!(
                    secret_id = credentials.secret_id(),
                    expiry = %credentials.expiry().map(|e| Timestamp::from(e).to_string()).unwrap_or_else(|| "none".into()),
                    refresh_at = %Timestamp::from(refresh_at),
                    "credentials refreshed"
                );
                state.current = Some(Entry {
                    credentials: credentials.clone(),
                    refresh_at,
                });
                state.failure = None;
                Ok(credentials)
            }
            Err(error) => {
                state.failure = Some(Failure {
                    error: error.clone(),
                    retry_at: now + self.inner.policy.retry_after_failure,
                });
                match state.valid(now) {
                    Some(valid) => {
                        tracing::warn!(
                            %error,
                            secret_id = valid.secret_id(),
                            valid_until = %valid.expiry().map(|e| Timestamp::from(e).to_string()).unwrap_or_else(|| "no expiry".into()),
                            "refreshing the credentials failed; the current ones stay in use while they are valid"
                        );
                        Ok(valid)
                    }
                    None => {
                        tracing::warn!(%error, "refreshing the credentials failed and none are valid");
                        Err(error)
                    }
                }
            }
        }
    }

    fn now(&self) -> SystemTime {
        (self.inner.clock)()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.inner
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsCache")
            .field("provider", &self.inner.provider)
            .field("policy", &self.inner.policy)
            .finish_non_exhaustive()
    }
}

impl ProvideCredentials for CredentialsCache {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.get())
    }
}
