//! The trait every generated request and data type implements.

use crate::{FieldPath, ValidationError, Violations};

/// A value whose fields carry constraints from the spec.
pub trait Validate {
    /// Appends every broken rule found in `self`, which sits at `at`, to `violations`.
    fn collect_violations(&self, at: &FieldPath<'_>, violations: &mut Violations);

    /// Checks every rule and returns all the broken ones at once.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut violations = Violations::new();
        self.collect_violations(&FieldPath::ROOT, &mut violations);
        violations.into_result()
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn collect_violations(&self, at: &FieldPath<'_>, violations: &mut Violations) {
        for (index, item) in self.iter().enumerate() {
            item.collect_violations(&at.index(index), violations);
        }
    }
}

impl<T: Validate> Validate for Option<T> {
    fn collect_violations(&self, at: &FieldPath<'_>, violations: &mut Violations) {
        if let Some(value) = self {
            value.collect_violations(at, violations);
        }
    }
}

/// A structure that contains itself holds the way back in a `Box`; its rules are the value's.
impl<T: Validate + ?Sized> Validate for Box<T> {
    fn collect_violations(&self, at: &FieldPath<'_>, violations: &mut Violations) {
        (**self).collect_violations(at, violations);
    }
}
