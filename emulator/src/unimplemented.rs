//! What an action of the spec without hand-written behaviour answers, once its request has
//! passed every check (signature, rate limit, parameters, types, constraints).

use std::sync::OnceLock;

use serde::Serialize;
use serde_json::{Map, Value};
use tcr_api::ErrorCode;
use tcr_api::action::Action;

use crate::api_error::ApiError;
use crate::envelope;
use crate::generated::example_answers::EXAMPLE_ANSWERS;

/// What an action without behaviour answers (`--unimplemented`, [`EmulatorBuilder::unimplemented`]).
///
/// [`EmulatorBuilder::unimplemented`]: crate::EmulatorBuilder::unimplemented
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Unimplemented {
    /// `UnsupportedOperation`, naming the action: nothing pretends to have happened. The
    /// default.
    #[default]
    Unsupported,
    /// The action's first documented answer that fits the spec, with a fresh `RequestId`: the
    /// same answer whatever the request said, and no state changed, so that a program that
    /// calls actions the emulator does not model yet can still run end to end. An action
    /// whose every documented answer contradicts the spec (6 of TCR's 127, listed in
    /// `docs/published-examples.md`) still answers `UnsupportedOperation`.
    ExampleAnswer,
}

/// A documented answer's fields, or why its text is not a JSON object (the parser's message).
type Parsed = Result<Map<String, Value>, String>;

/// Each entry of [`EXAMPLE_ANSWERS`], parsed by the first call that answers it and kept, so that
/// an action's JSON text is parsed once however many calls it answers.
static PARSED: [OnceLock<Parsed>; EXAMPLE_ANSWERS.len()] =
    [const { OnceLock::new() }; EXAMPLE_ANSWERS.len()];

/// Where `action` is in [`EXAMPLE_ANSWERS`], if it has a documented answer that fits the spec.
fn index_of(action: &str) -> Option<usize> {
    EXAMPLE_ANSWERS
        .binary_search_by(|(name, _)| name.cmp(&action))
        .ok()
}

/// The documented answer of `action` (the `Response` object without `RequestId`), parsed, if
/// it has one that fits the spec.
fn example_answer(action: &str) -> Option<&'static Parsed> {
    let index = index_of(action)?;
    let (_, text) = EXAMPLE_ANSWERS.get(index)?;
    let parsed = PARSED.get(index)?;
    Some(parsed.get_or_init(|| serde_json::from_str(text).map_err(|e| e.to_string())))
}

/// The answer to a checked request of `A`, an action without behaviour.
pub(crate) fn answer<A>(mode: Unimplemented, request_id: &str) -> Result<Vec<u8>, ApiError>
where
    A: Action,
    A::Output: Serialize,
{
    let unsupported = |why: &str| {
        ApiError::new(
            ErrorCode::UnsupportedOperation,
            format!("the emulator does not implement {} yet{why}", A::INFO.name),
        )
    };
    if mode == Unimplemented::Unsupported {
        return Err(unsupported(
            " (start it with `--unimplemented example` to get the documented answer instead)",
        ));
    }
    let Some(parsed) = example_answer(A::INFO.name) else {
        return Err(unsupported(
            ", and none of its documented answers fits the spec",
        ));
    };
    // A copy of the kept fields, which every answer shares, gets this answer's RequestId.
    let mut fields = parsed.clone().map_err(|e| {
        crate::actions::internal(format_args!("the documented answer is not JSON: {e}"))
    })?;
    fields.insert("RequestId".to_owned(), Value::String(request_id.to_owned()));
    // Through the typed answer, so that what is served is what the spec describes.
    let output: A::Output = serde_json::from_value(Value::Object(fields)).map_err(|e| {
        crate::actions::internal(format_args!("the documented answer does not decode: {e}"))
    })?;
    envelope::success(&output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_every_entry_is_a_json_object() {
        assert!(EXAMPLE_ANSWERS.windows(2).all(|w| w[0].0 < w[1].0));
        for (action, text) in EXAMPLE_ANSWERS {
            let value: Value = serde_json::from_str(text).unwrap();
            assert!(value.is_object(), "{action}");
            assert!(value.get("RequestId").is_none(), "{action}");
        }
        assert!(example_answer("DescribeNamespaces").is_some());
        assert!(example_answer("NoSuchAction").is_none());
    }

    #[test]
    fn each_documented_answer_is_parsed_once_and_every_answer_has_its_own_request_id() {
        type Describe =
            tcr_api::actions::describe_replication_instances::DescribeReplicationInstancesRequest;
        let name = <Describe as Action>::INFO.name;
        let first = answer::<Describe>(Unimplemented::ExampleAnswer, "id-1").unwrap();
        let index = index_of(name).unwrap();
        let kept = PARSED[index].get().expect("parsed by the first answer");
        let second = answer::<Describe>(Unimplemented::ExampleAnswer, "id-2").unwrap();
        // The second answer used the fields kept by the first, which it did not change.
        assert!(std::ptr::eq(example_answer(name).unwrap(), kept));
        assert!(kept.as_ref().unwrap().get("RequestId").is_none());
        let mut first: Value = serde_json::from_slice(&first).unwrap();
        let mut second: Value = serde_json::from_slice(&second).unwrap();
        assert_eq!(first["Response"]["RequestId"], "id-1");
        assert_eq!(second["Response"]["RequestId"], "id-2");
        first["Response"]["RequestId"] = Value::Null;
        second["Response"]["RequestId"] = Value::Null;
        assert_eq!(first, second);
    }

    #[test]
    fn every_documented_answer_decodes_into_its_typed_answer() {
        struct Check(usize);
        impl tcr_api::action::ServerActionVisitor for Check {
            fn visit<A>(&mut self)
            where
                A: Action + serde::de::DeserializeOwned,
                A::Output: Serialize,
            {
                if example_answer(A::INFO.name).is_some() {
                    let body = answer::<A>(Unimplemented::ExampleAnswer, "id-1")
                        .unwrap_or_else(|e| panic!("{}: {}", A::INFO.name, e.message));
                    let value: Value = serde_json::from_slice(&body).unwrap();
                    assert_eq!(value["Response"]["RequestId"], "id-1", "{}", A::INFO.name);
                    self.0 += 1;
                }
                let refused = answer::<A>(Unimplemented::Unsupported, "id-2").unwrap_err();
                assert_eq!(refused.code, ErrorCode::UnsupportedOperation);
            }
        }
        let mut check = Check(0);
        tcr_api::actions::visit_server_actions(&mut check);
        assert_eq!(check.0, EXAMPLE_ANSWERS.len());
    }
}
