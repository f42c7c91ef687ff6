//! Finding, reading and parsing the profile file.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use zeroize::Zeroizing;

use super::super::ini::{self, Section};
use super::super::{CredentialsError, VarSource, fs};

/// The environment variable that overrides the profile file's path.
pub const CREDENTIALS_FILE_VAR: &str = "TENCENTCLOUD_CREDENTIALS_FILE";

/// Where the profile file is.
#[derive(Debug, Clone)]
pub(super) enum Location {
    /// `$TENCENTCLOUD_CREDENTIALS_FILE`, else `~/.tencentcloud/credentials`.
    FromVars,
    /// A path given by the program.
    Path(PathBuf),
}

/// The file to read and, when it was chosen explicitly, how (a missing explicit file is an
/// error, a missing default one is "not found").
pub(super) struct ResolvedPath {
    pub(super) path: PathBuf,
    pub(super) configured_by: Option<String>,
}

impl Location {
    /// The path, from the program or from `vars` (`TENCENTCLOUD_CREDENTIALS_FILE`, `HOME`,
    /// `USERPROFILE`).
    pub(super) fn resolve(&self, vars: &VarSource) -> Result<ResolvedPath, CredentialsError> {
        if let Location::Path(path) = self {
            return Ok(ResolvedPath {
                path: path.clone(),
                configured_by: Some("path given by the program".to_owned()),
            });
        }
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

/// The profile file's text, read once per load and wiped from memory when dropped.
pub(super) struct ProfileFile {
    pub(super) path: PathBuf,
    text: Zeroizing<String>,
}

impl ProfileFile {
    /// Reads the file at `resolved` without blocking the async runtime. `required` says why the
    /// file must exist even if it was not chosen explicitly (a profile named by
    /// `TENCENTCLOUD_PROFILE`), or `None`.
    pub(super) async fn read(
        resolved: ResolvedPath,
        required: Option<String>,
    ) -> Result<ProfileFile, CredentialsError> {
        let ResolvedPath {
            path,
            configured_by,
        } = resolved;
        let bytes = match fs::read(&path).await {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == ErrorKind::NotFound => {
                return Err(match configured_by.or(required) {
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
        let text = ini::text(&bytes).map_err(|e| syntax(&path, e))?.to_owned();
        Ok(ProfileFile {
            path,
            text: Zeroizing::new(text),
        })
    }

    /// Every section, or the first syntax error with its line.
    pub(super) fn sections(&self) -> Result<Vec<Section<'_>>, CredentialsError> {
        ini::parse(&self.text).map_err(|e| syntax(&self.path, e))
    }
}

fn syntax(path: &Path, e: ini::SyntaxError) -> CredentialsError {
    CredentialsError::ProfileSyntax {
        path: path.to_owned(),
        line: e.line,
        problem: e.problem,
    }
}
