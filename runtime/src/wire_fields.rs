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

/// Skips the value of a member the spec does not know; inside [`deny_unknown`], refuses it.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    #[cfg(feature = "server")]
    if strict::DENYING.get() {
        return map.next_value_seed(strict::Refuse);
    }
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

#[cfg(feature = "server")]
pub use strict::{UNKNOWN_MEMBER, deny_unknown};

/// Reading as a server reads requests: a member the spec does not know is an error.
#[cfg(feature = "server")]
mod strict {
    use std::cell::Cell;

    use serde::de::{self, DeserializeSeed, Deserializer};

    thread_local! {
        /// Whether [`skip`](super::skip) refuses rather than skips, on this thread.
        pub(super) static DENYING: Cell<bool> = const { Cell::new(false) };
    }

    /// The message of the error for a member the spec does not know, inside [`deny_unknown`]
    /// (a deserializer may add where it was, as `serde_json` adds the line and column).
    pub const UNKNOWN_MEMBER: &str = "a member the spec does not know";

    /// Runs `read` (a deserialization, which runs on the calling thread) with every generated
    /// structure refusing members its spec does not know, at any depth and whatever their
    /// value, with a [`UNKNOWN_MEMBER`] error. Clients never do this (an answer may grow
    /// members); a server that must refuse unknown parameters can, in one pass over the body
    /// instead of reading it twice. Wrapped in `serde_path_to_error`, the error's path ends
    /// with the unknown member's name.
    pub fn deny_unknown<T>(read: impl FnOnce() -> T) -> T {
        /// Puts the previous mode back, even if `read` unwinds.
        struct Restore(bool);
        impl Drop for Restore {
            fn drop(&mut self) {
                DENYING.set(self.0);
            }
        }
        let _restore = Restore(DENYING.replace(true));
        read()
    }

    /// The value of an unknown member: refused before it is read.
    pub(super) struct Refuse;

    impl<'de> DeserializeSeed<'de> for Refuse {
        type Value = ();

        fn deserialize<D: Deserializer<'de>>(self, _: D) -> Result<(), D::Error> {
            Err(de::Error::custom(UNKNOWN_MEMBER))
        }
    }
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

    #[cfg(feature = "server")]
    #[test]
    fn deny_unknown_refuses_unknown_members_and_restores_the_mode() {
        let strict = |json: &str| deny_unknown(|| parse(json));
        for value in ["1", "\"x\"", "[]", "{\"a\": 1}", "true", "1.5", "null"] {
            let json = format!(r#"{{"Name": "r", "Extra": {value}}}"#);
            let refused = strict(&json).unwrap_err();
            assert!(refused.starts_with(UNKNOWN_MEMBER), "{json}: {refused}");
        }
        assert_eq!(
            strict(r#"{"Name": "r", "Description": null}"#)
                .unwrap()
                .name,
            "r"
        );
        // Outside, unknown members are skipped again, also after a panic inside.
        assert!(parse(r#"{"Name": "r", "Extra": 1}"#).is_ok());
        let unwound = std::panic::catch_unwind(|| deny_unknown(|| panic!("inside")));
        assert!(unwound.is_err());
        assert!(parse(r#"{"Name": "r", "Extra": 1}"#).is_ok());
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
