//! Randomness: RequestIds, generated ids, passwords, tokens and password salts.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

/// Characters of generated passwords: ASCII letters and digits, as Tencent's are
/// (`oNKUtqrB5Eb68JufkVanSwuhmC4Ergn7`).
const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Characters of generated resource ids: lowercase ASCII letters and digits, as TCR's
/// (`tcr-45uu7ras`, `ctrm3g86h7cp1kb7el2g`).
const LOWER_ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// Length of generated passwords, as Tencent's random ones.
pub(crate) const PASSWORD_LEN: usize = 32;

/// Bytes of the operating system's generator drawn at once, per thread: a RequestId takes 16,
/// so one system call serves 32 requests rather than one.
const POOL_BYTES: usize = 512;

/// Bytes drawn from the operating system and not handed out yet.
struct Pool {
    bytes: [u8; POOL_BYTES],
    /// How many of `bytes`, from the start, are handed out already.
    used: usize,
}

thread_local! {
    static POOL: RefCell<Pool> = const {
        RefCell::new(Pool { bytes: [0; POOL_BYTES], used: POOL_BYTES })
    };
}

/// Fills `buf` with random bytes from the operating system, through a small pool per thread
/// (each byte is handed out once; bytes drawn in advance are as unpredictable as bytes drawn
/// now).
///
/// Should the operating system's generator fail (it does not on any supported platform), the
/// bytes come from a hash of the time and a counter instead: unique, though predictable,
/// which is acceptable for a test server and better than failing a request.
pub(crate) fn fill(buf: &mut [u8]) {
    let pooled = buf.len() <= POOL_BYTES
        && POOL.with_borrow_mut(|pool| {
            if POOL_BYTES - pool.used < buf.len() {
                if getrandom::fill(&mut pool.bytes).is_err() {
                    return false;
                }
                pool.used = 0;
            }
            let taken = &mut pool.bytes[pool.used..pool.used + buf.len()];
            buf.copy_from_slice(taken);
            // Handed out once: what stays in memory is not what was handed out.
            taken.fill(0);
            pool.used += buf.len();
            true
        });
    if pooled || getrandom::fill(buf).is_ok() {
        return;
    }
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    for chunk in buf.chunks_mut(32) {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let digest = Sha256::new()
            .chain_update(nanos.to_le_bytes())
            .chain_update(COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes())
            .finalize();
        chunk.copy_from_slice(&digest[..chunk.len()]);
    }
}

/// Where the emulator's random values come from: the operating system, or a seed
/// (`--seed N`, [`EmulatorBuilder::seed`]) that makes every RequestId, generated id, password,
/// token and temporary key the same from one run to the next, for the same calls in the same
/// order. (Calls sent concurrently draw in the order they arrive, which may differ.) Seeded
/// values are predictable by design: a seed is for tests, never for a server holding real
/// secrets. Password hashes' salts always come from the operating system; they never appear in
/// an answer.
///
/// [`EmulatorBuilder::seed`]: crate::EmulatorBuilder::seed
#[derive(Debug, Default)]
pub(crate) struct Random {
    seeded: Option<Mutex<SplitMix64>>,
}

impl Random {
    /// Values from the operating system.
    pub(crate) fn from_os() -> Random {
        Random { seeded: None }
    }

    /// Reproducible values from `seed`.
    pub(crate) fn seeded(seed: u64) -> Random {
        Random {
            seeded: Some(Mutex::new(SplitMix64(seed))),
        }
    }

    /// Fills `buf` with random bytes.
    pub(crate) fn fill(&self, buf: &mut [u8]) {
        match &self.seeded {
            None => fill(buf),
            Some(state) => {
                let mut state = state.lock().unwrap_or_else(PoisonError::into_inner);
                for chunk in buf.chunks_mut(8) {
                    let word = state.next().to_le_bytes();
                    chunk.copy_from_slice(&word[..chunk.len()]);
                }
            }
        }
    }

