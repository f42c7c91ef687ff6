//! Salted password hashes: the emulator never keeps a password it has handed out.

use std::fmt;

use sha2::{Digest, Sha256};

use crate::random;

/// A password kept as `SHA-256(salt ‖ password)` with a random 16-byte salt.
///
/// Good enough for a test server, whose passwords protect nothing; it is not a password KDF.
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
}
