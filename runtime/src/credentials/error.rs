//! [`CredentialsError`] and the vocabulary it is written in.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// One of the three values that make up [`Credentials`](super::Credentials).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CredentialField {
    /// The SecretId (`AKID…`), public.
    SecretId,
    /// The SecretKey, secret.
    SecretKey,
    /// The session token of temporary credentials, secret.
    Token,
}

impl fmt::Display for CredentialField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CredentialField::SecretId => "SecretId",
            CredentialField::SecretKey => "SecretKey",
            CredentialField::Token => "session token",
        })
    }
}

/// Where a credential value came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialSource {
    /// Passed to [`Credentials::new`](super::Credentials::new) or
    /// [`Credentials::with_token`](super::Credentials::with_token) by the program.
    Explicit,
    /// An environment variable.
    Environment {
        /// The variable's name (`TENCENTCLOUD_SECRET_KEY`).
        variable: String,
    },
    /// A key of a section of the profile file.
    Profile {
        /// The file.
        path: PathBuf,
        /// The section (`default`).
        section: String,
        /// The key (`secret_key`).
        key: String,
        /// The 1-based line of the key.
        line: usize,
    },
    /// A field of a service's answer (STS, the CVM instance metadata).
    Answer {
        /// The answer (`STS AssumeRole`, `the CVM instance metadata at http://…`).
        from: String,
        /// The field (`Credentials.TmpSecretKey`).
        field: String,
    },
}

impl fmt::Display for CredentialSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialSource::Explicit => f.write_str("the credentials given by the program"),
            CredentialSource::Environment { variable } => {
                write!(f, "environment variable {variable}")
            }
            CredentialSource::Profile {
                path,
                section,
                key,
                line,
            } => write!(
                f,
                "`{key}` in section [{section}] of {} (line {line})",
                path.display()
            ),
            CredentialSource::Answer { from, field } => write!(f, "`{field}` of {from}"),
        }
    }
}

/// What is wrong with a credential value. The value itself is never reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ValueProblem {
    /// The value is empty.
    Empty,
    /// The value starts or ends with whitespace (a space, a tab, a line break…).
    SurroundingWhitespace,
    /// The value contains a control character (a line break, a NUL…), which cannot travel in an
    /// HTTP header.
    ControlCharacter,
    /// The value is wrapped in quotes, which the profile file format does not remove.
    Quoted,
    /// The value is not valid Unicode (an environment variable).
    NotUnicode,
}

impl ValueProblem {
    /// What to do about it.
    fn advice(self) -> &'static str {
        match self {
            ValueProblem::Empty => "set it to the value from the Tencent Cloud API key console",
            ValueProblem::SurroundingWhitespace => {
                "remove the whitespace (it is kept, not trimmed, so that a copy-paste mistake \
                 is found here rather than as a signature failure)"
            }
            ValueProblem::ControlCharacter => "remove the control character",
            ValueProblem::Quoted => "write the value without quotes",
            ValueProblem::NotUnicode => {
                "set it to the value from the Tencent Cloud API key console"
            }
        }
    }
}

impl fmt::Display for ValueProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ValueProblem::Empty => "is empty",
            ValueProblem::SurroundingWhitespace => "has leading or trailing whitespace",
            ValueProblem::ControlCharacter => "contains a control character",
            ValueProblem::Quoted => "is wrapped in quotes",
            ValueProblem::NotUnicode => "is not valid Unicode",
        })
    }
}

/// What went wrong asking the CVM instance metadata service for the role's credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MetadataProblem {
    /// The service accepted the connection but sent no complete answer in time.
    Timeout {
        /// The timeout that ran out (connect, then read).
        after: Duration,
    },
    /// The connection failed after it was made.
    Connection {
        /// What the HTTP client said.
        reason: String,
    },
    /// An HTTP status other than 200.
    Status {
        /// The status.
        status: u16,
    },
    /// The role name the service gave is not a CAM role name (letters, digits and `+=,.@_-`).
    BadRoleName,
    /// The credentials document is not the JSON the service sends.
    Unreadable {
        /// Why.
        reason: String,
    },
    /// The document's `Code` is not `Success`.
    NotSuccess {
        /// The `Code` sent.
        code: String,
    },
    /// The HTTP client could not be set up.
    Setup {
        /// Why.
        reason: String,
    },
}

