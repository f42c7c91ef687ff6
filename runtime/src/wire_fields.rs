//! What the generated `Serialize` and `Deserialize` impls of requests, answers and data types
//! share. The generator writes those impls itself rather than deriving them: a structure of
//! the API is a JSON object whose members are read by name, and that needs far less code than
//! serde's derive produces for every shape serde supports (sequences, field indexes, borrowed
//! field names), which is what a service with hundreds of structures pays for in compile time.
//!
//! Reading keeps serde's behaviour: members not in the spec are skipped, a member given twice
//! is an error, a missing member that must be there is a `missing field` error, and `null` in
//! an optional member reads as absent.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};

/// A member name read from a JSON object, borrowed from the input when it can be.
#[derive(Debug)]
pub enum Key<'de> {
    /// Borrowed from the input (no escapes in the name).
    Borrowed(&'de str),
    /// Copied (the name held escapes, or the input could not be borrowed from).
    Owned(String),
}

impl Key<'_> {
    /// The name.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(name) => name,
            Key::Owned(name) => name,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }

            fn visit_borrowed_str<E: de::Error>(self, name: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(name))
            }

            fn visit_str<E: de::Error>(self, name: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(name.to_owned()))
            }

            fn visit_string<E: de::Error>(self, name: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(name))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads the value of member `name` into `slot`; an error if the member came before.
pub fn read<'de, T, A>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    T: Deserialize<'de>,
    A: MapAccess<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a member the spec does not know.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The value of member `name`, which must have been there.
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| de::Error::missing_field(name))
}

/// What a structure's visitor expects, for serde's error messages: "a `Name` object".
pub fn expecting(f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
    write!(f, "a `{name}` object")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A structure shaped like the generated ones, written the way the generator writes them.
    #[derive(Debug, PartialEq)]
    struct Robot {
        name: String,
        description: Option<String>,
    }

    impl<'de> Deserialize<'de> for Robot {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Fields;
            impl<'de> Visitor<'de> for Fields {
                type Value = Robot;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    expecting(f, "Robot")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Robot, A::Error> {
                    let mut name: Option<String> = None;
                    let mut description: Option<Option<String>> = None;
                    while let Some(key) = map.next_key::<Key<'de>>()? {
                        match key.as_str() {
                            "Name" => read(&mut map, &mut name, "Name")?,
                            "Description" => read(&mut map, &mut description, "Description")?,
                            _ => skip(&mut map)?,
                        }
                    }
                    Ok(Robot {
                        name: required(name, "Name")?,
                        description: description.flatten(),
                    })
                }
            }
            deserializer.deserialize_map(Fields)
        }
    }

    fn parse(json: &str) -> Result<Robot, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_members_by_name_and_skips_unknown_ones() {
        let robot = parse(r#"{"Extra": [1, {"a": null}], "Description": "ci", "Name": "r"}"#);
        assert_eq!(
            robot,
            Ok(Robot {
                name: "r".into(),
                description: Some("ci".into())
            })
        );
    }

    #[test]
    fn null_or_absent_optional_members_read_as_none() {
        for json in [r#"{"Name": "r", "Description": null}"#, r#"{"Name": "r"}"#] {
            assert_eq!(parse(json).unwrap().description, None, "{json}");
        }
    }

    #[test]
    fn escaped_member_names_are_read_too() {
        assert_eq!(parse(r#"{"N\u0061me": "r"}"#).unwrap().name, "r");
    }

    #[test]
    fn refusals_say_what_is_wrong() {
        let missing = parse(r#"{"Description": "ci"}"#).unwrap_err();
        assert!(missing.starts_with("missing field `Name`"), "{missing}");
        let twice = parse(r#"{"Name": "a", "Name": "b"}"#).unwrap_err();
        assert!(twice.starts_with("duplicate field `Name`"), "{twice}");
        let null = parse(r#"{"Name": null}"#).unwrap_err();
        assert!(
            null.starts_with("invalid type: null, expected a string"),
            "{null}"
        );
        let array = parse(r#"["r"]"#).unwrap_err();
        assert!(array.contains("expected a `Robot` object"), "{array}");
    }
}
