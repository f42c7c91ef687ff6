//! A small, deterministic YAML writer for spec files: the same model always gives the same
//! bytes, and reading them back gives the same model.
//!
//! Layout: two-space indentation; lists of mappings as `- key: …` under their key; short bounds
//! and conditions in flow style (`range: { min: 0 }`), as people write them; multi-line text as
//! literal blocks (`|`); a string is written plain when YAML reads it back as that same string,
//! and double-quoted otherwise. Keys come in a fixed order per kind of file. Comments (see
//! [`super::comments`]) are written above the key or item they belong to.

use super::comments::{Comments, Path, Seg};
use super::json_text::yaml_printable;
use crate::model::{
    Action, Bounds, CharClassName, Condition, EnumValue, ErrorCatalog, ErrorDef, Example, Field,
    IntegerFormat, Pagination, Service, TypeDef, UnknownValues,
};

/// A YAML value to write.
#[derive(Clone, Debug)]
pub enum Y {
    /// A string.
    Str(String),
    /// A string that reads best single-quoted when it cannot be plain (a regular expression).
    Regex(String),
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A flow collection, already written (`{ min: 0 }`).
    Flow(String),
    /// A mapping, in the order to write.
    Map(Vec<(&'static str, Y)>),
    /// A list.
    Seq(Vec<Y>),
}

/// `service.yaml`.
pub fn service(s: &Service, comments: &mut Comments) -> String {
    let map = vec![
        ("name", Y::Str(s.name.clone())),
        ("version", Y::Str(s.version.clone())),
        ("title", Y::Str(s.title.clone())),
        ("doc", Y::Str(s.doc.clone())),
        (
            "endpoints",
            Y::Map(vec![
                ("china", Y::Str(s.endpoints.china.clone())),
                ("international", Y::Str(s.endpoints.international.clone())),
                ("regional", Y::Str(s.endpoints.regional.clone())),
            ]),
        ),
        (
            "rate_limit",
            Y::Map(vec![(
                "per_second",
                Y::Int(i64::from(s.rate_limit.per_second)),
            )]),
        ),
    ];
    document("schema/service.schema.json", map, comments)
}

/// `errors.yaml`.
pub fn errors(e: &ErrorCatalog, comments: &mut Comments) -> String {
    let list = |defs: &[ErrorDef]| Y::Seq(defs.iter().map(error_def).collect());
    let mut map = vec![("common", list(&e.common))];
    if !e.service.is_empty() {
        map.push(("service", list(&e.service)));
    }
    document("schema/errors.schema.json", map, comments)
}

fn error_def(d: &ErrorDef) -> Y {
    let mut map = vec![
        ("code", Y::Str(d.code.clone())),
        ("doc", Y::Str(d.doc.clone())),
    ];
    if d.refused_before_acting {
        map.push(("refused_before_acting", Y::Bool(true)));
    }
    if d.transient {
        map.push(("transient", Y::Bool(true)));
    }
    Y::Map(map)
}

/// `types/<Name>.yaml`.
pub fn type_def(t: &TypeDef, comments: &mut Comments) -> String {
    let mut map = vec![("name", Y::Str(t.name.clone()))];
    if let Some(rust) = &t.rust_name {
        map.push(("rust_name", Y::Str(rust.clone())));
    }
    map.push(("doc", Y::Str(t.doc.clone())));
    if let Some(unknown) = t.unknown_values {
        let text = match unknown {
            UnknownValues::Carry => "carry",
            UnknownValues::Reject => "reject",
        };
        map.push(("unknown_values", Y::Str(text.to_owned())));
    }
    if let Some(fields) = &t.fields {
        map.push(("fields", Y::Seq(fields.iter().map(field).collect())));
    }
    if let Some(values) = &t.values {
        map.push(("values", Y::Seq(values.iter().map(enum_value).collect())));
    }
    document("../schema/type.schema.json", map, comments)
}

fn enum_value(v: &EnumValue) -> Y {
    let mut map = vec![
        ("value", Y::Str(v.value.clone())),
        ("doc", Y::Str(v.doc.clone())),
    ];
    if let Some(rust) = &v.rust_name {
        map.push(("rust_name", Y::Str(rust.clone())));
    }
    Y::Map(map)
}

/// `actions/<Name>.yaml`.
pub fn action(a: &Action, comments: &mut Comments) -> String {
    let mut map = vec![
        ("name", Y::Str(a.name.clone())),
        ("doc", Y::Str(a.doc.clone())),
        ("safe_to_resend", Y::Bool(a.safe_to_resend)),
    ];
    // Only the exception is written: nearly every action is signed.
    if !a.signed {
        map.push(("signed", Y::Bool(false)));
    }
    if let Some(limit) = a.rate_limit {
        map.push((
            "rate_limit",
            Y::Map(vec![("per_second", Y::Int(i64::from(limit.per_second)))]),
        ));
    }
    map.push(("input", Y::Seq(a.input.iter().map(field).collect())));
    map.push(("output", Y::Seq(a.output.iter().map(field).collect())));
    if let Some(p) = &a.pagination {
        map.push(("pagination", pagination(p)));
    }
    map.push((
        "errors",
        Y::Seq(a.errors.iter().map(|e| Y::Str(e.clone())).collect()),
    ));
    if !a.examples.is_empty() {
        map.push(("examples", Y::Seq(a.examples.iter().map(example).collect())));
    }
    document("../schema/action.schema.json", map, comments)
}

fn pagination(p: &Pagination) -> Y {
    let mut map = Vec::new();
    let names = [
        ("offset", &p.offset),
        ("limit", &p.limit),
        ("page", &p.page),
        ("page_size", &p.page_size),
    ];
    for (key, value) in names {
        if let Some(value) = value {
            map.push((key, Y::Str(value.clone())));
        }
    }
    if let Some(first) = p.first_page {
        map.push(("first_page", Y::Int(first)));
    }
    map.push(("items", Y::Str(p.items.clone())));
    if let Some(total) = &p.total {
        map.push(("total", Y::Str(total.clone())));
    }
    Y::Map(map)
}

fn example(e: &Example) -> Y {
    let mut map = vec![("title", Y::Str(e.title.clone()))];
    if let Some(doc) = &e.doc {
        map.push(("doc", Y::Str(doc.clone())));
    }
    if let Some(position) = e.tencent_example {
        map.push(("tencent_example", Y::Int(i64::from(position))));
    }
    if let Some(why) = &e.input_mismatch {
        map.push(("input_mismatch", Y::Str(why.clone())));
    }
    if let Some(why) = &e.output_mismatch {
        map.push(("output_mismatch", Y::Str(why.clone())));
    }
    map.push(("input", Y::Str(e.input.clone())));
    map.push(("output", Y::Str(e.output.clone())));
    Y::Map(map)
}

fn field(f: &Field) -> Y {
    let mut map = vec![("name", Y::Str(f.name.clone()))];
    if let Some(rust) = &f.rust_name {
        map.push(("rust_name", Y::Str(rust.clone())));
    }
    map.push(("type", Y::Str(f.ty.clone())));
    if f.required {
        map.push(("required", Y::Bool(true)));
    }
    if let Some(secret) = f.secret {
        map.push(("secret", Y::Bool(secret)));
    }
    if let Some(condition) = &f.required_when {
        map.push(("required_when", Y::Flow(condition_flow(condition))));
    }
    if f.always_present {
        map.push(("always_present", Y::Bool(true)));
    }
    if f.may_be_null {
        map.push(("may_be_null", Y::Bool(true)));
    }
    if let Some(format) = f.format {
        let text = match format {
            IntegerFormat::UnixMilliseconds => "unix-milliseconds",
            IntegerFormat::UnixSeconds => "unix-seconds",
        };
        map.push(("format", Y::Str(text.to_owned())));
    }
    if let Some(bounds) = f.length {
        map.push(("length", Y::Flow(bounds_flow(bounds))));
    }
    if let Some(classes) = &f.must_contain {
        let names: Vec<&str> = classes
            .iter()
            .map(|c| match c {
                CharClassName::AsciiUppercase => "ascii_uppercase",
                CharClassName::AsciiLowercase => "ascii_lowercase",
                CharClassName::AsciiDigit => "ascii_digit",
                CharClassName::AsciiPunctuation => "ascii_punctuation",
            })
            .collect();
        map.push(("must_contain", Y::Flow(format!("[{}]", names.join(", ")))));
    }
    if let Some(pattern) = &f.pattern {
        map.push(("pattern", Y::Regex(pattern.clone())));
    }
    if let Some(bounds) = f.range {
        map.push(("range", Y::Flow(bounds_flow(bounds))));
    }
    if let Some(singular) = &f.singular {
        map.push(("singular", Y::Str(singular.clone())));
    }
    map.push(("doc", Y::Str(f.doc.clone())));
    Y::Map(map)
}

fn bounds_flow(b: Bounds) -> String {
    let mut parts = Vec::new();
    if let Some(min) = b.min {
        parts.push(format!("min: {min}"));
    }
    if let Some(max) = b.max {
        parts.push(format!("max: {max}"));
    }
    if parts.is_empty() {
        "{}".to_owned()
    } else {
        format!("{{ {} }}", parts.join(", "))
    }
}

fn condition_flow(c: &Condition) -> String {
    let field = if is_flow_plain(&c.field) {
        c.field.clone()
    } else {
        double_quoted(&c.field)
    };
    let equals = match &c.equals {
        serde_json::Value::String(text) => double_quoted(text),
        other => other.to_string(),
    };
    format!("{{ field: {field}, equals: {equals} }}")
}

/// A whole file: the editor's schema line, then `map`.
fn document(schema: &str, map: Vec<(&'static str, Y)>, comments: &mut Comments) -> String {
    let mut out = format!("# yaml-language-server: $schema={schema}\n");
    let mut path = Vec::new();
    write_map(&mut out, &map, 0, &mut path, comments);
    for line in comments.take_end() {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn write_comments(out: &mut String, lines: &[String], indent: usize) {
    for line in lines {
        push_indent(out, indent);
        out.push_str(line);
        out.push('\n');
    }
}

fn push_indent(out: &mut String, indent: usize) {
    for _ in 0..indent {
        out.push(' ');
    }
}

fn write_map(
    out: &mut String,
    map: &[(&'static str, Y)],
    indent: usize,
    path: &mut Path,
    comments: &mut Comments,
) {
    for (key, value) in map {
        path.push(Seg::Key((*key).to_owned()));
        let lines = comments.take(path);
        write_comments(out, &lines, indent);
        push_indent(out, indent);
        out.push_str(key);
        out.push(':');
        write_value(out, value, indent, path, comments);
        path.pop();
    }
}

/// The rest of a `key:` line and what follows it.
fn write_value(
    out: &mut String,
    value: &Y,
    indent: usize,
    path: &mut Path,
    comments: &mut Comments,
) {
    match value {
        Y::Map(map) if map.is_empty() => out.push_str(" {}\n"),
        Y::Seq(items) if items.is_empty() => out.push_str(" []\n"),
        Y::Map(map) => {
            out.push('\n');
            write_map(out, map, indent + 2, path, comments);
        }
        Y::Seq(items) => {
            out.push('\n');
            write_seq(out, items, indent + 2, path, comments);
        }
        scalar => {
            out.push_str(&scalar_text(scalar, indent + 2));
        }
    }
}

fn write_seq(
    out: &mut String,
    items: &[Y],
    indent: usize,
    path: &mut Path,
    comments: &mut Comments,
) {
    for (i, item) in items.iter().enumerate() {
        let id = identity(item).unwrap_or_else(|| format!("#{i}"));
        path.push(Seg::Item(id));
        let lines = comments.take(path);
        write_comments(out, &lines, indent);
        match item {
            Y::Map(map) if !map.is_empty() => {
                let (first_key, first_value) = &map[0];
                path.push(Seg::Key((*first_key).to_owned()));
                let lines = comments.take(path);
                write_comments(out, &lines, indent);
                push_indent(out, indent);
                out.push_str("- ");
                out.push_str(first_key);
                out.push(':');
                write_value(out, first_value, indent + 2, path, comments);
                path.pop();
                write_map(out, &map[1..], indent + 2, path, comments);
            }
            Y::Seq(inner) if !inner.is_empty() => {
                push_indent(out, indent);
                out.push_str("-\n");
                write_seq(out, inner, indent + 2, path, comments);
            }
            other => {
                push_indent(out, indent);
                out.push('-');
                write_value(out, other, indent, path, comments);
            }
        }
        path.pop();
    }
}

/// What identifies a list item (as [`super::comments::item_identity`] reads it back).
fn identity(item: &Y) -> Option<String> {
    match item {
        Y::Str(text) => Some(text.clone()),
        Y::Map(map) => ["name", "value", "code", "title"].iter().find_map(|key| {
            map.iter()
                .find(|(k, _)| k == key)
                .and_then(|(_, v)| match v {
                    Y::Str(text) => Some(text.strip_suffix(".N").unwrap_or(text).to_owned()),
                    _ => None,
                })
        }),
        _ => None,
    }
}

/// A scalar after `key:` (with its leading space and final line break); block scalars' lines
/// are indented by `indent`.
fn scalar_text(value: &Y, indent: usize) -> String {
    match value {
        Y::Bool(b) => format!(" {b}\n"),
        Y::Int(n) => format!(" {n}\n"),
        Y::Flow(text) => format!(" {text}\n"),
        Y::Str(text) => string_text(text, indent),
        Y::Regex(text) if !is_plain(text) && single_line_printable(text) => {
            format!(" '{}'\n", text.replace('\'', "''"))
        }
        Y::Regex(text) => string_text(text, indent),
        Y::Map(_) | Y::Seq(_) => " {}\n".to_owned(),
    }
}

fn string_text(text: &str, indent: usize) -> String {
    if text.contains('\n') {
        if let Some(block) = literal_block(text, indent) {
            return block;
        }
        return format!(" {}\n", double_quoted(text));
    }
    if is_plain(text) {
        format!(" {text}\n")
    } else if text.contains('\\') && single_line_printable(text) {
        // Regular expressions read better without doubled backslashes.
        format!(" '{}'\n", text.replace('\'', "''"))
    } else {
        format!(" {}\n", double_quoted(text))
    }
}

/// `text` as a literal block (`|`, `|-` or `|+`), when it can be one.
fn literal_block(text: &str, indent: usize) -> Option<String> {
    let body = text.trim_end_matches('\n');
    let trailing = text.len() - body.len();
    let fits = !body.is_empty()
        && !body.starts_with(' ')
        && !body.starts_with('\n')
        && body
            .chars()
            .all(|c| c == '\n' || (c != '\t' && yaml_printable(c)))
        && body
            .lines()
            .all(|line| line.is_empty() || !line.trim().is_empty());
    if !fits {
        return None;
    }
    let header = match trailing {
        0 => " |-",
        1 => " |",
        _ => " |+",
    };
    let mut out = String::from(header);
    out.push('\n');
    for line in body.split('\n') {
        if !line.is_empty() {
            push_indent(&mut out, indent);
            out.push_str(line);
        }
        out.push('\n');
    }
    for _ in 1..trailing {
        out.push('\n');
    }
    Some(out)
}

/// Whether `text` fits single quotes: one line of printable characters.
fn single_line_printable(text: &str) -> bool {
    text.chars()
        .all(|c| c != '\t' && c != '\n' && yaml_printable(c))
}

/// Whether `text` can be written without quotes and read back as the same string.
fn is_plain(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let words = [
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", "~",
    ];
    (first.is_alphabetic() || first == '_' || first == '/' || first == '$' || first == '(')
        && text.trim() == text
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && text.chars().all(|c| c != '\t' && yaml_printable(c))
        && !words.contains(&text.to_ascii_lowercase().as_str())
}

/// Plain inside a flow collection too: a name.
fn is_flow_plain(text: &str) -> bool {
    is_plain(text) && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A double-quoted YAML string.
fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if yaml_printable(c) => out.push(c),
            c if u32::from(c) <= 0xFF => out.push_str(&format!("\\x{:02x}", u32::from(c))),
            c if u32::from(c) <= 0xFFFF => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push_str(&format!("\\U{:08x}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_strings_that_read_back_the_same() {
        assert_eq!(string_text("Instance ID.", 2), " Instance ID.\n");
        assert_eq!(
            string_text("tcr:PushRepository", 2),
            " tcr:PushRepository\n"
        );
        assert_eq!(string_text("2019-09-24", 2), " \"2019-09-24\"\n");
        assert_eq!(string_text("a: b", 2), " \"a: b\"\n");
        assert_eq!(string_text("`Offset` first", 2), " \"`Offset` first\"\n");
        assert_eq!(string_text("true", 2), " \"true\"\n");
        assert_eq!(string_text("", 2), " \"\"\n");
        assert_eq!(string_text("a\nb\n", 4), " |\n    a\n    b\n");
        assert_eq!(string_text("a\n\nb", 4), " |-\n    a\n\n    b\n");
        assert_eq!(string_text("a\n\n", 4), " |+\n    a\n\n");
        assert_eq!(string_text(" a\nb", 4), " \" a\\nb\"\n");
        assert_eq!(string_text("^\\d+'s$", 2), " '^\\d+''s$'\n");
    }

    fn read_back(text: &str) -> crate::model::TypeDef {
        let file = crate::load::SourceFile::new("spec", "types/T.yaml", text);
        let (spec, problems) = crate::load::parse(vec![file]);
        let problems: Vec<String> = problems
            .iter()
            .filter(|d| d.file.ends_with("T.yaml"))
            .map(|d| d.headline())
            .collect();
        assert!(problems.is_empty(), "{problems:?}\n{text}");
        spec.types.into_iter().next().expect("one type").value
    }

    fn with_doc(doc: &str) -> TypeDef {
        TypeDef {
            name: "T".into(),
            rust_name: None,
            doc: doc.to_owned(),
            fields: None,
            values: Some(vec![EnumValue {
                value: doc.to_owned(),
                doc: doc.to_owned(),
                rust_name: None,
            }]),
            unknown_values: None,
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]

        #[test]
        fn yaml_sensitive_strings_read_back_the_same(text in "(a|b|x y|: | #|:|#|'|\"|\\||>|-|- |\\[|\\]|\\{|\\}|, |&|\\*|!|%|@|~|\\.|0|1|true|null| |\n|\n\n|\t|\r|é|\u{85}|\u{2028}){0,8}") {
            let t = with_doc(&text);
            let written = type_def(&t, &mut Comments::default());
            proptest::prop_assert_eq!(read_back(&written), t);
        }

        #[test]
        fn any_string_reads_back_the_same(text in "\\PC{0,40}") {
            let t = with_doc(&text);
            let written = type_def(&t, &mut Comments::default());
            proptest::prop_assert_eq!(read_back(&written), t);
        }
    }
}
