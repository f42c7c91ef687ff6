//! Every documented example of every action, as a fixture: the typed request built from the
//! example's input validates and serializes to JSON equal to the example's body, and the
//! example's answer parses into the typed response without losing a field.

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
    actions_seen: Vec<&'static str>,
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
            let body: Value = serde_json::from_str(&example.input).unwrap();
            let request: A = serde_json::from_value(body.clone()).unwrap_or_else(|e| {
                panic!(
                    "{} `{}`: the input does not parse: {e}",
                    A::INFO.name,
                    example.title
                )
            });
            if let Err(error) = request.validate() {
                panic!(
                    "{} `{}`: the documented request fails validation: {error}",
                    A::INFO.name,
                    example.title
                );
            }
            assert_eq!(
                serde_json::to_value(&request).unwrap(),
                body,
                "{} `{}`: request JSON",
                A::INFO.name,
                example.title
            );

            let answer: Value = serde_json::from_str(&example.output).unwrap();
            let response = answer["Response"].clone();
            let output: A::Output = serde_json::from_value(response.clone()).unwrap_or_else(|e| {
                panic!(
                    "{} `{}`: the answer does not parse: {e}",
                    A::INFO.name,
                    example.title
                )
            });
            assert_eq!(
                serde_json::to_value(&output).unwrap(),
                response,
                "{} `{}`: answer JSON",
                A::INFO.name,
                example.title
            );
            self.examples_checked += 1;
        }
    }
}

#[test]
fn every_documented_example_round_trips_through_the_typed_api() {
    let api = spec();
    let spec_actions: Vec<String> = api.actions.iter().map(|a| a.name.clone()).collect();
    let total: usize = api.actions.iter().map(|a| a.examples.len()).sum();
    let mut visitor = RoundTrip {
        api,
        examples_checked: 0,
        actions_seen: Vec::new(),
    };
    tcr_api::actions::visit_actions(&mut visitor);
    assert_eq!(
        visitor.actions_seen, spec_actions,
        "generated actions and spec actions differ"
    );
    assert_eq!(visitor.examples_checked, total);
    assert!(total >= 4, "the four seed examples are in the spec");
}
