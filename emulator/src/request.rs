//! From body bytes to a typed, validated request.
//!
//! Codes: a body that is not a JSON object, a value of the wrong type and a broken rule of the
//! spec are `InvalidParameter`; a required parameter that is absent (or `null`) is
//! `MissingParameter`; a parameter the spec does not know, at any depth and whatever its value
//! (`null` too), is `UnknownParameter`.
//! Messages name the field Tencent's way (`Permissions.0.Resource`) and the rule in words, and
//! never quote a value (it may be a password).

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use serde_path_to_error::Segment;
use tcr_api::ErrorCode;
use tcr_api::action::{Action, ActionInfo};
use tcr_api::validation::Requirement;
use tencentcloud_runtime::__private::fields;

use crate::api_error::{ApiError, short};

/// The typed, validated request of action `A` from the body's bytes.
///
/// A body the spec accepts is read in one pass, refusing unknown members as it goes. Any
/// refusal is found again the long way (the body as a JSON object, its top-level parameters
/// against the action's list, the typed request with the path of each value), which names the
/// parameter and picks the code; the long way alone decides, so both agree on what passes.
pub(crate) fn read<A: Action + DeserializeOwned>(body: &[u8]) -> Result<A, ApiError> {
    match fields::deny_unknown(|| serde_json::from_slice::<A>(body)) {
        Ok(request) => validated(request),
        Err(_) => read_the_long_way(body),
    }
}

/// What [`read`] answers, found with the parameters' paths at hand.
fn read_the_long_way<A: Action + DeserializeOwned>(body: &[u8]) -> Result<A, ApiError> {
    let params = parse_body(body)?;
    check_parameters(A::INFO, &params)?;
    decode(params)
}

/// The body as a JSON object; an empty body counts as `{}`.
fn parse_body(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(ApiError::new(
            ErrorCode::InvalidParameter,
            format!(
                "the request body must be a JSON object of parameters, not {}",
                kind(&other)
            ),
        )),
        Err(error) => Err(ApiError::new(
            ErrorCode::InvalidParameter,
            format!("the request body is not valid JSON: {error}"),
        )),
    }
}

/// Checks the top-level parameters against the action's list: none unknown, every required one
/// present and not `null`.
fn check_parameters(route: &ActionInfo, params: &Map<String, Value>) -> Result<(), ApiError> {
    for key in params.keys() {
        if !route.parameters.iter().any(|p| p.name == key) {
            let known: Vec<&str> = route.parameters.iter().map(|p| p.name).collect();
            return Err(ApiError::new(
                ErrorCode::UnknownParameter,
                format!(
                    "`{}` is not a parameter of {}; its parameters are {}",
                    short(key),
                    route.name,
                    known.join(", ")
                ),
            ));
        }
    }
    for parameter in route.parameters.iter().filter(|p| p.required) {
        if params.get(parameter.name).is_none_or(Value::is_null) {
            return Err(ApiError::new(
                ErrorCode::MissingParameter,
                format!("{} is required by {}", parameter.name, route.name),
            ));
        }
    }
    Ok(())
}

/// The typed request, with every rule of the spec checked by its `validate()`.
fn decode<A: Action + DeserializeOwned>(params: Map<String, Value>) -> Result<A, ApiError> {
    let value = Value::Object(params);
    let request: A =
        fields::deny_unknown(|| serde_path_to_error::deserialize(&value)).map_err(|error| {
            type_error(
                &value,
                error.path(),
                &error.inner().to_string(),
                A::INFO.name,
            )
        })?;
    validated(request)
}

/// `request`, once every rule of the spec holds: a missing value is `MissingParameter`, any
/// other broken rule `InvalidParameter`.
fn validated<A: Action>(request: A) -> Result<A, ApiError> {
    request.validate().map_err(|error| {
        let missing = error.violations().first().is_some_and(|v| {
            matches!(
                v.requirement,
                Requirement::Required | Requirement::RequiredWhen { .. }
            )
        });
        let code = if missing {
            ErrorCode::MissingParameter
        } else {
            ErrorCode::InvalidParameter
        };
        ApiError::new(code, error.to_string())
    })?;
    Ok(request)
}

