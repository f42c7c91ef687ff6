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

/// The builder method that appends one element to an array field: the field's Rust name
/// without a trailing `s` (`permissions` → `permission`).
pub fn singular(rust: &str) -> Option<String> {
    let plain = rust.strip_prefix("r#").unwrap_or(rust);
    let stem = plain
        .strip_suffix('s')
        .filter(|stem| !stem.ends_with('s') && !stem.is_empty())?;
    is_snake_ident(stem).then(|| stem.to_owned())
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
    }
}
