//! Naming rules, and the Rust names derived from API names.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// `PascalCase` names of actions and types: a capital letter, then letters and digits.
pub fn is_pascal(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric())
}

/// Parameter names as Tencent writes them: a letter, then letters, digits and `_`.
pub fn is_parameter(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Error codes: dot-separated `PascalCase` segments (`AuthFailure.SignatureExpire`).
pub fn is_error_code(code: &str) -> bool {
    code.split('.').all(|segment| {
        let mut chars = segment.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric())
    })
}

/// A Rust identifier usable as a method name without escaping.
pub fn is_snake_ident(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !is_keyword(name)
}

/// The Rust field name for a parameter (`RegistryId` → `registry_id`, `Type` → `r#type`).
pub fn field_name(wire: &str) -> String {
    let snake = wire.to_snake_case();
    match snake.as_str() {
        "self" | "super" | "crate" => format!("{snake}_"),
        _ if is_keyword(&snake) => format!("r#{snake}"),
        _ => snake,
    }
}

/// The Rust module name for an action or type (`CreateServiceAccount` → `create_service_account`).
pub fn module_name(name: &str) -> String {
    let snake = name.to_snake_case();
    if is_keyword(&snake) {
        format!("{snake}_")
    } else {
        snake
    }
}

/// The enum variant for a value (`tcr:PushRepository` → `PushRepository`): the text after the
/// last `:`, in `UpperCamelCase`. `None` when that is not a Rust identifier.
pub fn variant_name(value: &str) -> Option<String> {
    let tail = value.rsplit(':').next().unwrap_or(value);
    let camel = tail.to_upper_camel_case();
    let valid = camel.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && camel.chars().all(|c| c.is_ascii_alphanumeric());
    valid.then_some(camel)
}

/// The error-code variant (`AuthFailure.SignatureExpire` → `AuthFailureSignatureExpire`).
pub fn error_variant(code: &str) -> String {
    code.split('.')
        .map(|segment| segment.to_upper_camel_case())
        .collect()
}

/// The builder method that appends one element to an array field, derived from the field's
/// Rust name: `permissions` → `permission`, `registries` → `registry`, `addresses` → `address`,
/// `prefixes` → `prefix`, `instance_id_list` → `instance_id`. `None` when no English plural is
/// recognised (`status`, `analysis`, `data`) or the result is not a plain method name.
pub fn singular(rust: &str) -> Option<String> {
    let plain = rust.strip_prefix("r#").unwrap_or(rust);
    let stem = if let Some(stem) = ["_list", "_set", "_array"]
        .iter()
        .find_map(|suffix| plain.strip_suffix(suffix))
    {
        stem.to_owned()
    } else if let Some(stem) = plain.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = plain
        .strip_suffix("sses")
        .map(|s| format!("{s}ss"))
        .or_else(|| plain.strip_suffix("xes").map(|s| format!("{s}x")))
    {
        stem
    } else {
        let stem = plain.strip_suffix('s')?;
        if stem.ends_with('s') || stem.ends_with('u') || stem.ends_with('i') {
            return None;
        }
        stem.to_owned()
    };
    let meaningful = stem.trim_matches('_').len() > 1 || stem.ends_with('y');
    (meaningful && is_snake_ident(&stem)).then_some(stem)
}

/// Whether a field name looks like it holds a secret (`Password`, `TmpSecretKey`,
/// `PeerRegistryToken`, `WebhookSecret`, `PrivateKey`), judged by its last word or two. Such a
/// `String` field must state `secret: true` or `secret: false`.
pub fn looks_secret(wire: &str) -> bool {
    let snake = wire.to_snake_case();
    let words: Vec<&str> = snake.split('_').filter(|w| !w.is_empty()).collect();
    let last = words.last().copied().unwrap_or_default();
    let last_two = match words.as_slice() {
        [.., a, b] => format!("{a}_{b}"),
        _ => String::new(),
    };
    const LAST: [&str; 10] = [
        "password",
        "passwd",
        "pwd",
        "passphrase",
        "token",
        "secret",
        "credential",
        "credentials",
        "secretkey",
        "privatekey",
    ];
    const LAST_TWO: [&str; 5] = [
        "secret_key",
        "private_key",
        "api_key",
        "access_key",
        "session_key",
    ];
    LAST.contains(&last) || LAST_TWO.contains(&last_two.as_str())
}

