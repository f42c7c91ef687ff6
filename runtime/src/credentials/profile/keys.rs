//! The static keys of one section of the profile file: `secret_id`, `secret_key`, `token`.

use std::path::Path;

use super::super::ini::{Entry, Section};
use super::super::{
    CredentialField, CredentialSource, Credentials, CredentialsError, ValueProblem,
};

/// The credentials written in `section` of the file at `path`.
///
/// # Errors
/// [`CredentialsError::ProfileKeyMissing`] without `secret_id` or `secret_key`;
/// [`CredentialsError::InvalidValue`] for a quoted, empty or otherwise unusable value.
pub(super) fn credentials_from_section(
    path: &Path,
    section: &Section<'_>,
) -> Result<Credentials, CredentialsError> {
    let id = required(path, section, "secret_id")?;
    let key = required(path, section, "secret_key")?;
    let token = section.get("token");
    let origin = |field: CredentialField| {
        let entry = match field {
            CredentialField::SecretId => id,
            CredentialField::SecretKey => key,
            CredentialField::Token => token.unwrap_or(key),
        };
        origin(path, section, entry)
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

/// The entry `key` of `section`, or the error naming the file, the section and the key.
pub(super) fn required<'s, 'a>(
    path: &Path,
    section: &'s Section<'a>,
    key: &str,
) -> Result<&'s Entry<'a>, CredentialsError> {
    section
        .get(key)
        .ok_or_else(|| CredentialsError::ProfileKeyMissing {
            path: path.to_owned(),
            section: section.name.to_owned(),
            line: section.line,
            key: key.to_owned(),
        })
}

/// Where an entry is, for error messages.
pub(super) fn origin(path: &Path, section: &Section<'_>, entry: &Entry<'_>) -> CredentialSource {
    CredentialSource::Profile {
        path: path.to_owned(),
        section: section.name.to_owned(),
        key: entry.key.to_owned(),
        line: entry.line,
    }
}

/// `"…"` or `'…'`.
pub(super) fn is_quoted(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() >= 2 && (b[0] == b'"' || b[0] == b'\'') && b[b.len() - 1] == b[0]
}