/// The error for a value serde refused, or a member it did not know, named by its path,
/// without quoting the value.
fn type_error(
    input: &Value,
    path: &serde_path_to_error::Path,
    inner: &str,
    action: &str,
) -> ApiError {
    let segments: Vec<String> = path.iter().map(segment_name).collect();
    let name = segments.join(".");
    if inner.starts_with(fields::UNKNOWN_MEMBER) {
        return ApiError::new(
            ErrorCode::UnknownParameter,
            format!("`{}` is not a parameter of {action}", short(&name)),
        );
    }
    if let Some(rest) = inner.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        let full = if name.is_empty() {
            field.to_owned()
        } else {
            format!("{name}.{field}")
        };
        return ApiError::new(ErrorCode::MissingParameter, format!("{full} is required"));
    }
    let name = if name.is_empty() {
        "the request body".to_owned()
    } else {
        name
    };
    let actual = lookup(input, path);
    let message = match inner.rsplit_once(", expected ") {
        Some((_, expected)) => match (actual, integer_bounds(expected)) {
            // An integer where an integer is expected: it is out of the type's range (a
            // negative `UInt64`, an `Integer` past `i64`).
            (Some(Value::Number(n)), Some(bounds)) if !n.is_f64() => {
                format!("{name} is out of range: it must be {bounds}")
            }
            (Some(actual), _) => {
                format!("{name} must be {}, not {}", human(expected), kind(actual))
            }
            (None, _) => format!("{name} must be {}", human(expected)),
        },
        None => format!("{name} has a value of the wrong type or form"),
    };
    ApiError::new(ErrorCode::InvalidParameter, message)
}

fn segment_name(segment: &Segment) -> String {
    match segment {
        Segment::Seq { index } => index.to_string(),
        Segment::Map { key } => key.clone(),
        Segment::Enum { variant } => variant.clone(),
        Segment::Unknown => "?".to_owned(),
    }
}

/// The value at `path` in `input`, if the path leads somewhere.
fn lookup<'a>(input: &'a Value, path: &serde_path_to_error::Path) -> Option<&'a Value> {
    path.iter().try_fold(input, |value, segment| match segment {
        Segment::Seq { index } => value.get(index),
        Segment::Map { key } => value.get(key),
        _ => None,
    })
}

/// The values of the integer types generated code uses (`Integer` is `i64`, `UInt64` is `u64`).
fn integer_bounds(expected: &str) -> Option<String> {
    match expected {
        "i64" => Some(format!("an integer from {} to {}", i64::MIN, i64::MAX)),
        "u64" => Some(format!("an integer from 0 to {}", u64::MAX)),
        _ => None,
    }
}

/// What serde expected, said for someone who writes JSON.
fn human(expected: &str) -> String {
    match expected {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "an integer" => {
            "an integer".to_owned()
        }
        "a sequence" => "an array".to_owned(),
        "a map" => "an object".to_owned(),
        // Generated structures expect "a `Permission` object" (serde's derive said "struct …").
        e if e.starts_with("struct ") || (e.starts_with("a `") && e.ends_with("` object")) => {
            "an object".to_owned()
        }
        e => e.trim_end_matches('.').to_owned(),
    }
}

