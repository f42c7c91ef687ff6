//! A running emulator.

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use tokio::sync::watch;

use crate::builder::EmulatorBuilder;
use crate::credential::Credential;
use crate::faults::{FaultError, FaultSpec};
use crate::identity::IssuedCredentials;
use crate::metadata::CREDENTIALS_PATH;
use crate::seed::{self, ImageTag, ImageTagError};
use crate::shared::Shared;
use crate::state::{ServiceAccount, full_name};

/// A running emulator: its address, its state, and the faults it is told to inject.
///
/// Dropping it stops the server (without waiting); [`Emulator::shutdown`] stops it and waits.
pub struct Emulator {
    addr: SocketAddr,
    shared: Arc<Shared>,
    credentials: Vec<Credential>,
    stop: watch::Sender<bool>,
    thread: Option<JoinHandle<()>>,
}

impl Emulator {
    pub(crate) fn new(
        addr: SocketAddr,
        shared: Arc<Shared>,
        credentials: Vec<Credential>,
        stop: watch::Sender<bool>,
        thread: Option<JoinHandle<()>>,
    ) -> Emulator {
        Emulator {
            addr,
            shared,
            credentials,
            stop,
            thread,
        }
    }

    /// A builder with the defaults (see [`EmulatorBuilder`]).
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// Starts an emulator with the defaults on a free port of `127.0.0.1`.
    ///
    /// # Errors
    /// As [`EmulatorBuilder::start`].
    pub fn start() -> std::io::Result<Emulator> {
        EmulatorBuilder::default().start()
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `host:port`, the `Host` a client sends (and signs).
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    /// The endpoint to point a client at: `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The base URL of its CVM metadata service, for
    /// `InstanceRoleCredentials::with_base_url`:
    /// `http://127.0.0.1:PORT/latest/meta-data/cam/security-credentials/`.
    pub fn metadata_url(&self) -> String {
        format!("http://{}{CREDENTIALS_PATH}", self.addr)
    }

    /// The emulator's time: the system's, plus how far [`Emulator::advance_clock`] moved it.
    /// Signature timestamps, token expiry and every time in an answer follow it.
    pub fn now(&self) -> SystemTime {
        self.shared.clock.now()
    }

    /// Moves the emulator's clock forward (to make temporary credentials expire, or an
    /// instance finish its setup, without waiting). Requests must then be signed with a clock
    /// moved as far: the emulator refuses timestamps more than 5 minutes from its own. With a
    /// state file, how far the clock was moved is kept there.
    pub fn advance_clock(&self, by: Duration) {
        self.shared.clock.advance(by);
        if let Err(error) = self.shared.state.persist() {
            eprintln!("tcr-emulator: cannot write the state file: {error}");
        }
    }

    /// How many requests named `action` (`AssumeRole`, `CreateServiceAccount`…), whatever
    /// became of them.
    pub fn calls(&self, action: &str) -> usize {
        self.shared.calls.of(action)
    }

    /// The latest API calls answered ([`CALL_LOG_CAPACITY`] at most), oldest first: action,
    /// account, region, error code (`None` for a success) and RequestId.
    ///
    /// [`CALL_LOG_CAPACITY`]: crate::CALL_LOG_CAPACITY
    pub fn call_log(&self) -> Vec<crate::CallRecord> {
        self.shared.calls.log()
    }

    /// How many requests the metadata service received.
    pub fn metadata_calls(&self) -> usize {
        self.shared.calls.metadata()
    }

    /// The temporary credentials it issued (STS and the metadata service), oldest first,
    /// without their keys and tokens.
    pub fn issued_credentials(&self) -> Vec<IssuedCredentials> {
        self.shared.identities.issued.log()
    }

    /// The credentials it accepts.
    pub fn credentials(&self) -> &[Credential] {
        &self.credentials
    }

    /// The first credential it accepts (the default pair unless others were given).
    pub fn credential(&self) -> &Credential {
        // `start` always keeps at least one credential.
        &self.credentials[0]
    }

    /// A copy of the service accounts of instance `registry_id`, whatever its account and
    /// region, oldest first; empty when it has none or does not exist.
    pub fn accounts(&self, registry_id: &str) -> Vec<ServiceAccount> {
        self.shared.state.accounts(registry_id).unwrap_or_default()
    }

    /// A copy of one account, named with or without the `tcr$` prefix.
    pub fn account(&self, registry_id: &str, name: &str) -> Option<ServiceAccount> {
        let name = full_name(name);
        self.accounts(registry_id)
            .into_iter()
            .find(|account| account.name == name)
    }

    /// Puts an image tag into a repository, as a push would (see [`ImageTag`]).
    ///
    /// # Errors
    /// When a name, the tag or the digest is malformed, or the instance does not exist (and
    /// cannot exist implicitly); nothing is changed then.
    pub fn push_image(&self, tag: ImageTag) -> Result<(), ImageTagError> {
        self.push_images(std::slice::from_ref(&tag))
    }

    /// Puts several image tags in, all or none.
    ///
    /// # Errors
    /// As [`Emulator::push_image`], for any of them.
    pub fn push_images(&self, tags: &[ImageTag]) -> Result<(), ImageTagError> {
        push_images(&self.shared, tags)
    }

    /// Whether `docker login -u username -p password` would be accepted by the instance
    /// `registry_id`: a service account's full name (`tcr$ci`) with its current password,
    /// enabled and not expired; or the instance's account (uin) with a token from
    /// `CreateInstanceToken`, not expired, and for a long-term one enabled and not deleted.
    pub fn login_matches(&self, registry_id: &str, username: &str, password: &str) -> bool {
        let now_ms = now_ms(self.now());
        self.shared.state.inspect(|world| {
            let Some(instance) = world.find(registry_id) else {
                return false;
            };
            if let Some(account) = instance.service_accounts.get(username) {
                return !account.disable
                    && !account.is_expired_at(tcr_api::primitives::UnixMillis::new(now_ms))
                    && account.password_matches(password);
            }
            username == instance.account
                && (instance
                    .tokens
                    .iter()
                    .any(|t| t.enabled && t.expires_ms > now_ms && t.hash.matches(password))
                    || instance
                        .temporary_tokens
                        .iter()
                        .any(|t| t.expires_ms > now_ms && t.hash.matches(password)))
        })
    }

    /// The names of the actions it serves: every action of TCR's spec, and STS's.
    pub fn actions(&self) -> Vec<&'static str> {
        self.shared
            .routes
            .iter()
            .map(|route| route.info.name)
            .collect()
    }

