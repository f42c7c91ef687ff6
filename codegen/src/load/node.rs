//! A YAML document as a tree of nodes that remember where they were written.

/// A place in a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mark {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// Where a node starts, and how many characters of its first line it covers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    /// The first character.
    pub start: Mark,
    /// Characters to underline on the first line.
    pub width: usize,
    /// Just after the last character, as the YAML parser reports it (for a block scalar, the
    /// start of the line that ends it).
    pub end: Mark,
}

/// A node of the tree.
#[derive(Clone, Debug)]
pub struct Node {
    /// What the node holds.
    pub kind: NodeKind,
    /// Where it was written.
    pub span: Span,
    /// Set by error recovery: the node is treated as if it had not been written.
    pub removed: bool,
}

/// Scalar, sequence or mapping.
#[derive(Clone, Debug)]
pub enum NodeKind {
    /// A scalar; `plain` when written without quotes (and so subject to typing: `20`, `true`,
    /// `null`).
    Scalar {
        /// The text of the scalar.
        text: String,
        /// Written without quotes or block indicators.
        plain: bool,
    },
    /// A sequence of nodes.
    Seq(Vec<Node>),
    /// A mapping, in the order written.
    Map(Vec<(Node, Node)>),
}

/// One step from a node to a child, by position in the tree as written (removed children
/// included), so steps stay valid while recovery removes nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    /// The key of the n-th entry of a mapping.
    Key(usize),
    /// The value of the n-th entry of a mapping.
    Value(usize),
    /// The n-th element of a sequence.
    Elem(usize),
}

/// A step by the names a checker knows: a mapping key, or a sequence index counting only the
/// children that were not removed (as the deserializer saw them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    /// A mapping key.
    Name(&'static str),
    /// A sequence index.
    Index(usize),
}

impl Node {
    /// The scalar's text, if this is a scalar.
    pub fn scalar(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// Follows `steps` (positions as written).
    pub fn at(&self, steps: &[Step]) -> Option<&Node> {
        let mut node = self;
        for step in steps {
            node = match (&node.kind, *step) {
                (NodeKind::Map(entries), Step::Key(i)) => &entries.get(i)?.0,
                (NodeKind::Map(entries), Step::Value(i)) => &entries.get(i)?.1,
                (NodeKind::Seq(items), Step::Elem(i)) => items.get(i)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// Follows `steps` for a change.
    pub fn at_mut(&mut self, steps: &[Step]) -> Option<&mut Node> {
        let mut node = self;
        for step in steps {
            node = match (&mut node.kind, *step) {
                (NodeKind::Map(entries), Step::Key(i)) => &mut entries.get_mut(i)?.0,
                (NodeKind::Map(entries), Step::Value(i)) => &mut entries.get_mut(i)?.1,
                (NodeKind::Seq(items), Step::Elem(i)) => items.get_mut(i)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// Follows keys as a checker names them, skipping removed children; returns the deepest
    /// node reached, so a problem with a part that was not written is shown at its parent.
    pub fn find(&self, keys: &[Key]) -> &Node {
        let mut node = self;
        for key in keys {
            let next = match (&node.kind, key) {
                (NodeKind::Map(entries), Key::Name(name)) => entries
                    .iter()
                    .filter(|(k, _)| !k.removed)
                    .find(|(k, _)| k.scalar() == Some(name))
                    .map(|(_, v)| v),
                (NodeKind::Seq(items), Key::Index(i)) => {
                    items.iter().filter(|n| !n.removed).nth(*i)
                }
                _ => None,
            };
            match next {
                Some(next) => node = next,
                None => break,
            }
        }
        node
    }

    /// The key node of entry `name` in this mapping, if written.
    pub fn key_node(&self, name: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Map(entries) => entries
                .iter()
                .find(|(k, _)| !k.removed && k.scalar() == Some(name))
                .map(|(k, _)| k),
            _ => None,
        }
    }
}
