//! Lowercase hexadecimal encoding and decoding of 32-byte digests.

const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Encodes 32 bytes as 64 lowercase hexadecimal ASCII bytes.
pub(crate) fn encode32(bytes: &[u8; 32]) -> [u8; 64] {
    let mut out = [0u8; 64];
    for (i, b) in bytes.iter().enumerate() {
        out[2 * i] = DIGITS[usize::from(b >> 4)];
        out[2 * i + 1] = DIGITS[usize::from(b & 0x0f)];
    }
    out
}

/// Appends the lowercase hexadecimal form of 32 bytes to `buf`.
pub(crate) fn push32(buf: &mut String, bytes: &[u8; 32]) {
    let hex = encode32(bytes);
    match std::str::from_utf8(&hex) {
        Ok(hex) => buf.push_str(hex),
        // Every byte of `hex` is an ASCII digit or letter.
        Err(_) => unreachable!("hexadecimal digits are ASCII"),
    }
}

/// Encodes 32 bytes as an owned lowercase hexadecimal string.
pub(crate) fn to_string32(bytes: &[u8; 32]) -> String {
    let mut s = String::with_capacity(64);
    push32(&mut s, bytes);
    s
}

/// Decodes 64 hexadecimal digits (either case) into 32 bytes.
#[cfg(feature = "server")]
pub(crate) fn decode32(hex: &str) -> Option<[u8; 32]> {
    let bytes = hex.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, pair) in bytes.chunks_exact(2).enumerate() {
        out[i] = (nibble(pair[0])? << 4) | nibble(pair[1])?;
    }
    Some(out)
}

#[cfg(feature = "server")]
fn nibble(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Decoding is for the server side only (`server` feature).
#[cfg(all(test, feature = "server"))]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut bytes = [0u8; 32];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = (i as u8).wrapping_mul(37);
        }
        let s = to_string32(&bytes);
        assert_eq!(s.len(), 64);
        assert_eq!(decode32(&s), Some(bytes));
        assert_eq!(decode32(&s.to_uppercase()), Some(bytes));
        assert_eq!(decode32("zz"), None);
        assert_eq!(decode32(&"g".repeat(64)), None);
    }
}