impl fmt::Display for MetadataProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MetadataProblem::Timeout { after } => write!(
                f,
                "no answer within {} ms; the service is there but does not answer",
                after.as_millis()
            ),
            MetadataProblem::Connection { reason } => write!(f, "the connection failed: {reason}"),
            MetadataProblem::Status { status } => write!(f, "HTTP status {status}"),
            MetadataProblem::BadRoleName => f.write_str(
                "the role name it gave is not a CAM role name (letters, digits and +=,.@_- only)",
            ),
            MetadataProblem::Unreadable { reason } => {
                write!(f, "the credentials document is unreadable: {reason}")
            }
            MetadataProblem::NotSuccess { code } => {
                write!(f, "the credentials document says `{code}`, not `Success`")
            }
            MetadataProblem::Setup { reason } => {
                write!(f, "the HTTP client cannot be set up: {reason}")
            }
        }
    }
}

/// What is wrong with a profile that assumes a role (`role_arn`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProfileRoleProblem {
    /// `role_arn` without `source_profile`.
    NoSourceProfile,
    /// `source_profile` names a section the file lacks.
    SourceProfileMissing {
        /// The section named.
        source_profile: String,
        /// The sections the file has.
        available: Vec<String>,
    },
    /// Keys (`secret_id`) beside a role whose `source_profile` is another profile: which
    /// identity is meant is unclear.
    KeysBesideRole {
        /// The other profile.
        source_profile: String,
    },
    /// `source_profile`s that lead back to a profile already on the way.
    Cycle {
        /// The profiles, in order, the first repeated at the end.
        profiles: Vec<String>,
    },
    /// `duration_seconds` is not a whole number of seconds above 0.
    BadDuration,
}

impl fmt::Display for ProfileRoleProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileRoleProblem::NoSourceProfile => f.write_str(
                "has `role_arn` but no `source_profile`: add `source_profile = <a profile with \
                 secret_id and secret_key>`",
            ),
            ProfileRoleProblem::SourceProfileMissing {
                source_profile,
                available,
            } => write!(
                f,
                "names `source_profile = {source_profile}`, which the file lacks (sections: {})",
                join_sections(available)
            ),
            ProfileRoleProblem::KeysBesideRole { source_profile } => write!(
                f,
                "has both its own keys and a role to assume with the keys of [{source_profile}]: \
                 remove the keys, or set `source_profile` to this profile's own name"
            ),
            ProfileRoleProblem::Cycle { profiles } => write!(
                f,
                "has `source_profile`s that go round in a loop: {}",
                profiles
                    .iter()
                    .map(|p| format!("[{p}]"))
                    .collect::<Vec<_>>()
                    .join(" -> ")
            ),
            ProfileRoleProblem::BadDuration => f.write_str(
                "has a `duration_seconds` that is not a whole number of seconds above 0",
            ),
        }
    }
}

/// A syntax error in the profile file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProfileSyntax {
    /// The file is not UTF-8 text.
    NotUtf8,
    /// A line that is not `[section]`, `key = value`, a comment or blank.
    MalformedLine,
    /// A line starting with `[` that is not `[name]`.
    MalformedSectionHeader,
    /// `[]` or `[ ]`.
    EmptySectionName,
    /// `= value` with no key.
    EmptyKey,
    /// A `key = value` line before the first `[section]`.
    KeyOutsideSection,
    /// A section that appears twice.
    DuplicateSection {
        /// The section's name.
        section: String,
        /// The line where it first appears.
        first_line: usize,
    },
    /// A key that appears twice in a section.
    DuplicateKey {
        /// The key.
        key: String,
        /// The line where it first appears.
        first_line: usize,
    },
}

impl fmt::Display for ProfileSyntax {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileSyntax::NotUtf8 => f.write_str("the file is not UTF-8 text"),
            ProfileSyntax::MalformedLine => f.write_str(
                "expected `[section]`, `key = value`, a comment starting with # or ;, or a blank line",
            ),
            ProfileSyntax::MalformedSectionHeader => {
                f.write_str("a section header must be `[name]` alone on its line")
            }
            ProfileSyntax::EmptySectionName => f.write_str("the section name is empty"),
            ProfileSyntax::EmptyKey => f.write_str("the key before `=` is empty"),
            ProfileSyntax::KeyOutsideSection => {
                f.write_str("`key = value` before any `[section]` header")
            }
            ProfileSyntax::DuplicateSection {
                section,
                first_line,
            } => write!(f, "section [{section}] already appears at line {first_line}"),
            ProfileSyntax::DuplicateKey { key, first_line } => {
                write!(f, "key `{key}` already appears at line {first_line} of this section")
            }
        }
    }
}

