//! [`ProfileCredentials`]: the INI file `~/.tencentcloud/credentials` and its named profiles.

mod file;
mod keys;
mod role;

use std::path::PathBuf;

use self::file::{Location, ProfileFile};
use super::{
    Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture, StsConfig,
    VarSource,
};

pub use self::file::CREDENTIALS_FILE_VAR;

/// The environment variable that chooses a profile (a section of the file) other than
/// `[default]`.
pub const PROFILE_VAR: &str = "TENCENTCLOUD_PROFILE";
/// The section read when none is chosen.
pub const DEFAULT_SECTION: &str = "default";

/// Credentials from the profile file, an INI file with a section per profile:
///
/// ```ini
/// [default]
/// secret_id = AKIDEXAMPLE
/// secret_key = SECRETEXAMPLE
/// # token = ...   (temporary credentials only)
/// ```
///
/// The file is `$TENCENTCLOUD_CREDENTIALS_FILE` when that variable is set, otherwise
/// `~/.tencentcloud/credentials` (`$HOME`, or `%USERPROFILE%` on Windows); or a path given to
/// [`ProfileCredentials::from_path`]. The profile is the section chosen with
/// [`with_section`](ProfileCredentials::with_section), else the one named by
/// `$TENCENTCLOUD_PROFILE`, else `[default]`.
///
/// The syntax: comment lines start with `#` or `;`; blank lines are ignored; whitespace around
/// lines, section names, keys, `=` and values is part of the syntax and removed, so a value can
/// neither start nor end with whitespace. Nothing else is removed: a `#` or `;` after a value
/// belongs to the value, and a value wrapped in quotes is an error (the quotes would otherwise
/// become part of the key). Keys are matched without regard to ASCII case; keys this provider
/// does not use are ignored.
///
/// A profile can assume a CAM role instead of holding keys: `role_arn` names the role, and
/// `source_profile` the profile whose credentials assume it (itself, when it holds keys too; or
/// another profile, which may assume a role in turn). The role's credentials come from STS
/// `AssumeRole` ([`AssumeRoleCredentials`](super::AssumeRoleCredentials), reached as
/// [`with_sts`](Self::with_sts) says); optional keys: `role_session_name`, `duration_seconds`,
/// `external_id`, and `region` (the region the STS call names).
///
/// ```ini
/// [ci]
/// secret_id = AKIDEXAMPLE
/// secret_key = SECRETEXAMPLE
///
/// [deploy]
/// role_arn = qcs::cam::uin/100000000001:roleName/ci-deployer
/// source_profile = ci
/// duration_seconds = 3600
/// ```
///
/// What counts as "not found", letting a chain move on: no home directory, or the default file
/// `~/.tencentcloud/credentials` missing, or that file lacking a `[default]` section, when no
/// profile was chosen. Everything else is an error: a file chosen by
/// `TENCENTCLOUD_CREDENTIALS_FILE` or by path that does not exist, a profile chosen by name
/// (in code or by `TENCENTCLOUD_PROFILE`) that is missing, a syntax error (with file and line),
/// a section without `secret_id` or `secret_key`, an unusable value, a role without
/// `source_profile` or whose `source_profile`s go round in a loop, STS refusing the role.
///
/// The file is read on tokio's blocking pool (never on the async runtime's own threads), once
/// per [`load`](ProfileCredentials::load); a client asks again only when its
/// [`CredentialsCache`](super::CredentialsCache) reloads.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use tencentcloud_runtime::credentials::{ProfileCredentials, VarSource};
///
/// let dir = std::env::temp_dir().join(format!("profile-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("credentials");
/// std::fs::write(&path, "[default]\nsecret_id = AKIDDEFAULT\nsecret_key = KEY1\n\n\
///                        [ci]\nsecret_id = AKIDCI\nsecret_key = KEY2\n")?;
/// let vars = VarSource::from_pairs([
///     ("TENCENTCLOUD_CREDENTIALS_FILE", path.to_str().unwrap()),
///     ("TENCENTCLOUD_PROFILE", "ci"),
/// ]);
/// let credentials = ProfileCredentials::from_vars(vars).load().await?;
/// assert_eq!(credentials.secret_id(), "AKIDCI");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ProfileCredentials {
    location: Location,
    vars: VarSource,
    section: Option<String>,
    sts: StsConfig,
}

