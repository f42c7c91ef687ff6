//! Reading an answer: the `Response` envelope, an error in it, or the typed output.
//!
//! An answer is read in two passes. The first, without the action's type, reads whether the
//! answer is an error and its `RequestId`, skipping everything else. Only the second, reading
//! the `Response` object as the action's typed output, depends on the action.
//!
//! Decoding looks at the body only: it does not depend on the `Content-Type` the server sent.

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, Deserialize, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, Visitor,
};

use crate::action::{Action, ActionInfo};
use crate::error::{DecodeError, Error, ServiceError};
use crate::wire_fields::{self as fields, Key};

/// Reads `{"Response": …}` for what its `Response` says before it is read as the typed
/// output; `inside` tells, after a failure, whether it happened within `Response`.
struct Envelope<'c> {
    inside: &'c Cell<bool>,
}

/// What the `Response` object says before it is read as the typed output.
struct ErrorProbe<'a> {
    error: Option<ErrorBody>,
    request_id: Option<Key<'a>>,
}

/// `Response.Error`.
struct ErrorBody {
    code: String,
    message: String,
}

// Written out rather than derived, like the generated code's: the runtime then needs no
// derive macro, which keeps `serde_derive` out of a client's build.

impl<'de> DeserializeSeed<'de> for Envelope<'_> {
    type Value = ErrorProbe<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Envelope<'_> {
    type Value = ErrorProbe<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fields::expecting(f, "answer")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ErrorProbe<'de>, A::Error> {
        let mut response = None;
        while let Some(member) = map.next_key::<Key<'de>>()? {
            match member.as_str() {
                "Response" => {
                    if response.is_some() {
                        return Err(de::Error::duplicate_field("Response"));
                    }
                    self.inside.set(true);
                    response = Some(map.next_value::<ErrorProbe<'de>>()?);
                    self.inside.set(false);
                }
                _ => fields::skip(&mut map)?,
            }
        }
        fields::required(response, "Response")
    }
}

/// `{"Response": T}`: the typed output, the rest of the envelope skipped.
struct Enveloped<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Enveloped<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Members<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Members<T> {
            type Value = Enveloped<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fields::expecting(f, "answer")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Enveloped<T>, A::Error> {
                let mut response = None;
                while let Some(member) = map.next_key::<Key<'de>>()? {
                    match member.as_str() {
                        "Response" => fields::read(&mut map, &mut response, "Response")?,
                        _ => fields::skip(&mut map)?,
                    }
                }
                fields::required(response, "Response").map(Enveloped)
            }
        }
        deserializer.deserialize_map(Members(PhantomData))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for ErrorProbe<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Members;
        impl<'de> Visitor<'de> for Members {
            type Value = ErrorProbe<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fields::expecting(f, "Response")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ErrorProbe<'de>, A::Error> {
                let mut error: Option<Option<ErrorBody>> = None;
                let mut request_id: Option<Option<Key<'de>>> = None;
                while let Some(member) = map.next_key::<Key<'de>>()? {
                    match member.as_str() {
                        "Error" => fields::read(&mut map, &mut error, "Error")?,
                        "RequestId" => fields::read(&mut map, &mut request_id, "RequestId")?,
                        _ => fields::skip(&mut map)?,
                    }
                }
                Ok(ErrorProbe {
                    error: error.flatten(),
                    request_id: request_id.flatten(),
                })
            }
        }
        deserializer.deserialize_map(Members)
    }
}

