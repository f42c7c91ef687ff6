//! The four examples of the two seed pages, built with the typed builders: the same JSON as the
//! documentation, and the answers typed as documented.

use std::path::Path;

use serde_json::Value;
use tcr_api::actions::{
    CreateServiceAccountRequest, CreateServiceAccountResponse, ModifyServiceAccountPasswordRequest,
    ModifyServiceAccountPasswordResponse,
};
use tcr_api::primitives::{Timestamp, UnixMillis};
use tcr_api::types::{Permission, PermissionAction};
use tcr_api::validation::Validate;

fn example(action: &str, index: usize) -> (Value, Value) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec");
    let api = tcr_codegen::load_dir(&dir, "api-spec").unwrap();
    let action = api.actions.iter().find(|a| a.name == action).unwrap();
    let example = &action.examples[index];
    (
        serde_json::from_str(&example.input).unwrap(),
        serde_json::from_str(&example.output).unwrap(),
    )
}

#[test]
fn create_with_duration() {
    let request = CreateServiceAccountRequest::builder()
        .registry_id("tcr-45uu7ras")
        .name("test")
        .description("for test")
        .duration(10)
        .permission(Permission::new(
            "test",
            [
                PermissionAction::PullRepository,
                PermissionAction::PushRepository,
                PermissionAction::CreateRepository,
            ],
        ))
        .build()
        .unwrap();
    request.validate().unwrap();
    let (input, output) = example("CreateServiceAccount", 0);
    assert_eq!(serde_json::to_value(&request).unwrap(), input);

    let response: CreateServiceAccountResponse =
        serde_json::from_value(output["Response"].clone()).unwrap();
    assert_eq!(response.name, "tcr$test");
    assert_eq!(
        response.password.expose_str(),
        "oNKUtqrB5Eb68JufkVanSwuhmC4Ergn7"
    );
    assert_eq!(response.expires_at, UnixMillis::new(1_680_853_711_137));
    let created: Timestamp = "2023-03-28T15:48:31+08:00".parse().unwrap();
    assert_eq!(response.create_time, created);
    assert_eq!(created.offset_minutes(), 8 * 60);
    assert_eq!(response.request_id, "20b67612-28a0-4c51-8efb-0fe14bc23a64");
    let debug = format!("{response:?}");
    assert!(
        !debug.contains("oNKUtqrB5Eb68JufkVanSwuhmC4Ergn7"),
        "the password leaks through Debug: {debug}"
    );
}

#[test]
fn create_with_an_action_value_the_spec_does_not_list() {
    let request = CreateServiceAccountRequest::builder()
        .registry_id("abc")
        .name("abc")
        .description("abc")
        .duration(0)
        .expires_at(0)
        .disable(true)
        .permission(Permission::new("abc", ["abc"]))
        .build()
        .unwrap();
    request.validate().unwrap();
    let action = &request.permissions[0].actions[0];
    assert!(!action.is_known());
    assert_eq!(action.as_str(), "abc");
    let (input, output) = example("CreateServiceAccount", 1);
    assert_eq!(serde_json::to_value(&request).unwrap(), input);
    let parsed: CreateServiceAccountRequest = serde_json::from_value(input).unwrap();
    assert_eq!(
        parsed, request,
        "the unknown action value survives a round trip"
    );

    let response: CreateServiceAccountResponse =
        serde_json::from_value(output["Response"].clone()).unwrap();
    assert_eq!(response.expires_at, UnixMillis::new(0));
    let round_tripped = serde_json::to_value(&response).unwrap();
    assert_eq!(round_tripped["CreateTime"], "2020-09-22T00:00:00+00:00");
}

#[test]
fn rotate_to_a_random_password() {
    let request = ModifyServiceAccountPasswordRequest::builder()
        .registry_id("tcr-gijwqid7")
        .name("robot")
        .random(true)
        .build()
        .unwrap();
    request.validate().unwrap();
    let (input, output) = example("ModifyServiceAccountPassword", 0);
    assert_eq!(serde_json::to_value(&request).unwrap(), input);
    let response: ModifyServiceAccountPasswordResponse =
        serde_json::from_value(output["Response"].clone()).unwrap();
    assert_eq!(
        response.password.unwrap().expose_str(),
        "kukui1ECDL8kr9cm6W66Me8PlhHemFmC"
    );
}

#[test]
fn rotate_to_a_chosen_password() {
    let request = ModifyServiceAccountPasswordRequest::builder()
        .registry_id("tcr-gijwqid7")
        .name("robot")
        .random(false)
        .password("NewPass123")
        .build()
        .unwrap();
    request.validate().unwrap();
    let (input, _) = example("ModifyServiceAccountPassword", 1);
    assert_eq!(serde_json::to_value(&request).unwrap(), input);
    let debug = format!("{request:?}");
    assert!(
        !debug.contains("NewPass123"),
        "the password leaks through Debug: {debug}"
    );
    assert!(debug.contains("[redacted]"));
}

#[test]
fn a_missing_password_when_random_is_false_names_the_field_and_the_rule() {
    let request = ModifyServiceAccountPasswordRequest::builder()
        .registry_id("tcr-gijwqid7")
        .name("robot")
        .random(false)
        .build()
        .unwrap();
    let error = request.validate().unwrap_err();
    assert_eq!(
        error.to_string(),
        "Password: is required when `Random` is false"
    );
}

#[test]
fn every_broken_rule_is_reported_at_once() {
    let request = ModifyServiceAccountPasswordRequest::builder()
        .registry_id("r")
        .name("n")
        .random(false)
        .password("short")
        .build()
        .unwrap();
    let error = request.validate().unwrap_err();
    let messages: Vec<String> = error.violations().iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "Password: must be 8 to 20 characters long",
            "Password: must contain at least one uppercase letter",
            "Password: must contain at least one digit",
        ]
    );
    assert!(
        !error.to_string().contains("short"),
        "a message repeats the secret value"
    );
}

#[test]
fn build_names_every_missing_required_field() {
    let error = CreateServiceAccountRequest::builder()
        .description("no required field set")
        .build()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "RegistryId: is required; Name: is required; Permissions: is required"
    );
}

#[test]
fn negative_durations_and_expiry_are_refused() {
    let request = CreateServiceAccountRequest::builder()
        .registry_id("tcr-abcd1234")
        .name("robot")
        .permission(Permission::new("ns", [PermissionAction::PullRepository]))
        .duration(-1)
        .expires_at(-5)
        .build()
        .unwrap();
    let error = request.validate().unwrap_err();
    assert_eq!(
        error.to_string(),
        "Duration: must be at least 0; ExpiresAt: must be at least 0"
    );
}
