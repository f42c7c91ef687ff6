//! The first request line of a connection, read before hyper takes the connection over, to
//! answer `505 HTTP Version Not Supported` to a client speaking another major version of HTTP
//! (hyper answers `400` to any version it cannot parse). What was read is handed to hyper
//! unchanged.

use bytes::BytesMut;
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;
use tokio::time::{Instant, timeout_at};

/// How much of a connection's first bytes is looked at for its request line. A longer line
/// (a very long URI) is left to hyper, which answers it.
pub(super) const LOOK_AT: usize = 8 << 10;

/// What the first request line says of the version.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Version {
    /// HTTP/1.x, or no line that names a version (hyper answers what it cannot parse).
    One,
    /// Another major version: `HTTP/2.0`, `HTTP/3`, `HTTP/0.9`, or HTTP/2's preface.
    Other,
}

/// What became of reading the first line.
#[derive(Debug)]
pub(super) enum FirstLine {
    /// The bytes read, the line's version, and when the first byte arrived.
    Read {
        bytes: BytesMut,
        version: Version,
        first_byte: Instant,
    },
    /// The client closed the connection, or nothing came before the idle deadline, or the
    /// line did not end before the header deadline: close without an answer.
    Gone,
}

/// Reads until the first request line is complete (or [`LOOK_AT`] bytes), waiting for its
/// first byte until `idle_deadline` and for the rest of it until `header_read` after that byte.
pub(super) async fn read(
    stream: &mut TcpStream,
    idle_deadline: Instant,
    header_read: std::time::Duration,
) -> FirstLine {
    let mut bytes = BytesMut::with_capacity(1024);
    let mut deadline = idle_deadline;
    let mut first_byte = None;
    loop {
        match timeout_at(deadline, stream.read_buf(&mut bytes)).await {
            Ok(Ok(n)) if n > 0 => {}
            _ => return FirstLine::Gone,
        }
        let first = *first_byte.get_or_insert_with(|| {
            let now = Instant::now();
            deadline = now + header_read;
            now
        });
        if let Some(version) = classify(&bytes) {
            return FirstLine::Read {
                bytes,
                version,
                first_byte: first,
            };
        }
        if bytes.len() >= LOOK_AT {
            return FirstLine::Read {
                bytes,
                version: Version::One,
                first_byte: first,
            };
        }
    }
}

/// The version of the request line at the start of `bytes`, once the line is complete
/// (`None` before). Empty lines before it are skipped, as hyper does (RFC 9112, section 2.2).
pub(super) fn classify(bytes: &[u8]) -> Option<Version> {
    let start = bytes.iter().position(|b| *b != b'\r' && *b != b'\n')?;
    let rest = &bytes[start..];
    let end = rest.iter().position(|b| *b == b'\n')?;
    let line = rest[..end].strip_suffix(b"\r").unwrap_or(&rest[..end]);
    // request-line = method SP request-target SP HTTP-version
    let mut parts = line.split(|b| *b == b' ');
    let (Some(_method), Some(_target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Some(Version::One);
    };
    let Some(number) = version.strip_prefix(b"HTTP/") else {
        return Some(Version::One);
    };
    let (major, minor) = match number.iter().position(|b| *b == b'.') {
        Some(dot) => (&number[..dot], Some(&number[dot + 1..])),
        None => (number, None),
    };
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    if !digits(major) || minor.is_some_and(|m| !digits(m)) {
        return Some(Version::One);
    }
    Some(if major == b"1" {
        Version::One
    } else {
        Version::Other
    })
}

/// The answer to another major version; the connection is closed after it.
pub(super) const VERSION_NOT_SUPPORTED: &[u8] =
    b"HTTP/1.1 505 HTTP Version Not Supported\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        let cases: &[(&[u8], Option<Version>)] = &[
            (b"POST / HTTP/1.1\r\n", Some(Version::One)),
            (b"GET / HTTP/1.0\n", Some(Version::One)),
            (
                b"\r\n\r\nPOST / HTTP/1.1\r\nHost: x\r\n",
                Some(Version::One),
            ),
            (b"POST / HTTP/2.0\r\n", Some(Version::Other)),
            (b"GET / HTTP/3\r\n", Some(Version::Other)),
            (b"GET / HTTP/0.9\r\n", Some(Version::Other)),
            (b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", Some(Version::Other)),
            (b"GET / HTTP/10.1\r\n", Some(Version::Other)),
            // Minor versions of 1 and anything malformed: hyper's to answer.
            (b"POST / HTTP/1.2\r\n", Some(Version::One)),
            (b"POST / http/2.0\r\n", Some(Version::One)),
            (b"POST / HTTP/x.y\r\n", Some(Version::One)),
            (b"POST /  HTTP/2.0\r\n", Some(Version::One)),
            (b"GARBAGE\r\n", Some(Version::One)),
            (b"\x00\xff\xfe\n", Some(Version::One)),
            // Not complete yet.
            (b"POST / HTTP/2.0", None),
            (b"\r\n\r\n", None),
            (b"", None),
        ];
        for (bytes, expected) in cases {
            assert_eq!(
                &classify(bytes),
                expected,
                "{}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
}
