//! Paths to the value a rule applies to, built on the stack while validating.

use std::fmt;

/// Where a value sits in a request, written the way Tencent names parameters:
/// `Permissions.0.Actions.1`.
///
/// A path is a chain of borrowed links, so descending into a field costs nothing; it is only
/// turned into text when a rule is broken.
#[derive(Clone, Copy, Debug)]
pub enum FieldPath<'a> {
    /// The request itself.
    Root,
    /// A named field of the value at the parent path.
    Field(&'a FieldPath<'a>, &'a str),
    /// An element of the array at the parent path.
    Index(&'a FieldPath<'a>, usize),
}

impl<'a> FieldPath<'a> {
    /// The root of every path.
    pub const ROOT: FieldPath<'static> = FieldPath::Root;

    /// The path of field `name` below this one.
    pub fn field(&'a self, name: &'a str) -> FieldPath<'a> {
        FieldPath::Field(self, name)
    }

    /// The path of element `index` of the array at this path.
    pub fn index(&'a self, index: usize) -> FieldPath<'a> {
        FieldPath::Index(self, index)
    }
}

impl fmt::Display for FieldPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldPath::Root => Ok(()),
            FieldPath::Field(FieldPath::Root, name) => f.write_str(name),
            FieldPath::Field(parent, name) => write!(f, "{parent}.{name}"),
            FieldPath::Index(FieldPath::Root, index) => write!(f, "{index}"),
            FieldPath::Index(parent, index) => write!(f, "{parent}.{index}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FieldPath;

    #[test]
    fn renders_like_tencent_parameter_names() {
        let root = FieldPath::ROOT;
        let permissions = root.field("Permissions");
        let first = permissions.index(0);
        let actions = first.field("Actions");
        assert_eq!(actions.index(1).to_string(), "Permissions.0.Actions.1");
        assert_eq!(root.to_string(), "");
    }
}
