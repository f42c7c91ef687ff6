//! Enumeration values this version of the spec does not list.

use std::fmt;

/// A value of an enumeration (or an error code) that this version of the spec does not list,
/// kept exactly as received or given so that it survives a round trip.
///
/// It is opaque on purpose: match on the documented variants, and treat `Unknown` as "anything
/// else", because a value unknown today may become a documented variant tomorrow.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(Box<str>);

impl UnknownValue {
    /// Keeps `value`. Generated `From<&str>` impls call this only for values they do not know.
    #[doc(hidden)]
    pub fn new(value: &str) -> UnknownValue {
        UnknownValue(value.into())
    }

    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
