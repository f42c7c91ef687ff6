//! A published example's request as a JSON body.
//!
//! `examples.json` writes requests in three ways: an HTTP request whose body (after the blank
//! line) is JSON; a query listing (`https://host/?Action=X` then lines `&Key=value`,
//! `&List.0=value`, `&Obj.Field=value`, values percent-encoded or not); or a bare JSON body.
//! Query values are untyped text: the request's schema types them (an `int` member's `20`
//! becomes the number 20, a `bool` member's `true` the boolean). Text that does not fit its type
//! (`SyncTag=True`) stays a string, so the example keeps contradicting the schema as published.

use super::json_text::{self, Json};
use super::tencent::{ApiFile, MemberDef};

/// Common parameters a listing may show among the action's own: dropped unless the request
/// declares a member of that name.
const COMMON: [&str; 11] = [
    "Action",
    "Version",
    "Region",
    "Timestamp",
    "Nonce",
    "SecretId",
    "Signature",
    "SignatureMethod",
    "Token",
    "Language",
    "RequestClient",
];

/// The request body of `input` as JSON text in the layout of [`json_text`], typed by the
/// request object `request` of `api` for the query form.
pub fn request_body(input: &str, api: &ApiFile, request: &str) -> Result<String, String> {
    let text = input.replace("\r\n", "\n").replace('\r', "\n");
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        return json_text::canonical(trimmed.trim_end()).map_err(|e| format!("not JSON: {e}"));
    }
    if trimmed.starts_with("https://") || trimmed.starts_with("http://") {
        return Ok(json_text::write(&from_query(trimmed, api, request)));
    }
    if trimmed.starts_with("POST ") || trimmed.starts_with("GET ") {
        let body = body_of_http(trimmed);
        if body.is_empty() {
            return Ok("{}\n".to_owned());
        }
        return json_text::canonical(body).map_err(|e| format!("the body is not JSON: {e}"));
    }
    Err("neither an HTTP request, a query listing nor a JSON body".to_owned())
}

/// An answer as JSON text in the layout of [`json_text`].
pub fn answer(output: &str) -> Result<String, String> {
    let text = output.replace("\r\n", "\n").replace('\r', "\n");
    json_text::canonical(text.trim()).map_err(|e| format!("not JSON: {e}"))
}

/// What follows the first blank line of an HTTP request.
fn body_of_http(text: &str) -> &str {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        offset += line.len();
        if line.trim().is_empty() {
            return text[offset..].trim();
        }
    }
    ""
}

/// The parameters of a query listing, typed by the request's schema.
fn from_query(text: &str, api: &ApiFile, request: &str) -> Json {
    let members = api
        .objects
        .get(request)
        .map(|o| o.members.as_slice())
        .unwrap_or_default();
    let mut params: Vec<(String, String)> = Vec::new();
    let mut lines = text.lines();
    if let Some(first) = lines.next() {
        if let Some((_, query)) = first.split_once('?') {
            params.extend(query.split('&').filter_map(param));
        }
    }
    for line in lines {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix('&') {
            params.extend(param(rest));
        } else if !trimmed.is_empty() {
            // A value written over several lines (a certificate).
            if let Some((_, value)) = params.last_mut() {
                value.push('\n');
                value.push_str(line.trim_end());
            }
        }
    }
    let mut root = Json::Object(Vec::new());
    for (key, value) in params {
        let path: Vec<&str> = key.split('.').collect();
        let first = path[0];
        if COMMON.contains(&first) && !members.iter().any(|m| m.name == first) {
            continue;
        }
        let leaf = typed(api, members, &path, &decode(&value));
        insert(&mut root, &path, leaf);
    }
    root
}

/// `Key=value` → `(Key, value)`; placeholders (`<公共请求参数>`) and empty parts are skipped.
fn param(text: &str) -> Option<(String, String)> {
    let text = text.trim_end();
    if text.is_empty() || text.starts_with('<') {
        return None;
    }
    let (key, value) = text.split_once('=').unwrap_or((text, ""));
    let key = key.trim();
    (!key.is_empty()).then(|| (key.to_owned(), value.to_owned()))
}

/// Percent-decodes `value` when it decodes to UTF-8; otherwise it is taken as written.
fn decode(value: &str) -> String {
    if !value.contains('%') {
        return value.to_owned();
    }
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                let byte = hex(h).unwrap_or_default() * 16 + hex(l).unwrap_or_default();
                out.push(u8::try_from(byte).unwrap_or_default());
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| value.to_owned())
}

/// The JSON leaf for `value` at `path`, typed by the member it names.
fn typed(api: &ApiFile, members: &[MemberDef], path: &[&str], value: &str) -> Json {
    let mut members = members;
    let mut kind: Option<&MemberDef> = None;
    let mut segments = path.iter().peekable();
    while let Some(segment) = segments.next() {
        let Some(member) = members.iter().find(|m| m.name == *segment) else {
            return Json::String(value.to_owned());
        };
        kind = Some(member);
        if member.ty == "list" && segments.peek().is_some_and(|s| s.parse::<u64>().is_ok()) {
            segments.next();
        }
        members = api
            .objects
            .get(&member.member)
            .map(|o| o.members.as_slice())
            .unwrap_or_default();
    }
    let element = kind.map(|m| m.member.as_str()).unwrap_or("string");
    match element {
        "int64" | "uint64" | "int" => {
            let digits = value.strip_prefix('-').unwrap_or(value);
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                Json::Literal(value.to_owned())
            } else {
                Json::String(value.to_owned())
            }
        }
        "float" | "double" => {
            let number = serde_json::from_str::<serde_json::Number>(value).is_ok();
            if number {
                Json::Literal(value.to_owned())
            } else {
                Json::String(value.to_owned())
            }
        }
        "bool" if value == "true" || value == "false" => Json::Literal(value.to_owned()),
        _ => Json::String(value.to_owned()),
    }
}

