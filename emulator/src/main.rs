//! `tcr-emulator`: serves the TCR API locally until stopped (Ctrl-C or SIGTERM).
//!
//! The first line printed is `listening on http://HOST:PORT`, for scripts to read the port.

use std::fmt;
use std::io::ErrorKind;
use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::process::ExitCode;
use std::str::FromStr;
use std::time::Duration;

use clap::Parser;
use tcr_emulator::{
    Credential, DEFAULT_BODY_READ_TIMEOUT, DEFAULT_HEADER_READ_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
    DEFAULT_INSTANCE_QUOTA, DEFAULT_MAX_BODY_MEMORY, DEFAULT_MAX_CONNECTIONS,
    DEFAULT_NAMESPACE_QUOTA, DEFAULT_QUOTA, DEFAULT_REPOSITORY_QUOTA, Emulator, RateLimit,
    Unimplemented,
};

/// A local Tencent Container Registry (TCR) API 2019-09-24 server for tests: TC3 signatures,
/// every constraint of the spec, instances, namespaces, repositories, image tags, tokens and
/// service accounts per account and region (in memory, or kept in a state file), rate limits
/// and injectable faults; STS (AssumeRole, AssumeRoleWithWebIdentity) and the CVM metadata
/// service for temporary credentials.
#[derive(Debug, Parser)]
#[command(name = "tcr-emulator", version)]
struct Cli {
    /// Address to listen on; port 0 picks a free port (printed on the first line).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:9091")]
    listen: SocketAddr,

    /// A SecretId and SecretKey to accept (repeatable), and the account (uin) they belong to
    /// after an @ (default 100000000001). Without it: TENCENTCLOUD_SECRET_ID and
    /// TENCENTCLOUD_SECRET_KEY when set, else the documented default pair
    /// AKIDTCREMULATOR / tcr-emulator-secret-key. Each account sees only its own resources,
    /// per region (X-TC-Region).
    #[arg(long = "credentials", value_name = "ID:KEY[@UIN]")]
    credentials: Vec<Credential>,

    /// An instance id that exists without being created (repeatable). Without it, every id of
    /// the documented form (tcr- and 8 lowercase letters or digits) does. Such an instance
    /// becomes one of the account and region that first name it.
    #[arg(long = "registry", value_name = "ID")]
    registries: Vec<String>,

    /// Keep the state in this file: loaded at start (created when missing), written after
    /// every change before it is answered. A corrupt file, or one of a newer format, is
    /// refused and left as it is.
    #[arg(long = "state", value_name = "FILE")]
    state: Option<PathBuf>,

    /// Seconds a created instance takes to run (Pending, then Deploying, then Running), by
    /// the emulator's clock.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    instance_setup: u64,

    /// Service accounts each instance may hold.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_QUOTA)]
    quota: usize,

    /// Instances each account may have in a region.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_INSTANCE_QUOTA)]
    instance_quota: usize,

    /// Namespaces each instance may hold.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_NAMESPACE_QUOTA)]
    namespace_quota: usize,

    /// Repositories each instance may hold.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_REPOSITORY_QUOTA)]
    repository_quota: usize,

    /// Requests per second per action: `spec` (the spec's limit, 20 for TCR), a number, or `off`.
    #[arg(long, value_name = "spec|N|off", default_value = "spec", value_parser = parse_rate_limit)]
    rate_limit: RateLimit,

    /// A CAM role STS hands out (repeatable). Without it, every ARN of the documented form
    /// (qcs::cam::uin/<account>:roleName/<name>) exists.
    #[arg(long = "role", value_name = "ARN")]
    roles: Vec<String>,

    /// A web-identity token AssumeRoleWithWebIdentity accepts from an identity provider
    /// (repeatable).
    #[arg(long = "web-identity", value_name = "PROVIDER:TOKEN", value_parser = parse_web_identity)]
    web_identities: Vec<(String, String)>,

    /// The CAM role bound to the emulated CVM instance, served by the metadata service at
    /// /latest/meta-data/cam/security-credentials/.
    #[arg(long, value_name = "NAME")]
    instance_role: Option<String>,

    /// What an action the emulator has no behaviour for answers, once its request passed every
    /// check: `unsupported` (UnsupportedOperation) or `example` (its documented answer, with a
    /// fresh RequestId; nothing is stored).
    #[arg(long, value_name = "unsupported|example", default_value = "unsupported", value_parser = parse_unimplemented)]
    unimplemented: Unimplemented,

    /// Makes RequestIds, generated ids, passwords, tokens and temporary keys reproducible from
    /// this number (same calls in the same order, same values). For tests only.
    #[arg(long, value_name = "N")]
    seed: Option<u64>,

