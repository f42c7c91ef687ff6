//! Every documented example of every action, as a fixture: the typed request built from the
//! example's input validates and serializes to JSON equal to the example's body, and the
//! example's answer parses into the typed response without losing a field.
//!
//! A published example kept with an `input_mismatch` or `output_mismatch` mark must fail here
//! (that is what the mark says), and one without a mark must pass: the spec's example checker
//! and the generated types agree.

use std::path::Path;

use serde_json::Value;
use tcr_api::action::{Action, ActionVisitor};

fn spec() -> tcr_codegen::Api {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec");
    tcr_codegen::load_dir(&dir, "api-spec").unwrap_or_else(|d| panic!("{}", d.render()))
}

struct RoundTrip {
    api: tcr_codegen::Api,
    examples_checked: usize,
    mismatches_confirmed: usize,
    actions_seen: Vec<&'static str>,
}

/// The request of an example, parsed, validated and written back unchanged.
fn request_round_trip<A: Action>(input: &str) -> Result<(), String> {
    let body: Value = serde_json::from_str(input).map_err(|e| format!("not JSON: {e}"))?;
    let request: A = serde_json::from_value(body.clone())
        .map_err(|e| format!("the input does not parse: {e}"))?;
    request
        .validate()
        .map_err(|e| format!("the documented request fails validation: {e}"))?;
    let written = serde_json::to_value(&request).map_err(|e| e.to_string())?;
    if written != body {
        return Err(format!("request JSON differs: {written} against {body}"));
    }
    Ok(())
}

/// The answer of an example, parsed into the typed output and written back without losing a
/// field. A `null` is read as an absent value, so it is compared as absent.
fn answer_round_trip<A: Action>(output: &str) -> Result<(), String> {
    let answer: Value = serde_json::from_str(output).map_err(|e| format!("not JSON: {e}"))?;
    let response = answer["Response"].clone();
    let typed: A::Output = serde_json::from_value(response.clone())
        .map_err(|e| format!("the answer does not parse: {e}"))?;
    let written = serde_json::to_value(&typed).map_err(|e| e.to_string())?;
    let expected = without_nulls(response);
    if written != expected {
        return Err(format!("answer JSON differs: {written} against {expected}"));
    }
    Ok(())
}

fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

impl ActionVisitor for RoundTrip {
    fn visit<A: Action>(&mut self) {
        self.actions_seen.push(A::INFO.name);
        let action = self
            .api
            .actions
            .iter()
            .find(|a| a.name == A::INFO.name)
            .expect("every generated action is in the spec");
        assert!(
            !action.examples.is_empty(),
            "{} has no documented example",
            A::INFO.name
        );
        for example in &action.examples {
            for (part, mark, result) in [
                (
                    "input",
                    &example.input_mismatch,
                    request_round_trip::<A>(&example.input),
                ),
                (
                    "output",
                    &example.output_mismatch,
                    answer_round_trip::<A>(&example.output),
                ),
            ] {
                match (mark, result) {
                    (None, Ok(())) => {}
                    (None, Err(problem)) => {
                        panic!("{} `{}`: {problem}", A::INFO.name, example.title)
                    }
                    (Some(mark), Ok(())) => panic!(
                        "{} `{}`: the {part} is marked as not fitting the spec ({mark}), but it \
                         goes through the typed API unchanged",
                        A::INFO.name,
                        example.title
                    ),
                    (Some(_), Err(_)) => self.mismatches_confirmed += 1,
                }
            }
            self.examples_checked += 1;
        }
    }
}

#[test]
fn every_documented_example_round_trips_through_the_typed_api() {
    let api = spec();
    let spec_actions: Vec<String> = api.actions.iter().map(|a| a.name.clone()).collect();
    let total: usize = api.actions.iter().map(|a| a.examples.len()).sum();
    let marked: usize = api
        .actions
        .iter()
        .flat_map(|a| &a.examples)
        .map(|e| usize::from(e.input_mismatch.is_some()) + usize::from(e.output_mismatch.is_some()))
        .sum();
    let mut visitor = RoundTrip {
        api,
        examples_checked: 0,
        mismatches_confirmed: 0,
        actions_seen: Vec::new(),
    };
    tcr_api::actions::visit_actions(&mut visitor);
    assert_eq!(
        visitor.actions_seen, spec_actions,
        "generated actions and spec actions differ"
    );
    assert_eq!(visitor.examples_checked, total);
    assert_eq!(visitor.mismatches_confirmed, marked);
    assert!(total >= 4, "the four seed examples are in the spec");
}