/// The JSON type of a value, with an article.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a number with a fraction",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use tcr_api::actions::{CreateServiceAccountRequest, ModifyServiceAccountPasswordRequest};

    fn map(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => unreachable!(),
        }
    }

    fn create(value: Value) -> Result<CreateServiceAccountRequest, ApiError> {
        decode(map(value))
    }

    /// Bodies of every kind that `read` may meet: valid, unknown members at each depth (with
    /// and without a value), `null`s, duplicates, wrong types, broken rules, not JSON.
    const BODIES: &[&str] = &[
        "",
        "  ",
        "{}",
        "[]",
        "null",
        "{",
        r#"{"RegistryId": "r", "Name": "n", "Permissions": []}"#,
        r#"{"RegistryId": "r", "Name": "n", "Permissions": [{"Resource": "ns", "Actions": ["tcr:PushRepository"]}]}"#,
        r#"{"RegistryId": "r", "Name": "n", "Permissions": [], "Extra": 1}"#,
        r#"{"RegistryId": "r", "Name": "n", "Permissions": [], "Extra": null}"#,
        r#"{"RegistryId": "r", "Name": "n", "Permissions": [{"Resource": "ns", "Actions": [], "Extra": {}}]}"#,
        r#"{"RegistryId": "r", "Name": "n", "Permissions": [{"Resource": "ns", "Actions": [], "Extra": null}]}"#,
        r#"{"RegistryId": "r", "Name": "n", "Name": "m", "Permissions": []}"#,
        r#"{"RegistryId": "r", "Name": null, "Permissions": []}"#,
        r#"{"RegistryId": "r", "Permissions": []}"#,
        r#"{"RegistryId": "r", "Name": "n", "Permissions": [], "Description": null}"#,
        r#"{"RegistryId": "r", "Name": "n", "Permissions": [], "Duration": "30"}"#,
        r#"{"RegistryId": "r", "Name": "n", "Permissions": [], "Duration": -1}"#,
        r#"{"RegistryId": "r", "Name": "n", "Permissions": [], "Duration": 1.5}"#,
        r#"{"RegistryId": "r", "Name": "n", "Permissions": [{"Actions": []}]}"#,
        r#"{"RegistryId": "r", "Name": "n", "Permissions": [{"Resource": null, "Actions": []}]}"#,
        r#"{"RegistryId": "r", "Name": "n", "Permissions": ["ns"]}"#,
        r#"{"R\u0065gistryId": "r", "Name": "n", "Permissions": []}"#,
    ];

    #[test]
    fn the_one_pass_and_the_long_way_agree() {
        for body in BODIES {
            assert_eq!(
                read::<CreateServiceAccountRequest>(body.as_bytes()),
                read_the_long_way::<CreateServiceAccountRequest>(body.as_bytes()),
                "{body}"
            );
        }
    }

    #[test]
    fn the_one_pass_accepts_only_what_the_long_way_accepts() {
        for body in BODIES {
            let one_pass = fields::deny_unknown(|| {
                serde_json::from_slice::<CreateServiceAccountRequest>(body.as_bytes())
            });
            if let Ok(request) = one_pass {
                assert_eq!(
                    read_the_long_way::<CreateServiceAccountRequest>(body.as_bytes()),
                    validated(request),
                    "{body}"
                );
            }
        }
    }

    proptest::proptest! {
        /// Arbitrary objects of known and unknown members with values of every JSON kind: the
        /// one pass never accepts what the long way refuses, nor reads it differently.
        #[test]
        fn agreement_on_arbitrary_objects(body in arbitrary_body()) {
            let bytes = body.to_string().into_bytes();
            let one_pass = fields::deny_unknown(|| {
                serde_json::from_slice::<CreateServiceAccountRequest>(&bytes)
            });
            if let Ok(request) = one_pass {
                proptest::prop_assert_eq!(
                    read_the_long_way::<CreateServiceAccountRequest>(&bytes),
                    validated(request)
                );
            }
            proptest::prop_assert_eq!(
                read::<CreateServiceAccountRequest>(&bytes),
                read_the_long_way::<CreateServiceAccountRequest>(&bytes)
            );
        }
    }

    fn arbitrary_body() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            Just(Value::from(1.5)),
            "[a-z]{0,3}".prop_map(Value::from),
            Just(Value::from("tcr:PushRepository")),
        ];
        let keys = prop_oneof![
            Just("RegistryId".to_owned()),
            Just("Name".to_owned()),
            Just("Permissions".to_owned()),
            Just("Resource".to_owned()),
            Just("Actions".to_owned()),
            Just("Duration".to_owned()),
            Just("Description".to_owned()),
            Just("Extra".to_owned()),
        ];
        let value = leaf.prop_recursive(3, 24, 4, move |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::from),
                proptest::collection::btree_map(keys.clone(), inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        });
        // Mostly valid requests with one member changed, and whole arbitrary objects.
        let base = json!({"RegistryId": "r", "Name": "n", "Permissions": [{"Resource": "ns", "Actions": []}]});
        prop_oneof![
            ("[A-Za-z]{1,12}", value.clone()).prop_map(move |(key, v)| {
                let mut body = base.clone();
                body[key.as_str()] = v;
                body
            }),
            value,
        ]
    }

    #[test]
    fn bodies() {
        assert_eq!(parse_body(b"").unwrap(), Map::new());
        assert_eq!(parse_body(b" {} ").unwrap(), Map::new());
        let e = parse_body(b"not json").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParameter);
        assert!(e.message.contains("not valid JSON"), "{}", e.message);
        let e = parse_body(b"[1]").unwrap_err();
        assert!(e.message.contains("not an array"), "{}", e.message);
    }

    #[test]
    fn types_are_named_by_path_without_values() {
        let e = create(json!({"RegistryId": "tcr-abcd1234", "Name": "n", "Permissions": [], "Duration": "secret30"}))
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParameter);
        assert_eq!(e.message, "Duration must be an integer, not a string");
        let e = create(json!({"RegistryId": "r", "Name": "n", "Permissions": [], "Duration": 9_223_372_036_854_775_808_u64}))
            .unwrap_err();
        assert_eq!(
            e.message,
            "Duration is out of range: it must be an integer from -9223372036854775808 to 9223372036854775807"
        );
        let e = create(json!({"RegistryId": "r", "Name": "n", "Permissions": [{"Resource": "ns", "Actions": [1]}]}))
            .unwrap_err();
        assert_eq!(
            e.message,
            "Permissions.0.Actions.0 must be a string, not an integer"
        );
        let e = create(json!({"RegistryId": "r", "Name": "n", "Permissions": ["ns"]})).unwrap_err();
        assert_eq!(e.message, "Permissions.0 must be an object, not a string");
        let e = create(json!({"RegistryId": "r", "Name": "n", "Permissions": [{"Actions": []}]}))
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::MissingParameter);
        assert_eq!(e.message, "Permissions.0.Resource is required");
    }

    #[test]
    fn uint64_parameters_take_every_u64_and_no_negative() {
        use tcr_api::actions::CreateReplicationInstanceRequest;
        let request = decode::<CreateReplicationInstanceRequest>(map(
            json!({"RegistryId": "r", "ReplicationRegionId": u64::MAX}),
        ))
        .unwrap();
        assert_eq!(request.replication_region_id, Some(u64::MAX));
        let e = decode::<CreateReplicationInstanceRequest>(map(
            json!({"RegistryId": "r", "ReplicationRegionId": -1}),
        ))
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParameter);
        assert_eq!(
            e.message,
            "ReplicationRegionId is out of range: it must be an integer from 0 to 18446744073709551615"
        );
    }

    #[test]
    fn nested_unknown_fields_are_found() {
        // `null` is no value for a known member, and no excuse for an unknown one.
        for extra in [json!(1), Value::Null] {
            let e = create(json!({"RegistryId": "r", "Name": "n", "Permissions": [{"Resource": "ns", "Actions": [], "Extra": extra}]}))
                .unwrap_err();
            assert_eq!(e.code, ErrorCode::UnknownParameter);
            assert!(
                e.message.starts_with("`Permissions.0.Extra`"),
                "{}",
                e.message
            );
        }
        assert!(
            create(json!({"RegistryId": "r", "Name": "n", "Permissions": [], "Description": null}))
                .is_ok()
        );
    }

    #[test]
    fn rules_come_from_validate() {
        let e = decode::<ModifyServiceAccountPasswordRequest>(map(
            json!({"RegistryId": "r", "Name": "n", "Random": false, "Password": "lowercase1"}),
        ))
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParameter);
        assert_eq!(
            e.message,
            "Password: must contain at least one uppercase letter"
        );
        let e = decode::<ModifyServiceAccountPasswordRequest>(map(
            json!({"RegistryId": "r", "Name": "n", "Random": false}),
        ))
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::MissingParameter);
        let e = create(json!({"RegistryId": "r", "Name": "n", "Permissions": [], "Duration": -1}))
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParameter);
        assert_eq!(e.message, "Duration: must be at least 0");
    }
}
