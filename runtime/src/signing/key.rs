//! Derivation of the daily signing key (`kSigning`) from a secret key.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

/// HMAC-SHA256. With the `zeroize` features of `hmac` and `sha2` its state is wiped on drop.
pub(crate) type HmacSha256 = Hmac<Sha256>;

/// The last label of every credential scope.
pub(crate) const TERMINATOR: &str = "tc3_request";

/// An HMAC-SHA256 keyed with `key`.
pub(crate) fn keyed(key: &[u8]) -> HmacSha256 {
    match <HmacSha256 as KeyInit>::new_from_slice(key) {
        Ok(mac) => mac,
        // HMAC takes keys of every length; `new_from_slice` cannot fail for it.
        Err(_) => unreachable!("HMAC accepts keys of any length"),
    }
}

/// `HMAC_SHA256(key, message)`.
pub(crate) fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = keyed(key);
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// The intermediate keys of the derivation. Wiped from memory when dropped.
pub(crate) struct DerivedKeys {
    pub(crate) k_date: [u8; 32],
    pub(crate) k_service: [u8; 32],
    pub(crate) k_signing: [u8; 32],
}

impl Drop for DerivedKeys {
    fn drop(&mut self) {
        self.k_date.zeroize();
        self.k_service.zeroize();
        self.k_signing.zeroize();
    }
}

/// `kDate`, `kService` and `kSigning` for a secret key, a `YYYY-MM-DD` date and a service.
pub(crate) fn derive(secret_key: &str, date: &str, service: &str) -> DerivedKeys {
    let mut tc3_key = Zeroizing::new(Vec::with_capacity(3 + secret_key.len()));
    tc3_key.extend_from_slice(b"TC3");
    tc3_key.extend_from_slice(secret_key.as_bytes());
    let k_date = hmac(&tc3_key, date.as_bytes());
    let k_service = hmac(&k_date, service.as_bytes());
    let k_signing = hmac(&k_service, TERMINATOR.as_bytes());
    DerivedKeys {
        k_date,
        k_service,
        k_signing,
    }
}

/// An HMAC-SHA256 keyed with `kSigning`, ready to sign a string to sign.
///
/// Cloning it costs a copy of two hash states, not the two compressions of keying an HMAC.
pub(crate) fn signing_mac(secret_key: &str, date: &str, service: &str) -> HmacSha256 {
    keyed(&derive(secret_key, date, service).k_signing)
}
