//! Every documented example of every action, as a fixture: the typed request built from the
//! example's input validates and serializes to JSON equal to the example's body, and the
//! example's answer parses into the typed response without losing a field. A published example
//! marked `input_mismatch` / `output_mismatch` in the spec (listed in
//! `docs/published-examples.md`) must fail on that side, so a mark cannot outlive its reason.

use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tcr_api::action::{Action, ServerActionVisitor};

fn spec() -> tcr_codegen::Api {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec");
    tcr_codegen::load_dir(&dir, "api-spec").unwrap_or_else(|d| panic!("{}", d.render()))
}

struct RoundTrip {
    api: tcr_codegen::Api,
    examples_checked: usize,
    expected_failures: usize,
    problems: Vec<String>,
    actions_seen: Vec<&'static str>,
}

impl ServerActionVisitor for RoundTrip {
    fn visit<A>(&mut self)
    where
        A: Action + DeserializeOwned,
        A::Output: Serialize,
    {
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
        for (index, example) in action.examples.iter().enumerate() {
            let name = format!("{} #{} `{}`", A::INFO.name, index + 1, example.title);
            let input = request_round_trip::<A>(&example.input);
            match (&example.input_mismatch, input) {
                (None, Err(why)) => self.problems.push(format!("{name}: {why}")),
                (Some(reason), Ok(())) => self.problems.push(format!(
                    "{name}: marked `input_mismatch` ({reason}), but the request now goes \
                     through the typed API: remove the mark"
                )),
                _ => {}
            }
            let output = answer_round_trip::<A>(&example.output);
            match (&example.output_mismatch, output) {
                (None, Err(why)) => self.problems.push(format!("{name}: {why}")),
                (Some(reason), Ok(())) => self.problems.push(format!(
                    "{name}: marked `output_mismatch` ({reason}), but the answer now goes \
                     through the typed API: remove the mark"
                )),
                (Some(_), Err(_)) => self.expected_failures += 1,
                (None, Ok(())) => {}
            }
            if example.input_mismatch.is_some() {
                self.expected_failures += 1;
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
    let spec_marks: usize = api
        .actions
        .iter()
        .flat_map(|a| &a.examples)
        .map(|e| usize::from(e.input_mismatch.is_some()) + usize::from(e.output_mismatch.is_some()))
        .sum();
    let mut visitor = RoundTrip {
        api,
        examples_checked: 0,
        expected_failures: 0,
        problems: Vec::new(),
        actions_seen: Vec::new(),
    };
    tcr_api::actions::visit_server_actions(&mut visitor);
    assert_eq!(
        visitor.actions_seen, spec_actions,
        "generated actions and spec actions differ"
    );
    assert_eq!(visitor.examples_checked, total);
    assert!(
        visitor.problems.is_empty(),
        "{} of {total} documented examples do not go through the typed API as their marks \
         say:\n{}",
        visitor.problems.len(),
        visitor.problems.join("\n\n")
    );
    let marked: usize = spec_marks;
    assert_eq!(
        visitor.expected_failures, marked,
        "every marked example failed as expected"
    );
    assert!(total >= 4, "the four seed examples are in the spec");
}

/// The example's body parses into the typed request, validates, and serializes back to the same
/// JSON.
fn request_round_trip<A: Action + DeserializeOwned>(input: &str) -> Result<(), String> {
    let body: Value = serde_json::from_str(input).map_err(|e| format!("input is not JSON: {e}"))?;
    let request: A = serde_json::from_value(body.clone())
        .map_err(|e| format!("the input does not parse into the typed request: {e}"))?;
    request
        .validate()
        .map_err(|e| format!("the documented request fails validation: {e}"))?;
    let again = serde_json::to_value(&request).unwrap();
    if again != body {
        return Err(format!(
            "the typed request serializes to\n{again:#}\ninstead of\n{body:#}"
        ));
    }
    Ok(())
}

/// The example's answer decodes into the typed answer and encodes back to the same JSON (a
/// `null` and a missing member are the same answer: both decode to `None`).
fn answer_round_trip<A>(output: &str) -> Result<(), String>
where
    A: Action,
    A::Output: Serialize,
{
    let answer: Value =
        serde_json::from_str(output).map_err(|e| format!("output is not JSON: {e}"))?;
    let response = answer
        .get("Response")
        .cloned()
        .ok_or("the output has no `Response`")?;
    if response.get("Error").is_some() {
        return Err(format!(
            "the output is an error answer: {}",
            response["Error"]
        ));
    }
    let typed: A::Output = serde_json::from_value(response.clone())
        .map_err(|e| format!("the answer does not parse into the typed answer: {e}"))?;
    let again = without_nulls(serde_json::to_value(&typed).unwrap());
    let response = without_nulls(response);
    if again != response {
        return Err(format!(
            "the typed answer encodes to\n{again:#}\ninstead of\n{response:#}"
        ));
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