/// How the profile to read was chosen.
enum Choice {
    /// Nobody chose: `[default]`.
    Default,
    /// By `TENCENTCLOUD_PROFILE`.
    Variable(String),
    /// By [`ProfileCredentials::with_section`].
    Program(String),
}

impl Choice {
    fn name(&self) -> &str {
        match self {
            Choice::Default => DEFAULT_SECTION,
            Choice::Variable(name) | Choice::Program(name) => name,
        }
    }
}

impl Default for ProfileCredentials {
    fn default() -> Self {
        ProfileCredentials::new()
    }
}

impl ProfileCredentials {
    /// The default file (`$TENCENTCLOUD_CREDENTIALS_FILE` or `~/.tencentcloud/credentials`) and
    /// profile (`$TENCENTCLOUD_PROFILE` or `[default]`), found through the process environment.
    pub fn new() -> Self {
        ProfileCredentials::from_vars(VarSource::process())
    }

    /// The default file and profile, found through `vars` (`TENCENTCLOUD_CREDENTIALS_FILE`,
    /// `TENCENTCLOUD_PROFILE`, `HOME`, `USERPROFILE`) instead of the process environment.
    pub fn from_vars(vars: VarSource) -> Self {
        ProfileCredentials {
            location: Location::FromVars,
            vars,
            section: None,
            sts: StsConfig::new(),
        }
    }

    /// This file, section `[default]`; no environment variable is read.
    pub fn from_path(path: impl Into<PathBuf>) -> Self {
        ProfileCredentials {
            location: Location::Path(path.into()),
            vars: VarSource::from_fn(|_| None),
            section: None,
            sts: StsConfig::new(),
        }
    }

    /// Reads this section, whatever `TENCENTCLOUD_PROFILE` says. A section chosen here that
    /// the file lacks is an error, not "not found".
    pub fn with_section(self, section: impl Into<String>) -> Self {
        ProfileCredentials {
            section: Some(section.into()),
            ..self
        }
    }

    /// Reaches STS this way for profiles that assume a role.
    pub fn with_sts(self, sts: StsConfig) -> Self {
        ProfileCredentials { sts, ..self }
    }

    /// The section that is read: the one chosen in code, else `$TENCENTCLOUD_PROFILE` (when
    /// usable), else `default`.
    pub fn section(&self) -> String {
        match self.choice() {
            Ok(choice) => choice.name().to_owned(),
            Err(_) => DEFAULT_SECTION.to_owned(),
        }
    }

    fn choice(&self) -> Result<Choice, CredentialsError> {
        if let Some(section) = &self.section {
            return Ok(Choice::Program(section.clone()));
        }
        match self.vars.get_str(
            PROFILE_VAR,
            "the name of a profile (a section of the credentials file)",
        )? {
            Some(name) => Ok(Choice::Variable(name)),
            None => Ok(Choice::Default),
        }
    }

    /// Reads the credentials now.
    ///
    /// # Errors
    /// [`CredentialsError::NotFound`] when there is no default file (or it has no `[default]`)
    /// and no profile was chosen; another [`CredentialsError`] when the file or section is
    /// broken, or chosen explicitly and missing.
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        let choice = self.choice()?;
        let resolved = self.location.resolve(&self.vars)?;
        let chosen_file = resolved.configured_by.is_some();
        let required = match &choice {
            Choice::Variable(name) => Some(format!("profile [{name}] chosen by {PROFILE_VAR}")),
            Choice::Default | Choice::Program(_) => None,
        };
        let file = ProfileFile::read(resolved, required).await?;
        let sections = file.sections()?;
        let name = choice.name();
        let Some(section) = sections.iter().find(|s| s.name == name) else {
            return Err(if !chosen_file && matches!(choice, Choice::Default) {
                CredentialsError::not_found(
                    format!("section [{name}] of profile file {}", file.path.display()),
                    "not in the file",
                )
            } else {
                CredentialsError::ProfileSectionMissing {
                    path: file.path.clone(),
                    section: name.to_owned(),
                    available: sections.iter().map(|s| s.name.to_owned()).collect(),
                }
            });
        };
        let plan = role::plan(&file.path, &sections, section)?;
        // The file's text is no longer needed while STS is called.
        drop(sections);
        drop(file);
        plan.run(&self.sts).await
    }
}

impl ProvideCredentials for ProfileCredentials {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.load())
    }
}