    /// A fresh RequestId: a random (version 4) UUID in its usual lowercase form.
    pub(crate) fn request_id(&self) -> String {
        let mut b = [0u8; 16];
        self.fill(&mut b);
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let mut s = String::with_capacity(36);
        for (i, byte) in b.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                s.push('-');
            }
            s.push(char::from(HEX[usize::from(byte >> 4)]));
            s.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
        s
    }

    /// A fresh random password of [`PASSWORD_LEN`] letters and digits, with at least one
    /// uppercase letter, one lowercase letter and one digit.
    pub(crate) fn password(&self) -> String {
        loop {
            let candidate = self.alphanumeric(PASSWORD_LEN);
            let has = |f: fn(&u8) -> bool| candidate.as_bytes().iter().any(f);
            if has(u8::is_ascii_uppercase) && has(u8::is_ascii_lowercase) && has(u8::is_ascii_digit)
            {
                return candidate;
            }
        }
    }

    /// `len` characters drawn uniformly from ASCII letters and digits.
    pub(crate) fn alphanumeric(&self, len: usize) -> String {
        self.draw_from(ALPHABET, len)
    }

    /// `len` characters drawn uniformly from lowercase ASCII letters and digits.
    pub(crate) fn lowercase_alphanumeric(&self, len: usize) -> String {
        self.draw_from(LOWER_ALPHABET, len)
    }

    /// A fresh instance id of the documented form: `tcr-` and 8 lowercase letters or digits.
    pub(crate) fn registry_id(&self) -> String {
        format!("tcr-{}", self.lowercase_alphanumeric(8))
    }

    fn draw_from(&self, alphabet: &[u8], len: usize) -> String {
        // Bytes at or above the largest multiple of the alphabet's size are dropped, so that
        // every character is equally likely.
        let bound = u8::try_from(256 / alphabet.len() * alphabet.len()).unwrap_or(u8::MAX);
        let mut out = String::with_capacity(len);
        let mut pool = [0u8; 64];
        while out.len() < len {
            self.fill(&mut pool);
            for &byte in &pool {
                if byte < bound && out.len() < len {
                    out.push(char::from(alphabet[usize::from(byte) % alphabet.len()]));
                }
            }
        }
        out
    }
}

/// SplitMix64 (Steele, Lea and Flood): a tiny, fast generator whose whole state is its seed,
/// good enough for reproducible test data.
#[derive(Debug)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pooled_bytes_are_never_handed_out_twice() {
        // Many draws of every size through the pool and past it: all distinct.
        let mut seen = std::collections::HashSet::new();
        for len in [16, 17, 64, POOL_BYTES, POOL_BYTES + 1, 33] {
            for _ in 0..100 {
                let mut buf = vec![0; len];
                fill(&mut buf);
                assert!(seen.insert(buf), "a repeated draw of {len} bytes");
            }
        }
    }

    #[test]
    fn request_ids_are_v4_uuids_and_fresh() {
        let random = Random::from_os();
        let a = random.request_id();
        let b = random.request_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        let groups: Vec<&str> = a.split('-').collect();
        assert_eq!(
            groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(groups[2].starts_with('4'));
        assert!(matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'));
        assert!(
            a.bytes()
                .all(|c| c == b'-' || c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
        );
    }

    #[test]
    fn passwords_have_every_class() {
        let random = Random::from_os();
        for _ in 0..200 {
            let p = random.password();
            assert_eq!(p.len(), PASSWORD_LEN);
            assert!(p.bytes().any(|c| c.is_ascii_uppercase()));
            assert!(p.bytes().any(|c| c.is_ascii_lowercase()));
            assert!(p.bytes().any(|c| c.is_ascii_digit()));
            assert!(p.bytes().all(|c| c.is_ascii_alphanumeric()));
        }
        assert_ne!(random.password(), random.password());
    }

    #[test]
    fn registry_ids_have_the_documented_form() {
        let random = Random::from_os();
        for _ in 0..200 {
            let id = random.registry_id();
            assert!(crate::state::is_documented_registry_id(&id), "{id}");
        }
        assert_ne!(random.registry_id(), random.registry_id());
        assert_eq!(
            Random::seeded(3).registry_id(),
            Random::seeded(3).registry_id()
        );
    }

    #[test]
    fn a_seed_gives_the_same_values_and_another_seed_others() {
        let draw = |random: &Random| {
            (
                random.request_id(),
                random.password(),
                random.alphanumeric(96),
            )
        };
        let first = draw(&Random::seeded(7));
        assert_eq!(first, draw(&Random::seeded(7)));
        assert_ne!(first, draw(&Random::seeded(8)));
        let seeded = Random::seeded(7);
        assert_ne!(
            seeded.request_id(),
            seeded.request_id(),
            "each draw moves on"
        );
    }
}
