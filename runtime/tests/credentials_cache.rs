//! The credentials cache: one upstream request however many calls wait, refreshes ahead of
//! expiry, failures reported and the current credentials kept while they are valid. Time is a
//! pinned clock the test moves; nothing here waits on the wall clock.

mod support;

use std::collections::VecDeque;
use std::fmt;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use support::Capture;
use tencentcloud_runtime::credentials::{
    CachePolicy, Credentials, CredentialsCache, CredentialsError, ProvideCredentials,
    ProvideCredentialsFuture,
};
use tokio::sync::Semaphore;

const T0: u64 = 1_700_000_000;

/// A clock the test moves by hand.
#[derive(Clone)]
struct TestClock(Arc<AtomicU64>);

impl TestClock {
    fn new() -> Self {
        TestClock(Arc::new(AtomicU64::new(T0)))
    }
    fn set(&self, seconds_after_t0: u64) {
        self.0.store(T0 + seconds_after_t0, Ordering::SeqCst);
    }
    fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.0.load(Ordering::SeqCst))
    }
    fn at(seconds_after_t0: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(T0 + seconds_after_t0)
    }
}

#[derive(Debug)]
struct Down;
impl fmt::Display for Down {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("STS is down")
    }
}
impl std::error::Error for Down {}

/// What the scripted source answers, in turn.
enum Step {
    /// Temporary credentials `AKID<n>` expiring at T0 + this many seconds.
    Expiring(u64),
    /// Long-lived credentials `AKID<n>`.
    LongLived,
    /// A failure.
    Fail,
}

/// A source that answers from a script, counts its calls, and (when gated) waits for the test
/// to let each call through.
#[derive(Clone)]
struct Source {
    script: Arc<Mutex<VecDeque<Step>>>,
    calls: Arc<AtomicUsize>,
    gate: Option<Arc<Semaphore>>,
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Source")
    }
}

impl Source {
    fn new(script: impl IntoIterator<Item = Step>) -> Self {
        Source {
            script: Arc::new(Mutex::new(script.into_iter().collect())),
            calls: Arc::default(),
            gate: None,
        }
    }
    fn gated(self) -> (Self, Arc<Semaphore>) {
        let gate = Arc::new(Semaphore::new(0));
        (
            Source {
                gate: Some(gate.clone()),
                ..self
            },
            gate,
        )
    }
    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

impl ProvideCredentials for Source {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(async move {
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            if let Some(gate) = &self.gate {
                gate.acquire().await.unwrap().forget();
            }
            let step = self
                .script
                .lock()
                .unwrap()
                .pop_front()
                .expect("script too short");
            let keys = || Credentials::new(format!("AKID{n}"), format!("SECRET-KEY-{n}")).unwrap();
            match step {
                Step::Expiring(at) => Ok(keys()
                    .with_token(format!("TOKEN-{n}"))
                    .unwrap()
                    .with_expiry(TestClock::at(at))),
                Step::LongLived => Ok(keys()),
                Step::Fail => Err(CredentialsError::provider("sts", Down)),
            }
        })
    }
}

fn cache(source: &Source, clock: &TestClock) -> CredentialsCache {
    let clock = clock.clone();
    CredentialsCache::new(source.clone()).with_clock(move || clock.now())
}

/// Lets every spawned task run until it waits (current-thread runtime: a yield puts this task
/// behind all the others), bounded.
async fn until(mut done: impl FnMut() -> bool) {
    for _ in 0..10_000 {
        if done() {
            return;
        }
        tokio::task::yield_now().await;
    }
    panic!("the tasks never got there");
}

/// Starts 1,000 concurrent `get`s and waits until each has either returned or is waiting.
async fn thousand_calls(
    cache: &CredentialsCache,
) -> (
    Vec<tokio::task::JoinHandle<Result<Credentials, CredentialsError>>>,
    Arc<AtomicUsize>,
) {
    let started = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..1000)
        .map(|_| {
            let (cache, started) = (cache.clone(), started.clone());
            tokio::spawn(async move {
                started.fetch_add(1, Ordering::SeqCst);
                cache.get().await
            })
        })
        .collect();
    until(|| started.load(Ordering::SeqCst) == 1000).await;
    tokio::task::yield_now().await;
    (tasks, started)
}

async fn ids(
    tasks: Vec<tokio::task::JoinHandle<Result<Credentials, CredentialsError>>>,
) -> Vec<String> {
    let mut ids = Vec::new();
    for task in tasks {
        ids.push(task.await.unwrap().unwrap().secret_id().to_owned());
    }
    ids
}

#[tokio::test]
async fn a_thousand_calls_with_nothing_cached_cause_one_request() {
    let clock = TestClock::new();
    let (source, gate) = Source::new([Step::Expiring(3600)]).gated();
    let cache = cache(&source, &clock);
    let (tasks, _) = thousand_calls(&cache).await;
    // Every call is waiting, and only one of them asked the source.
    assert_eq!(source.calls(), 1);
    assert!(tasks.iter().all(|task| !task.is_finished()));
    gate.add_permits(1);
    let ids = ids(tasks).await;
    assert!(ids.iter().all(|id| id == "AKID1"), "{ids:?}");
    assert_eq!(source.calls(), 1);
}

