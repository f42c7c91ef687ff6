//! Regular-expression constraints, compiled once on first use.

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

/// A pattern a string must match, as written in the spec.
///
/// Generated code declares one `static` per pattern; the regular expression is compiled the
/// first time it is needed. The generator compiles every pattern while loading the spec, so a
/// pattern that reaches generated code is known to be valid.
pub struct Pattern {
    source: Cow<'static, str>,
    compiled: OnceLock<Result<regex_lite::Regex, String>>,
}

impl Pattern {
    /// A pattern from its source text; nothing is compiled yet.
    pub const fn new(source: &'static str) -> Pattern {
        Pattern {
            source: Cow::Borrowed(source),
            compiled: OnceLock::new(),
        }
    }

    /// A pattern from text known only at run time (the generator uses this while checking
    /// examples).
    pub fn from_string(source: String) -> Pattern {
        Pattern {
            source: Cow::Owned(source),
            compiled: OnceLock::new(),
        }
    }

    /// The pattern as written in the spec.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Compiles the pattern, returning the compiler's message when it is not valid.
    pub fn compile(source: &str) -> Result<regex_lite::Regex, String> {
        regex_lite::Regex::new(source).map_err(|e| e.to_string())
    }

    /// Whether `value` matches. A pattern that does not compile matches nothing, so that a
    /// broken pattern can never let a value through unchecked.
    pub fn is_match(&self, value: &str) -> bool {
        match self.compiled.get_or_init(|| Pattern::compile(&self.source)) {
            Ok(regex) => regex.is_match(value),
            Err(_) => false,
        }
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}
