//! Temporary credentials from an STS answer (`Credentials`, `ExpiredTime`).

use std::sync::Arc;

use super::{CredentialField, CredentialSource, Credentials, CredentialsError};
use crate::primitives::UnixSeconds;
use crate::sts::types;

/// The credentials of an answer of `action` for `role_arn`, checked like any others, with their
/// expiry.
///
/// # Errors
/// [`CredentialsError::StsAnswerIncomplete`] without `Credentials` or `ExpiredTime`;
/// [`CredentialsError::InvalidValue`] for an unusable value (never quoted).
pub(super) fn credentials(
    action: &'static str,
    role_arn: &str,
    answer: Option<types::Credentials>,
    expired_time: Option<UnixSeconds>,
) -> Result<Credentials, CredentialsError> {
    let missing = |field| CredentialsError::StsAnswerIncomplete {
        action,
        role_arn: role_arn.to_owned(),
        field,
    };
    let answer = answer.ok_or_else(|| missing("Credentials"))?;
    let expiry = expired_time
        .filter(|t| t.get() > 0)
        .and_then(UnixSeconds::to_system_time)
        .ok_or_else(|| missing("ExpiredTime"))?;
    let from = format!("the answer of STS {action}");
    let credentials = Credentials::from_parts(
        answer.tmp_secret_id,
        answer.tmp_secret_key.into_inner(),
        Some(answer.token.into_inner()),
        |field| CredentialSource::Answer {
            from: from.clone(),
            field: match field {
                CredentialField::SecretId => "Credentials.TmpSecretId",
                CredentialField::SecretKey => "Credentials.TmpSecretKey",
                CredentialField::Token => "Credentials.Token",
            }
            .to_owned(),
        },
    )?;
    Ok(credentials.with_expiry(expiry))
}

/// The error of an STS call for `role_arn`.
pub(super) fn failed(role_arn: &str, error: crate::Error) -> CredentialsError {
    CredentialsError::Sts {
        role_arn: role_arn.to_owned(),
        source: Arc::new(error),
    }
}
