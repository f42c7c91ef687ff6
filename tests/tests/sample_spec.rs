//! The sample spec that uses every constraint kind, generated at compile time by the
//! `tcr-macros` proc-macro: it compiles, and each constraint is enforced as stated.

tcr_macros::api!(mod sample from "../codegen/tests/fixtures/sample");

use sample::actions::{CreateWidgetRequest, CreateWidgetResponse};
use sample::types::{Color, Part, Shade};
use tcr_api::action::Action;
use tcr_api::validation::Validate;

fn valid() -> sample::actions::CreateWidgetRequestBuilder {
    CreateWidgetRequest::builder().name("gizmo-1").public(true)
}

fn problems(request: CreateWidgetRequest) -> Vec<String> {
    match request.validate() {
        Ok(()) => Vec::new(),
        Err(error) => error.violations().iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn a_valid_request_passes() {
    assert_eq!(problems(valid().build().unwrap()), Vec::<String>::new());
}

#[test]
fn each_constraint_kind_is_enforced_with_the_field_and_rule_in_words() {
    let request = valid()
        .name("X!")
        .public(false)
        .count(3)
        .colors([Color::from("blue"), Color::Red])
        .shades([Shade::from("shade:Unlisted")])
        .labels(["ok", "", "this label is far too long"])
        .part(
            Part::builder()
                .sku("abc")
                .quantity(0)
                .color("green")
                .build()
                .unwrap(),
        )
        .expires_at(-1)
        .offsets([-11, 0, 11])
        .serial_number(u64::MAX)
        .batch_ids([0, u64::MAX])
        .build()
        .unwrap();
    assert_eq!(
        problems(request),
        [
            "Name: must be 3 to 12 characters long",
            "Name: must match the pattern `^[a-z][a-z0-9-]*$`",
            "Secret: is required when `Public` is false",
            "Mode: is required when `Count` is 3",
            "Colors.0: must be one of `red`, `dark-green`, `3d`",
            "Labels.1: must be 1 to 16 characters long",
            "Labels.2: must be 1 to 16 characters long",
            "Parts.0.Sku: must match the pattern `^[A-Z]{3}-[0-9]{4}$`",
            "Parts.0.Quantity: must be between 1 and 1000",
            "Parts.0.Color: must be one of `red`, `dark-green`, `3d`",
            "ExpiresAt: must be at least 0",
            "Offsets.0: must be between -10 and 10",
            "Offsets.2: must be between -10 and 10",
            "SerialNumber: must be at most 99999999999",
            "BatchIds.0: must be at least 1",
        ]
    );
}

#[test]
fn every_character_class_is_checked() {
    let request = valid()
        .public(false)
        .secret("lowercase only")
        .build()
        .unwrap();
    assert_eq!(
        problems(request),
        [
            "Secret: must contain at least one uppercase letter",
            "Secret: must contain at least one digit",
            "Secret: must contain at least one punctuation character",
        ]
    );
    assert_eq!(
        problems(
            valid()
                .public(false)
                .secret("Sup3r-Secret")
                .build()
                .unwrap()
        ),
        Vec::<String>::new()
    );
}

#[test]
fn secrets_never_show_in_debug() {
    let request = valid()
        .public(false)
        .secret("Sup3r-Secret")
        .build()
        .unwrap();
    assert!(!format!("{request:?}").contains("Sup3r-Secret"));
    let builder = valid().secret("Sup3r-Secret");
    assert!(!format!("{builder:?}").contains("Sup3r-Secret"));
}

#[test]
fn open_enums_carry_unknown_values_and_closed_ones_are_checked() {
    let shade = Shade::from("shade:Unlisted");
    assert!(!shade.is_known());
    let json = serde_json::to_string(&shade).unwrap();
    assert_eq!(json, "\"shade:Unlisted\"");
    assert_eq!(serde_json::from_str::<Shade>(&json).unwrap(), shade);
    assert_eq!(Color::from("3d"), Color::ThreeD);
    assert_eq!(Color::KNOWN_VALUES, ["red", "dark-green", "3d"]);
}

#[test]
fn the_service_and_action_metadata_come_from_the_spec() {
    let info = <CreateWidgetRequest as Action>::INFO;
    assert_eq!(info.name, "CreateWidget");
    assert_eq!(info.rate_limit_per_second, 2);
    assert!(!info.safe_to_resend);
    assert_eq!(info.service.name, "demo");
    assert_eq!(
        info.service.regional_host_for("ap-beijing"),
        "demo.ap-beijing.tencentcloudapi.com"
    );
    use sample::error_code::ErrorCode;
    assert!(
        ErrorCode::RequestLimitExceeded
            .info()
            .unwrap()
            .refused_before_acting
    );
    let widget = ErrorCode::from("ResourceNotFound.Widget").info().unwrap();
    assert!(!widget.common);
    assert!(info.declares("ResourceNotFound.Widget") || !widget.common);
    assert!(ErrorCode::from("Not.Declared").info().is_none());
    // The service's code table is sorted, as the runtime's binary search needs.
    assert!(
        info.service
            .error_codes
            .windows(2)
            .all(|w| w[0].code < w[1].code)
    );
}

#[test]
fn answers_decode_with_every_field_optional_but_the_request_id() {
    let response: CreateWidgetResponse =
        serde_json::from_str(r#"{"RequestId": "r-1", "Unexpected": 5}"#).unwrap();
    assert_eq!(response.request_id, "r-1");
    assert!(response.widget_id.is_none() && response.created_at.is_none());
    let response: CreateWidgetResponse =
        serde_json::from_str(r#"{"RequestId": "r-2", "WidgetId": null, "ExpiresAt": 1700000000}"#)
            .unwrap();
    assert_eq!(response.expires_at.map(|t| t.get()), Some(1_700_000_000));
    let response: CreateWidgetResponse =
        serde_json::from_str(r#"{"RequestId": "r-3", "Checksum": 18446744073709551615}"#).unwrap();
    assert_eq!(response.checksum, Some(u64::MAX), "UInt64 is u64");
    assert!(
        serde_json::from_str::<CreateWidgetResponse>(r#"{"RequestId": "r-4", "Checksum": -1}"#)
            .is_err()
    );
    assert!(
        serde_json::from_str::<CreateWidgetResponse>(r#"{"WidgetId": "w"}"#).is_err(),
        "RequestId is required"
    );
}

/// A structure that contains itself through an array generates, and its rules are checked at
/// every depth.
#[test]
fn a_recursive_structure_is_validated_at_any_depth() {
    use sample::types::Assembly;
    use spec_rules::Validate;
    let leaf = Assembly::builder().label("far-too-long").build().unwrap();
    let middle = Assembly::builder()
        .label("mid")
        .sub_assemblies([leaf])
        .build()
        .unwrap();
    let root = Assembly::builder()
        .label("")
        .sub_assemblies([middle])
        .build()
        .unwrap();
    assert_eq!(
        root.validate().unwrap_err().to_string(),
        "Label: must be 1 to 8 characters long; \
         SubAssemblies.0.SubAssemblies.0.Label: must be 1 to 8 characters long"
    );
}
