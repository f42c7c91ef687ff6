//! Configuring and starting an emulator.

use std::collections::{BTreeSet, HashMap};
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpSocket;
use tokio::sync::watch;

use crate::auth::Authenticator;
use crate::calls::CallCounts;
use crate::clock::Clock;
use crate::credential::Credential;
use crate::faults::Faults;
use crate::handle::Emulator;
use crate::identity::{Identities, RolePolicy, WebIdentity};
use crate::random::Random;
use crate::rate_limit::{Limiters, RateLimit};
use crate::routes::Routes;
use crate::seed::{self, ImageTag};
use crate::server;
use crate::shared::Shared;
use crate::state::{Limits, Loaded, RegistryPolicy, State, Store};
use crate::unimplemented::Unimplemented;

/// How many service accounts an instance may hold unless told otherwise.
pub const DEFAULT_QUOTA: usize = 50;

/// How many instances an account may have in a region unless told otherwise.
pub const DEFAULT_INSTANCE_QUOTA: usize = 10;

/// How many namespaces an instance may hold unless told otherwise.
pub const DEFAULT_NAMESPACE_QUOTA: usize = 50;

/// How many repositories an instance may hold unless told otherwise.
pub const DEFAULT_REPOSITORY_QUOTA: usize = 1000;

/// How long a created instance takes to run unless told otherwise: `Pending` for the first
/// half, `Deploying` for the second, then `Running`.
pub const DEFAULT_INSTANCE_SETUP: Duration = Duration::from_secs(60);

/// Connections waiting to be accepted.
const LISTEN_BACKLOG: u32 = 1024;

/// Configures an [`Emulator`]; start with [`Emulator::builder`].
///
/// Defaults: listen on `127.0.0.1` on a free port; accept only the documented default pair
/// ([`DEFAULT_SECRET_ID`](crate::DEFAULT_SECRET_ID) / [`DEFAULT_SECRET_KEY`](crate::DEFAULT_SECRET_KEY)),
/// of the account [`DEFAULT_ACCOUNT`](crate::DEFAULT_ACCOUNT);
/// every instance id of the documented form (`tcr-` and 8 lowercase letters or digits) exists
/// implicitly (it becomes an instance of the account and region that first names it); a
/// created instance runs after [`DEFAULT_INSTANCE_SETUP`]; quotas: [`DEFAULT_INSTANCE_QUOTA`]
/// instances per account and region, [`DEFAULT_NAMESPACE_QUOTA`] namespaces,
/// [`DEFAULT_REPOSITORY_QUOTA`] repositories and [`DEFAULT_QUOTA`] service accounts per
/// instance; state in memory only; the spec's rate limits; no request log. For STS and
/// the metadata service: every role ARN of the documented form exists; no web-identity token is
/// accepted; no role is bound to the emulated CVM instance. Connections: a head must arrive within
/// [`DEFAULT_HEADER_READ_TIMEOUT`](crate::DEFAULT_HEADER_READ_TIMEOUT) of its first byte, a body
/// within [`DEFAULT_BODY_READ_TIMEOUT`](crate::DEFAULT_BODY_READ_TIMEOUT) of its head, an idle
/// connection is closed after [`DEFAULT_IDLE_TIMEOUT`](crate::DEFAULT_IDLE_TIMEOUT), at most
/// [`DEFAULT_MAX_CONNECTIONS`](crate::DEFAULT_MAX_CONNECTIONS) connections are served at once and
/// at most [`DEFAULT_MAX_BODY_MEMORY`](crate::DEFAULT_MAX_BODY_MEMORY) bytes of bodies held. The
/// library never reads the environment: the binary does.
///
/// ```
/// use tcr_emulator::{Emulator, RateLimit};
///
/// let emulator = Emulator::builder()
///     .credential("AKIDtest", "test-key")
///     .registry("tcr-abcd1234")
///     .quota_per_registry(1000)
///     .rate_limit(RateLimit::Off)
///     .start()?;
/// assert!(emulator.endpoint().starts_with("http://127.0.0.1:"));
/// assert_eq!(emulator.host(), emulator.endpoint().trim_start_matches("http://"));
/// assert!(emulator.accounts("tcr-abcd1234").is_empty());
/// emulator.shutdown();
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct EmulatorBuilder {
    listen: SocketAddr,
    credentials: Vec<Credential>,
    registries: BTreeSet<String>,
    quota: usize,
    rate_limit: RateLimit,
    log_requests: bool,
    roles: BTreeSet<String>,
    web_identities: Vec<WebIdentity>,
    instance_role: Option<String>,
    unimplemented: Unimplemented,
    seed: Option<u64>,
    server: server::Settings,
    state_file: Option<PathBuf>,
    instance_quota: usize,
    namespace_quota: usize,
    repository_quota: usize,
    instance_setup: Duration,
    images: Vec<ImageTag>,
    threads: usize,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        EmulatorBuilder {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            credentials: Vec::new(),
            registries: BTreeSet::new(),
            quota: DEFAULT_QUOTA,
            rate_limit: RateLimit::FromSpec,
            log_requests: false,
            roles: BTreeSet::new(),
            web_identities: Vec::new(),
            instance_role: None,
            unimplemented: Unimplemented::default(),
            seed: None,
            server: server::Settings::default(),
            state_file: None,
            instance_quota: DEFAULT_INSTANCE_QUOTA,
            namespace_quota: DEFAULT_NAMESPACE_QUOTA,
            repository_quota: DEFAULT_REPOSITORY_QUOTA,
            instance_setup: DEFAULT_INSTANCE_SETUP,
            images: Vec::new(),
            threads: 1,
        }
    }
}

