//! Request lines, looked at before hyper parses them.
//!
//! hyper parses only `HTTP/1.0` and `HTTP/1.1`, and answers `400` to any other version. Two
//! things are done about that:
//!
//! - The first request line of a connection is read before hyper takes the connection over, to
//!   answer `505 HTTP Version Not Supported` to a client speaking another major version of HTTP
//!   ([`read`]).
//! - A later minor version of HTTP/1 (`HTTP/1.2` to `HTTP/1.9`) is served as HTTP/1.1, the
//!   highest minor version the emulator speaks, as RFC 9110 (section 2.5) says a server should:
//!   its minor digit is rewritten to `1` in the bytes on their way to hyper ([`LaterMinor`]),
//!   in every request line that starts a read of its own (so every request of a client that
//!   waits for each answer before sending the next). The answer's status line says
//!   `HTTP/1.1`, as it must. A minor version of two digits or more is not a version in
//!   HTTP/1.1's grammar (`DIGIT "." DIGIT`): hyper answers `400`.

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

/// Finds the version of a request line in the bytes of a connection as they arrive, in as many
/// pieces as they come, and rewrites `HTTP/1.x`, x from 2 to 9, to `HTTP/1.1` in place.
///
/// Only the version of a line that otherwise looks like a request line (method, one space,
/// target, one space, `HTTP/1.`) is touched, and only its minor digit: a line hyper would refuse
/// for another reason is refused all the same. What follows the line (headers, body) is never
/// looked at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct LaterMinor(Scan);

/// Where [`LaterMinor`] is in a request line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Scan {
    /// Before the line: empty lines may come first (RFC 9112, section 2.2).
    #[default]
    Blank,
    Method,
    Target,
    /// In the version, this many bytes of `HTTP/1.` matched.
    Version(usize),
    /// Past the minor digit, or the line is not one to rewrite.
    Done,
}

/// What a version to rewrite starts with.
const HTTP_1: &[u8] = b"HTTP/1.";

impl LaterMinor {
    /// Looks at the next bytes of the connection, rewriting the minor version if it is in them;
    /// whether the line is done with (nothing more to look at).
    pub(super) fn feed(&mut self, bytes: &mut [u8]) -> bool {
        for byte in bytes {
            self.0 = match (self.0, *byte) {
                (Scan::Done, _) => break,
                (Scan::Blank, b'\r' | b'\n') => Scan::Blank,
                (Scan::Blank, _) => Scan::Method,
                (Scan::Method | Scan::Target, b'\r' | b'\n') => Scan::Done,
                (Scan::Method, b' ') => Scan::Target,
                (Scan::Target, b' ') => Scan::Version(0),
                (state @ (Scan::Method | Scan::Target), _) => state,
                (Scan::Version(matched), b) if matched < HTTP_1.len() => {
                    if HTTP_1[matched] == b {
                        Scan::Version(matched + 1)
                    } else {
                        Scan::Done
                    }
                }
                (Scan::Version(_), minor) => {
                    if (b'2'..=b'9').contains(&minor) {
                        *byte = b'1';
                    }
                    Scan::Done
                }
            };
        }
        self.0 == Scan::Done
    }
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
            // Minor versions of 1 (later ones served as 1.1) and anything malformed: hyper's to
            // answer.
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

    /// `request` after [`LaterMinor`] saw it in pieces of `piece` bytes, and whether it was
    /// done with the line by the end.
    fn rewritten(request: &[u8], piece: usize) -> (String, bool) {
        let mut bytes = request.to_vec();
        let mut scan = LaterMinor::default();
        let mut done = false;
        for chunk in bytes.chunks_mut(piece) {
            done = scan.feed(chunk);
        }
        (String::from_utf8_lossy(&bytes).into_owned(), done)
    }

    #[test]
    fn later_minor_versions_are_rewritten_to_1_1() {
        let cases: &[(&str, &str)] = &[
            (
                "POST / HTTP/1.2\r\nHost: a\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: a\r\n\r\n",
            ),
            (
                "GET /x?y=HTTP/1.5 HTTP/1.9\n\n",
                "GET /x?y=HTTP/1.5 HTTP/1.1\n\n",
            ),
            ("\r\n\r\nPOST / HTTP/1.3\r\n", "\r\n\r\nPOST / HTTP/1.1\r\n"),
            // Two digits: not a version; left for hyper to refuse.
            ("POST / HTTP/1.23\r\n", "POST / HTTP/1.13\r\n"),
            ("POST / HTTP/1.12\r\n", "POST / HTTP/1.12\r\n"),
            // Left as they are.
            (
                "POST / HTTP/1.1\r\nX: HTTP/1.2\r\n",
                "POST / HTTP/1.1\r\nX: HTTP/1.2\r\n",
            ),
            ("POST / HTTP/1.0\r\n", "POST / HTTP/1.0\r\n"),
            ("POST / HTTP/2.0\r\n", "POST / HTTP/2.0\r\n"),
            ("POST / http/1.2\r\n", "POST / http/1.2\r\n"),
            ("POST /  HTTP/1.2\r\n", "POST /  HTTP/1.2\r\n"),
            ("POST / HTTPS/1.2\r\n", "POST / HTTPS/1.2\r\n"),
            ("POST\r\nX: HTTP/1.2\r\n", "POST\r\nX: HTTP/1.2\r\n"),
            ("POST /\r\nX: a HTTP/1.2\r\n", "POST /\r\nX: a HTTP/1.2\r\n"),
        ];
        for (request, expected) in cases {
            for piece in [1, 2, 3, 7, 4096] {
                let (bytes, done) = rewritten(request.as_bytes(), piece);
                assert_eq!(&bytes, expected, "{request:?} in pieces of {piece}");
                assert!(done, "{request:?} in pieces of {piece}");
            }
        }
        // Not done until the minor digit has been seen.
        assert_eq!(
            rewritten(b"POST / HTTP/1.", 4096),
            ("POST / HTTP/1.".into(), false)
        );
        assert_eq!(rewritten(b"\r\n", 1), ("\r\n".into(), false));
    }
}
