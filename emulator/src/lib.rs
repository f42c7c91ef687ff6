//! A local Tencent Container Registry (TCR) API server, built from the same spec as the client,
//! for testing code that calls TCR without a Tencent Cloud account.
//!
//! It behaves like TCR for any client (this workspace's, or Tencent's official SDKs pointed at
//! it with an endpoint override): it verifies TC3-HMAC-SHA256 signatures and timestamps,
//! enforces every constraint of the spec, keeps the resources users automate, answers in the
//! documented shape with the documented error codes, enforces the spec's rate limits, and
//! injects the faults a test orders.
//!
//! # Resources, accounts and regions
//!
//! Instances (`CreateInstance`, `DescribeInstances`, `DescribeInstanceStatus`,
//! `DeleteInstance`), namespaces, repositories, image tags (`DescribeImages`, `DeleteImage`),
//! instance tokens and service accounts have behaviour; the choices the emulator made where
//! Tencent's documentation is silent are in each action's module docs and in the `actions`
//! module's (one not-found code per kind of resource, paging, order, filters).
//!
//! - Every credential pair belongs to an account (a uin: [`Credential::account`],
//!   `--credentials ID:KEY@UIN`, [`DEFAULT_ACCOUNT`] otherwise); temporary credentials from its
//!   STS belong to the account in the role's ARN. Resources live per account and per region
//!   (`X-TC-Region`, required as for TCR): one account never sees another's, nor a region
//!   another region's.
//! - A created instance is `Pending`, then `Deploying`, then `Running` after
//!   [`EmulatorBuilder::instance_setup`] (60 s) on the emulator's clock
//!   ([`Emulator::advance_clock`]); what it holds can be changed once it runs.
//! - Every id of the documented form `tcr-xxxxxxxx` exists implicitly, as before resources had
//!   behaviour: the first request naming it makes it a running instance of its caller's
//!   account and region (only the ids given with [`EmulatorBuilder::registry`] when any are).
//! - Image tags, which only a push creates, are seeded: [`EmulatorBuilder::image`],
//!   [`Emulator::push_image`], `POST /_emulator/images`, or the state file.
//! - With a state file ([`EmulatorBuilder::state_file`], `--state FILE`) everything is loaded at
//!   start and written after every change, before it is answered; passwords and tokens are kept
//!   only as salted hashes ([`Emulator::login_matches`] checks a `docker login`).
//!
//! It also plays the two services programs get temporary credentials from, so that code that
//! runs in a TKE pod or on a CVM instance can be tested with no key in its configuration:
//!
//! - STS (`AssumeRole`, signed; `AssumeRoleWithWebIdentity`, unsigned), on the same port and
//!   from the STS spec the runtime is generated from: it issues a temporary SecretId, SecretKey
//!   and token with an expiry. TCR (and STS) calls signed with them are accepted with their
//!   `X-TC-Token` while they are valid, and refused with `AuthFailure.TokenFailure` once they
//!   expire, or with a missing or wrong token. Roles: [`EmulatorBuilder::role`]; web-identity
//!   tokens it accepts: [`EmulatorBuilder::web_identity`].
//! - The CVM metadata service ([`Emulator::metadata_url`]): the role bound with
//!   [`EmulatorBuilder::instance_role`] and its credentials, as CVM serves them.
//!
//! The emulator's clock can be moved forward ([`Emulator::advance_clock`]) to make credentials
//! expire; [`Emulator::calls`] counts the requests of each action (one STS request for a
//! thousand TCR calls), [`Emulator::issued_credentials`] lists what it issued.
//!
//! # In a test
//!
//! ```
//! use tcr_emulator::Emulator;
//!
//! let emulator = Emulator::start()?; // a free port of 127.0.0.1, the default credentials
//! let endpoint = emulator.endpoint(); // "http://127.0.0.1:PORT": point the client here
//! let credential = emulator.credential(); // sign with credential.secret_id() / secret_key()
//! // ... run the code under test, then look at the state:
//! assert!(emulator.accounts("tcr-abcd1234").is_empty());
//! # let _ = (endpoint, credential);
//! emulator.shutdown();
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! # From the command line
//!
//! ```text
//! cargo run -p tcr-emulator -- --listen 127.0.0.1:9091
//! ```
//!
//! The first line it prints is `listening on http://HOST:PORT` (with `--listen 127.0.0.1:0`,
//! the port it picked). See `--help` for credentials, registries, quota, rate limit, timeouts
//! and limits.
//!
//! # Threads
//!
//! [`Emulator::start`] serves on one thread of its own: a lone caller (a test) is answered
//! soonest, every request read, performed and answered on that thread. For load from many
//! concurrent callers, [`EmulatorBuilder::threads`] serves on more, as the binary does (one per
//! core, `--threads N`). [`EmulatorBuilder::spawn`] serves on the caller's tokio runtime
//! instead, where a call from the same runtime wakes no other thread.
//!
//! # Protocol
//!
//! `POST /` with a JSON body and the TC3 headers. Every answer (but the few HTTP itself
//! prescribes, see "Hostile clients" below) is HTTP 200 with
//! `Content-Type: application/json` (exactly: the official Python SDK ignores error bodies
//! otherwise) and a fresh RequestId (a UUID), in the documented shape:
//! `{"Response": {..., "RequestId"}}` or `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}`.
//! Only codes the spec declares for the action, or common to every action, are ever answered.
//!
//! | problem | code |
//! |---|---|
//! | not `POST /`, or a body that is not `application/json` | `UnsupportedProtocol` |
//! | body over 1 MiB | `LimitExceeded` |
//! | no `Authorization`, or one not of the TC3 form | `AuthFailure.SignatureFailure` |
//! | no `X-TC-Timestamp` | `MissingParameter` |
//! | timestamp more than 5 minutes from the clock | `AuthFailure.SignatureExpire` |
//! | SecretId not accepted | `AuthFailure.SecretIdNotFound` |
//! | temporary credentials without their `X-TC-Token`, with another, or expired; a token with a long-lived key | `AuthFailure.TokenFailure` |
//! | signature not over the body bytes and `Host` as received, or a scope for another service than the action's | `AuthFailure.SignatureFailure` |
//! | no `X-TC-Action` / an unknown one | `MissingParameter` / `InvalidAction` |
//! | no `X-TC-Version` / another version | `MissingParameter` / `NoSuchVersion` |
//! | over the rate limit | `RequestLimitExceeded` |
//! | body not a JSON object, a value of the wrong type, a broken rule (the password rule…) | `InvalidParameter` |
//! | a required parameter absent (`Password` when `Random` is false too) | `MissingParameter` |
//! | a parameter the spec does not know, at any depth, whatever its value (`null` too) | `UnknownParameter` |
//! | no `X-TC-Region` on a TCR action with behaviour (TCR acts in a region) / a region TCR is not offered in | `MissingParameter` / `UnsupportedRegion` |
//! | an instance, namespace, repository, tag, token or account that does not exist (or is another account's or region's) | `ResourceNotFound` |
//! | a name already taken | `InvalidParameter` (`FailedOperation` for a service account) |
//! | an instance still being set up | `ResourceInsufficient` |
//! | a namespace holding repositories, a repository holding tags without `ForceDelete`, an instance protected against deletion | `FailedOperation` |
//! | a quota of instances, namespaces or repositories reached | `LimitExceeded` |
//! | an instance's quota of service accounts reached | `OperationDenied.QuotaOverLimit` |
//!
//! For the resource actions, the codes above are the common classes of TCR's precise codes
//! (`ResourceNotFound.ErrNoNamespace`, `InvalidParameter.ErrRepoExist`…): the spec declares
//! none of those for these actions yet, and the emulator answers only declared codes. It
//! answers the precise code of an action as soon as the spec declares it.
//!
//! The actions come from the specs through `tcr_api::actions::visit_actions` and the STS
//! module's: an action added to a spec is checked like the others and answers
//! `UnsupportedOperation` until its logic is written. An action its spec marks unsigned skips
//! authentication (`Authorization: SKIP`, or none).
//!
//! # Hostile clients
//!
//! The emulator can face a network. A body over 1 MiB is refused (`LimitExceeded`, then the
//! connection closed) as soon as its `Content-Length` or its growth shows it, without being
//! read or held. A request's head must arrive within
//! [`EmulatorBuilder::header_read_timeout`] of its first byte and its body within
//! [`EmulatorBuilder::body_read_timeout`] of its head (else `408 Request Timeout`); a
//! connection with no request in progress is closed after [`EmulatorBuilder::idle_timeout`].
//! At most [`EmulatorBuilder::max_connections`] connections (1024) are served at once: beyond
//! them, the idle ones are closed to make room and a new one waits for a place (none is
//! refused). At most [`EmulatorBuilder::max_body_memory`] bytes of bodies (64 MiB) are held at
//! once: a request whose body does not fit waits, unread, within its body read timeout.
//! A request HTTP/1.1 cannot accept gets the status it prescribes, with no body, and the
//! connection closed: `400` (request line, headers, lengths, chunked framing, two `Host`s, or
//! none in an HTTP/1.1 request), `414`, `431`, and `505` for another major version of HTTP
//! (a later minor version of HTTP/1, `HTTP/1.2` say, is served as HTTP/1.1).
//! Besides the control path's own statuses, these and `408` are the only answers that are not
//! HTTP 200.
//!
//! # Faults and the control path
//!
//! [`Emulator::inject`] orders faults ([`FaultSpec`]): fail the next calls of an action with a
//! code, delay answers, or perform a call and close the connection without answering. Tests in
//! other languages use the control path instead, `POST /_emulator/faults` with the same order as
//! JSON; `GET /_emulator/registries/{id}/accounts` shows an instance's service accounts and
//! `POST /_emulator/images` seeds image tags (see the `control` module's source for the full
//! list).