impl EmulatorBuilder {
    /// The address to listen on; port 0 picks a free port ([`Emulator::addr`] tells which).
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// Accepts this SecretId and SecretKey. Repeatable; once called, the default pair is no
    /// longer accepted (unless given too).
    pub fn credential(self, secret_id: impl Into<String>, secret_key: impl Into<String>) -> Self {
        self.credentials([Credential::new(secret_id, secret_key)])
    }

    /// Accepts these credentials besides those already given.
    pub fn credentials(mut self, credentials: impl IntoIterator<Item = Credential>) -> Self {
        self.credentials.extend(credentials);
        self
    }

    /// Makes `id` an instance that exists implicitly. Repeatable; once called, only the ids
    /// named exist without being created (and they may have any id, such as the seed example's
    /// `abc`); `CreateInstance` still creates others.
    pub fn registry(mut self, id: impl Into<String>) -> Self {
        self.registries.insert(id.into());
        self
    }

    /// How many service accounts each instance may hold; beyond it, creating one is refused with
    /// `OperationDenied.QuotaOverLimit`.
    pub fn quota_per_registry(mut self, quota: usize) -> Self {
        self.quota = quota;
        self
    }

    /// How many instances an account may have in a region (`LimitExceeded` beyond).
    pub fn instance_quota(mut self, quota: usize) -> Self {
        self.instance_quota = quota;
        self
    }

    /// How many namespaces an instance may hold (`LimitExceeded.ErrNamespaceMaxLimit` beyond).
    pub fn namespace_quota(mut self, quota: usize) -> Self {
        self.namespace_quota = quota;
        self
    }

    /// How many repositories an instance may hold (`LimitExceeded.ErrRepoMaxLimit` beyond).
    pub fn repository_quota(mut self, quota: usize) -> Self {
        self.repository_quota = quota;
        self
    }

    /// How long a created instance takes to run, by the emulator's clock: `Pending` for the
    /// first half, `Deploying` for the second, then `Running`. `Duration::ZERO` makes new
    /// instances run at once; [`Emulator::advance_clock`] moves a setup on.
    pub fn instance_setup(mut self, setup: Duration) -> Self {
        self.instance_setup = setup;
        self
    }

