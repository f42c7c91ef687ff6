//! Broken rules, collected and reported together.

use std::fmt;

use crate::{CharClass, FieldPath, Rule};

/// What a broken rule required, in a form code can match on and people can read.
///
/// It never holds the offending value, which may be a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Requirement {
    /// The field must be present.
    Required,
    /// The field must be present because another field has a given value.
    RequiredWhen {
        /// The field whose value makes this one required.
        field: String,
        /// That value, as JSON (`false`).
        equals: String,
    },
    /// A string's length in characters.
    Length {
        /// Fewest characters allowed.
        min: Option<u32>,
        /// Most characters allowed.
        max: Option<u32>,
    },
    /// A string must contain a character of the class.
    MustContain(CharClass),
    /// A string must match a regular expression.
    Pattern(String),
    /// An integer's bounds.
    Range {
        /// Smallest value allowed.
        min: Option<i64>,
        /// Largest value allowed.
        max: Option<i64>,
    },
    /// The value must be one of the documented ones.
    OneOf(Vec<String>),
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Requirement::Required => f.write_str("is required"),
            Requirement::RequiredWhen { field, equals } => {
                write!(f, "is required when `{field}` is {equals}")
            }
            Requirement::Length {
                min: Some(min),
                max: Some(max),
            } if min == max => {
                write!(f, "must be exactly {min} characters long")
            }
            Requirement::Length {
                min: Some(min),
                max: Some(max),
            } => {
                write!(f, "must be {min} to {max} characters long")
            }
            Requirement::Length {
                min: Some(min),
                max: None,
            } => {
                write!(f, "must be at least {min} characters long")
            }
            Requirement::Length {
                min: None,
                max: Some(max),
            } => {
                write!(f, "must be at most {max} characters long")
            }
            Requirement::Length {
                min: None,
                max: None,
            } => f.write_str("has no length limit"),
            Requirement::MustContain(class) => {
                write!(f, "must contain at least one {}", class.noun())
            }
            Requirement::Pattern(pattern) => write!(f, "must match the pattern `{pattern}`"),
            Requirement::Range {
                min: Some(min),
                max: Some(max),
            } => {
                write!(f, "must be between {min} and {max}")
            }
            Requirement::Range {
                min: Some(min),
                max: None,
            } => write!(f, "must be at least {min}"),
            Requirement::Range {
                min: None,
                max: Some(max),
            } => write!(f, "must be at most {max}"),
            Requirement::Range {
                min: None,
                max: None,
            } => f.write_str("has no range limit"),
            Requirement::OneOf(values) => {
                f.write_str("must be one of ")?;
                for (i, value) in values.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "`{value}`")?;
                }
                Ok(())
            }
        }
    }
}

/// One broken rule: which field, and what it required.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Where the value sits, Tencent style: `Permissions.0.Resource`.
    pub field: String,
    /// What the value failed to be.
    pub requirement: Requirement,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.requirement)
    }
}

/// Every rule a value broke. Nothing was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    violations: Vec<Violation>,
}

impl ValidationError {
    /// The broken rules, in the order of the fields in the spec.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Whether the field at `path` broke a rule.
    pub fn concerns(&self, path: &str) -> bool {
        self.violations.iter().any(|v| v.field == path)
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, violation) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// A collector of broken rules, filled by [`Validate::collect_violations`](crate::Validate).
#[derive(Debug, Default)]
pub struct Violations {
    found: Vec<Violation>,
}

impl Violations {
    /// An empty collector.
    pub fn new() -> Violations {
        Violations::default()
    }

    /// Records that the value at `at` broke `requirement`.
    pub fn push(&mut self, at: &FieldPath<'_>, requirement: Requirement) {
        self.found.push(Violation {
            field: at.to_string(),
            requirement,
        });
    }

    /// Checks a string against each rule, recording each broken one.
    pub fn check_str(&mut self, at: &FieldPath<'_>, value: &str, rules: &[Rule<'_>]) {
        for rule in rules {
            if let Some(requirement) = rule.check_str(value) {
                self.push(at, requirement);
            }
        }
    }

    /// Checks an integer against each rule, recording each broken one.
    pub fn check_int(&mut self, at: &FieldPath<'_>, value: i64, rules: &[Rule<'_>]) {
        for rule in rules {
            if let Some(requirement) = rule.check_int(value) {
                self.push(at, requirement);
            }
        }
    }

    /// Checks an unsigned integer (`UInt64`) against each rule, recording each broken one.
    pub fn check_uint(&mut self, at: &FieldPath<'_>, value: u64, rules: &[Rule<'_>]) {
        for rule in rules {
            if let Some(requirement) = rule.check_uint(value) {
                self.push(at, requirement);
            }
        }
    }

    /// Records a missing field when `present` is false.
    pub fn require(&mut self, at: &FieldPath<'_>, present: bool) {
        if !present {
            self.push(at, Requirement::Required);
        }
    }

    /// Records a missing field that `condition` makes required (`Password` when `Random` is
    /// false).
    pub fn require_when(
        &mut self,
        at: &FieldPath<'_>,
        present: bool,
        condition: bool,
        field: &str,
        equals: &str,
    ) {
        if condition && !present {
            self.push(
                at,
                Requirement::RequiredWhen {
                    field: field.to_owned(),
                    equals: equals.to_owned(),
                },
            );
        }
    }

    /// Takes a field a builder needs, recording it as missing when it is `None`.
    pub fn take<T>(&mut self, at: &FieldPath<'_>, value: Option<T>) -> Option<T> {
        self.require(at, value.is_some());
        value
    }

    /// Checks each string of an array against each rule.
    pub fn check_each_str<S: AsRef<str>>(
        &mut self,
        at: &FieldPath<'_>,
        values: &[S],
        rules: &[Rule<'_>],
    ) {
        for (index, value) in values.iter().enumerate() {
            self.check_str(&at.index(index), value.as_ref(), rules);
        }
    }

    /// Checks each integer of an array against each rule.
    pub fn check_each_int(&mut self, at: &FieldPath<'_>, values: &[i64], rules: &[Rule<'_>]) {
        for (index, value) in values.iter().enumerate() {
            self.check_int(&at.index(index), *value, rules);
        }
    }

    /// Checks each unsigned integer of an array against each rule.
    pub fn check_each_uint(&mut self, at: &FieldPath<'_>, values: &[u64], rules: &[Rule<'_>]) {
        for (index, value) in values.iter().enumerate() {
            self.check_uint(&at.index(index), *value, rules);
        }
    }

    /// Records that the value at `at` is none of `allowed` when `known` is false.
    pub fn require_known(&mut self, at: &FieldPath<'_>, known: bool, allowed: &[&str]) {
        if !known {
            self.push(
                at,
                Requirement::OneOf(allowed.iter().map(|v| (*v).to_owned()).collect()),
            );
        }
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// The recorded violations, in the order found.
    pub fn as_slice(&self) -> &[Violation] {
        &self.found
    }

    /// The recorded violations as an error. Builders call this only after recording a missing
    /// field; an empty collector gives an error that lists nothing.
    pub fn into_error(self) -> ValidationError {
        ValidationError {
            violations: self.found,
        }
    }

    /// `Ok` when nothing was recorded, else every violation.
    pub fn into_result(self) -> Result<(), ValidationError> {
        if self.found.is_empty() {
            Ok(())
        } else {
            Err(ValidationError {
                violations: self.found,
            })
        }
    }
}
