//! Request validation: the constraints of the spec, checked before anything is sent.
//!
//! Every generated request implements [`Validate`]; [`Validate::validate`] returns every broken
//! rule at once, each naming the field (`Permissions.0.Resource`) and the rule in words
//! (`must contain at least one uppercase letter`). Messages never include the offending value,
//! which may be a secret.
//!
//! The rules are implemented once, in the `spec-rules` crate, which the generator also uses to
//! check the documented examples of the spec.

pub use spec_rules::{
    CharClass, FieldPath, Pattern, Requirement, Rule, Validate, ValidationError, Violation,
    Violations,
};