    /// Keeps the state in `path`: loaded at start (created empty when it does not exist), and
    /// written after every change, before the change is answered, so that a restart on the
    /// same file, or after a crash, finds everything that was answered. Passwords and tokens
    /// are stored only as salted hashes.
    ///
    /// ```
    /// use tcr_emulator::Emulator;
    ///
    /// let dir = std::env::temp_dir().join(format!("tcr-emulator-doc-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir)?;
    /// let path = dir.join("state.json");
    /// let emulator = Emulator::builder().state_file(&path).start()?;
    /// emulator.shutdown();
    /// assert!(path.exists());
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// A file that is corrupt, or written by a newer format version, makes
    /// [`start`](EmulatorBuilder::start) fail with an error naming the file and the problem
    /// (kind `InvalidData`); the file is left as it is.
    pub fn state_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.state_file = Some(path.into());
        self
    }

    /// Puts an image tag into a repository at start (after the state file is loaded), as a
    /// push would: see [`ImageTag`]. Repeatable.
    pub fn image(mut self, tag: ImageTag) -> Self {
        self.images.push(tag);
        self
    }

    /// What an action the emulator has no behaviour for answers once its request passed every
    /// check: `UnsupportedOperation` (the default) or its documented answer.
    ///
    /// ```
    /// use tcr_emulator::{Emulator, Unimplemented};
    ///
    /// let emulator = Emulator::builder()
    ///     .unimplemented(Unimplemented::ExampleAnswer)
    ///     .start()?;
    /// # emulator.shutdown();
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn unimplemented(mut self, answer: Unimplemented) -> Self {
        self.unimplemented = answer;
        self
    }

    /// Makes every RequestId, generated id, password, token and temporary key reproducible:
    /// two emulators with the same seed give the same values to the same calls made in the same
    /// order, so snapshot tests of their answers are stable. Seeded values are predictable:
    /// for tests only. Without a seed they come from the operating system.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// The rate limit (the spec's by default).
    pub fn rate_limit(mut self, rate_limit: RateLimit) -> Self {
        self.rate_limit = rate_limit;
        self
    }

    /// Makes `role_arn` a role STS hands out (`qcs::cam::uin/100000000001:roleName/ci`).
    /// Repeatable; once called, only the roles named exist (others are
    /// `ResourceNotFound.RoleNotFound`).
    pub fn role(mut self, role_arn: impl Into<String>) -> Self {
        self.roles.insert(role_arn.into());
        self
    }

    /// Accepts `token` from the identity provider `provider_id` in `AssumeRoleWithWebIdentity`
    /// (what a TKE pod's token file holds). Repeatable.
    pub fn web_identity(
        mut self,
        provider_id: impl Into<String>,
        token: impl Into<String>,
    ) -> Self {
        self.web_identities.push(WebIdentity {
            provider_id: provider_id.into(),
            token: tcr_api::primitives::Sensitive::new(token.into()),
        });
        self
    }

    /// Binds the CAM role `name` to the emulated CVM instance: the metadata service
    /// ([`Emulator::metadata_url`]) names it and serves its temporary credentials.
    pub fn instance_role(mut self, name: impl Into<String>) -> Self {
        self.instance_role = Some(name.into());
        self
    }

    /// Whether to print a line per API call on stderr: action, code (or `OK`) and RequestId.
    /// Nothing secret is printed.
    pub fn log_requests(mut self, on: bool) -> Self {
        self.log_requests = on;
        self
    }

    /// How long a request's head (request line and headers) may take to arrive, counted from its
    /// first byte; a connection whose head is not complete by then is closed without an answer
    /// (a client trickling its headers in, slowloris-style, holds a connection no longer than
    /// this). Default: [`DEFAULT_HEADER_READ_TIMEOUT`](crate::DEFAULT_HEADER_READ_TIMEOUT)
    /// (10 s). As for every timeout here, a duration over a year is taken as a year (so
    /// `Duration::MAX` means "never").
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let emulator = tcr_emulator::Emulator::builder()
    ///     .header_read_timeout(Duration::from_secs(2))
    ///     .body_read_timeout(Duration::from_secs(5))
    ///     .idle_timeout(Duration::from_secs(60))
    ///     .start()?;
    /// # emulator.shutdown();
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.server.timeouts.header_read = server::at_most_a_year(timeout);
        self
    }

    /// How long a request's body may take to arrive, counted from the end of its head, however
    /// slowly it trickles in; past it, the request is answered `408 Request Timeout` and the
    /// connection closed. It also bounds how long the bytes of a refused body (over
    /// [`MAX_BODY_BYTES`](crate::MAX_BODY_BYTES)) are read and dropped after the answer, at most
    /// 2 s. Default: [`DEFAULT_BODY_READ_TIMEOUT`](crate::DEFAULT_BODY_READ_TIMEOUT) (10 s).
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.server.timeouts.body_read = server::at_most_a_year(timeout);
        self
    }

    /// How long a connection may stay open with no request in progress (from its accept, or
    /// from the end of its last answer, until the first byte of the next request); an idle
    /// connection is then closed. A call in progress (a delayed answer included) is never cut
    /// by it. Default: [`DEFAULT_IDLE_TIMEOUT`](crate::DEFAULT_IDLE_TIMEOUT) (30 s).
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.server.timeouts.idle = server::at_most_a_year(timeout);
        self
    }

    /// How many connections are served at once (at least 1: [`start`](EmulatorBuilder::start)
    /// and [`spawn`](EmulatorBuilder::spawn) refuse 0). At the limit, the connections
    /// with no request in progress are closed to make room (as the idle timeout would close
    /// them), and a new connection waits for a place: accepted, it waits unread until a
    /// connection ends (one that is reading a head, a body, or acting goes on, within its
    /// timeouts); the ones after it wait in the listen backlog, unaccepted. None is refused,
    /// and nothing is held for those waiting. Default:
    /// [`DEFAULT_MAX_CONNECTIONS`](crate::DEFAULT_MAX_CONNECTIONS) (1024).
    ///
    /// ```
    /// let emulator = tcr_emulator::Emulator::builder()
    ///     .max_connections(100)
    ///     .max_body_memory(16 << 20)
    ///     .start()?;
    /// # emulator.shutdown();
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.server.max_connections = connections;
        self
    }

    /// How many bytes of request bodies are held at once, all connections together (at least
    /// [`MAX_BODY_BYTES`](crate::MAX_BODY_BYTES), so that any acceptable body can be read). A
    /// body is read only once its bytes are reserved (its `Content-Length`, or the most a body
    /// may be when its length is not known until its end), and they are given back when its
    /// answer is ready. When they are not free, the request waits its turn, its body unread
    /// (TCP slows its sender down); the wait counts against its body read timeout, past which
    /// it is answered `408` as any body too slow to arrive. The requests ahead of it give their
    /// bytes back by their own deadlines, which come before its own. Default:
    /// [`DEFAULT_MAX_BODY_MEMORY`](crate::DEFAULT_MAX_BODY_MEMORY) (64 MiB).
    pub fn max_body_memory(mut self, bytes: usize) -> Self {
        self.server.max_body_memory = bytes;
        self
    }

    /// How many threads serve connections when the emulator runs on threads of its own
    /// ([`start`](EmulatorBuilder::start)). Default: 1, which answers a lone caller soonest: a
    /// request is read, performed and answered on one thread, with nothing handed to another.
    /// More threads let many concurrent callers use more cores (the `tcr-emulator` binary
    /// serves on one per core). [`spawn`](EmulatorBuilder::spawn) serves on the caller's
    /// runtime and ignores it.
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads;
        self
    }

    /// Binds the address and starts serving on a thread of its own (with its own runtime), or
    /// on [`threads`](EmulatorBuilder::threads) of them, so that it works from synchronous
    /// tests and from any async runtime alike.
    ///
    /// # Errors
    /// When the address cannot be bound or the threads or runtime cannot be created; with kind
    /// `InvalidData` when the state file is refused, `InvalidInput` when a credential's
    /// account or a seeded image tag is not valid, or `threads` or `max_connections` is 0.
    pub fn start(self) -> io::Result<Emulator> {
        let listen = self.listen;
        let settings = self.server.checked()?;
        let runtime = match self.threads {
            0 => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "threads: the emulator needs at least 1 thread to serve on",
                ));
            }
            1 => tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?,
            threads => tokio::runtime::Builder::new_multi_thread()
                .worker_threads(threads)
                .thread_name("tcr-emulator worker")
                .enable_all()
                .build()?,
        };
        let (shared, credentials) = self.into_shared()?;
        let listener = {
            let _context = runtime.enter();
            bind(listen)?
        };
        let addr = listener.local_addr()?;
        let (stop, stopped) = watch::channel(false);
        let thread = std::thread::Builder::new()
            .name(format!("tcr-emulator {addr}"))
            .spawn({
                let shared = Arc::clone(&shared);
                move || runtime.block_on(server::serve(listener, shared, settings, stopped))
            })?;
        Ok(Emulator::new(addr, shared, credentials, stop, Some(thread)))
    }

    /// Binds the address and serves as a task of the tokio runtime this is called from: in an
    /// async test, client and emulator then share the test's threads, and a call does not wait
    /// for another thread to wake up (on a `current_thread` runtime, a round trip is a few
    /// system calls). The emulator serves while that runtime runs, until
    /// [`Emulator::shutdown`] or the runtime ends.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let emulator = tcr_emulator::Emulator::builder().spawn()?;
    /// // ... point the client at emulator.endpoint() and await its calls here.
    /// emulator.shutdown();
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// When the address cannot be bound, or when called outside a tokio runtime; as
    /// [`start`](EmulatorBuilder::start) for the state file and the configuration.
    pub fn spawn(self) -> io::Result<Emulator> {
        let runtime = tokio::runtime::Handle::try_current().map_err(io::Error::other)?;
        let listen = self.listen;
        let settings = self.server.checked()?;
        let (shared, credentials) = self.into_shared()?;
        let listener = bind(listen)?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = watch::channel(false);
        runtime.spawn(server::serve(
            listener,
            Arc::clone(&shared),
            settings,
            stopped,
        ));
        Ok(Emulator::new(addr, shared, credentials, stop, None))
    }

    /// The state every connection shares, and the accepted credentials.
    fn into_shared(self) -> io::Result<(Arc<Shared>, Vec<Credential>)> {
        let credentials = if self.credentials.is_empty() {
            vec![Credential::default_pair()]
        } else {
            self.credentials
        };
        if let Some(bad) = credentials
            .iter()
            .find(|c| !crate::credential::is_account_id(c.account_id()))
        {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "the account `{}` of the SecretId {} is not an account: a uin is digits",
                    bad.account_id(),
                    bad.secret_id()
                ),
            ));
        }
        let policy = if self.registries.is_empty() {
            RegistryPolicy::AnyDocumented
        } else {
            RegistryPolicy::Only(self.registries)
        };
        let limits = Limits {
            policy,
            instances: self.instance_quota,
            namespaces: self.namespace_quota,
            repositories: self.repository_quota,
            service_accounts: self.quota,
            setup: self.instance_setup,
        };
        let clock = Arc::new(Clock::default());
        let (store, loaded) = match self.state_file {
            Some(path) => {
                let (store, loaded) = Store::open(path)?;
                (Some(store), loaded)
            }
            None => (None, Loaded::default()),
        };
        clock.advance(loaded.clock_ahead);
        let state = State::new(limits, loaded, store, Arc::clone(&clock));
        let first_account = credentials[0].account_id().to_owned();
        if !self.images.is_empty() {
            let now_ms = tcr_api::primitives::UnixMillis::from_system_time(clock.now())
                .unwrap_or_default()
                .get();
            state
                .write(|world| {
                    seed::push_all(world, &self.images, &first_account, now_ms).map_err(|e| {
                        crate::api_error::ApiError::new(
                            tcr_api::ErrorCode::InvalidParameter,
                            e.to_string(),
                        )
                    })
                })
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.message))?;
        }
        let accounts: HashMap<String, String> = credentials
            .iter()
            .map(|c| (c.secret_id().to_owned(), c.account_id().to_owned()))
            .collect();
        let routes = Routes::from_spec();
        let roles = if self.roles.is_empty() {
            RolePolicy::AnyWellFormed
        } else {
            RolePolicy::Only(self.roles)
        };
        let shared = Arc::new(Shared {
            auth: Authenticator::new(&credentials),
            limiters: Limiters::new(self.rate_limit, &routes),
            state,
            faults: Faults::default(),
            identities: Identities::new(
                roles,
                self.web_identities,
                self.instance_role,
                accounts,
                first_account,
            ),
            clock,
            calls: CallCounts::new(&routes),
            routes,
            log_requests: self.log_requests,
            unimplemented: self.unimplemented,
            random: self.seed.map_or_else(Random::from_os, Random::seeded),
        });
        Ok((shared, credentials))
    }
}

/// The listening socket, in the current runtime's context.
fn bind(listen: SocketAddr) -> io::Result<tokio::net::TcpListener> {
    let socket = if listen.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(listen)?;
    // Room for a burst of connections (a test's thousand concurrent calls).
    socket.listen(LISTEN_BACKLOG)
}
