//! Configuring and starting an emulator.

use std::collections::BTreeSet;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
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
use crate::server;
use crate::shared::Shared;
use crate::state::{RegistryPolicy, State};
use crate::unimplemented::Unimplemented;

/// How many service accounts a registry may hold unless told otherwise.
pub const DEFAULT_QUOTA: usize = 50;

/// Connections waiting to be accepted.
const LISTEN_BACKLOG: u32 = 1024;

/// Configures an [`Emulator`]; start with [`Emulator::builder`].
///
/// Defaults: listen on `127.0.0.1` on a free port; accept only the documented default pair
/// ([`DEFAULT_SECRET_ID`](crate::DEFAULT_SECRET_ID) / [`DEFAULT_SECRET_KEY`](crate::DEFAULT_SECRET_KEY));
/// every registry id of the documented form (`tcr-` and 8 lowercase letters or digits) exists;
/// [`DEFAULT_QUOTA`] accounts per registry; the spec's rate limits; no request log. For STS and
/// the metadata service: every role ARN of the documented form exists; no web-identity token is
/// accepted; no role is bound to the emulated CVM instance. Connections: a head must arrive within
/// [`DEFAULT_HEADER_READ_TIMEOUT`](crate::DEFAULT_HEADER_READ_TIMEOUT) of its first byte, a body
/// within [`DEFAULT_BODY_READ_TIMEOUT`](crate::DEFAULT_BODY_READ_TIMEOUT) of its head, and an idle
/// connection is closed after [`DEFAULT_IDLE_TIMEOUT`](crate::DEFAULT_IDLE_TIMEOUT). The library
/// never reads the environment: the binary does.
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
    timeouts: server::Timeouts,
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
            timeouts: server::Timeouts::default(),
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

    /// Makes `id` a registry. Repeatable; once called, only the registries named exist (and
    /// they may have any id, such as the seed example's `abc`).
    pub fn registry(mut self, id: impl Into<String>) -> Self {
        self.registries.insert(id.into());
        self
    }

    /// How many service accounts each registry may hold; beyond it, creating one is refused with
    /// `OperationDenied.QuotaOverLimit`.
    pub fn quota_per_registry(mut self, quota: usize) -> Self {
        self.quota = quota;
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
        self.timeouts.header_read = server::at_most_a_year(timeout);
        self
    }

    /// How long a request's body may take to arrive, counted from the end of its head, however
    /// slowly it trickles in; past it, the request is answered `408 Request Timeout` and the
    /// connection closed. It also bounds how long the bytes of a refused body (over
    /// [`MAX_BODY_BYTES`](crate::MAX_BODY_BYTES)) are read and dropped after the answer, at most
    /// 2 s. Default: [`DEFAULT_BODY_READ_TIMEOUT`](crate::DEFAULT_BODY_READ_TIMEOUT) (10 s).
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.body_read = server::at_most_a_year(timeout);
        self
    }

    /// How long a connection may stay open with no request in progress (from its accept, or
    /// from the end of its last answer, until the first byte of the next request); an idle
    /// connection is then closed. A call in progress (a delayed answer included) is never cut
    /// by it. Default: [`DEFAULT_IDLE_TIMEOUT`](crate::DEFAULT_IDLE_TIMEOUT) (30 s).
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.timeouts.idle = server::at_most_a_year(timeout);
        self
    }

    /// Binds the address and starts serving on a thread of its own (with its own runtime), so
    /// that it works from synchronous tests and from any async runtime alike.
    ///
    /// # Errors
    /// When the address cannot be bound or the thread or runtime cannot be created.
    pub fn start(self) -> io::Result<Emulator> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let listener = {
            let _context = runtime.enter();
            self.bind()?
        };
        let timeouts = self.timeouts;
        let (addr, shared, credentials) = self.into_shared(&listener)?;
        let (stop, stopped) = watch::channel(false);
        let thread = std::thread::Builder::new()
            .name(format!("tcr-emulator {addr}"))
            .spawn({
                let shared = Arc::clone(&shared);
                move || runtime.block_on(server::serve(listener, shared, timeouts, stopped))
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
    /// When the address cannot be bound, or when called outside a tokio runtime.
    pub fn spawn(self) -> io::Result<Emulator> {
        let runtime = tokio::runtime::Handle::try_current().map_err(io::Error::other)?;
        let listener = self.bind()?;
        let timeouts = self.timeouts;
        let (addr, shared, credentials) = self.into_shared(&listener)?;
        let (stop, stopped) = watch::channel(false);
        runtime.spawn(server::serve(
            listener,
            Arc::clone(&shared),
            timeouts,
            stopped,
        ));
        Ok(Emulator::new(addr, shared, credentials, stop, None))
    }

    /// The listening socket, in the current runtime's context.
    fn bind(&self) -> io::Result<tokio::net::TcpListener> {
        let socket = if self.listen.is_ipv4() {
            TcpSocket::new_v4()?
        } else {
            TcpSocket::new_v6()?
        };
        socket.set_reuseaddr(true)?;
        socket.bind(self.listen)?;
        // Room for a burst of connections (a test's thousand concurrent calls).
        socket.listen(LISTEN_BACKLOG)
    }

    /// The address bound, the state every connection shares, and the accepted credentials.
    fn into_shared(
        self,
        listener: &tokio::net::TcpListener,
    ) -> io::Result<(SocketAddr, Arc<Shared>, Vec<Credential>)> {
        let addr = listener.local_addr()?;
        let credentials = if self.credentials.is_empty() {
            vec![Credential::default_pair()]
        } else {
            self.credentials
        };
        let policy = if self.registries.is_empty() {
            RegistryPolicy::AnyDocumented
        } else {
            RegistryPolicy::Only(self.registries)
        };
        let routes = Routes::from_spec();
        let roles = if self.roles.is_empty() {
            RolePolicy::AnyWellFormed
        } else {
            RolePolicy::Only(self.roles)
        };
        let shared = Arc::new(Shared {
            auth: Authenticator::new(&credentials),
            limiters: Limiters::new(self.rate_limit, &routes),
            state: State::new(policy, self.quota),
            faults: Faults::default(),
            identities: Identities::new(roles, self.web_identities, self.instance_role),
            clock: Clock::default(),
            calls: CallCounts::new(&routes),
            routes,
            log_requests: self.log_requests,
            unimplemented: self.unimplemented,
            random: self.seed.map_or_else(Random::from_os, Random::seeded),
        });
        Ok((addr, shared, credentials))
    }
}
