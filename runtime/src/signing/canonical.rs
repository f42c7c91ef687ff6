//! Canonical header values: how a header's value enters the canonical request.

/// Appends a header value in canonical form: surrounding whitespace removed, ASCII letters
/// lowercased (Tencent's rule for `CanonicalHeaders`; the SDKs' values are ASCII).
pub(crate) fn push_canonical_value(buf: &mut String, value: &str) {
    let value = value.trim();
    if value.bytes().any(|b| b.is_ascii_uppercase()) {
        buf.extend(value.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        buf.push_str(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_values_are_trimmed_and_lowercased() {
        let mut buf = String::new();
        push_canonical_value(&mut buf, "  DescribeInstances \t");
        assert_eq!(buf, "describeinstances");
        buf.clear();
        push_canonical_value(&mut buf, "application/json; charset=utf-8");
        assert_eq!(buf, "application/json; charset=utf-8");
    }
}
