//! How the request body is written and labelled: compact JSON by default, or byte for byte what
//! Tencent's published signing example (and the official Python SDK) sends.

use std::io;

use serde::Serialize;

/// How the JSON body is written. The signature covers the exact bytes, so two clients agree
/// on a signature only when they write the same bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum JsonStyle {
    /// `{"Limit":1}`: the shortest form.
    #[default]
    Compact,
    /// `{"Limit": 1}` with every non-ASCII character escaped (`"\u672a"`): what Python's
    /// `json.dumps` writes, and so what the official Python SDK signs. Use it to compare a
    /// signature with one made by that SDK or by Tencent's documentation.
    PythonDumps,
}

/// The `Content-Type` sent and signed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ContentType {
    /// `application/json`, as the official SDKs send today.
    #[default]
    Json,
    /// `application/json; charset=utf-8`, as Tencent's published signing example sends.
    JsonUtf8,
}

impl ContentType {
    /// The header value.
    pub fn as_str(self) -> &'static str {
        match self {
            ContentType::Json => "application/json",
            ContentType::JsonUtf8 => "application/json; charset=utf-8",
        }
    }
}

/// `value` as JSON in `style`.
pub(crate) fn encode<T: Serialize>(value: &T, style: JsonStyle) -> serde_json::Result<Vec<u8>> {
    match style {
        JsonStyle::Compact => serde_json::to_vec(value),
        JsonStyle::PythonDumps => {
            let mut out = Vec::with_capacity(128);
            let mut serializer = serde_json::Serializer::with_formatter(&mut out, PythonFormatter);
            value.serialize(&mut serializer)?;
            Ok(out)
        }
    }
}

/// `json.dumps` defaults: `", "` and `": "` separators, `ensure_ascii=True`.
struct PythonFormatter;

impl serde_json::ser::Formatter for PythonFormatter {
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        for c in fragment.chars() {
            if c.is_ascii() {
                writer.write_all(&[c as u8])?;
            } else {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04x}")?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_dumps_style_matches_json_dumps() {
        let value = serde_json::json!({"Limit": 1, "Filters": [{"Values": ["未命名", "😀"], "Name": "a\"b\n"}]});
        let text = String::from_utf8(encode(&value, JsonStyle::PythonDumps).unwrap()).unwrap();
        assert_eq!(
            text,
            r#"{"Filters": [{"Name": "a\"b\n", "Values": ["\u672a\u547d\u540d", "\ud83d\ude00"]}], "Limit": 1}"#
        );
        let compact = String::from_utf8(encode(&value, JsonStyle::Compact).unwrap()).unwrap();
        assert_eq!(
            compact,
            r#"{"Filters":[{"Name":"a\"b\n","Values":["未命名","😀"]}],"Limit":1}"#
        );
    }
}