    /// Orders a fault (see [`FaultSpec`]).
    ///
    /// # Errors
    /// When the action is not one of the spec, the code is one TCR would never answer for it,
    /// `times` is 0 or the delay is too long.
    pub fn inject(&self, fault: FaultSpec) -> Result<(), FaultError> {
        self.shared.faults.inject(fault, &self.shared.routes)
    }

    /// The faults still pending, in the order they were ordered, each with the calls it has left.
    pub fn pending_faults(&self) -> Vec<FaultSpec> {
        self.shared.faults.pending()
    }

    /// Drops every pending fault.
    pub fn clear_faults(&self) {
        self.shared.faults.clear();
    }

    /// Forgets every instance (with everything it held) and every pending fault; with a state
    /// file, the file is emptied too.
    pub fn reset(&self) {
        if let Err(error) = self.shared.state.clear() {
            eprintln!("tcr-emulator: cannot write the state file: {error}");
        }
        self.shared.faults.clear();
        self.shared.calls.clear_log();
    }

    /// The whole state (instances and everything they hold), as JSON in the state file's
    /// format: passwords and tokens appear only as salted hashes. Give it back to
    /// [`Emulator::restore`] to return to this point, in this emulator or another.
    ///
    /// ```
    /// let emulator = tcr_emulator::Emulator::start()?;
    /// let empty = emulator.snapshot()?;
    /// // ... calls that create and delete things ...
    /// emulator.restore(&empty)?;
    /// # emulator.shutdown();
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// # Errors
    /// Only if the state cannot be serialized, which would be a bug.
    pub fn snapshot(&self) -> std::io::Result<Vec<u8>> {
        self.shared.state.snapshot()
    }

    /// Replaces the whole state with a [`snapshot`](Emulator::snapshot) (and writes the state
    /// file, if any). The emulator's clock is not moved back. Pending faults are kept.
    ///
    /// # Errors
    /// `InvalidData`, naming the problem, when `snapshot` is not one this emulator reads (a
    /// newer format, not JSON): nothing is changed then. An I/O error when the state file
    /// cannot be written.
    pub fn restore(&self, snapshot: &[u8]) -> std::io::Result<()> {
        self.shared.state.restore(snapshot)
    }

    /// Stops accepting connections, lets calls in progress finish (for up to a second), and,
    /// for an emulator on a thread of its own ([`EmulatorBuilder::start`]), waits for that thread
    /// to end. One spawned on the caller's runtime ([`EmulatorBuilder::spawn`]) winds down as
    /// that runtime runs on.
    pub fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emulator")
            .field("addr", &self.addr)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

/// Puts image tags in (for the handle and the control path).
pub(crate) fn push_images(shared: &Shared, tags: &[ImageTag]) -> Result<(), ImageTagError> {
    let now_ms = now_ms(shared.clock.now());
    let default_account = shared.identities.instance_account().to_owned();
    let mut refused = None;
    let written = shared.state.write(|world| {
        seed::push_all(world, tags, &default_account, now_ms).map_err(|error| {
            let message = error.to_string();
            refused = Some(error);
            crate::api_error::ApiError::new(tcr_api::ErrorCode::InvalidParameter, message)
        })
    });
    match (written, refused) {
        (Ok(()), _) => Ok(()),
        (Err(_), Some(error)) => Err(error),
        (Err(error), None) => Err(ImageTagError::new(error.message)),
    }
}

fn now_ms(time: SystemTime) -> i64 {
    tcr_api::primitives::UnixMillis::from_system_time(time)
        .unwrap_or_default()
        .get()
}
