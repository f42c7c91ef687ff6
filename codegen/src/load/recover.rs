//! Error recovery: deserialize, and on a problem set the offending entry aside and try again,
//! so that every problem of a file is found in one run.

use serde::de::DeserializeOwned;

use super::de::NodeDe;
use super::node::{Node, NodeKind, Span, Step};

/// More problems than this in one file are not worth listing.
const MAX_PROBLEMS: usize = 50;

/// Deserializes `tree`, removing offending entries until it succeeds. Returns the value (built
/// from what remained) and every problem with its place. Removed nodes stay in the tree, marked,
/// so that later checks still find positions.
pub fn deserialize<T: DeserializeOwned>(tree: &mut Node) -> (Option<T>, Vec<(Span, String)>) {
    let mut problems = Vec::new();
    let mut removed_keys: Vec<(Vec<Step>, String)> = Vec::new();
    while problems.len() < MAX_PROBLEMS {
        let error = match T::deserialize(NodeDe::root(tree)) {
            Ok(value) => return (Some(value), problems),
            Err(error) => error,
        };
        let path = error.path.unwrap_or_default();
        // A required key that recovery itself removed is not a new problem.
        let consequence = error.missing_field.is_some_and(|field| {
            removed_keys
                .iter()
                .any(|(map, key)| *map == path && key == field)
        });
        if !consequence {
            let span = tree.at(&path).map_or(tree.span, |node| node.span);
            problems.push((span, error.message));
        }
        if !remove(tree, &path, &mut removed_keys) {
            break;
        }
    }
    (None, problems)
}

/// Marks the entry or element that `path` ends in as removed; `false` at the root.
fn remove(tree: &mut Node, path: &[Step], removed_keys: &mut Vec<(Vec<Step>, String)>) -> bool {
    let Some((last, parent_path)) = path.split_last() else {
        return false;
    };
    let Some(parent) = tree.at_mut(parent_path) else {
        return false;
    };
    match (&mut parent.kind, *last) {
        (NodeKind::Map(entries), Step::Key(i) | Step::Value(i)) => match entries.get_mut(i) {
            Some((key, value)) => {
                key.removed = true;
                value.removed = true;
                if let Some(text) = key.scalar() {
                    removed_keys.push((parent_path.to_vec(), text.to_owned()));
                }
                true
            }
            None => false,
        },
        (NodeKind::Seq(items), Step::Elem(i)) => match items.get_mut(i) {
            Some(item) => {
                item.removed = true;
                true
            }
            None => false,
        },
        _ => false,
    }
}