    /// Seconds a request's head may take to arrive, from its first byte; a slower one has its
    /// connection closed.
    #[arg(long, value_name = "SECONDS", default_value_t = Seconds(DEFAULT_HEADER_READ_TIMEOUT))]
    header_timeout: Seconds,

    /// Seconds a request's body may take to arrive, from the end of its head; a slower one is
    /// answered 408 and its connection closed.
    #[arg(long, value_name = "SECONDS", default_value_t = Seconds(DEFAULT_BODY_READ_TIMEOUT))]
    body_timeout: Seconds,

    /// Seconds a connection may stay open with no request in progress.
    #[arg(long, value_name = "SECONDS", default_value_t = Seconds(DEFAULT_IDLE_TIMEOUT))]
    idle_timeout: Seconds,

    /// Threads serving connections (default: one per core). One thread answers a lone caller
    /// soonest; more serve many concurrent callers faster.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    threads: Option<u16>,

    /// Connections served at once. At the limit, connections with no request in progress are
    /// closed to make room, and new ones wait (in the listen backlog) for a place.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_CONNECTIONS, value_parser = parse_at_least_one)]
    max_connections: usize,

    /// MiB of request bodies held at once, all connections together (at least 1). A request
    /// whose body does not fit waits, its body unread, within its body timeout.
    #[arg(long, value_name = "MIB", default_value_t = DEFAULT_MAX_BODY_MEMORY >> 20, value_parser = parse_at_least_one)]
    max_body_memory: usize,

    /// Do not print a line per call on stderr.
    #[arg(long)]
    quiet: bool,
}

/// A duration given in seconds on the command line (`10`, `0.5`), above 0.
#[derive(Clone, Copy, Debug)]
struct Seconds(Duration);

impl FromStr for Seconds {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse::<f64>()
            .ok()
            .filter(|n| *n > 0.0)
            .and_then(|n| Duration::try_from_secs_f64(n).ok())
            .map(Seconds)
            .ok_or_else(|| "expected a number of seconds above 0, such as 10 or 0.5".to_owned())
    }
}

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.as_secs_f64())
    }
}

fn parse_at_least_one(s: &str) -> Result<usize, String> {
    s.parse::<usize>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| "expected a whole number, 1 or more".to_owned())
}

fn parse_unimplemented(s: &str) -> Result<Unimplemented, String> {
    match s {
        "unsupported" => Ok(Unimplemented::Unsupported),
        "example" => Ok(Unimplemented::ExampleAnswer),
        _ => Err("expected `unsupported` or `example`".to_owned()),
    }
}

fn parse_web_identity(s: &str) -> Result<(String, String), String> {
    match s.split_once(':') {
        Some((provider, token)) if !provider.is_empty() && !token.is_empty() => {
            Ok((provider.to_owned(), token.to_owned()))
        }
        _ => Err("expected PROVIDER:TOKEN, both non-empty".to_owned()),
    }
}

fn parse_rate_limit(s: &str) -> Result<RateLimit, String> {
    match s {
        "spec" => Ok(RateLimit::FromSpec),
        "off" => Ok(RateLimit::Off),
        n => n
            .parse::<NonZeroU32>()
            .map(RateLimit::PerSecond)
            .map_err(|_| {
                "expected `spec`, `off` or a number of requests per second above 0".to_owned()
            }),
    }
}

/// Where the accepted credentials come from, for the startup lines.
enum Source {
    CommandLine,
    Environment,
    DefaultPair,
}