impl<'de> Deserialize<'de> for ErrorBody {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Members;
        impl<'de> Visitor<'de> for Members {
            type Value = ErrorBody;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fields::expecting(f, "Error")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ErrorBody, A::Error> {
                let mut code: Option<String> = None;
                let mut message: Option<Option<String>> = None;
                while let Some(member) = map.next_key::<Key<'de>>()? {
                    match member.as_str() {
                        "Code" => fields::read(&mut map, &mut code, "Code")?,
                        "Message" => fields::read(&mut map, &mut message, "Message")?,
                        _ => fields::skip(&mut map)?,
                    }
                }
                Ok(ErrorBody {
                    code: fields::required(code, "Code")?,
                    message: message.flatten().unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_map(Members)
    }
}

/// A successful answer whose typed output is not read yet.
#[derive(Debug)]
pub(crate) struct RawAnswer {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
    pub(crate) request_id: String,
}

/// What the envelope of an answer says.
pub(crate) enum EnvelopeRead {
    /// A successful answer.
    Ok(RawAnswer),
    /// An error answer.
    Service(ServiceError),
    /// Not an answer of the API.
    Unreadable(DecodeError),
}

/// Reads the envelope of an answer of `action` (HTTP `status`, `body`).
pub(crate) fn read_envelope(
    action: &'static ActionInfo,
    status: u16,
    body: Vec<u8>,
) -> EnvelopeRead {
    let fail = |body: &[u8], reason: String| {
        EnvelopeRead::Unreadable(DecodeError {
            action: action.name,
            status,
            body: masked_excerpt(body),
            reason,
        })
    };
    let probe = {
        let inside = Cell::new(false);
        let mut reader = serde_json::Deserializer::from_slice(&body);
        let read = Envelope { inside: &inside }
            .deserialize(&mut reader)
            .and_then(|probe| reader.end().map(|()| probe));
        match read {
            Ok(probe) => (
                probe.error,
                probe.request_id.map(|id| id.as_str().to_owned()),
            ),
            Err(e) if inside.get() => {
                return fail(&body, format!("`Response` is not an object ({e})"));
            }
            Err(e) => {
                let reason = if status == 200 {
                    format!("not a JSON answer with a `Response` object ({e})")
                } else {
                    format!("HTTP status {status} with a body that is not an API answer")
                };
                return fail(&body, reason);
            }
        }
    };
    match probe {
        (Some(error), request_id) => EnvelopeRead::Service(ServiceError::new(
            action,
            error.code,
            error.message,
            request_id.unwrap_or_default(),
        )),
        (None, _) if status != 200 => fail(&body, format!("HTTP status {status}")),
        (None, None) => fail(&body, "`Response.RequestId` is missing".to_owned()),
        (None, Some(request_id)) => EnvelopeRead::Ok(RawAnswer {
            status,
            body,
            request_id,
        }),
    }
}

impl RawAnswer {
    /// The typed output of `action`.
    pub(crate) fn decode<T: DeserializeOwned>(
        &self,
        action: &'static ActionInfo,
    ) -> Result<T, Error> {
        serde_json::from_slice::<Enveloped<T>>(&self.body)
            .map(|Enveloped(output)| output)
            .map_err(|e| {
                Error::Decode(DecodeError {
                    action: action.name,
                    status: self.status,
                    body: masked_excerpt(&self.body),
                    reason: misfit(action.name, &self.body, &e),
                })
            })
    }
}

/// Why the `Response` object of `body` does not fit the answer of `action`: serde's words
/// (`missing field \`Description\``, `invalid type: …`) and where, as a path into the answer
/// (`Response.ServiceAccounts.0`) rather than a line and column of a body nobody sees whole.
fn misfit(action: &str, body: &[u8], error: &serde_json::Error) -> String {
    let position = format!(" at line {} column {}", error.line(), error.column());
    let message = error.to_string();
    let message = message.strip_suffix(&position).unwrap_or(&message);
    let path = path_at(body, error.line(), error.column());
    format!("`Response` does not fit {action}'s answer: {message} at `{path}`")
}

/// One open container while scanning JSON text.
enum Frame {
    /// An object, and the key whose value comes or came last (`None` before the first key and
    /// after a comma).
    Object(Option<String>),
    /// An array, and the index of the current element.
    Array(usize),
}

/// The path (`Response.ServiceAccounts.0.Name`) of the value serde was reading when it stopped
/// at `line` and `column` (1-based, the last byte it read) of `json`, a whole answer, which is
/// valid JSON: the value just read, or for a missing field the object just closed.
fn path_at(json: &[u8], line: usize, column: usize) -> String {
    let line_start = if line <= 1 {
        0
    } else {
        json.iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(line - 2)
            .map_or(json.len(), |(i, _)| i + 1)
    };
    let end = line_start.saturating_add(column).min(json.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match json[i] {
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < json.len() && json[j] != b'"' {
                    j += if json[j] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object(key @ None)) = stack.last_mut() {
                    let text = &json[start..j.min(json.len())];
                    *key = Some(String::from_utf8_lossy(text).into_owned());
                }
                i = j;
            }
            b'{' => stack.push(Frame::Object(None)),
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object(key)) => *key = None,
                Some(Frame::Array(index)) => *index += 1,
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    // The outermost frame is the envelope, its key (`Response`) the first of the path.
    let mut path: Vec<String> = Vec::new();
    for frame in &stack {
        match frame {
            Frame::Object(Some(key)) => path.push(key.clone()),
            Frame::Object(None) => break,
            Frame::Array(index) => path.push(index.to_string()),
        }
    }
    if path.is_empty() {
        "Response".to_owned()
    } else {
        path.join(".")
    }
}

/// Decodes an answer of action `A` received by other means (a custom transport, a recorded
/// answer): the typed output, or the service's error, or why the answer is not one.
pub fn decode_answer<A: Action>(status: u16, body: &[u8]) -> Result<A::Output, Error> {
    match read_envelope(A::INFO, status, body.to_vec()) {
        EnvelopeRead::Ok(raw) => raw.decode(A::INFO),
        EnvelopeRead::Service(error) => Err(Error::Service(error)),
        EnvelopeRead::Unreadable(error) => Err(Error::Decode(error)),
    }
}

/// At most 512 bytes of the body, with the string values of keys that look secret masked.
pub(crate) fn masked_excerpt(body: &[u8]) -> String {
    let text = masked(body);
    let mut end = text.len().min(512);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if end < text.len() {
        format!("{}…", &text[..end])
    } else {
        text
    }
}

/// The body as text, with the string values of keys that look secret (`Password`,
/// `SecretKey`, `WebIdentityToken`…) replaced by `[redacted]`; a body that is not JSON as is.
pub(crate) fn masked(body: &[u8]) -> String {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(mut value) => {
            mask(&mut value);
            value.to_string()
        }
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    }
}

fn mask(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                let lower = key.to_ascii_lowercase();
                if ["password", "secret", "token", "key"]
                    .iter()
                    .any(|s| lower.contains(s))
                    && item.is_string()
                {
                    *item = serde_json::Value::String("[redacted]".into());
                } else {
                    mask(item);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(mask),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{CREATE, Output};

    fn decode(status: u16, body: &str) -> Result<Output, Error> {
        match read_envelope(&CREATE, status, body.as_bytes().to_vec()) {
            EnvelopeRead::Ok(raw) => {
                assert_eq!(raw.request_id, "r1");
                raw.decode(&CREATE)
            }
            EnvelopeRead::Service(error) => Err(Error::Service(error)),
            EnvelopeRead::Unreadable(error) => Err(Error::Decode(error)),
        }
    }

    #[test]
    fn reads_outputs_errors_and_refuses_the_rest() {
        let output = decode(
            200,
            r#"{"Response": {"Password": "Abcdefg1", "RequestId": "r1"}}"#,
        )
        .unwrap();
        assert_eq!(output.password.unwrap().expose_str(), "Abcdefg1");
        match decode(
            200,
            r#"{"Response": {"Error": {"Code": "InternalError", "Message": "bad"}, "RequestId": "r2"}}"#,
        ) {
            Err(Error::Service(e)) => {
                assert_eq!(
                    (e.code.as_str(), e.request_id.as_str()),
                    ("InternalError", "r2")
                );
                assert_eq!(e.description, Some("internal"));
            }
            other => panic!("expected a service error, got {other:?}"),
        }
        let Err(Error::Decode(error)) = decode(502, "<html>bad gateway</html>") else {
            panic!("expected a decode error");
        };
        assert_eq!(error.status, 502);
        assert!(error.to_string().contains("bad gateway"));
        let error = decode(
            200,
            r#"{"Response": {"Password": 5, "RequestId": "r1", "Token": "t0k3n"}}"#,
        )
        .unwrap_err();
        assert!(matches!(error, Error::Decode(_)));
        assert!(!error.to_string().contains("t0k3n"), "{error}");
        let error = decode(200, r#"{"Response": {"Password": "x"}}"#).unwrap_err();
        assert!(error.to_string().contains("RequestId"), "{error}");
    }

    #[test]
    fn the_envelope_is_read_as_tencent_writes_it_and_as_it_may_vary() {
        // Members in any order, unknown ones skipped, an escaped RequestId unescaped.
        let body = r#"{"Extra": {"a": [1]}, "Response": {"Other": null, "RequestId": "\u0072\u0031", "Password": "p"}}"#;
        assert!(decode(200, body).is_ok());
        // An error with no message, or a null one, is still the service's error.
        for error in [
            r#"{"Code": "InternalError"}"#,
            r#"{"Code": "InternalError", "Message": null}"#,
        ] {
            let body = format!(r#"{{"Response": {{"Error": {error}, "RequestId": "r3"}}}}"#);
            match decode(200, &body) {
                Err(Error::Service(e)) => {
                    assert_eq!((e.message.as_str(), e.request_id.as_str()), ("", "r3"))
                }
                other => panic!("expected a service error for {body}, got {other:?}"),
            }
        }
        // `"Error": null` is no error.
        assert!(
            decode(
                200,
                r#"{"Response": {"Error": null, "RequestId": "r1", "Password": "p"}}"#
            )
            .is_ok()
        );
        // What is not an answer says why.
        for (body, why) in [
            (r#"{"Result": {}}"#, "missing field `Response`"),
            (r#"{"Response": [1]}"#, "`Response` is not an object"),
            (
                r#"{"Response": {"Error": {"Message": "m"}, "RequestId": "r1"}}"#,
                "missing field `Code`",
            ),
            (
                r#"{"Response": {}, "Response": {}}"#,
                "duplicate field `Response`",
            ),
        ] {
            let Err(Error::Decode(error)) = decode(200, body) else {
                panic!("expected a decode error for {body}");
            };
            assert!(error.to_string().contains(why), "{body}: {error}");
        }
    }

    #[test]
    fn a_misfit_is_placed_by_its_path_in_the_answer() {
        let at = |text: &str| {
            assert!(
                serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok(),
                "the scanner reads valid JSON only"
            );
            // The byte serde stopped at, as a line and column: the last `!`.
            let offset = text.rfind('!').unwrap();
            let line = text[..offset].matches('\n').count() + 1;
            let column = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1) + 1;
            path_at(text.as_bytes(), line, column)
        };
        assert_eq!(at(r#"{"Response": {"A": "!"}}"#), "Response.A");
        assert_eq!(
            at(r#"{"Other": 1, "Response": {"A": [1, {"B": "x"}, "!"]}}"#),
            "Response.A.2"
        );
        assert_eq!(
            at("{\"Response\": {\"Key \\\" quoted\": {\"C\": [{}, {\"D\": \"!\"}]}}}"),
            "Response.Key \\\" quoted.C.1.D"
        );
        assert_eq!(
            at("{\"Response\": {\n  \"A\": 1,\n  \"B\": [\n    {\"C\": \"!\"}\n  ]\n}}"),
            "Response.B.0.C"
        );
        // An object just closed (a missing field): the object's own path.
        let text = r#"{"Response": {"A": [{"B": 1}]}}"#;
        assert_eq!(path_at(text.as_bytes(), 1, 28), "Response.A.0");
        assert_eq!(path_at(text.as_bytes(), 1, 30), "Response");
        let error = decode(
            200,
            r#"{"Response": {"Password": ["x"], "RequestId": "r1"}}"#,
        )
        .unwrap_err();
        let Error::Decode(error) = error else {
            panic!("expected a decode error")
        };
        assert_eq!(
            error.reason,
            "`Response` does not fit CreateThing's answer: invalid type: sequence, expected a string at `Response.Password`"
        );
    }

    #[test]
    fn decode_answer_reads_by_the_action_type() {
        let output = decode_answer::<crate::test_support::Create>(
            200,
            br#"{"Response": {"RequestId": "r9"}}"#,
        )
        .unwrap();
        assert_eq!(output.request_id, "r9");
        let error = decode_answer::<crate::test_support::Create>(
            200,
            br#"{"Response": {"Error": {"Code": "RequestLimitExceeded", "Message": "slow down"}, "RequestId": "r10"}}"#,
        )
        .unwrap_err();
        assert_eq!(error.code_str(), Some("RequestLimitExceeded"));
        assert_eq!(error.request_id(), Some("r10"));
    }
}
