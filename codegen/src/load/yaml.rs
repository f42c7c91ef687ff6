//! The one module that knows which YAML library parses spec files.
//!
//! It turns text into a [`Node`] tree that keeps the line and column of every node, which the
//! rest of the loader needs to report every problem at its place. Swapping the YAML library
//! means changing this file only.
//!
//! Spec files are plain data: anchors, aliases, tags and multiple documents are refused with a
//! clear error rather than half-supported.

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span as YamlSpan};

use super::node::{Mark, Node, NodeKind, Span};

/// A YAML syntax error, or a YAML feature spec files do not use.
#[derive(Debug)]
pub struct SyntaxError {
    /// Where.
    pub span: Span,
    /// What.
    pub message: String,
}

/// Deepest nesting accepted; deeper documents are refused rather than risking the stack.
const MAX_DEPTH: usize = 64;

/// Parses one YAML document. An empty file is an empty mapping's absence: `Ok(None)`.
pub fn parse(text: &str) -> Result<Option<Node>, SyntaxError> {
    let mut parser = Parser::new_from_str(text);
    let mut builder = Builder {
        stack: Vec::new(),
        root: None,
        documents: 0,
    };
    for event in &mut parser {
        let (event, span) = event.map_err(scan_error)?;
        builder.event(event, span)?;
    }
    Ok(builder.root)
}

fn scan_error(error: ScanError) -> SyntaxError {
    let marker = error.marker();
    let start = Mark {
        line: marker.line(),
        column: marker.col() + 1,
    };
    SyntaxError {
        span: Span {
            start,
            width: 1,
            end: start,
        },
        message: format!("YAML syntax error: {}", error.info()),
    }
}

fn span_of(span: YamlSpan) -> Span {
    let start = Mark {
        line: span.start.line(),
        column: span.start.col() + 1,
    };
    let width = if span.end.line() == span.start.line() {
        span.end.col().saturating_sub(span.start.col()).max(1)
    } else {
        1
    };
    let end = Mark {
        line: span.end.line(),
        column: span.end.col() + 1,
    };
    Span { start, width, end }
}

enum Open {
    Seq(Span, Vec<Node>),
    Map(Span, Vec<(Node, Node)>, Option<Node>),
}

struct Builder {
    stack: Vec<Open>,
    root: Option<Node>,
    documents: usize,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, span: YamlSpan) -> Result<(), SyntaxError> {
        let at = span_of(span);
        let unsupported = |what: &str| SyntaxError {
            span: at,
            message: format!("{what} are not supported in spec files; write the value out"),
        };
        match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => Ok(()),
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(SyntaxError {
                        span: at,
                        message: "a spec file holds one YAML document; remove the second `---`"
                            .into(),
                    });
                }
                Ok(())
            }
            Event::Alias(_) => Err(unsupported("aliases (`*name`)")),
            Event::Scalar(text, style, anchor, tag) => {
                if anchor != 0 {
                    return Err(unsupported("anchors (`&name`)"));
                }
                if tag.is_some() {
                    return Err(unsupported("tags (`!tag`)"));
                }
                let plain = matches!(style, ScalarStyle::Plain);
                self.value(Node {
                    kind: NodeKind::Scalar {
                        text: text.into_owned(),
                        plain,
                    },
                    span: at,
                    removed: false,
                })
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag)
                if anchor != 0 || tag.is_some() =>
            {
                Err(unsupported(if anchor != 0 {
                    "anchors (`&name`)"
                } else {
                    "tags (`!tag`)"
                }))
            }
            Event::SequenceStart(..) => self.open(Open::Seq(at, Vec::new()), at),
            Event::MappingStart(..) => self.open(Open::Map(at, Vec::new(), None), at),
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match self.stack.pop() {
                    Some(Open::Seq(span, items)) => Node {
                        kind: NodeKind::Seq(items),
                        span,
                        removed: false,
                    },
                    Some(Open::Map(span, entries, _)) => Node {
                        kind: NodeKind::Map(entries),
                        span,
                        removed: false,
                    },
                    None => {
                        return Err(SyntaxError {
                            span: at,
                            message: "unbalanced YAML".into(),
                        });
                    }
                };
                self.value(node)
            }
        }
    }

    fn open(&mut self, open: Open, at: Span) -> Result<(), SyntaxError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(SyntaxError {
                span: at,
                message: format!("nesting deeper than {MAX_DEPTH} levels"),
            });
        }
        self.stack.push(open);
        Ok(())
    }

    fn value(&mut self, node: Node) -> Result<(), SyntaxError> {
        match self.stack.last_mut() {
            None => {
                self.root = Some(node);
                Ok(())
            }
            Some(Open::Seq(_, items)) => {
                items.push(node);
                Ok(())
            }
            Some(Open::Map(_, entries, pending)) => {
                match pending.take() {
                    None => {
                        if !matches!(node.kind, NodeKind::Scalar { .. }) {
                            return Err(SyntaxError {
                                span: node.span,
                                message: "mapping keys must be plain names".into(),
                            });
                        }
                        *pending = Some(node);
                    }
                    Some(key) => entries.push((key, node)),
                }
                Ok(())
            }
        }
    }
}