mod actions;
mod api_error;
mod auth;
mod builder;
mod calls;
mod clock;
mod control;
mod credential;
mod envelope;
mod faults;
mod handle;
mod identity;
mod metadata;
mod protocol;
mod random;
mod rate_limit;
mod request;
mod routes;
mod seed;
mod server;
mod shared;
mod state;
mod unimplemented;

/// Tables generated from the spec by `cargo xtask codegen`.
#[rustfmt::skip]
mod generated {
    pub(crate) mod example_answers;
}

pub use builder::{
    DEFAULT_INSTANCE_QUOTA, DEFAULT_INSTANCE_SETUP, DEFAULT_NAMESPACE_QUOTA, DEFAULT_QUOTA,
    DEFAULT_REPOSITORY_QUOTA, EmulatorBuilder,
};
pub use calls::{CALL_LOG_CAPACITY, CallRecord};
pub use credential::{
    Credential, CredentialParseError, DEFAULT_ACCOUNT, DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY,
};
pub use faults::{Fault, FaultError, FaultSpec, MAX_DELAY, Times};
pub use handle::Emulator;
pub use identity::{IssuedCredentials, Issuer};
pub use metadata::{CREDENTIALS_PATH, METADATA_CREDENTIALS_SECONDS};
pub use protocol::MAX_BODY_BYTES;
pub use rate_limit::RateLimit;
pub use seed::{DEFAULT_IMAGE_REGION, ImageTag, ImageTagError};
pub use server::{
    DEFAULT_BODY_READ_TIMEOUT, DEFAULT_HEADER_READ_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
    DEFAULT_MAX_BODY_MEMORY, DEFAULT_MAX_CONNECTIONS,
};
pub use state::{NAME_PREFIX, STATE_FORMAT_VERSION, ServiceAccount, is_documented_registry_id};
pub use unimplemented::Unimplemented;