/// A place the credential chain looked at without finding credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchedPlace {
    /// What was looked at (`environment variables TENCENTCLOUD_SECRET_ID and …`).
    pub place: String,
    /// What was found there (`not set`).
    pub outcome: String,
}

impl fmt::Display for SearchedPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.outcome)
    }
}

/// Why credentials could not be had. The message says what is wrong and what to do, and never
/// contains a secret key or a token.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// No credentials anywhere: every place was looked at and none had any.
    #[error(
        "no Tencent Cloud credentials found (looked at: {}); set TENCENTCLOUD_SECRET_ID and \
         TENCENTCLOUD_SECRET_KEY, or put secret_id and secret_key under [default] in \
         ~/.tencentcloud/credentials, or give credentials explicitly",
        join_places(.searched)
    )]
    NotFound {
        /// The places looked at, in order.
        searched: Vec<SearchedPlace>,
    },
    /// A value is empty, has surrounding whitespace, or is otherwise unusable.
    #[error("the {field} from {origin} {problem}: {}", problem.advice())]
    InvalidValue {
        /// Which value.
        field: CredentialField,
        /// Where it came from.
        origin: CredentialSource,
        /// What is wrong with it.
        problem: ValueProblem,
    },
    /// Some of the credential environment variables are set, but not all that are needed.
    #[error(
        "environment variable {set} is set without {missing}: set both \
         TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY (and TENCENTCLOUD_TOKEN for temporary \
         credentials), or unset all of them"
    )]
    IncompleteEnvironment {
        /// A variable that is set.
        set: String,
        /// The variable(s) missing.
        missing: String,
    },
    /// An environment variable that names a file (`TENCENTCLOUD_CREDENTIALS_FILE`) is set but empty.
    #[error(
        "environment variable {variable} is set but empty: set it to the credentials file's path, or unset it"
    )]
    EmptyPathVariable {
        /// The variable.
        variable: String,
    },
    /// An environment variable that configures a credential source is set to an unusable
    /// value.
    #[error("environment variable {variable} {problem}: set it to {expected}, or unset it")]
    InvalidVariable {
        /// The variable.
        variable: String,
        /// What is wrong with its value.
        problem: ValueProblem,
        /// What it should hold.
        expected: &'static str,
    },
    /// The CVM instance metadata service answered, but not with usable credentials.
    #[error("the CVM instance metadata service at {url} gave no usable credentials: {problem}")]
    InstanceMetadata {
        /// The URL asked.
        url: String,
        /// What went wrong.
        problem: MetadataProblem,
    },
    /// The profile file was asked for explicitly but does not exist.
    #[error("credentials file {} does not exist ({configured_by}): create it or correct the path", path.display())]
    ProfileFileMissing {
        /// The path.
        path: PathBuf,
        /// How the path was chosen (`set by TENCENTCLOUD_CREDENTIALS_FILE`).
        configured_by: String,
    },
    /// The profile file exists but could not be read.
    #[error("cannot read credentials file {}: {source}", path.display())]
    ProfileRead {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: Arc<std::io::Error>,
    },
    /// The profile file is not well-formed.
    #[error("credentials file {}, line {line}: {problem}", path.display())]
    ProfileSyntax {
        /// The path.
        path: PathBuf,
        /// The 1-based line.
        line: usize,
        /// What is wrong.
        problem: ProfileSyntax,
    },
    /// The profile file has no section of the requested name.
    #[error(
        "credentials file {} has no section [{section}] (sections: {}): add it, or choose one of \
         those",
        path.display(),
        join_sections(.available)
    )]
    ProfileSectionMissing {
        /// The path.
        path: PathBuf,
        /// The section asked for.
        section: String,
        /// The sections the file has.
        available: Vec<String>,
    },
    /// A section of the profile file lacks `secret_id` or `secret_key`.
    #[error(
        "credentials file {}, section [{section}] (line {line}) has no `{key}`: add `{key} = …` \
         to the section",
        path.display()
    )]
    ProfileKeyMissing {
        /// The path.
        path: PathBuf,
        /// The section.
        section: String,
        /// The 1-based line of the section header.
        line: usize,
        /// The missing key (`secret_key`).
        key: String,
    },
    /// A profile that assumes a role is not usable as written.
    #[error("credentials file {}, section [{section}] (line {line}) {problem}", path.display())]
    ProfileRole {
        /// The path.
        path: PathBuf,
        /// The section.
        section: String,
        /// The 1-based line of the section header.
        line: usize,
        /// What is wrong.
        problem: ProfileRoleProblem,
    },
    /// Some of the TKE web-identity variables are set, but not all.
    #[error(
        "TKE web identity is partly configured: {} set, {} missing; set all four of \
         TKE_REGION, TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE and TKE_ROLE_ARN (TKE does in \
         a pod with a CAM role), or none",
        .set.join(", "),
        .missing.join(", ")
    )]
    IncompleteWebIdentity {
        /// The variables set.
        set: Vec<String>,
        /// The variables missing.
        missing: Vec<String>,
    },
    /// The web-identity token file cannot be used. Its content is never reported.
    #[error("web identity token file {} ({configured_by}) {problem}", path.display())]
    WebIdentityTokenFile {
        /// The file.
        path: PathBuf,
        /// How it was chosen (`named by TKE_WEB_IDENTITY_TOKEN_FILE`).
        configured_by: String,
        /// What is wrong (`does not exist`, `is empty`…).
        problem: String,
    },
    /// STS did not give temporary credentials for a role.
    #[error("cannot get credentials for role {role_arn} from STS: {source}")]
    Sts {
        /// The role.
        role_arn: String,
        /// The STS call's error (its code, message and RequestId when STS answered).
        source: Arc<crate::Error>,
    },
    /// The client that calls STS could not be set up (TLS roots, for example).
    #[error("cannot set up the client that calls STS: {reason}")]
    StsClient {
        /// Why.
        reason: String,
    },
    /// STS answered without a field temporary credentials need.
    #[error(
        "STS {action} answered for role {role_arn} without `{field}`; the answer is not usable"
    )]
    StsAnswerIncomplete {
        /// The action.
        action: &'static str,
        /// The role.
        role_arn: String,
        /// The missing field (`Credentials`, `ExpiredTime`).
        field: &'static str,
    },
    /// A provider gave temporary credentials that had already expired by this machine's clock.
    #[error(
        "the credentials for {secret_id} expired at {expiry}, before they arrived (this \
         machine's clock says {now}); check the clock, or the source's duration"
    )]
    ExpiredOnArrival {
        /// The SecretId of the credentials.
        secret_id: String,
        /// When they expired.
        expiry: crate::primitives::Timestamp,
        /// The time they arrived, by the cache's clock.
        now: crate::primitives::Timestamp,
    },
    /// A credential provider written outside this crate failed.
    #[error("credential provider {provider} failed: {source}")]
    Provider {
        /// The provider's name.
        provider: String,
        /// Its error. It must not contain secrets either.
        source: Arc<dyn std::error::Error + Send + Sync>,
    },
}

impl CredentialsError {
    /// Whether the error only says that no credentials were found (as opposed to credentials
    /// found but broken). A chain moves on to its next source on such an error.
    pub fn is_not_found(&self) -> bool {
        matches!(self, CredentialsError::NotFound { .. })
    }

    /// A "not found" error for one place.
    pub(crate) fn not_found(place: impl Into<String>, outcome: impl Into<String>) -> Self {
        CredentialsError::NotFound {
            searched: vec![SearchedPlace {
                place: place.into(),
                outcome: outcome.into(),
            }],
        }
    }

    /// An error of a credential provider written outside this crate.
    pub fn provider(
        provider: impl Into<String>,
        error: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        CredentialsError::Provider {
            provider: provider.into(),
            source: Arc::from(error.into()),
        }
    }
}

fn join_places(places: &[SearchedPlace]) -> String {
    places
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

fn join_sections(sections: &[String]) -> String {
    if sections.is_empty() {
        "none".to_owned()
    } else {
        sections
            .iter()
            .map(|s| format!("[{s}]"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