/// Puts `leaf` at `path` (`List.0.Field`) in `root`: a number segment indexes an array.
fn insert(root: &mut Json, path: &[&str], leaf: Json) {
    let Some((segment, rest)) = path.split_first() else {
        *root = leaf;
        return;
    };
    let index = segment.parse::<u64>().ok();
    match (index, &mut *root) {
        (Some(index), Json::Array(items)) => {
            let slot = match items.iter().position(|(i, _)| *i == index) {
                Some(position) => &mut items[position].1,
                None => {
                    items.push((index, empty_for(rest)));
                    &mut items.last_mut().expect("just pushed").1
                }
            };
            insert(slot, rest, leaf);
        }
        (_, Json::Object(members)) => {
            let slot = match members.iter().position(|(k, _)| k == segment) {
                Some(position) => &mut members[position].1,
                None => {
                    members.push(((*segment).to_owned(), empty_for(rest)));
                    &mut members.last_mut().expect("just pushed").1
                }
            };
            insert(slot, rest, leaf);
        }
        (_, node) => {
            // A shape conflict (`A=1` then `A.0=2`): the later parameter wins.
            *node = if index.is_some() {
                Json::Array(Vec::new())
            } else {
                Json::Object(Vec::new())
            };
            insert(node, path, leaf);
        }
    }
}

/// The container a path continues into.
fn empty_for(rest: &[&str]) -> Json {
    match rest.first() {
        Some(next) if next.parse::<u64>().is_ok() => Json::Array(Vec::new()),
        Some(_) => Json::Object(Vec::new()),
        None => Json::Literal("null".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api() -> ApiFile {
        serde_json::from_str(
            r#"{"metadata": {"apiVersion": "2020-01-01", "serviceShortName": "demo"},
                "actions": {"Make": {"input": "MakeRequest", "output": "MakeResponse"}},
                "objects": {
                  "MakeRequest": {"members": [
                    {"name": "Name", "type": "string", "member": "string"},
                    {"name": "Count", "type": "int", "member": "uint64"},
                    {"name": "Sync", "type": "bool", "member": "bool"},
                    {"name": "Ids", "type": "list", "member": "int64"},
                    {"name": "Tags", "type": "list", "member": "Tag"},
                    {"name": "Ratio", "type": "float", "member": "float"}]},
                  "MakeResponse": {"members": []},
                  "Tag": {"usage": "in", "members": [
                    {"name": "Key", "type": "string", "member": "string"},
                    {"name": "Weight", "type": "int", "member": "int64"}]}}}"#,
        )
        .unwrap()
    }

    #[test]
    fn types_a_query_listing_by_the_schema() {
        let input = "https://demo.tencentcloudapi.com/?Action=Make&Region=ap-guangzhou\r\n&Name=a%20b\r\n&Count=20\r\n&Sync=True\r\n&Ids.0=1\r\n&Ids.1=x\r\n&Tags.0.Key=k\r\n&Tags.0.Weight=2\r\n&Ratio=0.5\r\n&<公共请求参数>";
        let body = request_body(input, &api(), "MakeRequest").unwrap();
        let value: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "Name": "a b", "Count": 20, "Sync": "True", "Ids": [1, "x"],
                "Tags": [{"Key": "k", "Weight": 2}], "Ratio": 0.5
            })
        );
        assert!(body.starts_with("{\n    \"Name\""), "order kept: {body}");
    }

    #[test]
    fn takes_the_body_of_an_http_request() {
        let input =
            "POST / HTTP/1.1\nHost: demo.tencentcloudapi.com\n<公共请求参数>\n\n{\"Name\": \"x\"}";
        assert_eq!(
            request_body(input, &api(), "MakeRequest").unwrap(),
            "{\n    \"Name\": \"x\"\n}\n"
        );
        let empty = "POST / HTTP/1.1\nHost: demo.tencentcloudapi.com\n\n";
        assert_eq!(request_body(empty, &api(), "MakeRequest").unwrap(), "{}\n");
        assert!(request_body("POST / HTTP/1.1\n\n{\"a\": ", &api(), "MakeRequest").is_err());
        assert!(request_body("hello", &api(), "MakeRequest").is_err());
    }

    #[test]
    fn keeps_values_written_over_several_lines_and_undecodable_ones() {
        let input = "https://demo.tencentcloudapi.com/?Action=Make\n&Name=-----BEGIN\nABC\n-----END\n&Ids.0=%FF";
        let value: serde_json::Value =
            serde_json::from_str(&request_body(input, &api(), "MakeRequest").unwrap()).unwrap();
        assert_eq!(value["Name"], "-----BEGIN\nABC\n-----END");
        assert_eq!(value["Ids"][0], "%FF");
    }
}
