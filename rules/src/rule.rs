//! The checks a single value can be put through.

use crate::{CharClass, Pattern, Requirement};

/// One constraint on one value, as stated in the spec.
///
/// Generated code keeps each field's rules in a `const` slice beside the field, so a reviewer
/// reads a field's constraints in one place.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum Rule<'a> {
    /// A string's length in characters (Unicode scalar values), inclusive bounds.
    Length {
        /// Fewest characters allowed.
        min: Option<u32>,
        /// Most characters allowed.
        max: Option<u32>,
    },
    /// A string must contain at least one character of the class.
    MustContain(CharClass),
    /// A string must match the regular expression somewhere (anchor it with `^…$` for a whole
    /// match).
    Pattern(&'a Pattern),
    /// An integer's value, inclusive bounds.
    Range {
        /// Smallest value allowed.
        min: Option<i64>,
        /// Largest value allowed.
        max: Option<i64>,
    },
}

impl Rule<'_> {
    /// Checks a string; `None` when the rule holds or does not apply to strings.
    pub fn check_str(&self, value: &str) -> Option<Requirement> {
        match *self {
            Rule::Length { min, max } => {
                let count = value.chars().count();
                let too_short = min.is_some_and(|min| count < min as usize);
                let too_long = max.is_some_and(|max| count > max as usize);
                (too_short || too_long).then_some(Requirement::Length { min, max })
            }
            Rule::MustContain(class) => (!value.chars().any(|c| class.contains(c)))
                .then_some(Requirement::MustContain(class)),
            Rule::Pattern(pattern) => (!pattern.is_match(value))
                .then(|| Requirement::Pattern(pattern.source().to_owned())),
            Rule::Range { .. } => None,
        }
    }

    /// Checks an integer; `None` when the rule holds or does not apply to integers.
    pub fn check_int(&self, value: i64) -> Option<Requirement> {
        match *self {
            Rule::Range { min, max } => {
                let below = min.is_some_and(|min| value < min);
                let above = max.is_some_and(|max| value > max);
                (below || above).then_some(Requirement::Range { min, max })
            }
            Rule::Length { .. } | Rule::MustContain(_) | Rule::Pattern(_) => None,
        }
    }

    /// Checks an unsigned integer (`UInt64`); `None` when the rule holds or does not apply to
    /// integers. A value above `i64::MAX` is above every `max` and below none.
    pub fn check_uint(&self, value: u64) -> Option<Requirement> {
        match i64::try_from(value) {
            Ok(value) => self.check_int(value),
            Err(_) => match *self {
                Rule::Range { min, max } => max.map(|_| Requirement::Range { min, max }),
                Rule::Length { .. } | Rule::MustContain(_) | Rule::Pattern(_) => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsigned_values_keep_their_bounds_past_i64() {
        let at_most = Rule::Range {
            min: None,
            max: Some(100),
        };
        let at_least = Rule::Range {
            min: Some(5),
            max: None,
        };
        assert_eq!(at_most.check_uint(100), None);
        assert!(at_most.check_uint(101).is_some());
        assert!(at_most.check_uint(u64::MAX).is_some());
        assert_eq!(at_least.check_uint(u64::MAX), None);
        assert!(at_least.check_uint(4).is_some());
        assert_eq!(
            Rule::Length {
                min: Some(1),
                max: None
            }
            .check_uint(u64::MAX),
            None
        );
    }
}