#[tokio::test]
async fn refreshed_ahead_of_expiry_once_while_the_others_carry_on() {
    let clock = TestClock::new();
    let (source, gate) = Source::new([Step::Expiring(3600), Step::Expiring(7200)]).gated();
    let cache = cache(&source, &clock);
    gate.add_permits(1);
    assert_eq!(cache.get().await.unwrap().secret_id(), "AKID1");

    // More than 5 minutes before expiry: the cached ones, no request.
    clock.set(3600 - 301);
    assert_eq!(cache.get().await.unwrap().secret_id(), "AKID1");
    assert_eq!(source.calls(), 1);

    // Within 5 minutes of expiry: a thousand calls, one refresh. The calls that find it under
    // way go on with the still-valid credentials.
    clock.set(3600 - 299);
    let (tasks, _) = thousand_calls(&cache).await;
    assert_eq!(source.calls(), 2);
    gate.add_permits(1);
    let ids = ids(tasks).await;
    assert_eq!(
        ids.iter().filter(|id| *id == "AKID2").count(),
        1,
        "the refreshing call gets the new ones"
    );
    assert_eq!(ids.iter().filter(|id| *id == "AKID1").count(), 999);
    assert_eq!(source.calls(), 2);
    assert_eq!(cache.get().await.unwrap().secret_id(), "AKID2");
    assert_eq!(source.calls(), 2);
}

#[tokio::test]
async fn a_failed_refresh_keeps_the_valid_credentials_and_is_reported() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.subscriber());
    let clock = TestClock::new();
    let source = Source::new([
        Step::Expiring(3600),
        Step::Fail,
        Step::Fail,
        Step::Expiring(9000),
    ]);
    let cache = cache(&source, &clock);
    assert_eq!(cache.get().await.unwrap().secret_id(), "AKID1");

    clock.set(3400);
    assert_eq!(cache.get().await.unwrap().secret_id(), "AKID1");
    assert_eq!(source.calls(), 2);
    let error = cache.last_error().expect("the failure is kept");
    assert_eq!(
        error.to_string(),
        "credential provider sts failed: STS is down"
    );
    let logs = capture.text();
    assert!(
        logs.contains("WARN") && logs.contains("refreshing the credentials failed; the current ones stay in use while they are valid error=credential provider sts failed: STS is down secret_id=\"AKID1\""),
        "{logs}"
    );
    assert!(
        !logs.contains("SECRET-KEY-1") && !logs.contains("TOKEN-1"),
        "{logs}"
    );

    // Shortly after, the source is not asked again.
    clock.set(3405);
    assert_eq!(cache.get().await.unwrap().secret_id(), "AKID1");
    assert_eq!(source.calls(), 2);

    // Once they have expired and the source still fails, calls get its error.
    clock.set(3600);
    let error = cache.get().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "credential provider sts failed: STS is down"
    );
    assert_eq!(source.calls(), 3);

    // And recover when it answers again.
    clock.set(3611);
    assert_eq!(cache.get().await.unwrap().secret_id(), "AKID4");
    assert!(cache.last_error().is_none());
}

#[tokio::test]
async fn calls_that_waited_for_a_failed_refresh_share_its_error() {
    let clock = TestClock::new();
    let (source, gate) = Source::new([Step::Fail]).gated();
    let cache = cache(&source, &clock);
    let (tasks, _) = thousand_calls(&cache).await;
    assert_eq!(source.calls(), 1);
    gate.add_permits(1);
    for task in tasks {
        let error = task.await.unwrap().unwrap_err();
        assert_eq!(
            error.to_string(),
            "credential provider sts failed: STS is down"
        );
    }
    assert_eq!(source.calls(), 1);
}

#[tokio::test]
async fn long_lived_credentials_are_reloaded_after_the_interval() {
    let clock = TestClock::new();
    let source = Source::new([Step::LongLived, Step::LongLived]);
    let cache = cache(&source, &clock)
        .with_policy(CachePolicy::default().with_reload_long_lived_after(Duration::from_secs(60)));
    assert_eq!(cache.get().await.unwrap().secret_id(), "AKID1");
    clock.set(59);
    assert_eq!(cache.get().await.unwrap().secret_id(), "AKID1");
    clock.set(60);
    assert_eq!(cache.get().await.unwrap().secret_id(), "AKID2");
    assert_eq!(source.calls(), 2);
}

#[tokio::test]
async fn short_lived_credentials_refresh_at_half_life_and_expired_ones_are_refused() {
    let clock = TestClock::new();
    let source = Source::new([
        Step::Expiring(200),
        Step::Expiring(10),
        Step::Expiring(5000),
    ]);
    let cache = cache(&source, &clock);
    assert_eq!(cache.get().await.unwrap().secret_id(), "AKID1");
    clock.set(99);
    assert_eq!(cache.get().await.unwrap().secret_id(), "AKID1");
    assert_eq!(source.calls(), 1);

    // The source answers with credentials that expired before they arrived.
    clock.set(100);
    assert_eq!(
        cache.get().await.unwrap().secret_id(),
        "AKID1",
        "still valid"
    );
    let error = cache.last_error().unwrap();
    assert!(
        matches!(error, CredentialsError::ExpiredOnArrival { .. }),
        "{error}"
    );
    assert!(
        error.to_string().starts_with(
            "the credentials for AKID2 expired at 2023-11-14T22:13:30+00:00, before they arrived"
        ),
        "{error}"
    );
    clock.set(111);
    assert_eq!(cache.get().await.unwrap().secret_id(), "AKID3");
}
