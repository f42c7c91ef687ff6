//! Classes of characters a string can be required to contain.

use std::fmt;

/// A class of characters that a string constraint can require at least one of.
///
/// Every class is ASCII-only on purpose: Tencent documents its password rules as "an uppercase
/// letter, a lowercase letter and a digit" and enforces them on ASCII. A non-ASCII character
/// (`É`, `ß`, `٣`) counts toward a length but never satisfies a class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum CharClass {
    /// `A` to `Z`.
    AsciiUppercase,
    /// `a` to `z`.
    AsciiLowercase,
    /// `0` to `9`.
    AsciiDigit,
    /// ASCII punctuation and symbols: ``!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~``.
    AsciiPunctuation,
}

impl CharClass {
    /// Every class, in the order the spec format lists them.
    pub const ALL: [CharClass; 4] = [
        CharClass::AsciiUppercase,
        CharClass::AsciiLowercase,
        CharClass::AsciiDigit,
        CharClass::AsciiPunctuation,
    ];

    /// Whether `c` belongs to this class.
    pub fn contains(self, c: char) -> bool {
        match self {
            CharClass::AsciiUppercase => c.is_ascii_uppercase(),
            CharClass::AsciiLowercase => c.is_ascii_lowercase(),
            CharClass::AsciiDigit => c.is_ascii_digit(),
            CharClass::AsciiPunctuation => c.is_ascii_punctuation(),
        }
    }

    /// The name the spec format uses for this class (`ascii_uppercase`).
    pub fn spec_name(self) -> &'static str {
        match self {
            CharClass::AsciiUppercase => "ascii_uppercase",
            CharClass::AsciiLowercase => "ascii_lowercase",
            CharClass::AsciiDigit => "ascii_digit",
            CharClass::AsciiPunctuation => "ascii_punctuation",
        }
    }

    /// One character of the class, in words (`uppercase letter`).
    pub fn noun(self) -> &'static str {
        match self {
            CharClass::AsciiUppercase => "uppercase letter",
            CharClass::AsciiLowercase => "lowercase letter",
            CharClass::AsciiDigit => "digit",
            CharClass::AsciiPunctuation => "punctuation character",
        }
    }
}

impl fmt::Display for CharClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.noun())
    }
}
