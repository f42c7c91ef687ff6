//! Signed header names, and how a verifier looks header values up (server side).

use std::collections::{BTreeMap, HashMap};

/// Whether `name` may appear in a `SignedHeaders` list: non-empty, lowercase, and made only of
/// the characters of an HTTP header name.
pub(crate) fn is_valid_signed_header_name(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| {
            b.is_ascii_lowercase()
                || b.is_ascii_digit()
                || matches!(
                    b,
                    b'!' | b'#'
                        | b'$'
                        | b'%'
                        | b'&'
                        | b'\''
                        | b'*'
                        | b'+'
                        | b'-'
                        | b'.'
                        | b'^'
                        | b'_'
                        | b'`'
                        | b'|'
                        | b'~'
                )
        })
}

/// Where a verifier finds the value of a header named in `SignedHeaders`.
///
/// Names are asked for in lowercase (`content-type`, `host`, `x-tc-action`); implementations
/// should match them case-insensitively, as HTTP header names are. The value is returned as
/// received: trimming and lowercasing are done by the signer.
///
/// Implemented for slices, arrays and vectors of `(name, value)` pairs and for string maps;
/// a server framework's header map can be adapted with a small wrapper.
///
/// ```
/// use tencentcloud_runtime::signing::HeaderLookup;
///
/// let headers = [("Content-Type", "application/json"), ("Host", "127.0.0.1:9091")];
/// assert_eq!(headers.header("host"), Some("127.0.0.1:9091"));
/// assert_eq!(headers.header("x-tc-action"), None);
/// ```
pub trait HeaderLookup {
    /// The value of the header called `name` (given in lowercase), if the request has one.
    fn header(&self, name: &str) -> Option<&str>;
}

impl<T: HeaderLookup + ?Sized> HeaderLookup for &T {
    fn header(&self, name: &str) -> Option<&str> {
        (**self).header(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> HeaderLookup for [(K, V)] {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(k, _)| k.as_ref().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> HeaderLookup for [(K, V); N] {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> HeaderLookup for Vec<(K, V)> {
    fn header(&self, name: &str) -> Option<&str> {
        self.as_slice().header(name)
    }
}

impl<V: AsRef<str>, S: std::hash::BuildHasher> HeaderLookup for HashMap<String, V, S> {
    fn header(&self, name: &str) -> Option<&str> {
        match self.get(name) {
            Some(v) => Some(v.as_ref()),
            None => self
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_ref()),
        }
    }
}

impl<V: AsRef<str>> HeaderLookup for BTreeMap<String, V> {
    fn header(&self, name: &str) -> Option<&str> {
        match self.get(name) {
            Some(v) => Some(v.as_ref()),
            None => self
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_ref()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names() {
        assert!(is_valid_signed_header_name("x-tc-action"));
        assert!(!is_valid_signed_header_name("X-TC-Action"));
        assert!(!is_valid_signed_header_name(""));
        assert!(!is_valid_signed_header_name("a b"));
        assert!(!is_valid_signed_header_name("a:b"));
    }

    #[test]
    fn lookups_ignore_case() {
        let mut map = HashMap::new();
        map.insert("X-TC-Action".to_owned(), "CreateServiceAccount".to_owned());
        assert_eq!(map.header("x-tc-action"), Some("CreateServiceAccount"));
        let pairs = vec![("HOST".to_owned(), "h")];
        assert_eq!(pairs.header("host"), Some("h"));
    }
}
