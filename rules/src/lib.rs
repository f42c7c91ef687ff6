//! The meaning of the constraints an API spec can state.
//!
//! The generator (`tcr-codegen`) checks every documented example with these rules when it loads
//! a spec, and the code it generates validates requests with the very same rules, so a rule can
//! never mean one thing at generation time and another at run time.
//!
//! Checking never allocates unless a rule is broken, and no message ever contains the value that
//! broke the rule: values may be secrets.
//!
//! ```
//! use spec_rules::{CharClass, FieldPath, Rule, Violations};
//!
//! const PASSWORD: &[Rule<'static>] = &[
//!     Rule::Length { min: Some(8), max: Some(20) },
//!     Rule::MustContain(CharClass::AsciiUppercase),
//!     Rule::MustContain(CharClass::AsciiLowercase),
//!     Rule::MustContain(CharClass::AsciiDigit),
//! ];
//! let mut violations = Violations::new();
//! violations.check_str(&FieldPath::ROOT.field("Password"), "lowercase1", PASSWORD);
//! let error = violations.into_result().unwrap_err();
//! assert_eq!(error.to_string(), "Password: must contain at least one uppercase letter");
//! ```

mod char_class;
mod path;
mod pattern;
mod rule;
mod validate;
mod violation;

pub use char_class::CharClass;
pub use path::FieldPath;
pub use pattern::Pattern;
pub use rule::Rule;
pub use validate::Validate;
pub use violation::{Requirement, ValidationError, Violation, Violations};
