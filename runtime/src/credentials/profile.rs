//! [`ProfileCredentials`]: the INI file `~/.tencentcloud/credentials`.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use zeroize::Zeroizing;

use super::ini::{self, Section};
use super::{
    CredentialField, CredentialSource, Credentials, CredentialsError, ProvideCredentials,
    ProvideCredentialsFuture, ValueProblem, VarSource,
};

/// The environment variable that overrides the profile file's path.
pub const CREDENTIALS_FILE_VAR: &str = "TENCENTCLOUD_CREDENTIALS_FILE";
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
/// [`ProfileCredentials::from_path`]. The section is `[default]` unless
/// [`with_section`](ProfileCredentials::with_section) chooses another.
///
/// The syntax: comment lines start with `#` or `;`; blank lines are ignored; whitespace around
/// lines, section names, keys, `=` and values is part of the syntax and removed, so a value can
/// neither start nor end with whitespace. Nothing else is removed: a `#` or `;` after a value
/// belongs to the value, and a value wrapped in quotes is an error (the quotes would otherwise
/// become part of the key). Keys (`secret_id`, `secret_key`, `token`) are matched without regard
/// to ASCII case; other keys (`region`…) are ignored.
///
/// What counts as "not found", letting a chain move on: no home directory, or the default file
/// `~/.tencentcloud/credentials` missing, or that file lacking a `[default]` section. Everything
/// else is an error: a file chosen by `TENCENTCLOUD_CREDENTIALS_FILE` or by path that does not
/// exist, a section chosen by name that is missing, a syntax error (with file and line), a
/// section without `secret_id` or `secret_key`, an unusable value.
///
/// Reading is a small synchronous file read, also when called through [`ProvideCredentials`].
#[derive(Debug, Clone)]
pub struct ProfileCredentials {
    location: Location,
    section: Option<String>,
}

#[derive(Debug, Clone)]
enum Location {
    /// `$TENCENTCLOUD_CREDENTIALS_FILE`, else `~/.tencentcloud/credentials`.
    FromVars(VarSource),
    /// A path given by the program.
    Path(PathBuf),
}

/// The file to read and whether it was chosen explicitly (a missing explicit file is an error).
struct ResolvedPath {
    path: PathBuf,
    configured_by: Option<String>,
}

impl Default for ProfileCredentials {
    fn default() -> Self {
        ProfileCredentials::new()
    }
}

impl ProfileCredentials {
    /// The default file (`$TENCENTCLOUD_CREDENTIALS_FILE` or `~/.tencentcloud/credentials`),
    /// found through the process environment; section `[default]`.
    pub fn new() -> Self {
        ProfileCredentials::from_vars(VarSource::process())
    }

    /// The default file, found through `vars` (`TENCENTCLOUD_CREDENTIALS_FILE`, `HOME`,
    /// `USERPROFILE`) instead of the process environment; section `[default]`.
    pub fn from_vars(vars: VarSource) -> Self {
        ProfileCredentials {
            location: Location::FromVars(vars),
            section: None,
        }
    }

    /// This file; section `[default]`.
    pub fn from_path(path: impl Into<PathBuf>) -> Self {
        ProfileCredentials {
            location: Location::Path(path.into()),
            section: None,
        }
    }

    /// Reads this section instead of `[default]`. A section chosen here that the file lacks is
    /// an error, not "not found".
    pub fn with_section(self, section: impl Into<String>) -> Self {
        ProfileCredentials {
            section: Some(section.into()),
            ..self
        }
    }

    /// The section that is read.
    pub fn section(&self) -> &str {
        self.section.as_deref().unwrap_or(DEFAULT_SECTION)
    }

