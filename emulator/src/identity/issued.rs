//! Temporary credentials the emulator issued, as the authenticator checks them and as tests
//! see them (without their key and token).

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use tcr_api::primitives::Sensitive;
use tcr_api::signing::Signer;

use crate::random::Random;

/// Who or what temporary credentials were issued for.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Issuer {
    /// STS `AssumeRole`, signed with `caller`'s credentials.
    AssumeRole {
        /// The role.
        role_arn: String,
        /// The session name.
        session_name: String,
        /// The SecretId that signed the request.
        caller: String,
    },
    /// STS `AssumeRoleWithWebIdentity`.
    WebIdentity {
        /// The role.
        role_arn: String,
        /// The session name.
        session_name: String,
        /// The identity provider.
        provider_id: String,
    },
    /// The CVM metadata service, for the instance's role.
    InstanceRole {
        /// The role's name.
        role: String,
    },
}

/// Temporary credentials the emulator issued, for tests to look at: everything but the key and
/// the token.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct IssuedCredentials {
    /// The temporary SecretId.
    pub secret_id: String,
    /// When they expire, by the emulator's clock.
    pub expires_at: SystemTime,
    /// What they were issued for.
    pub issuer: Issuer,
    /// The region the request named (`X-TC-Region`), for STS calls.
    pub region: Option<String>,
    /// The account they belong to: the role's (the uin in its ARN); for the CVM instance's
    /// role, the first credential's.
    pub account: String,
}

/// A key pair and token just issued, to put in an answer.
pub(crate) struct Fresh {
    pub(crate) secret_id: String,
    pub(crate) secret_key: String,
    pub(crate) token: String,
    pub(crate) expires_at: SystemTime,
}

/// What the authenticator knows of a temporary key.
pub(crate) struct TemporaryKey {
    pub(crate) signer: Signer,
    pub(crate) token: Sensitive,
    pub(crate) expires_at: SystemTime,
    /// The account the key belongs to.
    pub(crate) account: String,
}

/// Every temporary key issued, by SecretId, and the list tests read.
#[derive(Default)]
pub(crate) struct IssuedKeys {
    keys: Mutex<HashMap<String, TemporaryKey>>,
    log: Mutex<Vec<IssuedCredentials>>,
}

/// How long a key is kept after it expired, so that late requests get "expired" rather than
/// "unknown SecretId".
const KEPT_AFTER_EXPIRY: Duration = Duration::from_secs(24 * 3600);

impl IssuedKeys {
    /// Issues a key pair and token of `account` valid for `duration` from `now`.
    pub(crate) fn issue(
        &self,
        issuer: Issuer,
        account: &str,
        region: Option<&str>,
        now: SystemTime,
        duration: Duration,
        random: &Random,
    ) -> Fresh {
        let fresh = Fresh {
            secret_id: format!("AKIDTMP{}", random.alphanumeric(28)),
            secret_key: random.alphanumeric(32),
            token: random.alphanumeric(96),
            expires_at: now + duration,
        };
        let mut keys = lock(&self.keys);
        keys.retain(|_, key| key.expires_at + KEPT_AFTER_EXPIRY > now);
        keys.insert(
            fresh.secret_id.clone(),
            TemporaryKey {
                signer: Signer::new(fresh.secret_id.clone(), fresh.secret_key.clone()),
                token: Sensitive::new(fresh.token.clone()),
                expires_at: fresh.expires_at,
                account: account.to_owned(),
            },
        );
        lock(&self.log).push(IssuedCredentials {
            secret_id: fresh.secret_id.clone(),
            expires_at: fresh.expires_at,
            issuer,
            region: region.map(str::to_owned),
            account: account.to_owned(),
        });
        fresh
    }

    /// Runs `f` with the key of `secret_id`, if the emulator issued it.
    pub(crate) fn with_key<T>(
        &self,
        secret_id: &str,
        f: impl FnOnce(&TemporaryKey) -> T,
    ) -> Option<T> {
        lock(&self.keys).get(secret_id).map(f)
    }

    /// Every credential issued, oldest first.
    pub(crate) fn log(&self) -> Vec<IssuedCredentials> {
        lock(&self.log).clone()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