fn credentials(cli: &Cli) -> Result<(Vec<Credential>, Source), String> {
    if !cli.credentials.is_empty() {
        return Ok((cli.credentials.clone(), Source::CommandLine));
    }
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    match (var("TENCENTCLOUD_SECRET_ID"), var("TENCENTCLOUD_SECRET_KEY")) {
        (Some(id), Some(key)) => Ok((vec![Credential::new(id, key)], Source::Environment)),
        (None, None) => Ok((vec![Credential::default_pair()], Source::DefaultPair)),
        _ => Err(
            "set both TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, or neither (or use --credentials)"
                .to_owned(),
        ),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (credentials, source) = match credentials(&cli) {
        Ok(found) => found,
        Err(message) => {
            eprintln!("tcr-emulator: {message}");
            return ExitCode::from(2);
        }
    };
    let mut builder = Emulator::builder()
        .listen(cli.listen)
        .credentials(credentials)
        .quota_per_registry(cli.quota)
        .instance_quota(cli.instance_quota)
        .namespace_quota(cli.namespace_quota)
        .repository_quota(cli.repository_quota)
        .instance_setup(Duration::from_secs(cli.instance_setup))
        .rate_limit(cli.rate_limit)
        .unimplemented(cli.unimplemented)
        .header_read_timeout(cli.header_timeout.0)
        .body_read_timeout(cli.body_timeout.0)
        .idle_timeout(cli.idle_timeout.0)
        .threads(cli.threads.map_or_else(
            || std::thread::available_parallelism().map_or(1, |n| n.get()),
            usize::from,
        ))
        .max_connections(cli.max_connections)
        .max_body_memory(cli.max_body_memory.saturating_mul(1 << 20))
        .log_requests(!cli.quiet);
    if let Some(seed) = cli.seed {
        builder = builder.seed(seed);
    }
    if let Some(path) = &cli.state {
        builder = builder.state_file(path.clone());
    }
    for registry in &cli.registries {
        builder = builder.registry(registry.clone());
    }
    for role in &cli.roles {
        builder = builder.role(role.clone());
    }
    for (provider, token) in &cli.web_identities {
        builder = builder.web_identity(provider.clone(), token.clone());
    }
    if let Some(role) = &cli.instance_role {
        builder = builder.instance_role(role.clone());
    }
    let emulator = match builder.start() {
        Ok(emulator) => emulator,
        Err(error)
            if matches!(
                error.kind(),
                ErrorKind::InvalidData | ErrorKind::InvalidInput
            ) =>
        {
            eprintln!("tcr-emulator: {error}");
            return ExitCode::FAILURE;
        }
        Err(error) => {
            eprintln!("tcr-emulator: cannot listen on {}: {error}", cli.listen);
            return ExitCode::FAILURE;
        }
    };

    println!("listening on {}", emulator.endpoint());
    for credential in emulator.credentials() {
        // Only the public default key is ever printed.
        match source {
            Source::DefaultPair => println!(
                "credentials: SecretId {} SecretKey {} (the documented default pair), account {}",
                credential.secret_id(),
                credential.secret_key(),
                credential.account_id()
            ),
            Source::Environment => println!(
                "credentials: SecretId {} (SecretKey from TENCENTCLOUD_SECRET_KEY), account {}",
                credential.secret_id(),
                credential.account_id()
            ),
            Source::CommandLine => println!(
                "credentials: SecretId {} (SecretKey from --credentials), account {}",
                credential.secret_id(),
                credential.account_id()
            ),
        }
    }
    if cli.registries.is_empty() {
        println!(
            "instances: created ones, and every id of the form tcr-xxxxxxxx (8 lowercase letters or digits)"
        );
    } else {
        println!("instances: created ones, and {}", cli.registries.join(", "));
    }
    match &cli.state {
        Some(path) => println!("state: kept in {}", path.display()),
        None => println!("state: in memory only (--state FILE to keep it)"),
    }
    let rate = match cli.rate_limit {
        RateLimit::FromSpec => format!(
            "the spec's ({} per second per action)",
            tcr_api::SERVICE.rate_limit_per_second
        ),
        RateLimit::PerSecond(n) => format!("{n} per second per action"),
        _ => "off".to_owned(),
    };
    println!(
        "quotas: {} instances per account and region; per instance {} namespaces, {} repositories, {} service accounts; rate limit: {rate}",
        cli.instance_quota, cli.namespace_quota, cli.repository_quota, cli.quota
    );
    let providers: Vec<&str> = cli.web_identities.iter().map(|(p, _)| p.as_str()).collect();
    println!(
        "sts: at {} too; roles: {}; web identity tokens from: {}",
        emulator.endpoint(),
        if cli.roles.is_empty() {
            "every ARN of the documented form".to_owned()
        } else {
            cli.roles.join(", ")
        },
        if providers.is_empty() {
            "none".to_owned()
        } else {
            providers.join(", ")
        }
    );
    match &cli.instance_role {
        Some(role) => println!("cvm metadata: {} (role {role})", emulator.metadata_url()),
        None => println!("cvm metadata: no role bound (--instance-role)"),
    }
    println!(
        "faults: POST {}/_emulator/faults; actions: {}",
        emulator.endpoint(),
        emulator.actions().join(", ")
    );

    let stopped = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map(|runtime| runtime.block_on(stop_signal()));
    if let Err(error) = stopped {
        eprintln!("tcr-emulator: cannot wait for a stop signal: {error}");
    }
    emulator.shutdown();
    println!("stopped");
    ExitCode::SUCCESS
}

/// Ctrl-C, or SIGTERM on Unix.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
