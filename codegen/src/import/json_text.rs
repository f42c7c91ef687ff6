//! Example payloads as JSON text in one layout: four-space indentation, one member or element
//! per line, `{}` and `[]` when empty, members in the order written, numbers and strings exactly
//! as written (so `9223372036854776000` stays what Tencent published).
//!
//! The text is only re-laid out, never re-serialized through a map, so nothing is reordered or
//! rounded. Characters that YAML does not allow in a block scalar (C1 controls, U+2028, U+2029,
//! U+FEFF, …) are written as `\uXXXX` escapes inside strings, which leaves the JSON value as it
//! was.

/// A JSON value built by the importer (from a query listing), kept in insertion order.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// An object, members in the order first seen.
    Object(Vec<(String, Json)>),
    /// An array, elements by index (gaps are dropped when written).
    Array(Vec<(u64, Json)>),
    /// A string.
    String(String),
    /// A number, `true` or `false`, as JSON text.
    Literal(String),
}

/// `text` (valid JSON) in the layout of this module, ending in a line break.
pub fn canonical(text: &str) -> Result<String, String> {
    serde_json::from_str::<serde::de::IgnoredAny>(text).map_err(|e| e.to_string())?;
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {}
            '{' | '}' | '[' | ']' | ',' | ':' => tokens.push(Token::Punct(c)),
            '"' => {
                let mut end = start + 1;
                let mut escaped = false;
                for (i, c) in chars.by_ref() {
                    end = i + c.len_utf8();
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        break;
                    }
                }
                tokens.push(Token::Text(yaml_safe(&text[start..end])));
            }
            _ => {
                let mut end = start + c.len_utf8();
                while let Some(&(i, next)) = chars.peek() {
                    if next.is_whitespace() || "{}[],:\"".contains(next) {
                        break;
                    }
                    end = i + next.len_utf8();
                    chars.next();
                }
                tokens.push(Token::Text(text[start..end].to_owned()));
            }
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Punct(open @ ('{' | '[')) => {
                let close = if *open == '{' { '}' } else { ']' };
                if tokens.get(i + 1) == Some(&Token::Punct(close)) {
                    out.push(*open);
                    out.push(close);
                    i += 1;
                } else {
                    depth += 1;
                    out.push(*open);
                    newline(&mut out, depth);
                }
            }
            Token::Punct(close @ ('}' | ']')) => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(*close);
            }
            Token::Punct(',') => {
                out.push(',');
                newline(&mut out, depth);
            }
            Token::Punct(':') => out.push_str(": "),
            Token::Punct(other) => out.push(*other),
            Token::Text(text) => out.push_str(text),
        }
        i += 1;
    }
    out.push('\n');
    Ok(out)
}

/// `value` in the layout of this module, ending in a line break.
pub fn write(value: &Json) -> String {
    let mut out = String::new();
    write_value(value, 0, &mut out);
    out.push('\n');
    out
}

fn write_value(value: &Json, depth: usize, out: &mut String) {
    match value {
        Json::Object(members) if members.is_empty() => out.push_str("{}"),
        Json::Array(items) if items.is_empty() => out.push_str("[]"),
        Json::Object(members) => {
            out.push('{');
            for (i, (key, value)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                out.push_str(&string(key));
                out.push_str(": ");
                write_value(value, depth + 1, out);
            }
            newline(out, depth);
            out.push('}');
        }
        Json::Array(items) => {
            let mut sorted: Vec<&(u64, Json)> = items.iter().collect();
            sorted.sort_by_key(|(index, _)| *index);
            out.push('[');
            for (i, (_, value)) in sorted.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_value(value, depth + 1, out);
            }
            newline(out, depth);
            out.push(']');
        }
        Json::String(text) => out.push_str(&string(text)),
        Json::Literal(text) => out.push_str(text),
    }
}

/// A JSON string literal for `text`, YAML-safe.
fn string(text: &str) -> String {
    yaml_safe(&serde_json::Value::String(text.to_owned()).to_string())
}

#[derive(Debug, PartialEq)]
enum Token {
    Punct(char),
    Text(String),
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("    ");
    }
}

/// Whether YAML accepts `c` as it is inside a block scalar.
pub fn yaml_printable(c: char) -> bool {
    match c {
        '\t' | '\n' => true,
        '\u{20}'..='\u{7E}' => true,
        '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}' => false,
        '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' => true,
        '\u{10000}'..='\u{10FFFF}' => true,
        _ => false,
    }
}

/// A JSON string literal with every character YAML would refuse written as `\uXXXX`.
fn yaml_safe(literal: &str) -> String {
    if literal.chars().all(yaml_printable) {
        return literal.to_owned();
    }
    let mut out = String::with_capacity(literal.len() + 8);
    for c in literal.chars() {
        if yaml_printable(c) {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lays_out_and_keeps_order_and_numbers() {
        let text = "{\"b\":1,\"a\":[ 9223372036854776000 ,{}],\"c\":{\"d\":\"x\\\"y\"},\"e\":[]}";
        let expected = "{\n    \"b\": 1,\n    \"a\": [\n        9223372036854776000,\n        {}\n    ],\n    \"c\": {\n        \"d\": \"x\\\"y\"\n    },\n    \"e\": []\n}\n";
        assert_eq!(canonical(text).unwrap(), expected);
        assert_eq!(canonical(expected).unwrap(), expected, "idempotent");
    }

    #[test]
    fn refuses_what_is_not_json_and_escapes_what_yaml_refuses() {
        assert!(canonical("{\"a\": }").is_err());
        let text = canonical("{\"a\": \"x\u{2028}y\u{85}\"}").unwrap();
        assert!(text.contains("x\\u2028y\\u0085"), "{text}");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["a"], "x\u{2028}y\u{85}");
    }

    #[test]
    fn writes_built_values_in_index_order() {
        let value = Json::Object(vec![
            ("Name".into(), Json::String("a\"b".into())),
            (
                "List".into(),
                Json::Array(vec![
                    (1, Json::Literal("2".into())),
                    (0, Json::Literal("1".into())),
                ]),
            ),
        ]);
        assert_eq!(
            write(&value),
            "{\n    \"Name\": \"a\\\"b\",\n    \"List\": [\n        1,\n        2\n    ]\n}\n"
        );
    }
}
