//! Salted password hashes: the emulator never keeps a password it has handed out.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

use crate::random;

/// A password (or token) kept as `SHA-256(salt ‖ password)` with a random 16-byte salt.
///
/// Good enough for a test server, whose passwords protect nothing; it is not a password KDF.
/// In the state file it reads `sha256:<salt, 32 hex digits>:<digest, 64 hex digits>`.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct PasswordHash {
    salt: [u8; 16],
    digest: [u8; 32],
}

impl PasswordHash {
    /// Hashes `password` with a fresh salt.
    pub(crate) fn new(password: &str) -> PasswordHash {
        let mut salt = [0u8; 16];
        random::fill(&mut salt);
        PasswordHash {
            salt,
            digest: digest(&salt, password),
        }
    }

    /// Whether `candidate` is the password, compared in constant time.
    pub(crate) fn matches(&self, candidate: &str) -> bool {
        let other = digest(&self.salt, candidate);
        let diff = self
            .digest
            .iter()
            .zip(other.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b));
        std::hint::black_box(diff) == 0
    }
}

/// How a hash is written in the state file.
const SCHEME: &str = "sha256";

impl Serialize for PasswordHash {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format!(
            "{SCHEME}:{}:{}",
            hex(&self.salt),
            hex(&self.digest)
        ))
    }
}

impl<'de> Deserialize<'de> for PasswordHash {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse(&text).ok_or_else(|| {
            serde::de::Error::custom(
                "expected a salted hash `sha256:<32 hex digits>:<64 hex digits>` (the emulator \
                 never stores a password or token itself)",
            )
        })
    }
}

fn parse(text: &str) -> Option<PasswordHash> {
    let mut parts = text.split(':');
    let (scheme, salt, digest) = (parts.next()?, parts.next()?, parts.next()?);
    if scheme != SCHEME || parts.next().is_some() {
        return None;
    }
    Some(PasswordHash {
        salt: unhex(salt)?,
        digest: unhex(digest)?,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != 2 * N || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

fn digest(salt: &[u8; 16], password: &str) -> [u8; 32] {
    Sha256::new()
        .chain_update(salt)
        .chain_update(password.as_bytes())
        .finalize()
        .into()
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_only_the_password_and_salts_differ() {
        let a = PasswordHash::new("NewPass123");
        let b = PasswordHash::new("NewPass123");
        assert!(a.matches("NewPass123"));
        assert!(!a.matches("NewPass124"));
        assert!(!a.matches(""));
        assert_ne!(a, b, "each hash has its own salt");
        assert_eq!(format!("{a:?}"), "PasswordHash([redacted])");
    }

    #[test]
    fn written_as_salt_and_digest_and_read_back() {
        let hash = PasswordHash::new("NewPass123");
        let text = serde_json::to_string(&hash).unwrap();
        assert!(!text.contains("NewPass123"));
        assert!(text.starts_with("\"sha256:"), "{text}");
        let back: PasswordHash = serde_json::from_str(&text).unwrap();
        assert!(back.matches("NewPass123"));
        for bad in [
            "\"NewPass123\"",
            "\"sha256:00:11\"",
            "\"md5:00000000000000000000000000000000:0000000000000000000000000000000000000000000000000000000000000000\"",
        ] {
            assert!(serde_json::from_str::<PasswordHash>(bad).is_err(), "{bad}");
        }
    }
}