    /// Reads the credentials now.
    ///
    /// # Errors
    /// [`CredentialsError::NotFound`] when there is no default file (or it has no `[default]`);
    /// another [`CredentialsError`] when the file or section is broken or explicitly chosen and
    /// missing.
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let ResolvedPath {
            path,
            configured_by,
        } = self.resolve_path()?;
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => Zeroizing::new(bytes),
            Err(e) if e.kind() == ErrorKind::NotFound => {
                return Err(match configured_by {
                    Some(configured_by) => CredentialsError::ProfileFileMissing {
                        path,
                        configured_by,
                    },
                    None => CredentialsError::not_found(
                        format!("profile file {}", path.display()),
                        "does not exist",
                    ),
                });
            }
            Err(e) => {
                return Err(CredentialsError::ProfileRead {
                    path,
                    source: Arc::new(e),
                });
            }
        };
        let syntax = |e: ini::SyntaxError| CredentialsError::ProfileSyntax {
            path: path.clone(),
            line: e.line,
            problem: e.problem,
        };
        let text = ini::text(&bytes).map_err(syntax)?;
        let sections = ini::parse(text).map_err(syntax)?;
        let name = self.section();
        let Some(section) = sections.iter().find(|s| s.name == name) else {
            return Err(if configured_by.is_none() && self.section.is_none() {
                CredentialsError::not_found(
                    format!("section [{name}] of profile file {}", path.display()),
                    "not in the file",
                )
            } else {
                CredentialsError::ProfileSectionMissing {
                    path,
                    section: name.to_owned(),
                    available: sections.iter().map(|s| s.name.to_owned()).collect(),
                }
            });
        };
        credentials_from_section(&path, section)
    }

    fn resolve_path(&self) -> Result<ResolvedPath, CredentialsError> {
        let vars = match &self.location {
            Location::Path(path) => {
                return Ok(ResolvedPath {
                    path: path.clone(),
                    configured_by: Some("path given by the program".to_owned()),
                });
            }
            Location::FromVars(vars) => vars,
        };
        if let Some(path) = vars.get(CREDENTIALS_FILE_VAR) {
            if path.is_empty() {
                return Err(CredentialsError::EmptyPathVariable {
                    variable: CREDENTIALS_FILE_VAR.to_owned(),
                });
            }
            return Ok(ResolvedPath {
                path: PathBuf::from(path),
                configured_by: Some(format!("set by {CREDENTIALS_FILE_VAR}")),
            });
        }
        let home = ["HOME", "USERPROFILE"]
            .into_iter()
            .filter_map(|name| vars.get(name))
            .find(|home| !home.is_empty());
        match home {
            Some(home) => Ok(ResolvedPath {
                path: Path::new(&home).join(".tencentcloud").join("credentials"),
                configured_by: None,
            }),
            None => Err(CredentialsError::not_found(
                "profile file ~/.tencentcloud/credentials",
                "no home directory (neither HOME nor USERPROFILE is set)",
            )),
        }
    }
}

fn credentials_from_section(
    path: &Path,
    section: &Section<'_>,
) -> Result<Credentials, CredentialsError> {
    let required = |key: &str| {
        section
            .get(key)
            .ok_or_else(|| CredentialsError::ProfileKeyMissing {
                path: path.to_owned(),
                section: section.name.to_owned(),
                line: section.line,
                key: key.to_owned(),
            })
    };
    let id = required("secret_id")?;
    let key = required("secret_key")?;
    let token = section.get("token");
    let origin = |field: CredentialField| {
        let entry = match field {
            CredentialField::SecretId => id,
            CredentialField::SecretKey => key,
            CredentialField::Token => token.unwrap_or(key),
        };
        CredentialSource::Profile {
            path: path.to_owned(),
            section: section.name.to_owned(),
            key: entry.key.to_owned(),
            line: entry.line,
        }
    };
    for (field, entry) in [
        (CredentialField::SecretId, Some(id)),
        (CredentialField::SecretKey, Some(key)),
        (CredentialField::Token, token),
    ] {
        if let Some(entry) = entry {
            if is_quoted(entry.value) {
                return Err(CredentialsError::InvalidValue {
                    field,
                    origin: origin(field),
                    problem: ValueProblem::Quoted,
                });
            }
        }
    }
    Credentials::from_parts(
        id.value.to_owned(),
        key.value.to_owned(),
        token.map(|t| t.value.to_owned()),
        origin,
    )
}

/// `"…"` or `'…'`.
fn is_quoted(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() >= 2 && (b[0] == b'"' || b[0] == b'\'') && b[b.len() - 1] == b[0]
}

impl ProvideCredentials for ProfileCredentials {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(std::future::ready(self.load()))
    }
}