/// Names a data type cannot take in Rust: generated code uses them (`ErrorCode`, `Service`,
/// `Client`), imports them from the runtime (`Timestamp`, `Rule`, …) or relies on the prelude
/// (`Option`, `String`, …).
pub const RESERVED_TYPE_NAMES: [&str; 20] = [
    "ErrorCode",
    "Service",
    "Client",
    "CharClass",
    "FieldPath",
    "Pattern",
    "Rule",
    "Sensitive",
    "Timestamp",
    "UnixMillis",
    "UnixSeconds",
    "UnknownValue",
    "Validate",
    "ValidationError",
    "Violations",
    "Option",
    "Result",
    "Box",
    "String",
    "Vec",
];

/// Whether a Rust type name is taken by generated code: a reserved name, or one ending in
/// `Request`, `Response` or `Builder`.
pub fn is_reserved_type_name(name: &str) -> bool {
    RESERVED_TYPE_NAMES.contains(&name)
        || ["Request", "Response", "Builder"]
            .iter()
            .any(|suffix| name.ends_with(suffix))
}

/// Builder methods every structure's builder has besides the setters (`build`), and those of a
/// request's fluent builder in the client (`send`, `new`, `into_paginator`): no setter may take
/// these names.
pub const RESERVED_METHODS: [&str; 4] = ["build", "send", "new", "into_paginator"];

/// The methods a field gives its builder: `<field>`, `set_<field>`, and for an array the one
/// that appends an element.
pub fn setter_methods(rust: &str, singular: Option<&str>) -> Vec<String> {
    let plain = rust.strip_prefix("r#").unwrap_or(rust);
    let mut methods = vec![plain.to_owned(), format!("set_{plain}")];
    methods.extend(singular.map(str::to_owned));
    methods
}

fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "as" | "async"
            | "await"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "gen"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "Self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_rust_names() {
        assert_eq!(field_name("RegistryId"), "registry_id");
        assert_eq!(field_name("Type"), "r#type");
        assert_eq!(
            variant_name("tcr:PushRepository").as_deref(),
            Some("PushRepository")
        );
        assert_eq!(variant_name("abc").as_deref(), Some("Abc"));
        assert_eq!(variant_name("tcr:"), None);
        assert_eq!(
            error_variant("AuthFailure.SignatureExpire"),
            "AuthFailureSignatureExpire"
        );
        assert_eq!(singular("permissions").as_deref(), Some("permission"));
        assert_eq!(singular("address"), None);
        assert_eq!(singular("s"), None);
        assert_eq!(singular("registries").as_deref(), Some("registry"));
        assert_eq!(singular("addresses").as_deref(), Some("address"));
        assert_eq!(singular("prefixes").as_deref(), Some("prefix"));
        assert_eq!(singular("instance_id_list").as_deref(), Some("instance_id"));
        assert_eq!(singular("status"), None);
        assert_eq!(singular("analysis"), None);
        assert_eq!(singular("r#types"), None, "`type` is a keyword");
        assert_eq!(singular("ids").as_deref(), Some("id"));
    }

    #[test]
    fn recognises_secret_names() {
        for name in [
            "Password",
            "Token",
            "TmpSecretKey",
            "TmpToken",
            "PeerRegistryToken",
            "SecretKey",
            "WebhookSecret",
            "PrivateKey",
            "DbPwd",
        ] {
            assert!(looks_secret(name), "{name}");
        }
        for name in [
            "TokenType",
            "TokenId",
            "TmpSecretId",
            "PasswordPolicy",
            "Name",
            "Keyword",
            "SecretId",
        ] {
            assert!(!looks_secret(name), "{name}");
        }
    }
}
