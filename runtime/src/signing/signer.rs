//! [`Signer`]: signing with a cached daily signing key.

use std::fmt;
use std::sync::{Arc, PoisonError, RwLock};

use crate::primitives::Sensitive;

use super::SigningInput;
use super::constant_time::constant_time_eq;
use super::key::{HmacSha256, signing_mac};
use super::signed::{Parts, SignedRequest, assemble};
use crate::calendar::{day_number, format_date};
use crate::credentials::Credentials;

/// How many `(date, service)` keys a signer keeps. Requests rarely span more than two dates
/// (around midnight UTC) and one or two services.
const MAX_CACHED_KEYS: usize = 8;

/// Signs requests for one secret id and secret key, caching the derived signing key.
///
/// The signing key (`kSigning`) depends only on the secret key, the UTC date and the service, so
/// a `Signer` derives it once per `(date, service)` and reuses it: after the first request of a
/// day, signing costs two SHA-256 digests (body and canonical request) and one HMAC, instead of
/// four more HMACs. The output is identical to [`sign`](super::sign)'s.
///
/// A `Signer` is cheap to clone (the clones share the key and the cache) and can be used from
/// many threads at once. Its `Debug` output shows the secret id only; the secret key and the
/// derived keys are never printed, and the derived keys are wiped from memory when dropped.
///
/// ```
/// use tencentcloud_runtime::signing::{Signer, SigningInput};
///
/// let signer = Signer::new("AKIDEXAMPLE", "SECRETEXAMPLE");
/// let input = SigningInput {
///     service: "tcr",
///     host: "tcr.tencentcloudapi.com",
///     content_type: "application/json",
///     timestamp: 1_700_000_000,
///     body: br#"{"RegistryId": "tcr-abcd1234"}"#,
/// };
/// let signed = signer.sign(&input);
/// assert_eq!(signed, tencentcloud_runtime::signing::sign("AKIDEXAMPLE", "SECRETEXAMPLE", &input));
/// assert!(!format!("{signer:?}").contains("SECRETEXAMPLE"));
/// ```
#[derive(Clone)]
pub struct Signer {
    inner: Arc<Inner>,
}

struct Inner {
    secret_id: String,
    secret_key: Sensitive,
    cache: RwLock<Vec<CachedKey>>,
}

struct CachedKey {
    day: i64,
    service: Box<str>,
    mac: HmacSha256,
}

impl Signer {
    /// A signer for this secret id and secret key.
    pub fn new(secret_id: impl Into<String>, secret_key: impl Into<Sensitive>) -> Self {
        Signer {
            inner: Arc::new(Inner {
                secret_id: secret_id.into(),
                secret_key: secret_key.into(),
                cache: RwLock::new(Vec::new()),
            }),
        }
    }

    /// A signer for the secret id and secret key of `credentials` (the session token, if any,
    /// is not part of the signature: it travels in the `X-TC-Token` header).
    pub fn from_credentials(credentials: &Credentials) -> Self {
        Signer::new(credentials.secret_id(), credentials.secret_key().clone())
    }

    /// The secret id that goes into the `Credential=` part of the `Authorization` header.
    pub fn secret_id(&self) -> &str {
        &self.inner.secret_id
    }

    /// Whether this signer signs with the secret id and secret key of `credentials`, so a caller
    /// holding a signer can tell whether refreshed credentials need a new one. The keys are
    /// compared in constant time.
    pub fn uses(&self, credentials: &Credentials) -> bool {
        self.inner.secret_id == credentials.secret_id()
            && constant_time_eq(
                self.inner.secret_key.expose_str().as_bytes(),
                credentials.secret_key().expose_str().as_bytes(),
            )
    }

    /// Signs a request the way the official SDKs do (`content-type;host` signed); the same result
    /// as [`sign`](super::sign) with this signer's id and key.
    pub fn sign(&self, input: &SigningInput<'_>) -> SignedRequest {
        let day = day_number(input.timestamp);
        let headers = [("content-type", input.content_type), ("host", input.host)];
        let parts = Parts {
            method: "POST",
            path: "/",
            query: "",
            headers: &headers,
            body: input.body,
            service: input.service,
            timestamp: input.timestamp,
            day,
        };
        assemble(
            &self.inner.secret_id,
            self.signing_mac(day, input.service),
            &parts,
        )
    }

    /// An HMAC keyed with `kSigning` for this day and service, from the cache when possible.
    pub(crate) fn signing_mac(&self, day: i64, service: &str) -> HmacSha256 {
        {
            let cache = self
                .inner
                .cache
                .read()
                .unwrap_or_else(PoisonError::into_inner);
            if let Some(hit) = cache
                .iter()
                .find(|k| k.day == day && &*k.service == service)
            {
                return hit.mac.clone();
            }
        }
        // Derive outside the lock; two threads racing here derive the same key twice, harmlessly.
        let mac = signing_mac(
            self.inner.secret_key.expose_str(),
            &format_date(day),
            service,
        );
        let mut cache = self
            .inner
            .cache
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        if !cache.iter().any(|k| k.day == day && &*k.service == service) {
            // Keys of dates more than a day away from the new one are no longer needed.
            cache.retain(|k| k.day.abs_diff(day) <= 1);
            if cache.len() >= MAX_CACHED_KEYS {
                cache.remove(0);
            }
            cache.push(CachedKey {
                day,
                service: service.into(),
                mac: mac.clone(),
            });
        }
        mac
    }

    /// How many derived keys the cache currently holds (for tests and diagnostics).
    pub fn cached_keys(&self) -> usize {
        self.inner
            .cache
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("secret_id", &self.inner.secret_id)
            .field("secret_key", &"[redacted]")
            .field("cached_keys", &self.cached_keys())
            .finish()
    }
}
