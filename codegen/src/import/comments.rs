//! The comments of a spec file, kept across a re-import.
//!
//! People explain their decisions in comments (why an action is not safe to re-send, where a
//! rule comes from). When the importer rewrites a file, each comment goes back above the key
//! or list item it was written above, wherever that key now sits:
//!
//! - a block of whole-line comments belongs to the key or list item on the next line;
//! - a comment at the end of a line is moved onto its own line above that line's key;
//! - comments after the last key stay at the end of the file;
//! - a comment whose key the import removed is dropped, and the import says so.
//!
//! Keys are found by name and list items by what identifies them (`name`, `value`, `code`,
//! `title`, or the item itself for a list of names), not by position, so reordering keeps them.

use std::collections::{BTreeMap, BTreeSet};

use crate::load::{Node, NodeKind};

/// One step of a path to a key or a list item.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Seg {
    /// A mapping key.
    Key(String),
    /// A list item, by what identifies it.
    Item(String),
}

/// A place in a spec file.
pub type Path = Vec<Seg>;

/// The comments of one file, by the place they belong to.
#[derive(Clone, Debug, Default)]
pub struct Comments {
    /// Comment lines (each starting with `#`, without indentation) above each place.
    at: BTreeMap<Path, Vec<String>>,
    /// Comment lines after the last key.
    end: Vec<String>,
}

impl Comments {
    /// Adds `lines` above `path`.
    pub fn add(&mut self, path: Path, lines: Vec<String>) {
        self.at.entry(path).or_default().extend(lines);
    }

    /// The comments above `path`, taken out (each is written once).
    pub fn take(&mut self, path: &[Seg]) -> Vec<String> {
        self.at.remove(path).unwrap_or_default()
    }

    /// The comments after the last key, taken out.
    pub fn take_end(&mut self) -> Vec<String> {
        std::mem::take(&mut self.end)
    }

    /// The comments not written (their place is gone), with where they were.
    pub fn leftover(self) -> Vec<(Path, Vec<String>)> {
        self.at.into_iter().collect()
    }
}

/// The identity of a list item: its `name` (without `.N`), `value`, `code` or `title`, or the
/// item itself if it is a scalar; `None` otherwise.
pub fn item_identity(node: &Node) -> Option<String> {
    match &node.kind {
        NodeKind::Scalar { text, .. } => Some(text.clone()),
        NodeKind::Map(entries) => ["name", "value", "code", "title"].iter().find_map(|key| {
            entries
                .iter()
                .find(|(k, _)| k.scalar() == Some(key))
                .and_then(|(_, v)| v.scalar())
                .map(|text| text.strip_suffix(".N").unwrap_or(text).to_owned())
        }),
        NodeKind::Seq(_) => None,
    }
}

/// Collects the comments of `text`, whose YAML tree is `tree`. The first line, the editor's
/// schema comment (`# yaml-language-server: …`), is not collected: the writer puts it back.
pub fn collect(text: &str, tree: &Node) -> Comments {
    let mut starts: BTreeMap<usize, Path> = BTreeMap::new();
    let mut ends: BTreeMap<usize, usize> = BTreeMap::new();
    let mut interior: BTreeSet<usize> = BTreeSet::new();
    let lines: Vec<&str> = text.lines().collect();
    walk(
        tree,
        &mut Vec::new(),
        &lines,
        &mut starts,
        &mut ends,
        &mut interior,
    );
    let path_from =
        |line: usize| -> Option<Path> { starts.range(line..).next().map(|(_, path)| path.clone()) };
    let mut comments = Comments::default();
    let mut pending: Vec<String> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let number = index + 1;
        if interior.contains(&number) {
            continue;
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            let schema_line = number == 1 && trimmed.starts_with("# yaml-language-server:");
            if !schema_line {
                pending.push(trimmed.trim_end().to_owned());
            }
            continue;
        }
        if trimmed.is_empty() {
            continue;
        }
        let Some(path) = path_from(number) else {
            continue;
        };
        let mut here = std::mem::take(&mut pending);
        if let Some(comment) = ends
            .get(&number)
            .and_then(|&column| end_of_line_comment(line, column))
        {
            here.push(comment);
        }
        if !here.is_empty() {
            comments.add(path, here);
        }
    }
    comments.end = pending;
    comments
}

/// The comment after column `after` (1-based, exclusive) of `line`, if any: what is left once
/// flow closers, the key's colon and a block scalar's header are skipped.
fn end_of_line_comment(line: &str, after: usize) -> Option<String> {
    let rest: String = line.chars().skip(after.saturating_sub(1)).collect();
    let rest =
        rest.trim_start_matches(|c: char| c.is_whitespace() || ":|>-+0123456789]},".contains(c));
    rest.starts_with('#').then(|| rest.trim_end().to_owned())
}

fn walk(
    node: &Node,
    path: &mut Path,
    text: &[&str],
    starts: &mut BTreeMap<usize, Path>,
    ends: &mut BTreeMap<usize, usize>,
    interior: &mut BTreeSet<usize>,
) {
    let span = node.span;
    if span.end.line == span.start.line {
        let end = ends.entry(span.start.line).or_default();
        *end = (*end).max(span.end.column);
    }
    match &node.kind {
        NodeKind::Scalar { plain: false, .. } => {
            let first = text
                .get(span.start.line.saturating_sub(1))
                .and_then(|l| l.chars().nth(span.start.column.saturating_sub(1)));
            if matches!(first, Some('"' | '\'')) {
                interior.extend(span.start.line + 1..=span.end.line);
            } else {
                // A block scalar: its node starts on its first line of content.
                interior.extend(span.start.line..span.end.line);
            }
        }
        NodeKind::Scalar { .. } => {}
        NodeKind::Map(entries) => {
            for (key, value) in entries {
                let Some(name) = key.scalar() else { continue };
                path.push(Seg::Key(name.to_owned()));
                starts
                    .entry(key.span.start.line)
                    .or_insert_with(|| path.clone());
                walk(key, path, text, starts, ends, interior);
                walk(value, path, text, starts, ends, interior);
                path.pop();
            }
        }
        NodeKind::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                let id = item_identity(item).unwrap_or_else(|| format!("#{i}"));
                path.push(Seg::Item(id));
                starts
                    .entry(item.span.start.line)
                    .or_insert_with(|| path.clone());
                walk(item, path, text, starts, ends, interior);
                path.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comments(text: &str) -> Comments {
        let tree = crate::load::yaml::parse(text).unwrap().unwrap();
        collect(text, &tree)
    }

    fn key(name: &str) -> Seg {
        Seg::Key(name.to_owned())
    }

    #[test]
    fn finds_each_comment_its_place() {
        let text = "# yaml-language-server: $schema=x\n# about the name\nname: X\ninput:\n  # about A\n  - name: A.N # end of A\n    doc: |\n      text\n      # inside the doc\n    # about range\n    range: { min: 0 } # end of range\n# at the end\n";
        let mut c = comments(text);
        assert_eq!(c.take(&[key("name")]), vec!["# about the name"]);
        assert_eq!(
            c.take(&[key("input"), Seg::Item("A".into())]),
            vec!["# about A", "# end of A"]
        );
        assert_eq!(
            c.take(&[key("input"), Seg::Item("A".into()), key("range")]),
            vec!["# about range", "# end of range"]
        );
        assert_eq!(c.take_end(), vec!["# at the end"]);
        assert!(c.leftover().is_empty(), "`# inside the doc` is content");
    }
}
