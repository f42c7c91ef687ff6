//! A serde `Deserializer` over a [`Node`] tree: the spec model's derived `Deserialize` impls run
//! on it, and every error they raise is stamped with the node it concerns.

use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use super::node::{Node, NodeKind, Step};

/// A deserialization error and the node it concerns.
#[derive(Debug)]
pub struct DeError {
    /// What went wrong.
    pub message: String,
    /// Where: steps from the root, as written. `None` until the innermost node stamps it.
    pub path: Option<Vec<Step>>,
    /// Set when a required key was missing, so recovery can tell a consequence of its own
    /// removals from a real omission.
    pub missing_field: Option<&'static str>,
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        DeError {
            message: message.to_string(),
            path: None,
            missing_field: None,
        }
    }

    fn missing_field(field: &'static str) -> Self {
        DeError {
            message: format!("missing required key `{field}`"),
            path: None,
            missing_field: Some(field),
        }
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        DeError::custom(format!(
            "unknown key `{field}`; expected {}",
            one_of(expected)
        ))
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        DeError::custom(format!(
            "unknown value `{variant}`; expected {}",
            one_of(expected)
        ))
    }
}

fn one_of(names: &[&str]) -> String {
    match names {
        [] => "nothing here".to_owned(),
        [one] => format!("`{one}`"),
        _ => format!(
            "one of {}",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A plain scalar typed by the YAML 1.2 core schema.
enum Plain<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
}

fn resolve(text: &str) -> Plain<'_> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Plain::Null,
        "true" | "True" | "TRUE" => return Plain::Bool(true),
        "false" | "False" | "FALSE" => return Plain::Bool(false),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(value) = text.parse::<i64>() {
            return Plain::Int(value);
        }
    }
    let looks_numeric = digits.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if looks_numeric {
        if let Ok(value) = text.parse::<f64>() {
            return Plain::Float(value);
        }
    }
    Plain::Str(text)
}

/// Deserializes the node at `path`.
pub struct NodeDe<'a> {
    node: &'a Node,
    path: Vec<Step>,
}

impl<'a> NodeDe<'a> {
    /// A deserializer for a whole document.
    pub fn root(node: &'a Node) -> NodeDe<'a> {
        NodeDe {
            node,
            path: Vec::new(),
        }
    }

    fn child(&self, node: &'a Node, step: Step) -> NodeDe<'a> {
        let mut path = self.path.clone();
        path.push(step);
        NodeDe { node, path }
    }

    fn stamp<T>(&self, result: Result<T, DeError>) -> Result<T, DeError> {
        result.map_err(|mut error| {
            if error.path.is_none() {
                error.path = Some(self.path.clone());
            }
            error
        })
    }
}

impl<'de> de::Deserializer<'de> for NodeDe<'_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let result = match &self.node.kind {
            NodeKind::Scalar { text, plain: false } => visitor.visit_str(text),
            NodeKind::Scalar { text, plain: true } => match resolve(text) {
                Plain::Null => visitor.visit_unit(),
                Plain::Bool(value) => visitor.visit_bool(value),
                Plain::Int(value) => visitor.visit_i64(value),
                Plain::Float(value) => visitor.visit_f64(value),
                Plain::Str(text) => visitor.visit_str(text),
            },
            NodeKind::Seq(items) => visitor.visit_seq(Items {
                de: &self,
                items,
                next: 0,
            }),
            NodeKind::Map(entries) => visitor.visit_map(Entries {
                de: &self,
                entries,
                next: 0,
                seen: Vec::new(),
            }),
        };
        self.stamp(result)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if let NodeKind::Scalar { text, plain: true } = &self.node.kind {
            let found = match resolve(text) {
                Plain::Null => Some("nothing (null)"),
                Plain::Bool(_) => Some("a boolean"),
                Plain::Int(_) => Some("an integer"),
                Plain::Float(_) => Some("a number"),
                Plain::Str(_) => None,
            };
            if let Some(found) = found {
                let message = if text.is_empty() {
                    "expected a string, found nothing".to_owned()
                } else {
                    format!(
                        "expected a string, found {found} `{text}`; quote it to make it a string"
                    )
                };
                return self.stamp(Err(de::Error::custom(message)));
            }
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.kind {
            NodeKind::Scalar { text, .. } => {
                let result = visitor.visit_str(text);
                self.stamp(result)
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.node.kind {
            NodeKind::Scalar { text, plain: true } if matches!(resolve(text), Plain::Null) => {
                let result = visitor.visit_none();
                self.stamp(result)
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let result = match &self.node.kind {
            NodeKind::Scalar { text, .. } => {
                let access: de::value::StrDeserializer<'_, DeError> =
                    text.as_str().into_deserializer();
                visitor.visit_enum(access)
            }
            _ => Err(de::Error::custom("expected a name")),
        };
        self.stamp(result)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct
    }
}

struct Items<'a, 'b> {
    de: &'b NodeDe<'a>,
    items: &'a [Node],
    next: usize,
}

impl<'de> SeqAccess<'de> for Items<'_, '_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        while let Some(item) = self.items.get(self.next) {
            let index = self.next;
            self.next += 1;
            if !item.removed {
                return seed
                    .deserialize(self.de.child(item, Step::Elem(index)))
                    .map(Some);
            }
        }
        Ok(None)
    }
}

struct Entries<'a, 'b> {
    de: &'b NodeDe<'a>,
    entries: &'a [(Node, Node)],
    next: usize,
    seen: Vec<&'a str>,
}

impl<'de> MapAccess<'de> for Entries<'_, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        while let Some((key, _)) = self.entries.get(self.next) {
            if key.removed {
                self.next += 1;
                continue;
            }
            let de = self.de.child(key, Step::Key(self.next));
            if let Some(text) = key.scalar() {
                if self.seen.contains(&text) {
                    return de.stamp(Err(de::Error::custom(format!("duplicate key `{text}`"))));
                }
                self.seen.push(text);
            }
            return seed.deserialize(de).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let index = self.next;
        self.next += 1;
        match self.entries.get(index) {
            Some((_, value)) => seed.deserialize(self.de.child(value, Step::Value(index))),
            None => Err(de::Error::custom("value without a key")),
        }
    }
}
