//! Profiles that assume a role: `role_arn` with the keys of a `source_profile`, possibly
//! through other roles.

use std::path::Path;
use std::time::Duration;

use super::super::ini::Section;
use super::super::{
    AssumeRoleCredentials, Credentials, CredentialsError, ProfileRoleProblem, StaticCredentials,
    StsConfig,
};
use super::keys::credentials_from_section;

/// One role to assume, as a profile describes it.
#[derive(Debug)]
pub(super) struct Role {
    section: String,
    role_arn: String,
    session_name: Option<String>,
    duration: Option<Duration>,
    external_id: Option<String>,
    region: Option<String>,
}

/// What a profile comes to: the keys of the profile at the end of the `source_profile`s, and
/// the roles to assume with them, innermost first.
#[derive(Debug)]
pub(super) struct Plan {
    pub(super) keys: Credentials,
    pub(super) roles: Vec<Role>,
}

/// Follows `source_profile` from `start` to a profile with keys.
///
/// # Errors
/// [`CredentialsError::ProfileRole`] for a role without `source_profile`, a source profile the
/// file lacks, keys beside a role from another profile, a loop, a bad `duration_seconds`; the
/// key errors of [`credentials_from_section`].
pub(super) fn plan(
    path: &Path,
    sections: &[Section<'_>],
    start: &Section<'_>,
) -> Result<Plan, CredentialsError> {
    let mut roles = Vec::new();
    let mut visited = vec![start.name.to_owned()];
    let mut section = start;
    loop {
        let error = |problem| CredentialsError::ProfileRole {
            path: path.to_owned(),
            section: section.name.to_owned(),
            line: section.line,
            problem,
        };
        let Some(role_arn) = section.get("role_arn") else {
            roles.reverse();
            return Ok(Plan {
                keys: credentials_from_section(path, section)?,
                roles,
            });
        };
        let source = section
            .get("source_profile")
            .ok_or_else(|| error(ProfileRoleProblem::NoSourceProfile))?
            .value;
        roles.push(role(section, role_arn.value).map_err(error)?);
        if source == section.name {
            // The profile's own keys assume its role.
            roles.reverse();
            return Ok(Plan {
                keys: credentials_from_section(path, section)?,
                roles,
            });
        }
        if section.get("secret_id").is_some() || section.get("secret_key").is_some() {
            return Err(error(ProfileRoleProblem::KeysBesideRole {
                source_profile: source.to_owned(),
            }));
        }
        if visited.iter().any(|v| v == source) {
            visited.push(source.to_owned());
            return Err(error(ProfileRoleProblem::Cycle { profiles: visited }));
        }
        let Some(next) = sections.iter().find(|s| s.name == source) else {
            return Err(error(ProfileRoleProblem::SourceProfileMissing {
                source_profile: source.to_owned(),
                available: sections.iter().map(|s| s.name.to_owned()).collect(),
            }));
        };
        visited.push(source.to_owned());
        section = next;
    }
}

/// The role of `section`.
fn role(section: &Section<'_>, role_arn: &str) -> Result<Role, ProfileRoleProblem> {
    let text = |key: &str| section.get(key).map(|entry| entry.value.to_owned());
    let duration = match section.get("duration_seconds") {
        Some(entry) => match entry.value.parse::<u64>() {
            Ok(seconds) if seconds > 0 => Some(Duration::from_secs(seconds)),
            _ => return Err(ProfileRoleProblem::BadDuration),
        },
        None => None,
    };
    Ok(Role {
        section: section.name.to_owned(),
        role_arn: role_arn.to_owned(),
        session_name: text("role_session_name"),
        duration,
        external_id: text("external_id"),
        region: text("region"),
    })
}

impl Plan {
    /// The credentials: the keys, then each role assumed in turn with the credentials before it.
    pub(super) async fn run(self, sts: &StsConfig) -> Result<Credentials, CredentialsError> {
        let mut credentials = self.keys;
        for role in self.roles {
            tracing::debug!(profile = %role.section, role_arn = %role.role_arn, "the profile assumes a role");
            let mut provider =
                AssumeRoleCredentials::new(role.role_arn, StaticCredentials::new(credentials))
                    .with_sts(sts.clone());
            if let Some(name) = role.session_name {
                provider = provider.with_session_name(name);
            }
            if let Some(duration) = role.duration {
                provider = provider.with_duration(duration);
            }
            if let Some(external_id) = role.external_id {
                provider = provider.with_external_id(external_id);
            }
            if let Some(region) = role.region {
                provider = provider.with_region(region);
            }
            credentials = provider.load().await?;
        }
        Ok(credentials)
    }
}
